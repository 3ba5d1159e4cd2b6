"""Quotes: who said what, when and where; a selected quote opens in context."""

import pandas as pd
import streamlit as st

from ui import app, charts, reader, show

view = app.current()
quotes, arts = view.frames["quotes"], view.all["articles"]
show.header("Quotes", view.filters, len(quotes), "quotes", "quotes")

if quotes.empty:
    st.info("No attributed quote in this view. Clear a filter, or search for other words.")
    st.stop()

kinds = quotes["kind"].value_counts()
st.caption(" · ".join(f"{n:,} {k}" for k, n in kinds.items()) + " · select a row to read the quote in its article.")
table = quotes.assign(speaker=quotes["speaker"].where(quotes["speaker"] != "", "(unknown)"),
                      source=quotes["article_id"].map(show.source_label(arts)))
row = show.table(table, ["speaker", "quote", "kind", "cue", "date", "speaker_text", "source", "quote_id"],
                 "quotes", key="quotes_table", select=True, height=460,
                 config={"speaker": "Speaker", "quote": st.column_config.TextColumn("Quote", width="large"),
                         "kind": "Kind", "cue": "Cue", "date": st.column_config.DateColumn("Date"),
                         "speaker_text": "As written", "source": "Article", "quote_id": None})

left, right = st.columns([3, 1])
with right:
    st.subheader("Quotes per speaker", anchor=False)
    st.plotly_chart(charts.speaker_bar(quotes), width="stretch", key="quotes_speakers")
with left:
    selected = row["quote_id"] if row is not None else st.query_params.get("quote", "")
    hit = view.all["quotes"][view.all["quotes"]["quote_id"] == selected] if selected else quotes.head(0)
    if hit.empty:
        st.caption("Select a quote above to read it in context.")
    else:
        q = hit.iloc[0]
        art = arts[arts["article_id"] == q["article_id"]]
        who = q["speaker"] or q["speaker_text"] or "an unknown speaker"
        st.markdown(f"**{show.md(who)}** ({show.md(q['kind'])}, {show.md(q['cue'])}) on {show.short_date(q['date'])}")
        if len(art):
            in_title = bool(q["in_title"]) if pd.notna(q["in_title"]) else False
            focus = None if in_title or pd.isna(q["start"]) else (int(q["start"]), int(q["end"]))
            if in_title:
                st.caption("This quote is in the headline.")
            reader.render(view.all, art.iloc[0], focus=focus, readonly=view.settings.readonly)
