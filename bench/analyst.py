"""What an analyst gets out of a few articles: a build scored against gold sets annotated like the seed gold.

Each gold file (``tests/data/seed_gold.json``, ``tests/data/analyst_gold/*.json``) lists what a careful analyst
reads out of one article: actors with aliases and types, junk that is not an actor, events with a date window
and actors, quotes with speaker and kind. The articles are analysed together, as one corpus, and scored with
the measures of the seed tests:

- actors found: a gold actor is an actor of the article's mentions under its name or one of its aliases,
  with its type;
- junk actors: actors of the article that are none of the gold's (by name or alias), and named `not_actors`;
- events in window: a gold event is an event of the article whose sentence holds ``sentence_contains`` and
  whose dates lie in the gold window; with the right actors when the gold's actors are all among its actors;
- article-dated events: the same measure over the gold events whose ``date_source`` is ``article`` (happenings
  the sentence reports without a date), met by any event of Dossier's; and the precision of Dossier's events
  dated by the article (``date_source`` article): one is right when it is in the window of a gold event of its
  article (any ``date_source``) whose sentence it holds. The gold lists what an analyst wants, not every
  happening, so this precision is a floor;
- quotes with the right speaker: a gold quote is found when a quote of the article starts and ends (or
  contains) as the gold says, and right when its speaker and kind are the gold's. A quotation interrupted by
  its cue ('"A," he said. "B."') is one row of two pieces in Dossier and two rows in the gold: a row that
  holds the gold's words counts.

An actor Dossier names differently from the gold ("KCNA" for "Korean Central News Agency": the gold names each
actor as its article does) is the gold's actor when its name is one of the gold's aliases, or the gold's name is
one of its mentions, with the same type.

    python bench/analyst.py                       # the seed and the dev articles
    python bench/analyst.py --split held_out      # report only: never tune on these
    python bench/analyst.py --split all --details # every miss and every junk actor

The last line: ``articles=… actors=… junk=… events=… event_actors=… quotes=… speakers=… article_events=…
article_precision=…`` (``article_events`` is the recall of the gold's article-dated events, ``article_precision``
that of Dossier's article-dated events, with their counts).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from analysis.actors import name_key  # noqa: E402

SEED_GOLD = ROOT / "tests" / "data" / "seed_gold.json"
GOLD_DIR = ROOT / "tests" / "data" / "analyst_gold"
CORPORA = [ROOT / "seeds", ROOT.parent / "shared" / "corpus" / "news_cluster"]


def load_gold(split: str = "dev") -> list[dict[str, Any]]:
    """Gold files of ``split`` (dev, held_out or all); the seed's gold counts as dev."""
    golds = [{**json.loads(SEED_GOLD.read_text(encoding="utf-8")), "split": "dev"}]
    golds += [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))]
    return [g for g in golds if split == "all" or g.get("split", "dev") == split]


def article_file(name: str) -> Path:
    """The article a gold file names: its file name, or the first 12 characters of one, in a known corpus."""
    for folder in CORPORA:
        hits = sorted(folder.glob(f"{name}*")) if folder.is_dir() else []
        if hits:
            return hits[0]
    raise FileNotFoundError(f"no article {name!r} in {', '.join(map(str, CORPORA))}")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


@dataclass
class Score:
    """Counts of one measure: how many gold items, how many found (and right)."""

    gold: int = 0
    hit: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.gold += 1
        self.hit += ok
        if not ok:
            self.misses.append(what)

    @property
    def rate(self) -> float:
        return self.hit / self.gold if self.gold else 1.0


@dataclass
class Report:
    actors: Score = field(default_factory=Score)
    events: Score = field(default_factory=Score)
    event_actors: Score = field(default_factory=Score)
    quotes: Score = field(default_factory=Score)
    speakers: Score = field(default_factory=Score)
    article_events: Score = field(default_factory=Score)  # the gold's events dated by the article, found
    article_precision: Score = field(default_factory=Score)  # Dossier's events dated by the article, right
    junk: list[str] = field(default_factory=list)

    def merge(self, other: Report) -> None:
        for name in ("actors", "events", "event_actors", "quotes", "speakers", "article_events", "article_precision"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine.gold += theirs.gold
            mine.hit += theirs.hit
            mine.misses += theirs.misses
        self.junk += other.junk


def score_article(gold: dict[str, Any], frames: dict[str, pd.DataFrame], aid: str) -> Report:
    """One article's build against its gold."""
    report = Report()
    mentions = frames["mentions"][frames["mentions"]["article_id"] == aid]
    table = frames["actors"].set_index("actor")
    mine = {a: (table.loc[a, "actor_type"] if a in table.index else "") for a in set(mentions["actor"])}
    surfaces = {a: set(mentions.loc[mentions["actor"] == a, "text"]) | {a} for a in mine}
    keys = {a: {name_key(s) for s in forms} for a, forms in surfaces.items()}
    claimed: set[str] = set()
    alias_of: dict[str, str] = {}  # Dossier's name -> the gold's, for one actor named differently ("KCNA")
    for want in gold["actors"]:
        names = {name_key(s) for s in [want["actor"], *want.get("aliases", [])]}
        found = [a for a in mine if name_key(a) in names or (keys[a] & names and name_key(a) == name_key(want["actor"]))]
        found = found or [a for a in mine if name_key(a) in names or name_key(want["actor"]) in keys[a]]
        ok = any(mine[a] == want["type"] for a in found)
        alias_of.update({a: want["actor"] for a in found if mine[a] == want["type"]})
        claimed |= {a for a in mine if keys[a] & names}
        report.actors.add(ok, f"{want['actor']} ({want['type']}): found {[(a, mine[a]) for a in found] or 'nothing'}")
    not_actors = {name_key(s) for s in gold.get("not_actors", [])}
    report.junk = sorted(f"{a} [{mine[a]}]" for a in mine if a not in claimed or name_key(a) in not_actors)
    events = frames["events"][frames["events"]["article_id"] == aid]
    for want in gold["events"]:
        window = events[events["text"].map(_squash).str.contains(_squash(want["sentence_contains"]), regex=False)
                        & (events["date_start"] >= pd.Timestamp(want["date_start"]))
                        & (events["date_end"] <= pd.Timestamp(want["date_end"]))]
        what = f"{want['sentence_contains']!r} {want['date_start']}..{want['date_end']} {want['actors']}"
        in_sentence = events[events["text"].map(_squash).str.contains(_squash(want["sentence_contains"]), regex=False)]
        dated = [f"{s:%Y-%m-%d}..{e:%Y-%m-%d}" for s, e in zip(in_sentence["date_start"], in_sentence["date_end"], strict=True)]
        report.events.add(len(window) > 0, what + f": sentence dated {dated or 'nowhere'}")
        if want.get("date_source") == "article":
            report.article_events.add(len(window) > 0, what + f": sentence dated {dated or 'nowhere'}")
        if len(window):
            right = any(set(want["actors"]) <= {alias_of.get(a, a) for a in e} for e in window["actors"])
            report.event_actors.add(right, what + f": has {[list(e) for e in window['actors']]}")
    score_article_dated(gold, events, report)
    quotes = frames["quotes"][frames["quotes"]["article_id"] == aid]
    texts = quotes["quote"].map(_squash)
    for want in gold["quotes"]:
        if "quote_starts" in want:
            hit = quotes[texts.str.startswith(_squash(want["quote_starts"]))
                         & texts.str.endswith(_squash(want["quote_ends"]))]
            if hit.empty:  # the same words with the gold's end inside (a trailing mark or word)
                hit = quotes[texts.str.startswith(_squash(want["quote_starts"]))
                             & texts.str.contains(_squash(want["quote_ends"]), regex=False)]
            if hit.empty:  # '"A," he said. "B."': the gold's two rows are one row of two pieces here
                hit = quotes[texts.str.contains(_squash(want["quote_starts"]), regex=False)
                             & texts.str.contains(_squash(want["quote_ends"]), regex=False)]
            label = want["quote_starts"]
        else:
            hit = quotes[texts.str.contains(_squash(want["quote_contains"]), regex=False)]
            label = want["quote_contains"]
        report.quotes.add(len(hit) > 0, f"{label!r} ({want['speaker']})")
        right = any(alias_of.get(q.speaker, q.speaker) == want["speaker"] and q.kind == want["kind"]
                    for q in hit.itertuples())
        report.speakers.add(right, f"{label!r}: want {want['speaker']}/{want['kind']}, got "
                                   f"{[(q.speaker, q.kind) for q in hit.itertuples()] or 'no quote'}")
    return report


def score_article_dated(gold: dict[str, Any], events: pd.DataFrame, report: Report) -> None:
    """Each of Dossier's article-dated events of one article: right when it lies in a gold event's window and
    its sentence holds that event's words."""
    mine = events[events["date_source"] == "article"] if "date_source" in events else events.iloc[:0]
    for e in mine.itertuples():
        text = _squash(e.text)
        right = any(_squash(want["sentence_contains"]) in text and e.date_start >= pd.Timestamp(want["date_start"])
                    and e.date_end <= pd.Timestamp(want["date_end"]) for want in gold["events"])
        report.article_precision.add(right, f"{e.action} {list(e.actors)} {e.date_start:%Y-%m-%d}: {text[:110]!r}")


def run(golds: list[dict[str, Any]]) -> tuple[Report, list[tuple[str, Report]]]:
    """Build the gold articles as one corpus and score each."""
    from analysis import analyze

    paths = [article_file(g["article"]) for g in golds]
    result = analyze(paths)
    frames = result.frames()
    by_path = {Path(p).name: aid for aid, ps in zip(result.articles["article_id"], result.articles["paths"],
                                                    strict=True) for p in ps}
    total, rows = Report(), []
    for gold, path in zip(golds, paths, strict=True):
        report = score_article(gold, frames, by_path[path.name])
        total.merge(report)
        rows.append((gold["article"][:12], report))
    return total, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "held_out", "all"), default="dev")
    parser.add_argument("--details", action="store_true", help="print every miss and junk actor")
    args = parser.parse_args(argv)
    golds = load_gold(args.split)
    total, rows = run(golds)
    print(f"{'article':14} {'actors':>9} {'junk':>5} {'events':>9} {'ev.actors':>9} {'quotes':>9} {'speakers':>9}")
    for name, r in rows:
        print(f"{name:14} {r.actors.hit:>4}/{r.actors.gold:<4} {len(r.junk):>5} {r.events.hit:>4}/{r.events.gold:<4} "
              f"{r.event_actors.hit:>4}/{r.event_actors.gold:<4} {r.quotes.hit:>4}/{r.quotes.gold:<4} "
              f"{r.speakers.hit:>4}/{r.speakers.gold:<4}")
        if args.details:
            for measure in ("actors", "events", "event_actors", "speakers", "article_events", "article_precision"):
                for miss in getattr(r, measure).misses:
                    print(f"    miss {measure}: {miss}")
            for junk in r.junk:
                print(f"    junk: {junk}")
    print(f"articles={len(rows)} split={args.split} actors={total.actors.rate:.3f} junk={len(total.junk)} "
          f"events={total.events.rate:.3f} event_actors={total.event_actors.rate:.3f} "
          f"quotes={total.quotes.rate:.3f} speakers={total.speakers.rate:.3f} "
          f"article_events={total.article_events.rate:.3f} ({total.article_events.hit}/{total.article_events.gold}) "
          f"article_precision={total.article_precision.rate:.3f} "
          f"({total.article_precision.hit}/{total.article_precision.gold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
