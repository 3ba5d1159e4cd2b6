"""Products and market indices as actors: named things only, every spelling of one under one name, with its maker."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import actors
from analysis.actors.products import product_key


def _actors(nlp, *texts: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for i, doc in enumerate(nlp.pipe(texts)):
        rows += actors.doc_mentions(doc, f"a{i}")
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))],
                             "published": pd.to_datetime(["2017-09-15"] * len(texts))})
    mentions, table, _ = actors.resolve_corpus(pd.DataFrame(rows), articles)
    return mentions, table


def _things(nlp, text: str) -> set[tuple[str, str]]:
    table = _actors(nlp, text)[1]
    return {(a, t) for a, t in zip(table["actor"], table["actor_type"], strict=True) if t in ("product", "other")}


@pytest.mark.parametrize(("text", "expected"), [
    # reference data: a designation, its spellings, a system's nickname and full name
    ("North Korea first tested its ICBM, the Hwasong-14, on July 4.", {("Hwasong-14", "product")}),
    ("“Deploying Thaad won’t solve South Korea’s security concerns,” Geng Shuang said.", {("THAAD", "product")}),
    ("A Japanese Self-Defence Force Patriot Advanced Capability-3 (PAC-3) missile launcher was in position.",
     {("PAC-3", "product")}),
    ("China's Shenzhou-17 crew rode a Long March-2F rocket.", {("Shenzhou-17", "product"), ("Long March 2F", "product")}),
    ("North Korea previously fired a Kwangmyongsong-3 on an Unha-3 rocket into orbit in December 2012.",
     {("Kwangmyongsong-3", "product"), ("Unha-3", "product")}),
    # patterns: a designation beside a product noun, a family the data knows, a maker and its model number
    ("Two American B-1B bombers flew from an air base on Guam.", {("B-1B", "product")}),
    ("South Korean army's K-55 Self-Propelled Artillery took part in a live fire exercise.", {("K-55", "product")}),
    ("The North later showed off a new Hwasong-20 on state television.", {("Hwasong-20", "product")}),
    ("A South Korean Hyunmoo II ballistic missile is fired during an exercise.", {("Hyunmoo-2", "product")}),
    ("Boeing delivered the last Boeing 717 to AirTran on Monday.", {("Boeing 717", "product")}),
    ("The Airbus A380-800 made its first commercial flight for Singapore Airlines.", {("Airbus A380", "product")}),
    # ships: after a vessel noun, a list of them, a vessel noun in apposition
    ("A similar transfer involving another North Korean ship, Rye Song Gang 1, was captured in satellite photos.",
     {("Rye Song Gang 1", "product")}),
    ("The Security Council did add four ships — Billions No. 18, Ul Ji Bong 6, Rung Ra 2, and Rye Song Gang 1 — to "
     "a list of vessels.", {("Billions No. 18", "product"), ("Ul Ji Bong 6", "product"), ("Rung Ra 2", "product"),
                            ("Rye Song Gang 1", "product")}),
    ("The Lighthouse Winmore, a Hong Kong-flagged ship, is seen in waters off Yeosu. Officials said the Lighthouse "
     "Winmore remains in custody.", {("Lighthouse Winmore", "product")}),
    # market indices: actors of type other, short forms joined to the full name
    ("Japan’s Nikkei 225 index fell almost 1 percent, while South Korea’s KOSPI index was down.",
     {("Nikkei 225", "other"), ("KOSPI", "other")}),
    ("The Dow fell 340 points and the FTSE lost 2 percent.",
     {("Dow Jones Industrial Average", "other"), ("FTSE 100", "other")}),
    # generic words, look-alikes and longer names are no products
    ("The missile flew over Japan and the jet landed safely; the tanker was seized.", set()),
    ("The Patriot Act was renewed and Hang Seng Bank reported higher profits.", set()),
    ("The G-20 summit discussed COVID-19 and the K-12 school budget.", set()),
    ("Nasdaq-listed shares rose after the company said the ship would sail on Monday.", set()),
    ("Dow Jones & Co. publishes the Wall Street Journal, the Nikkei business daily reported.", set()),
    ("South Korea Seizes Ship Suspected of Sending Oil to North Korea", set()),
    ("He boarded the ship Kovalenko described last week.", set()),
])
def test_products_in_sentences(nlp, text, expected):
    assert _things(nlp, text) == expected


def test_one_product_under_all_its_names_and_its_maker(nlp):
    mentions, table = _actors(
        nlp,
        "The Boeing 787 Dreamliner made its maiden flight on Tuesday. The 787 is built from composites.",
        "Chinese airlines agreed to buy 60 Dreamliners, and the first Boeing 787s will arrive in 2008.",
        "Hwasong-14 and Hwasong 14 are one missile.",
        "North Korea tested a Hwasong 14 in July.",
        "China opposed the Thaad missile defense system. THAAD was deployed; the Terminal High Altitude Area "
        "Defense system angered Beijing.",
        "The Dow Jones Industrial Average closed lower. The Dow lost 2 percent.",
    )
    rows = table.set_index("actor")
    assert set(rows.loc["Boeing 787", "aliases"]) == {"Boeing 787 Dreamliner", "787", "Dreamliners", "Boeing 787s"}
    assert rows.loc["Boeing 787", "role"] == "Boeing aircraft"
    assert set(rows.loc["Hwasong-14", "aliases"]) == {"Hwasong-14", "Hwasong 14"}
    assert rows.loc["Hwasong-14", "articles"] == 2
    assert set(rows.loc["THAAD", "aliases"]) == {"Thaad", "THAAD", "Terminal High Altitude Area Defense"}
    assert set(rows.loc["Dow Jones Industrial Average", "aliases"]) == {"Dow Jones Industrial Average", "Dow"}
    assert rows.loc["Dow Jones Industrial Average", "role"] == "stock market index"
    assert set(mentions.loc[mentions["actor_type"] == "product", "label"]) == {"PRODUCT"}


def test_a_maker_named_with_its_model_is_the_products_maker(nlp):
    rows = _actors(nlp, "Boeing unveiled the Boeing 797, and the Boeing 797 will fly in 2030.")[1].set_index("actor")
    assert rows.loc["Boeing 797", "actor_type"] == "product"
    assert rows.loc["Boeing 797", "role"] == "Boeing"


def test_a_one_word_name_that_is_also_a_word_needs_a_product_noun(nlp):
    assert _things(nlp, "Ukraine received Patriot missiles and Abrams tanks.") == {("Patriot", "product"),
                                                                                   ("Abrams", "product")}
    assert _things(nlp, "Stacey Abrams said Abrams would run again, a Patriot to the end.") == set()


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Hyunmoo-II", "Hyunmoo 2", True),
    ("KN23", "KN-23", True),
    ("787s", "787", True),
    ("Hwasong-14", "Hwasong 14", True),
    ("Hwasong-14", "Hwasong-15", False),
])
def test_product_key(a, b, same):
    assert (product_key(a) == product_key(b)) is same
