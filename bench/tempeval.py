"""Score ``analysis.dates`` on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT), DATE expressions only.

    python bench/tempeval.py [--split all|dev|held] [--limit N] [--errors FILE]

Each document's creation time (DCT) is used as ``published``; only the <TEXT> body is parsed.

Extraction: a gold TIMEX3 type=DATE is found when a system row overlaps it. System rows that overlap
only a gold TIME expression ("Wednesday night", "last night") count neither way: they are dates, and
TIME is not scored; a row overlapping nothing, a DURATION or a SET is a false positive.

A range row may cover several gold DATEs, as TimeML marks "between 1994 and 1997" as two TIMEX3s:
each is found, the first scored against the range's start and the last against its end.

Value: a found gold DATE is correct when the system interval, read at the granularity of the gold
value, equals it on both ends: 1998-08-07 (day), 1998-08 and 1998-08-XX (month), 1998, 1998-XX and
1998-WXX (year), 1998-W32 and 1998-W32-WE (ISO week), 1998-Q3, 1998-H1, 1998-SU/FA/WI/SP (season;
winter Y = Dec Y..Feb Y+1), 199 and 199X (decade), 19 and 19XX (century). A time suffix (T14:00, TNI)
is read as its day. PRESENT_REF is correct when the interval contains the DCT, PAST_REF when it ends
on or before it, FUTURE_REF when it starts on or after it. Durations typed DATE (P1W) cannot be matched.

The peer is spaCy's DATE entities normalised by dateparser (RELATIVE_BASE = DCT, PREFER_DATES_FROM =
past) on the same text, read the same way (dateparser's period gives day/week/month/year).

Split: "dev" is the files at even positions of the sorted list (developed on), "held" the odd ones.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import dates  # noqa: E402
from analysis.nlp import load_pipeline  # noqa: E402

TBAQ = ROOT.parent / "shared" / "eval" / "tempeval3" / "TBAQ-cleaned"
TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def read_tml(path: Path, tags: tuple[str, ...] = ("TIMEX3",)) -> tuple[date, str, list[dict]]:
    """(DCT, plain body text, TIMEX3s with character offsets into it); with ``tags``, the elements of those
    tags (``EVENT`` for ``bench/anchoring.py``), each with its ``tag``."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'<DCT><TIMEX3[^>]*value="(\d{4}-\d\d-\d\d)', raw)[1]
    body = raw[raw.index("<TEXT>") + len("<TEXT>"): raw.index("</TEXT>")]
    text, timexes, open_timex, pos = [], [], None, 0
    length = 0
    for m in TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        text.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m[2] in tags:
            if m[1]:
                open_timex["end"] = length
                timexes.append(open_timex)
            else:
                open_timex = dict(ATTR.findall(m[3]), start=length, tag=m[2])
    text.append(html.unescape(body[pos:]))
    plain = "".join(text)
    for t in timexes:
        t["text"] = plain[t["start"]:t["end"]]
    return date.fromisoformat(dct), plain, timexes


def _season_key(d: date) -> tuple[int, str]:
    for name, (a, b) in SEASONS.items():
        if a <= b and a <= d.month <= b:
            return d.year, name
    return (d.year if d.month == 12 else d.year - 1), "WI"


def value_matches(value: str, start: date, end: date, dct: date) -> bool:
    """Whether the interval [start, end] equals the TIMEX3 ``value`` at that value's granularity."""
    if value == "PRESENT_REF":
        return start <= dct <= end
    if value == "PAST_REF":
        return end <= dct
    if value == "FUTURE_REF":
        return start >= dct
    v = value.split("T")[0]
    keys: list = []
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v):
        want = date(int(m[1]), int(m[2]), int(m[3]))
        keys = [lambda d: d == want]
    elif m := re.fullmatch(r"(\d{4})-(\d\d)(?:-XX)?", v):
        keys = [lambda d: (d.year, d.month) == (int(m[1]), int(m[2]))]
    elif m := re.fullmatch(r"(\d{4})(?:-XX|-XX-XX|-WXX|-QX)?", v):
        keys = [lambda d: d.year == int(m[1])]
    elif m := re.fullmatch(r"(\d{4})-W(\d\d?)(?:-WE)?", v):
        keys = [lambda d: tuple(d.isocalendar())[:2] == (int(m[1]), int(m[2]))]
    elif m := re.fullmatch(r"(\d{4})-Q(\d)", v):
        keys = [lambda d: (d.year, (d.month - 1) // 3 + 1) == (int(m[1]), int(m[2]))]
    elif m := re.fullmatch(r"(\d{4})-H(\d)", v):
        keys = [lambda d: (d.year, 1 if d.month <= 6 else 2) == (int(m[1]), int(m[2]))]
    elif m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
        keys = [lambda d: _season_key(d) == (int(m[1]), m[2])]
    elif m := re.fullmatch(r"(\d{3})X?", v):
        keys = [lambda d: d.year // 10 == int(m[1])]
    elif m := re.fullmatch(r"(\d\d)(?:XX)?", v):
        keys = [lambda d: d.year // 100 == int(m[1])]
    return bool(keys) and all(k(start) and k(end) for k in keys)


def peer_rows(doc, dct: date, parser) -> list[dict]:
    """spaCy DATE entities normalised by dateparser, as intervals."""
    import calendar
    from datetime import timedelta

    rows = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        data = parser.get_date_data(ent.text)
        d = data.date_obj
        row = {"start": ent.start_char, "end": ent.end_char, "text": ent.text, "parsed": d is not None}
        if d is not None:
            d = d.date()
            period = data.period or "day"
            if period == "week":
                s = d - timedelta(days=d.weekday())
                row.update(date_start=s, date_end=s + timedelta(days=6))
            elif period == "month":
                row.update(date_start=d.replace(day=1), date_end=d.replace(day=calendar.monthrange(d.year, d.month)[1]))
            elif period == "year":
                row.update(date_start=date(d.year, 1, 1), date_end=date(d.year, 12, 31))
            else:
                row.update(date_start=d, date_end=d)
        rows.append(row)
    return rows


def score(docs: list[tuple[date, list[dict], list[dict]]]) -> dict[str, float]:
    """Extraction and value precision/recall/F1 over (DCT, gold timexes, system rows) per document."""
    n_gold = n_sys = found = correct = 0
    for dct, gold, rows in docs:
        dates_gold = [g for g in gold if g.get("type") == "DATE"]
        n_gold += len(dates_gold)
        used: set[int] = set()
        for g in dates_gold:
            hits = [i for i, r in enumerate(rows) if r["start"] < g["end"] and g["start"] < r["end"]]
            hit = next((i for i in hits if i not in used or rows[i].get("precision") == "range"), None)
            if hit is None:
                continue
            used.add(hit)
            found += 1
            if _value_ok(g, rows[hit], dates_gold, dct):
                correct += 1
        for i, r in enumerate(rows):
            if i in used:
                continue
            over = [g for g in gold if r["start"] < g["end"] and g["start"] < r["end"]]
            if over and all(g.get("type") == "TIME" for g in over):
                continue
            n_sys += 1
        n_sys += len(used)

    def f1(tp: int) -> tuple[float, float, float]:
        p = tp / n_sys if n_sys else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    ep, er, ef = f1(found)
    vp, vr, vf = f1(correct)
    return {"gold": n_gold, "system": n_sys, "ext_p": ep, "ext_r": er, "ext_f1": ef, "val_p": vp, "val_r": vr, "val_f1": vf}


def _value_ok(g: dict, r: dict, dates_gold: list[dict], dct: date) -> bool:
    """Whether row ``r`` has the value of gold ``g``; a range covering several TIMEX3s ("between 1994 and
    1997", which TimeML marks as two) is scored at its start for the first and at its end for the last."""
    if r.get("date_start") is None:
        return False
    start, end = _d(r["date_start"]), _d(r["date_end"])
    inside = [x for x in dates_gold if r["start"] < x["end"] and x["start"] < r["end"]]
    if r.get("precision") == "range" and len(inside) > 1:
        if g is inside[0]:
            return value_matches(g["value"], start, start, dct)
        if g is inside[-1]:
            return value_matches(g["value"], end, end, dct)
    return value_matches(g["value"], start, end, dct)


def _d(x) -> date:
    return x.date() if isinstance(x, datetime) or hasattr(x, "to_pydatetime") else x


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("all", "dev", "held"), default="all")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents of the split")
    ap.add_argument("--errors", default="", help="write value errors of the system to this file")
    ap.add_argument("--no-peer", action="store_true")
    args = ap.parse_args()

    files = sorted(TBAQ.glob("*/*.tml"))
    if args.split != "all":
        files = files[(0 if args.split == "dev" else 1)::2]
    if args.limit:
        files = files[: args.limit]
    docs = [read_tml(f) for f in files]
    nlp = load_pipeline()
    t0 = time.time()
    parsed = list(nlp.pipe((text for _, text, _ in docs), batch_size=16))
    t_parse = time.time() - t0
    ours, peer, spacy_raw, errors = [], [], [], []
    t0 = time.time()
    for f, (dct, _, gold), doc in zip(files, docs, parsed, strict=True):
        rows = dates.doc_dates(doc, f.stem, dct)
        ours.append((dct, gold, rows))
        spacy_raw.append((dct, gold, [{"start": e.start_char, "end": e.end_char} for e in doc.ents if e.label_ == "DATE"]))
        for g in gold:
            if g.get("type") != "DATE":
                continue
            r = next((r for r in rows if r["start"] < g["end"] and g["start"] < r["end"]), None)
            ok = r is not None and _value_ok(g, r, [x for x in gold if x.get("type") == "DATE"], dct)
            if not ok:
                got = f"{r['text']!r} {_d(r['date_start'])}..{_d(r['date_end'])} {r['tense']}" if r else "MISSED"
                got += "\t" + doc.char_span(g["start"], g["end"], alignment_mode="expand").sent.text.replace("\n", " ")
                errors.append(f"{f.stem}\tDCT {dct}\t{g['text']!r}\t{g['value']}\t{got}")
        for r in rows:
            over = [g for g in gold if r["start"] < g["end"] and g["start"] < r["end"]]
            if not any(g.get("type") in ("DATE", "TIME") for g in over):
                kinds = "/".join(g.get("type", "") for g in over)
                errors.append(f"{f.stem}\tDCT {dct}\tFALSE POSITIVE {kinds}\t{r['text']!r}\t{_d(r['date_start'])}..{_d(r['date_end'])}")
    t_ours = time.time() - t0
    table = [("dossier dates", score(ours)), ("spaCy DATE entities (extraction only)", score(spacy_raw))]
    if not args.no_peer:
        from dateparser.date import DateDataParser

        t0 = time.time()
        for (dct, _, gold), doc in zip(docs, parsed, strict=True):
            parser = DateDataParser(languages=["en"], settings={
                "RELATIVE_BASE": datetime(dct.year, dct.month, dct.day), "PREFER_DATES_FROM": "past"})
            peer.append((dct, gold, [r for r in peer_rows(doc, dct, parser) if r["parsed"]]))
        table.append(("spaCy DATE + dateparser", score(peer)))
        print(f"dateparser peer: {time.time() - t0:.1f}s", file=sys.stderr)
    print(f"TBAQ-cleaned, split={args.split}: {len(files)} documents; parse {t_parse:.1f}s, dossier dates {t_ours:.1f}s")
    print(f"{'system':40} {'gold':>5} {'sys':>5}  {'ext P':>6} {'ext R':>6} {'ext F1':>6}  {'val P':>6} {'val R':>6} {'val F1':>6}")
    for name, s in table:
        print(f"{name:40} {s['gold']:5d} {s['system']:5d}  {s['ext_p']:6.3f} {s['ext_r']:6.3f} {s['ext_f1']:6.3f}  "
              f"{s['val_p']:6.3f} {s['val_r']:6.3f} {s['val_f1']:6.3f}")
    if args.errors:
        Path(args.errors).write_text("\n".join(errors) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
