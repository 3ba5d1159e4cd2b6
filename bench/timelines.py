"""Actor timelines (issue 16): for each (actor, article), Dossier's happenings dated to the right day.

The gold (``tests/data/timeline_gold/*.json``, 14 Wikinews articles of ``seeds/wikinews.jsonl``, annotated blind;
its README gives the conventions) lists, for five target actors (Airbus, Boeing, General Motors, Ford, the Dow
Jones Industrial Average), every happening each takes part in with its date. The gold articles of the split are
built as one corpus (or, with ``--corpus``, the whole ``seeds/`` folder) and scored as tuples:

- gold tuples: (actor, article, day) for each gold happening of ``day`` precision (a set: two happenings of one
  actor on one day in one article are one tuple);
- Dossier's tuples: (actor, article, day) for each event of ``day`` precision whose ``actors`` hold a Dossier actor
  that is the gold actor: its name is the gold's name or one of the gold's aliases, or the gold's name is one of
  its mentions in the article (``name_key`` spelling, the analyst.py approach); events of other actors are not
  scored;
- the baseline: every target actor that Dossier's mentions find in the article (so both read the same names),
  one happening on the article's publication day.

A tuple is right when it is a gold tuple, or when it lies in the window of a gold happening of a wider
precision of the same actor and article: a window of at most ``SHORT_WINDOW`` days (the gold's "one of two
days" ambiguities) matches any tuple; a longer window (a month, a quarter, "since 2003") or an undated
happening matches only a Dossier event whose sentence holds the happening's words (Dossier dated that very
happening to a day inside its period: more precise than the text, not wrong); the baseline has no sentence.
Precision = right tuples / tuples; recall = gold tuples found / gold tuples (window happenings are not in recall).
*Strict* counts a tuple of Dossier's right only when one of its events lies in the sentence of a gold happening
of that actor and day (or window): the tuple measure alone also credits an event that merely shares the day
("Ford said on Tuesday ..." on the day the gold has Ford's stock rising).
Dossier is also scored on its ``text``-dated and ``article``-dated events apart, and recall is split by the
gold's ``date_source``.

    python bench/timelines.py                      # dev (9 articles)
    python bench/timelines.py --split held_out     # report only: never tune on these
    python bench/timelines.py --details            # every miss and every wrong tuple, with its sentence
    python bench/timelines.py --corpus             # build the whole seeds/ folder, score the same articles

The last line: ``split=… dossier_p=… dossier_r=… dossier_f1=… baseline_p=… baseline_r=… baseline_f1=…``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pandas as pd  # noqa: E402
from analyst import _squash, name_key  # noqa: E402  (the analyst bench's spelling key and whitespace squash)

GOLD_DIR = ROOT / "tests" / "data" / "timeline_gold"
SEEDS = ROOT / "seeds"
WIKINEWS = SEEDS / "wikinews.jsonl"
SHORT_WINDOW = 4  # days: a gold window this short is an ambiguity between adjacent days, any tuple in it is right

Tuple = tuple[str, str, pd.Timestamp]  # (gold actor, gold article id, day)


def load_gold(split: str = "dev") -> list[dict[str, Any]]:
    """Gold files of ``split`` (dev, held_out or all), in a stable order."""
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))]
    return [g for g in golds if split == "all" or g["split"] == split]


def build(golds: list[dict[str, Any]], whole_corpus: bool = False) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Dossier's frames for the gold articles (alone, or within all of ``seeds/``), and gold id -> article_id."""
    from analysis import analyze, analyze_records
    from analysis.corpus import read_paths

    urls = {g["url"]: g["id"] for g in golds}
    if whole_corpus:
        result = analyze([SEEDS])
    else:
        reading = read_paths([WIKINEWS])
        records = [r for r in reading.records if r.get("url") in urls]
        result = analyze_records(records)
    frames = result.frames()
    ids = {urls[u]: aid for u, aid in zip(frames["articles"]["url"], frames["articles"]["article_id"], strict=True)
           if u in urls}
    missing = set(urls.values()) - set(ids)
    if missing:
        raise RuntimeError(f"gold articles not built: {sorted(missing)}")
    return frames, ids


def actor_map(gold: dict[str, Any], mentions: pd.DataFrame) -> dict[str, str]:
    """Dossier's actors of one article that are a gold target actor: Dossier's name -> the gold's name."""
    surfaces: dict[str, set[str]] = defaultdict(set)
    for actor, text in zip(mentions["actor"], mentions["text"], strict=True):
        if isinstance(actor, str) and actor:
            surfaces[actor] |= {name_key(actor), name_key(text)}
    out: dict[str, str] = {}
    for want in gold["actors"]:
        names = {name_key(s) for s in [want["actor"], *want.get("aliases", [])]}
        for actor, keys in surfaces.items():
            if name_key(actor) in names or name_key(want["actor"]) in keys:
                out.setdefault(actor, want["actor"])
    return out


@dataclass
class Side:
    """One system's tuples against the gold: what it claimed, what was right, what it found."""

    claimed: set[Tuple] = field(default_factory=set)
    right: set[Tuple] = field(default_factory=set)
    found: set[Tuple] = field(default_factory=set)
    gold: set[Tuple] = field(default_factory=set)

    def merge(self, other: Side) -> None:
        for name in ("claimed", "right", "found", "gold"):
            getattr(self, name).update(getattr(other, name))

    @property
    def p(self) -> float:
        return len(self.right) / len(self.claimed) if self.claimed else 0.0

    @property
    def r(self) -> float:
        return len(self.found) / len(self.gold) if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def line(self) -> str:
        return (f"P {self.p:.3f} ({len(self.right)}/{len(self.claimed)})  R {self.r:.3f} "
                f"({len(self.found)}/{len(self.gold)})  F1 {self.f1:.3f}")


@dataclass
class ArticleScore:
    gold_id: str
    title: str
    dossier: Side
    strict: Side  # Dossier's tuples right only through an event in the sentence of a gold happening of that day
    text: Side  # Dossier's text-dated events alone
    article: Side  # Dossier's article-dated events alone
    baseline: Side
    gold_by_source: dict[str, set[Tuple]]  # the gold tuples whose happening the gold dates by text / by article
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    happenings: list[tuple[str, str]] = field(default_factory=list)  # every gold happening: (status, what)
    events: list[tuple[str, str]] = field(default_factory=list)  # every (event, target actor): (status, what)


def _in_window(day: pd.Timestamp, h: dict[str, Any]) -> bool:
    return bool(h["date_start"]) and pd.Timestamp(h["date_start"]) <= day <= pd.Timestamp(h["date_end"])


def _short(h: dict[str, Any]) -> bool:
    return bool(h["date_start"]) and (pd.Timestamp(h["date_end"]) - pd.Timestamp(h["date_start"])).days < SHORT_WINDOW


def score_article(gold: dict[str, Any], frames: dict[str, pd.DataFrame], aid: str) -> ArticleScore:
    """One article's tuples, Dossier's and the baseline's, against its gold."""
    gid = gold["id"]
    mentions = frames["mentions"][frames["mentions"]["article_id"] == aid]
    events = frames["events"][frames["events"]["article_id"] == aid]
    published = frames["articles"].set_index("article_id").loc[aid, "published"]
    mine = actor_map(gold, mentions)
    day_gold = [h for h in gold["happenings"] if h["precision"] == "day"]
    wide = [h for h in gold["happenings"] if h["precision"] != "day"]
    gold_tuples = {(h["actor"], gid, pd.Timestamp(h["date_start"])) for h in day_gold}
    by_source: dict[str, set[Tuple]] = defaultdict(set)
    for h in day_gold:
        by_source[h["date_source"]].add((h["actor"], gid, pd.Timestamp(h["date_start"])))

    def judge(t: Tuple, sentences: list[str]) -> bool:
        if t in gold_tuples:
            return True
        for h in wide:
            if h["actor"] != t[0] or not _in_window(t[2], h):
                continue
            if _short(h) or any(_squash(h["sentence_contains"]) in s for s in sentences):
                return True
        return False

    claims: dict[str, dict[Tuple, list[Any]]] = {"all": defaultdict(list), "text": defaultdict(list),
                                                  "article": defaultdict(list)}
    for e in events.itertuples():
        if e.precision != "day" or pd.isna(e.date_start):
            continue
        source = e.date_source if isinstance(e.date_source, str) and e.date_source else "text"
        for target in sorted({mine[a] for a in (e.actors if e.actors is not None else []) if a in mine}):
            t = (target, gid, pd.Timestamp(e.date_start).normalize())
            claims["all"][t].append(e)
            claims.setdefault(source, defaultdict(list))[t].append(e)

    def side(claimed: dict[Tuple, list[Any]]) -> Side:
        right = {t for t, evs in claimed.items() if judge(t, [_squash(e.text) for e in evs])}
        return Side(set(claimed), right, set(claimed) & gold_tuples, set(gold_tuples))

    def supported(t: Tuple) -> bool:  # one of the tuple's events is in the sentence of a gold happening of its day
        return any(h["actor"] == t[0] and _in_window(t[2], h) and _squash(h["sentence_contains"]) in _squash(e.text)
                   for e in claims["all"][t] for h in gold["happenings"])

    base_claims = {(target, gid, pd.Timestamp(published).normalize()): [] for target in sorted(set(mine.values()))}
    baseline = side(base_claims) if not pd.isna(published) else Side(gold=set(gold_tuples))
    everything = side(claims["all"])
    strict = Side(everything.claimed, {t for t in everything.right if supported(t)},
                  {t for t in everything.found if supported(t)}, everything.gold)
    score = ArticleScore(gid, gold["title"], everything, strict, side(claims["text"]), side(claims["article"]),
                         baseline, dict(by_source))
    for t in sorted(gold_tuples - score.dossier.found):
        hs = [h for h in day_gold if (h["actor"], gid, pd.Timestamp(h["date_start"])) == t]
        for h in hs:
            said = events[events["text"].map(_squash).str.contains(_squash(h["sentence_contains"]), regex=False)]
            have = [f"{e.action}/{e.precision}/{e.date_source} {e.date_start:%Y-%m-%d} {list(e.actors)}"
                    for e in said.itertuples()] or ["no event"]
            score.misses.append(f"{t[0]} {t[2]:%Y-%m-%d} [{h['date_source']}] {h['sentence_contains']!r}: "
                                f"Dossier has {have}")
    for t in sorted(score.dossier.claimed - score.dossier.right):
        for e in claims["all"][t]:
            score.wrong.append(f"{t[0]} {t[2]:%Y-%m-%d} {e.action} [{e.date_source}, {e.date_text!r}] "
                               f"{list(e.actors)}: {_squash(e.text)[:160]!r}")
    score.happenings, score.events = happening_level(gold, events, mine)
    return score


def _describe(e: Any) -> str:
    return (f"{e.action}/{e.precision}/{e.date_source} {e.date_start:%Y-%m-%d}..{e.date_end:%Y-%m-%d} "
            f"{list(e.actors)}")


def _fits(e: Any, h: dict[str, Any]) -> bool:
    """An event's dates inside a gold happening's window (any, for an undated happening)."""
    if not h["date_start"]:
        return True
    return bool(pd.Timestamp(h["date_start"]) <= e.date_start and e.date_end <= pd.Timestamp(h["date_end"]))


def happening_level(gold: dict[str, Any], events: pd.DataFrame, mine: dict[str, str]
                    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Diagnostics at every precision: each gold happening with what Dossier has in its sentence (``found``: an
    event with its actor inside its window; ``wrong date``; ``no actor``: events, none with the actor; ``no
    event``), and each of Dossier's events of a target actor (``right``: a gold happening of that actor in its
    sentence, inside its window; ``wrong date``; ``not in gold``)."""
    texts = [_squash(t) for t in events["text"]]
    rows = list(events.itertuples())
    happenings = []
    for h in gold["happenings"]:
        here = [e for e, t in zip(rows, texts, strict=True) if _squash(h["sentence_contains"]) in t]
        mine_here = [e for e in here if h["actor"] in {mine.get(a) for a in (e.actors if e.actors is not None else [])}]
        status = ("found" if any(_fits(e, h) for e in mine_here) else "wrong date" if mine_here
                  else "no actor" if here else "no event")
        what = (f"{h['actor']} {h['precision']} {h['date_start'] or 'undated'}..{h['date_end'] or ''} "
                f"[{h['date_source']}] {h['sentence_contains']!r}: {[_describe(e) for e in here] or 'no event'}")
        happenings.append((status, what))
    judged = []
    for e, t in zip(rows, texts, strict=True):
        for target in sorted({mine[a] for a in (e.actors if e.actors is not None else []) if a in mine}):
            hs = [h for h in gold["happenings"] if h["actor"] == target and _squash(h["sentence_contains"]) in t]
            status = "right" if any(_fits(e, h) for h in hs) else "wrong date" if hs else "not in gold"
            judged.append((status, f"{target}: {_describe(e)} [{e.date_text!r}] {t[:150]!r}"))
    return happenings, judged


@dataclass
class Total:
    dossier: Side = field(default_factory=Side)
    strict: Side = field(default_factory=Side)
    text: Side = field(default_factory=Side)
    article: Side = field(default_factory=Side)
    baseline: Side = field(default_factory=Side)
    gold_by_source: dict[str, set[Tuple]] = field(default_factory=lambda: defaultdict(set))

    def add(self, s: ArticleScore) -> None:
        for name in ("dossier", "strict", "text", "article", "baseline"):
            getattr(self, name).merge(getattr(s, name))
        for source, tuples in s.gold_by_source.items():
            self.gold_by_source[source] |= tuples


def score(golds: list[dict[str, Any]], frames: dict[str, pd.DataFrame], ids: dict[str, str]
          ) -> tuple[Total, list[ArticleScore]]:
    """Every gold article of ``golds`` against a build's frames."""
    total, rows = Total(), []
    for gold in golds:
        row = score_article(gold, frames, ids[gold["id"]])
        total.add(row)
        rows.append(row)
    return total, rows


def run(split: str = "dev", whole_corpus: bool = False) -> tuple[Total, list[ArticleScore]]:
    """Build the split's gold articles and score them."""
    golds = load_gold(split)
    frames, ids = build(golds, whole_corpus)
    return score(golds, frames, ids)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "held_out", "all"), default="dev")
    parser.add_argument("--corpus", action="store_true", help="build all of seeds/, not only the gold articles")
    parser.add_argument("--details", action="store_true", help="print every miss and wrong tuple")
    args = parser.parse_args(argv)
    total, rows = run(args.split, args.corpus)
    print(f"{'article':16} {'gold':>4} {'Dossier right/claimed found':>28} {'baseline right/claimed found':>29}  title")
    for r in rows:
        d, b = r.dossier, r.baseline
        print(f"{r.gold_id:16} {len(d.gold):>4} {len(d.right):>12}/{len(d.claimed):<4} {len(d.found):>10} "
              f"{len(b.right):>13}/{len(b.claimed):<4} {len(b.found):>10}  {r.title[:60]}")
        if args.details:
            for miss in r.misses:
                print(f"    miss: {miss}")
            for wrong in r.wrong:
                print(f"    wrong: {wrong}")
            for status, what in r.happenings:
                if status != "found":
                    print(f"    happening {status}: {what}")
            for status, what in r.events:
                if status != "right":
                    print(f"    event {status}: {what}")
    print()
    print(f"split={args.split}: {len(rows)} articles, {len(total.dossier.gold)} gold (actor, article, day) tuples")
    print(f"  Dossier, all events       {total.dossier.line()}")
    print(f"  Dossier, strict           {total.strict.line()}")
    print(f"  Dossier, dated by text    {total.text.line()}")
    print(f"  Dossier, dated by article {total.article.line()}")
    for source in ("text", "article"):
        want = total.gold_by_source.get(source, set())
        print(f"  recall of the gold's {source}-dated tuples: Dossier {len(want & total.dossier.found)}/{len(want)}, "
              f"baseline {len(want & total.baseline.found)}/{len(want)}")
    print(f"  baseline (publication day) {total.baseline.line()}")
    happenings = [status for r in rows for status, _ in r.happenings]
    judged = [status for r in rows for status, _ in r.events]
    print(f"  at every precision: gold happenings met by an event with their actor inside their window "
          f"{happenings.count('found')}/{len(happenings)} (wrong date {happenings.count('wrong date')}, "
          f"no actor {happenings.count('no actor')}, no event {happenings.count('no event')}); Dossier's events "
          f"of a target actor right {judged.count('right')}/{len(judged)} (wrong date {judged.count('wrong date')}, "
          f"not in gold {judged.count('not in gold')})")
    d, b = total.dossier, total.baseline
    print(f"split={args.split} dossier_p={d.p:.3f} dossier_r={d.r:.3f} dossier_f1={d.f1:.3f} "
          f"baseline_p={b.p:.3f} baseline_r={b.r:.3f} baseline_f1={b.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
