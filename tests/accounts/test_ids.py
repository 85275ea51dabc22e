"""Defect 3 (issue #13): ids too large for the database are a 404 from the routing, not a 500."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import api_headers, csrf_token, login

HUGE = [2**31, 2**63, 10**30, "9" * 5000]


@pytest.mark.parametrize("number", HUGE, ids=["2^31", "2^63", "10^30", "5000-digits"])
def test_out_of_range_ids_are_404_everywhere(
    client, app, therapist_user, verifier, logged_in, number
):
    assert client.get(f"/api/v1/therapists/{number}").status_code == 404
    assert client.get(f"/api/v1/therapists/{number}").get_json()["code"] == 404
    login(client, therapist_user)
    headers = api_headers(client)
    assert client.delete(f"/api/v1/me/credentials/{number}", headers=headers).status_code == 404
    token = csrf_token(client, "/profile")
    for url in (f"/profile/credentials/{number}/withdraw", f"/profile/claim/{number}"):
        assert client.post(url, data={"csrf_token": token}).status_code == 404, url
    client.post("/account/logout", data={"csrf_token": token})
    other = app.test_client()
    login(other, verifier)
    for url in (f"/verify/credentials/{number}", f"/verify/claims/{number}"):
        assert other.get(url).status_code == 404, url


def test_the_largest_valid_id_is_an_ordinary_404(client):
    response = client.get(f"/api/v1/therapists/{2**31 - 1}")
    assert response.status_code == 404


def test_openapi_states_the_id_bounds(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    parameter = spec["paths"]["/api/v1/therapists/{therapist_id}"]["parameters"][0]
    assert parameter["schema"]["maximum"] == 2**31 - 1
