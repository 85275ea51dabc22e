"""Plain-words reasons for a ranked result: why this therapist is here, in this place.

English by default. Pass ``words`` (a :class:`Words`, such as the app's Flask-Babel one) to say
them in another language: every sentence goes through ``words.gettext`` (marked ``_()`` here, so
``pybabel extract`` finds them), numbers through ``words.decimal`` and months through
``words.month`` ("A 3,2 millas", "verificado en marzo de 2026"). Matching stays pure: no Flask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from matching.ranking import STALE_AFTER_DAYS, RankedHit, SearchQuery
from matching.reference import vocabulary


@dataclass(frozen=True)
class CredentialFact:
    body: str
    level: str
    tier: str
    status: str
    verified_at: dt.datetime | None = None
    issuer: str | None = None  # who awarded an "other" credential ("Columbia University")


@dataclass(frozen=True)
class ProfileFacts:
    """What the reasons talk about, taken from the full profile (not the packed index)."""

    specialties: dict[str, bool]  # condition slug -> primary?
    credentials: list[CredentialFact]
    adaptations: list[str]
    payers: set[str]
    languages: set[str]
    accepting: bool
    confirmed_on: dt.date | None
    licence_states: set[str]
    psypact: bool
    nearest_place: str | None = None  # "Portland, OR"
    extra: dict = field(default_factory=dict)


class Words(Protocol):
    """How reasons are worded: a language's sentences, numbers, months and language names."""

    lang: str

    def gettext(self, msgid: str, **variables: object) -> str: ...

    def decimal(self, value: float) -> str: ...  # one decimal place: 3.2 / 3,2

    def month(self, when: dt.date) -> str: ...  # March 2026 / marzo de 2026

    def language_name(self, code: str) -> str: ...


class English:
    """The reasons' own wording (the msgids)."""

    lang = "en"

    def gettext(self, msgid: str, **variables: object) -> str:
        return msgid % variables if variables else msgid

    def decimal(self, value: float) -> str:
        return f"{value:.1f}"

    def month(self, when: dt.date) -> str:
        return when.strftime("%B %Y")

    def language_name(self, code: str) -> str:
        return vocabulary().languages[code]


ENGLISH = English()


def best_credential(credentials: list[CredentialFact]) -> CredentialFact | None:
    """Verified beats unverified; then the higher tier; rejected and expired never count."""
    vocab = vocabulary()
    usable = [c for c in credentials if c.status in ("verified", "self-reported", "pending")]
    if not usable:
        return None
    return max(usable, key=lambda c: (c.status == "verified", vocab.tier_rank(c.tier)))


def credential_label(cred: CredentialFact, words: Words = ENGLISH) -> str:
    """ "IPT Institute Level B (Certified Therapist)" or, for another body, "Certificate from
    Columbia University": the credential without its status (never a bare "Other Certificate")."""
    vocab = vocabulary()
    _ = words.gettext
    level = vocab.credential_levels[(cred.body, cred.level)].label
    if cred.body == "other":
        issuer = (cred.issuer or "").strip()
        if issuer:
            return _("%(level)s from %(issuer)s", level=level, issuer=issuer)
        return _("%(level)s (IPT training body not named)", level=level)
    body = vocab.credential_bodies[cred.body]["label"]
    return f"{body} {level}"


def credential_text(cred: CredentialFact, words: Words = ENGLISH) -> str:
    _ = words.gettext
    name = credential_label(cred, words)
    if cred.status == "verified":
        if cred.verified_at:
            return _(
                "%(credential)s — verified %(month)s",
                credential=name,
                month=words.month(cred.verified_at),
            )
        return _("%(credential)s — verified", credential=name)
    if cred.status == "pending":
        return _("%(credential)s — verification pending", credential=name)
    return _("%(credential)s — self-reported, not yet verified", credential=name)


def _specialty_reason(
    hit: RankedHit, facts: ProfileFacts, q: SearchQuery, words: Words
) -> str | None:
    vocab = vocabulary()
    _ = words.gettext
    asked = [c for c in q.conditions if c in vocab.conditions]
    if not asked or hit.fit is None:
        return None

    def label(slug: str) -> str:
        return vocab.condition_label(slug, words.lang).lower()

    for slug in asked:  # the strongest kind of fit first
        if facts.specialties.get(slug) is True:
            return _("Specialises in %(condition)s", condition=label(slug))
    for slug in asked:
        if slug in facts.specialties:
            return _("Works with %(condition)s", condition=label(slug))

    def family(slug: str) -> set[str]:
        cond = vocab.conditions[slug]
        return {c for c in (cond.parent, *vocab.children(slug)) if c is not None}

    def linked(slug: str) -> set[str]:
        related = {c.slug for c in vocab.conditions.values() if slug in c.related}
        return set(vocab.conditions[slug].related) | related

    def nearest(kin: Callable[[str], set[str]]) -> dict[str, str] | None:
        """The first asked condition with a specialty among its ``kin``: both labels."""
        for slug in asked:
            near = sorted(kin(slug) & facts.specialties.keys())
            if near:
                return {"condition": label(near[0]), "asked": label(slug)}
        return None

    if found := nearest(family):
        return _("Works with %(condition)s (closely related to %(asked)s)", **found)
    if found := nearest(linked):
        return _("Works with %(condition)s, an IPT focus linked to %(asked)s", **found)
    return None


def reason_parts(
    hit: RankedHit,
    facts: ProfileFacts,
    q: SearchQuery,
    today: dt.date,
    distance_mi: float | None,
    words: Words = ENGLISH,
) -> list[tuple[str, str]]:
    """Ordered ``(part, reason)`` pairs; ``part`` is the score part the reason explains
    (specialty, ipt, distance, availability) or ``match`` for a filter it meets (insurance,
    language). ``distance_mi`` is the geodesic distance to the nearest office."""
    vocab = vocabulary()
    _ = words.gettext
    out: list[tuple[str, str]] = []
    specialty = _specialty_reason(hit, facts, q, words)
    if specialty:
        out.append(("specialty", specialty))
    cred = best_credential(facts.credentials)
    if cred:
        out.append(("ipt", credential_text(cred, words)))
    if hit.adaptation_fit:
        fitting = [a for a in facts.adaptations if a in vocab.adaptations and a != "ipt"]
        if fitting:
            offers = ", ".join(vocab.adaptations[a]["label"] for a in fitting[:2])
            out.append(("ipt", _("Offers %(adaptations)s", adaptations=offers)))
    if hit.in_person and distance_mi is not None:
        place = facts.nearest_place
        if distance_mi < 0.05:  # never "0.0 mi away"
            if place:
                out.append(("distance", _("Under 0.1 mi away (%(place)s)", place=place)))
            else:
                out.append(("distance", _("Under 0.1 mi away")))
        else:
            miles = words.decimal(distance_mi)
            if place:
                out.append(
                    ("distance", _("%(miles)s mi away (%(place)s)", miles=miles, place=place))
                )
            else:
                out.append(("distance", _("%(miles)s mi away", miles=miles)))
    elif hit.telehealth_eligible and q.state:
        state = vocab.states.get(q.state, q.state)
        if q.state in facts.licence_states:
            out.append(("distance", _("Telehealth: licensed in %(state)s", state=state)))
        else:
            out.append(("distance", _("Telehealth in %(state)s under PSYPACT", state=state)))
    accepted = [p for p in q.payers if p in facts.payers]
    if accepted:
        insurers = ", ".join(vocab.payers[p] for p in accepted)
        out.append(("match", _("Accepts %(insurers)s", insurers=insurers)))
    if q.languages:
        spoken = [lang for lang in q.languages if lang in facts.languages]
        if spoken:
            names = ", ".join(words.language_name(code) for code in spoken)
            out.append(("match", _("Sessions in %(languages)s", languages=names)))
    out.append(
        ("availability", availability_text(facts.accepting, facts.confirmed_on, today, words))
    )
    return out


def miles_text(miles: float, words: Words = ENGLISH) -> str:
    """ "3.2 mi", and "under 0.1 mi" rather than "0.0 mi"."""
    _ = words.gettext
    if miles < 0.05:
        return _("under 0.1 mi")
    return _("%(miles)s mi", miles=words.decimal(miles))


def availability_stale(confirmed_on: dt.date | None, today: dt.date) -> bool:
    """Availability nobody confirmed within STALE_AFTER_DAYS: ranked lower, shown with a warning."""
    return confirmed_on is None or (today - confirmed_on).days > STALE_AFTER_DAYS


def availability_text(
    accepting: bool, confirmed_on: dt.date | None, today: dt.date, words: Words = ENGLISH
) -> str:
    _ = words.gettext
    if not accepting:
        return _("Not accepting new clients")
    if confirmed_on is None:
        return _("Accepting clients — not confirmed recently")
    days = (today - confirmed_on).days
    if days > STALE_AFTER_DAYS:
        return _("Said to be accepting clients, but not confirmed for %(days)d days", days=days)
    if days <= 0:
        return _("Accepting clients — confirmed today")
    if days == 1:
        return _("Accepting clients — confirmed 1 day ago")
    return _("Accepting clients — confirmed %(days)d days ago", days=days)
