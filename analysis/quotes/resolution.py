"""Speakers resolved to the article's canonical actors through its mention rows: a name through its
mention, ``he``/``she`` through the latest person before it, ``the military-political observer`` through
the actor introduced as a military and political observer.

An unresolved speaker stays empty: analysts quote these rows, so an attribution is right or absent, never guessed.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from analysis.actors.reference import STATE_NOUNS, reference
from analysis.mention_index import MentionIndex
from analysis.quotes.cues import DATA
from analysis.quotes.rows import _Row

PERSON_PRONOUNS = {"he", "she", "him", "her"}
INDEFINITE = {"a", "an", "another", "one", "some"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Actors an unnamed official or body can speak for (not locations: "officials in Seoul" are not named by it).
ACTOR_TYPES = {"country", "organization", "person"}
STOP = {"the", "a", "an", "this", "that", "these", "those", "of", "and", "with", "for", "in", "at", "on", "to", "-",
        "his", "her", "its", "their", "our", "former", "then", "further", "also"}


class _Context:
    """The article's mentions, indexed for resolving speakers: names, pronouns, descriptions."""

    def __init__(self, doc: Doc, mentions: list[dict[str, Any]]):
        self.doc = doc
        self.index = MentionIndex(mentions)
        self.mentions = self.index.mentions
        self.sent_starts = [s.start_char for s in doc.sents]
        self.full_names = _full_names(self.mentions)
        self.roles = self._roles()

    def actor(self, m: dict[str, Any]) -> str:
        actor = str(m.get("actor") or m.get("text") or "")
        if _is_person(m) and len(actor.split()) == 1:
            return self.full_names.get(actor.lower(), actor)
        return actor

    def _roles(self) -> list[tuple[int, set[str], dict[str, Any]]]:
        """(offset, description words, mention) from the mentions' role and the appositions in the text."""
        out = []
        for m in self.mentions:
            words = _content_words(str(m.get("role") or ""))
            span = self.doc.char_span(int(m["start"]), int(m["end"]), alignment_mode="expand")
            if span is not None:
                words |= _content_words(" ".join(t.text for t in _descriptors(span)))
            if words:
                out.append((int(m["start"]), words, m))
        return out

    def mention_at(self, start: int, end: int, head: int | None = None) -> dict[str, Any] | None:
        """The mention holding ``head`` if any, else the longest one overlapping ``start:end``."""
        best = None
        low, high = (start, end) if head is None else (min(start, head), max(end, head + 1))
        for m in self.index.overlapping(low, high):
            ms, me = int(m["start"]), int(m["end"])
            if head is not None and ms <= head < me:
                return m
            if ms < end and start < me and (best is None or me - ms > int(best["end"]) - int(best["start"])):
                best = m
        return best

    def sentence_of(self, char: int) -> int:
        return max(bisect_right(self.sent_starts, char) - 1, 0)

    def is_person_token(self, tok: Token) -> bool:
        m = self.mention_at(tok.idx, tok.idx + len(tok))
        return (m is not None and _is_person(m)) or tok.lower_ in PERSON_PRONOUNS


def _full_names(mentions: list[dict[str, Any]]) -> dict[str, str]:
    """Surname -> the longest name ending in it, for person mentions whose actor is a bare surname
    (the actors module merges these; this keeps attribution right when it has not)."""
    names: dict[str, tuple[bool, str]] = {}
    for m in mentions:
        actor = str(m.get("actor") or m.get("text") or "")
        words = actor.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            key = (_is_person(m), actor)
            last = words[-1].lower()
            if last not in names or (key[0], len(actor)) > (names[last][0], len(names[last][1])):
                names[last] = key
    return {k: v[1] for k, v in names.items()}


def _is_person(m: dict[str, Any]) -> bool:
    return m.get("actor_type") == "person" or m.get("label") == "PERSON"


def _descriptors(span: Span) -> list[Token]:
    """Words describing a mentioned person: appositions and titles before the name."""
    root = span.root
    out: list[Token] = []
    for c in root.children:
        if c.dep_ == "appos":
            out.extend(t for t in c.subtree if t.dep_ != "relcl")
        elif c.i < span.start and c.dep_ in ("compound", "amod", "nmod"):
            out.extend(c.subtree)
    if root.dep_ == "appos" and root.head.i < span.start:
        out.extend(t for t in root.head.subtree if t.i < root.head.i + 1 and t.i < span.start)
    return out


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP and len(w) > 1}


def _stem(word: str) -> str:
    return word[:6]


def _resolve(row: _Row, ctx: _Context, rows: list[_Row]) -> None:
    """Speaker span and canonical actor of one row, from the subject found at its cue."""
    subj = row.subject
    if subj is None:
        return
    head = subj.root
    named = _named_in_apposition(head, ctx)
    if named is not None:  # "a spokesman for the Foreign Ministry, Geng Shuang, said": Geng Shuang speaks
        row.speaker_start, row.speaker_end, row.speaker_text = int(named["start"]), int(named["end"]), str(named["text"])
        row.speaker, row.person = ctx.actor(named), True
        return
    group = _group_of(subj, ctx)
    if group is not None:  # "South Korea's military said": South Korea speaks, in the words as written
        row.speaker_start, row.speaker_end, row.speaker_text = subj.start_char, subj.end_char, subj.text
        row.speaker, row.person = ctx.actor(group), _is_person(group)
        if row.person and head.lemma_.lower() in STATE_NOUNS and (state := reference().country_of.get(row.speaker)):
            row.speaker, row.person = state, False  # "Kim's regime said", "the Trump administration said"
        if head.lower_ in SPOKESPEOPLE and not _is_person(group):  # the spokeswoman the article names, if one
            row.speaker, row.person = _named_spokesperson(head, group, ctx) or (row.speaker, row.person)
        return
    if head.lower_ in speaker_groups() and (owner := _his(subj)) is not None:
        row.speaker_start, row.speaker_end, row.speaker_text = subj.start_char, subj.end_char, subj.text
        row.speaker = _resolve_pronoun(owner.idx, ctx, rows)  # "a statement by his spokesman": his statement
        row.person = bool(row.speaker)
        return
    if _bare_official(subj):  # "an official said", "officials said": the officials cited just before
        row.speaker_start, row.speaker_end, row.speaker_text = subj.start_char, subj.end_char, subj.text
        row.speaker = _document(head, rows, row, ctx, kind="people")[0]
        return
    if subj[0].lower_ in INDEFINITE:  # "a South Carolina Democrat" is someone, not the actor "Democrat"
        row.speaker_start, row.speaker_end, row.speaker_text = subj.start_char, subj.end_char, subj.text
        return
    m = ctx.mention_at(subj.start_char, subj.end_char, head.idx)
    if m is not None and (head.pos_ == "PROPN" or int(m["start"]) <= head.idx < int(m["end"])):
        row.speaker_start, row.speaker_end = int(m["start"]), int(m["end"])
        row.speaker_text = str(m["text"])
        row.speaker = ctx.actor(m)
        row.person = _is_person(m)
        return
    row.speaker_start, row.speaker_end, row.speaker_text = subj.start_char, subj.end_char, subj.text
    if head.lower_ in ("he", "she"):
        row.speaker = _resolve_pronoun(subj.start_char, ctx, rows)
        row.person = bool(row.speaker)
    elif head.lower_ == "it" and len(subj) == 1:  # "It said it had fired a satellite": the state or body before
        row.speaker = _resolve_pronoun(subj.start_char, ctx, rows, person=False)
    elif head.lower_ in ("who", "that", "which") and head.head.dep_ == "relcl":
        antecedent = head.head.head  # "Sanders, who said ...": the speaker span stays on "who"
        m = ctx.mention_at(antecedent.idx, antecedent.idx + len(antecedent), antecedent.idx)
        row.speaker = ctx.actor(m) if m is not None else ""
        row.person = m is not None and _is_person(m)
    elif head.pos_ == "NOUN" and any(t.lower_ in ("the", "this", "that") for t in subj):
        row.speaker, row.person = _resolve_description(subj, ctx)
        if not row.speaker:
            row.speaker, row.person = _document(head, rows, row, ctx)
        if not row.speaker and len(subj) == 2 and head.lower_ in reference().titles:
            row.speaker = _resolve_pronoun(subj.start_char, ctx, rows)  # "the leader said": the person just named
            row.person = bool(row.speaker)
    elif head.pos_ == "NOUN" and (owner := next((t for t in subj if t.tag_ == "POS"), None)) is not None:
        # "South Korea's president" -> the person introduced as South Korean President
        row.speaker, row.person = _resolve_description(subj.doc[owner.i + 1:subj.end], ctx,
                                                       owner=subj.doc[subj.start:owner.i].text)


def _his(subj: Span) -> Token | None:
    """The "his" or "her" of "his spokesman", "a statement by his spokesman" (the parse may hang "by ..." on
    the verb), whose person the unnamed speaker speaks for."""
    doc, head = subj.doc, subj.root
    words = list(head.subtree)
    if subj.end < len(doc) and doc[subj.end].lower_ in ("by", "from"):
        words += list(doc[subj.end].subtree)
    return next((t for t in words if t.lower_ in ("his", "her") and t.dep_ == "poss"), None)


PLACES = {"country", "location"}  # "China" of "China's Foreign Ministry" is not in its spokeswoman's role
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson"}


def _named_spokesperson(head: Token, body: dict[str, Any], ctx: _Context) -> tuple[str, bool] | None:
    """"a spokeswoman for China's Foreign Ministry" -> Hua Chunying, when the article introduces exactly one
    person as that body's spokeswoman ("Chinese Foreign Ministry spokeswoman Hua Chunying"), before or after."""
    ref = reference()
    words = {_stem(head.lower_)} | {_stem(w) for w in _content_words(str(body["text"]))
                                    if (ref.lookup(w) is None or ref.lookup(w).actor_type not in PLACES)}
    found = {ctx.actor(m) for _, role_words, m in ctx.roles
             if _is_person(m) and words <= {_stem(w) for w in role_words}}
    return (found.pop(), True) if len(found) == 1 else None


def _named_in_apposition(head: Token, ctx: _Context) -> dict[str, Any] | None:
    """The person a description names in apposition: "a spokesman for the ministry, Geng Shuang,"."""
    if head.pos_ != "NOUN":
        return None
    for child in head.children:
        if child.dep_ == "appos":
            m = ctx.mention_at(child.idx, child.idx + len(child), child.idx)
            if m is not None and _is_person(m):
                return m
    return None


@lru_cache(maxsize=1)
def _speaker_group_kinds() -> dict[str, str]:
    with (DATA / "speaker_groups.csv").open(encoding="utf-8", newline="") as fh:
        return {row["word"].lower(): row["kind"] for row in csv.DictReader(fh)}


def speaker_groups() -> frozenset[str]:
    """Nouns for someone or something that speaks for the actor named beside it (``data/speaker_groups.csv``)."""
    return frozenset(_speaker_group_kinds())


def _bare_official(subj: Span) -> bool:
    """"an official", "officials", "the officials": nobody's officials, as far as the words go."""
    return subj.root.lemma_.lower() == "official" and all(t.i == subj.root.i or t.dep_ == "det" for t in subj)


def _document(head: Token, rows: list[_Row], row: _Row, ctx: _Context, kind: str = "words") -> tuple[str, bool]:
    """"the statement said", "the report said": the speaker of the statement or report the article cited just
    before (a row whose speaker's words or cue name it: 'said a statement issued by NADA', 'Chosun Ilbo
    reported'); with ``kind="people"``, "an official said": the state or body whose officials spoke just before
    ('a South Korean official told CNN')."""
    noun = head.lemma_.lower()
    if _speaker_group_kinds().get(noun) != kind:
        return "", False
    lo = ctx.sent_starts[max(0, ctx.sentence_of(row.start) - PRONOUN_SENTENCES)]
    for r in reversed([r for r in rows if lo <= r.start < row.start and r.speaker]):
        words = [w.rstrip("s") for w in r.speaker_text.lower().split()]
        if (noun in words and not (kind == "people" and r.person)) or r.cue == noun:
            return r.speaker, r.person
    return "", False


def _group_of(subj: Span, ctx: _Context) -> dict[str, Any] | None:
    """The mention an unnamed official, body or statement speaks for, when the subject is one.

    "South Korea's military", "Japanese officials", "a White House statement", "RIA Novosti state news agency",
    "a spokesman for the North Korean foreign ministry" -> the mention of South Korea, Japan, the White House,
    RIA Novosti, North Korea: the one nearest the head noun. "South Korean analysts" speak for nobody.
    """
    head = subj.root
    if head.lower_ not in speaker_groups() or head.pos_ not in ("NOUN", "PROPN"):
        return None
    near: tuple[int, dict[str, Any]] | None = None
    whole = subj.doc[min(subj.start, head.left_edge.i):max(subj.end, head.right_edge.i + 1)]  # "a spokesman for X"
    if any(int(m["start"]) <= head.idx < int(m["end"]) and m.get("actor_type") == "organization"
           for m in ctx.index.overlapping(head.idx, head.idx + len(head))):
        return None  # "China's Foreign Ministry" is a body with a name of its own, resolved as a name
    for m in ctx.index.overlapping(whole.start_char, whole.end_char):
        if int(m["start"]) <= head.idx < int(m["end"]) or m.get("actor_type") not in ACTOR_TYPES:
            continue  # a name that is the head itself ("the Foreign Ministry") is resolved as a name
        # a person is the principal ("a spokesman for Russian President Vladimir Putin"): before any state
        distance = min(abs(int(m["end"]) - head.idx), abs(int(m["start"]) - head.idx - len(head))) \
            - (len(whole.text) if _is_person(m) else 0)
        if near is None or distance < near[0]:
            near = (distance, m)
    return near[1] if near else None


PRONOUN_SENTENCES = 5  # how far back "he said" looks for its person (quoted words split sentences often)


def _resolve_pronoun(char: int, ctx: _Context, rows: list[_Row], *, person: bool = True) -> str:
    """The most recent person (else state or organization) within a few sentences, a subject preferred; the
    speaker of a quotation just before counts as a subject."""
    sent = ctx.sentence_of(char)
    lo = ctx.sent_starts[max(0, sent - PRONOUN_SENTENCES)]
    candidates: list[tuple[int, bool, str]] = []
    for m in ctx.index.starting_in(lo, char):
        s = int(m["start"])
        if _is_person(m) if person else m.get("actor_type") in ("country", "organization"):
            tok = ctx.doc.char_span(s, int(m["end"]), alignment_mode="expand")
            is_subj = tok is not None and tok.root.dep_ in SUBJECT_DEPS
            candidates.append((s, is_subj, ctx.actor(m)))
    for r in rows:
        if r.person == person and r.speaker and r.speaker_start is not None and lo <= r.speaker_start < char:
            candidates.append((r.speaker_start, True, r.speaker))
    if not candidates:
        return ""
    subjects = [c for c in candidates if c[1]]
    return max(subjects or candidates)[2]


OWNER_STEM = 5  # "Korea" and "Korean", "Russia" and "Russian" meet on their first five letters


def _resolve_description(subj: Span, ctx: _Context, owner: str = "") -> tuple[str, bool]:
    """"the military-political observer" -> the actor introduced as a military and political observer:
    every word of the description is in the actor's role, the closest fit first, then the latest. With an
    ``owner`` ("South Korea" of "South Korea's president") the role also names it ("South Korean President")."""
    words = {_stem(w) for w in _content_words(subj.text)}
    owners = {w[:OWNER_STEM] for w in _content_words(owner)}
    if not words:
        return "", False
    best: tuple[float, int, str, bool] | None = None
    for start, role_words, m in ctx.roles:
        stems = {_stem(w) for w in role_words}
        if start >= subj.start_char or not words <= stems or not owners <= {w[:OWNER_STEM] for w in role_words}:
            continue
        cand = (len(words) / len(stems), start, ctx.actor(m), _is_person(m))
        best = cand if best is None or cand[:2] > best[:2] else best
    return (best[2], best[3]) if best else ("", False)
