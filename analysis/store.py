"""Reading and writing a built analysis to disk, and the per-article cache that makes rebuilds incremental.

A store is a folder: one file per frame of SCHEMA.md (Parquet or CSV, what the dashboard
opens through ``DOSSIER_STORE``), ``manifest.json`` (how it was made) and ``cache.sqlite``
(each article's extracted rows, keyed by its content and the pipeline version, so a
rebuild analyses only articles that are new or whose analysis would now differ).
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import schema

FORMATS = ("parquet", "csv")
CACHE_FILE = "cache.sqlite"
MANIFEST_FILE = "manifest.json"
# Bump when the layout of cache payloads changes; old caches are then ignored, never misread.
CACHE_LAYOUT = 1
# rows: packed extracted rows by (article, pipeline version); docs: the statistical model's parse by (text, model).
TABLES = ("rows", "docs")


def write_frames(frames: dict[str, pd.DataFrame], out: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write every frame as ``out/<name>.<fmt>``; list columns are joined with ``|`` in CSV."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use parquet or csv")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in schema.FRAMES:
        df = schema.frame(name, frames.get(name, schema.empty(name)))
        path = out / f"{name}.{fmt}"
        other = out / f"{name}.{'csv' if fmt == 'parquet' else 'parquet'}"
        if fmt == "csv":
            flat = df.copy()
            for col in schema.list_columns(name):
                flat[col] = flat[col].map(lambda v: "|".join(map(str, v)))
            flat.to_csv(path, index=False)
        else:
            df.to_parquet(path, index=False)
        # A stale frame in the other format would be read instead of this one.
        other.unlink(missing_ok=True)
        written.append(path)
    return written


def read_frames(folder: str | Path, *, compact: bool = False) -> dict[str, pd.DataFrame]:
    """Frames written by :func:`write_frames`, in their contract dtypes.

    With ``compact``, frames as :func:`analysis.schema.compact` makes them, the category columns
    straight from the Parquet file's dictionaries (what the dashboard holds: the same values in a
    fraction of the memory, and no Python object made per cell on the way).
    """
    folder = Path(folder)
    frames = {}
    for name in schema.FRAMES:
        parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
        if parquet.exists():
            df = _read_parquet(parquet, name, compact=compact)
            for col in schema.list_columns(name):
                df[col] = _lists(df[col], tuple if compact else list)
            frames[name] = schema.compact(name, _fast_frame(name, df)) if compact else _fast_frame(name, df)
            continue
        if csv.exists():
            df = pd.read_csv(csv, dtype=str, keep_default_na=False)
            for col in schema.list_columns(name):
                df[col] = df[col].map(lambda v: v.split("|") if v else [])
            for col, dtype in schema.COLUMNS[name].items():
                if dtype == schema.BOOL and col in df:
                    df[col] = df[col].map({"True": True, "False": False, "": None})
        else:
            df = schema.empty(name)
        frames[name] = schema.compact(name, schema.frame(name, df)) if compact else schema.frame(name, df)
    return frames


# The columns a rebuild reads back from the last build: the ids of the stories step, by the row each is of.
GROUP_COLUMNS = {"articles": ("article_id", "story_id"), "events": ("event_id", "event_group"),
                 "quotes": ("quote_id", "quote_group")}


def read_groups(folder: str | Path) -> dict[str, pd.DataFrame]:
    """The ids of the stories step a store holds (:data:`GROUP_COLUMNS`), read without the rest of the frames.

    A frame missing, or written before stories existed, gives an empty frame of those columns.
    """
    folder = Path(folder)
    out = {}
    for name, cols in GROUP_COLUMNS.items():
        parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
        df = pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
        try:
            if parquet.exists():
                import pyarrow.parquet as pq

                if set(cols) <= set(pq.read_schema(parquet).names):
                    df = pq.read_table(parquet, columns=list(cols)).to_pandas()
            elif csv.exists():
                head = pd.read_csv(csv, nrows=0).columns
                if set(cols) <= set(head):
                    df = pd.read_csv(csv, usecols=list(cols), dtype=str, keep_default_na=False)
        except (OSError, ValueError):
            pass  # an unreadable frame: the step groups those rows afresh
        out[name] = df.fillna("").astype(str)
    return out


def _read_parquet(path: Path, name: str, *, compact: bool = False) -> pd.DataFrame:
    """A Parquet frame with its contract text columns read as dictionaries and turned into shared Python strings
    (several times faster and smaller than a string object per cell for a store of millions of rows), or,
    ``compact``, into category columns (see :func:`read_frames`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = pq.read_schema(path)
    cols = schema.COLUMNS[name]
    texts = [f.name for f in fields if cols.get(f.name) == schema.STR
             and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
    lists = [f.name for f in fields if cols.get(f.name) == schema.LIST
             and (pa.types.is_list(f.type) or pa.types.is_large_list(f.type))]
    categories = [c for c in texts if compact and c in schema.CATEGORIES.get(name, ())]
    shared = [c for c in texts if c not in categories]
    table = pq.read_table(path, read_dictionary=texts)
    rest = table.drop_columns(texts + lists)
    df = rest.to_pandas() if rest.num_columns else pd.DataFrame(index=range(table.num_rows))
    for col in lists:
        df[col] = pd.Series(table.column(col).to_pylist(), dtype=object)
    for col in shared:
        parts = [np.append(np.asarray(chunk.dictionary.to_pylist(), dtype=object), "")[chunk.indices.fill_null(-1)
                                                                                       .to_numpy(zero_copy_only=False)]
                 for chunk in table.column(col).chunks]
        df[col] = pd.Series(np.concatenate(parts) if parts else np.array([], dtype=object), dtype=object)
    for col in categories:
        df[col] = _categorical(table.column(col))
    return df[table.column_names]


def _categorical(column: Any) -> pd.Series:
    """A dictionary-encoded Arrow column as a pandas category column, a missing cell as "" (as in the contract).

    The chunks' dictionaries are unified into one set of categories; codes are the smallest integer type
    that holds them.
    """
    column = column.unify_dictionaries() if column.num_chunks > 1 else column
    if column.num_chunks == 0:
        return pd.Series(pd.Categorical([]), dtype="category")
    categories = pd.Index(column.chunk(0).dictionary.to_pylist(), dtype=object)
    codes = np.concatenate([chunk.indices.fill_null(-1).to_numpy(zero_copy_only=False) for chunk in column.chunks])
    if (codes < 0).any():
        if "" not in categories:
            categories = categories.append(pd.Index([""], dtype=object))
        codes = np.where(codes < 0, categories.get_loc(""), codes)
    return pd.Series(pd.Categorical.from_codes(codes.astype(_code_type(len(categories))), categories), copy=False)


def _code_type(n: int) -> type:
    return np.int8 if n < 2 ** 7 else np.int16 if n < 2 ** 15 else np.int32


def _interned(col: pd.Series) -> pd.Series:
    """A text column as Python strings (the contract's object dtype), one object per distinct value.

    Mentions repeat a few thousand names and labels over millions of rows: sharing the string
    objects keeps a large store's frames several times smaller in memory than a string per cell.
    """
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    values = np.append(np.asarray(uniques, dtype=object), "")  # code -1 (missing) -> ""
    return pd.Series(values[codes], index=col.index, dtype=object)


def _lists(col: pd.Series, kind: type = list) -> pd.Series:
    """Parquet list cells (numpy arrays) as Python lists (or ``kind``); a missing cell is an empty one."""
    return pd.Series([v if type(v) is kind else kind(v.tolist()) if isinstance(v, np.ndarray) else
                      (kind(v) if v is not None else kind()) for v in col], index=col.index, dtype=object)


def _fast_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Contract dtypes by whole-column casts rather than per-cell coercion, so that large stores open fast."""
    cols = schema.COLUMNS[name]
    if not all(c in df.columns for c in cols):
        return schema.frame(name, df)
    for col, dtype in cols.items():
        if dtype == schema.STR:
            if isinstance(df[col].dtype, pd.CategoricalDtype):
                continue  # a compact column (read_frames(compact=True)), already without missing cells
            if df[col].dtype != object or df[col].isna().any():
                df[col] = _interned(df[col])
        elif dtype != schema.LIST and str(df[col].dtype) != dtype:
            df[col] = df[col].astype(dtype)
    extra = [c for c in df.columns if c not in cols]
    return df[list(cols) + extra].reset_index(drop=True)


# ---------------------------------------------------------------- the per-article cache


def pack(rows: dict[str, list[dict[str, Any]]], update: dict[str, Any]) -> bytes:
    """One article's extracted rows and article update as compact bytes (what engines send back)."""
    return zlib.compress(pickle.dumps((rows, update), protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(payload: bytes) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    """The rows and update of :func:`pack`."""
    return pickle.loads(zlib.decompress(payload))


class Cache:
    """``cache.sqlite`` of a store: packed per-article rows by key (article content + pipeline version),
    and the statistical model's parse of each text (so new reference data or extraction code
    re-runs only the cheap part).

    The payloads are pickles: open only stores you built or trust, as with any pickle.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / CACHE_FILE
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        layout = self.db.execute("SELECT value FROM meta WHERE name = 'layout'").fetchone()
        if layout is not None and layout[0] != str(CACHE_LAYOUT):
            for table in TABLES:
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (str(CACHE_LAYOUT),))
        for table in TABLES:
            self.db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, article_id TEXT, payload BLOB)")
        self.db.commit()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def keys(self, table: str = "rows") -> set[str]:
        return {k for (k,) in self.db.execute(f"SELECT key FROM {_table(table)}")}

    def get_many(self, keys: Iterable[str], table: str = "rows") -> Iterator[tuple[str, bytes]]:
        """(key, payload) of those ``keys`` the cache holds."""
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), 500):
            part = wanted[i:i + 500]
            marks = ",".join("?" * len(part))
            yield from self.db.execute(f"SELECT key, payload FROM {_table(table)} WHERE key IN ({marks})", part)

    def put_many(self, items: Iterable[tuple[str, str, bytes]], table: str = "rows") -> int:
        """Store (key, article_id, payload) rows; committed, so an interrupted build keeps what it did."""
        rows = list(items)
        self.db.executemany(f"INSERT OR REPLACE INTO {_table(table)} VALUES (?, ?, ?)", rows)
        self.db.commit()
        return len(rows)

    def keep_only(self, keys: Iterable[str], table: str = "rows") -> int:
        """Drop every entry but ``keys`` (the current corpus under the current pipeline); how many went."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM keep")
        self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keys))
        gone = self.db.execute(f"DELETE FROM {_table(table)} WHERE key NOT IN (SELECT key FROM keep)").rowcount
        self.db.commit()
        return gone


def _table(name: str) -> str:
    if name not in TABLES:
        raise ValueError(f"unknown cache table {name!r}")
    return name


def write_manifest(folder: str | Path, manifest: dict[str, Any]) -> Path:
    """``manifest.json``: the pipeline version and counts of the last build, for people and tools."""
    path = Path(folder) / MANIFEST_FILE
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return path


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The manifest of a store, or an empty dict when it has none."""
    path = Path(folder) / MANIFEST_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
