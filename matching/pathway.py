"""The way to IPT certification: each ladder's requirements, and how far a record has come.

Pure data in, plain data out. The requirements live in
``seed_data/certification_requirements.json``, each with the public page that documents it;
``progress`` measures a record's totals against one level's requirements.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from matching.explain import ENGLISH, Words
from matching.reference import _translations, load_json, text_language, vocabulary

KINDS = (
    "training_hours",
    "supervised_cases",
    "supervision_hours",
    "rated_portfolios",
    "declared_number",
    "attestation",
)
#: Tiers at which a credential lets its holder supervise on that body's ladder.
SUPERVISING_TIERS = ("supervisor", "trainer")


@dataclass(frozen=True)
class Requirement:
    key: str
    kind: str
    label: str
    source: str
    source_checked: bool
    target: float = 1.0
    unit: str = ""
    min_rating: float | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # lang -> label ("en" is ``label``)

    def label_in(self, lang: str | None) -> str:
        """The requirement in ``lang`` (English when the file has no translation)."""
        return self.labels.get(text_language(lang), self.label)


@dataclass(frozen=True)
class LevelRequirements:
    body: str
    level: str
    label: str  # "ISIPT Therapist"
    requirements: tuple[Requirement, ...]


@cache
def requirements() -> dict[tuple[str, str], LevelRequirements]:
    """(body, level) -> its requirements, for every level a body publishes requirements for."""
    vocab = vocabulary()
    out: dict[tuple[str, str], LevelRequirements] = {}
    for ladder in load_json("certification_requirements.json")["ladders"]:
        body = ladder["body"]
        for lvl in ladder["levels"]:
            level = vocab.credential_levels[(body, lvl["level"])]
            reqs = []
            for r in lvl["requirements"]:
                if r["kind"] not in KINDS:
                    raise ValueError(f"{body} {lvl['level']}: unknown requirement kind {r['kind']}")
                reqs.append(
                    Requirement(
                        key=r["key"],
                        kind=r["kind"],
                        label=r["label"],
                        source=r["source"],
                        source_checked=bool(r.get("source_checked")),
                        target=float(r.get("target", 1)),
                        unit=r.get("unit", ""),
                        min_rating=r.get("min_rating"),
                        labels=_translations(r, "label"),
                    )
                )
            label = f"{vocab.credential_bodies[body]['label']} {level.label}"
            out[(body, lvl["level"])] = LevelRequirements(body, lvl["level"], label, tuple(reqs))
    return out


def can_supervise(body: str, level: str) -> bool:
    """A credential lets its holder supervise on ``body``'s ladder at supervisor tier or above."""
    return vocabulary().tier_for(body, level) in SUPERVISING_TIERS


@dataclass(frozen=True)
class CaseFact:
    supervision_hours: float
    portfolio_rating: float | None
    supervisor_qualified: bool  # the supervisor holds a supervisor level on this ladder


@dataclass(frozen=True)
class RecordFacts:
    """A training record reduced to what requirements count."""

    training_hours: float = 0.0
    cases: tuple[CaseFact, ...] = ()
    declared: Mapping[str, float] = field(default_factory=dict)
    attested: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ItemProgress:
    requirement: Requirement
    done: float
    met: bool
    fraction: float  # 0–1, for the progress bar
    text: str  # "2 of 3 cases"
    flagged: int = 0  # cases with a supervisor not known to supervise on this ladder


@dataclass(frozen=True)
class Progress:
    body: str
    level: str
    label: str
    items: tuple[ItemProgress, ...]

    @property
    def met(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def fraction(self) -> float:
        return sum(i.fraction for i in self.items) / len(self.items) if self.items else 0.0


def _amount(value: float) -> str:
    return f"{value:g}"


def _measure(req: Requirement, facts: RecordFacts) -> tuple[float, int]:
    if req.kind == "training_hours":
        return facts.training_hours, 0
    if req.kind == "supervised_cases":
        return float(len(facts.cases)), sum(not c.supervisor_qualified for c in facts.cases)
    if req.kind == "supervision_hours":
        flagged = sum(not c.supervisor_qualified for c in facts.cases if c.supervision_hours)
        return sum(c.supervision_hours for c in facts.cases), flagged
    if req.kind == "rated_portfolios":
        floor = req.min_rating if req.min_rating is not None else 0.0
        rated = [c for c in facts.cases if c.portfolio_rating is not None]
        passing = [
            c for c in rated if c.portfolio_rating is not None and c.portfolio_rating >= floor
        ]
        return float(len(passing)), sum(not c.supervisor_qualified for c in passing)
    if req.kind == "declared_number":
        return float(facts.declared.get(req.key, 0) or 0), 0
    return (1.0 if req.key in facts.attested else 0.0), 0


def progress(body: str, level: str, facts: RecordFacts, words: Words = ENGLISH) -> Progress:
    """How far ``facts`` go toward ``body``'s ``level``; KeyError for a level without data.
    ``words`` says the items' status ("2 of 3 cases") in the page's language."""
    _ = words.gettext
    level_reqs = requirements()[(body, level)]
    items = []
    for req in level_reqs.requirements:
        done, flagged = _measure(req, facts)
        met = done >= req.target
        fraction = min(1.0, done / req.target) if req.target > 0 else 1.0
        if req.kind == "attestation":
            text = _("confirmed by you") if met else _("not yet confirmed")
        elif req.unit:
            # The units are in the catalog (app/training/views.py UNIT_WORDS).
            text = _(
                "%(done)s of %(target)s %(unit)s",
                done=_amount(done),
                target=_amount(req.target),
                unit=_(req.unit),
            )
        else:
            text = _("%(done)s of %(target)s", done=_amount(done), target=_amount(req.target))
        items.append(ItemProgress(req, done, met, fraction, text, flagged))
    return Progress(body, level, level_reqs.label, tuple(items))
