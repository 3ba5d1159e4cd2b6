"""Overview: how big the corpus is, who is in it, what happened last, what it covers, what could not be read."""

import pandas as pd
import plotly.express as px
import streamlit as st

from analysis import filters as flt
from analysis import problems as problem_rows
from ui import app, charts, show

PROBLEM_COLUMNS = {"path": "File", "reason": st.column_config.TextColumn("Reason", width="large")}

view = app.current()
f, arts = view.frames, view.frames["articles"]
show.header("Overview", view.filters, len(arts), "articles", "")

c = st.columns(4)
c[0].metric("Articles", f"{len(arts):,}")
counts = view.memo("actor_counts:stories", lambda: charts.actor_counts(f["mentions"], view.all["articles"]))
c[1].metric("Actors", f"{len(counts):,}")
c[2].metric("Events", f"{len(f['events']):,}")
c[3].metric("Quotes", f"{flt.count(f, 'quotes'):,}")  # a count: the filtered quotes themselves are not needed
if view.corpus.uploads:
    st.caption(f"Includes {len(view.corpus.uploads)} uploaded file(s) from this session.")

left, right = st.columns(2)
with left:
    st.subheader("Top actors")
    if counts.empty:
        st.info("No actor is mentioned in this view.")
    else:
        by = charts.count_control(view.all["articles"], key="overview_count_by")
        st.plotly_chart(view.memo(f"top_bar:{by}", lambda: charts.actor_bar(charts.by_count(counts, by).head(15), by)),
                        width="stretch", key="overview_top")
with right:
    st.subheader("Latest events")
    ev = f["events"]
    ev = ev.iloc[::-1] if ev["date_start"].is_monotonic_increasing else ev.sort_values("date_start", ascending=False)
    if ev.empty:
        st.info("No dated event in this view.")
    else:
        show.table(ev, ["date_start", "date_text", "event_type", "actors", "text"], "latest_events", height=420,
                   derive=lambda d: d.assign(actors=d["actors"].map(", ".join), date_text=show.as_written(d)),
                   config={"date_start": st.column_config.DateColumn("Date"), "date_text": "As written",
                           "event_type": "Type", "actors": "Actors", "text": "Sentence"})

st.subheader("Coverage")
dated = arts["published"].dropna()
if dated.empty:
    st.info("No article in this view has a publication date.")
else:
    inferred = int(arts["date_inferred"].fillna(False).sum())
    first, last = dated.min(), dated.max()
    st.markdown(f"Articles published from **{first.day} {first:%b %Y}** to **{last.day} {last:%b %Y}**"
                + (f"; {inferred} date(s) inferred from the text." if inferred else "."))
    per = dated.dt.to_period("M").dt.to_timestamp().value_counts().sort_index()
    fig = px.bar(pd.DataFrame({"month": per.index, "articles": per.to_numpy()}), x="month", y="articles", height=220)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 0}, bargap=0.1)
    st.plotly_chart(fig, width="stretch", key="overview_coverage")
undated = int(arts["published"].isna().sum())
if undated:
    st.caption(f"{undated} article(s) have no publication date.")

st.subheader("Inputs and problems")
problems = view.all["problems"]
counts = problem_rows.counts(problems)
if not counts["error"]:
    st.success("Every input was read and analysed.")
else:
    st.error(problem_rows.error_summary(problems) + ".")
    show.table(problems[problems["severity"] == "error"], ["path", "reason"], "errors", config=PROBLEM_COLUMNS)
for severity, meaning in (("warning", "read, but worth a look"), ("note", "nothing was lost")):
    if counts[severity]:
        with st.expander(f"{counts[severity]:,} {severity}{'s' if counts[severity] > 1 else ''}: {meaning}"):
            show.table(problems[problems["severity"] == severity], ["path", "reason"], f"{severity}s",
                       config=PROBLEM_COLUMNS)
