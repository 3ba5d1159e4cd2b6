"""One quotation or reported clause as the stages build it, and the row of the quotes frame it becomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span


@dataclass
class _Row:
    """A quotation or reported clause: ``subject`` is the speaker found at its cue, ``speaker`` the actor it
    resolves to."""

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


def _extend(row: _Row, pieces: list[tuple[int, int]], text: str) -> None:
    """One more part of the same quotation."""
    row.pieces += pieces
    row.end = pieces[-1][1]
    row.quote = " ".join(text[s:e] for s, e in row.pieces)


def _as_dict(row: _Row, article_id: str, in_title: bool) -> dict[str, Any]:
    return {"article_id": article_id, "start": row.start, "end": row.end, "quote": row.quote, "kind": row.kind,
            "speaker": row.speaker, "speaker_text": row.speaker_text, "speaker_start": row.speaker_start,
            "speaker_end": row.speaker_end, "cue": row.cue, "in_title": in_title, "date": None}
