"""Verifier tools (issue 14): queues with search, filters, sorting, paging and counts; styled
403/404 on staff pages; a readable audit log."""

from __future__ import annotations

import datetime as dt

from app.core.extensions import db
from app.credentials import services
from app.profiles.models import ClaimRequest
from tests.accounts.helpers import login, make_user
from tests.factories import CredentialFactory, TherapistFactory, one_commit

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def _pending(n: int, **kw):
    creds = []
    with one_commit():  # one search-document refresh, not two per therapist
        for i in range(n):
            t = TherapistFactory(name=kw.get("name", f"Pat Pending {i:03d}"), ipt_credentials=[])
            creds.append(
                CredentialFactory(
                    therapist_id=t.id,
                    status="pending",
                    certificate_id=f"CERT-{i:04d}",
                    submitted_at=NOW - dt.timedelta(days=i),
                    body=kw.get("body", "isipt" if i % 2 else "ipt-institute"),
                    level=kw.get("level", "therapist" if i % 2 else "B"),
                )
            )
    return creds


def text(response) -> str:
    return response.get_data(as_text=True)


def test_credential_queue_pages_searches_filters_and_sorts(client, verifier):
    creds = _pending(60)
    login(client, verifier)
    first = text(client.get("/verify"))
    assert "Showing 1–25 of 60" in first
    assert first.index("Pat Pending 059") < first.index("Pat Pending 058")  # oldest first
    assert "Page 1 of 3" in first
    newest = text(client.get("/verify?queue=credentials&sort=newest"))
    assert newest.index("Pat Pending 000") < newest.index("Pat Pending 001")
    last = text(client.get("/verify?queue=credentials&page=3"))
    assert "Showing 51–60 of 60" in last
    found = text(client.get("/verify?queue=credentials&q=CERT-0042"))
    assert "Showing 1–1 of 1 matching" in found
    assert f"/verify/credentials/{creds[42].id}" in found
    isipt = text(client.get("/verify?queue=credentials&body=isipt"))
    assert "of 30 matching" in isipt
    nothing = text(client.get("/verify?queue=credentials&q=nobody-at-all"))
    assert "Nothing matches" in nothing


def test_claims_have_their_own_tab_with_a_count(client, verifier):
    _pending(3)
    listing = TherapistFactory(name="Cora Claimed", email=None)
    claimant = make_user("cora@example.org")
    db.session.add(
        ClaimRequest(
            user_id=claimant.id, therapist_id=listing.id, method="manual", evidence="Lic 9"
        )
    )
    db.session.commit()
    login(client, verifier)
    html = text(client.get("/verify"))
    assert 'href="/verify?queue=claims"' in html
    assert 'Claims <span class="count">1</span>' in html
    claims = text(client.get("/verify?queue=claims&q=cora@"))
    assert "Cora Claimed" in claims
    assert "Claimed by cora@example.org" in claims


def test_staff_pages_have_styled_403_and_404(client, verifier):
    login(client, verifier)
    forbidden = client.get("/admin/audit")
    assert forbidden.status_code == 403
    html = text(forbidden)
    assert "You do not have access to this page" in html
    assert "Go to the verifier queue" in html
    assert 'rel="stylesheet"' in html  # the site's own page, not a bare "Forbidden"
    missing = client.get("/verify/credentials/999999")
    assert missing.status_code == 404
    assert "We can&#39;t find that" in text(missing) or "We can't find that" in text(missing)


def test_audit_log_names_people_and_shows_a_diff(client, admin, verifier):
    [cred] = _pending(1, name="Dana Diff")
    services.decide(verifier, cred.id, "verify", None)
    login(client, admin)
    html = text(client.get("/admin/audit?action=credential.verify"))
    assert f"{verifier.email} (verifier)" in html
    assert "profile: Dana Diff" in html
    assert '<th scope="row">status</th><td>pending</td><td>verified</td>' in html
    assert "{&#34;" not in html
    assert '{"' not in html
    shown = "<code>credential.verify</code>"
    assert shown in text(client.get("/admin/audit?profile=dana"))
    assert shown not in text(client.get("/admin/audit?profile=nobody"))
    assert shown in text(client.get(f"/admin/audit?who={verifier.email[:6]}"))
