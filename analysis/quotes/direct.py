"""Quotations in marks: regions joined into quotations, each with its cue, content and speaker.

A quotation is one row however it is split: over paragraphs (an open quotation goes on in the next paragraph
when that one opens with a mark), around its cue (``"...," he said, "..."``), and on after the cue sentence
(``"...," said Douglas Holtz-Eakin, an economist who ... "..."``). Words in marks with no cue, colon, byline
or label are a quotation only when long and standing alone: scare quotes, titles and names of things are none.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from analysis.quotes.cues import Cue, _cue_after, _cue_before, _cue_lemma, _mid_cue, _verb_like
from analysis.quotes.marks import Region, _in_regions, _stands_alone, _trim
from analysis.quotes.resolution import _Context
from analysis.quotes.rows import _extend, _Row
from analysis.quotes.speakers import (
    TRANSCRIPT_LABEL,
    _adjacent_name,
    _colon_byline,
    _colon_speaker,
    _context_speaker,
    _dash_speaker,
    _label_speaker,
    _near_noun,
    _speaker,
    _subject,
)
from analysis.quotes.text import _stops, _text

MIN_UNCUED_WORDS = 6  # a quoted stretch this long with no cue is still a quotation (speaker from context)
MAX_CUE_SENTENCE_WORDS = 45  # a cue sentence between two parts of one quotation, with the speaker's titles


def _direct_quotes(doc: Doc, regions: list[Region], cues: dict[str, Cue], ctx: _Context) -> list[_Row]:
    """Quotations in marks: regions joined into quotations, then each one's cue, content and speaker."""
    text = _text(doc)
    quoted = _in_regions(regions)
    rows: list[_Row] = []
    groups = _chain_paragraphs(text, regions)
    merged: list[list[Region]] = []
    for group in groups:
        if merged and _mid_cue(text, merged[-1][-1], group[0], doc, cues):
            merged[-1].extend(group)
        else:
            merged.append(list(group))
    for group in merged:
        first, last = group[0], group[-1]
        words = sum(len(text[r.inner_start:r.inner_end].split()) for r in group)
        cue_tok = _cue_after(doc, last, cues, quoted) or _cue_before(doc, first, cues, quoted)
        if len(group) > 1 and cue_tok is None:
            cue_tok = _cue_after(doc, first, cues, quoted)
        pieces = [(r.inner_start, r.inner_end) for r in group]
        pieces = [(s, e) for s, e in (_trim(text, s, e) for s, e in pieces) if e > s]
        if not pieces:
            continue
        if rows and cue_tok is not None and cue_tok.i == rows[-1].cue_i:
            _extend(rows[-1], pieces, text)  # '"...," Tester said, referring to ..., "...": one cue, one row
            continue
        byline = _colon_byline(doc, first)
        if byline is not None:
            cue_tok = None
        elif cue_tok is None:
            byline = _dash_speaker(doc, last)
        label = _label_speaker(doc, first, pieces) if cue_tok is None and byline is None else None
        if byline is None and label is None and cue_tok is None and rows \
                and _goes_on(doc, rows[-1], first, last):
            _extend(rows[-1], pieces, text)
            continue
        if cue_tok is None and byline is None and label is None \
                and (words < MIN_UNCUED_WORDS or not _stands_alone(text, first, last)):
            continue  # scare quotes, titles, names of things
        row = _Row(pieces[0][0], pieces[-1][1], " ".join(text[s:e] for s, e in pieces), "direct", pieces=pieces,
                   cue_i=cue_tok.i if cue_tok is not None else None)
        if cue_tok is not None and not _verb_like(cue_tok):
            row.cue = _cue_lemma(cue_tok, cues)  # '“...,” the two write.': the tagger took the verb for a noun
            k = cue_tok.i
            while k > 0 and not doc[k - 1].is_punct and doc[k - 1].idx >= last.end:
                k -= 1
            row.subject = doc[k:cue_tok.i] if k < cue_tok.i else None
        elif cue_tok is not None:
            row.cue = _cue_lemma(cue_tok, cues)
            row.subject = _speaker(_subject(cue_tok, quoted) or _near_noun(cue_tok, quoted)) \
                or _adjacent_name(doc, cue_tok, ctx)
        elif byline is not None:
            row.subject = byline
        elif label is not None:
            row.subject, row.pieces = label
            row.start, row.quote = row.pieces[0][0], " ".join(text[s:e] for s, e in row.pieces)
        elif (colon := _colon_speaker(doc, first, quoted, ctx)) is not None:
            row.cue, row.subject = colon
        else:
            row.cue, row.subject = _context_speaker(doc, first, cues, quoted, rows, ctx)
        if _run_in(doc, first, pieces):
            row.kind = "mixed"  # 'warned that "similar actions would continue"': the reporter's sentence goes on in marks
        rows.append(row)
    return rows


def _run_in(doc: Doc, first: Region, pieces: list[tuple[int, int]]) -> bool:
    """Quoted words that carry on the reporter's own sentence rather than stand as the speaker's: the mark opens
    right after a word, and the words are a fragment ("was “a show of force”", "failed and “sank into the sea”")
    or follow "that" ('said that “they have to help us”'). '... said “Anti-Semitic images have no place”' is
    a whole sentence of the speaker's: direct."""
    text = _text(doc)
    before = text[:first.start].rstrip()
    if not before or not before[-1].isalnum():
        return False
    if re.search(r"\bthat$", before):
        return True
    span = doc.char_span(pieces[0][0], pieces[0][1], alignment_mode="expand")
    if span is None or (span.text[:1].isupper() and span.text.rstrip("”\"’' ")[-1:] in ".!?"):
        return False  # a sentence of its own ("chanted “Lock her up!”")
    return not any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.pos_ in ("VERB", "AUX")
                   and span.start <= t.head.i < span.end for t in span)


def _chain_paragraphs(text: str, regions: list[Region]) -> list[list[Region]]:
    """Regions joined when a quotation left open continues in a paragraph that opens with a mark."""
    groups: list[list[Region]] = []
    for r in regions:
        prev = groups[-1][-1] if groups else None
        if prev is not None and not prev.closed and r.para_open and not text[prev.end:r.start].strip(" \n\t\r") \
                and not TRANSCRIPT_LABEL.match(text, r.inner_start):  # "WALLACE: ...": a new speaker's turn
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _goes_on(doc: Doc, prev: _Row, first: Region, last: Region) -> bool:
    """The quotation goes on after its own cue: only the cue sentence, speaker and all ('said Douglas
    Holtz-Eakin, an economist who served ...'), stands between, in the same paragraph, or the cue ends a
    paragraph and the next one is a quotation of its own with no cue."""
    text = _text(doc)
    if prev.subject is None or not prev.end <= prev.subject.start_char < first.start:
        return False
    frame, newline, rest = text[prev.end:first.start].partition("\n")
    if newline and (rest.strip() or not first.para_open or not _stands_alone(text, first, last)
                    or prev.subject.start_char >= prev.end + len(frame)):
        return False
    between = re.sub(r"[“”\"‘’']", " ", frame)
    # the cue sentence may end just before the quotation goes on, but no other sentence stands between
    close = prev.end + len(frame.rstrip(" \t“”\"‘’'")) - 1  # 'he said on “Meet the Press.” “But ...'
    if frame.strip(" \t“”\"‘’'") and text[close] not in ".,:;!?—–-":
        return False  # the quotation runs on in the cue's sentence ('said on “Meet the Press”'): not its sequel
    return len(between.split()) <= MAX_CUE_SENTENCE_WORDS and not _stops(doc, prev.end, close)
