"""The widget in Spanish (data-lang, lang=) and its crisis panel; it never uses our cookie."""

from __future__ import annotations

from tests.factories import TherapistFactory

FRAME = "/widget/frame"


def _frame(client, new, **params):
    response = client.get(FRAME, query_string={"key": new.public_id, **params})
    assert response.status_code == 200
    return response


def test_frame_in_spanish_carries_its_language_and_sets_no_cookie(client, make_partner):
    TherapistFactory(name="Ana")
    _partner, new = make_partner()
    response = _frame(client, new, lang="es", location="Portland, OR")
    html = response.get_data(as_text=True)
    assert '<html lang="es"' in html
    assert "Buscar un terapeuta de TIP" in html
    assert "1 terapeuta encontrado cerca de Portland, OR" in html
    assert "millas" in html
    assert '<input type="hidden" name="lang" value="es">' in html  # the next search too
    assert "Set-Cookie" not in response.headers


def test_frame_ignores_the_sites_language_cookie(client, make_partner):
    _partner, new = make_partner()
    client.set_cookie("lang", "es")
    html = _frame(client, new).get_data(as_text=True)
    assert '<html lang="en"' in html
    spanish = client.get(
        FRAME, query_string={"key": new.public_id}, headers={"Accept-Language": "es"}
    ).get_data(as_text=True)
    assert '<html lang="es"' in spanish


def test_crisis_words_in_the_widget_lead_with_the_services(client, make_partner):
    _partner, new = make_partner()
    html = _frame(client, new, location="my husband hits me").get_data(as_text=True)
    panel = html[html.index("w-crisis-panel") :]
    assert 'data-crisis-kinds="abuse"' in html
    assert panel.index("tel:1-800-799-7233") < panel.index("tel:911")
    assert html.index("w-crisis-panel") < html.index("<h1")
    spanish = _frame(client, new, location="quiero morir", lang="es").get_data(as_text=True)
    assert "988 Línea de Prevención del Suicidio y Crisis" in spanish
    assert "No tiene que pasar por esto a solas" in spanish


def test_no_panel_without_danger(client, make_partner):
    _partner, new = make_partner()
    html = _frame(client, new, location="Portland, OR").get_data(as_text=True)
    assert "w-crisis-panel" not in html
