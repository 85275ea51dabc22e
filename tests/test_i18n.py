"""Which language a page is answered in: ?lang=, then the cookie, then Accept-Language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("", None, None, "en"),
        ("?lang=es", None, None, "es"),
        ("", None, "es-MX,es;q=0.9,en;q=0.5", "es"),
        ("", "es", "en-US", "es"),
        ("?lang=en", "es", "es", "en"),
        ("?lang=klingon", None, "es", "es"),  # unknown lang falls back without an error
        ("?lang=xx", None, None, "en"),
    ],
)
def test_page_language(client, query, cookie, accept, expected):
    if cookie:
        client.set_cookie("lang", cookie)
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/what-is-ipt" + query, headers=headers)
    assert response.status_code == 200
    assert f'<html lang="{expected}"'.encode() in response.data
