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
        "story_id": STR,
        "duplicate_of": STR,
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
        "date_source": STR,
        "planned": BOOL,
        "event_type": STR,
        "action": STR,
        "actors": LIST,
        "subject": STR,
        "text": STR,
        "event_group": STR,
        "date_disagrees": BOOL,
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
        "quote_group": STR,
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
        "severity": STR,
        "reason": STR,
        "article_id": STR,
    },
    # Stories and merged reports (analysis.stories): one row per story, and one per happening however many
    # reports it has.
    "stories": {
        "story_id": STR,
        "title": STR,
        "first_published": DATE,
        "last_published": DATE,
        "n_articles": INT,
        "n_sources": INT,
        "actors": LIST,
    },
    "event_groups": {
        "event_group": STR,
        "date_start": DATE,
        "date_end": DATE,
        "precision": STR,
        "event_type": STR,
        "actors": LIST,
        "n_reports": INT,
        "n_sources": INT,
        "first_article_id": STR,
        "text": STR,
        "story_id": STR,
        "planned": BOOL,
        "n_disagree": INT,
    },
}

FRAMES: tuple[str, ...] = tuple(COLUMNS)
# Values of text columns left empty by whoever made the rows: a problem of unknown weight counts as an error.
# An event made before ``date_source`` existed was dated by its sentence.
DEFAULTS: dict[str, dict[str, str]] = {"problems": {"severity": "error"}, "events": {"date_source": "text"}}
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
ACTOR_TYPES = ("person", "organization", "country", "location", "product", "other")
# Where an event's date comes from: a date expression in its sentence, or the article's publication day.
DATE_SOURCES = ("text", "article")
QUOTE_KINDS = ("direct", "indirect", "mixed")
# How much a problem cost, worst first: an error lost input or rows, a warning altered or guessed something, a note
# lost nothing (an article with no publication date is still analysed).
SEVERITIES = ("error", "warning", "note")


# The compact form a dashboard holds the frames in (see :func:`compact`): the same values in a fraction of the
# memory and of the work. The text columns below repeat a few thousand values over millions of mentions or
# dates, so each becomes a pandas category column (a small integer code per row instead of an object pointer,
# and a filtered view copies the codes only); the offsets and sentence numbers of those frames fit in 32 bits;
# list cells become tuples, which Python's cycle collector stops walking (it otherwise visits every one of
# hundreds of thousands of lists after each page run).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "mentions": ("article_id", "text", "label", "actor_id", "actor", "actor_type", "role"),
    "dates": ("article_id", "text", "precision"),
}
COMPACT_INT = "Int32"


def compact(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Frame ``name`` with the text columns of :data:`CATEGORIES` as category columns of its values, the
    integer columns of those frames as :data:`COMPACT_INT`, and list cells as tuples.

    Values, order and length are unchanged (the categories are the distinct values as object strings, in
    order of appearance); only the storage differs from the contract's dtypes. A column already compact, or
    holding a number too large for 32 bits, is left as it is.
    """
    out = df.copy(deep=False)
    for col in list_columns(name):
        if col in out.columns and len(out) and any(type(v) is not tuple for v in out[col]):
            out[col] = pd.Series([tuple(v) if isinstance(v, (list, tuple)) else () for v in out[col]],
                                 index=out.index, dtype=object)
    if name not in CATEGORIES:
        return out
    for col in CATEGORIES[name]:
        if col in out.columns and not isinstance(out[col].dtype, pd.CategoricalDtype):
            codes, uniques = pd.factorize(out[col])
            out[col] = pd.Categorical.from_codes(codes, pd.Index(uniques, dtype=object))
    for col, dtype in COLUMNS[name].items():
        if dtype == INT and col in out.columns and str(out[col].dtype) == INT and _fits_int32(out[col]):
            out[col] = out[col].astype(COMPACT_INT)
    return out


def _fits_int32(col: pd.Series) -> bool:
    low, high = col.min(), col.max()
    return pd.isna(low) or (low >= -(2 ** 31) and high < 2 ** 31)


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
    # Text columns are nearly always text already: whole-column checks instead of a Python call per cell.
    values = series if series.dtype == object else series.astype(object)
    missing = values.isna()
    if missing.any():
        values = values.where(~missing, "")
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return values
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
    for col, default in DEFAULTS.get(name, {}).items():
        df[col] = df[col].where(df[col] != "", default)
    return df


def empty(name: str) -> pd.DataFrame:
    """An empty frame ``name`` with the contract's columns and dtypes."""
    return frame(name, [])
