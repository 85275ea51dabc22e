"""Accuracy on the held-out sets in tests/heldout/, measured through the JSON API.

Run: .venv/bin/python bench/heldout.py [safety|spanish|sentences ...] [--show-misses]

Prints, for each set, the figures the issues ask for:
* safety (GET /api/v1/conditions/resolve): crisis phrasings flagged, the main kind named, false
  alarms on ordinary searches — overall and per language;
* spanish (GET /api/v1/conditions/resolve?lang=es): top-1 condition; unrelated text left alone;
* sentences (GET /api/v1/search?q=): each field right and the whole interpretation right (place
  within 15 miles or the right state, first condition, insurer, age group, language, how to meet).

The sets were written before the lexicons and parsers by someone who did not read them; nobody
tunes to them (tests/heldout/README.md). The database is a throw-away SQLite file: understanding a
sentence needs no profiles.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402 - after the path is set

from app import create_app  # noqa: E402
from app.directory.reference import sync_reference_data  # noqa: E402
from matching.distance import geodesic_miles  # noqa: E402

HELDOUT = ROOT / "tests" / "heldout"
PLACE_TOLERANCE_MI = 15
SENTENCE_FIELDS = ("place", "condition", "insurance", "age_group", "language", "telehealth")
GENDERS = {"female": "woman", "male": "man"}


def load(name: str) -> list[dict]:
    with (HELDOUT / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f} % ({n}/{d})" if d else "   n/a"


def make_client(tmp: Path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'heldout.sqlite3'}",
            "SECRET_KEY": "heldout",
            "RATELIMIT_ENABLED": False,
            "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
        }
    )
    with app.app_context():
        upgrade()
        sync_reference_data()
    return app.test_client()


def safety(client, show: bool) -> None:
    rows = load("safety.jsonl")
    flagged, kind_right, crisis_n = Counter(), Counter(), Counter()
    alarms, ordinary_n = Counter(), Counter()
    misses = []
    for row in rows:
        lang = row["lang"]
        body = client.get("/api/v1/conditions/resolve", query_string={"q": row["text"]}).get_json()
        found = (body.get("safety") or {}).get("kinds") or []
        is_flagged = bool(body.get("crisis")) or bool(found)
        if row["kinds"]:
            crisis_n[lang] += 1
            flagged[lang] += is_flagged
            kind_right[lang] += row["kinds"][0] in found
            if row["kinds"][0] not in found:
                misses.append((row["text"], row["kinds"], found))
        else:
            ordinary_n[lang] += 1
            alarms[lang] += is_flagged
            if is_flagged:
                misses.append((row["text"], [], found))
    print("\nsafety (through /api/v1/conditions/resolve)")
    for lang in (*sorted(crisis_n), "all"):
        pick = (lambda c: sum(c.values())) if lang == "all" else (lambda c, lang=lang: c[lang])
        print(
            f"  {lang:3}  flagged {pct(pick(flagged), pick(crisis_n))}   "
            f"main kind named {pct(pick(kind_right), pick(crisis_n))}   "
            f"false alarms {pct(pick(alarms), pick(ordinary_n))}"
        )
    if show:
        for text, want, got in misses:
            print(f"    miss: {text!r} want {want} got {got}")


def spanish(client, show: bool) -> None:
    rows = load("spanish_conditions.jsonl")
    right = unrelated_ok = n_related = n_unrelated = 0
    misses = []
    for row in rows:
        body = client.get(
            "/api/v1/conditions/resolve", query_string={"q": row["text"], "lang": "es"}
        ).get_json()
        top = (body.get("matches") or [{}])[0].get("slug")
        if row["slug"] is None:
            n_unrelated += 1
            unrelated_ok += top is None
        else:
            n_related += 1
            right += top == row["slug"]
        if top != row["slug"]:
            misses.append((row["text"], row["slug"], top))
    print("\nSpanish conditions (through /api/v1/conditions/resolve?lang=es)")
    print(
        f"  top-1 right {pct(right, n_related)}   unrelated text left alone "
        f"{pct(unrelated_ok, n_unrelated)}"
    )
    if show:
        for text, want, got in misses:
            print(f"    miss: {text!r} want {want} got {got}")


def _understood(body: dict) -> dict[str, list]:
    query = body.get("query") or body.get("understood_query") or {}
    pieces = query.get("understood") or body.get("understood") or []
    out: dict[str, list] = defaultdict(list)
    for piece in pieces:
        out[piece["field"]].append(piece["value"])
    return out


def _place_right(want: dict | None, body: dict, status: int) -> bool:
    location = (body.get("query") or {}).get("location") if status == 200 else None
    if want is None:
        return location is None
    if location is None:
        return False
    if "state" in want and "lat" not in want:
        return location.get("kind") == "state" and location.get("state") == want["state"]
    miles = geodesic_miles(want["lat"], want["lon"], location["lat"], location["lon"])
    return miles <= PLACE_TOLERANCE_MI


def sentences(client, show: bool) -> None:
    rows = load("sentences.jsonl")
    right: Counter = Counter()
    whole = 0
    misses = []
    for row in rows:
        response = client.get("/api/v1/search", query_string={"q": row["text"]})
        body = response.get_json() or {}
        got = _understood(body)
        want = row["expect"]
        ok = {"place": _place_right(want.get("place"), body, response.status_code)}
        for field in SENTENCE_FIELDS[1:]:
            values = got.get(field) or []
            first = values[0] if values else None
            if isinstance(first, list):  # a condition piece holds its slugs, best first
                first = first[0] if first else None
            ok[field] = first == want.get(field)
        for field, good in ok.items():
            right[field] += good
        whole += all(ok.values())
        if not all(ok.values()):
            misses.append((row["text"], [f for f, good in ok.items() if not good]))
    n = len(rows)
    print(f"\nsentences (through /api/v1/search?q=), {n} sentences")
    for field in SENTENCE_FIELDS:
        print(f"  {field:11} {pct(right[field], n)}")
    print(f"  {'whole':11} {pct(whole, n)}")
    if show:
        for text, wrong in misses:
            print(f"    miss: {text!r} wrong: {', '.join(wrong)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=["safety", "spanish", "sentences"])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        client = make_client(Path(tmp))
        logging.getLogger("ipt.request").setLevel(logging.WARNING)  # a line per request
        for name in args.sets:
            {"safety": safety, "spanish": spanish, "sentences": sentences}[name](
                client, args.show_misses
            )


if __name__ == "__main__":
    main()
