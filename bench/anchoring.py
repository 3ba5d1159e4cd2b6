"""Score the events Dossier dates by the article (``date_source`` article) on TempEval-3 TBAQ-cleaned.

    python bench/anchoring.py [--split dev|held|all] [--limit N] [--errors FILE]

TimeML marks every EVENT and links events to the document creation time ``t0`` (the DCT, a day) and to the
temporal expressions of the text (TLINKs). Each document's DCT is used as ``published``; only the <TEXT> body
is parsed, with Dossier's pipeline (mentions, dates, events) as in a build.

The gold day of an EVENT, decided from its links (``relType`` read from the event's side; a link written from
the other side is inverted: BEFORE <-> AFTER, INCLUDES <-> IS_INCLUDED, BEGINS <-> BEGUN_BY, ...):

- ``on`` (the publication day): a link to ``t0`` that overlaps it (IS_INCLUDED, INCLUDES, DURING, DURING_INV,
  SIMULTANEOUS, IDENTITY, BEGINS, BEGUN_BY, ENDS, ENDED_BY), or inclusion in (IS_INCLUDED, DURING,
  SIMULTANEOUS, IDENTITY) a TIMEX3 whose value is the DCT's day;
- ``day_before``: inclusion in a TIMEX3 whose value is the day before the DCT;
- ``before``: BEFORE or IBEFORE ``t0``, or inclusion in an earlier day. TimeML's ``t0`` is the moment of writing,
  not the day: 25 of the 28 events of TBAQ inside a TIMEX3 naming the DCT's own day are BEFORE ``t0``. A past
  happening of the publication day is therefore ``before`` too, and its day is unknown;
- ``after``: AFTER or IAFTER ``t0``, or inclusion in a later day;
- none: no such link (about three events in four); not scored.

An event of Dossier's is matched to the gold EVENT inside its words whose head has the event's ``action``
lemma; one with no gold EVENT, or one without a gold day, is counted apart ("unscored").

- **Right day**: the event's day is the publication day and the gold says ``on``, or it is the day before and
  the gold says ``day_before``. Precision is over Dossier's scored events; recall over the gold's ``on``
  events that no TIMEX3 of the text dates (the happenings a reader can date only by the article).
- **Consistent**: a ``before`` gold counts as right too (the happening precedes the writing, as Dossier
  says, possibly the same day); ``after`` and another known day stay wrong. This is the share of Dossier's
  article-dated events the gold does not contradict.
- **Baseline**: every gold EVENT with a day is dated on the publication day ("an article reports events of
  its own day").

Split: "dev" is the files at even positions of the sorted list (developed on), "held" the odd ones, as in
``bench/tempeval.py``, whose loader this script reads the files with.

The last line: ``docs=… split=… gold_on=… dossier_events=… dossier_p=… dossier_r=… dossier_f1=…
dossier_consistent=… baseline_p=… baseline_r=… baseline_f1=… baseline_consistent=…``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
import tempeval  # noqa: E402

from analysis import actors, dates, events  # noqa: E402
from analysis.nlp import load_pipeline  # noqa: E402

OVERLAP = {"IS_INCLUDED", "INCLUDES", "DURING", "DURING_INV", "SIMULTANEOUS", "IDENTITY", "BEGINS", "BEGUN_BY",
           "ENDS", "ENDED_BY"}
INSIDE = {"IS_INCLUDED", "DURING", "SIMULTANEOUS", "IDENTITY"}  # the event lies within the time expression
INVERSE = {"BEFORE": "AFTER", "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE", "INCLUDES": "IS_INCLUDED",
           "IS_INCLUDED": "INCLUDES", "BEGINS": "BEGUN_BY", "BEGUN_BY": "BEGINS", "ENDS": "ENDED_BY",
           "ENDED_BY": "ENDS", "DURING": "DURING_INV", "DURING_INV": "DURING"}
LINK = re.compile(r"<TLINK\b[^>]*>")
INSTANCE = re.compile(r'<MAKEINSTANCE\b[^>]*eventID="(\w+)"[^>]*eiid="(\w+)"')


def gold_days(path: Path, dct: date, timexes: list[dict]) -> tuple[dict[str, str], set[str]]:
    """Each linked EVENT id -> ``on``, ``day_before``, ``before`` or ``after`` (see the module docstring), and the
    ids of the events a TIMEX3 of the text is linked to."""
    raw = path.read_text(encoding="utf-8")
    event_of = {eiid: eid for eid, eiid in INSTANCE.findall(raw)}
    values = {t["tid"]: t.get("value", "") for t in timexes}
    to_t0: dict[str, str] = {}
    to_day: dict[str, str] = {}
    timed: set[str] = set()
    for m in LINK.finditer(raw):
        attrs = dict(tempeval.ATTR.findall(m[0]))
        rel = attrs.get("relType", "")
        if "eventInstanceID" in attrs and "relatedToTime" in attrs:
            eid, tid = event_of.get(attrs["eventInstanceID"]), attrs["relatedToTime"]
        elif "timeID" in attrs and "relatedToEventInstance" in attrs:
            eid, tid, rel = event_of.get(attrs["relatedToEventInstance"]), attrs["timeID"], INVERSE.get(rel, rel)
        else:
            continue
        if eid is None:
            continue
        if tid == "t0":
            to_t0[eid] = "on" if rel in OVERLAP else "before" if rel in ("BEFORE", "IBEFORE") else \
                "after" if rel in ("AFTER", "IAFTER") else ""
            continue
        timed.add(eid)
        day = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", values.get(tid, "").split("T")[0])
        if rel in INSIDE and day:
            d = date(int(day[1]), int(day[2]), int(day[3]))
            to_day[eid] = "on" if d == dct else "day_before" if d == dct - timedelta(days=1) else \
                "before" if d < dct else "after"
    days = {eid: kind for eid, kind in to_t0.items() if kind}
    days.update(to_day)  # a day named in the text says more than the link to the moment of writing
    return days, timed


@dataclass
class Tally:
    """Counts of one system: its scored predictions, the right and consistent ones, the gold it found."""

    predicted: int = 0
    right: int = 0
    consistent: int = 0
    found: int = 0
    unscored: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, day: date, dct: date, *, positive: bool) -> None:
        """One prediction of ``day`` for an event whose gold is ``kind`` (``positive``: in the recall set)."""
        if not kind:
            self.unscored += 1
            return
        self.predicted += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        ok = (kind == "on" and day == dct) or (kind == "day_before" and day == dct - timedelta(days=1))
        self.right += ok
        self.consistent += ok or kind == "before"
        self.found += ok and positive

    def scores(self, gold: int) -> dict[str, float]:
        p = self.right / self.predicted if self.predicted else 0.0
        r = self.found / gold if gold else 0.0
        return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                "consistent": self.consistent / self.predicted if self.predicted else 0.0}


def match(doc: Any, event: dict[str, Any], gold_events: list[dict]) -> dict | None:
    """The gold EVENT inside the event's words whose head word has the event's action as lemma."""
    for g in gold_events:
        if event["start"] <= g["start"] < event["end"]:
            span = doc.char_span(g["start"], g["end"], alignment_mode="expand")
            if span is not None and span.root.lemma_.lower() == event["action"]:
                return g
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("all", "dev", "held"), default="dev")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents of the split")
    ap.add_argument("--errors", default="", help="write Dossier's article-dated events and their gold to this file")
    args = ap.parse_args(argv)
    files = sorted(tempeval.TBAQ.glob("*/*.tml"))
    if args.split != "all":
        files = files[(0 if args.split == "dev" else 1)::2]
    if args.limit:
        files = files[: args.limit]
    docs = [tempeval.read_tml(f, tags=("TIMEX3", "EVENT")) for f in files]
    nlp = load_pipeline()
    parsed = nlp.pipe((text for _, text, _ in docs), batch_size=16)
    dossier, baseline, gold_on, lines = Tally(), Tally(), 0, []
    for f, (dct, _, spans), doc in zip(files, docs, parsed, strict=True):
        timexes = [s for s in spans if s["tag"] == "TIMEX3"]
        gold_events = [s for s in spans if s["tag"] == "EVENT"]
        days, timed = gold_days(f, dct, timexes)
        positive = {eid for eid, kind in days.items() if kind == "on" and eid not in timed}
        gold_on += len(positive)
        for g in gold_events:
            baseline.add(days.get(g["eid"], ""), dct, dct, positive=g["eid"] in positive)
        mentions = actors.doc_mentions(doc, f.stem)
        date_rows = dates.doc_dates(doc, f.stem, dct)
        for e in events.doc_events(doc, f.stem, date_rows, mentions, published=pd.Timestamp(dct)):
            if e["date_source"] != "article":
                continue
            g = match(doc, e, gold_events)
            kind = days.get(g["eid"], "") if g is not None else ""
            day = pd.Timestamp(e["date_start"]).date()
            dossier.add(kind, day, dct, positive=g is not None and g["eid"] in positive)
            lines.append(f"{f.stem}\t{dct}\t{day}\t{kind or 'unscored'}\t{e['action']}\t{e['actors']}\t"
                         f"{e['text'][:160]!r}")
    ours, base = dossier.scores(gold_on), baseline.scores(gold_on)
    print(f"TBAQ-cleaned, split={args.split}: {len(files)} documents; {gold_on} gold events on the publication "
          f"day that no date expression dates")
    print(f"{'system':44} {'scored':>6} {'unscored':>8} {'P':>6} {'R':>6} {'F1':>6} {'consistent':>10}")
    for name, tally, s in (("dossier, events dated by the article", dossier, ours),
                           ("baseline, every event on the publication day", baseline, base)):
        print(f"{name:44} {tally.predicted:6d} {tally.unscored:8d} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} "
              f"{s['consistent']:10.3f}")
    print("gold of dossier's scored events: " + ", ".join(f"{k} {v}" for k, v in sorted(dossier.kinds.items())))
    if args.errors:
        Path(args.errors).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"docs={len(files)} split={args.split} gold_on={gold_on} dossier_events={dossier.predicted + dossier.unscored} "
          f"dossier_p={ours['p']:.3f} dossier_r={ours['r']:.3f} dossier_f1={ours['f1']:.3f} "
          f"dossier_consistent={ours['consistent']:.3f} baseline_p={base['p']:.3f} baseline_r={base['r']:.3f} "
          f"baseline_f1={base['f1']:.3f} baseline_consistent={base['consistent']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
