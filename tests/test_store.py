"""The incremental store: a rebuild analyses only what changed and gives the same frames as a fresh build."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import analyze, pipeline
from analysis.store import Cache, read_frames, read_manifest, write_frames

from .conftest import wikinews


def assert_same_frames(got: dict[str, pd.DataFrame], want: dict[str, pd.DataFrame]) -> None:
    for name, frame in want.items():
        pd.testing.assert_frame_equal(got[name], frame, obj=name)


def test_rebuild_reuses_every_article_and_gives_the_same_frames(small_corpus: Path, tmp_path: Path):
    store = tmp_path / "store"
    first = analyze([small_corpus], store=store)
    assert (first.analysed, first.reused) == (11, 0)
    second = analyze([small_corpus], store=store)
    assert (second.analysed, second.parsed, second.reused) == (0, 0, 11)
    assert_same_frames(second.frames(), first.frames())
    # The dashboard opens the store without spaCy: the frames on disk are the analysis.
    assert_same_frames(read_frames(store), first.frames())
    assert read_manifest(store)["articles"] == 11


def test_adding_one_file_analyses_only_that_file(small_corpus: Path, tmp_path: Path):
    store = tmp_path / "store"
    analyze([small_corpus], store=store)
    (small_corpus / "later.jsonl").write_text(wikinews(1, skip=10), encoding="utf-8")
    grown = analyze([small_corpus], store=store)
    assert (grown.analysed, grown.parsed, grown.reused) == (1, 1, 11)
    assert_same_frames(grown.frames(), analyze([small_corpus]).frames())


def test_removed_articles_leave_the_store(small_corpus: Path, tmp_path: Path):
    store = tmp_path / "store"
    analyze([small_corpus], store=store)
    (small_corpus / "wikinews.jsonl").write_text(wikinews(4), encoding="utf-8")
    shrunk = analyze([small_corpus], store=store)
    assert (len(shrunk.articles), shrunk.analysed, shrunk.reused) == (5, 0, 5)
    with Cache(store) as cache:
        assert len(cache.keys()) == 5
        assert len(cache.keys("docs")) == 5


def test_new_alias_data_reextracts_every_article_without_parsing_again(small_corpus: Path, tmp_path: Path, monkeypatch):
    store = tmp_path / "store"
    before = analyze([small_corpus], store=store)
    assert "Espreso Television" not in set(before.actors["actor"])
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical,type\nEspreso TV,Espreso Television,organization\n", encoding="utf-8")
    monkeypatch.setenv("DOSSIER_ALIAS_FILE", str(aliases))
    after = analyze([small_corpus], store=store)
    assert (after.analysed, after.parsed, after.reused) == (11, 0, 0)
    assert "Espreso Television" in set(after.actors["actor"])
    assert_same_frames(after.frames(), analyze([small_corpus]).frames())


def test_a_new_model_version_parses_every_article_again(small_corpus: Path, tmp_path: Path, monkeypatch):
    store = tmp_path / "store"
    analyze([small_corpus], store=store)
    name, version = pipeline.model_info()
    monkeypatch.setattr(pipeline, "model_info", lambda model="": (name, version + ".post1"))
    again = analyze([small_corpus], store=store)
    assert (again.analysed, again.parsed, again.reused) == (11, 11, 0)


def test_a_moved_file_is_reused_under_its_new_path(small_corpus: Path, tmp_path: Path):
    store = tmp_path / "store"
    analyze([small_corpus], store=store)
    moved = tmp_path / "renamed"
    small_corpus.rename(moved)
    again = analyze([moved], store=store)
    assert again.reused == 11
    assert all(p.startswith(str(moved)) for p in again.articles["path"])
    assert all(p.startswith(str(moved)) for p in again.problems["path"])


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_store_in_either_format_reads_back_as_the_analysis(seed_analysis, tmp_path: Path, fmt: str):
    write_frames(seed_analysis.frames(), tmp_path, fmt)
    back = read_frames(tmp_path)
    for name, frame in seed_analysis.frames().items():
        assert list(back[name].columns) == list(frame.columns), name
        assert len(back[name]) == len(frame), name
    assert back["events"]["actors"].map(list).tolist() == seed_analysis.events["actors"].map(list).tolist()


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_compact_read_holds_the_same_values_in_categories(seed_analysis, tmp_path: Path, fmt: str):
    """What the dashboard opens: repeated text as categories, offsets in 32 bits, lists as tuples; same cells."""
    from analysis import schema

    write_frames(seed_analysis.frames(), tmp_path, fmt)
    plain, compact = read_frames(tmp_path), read_frames(tmp_path, compact=True)
    for name, cols in schema.CATEGORIES.items():
        for col in cols:
            assert isinstance(compact[name][col].dtype, pd.CategoricalDtype), (name, col)
    assert str(compact["mentions"]["start"].dtype) == schema.COMPACT_INT
    for name, frame in plain.items():
        assert list(compact[name].columns) == list(frame.columns), name
        for col in frame.columns:
            want = [tuple(v) if isinstance(v, list) else v for v in frame[col].astype(object)]
            assert compact[name][col].astype(object).tolist() == want, (name, col)


def test_version_changes_with_reference_data_but_the_parse_key_does_not(tmp_path: Path):
    plain = pipeline.pipeline_version()
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical,type\nthe Kremlin,Russia,country\n", encoding="utf-8")
    with_aliases = pipeline.pipeline_version(alias_file=str(aliases))
    assert with_aliases["version"] != plain["version"]
    assert with_aliases["parse"] == plain["parse"]
    assert json.dumps(plain, sort_keys=True) == json.dumps(pipeline.pipeline_version(), sort_keys=True)


def test_a_pool_of_worker_processes_gives_the_same_frames_as_one_process(small_corpus: Path, tmp_path: Path):
    from analysis.engines import workers_for
    from analysis.settings import Settings

    pooled = Settings(n_process=2, batch_size=2)
    assert workers_for(11, pooled.n_process, pooled.batch_size) == 2
    in_pool = analyze([small_corpus], settings=pooled, store=tmp_path / "pool")
    alone = analyze([small_corpus], settings=Settings(n_process=1, batch_size=2))
    assert in_pool.analysed == 11
    assert_same_frames(in_pool.frames(), alone.frames())
