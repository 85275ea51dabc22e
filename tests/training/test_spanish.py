"""The pathway's public pages in Spanish (usted): supervisor search and its reasons, trainings,
a training, and the access page; the API's reasons with lang=es. English is unchanged."""

from __future__ import annotations

import datetime as dt

from tests.factories import TherapistFactory
from tests.training.factories import TrainingFactory, make_supervisor


def _text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_supervisor_search_in_spanish(client):
    make_supervisor(
        "Ida Isipt",
        adaptations=["perinatal-ipt"],
        languages=["en", "es"],
        fee_individual=110,
        timezone="America/Chicago",
    )
    page = _text(
        client.get(
            "/supervisors?lang=es&timezone=America/New_York&adaptation=perinatal-ipt&language=es"
        )
    )
    assert '<html lang="es">' in page
    assert "Encuentre un supervisor de IPT" in page
    assert "Supervisores y formaciones de IPT</a>" in page  # the pathway's own nav link
    assert "1 supervisor</h2>" in page
    assert "Supervisa IPT perinatal" in page
    assert "1 hora menos que usted (America/Chicago)" in page
    assert "Supervisión: individual ($110/hora)" in page
    assert "Acepta supervisados — confirmado hoy" in page
    assert "Supervisión en español" in page
    assert "verificado en" in page  # the standing, with the month in Spanish
    english = _text(client.get("/supervisors?lang=en&timezone=America/New_York"))
    assert "1 hour behind you (America/Chicago)" in english
    assert "Taking supervisees — confirmed today" in english


def test_the_api_words_reasons_with_lang(client):
    make_supervisor("Ida Isipt", timezone="America/Chicago")
    body = client.get("/api/v1/supervisors?lang=es&timezone=America/Denver").get_json()
    assert "1 hora más que usted (America/Chicago)" in body["results"][0]["reasons"]
    body = client.get("/api/v1/supervisors", headers={"Accept-Language": "es-MX"}).get_json()
    assert "Huso horario: America/Chicago" in body["results"][0]["reasons"]
    assert client.get("/api/v1/trainings?lang=es").status_code == 200


def test_trainings_and_a_training_in_spanish(client):
    start = dt.datetime(2027, 3, 2, 14, 0, tzinfo=dt.UTC)  # 09:00 in New York
    training = TrainingFactory(
        title="Curso de IPT",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        price=0,
        seats_left=1,
        adaptation="perinatal-ipt",
    )
    page = _text(client.get("/trainings?lang=es"))
    assert "Formaciones y talleres de IPT" in page
    assert "1 formación</h2>" in page
    assert "mar 2 mar 2027, 09:00" in page
    assert "gratis" in page
    assert "queda 1 plaza" in page
    assert "IPT perinatal" in page
    assert "Inscribirse con IPT Institute" in page
    detail = _text(client.get(f"/trainings/{training.id}?lang=es"))
    assert "Todas las formaciones" in detail
    assert "Tue 2 Mar 2027, 09:00" in _text(client.get(f"/trainings/{training.id}?lang=en"))


def test_the_access_page_in_spanish(client):
    TherapistFactory(name="Portland Pat")
    page = _text(client.get("/access?lang=es"))
    assert "Dónde faltan terapeutas formados en IPT" in page
    assert "Nuestro compromiso sobre las búsquedas" in page
    assert "Mapa: Terapeutas de IPT publicados por estado" in page
    assert 'aria-label="Oregon: 1"' in page
    assert "Saltar el mapa" in page
    zips = _text(client.get("/access?lang=es&level=zip3&state=OR"))
    assert "Mapa: Terapeutas de IPT publicados por zona postal de 3 dígitos" in zips
    assert "Zona postal 972 (OR): 1" in zips


def test_search_pages_say_what_is_wrong_in_spanish(client):
    for path, field, message in (
        ("/trainings?lang=es&date_from=2027-05-01&date_to=2027-04-01", "date_to", "El final"),
        ("/trainings?lang=es&date_from=mañana", "date_from", "Indique una fecha como"),
        ("/trainings?lang=es&near=Qwxzy,%20ZZ", "near", "No pudimos usar ese lugar"),
        ("/supervisors?lang=es&timezone=Mars/Olympus", "timezone", "no es un huso horario"),
        ("/supervisors?lang=es&max_fee=-5", "max_fee", "Indique un número de 0 a"),
        ("/access?lang=es&weeks=999", "weeks", "Indique un número de 1 a"),
        ("/access?lang=es&metric=shoe-size", "metric", "Elija una de las opciones"),
    ):
        response = client.get(path)
        assert response.status_code == 422, path
        html = response.get_data(as_text=True)
        assert f'href="#{field}"' in html, path
        assert message in html, (path, message)
        assert "Corrija 1 dato" in html


def test_the_training_record_in_spanish_and_its_printable_page_in_english(
    client, logged_in, therapist_user
):
    from tests.accounts.helpers import post_form

    page = "/profile/training-record"
    logged_in(therapist_user)
    post_form(client, f"{page}/target", {"ladder": "isipt|therapist"}, page=page)
    html = _text(client.get(f"{page}?lang=es"))
    assert "Su registro de formación en IPT" in html
    assert "Su camino hacia ISIPT Therapist" in html
    assert "0 de 16 horas" in html  # the requirement's figure, and its unit
    assert "Al menos 16 horas de formación introductoria en IPT" in html  # the requirement itself
    assert "aún sin confirmar" in html
    assert "Registrar un caso supervisado" in html
    for form, message in (
        ({"title": "", "hours": "3"}, "Indique el título de la formación."),
        ({"title": "Intro", "hours": "-3"}, "Indique horas mayores que 0, hasta 1000."),
    ):
        bad = post_form(
            client,
            f"{page}/trainings",
            {**form, "completed_on": "2026-03-01"},
            page=f"{page}?lang=es",
        )
        assert bad.status_code == 422
        assert message in bad.get_data(as_text=True)
    printable = _text(client.get(f"{page}/print?lang=es"))
    assert "Your way to ISIPT Therapist" in printable  # for the certifying body: English
    assert "0 of 16 hours" in printable
    assert "At least 16 hours of introductory IPT training" in printable
    english = _text(client.get(f"{page}?lang=en"))
    assert "0 of 16 hours" in english
    assert "Your way to ISIPT Therapist" in english
