"""Sentences -> dated events: who did what, when.

Two kinds of events (``date_source``): ``text``, a happening dated by an expression of its sentence, and
``article``, a happening the article reports without one ("North Korea *fired* a missile", "officials said
Boeing *has unveiled* its airliner"), dated by the article's publication day (:func:`article_events`).

Every date row anchors an event on the word it depends on: the verb ("In July, Shoigu *visited* the DPRK")
or an event noun on the way to it ("before his *trip* to Russia next week"). The event's actors are the
mentions inside that verb's clause, its subject first; the clauses of other dated events nested inside
("reported that Kim *plans to visit* Russia in September") are left to those events. Verbs joined to the
anchor by "and" share its date ("visited the DPRK and met ...").

Who the subject is (:func:`subject_actors`), when it is not a name:

- "he"/"she"/"his"/"her": the person last named before (within three sentences);
- "it"/"its"/"they"/"their", or a plural description ("the two governments"), inside a subordinate or
  reported clause: the subject of the clause that governs it ("China's Foreign Ministry said *it* opposed",
  "When *it* blacklisted the firms, the Treasury said", "South Korean authorities said *they* seized");
- a relative pronoun ("the test *that* occurred on September 3"): the noun it hangs on, and the names in it;
- a state described, not named ("the country", "the secretive state", "the regime"): the country the article
  is about, its most mentioned one; "the North"/"the South": its most mentioned country named so; a state
  owned by a person ("Kim's regime", "his government"): that person's country in ``people.csv``, and the person;
- a capital as the subject, or as the partner or target of the action ("Pyongyang said", "signed with
  Washington", "fuel to Pyongyang"): its country, from ``countries.csv``; a capital as the place stays a place.

A reported event ("Kim signed the order to launch on Saturday, Ri said", "the military said the missile flew
2,700 km on Tuesday") has the performer of the reported clause as its subject, never the speaker; the speaker is added after the clause's actors
when the cue verb is not dated as an event of its own (then the statement is that event's, as with
"On Monday, Blinken said that Russia had attacked the port on Sunday").

A military action whose clause names no performer ("an intercontinental ballistic missile launched in July",
"three other ones in 2006, 2009 and 2013", "the test on Friday night left little doubt") is given one, and it
is a guess, documented as such: the performer of the nearest military verb before it in the same sentence
("North Korea fired a missile, similar to that fired over Japan last month"), else the article's most mentioned
country (organization, when it names no country). Wire copy about a test or a strike is written around its
performer, and a blank actor hides the event from an analyst filtering by actor;
events that are not military (a ban, a statement) get no guessed actor. An infinitive after an object is the
object's to do, and the one who asks takes part ("Japan requested *the Council* hold talks": the Council, Japan).
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span, Token

from analysis import dates as dates_mod
from analysis.actors.reference import STATE_NOUNS, name_key, reference
from analysis.mention_index import MentionIndex

DATA = Path(__file__).resolve().parent / "data"
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_INHERIT = ("xcomp", "conj", "advcl", "pcomp")
_PRONOUNS = {"his", "her", "its", "their", "he", "she", "it", "they"}
# Words that describe a state instead of naming it ("the secretive state", "the regime", "the two governments")
_COMPASS = frozenset({"north", "south"})  # "the North", "the South": a divided country's halves
# Prepositions whose object takes part in the action ("signed with Washington", "fuel to Pyongyang")
_PARTNER_PREPOSITIONS = frozenset({"with", "to", "against", "on", "toward", "towards", "from", "by"})
_FUTURE_WORDS = re.compile(r"^(?:next|coming|tomorrow|later this|the coming)\b|\bfrom now$", re.IGNORECASE)


@cache
def event_lexicon() -> dict[tuple[str, str], str]:
    """(lemma, object lemma or "") -> event type, from ``analysis/data/event_types.csv``."""
    with (DATA / "event_types.csv").open(encoding="utf-8") as fh:
        return {(r["lemma"], r["object"]): r["event_type"] for r in csv.DictReader(fh)}


@cache
def light_verbs() -> frozenset[str]:
    """Verbs that name no event of their own but take their object's ("held talks"): ``light_verbs.csv``."""
    with (DATA / "light_verbs.csv").open(encoding="utf-8") as fh:
        return frozenset(r["lemma"] for r in csv.DictReader(fh))


def plan_cues() -> frozenset[str]:
    """Words that make what depends on them planned ("plans to", "will"): ``future_cues`` of date_words.json."""
    return frozenset(dates_mod.words()["future_cues"])


def event_type(action: str, objects: list[str]) -> str:
    """The SCHEMA event type of a verb (or event noun) lemma with its objects' lemmas."""
    lex = event_lexicon()
    for obj in objects:
        if (action, obj) in lex:
            return lex[(action, obj)]
    if (action, "") in lex:
        return lex[(action, "")]
    for obj in objects:  # light verbs: "held talks", "conducted strikes"
        if (obj, "") in lex and action in light_verbs():
            return lex[(obj, "")]
    return "other"


def _is_event_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and (tok.lemma_.lower(), "") in event_lexicon()


def anchor(span: Span) -> Token | None:
    """The verb, or event noun on the way to it, that a temporal expression dates."""
    tok = span.root
    for _ in range(8):
        if tok.head is tok:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if _is_event_noun(tok) and not (span.start <= tok.i < span.end):
            return tok
    return None


def _objects(tok: Token) -> list[str]:
    objs = []
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "oprd", "prt", "nsubjpass"):  # "sanctions were imposed"
            objs.append(c.lemma_.lower())
        elif c.dep_ == "prep":  # "fired on protesters", "imposed sanctions on": the preposition and its object
            objs += [c.lower_, *(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")]
    if _passive_modifier(tok):  # "a missile launched in July": the noun is what was launched
        objs.append(tok.head.lemma_.lower())
    return objs


def _passive_modifier(tok: Token) -> bool:
    """A past participle that modifies a noun: "a missile *launched* in July", "sanctions *adopted* by the UN"."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head is not tok


def subject_of(verb: Token) -> Token | None:
    """The doer: the verb's subject, the agent of a passive, or the subject it shares with the verb it hangs on.

    A relative pronoun stands for the noun of its clause ("the test *that* occurred"); an infinitive on a noun
    takes the noun's owner or the subject of the noun's verb ("Kim signed the order *to launch*"); a clause
    after a preposition takes the subject of the verb the preposition hangs on ("Kim said, after *watching*"); an infinitive after an object is the object's to do ("requested *the Council* hold
    talks", "urged *China* to act").
    """
    node = verb
    for _ in range(6):
        for c in node.children:
            if c.dep_ == "agent":
                pobj = [g for g in c.children if g.dep_ == "pobj"]
                if pobj:
                    return pobj[0]
        subj = [c for c in node.children if c.dep_ in _SUBJECTS and c.dep_ != "nsubjpass"] or \
            [c for c in node.children if c.dep_ in _SUBJECTS]
        if subj and not (node.dep_ == "relcl" and subj[0].tag_ in ("WDT", "WP")):
            return subj[0]
        if node.dep_ == "relcl":
            return node.head
        if _controller(node) is not None:  # "Japan requested the Council hold talks": the Council holds them
            return next(c for c in node.head.children if c.dep_ == "dobj")
        if node.dep_ == "acl" and not _passive_modifier(node) and \
                any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            noun = node.head
            owner = [c for c in noun.children if c.dep_ == "poss"]
            if owner:
                return owner[0]
            up = noun.head.head if noun.dep_ == "pobj" else noun.head
            if noun.dep_ not in ("dobj", "pobj") or up.pos_ not in ("VERB", "AUX"):
                return None
            node = up
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.pos_ in ("VERB", "AUX"):
            node = node.head.head
            continue
        if node.dep_ not in _INHERIT or node.head is node:
            return None
        node = node.head
    return None


def _controller(verb: Token) -> Token | None:
    """The subject of the verb that asks an object to do ``verb`` ("*Japan* requested the Council hold talks")."""
    if verb.dep_ not in ("xcomp", "ccomp") or any(c.dep_ in _SUBJECTS for c in verb.children) or \
            not any(c.dep_ == "dobj" for c in verb.head.children):
        return None
    return next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)


def _mentions_in(mentions: MentionIndex, start: int, end: int) -> list[dict[str, Any]]:
    return [m for m in mentions.starting_in(start, end) if m["end"] <= end]


@cache
def _military_words() -> frozenset[str]:
    """What makes a clause military when its verb alone does not: the objects and nouns of military rows."""
    lex = event_lexicon()
    words = {obj or lemma for (lemma, obj), kind in lex.items() if kind == "military_action"}
    return frozenset(w for w in words if w.isalpha() and w not in ("at", "on", "upon", "down", "in", "off"))


def _military(tok: Token) -> bool:
    """A military action: by the lexicon, or a verb whose subject, object or noun is a military word
    ("the *missile* flew", "a *test* that occurred", "two *missile* launches")."""
    if event_type(tok.lemma_.lower(), _objects(tok)) == "military_action":
        return True
    words = _military_words()
    near = [tok, *(c for c in tok.children if c.dep_ in (*_SUBJECTS, "dobj", "compound", "attr"))]
    if tok.pos_ in ("VERB", "AUX") and (subj := subject_of(tok)) is not None:
        near.append(subj)  # "the missile was launched ... and *flew* 2,700 km"
    if tok.dep_ in ("acl", "relcl"):
        near.append(tok.head)
    if any(t.lemma_.lower() in words for t in near):
        return True
    # "launch", "fire", "test", "conduct" name a military action when the sentence is about one
    # ("North Korea fired a missile, similar to that *fired* over Japan last month")
    return tok.lemma_.lower() in _military_verbs() and any(t.lemma_.lower() in words for t in tok.sent)


@cache
def _military_verbs() -> frozenset[str]:
    """Verbs that are military with the right object ("launch a missile", "conduct a test")."""
    return frozenset(lemma for (lemma, obj), kind in event_lexicon().items() if kind == "military_action" and obj)


@cache
def _cue_classes() -> dict[str, str]:
    """Verbs that report what someone said ("said", "told", "announced") and their class: ``cues.csv``."""
    with (DATA / "cues.csv").open(encoding="utf-8") as fh:
        return {r["cue"]: r["class"] for r in csv.DictReader(fh)}


def _cue_verbs() -> frozenset[str]:
    """The cue verbs of ``cues.csv``."""
    return frozenset(_cue_classes())


class _Article:
    """What the events of one article share: its mentions, anchors and the countries it is about."""

    def __init__(self, doc: Doc, mentions: list[dict[str, Any]], anchors: set[int]):
        self.doc, self.mentions, self.anchors = doc, MentionIndex(mentions), anchors
        counts: dict[str, int] = {}
        kinds: dict[str, str] = {}
        self.kinds = {m["actor"]: m.get("actor_type", "") for m in self.mentions if m.get("actor")}
        self.dated_heads: set[int] = set()  # the heads of text-dated events, once they are known
        for m in self.mentions:
            actor, kind = m.get("actor"), m.get("actor_type")
            if kind in ("location", "country") and (country := _capital_country(m["text"])):
                actor, kind = country, "country"  # "Pyongyang" counts for North Korea
            if actor and kind in ("country", "organization"):
                counts[actor] = counts.get(actor, 0) + 1
                kinds[actor] = kind
        order = sorted(counts, key=lambda a: -counts[a])  # stable: the first met wins a tie
        self.countries = [a for a in order if kinds[a] == "country"]
        # who a military action without a named performer is given: a state first, an organization if none
        self.focus = next(iter(self.countries or order), "")
        self._sentences = {s.start: i for i, s in enumerate(doc.sents)}

    def sentence(self, sent: Span) -> int:
        """The sentence's number in the article, as date rows count them."""
        return self._sentences.get(sent.start, 0)

    def country(self, word: str = "") -> str:
        """The most mentioned country, or the most mentioned one whose name starts with ``word`` ("North")."""
        for c in self.countries:
            if not word or c.split()[0].lower() == word:
                return c
        return ""


@cache
def _capital_country(text: str) -> str:
    entry = reference().lookup(text)
    return entry.canonical if entry is not None and entry.kind == "capital" else ""


def _actor_of(m: dict[str, Any], art: _Article, *, acting: bool) -> list[str]:
    """A mention's actor in an event; ``acting``: it is the subject, the partner or the target of the action."""
    key = name_key(m["text"]).casefold()
    if key in _COMPASS:
        return [art.country(key) or m["actor"]]
    country = _capital_country(m["text"]) if m.get("actor_type") in ("location", "country") else ""
    if country and acting:
        return [country] if name_key(m["actor"]) == name_key(m["text"]) else [m["actor"], country]
    return [m["actor"]] if m.get("actor") else []


def _acting(doc: Doc, m: dict[str, Any]) -> bool:
    """Does the mention name a partner or target of the action ("signed with Washington"), not its place?"""
    span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in ("dobj", "nsubj", "nsubjpass", "poss", "conj"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in _PARTNER_PREPOSITIONS


def subject_actors(tok: Token | None, art: _Article, depth: int = 0) -> list[str]:
    """The actors a subject token stands for (the rules of the module docstring), the first the doer;
    "Japan and the US" stands for both."""
    if tok is None or depth > 3:
        return []
    found = _one_subject(tok, art, depth)
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            found += _one_subject(c, art, depth)
    return list(dict.fromkeys(found))


def _one_subject(tok: Token, art: _Article, depth: int) -> list[str]:
    mentions = art.mentions
    low = tok.lower_
    if low in _PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
        if low in ("he", "she", "his", "her"):
            first = tok.doc[max(tok.sent.start - 1, 0)].sent
            window_start = tok.doc[max(first.start - 1, 0)].sent.start_char
            people = [m for m in mentions.starting_in(window_start, tok.idx) if m.get("actor_type") == "person"]
            return [people[-1]["actor"]] if people else []
        return _governing(tok, art, depth, plural=low in ("they", "their"))
    if tok.lemma_.lower() in STATE_NOUNS:  # "Kim's regime", "his government": the state the person leads
        owner = [c for c in tok.children if c.dep_ == "poss"]
        found = subject_actors(owner[0], art, depth + 1) if owner else []
        if found and (state := reference().country_of.get(found[0], "")):
            return [state, *found]
    head_mentions = mentions.overlapping(tok.idx, tok.idx + 1)
    if head_mentions:
        m = head_mentions[0]
        return _actor_of(m, art, acting=True)
    own = [t for t in tok.subtree if not (t.dep_ in ("conj", "cc") and t.head is tok)]
    own = [t for t in own if all(a.i == tok.i or not (a.dep_ == "conj" and a.head is tok) for a in t.ancestors)]
    inside = _mentions_in(mentions, min(t.idx for t in own), max(t.idx + len(t) for t in own))
    if inside:
        return _actor_of(inside[0], art, acting=True)
    owner = [c for c in tok.children if c.dep_ == "poss" and c.tag_ == "PRP$"]
    if owner and tok.lemma_.lower() not in STATE_NOUNS:  # "*their* conflict ended": whose conflict
        return subject_actors(owner[0], art, depth + 1)
    lemma = tok.lemma_.lower()
    if lemma in _COMPASS and (tok.pos_ == "PROPN" or any(c.lower_ == "the" for c in tok.children)):
        return [c] if (c := art.country(lemma)) else []
    if lemma in STATE_NOUNS:
        if tok.tag_ == "NNS" or any(c.dep_ == "nummod" for c in tok.children):  # "the two governments"
            return _governing(tok, art, depth, plural=True)
        if not any(c.dep_ == "poss" for c in tok.children):
            return [c] if (c := art.country()) else []
    return []


def _governing(tok: Token, art: _Article, depth: int, *, plural: bool) -> list[str]:
    """The subject of the clause that governs ``tok``'s clause, as actors (all of them for "they")."""
    node = tok
    for _ in range(8):
        if node.head is node:
            return []
        node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        subj = subject_of(node)
        if subj is None or subj.left_edge.i <= tok.i <= subj.right_edge.i:
            continue
        found = subject_actors(subj, art, depth + 1)
        return found if plural else found[:1]
    return []


def _speaker(target: Token, art: _Article) -> Token | None:
    """The subject of the cue verb that reports ``target``'s clause, when that cue is not an event of its own.

    "Ri said Kim signed it on Saturday" (the clause under the cue), "Kim signed it on Saturday, Ri said"
    (the cue after the clause).
    """
    cues = _cue_verbs()
    node = target
    for _ in range(5):
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in cues:
            cue = node.head
            break
        after = [c for c in node.children if c.dep_ in ("ccomp", "parataxis") and c.lemma_.lower() in cues
                 and c.i > target.i and any(g.dep_ in _SUBJECTS for g in c.children)]
        if after:
            cue = after[0]
            break
        if node.dep_ not in ("xcomp", "conj", "pcomp", "acl", "relcl", "dobj", "pobj", "prep") or node.head is node:
            return None  # not through "advcl": "When it blacklisted them, the Treasury said that ..." reports nothing
        node = node.head
    else:
        return None
    speaker = subject_of(cue)
    if cue.i in art.anchors or speaker is None or speaker.dep_ == "nsubjpass":  # "it was announced that ..."
        return None
    return speaker


def _performer(target: Token, art: _Article) -> str:
    """Who carried out a military action whose clause names no one (see the module docstring)."""
    for tok in reversed(art.doc[target.sent.start:target.i]):
        if tok.pos_ == "VERB" and tok.i not in {t.i for t in target.ancestors} and _military(tok):
            subj = subject_of(tok)
            if subj is not None and not (subj.left_edge.i <= target.i <= subj.right_edge.i):
                found = subject_actors(subj, art)
                if found:
                    return found[0]
    return art.focus


def _tokens(root: Token, excluded: set[int]) -> list[Token]:
    """``root``'s subtree without the subtrees rooted at ``excluded`` (other events' anchors)."""
    out, stack = [], [root]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.i not in excluded)
    return sorted(out, key=lambda t: t.i)


def _planned(node: Token, row: dict[str, Any]) -> bool:
    cues = plan_cues()
    if row.get("tense") == "future" or _FUTURE_WORDS.search(row["text"]):
        return True
    tok = node
    for _ in range(4):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in cues for c in tok.children):
            return True
        if tok is not node and tok.lemma_.lower() in cues:
            return True
        if any(c.dep_ == "acomp" and c.lemma_.lower() in cues for c in tok.children) and tok is not node:
            return True
        if tok.dep_ not in (*_INHERIT, "acomp") or tok.head is tok:
            break
        tok = tok.head
    return False


@cache
def _shown_prepositions() -> frozenset[str]:
    """The leading words of date_words.json an event's date text keeps ("On August 31"): those ``shown``."""
    return frozenset(k for k, how in dates_mod.words()["leading_words"].items() if how == "shown")


def _date_text(doc: Doc, row: dict[str, Any]) -> str:
    """The expression with its preposition when one comes just before it ("On August 31")."""
    span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
    if span is not None and span.start > 0 and doc[span.start - 1].dep_ == "prep" and \
            doc[span.start - 1].lower_ in _shown_prepositions():
        prep = doc[span.start - 1]
        return doc[prep.i:span.end].text[:row["end"] - prep.idx]  # not Doc.text: it joins every token
    return row["text"]


def doc_events(doc: Doc, article_id: str, dates: list[dict[str, Any]], mentions: list[dict[str, Any]], *,
               published: Any = None) -> list[dict[str, Any]]:
    """Dated happenings of one article, from its date rows and actor mentions; with ``published`` (the
    article's date, given or inferred) also the happenings it reports without a date (:func:`article_events`)."""
    vague = {w.lower() for w in [*dates_mod.words()["present_ref"], *dates_mod.words()["vague"]]}
    anchored: list[tuple[dict[str, Any], Span, Token]] = []
    for row in dates:
        if dates_mod.clean(row["text"]) in vague:
            continue
        span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
        node = anchor(span) if span is not None else None
        if node is None or any(c.dep_ == "neg" for c in node.children) or node.lemma_ in ("be", "have"):
            continue
        anchored.append((row, span, node))
    anchors = {node.i for _, _, node in anchored}
    art = _Article(doc, mentions, anchors)
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    dated: dict[int, dict[str, Any]] = {}  # token -> the date row of the text-dated event it heads
    for row, span, node in anchored:
        shared = [c for c in node.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i not in anchors
                  and not any(g.dep_ in _SUBJECTS for g in c.children)] if node.pos_ == "VERB" else []
        for target in [node, *shared]:
            dated.setdefault(target.i, row)
            if (target.i, row["start"]) in seen:
                continue
            seen.add((target.i, row["start"]))
            excluded = (anchors | {c.i for c in shared}) - {target.i}
            when = {**_when_text(doc, row), "planned": _planned(target if target is node else node, row)}
            rows.append(_event(doc, article_id, when, span, target, excluded, art)[0])
    art.dated_heads = set(dated)
    if published is not None and not pd.isna(published):
        rows += article_events(doc, article_id, art, dated, dates, pd.Timestamp(published).normalize())
    return rows


def _when_text(doc: Doc, row: dict[str, Any]) -> dict[str, Any]:
    """The date fields of an event dated by an expression of its sentence."""
    return {"sentence": row["sentence"], "date_start": row["date_start"], "date_end": row["date_end"],
            "precision": row["precision"],
            "date_text": _date_text(doc, row), "date_source": "text"}


# ---------------------------------------------------------------- happenings dated by the article


@cache
def happening_words() -> dict[str, frozenset[str]]:
    """The word lists that tell a reported happening from a state, a habit or a hedge: ``happenings.json``."""
    with (DATA / "happenings.json").open(encoding="utf-8") as fh:
        return {key: frozenset(words) for key, words in json.load(fh).items()}


@cache
def _hedges() -> frozenset[str]:
    """Auxiliaries that make a clause no report of a happening: modals, and the future ones of date_words.json."""
    cues = dates_mod.words()["future_cues"]
    return happening_words()["modals"] | {w for w, kind in cues.items() if kind == "auxiliary"} | {"would"}


def _is_happening_noun(tok: Token) -> bool:
    """An event noun: "the launch", "the merger", or an event noun of ``event_types.csv`` ("the talks")."""
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in happening_words()["event_nouns"] or _is_event_noun(tok))


def reporting_form(verb: Token) -> str:
    """How a verb's form reports a happening: ``past`` ("fired", "was launched"), ``perfect`` ("has unveiled",
    "has been sold") or ``progressive`` ("is recalling"); empty for any other form ("fires", "had fired",
    "will fire", "was firing", "to fire")."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.dep_ == "conj" and not auxes and verb.tag_ == "VBN":  # "has tested and launched": the first's form
        return reporting_form(verb.head)
    if any(a.lower_ in _hedges() or a.lower_ == "to" for a in auxes):
        return ""
    perfect = [a for a in auxes if a.lemma_ == "have"]
    if verb.tag_ == "VBD" and not auxes:
        return "past"
    if verb.tag_ == "VBN" and perfect:
        return "perfect" if perfect[0].tag_ in ("VBZ", "VBP") else ""
    if verb.tag_ == "VBN" and any(a.dep_ == "auxpass" and a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBG" and verb.lower_ != "going" and \
            any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "progressive"
    return ""


def _hedged(node: Token) -> bool:
    """Negated, conditional, modal or habitual at ``node`` ("did not fire", "if it fires", "usually fires")."""
    words = happening_words()
    for c in node.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and low in _hedges()):
            return True
        if c.dep_ == "mark" and low in words["conditional_marks"]:
            return True
        if c.dep_ in ("advmod", "npadvmod", "prep") and low in words["habitual_markers"]:
            return True
        if c.dep_ in ("npadvmod", "prep") and any(g.lower_ in words["habitual_markers"] for g in c.subtree):
            return True  # "every year", "since 2011"
    return node.lemma_.lower() in plan_cues()


def _cue_class(tok: Token) -> str:
    """The class of ``cues.csv`` a verb has ("speech", "accuse", ...), empty when it is no cue."""
    return _cue_classes().get(tok.lemma_.lower(), "")


def _asserted(verb: Token) -> bool:
    """Does the reporter assert the clause: a main clause, one joined to it by "and", or what a cue of speech
    reports ("officials *said* North Korea fired a missile"), none of them hedged (see :func:`_hedged`)?"""
    words = happening_words()
    node = verb
    for _ in range(6):
        if _hedged(node):
            return False
        if node.dep_ == "ROOT":
            return True
        if node.dep_ == "conj":
            node = node.head
            continue
        cue = node.head
        if node.dep_ in ("ccomp", "parataxis") and _cue_class(cue) in words["asserting_cue_classes"] and \
                cue.lemma_.lower() not in words["unasserting_cues"] and cue.pos_ == "VERB":
            node = cue
            continue
        return False
    return False


def _event_verb(verb: Token) -> bool:
    """A verb that names a happening: no state ("remain", "own"), no cue of speech ("said": a quote), unless
    the lexicon types it ("held talks" is a meeting) or it judges in public without reporting words
    ("condemned the launch")."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma in plan_cues() or any(c.dep_ == "xcomp" and _cue_class(c) for c in verb.children):
        return False  # "declined to speculate", "refused to say": no saying, and no happening
    typed = event_type(lemma, _objects(verb)) not in ("other", "statement", "report")
    if lemma in happening_words()["stative_verbs"]:
        return typed
    cls = _cue_class(verb)
    if not cls:
        return True
    if any(c.dep_ in ("ccomp", "parataxis") for c in verb.children):
        return False  # "consultants agreed that ...": reported speech
    if typed:  # "agreed to merge" is an agreement, "accused China of ..." an accusation
        return True
    return cls in happening_words()["acting_cue_classes"] and not any(c.dep_ == "xcomp" for c in verb.children)


def _reported_words(verb: Token) -> list[Token]:
    """The words of ``verb``'s clause and of every clause that depends on it ("fired what it said was a rocket
    ... in 2009", "officials said on Monday", "boarded the ship and questioned its crew when it returned on
    Nov. 24"), but not of a clause joined to it by "and" with a subject of its own (a date there is its own)."""
    out, stack = [], [verb]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if not (t is verb and c.dep_ == "conj" and _own_subject(c)))
    return out


def _own_clause(verb: Token) -> list[Token]:
    """``verb`` and the words of its own clause, without the clauses inside it ("for two decades")."""
    out, stack = [], [verb]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _CLAUSES)
    return out


_CLAUSES = ("ccomp", "parataxis", "advcl", "relcl", "acl", "conj", "xcomp", "csubj")


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in verb.children)


_LEAD = 3  # sentences of the body that report the news of the day: a present perfect there is that day's
_BACK_REFERENCE = frozenset({"that", "those", "this", "these"})


def _told_before(verb: Token, target: Token, art: _Article) -> bool:
    """Does the clause point back at a happening told before ("*That* explosion created", "*Mr. Trump's
    accusation* came" when his accusation is dated in the text), or speak in the first or second person?"""
    subj = subject_of(verb)
    if subj is not None and (subj.lower_ in ("i", "we", "you") or
                             any(c.dep_ == "det" and c.lower_ in _BACK_REFERENCE for c in subj.children)):
        return True
    if target is verb:
        return False
    kind = event_type(target.lemma_.lower(), [])
    return kind not in ("other", "statement", "report") and any(t.pos_ in ("VERB", "NOUN") and event_type(t.lemma_.lower(), _objects(t)) == kind
                                   for t in art.doc if t.i in art.dated_heads)


def _inside_quotes(tok: Token) -> bool:
    """Is the word inside quotation marks opened in its sentence (a speaker's own words, not the reporter's), or
    inside an aside between dashes ("Libya -- its leader gave up his nuclear ambitions -- and")?"""
    before = tok.doc.text[tok.sent.start_char:tok.idx]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1 or \
        (before.count(" -- ") + before.count(" — ")) % 2 == 1


def _reported_sentence(sent: Span) -> bool:
    """A statement of the body: it ends as a sentence does (a headline or teaser does not), and asks nothing."""
    text = sent.text.rstrip().rstrip("\"'”’)")
    return text.endswith((".", "!"))


def _article_day(target: Token, dated: dict[int, dict[str, Any]], published: pd.Timestamp) -> pd.Timestamp | None:
    """The day a happening without a date of its own is on: the publication day, or for a clause under a dated
    one ("officials said *yesterday* the ship sank") that one's day, when it is the publication day or the one
    before; None when the clause it hangs on is dated further away."""
    for node in target.ancestors:
        row = dated.get(node.i)
        if row is None:
            continue
        day = pd.Timestamp(row["date_start"]).normalize()
        recent = row["precision"] == "day" and published - pd.Timedelta(days=1) <= day <= published
        return day if recent else None
    return published


def article_events(doc: Doc, article_id: str, art: _Article, dated: dict[int, dict[str, Any]],
                   dates: list[dict[str, Any]], published: pd.Timestamp) -> list[dict[str, Any]]:
    """Happenings an article reports without a date expression, dated by the article (``date_source`` article).

    "The company *has unveiled* the name of its new airliner", "North Korea *fired* a missile", "officials said
    North Korea *fired* a missile", "*the launch* came a month after ..." are events of the publication day
    (of a reported statement's day when that is the day before); "X said" alone is a quote, and generic or
    habitual statements ("the company makes aircraft"), futures, conditionals, modals, negations, questions,
    quoted words, headlines and clauses that carry a date of their own (text-dated events, durations, "recently")
    are none. An event needs an actor taking part in its clause: the speaker alone is not enough.
    """
    date_spans = [(r["start"], r["end"]) for r in dates]
    found: list[tuple[Token, pd.Timestamp]] = []
    for sent in doc.sents:
        if not _reported_sentence(sent):
            continue
        for tok in sent:
            target = _happening(tok)
            if target is None or target.i in dated or tok.i in dated or _inside_quotes(tok):
                continue
            subj = subject_of(tok)
            words = _reported_words(tok) + list(target.subtree) + (list(subj.subtree) if subj is not None else [])
            if any(any(a <= t.idx < b for a, b in date_spans) for t in words) or \
                    any(t.ent_type_ in ("DATE", "TIME") for t in _own_clause(tok)):
                continue  # a date of its own or of a clause in it ("a missile launched in July flew"), a duration
            if reporting_form(tok) == "perfect" and art.sentence(sent) >= _LEAD:
                continue  # "has banned" after the lead is background
            if _told_before(tok, target, art):
                continue
            under_dated = any(a.i in dated for a in tok.ancestors)
            if not under_dated and any(sent.start_char <= a < sent.end_char for a, _ in date_spans):
                continue  # a sentence that dates another clause may date this one too, unsaid
            if (day := _article_day(tok, dated, published)) is not None:
                found.append((target, day))
    others = set(art.anchors) | {t.i for t, _ in found}
    rows: list[dict[str, Any]] = []
    spans: set[tuple[int, int]] = set()
    for target, day in found:
        when = {"sentence": art.sentence(target.sent), "date_start": day, "date_end": day, "precision": "day",
                "date_text": "", "date_source": "article", "planned": False}
        row, taking_part = _event(doc, article_id, when, None, target, others - {target.i}, art)
        if taking_part and (row["start"], row["end"]) not in spans:
            spans.add((row["start"], row["end"]))
            rows.append(row)
    return rows


def _happening(tok: Token) -> Token | None:
    """What a clause headed by ``tok`` reports as happening: the verb itself ("fired"), or its subject when that
    is an event noun and the verb only says it occurred ("*the launch* came a month after"); None for none."""
    if tok.pos_ != "VERB" or not reporting_form(tok) or not _asserted(tok):
        return None
    if _event_verb(tok) and tok.lemma_.lower() not in happening_words()["occurrence_verbs"]:
        return tok
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and _is_happening_noun(subj) and any(c.dep_ in ("det", "poss") for c in subj.children):
        return subj
    return None


def _clause_mentions(target: Token, toks: list[Token], art: _Article) -> list[dict[str, Any]]:
    """The mentions among the clause's tokens, and for "a memo to Trump *published* ..." the noun's own."""
    token_chars = [(t.idx, t.idx + len(t)) for t in toks]
    if _passive_modifier(target):
        own = {t.i for t in target.subtree}
        noun = target.head  # its owner, its name and what it is of or to, not its other clauses
        near = [t for c in noun.children if c.dep_ in ("poss", "compound", "prep", "nmod") for t in c.subtree]
        token_chars += [(t.idx, t.idx + len(t)) for t in [noun, *near] if t.i not in own]
    lo, hi = min(a for a, _ in token_chars), max(b for _, b in token_chars)
    return [m for m in art.mentions.starting_in(lo, hi) if any(a <= m["start"] < b for a, b in token_chars)]


def _event(doc: Doc, article_id: str, when: dict[str, Any], span: Span | None, target: Token, excluded: set[int],
           art: _Article) -> tuple[dict[str, Any], list[str]]:
    """The event row of ``target``'s clause dated by ``when``, and the actors its clause names itself (not the
    speaker who reports it)."""
    subj = subject_of(target) if target.pos_ in ("VERB", "AUX") else \
        next((c for c in target.children if c.dep_ == "poss"), None)
    subjects = subject_actors(subj, art)
    toks = _tokens(target, excluded)
    edges = [span.start_char, span.end_char] if span is not None else []
    start = min([toks[0].idx, *edges[:1]] + ([min(t.idx for t in subj.subtree)] if subj is not None else []))
    end = max([toks[-1].idx + len(toks[-1]), *edges[1:]])
    inside = _clause_mentions(target, toks, art)
    if subj is not None:
        inside = _mentions_in(art.mentions, min(t.idx for t in subj.subtree),
                              max(t.idx + len(t) for t in subj.subtree)) + inside
    acting = [m for m in inside if m.get("actor") and _acting(doc, m)]
    named = [a for m in inside if m.get("actor") for a in _actor_of(m, art, acting=_acting(doc, m))]
    if not subjects and _military(target):
        subjects = [p] if (p := _performer(target, art)) else []
    speaker = _speaker(target, art)
    said_by = subject_actors(speaker, art) if speaker is not None and speaker is not subj else []
    asked_by = subject_actors(_controller(target), art) if target.pos_ in ("VERB", "AUX") else []
    actors = list(dict.fromkeys(subjects + named + asked_by + said_by))
    taking_part = [a for a in dict.fromkeys(subjects + [a for m in acting for a in _actor_of(m, art, acting=True)])
                   if art.kinds.get(a) != "location"]  # "the Asian markets were hit": no one took part
    action = target.lemma_.lower()
    sent = target.sent
    row = {"article_id": article_id, "start": start, "end": end, **when,
           "event_type": event_type(action, _objects(target)), "action": action, "actors": actors,
           "subject": subjects[0] if subjects else "", "text": sent.text.strip()}
    return row, taking_part
