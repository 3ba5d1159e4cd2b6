"""Who said what, scored on PolNeAR: Dossier's quotes against textacy's ``direct_quotations``.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) is US political news with every attribution's source,
cue and content annotated by hand in brat standoff. A prediction matches a gold attribution when its
content overlaps the gold content by at least half of the shorter of the two; it is attributed right
when, in addition, its speaker span overlaps the gold source span (or both have none). "Direct" gold
attributions are those whose content lies (90% or more) within quote marks: recall on direct quotes
is over those, precision of a system's direct rows is against every gold attribution (PolNeAR often
folds an unquoted lead-in into a quotation's content, which makes that gold not "direct"). A prediction is
direct by the same test: a row of kind ``direct``, or a ``mixed`` one whose content is 90% in marks
(``Mateen "has not done this because he is a Muslim ..."``). Develop on ``train``, report on ``dev``:

    python bench/polnear.py --split dev
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import actors, quotes  # noqa: E402
from analysis.nlp import find_model, load_pipeline  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"
Spans = list[tuple[int, int]]


@dataclass
class Attribution:
    content: Spans
    source: Spans
    direct: bool = False


@dataclass
class Article:
    name: str
    text: str
    gold: list[Attribution]


def read_ann(path: Path) -> list[Attribution]:
    """Attributions of one brat standoff file (``T`` spans joined by ``E`` lines)."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not re.fullmatch(r"[TE]\d+", parts[0]):
            continue  # continuation lines of a span text that held a newline
        if parts[0].startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label, [(int(a), int(b)) for a, b in
                                       (piece.split() for piece in offsets.split(";"))])
        else:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""), ("", []))[1]
        if content:
            out.append(Attribution(content, spans.get(ev.get("Source", ""), ("", []))[1]))
    return out


def load_split(split: str, root: Path = POLNEAR, limit: int | None = None) -> list[Article]:
    """The articles of one split with one annotator's attributions each (the first, by file name)."""
    files: dict[str, Path] = {}
    for path in sorted((root / split / "attributions").glob("*.ann")):
        files.setdefault(re.sub(r"_[0-9a-f]{4}$", "", path.stem), path)
    articles = []
    for name, ann in sorted(files.items())[:limit]:
        text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        gold = read_ann(ann)
        inside = _quoted_chars(text)
        for a in gold:
            a.direct = in_marks(text, a.content, inside)
        articles.append(Article(name, text, gold))
    return articles


def _quoted_chars(text: str) -> set[int]:
    inside: set[int] = set()
    for r in quotes.quote_regions(text):
        inside.update(range(r.start, r.end))
    return inside


def in_marks(text: str, spans: Spans, inside: set[int]) -> bool:
    """Content that lies (90% of its letters or more) within quote marks: the definition of "direct" for
    gold and predictions alike."""
    chars = [i for s, e in spans for i in range(s, e) if not text[i].isspace()]
    return bool(chars) and sum(i in inside for i in chars) >= 0.9 * len(chars)


def _overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(a: Spans) -> int:
    return sum(e - s for s, e in a)


def matches(pred: Attribution, gold: Attribution, *, speaker: bool) -> bool:
    shorter = min(_length(pred.content), _length(gold.content))
    if shorter <= 0 or _overlap(pred.content, gold.content) < 0.5 * shorter:
        return False
    if not speaker:
        return True
    if not gold.source or not pred.source:
        return not gold.source and not pred.source
    return _overlap(pred.source, gold.source) > 0


def _one_to_one(preds: list[Attribution], golds: list[Attribution], *, speaker: bool) -> int:
    used: set[int] = set()
    for p in preds:
        for k, g in enumerate(golds):
            if k not in used and matches(p, g, speaker=speaker):
                used.add(k)
                break
    return len(used)


@dataclass
class Counts:
    tp_pred: int = 0
    tp_gold: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, preds: list[Attribution], golds: list[Attribution], *, speaker: bool,
            judged: list[Attribution] | None = None) -> None:
        """Recall over ``golds``; precision against ``judged`` (default ``golds``), one gold per prediction."""
        self.tp_pred += _one_to_one(preds, golds if judged is None else judged, speaker=speaker)
        self.tp_gold += _one_to_one(preds, golds, speaker=speaker)
        self.pred += len(preds)
        self.gold += len(golds)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp_pred / self.pred if self.pred else 0.0
        r = self.tp_gold / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def dossier_predictions(articles: list[Article]) -> list[list[Attribution]]:
    """Dossier's quote rows as attributions (speaker span at the cue), one list per article."""
    nlp = load_pipeline(os.environ.get("DOSSIER_SPACY_MODEL", ""))
    out = []
    for doc, art in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=16, n_process=1):
        inside = _quoted_chars(art.text)
        mentions = actors.doc_mentions(doc, art.name)
        # PolNeAR's text opens with the headline: it goes in as the title too, and title offsets
        # then index the text as well; a headline row the body stage already found is dropped
        title = art.text.split("\n", 1)[0]
        rows = quotes.doc_quotes(doc, art.name, mentions, title=title, nlp=nlp)
        body = [(r["start"], r["end"]) for r in rows if not r["in_title"]]
        rows = [r for r in rows if not r["in_title"] or not any(s < r["end"] and r["start"] < e for s, e in body)]
        out.append([Attribution([(r["start"], r["end"])],
                                [(r["speaker_start"], r["speaker_end"])] if r["speaker_start"] is not None else [],
                                r["kind"] == "direct" or in_marks(art.text, [(r["start"], r["end"])], inside))
                    for r in rows])
    return out


def textacy_predictions(articles: list[Article]) -> list[list[Attribution]] | None:
    """textacy's direct quotations with the plain en_core_web_sm pipeline, or None when textacy is absent."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        print("textacy is not installed: pip install -r requirements-bench.txt to score the peer", file=sys.stderr)
        return None
    import spacy

    nlp = spacy.load(find_model("en_core_web_sm"))
    out = []
    for doc, _art in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=16, n_process=1):
        preds = []
        for offset, part in _textacy_parts(doc, direct_quotations):
            for q in part:
                speaker = [(offset + min(t.idx for t in q.speaker), offset + max(t.idx + len(t) for t in q.speaker))
                           ] if q.speaker else []
                preds.append(Attribution([(offset + q.content.start_char, offset + q.content.end_char)], speaker,
                                         True))
        out.append(preds)
    return out


def _textacy_parts(doc: Any, direct_quotations: Callable[[Any], Iterable[Any]]) -> list[tuple[int, list[Any]]]:
    """textacy refuses a document with an odd number of quote marks; then it is given one paragraph at a
    time, and a paragraph it still refuses yields nothing."""
    try:
        return [(0, list(direct_quotations(doc)))]
    except ValueError:
        pass
    parts = []
    start = 0
    for k, tok in enumerate(doc):
        if "\n" in tok.text or k == len(doc) - 1:
            span = doc[start:k + 1]
            start = k + 1
            if len(span) and span.text.strip():
                try:
                    parts.append((span.start_char, list(direct_quotations(span.as_doc()))))
                except ValueError:
                    continue
    return parts


def score(articles: list[Article], predictions: list[list[Attribution]]) -> dict[str, dict[str, Counts]]:
    """Content and attribution counts for direct quotes and for all attributions."""
    result = {scope: {"content": Counts(), "attribution": Counts()} for scope in ("direct", "all")}
    for art, preds in zip(articles, predictions, strict=True):
        for scope in ("direct", "all"):
            golds = [g for g in art.gold if g.direct or scope == "all"]
            mine = [p for p in preds if p.direct or scope == "all"]
            # a direct row is right if it is any gold attribution: PolNeAR often takes the unquoted
            # lead-in into the content ("called him “a total disaster”"), which makes that gold not direct
            result[scope]["content"].add(mine, golds, speaker=False, judged=art.gold)
            result[scope]["attribution"].add(mine, golds, speaker=True, judged=art.gold)
    return result


def table(rows: Iterable[tuple[str, dict[str, dict[str, Counts]], float]]) -> str:
    head = f"{'system':<9} {'scope':<7} {'gold':>6} {'pred':>6} | {'content P':>9} {'R':>5} {'F1':>5} |" \
           f" {'attrib P':>8} {'R':>5} {'F1':>5} | {'secs':>5}"
    lines = [head, "-" * len(head)]
    for name, res, secs in rows:
        for scope in ("direct", "all"):
            c, a = res[scope]["content"], res[scope]["attribution"]
            cp, cr, cf = c.prf()
            ap, ar, af = a.prf()
            lines.append(f"{name:<9} {scope:<7} {c.gold:>6} {c.pred:>6} | {cp:>9.3f} {cr:>5.3f} {cf:>5.3f} |"
                         f" {ap:>8.3f} {ar:>5.3f} {af:>5.3f} | {secs:>5.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", help="train or dev (default dev)")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--no-peer", action="store_true", help="skip textacy")
    parser.add_argument("--root", type=Path, default=POLNEAR)
    args = parser.parse_args(argv)
    if not (args.root / args.split).is_dir():
        print(f"PolNeAR {args.split} not found under {args.root}", file=sys.stderr)
        return 2
    articles = load_split(args.split, args.root, args.limit)
    gold = sum(len(a.gold) for a in articles)
    direct = sum(g.direct for a in articles for g in a.gold)
    print(f"PolNeAR {args.split}: {len(articles)} articles, {gold} attributions, {direct} direct")
    results = []
    t0 = time.perf_counter()
    results.append(("dossier", score(articles, dossier_predictions(articles)), time.perf_counter() - t0))
    if not args.no_peer:
        t0 = time.perf_counter()
        peer = textacy_predictions(articles)
        if peer is not None:
            results.append(("textacy", score(articles, peer), time.perf_counter() - t0))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
