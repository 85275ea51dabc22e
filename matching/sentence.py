"""One search sentence -> every search field it states, each tied to the words it came from.

``understand("spanish speaking therapist for anxiety in Houston")`` returns an
:class:`Understanding` whose pieces are ``language=es`` ("spanish speaking"), ``location=Houston,
TX`` ("Houston") and ``condition=(anxiety, ...)`` ("anxiety"). Pure Python: no Flask, no database.

How a sentence is read, in order (each step claims character spans; later steps skip them):

1. Money and cost: ``fee_max`` needs a money sign or word ("under $100", "less than 80 dollars",
   "menos de 100 dólares", "$80 a session"); a bare "under 18" is an age, not a fee.
   ``sliding_scale`` only for phrasings that name income-based fees ("sliding scale", "reduced
   fee", "escala móvil", "según ingresos"). "low cost", "affordable", "bajo costo" say the price
   matters but not how: they become ``low_cost`` (a sort hint), never the sliding-scale filter,
   which would hide therapists whose ordinary fee is low.
2. ``language``: a language name (``seed_data/languages.json`` plus Spanish names) counts only
   next to a cue: "spanish speaking", "who speaks Mandarin", "in Spanish", "que hable inglés",
   "bilingual spanish", "Korean therapist" (the directory has no ethnicity filter, so a
   "<language> therapist" is read as the language). Writing in Spanish is not a language filter.
3. ``telehealth``: "only" for online/video/telehealth/virtual/"por video"/"en línea"; "exclude" for
   in person/"en persona"/"presencial"; "online or in person" states no preference.
4. ``gender``: a gender word beside a provider word ("female therapist", "terapeuta mujer", "una
   psicóloga"); directory values woman/man/non-binary. Masculine Spanish nouns are generic and
   state nothing.
5. ``age_group``: the condition resolver's own age hints (its age lexicon, number patterns and its
   rule for whose age it is), located in the text; plus Spanish ("mi hijo de 15 años",
   "adolescente", "adulto mayor"), which that lexicon does not have.
6. ``location``: candidate spans are proposed cheaply (ZIP regex, words after "in"/"near"/"en"/
   "cerca de", capitalised words, state names, "City ST") and checked with exact name lookups
   (:func:`matching.geo.known_place_population`); only then is the offline gazetteer
   (:func:`matching.geo.resolve_place_offline`) asked; candidate words never go to a chained online
   geocoder. Typo correction is allowed only right after a place word ("in Housten"). A word that is
   also a common word or a first name ("bed", "may", "hope", "Marion", "my son Jackson") needs a
   place word before it or a state after it. The resolver's ambiguity ("Springfield") is kept:
   ``place_ambiguous`` and ``place_alternatives``; nothing is silently picked. Of several places,
   the one where the seeker says they live wins ("I work in Seattle but live in Tacoma"), see
   :func:`_choose_place`. News about the seeker's own provider ("my old therapist retired") is
   claimed first and gives no age or condition.
7. ``insurance`` and then ``condition`` run the existing resolvers on what is left, so a town or a
   payer is never read as a condition; their internal token positions give the words used. The
   sentence is read as a list: a name that needs insurance context ("United", "Tufts", "Select
   Health") also counts alone in its own clause ("therapist in Boston, tufts").
8. ``safety`` is :func:`matching.safety.triage` of the whole input (its own detection; nothing here
   reads crisis language). ``Understanding.safety`` always holds the triage; a ``safety`` piece
   (kinds, most urgent first) is added when it found something. Its words stay available to the
   condition resolver.

Words no step claims stay in ``remainder``. Input is read up to :data:`MAX_CHARS` characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from matching import conditions, geo, insurance, safety
from matching.distance import geodesic_miles
from matching.reference import SEED_DATA_DIR, vocabulary
from matching.text import fold

__all__ = ["MAX_CHARS", "Piece", "Understanding", "understand"]

MAX_CHARS = 500  # as much as the condition resolver reads; a pasted essay costs no more
BARE_CAPITALISED_MIN = 50_000  # "Houston therapist": a capitalised name alone must be a real city
BARE_LOWERCASE_MIN = 250_000  # "houston therapist": lower case, only big cities


@dataclass(frozen=True, slots=True)
class Piece:
    field: str  # location | condition | insurance | age_group | language | telehealth | gender |
    # fee_max | sliding_scale | low_cost | safety
    value: Any  # slug, code, number, bool, tuple of slugs, or a place label
    label: str  # for people: "Houston, TX", "Spanish", "Under $100"
    text: str  # the exact words of the input it came from
    start: int  # character offsets in the input
    end: int

    def as_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"field": self.field, "value": value, "label": self.label, "text": self.text}


_NO_DANGER = safety.Triage(())


@dataclass(frozen=True, slots=True)
class Understanding:
    text: str
    pieces: tuple[Piece, ...]  # in order of appearance
    remainder: str  # the words no piece used
    place: geo.Place | None = None
    place_ambiguous: bool = False  # the resolver would ask "which one?"
    place_alternatives: tuple[geo.Place, ...] = ()
    truncated: bool = False  # only the first MAX_CHARS characters were read
    safety: safety.Triage = _NO_DANGER  # danger signals; crisis resources come first

    def get(self, field: str) -> Piece | None:
        return next((p for p in self.pieces if p.field == field), None)

    def value(self, field: str, default: Any = None) -> Any:
        piece = self.get(field)
        return default if piece is None else piece.value

    def as_dicts(self) -> list[dict[str, Any]]:
        """The pieces as plain dicts, for the API's ``understood``."""
        out = []
        for piece in self.pieces:
            d = piece.as_dict()
            if piece.field == "location" and self.place_ambiguous:
                d["alternatives"] = [p.label for p in self.place_alternatives]
            out.append(d)
        return out


# --------------------------------------------------------------------------- text helpers


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "’‘´":
        return "'"
    plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    plain = plain.lower()
    return plain if len(plain) == 1 else " "


def _fold_same_length(text: str) -> str:
    """Lower case without accents, one character per input character, so offsets carry over."""
    if text.isascii():
        return text.lower()
    return "".join(ch.lower() if ch.isascii() else _fold_char(ch) for ch in text)


class _Spans:
    """Character ranges already claimed by a piece (or by its cue words)."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.ranges)

    def claim(self, start: int, end: int) -> None:
        self.ranges.append((start, end))

    def blank(self, text: str) -> str:
        """``text`` with claimed ranges replaced by spaces (offsets unchanged)."""
        chars = list(text)
        for s, e in self.ranges:
            chars[s:e] = " " * (e - s)
        return "".join(chars)


# --------------------------------------------------------------------------- money


def _money(tag: str) -> str:
    return (
        rf"(?:\$\s*(?P<{tag}1>\d{{1,4}})(?:\.\d\d)?(?!\d|,\d)"
        rf"|(?P<{tag}2>\d{{1,4}})(?:\.\d\d)?\s*(?:\$|dollars?\b|bucks\b|usd\b|dolares\b|dlls?\b))"
    )


_FEE_CUE = (
    r"(?:under|less than|lower than|below|max(?:imum)?(?: of)?|up to|no more than|not more than|"
    r"at most|cheaper than|within|budget(?: is| of)?|afford|can pay|can spend|menos de|"
    r"maximo(?: de)?|hasta|no mas de|presupuesto(?: es)?(?: de)?|puedo pagar)"
)
_FEE_AFTER = (
    r"(?:\s*(?:or less|or under|or below|max(?:imum)?|tops|at most|o menos|como maximo)\b"
    r"|\s*(?:per|a|an|each|/|por|la)\s*(?:session|hour|visit|sesion|hora|consulta)\b)"
)
_FEE = re.compile(
    r"\bbudget (?:is |of )?(?:about |around )?\$?(?P<b1>\d{2,4})\b(?!\s*(?:years?|yo|%))"
    rf"|\b{_FEE_CUE}\s*(?:about |around |like |only |unos |alrededor de )?{_money('c')}"
    rf"|{_money('p')}{_FEE_AFTER}"
)
_SLIDING = re.compile(
    r"\bsliding[\s-]?(?:scale|fee)s?\b|\bincome[\s-]based\b|\breduced[\s-](?:fee|rate|cost)s?\b"
    r"|\bescala (?:movil|de pago|variable|deslizante)\b"
    r"|\b(?:tarifas?|cuotas?|costos?|pagos?)(?: reducid[oa]s?)? segun (?:el |mis |los |mi )?"
    r"ingresos?\b"
    r"|\b(?:tarifa|cuota) reducida\b"
)
_LOW_COST = re.compile(
    r"\blow[\s-](?:cost|fee|price)\b|\baffordable\b|\bcheap(?:er|est)?\b|\binexpensive\b"
    r"|\bbajo costo\b|\bde bajo precio\b|\beconomic[oa]s?\b|\bbarat[oa]s?\b|\baccesibles?\b"
)

# --------------------------------------------------------------------------- language

# Spanish names of the commoner languages (the data file has English names).
_SPANISH_LANGUAGE_NAMES = {
    "espanol": "es",
    "castellano": "es",
    "ingles": "en",
    "chino": "zh",
    "mandarin": "cmn",
    "cantones": "yue",
    "frances": "fr",
    "portugues": "pt",
    "arabe": "ar",
    "coreano": "ko",
    "vietnamita": "vi",
    "ruso": "ru",
    "aleman": "de",
    "italiano": "it",
    "japones": "ja",
    "tagalo": "tl",
    "criollo haitiano": "ht",
    "creole haitiano": "ht",
    "lengua de senas": "ase",
    "lenguaje de senas": "ase",
}
_ENGLISH_EXTRA_NAMES = {
    "asl": "ase",
    "sign language": "ase",
    "farsi": "fa",
    "creole": "ht",
    "filipino": "tl",
    "espanol": "es",
}
_LANG_CUE_BEFORE = re.compile(
    r"\b(?:speaks?|speaking|fluent in|fluency in|bilingual(?: in)?|bilingue(?: en)?|in|en|"
    r"habla|hable|hablen|hablan|hablar|que hable|que hablen)\s+"
    r"(?:(?P<other>[a-z]+)\s*(?:,|and|or|y|o|/)\s*)?$"
)
_TYPO_BEFORE_SPEAKING = re.compile(r"\b([a-z]{5,})[\s-]+speak(?:ing|er|ers|s)\b")
_LANG_CUE_AFTER = re.compile(
    r"[\s-]*(?:speaking|speaker|speakers|language|fluent|hablante|parlante|therapists?|"
    r"counsel+ors?|psychologists?|providers?|psychiatrists?|terapeutas?|psicolog[oa]s?)\b"
)


@cache
def _languages() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for code, name in vocabulary().languages.items():
        for part in re.split(r"[()]", name):
            if part.strip():
                names[fold(part)] = code
    for extra in (_ENGLISH_EXTRA_NAMES, _SPANISH_LANGUAGE_NAMES):
        for name, code in extra.items():
            if code not in vocabulary().languages:  # a typo here must not invent a code
                raise ValueError(f"language name {name!r} maps to unknown code {code!r}")
            names[name] = code
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b"), names


@cache
def _language_last_words() -> frozenset[str]:
    """The last word of every language name ("english", "language" of "sign language")."""
    return frozenset(name.split()[-1] for name in _languages()[1])


# --------------------------------------------------------------------------- telehealth, gender

_MODES = (
    r"(?:online|virtual(?:ly)?|telehealth|video|in[\s-]person|face[\s-]to[\s-]face|en persona|"
    r"presencial(?:mente)?|en linea)"
)
_EITHER_MODE = re.compile(rf"\b{_MODES}\s*(?:or|and/or|o|y/o|/)\s*{_MODES}\b")
_IN_PERSON = re.compile(
    r"\b(?:(?:only|solo|solamente)\s+)?(?:in[\s-]person|face[\s-]to[\s-]face|en persona|"
    r"presencial(?:mente)?|in (?:the |an )?office|office visits?)"
    r"(?:\s+(?:only|sessions?|therapy|visits?|solamente|nada mas))*\b"
    r"|\b(?:not|no|sin)\s+(?:online|virtual|video|telehealth|zoom|en linea)\b"
)
_ONLINE = re.compile(
    r"\b(?:(?:only|solo|solamente)\s+)?(?:"
    r"online(?!\s+(?:gaming|games?|dating|shopping|gambling|porn|bullying|harassment|addiction))"
    r"|virtual(?:ly)?|virtuales|video(?:[\s-]?(?:calls?|chat|sessions?|visits?|therapy))?(?!\s*games?)"
    r"|tele[\s-]?(?:health|therapy|medicine|psychiatry|salud|terapia)|remotely"
    r"|remote (?:therapy|sessions?|counseling|counselling|only)"
    r"|(?:over|by|via|on) (?:zoom|video|facetime|the phone|phone)|zoom"
    r"|phone (?:sessions?|therapy|counseling|counselling|calls?)"
    r"|por (?:video(?:llamada)?|zoom|telefono|internet)|videollamadas?|en linea|a distancia"
    r")(?:\s+(?:only|solamente|nada mas))?\b"
)
# A denial right before a mode or a gender; only filler words may sit between.
_NEGATED = re.compile(
    r"\b(?:no|not|never|without|avoid|hate|dont|don't|do not|sin|nada de)"
    r"(?:\s+(?:want|wanna|like|need|to|do|doing|a|an|any|the|more|quiero|terapia|therapy|"
    r"sessions?))*\s+$"
)
_OPEN_TO = re.compile(
    r"\b(?:can do|could do|ok with|okay with|open to|fine with|happy with|also|or)\s+$"
)
_OPEN_AFTER = re.compile(
    r"\s*(?:is|would be|works|are)?\s*(?:fine|ok|okay|good|too|as well|also)\b"
    r"|\s*(?:tambien|esta bien|me sirve)\b"
)
_PROVIDER = (
    r"(?:therapists?|counsel+ors?|psychologists?|psychotherapists?|clinicians?|providers?|doctors?|"
    r"psychiatrists?|social workers?|terapeutas?|psicolog[oa]s?|psicoterapeutas?|consejer[oa]s?)"
)
_MIDDLE = r"(?:(?!s\b|issues\b|health\b|rights\b|centered\b|focused\b)[a-z]+\s+){0,2}"
_GENDER_WORDS = {
    "woman": r"(?:female|woman|women|lady|mujer|femenina)",
    "man": r"(?:male|man|men|guy|hombre|masculino|varon)",
    "non-binary": r"(?:non[\s-]?binary|nonbinary|enby|no[\s-]binari[oae])",
}
_GENDER = [
    (
        value,
        re.compile(
            rf"\b{words}\s+{_MIDDLE}{_PROVIDER}\b"
            rf"|\b{_PROVIDER}\s+(?:(?:who|that) (?:is|identifies as) (?:an? )?|que sea |)"
            rf"(?:{words})\b"
            rf"|\b(?:prefer|want|need|rather have|would like|see|talk to)\s+"
            rf"(?:to see |to talk to )?an?\s+{words}\b(?!\s+{_MIDDLE}{_PROVIDER})"
        ),
    )
    for value, words in _GENDER_WORDS.items()
]
_GENDER_WORD = {value: re.compile(rf"\b{words}\b") for value, words in _GENDER_WORDS.items()}
# "una psicóloga", "la terapeuta": the feminine form is explicit; masculine forms are generic.
_SPANISH_FEMININE = re.compile(
    r"\b(?:una|la)\s+(?:terapeuta|psicoterapeuta)\b|\bpsicologas?\b|\bconsejeras?\b"
)
_GENDER_LABELS = {"woman": "Woman therapist", "man": "Man therapist", "non-binary": "Non-binary"}

# --------------------------------------------------------------------------- age (Spanish)

_SPANISH_PERSON = (
    r"(?:hij[oa]s?|nin[oa]s?|chic[oa]s?|niet[oa]s?|mama|mami|madre|papa|padre|abuel[oa]s?|"
    r"espos[oa]|herman[oa]s?|pareja|adolescente|joven|muchach[oa]|bebe|senora|senor|persona|"
    r"paciente|yo|soy|tengo|tiene|tienes|cumple|cumplio)"
)
_SPANISH_AGE_NUMBER = re.compile(rf"\b{_SPANISH_PERSON}\s+(?:de\s+)?(\d{{1,3}})\s*anos?\b")
_SPANISH_AGE_WORDS = re.compile(
    r"(?<!\bdesde )(?<!\bde )(?<!\bcuando era )(?<!\bcuando eras )"
    r"\b(?:(?P<older>adult[oa]s? mayor(?:es)?|tercera edad|ancian[oa]s?|personas mayores|"
    r"jubilad[oa]s?)|(?P<adolescents>adolescentes?|adolescencia)|(?P<adults>universitari[oa]s?|"
    r"estudiantes? universitari[oa]s?|adult[oa]s? joven(?:es)?|adult[oa]s?)"
    r"|(?P<children>nin[oa]s?|infantil|pediatric[oa]))\b"
)
_AGE_LABELS = {
    "children": "Children",
    "adolescents": "Adolescents",
    "adults": "Adults",
    "older-adults": "Older adults",
}

# --------------------------------------------------------------------------- places

# A ZIP in use is as clear as a place word; a sum of money or an income is not a ZIP.
_ZIP = re.compile(
    r"(?<![\d$.,])\b\d{5}(?:-\d{4})?\b"
    r"(?!\s*(?:dollars|\$|usd|bucks|a year|per year|/yr|salary|income|al ano|pesos|miles|steps))"
)
_PLACE_TOKEN = re.compile(r"[^\W_]+(?:['.][^\W_]+)*")
_PLACE_CUES = frozenset({"in", "near", "around", "nearby", "en", "cerca", "outside"})
_MOVE_VERBS = frozenset({"moved", "moving", "move", "relocated", "relocating", "mudamos", "mude"})
# Words between a place cue and the name: "in rural Montana", "en la zona de Dallas".
_PLACE_SKIP = frozenset(
    {"the", "rural", "downtown", "suburban", "greater", "metro", "area", "of", "la", "el", "los",
     "las", "zona", "de", "ciudad", "del", "mi", "my", "our", "to"}
)  # fmt: skip
# Never (part of) a place name here: function words and the words of the other fields. Capitalised,
# the Spanish articles start names ("El Paso", "La Crosse", "Los Angeles").
_FUNCTION = frozenset(
    {"a", "an", "and", "or", "the", "me", "my", "i", "im", "you", "we", "us", "it", "is", "be",
     "to", "of", "for", "with", "y", "o", "de", "la", "el", "los", "las", "mi", "un", "una", "que",
     "por", "para", "con", "sin", "favor", "tengo", "vivo", "vive", "vivimos", "busco", "person",
     "network", "therapy", "therapist", "terapeuta", "dr", "ok", "okay", "hi", "help", "need",
     "english", "spanish", "online", "linea", "persona", "area", "rural", "zona", "barrio",
     "state", "usa", "pain", "please", "thanks", "in", "near", "at", "on", "around", "nearby",
     "cerca", "outside", "but", "so", "not", "no", "this", "that", "who", "what", "am", "are"}
)  # fmt: skip
_I = frozenset({"i", "im", "id", "ive", "ill", "i'm", "i'd", "i've", "i'll", "yo"})
_NAME_START = frozenset({"the", "el", "la", "los", "las", "de"})
# Place names that are ordinary words: a place only capitalised after a place word, or with a state.
_ORDINARY = frozenset(
    {"bed", "date", "may", "march", "april", "june", "august", "hope", "mobile", "union",
     "center", "general", "home", "school", "college", "church", "office", "town", "city",
     "aurora", "buffalo", "independence", "surprise", "orange", "joy", "faith",
     "friendship", "liberty", "providence", "mission", "paradise", "normal", "plain", "sandy",
     "crisis", "recovery", "private", "public", "marion", "florence", "eugene", "tyler",
     "ada", "darling", "story", "lovely", "pleasant", "welcome", "why", "nice"}
)  # fmt: skip
# State names that are also first names: lower case without a place word they are not a place.
_NAME_LIKE_STATES = frozenset({"georgia", "virginia", "washington", "carolina", "dakota"})
_PERSON_BEFORE = frozenset(
    {"son", "daughter", "husband", "wife", "friend", "boyfriend", "girlfriend", "partner",
     "brother", "sister", "named", "called", "kid", "child", "mom", "dad", "hijo", "hija",
     "amigo", "amiga", "esposo", "esposa", "llamado", "llamada", "mr", "mrs", "ms", "dr",
     "boss", "coworker", "colleague", "manager", "mother", "father", "cousin", "aunt", "uncle",
     "teacher", "ex", "roommate", "neighbor", "llamo", "llama", "soy", "jefe", "jefa"}
)  # fmt: skip
# Countries that share a name with a US town ("Born in Mexico"): a town only with its state.
_COUNTRIES = frozenset(
    {"mexico", "canada", "peru", "china", "india", "cuba", "jamaica", "colombia", "brazil",
     "lebanon", "poland", "norway", "denmark", "sweden", "holland", "scotland", "ireland",
     "england", "wales", "germany", "france", "spain", "italy", "japan", "chile", "panama",
     "honduras", "guatemala", "vietnam", "korea", "russia", "egypt", "jordan", "israel",
     "venezuela", "ecuador", "nicaragua", "el salvador", "philippines", "haiti"}
)  # fmt: skip
CUED_LOWERCASE_MIN = 20_000  # "in between jobs" is not Between, GA; "in reno" is Reno
# After a first name rather than a town: "Jackson has ADHD", "Austin keeps crying".
_VERB_AFTER = frozenset(
    {"has", "was", "keeps", "needs", "gets", "does", "said", "feels", "struggles", "s", "tiene",
     "who", "hasnt", "wont", "cant", "doesnt", "is"}
)  # fmt: skip
# Two-letter state codes that are also words ("in", "or", "me", "ok"): in lower case a state only
# right after a town of that state and at the end of a clause ("tulsa ok.", "columbus oh, aetna").
_WORDLIKE_CODES = frozenset(
    {"in", "or", "me", "hi", "oh", "ok", "la", "de", "al", "co", "id", "pa", "ma", "mi", "ga",
     "wa", "va", "mo", "ne", "nd", "sd"}
)  # fmt: skip
# A provider word right before or after a name is a weak place cue: "therapist spokane",
# "boise counselor" (a lower-case name then needs WEAK_CUE_LOWERCASE_MIN people).
_PROVIDER_WORDS = frozenset(
    {"therapist", "therapists", "therapy", "counselor", "counselors", "counseling", "counsellor",
     "counselling", "psychologist", "psychologists", "psychiatrist", "psychiatrists", "clinic",
     "clinics", "help", "support", "terapeuta", "terapeutas", "terapia", "psicologo",
     "psicologa", "psicologos", "ipt", "treatment", "provider", "providers"}
)  # fmt: skip
WEAK_CUE_LOWERCASE_MIN = 50_000
ORDINARY_CUED_MIN = 100_000  # "in providence", "..., buffalo"; not "in recovery"
FUZZY_FALLBACK_MIN = 100_000  # "sacremento", "indianappolis": a long uncued typo, big cities only
# Regional names people use for a city ("the twin cities"): (GeoNames name, state).
_REGIONS = {
    "twin cities": ("Minneapolis", "MN"),
    "salt lake": ("Salt Lake City", "UT"),
    "chicagoland": ("Chicago", "IL"),
    "htown": ("Houston", "TX"),
    "h town": ("Houston", "TX"),
    "atx": ("Austin", "TX"),
    "htx": ("Houston", "TX"),
    "nyc metro": ("New York City", "NY"),
    "the big apple": ("New York City", "NY"),
    "metro detroit": ("Detroit", "MI"),
    "bay area": ("San Francisco", "CA"),
    "sf bay area": ("San Francisco", "CA"),
    "east bay": ("Oakland", "CA"),
    "silicon valley": ("San Jose", "CA"),
    "inland empire": ("Riverside", "CA"),
    "dmv area": ("Washington", "DC"),
    "dc area": ("Washington", "DC"),
    "dc metro": ("Washington", "DC"),
    "dfw": ("Dallas", "TX"),
    "stl": ("St. Louis", "MO"),
    "pdx": ("Portland", "OR"),
    "chitown": ("Chicago", "IL"),
    "chi town": ("Chicago", "IL"),
    "bmore": ("Baltimore", "MD"),
    "research triangle": ("Raleigh", "NC"),
}
_REGION_RE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_REGIONS, key=len, reverse=True))
    + r")\b"
)
# "<state> state" ("washington state", "new york state", "estado de nueva york") is the state.
_STATE_WORD_AFTER = re.compile(r"\s+state\b")
_CLAUSE_MARK = re.compile(r"[,;:!?\n()\[\]|]")
_EDGE_CHARS = re.compile(r"[,.;:!?\n()\[\]|]|\s-\s")
_HARD_BREAK = re.compile(r"[;!?\n()\[\]]|(?<!\bst)(?<!\bft)(?<!\bmt)(?<!\bste)\.\s", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Token:
    key: str  # folded
    start: int
    end: int
    capital: bool


@dataclass(frozen=True, slots=True)
class _PlaceHit:
    place: geo.Place
    start: int
    end: int
    cue_start: int  # start of the cue words claimed with it ("in", "cerca de")
    cued: bool
    specific: int  # zip 3 > city with state 2 > city 1 > state 0
    weight: int = 0  # population of a city: between two equal candidates the bigger city wins


@lru_cache(maxsize=8192)
def _resolve(text: str) -> geo.Place | None:
    try:
        return geo.resolve_place_offline(text)  # candidate words never go to an online geocoder
    except geo.PlaceError:
        return None


@lru_cache(maxsize=65536)
def _state_code(text: str, full_name: bool = False) -> str | None:
    return geo.state_code(text, full_name=full_name)


@lru_cache(maxsize=65536)
def _population(name: str) -> int | None:
    return geo.known_place_population(name)


@cache
def _payer_words() -> frozenset[str]:
    """Every word of every insurer name the insurance resolver knows."""
    return frozenset(w for phrase in insurance._lexicon().phrases for w in phrase.split())


@cache
def _common_words() -> frozenset[str]:
    """Frequent English and Spanish words (``seed_data/common_words.txt``, accents folded)."""
    with SEED_DATA_DIR.joinpath("common_words.txt").open(encoding="utf-8") as fh:
        return frozenset(w for w in (line.strip() for line in fh) if w and w[0] != "#")


def _common_word(text: str) -> bool:
    """One lower-case word that people use as a word ("advance", "hope"), not as the name of a
    big city ("dallas", "reno" are in the word list because people say them)."""
    return (
        text.islower()
        and " " not in text
        and text in _common_words()
        and (_population(text) or 0) < FUZZY_FALLBACK_MIN
    )


@cache
def _big_city_names() -> list[str]:
    """Names of places with at least FUZZY_FALLBACK_MIN people (for typo correction)."""
    return [k for k in geo._index().big_keys if (_population(k) or 0) >= FUZZY_FALLBACK_MIN]


def _specificity(place: geo.Place, with_state: bool) -> int:
    if place.kind == "zip":
        return 3
    if place.kind == "state":
        return 0
    return 2 if with_state else 1


class _PlaceFinder:
    def __init__(self, text: str, folded: str, spans: _Spans) -> None:
        self.text = text
        self.spans = spans
        self.tokens = [
            _Token(m.group(), m.start(), m.end(), text[m.start()].isupper())
            for m in _PLACE_TOKEN.finditer(folded)
        ]
        self.lexicon_words = conditions._lexicon().known
        # Whether a token opens / closes its clause (a name alone in a clause is as good as "in":
        # "anxiety, omaha", "ptsd therapy, telehealth, georgia").
        toks = self.tokens
        gaps = [
            text[toks[k - 1].end if k else 0 : toks[k].start if k < len(toks) else len(text)]
            for k in range(len(toks) + 1)
        ]
        self.opens = [k == 0 or bool(_EDGE_CHARS.search(gaps[k])) for k in range(len(toks))]
        self.closes = [
            k == len(toks) - 1 or bool(_EDGE_CHARS.search(gaps[k + 1])) for k in range(len(toks))
        ]
        self._payer_spans: list[tuple[int, int]] | None = None
        self.weak = [
            (k > 0 and toks[k - 1].key in _PROVIDER_WORDS and not self.opens[k])
            or (k + 1 < len(toks) and toks[k + 1].key in _PROVIDER_WORDS and not self.closes[k])
            for k in range(len(toks))
        ]

    def _isolated(self, i: int, j: int) -> bool:
        """Whether tokens i..j-1 are a whole clause (and not a payer's name: "..., anthem")."""
        return self.opens[i] and self.closes[j - 1] and not self._payer(i, j)

    def _payer(self, i: int, j: int) -> bool:
        """Whether tokens i..j-1 overlap words that name an insurer ("anthem", "florida blue")."""
        if not _payer_words().intersection(t.key for t in self.tokens[max(0, i - 3) : j + 3]):
            return False  # no word of any insurer's name nearby
        if self._payer_spans is None:
            rest = self.spans.blank(self.text)
            payers = insurance.resolve_insurers(rest[: insurance.MAX_TEXT_CHARS], limit=2)
            self._payer_spans = [
                span for m in payers.matches if (span := _insurance_span(rest, m.slug))
            ]
        a, b = self.tokens[i].start, self.tokens[j - 1].end
        return any(a < e and s < b for s, e in self._payer_spans)

    def _plain_word(self, tok: _Token, cued: bool = False) -> bool:
        """A word that means something else here ("person", "anxiety", "bed").

        After a place word, or alone in its clause, a big city's name is a name ("in providence",
        "anxiety, buffalo"); "in recovery", "in college" stay words.
        """
        if tok.key in _FUNCTION:
            return not (tok.capital and tok.key in _NAME_START)
        if tok.capital:
            return False
        if tok.key in _ORDINARY:
            return not (cued and (_population(tok.key) or 0) >= ORDINARY_CUED_MIN)
        return tok.key in self.lexicon_words

    def _window_ok(self, i: int, j: int) -> bool:
        first, last = self.tokens[i], self.tokens[j - 1]
        if first.key in _FUNCTION and not (first.capital and first.key in _NAME_START):
            # "el paso", "los angeles" typed in lower case: the whole name must be a real town
            # (or, of two words, a typo of one: "los angelos", checked by _alone after "in")
            key = " ".join(t.key for t in self.tokens[i:j])
            two = j - i == 2 and len(last.key) >= 5 and last.key.isalpha()
            if not (first.key in _NAME_START and j - i > 1 and (two or self._big(key, True))):
                return False
        state_code = last.end - last.start == 2 and (
            self.text[last.start : last.end].isupper() or (j - i > 1 and _state_code(last.key))
        )
        if last.key in _FUNCTION and not state_code:
            return False
        if not self.spans.free(first.start, last.end):
            return False
        return not _HARD_BREAK.search(self.text, first.start, last.end)

    def _inside_longer_name(self, j: int) -> bool:
        """Whether a capitalised word follows right after token ``j - 1`` (same name)."""
        if j >= len(self.tokens) or not self.tokens[j].capital or self.tokens[j].key in _I:
            return False  # "near Fort Bragg I work ...": "I" starts no name
        return self.text[self.tokens[j - 1].end : self.tokens[j].start].isspace()

    def _big(self, key: str, cued: bool) -> bool:
        pop = _population(key)
        return pop is not None and pop >= (CUED_LOWERCASE_MIN if cued else BARE_LOWERCASE_MIN)

    def _city_with_state(self, i: int, j: int, cued: bool) -> geo.Place | None:
        """ "Austin TX", "Austin, Texas", "Springfield Illinois" (state of 1-3 words last).

        In lower case ("tulsa ok", "rochester ny") the town must be an exact name in that state,
        and a state code that is also a word ("ok", "in", "me") must close its clause.
        """
        toks = self.tokens
        for n in (3, 2, 1):
            if j - i <= n:
                continue
            s_start = toks[j - n].start
            state_text = self.text[s_start : toks[j - 1].end]
            code = _state_code(state_text)
            if code is None:
                continue
            comma = "," in self.text[toks[j - n - 1].end : s_start]
            lower_code = len(state_text) <= 3 and not (state_text.isupper() or comma)
            wordlike = lower_code and state_text.lower() in _WORDLIKE_CODES
            if wordlike and not self.closes[j - 1]:
                continue  # "austin in person", "help me find": words, not states
            full_name = _state_code(state_text, full_name=True) is not None
            if not (full_name or state_text.isupper() or comma or lower_code):
                continue
            city = self.text[toks[i].start : toks[j - n - 1].end]
            if _CLAUSE_MARK.search(city):
                continue  # "omaha, bcbs nebraska": a town's name holds no comma
            city_toks = toks[i : j - n]
            capital = all(t.capital for t in city_toks)
            one_plain = len(city_toks) == 1 and self._plain_word(city_toks[0])
            if not (cued or capital) and one_plain:
                continue
            pop = geo.known_place_population(city, code)
            word_code = state_text.islower() and state_text in _WORDLIKE_CODES
            if word_code and pop is not None and pop < CUED_LOWERCASE_MIN and _common_word(city):
                continue  # "thanks in advance, in Chicago": not Advance, IN
            if pop is not None:
                return _resolve(f"{city}, {code}")
            elsewhere = _population(" ".join(t.key for t in city_toks)) or 0
            typo_ok = (
                elsewhere < FUZZY_FALLBACK_MIN  # "phoenix va" is Phoenix (and the VA), not Phenix
                and (cued or capital or not wordlike)
                and len(city_toks) <= 2
                and len(city.replace(" ", "")) >= 5
                and all(t.key.isalpha() for t in city_toks)
                and not any(map(self._plain_word, city_toks))
            )
            if typo_ok:
                place = _resolve(f"{city}, {code}")  # a typo in the town, the state given
                if place is not None and place.kind == "city":
                    return place
        return None

    def _alone(self, i: int, j: int, cued: bool) -> geo.Place | None:
        toks = self.tokens[i:j]
        capital = all(t.capital for t in toks)
        weak = not cued and j - i == 1 and self.weak[i] and not self._payer(i, j)
        if not (cued or capital) and len(toks) > 3:
            return None
        span = self.text[toks[0].start : toks[-1].end]
        key = " ".join(t.key for t in toks)
        prev = self.tokens[i - 1].key if i else ""
        nxt = self.tokens[j].key if j < len(self.tokens) else ""
        person_next = len(toks) == 1 and nxt in _VERB_AFTER
        prev2 = self.tokens[i - 2].key if i > 1 else ""
        named = prev in _PERSON_BEFORE or (prev == "is" and prev2 == "name")
        if named and nxt not in _VERB_AFTER:
            # "grieving my father, phoenix": after a comma a place ("my son, Jackson, has" not)
            named = self.text[self.tokens[i - 1].end : toks[0].start].isspace()
        if named or (not cued and person_next and capital):
            return None  # "my son Jackson", "Austin has been ..."
        if _state_code(span, full_name=True):
            if cued or capital or weak or key not in _NAME_LIKE_STATES:
                return _resolve(span)
            return None
        if len(toks) == 1 and len(span) == 2 and span.isupper() and cued:
            return _resolve(span) if _state_code(span) else None  # "in PA"
        if len(toks) == 1 and len(key) >= 4 and cued and self.closes[i] and _state_code(key):
            return _resolve(_state_code(key) or "")  # "telehealth in mass", "in calif."
        pop = _population(key)
        # "long beach", "new haven", "el paso": a whole name of several words may hold a word
        # that alone means something else.
        whole_name = len(toks) > 1 and pop is not None and self._big(key, cued or capital)
        # "los angelos": an article starts a name that may hold a typo (read only after "in")
        article = len(toks) == 2 and toks[0].key in _NAME_START and pop is None
        if any(self._plain_word(t, cued) for t in toks[article:]) and not whole_name:
            return None
        ordinary = len(toks) == 1 and toks[0].key in _ORDINARY  # "Mobile", not "Kansas City"
        if key in _COUNTRIES:
            return None  # "Born in Mexico"; "Mexico, MO" is read with its state above
        if pop is not None and pop < BARE_CAPITALISED_MIN and self._inside_longer_name(j):
            return None  # "the Bay Area" is not Bay, AR
        if pop is not None:
            if cued and (capital or pop >= CUED_LOWERCASE_MIN):
                return _resolve(span)
            if ordinary:
                return None  # "Hope you can help", "Marion and I": needs "in" or a state
            if capital and pop >= BARE_CAPITALISED_MIN:
                return _resolve(span)
            if pop >= BARE_LOWERCASE_MIN or (weak and pop >= WEAK_CUE_LOWERCASE_MIN):
                return _resolve(span)
            if len(toks) > 1 and pop >= WEAK_CUE_LOWERCASE_MIN:
                return _resolve(span)  # "ft lauderdale": a name of several words is no accident
            return None
        fuzzy_ok = (
            cued
            and (
                len(toks) == 1
                or (
                    len(toks) == 2
                    and (capital or (len(key) >= 9 and toks[0].key not in _PLACE_SKIP))
                    and _state_code(toks[1].key) is None
                )
            )
            and all(t.key.isalpha() for t in toks)
            and len(key.replace(" ", "")) >= 5
            and not any(map(self._plain_word, toks[article:]))
        )
        if fuzzy_ok and capital and self._inside_longer_name(j):
            fuzzy_ok = False  # "Nueva" of "Nueva York" is not a typo for Nuevo, CA
        if fuzzy_ok:  # "in Housten", "near San Antono"
            place = _resolve(span)
            if place is None or place.kind not in ("city", "state"):
                return None
            if not capital:  # "in sales" is not Salem: lower case, only long words, big cities
                name = place.label.rsplit(", ", 1)[0]
                weight = geo.known_place_population(name, place.state) or 0
                if len(key) < 6 or (place.kind == "city" and weight < BARE_CAPITALISED_MIN):
                    return None
            return place
        return None

    def _from(self, i: int, cued: bool, cue_start: int, max_len: int = 4) -> _PlaceHit | None:
        for j in range(min(len(self.tokens), i + max_len), i, -1):
            if not self._window_ok(i, j):
                continue
            alone = cued or self._isolated(i, j)
            place = self._city_with_state(i, j, alone)
            if place is not None and cued and self._payer(j - 1, j):
                continue  # "in orlando, florida blue": the state word starts an insurer's name
            with_state = place is not None
            if place is None:
                place = self._alone(i, j, alone)
            if place is not None and not cued and self._payer(i, j):
                continue  # "florida blue", "el paso health": an insurer's name
            if place is not None:
                start, end = self.tokens[i].start, self.tokens[j - 1].end
                spec = _specificity(place, with_state)
                weight = 0
                if place.kind == "city":
                    name = place.label.rsplit(", ", 1)[0]
                    weight = geo.known_place_population(name, place.state) or 0
                return _PlaceHit(place, start, end, min(cue_start, start), cued, spec, weight)
        return None

    def _named_regions(self, folded: str) -> list[_PlaceHit]:
        """ "the twin cities", "bay area"; "washington state", "new york state"."""
        hits = []
        for m in _REGION_RE.finditer(folded):
            if self.spans.free(*m.span()) and (
                place := _resolve("{}, {}".format(*_REGIONS[" ".join(m.group().split())]))
            ):
                hits.append(_PlaceHit(place, m.start(), m.end(), m.start(), True, 2))
        for k, tok in enumerate(self.tokens):
            if tok.key != "state" or k == 0:
                continue
            for n in (3, 2, 1):
                if k - n < 0:
                    continue
                start = self.tokens[k - n].start
                code = _state_code(self.text[start : self.tokens[k - 1].end], full_name=True)
                if code and self.spans.free(start, tok.end) and (place := _resolve(code)):
                    hits.append(_PlaceHit(place, start, tok.end, start, True, 2))
                    break
        return hits

    def _fuzzy_fallback(self) -> list[_PlaceHit]:
        """No place found: a long word one or two typos from a big city ("sacremento")."""
        names = _big_city_names()
        for tok in self.tokens:
            key = tok.key
            if (
                len(key) < 7
                or not key.isalpha()
                or key in _FUNCTION
                or key in _ORDINARY
                or key in self.lexicon_words
                or _population(key) is not None
                or not self.spans.free(tok.start, tok.end)
            ):
                continue
            k = self.tokens.index(tok)
            if self._payer(k, k + 1):
                continue
            budget = 1 if len(key) <= 8 else 2
            hit = process.extractOne(key, names, scorer=OSA.distance, score_cutoff=budget)
            if hit and hit[0][0] == key[0] and (place := _resolve(hit[0])) and place.kind == "city":
                return [_PlaceHit(place, tok.start, tok.end, tok.start, False, 1)]
        return []

    def find(self, folded: str = "") -> list[_PlaceHit]:
        hits: list[_PlaceHit] = []
        for m in _ZIP.finditer(self.text):
            if self.spans.free(m.start(), m.end()) and (place := _resolve(m.group())):
                hits.append(_PlaceHit(place, m.start(), m.end(), m.start(), True, 3))
        named = self._named_regions(folded) if folded else []
        hits += named
        toks = self.tokens
        cued_at: dict[int, int] = {}  # token index -> start of its cue words
        for k, tok in enumerate(toks):
            moved = tok.key == "to" and k and toks[k - 1].key in _MOVE_VERBS
            if (tok.key in _PLACE_CUES or moved) and self.spans.free(tok.start, tok.end):
                n = k + 1
                while n < len(toks) and n - k <= 4:
                    if self.spans.free(tok.start, toks[n].start):
                        cued_at.setdefault(n, tok.start)  # "in rural Montana": both words
                    if toks[n].key not in _PLACE_SKIP:
                        break
                    n += 1
        i = 0
        while i < len(toks):
            if any(h.start <= toks[i].start < h.end for h in named):
                i += 1
                continue
            cue_start = cued_at.get(i)
            cued = cue_start is not None
            hit = self._from(i, cued, toks[i].start if cue_start is None else cue_start)
            if hit is None and cued:
                hit = self._from(i, False, toks[i].start)
            if hit is not None and hit.end > toks[i].start:
                hits.append(hit)
                while i < len(toks) and toks[i].start < hit.end:
                    i += 1
            else:
                i += 1
        return hits or self._fuzzy_fallback()


# Words that say where the seeker lives, right before a place's cue ("we live in", "back home in",
# "I'm in", "vivimos en"): that place wins over one visited, worked in or come from.
_RESIDENT = re.compile(
    r"\b(?:live|living|lives|reside|residing|based|located|home|currently|now|i'?m|i am|we'?re|"
    r"we are|vivo|vivimos|vive|viven|resido|radico|estoy|estamos|actualmente)"
    r"(?:\s+(?:here|right now|currently|now|ahora|aqui))?\s*$"
)


NEAR_HOME_MI = 30  # a ZIP this close to the town where the seeker lives is in that town
NEIGHBOURHOOD_RATIO = 4  # "chinatown boston": a name far smaller than the city after it is in it


def _resident(hit: _PlaceHit, folded: str) -> bool:
    return bool(_RESIDENT.search(folded, max(0, hit.cue_start - 30), hit.cue_start))


def _neighbourhoods(hits: list[_PlaceHit], text: str) -> list[_PlaceHit]:
    """ "chinatown boston", "ballard seattle": a name right before a far bigger city (no comma
    between) is a part of that city. If the name is a place far from it (Chinatown, CA), the city
    is meant, with the words and cue of both; the name's own place is kept when it is in that
    city ("koreatown los angeles", "flushing queens"). Two cities of like size ("austin dallas")
    stay two places."""
    out: list[_PlaceHit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        last = out[-1] if out else None
        adjacent = (
            last is not None
            and last.place.kind == "city"
            and hit.place.kind == "city"
            and not hit.cued
            and text[last.end : hit.start].isspace()
        )
        if last is not None and adjacent:
            far = (
                geodesic_miles(last.place.lat, last.place.lon, hit.place.lat, hit.place.lon)
                > NEAR_HOME_MI
            )
            if far and last.weight * NEIGHBOURHOOD_RATIO < hit.weight:
                out[-1] = replace(
                    hit, start=last.start, cue_start=last.cue_start, cued=last.cued or hit.cued
                )
                continue
        out.append(hit)
    return out


def _choose_place(hits: list[_PlaceHit], text: str) -> _PlaceHit | None:
    """The place to search from. Where the seeker says they live wins ("I work in Seattle but
    live in Tacoma", "visiting family in Phoenix ... back home in Ohio"), unless it is a state and
    a town of that state was named too ("we live in Vermont, near Burlington"); then a place
    after a place word ("in", "near") wins over a bare name, then the more specific (ZIP, city
    with state, city, state), then the bigger city, then the first named."""
    if not hits:
        return None
    hits = _neighbourhoods(hits, text)
    if len(hits) == 1:
        return hits[0]
    folded = _fold_same_length(text)
    home = {id(h) for h in hits if h.cue_start < h.start and _resident(h, folded)}
    best = max(hits, key=lambda h: (id(h) in home, h.cued, h.specific, h.weight, -h.start))
    if id(best) in home and best.place.kind != "state":
        # "living in Houston near 77002": a more precise place in the same town
        near = [
            h
            for h in hits
            if h.specific > best.specific
            and h.cued
            and geodesic_miles(h.place.lat, h.place.lon, best.place.lat, best.place.lon)
            <= NEAR_HOME_MI
        ]
        if near:
            best = max(near, key=lambda h: (h.specific, -h.start))
    elif id(best) in home:
        inside = [h for h in hits if h.place.state == best.place.state and h.specific > 0]
        for h in hits:  # "we live in Vermont, near Burlington": Burlington, VT, not NC
            if h.place.kind == "city" and h.place.state != best.place.state:
                name = text[h.start : h.end]
                if geo.known_place_population(name, best.place.state) is not None:
                    place = _resolve(f"{name}, {best.place.state}")
                    if place is not None and place.kind == "city":
                        inside.append(replace(h, place=place, specific=2))
        if inside:
            best = max(inside, key=lambda h: (h.cued, h.specific, h.weight, -h.start))
    # "Austin, TX 78701": one place in two adjacent candidates; the ZIP is the most precise.
    for other in hits:
        if other is best or other.place.state != best.place.state:
            continue
        lo, hi = (best, other) if best.start < other.start else (other, best)
        if re.fullmatch(r"[\s,]*", text[lo.end : hi.start]):
            precise = max(best, other, key=lambda h: h.specific)
            best = _PlaceHit(
                precise.place,
                lo.start,
                hi.end,
                min(lo.cue_start, hi.cue_start),
                best.cued or other.cued,
                precise.specific,
            )
    return best


def _place_label(place: geo.Place) -> str:
    if place.ambiguous and place.alternatives:
        others = ", ".join(a.label for a in place.alternatives[:3])
        return f"{place.label} (or another: {others}?)"
    return place.label


# --------------------------------------------------------------------------- conditions & age


@dataclass(frozen=True, slots=True)
class _CondTokens:
    tokens: list[tuple[str, int, int]]  # as conditions normalises them, with input offsets
    kept: list[int]  # indexes of tokens that are not intensifiers
    stems: list[str]
    corrected: list[bool]
    words: list[str]  # the kept tokens as corrected, before stemming (as conditions has them)


_COND_WORD = re.compile(r"[a-z0-9+]+(?:['`]+[a-z0-9+]+)*")


def _condition_tokens(text: str) -> _CondTokens | None:
    """Tokens exactly as :mod:`matching.conditions` reads ``text``, each with its offsets."""
    lex = conditions._lexicon()
    clipped = text[: conditions.MAX_INPUT_CHARS]
    folded = _fold_same_length(clipped)
    letters = [c for c in clipped if c.isalpha()]
    shouting = len(clipped.split()) > 1 and letters and not any(c.islower() for c in letters)
    marks = [] if shouting else list(lex.abbreviation_re.finditer(clipped))
    tokens: list[tuple[str, int, int]] = []
    pos = 0

    def words(a: int, b: int) -> None:
        for m in _COND_WORD.finditer(folded, a, b):
            tokens.append((re.sub(r"['`]", "", m.group()), m.start(), m.end()))

    for m in marks:
        words(pos, m.start(1))
        for part in fold(lex.abbreviations[m.group(1)]).split():
            tokens.append((part, m.start(1), m.end(1)))
        pos = m.end(1)
    words(pos, len(clipped))
    expected = conditions._normalise(conditions._mark_abbreviations(clipped, lex))
    if " ".join(t for t, _, _ in tokens) != expected:
        return None  # an input the offsets cannot follow (rare Unicode): no spans, values still
    kept = [k for k, (t, _, _) in enumerate(tokens) if t not in lex.intensifiers]
    fixed = [conditions._correct(tokens[k][0]) for k in kept]
    plain = [f or tokens[k][0] for f, k in zip(fixed, kept, strict=True)]
    stems = [conditions._stem(w) for w in plain]
    return _CondTokens(tokens, kept, stems, [f is not None for f in fixed], plain)


def _age_spans(ct: _CondTokens, grief: bool) -> list[tuple[str, int, int]]:
    """Where the condition resolver's age hints come from (same tables and rules)."""
    found: list[tuple[str, int, int]] = []
    for group, i, size in conditions._age_phrases_found(
        ct.stems, conditions._lexicon(), grief, ct.words
    ):
        first, last = ct.tokens[ct.kept[i]], ct.tokens[ct.kept[i + size - 1]]
        found.append((group, first[1], last[2]))
    norm = " ".join(t for t, _, _ in ct.tokens)
    owner: list[int] = []
    for k, (t, _, _) in enumerate(ct.tokens):
        owner.extend([k] * (len(t) + 1))
    for m in conditions._AGE_NUMBER.finditer(norm):
        if stated := conditions._age_of_number(m):
            a, b = ct.tokens[owner[m.start()]], ct.tokens[owner[m.end() - 1]]
            found.append((stated, a[1], b[2]))
    return found


_NUMBER_WORDS = {
    w: n
    for n, words in enumerate(
        [
            "",
            "one uno",
            "two dos",
            "three tres",
            "four cuatro",
            "five cinco",
            "six seis",
            "seven siete",
            "eight ocho",
            "nine nueve",
            "ten diez",
            "eleven once",
            "twelve doce",
            "thirteen trece",
            "fourteen catorce",
            "fifteen quince",
            "sixteen dieciseis",
            "seventeen diecisiete",
            "eighteen dieciocho",
            "nineteen diecinueve",
        ]
    )
    for w in words.split()
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
    "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
}  # fmt: skip
_UNITS = (
    "one|two|three|four|five|six|seven|eight|nine|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
)
_NUM = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[\s-]*(?:y\s+)?(?:{_UNITS}))?|veinti(?:{_UNITS}|un)"
    rf"|{'|'.join(sorted((w for w in _NUMBER_WORDS if w), key=len, reverse=True))}|\d{{1,2}})"
)
_PERSON_EN = (
    r"(?:son|daughter|kid|child|boy|girl|brother|sister|teen|teenager|stepson|stepdaughter|"
    r"grandson|granddaughter|nephew|niece|mom|mother|dad|father|husband|wife|grandma|grandpa|"
    r"grandmother|grandfather|partner|he|she)"
)
_MORE_AGES = re.compile(
    rf"\b(?P<a>{_NUM})[\s-]*(?:years?|yrs?|ano?s?)[\s-]*olds?\b"
    rf"|\b{_PERSON_EN}\s+(?:is|turned|just turned|will be|is turning)\s+(?P<b>{_NUM})\b"
    r"(?!\s*(?:months?|weeks?|days?|times|minutes|hours|percent|%|and a half months))"
    rf"|\b(?:im|i am|i'm|i turned|i just turned)\s+(?P<c>{_NUM})\b(?!\s*(?:months?|weeks?|days?|"
    r"times|minutes|hours|percent|%|weeks pregnant|miles|min))"
    rf"|\b{_PERSON_EN}\s*[(,]\s*(?P<d>\d{{1,2}})\s*[),]"
    rf"|\b{_SPANISH_PERSON}\s+(?:de\s+|tiene\s+|cumplio\s+|va a cumplir\s+)?(?P<e>{_NUM})\s*anos?\b"
    r"|\b(?:hij[oa]|nin[oa]|espos[oa]|marido|papa|mama|padre|madre|abuel[oa]|niet[oa]|"
    r"herman[oa])\s+(?:de|tiene)\s+(?P<f>\d{1,2})\b(?!\s*(?:minutos|dias|meses|semanas|"
    r"dolares|millas|horas|%|anos))"
    r"|\b(?:tengo|cumpli)\s+(?P<g>\d{1,2})\b(?!\s*(?:minutos|dias|meses|semanas|dolares|"
    r"millas|horas|%|hijos|anos))"
)
_GRADE = re.compile(
    r"\b(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth)) grade\b|\bgrade (?P<g>\d{1,2})\b"
    r"|\b(?P<s>\d{1,2})(?:o|ro|do|to|vo|mo|no)? (?:grado|de primaria)\b"
)
_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
)  # fmt: skip
_ORDINALS = {w: k + 1 for k, w in enumerate(_ORDINAL_WORDS)}
_MARRIED = re.compile(
    r"\bmarried (?:for )?(?P<y>[4-7]\d) years\b|\b(?P<z>[4-7]\d) (?:years|anos) (?:of marriage|"
    r"married|de casad[oa]s|de matrimonio)\b"
    r"|\bcasad[oa]s? (?:hace|desde hace|por) (?P<x>[4-7]\d) anos\b"
)
# Right before an age word: the people are counted, worked with or listed, not the client.
_NOT_THE_CLIENT = re.compile(
    r"(?:\b(?:i|we) (?:have|got|raise|am raising|are raising)(?: (?:\d+|two|three|four|five|six|"
    r"several|many|a few|young|little|small|teenage|grown|adult))?|\b(?:work|working|worked|"
    r"teach|teaching|volunteer|volunteering) (?:with|at|for)(?: \w+)?|\b(?:mom|mother|dad|father|"
    r"parent|madre|padre|mama|papa) (?:of|de)(?: \w+)?|\b(?:wife|husband|partner|spouse|esposa|"
    r"esposo|marido|pareja) (?:and|y)(?: my| mis)?|\btengo (?:\d+|dos|tres|cuatro|cinco|varios|"
    r"muchos)|\b(?:trabajo|trabaja|trabajamos) con(?: \w+)?)\s*$"
)
# The seeker cares for the older or younger person: the seeker is the client.
_CAREGIVER = re.compile(
    r"\b(?:(?:i am|im|i'm) (?:their|his|her|the|a|my \w+'?s?) (?:\w+ )?caregiver|caregiver "
    r"(?:burnout|stress|fatigue)|caregiver for|cuidadora? de)\b"
)
_JUST_RETIRED = re.compile(
    r"\b(?:just|recently|newly|about to|soon to be|going to|planning to|acabo de|recien|"
    r"acaba de|a punto de)\s+(?:be\s+|have\s+)?(?:retired?|retiring|retirement|jubilad[oa]|"
    r"jubilarme|jubilarse|me jubile|se jubilo)\b"
)


def _number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    if text.startswith("veinti"):
        rest = text[6:]
        return 21 if rest == "un" else 20 + _NUMBER_WORDS.get(rest, 0)
    parts = re.split(r"[\s-]+(?:y\s+)?", text)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_NUMBER_WORDS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _more_ages(folded: str) -> list[tuple[str, int, int]]:
    """Ages the resolvers' tables miss: number words ("my fourteen year old", "mi hija de quince
    años"), "my daughter (16)", "mi esposo de 75", school grades, "married 50 years"."""
    found: list[tuple[str, int, int]] = []
    for m in _MORE_AGES.finditer(folded):
        years = _number(next(g for g in m.groups() if g))
        group = conditions._age_for_years(years) if years else None
        if group:
            found.append((group, m.start(), m.end()))
    for m in _GRADE.finditer(folded):
        grade = _ORDINALS[m["w"]] if m["w"] else int(m["n"] or m["g"] or m["s"])
        if 0 < grade <= 12:
            found.append(("children" if grade <= 5 else "adolescents", m.start(), m.end()))
    for m in _MARRIED.finditer(folded):
        found.append(("older-adults", m.start(), m.end()))
    return found


def _spanish_ages(folded: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _SPANISH_AGE_NUMBER.finditer(folded):
        group = conditions._age_for_years(int(m.group(1)))
        if group:
            found.append((group, m.start(), m.end()))
    names = {"older": "older-adults"}
    for m in _SPANISH_AGE_WORDS.finditer(folded):
        kind = m.lastgroup or ""
        found.append((names.get(kind, kind), m.start(), m.end()))
    return found


def _condition_spans(
    slugs: tuple[str, ...], ct: _CondTokens | None, crisis: bool
) -> list[tuple[int, int]]:
    """Where the conditions were named: the main slug's phrase first, then the others."""
    if ct is None:
        return []
    lex = conditions._lexicon()
    hits = conditions._find_hits(ct.stems, ct.corrected, lex)
    rank = {slug: k for k, slug in enumerate(slugs)}
    named = [
        (min(rank.get(t.slug, len(rank)) for t in h.targets), h.start, h)
        for h in hits
        if any(t.slug in rank for t in h.targets)
    ]
    if named or crisis:  # crisis words with no condition named: the safety piece has the words
        pass
    elif len(meaningful := [t for t in ct.tokens if t[0] not in lex.filler]) <= 3:
        # the resolver's typo fallback read these few words as one ("depresion therapist")
        return [(meaningful[0][1], meaningful[-1][2])] if meaningful else []
    else:  # inferred from cues ("binge" + "throw up"): the cue words
        named = [
            (len(rank), h.start, h)
            for h in hits
            if any(t.slug.startswith("@") and t.slug not in ("@person", "@we") for t in h.targets)
        ]
    spans = []
    for _, _, h in sorted(named, key=lambda n: n[:2]):
        first, last = ct.tokens[ct.kept[h.start]], ct.tokens[ct.kept[h.start + h.size - 1]]
        spans.append((first[1], last[2]))
    return spans


# --------------------------------------------------------------------------- insurance

_CLAUSE = re.compile(r"[^,;:!?()\[\]\n]+")
_INS_WORD = re.compile(r"[a-z0-9]+|\+")


def _insurance_span(text: str, slug: str) -> tuple[int, int] | None:
    """Where the payer was named, via the insurance resolver's own passes."""
    clipped = text[: insurance.MAX_TEXT_CHARS]
    folded = _fold_same_length(clipped)
    tokens: list[str] = []
    offsets: list[tuple[int, int]] = []
    for clause in _CLAUSE.finditer(clipped):
        words = list(_INS_WORD.finditer(folded, clause.start(), clause.end()))
        if not words:
            continue
        if tokens:
            tokens.append(insurance.BREAK)
            offsets.append((clause.start(), clause.start()))
        for w in words:
            tokens.append(insurance.TOKEN_FIXES.get(w.group(), w.group()))
            offsets.append((w.start(), w.end()))
    if tokens != insurance._tokens(clipped):
        return None
    lex = insurance._lexicon()
    hits = insurance._select(
        tokens,
        insurance._fuzzy_pass(tokens, insurance._exact_pass(tokens, lex), lex),
        lex,
        listed=True,
    )
    best: tuple[float, int] | None = None
    for k, hit in enumerate(hits):
        score = max((hit.score * w for s, w in hit.entry.targets if s == slug), default=-1.0)
        if best is None or score > best[0]:
            best = (score, k)
    if best is None:
        return None
    hit = hits[best[1]]
    return offsets[hit.start][0], offsets[hit.end - 1][1]


# --------------------------------------------------------------------------- the pipeline


def _first_free(pattern: re.Pattern[str], folded: str, spans: _Spans) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(folded) if spans.free(*m.span())), None)


def _money_pieces(text: str, folded: str, spans: _Spans, pieces: list[Piece]) -> None:
    for m in _FEE.finditer(folded):
        if spans.free(m.start(), m.end()):
            amount = int(next(g for g in (m["b1"], m["c1"], m["c2"], m["p1"], m["p2"]) if g))
            pieces.append(
                Piece("fee_max", amount, f"Up to ${amount}", text[m.start() : m.end()], *m.span())
            )
            spans.claim(*m.span())
            break
    for pattern, field, label in (
        (_SLIDING, "sliding_scale", "Sliding-scale fees"),
        (_LOW_COST, "low_cost", "Lower cost"),
    ):
        hit = _first_free(pattern, folded, spans)
        if hit:
            pieces.append(Piece(field, True, label, text[hit.start() : hit.end()], *hit.span()))
            spans.claim(*hit.span())


def _language_piece(text: str, folded: str, spans: _Spans, pieces: list[Piece]) -> None:
    pattern, names = _languages()
    asked: list[tuple[str, int, int]] = []
    for m in pattern.finditer(folded):
        if not spans.free(*m.span()):
            continue
        before = _LANG_CUE_BEFORE.search(folded, max(0, m.start() - 40), m.start())
        if before and before["other"] and before["other"] not in _language_last_words():
            before = None  # "en Miami, spanish speaking": a list holds languages only
        after = _LANG_CUE_AFTER.match(folded, m.end())
        if before or after:
            start = before.start() if before else m.start()
            asked.append((names[m.group()], start, after.end() if after else m.end()))
    if not asked:  # "spansih speaking": one typo in a language name, before "speaking" only
        for m in _TYPO_BEFORE_SPEAKING.finditer(folded):
            word = m.group(1)
            budget = 1 if len(word) < 8 else 2
            hit = process.extractOne(word, list(names), scorer=OSA.distance, score_cutoff=budget)
            if hit and hit[0][0] == word[0] and spans.free(*m.span()):
                asked.append((names[hit[0]], m.start(), m.end()))
                break
    if not asked:
        return
    # "speaks English and Spanish": English is the default, the other language is the request.
    code, start, end = next((a for a in asked if a[0] != "en"), asked[0])
    label = vocabulary().languages[code]
    pieces.append(Piece("language", code, f"Speaks {label}", text[start:end], start, end))
    for _, s, e in asked:
        spans.claim(s, e)


def _before(folded: str, start: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` ending right before ``start``, within the same clause."""
    clause_start = max(folded.rfind(c, 0, start) for c in ",.;!?\n") + 1
    return pattern.search(folded, max(clause_start, start - 40), start)


def _telehealth_piece(text: str, folded: str, spans: _Spans, pieces: list[Piece]) -> None:
    for m in _EITHER_MODE.finditer(folded):
        spans.claim(*m.span())  # "online or in person": no preference, and not a place "person"
    labels = {"only": "Online / telehealth", "exclude": "In person"}
    for pattern, value, opposite in (
        (_IN_PERSON, "exclude", "only"),
        (_ONLINE, "only", "exclude"),
    ):
        hit = _first_free(pattern, folded, spans)
        if not hit:
            continue
        start = hit.start()
        open_to = _before(folded, start, _OPEN_TO) or _OPEN_AFTER.match(folded, hit.end())
        if open_to:  # "can do zoom", "online is fine": fine with it, not only that
            spans.claim(start, hit.end())
            continue
        if negation := _before(folded, start, _NEGATED):  # "I don't want online therapy"
            value, start = opposite, negation.start()
        words = text[start : hit.end()]
        pieces.append(Piece("telehealth", value, labels[value], words, start, hit.end()))
        spans.claim(start, hit.end())
        return


def _gender_piece(text: str, folded: str, spans: _Spans, pieces: list[Piece]) -> None:
    found = []
    for value, pattern in _GENDER:
        for m in pattern.finditer(folded):
            if spans.free(*m.span()):
                found.append((m.start(), m.end(), value))
                continue
            # "female spanish speaking therapist": the language keeps its words
            word = _GENDER_WORD[value].search(folded, m.start(), m.end())
            if word and spans.free(*word.span()):
                found.append((word.start(), word.end(), value))
    found += [
        (m.start(), m.end(), "woman")
        for m in _SPANISH_FEMININE.finditer(folded)
        if spans.free(*m.span())
    ]
    for start, end, value in sorted(found):
        if negation := _before(folded, start, _NEGATED):
            spans.claim(negation.start(), end)  # "no male therapists": not a gender to filter on
            continue
        pieces.append(Piece("gender", value, _GENDER_LABELS[value], text[start:end], start, end))
        spans.claim(start, end)
        return


def _age_piece(
    text: str, folded: str, spans: _Spans, pieces: list[Piece], ct: _CondTokens | None
) -> None:
    resolution = conditions.resolve_conditions(text)
    grief = any(m.slug == "grief" for m in resolution.matches)
    located = [f for f in (_age_spans(ct, grief) if ct else []) if f[0] in resolution.age_groups]
    found = [f for f in located if spans.free(f[1], f[2])]
    claimed = len(found) < len(located)  # words another piece (or the provider's news) used
    found += [f for f in _spanish_ages(folded) if spans.free(f[1], f[2])]
    if not found:
        found = [f for f in _more_ages(folded) if spans.free(f[1], f[2])]
    # "just retired" is a change of role, not an age ("retired and lonely" still is); "I have 3
    # kids", "I work with seniors", "my wife and kids": someone else's age, not the client's
    kept = [
        f
        for f in found
        if not _JUST_RETIRED.search(folded, max(0, f[1] - 25), f[2])
        and not _NOT_THE_CLIENT.search(folded, max(0, f[1] - 30), f[1])
        and not _CAREGIVER.search(folded)
    ]
    dropped, found = claimed or len(kept) < len(found), kept
    if not found and resolution.age_groups and not dropped:  # offsets not followed: no words
        group = resolution.age_groups[0]
        pieces.append(Piece("age_group", group, _AGE_LABELS[group], "", 0, 0))
        return
    if not found:
        return
    group, start, end = min(found, key=lambda f: (f[1], f[1] - f[2]))  # "adulto mayor" > "adulto"
    pieces.append(Piece("age_group", group, _AGE_LABELS[group], text[start:end], start, end))
    for _, s, e in found:
        spans.claim(s, e)


# News about the seeker's own (previous) provider is not about the seeker: "my old therapist
# retired", "my counselor is moving away", "mi psicóloga se jubiló".
_PROVIDER_NEWS = re.compile(
    r"\b(?:my|our|his|her|their|mi|nuestr[oa]|su)\s+(?:(?:old|previous|former|last|current|"
    r"longtime|regular|usual|anterior|antigu[oa])\s+)?(?:therapist|counsel+or|psychologist|"
    r"psychiatrist|doctor|provider|clinician|social worker|terapeuta|psicolog[oa]|psiquiatra|"
    r"doctora?|consejer[oa])\s+(?:(?:is|has|was|just|recently|finally|will be|se|ya|acaba de)\s+)*"
    r"(?:retired|retiring|retire|moved|moving|move|left|leaving|quit|quitting|stopped|"
    r"closed|closing|went on leave|se jubilo|se va a jubilar|jubilarse|se mudo|se fue|dejo)\b"
)


def _provider_news(folded: str, spans: _Spans) -> None:
    for m in _PROVIDER_NEWS.finditer(folded):
        if spans.free(*m.span()):
            spans.claim(*m.span())


_CLAUSE_SPLIT = re.compile(r"[,.;:!?\n]|\b(?:and|but|y|pero)\b")


_ASIDE_CUES = frozenset({"@person", "@we", "@physical", "@age_phrase"})


def _names_a_condition(clause: str) -> bool:
    ct = _condition_tokens(clause)
    if ct is None:
        return True
    hits = conditions._find_hits(ct.stems, ct.corrected, conditions._lexicon())
    # a symptom cue counts too ("tengo atracones y luego vomito": the vomiting makes it bulimia);
    # a person ("my dog is great") does not
    return any(t.slug and t.slug not in _ASIDE_CUES for h in hits for t in h.targets)


def _without_trailing_context(rest: str, bounds: list[int]) -> str:
    """Blank the clauses after the last one that names a condition.

    The resolver lets a cue anywhere in the text license a word elsewhere ("lost" is grief when a
    person or pet is named), so "I feel lost, my dog is great" would read as grief. A clause that
    names nothing itself can only be context for what comes after it; trailing, it is an aside.
    """
    clauses = list(zip(bounds[::2], bounds[1::2], strict=True))
    last = max((k for k, (a, b) in enumerate(clauses) if _names_a_condition(rest[a:b])), default=-1)
    if last < 0 or last == len(clauses) - 1:
        return rest
    cut = clauses[last][1]
    return rest[:cut] + " " * (len(rest) - cut)


def _conditions(rest: str) -> tuple[tuple[str, ...], str, list[tuple[int, int]]] | None:
    """Conditions in what no other field used: (slugs, label, spans of the words).

    The resolver reads the whole text first (cues in one clause inform another). If that finds
    nothing, each clause is read alone, because its whole-query typo fallback only looks at short
    texts: "depresion therapist and my dog is great" is still depression.
    """
    bounds = [0, *(b for m in _CLAUSE_SPLIT.finditer(rest) for b in m.span()), len(rest)]
    rest = _without_trailing_context(rest, bounds)
    found = conditions.resolve_conditions(rest)
    parts = [(0, rest, found)]
    if not found.matches:
        parts = [
            (a, rest[a:b], conditions.resolve_conditions(rest[a:b]))
            for a, b in zip(bounds[::2], bounds[1::2], strict=True)
            if rest[a:b].strip()
        ]
    for offset, part, result in parts:
        if result.matches:
            slugs = tuple(m.slug for m in result.matches)
            where = _condition_spans(slugs, _condition_tokens(part), result.crisis)
            label = ", ".join(m.label for m in result.matches)
            return slugs, label, [(a + offset, b + offset) for a, b in where]
    return None


def _remainder(text: str, spans: _Spans) -> str:
    left = spans.blank(text)
    left = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(left.split()))
    left = re.sub(r"(?:^|(?<=\s))[,.;:!?]+(?=\s|$)", "", left)
    return " ".join(left.split()).strip(" ,;:")


def understand(text: str) -> Understanding:
    """Every search field a seeker's sentence states, with the words each came from."""
    if not isinstance(text, str):
        text = ""
    work = text[:MAX_CHARS]
    truncated = len(text) > MAX_CHARS
    if not work.strip():
        return Understanding(text, (), "", truncated=truncated)
    folded = _fold_same_length(work)
    spans = _Spans()
    pieces: list[Piece] = []

    _money_pieces(work, folded, spans, pieces)
    _language_piece(work, folded, spans, pieces)
    _telehealth_piece(work, folded, spans, pieces)
    _gender_piece(work, folded, spans, pieces)
    _provider_news(folded, spans)
    _age_piece(work, folded, spans, pieces, _condition_tokens(work))

    hit = _choose_place(_PlaceFinder(work, folded, spans).find(folded), work)
    place = hit.place if hit else None
    if hit is not None:
        pieces.append(
            Piece(
                "location",
                hit.place.label,
                _place_label(hit.place),
                work[hit.start : hit.end],
                hit.start,
                hit.end,
            )
        )
        spans.claim(hit.cue_start, hit.end)

    rest = spans.blank(work)
    payers = insurance.resolve_insurers(
        rest[: insurance.MAX_TEXT_CHARS], limit=1, listed=True
    ).matches
    if payers:
        payer = payers[0]
        named = _insurance_span(rest, payer.slug)
        s, e = named if named else (0, 0)
        pieces.append(Piece("insurance", payer.slug, payer.label, work[s:e], s, e))
        if named:
            spans.claim(s, e)
        rest = spans.blank(work)

    condition = _conditions(rest)
    if condition is not None:
        slugs, label, where = condition
        s, e = where[0] if where else (0, 0)
        pieces.append(Piece("condition", slugs, label, work[s:e], s, e))
        for span in where:
            spans.claim(*span)

    triage = safety.triage(text)  # the whole input: the triage has its own, longer limit
    if triage.crisis:
        danger = _safety_piece(text, triage)
        pieces.append(danger)
        for k, piece in enumerate(pieces):
            if piece.field == "condition" and not piece.text and danger.text:
                # crisis words with no condition named: the resolver's fallback came from them
                pieces[k] = Piece("condition", piece.value, piece.label, *_words(danger))

    pieces.sort(key=lambda p: (p.start, p.field))
    return Understanding(
        text=text,
        pieces=tuple(pieces),
        remainder=_remainder(work, spans),
        place=place,
        place_ambiguous=bool(place and place.ambiguous),
        place_alternatives=place.alternatives if place else (),
        truncated=truncated,
        safety=triage,
    )


_SAFETY_LABELS = {
    "suicide": "suicide",
    "self-harm": "self-harm",
    "harm-to-others": "harm to others",
    "abuse": "abuse or violence",
    "psychosis": "psychosis",
    "medical": "a medical emergency",
}


def _words(piece: Piece) -> tuple[str, int, int]:
    return piece.text, piece.start, piece.end


def _safety_piece(text: str, triage: safety.Triage) -> Piece:
    """The danger kinds, most urgent first, tied to the words of the most urgent signal.

    Its words are not claimed: "suicidal thoughts" still tells the condition resolver something.
    """
    words = triage.signals[0].text
    start = text.find(words) if words else -1
    span = (start, start + len(words)) if start >= 0 else (0, 0)
    label = "Words about " + ", ".join(_SAFETY_LABELS.get(k, k) for k in triage.kinds)
    return Piece("safety", triage.kinds, label, text[span[0] : span[1]], *span)


def warm_up() -> None:
    """Load the gazetteer and the lexicons now rather than on the first sentence."""
    geo.load()
    conditions.warm_up()
    insurance.resolve_insurers("aetna")
    safety.warm_up()
    _languages()
    _common_words()
    understand("a therapist in Portland, OR")
