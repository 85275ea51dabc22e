from app import create_app


def test_config_override_is_applied(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"


def test_postgres_urls_use_psycopg3(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    from app.core.config import instance_secret_key

    first = instance_secret_key(str(tmp_path))
    assert len(first) > 40
    assert instance_secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_health_and_security_headers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/readyz").get_json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "current",
        "rate_limits": "per-process memory",
    }


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    body = response.get_json()
    assert body["code"] == 404
    assert body["status"] == "Not Found"


def test_trusted_proxy_supplies_the_client_address(monkeypatch):
    from flask import request

    app = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "TRUSTED_PROXIES": 1}
    )

    @app.get("/whoami")
    def whoami():
        return request.remote_addr

    client = app.test_client()
    assert client.get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"}).text == "203.0.113.9"
    untrusting = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    untrusting.add_url_rule("/whoami", view_func=whoami)
    assert (
        untrusting.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"}).text
        != "203.0.113.9"
    )


def test_a_bad_number_in_the_environment_is_named(monkeypatch):
    import pytest

    from app.core.config import ConfigError

    monkeypatch.setenv("SEARCH_RESPONSE_CACHE_MB", "lots")
    with pytest.raises(ConfigError, match="SEARCH_RESPONSE_CACHE_MB must be a whole number"):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    monkeypatch.setenv("SEARCH_RESPONSE_CACHE_MB", "-1")
    with pytest.raises(ConfigError, match="must not be negative"):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_password_hash_costs_default_to_owasps_minimum_and_never_go_below_it(monkeypatch):
    import pytest

    from app.core.config import ConfigError, build_config

    config = build_config("/nonexistent-instance", {"SECRET_KEY": "x"})
    assert (config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_KIB"]) == (2, 19456)
    monkeypatch.setenv("PASSWORD_HASH_MEMORY_KIB", "65536")
    assert (
        build_config("/nonexistent-instance", {"SECRET_KEY": "x"})["PASSWORD_HASH_MEMORY_KIB"]
        == 65536
    )
    monkeypatch.setenv("PASSWORD_HASH_MEMORY_KIB", "1024")
    with pytest.raises(ConfigError, match="PASSWORD_HASH_MEMORY_KIB must be at least 19456"):
        build_config("/nonexistent-instance", {"SECRET_KEY": "x"})
    monkeypatch.delenv("PASSWORD_HASH_MEMORY_KIB")
    monkeypatch.setenv("PASSWORD_HASH_TIME_COST", "1")
    with pytest.raises(ConfigError, match="PASSWORD_HASH_TIME_COST must be at least 2"):
        build_config("/nonexistent-instance", {"SECRET_KEY": "x"})
