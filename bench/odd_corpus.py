"""A folder of odd but legal texts, built end to end: every file accounted for, nothing stops the build.

Writes impossible dates, unbalanced and nested quotes, numbers only, control characters, right-to-left and
zero-width marks, emoji, CJK dates, a table of dates, an empty body, a very long article (real news run
together, 1.2 M characters by default) and an ordinary article (the seed) to a temporary folder, runs
``python -m analysis build`` on it, and prints how each file came out. The baseline, measured in the same
run, is bare spaCy parsing the long article paragraph by paragraph: the ratio says what Dossier's whole
build costs beside the parse alone.

    python bench/odd_corpus.py                    # 1.2 M characters (~1.5 min)
    python bench/odd_corpus.py --chars 300000     # a quicker look

The last line: ``files=… accounted=… errors=… warnings=… notes=… long_chars=… build_s=… spacy_s=… ratio=… peak_mb=…``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "seeds" / "000_8eed7f64ee0bb514.txt"
BBC = ROOT.parent / "shared" / "corpus" / "bbc"

ODD: dict[str, str] = {
    "impossible_dates.txt": "Results\n97 April\nThe final is on February 30 and the replay on April 31. "
                            "Officials said the 0th of Smarch 99999 works too.",
    "quotes_unbalanced.txt": "Talks stall\n\n\"He said \u201cno \u2018never\u00bb she said \" \" \" "
                             "\u00ab\u00ab nested \u201cquotes \u2018inside\u2019\u201d\u00bb said Kim.\n\n\"Open",
    "numbers_only.txt": "2023\n\n1 2 3 4 5 6 7 8 9 10 11 12 2023 2024 1999-2000 12/31/2023 31.12.2023",
    "control_chars.txt": "Odd\x07 bytes\n\nKim\x01 Jong\x1b Un met Putin\x0b on Friday\x0c, 13 September 2023.",
    "rtl_zero_width.txt": "\u202eReversed headline\n\nPutin\u200b met \u200fKim\u200d Jong Un\ufeff in "
                          "Vladivostok \u200e\u2067\u0645\u0648\u0633\u0643\u0648\u2069 on 13 September.",
    "emoji.txt": "\U0001F680 launch \U0001F1F0\U0001F1F5\n\nNorth Korea \U0001F4A5 fired a missile on Tuesday "
                 "\U0001F62E, Japan said. \"\U0001F525\U0001F525\" wrote Trump.",
    "cjk_dates.txt": "\u4f1a\u8ac7\n\n2023\u5e749\u67088\u65e5\u3001\u91d1\u6b63\u6069\u6c0f\u306f"
                     "\u30d7\u30fc\u30c1\u30f3\u6c0f\u3068\u4f1a\u8ac7\u3057\u305f\u3002 Kim met Putin on "
                     "2023\u5e749\u670813\u65e5.",
    "table_of_dates.txt": "Schedule\n\n| Date | Event |\n|---|---|\n" + "".join(
        f"| {d} September 2023 | Talks round {d} |\n" for d in range(1, 31)) + "| 31 September 2023 | none |",
    "empty_body.json": json.dumps({"title": "Only a headline", "text": ""}),
}


def long_article(chars: int) -> str:
    """Real news run together past ``chars`` characters: BBC stories when ../shared is there, else Wikinews."""
    if BBC.is_dir():
        bodies = (p.read_text(encoding="utf-8", errors="replace").strip() for p in sorted(BBC.rglob("*.txt")))
    else:
        rows = (ROOT / "seeds" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
        bodies = (json.loads(rows[i % len(rows)])["text"] for i in range(10 ** 6))
    parts, size = [], 0
    for body in bodies:
        if size > chars:
            break
        parts.append(body)
        size += len(body) + 2
    return "A very long report\n\n" + "\n\n".join(parts)


def write(folder: Path, chars: int) -> dict[str, str]:
    """The odd folder's files, written; the long article's text is returned under its name."""
    files = {**ODD, "long.txt": long_article(chars), "seed.txt": SEED.read_text(encoding="utf-8")}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return files


def spacy_baseline(text: str) -> float:
    """Seconds bare spaCy takes to parse ``text`` paragraph by paragraph."""
    import spacy

    from analysis.nlp import find_model

    nlp = spacy.load(find_model())
    clock = time.perf_counter()
    for _ in nlp.pipe(text.split("\n\n"), batch_size=64):
        pass
    return time.perf_counter() - clock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=1_200_000, help="length of the long article")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "odd", Path(tmp) / "store"
        files = write(folder, args.chars)
        clock = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "analysis", "build", str(folder), "--out", str(out), "--quiet",
                               "--format", "csv"], cwd=ROOT, capture_output=True, text=True)
        build_s = time.perf_counter() - clock
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(proc.stdout.strip() or "(no summary)")
        if proc.returncode != 0 or "Traceback" in proc.stderr:
            print(f"build failed (exit {proc.returncode}):\n{proc.stderr}")
            return 1
        articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
        problems = pd.read_csv(out / "problems.csv", dtype=str, keep_default_na=False)
        on_rows = {Path(p).name for ps in articles["paths"] for p in ps.split("|")}
        for name in files:
            rows = problems[problems["path"].map(lambda p, n=name: Path(p).name == n)]
            said = "; ".join(f"{r.severity}: {r.reason}" for r in rows.itertuples()) or "-"
            print(f"{name:24} {'article' if name in on_rows else 'no article':10} {said[:110]}")
        accounted = sum(1 for n in files if n in on_rows or n in set(problems["path"].map(lambda p: Path(p).name)))
        counts = problems["severity"].value_counts()
        spacy_s = spacy_baseline(files["long.txt"])
    print(f"files={len(files)} accounted={accounted} errors={counts.get('error', 0)} "
          f"warnings={counts.get('warning', 0)} notes={counts.get('note', 0)} long_chars={len(files['long.txt'])} "
          f"build_s={build_s:.1f} spacy_s={spacy_s:.1f} ratio={build_s / spacy_s:.2f} peak_mb={peak_mb:.0f}")
    return 0 if accounted == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())
