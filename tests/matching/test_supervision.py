"""Supervisor ranking is pure: plain facts in, ranked supervisors with reasons out."""

from __future__ import annotations

import datetime as dt

from matching.supervision import (
    LadderStanding,
    SupervisorFacts,
    SupervisorPool,
    SupervisorQuery,
    availability_part,
    valid_timezone,
)

TODAY = dt.date(2026, 6, 1)


def facts(tid: int, **kw) -> SupervisorFacts:
    base = {
        "therapist_id": tid,
        "name": f"S{tid}",
        "slug": f"s{tid}",
        "standings": (LadderStanding("isipt", "supervisor", "supervisor", True),),
        "adaptations": ("ipt",),
        "languages": ("en",),
        "timezone": "America/New_York",
        "individual": True,
        "group": False,
        "fee_individual": 100,
        "fee_group": None,
        "accepting": True,
        "confirmed_on": TODAY,
    }
    return SupervisorFacts(**(base | kw))


def test_only_supervisor_tiers_count_for_a_ladder():
    pool = SupervisorPool(
        [
            facts(1),
            facts(2, standings=(LadderStanding("isipt", "therapist", "certified", True),)),
            facts(3, standings=(LadderStanding("ipt-uk", "D", "supervisor", False),)),
        ],
        TODAY,
    )
    ids = lambda q: [r.facts.therapist_id for r in pool.search(q).results]  # noqa: E731
    assert ids(SupervisorQuery(TODAY, ladder="isipt")) == [1]
    assert ids(SupervisorQuery(TODAY, ladder="ipt-uk")) == [3]
    assert ids(SupervisorQuery(TODAY, ladder="ipt-uk", verified_only=True)) == []
    assert sorted(ids(SupervisorQuery(TODAY))) == [1, 3]


def test_ranking_is_deterministic_and_explained():
    pool = SupervisorPool([facts(i) for i in range(5, 0, -1)], TODAY)
    result = pool.search(SupervisorQuery(TODAY, limit=3, offset=1))
    assert result.total == 5
    assert [r.facts.therapist_id for r in result.results] == [2, 3, 4]
    reasons = result.results[0].reasons
    assert reasons[0] == "ISIPT Supervisor — verified"
    assert "Taking supervisees — confirmed today" in reasons


def test_fresher_confirmation_and_closer_time_zone_rank_higher():
    pool = SupervisorPool(
        [
            facts(1, confirmed_on=TODAY - dt.timedelta(days=80)),
            facts(2),
            facts(3, timezone="Asia/Tokyo"),
        ],
        TODAY,
    )
    order = [
        r.facts.therapist_id
        for r in pool.search(SupervisorQuery(TODAY, timezone="America/Toronto")).results
    ]
    assert order == [2, 1, 3]


def test_availability_curve():
    assert availability_part(False, TODAY, TODAY) == 0
    assert availability_part(True, TODAY, TODAY) == 1
    assert availability_part(True, TODAY - dt.timedelta(days=90), TODAY) == 0.5
    assert availability_part(True, None, TODAY) == 0.2


def test_time_zone_names():
    assert valid_timezone("America/Chicago")
    assert not valid_timezone("America/Chicag")
    assert not valid_timezone("../etc/passwd")
    assert not valid_timezone("")


def test_empty_pool():
    assert SupervisorPool([], TODAY).search(SupervisorQuery(TODAY)).total == 0


def test_paging_picks_the_same_order_as_a_full_sort():
    pool = SupervisorPool(
        [
            facts(i, confirmed_on=TODAY - dt.timedelta(days=(i * 7) % 100), timezone=tz)
            for i, tz in zip(
                range(1, 61),
                ["America/New_York", "America/Chicago", "Europe/London"] * 20,
                strict=True,
            )
        ],
        TODAY,
    )
    q = SupervisorQuery(TODAY, timezone="America/Chicago", limit=60)
    everything = [r.facts.therapist_id for r in pool.search(q).results]
    pages = []
    for offset in range(0, 60, 7):
        page = pool.search(
            SupervisorQuery(TODAY, timezone="America/Chicago", limit=7, offset=offset)
        )
        pages += [r.facts.therapist_id for r in page.results]
    assert pages == everything
    scores = [r.score for r in pool.search(q).results]
    assert scores == sorted(scores, reverse=True)
