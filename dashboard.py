"""Dossier's dashboard: the articles of the corpus (the full dashboard grows from here)."""

import streamlit as st

from analysis import analyze
from analysis.settings import Settings

st.set_page_config(page_title="Dossier", layout="wide")


@st.cache_data(show_spinner="Analysing the corpus…")
def load(paths: tuple[str, ...]):
    return analyze(list(paths)).frames()


settings = Settings.from_env()
frames = load(tuple(settings.corpus))
st.title("Dossier")
st.caption(f"{len(frames['articles'])} articles, {len(frames['problems'])} problems")
st.dataframe(frames["articles"][["title", "source", "published", "words"]], hide_index=True)
