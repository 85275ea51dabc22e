"""The crisis panel leads with the services for what was found, whatever else is wrong with the
search; the site's own typeahead has its own allowance and the same crisis check."""

from __future__ import annotations

import pytest

from tests.seeker.conftest import perinatal_therapist


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<main") :]


@pytest.mark.parametrize(
    "args",
    [
        {"condition": "my husband hits me"},  # no location at all
        {"condition": "my husband hits me", "location": "Nowhereville, ZZ"},  # unknown place
        {"condition": "my husband hits me", "location": "x" * 150},  # too long
        {"condition": "my husband hits me", "location": "97204", "radius_mi": "9999"},
        {"location": "my husband hits me"},  # typed into the wrong box
    ],
)
def test_panel_appears_whatever_else_is_wrong(client, args):
    response = client.get("/search", query_string=args)
    main = _main(response)
    assert "crisis-panel" in main, response.status_code
    panel = main[main.index("crisis-panel") : main.index("</section>")]
    assert 'data-crisis-kinds="abuse"' in panel
    # the National Domestic Violence Hotline leads
    first_call = panel.index('href="tel:')
    assert panel[first_call:].startswith('href="tel:1-800-799-7233"')
    assert "START" in panel  # text START to 88788


def test_panel_leads_on_a_form_with_errors_and_the_errors_are_still_shown(client):
    response = client.get("/search", query_string={"condition": "i want to end my life"})
    assert response.status_code == 422
    main = _main(response)
    assert main.index("crisis-panel") < main.index("error-summary")
    assert 'href="tel:988"' in main[: main.index("error-summary")]
    assert "Enter a location" in main


def test_postpartum_psychosis_leads_with_911_and_is_not_a_perinatal_search(client):
    perinatal_therapist()
    main = _main(
        client.get(
            "/search", query_string={"location": "97204", "condition": "postpartum psychosis"}
        )
    )
    panel = main[main.index("crisis-panel") : main.index("</section>")]
    assert panel.index('href="tel:911"') < panel.index('href="tel:988"')
    understood = main[main.index('class="understood"') :]
    understood = understood[: understood.index("</p>")]
    assert "erinatal" not in understood


def test_no_panel_for_an_ordinary_search(client):
    perinatal_therapist()
    main = _main(
        client.get(
            "/search", query_string={"location": "97204", "condition": "this job is killing me"}
        )
    )
    assert "crisis-panel" not in main


def test_spanish_panel_in_spanish(client):
    main = _main(client.get("/search", query_string={"condition": "quiero morir", "lang": "es"}))
    panel = main[main.index("crisis-panel") : main.index("</section>")]
    assert "No tiene que pasar por esto a solas" in panel
    assert "988 Línea de Prevención del Suicidio y Crisis" in panel
    assert "AYUDA" in panel


def test_suggestions_have_their_own_allowance_and_the_crisis_check(client):
    # spend the anonymous API allowance (60 a minute per address by default)
    for _ in range(61):
        last = client.get("/api/v1/conditions/resolve", query_string={"q": "grief"})
    assert last.status_code == 429
    response = client.get("/suggest/conditions", query_string={"q": "i dont want to live"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["crisis"] is True
    assert body["safety"]["kinds"] == ["suicide"]
    assert body["safety"]["resources"][0]["id"] == "988"
    assert response.headers["Cache-Control"] == "no-store"
    body = client.get(
        "/suggest/conditions", query_string={"q": "depresion", "lang": "es"}
    ).get_json()
    assert body["matches"][0]["label"] == "Depresión"
    assert body["safety"] is None
    assert client.get("/suggest/conditions", query_string={"q": ""}).get_json()["matches"] == []
