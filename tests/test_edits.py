"""Corrections of the actors (issue 15): the alias table applied to built frames, and the Actors page that makes it.

The pure function (``analysis.actors.edits.apply_edits``) on the hand-made frames and on the analysis of ``seeds/``;
AppTests of each correction made on the Actors page, with the counts that must change (the actors table, the
top-actors chart, the events' actors); the alias table downloaded, uploaded and saved beside a store; read-only.
"""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest

from analysis import schema
from analysis.actors.edits import apply_edits, read_table_csv, table_csv
from analysis.actors.reference import AliasRow, read_alias_file, read_alias_table
from analysis.settings import SettingsError
from analysis.store import write_frames

from .test_pages import hand_frames, open_app

MERGE = AliasRow("Vladimir Putin", "Kim Jong Un", "person", "Vladimir Putin")
RENAME = AliasRow("Kim Jong Un", "Kim Jong-un the Leader", "person", "Kim Jong Un")
NOT_ACTOR = AliasRow("Kim Jong Un", "", "not_actor", "Kim Jong Un")
SPLIT = AliasRow("Shoigu", "Shoigu Alone", "person", "Sergei Shoigu")
RETYPE = AliasRow("White House", "White House", "location", "White House")


def counts(frames) -> dict[str, int]:
    return dict(zip(frames["actors"]["actor"], frames["actors"]["mentions"], strict=True))


def event_actors(frames) -> Counter:
    return Counter(a for lst in frames["events"]["actors"] for a in lst)


# ---------------------------------------------------------------- the pure function


@pytest.mark.parametrize("compact", [False, True])
def test_a_merge_adds_up_the_mentions_and_renames_events_and_quotes(compact):
    before = hand_frames()
    if compact:
        before = {k: schema.compact(k, v) for k, v in before.items()}
    after = apply_edits(before, [MERGE])
    was, now = counts(before), counts(after)
    assert "Vladimir Putin" not in now and now["Kim Jong Un"] == was["Kim Jong Un"] + was["Vladimir Putin"]
    assert len(after["actors"]) == len(before["actors"]) - 1
    kim = after["actors"].set_index("actor").loc["Kim Jong Un"]
    assert {"Putin", "Vladimir Putin", "Kim Jong Un"} <= set(kim["aliases"])
    assert set(after["mentions"].loc[after["mentions"]["actor"] == "Kim Jong Un", "actor_id"]) == {kim["actor_id"]}
    assert isinstance(after["mentions"]["actor"].dtype, pd.CategoricalDtype) is compact
    assert len(after["mentions"]) == len(before["mentions"])
    untouched = before["actors"][~before["actors"]["actor"].isin(["Kim Jong Un", "Vladimir Putin"])]
    assert untouched.set_index("actor")["actor_id"].to_dict().items() <= \
        after["actors"].set_index("actor")["actor_id"].to_dict().items(), "other actors keep their ids"


def test_a_rename_follows_into_events_quotes_and_ids():
    before = hand_frames()
    after = apply_edits(before, [RENAME])
    assert counts(after)["Kim Jong-un the Leader"] == counts(before)["Kim Jong Un"]
    assert event_actors(after)["Kim Jong-un the Leader"] == event_actors(before)["Kim Jong Un"] == 2
    assert "Kim Jong Un" not in event_actors(after)
    assert set(after["events"]["subject"]) >= {"Kim Jong-un the Leader"}
    new_id = after["actors"].set_index("actor").loc["Kim Jong-un the Leader", "actor_id"]
    assert new_id != before["actors"].set_index("actor").loc["Kim Jong Un", "actor_id"]


def test_not_an_actor_drops_its_mentions_and_leaves_events_and_charts():
    before = hand_frames()
    after = apply_edits(before, [NOT_ACTOR])
    assert "Kim Jong Un" not in counts(after)
    assert len(after["mentions"]) == len(before["mentions"]) - counts(before)["Kim Jong Un"]
    assert "Kim Jong Un" not in event_actors(after) and "Kim Jong Un" not in set(after["events"]["subject"])
    assert len(after["events"]) == len(before["events"]), "the events stay, without the name"


def test_moving_an_alias_splits_an_actor_and_keeps_the_rest():
    before = hand_frames()
    after = apply_edits(before, [SPLIT])
    now = after["actors"].set_index("actor")
    assert now.loc["Shoigu Alone", "mentions"] == 1 and list(now.loc["Shoigu Alone", "aliases"]) == ["Shoigu"]
    assert now.loc["Sergei Shoigu", "mentions"] == counts(before)["Sergei Shoigu"] - 1
    assert list(now.loc["Sergei Shoigu", "aliases"]) == ["Sergei Shoigu"]
    assert event_actors(after)["Sergei Shoigu"] == 1, "a tie in its article keeps the name"


def test_a_type_change_retypes_every_mention_and_the_id():
    before = hand_frames()
    after = apply_edits(before, [RETYPE])
    row = after["actors"].set_index("actor").loc["White House"]
    assert row["actor_type"] == "location" and row["mentions"] == counts(before)["White House"]
    assert set(after["mentions"].loc[after["mentions"]["actor"] == "White House", "actor_type"]) == {"location"}
    assert counts(after) == counts(before)


def test_rows_chain_and_later_rows_win():
    before = hand_frames()
    after = apply_edits(before, [MERGE, RENAME])  # Putin into Kim, then Kim renamed: Putin follows
    assert counts(after)["Kim Jong-un the Leader"] == counts(before)["Kim Jong Un"] + counts(before)["Vladimir Putin"]
    again = apply_edits(after, [MERGE, RENAME])
    assert counts(again) == counts(after), "applying a table twice changes nothing"
    assert apply_edits(before, [])["actors"] is before["actors"]


def test_an_alias_row_without_actor_means_the_name_as_written_as_at_build_time():
    before = hand_frames()
    after = apply_edits(before, [AliasRow("Putin", "Vladimir Putin", "", ""), AliasRow("DPRK", "Pyongyang", "", "")])
    assert counts(after)["Vladimir Putin"] == counts(before)["Vladimir Putin"]
    written = int((before["mentions"]["text"] == "DPRK").sum())
    assert written and counts(after)["Pyongyang"] == written
    assert counts(after)["North Korea"] == counts(before)["North Korea"] - written


def test_the_seed_analysis_merge_rename_and_not_an_actor(seed_analysis):
    before = seed_analysis.frames()
    was = counts(before)
    name = "Kim Jong Un"
    other = next(a for a in before["actors"]["actor"] if a not in (name, "North Korea"))
    after = apply_edits(before, [AliasRow(other, name, "", other), AliasRow("North Korea", "DPRK (edited)", "", ""),
                                 AliasRow("Russia", "", "not_actor", "Russia")])
    now = counts(after)
    assert now[name] == was[name] + was[other] and other not in now
    assert now["DPRK (edited)"] == was["North Korea"] and "North Korea" not in now
    assert "Russia" not in now and len(after["mentions"]) == len(before["mentions"]) - was["Russia"]
    ev = event_actors(after)
    assert ev["DPRK (edited)"] == event_actors(before)["North Korea"] and "Russia" not in ev
    assert not set(after["quotes"]["speaker"]) & {"Russia", "North Korea", other}
    assert after["stories"]["actors"].map(lambda a: "North Korea" in a).sum() == 0
    assert sum(now.values()) == len(after["mentions"])


# ---------------------------------------------------------------- the format


def test_the_alias_file_format_reads_the_new_markers_and_stays_compatible(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical,type\nInfoRes,Information Resistance,organization\n", encoding="utf-8")
    assert read_alias_table(path) == [AliasRow("InfoRes", "Information Resistance", "organization")]
    path.write_text("alias,canonical,type,actor\nReuters,,not_actor,\nKim,Kim Yo Jong,,Kim Jong Un\n"
                    "Kim,Kim Jong Un,person,Kim\nInfoRes,Information Resistance,organization,\n", encoding="utf-8")
    rows = read_alias_table(path)
    assert rows[0] == AliasRow("Reuters", "", "not_actor", "") and not rows[1].whole and rows[2].whole
    # The actor ruler gets the typed rows of the old form only; the junk word is a junk word.
    assert [(e.surface, e.canonical) for e in read_alias_file(path)] == [
        ("InfoRes", "Information Resistance"), ("Information Resistance", "Information Resistance")]
    from analysis.actors import reference

    assert "Reuters" in reference(str(path)).not_actors
    path.write_text("alias,canonical,type\nKim,,person\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="line 2"):
        read_alias_table(path)


def test_the_table_round_trips_through_csv_and_defuses_formulas():
    rows = [MERGE, NOT_ACTOR, AliasRow("=HYPERLINK(1)", "-Minus", "", "")]
    text = table_csv(rows)
    assert text.splitlines()[0] == "alias,canonical,type,actor" and "'=HYPERLINK" in text
    assert read_table_csv(text) == rows


# ---------------------------------------------------------------- the Actors page


@pytest.fixture()
def store(tmp_path) -> str:
    write_frames(hand_frames(), tmp_path)
    return str(tmp_path)


def shown_counts(at) -> dict[str, int]:
    """Mentions per actor as the top-actors chart draws them."""
    import base64

    import numpy as np

    spec = next(json.loads(el.proto.spec) for el in at.get("plotly_chart") if el.proto.id.endswith("actors_bar"))
    out = {}
    for trace in spec["data"]:
        x = trace["x"]
        if isinstance(x, dict):  # plotly's packed arrays
            x = np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist()
        out.update(zip(trace["y"], x, strict=True))
    return out


def app_frames(at) -> dict[str, pd.DataFrame]:
    return at.session_state["_dossier_view"].corpus.frames


def edit(at, kind: str, actor: str, **values):
    at.segmented_control(key="edit_kind").set_value(kind).run()
    at.selectbox(key="edit_actor").set_value(actor).run()
    for key, value in values.items():
        widget = at.text_input(key=key) if key in ("edit_to", "edit_name") else at.selectbox(key=key)
        widget.set_value(value).run()
    at.button(key="edit_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_merge_on_the_actors_page(monkeypatch, store):
    at = open_app(monkeypatch, store, "pages/actors.py")
    was, was_events = shown_counts(at), event_actors(app_frames(at))
    n_actors = len(app_frames(at)["actors"])
    edit(at, "merge", "Sergei Shoigu", edit_into="Kim Jong Un")
    now, frames = shown_counts(at), app_frames(at)
    assert now["Kim Jong Un"] == was["Kim Jong Un"] + was["Sergei Shoigu"] and "Sergei Shoigu" not in now
    assert len(frames["actors"]) == n_actors - 1 and "Sergei Shoigu" not in set(frames["actors"]["actor"])
    assert frames["actors"].set_index("actor").loc["Kim Jong Un", "mentions"] == now["Kim Jong Un"]
    assert event_actors(frames)["Kim Jong Un"] == was_events["Kim Jong Un"] + was_events["Sergei Shoigu"]
    assert "Sergei Shoigu" not in event_actors(frames)
    assert at.session_state["dossier_alias_table"].to_dict("records") == [
        {"alias": "Sergei Shoigu", "canonical": "Kim Jong Un", "type": "person", "actor": "Sergei Shoigu"}]
    assert "Your alias table** (1 row applied)" in "\n".join(m.value for m in at.markdown)
    # Every page follows: the Timeline's events of Kim Jong Un
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    assert not any(o.startswith("Sergei Shoigu") for o in at.sidebar.multiselect(key="f_actor").options)


def test_rename_on_the_actors_page_renames_events_and_the_filter(monkeypatch, store):
    at = open_app(monkeypatch, store, "pages/actors.py", {"actor": "Kim Jong Un"})
    edit(at, "rename", "Kim Jong Un", edit_name="Kim the Leader")
    assert not at.exception
    frames = app_frames(at)
    assert event_actors(frames)["Kim the Leader"] == 2 and "Kim Jong Un" not in event_actors(frames)
    assert at.query_params["actor"] == "Kim the Leader", "the filter follows the renamed actor"
    assert shown_counts(at)["Kim the Leader"] == 5


def test_not_an_actor_on_the_actors_page(monkeypatch, store):
    at = open_app(monkeypatch, store, "pages/actors.py")
    n = len(app_frames(at)["mentions"])
    edit(at, "not_actor", "White House")
    frames = app_frames(at)
    assert "White House" not in shown_counts(at) and "White House" not in set(frames["actors"]["actor"])
    assert len(frames["mentions"]) == n - 2
    assert "White House" not in event_actors(frames)


def test_split_on_the_actors_page(monkeypatch, store):
    m = hand_frames()["mentions"]
    moved = int(((m["text"] == "Kovalenko") & (m["actor"] == "Oleksandr Kovalenko")).sum())
    at = open_app(monkeypatch, store, "pages/actors.py")
    was = shown_counts(at)
    edit(at, "move", "Oleksandr Kovalenko", edit_alias="Kovalenko", edit_to="Kovalenko (another)")
    now = shown_counts(at)
    assert moved and now["Kovalenko (another)"] == moved and now["Oleksandr Kovalenko"] == was["Oleksandr Kovalenko"] - moved
    frames = app_frames(at)
    assert frames["actors"].set_index("actor").loc["Kovalenko (another)", "mentions"] == moved
    # The seed's quotes are by "Kovalenko" as written: they go with the mention at their speaker's offsets.
    speakers = Counter(frames["quotes"]["speaker"])
    assert speakers["Kovalenko (another)"] + speakers["Oleksandr Kovalenko"] == 4


def test_type_change_on_the_actors_page(monkeypatch, store):
    at = open_app(monkeypatch, store, "pages/actors.py")
    edit(at, "type", "White House", edit_type="location")
    actors = app_frames(at)["actors"].set_index("actor")
    assert actors.loc["White House", "actor_type"] == "location"
    assert shown_counts(at)["White House"] == 2
    at.switch_page("pages/overview.py").run()
    assert not at.exception


def test_the_table_is_uploaded_discarded_and_saved_beside_the_store(monkeypatch, store):
    from pathlib import Path

    at = open_app(monkeypatch, store, "pages/actors.py")
    at.session_state["dossier_alias_table"] = pd.DataFrame(
        [["Joe Biden", "John Kirby", "", "Joe Biden"]], columns=["alias", "canonical", "type", "actor"])
    at.run()
    assert "Joe Biden" not in shown_counts(at) and shown_counts(at)["John Kirby"] == 2
    at.button(key="edit_save").click().run()
    assert not at.exception
    saved = Path(store) / "aliases.csv"
    assert read_alias_table(saved) == [AliasRow("Joe Biden", "John Kirby", "", "Joe Biden")]
    at.button(key="edit_discard").click().run()
    assert at.session_state["dossier_alias_table"].to_dict("records")[0]["alias"] == "Joe Biden", \
        "the curated table is the one beside the store now"
    # A new session of the same store starts from the saved table.
    fresh = open_app(monkeypatch, store, "pages/actors.py")
    assert "Joe Biden" not in shown_counts(fresh)


def test_a_half_filled_row_is_said_and_not_applied(monkeypatch, store):
    at = open_app(monkeypatch, store, "pages/actors.py")
    at.session_state["dossier_alias_table"] = pd.DataFrame([["Joe Biden", "", "", ""]],
                                                           columns=["alias", "canonical", "type", "actor"])
    at.run()
    assert not at.exception
    assert any("row 1" in w.value and "Joe Biden" in w.value for w in at.warning)
    assert "Joe Biden" in shown_counts(at)


def test_read_only_applies_the_curated_table_and_offers_no_editor(monkeypatch, store, tmp_path_factory):
    aliases = tmp_path_factory.mktemp("aliases") / "curated.csv"
    aliases.write_text("alias,canonical,type,actor\nJoe Biden,,not_actor,Joe Biden\n", encoding="utf-8")
    monkeypatch.setenv("DOSSIER_ALIAS_FILE", str(aliases))
    at = open_app(monkeypatch, store, "pages/actors.py", readonly=True)
    assert not at.exception, [e.value for e in at.exception]
    assert "Joe Biden" not in shown_counts(at)
    assert not at.get("arrow_data_editor") and not [b for b in at.button if b.key == "edit_apply"]
    assert any("curated alias table applies" in c.value for c in at.caption)
