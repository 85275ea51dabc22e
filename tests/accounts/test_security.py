"""CSRF on every form, safe login redirects, markup rendered as text, and no photo uploads."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.accounts.access import safe_next
from app.core.extensions import db
from app.directory.models import Therapist
from app.profiles.models import ClaimRequest
from tests.accounts.helpers import PASSWORD, body_of, csrf_token, login, make_user, post_form
from tests.factories import CredentialFactory, TherapistFactory

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def _post_forms(html: str) -> list[str]:
    return [f for f in _FORM.findall(html) if re.search(r'method="post"', f, re.I)]


@pytest.fixture
def hostile(app, verifier):
    """A therapist whose name and bio are markup, with a pending credential and a manual claim."""
    therapist = TherapistFactory(name=f"Eve {SCRIPT}", bio=f"Hello {IMG} world", email=None)
    CredentialFactory(therapist_id=therapist.id, status="pending", certificate_id=SCRIPT)
    user = make_user("eve@example.org", therapist=therapist)
    listing = TherapistFactory(name=f"Mallory {SCRIPT}", email=None)
    claimant = make_user("mallory@example.org")
    claim = ClaimRequest(
        user_id=claimant.id, therapist_id=listing.id, method="manual", evidence=IMG
    )
    db.session.add(claim)
    db.session.commit()
    return user, claimant, claim


def test_every_post_form_on_every_account_page_carries_a_csrf_token(app, hostile, verifier, admin):
    user, claimant, claim = hostile
    pages = {
        None: ["/account/signup", "/account/login", "/account/password/forgot"],
        user: ["/profile", "/profile/edit", "/profile/credentials", "/account", "/account/delete"],
        claimant: ["/profile", "/profile/new", "/profile/claim?q=mallory"],
        verifier: ["/verify", f"/verify/claims/{claim.id}"],
        admin: ["/admin/audit"],
    }
    cred_id = (
        db.session.scalar(select(Therapist).where(Therapist.id == user.therapist_id))
        .ipt_credentials[0]
        .id
    )
    pages[verifier].append(f"/verify/credentials/{cred_id}")
    seen = 0
    for who, paths in pages.items():
        client = app.test_client()
        if who is not None:
            login(client, who)
        for path in paths:
            html = client.get(path).get_data(as_text=True)
            for form in _post_forms(html):
                assert 'name="csrf_token"' in form, (path, form[:300])
                seen += 1
    assert seen >= 15


def _without_token(client, path, data=None):
    return client.post(path, data=data or {})


def test_posts_without_a_token_are_refused_and_change_nothing(
    app, client, therapist_user, verifier
):
    cred = CredentialFactory(therapist_id=therapist_user.therapist_id, status="pending")
    anonymous = app.test_client()
    for path, data in [
        ("/account/signup", {"email": "x@example.org", "password": PASSWORD}),
        ("/account/login", {"email": therapist_user.email, "password": PASSWORD}),
        ("/account/password/forgot", {"email": therapist_user.email}),
    ]:
        assert _without_token(anonymous, path, data).status_code == 400, path
    login(client, therapist_user)
    version = db.session.get(Therapist, therapist_user.therapist_id).version
    for path, data in [
        ("/profile/edit", {"name": "Forged", "version": str(version)}),
        ("/profile/hide", {}),
        ("/profile/confirm-accepting", {}),
        (
            "/profile/credentials",
            {"ladder": "ipt-uk|A", "awarded_on": "2020-01-01", "certificate_id": "1"},
        ),
        (f"/profile/credentials/{cred.id}/withdraw", {}),
        ("/account/password", {"current_password": PASSWORD, "password": "forged long password"}),
        ("/account/delete", {"password": PASSWORD, "confirm": "on"}),
        ("/account/logout", {}),
    ]:
        response = _without_token(client, path, data)
        assert response.status_code == 400, path
        assert "CSRF" in response.get_data(as_text=True)
    desk = app.test_client()
    login(desk, verifier)
    assert (
        _without_token(desk, f"/verify/credentials/{cred.id}", {"decision": "verify"}).status_code
        == 400
    )
    db.session.expire_all()
    t = db.session.get(Therapist, therapist_user.therapist_id)
    assert (t.name, t.visibility, t.version) == ("Jane Doe", "published", version)
    assert t.ipt_credentials[-1].status == "pending"
    assert client.get("/profile").status_code == 200  # still logged in: logout needed a token too
    # A token from another session does not work either.
    foreign = csrf_token(app.test_client())
    assert client.post("/profile/hide", data={"csrf_token": foreign}).status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com",
        "//evil.com/profile",
        "https://evil.com",
        "http://evil.com/profile",
        "/\\evil.com",
        "\\\\evil.com",
        "/\t/evil.com",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "evil.com",
        "/%2F%2Fevil.com",
        "",
    ],
)
def test_login_next_never_leaves_the_site(client, therapist_user, target):
    page = client.get("/account/login", query_string={"next": target})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(
        "/account/login",
        data={
            "email": therapist_user.email,
            "password": PASSWORD,
            "next": target,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    if target == "/%2F%2Fevil.com":
        assert location == target  # a path on this site (percent-encoded slashes stay a path)
    else:
        assert location == "/profile"  # refused: the default page instead


def test_login_next_keeps_a_local_path(client, therapist_user):
    response = client.get("/profile/edit")
    assert response.status_code == 302
    assert "next=/profile/edit" in response.headers["Location"].replace("%2F", "/")
    page = client.get(response.headers["Location"])
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    done = client.post(
        "/account/login",
        data={
            "email": therapist_user.email,
            "password": PASSWORD,
            "next": "/profile/edit",
            "csrf_token": token,
        },
    )
    assert done.headers["Location"] == "/profile/edit"


def test_safe_next_rules():
    assert safe_next("/profile/edit?x=1") == "/profile/edit?x=1"
    for bad in (
        "//a",
        "/\\a",
        "https://a",
        "javascript:x",
        "a",
        "/\na",
        "/ a",
        None,
        "/" + "a" * 3000,
    ):
        assert safe_next(bad, "/home") == "/home", bad


def test_markup_in_names_and_bios_renders_as_text_on_every_page(app, hostile, verifier, admin):
    user, claimant, claim = hostile
    cred_id = db.session.get(Therapist, user.therapist_id).ipt_credentials[0].id
    visits = {
        user: ["/profile", "/profile/edit", "/profile/preview", "/profile/credentials"],
        claimant: ["/profile/claim?q=mallory", "/profile"],
        verifier: ["/verify", f"/verify/credentials/{cred_id}", f"/verify/claims/{claim.id}"],
        admin: ["/admin/audit"],
    }
    for who, paths in visits.items():
        client = app.test_client()
        login(client, who)
        for path in paths:
            html = client.get(path).get_data(as_text=True)
            assert SCRIPT not in html, path
            assert IMG not in html, path
            assert "onerror=" not in html.replace("onerror=&#34;", ""), path
    client = app.test_client()
    login(client, user)
    preview = client.get("/profile/preview").get_data(as_text=True)
    assert "Eve &lt;script&gt;alert(1)&lt;/script&gt;" in preview
    assert "Hello &lt;img src=x onerror=&#34;alert(2)&#34;&gt; world" in preview


def test_markup_in_names_stays_text_in_emails(app, client, outbox):
    listing = TherapistFactory(name=f"Eve {SCRIPT}", email="eve@clinic.example")
    login(client, make_user("eve.personal@example.org"))
    post_form(client, f"/profile/claim/{listing.id}", page="/profile/claim")
    [message] = outbox()
    assert message.get_content_type() == "text/plain"
    assert not message.is_multipart()  # no HTML part that a mail client could render
    assert f'"Eve {SCRIPT}"' in body_of(message)  # shown literally, as plain text


def test_photos_are_not_accepted(client, therapist_user):
    login(client, therapist_user)
    html = client.get("/profile/edit").get_data(as_text=True)
    assert 'type="file"' not in html
    assert "multipart/form-data" not in html
    assert 'class="avatar' in client.get("/profile/preview").get_data(as_text=True)
    headers = {"X-CSRFToken": client.get("/api/v1/me").get_json()["csrf_token"]}
    version = client.get("/api/v1/me/profile").get_json()["version"]
    response = client.patch(
        "/api/v1/me/profile",
        json={"version": version, "profile": {"photo": "data:image/png;base64,AAAA"}},
        headers=headers,
    )
    assert response.status_code == 422
    assert "photo" in response.get_json()["message"]
