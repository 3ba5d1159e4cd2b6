"""Sentences -> dated events: who did what, when."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc


def doc_events(doc: Doc, article_id: str, dates: list[dict[str, Any]], mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated happenings of one article, from its date rows and actor mentions."""
    return []
