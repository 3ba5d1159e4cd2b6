"""Timeline: dated events on a time axis, the reports of one happening merged; a selected event opens in
its article, and a merged one lists its reports."""

import pandas as pd
import streamlit as st

from analysis.filters import DATED
from ui import app, charts, reader, show, sidebar

view = app.current()
events, arts = view.frames["events"], view.all["articles"]
show.header("Timeline", view.filters, len(events), "events", "timeline")

c1, c2, c3 = st.columns([2, 3, 3], vertical_alignment="center")
lanes = c1.segmented_control("Lanes", ["actor", "type"], default="actor", key="timeline_lanes",
                             format_func=lambda s: f"by {s}") or "actor"
st.session_state["timeline_dated"] = view.filters.dated or "all"  # the view's value, as the URL says it
c2.segmented_control("Dated", ["all", *DATED], key="timeline_dated", required=True,
                     format_func=lambda s: {"all": "all events", "text": "in the sentence",
                                            "article": "by the article"}[s],
                     on_change=sidebar.set_dated, args=("timeline_dated",),
                     help="An event is dated by a date in its sentence, or, when its sentence has none, by the "
                          "article's publication day (a diamond on the chart).")
merge = c3.toggle("Merge reports", value=True, key="timeline_merge",
                  help="One mark per happening, however many articles report it: bigger when more do, its outlets "
                       "and first report on hover, its reports listed when you click it. Off: one mark per report.")
n_article = int(show.by_article(events).sum())
groups = charts.group_count(events) if merge else len(events)
merged_away = len(events) - groups
st.caption("A point is a day; a bar spans a week, month or range. Hollow points and hatched bars are planned "
           "or announced events; a diamond is dated by the article (no date in its sentence"
           + (f": {n_article:,} of these {len(events):,}" if n_article and not view.filters.dated else "")
           + ")."
           + (f" {len(events):,} reports of {groups:,} happenings: a bigger mark has more reports." if merged_away
              else "")
           + " Click an event to read it in its article.")

selected_id = st.query_params.get("event", "")
shown = events
if events.empty:
    st.info("No dated event in this view. Widen the dates or clear a filter.")
elif groups > charts.MAX_TIMELINE_EVENTS:
    st.warning(f"{groups:,} events are too many to draw one by one: showing events per week. "
               "Narrow the filters to see each event.")
    st.plotly_chart(charts.events_histogram(events), width="stretch", key="timeline_hist")
else:
    if merge:
        shown = view.memo("merged_events", lambda: charts.merged_events(events, view.all["articles"],
                                                                        view.all["event_groups"]))
    fig = charts.timeline(shown, view.corpus.labels, lanes=lanes, selected=list(view.filters.actors))
    if view.filters.start and view.filters.end:  # the period asked for, even where it has no events
        fig.update_xaxes(range=[view.filters.start.isoformat(), view.filters.end.isoformat() + " 23:59"])
    picked = st.plotly_chart(fig, width="stretch", key="timeline_chart", on_select="rerun",
                             selection_mode="points")
    points = (picked.selection.points if picked and hasattr(picked, "selection") else []) or []
    if points and points[0].get("customdata"):
        cd = points[0]["customdata"]
        selected_id = cd[0] if isinstance(cd, list) else cd

st.subheader("Events", anchor=False)
merged = merge and "n_reports" in shown
row = show.table(shown, ["date_start", "date_end", "precision", "date_text", "planned", "event_type", "actors",
                         *(["n_reports", "n_sources"] if merged else []), "text", "article", "event_id"], "events",
                 key="timeline_table", select=True,
                 derive=lambda d: d.assign(actors=d["actors"].map(", ".join), article=d["article_id"].map(
                     view.corpus.labels), date_text=show.as_written(d)),
                 config={"date_start": st.column_config.DateColumn("From"), "date_end": st.column_config.DateColumn("To"),
                         "precision": "Precision", "date_text": "As written", "planned": "Planned", "event_type": "Type",
                         "actors": "Actors", "n_reports": "Reports", "n_sources": "Outlets",
                         "text": st.column_config.TextColumn("Sentence", width="large"),
                         "article": "First report" if merged else "Article", "event_id": None})
if row is not None:
    selected_id = row["event_id"]

hit = view.all["events"][view.all["events"]["event_id"] == selected_id] if selected_id else events.head(0)
group = str(hit.iloc[0].get("event_group") or "") if len(hit) and "event_group" in hit else ""
reports = events[events["event_group"].astype(object) == group] if merge and group else events.head(0)
if len(reports) > 1:
    st.divider()
    outlets = charts.outlets(view.all["articles"], reports["article_id"])
    off = int(reports["date_disagrees"].fillna(False).sum()) if "date_disagrees" in reports else 0
    st.markdown(f"**{len(reports):,} reports of this event** from {reports['article_id'].map(outlets).nunique():,} "
                "outlet(s)" + (f"; {off} give another date (flagged)" if off else "")
                + ". Pick one to read it in its article.")
    published = view.all["articles"].set_index("article_id")["published"]
    pick = show.table(reports.assign(published=reports["article_id"].map(published)).sort_values(
                          ["published", "article_id"], kind="stable"),
                      ["published", "outlet", "article", "date_text", "date_disagrees", "text", "event_id"],
                      "event_reports", key=f"timeline_reports_{group}", select=True,
                      derive=lambda d: d.assign(outlet=d["article_id"].map(outlets), date_text=show.as_written(d),
                                                article=d["article_id"].map(view.corpus.labels)),
                      config={"published": st.column_config.DateColumn("Published"), "outlet": "Outlet",
                              "article": "Article", "date_text": "As written",
                              "date_disagrees": st.column_config.CheckboxColumn(
                                  "Another date", help="This report's date does not agree with the other reports'"),
                              "text": st.column_config.TextColumn("Sentence", width="large"), "event_id": None})
    if pick is not None:
        hit = view.all["events"][view.all["events"]["event_id"] == pick["event_id"]]
if len(hit):
    ev = hit.iloc[0]
    art = arts[arts["article_id"] == ev["article_id"]]
    st.divider()
    when = reader.dated_label(ev["date_start"]) if ev.get("date_source") == "article" else ev["date_text"]
    st.markdown(f"**{show.md(when)}** · {show.md(ev['event_type'].replace('_', ' '))}"
                + (" · planned" if pd.notna(ev["planned"]) and ev["planned"] else "") + f" · {show.md(', '.join(ev['actors']))}")
    if len(art):
        if st.button("Open in the reader", key="timeline_open"):
            st.switch_page("pages/articles.py", query_params={**view.filters.to_query(),
                                                              "article": ev["article_id"], "event": ev["event_id"]})
        focus, focus_title = reader.event_focus(ev)
        reader.render(view.corpus.article_rows(ev["article_id"]), art.iloc[0], focus=focus, focus_title=focus_title,
                      readonly=view.settings.readonly)
