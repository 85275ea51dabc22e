"""The message catalogs: the committed .mo is the compiled .po, and every Spanish entry is usable.

The compiled ``messages.mo`` is committed (the wheel and ``make run`` need no build step). These
tests fail when someone edits the .po without ``make translations``, or leaves an entry
untranslated, fuzzy, or with placeholders that differ from the English. A string marked in the
code but not yet in the catalog is shown in English (``make messages`` adds it to the .po).
"""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "app" / "translations"
LANGUAGES = ("es",)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdf]")


def _po(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_mo_matches_the_po(lang):
    compiled = io.BytesIO()
    write_mo(compiled, _po(lang))
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
        committed = gettext.GNUTranslations(fh)
    assert committed._catalog == fresh._catalog, (  # type: ignore[attr-defined]
        "messages.mo is stale: run `make translations`"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_with_the_same_placeholders(lang):
    problems = []
    for message in _po(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            got = set(PLACEHOLDER.findall(string))
            # a singular may spell out the number ("1 día") instead of %(num)d
            if got != wanted and got != wanted - {"num"}:
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert not problems, "\n".join(problems)
