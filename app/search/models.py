"""Search documents: one row per therapist, derived from the profile tables.

A document packs what ranking needs into integers (see ``matching.encoding``). It is a cache, not a
source of truth: ``documents.refresh`` recomputes it from the profile tables. ``seq`` is the
change number under which a row was last written; ``SearchState.generation`` is the latest one, so a
worker holding an index at generation g only needs the rows with ``seq > g``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import Model


class SearchDocument(Model):
    __tablename__ = "search_document"
    # No foreign key: a deleted therapist leaves a tombstone (listed = false) that workers must see.
    therapist_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    listed: Mapped[bool] = mapped_column(Boolean)
    cond_primary: Mapped[int] = mapped_column(BigInteger)
    cond_any: Mapped[int] = mapped_column(BigInteger)
    payers: Mapped[int] = mapped_column(BigInteger)
    languages: Mapped[int] = mapped_column(BigInteger)
    age_groups: Mapped[int] = mapped_column(BigInteger)
    adaptations: Mapped[int] = mapped_column(BigInteger)
    licence_states: Mapped[int] = mapped_column(BigInteger)
    flags: Mapped[int] = mapped_column(SmallInteger)
    confirmed_day: Mapped[int] = mapped_column(Integer)
    tier_verified: Mapped[int] = mapped_column(SmallInteger)
    tier_claimed: Mapped[int] = mapped_column(SmallInteger)
    open_reports: Mapped[int] = mapped_column(SmallInteger)


class SearchState(Model):
    """One row. Writers bump ``generation`` inside their transaction; its row lock orders them."""

    __tablename__ = "search_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)
    # Generation of the last full rebuild: a worker behind it rebuilds instead of patching.
    rebuilt_generation: Mapped[int] = mapped_column(BigInteger, default=0)
    layout_fingerprint: Mapped[str] = mapped_column(String(32), default="")
