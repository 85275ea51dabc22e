"""gunicorn settings: `make serve`, or `gunicorn -c gunicorn.conf.py wsgi:app`.

Each environment variable below has a safe default for one machine; see README, Deploy.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threads share one search index per worker process; processes give CPU parallelism.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, in-flight requests get this long to finish before workers are stopped.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Our JSON request log (app/core/request_log.py) replaces the access log: it leaves out query
# strings and tokens.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's own error log, as JSON lines through the app's privacy filter: gunicorn writes
# "Invalid request from ip=<client address>: <raw request line>" for malformed requests, and
# neither the address nor the line (which can hold a token or an e-mail address) may be logged.
_JSON_HANDLER = {
    "class": "logging.StreamHandler",
    "formatter": "json",
    "filters": ["privacy"],
    "stream": "ext://sys.stderr",
}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "INFO", "handlers": ["json"]},
    "loggers": {
        "gunicorn.error": {
            "level": loglevel.upper(),
            "handlers": ["json"],
            "propagate": False,
            "qualname": "gunicorn.error",
        },
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
    "handlers": {"json": _JSON_HANDLER},
    "formatters": {"json": {"()": "app.core.request_log.JsonFormatter"}},
    "filters": {"privacy": {"()": "app.core.request_log.PrivacyFilter"}},
}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Warm the worker up before it takes traffic (search index, lexicons, supervisor pool,
    access figures: app/ops/warmup.py), so no seeker waits for them. WARM_UP=0: off."""
    from app.ops.warmup import warm_up

    warm_up(worker.wsgi)
