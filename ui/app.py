"""What every page reads: the settings, the corpus, the filters from the sidebar and the filtered frames.

``dashboard.py`` prepares this once per run before the page script runs; a page opened on its own
(an AppTest of one page file) prepares it itself, so pages stay thin and testable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.filters import Filters
from analysis.settings import Settings
from ui import data, sidebar

KEY = "_dossier_view"


@dataclass
class View:
    settings: Settings
    corpus: data.Corpus
    filters: Filters
    frames: dict[str, pd.DataFrame]  # filtered

    def memo(self, name: str, make):
        """``make()`` once per corpus, filter and ``name`` (see ui.data.memo)."""
        return data.memo(self.corpus, self.filters, name, make)

    @property
    def all(self) -> dict[str, pd.DataFrame]:
        """The unfiltered frames (the corpus plus this session's uploads)."""
        return self.corpus.frames


def prepare() -> View:
    """Load (from cache), draw the sidebar filters and filter; stored for the page of this run."""
    settings = data.settings()
    corpus = data.with_uploads(data.load(settings))
    filters = sidebar.render(corpus.frames)
    view = View(settings=settings, corpus=corpus, filters=filters, frames=data.view(corpus, filters))
    st.session_state[KEY] = view
    return view


def current() -> View:
    """The view prepared by the router in this run, or a fresh one when the page runs on its own."""
    view = st.session_state.get(KEY)
    if view is not None and st.session_state.get("_dossier_routed"):
        st.session_state["_dossier_routed"] = False
        return view
    return prepare()
