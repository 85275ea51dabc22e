"""Latency of matching.safety.triage, and what it adds to matching.conditions.resolve_conditions.

Run: .venv/bin/python bench/bench_safety.py [--rounds N]

Prints p50/p95/p99 for
* triage: ``safety.triage`` alone over a mix of ordinary, crisis, Spanish and long queries,
* resolve (with triage): ``resolve_conditions`` as shipped, result cache cleared before each call,
* resolve (without triage): the same with triage replaced by a function returning no signals,
  so the difference between the two is the cost triage adds to condition resolution,
* long: triage of a pasted ~40 kB text (read up to safety.MAX_SCAN_CHARS).

With ``--accuracy`` it prints, per dev file in tests/matching/safety_dev/ and per language, the
share of crisis phrasings flagged, the share whose main kind is named and the false alarms on
ordinary searches (``--misses`` lists what went wrong). ``holdback_*`` files are skipped unless
``--holdback`` is given: they are measured once, at the end of a round of tuning.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from timing import percentile, report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_conditions import QUERIES as CONDITION_QUERIES

from matching import conditions, safety

QUERIES = [
    *CONDITION_QUERIES,
    # crisis, English
    "i dont see the point of going on anymore",
    "ive been saving up my pills",
    "my daughter is talking about killing herself",
    "my husband hits me",
    "hearing voices telling me to hurt people",
    "postpartum psychosis",
    "im scared i might hurt my baby",
    "I haven't eaten in 5 days and keep fainting",
    # Spanish and mixed
    "quiero morir",
    "depresión posparto",
    "mi esposo me pega y tengo miedo",
    "me muero de ganas de encontrar terapeuta",
    "estoy so tired, i want to die",
    # a longer message
    "Hi, I'm 34 and have been struggling with depression since my divorce last year. Some "
    "days I can't get out of bed and I feel like everyone would be better off without me. "
    "I'm looking for someone who takes Aetna and can do evening sessions.",
]
DEV_DIR = Path(__file__).resolve().parent.parent / "tests" / "matching" / "safety_dev"
LONG_TEXT = "I have had a hard week at work and my sleep is bad. " * 800


def time_resolve(rounds: int) -> list[int]:
    samples: list[int] = []
    for _ in range(rounds):
        for query in QUERIES:
            conditions._resolve.cache_clear()
            t0 = time.perf_counter_ns()
            conditions.resolve_conditions(query)
            samples.append(time.perf_counter_ns() - t0)
    return samples


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} % of {whole:>3}" if whole else "    -        "


def accuracy(holdback: bool, misses: bool) -> None:
    files = sorted(DEV_DIR.glob("*.jsonl"))
    files = [f for f in files if holdback == f.name.startswith("holdback_")]
    for path in files:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        for lang in [*sorted({r["lang"] for r in rows}), "all"]:
            picked = [r for r in rows if lang in ("all", r["lang"])]
            crisis = [r for r in picked if r["kinds"]]
            ordinary = [r for r in picked if not r["kinds"]]
            found = [safety.triage(r["text"]).kinds for r in crisis]
            flagged = sum(bool(k) for k in found)
            named = sum(r["kinds"][0] in k for r, k in zip(crisis, found, strict=True))
            alarms = sum(safety.triage(r["text"]).crisis for r in ordinary)
            print(
                f"{path.name:<28} {lang:3}  flagged {pct(flagged, len(crisis))}  "
                f"kind named {pct(named, len(crisis))}  false alarms {pct(alarms, len(ordinary))}"
            )
        if misses:
            for r in rows:
                got = safety.triage(r["text"]).kinds
                if (r["kinds"] and r["kinds"][0] not in got) or (not r["kinds"] and got):
                    print(f"    want {r['kinds'] or '-'} got {list(got) or '-'}: {r['text']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--accuracy", action="store_true", help="dev-set figures, no timing")
    parser.add_argument("--holdback", action="store_true", help="with --accuracy: holdback_*")
    parser.add_argument("--misses", action="store_true", help="with --accuracy: list errors")
    args = parser.parse_args()
    if args.accuracy:
        accuracy(args.holdback, args.misses)
        return

    re.purge()
    start = time.perf_counter_ns()
    safety.warm_up()  # compiles every pattern, once per process
    print(f"pattern compilation (once): {(time.perf_counter_ns() - start) / 1e6:.1f} ms")
    conditions.warm_up()
    for query in QUERIES:  # warm the per-token typo cache, as in a running server
        conditions.resolve_conditions(query)

    alone: list[int] = []
    for _ in range(args.rounds):
        for query in QUERIES:
            t0 = time.perf_counter_ns()
            safety.triage(query)
            alone.append(time.perf_counter_ns() - t0)
    long: list[int] = []  # a pasted message, read up to safety.MAX_SCAN_CHARS
    for _ in range(max(args.rounds // 5, 5)):
        t0 = time.perf_counter_ns()
        safety.triage(LONG_TEXT)
        long.append(time.perf_counter_ns() - t0)

    # Interleave with/without rounds so machine noise hits both alike.
    with_triage: list[int] = []
    without_triage: list[int] = []
    real = conditions.triage
    no_signals = safety.Triage(())
    for _ in range(args.rounds):
        with_triage += time_resolve(1)
        conditions.triage = lambda _text: no_signals
        try:
            without_triage += time_resolve(1)
        finally:
            conditions.triage = real

    report("triage", alone)
    report("resolve (with triage)", with_triage)
    report("resolve (without triage)", without_triage)
    added = percentile(with_triage, 50) - percentile(without_triage, 50)
    print(f"{'added by triage':<24} p50 difference = {added / 1e6:.3f} ms")
    report(f"long ({len(LONG_TEXT) // 1000} kB)", long)


if __name__ == "__main__":
    main()
