"""Dashboard at scale: a 100,000-article analysis opened and filtered, beside the same on ``seeds/``.

    python bench/dashboard_scale.py                     # seeds/ analysed, replicated to 100,000 articles
    python bench/dashboard_scale.py --source build/     # replicate a store you built (e.g. of the BBC corpus)
    python bench/dashboard_scale.py --articles 20000    # smaller, while developing

The big analysis is real frames replicated: copy k of every article gets new ids (articles, events,
quotes), its dates shifted by k days and its texts made distinct (" [k]" appended, after every offset),
so the corpus spans years, every filter has work to do and memory is that of 100,000 different texts;
actors stay the same people and countries, with their counts summed. Both stores are written with
``analysis.store.write_frames``; then, each in a fresh process so that peak memory is its own:

- open: ``read_frames`` of the store (what the dashboard does with ``DOSSIER_STORE``) and the filter index;
- filter: ``analysis.filters.apply`` for each kind of filter, timed alone;
- dashboard: Streamlit's AppTest runs ``dashboard.py`` with ``DOSSIER_STORE`` pointing at the store,
  then changes a sidebar filter again and again on each page, timing every rerun; then searches (``q``: one
  word, a phrase, a prefix) on each page, timing those reruns apart;
- network: the Actors page's network of the top 50 actors of the whole corpus (graph, layout and figure), by
  each of its link measures;
- edit: one correction of the Actors page applied as the dashboard applies it (``analysis.actors.apply_edits`` over
  the compact frames, then the filter index made again): a merge into the most mentioned actor, a rename of it,
  an alias moved out of it, and the second most mentioned marked as not an actor, each timed alone; and, in the
  dashboard, the Actors page's rerun after its Merge button (peak memory before it and with it said apart).

Each store gets its full-text index (``search.sqlite``, ``analysis.search.build_index``) before it is opened, as
a build would leave it; the time and size of that build are printed.

Targets at 100,000 articles: median rerun after a filter change under 300 ms, peak memory under 2 GB; a search
rerun under 150 ms; the network figure of the top 50 actors under 300 ms; one alias edit applied under 5 s. The last
line is ``key=value`` pairs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = ("pages/overview.py", "pages/actors.py", "pages/timeline.py", "pages/quotes.py", "pages/articles.py")


def _status_mb(field: str) -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _rss_mb() -> float:
    return _status_mb("VmRSS")


def _peak_mb() -> float:
    """Peak resident memory of this process since it started (VmHWM; ru_maxrss where there is no /proc)."""
    peak = _status_mb("VmHWM")
    return peak if peak == peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- replication


def _new_ids(ids: pd.Series, k: int) -> pd.Series:
    """Ids for copy ``k``: the same prefix letter and length, different and stable."""
    uniq = ids.unique()
    table = {i: i[0] + hashlib.sha1(f"{i}|{k}".encode()).hexdigest()[:len(i) - 1] for i in uniq if i}
    return ids.map(lambda v: table.get(v, v))


def replicate(frames: dict[str, pd.DataFrame], articles: int) -> dict[str, pd.DataFrame]:
    """``frames`` copied until they hold ``articles`` articles; see the module docstring."""
    from analysis import schema
    from analysis.pipeline import _sorted

    base = len(frames["articles"])
    copies = -(-articles // base)
    out: dict[str, list[pd.DataFrame]] = {name: [] for name in ("articles", "mentions", "events", "quotes", "dates")}
    dates = {"articles": ["published"], "events": ["date_start", "date_end"], "quotes": ["date"],
             "dates": ["date_start", "date_end"], "mentions": []}
    ids = {"events": "event_id", "quotes": "quote_id"}
    distinct = {"articles": ["text", "title"], "events": ["text"], "quotes": ["quote"]}
    for k in range(copies):
        shift = pd.Timedelta(days=k)
        aid = _new_ids(frames["articles"]["article_id"], k) if k else frames["articles"]["article_id"]
        id_map = dict(zip(frames["articles"]["article_id"], aid, strict=True))
        for name in out:
            df = frames[name].copy()
            if k:
                df["article_id"] = df["article_id"].map(id_map)
                for col in dates[name]:
                    df[col] = df[col] + shift
                if name in ids:
                    df[ids[name]] = _new_ids(df[ids[name]], k)
                # Distinct texts, as a real corpus has: otherwise the store would share one string per copy.
                for col in distinct.get(name, []):
                    df[col] = df[col] + f" [{k}]"
            out[name].append(df)
    big = {name: pd.concat(parts, ignore_index=True) for name, parts in out.items()}
    big["articles"] = big["articles"].head(articles)
    keep = set(big["articles"]["article_id"])
    for name in ("mentions", "events", "quotes", "dates"):
        big[name] = big[name][big[name]["article_id"].isin(keep)].reset_index(drop=True)
    actors = frames["actors"].copy()
    actors["mentions"] = actors["mentions"] * copies
    actors["articles"] = actors["articles"] * copies
    actors["last_seen"] = actors["last_seen"] + pd.Timedelta(days=copies - 1)
    big["actors"] = actors
    big["problems"] = frames["problems"]
    # In the order a build writes them (events by date, the others by article), as a real store of this size is.
    order = {"mentions": ["article_id", "start", "end"], "events": ["date_start", "article_id", "sentence", "start"],
             "quotes": ["article_id", "start"], "dates": ["article_id", "start"]}
    return {name: _sorted(schema.frame(name, df), order[name]) if name in order else schema.frame(name, df)
            for name, df in big.items()}


# ---------------------------------------------------------------- measurements (each in its own process)


def _filters(frames: dict[str, pd.DataFrame]) -> list[tuple[str, dict]]:
    """A realistic sequence of filter changes: the names, dates and types in this corpus."""
    actors = frames["actors"]["actor"].tolist()
    published = frames["articles"]["published"].dropna()
    lo, hi = published.min().date(), published.max().date()
    mid = lo + (hi - lo) / 2
    types = [t for t in frames["events"]["event_type"].value_counts().index if t]
    sources = [s for s in frames["articles"]["source"].value_counts().index if s]
    words = ["minister", "said", "oil"]
    steps = [("actor", {"actor": [actors[0]]}), ("actor", {"actor": [actors[min(1, len(actors) - 1)]]}),
             ("two actors", {"actor": actors[:2]}), ("date range", {"from": lo.isoformat(), "to": mid.isoformat()}),
             ("date range", {"from": mid.isoformat(), "to": hi.isoformat()}), ("text", {"q": words[0]}),
             ("text", {"q": words[2]}), ("actor", {"actor": [actors[min(2, len(actors) - 1)]]})]
    if types:
        steps.insert(5, ("event type", {"type": types[:1]}))
    if sources:
        steps.append(("source", {"source": sources[0]}))
    return steps


def _searches() -> list[tuple[str, str]]:
    """One word, a phrase and a prefix, as an analyst types them in the search box."""
    return [("word", "minister"), ("phrase", '"prime minister"'), ("prefix", "govern*")]


NETWORK_TOP = 50


def measure_network(frames: dict[str, pd.DataFrame], rounds: int = 3) -> dict[str, float]:
    """Median ms to build, lay out and draw the network of the top 50 actors, by each link measure."""
    from analysis.network import WEIGHTS, actor_graph
    from ui import charts, network

    counts = charts.actor_counts(frames["mentions"])  # the page has it already (its bar chart's)
    out = {}
    for weight in WEIGHTS:
        times = []
        for _ in range(rounds):
            clock = time.perf_counter()
            graph = actor_graph(frames, weight=weight, top=NETWORK_TOP, counts=counts)
            edges = network.drawn_edges(graph)
            network.figure(graph, network.layout(graph, edges), edges)
            times.append(time.perf_counter() - clock)
        out[weight] = 1000 * statistics.median(times)
    return out


def measure_edits(frames: dict[str, pd.DataFrame], index_of) -> dict[str, float]:
    """Seconds to apply one correction of the actors and make the filter index again, by kind of correction."""
    from analysis.actors import AliasRow, apply_edits

    actors = frames["actors"]
    top, second, mid = (actors["actor"].iloc[i] for i in (0, 1, min(10, len(actors) - 1)))
    alias = next((a for a in actors["aliases"].iloc[0] if a != top), top)
    edits = {"merge": AliasRow(mid, top, "", mid), "rename": AliasRow(top, f"{top} (renamed)", "", top),
             "move": AliasRow(alias, f"{alias} (moved)", "", top), "not_actor": AliasRow(second, "", "not_actor", second)}
    out = {}
    for kind, row in edits.items():
        clock = time.perf_counter()
        edited = apply_edits(frames, [row])
        applied = time.perf_counter() - clock
        index_of(edited)
        out[kind] = time.perf_counter() - clock
        out[f"{kind}_apply"] = applied
        del edited
    return out


def measure_open(store: str) -> dict:
    from analysis import filters as flt
    from analysis.store import read_frames

    clock = time.perf_counter()
    frames = read_frames(store, compact=True)  # as the dashboard opens a store
    opened = time.perf_counter() - clock
    clock = time.perf_counter()
    index = flt.build_index(frames)
    indexed = time.perf_counter() - clock
    applies: dict[str, list[float]] = {}
    per_frame: dict[str, list[float]] = {}
    for label, query in _filters(frames):
        f = flt.Filters.from_query(query)
        clock = time.perf_counter()
        view = flt.apply(frames, f, index)
        for name in frames:  # apply may be lazy: every frame is read, as a page showing all of them would
            start = time.perf_counter()
            view[name]
            per_frame.setdefault(name, []).append(time.perf_counter() - start)
        applies.setdefault(label, []).append(time.perf_counter() - clock)
    # The search through the index, as the dashboard filters with it (the first query pays for opening it).
    from analysis.search import Searcher, open_index

    search_ms: dict[str, float] = {}
    text_index = open_index(Path(store) / "search.sqlite")
    if text_index is not None:
        searcher = Searcher(text_index, frames)
        clock = time.perf_counter()
        searcher.masks("warm")
        first_search = time.perf_counter() - clock
        for label, q in _searches():
            times = []
            for _ in range(3):
                clock = time.perf_counter()
                view = flt.apply(frames, flt.Filters(q=q), index, search=searcher)
                for name in ("articles", "events", "quotes"):
                    view[name]
                times.append(time.perf_counter() - clock)
            search_ms[label] = 1000 * statistics.median(times)
        search_ms["first"] = 1000 * first_search
    return {"articles": len(frames["articles"]), "rows": {k: len(v) for k, v in frames.items()},
            "open_s": opened, "index_s": indexed, "apply_ms": {k: 1000 * statistics.median(v) for k, v in applies.items()},
            "frame_ms": {k: 1000 * statistics.median(v) for k, v in per_frame.items()},
            "search_apply_ms": search_ms, "network_ms": measure_network(frames),
            "edit_s": measure_edits(frames, flt.build_index), "rss_mb": _rss_mb(), "peak_mb": _peak_mb()}


def _set_filter(at, query: dict) -> None:
    """Set the sidebar widgets to ``query`` (others cleared), as an analyst would."""
    keys = {w.key for w in at.sidebar.multiselect} | {w.key for w in at.sidebar.text_input} | \
        {w.key for w in at.sidebar.date_input} | {w.key for w in at.sidebar.selectbox}
    if "f_actor" in keys:
        at.sidebar.multiselect(key="f_actor").set_value(query.get("actor", []))
    if "f_type" in keys:
        at.sidebar.multiselect(key="f_type").set_value(query.get("type", []))
    if "f_q" in keys:
        at.sidebar.text_input(key="f_q").set_value(query.get("q", ""))
    for name, key in (("from", "f_from"), ("to", "f_to")):
        if key in keys:
            value = query.get(name)
            at.sidebar.date_input(key=key).set_value(dt.date.fromisoformat(value) if value else None)
    if "f_source" in keys:
        widget = (at.sidebar.selectbox(key="f_source") if "f_source" in {w.key for w in at.sidebar.selectbox}
                  else at.sidebar.text_input(key="f_source"))
        value = query.get("source", "")
        if value and hasattr(widget, "options") and value not in widget.options:
            value = ""
        widget.set_value(value or (None if hasattr(widget, "options") else ""))


def measure_dashboard(store: str, rounds: int, steps_file: str) -> dict:
    """The dashboard process alone: the filter sequence comes from a file the parent wrote, so this process
    holds only what the dashboard itself loads and its peak memory is the dashboard's."""
    from streamlit.testing.v1 import AppTest

    os.environ["DOSSIER_STORE"] = store
    steps = [(label, query) for label, query in json.loads(Path(steps_file).read_text(encoding="utf-8"))]
    os.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    clock = time.perf_counter()
    at.run()
    first = time.perf_counter() - clock
    if at.exception:
        return {"error": "; ".join(str(e.message) for e in at.exception)[:2000]}
    reruns: dict[str, list[float]] = {}
    searches: dict[str, list[float]] = {}
    search_pages: dict[str, list[float]] = {}
    errors: list[str] = []
    for page in PAGES:
        if not (ROOT / page).exists():
            continue
        at.switch_page(page)
        at.run()
        for _ in range(rounds):
            for _label, query in steps:
                _set_filter(at, query)
                clock = time.perf_counter()
                at.run()
                reruns.setdefault(page, []).append(time.perf_counter() - clock)
                if at.exception:
                    errors.append(f"{page}: {at.exception[0].message}"[:300])
        # Searches: a word, a phrase, a prefix, one after another (each a change of q), timed apart.
        for _ in range(rounds):
            for kind, q in _searches():
                _set_filter(at, {"q": q})
                clock = time.perf_counter()
                at.run()
                searches.setdefault(kind, []).append(time.perf_counter() - clock)
                search_pages.setdefault(page, []).append(searches[kind][-1])
                if at.exception:
                    errors.append(f"{page} search {q}: {at.exception[0].message}"[:300])
        _set_filter(at, {})
        at.run()
    peak = _peak_mb()
    edit_rerun = _edit_rerun(at, errors)
    every = [t for times in reruns.values() for t in times]
    found = [t for times in searches.values() for t in times]
    return {"edit_rerun_s": edit_rerun, "edit_peak_mb": _peak_mb(), "first_run_s": first, "median_ms": {p: 1000 * statistics.median(t) for p, t in reruns.items()},
            "max_ms": {p: 1000 * max(t) for p, t in reruns.items()},
            "median_all_ms": 1000 * statistics.median(every) if every else float("nan"),
            "reruns": len(every),
            "search_ms": {k: 1000 * statistics.median(t) for k, t in searches.items()},
            "search_page_ms": {p: 1000 * statistics.median(t) for p, t in search_pages.items()},
            "search_all_ms": 1000 * statistics.median(found) if found else float("nan"),
            "search_max_ms": 1000 * max(found) if found else float("nan"), "searches": len(found),
            "errors": errors[:5], "rss_mb": _rss_mb(), "peak_mb": peak}


def _edit_rerun(at, errors: list[str]) -> float:
    """Seconds of the Actors page's rerun after its Merge button (the 11th actor into the most mentioned), as an
    analyst clicks it: the table applied, the filter index made again, the page and its charts drawn."""
    if not (ROOT / "pages/actors.py").exists():
        return float("nan")
    at.switch_page("pages/actors.py")
    at.run()
    try:
        names = list(at.selectbox(key="edit_actor").options)
        at.selectbox(key="edit_actor").set_value(names[min(10, len(names) - 1)])
        at.run()
        at.selectbox(key="edit_into").set_value(names[0])
        at.run()
        at.button(key="edit_apply").click()
    except (KeyError, IndexError) as exc:
        errors.append(f"edit: {exc}"[:300])
        return float("nan")
    clock = time.perf_counter()
    at.run()
    if at.exception:
        errors.append(f"edit: {at.exception[0].message}"[:300])
    return time.perf_counter() - clock


def _run(what: str, store: str, rounds: int, steps_file: str = "") -> dict:
    cmd = [sys.executable, __file__, "--measure", what, "--store", store, "--rounds", str(rounds),
           "--steps", steps_file]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", help="a store to replicate (default: seeds/ analysed now)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the filter sequence per page")
    parser.add_argument("--keep", help="write the big store here and keep it (default: a temporary folder)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--steps", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        result = measure_open(args.store) if args.measure == "open" else \
            measure_dashboard(args.store, args.rounds, args.steps)
        print(json.dumps(result, default=float))
        return

    from analysis import analyze
    from analysis.store import read_frames, write_frames

    print(f"dashboard at scale; {time.strftime('%Y-%m-%d %H:%M:%S')}")
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(args.source) if args.source else Path(tmp) / "small"
        if not args.source:
            clock = time.perf_counter()
            analyze([ROOT / "seeds"], store=small)
            print(f"seeds/ analysed into a store in {time.perf_counter() - clock:.1f} s")
        frames = read_frames(small)
        clock = time.perf_counter()
        big_frames = replicate(frames, args.articles)
        big = Path(args.keep) if args.keep else Path(tmp) / "big"
        write_frames(big_frames, big)
        size = sum(f.stat().st_size for f in big.glob("*.parquet")) / 1e6
        print(f"replicated {len(frames['articles']):,} articles to {len(big_frames['articles']):,} "
              f"({len(big_frames['mentions']):,} mentions, {len(big_frames['events']):,} events, "
              f"{len(big_frames['quotes']):,} quotes, {len(big_frames['dates']):,} dates; {size:.0f} MB of Parquet) "
              f"in {time.perf_counter() - clock:.1f} s")
        from analysis.search import build_index

        built = {}
        for label, store, data in (("seeds", small, frames), ("big", big, big_frames)):
            clock = time.perf_counter()
            build_index(data, store / "search.sqlite").close()
            built[label] = {"s": time.perf_counter() - clock, "mb": (store / "search.sqlite").stat().st_size / 1e6}
        print(f"search index (search.sqlite) built in {built['big']['s']:.1f} s, {built['big']['mb']:.0f} MB "
              f"({built['seeds']['s']:.1f} s, {built['seeds']['mb']:.1f} MB for seeds/)")
        steps = {"seeds": Path(tmp) / "steps_seeds.json", "big": Path(tmp) / "steps_big.json"}
        steps["seeds"].write_text(json.dumps(_filters(frames)), encoding="utf-8")
        steps["big"].write_text(json.dumps(_filters(big_frames)), encoding="utf-8")
        del big_frames, frames
        results = {}
        for label, store in (("seeds", small), ("big", big)):
            results[label] = {"open": _run("open", str(store), args.rounds),
                              "dashboard": _run("dashboard", str(store), args.rounds, str(steps[label]))}
    report(results, args.articles, built)


def report(results: dict, articles: int, built: dict | None = None) -> None:
    small, big = results["seeds"], results["big"]
    for label, r in (("seeds", small), (f"{articles:,} articles", big)):
        o, d = r["open"], r["dashboard"]
        print(f"\n== {label}")
        if "error" in o:
            print(f"open failed: {o['error']}")
        else:
            print(f"open: read_frames {o['open_s']:.2f} s, filter index {o['index_s']:.2f} s; RSS {o['rss_mb']:.0f} MB "
                  f"(peak {o['peak_mb']:.0f} MB)")
            print("filters.apply, every frame read, median ms by filter: "
                  + ", ".join(f"{k} {v:.0f}" for k, v in o["apply_ms"].items()))
            print("  of which, median ms by frame: " + ", ".join(f"{k} {v:.0f}" for k, v in o["frame_ms"].items()))
            if o.get("search_apply_ms"):
                print("search through the index, filters.apply, every searched frame read, median ms: "
                      + ", ".join(f"{k} {v:.0f}" for k, v in o["search_apply_ms"].items()))
            print(f"network of the top {NETWORK_TOP} actors (graph, layout, figure), median ms by link: "
                  + ", ".join(f"{k} {v:.0f}" for k, v in o["network_ms"].items()))
            if o.get("edit_s"):
                print("one alias edit applied and the filter index made again, s: "
                      + ", ".join(f"{k} {v:.2f} (apply {o['edit_s'][k + '_apply']:.2f})"
                                  for k, v in o["edit_s"].items() if not k.endswith("_apply")))
        if "error" in d:
            print(f"dashboard failed: {d['error']}")
            continue
        print(f"dashboard: first run {d['first_run_s']:.1f} s; median rerun after a filter change "
              f"{d['median_all_ms']:.0f} ms over {d['reruns']} reruns; peak memory {d['peak_mb']:.0f} MB")
        for page, ms in d["median_ms"].items():
            print(f"  {page:<22} median {ms:>6.0f} ms   max {d['max_ms'][page]:>6.0f} ms")
        print(f"one alias edit (Merge on the Actors page): rerun {d.get('edit_rerun_s', float('nan')):.2f} s; peak "
              f"memory with it {d.get('edit_peak_mb', float('nan')):.0f} MB")
        print(f"search: median rerun {d['search_all_ms']:.0f} ms over {d['searches']} searches (max "
              f"{d['search_max_ms']:.0f} ms); by query: "
              + ", ".join(f"{k} {v:.0f}" for k, v in d["search_ms"].items())
              + "; by page: " + ", ".join(f"{Path(p).stem} {v:.0f}" for p, v in d["search_page_ms"].items()))
        for err in d["errors"]:
            print(f"  error: {err}")
    if "error" not in small["dashboard"] and "error" not in big["dashboard"]:
        ms, peak = big["dashboard"]["median_all_ms"], big["dashboard"]["peak_mb"]
        print(f"\nrerun median, big / seeds: {ms / small['dashboard']['median_all_ms']:.1f}x; "
              f"peak memory big / seeds: {peak / small['dashboard']['peak_mb']:.1f}x")
        print(f"target: median rerun < 300 ms -> {ms:.0f} ms {'OK' if ms < 300 else 'ABOVE TARGET'}; "
              f"peak < 2048 MB -> {peak:.0f} MB {'OK' if peak < 2048 else 'ABOVE TARGET'}")
        search_ms = big["dashboard"]["search_all_ms"]
        net = big["open"].get("network_ms", {}) if "error" not in big["open"] else {}
        print(f"target: search rerun < 150 ms -> {search_ms:.0f} ms {'OK' if search_ms < 150 else 'ABOVE TARGET'}; "
              f"network of the top {NETWORK_TOP} < 300 ms -> {net.get('articles', float('nan')):.0f} ms "
              f"{'OK' if net.get('articles', 1e9) < 300 else 'ABOVE TARGET'}")
        edits = {k: v for k, v in (big["open"].get("edit_s") or {}).items() if not k.endswith("_apply")} \
            if "error" not in big["open"] else {}
        edit_s = max(edits.values()) if edits else float("nan")
        edit_rerun = big["dashboard"].get("edit_rerun_s", float("nan"))
        print(f"target: one alias edit < 5 s -> {edit_s:.2f} s (the slowest kind, applied with the filter index), "
              f"{edit_rerun:.2f} s for the Actors page's rerun after Merge "
              f"{'OK' if max(edit_s, edit_rerun) < 5 else 'ABOVE TARGET'}")
        keys = {"articles": articles, "open_s": f"{big['open'].get('open_s', float('nan')):.2f}",
                "rerun_ms": f"{ms:.0f}", "rerun_seeds_ms": f"{small['dashboard']['median_all_ms']:.0f}",
                "peak_mb": f"{peak:.0f}", "search_ms": f"{search_ms:.0f}",
                **{f"search_{k}_ms": f"{v:.0f}" for k, v in big["dashboard"]["search_ms"].items()},
                "search_max_ms": f"{big['dashboard']['search_max_ms']:.0f}",
                "search_index_s": f"{(built or {}).get('big', {}).get('s', float('nan')):.1f}",
                "search_index_mb": f"{(built or {}).get('big', {}).get('mb', float('nan')):.0f}",
                "network_ms": f"{net.get('articles', float('nan')):.0f}",
                **{f"network_{k}_ms": f"{v:.0f}" for k, v in net.items() if k != "articles"},
                "edit_s": f"{edit_s:.2f}", **{f"edit_{k}_s": f"{v:.2f}" for k, v in edits.items()},
                "edit_rerun_s": f"{edit_rerun:.2f}", "edit_peak_mb": f"{big['dashboard'].get('edit_peak_mb', 0):.0f}"}
        print(" ".join(f"{k}={v}" for k, v in keys.items()))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
