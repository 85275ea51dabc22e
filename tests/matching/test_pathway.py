"""Requirement checking against a ladder is pure: record facts in, progress out."""

from __future__ import annotations

import pytest

from matching.pathway import CaseFact, RecordFacts, can_supervise, progress, requirements
from matching.reference import vocabulary


def test_every_requirement_is_sourced_and_on_a_real_ladder():
    vocab = vocabulary()
    assert requirements(), "no ladders loaded"
    for (body, level), reqs in requirements().items():
        assert (body, level) in vocab.credential_levels
        for r in reqs.requirements:
            assert r.source.startswith("https://"), (body, level, r.key)


def test_isipt_therapist_needs_workshop_hours_three_cases_and_attestations():
    empty = progress("isipt", "therapist", RecordFacts())
    assert not empty.met
    assert empty.fraction == 0
    done = progress(
        "isipt",
        "therapist",
        RecordFacts(
            training_hours=16,
            cases=(CaseFact(6, None, True),) * 3,
            attested=frozenset({"clinical-qualification", "membership"}),
        ),
    )
    assert done.met
    assert done.fraction == 1
    short = progress("isipt", "therapist", RecordFacts(training_hours=8))
    hours = next(i for i in short.items if i.requirement.kind == "training_hours")
    assert hours.fraction == pytest.approx(0.5)
    assert hours.text == "8 of 16 hours"


def test_ipt_institute_b_counts_consultation_hours_and_rated_portfolios():
    facts = RecordFacts(
        training_hours=14,
        cases=(CaseFact(6, 3.2, True), CaseFact(5, 2.5, False), CaseFact(0, 3.0, False)),
        attested=frozenset({"licensure"}),
    )
    result = progress("ipt-institute", "B", facts)
    by_key = {i.requirement.key: i for i in result.items}
    assert by_key["consultation-hours"].done == 11
    assert by_key["consultation-hours"].flagged == 1
    assert by_key["portfolios"].done == 2  # 3.2 and 3.0 pass; 2.5 does not
    assert by_key["portfolios"].flagged == 1
    assert result.met


def test_supervising_tiers():
    assert can_supervise("isipt", "supervisor")
    assert can_supervise("isipt", "trainer")
    assert can_supervise("ipt-uk", "D")
    assert not can_supervise("isipt", "therapist")
    assert not can_supervise("ipt-institute", "C")
