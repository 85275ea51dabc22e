"""Reference data shipped in ``seed_data/``, loaded once per process.

The JSON files are the single source of truth for slugs that are part of the public API
(conditions, payers, adaptations, credential ladders, licence types, states, languages).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import MappingProxyType

# Package data, read through importlib.resources: works from a checkout, an editable install and a
# wheel alike.
SEED_DATA_DIR: Traversable = files("seed_data")

DEFAULT_LANGUAGE = "en"
#: Languages the seeker-facing vocabulary (condition labels, guidance, age groups) is written in.
TEXT_LANGUAGES = ("en", "es")


def load_json(name: str) -> dict:
    with (SEED_DATA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def read_text(name: str) -> str:
    return (SEED_DATA_DIR / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Condition:
    slug: str
    label: str
    parent: str | None
    evidence: str
    icd10: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict, compare=False)  # language -> label
    guidance: Mapping[str, str] = field(default_factory=dict, compare=False)  # lang -> note


@dataclass(frozen=True)
class CredentialLevel:
    body: str
    code: str
    label: str
    tier: str


@dataclass(frozen=True)
class Vocabulary:
    conditions: dict[str, Condition]
    payers: dict[str, str]  # slug -> label
    languages: dict[str, str]  # code -> name
    states: dict[str, str]  # code -> name
    licence_types: dict[str, dict]
    adaptations: dict[str, dict]
    delivery_formats: dict[str, str]
    session_formats: dict[str, str]
    age_groups: dict[str, str]
    credential_bodies: dict[str, dict]
    credential_levels: dict[tuple[str, str], CredentialLevel]
    tiers: tuple[str, ...]
    verification_statuses: tuple[str, ...]
    evidence_levels: tuple[str, ...] = field(default=())
    psypact_states: frozenset[str] = field(default=frozenset())
    evidence_notes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> level
    age_group_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> slug

    def condition_label(self, slug: str, lang: str | None = DEFAULT_LANGUAGE) -> str:
        """The condition's label in ``lang`` (English when there is none in that language)."""
        cond = self.conditions[slug]
        return cond.labels.get(text_language(lang), cond.label)

    def condition_guidance(self, slug: str, lang: str | None = DEFAULT_LANGUAGE) -> str | None:
        """The kind note shown when IPT is not a first choice for ``slug``, or None when it is."""
        cond = self.conditions[slug]
        if cond.evidence not in ("not-indicated", "limited"):
            return None
        lang = text_language(lang)
        own = cond.guidance.get(lang) or cond.guidance.get(DEFAULT_LANGUAGE)
        if own:
            return own
        notes = self.evidence_notes.get(lang) or self.evidence_notes.get(DEFAULT_LANGUAGE, {})
        return notes.get(cond.evidence)

    def age_group_label(self, slug: str, lang: str | None = DEFAULT_LANGUAGE) -> str:
        labels = self.age_group_labels.get(text_language(lang), {})
        return labels.get(slug) or self.age_groups[slug]

    def children(self, slug: str) -> list[str]:
        return [c.slug for c in self.conditions.values() if c.parent == slug]

    def tier_rank(self, tier: str | None) -> int:
        """0 for no tier, then 1..4 for trained < certified < supervisor < trainer."""
        return 0 if tier is None else self.tiers.index(tier) + 1

    def tier_for(self, body: str, level: str) -> str | None:
        found = self.credential_levels.get((body, level))
        return found.tier if found else None


def text_language(lang: object) -> str:
    """``"es"``, ``"es-US"``, ``"ES_mx"`` -> ``"es"``; anything unknown or malformed -> English."""
    if not isinstance(lang, str):
        return DEFAULT_LANGUAGE
    primary = lang.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in TEXT_LANGUAGES else DEFAULT_LANGUAGE


def _translations(entry: dict, key: str) -> Mapping[str, str]:
    """``{"label": "Depression", "label_es": "Depresión"}`` -> ``{"en": ..., "es": ...}``."""
    found = {DEFAULT_LANGUAGE: entry[key]} if entry.get(key) else {}
    for lang in TEXT_LANGUAGES:
        if entry.get(f"{key}_{lang}"):
            found[lang] = entry[f"{key}_{lang}"]
    return MappingProxyType(found)


@cache
def vocabulary() -> Vocabulary:
    cond = load_json("conditions.json")
    creds = load_json("ipt_credentials.json")
    adapt = load_json("adaptations.json")
    levels = {
        (b["slug"], lvl["code"]): CredentialLevel(b["slug"], lvl["code"], lvl["label"], lvl["tier"])
        for b in creds["bodies"]
        for lvl in b["levels"]
    }
    return Vocabulary(
        conditions={
            c["slug"]: Condition(
                c["slug"],
                c["label"],
                c["parent"],
                c["evidence"],
                tuple(c["icd10"]),
                tuple(c.get("related", ())),
                _translations(c, "label"),
                _translations(c, "guidance"),
            )
            for c in cond["conditions"]
        },
        payers={p["slug"]: p["label"] for p in load_json("payers.json")["payers"]},
        languages={lang["code"]: lang["name"] for lang in load_json("languages.json")["languages"]},
        states={s["code"]: s["name"] for s in load_json("us_states.json")["states"]},
        licence_types={t["slug"]: t for t in load_json("licence_types.json")["licence_types"]},
        adaptations={a["slug"]: a for a in adapt["adaptations"]},
        delivery_formats={f["slug"]: f["label"] for f in adapt["delivery_formats"]},
        session_formats={f["slug"]: f["label"] for f in adapt["session_formats"]},
        age_groups={g["slug"]: g["label"] for g in adapt["age_groups"]},
        credential_bodies={b["slug"]: b for b in creds["bodies"]},
        credential_levels=levels,
        tiers=tuple(creds["tiers"]),
        verification_statuses=tuple(creds["verification_statuses"]),
        evidence_levels=tuple(cond["evidence_levels"]),
        psypact_states=frozenset(load_json("psypact.json")["states"]),
        evidence_notes=MappingProxyType(
            {lang: MappingProxyType(notes) for lang, notes in cond["evidence_notes"].items()}
        ),
        age_group_labels=MappingProxyType(
            {
                lang: MappingProxyType(
                    {
                        g["slug"]: g[f"label_{lang}"]
                        for g in adapt["age_groups"]
                        if g.get(f"label_{lang}")
                    }
                )
                for lang in TEXT_LANGUAGES
                if lang != DEFAULT_LANGUAGE
            }
        ),
    )
