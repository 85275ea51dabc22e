"""Every route that changes data × every kind of caller.

Callers: anonymous; a therapist acting on their own profile ("owner"); a therapist acting on
someone else's ("other": owns a different profile); a therapist without a profile yet
("newcomer"); a verifier; an admin. Allowed calls must change the database (so the matrix is
not vacuous); refused calls must answer 401/403/404/409 (pages send anonymous visitors to the
login page) and change nothing at all. (409 is the answer when the caller may use the route but
not in their account's state, e.g. a therapist who already has a profile creating another.)

The world is built and committed once per module and backend; each test runs in the app
fixture's transaction, rolled back, so every test starts from the same world.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from app.accounts import tokens
from app.core.extensions import db
from app.profiles.models import ClaimRequest
from tests.accounts.helpers import api_headers, csrf_token, login, make_user
from tests.conftest import empty_profile_tables
from tests.factories import CredentialFactory, TherapistFactory, one_commit

ACTORS = ("anonymous", "owner", "other", "newcomer", "verifier", "admin")
IGNORED_TABLES = {"condition", "payer", "language", "us_state", "alembic_version"}


@dataclass
class World:
    users: dict[str, str]  # actor -> e-mail address
    owner_profile: int
    owner_credential: int
    other_credential: int
    listing_with_email: int
    listing_without_email: int
    manual_claim: int
    claim_token: str


@pytest.fixture(scope="module")
def world(_session_app) -> Iterator[World]:
    """Committed for the module (tests only read it: their changes are rolled back), then the
    profile tables are emptied as after any test that commits."""
    with _session_app.app_context():
        try:
            yield _build_world()
        finally:
            db.session.remove()
            empty_profile_tables()


def _build_world() -> World:
    with one_commit():  # one commit, not twenty: each recomputes search documents
        # Built with their defaults and credentials, then flushed together: one INSERT per
        # table for the four, not one per table and therapist.
        owner_t = TherapistFactory.build(name="Olivia Owner", visibility="hidden")
        other_t = TherapistFactory.build(name="Oscar Other")
        pending = {"body": "isipt", "level": "therapist", "tier": "certified", "status": "pending"}
        owner_cred = CredentialFactory.build(**pending)
        other_cred = CredentialFactory.build(**pending)
        owner_t.ipt_credentials.append(owner_cred)
        other_t.ipt_credentials.append(other_cred)
        listing_email = TherapistFactory.build(
            name="Listed With Email", email="listed@clinic.example"
        )
        listing_plain = TherapistFactory.build(name="Listed Without Email", email=None)
        db.session.add_all([owner_t, other_t, listing_email, listing_plain])
        db.session.flush()
        claimant = make_user("claimant@example.org", commit=False)
        users = {
            "owner": make_user("owner@example.org", therapist=owner_t, commit=False),
            "other": make_user("other@example.org", therapist=other_t, commit=False),
            "newcomer": make_user("newcomer@example.org", commit=False),
            "verifier": make_user("verifier@example.org", role="verifier", commit=False),
            "admin": make_user("admin@example.org", role="admin", commit=False),
        }
        manual = ClaimRequest(
            user_id=claimant.id,
            therapist_id=listing_plain.id,
            method="manual",
            evidence="Licence OR-1 and phone 503-555-0100",
        )
        email_claim = ClaimRequest(
            user_id=users["newcomer"].id, therapist_id=listing_email.id, method="email"
        )
        db.session.add_all([manual, email_claim])
        db.session.flush()
    token = tokens.make_token(
        "claim-profile", cid=email_claim.id, uid=users["newcomer"].id, tid=listing_email.id
    )
    return World(
        {actor: user.email for actor, user in users.items()},
        owner_t.id,
        owner_cred.id,
        other_cred.id,
        listing_email.id,
        listing_plain.id,
        manual.id,
        token,
    )


def snapshot() -> dict:
    db.session.expire_all()
    state = {}
    conn = db.session.connection()
    for table in db.metadata.sorted_tables:
        if table.name in IGNORED_TABLES:
            continue
        rows = conn.execute(sa.select(table)).all()
        state[table.name] = sorted(repr(tuple(row)) for row in rows)
    return state


def owner_rows(w: World) -> tuple:
    """The owner's profile and credential rows, as stored."""
    conn = db.session.connection()
    therapist = conn.execute(
        sa.text("SELECT * FROM therapist WHERE id = :i"), {"i": w.owner_profile}
    ).all()
    creds = conn.execute(
        sa.text("SELECT * FROM ipt_credential WHERE therapist_id = :i ORDER BY id"),
        {"i": w.owner_profile},
    ).all()
    return repr(therapist), repr(creds)


def _page_post(path: str, data: dict | None = None) -> Callable:
    def call(client, w: World):
        return client.post(
            path.format(w=w), data={**(data or {}), "csrf_token": csrf_token(client)}
        )

    return call


def _api(method: str, path: str, body: Callable | dict | None = None) -> Callable:
    def call(client, w: World):
        me = client.get("/api/v1/me")
        # Anonymous callers get a valid token from a page, so the request reaches the auth check.
        token = me.get_json()["csrf_token"] if me.status_code == 200 else csrf_token(client)
        headers = {"X-CSRFToken": token}
        payload = body(client, w) if callable(body) else body
        return client.open(path.format(w=w), method=method, json=payload, headers=headers)

    return call


def _current_version(client, w):
    response = client.get("/api/v1/me/profile")
    version = response.get_json()["version"] if response.status_code == 200 else 1
    return {"version": version, "profile": {"bio": "changed by the matrix"}}


NEW_PROFILE = {
    "name": "Nia Newcomer",
    "locations-0-city": "Portland",
    "locations-0-state": "OR",
    "locations-0-zip": "97204",
}
CREDENTIAL_FORM = {"ladder": "ipt-uk|B", "awarded_on": "2023-05-01", "certificate_id": "UK-9"}
CREDENTIAL_JSON = {
    "body": "ipt-uk",
    "level": "B",
    "awarded_on": "2023-05-01",
    "certificate_id": "UK-9",
}

DENY = "deny"
OK = "ok"
# Routes under /profile and /api/v1/me act on the caller's own profile: "other" edits their own,
# never the owner's (checked below), and there is no id in the URL to point at someone else's.
OWN = {"owner": OK, "other": OK}
NOOP = "noop"  # allowed, but there is nothing to do (e.g. publishing a published profile)
# route -> (request, {actor: OK | DENY}); actors not listed are refused.
ROUTES: dict[str, tuple[Callable, dict[str, str]]] = {
    "profile create (page)": (_page_post("/profile/new", NEW_PROFILE), {"newcomer": OK}),
    "profile edit (page)": (
        lambda c, w: c.post(
            "/profile/edit",
            data={
                "name": "Olivia Edited",
                "version": "1",
                "csrf_token": csrf_token(c),
                "locations-0-city": "Portland",
                "locations-0-state": "OR",
                "locations-0-zip": "97204",
            },
        ),
        OWN,
    ),
    # The owner's profile starts hidden and the other's published (see ``world``).
    "publish (page)": (_page_post("/profile/publish"), {"owner": OK, "other": NOOP}),
    "hide (page)": (_page_post("/profile/hide"), {"owner": NOOP, "other": OK}),
    "still accepting (page)": (_page_post("/profile/confirm-accepting"), OWN),
    "claim a listing (page)": (
        _page_post(
            "/profile/claim/{w.listing_without_email}",
            {"evidence": "Licence OR-2, call 503-555-0111"},
        ),
        {"newcomer": OK},
    ),
    "confirm an e-mailed claim (page)": (
        lambda c, w: c.post(
            f"/profile/claim/confirm/{w.claim_token}", data={"csrf_token": csrf_token(c)}
        ),
        {"newcomer": OK},
    ),
    "submit credential (page)": (
        _page_post("/profile/credentials", CREDENTIAL_FORM),
        {"owner": OK, "other": OK},
    ),
    "withdraw owner's credential (page)": (
        _page_post("/profile/credentials/{w.owner_credential}/withdraw"),
        {"owner": OK},
    ),
    "verify a credential (page)": (
        _page_post("/verify/credentials/{w.owner_credential}", {"decision": "verify"}),
        {"verifier": OK, "admin": OK},
    ),
    "decide a manual claim (page)": (
        _page_post("/verify/claims/{w.manual_claim}", {"decision": "reject", "note": "No proof."}),
        {"verifier": OK, "admin": OK},
    ),
    "change password (page)": (
        _page_post(
            "/account/password",
            {
                "current_password": "correct horse battery staple",
                "password": "a different long passphrase",
            },
        ),
        {a: OK for a in ACTORS if a != "anonymous"},
    ),
    "delete account (page)": (
        _page_post(
            "/account/delete", {"password": "correct horse battery staple", "confirm": "on"}
        ),
        {a: OK for a in ACTORS if a != "anonymous"},
    ),
    "profile create (API)": (
        _api("POST", "/api/v1/me/profile", {"profile": {"name": "Nia"}}),
        {"newcomer": OK},
    ),
    "profile patch (API)": (_api("PATCH", "/api/v1/me/profile", _current_version), OWN),
    "publish (API)": (_api("POST", "/api/v1/me/profile/publish"), {"owner": OK, "other": NOOP}),
    "hide (API)": (_api("POST", "/api/v1/me/profile/hide"), {"owner": NOOP, "other": OK}),
    "still accepting (API)": (_api("POST", "/api/v1/me/profile/confirm-accepting"), OWN),
    "submit credential (API)": (
        _api("POST", "/api/v1/me/credentials", CREDENTIAL_JSON),
        {"owner": OK, "other": OK},
    ),
    "withdraw owner's credential (API)": (
        _api("DELETE", "/api/v1/me/credentials/{w.owner_credential}"),
        {"owner": OK},
    ),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", list(ROUTES))
def test_route_by_caller(app, world, route, actor):
    request, allowed = ROUTES[route]
    client = app.test_client()
    if actor != "anonymous":
        login(client, world.users[actor])
    before = snapshot()
    owner_before = owner_rows(world)
    response = request(client, world)
    after = snapshot()
    if actor in ("other", "newcomer"):
        assert owner_rows(world) == owner_before, f"{route} by {actor} changed the owner's data"
    if allowed.get(actor) == NOOP:
        assert response.status_code in (200, 302), (route, actor, response.status_code)
        assert after == before
        return
    if allowed.get(actor) == OK:
        assert response.status_code in (200, 201, 204, 302), (
            route,
            actor,
            response.status_code,
            response.get_data(as_text=True)[:1500],
        )
        assert after != before, f"{route} by {actor} was allowed but changed nothing"
        return
    denied = response.status_code in (401, 403, 404, 409) or (
        response.status_code == 302 and "/account/login" in response.headers["Location"]
    )
    assert denied, (route, actor, response.status_code, response.get_data(as_text=True)[:1500])
    if actor == "anonymous" and route.endswith("(page)"):
        assert response.status_code == 302
        assert "/account/login" in response.headers["Location"]
    if actor == "anonymous" and route.endswith("(API)"):
        assert response.status_code == 401
    assert after == before, f"{route} by {actor} was refused but changed the database"


def test_admin_only_pages(app, world):
    for actor, expected in (("verifier", 403), ("owner", 403), ("admin", 200)):
        client = app.test_client()
        login(client, world.users[actor])
        assert client.get("/admin/audit").status_code == expected, actor
    anonymous = app.test_client().get("/admin/audit")
    assert anonymous.status_code == 302
    assert "/account/login" in anonymous.headers["Location"]


def test_verifier_pages_are_closed_to_therapists(app, world):
    client = app.test_client()
    login(client, world.users["owner"])
    for path in (
        "/verify",
        f"/verify/credentials/{world.other_credential}",
        f"/verify/claims/{world.manual_claim}",
    ):
        assert client.get(path).status_code == 403, path
    assert api_headers  # the API helper is exercised by the routes above
