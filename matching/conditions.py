"""Free text -> canonical condition slugs, plus safety triage and age-group hints.

Pure Python: no Flask, no database. The public entry point is :func:`resolve_conditions`.

How a query is read (all tables live in ``seed_data/condition_synonyms.json`` and, for Spanish,
``seed_data/condition_synonyms_es.json``: same format, merged into one lexicon, so English, Spanish
and a mix of the two are all understood; accents are folded away, so "depresion" is "depresión"):

1. Upper-case-only abbreviations (BED, ED, SAD, BN, AN) are swapped for marker tokens *before* case
   is folded, because in lower case they are ordinary words ("bed", "sad").
2. The text is normalised (apostrophes dropped so "can't" == "cant", then ``text.fold``) and split.
3. Typos: a token of 5+ letters that is neither a lexicon word nor a protected (real) word is
   corrected to a lexicon word at most 1 edit away (2 for 8+ letters; transpositions count as one)
   with the same first letter. Short tokens (OCD, BPD, PTSD, GAD ...) are only ever matched exactly,
   so "OCD" can never become "PTSD" and "BPD" can never become "bipolar".
4. Phrases are looked up longest first; a chosen phrase consumes its words. "Blocker" phrases
   ("trauma surgery", "binge watching", "borderline personality disorder") consume words and mean
   nothing, which is how unknown or out-of-scope text comes back as *no match*.
5. Cue phrases (a person, an eating context, a physical injury ...) decide whether conditional
   phrases count: "died" is grief only when a person is named; "trauma" is not PTSD beside
   "broken leg".
6. A few clinical context rules adjust the ranking (perinatal context wins over plain depression, a
   duration of years points to persistent depression, binge + vomiting points to bulimia), and a
   matched child slug brings its parent along with a lower score.
7. The main concern (the first slug) when several are named: the one asked about ("help with my
   grief"), else the first named, unless a more specific reading was named too; see :func:`_main`.

Negation ("not", "no tengo") and the words that decide whose age a phrase describes are
per-language data too (``grammar`` in each file). Spanish ages: "mi hijo de 15 años", "tengo 34
años" and "tiene 15" are ages; "después de 15 años" and "tengo 10 años con depresión" are durations.

Labels and the guidance note come from ``seed_data/conditions.json`` in the language asked for
(``resolve_conditions(text, lang="es")``; English when the language is unknown).

Growing the lexicon: edit the JSON, then refresh the protected-word lists so new lexicon words do
not start swallowing real words one typo away from them (Debian's ``wamerican`` provides the
English list; for Spanish, ``wspanish`` plus the inflected forms of ``hunspell-es``, see the
``_about`` of the Spanish file; the runtime never needs them)::

    python -m matching.conditions --refresh-protected en /usr/share/dict/words
    python -m matching.conditions --refresh-protected es /usr/share/dict/spanish FORMS

Decisions worth knowing:

* PPD means postpartum depression here (a perinatal directory meaning); "paranoid personality
  disorder" spelled out is out of vocabulary. PDD means persistent depressive disorder;
  "pervasive developmental disorder" spelled out is out of vocabulary.
* SAD (upper case) ranks depression first (seasonal affective disorder, a depression with a seasonal
  pattern, is what lay seekers usually mean) with social anxiety second; any social context
  ("SAD around people") flips the order and a seasonal context drops social anxiety.
* "anorexia" alone means anorexia nervosa (what seekers mean), not the ICD symptom R63.0.
* Danger (suicide, self-harm, harm to others, abuse, psychosis, medical) is read by
  ``matching.safety.triage``, in English and Spanish; ``crisis`` is true for any kind and
  ``safety`` says which. Bereavement by suicide ("my brother died by suicide") is grief, not
  crisis, and resolves to grief.
* Suicide or self-harm text with no other condition resolves to depression at a low score so the
  seeker still sees therapists after the crisis resources. Other kinds invent no match: abuse,
  psychosis, a medical emergency or intrusive thoughts are not depression, and guessing one
  would rank the wrong therapists.
* "postpartum psychosis" is a blocker: an emergency that safety triage flags, never an ordinary
  perinatal-depression search.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from matching.reference import SEED_DATA_DIR, load_json, text_language, vocabulary
from matching.safety import Triage, triage
from matching.safety import warm_up as _warm_up_safety
from matching.text import fold

#: One lexicon file per language, merged into one lexicon (mixed English/Spanish text works).
SYNONYM_FILES = {"en": "condition_synonyms.json", "es": "condition_synonyms_es.json"}

MIN_SCORE = 0.35  # below this a slug is noise (for example a negated mention)
CORRECTION_PENALTY = 0.92  # a typo-corrected phrase is a little less certain than an exact one
NEGATION_PENALTY = 0.3  # "not depressed" should not surface depression
PARENT_SHARE = 0.6  # a parent slug rides along behind its matched child at this share
FALLBACK_CUTOFF = 90.0  # rapidfuzz ratio for whole-query fallback ("postpartumdepression")
FALLBACK_PENALTY = 0.85
CRISIS_FALLBACK_SCORE = 0.5
CRISIS_FALLBACK_KINDS = frozenset({"suicide", "self-harm"})  # see the module docstring
MAIN_SHARE = 0.9  # a slug scored at least this share of the best one can be the main concern
HINT_SCORE = 0.6  # the lexicon's weakest tier ("stressed", "overwhelmed", "tired"): only hints
# A life change (a move, a new job, a divorce, retirement) is the circumstance of a concern the
# seeker says they feel: "moved to Denver and feel lonely" asks about the loneliness (see _main).
CONTEXT_SLUGS = frozenset({"role-transitions"})
RULE_SCORE = 0.85  # a slug inferred from two cues together (eating + vomiting) rather than named
MAX_INPUT_CHARS = 500  # bounds the per-call cost; queries are short


@dataclass(frozen=True)
class ConditionMatch:
    slug: str
    label: str
    score: float  # 0..1, 1 = certain
    evidence: str  # strong | moderate | limited | not-indicated


@dataclass(frozen=True)
class ConditionResolution:
    query: str
    matches: tuple[ConditionMatch, ...]  # best first; empty when nothing fits
    guidance: str | None  # kind note when the best match is not-indicated or limited evidence
    crisis: bool  # any danger matching.safety recognises (suicide, abuse, psychosis ...)
    age_groups: tuple[str, ...]  # children | adolescents | adults | older-adults
    safety: Triage  # which dangers, in whose words (see matching.safety)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class _Target:
    slug: str  # canonical slug, "@cue", or "" for a blocker
    weight: float
    requires: frozenset[str] = frozenset()  # any one of these cues must be present
    unless: frozenset[str] = frozenset()  # none of these cues may be present


@dataclass(frozen=True)
class _Lexicon:
    phrases: dict[tuple[str, ...], tuple[_Target, ...]]
    max_len: int
    known: frozenset[str]
    protected: frozenset[str]
    targets_by_initial: dict[str, tuple[str, ...]]
    abbreviations: dict[str, str]
    abbreviation_re: re.Pattern[str]
    fallback: dict[str, tuple[_Target, ...]]
    fallback_keys: tuple[str, ...]
    age_phrases: dict[tuple[str, ...], str]
    age_max_len: int
    filler: frozenset[str]
    person_words: frozenset[str]
    intensifiers: frozenset[str]
    # function words of every language, for the negation and age rules
    negators: frozenset[str]
    negation_cancel: frozenset[str]
    negation_skip: frozenset[str]
    past_markers: frozenset[str]
    owners: frozenset[str]
    owned_only: frozenset[str]  # kin words that are also names: "my lola", not "Lola"
    death_words: frozenset[str]  # "my son died": the bereaved seeker is the client
    subject_verbs: frozenset[str]
    for_words: frozenset[str]
    past_before_singular: frozenset[str]
    # what marks a condition as the one the seeker asks about (see _main)
    request_before: frozenset[str]
    request_with: frozenset[str]
    request_with_after: frozenset[str]
    request_skip: frozenset[str]
    request_after: frozenset[str]
    feel_words: frozenset[str]


_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_SUFFIX = ("ss", "us", "is")


def _normalise(text: str) -> str:
    return fold(_APOSTROPHES.sub("", text))


def _stem(token: str) -> str:
    """A deliberately tiny plural strip, applied identically to lexicon and query."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(_NON_SUFFIX):
        return token[:-1]
    return token


def _key(phrase: str, drop: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(_stem(t) for t in _normalise(phrase).split() if t not in drop)


def _max_edits(token: str) -> int:
    if len(token) < 5:
        return 0
    return 1 if len(token) < 8 else 2


def _target(slug: str, value: float | dict) -> _Target:
    if isinstance(value, dict):
        return _Target(
            slug,
            float(value["w"]),
            frozenset(value.get("requires", ())),
            frozenset(value.get("unless", ())),
        )
    return _Target(slug, float(value))


def _load_sources() -> dict[str, dict]:
    return {lang: load_json(name) for lang, name in SYNONYM_FILES.items()}


def _merge(sources: Iterable[dict]) -> dict:
    """Several languages' lexicon files as one: tables are joined; the first file wins a clash."""
    merged: dict = {}
    for raw in sources:
        for key, value in raw.items():
            if key.startswith("_") or key in ("version", "language"):
                continue
            if key not in merged:
                merged[key] = json.loads(json.dumps(value))  # a copy: callers may edit it
            elif isinstance(value, list):
                merged[key].extend(value)
            elif key in ("conditions", "cues", "age_groups", "grammar"):
                for name, table in value.items():
                    have = merged[key].setdefault(name, type(table)())
                    if isinstance(table, dict):
                        for phrase, target in table.items():
                            have.setdefault(phrase, target)
                    else:
                        have.extend(table)
            else:
                for name, item in value.items():
                    merged[key].setdefault(name, item)
    return merged


def _load_raw() -> dict:
    return _merge(_load_sources().values())


def _build(raw: dict) -> _Lexicon:
    known_slugs = set(vocabulary().conditions)
    intensifiers = frozenset(raw.get("intensifiers", ()))
    phrases: dict[tuple[str, ...], list[_Target]] = {}
    words: set[str] = set()

    def put(phrase: str, target: _Target) -> None:
        key = _key(phrase, intensifiers)
        if not key:
            return
        phrases.setdefault(key, []).append(target)
        words.update(_normalise(phrase).split())

    # Intensifiers ("really", "so") are dropped from text and phrases alike, so "feeling really
    # down" meets "feeling down". A phrase that only differs by an intensifier from another one
    # ("very shy" vs "shy") keeps the plainer phrase's meaning: added last and only if new.
    with_intensifier: list[tuple[str, _Target]] = []
    for slug, table in raw["conditions"].items():
        if slug not in known_slugs:  # a typo in the data file must not invent a public slug
            raise ValueError(f"condition_synonyms.json names unknown slug {slug!r}")
        for phrase, value in table.items():
            if _key(phrase) != _key(phrase, intensifiers):
                with_intensifier.append((phrase, _target(slug, value)))
            else:
                put(phrase, _target(slug, value))
    plain_keys = set(phrases)
    for phrase, target in with_intensifier:
        if _key(phrase, intensifiers) not in plain_keys:
            put(phrase, target)
    for cue, cue_phrases in raw["cues"].items():
        for phrase in cue_phrases:
            put(phrase, _Target(cue, 1.0))
    for phrase in raw["blockers"]:
        put(phrase, _Target("", 0.0))
    # Misspellings that are real words in another language ("depresion" is Spanish, so it is not
    # corrected): every phrase is also indexed with them, unless that spelling already means more.
    variants = {w: tuple(v) for w, v in raw.get("spelling_variants", {}).items()}
    if variants:
        taken = set(phrases)
        for key, meanings in list(phrases.items()):
            for i, word in enumerate(key):
                for other in variants.get(word, ()):
                    new_key = (*key[:i], _stem(other), *key[i + 1 :])
                    if new_key not in taken:
                        phrases[new_key] = list(meanings)
                        words.add(other)

    age_phrases: dict[tuple[str, ...], str] = {}
    for group, group_phrases in raw["age_groups"].items():
        for phrase in group_phrases:
            age_phrases[_key(phrase)] = group
            words.update(_normalise(phrase).split())

    filler = frozenset(raw["filler_words"])
    grammar = {name: frozenset(entries) for name, entries in raw["grammar"].items()}
    words |= filler
    targets = {w for w in words | set(raw["extra_correction_targets"]) if w.isalpha()}
    targets = {w for w in targets if len(w) >= 5 and not w.startswith("abbrx")}
    by_initial: dict[str, list[str]] = {}
    for word in sorted(targets):
        by_initial.setdefault(word[0], []).append(word)

    # Whole-query fallback only on phrases that name a condition unconditionally.
    fallback: dict[str, tuple[_Target, ...]] = {}
    for key, tgts in phrases.items():
        strong = tuple(
            t for t in tgts if t.slug in known_slugs and not t.requires and t.weight >= 0.8
        )
        compact = "".join(key)
        if strong and len(compact) >= 7 and not compact.startswith("abbrx"):
            fallback.setdefault(compact, strong)

    abbreviations = dict(raw["case_sensitive_abbreviations"])
    alternation = "|".join(sorted(map(re.escape, abbreviations), key=len, reverse=True))
    known = frozenset(words | {_stem(w) for w in words} | set(raw["extra_correction_targets"]))
    return _Lexicon(
        phrases={k: tuple(v) for k, v in phrases.items()},
        max_len=max(len(k) for k in phrases),
        known=known,
        protected=frozenset(raw.get("protected_words", ())),
        targets_by_initial={k: tuple(v) for k, v in by_initial.items()},
        abbreviations=abbreviations,
        abbreviation_re=re.compile(rf"(?<![A-Za-z])({alternation})(?![A-Za-z])"),
        fallback=fallback,
        fallback_keys=tuple(fallback),
        age_phrases=age_phrases,
        age_max_len=max(len(k) for k in age_phrases),
        filler=filler,
        person_words=frozenset(_stem(w) for w in raw["cues"]["@person"]),
        intensifiers=intensifiers,
        negators=grammar["negators"],
        negation_cancel=grammar["negation_cancel"],
        negation_skip=grammar["negation_skip"],
        past_markers=grammar["past_markers"],
        owners=grammar["owners"],
        owned_only=frozenset(_stem(w) for w in grammar.get("owned_only", ())),
        death_words=frozenset(_stem(w) for w in grammar.get("death_words", ())),
        subject_verbs=grammar["subject_verbs"],
        for_words=grammar["for_words"],
        past_before_singular=grammar["past_before_singular"],
        request_before=grammar["request_before"],
        request_with=grammar["request_with"],
        request_with_after=grammar["request_with_after"],
        request_skip=grammar["request_skip"],
        request_after=grammar["request_after"],
        feel_words=grammar["feel_words"],
    )


@cache
def _lexicon() -> _Lexicon:
    return _build(_load_raw())


# --------------------------------------------------------------------------- typo correction


@lru_cache(maxsize=16384)
def _correct(token: str) -> str | None:
    """The lexicon word a misspelt token stands for, or None to leave the token alone."""
    lex = _lexicon()
    max_d = _max_edits(token)
    if not max_d or not token.isalpha():
        return None
    if token in lex.known or token in lex.protected:
        return None
    stem = _stem(token)
    if stem in lex.known or stem in lex.protected:
        return None
    candidates = lex.targets_by_initial.get(token[0])
    if not candidates:
        return None
    best = process.extractOne(token, candidates, scorer=OSA.distance, score_cutoff=max_d)
    return best[0] if best else None


def build_protected_words(dictionary_words: Iterable[str], raw: dict | None = None) -> list[str]:
    """English words that the typo corrector would otherwise 'fix' into a lexicon word.

    Run with a system word list when the lexicon grows (see ``__main__`` below); the result is
    stored in the JSON so the runtime needs no word list.
    """
    raw = dict(raw if raw is not None else _load_raw())
    raw["protected_words"] = []
    lex = _build(raw)
    found: set[str] = set()
    for word in dictionary_words:
        token = _normalise(word)
        if " " in token or not token.isalpha() or not _max_edits(token):
            continue
        if token in lex.known or _stem(token) in lex.known:
            continue
        candidates = lex.targets_by_initial.get(token[0], ())
        hit = process.extractOne(
            token, candidates, scorer=OSA.distance, score_cutoff=_max_edits(token)
        )
        if hit:
            found.add(token)
    return sorted(found)


# --------------------------------------------------------------------------- age hints

_AGE_NUMBER = re.compile(
    r"\b(\d{1,3}) ?(?:yo|y o|yrs? old|years? old|yr old)\b"
    r"|\b(\d{1,3})(?:yo|yrs?old|yearold)\b"
    r"|\b(?:age|aged|ages) (\d{1,3})\b"
    r"|\b(?:im|i am|he is|she is|hes|shes|is|turned|turning) (\d{1,2})\b"
    r"(?! (?:years|yrs|months|weeks|days|"
    r"times|hours|minutes|am|pm|percent|kg|lbs|pounds))"
    r"|\bin (?:my|his|her|their) (\d)0s\b"
)


# Spanish (folded, so "años" is "anos"). "mi hijo de 15 años", "tengo 34 años", "tiene 15" are
# ages; "después de 15 años", "15 años de casados", "tengo 10 años con depresión" are durations.
_NOT_AGE_BEFORE_DE = "".join(
    f"(?<!{w} )" for w in ("despues", "antes", "luego", "mas", "menos", "cerca", "alrededor", "lo")
)
_AGE_NUMBER_ES = re.compile(
    rf"{_NOT_AGE_BEFORE_DE}\bde (\d{{1,3}}) ?(?:anos|ano|anitos)\b(?! de (?!edad\b))"
    r"|\b(\d{1,3}) ?(?:anos|ano) de edad\b"
    r"|\b(?:tiene|tengo|tenia|cumple|cumplio|cumpli|cumplira|va a cumplir) (\d{1,3})"
    r"(?: ?(?:anos|ano|anitos))?\b(?! (?:de|con|sufriendo|luchando|asi|anos|ano|meses|semanas|dias|"
    r"horas|veces|hijos|hijas|ninos|kilos|libras|minutos|pesos|dolares)\b)"
)


def _age_for_years(years: int) -> str | None:
    """The directory's age group for an age: children under 12, adolescents 12 to 17, adults 18
    to 64, older adults from 65. Twelve is an adolescent: IPT-A, the adolescent adaptation, is
    for ages about 12-18 (the project's domain brief), and the lexicon's "12 to 18" is
    adolescents too. A dev-set writer who calls a 12-year-old a child is not followed."""
    if years <= 0 or years > 110:
        return None
    if years < 12:
        return "children"
    if years < 18:
        return "adolescents"
    if years < 65:
        return "adults"
    return "older-adults"


def _age_for_decade(decade: int) -> str | None:
    if decade == 1:
        return "adolescents"
    if 2 <= decade <= 5:
        return "adults"
    return "older-adults" if decade >= 6 else None


def _age_applies(
    stems: list[str],
    i: int,
    size: int,
    lex: _Lexicon,
    grief: bool,
    words: list[str] | None = None,  # unstemmed, for singular/plural ("de niño" / "de niños")
) -> bool:
    """Whether an age phrase describes the person who needs help, not a time or a bystander."""
    before = stems[max(0, i - 3) : i]
    if lex.past_markers & set(before):  # "since high school", "as a kid", "when I was a teenager"
        return False
    # "de niño sufrí abuso" (as a child) is the past; "terapeuta de niños" (for children) is not.
    words = stems if words is None else words
    if i and words[i - 1] in lex.past_before_singular and not words[i + size - 1].endswith("s"):
        return False
    owned = bool(before) and before[-1] in lex.owners
    if not owned and stems[i] in lex.owned_only:  # "Lola" is a name, "my lola" a grandmother
        return False
    if not owned or stems[i] not in lex.person_words:
        return True
    asked_for = len(before) >= 2 and before[-2] in lex.for_words
    if grief:
        # "my child died", "my son was killed": the seeker is the bereaved parent. The one who
        # is grieving or sad is the client: "grief therapy for my grandma", "mi abuela está
        # deprimida desde que murió mi abuelo".
        after = stems[i + size : i + size + 2]
        if lex.death_words & set(after):
            return False
        return asked_for or bool(after and after[0] in lex.subject_verbs)
    # "my kids" in a list of worries is not a child client; "for my kid", "my son is ..." is.
    if asked_for:
        return True
    after = stems[i + size : i + size + 2]
    return bool(lex.subject_verbs & set(after)) or (bool(after) and after[0] in lex.person_words)


def _age_phrases_found(
    stems: list[str], lex: _Lexicon, grief: bool, words: list[str] | None = None
) -> Iterator[tuple[str, int, int]]:
    """Each age phrase that describes the person who needs help: (group, first word, length).
    The sentence parser locates the same phrases in its input with this."""
    n = len(stems)
    i = 0
    while i < n:
        step = 1
        for size in range(min(lex.age_max_len, n - i), 0, -1):
            group = lex.age_phrases.get(tuple(stems[i : i + size]))
            if group is None:
                continue
            step = size  # "older adults" is one phrase, not also "adults"
            if _age_applies(stems, i, size, lex, grief, words):
                yield group, i, size
            break
        i += step


def _age_of_number(m: re.Match[str]) -> str | None:
    """The age group an _AGE_NUMBER match states ("15 year old", "in her 70s")."""
    years, compact, aged, stated, decade = m.groups()
    if decade:
        return _age_for_decade(int(decade))
    number = years or compact or aged or stated
    return _age_for_years(int(number)) if number is not None else None


def _age_groups(
    norm: str, words: list[str], stems: list[str], lex: _Lexicon, grief: bool
) -> tuple[str, ...]:
    found: dict[str, int] = {}
    for group, i, _ in _age_phrases_found(stems, lex, grief, words):
        found.setdefault(group, i)
    for m in _AGE_NUMBER.finditer(norm):
        if stated := _age_of_number(m):
            found.setdefault(stated, m.start())
    for m in _AGE_NUMBER_ES.finditer(norm):
        if stated := _age_for_years(int(next(g for g in m.groups() if g))):
            found.setdefault(stated, m.start())
    order = ("children", "adolescents", "adults", "older-adults")
    return tuple(sorted(found, key=lambda g: (found[g], order.index(g))))


# --------------------------------------------------------------------------- matching


def _negated(tokens: list[str], start: int, lex: _Lexicon) -> bool:
    """True when a hit is directly negated ("not depressed", "don't have anxiety")."""
    seen = 0
    i = start - 1
    while i >= 0 and seen < 3:
        tok = tokens[i]
        if tok in lex.negators:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            return nxt not in lex.negation_cancel
        if tok not in lex.negation_skip:
            return False
        seen += 1
        i -= 1
    return False


@dataclass(slots=True)
class _Hit:
    start: int
    size: int
    targets: tuple[_Target, ...]
    corrected: bool


def _find_hits(stems: list[str], corrected: list[bool], lex: _Lexicon) -> list[_Hit]:
    candidates: list[_Hit] = []
    n = len(stems)
    for i in range(n):
        for size in range(min(lex.max_len, n - i), 0, -1):
            targets = lex.phrases.get(tuple(stems[i : i + size]))
            if targets:
                candidates.append(_Hit(i, size, targets, any(corrected[i : i + size])))
    # Longest phrase first, then the strongest, then the earliest; a chosen phrase owns its words.
    candidates.sort(key=lambda h: (-h.size, -max(t.weight for t in h.targets), h.start))
    taken = [False] * n
    chosen: list[_Hit] = []
    for hit in candidates:
        span = range(hit.start, hit.start + hit.size)
        if any(taken[j] for j in span):
            continue
        for j in span:
            taken[j] = True
        chosen.append(hit)
    chosen.sort(key=lambda h: h.start)
    return chosen


def _allowed(target: _Target, cues: set[str]) -> bool:
    if target.requires and not (target.requires & cues):
        return False
    return not (target.unless & cues)


def _score_hits(hits: list[_Hit], tokens: list[str], lex: _Lexicon) -> tuple[dict, dict, set]:
    cues = {t.slug for h in hits for t in h.targets if t.slug.startswith("@")}
    if "@psych" in cues:  # "trauma therapist after my accident surgery" is still about trauma
        cues.discard("@physical")
    covered = [False] * len(tokens)
    for h in hits:
        # Cue words ("games", "knee") are ordinary words, not part of the query's topic; people
        # and recognised out-of-scope terms ("dementia") are.
        if not any(t.slug in ("", "@person", "@we") or t.slug[0] != "@" for t in h.targets):
            continue
        for j in range(h.start, h.start + h.size):
            covered[j] = True
    # @ctx lets a weak word ("moving", "alcohol", "change") count: it needs some other sign that
    # the text is about wellbeing, or a query that is nothing but the word plus filler.
    strong = any(
        t.slug and not t.slug.startswith("@") and "@ctx" not in t.requires and _allowed(t, cues)
        for h in hits
        for t in h.targets
    )
    only_filler = all(
        c or tok in lex.filler or tok.isdigit() for c, tok in zip(covered, tokens, strict=True)
    )
    weak_hits = sum(1 for h in hits if any("@ctx" in t.requires for t in h.targets))
    psych_cues = {"@distress", "@psych", "@social", "@lossctl", "@purge", "@repeat"}
    if strong or only_filler or weak_hits >= 2 or (psych_cues & cues):  # two weak words corroborate
        cues.add("@ctx")

    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for h in hits:
        negated = _negated(tokens, h.start, lex)
        for t in h.targets:
            if not t.slug or t.slug.startswith("@") or not _allowed(t, cues):
                continue
            weight = t.weight
            if h.corrected:
                weight *= CORRECTION_PENALTY
            if negated:
                weight *= NEGATION_PENALTY
            if weight > scores.get(t.slug, 0.0):
                scores[t.slug] = weight
            first.setdefault(t.slug, h.start)
    return scores, first, cues


Outranks = dict[str, set[str]]  # slug -> slugs it comes before wherever each was named


def _boost(
    scores: dict[str, float],
    slug: str,
    over: Iterable[str],
    margin: float = 0.05,
    outranks: Outranks | None = None,
) -> None:
    rivals = [s for s in over if s in scores]
    if rivals:
        scores[slug] = max(scores.get(slug, 0.0), max(scores[s] for s in rivals) + margin)
        if outranks is not None:
            outranks.setdefault(slug, set()).update(rivals)


def _apply_rules(
    scores: dict[str, float],
    first: dict[str, int],
    cues: set[str],
    outranks: Outranks | None = None,
) -> None:
    """Clinical context rules. Each names a more specific reading that wins over the plainer one
    wherever in the text each was named (``outranks``, used by :func:`_main`)."""
    if outranks is None:
        outranks = {}
    if "perinatal-depression" in scores:
        # "pregnant and depressed", "new mum, anxious": the perinatal specialism is the better fit
        _boost(
            scores,
            "perinatal-depression",
            (
                "depression",
                "persistent-depression",
                "anxiety",
                "generalized-anxiety",
                "interpersonal-deficits",  # "new mum, feel so disconnected"
                "role-transitions",  # "new mum, everything has changed"
            ),
            outranks=outranks,
        )
    if "@chronic" in cues and "depression" in scores:
        # "depressed for years", "my whole life": persistent depressive disorder
        _boost(scores, "persistent-depression", ("depression",), outranks=outranks)
        first.setdefault("persistent-depression", first["depression"])
    if "@food" in cues and "@lossctl" in cues and "binge-eating" not in scores:
        # "I eat in secret and can't stop": loss of control over eating
        scores["binge-eating"] = RULE_SCORE
        first.setdefault("binge-eating", 0)
    if "@purge" in cues and (
        {"binge-eating", "eating-disorders"} & scores.keys() or "@food" in cues
    ):
        # binge/eating + vomiting or laxatives: bulimia rather than binge eating
        scores["bulimia"] = max(scores.get("bulimia", 0.0), RULE_SCORE)
        _boost(scores, "bulimia", ("binge-eating", "eating-disorders"), outranks=outranks)
        first.setdefault("bulimia", 0)
    if "@repeat" in cues and "@ocdact" in cues and "ocd" not in scores:
        # "check that the oven is off 20 times", "wash my hands over and over"
        scores["ocd"] = RULE_SCORE
        first.setdefault("ocd", 0)
    if "@social" in cues and ({"anxiety", "generalized-anxiety"} & scores.keys()):
        # "anxious at parties", "nervous in meetings": the anxiety is social
        _boost(scores, "social-anxiety", ("anxiety", "generalized-anxiety"), outranks=outranks)
        first.setdefault(
            "social-anxiety", first.get("anxiety", first.get("generalized-anxiety", 0))
        )
    if "grief" in scores and "interpersonal-deficits" in scores:
        # "so lonely since dad passed": loneliness after a death is part of grieving. (IPT keeps
        # interpersonal deficits for loneliness that no life event explains.)
        outranks.setdefault("grief", set()).add("interpersonal-deficits")


def _felt(hits: list[_Hit], words: list[str], lex: _Lexicon) -> set[str]:
    """Slugs named as a feeling: "feel lonely", "feeling so depressed", "me siento sola"."""
    out: set[str] = set()
    for h in hits:
        if lex.feel_words.intersection(words[max(0, h.start - 3) : h.start + h.size]):
            out |= {t.slug for t in h.targets if t.slug and not t.slug.startswith("@")}
    return out


def _requested(hits: list[_Hit], words: list[str], lex: _Lexicon) -> set[str]:
    """Slugs named as what the seeker asks about: "help for my grief", "therapist for anxiety",
    "help with panic", "living with bipolar", "ayuda con la ansiedad", "grief counseling",
    "anxiety therapist".

    "with" / "con" ask only after a word of needing or living with something ("help with",
    "struggling with", "diagnosed with", "lidiar con"); elsewhere they join two complaints ("sad
    all the time with panic attacks", "triste, con ataques de pánico": the first named stays
    first). A marker right after another condition's words joins the two ("depression with
    anxiety")."""
    named = {
        j
        for h in hits
        if any(t.slug and not t.slug.startswith("@") for t in h.targets)
        for j in range(h.start, h.start + h.size)
    }
    out: set[str] = set()
    for h in hits:
        slugs = {t.slug for t in h.targets if t.slug and not t.slug.startswith("@")}
        if not slugs:
            continue
        i = h.start - 1
        while i >= 0 and words[i] in lex.request_skip:
            i -= 1
        marker = i >= 0 and (
            words[i] in lex.request_before
            or (words[i] in lex.request_with and i > 0 and words[i - 1] in lex.request_with_after)
        )
        before = marker and (i - 1) not in named
        end = h.start + h.size
        after = end < len(words) and words[end] in lex.request_after
        if before or after:
            out |= slugs
    return out


def _main(
    ordered: list[str],
    scores: dict[str, float],
    first: dict[str, int],
    requested: set[str],
    outranks: Outranks,
    felt: set[str],
) -> str:
    """The main concern when a seeker names more than one. The rule:

    1. Only a slug the text supports about as well as the best one can be the main concern (a
       score of at least MAIN_SHARE of the best, and above HINT_SCORE unless it is the best): a
       condition named outright ("bipolar", "lonely") is not displaced by one only described
       ("racing thoughts", "sad"), hinted ("stressed and depressed"), typo-guessed or negated.
    2. Of those, the one the seeker asks about ("help with my grief", "a therapist for anxiety",
       "living with bipolar", "grief counseling", "ayuda con la ansiedad") comes first; then the one
       named first ("sad and lonely" is sadness first; "depressed after losing my job" is
       depression). A life change is the circumstance of a concern the seeker says they feel, and
       comes after it wherever each was named ("moved to Denver and feel lonely", "me mudé y me
       siento sola"); a circumstance told without a feeling stays the concern ("just moved and
       don't know anyone", "new job and overwhelmed"). Named at the same place, the stronger
       reading.
    3. A more specific reading wins over the plainer one wherever each was named: a child over
       its parent ("anxious, mostly social anxiety"), and the clinical context rules of
       :func:`_apply_rules` (perinatal context over depression or anxiety, binge + purge as
       bulimia, years of low mood as persistent depression, anxiety in social settings as social
       anxiety, loneliness after a death as grief).

    The rest keep the score order.
    """
    vocab = vocabulary().conditions
    top = scores[ordered[0]]
    candidates = [
        s
        for s in ordered
        if scores[s] >= MAIN_SHARE * top and (scores[s] > HINT_SCORE or scores[s] == top)
    ]
    circumstance = any(s in felt and s not in CONTEXT_SLUGS for s in candidates)
    main = min(
        candidates,
        key=lambda s: (
            s not in requested,
            circumstance and s in CONTEXT_SLUGS,
            first.get(s, 0),
            -round(scores[s], 4),
            -(1 if vocab[s].parent else 0),
        ),
    )
    seen = {main}
    while True:
        better = next(
            (
                s
                for s in candidates
                if s not in seen and (main in outranks.get(s, ()) or vocab[s].parent == main)
            ),
            None,
        )
        if better is None:
            return main
        main = better
        seen.add(main)


def _fallback(norm_tokens: list[str], lex: _Lexicon) -> dict[str, float]:
    """Whole-query fuzzy match for run-together or mangled short queries ("postpartumdepresion")."""
    meaningful = [t for t in norm_tokens if t not in lex.filler]
    if not meaningful or len(meaningful) > 3:
        return {}
    if len(meaningful) == 1 and meaningful[0] in lex.protected:  # a real word ("afilamiento")
        return {}
    compact = "".join(_stem(t) for t in meaningful)
    if len(compact) < 7 or not compact.isalpha():
        return {}
    best = process.extractOne(
        compact, lex.fallback_keys, scorer=fuzz.ratio, score_cutoff=FALLBACK_CUTOFF
    )
    # Like the typo corrector, the first letter must agree: "tranquilo" is not "intranquilo".
    if not best or best[0][0] != compact[0]:
        return {}
    return {t.slug: t.weight * FALLBACK_PENALTY for t in lex.fallback[best[0]]}


def _mark_abbreviations(text: str, lex: _Lexicon) -> str:
    letters = [c for c in text if c.isalpha()]
    shouting = len(text.split()) > 1 and letters and not any(c.islower() for c in letters)
    if shouting:  # all-caps sentences carry no case information
        return text
    return lex.abbreviation_re.sub(lambda m: f" {lex.abbreviations[m.group(1)]} ", text)


@lru_cache(maxsize=4096)
def _resolve(text: str, limit: int, lang: str = "en") -> ConditionResolution:
    lex = _lexicon()
    vocab = vocabulary()
    conditions = vocab.conditions
    clipped = text[:MAX_INPUT_CHARS]
    norm = _normalise(_mark_abbreviations(clipped, lex))
    tokens = [t for t in norm.split() if t not in lex.intensifiers]
    fixed = [_correct(t) for t in tokens]
    words = [f or t for f, t in zip(fixed, tokens, strict=True)]
    stems = [_stem(w) for w in words]
    hits = _find_hits(stems, [f is not None for f in fixed], lex)
    scores, first, cues = _score_hits(hits, words, lex)

    safety = triage(text)  # reads further than MAX_INPUT_CHARS, and Spanish
    if not scores and not any(t.slug == "" for h in hits for t in h.targets):
        scores = _fallback(tokens, lex)
        first = dict.fromkeys(scores, 0)
    if safety.bereaved and "grief" not in scores:  # "suicide of my brother"
        scores["grief"] = 0.95
        first["grief"] = 0
    if not scores and CRISIS_FALLBACK_KINDS & set(safety.kinds):
        scores["depression"] = CRISIS_FALLBACK_SCORE
        first["depression"] = 0
    outranks: Outranks = {}
    _apply_rules(scores, first, cues, outranks)

    scores = {s: v for s, v in scores.items() if v >= MIN_SCORE}
    for slug in list(scores):
        parent = conditions[slug].parent
        if parent and scores.get(parent, 0.0) < scores[slug] * PARENT_SHARE:
            scores[parent] = scores[slug] * PARENT_SHARE
            first.setdefault(parent, first.get(slug, 0))

    def rank(slug: str) -> tuple[float, int, int]:
        depth = 1 if conditions[slug].parent else 0
        return (-round(scores[slug], 4), -depth, first.get(slug, 0))

    ordered = sorted(scores, key=rank)
    if len(ordered) > 1:
        asked, felt = _requested(hits, words, lex), _felt(hits, words, lex)
        main = _main(ordered, scores, first, asked, outranks, felt)
        ordered = [main, *(s for s in ordered if s != main)]
    ordered = ordered[: max(limit, 0)]
    matches = tuple(
        ConditionMatch(
            slug,
            vocab.condition_label(slug, lang),
            round(min(1.0, scores[slug]), 3),
            conditions[slug].evidence,
        )
        for slug in ordered
    )
    grief = any(m.slug == "grief" for m in matches)
    return ConditionResolution(
        query=text,
        matches=matches,
        guidance=vocab.condition_guidance(matches[0].slug, lang) if matches else None,
        crisis=safety.crisis,
        age_groups=_age_groups(norm, words, stems, lex, grief),
        safety=safety,
    )


def resolve_conditions(text: str, limit: int = 5, lang: str = "en") -> ConditionResolution:
    """Resolve seeker free text to condition slugs (best first), a crisis flag and age hints.

    English and Spanish (and a mix) are understood whatever ``lang`` is; ``lang`` ("es", "es-US")
    only picks the language of the labels and the guidance note (English when unknown).
    """
    return _resolve(text if isinstance(text, str) else "", limit, text_language(lang))


def warm_up() -> None:
    """Build the lexicon and the safety patterns now (otherwise built on the first call)."""
    _lexicon()
    _warm_up_safety()


def _refresh_protected(lang: str, word_lists: list[str]) -> None:
    """Recompute one language's protected words from system word lists and store them."""
    words: set[str] = set()
    for word_list in word_lists:
        with open(word_list, encoding="utf-8", errors="ignore") as fh:
            words.update(line.strip() for line in fh)
    protected = build_protected_words(sorted(words))
    path = Path(str(SEED_DATA_DIR / SYNONYM_FILES[lang]))  # a checkout: written in place
    data = load_json(SYNONYM_FILES[lang])
    data["protected_words"] = protected
    with path.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(f"{len(protected)} protected words written to {path}")


if __name__ == "__main__":  # pragma: no cover - maintenance command
    # python -m matching.conditions --refresh-protected en /usr/share/dict/words
    # python -m matching.conditions --refresh-protected es /usr/share/dict/spanish FORMS
    # (FORMS: hunspell-es's inflected forms; see the "_about" of condition_synonyms_es.json)
    if len(sys.argv) >= 4 and sys.argv[1] == "--refresh-protected" and sys.argv[2] in SYNONYM_FILES:
        _refresh_protected(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 3 and sys.argv[1] == "--refresh-protected":
        _refresh_protected("en", sys.argv[2:])
    else:
        for query in sys.argv[1:]:
            print(resolve_conditions(query))
