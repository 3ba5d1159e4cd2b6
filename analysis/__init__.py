"""Dossier's analysis: news files in, the frames of SCHEMA.md out. Pure Python, no Streamlit."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import schema
from analysis.settings import Settings

__all__ = ["Analysis", "analyze", "analyze_records"]


@dataclass
class Analysis:
    """The frames of SCHEMA.md for one corpus, plus how it was made."""

    articles: pd.DataFrame = field(default_factory=lambda: schema.empty("articles"))
    mentions: pd.DataFrame = field(default_factory=lambda: schema.empty("mentions"))
    actors: pd.DataFrame = field(default_factory=lambda: schema.empty("actors"))
    events: pd.DataFrame = field(default_factory=lambda: schema.empty("events"))
    quotes: pd.DataFrame = field(default_factory=lambda: schema.empty("quotes"))
    dates: pd.DataFrame = field(default_factory=lambda: schema.empty("dates"))
    problems: pd.DataFrame = field(default_factory=lambda: schema.empty("problems"))
    stories: pd.DataFrame = field(default_factory=lambda: schema.empty("stories"))
    event_groups: pd.DataFrame = field(default_factory=lambda: schema.empty("event_groups"))
    duplicates: int = 0
    model: str = ""
    analysed: int = 0  # articles whose rows this build extracted
    parsed: int = 0  # of those, the ones the statistical model parsed (the rest had a parse kept in the store)
    reused: int = 0  # articles whose rows came from the store's cache
    version: str = ""  # the pipeline version the rows were made with (see pipeline.pipeline_version)
    version_parts: dict[str, str] = field(default_factory=dict)  # model, spacy, code, data and alias hashes
    seconds: dict[str, float] = field(default_factory=dict)  # where the build's time went
    grouping: str = ""  # the version of the stories step that grouped the articles (analysis.stories.version)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every frame by its SCHEMA name."""
        return {name: getattr(self, name) for name in schema.FRAMES}


def analyze(paths: Iterable[str | Path], *, reference_date: Any = None, settings: Settings | None = None,
            progress: Callable[..., Iterable[Any]] | None = None, store: str | Path | None = None,
            store_format: str = "parquet", engine: str = "local", keep_docs: bool = True) -> Analysis:
    """Read ``paths`` (files, folders or a mix) and extract every frame of SCHEMA.md.

    ``reference_date`` stands in for the publication date of articles that have none in
    their metadata, before any inference from the text. With ``store`` (a folder) the
    frames are written there and articles it already analysed are reused rather than
    re-analysed; ``engine`` is ``local`` (this machine) or ``ray`` (a Ray cluster);
    ``keep_docs`` also keeps the model's parse of each text in the store, so that new
    reference data or extraction code re-runs only the cheap part.
    """
    from analysis import corpus

    settings = settings or Settings.from_env()
    clock = time.perf_counter()
    reading = corpus.read_paths(paths, max_file_mb=settings.max_file_mb, progress=progress)
    read = time.perf_counter() - clock
    result = analyze_records(reading.records, reading.problems, reference_date=reference_date, settings=settings,
                             progress=progress, store=store, store_format=store_format, engine=engine,
                             keep_docs=keep_docs)
    result.seconds = {"read": read, **result.seconds}
    return result


def analyze_records(records: list[dict[str, Any]], problems: list[dict[str, str]] | None = None, *,
                    reference_date: Any = None, settings: Settings | None = None,
                    progress: Callable[..., Iterable[Any]] | None = None, store: str | Path | None = None,
                    store_format: str = "parquet", engine: str = "local", keep_docs: bool = True) -> Analysis:
    """Every frame for article records already read (from files, uploads or an API); see :func:`analyze`."""
    from analysis import corpus, pipeline
    from analysis.problems import worst_first

    settings = settings or Settings.from_env()
    articles, duplicates = corpus.articles_frame(records)
    if reference_date is not None:
        missing = articles["published"].isna()
        articles.loc[missing, "published"] = pd.Timestamp(reference_date).normalize()
    problem_frame = schema.frame("problems", problems or [])
    reanalysed: tuple[str, ...] = ()
    if articles.empty:
        result = Analysis(problems=worst_first(problem_frame), duplicates=duplicates)
    else:
        built = pipeline.build(articles, model=settings.spacy_model, store=store, engine=engine,
                               batch_size=settings.batch_size, n_process=settings.n_process,
                               alias_file=settings.alias_file, keep_docs=keep_docs, progress=progress)
        frames = built.frames
        reanalysed = built.reanalysed
        frames["problems"] = worst_first(pd.concat([problem_frame, frames["problems"]], ignore_index=True))
        result = Analysis(**frames, duplicates=duplicates, model=built.version["model"], analysed=built.analysed,
                          parsed=built.parsed, reused=built.reused, version=built.version["version"],
                          version_parts=built.version, seconds=built.seconds, grouping=built.grouping)
    if store is not None:
        from analysis.store import write_frames, write_manifest

        clock = time.perf_counter()
        write_frames(result.frames(), store, store_format)
        result.seconds["write"] = time.perf_counter() - clock
        clock = time.perf_counter()
        from analysis.search import INDEX_FILE, update_index

        update_index(Path(store) / INDEX_FILE, result.frames(), reanalysed=reanalysed)  # the search box's index
        result.seconds["index"] = time.perf_counter() - clock
        write_manifest(store, {"pipeline": result.version_parts, "model": result.model, "engine": engine,
                               "articles": len(result.articles), "analysed": result.analysed, "parsed": result.parsed,
                               "reused": result.reused, "grouping": result.grouping, "stories": len(result.stories),
                               "format": store_format, "built": pd.Timestamp.now(tz="UTC").isoformat()})
    return result
