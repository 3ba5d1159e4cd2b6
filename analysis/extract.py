"""One parsed article -> its rows of every per-article frame: the step both the pipeline and the engines call.

Each extractor runs on its own: one that raises costs only its own rows of this article, and ``problems``
gets a row that names the article, the step and the error, so one odd article never stops a build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from analysis import actors, dates, events, quotes
from analysis.problems import about, failure

Rows = dict[str, list[dict[str, Any]]]
T = TypeVar("T")


def extract_doc(doc: Doc, article: dict[str, Any], nlp: Language | None = None, *,
                ref: actors.Reference | None = None) -> tuple[Rows, dict[str, Any]]:
    """Rows of every per-article frame for one parsed article, and updates to its article row.

    ``ref`` is the reference data with the user's aliases (``actors.reference(alias_file)``). Steps that
    need another's output get an empty one when it failed: events without mentions still
    have their dates, quotes without mentions still have their speakers as written.
    """
    aid = article["article_id"]
    problems: list[dict[str, str]] = []

    def attempt(what: str, step: Callable[[], T], empty: T) -> T:
        try:
            return step()
        except Exception as exc:  # one article's odd text must cost only this step's rows
            problems.append(failure(article, what, exc))
            return empty

    mentions = attempt("actors not extracted", lambda: actors.doc_mentions(doc, aid, ref=ref), [])
    found = attempt("dates not extracted", lambda: dates.candidates(doc), None)
    update: dict[str, Any] = {}
    published = article.get("published")
    if (published is None or pd.isna(published)) and found is not None:
        published, reason = attempt("publication date not inferred",
                                    lambda: dates.infer_published(doc, article.get("title", ""), found_in=found),
                                    (None, ""))
        if published is not None:
            update = {"published": published, "date_inferred": True}
        elif reason:
            problems.append(about(article, reason, "note"))
    date_rows = attempt("dates not extracted", lambda: dates.doc_dates(doc, aid, published, found_in=found),
                        []) if found is not None else []
    rows: Rows = {
        "mentions": mentions,
        "dates": date_rows,
        "events": attempt("events not extracted",
                          lambda: events.doc_events(doc, aid, date_rows, mentions, published=published), []),
        "quotes": attempt("quotes not extracted",
                          lambda: quotes.doc_quotes(doc, aid, mentions, title=article.get("title", ""), nlp=nlp), []),
        "problems": problems,
    }
    for quote in rows["quotes"]:
        if quote.get("date") is None:
            quote["date"] = published
    return rows, update
