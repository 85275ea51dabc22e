"""Lower-severity item (issue #13): a --rejects file keeps unparseable rows whole, and says so
where it cannot (a line over the size limit)."""

from __future__ import annotations

import json

from app.ops import transfer


def test_rejects_keep_unparseable_lines_whole_and_mark_cut_ones(app, runner, tmp_path):
    long_bad = "{" + '"bio": "' + "é" * 20_000 + '", oops}'
    huge = '{"name": "' + "x" * (transfer.MAX_LINE_BYTES + 10) + '"}'
    source = tmp_path / "in.jsonl"
    source.write_text(long_bad + "\n" + huge + "\n" + '{"name": 1}\n', encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    result = runner.invoke(
        args=["import-profiles", str(source), "--skip-invalid", "--rejects", str(rejects)]
    )
    assert result.exit_code == 1  # no valid row at all
    entries = [json.loads(line) for line in rejects.read_text("utf-8").splitlines()]
    assert entries[0]["record"] == {"raw": long_bad + "\n"}
    assert "truncated" not in entries[0]["record"]
    assert entries[1]["record"]["truncated"] is True
    assert entries[1]["record"]["bytes"] == len(huge) + 1
    assert "keeps its first 2000 bytes" in entries[1]["errors"][0]["message"]
