"""What every page reads: the settings, the corpus, the filters from the sidebar and the filtered frames.

``dashboard.py`` prepares this once per run before the page script runs; a page opened on its own
(an AppTest of one page file) prepares it itself, so pages stay thin and testable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    base: data.Corpus | None = None  # the corpus before the alias table's corrections
    edits: list = field(default_factory=list)  # the alias table's rows that apply (analysis.actors.reference.AliasRow)
    edit_problems: list[str] = field(default_factory=list)  # rows of the table that cannot apply, said

    def memo(self, name: str, make):
        """``make()`` once per corpus, filter and ``name`` (see ui.data.memo)."""
        return data.memo(self.corpus, self.filters, name, make)

    @property
    def all(self) -> dict[str, pd.DataFrame]:
        """The unfiltered frames (the corpus plus this session's uploads)."""
        return self.corpus.frames


def prepare() -> View:
    """Load (from cache), draw the sidebar filters and filter; stored for the page of this run."""
    data.drop_previous_downloads()
    settings = data.settings()
    base = data.with_uploads(data.load(settings))
    rows, problems = data.table_rows(data.alias_table(settings))
    corpus = data.with_edits(base, rows)
    filters = sidebar.render(corpus.frames)
    view = View(settings=settings, corpus=corpus, filters=filters, frames=data.view(corpus, filters), base=base,
                edits=rows, edit_problems=problems)
    st.session_state[KEY] = view
    return view


def current() -> View:
    """The view prepared by the router in this run, or a fresh one when the page runs on its own."""
    view = st.session_state.get(KEY)
    if view is not None and st.session_state.get("_dossier_routed"):
        st.session_state["_dossier_routed"] = False
        return view
    _through_the_router()
    return prepare()


def _through_the_router() -> None:
    """Make sure ``dashboard.py`` routes this run.

    A folder named ``pages/`` puts Streamlit in its old multipage mode until some session has called
    st.navigation: on a freshly started server, a shared link such as ``/timeline?actor=...`` would
    run pages/timeline.py on its own, without the router's navigation and layout. Leave that mode
    and rerun: the main script then runs, calls st.navigation, and opens the same page and parameters.
    """
    from streamlit.runtime import Runtime
    from streamlit.runtime.pages_manager import PagesManager

    # AppTest (whose runtime is a stand-in) resets this flag before every run and runs the page in place,
    # with the same sidebar and data from prepare(); only a served app is switched over.
    served = Runtime.exists() and type(Runtime.instance()) is Runtime  # a spec MagicMock passes isinstance
    if served and PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
