"""The widget's one box: the same sentence search as the directory's pages, inside the frame."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

from app.core.extensions import db
from app.partners.services import Presets
from tests.partners.test_widget import _frame

SENTENCE = "postpartum depression, I live in Portland, OR"


def chips(html: str) -> dict[str, str]:
    found = re.findall(r'<a class="w-chip" href="([^"]+)"[^>]*>([^<]+) <span', html)
    return {label.strip(): html_lib.unescape(href) for href, label in found}


def test_the_frame_leads_with_the_box_and_folds_the_fields(client, partner_key):
    _partner, new = partner_key
    html = _frame(client, new).get_data(as_text=True)
    assert '<label for="w-q">' in html
    assert html.index('name="q"') < html.index("More options") < html.index('name="location"')
    assert "<script>" not in html


def test_a_sentence_searches_and_shows_removable_chips(client, partner_key, portland):
    _partner, new = partner_key
    response = _frame(client, new, q=SENTENCE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "1 therapist found" in html
    assert "Grace Hopper" in html
    got = chips(html)
    condition_chip = "Perinatal &amp; postpartum depression and Depression"
    assert list(got) == [condition_chip, "Portland, OR"]
    args = parse_qs(urlsplit(got[condition_chip]).query)
    assert args["q"] == [SENTENCE]
    assert args["ignore"] == ["condition"]
    assert args["key"] == [new.public_id]  # the embedding's settings are carried
    html = client.get(got[condition_chip]).get_data(as_text=True)
    assert "3 therapists found" in html
    assert list(chips(html)) == ["Portland, OR"]


def test_the_condition_select_left_at_its_default_does_not_override_the_sentence(
    client, partner_key, portland
):
    _partner, new = partner_key
    html = _frame(client, new, q=SENTENCE, condition="", auto_condition="").get_data(as_text=True)
    assert "1 therapist found" in html
    # a condition the visitor chose in "More options" wins over the sentence
    html = _frame(client, new, q=SENTENCE, condition="depression", auto_condition="").get_data(
        as_text=True
    )
    assert "3 therapists found" in html


def test_no_place_in_the_sentence_asks_for_it(client, partner_key, portland):
    _partner, new = partner_key
    html = _frame(client, new, q="postpartum depression").get_data(as_text=True)
    assert 'id="w-location-error"' in html
    assert "Where are you?" in html
    assert '<details class="w-more" open>' in html
    html = _frame(client, new, q="postpartum depression", location="Portland, OR").get_data(
        as_text=True
    )
    assert "1 therapist found" in html


def test_a_partners_preset_place_is_used_when_the_sentence_has_none(client, make_partner, portland):
    _partner, new = make_partner(presets=Presets(location="Portland, OR", radius_mi=50))
    html = _frame(client, new, q="postpartum depression").get_data(as_text=True)
    assert "1 therapist found" in html
    html = _frame(client, new, q="postpartum depression in Miami").get_data(as_text=True)
    assert "within 50 miles of Portland, OR" in html  # outside the partner's region
    assert "therapist found" not in html


def test_nothing_to_search_and_crisis_words(client, partner_key):
    _partner, new = partner_key
    html = _frame(client, new, q="😀😀").get_data(as_text=True)
    assert 'id="w-q-error"' in html
    html = _frame(client, new, q="i want to kill myself").get_data(as_text=True)
    assert 'data-crisis-kinds="suicide' in html  # the crisis panel, first
    assert 'id="w-q-error"' in html
    html = _frame(client, new, q="x" * 5000).get_data(as_text=True)
    assert 'id="w-q-error"' in html


def test_hostile_sentence_is_escaped(client, partner_key, portland):
    _partner, new = partner_key
    html = _frame(client, new, q="<script>alert(1)</script> Portland, OR").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_a_partners_preset_condition_left_as_shown_does_not_override_the_sentence(
    client, make_partner, portland
):
    _partner, new = make_partner(presets=Presets(conditions=["perinatal-depression", "grief"]))
    html = _frame(client, new).get_data(as_text=True)
    assert 'name="auto_condition" value="perinatal-depression"' in html
    # the visitor writes a sentence and leaves the select as it was shown
    html = _frame(
        client,
        new,
        q="depression in Portland, OR",
        condition="perinatal-depression",
        auto_condition="perinatal-depression",
    ).get_data(as_text=True)
    assert "3 therapists found" in html
    # choosing another preset in "More options" wins
    html = _frame(
        client,
        new,
        q="depression in Portland, OR",
        condition="grief",
        auto_condition="perinatal-depression",
    ).get_data(as_text=True)
    assert '<option value="grief" selected>' in html
    assert "3 therapists found" not in html


def add_form(html: str) -> tuple[dict[str, str], list[str]]:
    """The "Add to your search" form: its hidden values and the names of its fields."""
    match = re.search(r'<details class="w-add">(.*?)</details>', html, re.S)
    assert match, "no 'Add to your search' form"
    form = match.group(1)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    tags = re.findall(r"<(?:select|input)\b[^>]*>", form)
    fields = [
        re.search(r'name="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
        for tag in tags
        if 'type="hidden"' not in tag
    ]
    return {k: html_lib.unescape(v) for k, v in hidden.items()}, fields


def test_add_to_your_search_offers_what_the_sentence_did_not_say(client, partner_key, portland):
    _partner, new = partner_key
    html = _frame(client, new, q=SENTENCE).get_data(as_text=True)
    hidden, fields = add_form(html)
    assert "Add to your search" in html
    # the sentence gave a condition and a place; the rest can be added
    assert fields == ["insurance", "age_group", "language", "online"]
    assert hidden["q"] == SENTENCE
    assert hidden["key"] == new.public_id  # the embedding's settings are carried
    assert "condition" not in hidden


def test_what_is_added_searches_and_is_a_removable_chip(client, partner_key, portland):
    _partner, new = partner_key
    portland["grace"].languages = ["en", "es"]
    db.session.commit()
    hidden, _fields = add_form(_frame(client, new, q=SENTENCE).get_data(as_text=True))
    html = _frame(client, new, **hidden, language="es").get_data(as_text=True)
    assert "1 therapist found" in html
    got = chips(html)
    assert list(got)[-1] == "Speaks Spanish"
    _hidden, fields = add_form(html)
    assert "language" not in fields  # no longer missing
    # removing the added chip drops the parameter, not the sentence
    args = parse_qs(urlsplit(got["Speaks Spanish"]).query)
    assert "language" not in args
    assert args["q"] == [SENTENCE]


def test_nothing_to_add_without_a_sentence_or_with_bad_values(client, partner_key, portland):
    _partner, new = partner_key
    html = _frame(client, new, location="Portland, OR").get_data(as_text=True)
    assert 'class="w-add"' not in html  # the fields are under "More options"
    html = _frame(client, new, q=SENTENCE, language="xx", age_group="<b>").get_data(as_text=True)
    assert "1 therapist found" in html  # unknown values are ignored, as the other options are
    assert "&lt;b&gt;" not in html
