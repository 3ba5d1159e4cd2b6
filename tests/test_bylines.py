"""The wire's furniture (bylines, datelines, credits, photo credits, page promotions) is found and kept out of
actors and quotes: a reporter or photographer never becomes the person a story is about."""

from __future__ import annotations

import pytest

from analysis import analyze
from analysis.bylines import furniture, inside
from analysis.settings import Settings

FURNITURE = [
    ("By Malcolm Foster\nERIMO, Japan, Oct 19 (Reuters) - Residents of this fishing town", "By Malcolm Foster",
     "byline"),
    ("SEOUL (Reuters) - North Korea fired a missile.", "SEOUL (Reuters) - ", "dateline"),
    ("SEOUL/WASHINGTON (Reuters) - North Korea said", "SEOUL/WASHINGTON (Reuters) - ", "dateline"),
    ("The launch was condemned.\nReporting by Jack Kim; Editing by Lincoln Feast", "Reporting by Jack Kim; Editing by "
     "Lincoln Feast", "credit"),
    ("Yoongjung Seo in Seoul contributed to this report.", "Yoongjung Seo in Seoul contributed to this report.",
     "contributor"),
    ("the facts.”\nShirley Feng contributed from Beijing.\n", "Shirley Feng contributed from Beijing.", "contributor"),
    ("a news report in Tokyo, Japan, August 29, 2017. REUTERS/Kim Kyung-Hoon TPX IMAGES OF THE DAY\nDIALOGUE",
     "REUTERS/Kim Kyung-Hoon TPX IMAGES OF THE DAY", "photo"),
    ("a news briefing in Beijing. (Mark Schiefelbein/AP)\n“We never allow", "(Mark Schiefelbein/AP)", "photo"),
    ("an official said Friday. (Hyung Min-woo/Yonhap via AP)\nDid a ship", "(Hyung Min-woo/Yonhap via AP)", "photo"),
    ("the official name.\nIssei Kato / Reuters U.S. Forces officials are seen", "Issei Kato / Reuters", "photo"),
    ("for it.\nJUST WATCHED Paula Hancocks interviews S. Korean president Replay More Videos ... MUST WATCH\nRapid",
     "JUST WATCHED Paula Hancocks interviews S. Korean president Replay More Videos ... MUST WATCH", "promo"),
    ("on Nov. 29.\nAdvertisement Continue reading the main story\nBut the impact",
     "Advertisement Continue reading the main story", "promo"),
    ("LUXOR HOTEL BROKEN Windows were seen on the 32nd floor.", "LUXOR HOTEL BROKEN", "label"),
]


@pytest.mark.parametrize(("text", "span", "kind"), FURNITURE)
def test_furniture_is_found(text, span, kind):
    start = text.index(span)
    assert (start, start + len(span), kind) in furniture(text)


NOT_FURNITURE = [
    "By comparison, the Saturn 5 had five engines.",
    "A Reuters/Ipsos poll showed support falling.",
    "A Reuters/Ipsos Poll showed support falling.",
    "The photo was taken by a soldier.",
    "THIS is the moment the missile flew over Japan.",
    "SOCCER - JAPAN GET LUCKY WIN .",
    "Reuters reported that the ship had been seized.",
]


@pytest.mark.parametrize("text", NOT_FURNITURE)
def test_news_is_not_furniture(text):
    assert furniture(text) == []


def test_inside_means_overlapping():
    spans = [(10, 20, "byline")]
    assert inside(spans, 15, 25) and inside(spans, 0, 11) and not inside(spans, 20, 30) and not inside(spans, 0, 10)


def test_reporters_and_photographers_are_not_actors_or_speakers(tmp_path):
    text = ("North Korea fires missile over Japan\n"
            "By Malcolm Foster\n"
            "ERIMO, Japan, Sept 15 (Reuters) - North Korea fired a missile over Japan on Friday, "
            "Japan's defence minister Itsunori Onodera said.\n"
            "A man watches the news in Tokyo. REUTERS/Kim Kyung-Hoon\n"
            "“We will never tolerate this,” Onodera told reporters.\n"
            "Reporting by Linda Sieg; Editing by Lincoln Feast\n")
    (tmp_path / "wire.txt").write_text(text, encoding="utf-8")
    result = analyze([tmp_path], settings=Settings())
    actors = set(result.mentions["actor"])
    assert {"North Korea", "Japan", "Itsunori Onodera"} <= actors
    assert not actors & {"Malcolm Foster", "Kim Kyung-Hoon", "Linda Sieg", "Lincoln Feast", "Reuters"}
    assert set(result.quotes["speaker"]) == {"Itsunori Onodera"}
