"""Throughput: Dossier's full build against bare spaCy ``nlp.pipe`` with the same model, in the same run.

    python bench/throughput.py                       # ../shared/corpus/bbc (2,225 articles), 3 paired rounds
    python bench/throughput.py --limit 300 --rounds 2   # a quick look while developing

The comparison is paired, so that other jobs on a shared machine move both sides alike: each round
runs bare spaCy and the Dossier build one right after the other on the same texts, the order
alternating from round to round (spaCy first, then Dossier first, ...), and the ratio is taken within
the round. The median of the rounds' ratios is the figure; the CPU that other processes used during
each phase is printed beside it, so that a disturbed round can be seen. Each phase runs in its own
process so that its peak memory is its own:

- ``spacy``: the model as shipped, ``nlp.pipe(texts, batch_size, n_process)``, Docs consumed and dropped
  (model loading not timed);
- ``build``: ``analyze(paths, store=<empty folder>)``, everything an analyst waits for: reading the files,
  starting the workers and loading the model in them, spaCy, Dossier's ruler and extractors, the corpus
  assembly and writing the store;
- ``rebuild``: the same command again on the last round's store (nothing changed: every article reused);
- ``reextract``: the same with a new alias file (every article's rows made again from the kept parse);
- ``profile``: one process, a sample of articles, the time of each step of the per-article analysis.

Both sides use the same model, the same texts (one per distinct article), the same ``batch_size`` and
``n_process``. The target is Dossier at 0.8 or more of bare spaCy's articles/s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"


def _paths(corpus: Path, limit: int) -> list[str]:
    files = sorted(str(p) for p in corpus.rglob("*") if p.is_file() and p.suffix in {".txt", ".jsonl", ".json"})
    return files[:limit] if limit else files


def _articles(paths: list[str]):
    from analysis import corpus

    reading = corpus.read_paths(paths)
    articles, _ = corpus.articles_frame(reading.records)
    return articles


def _peak_mb() -> dict[str, float]:
    """Peak resident memory of this process (VmHWM: since its exec, not its parent's) and of its largest worker."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        own = next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mb": round(own, 1), "worker_peak_mb": round(children, 1)}


def _cpu() -> float:
    """CPU seconds of this process and its finished workers: a measure other jobs on the machine barely move."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def phase_spacy(paths: list[str], batch_size: int, n_process: int) -> dict:
    import spacy

    from analysis.nlp import find_model

    articles = _articles(paths)
    texts = articles["text"].tolist()
    nlp = spacy.load(find_model(os.environ.get("DOSSIER_SPACY_MODEL", "")))
    start, cpu = time.perf_counter(), _cpu()
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu() - cpu, "articles": len(texts), "words": int(articles["words"].sum()),
            "pipes": nlp.pipe_names, **_peak_mb()}


def phase_build(paths: list[str], store: str, alias_file: str = "") -> dict:
    # Dossier's modules (spaCy among them) are imported before the clock starts, as spaCy is for the bare run;
    # what the build itself does is timed: its workers start, import and load the model inside the clock.
    import analysis.pipeline  # noqa: F401
    from analysis import analyze
    from analysis.engines import KEPT_PARSE_COST, workers_for
    from analysis.settings import Settings

    settings = Settings.from_env()
    if alias_file:
        os.environ["DOSSIER_ALIAS_FILE"] = alias_file
        settings = Settings.from_env()
    start, cpu = time.perf_counter(), _cpu()
    result = analyze(paths, settings=settings, store=store)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu() - cpu, "articles": len(result.articles), "words": int(result.articles["words"].sum()),
            "analysed": result.analysed, "parsed": result.parsed, "reused": result.reused,
            "mentions": len(result.mentions), "quotes": len(result.quotes), "events": len(result.events),
            "steps": result.seconds, **_peak_mb(),
            "workers": workers_for(result.parsed + KEPT_PARSE_COST * (result.analysed - result.parsed),
                                   settings.n_process, settings.batch_size) if result.analysed else 0}


def phase_profile(paths: list[str], sample: int) -> dict:
    """Seconds per step of the per-article analysis, in the order the pipeline runs them."""
    import pandas as pd

    from analysis import actors, dates, events, quotes
    from analysis.engines import _dossier_components, doc_to_bytes
    from analysis.extract import extract_doc
    from analysis.nlp import load_pipeline
    from analysis.store import pack

    articles = _articles(paths).head(sample)
    nlp = load_pipeline()
    own = _dossier_components(nlp)
    steps = dict.fromkeys(["spacy model", *own, "actors.doc_mentions", "dates.candidates", "dates.infer_published",
                           "dates.doc_dates", "events.doc_events", "quotes.doc_quotes", "keep the parse (DocBin)",
                           "pack the rows"], 0.0)
    clock = time.perf_counter()
    docs = list(nlp.pipe(articles["text"].tolist(), batch_size=32, disable=own))
    steps["spacy model"] = time.perf_counter() - clock
    for doc, art in zip(docs, articles.to_dict("records"), strict=True):
        clock = time.perf_counter()
        doc_to_bytes(doc)
        steps["keep the parse (DocBin)"] += time.perf_counter() - clock
        for name in own:
            clock = time.perf_counter()
            doc = nlp.get_pipe(name)(doc)
            steps[name] += time.perf_counter() - clock
        aid = art["article_id"]

        def timed(step, fn, *args, **kw):
            clock = time.perf_counter()
            out = fn(*args, **kw)
            steps[step] += time.perf_counter() - clock
            return out

        mentions = timed("actors.doc_mentions", actors.doc_mentions, doc, aid)
        published = art.get("published")
        found = timed("dates.candidates", dates.candidates, doc)
        if published is None or pd.isna(published):
            published, _ = timed("dates.infer_published", dates.infer_published, doc, art.get("title", ""),
                                 found_in=found)
        date_rows = timed("dates.doc_dates", dates.doc_dates, doc, aid, published, found_in=found)
        timed("events.doc_events", events.doc_events, doc, aid, date_rows, mentions)
        timed("quotes.doc_quotes", quotes.doc_quotes, doc, aid, mentions, title=art.get("title", ""), nlp=nlp)
        timed("pack the rows", pack, *extract_doc(doc, art, nlp))
    return {"articles": len(articles), "steps": steps}


def _busy_cpu() -> float:
    """CPU seconds every process on the machine has used since boot (user, system, interrupts, steal)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]
    except OSError:
        return float("nan")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _run(phase: str, args: argparse.Namespace, **extra: str) -> dict:
    """One phase in a fresh process; adds what it cost in all (``cpu_all``: startup and model loading
    included) and the CPU seconds other processes used meanwhile (``others_cpu``)."""
    cmd = [sys.executable, __file__, "--phase", phase, "--corpus", str(args.corpus), "--limit", str(args.limit),
           "--sample", str(args.sample)]
    for key, value in extra.items():
        cmd += [f"--{key.replace('_', '-')}", value]
    before, busy, clock = _children_cpu(), _busy_cpu(), time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall, own, busy = time.perf_counter() - clock, _children_cpu() - before, _busy_cpu() - busy
    if done.returncode != 0:
        sys.exit(f"phase {phase} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(cpu_all=own, others_cpu=max(0.0, busy - own), others_share=max(0.0, busy - own) / (wall * _ncpu()))
    return result


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def _ncpu() -> int:
    return os.cpu_count() or 1


def paired_rounds(args: argparse.Namespace, store_of: Callable[[int], str]) -> list[tuple[dict, dict]]:
    """``args.rounds`` pairs of (bare spaCy, Dossier build), each pair run back to back, the order alternating."""
    pairs = []
    for i in range(args.rounds):
        if i % 2 == 0:
            bare = _run("spacy", args)
            build = _run("build", args, store=store_of(i))
        else:
            build = _run("build", args, store=store_of(i))
            bare = _run("spacy", args)
        first = "spaCy" if i % 2 == 0 else "Dossier"
        print(f"  round {i + 1} ({first} first): bare {bare['seconds']:.1f} s, Dossier {build['seconds']:.1f} s, "
              f"ratio {bare['seconds'] / build['seconds']:.2f} (CPU {bare['cpu'] / build['cpu']:.2f}); other jobs "
              f"used {100 * bare['others_share']:.0f}% / {100 * build['others_share']:.0f}% of the machine",
              flush=True)
        pairs.append((bare, build))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    parser.add_argument("--rounds", type=int, default=3, help="paired rounds of bare spaCy and Dossier (median taken)")
    parser.add_argument("--sample", type=int, default=150, help="articles in the per-step profile (0: skip it)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--alias-file", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus} (../shared is beside the clone in CI; or pass --corpus)")
    if args.rounds < 1:
        sys.exit("--rounds must be 1 or more")
    paths = _paths(args.corpus, args.limit)

    from analysis.engines import cores
    from analysis.settings import Settings

    settings = Settings.from_env()
    n_process = settings.n_process or cores()
    if args.phase == "spacy":
        print(json.dumps(phase_spacy(paths, settings.batch_size, n_process)))
        return
    if args.phase == "build":
        print(json.dumps(phase_build(paths, args.store, args.alias_file)))
        return
    if args.phase == "profile":
        print(json.dumps(phase_profile(paths, args.sample)))
        return

    print(f"corpus: {args.corpus} ({len(paths)} files); n_process={n_process}, batch_size={settings.batch_size}; "
          f"{args.rounds} paired round(s); {_ncpu()} cores; {time.strftime('%Y-%m-%d %H:%M:%S')}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        aliases = Path(tmp) / "aliases.csv"
        aliases.write_text("alias,canonical,type\nthe Beeb,BBC,organization\n", encoding="utf-8")
        pairs = paired_rounds(args, lambda i: str(Path(tmp) / f"store{i}"))
        store = str(Path(tmp) / f"store{args.rounds - 1}")  # the last round's: a full store of the corpus
        rebuild = _run("build", args, store=store)
        reextract = _run("build", args, store=store, alias_file=str(aliases))
    profile = _run("profile", args) if args.sample else None
    report(pairs, rebuild, reextract, profile)


def report(pairs: list[tuple[dict, dict]], rebuild: dict, reextract: dict, profile: dict | None) -> None:
    def rate(r: dict) -> tuple[float, float]:
        return r["articles"] / r["seconds"], r["words"] / r["seconds"]

    print(f"\n{'run':<34}{'seconds':>9}{'CPU s':>8}{'articles/s':>12}{'words/s':>10}{'peak MB':>9}{'worker MB':>10}"
          f"{'others':>8}")
    rows = [(f"bare spaCy nlp.pipe, round {i + 1}", bare) for i, (bare, _) in enumerate(pairs)]
    rows += [(f"Dossier build (empty), round {i + 1}", build) for i, (_, build) in enumerate(pairs)]
    rows += [("Dossier rebuild (nothing changed)", rebuild), ("Dossier rebuild (new alias file)", reextract)]
    for label, r in rows:
        a, w = rate(r)
        print(f"{label:<34}{r['seconds']:>9.1f}{r['cpu']:>8.0f}{a:>12.1f}{w:>10.0f}{r['peak_mb']:>9.0f}"
              f"{r['worker_peak_mb']:>10.0f}{100 * r['others_share']:>7.0f}%")
    wall = [rate(build)[0] / rate(bare)[0] for bare, build in pairs]
    cpu = [(bare["cpu"] / bare["articles"]) / (build["cpu"] / build["articles"]) for bare, build in pairs]
    pooled = (sum(b["articles"] for _, b in pairs) / sum(b["seconds"] for _, b in pairs)) / \
        (sum(b["articles"] for b, _ in pairs) / sum(b["seconds"] for b, _ in pairs))
    ratio = statistics.median(wall)
    print(f"\nDossier / bare spaCy, articles/s, median of {len(pairs)} paired round(s) (wall clock): {ratio:.2f}  "
          f"(target >= 0.80) {'OK' if ratio >= 0.8 else 'BELOW TARGET'}")
    print(f"  each round: {', '.join(f'{r:.2f}' for r in wall)}; all rounds pooled: {pooled:.2f}")
    print(f"Dossier / bare spaCy, articles per CPU second, median: {statistics.median(cpu):.2f} "
          f"(each round: {', '.join(f'{r:.2f}' for r in cpu)})")
    build = pairs[-1][1]
    print(f"where the last build's time went (s): {', '.join(f'{k} {v:.1f}' for k, v in build['steps'].items())}; "
          f"{build['workers']} worker process(es); load average at the end {os.getloadavg()[0]:.1f} on {_ncpu()} cores")
    print(f"rebuild, nothing changed: {build['seconds'] / rebuild['seconds']:.0f}x faster than the first build "
          f"({rebuild['reused']} reused, {rebuild['analysed']} analysed)")
    print(f"rebuild after new alias data: {reextract['analysed']} re-extracted, {reextract['parsed']} re-parsed; "
          f"{build['seconds'] / reextract['seconds']:.1f}x faster than the first build")
    print(f"bare spaCy components: {', '.join(pairs[-1][0]['pipes'])}")
    if profile:
        total = sum(profile["steps"].values())
        print(f"\nper-article steps, one process, {profile['articles']} articles (share of the per-article time):")
        for step, seconds in sorted(profile["steps"].items(), key=lambda kv: -kv[1]):
            print(f"  {step:<26}{seconds:>8.2f} s {100 * seconds / total:>6.1f}%")


if __name__ == "__main__":
    main()
