"""bench/load.py stays runnable: two viewers change filters at once on one article, without an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import benches

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "000_8eed7f64ee0bb514.txt"

pytestmark = pytest.mark.browser


def _bench():
    return benches.load("load")


@pytest.mark.slow
def test_two_viewers_changing_filters_see_every_change_without_errors() -> None:
    result = _bench().run(sessions=2, changes=3, corpus=str(SEED_FILE), timeout=120, verbose=False)
    assert result["error_list"] == []
    assert result["changes_timed"] == 6, "every change (search word, actor, clear) showed in the view"


@pytest.mark.parametrize(("values", "q", "expected"), [
    ([3.0, 1.0, 2.0], 50, 2.0),
    ([float(i) for i in range(1, 101)], 95, 95.0),
    ([float(i) for i in range(1, 81)], 95, 76.0),
    ([5.0], 95, 5.0),
])
def test_percentile_is_nearest_rank(values: list[float], q: float, expected: float) -> None:
    assert _bench().percentile(values, q) == expected
