"""A state's institutions are one organization each, however the wire writes them (issue 17)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.actors import doc_mentions
from analysis.actors.institutions import institutions
from analysis.actors.reference import reference


@pytest.mark.parametrize(("text", "written", "name"), [
    ("South Korea's Defense Ministry said the missile flew 3,700 km.", "South Korea's Defense Ministry",
     "South Korean Defense Ministry"),
    ("Seoul's defence ministry said both missiles were fired in Sunan.", "Seoul's defence ministry",
     "South Korean Defense Ministry"),
    ("On Saturday, the Chinese Ministry of Foreign Affairs condemned the deployment.",
     "Chinese Ministry of Foreign Affairs", "Chinese Foreign Ministry"),
    ("China’s Foreign Ministry said this morning it opposed the launch.", "China’s Foreign Ministry",
     "Chinese Foreign Ministry"),
    ("South Korea’s finance ministry said it will monitor financial markets.", "South Korea’s finance ministry",
     "South Korean Finance Ministry"),
    ("The launch was reported by the South Korean Joint Chiefs of Staff.", "South Korean Joint Chiefs of Staff",
     "South Korean Joint Chiefs of Staff"),
])
def test_an_institution_is_named_by_its_state_and_body(text, written, name):
    found = institutions(text, reference())
    assert [(text[i.start:i.end], i.name) for i in found] == [(written, name)]


def test_a_body_without_its_state_is_the_one_the_article_named():
    text = "China’s Foreign Ministry said it opposed the launch. Later the Foreign Ministry added a note."
    assert [i.name for i in institutions(text, reference())] == ["Chinese Foreign Ministry"] * 2


def test_two_states_keep_two_ministries_and_a_bare_one_stays_bare():
    text = "Japan's defence ministry and South Korea's Defense Ministry met. The Defense Ministry said nothing."
    assert [i.name for i in institutions(text, reference())] == [
        "Japanese Defense Ministry", "South Korean Defense Ministry", "Defense Ministry"]


def test_the_south_is_the_divided_country_the_article_names():
    text = "South Korea’s military said so. “We will respond strongly,” the South’s foreign ministry said."
    assert [i.name for i in institutions(text, reference())] == ["South Korean Foreign Ministry"]
    assert institutions("The South’s foreign ministry said so.", reference()) == []  # which South?


def test_words_that_only_look_like_a_ministry_are_none():
    assert institutions("The minister of foreign trade spoke in Seoul about finance.", reference()) == []


def test_a_body_placed_in_a_capital_belongs_to_that_state():
    text = "South Korea's Defense Ministry said so. A launcher stood at the Defence Ministry headquarters in Tokyo."
    assert [i.name for i in institutions(text, reference())] == ["South Korean Defense Ministry",
                                                                 "Japanese Defense Ministry"]


def test_the_mentions_name_the_institution_and_keep_longer_names_whole(nlp):
    text = ("South Korea's Defense Ministry said the bombers flew from Andersen Air Force Base in Guam. "
            "The ministry later briefed reporters.")
    rows = doc_mentions(nlp(text), "a1")
    actors = {(r["text"], r["actor"]) for r in rows}
    assert ("South Korea's Defense Ministry", "South Korean Defense Ministry") in actors
    assert not any(r["actor"].endswith("Air Force") for r in rows)  # the base is a name of its own


_WORDS = ["South Korea's", "Seoul's", "the South’s", "the North's", "Chinese", "US", "defence", "Defense", "Ministry",
          "ministry of", "Foreign", "Affairs", "Air Force", "Base", "headquarters in Tokyo", "the", "Navy", "\n", "’s",
          "Joint Chiefs of Staff", "JCS", "said", ",", "-", "\u200b", "North Korea", "South Korea"]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=25))
def test_institutions_of_any_text_point_into_it(words):
    text = " ".join(words)
    found = institutions(text, reference())
    assert [i.start for i in found] == sorted(i.start for i in found)
    for inst in found:
        assert 0 <= inst.start <= inst.body_start < inst.end <= len(text)
        assert inst.name.endswith(inst.body)  # "<demonym> <body>" or the bare body
