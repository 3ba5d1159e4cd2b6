"""Where the per-article analysis runs: in this process, in a pool of local processes, or on Ray Data.

Every engine maps article records to :data:`Result` tuples whose payload is
:func:`analysis.store.pack` of that article's extracted rows. Workers load the spaCy model
once and send rows back, never Doc objects (the local engine adds the parse as compact
DocBin bytes for the store to keep), so the main process only writes the cache and runs the
cheap corpus-level assembly. Ray is imported only by :func:`run_ray`.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pandas as pd

ENGINES = ("local", "ray")
# (rows key, article_id, packed rows, the model's Doc as bytes when it was parsed here and is to be kept, else None)
Result = tuple[str, str, bytes, bytes | None]
# Fields of an article that the per-article analysis reads; the key covers every one but path.
RECORD_FIELDS = ("key", "article_id", "title", "published", "path", "text")


class EngineError(RuntimeError):
    """The engine cannot run here; the message says what to install or change."""


def cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def record(article: dict[str, Any], key: str, doc: bytes | None = None) -> dict[str, Any]:
    """The part of an article row a worker needs, with a missing date as None (not NaT).

    ``doc`` is the statistical model's parse of the text from an earlier build, when the
    store holds one: then only Dossier's own components and the extractors run again.
    """
    published = article.get("published")
    published = None if published is None or pd.isna(published) else pd.Timestamp(published)
    return {"key": key, "article_id": article["article_id"], "title": article.get("title") or "",
            "published": published, "path": article.get("path") or "", "text": article["text"], "doc": doc}


class ArticleAnalyser:
    """Loads the model once; turns a batch of article records into packed rows.

    The statistical components run on new texts only; Dossier's components (reference-data
    ruler) and the extractors run on every article, from a kept parse when there is one.
    """

    def __init__(self, model: str = "", batch_size: int = 64, alias_file: str = "", keep_docs: bool = True):
        from analysis.nlp import load_pipeline

        self.nlp = load_pipeline(model, alias_file=alias_file)
        self.batch_size = batch_size
        self.own = _dossier_components(self.nlp)
        names = self.nlp.pipe_names
        model_parts = [names.index(n) for n in names if n not in self.own]
        # A kept parse stands for the model's output only when Dossier's components all run after the model's.
        self.parses_usable = all(names.index(n) > max(model_parts, default=-1) for n in self.own)
        self.keep_docs = keep_docs and self.parses_usable
        if not self.parses_usable:
            self.own = []

    def analyse(self, records: Iterable[dict[str, Any]]) -> Iterator[Result]:
        records = list(records)
        if not self.parses_usable:
            records = [{**rec, "doc": None} for rec in records]
        parsed = [rec for rec in records if not rec.get("doc")]
        pairs = ((rec["text"], rec) for rec in parsed)
        for doc, rec in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, disable=self.own):
            yield self._finish(doc, rec, doc_to_bytes(doc) if self.keep_docs else None)
        for rec in records:
            if rec.get("doc"):
                yield self._finish(doc_from_bytes(rec["doc"], self.nlp.vocab), rec, None)

    def _finish(self, doc: Any, rec: dict[str, Any], kept: bytes | None) -> Result:
        from analysis.pipeline import extract_doc
        from analysis.store import pack

        for name in self.own:
            doc = self.nlp.get_pipe(name)(doc)
        rows, update = extract_doc(doc, rec, self.nlp)
        return rec["key"], rec["article_id"], pack(rows, update), kept


def _dossier_components(nlp: Any) -> list[str]:
    from analysis import nlp as nlp_module

    names = getattr(nlp_module, "dossier_component_names", None)
    return list(names(nlp)) if names else []


def doc_to_bytes(doc: Any) -> bytes:
    """The statistical model's annotations of a Doc, compact (no tensor), as :class:`DocBin` bytes."""
    from spacy.tokens import DocBin

    return DocBin(docs=[doc]).to_bytes()


def doc_from_bytes(data: bytes, vocab: Any) -> Any:
    from spacy.tokens import DocBin

    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))


# ---------------------------------------------------------------- local: this process or a process pool

_worker: ArticleAnalyser | None = None


def _init_worker(model: str, batch_size: int, alias_file: str, keep_docs: bool) -> None:
    global _worker
    if alias_file:  # the extractors read the setting too
        os.environ["DOSSIER_ALIAS_FILE"] = alias_file
    _worker = ArticleAnalyser(model, batch_size, alias_file, keep_docs)


def _work(records: list[dict[str, Any]]) -> list[Result]:
    assert _worker is not None
    return list(_worker.analyse(records))


def workers_for(n_articles: float, n_process: int, batch_size: int) -> int:
    """How many processes are worth starting (each costs seconds to start): each should get a few batches."""
    wanted = n_process if n_process > 0 else cores()
    return max(1, min(wanted, math.ceil(n_articles / (4 * batch_size))))


# Re-extracting from a kept parse costs about this share of parsing (ruler, extractors, deserialising).
KEPT_PARSE_COST = 0.25


def run_local(records: list[dict[str, Any]], *, model: str = "", batch_size: int = 64, n_process: int = 0,
              alias_file: str = "", keep_docs: bool = True) -> Iterator[Result]:
    """Analyse ``records`` here (one worker) or in a pool of processes (``n_process`` 0 = every core)."""
    if not records:
        return
    work = sum(KEPT_PARSE_COST if r.get("doc") else 1.0 for r in records)
    n = workers_for(work, n_process, batch_size) if _can_spawn() else 1
    if n == 1:
        yield from ArticleAnalyser(model, batch_size, alias_file, keep_docs).analyse(records)
        return
    # Small enough that no worker is left with a long last chunk while the others idle.
    size = max(4, min(batch_size, math.ceil(len(records) / (8 * n))))
    chunks = [records[i:i + size] for i in range(0, len(records), size)]
    done = 0
    # spawn, not fork: the parent may hold threads (Arrow, SQLite) that a forked child would inherit locked.
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(n, mp_context=ctx, initializer=_init_worker,
                                 initargs=(model, batch_size, alias_file, keep_docs)) as pool:
            for results in pool.map(_work, chunks):
                done += 1
                yield from results
    except BrokenProcessPool:  # a worker could not start or died: finish here rather than fail the build
        rest = [rec for chunk in chunks[done:] for rec in chunk]
        yield from ArticleAnalyser(model, batch_size, alias_file, keep_docs).analyse(rest)


def _can_spawn() -> bool:
    """Whether spawned workers can re-import the main program (not so for code typed into ``python -``)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or Path(path).is_file()


# ---------------------------------------------------------------- Ray Data


class RayAnalyser(ArticleAnalyser):
    """The callable class Ray Data's ``map_batches`` runs: one model per actor, a pandas batch in and out.

    The user's alias file travels as text, since a cluster node may not see the driver's files.
    """

    def __init__(self, model: str = "", batch_size: int = 64, alias_csv: str = ""):
        alias_file = ""
        if alias_csv:
            import tempfile

            with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as fh:
                fh.write(alias_csv)
            alias_file = os.environ["DOSSIER_ALIAS_FILE"] = fh.name
        super().__init__(model, batch_size, alias_file, keep_docs=False)

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        records = [_from_wire(rec) for rec in batch.to_dict("records")]
        keys, ids, payloads = [], [], []
        for key, aid, payload, _ in self.analyse(records):
            keys.append(key)
            ids.append(aid)
            payloads.append(payload)
        return pd.DataFrame({"key": keys, "article_id": ids, "payload": payloads})


def _to_wire(rec: dict[str, Any]) -> dict[str, Any]:
    return {**rec, "published": rec["published"].isoformat() if rec["published"] is not None else "",
            "doc": rec.get("doc") or b""}


def _from_wire(rec: dict[str, Any]) -> dict[str, Any]:
    published = rec.get("published") or ""
    return {**rec, "published": pd.Timestamp(published) if published else None}


def ray_runtime_env() -> dict[str, Any]:
    """The job's runtime environment: this very package travels with it, so workers on any node run the
    driver's code (spaCy and the model must be installed there: requirements.txt)."""
    return {"py_modules": [str(Path(__file__).resolve().parent)]}


def run_ray(records: list[dict[str, Any]], *, model: str = "", batch_size: int = 64, concurrency: int = 0,
            alias_file: str = "", keep_docs: bool = False) -> Iterator[Result]:
    """Analyse ``records`` on Ray Data: the connected cluster, or a local Ray started here.

    ``ray.init()`` joins the cluster named by ``RAY_ADDRESS`` when it is set, else starts Ray on
    this machine (a caller that starts Ray itself passes :func:`ray_runtime_env`). ``concurrency``
    0 runs one model-holding actor per cluster CPU. Workers send rows back, never parses, so
    ``keep_docs`` is ignored.
    """
    try:
        import ray
    except ImportError as exc:
        raise EngineError("--engine ray needs Ray: pip install -r requirements-ray.txt") from exc
    if not records:
        return
    if not ray.is_initialized():
        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False, runtime_env=ray_runtime_env())
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # Dossier's own progress bar counts the articles coming back
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    actors = concurrency or max(1, min(cpus, math.ceil(len(records) / batch_size)))
    blocks = max(actors, math.ceil(len(records) / batch_size))
    ds = ray.data.from_items([_to_wire(r) for r in records], override_num_blocks=blocks)
    alias_csv = Path(alias_file).read_text(encoding="utf-8") if alias_file else ""
    ds = ds.map_batches(RayAnalyser, fn_constructor_kwargs={"model": model, "batch_size": batch_size,
                                                            "alias_csv": alias_csv},
                        batch_size=batch_size, batch_format="pandas", num_cpus=1,
                        compute=ray.data.ActorPoolStrategy(size=actors))
    for batch in ds.iter_batches(batch_format="pandas", batch_size=None):
        for key, aid, payload in zip(batch["key"], batch["article_id"], batch["payload"], strict=True):
            yield key, aid, payload, None


def run(engine: str, records: list[dict[str, Any]], **kw: Any) -> Iterator[Result]:
    """Dispatch to the named engine."""
    if engine == "local":
        return run_local(records, **kw)
    if engine == "ray":
        kw.pop("n_process", None)
        return run_ray(records, **kw)
    raise EngineError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
