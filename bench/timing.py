"""Percentiles and one printed line per timed series, shared by the benchmarks in this folder."""

from __future__ import annotations

import statistics


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


def report(name: str, samples_ns: list[int], width: int = 24) -> None:
    ms = [s / 1e6 for s in samples_ns]
    print(
        f"{name:<{width}} n={len(ms):>6}  p50={percentile(ms, 50):.3f} ms  "
        f"p95={percentile(ms, 95):.3f} ms  p99={percentile(ms, 99):.3f} ms  "
        f"mean={statistics.fmean(ms):.3f} ms"
    )
