"""Actors: every person, organisation and country once, under all its names, with the role the text gives."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import actors, corpus
from analysis.settings import SettingsError

from .conftest import SEED_FILE


def _actors(nlp, *texts: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """(mentions, actors, rename) for articles made of ``texts``, as the pipeline resolves them."""
    rows = []
    for i, doc in enumerate(nlp.pipe(texts)):
        rows += actors.doc_mentions(doc, f"a{i}")
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))],
                             "published": pd.to_datetime(["2023-09-08"] * len(texts))})
    return actors.resolve_corpus(pd.DataFrame(rows), articles)


def _found(nlp, text: str) -> set[tuple[str, str]]:
    return {(a, t) for a, t in zip(*_actors(nlp, text)[1][["actor", "actor_type"]].T.values, strict=True)}


@pytest.mark.parametrize(("text", "expected"), [
    ("North Korean leader Kim Jong Un plans to visit Russia and meet Vladimir Putin.",
     {("North Korea", "country"), ("Kim Jong Un", "person"), ("Russia", "country"), ("Vladimir Putin", "person")}),
    ("In both the DPRK and the Russian Federation, the weapons are Soviet types.",
     {("North Korea", "country"), ("Russia", "country"), ("Soviet Union", "country")}),
    ("Pyongyang said on Tuesday that it would not accept the new sanctions.", {("North Korea", "country")}),
    ("The talks were held in Pyongyang on Tuesday.", {("Pyongyang", "location")}),
    # wire copy (issue 17): "the North", a capital cited as a source, a portfolio run into a name, a speaker's
    # name after a quotation, the country before a university, adjectives that name no group
    ("North Korea fired a missile on Tuesday. The North said the test was a success.", {("North Korea", "country")}),
    ("The 19th test this year, according to Seoul.", {("South Korea", "country")}),
    ("The missile fell into the sea, Japanese Minister of Defence Itsunori Onodera said.",
     {("Itsunori Onodera", "person"), ("Japan", "country")}),
    ("″Talks will open,” Masao Okonogi, professor emeritus at Japan’s Keio University, said by phone from Seoul.",
     {("Masao Okonogi", "person"), ("Keio University", "organization"), ("Seoul", "location")}),
    ("A Republican senator and Western diplomats met in Seoul.", {("Seoul", "location")}),
    ("Kim Jong Un met with a Chinese delegation before his trip to Russia next week.",
     {("Kim Jong Un", "person"), ("China", "country"), ("Russia", "country")}),
    ("Because Xi Jinping's opinion will be more important to him, the DPRK will wait.",
     {("Xi Jinping", "person"), ("North Korea", "country")}),
    ("The United States imposed sanctions on two Russian citizens, the US Treasury said.",
     {("United States", "country"), ("Russia", "country"), ("US Treasury Department", "organization")}),
    ("Earlier, White House spokesman John Kirby said that the talks were progressing.",
     {("White House", "organization"), ("John Kirby", "person")}),
    ("In early August, the White House accused Russia of trying to buy ammunition.",
     {("White House", "organization"), ("Russia", "country")}),
    ("They (North Korea - ed.) have a fairly wide range of both ammunition and equipment.",
     {("North Korea", "country")}),
    ("Britain and the UAE backed the resolution at the UN Security Council.",
     {("United Kingdom", "country"), ("United Arab Emirates", "country"), ("UN Security Council", "organization")}),
    ("NATO and the IAEA both called for restraint.",
     {("NATO", "organization"), ("International Atomic Energy Agency", "organization")}),
    ("Barclays PLC said its profits rose, and Barclays shares closed higher.", {("Barclays", "organization")}),
    # sentences that must yield no actor at all
    ("However, as of 2022 and the first half of 2023, they have not received these supplies.", set()),
    ("The first two weeks were quiet, and the third was even quieter.", set()),
    ("He said that it was far too early to tell what would happen next.", set()),
    ("Defense spending rose by five percent in the 75th year of the program.", set()),
])
def test_sentence_actors(nlp, text, expected):
    assert _found(nlp, text) == expected


@pytest.mark.parametrize(("text", "person", "role"), [
    ("In July, Russian Defense Minister Sergei Shoigu visited the DPRK.", "Sergei Shoigu", "Russian Defense Minister"),
    ("Earlier, White House spokesman John Kirby said that the talks were progressing.", "John Kirby",
     "White House spokesman"),
    ("Media reported that US President Joe Biden is ready to meet without preconditions.", "Joe Biden",
     "US President"),
    ("Oleksandr Kovalenko, military and political observer with the Information Resistance group, believes that "
     "North Korea will not start supplying weapons to Russia.", "Oleksandr Kovalenko",
     "military and political observer with the Information Resistance group"),
    ("On Friday, Kim Jong Un met a Chinese delegation in Pyongyang.", "Kim Jong Un", ""),
    ("UN Secretary-General Antonio Guterres called for calm.", "Antonio Guterres", "UN Secretary-General"),
    ("The military-political observer Oleksandr Kovalenko said so.", "Oleksandr Kovalenko",
     "military-political observer"),
    ("Analysts said Putin was wrong.", "Vladimir Putin", ""),
])
def test_role_is_the_title_or_apposition(nlp, text, person, role):
    table = _actors(nlp, text)[1].set_index("actor")
    assert table.loc[person, "role"] == role


def test_surname_joins_full_name_and_variants_meet(nlp):
    text = ("Oleksandr Kovalenko believes that Kim Jong-un will wait. Kovalenko said that Kim Jong Un needs China. "
            "Kovalenko's view is shared by others.")
    mentions, table, _ = _actors(nlp, text)
    people = table[table["actor_type"] == "person"].set_index("actor")
    assert set(people.index) == {"Oleksandr Kovalenko", "Kim Jong Un"}
    assert set(people.loc["Oleksandr Kovalenko", "aliases"]) == {"Oleksandr Kovalenko", "Kovalenko"}
    assert set(people.loc["Kim Jong Un", "aliases"]) == {"Kim Jong-un", "Kim Jong Un"}
    assert "Kovalenko's" not in set(mentions["text"])


def test_same_person_is_one_actor_across_articles_and_namesakes_stay_apart(nlp):
    _, table, rename = _actors(
        nlp,
        "Prime Minister Gordon Brown said the budget was fair. Brown spoke in London.",
        "Brown repeated on Monday that the budget was fair.",
        "Singer Chris Brown cancelled his concert in Manchester.",
        "Mr Putin spoke to reporters in Moscow.",
        "Russian President Vladimir Putin met Kim Jong Un.",
    )
    people = set(table.loc[table["actor_type"] == "person", "actor"])
    assert {"Gordon Brown", "Chris Brown", "Vladimir Putin", "Kim Jong Un"} <= people
    assert "Brown" in people  # a lone "Brown" is either of two people: not merged blindly
    assert rename.get("Putin", "Vladimir Putin") == "Vladimir Putin"
    assert table["actor"].is_unique and table["actor_id"].is_unique


def test_ids_are_stable_and_order_is_deterministic(nlp):
    texts = ("The DPRK and China held talks.", "Russia and North Korea signed a deal in Pyongyang.")
    first, second = _actors(nlp, *texts)[1], _actors(nlp, *reversed(texts))[1]
    assert first.sort_values("actor_id")["actor_id"].tolist() == second.sort_values("actor_id")["actor_id"].tolist()
    assert actors.actor_id("North Korea", "country") == "p" + __import__("hashlib").sha1(
        b"country:North Korea").hexdigest()[:11]
    north = first.set_index("actor").loc["North Korea"]
    assert north["actor_id"] == actors.actor_id("North Korea", "country") and north["articles"] == 2


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Kim Jong-un", "Kim Jong Un", True),
    ("the Russian Federation", "Russian Federation", True),
    ("U.S.", "US", True),
    ("China's", "China", True),
    ("US", "us", False),
    ("North Korea", "South Korea", False),
])
def test_name_key(a, b, same):
    assert (actors.name_key(a) == actors.name_key(b)) is same


def test_reference_data_covers_the_un_and_common_aliases():
    ref = actors.reference()
    countries = {e.canonical for e in ref.entries if e.actor_type == "country" and e.kind == "country"}
    assert len(countries) >= 193
    for alias, canonical in [("DPRK", "North Korea"), ("ROK", "South Korea"), ("PRC", "China"), ("US", "United States"),
                             ("UK", "United Kingdom"), ("UAE", "United Arab Emirates"), ("Kyiv", "Ukraine"),
                             ("North Korean", "North Korea"), ("IAEA", "International Atomic Energy Agency"),
                             ("Putin", "Vladimir Putin")]:
        assert ref.lookup(alias).canonical == canonical


def test_user_alias_file(tmp_path):
    good = tmp_path / "aliases.csv"
    good.write_text("alias,canonical,type\nInfoRes,Information Resistance,organization\n", encoding="utf-8")
    assert actors.reference(str(good)).lookup("InfoRes").canonical == "Information Resistance"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,canonical\nX,Y\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="alias,canonical,type"):
        actors.read_alias_file(bad)
    with pytest.raises(SettingsError, match="does not exist"):
        actors.read_alias_file(tmp_path / "missing.csv")


def test_seed_gold_actors(nlp, seed_gold):
    """Every actor of the seed gold is one row with all its aliases and its type; no `not_actors`."""
    gold = seed_gold
    record = corpus.read_paths([SEED_FILE]).records[0]
    _, table, _ = _actors(nlp, record["text"])
    table = table.set_index("actor")
    for want in gold["actors"]:
        assert want["actor"] in table.index, want["actor"]
        row = table.loc[want["actor"]]
        assert row["actor_type"] == want["type"]
        assert set(want["aliases"]) <= set(row["aliases"]), want["actor"]
        if want.get("role"):
            assert row["role"] == want["role"]
    surfaces = {a for aliases in table["aliases"] for a in aliases} | set(table.index)
    assert not surfaces & set(gold["not_actors"])


def test_bbc_people_meet_across_articles_and_namesakes_stay_apart(nlp, shared):
    """BBC politics: "Blair" is Tony Blair everywhere; Australia's John Howard is not Michael Howard."""
    paths = [shared / "corpus" / "bbc" / "politics" / f"{n}.txt" for n in ("001", "002", "104", "212", "329", "411")]
    records = corpus.read_paths(paths).records
    _, table, _ = _actors(nlp, *(r["text"] for r in records))
    people = table[table["actor_type"] == "person"].set_index("actor")
    assert {"Blair", "Tony Blair"} <= set(people.loc["Tony Blair", "aliases"])
    assert {"John Howard", "Michael Howard"} <= set(people.index)
    assert "John Howard" not in people.loc["Michael Howard", "aliases"]
    assert not {"Blair", "Mr Blair", "Howard", "Mr Howard"} & set(people.index)
    assert people.loc["Tony Blair", "articles"] >= 4


def test_mrs_and_mr_of_one_surname_are_not_merged(nlp):
    text = ("Michael Howard's ex-model wife, Sandra, is to play a leading role in the campaign. "
            "Mrs Howard will make solo visits to target seats. Mr Howard will host a news conference every morning.")
    mentions, table, _ = _actors(nlp, text)
    by_text = dict(zip(mentions["text"], mentions["actor"], strict=False))
    assert by_text["Mrs Howard"] == "Mrs Howard"
    assert "Mrs Howard" not in table.set_index("actor").loc["Michael Howard", "aliases"]


def test_acronym_joins_the_organisation_it_stands_for_across_articles(nlp):
    _, table, rename = _actors(nlp, "General Motors (GM) said on Tuesday that its sales rose in Europe.",
                               "GM said sales fell in China.")
    orgs = table[table["actor_type"] == "organization"].set_index("actor")
    assert list(orgs.index) == ["General Motors"]
    assert orgs.loc["General Motors", "articles"] == 2 and rename["GM"] == "General Motors"


def test_corpus_actors_count_name_and_date_each_actor_from_its_mentions():
    """The actors frame, made by whole-column reductions, says what the mentions say, actor by actor."""
    rows = [  # article, as written, article-level name, type, role
        ("a1", "Kim Jong Un", "Kim Jong Un", "person", "leader"),
        ("a1", "Kim", "Kim Jong Un", "person", ""),
        ("a2", "Kim Jong-un", "Kim Jong-un", "person", "chairman"),
        ("a2", "Kim Jong Un", "Kim Jong Un", "person", "chairman"),
        ("a3", "Kim Jong Un", "Kim Jong Un", "person", "leader"),
        ("a3", "Boeing", "Boeing", "organization", ""),
    ]
    mentions = pd.DataFrame([{"article_id": a, "sentence": 0, "start": i, "end": i + 1, "text": t, "label": "X",
                              "actor": n, "actor_type": ty, "role": r} for i, (a, t, n, ty, r) in enumerate(rows)])
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a3"],
                             "published": pd.to_datetime(["2023-09-08", None, "2023-07-01"])})
    out, table, rename = actors.resolve_corpus(mentions, articles)
    assert rename == {"Kim Jong-un": "Kim Jong Un"}
    assert table["actor"].tolist() == ["Kim Jong Un", "Boeing"]  # most mentioned first
    kim = table.iloc[0]
    assert (kim["mentions"], kim["articles"]) == (5, 3)
    assert kim["aliases"] == ["Kim", "Kim Jong Un", "Kim Jong-un"]
    assert kim["role"] == "chairman"  # two votes each: the longer role wins
    assert (str(kim["first_seen"].date()), str(kim["last_seen"].date())) == ("2023-07-01", "2023-09-08")
    boeing = table.iloc[1]
    assert (boeing["role"], boeing["aliases"], boeing["articles"]) == ("", ["Boeing"], 1)
    assert out["actor_id"].tolist() == [actors.actor_id("Kim Jong Un", "person")] * 5 + \
        [actors.actor_id("Boeing", "organization")]
