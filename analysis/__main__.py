"""The command line: ``python -m analysis build PATHS... --out DIR [--format parquet|csv]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from analysis.settings import Settings, SettingsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Dossier: news files in, analysis frames out.")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="read articles and write every frame of SCHEMA.md")
    build.add_argument("paths", nargs="+", help="files and folders to read (recursively)")
    build.add_argument("--out", required=True, help="folder to write the frames to")
    build.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from tqdm import tqdm

    from analysis import analyze
    from analysis.nlp import ModelNotFound
    from analysis.store import write_frames

    def progress(iterable, **kw):
        return tqdm(iterable, file=sys.stderr, disable=args.quiet, leave=False, **kw)

    try:
        settings = Settings.from_env()
        result = analyze(args.paths, settings=settings, progress=progress)
    except (SettingsError, ModelNotFound) as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return 2
    write_frames(result.frames(), args.out, args.format)
    n = len(result.articles)
    summary = (f"{n} articles, {result.duplicates} duplicates, {len(result.problems)} problems; "
               f"{len(result.actors)} actors, {len(result.events)} events, {len(result.quotes)} quotes -> {args.out}")
    if n == 0:
        first = result.problems["reason"].iloc[0] if len(result.problems) else "no input files found"
        print(f"dossier: nothing could be read ({first})", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
