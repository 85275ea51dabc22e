"""`make screenshots`: the seeker pages at 1280 px and 360 px wide, on demo data, in screenshots/.

Builds a throwaway SQLite directory of demo profiles, serves it on a free local port and drives
Debian's chromium with Playwright. Nothing is fetched from anywhere but that local server.

    .venv/bin/python scripts/screenshots.py [--count 3000] [--out screenshots]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - after the path is set

WIDTHS = (1280, 360)
SCREEN_PASSWORD = "screenshots-only-password"  # noqa: S105 - a throwaway local demo database
SEARCH = {"location": "Portland, OR", "condition": "post partum depression", "insurance": "BCBS"}


def build_app(workdir: Path, count: int):
    from flask_migrate import upgrade

    from app import create_app
    from app.directory.reference import sync_reference_data

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'demo.sqlite3'}",
            "SECRET_KEY": "screenshots-only",
            "MAIL_OUTBOX_DIR": str(workdir / "outbox"),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade()
        sync_reference_data()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--count", str(count), "--seed", "7"])
    if result.exit_code != 0:
        raise SystemExit(f"seeding demo data failed:\n{result.output}")
    app.test_cli_runner().invoke(args=["seed-demo-avatars", "--share", "0.4"])
    with app.app_context():  # staff accounts and a waiting photo for the verifier pages
        from app.accounts.services import create_operator
        from app.core.extensions import db
        from app.directory.models import Therapist

        for role in ("verifier", "admin"):
            create_operator(f"{role}@screens.example", role, SCREEN_PASSWORD)
        owner = create_operator("owner@screens.example", "therapist", SCREEN_PASSWORD).user
        owner.therapist_id = db.session.scalar(db.select(Therapist.id).order_by(Therapist.id))
        db.session.commit()
        from app.ops.avatars import avatar_png
        from app.profiles.photos import upload

        upload(owner, avatar_png(99))
    return app


def serve(app):
    from werkzeug.serving import make_server

    for name in ("werkzeug", "ipt.request"):  # one line per request is noise here
        logging.getLogger(name).setLevel(logging.WARNING)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved: list[Path] = []
    strays: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.on(
                "request",
                lambda r: None if r.url.startswith((base, "data:")) else strays.append(r.url),
            )

            def snap(name: str, path: str | None = None, *, page=page, width=width) -> None:
                if path is not None:
                    page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                saved.append(target)

            snap("home", "/")
            snap("results", "/search?" + urlencode(SEARCH))
            profile = page.locator("ol.results h2 a").first.get_attribute("href")
            snap("profile", profile)
            snap("contact", profile + "/contact")
            snap("what-is-ipt", "/what-is-ipt")
            snap("crisis", "/crisis")
            snap(
                "results-crisis",
                "/search?" + urlencode({"location": "97204", "condition": "I want to end my life"}),
            )
            snap("results-ambiguous", "/search?" + urlencode({"location": "Springfield"}))
            few = {"location": "Burns, OR", "condition": "bulimia", "telehealth": "exclude"}
            snap("results-few", "/search?" + urlencode(few))
            page.goto(base + profile + "/contact")
            page.get_by_role("button", name="Send message").click()
            snap("contact-errors")
            for who, shots in (
                ("owner", [("photo-upload", "/profile")]),
                (
                    "verifier",
                    [
                        ("verify-credentials", "/verify?queue=credentials"),
                        ("verify-claims", "/verify?queue=claims"),
                        ("verify-photos", "/verify?queue=photos"),
                    ],
                ),
                ("admin", [("audit-log", "/admin/audit")]),
            ):
                page.goto(base + "/account/login")
                page.get_by_label("E-mail address").fill(f"{who}@screens.example")
                page.get_by_label("Password").fill(SCREEN_PASSWORD)
                page.get_by_role("button", name="Log in").click()
                for name, path in shots:
                    snap(name, path)
                context.clear_cookies()
            context.close()
        browser.close()
    if strays:
        raise SystemExit(f"pages requested other hosts: {sorted(set(strays))}")
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000, help="demo profiles to seed")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is needed: apt-get install chromium-headless-shell")
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ipt-screens-") as tmp:
        app = build_app(Path(tmp), args.count)
        server, base = serve(app)
        try:
            saved = shoot(base, args.out)
        finally:
            server.shutdown()
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(saved)} screenshots in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
