"""Cues, quoted content and speaker attribution: who said what.

Reads top to bottom like BBC's citron: find quote marks and cue verbs, take the content each cue
governs, find the speaker at the cue, then resolve that speaker to an article-level actor through
the mention rows (names, pronouns, descriptions). An unresolved speaker stays empty: analysts quote
these rows, so an attribution is right or absent, never guessed.

The modules, each importing only from those listed above it:

- ``marks.py``: quote marks and the regions they enclose (plain string functions)
- ``text.py``: the article's text as the stages read it: joined once, where sentences end
- ``rows.py``: one quotation as the stages build it, and its row of the quotes frame
- ``cues.py``: cue verbs and phrases (``data/cues.csv``) and the cue that frames a quotation in marks
- ``resolution.py``: speakers -> the article's canonical actors (names, pronouns, descriptions)
- ``speakers.py``: the speaker at a cue, or without one (colons, bylines, transcript labels, context)
- ``direct.py``: quotations in marks, each with its cue, content and speaker
- ``reported.py``: reported speech, the clause a cue governs outside quote marks
- ``headlines.py``: headline attribution (``Claim - military expert Kovalenko``)
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from analysis.bylines import furniture, inside
from analysis.quotes.cues import Cue, load_cues
from analysis.quotes.direct import _direct_quotes
from analysis.quotes.headlines import title_quotes
from analysis.quotes.marks import Region, quote_regions
from analysis.quotes.reported import _is_scrap, _is_statement, _reported_speech
from analysis.quotes.resolution import _Context, _resolve
from analysis.quotes.rows import _as_dict
from analysis.quotes.text import _forget, _text

__all__ = ["Cue", "Region", "doc_quotes", "load_cues", "quote_regions", "title_quotes"]


def doc_quotes(doc: Doc, article_id: str, mentions: list[dict[str, Any]], *, title: str = "",
               nlp: Language | None = None) -> list[dict[str, Any]]:
    """Quotes and reported speech of one article, speakers as article-level canonical actor names."""
    cues = load_cues()
    try:  # the text and abbreviations are cached on the Doc while this runs, then dropped
        ctx = _Context(doc, mentions)  # the article's mentions, indexed for resolution
        regions = quote_regions(_text(doc))  # quote marks
        rows = _direct_quotes(doc, regions, cues, ctx)  # quotations in marks: cue, content, speaker
        rows += [r for r in _reported_speech(doc, regions, cues, rows)  # clauses a cue governs, not noun phrases
                 if _is_statement(doc, r)]
        wire = furniture(_text(doc))  # bylines and credits hold no quotation
        rows = [r for r in rows if not inside(wire, r.start, r.end) and not _is_scrap(doc, r)]
        rows.sort(key=lambda r: (r.start, r.end))
        for row in rows:  # speaker -> canonical actor
            _resolve(row, ctx, rows)
    finally:
        _forget(doc)
    out = [_as_dict(r, article_id, False) for r in rows]
    if title:
        out += title_quotes(title, article_id, mentions, nlp=nlp)
    return out
