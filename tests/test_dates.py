"""Temporal expressions: found in real sentences, normalised against the article date and the clause's tense."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import dates
from tests.conftest import SEED_FILE

# expression, article date, tense of its clause -> first day, last day, precision
NORMALISED = [
    ("August 31, 2023", "2023-09-08", "past", "2023-08-31", "2023-08-31", "day"),
    ("On August 31", "2023-09-08", "past", "2023-08-31", "2023-08-31", "day"),
    ("On August 31", "2023-08-20", "past", "2022-08-31", "2022-08-31", "day"),  # past event cannot follow publication
    ("On August 31", "2023-08-20", "future", "2023-08-31", "2023-08-31", "day"),
    ("December 20", "2024-01-05", "past", "2023-12-20", "2023-12-20", "day"),
    ("Sept. 8", "2023-09-10", "past", "2023-09-08", "2023-09-08", "day"),
    ("8 September 2023", "2023-10-01", "past", "2023-09-08", "2023-09-08", "day"),
    ("the 8th of September", "2023-10-01", "past", "2023-09-08", "2023-09-08", "day"),
    ("2023-09-08", "2024-01-01", "past", "2023-09-08", "2023-09-08", "day"),
    ("11/02/89", "1989-11-02", "present", "1989-11-02", "1989-11-02", "day"),
    ("Friday, September 8", "2023-09-10", "past", "2023-09-08", "2023-09-08", "day"),
    ("on Friday", "2023-09-06", "past", "2023-09-01", "2023-09-01", "day"),  # a Wednesday: the Friday before
    ("on Friday", "2023-09-06", "future", "2023-09-08", "2023-09-08", "day"),  # the next one
    ("on Friday", "2023-09-08", "present", "2023-09-08", "2023-09-08", "day"),  # dated that Friday: the day itself
    ("Friday", "2023-09-08", "past", "2023-09-08", "2023-09-08", "day"),  # wire style: "exploded Friday" = today
    ("last Friday", "2023-09-08", "past", "2023-09-01", "2023-09-01", "day"),
    # a Thursday: a past-tense "Friday" is the next day (the news day in Asia), not six days back
    ("Friday", "2017-09-14", "past", "2017-09-15", "2017-09-15", "day"),
    ("Saturday", "2017-09-14", "past", "2017-09-09", "2017-09-09", "day"),  # two days ahead: no slack
    ("last Friday", "2017-09-14", "past", "2017-09-08", "2017-09-08", "day"),  # "last" still means the one before
    ("next Tuesday", "2023-09-08", "future", "2023-09-12", "2023-09-12", "day"),
    ("Wednesday night", "2023-09-08", "past", "2023-09-06", "2023-09-06", "day"),
    ("yesterday", "2023-09-08", "past", "2023-09-07", "2023-09-07", "day"),
    ("tomorrow", "2023-09-08", "future", "2023-09-09", "2023-09-09", "day"),
    ("today", "2023-09-08", "present", "2023-09-08", "2023-09-08", "day"),
    ("two days ago", "2023-09-08", "past", "2023-09-06", "2023-09-06", "day"),
    ("three weeks ago", "2023-09-08", "past", "2023-08-14", "2023-08-20", "week"),
    ("50 years ago", "1999-03-12", "past", "1949-01-01", "1949-12-31", "year"),
    ("this week", "2023-09-08", "present", "2023-09-04", "2023-09-10", "week"),
    ("last week", "2023-09-08", "past", "2023-08-28", "2023-09-03", "week"),
    ("next week", "2023-09-08", "future", "2023-09-11", "2023-09-17", "week"),
    ("last month", "2023-09-08", "past", "2023-08-01", "2023-08-31", "month"),
    ("next month", "2023-12-08", "future", "2024-01-01", "2024-01-31", "month"),
    ("last year", "2023-09-08", "past", "2022-01-01", "2022-12-31", "year"),
    ("this year", "2023-09-08", "present", "2023-01-01", "2023-12-31", "year"),
    ("earlier this year", "2023-09-08", "past", "2023-01-01", "2023-09-08", "range"),
    ("later this month", "2023-09-08", "future", "2023-09-08", "2023-09-30", "range"),
    ("In July", "2023-09-08", "past", "2023-07-01", "2023-07-31", "month"),
    ("in September", "2023-09-04", "future", "2023-09-01", "2023-09-30", "month"),
    ("in November", "2023-09-04", "past", "2022-11-01", "2022-11-30", "month"),
    ("last October", "2023-09-04", "past", "2022-10-01", "2022-10-31", "month"),
    ("September 2023", "2024-01-01", "past", "2023-09-01", "2023-09-30", "month"),
    ("January this year", "2023-09-04", "past", "2023-01-01", "2023-01-31", "month"),
    ("In early August", "2023-09-08", "past", "2023-08-01", "2023-08-10", "range"),
    ("mid-August", "2023-09-08", "past", "2023-08-11", "2023-08-20", "range"),
    ("late August", "2023-09-08", "past", "2023-08-21", "2023-08-31", "range"),
    ("late February 2024", "2024-03-08", "past", "2024-02-21", "2024-02-29", "range"),
    ("early 2023", "2023-09-08", "past", "2023-01-01", "2023-04-30", "range"),
    ("the end of the year", "2023-09-08", "future", "2023-11-01", "2023-12-31", "range"),
    ("the end of September", "2023-09-08", "future", "2023-09-21", "2023-09-30", "range"),
    ("the first half of 2023", "2023-09-08", "past", "2023-01-01", "2023-06-30", "half"),
    ("the second half of this year", "2023-09-08", "future", "2023-07-01", "2023-12-31", "half"),
    ("Q3 2023", "2023-11-01", "past", "2023-07-01", "2023-09-30", "quarter"),
    ("the third quarter", "2023-10-20", "past", "2023-07-01", "2023-09-30", "quarter"),
    ("the fourth quarter of 1989", "1989-10-20", "future", "1989-10-01", "1989-12-31", "quarter"),
    ("third-quarter", "1989-10-26", "present", "1989-07-01", "1989-09-30", "quarter"),
    ("last quarter", "2023-09-08", "past", "2023-04-01", "2023-06-30", "quarter"),
    ("summer 2022", "2023-09-08", "past", "2022-06-01", "2022-08-31", "season"),
    ("last summer", "2023-09-20", "past", "2023-06-01", "2023-08-31", "season"),
    ("this spring", "2023-09-08", "past", "2023-03-01", "2023-05-31", "season"),
    ("winter 2022", "2023-09-08", "past", "2022-12-01", "2023-02-28", "season"),
    ("2022", "2023-09-08", "past", "2022-01-01", "2022-12-31", "year"),
    ("fiscal 1989", "1989-11-02", "past", "1989-01-01", "1989-12-31", "year"),
    ("between 2019 and 2021", "2023-09-08", "past", "2019-01-01", "2021-12-31", "range"),
    ("from 2019 to 2021", "2023-09-08", "past", "2019-01-01", "2021-12-31", "range"),
    ("1957-58", "2023-09-08", "past", "1957-01-01", "1958-12-31", "range"),
    ("August 1-10", "2023-09-08", "past", "2023-08-01", "2023-08-10", "range"),
    ("the 1990s", "2023-09-08", "past", "1990-01-01", "1999-12-31", "range"),
    ("the early 1990s", "2023-09-08", "past", "1990-01-01", "1993-12-31", "range"),
    ("the '80s", "2023-09-08", "past", "1980-01-01", "1989-12-31", "range"),
    ("Christmas", "2023-09-08", "future", "2023-12-25", "2023-12-25", "day"),
    ("Thanksgiving Day", "1998-12-01", "past", "1998-11-26", "1998-11-26", "day"),
    ("now", "2023-09-08", "present", "2023-09-08", "2023-09-08", "day"),
    ("recently", "2023-09-08", "past", "2023-06-10", "2023-09-08", "range"),  # window sizes in date_words.json
    ("in recent weeks", "2023-09-08", "past", "2023-07-10", "2023-09-08", "range"),
    ("year-end", "2023-09-08", "future", "2023-12-31", "2023-12-31", "day"),
    # a weekend has no early and late thirds: the whole of it (it once ended before it began)
    ("early this weekend", "2023-09-08", "past", "2023-09-09", "2023-09-10", "range"),
    ("mid last weekend", "2023-09-08", "past", "2023-09-02", "2023-09-03", "range"),
]


@pytest.mark.parametrize(("text", "published", "tense", "start", "end", "precision"), NORMALISED)
def test_expression_normalises_to_interval(text, published, tense, start, end, precision):
    assert dates.normalise(text, pd.Timestamp(published), tense) == (pd.Timestamp(start), pd.Timestamp(end), precision)


# expressions that name no date: durations, ages, counts, ordinals, vague words
NOT_DATES = ["two years", "75th", "the past five years", "45 years old", "decades", "annual", "the first",
             "two Russian citizens", "a third party", "the same day", "the previous Friday", "the following year",
             "soon", "the past", "daily", "1,500", "12", "thirty days before"]


@pytest.mark.parametrize("text", NOT_DATES)
def test_non_dates_normalise_to_nothing(text):
    assert dates.normalise(text, pd.Timestamp("2023-09-08"), "past") is None


# expressions that once raised, or named a day no frame can hold: expression, article date, tense -> nothing
IMPOSSIBLE = [
    ("97 April", "1996-08-30", "present"),  # CoNLL-style market lines: no April in any year has a 97th day
    ("February 30", "2023-09-08", "present"),
    ("April 31", "2023-09-08", "present"),
    ("9999999999 days ago", "2023-09-08", "past"),  # past the calendar
    ("999999999 days ago", "2023-09-08", "past"),
    ("30058 decades from now", "2023-09-08", "future"),
    ("100000 months ago", "2023-09-08", "past"),
    ("a hundred years ago", "1750-01-01", "past"),  # 1650: a datetime64[ns] frame starts in 1677
    ("tomorrow", "2199-12-31", "future"),  # 2200: after MAX_YEAR
    ("winter 2199", "2023-09-08", "past"),  # runs into 2200
    ("in August", "9999-12-31", "present"),  # an article date no frame holds counts nothing
    ("Friday", "0001-01-01", "past"),
    ("last autumn", "0001-01-01", "past"),
]


@pytest.mark.parametrize(("text", "published", "tense"), IMPOSSIBLE)
def test_impossible_dates_normalise_to_nothing(text, published, tense):
    assert dates.resolve(text, dates.Context(date.fromisoformat(published), tense)) is None


def test_relative_expressions_need_an_article_date():
    assert dates.normalise("last week", None) is None
    assert dates.normalise("August 31, 2023", None) == (pd.Timestamp("2023-08-31"), pd.Timestamp("2023-08-31"), "day")


# sentence, article date -> (expression as written, first day, last day) of every date found, in order
SENTENCES = [
    ("In early August, the White House accused Russia of trying to buy ammunition.", "2023-09-08",
     [("early August", "2023-08-01", "2023-08-10")]),
    ("The leaders met on Friday.", "2023-09-06", [("Friday", "2023-09-01", "2023-09-01")]),
    ("The leaders will meet on Friday.", "2023-09-06", [("Friday", "2023-09-08", "2023-09-08")]),
    ("The leaders meet on Friday.", "2023-09-08", [("Friday", "2023-09-08", "2023-09-08")]),
    # wire copy dated the US day before the Asian news day: the weekday named is the day after the article date
    ("North Korea fired a ballistic missile over the northern Japanese island of Hokkaido Friday, "
     "South Korea's military said.", "2017-09-14", [("Friday", "2017-09-15", "2017-09-15")]),
    ("The ruling party's Rodong Sinmun newspaper said later on Tuesday that the launch was a warning.",
     "2017-08-28", [("Tuesday", "2017-08-29", "2017-08-29")]),
    ("Two American B-1B bombers flew from an air base on Guam on Sunday.", "2017-07-29",
     [("Sunday", "2017-07-30", "2017-07-30")]),
    ("The central bank cut its key rate on Tuesday, the third cut this year.", "2017-08-31",
     [("Tuesday", "2017-08-29", "2017-08-29"), ("this year", "2017-01-01", "2017-12-31")]),
    ("Kim Jong Un plans to visit Russia in September.", "2023-09-04", [("September", "2023-09-01", "2023-09-30")]),
    ("On August 31, the United States imposed sanctions.", "2023-08-20", [("August 31", "2022-08-31", "2022-08-31")]),
    ("Sales fell in the third quarter and rose in Q4 2022.", "2023-01-20",
     [("the third quarter", "2022-07-01", "2022-09-30"), ("Q4 2022", "2022-10-01", "2022-12-31")]),
    ("Talks held between 2019 and 2021 failed, and the 1957-58 crisis was recalled two days ago.", "2023-09-08",
     [("between 2019 and 2021", "2019-01-01", "2021-12-31"), ("1957-58", "1957-01-01", "1958-12-31"),
      ("two days ago", "2023-09-06", "2023-09-06")]),
    ("Profit rose to $5 million in the third quarter from $4 million a year earlier.", "1989-10-26",
     [("the third quarter", "1989-07-01", "1989-09-30"), ("a year earlier", "1988-07-01", "1988-09-30")]),
    ("The parade marked the 75th anniversary of the state; two Russian citizens attended.", "2023-09-08", []),
    ("He is 45 years old and has worked there for two years.", "2023-09-08", []),
    ("The company employs 2000 people in 12 countries.", "2023-09-08", []),
    ("It may rain, and the first visit was a success.", "2023-09-08", []),
    ("He spoke after the fall of the Berlin Wall to BBC Radio 4's Today programme.", "2023-09-08", []),
    ("The film is shown on BBC2 at 2005 GMT.", "2023-09-08", []),
    # impossible days and shifts off the calendar: nothing (these once raised and stopped the build)
    ("Corn futures for 97 April delivery are at 2.80 .", "1996-08-30", []),
    ("He is due on February 30.", "2023-09-08", []),
    ("The wedding takes place on 31 April.", "2023-09-08", []),
    ("The plant opened in March 2020 and closed 99999 years later.", "2023-09-08",
     [("March 2020", "2020-03-01", "2020-03-31")]),
    ("Sales rose in the third quarter of 2023 from 400000 years earlier.", "2023-09-08",
     [("the third quarter of 2023", "2023-07-01", "2023-09-30")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), SENTENCES)
def test_dates_found_in_sentences(nlp, text, published, expected):
    rows = dates.doc_dates(nlp(text), "a", pd.Timestamp(published))
    got = [(r["text"], str(r["date_start"].date()), str(r["date_end"].date())) for r in rows]
    assert got == expected
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["precision"] in ("day", "week", "month", "season", "quarter", "half", "year", "range")


def test_a_count_too_long_for_a_number_shifts_nothing(nlp):
    """Python's int() refuses 4,300 digits and more: such a "count" once raised and stopped the build."""
    text = "The talks began in March 2020 and ended " + "9" * 5000 + " days later."
    rows = dates.doc_dates(nlp(text), "a", pd.Timestamp("2023-09-08"))
    assert [r["text"] for r in rows] == ["March 2020"]


def test_seed_dates_resolve_against_inferred_date(nlp):
    body = SEED_FILE.read_text(encoding="utf-8").split("\n", 1)[1]
    doc = nlp(body)
    published, reason = dates.infer_published(doc)
    assert pd.Timestamp("2023-09-08") <= published <= pd.Timestamp("2023-09-12")
    assert "September 8" in reason
    found = {r["text"]: (str(r["date_start"].date()), r["precision"]) for r in dates.doc_dates(doc, "s", published)}
    assert found["the first half of 2023"] == ("2023-01-01", "half")
    assert found["July"] == ("2023-07-01", "month")
    assert found["early August"] == ("2023-08-01", "range")
    assert found["September"] == ("2023-09-01", "month")  # "plans to visit Russia in September"
    assert not any("75th" in t or t == "two" for t in found)


# article text -> inferred date (None when nothing supports one) and what the reason must say
INFERRED = [
    ("WASHINGTON, Sept. 8, 2023 (AP) — Officials met on Thursday to discuss the budget.", "2023-09-08", "dateline"),
    ("The treaty was signed in 2022. On Friday, September 8, the leaders met again.", "2023-09-08",
     "September 8"),  # Sep 8 2022 was a Thursday: the weekday moves it to 2023
    ("Sales grew in 2021 and 2022, the company said.", None, "only years"),
    ("The minister spoke to reporters about the budget.", None, "none in the text"),
    ("The vote took place on March 3, 2021. Results were announced on March 5.", "2021-03-05", "March 5"),
    # a present-tense guess about a future day dates nothing: "betting on 5 May" is after publication
    ("There was no spree in 2001. Most pundits are betting on 5 May.", None, "only years"),
    # a year alone does not say which August 31: nothing corroborates it
    ("Sales grew in 2022. On August 31, the company was sold.", None, "only years"),
    ("The film is shown on BBC2 on Saturday 12 February at 2005 GMT.", None, "none in the text"),
    # a day the text cites, long before the rest of what it reports, does not date it
    ("Nelson Town met Nelson College on 14 May, 1870, the Town triumphing by two goals to nil. Wales beat "
     "New Zealand in 1905 and again in 1953, and the All Blacks won the World Cup in 1987 and 2003.", None,
     "history"),
    ("He led the team to the NFC Championship Game on Jan. 24, 2016. The Cardinals struggled in 2017, and he "
     "announced his retirement on Sunday.", None, "history"),
    ("The club, founded on 3 May 1921, has grown since 1997. Its new stadium opened on 4 March 2005.",
     "2005-03-04", "4 March 2005"),
    ("The company was founded on 3 May 1921.", None, "history"),
    # a day within a month of the latest period reported still dates it
    ("Parliament met in December 2017 and passed the budget on December 28, 2017.", "2017-12-28", "December 28"),
]


@pytest.mark.parametrize(("text", "expected", "reason_part"), INFERRED)
def test_article_date_inferred_from_text(nlp, text, expected, reason_part):
    published, reason = dates.infer_published(nlp(text), "A headline without a date")
    assert (None if published is None else str(published.date())) == expected
    assert reason_part in reason


def test_article_date_from_headline(nlp):
    published, reason = dates.infer_published(nlp("Officials met on Thursday."), "Summit opens - Sept. 8, 2023")
    assert str(published.date()) == "2023-09-08"
    assert "headline" in reason


def test_pipeline_infers_seed_date_and_fills_dates_frame(seed_analysis, seed_article_id):
    art = seed_analysis.articles.set_index("article_id").loc[seed_article_id]
    assert bool(art["date_inferred"]) is True
    assert pd.Timestamp("2023-09-08") <= art["published"] <= pd.Timestamp("2023-09-12")
    seed_dates = seed_analysis.dates[seed_analysis.dates["article_id"] == seed_article_id]
    assert "Friday, September 8" in set(seed_dates["text"])
    assert (seed_dates["date_start"] <= seed_dates["date_end"]).all()


def test_candidates_found_once_give_the_same_dates_against_every_date_tried(nlp):
    """The pipeline finds an article's candidates once and resolves them against each date it tries."""
    doc = nlp("The treaty was signed in 2022. On Friday, September 8, the leaders met again, two days after the "
              "talks; they will meet next week.")
    found = dates.candidates(doc)
    for published in (None, pd.Timestamp("2023-09-10"), pd.Timestamp("2022-12-31")):
        assert dates.doc_dates(doc, "a", published, found_in=found) == dates.doc_dates(doc, "a", published)
    assert dates.infer_published(doc, found_in=found) == dates.infer_published(doc)
