"""Sign-up and password-reset timing: does the answer take longer when the address has an account?

Run from the repository root:  .venv/bin/python bench/bench_signup_timing.py [--rounds N]

Drives the real pages through Flask's test client on a fresh SQLite database (file mail backend),
alternating an address that has an account with one that has not, and prints the median and the
10th/90th percentiles in milliseconds. Rate limits are off here (each request is a different
"client" as far as this benchmark cares); the per-address mail limit still applies, as in
production, so both kinds of request do the same bookkeeping.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery staple"  # noqa: S105 - a benchmark account


def _csrf(client, page: str) -> str:
    match = _CSRF.search(client.get(page).get_data(as_text=True))
    assert match
    return match.group(1)


def _timed(client, url: str, page: str, data: dict) -> float:
    token = _csrf(client, page)
    started = time.perf_counter()
    response = client.post(url, data={**data, "csrf_token": token})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 302), response.status_code
    return elapsed


def _summary(label: str, values: list[float]) -> str:
    values = sorted(values)
    p10 = values[max(0, len(values) // 10 - 1)]
    p90 = values[min(len(values) - 1, len(values) * 9 // 10)]
    return f"{label:40s} median {statistics.median(values):6.1f} ms  p10 {p10:6.1f}  p90 {p90:6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app import create_app
    from app.accounts.models import User
    from app.accounts.passwords import hash_password
    from app.core.extensions import db

    tmp = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "SECRET_KEY": "bench",
            "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        existing = [f"has-account-{i}@example.org" for i in range(args.rounds)]
        hashed = hash_password(PASSWORD)
        db.session.add_all(User(email=e, password_hash=hashed, role="therapist") for e in existing)
        db.session.commit()
    client = app.test_client()
    results: dict[str, list[float]] = {k: [] for k in ("signup+", "signup-", "reset+", "reset-")}
    for i in range(args.rounds):
        page = "/account/signup"
        results["signup+"].append(
            _timed(client, page, page, {"email": existing[i], "password": PASSWORD})
        )
        results["signup-"].append(
            _timed(client, page, page, {"email": f"new-{i}@example.org", "password": PASSWORD})
        )
        page = "/account/password/forgot"
        results["reset+"].append(_timed(client, page, page, {"email": existing[i]}))
        results["reset-"].append(_timed(client, page, page, {"email": f"nobody-{i}@example.org"}))
    print(f"{args.rounds} rounds, SQLite, file mail backend")
    print(_summary("sign-up, address has an account", results["signup+"]))
    print(_summary("sign-up, new address", results["signup-"]))
    print(_summary("reset, address has an account", results["reset+"]))
    print(_summary("reset, unknown address", results["reset-"]))


if __name__ == "__main__":
    main()
