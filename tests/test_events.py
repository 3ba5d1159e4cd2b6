"""Dated events: who did what, when, from date rows and actor mentions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import dates, events
from tests import benches


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


@pytest.mark.parametrize("text", [
    "Ford brand sales were up 12 percent compared to the same time in 2008.",
    "General Motors' profit was higher than in 2007.",
    "Ford's market share rose to 17 percent, up from 14 percent a year ago.",
])
def test_a_date_a_figure_is_compared_with_dates_no_event(nlp, text):
    doc = nlp(text)
    date_rows = dates.doc_dates(doc, "a", pd.Timestamp("2009-03-03"))
    assert date_rows  # the date is read ...
    assert events.doc_events(doc, "a", date_rows, []) == []  # ... and dates no happening


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


NK, SK, JP, US = (("North Korea", "country"), ("South Korea", "country"), ("Japan", "country"),
                  ("United States", "country"))
UNSC = ("UN Security Council", "organization")

# text, mentions, article date, the event's action -> its subject and actors (issue 17: actors from the clause)
CLAUSE_CASES = [
    # a pronoun in a reported clause is the speaker ("they" = the authorities); the speaker's verb is undated
    ("South Korean authorities said that on Nov. 24 they seized a Hong Kong-flagged vessel.",
     {"South Korean": SK}, "2017-12-29", "seize", "South Korea", ["South Korea"]),
    # a pronoun in an adverbial clause before the main one is the main clause's subject
    ("When it blacklisted several Chinese trading companies in November, the Treasury Department said that "
     "North Korea was known to employ deceptive shipping practices.",
     {"Chinese": CN, "Treasury Department": ("US Treasury Department", "organization"), "North Korea": NK},
     "2017-12-29", "blacklist", "US Treasury Department", ["US Treasury Department", "China"]),
    # a state described, not named: the country the article is about
    ("North Korea fired a missile over Japan on Friday, North Korean state media said. On Saturday the secretive "
     "state ramped up its threats towards America.",
     {"North Korea": NK, "Japan": JP, "North Korean": NK, "America": US}, "2017-09-16", "ramp",
     "North Korea", ["North Korea", "United States"]),
    ("North Korea conducted a nuclear test in January. The North launched a rocket on Sunday.",
     {"North Korea": NK}, "2016-02-08", "launch", "North Korea", ["North Korea"]),
    # a capital as the subject speaks for its government; as the place of an event it stays a place
    ("Pyongyang launched a missile on Monday.", {"Pyongyang": ("Pyongyang", "location")}, "2017-09-06", "launch",
     "North Korea", ["North Korea"]),
    ("Kim Jong Un met Xi Jinping in Beijing on Monday.",
     {"Kim Jong Un": KIM, "Xi Jinping": ("Xi Jinping", "person"), "Beijing": ("Beijing", "location")},
     "2018-03-28", "meet", "Kim Jong Un", ["Kim Jong Un", "Xi Jinping", "Beijing"]),
    # a relative pronoun is the noun it hangs on, and the names in it
    ("The sanctions were prompted by North Korea's sixth nuclear test that occurred on September 3.",
     {"North Korea": NK}, "2017-09-15", "occur", "North Korea", ["North Korea"]),
    # a military action with no performer in its clause: the article's country
    ("North Korea has fired missiles over Japan. By comparison, an intercontinental ballistic missile launched in "
     "July flew 3,700 kilometers high.", {"North Korea": NK, "Japan": JP}, "2017-09-15", "launch", "North Korea",
     ["North Korea"]),
    # ... but a ban without an agent is not given one
    ("North Korea has fired missiles over Japan. Exports of coal and seafood were also banned last month.",
     {"North Korea": NK, "Japan": JP}, "2017-09-15", "ban", "", []),
    # the performer of the reported clause first, the speaker after it (the cue has no date of its own)
    ("Kim personally signed the order to launch on Saturday, Ri said.",
     {"Kim": KIM, "Ri": ("Ri Chun Hee", "person")}, "2016-02-07", "launch", "Kim Jong Un",
     ["Kim Jong Un", "Ri Chun Hee"]),
    # "their" in a subordinate clause: the subject of the clause above, every one of them
    ("The United States and South Korea are technically still at war with the North because their 1950-53 "
     "conflict ended in a truce.", {"The United States": US, "South Korea": SK, "North": NK}, "2017-08-29", "end",
     "United States", ["United States", "South Korea"]),
    ("Tokyo and Washington will be seeking to up that pressure at the United Nations, with the two governments "
     "calling a snap meeting of the Security Council for Friday afternoon.",
     {"Tokyo": ("Tokyo", "location"), "Washington": ("Washington", "location"),
      "United Nations": ("United Nations", "organization"), "Security Council": UNSC}, "2017-09-15", "call",
     "Japan", ["Japan", "United States", "UN Security Council"]),
    # a state owned by a person: the country people.csv gives the person, and the person
    ("Kim's regime had said it would launch the satellite between Feb. 7 and Feb. 14.", {"Kim": KIM},
     "2016-02-07", "launch", "North Korea", ["North Korea", "Kim Jong Un"]),
    # the speaker of a reported military action is not its performer, but takes part
    ("North Korea fired another missile on Monday. South Korea's military said the missile was launched from near "
     "Pyongyang and flew 2,700 km on Tuesday.",
     {"North Korea": NK, "South Korea": SK, "Pyongyang": ("Pyongyang", "location")}, "2017-08-29", "fly",
     "North Korea", ["North Korea", "South Korea"]),
    # asked to do it: the one asked is the doer, the one asking takes part
    ("Japan and the US have requested the UN Security Council hold urgent consultations on Friday.",
     {"Japan": JP, "US": US, "UN Security Council": UNSC}, "2017-09-15", "hold", "UN Security Council",
     ["UN Security Council", "Japan", "United States"]),
]


@pytest.mark.parametrize(("text", "actors", "published", "action", "subject", "expected"), CLAUSE_CASES)
def test_event_actors_come_from_the_clause(nlp, text, actors, published, action, subject, expected):
    doc = nlp(text)
    date_rows = dates.doc_dates(doc, "a", pd.Timestamp(published))
    rows = [e for e in events.doc_events(doc, "a", date_rows, _mentions(text, actors)) if e["action"] == action]
    assert [(e["subject"], e["actors"]) for e in rows] == [(subject, expected)]


GM = ("General Motors", "organization")
BOEING = ("Boeing", "organization")
CHRYSLER = ("Chrysler", "organization")

# text, mentions, publication day -> (action, subject, actors, day) of each event dated by the article
ARTICLE_CASES = [
    # a present-perfect lead is the publication day
    ("Boeing has unveiled a new ultra-long range version of its 777 airliner, capable of flying from London to "
     "Sydney non-stop.", {"Boeing": BOEING}, "2005-02-17", [("unveil", "Boeing", ["Boeing"], "2005-02-17")]),
    ("Cerberus has agreed to take on billions of dollars in pension and retiree health care costs at Chrysler.",
     {"Cerberus": ("Cerberus", "organization"), "Chrysler": CHRYSLER}, "2007-05-14",
     [("agree", "Cerberus", ["Cerberus", "Chrysler"], "2007-05-14")]),
    # a past tense without a date: the publication day, whatever kind of actor takes part
    ("The S&P 500 fell 2.99 percent on the news.", {"S&P 500": ("S&P 500", "product")}, "2008-09-04",
     [("fall", "S&P 500", ["S&P 500"], "2008-09-04")]),
    ("North Korea fired a ballistic missile over Japan.", {"North Korea": NK, "Japan": JP}, "2017-09-15",
     [("fire", "North Korea", ["North Korea", "Japan"], "2017-09-15")]),
    # the content of reported speech reports a happening; the speaker takes part, the cue is no event
    ("South Korea's military said North Korea fired a ballistic missile into the sea off its east coast.",
     {"South Korea": SK, "North Korea": NK}, "2017-08-29",
     [("fire", "North Korea", ["North Korea", "South Korea"], "2017-08-29")]),
    # reported on the day before ("said yesterday"): the happening is that day's; the statement is an event
    # of its own, with its speaker
    ("South Korean officials said yesterday that North Korea fired a missile into the sea.",
     {"South Korean": SK, "North Korea": NK}, "2017-08-30", [("fire", "North Korea", ["North Korea"], "2017-08-29")]),
    # a public judgement with no reported words is a happening; a clause of its own
    ("The United States, Japan and South Korea immediately condemned the launch.",
     {"The United States": US, "Japan": JP, "South Korea": SK}, "2016-02-07",
     [("condemn", "United States", ["United States", "Japan", "South Korea"], "2016-02-07")]),
    # a cue verb acting on an object that is not what was said is an ordinary verb; "is -ing" is that day's
    ("Toyota is recalling 2 million cars.", {"Toyota": ("Toyota", "organization")}, "2010-02-09",
     [("recall", "Toyota", ["Toyota"], "2010-02-09")]),
    ("UniFirst Corp. declared a 2-for-1 stock split.", {"UniFirst Corp.": ("UniFirst", "organization")},
     "1989-10-25", [("declare", "UniFirst", ["UniFirst"], "1989-10-25")]),
    # announcing what was done is a happening; announcing a plan or that something is so is speech
    ("General Motors announced 10,000 job cuts.", {"General Motors": GM}, "2009-02-03",
     [("announce", "General Motors", ["General Motors"], "2009-02-03")]),
    ("General Motors announced plans to build a plant.", {"General Motors": GM}, "2009-02-03", []),
    ("General Motors announced that it would cut jobs.", {"General Motors": GM}, "2009-02-03", []),
    # a happening the text dates elsewhere, told again, is that one
    ("North Korea launched a long-range rocket on Sunday. North Korea launched the rocket from its west coast.",
     {"North Korea": NK}, "2016-02-07", []),
    # a text-dated clause gets no second event
    ("The American auto company Chrysler filed for bankruptcy Thursday.", {"Chrysler": CHRYSLER}, "2009-05-01", []),
    # a date the figure is compared with dates nothing: the rise is the article's news
    ("Ford's market share rose to 17 percent, up from 14 percent a year ago.", {"Ford": ("Ford", "organization")},
     "2009-03-03", [("rise", "Ford", ["Ford"], "2009-03-03")]),
    # reported speech alone is a quote
    ("General Motors said it was studying the offer.", {"General Motors": GM}, "2009-05-15", []),
    ("Boeing told reporters the first flight went well.", {"Boeing": BOEING}, "2009-12-16", []),
    # generic, habitual, future, conditional, modal, negated, asked, vague, quoted, a headline
    ("Airbus, Europe's biggest aircraft manufacturer, makes airliners in Toulouse.",
     {"Airbus": ("Airbus", "organization"), "Toulouse": ("Toulouse", "location")}, "2007-02-28", []),
    ("Boeing usually unveiled its airliners at the Paris Air Show.", {"Boeing": BOEING}, "2009-06-15", []),
    ("Fiat will buy a majority stake in Chrysler.", {"Fiat": ("Fiat", "organization"), "Chrysler": CHRYSLER},
     "2011-05-29", []),
    ("If Chrysler files for bankruptcy, Fiat could buy its plants.",
     {"Chrysler": CHRYSLER, "Fiat": ("Fiat", "organization")}, "2009-04-20", []),
    ("General Motors may have lost US$6 billion in the quarter.", {"General Motors": GM}, "2009-05-07", []),
    ("General Motors did not file for bankruptcy.", {"General Motors": GM}, "2009-05-07", []),
    ("Did North Korea fire a missile over Japan?", {"North Korea": NK, "Japan": JP}, "2017-09-15", []),
    ("American Home Mortgage recently filed for bankruptcy.",
     {"American Home Mortgage": ("American Home Mortgage", "organization")}, "2007-08-10", []),
    ("“We fired the missile,” Kim said.", {"Kim": KIM}, "2017-09-15", []),
    ("“Our army is strong. North Korea fired the missile,” Kim said.", {"Kim": KIM, "North Korea": NK}, "2017-09-15",
     []),
    ("North Korea fires missile over Japan", {"North Korea": NK, "Japan": JP}, "2017-09-15", []),
    ("Putin has ruled Russia for two decades.", {"Putin": PUTIN, "Russia": RU}, "2023-09-06", []),
    # the speaker alone takes no part in what is reported
    ("Officials said the weather turned cold.", {}, "2017-09-15", []),
]


@pytest.mark.parametrize(("text", "actors", "published", "expected"), ARTICLE_CASES)
def test_events_dated_by_the_article(nlp, text, actors, published, expected):
    doc = nlp(text)
    date_rows = dates.doc_dates(doc, "a", pd.Timestamp(published))
    rows = events.doc_events(doc, "a", date_rows, _mentions(text, actors), published=pd.Timestamp(published))
    got = [(e["action"], e["subject"], e["actors"], str(e["date_start"].date())) for e in rows
           if e["date_source"] == "article"]
    assert got == expected
    for e in rows:
        if e["date_source"] == "article":
            assert (e["date_text"], e["precision"], e["planned"]) == ("", "day", False)
            assert e["date_start"] == e["date_end"]
            assert 0 <= e["start"] < e["end"] <= len(text)
        else:
            assert e["date_source"] == "text" and e["date_text"] in text


def test_no_article_events_without_a_publication_date(nlp):
    text = "North Korea fired a ballistic missile over Japan."
    doc = nlp(text)
    rows = events.doc_events(doc, "a", dates.doc_dates(doc, "a", None), _mentions(text, {"North Korea": NK}),
                             published=None)
    assert rows == []


def test_text_dated_events_say_so(seed_analysis):
    ev = seed_analysis.events
    assert set(ev["date_source"]) <= {"text", "article"}
    text = ev[ev["date_source"] == "text"]
    assert (text["date_text"] != "").all()
    article = ev[ev["date_source"] == "article"]
    assert (article["date_text"] == "").all() and (article["precision"] == "day").all()


def test_the_article_day_is_the_day_it_was_written(nlp):
    """A publication time with a time zone dates the happening on its day, as the date rows are."""
    text = "North Korea fired a ballistic missile over Japan."
    doc = nlp(text)
    published = pd.Timestamp("2017-09-15T22:30:00+09:00")
    rows = events.doc_events(doc, "a", dates.doc_dates(doc, "a", published), _mentions(text, {"North Korea": NK}),
                             published=published)
    assert [(e["date_start"], e["date_end"]) for e in rows] == [(pd.Timestamp("2017-09-15"),) * 2]


def test_anchoring_bench_reads_the_gold_day_of_events(shared):
    """bench/anchoring.py: an event inside a date naming the creation day is that day's, one BEFORE the creation
    time is before it; and the bench runs on a few documents."""
    bench = benches.load("anchoring")
    path = shared / "eval" / "tempeval3" / "TBAQ-cleaned" / "AQUAINT" / "APW19980807.0261.tml"
    dct, _, spans = bench.tempeval.read_tml(path, tags=("TIMEX3", "EVENT"))
    days, timed = bench.gold_days(path, dct, [s for s in spans if s["tag"] == "TIMEX3"])
    assert (days["e1"], days["e3"]) == ("on", "before")  # "exploded ... Friday", "witnesses said"
    assert "e1" in timed and "e3" not in timed
    assert bench.main(["--split", "dev", "--limit", "3"]) == 0


@pytest.mark.parametrize("text", ["", "\n\n", "“", "-- North Korea fired -- .", "North Korea fired.''",
                                  "``North Korea fired a missile.", "Fired!", "?", "North Korea has has fired."])
def test_odd_texts_date_nothing_wrongly(nlp, text):
    """Odd text never breaks the events dated by the article, and each one it makes is whole."""
    doc = nlp(text)
    published = pd.Timestamp("2017-09-15")
    mentions = _mentions(text, {"North Korea": NK}) if "North Korea" in text else []
    for e in events.doc_events(doc, "a", dates.doc_dates(doc, "a", published), mentions, published=published):
        assert 0 <= e["start"] < e["end"] <= len(text) and e["actors"]
