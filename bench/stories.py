"""Stories on real reports: how many, how good against the gold, and what the grouping costs beside the build.

    python bench/stories.py [--corpus DIR] [--store DIR] [--no-peer]

Reads ``../shared/corpus/news_cluster`` (383 articles from many outlets; ``newsCluster.EventId`` labels the
real-world story of each) with the ``newsCluster`` field removed before reading (it is the gold: never an
input), builds it into an empty store (``--store DIR`` reuses a store, so a rebuild is timed instead), and
prints:

- the number of stories, the share of singleton stories, the articles marked ``duplicate_of``, the merged
  events (``event_groups`` with two reports or more) and quote groups across articles;
- B-cubed precision, recall and F1 of ``story_id`` against the gold EventId, on the whole corpus and on two
  halves of the gold stories (even EventIds, "dev", and odd ones, "held"; Dossier's settings and the peer's
  threshold were tuned on dev only), and "dev+": the dev articles with each one's precision counted against its
  whole predicted story, so a dev story merged with held-out articles costs what it costs on the whole corpus
  (a held-out article is never of a dev story; no held-out label is read);
- the peer: TF-IDF of the same texts (headline and body) clustered by scikit-learn's agglomerative clustering
  (average linkage, cosine distance), its distance threshold chosen on the dev half;
- the merged events of the Hokkaido launches (29 August and 15 September 2017): reports and outlets;
- the seconds of the grouping step (``seconds["stories"]`` of the build) beside the seconds of the whole build,
  and their ratio; then the seconds of the same step when one article is added to the built store.

With ``--corpus DIR`` (no gold) only the counts and costs are printed. The last line is ``key=value`` pairs.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import analyze  # noqa: E402

NEWS_CLUSTER = ROOT.parent / "shared" / "corpus" / "news_cluster"
LAUNCHES = ("2017-08-29", "2017-09-15")


def strip_gold(source: Path, folder: Path) -> dict[str, int]:
    """Copies of news_cluster's files without ``newsCluster`` in ``folder``; the gold EventId by file name."""
    gold = {}
    for path in sorted(source.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        label = record.pop("newsCluster", None)
        if isinstance(label, str):
            label = ast.literal_eval(label)
        if label is not None:
            gold[path.name] = int(label["EventId"])
        (folder / path.name).write_text(json.dumps(record), encoding="utf-8")
    return gold


def bcubed(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering ``pred`` against ``gold`` (one label per item)."""
    p = r = 0.0
    for i in range(len(gold)):
        same_pred, same_gold = pred == pred[i], gold == gold[i]
        both = np.count_nonzero(same_pred & same_gold)
        p += both / np.count_nonzero(same_pred)
        r += both / np.count_nonzero(same_gold)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def halves(gold: np.ndarray) -> dict[str, np.ndarray]:
    return {"all": np.ones(len(gold), dtype=bool), "dev": gold % 2 == 0, "held": gold % 2 == 1}


def in_corpus(pred: np.ndarray, gold: np.ndarray, mask: np.ndarray) -> tuple[float, float, float]:
    """B-cubed of the ``mask`` articles, each one's precision against its whole predicted story."""
    p = r = 0.0
    for i in np.flatnonzero(mask):
        same_pred, same_gold = pred == pred[i], gold == gold[i]
        both = np.count_nonzero(same_pred & same_gold)
        p += both / np.count_nonzero(same_pred)
        r += both / np.count_nonzero(same_gold & mask)
    p, r = p / np.count_nonzero(mask), r / np.count_nonzero(mask)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def scores(pred: np.ndarray, gold: np.ndarray) -> dict[str, tuple[float, float, float]]:
    out = {name: bcubed(pred[mask], gold[mask]) for name, mask in halves(gold).items()}
    out["dev+"] = in_corpus(pred, gold, halves(gold)["dev"])
    return out


def peer(articles: pd.DataFrame, gold: np.ndarray) -> tuple[float, np.ndarray]:
    """TF-IDF + agglomerative clustering, its distance threshold the best on the dev half."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = (articles["title"] + " " + articles["text"]).tolist()
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(docs).toarray()
    dev = halves(gold)["dev"]
    best = (-1.0, 0.0, np.zeros(len(gold)))
    for threshold in np.arange(0.5, 0.99, 0.02):
        labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                         distance_threshold=float(threshold)).fit_predict(x)
        f1 = bcubed(labels[dev], gold[dev])[2]
        if f1 > best[0]:
            best = (f1, float(threshold), labels)
    return best[1], best[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="a folder to build instead of news_cluster")
    parser.add_argument("--store", type=Path, default=None, help="build into (and reuse) this store")
    parser.add_argument("--no-peer", action="store_true", help="skip the agglomerative clustering peer")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stories-bench-"))
    try:
        gold_of: dict[str, int] = {}
        if args.corpus is None:
            if not NEWS_CLUSTER.is_dir():
                sys.exit(f"{NEWS_CLUSTER} is missing; pass --corpus DIR")
            corpus = work / "news_cluster"
            corpus.mkdir()
            gold_of = strip_gold(NEWS_CLUSTER, corpus)
        else:
            corpus = args.corpus
        store = args.store or work / "store"
        clock = time.perf_counter()
        result = analyze([corpus], store=store)
        build_s = time.perf_counter() - clock
        arts = result.articles
        stories_s = result.seconds.get("stories", float("nan"))
        sizes = arts["story_id"].value_counts()
        groups = result.event_groups
        quote_sizes = result.quotes.groupby("quote_group")["article_id"].nunique()
        figures = {
            "articles": len(arts), "stories": len(sizes), "singleton_share": round(float((sizes == 1).mean()), 3),
            "largest_story": int(sizes.max()) if len(sizes) else 0,
            "duplicates": int((arts["duplicate_of"] != "").sum()),
            "merged_events": int((groups["n_reports"] > 1).sum()), "events": len(result.events),
            "event_groups": len(groups), "date_disagrees": int(result.events["date_disagrees"].fillna(False).sum()),
            "quote_groups_across_articles": int((quote_sizes > 1).sum()),
        }
        print(f"{figures['articles']} articles -> {figures['stories']} stories "
              f"({figures['singleton_share']:.1%} singletons, largest {figures['largest_story']}); "
              f"{figures['duplicates']} marked duplicate_of")
        print(f"{figures['events']} event rows -> {figures['event_groups']} event groups, "
              f"{figures['merged_events']} with two reports or more; {figures['date_disagrees']} rows flagged "
              f"date_disagrees; {figures['quote_groups_across_articles']} quote groups across articles")
        if gold_of:
            gold = arts["path"].map(lambda p: gold_of[Path(p).name]).to_numpy()
            pred = pd.factorize(arts["story_id"])[0]
            print(f"gold: {len(set(gold))} stories")
            mine = scores(pred, gold)
            for name, (p, r, f1) in mine.items():
                print(f"  Dossier  {name:>4}: B-cubed P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
                figures[f"f1_{name.replace('+', 'plus')}"] = round(f1, 3)
            if not args.no_peer:
                threshold, labels = peer(arts, gold)
                for name, (p, r, f1) in scores(labels, gold).items():
                    print(f"  peer     {name:>4}: B-cubed P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  "
                          f"(TF-IDF + agglomerative, average linkage, cosine distance {threshold:.2f})")
                    figures[f"peer_f1_{name.replace('+', 'plus')}"] = round(f1, 3)
            for day in LAUNCHES:
                on_day = groups[(groups["date_start"] == pd.Timestamp(day)) & (groups["precision"] == "day")
                                & groups["actors"].map(lambda a: "North Korea" in a)]
                top = on_day.sort_values("n_reports", ascending=False).head(1)
                n, s = (int(top["n_reports"].iloc[0]), int(top["n_sources"].iloc[0])) if len(top) else (0, 0)
                reporting = arts[arts["published"].between(pd.Timestamp(day) - pd.Timedelta(days=1),
                                                           pd.Timestamp(day) + pd.Timedelta(days=2))]
                on_story = reporting["path"].map(lambda p: gold_of[Path(p).name] == 70).sum()
                print(f"  launch {day}: largest merged event {n} reports from {s} outlets "
                      f"({on_story} gold Hokkaido articles published from the day before to two days after); "
                      f"{len(on_day)} North Korea groups that day")
                figures[f"launch_{day}_reports"] = n
        print(f"build {build_s:.1f} s ({result.analysed} analysed, {result.reused} reused); grouping "
              f"{stories_s:.2f} s = {stories_s / build_s:.1%} of the build")
        figures.update(build_s=round(build_s, 2), stories_s=round(stories_s, 2),
                       ratio=round(stories_s / build_s, 3))
        # One article more: the store keeps every group and places the new one.
        latest = arts.sort_values(["published", "article_id"]).iloc[-1]
        source = Path(latest["path"])
        if args.corpus is None and source.exists():
            held = work / "held.json"
            shutil.move(source, held)
            again = work / "again"
            analyze([corpus], store=again)
            shutil.move(held, source)
            clock = time.perf_counter()
            added = analyze([corpus], store=again)
            add_s = time.perf_counter() - clock
            moved = (added.articles.set_index("article_id")["story_id"]
                     .reindex(arts["article_id"]).ne(arts["story_id"].to_numpy()).sum())
            print(f"one article added to the built store: build {add_s:.1f} s, grouping "
                  f"{added.seconds.get('stories', float('nan')):.2f} s; {moved} articles with another story id "
                  f"than the full build")
            figures.update(add_build_s=round(add_s, 2), add_stories_s=round(added.seconds.get("stories", 0.0), 2))
        print(" ".join(f"{k}={v}" for k, v in figures.items()))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
