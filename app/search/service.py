"""The search service: a seeker's words in, ranked and explained therapists out.

Views parse and validate parameters, then call ``search``; everything the product decides about a
search (how text becomes slugs, how few results are answered, what the notes say) lives here.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from flask import current_app
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import bindparam, select

from app.core.clock import today
from app.core.extensions import db
from app.core.i18n import BabelWords, supported
from app.directory.models import IptCredential, Location, Therapist, TherapistPhoto
from app.directory.public import location_dict
from app.search.safety import check as safety_check
from app.search.signals import searched
from matching import ranking
from matching.conditions import ConditionResolution, resolve_conditions
from matching.distance import geodesic_miles_many
from matching.encoding import layout, members
from matching.explain import CredentialFact, ProfileFacts, reason_parts
from matching.geo import Place, resolve_place
from matching.index import PSYPACT
from matching.insurance import resolve_insurers
from matching.reference import vocabulary
from matching.safety import Triage, triage
from matching.sentence import Piece, Understanding, understand

SPARSE_RESULTS = 5  # fewer than this on the first page: suggest a wider radius and telehealth
MAX_RADIUS_MI = 200
EPOCH = dt.date(1970, 1, 1)
MAX_SENTENCE_CHARS = 1000  # a long message, not a pasted document
# What a sentence can set that the search filters on, each also an explicit parameter (which wins).
SENTENCE_FIELDS = ("location", "condition", "insurance", "age_group", "language", "telehealth")
# Understood and echoed, but not filters (the index has no fees or therapist gender yet).
NOTED_FIELDS = ("gender", "fee_max", "sliding_scale", "low_cost")


class SearchInputError(ValueError):
    """Bad search input, named by field, fit to show to a person."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class SentenceError(SearchInputError):
    """The sentence in ``q`` cannot be searched as it is: nothing searchable in it (``q``), or no
    place (``location``). ``reading`` holds everything else that was understood, and the safety
    triage, so a page can ask only for what is missing and show crisis help where it applies."""

    def __init__(self, field: str, message: str, reading: Reading):
        super().__init__(field, message)
        self.reading = reading


@dataclass(frozen=True)
class SearchParams:
    """A search as asked. ``q`` is the seeker's own sentence; any other parameter given
    explicitly wins over what the sentence says about the same field (see :func:`read_sentence`).
    ``ignore`` names sentence fields to leave out (a chip the seeker removed)."""

    location: str | None = None
    radius_mi: float = 25.0
    condition: str | None = None
    insurance: str | None = None
    telehealth: str | None = None  # include | only | exclude; None: the sentence's, else include
    age_group: str | None = None
    language: str | None = None
    min_ipt_tier: str | None = None
    verified_only: bool = False
    accepting: bool = False
    sort: str = "best"
    limit: int = 20
    offset: int = 0
    lang: str = "en"  # labels, reasons and notes: "en" or "es" (anything else reads as English)
    q: str | None = None
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What the sentence ``q`` gave a search, after explicit parameters had their say."""

    understanding: Understanding
    used: tuple[Piece, ...] = ()  # applied as filters (or noted, NOTED_FIELDS), sentence order
    overridden: tuple[Piece, ...] = ()  # replaced by an explicit parameter
    ignored: tuple[Piece, ...] = ()  # left out on request

    @property
    def safety(self) -> Triage:
        return self.understanding.safety

    def piece(self, field: str) -> Piece | None:
        return next((p for p in self.used if p.field == field), None)

    def as_dicts(self) -> list[dict]:
        """The API's ``understood``: ``{field, value, label, text}`` per piece in use."""
        u = self.understanding
        out = []
        for piece in self.used:
            d = piece.as_dict()
            if piece.field == "location" and u.place_ambiguous:
                d["alternatives"] = [p.label for p in u.place_alternatives]
            out.append(d)
        return out


@dataclass
class ResultCard:
    """What a result shows about a therapist, read in three small queries plus the index."""

    id: int
    slug: str
    name: str
    pronouns: str | None
    credential_letters: str | None
    telehealth: bool
    accepting_clients: bool
    accepting_confirmed_on: dt.date | None
    fee_min: int | None
    fee_max: int | None
    sliding_scale: bool
    bio: str | None
    photo_token: str | None
    specialty_slugs: list[tuple[str, bool]]  # (condition slug, primary?), primary first
    payer_slugs: list[str]
    language_codes: list[str]
    adaptation_slugs: list[str]
    credentials: list[CredentialFact]
    locations: list[dict]


@dataclass
class SearchResult:
    hit: ranking.RankedHit
    therapist: ResultCard
    distance_mi: float | None
    nearest_location: dict | None
    explained: list[tuple[str, str]]  # (score part, reason), see matching.explain.reason_parts

    @property
    def reasons(self) -> list[str]:
        return [text for _, text in self.explained]


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
    safety: Triage = field(default_factory=lambda: Triage(()))  # danger in any of the words
    lang: str = "en"
    guidance: str | None = None  # a kind note when IPT is not a first choice for the condition
    reading: Reading | None = None  # what the sentence q gave, when there was one


def _choose_conditions(
    text: str | None, lang: str = "en"
) -> tuple[ConditionResolution | None, list[str]]:
    if not text:
        return None, []
    if text in vocabulary().conditions:  # an exact slug, as partner sites and our form send
        return None, [text]
    resolution = resolve_conditions(text, lang=lang)
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
    text = (text or "").strip()
    if not text:
        return []
    languages = vocabulary().languages
    if text in languages:
        return [text]
    by_name = {name.lower(): code for code, name in languages.items()}
    code = by_name.get(text.strip().lower())
    if code is None:
        raise SearchInputError(
            "language",
            gettext(
                "Unknown language '%(text)s'. Use an ISO code such as 'es' or a name such as "
                "'Spanish'.",
                text=text,
            ),
        )
    return [code]


def _searchable(piece: Piece, danger: Piece | None) -> bool:
    """A piece worth searching on: not the safety triage, nor a condition read from crisis words
    alone ("I want to die" is not a search for depression near nowhere)."""
    if piece.field == "safety":
        return False
    from_danger = danger is not None and bool(piece.text) and piece.text in danger.text
    return not (piece.field == "condition" and from_danger)


def _explicit(params: SearchParams, field_name: str) -> bool:
    return getattr(params, field_name) not in (None, "")


def read_sentence(params: SearchParams) -> Reading | None:
    """The one place the rule lives: a field given as a parameter wins over what ``q`` says about
    it; a field in ``ignore`` is left out; the rest of the sentence is used.

    Raises :class:`SentenceError` naming ``q`` when nothing in the sentence can be searched (empty,
    too long, only emoji, only crisis words) and nothing else was given, and naming ``location``
    when there is something to search but no place."""
    if params.q is None:
        return None
    text = params.q
    if not text.strip():
        raise SentenceError(
            "q",
            gettext(
                "Write a few words about what you would like help with and where you are, or "
                "leave q out."
            ),
            Reading(understand("")),
        )
    if len(text) > MAX_SENTENCE_CHARS:
        # Still read for danger signals: a long message may be a cry for help.
        u = Understanding(text, (), "", truncated=True, safety=triage(text))
        raise SentenceError(
            "q",
            gettext(
                "Keep it under %(max)s characters: a sentence or two about what you would like "
                "help with and where you are.",
                max=f"{MAX_SENTENCE_CHARS:,}",
            ),
            Reading(u),
        )
    u = understand(text)
    used, overridden, ignored = [], [], []
    for piece in u.pieces:
        if piece.field in params.ignore:
            ignored.append(piece)
        elif piece.field in SENTENCE_FIELDS and _explicit(params, piece.field):
            overridden.append(piece)
        else:
            used.append(piece)
    reading = Reading(u, tuple(used), tuple(overridden), tuple(ignored))
    if reading.piece("location") is None and not params.location:
        danger = u.get("safety")
        anything = any(_searchable(p, danger) for p in used) or any(
            _explicit(params, f) for f in SENTENCE_FIELDS
        )
        if not anything and not ignored:
            raise SentenceError(
                "q",
                gettext(
                    "We could not find what to search for in these words. Say where you are (a "
                    "city and state, a ZIP code or a state) and, if you like, what you would like "
                    "help with."
                ),
                reading,
            )
        raise SentenceError(
            "location",
            gettext(
                "Where are you? Enter a city and state, a ZIP code or a state, so we can find "
                "therapists near you or licensed to see you by video."
            ),
            reading,
        )
    return reading


def _guidance(slugs: list[str], lang: str) -> str | None:
    return vocabulary().condition_guidance(slugs[0], lang) if slugs else None


def search(params: SearchParams) -> SearchOutcome:
    """Run a search; labels, reasons and notes in ``params.lang`` (Flask-Babel's catalog)."""
    lang = supported(params.lang) or "en"
    if lang != params.lang:
        params = replace(params, lang=lang)
    with force_locale(lang):
        return _search(params)


def _search(params: SearchParams) -> SearchOutcome:
    lang = params.lang
    reading = read_sentence(params)
    others = (params.condition, params.insurance, params.location)
    if reading is not None and not any(others):
        safety = reading.safety  # the sentence was triaged as it was read
    else:
        safety = safety_check(params.q, *others)
    used = reading.piece if reading is not None else (lambda _field: None)
    if params.location:
        place = resolve_place(params.location)  # PlaceError names what was wrong
    elif reading is not None and reading.understanding.place is not None and used("location"):
        place = reading.understanding.place
    else:
        raise SearchInputError(
            "location",
            gettext(
                "Enter a location: a ZIP code, a city and state, or a state (or describe your "
                "search in q)."
            ),
        )
    notes: list[str] = []
    guidance: str | None = None
    condition_piece = used("condition")
    if params.condition or condition_piece is None:
        resolution, conditions = _choose_conditions(params.condition, lang)
    else:
        resolution, conditions = None, list(condition_piece.value)
        guidance = _guidance(conditions, lang)
        if guidance:
            notes.append(guidance)
    if resolution is not None:
        guidance = resolution.guidance
    elif conditions and guidance is None:  # an exact slug ("ocd", "substance-use") from the form
        guidance = vocabulary().condition_guidance(conditions[0], lang)
        if guidance:
            notes.append(guidance)
    insurance_piece = used("insurance")
    payers = (
        [insurance_piece.value]
        if insurance_piece is not None and not params.insurance
        else _choose_payers(params.insurance)
    )
    age_piece = used("age_group")
    age_group = params.age_group or (age_piece.value if age_piece is not None else None)
    language_piece = used("language")
    language = params.language or (language_piece.value if language_piece is not None else None)
    telehealth_piece = used("telehealth")
    telehealth = (
        params.telehealth
        or (telehealth_piece.value if telehealth_piece is not None else None)
        or "include"
    )
    if resolution is not None:
        # Words in crisis that name no condition get the crisis resources, not this note.
        if params.condition and not resolution.matches and not safety.crisis:
            notes.append(
                gettext(
                    "We could not match what you typed to a condition we know, so these results "
                    "are not filtered by condition."
                )
            )
        if resolution.guidance:
            guidance = resolution.guidance
            notes.append(resolution.guidance)
        if age_group is None and len(resolution.age_groups) == 1 and reading is None:
            age_group = resolution.age_groups[0]
            notes.append(
                gettext(
                    "Showing therapists who work with %(age_group)s.",
                    age_group=vocabulary().age_group_label(age_group, lang).lower(),
                )
            )
    if params.insurance and not payers:
        notes.append(
            gettext(
                "We could not recognise the insurer '%(insurer)s', so results are not filtered "
                "by insurance.",
                insurer=params.insurance,
            )
        )
    query = ranking.SearchQuery(
        lat=place.lat,
        lon=place.lon,
        state=place.state,
        today_day=(today() - EPOCH).days,
        radius_mi=params.radius_mi,
        conditions=tuple(conditions),
        payers=tuple(payers),
        telehealth=telehealth,
        age_group=age_group,
        languages=tuple(_choose_language(language)),
        min_tier=params.min_ipt_tier,
        verified_only=params.verified_only,
        accepting_only=params.accepting,
        sort=params.sort,
        limit=params.limit,
        offset=params.offset,
    )
    cache = current_app.extensions["search_index"]
    with cache.current(db.session) as index:
        generation = index.generation
        key = (params, query.today_day, generation)
        cached = cache.outcomes.get(key)
        if cached is not None:
            searched.send(cached)
            return cached
        result = ranking.rank(index, query)
        sparse = result.total < SPARSE_RESULTS or (
            query.telehealth != "only" and result.in_person_total < SPARSE_RESULTS
        )
        suggestions = _suggestions(index, query, result) if sparse else {}
        # Cards cached for therapists that have not changed since they were read.
        known = {}
        for hit in result.hits:
            entry = cache.cards.get(hit.therapist_id)
            if entry is not None and index.is_current(hit.therapist_id, entry[0]):
                known[hit.therapist_id] = entry[1]
    outcome = SearchOutcome(
        place=place,
        query=query,
        conditions=resolution,
        chosen_conditions=conditions,
        payers=payers,
        total=result.total,
        results=_explain(result.hits, query, known, cache.cards, generation, BabelWords(lang)),
        notes=notes,
        crisis=safety.crisis,
        suggestions=suggestions,
        guidance=guidance,
        safety=safety,
        lang=lang,
        reading=reading,
    )
    if reading is not None:
        outcome.notes.extend(_noted_notes(reading))
    outcome.notes.extend(_suggestion_notes(query, result.total, suggestions))
    cache.outcomes.put(key, outcome)
    searched.send(outcome)
    return outcome


def search_rendered(params: SearchParams, render: Callable[[SearchOutcome], bytes]) -> bytes:
    """``render(search(params))``, kept compressed per worker until any profile changes, so a
    repeated search (a popular place and condition) is answered without ranking or rendering."""
    cache = current_app.extensions["search_index"]
    with cache.current(db.session) as index:
        key = (params, (today() - EPOCH).days, index.generation)
        stored = cache.bodies.get(key)
        known = cache.outcomes.get(key) if stored is not None else None
    if stored is not None:
        if known is not None:  # the same key as the outcome cache: announce it as answered
            searched.send(known)
        return zlib.decompress(stored)
    outcome = search(params)
    with force_locale(outcome.lang):
        body = render(outcome)
    cache.bodies.put(key, zlib.compress(body, 1))
    return body


def _noted_notes(reading: Reading) -> list[str]:
    """Say plainly what was understood but is not (yet) a filter."""
    noted = [p for p in reading.used if p.field in NOTED_FIELDS]
    if not noted:
        return []
    labels = ", ".join(p.label for p in noted)
    return [
        gettext(
            "We noted: %(labels)s. The directory cannot filter on this yet, so these results are "
            "not narrowed by it.",
            labels=labels,
        )
    ]


def _suggestions(index, query: ranking.SearchQuery, result: ranking.RankResult) -> dict:
    """Counts that turn a thin page into next steps: offices in a wider radius, and telehealth."""
    out: dict = {"in_person_total": result.in_person_total}
    in_person = replace(query, telehealth="exclude")
    for radius in (query.radius_mi * 2, query.radius_mi * 4, MAX_RADIUS_MI):
        radius = min(radius, MAX_RADIUS_MI)
        if radius <= query.radius_mi:
            continue
        wider = ranking.count(index, replace(in_person, radius_mi=radius))
        if wider > result.in_person_total:
            out["wider_radius_mi"] = radius
            out["wider_radius_total"] = wider
            break
    if query.telehealth != "only" and query.state:
        out["telehealth_total"] = ranking.count(index, replace(query, telehealth="only"))
    return out


def _suggestion_notes(query: ranking.SearchQuery, total: int, s: dict) -> list[str]:
    if not s:
        return []
    notes = []
    nearby = s.get("in_person_total", total)
    radius = f"{query.radius_mi:g}"
    if "wider_radius_mi" in s:
        wider_mi = "{:g}".format(s["wider_radius_mi"])
        there = ngettext(
            "Within %(wider)s mi there is %(num)d.",
            "Within %(wider)s mi there are %(num)d.",
            s["wider_radius_total"],
            wider=wider_mi,
        )
        if nearby == 0:
            counted = gettext("No therapists within %(radius)s mi.", radius=radius)
        else:
            counted = ngettext(
                "Only %(num)d therapist within %(radius)s mi.",
                "Only %(num)d therapists within %(radius)s mi.",
                nearby,
                radius=radius,
            )
        notes.append(f"{counted} {there}")
    elif nearby < SPARSE_RESULTS and query.telehealth != "only":
        if nearby == 0:
            notes.append(gettext("No therapists match within %(radius)s mi.", radius=radius))
        else:
            notes.append(
                ngettext(
                    "Only %(num)d therapist matches within %(radius)s mi.",
                    "Only %(num)d therapists match within %(radius)s mi.",
                    nearby,
                    radius=radius,
                )
            )
    if s.get("telehealth_total") and query.state:
        state = vocabulary().states.get(query.state, query.state)
        if query.telehealth == "exclude":
            notes.append(
                ngettext(
                    "%(num)d therapist licensed in %(state)s offers telehealth: include "
                    "telehealth to see them.",
                    "%(num)d therapists licensed in %(state)s offer telehealth: include "
                    "telehealth to see them.",
                    s["telehealth_total"],
                    state=state,
                )
            )
        else:
            notes.append(
                ngettext(
                    "%(num)d therapist licensed in %(state)s offers telehealth.",
                    "%(num)d therapists licensed in %(state)s offer telehealth.",
                    s["telehealth_total"],
                    state=state,
                )
            )
    return notes


CARD_COLUMNS = (
    Therapist.id,
    Therapist.slug,
    Therapist.name,
    Therapist.pronouns,
    Therapist.credential_letters,
    Therapist.telehealth,
    Therapist.accepting_clients,
    Therapist.accepting_confirmed_on,
    Therapist.fee_min,
    Therapist.fee_max,
    Therapist.sliding_scale,
    Therapist.bio,
    select(TherapistPhoto.token)  # the approved photo, if any (one at a time)
    .where(TherapistPhoto.therapist_id == Therapist.id, TherapistPhoto.status == "approved")
    .limit(1)
    .scalar_subquery()
    .label("photo_token"),
)


# Labelled so rows are read by name: the dataclasses do not depend on column order.
_LOCATION_KEYS = ("id", "label", "address", "city", "state", "zip", "lat", "lon", "show_address")
_LOCATION_COLUMNS = tuple(getattr(Location, key).label(f"loc_{key}") for key in _LOCATION_KEYS)
_CREDENTIAL_COLUMNS = (
    IptCredential.id.label("cred_id"),
    IptCredential.body.label("cred_body"),
    IptCredential.level.label("cred_level"),
    IptCredential.tier.label("cred_tier"),
    IptCredential.status.label("cred_status"),
    IptCredential.verified_at.label("cred_verified_at"),
    IptCredential.issuer.label("cred_issuer"),
)
# One round trip for a page: each therapist with its locations x credentials (a handful of rows
# each), built once so SQLAlchemy reuses the compiled SQL.
_PAGE_OF = (
    select(*CARD_COLUMNS, *_LOCATION_COLUMNS, *_CREDENTIAL_COLUMNS)
    .outerjoin(Location, Location.therapist_id == Therapist.id)
    .outerjoin(IptCredential, IptCredential.therapist_id == Therapist.id)
    .where(Therapist.id.in_(bindparam("ids", expanding=True)))
    .order_by(Therapist.id, Location.position, Location.id, IptCredential.id)
)


def load_cards(hits: list[ranking.RankedHit]) -> dict[int, ResultCard]:
    """Cards for one page of hits: lists come from the index's packed facts, the rest from one
    query (the therapists with their locations and credentials)."""
    if not hits:
        return {}
    bits = layout()
    facts = {h.therapist_id: h.facts for h in hits}
    cards: dict[int, ResultCard] = {}
    seen: set[tuple[str, int]] = set()
    for row in db.session.execute(_PAGE_OF, {"ids": list(facts)}):
        card = cards.get(row.id)
        if card is None:
            f = facts[row.id]
            primary = set(members(bits.conditions, f["cond_primary"]))
            card = cards[row.id] = ResultCard(
                id=row.id,
                slug=row.slug,
                name=row.name,
                pronouns=row.pronouns,
                credential_letters=row.credential_letters,
                telehealth=row.telehealth,
                accepting_clients=row.accepting_clients,
                accepting_confirmed_on=row.accepting_confirmed_on,
                fee_min=row.fee_min,
                fee_max=row.fee_max,
                sliding_scale=row.sliding_scale,
                bio=row.bio,
                photo_token=row.photo_token,
                specialty_slugs=sorted(
                    ((slug, slug in primary) for slug in members(bits.conditions, f["cond_any"])),
                    key=lambda p: (not p[1], p[0]),
                ),
                payer_slugs=members(bits.payers, f["payers"]),
                language_codes=members(bits.languages, f["languages"]),
                adaptation_slugs=members(bits.adaptations, f["adaptations"]),
                credentials=[],
                locations=[],
            )
        if row.loc_id is not None and ("l", row.loc_id) not in seen:
            seen.add(("l", row.loc_id))
            loc = {key: row._mapping[f"loc_{key}"] for key in _LOCATION_KEYS}
            card.locations.append(location_dict(loc))
        if row.cred_id is not None and ("c", row.cred_id) not in seen:
            seen.add(("c", row.cred_id))
            card.credentials.append(
                CredentialFact(
                    body=row.cred_body,
                    level=row.cred_level,
                    tier=row.cred_tier,
                    status=row.cred_status,
                    verified_at=row.cred_verified_at,
                    issuer=row.cred_issuer,
                )
            )
    return cards


def facts_of(card: ResultCard, hit: ranking.RankedHit) -> ProfileFacts:
    bits = layout()
    return ProfileFacts(
        specialties=dict(card.specialty_slugs),
        credentials=card.credentials,
        adaptations=card.adaptation_slugs,
        payers=set(card.payer_slugs),
        languages=set(card.language_codes),
        accepting=card.accepting_clients,
        confirmed_on=card.accepting_confirmed_on,
        licence_states=set(members(bits.states, hit.facts["licence_states"])),
        psypact=bool(hit.facts["flags"] & PSYPACT),
    )


def _explain(
    hits: list[ranking.RankedHit],
    query: ranking.SearchQuery,
    known: dict[int, ResultCard],
    card_cache,
    generation: int,
    words: BabelWords,
) -> list[SearchResult]:
    """Cards (cached or read now, then cached with the generation they were read at) + reasons."""
    missing = [h for h in hits if h.therapist_id not in known]
    cards = {**known, **load_cards(missing)}
    for hit in missing:
        if hit.therapist_id in cards:
            card_cache.put(hit.therapist_id, (generation, cards[hit.therapist_id]))
    on = today()
    pairs = [(h, cards[h.therapist_id]) for h in hits if h.therapist_id in cards]
    # Ellipsoidal distances for everything shown, in one vectorised call.
    located = [(i, loc) for i, (_, card) in enumerate(pairs) for loc in card.locations]
    miles = geodesic_miles_many(
        query.lat, query.lon, [loc["lat"] for _, loc in located], [loc["lon"] for _, loc in located]
    )
    nearest: dict[int, tuple[float, dict]] = {}
    for (i, loc), d in zip(located, miles, strict=True):
        if i not in nearest or d < nearest[i][0]:
            nearest[i] = (float(d), loc)
    out = []
    for i, (hit, card) in enumerate(pairs):
        distance: float | None = None
        place: dict | None = None
        if i in nearest:
            distance, place = nearest[i]
        facts = facts_of(card, hit)
        if place is not None:
            facts = replace(facts, nearest_place=f"{place['city']}, {place['state']}")
        why = reason_parts(hit, facts, query, on, distance, words)
        out.append(SearchResult(hit, card, distance, place, why))
    return out
