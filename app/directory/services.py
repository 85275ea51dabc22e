"""Writing validated profiles into the ORM, and reading them back in the schema's shape.

Views, the API, the therapist-accounts feature and the import command all go through these two
functions, so a profile is written one way only:

* ``upsert_profile(data)`` takes a dict from ``ProfileSchema().load(...)`` and creates or updates
  the therapist (matched on ``external_id``, else ``slug``). Keys present in ``data`` are written;
  keys absent are left alone, so a ``partial=True`` load works as a PATCH. A child collection that
  is present replaces the stored one. Nothing is committed: the caller owns the transaction.
* ``profile_to_dict(therapist)`` is ``ProfileSchema().dump(therapist)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from app.core.extensions import Model, db
from app.directory.models import (
    IptCredential,
    Licence,
    Location,
    Specialty,
    Therapist,
    TherapistAdaptation,
    TherapistAgeGroup,
    TherapistDeliveryFormat,
    TherapistLanguage,
    TherapistPayer,
    TherapistSessionFormat,
)
from app.directory.schemas import profile_schema
from matching.reference import vocabulary

SCALAR_FIELDS = (
    "external_id",
    "name",
    "pronouns",
    "credential_letters",
    "bio",
    "gender",
    "telehealth",
    "psypact",
    "accepting_clients",
    "accepting_confirmed_on",
    "fee_min",
    "fee_max",
    "sliding_scale",
    "email",
    "phone",
    "website",
    "npi",
    "visibility",
)

# profile key -> (relationship on Therapist, link model, column on the link model)
LINK_LISTS: dict[str, tuple[str, type[Model], str]] = {
    "languages": ("language_links", TherapistLanguage, "language_code"),
    "insurance": ("payer_links", TherapistPayer, "payer_slug"),
    "age_groups": ("age_group_links", TherapistAgeGroup, "age_group"),
    "session_formats": ("session_format_links", TherapistSessionFormat, "session_format"),
    "adaptations": ("adaptation_links", TherapistAdaptation, "adaptation"),
    "delivery_formats": ("delivery_format_links", TherapistDeliveryFormat, "delivery_format"),
}

SLUG_MAX = 120
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def profile_to_dict(therapist: Therapist) -> dict[str, Any]:
    """The profile in the shape ``ProfileSchema`` loads (export, API)."""
    return profile_schema().dump(therapist)


def slugify(text: str) -> str:
    """``"Dr. María O'Brien, PhD"`` -> ``"dr-maria-o-brien-phd"``; ``"therapist"`` if empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[: SLUG_MAX - 8].rstrip("-") or "therapist"


def slug_in_use(slug: str) -> bool:
    return db.session.scalar(select(Therapist.id).where(Therapist.slug == slug)) is not None


def unique_slug(name: str, is_taken: Callable[[str], bool] = slug_in_use) -> str:
    """A slug from ``name`` that ``is_taken`` says is free: ``jane-doe``, ``jane-doe-2``, …"""
    base = slugify(name)
    candidate, n = base, 1
    while is_taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def find_profile(external_id: str | None, slug: str | None) -> Therapist | None:
    """The stored profile an input row refers to: by ``external_id`` if given, else by ``slug``."""
    if external_id:
        return db.session.scalar(select(Therapist).where(Therapist.external_id == external_id))
    if slug:
        return db.session.scalar(select(Therapist).where(Therapist.slug == slug))
    return None


def upsert_profile(
    data: Mapping[str, Any],
    *,
    therapist: Therapist | None = None,
    is_slug_taken: Callable[[str], bool] = slug_in_use,
) -> Therapist:
    """Create or update a profile from validated ``data``; adds it to the session, never commits.

    ``therapist`` skips the lookup (the importer resolves targets in bulk, the API by id).
    ``is_slug_taken`` decides which generated slug is free (the importer passes an in-memory set).
    """
    if therapist is None:
        therapist = find_profile(data.get("external_id"), data.get("slug")) or Therapist()
    if therapist.id is None and therapist not in db.session:
        db.session.add(therapist)

    for name in SCALAR_FIELDS:
        if name in data:
            _set_if_changed(therapist, name, data[name])
    if data.get("slug"):
        _set_if_changed(therapist, "slug", data["slug"])
    elif therapist.slug is None:  # a new profile without a slug; an existing one keeps its URL
        therapist.slug = unique_slug(data.get("name") or therapist.name or "", is_slug_taken)

    if "locations" in data:
        rows = [{**row, "position": i} for i, row in enumerate(data["locations"])]
        _set_collection(therapist, "locations", _by_position(therapist.locations, rows, Location))
    if "licences" in data:
        _set_collection(
            therapist, "licences", _replace_licences(therapist.licences, data["licences"])
        )
    if "ipt_credentials" in data:
        vocab = vocabulary()
        rows = [
            {**row, "tier": vocab.tier_for(row["body"], row["level"])}
            for row in data["ipt_credentials"]
        ]
        _set_collection(
            therapist,
            "ipt_credentials",
            _by_position(therapist.ipt_credentials, rows, IptCredential),
        )
    if "specialties" in data:
        _set_collection(
            therapist,
            "specialties",
            _replace_specialties(therapist.specialties, data["specialties"]),
        )
    for key, (relationship, model, column) in LINK_LISTS.items():
        if key in data:
            stored = {getattr(link, column): link for link in getattr(therapist, relationship)}
            links = [stored.get(value) or model(**{column: value}) for value in data[key]]
            _set_collection(therapist, relationship, links)
    return therapist


def _set_collection(therapist: Therapist, name: str, items: list) -> None:
    """Assign a child collection only when its members change (an assignment dirties the parent).

    Order is not compared: locations carry their ``position``; the others are ordered on load.
    """
    current = getattr(therapist, name)
    if len(current) != len(items) or {id(obj) for obj in current} != {id(obj) for obj in items}:
        setattr(therapist, name, items)


def insert_new_profiles(
    rows: Sequence[Mapping[str, Any]], *, is_slug_taken: Callable[[str], bool] = slug_in_use
) -> list[int]:
    """Insert profiles known to be new, in bulk; return their ids in input order.

    The fast path for large imports: ORM bulk INSERTs (one statement per table, no unit of work)
    from the same field mapping as :func:`upsert_profile`. Rows must come from a full (not
    partial) ``ProfileSchema`` load. Nothing is committed. Bulk INSERTs bypass ORM flush events,
    so the caller refreshes anything derived from profiles (search documents).
    """
    if not rows:
        return []
    vocab = vocabulary()
    generated: set[str] = set()
    therapists = []
    for data in rows:
        row = {name: data[name] for name in SCALAR_FIELDS}
        row["slug"] = data.get("slug") or unique_slug(
            data["name"], lambda slug: slug in generated or is_slug_taken(slug)
        )
        generated.add(row["slug"])
        therapists.append(row)
    ids = list(
        db.session.scalars(
            insert(Therapist).returning(Therapist.id, sort_by_parameter_order=True), therapists
        )
    )
    children: dict[type, list[dict[str, Any]]] = {}

    def add(model: type, values: dict[str, Any]) -> None:
        children.setdefault(model, []).append(values)

    for tid, data in zip(ids, rows, strict=True):
        for position, location in enumerate(data["locations"]):
            add(Location, {**location, "therapist_id": tid, "position": position})
        for licence in data["licences"]:
            add(Licence, {**licence, "therapist_id": tid})
        for cred in data["ipt_credentials"]:
            tier = vocab.tier_for(cred["body"], cred["level"])
            add(IptCredential, {**cred, "therapist_id": tid, "tier": tier})
        for specialty in data["specialties"]:
            add(Specialty, {**specialty, "therapist_id": tid})
        for key, (_, model, column) in LINK_LISTS.items():
            for value in data[key]:
                add(model, {"therapist_id": tid, column: value})
    for model, values in children.items():
        db.session.execute(insert(model), values)
    return ids


# The stored columns of a profile's nested records, in the order a full load gives them.
LOCATION_FIELDS = ("label", "address", "city", "state", "zip", "lat", "lon", "show_address")
LICENCE_FIELDS = ("licence_type", "title", "state", "number", "expires_on", "nucc_code")
CREDENTIAL_FIELDS = (
    "body",
    "level",
    "tier",
    "awarded_on",
    "certificate_id",
    "expires_on",
    "status",
    "verified_by",
    "verified_at",
    "evidence_url",
    "note",
)


def stored_profiles(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Stored profiles as plain dicts in the shape of a full load (credentials with ``tier``).

    Read with Core (no ORM objects), so a large import can tell cheaply which rows change and
    an export can stream quickly. Children are ordered as the ORM relationships order them, so
    ``ProfileSchema().dump`` gives the same output as for the ORM object.
    """
    therapist = Therapist.__table__
    query = select(
        therapist.c.id, therapist.c.slug, *(therapist.c[name] for name in SCALAR_FIELDS)
    ).where(therapist.c.id.in_(ids))
    profiles: dict[int, dict[str, Any]] = {}
    for row in db.session.execute(query).mappings():
        profile = dict(row)
        profile.update(
            locations=[],
            licences=[],
            ipt_credentials=[],
            specialties=[],
            **{k: [] for k in LINK_LISTS},
        )
        profiles[profile.pop("id")] = profile

    def rows(model: type[Model], fields: tuple[str, ...], *order: Any):
        table = model.__table__
        columns = [table.c[name] for name in fields]
        query = select(table.c.therapist_id, *columns).where(table.c.therapist_id.in_(ids))
        for row in db.session.execute(query.order_by(table.c.therapist_id, *order)):
            yield row[0], dict(zip(fields, row[1:], strict=True))

    for tid, item in rows(Location, LOCATION_FIELDS, Location.__table__.c.position):
        profiles[tid]["locations"].append(item)
    for tid, item in rows(Licence, LICENCE_FIELDS, Licence.__table__.c.id):
        profiles[tid]["licences"].append(item)
    for tid, item in rows(IptCredential, CREDENTIAL_FIELDS, IptCredential.__table__.c.id):
        profiles[tid]["ipt_credentials"].append(item)
    for tid, item in rows(
        Specialty, ("condition_slug", "is_primary"), Specialty.__table__.c.condition_slug
    ):
        profiles[tid]["specialties"].append(item)
    for key, (_, model, column) in LINK_LISTS.items():
        for tid, item in rows(model, (column,)):
            profiles[tid][key].append(item[column])
    return profiles


def profile_unchanged(stored: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """Would ``upsert_profile(data)`` leave this stored profile (from ``stored_profiles``) as is?"""
    if any(stored[name] != data[name] for name in SCALAR_FIELDS):
        return False
    if data.get("slug") and data["slug"] != stored["slug"]:
        return False
    vocab = vocabulary()
    credentials = [
        {**cred, "tier": vocab.tier_for(cred["body"], cred["level"])}
        for cred in data["ipt_credentials"]
    ]

    def by_key(items: list[dict], *keys: str) -> list[dict]:
        return sorted(items, key=lambda item: tuple(item[k] for k in keys))

    return (
        stored["locations"] == [dict(loc) for loc in data["locations"]]
        and stored["ipt_credentials"] == credentials
        and by_key(stored["licences"], "state", "licence_type")
        == by_key(data["licences"], "state", "licence_type")
        and by_key(stored["specialties"], "condition_slug")
        == by_key(data["specialties"], "condition_slug")
        and all(sorted(stored[key]) == sorted(data[key]) for key in LINK_LISTS)
    )


def _set_if_changed(obj: Any, name: str, value: Any) -> None:
    if getattr(obj, name) != value:
        setattr(obj, name, value)


def _by_position(existing: list, rows: Sequence[Mapping[str, Any]], model: type) -> list:
    """Reuse stored children in order (an unchanged row costs no UPDATE); extras are deleted."""
    result = []
    for index, row in enumerate(rows):
        obj = existing[index] if index < len(existing) else model()
        for name, value in row.items():
            _set_if_changed(obj, name, value)
        result.append(obj)
    return result


def _replace_licences(existing: list[Licence], rows: list[Mapping[str, Any]]) -> list[Licence]:
    """Match on (state, licence_type), the database's unique key, so a reordered list never
    collides with itself while the flush is half done."""
    stored = {(lic.state, lic.licence_type): lic for lic in existing}
    result = []
    for row in rows:
        lic = stored.pop((row["state"], row["licence_type"]), None) or Licence()
        for name, value in row.items():
            _set_if_changed(lic, name, value)
        result.append(lic)
    return result


def _replace_specialties(
    existing: list[Specialty], rows: list[Mapping[str, Any]]
) -> list[Specialty]:
    stored = {s.condition_slug: s for s in existing}
    result = []
    for row in rows:
        specialty = stored.get(row["condition_slug"]) or Specialty(
            condition_slug=row["condition_slug"]
        )
        _set_if_changed(specialty, "is_primary", row.get("is_primary", False))
        result.append(specialty)
    return result


class ProfileOwner(Protocol):
    therapist_id: int | None


def own_profile(user: ProfileOwner) -> Therapist | None:
    """The profile an account manages, with everything a page shows loaded; None when none."""
    if user.therapist_id is None:
        return None
    return db.session.scalar(
        select(Therapist).where(Therapist.id == user.therapist_id).options(selectinload("*"))
    )
