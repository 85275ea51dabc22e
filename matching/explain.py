"""Plain-words reasons for a ranked result: why this therapist is here, in this place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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


def _month(d: dt.date | dt.datetime) -> str:
    return d.strftime("%B %Y")


def best_credential(credentials: list[CredentialFact]) -> CredentialFact | None:
    """Verified beats unverified; then the higher tier; rejected and expired never count."""
    vocab = vocabulary()
    usable = [c for c in credentials if c.status in ("verified", "self-reported", "pending")]
    if not usable:
        return None
    return max(usable, key=lambda c: (c.status == "verified", vocab.tier_rank(c.tier)))


def credential_label(cred: CredentialFact) -> str:
    """ "IPT Institute Level B (Certified Therapist)" or, for another body, "Certificate from
    Columbia University": the credential without its status (never a bare "Other Certificate")."""
    vocab = vocabulary()
    level = vocab.credential_levels[(cred.body, cred.level)].label
    if cred.body == "other":
        issuer = (cred.issuer or "").strip()
        return f"{level} from {issuer}" if issuer else f"{level} (IPT training body not named)"
    body = vocab.credential_bodies[cred.body]["label"]
    return f"{body} {level}"


def credential_text(cred: CredentialFact) -> str:
    label = credential_label(cred)
    if cred.status == "verified":
        when = f" {_month(cred.verified_at)}" if cred.verified_at else ""
        return f"{label} — verified{when}"
    if cred.status == "pending":
        return f"{label} — verification pending"
    return f"{label} — self-reported, not yet verified"


def _days_ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def _specialty_reason(hit: RankedHit, facts: ProfileFacts, q: SearchQuery) -> str | None:
    vocab = vocabulary()
    label = {slug: c.label for slug, c in vocab.conditions.items()}
    asked = [c for c in q.conditions if c in label]
    if not asked or hit.fit is None:
        return None
    for slug in asked:  # the strongest kind of fit first
        if facts.specialties.get(slug) is True:
            return f"Specialises in {label[slug].lower()}"
    for slug in asked:
        if slug in facts.specialties:
            return f"Works with {label[slug].lower()}"
    for slug in asked:
        cond = vocab.conditions[slug]
        family = {c for c in (cond.parent, *vocab.children(slug)) if c is not None}
        near = sorted(family & facts.specialties.keys())
        if near:
            return f"Works with {label[near[0]].lower()} (closely related to {label[slug].lower()})"
    for slug in asked:
        cond = vocab.conditions[slug]
        related = set(cond.related) | {
            c.slug for c in vocab.conditions.values() if slug in c.related
        }
        near = sorted(related & facts.specialties.keys())
        if near:
            return (
                f"Works with {label[near[0]].lower()}, an IPT focus linked to {label[slug].lower()}"
            )
    return None


def miles_text(miles: float) -> str:
    """ "3.2 mi", and "under 0.1 mi" rather than "0.0 mi"."""
    return "under 0.1 mi" if miles < 0.05 else f"{miles:.1f} mi"


def reason_parts(
    hit: RankedHit, facts: ProfileFacts, q: SearchQuery, today: dt.date, distance_mi: float | None
) -> list[tuple[str, str]]:
    """Ordered ``(part, reason)`` pairs; ``part`` is the score part the reason explains
    (specialty, ipt, distance, availability) or ``match`` for a filter it meets (insurance,
    language). ``distance_mi`` is the geodesic distance to the nearest office."""
    vocab = vocabulary()
    out: list[tuple[str, str]] = []
    specialty = _specialty_reason(hit, facts, q)
    if specialty:
        out.append(("specialty", specialty))
    cred = best_credential(facts.credentials)
    if cred:
        out.append(("ipt", credential_text(cred)))
    if hit.adaptation_fit:
        fitting = [a for a in facts.adaptations if a in vocab.adaptations and a != "ipt"]
        if fitting:
            labels = ", ".join(vocab.adaptations[a]["label"] for a in fitting[:2])
            out.append(("ipt", "Offers " + labels))
    if hit.in_person and distance_mi is not None:
        where = f" ({facts.nearest_place})" if facts.nearest_place else ""
        out.append(("distance", f"{miles_text(distance_mi)} away{where}"))
    elif hit.telehealth_eligible and q.state:
        if q.state in facts.licence_states:
            state = vocab.states.get(q.state, q.state)
            out.append(("distance", f"Telehealth: licensed in {state}"))
        else:
            out.append(
                ("distance", f"Telehealth in {vocab.states.get(q.state, q.state)} under PSYPACT")
            )
    accepted = [p for p in q.payers if p in facts.payers]
    if accepted:
        out.append(("match", "Accepts " + ", ".join(vocab.payers[p] for p in accepted)))
    if q.languages:
        spoken = [lang for lang in q.languages if lang in facts.languages]
        if spoken:
            out.append(("match", "Sessions in " + ", ".join(vocab.languages[x] for x in spoken)))
    out.append(("availability", availability_text(facts.accepting, facts.confirmed_on, today)))
    return out


def reasons(
    hit: RankedHit, facts: ProfileFacts, q: SearchQuery, today: dt.date, distance_mi: float | None
) -> list[str]:
    """Ordered reasons; ``distance_mi`` is the geodesic distance to the nearest office."""
    return [text for _, text in reason_parts(hit, facts, q, today, distance_mi)]


def availability_stale(confirmed_on: dt.date | None, today: dt.date) -> bool:
    """Availability nobody confirmed within STALE_AFTER_DAYS: ranked lower, shown with a warning."""
    return confirmed_on is None or (today - confirmed_on).days > STALE_AFTER_DAYS


def availability_text(accepting: bool, confirmed_on: dt.date | None, today: dt.date) -> str:
    if not accepting:
        return "Not accepting new clients"
    if confirmed_on is None:
        return "Accepting clients — not confirmed recently"
    days = (today - confirmed_on).days
    if days > STALE_AFTER_DAYS:
        return f"Said to be accepting clients, but not confirmed for {days} days"
    return f"Accepting clients — confirmed {_days_ago(days)}"
