"""The real app plus one slow route, served by gunicorn in test_graceful_shutdown.

``/slow`` creates the file ``$SLOW_STARTED`` once it is running, then answers only when the test
has created ``$SLOW_RELEASE`` (after it sent SIGTERM): the request is in flight when the signal
arrives, however loaded the machine, and nobody waits longer than needed.
"""

import os
import time
from pathlib import Path

from app import create_app

app = create_app(
    {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", "sqlite://"),
        "SECRET_KEY": "test-secret-key-not-for-production",
    }
)


@app.get("/slow")
def slow():
    Path(os.environ["SLOW_STARTED"]).touch()
    release = Path(os.environ["SLOW_RELEASE"])
    deadline = time.monotonic() + 20
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # still working a moment after the test has let go
    return "finished" if release.exists() else "never released"
