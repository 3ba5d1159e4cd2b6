"""Stories: the stories of the view, and one story's merged events, actors, quotes, outlets and coverage."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis import filters as flt
from ui import app, charts, data, show, sidebar

LIST_COLUMNS = {"title": st.column_config.TextColumn("Story", width="large"),
                "first_published": st.column_config.DateColumn("First"),
                "last_published": st.column_config.DateColumn("Last"), "in_view": "Articles in view",
                "n_articles": "Articles", "n_sources": "Outlets", "actors": "Top actors", "story_id": None}

view = app.current()
chosen = view.filters.story
every = replace(view.filters, story="", story_title="")  # the list: the view's stories, whichever is chosen


def _listed() -> pd.DataFrame:
    """The stories with an article in the view (story aside), with how many of their articles it holds."""
    frames = view.frames if not chosen else flt.apply(
        view.all, every, view.corpus.index, search=data.searcher(view.corpus) if every.q else None)
    stories, arts = frames["stories"], frames["articles"]
    in_view = arts["story_id"].astype(object).value_counts() if "story_id" in arts else pd.Series(dtype=int)
    out = show.plain(stories).assign(in_view=lambda d: d["story_id"].map(in_view).fillna(0).astype(int))
    return out.sort_values(["in_view", "n_articles", "first_published"], ascending=[False, False, True],
                           kind="stable", ignore_index=True)


def _int(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def _names(actors, top: int = 5) -> str:
    return ", ".join(list(actors)[:top]) if isinstance(actors, (list, tuple)) else ""


listed = data.memo(view.corpus, every, "stories_list", _listed)
if chosen:
    show.header("Stories", view.filters, flt.count(view.frames, "articles"), "articles", "stories")
else:
    show.header("Stories", view.filters, len(listed), "stories", "stories")


def _pick_from(table_key: str) -> None:
    """A row picked in a list of stories shows that story (the sidebar and the URL follow)."""
    row = show.table(listed, list(LIST_COLUMNS), "stories", key=table_key, select=True, height=420,
                     derive=lambda d: d.assign(actors=d["actors"].map(_names)),
                     config=LIST_COLUMNS)
    if row is not None and row["story_id"] != chosen:
        sidebar.set_story(row["story_id"], row["title"])
        st.rerun()


if not chosen:
    if listed.empty:
        st.info("No story in this view: the corpus was built before stories, or the filters hold no article. "
                "Clear a filter, or rebuild the store.")
        st.stop()
    many = int((listed["n_articles"] > 1).sum())
    st.caption(f"Articles that report the same story are grouped; {many:,} of these {len(listed):,} stories have "
               "more than one article. Pick a story to see its events, actors, quotes, outlets and coverage.")
    _pick_from("stories_list_")
    st.stop()

# ---------------------------------------------------------------- one story
story = view.all["stories"][view.all["stories"]["story_id"].astype(object) == chosen].iloc[0]
f = view.frames
arts = f["articles"]
names = charts.outlets(arts)
st.subheader(show.md(story["title"] or "(no headline)"), anchor=False)
copies = int((arts["duplicate_of"].astype(object).fillna("") != "").sum()) if "duplicate_of" in arts else 0
st.caption(show.md(
    f"{show.short_date(story['first_published'])} to {show.short_date(story['last_published'])} · "
    f"{_int(story['n_articles']):,} articles"
    + (f"; {len(arts):,} in this view" if len(arts) != _int(story["n_articles"]) else "")
    + (f"; {copies:,} near-identical copies of another article" if copies else "")))
st.button("Every story", key="stories_back", on_click=sidebar.set_story, args=("",), icon=":material/arrow_back:")

merged = view.memo("merged_events", lambda: charts.merged_events(f["events"], view.all["articles"],
                                                                 view.all["event_groups"]))
quotes = view.memo("quotes_once", lambda: charts.quotes_once(f["quotes"], view.all["articles"]))
m = st.columns(4)
m[0].metric("Articles", f"{len(arts):,}")
m[1].metric("Outlets", f"{arts['article_id'].map(names).nunique():,}")
m[2].metric("Events", f"{len(merged):,}", help=f"Happenings, each merged from its reports ({len(f['events']):,} rows).")
m[3].metric("Quotes", f"{len(quotes):,}", help=f"Each quote once, however many articles ran it ({len(f['quotes']):,} rows).")

st.subheader("Timeline", anchor=False)
if merged.empty:
    st.info("No dated event in this story's view.")
elif len(merged) > charts.MAX_TIMELINE_EVENTS:
    st.plotly_chart(charts.events_histogram(merged), width="stretch", key="story_hist")
else:
    fig = view.memo("story_timeline", lambda: charts.timeline(merged, view.corpus.labels, lanes="type"))
    # Events the story recalls from long before or after it (history, plans) would squeeze it to a sliver.
    lo = arts["published"].min() - pd.Timedelta(days=30)
    hi = arts["published"].max() + pd.Timedelta(days=30)
    outside = int(((merged["date_end"].fillna(merged["date_start"]) < lo) | (merged["date_start"] > hi)).sum()) \
        if pd.notna(lo) else 0
    if outside and outside * 2 < len(merged):
        fig.update_xaxes(range=[lo.isoformat(), hi.isoformat()])
    st.caption("One mark per happening, bigger when more articles report it; hover for its outlets. Click one to "
               "read its reports on the Timeline."
               + (f" The chart spans the story's articles, a month either side: {outside:,} events it recalls from "
                  "further away are off its edges (double-click the chart for all)." if outside and outside * 2 <
                  len(merged) else ""))
    picked = st.plotly_chart(fig, width="stretch", key="story_timeline", on_select="rerun", selection_mode="points")
    points = (picked.selection.points if picked and hasattr(picked, "selection") else []) or []
    if points and points[0].get("customdata"):
        cd = points[0]["customdata"]
        st.switch_page("pages/timeline.py", query_params={**view.filters.to_query(),
                                                          "event": cd[0] if isinstance(cd, list) else cd})

left, right = st.columns(2)
with left:
    st.subheader("Actors", anchor=False)
    counts = view.memo("actor_counts:stories", lambda: charts.actor_counts(f["mentions"], view.all["articles"]))
    if counts.empty:
        st.info("No actor is mentioned in this story's view.")
    else:
        by = st.segmented_control("Count", ["mentions", "articles"], default="mentions", key="story_count_by",
                                  help="Mentions counts every time an actor is named; articles, the articles that "
                                       "name them.") or "mentions"
        st.plotly_chart(charts.actor_bar(charts.by_count(counts, by).head(15), by), width="stretch",
                        key="story_actors")
with right:
    st.subheader("Outlets", anchor=False)
    outlet_rows = arts.assign(outlet=arts["article_id"].map(names).to_numpy(),
                              copy=(arts["duplicate_of"].astype(object).fillna("") != "").to_numpy()
                              if "duplicate_of" in arts else False)
    per = outlet_rows.groupby("outlet").agg(articles=("article_id", "size"), first=("published", "min"),
                                            last=("published", "max"), copies=("copy", "sum")).reset_index()
    show.table(per.sort_values(["first", "outlet"], na_position="last"), ["outlet", "articles", "first", "last",
                                                                             "copies"], "story_outlets",
               config={"outlet": "Outlet", "articles": "Articles", "first": st.column_config.DateColumn("First"),
                       "last": st.column_config.DateColumn("Last"),
                       "copies": st.column_config.NumberColumn("Copies", help="Near-identical copies of an "
                                                               "earlier article (duplicate_of)")})

st.subheader("Coverage over time", anchor=False)
if arts["published"].notna().any():
    span = (arts["published"].max() - arts["published"].min()).days
    st.plotly_chart(charts.coverage_by_outlet(arts, "week" if span > 120 else "day"), width="stretch",
                    key="story_coverage")
else:
    st.info("No article of this story has a publication date.")

st.subheader("Quotes", anchor=False)
if quotes.empty:
    st.info("No attributed quote in this story's view.")
else:
    st.caption("Each quote once, where it first appeared, with every outlet that ran it.")
    show.table(quotes, ["speaker", "quote", "first_published", "first_outlet", "outlets", "n_articles", "quote_id"],
               "story_quotes", height=360,
               derive=lambda d: d.assign(speaker=d["speaker"].where(d["speaker"] != "", "(unknown)"),
                                         outlets=d["outlets"].map(", ".join)),
               config={"speaker": "Speaker", "quote": st.column_config.TextColumn("Quote", width="large"),
                       "first_published": st.column_config.DateColumn("First"), "first_outlet": "First in",
                       "outlets": "Outlets", "n_articles": "Articles", "quote_id": None})

st.subheader("Articles", anchor=False)
titles = view.all["articles"].set_index("article_id")["title"]
row = show.table(arts.sort_values("published", kind="stable", na_position="last"),
                 ["published", "outlet", "title", "copy_of", "article_id"], "story_articles", key="story_articles",
                 select=True,
                 derive=lambda d: d.assign(outlet=d["article_id"].map(names).to_numpy(),
                                           copy_of=d["duplicate_of"].astype(object).fillna("").map(
                                               lambda a: titles.get(a, a) if a else "")
                                           if "duplicate_of" in d else ""),
                 config={"published": st.column_config.DateColumn("Published"), "outlet": "Outlet",
                         "title": st.column_config.TextColumn("Headline", width="large"),
                         "copy_of": "Copy of", "article_id": None})
if row is not None:
    st.switch_page("pages/articles.py", query_params={**view.filters.to_query(), "article": row["article_id"]})

with st.expander("Every story in this view"):
    _pick_from(f"stories_list_{chosen}")
