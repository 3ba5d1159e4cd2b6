"""``python -m analysis build``: what an analyst types, what it prints, what it leaves on disk."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.store import read_frames, read_manifest

from .conftest import ROOT, SEED_FILE, SEEDS


def build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "build", *args, "--quiet"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    lines = (SEEDS / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "wikinews.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    return folder


def test_build_writes_a_store_and_a_rebuild_reuses_it(corpus: Path, tmp_path: Path):
    out = tmp_path / "store"
    first = build(str(corpus), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "4 articles: 4 analysed (4 parsed by spaCy), 0 reused" in first.stdout
    frames = read_frames(out)
    assert len(frames["articles"]) == 4 and len(frames["mentions"]) > 0
    assert read_manifest(out)["pipeline"]["model"]
    second = build(str(corpus), "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert "0 analysed (0 parsed by spaCy), 4 reused from the store" in second.stdout


def test_csv_format_is_readable_by_the_dashboard_helper(corpus: Path, tmp_path: Path):
    out = tmp_path / "store"
    done = build(str(corpus), "--out", str(out), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert (out / "articles.csv").exists() and not (out / "articles.parquet").exists()
    assert len(read_frames(out)["articles"]) == 4


@pytest.mark.parametrize(("args", "code", "says"), [
    (["{missing}"], 1, "nothing could be read (no such file or folder)"),
    (["{corpus}", "--engine", "spark"], 2, "invalid choice: 'spark'"),
    (["{corpus}", "--out-is-file"], 2, "is a file; give a folder"),
])
def test_mistakes_exit_non_zero_with_a_reason(corpus: Path, tmp_path: Path, args: list[str], code: int, says: str):
    out = tmp_path / "store"
    if "--out-is-file" in args:
        out.write_text("not a folder")
        args = [a for a in args if a != "--out-is-file"]
    filled = [a.format(missing=tmp_path / "nowhere", corpus=corpus) for a in args]
    done = build(*filled, "--out", str(out))
    assert done.returncode == code
    assert says in done.stderr


def test_a_local_build_never_imports_ray(corpus: Path, tmp_path: Path):
    """Ray is an optional extra: the local engine, the store and the dashboard's helpers must not need it."""
    code = ("import sys; from analysis import analyze; import analysis.store, analysis.filters; "
            f"analyze([{str(corpus)!r}], store={str(tmp_path / 'store')!r}); print('ray' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"
