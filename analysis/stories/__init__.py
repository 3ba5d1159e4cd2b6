"""One event, many reports: stories, merged events and quotes across outlets, over the whole corpus.

A corpus-level step, like the corpus actor step: it reads the assembled frames and adds

- ``articles.story_id`` and ``articles.duplicate_of`` and the ``stories`` frame (:mod:`.grouping`),
- ``events.event_group`` and ``events.date_disagrees`` and the ``event_groups`` frame (:mod:`.events`),
- ``quotes.quote_group`` (:mod:`.quotes`),

with near-identical texts found by :mod:`.near`. Every function is pure, frames in and frames out; the
thresholds are :class:`analysis.settings.Grouping`. Given the previous build's ids (:class:`Previous`), what
was grouped before keeps its group and only new rows are placed: a new article joins a story or starts one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.settings import DEFAULT_GROUPING, Grouping
from analysis.stories import events as event_groups
from analysis.stories import grouping, quotes

__all__ = ["Previous", "group", "version"]


@dataclass(frozen=True)
class Previous:
    """The ids a previous build gave: article id -> story, event id -> event group, quote id -> quote group."""

    stories: dict[str, str] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, frames: dict[str, pd.DataFrame]) -> Previous:
        """The ids held by ``frames`` (rows with an empty id, as in a store older than stories, are left out)."""
        def ids(name: str, key: str, col: str) -> dict[str, str]:
            df = frames.get(name)
            if df is None or key not in df.columns or col not in df.columns:
                return {}
            pairs = df[[key, col]].astype(str)
            pairs = pairs[pairs[col] != ""]
            return dict(zip(pairs[key], pairs[col], strict=True))

        return cls(ids("articles", "article_id", "story_id"), ids("events", "event_id", "event_group"),
                   ids("quotes", "quote_id", "quote_group"))


def version(settings: Grouping = DEFAULT_GROUPING) -> str:
    """What the groups depend on besides the frames: the settings and this package's code.

    A store built under another version is regrouped from scratch rather than extended.
    """
    h = hashlib.sha1(json.dumps(asdict(settings), sort_keys=True).encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def group(frames: dict[str, pd.DataFrame], *, previous: Previous | None = None,
          settings: Grouping = DEFAULT_GROUPING) -> dict[str, pd.DataFrame]:
    """``frames`` with stories, duplicates, event groups and quote groups added (see the module's docstring)."""
    previous = previous or Previous()
    out = dict(frames)
    articles = frames["articles"].copy()
    mentions = frames.get("mentions", schema.empty("mentions"))
    articles["duplicate_of"] = grouping.duplicates(articles, grouping=settings)
    articles["story_id"] = grouping.assign(articles, mentions, duplicate_of=articles["duplicate_of"],
                                           previous=previous.stories, grouping=settings)
    out["articles"] = schema.frame("articles", articles)
    out["stories"] = grouping.stories_frame(out["articles"], mentions)
    events = frames.get("events", schema.empty("events")).copy()
    events["event_group"] = event_groups.assign(events, out["articles"], previous=previous.events, grouping=settings)
    out["event_groups"], events["date_disagrees"] = event_groups.groups_frame(events, out["articles"], settings=settings)
    out["events"] = schema.frame("events", events)
    quote_rows = frames.get("quotes", schema.empty("quotes")).copy()
    quote_rows["quote_group"] = quotes.assign(quote_rows, out["articles"], previous=previous.quotes, grouping=settings)
    out["quotes"] = schema.frame("quotes", quote_rows)
    return out
