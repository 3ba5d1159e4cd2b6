"""Plotly figures of the dashboard. Each aggregates first (counts per actor, week or pair) so that a
figure's size follows the number of bars, never the number of mentions; every hover string is escaped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from analysis import schema
from analysis.filters import positions
from ui.show import ARTICLE_DATED, by_article, hover

ACTOR_COLOURS = dict(zip(schema.ACTOR_TYPES, ["#1f77b4", "#9467bd", "#d62728", "#2ca02c", "#ff7f0e", "#7f7f7f"], strict=False))
EVENT_COLOURS = {"meeting": "#1f77b4", "visit": "#ff7f0e", "sanction": "#d62728", "accusation": "#9467bd",
                 "statement": "#8c564b", "report": "#17becf", "agreement": "#2ca02c", "military_action": "#393b79",
                 "supply": "#e377c2", "other": "#9a9a9a"}
MAX_TIMELINE_EVENTS = 1500


def _dmy(value: object) -> str:
    return "" if pd.isna(value) else f"{value.day} {value:%b %Y}"


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 30, "b": 0}, legend_title_text="",
                      hoverlabel={"align": "left"})
    return fig


def actor_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions and articles per actor, most mentioned first (integer codes and bincount: fast at millions of rows)."""
    if mentions.empty:
        return pd.DataFrame(columns=["actor", "actor_type", "mentions", "articles"])
    codes, names = pd.factorize(mentions["actor"])
    arts = pd.factorize(mentions["article_id"])[0].astype(np.int64)
    n = len(names)
    pairs = pd.unique(arts * n + codes)  # pandas' hash table: several times faster than np.unique here
    first = pd.Series(codes).drop_duplicates().sort_values().index.to_numpy()
    out = pd.DataFrame({"actor": np.asarray(names, dtype=object),
                        "actor_type": mentions["actor_type"].iloc[first].to_numpy(dtype=object),
                        "mentions": np.bincount(codes, minlength=n), "articles": np.bincount(pairs % n, minlength=n)})
    return out.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def actor_bar(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars of mentions per actor, coloured by actor type, the most mentioned on top."""
    fig = go.Figure()
    names = [hover(n) for n in counts["actor"]]
    for typ in dict.fromkeys(counts["actor_type"]):
        part = counts["actor_type"].to_numpy() == typ
        fig.add_trace(go.Bar(x=counts["mentions"].to_numpy()[part], y=np.asarray(names, dtype=object)[part],
                             orientation="h", name=hover(typ), marker_color=ACTOR_COLOURS.get(typ, "#7f7f7f"),
                             customdata=counts["articles"].to_numpy()[part],
                             hovertemplate="%{y}: %{x} mentions in %{customdata} articles<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1], title=None)
    fig.update_xaxes(title="mentions")
    return _layout(fig, max(260, 24 * len(counts) + 60))


def _published_of(mentions: pd.DataFrame, articles: pd.DataFrame) -> np.ndarray:
    pos = positions(pd.Index(articles["article_id"]), mentions["article_id"])
    published = articles["published"].to_numpy(dtype="datetime64[ns]")
    out = np.full(len(pos), np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = pos >= 0
    out[ok] = published[pos[ok]]
    return out


def mentions_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, actors: list[str], freq: str) -> go.Figure:
    """Mentions per week or month of each actor in ``actors``, by the publication date of the article."""
    sub = mentions[mentions["actor"].isin(actors)]
    when = _published_of(sub, articles)
    ok = ~np.isnat(when)
    days = when[ok].astype("datetime64[D]")
    if freq == "week":  # weeks start on Monday; 1970-01-01 was a Thursday
        period = days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    else:
        period = days.astype("datetime64[M]").astype("datetime64[D]")
    df = pd.DataFrame({"when": period, "actor": sub["actor"].to_numpy()[ok]})
    counts = df.groupby(["actor", "when"]).size()
    fig = go.Figure()
    for actor in actors:
        if actor in counts.index.get_level_values(0):
            series = counts.loc[actor]
            fig.add_trace(go.Scatter(x=series.index, y=series.to_numpy(), mode="lines+markers", name=hover(actor)))
    fig.update_xaxes(title=None)
    fig.update_yaxes(title=f"mentions per {freq}")
    return _layout(fig, 320)


def cooccurrence(mentions: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """Articles in which each pair of ``actors`` both appear (the diagonal: articles of each)."""
    sub = mentions.loc[mentions["actor"].isin(actors), ["article_id", "actor"]]
    col = pd.Index(actors).get_indexer(sub["actor"])
    row = pd.factorize(sub["article_id"])[0]
    incidence = np.zeros((row.max() + 1 if len(row) else 0, len(actors)), dtype=np.float32)
    incidence[row, col] = 1.0
    return pd.DataFrame((incidence.T @ incidence).astype(int), index=actors, columns=actors)


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
    ex = ex[ex["lane"].notna() & (ex["lane"] != "")]
    order = list(dict.fromkeys([*selected, *ex["lane"].value_counts().index]))[:max_lanes]
    return ex[ex["lane"].isin(order)]


def timeline(events: pd.DataFrame, titles: pd.Series, *, lanes: str = "actor", selected: list[str] | None = None,
             max_lanes: int = 14, small: bool = False) -> go.Figure:
    """Events on a time axis: a day is a point, a longer span (month, range, ...) a bar across it.

    Colour is the event type; a planned event is hollow (point) or hatched (bar); an event dated by its
    article (no date in its sentence) is a diamond rather than a circle; lanes are actors or types.
    ``customdata`` carries the event id, so a selection names the event. ``small`` draws a mini-timeline
    (an actor card's): shorter lanes, the legend underneath.
    """
    known = events["event_type"].isin(schema.EVENT_TYPES)
    events = events.assign(event_type=events["event_type"].where(known, "other"), by_article=by_article(events))
    ev = events.assign(
        end_excl=events["date_end"].fillna(events["date_start"]) + pd.Timedelta(days=1),
        is_point=(events["precision"] == "day") | (events["date_end"].fillna(events["date_start"]) == events["date_start"])
        | events["by_article"],
    )
    ends = ev["date_end"].where(ev["date_end"] != ev["date_start"])
    as_written = ev["date_text"].map(hover).where(~ev["by_article"], ARTICLE_DATED)
    ev["tip"] = ("<b>" + as_written + "</b>  (" + ev["date_start"].map(_dmy)
                 + ends.map(lambda d: f" – {_dmy(d)}" if pd.notna(d) else "") + ")"
                 + np.where(ev["planned"].fillna(False), " · planned", "")
                 + np.where(ev["by_article"], "<br><i>no date in the sentence: the article's publication day</i>", "")
                 + "<br>" + ev["event_type"].str.replace("_", " ") + "<br><br>" + ev["text"].map(hover)
                 + "<br><br><i>" + ev["article_id"].map(titles).fillna("").map(hover) + "</i>")
    df = _lane_rows(ev, lanes, selected or [], max_lanes)
    labels = {lane: hover(lane) for lane in pd.unique(df["lane"])}
    df["lane_label"] = df["lane"].map(labels)
    lane_order = list(dict.fromkeys(df["lane_label"]))
    if lanes == "actor":
        lane_order = list(dict.fromkeys([hover(s) for s in (selected or []) if hover(s) in lane_order] + lane_order))
    fig = go.Figure()
    size = 10 if small else 13
    for etype in schema.EVENT_TYPES:
        part = df[df["event_type"] == etype]
        if part.empty:
            continue
        colour = EVENT_COLOURS[etype]
        name = etype.replace("_", " ")
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, legendgroup=name,
                                 marker={"color": colour, "size": 11, "symbol": "square"}))
        bars, points = part[~part["is_point"]], part[part["is_point"]]
        if len(bars):
            width_ms = (bars["end_excl"] - bars["date_start"]).dt.total_seconds() * 1000
            fig.add_trace(go.Bar(
                base=bars["date_start"].dt.strftime("%Y-%m-%d"), x=width_ms, y=bars["lane_label"], orientation="h",
                name=name, legendgroup=name, showlegend=False, marker={"color": colour, "opacity": 0.55,
                "pattern": {"shape": np.where(bars["planned"].fillna(False), "/", "").tolist()},
                "line": {"color": colour, "width": 1.5}},
                customdata=bars["event_id"], hovertext=bars["tip"], hovertemplate="%{hovertext}<extra></extra>",
                width=0.5))
        if len(points):
            planned = points["planned"].fillna(False).to_numpy(dtype=bool)
            shape = np.where(points["by_article"].to_numpy(dtype=bool), "diamond", "circle")
            fig.add_trace(go.Scatter(
                x=points["date_start"], y=points["lane_label"], mode="markers", name=name, legendgroup=name,
                showlegend=False, marker={"color": colour, "size": size, "line": {"color": colour, "width": 2},
                "symbol": np.where(planned, np.char.add(shape, "-open"), shape).tolist()},
                customdata=points["event_id"], hovertext=points["tip"], hovertemplate="%{hovertext}<extra></extra>"))
    if df["planned"].fillna(False).any():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="planned (hollow, hatched)",
                                 marker={"color": "#555", "size": 11, "symbol": "circle-open", "line": {"width": 2}}))
    if df["by_article"].any():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=f"{ARTICLE_DATED} (no date in the sentence)",
                                 marker={"color": "#555", "size": 11, "symbol": "diamond"}))
    fig.update_xaxes(type="date", title=None)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=lane_order[::-1], title=None)
    fig.update_layout(barmode="overlay", clickmode="event+select", dragmode="zoom")
    if small:
        fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0})
        return _layout(fig, max(200, 30 * len(lane_order) + 130))
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
