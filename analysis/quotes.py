"""Cues, quoted content and speaker attribution: who said what.

Reads top to bottom like BBC's citron: find quote marks and cue verbs, take the content each cue
governs, find the speaker at the cue, then resolve that speaker to an article-level actor through
the mention rows (names, pronouns, descriptions). An unresolved speaker stays empty: analysts quote
these rows, so an attribution is right or absent, never guessed.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from analysis import dates
from analysis.mention_index import MentionIndex

DATA = Path(__file__).resolve().parent / "data"
CUES_FILE = DATA / "cues.csv"

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
NOBODY = {"nobody", "none", "no-one", "noone", "neither"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
INDEFINITE = {"a", "an", "another", "one", "some"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Tokens that may stand between a cue verb and the quote it introduces ("told reporters on Monday:").
FRAME_DEPS = {"nsubj", "dobj", "dative", "prep", "pobj", "npadvmod", "advmod", "det", "compound", "amod", "poss",
              "punct", "mark", "case", "nummod", "appos", "agent", "prt", "aux", "neg", "cc", "nmod", "pcomp"}
STOP = {"the", "a", "an", "this", "that", "these", "those", "of", "and", "with", "for", "in", "at", "on", "to", "-",
        "his", "her", "its", "their", "our", "former", "then", "further", "also"}
ADJACENT_DEPS = {"mark", "nsubj", "npadvmod", "punct", "advmod"}
NP_DEPS = {"det", "compound", "amod", "npadvmod", "poss", "nmod", "nummod", "case"}
# a "verb" in one of these roles (or capitalised) before a cue is a noun the tagger got wrong
# ("screenwriter Cole Haddon wrote", "Trump senior adviser Paul Manafort conceded")
NOMINAL_DEPS = ("nsubj", "dobj", "compound", "parataxis", "poss", "appos")
MIN_UNCUED_WORDS = 6  # a quoted stretch this long with no cue is still a quotation (speaker from context)
MAX_FRAME_TOKENS = 12
MAX_CUE_SENTENCE_WORDS = 45  # a cue sentence between two parts of one quotation, with the speaker's titles
MAX_SPEAKER_TOKENS = 30  # a speaker with an apposition ("Brent Bozell, founder of ..., said")
TITLE_SEPARATORS = (" - ", " – ", " — ", " -- ")
# a name after a dash ends the quotation's line, or stands on the next one alone
FROM_SOURCE = re.compile(r"(?:^|[.!?:]\s+)(?:More\s+)?[Ff]rom\s+([^.!?:\n]{2,80})$")
NAME = r"[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,5}"
# "Pollsters agree - Carl Bialik: “...”": a name after a dash hands the line over to the quotation
COLON_BYLINE = re.compile(rf"[^\S\n][―—–-]{{1,2}}[^\S\n]*({NAME})[^\S\n]*:[^\S\n]*$")
DASH_BYLINE = re.compile(r"[^\S\n]*\n{0,2}[^\S\n]*[―—–-]{1,2}[^\S\n]*([A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,5})"
                         r"[^\S\n]*[.,]?[^\S\n]*(?:\n|$)")
TRANSCRIPT_LABEL = re.compile(r"((?:[A-Z][A-Z.'’-]+)(?: [A-Z][A-Z.'’-]+){0,2}): +")
_TEXT_KEY = "dossier.quotes.text"
_ABBREV_KEY = "dossier.quotes.abbreviations"


@dataclass(frozen=True)
class Cue:
    """One row of ``data/cues.csv``."""

    cue: str
    cls: str  # speech, thought, accuse or source
    direct: bool  # may introduce a quotation in marks
    to_clause: bool  # its to-infinitive is reported content ("vowed to repeal it")
    objects: tuple[str, ...] = ()  # "dobj" or prepositions whose object is the content ("called for a ban")
    after_only: bool = False  # a cue only after the quotation it closes ("“...,” the letter read")


@dataclass(frozen=True)
class Region:
    """A stretch of text in quote marks; ``inner`` excludes the marks."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    para_open: bool  # the paragraph opens with this region's mark


@dataclass
class _Row:
    start: int
    end: int
    quote: str
    kind: str
    cue: str = ""
    subject: Span | None = None
    speaker: str = ""
    speaker_text: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    person: bool = False  # the speaker resolved to a person (a candidate for a later "he" or "she")
    pieces: list[tuple[int, int]] = field(default_factory=list)
    cue_i: int | None = None  # the cue token, when the quotation has one of its own


@lru_cache(maxsize=4)
def load_cues(path: str | Path = CUES_FILE) -> dict[str, Cue]:
    """Cue verbs (by lemma) and cue phrases ("according to") from the data file."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["cue"].strip().lower(): Cue(r["cue"].strip().lower(), r["class"].strip(),
                                               r["direct"] in ("yes", "after"), r["to_clause"] == "yes",
                                               tuple(o for o in (r.get("object") or "").split("|") if o),
                                               r["direct"] == "after")
                for r in csv.DictReader(fh) if r.get("cue", "").strip()}


# --- stage 0: quote marks -------------------------------------------------------------------------

def quote_regions(text: str) -> list[Region]:
    """Stretches of ``text`` in double quote marks (straight or curly) and top-level single marks.

    A quotation left open at the end of a paragraph runs to the paragraph's end (the next paragraph
    opening with a mark continues it, as in newspaper style).
    """
    regions: list[Region] = []
    pos = 0
    for para in text.split("\n"):
        regions.extend(_paragraph_regions(para, pos))
        pos += len(para) + 1
    return regions


def _paragraph_regions(para: str, offset: int) -> list[Region]:
    found: list[Region] = []
    lead = len(para) - len(para.lstrip())
    i, n = 0, len(para)
    # where a search for a closing mark found none: none that starts later can find one (a paragraph of
    # unclosed 'single marks' would otherwise be searched to its end from each of them)
    in_vain: dict[str, int] = {}
    while i < n:
        width = 2 if para.startswith("''", i) else 1  # '' is a double mark in newspaper archives
        ch = '"' if width == 2 else para[i]
        close = _closer(para, i, ch, width)
        if close is None:
            i += width
            continue
        found_close = _find_close(para, i + width, close) if i + width < in_vain.get(close, n + 1) else None
        if found_close is None:
            in_vain.setdefault(close, i + width)
            if close in ("’", "'"):
                i += 1
                continue
            found.append(Region(offset + i, offset + n, offset + i + width, offset + len(para.rstrip()), False,
                                i == lead))
            break
        j, cw = found_close
        found.append(Region(offset + i, offset + j + cw, offset + i + width, offset + j, True, i == lead))
        i = j + cw
    return found


def _closer(para: str, i: int, ch: str, width: int = 1) -> str | None:
    """The closing mark sought if ``para[i]`` opens a quotation, else None."""
    prev = para[i - 1] if i else " "
    nxt = para[i + width] if i + width < len(para) else " "
    if ch in OPEN_DOUBLE:  # web text mixes curly and straight marks ("“We will win," he said)
        return '”»"' if ch != "„" else '“”"'
    if ch == "”" and not para[:i].strip() and nxt.isalpha():
        return '”"'  # a paragraph opened with the closing mark by mistake ("”Mr. Trump embodies ...”")
    if ch == '"':
        return '"”' if (prev.isspace() or prev in "([{—–-/:") and not nxt.isspace() else None
    if ch in "‘'":
        return ("’" if ch == "‘" else "'") if (prev.isspace() or prev in "([{—–“\"") and nxt.isalpha() else None
    return None


def _find_close(para: str, i: int, close: str) -> tuple[int, int] | None:
    """Position and width of the mark that closes a quotation opened before ``i``."""
    for j in range(i, len(para)):
        ch = para[j]
        if '"' in close and para.startswith("''", j):
            return j, 2
        if ch == "“" and "”" in close and j > i and not para[j - 1].isspace() \
                and (j + 1 == len(para) or para[j + 1].isspace()):
            return j, 1  # a closing mark typed the wrong way round ("“It's unusual,“ said Noble")
        if ch not in close:
            continue
        if close in ("’", "'"):
            nxt = para[j + 1] if j + 1 < len(para) else " "
            if nxt.isalpha() or j == i:
                continue  # an apostrophe ("don't", "Jones'")
        return j, 1
    return None


def _text(doc: Doc) -> str:
    """The text of ``doc``, joined once: ``Doc.text`` re-joins every token on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def _abbreviations(doc: Doc) -> frozenset[int]:
    """Offsets of periods inside a word token ("Mr.", "M.", "fivethirtyeight.com"): no sentence ends there."""
    found = doc.user_data.get(_ABBREV_KEY)
    if not isinstance(found, frozenset):
        found = frozenset(t.idx + k for t in doc if len(t) > 1 and not t.is_punct and "." in t.text
                          for k, ch in enumerate(t.text) if ch == ".")
        doc.user_data[_ABBREV_KEY] = found
    return found


# --- the pipeline ---------------------------------------------------------------------------------

def doc_quotes(doc: Doc, article_id: str, mentions: list[dict[str, Any]], *, title: str = "",
               nlp: Language | None = None) -> list[dict[str, Any]]:
    """Quotes and reported speech of one article, speakers as article-level canonical actor names."""
    cues = load_cues()
    try:  # the text and abbreviations are cached on the Doc while this runs, then dropped
        ctx = _Context(doc, mentions)
        regions = quote_regions(_text(doc))
        rows = _direct_quotes(doc, regions, cues, ctx)
        rows += _reported_speech(doc, regions, cues, rows)
        rows.sort(key=lambda r: (r.start, r.end))
        for row in rows:
            _resolve(row, ctx, rows)
    finally:
        doc.user_data.pop(_TEXT_KEY, None)
        doc.user_data.pop(_ABBREV_KEY, None)
    out = [_as_dict(r, article_id, False) for r in rows]
    if title:
        out += title_quotes(title, article_id, mentions, nlp=nlp)
    return out


def _as_dict(row: _Row, article_id: str, in_title: bool) -> dict[str, Any]:
    return {"article_id": article_id, "start": row.start, "end": row.end, "quote": row.quote, "kind": row.kind,
            "speaker": row.speaker, "speaker_text": row.speaker_text, "speaker_start": row.speaker_start,
            "speaker_end": row.speaker_end, "cue": row.cue, "in_title": in_title, "date": None}


# --- stage 1+2: cues and content of direct quotes ------------------------------------------------

def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return [t for t in span if not t.is_space] if span is not None else []  # web text's no-break spaces


def _in_regions(regions: list[Region]) -> set[int]:
    inside: set[int] = set()
    for r in regions:
        inside.update(range(r.start, r.end))
    return inside


def _direct_quotes(doc: Doc, regions: list[Region], cues: dict[str, Cue], ctx: _Context) -> list[_Row]:
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
        rows.append(row)
    return rows


def _colon_speaker(doc: Doc, region: Region, quoted: set[int], ctx: _Context) -> tuple[str, Span] | None:
    """``Republican pollster Daron Shaw: “...”`` / ``According to HuffPo: “...”``: a name ends the line
    or clause that the colon hands over to the quotation."""
    text = _text(doc)
    k = region.start
    while k > 0 and text[k - 1].isspace():
        k -= 1
    if k == 0 or text[k - 1] != ":":
        return None
    colon = doc.char_span(k - 1, k, alignment_mode="expand")
    if colon is None or colon.start == 0:
        return None
    last = doc[colon.start - 1]
    line_start = text.rfind("\n", 0, k) + 1
    source = FROM_SOURCE.search(text, line_start, k - 1)
    if source is not None:  # "From Bush's Facebook post:": the post's author, else the document
        span = doc.char_span(source.start(1), source.end(1), alignment_mode="expand")
        if span is not None:
            owner = next((c for c in span.root.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            return "", _noun_phrase(owner) if owner is not None else span
    top = last
    while top.head.i != top.i and top.head.i < colon.start and top.head.idx >= line_start:
        top = top.head
    # "McConnell delivered a message to Trump:": the name ends a clause with a speaker of its own
    own = _speaker(_subject(top, quoted)) if top.pos_ in ("VERB", "AUX") and top.i != last.i else None
    m_own = ctx.mention_at(own.start_char, own.end_char, own.root.idx) if own is not None else None
    owned = m_own is not None and (_is_person(m_own) or m_own.get("actor_type") == "organization")
    m = ctx.mention_at(last.idx, last.idx + len(last), last.idx)
    if m is not None and last.idx not in quoted and (_is_person(m) or m.get("actor_type") == "organization"):
        name = doc.char_span(int(m["start"]), int(m["end"]), alignment_mode="expand")
        if name is not None and name.end == colon.start and not (owned and own.end <= name.start):
            prev = doc[name.start - 2:name.start] if name.start >= 2 else None
            cue = "according to" if prev is not None and prev.text.lower() == "according to" else ""
            return cue, name
    if last.pos_ == "PROPN" and last.idx not in quoted and not owned:
        return "", _noun_phrase(last)  # "Pollsters agree - Carl Bialik:"
    # "17-year-old Jared Potts echoed:", "Clinton has since apologized for what happened:": the subject of
    # the clause the colon ends (the parse often hangs that clause from the quotation)
    if top.pos_ in ("VERB", "AUX") and top.idx not in quoted:
        verb = top
    else:
        verb = colon[0].head if colon[0].head.pos_ in ("VERB", "AUX") else colon[0].sent.root
    if verb.idx in quoted or verb.pos_ not in ("VERB", "AUX") or verb.i > colon.start:
        return None
    subj = _subject(verb, quoted) or _near_noun(verb, quoted)
    if subj is None or subj.root.lower_ in ("it", "this", "that", "here", "there", "what", "which"):
        return None
    return verb.lemma_.lower(), subj


def _dash_speaker(doc: Doc, region: Region) -> Span | None:
    """``“...” ― Carla Sanchez`` / ``"..."⏎⏎- Sanders.``: a name after a dash closes the quotation's line, or
    stands alone on the next one."""
    text = _text(doc)
    if not region.closed:
        return None
    found = DASH_BYLINE.match(text, region.end)
    if found is None or (text[region.end:found.start(1)].count("\n") > 2):
        return None
    span = doc.char_span(found.start(1), found.end(1), alignment_mode="expand")
    if span is None or not span[0].is_title or len(span) > 8:
        return None
    name = _noun_phrase(span[0]) if span[0].pos_ == "PROPN" else span[:1]
    while name.end < span.end and doc[name.end].is_title:
        name = doc[name.start:name.end + 1]  # "Christina N Luis Olidem": the parse splits long names
    return name


def _colon_byline(doc: Doc, region: Region) -> Span | None:
    """``Media shares blame - HuffPollster: “...”``: the name between a dash and the colon is the speaker."""
    text = _text(doc)
    found = COLON_BYLINE.search(text, text.rfind("\n", 0, region.start) + 1, region.start)
    if found is None:
        return None
    return doc.char_span(found.start(1), found.end(1), alignment_mode="expand")


def _label_speaker(doc: Doc, region: Region, pieces: list[tuple[int, int]]
                   ) -> tuple[Span, list[tuple[int, int]]] | None:
    """``"WALLACE: Let's start ...`` in a transcript: the speaker's label opens the quotation and is no
    part of what was said."""
    text = _text(doc)
    found = TRANSCRIPT_LABEL.match(text, pieces[0][0])
    if found is None or found.end() >= pieces[0][1]:
        return None
    span = doc.char_span(found.start(1), found.end(1), alignment_mode="expand")
    if span is None:
        return None
    return span, [(found.end(), pieces[0][1]), *pieces[1:]]


def _stops(doc: Doc, start: int, end: int) -> int:
    """Sentence and clause ends (``.!?:``) in ``text[start:end]``, the periods of abbreviations aside."""
    text, abbrev = _text(doc), _abbreviations(doc)
    return sum(1 for i in range(start, end) if text[i] in ".!?:" and i not in abbrev)


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


def _extend(row: _Row, pieces: list[tuple[int, int]], text: str) -> None:
    """One more part of the same quotation."""
    row.pieces += pieces
    row.end = pieces[-1][1]
    row.quote = " ".join(text[s:e] for s, e in row.pieces)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Content without surrounding space and the comma that hands over to the cue."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return s, e


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


def _mid_cue(text: str, a: Region, b: Region, doc: Doc, cues: dict[str, Cue]) -> bool:
    """``"...," he said, "..."``: a short cue between two quotations of one sentence joins them."""
    if not a.closed or "\n" in text[a.end:b.start]:
        return False
    between = text[a.end:b.start].strip()
    if not between or len(between.split()) > 6 or not between.endswith((",", ":")):
        return False
    if _stops(doc, a.end, b.start - 1):
        return False  # '"...," Trump said. He added, "..."': two sentences, two cues
    if not text[a.inner_start:a.inner_end].rstrip().endswith(","):
        return False
    return any(_is_cue(t, cues, direct=True) for t in _tokens_between(doc, a.end, b.start))


def _lookup(tok: Token, cues: dict[str, Cue]) -> Cue | None:
    """The cue a verb stands for, a phrasal one first ("shot back", "fired back")."""
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("prt", "advmod") and (cue := cues.get(f"{lemma} {c.lower_}")) is not None:
            return cue
    return cues.get(lemma)


def _verb_like(tok: Token) -> bool:
    """A verb, or a verb the tagger took for a noun after an infinitive "to" ("prompted it to state, ...")."""
    return tok.pos_ in ("VERB", "AUX") or (tok.tag_ in ("NN", "NNS") and tok.i > 0
                                          and tok.doc[tok.i - 1].tag_ == "TO")


def _is_cue(tok: Token, cues: dict[str, Cue], *, direct: bool = False, opening: bool = False) -> bool:
    """A cue verb; ``direct``: one that may frame a quotation, ``opening``: one that may introduce it."""
    cue = _lookup(tok, cues)
    if cue is None or cue.cls == "source" or not _verb_like(tok) or (opening and cue.after_only):
        return False
    return cue.direct or not direct


def _sentence_bounds(doc: Doc, region: Region) -> tuple[int, int]:
    """The stretch outside the quotation that belongs to its sentence: to the previous and next sentence end
    (the period of "Mr." or "M." ends no sentence)."""
    text, abbrev = _text(doc), _abbreviations(doc)
    left = region.start
    while left > 0 and text[left - 1] != "\n":
        if text[left - 1] in ".!?" and left - 1 > 0 and left >= 2 and text[left - 2] not in "”\"’'" \
                and left - 1 not in abbrev:
            break
        left -= 1
    right = region.end
    while right < len(text) and text[right] != "\n":
        if text[right] in ".!?" and right not in abbrev:
            right += 1
            break
        right += 1
    return left, right


def _cue_after(doc: Doc, region: Region, cues: dict[str, Cue], quoted: set[int]) -> Token | None:
    """``"...," Kovalenko said.`` / ``"...," said Kovalenko.``: a cue right after the closing mark."""
    if not region.closed:
        return None
    inner = _text(doc)[region.inner_start:region.inner_end].rstrip().rstrip("’'\"”").rstrip()
    if _is_title(_text(doc), region):
        return None
    _, right = _sentence_bounds(doc, region)
    # stop at the next quotation, not at a name in marks ("wearing “Ted Cruz” campaign pins, said")
    nxt = next((i for i in range(region.end, right) if i in quoted and not _short_name(doc, i)), right)
    toks = [t for t in _tokens_between(doc, region.end, nxt) if t.idx not in quoted]
    if not toks or toks[0].text in (".",):
        return None
    if inner.endswith(".") and not toks[0].is_punct:  # only a bare '“...sentence.” Trump said.' follows
        stop = next((k for k, t in enumerate(toks) if t.text in ".!?"), None)
        if stop is None or stop > 4 or not any(_is_cue(t, cues, direct=True) for t in toks[:stop]):
            return None
    if not inner.endswith((",", ".", "!", "?", "…", "—", "–", "-")) and toks[0].text not in (",", "—", "–"):
        return None  # words in marks running on into the sentence ("“no” to the plan"), not a quotation
    for i, t in enumerate(toks[:MAX_SPEAKER_TOKENS]):
        if _mistagged_cue(toks, i, cues):
            return t
        if _is_cue(t, cues, direct=True) and not _in_relative(t):
            # ("an intelligence source, who was not authorized to speak on the record, told Fox News")
            if any((p.pos_ in ("VERB", "AUX") and p.dep_ not in ("aux", "auxpass", *NOMINAL_DEPS)
                    and not p.is_title and not _in_modifier(p)) or (p.dep_ == "mark" and p.head.i == t.i)
                   for p in toks[:i]):
                return None  # another clause, or one the quotation is not part of ("... as the governor spoke")
            return t
        if t.text in (".", "!", "?", ";") or (i >= MAX_FRAME_TOKENS and t.dep_ in ("ROOT", "ccomp")):
            return None
    return None


def _short_name(doc: Doc, char: int) -> bool:
    """The quoted stretch at ``char`` is a few capitalised words, the name of a thing, not a quotation."""
    text = _text(doc)
    k = char
    while k < len(text) and text[k] in "“”\"‘’'":
        k += 1
    end = k
    while end < len(text) and text[end] not in "“”\"\n":
        end += 1
    words = text[k:end].split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words)


def _cue_lemma(tok: Token, cues: dict[str, Cue]) -> str:
    if (cue := _lookup(tok, cues)) is not None:
        return cue.cue
    return tok.lower_[:-1] if tok.lower_.endswith("s") and tok.lower_[:-1] in cues else tok.lower_


def _mistagged_cue(toks: list[Token], i: int, cues: dict[str, Cue]) -> bool:
    """``"...," the two write.`` / ``a voice-over in the ad states.``: a cue verb tagged as a noun,
    the last word of a short clause after the quotation, after a noun phrase of its own."""
    t = toks[i]
    if t.pos_ not in ("NOUN", "PROPN") or not 1 <= i <= 8 or t.is_title or t.is_upper:
        return False
    cue = cues.get(_cue_lemma(t, cues))
    if cue is None or not cue.direct or cue.cls == "source":
        return False
    nxt = toks[i + 1].text if i + 1 < len(toks) else "."
    return nxt in (".", ",", "!", "?") and toks[0].lower_ in ("the", "a", "an", "one", "another", "two", "both")


def _is_title(text: str, region: Region) -> bool:
    """The name of a show, book or film ("on Fox News Channel’s “Hannity,”"): a few capitalised words
    after a possessive or a preposition."""
    words = text[region.inner_start:region.inner_end].strip(" ,.").split()
    before = text[max(0, region.start - 12):region.start].rstrip().lower()
    after_name = before.endswith(("’s", "'s", " on", " in", " of", " from", " to", " by", " for", " as", " the",
                                  " and"))
    small = {"a", "an", "the", "of", "and", "in", "on", "to", "for", "with", "at"}
    titled = all(w[:1].isupper() or w in small for w in words)
    # ''An American Son,'' ''Trump Revealed'': a few words in title case name a book, a show or a film
    named = 2 <= len(words) <= 8 and titled and sum(w not in small for w in words) >= 2 \
        and not text[region.inner_start:region.inner_end].rstrip(" ,.’'\"”").endswith(("!", "?"))
    return (0 < len(words) <= 6 and after_name and titled) or named


def _in_relative(tok: Token) -> bool:
    """Inside a relative clause, which describes someone and is no cue of its own."""
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ == "relcl":
            return True
        if anc.dep_ in ("ROOT", "ccomp"):
            return False
    return False


def _in_modifier(tok: Token) -> bool:
    """Inside a clause that describes the speaker ("Bill Eastland, wearing a cowboy hat, said")."""
    if tok.dep_ in ("amod", "compound"):
        return True  # "the conservative-leaning newspaper wrote"
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ in ("acl", "relcl", "appos"):
            return True
        if anc.dep_ in ("ROOT", "ccomp"):
            return False
    return False


def _cue_before(doc: Doc, region: Region, cues: dict[str, Cue], quoted: set[int]) -> Token | None:
    """``Ms Hewitt said: "..."`` / ``He added, "..."``: the cue the quotation completes."""
    if _is_title(_text(doc), region):
        return None
    left, _ = _sentence_bounds(doc, region)
    toks = [t for t in _tokens_between(doc, left, region.start) if t.idx not in quoted]
    if not toks:
        return None
    for k in range(len(toks) - 1, max(-1, len(toks) - 1 - MAX_FRAME_TOKENS), -1):
        t = toks[k]
        if _is_cue(t, cues, direct=True, opening=True) and t.dep_ not in ("amod", "compound"):
            rest = toks[k + 1:]  # ("a written statement" is no cue, nor a clause of its own)
            if any(r.pos_ in ("VERB", "AUX") and r.dep_ not in ("amod", "compound") for r in rest):
                return None
            if rest and rest[-1].text in (":", ","):
                return t if all(r.dep_ in FRAME_DEPS or r.is_punct for r in rest) else None
            # no colon or comma: a whole sentence in marks, after "that", the person told or the speaker
            if not _text(doc)[region.inner_start:region.inner_end].lstrip()[:1].isupper():
                return t if _completes(doc, t, region, rest) else None
            ok = all((r.dep_ in ADJACENT_DEPS and (r.dep_ != "nsubj" or r.head.i == t.i)
                      and (r.dep_ != "mark" or r.i == rest[-1].i)) or (r.head.i == t.i and r.dep_ in ("dobj", "dative")
                                                 and t.lemma_ in ("tell", "ask", "inform", "remind", "assure"))
                     or (r.head.dep_ in ("nsubj", "dobj", "dative") and r.head.head.i == t.i and r.dep_ in NP_DEPS)
                     for r in rest)
            return t if ok else None
        if t.pos_ in ("VERB",) and t.dep_ not in ("amod",):
            return None
    return None


def _completes(doc: Doc, cue: Token, region: Region, rest: list[Token]) -> bool:
    """``Ryan said “anti-Semitic images, they’ve got no place ...”``: the quotation is what the cue says,
    right after it, and ends the sentence."""
    text = _text(doc)
    if not region.closed or any(not (r.dep_ == "mark" and r.lower_ == "that") for r in rest):
        return False
    inner = text[region.inner_start:region.inner_end].rstrip()
    after = text[region.end:].lstrip(" \t")
    if len(inner.split()) < 4 or not (inner.endswith((".", "!", "?")) or after[:1] in ("", "\n", ".", "!", "?")):
        return False
    return any(t.head.i == cue.i and t.dep_ in ("ccomp", "dobj", "xcomp", "attr", "oprd")
               for t in _tokens_between(doc, region.inner_start, region.inner_end))


def _stands_alone(text: str, first: Region, last: Region) -> bool:
    """An uncued quotation is a whole sentence or paragraph of its own, not words inside another sentence."""
    before = text[:first.start].rstrip(" \t")
    after = text[last.end:].lstrip(" \t")
    opens = not before or before.endswith(("\n", ".", "!", "?", ":", "”", '"'))
    closes = not after or after.startswith("\n") or not last.closed or text[last.inner_end - 1] in ".!?"
    return opens and closes


def _context_speaker(doc: Doc, region: Region, cues: dict[str, Cue], quoted: set[int], rows: list[_Row],
                     ctx: _Context) -> tuple[str, Span | None]:
    """Speaker of a quotation with no cue of its own: the sentence before introduces it, or it goes on
    from the quotation just before (same speaker), or it stays unknown."""
    text = _text(doc)
    before = text[:region.start].rstrip()
    if rows and rows[-1].subject is not None and 0 <= region.start - rows[-1].end < 400:
        between = re.sub(r"[“”\"‘’']", " ", text[rows[-1].end:region.start])
        frame = between.split()
        cued_frame = rows[-1].subject.start_char >= rows[-1].end and len(frame) <= 10
        if not frame or (cued_frame and _stops(doc, rows[-1].end, region.start) <= 1):
            return rows[-1].cue, rows[-1].subject  # the same speaker goes on
    prev_sent = _previous_sentence(doc, region.start)
    if prev_sent is not None and prev_sent.end_char > (rows[-1].end if rows else -1):
        root = prev_sent.root
        verb = next((t for t in prev_sent if _is_cue(t, cues, direct=True, opening=True) and t.idx not in quoted),
                    None)
        if verb is not None and (before.endswith(":") or verb.dep_ == "ROOT"):
            return verb.lemma_.lower(), _subject(verb, quoted) or _near_noun(verb, quoted)
        subj = next((c for c in root.children if c.dep_ in ("nsubj",)), None)
        if subj is not None and ctx.is_person_token(subj):
            return "", _subject(root, quoted)
        return "", None
    return "", None


def _previous_sentence(doc: Doc, char: int) -> Span | None:
    """The sentence that introduces text starting at ``char``: the parser's sentence holding it when
    words come before it there, else the one before."""
    tok = doc.char_span(char, char + 1, alignment_mode="expand")
    if tok is None:
        return None
    sent = tok[0].sent
    lead = _text(doc)[sent.start_char:char].strip(" \n\t“\"")
    if lead:
        return sent
    if sent.start == 0:
        return None
    return doc[sent.start - 1].sent


# --- stage 2: reported speech --------------------------------------------------------------------

def _reported_speech(doc: Doc, regions: list[Region], cues: dict[str, Cue], direct: list[_Row]) -> list[_Row]:
    quoted = _in_regions(regions)
    taken: set[int] = set()
    for r in direct:
        taken.update(range(r.start, r.end))
    rows: list[_Row] = []
    phrases = [c.cue.split() for c in cues.values() if c.cls == "source"]
    first_words = {p[0] for p in phrases}
    for tok in doc:
        if tok.idx in quoted or tok.idx in taken:
            continue
        phrase = next((p for p in phrases if [t.lower_ for t in doc[tok.i:tok.i + len(p)]] == p),
                      None) if tok.lower_ in first_words else None
        if phrase is not None:
            row = _according_to(doc, doc[tok.i:tok.i + len(phrase)], regions)
        else:
            cue = _lookup(tok, cues)
            if cue is None or cue.cls == "source" or cue.after_only or tok.pos_ not in ("VERB", "AUX"):
                continue
            row = _clause_content(doc, tok, cue, regions)
        if row is None or not row.quote.strip():
            continue
        if any(r.start <= row.start < r.end or row.start <= r.start < row.end for r in direct + rows):
            continue
        rows.append(row)
    return rows


def _span_row(doc: Doc, toks: list[Token], regions: list[Region], cue: str, anchor: Token) -> _Row | None:
    toks = [t for t in toks if not (t.is_punct and t.text not in "“”\"‘’'")] or toks
    mark = next((t for t in toks if t.dep_ == "mark" and t.lower_ == "that"), None)
    if mark is not None and mark.head.dep_ == "ccomp":
        toks = [t for t in toks if t.i > mark.i]
    if toks:
        line = [t for t in toks if t.i >= anchor.i] if any(t.i > anchor.i for t in toks) else toks
        para_end = _text(doc).find("\n", anchor.idx)
        para_start = _text(doc).rfind("\n", 0, anchor.idx) + 1
        toks = [t for t in toks if para_start <= t.idx and (para_end < 0 or t.idx < para_end)] or line
    if not toks:
        return None
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t) for t in toks)
    while toks and toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "whether", "if") and len(toks) > 1:
        toks = toks[1:]
        start = toks[0].idx
    text = _text(doc)
    start, end = _trim(text, start, end)
    while end > start and text[end - 1] in ".!?":
        end -= 1
    if end - start < 3:
        return None
    for r in regions:  # a content that opens a quotation takes all of it ("that “... . I think ...”")
        if r.closed and r.start - 1 <= start <= r.inner_start and r.end > end:
            end = r.end
    inner = [r for r in regions if r.start >= start - 1 and r.end <= end + 2]
    content = [i for i in range(start, end) if not text[i].isspace()]
    for r in inner:  # a reported clause wholly in marks is a direct quotation ("said that “...”")
        if r.closed and sum(r.start <= i < r.end for i in content) >= 0.9 * len(content):
            s, e = _trim(text, r.inner_start, r.inner_end)
            return _Row(s, e, text[s:e], "direct", cue=cue)
    kind = "mixed" if any(len(text[r.inner_start:r.inner_end].split()) >= 2 for r in inner) else "indirect"
    if kind == "mixed":  # the content ends with the closing mark of its last quoted fragment
        end = max(end, max(r.end for r in inner if r.closed) if any(r.closed for r in inner) else end)
    return _Row(start, end, text[start:end], kind, cue=cue)


def _clause_content(doc: Doc, verb: Token, cue: Cue, regions: list[Region]) -> _Row | None:
    """``X said that ...`` / ``X believes ...`` / ``X accused Y of ...`` / ``X vowed to ...``."""
    clause = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    if not clause:
        clause = [c for c in verb.children if c.dep_ == "ccomp" and not (c.i < verb.i and _quoted_tok(c, regions))]
    toks: list[Token] = []
    if clause:
        toks = list(clause[0].subtree)
    elif cue.cls == "accuse":
        obj = [c for c in verb.children if c.dep_ == "dobj"]
        prep = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "over")]
        if obj and prep:
            toks = list(obj[0].subtree) + list(prep[0].subtree)
    if not toks and cue.to_clause:
        xcomp = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        if xcomp:
            toks = list(xcomp[0].subtree)
    if not toks and cue.objects:  # "called for a ban", "denied the allegations"
        for c in verb.children:
            if c.i < verb.i or (_quoted_tok(c, regions) and not any(r.inner_start == c.idx for r in regions)):
                continue  # a word inside a quoted phrase ("called it “another super Tuesday for us”")
            if c.dep_ == "dobj" and "dobj" in cue.objects:
                toks = list(c.subtree)
            elif c.dep_ == "dobj" and "oprd" in cue.objects:  # "called him a liar"
                oprd = [o for o in verb.children if o.dep_ in ("oprd", "xcomp") and o.i > c.i]
                toks = list(c.subtree) + list(oprd[0].subtree) if oprd else []
            elif c.dep_ == "prep" and c.lower_ in cue.objects:
                pobj = [p for p in c.children if p.dep_ in ("pobj", "pcomp") and p.ent_type_ not in ("DATE", "TIME")]
                toks = list(pobj[0].subtree) if pobj else []  # "spoke on Wednesday" says nothing
            if toks:
                break
    if not toks:
        return None
    # "Asked about it, Christie said ...": the one asked is no speaker (a cue after a quotation is
    # often tagged VBN in error, so this holds for reported speech only)
    subj = None if _passive_participle(verb) else _speaker(_subject(verb, set()))
    if subj is None or subj.root.lower_ in NOBODY or any(t.lower_ == "no" for t in subj):
        return None  # "No one expects ..." attributes nothing to anyone
    row = _span_row(doc, sorted(toks, key=lambda t: t.i), regions, cue.cue, verb)
    if row is not None:
        row.subject = subj
    return row


def _quoted_tok(tok: Token, regions: list[Region]) -> bool:
    return any(r.start <= tok.idx < r.end for r in regions)


def _according_to(doc: Doc, phrase: Span, regions: list[Region]) -> _Row | None:
    """``According to X, ...`` / ``In the words of X, ...``: the rest of the sentence is X's claim."""
    prep = phrase[-1]
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    source = {t.i for tok in phrase for t in tok.subtree}
    sent = phrase.sent
    toks = [t for t in sent if t.i not in source and not (t.is_punct and t.i in (sent.start, sent.end - 1))]
    if len(toks) < 3:
        return None
    row = _span_row(doc, toks, regions, phrase.text.lower(), phrase[0])
    if row is not None:
        row.subject = _noun_phrase(pobj)
    return row


# --- stage 3: the speaker at the cue -------------------------------------------------------------

def _subject(verb: Token, quoted: set[int]) -> Span | None:
    """The subject of a cue verb, or of the verb it hangs from ("..., saying ...", "and added")."""
    seen = 0
    tok: Token | None = verb
    deps = ("nsubj",)
    while tok is not None and seen < 4:
        if tok.idx in quoted and tok.head is not tok:  # "..., adding" hung from a verb inside a quotation
            tok, seen = tok.head, seen + 1
            continue
        subj = [c for c in tok.children if c.dep_ in deps and c.idx not in quoted]
        if subj and "\n" not in _text(tok.doc)[min(subj[0].idx, tok.idx):max(subj[0].idx, tok.idx)]:
            return _noun_phrase(subj[0])
        if subj:
            return _left_noun(tok)
        agent = [c for c in tok.children if c.dep_ == "agent"]
        if agent:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
            return _noun_phrase(pobj[0]) if pobj else None
        if tok.dep_ == "acl" and (tok.head.pos_ in ("NOUN", "PROPN") or any(
                c.dep_ == "det" for c in tok.head.children)) and tok.head.i < tok.i \
                and tok.head.idx not in quoted \
                and not (tok.head.ent_type_ in ("DATE", "TIME") and tok.head.pos_ in ("NOUN", "PROPN")):
            if tok.head.dep_ in ("dobj", "dative", "pobj", "npadvmod") and tok.head.head is not tok.head:
                tok, seen = tok.head.head, seen + 1  # "emailed supporters saying": the one who emailed
                continue
            return _noun_phrase(tok.head)  # "the 43-year-old asked"
        if tok.dep_ == "conj" and tok.head.dep_ == "ccomp" and tok.head.head.pos_ in ("VERB", "AUX") \
                and tok.head.head.i < tok.head.i:
            tok = tok.head.head  # "said it was too early but added, ...": the parse joins "added" to the clause
            seen += 1
            continue
        if (tok.dep_ in ("advcl", "conj", "xcomp", "pcomp", "prep")
                or (tok.dep_ == "dep" and tok.pos_ == tok.head.pos_ == "VERB")) and tok.head is not tok:
            # "Mr. Trump was prompted to say": the passive subject of the verb a to-infinitive cue hangs from
            deps = ("nsubj", "nsubjpass") if tok.dep_ == "xcomp" else ("nsubj",)
            tok = tok.head  # "then leaned in and boomed:": the parse leaves "leaned" unlabelled
            seen += 1
            continue
        return _main_subject(verb, quoted) if tok is verb else None
    return None


def _main_subject(verb: Token, quoted: set[int]) -> Span | None:
    """``Flea shared the news, writing “...”``: a participle after a comma speaks for the subject of the
    clause before it, when the parse hung it elsewhere."""
    before = next((t for t in reversed(verb.doc[verb.sent.start:verb.i]) if not t.is_space), None)
    if verb.tag_ != "VBG" or before is None or before.text != ",":
        return None
    for t in reversed(verb.doc[verb.sent.start:before.i]):
        subj = next((c for c in t.children if c.dep_ == "nsubj" and c.idx not in quoted), None)
        if t.pos_ == "VERB" and subj is not None:
            return _noun_phrase(subj)
    return None


def _adjacent_name(doc: Doc, verb: Token, ctx: _Context) -> Span | None:
    """A person or organisation named right before the cue ("... Chief Chuck Jordan said"), or right after an
    inverted one: the speaker when the parse of the sentence went astray."""
    before = next((t for t in reversed(doc[max(0, verb.i - 3):verb.i]) if not t.is_space), None)
    after = next((t for t in doc[verb.i + 1:verb.i + 3] if not t.is_space), None)
    for tok, edge in ((before, "end"), (after, "start")):
        if tok is None or (tok is after and not (before is not None and before.is_punct)):
            continue
        m = ctx.mention_at(tok.idx, tok.idx + len(tok), tok.idx)
        if m is None or not (_is_person(m) or m.get("actor_type") == "organization"):
            continue
        if int(m[edge]) == (tok.idx + len(tok) if edge == "end" else tok.idx):
            return doc.char_span(int(m["start"]), int(m["end"]), alignment_mode="expand")
    return None


def _passive_participle(verb: Token) -> bool:
    """``asked about ...``, ``when told ...``: a past participle with no subject and no perfect "have"."""
    return verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "ROOT", "conj") and not any(
        c.dep_ in ("nsubj", "aux") for c in verb.children)


def _speaker(subj: Span | None) -> Span | None:
    """A subject that can speak: not a date or a time ("last week", "9:50 p.m.", "Thursday")."""
    if subj is None or (subj.root.ent_type_ in ("DATE", "TIME", "MONEY", "QUANTITY") and subj.root.pos_ != "ADJ"):
        return None
    calendar = dates.words()
    if subj.root.lower_ in calendar["weekdays"] or (subj.root.lower_ in calendar["months"] and len(subj) == 1
                                                    and subj.root.ent_type_ != "PERSON"):
        return None
    return subj


def _noun_phrase(tok: Token) -> Span:
    """The subject as written: its determiner, modifiers and compounds, without clauses hanging off it."""
    mods = [c for c in tok.lefts if c.dep_ in NP_DEPS]
    start = min([t.i for c in mods for t in c.subtree] + [tok.i])
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("compound", "flat") and c.i == end:
            end += 1
    return tok.doc[start:end]


def _near_noun(verb: Token, quoted: set[int]) -> Span | None:
    """When the parse gives a cue no subject: the name or noun right before it, or right after it
    ("Continued Stone:", "..., tells Breitbart")."""
    before = next((t for t in reversed(verb.doc[max(0, verb.i - 3):verb.i]) if not t.is_space), None)
    inverted = before is not None and before.is_punct  # '"...," added Murphy'
    after = next((t for t in verb.doc[verb.i + 1:verb.i + 4] if t.idx not in quoted
                  and (t.pos_ in ("PROPN", "PRON") or (inverted and t.pos_ == "NOUN"))  # '"...?" asked the boy'
                  and (inverted or t.dep_ not in ("dobj", "dative", "pobj"))
                  and _speaker(t.doc[t.i:t.i + 1]) is not None), None)  # "..., said Thursday": a day says nothing
    while after is not None and after.dep_ in ("compound", "poss") and after.head.i > after.i \
            and after.head.i <= verb.i + 5:
        after = after.head  # "said a South Carolina Democrat": the whole name; "Clinton's introducer"
    if inverted and after is not None and after.pos_ == "NOUN":
        # "exhorted Clinton's introducer, actress Jamie Lee Curtis": the name in apposition
        after = next((c for c in after.children if c.dep_ == "appos" and c.pos_ == "PROPN"), after)
    if inverted and after is not None and after.dep_ not in ("dobj", "dative", "pobj"):
        return _noun_phrase(after)
    left = _left_noun(verb)
    if left is not None and left.start_char in quoted:
        left = None  # the words of the quotation itself speak for no one
    return left or (_noun_phrase(after) if after is not None else None)


def _left_noun(verb: Token) -> Span | None:
    """The noun right before a cue verb in its own line, when the parse took a subject from another line."""
    for k in range(verb.i - 1, max(-1, verb.i - 6), -1):
        t = verb.doc[k]
        if "\n" in t.text_with_ws:
            return None
        if t.is_space:
            continue
        if t.pos_ in ("PROPN", "NOUN", "PRON") and not (t.dep_ == "appos" or t.head.dep_ == "appos"):
            return _noun_phrase(t)
        app = t if t.dep_ == "appos" else t.head
        if t.pos_ in ("PROPN", "NOUN") and app.dep_ == "appos":
            if app.pos_ == "PROPN":
                return _noun_phrase(app)  # "her senior policy adviser, Jake Sullivan, said:"
            if app.head.pos_ == "PROPN" and app.head.i < app.i:
                return _noun_phrase(app.head)  # "Flynn, a top Trump surrogate, said"
        if not (t.dep_ in ("aux", "neg", "advmod", "punct", "nummod", "appos") or t.pos_ in ("NUM", "PUNCT")):
            return None
    return None


# --- stage 4: resolution to actors ---------------------------------------------------------------

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
    elif head.lower_ in ("who", "that", "which") and head.head.dep_ == "relcl":
        antecedent = head.head.head  # "Sanders, who said ...": the speaker span stays on "who"
        m = ctx.mention_at(antecedent.idx, antecedent.idx + len(antecedent), antecedent.idx)
        row.speaker = ctx.actor(m) if m is not None else ""
        row.person = m is not None and _is_person(m)
    elif head.pos_ == "NOUN" and any(t.lower_ in ("the", "this", "that") for t in subj):
        row.speaker, row.person = _resolve_description(subj, ctx)


def _resolve_pronoun(char: int, ctx: _Context, rows: list[_Row]) -> str:
    """The most recent person within a few sentences, a subject preferred; the speaker of a quotation just
    before counts as a subject."""
    sent = ctx.sentence_of(char)
    lo = ctx.sent_starts[max(0, sent - 3)]
    candidates: list[tuple[int, bool, str]] = []
    for m in ctx.index.starting_in(lo, char):
        s = int(m["start"])
        if _is_person(m):
            tok = ctx.doc.char_span(s, int(m["end"]), alignment_mode="expand")
            is_subj = tok is not None and tok.root.dep_ in SUBJECT_DEPS
            candidates.append((s, is_subj, ctx.actor(m)))
    for r in rows:
        if r.person and r.speaker_start is not None and lo <= r.speaker_start < char:
            candidates.append((r.speaker_start, True, r.speaker))
    if not candidates:
        return ""
    subjects = [c for c in candidates if c[1]]
    return max(subjects or candidates)[2]


def _resolve_description(subj: Span, ctx: _Context) -> tuple[str, bool]:
    """"the military-political observer" -> the actor introduced as a military and political observer:
    every word of the description is in the actor's role, the closest fit first, then the latest."""
    words = {_stem(w) for w in _content_words(subj.text)}
    if not words:
        return "", False
    best: tuple[float, int, str, bool] | None = None
    for start, role_words, m in ctx.roles:
        stems = {_stem(w) for w in role_words}
        if start >= subj.start_char or not words <= stems:
            continue
        cand = (len(words) / len(stems), start, ctx.actor(m), _is_person(m))
        best = cand if best is None or cand[:2] > best[:2] else best
    return (best[2], best[3]) if best else ("", False)


# --- headlines -----------------------------------------------------------------------------------

def title_quotes(title: str, article_id: str, mentions: list[dict[str, Any]], *,
                 nlp: Language | None = None) -> list[dict[str, Any]]:
    """``Claim - military expert Kovalenko`` and ``Name: claim`` headlines: one row, offsets into the title."""
    title = title.rstrip()
    people = [m for m in mentions if _is_person(m)]
    for sep in TITLE_SEPARATORS:
        k = title.rfind(sep)
        if k <= 0:
            continue
        claim, tail = title[:k], title[k + len(sep):]
        words = tail.split()
        if not 1 <= len(words) <= 6 or len(claim.split()) < 3 or not _has_word(claim):
            continue
        name_words: list[str] = []
        for w in reversed(words):
            if w[:1].isupper():
                name_words.insert(0, w)
            else:
                break
        if not name_words or (len(name_words) == len(words) and len(words) > 3):
            continue
        name = " ".join(name_words)
        m = _match_person(name, people)
        described = len(name_words) < len(words)
        if m is None and not (described and _title_person(title, k + len(sep), nlp)):
            continue
        name_start = len(title) - len(name)
        return [_title_row(title, 0, k, name, name_start, m, mentions, article_id)]
    colon = title.find(": ")
    if colon > 0 and len(title[:colon].split()) <= 4 and _has_word(title[colon + 2:]):
        name = title[:colon]
        m = _match_person(name, people)
        if m is not None:
            return [_title_row(title, colon + 2, len(title), name, 0, m, mentions, article_id)]
    return []


def _has_word(claim: str) -> bool:
    """Whether a headline's claim says anything: 'Caddell: “' is marks alone."""
    return any(ch.isalnum() for ch in claim)


def _title_person(title: str, start: int, nlp: Language | None) -> bool:
    if nlp is None:
        return False
    doc = nlp(title)
    return any(e.label_ == "PERSON" and e.start_char >= start for e in doc.ents)


def _match_person(name: str, people: list[dict[str, Any]]) -> dict[str, Any] | None:
    key = name.lower().strip()
    for m in people:
        actor = str(m.get("actor") or m.get("text") or "").lower()
        text = str(m.get("text") or "").lower()
        surname = actor.split()[-1] if actor else ""
        if key in (actor, text) or actor.endswith(" " + key) or (surname and key.endswith(" " + surname)):
            return m
    return None


def _title_row(title: str, start: int, end: int, name: str, name_start: int, m: dict[str, Any] | None,
               mentions: list[dict[str, Any]], article_id: str) -> dict[str, Any]:
    s, e = _trim(title, start, end)
    speaker = ""
    if m is not None:
        actor = str(m.get("actor") or m.get("text") or "")
        speaker = _full_names(mentions).get(actor.lower(), actor) if len(actor.split()) == 1 else actor
    inner = title[s:e]
    # direct between two marks: one mark alone is no opening and closing pair
    kind = "direct" if len(inner) > 1 and inner[:1] in "“\"‘'" and inner[-1:] in "”\"’'" else "indirect"
    if kind == "direct":
        s, e = s + 1, e - 1
    return {"article_id": article_id, "start": s, "end": e, "quote": title[s:e], "kind": kind, "speaker": speaker,
            "speaker_text": name, "speaker_start": name_start, "speaker_end": name_start + len(name), "cue": "",
            "in_title": True, "date": None}
