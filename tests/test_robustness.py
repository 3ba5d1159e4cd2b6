"""One odd article costs only itself: failing steps, failing model, dying workers, long texts, shared bodies."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import analyze, corpus, engines, long_texts, quotes
from analysis.problems import error_summary, summary
from analysis.settings import Settings
from tests import benches, crashy_worker
from tests.conftest import ROOT, SEED_FILE

SEED = SEED_FILE.read_text(encoding="utf-8")
OTHER = ("Markets rally in Tokyo\n\nThe Nikkei rose 2% on Monday after the Bank of Japan said it would keep rates low. "
         "\"We see no reason to change course,\" Governor Kazuo Ueda told reporters on Friday.")
IN_PROCESS = Settings(n_process=1)


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _rows_of(result, path_end: str) -> dict[str, int]:
    aid = result.articles.loc[result.articles["path"].str.endswith(path_end), "article_id"].iloc[0]
    return {name: int((result.frames()[name]["article_id"] == aid).sum())
            for name in ("mentions", "events", "quotes", "dates")}


# ---------------------------------------------------------------- one step fails on one article


def test_an_extractor_that_raises_costs_only_its_rows_of_that_article(tmp_path, monkeypatch):
    folder = _write(tmp_path / "in", {"seed.txt": SEED, "tokyo.txt": OTHER})
    real = quotes.doc_quotes

    def fails_on_tokyo(doc, aid, mentions, **kw):
        if "Nikkei" in doc.text:
            raise ValueError("min() arg is an empty sequence")
        return real(doc, aid, mentions, **kw)

    monkeypatch.setattr(quotes, "doc_quotes", fails_on_tokyo)
    result = analyze([folder], settings=IN_PROCESS)
    assert len(result.articles) == 2, "the article keeps its row"
    tokyo = _rows_of(result, "tokyo.txt")
    assert tokyo["quotes"] == 0 and tokyo["mentions"] >= 2, tokyo
    assert _rows_of(result, "seed.txt")["quotes"] > 5, "the other article's quotes are all there"
    assert set(result.problems["severity"]) == {"error", "note"}, "the undated articles are notes: nothing lost"
    (problem,) = result.problems[result.problems["severity"] == "error"].to_dict("records")
    assert problem["path"].endswith("tokyo.txt") and problem["severity"] == "error"
    assert problem["reason"] == "quotes not extracted: ValueError: min() arg is an empty sequence (please report)"
    assert problem["article_id"] in set(result.articles["article_id"])


class _Fragile:
    """A pipeline that fails on any batch or text holding 'Nikkei', as spaCy would on a text it cannot take."""

    def __init__(self, nlp):
        self._nlp = nlp

    def __getattr__(self, name):
        return getattr(self._nlp, name)

    def pipe(self, texts, **kw):
        texts = list(texts)
        if any("Nikkei" in (t[0] if isinstance(t, tuple) else t) for t in texts):
            raise RuntimeError("[E000] the model failed")
        return self._nlp.pipe(texts, **kw)

    def __call__(self, text, **kw):
        if "Nikkei" in text:
            raise RuntimeError("[E000] the model failed")
        return self._nlp(text, **kw)


def test_a_text_the_model_fails_on_costs_only_that_article_of_its_batch():
    analyser = engines.ArticleAnalyser(batch_size=8, keep_docs=False)
    analyser.nlp = _Fragile(analyser.nlp)
    records = [engines.record({"article_id": f"a{i}", "text": text, "path": f"{i}.txt"}, f"k{i}")
               for i, text in enumerate([SEED, OTHER, "Kim Jong Un met Vladimir Putin in Vladivostok."])]
    from analysis.store import unpack

    rows = {aid: unpack(payload)[0] for _, aid, payload, _ in analyser.analyse(records)}
    assert set(rows) == {"a0", "a1", "a2"}, "every article has a result"
    assert rows["a1"]["problems"][0]["reason"].startswith("not analysed: the language model failed: RuntimeError")
    assert not rows["a1"].get("mentions")
    assert len(rows["a0"]["quotes"]) > 5 and rows["a2"]["mentions"], "the rest of the batch is analysed"


# ---------------------------------------------------------------- workers that die


def _recs(texts: list[str]) -> list[dict]:
    return [{"key": f"k{i}", "article_id": f"a{i}", "text": t, "path": f"{i}.txt"} for i, t in enumerate(texts)]


def test_a_worker_that_dies_costs_only_the_article_that_kills_it():
    texts = [f"article {i}" for i in range(9)]
    texts[4] = "CRASH"
    recs = _recs(texts)
    chunks = [recs[i:i + 3] for i in range(0, 9, 3)]
    out = list(engines.pooled(chunks, 2, initargs=(), initializer=crashy_worker.no_model, work=crashy_worker.work))
    by_id = {aid: (payload, kept) for _, aid, payload, kept in out}
    assert sorted(by_id) == [f"a{i}" for i in range(9)], "every article has exactly one result"
    assert all(by_id[f"a{i}"][0] == b"ok" for i in range(9) if i != 4), "its chunk-mates were retried and analysed"
    from analysis.store import unpack

    (problem,) = unpack(by_id["a4"][0])[0]["problems"]
    assert problem["reason"].startswith("not analysed: its worker process died") and problem["path"] == "4.txt"
    assert by_id["a4"][1] == engines.RETRY, "not cached: the next build tries it again"


def test_workers_that_cannot_start_leave_the_work_to_this_process():
    recs = _recs(["one", "two", "three"])

    def here(rest):
        return ((r["key"], r["article_id"], b"here", None) for r in rest)

    out = list(engines.pooled([recs[:2], recs[2:]], 2, initargs=(), initializer=crashy_worker.cannot_start,
                              work=crashy_worker.work, fallback=here))
    assert sorted((aid, payload) for _, aid, payload, _ in out) == [("a0", b"here"), ("a1", b"here"), ("a2", b"here")]


# ---------------------------------------------------------------- long texts


@settings(derandomize=True, max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab. \n!?\u3002")), max_size=400),
       limit=st.integers(min_value=1, max_value=60))
def test_pieces_join_back_into_the_text_and_keep_to_the_limit(text, limit):
    parts = long_texts.pieces(text, limit)
    assert "".join(parts) == text
    assert all(0 < len(p) <= limit for p in parts) or parts == [""]


def test_pieces_are_cut_at_paragraph_ends_when_there_are_some():
    text = "\n\n".join(f"Paragraph {i} says something about the talks." for i in range(50))
    parts = long_texts.pieces(text, 200)
    assert all(p.endswith("\n\n") for p in parts[:-1]) and len(parts) > 5


@pytest.fixture(scope="module")
def long_article() -> str:
    """Real text longer than a text parsed at once: Wikinews articles run together as one report."""
    rows = [json.loads(line) for line in (ROOT / "seeds" / "wikinews.jsonl").read_text().splitlines()]
    body, i = [], 0
    while sum(len(b) + 2 for b in body) <= long_texts.LONG_CHARS:
        body.append(rows[i % len(rows)]["text"])
        i += 1
    return "A long report\n\n" + "\n\n".join(body) + "\n\n" + SEED.split("\n", 1)[1]


def test_a_text_over_the_limit_is_analysed_in_pieces_with_offsets_into_the_whole(tmp_path, long_article):
    folder = _write(tmp_path / "in", {"long.txt": long_article})
    result = analyze([folder], settings=IN_PROCESS)
    assert result.problems.empty
    (text,) = result.articles["text"]
    assert len(text) > long_texts.LONG_CHARS
    for m in result.mentions.itertuples():
        assert text[m.start:m.end] == m.text
    for d in result.dates.itertuples():
        assert text[d.start:d.end] == d.text
    tail = len(text) - len(SEED)
    late = result.mentions[result.mentions["start"] > tail]
    assert {"Sergei Shoigu", "Kim Jong Un"} <= set(late["actor"]), "the last piece is analysed too"
    assert (result.quotes["start"] > tail).sum() >= 5


# ---------------------------------------------------------------- nothing lost in de-duplication


def _frame(records):
    return corpus.articles_frame([{"path": f"{i}.json", **r} for i, r in enumerate(records)])


BODY = "Chat with us in Facebook Messenger. Find out what's happening in the world as it unfolds."


@pytest.mark.parametrize(("records", "rows"), [
    ([{"title": "The first shots fired in Las Vegas", "text": BODY},
      {"title": "China accused of letting oil into North Korea", "text": BODY}], 2),
    ([{"title": "Kim visits Russia", "text": BODY}, {"title": "KIM  visits Russia", "text": BODY + " "}], 1),
    ([{"title": "Kim visits Russia", "text": BODY, "url": "https://x.example/k"},
      {"title": "Kim arrives in Russia", "text": BODY, "url": "https://x.example/k"}], 1),
    ([{"title": "Kim visits Russia", "text": BODY}, {"text": BODY}], 1),
    ([{"title": "Kim visits Russia", "text": BODY}, {"title": "Kim visits Russia", "text": BODY + " Updated."}], 2),
])
def test_records_are_one_article_only_when_body_and_headline_or_url_agree(records, rows):
    articles, duplicates = _frame(records)
    assert len(articles) == rows and duplicates == len(records) - rows
    assert sorted(p for ps in articles["paths"] for p in ps) == [f"{i}.json" for i in range(len(records))]
    assert articles["article_id"].is_unique


def test_two_cnn_video_pages_with_one_boilerplate_body_stay_two_articles(shared):
    folder = shared / "corpus" / "news_cluster"
    names = ["762dc1547c2fab2a19d603675bcdff44c209c2e8d26376e3ff9a0c4a.json",
             "df7b6446494d11be6d7d882f22a336c90e0c4a7dbef3e297ca59a2f5.json"]
    reading = corpus.read_paths([folder / n for n in names])
    articles, duplicates = corpus.articles_frame(reading.records)
    assert duplicates == 0
    assert sorted(articles["title"]) == ["China accused of letting oil into North Korea",
                                         "The first shots fired in Las Vegas"]
    assert sorted(Path(p).name for p in articles["path"]) == sorted(names)


# ---------------------------------------------------------------- problems that say what they are


def test_summaries_count_by_severity_and_say_what_errors_cost():
    frame = pd.DataFrame([
        {"path": "a.json", "severity": "error", "reason": "JSON line 3: x", "article_id": ""},
        {"path": "b.txt", "severity": "error", "reason": "quotes not extracted: ValueError", "article_id": "a1"},
        {"path": "b.txt", "severity": "error", "reason": "events not extracted: KeyError", "article_id": "a1"},
        {"path": "c.txt", "severity": "warning", "reason": "read as Windows-1252", "article_id": ""},
        {"path": "d.txt", "severity": "note", "reason": "no date", "article_id": "a2"},
    ])
    assert summary(frame) == "3 errors, 1 warning, 1 note"
    assert error_summary(frame) == "1 file could not be read; 1 article was not fully analysed"
    assert error_summary(frame[frame["severity"] != "error"]) == ""


# ---------------------------------------------------------------- a folder of odd but legal texts, end to end

@pytest.mark.slow
def test_a_folder_of_odd_texts_builds_and_accounts_for_every_file(tmp_path):
    odd = benches.load("odd_corpus")
    folder = tmp_path / "odd"
    names = set(odd.write(folder, long_texts.LONG_CHARS + 20_000))  # bench/odd_corpus.py: the same at 1.2 M
    out = tmp_path / "store"
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", str(folder), "--out", str(out), "--quiet",
                           "--format", "csv"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert re.search(r"; 1 error, \d+ warnings?, \d+ notes?;", proc.stdout), proc.stdout
    assert "1 file could not be read" in proc.stderr
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    problems = pd.read_csv(out / "problems.csv", dtype=str, keep_default_na=False)
    seen = {Path(p).name for ps in articles["paths"] for p in ps.split("|")} | {Path(p).name for p in problems["path"]}
    assert seen == names, "every file is on an articles or problems row"
    assert set(problems["severity"]) <= {"error", "warning", "note"}
    assert list(problems.loc[problems["severity"] == "error", "path"].map(lambda p: Path(p).name)) == \
        ["empty_body.json"], problems.to_string()
    # The ordinary article beside them is analysed exactly as it is alone.
    alone = analyze([SEED_FILE], settings=IN_PROCESS)
    aid = articles.loc[articles["path"].str.endswith("seed.txt"), "article_id"].iloc[0]
    for name in ("mentions", "events", "quotes", "dates"):
        built = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert (built["article_id"] == aid).sum() == len(alone.frames()[name]), name
