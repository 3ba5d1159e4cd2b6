"""The properties of ``tests/properties.py`` on many more generated inputs than CI tries (issue 12).

    python bench/fuzz.py                                 # 5000 inputs for each property, a fresh seed
    python bench/fuzz.py --examples 300 --seed 1         # a quick look that the same seed repeats
    python bench/fuzz.py --only normalise,resolve        # the pure functions alone (a few ms an input)

The pure properties (the date normaliser, quote regions) take a few milliseconds an input; the spaCy ones
(``doc_quotes``, ``article``: every per-article extractor) a parse each, 10-50 ms. Every failure is counted
and the run goes on; each kind of failure (exception and where it was raised) is printed once, with its
shortest input, ready for a regression test. The seed is printed so a run can be repeated. The last line is
``key=value`` pairs: ``examples=... failures=... seconds=... seed=...``; the exit status is 1 on any failure.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import properties  # noqa: E402


def where(exc: BaseException) -> str:
    """The kind of a failure: the exception type and the innermost line of Dossier's code it passed."""
    ours = [f for f in traceback.extract_tb(exc.__traceback__) if "/analysis/" in f.filename or "/tests/" in f.filename]
    name = type(exc).__name__
    return f"{name} at {Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else name


def fuzz(prop: properties.Property, nlp: Any, examples: int, seed: int) -> tuple[int, dict[str, list[tuple]]]:
    """How many inputs ``prop`` was tried on, and its failures by kind: (input, message) pairs."""
    ran = 0
    failures: dict[str, list[tuple]] = defaultdict(list)

    def record(args: tuple, exc: BaseException) -> None:
        failures[where(exc)].append((args, str(exc).split("\n")[0]))

    def check(*args: Any) -> None:
        nonlocal ran
        ran += 1
        prop.check(*args)

    counted = properties.Property(prop.name, check, prop.inputs, prop.spacy)
    properties.runner(counted, nlp, examples=examples, seed_value=seed, record=record)()
    return ran, failures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=5000, help="inputs for each property")
    ap.add_argument("--seed", type=int, default=None, help="repeat a run (default: a fresh seed, printed)")
    ap.add_argument("--only", default="", help="comma-separated property names: " +
                    ", ".join(p.name for p in properties.PROPERTIES))
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2 ** 32)
    chosen = [p for p in properties.PROPERTIES if not args.only or p.name in args.only.split(",")]
    nlp = None
    if any(p.spacy for p in chosen):
        from analysis.nlp import load_pipeline

        nlp = load_pipeline()
    total_ran = total_failed = 0
    clock = time.perf_counter()
    for prop in chosen:
        start = time.perf_counter()
        ran, failures = fuzz(prop, nlp, args.examples, seed)
        failed = sum(len(v) for v in failures.values())
        total_ran, total_failed = total_ran + ran, total_failed + failed
        print(f"{prop.name:<14} {ran:>6} examples {failed:>5} failures {time.perf_counter() - start:>7.1f} s")
        for what, found in sorted(failures.items(), key=lambda kv: -len(kv[1])):
            shortest, message = min(found, key=lambda f: len(repr(f[0])))
            print(f"  {len(found):>5} x {what}: {message[:160]}\n          shortest input: {shortest!r:.300}")
    seconds = time.perf_counter() - clock
    print(f"examples={total_ran} failures={total_failed} seconds={seconds:.1f} seed={seed}")
    sys.exit(1 if total_failed else 0)


if __name__ == "__main__":
    main()
