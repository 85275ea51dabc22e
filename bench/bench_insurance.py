"""Latency of ``resolve_insurers`` (free-text insurance → payer slugs).

    .venv/bin/python bench/bench_insurance.py [--rounds 200] [--seed 7]

Prints the one-off lexicon build (first call in a process), then p50/p90/p99/max per call over a
mix of what people type: exact names, abbreviations, typos that go to the fuzzy pass, sentences,
several payers at once, and text that must match nothing. Nothing is cached between calls.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching import insurance

# fmt: off
QUERIES = {
    "exact": [
        "Aetna", "BCBS", "Cigna", "UnitedHealthcare", "Kaiser Permanente", "Medicare",
        "Medicaid", "Tricare Prime", "Anthem Blue Cross", "blue-cross-blue-shield", "Medi-Cal",
        "Optum", "Humana", "self pay", "Florida Blue", "MassHealth", "VA Community Care",
    ],
    "typo": [
        "Aetana", "Cigan", "Untied healthcare", "blue cros", "humanna", "medicaide", "kaizer",
        "magelan", "geisenger", "sliding scal", "optum behavorial health", "uninsurred",
    ],
    "sentence": [
        "I have Aetna through work",
        "We're on my husband's UnitedHealthcare plan",
        "postpartum depression near Portland, OR, BCBS",
        "IPT therapist in Richmond VA who accepts Cigna",
        "I lost my job so no insurance right now, paying out of pocket",
        "my kid has CHIP and I have Medicaid through the state",
    ],
    "multi": [
        "aetna or cigna", "BCBS, Aetna, UHC", "medicare and medicaid", "tricare or VA",
        "Optum / Cigna / Magellan / Carelon", "Kaiser or self pay",
    ],
    "nothing": [
        "GEICO", "State Farm", "car insurance", "pet insurance", "asdf", "pizza",
        "feeling blue lately", "depression and anxiety", "Richmond, VA", "Delta Dental",
    ],
}
# fmt: on


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="passes over the query mix")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    insurance.resolve_insurers("aetna")
    build_ms = (time.perf_counter() - t0) * 1000
    print(f"first call (builds the lexicon): {build_ms:.1f} ms")

    mix = [(kind, q) for kind, qs in QUERIES.items() for q in qs]
    rng = random.Random(args.seed)
    timings: dict[str, list[float]] = {kind: [] for kind in QUERIES}
    for _ in range(args.rounds):
        rng.shuffle(mix)
        for kind, q in mix:
            start = time.perf_counter_ns()
            insurance.resolve_insurers(q)
            timings[kind].append((time.perf_counter_ns() - start) / 1000)

    everything = [t for ts in timings.values() for t in ts]
    print(f"{'mix':<10} {'calls':>7} {'p50 µs':>8} {'p90 µs':>8} {'p99 µs':>8} {'max µs':>8}")
    for kind, ts in [*timings.items(), ("all", everything)]:
        print(
            f"{kind:<10} {len(ts):>7} {statistics.median(ts):>8.1f} {percentile(ts, 0.9):>8.1f} "
            f"{percentile(ts, 0.99):>8.1f} {max(ts):>8.1f}"
        )
    print(
        f"p50 {statistics.median(everything) / 1000:.3f} ms, "
        f"p99 {percentile(everything, 0.99) / 1000:.3f} ms over {len(everything)} calls"
    )


if __name__ == "__main__":
    main()
