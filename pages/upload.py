"""Upload: add files in the browser, analyse them with a progress bar, and see them in every page."""

from pathlib import Path

import streamlit as st

from analysis import corpus
from analysis import problems as problem_rows
from ui import app, data, show

view = app.current()
st.title("Upload")
if view.settings.readonly:  # the router hides this page too; a direct link must not reach it either
    st.info("This dashboard is read-only: uploads are switched off.")
    st.stop()

formats = sorted(e.lstrip(".") for e in corpus.SUPPORTED)
st.markdown(f"Add articles as {show.md(', '.join(formats))} (up to {view.settings.upload_max_files} files of "
            f"{view.settings.upload_max_mb:g} MB each). They are analysed here and merged into every page of "
            "this session; the shared corpus on the server is not changed.")
with st.form("upload_form", clear_on_submit=True):
    files = st.file_uploader("Files", type=formats, accept_multiple_files=True, key="upload_files")
    submitted = st.form_submit_button("Analyse", type="primary", key="upload_go")
if submitted and not files:
    st.warning("Choose one or more files first.")
if submitted and files:
    bar = st.progress(0.0, text="Reading…")

    def progress(iterable, total=None, desc="", **_):
        items = list(iterable) if total is None else iterable
        total = total or len(items) or 1
        for i, item in enumerate(items, 1):
            bar.progress(min(i / total, 1.0), text=f"{desc.capitalize() or 'Working'}: {i} of {total}")
            yield item

    payload = [(f.name, f.getvalue()) for f in files[: view.settings.upload_max_files]]
    result = data.analyse_upload(payload, view.settings, progress=progress)
    bar.progress(1.0, text="Done")
    known = {u["key"] for u in data.uploaded()}
    if result["key"] not in known:
        data.uploaded().append(result)
    st.session_state["upload_last"] = result
    st.rerun()

last = st.session_state.get("upload_last")
if last:
    st.success(f"{last['articles']} article(s) read from {len(last['names'])} file(s) and merged into the view.")
    if len(last["problems"]):
        errors = problem_rows.error_summary(last["problems"])
        failed = last["problems"].loc[last["problems"]["severity"] == "error", "path"].map(lambda p: Path(str(p)).name)
        named = f": {', '.join(dict.fromkeys(failed))}" if 0 < len(set(failed)) <= 5 else ""  # "scan.txt" at a glance
        (st.error if errors else st.info)(f"{errors or 'Nothing was lost'}{named} "
                                          f"({problem_rows.summary(last['problems'])}):")
        show.table(last["problems"], ["path", "severity", "reason"], "upload_problems")
ups = data.uploaded()
if ups:
    st.subheader("In this session", anchor=False)
    for u in ups:
        st.text(f"{', '.join(u['names'])}: {u['articles']} article(s); {problem_rows.summary(u['problems'])}")
    if st.button("Remove all uploads", key="upload_clear"):
        ups.clear()
        st.session_state.pop("upload_last", None)
        st.rerun()
