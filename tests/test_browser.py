"""The served dashboard in Debian's headless Chromium: shared links open the view they name.

Two servers: the real analysis of ``seeds/`` (what a first-time user sees), and a hand-made store
(from test_pages) for interactions that need events and quotes whatever the extractors find.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from served_app import browser, chromium_path, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOVERS = ("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
          ".flatMap(gd => (gd.data || []).flatMap(t => [].concat(t.hovertext || [])))")
MAIN = "[data-testid='stMain']"


@pytest.fixture(scope="module")
def chromium():
    if not chromium_path():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing in CI, where the browser tests must run: apt-get install chromium")
        pytest.skip("chromium is not installed (apt-get install chromium); these tests run in CI")
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def seed_app(chromium):
    with serve({"DOSSIER_STORE": "", "DOSSIER_READONLY": "0"}) as base:
        yield base


@pytest.fixture(scope="module")
def hand_app(chromium, tmp_path_factory):
    from test_pages import hand_frames

    from analysis.store import write_frames

    store = tmp_path_factory.mktemp("browser_store")
    write_frames(hand_frames(), store)
    with serve({"DOSSIER_STORE": str(store), "DOSSIER_READONLY": "0"}) as base:
        yield base


def open_page(chromium, url: str, wait_for: str = MAIN):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector(wait_for, state="attached", timeout=180_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=180_000)
    page.wait_for_timeout(500)
    return page


def test_timeline_link_shows_kim_jong_un_events_only(chromium, seed_app):
    page = open_page(chromium, seed_app + "/timeline?actor=Kim+Jong+Un", ".js-plotly-plot")
    main = page.locator(MAIN).inner_text()
    assert re.search(r"\d+ events? with Kim Jong Un", main)
    hovers = " ".join(page.evaluate(HOVERS))
    assert "Chinese delegation" in hovers
    assert "imposed sanctions" not in hovers
    page.close()


def test_quotes_link_shows_kovalenko_quotes_not_kirby(chromium, seed_app):
    page = open_page(chromium, seed_app + "/quotes?actor=Oleksandr+Kovalenko", "[data-testid='stMarkdown']")
    page.wait_for_function("document.querySelector(\"[data-testid='stMain']\").innerText.includes('Quotes per speaker')",
                           timeout=60_000)  # the list above it is drawn
    main = page.locator(MAIN).inner_text()
    assert re.search(r"\d+ quotes? by Oleksandr Kovalenko", main)
    assert "Even Shoigu's visit could not somehow change this situation" in main, main
    assert "John Kirby" not in main and "actively progressing" not in main
    page.close()


def test_a_link_opened_first_on_a_fresh_server_goes_through_the_router(chromium, hand_app):
    page = open_page(chromium, hand_app + "/quotes?actor=John+Kirby", "[data-testid='stSidebarNavLink']")
    page.wait_for_function("document.querySelector(\"[data-testid='stSidebar']\").innerText.includes('Downloads')",
                           timeout=30_000)
    nav = page.locator("[data-testid='stSidebarNavLink']").all_inner_texts()
    assert [n.split("\n")[-1].strip() for n in nav][:5] == ["Overview", "Actors", "Timeline", "Quotes", "Articles"]
    page.wait_for_function("document.querySelector(\"[data-testid='stMain']\").innerText.includes('1 quote by John Kirby')")
    assert page.url.endswith("/quotes?actor=John+Kirby")
    page.close()


def test_choosing_an_actor_updates_the_url_and_survives_navigation(chromium, hand_app):
    page = open_page(chromium, hand_app + "/timeline", ".js-plotly-plot")
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    page.keyboard.type("Kim Jong")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/timeline\?actor=Kim\+Jong\+Un$"), timeout=30_000)
    page.wait_for_function("document.querySelector(\"[data-testid='stMain']\").innerText.includes('with Kim Jong Un')")
    page.locator("[data-testid='stSidebarNavLink']", has_text="Quotes").click()
    page.wait_for_url(re.compile(r"/quotes\?actor=Kim\+Jong\+Un$"), timeout=30_000)
    page.wait_for_function("document.querySelector(\"[data-testid='stMain']\").innerText.includes('0 quotes by Kim')")
    assert page.url.endswith("/quotes?actor=Kim+Jong+Un")
    assert "0 quotes by Kim Jong Un" in page.locator("[data-testid='stMain']").inner_text()
    page.close()


def test_copy_link_names_the_view(chromium, hand_app):
    page = open_page(chromium, hand_app + "/timeline?actor=Kim+Jong+Un&from=2023-08-01", ".js-plotly-plot")
    page.locator("[data-testid='stPopover'] button").first.click()
    code = page.locator("[data-testid='stCode']").first
    code.wait_for(timeout=10_000)
    assert code.inner_text().strip() == f"{hand_app}/timeline?actor=Kim+Jong+Un&from=2023-08-01"
    page.close()


def test_clicking_an_event_shows_it_in_its_article(chromium, hand_app):
    page = open_page(chromium, hand_app + "/timeline?actor=Kim+Jong+Un&type=meeting", ".js-plotly-plot .scatterlayer .point")
    page.locator(".js-plotly-plot .scatterlayer .point").first.click(force=True)
    focus = page.locator(".dossier-reader mark.focus")
    focus.wait_for(timeout=30_000)
    assert "met with a Chinese delegation" in focus.inner_text()
    page.close()


def test_an_upload_is_analysed_and_merged_into_the_view(chromium, hand_app, tmp_path):
    article = tmp_path / "kirby.txt"
    article.write_text("Kirby meets Norwegian officials\nOn October 3, 2023, White House spokesman John Kirby "
                       "met Norwegian officials in Oslo.\n", encoding="utf-8")
    scan = tmp_path / "scan.txt"
    scan.write_bytes(b"%PDF-1.7 binary" + bytes(300))
    page = open_page(chromium, hand_app + "/upload", "[data-testid='stFileUploader']")
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files([str(article), str(scan)])
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_function("document.querySelector(\"[data-testid='stMain']\").innerText.includes('could not be read')",
                           timeout=120_000)
    main = page.locator(MAIN).inner_text()
    assert "1 article(s) read from 2 file(s)" in main and "1 file could not be read: scan.txt (1 error" in main, main
    page.locator("[data-testid='stSidebarNavLink']", has_text="Overview").click()
    page.wait_for_function("document.querySelector(\"[data-testid='stMain']\").innerText.includes('All 3 articles')",
                           timeout=60_000)
    page.close()


def test_hostile_text_stays_inert(chromium, hand_app):
    dialogs: list[str] = []
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/articles?article=a_hostile", "/quotes?actor=Oleksandr+Kovalenko", "/timeline"):
        page.goto(hand_app + path)
        page.wait_for_selector(MAIN, timeout=60_000)
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        page.wait_for_timeout(800)
        main = page.locator(MAIN)
        assert main.locator("img[src='x']").count() == 0
        assert main.locator("b:text('Bold')").count() == 0
    page.wait_for_selector(".js-plotly-plot .point", timeout=60_000)
    hovers = page.evaluate(HOVERS)  # the timeline, last visited: Plotly renders tags in hovers
    assert "&lt;img" in " ".join(hovers) and "&lt;b&gt;1 October&lt;/b&gt;" in " ".join(hovers)
    assert not any("<img" in h or "<b>1 October" in h for h in hovers)
    assert not dialogs
    page.close()


LANES = ("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
         ".flatMap(gd => (gd.data || []).flatMap(t => Array.from(t.y || []).map(String)))")


def test_merging_two_actors_changes_the_actor_chart_and_the_timeline(chromium, hand_app):
    """Issue 15: Sergei Shoigu merged into Kim Jong Un on the Actors page; the chart and the Timeline follow."""
    page = open_page(chromium, hand_app + "/timeline", ".js-plotly-plot")
    assert "Sergei Shoigu" in page.evaluate(LANES), "Shoigu has a lane of his own before the merge"
    page.locator("[data-testid='stSidebarNavLink']", has_text="Actors").click()
    page.wait_for_selector(".st-key-edit_actor", timeout=60_000)
    assert "Sergei Shoigu" in page.evaluate(LANES), "and a bar in the actor chart"
    for key, name in (("edit_actor", "Sergei Shoigu"), ("edit_into", "Kim Jong Un")):
        page.locator(f".st-key-{key} [data-testid='stSelectbox']").click()
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.locator(".st-key-edit_apply button").click()
    page.wait_for_function("document.querySelector(\"[data-testid='stMain']\").innerText.includes('1 row applied')",
                           timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    assert "Sergei Shoigu" not in page.evaluate(LANES) and "Kim Jong Un" in page.evaluate(LANES)
    page.locator("[data-testid='stSidebarNavLink']", has_text="Timeline").click()
    page.wait_for_url(re.compile(r"/timeline"), timeout=30_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_timeout(500)
    lanes = page.evaluate(LANES)
    assert "Sergei Shoigu" not in lanes and "Kim Jong Un" in lanes
    page.close()
