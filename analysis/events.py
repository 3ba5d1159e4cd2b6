"""Sentences -> dated events: who did what, when.

Every date row anchors an event on the word it depends on: the verb ("In July, Shoigu *visited* the DPRK")
or an event noun on the way to it ("before his *trip* to Russia next week"). The event's actors are the
mentions inside that verb's clause, its subject first; the clauses of other dated events nested inside
("reported that Kim *plans to visit* Russia in September") are left to those events. Verbs joined to the
anchor by "and" share its date ("visited the DPRK and met ...").
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from analysis import dates as dates_mod
from analysis.mention_index import MentionIndex

DATA = Path(__file__).resolve().parent / "data"
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_INHERIT = ("xcomp", "conj", "advcl", "pcomp")
_PRONOUNS = {"his", "her", "its", "their", "he", "she", "it", "they"}
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
    return objs


def subject_of(verb: Token) -> Token | None:
    """The doer: the verb's subject, the agent of a passive, or the subject it shares with the verb it hangs on."""
    node = verb
    for _ in range(4):
        for c in node.children:
            if c.dep_ == "agent":
                pobj = [g for g in c.children if g.dep_ == "pobj"]
                if pobj:
                    return pobj[0]
        subj = [c for c in node.children if c.dep_ in _SUBJECTS and c.dep_ != "nsubjpass"] or \
            [c for c in node.children if c.dep_ in _SUBJECTS]
        if subj:
            return subj[0]
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ not in _INHERIT or node.head is node:
            return None
        node = node.head
    return None


def _mentions_in(mentions: MentionIndex, start: int, end: int) -> list[dict[str, Any]]:
    return [m for m in mentions.starting_in(start, end) if m["end"] <= end]


def _actor_at(tok: Token | None, mentions: MentionIndex, verb: Token) -> str:
    """The canonical actor of a subject token: the mention holding its head word, else the first in its phrase.

    "he"/"she"/"his"/"her" stand for the person last named before them (within three sentences).
    """
    if tok is None:
        return ""
    if tok.lower_ in _PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
        if tok.lower_ not in ("he", "she", "his", "her"):
            return ""
        first = tok.doc[max(tok.sent.start - 1, 0)].sent
        window_start = tok.doc[max(first.start - 1, 0)].sent.start_char
        people = [m for m in mentions.starting_in(window_start, tok.idx) if m.get("actor_type") == "person"]
        return people[-1]["actor"] if people else ""
    for m in mentions.overlapping(tok.idx, tok.idx + 1):
        return m["actor"]
    inside = _mentions_in(mentions, min(t.idx for t in tok.subtree), max(t.idx + len(t) for t in tok.subtree))
    return inside[0]["actor"] if inside else ""


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


def doc_events(doc: Doc, article_id: str, dates: list[dict[str, Any]], mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated happenings of one article, from its date rows and actor mentions."""
    index = MentionIndex(mentions)
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
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for row, span, node in anchored:
        shared = [c for c in node.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i not in anchors
                  and not any(g.dep_ in _SUBJECTS for g in c.children)] if node.pos_ == "VERB" else []
        for target in [node, *shared]:
            if (target.i, row["start"]) in seen:
                continue
            seen.add((target.i, row["start"]))
            excluded = (anchors | {c.i for c in shared}) - {target.i}
            rows.append(_event(doc, article_id, row, span, target, excluded, index, node))
    return rows


def _event(doc: Doc, article_id: str, row: dict[str, Any], span: Span, target: Token, excluded: set[int],
           mentions: MentionIndex, head: Token) -> dict[str, Any]:
    subj = subject_of(target) if target.pos_ in ("VERB", "AUX") else \
        next((c for c in target.children if c.dep_ == "poss"), None)
    subject = _actor_at(subj, mentions, target)
    toks = _tokens(target, excluded)
    start = min([toks[0].idx, span.start_char] + ([min(t.idx for t in subj.subtree)] if subj is not None else []))
    end = max([toks[-1].idx + len(toks[-1]), span.end_char])
    token_chars = [(t.idx, t.idx + len(t)) for t in toks]
    inside = [m for m in mentions.starting_in(token_chars[0][0], token_chars[-1][1])
              if any(a <= m["start"] < b for a, b in token_chars)]
    if subj is not None:
        inside = _mentions_in(mentions, min(t.idx for t in subj.subtree), max(t.idx + len(t) for t in subj.subtree)) \
            + inside
    actors = list(dict.fromkeys(([subject] if subject else []) + [m["actor"] for m in inside if m.get("actor")]))
    action = target.lemma_.lower()
    sent = span.sent
    return {"article_id": article_id, "sentence": row["sentence"], "start": start, "end": end,
            "date_start": row["date_start"], "date_end": row["date_end"], "precision": row["precision"],
            "date_text": _date_text(doc, row), "planned": _planned(target if target is head else head, row),
            "event_type": event_type(action, _objects(target)), "action": action, "actors": actors,
            "subject": subject, "text": sent.text.strip()}
