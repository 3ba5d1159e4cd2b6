"""How well ``dates.infer_published`` recovers a known publication date from the text alone.

    python bench/published.py [--limit N]

Reads the news-please articles of ../shared/corpus/news_cluster (which carry ``date_publish``), hides the
date, infers it from title and body, and prints how often a date is inferred (coverage) and how far it falls
from the real one: exact day, within 3 days, within 31 days.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import dates  # noqa: E402
from analysis.nlp import load_pipeline  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "news_cluster"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    records = []
    for path in sorted(CORPUS.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        if d.get("date_publish") and d.get("text"):
            records.append((d.get("title") or "", d["text"], pd.Timestamp(d["date_publish"]).normalize()))
    if args.limit:
        records = records[: args.limit]
    nlp = load_pipeline()
    errors = []
    for (title, _, real), doc in zip(records, nlp.pipe((r[1] for r in records), batch_size=16), strict=True):
        got, _ = dates.infer_published(doc, title)
        errors.append(None if got is None else abs((got - real).days))
    found = [e for e in errors if e is not None]
    n = len(errors)
    print(f"news_cluster: {n} articles with a known date; inferred for {len(found)} ({len(found) / n:.0%})")
    for limit in (0, 3, 31):
        ok = sum(e <= limit for e in found)
        print(f"  within {limit:2d} days: {ok} ({ok / len(found):.0%} of inferred, {ok / n:.0%} of all)")


if __name__ == "__main__":
    main()
