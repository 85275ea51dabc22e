"""Bit positions for the vocabularies, so sets of slugs fit in one integer column.

Positions follow the order of the seed_data lists. Slugs are only ever appended there, so existing
positions never move; the fingerprint changes whenever the layout does, and a stored search document
built under another fingerprint must be rebuilt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from matching.reference import vocabulary

# Signed 64-bit integer columns (SQLite, PostgreSQL BIGINT) hold 63 usable bits.
MAX_BITS = 63


@dataclass(frozen=True)
class BitLayout:
    conditions: dict[str, int]
    payers: dict[str, int]
    languages: dict[str, int]
    states: dict[str, int]
    age_groups: dict[str, int]
    adaptations: dict[str, int]
    fingerprint: str

    def families(self) -> dict[str, dict[str, int]]:
        return {
            "conditions": self.conditions,
            "payers": self.payers,
            "languages": self.languages,
            "states": self.states,
            "age_groups": self.age_groups,
            "adaptations": self.adaptations,
        }


def mask_of(bits: dict[str, int], values: Iterable[str]) -> int:
    """OR of the bits of ``values``; unknown values are ignored (validation happens earlier)."""
    out = 0
    for value in values:
        position = bits.get(value)
        if position is not None:
            out |= 1 << position
    return out


def members(bits: dict[str, int], mask: int) -> list[str]:
    """The values whose bits are set, in vocabulary order."""
    names = _names_by_position(tuple(bits))
    out = []
    while mask:
        low = mask & -mask
        out.append(names[low.bit_length() - 1])
        mask ^= low
    return out


@cache
def _names_by_position(names: tuple[str, ...]) -> tuple[str, ...]:
    return names


DOCUMENT_FORMAT = 2  # 2: flags gained NO_CONTACT


@cache
def layout() -> BitLayout:
    vocab = vocabulary()
    families = {
        "conditions": list(vocab.conditions),
        "payers": list(vocab.payers),
        "languages": list(vocab.languages),
        "states": list(vocab.states),
        "age_groups": list(vocab.age_groups),
        "adaptations": list(vocab.adaptations),
    }
    for name, values in families.items():
        if len(values) > MAX_BITS:
            raise ValueError(f"{name}: {len(values)} values do not fit in {MAX_BITS} bits")
    # DOCUMENT_FORMAT is part of it so documents built before a change to their columns' meaning
    # (new flag bits) are rebuilt too.
    digest = hashlib.sha256(repr((DOCUMENT_FORMAT, sorted(families.items()))).encode()).hexdigest()[
        :16
    ]
    return BitLayout(
        **{name: {v: i for i, v in enumerate(values)} for name, values in families.items()},
        fingerprint=digest,
    )
