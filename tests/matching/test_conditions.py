"""Tests for matching.conditions: free text -> canonical condition slugs and age hints.

The labelled lists below are the accuracy check. DEVELOPMENT_SET was used while building the
lexicon; HELD_BACK_SET was written before it and only used to measure. Both must stay above the
product's bar (top-1 >= 95 %) and unrelated text must (almost) never match. Crisis language is
tested in tests/matching/test_safety.py.
"""

from __future__ import annotations

import dataclasses
import statistics
import time

import pytest

from matching import conditions
from matching.conditions import ConditionMatch, ConditionResolution, resolve_conditions
from matching.reference import vocabulary

AGE_GROUPS = {"children", "adolescents", "adults", "older-adults"}


def top(text: str) -> str | None:
    matches = resolve_conditions(text).matches
    return matches[0].slug if matches else None


def slugs(text: str) -> list[str]:
    return [m.slug for m in resolve_conditions(text).matches]


def accuracy(pairs: list[tuple[str, str]]) -> tuple[float, list[tuple[str, str, str | None]]]:
    misses = [(q, want, top(q)) for q, want in pairs if top(q) != want]
    return 1 - len(misses) / len(pairs), misses


# Development set: written alongside the lexicon and used to tune it.

DEVELOPMENT_SET: list[tuple[str, str]] = [
    ("depression", "depression"),
    ("Depression therapist near me", "depression"),
    ("depressed", "depression"),
    ("I think I'm depressed", "depression"),
    ("feeling depressed lately", "depression"),
    ("MDD", "depression"),
    ("major depressive disorder", "depression"),
    ("depresssion", "depression"),
    ("deppression", "depression"),
    ("depresed and tired", "depression"),
    ("clinical depression", "depression"),
    ("sad all the time", "depression"),
    ("I feel empty and numb", "depression"),
    ("can't get out of bed in the morning", "depression"),
    ("no motivation to do anything", "depression"),
    ("lost interest in everything I used to love", "depression"),
    ("hopeless", "depression"),
    ("feeling worthless", "depression"),
    ("low mood", "depression"),
    ("seasonal affective disorder", "depression"),
    ("winter blues", "depression"),
    ("depression in teenagers", "depression"),
    ("elderly depression", "depression"),
    ("i cry all the time and feel down", "depression"),
    ("melancholy", "depression"),
    ("my antidepressants aren't working", "depression"),
    ("feeling down", "depression"),
    ("sad", "depression"),
    ("help with depression and anxiety", "depression"),
    ("postpartum depression", "perinatal-depression"),
    ("post partum depression", "perinatal-depression"),
    ("post-partum depresion", "perinatal-depression"),
    ("postnatal depression", "perinatal-depression"),
    ("PPD", "perinatal-depression"),
    ("ppd therapist", "perinatal-depression"),
    ("baby blues", "perinatal-depression"),
    ("after giving birth I feel empty", "perinatal-depression"),
    ("pregnant and depressed", "perinatal-depression"),
    ("depression during pregnancy", "perinatal-depression"),
    ("prenatal depression", "perinatal-depression"),
    ("perinatal depression", "perinatal-depression"),
    ("new mom can't stop crying", "perinatal-depression"),
    ("postpartum anxiety", "perinatal-depression"),
    ("since having my baby I feel so low", "perinatal-depression"),
    ("PND", "perinatal-depression"),
    ("maternal mental health", "perinatal-depression"),
    ("pospartum depression", "perinatal-depression"),
    ("I think I have postpartum depression", "perinatal-depression"),
    ("dysthymia", "persistent-depression"),
    ("persistent depressive disorder", "persistent-depression"),
    ("PDD", "persistent-depression"),
    ("chronic depression", "persistent-depression"),
    ("I've been depressed my whole life", "persistent-depression"),
    ("depressed for years", "persistent-depression"),
    ("dysthimia", "persistent-depression"),
    ("high functioning depression", "persistent-depression"),
    ("low grade depression that never goes away", "persistent-depression"),
    ("bipolar", "bipolar"),
    ("bipolar disorder", "bipolar"),
    ("bi-polar", "bipolar"),
    ("bipolor", "bipolar"),
    ("bipoler", "bipolar"),
    ("manic depression", "bipolar"),
    ("mood swings highs and lows", "bipolar"),
    ("bipolar 2", "bipolar"),
    ("manic episodes", "bipolar"),
    ("mania", "bipolar"),
    ("hypomanic", "bipolar"),
    ("IPSRT", "bipolar"),
    ("interpersonal social rhythm therapy", "bipolar"),
    ("extreme mood swings", "bipolar"),
    ("my wife is bipolar", "bipolar"),
    ("cyclothymic disorder", "bipolar"),
    ("bipolar depression", "bipolar"),
    ("PTSD", "ptsd"),
    ("ptsd", "ptsd"),
    ("P.T.S.D.", "ptsd"),
    ("post traumatic stress disorder", "ptsd"),
    ("post-traumatic stress", "ptsd"),
    ("CPTSD", "ptsd"),
    ("complex ptsd", "ptsd"),
    ("trauma", "ptsd"),
    ("flashbacks", "ptsd"),
    ("nightmares after the war", "ptsd"),
    ("combat veteran ptsd", "ptsd"),
    ("traumatized", "ptsd"),
    ("trauma from childhood", "ptsd"),
    ("I was raped", "ptsd"),
    ("domestic violence survivor", "ptsd"),
    ("birth trauma", "ptsd"),
    ("ptsd after car accident", "ptsd"),
    ("trama", "ptsd"),
    ("truama therapist", "ptsd"),
    ("pstd", "ptsd"),
    ("hypervigilant and jumpy", "ptsd"),
    ("emotional abuse recovery", "ptsd"),
    ("eating disorder", "eating-disorders"),
    ("eating disorders", "eating-disorders"),
    ("ED", "eating-disorders"),
    ("disordered eating", "eating-disorders"),
    ("problems with food and my body", "eating-disorders"),
    ("ed recovery therapist", "eating-disorders"),
    ("EDNOS", "eating-disorders"),
    ("OSFED", "eating-disorders"),
    ("eating disorder specialist", "eating-disorders"),
    ("eatingdisorder", "eating-disorders"),
    ("bulimia", "bulimia"),
    ("bulimia nervosa", "bulimia"),
    ("bulimea", "bulimia"),
    ("bulemia", "bulimia"),
    ("throwing up after eating", "bulimia"),
    ("I make myself sick after meals", "bulimia"),
    ("binging and purging", "bulimia"),
    ("purging", "bulimia"),
    ("bulimic", "bulimia"),
    ("I binge and then throw up", "bulimia"),
    ("laxative abuse", "bulimia"),
    ("binge eating", "binge-eating"),
    ("binge eating disorder", "binge-eating"),
    ("BED", "binge-eating"),
    ("can't stop bingeing", "binge-eating"),
    ("binging", "binge-eating"),
    ("compulsive eating", "binge-eating"),
    ("emotional eating", "binge-eating"),
    ("food addiction", "binge-eating"),
    ("overeating", "binge-eating"),
    ("BED eating disorder", "binge-eating"),
    ("binge eatting", "binge-eating"),
    ("I binge every night", "binge-eating"),
    ("anorexia", "anorexia"),
    ("anorexic", "anorexia"),
    ("anorexia nervosa", "anorexia"),
    ("anorexya", "anorexia"),
    ("my daughter is starving herself", "anorexia"),
    ("starving myself", "anorexia"),
    ("afraid of gaining weight", "anorexia"),
    ("restrictive eating", "anorexia"),
    ("anorexcia", "anorexia"),
    ("anxiety", "anxiety"),
    ("anxious", "anxiety"),
    ("anxeity", "anxiety"),
    ("anxiey", "anxiety"),
    ("panic attacks", "anxiety"),
    ("panic attack", "anxiety"),
    ("panic disorder", "anxiety"),
    ("agoraphobia", "anxiety"),
    ("phobia of flying", "anxiety"),
    ("health anxiety", "anxiety"),
    ("anxiety and depression", "anxiety"),
    ("nervous", "anxiety"),
    ("I get really anxious", "anxiety"),
    ("anxiety therapist", "anxiety"),
    ("anixety", "anxiety"),
    ("panick attacks", "anxiety"),
    ("GAD", "generalized-anxiety"),
    ("generalized anxiety disorder", "generalized-anxiety"),
    ("generalised anxiety", "generalized-anxiety"),
    ("worry all the time", "generalized-anxiety"),
    ("I worry about everything", "generalized-anxiety"),
    ("constant worry", "generalized-anxiety"),
    ("overthinking everything", "generalized-anxiety"),
    ("worrying too much", "generalized-anxiety"),
    ("generalized anxiety", "generalized-anxiety"),
    ("chronic worrier", "generalized-anxiety"),
    ("social anxiety", "social-anxiety"),
    ("social anxiety disorder", "social-anxiety"),
    ("scared of people", "social-anxiety"),
    ("social phobia", "social-anxiety"),
    ("shy", "social-anxiety"),
    ("fear of public speaking", "social-anxiety"),
    ("afraid of being judged", "social-anxiety"),
    ("socially awkward and anxious", "social-anxiety"),
    ("SAD social anxiety", "social-anxiety"),
    ("social anxeity", "social-anxiety"),
    ("I get anxious in social situations", "social-anxiety"),
    ("grief", "grief"),
    ("grieving", "grief"),
    ("bereavement", "grief"),
    ("my husband died", "grief"),
    ("my dad died", "grief"),
    ("my mom passed away", "grief"),
    ("loss of a loved one", "grief"),
    ("lost my mother", "grief"),
    ("widow", "grief"),
    ("greif counseling", "grief"),
    ("miscarriage grief", "grief"),
    ("my dog died", "grief"),
    ("death of my son", "grief"),
    ("mourning my grandmother", "grief"),
    ("coping with loss", "grief"),
    ("suicide of my brother", "grief"),
    ("lost my brother to suicide", "grief"),
    ("my father committed suicide", "grief"),
    ("stillbirth", "grief"),
    ("anticipatory grief", "grief"),
    ("my wife passed", "grief"),
    ("fighting with my wife", "role-disputes"),
    ("arguing with my husband", "role-disputes"),
    ("relationship problems", "role-disputes"),
    ("marriage counseling", "role-disputes"),
    ("couples therapy", "role-disputes"),
    ("conflict with my boss", "role-disputes"),
    ("family conflict", "role-disputes"),
    ("my parents and I don't get along", "role-disputes"),
    ("we fight all the time", "role-disputes"),
    ("toxic relationship", "role-disputes"),
    ("my partner cheated on me", "role-disputes"),
    ("problems with my in-laws", "role-disputes"),
    ("estranged from my sister", "role-disputes"),
    ("marital problems", "role-disputes"),
    ("constant arguments with my teenage son", "role-disputes"),
    ("divorce", "role-transitions"),
    ("going through a divorce", "role-transitions"),
    ("retirement", "role-transitions"),
    ("new job moved city", "role-transitions"),
    ("moved to a new city", "role-transitions"),
    ("lost my job", "role-transitions"),
    ("laid off", "role-transitions"),
    ("life transitions", "role-transitions"),
    ("empty nest", "role-transitions"),
    ("breakup", "role-transitions"),
    ("after my breakup", "role-transitions"),
    ("career change", "role-transitions"),
    ("starting college", "role-transitions"),
    ("becoming a new dad", "role-transitions"),
    ("adjusting to retirement", "role-transitions"),
    ("immigrant adjusting to new country", "role-transitions"),
    ("just retired", "role-transitions"),
    ("divorced", "role-transitions"),
    ("seperation", "role-transitions"),
    ("adjustment disorder", "role-transitions"),
    ("midlife crisis", "role-transitions"),
    ("lonely", "interpersonal-deficits"),
    ("loneliness", "interpersonal-deficits"),
    ("no friends lonely", "interpersonal-deficits"),
    ("social isolation", "interpersonal-deficits"),
    ("I don't have any friends", "interpersonal-deficits"),
    ("hard to make friends", "interpersonal-deficits"),
    ("isolated", "interpersonal-deficits"),
    ("I feel so alone", "interpersonal-deficits"),
    ("lonley", "interpersonal-deficits"),
    ("lonliness", "interpersonal-deficits"),
    ("no one to talk to", "interpersonal-deficits"),
    ("can't connect with people", "interpersonal-deficits"),
    ("OCD", "ocd"),
    ("ocd", "ocd"),
    ("obsessive compulsive disorder", "ocd"),
    ("obsessive-compulsive", "ocd"),
    ("intrusive thoughts", "ocd"),
    ("I keep washing my hands", "ocd"),
    ("checking the stove over and over", "ocd"),
    ("pure o", "ocd"),
    ("obsesive compulsive", "ocd"),
    ("ERP therapist", "ocd"),
    ("hoarding", "ocd"),
    ("contamination fears", "ocd"),
    ("alcohol", "substance-use"),
    ("drinking problem", "substance-use"),
    ("alcoholism", "substance-use"),
    ("addiction", "substance-use"),
    ("drug addiction", "substance-use"),
    ("substance use", "substance-use"),
    ("SUD", "substance-use"),
    ("AUD", "substance-use"),
    ("opioid addiction", "substance-use"),
    ("I drink too much", "substance-use"),
    ("alchohol addiction", "substance-use"),
    ("sobriety", "substance-use"),
    ("cocaine", "substance-use"),
    ("smoking weed every day", "substance-use"),
    ("addicted to pills", "substance-use"),
    ("alcoholic husband", "substance-use"),
    ("i've been feeling really depressed since covid", "depression"),
    ("looking for someone who treats depression in older adults", "depression"),
    ("my 16 year old is depressed and won't talk to us", "depression"),
    ("depression counselling online", "depression"),
    ("I don't enjoy anything anymore and sleep all day", "depression"),
    ("feel like a failure and hopeless", "depression"),
    ("major depression recurrent", "depression"),
    ("unipolar depression", "depression"),
    ("Depressive episodes", "depression"),
    ("severe depression help", "depression"),
    ("I feel sad and empty every day", "depression"),
    ("postpartum depression and anxiety after my son was born", "perinatal-depression"),
    ("i had a baby and i feel nothing", "perinatal-depression"),
    ("struggling since the birth of my daughter", "perinatal-depression"),
    ("pregnant and anxious all the time", "perinatal-depression"),
    ("perinatal IPT", "perinatal-depression"),
    ("post natal depression", "perinatal-depression"),
    ("depressed after having a baby", "perinatal-depression"),
    ("dad with postpartum depression", "perinatal-depression"),
    ("PPD and PPA", "perinatal-depression"),
    ("mild depression that has lasted years", "persistent-depression"),
    ("always felt a bit low, for as long as I can remember", "persistent-depression"),
    ("dysthymic disorder", "persistent-depression"),
    ("long term low mood", "persistent-depression"),
    ("my husband has bipolar disorder and won't take his meds", "bipolar"),
    ("bipolar type 1", "bipolar"),
    ("manic depressive", "bipolar"),
    ("i go from super high energy to crashing", "bipolar"),
    ("rapid cycling bipolar", "bipolar"),
    ("Bipolar II disorder", "bipolar"),
    ("trauma therapist for veterans", "ptsd"),
    ("nightmares and flashbacks", "ptsd"),
    ("I was sexually abused as a child", "ptsd"),
    ("abusive relationship recovery", "ptsd"),
    ("ptsd from a car accident", "ptsd"),
    ("post traumatic stress from military service", "ptsd"),
    ("complex trauma", "ptsd"),
    ("traumatic experience at work", "ptsd"),
    ("first responder trauma", "ptsd"),
    ("I can't stop reliving the assault", "ptsd"),
    ("eating disorder in teens", "eating-disorders"),
    ("my teenager has an eating disorder", "eating-disorders"),
    ("struggling with food and body image", "eating-disorders"),
    ("ARFID", "eating-disorders"),
    ("bulimia recovery", "bulimia"),
    ("i throw up after i eat", "bulimia"),
    ("bingeing and vomiting", "bulimia"),
    ("I eat in secret and can't stop", "binge-eating"),
    ("binge eating at night", "binge-eating"),
    ("out of control eating", "binge-eating"),
    ("I eat when I'm stressed and can't stop", "binge-eating"),
    ("compulsive overeater", "binge-eating"),
    ("anorexia recovery", "anorexia"),
    ("I'm scared to eat", "anorexia"),
    ("my son stopped eating and is losing weight", "anorexia"),
    ("restricting food", "anorexia"),
    ("atypical anorexia", "anorexia"),
    ("panic attacks at work", "anxiety"),
    ("anxiety disorder", "anxiety"),
    ("severe anxiety", "anxiety"),
    ("i feel anxious all the time", "generalized-anxiety"),
    ("my heart races and I panic", "anxiety"),
    ("fear of driving", "anxiety"),
    ("anxiety in kids", "anxiety"),
    ("worrying constantly about my health", "generalized-anxiety"),
    ("generalized anxeity", "generalized-anxiety"),
    ("can't stop worrying", "generalized-anxiety"),
    ("always worried something bad will happen", "generalized-anxiety"),
    ("scared of talking to people", "social-anxiety"),
    ("I avoid parties because I get anxious", "social-anxiety"),
    ("very shy teenager", "social-anxiety"),
    ("terrified of being judged by others", "social-anxiety"),
    ("performance anxiety", "social-anxiety"),
    ("grief after losing my baby", "grief"),
    ("my wife died last year", "grief"),
    ("my grandpa passed away and I can't cope", "grief"),
    ("pet loss", "grief"),
    ("complicated grief", "grief"),
    ("I lost my husband", "grief"),
    ("bereavement counselling", "grief"),
    ("death of a parent", "grief"),
    ("grieving my mom", "grief"),
    ("my sister died by suicide", "grief"),
    ("argue with my partner all the time", "role-disputes"),
    ("my wife and I keep fighting", "role-disputes"),
    ("conflict with my adult children", "role-disputes"),
    ("problems with my mother in law", "role-disputes"),
    ("relationship issues", "role-disputes"),
    ("my boss bullies me", "role-disputes"),
    ("co-parenting conflict with my ex", "role-disputes"),
    ("we don't get along anymore", "role-disputes"),
    ("marriage is falling apart", "role-disputes"),
    ("retired and lost my sense of purpose", "role-transitions"),
    ("moving to a new country", "role-transitions"),
    ("just moved and don't know anyone", "role-transitions"),
    ("my kids left for college", "role-transitions"),
    ("adjusting to life after the military", "role-transitions"),
    ("got laid off", "role-transitions"),
    ("break up", "role-transitions"),
    ("my girlfriend broke up with me", "role-transitions"),
    ("separated from my husband", "role-transitions"),
    ("coming out", "role-transitions"),
    ("diagnosed with cancer and struggling", "role-transitions"),
    ("becoming a caregiver for my mom", "role-transitions"),
    ("new job and overwhelmed", "role-transitions"),
    ("I feel lonely all the time", "interpersonal-deficits"),
    ("no one likes me", "interpersonal-deficits"),
    ("i struggle with making friends", "interpersonal-deficits"),
    ("feeling isolated", "interpersonal-deficits"),
    ("I have no social life", "interpersonal-deficits"),
    ("isolation after moving", "interpersonal-deficits"),
    ("lonely elderly", "interpersonal-deficits"),
    ("trouble keeping relationships", "interpersonal-deficits"),
    ("OCD therapist", "ocd"),
    ("obsessive thoughts", "ocd"),
    ("I check the locks over and over", "ocd"),
    ("contamination ocd", "ocd"),
    ("compulsions", "ocd"),
    ("hand washing compulsion", "ocd"),
    ("ocd and anxiety", "ocd"),
    ("relationship OCD", "ocd"),
    ("alcohol use disorder", "substance-use"),
    ("my husband drinks too much", "substance-use"),
    ("heroin", "substance-use"),
    ("meth addiction", "substance-use"),
    ("i want to get sober", "substance-use"),
    ("marijuana", "substance-use"),
    ("drug abuse", "substance-use"),
    ("binge drinking", "substance-use"),
    ("addicted to alcohol", "substance-use"),
    ("quit drinking", "substance-use"),
    ("relapse", "substance-use"),
    (
        "Hi, I'm 34 and have been struggling with depression since my divorce last year",
        "depression",
    ),
    ("my mom died in march and i haven't been able to function since", "grief"),
    (
        "I'm a new mom, my baby is 8 weeks old and I cry all day and feel disconnected from her",
        "perinatal-depression",
    ),
    ("we have been married 10 years and all we do is argue", "role-disputes"),
    (
        "I recently moved across the country for work and I don't know anyone here",
        "role-transitions",
    ),
    ("I get so nervous in meetings that I can't speak and my face goes red", "social-anxiety"),
    (
        "looking for a therapist for my 14 year old daughter who has been throwing up after dinner",
        "bulimia",
    ),
    (
        "I wake up with my heart pounding and worry about money, my kids, my health, everything",
        "generalized-anxiety",
    ),
    ("ever since I came back from Afghanistan I can't sleep and I have nightmares", "ptsd"),
    ("I was diagnosed with bipolar 1 last year and want IPSRT", "bipolar"),
    ("I drink a bottle of wine every night and I think it's a problem", "substance-use"),
    ("I have to check that the oven is off 20 times before I can leave the house", "ocd"),
    (
        "I haven't had a real friend since high school and I spend every weekend alone",
        "interpersonal-deficits",
    ),
    ("Since I retired in June I don't know what to do with myself", "role-transitions"),
    ("My husband had an affair and we keep fighting about it", "role-disputes"),
    ("I eat huge amounts of food in one sitting and feel disgusted with myself", "binge-eating"),
    ("I've lost 20 pounds because I'm terrified of gaining weight", "anorexia"),
    ("low mood most days for the past several years, never really happy", "persistent-depression"),
    ("my therapist mentioned I might have dysthymia", "persistent-depression"),
    ("teen struggling with anxiety and panic attacks at school", "anxiety"),
    ("I keep having intrusive thoughts about hurting my baby", "ocd"),
    ("My father has dementia and I'm grieving the person he was", "grief"),
    ("I can't stop thinking about the accident, I keep seeing it", "ptsd"),
    ("After my miscarriage I feel empty", "grief"),
    ("my partner and I can't communicate without it turning into a fight", "role-disputes"),
    ("feeling lost after graduating college", "role-transitions"),
    ("I feel nobody wants to be around me", "interpersonal-deficits"),
    ("constant panic and dread", "anxiety"),
    ("I'm always exhausted, sad and can't concentrate", "depression"),
    ("need help for alcohol and cocaine use", "substance-use"),
]

# Held back: written before the lexicon existed and run once before any tuning on it
# (first run 114/115 top-1; the one miss, an intensifier inside a phrase, led to a general fix).

HELD_BACK_SET: list[tuple[str, str]] = [
    ("my therapist says i have major depression", "depression"),
    ("feeling really down for months", "depression"),
    ("I have no energy and nothing feels good anymore", "depression"),
    ("depresion help", "depression"),
    ("depressd", "depression"),
    ("clinically depressed adult", "depression"),
    ("recurrent major depressive episodes", "depression"),
    ("my teenage son seems depressed", "depression"),
    ("depression in older adults", "depression"),
    ("I feel hopeless and empty", "depression"),
    ("seasonal depression every winter", "depression"),
    ("struggling with low mood", "depression"),
    ("PPD after my second baby", "perinatal-depression"),
    ("postpartum depresion", "perinatal-depression"),
    ("depressed during pregnancy", "perinatal-depression"),
    ("postnatal depression help", "perinatal-depression"),
    ("i had a baby 3 months ago and cry every day", "perinatal-depression"),
    ("perinatal mood disorder", "perinatal-depression"),
    ("new mum feeling overwhelmed and sad", "perinatal-depression"),
    ("antenatal depression", "perinatal-depression"),
    ("dysthymia therapist", "persistent-depression"),
    ("I've been mildly depressed for years", "persistent-depression"),
    ("PDD", "persistent-depression"),
    ("chronic low grade depression", "persistent-depression"),
    ("bipolar II", "bipolar"),
    ("bipoler disorder", "bipolar"),
    ("manic episodes and crashes", "bipolar"),
    ("hypomania", "bipolar"),
    ("my mood swings from very high to very low", "bipolar"),
    ("cyclothymia", "bipolar"),
    ("manic depressive illness", "bipolar"),
    ("C-PTSD", "ptsd"),
    ("post traumatic stress", "ptsd"),
    ("ptsd from the military", "ptsd"),
    ("I was assaulted and can't stop having flashbacks", "ptsd"),
    ("trauma therapy", "ptsd"),
    ("childhood trauma", "ptsd"),
    ("sexual assault survivor", "ptsd"),
    ("veteran with nightmares", "ptsd"),
    ("complex trauma from abuse", "ptsd"),
    ("traumatised after a car crash", "ptsd"),
    ("eating disorder help", "eating-disorders"),
    ("disordered eating", "eating-disorders"),
    ("my relationship with food is unhealthy", "eating-disorders"),
    ("ED recovery", "eating-disorders"),
    ("bulimia", "bulimia"),
    ("bulimic teen", "bulimia"),
    ("I make myself throw up after meals", "bulimia"),
    ("binge and purge cycle", "bulimia"),
    ("binge eating", "binge-eating"),
    ("i binge at night and feel ashamed", "binge-eating"),
    ("BED", "binge-eating"),
    ("compulsive overeating", "binge-eating"),
    ("eating way too much when stressed", "binge-eating"),
    ("anorexia nervosa", "anorexia"),
    ("anorexic", "anorexia"),
    ("I'm starving myself to lose weight", "anorexia"),
    ("anerexia", "anorexia"),
    ("anxiety", "anxiety"),
    ("anxiety attacks at night", "anxiety"),
    ("axiety", "anxiety"),
    ("i get panic attacks in the car", "anxiety"),
    ("feeling nervous all the time", "generalized-anxiety"),
    ("GAD", "generalized-anxiety"),
    ("generalised anxiety disorder", "generalized-anxiety"),
    ("I can't stop worrying about everything", "generalized-anxiety"),
    ("constant worrying", "generalized-anxiety"),
    ("social anxiety", "social-anxiety"),
    ("social phobia", "social-anxiety"),
    ("terrified of public speaking", "social-anxiety"),
    ("afraid of talking to people", "social-anxiety"),
    ("very shy and anxious around others", "social-anxiety"),
    ("grief counseling", "grief"),
    ("my mom passed away last month", "grief"),
    ("lost my wife to cancer", "grief"),
    ("bereavement support", "grief"),
    ("grieving the loss of my father", "grief"),
    ("my son died", "grief"),
    ("miscarriage", "grief"),
    ("widowed at 40", "grief"),
    ("my best friend died by suicide", "grief"),
    ("marriage problems", "role-disputes"),
    ("constant arguments with my partner", "role-disputes"),
    ("conflict with my mother", "role-disputes"),
    ("my husband and I fight all the time", "role-disputes"),
    ("couples counselling", "role-disputes"),
    ("problems with my boss", "role-disputes"),
    ("family conflict", "role-disputes"),
    ("divorce", "role-transitions"),
    ("going through a separation", "role-transitions"),
    ("just retired and feel lost", "role-transitions"),
    ("moved to a new country", "role-transitions"),
    ("lost my job", "role-transitions"),
    ("starting university away from home", "role-transitions"),
    ("adjusting to being a new dad", "role-transitions"),
    ("life transition", "role-transitions"),
    ("empty nest", "role-transitions"),
    ("lonely", "interpersonal-deficits"),
    ("I have no friends", "interpersonal-deficits"),
    ("feel isolated", "interpersonal-deficits"),
    ("struggle to make friends", "interpersonal-deficits"),
    ("loneliness in old age", "interpersonal-deficits"),
    ("nobody to talk to", "interpersonal-deficits"),
    ("OCD", "ocd"),
    ("obsessive compulsive disorder", "ocd"),
    ("intrusive thoughts", "ocd"),
    ("I keep checking the door is locked", "ocd"),
    ("ocd hand washing", "ocd"),
    ("alcohol problem", "substance-use"),
    ("drinking too much", "substance-use"),
    ("addicted to opioids", "substance-use"),
    ("substance abuse", "substance-use"),
    ("trying to quit drinking", "substance-use"),
    ("alcoholism", "substance-use"),
    ("weed addiction", "substance-use"),
]

UNRELATED: list[str] = [
    "pizza near me",
    "asdfgh",
    "car insurance",
    "knee pain",
    "broken leg trauma surgery",
    "",
    "   ",
    "hello",
    "therapist near me",
    "IPT therapist",
    "zxcvbnm",
    "how to change a tire",
    "moving truck rental",
    "weather",
    "best restaurants",
    "flights to london",
    "window repair",
    "purse",
    "lovely",
    "magic",
    "tropical depression forecast",
    "binge watching",
    "trauma surgeon",
    "head trauma",
    "stress test",
    "weight loss",
    "hair loss",
    "drinking water",
    "bed bugs",
    "queen bed",
    "dying to find a therapist",
    "killing it at work",
    "great depression history",
    "retirement account 401k",
    "divorce attorney",
    "BPD",
    "borderline personality disorder",
    "ADHD",
    "autism",
    "schizophrenia",
    "PMDD",
    "paranoid personality disorder",
    "pervasive developmental disorder",
    "gambling addiction",
    "good grief",
    "lonely planet guide",
    "chronic knee pain",
    "back pain",
    "dentist",
    "ed sheeran tickets",
    "phone died",
    "my car died",
    "a b c",
    "1234",
    "???",
    "therapy",
    "counseling",
    "insurance accepted",
    "panic buying",
    "drug store",
    "physical therapy after knee surgery trauma",
    "cheap hotels in chicago",
    "how to bake sourdough bread",
    "used cars for sale",
    "plumber near me",
    "best pizza delivery",
    "iphone 15 price",
    "netflix subscription",
    "how tall is mount everest",
    "dog training classes",
    "change oil",
    "moving company quotes",
    "new job openings near me",
    "job search tips",
    "resume template",
    "how to lose weight fast",
    "keto diet plan",
    "running shoes",
    "yoga classes",
    "gym membership",
    "knee replacement surgery",
    "physical therapist for shoulder",
    "broken arm",
    "sprained ankle",
    "headache remedies",
    "cold and flu",
    "covid test",
    "blood pressure medication",
    "diabetes diet",
    "cholesterol",
    "allergy shots",
    "dermatologist",
    "eye doctor",
    "urgent care",
    "emergency room wait times",
    "trauma center",
    "trauma surgery recovery",
    "level 1 trauma center",
    "blunt trauma to the head",
    "alcohol wipes",
    "wine tasting tour",
    "beer festival",
    "drinking games",
    "drug store hours",
    "pharmacy open now",
    "birthday party ideas",
    "wedding venues",
    "divorce papers online",
    "divorce lawyer cost",
    "car accident lawyer",
    "personal injury attorney",
    "tax return",
    "mortgage rates",
    "retirement planning",
    "401k retirement calculator",
    "social security office",
    "social media marketing",
    "social worker jobs",
    "panic at the disco",
    "depression glass value",
    "great depression facts",
    "tropical depression in the gulf",
    "binge worthy shows",
    "binge watch marvel",
    "lonely planet thailand",
    "good grief charlie brown",
    "fight club movie",
    "star wars",
    "war movies",
    "world war 2 history",
    "veterans day sale",
    "military discount",
    "combat boots",
    "ocean waves",
    "oscar winners",
    "taylor swift tickets",
    "ed sheeran concert",
    "bed bath and beyond",
    "bed frame",
    "sofa bed",
    "sad songs playlist",
    "blue whale facts",
    "down payment assistance",
    "weather forecast",
    "stock market crash",
    "crash course biology",
    "computer crashing",
    "my laptop died",
    "battery died",
    "killing weeds",
    "weed killer",
    "lawn care",
    "pot roast recipe",
    "coke zero",
    "speed test",
    "internet speed",
    "cutting board",
    "hair cutting",
    "cutting carbs",
    "paper cutting crafts",
    "asdf",
    "jjjjj",
    "lorem ipsum",
    "test",
    "hi",
    "ok",
    "n/a",
    "none",
    "nothing",
    "idk",
    "therapist",
    "therapy near me",
    "find a therapist",
    "counselor in austin tx",
    "telehealth therapy",
    "IPT certified",
    "interpersonal psychotherapy",
    "sliding scale therapy",
    "therapist who takes aetna",
    "spanish speaking therapist",
    "female therapist",
    "ADHD testing",
    "autism assessment",
    "dementia care",
    "insomnia",
    "anger management classes",
    "BPD therapist",
    "DBT therapist",
    "borderline",
    "schizophrenia support",
    "psychosis",
    "tourettes",
    "tic disorder",
    "trichotillomania",
    "body dysmorphia",
    "PMDD",
    "PMS",
    "narcissistic personality disorder",
    "gambling problem",
    "porn addiction",
    "gaming addiction",
    "phone addiction",
    "dissociative identity disorder",
    "sleep apnea",
    "brain injury rehab",
    "TBI",
    "stress fracture",
    "stress test cardiology",
    "hearing loss",
    "memory loss",
    "weight loss surgery",
    "hair loss",
    "checking account",
    "window replacement",
    "purse repair",
    "magic show",
    "lovely weather",
]

HELD_BACK_UNRELATED: list[str] = [
    "pizza near me",
    "asdfgh",
    "car insurance",
    "knee pain",
    "broken leg trauma surgery",
    "best coffee shop",
    "how to fix a flat tire",
    "weather tomorrow",
    "qwerty",
    "cheap flights to miami",
    "window cleaner",
    "lovely day",
    "tax preparation",
    "dentist",
    "bed frame queen",
    "the great depression",
    "binge watching netflix",
    "trauma center near me",
    "lkjhg",
    "123456",
    "divorce lawyer",
    "weight loss program",
    "stress fracture foot",
    "hair loss treatment",
    "panic at the disco tickets",
    "head trauma",
    "physical therapy for back",
    "magic tricks",
    "dog grooming",
    "buy a purse",
    "ADHD",
    "BPD",
    "borderline personality disorder",
    "schizophrenia",
    "autism",
    "insomnia",
]

# --------------------------------------------------------------------------- public API


def test_resolution_shape_and_types() -> None:
    res = resolve_conditions("I think I have postpartum depression")
    assert isinstance(res, ConditionResolution)
    assert res.query == "I think I have postpartum depression"
    assert isinstance(res.matches, tuple)
    assert all(isinstance(m, ConditionMatch) for m in res.matches)
    assert res.crisis is False
    assert res.guidance is None
    assert res.age_groups == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.crisis = True  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    ["depression", "SAD", "eating disorder", "postpartum depression", "ocd", "divorce and grief"],
)
def test_matches_are_sorted_scored_and_labelled_from_the_vocabulary(text: str) -> None:
    vocab = vocabulary().conditions
    matches = resolve_conditions(text).matches
    assert matches
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    for m in matches:
        assert 0.0 < m.score <= 1.0
        assert m.label == vocab[m.slug].label
        assert m.evidence == vocab[m.slug].evidence
    assert len({m.slug for m in matches}) == len(matches)


def test_limit_is_respected() -> None:
    assert (
        len(resolve_conditions("depression anxiety grief divorce ocd alcohol", limit=2).matches)
        == 2
    )
    assert resolve_conditions("depression", limit=0).matches == ()
    assert resolve_conditions("I want to kill myself", limit=0).crisis is True


def test_exact_name_is_certain() -> None:
    assert resolve_conditions("depression").matches[0].score == 1.0
    assert resolve_conditions("bipolor").matches[0].score < 1.0  # a corrected typo is less certain


def test_long_input_is_bounded_and_handled() -> None:
    res = resolve_conditions("depression " + "blah " * 5000)
    assert res.matches[0].slug == "depression"


# --------------------------------------------------------------------------- accuracy


def test_development_set_accuracy() -> None:
    acc, misses = accuracy(DEVELOPMENT_SET)
    assert acc >= 0.97, misses


def test_held_back_set_accuracy() -> None:
    acc, misses = accuracy(HELD_BACK_SET)
    assert acc >= 0.95, misses


def test_unrelated_text_rarely_matches() -> None:
    everything = UNRELATED + HELD_BACK_UNRELATED
    matched = [(q, slugs(q)) for q in everything if resolve_conditions(q).matches]
    assert len(matched) / len(everything) <= 0.02, matched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # misspellings
        ("post partum depresion", "perinatal-depression"),
        ("bipolor", "bipolar"),
        ("anxeity", "anxiety"),
        ("ptsd", "ptsd"),
        ("bulimea", "bulimia"),
        ("anorexic", "anorexia"),
        ("depresion", "depression"),
        ("obsesive compulsive disorder", "ocd"),
        ("alchohol", "substance-use"),
        ("greif", "grief"),
        ("lonley", "interpersonal-deficits"),
        ("postpartumdepression", "perinatal-depression"),
        # lay phrasings
        ("baby blues", "perinatal-depression"),
        ("after giving birth I feel empty", "perinatal-depression"),
        ("manic depression", "bipolar"),
        ("mood swings highs and lows", "bipolar"),
        ("my husband died", "grief"),
        ("can't stop bingeing", "binge-eating"),
        ("throwing up after eating", "bulimia"),
        ("flashbacks", "ptsd"),
        ("nightmares after the war", "ptsd"),
        ("fighting with my wife", "role-disputes"),
        ("new job moved city", "role-transitions"),
        ("retirement", "role-transitions"),
        ("divorce", "role-transitions"),
        ("no friends lonely", "interpersonal-deficits"),
        ("panic attacks", "anxiety"),
        ("worry all the time", "generalized-anxiety"),
        ("scared of people", "social-anxiety"),
        ("I think I have postpartum depression", "perinatal-depression"),
        ("feeling really down for months", "depression"),
        # abbreviations
        ("PPD", "perinatal-depression"),
        ("PDD", "persistent-depression"),
        ("GAD", "generalized-anxiety"),
        ("PTSD", "ptsd"),
        ("CPTSD", "ptsd"),
        ("C-PTSD", "ptsd"),
        ("MDD", "depression"),
        ("OCD", "ocd"),
        ("AUD", "substance-use"),
        ("SUD", "substance-use"),
        ("BED", "binge-eating"),
        ("ED", "eating-disorders"),
        ("IPSRT", "bipolar"),
    ],
)
def test_phrasings(text: str, expected: str) -> None:
    assert top(text) == expected, slugs(text)


# --------------------------------------------------------------------- collisions and unknowns


@pytest.mark.parametrize(
    "text",
    [
        "BPD",
        "bpd",
        "borderline personality disorder",
        "paranoid personality disorder",  # the other PPD
        "pervasive developmental disorder",  # the other PDD
        "PMDD",  # F32.81 is not depression
        "premenstrual dysphoric disorder",
        "ADHD",
        "schizophrenia",
        "knee pain",
        "broken leg trauma surgery",
        "head trauma",
        "trauma surgeon",
        "asdfgh",
        "pizza near me",
        "car insurance",
        "bed",  # an ordinary word in lower case
        "ed sheeran",
        "I NEED A NEW BED",  # shouting carries no case information
    ],
)
def test_unknown_or_out_of_scope_text_has_no_match(text: str) -> None:
    assert resolve_conditions(text).matches == ()


def test_ocd_never_snaps_to_ptsd_and_bpd_never_to_bipolar() -> None:
    for text in ("OCD", "ocd", "O.C.D.", "ocd therapist"):
        assert "ptsd" not in slugs(text)
        assert top(text) == "ocd"
    for text in ("BPD", "bpd", "BPD therapist", "borderline"):
        assert "bipolar" not in slugs(text)
    assert slugs("BPD and bipolar") == ["bipolar"]  # an explicit mention still counts


def test_sad_means_seasonal_depression_first_then_social_anxiety() -> None:
    assert slugs("SAD")[:2] == ["depression", "social-anxiety"]
    assert top("SAD in social situations") == "social-anxiety"
    assert top("SAD around people at parties") == "social-anxiety"
    assert "social-anxiety" not in slugs("SAD every winter")
    assert top("sad") == "depression"


def test_bed_and_ed_are_words_unless_upper_case_or_in_an_eating_context() -> None:
    assert top("BED") == "binge-eating"
    assert top("bed eating disorder") == "binge-eating"
    assert top("can't get out of bed") == "depression"
    assert top("ED") == "eating-disorders"
    assert top("ed recovery") == "eating-disorders"
    assert resolve_conditions("bed frame queen").matches == ()


def test_physical_trauma_is_not_ptsd_but_psychological_trauma_is() -> None:
    assert resolve_conditions("trauma surgery for my broken leg").matches == ()
    assert resolve_conditions("knee trauma").matches == ()
    assert top("trauma after my car accident") == "ptsd"
    assert top("nightmares and flashbacks since the accident broke my leg") == "ptsd"


def test_weak_words_need_context() -> None:
    assert resolve_conditions("moving truck rental").matches == ()
    assert resolve_conditions("alcohol wipes").matches == ()
    assert top("moving") == "role-transitions"  # the whole query
    assert top("alcohol") == "substance-use"
    assert top("struggling after moving") == "role-transitions"
    # psychological context words make weak words count
    assert top("nervous in meetings") == "social-anxiety"
    assert top("I can't stop thinking about the accident") == "ptsd"
    assert top("caregiver for my husband with dementia") == "role-transitions"
    assert resolve_conditions("accident report form").matches == ()


def test_negated_mentions_do_not_win() -> None:
    assert top("not depressed, just anxious") == "anxiety"
    assert "depression" not in slugs("I'm not depressed")
    assert top("not sure if it is depression") == "depression"


def test_non_substance_addictions_are_not_substance_use() -> None:
    for text in (
        "gambling addiction",
        "addicted to my phone",
        "porn addiction",
        "addicted to gaming",
    ):
        assert "substance-use" not in slugs(text), text


# --------------------------------------------------------------------------- hierarchy


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("postpartum depression", "perinatal-depression", "depression"),
        ("dysthymia", "persistent-depression", "depression"),
        ("bulimia", "bulimia", "eating-disorders"),
        ("binge eating disorder", "binge-eating", "eating-disorders"),
        ("social anxiety", "social-anxiety", "anxiety"),
        ("GAD", "generalized-anxiety", "anxiety"),
        ("eating disorder and bulimia", "bulimia", "eating-disorders"),
    ],
)
def test_child_slug_ranks_before_its_parent(text: str, first: str, second: str) -> None:
    found = slugs(text)
    assert found[:2] == [first, second]


@pytest.mark.parametrize(
    ("text", "parent"),
    [("eating disorder", "eating-disorders"), ("anxiety", "anxiety"), ("depression", "depression")],
)
def test_parent_level_query_gives_parent_first(text: str, parent: str) -> None:
    assert slugs(text)[0] == parent


# The main concern when two are named (matching.conditions._main): the one asked about, else the
# first named, unless a more specific reading of the same concern was named too.
@pytest.mark.parametrize(
    ("text", "main", "other"),
    [
        # first named
        ("so sad and depressed", "depression", None),
        ("lonely and depressed", "interpersonal-deficits", "depression"),
        ("depressed and lonely", "depression", "interpersonal-deficits"),
        ("depressed after losing my job", "depression", "role-transitions"),
        ("fighting with my husband all the time and depressed", "role-disputes", "depression"),
        ("depressed and fighting with my husband", "depression", "role-disputes"),
        ("mi papá está muy triste y solo", "depression", "interpersonal-deficits"),
        # a condition described by a weaker reading does not displace one named outright
        ("so sad and lonely", "interpersonal-deficits", "depression"),
        ("racing thoughts, maybe bipolar?", "bipolar", "anxiety"),
        # asked about
        ("I have anxiety but need help for my depression", "depression", "anxiety"),
        ("my mom died and now I need someone for my panic attacks", "anxiety", "grief"),
        ("tengo depresión y necesito ayuda con la ansiedad", "anxiety", "depression"),
        ("depressed, looking for grief counseling", "grief", "depression"),
        # joined, not asked about
        ("depression with anxiety", "depression", "anxiety"),
        ("sad all the time with panic attacks", "depression", "anxiety"),
        ("triste todo el tiempo, con ataques de pánico", "depression", "anxiety"),
        ("I have anxiety but need help with my depression", "depression", "anxiety"),
        # a life change is the circumstance of a concern the seeker says they feel
        (
            "moved to Denver last year and I feel so lonely",
            "interpersonal-deficits",
            "role-transitions",
        ),
        ("me mudé a Texas y me siento muy sola", "interpersonal-deficits", "role-transitions"),
        ("just moved and don't know anyone", "role-transitions", "interpersonal-deficits"),
        ("help adjusting after my divorce, I feel anxious", "role-transitions", "anxiety"),
        # a more specific reading wins wherever it was named
        ("anxious, mostly social anxiety", "social-anxiety", "anxiety"),
        ("so lonely since my dad passed", "grief", "interpersonal-deficits"),
        ("me siento sola desde que murió mi esposo", "grief", "interpersonal-deficits"),
        ("anxious all the time since the baby was born", "perinatal-depression", "anxiety"),
        # a negated or weakly hinted condition does not displace a named one
        ("not depressed but anxious", "anxiety", None),
        ("stressed and depressed", "depression", "anxiety"),
    ],
)
def test_main_concern_of_two(text: str, main: str, other: str | None) -> None:
    got = slugs(text)
    assert got[0] == main
    if other:
        assert other in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pregnant and depressed", "perinatal-depression"),
        ("new mum, anxious all the time", "perinatal-depression"),
        ("depressed for years", "persistent-depression"),
        ("I binge and then throw up", "bulimia"),
        ("I eat in secret and can't stop", "binge-eating"),
        ("I get anxious at parties", "social-anxiety"),
        ("I wash my hands over and over", "ocd"),
    ],
)
def test_context_rules(text: str, expected: str) -> None:
    assert top(text) == expected, slugs(text)


# --------------------------------------------------------------------------- guidance


@pytest.mark.parametrize(
    ("text", "must_mention"),
    [
        ("OCD", "exposure and response prevention"),
        ("intrusive thoughts", "exposure and response prevention"),
        ("alcohol addiction", "substance-use treatment"),
        ("opioids", "substance-use treatment"),
    ],
)
def test_not_indicated_conditions_get_guidance_and_still_match(
    text: str, must_mention: str
) -> None:
    res = resolve_conditions(text)
    assert res.matches[0].evidence == "not-indicated"
    assert res.guidance is not None
    assert must_mention in res.guidance


@pytest.mark.parametrize("text", ["dysthymia", "anorexia", "social anxiety"])
def test_limited_evidence_gets_a_gentler_note(text: str) -> None:
    res = resolve_conditions(text)
    assert res.matches[0].evidence == "limited"
    assert res.guidance is not None
    assert "limited" in res.guidance or "mixed" in res.guidance
    assert "not a first-line" not in res.guidance


@pytest.mark.parametrize(
    "text", ["depression", "grief", "bipolar", "pizza", "I want to kill myself"]
)
def test_no_guidance_for_indicated_or_unknown(text: str) -> None:
    assert resolve_conditions(text).guidance is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "feeling lost" is a feeling, not a bereavement; "lost my husband" is one
        ("retired teacher feeling lost", ["role-transitions"]),
        ("i feel lost and alone, my husband works all the time", ["interpersonal-deficits"]),
        ("i feel lost since my mom died", ["grief"]),
        ("i lost my husband", ["grief"]),
        ("my dad, lost him last year", ["grief"]),
        # chronic pain is not chronic depression; restricting food is anorexia
        ("chronic pain and depression", ["depression"]),
        ("i restrict what i eat and exercise obsessively", ["anorexia"]),
        ("embarrassed to eat in front of others", ["social-anxiety"]),
        ("survived a hurricane and cant sleep", ["ptsd"]),
        ("i survived a long week lol", []),
        ("i look fat even though im thin", ["anorexia"]),
        ("hard to keep relationships", ["interpersonal-deficits"]),
        ("euphoric and not sleeping for days", ["bipolar"]),
        ("my mother in law interferes in everything", ["role-disputes"]),
    ],
)
def test_words_that_look_like_a_condition_but_are_another(text: str, expected: list[str]) -> None:
    assert slugs(text)[: len(expected)] == expected


# --------------------------------------------------------------------------- age groups


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("teen depression", ("adolescents",)),
        ("depression in older adults", ("older-adults",)),
        ("anxiety in kids", ("children",)),
        ("my 8 year old has anxiety", ("children",)),
        ("my 15yo is self harming", ("adolescents",)),
        ("I'm 34 and depressed", ("adults",)),
        ("lonely in my 70s", ("older-adults",)),
        ("IPT-A", ("adolescents",)),
        ("elderly mother with depression", ("older-adults",)),
        ("college student with anxiety", ("adults",)),
        ("depression", ()),
        ("my child died", ()),  # the bereaved parent is the client
        ("my son was killed", ()),
        ("my teenager is struggling since his grandpa died", ("adolescents",)),
        ("grief therapy for my grandma", ("older-adults",)),
        ("my lola is lonely", ("older-adults",)),
        ("Lola is lonely", ()),  # a name
        ("childhood trauma", ()),  # an adult's past
        ("no friends since high school", ()),
        ("I worry about money, my kids, my health", ()),
        ("therapist for my kids", ("children",)),
        ("depressed for 15 years", ()),  # a duration, not an age
    ],
)
def test_age_groups(text: str, groups: tuple[str, ...]) -> None:
    res = resolve_conditions(text)
    assert res.age_groups == groups
    assert set(res.age_groups) <= AGE_GROUPS


# --------------------------------------------------------------------------- lexicon data


def test_lexicon_covers_every_slug_and_only_known_slugs() -> None:
    raw = conditions._load_raw()
    vocab = vocabulary().conditions
    assert set(raw["conditions"]) == set(vocab)
    for slug, table in raw["conditions"].items():
        assert len(table) >= 10, slug
    for name, entries in raw["cues"].items():
        assert name.startswith("@")
        assert entries


def test_unknown_slug_in_data_is_rejected() -> None:
    raw = conditions._load_raw()
    raw["conditions"] = {**raw["conditions"], "borderline": {"bpd": 1.0}}
    with pytest.raises(ValueError, match="unknown slug"):
        conditions._build(raw)


@pytest.mark.parametrize(
    "word", ["window", "purse", "lovely", "magic", "flights", "maniac", "drama"]
)
def test_real_words_are_never_corrected_into_conditions(word: str) -> None:
    assert conditions._correct(word) is None or conditions._correct(word) == word
    assert resolve_conditions(word).matches == ()


def test_short_tokens_are_never_fuzzy_corrected() -> None:
    for token in ("ocd", "bpd", "gad", "ptsd", "sad", "ppd", "add"):
        assert conditions._correct(token) is None
    # four letters are one insertion away from "mania", "binge", "grief": still never corrected
    for token in ("mani", "bing", "gref", "pani"):
        assert conditions._correct(token) is None, token
        assert resolve_conditions(token).matches == ()


def test_protected_words_are_derived_from_a_word_list() -> None:
    fresh = conditions.build_protected_words(["window", "widow", "bipolor", "purse", "cat"])
    assert "window" in fresh  # one edit from "widow", a real word: protect it
    assert "widow" not in fresh  # already a lexicon word
    assert "bipolor" in fresh  # anything in the supplied list is treated as a real word
    assert "cat" not in fresh  # too short to ever be corrected


# --------------------------------------------------------------------------- speed


def test_p50_latency_is_well_under_a_millisecond() -> None:
    queries = [q for q, _ in DEVELOPMENT_SET[:150]] + UNRELATED[:50]
    resolve_conditions("warm up")
    samples = []
    for query in queries:
        conditions._resolve.cache_clear()
        start = time.perf_counter()
        resolve_conditions(query)
        samples.append(time.perf_counter() - start)
    assert statistics.median(samples) < 0.001


# Everyday Spanish that names no condition: "solo" is mostly "only", and life events alone (a move,
# a lawyer for immigration) need a sign that the text is about wellbeing, as in English.
@pytest.mark.parametrize(
    "text",
    [
        "solo quiero saber el horario de la clínica",
        "¿cuánto cuesta una consulta? solo pregunto",
        "lo siento, solo tengo una pregunta sobre el seguro",
        "necesito un abogado de inmigración",
        "me mudé a un apartamento nuevo",
        "vale la pena hablar con la gente",
        "quiero levantarme de la cama temprano",
    ],
)
def test_everyday_spanish_names_no_condition(text: str) -> None:
    assert slugs(text) == []


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("me siento muy sola", "interpersonal-deficits"),
        ("mi mamá se siente sola", "interpersonal-deficits"),
        ("mi papá está muy triste y solo", "depression"),
        ("estoy pasando por un divorcio", "role-transitions"),
        ("me acabo de mudar a Texas y no conozco a nadie", "role-transitions"),
        ("me da mucha pena hablar con la gente", "social-anxiety"),
        ("muy nerviosa todo el tiempo", "generalized-anxiety"),
    ],
)
def test_spanish_words_that_need_their_context_still_read_with_it(text: str, slug: str) -> None:
    assert slugs(text)[0] == slug
