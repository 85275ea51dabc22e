"""Keep the reference tables in step with ``seed_data/`` (idempotent upserts)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select

from app.core.extensions import Model, db
from app.directory.models import ConditionRef, LanguageRef, PayerRef, StateRef
from matching.reference import vocabulary


def sync_reference_data() -> None:
    """Insert or update every reference row; never delete one a profile may still point at."""
    vocab = vocabulary()
    rows: dict[type[Model], list[dict[str, Any]]] = {
        StateRef: [{"code": c, "name": n} for c, n in vocab.states.items()],
        LanguageRef: [{"code": c, "name": n} for c, n in vocab.languages.items()],
        PayerRef: [{"slug": s, "label": label} for s, label in vocab.payers.items()],
        # Parents first, so the self-referencing foreign key always has its target.
        ConditionRef: [
            {"slug": c.slug, "label": c.label, "parent_slug": c.parent, "evidence": c.evidence}
            for c in sorted(vocab.conditions.values(), key=lambda c: c.parent is not None)
        ],
    }
    for model, wanted in rows.items():
        key = inspect(model).primary_key[0].name
        existing = {getattr(obj, key): obj for obj in db.session.scalars(select(model))}
        for values in wanted:
            obj = existing.get(values[key])
            if obj is None:
                db.session.add(model(**values))
            else:
                for attr, value in values.items():
                    setattr(obj, attr, value)
        db.session.flush()
    db.session.commit()
