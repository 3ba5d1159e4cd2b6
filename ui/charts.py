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


COUNT_BY = {"mentions": "mentions", "articles": "articles", "stories": "stories"}  # what an actor chart counts
COUNT_HELP = ("Mentions counts every time an actor is named; articles, the articles that name them; stories, the "
              "stories those articles belong to, so one wire story run by forty outlets counts once.")


def actor_counts(mentions: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mentions, articles and stories per actor, most mentioned first (integer codes and bincount: fast at millions
    of rows). ``articles`` (with ``story_id``) says each article's story; without it, or for an article without a
    story, an article is a story of its own."""
    if mentions.empty:
        return pd.DataFrame(columns=["actor", "actor_type", "mentions", "articles", "stories"])
    codes, names = pd.factorize(mentions["actor"])
    arts = pd.factorize(mentions["article_id"])[0].astype(np.int64)
    n = len(names)
    pairs = pd.unique(arts * n + codes)  # pandas' hash table: several times faster than np.unique here
    first = pd.Series(codes).drop_duplicates().sort_values().index.to_numpy()
    story = _story_codes(mentions, articles)
    in_stories = np.bincount(pd.unique(story * n + codes) % n, minlength=n) if story is not None \
        else np.bincount(pairs % n, minlength=n)
    out = pd.DataFrame({"actor": np.asarray(names, dtype=object),
                        "actor_type": mentions["actor_type"].iloc[first].to_numpy(dtype=object),
                        "mentions": np.bincount(codes, minlength=n), "articles": np.bincount(pairs % n, minlength=n),
                        "stories": in_stories})
    return out.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def _story_codes(mentions: pd.DataFrame, articles: pd.DataFrame | None) -> np.ndarray | None:
    """A story code per mention (an article without a story counts as one), or None when no article has a story."""
    if articles is None or "story_id" not in articles or not (articles["story_id"].astype(object) != "").any():
        return None
    ids = articles["story_id"].astype(object).fillna("").to_numpy(dtype=object)
    story, _ = pd.factorize(ids)
    story = np.where(ids == "", len(ids) + np.arange(len(ids)), story).astype(np.int64)
    pos = positions(pd.Index(articles["article_id"]), mentions["article_id"])
    return np.where(pos >= 0, story[np.clip(pos, 0, None)], 2 * len(ids) + 1)


def count_control(articles: pd.DataFrame, *, key: str) -> str:
    """The control over an actor chart that says what it counts: mentions, articles, or stories (offered when
    the corpus has stories); the choice is returned."""
    import streamlit as st

    options = ["mentions", "articles"]
    if "story_id" in articles and (articles["story_id"].astype(object).fillna("") != "").any():
        options.append("stories")
    return st.segmented_control("Count", options, default="mentions", key=key, help=COUNT_HELP) or "mentions"


def by_count(counts: pd.DataFrame, by: str) -> pd.DataFrame:
    """``counts`` ordered by ``by`` (mentions, articles or stories), then mentions and name."""
    if by not in counts or by == "mentions":
        return counts
    return counts.sort_values([by, "mentions", "actor"], ascending=[False, False, True], ignore_index=True)


def actor_bar(counts: pd.DataFrame, by: str = "mentions") -> go.Figure:
    """Horizontal bars per actor of ``by`` (mentions, articles or stories), coloured by actor type, the most on top."""
    by = by if by in counts else "mentions"
    fig = go.Figure()
    names = [hover(n) for n in counts["actor"]]
    others = [c for c in ("mentions", "articles", "stories") if c in counts and c != by]
    said = {"mentions": "mentions", "articles": "articles", "stories": "stories"}
    template = (f"%{{y}}: %{{x}} {said[by]}"
                + "".join(f", %{{customdata[{i}]}} {said[c]}" for i, c in enumerate(others)) + "<extra></extra>")
    for typ in dict.fromkeys(counts["actor_type"]):
        part = counts["actor_type"].to_numpy() == typ
        fig.add_trace(go.Bar(x=counts[by].to_numpy()[part], y=np.asarray(names, dtype=object)[part],
                             orientation="h", name=hover(typ), marker_color=ACTOR_COLOURS.get(typ, "#7f7f7f"),
                             customdata=counts[others].to_numpy()[part], hovertemplate=template))
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1], title=None)
    fig.update_xaxes(title=said[by])
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
    (an actor card's): shorter lanes, the legend underneath. Rows of :func:`merged_events` (one per happening)
    are sized by their reports, and their hover lists the outlets and the first report.
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
    merged = "n_reports" in ev  # one row per happening (merged_events): sized by its reports, which the hover lists
    if merged:
        ev["tip"] = ev["tip"] + ev["reports_tip"].fillna("")
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
                width=(np.minimum(0.35 + 0.08 * np.sqrt(pd.to_numeric(bars["n_reports"]).fillna(1).to_numpy(float)),
                                  0.9) if merged else 0.5)))
        if len(points):
            planned = points["planned"].fillna(False).to_numpy(dtype=bool)
            shape = np.where(points["by_article"].to_numpy(dtype=bool), "diamond", "circle")
            fig.add_trace(go.Scatter(
                x=points["date_start"], y=points["lane_label"], mode="markers", name=name, legendgroup=name,
                showlegend=False, marker={"color": colour, "line": {"color": colour, "width": 2},
                "size": report_size(points["n_reports"], small).tolist() if merged else size,
                "symbol": np.where(planned, np.char.add(shape, "-open"), shape).tolist()},
                customdata=points["event_id"], hovertext=points["tip"], hovertemplate="%{hovertext}<extra></extra>"))
    if df["planned"].fillna(False).any():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="planned (hollow, hatched)",
                                 marker={"color": "#555", "size": 11, "symbol": "circle-open", "line": {"width": 2}}))
    if df["by_article"].any():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=f"{ARTICLE_DATED} (no date in the sentence)",
                                 marker={"color": "#555", "size": 11, "symbol": "diamond"}))
    if merged and (pd.to_numeric(df["n_reports"]).fillna(1) > 1).any():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="bigger: more reports (merged)",
                                 marker={"color": "#555", "size": 17, "symbol": "circle-open", "line": {"width": 1}}))
    fig.update_xaxes(type="date", title=None)
    first, last = ev["date_start"].min(), ev["end_excl"].max()
    if pd.notna(first) and pd.notna(last) and last - first < pd.Timedelta(days=7):  # a few days: not hours
        fig.update_xaxes(range=[(first - pd.Timedelta(days=4)).isoformat(), (last + pd.Timedelta(days=4)).isoformat()])
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


# ---------------------------------------------------------------- one event, many reports (issue 14)

MAX_LISTED = 12  # outlets named in a merged event's hover


def outlets(articles: pd.DataFrame, ids: pd.Series | np.ndarray | None = None) -> pd.Series:
    """Each article's outlet (by id): its ``source``, else the domain of its URL, else "unknown source".

    ``ids``: only these articles (computing it for 100,000 articles when a page shows twenty is a waste)."""
    from urllib.parse import urlsplit

    arts = articles if ids is None else articles[articles["article_id"].isin(pd.unique(np.asarray(ids, dtype=object)))]
    source = arts["source"].astype(object).fillna("").to_numpy(dtype=object)
    urls = arts["url"].astype(object).fillna("").to_numpy(dtype=object) if "url" in arts else [""] * len(arts)

    def domain(url: str) -> str:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return ""
        return host[4:] if host.startswith("www.") else host

    names = [s or domain(u) or "unknown source" for s, u in zip(source, urls, strict=True)]
    return pd.Series(names, index=arts["article_id"].astype(object).to_numpy(), dtype=object)


def _group_key(df: pd.DataFrame, col: str, own: str) -> pd.Series:
    """The group of each row (``col``), or the row's own id where it has none (a store from before groups)."""
    key = df[col].astype(object).fillna("") if col in df else pd.Series("", index=df.index, dtype=object)
    return key.where(key != "", df[own].astype(object))


def _with_article(df: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each row's article's publication day and outlet (``published``, ``outlet``)."""
    pos = positions(pd.Index(articles["article_id"]), df["article_id"])
    published = articles["published"].to_numpy(dtype="datetime64[ns]")
    when = np.full(len(pos), np.datetime64("NaT"), dtype="datetime64[ns]")
    when[pos >= 0] = published[pos[pos >= 0]]
    names = outlets(articles, df["article_id"])
    titles = articles["title"].astype(object).to_numpy(dtype=object)
    headline = np.where(pos >= 0, titles[np.clip(pos, 0, None)] if len(titles) else "", "")
    return df.assign(published=when, outlet=df["article_id"].astype(object).map(names).fillna("unknown source"),
                     headline=headline)


def group_count(events: pd.DataFrame) -> int:
    """How many happenings ``events`` report (rows without a group count one each)."""
    return int(_group_key(events, "event_group", "event_id").nunique()) if len(events) else 0


def merged_events(events: pd.DataFrame, articles: pd.DataFrame, groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per happening (``event_group``) of ``events``, however many reports it has, for the timeline.

    Each row is the group's representative report (the first that gives the agreed date, its ``event_id`` the
    one a click selects) with the group's agreed date, type and actors when ``groups`` (the event_groups frame)
    knows them, ``n_reports`` (articles) and ``n_sources`` (outlets) among the rows given, ``n_all`` (reports in
    the corpus) and ``reports_tip``: the outlets and the first report, a report that gives another date
    flagged. A row without a group (an older store) is a happening of its own. Grouped operations only: a
    view of 100,000 reports costs a few hundred milliseconds.
    """
    extra = {"group": object, "n_reports": "Int64", "n_sources": "Int64", "n_all": "Int64", "reports_tip": object}
    if events.empty:
        return events.assign(**{c: pd.Series(dtype=t) for c, t in extra.items()})
    events = events.reset_index(drop=True)
    # The columns the grouping reads, apart: sorting a frame of sentences would copy every sentence.
    ev = _with_article(pd.DataFrame({
        "pos": np.arange(len(events)), "article_id": events["article_id"].to_numpy(dtype=object),
        "start": events["start"].to_numpy(), "date_text": events["date_text"].to_numpy(dtype=object),
        "group": _group_key(events, "event_group", "event_id").to_numpy(dtype=object),
        "by_article": by_article(events).to_numpy(dtype=bool),
        "disagrees": events["date_disagrees"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        if "date_disagrees" in events else np.zeros(len(events), dtype=bool)}), articles)
    ev = ev.sort_values(["published", "article_id", "start"], kind="stable", na_position="last")
    first = ev.drop_duplicates("group").set_index("group")  # the first report of each happening
    # The marker's words: a report that gives the agreed date, dated by its sentence if any is.
    rep = ev.sort_values(["disagrees", "by_article"], kind="stable").drop_duplicates("group").set_index("group")
    rep = rep.loc[first.index]
    per_article = ev.drop_duplicates(["group", "article_id"])  # an article that says it twice reports it once
    n_reports = per_article.groupby("group", sort=False).size()
    named = per_article[per_article["outlet"] != "unknown source"]
    n_sources = named.groupby("group", sort=False)["outlet"].nunique()
    out = events.iloc[rep["pos"].to_numpy()].set_axis(rep.index)
    out["date_source"] = np.where(rep["by_article"].to_numpy(dtype=bool), "article", "text")
    if groups is not None and len(groups):
        known = groups.drop_duplicates("event_group").set_index(groups["event_group"].astype(object)
                                                                .drop_duplicates().to_numpy())
        g = known.reindex(out.index)
        for col in ("date_start", "date_end"):
            out[col] = g[col].where(g[col].notna(), out[col])
        for col in ("precision", "event_type"):
            agreed = g[col].astype(object)
            out[col] = agreed.where(agreed.notna() & (agreed != ""), out[col])
        has = g["actors"].map(lambda a: isinstance(a, (list, tuple)) and len(a) > 0)
        out["actors"] = [list(a) if h else list(b) for a, b, h in zip(g["actors"], out["actors"], has, strict=True)]
        n_all = pd.to_numeric(g["n_reports"], errors="coerce")
    else:
        n_all = pd.Series(np.nan, index=out.index)
    out["n_reports"] = n_reports.reindex(out.index).astype("Int64")
    out["n_sources"] = n_sources.reindex(out.index).fillna(0).astype("Int64")
    out["n_all"] = n_all.fillna(out["n_reports"].astype(float)).astype("Int64")
    out["reports_tip"] = _reports_tips(ev, per_article, first).reindex(out.index)
    return out.rename_axis("group").reset_index().sort_values("date_start", kind="stable", ignore_index=True)


def _reports_tips(ev: pd.DataFrame, per_article: pd.DataFrame, first: pd.DataFrame) -> pd.Series:
    """The hover's list of each happening's reports: one line per outlet (the day of its first report, how many),
    an outlet whose report gives another date flagged with that date, and the first report."""
    by = per_article.groupby(["group", "outlet"], sort=False)  # outlets in the order they first reported
    lines = by.agg(day=("published", "first"), n=("article_id", "size")).reset_index()
    lines["rank"] = lines.groupby("group", sort=False).cumcount()
    n_outlets = lines.groupby("group", sort=False).size()
    off = ev[ev["disagrees"]].drop_duplicates(["group", "outlet"]).set_index(["group", "outlet"])["date_text"]
    shown = lines[lines["rank"] < MAX_LISTED]
    said = off.reindex(pd.MultiIndex.from_frame(shown[["group", "outlet"]])).to_numpy(dtype=object) if len(off) \
        else [None] * len(shown)
    text: dict[str, list[str]] = {}
    for g, outlet, day, n, wrong in zip(shown["group"], shown["outlet"], shown["day"], shown["n"], said, strict=True):
        line = f"• {hover(outlet, 60)}, {_dmy(day) or 'undated'}" + (f" ({n} reports)" if n > 1 else "")
        if isinstance(wrong, str):
            line += f" <b>⚠ gives another date</b>: {hover(wrong, 40)}"
        text.setdefault(g, []).append(line)
    n_reports = per_article.groupby("group", sort=False).size()
    out = {}
    for g, listed in text.items():
        n, k = int(n_reports[g]), int(n_outlets[g])
        head = f"<b>{n} report{'s' if n != 1 else ''}" + (f" from {k} outlets" if k > 1 else "") + "</b>"
        more = [f"… and {k - MAX_LISTED} more outlets"] if k > MAX_LISTED else []
        r = first.loc[g]
        out[g] = (f"<br><br>{head}<br>" + "<br>".join(listed + more)
                  + f"<br>First report: <i>{hover(r['headline'], 80)}</i> ({hover(r['outlet'], 60)}, "
                  f"{_dmy(r['published']) or 'undated'})")
    return pd.Series(out, dtype=object)


def report_size(n: pd.Series, small: bool = False) -> np.ndarray:
    """A merged event's marker size: a single report as before, growing with the square root of the reports."""
    base = 10 if small else 13
    n = pd.to_numeric(n, errors="coerce").fillna(1).clip(lower=1).to_numpy(dtype=float)
    return np.minimum(base + 6 * np.sqrt(n - 1), 44)


def quotes_once(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per quote (``quote_group``): its first appearance (the earliest published article's row, whose
    ``quote_id`` opens it), with ``n_articles``, ``outlets`` (in order of appearance), ``first_published`` and
    ``first_outlet``, in the order of each quote's first row in ``quotes``. A quote without a group (an older
    store) is a quote of its own."""
    extra = ["n_articles", "outlets", "first_published", "first_outlet", "n_rows"]
    if quotes.empty:
        return quotes.assign(**{c: pd.Series(dtype=object) for c in extra})
    q = _with_article(quotes.reset_index(drop=True), articles)
    q["group"] = _group_key(q, "quote_group", "quote_id")
    order = pd.Series(np.arange(len(q)), index=q.index).groupby(q["group"]).transform("min")  # as given
    q = q.sort_values(["published", "article_id", "start"], kind="stable", na_position="last")
    first = q.drop_duplicates("group").set_index("group")
    sizes = q["group"].value_counts()
    multi = q[q["group"].isin(sizes.index[sizes > 1])]
    outlet_lists = {g: list(dict.fromkeys(p["outlet"])) for g, p in multi.groupby("group", sort=False)}
    n_arts = multi.groupby("group", sort=False)["article_id"].nunique().to_dict()
    out = first.reset_index()
    out["n_rows"] = out["group"].map(sizes).astype(int)
    out["n_articles"] = out["group"].map(n_arts).fillna(1).astype(int)
    out["outlets"] = [outlet_lists.get(g, [o]) for g, o in zip(out["group"], out["outlet"], strict=True)]
    out["first_published"], out["first_outlet"] = out["published"], out["outlet"]
    out = out.assign(order=out["group"].map(order.groupby(q["group"]).first()))
    return out.drop(columns=["published", "outlet", "headline"]).sort_values(
        "order", kind="stable", ignore_index=True).drop(columns="order")


def coverage_by_outlet(articles: pd.DataFrame, freq: str = "day") -> go.Figure:
    """Articles per day (or week) per outlet, stacked: who covered a story, and when."""
    arts = articles[articles["published"].notna()]
    names = outlets(arts)
    df = pd.DataFrame({"day": arts["published"].dt.to_period("W" if freq == "week" else "D").dt.start_time.to_numpy(),
                       "outlet": arts["article_id"].astype(object).map(names).map(lambda s: hover(s, 60)).to_numpy()})
    counts = df.groupby(["day", "outlet"]).size().rename("articles").reset_index()
    fig = px.bar(counts, x="day", y="articles", color="outlet")
    fig.update_traces(hovertemplate="%{x|%d %b %Y}: %{y} article(s)<extra>%{fullData.name}</extra>")
    fig.update_xaxes(title=None)
    fig.update_yaxes(title=f"articles per {freq}")
    return _layout(fig, 280)
