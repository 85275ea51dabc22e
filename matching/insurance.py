"""Free-text insurance → canonical payer slugs (``seed_data/payers.json``).

``resolve_insurers("I have Aetna through work")`` returns the payers a piece of text names, best
first, each with a score in 0..1. Nothing here knows about Flask or a database. The aliases and
word lists are data: ``seed_data/payer_aliases.json`` (English tables plus an ``es`` section of
Spanish phrasing, merged); this module holds only the rules.

How it matches, in order:

1. **Curated lexicon, exact.** After :func:`matching.text.fold`, the text's tokens are scanned left
   to right for the longest alias (``"anthem blue cross"`` beats ``"anthem"``). Spacing variants
   come free: ``"united health care"``, ``"unitedhealthcare"`` and ``"UnitedHealth Care"`` all hit
   the same entry, and so does any ``BCBS<state>`` token (``BCBSIL``). Short abbreviations (UHC,
   KP, OHP, GHI, CHIP…) are only ever matched exactly.
2. **Fuzzy, conservative.** Whatever is left (and is not filler such as "insurance", "my",
   "through") is compared with the lexicon by optimal-string-alignment distance (a transposition
   is one edit) using rapidfuzz: only strings of at least 5 letters, the first letter must agree,
   at most 1 edit below 8 letters and 2 from 8 letters on, never a word in ``common_words``
   (English words one or two edits from a payer: "human", "welfare", "medical"…), and a tie
   between two different payers is dropped rather than guessed.
3. **Context.** Some names are ordinary words: "United", "Tufts", "Horizon", "Husky", "Military"
   count only when the text is about insurance (a cue such as "insurance", "plan", "takes",
   "in network", "through") or says nothing but payer names and neutral filler ("United", "Husky
   insurance"). A few count only in the second case: "VA" (Virginia), "HIP", "Blue", "STAR",
   "OOP". Whose plan it is ("my parents", "work") is filler for typos but does not make a text
   payer-only: "independence from my parents" names nobody. A search sentence is a list
   (``listed=True``, :mod:`matching.sentence`): there the first kind also counts in a clause of its
   own between commas that holds nothing but payer names, insurance words and whose plan it is
   ("therapist in Boston, tufts", "i have united"); "at tufts" or "we are united" do not.
4. **Vetoes.** Non-health insurers and phrases (GEICO, State Farm, USAA, "car insurance", "Delta
   Dental", "United States"…) are consumed and match nothing. A payer directly next to
   "dental"/"vision"/"pet"/"auto" ("Cigna dental") is dropped: such a plan does not pay for
   therapy. A payer right after a denial ("not", "no", "no longer have", "don't have", "lost my")
   is dropped; a comma or bracket ends the denial ("no, Aetna").

Scores: 1.0 for an exact alias, 0.95 for a curated misspelling ("medicade"), 0.94/0.88 for one/two
fuzzy edits, multiplied by the weight an alias gives each payer it names. A score of at least
:data:`NAMED_MIN_SCORE` (0.8) means the text named that payer; below it the payer is only inferred
through ``related`` (same network, different brand). Decisions worth knowing:

- **BCBS licensees** without a slug of their own (Premera, Regence, CareFirst, Florida Blue,
  Excellus, Horizon, Independence/IBX, Wellmark, Empire, Blue Shield of California…) →
  ``blue-cross-blue-shield``. Licensees that have a slug keep it first: "Anthem Blue Cross" and
  "Highmark BCBS" → anthem/highmark 1.0, then blue-cross-blue-shield 0.9; plain "Anthem"/"Highmark"
  → blue-cross-blue-shield at 0.75 only (inferred: they are the Blue plan in their states).
  "Blue Cross of California" (Anthem's legal name) → blue-cross-blue-shield 1.0, anthem 0.9;
  "BCBS of Georgia" and the other Anthem/Highmark states → blue-cross-blue-shield 1.0, then the
  licensee 0.8.
- **UnitedHealthcare ↔ Optum** are inferred from each other at 0.7: Optum/UBH runs UHC's
  behavioural network, so therapists list either.
- **Medicaid managed-care products of commercial brands** ("Aetna Better Health", "UHC Community
  Plan", "Amerigroup", "Healthy Blue", "UPMC for You") → medicaid 1.0 first, the brand 0.9: a
  commercial contract does not put a therapist in the Medicaid network. State programmes (Medi-Cal,
  MassHealth, Apple Health, TennCare, STAR…) and Medicaid-only plans → medicaid.
- Medicare products → medicare ("Medicare Advantage", "Part B", "Medigap", "AARP" (+ UHC 0.9));
  dual-eligible plans → both. TRICARE contractors ("Humana Military") → tricare first.
- Veterans: "VA", "Community Care", "veteran(s)" (0.9), "CHAMPVA" (0.9) → va-community-care.
- Self-pay: out of pocket, cash, private pay, sliding scale, uninsured, "no insurance",
  superbill/out-of-network (0.8). "Private insurance" and "self-funded" are *not* self-pay.
- USAA, Delta Dental, MetLife, VSP and other non-health carriers match nothing; so does
  "dental only".
- Marketplace words (Obamacare, Covered California, "the exchange") match nothing: they do not
  say who the insurer is.
- Large payers that had no slug were added to ``seed_data/payers.json`` (UPMC Health Plan,
  AmeriHealth/AmeriHealth Caritas, Healthfirst, HealthPartners, Medica, Priority Health,
  SelectHealth, Medical Mutual of Ohio, Sentara, MVP, MultiPlan/PHCS). EAP and booking platforms
  (Lyra, Spring Health, ComPsych, Headway, Alma) are not payers and match nothing.

Ties keep the order of appearance ("aetna or cigna" → aetna, cigna). ``query`` is returned as
given. Text is cut at :data:`MAX_TEXT_CHARS` characters so the cost stays bounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from matching.reference import load_json, vocabulary
from matching.text import fold

__all__ = [
    "NAMED_MIN_SCORE",
    "InsuranceResolution",
    "PayerMatch",
    "resolve_insurers",
]

NAMED_MIN_SCORE = 0.8
MAX_TEXT_CHARS = 2000

# Slugs the rules below name (every other payer is named only in the data file).
BCBS = "blue-cross-blue-shield"
CENTENE = "centene"
MEDICAID = "medicaid"


@dataclass(frozen=True)
class PayerMatch:
    slug: str
    label: str
    score: float  # 0..1; >= NAMED_MIN_SCORE means the text named this payer


@dataclass(frozen=True)
class InsuranceResolution:
    query: str
    matches: tuple[PayerMatch, ...]  # best first, empty if nothing fits

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(m.slug for m in self.matches)

    @property
    def named(self) -> tuple[PayerMatch, ...]:
        """Only the payers the text itself named (not those inferred through a related network)."""
        return tuple(m for m in self.matches if m.score >= NAMED_MIN_SCORE)


# --------------------------------------------------------------------------------------------
# Lexicon: the tables live in seed_data/payer_aliases.json (see its "_about"); phrases there are
# written folded: lower case, words separated by single spaces.
# --------------------------------------------------------------------------------------------

Target = tuple[str, float]
ALIASES_FILE = "payer_aliases.json"
#: Sections of the data file whose Spanish ("es") additions are merged into the English ones.
# fmt: off
_MERGED_SECTIONS = frozenset((
    "aliases", "compounds", "contextual", "standalone", "misspellings", "not_health",
    "common_words", "stopwords", "neutral", "personal", "cues", "non_health_modifiers",
    "negations", "token_fixes", "no_fuzzy", "no_join",
))
# fmt: on

_MAX_JOIN = 6  # words that may run together into one alias: "united health care community plan"
_CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]\n]+")
BREAK = ","
_BCBS_TOKEN = re.compile(r"^bcbs(?:of)?([a-z]{1,3})$")


def _targets(pairs: Iterable[Iterable]) -> tuple[Target, ...]:
    return tuple((str(slug), float(weight)) for slug, weight in pairs)


def _merge_language(raw: dict) -> dict:
    """The English tables with each language section's additions appended (same keys)."""
    merged = {k: v for k, v in raw.items() if k != "es"}
    for section, extra in raw.get("es", {}).items():
        if section not in _MERGED_SECTIONS:
            raise ValueError(f"{ALIASES_FILE}: unknown section es.{section}")
        base: Any = merged[section]
        if isinstance(extra, list):
            merged[section] = [*base, *extra]
        elif section == "aliases":
            merged[section] = {k: [*base.get(k, ()), *extra.get(k, ())] for k in {**base, **extra}}
        else:
            merged[section] = {**base, **extra}
    return merged


@dataclass(frozen=True, slots=True)
class _Tables:
    aliases: dict[str, tuple[str, ...]]
    centene_state_plans: tuple[str, ...]
    compounds: dict[str, tuple[Target, ...]]
    contextual: dict[str, tuple[Target, ...]]
    standalone: dict[str, tuple[Target, ...]]
    misspellings: dict[str, str]
    not_health: tuple[str, ...]
    related: dict[str, tuple[Target, ...]]
    licensee_states: dict[str, tuple[str, ...]]
    blue_phrases: tuple[str, ...]
    wordy_state_codes: frozenset[str]
    no_fuzzy: frozenset[str]
    no_join: frozenset[str]
    common_words: frozenset[str]
    stopwords: frozenset[str]
    neutral: frozenset[str]  # includes the stopwords
    personal: frozenset[str]
    cues: frozenset[str]
    non_health_modifiers: frozenset[str]
    negations: tuple[tuple[str, ...], ...]
    token_fixes: dict[str, str]


def _tables(raw: dict) -> _Tables:
    raw = _merge_language(raw)
    stopwords = frozenset(raw["stopwords"])
    return _Tables(
        aliases={slug: tuple(v) for slug, v in raw["aliases"].items()},
        centene_state_plans=tuple(raw["centene_state_plans"]),
        compounds={k: _targets(v) for k, v in raw["compounds"].items()},
        contextual={k: _targets(v) for k, v in raw["contextual"].items()},
        standalone={k: _targets(v) for k, v in raw["standalone"].items()},
        misspellings=dict(raw["misspellings"]),
        not_health=tuple(raw["not_health"]),
        related={k: _targets(v) for k, v in raw["related"].items()},
        licensee_states={k: tuple(v) for k, v in raw["licensee_states"].items()},
        blue_phrases=tuple(raw["blue_phrases"]),
        wordy_state_codes=frozenset(raw["wordy_state_codes"]),
        no_fuzzy=frozenset(raw["no_fuzzy"]),
        no_join=frozenset(raw["no_join"]),
        common_words=frozenset(raw["common_words"]),
        stopwords=stopwords,
        neutral=stopwords | frozenset(raw["neutral"]),
        personal=frozenset(raw["personal"]),
        cues=frozenset(raw["cues"]),
        non_health_modifiers=frozenset(raw["non_health_modifiers"]),
        negations=tuple(tuple(n.split()) for n in raw["negations"]),
        token_fixes=dict(raw["token_fixes"]),
    )


STRONG, CONTEXT, ALONE, BLOCK = 0, 1, 2, 3
# Whose plan, in a clause of its own: "i have united", "tengo tufts" (not "we are united").
_HOLDER_WORDS = frozenset(
    {"i", "we", "my", "our", "have", "has", "ve", "got", "mi", "tengo", "tenemos"}
)


@dataclass(frozen=True, slots=True)
class _Entry:
    targets: tuple[Target, ...]
    mode: int
    weight: float = 1.0  # 0.95 for curated misspellings
    phrase: str = ""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    phrases: dict[str, _Entry]
    lengths: dict[str, tuple[int, ...]]  # first token -> phrase token counts present, longest first
    compact: dict[str, _Entry]  # space-less form -> entry
    fuzzy: dict[str, tuple[list[str], list[_Entry]]]  # first letter -> (compact forms, entries)
    # (word count, first letter) -> (phrases, entries) for word-by-word fuzzy matching
    fuzzy_words: dict[tuple[int, str], tuple[list[str], list[_Entry]]]
    labels: dict[str, str]
    filler: frozenset[str]
    neutral: frozenset[str]
    tables: _Tables


@dataclass(slots=True)
class _Hit:
    start: int
    end: int  # exclusive
    entry: _Entry
    score: float
    dropped: bool = False


def _state_blue_aliases(t: _Tables, states: dict[str, str]) -> dict[str, tuple[Target, ...]]:
    """``BCBS of Georgia`` / ``bcbs ga`` → BCBS first, then the licensee that runs it there."""
    out: dict[str, tuple[Target, ...]] = {}
    for licensee, codes in t.licensee_states.items():
        for code in codes:
            targets = ((BCBS, 1.0), (licensee, 0.8))
            places = [fold(states[code])]
            if code.lower() not in t.wordy_state_codes:
                places.append(code.lower())
            for place in places:
                for blue in t.blue_phrases:
                    out[f"{blue} of {place}"] = targets
                    out[f"{blue} {place}"] = targets
                    if blue != "blue":
                        out[f"{place} {blue}"] = targets
    for brand in t.licensee_states:
        for blue in (*t.blue_phrases, "blue"):
            out[f"{brand} {blue}"] = ((brand, 1.0), (BCBS, 0.9))
    return out


def _ambetter_aliases(t: _Tables) -> dict[str, tuple[Target, ...]]:
    return {
        f"ambetter {link} {plan}": ((CENTENE, 1.0),)
        for plan in t.centene_state_plans
        for link in ("from", "of", "by")
    }


def _fuzzy_allowed(length: int) -> int:
    if length < 5:
        return 0
    return 1 if length < 8 else 2


@cache
def _lexicon() -> _Lexicon:
    return _build(load_json(ALIASES_FILE))


def _build(raw: dict) -> _Lexicon:
    t = _tables(raw)
    vocab = vocabulary()
    labels = dict(vocab.payers)
    phrases: dict[str, _Entry] = {}

    def add(phrase: str, targets: tuple[Target, ...], mode: int, weight: float = 1.0) -> None:
        key = fold(phrase).replace("+", " + ")
        key = " ".join(key.split())
        for slug, _ in targets:
            if slug not in labels:
                raise ValueError(f"insurance alias {phrase!r} names unknown payer {slug!r}")
        entry = _Entry(targets, mode, weight, key)
        old = phrases.get(key)
        if old is not None and (old.targets, old.mode) != (targets, mode):
            raise ValueError(f"insurance alias {phrase!r} is defined twice")
        phrases[key] = entry

    for slug, aliases in t.aliases.items():
        for alias in aliases:
            add(alias, ((slug, 1.0),), STRONG)
    for group in (t.compounds, _state_blue_aliases(t, vocab.states), _ambetter_aliases(t)):
        for alias, targets in group.items():
            add(alias, targets, STRONG)
    for plan in t.centene_state_plans:  # Centene's state Medicaid plans
        add(plan, ((MEDICAID, 1.0), (CENTENE, 0.9)), STRONG)
    for alias, targets in t.contextual.items():
        add(alias, targets, CONTEXT)
    for alias, targets in t.standalone.items():
        add(alias, targets, ALONE)
    for alias, slug in t.misspellings.items():
        add(alias, ((slug, 1.0),), STRONG, 0.95)
    for alias in t.not_health:
        add(alias, (), BLOCK)

    lengths: dict[str, set[int]] = {}
    for key in phrases:
        toks = key.split()
        lengths.setdefault(toks[0], set()).add(len(toks))

    compact: dict[str, _Entry] = {}
    fuzzy: dict[str, dict[str, _Entry]] = {}
    fuzzy_words: dict[tuple[int, str], dict[str, _Entry]] = {}
    for key, entry in phrases.items():
        joined = key.replace(" ", "")
        joinable = entry.mode != BLOCK and joined not in t.common_words and key not in t.no_join
        if joinable and (joined not in phrases or phrases[joined] is entry):
            compact.setdefault(joined, entry)
        fuzzy_ok = (
            entry.mode == STRONG
            and entry.weight == 1.0
            and key not in t.no_fuzzy
            and len(joined) >= 5
            and joined.isalpha()
        )
        if fuzzy_ok:
            fuzzy.setdefault(joined[0], {}).setdefault(joined, entry)
            size = key.count(" ") + 1
            if size in (2, 3):
                fuzzy_words.setdefault((size, key[0]), {})[key] = entry

    state_words = {"dc"}
    for code, name in vocab.states.items():
        state_words |= {code.lower(), *fold(name).split()}
    return _Lexicon(
        phrases=phrases,
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        compact=compact,
        fuzzy={k: (list(v), list(v.values())) for k, v in fuzzy.items()},
        fuzzy_words={k: (list(v), list(v.values())) for k, v in fuzzy_words.items()},
        labels=labels,
        filler=t.neutral | t.personal | state_words,
        neutral=t.neutral | state_words,
        tables=t,
    )


def _tokens(text: str, fixes: dict[str, str] | None = None) -> list[str]:
    """Folded words, with ``,`` kept between clauses so "no, Aetna" is not a denial."""
    if fixes is None:
        fixes = _lexicon().tables.token_fixes
    tokens: list[str] = []
    for clause in _CLAUSE_BREAK.split(text[:MAX_TEXT_CHARS]):
        words = fold(clause).replace("+", " + ").split()
        if words:
            if tokens:
                tokens.append(BREAK)
            tokens.extend(fixes.get(t, t) for t in words)
    return tokens


def _bcbs_token(tok: str, licensee_states: dict[str, tuple[str, ...]]) -> _Entry | None:
    """``bcbsil``, ``bcbsm``, ``bcbsofga``: BCBS, plus the licensee for Anthem/Highmark states."""
    m = _BCBS_TOKEN.match(tok)
    if m is None:
        return None
    suffix = m.group(1).upper()
    for licensee, codes in licensee_states.items():
        if suffix in codes:
            return _Entry(((BCBS, 1.0), (licensee, 0.8)), STRONG, 1.0, tok)
    return _Entry(((BCBS, 1.0),), STRONG, 1.0, tok)


def _exact_pass(tokens: list[str], lex: _Lexicon) -> list[_Hit]:
    hits: list[_Hit] = []
    i, n = 0, len(tokens)
    while i < n:
        best: tuple[int, _Entry] | None = None
        for size in lex.lengths.get(tokens[i], ()):
            if i + size <= n:
                entry = lex.phrases.get(" ".join(tokens[i : i + size]))
                if entry is not None:
                    best = (size, entry)
                    break
        for size in range(min(_MAX_JOIN, n - i), 0, -1):
            if best is not None and best[0] >= size:
                break
            entry = lex.compact.get("".join(tokens[i : i + size]))
            if entry is not None:
                best = (size, entry)
                break
        if best is None:
            entry = _bcbs_token(tokens[i], lex.tables.licensee_states)
            if entry is not None:
                best = (1, entry)
        if best is None:
            i += 1
            continue
        size, entry = best
        hits.append(_Hit(i, i + size, entry, entry.weight))
        i += size
    return hits


def _nearest(
    found: Iterable[tuple[str, float, int]],
    entries: list[_Entry],
    ok: Callable[[str, int], bool],
) -> tuple[_Entry, int] | None:
    """The single nearest acceptable entry, or None when none is, or two payers tie."""
    best: list[tuple[int, _Entry]] = []
    for choice, dist, idx in found:
        if not ok(choice, int(dist)):
            continue
        if not best or dist < best[0][0]:
            best = [(int(dist), entries[idx])]
        elif dist == best[0][0]:
            best.append((int(dist), entries[idx]))
    if not best or len({e.targets[0][0] for _, e in best}) > 1:
        return None
    return best[0][1], best[0][0]


def _fuzzy_word(candidate: str, lex: _Lexicon) -> tuple[_Entry, int] | None:
    """One typed word against every alias written without spaces ("untiedhealthcare")."""
    bucket = lex.fuzzy.get(candidate[0])
    limit = _fuzzy_allowed(len(candidate))
    if bucket is None or limit == 0:
        return None
    choices, entries = bucket
    found = process.extract(candidate, choices, scorer=OSA.distance, score_cutoff=limit, limit=8)
    return _nearest(found, entries, lambda c, d: d <= _fuzzy_allowed(min(len(candidate), len(c))))


def _words_align(typed: list[str], alias: list[str], filler: frozenset[str]) -> bool:
    """Word by word: one word at least identical, the others one typo away (two from 8 letters)."""
    same = 0
    for t, a in zip(typed, alias, strict=True):
        if t == a:
            same += 1
            continue
        if len(a) < 4 or len(t) < 3 or t[0] != a[0] or t in filler:
            return False
        if OSA.distance(t, a) > (1 if len(a) < 8 else 2):
            return False
    return same > 0


def _fuzzy_phrase(span: list[str], lex: _Lexicon) -> tuple[_Entry, int] | None:
    """Several typed words against aliases of as many words ("untied healthcare")."""
    bucket = lex.fuzzy_words.get((len(span), span[0][0]))
    if bucket is None:
        return None
    choices, entries = bucket
    typed = " ".join(span)
    found = process.extract(typed, choices, scorer=OSA.distance, score_cutoff=2, limit=8)
    return _nearest(found, entries, lambda c, d: _words_align(span, c.split(), lex.filler))


def _fuzzy_pass(tokens: list[str], hits: list[_Hit], lex: _Lexicon) -> list[_Hit]:
    owner: list[_Hit | None] = [None] * len(tokens)
    for hit in hits:
        for k in range(hit.start, hit.end):
            owner[k] = hit
    new: list[_Hit] = []
    stopwords = lex.tables.stopwords
    n = len(tokens)
    i = 0
    while i < n:
        taken = owner[i]
        if taken is not None and taken.entry.mode in (STRONG, BLOCK):
            i = taken.end
            continue
        matched = False
        for size in (3, 2, 1):
            if i + size > n:
                continue
            span = tokens[i : i + size]
            owners = owner[i : i + size]
            if any(o is not None and o.entry.mode in (STRONG, BLOCK) for o in owners):
                continue
            free = [t for t, o in zip(span, owners, strict=True) if o is None]
            if not any(t not in lex.filler for t in free):
                continue
            if span[0] in stopwords or span[-1] in stopwords or BREAK in span:
                continue
            if size == 1:
                if span[0] in lex.tables.common_words or not span[0].isalpha():
                    continue
                found = _fuzzy_word(span[0], lex)
            else:
                found = _fuzzy_phrase(span, lex)
            if found is None:
                continue
            entry, dist = found
            hit = _Hit(i, i + size, entry, 1.0 - 0.06 * dist)
            for o in owners:
                if o is not None:
                    o.dropped = True
            for k in range(i, i + size):
                owner[k] = hit
            new.append(hit)
            i += size
            matched = True
            break
        if not matched:
            i += 1
    return [h for h in hits if not h.dropped] + new


# A word that starts another phrase: "we have Aetna my car is blue" is not car insurance.
_PHRASE_START = frozenset(
    "my our his her their i we im mi mis su sus nuestro nuestra and but y pero".split()  # noqa: SIM905
)


def _near_non_health(tokens: list[str], hit: _Hit, modifiers: frozenset[str]) -> bool:
    after = tokens[hit.end : hit.end + 2]
    if BREAK in after:
        after = after[: after.index(BREAK)]
    cut = next((k for k, t in enumerate(after) if t in _PHRASE_START), len(after))
    after = after[:cut]
    before = tokens[max(0, hit.start - 1) : hit.start]
    return any(t in modifiers for t in (*after, *before))


def _negated(tokens: list[str], hit: _Hit, negations: tuple[tuple[str, ...], ...]) -> bool:
    """``not Aetna``, ``no longer have Cigna``, ``don't have Medicaid``: the text denies it."""
    before = tuple(tokens[max(0, hit.start - 3) : hit.start])
    return any(
        len(neg) <= len(before) and before[len(before) - len(neg) :] == neg for neg in negations
    )


def _select(tokens: list[str], hits: list[_Hit], lex: _Lexicon, listed: bool = False) -> list[_Hit]:
    covered = [False] * len(tokens)
    for hit in hits:
        if hit.entry.mode != BLOCK:
            for k in range(hit.start, hit.end):
                covered[k] = True
    plain = [
        c or t in lex.neutral or len(t) == 1 or t.isdigit()
        for t, c in zip(tokens, covered, strict=True)
    ]
    payer_only = all(plain)
    # a clause of its own ("..., tufts"): payer names and insurance words, not "we are united"
    bare = [
        c
        or t.isdigit()
        or t in _HOLDER_WORDS
        or (t in lex.neutral and t not in lex.tables.stopwords)
        for t, c in zip(tokens, covered, strict=True)
    ]
    cue = any(t in lex.tables.cues for t in tokens)
    kept = []
    for hit in hits:
        mode = hit.entry.mode
        if mode == BLOCK:
            continue
        if mode == CONTEXT and not (
            payer_only or cue or (listed and _own_clause(tokens, bare, hit))
        ):
            continue
        if mode == ALONE and not payer_only:
            continue
        t = lex.tables
        if _near_non_health(tokens, hit, t.non_health_modifiers) or _negated(
            tokens, hit, t.negations
        ):
            continue
        kept.append(hit)
    return kept


def _rank(hits: Iterable[_Hit], lex: _Lexicon, limit: int) -> tuple[PayerMatch, ...]:
    best: dict[str, tuple[float, float]] = {}  # slug -> (score, position)

    def offer(slug: str, score: float, pos: float) -> None:
        old = best.get(slug)
        if old is None or score > old[0] or (score == old[0] and pos < old[1]):
            best[slug] = (score, pos)

    primary: dict[str, tuple[float, float]] = {}  # payers an alias names first
    for hit in sorted(hits, key=lambda h: h.start):
        for rank, (slug, weight) in enumerate(hit.entry.targets):
            offer(slug, hit.score * weight, hit.start + rank / 10)
            if rank == 0 and primary.get(slug, (0.0,))[0] < hit.score * weight:
                primary[slug] = (hit.score * weight, hit.start)
    # Inferred networks follow only a payer an alias names first (not Amerigroup → Anthem → BCBS).
    for slug, (score, pos) in primary.items():
        for other, factor in lex.tables.related.get(slug, ()):
            offer(other, score * factor, pos + 0.05)
    ordered = sorted(best.items(), key=lambda kv: (-round(kv[1][0], 3), kv[1][1]))
    return tuple(
        PayerMatch(slug, lex.labels[slug], round(score, 3)) for slug, (score, _) in ordered[:limit]
    )


def _own_clause(tokens: list[str], bare: list[bool], hit: _Hit) -> bool:
    """Whether the hit's clause (between commas) says nothing but payer names and insurance
    words ("tufts", "select health plan"; not "at tufts")."""
    start, end = hit.start, hit.end
    while start > 0 and tokens[start - 1] != BREAK:
        start -= 1
    while end < len(tokens) and tokens[end] != BREAK:
        end += 1
    return all(bare[start:end])


def resolve_insurers(text: str, limit: int = 5, listed: bool = False) -> InsuranceResolution:
    """The payers ``text`` names, best first (see the module docstring for the rules).

    ``listed``: the text lists what a search wants, clause by clause ("therapist in Boston,
    tufts"), so a name that counts only in text about insurance also counts when its own clause
    says nothing else. Names that need the whole text to be payer names ("blue", "VA") do not.
    """
    if limit <= 0:
        return InsuranceResolution(text, ())
    lex = _lexicon()
    tokens = _tokens(text, lex.tables.token_fixes)
    if not tokens:
        return InsuranceResolution(text, ())
    hits = _exact_pass(tokens, lex)
    hits = _fuzzy_pass(tokens, hits, lex)
    hits = _select(tokens, hits, lex, listed)
    return InsuranceResolution(text, _rank(hits, lex, limit))


def __getattr__(name: str) -> dict[str, str]:
    """``TOKEN_FIXES``, once a constant here, now read from the data file (matching.sentence)."""
    if name == "TOKEN_FIXES":
        return _lexicon().tables.token_fixes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
