"""Dated events: who did what, when, from date rows and actor mentions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import dates, events


def _mentions(text: str, actors: dict[str, tuple[str, str]]) -> list[dict]:
    """Hand-made mention rows: surface form -> (canonical actor, actor type)."""
    rows = []
    for surface, (actor, kind) in actors.items():
        i = text.index(surface)
        rows.append({"article_id": "a", "start": i, "end": i + len(surface), "text": surface, "actor": actor,
                     "actor_type": kind})
    return sorted(rows, key=lambda r: r["start"])


PUTIN = ("Vladimir Putin", "person")
KIM = ("Kim Jong Un", "person")
RU, CN = ("Russia", "country"), ("China", "country")

# sentence, mentions, article date -> (action, event type, subject, actors in order, planned, first day) per event
CASES = [
    ("On August 31, the United States imposed sanctions on two Russian citizens.",
     {"the United States": ("United States", "country"), "Russian": RU}, "2023-09-08",
     [("impose", "sanction", "United States", ["United States", "Russia"], False, "2023-08-31")]),
    ("Sanctions were imposed on Iran by the European Union on Monday.",
     {"Iran": ("Iran", "country"), "European Union": ("European Union", "organization")}, "2023-09-06",
     [("impose", "sanction", "European Union", ["European Union", "Iran"], False, "2023-09-04")]),
    ("Kim Jong Un plans to visit Russia in September.", {"Kim Jong Un": KIM, "Russia": RU}, "2023-09-04",
     [("visit", "visit", "Kim Jong Un", ["Kim Jong Un", "Russia"], True, "2023-09-01")]),
    ("Kim Jong Un is expected to travel to Vladivostok on Tuesday.",
     {"Kim Jong Un": KIM, "Vladivostok": ("Vladivostok", "location")}, "2023-09-06",
     [("travel", "visit", "Kim Jong Un", ["Kim Jong Un", "Vladivostok"], True, "2023-09-12")]),
    ("China will deliver the shells to Russia next week.", {"China": CN, "Russia": RU}, "2023-09-06",
     [("deliver", "supply", "China", ["China", "Russia"], True, "2023-09-11")]),
    # two dated happenings in one sentence: two events
    ("Putin met Xi Jinping on Monday and Russia launched missiles at Kyiv on Tuesday.",
     {"Putin": PUTIN, "Xi Jinping": ("Xi Jinping", "person"), "Russia": RU, "Kyiv": ("Kyiv", "location")},
     "2023-09-06",
     [("meet", "meeting", "Vladimir Putin", ["Vladimir Putin", "Xi Jinping"], False, "2023-09-04"),
      ("launch", "military_action", "Russia", ["Russia", "Kyiv"], False, "2023-09-05")]),
    # the statement and what it reports are two events, each with its own actors
    ("On Monday, Blinken said that Russia had attacked the port on Sunday.",
     {"Blinken": ("Antony Blinken", "person"), "Russia": RU}, "2023-09-06",
     [("say", "statement", "Antony Blinken", ["Antony Blinken"], False, "2023-09-04"),
      ("attack", "military_action", "Russia", ["Russia"], False, "2023-09-03")]),
    # verbs joined by "and" share the date
    ("In July, Shoigu visited the DPRK and met with his counterpart.",
     {"Shoigu": ("Sergei Shoigu", "person"), "DPRK": ("North Korea", "country")}, "2023-09-08",
     [("visit", "visit", "Sergei Shoigu", ["Sergei Shoigu", "North Korea"], False, "2023-07-01"),
      ("meet", "meeting", "Sergei Shoigu", ["Sergei Shoigu"], False, "2023-07-01")]),
    # an event noun carries its own date; "his" is the person named before
    ("Kim Jong Un met a Chinese delegation on Friday before his trip to Russia next week.",
     {"Kim Jong Un": KIM, "Chinese": CN, "Russia": RU}, "2023-09-08",
     [("meet", "meeting", "Kim Jong Un", ["Kim Jong Un", "China"], False, "2023-09-08"),
      ("trip", "visit", "Kim Jong Un", ["Kim Jong Un", "Russia"], True, "2023-09-11")]),
    ("The foreign ministers of France and Germany signed the accord on Friday.",
     {"France": ("France", "country"), "Germany": ("Germany", "country")}, "2023-09-06",
     [("sign", "agreement", "France", ["France", "Germany"], False, "2023-09-01")]),
    # no event: negated, undated, or only a duration
    ("The minister did not visit Moscow on Friday.", {"Moscow": ("Moscow", "location")}, "2023-09-06", []),
    ("Putin has ruled Russia for two decades.", {"Putin": PUTIN, "Russia": RU}, "2023-09-06", []),
    ("China supplies Russia with drones.", {"China": CN, "Russia": RU}, "2023-09-06", []),
    ("China has recently supplied Russia with drones, and now ships shells.", {"China": CN, "Russia": RU},
     "2023-09-06", []),  # vague and present-time words date nothing
]


@pytest.mark.parametrize(("text", "actors", "published", "expected"), CASES)
def test_events_from_sentences(nlp, text, actors, published, expected):
    doc = nlp(text)
    date_rows = dates.doc_dates(doc, "a", pd.Timestamp(published))
    rows = events.doc_events(doc, "a", date_rows, _mentions(text, actors))
    got = [(e["action"], e["event_type"], e["subject"], e["actors"], e["planned"], str(e["date_start"].date()))
           for e in rows]
    assert got == expected
    for e in rows:
        assert e["text"] == text
        assert 0 <= e["start"] < e["end"] <= len(text)
        assert e["date_text"] in text


@pytest.mark.parametrize(("action", "objects", "expected"), [
    ("impose", ["sanction"], "sanction"), ("visit", [], "visit"), ("meet", [], "meeting"),
    ("hold", ["talk"], "meeting"), ("accuse", [], "accusation"), ("launch", ["missile"], "military_action"),
    ("fire", ["rocket"], "military_action"), ("fire", ["on", "protester"], "military_action"),
    ("launch", ["model"], "other"), ("fire", ["employee"], "other"), ("strike", [], "military_action"),
    ("strike", ["deal"], "agreement"), ("ship", [], "supply"), ("report", [], "report"), ("say", [], "statement"),
    ("announce", [], "statement"), ("sign", [], "agreement"), ("impose", ["curfew"], "other"), ("rise", [], "other"),
])
def test_event_type_lexicon(action, objects, expected):
    assert events.event_type(action, objects) == expected


def test_seed_gold_events_found_with_their_actors(seed_analysis, seed_article_id, seed_gold):
    """Every event of the seed gold, inside its window, with its actors and type."""
    gold = seed_gold
    ev = seed_analysis.events[seed_analysis.events["article_id"] == seed_article_id]
    for g in gold["events"]:
        cands = ev[ev["text"].str.contains(g["sentence_contains"], regex=False)
                   & (ev["date_start"] >= pd.Timestamp(g["date_start"]))
                   & (ev["date_end"] <= pd.Timestamp(g["date_end"]))
                   & (ev["event_type"] == g["event_type"])]
        matching = [e for _, e in cands.iterrows() if set(g["actors"]) <= set(e["actors"])
                    and bool(e["planned"]) == g.get("planned", False)]
        assert matching, f"gold event not found: {g}\nfound: {ev[['date_text', 'action', 'actors']].to_dict('records')}"


def test_every_event_has_its_own_id_and_a_dated_sentence(seed_analysis):
    ev = seed_analysis.events
    assert len(ev) > 0
    assert ev["event_id"].is_unique
    assert (ev["date_start"] <= ev["date_end"]).all()
    assert set(ev["event_type"]) <= {"meeting", "visit", "sanction", "accusation", "statement", "report", "agreement",
                                     "military_action", "supply", "other"}
