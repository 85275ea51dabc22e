"""Partner operations: plain functions that validate, then change the database in one transaction.

Operators reach them through ``flask partners ...``; the API guard and the widget use the look-ups.
Every writer validates all of its input before it writes anything, and raises ``PartnerError`` with
a message fit for the operator when something is wrong.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import Connection, Engine, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.core.clock import today, utcnow
from app.core.extensions import db
from app.partners import keys, validation
from app.partners.models import DEFAULT_RATE_LIMIT, Partner, PartnerKey, PartnerOrigin, PartnerUsage
from matching.geo import PlaceError, resolve_place

LIST_HINT = "see `flask --app wsgi partners list`"


class PartnerError(ValueError):
    """Bad operator input or an impossible change; nothing was written."""


@dataclass
class Presets:
    conditions: list[str] = field(default_factory=list)
    verified_only: bool = False
    location: str | None = None
    radius_mi: float | None = None
    telehealth: str | None = None


# --------------------------------------------------------------------------- validation


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise PartnerError("A partner needs a name.")
    if len(name) > 120:
        raise PartnerError("A partner's name can be at most 120 characters.")
    return name


def _clean_contact(contact: str) -> str:
    contact = " ".join((contact or "").split())
    if not contact:
        raise PartnerError("A partner needs a contact (an e-mail address or a person's name).")
    if len(contact) > 254:
        raise PartnerError("The contact can be at most 254 characters.")
    return contact


def _clean_label(label: str | None) -> str | None:
    label = " ".join((label or "").split()) or None
    if label and len(label) > 80:
        raise PartnerError("A key's label can be at most 80 characters.")
    return label


def _checked(fn, *args):
    try:
        return fn(*args)
    except ValueError as exc:
        raise PartnerError(str(exc)) from None


def clean_presets(presets: Presets) -> Presets:
    conditions = _checked(validation.validate_conditions, presets.conditions)
    telehealth = _checked(validation.validate_telehealth, presets.telehealth)
    location, radius = presets.location, presets.radius_mi
    if (location is None) != (radius is None):
        raise PartnerError("A region needs both a place (--region) and a radius (--radius).")
    if location is not None:
        radius = _checked(validation.validate_radius, radius)
        try:
            place = resolve_place(location)
        except PlaceError as exc:
            raise PartnerError(f"Region: {exc}") from None
        location = place.label
    return Presets(conditions, bool(presets.verified_only), location, radius, telehealth)


# --------------------------------------------------------------------------- look-ups


def find_partner(ref: str) -> Partner:
    """A partner by id or exact name."""
    ref = (ref or "").strip()
    partner = None
    if ref.isdigit():
        partner = db.session.get(Partner, int(ref))
    if partner is None:
        partner = db.session.scalar(
            select(Partner).where(func.lower(Partner.name) == " ".join(ref.split()).lower())
        )
    if partner is None:
        raise PartnerError(f"No partner with id or name '{ref[:120]}' ({LIST_HINT}).")
    return partner


def find_key(ref: str) -> PartnerKey:
    """A key by its public id (``ipt_xxxxxxxxxxxx``) or bare prefix."""
    try:
        prefix = keys.parse_public_id(ref)
    except keys.KeyFormatError as exc:
        raise PartnerError(str(exc)) from None
    key = db.session.scalar(select(PartnerKey).where(PartnerKey.prefix == prefix))
    if key is None:
        raise PartnerError(f"No key with id {keys.public_id(prefix)} ({LIST_HINT}).")
    return key


def all_partners() -> list[Partner]:
    return list(
        db.session.scalars(
            select(Partner)
            .options(selectinload(Partner.origins), selectinload(Partner.keys))
            .order_by(Partner.id)
        )
    )


@dataclass(frozen=True)
class KeyInfo:
    """What a request needs to know about a valid key: plain data, safe to keep between requests."""

    id: int
    prefix: str
    public_id: str
    partner_id: int
    rate_limit: str
    origin_list: frozenset[str]


@dataclass(frozen=True)
class KeyCheck:
    """The outcome of checking a presented key: ``absent``, ``valid`` or ``invalid``."""

    status: str
    key: KeyInfo | None = None
    message: str | None = None

    @property
    def valid(self) -> bool:
        return self.status == "valid"


ABSENT = KeyCheck("absent")


def _key_by_prefix(prefix: str) -> PartnerKey | None:
    return db.session.scalar(
        select(PartnerKey)
        .where(PartnerKey.prefix == prefix)
        .options(selectinload(PartnerKey.partner).selectinload(Partner.origins))
    )


class _ValidKeys:
    """Keys verified in the last few seconds (PARTNER_KEY_CACHE_SECONDS), so a busy partner's
    requests skip the database and the hash; a revoked key stops working within that window."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[bytes, tuple[float, KeyInfo]] = {}

    def get(self, digest: bytes) -> KeyInfo | None:
        with self._lock:
            hit = self._seen.get(digest)
        return hit[1] if hit and hit[0] > time.monotonic() else None

    def put(self, digest: bytes, info: KeyInfo, seconds: float) -> None:
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen.clear()
            self._seen[digest] = (time.monotonic() + seconds, info)


def check_api_key(presented: str | None) -> KeyCheck:
    """Authenticate a full secret key, in constant time for the secret comparison."""
    if presented is None:
        return ABSENT
    ttl = current_app.config["PARTNER_KEY_CACHE_SECONDS"]
    cache = current_app.extensions.setdefault("partner_valid_keys", _ValidKeys())
    digest = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
    if ttl > 0 and (info := cache.get(digest)) is not None:
        return KeyCheck("valid", key=info)
    try:
        prefix, secret = keys.parse_key(presented)
    except keys.KeyFormatError as exc:
        return KeyCheck("invalid", message=str(exc))
    key = _key_by_prefix(prefix)
    matches = keys.secret_matches(key.secret_hash if key else None, prefix, secret)
    if key is None or not matches or key.revoked_at is not None:
        return KeyCheck("invalid", message="Unknown or revoked key.")
    info = KeyInfo(
        id=key.id,
        prefix=key.prefix,
        public_id=key.public_id,
        partner_id=key.partner.id,
        rate_limit=key.partner.rate_limit,
        origin_list=frozenset(key.partner.origin_list),
    )
    if ttl > 0:
        cache.put(digest, info, ttl)
    return KeyCheck("valid", key=info)


def widget_key(prefix: str) -> PartnerKey | None:
    """The key named by a widget's public id (revoked keys included: the caller says so)."""
    return _key_by_prefix(prefix)


def origin_registered(origin: str) -> bool:
    """Does any partner with at least one active key allow this origin? (CORS preflights.)"""
    found = db.session.scalar(
        select(PartnerOrigin.id)
        .join(PartnerKey, PartnerKey.partner_id == PartnerOrigin.partner_id)
        .where(PartnerOrigin.origin == origin, PartnerKey.revoked_at.is_(None))
        .limit(1)
    )
    return found is not None


# --------------------------------------------------------------------------- writers


def _commit(what: str) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PartnerError(f"Could not {what}: it conflicts with an existing record.") from None


def _new_key(partner: Partner, label: str | None) -> keys.NewKey:
    taken = set(db.session.scalars(select(PartnerKey.prefix)))
    new = keys.generate()
    while new.prefix in taken:  # 36^12 prefixes: a clash is all but impossible, but cheap to avoid
        new = keys.generate()
    partner.keys.append(PartnerKey(prefix=new.prefix, secret_hash=new.secret_hash, label=label))
    return new


def create_partner(
    name: str,
    contact: str,
    origins=(),
    rate_limit: str = DEFAULT_RATE_LIMIT,
    presets: Presets | None = None,
    key_label: str | None = None,
    with_key: bool = True,
) -> tuple[Partner, keys.NewKey | None]:
    name = _clean_name(name)
    contact = _clean_contact(contact)
    origin_list = _checked(validation.normalise_origins, origins)
    rate_limit = _checked(validation.validate_rate_limit, rate_limit)
    presets = clean_presets(presets or Presets())
    key_label = _clean_label(key_label)
    if db.session.scalar(select(Partner.id).where(func.lower(Partner.name) == name.lower())):
        raise PartnerError(f"A partner named '{name}' already exists ({LIST_HINT}).")
    partner = Partner(
        name=name,
        contact=contact,
        rate_limit=rate_limit,
        preset_conditions=presets.conditions,
        preset_verified_only=presets.verified_only,
        preset_location=presets.location,
        preset_radius_mi=presets.radius_mi,
        preset_telehealth=presets.telehealth,
        origins=[PartnerOrigin(origin=o) for o in origin_list],
    )
    db.session.add(partner)
    new = _new_key(partner, key_label) if with_key else None
    _commit("create the partner")
    return partner, new


def add_key(partner: Partner, label: str | None = None) -> tuple[PartnerKey, keys.NewKey]:
    label = _clean_label(label)
    new = _new_key(partner, label)
    _commit("add the key")
    return partner.keys[-1], new


def revoke_key(key: PartnerKey) -> PartnerKey:
    if key.revoked_at is not None:
        raise PartnerError(f"Key {key.public_id} was already revoked on {key.revoked_at:%Y-%m-%d}.")
    key.revoked_at = utcnow()
    _commit("revoke the key")
    return key


def rotate_key(key: PartnerKey) -> tuple[PartnerKey, keys.NewKey]:
    """Issue a replacement key for the same partner (same label) and revoke the old one at once."""
    if key.revoked_at is not None:
        raise PartnerError(
            f"Key {key.public_id} is revoked; add a new key instead (`partners add-key`)."
        )
    partner = key.partner
    new = _new_key(partner, key.label)
    key.revoked_at = utcnow()
    _commit("rotate the key")
    return partner.keys[-1], new


def set_origins(partner: Partner, origins) -> list[str]:
    origin_list = _checked(validation.normalise_origins, origins)
    # Keep the rows of origins that stay: the unit of work inserts before it deletes, so a fresh
    # row for a kept origin would collide with the old one on the unique constraint.
    existing = {o.origin: o for o in partner.origins}
    partner.origins = [existing.get(o) or PartnerOrigin(origin=o) for o in origin_list]
    _commit("set the origins")
    return origin_list


def set_rate_limit(partner: Partner, rate_limit: str) -> str:
    partner.rate_limit = _checked(validation.validate_rate_limit, rate_limit)
    _commit("set the rate limit")
    return partner.rate_limit


def set_presets(partner: Partner, presets: Presets) -> Presets:
    presets = clean_presets(presets)
    partner.preset_conditions = presets.conditions
    partner.preset_verified_only = presets.verified_only
    partner.preset_location = presets.location
    partner.preset_radius_mi = presets.radius_mi
    partner.preset_telehealth = presets.telehealth
    _commit("set the presets")
    return presets


# --------------------------------------------------------------------------- usage counts


class UsageBuffer:
    """Per-process usage counts, written in one short transaction every few seconds.

    A write per API request would serialise every search behind the database's write lock (and on
    SQLite, across processes). Counts held here are lost if the process dies before its next flush:
    acceptable for daily usage figures, and bounded by PARTNER_USAGE_FLUSH_SECONDS.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[tuple[int, dt.date, str], int] = {}
        self._last_flush = time.monotonic()

    def add(self, key_id: int, kind: str, flush_after: float) -> None:
        with self._lock:
            k = (key_id, today(), kind[:40])
            self._pending[k] = self._pending.get(k, 0) + 1
            due = time.monotonic() - self._last_flush >= flush_after
        if due:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            self._last_flush = time.monotonic()
        if pending:
            _write_usage(pending)


def record_usage(key_id: int, kind: str) -> None:
    """Count one request for (key, kind) today; see UsageBuffer for when it reaches the table."""
    buffer = current_app.extensions.setdefault("partner_usage", UsageBuffer())
    buffer.add(key_id, kind, current_app.config["PARTNER_USAGE_FLUSH_SECONDS"])


@contextmanager
def _usage_transaction() -> Iterator[Connection]:
    """A transaction of the usage counts' own, apart from the request's session.

    Normally a connection of the engine's. When the app is bound to a single connection that is
    already in a transaction (the test suite runs each test in one, rolled back at its end), a
    savepoint inside it: the counts are written, seen by the test, and undone with the rest. (A
    second ``begin()`` on that connection would raise, and the counts would be lost with a
    warning on every keyed request.)"""
    bind: Engine | Connection = db.engine
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            yield conn
    elif bind.in_transaction():
        with bind.begin_nested():
            yield bind
    else:
        with bind.begin():
            yield bind


def _write_usage(pending: dict[tuple[int, dt.date, str], int]) -> None:
    """Add the counts in a transaction of their own: the request's session is never touched."""
    table = PartnerUsage.__table__
    assert isinstance(table, Table)  # a mapped class's table, typed as any FromClause
    dialect = db.engine.dialect.name
    with _usage_transaction() as conn:
        for (key_id, day, kind), n in sorted(pending.items(), key=lambda kv: (kv[0][0], kv[0][2])):
            values = {"key_id": key_id, "day": day, "kind": kind, "count": n}
            if dialect in ("postgresql", "sqlite"):
                insert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
                conn.execute(
                    insert.values(**values).on_conflict_do_update(
                        index_elements=["key_id", "day", "kind"],
                        set_={"count": table.c.count + n},
                    )
                )
                continue
            where = (table.c.key_id == key_id) & (table.c.day == day) & (table.c.kind == kind)
            updated = conn.execute(table.update().where(where).values(count=table.c.count + n))
            if not updated.rowcount:
                conn.execute(table.insert().values(**values))


def usage(partner: Partner, days: int = 30) -> list[tuple[str, dt.date, str, int]]:
    """(public id, day, kind, count), newest day first, for the partner's keys."""
    since = today() - dt.timedelta(days=days - 1)
    rows = db.session.execute(
        select(PartnerKey.prefix, PartnerUsage.day, PartnerUsage.kind, PartnerUsage.count)
        .join(PartnerUsage, PartnerUsage.key_id == PartnerKey.id)
        .where(PartnerKey.partner_id == partner.id, PartnerUsage.day >= since)
        .order_by(PartnerUsage.day.desc(), PartnerKey.prefix, PartnerUsage.kind)
    )
    return [(keys.public_id(p), day, kind, count) for p, day, kind, count in rows]
