"""The network of actors: the graph a view makes (analysis.network), its drawing and its exports (ui.network)."""

from __future__ import annotations

import io
import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analysis import schema
from analysis.network import MAX_NODES, actor_counts, actor_graph, pair_counts
from ui import network

TYPES = {"Kim Jong Un": "person", "Vladimir Putin": "person", "North Korea": "country", "Russia": "country",
         "<b>Evil</b> Corp": "organization", "Hwasong-18": "product"}


def mention(article: str, actor: str, start: int) -> dict:
    return {"article_id": article, "sentence": 0, "start": start, "end": start + len(actor), "text": actor,
            "label": "X", "actor_id": "id" + actor, "actor": actor, "actor_type": TYPES[actor], "role": ""}


def frames() -> dict[str, pd.DataFrame]:
    """Three articles: who is mentioned where, two events and two quotes, small enough to count by hand.

    a1: Kim Jong Un (x3), Vladimir Putin, North Korea, Russia
    a2: Kim Jong Un, North Korea, <b>Evil</b> Corp
    a3: Russia, Hwasong-18
    """
    mentions = [mention("a1", "Kim Jong Un", 0), mention("a1", "Vladimir Putin", 20), mention("a1", "North Korea", 40),
                mention("a1", "Russia", 60), mention("a1", "Kim Jong Un", 80), mention("a1", "Kim Jong Un", 100),
                mention("a2", "Kim Jong Un", 0), mention("a2", "North Korea", 20), mention("a2", "<b>Evil</b> Corp", 40),
                mention("a3", "Russia", 0), mention("a3", "Hwasong-18", 10)]
    events = [{"event_id": "e1", "article_id": "a1", "actors": ["Kim Jong Un", "Vladimir Putin"], "subject": "Kim Jong Un",
               "text": "Kim met Putin", "event_type": "meeting"},
              {"event_id": "e2", "article_id": "a3", "actors": ["Hwasong-18"], "subject": "Russia",
               "text": "Russia tested", "event_type": "military_action"},
              {"event_id": "e3", "article_id": "a2", "actors": [], "subject": "", "text": "nobody", "event_type": "other"}]
    quotes = [  # Putin, in a1, speaking of North Korea (40-51) and Russia (60-66); a headline quote counts only its speaker
        {"quote_id": "q1", "article_id": "a1", "start": 35, "end": 70, "quote": "...", "speaker": "Vladimir Putin",
         "in_title": False},
        {"quote_id": "q2", "article_id": "a2", "start": 0, "end": 5, "quote": "...", "speaker": "<b>Evil</b> Corp",
         "in_title": True},
        {"quote_id": "q3", "article_id": "a3", "start": 0, "end": 25, "quote": "...", "speaker": "", "in_title": False}]
    arts = [{"article_id": a, "title": a, "text": "x" * 120} for a in ("a1", "a2", "a3")]
    return {"articles": schema.frame("articles", arts), "mentions": schema.frame("mentions", mentions),
            "events": schema.frame("events", events), "quotes": schema.frame("quotes", quotes)}


def edges(g: nx.Graph) -> dict[frozenset, int]:
    return {frozenset((u, v)): d["weight"] for u, v, d in g.edges(data=True)}


def pair(a: str, b: str) -> frozenset:
    return frozenset((a, b))


@pytest.mark.parametrize(("groups", "cols", "n", "expected"), [
    ([], [], 2, [[0, 0], [0, 0]]),
    ([0, 0, 1], [0, 1, 1], 2, [[1, 1], [1, 2]]),
    ([5, 5, 5, 9], [0, 0, 1, 1], 2, [[1, 1], [1, 2]]),  # repeats in a group count once; group ids need not be dense
    ([0, 1, 2], [0, 1, 2], 3, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),  # alone in its group: no pair
    ([0, 0, 0, 1, 1], [0, 1, 2, 0, 2], 3, [[2, 1, 2], [1, 1, 1], [2, 1, 2]]),
    ([0, 0], [0, 63], 64, None),  # the 64th column still fits its bit
])
def test_pair_counts(groups, cols, n, expected):
    got = pair_counts(np.array(groups, dtype=np.int64), np.array(cols, dtype=np.int64), n)
    if expected is None:
        assert got[0, 63] == got[63, 0] == 1 and got[0, 0] == 1 and got.sum() == 4
    else:
        assert got.tolist() == expected


def test_pair_counts_agrees_with_a_dense_incidence_matrix():
    rng = np.random.default_rng(3)
    groups, cols = rng.integers(0, 500, 4000), rng.integers(0, 40, 4000)
    inc = np.zeros((500, 40))
    inc[groups, cols] = 1
    assert (pair_counts(groups, cols, 40) == (inc.T @ inc)).all()
    with pytest.raises(ValueError):
        pair_counts(groups, cols, MAX_NODES + 1)


def test_actor_counts_order_by_mentions_then_name():
    counts = actor_counts(frames()["mentions"])
    assert counts["actor"].tolist() == ["Kim Jong Un", "North Korea", "Russia", "<b>Evil</b> Corp", "Hwasong-18",
                                        "Vladimir Putin"]
    assert counts.set_index("actor").loc["Kim Jong Un", ["mentions", "articles"]].tolist() == [4, 2]


@pytest.mark.parametrize(("weight", "expected"), [
    ("articles", {pair("Kim Jong Un", "North Korea"): 2, pair("Kim Jong Un", "Russia"): 1,
                  pair("Kim Jong Un", "Vladimir Putin"): 1, pair("North Korea", "Russia"): 1,
                  pair("North Korea", "Vladimir Putin"): 1, pair("Russia", "Vladimir Putin"): 1,
                  pair("Kim Jong Un", "<b>Evil</b> Corp"): 1, pair("North Korea", "<b>Evil</b> Corp"): 1,
                  pair("Russia", "Hwasong-18"): 1}),
    ("events", {pair("Kim Jong Un", "Vladimir Putin"): 1, pair("Russia", "Hwasong-18"): 1}),
    # q1: the speaker and the actors mentioned inside the quoted words (not Kim at 0 or 80, outside it);
    # q2: a headline quote, its speaker alone; q3: no speaker, two actors in its words
    ("quotes", {pair("Vladimir Putin", "North Korea"): 1, pair("Vladimir Putin", "Russia"): 1,
                pair("North Korea", "Russia"): 1, pair("Russia", "Hwasong-18"): 1}),
])
def test_edges_count_what_two_actors_share(weight, expected):
    g = actor_graph(frames(), weight=weight)
    assert edges(g) == expected
    assert g.number_of_nodes() == 6 and g.graph == {"weight": weight, "actors_in_view": 6}
    assert g.nodes["Kim Jong Un"] == {"label": "Kim Jong Un", "type": "person", "mentions": 4, "articles": 2}


def test_the_graph_keeps_the_top_actors_of_the_counts_given():
    f = frames()
    g = actor_graph(f, top=3)
    assert list(g.nodes) == ["Kim Jong Un", "North Korea", "Russia"] and g.graph["actors_in_view"] == 6
    assert edges(g) == {pair("Kim Jong Un", "North Korea"): 2, pair("Kim Jong Un", "Russia"): 1,
                        pair("North Korea", "Russia"): 1}
    people = actor_counts(f["mentions"]).query("actor_type == 'person'")
    g = actor_graph(f, counts=people)
    assert set(g.nodes) == {"Kim Jong Un", "Vladimir Putin"} and g.graph["actors_in_view"] == 2
    with pytest.raises(ValueError):
        actor_graph(f, weight="colour")
    with pytest.raises(ValueError):
        actor_graph(f, top=MAX_NODES + 1)


def test_empty_and_compact_frames():
    empty = {name: schema.empty(name) for name in schema.FRAMES}
    for weight in ("articles", "events", "quotes"):
        g = actor_graph(empty, weight=weight)
        assert g.number_of_nodes() == 0
        assert network.figure(g).data == ()
    f = {name: schema.compact(name, df) for name, df in frames().items()}  # categories, as the dashboard holds them
    for weight in ("articles", "events", "quotes"):
        assert edges(actor_graph(f, weight=weight)) == edges(actor_graph(frames(), weight=weight))


def test_the_same_view_draws_the_same_picture():
    g = actor_graph(frames())
    first, again = network.figure(g).to_json(), network.figure(actor_graph(frames())).to_json()
    assert first == again
    nodes = [t for t in json.loads(first)["data"] if t.get("customdata")]
    assert {n for t in nodes for n in t["customdata"]} == set(g.nodes), "a click names the actor"
    colours = {t["name"]: t["marker"]["color"] for t in nodes}
    assert colours["person"] == "#1f77b4" and colours["product"] == "#ff7f0e"
    shown = json.dumps([[t.get("hovertext"), t.get("text"), t.get("name")] for t in json.loads(first)["data"]])
    assert "<b>Evil" not in shown and "&lt;b&gt;Evil&lt;/b&gt; Corp" in shown, "hovers and labels are escaped"


def test_drawn_edges_keep_the_strongest_and_each_actors_best():
    g = nx.Graph(weight="articles")
    for n in "abcde":
        g.add_node(n, label=n, type="person", mentions=1, articles=1)
    g.add_weighted_edges_from([("a", "b", 9), ("a", "c", 8), ("b", "c", 7), ("d", "e", 1), ("a", "d", 2)])
    assert network.drawn_edges(g, limit=2) == [("a", "b", 9), ("a", "c", 8), ("a", "d", 2), ("d", "e", 1)]
    assert len(network.drawn_edges(g)) == 5


def test_gexf_and_graphml_read_back_with_networkx():
    g = actor_graph(frames(), weight="articles")
    pos = network.layout(g)
    back = nx.read_gexf(io.BytesIO(network.gexf_bytes(g, pos)))
    assert set(back.nodes) == set(g.nodes)
    assert back.nodes["Kim Jong Un"]["label"] == "Kim Jong Un" and back.nodes["Kim Jong Un"]["type"] == "person"
    assert back.nodes["Kim Jong Un"]["viz"]["color"] == {"r": 31, "g": 119, "b": 180, "a": 1.0}
    assert {frozenset((u, v)): d["weight"] for u, v, d in back.edges(data=True)} == edges(g)
    back = nx.read_graphml(io.BytesIO(network.graphml_bytes(g)))
    assert set(back.nodes) == set(g.nodes) and back.nodes["North Korea"]["mentions"] == 2
    assert {frozenset((u, v)): d["weight"] for u, v, d in back.edges(data=True)} == edges(g)


@pytest.mark.parametrize(("state", "expected"), [
    (None, []),
    ({"selection": {"points": []}}, []),
    ({"selection": {"points": [{"customdata": "Kim Jong Un"}]}}, ["Kim Jong Un"]),
    ({"selection": {"points": [{"customdata": ["Russia"]}, {"customdata": "Russia"}, {"x": 1}]}}, ["Russia"]),
    ({"selection": {"points": [{"customdata": "Russia"}, {"customdata": "Kim Jong Un"}]}}, ["Russia", "Kim Jong Un"]),
])
def test_a_click_names_the_actors_selected(state, expected):
    assert network.selected_actors(state) == expected
