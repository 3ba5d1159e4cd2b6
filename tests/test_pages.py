"""AppTest of every page: no exception, the key elements present, and URL parameters restore the filters.

The pages run on two corpora: a hand-made store (the seed article read the way seed.json reads it, plus
an article whose headline is hostile Markdown/HTML), so that events and quotes exist whatever the state
of the extractors; and the real analysis of ``seeds/``, through the same cache the server uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import schema
from analysis.store import write_frames

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
SEED = ROOT / "seeds" / "000_8eed7f64ee0bb514.txt"
PAGES = ["pages/overview.py", "pages/stories.py", "pages/actors.py", "pages/timeline.py", "pages/quotes.py", "pages/articles.py",
         "pages/upload.py", "pages/downloads.py"]
HOSTILE_TITLE = "<b>Bold</b> **stars** $x^2$ [link](http://evil.example) <script>alert(1)</script>"

ACTORS = [  # name, type, role, aliases as written in the seed
    ("North Korea", "country", "", ["DPRK", "North Korea", "North Korean"]),
    ("Russia", "country", "", ["Russia", "the Russian Federation", "Russian"]),
    ("China", "country", "", ["China", "Chinese"]),
    ("United States", "country", "", ["the United States", "US"]),
    ("Kim Jong Un", "person", "North Korean leader", ["Kim Jong Un", "Kim Jong-un"]),
    ("Vladimir Putin", "person", "", ["Vladimir Putin", "Putin"]),
    ("Sergei Shoigu", "person", "Russian Defense Minister", ["Sergei Shoigu", "Shoigu"]),
    ("Oleksandr Kovalenko", "person", "military and political observer", ["Oleksandr Kovalenko", "Kovalenko"]),
    ("John Kirby", "person", "White House spokesman", ["John Kirby"]),
    ("Joe Biden", "person", "US President", ["Joe Biden"]),
    ("White House", "organization", "", ["White House"]),
]
EVENTS = [  # start, end, precision, date_text, type, actors, planned, sentence contains
    ("2023-07-01", "2023-07-31", "month", "In July", "visit", ["Sergei Shoigu", "North Korea"], False, "Shoigu visited"),
    ("2023-08-01", "2023-08-15", "range", "In early August", "accusation", ["White House", "Russia"], False,
     "accused Russia"),
    ("2023-08-31", "2023-08-31", "day", "On August 31", "sanction", ["United States", "Russia"], False,
     "imposed sanctions"),
    ("2023-09-08", "2023-09-08", "day", "Friday, September 8", "meeting", ["Kim Jong Un", "China"], False,
     "Chinese delegation"),
    ("2023-09-01", "2023-09-30", "month", "in September", "visit", ["Kim Jong Un", "Russia"], True,
     "plans to visit Russia"),
]
QUOTES = [  # speaker, kind, cue, content starts
    ("Oleksandr Kovalenko", "direct", "say", "They (North Korea - ed.) have"),
    ("Oleksandr Kovalenko", "direct", "emphasize", "Even Shoigu's visit"),
    ("Oleksandr Kovalenko", "indirect", "believe", "North Korea will not start supplying"),
    ("John Kirby", "mixed", "say", "actively progressing"),
]


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, at) + 1, text.rfind(". ", 0, at) + 2 if text.rfind(". ", 0, at) >= 0 else 0)
    end = text.find("\n", at)
    return start, end if end >= 0 else len(text)


def hand_frames() -> dict[str, pd.DataFrame]:
    """The seed article as seed.json reads it, and a hostile one, as SCHEMA frames."""
    lines = SEED.read_text(encoding="utf-8").split("\n", 1)
    title, text = lines[0], lines[1].strip()
    hostile_text = "Oleksandr Kovalenko wrote *this* <img src=x onerror=alert(1)> $\\frac{a}{b}$ on 1 October 2023."
    arts = [
        {"article_id": "a_seed", "title": title, "source": "Espreso TV", "url": "", "published": "2023-09-09",
         "date_inferred": True, "path": str(SEED), "paths": [str(SEED)], "words": len(text.split()), "text": text},
        {"article_id": "a_hostile", "title": HOSTILE_TITLE, "source": "<i>Evil</i> Wire", "url": "",
         "published": "2023-10-02", "date_inferred": False, "path": "/srv/secret/hostile.txt",
         "paths": ["/srv/secret/hostile.txt"], "words": 12, "text": hostile_text},
    ]
    mentions = []
    for aid, body in (("a_seed", text), ("a_hostile", hostile_text)):
        taken: list[tuple[int, int]] = []
        for name, typ, role, aliases in ACTORS:
            for alias in sorted(aliases, key=len, reverse=True):
                for m in re.finditer(rf"\b{re.escape(alias)}\b", body):
                    if any(s < m.end() and m.start() < e for s, e in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    mentions.append({"article_id": aid, "sentence": 0, "start": m.start(), "end": m.end(),
                                     "text": alias, "label": "PERSON" if typ == "person" else "GPE",
                                     "actor_id": "p" + name.replace(" ", ""), "actor": name, "actor_type": typ,
                                     "role": role})
    mentions = schema.frame("mentions", mentions).sort_values(["article_id", "start"], ignore_index=True)
    actors = actors_of(mentions, schema.frame("articles", arts), ACTORS)
    events = []
    for i, (start, end, prec, dtext, etype, who, planned, needle) in enumerate(EVENTS):
        at = text.index(needle)
        s, e = _sentence_bounds(text, at)
        events.append({"event_id": f"e{i}", "article_id": "a_seed", "sentence": i, "start": s, "end": e,
                       "date_start": start, "date_end": end, "precision": prec, "date_text": dtext,
                       "planned": planned, "event_type": etype, "action": "", "actors": who, "subject": who[0],
                       "text": text[s:e]})
    events.append({"event_id": "e_hostile", "article_id": "a_hostile", "sentence": 0, "start": 0,
                   "end": len(hostile_text), "date_start": "2023-10-01", "date_end": "2023-10-01", "precision": "day",
                   "date_text": "<b>1 October</b> 2023", "planned": False, "event_type": "report", "action": "write",
                   "actors": ["Oleksandr Kovalenko"], "subject": "Oleksandr Kovalenko", "text": hostile_text})
    quotes = []
    for i, (speaker, kind, cue, starts) in enumerate(QUOTES):
        s = text.index(starts)
        e = text.find('"', s) if kind != "indirect" else text.find("\n", s)
        quotes.append({"quote_id": f"q{i}", "article_id": "a_seed", "start": s, "end": e, "quote": text[s:e],
                       "kind": kind, "speaker": speaker, "speaker_id": "p" + speaker.replace(" ", ""),
                       "speaker_text": speaker.split()[-1], "cue": cue, "in_title": False, "date": "2023-09-09"})
    said = "*this* <img src=x onerror=alert(1)> $\\frac{a}{b}$"
    quotes.append({"quote_id": "q_hostile", "article_id": "a_hostile", "start": hostile_text.index(said),
                   "end": hostile_text.index(said) + len(said), "quote": said, "kind": "direct",
                   "speaker": "Oleksandr Kovalenko", "speaker_text": "<u>Kovalenko</u>", "cue": "write",
                   "in_title": False, "date": "2023-10-02"})
    return {
        "articles": schema.frame("articles", arts), "mentions": mentions, "actors": actors,
        "events": schema.frame("events", events).sort_values("date_start", kind="stable", ignore_index=True),
        "quotes": schema.frame("quotes", quotes), "dates": schema.empty("dates"),
        "problems": schema.frame("problems", [
            {"path": "/srv/secret/broken.bin", "severity": "error", "reason": "binary content, not text"},
            {"path": "/srv/secret/old.txt", "severity": "warning", "reason": "not UTF-8: read as Windows-1252"},
            {"path": "/srv/secret/undated.txt", "severity": "note", "reason": "no date in the metadata and none in the text",
             "article_id": "a_hostile"}]),
    }


def actors_of(mentions: pd.DataFrame, articles: pd.DataFrame, known: list) -> pd.DataFrame:
    """The actors frame of these mentions: counts, aliases, first and last seen by publication day."""
    published = articles.set_index("article_id")["published"]
    actors = []
    for name, typ, role, _ in known:
        mine = mentions[mentions["actor"] == name]
        if mine.empty:
            continue
        seen = mine["article_id"].map(published)
        actors.append({"actor_id": "p" + name.replace(" ", ""), "actor": name, "actor_type": typ,
                       "aliases": sorted(set(mine["text"])), "role": role, "mentions": len(mine),
                       "articles": mine["article_id"].nunique(), "first_seen": seen.min(), "last_seen": seen.max()})
    return schema.frame("actors", actors).sort_values(["mentions", "actor"], ascending=[False, True],
                                                      ignore_index=True)


LAUNCH_TITLE = "North Korea fires a Hwasong-18"
LAUNCH_TEXT = "North Korea launched a Hwasong-18 missile into the sea. Kim Jong Un watched the launch from a truck."
PRODUCT = ("Hwasong-18", "product", "", ["Hwasong-18"])
ARTICLE_DATED = {  # event id: article, sentence contains, type, actors; each dated by its article's publication day
    "ea_shared": ("a_seed", "He shared his opinions", "statement", ["Oleksandr Kovalenko"]),
    "ea_talks": ("a_seed", "talks between Russia and the DPRK", "meeting", ["Russia", "North Korea"]),
    "ea_launch": ("a_launch", "North Korea launched", "military_action", ["North Korea", "Hwasong-18"]),
    "ea_watch": ("a_launch", "Kim Jong Un watched", "other", ["Kim Jong Un", "Hwasong-18"]),
    "ea_hostile": ("a_hostile", "Oleksandr Kovalenko wrote", "<script>alert(2)</script>", ["Oleksandr Kovalenko"]),
}


def dated_frames() -> dict[str, pd.DataFrame]:
    """The hand-made frames plus a third article (a missile launch, with a product), and events with no date in
    their sentence, dated by the article (``date_source`` = article) beside the others (text)."""
    f = hand_frames()
    arts = pd.concat([f["articles"], schema.frame("articles", [
        {"article_id": "a_launch", "title": LAUNCH_TITLE, "source": "Wire", "url": "", "published": "2023-07-13",
         "date_inferred": False, "path": "/srv/launch.txt", "paths": ["/srv/launch.txt"], "words": 18,
         "text": LAUNCH_TEXT}])], ignore_index=True)
    texts_of = dict(zip(arts["article_id"], arts["text"], strict=True))
    extra = []
    for name, typ, _, aliases in (ACTORS[0], ACTORS[4], PRODUCT):
        for alias in aliases:
            for m in re.finditer(rf"\b{re.escape(alias)}\b", LAUNCH_TEXT):
                extra.append({"article_id": "a_launch", "sentence": 0, "start": m.start(), "end": m.end(),
                              "text": alias, "label": "PRODUCT" if typ == "product" else "GPE",
                              "actor_id": "p" + name.replace(" ", ""), "actor": name, "actor_type": typ, "role": ""})
    mentions = pd.concat([f["mentions"], schema.frame("mentions", extra)], ignore_index=True)
    published = dict(zip(arts["article_id"], arts["published"], strict=True))
    rows = []
    for eid, (aid, needle, etype, who) in ARTICLE_DATED.items():
        body = texts_of[aid]
        at = body.index(needle)
        s, e = _sentence_bounds(body, at)[0], body.index(".", at) + 1
        rows.append({"event_id": eid, "article_id": aid, "sentence": 0, "start": s, "end": e,
                     "date_start": published[aid], "date_end": published[aid], "precision": "day", "date_text": "",
                     "date_source": "article", "planned": False, "event_type": etype, "action": "", "actors": who,
                     "subject": who[0], "text": body[s:e]})
    events = pd.concat([f["events"], schema.frame("events", rows)], ignore_index=True)
    return {**f, "articles": arts, "mentions": mentions, "actors": actors_of(mentions, arts, [*ACTORS, PRODUCT]),
            "events": events.sort_values("date_start", kind="stable", ignore_index=True)}


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("dated_store")
    write_frames(dated_frames(), out)
    return str(out)


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("store")
    write_frames(hand_frames(), out)
    return str(out)


def open_app(monkeypatch, store: str | None, page: str | None = None, params: dict | None = None, *,
             readonly: bool = False) -> AppTest:
    if store:
        monkeypatch.setenv("DOSSIER_STORE", store)
    else:
        monkeypatch.delenv("DOSSIER_STORE", raising=False)
    monkeypatch.setenv("DOSSIER_READONLY", "1" if readonly else "0")
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    """Everything a reader sees as text on the page (markdown, text, captions, titles, html, code)."""
    parts = []
    for kind in ("markdown", "text", "caption", "title", "subheader", "header", "code", "info", "warning",
                 "success", "error", "metric", "expander"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")) + " " + str(getattr(el, "label", "")))
    parts += [str(el.proto.body) for el in at.get("html")]
    return "\n".join(parts)


def frames_shown(at: AppTest) -> list[pd.DataFrame]:
    return [df.value for df in at.dataframe]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_hand_made_frames(monkeypatch, hand_store, page):
    at = open_app(monkeypatch, hand_store, page)
    assert not at.exception, [e.value for e in at.exception]
    actors = at.sidebar.multiselect(key="f_actor")
    assert actors.label == "Actors" and actors.value == [], "no actor is chosen when the URL names none"
    assert any(o.startswith("Kim Jong Un") for o in actors.options), actors.options
    search = at.sidebar.text_input(key="f_q")
    assert search.label == "Search" and search.value == ""


@pytest.mark.parametrize(("page", "expected"), [
    ("pages/overview.py", ["Articles", "Top actors", "Latest events", "Coverage", "could not be read"]),
    ("pages/actors.py", ["Mentions per actor", "Mentions over time", "Who appears together", "Actor card"]),
    ("pages/timeline.py", ["Timeline", "Events"]),
    ("pages/quotes.py", ["Quotes", "Quotes per speaker"]),
    ("pages/articles.py", ["Articles", "Mentions in this view"]),
    ("pages/upload.py", ["Upload"]),
    ("pages/downloads.py", ["Downloads", "articles", "quotes"]),
])
def test_pages_show_their_key_elements(monkeypatch, hand_store, page, expected):
    at = open_app(monkeypatch, hand_store, page)
    shown = texts(at)
    for word in expected:
        assert word in shown, f"{word!r} missing on {page}"


def test_overview_says_what_could_not_be_read_first_and_keeps_warnings_and_notes_apart(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/overview.py")
    assert [e.value for e in at.error] == ["1 file could not be read."]
    assert [e.label for e in at.expander] == ["1 warning: read, but worth a look", "1 note: nothing was lost"]
    shown = "\n".join(df.value.to_csv() for df in at.dataframe)
    assert "binary content" in shown and "Windows-1252" in shown and "no date in the metadata" in shown


def test_overview_counts_what_the_frames_hold(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Articles": "2", "Actors": str(len(hand_frames()["actors"])), "Events": "6", "Quotes": "5"}
    assert any("binary content" in df.to_string() for df in frames_shown(at))


def test_url_restores_filters_and_the_sentence_says_them(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/timeline.py",
                  {"actor": "Kim Jong Un", "from": "2023-08-01", "to": "2023-09-30"})
    assert at.sidebar.multiselect(key="f_actor").value == ["Kim Jong Un"]
    assert str(at.sidebar.date_input(key="f_from").value) == "2023-08-01"
    assert "2 events with Kim Jong Un between 1 Aug and 30 Sep 2023" in texts(at)
    table = frames_shown(at)[0]
    assert set(table["event_type"]) == {"meeting", "visit"}
    assert not table["text"].str.contains("imposed sanctions").any()
    assert at.query_params["actor"] == "Kim Jong Un" and at.query_params["from"] == "2023-08-01"


def test_changing_a_filter_updates_the_url(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/quotes.py")
    at.sidebar.multiselect(key="f_actor").set_value(["John Kirby"]).run()
    assert at.query_params.get("actor") == "John Kirby"
    assert "1 quote by John Kirby" in texts(at)
    at.sidebar.multiselect(key="f_type").set_value(["meeting", "visit"]).run()
    assert at.query_params.get("type") == ["meeting", "visit"]
    at.sidebar.button[0].click().run()  # clear filters
    assert "actor" not in at.query_params and "type" not in at.query_params


def test_quotes_of_one_speaker_only(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/quotes.py", {"actor": "Oleksandr Kovalenko"})
    cards = [m.value for m in at.markdown if m.value.startswith(">")]
    assert len(cards) == 4 and "Even Shoigu" in "".join(cards)
    assert "Kirby" not in texts(at) and "actively progressing" not in texts(at)
    at.segmented_control(key="quotes_layout").set_value("table").run()
    table = frames_shown(at)[0]
    assert set(table["speaker"]) == {"Oleksandr Kovalenko"} and len(table) == 4


def test_a_quote_opens_in_context(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/quotes.py", {"actor": "John Kirby"})
    at.button(key="quote_ctx_q3").click().run()
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert '<mark class="focus" title="selected">actively progressing' in html
    assert at.query_params["quote"] == "q3"


def test_a_link_to_one_article_opens_it_with_marks(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/articles.py", {"article": "a_seed", "event": "e3"})
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert '<mark class="actor" title="Kim Jong Un (person)">Kim Jong Un</mark>' in html
    assert '<mark class="focus"' in html and "Chinese delegation" in html


def test_unknown_actor_in_a_link_shows_nothing_rather_than_everything(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/timeline.py", {"actor": "Nobody Atall"})
    assert "0 events with Nobody Atall" in texts(at)


def test_hostile_article_text_is_escaped(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/articles.py", {"article": "a_hostile"})
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    md = [m.value for m in at.markdown] + [s.value for s in at.subheader]
    assert not any("<b>Bold</b>" in v or "**stars**" in v for v in md)


def test_read_only_hides_upload_and_server_paths(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, readonly=True)
    with pytest.raises(ValueError):
        at.switch_page("pages/upload.py")
    shown = texts(at) + "".join(df.to_string() for df in frames_shown(at))
    assert "/srv/secret" not in shown and "broken.bin" in shown


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_seed_analysis(monkeypatch, page):
    at = open_app(monkeypatch, None, page, {"actor": "Kim Jong Un"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.multiselect(key="f_actor").value == ["Kim Jong Un"]



def test_upload_is_analysed_and_merged_into_every_page(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/upload.py")
    article = ("Kirby meets Norwegian officials\n"
               "On October 3, 2023, White House spokesman John Kirby met Norwegian officials in Oslo.\n")
    at.file_uploader(key="upload_files").set_value([
        ("kirby.txt", article.encode(), "text/plain"),
        ("scan.txt", b"%PDF-1.7 binary" + bytes(300), "text/plain"),
    ])
    at.button(key="upload_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 article(s) read from 2 file(s)" in texts(at)
    assert any("binary content" in df.to_string() for df in frames_shown(at))
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "3"


# ---------------------------------------------------------------- events dated by the article (issue 16)


def article_dated_ids(frames: dict[str, pd.DataFrame]) -> set[str]:
    ev = frames["events"]
    return set(ev.loc[ev["date_source"] == "article", "event_id"])


def events_table(at: AppTest) -> pd.DataFrame:
    """The Timeline's table of events (the one with an event id column)."""
    return next(df for df in frames_shown(at) if "event_id" in df.columns)


def charts_shown(at: AppTest) -> list[dict]:
    import json

    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def markers(spec: dict) -> list[tuple[str, str]]:
    """(symbol, hover) of every event drawn in a figure: a point's marker symbol, or "bar" for a span."""
    out = []
    for trace in spec["data"]:
        symbols, tips = trace.get("marker", {}).get("symbol"), trace.get("hovertext")
        if trace.get("type") == "bar" and tips:
            symbols = ["bar"] * len(tips)
        if isinstance(symbols, list) and tips:
            out += list(zip(symbols, tips, strict=True))
    return out


def test_timeline_filter_hides_exactly_the_events_dated_by_the_article(monkeypatch, dated_store):
    every = dated_frames()
    by_article = article_dated_ids(every)
    at = open_app(monkeypatch, dated_store, "pages/timeline.py")
    assert not at.exception, [e.value for e in at.exception]
    assert set(events_table(at)["event_id"]) == set(every["events"]["event_id"]), "a link without dated shows all"
    assert "dated" not in at.query_params
    dated = at.segmented_control(key="timeline_dated")
    assert dated.value == "all"
    assert f"{len(by_article)} of these {len(every['events'])})" in texts(at)

    dated.set_value("text").run()
    shown = set(events_table(at)["event_id"])
    assert shown == set(every["events"]["event_id"]) - by_article
    assert at.query_params["dated"] == "text"
    assert f"{len(shown)} events dated in their sentence" in texts(at)

    at.segmented_control(key="timeline_dated").set_value("article").run()
    table = events_table(at)
    assert set(table["event_id"]) == by_article
    assert set(table["date_text"]) == {"(dated by the article)"}, "the table says where the date comes from"
    assert at.query_params["dated"] == "article"
    assert "events dated by the article" in texts(at)
    assert "Only events dated by the article" in texts(at), "the sidebar says what the Timeline chose"

    at.sidebar.multiselect(key="f_actor").set_value(["Kim Jong Un"]).run()  # a sidebar change keeps the choice
    assert at.query_params["dated"] == "article" and set(events_table(at)["event_id"]) == {"ea_watch"}

    at.segmented_control(key="timeline_dated").set_value("all").run()
    assert "dated" not in at.query_params
    assert "ea_watch" in set(events_table(at)["event_id"]) and "e3" in set(events_table(at)["event_id"])


def test_a_link_with_dated_reopens_that_view_on_every_page(monkeypatch, dated_store):
    by_article = article_dated_ids(dated_frames())
    at = open_app(monkeypatch, dated_store, "pages/timeline.py", {"dated": "article", "actor": "North Korea"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.segmented_control(key="timeline_dated").value == "article"
    assert set(events_table(at)["event_id"]) == {"ea_launch", "ea_talks"}
    assert "2 events dated by the article with North Korea" in texts(at)
    at.switch_page("pages/overview.py").run()
    assert at.query_params["dated"] == "article" and at.query_params["actor"] == "North Korea"
    at.sidebar.multiselect(key="f_actor").set_value([]).run()
    assert {m.label: m.value for m in at.metric}["Events"] == str(len(by_article))
    latest = next(df for df in frames_shown(at) if "date_text" in df.columns)
    assert len(latest) == len(by_article) and set(latest["date_text"]) == {"(dated by the article)"}
    at.sidebar.button[0].click().run()  # clear filters
    assert "dated" not in at.query_params


def test_a_link_with_an_unreadable_dated_shows_everything(monkeypatch, dated_store):
    at = open_app(monkeypatch, dated_store, "pages/timeline.py", {"dated": "yesterday"})
    assert not at.exception
    assert len(events_table(at)) == len(dated_frames()["events"])
    assert at.segmented_control(key="timeline_dated").value == "all"


def test_timeline_draws_events_dated_by_the_article_as_diamonds_with_a_legend(monkeypatch, dated_store):
    by_article = article_dated_ids(dated_frames())
    at = open_app(monkeypatch, dated_store, "pages/timeline.py")
    at.segmented_control(key="timeline_lanes").set_value("type").run()  # one point per event
    spec = charts_shown(at)[0]
    points = markers(spec)
    diamonds = [tip for symbol, tip in points if symbol.startswith("diamond")]
    assert len(diamonds) == len(by_article)
    assert all("dated by the article" in tip and "no date in the sentence" in tip for tip in diamonds)
    assert not any("dated by the article" in tip for symbol, tip in points if not symbol.startswith("diamond"))
    legend = [t["name"] for t in spec["data"] if t.get("showlegend", True) and t.get("name")]
    assert "dated by the article (no date in the sentence)" in legend
    assert all("<script>" not in tip for _, tip in points)


def test_the_reader_labels_events_dated_by_the_article(monkeypatch, dated_store):
    at = open_app(monkeypatch, dated_store, "pages/articles.py", {"article": "a_launch", "event": "ea_launch"})
    assert not at.exception, [e.value for e in at.exception]
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert html.count(">dated by the article: 2023-07-13</span>") == 2, "one label after each of its two events"
    assert '<mark class="focus" title="selected event, dated by the article: 2023-07-13">' in html
    assert "dated by the article: 2023-07-13, the day the article was published" in texts(at)
    events_tab = next(df for df in frames_shown(at) if "date_text" in df.columns)
    assert set(events_tab["date_text"]) == {"(dated by the article)"}
    # An event dated in its sentence has its date marked, and no label.
    at = open_app(monkeypatch, dated_store, "pages/articles.py", {"article": "a_seed", "event": "e3"})
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert '<mark class="focus" title="selected">' in html
    assert html.count(">dated by the article: 2023-09-09</span>") == 2  # the seed's two article-dated events


def test_the_reader_escapes_what_it_says_of_an_article_dated_event(monkeypatch, dated_store):
    at = open_app(monkeypatch, dated_store, "pages/articles.py", {"article": "a_hostile"})
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert "<script>alert(2)" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "<img" not in html


def test_actor_card_shows_first_and_last_seen_and_their_events(monkeypatch, dated_store):
    from ui.show import md as show_md

    every = dated_frames()
    arts, mentions, events = every["articles"], every["mentions"], every["events"]
    name = "North Korea"
    days = arts.set_index("article_id")["published"][mentions.loc[mentions["actor"] == name, "article_id"]]
    mine = events[events["actors"].map(lambda a: name in a) | (events["subject"] == name)]
    at = open_app(monkeypatch, dated_store, "pages/actors.py", {"actor": name})
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="actors_card").value == name
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["First seen"] == f"{days.min():%Y-%m-%d}" == "2023-07-13"
    assert metrics["Last seen"] == f"{days.max():%Y-%m-%d}" == "2023-09-09"
    shown = texts(at)
    assert f"Events with {show_md(name)}** ({len(mine)})" in shown
    first, last = mine["date_start"].min(), mine["date_end"].max()
    n_article = int((mine["date_source"] == "article").sum())
    assert f"From {first:%Y-%m-%d} to {last:%Y-%m-%d}; {n_article} dated by the article" in shown
    card = charts_shown(at)[-1]  # the mini-timeline, lanes by type: one point per event
    points = markers(card)
    assert len(points) == len(mine)
    assert sum(symbol.startswith("diamond") for symbol, _ in points) == n_article == 2


def test_products_are_actors_with_their_own_type_and_colour(monkeypatch, dated_store):
    from ui.charts import ACTOR_COLOURS

    at = open_app(monkeypatch, dated_store, "pages/actors.py", {"actor": "Hwasong-18"})
    assert not at.exception, [e.value for e in at.exception]
    pills = next(b for b in at.get("button_group") if b.proto.id.endswith("actors_types"))
    assert [o.content for o in pills.proto.options] == ["person", "country", "product"], "in schema order"
    bar = charts_shown(at)[0]
    product = [t for t in bar["data"] if t.get("name") == "product"]
    assert product and product[0]["marker"]["color"] == ACTOR_COLOURS["product"]
    assert "Hwasong-18" in product[0]["y"]
    assert any(t.value.startswith("product") for t in at.text)
    assert "Events with Hwasong\\-18** (2)" in texts(at)


def test_downloads_carry_where_each_event_is_dated_from(dated_store):
    import io

    from analysis.store import read_frames
    from ui.show import csv

    events = read_frames(dated_store, compact=True)["events"]  # as the Downloads page holds them
    table = pd.read_csv(io.BytesIO(csv(events)), encoding="utf-8-sig", keep_default_na=False)
    assert set(table.loc[table["date_source"] == "article", "event_id"]) == article_dated_ids(dated_frames())
    assert set(table["date_source"]) == {"text", "article"}


# ---------------------------------------------------------------- the network of actors (issue 15)


def network_chart(at: AppTest) -> dict:
    import json

    return next(json.loads(el.proto.spec) for el in at.get("plotly_chart") if el.proto.id.endswith("actors_network"))


def network_links(at: AppTest) -> set[str]:
    """The links the network draws, as their hovers say them ("A and B: 2 shared articles")."""
    return {tip for t in network_chart(at)["data"] if t.get("name") == "link" for tip in t["hovertext"]}


def network_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "in this view" in c.value and "links by" in c.value)


def test_the_network_says_its_cap_and_the_link_choice_changes_the_links(monkeypatch, dated_store):
    from itertools import combinations

    every = dated_frames()
    at = open_app(monkeypatch, dated_store, "pages/actors.py")
    assert not at.exception, [e.value for e in at.exception]
    n = len(every["actors"])
    assert network_caption(at).startswith(f"All {n} actors in this view")
    nodes = {name for t in network_chart(at)["data"] if t.get("customdata") for name in t["customdata"]}
    assert nodes == set(every["actors"]["actor"])

    at.slider(key="actors_network_top").set_value(5).run()
    assert network_caption(at).startswith(f"The top 5 actors of {n} in this view")
    nodes = [name for t in network_chart(at)["data"] if t.get("customdata") for name in t["customdata"]]
    assert set(nodes) == set(every["actors"]["actor"].head(5)), "the most mentioned"

    at.slider(key="actors_network_top").set_value(50).run()
    by_articles = network_links(at)
    assert "Kim Jong Un and China: 1 shared articles" in by_articles or \
        "China and Kim Jong Un: 1 shared articles" in by_articles
    at.segmented_control(key="actors_network_weight").set_value("events").run()
    assert not at.exception, [e.value for e in at.exception]
    by_events = network_links(at)
    ev = every["events"]
    pairs = {frozenset(p) for a, s in zip(ev["actors"], ev["subject"], strict=True)
             for p in combinations(sorted({*a, s} - {""}), 2)}
    assert len(by_events) == len(pairs) < len(by_articles)
    assert all(t.endswith("shared events") for t in by_events)
    assert f"{len(pairs)} links by shared events" in network_caption(at)


def test_the_network_downloads_as_gexf_with_the_top_actors(monkeypatch, dated_store):
    import io

    import networkx as nx
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, object] = {}
    add_deferred = MediaFileManager.add_deferred

    def keep(self, data, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data
        return add_deferred(self, data, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    at = open_app(monkeypatch, dated_store, "pages/actors.py")
    at.slider(key="actors_network_top").set_value(5).run()
    graph = nx.read_gexf(io.BytesIO(made["dossier-network-articles.gexf"]()))
    top = dated_frames()["actors"]["actor"].head(5)
    assert set(graph.nodes) == set(top)
    assert graph.nodes["North Korea"]["type"] == "country" and graph.number_of_edges() > 0
    graphml = nx.read_graphml(io.BytesIO(made["dossier-network-articles.graphml"]()))
    assert set(graphml.nodes) == set(top)


def test_clicking_an_actor_in_the_network_filters_the_dashboard(monkeypatch, dated_store):
    import json

    from streamlit.proto.WidgetStates_pb2 import WidgetState

    at = open_app(monkeypatch, dated_store, "pages/actors.py")
    chart = next(el for el in at.get("plotly_chart") if el.proto.id.endswith("actors_network"))
    # What the browser sends when a node is clicked: the chart's selection, the node's customdata in it.
    states = at._tree.get_widget_states()
    click = WidgetState(id=chart.proto.id, string_value=json.dumps(
        {"selection": {"points": [{"curve_number": 4, "point_index": 0, "customdata": "Hwasong-18"}],
                       "point_indices": [0], "box": [], "lasso": []}}))
    states.widgets.append(click)
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["actor"] == "Hwasong-18"
    assert at.sidebar.multiselect(key="f_actor").value == ["Hwasong-18"]
    assert "mentions in articles mentioning Hwasong\\-18" in texts(at)


# ---------------------------------------------------------------- search (issue 15)


def test_a_search_link_filters_through_the_index_and_keeps_its_url(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/timeline.py", {"q": "visits"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.text_input(key="f_q").value == "visits" and at.query_params["q"] == "visits"
    # "visits" is no substring of the text; as a word it finds "visited" and "visit" (the same stem)
    assert set(events_table(at)["event_id"]) == {"e0", "e4"}
    assert "2 events matching “visits”" in texts(at)
    assert (Path(hand_store) / "search.sqlite").is_file(), "the index lives beside the store"
    at.sidebar.text_input(key="f_q").set_value('"Chinese delegation"').run()
    assert set(events_table(at)["event_id"]) == {"e3"} and at.query_params["q"] == '"Chinese delegation"'
    at.sidebar.text_input(key="f_q").set_value("sanction*").run()
    assert set(events_table(at)["event_id"]) == {"e2"}


def test_the_reader_marks_the_words_the_search_matched(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/articles.py", {"article": "a_seed", "q": "supply*"})
    assert not at.exception, [e.value for e in at.exception]
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    marked = re.findall(r'<mark class="match" title="matches the search “supply\*”">([^<]*)</mark>', html)
    assert set(marked) == {"supplying", "supplied", "supplies"}, marked
    assert f"{len(marked)} words of the text match the search" in texts(at)
    assert '<mark class="match">search: supply*</mark>' in html, "the legend says what the marks are"
    # Without a search, nothing is marked as a match.
    at = open_app(monkeypatch, hand_store, "pages/articles.py", {"article": "a_seed"})
    assert 'class="match"' not in "\n".join(str(h.proto.body) for h in at.get("html"))


def test_a_search_in_hostile_text_stays_escaped(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/articles.py", {"article": "a_hostile", "q": "onerror <script>"})
    assert not at.exception, [e.value for e in at.exception]
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert "<img" not in html and "<script>" not in html
    assert '<mark class="match" title="matches the search “onerror &lt;script&gt;”">onerror</mark>' in html


def test_a_read_only_server_searches_without_writing_beside_its_store(monkeypatch, tmp_path):
    write_frames(hand_frames(), tmp_path)
    at = open_app(monkeypatch, str(tmp_path), "pages/timeline.py", {"q": "visits"}, readonly=True)
    assert not at.exception, [e.value for e in at.exception]
    assert set(events_table(at)["event_id"]) == {"e0", "e4"}
    assert not (tmp_path / "search.sqlite").exists()


def test_the_search_index_beside_a_store_is_not_part_of_its_key(tmp_path):
    from analysis.search import build_index
    from ui import data

    frames = hand_frames()
    write_frames(frames, tmp_path)
    data.content_key.clear()
    before = data.content_key((), str(tmp_path))
    build_index(frames, tmp_path / data.INDEX_FILE).close()
    data.content_key.clear()
    assert data.content_key((), str(tmp_path)) == before, "making the index must not make the store look changed"


# ---------------------------------------------------------------- stories and merged reports (issue 14, dashboard)

LAUNCH_QUOTE = "We will answer any provocation with force"
COPIES = {  # article: source, url, published, duplicate of; each reports the launch of a_launch
    "a_launch_bbc": ("BBC", "https://www.bbc.co.uk/news/launch", "2023-07-13", ""),
    "a_launch_copy": ("", "https://www.reuters.com/world/launch", "2023-07-14", "a_launch"),
}


def story_frames() -> dict[str, pd.DataFrame]:
    """:func:`dated_frames` grouped as the stories step groups: the launch told by three outlets (Wire, the BBC,
    and a Reuters copy named by its URL alone) is one story whose launch is one merged event (the copy's report
    gives another date) and whose Kim Jong Un quote is one quote group; the seed and the hostile article are
    stories of their own, every other event and quote its own group."""
    f = dated_frames()
    arts, events, quotes, mentions = f["articles"], f["events"], f["quotes"], f["mentions"]
    extra_arts, extra_events, extra_quotes, extra_mentions = [], [], [], []
    text = LAUNCH_TEXT + f' "{LAUNCH_QUOTE}," Kim Jong Un said.'
    arts = arts.assign(text=arts["text"].where(arts["article_id"] != "a_launch", text))
    for aid, (source, url, published, copy) in COPIES.items():
        extra_arts.append({"article_id": aid, "title": f"{LAUNCH_TITLE} ({source or 'copy'})", "source": source,
                           "url": url, "published": published, "date_inferred": False, "path": f"/srv/{aid}.txt",
                           "paths": [f"/srv/{aid}.txt"], "words": 30, "text": text, "duplicate_of": copy})
        extra_mentions += [{**m, "article_id": aid} for m in mentions[mentions["article_id"] == "a_launch"]
                           .to_dict("records")]
        launch = events[events["event_id"] == "ea_launch"].iloc[0].to_dict()
        disagrees = bool(copy)
        extra_events.append({**launch, "event_id": f"ea_launch_{aid}", "article_id": aid,
                             "date_source": "text" if disagrees else "article",
                             "date_start": "2023-07-01" if disagrees else published,
                             "date_end": "2023-07-01" if disagrees else published,
                             "date_text": "on 1 July" if disagrees else "", "date_disagrees": disagrees})
    at = text.index(LAUNCH_QUOTE)
    for aid in ("a_launch", *COPIES):
        extra_quotes.append({"quote_id": f"q_{aid}", "article_id": aid, "start": at, "end": at + len(LAUNCH_QUOTE),
                             "quote": LAUNCH_QUOTE, "kind": "direct", "speaker": "Kim Jong Un",
                             "speaker_id": "pKimJongUn", "speaker_text": "Kim Jong Un", "cue": "say",
                             "in_title": False, "date": "2023-07-13", "quote_group": "wLaunch"})
    arts = pd.concat([arts, schema.frame("articles", extra_arts)], ignore_index=True)
    stories = {"a_seed": "sSeed", "a_hostile": "sHostile", "a_launch": "sLaunch", **dict.fromkeys(COPIES, "sLaunch")}
    arts["story_id"] = arts["article_id"].map(stories)
    arts["duplicate_of"] = arts["duplicate_of"].fillna("")
    events = pd.concat([events, schema.frame("events", extra_events)], ignore_index=True)
    events["event_group"] = events["event_id"].where(~events["event_id"].str.startswith("ea_launch"), "gLaunch")
    events["event_group"] = events["event_group"].where(events["event_group"] == "gLaunch", "g" + events["event_id"])
    events["date_disagrees"] = events["date_disagrees"].fillna(False)
    quotes = pd.concat([quotes, schema.frame("quotes", extra_quotes)], ignore_index=True)
    quotes["quote_group"] = quotes["quote_group"].where(quotes["quote_group"].fillna("") != "", "w" + quotes["quote_id"])
    mentions = pd.concat([mentions, schema.frame("mentions", extra_mentions)], ignore_index=True)
    groups = []
    for g, part in events.groupby("event_group", sort=False):
        first = part.sort_values("date_disagrees").iloc[0]
        groups.append({"event_group": g, "date_start": first["date_start"], "date_end": first["date_end"],
                       "precision": first["precision"], "event_type": first["event_type"], "actors": first["actors"],
                       "n_reports": part["article_id"].nunique(), "n_sources": part["article_id"].nunique(),
                       "first_article_id": first["article_id"], "text": first["text"],
                       "story_id": stories[first["article_id"]], "planned": first["planned"],
                       "n_disagree": int(part["date_disagrees"].sum())})
    story_rows = [{"story_id": s, "title": arts.loc[arts["story_id"] == s, "title"].iloc[0],
                   "first_published": arts.loc[arts["story_id"] == s, "published"].min(),
                   "last_published": arts.loc[arts["story_id"] == s, "published"].max(),
                   "n_articles": int((arts["story_id"] == s).sum()), "n_sources": 2 if s == "sLaunch" else 1,
                   "actors": ["North Korea", "Kim Jong Un"]} for s in ("sLaunch", "sSeed", "sHostile")]
    return {**f, "articles": schema.frame("articles", arts), "mentions": mentions,
            "actors": actors_of(mentions, arts, [*ACTORS, PRODUCT]),
            "events": schema.frame("events", events).sort_values("date_start", kind="stable", ignore_index=True),
            "quotes": schema.frame("quotes", quotes), "stories": schema.frame("stories", story_rows),
            "event_groups": schema.frame("event_groups", groups)}


@pytest.fixture(scope="module")
def story_store(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("story_store")
    write_frames(story_frames(), out)
    return str(out)


def test_the_stories_page_lists_the_stories_and_a_pick_opens_one(monkeypatch, story_store):
    at = open_app(monkeypatch, story_store, "pages/stories.py")
    assert not at.exception, [e.value for e in at.exception]
    listed = frames_shown(at)[0]
    assert list(listed["story_id"]) == ["sLaunch", "sSeed", "sHostile"], "the biggest story first"
    assert list(listed["in_view"]) == [3, 1, 1] and "All 3 stories" in texts(at)
    at.sidebar.multiselect(key="f_actor").set_value(["Sergei Shoigu"]).run()  # the list follows the filters
    assert list(frames_shown(at)[0]["story_id"]) == ["sSeed"]


def test_a_story_shows_its_articles_outlets_and_each_quote_once(monkeypatch, story_store):
    at = open_app(monkeypatch, story_store, "pages/stories.py", {"story": "sLaunch"})
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert f"3 articles in the story “{LAUNCH_TITLE}”" in shown.replace("\\", "")
    assert {m.label: m.value for m in at.metric} == {"Articles": "3", "Outlets": "3", "Events": "2", "Quotes": "1"}
    tables = {tuple(df.columns): df for df in frames_shown(at)}
    articles = next(df for cols, df in tables.items() if "copy_of" in cols)
    assert set(articles["article_id"]) == {"a_launch", *COPIES}
    assert list(articles.loc[articles["article_id"] == "a_launch_copy", "copy_of"]) == [LAUNCH_TITLE]
    outlets = next(df for cols, df in tables.items() if "copies" in cols)
    assert set(outlets["outlet"]) == {"Wire", "BBC", "reuters.com"}, "an outlet is its source, else its domain"
    quotes = next(df for cols, df in tables.items() if "first_outlet" in cols)
    assert len(quotes) == 1, "a quote three outlets ran is listed once"
    assert quotes.iloc[0]["quote"] == LAUNCH_QUOTE and quotes.iloc[0]["first_outlet"] == "Wire"
    assert quotes.iloc[0]["outlets"] == "Wire, BBC, reuters.com" and quotes.iloc[0]["n_articles"] == 3
    assert "Only the story" in texts(at), "the sidebar says a story is chosen"
    spec = charts_shown(at)[0]
    assert len(markers(spec)) == 2, "one mark per happening: the launch merged from its three reports, and Kim's watch"


def test_story_in_the_url_narrows_every_page_and_round_trips(monkeypatch, story_store):
    at = open_app(monkeypatch, story_store, "pages/timeline.py", {"story": "sSeed"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["story"] == "sSeed"
    assert set(events_table(at)["event_id"]) == {"e0", "e1", "e2", "e3", "e4", "ea_shared", "ea_talks"}
    at.switch_page("pages/quotes.py").run()
    assert at.query_params["story"] == "sSeed" and "q_a_launch" not in texts(at)
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"
    at.sidebar.multiselect(key="f_actor").set_value(["Kim Jong Un"]).run()  # a sidebar change keeps the story
    assert at.query_params["story"] == "sSeed" and at.query_params["actor"] == "Kim Jong Un"
    at.sidebar.button(key="f_story_clear").click().run()
    assert "story" not in at.query_params and at.query_params["actor"] == "Kim Jong Un"
    assert {m.label: m.value for m in at.metric}["Articles"] == "4", "the seed and the launch's three reports"


def test_an_unknown_story_in_a_link_is_ignored_with_a_note(monkeypatch, story_store):
    at = open_app(monkeypatch, story_store, None, {"story": "s0123456789abcde"})  # the overview
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Articles"] == str(len(story_frames()["articles"]))
    assert any("is not a story of this corpus" in t.value for t in at.toast)
    assert "story" not in at.query_params


def test_stories_page_on_a_store_from_before_stories_says_so(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store, "pages/stories.py", {"story": "sLaunch"})
    assert not at.exception, [e.value for e in at.exception]
    assert "No story in this view" in texts(at) and "story" not in at.query_params


def test_the_timeline_draws_one_mark_per_happening_sized_by_its_reports(monkeypatch, story_store):
    every = story_frames()
    at = open_app(monkeypatch, story_store, "pages/timeline.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key="timeline_merge").value, "reports are merged by default"
    at.segmented_control(key="timeline_lanes").set_value("type").run()  # one lane per mark
    points = markers(charts_shown(at)[0])
    assert len(points) == every["events"]["event_group"].nunique() == len(every["events"]) - 2
    launch = [tip for _, tip in points if "3 reports from 3 outlets" in tip]
    assert len(launch) == 1, "the launch's three reports are one mark"
    assert [sym for sym, tip in points if tip == launch[0]] == ["diamond"], "dated by the article, as its agreeing reports"
    tip = launch[0]
    assert "• Wire, 13 Jul 2023" in tip and "• BBC, 13 Jul 2023" in tip and "• reuters.com, 14 Jul 2023" in tip
    assert "⚠ gives another date</b>: on 1 July" in tip, "the report off on the date is flagged"
    assert f"First report: <i>{LAUNCH_TITLE}</i> (Wire, 13 Jul 2023)" in tip
    sizes = next(t["marker"]["size"] for t in charts_shown(at)[0]["data"]
                 if isinstance(t.get("hovertext"), list) and any("3 reports" in h for h in t["hovertext"]))
    assert max(sizes) > min(sizes) or len(sizes) == 1
    table = events_table(at)
    assert len(table) == len(points) and int(table["n_reports"].max()) == 3
    assert "8 reports of 6 happenings" not in texts(at)  # the caption counts what the view holds
    assert f"{len(every['events'])} reports of {len(points)} happenings" in texts(at)

    at.toggle(key="timeline_merge").set_value(False).run()  # one mark per report, as before
    assert len(markers(charts_shown(at)[0])) == len(every["events"])
    assert set(events_table(at)["event_id"]) == set(every["events"]["event_id"])


def test_a_merged_event_lists_its_reports_each_to_its_article(monkeypatch, story_store):
    at = open_app(monkeypatch, story_store, "pages/timeline.py", {"event": "ea_launch"})
    assert not at.exception, [e.value for e in at.exception]
    assert any("3 reports of this event" in m.value and "1 give another date" in m.value for m in at.markdown)
    reports = next(df for df in frames_shown(at) if "date_disagrees" in df.columns)
    assert set(reports["event_id"]) == {"ea_launch", "ea_launch_a_launch_bbc", "ea_launch_a_launch_copy"}
    assert set(reports["outlet"]) == {"Wire", "BBC", "reuters.com"}
    assert list(reports.loc[reports["date_disagrees"], "event_id"]) == ["ea_launch_a_launch_copy"]
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert '<mark class="focus"' in html and "North Korea launched" in html, "the report opens in its article"
    at = open_app(monkeypatch, story_store, "pages/timeline.py", {"event": "ea_launch", "source": "BBC"})
    assert not any("reports of this event" in m.value for m in at.markdown), "one report in the view: no list"


def test_the_quotes_page_lists_a_quote_once_with_the_outlets_that_ran_it(monkeypatch, story_store):
    every = story_frames()["quotes"]
    at = open_app(monkeypatch, story_store, "pages/quotes.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key="quotes_merge").value, "copies are merged by default"
    cards = [m.value for m in at.markdown if m.value.startswith(">")]
    assert len(cards) == every["quote_group"].nunique() == len(every) - 2
    assert sum(LAUNCH_QUOTE in c for c in cards) == 1, "the launch quote three outlets ran is listed once"
    ran = [c.value for c in at.caption if "3 articles in all" in c.value]
    assert len(ran) == 1 and "also run by BBC, reuters.com" in ran[0].replace("\\", "") and "First in" in ran[0]
    assert f"{every['quote_group'].nunique()} distinct of {len(every)}" in texts(at)
    at.segmented_control(key="quotes_layout").set_value("table").run()
    table = frames_shown(at)[0]
    launch = table[table["quote"] == LAUNCH_QUOTE]
    assert len(launch) == 1 and launch.iloc[0]["outlets"] == "Wire, BBC, reuters.com"
    assert launch.iloc[0]["quote_id"] == "q_a_launch" and launch.iloc[0]["n_articles"] == 3, "its first appearance"
    at.toggle(key="quotes_merge").set_value(False).run()  # every article's row, as before
    assert len(frames_shown(at)[0]) == len(every)


def test_a_link_to_a_copy_of_a_quote_opens_it_in_its_article(monkeypatch, story_store):
    at = open_app(monkeypatch, story_store, "pages/quotes.py", {"quote": "q_a_launch_copy"})
    assert not at.exception, [e.value for e in at.exception]
    html = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert f'<mark class="focus" title="selected">{LAUNCH_QUOTE}' in html


def bar_values(spec: dict) -> dict[str, int]:
    """Actor -> bar length of an actor bar chart (Plotly sends numbers as typed arrays: base64 and a dtype)."""
    import base64

    import numpy as np

    def values(v):
        if isinstance(v, dict) and "bdata" in v:
            return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
        return list(v)

    return {y: x for t in spec["data"] if t.get("type") == "bar"
            for x, y in zip(values(t["x"]), values(t["y"]), strict=True)}


@pytest.mark.parametrize(("page", "key"), [("pages/overview.py", "overview_count_by"),
                                           ("pages/actors.py", "actors_count_by")])
def test_top_actors_count_by_mentions_articles_or_stories(monkeypatch, story_store, page, key):
    at = open_app(monkeypatch, story_store, page)
    assert not at.exception, [e.value for e in at.exception]
    control = at.segmented_control(key=key)
    assert control.value == "mentions" and control.options == ["mentions", "articles", "stories"]
    mentions = bar_values(charts_shown(at)[0])["Kim Jong Un"]
    control.set_value("articles").run()
    assert bar_values(charts_shown(at)[0])["Kim Jong Un"] == 4 < mentions  # the seed and the launch's three reports
    at.segmented_control(key=key).set_value("stories").run()
    assert bar_values(charts_shown(at)[0])["Kim Jong Un"] == 2, "the launch's three reports are one story"


def test_without_stories_the_count_offers_mentions_and_articles(monkeypatch, hand_store):
    at = open_app(monkeypatch, hand_store)
    assert at.segmented_control(key="overview_count_by").options == ["mentions", "articles"]


def test_downloads_of_a_story_carry_its_stories_and_merged_events(monkeypatch, story_store):
    at = open_app(monkeypatch, story_store, "pages/downloads.py", {"story": "sLaunch"})
    assert not at.exception, [e.value for e in at.exception]
    rows = {m.value.split(" · ")[0].strip("*"): m.value.split(" · ")[1] for m in at.markdown if " rows" in m.value}
    assert rows["articles"] == "3 rows" and rows["stories"] == "1 rows" and rows["event_groups"] == "2 rows"
    assert rows["quotes"] == "3 rows", "every article's row: the download is the data, not the listing"


def test_the_reader_names_the_original_of_a_copy_and_links_its_story(monkeypatch, story_store):
    at = open_app(monkeypatch, story_store, "pages/articles.py", {"article": "a_launch_copy"})
    assert not at.exception, [e.value for e in at.exception]
    said = texts(at).replace("\\", "")
    assert f"A near-identical copy of “{LAUNCH_TITLE}” (Wire, 2023-07-13)" in said
    links = [el.proto for el in at.get("page_link")]
    assert len(links) == 1 and "Part of the story" in links[0].label and links[0].page == "stories"
    assert links[0].query_string == "story=sLaunch"
    at = open_app(monkeypatch, story_store, "pages/articles.py", {"article": "a_seed"})
    assert not at.get("page_link") and "near-identical copy" not in texts(at), "a story of one article: nothing to say"
