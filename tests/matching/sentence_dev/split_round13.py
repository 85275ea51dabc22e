"""Split the round-13 sentences (a second writer, /work/wt/devsets/README.md "Round 13") in two.

Run once: .venv/bin/python tests/matching/sentence_dev/split_round13.py /work/wt/devsets

Lines at even positions (0, 2, ...) go to ``tune_round13.jsonl`` (read and tuned on), lines at odd
positions to ``holdback_round13.jsonl`` (measured before and after, never read). Each half has 21
Spanish lines. Lines are converted as in ``split_round12.py``: ``modality`` video / in_person ->
``telehealth`` only / exclude (null stays null); a state alone ("Texas", with the writer's rough
centroid) -> ``{"label", "state"}``, right when the parser names that state.

The whole file before any tuning is the two halves scored together:
``bench/heldout_pure.py tests/matching/sentence_dev/{tune,holdback}_round13.jsonl``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

sys.path.insert(0, str(HERE))

from split_round12 import _sentence, _write  # noqa: E402 - the same conversion as round 12


def main(source: Path) -> None:
    with (source / "sentences_round13.jsonl").open(encoding="utf-8") as fh:
        rows = [_sentence(json.loads(line)) for line in fh if line.strip()]
    _write("tune_round13.jsonl", rows[0::2])
    _write("holdback_round13.jsonl", rows[1::2])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
