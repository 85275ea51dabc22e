"""Split the round-12 development sets (written by the `writer` helper, /work/wt/devsets/) in two.

Run once: .venv/bin/python tests/matching/sentence_dev/split_round12.py /work/wt/devsets

Half of each set goes to a ``tune_`` file (read and tuned on), half to a ``holdback_`` file
(measured before and after a round of tuning, never read for tuning). The split is deterministic
(a seeded shuffle within each language, and for sentences within each set of fields expected), and
the lines are converted to this directory's format (``bench/heldout_pure.py``):

* sentences: ``modality`` video / in_person -> ``telehealth`` only / exclude; a state alone (a label
  with no ", ST") -> ``{"label", "state"}`` (the writer gave a rough centroid; a state is right
  when the state is);
* Spanish conditions: ``condition`` -> ``slug``.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from matching.geo import state_code  # noqa: E402 - after the path is set

SEED = 12
MODES = {"video": "only", "in_person": "exclude", None: None}


def _sentence(row: dict) -> dict:
    expect = dict(row["expect"])
    if "modality" in expect:
        expect["telehealth"] = MODES[expect.pop("modality")]
    place = expect.get("place")
    if place and ", " not in place["label"]:
        expect["place"] = {"label": place["label"], "state": state_code(place["label"])}
    return {"text": row["text"], "lang": row["lang"], "expect": expect}


def _spanish(row: dict) -> dict:
    return {"text": row["text"], "lang": row.get("lang", "es"), "slug": row["condition"]}


def _split(rows: list[dict], key) -> tuple[list[dict], list[dict]]:
    groups: dict[object, list[dict]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    rng = random.Random(SEED)
    tune, hold = [], []
    for k in sorted(groups, key=repr):
        group = groups[k]
        rng.shuffle(group)
        half = (len(group) + rng.randint(0, 1)) // 2
        tune += group[:half]
        hold += group[half:]
    return tune, hold


def _write(name: str, rows: list[dict]) -> None:
    with (HERE / name).open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)} lines")


def main(source: Path) -> None:
    def load(name: str) -> list[dict]:
        with (source / name).open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    sentences = [_sentence(r) for r in load("sentences_round12.jsonl")]
    tune, hold = _split(sentences, lambda r: (r["lang"], tuple(sorted(r["expect"]))))
    _write("tune_round12.jsonl", tune)
    _write("holdback_round12.jsonl", hold)
    spanish = [_spanish(r) for r in load("spanish_conditions_round12.jsonl")]
    tune, hold = _split(spanish, lambda r: r["slug"] is None)
    _write("spanish_tune_round12.jsonl", tune)
    _write("spanish_holdback_round12.jsonl", hold)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
