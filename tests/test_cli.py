"""``python -m analysis build``: what an analyst types, what it prints, what it leaves on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.store import read_frames, read_manifest

from .conftest import ROOT


def build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "build", *args, "--quiet"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_build_writes_a_store_and_a_rebuild_reuses_it(small_corpus: Path, tmp_path: Path):
    out = tmp_path / "store"
    first = build(str(small_corpus), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "11 articles: 11 analysed (11 parsed by spaCy), 0 reused" in first.stdout
    frames = read_frames(out)
    assert len(frames["articles"]) == 11 and len(frames["mentions"]) > 0
    assert read_manifest(out)["pipeline"]["model"]
    second = build(str(small_corpus), "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert "0 analysed (0 parsed by spaCy), 11 reused from the store" in second.stdout


@pytest.mark.slow
def test_csv_format_is_readable_by_the_dashboard_helper(small_corpus: Path, tmp_path: Path):
    out = tmp_path / "store"
    done = build(str(small_corpus), "--out", str(out), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert (out / "articles.csv").exists() and not (out / "articles.parquet").exists()
    assert len(read_frames(out)["articles"]) == 11


@pytest.mark.parametrize(("args", "code", "says"), [
    (["{missing}"], 1, "nothing could be read (no such file or folder)"),
    (["{corpus}", "--engine", "spark"], 2, "invalid choice: 'spark'"),
    (["{corpus}", "--out-is-file"], 2, "is a file; give a folder"),
    (["{corpus}", "--aliases", "{missing}"], 2, "does not exist"),
])
def test_mistakes_exit_non_zero_with_a_reason(small_corpus: Path, tmp_path: Path, args: list[str], code: int,
                                              says: str):
    out = tmp_path / "store"
    if "--out-is-file" in args:
        out.write_text("not a folder")
        args = [a for a in args if a != "--out-is-file"]
    filled = [a.format(missing=tmp_path / "nowhere", corpus=small_corpus) for a in args]
    done = build(*filled, "--out", str(out))
    assert done.returncode == code
    assert says in done.stderr


@pytest.mark.slow
def test_a_local_build_never_imports_ray(small_corpus: Path, tmp_path: Path):
    """Ray is an optional extra: the local engine, the store and the dashboard's helpers must not need it."""
    code = ("import sys; from analysis import analyze; import analysis.store, analysis.filters; "
            f"analyze([{str(small_corpus)!r}], store={str(tmp_path / 'store')!r}); print('ray' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.slow
def test_a_build_with_an_alias_table_applies_it_keeps_it_and_names_it(small_corpus: Path, tmp_path: Path):
    out = tmp_path / "store"
    plain = build(str(small_corpus), "--out", str(out))
    assert plain.returncode == 0, plain.stderr
    before = read_frames(out)["actors"]
    top, second = before["actor"].iloc[0], before["actor"].iloc[1]
    table = tmp_path / "my_aliases.csv"
    table.write_text(f"alias,canonical,type,actor\n{second},{top},,{second}\n{top},{top} (edited),,{top}\n",
                     encoding="utf-8")
    done = build(str(small_corpus), "--out", str(out), "--aliases", str(table))
    assert done.returncode == 0, done.stderr
    after = read_frames(out)
    counts = dict(zip(after["actors"]["actor"], after["actors"]["mentions"], strict=True))
    was = dict(zip(before["actor"], before["mentions"], strict=True))
    assert top not in counts and second not in counts
    assert counts[f"{top} (edited)"] >= was[top] + was[second]
    assert (out / "aliases.csv").read_text(encoding="utf-8") == table.read_text(encoding="utf-8")
    manifest = read_manifest(out)
    assert manifest["aliases"]["file"] == str(table) and manifest["aliases"]["rows"] == 2
    assert manifest["pipeline"]["aliases"], "the pipeline version hashes the table"
    # The next build without --aliases uses the table kept in the store.
    again = build(str(small_corpus), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "(0 parsed by spaCy)" in again.stdout, "the parse is kept whatever the table"
    assert f"{top} (edited)" in set(read_frames(out)["actors"]["actor"])
