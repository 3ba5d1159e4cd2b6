"""The Filters value: parsed from a URL, written back, said in words, applied to frames. No server."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import schema
from analysis.filters import Filters, apply, build_index, date_phrase

D = dt.date


@pytest.mark.parametrize(("params", "expected"), [
    ({}, Filters()),
    ({"actor": "Kim Jong Un"}, Filters(actors=("Kim Jong Un",))),
    ({"actor": ["Kim Jong Un", "Vladimir Putin", "Kim Jong Un"]}, Filters(actors=("Kim Jong Un", "Vladimir Putin"))),
    ({"from": "2023-08-01", "to": "2023-09-30"}, Filters(start=D(2023, 8, 1), end=D(2023, 9, 30))),
    ({"from": "2023-09-30", "to": "2023-08-01"}, Filters(start=D(2023, 8, 1), end=D(2023, 9, 30))),
    ({"type": ["meeting", "visit"]}, Filters(types=("meeting", "visit"))),
    ({"type": "party"}, Filters()),
    ({"from": "1 August 2023"}, Filters()),
    ({"from": "2023-02-30"}, Filters()),
    ({"source": "Wikinews", "q": " sanctions "}, Filters(source="Wikinews", q="sanctions")),
    ({"actor": ["", "  "], "q": ""}, Filters()),
    ({"unrelated": "x", "article": "a1"}, Filters()),
    ({"dated": "article"}, Filters(dated="article")),
    ({"dated": " text "}, Filters(dated="text")),
    ({"dated": "all"}, Filters()),  # both, said outright
    ({"dated": ["text", "article"]}, Filters()),  # both, by naming each
    ({"dated": "sentence"}, Filters()),
])
def test_from_query(params, expected):
    assert Filters.from_query(params) == expected


@pytest.mark.parametrize(("params", "note"), [
    ({"type": "party"}, "type=party is not an event type"),
    ({"from": "1 August 2023"}, "from=1 August 2023 is not a date"),
    ({"from": "2023-09-30", "to": "2023-08-01"}, "swapped"),
    ({"dated": "sentence"}, "dated=sentence is not one of text, article"),
])
def test_bad_values_are_noted_for_the_reader(params, note):
    assert any(note in n for n in Filters.from_query(params).ignored)


@pytest.mark.parametrize("f", [
    Filters(),
    Filters(actors=("Kim Jong Un", "Vladimir Putin"), start=D(2023, 8, 1), types=("meeting",)),
    Filters(end=D(2023, 9, 30), source="Espreso TV", q="weapons & ammunition"),
    Filters(actors=("Kim Jong Un",), dated="article"),
    Filters(types=("visit",), dated="text"),
])
def test_query_round_trip(f):
    assert Filters.from_query(f.to_query()) == f


@pytest.mark.parametrize(("f", "expected"), [
    (Filters(actors=("Kim Jong Un",), start=D(2023, 8, 1)), "actor=Kim+Jong+Un&from=2023-08-01"),
    (Filters(actors=("A", "B"), types=("visit",)), "actor=A&actor=B&type=visit"),
    (Filters(q="a&b=c"), "q=a%26b%3Dc"),
    (Filters(actors=("A",), types=("visit",), dated="article"), "actor=A&type=visit&dated=article"),
    (Filters(), ""),
])
def test_query_string_is_the_shared_link(f, expected):
    assert f.query_string() == expected


@pytest.mark.parametrize(("f", "count", "frame", "expected"), [
    (Filters(actors=("Kim Jong Un",), start=D(2023, 8, 1), end=D(2023, 9, 30)), 7, "events",
     "7 events with Kim Jong Un between 1 Aug and 30 Sep 2023"),
    (Filters(actors=("Kim Jong Un",)), 1, "events", "1 event with Kim Jong Un"),
    (Filters(actors=("Oleksandr Kovalenko",)), 4, "quotes", "4 quotes by Oleksandr Kovalenko"),
    (Filters(actors=("A", "B", "C")), 2, "articles", "2 articles mentioning A, B or C"),
    (Filters(types=("military_action", "visit")), 3, "events", "3 military action or visit events"),
    (Filters(source="Wikinews", q="tanker", start=D(2008, 3, 1)), 12345, "articles",
     "12,345 articles from Wikinews matching “tanker” from 1 Mar 2008"),
    (Filters(start=D(2022, 12, 1), end=D(2023, 1, 31)), 0, "quotes", "0 quotes between 1 Dec 2022 and 31 Jan 2023"),
    (Filters(), 91, "articles", "All 91 articles"),
    (Filters(actors=("Kim Jong Un",), dated="article"), 2, "events", "2 events dated by the article with Kim Jong Un"),
    (Filters(types=("meeting",), dated="text"), 1, "events", "1 meeting event dated in their sentence"),
    (Filters(dated="article"), 91, "articles", "91 articles"),  # where events are dated from narrows events only
])
def test_describe(f, count, frame, expected):
    assert f.describe(count, frame) == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (None, None, ""),
    (D(2023, 9, 8), D(2023, 9, 8), "on 8 Sep 2023"),
    (None, D(2023, 9, 30), "until 30 Sep 2023"),
])
def test_date_phrase(start, end, expected):
    assert date_phrase(start, end) == expected


def frames() -> dict[str, pd.DataFrame]:
    """Three articles: the seed's Kim/China meeting and US sanctions, a planned visit, and a Wikinews piece."""
    arts = schema.frame("articles", [
        {"article_id": "a1", "title": "DPRK and China", "source": "Espreso TV", "published": "2023-09-09",
         "text": "Kim Jong Un met with a Chinese delegation. The United States imposed sanctions on Russia."},
        {"article_id": "a2", "title": "Kim to visit", "source": "Wire", "published": "2023-09-04",
         "text": "Kim Jong Un plans to visit Russia in September."},
        {"article_id": "a3", "title": "Boeing loses tanker deal", "source": "Wikinews", "published": "2008-03-01",
         "text": "Boeing lost the tanker contract."},
    ])
    mentions = schema.frame("mentions", [
        {"article_id": a, "start": s, "end": e, "text": t, "actor": n, "actor_type": ty}
        for a, s, e, t, n, ty in [
            ("a1", 0, 11, "Kim Jong Un", "Kim Jong Un", "person"), ("a1", 25, 32, "Chinese", "China", "country"),
            ("a1", 47, 64, "The United States", "United States", "country"),
            ("a1", 84, 90, "Russia", "Russia", "country"),
            ("a2", 0, 11, "Kim Jong Un", "Kim Jong Un", "person"), ("a2", 27, 33, "Russia", "Russia", "country"),
            ("a3", 0, 6, "Boeing", "Boeing", "organization")]])
    events = schema.frame("events", [
        {"event_id": "meet", "article_id": "a1", "date_start": "2023-09-08", "date_end": "2023-09-08",
         "precision": "day", "event_type": "meeting", "actors": ["Kim Jong Un", "China"], "subject": "Kim Jong Un",
         "text": "Kim Jong Un met with a Chinese delegation."},
        {"event_id": "sanction", "article_id": "a1", "date_start": "2023-08-31", "date_end": "2023-08-31",
         "precision": "day", "event_type": "sanction", "actors": ["United States", "Russia"],
         "subject": "United States", "text": "The United States imposed sanctions on Russia."},
        {"event_id": "visit", "article_id": "a2", "date_start": "2023-09-01", "date_end": "2023-09-30",
         "precision": "month", "planned": True, "event_type": "visit", "actors": ["Russia"], "subject": "Kim Jong Un",
         "text": "Kim Jong Un plans to visit Russia in September."},
        {"event_id": "deal", "article_id": "a3", "date_start": "2008-02-29", "date_end": "2008-02-29",
         "precision": "day", "date_source": "article", "event_type": "agreement", "actors": ["Boeing"],
         "text": "Boeing lost the tanker contract."},  # no date in the sentence: dated by the article
    ])
    quotes = schema.frame("quotes", [
        {"quote_id": "q1", "article_id": "a1", "quote": "actively progressing", "speaker": "John Kirby",
         "kind": "mixed", "date": "2023-09-09"},
        {"quote_id": "q2", "article_id": "a1", "quote": "North Korea will not start supplying weapons",
         "speaker": "Oleksandr Kovalenko", "kind": "indirect", "date": "2023-09-09"},
        {"quote_id": "q3", "article_id": "a3", "quote": "We are disappointed", "speaker": "", "kind": "direct",
         "date": "2008-03-01"},
    ])
    actors = schema.frame("actors", [{"actor": n, "actor_type": t} for n, t in
                                      [("Kim Jong Un", "person"), ("Russia", "country"), ("China", "country"),
                                       ("United States", "country"), ("Boeing", "organization")]])
    return {"articles": arts, "mentions": mentions, "events": events, "quotes": quotes, "actors": actors,
            "dates": schema.empty("dates"), "problems": schema.empty("problems")}


def ids(df: pd.DataFrame, col: str) -> list[str]:
    return list(df[col])


@pytest.mark.parametrize(("params", "frame", "col", "expected"), [
    ({}, "events", "event_id", ["meet", "sanction", "visit", "deal"]),
    ({"actor": "Kim Jong Un"}, "events", "event_id", ["meet", "visit"]),  # subject counts as taking part
    ({"actor": "Kim Jong Un"}, "articles", "article_id", ["a1", "a2"]),
    ({"actor": "Kim Jong Un"}, "quotes", "quote_id", []),
    ({"actor": "Oleksandr Kovalenko"}, "quotes", "quote_id", ["q2"]),
    ({"actor": ["John Kirby", "Oleksandr Kovalenko"]}, "quotes", "quote_id", ["q1", "q2"]),
    ({"actor": "Nobody"}, "events", "event_id", []),
    ({"from": "2023-09-05"}, "events", "event_id", ["meet", "visit"]),  # a month-long event overlaps
    ({"to": "2023-09-01"}, "events", "event_id", ["sanction", "visit", "deal"]),
    ({"from": "2023-09-05", "to": "2023-09-30"}, "articles", "article_id", ["a1"]),  # by publication date
    ({"type": ["meeting", "visit"]}, "events", "event_id", ["meet", "visit"]),
    ({"type": "meeting"}, "quotes", "quote_id", ["q1", "q2", "q3"]),  # the type narrows events only
    ({"source": "Wikinews"}, "events", "event_id", ["deal"]),
    ({"source": "Wikinews"}, "quotes", "quote_id", ["q3"]),
    ({"q": "TANKER"}, "articles", "article_id", ["a3"]),
    ({"q": "sanctions"}, "events", "event_id", ["sanction"]),
    ({"q": "weapons"}, "quotes", "quote_id", ["q2"]),
    ({"actor": "Kim Jong Un"}, "mentions", "actor", ["Kim Jong Un", "China", "United States", "Russia",
                                                     "Kim Jong Un", "Russia"]),
    ({"dated": "article"}, "events", "event_id", ["deal"]),
    ({"dated": "text"}, "events", "event_id", ["meet", "sanction", "visit"]),
    ({"dated": "article", "source": "Espreso TV"}, "events", "event_id", []),
    ({"dated": "article", "actor": "Boeing", "from": "2008-01-01"}, "events", "event_id", ["deal"]),
    ({"dated": "article"}, "quotes", "quote_id", ["q1", "q2", "q3"]),  # narrows events only
    ({"dated": "article"}, "articles", "article_id", ["a1", "a2", "a3"]),
])
def test_apply(params, frame, col, expected):
    assert ids(apply(frames(), Filters.from_query(params))[frame], col) == expected


def test_events_from_before_date_source_were_dated_by_their_sentence():
    """A store written before ``date_source`` existed: every event is dated in its sentence, none hidden by text."""
    f = frames()
    f["events"] = f["events"].drop(columns=["date_source"])
    assert ids(apply(f, Filters(dated="text"))["events"], "event_id") == ["meet", "sanction", "visit", "deal"]
    assert ids(apply(f, Filters(dated="article"))["events"], "event_id") == []


def test_the_two_dated_views_split_the_events():
    f = frames()
    by_text, by_article = (set(apply(f, Filters(dated=d))["events"]["event_id"]) for d in schema.DATE_SOURCES)
    assert not by_text & by_article and by_text | by_article == set(f["events"]["event_id"])
    assert by_article == set(f["events"].loc[f["events"]["date_source"] == "article", "event_id"])


def test_actors_follow_the_mentions_kept():
    out = apply(frames(), Filters(source="Wikinews"))
    assert ids(out["actors"], "actor") == ["Boeing"]


def test_apply_with_a_prebuilt_index_matches_and_leaves_the_frames_alone():
    f = frames()
    before = {k: v.copy() for k, v in f.items()}
    index = build_index(f)
    for params in ({"actor": "Kim Jong Un"}, {"q": "tanker"}, {"from": "2023-01-01", "type": "visit"},
                   {"dated": "article"}, {"dated": "text", "actor": "Kim Jong Un"}):
        flt = Filters.from_query(params)
        assert {k: v.to_dict("list") for k, v in apply(f, flt, index).items()} == \
            {k: v.to_dict("list") for k, v in apply(f, flt).items()}
    for k, v in f.items():
        pd.testing.assert_frame_equal(v, before[k])


def test_empty_frames_filter_to_empty_frames():
    empty = {name: schema.empty(name) for name in schema.FRAMES}
    out = apply(empty, Filters(actors=("Kim Jong Un",), start=D(2023, 1, 1), q="x"))
    assert all(len(out[name]) == 0 and list(out[name].columns) == list(schema.COLUMNS[name]) for name in schema.FRAMES)


def cells(df: pd.DataFrame) -> dict[str, list]:
    """A frame's values whatever their storage: list cells as tuples, categories and Int32 as plain values."""
    return {c: [tuple(v) if isinstance(v, (list, tuple)) else v for v in df[c].astype(object)] for c in df.columns}


def test_compact_frames_filter_to_the_same_rows():
    """The dashboard's compact frames (categories, 32-bit offsets, tuples) give every filter the same rows."""
    f = frames()
    compact = {name: schema.compact(name, df) for name, df in f.items()}
    assert isinstance(compact["mentions"]["actor"].dtype, pd.CategoricalDtype)
    assert type(compact["events"]["actors"].iloc[0]) is tuple
    for params in ({}, {"actor": "Kim Jong Un"}, {"q": "tanker"}, {"from": "2023-09-01"}, {"source": "Wikinews"},
                   {"dated": "article"}, {"dated": "text"}):
        plain, small = apply(f, Filters.from_query(params)), apply(compact, Filters.from_query(params))
        for name in schema.FRAMES:
            assert cells(small[name]) == cells(plain[name]), (params, name)


@pytest.mark.parametrize("params", [{}, {"actor": "Kim Jong Un"}, {"q": "sanctions"}, {"from": "2023-09-05"},
                                    {"source": "Wikinews"}, {"actor": "Nobody"}, {"dated": "article"}])
def test_count_is_the_length_of_the_filtered_frame_without_making_it(params):
    from analysis.filters import count

    view = apply(frames(), Filters.from_query(params))
    counts = {name: count(view, name) for name in schema.FRAMES}
    assert counts == {name: len(view[name]) for name in schema.FRAMES}


# ---------------------------------------------------------------- one story (story=, issue 14)


def story_frames() -> dict[str, pd.DataFrame]:
    """:func:`frames` grouped: a1 and a2 are one story (Kim and Russia), a3 another; the meeting and the visit are
    reported twice (rows of one event group), and the quotes carry quote groups."""
    f = frames()
    f["articles"] = f["articles"].assign(story_id=["sKim", "sKim", "sBoeing"])
    f["events"] = f["events"].assign(event_group=["gMeet", "gSanction", "gVisit", "gDeal"])
    f["quotes"] = f["quotes"].assign(quote_group=["w1", "w2", "w3"])
    f["stories"] = schema.frame("stories", [
        {"story_id": "sKim", "title": "Kim to visit Russia", "n_articles": 2, "n_sources": 2},
        {"story_id": "sBoeing", "title": "Boeing loses tanker deal", "n_articles": 1, "n_sources": 1}])
    f["event_groups"] = schema.frame("event_groups", [
        {"event_group": g, "story_id": s, "n_reports": 1} for g, s in
        [("gMeet", "sKim"), ("gSanction", "sKim"), ("gVisit", "sKim"), ("gDeal", "sBoeing")]])
    return f


@pytest.mark.parametrize(("params", "frame", "col", "expected"), [
    ({"story": "sKim"}, "articles", "article_id", ["a1", "a2"]),
    ({"story": "sKim"}, "events", "event_id", ["meet", "sanction", "visit"]),
    ({"story": "sKim"}, "quotes", "quote_id", ["q1", "q2"]),
    ({"story": "sBoeing"}, "mentions", "actor", ["Boeing"]),
    ({"story": "sBoeing"}, "actors", "actor", ["Boeing"]),
    ({"story": "sBoeing"}, "stories", "story_id", ["sBoeing"]),
    ({"story": "sBoeing"}, "event_groups", "event_group", ["gDeal"]),
    ({"story": "sKim", "actor": "Kim Jong Un", "type": "visit"}, "events", "event_id", ["visit"]),
    ({"story": "sKim", "source": "Wire"}, "articles", "article_id", ["a2"]),
    ({"story": "sKim", "from": "2023-09-05"}, "articles", "article_id", ["a1"]),
    ({"actor": "Boeing"}, "stories", "story_id", ["sBoeing"]),  # stories with an article in the view
    ({"type": "meeting"}, "event_groups", "event_group", ["gMeet"]),  # event groups with a row in the view
    ({"type": "meeting"}, "stories", "story_id", ["sKim", "sBoeing"]),  # the type narrows events only
    ({"story": "sNowhere"}, "articles", "article_id", []),  # applied unchecked: an unknown story holds nothing
    ({}, "stories", "story_id", ["sKim", "sBoeing"]),
])
def test_a_story_narrows_its_articles_and_everything_drawn_from_them(params, frame, col, expected):
    assert ids(apply(story_frames(), Filters.from_query(params))[frame], col) == expected


def test_story_round_trips_through_the_url_and_a_link_without_it_is_unchanged():
    f = Filters.from_query({"story": " sKim ", "actor": "Kim Jong Un"})
    assert f == Filters(actors=("Kim Jong Un",), story="sKim") and not f.empty
    assert Filters.from_query(f.to_query()) == f
    assert f.query_string() == "actor=Kim+Jong+Un&story=sKim"
    assert "story" not in Filters(actors=("Kim Jong Un",)).to_query()
    assert Filters.from_query({"story": ["sA", "sKim"]}).story == "sKim"  # the last, as for source and q


def test_an_unknown_story_is_ignored_with_a_note_and_a_known_one_is_named():
    stories = story_frames()["stories"]
    bad = Filters.from_query({"story": "s0000", "actor": "Kim Jong Un"}).known_story(stories)
    assert bad == Filters(actors=("Kim Jong Un",))
    assert any("story=s0000 is not a story of this corpus" in n for n in bad.ignored)
    assert Filters(story="sKim").known_story(schema.empty("stories")).story == ""  # a store from before stories
    good = Filters(story="sKim").known_story(stories)
    assert good == Filters(story="sKim") and not good.ignored
    assert good.describe(2, "articles") == "2 articles in the story “Kim to visit Russia”"
    assert Filters(story="sKim").describe(3, "events") == "3 events in the story sKim"  # not checked: its id


def test_frames_from_before_stories_filter_as_before():
    """A store written before stories (no story_id, no event_group, empty stories): nothing changes."""
    f = frames()
    for params in ({}, {"actor": "Kim Jong Un"}, {"source": "Wikinews"}):
        out = apply(f, Filters.from_query(params))
        assert len(out["stories"]) == 0 and len(out["event_groups"]) == 0
    assert ids(apply(f, Filters(story="sKim"))["articles"], "article_id") == []


def test_compact_story_frames_filter_to_the_same_rows():
    f = story_frames()
    compact = {name: schema.compact(name, df) for name, df in f.items()}
    for params in ({"story": "sKim"}, {"story": "sBoeing", "q": "tanker"}, {"type": "meeting"}):
        plain, small = apply(f, Filters.from_query(params)), apply(compact, Filters.from_query(params))
        for name in schema.FRAMES:
            assert cells(small[name]) == cells(plain[name]), (params, name)
