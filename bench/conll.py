"""PER/ORG/LOC precision, recall and F1 on CoNLL-2003: Dossier's mentions beside plain spaCy NER.

Both systems read the same rebuilt text (one line per sentence, tokens joined by spaces) with the
same model; plain spaCy runs without Dossier's components. Spans are scored exactly, by character
offsets, on what CoNLL calls PER, ORG and LOC (NORP is MISC there, so demonyms are not scored).
A leading "the" is left out of both systems' spans, since CoNLL never includes it.

    python bench/conll.py                         # ../shared/eval/conll2003/valid.txt
    python bench/conll.py path/to/train.txt --limit 200
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import actors  # noqa: E402
from analysis import nlp as dossier_nlp  # noqa: E402
from analysis.pipeline import model_info  # noqa: E402
from analysis.settings import Settings  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "conll2003" / "valid.txt"
LABELS = ("PER", "ORG", "LOC")
SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
Span = tuple[int, int, int, str]  # doc index, start, end, label


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, IOB2 tag)."""
    docs: list[list[list[tuple[str, str]]]] = []
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            docs.append([])
            continue
        if not line.strip():
            if sent and docs:
                docs[-1].append(sent)
            sent = []
            continue
        parts = line.split()
        sent.append((parts[0], parts[-1]))
    if sent and docs:
        docs[-1].append(sent)
    return [d for d in docs if d]


def rebuild(doc: list[list[tuple[str, str]]], index: int) -> tuple[str, set[Span]]:
    """The text of one document and its gold spans as character offsets."""
    pieces: list[str] = []
    gold: set[Span] = set()
    offset = 0
    for sent in doc:
        current: list[int] | None = None
        label = ""
        for i, (token, tag) in enumerate(sent):
            start = offset
            end = start + len(token)
            pieces.append(token)
            offset = end
            if tag.startswith("B-") or (tag.startswith("I-") and (current is None or tag[2:] != label)):
                if current:
                    gold.add((index, current[0], current[1], label))
                current, label = [start, end], tag[2:]
            elif tag.startswith("I-") and current is not None:
                current[1] = end
            else:
                if current:
                    gold.add((index, current[0], current[1], label))
                current = None
            sep = " " if i < len(sent) - 1 else "\n"
            pieces.append(sep)
            offset += 1
        if current:
            gold.add((index, current[0], current[1], label))
    return "".join(pieces), {g for g in gold if g[3] in LABELS}


def _trim(text: str, index: int, start: int, end: int, label: str) -> Span:
    piece = text[start:end]
    for det in ("the ", "The ", "THE "):
        if piece.startswith(det) and len(piece) > len(det):
            start += len(det)
    return index, start, end, label


def spacy_spans(texts: list[str], language, *, batch_size: int = 32) -> set[Span]:
    """Plain spaCy entities, mapped to CoNLL labels."""
    found: set[Span] = set()
    for i, doc in enumerate(language.pipe(texts, batch_size=batch_size)):
        for ent in doc.ents:
            if ent.label_ in SPACY_TO_CONLL:
                found.add(_trim(texts[i], i, ent.start_char, ent.end_char, SPACY_TO_CONLL[ent.label_]))
    return found


def dossier_spans(texts: list[str], language, *, batch_size: int = 32) -> set[Span]:
    """Dossier's mentions (labels as Dossier assigns them), mapped to CoNLL labels."""
    found: set[Span] = set()
    for i, doc in enumerate(language.pipe(texts, batch_size=batch_size)):
        for row in actors.doc_mentions(doc, str(i)):
            if row["label"] in SPACY_TO_CONLL:
                found.add(_trim(texts[i], i, row["start"], row["end"], SPACY_TO_CONLL[row["label"]]))
    return found


def score(gold: set[Span], found: set[Span]) -> dict[str, tuple[float, float, float]]:
    """Exact-span precision, recall and F1 per label and overall."""
    out = {}
    for label in (*LABELS, "all"):
        g = {s for s in gold if label in ("all", s[3])}
        f = {s for s in found if label in ("all", s[3])}
        tp = len(g & f)
        p = tp / len(f) if f else 0.0
        r = tp / len(g) if g else 0.0
        out[label] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def errors(gold: set[Span], found: set[Span], texts: list[str]) -> Iterable[str]:
    """Most common misses and false alarms, for developing rules (``--errors``)."""
    miss = Counter(f"{texts[i][s:e]!r} {lab}" for i, s, e, lab in gold - found)
    fake = Counter(f"{texts[i][s:e]!r} {lab}" for i, s, e, lab in found - gold)
    yield "missed: " + ", ".join(f"{k} x{n}" for k, n in miss.most_common(60))
    yield "false:  " + ", ".join(f"{k} x{n}" for k, n in fake.most_common(60))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--model", default=Settings.from_env().spacy_model)
    parser.add_argument("--errors", action="store_true", help="print Dossier's most common errors")
    args = parser.parse_args(argv)

    docs = read_conll(args.path)[: args.limit or None]
    rebuilt = [rebuild(d, i) for i, d in enumerate(docs)]
    texts = [t for t, _ in rebuilt]
    gold = set().union(*(g for _, g in rebuilt))
    language = dossier_nlp.load_pipeline(args.model)
    tokens = sum(len(s) for d in docs for s in d)
    print(f"{args.path.name}: {len(docs)} documents, {tokens} tokens, {len(gold)} PER/ORG/LOC spans; "
          f"model {'-'.join(model_info(args.model))}")

    list(language.pipe(texts[:8]))  # warm up, so neither system pays for the first batch
    t0 = time.perf_counter()
    with language.select_pipes(disable=dossier_nlp.dossier_component_names(language)):
        plain = spacy_spans(texts, language)
    t1 = time.perf_counter()
    ours = dossier_spans(texts, language)
    t2 = time.perf_counter()

    a, b = score(gold, plain), score(gold, ours)
    print(f"{'':6}{'plain spaCy':>24}  {'Dossier':>24}")
    print(f"{'':6}{'P':>8}{'R':>8}{'F1':>8}  {'P':>8}{'R':>8}{'F1':>8}")
    for label in (*LABELS, "all"):
        print(f"{label:6}" + "".join(f"{v:8.3f}" for v in a[label]) + "  " + "".join(f"{v:8.3f}" for v in b[label]))
    print(f"time: plain spaCy {t1 - t0:.1f}s, Dossier {t2 - t1:.1f}s")
    if args.errors:
        for line in errors(gold, ours, texts):
            print(line)


if __name__ == "__main__":
    main()
