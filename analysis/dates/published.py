"""The article's date inferred from its text, for articles whose metadata lacks one."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pandas as pd
from spacy.tokens import Doc

from analysis.dates.finding import Candidates, _finder_spans, _trim, candidates, doc_dates
from analysis.dates.intervals import Context
from analysis.dates.normalise import clean, resolve
from analysis.dates.tense import governing_verb
from analysis.dates.words import alternation, words

_DATELINE_CHARS = 150
# a reported past day this many days before the start of another past date or period the text reports is cited
_CITED_DAYS = 31
# what follows the date of a dateline: "(AP) —", "--", a line break, or nothing
_DATELINE_END = re.compile(r"\s*(?:\([^)]{0,40}\)\s*)?(?:--|—|–|-|_|:|\n|$)")


def infer_published(doc: Doc, title: str = "", *, found_in: Candidates | None = None) -> tuple[pd.Timestamp | None, str]:
    """The article's date inferred from its text, or None with the reason nothing supports one.

    A full date in the dateline or the headline wins. Otherwise the article is dated on the latest day that a
    past-tense clause reports (it cannot predate what it reports): a full date ("May 28, 2016"), or a month
    and day whose year is the latest year the past-tense clauses name, when that year is corroborated, by a
    weekday that agrees ("Friday, September 8" is 2023, not 2022) or by a full date of the same year. A bare
    year is too weak: on news_cluster (bench/published.py) accepting it gave 14 more dates, 12 of them off by
    more than a month. Present and future clauses ("pundits are betting on 5 May") date nothing here, nor do
    dates the text cites: those in history phrases ("since 1997", "founded on 3 May 1921", "born in ...";
    ``history_cues`` of date_words.json), and a day that starts more than a month before another past date
    or period the text reports ("met on 14 May, 1870" in a story that goes on to 2003). On bench/published.py
    these took the articles dated more than a year off from 12 of 551 to 2, and on the BBC stories (all
    2004-2005) from 26 of 2124 to 15, without losing one dated within a day.
    ``found_in`` is :func:`candidates` of ``doc`` when the caller already has them.
    """
    for s, e in _finder_spans(title or ""):
        s, e = _trim(title, s, e)
        iv = resolve(title[s:e], Context(None))
        if iv and iv[2] == "day":
            return pd.Timestamp(iv[0]), f"date in the headline {title[s:e]!r}"
    prepared = found_in if found_in is not None else candidates(doc)
    absolute = doc_dates(doc, "", None, found_in=prepared)
    text = prepared.text
    for row in absolute:
        after = text[row["end"]:row["end"] + 60]
        if row["start"] < _DATELINE_CHARS and row["precision"] == "day" and _DATELINE_END.match(after):
            return row["date_start"], f"dateline {row['text']!r}"
    history = {(r["start"], r["end"]) for r in absolute if _history(doc, text, r["start"], r["end"])}
    current = [r for r in absolute if (r["start"], r["end"]) not in history and r["tense"] == "past"]
    years = [r["date_end"].year for r in current]
    days = [r for r in current if r["precision"] == "day"]
    if years:
        latest_year = max(years)
        anchor = pd.Timestamp(date(latest_year, 12, 31))
        known = {(r["start"], r["end"]) for r in days}
        for row in doc_dates(doc, "", anchor, found_in=prepared):
            if row["precision"] == "day" and row["tense"] == "past" and (row["start"], row["end"]) not in known \
                    and (row["start"], row["end"]) not in history and _anchored(row["text"]) \
                    and row["date_start"].year >= latest_year - 1 \
                    and (_has_weekday(row["text"]) or any(r["date_start"].year == row["date_start"].year for r in days)):
                days.append(row)
        # a day the text reports as past and that ends well before another past date or period it reports
        # ("on Jan. 24, 2016" in a story that goes on to 2017; "Nelson Town met Nelson College on 14 May, 1870"
        # in one that goes on to 2003) is a day it cites, not the day it was written
        latest_start = max(r["date_start"] for r in current)
        days = [r for r in days if (latest_start - r["date_start"]).days <= _CITED_DAYS]
    if days:
        best = max(days, key=lambda r: r["date_start"])
        return best["date_start"], f"latest dated past event {best['text']!r}"
    if years:
        return None, f"no date in the metadata, and the text names only years (latest {max(years)}) or days it " \
                     "cites from history, too vague for a day"
    if history:
        return None, "no date in the metadata, and the text names only dates it cites from history"
    return None, "no date in the metadata and none in the text"


@cache
def _history_cues() -> tuple[re.Pattern[str], frozenset[str]]:
    """The words before a date that cite history ("since", "back in") and the verbs that do ("founded", "born")."""
    cues = words()["history_cues"]
    before = alternation(k for k, how in cues.items() if how == "before")
    return (re.compile(rf"\b(?:{before})\s+(?:the\s+|on\s+|in\s+)?$", re.IGNORECASE),
            frozenset(k for k, how in cues.items() if how == "verb"))


def _history(doc: Doc, text: str, start: int, end: int) -> bool:
    """Whether the date at ``start:end`` is cited from history: after "since", "back in", "the anniversary of",
    or governed by a verb such as "founded", "born", "died"."""
    before, verbs = _history_cues()
    if before.search(text[max(0, start - 40):start]):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    verb = governing_verb(span) if span is not None and len(span) else None
    return verb is not None and verb.lemma_.lower() in verbs


def _has_weekday(text: str) -> bool:
    return bool(re.search(rf"\b(?:{alternation(words()['weekdays'])})\b", text.lower()))


def _anchored(text: str) -> bool:
    """Month-day expressions that need only a year, not the article date ("September 8", not "Friday")."""
    s = clean(text)
    months = alternation(words()["months"])
    return bool(re.search(rf"\b(?:{months})\.? \d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{months})\b", s))
