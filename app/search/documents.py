"""Keep search documents in step with profiles.

Every ORM change to a therapist or one of its child rows marks that therapist; just before the
transaction commits, its document is recomputed in the same transaction, so a profile and its search
document can never disagree. Bulk writers that bypass the ORM (demo seeding, imports) call
``rebuild_all`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from typing import cast as type_cast

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    delete,
    event,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import Delete, Insert, Select
from sqlalchemy.sql.expression import FunctionElement

from app.core.extensions import db
from app.directory import models as m
from app.directory.models import ListingReport
from app.search.models import SearchDocument, SearchState
from matching import index as ix
from matching.encoding import layout
from matching.reference import vocabulary

DIRTY_KEY = "search_dirty_therapists"
CHILD_MODELS = (
    m.Location,
    m.Licence,
    m.IptCredential,
    m.Specialty,
    m.TherapistLanguage,
    m.TherapistPayer,
    m.TherapistAgeGroup,
    m.TherapistSessionFormat,
    m.TherapistAdaptation,
    m.TherapistDeliveryFormat,
)


class days_since_epoch(FunctionElement):
    type = Integer()
    inherit_cache = True


@compiles(days_since_epoch, "sqlite")
def _days_sqlite(element, compiler, **kw):
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(days_since_epoch, "postgresql")
def _days_pg(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


def _mask_of(column, bits: dict[str, int], table, *where):
    """SUM of each row's bit = OR of the set, since a therapist lists a value at most once."""
    bit_case = case({value: 1 << bit for value, bit in bits.items()}, value=column, else_=0)
    return (
        select(func.coalesce(cast(func.sum(bit_case), BigInteger), 0))
        .where(table.therapist_id == m.Therapist.id, *where)
        .scalar_subquery()
    )


def _best_tier(*statuses: str):
    vocab = vocabulary()
    rank = case({t: vocab.tier_rank(t) for t in vocab.tiers}, value=m.IptCredential.tier, else_=0)
    return (
        select(func.coalesce(func.max(rank), 0))
        .where(m.IptCredential.therapist_id == m.Therapist.id, m.IptCredential.status.in_(statuses))
        .scalar_subquery()
    )


def no_contact(t):
    """SQL: the listing has no e-mail, phone or website (blank counts as none)."""
    return and_(*(func.coalesce(func.trim(col), "") == "" for col in (t.email, t.phone, t.website)))


@dataclass(frozen=True)
class _Statements:
    """The statements a refresh runs, built once per vocabulary layout and reused.

    Building the document SELECT walks every vocabulary value, and SQLAlchemy computes a cache key
    for each new statement object by walking it again: together they cost ten times more than
    running it. These hold no values of their own (the ids are an expanding parameter, the change
    number is read from ``search_state`` in the same statement), so one object serves every
    call, thread and engine, and each engine's compiled cache keeps its own dialect's SQL for it.
    """

    bits: object
    vocab: object
    document: Select  # every therapist's document
    delete: Delete  # the documents of :ids
    insert: Insert  # the documents of :ids, recomputed
    found: Select  # which of :ids have a document


_statements: _Statements | None = None


def _refresh_statements() -> _Statements:
    global _statements
    bits, vocab = layout(), vocabulary()
    built = _statements
    if built is None or built.bits is not bits or built.vocab is not vocab:
        document = _build_document_select()
        ids = bindparam("ids", type_=Integer, expanding=True)
        built = _statements = _Statements(
            bits,
            vocab,
            document,
            delete(SearchDocument).where(SearchDocument.therapist_id.in_(ids)),
            insert(SearchDocument).from_select(
                DOCUMENT_COLUMNS, document.where(m.Therapist.id.in_(ids))
            ),
            select(SearchDocument.therapist_id).where(SearchDocument.therapist_id.in_(ids)),
        )
    return built


def _build_document_select() -> Select:
    bits = layout()
    t = m.Therapist
    psypact_ok = and_(
        t.psypact,
        exists().where(m.Licence.therapist_id == t.id, m.Licence.licence_type == "psychologist"),
    )
    flags = (
        case((t.telehealth, ix.TELEHEALTH), else_=0)
        + case((psypact_ok, ix.PSYPACT), else_=0)
        + case((t.accepting_clients, ix.ACCEPTING), else_=0)
        + case((no_contact(t), ix.NO_CONTACT), else_=0)
    )
    return select(
        t.id,
        # The change number this transaction has just taken (_next_generation holds its row lock).
        select(SearchState.generation).where(SearchState.id == 1).scalar_subquery(),
        t.visibility == "published",
        _mask_of(m.Specialty.condition_slug, bits.conditions, m.Specialty, m.Specialty.is_primary),
        _mask_of(m.Specialty.condition_slug, bits.conditions, m.Specialty),
        _mask_of(m.TherapistPayer.payer_slug, bits.payers, m.TherapistPayer),
        _mask_of(m.TherapistLanguage.language_code, bits.languages, m.TherapistLanguage),
        _mask_of(m.TherapistAgeGroup.age_group, bits.age_groups, m.TherapistAgeGroup),
        _mask_of(m.TherapistAdaptation.adaptation, bits.adaptations, m.TherapistAdaptation),
        _mask_of(m.Licence.state, bits.states, m.Licence),
        flags,
        func.coalesce(days_since_epoch(t.accepting_confirmed_on), -1),
        _best_tier("verified"),
        _best_tier("self-reported", "pending"),
        # Problem reports a verifier confirmed (anonymous reports alone never count).
        select(func.count())
        .where(ListingReport.therapist_id == t.id, ListingReport.status == "confirmed")
        .scalar_subquery(),
    )


# Same order as _build_document_select; the packed columns are the index's, with the id renamed.
DOCUMENT_COLUMNS = [
    "therapist_id",
    "seq",
    "listed",
    *(name for name in ix.THERAPIST_COLUMNS if name != "tid"),
]


def _next_generation(session: Session, *, rebuilt: bool = False) -> int:
    """Take the next change number; the row lock this UPDATE holds orders concurrent writers."""
    values: dict[str, Any] = {"generation": SearchState.generation + 1}
    if rebuilt:
        values["rebuilt_generation"] = SearchState.generation + 1
        values["layout_fingerprint"] = layout().fingerprint
    # Session.execute is typed as returning Result; DML returns a CursorResult (with rowcount).
    updated = type_cast(
        CursorResult,
        session.execute(update(SearchState).where(SearchState.id == 1).values(**values)),
    )
    if updated.rowcount == 0:
        session.execute(
            insert(SearchState).values(
                id=1, generation=1, rebuilt_generation=1, layout_fingerprint=layout().fingerprint
            )
        )
    return session.execute(select(SearchState.generation).where(SearchState.id == 1)).scalar_one()


def refresh(session: Session, therapist_ids: Iterable[int]) -> None:
    """Recompute the documents of these therapists (tombstones for the deleted ones)."""
    ids = sorted(set(therapist_ids))
    if not ids:
        return
    generation = _next_generation(session)
    statements = _refresh_statements()
    connection = session.connection()
    for start in range(0, len(ids), 500):
        chunk = {"ids": ids[start : start + 500]}
        connection.execute(statements.delete, chunk)
        connection.execute(statements.insert, chunk)
        found = set(connection.scalars(statements.found, chunk))
        gone = [
            {"therapist_id": tid, "seq": generation, "listed": False}
            for tid in chunk["ids"]
            if tid not in found
        ]
        if gone:
            session.execute(insert(SearchDocument).values(_tombstone_defaults()), gone)


def _tombstone_defaults() -> dict:
    return {name: 0 for name in DOCUMENT_COLUMNS if name not in ("therapist_id", "seq", "listed")}


def rebuild_all(session: Session) -> int:
    """Recompute every document (after bulk writes or a vocabulary layout change)."""
    generation = _next_generation(session, rebuilt=True)
    session.execute(delete(SearchDocument))
    session.execute(
        insert(SearchDocument).from_select(DOCUMENT_COLUMNS, _refresh_statements().document)
    )
    return generation


def _therapist_id_of(obj) -> int | None:
    if isinstance(obj, m.Therapist):
        return obj.id
    if isinstance(obj, CHILD_MODELS):
        return obj.therapist_id
    return None


def _after_flush(session: Session, flush_context) -> None:
    dirty = session.info.setdefault(DIRTY_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        tid = _therapist_id_of(obj)
        if tid is not None:
            dirty.add(tid)


def _before_commit(session: Session) -> None:
    session.flush()
    dirty = session.info.pop(DIRTY_KEY, None)
    if dirty:
        refresh(session, dirty)


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    # A savepoint rolling back leaves the outer transaction's changes pending: keep their marks
    # (refreshing a therapist whose change was undone is harmless; missing one is not).
    if previous_transaction.nested:
        return
    session.info.pop(DIRTY_KEY, None)


def install_hooks() -> None:
    """Listen on every Flask-SQLAlchemy session (idempotent)."""
    session_class = db.session.session_factory.class_
    for name, fn in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_soft_rollback", _after_soft_rollback),
    ):
        if not event.contains(session_class, name, fn):
            event.listen(session_class, name, fn)


def ensure_search_documents() -> None:
    """Rebuild every document when none were ever built or the vocabulary layout changed."""
    fingerprint = db.session.scalar(
        select(SearchState.layout_fingerprint).where(SearchState.id == 1)
    )
    if fingerprint != layout().fingerprint:
        rebuild_all(db.session())
        db.session.commit()
