"""Ranking properties on small in-memory indexes (no database, no Flask)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.encoding import layout, mask_of
from matching.index import (
    ACCEPTING,
    NO_CONTACT,
    PSYPACT,
    TELEHEALTH,
    SearchIndex,
    TherapistDoc,
    docs_to_columns,
)
from matching.ranking import (
    CLEARLY_BETTER,
    WEIGHTS,
    SearchQuery,
    count,
    rank,
    tier_part,
)

BITS = layout()
PORTLAND = (45.5152, -122.6784)
TODAY = 20_000


def doc(tid: int, **kw) -> TherapistDoc:
    """An unremarkable therapist in central Portland; keyword arguments change one thing."""
    conditions = kw.pop("conditions", ["depression"])
    primary = kw.pop("primary", conditions[:1])
    base = {
        "cond_primary": mask_of(BITS.conditions, primary),
        "cond_any": mask_of(BITS.conditions, conditions),
        "payers": mask_of(BITS.payers, kw.pop("payers", ["aetna"])),
        "languages": mask_of(BITS.languages, kw.pop("languages", ["en"])),
        "age_groups": mask_of(BITS.age_groups, kw.pop("ages", ["adults"])),
        "adaptations": mask_of(BITS.adaptations, kw.pop("adaptations", ["ipt"])),
        "licence_states": mask_of(BITS.states, kw.pop("licensed", ["OR"])),
        "flags": kw.pop("flags", TELEHEALTH | ACCEPTING),
        "confirmed_day": kw.pop("confirmed_day", TODAY - 3),
        "tier_verified": kw.pop("tier_verified", 0),
        "tier_claimed": kw.pop("tier_claimed", 2),
        "locations": kw.pop("locations", [PORTLAND]),
    }
    base.update(kw)
    return TherapistDoc(tid=tid, **base)


def index_of(*docs: TherapistDoc) -> SearchIndex:
    return SearchIndex(*docs_to_columns(list(docs)))


def query(**kw) -> SearchQuery:
    base = {"lat": PORTLAND[0], "lon": PORTLAND[1], "state": "OR", "today_day": TODAY}
    return SearchQuery(**{**base, **kw})


def order(index: SearchIndex, q: SearchQuery) -> list[int]:
    return [h.therapist_id for h in rank(index, q).hits]


def miles_north(miles: float) -> tuple[float, float]:
    return (PORTLAND[0] + miles / 69.0, PORTLAND[1])


def test_out_of_radius_in_person_results_are_excluded():
    idx = index_of(doc(1, locations=[miles_north(5)]), doc(2, locations=[miles_north(40)]))
    assert order(idx, query(radius_mi=25, telehealth="exclude")) == [1]
    assert rank(idx, query(radius_mi=25, telehealth="exclude")).total == 1
    assert sorted(order(idx, query(radius_mi=50, telehealth="exclude"))) == [1, 2]


def test_telehealth_needs_a_licence_in_the_seekers_state():
    far = [miles_north(300)]
    idx = index_of(
        doc(1, locations=far, licensed=["OR"]),
        doc(2, locations=far, licensed=["WA"]),
        doc(3, locations=far, licensed=["OR"], flags=ACCEPTING),  # licensed but no telehealth
    )
    assert order(idx, query(telehealth="only")) == [1]
    assert order(idx, query(telehealth="include")) == [1]
    assert order(idx, query(telehealth="exclude")) == []


def test_psypact_extends_telehealth_to_member_states_only():
    far = [miles_north(300)]
    idx = index_of(doc(1, locations=far, licensed=["WA"], flags=TELEHEALTH | PSYPACT | ACCEPTING))
    assert order(idx, query(state="TX", lat=30.27, lon=-97.74, telehealth="only")) == [1]
    # California has not joined PSYPACT
    assert order(idx, query(state="CA", lat=34.05, lon=-118.24, telehealth="only")) == []


def test_telehealth_only_therapist_without_an_office_is_found():
    idx = index_of(doc(1, locations=[]))
    result = rank(idx, query())
    assert [h.therapist_id for h in result.hits] == [1]
    assert result.hits[0].distance_mi is None
    assert not result.hits[0].in_person


@pytest.mark.parametrize(
    ("field", "value", "kw"),
    [
        ("payers", ("cigna",), {"payers": ["aetna"]}),
        ("languages", ("es",), {"languages": ["en"]}),
        ("age_group", "adolescents", {"ages": ["adults"]}),
        ("min_tier", "supervisor", {"tier_claimed": 2}),
        ("verified_only", True, {"tier_verified": 0}),
        ("accepting_only", True, {"flags": TELEHEALTH}),
    ],
)
def test_hard_filters_exclude_and_include(field, value, kw):
    idx = index_of(doc(1, **kw), doc(2))
    fitting = {
        "payers": {"payers": ["cigna"]},
        "languages": {"languages": ["es", "en"]},
        "age_group": {"ages": ["adolescents"]},
        "min_tier": {"tier_claimed": 3},
        "verified_only": {"tier_verified": 2},
        "accepting_only": {},
    }[field]
    idx = index_of(doc(1, **kw), doc(2, **fitting))
    assert order(idx, query(**{field: value})) == [2]


def test_condition_requires_some_fit_and_ranks_exact_above_related():
    idx = index_of(
        doc(1, conditions=["ocd"]),
        doc(2, conditions=["role-transitions"]),  # related IPT problem area
        doc(3, conditions=["depression"]),  # parent of perinatal depression
        doc(4, conditions=["anxiety", "perinatal-depression"], primary=["anxiety"]),
        doc(5, conditions=["perinatal-depression"]),
    )
    result = rank(idx, query(conditions=("perinatal-depression",)))
    assert [h.therapist_id for h in result.hits] == [5, 4, 3, 2]
    assert [h.fit for h in result.hits] == ["primary", "secondary", "hierarchy", "related"]


def test_adaptation_that_fits_the_condition_counts():
    idx = index_of(
        doc(1, conditions=["bipolar"]), doc(2, conditions=["bipolar"], adaptations=["ipsrt"])
    )
    hits = rank(idx, query(conditions=("bipolar",))).hits
    assert [h.therapist_id for h in hits] == [2, 1]
    assert hits[0].adaptation_fit


def test_stale_and_unavailable_listings_rank_lower():
    idx = index_of(
        doc(1, confirmed_day=TODAY - 200),
        doc(2, flags=TELEHEALTH),
        doc(3, confirmed_day=TODAY - 1),
    )
    assert order(idx, query()) == [3, 1, 2]


def test_results_are_deterministic_with_ties_broken_by_id():
    docs = [doc(i) for i in range(50, 0, -1)]
    idx = index_of(*docs)
    first = order(idx, query(limit=100))
    assert first == sorted(first)
    assert first == order(index_of(*reversed(docs)), query(limit=100))


def test_pagination_covers_every_result_once():
    idx = index_of(*[doc(i, locations=[miles_north(i % 20)]) for i in range(1, 61)])
    pages = [order(idx, query(limit=7, offset=o)) for o in range(0, 63, 7)]
    seen = [tid for page in pages for tid in page]
    assert sorted(seen) == list(range(1, 61))
    assert rank(idx, query(limit=7)).total == 60


def test_sort_by_distance():
    idx = index_of(
        doc(1, locations=[miles_north(9)], tier_verified=4),
        doc(2, locations=[miles_north(1)], flags=TELEHEALTH),
    )
    assert order(idx, query()) == [1, 2]
    assert order(idx, query(sort="distance")) == [2, 1]


def test_multiple_locations_count_once_at_the_nearest():
    idx = index_of(
        doc(1, locations=[miles_north(20), miles_north(2)]), doc(2, locations=[miles_north(5)])
    )
    result = rank(idx, query(telehealth="exclude"))
    assert result.total == 2
    assert [h.therapist_id for h in result.hits] == [1, 2]
    assert result.hits[0].distance_mi == pytest.approx(2, rel=0.01)


def test_applying_changes_updates_and_removes():
    idx = index_of(doc(1), doc(2, payers=["cigna"]))
    assert order(idx, query(payers=("cigna",))) == [2]
    idx.apply([doc(1, payers=["cigna"]), doc(3, payers=["cigna"])], removed=[2], generation=5)
    assert order(idx, query(payers=("cigna",))) == [1, 3]
    assert idx.generation == 5
    assert count(idx, query()) == 2


def test_merging_the_delta_keeps_the_same_answers(monkeypatch):
    docs = [doc(i, locations=[miles_north(i % 30)]) for i in range(1, 41)]
    idx = index_of(*docs)
    monkeypatch.setattr(SearchIndex, "MERGE_AT", 5)
    changed = [doc(i, locations=[miles_north(1)], payers=["cigna"]) for i in range(1, 8)]
    idx.apply(changed, removed=[39, 40], generation=2)
    assert idx.delta_docs == {}  # merged
    expected = index_of(*changed, *[d for d in docs if d.tid >= 8 and d.tid < 39])
    for q in (query(), query(payers=("cigna",)), query(sort="distance", limit=50)):
        assert order(idx, q) == order(expected, q)


# --- properties over random therapists -----------------------------------------------------

therapist_strategy = st.builds(
    dict,
    miles=st.floats(0, 24),
    tier_verified=st.integers(0, 4),
    tier_claimed=st.integers(0, 4),
    conditions=st.lists(
        st.sampled_from(["depression", "perinatal-depression", "grief", "bipolar", "ptsd"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    confirmed_ago=st.integers(0, 300),
    telehealth=st.booleans(),
)


def _doc_from(tid: int, spec: dict) -> TherapistDoc:
    return doc(
        tid,
        locations=[miles_north(spec["miles"])],
        tier_verified=spec["tier_verified"],
        tier_claimed=spec["tier_claimed"],
        conditions=spec["conditions"],
        confirmed_day=TODAY - spec["confirmed_ago"],
        flags=ACCEPTING | (TELEHEALTH if spec["telehealth"] else 0),
    )


def _score_of(idx: SearchIndex, q: SearchQuery, tid: int) -> float:
    """The therapist's score, or -1 when a hard constraint leaves them out."""
    hits = rank(idx, dataclasses.replace(q, limit=100)).hits
    return next((h.score for h in hits if h.therapist_id == tid), -1.0)


Q = query(conditions=("perinatal-depression",), radius_mi=25)


@settings(max_examples=60, deadline=None)
@given(
    others=st.lists(therapist_strategy, max_size=8), me=therapist_strategy, closer=st.floats(0, 1)
)
def test_moving_closer_never_lowers_the_score(others, me, closer):
    base = [_doc_from(i + 2, s) for i, s in enumerate(others)]
    before = _score_of(index_of(_doc_from(1, me), *base), Q, 1)
    nearer = {**me, "miles": me["miles"] * closer}
    assert _score_of(index_of(_doc_from(1, nearer), *base), Q, 1) >= before


@settings(max_examples=60, deadline=None)
@given(others=st.lists(therapist_strategy, max_size=8), me=therapist_strategy)
def test_adding_the_asked_specialty_never_lowers_the_score(others, me):
    base = [_doc_from(i + 2, s) for i, s in enumerate(others)]
    before = _score_of(index_of(_doc_from(1, me), *base), Q, 1)
    added = {**me, "conditions": [*me["conditions"], "perinatal-depression"]}
    if "perinatal-depression" in me["conditions"]:
        return
    assert _score_of(index_of(_doc_from(1, added), *base), Q, 1) >= before


@settings(max_examples=60, deadline=None)
@given(me=therapist_strategy, tier=st.integers(1, 4))
def test_verified_never_ranks_below_the_same_credential_self_reported(me, tier):
    verified = _doc_from(2, {**me, "tier_verified": tier, "tier_claimed": 0})
    claimed = _doc_from(1, {**me, "tier_verified": 0, "tier_claimed": tier})
    ids = order(index_of(claimed, verified), Q)
    if 1 in ids:
        assert 2 in ids
        assert ids.index(2) < ids.index(1)


def _rest_points(hit, verified: int, claimed: int) -> float:
    """A hit's score without its credential term: everything else about the match."""
    total_weight = sum(WEIGHTS[name] for name in hit.parts)
    credential = 100 * WEIGHTS["ipt"] * 0.8 * float(tier_part(verified, claimed)) / total_weight
    return hit.score - credential


@settings(max_examples=120, deadline=None)
@given(
    verified_spec=therapist_strategy,
    claimed_spec=therapist_strategy,
    verified_tier=st.integers(1, 4),
    extra=st.integers(0, 3),
    asked=st.sampled_from([(), ("perinatal-depression",), ("depression",)]),
)
def test_unverified_never_outranks_verified_of_same_or_lower_tier_unless_clearly_better(
    verified_spec, claimed_spec, verified_tier, extra, asked
):
    """docs/search.md, trust rule: a self-reported or pending credential ranks above a verified
    one of the same or a lower tier only when the rest of the match is CLEARLY_BETTER."""
    claimed_tier = min(4, verified_tier + extra)
    verified = _doc_from(1, {**verified_spec, "tier_verified": verified_tier, "tier_claimed": 0})
    unverified = _doc_from(2, {**claimed_spec, "tier_verified": 0, "tier_claimed": claimed_tier})
    hits = rank(index_of(verified, unverified), query(conditions=asked, limit=10)).hits
    by_id = {h.therapist_id: h for h in hits}
    if 1 not in by_id or 2 not in by_id:
        return
    ids = [h.therapist_id for h in hits]
    if ids.index(2) < ids.index(1):  # the unverified one ranks first: only if clearly better
        advantage = _rest_points(by_id[2], 0, claimed_tier) - _rest_points(
            by_id[1], verified_tier, 0
        )
        assert advantage > CLEARLY_BETTER - 1e-6


def test_self_reported_level_d_does_not_outrank_verified_level_b():
    """The walkthrough's case: otherwise identical, a verified Level B comes first."""
    self_reported_d = doc(1, tier_verified=0, tier_claimed=4)
    verified_b = doc(2, tier_verified=2, tier_claimed=0)
    verified_a = doc(3, tier_verified=1, tier_claimed=0)
    assert order(index_of(self_reported_d, verified_b, verified_a), query()) == [2, 3, 1]
    assert pytest.approx(6.0) == CLEARLY_BETTER


@pytest.mark.parametrize("sort", ["best", "distance"])
def test_listings_nobody_can_contact_rank_below_the_rest(sort):
    unclaimed = doc(1, tier_verified=4, locations=[PORTLAND], flags=ACCEPTING | NO_CONTACT)
    contactable = doc(2, tier_verified=0, tier_claimed=1, locations=[miles_north(10)])
    assert order(index_of(unclaimed, contactable), query(sort=sort)) == [2, 1]
    assert count(index_of(unclaimed, contactable), query()) == 2


def test_shown_distances_agree_with_geopy_geodesic():
    from geopy.distance import geodesic

    from matching.distance import geodesic_miles_many

    points = [(45.52, -122.68), (40.75, -73.99), (45.53, -122.67), (61.2, -149.9), (21.3, -157.8)]
    got = geodesic_miles_many(45.5152, -122.6784, [p[0] for p in points], [p[1] for p in points])
    for (lat, lon), miles in zip(points, got, strict=True):
        assert miles == pytest.approx(geodesic((45.5152, -122.6784), (lat, lon)).miles, rel=1e-6)
