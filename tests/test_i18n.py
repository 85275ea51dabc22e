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


def test_lang_link_sets_the_cookie_and_the_switch_is_on_every_page(client):
    response = client.get("/what-is-ipt?lang=es")
    assert "lang=es" in response.headers["Set-Cookie"]
    assert "Max-Age" in response.headers["Set-Cookie"]
    html = response.get_data(as_text=True)
    assert "¿Qué es la Psicoterapia Interpersonal (TIP)?" in html
    assert 'href="/what-is-ipt?lang=en"' in html  # the switch: a plain link, no JavaScript
    assert 'aria-current="true">Español</a>' in html
    # the cookie now chooses Spanish, over the browser's English
    html = client.get("/crisis", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Ayuda ahora mismo" in html
    assert "Accept-Language" in client.get("/").headers["Vary"]


def test_api_and_widget_never_set_the_language_cookie(client):
    response = client.get("/api/v1/conditions/resolve?q=grief&lang=es")
    assert "Set-Cookie" not in response.headers
    assert response.get_json()["matches"][0]["label"] == "Duelo y pérdida"


def test_each_request_gets_its_own_language(client):
    assert "Help right now" in client.get("/crisis?lang=en").get_data(as_text=True)
    assert "Ayuda ahora mismo" in client.get("/crisis?lang=es").get_data(as_text=True)
    assert "Help right now" in client.get("/crisis?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/what-is-ipt", "/crisis", "/therapists/nobody"])
def test_spanish_pages_have_no_untranslated_chrome(client, path):
    html = client.get(path + "?lang=es").get_data(as_text=True)
    for english in ("Skip to main content", "If you need help now", "Crisis help", "More help"):
        assert english not in html, english
