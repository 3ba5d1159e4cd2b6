"""Cues, quoted content and speaker attribution: who said what."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc


def doc_quotes(doc: Doc, article_id: str, mentions: list[dict[str, Any]], *, title: str = "",
               nlp: Language | None = None) -> list[dict[str, Any]]:
    """Quotes and reported speech of one article, speakers as article-level canonical actor names."""
    return []
