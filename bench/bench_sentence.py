"""Latency and dev-set accuracy of matching.sentence.understand.

Run: .venv/bin/python bench/bench_sentence.py [--sentences N] [--seed S]

Prints
* the one-off cold load (gazetteer, lexicons) and the first sentence after it,
* p50/p95/p99 over N sentences never seen before (a realistic mix built from templates: places
  or none, conditions, payers, ages, languages, fees, Spanish, typos, run-ons; every text is new,
  so no per-text result cache helps; lexicons and the gazetteer are warm, as in a running server),
* the same sentences again (per-text caches warm),
  each as wall time and as this thread's CPU time (on a shared machine the wall-time tail is
  mostly waiting for a core),
* per-field accuracy on the development set in tests/matching/test_sentence.py.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PLACES = [
    "in Austin", "near 97201", "in Portland, OR", "Tampa FL", "in rural Montana", "in Houston",
    "near Springfield", "in Georgia", "cerca de Dallas", "en Miami", "in housten", "Chicago",
    "in St. Louis", "near Boise Idaho", "in the Bronx", "in NYC", "in PA", "Denver, CO 80202",
    "", "", "", "",
]  # fmt: skip
NEEDS = [
    "my 15 year old daughter has been making herself throw up", "I feel depressed all the time",
    "anxiety therapist", "my husband has PTSD", "grief counseling after my mom died",
    "postpartum depression", "my wife and I keep fighting", "social anxiety at work",
    "I'm 70 and lonely", "my 8 year old son is anxious", "bipolar disorder help",
    "busco terapeuta para mi ansiedad", "mi hijo de 15 años tiene depresión", "binge eating",
    "anxeity and panic attakcs", "just moved and feel lost", "college student, stressed",
    "OCD", "need help", "therapist",
]  # fmt: skip
EXTRAS = [
    "", "", "", "we have Aetna", "I have Medicaid", "BCBS", "tengo Medicare",
    "spanish speaking", "que hable español", "who speaks Mandarin", "online only",
    "in person only", "por video", "female therapist", "terapeuta mujer", "under $100",
    "sliding scale", "bajo costo", "and my dog is great", "thanks!!",
]  # fmt: skip


def mixed_sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        parts = [rng.choice(NEEDS), rng.choice(PLACES), rng.choice(EXTRAS), rng.choice(EXTRAS)]
        rng.shuffle(parts)
        text = rng.choice((", ", " ", " and ")).join(p for p in parts if p)
        text += rng.choice(("", ".", " please", f" #{len(out)}"))  # keeps every text new
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return (
        f"p50 {q[49] * 1000:6.3f} ms   p95 {q[94] * 1000:6.3f} ms   p99 {q[98] * 1000:6.3f} ms"
        f"   max {ordered[-1] * 1000:6.2f} ms   (n={len(ordered)})"
    )


def field_accuracy() -> None:
    from matching.sentence import understand
    from tests.matching.test_sentence import DEV_SET, FIELDS, _observed

    right = dict.fromkeys(FIELDS, 0)
    exact = 0
    for text, expected in DEV_SET:
        got = _observed(understand(text))
        exact += got == expected
        for field in FIELDS:
            right[field] += got.get(field) == expected.get(field)
    print(
        f"\ndev set: {len(DEV_SET)} sentences, {exact} exactly right ({exact / len(DEV_SET):.1%})"
    )
    print("per field (present and right, or rightly absent):")
    for field in FIELDS:
        stated = sum(1 for _, e in DEV_SET if field in e)
        print(f"  {field:14s} {right[field] / len(DEV_SET):6.1%}   ({stated} sentences state it)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    start = time.perf_counter()
    from matching import sentence

    sentence.warm_up()
    print(f"cold load (import + gazetteer + lexicons): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    sentence.understand("my teen son is anxious, we live near Tucson and have Cigna")
    print(f"first new sentence after load: {(time.perf_counter() - start) * 1000:.2f} ms")

    texts = mixed_sentences(args.sentences, args.seed)
    # Wall time includes waits for a shared CPU; CPU time (this thread) is the work itself.
    for label in ("new sentences (no per-text cache)", "same sentences again (cached)"):
        wall, cpu = [], []
        for text in texts:
            t0, c0 = time.perf_counter(), time.thread_time()
            sentence.understand(text)
            cpu.append(time.thread_time() - c0)
            wall.append(time.perf_counter() - t0)
        print(f"{label}\n  wall {percentiles(wall)}\n  cpu  {percentiles(cpu)}")
    field_accuracy()


if __name__ == "__main__":
    main()
