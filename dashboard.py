"""Dossier's dashboard: `streamlit run dashboard.py`.

The router: page config, the corpus (cached per server), the sidebar filters bound to the URL, and
st.navigation over pages/ with explicit URL paths. The paths and query parameters are a contract:
links pasted into reports must keep working (see analysis/filters.py).
"""

import streamlit as st

from ui import app

st.set_page_config(page_title="Dossier", page_icon=":material/folder_open:", layout="wide")

view = app.prepare()

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="", default=True),
    st.Page("pages/actors.py", title="Actors", icon=":material/groups:", url_path="actors"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/quotes.py", title="Quotes", icon=":material/format_quote:", url_path="quotes"),
    st.Page("pages/articles.py", title="Articles", icon=":material/article:", url_path="articles"),
    st.Page("pages/stories.py", title="Stories", icon=":material/newspaper:", url_path="stories"),
]
if not view.settings.readonly:
    PAGES.append(st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:", url_path="upload"))
PAGES.append(st.Page("pages/downloads.py", title="Downloads", icon=":material/download:", url_path="downloads"))

page = st.navigation(PAGES)
st.session_state["_dossier_routed"] = True
with st.sidebar:
    st.caption(f"Corpus: {len(view.all['articles']):,} articles · model {view.corpus.model}")
page.run()
