"""Shared fixtures: the spaCy pipeline and the seed analysis are built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_8eed7f64ee0bb514.txt"
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared``: present in CI (where its absence fails), skipped on a bare clone."""
    if SHARED.is_dir():
        return SHARED
    if os.environ.get("CI"):
        pytest.fail("../shared is missing in CI, where tests that read it must run")
    pytest.skip("../shared is not beside this clone; these tests run in CI")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    """What a careful analyst reads out of the seed (a copy of ../shared/gold/seed.json kept as a fixture)."""
    import json

    return json.loads((DATA / "seed_gold.json").read_text(encoding="utf-8"))


def wikinews(n: int, skip: int = 0) -> str:
    """Lines ``skip`` to ``skip + n`` of ``seeds/wikinews.jsonl``: that many Wikinews articles as JSON Lines."""
    lines = (SEEDS / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[skip:skip + n]) + "\n"


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    """The seed article and ten Wikinews articles (11 articles), as files an analyst would drop in a folder.

    A fresh copy per test, in ``tmp_path / "corpus"``, so a test may add, edit or move its files.
    """
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    (folder / "wikinews.jsonl").write_text(wikinews(10), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_analysis():
    """The analysis of ``seeds/`` (the seed article and 90 Wikinews articles)."""
    from analysis import analyze

    return analyze([SEEDS])


@pytest.fixture(scope="session")
def seed_article_id(seed_analysis) -> str:
    arts = seed_analysis.articles
    return arts.loc[arts["path"].str.endswith(SEED_FILE.name), "article_id"].iloc[0]
