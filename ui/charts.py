"""Plotly figures of the dashboard. Each aggregates first (counts per actor, week or pair) so that a
figure's size follows the number of bars, never the number of mentions; every hover string is escaped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from analysis import schema
from ui.show import hover

PALETTE = px.colors.qualitative.Safe + px.colors.qualitative.Vivid
ACTOR_COLOURS = dict(zip(schema.ACTOR_TYPES, ["#1f77b4", "#9467bd", "#d62728", "#2ca02c", "#7f7f7f"], strict=False))
EVENT_COLOURS = dict(zip(schema.EVENT_TYPES, PALETTE, strict=False))
MAX_TIMELINE_EVENTS = 1500


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 30, "b": 0}, legend_title_text="",
                      hoverlabel={"align": "left"})
    return fig


def actor_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions and articles per actor, most mentioned first."""
    if mentions.empty:
        return pd.DataFrame(columns=["actor", "actor_type", "mentions", "articles"])
    g = mentions.groupby(["actor", "actor_type"], sort=False, observed=True)
    out = g.agg(mentions=("article_id", "size"), articles=("article_id", "nunique")).reset_index()
    return out.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def actor_bar(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars of mentions per actor, coloured by actor type."""
    df = counts.assign(name=counts["actor"].map(hover))
    fig = px.bar(df, x="mentions", y="name", color="actor_type", orientation="h", color_discrete_map=ACTOR_COLOURS,
                 hover_data={"name": False, "articles": True, "actor_type": False},
                 category_orders={"name": list(df["name"])})
    fig.update_yaxes(title=None)
    return _layout(fig, max(260, 24 * len(df) + 60))


def mentions_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, actors: list[str], freq: str) -> go.Figure:
    """Mentions per week or month of each actor in ``actors``, by the publication date of the article."""
    sub = mentions[mentions["actor"].isin(actors)]
    pub = articles.set_index("article_id")["published"]
    when = sub["article_id"].map(pub)
    period = "W" if freq == "week" else "M"
    df = pd.DataFrame({"actor": sub["actor"].to_numpy(), "when": when.dt.to_period(period).dt.start_time.to_numpy()})
    df = df.dropna().groupby(["when", "actor"]).size().rename("mentions").reset_index()
    df["actor"] = df["actor"].map(hover)
    fig = px.line(df, x="when", y="mentions", color="actor", markers=True)
    fig.update_xaxes(title=None)
    return _layout(fig, 320)


def cooccurrence(mentions: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """Articles in which each pair of ``actors`` both appear (the diagonal: articles of each)."""
    sub = mentions.loc[mentions["actor"].isin(actors), ["article_id", "actor"]].drop_duplicates()
    if sub.empty:
        return pd.DataFrame(index=actors, columns=actors, data=0)
    incidence = pd.crosstab(sub["article_id"], sub["actor"]).reindex(columns=actors, fill_value=0).clip(upper=1)
    m = incidence.to_numpy().T @ incidence.to_numpy()
    return pd.DataFrame(m, index=actors, columns=actors)


def cooccurrence_heatmap(matrix: pd.DataFrame) -> go.Figure:
    names = [hover(n) for n in matrix.index]
    z = matrix.to_numpy().astype(float)
    shown = z.copy()
    np.fill_diagonal(shown, np.nan)
    fig = go.Figure(go.Heatmap(z=shown, x=names, y=names, colorscale="Blues", text=z.astype(int),
                               hovertemplate="%{y} and %{x}: %{text} article(s)<extra></extra>",
                               colorbar={"title": "articles"}))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, max(320, 28 * len(names) + 120))


def _lane_rows(events: pd.DataFrame, lanes: str, selected: list[str], max_lanes: int) -> pd.DataFrame:
    if lanes == "type":
        return events.assign(lane=events["event_type"].str.replace("_", " "))
    ex = events.assign(lane=events["actors"]).explode("lane")
    ex["lane"] = ex["lane"].fillna("(no actor)")
    order = list(dict.fromkeys([*selected, *ex["lane"].value_counts().index]))[:max_lanes]
    return ex[ex["lane"].isin(order)]


def timeline(events: pd.DataFrame, titles: pd.Series, *, lanes: str = "actor", selected: list[str] | None = None,
             max_lanes: int = 14) -> go.Figure:
    """Events on a time axis: a day is a point, a longer span (month, range, ...) a bar across it.

    Colour is the event type; a planned event is hollow (point) or hatched (bar); lanes are actors or types.
    ``customdata`` carries the event id, so a selection names the event.
    """
    known = events["event_type"].isin(schema.EVENT_TYPES)
    events = events.assign(event_type=events["event_type"].where(known, "other"))
    df = _lane_rows(events, lanes, selected or [], max_lanes)
    df = df.assign(
        title=df["article_id"].map(titles).fillna(""),
        end_excl=df["date_end"].fillna(df["date_start"]) + pd.Timedelta(days=1),
        is_point=(df["precision"] == "day") | (df["date_end"].fillna(df["date_start"]) == df["date_start"]),
    )
    df["lane_label"] = df["lane"].map(hover)
    df["tip"] = ("<b>" + df["date_text"].map(hover) + "</b>  (" + df["date_start"].dt.strftime("%d %b %Y")
                 + df["date_end"].where(df["date_end"] != df["date_start"]).dt.strftime(" – %d %b %Y").fillna("")
                 + ")" + np.where(df["planned"].fillna(False), " · planned", "")
                 + "<br>" + df["event_type"].str.replace("_", " ") + "<br><br>" + df["text"].map(hover)
                 + "<br><br><i>" + df["title"].map(hover) + "</i>")
    lane_order = list(dict.fromkeys(df["lane_label"]))
    if lanes == "actor":
        lane_order = list(dict.fromkeys([hover(s) for s in (selected or []) if hover(s) in lane_order] + lane_order))
    fig = go.Figure()
    for etype in schema.EVENT_TYPES:
        part = df[df["event_type"] == etype]
        if part.empty:
            continue
        colour = EVENT_COLOURS[etype]
        name = etype.replace("_", " ")
        bars, points = part[~part["is_point"]], part[part["is_point"]]
        if len(bars):
            width_ms = (bars["end_excl"] - bars["date_start"]).dt.total_seconds() * 1000
            fig.add_trace(go.Bar(
                base=bars["date_start"].dt.strftime("%Y-%m-%d"), x=width_ms, y=bars["lane_label"], orientation="h",
                name=name, legendgroup=name, marker={"color": colour, "opacity": 0.55,
                "pattern": {"shape": np.where(bars["planned"].fillna(False), "/", "").tolist()},
                "line": {"color": colour, "width": 1.5}},
                customdata=bars["event_id"], hovertext=bars["tip"], hovertemplate="%{hovertext}<extra></extra>",
                width=0.5))
        if len(points):
            planned = points["planned"].fillna(False).to_numpy()
            fig.add_trace(go.Scatter(
                x=points["date_start"], y=points["lane_label"], mode="markers", name=name, legendgroup=name,
                showlegend=bars.empty, marker={"color": colour, "size": 13, "line": {"color": colour, "width": 2},
                "symbol": np.where(planned, "circle-open", "circle").tolist()},
                customdata=points["event_id"], hovertext=points["tip"], hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_xaxes(type="date", title=None)
    fig.update_yaxes(categoryorder="array", categoryarray=lane_order[::-1], title=None)
    fig.update_layout(barmode="overlay", clickmode="event+select", dragmode="zoom")
    return _layout(fig, max(280, 46 * len(lane_order) + 110))


def events_histogram(events: pd.DataFrame) -> go.Figure:
    """Events per week by type, for views with too many events to draw one by one."""
    df = events.assign(week=events["date_start"].dt.to_period("W").dt.start_time)
    df = df.groupby(["week", "event_type"]).size().rename("events").reset_index()
    fig = px.bar(df, x="week", y="events", color="event_type", color_discrete_map=EVENT_COLOURS)
    return _layout(fig, 360)


def speaker_bar(quotes: pd.DataFrame, top: int = 15) -> go.Figure:
    counts = quotes["speaker"].where(quotes["speaker"] != "", "(unknown)").value_counts().head(top)
    df = pd.DataFrame({"speaker": [hover(s) for s in counts.index], "quotes": counts.to_numpy()})
    fig = px.bar(df, x="quotes", y="speaker", orientation="h", category_orders={"speaker": list(df["speaker"])})
    fig.update_yaxes(title=None)
    return _layout(fig, max(220, 26 * len(df) + 60))
