"""Who took part in an event: the actors of one clause, and the event row it makes.

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

from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from analysis.actors.reference import STATE_NOUNS, name_key, reference
from analysis.events.words import cue_verbs, event_type, military_verbs, military_words
from analysis.mention_index import MentionIndex

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
INHERIT = ("xcomp", "conj", "advcl", "pcomp")
_PRONOUNS = {"his", "her", "its", "their", "he", "she", "it", "they"}
# Words that describe a state instead of naming it ("the secretive state", "the regime", "the two governments")
_COMPASS = frozenset({"north", "south"})  # "the North", "the South": a divided country's halves
# Prepositions whose object takes part in the action ("signed with Washington", "fuel to Pyongyang")
_PARTNER_PREPOSITIONS = frozenset({"with", "to", "against", "on", "toward", "towards", "from", "by"})


def objects_of(tok: Token) -> list[str]:
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
        subj = [c for c in node.children if c.dep_ in SUBJECTS and c.dep_ != "nsubjpass"] or \
            [c for c in node.children if c.dep_ in SUBJECTS]
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
        if node.dep_ not in INHERIT or node.head is node:
            return None
        node = node.head
    return None


def _controller(verb: Token) -> Token | None:
    """The subject of the verb that asks an object to do ``verb`` ("*Japan* requested the Council hold talks")."""
    if verb.dep_ not in ("xcomp", "ccomp") or any(c.dep_ in SUBJECTS for c in verb.children) or \
            not any(c.dep_ == "dobj" for c in verb.head.children):
        return None
    return next((c for c in verb.head.children if c.dep_ in SUBJECTS), None)


def _mentions_in(mentions: MentionIndex, start: int, end: int) -> list[dict[str, Any]]:
    return [m for m in mentions.starting_in(start, end) if m["end"] <= end]


def _military(tok: Token) -> bool:
    """A military action: by the lexicon, or a verb whose subject, object or noun is a military word
    ("the *missile* flew", "a *test* that occurred", "two *missile* launches")."""
    if event_type(tok.lemma_.lower(), objects_of(tok)) == "military_action":
        return True
    words = military_words()
    near = [tok, *(c for c in tok.children if c.dep_ in (*SUBJECTS, "dobj", "compound", "attr"))]
    if tok.pos_ in ("VERB", "AUX") and (subj := subject_of(tok)) is not None:
        near.append(subj)  # "the missile was launched ... and *flew* 2,700 km"
    if tok.dep_ in ("acl", "relcl"):
        near.append(tok.head)
    if any(t.lemma_.lower() in words for t in near):
        return True
    # "launch", "fire", "test", "conduct" name a military action when the sentence is about one
    # ("North Korea fired a missile, similar to that *fired* over Japan last month")
    return tok.lemma_.lower() in military_verbs() and any(t.lemma_.lower() in words for t in tok.sent)


class Article:
    """What the events of one article share: its mentions, anchors and the countries it is about."""

    def __init__(self, doc: Doc, mentions: list[dict[str, Any]], anchors: set[int]):
        self.doc, self.mentions, self.anchors = doc, MentionIndex(mentions), anchors
        counts: dict[str, int] = {}
        kinds: dict[str, str] = {}
        self.kinds = {m["actor"]: m.get("actor_type", "") for m in self.mentions if m.get("actor")}
        self.dated_heads: set[int] = set()  # the heads of text-dated events, once they are known
        self.dated_kinds: set[tuple[str, str]] = set()  # their (event type, subject)
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


def _actor_of(m: dict[str, Any], art: Article, *, acting: bool) -> list[str]:
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


def subject_actors(tok: Token | None, art: Article, depth: int = 0) -> list[str]:
    """The actors a subject token stands for (the rules of the module docstring), the first the doer;
    "Japan and the US" stands for both."""
    if tok is None or depth > 3:
        return []
    found = _one_subject(tok, art, depth)
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            found += _one_subject(c, art, depth)
    return list(dict.fromkeys(found))


def _one_subject(tok: Token, art: Article, depth: int) -> list[str]:
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


def _governing(tok: Token, art: Article, depth: int, *, plural: bool) -> list[str]:
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


def _speaker(target: Token, art: Article) -> Token | None:
    """The subject of the cue verb that reports ``target``'s clause, when that cue is not an event of its own.

    "Ri said Kim signed it on Saturday" (the clause under the cue), "Kim signed it on Saturday, Ri said"
    (the cue after the clause).
    """
    cues = cue_verbs()
    node = target
    for _ in range(5):
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in cues:
            cue = node.head
            break
        after = [c for c in node.children if c.dep_ in ("ccomp", "parataxis") and c.lemma_.lower() in cues
                 and c.i > target.i and any(g.dep_ in SUBJECTS for g in c.children)]
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


def _performer(target: Token, art: Article) -> str:
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


def _clause_mentions(target: Token, toks: list[Token], art: Article) -> list[dict[str, Any]]:
    """The mentions among the clause's tokens, and for "a memo to Trump *published* ..." the noun's own."""
    token_chars = [(t.idx, t.idx + len(t)) for t in toks]
    if _passive_modifier(target):
        own = {t.i for t in target.subtree}
        noun = target.head  # its owner, its name and what it is of or to, not its other clauses
        near = [t for c in noun.children if c.dep_ in ("poss", "compound", "prep", "nmod") for t in c.subtree]
        token_chars += [(t.idx, t.idx + len(t)) for t in [noun, *near] if t.i not in own]
    lo, hi = min(a for a, _ in token_chars), max(b for _, b in token_chars)
    return [m for m in art.mentions.starting_in(lo, hi) if any(a <= m["start"] < b for a, b in token_chars)]


def event_row(doc: Doc, article_id: str, when: dict[str, Any], span: Span | None, target: Token, excluded: set[int],
           art: Article) -> tuple[dict[str, Any], list[str]]:
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
           "event_type": event_type(action, objects_of(target)), "action": action, "actors": actors,
           "subject": subjects[0] if subjects else "", "text": sent.text.strip()}
    return row, taking_part
