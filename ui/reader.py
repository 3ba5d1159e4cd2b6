"""An article as a reader sees it: its text with actors, dates and quotes marked, and one passage in focus."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from ui import show


def article_spans(frames: Mapping[str, pd.DataFrame], article_id: str) -> list[tuple[int, int, str, str]]:
    """(start, end, class, title) of every mention, date and quote of the article, offsets into its text."""
    spans: list[tuple[int, int, str, str]] = []
    q = frames["quotes"]
    q = q[(q["article_id"] == article_id) & ~q["in_title"].fillna(False).astype(bool)]
    for s, e, who, kind in zip(q["start"], q["end"], q["speaker"], q["kind"], strict=False):
        if pd.notna(s) and pd.notna(e):
            spans.append((int(s), int(e), "quote", f"{kind} quote by {who or 'unknown speaker'}"))
    m = frames["mentions"]
    m = m[m["article_id"] == article_id]
    spans += [(int(s), int(e), "actor", f"{a} ({t})") for s, e, a, t in zip(m["start"], m["end"], m["actor"],
                                                                               m["actor_type"], strict=False)]
    d = frames["dates"]
    d = d[d["article_id"] == article_id]
    spans += [(int(s), int(e), "date", f"{show.short_date(a)} – {show.short_date(b)} ({p})")
              for s, e, a, b, p in zip(d["start"], d["end"], d["date_start"], d["date_end"], d["precision"], strict=False)]
    return spans


def dated_label(day: Any) -> str:
    """"dated by the article: 2023-09-09", what the reader says of an event with no date in its sentence."""
    return f"{show.ARTICLE_DATED}: {show.short_date(day) or 'undated'}"


def article_badges(frames: Mapping[str, pd.DataFrame], article_id: str) -> list[tuple[int, str, str, str]]:
    """A label at the end of each event of the article dated by the article (its sentence has no date to mark)."""
    ev = frames["events"]
    ev = ev[(ev["article_id"] == article_id) & show.by_article(ev)]
    out = []
    for end, day, etype, actors in zip(ev["end"], ev["date_start"], ev["event_type"], ev["actors"], strict=False):
        if pd.isna(end):
            continue
        who = ", ".join(actors) if isinstance(actors, (list, tuple)) else ""
        what = str(etype or "event").replace("_", " ") + (f" with {who}" if who else "")
        out.append((int(end), "dated", dated_label(day),
                    f"{what}: no date in its sentence, so {dated_label(day)} (its publication day)"))
    return out


MATCH_CSS = """<style>
.dossier-reader mark.match, .dossier-legend mark.match { background: rgba(227,119,194,.30);
  outline: 1px solid rgba(227,119,194,.9); }
</style>"""


def search_query() -> str:
    """The search of the current view (``q=``), whose matches the reader marks."""
    from ui.sidebar import CANON

    f = st.session_state.get(CANON)
    return getattr(f, "q", "") or ""


def match_spans(text: str, query: str) -> list[tuple[int, int, str, str]]:
    """The words of ``text`` that the search ``query`` matches (as the index matches them: stems, prefixes,
    phrases), as reader marks."""
    if not query:
        return []
    from analysis.search import highlight

    title = f"matches the search “{query}”"
    return [(s, e, "match", title) for s, e in highlight(text, query)]


def _layered(text: str, spans: list[tuple[int, int, str, str]], focus: tuple[int, int] | None,
             focus_title: str = "selected", badges: list[tuple[int, str, str, str]] | None = None,
             matches: Sequence[tuple[int, int, str, str]] = ()) -> str:
    """Quotes contain mentions; show the inner marks and frame the focus passage by splitting the quote.
    A word the search matched is marked as such, in place of an actor or date mark over it."""
    inner = [s for s in spans if s[2] != "quote"]
    if matches:
        inner = [s for s in inner if not any(s[0] < m[1] and m[0] < s[1] for m in matches)] + list(matches)
    quotes = [s for s in spans if s[2] == "quote"]
    covered = [s for s in quotes if not any(i[0] >= s[0] and i[1] <= s[1] for i in inner)]
    chosen = inner + covered
    if focus:
        chosen = [s for s in chosen if s[1] <= focus[0] or s[0] >= focus[1]]
        chosen.append((focus[0], focus[1], "focus", focus_title))
    return show.highlight(text, chosen, badges or [])


def render(frames: Mapping[str, pd.DataFrame], article: Mapping[str, Any], *, focus: tuple[int, int] | None = None,
           focus_title: str = "selected", readonly: bool = False, query: str | None = None) -> None:
    """The article's headline, provenance and marked text (every piece of it escaped).

    An event dated by the article has no date in its sentence to mark: a label after it says so and
    gives the day. The words the search (``query``; by default the view's ``q``) matches are marked.
    """
    st.subheader(show.md(article["title"] or "(no headline)"), anchor=False)
    bits = [article.get("source") or "unknown source", show.short_date(article.get("published")) or "undated"]
    if article.get("date_inferred"):
        bits[-1] += " (inferred from the text)"
    if article.get("url"):
        bits.append(str(article["url"]))
    path = str(article.get("path") or "")
    if path:
        bits.append(path.replace("\\", "/").rsplit("/", 1)[-1] if readonly else path)
    st.text(" · ".join(bits))
    _story_line(article)
    badges = article_badges(frames, article["article_id"])
    query = search_query() if query is None else query
    text = str(article["text"])
    matches = match_spans(text, query)
    legend = show.legend(article_dated=bool(badges))
    if query:
        said = (f"{len(matches)} words of the text match" if len(matches) > 1 else
                "1 word of the text matches" if matches else "No word of the text matches")
        st.caption(show.md(f"{said} the search “{query}”" + (", marked" if matches else "")))
    if matches:
        legend = legend.replace("</div>", f'<mark class="match">search: {html.escape(query)}</mark></div>', 1)
    st.html(legend + show.READER_CSS + MATCH_CSS)
    st.html(_layered(text, article_spans(frames, article["article_id"]), focus, focus_title, badges, matches))


def _story_line(article: Mapping[str, Any]) -> None:
    """Where the article stands among the others: the near-identical article it copies, and the story it is part
    of (a link to that story on the Stories page) when other articles report it too."""
    from ui.app import KEY

    view = st.session_state.get(KEY)
    if view is None:
        return
    arts = view.all["articles"]
    copy = str(article.get("duplicate_of") or "")
    if copy:
        original = arts[arts["article_id"] == copy]
        if len(original):
            o = original.iloc[0]
            st.caption(show.md(f"A near-identical copy of “{o['title']}” ({o['source'] or 'unknown source'}, "
                               f"{show.short_date(o['published']) or 'undated'})."))
    story_id = str(article.get("story_id") or "")
    stories = view.all.get("stories")
    if not story_id or stories is None or not len(stories):
        return
    hit = stories[stories["story_id"].astype(object) == story_id]
    story = hit.iloc[0] if len(hit) else None
    if story is None or pd.isna(story["n_articles"]) or int(story["n_articles"]) < 2:
        return
    label = show.md(f"Part of the story “{story['title']}”: {int(story['n_articles']):,} articles")
    if view.filters.story == story_id:
        st.caption(label)
    else:
        st.page_link("pages/stories.py", label=label, icon=":material/newspaper:",
                     query_params={**view.filters.to_query(), "story": story_id})


def event_focus(event: Mapping[str, Any]) -> tuple[tuple[int, int] | None, str]:
    """The passage of one event to frame in the reader, and what its mark says when hovered."""
    start, end = event.get("start"), event.get("end")
    focus = (int(start), int(end)) if start is not None and end is not None and pd.notna(start) and pd.notna(end) \
        else None
    if event.get("date_source") == "article":
        return focus, f"selected event, {dated_label(event.get('date_start'))}"
    return focus, "selected"
