"""Sentences -> dated events: who did what, when.

Two kinds of events (``date_source``): ``text``, a happening dated by an expression of its sentence, and
``article``, a happening the article reports without one ("North Korea *fired* a missile", "officials said
Boeing *has unveiled* its airliner"), dated by the article's publication day (:func:`article_events`).

Every date row anchors an event on the word it depends on: the verb ("In July, Shoigu *visited* the DPRK")
or an event noun on the way to it ("before his *trip* to Russia next week"). The event's actors are the
mentions inside that verb's clause, its subject first; the clauses of other dated events nested inside
("reported that Kim *plans to visit* Russia in September") are left to those events. Verbs joined to the
anchor by "and" share its date ("visited the DPRK and met ...").

The words the events read are in :mod:`analysis.events.words`, who took part in :mod:`analysis.events.clause`,
and the happenings dated by the article in :mod:`analysis.events.happenings`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span, Token

from analysis import dates as dates_mod
from analysis.events.clause import INHERIT, SUBJECTS, Article, event_row, subject_actors, subject_of
from analysis.events.happenings import article_events, comparison, reporting_form
from analysis.events.words import event_lexicon, event_type, happening_words, is_event_noun, light_verbs, plan_cues

__all__ = ["anchor", "article_events", "comparison", "doc_events", "event_lexicon", "event_type", "happening_words",
           "light_verbs", "plan_cues", "reporting_form", "subject_actors", "subject_of"]

_FUTURE_WORDS = re.compile(r"^(?:next|coming|tomorrow|later this|the coming)\b|\bfrom now$", re.IGNORECASE)


def anchor(span: Span) -> Token | None:
    """The verb, or event noun on the way to it, that a temporal expression dates."""
    tok = span.root
    for _ in range(8):
        if tok.head is tok:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if is_event_noun(tok) and not (span.start <= tok.i < span.end):
            return tok
    return None


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
        if tok.dep_ not in (*INHERIT, "acomp") or tok.head is tok:
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
    spans = {id(row): doc.char_span(row["start"], row["end"], alignment_mode="expand") for row in dates}
    dates = [row for row in dates if spans[id(row)] is None or not comparison(spans[id(row)])]  # dates nothing
    for row in dates:
        if dates_mod.clean(row["text"]) in vague:
            continue
        span = spans[id(row)]
        node = anchor(span) if span is not None else None
        if node is None or any(c.dep_ == "neg" for c in node.children) or node.lemma_ in ("be", "have"):
            continue
        anchored.append((row, span, node))
    anchors = {node.i for _, _, node in anchored}
    art = Article(doc, mentions, anchors)
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    dated: dict[int, dict[str, Any]] = {}  # token -> the date row of the text-dated event it heads
    for row, span, node in anchored:
        shared = [c for c in node.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i not in anchors
                  and not any(g.dep_ in SUBJECTS for g in c.children)] if node.pos_ == "VERB" else []
        for target in [node, *shared]:
            dated.setdefault(target.i, row)
            if (target.i, row["start"]) in seen:
                continue
            seen.add((target.i, row["start"]))
            excluded = (anchors | {c.i for c in shared}) - {target.i}
            when = {**_when_text(doc, row), "planned": _planned(target if target is node else node, row)}
            rows.append(event_row(doc, article_id, when, span, target, excluded, art)[0])
    art.dated_heads = set(dated)
    art.dated_kinds = {(r["event_type"], r["subject"]) for r in rows if r["subject"]}
    if published is not None and not pd.isna(published):
        day = pd.Timestamp(pd.Timestamp(published).date())  # the day the article was written, without a time zone
        rows += article_events(doc, article_id, art, dated, dates, day)
    return rows


def _when_text(doc: Doc, row: dict[str, Any]) -> dict[str, Any]:
    """The date fields of an event dated by an expression of its sentence."""
    return {"sentence": row["sentence"], "date_start": row["date_start"], "date_end": row["date_end"],
            "precision": row["precision"],
            "date_text": _date_text(doc, row), "date_source": "text"}
