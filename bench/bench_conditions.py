"""Latency of matching.conditions.resolve_conditions over a realistic mix of seeker queries.

Run: .venv/bin/python bench/bench_conditions.py [--rounds N]

Prints p50/p95/p99 for
* cold: the per-query result cache is cleared before every call (each call does the full work;
  the per-token typo cache stays warm, as it does in a running server),
* fresh: both the result cache and the per-token typo-correction cache are cleared (worst case),
* warm: repeated queries served from the result cache,
and the one-off lexicon build time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from timing import report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching import conditions  # path set up above so the script runs from anywhere

QUERIES = [
    # short, typed into a search box
    "depression",
    "anxiety",
    "ptsd",
    "OCD",
    "PPD",
    "bipolar",
    "grief",
    "divorce",
    "lonely",
    "SAD",
    "BED",
    "GAD",
    "eating disorder",
    "panic attacks",
    "trauma",
    "retirement",
    "bulimia",
    "alcohol",
    # typos and run-together words
    "post partum depresion",
    "bipolor",
    "anxeity",
    "bulimea",
    "lonliness",
    "greif counseling",
    "postpartumdepression",
    "obsesive compulsive",
    "alchohol addiction",
    "dysthimia",
    "truama therapist",
    # lay phrasings and sentences
    "baby blues",
    "after giving birth I feel empty",
    "manic depression",
    "mood swings highs and lows",
    "my husband died",
    "can't stop bingeing",
    "throwing up after eating",
    "flashbacks",
    "nightmares after the war",
    "fighting with my wife",
    "new job moved city",
    "no friends lonely",
    "worry all the time",
    "scared of people",
    "I think I have postpartum depression",
    "teen depression",
    "depression in older adults",
    "my 16 year old daughter won't eat",
    "Hi, I'm 34 and have been struggling with depression since my divorce last year",
    "I have to check that the oven is off 20 times before I can leave the house",
    "we have been married 10 years and all we do is argue",
    "I recently moved across the country for work and I don't know anyone here",
    # unknown, unrelated and collisions
    "pizza near me",
    "asdfgh",
    "car insurance",
    "knee pain",
    "broken leg trauma surgery",
    "BPD",
    "borderline personality disorder",
    "ADHD",
    "therapist near me",
    "binge watching netflix",
    # crisis and near-crisis
    "I want to kill myself",
    "suicidal",
    "self harm",
    "killing it at work",
    "dying to find a therapist",
    "my brother died by suicide",
    "don't want to live anymore",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    start = time.perf_counter_ns()
    conditions.warm_up()
    conditions.resolve_conditions("warm up")
    print(f"lexicon build + first call: {(time.perf_counter_ns() - start) / 1e6:.1f} ms")

    cold: list[int] = []
    fresh: list[int] = []
    warm: list[int] = []
    for _ in range(args.rounds):
        for query in QUERIES:
            conditions._resolve.cache_clear()
            conditions._correct.cache_clear()
            t0 = time.perf_counter_ns()
            conditions.resolve_conditions(query)
            fresh.append(time.perf_counter_ns() - t0)
            conditions._resolve.cache_clear()
            t0 = time.perf_counter_ns()
            conditions.resolve_conditions(query)
            cold.append(time.perf_counter_ns() - t0)
            t0 = time.perf_counter_ns()
            conditions.resolve_conditions(query)
            warm.append(time.perf_counter_ns() - t0)
    report("cold", cold, width=5)
    report("fresh", fresh, width=5)
    report("warm", warm, width=5)


if __name__ == "__main__":
    main()
