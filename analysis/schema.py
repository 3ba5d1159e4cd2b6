"""Column names and dtypes of every frame of SCHEMA.md, in one place.

Frames are built through :func:`frame` so that an empty result still has every
column with the right dtype, and pages and tests can rely on the contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

STR = "object"
INT = "Int64"
BOOL = "boolean"
DATE = "datetime64[ns]"
LIST = "list"  # python lists in an object column; joined with "|" in CSV

COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": STR,
        "title": STR,
        "source": STR,
        "url": STR,
        "published": DATE,
        "date_inferred": BOOL,
        "path": STR,
        "paths": LIST,
        "words": INT,
        "text": STR,
    },
    "mentions": {
        "article_id": STR,
        "sentence": INT,
        "start": INT,
        "end": INT,
        "text": STR,
        "label": STR,
        "actor_id": STR,
        "actor": STR,
        "actor_type": STR,
        "role": STR,
    },
    "actors": {
        "actor_id": STR,
        "actor": STR,
        "actor_type": STR,
        "aliases": LIST,
        "role": STR,
        "mentions": INT,
        "articles": INT,
        "first_seen": DATE,
        "last_seen": DATE,
    },
    "events": {
        "event_id": STR,
        "article_id": STR,
        "sentence": INT,
        "start": INT,
        "end": INT,
        "date_start": DATE,
        "date_end": DATE,
        "precision": STR,
        "date_text": STR,
        "planned": BOOL,
        "event_type": STR,
        "action": STR,
        "actors": LIST,
        "subject": STR,
        "text": STR,
    },
    "quotes": {
        "quote_id": STR,
        "article_id": STR,
        "start": INT,
        "end": INT,
        "quote": STR,
        "kind": STR,
        "speaker": STR,
        "speaker_id": STR,
        "speaker_text": STR,
        "speaker_start": INT,
        "speaker_end": INT,
        "cue": STR,
        "in_title": BOOL,
        "date": DATE,
    },
    "dates": {
        "article_id": STR,
        "sentence": INT,
        "start": INT,
        "end": INT,
        "text": STR,
        "date_start": DATE,
        "date_end": DATE,
        "precision": STR,
    },
    "problems": {
        "path": STR,
        "reason": STR,
    },
}

FRAMES: tuple[str, ...] = tuple(COLUMNS)
PRECISIONS = ("day", "week", "month", "season", "quarter", "half", "year", "range")
EVENT_TYPES = (
    "meeting",
    "visit",
    "sanction",
    "accusation",
    "statement",
    "report",
    "agreement",
    "military_action",
    "supply",
    "other",
)
ACTOR_TYPES = ("person", "organization", "country", "location", "other")
QUOTE_KINDS = ("direct", "indirect", "mixed")


def list_columns(name: str) -> list[str]:
    """Columns of frame ``name`` that hold Python lists."""
    return [c for c, t in COLUMNS[name].items() if t == LIST]


def _coerce(series: pd.Series, dtype: str) -> pd.Series:
    if dtype == DATE:
        return pd.to_datetime(series, errors="coerce").astype(DATE)
    if dtype == INT:
        return pd.to_numeric(series, errors="coerce").astype(INT)
    if dtype == BOOL:
        return series.astype(BOOL)
    if dtype == LIST:
        return series.map(lambda v: list(v) if isinstance(v, (list, tuple)) else ([] if _missing(v) else [v])).astype(object)
    return series.map(lambda v: "" if _missing(v) else str(v)).astype(object)


def _missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def frame(name: str, rows: Iterable[Mapping[str, Any]] | pd.DataFrame = ()) -> pd.DataFrame:
    """A frame ``name`` with every contract column in its dtype; extra columns are kept."""
    cols = COLUMNS[name]
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    for col in cols:
        if col not in df.columns:
            df[col] = pd.Series([None] * len(df), dtype=object)
    extra = [c for c in df.columns if c not in cols]
    df = df[list(cols) + extra].reset_index(drop=True)
    for col, dtype in cols.items():
        df[col] = _coerce(df[col], dtype)
    return df


def empty(name: str) -> pd.DataFrame:
    """An empty frame ``name`` with the contract's columns and dtypes."""
    return frame(name, [])
