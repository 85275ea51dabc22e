"""Defect 1 (issue #13): the partner API answers 503 with Retry-After while the database is down,
also when a partner key has to be checked against the database."""

from __future__ import annotations

from app import create_app

WELL_FORMED_KEY = "ipt_abcdefghijkl_" + "A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6"


def _down_app():
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:1/none",
            "SECRET_KEY": "x",
            "PARTNER_KEY_CACHE_SECONDS": 0,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "connect_args": {"connect_timeout": 2},
            },
        }
    )


def test_partner_api_with_a_key_gives_503_while_the_database_is_down():
    client = _down_app().test_client()
    for path in ("/api/v1/search?location=97204", "/api/v1/therapists/1", "/api/v1/geocode?q=x"):
        for _ in range(2):  # every time, not only the first
            response = client.get(
                path, headers={"X-API-Key": WELL_FORMED_KEY, "Origin": "https://a.example"}
            )
            assert response.status_code == 503, (path, response.get_data(as_text=True)[:300])
            assert response.headers["Retry-After"].isdigit()
            assert response.get_json()["code"] == 503
