"""How well ``dates.infer_published`` recovers an article's date from its text alone.

    python bench/published.py [--limit N] [--errors] [--corpus NAME ...]

Reads the articles whose metadata carries a date (the Wikinews articles of ``seeds/``, the same as
../shared/corpus/wikinews, and ../shared/corpus/news_cluster), hides that date, infers one from the headline and body as a build does for an undated
article, and prints per corpus how many get a date and how far it falls from the true one: within 1 day,
within 7 days, and off by more than a year (the kind that stretches the coverage chart).

The BBC folder (../shared/corpus/bbc) has no dates in its metadata, but every story in it is from 2004 or
2005 (its README): its row counts the inferred dates outside those years as off by more than a year and
leaves the day columns empty. It is reported apart and not in the totals.

Articles with an analyst gold file in tests/data/analyst_gold are left out (four of them are held out from
development). ``--limit N`` takes N articles spread evenly over each corpus (400 by default, ~2.5 min on 2
cores; ``--limit 0`` reads all, the BBC's 2124 too, ~4.5 min); ``--errors`` lists each dated
article whose inferred date is off by more than 7 days, with the reason ``infer_published`` gives. The last
line is ``key=value`` for the dated corpora together.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import corpus, dates  # noqa: E402
from analysis.nlp import load_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
CORPORA = {"seeds": ROOT / "seeds", "news_cluster": SHARED / "news_cluster", "bbc": SHARED / "bbc"}
BBC_YEARS = (2004, 2005)
GOLD_DIR = ROOT / "tests" / "data" / "analyst_gold"


def annotated() -> set[str]:
    """The names (first 12 characters) of the articles with an analyst gold file; the files are not opened."""
    return {p.stem[:12] for p in GOLD_DIR.glob("*.json")}


def load(name: str, folder: Path, limit: int, skip: set[str]) -> list[dict[str, Any]]:
    """The distinct articles of one corpus, as a build reads them; those of a dated corpus with a date only."""
    reading = corpus.read_paths([folder])
    frame, _ = corpus.articles_frame(reading.records)
    rows = [r for r in frame.to_dict("records") if Path(r["path"]).name[:12] not in skip]
    if name != "bbc":
        rows = [r for r in rows if r["published"] is not None and not pd.isna(r["published"])]
    rows.sort(key=lambda r: r["path"])
    if limit and len(rows) > limit:
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    return rows


def score(rows: list[dict[str, Any]], got: list[tuple[pd.Timestamp | None, str]], bbc: bool) -> dict[str, Any]:
    n = len(rows)
    dated = [(r, d, why) for r, (d, why) in zip(rows, got, strict=True) if d is not None]
    out: dict[str, Any] = {"articles": n, "dated": len(dated)}
    if bbc:
        out["1d"] = out["7d"] = None
        out["year"] = sum(not BBC_YEARS[0] <= d.year <= BBC_YEARS[1] for _, d, _ in dated)
        out["wrong"] = [(r, d, why) for r, d, why in dated if not BBC_YEARS[0] <= d.year <= BBC_YEARS[1]]
        return out
    off = [(r, d, why, abs((d - pd.Timestamp(r["published"]).normalize()).days)) for r, d, why in dated]
    out["1d"] = sum(e <= 1 for *_, e in off)
    out["7d"] = sum(e <= 7 for *_, e in off)
    out["year"] = sum(e > 366 for *_, e in off)
    out["wrong"] = [(r, d, why) for r, d, why, e in off if e > 7]
    return out


def _cell(k: int | None, of: int) -> str:
    return "–" if k is None else f"{k} ({k / of:.0%})" if of else str(k)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=400, help="articles per corpus, spread evenly (0: all)")
    ap.add_argument("--errors", action="store_true", help="list the articles dated more than 7 days off")
    ap.add_argument("--corpus", nargs="*", choices=sorted(CORPORA), default=list(CORPORA))
    args = ap.parse_args()
    skip = annotated()
    nlp = load_pipeline()
    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    for name in args.corpus:
        folder = CORPORA[name]
        if not folder.exists():
            print(f"{name}: {folder} not found, skipped")
            continue
        rows = load(name, folder, args.limit, skip)
        got = [dates.infer_published(doc, r["title"])
               for r, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=16), strict=True)]
        results[name] = score(rows, got, name == "bbc")
    elapsed = time.perf_counter() - started

    print(f"{'corpus':14} {'articles':>8} {'dated':>11} {'within 1 day':>13} {'within 7 days':>13} {'off > 1 year':>13}")
    for name, r in results.items():
        of = r["dated"]
        print(f"{name:14} {r['articles']:8d} {_cell(r['dated'], r['articles']):>11} {_cell(r['1d'], of):>13} "
              f"{_cell(r['7d'], of):>13} {_cell(r['year'], of):>13}")
    known = [r for name, r in results.items() if name != "bbc"]
    total = {k: sum(r[k] for r in known) for k in ("articles", "dated", "1d", "7d", "year")}
    if known:
        of = total["dated"]
        print(f"{'dated corpora':14} {total['articles']:8d} {_cell(of, total['articles']):>11} "
              f"{_cell(total['1d'], of):>13} {_cell(total['7d'], of):>13} {_cell(total['year'], of):>13}")
    print("(percentages of articles for 'dated', of the dated ones after; bbc: outside 2004-2005 counts as off)")
    if args.errors:
        for name, r in results.items():
            for row, d, why in r["wrong"]:
                true = "2004-05" if name == "bbc" else str(pd.Timestamp(row["published"]).date())
                print(f"  {name} {Path(row['path']).name[:40]}: {d.date()} for {true}: {why}")
    bbc = results.get("bbc")
    print(f"articles={total['articles']} dated={total['dated']} within_1d={total['1d']} within_7d={total['7d']} "
          f"off_year={total['year']} bbc_dated={bbc['dated'] if bbc else 0} bbc_off_year={bbc['year'] if bbc else 0} "
          f"seconds={elapsed:.0f}")


if __name__ == "__main__":
    main()
