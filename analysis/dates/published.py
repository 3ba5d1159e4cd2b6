"""The article's date inferred from its text, for articles whose metadata lacks one."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
from spacy.tokens import Doc

from analysis.dates.finding import Candidates, _finder_spans, _trim, candidates, doc_dates
from analysis.dates.intervals import Context
from analysis.dates.normalise import clean, resolve
from analysis.dates.words import alternation, words

_DATELINE_CHARS = 150
# what follows the date of a dateline: "(AP) —", "--", a line break, or nothing
_DATELINE_END = re.compile(r"\s*(?:\([^)]{0,40}\)\s*)?(?:--|—|–|-|_|:|\n|$)")


def infer_published(doc: Doc, title: str = "", *, found_in: Candidates | None = None) -> tuple[pd.Timestamp | None, str]:
    """The article's date inferred from its text, or None with the reason nothing supports one.

    A full date in the dateline or the headline wins. Otherwise the article is dated on the latest day that a
    past-tense clause reports (it cannot predate what it reports): a full date ("May 28, 2016"), or a month
    and day whose year is the latest year the past-tense clauses name, when that year is corroborated, by a
    weekday that agrees ("Friday, September 8" is 2023, not 2022) or by a full date of the same year. A bare
    year is too weak: on news_cluster (bench/published.py) accepting it gave 14 more dates, 12 of them off by
    more than a month. Present and future clauses ("pundits are betting on 5 May") date nothing here.
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
    years = [r["date_end"].year for r in absolute if r["tense"] == "past"]
    days = [r for r in absolute if r["precision"] == "day" and r["tense"] == "past"]
    if years:
        latest_year = max(years)
        anchor = pd.Timestamp(date(latest_year, 12, 31))
        known = {(r["start"], r["end"]) for r in days}
        for row in doc_dates(doc, "", anchor, found_in=prepared):
            if row["precision"] == "day" and row["tense"] == "past" and (row["start"], row["end"]) not in known \
                    and _anchored(row["text"]) and row["date_start"].year >= latest_year - 1 \
                    and (_has_weekday(row["text"]) or any(r["date_start"].year == row["date_start"].year for r in days)):
                days.append(row)
    if days:
        best = max(days, key=lambda r: r["date_start"])
        return best["date_start"], f"latest dated past event {best['text']!r}"
    if years:
        return None, f"no date in the metadata, and the text names only years (latest {max(years)}), too vague for a day"
    return None, "no date in the metadata and none in the text"


def _has_weekday(text: str) -> bool:
    return bool(re.search(rf"\b(?:{alternation(words()['weekdays'])})\b", text.lower()))


def _anchored(text: str) -> bool:
    """Month-day expressions that need only a year, not the article date ("September 8", not "Friday")."""
    s = clean(text)
    months = alternation(words()["months"])
    return bool(re.search(rf"\b(?:{months})\.? \d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{months})\b", s))
