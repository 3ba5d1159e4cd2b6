"""Temporal expressions in a spaCy Doc: finding them, and resolving them against the article date.

Expressions are spaCy DATE/TIME entities plus patterns for what the model misses ("early August", "Q3",
"1957-58"), trimmed of prepositions. Look-alikes ("1995 people", "at 2005 GMT") are dropped; each expression is
resolved by :func:`~analysis.dates.normalise.resolve` in the tense of its clause, and "two days later" from the
date mentioned before it. Where expressions overlap, the longest wins.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span

from analysis.dates.intervals import Context, Interval, _anchor, _shift, _shift_quarter, _within
from analysis.dates.normalise import MAX_CHARS, clean, resolve
from analysis.dates.tense import clause_tense
from analysis.dates.words import alternation, time_zones, words


def _finder() -> re.Pattern[str]:
    w = words()
    mon = alternation([k.capitalize() for k in w["months"] if k != "may"] + ["May"])
    wd = alternation([k.capitalize() for k in w["weekdays"] if len(k) > 3])
    num = alternation(w["numbers"])
    season = alternation(w["seasons"])
    days = alternation(k for k in w["relative_days"] if " " not in k)  # today, tonight, yesterday, tomorrow
    yr = r"(?:1[89]\d\d|20\d\d)"
    rel_year = r"(?:this|last|next|the) (?:year|month|week|decade)"
    parts = r"(?:early|mid|late|the (?:beginning|start|middle|end|close) of)"
    alternatives = [
        rf"(?:(?:last|this|next) )?(?:{wd},? )?(?:{mon})\.? \d{{1,2}}(?:st|nd|rd|th)?(?: ?[-–] ?\d{{1,2}})?(?:,? {yr})?",
        rf"(?:{wd},? )?\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{mon})\.?(?:,? {yr})?",
        rf"(?:{mon})\.?,? (?:{yr}|(?:of )?(?:this|last|next) year)",
        rf"(?:(?:last|this|next|past|coming) )?(?:{wd})(?:'s)?(?: (?:morning|afternoon|evening|night))?",
        rf"(?:(?:in|since|until|by|last|next|this|during|early|late|mid-|before|after) )(?:{mon})\b",
        rf"{parts}[- ]?(?:(?:{mon})\.?(?:,? {yr})?|{yr}s?|the {yr}s|{rel_year})",
        rf"(?:the )?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter|Q[1-4])(?:,?(?: of)? (?:{yr}|this year|last year|next year))?",
        rf"(?:the )?(?:first|second|1st|2nd|latter)[- ]half(?: of)? (?:{yr}|this year|last year|next year|the year)",
        rf"(?:last|this|next|early|late|in|the|in the|by|since|during) (?:{season})(?:(?: of)? {yr})?",
        rf"(?i:(?:{days})(?:'s)?(?: (?:morning|afternoon|evening|night))?)",
        r"(?i:(?:last|this|next|past|coming) (?:week|month|year|weekend|quarter))",
        r"the (?:latest |current |most recent )?(?:fiscal )?quarter(?! of)",
        rf"(?i:(?:this|last|next) year's (?:(?:first|second|third|fourth)[- ](?:quarter|half)|{season}))",
        r"(?i:(?:earlier|later) this (?:week|month|year))",
        r"(?i:now|currently|nowadays|at present|at the moment)",
        rf"(?i:{alternation(w['vague'])})",
        r"(?i:(?:the )?(?:comparable )?(?:year-earlier|year-ago)(?: [a-z]+)? (?:quarter|period)|year-earlier|year-ago)",
        rf"(?i:(?:\d+|{num}) (?:days?|weeks?|months?|years?) (?:earlier|later))",
        rf"(?:\d+|{num}) (?:days?|weeks?|months?|years?|decades?) (?:ago|from now)",
        rf"between {yr} and {yr}|from {yr} (?:to|through|until) {yr}|{yr}[-–](?:\d\d|{yr})",
        r"(?:the )?(?:early |mid-|mid |late )?(?:1[89]\d0s|20\d0s|'\d0s)",
        rf"(?:in|since|by|until|during|before|after|fiscal|early|late|mid-|of) {yr}",
        rf"(?:{mon})'s",
        r"(?i:(?:around |by |at )?year[- ]end)",
        rf"(?:{alternation([h.title() for h in w['holidays']])})",
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{a})" for a in alternatives) + r")(?![\w-])")


_FINDER: list[re.Pattern[str]] = []


def _finder_spans(text: str) -> list[tuple[int, int]]:
    if not _FINDER:
        _FINDER.append(_finder())
    return [(m.start(), m.end()) for m in _FINDER[0].finditer(text)]


@cache
def _lead() -> re.Pattern[str]:
    """The leading words a found expression is trimmed of (not those ``kept``), and "fiscal" ("fiscal 2023")."""
    trimmed = [k for k, how in words()["leading_words"].items() if how != "kept"]
    return re.compile(rf"^(?:(?:{alternation([*trimmed, 'fiscal'])})\s+)+", re.IGNORECASE)


@cache
def _abbreviated_month() -> re.Pattern[str]:
    """A month abbreviated with a dot at the end ("Sept."): every name of ``months`` but the full ones."""
    full = {name.lower() for name in calendar.month_name}
    return re.compile(rf"\b(?:{alternation(k.capitalize() for k in words()['months'] if k not in full)})\.$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without leading prepositions and trailing punctuation or possessive 's."""
    span = text[start:end]
    if (m := _lead().match(span)) and m.end() < len(span):
        start += m.end()
    while end > start and text[end - 1] in " .,;:'\"":
        if text[end - 1] == "." and _abbreviated_month().search(text[start:end]):
            break  # keep the dot of "Sept."
        end -= 1
    if text[start:end].endswith("'s"):
        end -= 2
    return start, end


_DATE_LABELS = ("DATE", "TIME")


def candidate_spans(doc: Doc, *, text: str | None = None) -> list[Span]:
    """Possible temporal expressions: model entities and pattern matches, each trimmed of prepositions.

    ``text`` is ``doc.text`` when the caller has it (``Doc.text`` joins every token on each access).
    """
    spans: list[tuple[int, int]] = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _DATE_LABELS]
    text = doc.text if text is None else text
    spans += _finder_spans(text)
    out: dict[tuple[int, int], Span] = {}
    for s, e in spans:
        s, e = _trim(text, s, e)
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span) and (span.start_char, span.end_char) not in out:
            out[(span.start_char, span.end_char)] = span
    return sorted(out.values(), key=lambda sp: (sp.start_char, -sp.end_char))


def _look_alike(span: Span) -> bool:
    """Look-alikes that are no dates: counts and amounts ("1995 people", "$1990"), clock times ("2005 GMT"),
    names ("the Today programme") and events named after a season ("the fall of the Berlin Wall")."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if span.text == "Today" and prev is not None and (prev.is_alpha or prev.lower_ in ("'s", "’s")) \
            and prev.i >= span.sent.start:
        return True  # "BBC Radio 4's Today programme", "USA Today"
    last = span[-1].lower_
    if last in words()["seasons"] and nxt is not None and nxt.lower_ == "of" and span.end + 1 < len(span.doc) \
            and not span.doc[span.end + 1].like_num:
        return True  # "the fall of the Berlin Wall"
    if not re.fullmatch(r"\d{4}", span.text):
        return False
    if nxt is not None and (nxt.text in time_zones() or nxt.text in _CLOCK_WORDS):
        return True  # "at 2005 GMT"
    noun_after = nxt is not None and nxt.tag_ in ("NNS", "NNPS") and nxt.dep_ != "npadvmod" and \
        nxt.lower_ not in ("elections", "olympics", "games")
    return noun_after or (prev is not None and prev.text in ("$", "#", "No.", "number"))


# After a four-digit clock time, besides the time zones of not_actors.csv: "ET" is not there because that file
# would then drop "ET" as an actor too, a change to the actors step.
_CLOCK_WORDS = ("hours", "hrs", "ET")
_RELATIVE_TO_TEXT = re.compile(r"\b(?:previous|following|preceding|same|that|those|prior|subsequent)\b", re.IGNORECASE)


def _anchored_pattern() -> re.Pattern[str]:
    num = alternation(words()["numbers"])
    return re.compile(rf"(?P<n>\d+|{num}) (?P<unit>day|week|month|year)s? (?P<dir>earlier|later|ago)|"
                      r"(?:comparable )?(?P<ya>year-earlier|year-ago|year earlier)(?: (?:[a-z]+ )?(?:quarter|period))?")


_ANCHORED: list[re.Pattern[str]] = []


def _resolve_anchored(span: Span, m: re.Match[str], before: list[tuple[Span, Interval]], p: date | None,
                      sent_index: dict[int, int]) -> Interval | None:
    """"a year earlier", "two days later", "the year-ago quarter": shifted from the last date mentioned before
    (same or previous sentence); "a year ago" next to a quarter means that quarter a year before."""
    here = sent_index.get(span.sent.start, 0)
    refs = [(sp, iv) for sp, iv in before if sp.start_char < span.start_char and iv[2] != "range"
            and here - sent_index.get(sp.sent.start, 0) <= 1]
    quarters = [iv for sp, iv in before if sp.start_char < span.start_char and iv[2] in ("quarter", "half")
                and here - sent_index.get(sp.sent.start, 0) <= 2]
    if m["ya"]:
        ref = quarters[-1] if quarters else _shift_quarter(p, -1) if p else None
        return _shift(ref, "year", -1) if ref else None
    n = int(m["n"]) if m["n"].isdigit() else words()["numbers"][m["n"]]
    n = -n if m["dir"] in ("earlier", "ago") else n
    if quarters and m["unit"] == "year" and n == -1:
        return _shift(quarters[-1], "year", n)
    if m["dir"] == "ago":
        return resolve(span.text, Context(p, "past"))
    return _shift(refs[-1][1], m["unit"], n) if refs else None


@dataclass(frozen=True)
class Candidate:
    """A possible temporal expression with what does not depend on the article date, worked out once."""

    span: Span
    text: str
    look_alike: bool
    anchored: re.Match[str] | None  # "two days later": resolved from the dates before it
    tense: str
    relative: bool  # "the previous Friday": relative to the text, so nothing inside it resolves alone


@dataclass(frozen=True)
class Candidates:
    """Every candidate of one Doc, its text and sentence numbers: shared by the article-date inference and
    :func:`doc_dates`, which resolve the same expressions against up to three dates."""

    text: str
    sent_index: dict[int, int]
    items: tuple[Candidate, ...]


def candidates(doc: Doc) -> Candidates:
    """The candidates of ``doc`` (see :class:`Candidates`)."""
    if not _ANCHORED:
        _ANCHORED.append(_anchored_pattern())
    text = doc.text  # Doc.text joins every token on each access: read it once
    items = []
    for span in candidate_spans(doc, text=text):
        span_text = span.text
        if _look_alike(span):
            items.append(Candidate(span, span_text, True, None, "", False))
            continue
        s = clean(span_text)
        anchored = _ANCHORED[0].fullmatch(s) if len(s) <= MAX_CHARS else None
        items.append(Candidate(span, span_text, False, anchored, clause_tense(span),
                               bool(_RELATIVE_TO_TEXT.search(span_text))))
    return Candidates(text, {s.start: i for i, s in enumerate(doc.sents)}, tuple(items))


def doc_dates(doc: Doc, article_id: str, published: pd.Timestamp | None, *,
              found_in: Candidates | None = None) -> list[dict[str, Any]]:
    """Temporal expressions of one article, normalised against ``published``.

    Without a publication date only self-contained expressions ("August 31, 2023", "2022") resolve.
    ``found_in`` is :func:`candidates` of ``doc`` when the caller already has them.
    """
    prepared = found_in if found_in is not None else candidates(doc)
    p = _anchor(pd.Timestamp(published).date()) if published is not None and not pd.isna(published) else None
    sent_index = prepared.sent_index
    found: list[tuple[Span, Interval]] = []
    anchored: list[tuple[Span, re.Match[str]]] = []
    blocked: list[Span] = []
    tense: dict[tuple[int, int], str] = {}
    for cand in prepared.items:
        if cand.look_alike:
            continue
        span = cand.span
        tense[span.start_char, span.end_char] = cand.tense
        if cand.anchored:
            anchored.append((span, cand.anchored))
            continue
        iv = resolve(cand.text, Context(p, cand.tense))
        if iv is not None:
            found.append((span, iv))
        elif cand.relative:
            blocked.append(span)
    # "the previous Friday" is no Friday the article date can find: nor is the "Friday" inside it
    found = [(sp, iv) for sp, iv in found
             if not any(b.start_char <= sp.start_char and sp.end_char <= b.end_char for b in blocked)]
    chosen = _non_overlapping(found)
    references = list(chosen)
    for span, m in anchored:
        if any(span.start_char < c.end_char and c.start_char < span.end_char for c, _ in chosen):
            continue
        iv = _within(_resolve_anchored(span, m, references, p, sent_index))
        if iv is not None:
            chosen = sorted([*chosen, (span, iv)], key=lambda f: f[0].start_char)
    return [{"article_id": article_id, "sentence": sent_index.get(span.sent.start, 0), "start": span.start_char,
             "end": span.end_char, "text": span.text, "date_start": pd.Timestamp(iv[0]),
             "date_end": pd.Timestamp(iv[1]), "precision": iv[2], "tense": tense[span.start_char, span.end_char]}
            for span, iv in chosen]


def _non_overlapping(found: list[tuple[Span, Interval]]) -> list[tuple[Span, Interval]]:
    """The longest expressions first, then whatever does not overlap them, in text order."""
    chosen: list[tuple[Span, Interval]] = []
    for span, iv in sorted(found, key=lambda f: (-(f[0].end_char - f[0].start_char), f[0].start_char)):
        if all(span.end_char <= c.start_char or span.start_char >= c.end_char for c, _ in chosen):
            chosen.append((span, iv))
    return sorted(chosen, key=lambda f: f[0].start_char)
