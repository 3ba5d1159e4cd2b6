"""The command line: ``python -m analysis build PATHS... --out DIR [--format parquet|csv] [--engine local|ray]
[--aliases FILE]``."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from analysis.settings import Settings, SettingsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Dossier: news files in, analysis frames out.")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="read articles and write every frame of SCHEMA.md",
                           description="Articles DIR already analysed (same text, same pipeline version) are reused; "
                                       "only new or changed ones go through spaCy.")
    build.add_argument("paths", nargs="+", help="files and folders to read (recursively)")
    build.add_argument("--out", required=True, help="the store: folder to write the frames to, reused on the next build")
    build.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    build.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: processes on this machine (DOSSIER_N_PROCESS, default every core); "
                            "ray: Ray Data on the cluster named by RAY_ADDRESS, else a local Ray")
    build.add_argument("--no-parse-cache", action="store_true",
                       help="keep only extracted rows in the store, not the model's parse of each text (~5 kB an "
                            "article); a change of reference data then re-parses every article")
    build.add_argument("--aliases", metavar="FILE",
                       help="your alias table (alias,canonical,type[,actor], as the Actors page downloads it); "
                            "default DOSSIER_ALIAS_FILE, else the aliases.csv saved in DIR. It is copied into DIR as "
                            "aliases.csv and named in its manifest.json")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from tqdm import tqdm

    from analysis import analyze
    from analysis.actors import read_alias_table
    from analysis.engines import EngineError
    from analysis.nlp import ModelNotFound
    from analysis.problems import error_summary, summary

    def progress(iterable, **kw):
        return tqdm(iterable, file=sys.stderr, disable=args.quiet, leave=False, **kw)

    if os.path.exists(args.out) and not os.path.isdir(args.out):
        print(f"dossier: --out {args.out} is a file; give a folder", file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env()
        aliases = _alias_file(args.aliases or settings.alias_file, args.out)
        settings = replace(settings, alias_file=aliases)
        rows = read_alias_table(aliases) if aliases else []
        result = analyze(args.paths, settings=settings, progress=progress, store=args.out, store_format=args.format,
                         engine=args.engine, keep_docs=not args.no_parse_cache)
    except (SettingsError, ModelNotFound, EngineError) as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return 2
    if rows and len(result.articles):
        _apply_aliases(result, rows, aliases, args.out, args.format)
    n = len(result.articles)
    if n == 0:
        first = result.problems["reason"].iloc[0] if len(result.problems) else "no input files found"
        print(f"dossier: nothing could be read ({first})", file=sys.stderr)
        return 1
    print(f"{n} articles: {result.analysed} analysed ({result.parsed} parsed by spaCy), "
          f"{result.reused} reused from the store; "
          f"{result.duplicates} duplicates; {summary(result.problems)}; {len(result.actors)} actors, "
          f"{len(result.events)} events, {len(result.quotes)} quotes -> {args.out}")
    errors = error_summary(result.problems)
    if errors:
        print(f"dossier: {errors}; see problems in {args.out}", file=sys.stderr)
    return 0


SAVED_ALIASES = "aliases.csv"  # the alias table kept in a store (the Actors page saves it there too)


def _alias_file(named: str, out: str) -> str:
    """The alias table a build uses: the one named, else the one saved in the store, else none."""
    if named:
        return named
    saved = Path(out) / SAVED_ALIASES
    return str(saved) if saved.is_file() else ""


def _apply_aliases(result: Any, rows: list, path: str, out: str, fmt: str) -> None:
    """The whole alias table over the built frames, as the dashboard applies it (the actor ruler used only its
    whole, typed actors); the table kept in the store and named in its manifest."""
    from analysis.actors import apply_edits
    from analysis.store import read_manifest, write_frames, write_manifest

    frames = result.frames()
    edited = apply_edits(frames, rows)
    if edited["mentions"] is not frames["mentions"]:
        for name, df in edited.items():
            setattr(result, name, df)
        write_frames(edited, out, fmt)
    kept = Path(out) / SAVED_ALIASES
    if Path(path).resolve() != kept.resolve():
        shutil.copyfile(path, kept)
    manifest = read_manifest(out)
    manifest["aliases"] = {"file": str(path), "rows": len(rows),
                           "sha1": hashlib.sha1(kept.read_bytes()).hexdigest()}
    write_manifest(out, manifest)


if __name__ == "__main__":
    sys.exit(main())
