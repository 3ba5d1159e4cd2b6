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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
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
        from analysis.actors import reference
        from analysis.nlp import load_pipeline

        self.nlp = load_pipeline(model, alias_file=alias_file)
        self.ref = reference(alias_file)
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
        """A result for every record, in batches; an article that makes spaCy fail costs only itself."""
        records = list(records)
        if not self.parses_usable:
            records = [{**rec, "doc": None} for rec in records]
        kept: list[tuple[dict[str, Any], Any]] = []
        fresh = []
        for rec in records:
            doc = self._kept_parse(rec)
            if doc is None:
                fresh.append(rec)
            else:
                kept.append((rec, doc))
        for i in range(0, len(fresh), self.batch_size):
            yield from self._parse_batch(fresh[i:i + self.batch_size])
        for rec, doc in kept:
            yield self._finish(doc, rec, None)

    def _kept_parse(self, rec: dict[str, Any]) -> Any:
        """The parse the store kept for this article, or None (none kept, or it no longer loads: parse anew)."""
        if not rec.get("doc"):
            return None
        try:
            return doc_from_bytes(rec["doc"], self.nlp.vocab)
        except Exception:
            return None

    def _parse_batch(self, batch: list[dict[str, Any]]) -> Iterator[Result]:
        from analysis import long_texts

        short = [rec for rec in batch if not long_texts.is_long(rec["text"], self.nlp)]
        try:
            pairs = ((rec["text"], rec) for rec in short)
            docs = list(self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, disable=self.own))
        except Exception:  # one of the batch makes the model fail: find which, one article at a time
            docs = None
        if docs is not None:
            for doc, rec in docs:
                yield self._finish(doc, rec, self._keep(doc))
        done = {id(rec) for rec in short} if docs is not None else set()
        for rec in (rec for rec in batch if id(rec) not in done):
            try:
                if long_texts.is_long(rec["text"], self.nlp):
                    doc = long_texts.parse(self.nlp, rec["text"], disable=self.own)
                else:
                    doc = self.nlp(rec["text"], disable=self.own)
            except Exception as exc:
                yield failed(rec, "not analysed: the language model failed", exc)
                continue
            yield self._finish(doc, rec, self._keep(doc))

    def _keep(self, doc: Any) -> bytes | None:
        return doc_to_bytes(doc) if self.keep_docs else None

    def _finish(self, doc: Any, rec: dict[str, Any], kept: bytes | None) -> Result:
        from analysis.extract import extract_doc
        from analysis.problems import failure
        from analysis.store import pack

        try:
            for name in self.own:
                doc = self.nlp.get_pipe(name)(doc)
        except Exception as exc:  # without Dossier's ruler the model's own entities still make rows
            rows, update = extract_doc(doc, rec, self.nlp, ref=self.ref)
            rows["problems"].insert(0, failure(rec, "reference names not matched", exc))
        else:
            rows, update = extract_doc(doc, rec, self.nlp, ref=self.ref)
        return rec["key"], rec["article_id"], pack(rows, update), kept


# The Result's last field for an article that was not analysed because its worker died: its problem row is
# reported but not cached, so that the next build tries the article again.
RETRY = b""


def failed(rec: dict[str, Any], what: str, exc: BaseException, retry: bool = False) -> Result:
    """The result of an article the analysis could not finish: no rows but its ``problems`` row."""
    from analysis.problems import failure
    from analysis.store import pack

    return rec["key"], rec["article_id"], pack({"problems": [failure(rec, what, exc)]}, {}), RETRY if retry else None


def _dossier_components(nlp: Any) -> list[str]:
    from analysis.nlp import dossier_component_names

    return dossier_component_names(nlp)


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
    yield from pooled(chunks, n, initargs=(model, batch_size, alias_file, keep_docs))


def pooled(chunks: list[list[dict[str, Any]]], n: int, *, initargs: tuple[Any, ...],
           initializer: Callable[..., None] | None = None, work: Callable[[list[dict[str, Any]]], list[Result]] | None = None,
           fallback: Callable[[list[dict[str, Any]]], Iterator[Result]] | None = None) -> Iterator[Result]:
    """Results of ``chunks`` of records from ``n`` worker processes; a worker that dies costs only its articles.

    The chunks a dead worker held are tried again one article at a time, and an article whose worker dies
    again is tried alone: if it still kills its worker (a crash, no memory), it gets a ``problems`` row and
    the build goes on. When workers cannot start at all, the articles are analysed in this process
    (``fallback``). ``initializer``, ``work`` and ``fallback`` default to loading the model and analysing.
    """
    initializer = initializer or _init_worker
    work = work or _work
    if fallback is None:
        def fallback(rest: list[dict[str, Any]]) -> Iterator[Result]:
            return ArticleAnalyser(*initargs).analyse(rest)

    # spawn, not fork: the parent may hold threads (Arrow, SQLite) that a forked child would inherit locked.
    ctx = multiprocessing.get_context("spawn")

    def pool(size: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(size, mp_context=ctx, initializer=initializer, initargs=initargs)

    left: list[dict[str, Any]] = []
    finished = 0
    with pool(n) as executor:
        futures: dict[Future[list[Result]], list[dict[str, Any]]] = {}
        try:
            for chunk in chunks:
                futures[executor.submit(work, chunk)] = chunk
        except BrokenProcessPool:  # a worker died before every chunk was handed out
            left.extend(rec for chunk in chunks[len(futures):] for rec in chunk)
        for future in as_completed(futures):
            try:
                results = future.result()
            except BrokenProcessPool:
                left.extend(futures[future])
                continue
            finished += 1
            yield from results
    if not left:
        return
    if not finished:  # no worker ever answered: they cannot start here, so finish in this process
        yield from fallback(left)
        return
    suspects = yield from _one_at_a_time(left, n, pool, work)
    for rec in suspects:
        alone = yield from _one_at_a_time([rec], 1, pool, work)
        if alone:
            yield failed(rec, "not analysed: its worker process died (out of memory or a crash)",
                         BrokenProcessPool("worker died twice"), retry=True)


def _one_at_a_time(records: list[dict[str, Any]], n: int, pool: Callable[[int], ProcessPoolExecutor],
                   work: Callable[[list[dict[str, Any]]], list[Result]]) -> Iterator[Result]:
    """Results of ``records``, one article per task and at most ``n`` under way, in fresh pools as workers die.

    Returns (as the generator's value) the articles that were under way when a worker died.
    """
    queue = deque(records)
    suspects: list[dict[str, Any]] = []
    while queue:
        under_way: dict[Future[list[Result]], dict[str, Any]] = {}
        try:
            with pool(n) as executor:
                while queue or under_way:
                    while queue and len(under_way) < n:
                        future = executor.submit(work, [queue[0]])  # raises when broken: the article stays queued
                        under_way[future] = queue.popleft()
                    done, _ = wait(under_way, return_when=FIRST_COMPLETED)
                    for future in done:
                        results = future.result()
                        del under_way[future]
                        yield from results
        except BrokenProcessPool:
            suspects.extend(under_way.values())
    return suspects


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
            alias_file = fh.name
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
