"""Tests for matching.safety: which danger a seeker's text signals, and which help to show.

DEV_CRISIS and DEV_ORDINARY are the development set written for this module (English, Spanish,
mixed, phone typing); CRISIS / NOT_CRISIS and their HELD_BACK_ variants came from the earlier
crisis check in matching.conditions and must keep passing through ``resolve_conditions``.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import safety
from matching.conditions import resolve_conditions
from matching.reference import SEED_DATA_DIR
from matching.safety import (
    KINDS,
    MAX_SCAN_CHARS,
    SafetySignal,
    Triage,
    message_for,
    resources_for,
    resources_for_triage,
    triage,
)

OTHER = "other-person"
INTRUSIVE = "intrusive-thoughts"
ANY = "*"  # the kind must be found; its detail does not matter

# (text, kind that must be found, detail its signal must carry: None, a detail, or ANY)
DEV_CRISIS: list[tuple[str, str, str | None]] = [
    # suicide, first person: direct, passive, plans and means (English)
    ("i want to die", "suicide", None),
    ("I just want to die tbh", "suicide", None),
    ("wanna die", "suicide", None),
    ("i dont want to be alive anymore", "suicide", None),
    ("Honestly I don't see the point in living", "suicide", None),
    ("i dont see the point of going on anymore", "suicide", None),
    ("whats the point of living", "suicide", None),
    ("no reason to keep going", "suicide", None),
    ("I'm so tired of living", "suicide", None),
    ("tired of being alive", "suicide", None),
    ("sick of being alive", "suicide", None),
    ("everyone would be better off without me", "suicide", None),
    ("ppl would b better off without me", "suicide", None),
    ("my family would be better off if i was gone", "suicide", None),
    ("nobody would miss me if i died", "suicide", None),
    ("i wish i could go to sleep and not wake up", "suicide", None),
    ("I hope I don't wake up tomorrow", "suicide", None),
    ("i wish i was never born", "suicide", None),
    ("idk why im still alive", "suicide", None),
    ("thinking about ending it all", "suicide", None),
    ("I'm going to end it tonight", "suicide", None),
    ("i have a plan to kill myself", "suicide", None),
    ("ive been saving up my pills", "suicide", None),
    ("ive been stockpiling my meds", "suicide", None),
    ("how many tylenol would it take to die", "suicide", None),
    ("thinking of taking all my sleeping pills", "suicide", None),
    ("wrote a goodbye letter to my kids", "suicide", None),
    ("I've thought about jumping off the bridge near my house", "suicide", None),
    ("suicidal thoughts every night", "suicide", None),
    ("SUICIDAL", "suicide", None),
    ("sucidal and alone", "suicide", None),
    ("kill my slef", "suicide", None),
    ("thinkin bout killin myself", "suicide", None),
    ("i wanna kms", "suicide", None),
    ("I'm 16 and I want to unalive myself", "suicide", None),
    ("i cant do this anymore i just want it all to end", "suicide", None),
    ("life is not worth living", "suicide", None),
    ("lost the will to live", "suicide", None),
    ("im done with life", "suicide", None),
    ("im not suicidal but i think about dying a lot", "suicide", None),
    ("I attempted suicide last year and the thoughts are back", "suicide", None),
    ("i want to disappear forever", "suicide", None),
    ("i want to die 😭😭", "suicide", None),
    ("IM GOING TO KILL MYSELF", "suicide", None),
    ("cant go on like this", "suicide", None),
    ("i want to die for real this time", "suicide", None),
    ("i wnat to die", "suicide", None),
    ("i have a gun and i want to use it on myself", "suicide", None),
    ("i just want everything to stop", "suicide", None),
    ("i'm a burden and they'd be happier without me", "suicide", None),
    ("I wish I was dead lol jk", "suicide", None),  # flagged: a joke costs a banner
    # suicide, Spanish (accents and no accents)
    ("quiero morir", "suicide", None),
    ("quiero morirme", "suicide", None),
    ("Me quiero morir ya", "suicide", None),
    ("kiero morirme", "suicide", None),
    ("Quiero morír", "suicide", None),
    ("ya no quiero vivir", "suicide", None),
    ("no quiero seguir viviendo", "suicide", None),
    ("pienso en suicidarme", "suicide", None),
    ("tengo pensamientos suicidas", "suicide", None),
    ("estaría mejor muerta", "suicide", None),
    ("todos estarian mejor sin mi", "suicide", None),
    ("quisiera dormir y no despertar", "suicide", None),
    ("tengo ganas de desaparecer", "suicide", None),
    ("quiero quitarme la vida", "suicide", None),
    ("voy a acabar con mi vida", "suicide", None),
    ("ya no aguanto más", "suicide", None),
    ("he pensado en tirarme del puente", "suicide", None),
    ("estoy juntando pastillas", "suicide", None),
    ("la vida no vale la pena", "suicide", None),
    ("ojalá no despertar mañana", "suicide", None),
    ("escribí una carta de despedida", "suicide", None),
    ("me quiero matar", "suicide", None),
    ("no tiene sentido seguir viviendo", "suicide", None),
    ("no puedo más con esta vida", "suicide", None),
    ("keiro morir", "suicide", None),
    ("quisiera no haber nacido", "suicide", None),
    ("a veces pienso que sería mejor no estar", "suicide", None),
    ("estoy cansada de vivir", "suicide", None),
    # mixed English and Spanish
    ("estoy so tired, i want to die", "suicide", None),
    ("quiero kill myself", "suicide", None),
    ("i feel like quiero morir", "suicide", None),
    # suicide, concern for someone else
    ("my son is suicidal", "suicide", OTHER),
    ("my daughter is talking about killing herself", "suicide", OTHER),
    ("my husband keeps saying he wants to die", "suicide", OTHER),
    ("worried my best friend will kill herself", "suicide", OTHER),
    ("my teenager tried to kill himself last month", "suicide", OTHER),
    ("my mom threatens suicide when she drinks", "suicide", OTHER),
    ("mi hija habla de quitarse la vida", "suicide", OTHER),
    ("mi hijo quiere morir", "suicide", OTHER),
    ("mi esposo dice que se quiere matar", "suicide", OTHER),
    ("creo que mi amiga es suicida", "suicide", OTHER),
    # self-harm
    ("i cut myself when im stressed", "self-harm", None),
    ("ive been burning myself with a lighter", "self-harm", None),
    ("self harm urges", "self-harm", None),
    ("I hit myself when I get angry", "self-harm", None),
    ("relapsed on self-harm after 2 years clean", "self-harm", None),
    ("i scratch myself until i bleed", "self-harm", None),
    ("cutting again", "self-harm", None),
    ("how do i hide my self harm scars", "self-harm", None),
    ("i bang my head against the wall when i get overwhelmed", "self-harm", None),
    ("my daughter has been cutting", "self-harm", OTHER),
    ("my son is hurting himself", "self-harm", OTHER),
    ("me corto los brazos", "self-harm", None),
    ("me autolesiono", "self-harm", None),
    ("me hago daño a propósito", "self-harm", None),
    ("tengo ganas de cortarme", "self-harm", None),
    ("mi hija se corta", "self-harm", OTHER),
    ("mi hijo se hace cortaduras", "self-harm", OTHER),
    ("me lastimo para sentir algo", "self-harm", None),
    ("me pego en la cabeza cuando me enojo", "self-harm", None),
    # harm to others
    ("i have urges to hurt people", "harm-to-others", None),
    ("I'm afraid I will kill someone", "harm-to-others", None),
    ("homicidal thoughts", "harm-to-others", None),
    ("thinking about hurting my coworkers", "harm-to-others", None),
    ("i have thoughts of killing my husband", "harm-to-others", None),
    ("I want to hurt my baby", "harm-to-others", None),
    ("the voices tell me to hurt my family", "harm-to-others", None),
    ("hearing voices telling me to hurt people", "harm-to-others", None),
    ("quiero matar a alguien", "harm-to-others", None),
    ("tengo ganas de lastimar a la gente", "harm-to-others", None),
    # intrusive thoughts of harming a baby or child: support, not alarm
    ("im scared i might hurt my baby", "harm-to-others", INTRUSIVE),
    ("i keep having thoughts of drowning my baby in the bath", "harm-to-others", INTRUSIVE),
    ("what if I drop my newborn on purpose", "harm-to-others", INTRUSIVE),
    ("intrusive thoughts about harming my toddler", "harm-to-others", INTRUSIVE),
    ("afraid to be alone with my baby because of scary thoughts", "harm-to-others", INTRUSIVE),
    ("harm ocd", "harm-to-others", INTRUSIVE),
    ("tengo miedo de hacerle daño a mi bebé", "harm-to-others", INTRUSIVE),
    ("pensamientos intrusivos de lastimar a mi hijo", "harm-to-others", INTRUSIVE),
    # abuse
    ("my husband hits me", "abuse", None),
    ("my boyfriend chokes me when he's drunk", "abuse", None),
    ("i'm in an abusive relationship", "abuse", None),
    ("i am not safe at home", "abuse", None),
    ("I don't feel safe at home", "abuse", None),
    ("scared of my husband", "abuse", None),
    ("he threatened to kill me if i leave", "abuse", None),
    ("my husband says he wants to kill me", "abuse", None),
    ("Tengo miedo de que mi esposo me mate", "abuse", None),
    ("mi novio me amenaza con matarme", "abuse", None),
    ("my partner won't let me see my friends or have money", "abuse", None),
    ("domestic violence", "abuse", None),
    ("mi esposo me golpea", "abuse", None),
    ("mi pareja me maltrata", "abuse", None),
    ("Mi husband me pega", "abuse", None),
    ("no me siento segura en mi casa", "abuse", None),
    ("violencia doméstica", "abuse", None),
    ("tengo miedo de mi esposo", "abuse", None),
    ("my sister's husband beats her", "abuse", OTHER),
    ("my daughter is being abused by her father", "abuse", "child"),
    ("I think my ex is abusing our son", "abuse", "child"),
    ("my dad beats me", "abuse", "child"),
    ("my stepdad touches me", "abuse", "child"),
    ("alguien abusa de mi hija", "abuse", "child"),
    ("mi padrastro me pega", "abuse", "child"),
    ("mi papá abusa de mí", "abuse", "child"),
    ("mi tío me tocó", "abuse", "child"),
    # psychosis
    ("I hear voices", "psychosis", None),
    ("hearing voices telling me im worthless", "psychosis", None),
    ("seeing things that arent there", "psychosis", None),
    ("i think the government is tracking me", "psychosis", None),
    ("someone put a chip in my brain", "psychosis", None),
    ("the tv is sending me messages", "psychosis", None),
    ("i think im losing touch with reality", "psychosis", None),
    ("my son is having a psychotic episode", "psychosis", OTHER),
    ("escucho voces que me dicen cosas", "psychosis", None),
    ("creo que me están envenenando", "psychosis", None),
    ("mi mamá tiene un brote psicótico", "psychosis", OTHER),
    # postpartum psychosis: an emergency
    ("postpartum psychosis", "psychosis", "postpartum"),
    ("psicosis posparto", "psychosis", "postpartum"),
    ("my wife had a baby 2 weeks ago and is hearing voices", "psychosis", "postpartum"),
    ("after giving birth i started seeing things that arent there", "psychosis", "postpartum"),
    ("depression after baby and hearing voices", "psychosis", "postpartum"),
    ("I had postpartum psychosis with my first, now pregnant again", "psychosis", "postpartum"),
    # medical danger
    ("i took a whole bottle of tylenol", "medical", None),
    ("I overdosed an hour ago", "medical", None),
    ("swallowed 20 sleeping pills", "medical", None),
    ("throwing up blood after purging", "medical", None),
    ("vomiting blood", "medical", None),
    ("I haven't eaten in 5 days and keep fainting", "medical", None),
    ("fainting after days without food", "medical", None),
    ("chest pains from laxatives", "medical", None),
    ("i cut too deep and it wont stop bleeding", "medical", None),
    ("drank bleach", "medical", None),
    ("me tomé todas las pastillas", "medical", None),
    ("vomito sangre", "medical", None),
    ("me desmayé porque no he comido en días", "medical", None),
    ("mi hijo tomó una sobredosis", "medical", OTHER),
    ("he vomitado sangre", "medical", None),  # Spanish "he": I have
    ("he is vomiting blood", "medical", OTHER),
    ("my son took pills and won't wake up", "medical", OTHER),
    ("he's not breathing", "medical", OTHER),
    ("my brother overdosed, he's at home", "medical", OTHER),
]

DEV_ORDINARY: list[str] = [
    # hyperbole and idiom
    "this job is killing me",
    "my feet are killing me",
    "dying to find a therapist",
    "I'm dying to try that restaurant",
    "i could die of embarrassment",
    "killing it at the gym",
    "I'm dead tired",
    "to die for chocolate cake",
    "drop dead gorgeous",
    "I want to kill it at my job interview",
    "killing time before my appointment",
    "suicide squad movie",
    "we did suicide sprints at practice",
    "i overdid it at the gym",
    "dead end job",
    "my phone died",
    "me muero de ganas de verte",
    "me muero de risa",
    "me quiero morir de la risa",
    "me mata el trabajo",
    "este trabajo me está matando",
    "estoy muerta de cansancio",
    "me muero por ir a la playa",
    "me estoy matando estudiando",
    "i'm killing myself at work to get promoted",
    "i want to die my hair blue",
    "i'd rather die than go to that party",
    "I am literally dying of boredom",
    "i want to kill my boss lol",
    "I could kill my husband sometimes",
    "my kids are driving me crazy",
    "my anxiety makes me feel like i'm going crazy",
    "should I kill my darlings in this essay",
    "I want the noise to stop",
    "i wish this day would end",
    "she'd be happier without me, my ex",
    "I want it to stop raining",
    "suicide prevention training for teachers",
    # bereavement by suicide or overdose: grief
    "my brother died by suicide",
    "lost my dad to suicide in 2019",
    "grief after my son's overdose",
    "my friend took his own life and I cant stop crying",
    "support group for suicide loss survivors",
    "mi hermano se suicidó hace un año",
    "perdí a mi hijo por suicidio",
    "duelo por suicidio",
    "my brother overdosed last year and died, I can't cope",
    # fear of death, panic, ordinary sadness
    "panic attacks make me feel like I'm dying",
    "siento que me voy a morir cuando tengo ataques de pánico",
    "I'm scared of dying",
    "no quiero morir",
    "i dont want to die",
    "fear of death",
    "end of life care for my dad",
    "my grandma is dying and I'm sad",
    "i feel hopeless",
    "tired all the time",
    # ordinary uses of crisis words
    "i want to end my marriage",
    "want to end things with my boyfriend",
    "I want to disappear from social media for a while",
    "quiero desaparecer de las redes sociales",
    "i'm sick of living with roommates",
    "tired of living paycheck to paycheck",
    "No point in going on vacation this year",
    "I'm so done with my job",
    "cutting carbs to lose weight",
    "me corté el pelo y me arrepiento",
    "I need to cut back on drinking",
    "hurt my back lifting",
    "she hurt my feelings",
    "my boyfriend broke up with me and it hurts",
    "he beat me at chess again",
    "my dad hit me up last night",
    "my kids hit me with pillows when we play",
    "i love hearing my kids voices",
    "took my meds this morning",
    "i take 2 advil for headaches",
    "took 10mg of lexapro",
    "postpartum depression therapist",
    "baby blues",
    "psychosis",
    "schizophrenia therapist",
    "i worry i hurt my toddler's feelings when i yell",
    # abuse placed in the past: a trauma history
    "i was abused as a child and want to work on it",
    "childhood sexual abuse survivor",
    "I left an abusive marriage 5 years ago",
    "my ex used to hit me, now I have PTSD",
    "de niña sufrí abuso",
    "domestic violence survivor",
    "abusive relationship recovery",
    # eating restriction alone is an eating-disorder search; with fainting it is "medical"
    "I've been starving myself to lose weight",
    "depresion posparto",
    "tengo ansiedad y no puedo dormir",
]
CRISIS: list[str] = [
    "I want to kill myself",
    "suicidal",
    "thinking of ending it all",
    "self harm",
    "cutting myself",
    "don't want to live anymore",
    "kms",
    "want to die",
    "overdose on purpose",
    "suicide",
    "self-harm",
    "I'm suicidal and depressed",
    "i have suicidal thoughts",
    "I wish I were dead",
    "end my life",
    "i keep hurting myself",
    "sucidal",
    "suicidial",
    "kill my self",
    "killmyself",
    "I don't want to be alive",
    "better off dead",
    "no reason to live",
    "I've been cutting again",
    "thoughts of suicide",
    "my son is suicidal",
    "how to stop self harming",
    "I want to disappear forever",
    "i want to unalive myself",
    "depressed and want to die",
    "my brother killed himself and now I want to die",
    "I cant go on",
    "lost the will to live",
    "OD on pills",
    "take all my pills",
    "i want to die",
    "I wanna die",
    "want to kill myself",
    "going to kill myself tonight",
    "i am going to end it",
    "suicide plan",
    "suicide hotline",
    "suicidal ideation",
    "passive suicidal thoughts",
    "I tried to kill myself",
    "suicide attempt",
    "after my suicide attempt",
    "self injury",
    "self harming",
    "I burn myself",
    "I hit myself when I'm upset",
    "i cut",
    "cutting",
    "razor blades to cut myself",
    "slit my wrists",
    "hang myself",
    "jump off a bridge",
    "no point in living",
    "life isn't worth living",
    "I want to end it",
    "i dont want to wake up",
    "i wish i could go to sleep and never wake up",
    "everyone would be better off without me",
    "I can't take it anymore",
    "thinking about killing myself",
    "thoughts of death",
    "i want to be dead",
    "i dont want to exist",
    "kill me",
    "please kill me",
    "i'm thinking of suicide",
    "sewerslide",
    "my daughter is cutting herself",
    "my teen self harms",
    "overdosing",
    "i took too many pills on purpose",
    "I'm going to take all my pills",
    "suicdal",
    "suiside",
    "selfharm",
    "i want to hurt myself",
    "i've been hurting myself",
    "ending my life",
    "take my own life",
    "I want to disappear",
]

HELD_BACK_CRISIS: list[str] = [
    "i want to end my life",
    "suicidal thoughts",
    "thinking about suicide",
    "I cut myself",
    "self-harm",
    "i dont want to be alive",
    "wanna die",
    "i wish i was dead",
    "kms",
    "planning to kill myself",
    "sucidal",
    "ending it all",
    "took an overdose on purpose",
    "everyone would be better off without me",
    "I hurt myself on purpose",
]

NOT_CRISIS: list[str] = [
    "killing it at work",
    "dying to find a therapist",
    "my dad died",
    "suicide of my brother",
    "my brother died by suicide",
    "my husband died",
    "death of my mother",
    "this commute is killing me",
    "my back is killing me",
    "midlife crisis",
    "identity crisis",
    "dying of laughter",
    "panic attacks feel like I'm dying",
    "I feel like I'm going to die during panic attacks",
    "lost my son to suicide",
    "my friend took her own life",
    "my mom died of an overdose",
    "cutting carbs",
    "my cat died",
    "end things with my girlfriend",
    "depression",
    "grief",
    "I am so tired",
    "dead tired",
    "killing time",
    "my phone died",
    "my grandmother died",
    "lost my dad to cancer",
    "grief after suicide loss",
    "suicide loss survivor",
    "survivor of suicide loss",
    "my uncle took his own life",
    "my son died of an overdose",
    "fatal overdose of my brother",
    "he killed himself last year",
    "my friends suicide",
    "dying to know",
    "killing me softly",
    "dead end job",
    "deadline",
    "drop dead gorgeous",
    "to die for cake",
    "die hard",
    "deadpool",
    "kill bill",
    "killer whale",
    "murder mystery",
    "hurt my back",
    "cut my hair",
    "cut back on sugar",
    "cutting costs",
    "end of life care for my mom",
    "my mom is dying of cancer",
    "scared of dying in a plane crash",
    "fear of death",
    "death anxiety",
    "overcoming fear",
    "heartbroken",
    "it hurts so much since she left",
    "i feel like i'm drowning in work",
    "burnt out",
    "exhausted",
    "tired of my job",
    "can't sleep",
    "crying a lot",
]

HELD_BACK_NOT_CRISIS: list[str] = [
    "killing it at work",
    "dying to find a therapist",
    "my dad died",
    "my brother died by suicide",
    "I'm dying to get help with anxiety",
    "this job is killing me",
    "deadline stress",
    "dead tired all the time",
    "lost my mom to suicide last year",
    "midlife crisis",
]


IDIOMS = [
    "I keep shooting myself in the foot at work",
    "hurt myself at the gym",
    "pizza near me",
    "OCD",
]


def kinds(text: str) -> tuple[str, ...]:
    return triage(text).kinds


# --------------------------------------------------------------------------- the dev set


@pytest.mark.parametrize(("text", "kind", "detail"), DEV_CRISIS)
def test_crisis_phrasings_are_recognised_by_kind(text: str, kind: str, detail: str | None) -> None:
    result = triage(text)
    assert kind in result.kinds, result
    if detail != ANY:
        assert detail in {s.detail for s in result.signals if s.kind == kind}, result


@pytest.mark.parametrize("text", DEV_ORDINARY)
def test_ordinary_text_raises_no_alarm(text: str) -> None:
    assert triage(text).signals == ()


def test_dev_set_is_varied() -> None:
    assert len(DEV_CRISIS) >= 120
    assert len(DEV_ORDINARY) >= 50
    assert {kind for _, kind, _ in DEV_CRISIS} == set(KINDS)
    spanish = [t for t, _, _ in DEV_CRISIS if re.search(r"\b(?:quiero|mi|me|tengo|no)\b", t)]
    assert len(spanish) >= 30


# --------------------------------------------------------------------------- via conditions


@pytest.mark.parametrize("text", CRISIS + HELD_BACK_CRISIS)
def test_crisis_language_is_flagged(text: str) -> None:
    assert resolve_conditions(text).crisis is True


@pytest.mark.parametrize("text", NOT_CRISIS + HELD_BACK_NOT_CRISIS + IDIOMS)
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert resolve_conditions(text).crisis is False


def test_bereavement_by_suicide_is_grief_but_own_crisis_language_still_flags() -> None:
    res = resolve_conditions("suicide of my brother")
    assert (res.crisis, res.matches[0].slug) == (False, "grief")
    assert res.safety.bereaved is True
    res = resolve_conditions("my brother died by suicide and I want to die too")
    assert res.crisis is True
    assert "grief" in [m.slug for m in res.matches]
    assert res.safety.signals[0].text == "want to die"
    assert res.safety.signals[0].detail is None  # the writer, not the brother


def test_suicide_text_with_no_condition_still_returns_results() -> None:
    res = resolve_conditions("I want to kill myself")
    assert res.crisis is True
    assert [m.slug for m in res.matches] == ["depression"]
    assert res.matches[0].score <= 0.5  # a fallback, not a diagnosis
    both = resolve_conditions("suicidal and bulimic")
    assert both.crisis is True
    assert both.matches[0].slug == "bulimia"
    spanish = resolve_conditions("quiero morir")
    assert spanish.safety.kinds == ("suicide",)
    assert [m.slug for m in spanish.matches] == ["depression"]


@pytest.mark.parametrize(
    "text",
    ["my husband hits me", "I hear voices", "vomiting blood", "im scared i might hurt my baby"],
)
def test_other_dangers_invent_no_depression_match(text: str) -> None:
    res = resolve_conditions(text)
    assert res.crisis is True
    assert "depression" not in [m.slug for m in res.matches]


def test_postpartum_psychosis_is_an_emergency_not_perinatal_depression() -> None:
    res = resolve_conditions("postpartum psychosis")
    assert res.crisis is True
    assert res.matches == ()
    assert res.safety.signals[0] == SafetySignal("psychosis", "postpartum psychosis", "postpartum")
    both = resolve_conditions("postpartum depression and now I'm hearing voices")
    assert both.matches[0].slug == "perinatal-depression"
    assert both.safety.signals[0].detail == "postpartum"
    assert resolve_conditions("postpartum depression").crisis is False


def test_crisis_late_in_long_text_is_still_seen_by_conditions() -> None:
    text = "I have been feeling low for a long time. " * 30 + "I want to kill myself."
    assert len(text) > 1000
    assert resolve_conditions(text).crisis is True


# --------------------------------------------------------------------------- signals


def test_triage_shape() -> None:
    result = triage("My husband hits me and I want to die")
    assert isinstance(result, Triage)
    assert result.crisis is True
    assert result.kinds == ("suicide", "abuse")  # most urgent first
    assert all(isinstance(s, SafetySignal) for s in result.signals)
    assert triage("depression") == Triage(())
    assert triage("").crisis is False
    assert triage(None).crisis is False  # type: ignore[arg-type]


def test_signal_text_is_the_seekers_own_words() -> None:
    [signal] = triage("Honestly?? I just… don't want to LIVE anymore 😞").signals
    assert signal.text == "don't want to LIVE"
    [signal] = triage("Mi esposo me GOLPEA cuando bebe").signals
    assert signal.text == "Mi esposo me GOLPEA"
    [signal] = triage("Quiero morír").signals
    assert signal.text == "Quiero morír"


def test_kinds_are_unique_and_ordered_by_urgency() -> None:
    result = triage("I took 40 pills to kill myself, my son is suicidal too")
    assert result.kinds == ("medical", "suicide")
    assert [s.detail for s in result.signals if s.kind == "suicide"] == [None, OTHER]
    assert triage("hearing voices and I think the cia is watching me").kinds == ("psychosis",)


def test_intrusive_thoughts_rank_after_everything_else() -> None:
    result = triage("scared I might hurt my baby and my partner hits me")
    assert result.kinds == ("abuse", "harm-to-others")


def test_a_plain_denial_is_believed_but_a_hedged_one_still_shows_help() -> None:
    # the seeker's own answer: a search for sadness, not a crisis (the crisis strip stays)
    assert kinds("I'm not suicidal, just sad") == ()
    assert kinds("no tengo pensamientos suicidas") == ()
    assert kinds("no soy suicida, solo estoy triste") == ()
    assert kinds("depression without suicidal thoughts") == ()
    assert kinds("I don't want to die") == ()
    assert kinds("no quiero morir") == ()
    # hedges, and any other crisis words, keep the panel
    assert kinds("not really suicidal but i wish i was dead") == ("suicide",)
    assert kinds("I'm not actively suicidal") == ("suicide",)
    assert kinds("im not suicidal yet") == ("suicide",)
    assert kinds("never had suicidal thoughts until now") == ("suicide",)
    assert kinds("im not suicidal but i think about dying a lot") == ("suicide",)
    assert kinds("no soy suicida pero quiero desaparecer para siempre") == ("suicide",)


def test_a_history_stated_as_over_is_not_a_crisis_unless_it_is_back() -> None:
    assert kinds("i attempted suicide years ago and im doing better now") == ()
    assert kinds("i used to self harm in high school") == ()
    assert kinds("history of self harm, looking for a DBT therapist") == ()
    assert kinds("i attempted suicide years ago and lately the thoughts are back") == ("suicide",)
    assert kinds("i used to cut and the urges are back") == ("self-harm",)
    assert kinds("I attempted suicide last year and the thoughts are back") == ("suicide",)


def test_a_negation_undone_by_stop_still_counts() -> None:
    assert kinds("i cant stop thinking about dying") == ("suicide",)
    assert kinds("i never stop thinking about killing myself") == ("suicide",)
    assert kinds("i havent eaten much today, stressed about exams") == ()


def test_abuse_in_the_past_is_history_but_present_abuse_is_flagged() -> None:
    assert kinds("my ex used to hit me") == ()
    assert kinds("my ex hits me") == ("abuse",)
    assert kinds("mi ex me pegaba") == ()
    assert kinds("mi ex me pega") == ("abuse",)


# --------------------------------------------------------------------------- properties

CRISIS_TEXTS = [t for t, _, _ in DEV_CRISIS]
ORDINARY_CLAUSES = DEV_ORDINARY + NOT_CRISIS + ["and I like pizza", "gracias", "lol", "🙂"]


# deadline=None: on a shared, loaded machine one example can stall for half a second
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.sampled_from(CRISIS_TEXTS),
    st.sampled_from(ORDINARY_CLAUSES),
    st.sampled_from([". ", ", ", "! ", "\n", "... ", "; ", "? "]),
)
def test_an_ordinary_clause_never_removes_a_kind(crisis: str, ordinary: str, sep: str) -> None:
    found = set(kinds(crisis))
    assert found <= set(kinds(crisis + sep + ordinary))
    assert found <= set(kinds(ordinary + sep + crisis))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_is_handled(text: str) -> None:
    result = triage(text)
    assert all(s.kind in KINDS for s in result.signals)
    assert len(set(result.kinds)) == len(result.kinds)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CRISIS_TEXTS + DEV_ORDINARY), st.text(max_size=40))
def test_accents_and_case_do_not_change_the_kinds(text: str, noise: str) -> None:
    plain = "".join(
        c for c in unicodedata.normalize("NFD", text + noise) if not unicodedata.combining(c)
    )
    assert kinds(plain) == kinds(text + noise)
    assert kinds(text.upper()) == kinds(text)


@pytest.mark.parametrize("text", [*CRISIS_TEXTS[:20], "quiero morir"])
def test_accented_and_emoji_variants_read_the_same(text: str) -> None:
    accented = text.replace("o", "ó").replace("e", "é").replace("a", "á")
    assert kinds(accented) == kinds(text)
    assert kinds("😭 " + text + " 💔🙏") == kinds(text)


def test_very_long_text_is_read_up_to_the_cap() -> None:
    filler = "I have had a hard week at work and my sleep is bad. "
    early = "I want to die. " + filler * 2000
    assert len(early) > 10 * MAX_SCAN_CHARS
    assert kinds(early) == ("suicide",)
    late = filler * 2000 + "I want to die."
    assert kinds(late) == ()  # beyond the cap: the cost of one call stays bounded
    no_spaces = "a" * (MAX_SCAN_CHARS * 3)
    assert kinds(no_spaces) == ()
    assert kinds("😭" * 50_000) == ()


def test_the_cap_never_cuts_a_word_into_a_crisis_word() -> None:
    # cut at exactly MAX_SCAN_CHARS, "kmspico" would end in "kms"; the cut is made at a space
    assert kinds("kms") == ("suicide",)
    text = "a" * (MAX_SCAN_CHARS - 4) + " kmspico download"
    assert text[:MAX_SCAN_CHARS].endswith(" kms")
    assert kinds(text) == ()


# --------------------------------------------------------------------------- resources data

DATA = json.loads((SEED_DATA_DIR / "crisis_resources.json").read_text(encoding="utf-8"))
PHONE = re.compile(r"^(?:\d{3}|1-\d{3}-\d{3}-\d{4})$")


def test_resource_data_is_complete_and_consistent() -> None:
    ids = [r["id"] for r in DATA["resources"]]
    assert len(ids) == len(set(ids))
    for r in DATA["resources"]:
        assert r["source_url"].startswith("https://"), r["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["checked"]), r["id"]
        assert r["phone"] or r["sms"], r["id"]
        if r["phone"]:
            assert PHONE.match(r["phone"]), r["id"]
        if r["sms"]:
            assert re.fullmatch(r"\d{3,6}|1-\d{3}-\d{3}-\d{4}", r["sms"]["number"]), r["id"]
        if r["chat_url"]:
            assert r["chat_url"].startswith("https://"), r["id"]
        for field in ("name", "hours", "for"):
            assert set(r[field]) == {"en", "es"}, (r["id"], field)
            assert all(r[field].values()), (r["id"], field)
        assert r["languages"], r["id"]
        assert set(r["languages"]) <= {"en", "es"}, r["id"]
    for kind in KINDS:
        assert DATA["by_kind"][kind], kind
        assert set(DATA["messages"][kind]) == {"en", "es"}, kind
    for order in [*DATA["by_kind"].values(), *DATA["by_detail"].values(), DATA["default"]]:
        assert order
        assert set(order) <= set(ids)
    assert set(DATA["default"]) == set(ids)
    for key in DATA["by_detail"]:
        kind, detail = key.split("/")
        assert kind in KINDS, key
        assert detail in safety.DETAILS, key
    for key, texts in DATA["messages"].items():
        assert key.split("/")[0] in KINDS, key
        assert set(texts) == {"en", "es"}, key
        assert all(texts.values()), key


def test_the_facts_from_the_domain_brief() -> None:
    by_id = {r["id"]: r for r in DATA["resources"]}
    lifeline = by_id["988"]
    assert (lifeline["phone"], lifeline["chat_url"]) == ("988", "https://988lifeline.org/chat")
    assert lifeline["sms"]["keyword_by_lang"]["es"] == "AYUDA"
    assert "838255" in lifeline["notes"]["en"]
    assert "press 2" in lifeline["notes"]["en"]
    assert by_id["dv-hotline"]["sms"] == {
        "number": "88788",
        "keyword": "START",
        "keyword_by_lang": {},
    }
    assert by_id["crisis-text-line"]["sms"]["keyword"] == "HOME"
    assert by_id["crisis-text-line"]["languages"] == ["en"]  # Spanish is not in the brief
    assert by_id["maternal-mental-health"]["languages"] == ["en", "es"]
    assert by_id["poison-control"]["phone"] == "1-800-222-1222"
    assert by_id["childhelp"]["phone"] == "1-800-422-4453"
    assert by_id["trevor-project"]["phone"] == "1-866-488-7386"


# --------------------------------------------------------------------------- resources API


def test_resources_follow_the_kinds_without_repeats() -> None:
    ids = [r.id for r in resources_for(["medical", "suicide"])]
    assert ids == ["911", "poison-control", "988", "crisis-text-line"]
    assert resources_for(["abuse"])[0].id == "dv-hotline"
    assert [r.id for r in resources_for([])] == DATA["default"]


def test_resources_in_spanish_and_unknown_languages() -> None:
    [lifeline, *_] = resources_for(["suicide"], "es")
    assert lifeline.name == "988 Línea de Prevención del Suicidio y Crisis"
    assert lifeline.sms_keyword == "AYUDA"
    assert resources_for(["suicide"], "es-MX")[0].name == lifeline.name
    english = resources_for(["suicide"], "fr")[0]
    assert english.name == "988 Suicide & Crisis Lifeline"
    assert english.sms_keyword is None  # any message to 988
    assert english.source_url == "https://988lifeline.org/"


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown safety kind 'sad'.*suicide"):
        resources_for(["sad"])


def test_details_reorder_their_kind() -> None:
    intrusive = resources_for_triage(triage("scared I'll hurt my baby"))
    assert intrusive[0].id == "maternal-mental-health"
    postpartum = resources_for_triage(triage("postpartum psychosis"))
    assert [r.id for r in postpartum][:2] == ["911", "maternal-mental-health"]
    child = resources_for_triage(triage("my stepdad hits me"))
    assert child[0].id == "childhelp"
    assert resources_for_triage(Triage(())) == resources_for([])


def test_messages_fit_the_danger_and_the_language() -> None:
    assert message_for(Triage(())) is None
    intrusive = message_for(triage("im scared i might hurt my baby"))
    assert intrusive
    assert "common" in intrusive
    assert "1-833-852-6262" in intrusive
    assert "emergency" in message_for(triage("postpartum psychosis"))
    worried = message_for(triage("my son is suicidal"))
    assert worried
    assert "worried" in worried
    spanish = message_for(triage("quiero morir"), "es")
    assert spanish
    assert "AYUDA" in spanish
    assert message_for(triage("quiero morir"), "xx") == message_for(triage("quiero morir"))


# --------------------------------------------------------------------------- concept layer

DEV_DIR = __import__("pathlib").Path(__file__).parent / "safety_dev"


def dev_rows(prefix: str) -> list[dict]:
    rows = []
    for path in sorted(DEV_DIR.glob(f"{prefix}*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


TUNE_ROWS = dev_rows("tune_") + dev_rows("independent_")


def test_dev_files_are_well_formed_and_varied() -> None:
    rows = TUNE_ROWS + dev_rows("holdback_")
    for row in rows:
        assert {"text", "kinds", "lang"} <= set(row) <= {"text", "kinds", "lang", "note"}, row
        assert row["lang"] in ("en", "es"), row
        assert all(k in KINDS for k in row["kinds"]), row
    crisis = [r for r in rows if r["kinds"]]
    assert len(crisis) >= 250
    assert len(rows) - len(crisis) >= 120
    assert all(sum(r["kinds"][0] == k for r in crisis) >= 35 for k in KINDS)
    assert sum(r["lang"] == "es" for r in crisis) >= 0.3 * len(crisis)


def test_tuning_phrasings_are_flagged_with_their_kind() -> None:
    crisis = [r for r in TUNE_ROWS if r["kinds"]]
    missed = [r["text"] for r in crisis if r["kinds"][0] not in triage(r["text"]).kinds]
    assert len(missed) <= 0.03 * len(crisis), missed


def test_tuning_ordinary_searches_raise_few_alarms() -> None:
    ordinary = [r for r in TUNE_ROWS if not r["kinds"]]
    alarms = [r["text"] for r in ordinary if triage(r["text"]).crisis]
    assert len(alarms) <= 0.03 * len(ordinary), alarms


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("ngl ive been looking at the train tracks lately", "suicide", "looking at the train"),
        ("estoy pensando seriamente en matarme", "suicide", "matarme"),
        ("i took 15 adderall and my heart is pounding", "medical", "took 15 adderall"),
        ("mi novio me da cachetadas", "abuse", "mi novio me da cachetadas"),
        ("my son believes he's being hunted by the mafia", "psychosis", "hunted by the mafia"),
        ("my son punches walls and bites himself when upset", "self-harm", "bites himself"),
    ],
)
def test_concept_signals_name_the_words_that_triggered_them(
    text: str, kind: str, words: str
) -> None:
    signal = next(s for s in triage(text).signals if s.kind == kind)
    assert words in signal.text


def test_concept_guards_stay_inside_their_clause() -> None:
    assert kinds("i took my meds today") == ()
    assert kinds("blood test on monday") == ()
    assert kinds("i threw up blood, i have a blood test on monday") == ("medical",)
    assert kinds("i want to kill my boss lol") == ()
    assert kinds("tengo ganas de matar a mi padrastro") == ("harm-to-others",)
    # a guard in another clause of the sentence cancels nothing
    assert "harm-to-others" in kinds("this job is killing me, tengo miedo de que mi esposo me mate")


def test_negation_cancels_a_desire_or_threat_but_not_the_crisis_words() -> None:
    assert kinds("i dont want to sleep forever") == ()
    assert kinds("i would never hurt anyone") == ()
    assert kinds("ya no quiero estar aqui") == ("suicide",)


def test_lexicon_names_only_known_kinds_and_concepts() -> None:
    data = json.loads((SEED_DATA_DIR / safety.LEXICON_FILE).read_text(encoding="utf-8"))
    assert set(data["kinds"]) == set(KINDS)
    for spec in data["kinds"].values():
        assert set(spec["weights"]) | set(spec["guards"]) <= set(data["concepts"])
    assert set(data["negatable"]) <= set(data["concepts"])


@pytest.mark.parametrize(
    "text",
    [
        "i cant breathe",
        "no puedo respirar",
        "crushing chest pain spreading down my left arm",
        "i think im having a stroke",
        "my husband is having a seizure",
        "my grandpa collapsed and isnt responding",
        "drinking every day for years, stopped 2 days ago and now im shaking and seeing things",
        "dejé de beber y estoy temblando y viendo cosas",
        "my kid drank cleaning liquid",
        "mi hijo se trago una pila",
        "me tome el frasco completo",
        "i havent eaten in 6 days",
        "no e comido en dias y me desmalle",
        "estoy bomitando sangre",
        "sugar is really low and im shaking and confused",
        "my friend is ODing",
    ],
)
def test_medical_emergencies_described_many_ways(text: str) -> None:
    assert "medical" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "panic attacks, cant breathe",
        "i cant breathe, my boss is suffocating me with deadlines",
        "a veces siento que no puedo respirar",
        "health anxiety, i always think i'm having a heart attack",
        "my dad had a stroke last year and im his caregiver",
        "i have epilepsy and depression",
        "i quit drinking 2 years ago and want support",
        "i haven't eaten much today, stressed about exams",
        "my daughter has anorexia, looking for FBT therapist",
        "mi papa tuvo un infarto hace dos anos y estoy deprimido",
    ],
)
def test_ordinary_health_searches_are_not_emergencies(text: str) -> None:
    assert kinds(text) == ()


def test_spanish_spelt_by_ear_reads_as_the_crisis_word() -> None:
    assert safety._fix_token("desmalle") == "desmaye"
    assert safety._fix_token("bomitando") == "vomitando"
    assert safety._fix_token("pastiyas") == "pastillas"
    assert safety._fix_token("bills") == "bills"  # a real word is never changed


def test_emoji_for_means_read_as_their_words() -> None:
    signal = triage("i want to take all my 💊").signals[0]
    assert signal.kind == "suicide"
    assert "💊" in signal.text


def test_bare_overdose_shows_both_medical_and_suicide_help() -> None:
    assert kinds("overdose") == ("medical", "suicide")
    assert kinds("sobredosis ayuda") == ("medical", "suicide")
    assert kinds("overdose awareness training") == ()


def test_a_recent_assault_is_abuse_but_one_in_the_past_is_history() -> None:
    assert kinds("i was raped last night") == ("abuse",)
    assert kinds("fui violada anoche") == ("abuse",)
    assert kinds("i was raped in college and still have nightmares") == ()


def test_a_threat_of_violence_by_someone_else_is_harm_to_others() -> None:
    assert "harm-to-others" in kinds("coworker said hed bring a gun to work monday")
    assert "harm-to-others" in kinds("mi hijo amenaza con matarnos a todos")
    assert kinds("my mom is going to kill me if i fail this test") == ()


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("me no want live more, very sad all time", "suicide", "no want live"),
        ("i no want be alive", "suicide", "no want be alive"),
        ("my mother no breathing good, lips purple", "medical", "lips purple"),
        ("i no can breathe", "medical", "no can breathe"),
    ],
)
def test_telegraphic_english_reads_as_its_plain_form(text: str, kind: str, words: str) -> None:
    signal = next(s for s in triage(text).signals if s.kind == kind)
    assert words in signal.text


def test_telegraphic_reading_leaves_spanish_and_plain_negation_alone() -> None:
    assert kinds("no quiero morir") == ()
    assert kinds("i no longer eat meat") == ()
    assert kinds("no sleep again, need a therapist for insomnia") == ()


def test_a_search_for_help_with_abuse_is_not_itself_a_crisis() -> None:
    assert kinds("therapist who specializes in elder abuse trauma") == ()
    assert kinds("grupo de apoyo para víctimas de violencia doméstica") == ()
    assert kinds("I need a therapist, my husband hits me") == ("abuse",)
    assert kinds("terapeuta para violencia domestica, mi esposo me pega") == ("abuse",)


def test_veterans_farmers_and_night_plans() -> None:
    assert kinds("veteran here, ive been sitting with my service weapon in my lap") == ("suicide",)
    assert kinds("lost too many buddies, ready to join them") == ("suicide",)
    assert kinds("my family would get the life insurance if i was gone") == ("suicide",)
    assert kinds("how much life insurance do i need for my family") == ()
    assert kinds("im going to do it tonight after everyone is asleep") == ("suicide",)
    assert kinds("i study after everyone is asleep") == ()


def test_elder_abuse_lists_the_eldercare_locator_after_the_usual_services() -> None:
    by_id = {r["id"]: r for r in DATA["resources"]}
    assert by_id["eldercare-locator"]["phone"] == "1-800-677-1116"
    assert by_id["eldercare-locator"]["source_url"] == "https://eldercare.acl.gov/"
    for text in (
        "my son takes my pension money and will not let me see my doctor",
        "The caregiver at my mother's nursing home has been hitting her",
        "a mi abuela le pegan en el asilo",
        "my uncle is hurting my grandma",
    ):
        result = triage(text)
        assert [(s.kind, s.detail) for s in result.signals] == [("abuse", "elder")], text
        assert [r.id for r in resources_for_triage(result)] == [
            "dv-hotline",
            "911",
            "eldercare-locator",
        ]
        assert "1-800-677-1116" in (message_for(result) or "")
    # a grandparent who hurts a child is not elder abuse; a partner's violence is unchanged
    assert triage("my grandpa touches me when nobody is home").signals[0].detail != "elder"
    assert resources_for_triage(triage("my husband hits me"))[0].id == "dv-hotline"
    assert "eldercare-locator" not in [
        r.id for r in resources_for_triage(triage("my husband hits me"))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "history of psychosis, stable on meds for 3 years, want IPT for depression",
        "my suicide attempt was in 2019, I'm stable now and want maintenance therapy",
        "sober 2 years after an overdose in 2021, looking for relapse prevention therapy",
        "I used to hear voices when I was using meth but I've been clean 3 years",
        "hace 3 años intenté suicidarme, ahora estoy bien y quiero terapia de mantenimiento",
        "no self harm, just bad anxiety and insomnia",
        "no tengo ganas de morir, solo estoy muy cansada",
        "my 4 year old hits his sister, want parenting help",
    ],
)
def test_a_crisis_the_sentence_says_is_over_or_denied_is_not_flagged(text: str) -> None:
    assert kinds(text) == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I was stable for years but now I want to die", "suicide"),
        ("sober 3 years and I just relapsed and took a bunch of pills", "medical"),
        ("I'm in recovery but the voices are back", "psychosis"),
        ("I've been sober 2 years, my husband hits me every day", "abuse"),
        ("sober 2 years, i hear voices telling me to kill myself", "psychosis"),
        ("i'm fine now, i took 40 tylenol an hour ago", "medical"),
        ("estuve en recuperación y ahora quiero morirme", "suicide"),
        ("I had postpartum psychosis with my first, now pregnant again", "psychosis"),
        ("estoy bien depre y he pensado en aventarme del segundo piso", "suicide"),
    ],
)
def test_recovery_words_do_not_hide_a_crisis_that_is_here_now(text: str, kind: str) -> None:
    assert kind in kinds(text)


def test_spanish_third_person_reads_as_the_first() -> None:
    assert "suicide" in kinds("mi esposa me dijo que ha pensado en quitarse la vida")
    assert "suicide" in kinds("mi amiga dice que se va a tirar del puente")
    # "me va a matar" is a threat to the writer, never "me voy a matar"
    assert "suicide" not in kinds("mi jefe me va a matar si llego tarde")
    assert kinds("mi hermano se va a mudar a otro estado y me siento sola") == ()


def test_limited_english_verbs_after_a_subject() -> None:
    assert "medical" in kinds("my son he drink the cleaning liquid, what i do")
    assert "medical" in kinds("my mother fall and no wake up")
    assert kinds("they cut my hours at work and now im depressed about money") == ()


def test_an_age_is_not_a_quantity_taken() -> None:
    """'my 15 year old … throw up' is an eating-disorder search: an age is not a pill count."""
    assert triage("my 15 year old daughter has been making herself throw up").kinds == ()
    assert triage("mi hija de 15 anos se provoca el vomito").kinds == ()
    assert "medical" in triage("my 15 year old swallowed 20 pills").kinds
