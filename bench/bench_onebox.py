"""What a search with one sentence (`q`) costs, against the same search given as parameters.

    python bench/bench_onebox.py --profiles 20000 [--rounds 300] [--database-url URL]

Seeds the directory with the demo generator (as bench_search.py; the SQLite file under /tmp is
reused), then, through the JSON API (Flask's test client, no network), for pairs of the same search
written as a sentence and as parameters ("anxiety therapist in Houston that takes Aetna" and
location=Houston, TX & condition=anxiety & insurance=Aetna), measures in interleaved rounds:

* ``params``: GET /api/v1/search with the parameters,
* ``q``: GET /api/v1/search?q=the sentence,
* ``parse``: matching.sentence.understand(the sentence) alone,
* ``q, parse given``: the ``q`` request with the parse replaced by its (precomputed) result: what
  the search costs beyond the parse,

with the per-worker response and outcome caches and the resolvers' per-text caches emptied before
each call (so every call does the whole work, as for a search nobody made before; word-level caches
stay warm, as in a running server). Prints p50/p90/p99 and the mean of each, and of ``params +
parse``, the issue's budget for ``q``. Figures only; nothing is asserted.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import bench_parser, seeded_url  # noqa: E402 - after the path is set

PAIRS = [
    (
        "anxiety therapist in Houston that takes Aetna",
        {"location": "Houston, TX", "condition": "anxiety", "insurance": "Aetna"},
    ),
    (
        "my 15 year old daughter is depressed, we live in Austin and have Cigna",
        {
            "location": "Austin, TX",
            "condition": "depression",
            "insurance": "Cigna",
            "age_group": "adolescents",
        },
    ),
    (
        "depression therapist online, I live in Montana",
        {"location": "Montana", "condition": "depression", "telehealth": "only"},
    ),
    (
        "spanish speaking therapist for grief near 60614",
        {"location": "60614", "condition": "grief", "language": "es"},
    ),
    (
        "busco terapeuta para mi ansiedad en Miami, tengo Medicaid",
        {"location": "Miami, FL", "condition": "ansiedad", "insurance": "Medicaid"},
    ),
    (
        "bipolar disorder therapist in Denver, CO, in person only",
        {"location": "Denver, CO", "condition": "bipolar", "telehealth": "exclude"},
    ),
    (
        "I'm 70 and grieving, my wife died, Portland, OR, Medicare",
        {
            "location": "Portland, OR",
            "condition": "grief",
            "insurance": "Medicare",
            "age_group": "older-adults",
        },
    ),
    (
        "PTSD therapist near 10025 who takes BCBS",
        {"location": "10025", "condition": "ptsd", "insurance": "BCBS"},
    ),
]


def stats(name: str, ms: list[float]) -> str:
    s = sorted(ms)

    def pct(p: float) -> float:
        return s[min(len(s) - 1, int(p / 100 * len(s)))]

    return (
        f"  {name:15} p50 {pct(50):7.2f} ms   p90 {pct(90):7.2f} ms   p99 {pct(99):7.2f} ms   "
        f"mean {statistics.fmean(s):7.2f} ms"
    )


def main() -> None:
    parser = bench_parser(__doc__, profiles=20_000)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    url = seeded_url(args.database_url, args.profiles, args.reseed)

    import logging

    from app import create_app
    from app.core.extensions import db
    from app.search import service
    from matching import conditions
    from matching import sentence as sentence_module
    from matching.sentence import understand

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    logging.getLogger("ipt.request").setLevel(logging.WARNING)
    client = app.test_client()
    with app.app_context():
        cache = app.extensions["search_index"]

        def cold() -> None:
            cache.outcomes.clear()
            cache.bodies.clear()
            conditions._resolve.cache_clear()
            sentence_module._resolve.cache_clear()

        def timed(call) -> float:
            cold()
            gc.collect()  # no collection inside a timed call
            start = time.perf_counter()
            call()
            return (time.perf_counter() - start) * 1000

        gc.freeze()  # the app's long-lived objects: out of every collection
        # Both answers agree (same results), and everything is warm once.
        for text, params in PAIRS:
            a = client.get("/api/v1/search", query_string={"q": text}).get_json()
            b = client.get("/api/v1/search", query_string=params).get_json()
            same = [r["therapist"]["id"] for r in a["results"]] == [
                r["therapist"]["id"] for r in b["results"]
            ]
            print(f"  {'same' if same else 'DIFFERENT'} results ({a['total']:>5}): {text}")
        times: dict[str, list[float]] = {
            "params": [],
            "q": [],
            "parse": [],
            "q, parse given": [],
            "params + parse": [],
        }
        for i in range(args.rounds):
            text, params = PAIRS[i % len(PAIRS)]
            order = (0, 1, 2, 3) if i % 2 else (3, 2, 1, 0)  # alternate: neither side runs warmer
            parsed = understand(text)
            got: dict[str, float] = {}
            for which in order:
                if which == 0:
                    got["params"] = timed(
                        lambda p=params: client.get("/api/v1/search", query_string=p)
                    )
                elif which == 1:
                    got["q"] = timed(
                        lambda t=text: client.get("/api/v1/search", query_string={"q": t})
                    )
                elif which == 2:
                    got["parse"] = timed(lambda t=text: understand(t))
                else:
                    service.understand = lambda _t, u=parsed: u
                    try:
                        got["q, parse given"] = timed(
                            lambda t=text: client.get("/api/v1/search", query_string={"q": t})
                        )
                    finally:
                        service.understand = understand
            got["params + parse"] = got["params"] + got["parse"]
            for key, value in got.items():
                times[key].append(value)
            db.session.remove()
        print(f"\nbackend {db.engine.dialect.name}, {args.rounds} rounds over {len(PAIRS)} pairs")
        for key, ms in times.items():
            print(stats(key, ms))
        extra = sorted(q - b for q, b in zip(times["q"], times["params + parse"], strict=True))
        print(
            f"  q - (params + parse), per round: median {extra[len(extra) // 2]:+.2f} ms, "
            f"mean {statistics.fmean(extra):+.2f} ms (negative: q is cheaper); "
            f"q within params + parse in {sum(e <= 0 for e in extra)}/{args.rounds} rounds"
        )


if __name__ == "__main__":
    main()
