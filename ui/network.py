"""The network of actors drawn with Plotly, and written for Gephi (GEXF, GraphML).

The graph comes from :func:`analysis.network.actor_graph`; this module lays it out (networkx's spring layout
with a fixed seed, so the same view always draws the same picture), draws it (nodes sized by mentions and
coloured by type as on the bar chart, edges as wide as what the actors share) and exports it. Only the
strongest links are drawn, and laid out, so that fifty actors who all appear together stay legible; the
exports hold every link. Every hover is escaped.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import plotly.graph_objects as go

from analysis.network import WEIGHTS
from ui.charts import ACTOR_COLOURS
from ui.show import hover

SEED = 15  # the spring layout's seed: one view, one picture
MAX_DRAWN_EDGES = 150
LABELLED = 20  # nodes named on the figure (every node has its hover)
OTHER_COLOUR = "#7f7f7f"


def drawn_edges(g: nx.Graph, limit: int = MAX_DRAWN_EDGES) -> list[tuple[str, str, int]]:
    """The links worth drawing: the ``limit`` strongest, and each actor's strongest so that no linked actor
    floats alone; strongest first, ties in a stable order."""
    edges = sorted(((u, v, int(d["weight"])) for u, v, d in g.edges(data=True)), key=lambda e: (-e[2], e[0], e[1]))
    chosen = set(range(min(limit, len(edges))))
    best: dict[str, int] = {}
    for k, (u, v, _) in enumerate(edges):
        best.setdefault(u, k)
        best.setdefault(v, k)
    chosen.update(best.values())
    return [edges[k] for k in sorted(chosen)]


def layout(g: nx.Graph, edges: list[tuple[str, str, int]] | None = None) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]: a spring layout over the drawn links, weights scaled to (0, 1] so that a
    corpus of 100,000 articles pulls no harder than one of ten."""
    edges = drawn_edges(g) if edges is None else edges
    h = nx.Graph()
    h.add_nodes_from(g.nodes)
    top = max((w for _, _, w in edges), default=1)
    h.add_weighted_edges_from((u, v, math.sqrt(w / top)) for u, v, w in edges)
    if not len(h):
        return {}
    # Twice the default spacing: a few hubs linked to everyone would otherwise pull the rest into one knot.
    pos = nx.spring_layout(h, seed=SEED, weight="weight", k=2 / math.sqrt(len(h)), iterations=100)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def figure(g: nx.Graph, pos: Mapping[str, tuple[float, float]] | None = None,
           edges: list[tuple[str, str, int]] | None = None) -> go.Figure:
    """Nodes (one trace per actor type, ``customdata`` the actor's name, so a click names the actor) over the
    drawn links in three widths, with a hover on each link's middle."""
    edges = drawn_edges(g) if edges is None else edges
    pos = layout(g, edges) if pos is None else pos
    noun = WEIGHTS.get(g.graph.get("weight", "articles"), "shared articles")
    fig = go.Figure()
    top = max((w for _, _, w in edges), default=1)
    classes = [(0.0, 0.2, 0.6, 0.25), (0.2, 0.5, 1.6, 0.4), (0.5, 1.01, 3.2, 0.6)]  # share of the top weight
    for lo, hi, width, alpha in classes:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for u, v, w in edges:
            if lo <= w / top < hi:
                xs += [pos[u][0], pos[v][0], None]
                ys += [pos[u][1], pos[v][1], None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": width, "color": f"rgba(90,90,90,{alpha})"},
                                     hoverinfo="skip", showlegend=False, name="links"))
    if edges:
        fig.add_trace(go.Scatter(
            x=[(pos[u][0] + pos[v][0]) / 2 for u, v, _ in edges], y=[(pos[u][1] + pos[v][1]) / 2 for u, v, _ in edges],
            mode="markers", marker={"size": 7, "color": "rgba(0,0,0,0)"}, showlegend=False, name="link",
            hovertext=[f"{hover(u)} and {hover(v)}: {w:,} {noun}" for u, v, w in edges],
            hovertemplate="%{hovertext}<extra></extra>"))
    nodes = list(g.nodes(data=True))
    most = max((int(d["mentions"]) for _, d in nodes), default=1) or 1
    named = {n for n, _ in sorted(nodes, key=lambda nd: -int(nd[1]["mentions"]))[:LABELLED]}
    degree = dict(g.degree(weight=None))
    for typ in dict.fromkeys(d["type"] for _, d in nodes):
        mine = [(n, d) for n, d in nodes if d["type"] == typ and n in pos]
        if not mine:
            continue
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n, _ in mine], y=[pos[n][1] for n, _ in mine], mode="markers+text", name=hover(typ),
            marker={"size": [10 + 30 * math.sqrt(int(d["mentions"]) / most) for _, d in mine],
                    "color": ACTOR_COLOURS.get(typ, OTHER_COLOUR), "line": {"width": 1, "color": "white"}},
            text=[hover(n) if n in named else "" for n, _ in mine], textposition="top center",
            textfont={"size": 11}, customdata=[n for n, _ in mine],
            hovertext=[f"<b>{hover(n)}</b> ({hover(typ)})<br>{int(d['mentions']):,} mentions in {int(d['articles']):,}"
                       f" articles<br>linked to {degree.get(n, 0)} of the actors shown" for n, d in mine],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(height=620, margin={"l": 0, "r": 0, "t": 30, "b": 0}, legend_title_text="",
                      hoverlabel={"align": "left"}, clickmode="event+select", dragmode="pan",
                      plot_bgcolor="rgba(0,0,0,0)")
    return fig


def selected_actors(state: Any) -> list[str]:
    """The actors a click (or shift-click) on the figure selected: the names in the selected nodes' customdata."""
    try:
        points = state["selection"]["points"] or []
    except (KeyError, TypeError):
        return []
    names = []
    for p in points:
        cd = p.get("customdata") if isinstance(p, Mapping) else None
        if isinstance(cd, list):
            cd = cd[0] if cd else None
        if isinstance(cd, str) and cd:
            names.append(cd)
    return list(dict.fromkeys(names))


def _colour(typ: str) -> dict[str, Any]:
    hexa = ACTOR_COLOURS.get(typ, OTHER_COLOUR).lstrip("#")
    return {"r": int(hexa[0:2], 16), "g": int(hexa[2:4], 16), "b": int(hexa[4:6], 16), "a": 1.0}


def gexf_bytes(g: nx.Graph, pos: Mapping[str, tuple[float, float]] | None = None) -> bytes:
    """The graph as GEXF for Gephi: every link, with each node's colour, size and (when given) position as drawn."""
    h = g.copy()
    h.graph = {}
    most = max((int(d["mentions"]) for _, d in h.nodes(data=True)), default=1) or 1
    for n, d in h.nodes(data=True):
        viz: dict[str, Any] = {"color": _colour(d["type"]), "size": 10 + 30 * math.sqrt(int(d["mentions"]) / most)}
        if pos and n in pos:
            viz["position"] = {"x": 500.0 * pos[n][0], "y": 500.0 * pos[n][1], "z": 0.0}
        d["viz"] = viz
    out = io.BytesIO()
    nx.write_gexf(h, out)
    return out.getvalue()


def graphml_bytes(g: nx.Graph) -> bytes:
    """The graph as GraphML (node attributes label, type, mentions, articles; edge attribute weight)."""
    h = g.copy()
    h.graph = {k: v for k, v in g.graph.items() if isinstance(v, (str, int, float, bool, np.integer))}
    out = io.BytesIO()
    nx.write_graphml(h, out)
    return out.getvalue()
