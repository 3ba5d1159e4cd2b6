"""Quotes: who said what, when and where, each quote once with the outlets that ran it; a selected quote
opens in context."""

import pandas as pd
import streamlit as st

from ui import app, charts, reader, show

LIST_ROWS = 50

view = app.current()
quotes, arts = view.frames["quotes"], view.all["articles"]
show.header("Quotes", view.filters, len(quotes), "quotes", "quotes")

if quotes.empty:
    st.info("No attributed quote in this view. Clear a filter, or search for other words.")
    st.stop()


def context(quote_id: str) -> None:
    """The quote in its article, marked."""
    hit = view.all["quotes"][view.all["quotes"]["quote_id"] == quote_id]
    if hit.empty:
        return
    q = hit.iloc[0]
    art = arts[arts["article_id"] == q["article_id"]]
    if art.empty:
        return
    in_title = bool(q["in_title"]) if pd.notna(q["in_title"]) else False
    if in_title:
        st.caption("This quote is in the headline.")
    focus = None if in_title or pd.isna(q["start"]) else (int(q["start"]), int(q["end"]))
    reader.render(view.corpus.article_rows(q["article_id"]), art.iloc[0], focus=focus, readonly=view.settings.readonly)


c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="center")
layout = c2.segmented_control("Show as", ["list", "table"], default="list", key="quotes_layout") or "list"
merge = c3.toggle("Merge copies", value=True, key="quotes_merge",
                  help="Each quote once, where it first appeared, with the outlets that ran the same words by the "
                       "same speaker. Off: one row per article that has it.")
rows = view.memo("quotes_once", lambda: charts.quotes_once(quotes, view.all["articles"])) if merge else quotes
kinds = rows["kind"].value_counts()
c1.caption(" · ".join(f"{n:,} {k}" for k, n in kinds.items())
           + (f" · {len(rows):,} distinct of {len(quotes):,} (the same words in several articles listed once)"
              if merge and len(rows) < len(quotes) else ""))
labels = view.corpus.labels


def ran_by(q) -> str:
    """Where a quote appeared: its first article, and the other outlets that ran it."""
    first = labels.get(q.article_id, "")
    if not merge or q.n_articles <= 1:
        return first
    others = [o for o in q.outlets if o != q.first_outlet]
    return (f"First in {first}; {q.n_articles} articles in all"
            + (f", also run by {', '.join(others)}" if others else ""))


selected = st.query_params.get("quote", "")
if layout == "table":
    row = show.table(rows, ["speaker", "quote", "kind", "cue", "date", "speaker_text", "source",
                            *(["n_articles", "outlets"] if merge else []), "quote_id"],
                     "quotes", key="quotes_table", select=True, height=460,
                     derive=lambda d: d.assign(speaker=d["speaker"].where(d["speaker"] != "", "(unknown)"),
                                               source=d["article_id"].map(labels),
                                               **({"outlets": d["outlets"].map(", ".join)} if merge else {})),
                     config={"speaker": "Speaker", "quote": st.column_config.TextColumn("Quote", width="large"),
                             "kind": "Kind", "cue": "Cue", "date": st.column_config.DateColumn("Date"),
                             "speaker_text": "As written", "source": "First in" if merge else "Article",
                             "n_articles": "Articles", "outlets": "Outlets", "quote_id": None})
    selected = row["quote_id"] if row is not None else selected
    if selected:
        context(selected)
else:
    shown = rows.head(LIST_ROWS)
    if selected and selected not in set(shown["quote_id"]):  # a link to a copy, or past the list: shown first
        with st.container(border=True):
            st.caption("The quote of the link:")
            context(selected)
    for q in shown.itertuples(index=False):
        with st.container(border=True):
            who = q.speaker or f"{q.speaker_text or 'unknown speaker'} (unresolved)"
            where = "in the headline" if pd.notna(q.in_title) and q.in_title else show.md(q.cue)
            parts = [show.md(q.kind), where, show.short_date(q.date)]
            st.markdown(f"**{show.md(who)}** · " + " · ".join(p for p in parts if p))
            st.markdown(f"> {show.md(q.quote)}")
            a, b = st.columns([5, 1], vertical_alignment="center")
            a.caption(show.md(ran_by(q)))
            if b.button("In context", key=f"quote_ctx_{q.quote_id}", width="stretch"):
                st.query_params["quote"] = q.quote_id
                selected = q.quote_id
            if q.quote_id == selected:
                context(selected)
    if len(rows) > LIST_ROWS:
        st.caption(f"The first {LIST_ROWS} of {len(rows):,} quotes; the table shows more and downloads them all.")

st.subheader("Quotes per speaker", anchor=False)
if merge:
    st.caption("Each quote counted once, however many articles ran it.")
st.plotly_chart(charts.speaker_bar(rows), width="stretch", key="quotes_speakers")
