"""Reading news files of every format: good articles kept, every bad file or record reported once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import corpus, schema
from tests.conftest import DATA, ROOT, SEED_FILE, SEEDS

BAD = DATA / "bad_inputs"
TRICKY = DATA / "tricky_inputs"

# One row per bad file or record: where it is, and what the reason must say to a person.
EXPECTED_PROBLEMS = [
    ("empty.txt", "empty file"),
    ("whitespace_only.txt", "only white space"),
    ("png_named_txt.txt", "binary content"),
    ("gzip_named_html.html", "binary content"),
    ("slides.pptx", "unsupported file type ('.pptx')"),
    ("notes.xyz", "unsupported file type ('.xyz')"),
    ("truncated.json", "ends before it is complete"),
    ("deeply_nested.json", "nested more than 64 levels"),
    ("scalar.json", "JSON number holds no article"),
    ("nav_only.html", "no article text"),
    ("export.jsonl#2", "JSON line 2: JSON ends before it is complete"),
    ("export.jsonl#3", "JSON line 3: expected an object, found list"),
    ("export.jsonl#4", "has a headline but no article text"),
    ("export.jsonl#5", "field 'text' is a dict, not text"),
    ("no_text_column.csv", "CSV has no text column (columns: title, date, url"),
    ("empty_rows.csv#5", "has a headline but no article text"),
    ("wrong_types.json", "date 'last Tuesday-ish' in field 'date' is not a date"),
    ("stray_nul.txt", "removed 1 stray NUL byte"),
    ("loop", "symbolic link loop"),
    ("dangling.txt", "broken"),
    ("huge.txt", "over the 20 MB limit"),
]
GOOD_TITLES = {"Kirby on talks", "Biden ready to meet", "Good record one", "Good record two",
               "Pyongyang hosts a Chinese delegation", "On August 31, the United States imposed sanctions on two Russian citizens."}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    """The committed bad inputs plus the kinds git cannot hold: a link loop, a dangling link, a 21 MB file."""
    folder = tmp_path_factory.mktemp("bad") / "bad_inputs"
    shutil.copytree(BAD, folder)
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (folder / "dangling.txt").symlink_to(folder / "does-not-exist.txt")
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(21 * 1024 * 1024)
    return folder


@pytest.fixture(scope="module")
def bad_reading(bad_folder) -> corpus.Reading:
    return corpus.read_paths([bad_folder])


@pytest.mark.parametrize(("where", "reason"), EXPECTED_PROBLEMS)
def test_each_bad_input_is_one_problem_with_a_reason(bad_reading, where, reason):
    rows = [p for p in bad_reading.problems if p["path"].endswith("/" + where) or p["path"].endswith("/sub/" + where)]
    assert len(rows) == 1, rows
    assert reason in rows[0]["reason"]


def test_bad_folder_has_no_other_problems_and_keeps_every_good_article(bad_reading):
    assert len(bad_reading.problems) == len(EXPECTED_PROBLEMS)
    articles, _ = corpus.articles_frame(bad_reading.records)
    assert set(articles["title"]) == GOOD_TITLES
    nul = articles.loc[articles["title"] == "Pyongyang hosts a Chinese delegation", "text"].iloc[0]
    assert "Chinese delegation in Pyongyang" in nul


@pytest.mark.slow
def test_build_over_bad_inputs_exits_zero_without_traceback(bad_folder, tmp_path):
    mixed = [str(bad_folder), str(TRICKY)]
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", *mixed, "--out", str(tmp_path / "out"),
                           "--format", "csv"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "12 articles" in proc.stdout, proc.stdout
    problems = pd.read_csv(tmp_path / "out" / "problems.csv")
    assert len(problems) >= len(EXPECTED_PROBLEMS)
    for name in schema.FRAMES:
        written = pd.read_csv(tmp_path / "out" / f"{name}.csv", nrows=0)
        assert list(schema.COLUMNS[name]) == list(written.columns)[: len(schema.COLUMNS[name])]


def test_build_with_nothing_readable_fails_with_one_line(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", str(tmp_path / "in"), "--out",
                           str(tmp_path / "out"), "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0
    assert "nothing could be read (empty file)" in proc.stderr


def _tricky() -> dict[str, dict]:
    reading = corpus.read_paths([TRICKY])
    guessed = {Path(p["path"]).name: p for p in reading.problems}
    # A file with no declared encoding that is not UTF-8 is read, with a warning that names the guess.
    assert set(guessed) == {"cp1252.txt", "latin1.md"}
    assert {p["severity"] for p in guessed.values()} == {"warning"}
    assert "read as Windows-1252" in guessed["cp1252.txt"]["reason"]
    return {Path(r["path"]).name: r for r in reading.records}


@pytest.mark.parametrize(("name", "title", "in_text"), [
    ("cp1252.txt", "Café owners protest new tax", "“unfair” and would cost them €2,000"),
    ("utf8_bom.txt", "Markets rally in Tokyo", "The Nikkei rose 2% on Monday"),
    ("utf16.txt", "Talks resume in Geneva", "Diplomats from both sides met in Geneva"),
    ("latin1.md", "Grève à Paris", "a déclaré la CGT"),
    ("article.html", "Kim meets Chinese delegation", "75th anniversary of the founding of the state"),
    ("newsapi.json", "Sanctions on two Russians", "imposed sanctions on two Russian citizens"),
])
def test_encodings_and_formats_read_cleanly(name, title, in_text):
    record = _tricky()[name]
    assert record["title"] == title
    assert in_text in record["text"]
    assert "\ufeff" not in record["title"] + record["text"]


def test_html_keeps_metadata_and_drops_boilerplate():
    page = _tricky()["article.html"]
    assert (page["source"], page["url"]) == ("Example News", "https://news.example.org/kim-china")
    assert page["published"] == pd.Timestamp("2023-09-09")
    for junk in ("Home", "Sport", "tracking", "All rights reserved"):
        assert junk not in page["text"]


def test_newsapi_wrapper_reads_nested_source_and_date():
    record = _tricky()["newsapi.json"]
    assert record["source"] == "Example Wire"
    assert record["published"] == pd.Timestamp("2023-08-31")


@pytest.mark.parametrize(("name", "content"), [
    ("a.md", "---\ntitle: Kim visits Russia\ndate: 2023-09-12\nurl: https://x.example/k\n---\n\n"
             "Kim Jong Un **arrived** in Russia's Far East by [armoured train](https://x.example/t).\n"),
    ("b.csv", "TITLE,Content,Link,Publisher,Published\nKim visits Russia,\"Kim Jong Un arrived in Russia's Far East by "
              "armoured train.\",https://x.example/k,Wire,2023-09-12\n"),
    ("c.jsonl", '{"title": "Kim visits Russia", "maintext": "Kim Jong Un arrived in Russia\'s Far East by armoured '
                'train.", "date_publish": "2023-09-12 07:00:00", "source_domain": "wire.example", "url": "https://x.example/k"}\n'),
])
def test_common_export_fields_are_recognised(tmp_path, name, content):
    (tmp_path / name).write_text(content)
    reading = corpus.read_paths([tmp_path])
    assert reading.problems == []
    (record,) = reading.records
    assert record["title"] == "Kim visits Russia"
    assert record["text"] == "Kim Jong Un arrived in Russia's Far East by armoured train."
    assert record["published"] == pd.Timestamp("2023-09-12")
    assert record["url"] == "https://x.example/k"


def test_same_article_in_two_formats_is_one_row_with_both_paths(tmp_path):
    text = "Kim Jong Un met a Chinese delegation on Friday.\nThe meeting came before a trip to Russia."
    (tmp_path / "one.txt").write_text("Kim meets delegation\n" + text)
    record = {"title": "Kim meets delegation", "text": text.replace("\n", "\n  "), "date": "2023-09-09"}
    (tmp_path / "two.jsonl").write_text(json.dumps(record) + "\n")
    articles, duplicates = corpus.articles_frame(corpus.read_paths([tmp_path]).records)
    assert len(articles) == 1 and duplicates == 1
    row = articles.iloc[0]
    assert [Path(p.split("#")[0]).name for p in row["paths"]] == ["one.txt", "two.jsonl"]
    assert row["published"] == pd.Timestamp("2023-09-09")


def test_article_id_is_stable_across_spacing_and_case():
    assert corpus.article_id("Kim met  Xi.\n\nThen he left.") == corpus.article_id("kim met xi. then he left.")
    assert corpus.article_id("Kim met Xi.") != corpus.article_id("Kim met Putin.")


def test_seeds_give_91_articles_with_every_wikinews_date(seed_analysis):
    arts = seed_analysis.articles
    assert len(arts) == 91
    wiki = arts[arts["path"].str.contains("wikinews.jsonl")]
    assert len(wiki) == 90 and wiki["published"].notna().all()
    assert not wiki["date_inferred"].any()
    assert (wiki["source"] == "Wikinews").all() and wiki["url"].str.startswith("https://en.wikinews.org/").all()
    seed = arts[arts["path"].str.endswith(SEED_FILE.name)].iloc[0]
    assert seed["title"].startswith("DPRK needs China's alignment")
    assert seed["text"].startswith("Oleksandr Kovalenko, military and political observer")


def test_every_frame_follows_the_schema(seed_analysis):
    for name, df in seed_analysis.frames().items():
        assert list(df.columns[: len(schema.COLUMNS[name])]) == list(schema.COLUMNS[name]), name


def test_shared_corpus_reads_every_article(shared):
    reading = corpus.read_paths([shared / "corpus"])
    # Every file is read; the BBC's one cp1252 file says its encoding was guessed.
    assert [(Path(p["path"]).name, p["severity"]) for p in reading.problems] == [("199.txt", "warning")]
    by_corpus: dict[str, int] = {}
    for record in reading.records:
        part = Path(record["path"].split("#")[0]).relative_to(shared / "corpus").parts[0]
        by_corpus[part] = by_corpus.get(part, 0) + 1
    assert by_corpus == {"bbc": 2225, "news_cluster": 383, "wikinews": 90}
    cp1252 = next(r for r in reading.records if r["path"].endswith(os.path.join("sport", "199.txt")))
    assert "a £15.8m signing from Parma" in cp1252["text"]


def test_seeds_folder_is_the_default_corpus():
    assert (SEEDS / "README.md").exists() and SEED_FILE.exists()


def test_soft_hyphens_are_not_part_of_the_text():
    """A name a publisher hyphenated with invisible soft hyphens ("Park Geun\u00adhye") reads as the name."""
    assert corpus.normalise_body("President Park \u00adGeun-hye met Moon.") == "President Park Geun-hye met Moon."
