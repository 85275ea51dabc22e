"""Accuracy of the pure matching functions on any evaluation set (no Flask, no database).

Run: .venv/bin/python bench/heldout_pure.py [FILE.jsonl ...] [--show-misses]

With no file, scores the three held-out sets in tests/heldout/. The kind of set is read from its
lines:
* ``{"text", "lang", "kinds"}``: safety (:func:`matching.safety.triage`): crisis lines flagged,
  main kind named, false alarms on ordinary lines; per language and overall, and per main kind;
* ``{"text", "slug"}``: Spanish conditions (:func:`matching.conditions.resolve_conditions`):
  top-1 right, unrelated text left alone;
* ``{"text", "lang", "expect"}``: sentences (:func:`matching.sentence.understand`): each field
  right (a field set but not expected is wrong) and the whole interpretation right (place within
  15 miles or the right state, first condition, insurer, age group, language, how to meet).

``--show-misses`` lists the misses of development sets only: it refuses files under
tests/heldout/, which nobody tunes on (tests/heldout/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching import conditions, safety, sentence  # noqa: E402 - after the path is set
from matching.distance import geodesic_miles  # noqa: E402

HELDOUT = ROOT / "tests" / "heldout"
PLACE_TOLERANCE_MI = 15
FIELDS = ("place", "condition", "insurance", "age_group", "language", "telehealth")
PIECE_FIELD = {"place": "location"}


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f} % ({n}/{d})" if d else "   n/a"


def score_safety(rows: list[dict]) -> tuple[dict, list]:
    c: Counter = Counter()
    misses = []
    for row in rows:
        lang = row.get("lang", "en")
        found = safety.triage(row["text"]).kinds
        if row["kinds"]:
            main = row["kinds"][0]
            for key in (lang, "all", f"kind:{main}"):
                c[key, "n"] += 1
                c[key, "flagged"] += bool(found)
                c[key, "kind"] += main in found
            if main not in found:
                misses.append((row["text"], row["kinds"], list(found)))
        else:
            for key in (lang, "all"):
                c[key, "ordinary"] += 1
                c[key, "alarm"] += bool(found)
            if found:
                misses.append((row["text"], [], list(found)))
    return dict(c), misses


def print_safety(c: dict) -> None:
    keys = sorted({k for k, _ in c}, key=lambda k: (k.startswith("kind:"), k != "all", k))
    for key in keys:
        line = f"  {key:22}"
        if c.get((key, "n")):
            line += (
                f" flagged {pct(c[key, 'flagged'], c[key, 'n'])}"
                f"  kind {pct(c[key, 'kind'], c[key, 'n'])}"
            )
        if c.get((key, "ordinary")):
            line += f"  false alarms {pct(c[key, 'alarm'], c[key, 'ordinary'])}"
        print(line)


def score_spanish(rows: list[dict]) -> tuple[dict, list]:
    c: Counter = Counter()
    misses = []
    for row in rows:
        matches = conditions.resolve_conditions(row["text"], lang="es").matches
        top = matches[0].slug if matches else None
        key = "related" if row["slug"] else "unrelated"
        c[key, "n"] += 1
        c[key, "ok"] += top == row["slug"]
        if top != row["slug"]:
            misses.append((row["text"], row["slug"], top))
    return dict(c), misses


def print_spanish(c: dict) -> None:
    print(
        f"  top-1 right {pct(c.get(('related', 'ok'), 0), c.get(('related', 'n'), 0))}"
        f"   unrelated left alone "
        f"{pct(c.get(('unrelated', 'ok'), 0), c.get(('unrelated', 'n'), 0))}"
    )


def _place_ok(want: dict | None, u: sentence.Understanding) -> bool:
    place = u.place
    if want is None:
        return place is None
    if place is None:
        return False
    if "state" in want and "lat" not in want:
        return place.kind == "state" and place.state == want["state"]
    if place.kind == "state":
        return False
    return geodesic_miles(want["lat"], want["lon"], place.lat, place.lon) <= PLACE_TOLERANCE_MI


def _got(u: sentence.Understanding, field: str):
    value = u.value(PIECE_FIELD.get(field, field))
    if field == "condition" and value:
        return value[0]
    return value


def sentence_checks(row: dict) -> dict[str, bool]:
    u = sentence.understand(row["text"])
    want = row["expect"]
    ok = {"place": _place_ok(want.get("place"), u)}
    for field in FIELDS[1:]:
        ok[field] = _got(u, field) == want.get(field)
    return ok


def score_sentences(rows: list[dict]) -> tuple[dict, list]:
    c: Counter = Counter()
    misses = []
    for row in rows:
        ok = sentence_checks(row)
        for key in (row.get("lang", "en"), "all"):
            c[key, "n"] += 1
            for field, good in ok.items():
                c[key, field] += good
            c[key, "whole"] += all(ok.values())
        if not all(ok.values()):
            u = sentence.understand(row["text"])
            got = {p.field: p.value for p in u.pieces if p.field != "safety"}
            bad = [f for f, good in ok.items() if not good]
            misses.append((row["text"], bad, {k: row["expect"].get(k) for k in bad}, got))
    return dict(c), misses


def print_sentences(c: dict) -> None:
    for key in sorted({k for k, _ in c}, key=lambda k: (k != "all", k)):
        n = c[key, "n"]
        cells = "  ".join(f"{f} {100 * c[key, f] / n:5.1f}" for f in (*FIELDS, "whole"))
        print(f"  {key:4} n={n:<4} {cells}")


KINDS = {
    "safety": (score_safety, print_safety),
    "spanish": (score_spanish, print_spanish),
    "sentences": (score_sentences, print_sentences),
}


def kind_of(rows: list[dict]) -> str:
    first = rows[0]
    if "expect" in first:
        return "sentences"
    if "kinds" in first:
        return "safety"
    return "spanish"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    files = args.files or sorted(HELDOUT.glob("*.jsonl"))
    groups: dict[str, list[tuple[Path, list[dict]]]] = {}
    for path in files:
        rows = load(path)
        if rows:
            groups.setdefault(kind_of(rows), []).append((path, rows))
    for kind, sets in groups.items():
        score, show = KINDS[kind]
        rows = [r for _, rows in sets for r in rows]
        names = ", ".join(p.name for p, _ in sets)
        print(f"\n{kind}: {names}")
        counts, misses = score(rows)
        show(counts)
        heldout = any(HELDOUT in p.resolve().parents for p, _ in sets)
        if args.show_misses and heldout:
            print("  (misses of tests/heldout/ are not shown: nobody tunes on them)")
        elif args.show_misses:
            for miss in misses:
                print("    miss:", *miss)


if __name__ == "__main__":
    main()
