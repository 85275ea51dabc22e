"""The search service: a seeker's words in, ranked and explained therapists out.

Views parse and validate parameters, then call ``search``; everything the product decides about a
search (how text becomes slugs, how few results are answered, what the notes say) lives here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.directory.models import Therapist
from app.extensions import db
from matching import ranking
from matching.conditions import ConditionResolution, resolve_conditions
from matching.explain import CredentialFact, ProfileFacts, reasons
from matching.geo import Place, geodesic_miles, resolve_place
from matching.insurance import resolve_insurers
from matching.reference import vocabulary

SPARSE_RESULTS = 5  # fewer than this on the first page: suggest a wider radius and telehealth
MAX_RADIUS_MI = 200
EPOCH = dt.date(1970, 1, 1)


class SearchInputError(ValueError):
    """Bad search input, named by field, fit to show to a person."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SearchParams:
    location: str
    radius_mi: float = 25.0
    condition: str | None = None
    insurance: str | None = None
    telehealth: str = "include"
    age_group: str | None = None
    language: str | None = None
    min_ipt_tier: str | None = None
    verified_only: bool = False
    accepting: bool = False
    sort: str = "best"
    limit: int = 20
    offset: int = 0


@dataclass
class SearchResult:
    hit: ranking.RankedHit
    therapist: Therapist
    distance_mi: float | None
    nearest_location: object | None
    reasons: list[str]


@dataclass
class SearchOutcome:
    place: Place
    query: ranking.SearchQuery
    conditions: ConditionResolution | None
    chosen_conditions: list[str]
    payers: list[str]
    total: int
    results: list[SearchResult]
    notes: list[str] = field(default_factory=list)
    crisis: bool = False
    suggestions: dict = field(default_factory=dict)


def today() -> dt.date:
    return current_app.config.get("TODAY") or dt.date.today()


def _choose_conditions(text: str | None) -> tuple[ConditionResolution | None, list[str]]:
    if not text:
        return None, []
    if text in vocabulary().conditions:  # an exact slug, as partner sites and our form send
        return None, [text]
    resolution = resolve_conditions(text)
    if not resolution.matches:
        return resolution, []
    top = resolution.matches[0]
    chosen = [top.slug]
    # A second condition named as clearly as the first ("depression and anxiety") joins it.
    for match in resolution.matches[1:3]:
        if match.score >= 0.95 and match.score >= top.score - 0.02:
            chosen.append(match.slug)
    return resolution, chosen


def _choose_payers(text: str | None) -> list[str]:
    if not text:
        return []
    payers = vocabulary().payers
    slugs = [s.strip() for s in text.split(",")]
    if all(s in payers for s in slugs):
        return slugs
    return [m.slug for m in resolve_insurers(text).matches]


def _choose_language(text: str | None) -> list[str]:
    if not text:
        return []
    languages = vocabulary().languages
    if text in languages:
        return [text]
    by_name = {name.lower(): code for code, name in languages.items()}
    code = by_name.get(text.strip().lower())
    if code is None:
        raise SearchInputError(
            "language", f"Unknown language '{text}'. Use an ISO code such as 'es' or a name such as 'Spanish'."
        )
    return [code]


def search(params: SearchParams) -> SearchOutcome:
    place = resolve_place(params.location)  # PlaceError names what was wrong
    resolution, conditions = _choose_conditions(params.condition)
    payers = _choose_payers(params.insurance)
    notes: list[str] = []
    age_group = params.age_group
    if resolution is not None:
        if params.condition and not resolution.matches:
            notes.append(
                "We could not match what you typed to a condition we know, so these results are "
                "not filtered by condition."
            )
        if resolution.guidance:
            notes.append(resolution.guidance)
        if age_group is None and len(resolution.age_groups) == 1:
            age_group = resolution.age_groups[0]
            notes.append(f"Showing therapists who work with {vocabulary().age_groups[age_group].lower()}.")
    if params.insurance and not payers:
        notes.append(
            f"We could not recognise the insurer '{params.insurance}', so results are not "
            "filtered by insurance."
        )
    query = ranking.SearchQuery(
        lat=place.lat,
        lon=place.lon,
        state=place.state,
        today_day=(today() - EPOCH).days,
        radius_mi=params.radius_mi,
        conditions=tuple(conditions),
        payers=tuple(payers),
        telehealth=params.telehealth,
        age_group=age_group,
        languages=tuple(_choose_language(params.language)),
        min_tier=params.min_ipt_tier,
        verified_only=params.verified_only,
        accepting_only=params.accepting,
        sort=params.sort,
        limit=params.limit,
        offset=params.offset,
    )
    cache = current_app.extensions["search_index"]
    with cache.current(db.session) as index:
        result = ranking.rank(index, query)
        suggestions = _suggestions(index, query, result.total) if result.total < SPARSE_RESULTS else {}
    outcome = SearchOutcome(
        place=place,
        query=query,
        conditions=resolution,
        chosen_conditions=conditions,
        payers=payers,
        total=result.total,
        results=_explain(result.hits, query),
        notes=notes,
        crisis=bool(resolution and resolution.crisis),
        suggestions=suggestions,
    )
    outcome.notes.extend(_suggestion_notes(query, result.total, suggestions))
    return outcome


def _suggestions(index, query: ranking.SearchQuery, total: int) -> dict:
    """Counts that turn a thin page into next steps: a wider radius, and telehealth."""
    out: dict = {}
    for radius in (query.radius_mi * 2, query.radius_mi * 4, MAX_RADIUS_MI):
        radius = min(radius, MAX_RADIUS_MI)
        if radius <= query.radius_mi:
            continue
        wider = ranking.count(index, replace(query, radius_mi=radius))
        if wider > total:
            out["wider_radius_mi"] = radius
            out["wider_radius_total"] = wider
            break
    if query.telehealth != "only" and query.state:
        out["telehealth_total"] = ranking.count(index, replace(query, telehealth="only"))
    return out


def _suggestion_notes(query: ranking.SearchQuery, total: int, s: dict) -> list[str]:
    notes = []
    if "wider_radius_mi" in s:
        notes.append(
            f"Only {total} {'therapist' if total == 1 else 'therapists'} within "
            f"{query.radius_mi:g} mi. Within {s['wider_radius_mi']:g} mi there are "
            f"{s['wider_radius_total']}."
        )
    elif total < SPARSE_RESULTS and query.telehealth != "only":
        notes.append(f"Only {total} {'therapist' if total == 1 else 'therapists'} match nearby.")
    if s.get("telehealth_total"):
        state = vocabulary().states.get(query.state, query.state)
        if query.telehealth == "exclude":
            notes.append(
                f"{s['telehealth_total']} therapists licensed in {state} offer telehealth: "
                "include telehealth to see them."
            )
        else:
            notes.append(f"{s['telehealth_total']} therapists licensed in {state} offer telehealth.")
    return notes


def load_profiles(ids: list[int]) -> dict[int, Therapist]:
    if not ids:
        return {}
    stmt = (
        select(Therapist)
        .where(Therapist.id.in_(ids))
        .options(
            selectinload(Therapist.locations),
            selectinload(Therapist.ipt_credentials),
            selectinload(Therapist.specialties),
            selectinload(Therapist.payer_links),
            selectinload(Therapist.adaptation_links),
            selectinload(Therapist.licences),
            selectinload(Therapist.language_links),
            selectinload(Therapist.age_group_links),
        )
    )
    return {t.id: t for t in db.session.scalars(stmt)}


def facts_of(t: Therapist) -> ProfileFacts:
    return ProfileFacts(
        specialties={s.condition_slug: s.is_primary for s in t.specialties},
        credentials=[
            CredentialFact(c.body, c.level, c.tier, c.status, c.verified_at)
            for c in t.ipt_credentials
        ],
        adaptations=list(t.adaptations),
        payers=set(t.insurance),
        languages=set(t.languages),
        accepting=t.accepting_clients,
        confirmed_on=t.accepting_confirmed_on,
        licence_states={lic.state for lic in t.licences},
        psypact=t.psypact,
    )


def _explain(hits: list[ranking.RankedHit], query: ranking.SearchQuery) -> list[SearchResult]:
    profiles = load_profiles([h.therapist_id for h in hits])
    on = today()
    out = []
    for hit in hits:
        therapist = profiles.get(hit.therapist_id)
        if therapist is None:  # deleted between ranking and loading: skip rather than fail
            continue
        nearest, distance = None, None
        for loc in therapist.locations:
            d = geodesic_miles(query.lat, query.lon, loc.lat, loc.lon)
            if distance is None or d < distance:
                nearest, distance = loc, d
        facts = facts_of(therapist)
        if nearest is not None:
            facts = replace(facts, nearest_place=f"{nearest.city}, {nearest.state}")
        out.append(
            SearchResult(hit, therapist, distance, nearest, reasons(hit, facts, query, on, distance))
        )
    return out
