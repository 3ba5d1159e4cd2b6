"""Stories, merged events and quotes across outlets (analysis/stories), on real reports.

What an analyst would notice: two outlets' reports of the same missile launch are one story and one merged
event; unrelated articles are not; the same words by the same speaker in two articles are one quote group;
ids do not move between two builds of the same files, and an article added later joins its story without
moving anyone else's id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import analyze, schema
from analysis.settings import Grouping
from analysis.stories import Previous, group, grouping, near
from analysis.stories import events as event_groups
from analysis.stories import quotes as quote_groups

# news_cluster files (../shared/corpus/news_cluster), by outlet: reports of North Korea's launch over Hokkaido
# on 29 August 2017, of a subway collision in New York, and of Trump's "Caught RED HANDED" post.
HOKKAIDO = {
    "huffingtonpost (1)": "2989428ad5737c66b7832be5344f2c2fc6086447c32fe93b0b8fd079",
    "nytimes": "88167f71dba9fde243411117c9ae522ff537095ee330c61a62cae258",
    "npr": "939a3e0e11d055b8f8b911ba50ba878c031af171e4f4904d850e5398",
    "thesun": "af997466c1ced309896da42a06a3c3f90a012b355d7e3db86f9fee07",
    "huffingtonpost (2)": "a124707a5aa22b683f5a2b4a84dd75df7acb3a183b34a54714d69fce",
}
SUBWAY = ["2216ac1653dbe4e74e65fb459401445f7b44202fec43b08c4a47af82", "5ab7894a2174f1575138b4c57cd950d516d1ffce569f5c960fd1c0fa",
          "7cd30fafa45129f56047c446efac7768314696d281123cb675f13096"]
RED_HANDED = ["cd2cd4f859b11d9990de0d08572009f56cb744c4469c1aba22a39e0d", "441fe62fc92e31c4db75356efe508d0e7fe59e6076951d7ec00682ef"]


def _copy(shared: Path, names: list[str], folder: Path) -> Path:
    """news_cluster files without their ``newsCluster`` field (the gold: never an input)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        record = json.loads((shared / "corpus" / "news_cluster" / f"{name}.json").read_text(encoding="utf-8"))
        record.pop("newsCluster", None)
        (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster(shared: Path, tmp_path_factory) -> tuple[Path, object]:
    folder = _copy(shared, [*HOKKAIDO.values(), *SUBWAY, *RED_HANDED], tmp_path_factory.mktemp("cluster"))
    return folder, analyze([folder])


def _by_file(result) -> pd.DataFrame:
    arts = result.articles.copy()
    arts["file"] = arts["path"].map(lambda p: Path(p).stem)
    return arts.set_index("file")


# ---------------------------------------------------------------- on real reports


def test_two_outlets_reports_of_one_launch_share_a_story_and_unrelated_articles_do_not(cluster) -> None:
    _, result = cluster
    arts = _by_file(result)
    launch = set(arts.loc[list(HOKKAIDO.values()), "story_id"])
    subway = set(arts.loc[SUBWAY, "story_id"])
    assert len(launch) == 1 and len(subway) == 1, (launch, subway)
    assert launch != subway
    assert arts.loc[RED_HANDED, "story_id"].nunique() == 1
    assert not set(arts.loc[RED_HANDED, "story_id"]) & (launch | subway)
    story = result.stories.set_index("story_id").loc[launch.pop()]
    assert story["n_articles"] == len(HOKKAIDO) and story["n_sources"] == 4
    assert story["actors"][0] == "North Korea" and "Japan" in story["actors"]
    assert story["first_published"] == pd.Timestamp("2017-08-28")


def test_the_launch_over_hokkaido_is_one_merged_event_reported_by_several_outlets(cluster) -> None:
    _, result = cluster
    groups = result.event_groups
    launch = groups[(groups["date_start"] == pd.Timestamp("2017-08-29")) & (groups["precision"] == "day")]
    biggest = launch.sort_values("n_reports", ascending=False).iloc[0]
    assert biggest["n_reports"] >= 4 and biggest["n_sources"] >= 3, biggest.to_dict()
    assert "North Korea" in biggest["actors"]
    reports = result.events[result.events["event_group"] == biggest["event_group"]]
    arts = result.articles.set_index("article_id")
    outlets = set(arts.loc[reports["article_id"], "source"])
    assert {"www.nytimes.com", "www.npr.org"} <= outlets, outlets
    assert biggest["first_article_id"] in set(reports["article_id"])
    # The merged event's own sentence is one of its reports'.
    assert biggest["text"] in set(reports["text"])


def test_the_same_quote_in_two_outlets_shares_a_quote_group(cluster) -> None:
    _, result = cluster
    quotes = result.quotes[result.quotes["quote"].str.contains("RED HANDED", regex=False)]
    said = quotes[quotes["speaker"] == "Donald Trump"]
    assert said["article_id"].nunique() == 2, said[["article_id", "quote"]]
    assert said["quote_group"].nunique() == 1
    others = result.quotes[result.quotes["quote_group"] == said["quote_group"].iloc[0]]
    assert set(others["speaker"]) == {"Donald Trump"}


def test_a_new_article_joins_its_story_without_moving_any_other_id(shared: Path, tmp_path: Path) -> None:
    late = HOKKAIDO["huffingtonpost (2)"]  # published last of the launch reports
    names = [n for n in [*HOKKAIDO.values(), *SUBWAY] if n != late]
    folder = _copy(shared, names, tmp_path / "corpus")
    store = tmp_path / "store"
    before = analyze([folder], store=store)
    again = analyze([folder], store=store)
    for name in ("articles", "events", "quotes", "stories", "event_groups"):
        pd.testing.assert_frame_equal(before.frames()[name], again.frames()[name], obj=name)
    _copy(shared, [late], folder)
    after = analyze([folder], store=store)
    assert after.analysed == 1
    old, new = _by_file(before), _by_file(after)
    assert new.loc[names, "story_id"].tolist() == old.loc[names, "story_id"].tolist()
    assert new.loc[late, "story_id"] == new.loc[HOKKAIDO["nytimes"], "story_id"]
    kept = after.events.set_index("event_id")["event_group"]
    assert kept.loc[before.events["event_id"]].tolist() == before.events["event_group"].tolist()
    kept = after.quotes.set_index("quote_id")["quote_group"]
    assert kept.loc[before.quotes["quote_id"]].tolist() == before.quotes["quote_group"].tolist()


# ---------------------------------------------------------------- on the seeds (Wikinews and the seed article)


def test_every_row_has_its_group_and_the_frames_agree(seed_analysis) -> None:
    arts, stories = seed_analysis.articles, seed_analysis.stories
    assert (arts["story_id"] != "").all() and stories["story_id"].is_unique
    assert set(stories["story_id"]) == set(arts["story_id"])
    assert stories["n_articles"].sum() == len(arts)
    assert (stories["first_published"] <= stories["last_published"]).all()
    events, groups = seed_analysis.events, seed_analysis.event_groups
    assert (events["event_group"] != "").all() and set(groups["event_group"]) == set(events["event_group"])
    assert groups["n_reports"].min() >= 1 and events["date_disagrees"].notna().all()
    assert (seed_analysis.quotes["quote_group"] != "").all()
    for name in ("stories", "event_groups"):
        assert list(seed_analysis.frames()[name].columns[:len(schema.COLUMNS[name])]) == list(schema.COLUMNS[name])


def test_the_seed_article_is_not_in_a_wikinews_story(seed_analysis, seed_article_id: str) -> None:
    arts = seed_analysis.articles.set_index("article_id")
    story = arts.loc[seed_article_id, "story_id"]
    assert (arts["story_id"] == story).sum() == 1


def test_story_ids_do_not_depend_on_the_order_of_the_rows(seed_analysis) -> None:
    frames = seed_analysis.frames()
    shuffled = {**frames, "articles": frames["articles"].sample(frac=1, random_state=7)}
    again = group(shuffled)
    by_id = again["articles"].set_index("article_id")["story_id"]
    assert by_id.loc[frames["articles"]["article_id"]].tolist() == frames["articles"]["story_id"].tolist()


def test_previous_ids_are_kept_and_only_new_articles_are_placed(seed_analysis) -> None:
    frames = seed_analysis.frames()
    arts = frames["articles"]
    renamed = dict(zip(arts["article_id"], "s-kept-" + arts["story_id"], strict=True))
    previous = Previous(stories={a: s for a, s in list(renamed.items())[:-1]})
    out = group(frames, previous=previous)["articles"].set_index("article_id")["story_id"]
    for aid, story in list(renamed.items())[:-1]:
        assert out[aid] == story
    last = arts["article_id"].iloc[-1]
    assert not out[last].startswith("s-kept-") or out[last] in set(previous.stories.values())


# ---------------------------------------------------------------- the pure parts


WIRE = ("Japanese officials say the projectile flew over the northern island of Hokkaido and landed in the "
        "Pacific Ocean about 1,180 kilometers off the coast. It was the first time a North Korean missile had "
        "flown over Japan since 2009, when Pyongyang said it was launching a satellite.")


def _articles(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return schema.frame("articles", [{"article_id": a, "title": t, "text": x, "published": pd.Timestamp(d),
                                      "source": a.upper()} for a, t, x, d in rows])


def test_a_copy_names_its_original_and_a_different_text_does_not() -> None:
    arts = _articles([("b", "Missile over Japan", WIRE + " Updated at 10am.", "2017-08-29"),
                      ("a", "N. Korea missile flies over Japan", WIRE, "2017-08-28"),
                      ("c", "Subway trains collide", "Two work trains collided in a subway tunnel in Manhattan early "
                       "on Wednesday, injuring one worker, officials said.", "2017-12-27")])
    assert grouping.duplicates(arts).tolist() == ["a", "", ""]
    stories = grouping.assign(arts, schema.empty("mentions"), duplicate_of=grouping.duplicates(arts))
    assert stories.iloc[0] == stories.iloc[1] == grouping.story_id("a") != stories.iloc[2]


FURNITURE = "Chat with us in Facebook Messenger. Find out what's happening in the world as it unfolds."


def test_a_few_lines_of_site_furniture_are_no_copy_and_the_headline_speaks_for_the_page() -> None:
    arts = _articles([("a", "The first shots fired in Las Vegas", FURNITURE, "2017-10-02"),
                      ("b", "China accused of letting oil into North Korea", FURNITURE, "2017-10-03"),
                      ("c", "Las Vegas shooting: the first shots fired from Mandalay Bay", WIRE, "2017-10-03")])
    assert grouping.duplicates(arts).tolist() == ["", "", ""]
    stories = grouping.assign(arts, schema.empty("mentions"), duplicate_of=grouping.duplicates(arts))
    assert stories.iloc[0] != stories.iloc[1]
    assert stories.iloc[0] == stories.iloc[2]


def test_words_are_compared_without_case_marks_or_accents() -> None:
    assert near.normalised("“Caught RED HANDED” — très déçu!") == "caught red handed tres decu"
    assert near.jaccard(near.shingles("Caught RED HANDED - very disappointed that China is allowing oil", 3),
                        near.shingles("Caught red handed, very disappointed that China is allowing oil", 3)) == 1.0


def _events(rows: list[dict]) -> pd.DataFrame:
    base = {"sentence": 0, "date_source": "text", "planned": False, "action": "fire", "subject": ""}
    return schema.frame("events", [{**base, "event_id": f"e{i}", "start": i * 10, "end": i * 10 + 5, **r}
                                   for i, r in enumerate(rows)])


def test_reports_of_one_launch_merge_and_a_report_a_day_off_is_flagged_not_dropped() -> None:
    arts = _articles([("a", "t", "x", "2017-08-29"), ("b", "t", "y", "2017-08-29"), ("c", "t", "z", "2017-08-31"),
                      ("d", "t", "w", "2017-09-15")]).assign(story_id="s1")
    day = {"precision": "day", "event_type": "military_action", "actors": ["North Korea", "Japan"]}
    events = _events([
        {**day, "article_id": "a", "date_start": "2017-08-29", "date_end": "2017-08-29", "text": "fired on Tuesday"},
        {**day, "article_id": "b", "date_start": "2017-08-29", "date_end": "2017-08-29", "text": "launched today"},
        {**day, "article_id": "c", "date_start": "2017-08-27", "date_end": "2017-08-27", "text": "on Sunday"},
        {**day, "article_id": "d", "date_start": "2017-09-15", "date_end": "2017-09-15", "text": "again on Friday"},
        {**day, "article_id": "b", "date_start": "2017-08-29", "date_end": "2017-08-29", "event_type": "meeting",
         "actors": ["Shinzo Abe", "Donald Trump"], "text": "Abe and Trump spoke"},
    ])
    events["event_group"] = event_groups.assign(events, arts)
    table, flags = event_groups.groups_frame(events, arts)
    g = events["event_group"].tolist()
    assert g[0] == g[1] == g[2] and len({g[0], g[3], g[4]}) == 3
    assert flags.tolist() == [False, False, True, False, False]
    launch = table.set_index("event_group").loc[g[0]]
    assert launch["date_start"] == pd.Timestamp("2017-08-29") and launch["precision"] == "day"
    assert launch["n_reports"] == 3 and launch["n_sources"] == 3 and launch["first_article_id"] == "a"
    assert launch["n_disagree"] == 1


def test_the_consensus_is_the_most_precise_reading_most_reports_contain() -> None:
    import numpy as np

    day = float(pd.Timestamp("2017-09-15").value // 86_400_000_000_000)
    month = (float(pd.Timestamp("2017-09-01").value // 86_400_000_000_000), day + 15)
    starts = np.asarray([month[0], day, day, day - 1])
    ends = np.asarray([month[1], day, day, day - 1])
    assert event_groups.consensus(starts, ends) == 1


def test_quotes_group_by_words_and_speaker_only() -> None:
    arts = _articles([("a", "t", "x", "2017-12-28"), ("b", "t", "y", "2017-12-29")])
    said = "Caught RED HANDED - very disappointed that China is allowing oil to go into North Korea."
    rows = [{"quote_id": "q1", "article_id": "a", "start": 1, "quote": said, "speaker": "Donald Trump",
             "speaker_id": "p1"},
            {"quote_id": "q2", "article_id": "b", "start": 1, "quote": said.replace(" -", ",").upper(),
             "speaker": "Donald Trump", "speaker_id": "p1"},
            {"quote_id": "q3", "article_id": "b", "start": 90, "quote": said, "speaker": "Hua Chunying",
             "speaker_id": "p2"},
            {"quote_id": "q4", "article_id": "a", "start": 90, "quote": "We will see", "speaker": "", "speaker_id": ""},
            {"quote_id": "q5", "article_id": "b", "start": 190, "quote": "We will see", "speaker": "",
             "speaker_id": ""}]
    quotes = schema.frame("quotes", rows)
    g = quote_groups.assign(quotes, arts).tolist()
    assert g[0] == g[1] == quote_groups.quote_group_id("q1")
    assert len(set(g)) == 4


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(6)), cut=st.integers(min_value=1, max_value=5))
def test_groups_are_the_same_whatever_order_rows_come_in_and_kept_when_more_arrive(order: list[int],
                                                                                   cut: int) -> None:
    """Ids come from content, never from the order of rows; what was grouped keeps its id when rows are added."""
    texts = [WIRE, WIRE + " More follows.", "Two work trains collided in a subway tunnel in Manhattan.",
             "Subway work trains collide in a Manhattan tunnel and one worker is injured.",
             "The Cubs won the World Series for the first time since 1908.", WIRE.upper()]
    arts = _articles([(f"a{i}", f"headline {i}", t, f"2017-08-{20 + i}") for i, t in enumerate(texts)])
    frames = {"articles": arts, "mentions": schema.empty("mentions")}
    whole = group(frames, settings=Grouping())["articles"].set_index("article_id")
    shuffled = group({**frames, "articles": arts.iloc[order]})["articles"].set_index("article_id")
    assert shuffled.loc[whole.index, "story_id"].tolist() == whole["story_id"].tolist()
    assert shuffled.loc[whole.index, "duplicate_of"].tolist() == whole["duplicate_of"].tolist()
    first = group({**frames, "articles": arts.iloc[:cut]})
    later = group(frames, previous=Previous.of(first))["articles"].set_index("article_id")
    kept = first["articles"].set_index("article_id")["story_id"]
    assert later.loc[kept.index, "story_id"].tolist() == kept.tolist()


@pytest.mark.slow
def test_on_news_cluster_the_two_launches_over_hokkaido_are_each_one_merged_event(shared: Path, tmp_path: Path) -> None:
    """The whole news_cluster corpus (383 articles): the launches of 29 August and 15 September 2017."""
    folder = tmp_path / "news_cluster"
    folder.mkdir()
    for path in sorted((shared / "corpus" / "news_cluster").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        record.pop("newsCluster", None)
        (folder / path.name).write_text(json.dumps(record), encoding="utf-8")
    result = analyze([folder])
    groups = result.event_groups
    for day in ("2017-08-29", "2017-09-15"):
        on_day = groups[(groups["date_start"] == pd.Timestamp(day)) & (groups["precision"] == "day")
                        & groups["actors"].map(lambda a: "North Korea" in a)]
        top = on_day.sort_values("n_reports", ascending=False).iloc[0]
        assert top["n_reports"] >= 5 and top["n_sources"] >= 4, (day, top.to_dict())
    # About 70 real-world stories, 2 to 19 articles each: far fewer stories than articles, and no giant one.
    assert 60 <= len(result.stories) <= 120 and result.stories["n_articles"].max() <= 30


# ---------------------------------------------------------------- the store, exports and older stores


def test_downloads_and_stores_carry_the_new_frames(seed_analysis, tmp_path: Path) -> None:
    import io
    import zipfile

    from analysis.export import zip_bundle
    from analysis.store import read_frames, write_frames

    frames = seed_analysis.frames()
    with zipfile.ZipFile(io.BytesIO(zip_bundle(frames, {}))) as zf:
        assert {"stories.csv", "event_groups.csv"} <= set(zf.namelist())
        stories = pd.read_csv(zf.open("stories.csv"))
    assert len(stories) == len(frames["stories"]) and "|" in "".join(stories["actors"].dropna())
    write_frames(frames, tmp_path, "csv")
    back = read_frames(tmp_path)
    pd.testing.assert_frame_equal(back["stories"], frames["stories"], obj="stories")
    pd.testing.assert_frame_equal(back["event_groups"], frames["event_groups"], obj="event_groups")


def test_a_store_from_before_stories_opens_and_its_next_build_groups_it(seed_analysis, tmp_path: Path) -> None:
    from analysis.store import read_frames, read_groups, write_frames

    frames = seed_analysis.frames()
    write_frames(frames, tmp_path)
    old = {"articles": frames["articles"].drop(columns=["story_id", "duplicate_of"]),
           "events": frames["events"].drop(columns=["event_group", "date_disagrees"]),
           "quotes": frames["quotes"].drop(columns=["quote_group"])}
    for name, df in old.items():
        df.to_parquet(tmp_path / f"{name}.parquet", index=False)
    for name in ("stories", "event_groups"):
        (tmp_path / f"{name}.parquet").unlink()
    back = read_frames(tmp_path)
    assert (back["articles"]["story_id"] == "").all() and (back["quotes"]["quote_group"] == "").all()
    assert back["stories"].empty and list(back["event_groups"].columns) == list(schema.COLUMNS["event_groups"])
    previous = Previous.of(read_groups(tmp_path))
    assert previous == Previous()
    regrouped = group(back, previous=previous)
    assert regrouped["articles"]["story_id"].tolist() == frames["articles"]["story_id"].tolist()


def test_editing_the_stories_step_keeps_every_cached_article() -> None:
    """Grouping reads the assembled frames, never an article's rows: its code is not part of the pipeline version
    (nor is the corpus actor step's, or the analyst's edits', which read them too)."""
    from analysis import pipeline

    hashed = {p.relative_to(pipeline.PACKAGE).as_posix() for p in pipeline.extraction_sources()}
    assert {"extract.py", "quotes/direct.py", "actors/article.py"} <= hashed
    assert not any(p.startswith("stories/") for p in hashed)
    assert not {"actors/corpus.py", "actors/edits.py"} & hashed


def test_a_grouping_that_breaks_costs_the_groups_only(small_corpus: Path, monkeypatch) -> None:
    from analysis import stories

    def broken(*args, **kwargs):
        raise RuntimeError("no luck")

    monkeypatch.setattr(stories, "group", broken)
    result = analyze([small_corpus])
    assert len(result.articles) == 11 and len(result.events) and len(result.quotes)
    assert (result.articles["story_id"] == "").all() and result.stories.empty
    reason = result.problems.loc[result.problems["severity"] == "error", "reason"]
    assert reason.str.contains("stories, merged events and quote groups not made: RuntimeError: no luck").any()
