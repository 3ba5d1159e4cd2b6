"""Texts too long to parse at once, parsed in pieces and joined back into one Doc with the same text.

spaCy refuses a text over ``nlp.max_length`` characters (E088), and its working memory grows with the
length of what it parses at once. A report, a transcript or a scraped page run together
can be longer than that; cut at paragraph ends (else sentence ends, else spaces), each piece is an
ordinary text, and ``Doc.from_docs`` joins the pieces so that every character offset still points into
the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

# Past this many characters (about 15,000 words: no news story) a text is parsed in pieces of at most PIECE_CHARS;
# small pieces parse faster and in less memory than large ones.
LONG_CHARS = 100_000
PIECE_CHARS = 10_000
_PARAGRAPH_END = re.compile(r"\n\s*\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"'”’»)\]]*\s+")
_SPACE = re.compile(r"\s+")


def is_long(text: str, nlp: Language) -> bool:
    """Whether ``text`` is parsed in pieces."""
    return len(text) > min(LONG_CHARS, nlp.max_length)


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters that join back into it.

    Cuts fall after a blank line where one is near enough, else after a sentence's end, else after a
    space; a run of ``limit`` characters with none of these is cut where it must be.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        out.append(text[start:end])
        start = end
    if start < len(text) or not out:
        out.append(text[start:])
    return out


def _cut(text: str, start: int, stop: int) -> int:
    """The end of the next piece: the last good break in ``text[start:stop]``, past its first half if possible."""
    window = text[start:stop]
    for pattern in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(window) if 0 < m.end() <= len(window)]
        if ends and (ends[-1] >= len(window) // 2 or pattern is _SPACE):
            return start + ends[-1]
    return stop


def parse(nlp: Language, text: str, *, disable: Sequence[str] = ()) -> Doc:
    """The Doc of a long ``text``: its pieces parsed one by one and joined; ``doc.text == text``."""
    docs: Iterator[Doc] = nlp.pipe(pieces(text, min(PIECE_CHARS, nlp.max_length)), disable=list(disable),
                                   batch_size=8)
    return Doc.from_docs(list(docs), ensure_whitespace=False)
