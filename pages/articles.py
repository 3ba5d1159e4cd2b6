"""Articles: read one article with its actors, dates and quotes marked, beside the rows extracted from it."""

import streamlit as st

from ui import app, reader, show

view = app.current()
arts = view.frames["articles"][["article_id", "published"]].sort_values("published", ascending=False, kind="stable",
                                                                      na_position="last")
show.header("Articles", view.filters, len(arts), "articles", "articles")

wanted = st.query_params.get("article", "")
if arts.empty and not wanted:
    st.info("No article in this view. Clear a filter to see more.")
    st.stop()

ids = list(arts["article_id"].head(2000))  # the newest; a link or the filters reach the rest
if wanted and wanted not in ids and len(view.corpus.article_rows(wanted)["articles"]):
    ids.insert(0, wanted)  # a link to one article opens it even when the filters would hide it
labels = view.corpus.labels
choice = st.selectbox("Article", ids, index=ids.index(wanted) if wanted in ids else 0,
                      format_func=lambda a: labels.get(a, a), key=f"article_pick_{wanted}")
if choice != wanted:
    st.query_params["article"] = choice
one = view.corpus.article_rows(choice)
art = one["articles"].iloc[0]

left, right = st.columns([3, 2])
with left:
    focus, focus_title = None, "selected"
    ev_id = st.query_params.get("event", "")
    ev = one["events"][one["events"]["event_id"] == ev_id] if ev_id else one["events"].head(0)
    if len(ev):
        focus, focus_title = reader.event_focus(ev.iloc[0])
        if ev.iloc[0].get("date_source") == "article":
            st.caption(f"The selected event has no date in its sentence: {reader.dated_label(ev.iloc[0]['date_start'])}, "
                       "the day the article was published.")
    reader.render(one, art, focus=focus, focus_title=focus_title, readonly=view.settings.readonly)
with right:
    t1, t2, t3, t4 = st.tabs([f"Actors ({one['mentions']['actor'].nunique()})", f"Events ({len(one['events'])})",
                              f"Quotes ({len(one['quotes'])})", f"Dates ({len(one['dates'])})"])
    with t1:
        m = one["mentions"].groupby(["actor", "actor_type"], sort=False, observed=True).agg(
            mentions=("text", "size"), as_written=("text", lambda s: ", ".join(dict.fromkeys(s)))).reset_index()
        show.table(m.sort_values("mentions", ascending=False), ["actor", "actor_type", "mentions", "as_written"],
                   "article_actors", config={"actor_type": "Type", "as_written": "As written"})
    with t2:
        e = one["events"].assign(actors=one["events"]["actors"].map(", ".join), date_text=show.as_written(one["events"]))
        show.table(e, ["date_start", "date_text", "event_type", "planned", "actors", "text"], "article_events",
                   config={"date_start": st.column_config.DateColumn("Date"), "date_text": "As written"})
    with t3:
        show.table(one["quotes"], ["speaker", "quote", "kind", "cue"], "article_quotes",
                   config={"quote": st.column_config.TextColumn("Quote", width="large")})
    with t4:
        show.table(one["dates"], ["text", "date_start", "date_end", "precision"], "article_dates",
                   config={"date_start": st.column_config.DateColumn("From"),
                           "date_end": st.column_config.DateColumn("To")})

st.subheader("Mentions in this view", anchor=False)
show.table(view.frames["mentions"], ["actor", "actor_type", "text", "label", "article"], "mentions",
           derive=lambda d: d.assign(article=d["article_id"].map(labels)),
           config={"text": "As written", "label": "NER label"})
st.subheader("Events in this view", anchor=False)
evs = view.frames["events"]
show.table(evs, ["date_start", "date_text", "event_type", "actors", "text", "article"], "events_in_view",
           derive=lambda d: d.assign(actors=d["actors"].map(", ".join), article=d["article_id"].map(labels),
                                     date_text=show.as_written(d)),
           config={"date_start": st.column_config.DateColumn("Date"), "date_text": "As written"})
