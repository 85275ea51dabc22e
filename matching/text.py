"""Text normalisation shared by the free-text resolvers."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9+]+")


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse everything but letters/digits to single spaces."""
    if not text.isascii():  # ASCII has nothing to decompose; most text is ASCII
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.lower()).strip()
