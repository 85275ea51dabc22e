"""Safety triage: does a seeker's free text signal danger, and of which kind?

Pure Python: no Flask, no database. Entry points: :func:`triage` (text -> :class:`Triage`),
:func:`resources_for` / :func:`resources_for_triage` (which crisis services to show, in order)
and :func:`message_for` (a short supportive message), backed by ``seed_data/crisis_resources.json``.

How text is read:

1. At most :data:`MAX_SCAN_CHARS` characters are read (cut at a space so no word is cut into
   another word); crisis language in a search box comes early.
2. Apostrophes are dropped ("don't" == "dont"), accents stripped and case folded as in
   ``matching.text.fold``, so "suicidarme", "suicidárme" and "SUICIDARME" read the same. Sentence
   ends become " | " and commas " , ": patterns stay inside a clause, so an ordinary clause added
   before or after never changes what a crisis clause means.
3. Grief and history are blanked out first: a death by suicide or overdose of someone else
   ("my brother died by suicide", "mi hermano se suicidó") is grief, and abuse explicitly in the
   past ("I was abused as a child", "left an abusive marriage") is a trauma history. Blanking
   only removes those words: first-person crisis language elsewhere still counts.
4. One compiled regex per (kind, detail) group runs over the clause-marked text. Patterns name
   wording, not single words, so hyperbole stays out: "this job is killing me", "dying to find a
   therapist", "me muero de ganas", "me mata el trabajo", "matarme estudiando".
5. Then a generalising layer reads concepts, not phrases (``seed_data/safety_lexicon.json``):
   per kind, weighted word lists such as "die" (die, end it, not wake up, morirme...), "desire"
   (want, thinking about, ganas de...), "means" (pills, rope, gun...), "abuser" x "abuse act",
   "voices" x "hearing"... A kind the exact patterns missed is flagged when the distinct concepts
   found in one sentence weigh at least the threshold and include one of its core concepts, unless
   one of its guard concepts (hyperbole, "blood test", "at the gym", joking) sits in the same
   clauses. Desires, intents and threats right after a negation ("I would never hurt anyone") do
   not count. The signal's text spans the words that scored.
6. A signal's detail is fixed by its group ("intrusive-thoughts", "postpartum", "child") or, for
   the others, "other-person" when the danger is to someone else: a third-person form inside the
   matched words ("kill herself", "quiere morir", "se corta", "hits her"), a relation opening
   them ("my brother overdosed"), or else the nearest subject earlier in the sentence ("my son is
   suicidal", "mi hija es suicida"). First-person words win ("my husband hits me").
   The concept layer also reads a copy in the first person ("she wants to die", "dice que se va
   a tirar", "ha pensado en quitarse la vida": Spanish reflexive infinitives and "se va a" /
   "que ha" are read as the writer's own, never "me va a matar", which is a threat to the writer).

Decisions worth knowing:

* A plain denial is believed: "I'm not suicidal, just sad", "no suicidal thoughts", "no soy
  suicida", "no tengo pensamientos suicidas" are not flagged. Why: it is the seeker's own answer
  to the question a panel would ask; the issue's sets count it as an ordinary search; and every
  seeker page already shows the crisis strip (988 and the rest), so nobody who writes it is left
  without a number. A panel that contradicts what someone just told us costs more than a banner:
  it tells them the box did not read them. What keeps the panel is anything beyond the plain
  denial: a hedge right after it ("not really suicidal", "not actively suicidal", "not suicidal
  yet", "never suicidal until now") or any other crisis words in the text ("not suicidal but I
  think about dying a lot", "... pero quiero desaparecer") are flagged as before.
* A crisis the sentence tells as over is history, however it is worded (see :func:`_history`): a
  recovery word ("stable", "sober", "in recovery", "doing better", "ahora estoy bien"), a past
  form ("had", "was", "in 2019", "hace 3 anos") and nothing saying it is here now ("again",
  "lately", "tonight", "want to", "still", "every day"), with no "but" leading from the recovery
  back to it ("stable for years but now I hear voices" is flagged). Only for suicide, self-harm,
  psychosis and overdoses; abuse and threats keep their own past forms.
* A history stated as over is not a crisis: "I attempted suicide years ago and I'm doing better",
  "I used to self harm in high school", "history of self harm". It is flagged again as soon as the
  sentence says it is back or recent ("... and lately the thoughts are back", "last year",
  "the urges are back"). Plain fear of death ("I don't want to die", "no quiero morir",
  "siento que me voy a morir" in a panic attack) is not suicide language and is not flagged.
* Negation scope: a negation ("not", "never", "haven't", "no"...) cancels a desire, act or
  ingestion among the three words after it ("I would never hurt anyone", "haven't eaten" is not
  "eaten"), unless a "stop" word undoes it ("can't stop thinking about dying", "no dejo de
  pensar en morir").
* Abuse is flagged when it is current or undated ("my husband hits me", "not safe at home",
  "domestic violence"), not when the text places it in the past (a trauma search).
* Intrusive thoughts of harming one's baby or child ("scared I might hurt my baby") are
  harm-to-others with detail "intrusive-thoughts": common in perinatal anxiety and OCD, not
  intent, answered with support and the Maternal Mental Health Hotline, and ranked after every
  other kind. Stated intent ("I want to hurt my baby") is plain harm-to-others.
* Postpartum psychosis is always an emergency (detail "postpartum"), including psychosis
  language beside any sign of pregnancy or a new baby. A bare condition name ("psychosis",
  "schizophrenia") is a search for a therapist, not a crisis; "psychotic episode", "hearing
  voices", "the government put a chip in me" are.
* An overdose already taken is "medical" (911 and Poison Control first) as well as "suicide";
  a planned one is "suicide". "medical" is also any emergency happening now, however it is
  described: can't breathe (not in a sentence about panic, anxiety or work), chest pain with arm
  or jaw signs, a heart attack, stroke or seizure happening now (not "had a stroke last year"),
  someone unconscious or unresponsive, a child who swallowed pills, a battery or a cleaner,
  withdrawal from alcohol or benzodiazepines with shaking, seizures or hallucinations, vomiting
  blood, fainting after days without food, or a week or more without food.
* Abuse of an older adult (detail "elder": an elder, a nursing home, a pension, "my 84 year old
  dad", a grandparent as the one hurt, not the one hurting) lists the Eldercare Locator after the
  usual abuse services. A search for a clinician or group for abuse ("therapist who specializes
  in elder abuse", "grupo de apoyo para victimas de violencia domestica") is not itself a crisis.
* Telegraphic English ("me no want live more", "my mother no breathing", "i no can sleep") is
  read once more in its plain form, with the filler words dropped (see :func:`_plain_words`).
* Typos: common misspellings and phone habits are written into the patterns ("sucidal",
  "kill my slef", "kiero morir", "wanna", "im", missing accents), and a word that is neither a
  common English or Spanish word nor crisis vocabulary is read as the crisis word one typo away
  (see :func:`_typo_tables`); a real word is never changed.

Most urgent first (:data:`URGENCY`): medical, suicide, psychosis, harm-to-others, abuse,
self-harm; a kind whose only signals are intrusive thoughts comes last.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from matching.reference import SEED_DATA_DIR, load_json

KINDS = ("suicide", "self-harm", "harm-to-others", "abuse", "psychosis", "medical")
URGENCY = ("medical", "suicide", "psychosis", "harm-to-others", "abuse", "self-harm")
DETAILS = ("intrusive-thoughts", "other-person", "postpartum", "child", "elder")
LANGS = ("en", "es")
MAX_SCAN_CHARS = 4096  # a search box holds a sentence or two; a long message is read up to here
RESOURCES_FILE = "crisis_resources.json"


@dataclass(frozen=True)
class SafetySignal:
    kind: str  # one of KINDS
    text: str  # the words that triggered it, from the original text
    detail: str | None = None  # one of DETAILS, when the sub-case changes what to say


@dataclass(frozen=True)
class Triage:
    signals: tuple[SafetySignal, ...]  # most urgent first
    bereaved: bool = False  # grief after someone's death by suicide or overdose (not a crisis)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.kind for s in self.signals))

    @property
    def crisis(self) -> bool:
        return bool(self.signals)


# --------------------------------------------------------------------------- normalisation

_APOSTROPHES = re.compile(r"['’‘`´]")
_HARD_STOPS = re.compile(r"[.!?;:¡¿\n\r]+")
_COMMAS = re.compile(r",+")
_NON_WORD = re.compile(r"[^a-z0-9|,]+")


# Before apostrophes and slashes go: "sa'd" (sexually assaulted) is not "sad"; "w/o" is "without".
_BEFORE_FOLDING = (
    (re.compile(r"\bs\.?a\.?['’`´](?:d|ed)\b", re.IGNORECASE), "sexually assaulted"),
    (re.compile(r"\bw/o\b", re.IGNORECASE), "without"),
    (re.compile(r"\bw/(?=\s|\w)", re.IGNORECASE), "with "),
)


# Emoji that stand for a means or a sign ("take all my 💊", "🔪 myself"), read as their word.
_EMOJI_WORDS = {"💊": "pills", "🔪": "knife", "🔫": "gun", "🩸": "blood", "🪢": "rope"}
_EMOJI = re.compile("|".join(_EMOJI_WORDS))


def _normalise(text: str) -> str:
    """Folded text with clause marks: 'I can't... ¿Qué?' -> 'i cant | que |'."""
    if "/" in text or "'" in text or "’" in text:
        for pattern, words in _BEFORE_FOLDING:
            text = pattern.sub(words, text)
    if not text.isascii() and _EMOJI.search(text):
        text = _EMOJI.sub(lambda m: f" {_EMOJI_WORDS[m.group()]} ", text)
    text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text))
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _HARD_STOPS.sub(" | ", text.lower())
    text = _COMMAS.sub(" , ", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def _clip(text: str) -> str:
    if len(text) <= MAX_SCAN_CHARS:
        return text
    cut = text[:MAX_SCAN_CHARS]
    space = cut.rfind(" ")
    return cut[:space] if space > MAX_SCAN_CHARS // 2 else cut


# --------------------------------------------------------------------------- shared fragments

_REL_EN = (
    r"mom|mum|mother|mommy|mama|dad|father|daddy|papa|parent|brother|sister|sibling|twin|son|"
    r"daughter|child|kid|baby|teen|teenager|husband|hubby|wife|spouse|partner|boyfriend|girlfriend|"
    r"bf|gf|fiance|fiancee|friend|bestie|cousin|uncle|aunt|auntie|niece|nephew|grandma|grandmother|"
    r"grandpa|grandfather|granny|grandson|granddaughter|stepdad|stepmom|stepfather|stepmother|"
    r"stepson|stepdaughter|colleague|coworker|classmate|student|client|patient|neighbou?r|roommate|"
    r"teammate|relative|ex"
)
_REL_ES = (
    r"hijo|hija|hijos|hijas|esposo|esposa|marido|pareja|novio|novia|hermano|hermana|mama|madre|"
    r"papa|padre|amigo|amiga|primo|prima|abuelo|abuela|tio|tia|sobrino|sobrina|nieto|nieta|bebe|"
    r"companero|companera|alumno|alumna|paciente|vecino|vecina|padrastro|madrastra|suegro|suegra"
)
_REL = rf"(?:{_REL_EN}|{_REL_ES})s?"
_DET = r"(?:my|our|his|her|their|a|the)"
_SELF = r"(?:my ?self|my ?slef|myslef|mysefl|mysef|myselg|me ?self|meself)"
_THEM = r"(?:him ?self|her ?self|them ?selves|them ?self|themselfs|hisself)"
_ANY_SELF = rf"(?:{_SELF}|{_THEM}|your ?self)"
_POSS = r"(?:my|his|her|their|my own|his own|her own|their own)"
_NOT = r"(?<!dont )(?<!do not )(?<!never )(?<!didnt )(?<!not )(?<!doesnt )(?<!wont )"
_KID = (
    r"(?:baby|babies|newborn|infant|son|sons|daughter|daughters|child|children|kid|kids|toddler|"
    r"little one|little ones|twins|bebe|bebes|hijo|hija|hijos|hijas|nino|nina|ninos|ninas|"
    r"recien nacido|recien nacida)"
)
_PILLS = (
    r"(?:pills|pill|tablets|meds|medication|medications|medicine|tylenol|advil|ibuprofen|aspirin|"
    r"acetaminophen|paracetamol|xanax|benadryl|sleeping pills|painkillers|pain killers|oxy\w*|"
    r"insulin|antidepressants|lithium|capsules|gummies|opioids|fentanyl|percocet)"
)
_PASTILLAS = r"(?:pastillas|pildoras|tabletas|medicinas|medicamentos|capsulas|calmantes)"
# "going on vacation", "no reason to go on a trip": not about going on living
_NOT_TRAVEL = (
    r"(?! (?:a|an|the|vacation|holiday|trip|date|dates|medication|meds|with|about|and on|in|"
    r"here|there|tour|leave|strike|social media|dating apps|tinder|line)\b)"
)
_CLAUSE_END = r"(?= ?(?:$|[|,]))"
# "my mom is going to kill me if I fail this test": a parent's anger over something trivial
_NOT_TRIVIAL = (
    r"(?! (?:if|when) (?:i|he|she|they|my \w+) (?:\w+ )?(?:fail|flunk|fails|sees? my (?:grades|"
    r"report card)|finds? out (?:i|about) (?:\w+ )?(?:crashed|broke|failed|spent|got a|lost|"
    r"borrowed|took|ate|used|wore|ruined|forgot|told|dented|scratched|stole|sold|skipped)|crash|"
    r"forget|miss|am late|im late|come home late|lose|get a bad grade|dont pass|dont clean)\b)"
)
# "not suicidal" is a denial unless hedged right after it ("not suicidal yet", "... until now")
_NOT_HEDGED = (
    r"(?! (?:yet|right now|at the moment|atm|today|tonight|now|most days|all the time|every day|"
    r"until|till|before|exactly|per se|anymore but|todavia|aun|ahorita|por ahora|hasta)\b)"
)
# a time that places it in the past ("years ago", "in high school", "as a teen")
_PAST = (
    r"(?:(?:\d+|a few|few|many|several|two|three|four|five|six|seven|eight|nine|ten|some) "
    r"(?:years|yrs) ago|years ago|long ago|a long time ago|as a (?:teen|teenager|kid|child)|"
    r"in (?:high school|middle school|college|my (?:teens|twenties|20s))|when i was (?:\w+ )?"
    r"(?:young|younger|a teen|a teenager|a kid|little|\d+|in (?:high school|college))|back in "
    r"(?:\w+ )?(?:(?:19|20)\d\d|high school|college)|in (?:19|20)\d\d)\b"
)
# ... when nothing later in the sentence says it is back
_NOT_BACK = (
    r"(?![^|]*\b(?:again|back|returning|returned|relaps\w*|urges?|lately|recently|tempted|"
    r"started (?:again|cutting|hurting|to)|starting (?:again|to)|thinking about|want to|wanna|"
    r"plan|planning|de nuevo|otra vez|"
    r"regresaron|volvieron|ultimamente)\b)"
)
_CLAUSE_START = r"(?<=[|,] )"  # the scanned text starts with "| "

# --------------------------------------------------------------------------- what is blanked

# Someone else's death by suicide or overdose: grief, not crisis.
_BEREAVED = (
    rf"\b(?:died|death|lost|loss|losing|passing|passed away)(?: of| to)? {_DET} (?:\w+ ){{0,2}}?"
    rf"{_REL} (?:\w+ ){{0,3}}?(?:by|to|from|of|through|due to)(?: an?)? "
    r"(?:suicide|overdose|drug overdose)\b",
    rf"\b{_REL} (?:\w+ ){{0,3}}?(?:died|passed away|passed)(?: \w+){{0,2}}? "
    r"(?:by|to|from|of|through|due to)(?: an?)? (?:suicide|overdose|drug overdose)\b",
    rf"\bsuicide of {_DET} (?:\w+ ){{0,2}}?{_REL}\b",
    rf"\b(?:my|our) (?:\w+ )?{_REL} suicide\b(?! attempt)",
    rf"\b{_REL} (?:\w+ ){{0,2}}?(?:committed|commited|comitted|completed) suicide\b",
    r"\bsuicide (?:loss|losses|bereavement|grief|survivors? of loss)\b",
    # grief words a few words before the loss: "grief counseling after my brother's overdose"
    rf"\b(?:grief|grieving|mourning|bereavement|bereaved|duelo|luto)(?: \w+){{0,3}}? "
    rf"(?:after|since|over|from|of|for|tras|por|despues de) (?:my|our|his|her|their|a|mi|mis|"
    rf"nuestro|nuestra|el|la) (?:\w+ )?{_REL} (?:overdose|suicide|death by suicide|od|"
    r"sobredosis|suicidio)\b",
    rf"\b(?:grief|grieving|mourning|bereavement|bereaved)(?: \w+){{0,3}}? (?:after|since|over) "
    rf"(?:my|our|his|her|a) (?:\w+ )?{_REL} (?:overdosed|ods|od)\b",
    r"\b(?:lost|losing|loss of|lose) (?:someone|somebody|a loved one|loved ones|a family member|"
    r"family members|a child|a friend|friends|people|a patient|a student|a parent|a sibling)"
    r"(?: \w+){0,2}? (?:to|from|by) (?:a |an )?(?:suicide|overdose|drug overdose)\b",
    r"\b(?:perdieron|perdio|perdi|perder) a (?:alguien|un ser querido|seres queridos|un familiar)"
    r"(?: \w+){0,2}? (?:por|a causa de) (?:el |un |una )?(?:suicidio|sobredosis)\b",
    r"\b(?:survivors? of|bereaved by|grieving|grief after) (?:a |the )?(?:suicide|overdose)"
    r"(?: loss)?\b",
    r"\b(?:died|death|dying|deaths) by suicide\b",
    rf"\b(?:grief|grieving|mourning|loss|lost|bereaved|bereavement) (?:after|over|for|of|from|"
    rf"since) (?:my|our|his|her|their|a) (?:\w+ )?{_REL} (?:suicide|overdose|death by suicide|"
    r"od)\b",
    r"(?<!almost )(?<!nearly )(?<!tried and )\b(?:killed|hanged|hung|shot) "
    r"(?:himself|herself|themselves|themself)\b",
    r"(?<!almost )(?<!nearly )(?<!tried to )\b(?:took|ended) (?:his|her|their) (?:own )?life\b",
    r"\b(?:overdose|suicide) deaths?\b",
    r"\bfatal overdose\b",
    r"\b(?:died|passed away) (?:of|from) an? (?:drug )?overdose\b",
    r"\boverdosed\b(?: \w+){0,4}? (?:and|then|but) (?:died|passed away|passed|didnt make it|"
    r"never woke up)\b",
    # Spanish
    r"\bse (?:suicido|mato|quito la vida|ahorco|colgo|disparo)\b",
    r"\b(?:murio|fallecio|muerte) (?:por|de) (?:un |una |el )?(?:suicidio|sobredosis)\b",
    rf"\b(?:perdi|perdimos) a (?:mi|mis|nuestro|nuestra) (?:\w+ )?{_REL} (?:\w+ ){{0,3}}?"
    r"(?:por|a causa de|por el|por una|de una) (?:suicidio|sobredosis)\b",
    rf"\bsuicidio de (?:mi|mis|su|nuestro|nuestra|un|una) (?:\w+ )?{_REL}\b",
    r"\b(?:duelo|perdida|luto) (?:por|tras|despues de) (?:el |un |una )?(?:suicidio|sobredosis)\b",
    r"\bsobrevivientes? (?:de|del|al) (?:un )?suicidio\b",
    r"\bdespues del suicidio de\b",
)

# Abuse the text itself places in the past (a trauma history, not a current danger), and names
# that merely contain a crisis word.
_NOT_DANGER = (
    # self-harm or abuse stated as over ("clean 5 years", "hace 5 anos deje de cortarme")
    r"\b(?:self ?harm|sh|cutting)\w* (?:free|clean) (?:for )?(?:\d+|a|an|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|several|many) (?:years?|months?)\b",
    r"\b(?:stopped|quit) (?:self ?harming|cutting|hurting myself)(?: \w+){0,2}? "
    r"(?:\d+|a|an|one|two|three|four|five|several|many) (?:years?|months?) ago\b",
    r"\bhace (?:\d+|un|dos|tres|cuatro|cinco|seis|varios|muchos) (?:anos?|meses) (?:que )?deje de "
    r"(?:cortarme|lastimarme|autolesionarme|hacerme dano)\b",
    r"\bdeje de (?:cortarme|lastimarme|autolesionarme|hacerme dano) hace (?:\d+|un|dos|tres|cuatro|"
    r"cinco|seis|varios|muchos) (?:anos?|meses)\b",
    r"\bsuicide (?:squad|doors?|sprints?|runs?|drills?)\b",  # film, car doors, sports drills
    r"\bsuicide (?:prevention|awareness|risk assessment|research) (?:training|course|class|month|"
    r"week|day|walk|program|programme|certification|conference|workshop|curriculum|for "
    r"(?:teachers|staff|clinicians|nurses|employees|managers))\b",
    r"\b(?:was|were|got|been|being) (?:\w+ ){0,2}?(?:abused|molested|raped|beaten|hit|assaulted)"
    r"(?: \w+){0,4}? (?:as a (?:child|kid|teen|teenager|little girl|little boy)|growing up|"
    r"in (?:19|20)\d\d|back in (?:19|20)\d\d|"
    r"years ago|in (?:my )?childhood|when i was (?:a |\w+ )?(?:little|young|kid|child|teen|"
    r"teenager|\d+))\b",
    r"\bchildhood (?:\w+ )?(?:abuse|trauma|sexual abuse|neglect|assault)\b",
    # abuse the clause dates in the past ("was in an abusive marriage 10 years ago")
    r"\b(?:was|were|been|lived) (?:\w+ ){0,2}?(?:abusive|violent|abuse|domestic violence|dv)"
    r"(?: \w+){0,4}? (?:(?:\d+|a few|few|many|several|two|three|four|five|ten) years ago|"
    r"a long time ago|long ago|in the past|back in (?:college|high school|the day|\d+)|"
    r"when i was (?:\w+ )?(?:young|little|a kid|a child|a teen|in college|\d+))\b",
    r"\b(?:sufri|vivi|pase por|estuve en) (?:\w+ ){0,2}?(?:violencia|abuso|maltrato|una relacion "
    r"(?:abusiva|violenta))(?: \w+){0,3}? (?:hace (?:\w+ )?(?:anos|mucho|tiempo)|de (?:nina|nino|"
    r"joven)|en el pasado)\b",
    # learning about prevention
    r"\b(?:learn|learning|study|studying|research|researching|teach|teaching|aprender|estudiar|"
    r"estudio|ensenar|informacion) (?:\w+ ){0,3}?(?:about |sobre |de |la |el )?(?:suicide "
    r"prevention|prevencion del suicidio|prevenir el suicidio)\b",
    r"\bsurvivors? of (?:\w+ ){0,2}?(?:abuse|violence|assault|rape|incest|molestation)\b",
    r"\b(?:abuse|assault|rape|dv|violence|incest) survivors?\b",
    r"\b(?:left|escaped|survived|got out of|healing from|recovering from|past|former|previous|"
    r"old|history of) (?:an? |my |the )?(?:\w+ )?(?:abusive|violent|abuse|domestic violence)"
    r"(?: \w+)?\b",
    r"\b(?:abusive|violent) (?:\w+ )?(?:relationship|marriage|partner|ex|parents?|childhood|"
    r"home) (?:recovery|survivors?|aftermath|healing|trauma|ptsd)\b",
    r"\bused to (?:\w+ )?(?:hit|beat|abuse|hurt|choke|slap|kick|punch|rape|molest|touch)\b"
    r"(?: (?:me|us|her|him|them))?",
    r"\b(?:my )?ex (?:\w+ )?(?:used to |would )(?:\w+ )?(?:hit|beat|abuse|hurt|choke)\b",
    # before "hace anos" below, which would otherwise take the words first
    r"\bhace (?:\w+ )?anos tuve (?:pensamientos|ideas) (?:suicidas|de muerte|de suicidio)\b",
    r"\b(?:de nina|de nino|de pequena|de pequeno|en mi infancia|cuando era (?:nina|nino|"
    r"pequena|pequeno|chica|chico|adolescente|joven)|hace (?:\w+ )?anos)\b",
    r"\b(?:abuso|maltrato) (?:\w+ )?(?:en (?:mi|la) infancia|infantil que sufri)\b",
    r"\bsobrevivientes? de (?:\w+ ){0,2}?(?:abuso|violencia|violacion|maltrato)\b",
    r"\bme (?:pegaba|golpeaba|maltrataba|violaba|abusaba)\b",
    # searches for a clinician, a training or a way to help others, and work with overdoses
    r"\b(?:therapists?|therapy|counsel\w*|psycholog\w*|psychiatrists?|specialists?|clinicians?|"
    r"programs?|groups?|training|courses?|specializ\w*|experienced|experience) (?:for |in |with |"
    r"who (?:treats|works with|specializes in) |that (?:treats|works with) )?(?:(?!my |our |his |"
    r"her )\w+ ){0,4}?(?:who )?(?:self ?harm\w*|suicid\w*)(?: (?:recovery|clients|patients|"
    r"teens|adolescents|ideation|prevention|and their parents))?\b",
    r"\bself ?harm (?:recovery|support groups?|awareness|research|training)\b",
    r"\b(?:therapy|therapists?|support groups?|groups?|programs?) for (?:\w+ )?"
    r"(?:people|those|adults|teens|kids|someone|families of people) who hear voices\b",
    r"\b(?:had|used to have|experienced|struggled with) (?:\w+ )?suicidal (?:thoughts|ideation|"
    r"feelings)(?: \w+){0,3}? (?:years ago|as a teen|in (?:high school|college)|when i was \w+)\b",
    r"\b(?:de adolescente|de joven|de nina|de nino|en la prepa|en la secundaria|cuando era \w+) "
    r"me (?:cortaba|lastimaba|autolesionaba|hacia dano)\b",
    r"\bmurder suicides?\b",
    # a plain denial of self-harm or of thoughts of dying ("no self harm, just anxiety", "not
    # thinking about hurting myself", "no tengo ganas de morir"); hedges stay ("not ... yet")
    r"\b(?:no|not|never|nunca|sin|without|no longer) (?:self ?harm\w*|cutting|suicidal thoughts|"
    r"suicide attempts?|autolesion\w*|ideas suicidas|pensamientos suicidas)\b" + _NOT_HEDGED,
    r"\b(?:no|not|never|nunca|sin|without|dont|do not|havent|have not|no longer) (?:thinking "
    r"(?:about|of)|thought (?:about|of)|thoughts (?:of|about)|urges? to|plans? to|intention of|"
    r"intent to|have (?:any )?(?:thoughts|urges|plans) (?:of|about|to)|tengo ganas de|ganas de|"
    r"tengo pensamientos de|pienso en|pensando en|he pensado en) (?:self ?harm\w*|hurting myself|"
    r"harming myself|killing myself|kill myself|hurt myself|harm myself|cutting myself|cut myself|"
    r"suicide|dying|morir|morirme|matarme|lastimarme|hacerme dano|cortarme|suicidarme)\b"
    + _NOT_HEDGED,
    r"\b(?:no|not|never|without|dont have|dont have any|do not have|denies|no tengo|sin) (?:any "
    r"|ningun |ninguna |a )?(?:plans?|intent|intention|intencion|ideas?)(?: (?:or|nor|o|ni) "
    r"(?:intent|intention|plans?|intencion|ideas?))? (?:to|of|de|para) (?:hurt|harm|kill|hurting|"
    r"harming|killing|hacerme dano|lastimarme|matarme|suicidarme|morir|quitarme la vida|end)"
    r"(?:(?: myself| my life| mi vida)|(?! myself| my life| mi vida))\b" + _NOT_HEDGED,
    # a helper asking how to respond to someone's disclosure ("a student told me she self
    # harms, how do I refer her", "una alumna me conto que se corta, como la ayudo")
    r"\b(?:a |my |one of my |una |un |mi |uno de mis |una de mis )?(?:students?|clients?|patients?|"
    r"alumnas?|alumnos?|estudiantes?|campers?|athletes?|players?|pacientes?|clientes?) "
    r"(?:\w+ ){0,3}?(?:told me|disclosed|admitted|me conto|me dijo|confeso)(?: that| que)?"
    r"(?: she| he| they)?"
    r"(?: \w+){0,2}? (?:self ?harms?|cuts|is cutting|has been cutting|se corta|se lastima|se "
    r"autolesiona|is suicidal|es suicida|hears voices|wants to die|se quiere morir)\b(?=[^|]*"
    r"(?:\| [^|]*)?\b(?:how|"
    r"refer|report|what do i do|what should i|como|que hago|que debo|a quien)\b)",
    r"\b(?:suicide|overdose|od) (?:calls|scenes|runs)\b",
    r"\bllamadas (?:de|por) (?:suicidio|sobredosis)\b",
    # a professional's client or student, told to process it afterwards
    r"\b(?:one of )?my (?:clients?|patients?|students?|residents?|campers?) (?:\w+ ){0,2}?"
    r"(?:overdosed|ods|oded|died|attempted suicide|tried to kill (?:him|her|them)self)\b"
    r"(?![^|]*\b(?:now|right now|not breathing|isnt breathing|unresponsive|wont wake)\b)",
    # fear that someone else will die ("intrusive thoughts about my partner dying in a crash")
    r"\bintrusive (?:thoughts?|images?|worries|fears?) (?:about|of) (?:my |someone |a |mi )"
    r"(?:\w+ ){0,2}?(?:dying|getting hurt|being hurt|getting sick|in (?:a|an) "
    r"(?:crash|accident))\b",
    # a night of drinking told by someone who wants to cut back ("drank too much at a party and
    # blacked out, want to cut back"); someone who will not wake up is still an emergency
    r"\b(?:i |yo )?(?:drank|got drunk|tome|bebi|me emborrache)(?: \w+){0,10}? "
    r"(?:blacked out|passed out|no me acuerdo de nada|no recuerdo nada|me desmaye)\b"
    r"(?=[^|]*\b(?:cut back|cut down|quit|stop drinking|drinking problem|dejar de tomar|"
    r"dejar de beber|dejar el alcohol|alcoholism|alcoholismo)\b)"
    r"(?![^|]*\b(?:wont wake|cant wake|not breathing|no despierta|no respira)\b)",
    # the call of the void asked about as OCD
    r"\bintrusive (?:thoughts?|urges?|images?) (?:\w+ ){0,2}?(?:jumping|falling|swerving|driving "
    r"off|stepping off)\b(?=[^|]*\b(?:call of the void|high place|ocd|toc|is that normal|is it "
    r"normal)\b)",
    r"(?<!to )(?<!would )(?<!will )(?<!please )(?<!could )\bkill me now\b",
    # a plain denial of thoughts of harming anyone ("no thoughts of harming anyone, just tired")
    r"\b(?:no|not|never|without|without any|dont have|dont have any|do not have|denies|never had|"
    r"no tengo|sin|nunca he tenido) (?:any )?(?:thoughts|urges|intent|intentions|plans?|ideas|"
    r"pensamientos|intencion|ganas) (?:of|about|to|de) (?:harming|hurting|killing|harm|hurt|kill|"
    r"hacer dano|lastimar|danar) (?:a )?(?:anyone|anybody|others|other people|the baby|my baby|"
    r"him|her|them|nadie|a nadie|mi bebe|el bebe)\b" + _NOT_HEDGED,
    # a clinician's cases, and work on emergency calls
    r"\b(?:supervision|consultation|consult|supervisor|caseload|cases|clients|patients|casos|"
    r"pacientes) (?:\w+ ){0,3}?(?:involving|with|about|on|con|de|sobre) (?:\w+ ){0,2}?"
    r"(?:self ?harm\w*|suicid\w*|psychosis|psychotic \w+|autolesion\w*|psicosis)\b",
    r"\b(?:run|respond to|responding to|answer|answering|take|taking|go on|atiendo|atender) "
    r"(?:\w+ )?(?:suicide|overdose|od|suicidio|sobredosis) (?:calls|scenes|llamadas)\b",
    # psychosis in the past, now stable ("psychotic features in the past, stable on lithium now")
    r"\b(?:psychotic (?:features|episodes?|break|breaks|symptoms)|psychosis)(?: \w+){0,3}? "
    r"(?:in the past|years ago|last year|as a teen|in (?:19|20)\d\d)\b",
    r"\b(?:tuve|tuvo|he tenido|ha tenido) (?:un |una |unos |varios )?(?:episodios? psicoticos?|"
    r"brotes? psicoticos?|psicosis)(?: \w+){0,2}? (?:hace (?:\w+ )?(?:anos|meses|mucho|tiempo)|"
    r"el ano pasado|en (?:19|20)\d\d)\b",
    # someone else's attempt long ago, now well ("my sister attempted suicide last year, shes
    # doing better", "mi hermano intento suicidarse hace mucho, hoy esta bien")
    rf"\b{_REL} (?:\w+ ){{0,2}}?(?:attempted|tried|intento|trato de) (?:suicide|to kill "
    r"(?:her|him|them)self|suicidarse|matarse|quitarse la vida)\b(?=[^|]*\b(?:doing better|doing "
    r"well|doing ok|doing okay|is better|is okay|is ok|is fine|is stable|is safe|recovered|shes "
    r"better|hes better|esta bien|esta mejor|esta estable|ya esta bien|se recupero)\b)",
    r"\b(?:intento|trato de) (?:suicidarse|matarse|quitarse la vida) (?:hace (?:\w+ )?(?:anos|"
    r"mucho|tiempo)|de joven|de adolescente)\b",
    # a threat over something trivial: "im going to kill my brother if he eats my leftovers again"
    r"\b(?:kill|murder|strangle|strangling|killing|matar|mato|ahorcar) (?:\w+ ){0,2}?(?:if|when|si|"
    r"cuando) (?:he|she|they|you|my \w+|\w+) (?:\w+ )?(?:eats|eat|ate|takes|took|touches|uses|"
    r"used|borrows|steals|wears|breaks|drinks|spoils|finishes|hogs|se come|se toma|agarra|usa)"
    r"(?: \w+){0,3}? (?:my|the|our|mi|mis|el|la|los|las) (?:leftovers|food|snacks|fries|charger|"
    r"clothes|stuff|makeup|shampoo|coffee|milk|ice cream|remote|lunch|pizza|candy|chocolate|"
    r"sweater|shoes|games|xbox|playstation|comida|sobras|cargador|ropa|cosas|maquillaje|postre|"
    r"galletas|refresco)\b",
    # a teacher or parent asking about kids who joke "kms" while playing
    r"\b(?:students?|kids|children|classmates|friends|teens|players|teammates|alumnos|ninos|"
    r"chicos) (?:\w+ ){0,3}?(?:say|saying|says|said|joke about|joking about|use the word|dicen|"
    r"diciendo) (?:kms|kys|kill myself|kill yourself|me mato|matate)\b",
    r"\b(?:overdose|sobredosis) (?:awareness|prevention|prevencion|response|education|training|"
    r"reversal|kits?|day)\b",
    # hallucinations of dementia or Parkinson's, and clinicians' and helpers' own work
    r"\b(?:dementia|parkinsons?|alzheimers?|lewy body|demencia|alzheimer)\b[^|]{0,60}?\b"
    r"(?:hallucinat\w*|alucina\w*|sees things|ve cosas)",
    r"\b(?:hallucinat\w*|alucina\w*|sees things|ve cosas)\b[^|]{0,40}?\b(?:dementia|parkinsons?|"
    r"alzheimers?|lewy body|demencia|alzheimer|from (?:his|her|my|the) (?:meds|medication|"
    r"medicine))",
    r"\b(?:my|a|our) (?:client|patient|supervisee)s? (?:is|are|was|has been|became) (?:actively |"
    r"passively )?suicidal\b(?=[^|]*\b(?:supervision|consult\w*|supervisor|clinical|training)\b)",
    r"\b(?:work|works|working|worked|volunteer\w*|trabajo|trabaja) (?:\w+ ){0,2}?(?:at|in|for|en) "
    r"(?:a |an |the |un |una )?(?:domestic violence|dv|womens|crisis|abuse|rape crisis|violencia "
    r"domestica)? ?(?:shelter|hotline|center|centre|program|agency|refugio|centro|linea)\b[^|,]*",
    # Spanish imperfect: a habit in the past ("me cortaba en la prepa pero ya no")
    r"\bme (?:cortaba|lastimaba|autolesionaba|hacia dano|quemaba)\b(?![^|]*\b(?:otra vez|de nuevo|"
    r"volvi|volvieron|regresaron|ultimamente|ganas|again|back)\b)",
    # A plain denial is the seeker's own answer (see "Decisions" above): "I'm not suicidal, just
    # sad", "no suicidal thoughts", "no soy suicida". Hedges stay flagged: "not really suicidal",
    # "not actively suicidal", "not suicidal yet", "never suicidal until now".
    r"\b(?:not|never|never been|not been|no longer|isnt|arent|wasnt) suicidal\b" + _NOT_HEDGED,
    r"\b(?:no|without|without any|dont have|dont have any|do not have|never had|never had any|"
    r"havent had|havent had any|not having|not having any|no current|denies) suicidal "
    r"(?:thoughts|ideation|feelings|intent|urges)\b" + _NOT_HEDGED,
    r"\bno (?:soy|estoy|me siento) suicida\b" + _NOT_HEDGED,
    r"\b(?:no tengo|sin|nunca he tenido|nunca tuve|no he tenido) (?:ningun[ao]s? )?(?:ideas|"
    r"pensamientos|ideacion) (?:suicidas?|de suicidio)\b" + _NOT_HEDGED,
    # history stated as such, when nothing in the sentence says it is back
    r"\b(?:i |i have |ive |she |he |they )?(?:attempted|tried) (?:suicide|to kill (?:my|her|him|"
    r"them)self|to end (?:my|her|his|their) life|to take (?:my|her|his|their) (?:own )?life|"
    r"to od|to overdose)"
    r"(?: \w+){0,3}? " + _PAST + _NOT_BACK,
    r"\b(?:i |she |he |they )?used to (?:self ?harm|cut|cut myself|hurt myself|burn myself|harm "
    r"myself|be suicidal|have suicidal thoughts|think about suicide)\b" + _NOT_BACK,
    r"\b(?:self ?harmed|cut myself|was suicidal|had suicidal thoughts|attempted suicide)"
    r"(?: \w+){0,2}? " + _PAST + _NOT_BACK,
    r"\b(?:history of|past|previous|old) (?:self ?harm|self ?harming|suicide attempts?|suicidal "
    r"(?:thoughts|ideation)|cutting)\b(?! scars)" + _NOT_BACK,
    r"\b(?:antecedentes de|historial de) (?:autolesion\w*|intentos? de suicidio|ideas suicidas)\b"
    + _NOT_BACK,
    r"\b(?:self ?harm|suicide|suicidal|suicidio|autolesion) (?:risk )?(?:assessments?|screenings?|"
    r"evaluations?|evaluacion|evaluaciones)\b",
    r"\b(?:trabajo|tesis|ensayo|investigacion|tarea|proyecto|articulo|clase|exposicion) "
    r"(?:\w+ ){0,2}?(?:sobre|acerca del?|de) (?:el |la |las |los )?(?:suicidio|autolesion\w*|"
    r"sobredosis)\b",
    r"\b(?:training|trainings|course|class|certification|certified|workshop) "
    r"(?:\w+ ){0,2}?(?:on|in|for) "
    r"(?:overdose|overdoses|naloxone|narcan|opioid overdose)(?: response| reversal| prevention)?\b",
    r"\bsuicide (?:bomb\w*|vests?|attacks?|missions?|"
    r"pacts? in (?:the|a) (?:movie|film|book|show))\b",
    # helpers: supporting someone who self-harms, working in prevention
    r"\b(?:support|help|helping|supporting|talk to|talking to|ayudar a|apoyar a|hablar con) "
    r"(?:my |mi |a mi |our |a )?(?:\w+ ){0,2}?(?:who|que) (?:self ?harms?|se corta|se autolesiona|"
    r"se lastima)\b",
    r"\b(?:trabajo|trabajamos|trabaja|work|working|volunteer|volunteering|voluntari[oa]) "
    r"(?:\w+ ){0,2}?(?:en|in|at|for|con|with|on) (?:\w+ ){0,2}?(?:prevencion del suicidio|suicide "
    r"prevention|a crisis line|crisis lines|a hotline|linea de crisis|una linea de crisis)\b",
    r"\bnews (?:story|article|report|segment)(?: \w+){0,3}? "
    r"(?:murder suicides?|suicides?|overdoses?|murders?|shootings?)\b",
    r"\b(?:friend|classmate|coworker|colleague|neighbou?r|cousin|student|client|patient)s? "
    r"(?:\w+ )?(?:(?:attempted|tried) suicide|suicide attempts?)\b",
    # searches for a clinician or a group for abuse ("therapist who specializes in elder abuse",
    # "grupo de apoyo para victimas de violencia domestica"); not when the clause names the
    # writer's own people ("a therapist, my husband hits me" keeps its danger)
    r"\b(?:therapists?|therapy|counsel\w*|psycholog\w*|specialists?|clinicians?|programs?|"
    r"groups?|support groups?|training|specializ\w*|experienced|terapeutas?|terapia|psicolog\w*|"
    r"especialistas?|grupos?|grupo de apoyo|programas?|especializad[oa]s?) (?:for |in |with |who "
    r"(?:treats|works with|specializes in) |that (?:treats|works with) |para |en |de |que "
    r"(?:atiende|trabaja con) )?(?:(?!my |our |his |her |mi |mis |su )\w+ ){0,3}?(?:victims? of |"
    r"victimas? de |survivors? of |sobrevivientes? de )?(?:elder abuse|domestic violence|"
    r"abuso de ancianos|maltrato (?:a|de) ancianos|violencia domestica|violencia intrafamiliar|"
    r"abuse)"
    r"(?: (?:trauma|recovery|survivors|victims|cases))?\b",
    r"\b(?:victims|victimas) (?:of|de) (?:\w+ )?(?:domestic violence|abuse|violencia domestica|"
    r"violencia intrafamiliar|abuso|maltrato)\b",
    r"\b(?:murio|fallecio|passed away|passed|died)\b[^|]{0,40}(?:pienso|think|thinking) "
    r"(?:\w+ ){0,3}?(?:en la muerte|about death)\b",
    r"\b(?:pienso|think|thinking) (?:\w+ ){0,3}?(?:en la muerte|about death)\b[^|]{0,40}"
    r"(?:murio|fallecio|passed away|passed|died)\b",
    r"\b(?:capacitacion|taller|curso|entrenamiento) (?:\w+ ){0,2}?(?:en |de |sobre )?prevencion "
    r"del suicidio\b",
    r"\b(?:domestic violence|dv|abuse|trauma) (?:counsel\w*|therapists?|advocates?|specialists?) "
    r"for survivors\b",
    r"\b(?:work|works|working|worked) with (?:\w+ )?(?:suicidal|self ?harming) (?:patients|clients|"
    r"teens|people|youth|kids|adolescents)\b",
    r"\b(?:trabajo|trabaja|trabajamos) con (?:pacientes|personas|jovenes|adolescentes) "
    r"(?:suicidas|que se autolesionan)\b",
    r"\b(?:terapeuta|psicolog\w*|especialista|grupo|programa|terapia) (?:\w+ ){0,3}?(?:en|para|de) "
    r"(?:\w+ ){0,2}?(?:autolesion\w*|suicid\w*|conducta suicida)\b",
    # fiction: the rest of the clause is about a book, film or show
    r"\b(?:reading|watching|writing|read|watched|wrote) (?:a |an |the |this )?(?:\w+ )?"
    r"(?:book|novel|thriller|movie|film|show|series|story|documentary)\b[^|,]*",
    r"\b(?:leyendo|viendo|lei|vi|escribiendo) (?:una|un|la|el|esta|este) (?:\w+ )?"
    r"(?:novela|pelicula|serie|libro|cuento|documental)\b[^|,]*",
    r"\bvoices? in my head (?:are|is) (?:just )?(?:my )?(?:inner critic|anxiety|own thoughts|"
    r"negative self talk|self doubt)\b",
    r"\b(?:suicide|self ?harm|overdose) (?:rates?|statistics|stats|research|data|studies|trends)\b",
    r"\b(?:paper|essay|report|article|class|project|thesis|dissertation|assignment|presentation|"
    r"research|tesis|ensayo) (?:\w+ ){0,3}?(?:suicide|self ?harm|overdoses?|psychosis|intimate "
    r"partner violence|domestic violence|elder abuse|child abuse|abuse|violencia domestica|"
    r"violencia de pareja)\b",
    r"\bhelp (?:\w+ ){0,2}?(?:people|others|those|someone|teens|students|kids) "
    r"(?:who are |who feel |who |with |that are )?(?:suicidal|suicide|self ?harm\w*|in crisis)\b",
    r"\bayudar a (?:\w+ ){0,3}?(?:con pensamientos suicidas|suicidas|que se autolesionan|"
    r"que se cortan|en crisis)\b",
    r"\b(?:see|treat|treating|seeing|deal with|dealing with|respond to|responding to|reverse|"
    r"reversing) (?:\w+ ){0,2}?overdoses\b",
    r"\b(?:veo|ver|atiendo|atender|vemos|atendemos) (?:\w+ ){0,2}?sobredosis\b",
    # postpartum psychosis with an earlier pregnancy ("had postpartum psychosis with my first")
    r"\b(?:had|tuve|experienced|survived) (?:postpartum |postnatal |posparto )?(?:psychosis|"
    r"psicosis)(?: posparto)? (?:with|after|con|en|despues de|tras) (?:my|mi) (?:first|last|"
    r"previous|older|primer|primera|anterior|otro|otra|ultimo|ultima)\b(?![^|]*\b(?:again|now "
    r"pregnant|pregnant now|im pregnant|i am pregnant|expecting|due in|otra vez|de nuevo|estoy "
    r"embarazada|symptoms|sintomas|voices|voces|not sleeping|no duermo)\b)",
    r"\bhow (?:to|do i|can i|should i|do we) (?:talk|speak|explain)(?: \w+){0,4}? about "
    r"(?:suicide|self ?harm|death|overdoses?)\b",
    r"\b(?:characters?|protagonist|narrator|villain|heroine|hero)s? (?:in (?:my|the|a) (?:story|"
    r"book|novel|script|game|screenplay) )?(?:wants?|tries|tried|is going|decides?) to "
    r"(?:die|kill \w+)\b",
    r"\bhad (?:a |an )?(?:psychotic episode|psychotic break|episode of psychosis)(?: \w+){0,2}? "
    r"(?:in (?:19|20)\d\d|years ago|last year|in the past|as a teen)\b",
)


# --------------------------------------------------------------------------- what is flagged

_SUICIDE = (
    # the word itself, typos and euphemisms; "suicidio", "suicida", "suicidarme" too
    r"\bsu+i+c+i+d\w*",
    r"\b(?:suicd|sucid|suisid|suiced|sucide|suiside|suicde|siucid|suicial|sucicid|suecid|"
    r"suisaid|suisd)\w*",
    r"\bsewer ?slide\b",
    r"\bunaliv\w*",
    r"\b(?:kms|kys)\b",
    r"\bkil+(?:ing|in|s)? ?" + _ANY_SELF + r"\b(?! (?:at (?:work|the gym|school)|working|studying|"
    r"to (?:get|finish|make|meet|keep|pay|please|impress)|over (?:this|that|it|nothing)|"
    r"trying to|laughing|for (?:this|that|them|nothing|a))\b)",
    r"\b(?:hang|hanging|hung|drown|drowning|shoot|shooting|suffocate|suffocating|gas|gassing|"
    r"electrocute|electrocuting|poison|poisoning) ?" + _ANY_SELF + r"\b"
    r"(?! in the (?:foot|feet)| at the (?:range|gym)| with (?:a camera|photos))",
    r"\b(?:almost|nearly|tried to|try to|trying to|attempted to) kil+(?:ed)? ?" + _ANY_SELF,
    r"\b(?:please|just|someone|somebody) (?:\w+ )?kill me\b(?! (?:with|softly|now lol))",
    r"\b(?:i|id|i just|i really|i honestly) (?:\w+ )?(?:want|wish|hope|wanna)(?: \w+){0,3} "
    r"(?:kill|shoot) me\b",
    _CLAUSE_START + r"(?:please |just )?kill me" + _CLAUSE_END,
    rf"\b(?:end|ending|ended|take|taking|took) {_POSS} life\b",
    r"\b(?:end|ending) it all\b",
    r"\b(?:end|ending) (?:it|things|everything) (?:now|tonight|today|soon|for good|forever)\b",
    r"\b(?:want|wanna|going|gonna|thinking|think|thought|thoughts|planning|plan|ready|decided|"
    r"urge|tempted|considering)\b(?: \w+){0,3}? (?:end|ending) (?:it|things|everything|myself)\b"
    r"(?! with| between| for good with)",
    r"\b(?:dont|do not|didnt|no longer|not|never|doesnt) (?:really |even |want |really want )?"
    r"(?:want|wanna|wish|care) (?:to )?(?:live|be alive|exist|be here|wake up|go on|keep going|"
    r"keep living|continue living|be around|stay alive|living|go on living)\b"
    r"(?! (?:a|the|vacation|holiday|trip|date|dates|medication|meds|with|in|here in|there)\b)",
    _NOT + r"\b(?:want|wants|wanted|wanna|wnat|wamt|whant|wnt|wish|wishing|ready|deserve|rather|"
    r"prefer|plan|"
    r"planning|hope|longing) (?:to )?(?:just |simply |finally )?(?:die|be dead|"
    r"not exist|not be alive|disappear forever|not wake up|never wake up|sleep forever|"
    r"cease to exist|stop existing)\b(?! (?:than|my|her|his|their|the|it|of (?:laughter|"
    r"embarrassment|boredom|shame|cringe)|laughing)\b)",
    r"\b(?:i|id|ill)\b(?: \w+)? (?:wish|hope) (?:i|that i) (?:was|were|could be|would be|could|"
    r"would|was never|had never|hadnt|wouldnt|dont|didnt)\b(?: \w+)? (?:dead|die|not alive|born|"
    r"gone|exist|wake up)\b",
    r"\bwish i (?:was|were) dead\b",
    r"\bwish i could (?:die|disappear|not exist|sleep forever|stop existing)\b",
    r"\bbetter off (?:dead|without me|if i (?:was|were|wasnt|werent|died) (?:dead|gone|here|"
    r"around)?)\b",
    r"\b(?:world|everyone|everybody|family|they|theyd|people|ppl|kids) (?:\w+ )?(?:would be|"
    r"would b|is|are|d be|will be|be)? ?(?:better|happier) "
    r"(?:off )?without me\b",
    r"\b(?:knife|blade|razor|gun|pistol|cuchillo|navaja|pistola|cuchilla) (?:to|against|on|a|"
    r"contra|en) (?:my|mi|mis) (?:wrists?|throat|head|neck|chest|temple|munecas?|cuello|cabeza|"
    r"garganta|pecho|sien)\b",
    r"\b(?:use|turn|point|put) (?:it|the gun|a gun|my gun|the knife|a knife) (?:on|against|to) "
    r"(?:" + _SELF + r"|my (?:head|chest|throat|wrists?))\b",
    r"\b(?:want|wanna|need|wish|wishing) (?:it all|everything|all of it|life|my life|it) to "
    r"(?:stop|end|be over)(?: (?:forever|for good|permanently))?" + _CLAUSE_END,
    r"\b(?:want|wanna|need|wish) the pain to (?:end|stop) (?:forever|for good|permanently)\b",
    r"\b(?:no|without a|lost the|losing the|lose the|lost my|lost all) (?:reason|point|will|"
    r"desire|motivation) (?:to|in|for) (?:live|living|go on|going on|be alive|stay alive|"
    r"keep going|keep living|life)\b" + _NOT_TRAVEL,
    r"\bno will to live\b",
    r"\b(?:nobody|no one|noone|no1) (?:would|will|is going to|gonna|would even|will even) "
    r"(?:miss|notice|care about) (?:me )?(?:if|when) i (?:die|died|was gone|were gone|"
    r"disappeared|killed myself)\b",
    r"\bwhy (?:am i|im|i am) (?:even |still )+(?:alive|here|breathing)\b",
    r"\b(?:dont|cant|do not|can not|cannot|no longer) see (?:the |any )?(?:point|reason|purpose)"
    r" (?:of|in|to) (?:going on|go on|living|live|life|anything|being alive|carrying on|"
    r"continuing|waking up|it all|trying|existing|staying alive)\b",
    r"\b(?:whats|what is|is there) (?:the |a |any )?point (?:of|in|to) (?:living|life|going on|"
    r"being alive|existing|waking up|staying alive)\b",
    r"\bno point (?:in )?(?:living|going on|being alive|carrying on|waking up|existing)\b"
    r"(?! (?:a|the|vacation|holiday|trip|date|dates|with|about|and on|in|here)\b)",
    r"\b(?:tired|sick|exhausted|done|finished) (?:of|with) (?:being alive|living|life|existing|"
    r"being here|everything and everyone|waking up)\b(?! (?:with|in|at|here|there|like|paycheck|"
    r"alone|so far|near|on|under|without|off|coach|coaching|insurance|skills|lessons|hacks)\b)",
    r"\bnot worth living\b",
    r"\blife (?:isnt|is not|aint|feels not|is no longer|no longer feels) worth\b",
    r"\b(?:cant|can not|cannot) (?:go on|keep going|take it anymore|take this anymore|"
    r"live like this|do this anymore|keep living)\b"
    r"(?! (?:a|the|vacation|holiday|trip|date|dates|medication|meds|with)\b)",
    r"\b(?:and|to|just|would|could|want to|wanna) (?:never|not) wake up\b",
    r"\b(?:want to|wanna|wish i could|wish to|going to|gonna) (?:just )?disappear\b"
    r"(?! (?:from|into|for a))",
    r"\b(?:wont|will not|not) be (?:here|around) (?:anymore|much longer|tomorrow)\b",
    r"\bdont want to be here anymore\b",
    r"\b(?:goodbye|final|farewell) (?:letter|note)s?\b",
    # plans and means
    r"\b(?:saving|saved|save|stockpil\w*|hoard\w*|collecting|stashing|storing|hiding|keeping) "
    r"(?:up )?(?:all )?(?:my |the |some |of |her |his )?(?:\w+ )?" + _PILLS + r"\b"
    r"(?! (?:for (?:later|emergencies|travel|my trip)|in (?:a|the) (?:safe|cabinet)))",
    r"\b(?:overdos\w*|od on|od ing|odd on|od with)\b",
    r"\b(?:tried|try|trying|attempted|want|wanna|going) to (?:od|o d)\b",
    r"\b(?:take|swallow|swallowing|taking) (?:all |a bunch of |a lot of |too many |lots of "
    r"|the whole |every )(?:my |the |of my |of the )?(?:\w+ )?" + _PILLS + r"\b"
    r"(?! (?:at once )?(?:in the morning|every|each|daily|at night|as prescribed|with food|"
    r"together|at the same time|before bed|on time|like (?:i|im) supposed))",
    r"\b" + _PILLS + r" (?:\w+ ){0,2}?(?:on purpose|intentionally|deliberately|to die|to end it|"
    r"to end my life|to kill myself|to sleep forever|and not wake up)\b",
    r"\b(?:lethal|fatal|deadly) (?:dose|amount)\b",
    r"\bhow (?:many|much) (?:\w+ ){0,3}?(?:would it take to|does it take to|it takes to|to|would|"
    r"will) "
    r"(?:kill|die|overdose|od|be fatal|be lethal)\b",
    r"\b(?:painless|easiest|quickest|quick|best|fastest|surest) (?:way|ways|method|methods) "
    r"(?:to|of) (?:die|dying|kill|end|go)\b",
    r"\bhow (?:to|do i|can i|do you) (?:die|kill " + _SELF + r"|end (?:my life|it all)|"
    r"hang " + _SELF + r"|overdose)\b",
    r"\bjump\w* (?:off|from|in front of) (?:a |the |my |our )?(?:bridge|building|roof|cliff|"
    r"balcony|train|car|truck|window|overpass|tower|parking garage)\b",
    r"\bnoose\b",
    r"\bgun to my head\b",
    r"\b(?:drink|drinking|swallow) (?:some )?(?:bleach|antifreeze|poison|drano)\b",
    r"\bgiving away (?:all )?my (?:stuff|things|belongings|possessions|pets)\b"
    r"(?![^|]*\b(?:moving|move|charity|goodwill|donat\w*|declutter\w*|yard sale|garage sale)\b)",
    r"\b(?:have|got|made|making|with) a plan (?:to|for|of) (?:die|dying|end|ending|how)\b",
    r"\b(?:thoughts?|thinking|think|thought|fantasi\w*|obsess\w*|dream\w*) (?:a lot )?(?:of|about)"
    r" (?:death|dying|being dead|not existing|not being here|killing " + _SELF + r"|ending it|"
    r"ending my life|not waking up|wanting to die)\b",
    r"\b(?:passive|active) si\b",
    r"\bsi thoughts\b",
    # concern for someone else, in the third person ("killing herself" is alive; see _BEREAVED)
    rf"\b(?:kill|killing|kills|end|ending) {_THEM}\b",
    r"\b(?:talks?|talking|talked|threaten\w*|mention\w*|speaks?|speaking|posts?|posting|"
    r"writes?|writing|joking|jokes) (?:a lot |alot |again |constantly |often )?(?:about|of) "
    r"(?:dying|wanting to die|ending it|not being here|not being around|not being alive|not "
    r"existing|disappearing forever|not wanting to live|death|killing (?:him|her|them)self|not "
    r"waking up|being better off dead)\b",
    # Spanish
    r"(?<!no )(?<!no me )\b(?:quiero|kiero|qiero|keiro|quero|quisiera|deseo|voy a|pienso en|"
    r"pensando en|"
    r"tengo ganas de|ganas de|quise|he pensado en|planeo|prefiero|preferiria|necesito|queria) "
    r"(?:me )?(?:morir|morirme|matarme|suicidarme|quitarme la vida|desaparecer(?: para siempre)?|"
    r"dejar de existir|estar muert[oa]|no existir|no despertar|acabar con mi vida|terminar con "
    r"mi vida|dormir para siempre)\b(?! (?:de|del|de la|por) (?:risa|ganas|hambre|sueno|"
    r"frio|calor|verguenza|aburrimiento|cansancio|amor|redes|las redes|internet|instagram|"
    r"facebook|tiktok|la oficina|ir|ver|verte|saber|grupo|chat|whatsapp|mapa)\b)"
    r"(?<!voy a morir)(?<!voy a morirme)",
    r"(?<!no )\bme (?:quiero|kiero|queria|voy a|pienso) (?:morir|matar|suicidar|quitar la vida)\b"
    r"(?! (?:de|del|de la|por) (?:risa|ganas|hambre|sueno|frio|calor|verguenza|aburrimiento|"
    r"cansancio|ir|ver|verte|saber)\b)(?<!voy a morir)",
    r"(?<!no )\b(?:quiere|quieren|queria|quiera|piensa en|habla de|hablando de|amenaza con|"
    r"amenazo con|dice que quiere|trato de|intento) (?:morir(?:se)?|matarse|suicidarse|"
    r"quitarse la vida|desaparecer|dejar de existir|estar muert[oa]|no despertar|la muerte)\b",
    r"(?<!no )\bse (?:quiere|queria|va a|iba a|quiso|piensa) (?:matar|suicidar|quitar la vida)\b"
    r"(?! (?:trabajando|estudiando)\b)",
    r"\bse (?:quiere|queria) morir\b(?! (?:de|del) )",
    r"\b(?:ya )?no (?:quiero|kiero|deseo|tengo ganas de|quisiera|quiere|queria) (?:seguir )?"
    r"(?:vivir|viviendo|existir|estar aqui|estar en este mundo|despertar|despertarme|"
    r"seguir adelante|seguir con vida|estar vivo|estar viva)\b",
    r"\b(?:no vale la pena|no tiene sentido|para que) (?:seguir )?(?:vivir|viviendo|seguir vivo|"
    r"seguir viva|la vida)\b",
    r"\bla vida no vale la pena\b",
    r"\b(?:quisiera|ojala|desearia|preferiria) no (?:haber nacido|hubiera nacido|existir|"
    r"estar aqui|estar viv[oa])\b",
    r"\b(?:seria|es|estaria|sera) mejor (?:no estar|no existir|desaparecer|morir|morirme|"
    r"no despertar)\b",
    r"\b(?:cansad[oa]|hart[oa]|agotad[oa]) de (?:vivir|la vida|existir|estar viv[oa]|seguir "
    r"viv[oa])\b",
    r"\b(?:estaria|estarian|estarias|estariamos|estarian todos|estaria mejor) mejor "
    r"(?:muert[oa]|sin mi)\b",
    r"\bmejor (?:estar |estaria |estuviera )?muert[oa]\b",
    r"\b(?:todos|mi familia|mis hijos|el mundo|ellos) (?:\w+ )?(?:estarian|estaria|estan|"
    r"serian|vivirian) mejor sin mi\b",
    r"\bojala (?:estuviera muert[oa]|estar muert[oa]|no despertar|no despierte|no despertara|"
    r"me muera|me muriera|muriera|no existiera|no hubiera nacido|desaparecer)\b",
    r"\b(?:dormir|dormirme) y no (?:volver a )?despertar\b",
    r"\bno (?:volver a )?despertar(?:me)? (?:nunca|jamas|mas)\b",
    r"\b(?:terminar|acabar) con todo\b",
    r"\b(?:ya )?no (?:aguanto|soporto|puedo) mas\b(?= ?(?:$|[|,])| (?:con )?(?:la|esta|mi) vida"
    r"| vivir)",
    r"\bya no (?:aguanto|puedo)\b" + _CLAUSE_END,
    r"\b(?:tirarme|aventarme|lanzarme|me voy a tirar|me tiro) (?:de|desde|del|por|al|a|frente a|"
    r"frente al|bajo|debajo del?) (?:un |el |la |una )?(?:puente|edificio|techo|azotea|balcon|"
    r"ventana|tren|metro|vias|camion|carro|coche|acantilado)\b",
    r"\b(?:ahorcarme|colgarme del?|me voy a ahorcar|cortarme las venas|pegarme un tiro|"
    r"darme un tiro|tomar veneno|tomarme el veneno)\b",
    r"\b(?:juntando|guardando|acumulando|ahorrando|junte|guarde|escondiendo|junto|guardo) "
    r"(?:\w+ ){0,2}?" + _PASTILLAS + r"\b",
    r"\b(?:tomarme|tomar|me voy a tomar|voy a tomar|tragarme|tragar) (?:todas (?:las|mis)|"
    r"un frasco de|una caja de|un monton de|muchas|demasiadas) (?:\w+ )?" + _PASTILLAS + r"\b",
    r"\b(?:carta|nota|mensaje) de despedida\b",
    r"\b(?:pensamientos?|ideas?|ideacion) (?:\w+ )?(?:suicidas?|de muerte|de morir|de morirme|"
    r"de matarme|de quitarme la vida|de suicidio|de no despertar|de desaparecer)\b",
    r"\b(?:pienso|pensando|piensa|pense) (?:mucho |todo el tiempo |a veces )?en (?:la muerte|"
    r"morir|morirme|matarme|suicidarme|quitarme la vida|no despertar|desaparecer)\b",
    r"\b(?:como|forma de|maneras? de) (?:morir sin dolor|matarme|suicidarme|quitarme la vida)\b",
    r"\bsobredosis\b(?! (?:accidental|de un amigo))",
)

_SELF_HARM = (
    r"\bself ?(?:harm|harming|harmed|injur\w*|mutilat\w*|hurt|hurting|destruct\w*)",
    r"\bselfharm\w*",
    r"\bnssi\b",
    r"\bsh (?:urges|relapse|scars|again|wounds|cuts)\b",
    r"\b(?:cut|cutting|cuts|burn|burning|burns|burned|burnt|hurt|hurting|hurts|harm|harming|"
    r"harms|hit|hitting|hits|punch|punching|scratch|scratching|bang|banging|choke|choking|"
    r"strangle|strangling|poison|poisoning|poisoned|bruise|bruising|bite|biting|carve|carving|"
    r"stab|stabbing|stabbed) ?" + _ANY_SELF + r"\b"
    r"(?! in the foot| at the gym| at work| playing| lifting| running| working out| exercising|"
    r" skiing| falling| cooking| shaving| by accident| accidentally| on the)",
    r"\bself harms? (?:herself|himself|themselves)\b",
    r"\b(?:harm|danger|risk) to (?:" + _SELF + r"|self)\b",
    r"\b(?:i|been|started|start|keep|still|stop|stopped|quit|relapsed|relapse|urge|urges|"
    r"used to|urge to|the urge to|hes|shes|is|has been) (?:\w+ )?cutting\b"
    r"(?! (?:carbs|sugar|back|down|out|off|weight|hair|costs|ties|class|school|corners|edge|"
    r"board|boards|grass|wood|paper|fabric|coupons|calories|people|gluten|dairy|alcohol|meat|"
    r"my hair|the cord|his hair|her hair|them off|it close)\b)",
    _CLAUSE_START + r"cutting" + _CLAUSE_END,
    r"\bi (?:still |sometimes |often |just |always )?cut(?: again| myself)?" + _CLAUSE_END,
    r"\bcutting (?:again|scars|urges|habit|addiction|my (?:arms?|wrists?|legs?|thighs?|skin|"
    r"stomach))\b",
    r"\bcut (?:my |her |his |their )?(?:wrists?|arms?|thighs?|skin|veins?|stomach)\b",
    r"\bslit\w* (?:my |her |his )?(?:wrists?|throat)\b",
    r"\b(?:bang|banging|hit|hitting) (?:my|his|her) head (?:against|on|into) (?:the )?"
    r"(?:wall|walls|floor|door)\b",
    r"\b(?:razor|razors|blade|blades|razor blades) (?:\w+ ){0,2}?(?:cut|cutting|on my|to my)\b",
    r"\b(?:burn|burning|burned) (?:my|her|his) (?:\w+ )?(?:with|using) (?:a )?(?:cigarette|"
    r"cigarettes|lighter|lighters|matches)\b",
    # Spanish
    r"\bauto ?lesi\w*",
    r"\bauto ?(?:dan|danio)\w*",
    r"\b(?:me|se) (?:corto|corte|cortaba|esta cortando|estoy cortando|he cortado|ha cortado|"
    r"sigo cortando|sigue cortando|corta)\b(?! (?:(?:el|la|los|las|mi|mis|un|una|su) (?:\w+ )?"
    r"(?:pelo|cabello|unas|fleco|flequillo|barba|dedo|dedos|mano|papel|pan|carne|verdura|"
    r"cebolla|luz|internet|llamada|senal|agua|gas|video|conexion|wifi)|con un papel|cocinando|"
    r"afeitando|jugando|sin querer|por accidente)\b)",
    r"\b(?:cortarme|cortarse)\b(?! (?:el|la|los|las|mi|mis|un|una|su) (?:\w+ )?(?:pelo|cabello|"
    r"unas|fleco|flequillo|barba|dedo|dedos|mano)\b)",
    r"\b(?:hacerme|me hago|me hice|me estoy haciendo|me sigo haciendo|hacerse|se hace|se hizo|"
    r"se esta haciendo) (?:dano|danio|heridas|cortes|cortaduras|quemaduras)\b"
    r"(?! (?:en|al|jugando|corriendo|entrenando|con la|con el)\b)",
    r"\b(?:lastimarme|me lastimo|me lastime|me estoy lastimando|lastimarse|se lastima|"
    r"me quemo|me queme|me golpeo|me golpee|me pego|me rasguno|me araño|me arano|se golpea|"
    r"se quema)(?: (?:en )?(?:la|mi) cabeza(?: contra (?:la|las) pared(?:es)?)?)? "
    r"(?:a proposito|sola|solo|yo mism[oa]|intencionalmente|adrede|cuando|con cigarros|"
    r"para (?:sentir|no sentir|castigarme|calmarme)|"
    r"con (?:un |el )?(?:encendedor|cigarro|cuchillo|navaja))\b",
    r"\b(?:quiero|ganas de|necesito|tengo ganas de|impulsos? de|urge) (?:lastimarme|hacerme dano|"
    r"cortarme|quemarme|golpearme|herirme)\b(?! (?:el|la|los|las|mi|mis) (?:\w+ )?(?:pelo|cabello|"
    r"unas|fleco|flequillo|barba|puntas)\b)",
    r"\bme (?:quiero|kiero|voy a|dan ganas de|dieron ganas de|queria) (?:volver a )?"
    r"(?:cortar|lastimar|quemar|golpear|hacer dano|herir)\b(?! (?:el|la|los|las|mi|mis|un|una) "
    r"(?:\w+ )?(?:pelo|cabello|unas|fleco|flequillo|barba|dedo|mano)\b)",
)

_HARM_OTHERS = (
    r"\bhomicidal\w*",
    r"\b(?:want|wanna|wants|going|gonna|urge|urges|plan|planning|tempted|afraid i (?:will|might|"
    r"could|would)|scared i (?:will|might|could|would)|thinking about|think about|thoughts? "
    r"(?:of|about)|fantasi\w* about|(?:telling|tell|tells|told|ordering|commanding) me) "
    r"(?:to )?(?:\w+ )?(?:kill|killing|hurt|hurting|harm|harming|stab|stabbing|shoot|shooting|"
    r"attack|attacking|strangle|strangling|murder|murdering) (?:someone|somebody|people|others|"
    r"other people|everyone|everybody|a person|anyone|them all|strangers)\b",
    # a named person only with wording beyond venting ("I want to kill my boss" is venting)
    r"\b(?:plan|planning|planned|urges?|thinking about|think about|afraid i (?:will|might|could|"
    r"would)|scared i (?:will|"
    r"might|could|would)|thoughts? (?:of|about)|fantasi\w* about|(?:telling|tell|tells|told|"
    r"ordering|commanding) me) (?:to )?(?:\w+ )?(?:kill|killing|hurt|hurting|harm|harming|stab|"
    r"stabbing|shoot|shooting|strangle|strangling|murder|murdering|poison|poisoning) (?:my|her|"
    r"his) (?:\w+ )?(?:boss|coworkers?|classmates?|teachers?|family|roommate|neighbou?rs?|"
    r"husband|wife|partner|boyfriend|girlfriend|parents?|mom|mother|dad|father|brother|sister|"
    r"ex)\b",
    r"\b(?:shoot up|bomb|blow up) (?:my |the |a |our )?(?:school|office|work|workplace|church|"
    r"mall|class|campus)\b",
    r"\b(?:want|wanna|going|gonna|plan|planning|will) (?:to )?(?:hurt|harm|kill|drown|smother|"
    r"shake|suffocate|hit) (?:my|the|our) (?:\w+ )?" + _KID + r"\b(?!s? feelings)",
    # Spanish
    r"\b(?:quiero|ganas de|voy a|pienso en|pensamientos de|tengo ganas de|impulsos? de|planeo|"
    r"me dicen que|me ordenan que) (?:matar|lastimar|herir|hacerle dano|hacer dano|danar|atacar|"
    r"apunalar|disparar|mate|lastime|haga dano)(?: a)? (?:alguien|la gente|gente|otros|otras "
    r"personas|todos|todo el mundo|mi jefe|mi esposo|mi esposa|mi pareja|mi familia|mis "
    r"companeros|mi vecino|mi vecina)\b",
    r"\bvoces que me (?:dicen|ordenan|piden|mandan) (?:que )?(?:mate|lastime|haga dano|ataque|"
    r"matar|lastimar|hacer dano|atacar)\b",
    r"\b(?:quiero|voy a|planeo) (?:lastimar|hacerle dano|matar|ahogar|asfixiar|golpear) "
    r"(?:a )?(?:mi|mis) " + _KID + r"\b",
)

_INTRUSIVE = (
    r"\b(?:scared|afraid|terrified|worried|worry|fear|fears|fearing|frightened|panic\w*|what if|"
    r"intrusive|unwanted|horrible|scary|awful|dark|bad|sudden|random|images?|pictures?|visions?|"
    r"thoughts?|thinking|imagin\w*|flashes|urges?|keep seeing|keep picturing) (?:\w+ ){0,6}?"
    r"(?:hurt|hurting|harm|harming|drop|dropping|drown|drowning|stab|stabbing|smother|"
    r"smothering|shake|shaking|suffocat\w*|kill|killing|throw|throwing|strangl\w*|hit|hitting|"
    r"abuse|abusing|snap|snapping) (?:\w+ ){0,1}?(?:my|the|our) (?:\w+ )?"
    + _KID
    + r"\b(?!s? feelings| off\b| to school| at school| at daycare)",
    r"\b(?:scared|afraid|terrified|frightened) (?:to be|of being) (?:left )?alone with (?:my|the|"
    r"our) (?:\w+ )?" + _KID + r"\b",
    r"\bintrusive (?:\w+ )?(?:thoughts?|images?|urges?) (?:\w+ ){0,3}?(?:of|about) (?:hurting|"
    r"harming|killing|stabbing|drowning|pushing|attacking)\b",
    r"\b(?:harm|violent) ocd\b",
    # a new baby named only as "her" or "him": "3 weeks postpartum and I picture smothering her"
    r"\b(?:post ?partum|postnatal|newborn|new baby|posparto|recien nacid[oa])\b[^|]{0,60}?\b"
    r"(?:picture|picturing|imagine|imagining|images? of|visions? of|see myself|thoughts? of|"
    r"keep seeing|me imagino|imagino|imagenes de|pienso en) (?:\w+ ){0,2}?(?:smother\w*|drown\w*|"
    r"stab\w*|suffocat\w*|shak\w*|drop\w*|throw\w*|hurt\w*|harm\w*|ahogar\w*|asfixiar\w*|"
    r"lastimar\w*|tirar\w*|soltar\w*) (?:her|him|them|it|la|lo)\b",
    # Spanish
    r"\b(?:miedo|temor|terror|pensamientos?|ideas?|imagenes|imagino|me imagino|pienso|y si|"
    r"que tal si|me asusta|intrusiv\w*) (?:\w+ ){0,6}?(?:lastimar|lastime|lastimarlo|lastimarla|"
    r"hacerle dano|hacer dano|le haga dano|danar|dane|ahogar|ahogue|tirar|tire|dejar caer|"
    r"deje caer|sacudir|asfixiar|matar|mate|golpear|apunalar) (?:a )?(?:mi|mis|el|la|los) "
    + _KID
    + r"\b",
)

_ABUSER = (
    r"(?:(?:my|her|his|our|their|mi|su) (?:\w+ )?(?:husband|hubby|wife|partner|boyfriend|"
    r"girlfriend|bf|gf|fiance|fiancee|ex|spouse|dad|father|mom|mother|mum|stepdad|stepfather|"
    r"stepmom|stepmother|parents?|brother|sister|uncle|aunt|grandpa|grandfather|family|roommate|"
    r"caregiver|carer|babysitter|coach|pastor|priest|landlord)|he|she|they)"
)
_ABUSE = (
    _ABUSER + r" (?:\w+ ){0,3}?(?:hits|hitting|beats|beating|punches|punched|punching|kicks|"
    r"kicked|kicking|slaps|slapped|slapping|chokes|choked|choking|strangles|strangled|"
    r"strangling|shoves|shoved|throws things at|abuses|abused|abusing|rapes|raped|raping|"
    r"molests|molested|molesting|threatens|threatened|threatening|stalks|stalked|stalking|"
    r"attacks|attacked|burns|burned|bruises|smacks|smacked|grabs|chokes|hurts|hurt) "
    r"(?:me|us|her|him|them)\b(?! (?:up|at|in (?:a|the) (?:game|race)|to it|emotionally)\b)",
    _ABUSER + r" (?:\w+ ){0,3}?(?:hit|beat) (?:me|us|her|him)\b"
    r"(?! (?:up|at|in (?:a|the) (?:game|race)|to it|by)\b)",
    _ABUSER + r" (?:\w+ ){0,3}?(?:is|has been|gets|can be|becomes|is being|was) (?:\w+ )?"
    r"(?:abusive|violent|physical with me)\b",
    r"\b(?:being|been|am|im|getting|get|got|are) (?:\w+ )?(?:abused|beaten|beat up|molested|"
    r"raped|sexually assaulted|assaulted|choked|strangled|trafficked)\b"
    r"(?! (?:by (?:a|the) (?:car|ball|bus|truck|bike|wave)|at (?:chess|cards|poker|games?|pool|"
    r"basketball|tennis|mario kart|the game))\b)",
    r"\b(?:abusive|violent) (?:\w+ )?(?:husband|wife|partner|boyfriend|girlfriend|relationship|"
    r"marriage|home|household|parents?|dad|father|mom|mother|stepdad|stepfather|spouse|ex|bf|gf)"
    r"\b",
    r"\b(?:domestic|family|intimate partner|partner|dating|relationship) (?:violence|abuse)\b",
    r"\b(?:not|never|dont feel|do not feel|dont|no longer|dont ever feel) (?:\w+ )?safe "
    r"(?:at home|in (?:my|our) (?:own )?(?:home|house|apartment)|at (?:my|our) (?:house|place)|"
    r"with (?:my (?:\w+ )?(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|dad|father|mom|"
    r"mother|stepdad|stepfather|family|ex)|him|her))\b",
    r"\bunsafe (?:at home|in (?:my|our) (?:own )?(?:home|house)|with (?:my|him|her))\b",
    r"\b(?:afraid|scared|terrified|frightened) (?:of|to go home to|to go home|to be at home with|"
    r"of going home to) (?:my (?:\w+ )?(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|"
    r"stepdad|stepfather|ex)|him|going home)\b",
    r"\b(?:threatens|threatened|threatening|said|says|told me) (?:\w+ )?(?:to |he will |she will "
    r"|hell |shell |he would |she would |hed |shed )?(?:kill|hurt|take the kids|take my kids)"
    r" (?:me|us|my)\b",
    _ABUSER + r" (?:\w+ ){0,3}?(?:wants|want|is going|going|gonna|will|would|threatens|"
    r"threatened|tried|try|trying|is trying|keeps threatening) to (?:kill|hurt|murder|strangle|"
    r"shoot|stab|choke) (?:me|us)\b" + _NOT_TRIVIAL,
    r"\b(?:afraid|scared|terrified|worried|fear) (?:that )?(?:he|hes|she|shes|they|theyre|my \w+)"
    r" (?:\w+ ){0,2}?(?:going to|gonna|will|might|is going to|wants to|could) (?:kill|hurt|murder|"
    r"strangle|shoot|stab|choke) (?:me|us|my)\b" + _NOT_TRIVIAL,
    r"\b(?:de que|que) (?:\w+ ){0,3}?me (?:mate|matara|va a matar|vaya a matar|quiera matar|"
    r"haga dano|pegue|golpee)\b",
    r"\b(?:wont let me|doesnt let me|does not let me|never lets me) (?:leave|go out|see my "
    r"(?:friends|family)|have (?:any )?money|have my phone|talk to anyone)\b",
    r"\b(?:he|she|they|someone|somebody) (?:\w+ )?(?:raped|molested|sexually assaulted) me\b",
    # a sexual assault the text dates as recent
    r"\b(?:was|were|got|been|fui|me|i was) (?:\w+ )?(?:raped|sexually assaulted|assaulted|"
    r"drugged and raped|violada|violado|abusada|abusado|violaron|abusaron) (?:\w+ ){0,3}?"
    r"(?:last night|yesterday|today|tonight|this morning|this weekend|a few hours ago|an hour ago|"
    r"anoche|ayer|hoy|esta manana|este fin de semana|hace (?:unas )?horas|hace rato)\b",
    r"\b(?:touches|touched|touching) me (?:inappropriately|down there|sexually|when i dont)\b",
    # Spanish
    r"\b(?:mi|su) (?:\w+ )?(?:esposo|marido|pareja|novio|novia|esposa|ex|papa|padre|mama|"
    r"madre|padrastro|madrastra|hermano|tio|abuelo|suegro|suegra) (?:\w+ ){0,2}?(?:me|la|lo|nos|"
    r"le) (?:pega|golpea|maltrata|amenaza|viola|abusa|ahorca|patea|empuja|lastima|pego|golpeo|"
    r"violo|ahorco|pateo|quiere matar|va a matar|encierra|encerro|cachetea|jalonea)\b",
    r"\bme (?:pega|golpea|maltrata|ahorca|patea|viola|encierra|cachetea|jalonea|amenaza con "
    r"(?:matarme|quitarme a mis hijos|pegarme|golpearme|hacerme dano))\b",
    r"\b(?:quiere|va a|amenaza con|amenazo con) (?:matarme|pegarme|golpearme|hacerme dano|"
    r"quitarme a (?:mis|los) ninos)\b",
    r"\bviolencia (?:domestica|familiar|intrafamiliar|de genero|de pareja|en (?:el hogar|casa))\b",
    r"\bno (?:estoy|me siento|estamos|nos sentimos) (?:\w+ )?(?:segura|seguro|seguros|seguras|"
    r"a salvo) (?:en (?:mi |la |mi propia )?casa|con (?:mi )?(?:esposo|pareja|marido|novio|"
    r"novia|esposa|papa|padre|padrastro|el|ella))\b",
    r"\b(?:tengo miedo|me da miedo|miedo) (?:de|a) (?:mi )?(?:esposo|pareja|marido|novio|"
    r"padrastro|regresar a casa|volver a casa)\b(?! (?:tarde|sola|solo|de noche|en la noche|"
    r"por la noche|de|del|caminando)\b)",
    r"\b(?:me|la|nos) (?:violo|violaron|abuso sexualmente|abusaron)\b",
    r"\b(?:relacion|pareja|esposo|marido|novio|hogar) (?:\w+ )?(?:abusiv[oa]|violent[oa])\b",
    r"\b(?:me esta|me estan) (?:maltratando|golpeando|pegando|abusando)\b",
)

_ABUSE_CHILD = (
    r"\b(?:my|our|her|his|their) (?:\w+ )?" + _KID + r" (?:\w+ ){0,2}?(?:is|was|are|were|has been|"
    r"have been|being|gets|got|keeps getting|is getting) (?:\w+ )?(?:abused|molested|hit|beaten|"
    r"touched|assaulted|raped)\b(?! (?:by (?:a|the) (?:car|ball|bus|truck|bike|pitch)|at)\b)",
    r"\b(?:abusing|molesting|hitting|beating|touching|raping) (?:my|our|her|his|their) "
    r"(?:\w+ )?" + _KID + r"\b",
    _ABUSER + r" (?:\w+ ){0,3}?(?:hits|beats|abuses|molests|touches|hurts|burns|chokes|kicks|"
    r"slaps|punches|abused|molested|touched|raped) (?:my|our) (?:\w+ )?" + _KID + r"\b",
    r"\b(?:my|our) (?:dad|father|mom|mother|mum|stepdad|stepfather|stepmom|stepmother|parents)"
    r" (?:\w+ ){0,3}?(?:hits|beats|punches|kicks|slaps|chokes|burns|molests|touches|abuses|"
    r"hit|beat) me\b(?! (?:up|at|in (?:a|the) (?:game|race)|to it)\b)",
    r"\bchild (?:abuse|neglect|sexual abuse|molestation)\b",
    r"\bi (?:hit|beat|hurt|slap|shake|shook) (?:my|our) (?:\w+ )?" + _KID + r"\b"
    r"(?! (?:\w+ )?(?:feelings|by accident|accidentally))",
    # Spanish
    r"\b(?:abusa|abuso|abusan|maltrata|maltratan|golpea|golpean|pega|toca|toco|viola|violo) "
    r"(?:de |a )?(?:mi|mis|nuestro|nuestra|nuestros|su) " + _KID + r"\b",
    r"\b(?:mi|mis|nuestro|nuestra) " + _KID + r" (?:\w+ ){0,2}?(?:es|fue|esta siendo|ha sido|sufre)"
    r" (?:\w+ )?(?:abusad[oa]s?|maltratad[oa]s?|golpead[oa]s?|violad[oa]s?|tocad[oa]s?)\b",
    r"\b(?:maltrato|abuso) (?:infantil|de menores|sexual infantil|a (?:un|una|mi) "
    r"(?:nino|nina|hijo|hija|menor))\b",
    r"\bmi (?:papa|padre|mama|madre|padrastro|madrastra|tio|abuelo|primo|hermano) "
    r"(?:\w+ )?(?:abusa de mi|abuso de mi|me toca|me toco|me viola|me violo|me manosea)\b",
    r"\bmi (?:papa|padre|mama|madre|padrastro|madrastra) (?:\w+ )?me (?:pega|golpea|maltrata|"
    r"toca|viola|abusa|quema|ahorca|patea)\b",
)

_PSYCHOSIS = (
    r"\b(?:hearing|hear|heard|hears|hearin|keep hearing) (?:\w+ )?voices?\b"
    r"(?! (?:message|messages|mail|note|notes|memo|recording|over|actor|actors)\b)(?! (?:of|from) "
    r"(?:the|my|her|his) (?:neighbou?rs?|kids|next door|hallway|tv|late|dead|deceased|"
    r"hearing aids?|radio|phone|speakers?|headphones))"
    r"(?!(?: \w+){0,4} in (?:my|her|his|their) dreams)"
    r"(?!(?: \w+){0,6}(?: ,)? (?:it was|turned out to be|was just|were just) "
    r"(?:just )?(?:the|my|a) )",
    r"\bvoices? (?:in|inside) (?:my|his|her|their) head\b",
    r"\bvoices? (?:\w+ ){0,2}?(?:telling|tell|tells|told|talking to|talk to|say|says|saying|"
    r"command\w*|order\w*) (?:me|him|her|them)\b",
    r"\b(?:seeing|see|saw|sees) (?:\w+ )?(?:things|people|shadows|figures|bugs|demons|faces|"
    r"spiders|snakes) (?:that |which |who )?(?:\w+ )?(?:arent|are not|werent|isnt|nobody else|"
    r"no one else|others cant|other people cant|dont exist|do not exist)\b(?!(?: \w+)? (?:business|"
    r"problem|problems|fault|concern|job|type|thing|style|taste|friends)\b)",
    r"\bhallucinat\w*",
    r"\b(?:having|have|had|with|experiencing) (?:\w+ )?delusions\b",
    r"\bparanoid delusions?\b",
    r"\b(?:psychotic|psychosis) (?:episode|break|breakdown|break down|symptoms|features|"
    r"relapse|episodes|state|thoughts)\b",
    r"\b(?:having|had|in|experiencing|going into|going through|im|i am|is|are|think i have|"
    r"think im|currently|became|becoming|turning|gone|went) (?:a |an |full |full blown |"
    r"drug induced )?(?:psychotic|psychosis)\b",
    r"\bfirst episode (?:of )?psychosis\b",
    r"\b(?:the government|government|fbi|cia|nsa|the police|aliens|satellites?|the devil|satan|"
    r"demons?|the mafia|everyone|everybody|people|they|my neighbou?rs?) (?:\w+ ){0,2}?(?:is|are)?"
    r" ?(?:\w+ )?(?:following|spying on|tracking|poisoning|monitoring|bugging|controlling|"
    r"watching|after|out to get|plotting against|conspiring against|reading|listening to|"
    r"hacking|sending messages to|talking to|implanted|put \w+ in) (?:me|my (?:thoughts|mind|"
    r"brain|food|water|phone|house|body))\b(?<!everyone is watching me)"
    r"(?<!everybody is watching me)(?<!people are watching me)(?<!people watching me)"
    r"(?<!are talking to me)(?<!is talking to me)",
    r"\b(?:microchip|micro chip|chip|implant|tracker|tracking device|camera|cameras|wire|"
    r"transmitter)s? (?:\w+ ){0,3}?(?:in|inside|under) (?:my|me) ?(?:body|brain|head|skin|"
    r"teeth|tooth|arm|neck)?\b(?<!in my phone)",
    r"\b(?:put|planted|implanted|inserted) (?:a |an )?(?:microchip|chip|implant|tracker|"
    r"tracking device|device|transmitter) (?:in|inside|into) (?:me|my)\b",
    r"\b(?:reading|stealing|controlling|broadcasting|inserting|putting thoughts (?:in|into)|"
    r"hearing) my (?:mind|thoughts|brain)\b(?<!hearing my mind)",
    r"\b(?:thoughts|messages) (?:are )?(?:being )?(?:put|inserted|broadcast|broadcasted) "
    r"(?:in|into|from) my (?:head|mind|brain)\b",
    r"\b(?:tv|television|radio|the news|songs|billboards|license plates) (?:is |are )?"
    r"(?:(?:talking|speaking|sending (?:messages|signals)) (?:to|about) me|(?:sending|giving) me "
    r"(?:secret )?(?:messages|signals|signs))\b",
    r"\b(?:losing|lost|lose) (?:touch|contact|my grip) (?:with|on) reality\b",
    r"\b(?:dont|do not|cant|cannot|can not) (?:know|tell) (?:what|whats|what is) real "
    r"(?:anymore|and what|or not)\b",
    # Spanish
    r"\b(?:escucho|oigo|escuchando|oyendo|escuche|oi|escucha|oye|escuchar|oir) (?:\w+ )?voces\b",
    r"\bvoces (?:en|dentro de) (?:mi|su) cabeza\b",
    r"\bvoces que me (?:dicen|hablan|ordenan|mandan|piden)\b",
    r"\balucinacion(?:es)?\b",
    r"\b(?:estoy |esta |estaba )?alucinando (?:cosas|voces|gente)\b",
    r"\bveo (?:\w+ )?(?:cosas|gente|personas|sombras|bichos|figuras) que no (?:estan|existen|hay|"
    r"son reales|ve nadie|ven los demas)\b",
    r"\bme (?:persiguen|vigilan|espian|quieren envenenar|estan envenenando|envenenan|"
    r"controlan la mente|leen la mente|implantaron|pusieron un chip)\b",
    r"\b(?:el gobierno|la cia|el fbi|la policia|extraterrestres|aliens|los vecinos|el diablo)"
    r" (?:\w+ ){0,2}?me (?:persigue|persiguen|vigila|vigilan|espia|espian|controla|controlan|"
    r"quiere envenenar|quieren envenenar|habla|hablan|manda mensajes|mandan mensajes)\b",
    r"\b(?:brote|episodio|crisis) psicotic[oa]\b",
    r"\b(?:tengo|tiene|tuve|tuvo|estoy en|esta en|con|estoy|esta) (?:un |una )?"
    r"(?:psicosis|psicotic[oa])\b",
    r"\b(?:chip|microchip|camara) en (?:mi|el) (?:cabeza|cuerpo|cerebro|piel)\b",
    r"\b(?:leen|lee|roban|controlan) (?:mi mente|mis pensamientos)\b",
    r"\bperd\w* (?:el )?contacto con la realidad\b",
    r"\bno (?:se|distingo) (?:que|lo que) es real\b",
)

_POSTPARTUM_PSYCHOSIS = (
    r"\b(?:post ?partum|post ?natal|puerperal|perinatal|post ?pregnancy|after (?:giving )?birth|"
    r"after having (?:a|my|the) baby|pp) (?:\w+ )?(?:psychosis|psychotic|psicosis)\b",
    r"\bpsicosis (?:\w+ )?(?:post ?parto|pos ?parto|puerperal|perinatal|despues del parto|"
    r"tras el parto)\b",
)
_PERINATAL = re.compile(
    r"\b(?:post ?partum|post ?natal|pregnan\w*|newborn|new (?:mom|mum|mother|baby)|gave birth|"
    r"giving birth|had (?:a|my|the) baby|since the birth|my baby|our baby|the baby|weeks old|"
    r"months old|posparto|postparto|embaraz\w*|recien nacid\w*|bebe|bebes|baby|babies|"
    r"di a luz|dar a luz|parto)\b"
)

_MEDICAL = (
    # a child or anyone who swallowed a quantity of someone's medicine
    r"\b(?:ate|swallowed|took|drank|got into|se comio|se trago|se tomo) (?:a bunch|a handful|a lot|"
    r"all|the whole bottle|a bottle|a whole bottle|several|many|like \d+|\d+|un monton|muchas|"
    r"todas|un punado)(?: of)?(?: \w+){0,3}? (?:blood pressure|heart|diabetes|sleeping|pain|"
    r"seizure|anxiety|thyroid|de la presion|para la presion|del corazon|para dormir|"
    r"para el dolor) ?(?:pills|meds|medication|medicine|tablets|pastillas|medicinas)?\b",
    r"\b(?:took|have taken|ive taken|taken|swallowed|downed|ate|popped|just took|already took) "
    r"(?:like |about |around |maybe |over |almost |at least |more than )?(?:[5-9]|[1-9]\d+|"
    r"a (?:whole )?bottle of|the whole bottle of|a bunch of|a lot of|lots of|all (?:of )?(?:my|"
    r"the|her|his|their)|too many|a handful of|handfuls of|a box of|a pack of|several|twenty|"
    r"thirty|forty|fifty|ten|fifteen|a fistful of|a ton of|way too many|the rest of (?:my|the)|"
    r"double|triple)(?! ?(?:mg|mcg|ml|g|milligrams?)\b)(?: \w+){0,2}? " + _PILLS + r"\b"
    r"(?! (?:today|this morning|tonight|on time|as prescribed|like)\b)",
    r"\b(?:i|ive|i have|i think i|just|already|she|he|they|(?:my|our) \w+)(?: \w+)? "
    r"(?:overdosed|oded|odd|od d)\b",
    r"\b(?:im|i am|hes|shes|he is|she is|is|are) (?:\w+ )?overdosing\b",
    _CLAUSE_START + r"overdosing" + _CLAUSE_END,
    # the bare word, alone in the box: both kinds ("overdose", "sobredosis ayuda")
    _CLAUSE_START + r"(?:help |ayuda |auxilio |please )?(?:overdose|sobredosis|od)"
    r"(?: help| ayuda| auxilio| please| now| ya)?" + _CLAUSE_END,
    _CLAUSE_START + r"(?:just |already )?(?:overdosed|oded)\b",
    r"\b(?:overdosed|oded|took an overdose) (?:earlier|today|tonight|last night|this morning|"
    r"an hour ago|(?:\d+|a few|two|three) (?:hours?|hrs?|minutes?|mins?) ago|yesterday)\b",
    r"\b(?:took|taken|have taken|ive taken|just took) (?:an |a )?(?:overdose|od)\b",
    r"\b(?:drank|swallowed|ate|took|ingested|just drank|have drunk|ive drunk) (?:some |a bottle of"
    r" |a cup of |a glass of )?(?:bleach|antifreeze|drano|poison|rat poison|pesticide|weed killer|"
    r"cleaning (?:product|fluid)|lye|cyanide|windshield fluid)\b",
    r"\b(?:vomit\w*|throwing up|throw up|threw up|puking|puke|puked|coughing up|coughed up|"
    r"cough up|spitting up|spit up|spat up) (?:\w+ ){0,2}?blood\b",
    r"\bblood in (?:my |the )?(?:vomit|puke|throw up)\b",
    r"\b(?:faint\w*|passed out|pass out|passing out|blacked out|black out|blacking out|"
    r"collaps\w*|chest pains?|heart (?:racing|pounding|skipping|palpitations|flutter\w*)|"
    r"palpitations|irregular heart ?beat)\b[^|]{0,100}?\b(?:(?:havent|hadnt|not|didnt|dont|"
    r"cant|barely|without) (?:\w+ )?(?:eaten|eat|eating)|days without (?:food|eating)|"
    r"starv\w*|purg\w*|laxatives|making myself (?:sick|throw up|vomit)|fasting)",
    r"\b(?:(?:havent|hadnt|not|didnt|dont|cant|barely|without) (?:\w+ )?(?:eaten|eat|eating)"
    r"|days without (?:food|eating)|starv\w*|purg\w*|laxatives|fasting)\b[^|]{0,100}?"
    r"\b(?:faint\w*|passed out|pass out|passing out|blacked out|blacking out|collaps\w*|"
    r"chest pains?|heart (?:racing|pounding|skipping|palpitations|flutter\w*)|palpitations|"
    r"irregular heart ?beat)",
    r"\b(?:cut|cutting) (?:way )?too deep\b",
    r"\b(?:not|isnt|is not|stopped|hasnt been|no esta|no estas|dejo de) (?:breathing|respirar|"
    r"respirando)\b",
    r"\b(?:took|swallowed|drank|overdosed|tomo|se tomo)\b[^|]{0,60}?\b(?:wont|cant|will not|"
    r"doesnt|isnt|is not|no) (?:wake up|waking up|respond|responding|despierta|reacciona)\b",
    r"\b(?:wont|cant|will not|doesnt|does not|can not|cannot) stop (?:the )?bleeding\b",
    # can't breathe, in a sentence that says nothing of panic, anxiety or work (hyperbole)
    r"(?<=\| )(?![^|]*(?:panic|anxi|feel like|feels like|felt like|stress|when i|sometimes|boss|"
    r"work|deadline|suffocat|smother|mask|crowd|at night|lol))(?:[a-z0-9,]+ ){0,6}?"
    r"(?:cant|can not|cannot) breathe?\b",
    r"(?<=\| )(?![^|]*(?:panico|ansiedad|siento que|senti que|estres|cuando|a veces|jefe|trabajo|"
    r"asfixia|agobi|en la noche|jaja))(?:[a-z0-9,]+ ){0,6}?no (?:puedo|puede) respirar\b",
    r"\bbleeding (?:a lot|heavily|badly|wont stop|everywhere)\b",
    r"\b(?:need|needs|might need) stitches\b",
    # Spanish
    r"\b(?:me tome|tome|trague|me trague|ingeri|se tomo|se trago) (?:como |unas |mas de |casi )?"
    r"(?:[5-9]|[1-9]\d+|todas (?:las|mis)|un frasco (?:de|entero de)|una caja de|un monton de|"
    r"muchas|demasiadas|varias|un punado de)(?: \w+){0,2}? " + _PASTILLAS + r"\b",
    r"\b(?:me tome|tome|se tomo|tomo|tuve|tuvo) (?:una )?sobredosis\b",
    r"\b(?:vomit\w*|escupo|escupiendo|escupi|tosiendo|toso|tosi) (?:\w+ ){0,1}?sangre\b",
    r"\b(?:me desmaye|me desmayo|desmayos?|me he desmayado|desmayando|desmayarme|me desvanezco)"
    r"\b[^|]{0,100}?\b(?:no (?:he |ha )?com\w*|sin comer|ayun\w*|no como)",
    r"\b(?:no (?:he |ha )?com\w*|sin comer|ayun\w*|no como)\b[^|]{0,100}?\b(?:me desmaye|"
    r"me desmayo|desmayos?|me he desmayado|desmayando|desmayarme)",
    r"\b(?:tome|bebi|trague|me tome|me bebi) (?:\w+ )?(?:cloro|veneno|lejia|raticida|"
    r"insecticida|anticongelante)\b",
    r"\bno (?:para|deja) de sangrar\b",
    r"\bme corte (?:muy )?(?:profundo|hondo)\b",
)


@dataclass(frozen=True)
class _Group:
    kind: str
    detail: str | None  # fixed detail; None = "other-person" is inferred per match
    pattern: re.Pattern[str]


def _source(patterns: Iterable[str]) -> str:
    """One regex for a group, tried only where a word starts.

    Every alternative begins after a literal space (the scanned text starts with "| "), so the
    regex engine jumps from space to space instead of trying every alternative at every
    character; a leading \\b is then redundant and is dropped so that alternatives starting with
    a letter are rejected by a one-character test.
    """
    return " (?:" + "|".join(f"(?:{p.removeprefix(chr(92) + 'b')})" for p in patterns) + ")"


@cache
def _compiled() -> tuple[tuple[_Group, ...], re.Pattern[str]]:
    """The (kind, detail) groups in scan order, and the grief/history blanking regex."""
    table = (
        ("medical", None, _MEDICAL),
        ("suicide", None, _SUICIDE),
        ("psychosis", "postpartum", _POSTPARTUM_PSYCHOSIS),
        ("psychosis", None, _PSYCHOSIS),
        ("harm-to-others", None, _HARM_OTHERS),
        ("harm-to-others", "intrusive-thoughts", _INTRUSIVE),
        ("abuse", "child", _ABUSE_CHILD),
        ("abuse", None, _ABUSE),
        ("self-harm", None, _SELF_HARM),
    )
    groups = tuple(_Group(k, d, re.compile(_source(p))) for k, d, p in table)
    blanks = re.compile(f"(?P<grief>{_source(_BEREAVED)})|{_source(_NOT_DANGER)}")
    return groups, blanks


def warm_up() -> None:
    """Compile the patterns now (otherwise done on the first call; ~0.1-0.3 s)."""
    _compiled()
    _lexicon()
    _typo_tables()


# --------------------------------------------------------------------------- typos

COMMON_WORDS_FILE = "common_words.txt"
_TYPO_MIN_LEN = 4  # shorter words are not corrected ("dye" stays "dye")
_VOCAB_WORD = re.compile(r"(?<![a-z\\])[a-z]{4,}(?![a-z\\*+?{(\[])")


@cache
def _typo_tables() -> tuple[dict[str, int], frozenset[str], tuple[str, ...]]:
    """(common word -> frequency rank, crisis vocabulary, the vocabulary as a list for the scorer).

    The crisis vocabulary is every word of four letters or more in the patterns and the concept
    lexicon. A word of the text that is neither a common English or Spanish word
    (``seed_data/common_words.txt``) nor in that vocabulary is read as the vocabulary word one typo
    away ("vmoiting", "mtaarme", "overdsoe"); a real word is never changed ("bills" stays "bills").
    """
    with SEED_DATA_DIR.joinpath(COMMON_WORDS_FILE).open(encoding="utf-8") as fh:
        words = (w for w in (line.strip() for line in fh) if w and w[0] != "#")
        common = {w: rank for rank, w in enumerate(words)}
    sources = [
        *_SUICIDE, *_SELF_HARM, *_HARM_OTHERS, *_INTRUSIVE, *_ABUSE, *_ABUSE_CHILD, *_PSYCHOSIS,
        *_POSTPARTUM_PSYCHOSIS, *_MEDICAL, *_BEREAVED, *_NOT_DANGER,
        _REL_EN, _REL_ES, _KID, _PILLS, _PASTILLAS, _SELF, _THEM,
    ]  # fmt: skip
    data = load_json(LEXICON_FILE)
    sources += [  # "psicotic*" is a prefix, not a word
        " ".join(w for w in t.split() if not w.endswith("*"))
        for c in data["concepts"].values()
        for t in c["terms"]
    ]
    vocab = frozenset(w for src in sources for w in _VOCAB_WORD.findall(src))
    return common, vocab, tuple(sorted(vocab))


def _typo_budget(n: int) -> int:
    return 1 if n <= 8 else 2


def _edit_class(token: str, word: str, distance: int) -> int:
    """How people mistype: swapped letters, then a letter left out, then one too many."""
    if distance > 1:
        return 4
    if len(word) == len(token):
        return 0 if sorted(word) == sorted(token) else 3
    return 1 if len(word) > len(token) else 2


_ENDINGS = frozenset(
    ["", "a", "o", "e", "i", "s", "d", "n", "r", "as", "os", "es", "se", "me", "te", "lo", "la",
     "le", "io", "ia", "an", "en", "ed", "er", "ar", "ir", "ng", "ing", "ron", "mos"]
)  # fmt: skip


def _inflection(token: str, word: str) -> bool:
    """Two forms of one word ("morirse" / "morirme", "escribio" / "escribi"): not a typo."""
    if min(len(token), len(word)) < 6 or sorted(token) == sorted(word):
        return False
    same = next((k for k, (a, b) in enumerate(zip(token, word, strict=False)) if a != b), None)
    same = min(len(token), len(word)) if same is None else same
    return (
        same >= min(len(token), len(word)) - 2
        and token[same:] in _ENDINGS
        and word[same:] in _ENDINGS
    )


# Text-speak, one word for one word (so offsets map back): "ima end it tn", "ppl", "aki".
_TEXT_SPEAK = {
    "tn": "tonight", "tonite": "tonight", "tmrw": "tomorrow", "tmr": "tomorrow",
    "tomorow": "tomorrow", "abt": "about", "ppl": "people", "r": "are", "u": "you", "ur": "your",
    "n": "and", "bc": "because", "cuz": "because", "cus": "because", "rn": "now",
    "4ever": "forever", "b4": "before", "nite": "night", "tho": "though", "ima": "imma",
    "w": "with", "thru": "through", "smth": "something", "rly": "really", "plz": "please",
    "pls": "please", "bout": "about", "aki": "aqui", "q": "que", "xq": "porque", "pq": "porque",
    "tmb": "tambien", "tb": "tambien", "bn": "bien", "hrs": "hours", "oding": "overdosing",
    "odeing": "overdosing", "odding": "overdosing",
}  # fmt: skip


@cache
def _fix_token(token: str) -> str:
    if token in _TEXT_SPEAK:
        return _TEXT_SPEAK[token]
    common, vocab, choices = _typo_tables()
    if (
        token in common
        or not _TYPO_MIN_LEN <= len(token) <= 20
        or not token.isalpha()
        or not token.isascii()
    ):
        return token
    # A misspelling the patterns already know ("wnat") still reads as its word, for the others.
    known = token in vocab
    if not known:  # spelt as it sounds: "desmalle", "bomitando", "pastiyas", "ahorcarme"
        for variant in _sounds_like(token):
            if variant in vocab:
                return variant
    budget = 1 if known else _typo_budget(len(token))
    hits = process.extract(token, choices, scorer=OSA.distance, score_cutoff=budget, limit=12)
    rare = len(common)
    ranked = sorted(
        (_edit_class(token, w, int(d)), w[0] != token[0], common.get(w, rare), w)
        for w, d, _ in hits
        if w != token and not (known and w not in common) and not _inflection(token, w)
    )
    if not ranked or (known and ranked[0][0] != 0):
        return token
    return ranked[0][3]


# Letters that sound alike in Spanish (and in English spelt by ear): one swap at a time.
_SOUNDS_ALIKE = (
    ("ll", "y"), ("y", "ll"), ("b", "v"), ("v", "b"), ("z", "s"), ("s", "z"), ("ce", "se"),
    ("ci", "si"), ("se", "ce"), ("si", "ci"), ("k", "qu"), ("qu", "k"), ("j", "g"), ("g", "j"),
    ("x", "j"),
)  # fmt: skip


def _sounds_like(token: str) -> Iterable[str]:
    """Spellings of ``token`` with one pair of like-sounding letters swapped, or an 'h' added
    or dropped at the start ("ablar" / "hablar")."""
    yield token[1:] if token[0] == "h" else "h" + token
    for old, new in _SOUNDS_ALIKE:
        start = token.find(old)
        while start != -1:
            yield token[:start] + new + token[start + len(old) :]
            start = token.find(old, start + 1)


def _fix_typos(norm: str) -> str:
    """``norm`` with each misspelt word replaced by the crisis word it stands for."""
    words = norm.split(" ")
    fixed = [_fix_token(w) for w in words]
    return norm if fixed == words else " ".join(fixed)


# --------------------------------------------------------------------------- concept layer

LEXICON_FILE = "safety_lexicon.json"
_WORD_EDGE_BEFORE = "(?<![a-z0-9])"
_WORD_EDGE_AFTER = "(?![a-z0-9])"
_NEGATION_WINDOW = 3  # words before a negatable match that can negate it


@dataclass(frozen=True)
class _KindScore:
    kind: str
    weights: dict[str, float]  # concept -> weight
    requires: frozenset[str]  # at least one of these must be found (anchors alone never flag)
    guards: tuple[str, ...]  # concepts that cancel the kind in the clauses it spans


@dataclass(frozen=True)
class _Concept:
    pattern: re.Pattern[str]
    first_words: frozenset[str] | None  # a match starts with one of these; None = any word
    first_prefixes: tuple[str, ...] = ()  # ... or with a word that starts with one of these


@dataclass(frozen=True)
class _Lexicon:
    concepts: dict[str, _Concept]
    negatable: frozenset[str]
    negated_wanting: frozenset[str]  # negated only as "not want to ..." ("no quiero morir")
    wanting: frozenset[str]
    negations: frozenset[str]
    threshold: float
    kinds: tuple[_KindScore, ...]


def _term_source(term: str) -> str:
    """'took ~ pills' -> regex: words in order; 'word*' a prefix, '~' up to three words."""
    if term.startswith("re:"):
        return term[3:]
    parts = []
    for word in term.split():
        if word == "~":
            parts.append("(?:[a-z0-9]+ ){0,3}?")
        elif word.endswith("*"):
            parts.append(re.escape(word[:-1]) + "[a-z0-9]* ")
        else:
            parts.append(re.escape(word) + " ")
    return "".join(parts)[:-1]


_RE_FIRST = re.compile(r"\(\?:(?P<alts>[a-z |]+)\)|(?P<word>[a-z]+)")


def _first_words(term: str) -> tuple[str, ...] | None:
    """The words a term's match can start with ('word*' a prefix); None when it cannot be told."""
    if not term.startswith("re:"):
        return (term.split()[0],)
    m = _RE_FIRST.match(term, 3)
    if m is None:
        return None
    after = term[m.end() : m.end() + 2]
    if m["word"]:
        word = m["word"]
        if after[:1] in ("?", "*", "+", "{", "["):
            return (word[:-1] + "*",) if len(word) > 1 else None  # "reasons?": "reason..."
        lookaround = term[m.end() : m.end() + 3] in ("(?!", "(?=", "(?<")
        if (
            after[:2] in ("\\w", "\\S", "\\s")
            or after[:1] == "."
            or (after[:1] == "(" and not lookaround)
        ):
            return (word + "*",)
        return (word,)
    if after[:1] not in (" ", "("):
        return None  # an optional or repeated group
    return tuple(a.split()[0] for a in m["alts"].split("|") if a.strip())


@cache
def _lexicon() -> _Lexicon:
    data = load_json(LEXICON_FILE)
    concepts = {}
    for name, concept in data["concepts"].items():
        terms = sorted(concept["terms"], key=len, reverse=True)  # longest first
        alternatives = "|".join(_term_source(t) for t in terms)
        starts = [_first_words(t) for t in terms]
        known = all(f is not None for f in starts)
        firsts = {w for f in starts if f for w in f if not w.endswith("*")}
        prefixes = tuple(sorted({w[:-1] for f in starts if f for w in f if w.endswith("*")}))
        concepts[name] = _Concept(
            re.compile(f"{_WORD_EDGE_BEFORE}(?:{alternatives}){_WORD_EDGE_AFTER}"),
            frozenset(firsts) if known else None,
            prefixes,
        )
    kinds = []
    for kind, spec in data["kinds"].items():
        score = _KindScore(
            kind, dict(spec["weights"]), frozenset(spec["requires"]), tuple(spec["guards"])
        )
        unknown = (set(score.weights) | score.requires | set(score.guards)) - set(concepts)
        if kind not in KINDS or unknown:
            raise ValueError(f"{LEXICON_FILE}: kind {kind!r} or concepts {sorted(unknown)} unknown")
        kinds.append(score)
    negations = frozenset(data["concepts"]["negation"]["terms"])
    return _Lexicon(
        concepts,
        frozenset(data["negatable"]),
        frozenset(data["negated_wanting"]["concepts"]),
        frozenset(data["negated_wanting"]["words"]),
        negations,
        float(data["threshold"]),
        tuple(kinds),
    )


# After a negation these undo it: "can't stop thinking about dying", "no dejo de pensar en morir",
# "I don't care if I die", "no me importa morir", "no tengo miedo a morir"
_STOP_WORDS = frozenset(
    "stop stopped stopping quit quitting dejo dejar deje dejado paro parar care mind matter "  # noqa: SIM905
    "matters importa importaria afraid scared miedo fear".split()
)


def _negated(
    before: list[str], negations: frozenset[str], wanting: frozenset[str] | None = None
) -> bool:
    """Whether the words just before a match negate it (a negation not undone by "stop").

    With ``wanting``, only a negated wish counts ("don't want to die", "no quiero morir"), not a
    negation of something else ("never deal with anything again").
    """
    for k in range(len(before) - 1, -1, -1):
        if before[k] in negations:
            after = before[k + 1 :]
            if any(w in _STOP_WORDS for w in after):
                return False
            return wanting is None or any(w in wanting for w in after)
    return False


def _concept_matches(scan: str, lexicon: _Lexicon) -> list[dict[str, list[tuple[int, int]]]]:
    """Per sentence of ``scan``, each concept's matches as (start, end) offsets in ``scan``."""
    bars = [i for i, ch in enumerate(scan) if ch == "|"]
    sentences: list[dict[str, list[tuple[int, int]]]] = [{} for _ in bars]
    words = frozenset(scan.split())
    for name, concept in lexicon.concepts.items():
        if (
            concept.first_words is not None
            and concept.first_words.isdisjoint(words)
            and not (
                concept.first_prefixes and any(w.startswith(concept.first_prefixes) for w in words)
            )
        ):
            continue  # none of its terms can start here: skip the regex
        negatable = name in lexicon.negatable
        wanted = name in lexicon.negated_wanting
        for m in concept.pattern.finditer(scan):
            start = m.start()
            if negatable or wanted:
                before = scan[max(0, start - 40) : start].split()[-_NEGATION_WINDOW:]
                if "|" in before:
                    before = before[before.index("|") + 1 :]
                if _negated(before, lexicon.negations, lexicon.wanting if wanted else None):
                    continue
            sentence = bisect_right(bars, start) - 1
            sentences[sentence].setdefault(name, []).append((start, m.end()))
    return sentences


def _concept_signals(scan: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) for each kind whose concepts weigh enough in one sentence.

    When a guard cancels a kind over the whole sentence, each clause (between commas) is scored
    on its own, so "this job is killing me, I'm afraid my husband will kill me" keeps its danger.
    """
    lexicon = _lexicon()
    out: list[tuple[str, int, int]] = []
    kinds_seen: set[str] = set()
    for found in _concept_matches(scan, lexicon):
        if not found:
            continue
        for score in lexicon.kinds:
            if score.kind in kinds_seen:
                continue
            span = _score(scan, found, score, lexicon.threshold)
            if span is None:
                continue
            if span[2]:  # guarded: try each clause alone
                starts = sorted({s for ms in found.values() for s, _ in ms})
                lo, hi = starts[0], max(e for ms in found.values() for _, e in ms)
                cuts = [i for i in range(lo, hi) if scan[i] == ","] + [hi]
                span = None
                for left, right in zip([lo - 1, *cuts[:-1]], cuts, strict=True):
                    clause = {
                        c: kept
                        for c, ms in found.items()
                        if (kept := [(s, e) for s, e in ms if left < s and e <= right])
                    }
                    span = _score(scan, clause, score, lexicon.threshold)
                    if span is not None and not span[2]:
                        break
                    span = None
                if span is None:
                    continue
            kinds_seen.add(score.kind)
            out.append((score.kind, span[0], span[1]))
    return out


def _score(
    scan: str, found: dict[str, list[tuple[int, int]]], score: _KindScore, threshold: float
) -> tuple[int, int, bool] | None:
    """(start, end, guarded) when the kind's concepts in ``found`` weigh enough, else None."""
    present = [c for c in score.weights if c in found]
    if score.requires.isdisjoint(present):
        return None
    if sum(score.weights[c] for c in present) < threshold:
        return None
    spans = [found[c][0] for c in present if score.weights[c] > 0]
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return start, end, _guarded(scan, start, end, found, score.guards)


def _guarded(
    scan: str,
    start: int,
    end: int,
    found: dict[str, list[tuple[int, int]]],
    guards: tuple[str, ...],
) -> bool:
    """Whether a guard concept ("blood test", "at the gym") sits in the clauses the match spans.

    Guards look no further than the commas around the match, so an ordinary clause added to a
    crisis sentence cannot cancel it.
    """
    left = max(scan.rfind("|", 0, start), scan.rfind(",", 0, start))
    ends = (i for i in (scan.find("|", end), scan.find(",", end)) if i != -1)
    right = min(ends, default=len(scan))
    return any(left < s and e <= right for g in guards for s, e in found.get(g, ()))


# --------------------------------------------------------------------------- third person

# The lexicon is written in the first person ("nobody would miss me", "me están envenenando").
# About someone else, the same words come in the third person: read a copy in the first person,
# word for word, so offsets map back by word count.
_TO_FIRST = {
    "him": "me", "himself": "myself", "herself": "myself", "themselves": "myself",
    "themself": "myself", "them": "me", "his": "my", "their": "my", "he": "i", "she": "i",
    "they": "i", "hes": "im", "shes": "im", "theyre": "im", "ella": "yo", "su": "mi", "sus": "mis",
    "se": "me", "says": "say", "thinks": "think", "believes": "believe", "wants": "want",
    "feels": "feel", "has": "have", "doesnt": "dont", "keeps": "keep", "hears": "hear",
    "sees": "see", "quiere": "quiero", "tiene": "tengo", "siente": "siento", "cree": "creo",
    "aguanta": "aguanto", "puede": "puedo", "escucha": "escucho", "oye": "oigo", "ve": "veo",
    "esta": "estoy", "despidiendose": "despidiendome", "dice": "digo", "piensa": "pienso",
    "dijo": "dije",
}  # fmt: skip
# Spanish verbs read in the first person only where the subject is the other person's self:
# "se va a tirar" -> "me voy a tirar" (not "me va a matar": he will kill me), "ha pensado en".
_TO_FIRST_AFTER = {("se", "va"): "voy", ("que", "ha"): "he", ("|", "ha"): "he", ("ya", "ha"): "he"}
_HER_AS_OBJECT = frozenset(
    "| , and to that through with from in on at again anymore like or so because when if up down "  # noqa: SIM905
    "out off for about".split()
)
_CLITIC_AFTER = frozenset("nadie que no ya alguien siempre todos nunca y".split())  # noqa: SIM905


def _first_person(scan: str) -> str | None:
    """``scan`` with third-person words in the first person (same words, same count), or None."""
    words = scan.split(" ")
    out = list(words)
    changed = False
    for k, w in enumerate(words):
        new = _TO_FIRST.get(w)
        if new is None and k and (words[k - 1], w) in _TO_FIRST_AFTER:
            new = _TO_FIRST_AFTER[(words[k - 1], w)]
        if new is None and len(w) > 6 and w.endswith(("arse", "erse", "irse")):
            new = w[:-2] + "me"  # Spanish reflexive infinitive: "quitarse" -> "quitarme"
        if w == "her":
            nxt = words[k + 1] if k + 1 < len(words) else "|"
            new = "me" if nxt in _HER_AS_OBJECT else "my"
        elif w in ("lo", "la", "le") and k and words[k - 1] in _CLITIC_AFTER:
            new = "me"
        if new:
            out[k] = new
            changed = True
    return " ".join(out) if changed else None


def _third_person_signals(scan: str) -> list[tuple[str, int, int]]:
    variant = _first_person(scan)
    if variant is None:
        return []
    starts = [0]  # char offset of each word in scan
    for w in scan.split(" ")[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    vstarts = [0]
    for w in variant.split(" ")[:-1]:
        vstarts.append(vstarts[-1] + len(w) + 1)
    words = scan.split(" ")
    out = []
    for kind, start, end in _concept_signals(variant):
        first = bisect_right(vstarts, start) - 1
        last = bisect_right(vstarts, max(start, end - 1)) - 1
        out.append((kind, starts[first], starts[last] + len(words[last])))
    return out


# --------------------------------------------------------------------------- whose danger

# Words that say whose danger it is (English and Spanish verb forms and pronouns).
_FIRST_PERSON = frozenset(
    "i im ive id ill me myself myslef mysef meself yo quiero kiero quisiera deseo matarme "  # noqa: SIM905
    "morirme suicidarme quitarme lastimarme cortarme hacerme estoy tengo siento".split()
)
_THIRD_PERSON = frozenset(
    "he she they hes shes theyre him her them himself herself themselves themself hisself his "  # noqa: SIM905
    "their ella ellos ellas quiere quieren queria quiera se su matarse morirse suicidarse "
    "quitarse lastimarse cortarse hacerse autolesiona habla hablando amenaza".split()
)
_POSSESSIVES = frozenset("my our his her their mi mis su sus nuestro nuestra".split())  # noqa: SIM905
_RELATIONS = re.compile(rf"^{_REL}$")
_WINDOW = 8
_PARTICIPLES = ("ado", "ido", "ada", "ida", "cho", "sto")


def _other_person(scan: str, start: int, end: int) -> bool:
    """Whether the matched words are about someone else's danger, not the writer's."""
    words = scan[start:end].split()
    if any(w in _FIRST_PERSON for w in words):
        return False
    if any(w in _THIRD_PERSON for w in words):
        return True
    if len(words) > 1 and words[0] in _POSSESSIVES and _RELATIONS.match(words[1]):
        return True  # the subject opens the match: "my brother overdosed"
    before = scan[max(0, start - 120) : start].split()[-_WINDOW:]
    following = [*before[1:], *words[:1], ""]
    for i in range(len(before) - 1, -1, -1):
        word = before[i]
        if word == "|":
            break
        if word == "he" and following[i].endswith(_PARTICIPLES):
            return False  # Spanish "he pensado": I have thought
        if word in _FIRST_PERSON:
            return False
        if word in _THIRD_PERSON:
            return True
        if i and before[i - 1] in _POSSESSIVES and _RELATIONS.match(word):
            return True
    return False


# --------------------------------------------------------------------------- triage

_DETAIL_RANK = {
    "postpartum": 0,
    "child": 0,
    "elder": 0,
    None: 1,
    "other-person": 2,
    "intrusive-thoughts": 3,
}


def triage(text: str) -> Triage:
    """Read seeker text for danger; English, Spanish or both, typed as people type on phones."""
    if not isinstance(text, str) or not text:
        return Triage(())
    if len(text) > 1000:
        return _triage(text)
    return _triage_cached(text)  # one search reads the same text for conditions and the sentence


@lru_cache(maxsize=2048)
def _triage_cached(text: str) -> Triage:
    return _triage(text)


def _triage(text: str) -> Triage:
    clipped = _clip(text)
    norm = _fix_typos(_normalise(clipped))
    if not norm:
        return Triage(())
    found, bereaved = _find(norm)
    kinds = {kind for kind, _ in found}
    if len(kinds) < len(KINDS) and (stripped := _without_fillers(norm)):
        # "nothing really to live for", "never even wake up": read once more without the fillers
        vnorm, keep = stripped
        for (kind, detail), (start, end) in _find(vnorm)[0].items():
            if kind not in kinds:
                found[(kind, detail)] = _map_span(vnorm, norm, keep, start, end)
    if found and _RECOVERED.search(norm):
        found = {key: span for key, span in found.items() if not _history(norm, key[0], *span)}
    if not found:
        return Triage((), bereaved)

    def order(key: tuple[str, str | None]) -> tuple[int, int, int]:
        kind, detail = key
        only_intrusive = all(d == "intrusive-thoughts" for k, d in found if k == kind)
        return (only_intrusive, URGENCY.index(kind), _DETAIL_RANK[detail])

    return Triage(
        tuple(
            SafetySignal(kind, _original_words(clipped, norm, *found[(kind, detail)]), detail)
            for kind, detail in sorted(found, key=order)
        ),
        bereaved,
    )


# A crisis the sentence itself says is over: "history of psychosis, stable on meds", "my suicide
# attempt was in 2019, I'm stable now", "sober 2 years after an overdose", "hace 3 anos intente
# suicidarme, ahora estoy bien". Kept when anything in the sentence says it is here now (again,
# lately, tonight, want to, urges...) or when the recovery comes before a "but" that leads to it
# ("I was stable for years but now I hear voices"). A medical emergency counts as over only when
# it is an overdose ("my friend overdosed and survived, she's in rehab").
_RECOVERED = re.compile(
    r"(?<!not )(?<!no )(?<!isnt )(?<!never )(?<!nada )\b(?:stable|stabilized|in recovery|"
    r"recovered|in remission|clean (?:for )?(?:\d+|a|one|two|three|four|five|six|several|many) "
    r"(?:years?|months?|yrs?)|(?:\d+|a|one|two|three|four|five|six|several|many) (?:years?|months?|"
    r"yrs?) (?:clean|sober)|sober|survived|in rehab|doing (?:better|well|good|ok|okay)|(?:im|i am|"
    r"she is|shes|he is|hes|they are|theyre) (?:ok|okay|fine|better|safe|well) now|now (?:im|i am|"
    r"she is|shes|he is|hes) (?:ok|okay|fine|better|safe|well|stable)|estable|(?:ahora|ya|hoy) "
    r"(?:estoy|esta) bien|(?:estoy|esta) bien(?= ?(?:$|[|,]| ahora| ya| y | pero))|"
    r"ya estoy mejor|ya esta mejor|en recuperacion|recuperad[oa]|se recupero|en remision|"
    r"sobrevivi|sobrevivio|en rehabilitacion)\b"
)
_STILL = re.compile(
    r"\b(?:again|back|lately|recently|relaps\w*(?! prevention)|urges?|tonight|right now|today|"
    r"yesterday|last night|this (?:morning|week)|(?:an|one|two|a few|\d+) (?:hour|hours|minutes?) "
    r"ago|just (?:took|did|cut|tried)|thinking (?:about|of)|(?:want to|wanna|going to|gonna)"
    r"(?! (?:work|get|find|learn|talk|start|build|improve|focus|be a better|be better|help|"
    r"understand|heal|keep|stay|grow|process|support|move on|feel better|make friends|date))|plan|"
    r"planning|but now|otra vez|de nuevo|volvi\w*|regres\w*|ultimamente|esta noche|anoche|ayer|"
    r"hace (?:un rato|unas horas|minutos)|ganas de|quiero (?:morir\w*|matar\w*|cortar\w*|"
    r"desaparecer)|pero ahora|ahora quiero|now i want|still|keep|keeps|every (?:day|night|week)|"
    r"daily|all the time|constantly|todavia|aun|sigo|sigue|todos los dias|cada dia|"
    r"todas las noches)\b"
)
# ... and says it in the past: the crisis itself is told as something that happened
_PAST_MARK = re.compile(
    r"\b(?:used to|history of|past|previous|had|was|were|survived|attempted|tried|overdosed|ago|"
    r"as a (?:teen|teenager|kid|child)|when i was|in (?:19|20)\d\d|last (?:year|month)|hace|tuve|"
    r"tuvo|intente|intento|fue|era|estuve|estuvo|sobrevivi|sobrevivio|antes|el ano pasado|de joven|"
    r"de adolescente|en (?:19|20)\d\d|antecedentes|survivor|sobreviviente|hospitalization|"
    r"hospitalized|hospitalizada|hospitalizado|discharged|after (?:her|his|my) "
    r"(?:stay|treatment))\b"
)
_HISTORY_KINDS = frozenset(("suicide", "self-harm", "psychosis", "medical"))
_CONTRAST = re.compile(r"\b(?:but|pero|though|although|aunque|however|sin embargo|yet)\b")
_OVERDOSE_WORDS = re.compile(r"\b(?:overdos\w*|sobredosis|od|ods|oded)\b")


def _history(norm: str, kind: str, start: int, end: int) -> bool:
    """Whether the sentence around ``norm[start:end]`` states that crisis as over."""
    left = norm.rfind("|", 0, max(start, 0)) + 1
    right = norm.find("|", end)
    sentence = norm[left : right if right != -1 else len(norm)]
    lo, hi = max(start, 0) - left, end - left
    if kind not in _HISTORY_KINDS:
        return False  # abuse and threats have their own past forms (see _NOT_DANGER)
    recovered = list(_RECOVERED.finditer(sentence))
    if not recovered or _STILL.search(sentence) or not _PAST_MARK.search(sentence):
        return False
    if kind == "medical" and not _OVERDOSE_WORDS.search(sentence[lo:hi]):
        return False
    # "stable for years, but now ...": a recovery before a contrast that leads to the crisis
    return not any(
        m.end() <= lo and _CONTRAST.search(sentence, m.end(), lo) for m in recovered
    ) or any(m.start() >= hi for m in recovered)


# Words that add emphasis and nothing else; the patterns are written without them.
_FILLERS = frozenset(
    "just really literally honestly actually totally kinda truly seriously even fr tbh ngl "  # noqa: SIM905
    "lowkey highkey basically neta realmente".split()
)


# Telegraphic English, as written by someone still learning it ("me no want live more", "my
# mother no breathing", "i no can sleep"): read once more as the plain form the patterns know.
_PLAIN_AFTER_NO = {
    "can": "cant", "could": "couldnt", "want": "dont want", "wanna": "dont wanna",
    "like": "dont like", "need": "dont need", "have": "dont have", "know": "dont know",
    "feel": "dont feel", "see": "dont see", "go": "dont go", "eat": "dont eat",
    "sleep": "dont sleep", "is": "isnt", "are": "arent", "will": "wont", "wake": "wont wake",
    "breathe": "cant breathe", "let": "wont let", "respond": "wont respond", "move": "cant move",
    "talk": "cant talk",
}  # fmt: skip
# A bare verb right after "he", "she", "they" or a relation ("my son he drink", "my mother fall")
# read as the form the patterns know.
_PLAIN_AFTER_SUBJECT = {
    "drink": "drank", "fall": "fell", "take": "took", "swallow": "swallowed", "eat": "ate",
    "talk": "talks", "say": "says", "collapse": "collapsed", "faint": "fainted",
}  # fmt: skip
_SUBJECTS = frozenset("he she they".split())  # noqa: SIM905
_BARE_VERBS = frozenset(
    "die live be kill hurt end sleep go cut disappear exist wake eat breathe jump hang shoot "  # noqa: SIM905
    "stab disappear see stay".split()
)


def _plain_words(words: list[str]) -> list[tuple[int, str]]:
    """(index in ``words``, plain word) for each word read; fillers dropped, telegraphic forms
    rewritten ("no want" -> "dont want", "want die" -> "wanna die", "me no" -> "i dont")."""
    out: list[tuple[int, str]] = []
    n = len(words)
    negated = -1  # index of a "no" read together with this word
    for k, w in enumerate(words):
        if w in _FILLERS:
            continue
        nxt = words[k + 1] if k + 1 < n else ""
        prev = out[-1][1] if out else "|"
        if w == "no" and nxt in _PLAIN_AFTER_NO:
            negated = k
            continue  # read with the next word: "no want" -> "dont want"
        if negated >= 0:
            first, _, rest = _PLAIN_AFTER_NO[w].partition(" ")
            out.append((negated, first))
            negated = -1
            if not rest:
                continue
            w = rest
        elif w in _PLAIN_AFTER_SUBJECT and (prev in _SUBJECTS or _RELATIONS.match(prev)):
            w = _PLAIN_AFTER_SUBJECT[w]  # "my son he drink the cleaner" -> "he drank"
        elif w == "no" and nxt.endswith("ing") and len(nxt) > 4:
            w = "not"  # "my mother no breathing"
        elif w in ("want", "wants", "need", "needs") and nxt in _BARE_VERBS:
            w = "wanna" if w.startswith("want") else "need to"
        elif w == "me" and prev in ("|", ",") and nxt in ("no", "want", "wanna", "think", "feel"):
            w = "i"
        elif w == "more" and k and words[k - 1] in _BARE_VERBS and nxt in ("|", ",", ""):
            w = "anymore"
        out.append((k, w))
    return out


def _without_fillers(norm: str) -> tuple[str, list[int]] | None:
    """``norm`` without filler words and with telegraphic English in its plain form, and the
    index in ``norm`` of each word read; None if nothing changed."""
    words = norm.split()
    plain = _plain_words(words)
    if not plain or (len(plain) == len(words) and all(words[k] == w for k, w in plain)):
        return None
    keep: list[int] = []
    out: list[str] = []
    for k, w in plain:
        for part in w.split():
            keep.append(k)
            out.append(part)
    return " ".join(out), keep


def _map_span(vnorm: str, norm: str, keep: list[int], start: int, end: int) -> tuple[int, int]:
    """A span of ``vnorm`` (read as :func:`_original_words` reads it) as the words of ``norm``."""
    first = len(vnorm[: max(start, 0)].split())
    count = max(1, len(vnorm[max(start, 0) : end].split()))
    last = min(first + count - 1, len(keep) - 1)
    first = min(first, len(keep) - 1)
    words = norm.split(" ")
    starts = [0]
    for w in words[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    lo, hi = keep[first], keep[last]
    return starts[lo], starts[hi] + len(words[hi])


def _find(norm: str) -> tuple[dict[tuple[str, str | None], tuple[int, int]], bool]:
    """(kind, detail) -> the span of ``norm`` that signals it; and whether grief was blanked."""
    bereaved = False

    def blank(match: re.Match[str]) -> str:
        nonlocal bereaved
        bereaved = bereaved or match.group("grief") is not None
        n = len(match.group())
        return " " + "~" * (n - 2) + " " if n > 2 else " " * n

    # "| " opens the first clause; blanks keep lengths, so scan[i + 2] is norm[i]
    groups, blanks = _compiled()
    scan = blanks.sub(blank, "| " + norm)
    found: dict[tuple[str, str | None], tuple[int, int]] = {}
    perinatal: bool | None = None
    for group in groups:
        for m in group.pattern.finditer(scan):
            detail = group.detail
            if detail is None:
                if group.kind == "psychosis":
                    if perinatal is None:
                        perinatal = bool(_PERINATAL.search(scan))
                    if perinatal:
                        detail = "postpartum"
                if detail is None and _other_person(scan, m.start() + 1, m.end()):
                    detail = "other-person"
            found.setdefault((group.kind, detail), (m.start() - 1, m.end() - 2))
    # The concept layer adds kinds the exact patterns missed (their details stay as found).
    kinds_found = {kind for kind, _ in found}
    signals = _concept_signals(scan)
    if len(kinds_found | {k for k, _, _ in signals}) < len(KINDS):
        signals += _third_person_signals(scan)  # "nobody would miss her", "lo están envenenando"
    for kind, start, end in signals:
        if kind in kinds_found:
            continue
        kinds_found.add(kind)
        detail = None
        if kind == "psychosis":
            if perinatal is None:
                perinatal = bool(_PERINATAL.search(scan))
            detail = "postpartum" if perinatal else None
        elif _other_person(scan, start, end):
            detail = "other-person"
        found[(kind, detail)] = (start - 2, end - 2)
    if any(kind == "abuse" and detail in (None, "other-person") for kind, detail in found) and (
        _ELDER.search(scan)
    ):
        for key in [k for k in found if k[0] == "abuse" and k[1] in (None, "other-person")]:
            found.setdefault(("abuse", "elder"), found.pop(key))
    return found, bereaved


# An older adult in the sentence: abuse of an elder (Adult Protective Services via the Eldercare
# Locator, after the usual abuse services). Words about age, elder care, or a pension.
_GRANDPARENT = (
    r"(?:grandma|grandpa|grandmother|grandfather|granny|nana|abuela|abuelo|abuelita|abuelito|"
    r"abuelos|grandparents)"
)
_ELDER = re.compile(
    r"\b(?:elder|elderly|elders|older adults?|older (?:man|woman|person|people|parents?|mother|"
    r"father|relative)|seniors?|aging (?:parents?|mother|father|mom|dad)|aged (?:mother|father|"
    r"parents?)|anciano|anciana|ancianos|ancianas|adultos? mayor(?:es)?|persona mayor|"
    r"personas mayores|tercera edad|nursing home|care home|assisted living|retirement home|"
    r"memory care|asilo|residencia de ancianos|casa de reposo|casa hogar|pension|pensions|"
    r"social security|seguro social|jubilacion|(?:my|mi|su) (?:[6-9]\d|1[01]\d) (?:year|ano)s? "
    r"old|(?:[6-9]\d|1[01]\d) (?:years? old|anos) (?:mother|father|mom|dad|madre|padre|mama|papa)|"
    r"at my age|a mi edad|dementia|demencia|alzheimers?)\b"
    # a grandparent as the one hurt, not the one hurting ("my grandpa hits me" is not elder abuse)
    rf"|\b(?:to|a|hurting|hitting|hits|abusing|abuses|beating|beats|neglecting|neglects|robbing|"
    rf"robs|from|of|stealing from|steals from|exploiting|exploits|taking advantage of|locks|"
    rf"locked|le pega a|golpea a|maltrata a|le roba a|roba a|encierra a|descuida a) "
    rf"(?:my |mi |our |his |her |su |the |la |el )?{_GRANDPARENT}\b"
    rf"|\b{_GRANDPARENT}(?: \w+){{0,2}} (?:is being|has been|being|is getting|gets|esta siendo|"
    r"ha sido|sufre)\b"
)


_CHUNK = re.compile(r"\S+")
_EDGE_PUNCTUATION = " \n\r\t.,;:!?¡¿()[]{}\"'“”*_-"


def _original_words(clipped: str, norm: str, start: int, end: int) -> str:
    """The words at ``norm[start:end]`` as the seeker typed them (accents, case, apostrophes)."""
    matched = norm[start:end].split()
    first = len(norm[:start].split())
    last = first + len(matched) - 1
    spaced = clipped.replace("\n", " \n ").replace("\r", " \r ")
    seen = 0
    lo: int | None = None  # where the match starts in ``spaced``, once found
    offset = 0
    tokens: list[str] = []
    for chunk in _CHUNK.finditer(spaced):  # each chunk folds to the same tokens as in norm
        folded = [_fix_token(w) for w in _normalise(chunk.group()).split()]
        if lo is None and seen + len(folded) > first:
            lo, offset = chunk.start(), first - seen
        if lo is not None:
            tokens += folded
        seen += len(folded)
        if seen > last and lo is not None:
            if tokens[offset : offset + len(matched)] == matched:
                return spaced[lo : chunk.end()].strip(_EDGE_PUNCTUATION)
            break
    return " ".join(matched)


# --------------------------------------------------------------------------- resources


@dataclass(frozen=True)
class CrisisResource:
    id: str
    name: str
    phone: str | None
    sms_number: str | None
    sms_keyword: str | None  # in this language; None = any message
    chat_url: str | None
    hours: str
    languages: tuple[str, ...]  # ISO codes the service answers in
    for_whom: str
    notes: str | None
    source_url: str  # the public page that documents these facts
    checked: str  # ISO date the facts were last taken from source_url


@cache
def _resource_data() -> dict:
    return load_json(RESOURCES_FILE)


def _lang(lang: str) -> str:
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGS else "en"


@cache
def _resources(lang: str) -> dict[str, CrisisResource]:
    out: dict[str, CrisisResource] = {}
    for r in _resource_data()["resources"]:
        sms = r.get("sms") or {}
        keyword = (sms.get("keyword_by_lang") or {}).get(lang, sms.get("keyword"))
        notes = r.get("notes") or {}
        out[r["id"]] = CrisisResource(
            id=r["id"],
            name=r["name"][lang],
            phone=r.get("phone"),
            sms_number=sms.get("number"),
            sms_keyword=keyword,
            chat_url=r.get("chat_url"),
            hours=r["hours"][lang],
            languages=tuple(r["languages"]),
            for_whom=r["for"][lang],
            notes=notes.get(lang),
            source_url=r["source_url"],
            checked=r["checked"],
        )
    return out


def _ordered(ids: Iterable[str], lang: str) -> list[CrisisResource]:
    table = _resources(_lang(lang))
    return [table[i] for i in dict.fromkeys(ids)]


def resources_for(kinds: Iterable[str], lang: str = "en") -> list[CrisisResource]:
    """Crisis services for these kinds of danger, most relevant first, without repeats.

    No kinds gives the default list (every service, for a page with no detected danger). An
    unknown language falls back to English; an unknown kind is a ValueError naming the kinds.
    """
    kinds = list(kinds)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown safety kind {unknown[0]!r}; expected one of {', '.join(KINDS)}")
    data = _resource_data()
    if not kinds:
        return _ordered(data["default"], lang)
    return _ordered((i for k in kinds for i in data["by_kind"][k]), lang)


def resources_for_triage(result: Triage, lang: str = "en") -> list[CrisisResource]:
    """Like :func:`resources_for`, letting a detail reorder its kind (postpartum psychosis...)."""
    data = _resource_data()
    if not result.crisis:
        return _ordered(data["default"], lang)
    ids: list[str] = []
    for kind in result.kinds:
        details = [s.detail for s in result.signals if s.kind == kind]
        special = next((f"{kind}/{d}" for d in details if f"{kind}/{d}" in data["by_detail"]), None)
        ids += data["by_detail"][special] if special else data["by_kind"][kind]
    return _ordered(ids, lang)


def message_for(result: Triage, lang: str = "en") -> str | None:
    """A short supportive message for the most urgent signal, or None when there is none."""
    if not result.crisis:
        return None
    top = result.signals[0]
    messages = _resource_data()["messages"]
    chosen = messages.get(f"{top.kind}/{top.detail}") or messages[top.kind]
    return chosen[_lang(lang)]
