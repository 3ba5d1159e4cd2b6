"""Property-based tests: no generated text crashes an extractor or sends a row's offsets astray (issue 12).

The inputs and the checks live in ``tests/properties.py``. Derandomised, so every run tries the same
inputs and a failure is reproducible; ``bench/fuzz.py`` runs the same properties on many more, fresh ones.
"""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from tests import benches, properties

PURE_EXAMPLES = 1000  # a few milliseconds each
SPACY_EXAMPLES = 150  # a parse each: 10-50 ms


@pytest.mark.parametrize("prop", [p for p in properties.PROPERTIES if not p.spacy], ids=lambda p: p.name)
def test_pure_functions_never_raise_and_stay_in_bounds(prop):
    properties.runner(prop, examples=PURE_EXAMPLES)()


@pytest.mark.parametrize("prop", [p for p in properties.PROPERTIES if p.spacy], ids=lambda p: p.name)
def test_extractors_never_raise_and_every_row_points_into_its_text(nlp, prop):
    properties.runner(prop, nlp, examples=SPACY_EXAMPLES)()


def test_the_fuzz_bench_counts_every_failure_and_goes_on():
    prop = properties.Property("int", int, st.tuples(st.sampled_from(["1", "2", "x", "y"])))
    ran, failures = benches.load("fuzz").fuzz(prop, None, 50, seed=0)
    [(kind, found)] = failures.items()
    assert kind.startswith("ValueError at properties.py")
    assert sorted(text for (text,), _ in found) == ["x", "y"] and ran >= 4
