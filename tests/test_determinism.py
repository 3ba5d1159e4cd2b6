"""Two builds of the same input give identical frames: same rows, same ids, same order.

A shared link, a cached page and a downloaded CSV must all agree, so nothing may depend on
set order, dict order across processes, timing or the string-hash seed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import analyze, schema
from analysis.store import read_frames, write_frames

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for name in schema.FRAMES:
        assert_frame_equal(left[name], right[name], check_exact=True, obj=name)


def test_a_second_build_in_the_same_process_is_identical(seed_analysis) -> None:
    again = analyze([SEEDS])
    assert len(again.articles) > 1 and len(again.mentions) > 0, "the seeds give something to compare"
    _same(seed_analysis.frames(), again.frames())
    assert again.model == seed_analysis.model


@pytest.mark.slow
def test_a_build_in_another_process_with_another_hash_seed_is_identical(seed_analysis, tmp_path: Path) -> None:
    """A fresh interpreter with a different PYTHONHASHSEED catches set- and hash-order dependence."""
    here, there = tmp_path / "here", tmp_path / "there"
    write_frames(seed_analysis.frames(), here)
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "analysis", "build", str(SEEDS), "--out", str(there)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    mine, theirs = read_frames(here), read_frames(there)
    _same(mine, theirs)
    assert mine["actors"]["actor_id"].is_unique and mine["quotes"]["quote_id"].is_unique


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_frames_survive_the_store_unchanged(seed_analysis, tmp_path: Path, fmt: str) -> None:
    frames = seed_analysis.frames()
    write_frames(frames, tmp_path, fmt)
    back = read_frames(tmp_path)
    for name in schema.FRAMES:
        assert_frame_equal(schema.frame(name, frames[name]), back[name], check_exact=True, obj=f"{name}.{fmt}")
