"""Dossier's analysis: news files in, the frames of SCHEMA.md out. Pure Python, no Streamlit."""

from __future__ import annotations

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
    duplicates: int = 0
    model: str = ""

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every frame by its SCHEMA name."""
        return {name: getattr(self, name) for name in schema.FRAMES}


def analyze(paths: Iterable[str | Path], *, reference_date: Any = None, settings: Settings | None = None,
            progress: Callable[..., Iterable[Any]] | None = None) -> Analysis:
    """Read ``paths`` (files, folders or a mix) and extract every frame of SCHEMA.md.

    ``reference_date`` stands in for the publication date of articles that have none in
    their metadata, before any inference from the text.
    """
    from analysis import corpus

    settings = settings or Settings.from_env()
    reading = corpus.read_paths(paths, max_file_mb=settings.max_file_mb, progress=progress)
    return analyze_records(reading.records, reading.problems, reference_date=reference_date, settings=settings,
                           progress=progress)


def analyze_records(records: list[dict[str, Any]], problems: list[dict[str, str]] | None = None, *,
                    reference_date: Any = None, settings: Settings | None = None,
                    progress: Callable[..., Iterable[Any]] | None = None) -> Analysis:
    """Every frame for article records already read (from files, uploads or an API)."""
    from analysis import corpus, nlp, pipeline

    settings = settings or Settings.from_env()
    articles, duplicates = corpus.articles_frame(records)
    if reference_date is not None:
        missing = articles["published"].isna()
        articles.loc[missing, "published"] = pd.Timestamp(reference_date).normalize()
    problem_frame = schema.frame("problems", problems or [])
    if articles.empty:
        return Analysis(problems=problem_frame, duplicates=duplicates)
    language = nlp.load_pipeline(settings.spacy_model)
    frames = pipeline.analyze_articles(articles, language, batch_size=settings.batch_size,
                                       n_process=settings.n_process, progress=progress)
    frames["problems"] = pd.concat([problem_frame, frames["problems"]], ignore_index=True)
    return Analysis(**frames, duplicates=duplicates, model=nlp.model_version(language))
