"""Free-text insurance → canonical payer slugs (``seed_data/payers.json``).

``resolve_insurers("I have Aetna through work")`` returns the payers a piece of text names, best
first, each with a score in 0..1. Nothing here knows about Flask or a database.

How it matches, in order:

1. **Curated lexicon, exact.** After :func:`matching.text.fold`, the text's tokens are scanned left
   to right for the longest alias (``"anthem blue cross"`` beats ``"anthem"``). Spacing variants
   come free: ``"united health care"``, ``"unitedhealthcare"`` and ``"UnitedHealth Care"`` all hit
   the same entry, and so does any ``BCBS<state>`` token (``BCBSIL``). Short abbreviations (UHC,
   KP, OHP, GHI, CHIP…) are only ever matched exactly.
2. **Fuzzy, conservative.** Whatever is left (and is not filler such as "insurance", "my",
   "through") is compared with the lexicon by optimal-string-alignment distance (a transposition
   is one edit) using rapidfuzz: only strings of at least 5 letters, the first letter must agree,
   at most 1 edit below 8 letters and 2 from 8 letters on, never a word in :data:`COMMON_WORDS`
   (English words one or two edits from a payer: "human", "welfare", "medical"…), and a tie
   between two different payers is dropped rather than guessed.
3. **Context.** Some names are ordinary words: "United", "Tufts", "Horizon", "Husky", "Military"
   count only when the text is about insurance (a cue such as "insurance", "plan", "takes",
   "in network", "through") or says nothing but payer names and neutral filler ("United", "Husky
   insurance"). A few count only in the second case: "VA" (Virginia), "HIP", "Blue", "STAR",
   "OOP". Whose plan it is ("my parents", "work") is filler for typos but does not make a text
   payer-only: "independence from my parents" names nobody.
4. **Vetoes.** Non-health insurers and phrases (GEICO, State Farm, USAA, "car insurance", "Delta
   Dental", "United States"…) are consumed and match nothing. A payer directly next to
   "dental"/"vision"/"pet"/"auto" ("Cigna dental") is dropped: such a plan does not pay for
   therapy. A payer right after a denial ("not", "no", "no longer have", "don't have", "lost my")
   is dropped; a comma or bracket ends the denial ("no, Aetna").

Scores: 1.0 for an exact alias, 0.95 for a curated misspelling ("medicade"), 0.94/0.88 for one/two
fuzzy edits, multiplied by the weight an alias gives each payer it names. A score of at least
:data:`NAMED_MIN_SCORE` (0.8) means the text named that payer; below it the payer is only inferred
through :data:`RELATED` (same network, different brand). Decisions worth knowing:

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

from rapidfuzz import process
from rapidfuzz.distance import OSA

from matching.reference import vocabulary
from matching.text import fold

__all__ = [
    "NAMED_MIN_SCORE",
    "InsuranceResolution",
    "PayerMatch",
    "resolve_insurers",
]

NAMED_MIN_SCORE = 0.8
MAX_TEXT_CHARS = 2000

AETNA = "aetna"
ANTHEM = "anthem"
BCBS = "blue-cross-blue-shield"
CENTENE = "centene"
HIGHMARK = "highmark"
MEDICAID = "medicaid"
MEDICARE = "medicare"
OPTUM = "optum"
SELF_PAY = "self-pay"
TRICARE = "tricare"
UHC = "unitedhealthcare"
VA = "va-community-care"


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
# Lexicon (data). Phrases are written folded: lower case, words separated by single spaces.
# --------------------------------------------------------------------------------------------

Target = tuple[str, float]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# fmt: off
#: Aliases that name one payer and nothing else.
ALIASES: dict[str, tuple[str, ...]] = {
    AETNA: (
        "aetna", "aetna health", "aetna healthcare", "aetna inc", "aetna insurance", "cvs aetna",
        "aetna cvs", "aetna cvs health", "cvs health aetna", "aetna behavioral health",
        "aetna student health", "aetna resources for living", "aetna whole health",
        "aetna signature administrators", "meritain", "meritain health",
        "coventry health care", "innovation health", "banner aetna", "texas health aetna",
        "allina health aetna", "first health network",
    ),
    ANTHEM: (
        "anthem", "anthem health", "anthem inc", "anthem healthkeepers", "healthkeepers",
        "elevance", "elevance health", "wellpoint",
    ),
    BCBS: (
        "blue cross blue shield", "blue cross and blue shield", "blue cross", "blue shield",
        "bcbs", "bc bs", "bcbsa", "blue cross blue shield association", "bluecard",
        "blue card program", "fep", "fep blue", "federal employee program", "blue choice",
        "blue advantage", "blue care network", "bluecare", "blue kc", "blue cross nc",
        "premera", "premera blue cross", "regence", "regence blueshield", "regence bluecross",
        "cambia", "carefirst", "carefirst bcbs", "carefirst bluechoice", "florida blue",
        "excellus", "excellus bcbs", "horizon bcbs", "horizon bcbsnj", "horizon blue cross",
        "horizon blue shield", "horizon blue cross blue shield", "horizon nj",
        "horizon new jersey", "independence blue cross", "ibx", "keystone health plan east",
        "keystone health plan central", "personal choice ppo", "wellmark", "capital blue cross",
        "capital blue", "arkansas blue cross", "hcsc", "health care service corporation", "hmsa",
        "triple s",
    ),
    CENTENE: (
        "centene", "ambetter", "ambetter health", "ambetter health plan", "ambetter marketplace",
    ),
    "cigna": (
        "cigna", "cigna healthcare", "cigna health", "cigna behavioral", "cigna behavioral health",
        "evernorth", "evernorth behavioral health", "cigna evernorth", "great west healthcare",
    ),
    "carelon": (
        "carelon", "carelon behavioral health", "carelon behavioral", "beacon health options",
        "beacon health", "beacon health strategies", "valueoptions", "value options",
    ),
    "caresource": ("caresource", "caresource health"),
    "emblemhealth": (
        "emblemhealth", "emblem", "ghi", "group health incorporated", "group health inc",
        "hip health plan", "hip health plan of new york", "hip of new york",
    ),
    "geisinger": ("geisinger", "geisinger health plan", "geisinger health", "geisinger gold"),
    "harvard-pilgrim": (
        "harvard pilgrim", "harvard pilgrim health care", "harvard pilgrim health", "hphc",
    ),
    "healthnet": (
        "health net", "mhn", "managed health network", "health net of california",
        "health net california",
    ),
    HIGHMARK: ("highmark", "highmark health", "highmark inc"),
    "humana": (
        "humana", "humana health", "humana inc", "humana behavioral health", "humana choicecare",
        "humana gold plus",
    ),
    "kaiser-permanente": (
        "kaiser", "kaiser permanente", "kp", "kaiser health plan", "kaiser foundation",
        "kaiser foundation health plan", "kaiser permanente health plan", "permanente",
    ),
    "magellan": (
        "magellan", "magellan health", "magellan healthcare", "magellan behavioral health",
        "magellan behavioral",
    ),
    MEDICAID: (
        # generic
        "medicaid", "state medicaid", "va medicaid", "virginia medicaid", "medicaid managed care",
        "managed medicaid", "medicaid mco",
        "title 19", "title xix", "title xxi", "chip", "childrens health insurance program",
        "children s health insurance program", "medical assistance", "medicaid waiver",
        "medicaid expansion",
        # California
        "medi cal", "medi cal managed care", "la care", "la care health plan", "l a care", "iehp",
        "inland empire health plan", "caloptima", "partnership healthplan",
        "partnership health plan", "cencal", "kern family health care",
        "health plan of san joaquin",
        "alameda alliance", "santa clara family health plan", "san francisco health plan",
        "calviva", "gold coast health plan", "central california alliance for health",
        "health plan of san mateo", "contra costa health plan",
        # other states (alphabetical by state)
        "denali kidcare", "denali care", "ahcccs", "kidscare",
        "banner university family care", "arkids", "arkids first", "ar kids first", "arhome",
        "arkansas works", "health first colorado", "chp +", "chp plus", "colorado access",
        "husky health", "husky health program", "husky a", "husky b", "husky c", "husky d",
        "diamond state health plan", "delaware healthy children program", "dc healthy families",
        "dc healthcare alliance", "statewide medicaid managed care", "smmc", "florida kidcare",
        "childrens medical services", "community care plan", "peachcare", "peachcare for kids",
        "georgia pathways", "med quest", "medquest", "quest integration",
        "hawaii quest", "alohacare", "idaho health plus", "healthchoice illinois",
        "youthcare", "hoosier healthwise", "healthy indiana plan", "hip 2 0", "hip 2",
        "hoosier care connect", "indiana pathways", "iowa health link", "ia health link", "hawki",
        "kancare", "kchip", "passport health plan", "healthy louisiana", "lachip", "la chip",
        "mainecare", "maryland healthchoice", "maryland childrens health program", "mchp",
        "priority partners", "jai medical", "maryland physicians care", "masshealth",
        "commonhealth", "wellsense", "bmc healthnet", "bmc healthnet plan",
        "boston medical center healthnet plan", "boston medical center health plan",
        "healthy michigan plan", "michild", "minnesotacare", "pmap",
        "mississippican", "mo healthnet", "mo health net", "missouri healthnet",
        "show me healthy kids", "healthy montana kids", "nevada check up",
        "granite advantage", "nj familycare", "new jersey familycare", "centennial care",
        "turquoise care", "child health plus", "metroplus", "affinity health plan",
        "nc health choice", "carolina access", "nc medicaid direct", "trillium health resources",
        "vaya health", "partners health management", "soonercare", "soonerselect",
        "oregon health plan", "ohp", "cco", "careoregon", "pacificsource community solutions",
        "health share of oregon", "healthchoices",
        "health partners plans", "jefferson health plans", "pa chip", "ritecare", "riteshare",
        "neighborhood health plan of rhode island", "nhpri", "tenncare",
        "tenncare select", "coverkids", "texas star", "star medicaid", "star plus",
        "star + plus", "star +", "star kids", "star health", "texas chip",
        "community health choice", "parkland community health plan", "cook childrens health plan",
        "driscoll health plan", "el paso health", "texas childrens health plan",
        "dell childrens health plan", "community first health plans", "firstcare star",
        "green mountain care", "dr dynasaur", "doctor dynasaur", "cardinal care",
        "famis", "famis plus", "apple health", "mountain health trust", "wvchip",
        "wv chip", "badgercare", "badgercare plus", "forwardhealth", "kid care chip",
    ),
    MEDICARE: (
        "medicare", "medicare advantage", "medicare advantage plan", "original medicare",
        "traditional medicare", "part a", "part b", "part c", "medigap", "medicare supplement",
        "medicare supplemental", "medicare replacement", "mapd", "ma pd",
    ),
    "molina": ("molina", "molina healthcare", "molina health", "molina marketplace"),
    OPTUM: (
        "optum", "optumhealth", "optum behavioral health", "optum behavioral", "optum eap",
        "united behavioral health", "united behavioral", "ubh", "optumcare",
        "optum behavioral health solutions",
    ),
    "oscar": ("oscar", "oscar health"),
    "tufts": (
        "tufts health plan", "tufts health", "tufts hp", "tufts direct",
        "tufts health public plans",
    ),
    TRICARE: (
        "tricare", "tricare prime", "tricare prime remote", "tricare select", "tricare east",
        "tricare west", "tricare overseas", "tricare reserve select", "tricare young adult",
        "tricare retired reserve", "tricare standard", "tricare extra", "champus",
        "military insurance", "military health insurance", "military health plan",
        "military health system", "military health care", "military healthcare",
        "military coverage", "us family health plan", "usfhp",
    ),
    UHC: (
        "unitedhealthcare", "united healthcare", "uhc", "united health", "unitedhealth",
        "unitedhealth group", "united health group", "umr", "oxford health plans",
        "oxford health", "uhc student resources",
        "rocky mountain health plans", "sierra health", "health plan of nevada",
    ),
    VA: (
        "the va", "va community care", "va community care network", "va ccn",
        "community care network", "community care", "veterans affairs", "veteran affairs",
        "veterans administration", "department of veterans affairs", "dept of veterans affairs",
        "veterans health administration", "vha", "va medical center", "va mission act",
        "mission act",
        "veterans choice", "veterans choice program", "va choice",
    ),
    "wellcare": ("wellcare", "wellcare health plans", "wellcare by allwell", "allwell"),
    # payers added beyond the original list
    "amerihealth": ("amerihealth", "amerihealth new jersey", "amerihealth administrators"),
    "healthfirst": ("healthfirst", "healthfirst ny", "healthfirst new york"),
    "healthpartners": ("healthpartners",),
    "medica": ("medica", "medica health plans", "medica choice"),
    "medical-mutual": ("medical mutual", "medical mutual of ohio"),
    "multiplan": ("multiplan", "phcs", "phcs multiplan", "private healthcare systems"),
    "mvp": ("mvp health care", "mvp healthcare", "mvp health plan", "mvp health"),
    "priority-health": ("priority health",),
    "selecthealth": ("selecthealth", "intermountain selecthealth"),
    "sentara": ("sentara", "sentara health plans", "sentara health", "optima health",
                "optima health plan"),
    "upmc-health-plan": ("upmc health plan", "upmc", "upmc health"),
    SELF_PAY: (
        "self pay", "self paid", "self paying", "self payment", "out of pocket",
        "pay out of pocket", "paying out of pocket", "cash", "cash pay", "cash only", "pay cash",
        "private pay", "pay privately", "paying privately", "paying cash",
        "pay myself", "paying myself", "pay for it myself", "private payment", "private fee",
        "sliding scale", "sliding fee", "sliding fee scale", "no insurance", "uninsured",
        "not insured", "un insured", "without insurance", "don t have insurance",
        "dont have insurance", "do not have insurance", "have no insurance",
        "no health insurance", "no coverage", "reduced fee", "low fee",
    ),
}

_MEDICAID_FIRST = ((MEDICAID, 1.0),)

#: Centene's state Medicaid plans ("Ambetter from <plan>" is their marketplace product instead).
CENTENE_STATE_PLANS = (
    "sunshine health", "peach state health plan", "superior healthplan", "superior health plan",
    "home state health", "buckeye health plan", "iowa total care", "magnolia health",
    "nebraska total care", "absolute total care", "louisiana healthcare connections",
    "pa health and wellness", "pa health wellness", "arizona complete health", "coordinated care",
    "california health and wellness", "managed health services", "mhs indiana",
    "western sky community care", "trillium community health plan", "carolina complete health",
    "meridian health plan", "meridian health", "meridiancare", "sunflower health plan",
    "nh healthy families", "new hampshire healthy families", "silversummit healthplan",
)

#: Phrases naming more than one payer, best first.
COMPOUNDS: dict[str, tuple[Target, ...]] = {
    "blue cross of california": ((BCBS, 1.0), (ANTHEM, 0.9)),
    "blue cross california": ((BCBS, 1.0), (ANTHEM, 0.9)),
    "california blue cross": ((BCBS, 1.0), (ANTHEM, 0.9)),
    "empire bcbs": ((BCBS, 1.0), (ANTHEM, 0.85)),
    "empire blue cross": ((BCBS, 1.0), (ANTHEM, 0.85)),
    "empire blue cross blue shield": ((BCBS, 1.0), (ANTHEM, 0.85)),
    "empire blue cross and blue shield": ((BCBS, 1.0), (ANTHEM, 0.85)),
    "empire blue": ((BCBS, 1.0), (ANTHEM, 0.85)),
    "empire healthchoice": ((BCBS, 1.0), (ANTHEM, 0.85)),
    "empire plan": (("carelon", 1.0), (UHC, 0.8)),  # NYSHIP: MH via Carelon, medical via UHC
    "nyship": (("carelon", 1.0), (UHC, 0.8)),
    "point32health": (("harvard-pilgrim", 1.0), ("tufts", 1.0)),
    "point 32 health": (("harvard-pilgrim", 1.0), ("tufts", 1.0)),
    "point32": (("harvard-pilgrim", 1.0), ("tufts", 1.0)),
    # Medicaid products of commercial brands: the programme first.
    "aetna better health": ((MEDICAID, 1.0), (AETNA, 0.9)),
    "unitedhealthcare community plan": ((MEDICAID, 1.0), (UHC, 0.9)),
    "united healthcare community plan": ((MEDICAID, 1.0), (UHC, 0.9)),
    "uhc community plan": ((MEDICAID, 1.0), (UHC, 0.9)),
    "amerigroup": ((MEDICAID, 1.0), (ANTHEM, 0.9)),
    "simply healthcare": ((MEDICAID, 1.0), (ANTHEM, 0.9)),
    "healthy blue": ((MEDICAID, 1.0), (BCBS, 0.9)),
    "blue cross community health plans": ((MEDICAID, 1.0), (BCBS, 0.9)),
    "bluecare tennessee": ((MEDICAID, 1.0), (BCBS, 0.9)),
    "horizon nj health": ((MEDICAID, 1.0), (BCBS, 0.9)),
    "highmark wholecare": ((MEDICAID, 1.0), (HIGHMARK, 0.9)),
    "staywell": ((MEDICAID, 1.0), ("wellcare", 0.9)),
    "ohana health plan": ((MEDICAID, 1.0), ("wellcare", 0.9)),
    "passport by molina": ((MEDICAID, 1.0), ("molina", 0.9)),
    "tufts health together": ((MEDICAID, 1.0), ("tufts", 0.9)),
    "upmc for you": ((MEDICAID, 1.0), ("upmc-health-plan", 0.9)),
    "upmc for life": ((MEDICARE, 1.0), ("upmc-health-plan", 0.9)),
    "keystone first": ((MEDICAID, 1.0), ("amerihealth", 0.9)),
    "select health of south carolina": ((MEDICAID, 1.0), ("amerihealth", 0.9)),
    "first choice by select health": ((MEDICAID, 1.0), ("amerihealth", 0.9)),
    "amerihealth caritas": (("amerihealth", 1.0), (MEDICAID, 0.9)),
    "fidelis": ((CENTENE, 1.0), (MEDICAID, 0.85)),
    "fidelis care": ((CENTENE, 1.0), (MEDICAID, 0.85)),
    "essential plan": ((MEDICAID, 0.85),),
    "state insurance": ((MEDICAID, 0.85),),
    "state health insurance": ((MEDICAID, 0.85),),
    # Medicare products
    "aarp": ((MEDICARE, 1.0), (UHC, 0.9)),
    "aarp medicare": ((MEDICARE, 1.0), (UHC, 0.9)),
    "aarp medicare advantage": ((MEDICARE, 1.0), (UHC, 0.9)),
    "aarp medicare complete": ((MEDICARE, 1.0), (UHC, 0.9)),
    "dual eligible": ((MEDICARE, 1.0), (MEDICAID, 1.0)),
    "duals": ((MEDICARE, 1.0), (MEDICAID, 1.0)),
    "medi medi": ((MEDICARE, 1.0), (MEDICAID, 1.0)),
    "medicare medicaid": ((MEDICARE, 1.0), (MEDICAID, 1.0)),
    "dsnp": ((MEDICARE, 1.0), (MEDICAID, 0.9)),
    "d snp": ((MEDICARE, 1.0), (MEDICAID, 0.9)),
    "dual special needs plan": ((MEDICARE, 1.0), (MEDICAID, 0.9)),
    "qmb": ((MEDICARE, 1.0), (MEDICAID, 0.85)),
    "devoted health": ((MEDICARE, 0.9),),
    "alignment health": ((MEDICARE, 0.9),),
    "alignment health plan": ((MEDICARE, 0.9),),
    "clover health": ((MEDICARE, 0.9),),
    "scan health plan": ((MEDICARE, 0.9),),
    "tricare for life": ((TRICARE, 1.0), (MEDICARE, 0.85)),
    # TRICARE and VA contractors
    "humana military": ((TRICARE, 1.0), ("humana", 0.7)),
    "health net federal services": ((TRICARE, 1.0), ("healthnet", 0.7)),
    "triwest": ((VA, 1.0), (TRICARE, 0.9)),
    "triwest healthcare alliance": ((VA, 1.0), (TRICARE, 0.9)),
    "champva": ((VA, 0.9),),
    "veteran": ((VA, 0.9),),
    "veterans": ((VA, 0.9),),
    # Self-pay, weaker
    "out of network": ((SELF_PAY, 0.8),),
    "out of network benefits": ((SELF_PAY, 0.8),),
    "superbill": ((SELF_PAY, 0.8),),
    "low cost": ((SELF_PAY, 0.8),),
}

#: Ordinary words that name a payer only when the text is about insurance.
CONTEXTUAL: dict[str, tuple[Target, ...]] = {
    "united": ((UHC, 1.0),),
    "horizon": ((BCBS, 1.0),),
    "independence": ((BCBS, 1.0),),
    "empire": ((BCBS, 1.0), (ANTHEM, 0.85)),
    "bcn": ((BCBS, 1.0),),
    "bsc": ((BCBS, 1.0),),
    "tufts": (("tufts", 1.0),),
    "harvard": (("harvard-pilgrim", 1.0),),
    "pilgrim": (("harvard-pilgrim", 1.0),),
    "beacon": (("carelon", 1.0),),
    "meridian": ((MEDICAID, 1.0), (CENTENE, 0.9)),
    "husky": ((MEDICAID, 1.0),),
    "all kids": ((MEDICAID, 1.0),),
    "medallion": ((MEDICAID, 1.0),),
    "healthy connections": ((MEDICAID, 1.0),),
    "healthy u": ((MEDICAID, 1.0),),
    "equality care": ((MEDICAID, 1.0),),
    "healthy michigan": ((MEDICAID, 1.0),),
    "georgia families": ((MEDICAID, 1.0),),
    "mercy care": ((MEDICAID, 1.0),),
    "heritage health": ((MEDICAID, 1.0),),
    "county care": ((MEDICAID, 1.0),),
    "community health group": ((MEDICAID, 1.0),),
    "community behavioral health": ((MEDICAID, 1.0),),
    "golden rule": ((UHC, 1.0),),
    "all savers": ((UHC, 1.0),),
    "surest": ((UHC, 1.0),),
    "privately": ((SELF_PAY, 1.0),),
    "coventry": ((AETNA, 1.0),),
    "military": ((TRICARE, 0.9),),
    "ccn": ((VA, 1.0),),
    "cbh": ((MEDICAID, 1.0),),
    "chp": ((MEDICAID, 1.0),),
    "ghp": (("geisinger", 1.0),),
    "mmo": (("medical-mutual", 1.0),),
    "optima": (("sentara", 1.0),),
    "mvp": (("mvp", 1.0),),
    "health partners": (("healthpartners", 1.0),),
    "select health": (("selecthealth", 1.0),),
    "health first": (("healthfirst", 1.0),),
    "multi plan": (("multiplan", 1.0),),
}

#: Names that count only when the text holds nothing but payer names and filler.
STANDALONE: dict[str, tuple[Target, ...]] = {
    "va": ((VA, 1.0),),
    "hip": (("emblemhealth", 1.0),),
    "blue": ((BCBS, 0.9),),
    "star": ((MEDICAID, 1.0),),
    "oop": ((SELF_PAY, 1.0),),
    "oon": ((SELF_PAY, 0.8),),
    "va health": ((VA, 1.0),),
    "va healthcare": ((VA, 1.0),),
    "va health care": ((VA, 1.0),),
    "va medical": ((VA, 1.0),),
    "va benefits": ((VA, 1.0),),
}

#: Curated misspellings, mostly phonetic ones that edit distance would send elsewhere
#: ("medicade" is one edit from Medicare but is meant as Medicaid).
MISSPELLINGS: dict[str, str] = {
    "etna": AETNA, "aetn": AETNA, "atna": AETNA,
    "signa": "cigna",
    "bcsb": BCBS, "bcbc": BCBS, "bcb": BCBS, "bsbc": BCBS, "bluecros": BCBS,
    "medicade": MEDICAID, "medicaide": MEDICAID, "medicaied": MEDICAID, "medacaid": MEDICAID,
    "medicad": MEDICAID, "medic aid": MEDICAID, "medi caid": MEDICAID, "medicaids": MEDICAID,
    "medicai": MEDICAID, "medi kal": MEDICAID,
    "medicair": MEDICARE, "medacare": MEDICARE, "medecare": MEDICARE, "medicar": MEDICARE,
    "medicre": MEDICARE, "medicares": MEDICARE,
    "tricair": TRICARE, "trycare": TRICARE,
    "humanna": "humana", "humanah": "humana", "uhcc": UHC,
    "kiaser": "kaiser-permanente", "kaisser": "kaiser-permanente",
}

#: Non-health insurers and phrases: consumed, match nothing.
NOT_HEALTH: tuple[str, ...] = (
    "geico", "progressive", "progressive insurance", "state farm", "allstate", "liberty mutual",
    "farmers", "farmers insurance", "usaa", "nationwide", "travelers", "the hartford",
    "american family", "amica", "erie insurance", "esurance", "safeco", "kemper",
    "mercury insurance", "lemonade", "root insurance", "metlife", "met life", "delta dental",
    "guardian", "aflac", "vsp", "eyemed", "unum", "lincoln financial", "prudential",
    "mutual of omaha", "new york life", "northwestern mutual", "trupanion", "healthy paws",
    "car insurance", "auto insurance", "vehicle insurance", "home insurance",
    "homeowners insurance", "homeowner s insurance", "renters insurance", "pet insurance",
    "life insurance", "term life", "travel insurance", "dental insurance", "vision insurance",
    "dental only", "workers comp", "workers compensation", "worker s comp",
    "united states", "united kingdom", "united nations", "united airlines", "united way",
    "national anthem", "medical assistant", "medical assistants", "self funded",
    "self insured", "private insurance", "private practice", "blue sky", "feeling blue",
    "mount etna",
)

#: Inferred payers: a match on the key also suggests these, at the key's score times the factor.
RELATED: dict[str, tuple[Target, ...]] = {
    ANTHEM: ((BCBS, 0.75),),
    HIGHMARK: ((BCBS, 0.75),),
    UHC: ((OPTUM, 0.7),),
    OPTUM: ((UHC, 0.7),),
}

#: BCBS licensees with a slug of their own, by state (``BCBS of Georgia`` is Anthem).
LICENSEE_STATES: dict[str, tuple[str, ...]] = {
    ANTHEM: ("CO", "CT", "GA", "IN", "KY", "ME", "MO", "NV", "NH", "OH", "VA", "WI"),
    HIGHMARK: ("WV", "DE"),
}

_BLUE_PHRASES = (
    "blue cross", "blue shield", "blue cross blue shield", "blue cross and blue shield", "bcbs",
    "bc bs",
)
#: State codes that are also English words are not used as ``bcbs <code>``.
_WORDY_CODES = frozenset({"in", "me", "oh", "or", "ok", "hi", "co", "de", "la", "ma", "pa"})

#: Aliases that fuzzy matching must not aim at: prefixes of other payers or everyday words.
NO_FUZZY = frozenset({
    "medica", "emblem", "cash", "privately", "surest", "coventry", "permanente", "cambia",
    "regence", "golden rule", "all savers", "oxford health", "medallion", "famis", "arhome",
    "commonhealth", "wellpoint", "healthy connections", "mercy care", "heritage health",
    "community care", "veteran", "veterans", "low fee", "low cost", "reduced fee", "healthy u",
    "star health", "star kids", "star plus", "carolina access", "cardinal care", "duals",
    "hawki", "youthcare", "kidscare", "cencal", "calviva", "premera", "allwell", "state insurance",
    "essential plan", "equality care", "not insured", "no coverage", "no insurance",
    "part a", "part b", "part c", "medi medi", "mission act", "sierra health", "the va", "champus",
    "triple s", "triwest", "fep blue", "la care", "l a care", "bc bs",
})

#: One-word aliases that split text must not join into ("health first" is not Healthfirst).
NO_JOIN = frozenset({
    "healthfirst", "healthpartners", "selecthealth", "multiplan", "privately", "triple s",
})

#: Everyday English words within fuzzy reach of a payer; they are never corrected.
COMMON_WORDS = _words("""
medical medicals medicate medicated medicates medically medial medics medico medicos medic
human humans humane humanly humanoid
welfare welcare wellcome
anthems anthers
cashier cashew caches cached
oscars
optimum option optima opium
kaisers
tricky
magellanic
champs champion
cigar cigars
united unites unified untied unite
vets
abetter abetters anther elegance bluebeard bluebird bluebirds bluegrass bluebell bluebells
excelled healthier highjack horizons humankind husked maritain medicine medicines mediocre
meditate meriting metropolis mississippian mississippians multiple multiples multiplex multiply
privateer stairwell uninjured uninspired superbly superbowl
""")

#: Function words: a fuzzy span never starts or ends on one.
STOPWORDS = _words("""
a an the my our your his her their i im me we you he she they it its is am are was were be been
have has had of or and with through thru via from to in on for by at as but also plus s t m d ll
ve re do does did not no nor so if then than that this these those which who whom what can could
would will shall should may might must any some all both either neither each every other only
just still now currently +
""")

#: Words that say nothing about which payer: a text of payer names and these (plus state names)
#: is "payer-only", the case where even ordinary-word names (:data:`STANDALONE`) count.
NEUTRAL = STOPWORDS | _words("""
insurance insurer insurers insured insurances health healthcare medical plan plans coverage
covered cover covers policy member members membership network innetwork provider providers
benefit benefits card id ppo hmo epo pos hdhp hsa fsa hra cdhp gold silver bronze platinum
catastrophic basic standard premium premier preferred choice open access advantage select prime
core value saver state federal government gov individual group commercial marketplace exchange
obamacare aca please thanks thank yes accept accepts accepted accepting take takes taking use
using used new old current primary secondary main backup etc inc co corp llc western eastern
northern southern central north south east west northeastern northwestern southeastern
southwestern region regional carrier payer payor
""")

#: Whose plan it is: filler for the fuzzy pass, but not enough on its own for a payer-only text
#: ("independence from my parents" is not Independence Blue Cross).
PERSONAL = _words("""
employer employee employees work job company corporate school student college university union
spouse wife husband partner mom mother dad father parent parents family kids kid child children
son daughter
""")

FILLER = NEUTRAL | PERSONAL

#: Words that make a text about insurance, enabling CONTEXTUAL names.
CUES = _words("""
insurance insurer insured insurances plan plans coverage covered cover covers policy member
network innetwork accept accepts accepted accepting take takes taking ppo hmo epo copay copays
deductible payer payor carrier benefits billing bill bills credentialed paneled panel through
thru via
""")

#: A payer right next to one of these is a non-health plan ("Cigna dental").
NON_HEALTH_MODIFIERS = _words("""
dental dentist dentistry vision eye eyecare pet pets auto car cars vehicle renters renter
homeowners travel
""")

#: Word sequences that, right before a payer, deny it.
NEGATIONS: tuple[tuple[str, ...], ...] = tuple(
    tuple(n.split())
    for n in (
        "not", "non", "no", "except", "excluding", "besides", "no longer", "no longer have",
        "no longer on", "don t have", "dont have", "do not have", "not on", "not with",
        "didn t have", "lost", "lost my", "used to have",
    )
)

#: Common misspellings of filler words, corrected before matching.
TOKEN_FIXES: dict[str, str] = {
    "insurence": "insurance", "insurace": "insurance", "insurnace": "insurance",
    "insureance": "insurance", "insuance": "insurance", "insurrance": "insurance",
    "insruance": "insurance", "ins": "insurance", "heath": "health", "helth": "health",
    "healh": "health", "heathcare": "healthcare", "helthcare": "healthcare",
    "healtcare": "healthcare", "healthcar": "healthcare", "heatlhcare": "healthcare",
    "healthare": "healthcare", "helathcare": "healthcare",
    "sheild": "shield", "shiled": "shield", "sheld": "shield",
    "crosss": "cross", "croos": "cross", "corss": "cross", "bleu": "blue", "blu": "blue",
}

_MAX_JOIN = 6  # words that may run together into one alias: "united health care community plan"
_CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]\n]+")
BREAK = ","
_BCBS_TOKEN = re.compile(r"^bcbs(?:of)?([a-z]{1,3})$")

# fmt: on

STRONG, CONTEXT, ALONE, BLOCK = 0, 1, 2, 3


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


@dataclass(slots=True)
class _Hit:
    start: int
    end: int  # exclusive
    entry: _Entry
    score: float
    dropped: bool = False


def _state_blue_aliases(states: dict[str, str]) -> dict[str, tuple[Target, ...]]:
    """``BCBS of Georgia`` / ``bcbs ga`` → BCBS first, then the licensee that runs it there."""
    out: dict[str, tuple[Target, ...]] = {}
    for licensee, codes in LICENSEE_STATES.items():
        for code in codes:
            targets = ((BCBS, 1.0), (licensee, 0.8))
            places = [fold(states[code])]
            if code.lower() not in _WORDY_CODES:
                places.append(code.lower())
            for place in places:
                for blue in _BLUE_PHRASES:
                    out[f"{blue} of {place}"] = targets
                    out[f"{blue} {place}"] = targets
                    if blue != "blue":
                        out[f"{place} {blue}"] = targets
    for brand in (ANTHEM, HIGHMARK):
        for blue in (*_BLUE_PHRASES, "blue"):
            out[f"{brand} {blue}"] = ((brand, 1.0), (BCBS, 0.9))
    return out


def _ambetter_aliases() -> dict[str, tuple[Target, ...]]:
    return {
        f"ambetter {link} {plan}": ((CENTENE, 1.0),)
        for plan in CENTENE_STATE_PLANS
        for link in ("from", "of", "by")
    }


def _fuzzy_allowed(length: int) -> int:
    if length < 5:
        return 0
    return 1 if length < 8 else 2


@cache
def _lexicon() -> _Lexicon:
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

    for slug, aliases in ALIASES.items():
        for alias in aliases:
            add(alias, ((slug, 1.0),), STRONG)
    for group in (COMPOUNDS, _state_blue_aliases(vocab.states), _ambetter_aliases()):
        for alias, targets in group.items():
            add(alias, targets, STRONG)
    for plan in CENTENE_STATE_PLANS:
        add(plan, ((MEDICAID, 1.0), (CENTENE, 0.9)), STRONG)
    for alias, targets in CONTEXTUAL.items():
        add(alias, targets, CONTEXT)
    for alias, targets in STANDALONE.items():
        add(alias, targets, ALONE)
    for alias, slug in MISSPELLINGS.items():
        add(alias, ((slug, 1.0),), STRONG, 0.95)
    for alias in NOT_HEALTH:
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
        joinable = entry.mode != BLOCK and joined not in COMMON_WORDS and key not in NO_JOIN
        if joinable and (joined not in phrases or phrases[joined] is entry):
            compact.setdefault(joined, entry)
        fuzzy_ok = (
            entry.mode == STRONG
            and entry.weight == 1.0
            and key not in NO_FUZZY
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
        filler=FILLER | state_words,
        neutral=NEUTRAL | state_words,
    )


def _tokens(text: str) -> list[str]:
    """Folded words, with ``,`` kept between clauses so "no, Aetna" is not a denial."""
    tokens: list[str] = []
    for clause in _CLAUSE_BREAK.split(text[:MAX_TEXT_CHARS]):
        words = fold(clause).replace("+", " + ").split()
        if words:
            if tokens:
                tokens.append(BREAK)
            tokens.extend(TOKEN_FIXES.get(t, t) for t in words)
    return tokens


def _bcbs_token(tok: str) -> _Entry | None:
    """``bcbsil``, ``bcbsm``, ``bcbsofga``: BCBS, plus the licensee for Anthem/Highmark states."""
    m = _BCBS_TOKEN.match(tok)
    if m is None:
        return None
    suffix = m.group(1).upper()
    for licensee, codes in LICENSEE_STATES.items():
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
            entry = _bcbs_token(tokens[i])
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
            if span[0] in STOPWORDS or span[-1] in STOPWORDS or BREAK in span:
                continue
            if size == 1:
                if span[0] in COMMON_WORDS or not span[0].isalpha():
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


def _near_non_health(tokens: list[str], hit: _Hit) -> bool:
    after = tokens[hit.end : hit.end + 2]
    if BREAK in after:
        after = after[: after.index(BREAK)]
    before = tokens[max(0, hit.start - 1) : hit.start]
    return any(t in NON_HEALTH_MODIFIERS for t in (*after, *before))


def _negated(tokens: list[str], hit: _Hit) -> bool:
    """``not Aetna``, ``no longer have Cigna``, ``don't have Medicaid``: the text denies it."""
    before = tuple(tokens[max(0, hit.start - 3) : hit.start])
    return any(
        len(neg) <= len(before) and before[len(before) - len(neg) :] == neg for neg in NEGATIONS
    )


def _select(tokens: list[str], hits: list[_Hit], lex: _Lexicon) -> list[_Hit]:
    covered = [False] * len(tokens)
    for hit in hits:
        if hit.entry.mode != BLOCK:
            for k in range(hit.start, hit.end):
                covered[k] = True
    payer_only = all(
        c or t in lex.neutral or len(t) == 1 or t.isdigit()
        for t, c in zip(tokens, covered, strict=True)
    )
    cue = any(t in CUES for t in tokens)
    kept = []
    for hit in hits:
        mode = hit.entry.mode
        if mode == BLOCK:
            continue
        if mode == CONTEXT and not (payer_only or cue):
            continue
        if mode == ALONE and not payer_only:
            continue
        if _near_non_health(tokens, hit) or _negated(tokens, hit):
            continue
        kept.append(hit)
    return kept


def _rank(hits: Iterable[_Hit], labels: dict[str, str], limit: int) -> tuple[PayerMatch, ...]:
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
        for other, factor in RELATED.get(slug, ()):
            offer(other, score * factor, pos + 0.05)
    ordered = sorted(best.items(), key=lambda kv: (-round(kv[1][0], 3), kv[1][1]))
    return tuple(
        PayerMatch(slug, labels[slug], round(score, 3)) for slug, (score, _) in ordered[:limit]
    )


def resolve_insurers(text: str, limit: int = 5) -> InsuranceResolution:
    """The payers ``text`` names, best first (see the module docstring for the rules)."""
    if limit <= 0:
        return InsuranceResolution(text, ())
    lex = _lexicon()
    tokens = _tokens(text)
    if not tokens:
        return InsuranceResolution(text, ())
    hits = _exact_pass(tokens, lex)
    hits = _fuzzy_pass(tokens, hits, lex)
    hits = _select(tokens, hits, lex)
    return InsuranceResolution(text, _rank(hits, lex.labels, limit))
