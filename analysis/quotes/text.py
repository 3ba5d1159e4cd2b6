"""The article's text as every stage reads it: joined once, the periods that end no sentence, the
stretch of a quotation's sentence, the tokens between two offsets.

``doc_quotes`` caches the text and the abbreviations on the Doc while it runs, and drops them after
(:func:`_forget`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from analysis.quotes.marks import Region

_TEXT_KEY = "dossier.quotes.text"
_ABBREV_KEY = "dossier.quotes.abbreviations"


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


def _forget(doc: Doc) -> None:
    """Drop what :func:`_text` and :func:`_abbreviations` cached on ``doc``."""
    doc.user_data.pop(_TEXT_KEY, None)
    doc.user_data.pop(_ABBREV_KEY, None)


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return [t for t in span if not t.is_space] if span is not None else []  # web text's no-break spaces


def _stops(doc: Doc, start: int, end: int) -> int:
    """Sentence and clause ends (``.!?:``) in ``text[start:end]``, the periods of abbreviations aside."""
    text, abbrev = _text(doc), _abbreviations(doc)
    return sum(1 for i in range(start, end) if text[i] in ".!?:" and i not in abbrev)


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
