"""From articles to every frame: spaCy once per article, then the extractors, then corpus-level actors and stories."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import actors, schema, stories
from analysis.extract import Rows
from analysis.settings import Grouping

# ---------------------------------------------------------------- incremental builds


# Modules that never change what an article's rows are: editing them keeps a store's cache valid.
NOT_EXTRACTION = {"__init__.py", "__main__.py", "corpus.py", "engines.py", "filters.py", "settings.py", "store.py",
                  "uploads.py", "export.py", "merge.py", "search.py", "network.py",
                  # the corpus actor step and the analyst's edits read the assembled frames, on every build
                  "actors/corpus.py", "actors/edits.py"}
PACKAGE = Path(__file__).resolve().parent
# Corpus-level packages that read the assembled frames, never an article's rows: they run on every build.
NOT_EXTRACTION_PACKAGES = {"stories"}


def _digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha1()
    for path in sorted(paths):
        h.update(str(path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name).encode())
        h.update(hashlib.sha1(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def pipeline_version(model: str = "", alias_file: str = "") -> dict[str, str]:
    """What an article's rows depend on besides the article: model, spaCy, extraction code, reference data.

    The code part hashes the sources of the extraction modules, so any change to how rows
    are made invalidates the cache without anyone remembering to bump a constant; the data
    part hashes ``analysis/data`` and the user's alias file, which feed Dossier's actor ruler
    and the extractors. ``parse`` is what the statistical model's own output depends on
    (model, spaCy, the loader in ``nlp.py``): a change of data or extraction code keeps it,
    so the model's parse is reused and only the ruler and the extractors run again.
    """
    import spacy

    name, version = model_info(model)
    alias = Path(alias_file) if alias_file else None
    parts = {
        "model": f"{name}-{version}",
        "spacy": spacy.__version__,
        "loader": _digest([PACKAGE / "nlp.py"]),
        "code": _digest(extraction_sources()),
        "data": _digest(p for p in (PACKAGE / "data").rglob("*") if p.is_file() and not p.name.startswith("README")),
        "aliases": _digest([alias]) if alias and alias.is_file() else "",
    }
    parts["parse"] = _hash(parts["model"], parts["spacy"], parts["loader"])
    parts["version"] = _hash(json.dumps(parts, sort_keys=True))
    return parts


def extraction_sources() -> list[Path]:
    """The modules whose code decides an article's rows (the ``code`` part of :func:`pipeline_version`)."""
    return [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix() not in NOT_EXTRACTION
            and p.relative_to(PACKAGE).parts[0] not in NOT_EXTRACTION_PACKAGES]


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def model_info(model: str = "") -> tuple[str, str]:
    """``(lang_name, version)`` of the model Dossier would load, read from its package without loading it."""
    import importlib

    from spacy.util import get_model_meta

    from analysis.nlp import find_model

    package = importlib.import_module(find_model(model))
    meta = get_model_meta(Path(package.__file__).parent)
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}", str(meta.get("version", "?"))


def article_key(article: dict[str, Any], version: str) -> str:
    """Cache key of one article's rows: its text (via the id), the fields extraction reads, the pipeline version."""
    published = article.get("published")
    published = "" if published is None or pd.isna(published) else pd.Timestamp(published).isoformat()
    return "k" + _hash(version, article["article_id"], article.get("title") or "", published)


def parse_key(article: dict[str, Any], parse_version: str) -> str:
    """Cache key of the statistical model's parse of an article's text."""
    return "d" + _hash(parse_version, article["article_id"])


@dataclass
class Build:
    """Frames of a build and what it cost: how many articles were analysed and how many reused from the store."""

    frames: dict[str, pd.DataFrame]
    version: dict[str, str]
    analysed: int = 0  # articles whose rows were extracted by this build
    reused: int = 0  # articles whose rows came from the store
    dropped: int = 0  # cache entries of articles no longer in the corpus (or of an older pipeline)
    parsed: int = 0  # of the analysed, those the statistical model had to parse (no kept parse)
    engine: str = "local"
    seconds: dict[str, float] = field(default_factory=dict)
    grouping: str = ""  # the version of the stories step (stories.version): a store keeps its groups while it holds
    regrouped: bool = True  # False when the previous build's stories and groups were kept and only new rows placed
    reanalysed: tuple[str, ...] = ()  # ids of the articles whose rows this build extracted (not from the store)


def build(articles: pd.DataFrame, *, model: str = "", store: str | Path | None = None, engine: str = "local",
          batch_size: int = 64, n_process: int = 0, alias_file: str = "", keep_docs: bool = True,
          progress: Callable[..., Iterable[Any]] | None = None, grouping: Grouping | None = None) -> Build:
    """Every frame for ``articles``, analysing only what ``store``'s cache does not already hold.

    Without a store every article is analysed. The cache keeps only the current corpus
    under the current pipeline version, so it never grows past one entry per article;
    with ``keep_docs`` it also keeps the model's parse of each text (about 5 kB an article).
    The stories step keeps the stories and groups of the store's last build when it was made by the
    same version of that step (``grouping``'s thresholds and code), placing only new rows.
    """
    from analysis import engines
    from analysis.store import Cache, unpack

    clock = time.perf_counter()
    version = pipeline_version(model, alias_file)
    records = articles[list(engines.RECORD_FIELDS[1:])].to_dict("records")
    keys = [article_key(rec, version["version"]) for rec in records]
    cache = Cache(store) if store is not None else None
    doc_keys = [parse_key(rec, version["parse"]) for rec in records]
    payloads: dict[str, bytes] = dict(cache.get_many(keys)) if cache else {}
    reused = len(set(keys) & payloads.keys())
    missing = [i for i, key in enumerate(keys) if key not in payloads]
    parses = dict(cache.get_many([doc_keys[i] for i in missing], "docs")) if cache and keep_docs else {}
    todo = [engines.record(records[i], keys[i], parses.get(doc_keys[i])) for i in missing]
    doc_key_of = {keys[i]: doc_keys[i] for i in missing}
    seconds = {"lookup": time.perf_counter() - clock}
    clock = time.perf_counter()
    try:
        stream = engines.run(engine, todo, model=model, batch_size=batch_size, n_process=n_process,
                             alias_file=alias_file, keep_docs=keep_docs and cache is not None)
        if progress and todo:
            stream = progress(stream, total=len(todo), desc="analysing", unit="article")
        pending: list[tuple[str, str, bytes]] = []
        pending_docs: list[tuple[str, str, bytes]] = []
        try:
            for key, aid, payload, parsed in stream:
                payloads[key] = payload
                if parsed == engines.RETRY:  # reported but not cached: the next build tries the article again
                    continue
                pending.append((key, aid, payload))
                if parsed is not None:
                    pending_docs.append((doc_key_of[key], aid, parsed))
                if cache and len(pending) >= 200:
                    cache.put_many(pending)
                    cache.put_many(pending_docs, "docs")
                    pending, pending_docs = [], []
        except engines.EngineError:
            raise
        except Exception as exc:  # the engine itself broke: the articles it had not returned are reported, not lost
            for rec in todo:
                if rec["key"] not in payloads:
                    payloads[rec["key"]] = engines.failed(rec, f"not analysed: the {engine} engine failed", exc,
                                                          retry=True)[2]
        if cache:
            cache.put_many(pending)
            cache.put_many(pending_docs, "docs")
        seconds["analyse"] = time.perf_counter() - clock
        clock = time.perf_counter()
        dropped = cache.keep_only(keys) if cache else 0
        if cache:
            cache.keep_only(doc_keys if keep_docs else [], "docs")
    finally:
        if cache:
            cache.close()
    by_id = dict(zip(articles["article_id"], keys, strict=True))

    def rows_of(aid: str) -> tuple[Rows, dict[str, Any]]:
        return unpack(payloads[by_id[aid]])

    grouping = grouping or Grouping()
    grouping_version = stories.version(grouping)
    previous = _previous(store, grouping_version)
    frames = assemble(articles, *_collect(articles, rows_of), ref=actors.reference(alias_file), previous=previous,
                      grouping=grouping, seconds=seconds)
    seconds["assemble"] = time.perf_counter() - clock - seconds.get("stories", 0.0)
    return Build(frames, version, analysed=len(todo), reused=reused, dropped=dropped, engine=engine, seconds=seconds,
                 parsed=sum(1 for rec in todo if not rec["doc"]), grouping=grouping_version,
                 regrouped=previous is None, reanalysed=tuple(articles["article_id"].iloc[missing]))


def _previous(store: str | Path | None, grouping_version: str) -> stories.Previous | None:
    """The ids of the store's last build, when the same version of the stories step made them."""
    if store is None:
        return None
    from analysis.store import read_groups, read_manifest

    if read_manifest(store).get("grouping") != grouping_version:
        return None
    return stories.Previous.of(read_groups(store))


def _collect(articles: pd.DataFrame, rows_of: Callable[[str], tuple[Rows, dict[str, Any]]],
             chunk: int = 2000) -> tuple[Rows, dict[str, dict[str, Any]]]:
    """Per-article rows gathered in article order; the many small rows (mentions, dates) as frames, chunk by chunk.

    Frames hold millions of mentions in a fraction of the memory of the same rows as dicts.
    """
    collected: dict[str, Any] = {name: [] for name in ("events", "quotes", "problems")}
    tables: dict[str, list[pd.DataFrame]] = {"mentions": [], "dates": []}
    buffers: Rows = {"mentions": [], "dates": []}
    updates: dict[str, dict[str, Any]] = {}

    def flush() -> None:
        for name, rows in buffers.items():
            if rows:
                tables[name].append(pd.DataFrame(rows))
            buffers[name] = []

    for i, (aid, path) in enumerate(zip(articles["article_id"], articles["path"], strict=True)):
        rows, update = rows_of(aid)
        for problem in rows.get("problems", []):
            problem["path"] = path  # a cached article may have moved since it was analysed
        for name, found in rows.items():
            (buffers if name in buffers else collected).setdefault(name, []).extend(found)
        if update:
            updates[aid] = update
        if (i + 1) % chunk == 0:
            flush()
    flush()
    for name, parts in tables.items():
        collected[name] = pd.concat(parts, ignore_index=True) if parts else []
    return collected, updates


def assemble(articles: pd.DataFrame, collected: Rows, updates: dict[str, dict[str, Any]], *,
             ref: actors.Reference | None = None, previous: stories.Previous | None = None,
             grouping: Grouping | None = None, seconds: dict[str, float] | None = None) -> dict[str, pd.DataFrame]:
    """Frames from per-article rows: inferred dates applied, actors resolved across the corpus (with ``ref``,
    the reference data and the user's aliases), ids given, then stories, event groups and quote groups
    (:func:`analysis.stories.group`, keeping ``previous``'s ids; its time in ``seconds["stories"]``)."""
    articles = _apply_updates(articles, updates)
    mentions, actor_frame, rename = actors.resolve_corpus(pd.DataFrame(collected["mentions"]), articles, ref=ref)
    ids = dict(zip(actor_frame["actor"], actor_frame["actor_id"], strict=True))

    def canon(name: Any) -> str:
        return rename.get(name, name) if isinstance(name, str) else ""

    quote_rows = collected["quotes"]
    for q in quote_rows:
        q["speaker"] = canon(q.get("speaker"))
        q["speaker_id"] = ids.get(q["speaker"], "") if q["speaker"] else ""
        q["quote_id"] = _row_id("q", q["article_id"], q.get("start"), q.get("end"), q.get("in_title"))
    event_rows = collected["events"]
    for e in event_rows:
        e["subject"] = canon(e.get("subject"))
        e["actors"] = list(dict.fromkeys(canon(a) for a in e.get("actors") or [] if canon(a)))
        e["event_id"] = _row_id("e", e["article_id"], e.get("start"), e.get("end"), e.get("date_text"))
    frames = {
        "articles": articles,
        "mentions": _sorted(schema.frame("mentions", mentions), ["article_id", "start", "end"]),
        "actors": actor_frame,
        "events": _sorted(schema.frame("events", event_rows), ["date_start", "article_id", "sentence", "start"]),
        "quotes": _sorted(schema.frame("quotes", quote_rows), ["article_id", "start"]),
        "dates": _sorted(schema.frame("dates", collected["dates"]), ["article_id", "start"]),
        "problems": schema.frame("problems", collected["problems"]),
    }
    clock = time.perf_counter()
    try:
        frames = stories.group(frames, previous=previous, settings=grouping or Grouping())
    except Exception as exc:  # the grouping is a corpus step: if it breaks, the corpus keeps every other row
        from analysis.problems import failure

        problem = failure({"path": ""}, "stories, merged events and quote groups not made", exc)
        frames["problems"] = schema.frame("problems", [*frames["problems"].to_dict("records"), problem])
        for name in ("articles", "events", "quotes"):  # their new columns, empty
            frames[name] = schema.frame(name, frames[name])
    if seconds is not None:
        seconds["stories"] = time.perf_counter() - clock
    return frames


def _apply_updates(articles: pd.DataFrame, updates: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Article rows with the extraction's updates (inferred dates) applied, column by column."""
    articles = articles.copy()
    if updates:
        table = pd.DataFrame.from_dict(updates, orient="index")
        index = articles["article_id"]
        for col in table.columns:
            values = index.map(table[col])
            hit = index.isin(table.index[table[col].notna()])
            if col not in articles.columns:
                articles[col] = None
            articles[col] = articles[col].where(~hit, values)
    return schema.frame("articles", articles)


def _row_id(prefix: str, *parts: Any) -> str:
    return prefix + hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:15]


def _sorted(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return df.sort_values(by, kind="stable", ignore_index=True) if len(df) else df
