# ruff: noqa: F811 - the fixtures imported from the other browser tests are used by name
"""Spanish, end to end in a real browser; the crisis panel with no location; axe-core on the
Spanish pages; the widget with data-lang="es"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_seeker import (  # noqa: F401 - fixture
    PAGES,
    follow,
    listings,
    open_options,
)
from tests.browser.test_widget import (  # noqa: F401 - fixtures, by name
    partner_site,
    snippet,
    therapists,
    widget,
)

pytestmark = pytest.mark.browser

MENSAJE = "Hola, tuve un bebé en marzo y me está costando mucho. ¿Tiene horario los martes?"


@pytest.fixture
def spanish_page(browser):
    """A visitor whose browser asks for Spanish (Accept-Language: es-US)."""
    context = browser.new_context(locale="es-US")
    page = context.new_page()
    yield page
    context.close()


def test_spanish_search_results_profile_and_contact(spanish_page, live_server, listings, outbox):
    page = spanish_page
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Encuentre un terapeuta formado en Psicoterapia Interpersonal"
    )
    open_options(page)
    page.get_by_label("¿Dónde está usted?").fill("Portland, OR")
    page.get_by_label("¿Con qué le gustaría recibir ayuda?").fill("depresion posparto")
    page.get_by_label("Seguro médico (opcional)").fill("BCBS")
    page.get_by_role("button", name="Buscar", exact=True).last.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"2 terapeutas de TIP cerca de Portland, OR")
    )
    first = page.locator("ol.results > li").nth(0)
    reasons = first.locator(".why")  # the reasons, with the score breakdown
    expect(reasons).to_contain_text("Se especializa en depresión perinatal")
    expect(reasons).to_contain_text(re.compile(r"A \d+,\d millas \(Portland, OR\)"))
    expect(reasons).to_contain_text("verificado en marzo de 2026")
    expect(first).to_contain_text("Acepta pacientes — confirmado hoy")
    expect(first.locator(".badge-verified")).to_have_text("Verificada")

    # Wait for the profile's stylesheet: before it, the header copy of "Enviar un mensaje" (hidden
    # on a wide screen) is the first link of that name, and a click on it waits for ever.
    follow(page, first.get_by_role("link", name="Ada Lovelace", exact=True))
    expect(page.get_by_role("heading", name="Formación en TIP")).to_be_visible()
    page.get_by_role("link", name="Enviar un mensaje").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enviar un mensaje a Ada Lovelace")
    page.get_by_role("button", name="Enviar mensaje").click()  # empty: errors in Spanish
    expect(page.locator(".error-summary")).to_contain_text("Escriba su nombre.")
    page.get_by_label("Su nombre").fill("Sara")
    page.get_by_label("Su correo electrónico").fill("sara@example.net")
    page.get_by_label("Su mensaje").fill(MENSAJE)
    page.get_by_label(re.compile("^Acepto que")).check()
    page.get_by_role("button", name="Enviar mensaje").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Su mensaje está en camino")
    [mail] = outbox()
    body = mail.get_content()
    assert MENSAJE in body
    assert "answered in Spanish" in body  # the therapist knows which language to reply in


def test_language_switch_sets_the_cookie_and_works_without_javascript(
    browser, live_server, listings
):
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/what-is-ipt")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What is Interpersonal Psychotherapy (IPT)?"
    )
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    assert page.url.endswith("/what-is-ipt?lang=es")  # a link anyone can share
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "¿Qué es la Psicoterapia Interpersonal (TIP)?"
    )
    page.goto(live_server + "/crisis")  # the cookie remembers the choice
    expect(page.get_by_role("heading", level=1)).to_have_text("Ayuda ahora mismo")
    expect(page.get_by_role("link", name="Llamar al 1-800-799-7233")).to_be_visible()
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help right now")
    context.close()


def test_crisis_panel_without_a_location(page, live_server, listings, subtests):
    for lang in ("en", "es"):
        with subtests.test(lang=lang):
            page.context.clear_cookies()  # the language cookie of the one before
            crisis_panel_without_a_location(page, live_server, lang)


def crisis_panel_without_a_location(page, live_server: str, lang: str) -> None:
    page.goto(f"{live_server}/?lang={lang}")
    condition = "my husband hits me" if lang == "en" else "mi esposo me pega"
    open_options(page)
    page.locator("#condition").fill(condition)
    page.locator("form[data-search-form] button[type=submit]").last.click()

    panel = page.locator(".crisis-panel")
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("data-crisis-kinds", re.compile("abuse"))
    first_call = panel.locator("a[href^='tel:']").first
    expect(first_call).to_have_attribute("href", "tel:1-800-799-7233")
    # the form's own error is still there, after the panel
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert panel.bounding_box()["y"] < summary.bounding_box()["y"]
    if lang == "es":
        expect(panel).to_contain_text("No tiene que pasar por esto a solas")
        expect(summary).to_contain_text("Escriba un lugar")


def test_spanish_typeahead_shows_crisis_services(spanish_page, live_server, listings):
    page = spanish_page
    page.goto(live_server + "/")
    open_options(page)
    box = page.get_by_role("combobox", name="¿Con qué le gustaría recibir ayuda?")
    box.press_sequentially("ansiedad social", delay=20)
    expect(page.get_by_role("option", name=re.compile("Ansiedad social"))).to_be_visible()
    box.fill("")
    box.press_sequentially("quiero morir", delay=20)
    crisis = page.locator("#condition-crisis")
    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("988 Línea de Prevención del Suicidio y Crisis")
    expect(crisis.get_by_role("link", name="Enviar AYUDA por texto al 988")).to_be_visible()


SPANISH_AXE_PAGES = (
    "home",
    "results",
    "profile",
    "contact",
    "what-is-ipt",
    "crisis",
    "crisis-results",
    "form-errors",
)


def test_no_serious_accessibility_violations_in_spanish(page, live_server, listings):
    found = {}
    for name in SPANISH_AXE_PAGES:
        path = PAGES[name]
        page.goto(live_server + path + ("&" if "?" in path else "?") + "lang=es")
        page.wait_for_load_state("load")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    page.goto(live_server + "/search?condition=quiero+morir&lang=es")  # panel + form errors
    violations = axe_violations(page)
    if violations:
        found["crisis-no-location"] = violations
    assert found == {}


def test_widget_in_spanish(page, live_server, partner_site, widget, therapists):
    _partner, new = widget
    url = partner_site.page("es.html", snippet(live_server, new.public_id, lang="es"))
    page.goto(url)
    iframe = page.locator("iframe[data-ipt-widget-frame]")
    expect(iframe).to_have_attribute("src", re.compile(r"[?&]lang=es(&|$)"))
    frame = page.frame_locator("iframe[data-ipt-widget-frame]")
    expect(frame.get_by_role("heading", name="Buscar un terapeuta de TIP")).to_be_visible()
    expect(frame.locator("html")).to_have_attribute("lang", "es")
    expect(frame.locator("[name=q]").first).to_be_visible()  # the one box

    # The frame's own pages (opened directly: a search inside the frame is the same request).
    base = f"{live_server}/widget/frame?key={new.public_id}&lang=es"
    page.goto(base + "&location=Portland%2C+OR")
    expect(
        page.get_by_role("heading", name="3 terapeutas encontrados cerca de Portland, OR")
    ).to_be_visible()
    expect(page.locator(".w-reasons").first).to_contain_text("millas")
    assert page.locator("input[name=lang]").get_attribute("value") == "es"  # carried on
    assert axe_violations(page) == []
    # words of crisis in the place box: the panel, in Spanish, before anything else
    page.goto(base + "&q=quiero+morir")
    panel = page.locator(".w-crisis-panel")
    expect(panel).to_contain_text("988 Línea de Prevención del Suicidio y Crisis")
    assert axe_violations(page) == []
