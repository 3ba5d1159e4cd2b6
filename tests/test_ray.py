"""``--engine ray``: the same per-article analysis on Ray Data gives the same frames as the local engine."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import analyze
from analysis.engines import ray_runtime_env
from analysis.store import read_frames

from .conftest import SEED_FILE, SEEDS

if os.environ.get("CI"):
    import ray  # in CI Ray is installed (requirements-ray.txt) and this test must run
else:
    ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install -r requirements-ray.txt")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, configure_logging=False, log_to_driver=False,
             runtime_env=ray_runtime_env())
    yield
    ray.shutdown()


def test_ray_engine_writes_the_same_store_as_the_local_engine(local_ray, tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_FILE, corpus / SEED_FILE.name)
    lines = (SEEDS / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
    (corpus / "wikinews.jsonl").write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")

    on_ray = analyze([corpus], store=tmp_path / "ray", engine="ray")
    local = analyze([corpus], store=tmp_path / "local")
    assert on_ray.analysed == len(on_ray.articles) == 11
    for name, frame in local.frames().items():
        pd.testing.assert_frame_equal(on_ray.frames()[name], frame, obj=name)
        pd.testing.assert_frame_equal(read_frames(tmp_path / "ray")[name], read_frames(tmp_path / "local")[name],
                                      obj=name)
    again = analyze([corpus], store=tmp_path / "ray", engine="ray")
    assert (again.analysed, again.reused) == (0, 11)
