"""Database outages: friendly 503s with Retry-After, no stack traces, and recovery by itself."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest
import sqlalchemy as sa

from app import create_app
from tests.factories import TherapistFactory


class TcpProxy:
    """A stoppable TCP forwarder: stopping it is the database 'going away' mid-service."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def stop(self) -> None:
        if self._listener:
            with contextlib.suppress(OSError):  # wakes accept(); close() alone would not
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for conn in self._conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            except OSError:
                pass
        self._conns.clear()


def _assert_unavailable(client) -> None:
    api = client.get("/api/v1/search", query_string={"location": "97204"})
    assert api.status_code == 503
    assert api.headers["Retry-After"].isdigit()
    body = api.get_json()
    assert body["code"] == 503
    assert "unavailable" in body["message"]
    assert "Traceback" not in api.get_data(as_text=True)
    page = client.get("/api/v1/therapists/1", headers={"Accept": "text/html"})
    assert page.status_code == 503
    ready = client.get("/readyz")
    assert ready.status_code == 503


def test_a_closed_database_port_gives_503s_not_stack_traces(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:1/none",
            "SECRET_KEY": "x",
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "connect_args": {"connect_timeout": 2},
            },
        }
    )
    _assert_unavailable(app.test_client())
    assert app.test_client().get("/healthz").status_code == 200  # the process itself is alive


@pytest.mark.commits  # a second app, through a proxy, reads the test's profile
def test_database_outage_and_recovery(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the outage is simulated between the app and PostgreSQL")
    TherapistFactory()
    url = sa.make_url(database_url)
    proxy = TcpProxy(url.port or 5432)
    proxy.start()
    proxied = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url.set(host="127.0.0.1", port=proxy.port).render_as_string(
                hide_password=False
            ),
            "SECRET_KEY": "x",
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "connect_args": {"connect_timeout": 2},
            },
        }
    )
    client = proxied.test_client()
    try:
        assert (
            client.get("/api/v1/search", query_string={"location": "97204"}).get_json()["total"]
            == 1
        )
        proxy.stop()
        _assert_unavailable(client)
        proxy.start()
        response = client.get("/api/v1/search", query_string={"location": "97204"})
        assert response.status_code == 200
        assert response.get_json()["total"] == 1
        assert client.get("/readyz").status_code == 200
    finally:
        proxy.stop()
        with proxied.app_context():
            from app.core.extensions import db

            db.engine.dispose()


@pytest.mark.parametrize(("fail_open", "status"), [(True, 200), (False, 503)])
def test_redis_down_follows_the_documented_fail_open_setting(fail_open, status, monkeypatch):
    from app.core.extensions import limiter

    # Flask-Limiter reads this setting only on its first init_app; one app per process in
    # production, but tests build many, so let this app's value count.
    monkeypatch.setattr(limiter, "_swallow_errors", None)
    app = create_app(
        {
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",  # nothing listens there
            "RATELIMIT_SWALLOW_ERRORS": fail_open,
        }
    )
    response = app.test_client().get("/api/v1/geocode", query_string={"q": "97204"})
    assert response.status_code == status
    if status == 503:
        assert response.headers["Retry-After"].isdigit()
        assert response.get_json()["code"] == 503
