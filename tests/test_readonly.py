"""Read-only mode (DOSSIER_READONLY=1, for hosted links): no upload, no viewer-triggered rebuild, no server path.

Every page is run with AppTest on a small corpus kept in a folder whose absolute path must appear nowhere:
not in text, tables, charts, captions, widget options or the link box.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
REBUILD = re.compile(r"rebuild|re-?analy[sz]e|clear (the )?cache|reload|refresh|upload|re-?index", re.I)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "server-only-folder" / "articles"
    folder.mkdir(parents=True)
    (folder / "summit.txt").write_text(
        "Putin and Kim meet in Vladivostok\n\n"
        "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok on September 13, 2023. "
        "\"We will help you build satellites,\" Putin said on Wednesday.\n", encoding="utf-8")
    (folder / "broken.json").write_text('{"title": "cut off', encoding="utf-8")
    return folder


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _everything_shown(at: AppTest) -> str:
    """Every string the page sends to the browser: element protos (text, options, chart specs) and table cells."""
    parts = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if type(node).__name__ == "Dataframe":
            parts.append(node.value.to_csv())
    return "\n".join(parts)


def _run(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


@pytest.fixture
def readonly(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOSSIER_CORPUS", str(corpus))
    monkeypatch.setenv("DOSSIER_READONLY", "1")
    monkeypatch.delenv("DOSSIER_STORE", raising=False)
    return corpus


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/upload.py"])
def test_every_page_runs_read_only_without_paths_uploads_or_rebuilds(readonly: Path, page: str) -> None:
    at = _run(page)
    assert not at.exception, at.exception
    shown = _everything_shown(at)
    assert "Vladimir Putin" in shown or "Putin and Kim" in shown or page.endswith("downloads.py"), \
        "the page shows the corpus"
    assert str(readonly.parent) not in shown, f"{page} shows a server path"
    assert str(ROOT) not in shown, f"{page} shows the app's folder"
    assert not at.get("file_uploader"), f"{page} offers an upload"
    buttons = [b.label for b in at.button]
    assert not [b for b in buttons if REBUILD.search(b)], f"{page} lets a viewer rebuild: {buttons}"


def test_the_reader_and_problem_list_name_files_without_their_folder(readonly: Path) -> None:
    from analysis.corpus import article_id, normalise_body

    title, _, text = (readonly / "summit.txt").read_text().split("\n", 2)
    at = _run("pages/articles.py", article=article_id(normalise_body(text), title))
    assert not at.exception
    shown = _everything_shown(at)
    assert "summit.txt" in shown, "the reader says which file the article came from"
    assert str(readonly) not in shown
    overview = _run("pages/overview.py")
    problems = "\n".join(df.value.to_csv() for df in overview.dataframe)
    assert "broken.json" in problems and str(readonly) not in problems


def test_upload_page_is_hidden_and_a_direct_visit_gets_no_uploader(readonly: Path) -> None:
    at = _run("pages/overview.py")
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not registered at all
        at.switch_page("pages/upload.py").run()
    alone = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=180).run()
    assert not alone.exception
    assert not alone.get("file_uploader")
    assert any("read-only" in i.value for i in alone.info)


def test_without_read_only_the_same_checks_see_uploads_and_paths(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The contrast that shows the checks above can fail: the editable dashboard has both."""
    monkeypatch.setenv("DOSSIER_CORPUS", str(corpus))
    monkeypatch.setenv("DOSSIER_READONLY", "0")
    upload = _run("pages/upload.py")
    assert not upload.exception
    assert upload.get("file_uploader")
    assert str(corpus) in _everything_shown(_run("pages/overview.py"))


def test_a_viewer_clearing_the_caches_does_not_rebuild_the_analysis(readonly: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Any websocket client can send Streamlit's clear-cache message; a hosted link must not re-analyse for it."""
    import streamlit as st

    import analysis

    at = _run("pages/overview.py")
    assert not at.exception
    calls: list[int] = []
    real = analysis.analyze
    monkeypatch.setattr(analysis, "analyze", lambda *a, **k: calls.append(1) or real(*a, **k))
    st.cache_resource.clear()  # what the server does for a clear_cache message, for every session
    st.cache_data.clear()
    at.run()
    assert not at.exception
    assert at.metric[0].label == "Articles" and at.metric[0].value == "1", "the corpus is still shown"
    assert calls == [], "the corpus was analysed again"
