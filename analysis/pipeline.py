"""From articles to every frame: spaCy once per article, then the extractors, then corpus-level actors."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
from spacy.language import Language

from analysis import actors, dates, events, quotes, schema

Rows = dict[str, list[dict[str, Any]]]


def extract_doc(doc: Any, article: dict[str, Any], nlp: Language | None = None) -> tuple[Rows, dict[str, Any]]:
    """Rows of every per-article frame for one parsed article, and updates to its article row."""
    aid = article["article_id"]
    mentions = actors.doc_mentions(doc, aid)
    update: dict[str, Any] = {}
    problems: list[dict[str, str]] = []
    published = article.get("published")
    if published is None or pd.isna(published):
        published, reason = dates.infer_published(doc, article.get("title", ""))
        if published is not None:
            update = {"published": published, "date_inferred": True}
        else:
            problems.append({"path": article.get("path", ""), "reason": reason})
    date_rows = dates.doc_dates(doc, aid, published)
    rows: Rows = {
        "mentions": mentions,
        "dates": date_rows,
        "events": events.doc_events(doc, aid, date_rows, mentions),
        "quotes": quotes.doc_quotes(doc, aid, mentions, title=article.get("title", ""), nlp=nlp),
        "problems": problems,
    }
    for quote in rows["quotes"]:
        if quote.get("date") is None:
            quote["date"] = published
    return rows, update


def parse(nlp: Language, articles: pd.DataFrame, *, batch_size: int = 32, n_process: int = 1,
          progress: Callable[..., Iterable[Any]] | None = None) -> Iterable[tuple[Any, dict[str, Any]]]:
    """(Doc, article row) pairs, streamed through ``nlp.pipe`` with the article travelling alongside."""
    records = articles.to_dict("records")
    pairs = ((rec["text"], rec) for rec in records)
    stream = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)
    return progress(stream, total=len(records), desc="analysing", unit="article") if progress else stream


def analyze_articles(articles: pd.DataFrame, nlp: Language, *, batch_size: int = 32, n_process: int = 1,
                     progress: Callable[..., Iterable[Any]] | None = None) -> dict[str, pd.DataFrame]:
    """Every frame but ``problems`` of reading, for already-read ``articles``."""
    collected: Rows = {name: [] for name in ("mentions", "dates", "events", "quotes", "problems")}
    updates: dict[str, dict[str, Any]] = {}
    for doc, article in parse(nlp, articles, batch_size=batch_size, n_process=n_process, progress=progress):
        rows, update = extract_doc(doc, article, nlp)
        for name, found in rows.items():
            collected[name].extend(found)
        if update:
            updates[article["article_id"]] = update
    return assemble(articles, collected, updates)


def assemble(articles: pd.DataFrame, collected: Rows, updates: dict[str, dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """Frames from per-article rows: inferred dates applied, actors resolved across the corpus, ids given."""
    articles = articles.copy()
    for aid, update in updates.items():
        mask = articles["article_id"] == aid
        for key, value in update.items():
            articles.loc[mask, key] = value
    articles = schema.frame("articles", articles)
    mentions, actor_frame, rename = actors.resolve_corpus(pd.DataFrame(collected["mentions"]), articles)
    ids = dict(zip(actor_frame["actor"], actor_frame["actor_id"]))

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
    return {
        "articles": articles,
        "mentions": _sorted(schema.frame("mentions", mentions), ["article_id", "start", "end"]),
        "actors": actor_frame,
        "events": _sorted(schema.frame("events", event_rows), ["date_start", "article_id", "sentence", "start"]),
        "quotes": _sorted(schema.frame("quotes", quote_rows), ["article_id", "start"]),
        "dates": _sorted(schema.frame("dates", collected["dates"]), ["article_id", "start"]),
        "problems": schema.frame("problems", collected["problems"]),
    }


def _row_id(prefix: str, *parts: Any) -> str:
    return prefix + hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:15]


def _sorted(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return df.sort_values(by, kind="stable", ignore_index=True) if len(df) else df
