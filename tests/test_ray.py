"""``--engine ray``: the same per-article analysis on Ray Data gives the same frames as the local engine."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from analysis import analyze
from analysis.engines import ray_runtime_env
from analysis.store import read_frames

pytestmark = pytest.mark.slow

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


def test_ray_engine_writes_the_same_store_as_the_local_engine(local_ray, small_corpus: Path, tmp_path: Path):
    on_ray = analyze([small_corpus], store=tmp_path / "ray", engine="ray")
    local = analyze([small_corpus], store=tmp_path / "local")
    assert on_ray.analysed == len(on_ray.articles) == 11
    for name, frame in local.frames().items():
        pd.testing.assert_frame_equal(on_ray.frames()[name], frame, obj=name)
        pd.testing.assert_frame_equal(read_frames(tmp_path / "ray")[name], read_frames(tmp_path / "local")[name],
                                      obj=name)
    again = analyze([small_corpus], store=tmp_path / "ray", engine="ray")
    assert (again.analysed, again.reused) == (0, 11)
