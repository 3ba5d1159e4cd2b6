"""Actors: who is mentioned, how often, when, with whom; and a card for one actor."""

import streamlit as st

from analysis import schema
from analysis.filters import Filters, apply
from analysis.network import WEIGHTS, actor_graph
from ui import app, charts, edits, network, show, sidebar


def _network(weight: str, cap: int):
    """The view's network: the graph of the top actors of the types shown, its layout and its figure."""
    graph = actor_graph(f, weight=weight, top=cap, counts=shown)
    edges = network.drawn_edges(graph)
    pos = network.layout(graph, edges)
    return graph, pos, edges, network.figure(graph, pos, edges)


def _picked() -> None:
    """A click on the network's actors filters the dashboard to them (the sidebar and the URL follow)."""
    names = network.selected_actors(st.session_state.get("actors_network"))
    if names:
        sidebar.set_actors(names)


view = app.current()
f = view.frames
counts = view.memo("actor_counts", lambda: charts.actor_counts(f["mentions"]))
show.header("Actors", view.filters, len(f["mentions"]), "mentions", "actors")

if counts.empty:
    st.info("No actor is mentioned in this view.")
    edits.render(view)
    st.stop()

c1, c2 = st.columns([1, 3], vertical_alignment="center")
top_n = c1.slider("Top actors", 5, 50, 20, key="actors_top")
present = set(counts["actor_type"])
types = c2.pills("Types", [t for t in schema.ACTOR_TYPES if t in present] + sorted(present - set(schema.ACTOR_TYPES)),
                 selection_mode="multi", key="actors_types", format_func=show.md)
shown = counts[counts["actor_type"].isin(types)] if types else counts

st.subheader("Mentions per actor", anchor=False)
by = charts.count_control(view.all["articles"], key="actors_count_by")
bar_counts = view.memo("actor_counts:stories", lambda: charts.actor_counts(f["mentions"], view.all["articles"]))
bar_counts = bar_counts[bar_counts["actor_type"].isin(types)] if types else bar_counts
st.plotly_chart(view.memo(f"bar:{top_n}:{types}:{by}", lambda: charts.actor_bar(
    charts.by_count(bar_counts, by).head(top_n), by)), width="stretch",
                key="actors_bar")

focus = [a for a in view.filters.actors if a in set(counts["actor"])] or list(shown["actor"].head(5))
left, right = st.columns(2)
with left:
    st.subheader("Mentions over time", anchor=False)
    freq = st.segmented_control("Per", ["week", "month"], default="month", key="actors_freq") or "month"
    st.caption("Selected actors, or the five most mentioned." if not view.filters.actors else "Selected actors.")
    st.plotly_chart(view.memo(f"time:{freq}:{focus}", lambda: charts.mentions_over_time(
        f["mentions"], view.all["articles"], focus, freq)), width="stretch",
                    key="actors_time")
with right:
    st.subheader("Who appears together", anchor=False)
    pair_names = list(dict.fromkeys([*focus, *shown["actor"].head(15)]))[:15]
    st.caption("Articles in which both actors are mentioned.")
    st.plotly_chart(view.memo(f"pairs:{pair_names}", lambda: charts.cooccurrence_heatmap(
        charts.cooccurrence(f["mentions"], pair_names))), width="stretch",
                    key="actors_pairs")

st.subheader("Network", anchor=False)
n1, n2 = st.columns([2, 3], vertical_alignment="center")
link_by = n1.segmented_control("Linked by", list(WEIGHTS), default="articles", key="actors_network_weight",
                               format_func=lambda w: WEIGHTS[w]) or "articles"
cap = n2.slider("Actors in the network", 5, 60, 50, step=5, key="actors_network_top")
graph, pos, edges, fig = view.memo(f"network:{link_by}:{cap}:{types}", lambda: _network(link_by, cap))
shown_n, total = graph.number_of_nodes(), len(shown)
kind = f" of the types {show.md(', '.join(types))}" if types else ""
st.caption((f"The top {shown_n} actors{kind} of {total:,} in this view" if total > shown_n
            else f"All {shown_n} actors{kind} in this view")
           + f", sized by mentions and coloured by type; {graph.number_of_edges():,} links by {WEIGHTS[link_by]}"
           + (f", the {len(edges):,} strongest drawn (the downloads have all)" if len(edges) < graph.number_of_edges()
              else "")
           + ". Click an actor to filter the dashboard to them.")
st.plotly_chart(fig, width="stretch", key="actors_network", on_select=_picked, selection_mode="points")
d1, d2, _ = st.columns([1, 1, 2])
stem = f"dossier-network-{link_by}"
d1.download_button("Network as GEXF (Gephi)", lambda: network.gexf_bytes(graph, pos), file_name=f"{stem}.gexf",
                   mime="application/gexf+xml", key="actors_network_gexf", on_click="ignore", width="stretch")
d2.download_button("Network as GraphML", lambda: network.graphml_bytes(graph), file_name=f"{stem}.graphml",
                   mime="application/graphml+xml", key="actors_network_graphml", on_click="ignore", width="stretch")

st.subheader("Actor card", anchor=False)
options = list(dict.fromkeys([*focus, *shown["actor"].head(500)]))
name = st.selectbox("Actor", options, key="actors_card")
card = view.all["actors"][view.all["actors"]["actor"] == name]
if len(card):
    a = card.iloc[0]
    st.markdown(f"### {show.md(a['actor'])}")
    st.text(f"{a['actor_type']}" + (f" · {a['role']}" if a["role"] else ""))
    m = st.columns(4)
    m[0].metric("Mentions", f"{int(a['mentions'] or 0):,}")
    m[1].metric("Articles", f"{int(a['articles'] or 0):,}")
    m[2].metric("First seen", show.short_date(a["first_seen"]) or "—",
                help="The earliest publication day of an article that mentions them.")
    m[3].metric("Last seen", show.short_date(a["last_seen"]) or "—",
                help="The latest publication day of an article that mentions them.")
    st.text("Also written as: " + (", ".join(a["aliases"]) if len(a["aliases"]) else "—"))
    # Every event of the actor in the corpus, as the card's other figures: the filters do not narrow a card.
    mine = view.memo(f"card_events:{name}", lambda: apply(view.all, Filters(actors=(name,)), view.corpus.index)["events"])
    st.markdown(f"**Events with {show.md(name)}** ({len(mine)})")
    if len(mine):
        first, last = mine["date_start"].min(), mine["date_end"].fillna(mine["date_start"]).max()
        dated = int(show.by_article(mine).sum())
        st.caption(f"From {show.short_date(first)} to {show.short_date(last)}; "
                   + (f"{dated} dated by the article (diamonds: no date in their sentence); " if dated else "")
                   + "every event in the corpus, whatever the filters.")
        if len(mine) > charts.MAX_TIMELINE_EVENTS:
            st.plotly_chart(charts.events_histogram(mine), width="stretch", key="actor_card_hist")
        else:
            st.plotly_chart(view.memo(f"card_timeline:{name}", lambda: charts.timeline(
                mine, view.corpus.labels, lanes="type", small=True)), width="stretch", key="actor_card_timeline")
    quotes = view.all["quotes"][view.all["quotes"]["speaker"] == name]
    st.markdown(f"**Quotes by {show.md(name)}** ({len(quotes)})")
    if len(quotes):
        show.table(quotes, ["date", "quote", "kind", "cue", "source"], "actor_quotes",
                   derive=lambda d: d.assign(source=d["article_id"].map(view.corpus.labels)),
                   config={"date": st.column_config.DateColumn("Date"),
                           "quote": st.column_config.TextColumn("Quote", width="large")})
    st.button(f"Filter the dashboard to {show.md(name)}", key="actors_filter",
              on_click=sidebar.set_actors, args=([name],))
else:
    st.text("Not in the actors table.")

edits.render(view)
