"""Full-text search of titles, article text, event sentences and quotes: SQLite FTS5, Python's own sqlite3.

A query is words, "quoted phrases" and prefixes (``missil*``), all of which must match; a row matches when its
words do, whatever their case or accents, and with English endings stemmed (Porter): ``missile`` finds
"missiles", ``say`` finds "says" (but not "said"), ``oil`` finds "oils" but not "boil", which the old substring
scan did. Results are ranked by BM25 (a title counts twice).

What each row of a frame is searched by (the same columns the substring scan of ``analysis.filters`` reads):
an article by its title and text, an event by its sentence, a quote by its speaker as written and its words.

The index is a SQLite file (``search.sqlite`` beside a store) or a database in memory, and is incremental:
:func:`update_index` adds the articles it does not hold and removes those the frames no longer have, without
touching the rest. A build writes the index with :func:`build_index`; a store that changed calls
:func:`update_index` (see the docstrings). :class:`Searcher` answers a query with a boolean mask per frame over
the rows of the frames it was given, which is what ``analysis.filters`` applies for ``q=``.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

INDEX_FILE = "search.sqlite"  # the index beside a store

TOKENIZER = "porter unicode61 remove_diacritics 2"
VERSION = "2"  # the index's layout: an index of another version is rebuilt, never read
# frame -> (kind number, id column, head column, body column); the kind is the rowid's top bits
KINDS: dict[str, tuple[int, str, str | None, str]] = {
    "articles": (0, "article_id", "title", "text"),
    "events": (1, "event_id", None, "text"),
    "quotes": (2, "quote_id", "speaker_text", "quote"),
}
SHIFT = 40  # rowid = kind << SHIFT | the row's number within its kind
LOW = (1 << SHIFT) - 1
_TOKEN = re.compile(r"[^\W_]", re.UNICODE)  # what unicode61 keeps: letters and digits
_PART = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Query:
    """A query as typed, and what FTS5 is asked: each term quoted, so that no character of the text is syntax."""

    text: str
    fts: str  # "" when nothing in the text can be searched by words (only punctuation): see Searcher.masks
    parts: tuple[str, ...]  # the quoted terms fts joins (every one must match)
    terms: tuple[str, ...]  # words, phrases and prefixes (``missil*``), as typed, for saying and highlighting


def parse(text: str) -> Query:
    """``missile "foreign minister" kim*`` -> ``"missile" "foreign minister" "kim"*``: every term must match.

    A term with no letter or digit ("—", "&") is dropped (FTS5 indexes words only); a hyphenated word is the
    phrase of its parts (``Jong-un`` is "jong un"), as the tokenizer reads the text.
    """
    parts, terms = [], []
    for m in _PART.finditer(text or ""):
        phrase, word = m.group(1), m.group(2)
        raw = " ".join(phrase.split()) if phrase is not None else word
        prefix = phrase is None and raw.endswith("*")
        core = raw.rstrip("*") if prefix else raw
        if not _TOKEN.search(core):
            continue
        parts.append('"' + core.replace('"', '""') + '"' + ("*" if prefix else ""))
        terms.append(core + "*" if prefix else core)
    return Query(text=text, fts=" ".join(parts), parts=tuple(parts), terms=tuple(terms))


@dataclass
class Matches:
    """The rows a query matched: ids per frame, best first (BM25), and the terms, for saying what matched."""

    query: Query
    ids: dict[str, list[str]] = field(default_factory=dict)

    @property
    def terms(self) -> tuple[str, ...]:
        return self.query.terms


def _rows(frames: Mapping[str, pd.DataFrame], article_ids: set[str] | None = None) -> Iterator[tuple[str, int, str, str, str | None, str]]:
    """(frame, number within the frame, item id, article id, head, body) of every searchable row, in frame order;
    only the rows of ``article_ids`` when given."""
    for name, (_, id_col, head_col, body_col) in KINDS.items():
        df = frames.get(name)
        if df is None or not len(df):
            continue
        ids = df[id_col].astype(object).to_numpy()
        arts = df["article_id"].astype(object).to_numpy()
        heads = df[head_col].astype(object).to_numpy() if head_col else np.full(len(df), None, dtype=object)
        bodies = df[body_col].astype(object).to_numpy()
        for i, (item, art, head, body) in enumerate(zip(ids, arts, heads, bodies, strict=True)):
            if article_ids is not None and art not in article_ids:
                continue
            yield (name, i, str(item), str(art), head if isinstance(head, str) else None,
                   body if isinstance(body, str) else "")


def signature(ids: Iterable[str]) -> str:
    """A hash of ids in their order: equal when the frame's rows are the rows the index numbered, in that order."""
    return hashlib.sha1("\n".join(map(str, ids)).encode("utf-8", "surrogatepass")).hexdigest()


class SearchIndex:
    """One FTS5 index: a SQLite file, or a database in memory (``path`` None)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn, self.path = conn, path

    # ------------------------------------------------------------ what it holds

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def article_ids(self) -> set[str]:
        """Every article the index holds rows of."""
        return {r[0] for r in self.conn.execute("SELECT DISTINCT article FROM items")}

    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM items").fetchone()[0]

    # ------------------------------------------------------------ asking

    def rowids(self, query: Query | str) -> np.ndarray:
        """The rowids of every row matching ``query``, unranked (what a filter needs: no BM25, no sort)."""
        q = parse(query) if isinstance(query, str) else query
        if not q.fts:
            return np.zeros(0, dtype=np.int64)
        found = self.conn.execute("SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", (q.fts,)).fetchone()[0]
        return np.array(found.split(","), dtype=np.int64) if found else np.zeros(0, dtype=np.int64)

    def search(self, query: Query | str, *, limit: int | None = None) -> Matches:
        """The ids matching ``query`` per frame, best first by BM25 (at most ``limit`` of all, when given)."""
        q = parse(query) if isinstance(query, str) else query
        out = Matches(query=q, ids={name: [] for name in KINDS})
        if not q.fts:
            return out
        names = {kind: name for name, (kind, *_) in KINDS.items()}
        sql = ("SELECT fts.rowid, items.item FROM fts JOIN items ON items.rowid = fts.rowid "
               "WHERE fts MATCH ? ORDER BY bm25(fts, 2.0, 1.0)" + (" LIMIT ?" if limit else ""))
        for rowid, item in self.conn.execute(sql, (q.fts, limit) if limit else (q.fts,)):
            out.ids[names[rowid >> SHIFT]].append(item)
        return out

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------ changing

    def _add(self, frames: Mapping[str, pd.DataFrame], article_ids: set[str] | None, numbered: bool) -> int:
        """Index the rows of ``frames`` (of ``article_ids`` only, when given). ``numbered``: rowids are the rows'
        numbers within their frames (a fresh index); otherwise each kind continues after its highest rowid."""
        next_low = {}
        for name, (kind, *_) in KINDS.items():
            top = self.conn.execute("SELECT max(rowid) FROM items WHERE rowid BETWEEN ? AND ?",
                                    (kind << SHIFT, (kind << SHIFT) | LOW)).fetchone()[0]
            next_low[name] = 0 if top is None else (top & LOW) + 1
        added = 0

        def rows():
            nonlocal added
            for name, i, item, art, head, body in _rows(frames, article_ids):
                if numbered:
                    low = i
                else:
                    low = next_low[name]
                    next_low[name] += 1
                added += 1
                yield (KINDS[name][0] << SHIFT) | low, item, art, head, body

        batch: list[tuple] = []
        for row in rows():
            batch.append(row)
            if len(batch) >= 20_000:
                self._insert(batch)
                batch = []
        self._insert(batch)
        return added

    def _insert(self, batch: list[tuple]) -> None:
        if not batch:
            return
        # The index keeps no text (a contentless table); what was indexed is kept compressed beside it, since
        # removing a row from a contentless FTS5 table means handing it the very values it was given.
        self.conn.executemany("INSERT INTO items(rowid, item, article, head, body) VALUES (?, ?, ?, ?, ?)",
                              [(*b[:4], zlib.compress(b[4].encode("utf-8", "surrogatepass"), 1)) for b in batch])
        self.conn.executemany("INSERT INTO fts(rowid, head, body) VALUES (?, ?, ?)",
                              [(b[0], b[3], b[4]) for b in batch])

    def _remove(self, article_ids: Iterable[str]) -> int:
        removed = 0
        for art in article_ids:
            rows = self.conn.execute("SELECT rowid, head, body FROM items WHERE article = ?", (art,)).fetchall()
            self.conn.executemany("INSERT INTO fts(fts, rowid, head, body) VALUES ('delete', ?, ?, ?)",
                                  [(r, h, zlib.decompress(b).decode("utf-8", "surrogatepass")) for r, h, b in rows])
            self.conn.execute("DELETE FROM items WHERE article = ?", (art,))
            removed += len(rows)
        return removed

    def _set_layout(self, frames: Mapping[str, pd.DataFrame] | None) -> None:
        """Record that rowids are the rows' numbers in ``frames`` (None: they no longer are)."""
        self.conn.execute("DELETE FROM meta WHERE key LIKE 'layout:%'")
        if frames is not None:
            for name, (_, id_col, *_) in KINDS.items():
                df = frames.get(name)
                ids = df[id_col].astype(object) if df is not None else []
                self.conn.execute("INSERT INTO meta VALUES (?, ?)", (f"layout:{name}", signature(ids)))


def _connect(path: Path | None) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:" if path is None else str(path), check_same_thread=False)
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _create(conn: sqlite3.Connection) -> None:
    conn.executescript(f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE items (rowid INTEGER PRIMARY KEY, item TEXT NOT NULL, article TEXT NOT NULL, head TEXT,
                            body BLOB NOT NULL);
        CREATE INDEX items_article ON items (article);
        CREATE VIRTUAL TABLE fts USING fts5(head, body, content = '', tokenize = '{TOKENIZER}');
        INSERT INTO meta VALUES ('version', '{VERSION}');
    """)


def build_index(frames: Mapping[str, pd.DataFrame], path: str | Path | None = None) -> SearchIndex:
    """A new index of every article, event and quote of ``frames``, at ``path`` (replaced whole: written beside
    it and moved into place, so a reader never sees half an index) or in memory (``path`` None).

    Rowids follow the frames' row order, so a :class:`Searcher` over the same frames maps matches to rows
    without reading the index's ids.
    """
    target = Path(path) if path is not None else None
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp") if target is not None else None
    if tmp is not None and tmp.exists():
        tmp.unlink()
    conn = _connect(tmp)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    _create(conn)
    index = SearchIndex(conn, tmp)
    with conn:
        index._add(frames, None, numbered=True)
        index._set_layout(frames)
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    conn.commit()
    if target is None:
        return index
    conn.close()
    os.replace(tmp, target)
    return open_index(target)


def open_index(path: str | Path) -> SearchIndex | None:
    """The index at ``path``, or None when there is none, or one of another version (to be rebuilt)."""
    path = Path(path)
    if not path.is_file():
        return None
    conn = _connect(path)
    try:
        index = SearchIndex(conn, path)
        if index.meta("version") == VERSION:
            return index
    except sqlite3.DatabaseError:
        pass
    conn.close()
    return None


def update_index(index: SearchIndex | str | Path, frames: Mapping[str, pd.DataFrame], *,
                 reanalysed: Iterable[str] = ()) -> tuple[int, int]:
    """Make the index hold exactly the articles of ``frames``: rows of articles it lacks are added, rows of
    articles the frames no longer have are removed, and the rest is left as it is; articles in ``reanalysed``
    (whose events or quotes changed) are replaced. A path without a (current) index gets a new one.

    Returns (rows added, rows removed). This is what a store calls after writing its frames:
    ``update_index(store / "search.sqlite", frames, reanalysed=ids_parsed_again)``.
    """
    if not isinstance(index, SearchIndex):
        path = Path(index)
        found = open_index(path)
        if found is None:
            built = build_index(frames, path)
            added = len(built)
            built.close()
            return added, 0
        index, own = found, True
    else:
        own = False
    try:
        have = index.article_ids()
        want = {str(a) for a in frames["articles"]["article_id"]}
        again = {str(a) for a in reanalysed} & want & have
        gone, new = (have - want) | again, (want - have) | again
        with index.conn:
            removed = index._remove(sorted(gone))
            added = index._add(frames, new, numbered=False) if new else 0
            if added or removed:
                index._set_layout(None)
        return added, removed
    finally:
        if own:
            index.close()


# ---------------------------------------------------------------- the dashboard's side


class Searcher:
    """An index answering for the rows of one set of frames: a query becomes a boolean mask per frame.

    When the index numbered these very frames (built from them), a match's rowid is its row; otherwise (an
    index updated since, or built from frames in another order) the index's ids are matched to the frames'
    once, on the first query.
    """

    def __init__(self, index: SearchIndex, frames: Mapping[str, pd.DataFrame]) -> None:
        self.index = index
        self._sizes = {name: len(frames[name]) if name in frames else 0 for name in KINDS}
        self._frames = frames
        self._rows: dict[int, np.ndarray] | None = None  # kind -> row of each low rowid (-1: not in the frames)
        self._lock = threading.Lock()  # one Searcher serves every session of a server

    def _row_maps(self) -> dict[int, np.ndarray] | None:
        if self._rows is None:
            layout_ok = all(
                self.index.meta(f"layout:{name}") == signature(
                    self._frames[name][id_col].astype(object) if name in self._frames else [])
                for name, (_, id_col, *_) in KINDS.items())
            self._rows = {} if layout_ok else self._match_ids()
            self._frames = {}  # only the sizes are needed from now on
        return self._rows or None

    def _match_ids(self) -> dict[int, np.ndarray]:
        out = {}
        for name, (kind, id_col, *_) in KINDS.items():
            lows, items = [], []
            for rowid, item in self.index.conn.execute(
                    "SELECT rowid, item FROM items WHERE rowid BETWEEN ? AND ?", (kind << SHIFT, (kind << SHIFT) | LOW)):
                lows.append(rowid & LOW)
                items.append(item)
            rows = np.full(max(lows, default=-1) + 1, -1, dtype=np.int64)
            if lows and name in self._frames:
                ids = pd.Index(self._frames[name][id_col].astype(object), dtype=object)
                if not ids.is_unique:
                    ids = ids.drop_duplicates()  # pragma: no cover - ids are unique by contract
                    pos = pd.Index(self._frames[name][id_col].astype(object)).get_indexer_for(ids)
                    found = ids.get_indexer(pd.Index(items, dtype=object))
                    rows[lows] = np.where(found >= 0, pos[found], -1)
                else:
                    rows[lows] = ids.get_indexer(pd.Index(items, dtype=object))
            out[kind] = rows
        return out

    def masks(self, query: str) -> dict[str, np.ndarray] | None:
        """A boolean mask per searched frame (articles, events, quotes) of the rows matching ``query``; None when
        the query has no word to search for (only punctuation), which the caller answers by a substring scan."""
        q = parse(query)
        if not q.fts:
            return None
        with self._lock:
            found = self.index.rowids(q)
            maps = self._row_maps()
        out = {}
        for name, (kind, *_) in KINDS.items():
            mine = found[(found >> SHIFT) == kind] & LOW
            if maps is not None:
                rows = maps[kind]
                mine = rows[mine[mine < len(rows)]]
                mine = mine[mine >= 0]
            mask = np.zeros(self._sizes[name], dtype=bool)
            mask[mine[mine < len(mask)]] = True
            out[name] = mask
        return out


# ---------------------------------------------------------------- highlighting

_OPEN, _CLOSE = "\ue000", "\ue001"


def highlight(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) character offsets in ``text`` of the words ``query`` matches, as the index matches them
    (stems, prefixes, phrases whole), each term wherever it occurs: an article found by its headline and text
    together shows the terms its text holds."""
    q = parse(query)
    if not q.fts or not text:
        return []
    clean = text.replace(_OPEN, " ").replace(_CLOSE, " ")  # same length: offsets hold
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE one USING fts5(body, tokenize = '{TOKENIZER}')")
        conn.execute("INSERT INTO one(body) VALUES (?)", (clean,))
        row = conn.execute("SELECT highlight(one, 0, ?, ?) FROM one WHERE one MATCH ?", (_OPEN, _CLOSE, " OR ".join(q.parts))).fetchone()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()
    if not row:
        return []
    spans, at, start = [], 0, 0
    for ch in row[0]:
        if ch == _OPEN:
            start = at
        elif ch == _CLOSE:
            spans.append((start, at))
        else:
            at += 1
    return spans
