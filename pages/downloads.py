"""Downloads: every table of the view as CSV, or all of them as one ZIP with a manifest."""

import datetime as dt

import streamlit as st

from analysis import schema
from analysis.export import zip_bundle
from ui import app, show

view = app.current()
f = view.frames
show.header("Downloads", view.filters, len(f["articles"]), "articles", "downloads")
st.caption("Each table as the filters show it. CSV cells that a spreadsheet would run as a formula are "
           "neutralised; list columns are joined with “|”.")


def manifest() -> dict:
    return {"filter": view.filters.to_query(), "description": view.filters.describe(len(f["events"]), "events"),
            "link": show.link("", view.filters), "corpus": view.corpus.label, "corpus_key": view.corpus.key,
            "uploads": view.corpus.uploads, "model": view.corpus.model,
            "rows": {name: len(f[name]) for name in schema.FRAMES},
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}


for name in schema.FRAMES:
    df = f[name]
    if name == "articles" and view.settings.readonly:
        df = df.drop(columns=["path", "paths"], errors="ignore")
    c1, c2 = st.columns([3, 1], vertical_alignment="center")
    c1.markdown(f"**{name}** · {len(df):,} rows")
    c2.download_button(f"{name}.csv", lambda df=df: show.csv(df), file_name=f"{name}.csv", mime="text/csv", key=f"dl_{name}",
                       width="stretch", on_click="ignore")

st.divider()
frames = {n: (f[n].drop(columns=["path", "paths"], errors="ignore") if view.settings.readonly and n == "articles"
              else f[n]) for n in schema.FRAMES}
st.download_button("Download everything (ZIP with manifest)", lambda: zip_bundle(frames, manifest()),
                   file_name="dossier.zip", mime="application/zip", type="primary", key="dl_zip",
                   on_click="ignore")
