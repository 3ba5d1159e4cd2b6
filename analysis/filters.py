"""What the analyst is looking at: a Filters value parsed from the URL, applied to the frames, said in words.

The query-string names are a contract (links are pasted into reports): ``actor`` (repeatable,
canonical name), ``from`` and ``to`` (YYYY-MM-DD), ``type`` (repeatable event type), ``dated`` (``text``:
only events dated by a date expression in their sentence; ``article``: only events dated by their
article's publication day; absent: both), ``source``, ``q`` and ``story`` (one story's ``story_id``: its
articles and every row drawn from them). A link without a parameter filters nothing by it, so links written
before a parameter existed show what they always showed. :func:`apply` works on boolean masks over arrays computed once per corpus by
:func:`build_index`, so changing a filter never re-reads or re-analyses anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np
import pandas as pd

from analysis import schema

NEVER = np.iinfo(np.int64).min // 2  # stands for a missing date in the day-number arrays
KEYS = ("actor", "from", "to", "type", "dated", "source", "q", "story")
# Where an event's date comes from (schema.DATE_SOURCES), as the sentence and the pages say it.
DATED = {"text": "dated in their sentence", "article": "dated by the article"}
# How each frame's rows relate to the selected actors, for the sentence.
RELATIONS = {"events": "with", "quotes": "by", "articles": "mentioning", "mentions": "in articles mentioning",
             "dates": "in articles mentioning", "actors": "in articles mentioning",
             "stories": "with articles mentioning", "event_groups": "with"}
SINGULAR = {"articles": "article", "mentions": "mention", "events": "event", "quotes": "quote", "dates": "date",
            "actors": "actor", "stories": "story", "event_groups": "merged event"}


@dataclass(frozen=True)
class Filters:
    """One view of the corpus. Empty fields filter nothing; the value is hashable, so it can key caches."""

    actors: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    types: tuple[str, ...] = ()
    dated: str = ""  # "", or one of schema.DATE_SOURCES: only events whose date comes from there
    source: str = ""
    q: str = ""
    story: str = ""  # one story's story_id: its articles and what is drawn from them
    ignored: tuple[str, ...] = field(default=(), compare=False)
    story_title: str = field(default="", compare=False)  # the story's headline, for the sentence (see known_story)

    @property
    def empty(self) -> bool:
        return not (self.actors or self.start or self.end or self.types or self.dated or self.source or self.q
                    or self.story)

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> Filters:
        """Parse query parameters (values may be strings or lists of strings); bad values are noted, not fatal."""
        ignored: list[str] = []

        def values(key: str) -> list[str]:
            raw = params.get(key)
            items = [raw] if isinstance(raw, str) else list(raw or [])
            return [v.strip() for v in items if isinstance(v, str) and v.strip()]

        def one_date(key: str) -> dt.date | None:
            found = values(key)
            if not found:
                return None
            try:
                return dt.date.fromisoformat(found[-1])
            except ValueError:
                ignored.append(f"{key}={found[-1]} is not a date in the form YYYY-MM-DD")
                return None

        types = []
        for t in values("type"):
            if t in schema.EVENT_TYPES:
                types.append(t)
            else:
                ignored.append(f"type={t} is not an event type ({', '.join(schema.EVENT_TYPES)})")
        dated = []
        for d in values("dated"):
            if d in schema.DATE_SOURCES:
                dated.append(d)
            elif d != "all":
                ignored.append(f"dated={d} is not one of {', '.join(schema.DATE_SOURCES)}")
        dated = list(dict.fromkeys(dated))
        start, end = one_date("from"), one_date("to")
        if start and end and start > end:
            ignored.append(f"from={start} is after to={end}; the two were swapped")
            start, end = end, start
        return cls(actors=tuple(dict.fromkeys(values("actor"))), start=start, end=end,
                   types=tuple(dict.fromkeys(types)), dated=dated[0] if len(dated) == 1 else "",
                   source=(values("source") or [""])[-1],
                   q=(values("q") or [""])[-1], story=(values("story") or [""])[-1], ignored=tuple(ignored))

    def to_query(self) -> dict[str, str | list[str]]:
        """The query parameters of this view, defaults left out (the inverse of :meth:`from_query`)."""
        out: dict[str, str | list[str]] = {}
        if self.actors:
            out["actor"] = list(self.actors)
        if self.start:
            out["from"] = self.start.isoformat()
        if self.end:
            out["to"] = self.end.isoformat()
        if self.types:
            out["type"] = list(self.types)
        if self.dated:
            out["dated"] = self.dated
        if self.source:
            out["source"] = self.source
        if self.q:
            out["q"] = self.q
        if self.story:
            out["story"] = self.story
        return out

    def known_story(self, stories: pd.DataFrame) -> Filters:
        """This view with its story checked against the corpus's ``stories``: a story the corpus does not hold
        (a link from another corpus, a mistyped id, a store built before stories) is ignored with a note, as
        other unreadable values are; a known one gets its headline for the sentence."""
        if not self.story:
            return self
        hit = stories.loc[stories["story_id"].astype(object) == self.story, "title"] if len(stories) else []
        if len(hit):
            return replace(self, story_title=str(hit.iloc[0] or ""))
        return replace(self, story="", story_title="",
                       ignored=(*self.ignored, f"story={self.story} is not a story of this corpus"))

    def query_string(self) -> str:
        """``actor=Kim+Jong+Un&from=2023-08-01``: what follows ``?`` in a shared link."""
        from urllib.parse import urlencode

        return urlencode(self.to_query(), doseq=True)

    def describe(self, count: int, frame: str = "events") -> str:
        """The view in a sentence: "7 events with Kim Jong Un between 1 Aug and 30 Sep 2023"."""
        noun = frame if count != 1 else SINGULAR.get(frame, frame)
        parts = [f"{count:,} {noun}" if not self.empty else f"All {count:,} {noun}"]
        if self.types and frame == "events":
            parts[0] = f"{count:,} {_join(t.replace('_', ' ') for t in self.types)} {noun}"
        if self.dated and frame == "events":
            parts[0] += f" {DATED[self.dated]}"
        if self.actors:
            parts.append(f"{RELATIONS.get(frame, 'with')} {_join(self.actors, 'or')}")
        if self.source:
            parts.append(f"from {self.source}")
        if self.q:
            parts.append(f"matching “{self.q}”")
        if self.story:
            parts.append(f"in the story “{self.story_title}”" if self.story_title else f"in the story {self.story}")
        when = date_phrase(self.start, self.end)
        if when:
            parts.append(when)
        return " ".join(parts)


def _join(items: Iterable[str], last: str = "or") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _day(d: dt.date, year: bool = True) -> str:
    return f"{d.day} {d.strftime('%b')}" + (f" {d.year}" if year else "")


def date_phrase(start: dt.date | None, end: dt.date | None) -> str:
    """"between 1 Aug and 30 Sep 2023", "from 1 Aug 2023", "until 30 Sep 2023", or ""."""
    if start and end:
        if start == end:
            return f"on {_day(start)}"
        return f"between {_day(start, year=start.year != end.year)} and {_day(end)}"
    if start:
        return f"from {_day(start)}"
    if end:
        return f"until {_day(end)}"
    return ""


# ---------------------------------------------------------------- applying


@dataclass
class Index:
    """Arrays derived once per corpus so that each filter change is a handful of vectorised masks."""

    n_articles: int
    published: np.ndarray  # int64 days since epoch per article, NaT as a sentinel
    has_published: np.ndarray
    source: np.ndarray  # object array of source per article
    article_pos: dict[str, np.ndarray]  # per frame: int32 position of each row's article in ``articles``
    actor_codes: dict[str, int]  # canonical name -> code shared by every frame
    mention_actor: np.ndarray
    actor_code: np.ndarray  # code of each row of the actors frame (-1: never mentioned, quoted or in an event)
    quote_speaker: np.ndarray
    event_actor_rows: np.ndarray  # exploded (event row, actor code) pairs, actors and subject
    event_actor_codes: np.ndarray
    event_start: np.ndarray
    event_end: np.ndarray
    event_type: np.ndarray
    event_by_article: np.ndarray  # True where an event is dated by its article rather than its sentence
    quote_date: np.ndarray
    story_codes: dict[str, int] = field(default_factory=dict)  # story_id -> code
    article_story: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # -1: no story
    stories_code: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # per stories row
    event_group: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # per events row, -1: none
    groups_code: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # per event_groups row


def _days(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    ts = pd.to_datetime(values, errors="coerce")
    known = ts.notna().to_numpy()
    days = ts.to_numpy(dtype="datetime64[D]").astype("int64")
    return np.where(known, days, 0), known


def build_index(frames: Mapping[str, pd.DataFrame]) -> Index:
    """Everything :func:`apply` needs that does not depend on the filter, computed once per corpus."""
    arts = frames["articles"]
    pos = pd.Index(arts["article_id"])
    article_pos = {}
    for name in ("mentions", "events", "quotes", "dates"):
        df = frames.get(name, schema.empty(name))
        article_pos[name] = positions(pos, df["article_id"])
    events = frames.get("events", schema.empty("events"))
    quotes = frames.get("quotes", schema.empty("quotes"))
    mentions = frames.get("mentions", schema.empty("mentions"))
    # One factorize over every column that names an actor: codes shared by all frames, no per-row dict look-up.
    subjects = events["subject"].reset_index(drop=True)
    listed = events["actors"].reset_index(drop=True).explode().dropna()  # (event row, listed actor) pairs
    parts = [mentions["actor"], quotes["speaker"], subjects, listed]
    every, names = pd.factorize(pd.concat(parts, ignore_index=True).astype(object))
    valid = np.fromiter((isinstance(n, str) and bool(n) for n in names), dtype=bool, count=len(names))
    # -1 for a missing or empty name; the appended -1 serves factorize's own -1 (missing).
    every = np.append(np.where(valid, np.arange(len(names)), -1), -1).astype(np.int32)[every]
    codes = {n: i for i, n in enumerate(names) if valid[i]}
    bounds = np.cumsum([len(x) for x in parts])
    mention_actor, quote_speaker, subject_code, listed_code = np.split(every, bounds[:-1])
    has_subject = np.flatnonzero(subject_code >= 0)

    def encode(series: pd.Series) -> np.ndarray:
        return series.map(codes).fillna(-1).to_numpy(dtype=np.int32) if len(series) else np.zeros(0, dtype=np.int32)

    published, has_published = _days(arts["published"])
    story_codes, article_story, stories_code = _shared_codes(
        arts["story_id"] if "story_id" in arts else pd.Series("", index=arts.index, dtype=object),
        frames.get("stories", schema.empty("stories"))["story_id"])
    groups = frames.get("event_groups", schema.empty("event_groups"))
    _, event_group, groups_code = _shared_codes(
        events["event_group"] if "event_group" in events else pd.Series("", index=events.index, dtype=object),
        groups["event_group"])
    ev_start, ev_has = _days(events["date_start"])
    ev_end, ev_end_has = _days(events["date_end"])
    q_date, q_has = _days(quotes["date"])
    return Index(
        n_articles=len(arts), published=published, has_published=has_published,
        source=arts["source"].to_numpy(dtype=object), article_pos=article_pos, actor_codes=codes,
        mention_actor=mention_actor, actor_code=encode(frames.get("actors", schema.empty("actors"))["actor"]),
        quote_speaker=quote_speaker,
        event_actor_rows=np.concatenate([listed.index.to_numpy(dtype=np.int32), has_subject.astype(np.int32)]),
        event_actor_codes=np.concatenate([listed_code, subject_code[has_subject]]),
        event_start=np.where(ev_has, ev_start, NEVER), event_end=np.where(ev_end_has, ev_end, ev_start),
        event_type=events["event_type"].to_numpy(dtype=object),
        # Anything but "article" (an older store's empty cell included) was dated by its sentence.
        event_by_article=(events["date_source"].to_numpy(dtype=object) == "article") if "date_source" in events
        else np.zeros(len(events), dtype=bool),
        quote_date=np.where(q_has, q_date, NEVER), story_codes=story_codes, article_story=article_story,
        stories_code=stories_code, event_group=event_group, groups_code=groups_code,
    )


def _shared_codes(rows: pd.Series, table: pd.Series) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Codes of the group ids of ``rows`` (articles' story_id, events' event_group) and of the frame that lists
    the groups (stories, event_groups), one numbering for both: -1 for an empty or missing id."""
    every, names = pd.factorize(pd.concat([rows, table], ignore_index=True).astype(object))
    valid = np.fromiter((isinstance(n, str) and bool(n) for n in names), dtype=bool, count=len(names))
    every = np.append(np.where(valid, np.arange(len(names)), -1), -1).astype(np.int32)[every]
    return ({n: i for i, n in enumerate(names) if valid[i]}, every[:len(rows)], every[len(rows):])


def positions(index: pd.Index, col: pd.Series) -> np.ndarray:
    """int32 position in ``index`` of each cell of ``col`` (-1: absent); a category column is looked up
    once per category rather than once per row."""
    if not len(col):
        return np.zeros(0, dtype=np.int32)
    if isinstance(col.dtype, pd.CategoricalDtype):
        found = np.append(index.get_indexer(col.cat.categories), -1)  # code -1 (missing) -> -1
        return found.astype(np.int32)[col.cat.codes.to_numpy()]
    return index.get_indexer(col).astype(np.int32)  # half the memory of intp at millions of rows


def _day_number(d: dt.date) -> int:
    return int(np.datetime64(d, "D").astype("int64"))


class TextSearch(Protocol):
    """What answers ``q`` from an index (``analysis.search.Searcher``): a boolean mask per frame (articles,
    events, quotes) over the rows of the frames being filtered, or None to fall back on the substring scan."""

    def masks(self, query: str) -> Mapping[str, np.ndarray] | None: ...


def _contains(frames: Mapping[str, pd.DataFrame], key: str, columns: tuple[str, ...], q: str) -> np.ndarray:
    """Case-insensitive substring match of ``q`` in any of ``columns``, one cell lower-cased at a time.

    Nothing is kept between searches: a lower-cased copy of the bodies would cost as much memory as the
    bodies, and handing the cells to Arrow would make CPython cache a UTF-8 copy inside every non-ASCII
    string for as long as the corpus lives.
    """
    needle = q.lower()
    out = np.zeros(len(frames[key]), dtype=bool)
    for col in columns:
        values = frames[key][col].to_numpy(dtype=object)
        out |= np.fromiter((isinstance(v, str) and needle in v.lower() for v in values), dtype=bool,
                           count=len(values))
    return out


def article_mask(frames: Mapping[str, pd.DataFrame], f: Filters, index: Index, *, dates: bool = True,
                 found: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """Articles that pass the source, search, actor and (optionally) publication-date filters; ``found``: the
    search index's answer to ``q`` (by default, a substring scan of titles and texts)."""
    mask = np.ones(index.n_articles, dtype=bool)
    if f.source:
        mask &= index.source == f.source
    if f.story:
        mask &= index.article_story == index.story_codes.get(f.story, -2)
    if f.q:
        mask &= found["articles"] if found is not None else _contains(frames, "articles", ("title", "text"), f.q)
    if f.actors:
        sel = _codes(index, f.actors)
        hit = np.zeros(index.n_articles, dtype=bool)
        rows = index.article_pos["mentions"][np.isin(index.mention_actor, sel)]
        hit[rows[rows >= 0]] = True
        mask &= hit
    if dates and (f.start or f.end):
        lo = _day_number(f.start) if f.start else None
        hi = _day_number(f.end) if f.end else None
        ok = index.has_published.copy()
        if lo is not None:
            ok &= index.published >= lo
        if hi is not None:
            ok &= index.published <= hi
        mask &= ok
    return mask


def _codes(index: Index, names: Iterable[str]) -> np.ndarray:
    return np.array([index.actor_codes.get(n, -2) for n in names], dtype=np.int64)


def _rows(article_ok: np.ndarray, pos: np.ndarray) -> np.ndarray:
    return (pos >= 0) & article_ok[np.clip(pos, 0, None)] if len(pos) else np.zeros(0, dtype=bool)


def _take(df: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    return df if mask.all() else df.iloc[np.flatnonzero(mask)].reset_index(drop=True)


class View(Mapping[str, pd.DataFrame]):
    """The filtered frames, each computed on first access: a page that shows only events never pays for mentions.

    Each frame's rows are chosen by a boolean mask, kept once computed; :meth:`count` answers how many rows a
    frame has in the view from its mask alone, without copying them.
    """

    def __init__(self, frames: Mapping[str, pd.DataFrame], f: Filters, index: Index,
                 search: TextSearch | None = None) -> None:
        self._frames, self._f, self._index, self._search = frames, f, index, search
        self._done: dict[str, pd.DataFrame] = {}
        self._masks: dict[str, np.ndarray | None] = {}
        self._text: Mapping[str, np.ndarray] | None = None  # the search index's masks for q, asked once

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._done:
            mask = self._kept(name)
            self._done[name] = self._frames[name] if mask is None else _take(self._frames[name], mask)
        return self._done[name]

    def __iter__(self):
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def count(self, name: str) -> int:
        """How many rows frame ``name`` has in this view, without making the filtered copy."""
        if name in self._done:
            return len(self._done[name])
        mask = self._kept(name)
        return len(self._frames[name]) if mask is None else int(np.count_nonzero(mask))

    def release(self) -> None:
        """Drop the filtered frames computed so far (they are recomputed if read again).

        At 100,000 articles one view holds hundreds of MB of row copies; a dashboard releases the view it
        replaces so that the names a finished page run left behind do not keep those copies alive.
        """
        self._done.clear()
        self._masks.clear()
        self._text = None

    def _kept(self, name: str) -> np.ndarray | None:
        """The mask of frame ``name``'s rows in this view (None: a frame the filters do not narrow)."""
        if name not in self._masks:
            make = getattr(self, f"_{name}_mask", None)
            self._masks[name] = make() if make else None
        return self._masks[name]

    def _found(self) -> Mapping[str, np.ndarray] | None:
        """The search index's masks for ``q`` (None: no index, or a query without words: substring scans)."""
        if self._text is None and self._f.q and self._search is not None:
            self._text = self._search.masks(self._f.q) or {}
        return self._text or None

    def _articles_mask(self) -> np.ndarray:
        return article_mask(self._frames, self._f, self._index, found=self._found())

    def _by_article(self, name: str) -> np.ndarray:
        return _rows(self._kept("articles"), self._index.article_pos[name])

    def _mentions_mask(self) -> np.ndarray:
        return self._by_article("mentions")

    def _dates_mask(self) -> np.ndarray:
        return self._by_article("dates")

    def _actors_mask(self) -> np.ndarray:
        index, actors = self._index, self._frames["actors"]
        kept = self._kept("mentions")
        if kept.all() or len(index.actor_code) != len(actors):
            return np.ones(len(actors), dtype=bool) if kept.all() else \
                actors["actor"].isin(pd.unique(self["mentions"]["actor"])).to_numpy()
        # Codes rather than names: a count over small integers instead of hashing millions of strings.
        size = max(int(index.actor_code.max(initial=-1)), int(index.mention_actor.max(initial=-1))) + 2
        seen = np.bincount(index.mention_actor[kept] + 1, minlength=size) > 0
        seen[0] = False  # code -1: a mention without a canonical name
        return seen[index.actor_code + 1]

    def _groups_of(self, rows: str, codes: np.ndarray, listed: np.ndarray) -> np.ndarray:
        """Rows of a frame of groups (``listed``: their codes) that hold a row of frame ``rows`` kept in the view."""
        kept = self._kept(rows)
        size = max(int(codes.max(initial=-1)), int(listed.max(initial=-1))) + 2
        seen = np.bincount(codes[kept] + 1, minlength=size) > 0 if len(codes) else np.zeros(size, dtype=bool)
        seen[0] = False  # code -1: a row without a group
        return seen[listed + 1]

    def _stories_mask(self) -> np.ndarray:
        index = self._index
        if len(index.stories_code) != len(self._frames["stories"]):
            return np.ones(len(self._frames["stories"]), dtype=bool)
        return self._groups_of("articles", index.article_story, index.stories_code)

    def _event_groups_mask(self) -> np.ndarray:
        index = self._index
        if len(index.groups_code) != len(self._frames["event_groups"]):
            return np.ones(len(self._frames["event_groups"]), dtype=bool)
        return self._groups_of("events", index.event_group, index.groups_code)

    def _bounds(self) -> tuple[int | None, int | None, np.ndarray]:
        f = self._f
        lo = _day_number(f.start) if f.start else None
        hi = _day_number(f.end) if f.end else None
        # Events and quotes carry their own dates and speakers: articles narrow them by source and story only.
        base = article_mask(self._frames, Filters(source=f.source, story=f.story), self._index, dates=False)
        return lo, hi, base

    def _events_mask(self) -> np.ndarray:
        f, index = self._f, self._index
        lo, hi, base = self._bounds()
        ev = _rows(base, index.article_pos["events"])
        if lo is not None:
            ev &= index.event_end >= lo
        if hi is not None:
            ev &= (index.event_start <= hi) & (index.event_start > NEVER)
        if f.types:
            ev &= np.isin(index.event_type, list(f.types))
        if f.dated:
            ev &= index.event_by_article if f.dated == "article" else ~index.event_by_article
        if f.actors:
            hit = np.zeros(len(ev), dtype=bool)
            hit[index.event_actor_rows[np.isin(index.event_actor_codes, _codes(index, f.actors))]] = True
            ev &= hit
        if f.q and len(ev):
            found = self._found()
            ev &= found["events"] if found is not None else _contains(self._frames, "events", ("text",), f.q)
        return ev

    def _quotes_mask(self) -> np.ndarray:
        f, index = self._f, self._index
        lo, hi, base = self._bounds()
        qu = _rows(base, index.article_pos["quotes"])
        if lo is not None:
            qu &= index.quote_date >= lo
        if hi is not None:
            qu &= (index.quote_date <= hi) & (index.quote_date > NEVER)
        if f.actors:
            qu &= np.isin(index.quote_speaker, _codes(index, f.actors))
        if f.q and len(qu):
            found = self._found()
            qu &= found["quotes"] if found is not None else \
                _contains(self._frames, "quotes", ("quote", "speaker_text"), f.q)
        return qu


def count(frames: Mapping[str, pd.DataFrame], name: str) -> int:
    """Rows of frame ``name`` in ``frames`` (a :class:`View` or plain frames), without copying a filtered frame."""
    return frames.count(name) if isinstance(frames, View) else len(frames[name])


def apply(frames: Mapping[str, pd.DataFrame], f: Filters, index: Index | None = None, *,
          search: TextSearch | None = None) -> Mapping[str, pd.DataFrame]:
    """The frames as this view sees them (a mapping that filters each frame when it is first read).

    articles, mentions and dates: articles from ``source`` matching ``q``, published in the range, that
    mention any selected actor (mentions keeps every actor of those articles, so co-occurrence stays visible).
    events: dated in the range (interval overlap), of the selected types, dated from the chosen place
    (``dated``), with any selected actor, from those sources, whose sentence matches ``q``. quotes: by any selected speaker, dated in the range,
    from those sources, whose content or speaker matches ``q``. actors: those mentioned in the mentions kept.
    ``story`` keeps the articles of that story, and with them their mentions, dates, events and quotes.
    stories and event_groups: those with an article, or an event row, in the view.

    ``q`` is answered by ``search`` (a full-text index over these frames' rows: words, stems, phrases, prefixes;
    see ``analysis.search``) when given, else by a case-insensitive substring scan.
    """
    frames = dict(frames)
    for name in schema.FRAMES:
        if name not in frames:
            frames[name] = schema.empty(name)
    if f.empty:
        return frames
    return View(frames, f, index or build_index(frames), search)
