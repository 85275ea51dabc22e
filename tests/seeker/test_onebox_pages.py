"""The one box on the seeker pages: a sentence becomes chips, each removable with JavaScript off."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

from app.core.extensions import db
from app.directory.models import Specialty
from tests.factories import LicenceFactory, LocationFactory, TherapistFactory

AUSTIN = {"city": "Austin", "state": "TX", "zip": "78701", "lat": 30.2672, "lon": -97.7431}
SENTENCE = "my 15 year old daughter is so anxious, we live in Austin and have Aetna"


def texan(name: str, insurance=("aetna",), condition: str = "anxiety"):
    t = TherapistFactory(
        name=name,
        insurance=list(insurance),
        age_groups=["adolescents", "adults"],
        locations=[LocationFactory.build(**AUSTIN)],
        licences=[LicenceFactory.build(state="TX")],
        specialties=[Specialty(condition_slug=condition, is_primary=True)],
    )
    db.session.commit()
    return t


def page(client, **params):
    response = client.get("/search", query_string=params)
    return response, response.get_data(as_text=True)


def chips(html: str) -> dict[str, str]:
    """Chip label -> the link that removes it."""
    found = re.findall(r'<a class="chip" href="([^"]+)"[^>]*>([^<]+) <span class="chip-x"', html)
    return {label.strip(): html_lib.unescape(href) for href, label in found}


def test_a_sentence_shows_what_was_understood_as_removable_chips(client):
    texan("Ada Aetna")
    texan("Bea Cigna", insurance=("cigna",))
    response, html = page(client, q=SENTENCE)
    assert response.status_code == 200
    assert "1 IPT therapist near Austin, TX" in html
    got = chips(html)
    assert list(got) == ["Teens", "Anxiety", "Austin, TX", "Aetna"]
    # removing one chip is a plain link: the same search without that piece
    url = got["Aetna"]
    assert parse_qs(urlsplit(url).query) == {"q": [SENTENCE], "ignore": ["insurance"]}
    response, html = page(client, **{k: v[0] for k, v in parse_qs(urlsplit(url).query).items()})
    assert list(chips(html)) == ["Teens", "Anxiety", "Austin, TX"]
    assert "2 IPT therapists near Austin, TX" in html
    # and the next one, keeping the first removal
    url = chips(html)["Teens"]
    assert parse_qs(urlsplit(url).query)["ignore"] == ["age_group,insurance"]


def test_more_options_are_prefilled_from_the_sentence_and_only_changes_win(client):
    texan("Ada Aetna")
    texan("Bea Cigna", insurance=("cigna",))
    _, html = page(client, q=SENTENCE)
    assert 'name="auto_location" value="Austin, TX"' in html
    assert 'id="location" name="location" value="Austin, TX"' in html
    assert 'name="auto_insurance" value="Aetna"' in html
    # the form sent back unchanged, with a new sentence: the sentence decides, on a clean address
    response = client.get(
        "/search",
        query_string={
            "q": "anxious teen in Austin, we have Cigna",
            "location": "Austin, TX",
            "auto_location": "Austin, TX",
            "insurance": "Aetna",
            "auto_insurance": "Aetna",
            "telehealth": "include",
            "auto_telehealth": "include",
            "radius_mi": "25",
            "auto_q": SENTENCE,
            "ignore": "age_group",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/search?q=anxious+teen+in+Austin,+we+have+Cigna"
    # an option the person changed wins over the sentence
    response = client.get(
        "/search",
        query_string={
            "q": SENTENCE,
            "auto_q": SENTENCE,
            "insurance": "Cigna",
            "auto_insurance": "Aetna",
        },
    )
    target = response.headers["Location"]
    _, html = page(client, **{k: v[0] for k, v in parse_qs(urlsplit(target).query).items()})
    assert "Cigna" in chips(html)
    assert "Aetna" not in chips(html)
    assert "Bea Cigna" in html


def test_no_place_asks_only_for_the_place_and_keeps_the_rest(client):
    texan("Ada Aetna")
    response, html = page(client, q="my teen is so anxious, we have Aetna")
    assert response.status_code == 422
    assert "<h1>Where are you?</h1>" in html
    assert re.findall(r'class="chip chip-static">([^<]+)<', html) == ["Teens", "Anxiety", "Aetna"]
    assert 'type="hidden" name="q" value="my teen is so anxious, we have Aetna"' in html
    assert 'name="location"' in html
    assert 'name="condition"' not in html  # nothing else is asked again
    response, html = page(client, q="my teen is so anxious, we have Aetna", location="Austin, TX")
    assert response.status_code == 200
    assert list(chips(html)) == ["Teens", "Anxiety", "Aetna", "Austin, TX"]
    assert "Ada Aetna" in html


def test_removing_the_place_chip_asks_for_another_place(client):
    texan("Ada Aetna")
    _, html = page(client, q=SENTENCE)
    url = chips(html)["Austin, TX"]
    response, html = page(client, **{k: v[0] for k, v in parse_qs(urlsplit(url).query).items()})
    assert response.status_code == 422
    assert "<h1>Where are you?</h1>" in html
    assert 'name="ignore"' not in html  # the new place is not ignored


def test_missing_pieces_can_be_added(client):
    texan("Ada Aetna")
    _, html = page(client, q="anxiety in Austin")
    assert "Add to your search" in html
    form = html[html.index('class="add-form"') :]
    form = form[: form.index("</form>")]
    for name in ("insurance", "age_group", "language", "telehealth"):
        assert f'name="{name}"' in form
    assert 'name="condition"' not in form  # already there
    assert 'type="hidden" name="q" value="anxiety in Austin"' in form


def test_a_crisis_sentence_alone_gets_crisis_help_and_the_box_again(client):
    response, html = page(client, q="i want to kill myself")
    assert response.status_code == 422
    assert "crisis-panel" in html
    assert html.index("crisis-panel") < html.index("<h1>")
    assert 'href="tel:988"' in html
    assert 'id="q-error"' in html


def test_a_crisis_sentence_with_a_place_shows_help_first_and_results(client):
    texan("Ada Aetna", condition="depression")
    _, html = page(client, q="i feel like ending it all, need someone in Austin")
    assert "crisis-panel" in html
    assert "Ada Aetna" in html


def test_a_spanish_sentence_is_understood(client):
    t = texan("Ada Aetna")
    t.languages = ["en", "es"]
    db.session.commit()
    response, html = page(client, q="busco terapeuta que hable español para mi ansiedad en Austin")
    assert response.status_code == 200
    assert list(chips(html)) == ["Speaks Spanish", "Anxiety", "Austin, TX"]


def test_hostile_text_in_the_sentence_is_escaped(client):
    texan("Ada Aetna")
    _, html = page(client, q='<script>alert(1)</script> anxiety in Austin "><img src=x>')
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x>" not in html
    assert "&lt;script&gt;" in html


def test_the_old_parameter_links_still_work(client):
    texan("Ada Aetna")
    response, html = page(client, location="Austin, TX", insurance="Aetna")
    assert response.status_code == 200
    assert list(chips(html)) == ["Austin, TX", "Aetna"]
    assert parse_qs(urlsplit(chips(html)["Aetna"]).query) == {"location": ["Austin, TX"]}


def test_in_spanish_the_box_chips_and_questions_are_spanish(client):
    t = texan("Ada Aetna")
    t.languages = ["en", "es"]
    db.session.commit()
    response = client.get("/", query_string={"lang": "es"})
    assert "Cuéntenos qué le pasa y dónde está" in response.get_data(as_text=True)
    _, html = page(
        client, q="busco terapeuta que hable español para mi ansiedad en Austin", lang="es"
    )
    assert list(chips(html)) == ["Habla español", "Ansiedad", "Austin, TX"]
    assert "Quitar “Ansiedad” de su búsqueda" in html
    response, html = page(client, q="tengo ansiedad, tengo Aetna", lang="es")
    assert response.status_code == 422
    assert "¿Dónde está usted?" in html
