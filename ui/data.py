"""Loading the corpus once per server and viewing it through a filter, with the caches keyed by small strings.

The spaCy pipeline is loaded once per process by ``analysis.nlp``; an analysis is cached by the corpus content
hash and the model; a filtered view is cached by that key and the (hashable) Filters value. Big frames are passed to
cached functions only as ``_``-prefixed arguments, so Streamlit never hashes them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from analysis import filters as flt
from analysis import schema
from analysis.merge import merge_frames
from analysis.search import INDEX_FILE
from analysis.settings import Settings


@dataclass
class Corpus:
    """Every frame of one analysed corpus, its filter index and what made it."""

    frames: dict[str, pd.DataFrame]
    index: flt.Index
    key: str
    model: str
    label: str  # "seeds" or "store build/"; what the manifest and the overview name
    duplicates: int = 0
    uploads: list[str] = field(default_factory=list)
    store: str = ""  # the store the frames were read from, where the search index lives beside them
    readonly: bool = False

    @cached_property
    def labels(self) -> pd.Series:
        """"Title (Source, date)" by article id, computed once per corpus for the tables of every page."""
        from ui.show import source_label

        return source_label(self.frames["articles"])

    @cached_property
    def _article_position(self) -> dict[str, int]:
        return {aid: i for i, aid in enumerate(self.frames["articles"]["article_id"])}

    def article_rows(self, article_id: str) -> dict[str, pd.DataFrame]:
        """Every frame's rows of one article, found through the filter index (no scan of string columns)."""
        pos = self._article_position.get(article_id, -2)
        out = {"articles": self.frames["articles"].iloc[[pos]] if pos >= 0 else self.frames["articles"].head(0)}
        for name in ("mentions", "events", "quotes", "dates"):
            rows = np.flatnonzero(self.index.article_pos[name] == pos)
            out[name] = self.frames[name].iloc[rows]
        return out


def settings() -> Settings:
    """The dashboard's settings (``st.secrets`` copied into the environment first when ui.config is present)."""
    from ui.config import load_settings

    return load_settings()


def _files(paths: Iterable[str]) -> list[Path]:
    out = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
        elif p.exists():
            out.append(p)
    return out




ALIAS_FILE = "aliases.csv"  # the alias table saved beside a store: read on every run, not part of the store's key


@st.cache_data(ttl=30, show_spinner=False)
def content_key(paths: tuple[str, ...], store: str) -> str:
    """A hash of the corpus content (or of the store's file names, sizes and times): the analysis cache key.

    The files' names, sizes and times are looked at most every 30 seconds, and their bytes read only
    when those change, so a rerun never re-reads the corpus while an edited file is still seen soon.
    """
    h = hashlib.sha1()
    for f in _files([store] if store else paths):
        if store and (f.name.startswith(INDEX_FILE) or f.name == ALIAS_FILE):  # made from the store, not of it
            continue
        stat = f.stat()
        h.update(f"{f}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    if store:
        return "store:" + h.hexdigest()[:16]
    return _content_hash(paths, h.hexdigest())


@st.cache_data(max_entries=8, show_spinner="Checking the corpus…")
def _content_hash(paths: tuple[str, ...], signature: str) -> str:
    h = hashlib.sha1()
    for f in _files(paths):
        h.update(str(f.name).encode() + b"\0")
        with f.open("rb") as fh:
            for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                h.update(chunk)
    return "corpus:" + h.hexdigest()[:16]


def model_name(s: Settings) -> str:
    """The model and its version, without loading spaCy when a built store is shown."""
    if s.store:
        return "store"
    from analysis.pipeline import model_info

    return "-".join(model_info(s.spacy_model))  # read from the model's package: nothing is loaded


@st.cache_resource(show_spinner="Analysing the corpus…", max_entries=4)
def _load(key: str, model: str, readonly: bool, _settings: Settings) -> Corpus:
    if _settings.store:
        from analysis.store import read_frames

        frames = read_frames(_settings.store, compact=True)
        label, duplicates = f"store {Path(_settings.store).name}", 0
    else:
        from analysis import analyze

        result = analyze(_settings.corpus, settings=_settings)
        frames, duplicates = _compact(result.frames()), result.duplicates
        del result
        label = ", ".join(Path(p).name for p in _settings.corpus)
    if readonly:
        frames = public_frames(frames, _settings)
    corpus = Corpus(frames=frames, index=flt.build_index(frames), key=f"{key}|{model}", model=model, label=label,
                    duplicates=duplicates, store=_settings.store or "", readonly=readonly)
    _release_arrow_memory()
    _settle()
    return corpus


def _compact(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frames as the dashboard holds them, repeated text as categories (see ``schema.compact``), so that
    pages see the same dtypes whether the corpus was analysed here or read from a store."""
    return {name: schema.compact(name, df) for name, df in frames.items()}


def _release_arrow_memory() -> None:
    """Give back to the system what Arrow's allocator kept from reading a store (~60 MB at 100,000 articles).

    The frames are pandas objects once read; the Parquet decoding buffers are free but stay resident in
    Arrow's pool until it is asked to return them.
    """
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):  # pragma: no cover - pyarrow without release_unused
        pass


def _settle() -> None:
    """Take what is alive now (the corpus just loaded, the modules, the server) out of Python's cycle collector.

    The collector runs after every page run (Streamlit asks for it) and walks every container object still
    tracked; a corpus's frames and the server's modules are over 100,000 of them, so each run paid tens of
    milliseconds to find nothing. Frozen objects are still freed by reference counting when the corpus is
    replaced (its frames hold no reference cycles); only cyclic garbage among them would be kept.
    """
    import gc

    gc.collect()
    gc.freeze()


def public_frames(frames: dict[str, pd.DataFrame], s: Settings) -> dict[str, pd.DataFrame]:
    """Frames without server paths: only the part below a corpus root, or a base name."""
    from analysis.export import public_paths

    return public_paths(frames, [*s.corpus, s.store])


# Read-only corpora also live outside st.cache_resource: any viewer's websocket can ask the server to clear
# Streamlit's caches, which must not make a hosted link re-analyse its corpus.
_KEPT: dict[tuple[str, str], Corpus] = {}


def load(s: Settings) -> Corpus:
    """The analysed corpus named by the settings, from the per-server cache."""
    key = content_key(tuple(s.corpus), s.store)
    model = model_name(s)
    if not s.readonly:
        return _load(key, model, s.readonly, s)
    if (key, model) not in _KEPT:
        while len(_KEPT) >= 2:
            _KEPT.pop(next(iter(_KEPT)))
        _KEPT[(key, model)] = _load(key, model, True, s)
    return _KEPT[(key, model)]


# ---------------------------------------------------------------- uploads merged into the view


def uploaded() -> list[dict[str, Any]]:
    """This session's uploads: [{"key", "names", "frames", "problems"}], oldest first."""
    return st.session_state.setdefault("dossier_uploads", [])


@st.cache_resource(show_spinner="Merging your uploads…", max_entries=8)
def _merged(key: str, _base: Corpus, _uploads: tuple[dict[str, Any], ...]) -> Corpus:
    frames = _base.frames
    names: list[str] = []
    for up in _uploads:
        frames = merge_frames(frames, up["frames"])
        names.extend(up["names"])
    frames = _compact(frames)
    return Corpus(frames=frames, index=flt.build_index(frames), key=key, model=_base.model, label=_base.label,
                  duplicates=_base.duplicates, uploads=names)


def with_uploads(base: Corpus) -> Corpus:
    """The corpus plus this session's uploads (the base itself when there are none)."""
    ups = uploaded()
    if not ups:
        return base
    key = base.key + "+" + "+".join(u["key"] for u in ups)
    return _merged(key, base, tuple(ups))


# ---------------------------------------------------------------- the viewer's corrections of the actors


TABLE = "dossier_alias_table"  # this session's alias table (a frame of alias, canonical, type, actor)


def curated_path(s: Settings) -> Path | None:
    """The curated alias table: ``DOSSIER_ALIAS_FILE``, else ``aliases.csv`` saved beside the store."""
    if s.alias_file:
        return Path(s.alias_file)
    beside = Path(s.store) / ALIAS_FILE if s.store else None
    return beside if beside is not None and beside.is_file() else None


def curated_rows(s: Settings) -> list[Any]:
    """The curated alias table's rows (empty when there is none); a bad file says so and applies nothing."""
    from analysis.actors.reference import read_alias_table
    from analysis.settings import SettingsError

    path = curated_path(s)
    if path is None:
        return []
    try:
        return read_alias_table(path)
    except SettingsError as exc:
        st.warning(f"The alias table {path.name} is not applied: {exc}.")
        return []


def alias_table(s: Settings) -> pd.DataFrame:
    """This session's alias table as the editor shows it: the curated one until the viewer edits it (read-only: always
    the curated one)."""
    from analysis.actors.edits import table_frame

    if s.readonly or TABLE not in st.session_state:
        table = table_frame(curated_rows(s))
        if s.readonly:
            return table
        st.session_state[TABLE] = table
    return st.session_state[TABLE]


def table_rows(table: pd.DataFrame) -> tuple[list[Any], list[str]]:
    """The rows of an edited table that can apply, and a sentence for each one that cannot (left half-filled)."""
    from analysis.actors.reference import alias_rows
    from analysis.settings import SettingsError

    rows, problems = [], []
    for i, rec in enumerate(table.fillna("").to_dict("records"), start=1):
        try:
            rows += alias_rows([rec])
        except SettingsError:
            problems.append(f"row {i} ({rec.get('alias') or 'no alias'}) needs an alias, a canonical name (unless "
                            "its type is not_actor) and a known type")
    return rows, problems


_EDITED: dict[str, Corpus] = {}  # read-only: the curated table applied, outside Streamlit's cache (as _KEPT)


def _apply(key: str, base: Corpus, rows: tuple[Any, ...]) -> Corpus:
    from analysis.actors.edits import apply_edits

    frames = apply_edits(base.frames, rows)
    return Corpus(frames=frames, index=flt.build_index(frames), key=key, model=base.model, label=base.label,
                  duplicates=base.duplicates, uploads=base.uploads, store=base.store, readonly=base.readonly)


# Two at a time (the table now and the one before): each holds its own copies of the columns an edit changes and
# a filter index, a few hundred MB at 100,000 articles.
@st.cache_resource(show_spinner="Applying your corrections to the actors…", max_entries=2)
def _edited(key: str, _base: Corpus, _rows: tuple[Any, ...]) -> Corpus:
    return _apply(key, _base, _rows)


def with_edits(base: Corpus, rows: list[Any]) -> Corpus:
    """The corpus with the alias table applied (``analysis.actors.edits``): the base itself when it is empty."""
    if not rows:
        return base
    from analysis.actors.edits import table_csv

    key = base.key + "~" + hashlib.sha1(table_csv(rows).encode()).hexdigest()[:12]
    if not base.readonly:
        return _edited(key, base, tuple(rows))
    if key not in _EDITED:
        while len(_EDITED) >= 2:
            _EDITED.pop(next(iter(_EDITED)))
        _EDITED[key] = _apply(key, base, tuple(rows))
    return _EDITED[key]


# ---------------------------------------------------------------- full-text search


@st.cache_resource(max_entries=2, show_spinner="Indexing the corpus for search (once per corpus)…")
def _searcher(key: str, _corpus: Corpus) -> Any:
    from analysis.search import Searcher

    return Searcher(search_index(_corpus), _corpus.frames)


def search_index(corpus: Corpus) -> Any:
    """The corpus's full-text index (``analysis.search``): ``search.sqlite`` beside a store, brought up to date
    incrementally (or made there, once, when there is none); in memory for a corpus analysed here or merged with
    uploads. A read-only server never writes beside its store: a stale index is rebuilt in a temporary folder."""
    from analysis.search import build_index, open_index, update_index

    frames = corpus.frames
    if not corpus.store or corpus.uploads:
        return build_index(frames)
    path = Path(corpus.store) / INDEX_FILE
    index = open_index(path)
    if index is not None and not corpus.readonly:
        update_index(index, frames)
        return index
    if index is not None and index.article_ids() == set(frames["articles"]["article_id"].astype(object)):
        return index
    if not corpus.readonly:
        try:
            return build_index(frames, path)
        except OSError:  # a store folder the server cannot write
            pass
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"dossier-search-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    return build_index(frames, folder / f"{hashlib.sha1(corpus.key.encode()).hexdigest()[:16]}.sqlite")


def searcher(corpus: Corpus) -> Any:
    """What answers ``q=`` for this corpus (``analysis.search.Searcher``), made on the first search."""
    return _searcher(corpus.key, corpus)


# One view at a time: a view of a big corpus holds copies of its frames (~300 MB of row pointers at 100,000
# articles when a filter keeps most rows), and the view being replaced is dropped before the new one fills.
@st.cache_resource(max_entries=1, show_spinner=False)
def _view(key: str, filters: flt.Filters, _corpus: Corpus) -> dict[str, pd.DataFrame]:
    return flt.apply(_corpus.frames, filters, _corpus.index, search=searcher(_corpus) if filters.q else None)


_latest: dict[str, Any] = {}  # the view handed out last, released when another replaces it


def view(corpus: Corpus, filters: flt.Filters) -> dict[str, pd.DataFrame]:
    """The frames as ``filters`` sees them; cached by corpus key and filter value, never by frame content.

    The view handed out before is released when another replaces it: the previous page run's names
    (and its download buttons) would otherwise keep its filtered copies alive while the new one fills.
    """
    out = corpus.frames if filters.empty else _view(corpus.key, filters, corpus)
    previous = _latest.get("view")
    if previous is not None and previous is not out and hasattr(previous, "release"):
        previous.release()
    _latest["view"] = out
    return out


def drop_previous_downloads() -> None:
    """Free the previous run's download buttons, and the filtered frames they hold, before this run builds new ones.

    A download's data is a callable (made only when clicked) that holds its frame, and through the page's
    functions every frame that page run read. Streamlit drops such callables when the run *after* theirs
    ends, so at 100,000 articles the previous view (hundreds of MB) would live beside the new one for a
    whole run. A full rerun starts by releasing this session's references to them; collecting now, rather
    than at the end, frees what no session displays any more. Download buttons therefore do not rerun the
    app when clicked (``on_click="ignore"``): a click that started a run would find its data gone. A click
    on an old button while a run started by something else is under way finds nothing either; the button
    is about to be replaced.
    """
    import gc

    from streamlit import runtime

    if runtime.exists():
        runtime.get_instance().media_file_mgr.remove_orphaned_files()
        gc.collect()  # a page's functions and its globals form cycles: refcounts alone do not free them


@st.cache_resource(max_entries=16, show_spinner=False)
def _memo(key: str, filters: flt.Filters) -> dict[str, Any]:
    return {}


def memo(corpus: Corpus, filters: flt.Filters, name: str, make: Callable[[], Any]) -> Any:
    """An aggregate of a view (counts per actor, a figure), computed once per corpus, filter and ``name``."""
    store = _memo(corpus.key, filters)
    if name not in store:
        store[name] = make()
    return store[name]


def analyse_upload(files: list[tuple[str, bytes]], s: Settings,
                   progress: Callable[..., Iterable[Any]] | None = None) -> dict[str, Any]:
    """Read and analyse uploaded files; the upload record kept in the session."""
    from analysis import analyze_records
    from analysis.uploads import read_uploads

    records, problems = read_uploads(files, s)
    result = analyze_records(records, problems, settings=s, progress=progress)
    key = hashlib.sha1(b"".join(hashlib.sha1(d).digest() for _, d in files)).hexdigest()[:12]
    return {"key": key, "names": [n for n, _ in files], "frames": result.frames(),
            "problems": result.problems, "articles": len(result.articles)}
