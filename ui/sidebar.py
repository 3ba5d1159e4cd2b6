"""The sidebar filters, kept in step with the URL: the URL is the view.

The URL is read through :meth:`Filters.from_query` (one parser for links, tests and the app) and written
back with :meth:`Filters.to_query`, so the parameter names and formats are fixed by ``analysis.filters``
rather than by how a widget serialises its value. Widgets keep stable keys, so a filter survives a page
switch; a URL that changes under a running session (back button, pasted link) re-seeds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis import schema
from analysis.filters import DATED, KEYS, Filters
from ui.show import md

WIDGET = {"actor": "f_actor", "from": "f_from", "to": "f_to", "type": "f_type", "source": "f_source", "q": "f_q"}
MAX_ACTOR_OPTIONS = 2000
EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)
WRITTEN = "_dossier_filters_written"


def url_filters() -> Filters:
    """The filters in the current URL."""
    return Filters.from_query({k: st.query_params.get_all(k) for k in KEYS})


def _seed(f: Filters) -> None:
    ss = st.session_state
    ss[WIDGET["actor"]] = list(f.actors)
    ss[WIDGET["from"]] = f.start
    ss[WIDGET["to"]] = f.end
    ss[WIDGET["type"]] = list(f.types)
    ss[WIDGET["source"]] = f.source
    ss[WIDGET["q"]] = f.q


CANON = "_dossier_filters"


def _from_widgets() -> Filters:
    ss = st.session_state
    start, end = ss.get(WIDGET["from"]), ss.get(WIDGET["to"])
    # Where events are dated from is chosen on the Timeline, and the story on the Stories page: kept as they were.
    kept = ss.get(CANON, Filters())
    f = Filters.from_query({"actor": list(ss.get(WIDGET["actor"]) or []), "type": list(ss.get(WIDGET["type"]) or []),
                            "source": ss.get(WIDGET["source"]) or "", "q": ss.get(WIDGET["q"]) or "",
                            "from": start.isoformat() if start else "", "to": end.isoformat() if end else "",
                            "dated": kept.dated})
    return replace(f, story=kept.story, story_title=kept.story_title)


def _changed() -> None:
    st.session_state[CANON] = _from_widgets()


def clear() -> None:
    """Reset every filter (a button callback)."""
    st.session_state[CANON] = Filters()


def set_actors(names: list[str]) -> None:
    """Filter the dashboard to ``names`` (a button callback)."""
    st.session_state[CANON] = replace(st.session_state.get(CANON, Filters()), actors=tuple(names))


def set_story(story_id: str, title: str = "") -> None:
    """Show one story (``""``: every story): a callback, or before ``st.rerun``."""
    st.session_state[CANON] = replace(st.session_state.get(CANON, Filters()), story=story_id,
                                      story_title=title if story_id else "")


def set_dated(key: str) -> None:
    """Show only events dated from where the widget ``key`` says ("text", "article", or "all"): a callback."""
    value = st.session_state.get(key) or "all"
    st.session_state[CANON] = replace(st.session_state.get(CANON, Filters()), dated="" if value == "all" else value)


def _actor_options(actors: pd.DataFrame, selected: list[str]) -> tuple[list[str], dict[str, str]]:
    """Canonical names by mentions (the frame's order), capped, plus any selected name not among them."""
    top = actors.head(MAX_ACTOR_OPTIONS)
    options = list(top["actor"])
    seen = set(options)
    sel = actors[actors["actor"].isin([s for s in selected if s not in seen])]
    label = {n: f"{n}  ·  {t}, {m:,}" for n, t, m in zip(top["actor"], top["actor_type"], top["mentions"].fillna(0), strict=False)}
    for n, t, m in zip(sel["actor"], sel["actor_type"], sel["mentions"].fillna(0), strict=False):
        label[n] = f"{n}  ·  {t}, {m:,}"
    for name in selected:
        if name not in seen:
            options.append(name)
            seen.add(name)
            label.setdefault(name, f"{name}  ·  not in this corpus")
    return options, label


def render(frames: dict[str, pd.DataFrame]) -> Filters:
    """Draw the filters in the sidebar and return the view they describe; the URL is updated to match.

    The Filters value in the session is the state; widgets are re-seeded from it on every run, so a page
    switch (which drops widget state and may drop the query string) changes nothing.
    """
    ss = st.session_state
    from_url = url_filters().known_story(frames.get("stories", schema.empty("stories")))
    # First run of a session, or the URL was changed from outside (pasted link, back button).
    if CANON not in ss or (from_url != ss.get(WRITTEN) and not from_url.empty):
        ss[CANON] = from_url
        for note in from_url.ignored:
            st.toast(f"Ignored in the link: {md(note)}")
    current: Filters = ss[CANON]
    _seed(current)

    with st.sidebar:
        st.header("Filters")
        options, label = _actor_options(frames["actors"], list(current.actors))
        st.multiselect("Actors", options, key=WIDGET["actor"], on_change=_changed,
                       format_func=lambda n: label.get(n, n), placeholder="Search actors (most mentioned first)",
                       help="Canonical names, most mentioned first, with their type and number of mentions.")
        c1, c2 = st.columns(2)
        c1.date_input("From", key=WIDGET["from"], value=None, min_value=EARLIEST, max_value=LATEST,
                      format="YYYY-MM-DD", on_change=_changed)
        c2.date_input("To", key=WIDGET["to"], value=None, min_value=EARLIEST, max_value=LATEST,
                      format="YYYY-MM-DD", on_change=_changed)
        st.multiselect("Event type", list(schema.EVENT_TYPES), key=WIDGET["type"], on_change=_changed,
                       format_func=lambda t: t.replace("_", " "), placeholder="Any type")
        if current.dated:
            st.caption(f"Only events {DATED[current.dated]} (chosen on the Timeline).")
        if current.story:
            st.caption(md(f"Only the story “{current.story_title or current.story}” (chosen on the Stories page)."))
            st.button("Every story", key="f_story_clear", on_click=set_story, args=("",), width="stretch")
        sources = sorted(s for s in frames["articles"]["source"].dropna().unique() if s)
        if current.source and current.source not in sources:
            sources.append(current.source)
        st.selectbox("Source", ["", *sources], key=WIDGET["source"], on_change=_changed,
                     format_func=lambda s: s or "All sources")
        st.text_input("Search", key=WIDGET["q"], on_change=_changed,
                      placeholder="Words in the text, events or quotes",
                      help='Every word must match, in any form (missile finds "missiles"); put a phrase in double '
                           'quotes ("foreign minister"); end a word with * for a prefix (missil*).')
        st.button("Clear filters", on_click=clear, width="stretch")

    write_url(current)
    ss[WRITTEN] = current
    return current


def write_url(f: Filters) -> None:
    """Make the URL's filter parameters say ``f``; other parameters (a selected article) are kept."""
    wanted = f.to_query()
    for key in KEYS:
        have = st.query_params.get_all(key)
        want = wanted.get(key)
        want_list = [want] if isinstance(want, str) else list(want or [])
        if have == want_list:
            continue
        if want_list:
            st.query_params[key] = want_list
        elif key in st.query_params:
            del st.query_params[key]
