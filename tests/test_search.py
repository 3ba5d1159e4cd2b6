"""Full-text search (analysis.search): queries, ranking, the incremental index, masks for q=, highlighting;
and how its answers compare with the substring scan q= used before, on the seed and Wikinews."""

from __future__ import annotations

import re
import sqlite3

import numpy as np
import pandas as pd
import pytest

from analysis import schema
from analysis.filters import Filters, _contains, apply
from analysis.search import KINDS, Searcher, build_index, highlight, open_index, parse, update_index


def corpus(*articles: tuple[str, str, str]) -> dict[str, pd.DataFrame]:
    """Frames of (id, title, text) articles, each with one event (its first sentence) and one quote (its last)."""
    arts, events, quotes = [], [], []
    for aid, title, text in articles:
        arts.append({"article_id": aid, "title": title, "text": text})
        first = text.split(". ")[0]
        events.append({"event_id": "e_" + aid, "article_id": aid, "start": 0, "end": len(first), "text": first})
        last = text.split(". ")[-1]
        quotes.append({"quote_id": "q_" + aid, "article_id": aid, "start": text.index(last), "end": len(text),
                       "quote": last, "speaker_text": "the ministry", "in_title": False})
    return {"articles": schema.frame("articles", arts), "events": schema.frame("events", events),
            "quotes": schema.frame("quotes", quotes)}


ARTICLES = [
    ("a1", "Missile test", "North Korea fired two missiles on Friday. The foreign minister said it was a warning."),
    ("a2", "Oil prices", "Oil prices rose. Analysts say the boiling market will cool."),
    ("a3", "Talks in Moscow", "Kim Jong-un met Vladimir Putin. Nothing was said about missile sales."),
    ("a4", "Café diplomacy", "Ministers met in a café in Zürich. The minister of foreign affairs spoke."),
]


@pytest.fixture()
def frames() -> dict[str, pd.DataFrame]:
    return corpus(*ARTICLES)


@pytest.mark.parametrize(("text", "fts", "terms"), [
    ("missile", '"missile"', ("missile",)),
    ("  Missile   TEST ", '"Missile" "TEST"', ("Missile", "TEST")),
    ('"foreign minister"', '"foreign minister"', ("foreign minister",)),
    ("missil*", '"missil"*', ("missil*",)),
    ('"foreign minister" oil*', '"foreign minister" "oil"*', ("foreign minister", "oil*")),
    ("Kim Jong-un", '"Kim" "Jong-un"', ("Kim", "Jong-un")),
    ('say "unclosed phrase', '"say" "unclosed phrase"', ("say", "unclosed phrase")),
    ('title:x AND (y) OR NEAR', '"title:x" "AND" "(y)" "OR" "NEAR"', ("title:x", "AND", "(y)", "OR", "NEAR")),
    ('he said "it\'s ""odd"""', '"he" "said" "it\'s" "odd"', ("he", "said", "it's", "odd")),
    ("— & *", "", ()),
    ("", "", ()),
])
def test_parse_quotes_every_term_so_no_text_is_syntax(text, fts, terms):
    q = parse(text)
    assert (q.fts, q.terms) == (fts, terms)
    if q.fts:  # FTS5 accepts it
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (q.fts,)).fetchall()


@pytest.mark.parametrize(("query", "articles", "events", "quotes"), [
    ("missile", ["a1", "a3"], ["e_a1"], ["q_a3"]),            # stemmed: missiles, missile
    ("MISSILES", ["a1", "a3"], ["e_a1"], ["q_a3"]),
    ("missil*", ["a1", "a3"], ["e_a1"], ["q_a3"]),
    ('"foreign minister"', ["a1"], [], ["q_a1"]),               # a phrase: not "minister of foreign affairs"
    ("foreign minister", ["a1", "a4"], [], ["q_a1", "q_a4"]),  # words: all of them, anywhere
    ("oil", ["a2"], ["e_a2"], []),                            # not "boiling"
    ("cafe zurich", ["a4"], ["e_a4"], []),                    # accents are folded
    ("jong-un", ["a3"], ["e_a3"], []),
    ("ministry", [], [], ["q_a1", "q_a2", "q_a3", "q_a4"]),   # a quote by its speaker as written
    ("submarine", [], [], []),
    ("—", [], [], []),
])
def test_search_finds_words_phrases_and_prefixes_in_every_frame(frames, query, articles, events, quotes):
    got = build_index(frames).search(query)
    assert sorted(got.ids["articles"]) == articles
    assert got.ids["events"] == events and sorted(got.ids["quotes"]) == quotes


def test_results_are_ranked_by_bm25_with_titles_first(frames):
    got = build_index(frames).search("missile")
    assert got.ids["articles"] == ["a1", "a3"], "in a1's headline and text; in a3's text once"
    assert got.terms == ("missile",)
    assert sum(map(len, build_index(frames).search("missile", limit=2).ids.values())) == 2


def test_the_index_is_incremental(tmp_path, frames):
    path = tmp_path / "search.sqlite"
    assert update_index(path, corpus(*ARTICLES[:3])) == (9, 0), "no index yet: one is made"
    index = open_index(path)
    kept = dict(index.conn.execute("SELECT item, rowid FROM items WHERE article != 'a2'"))
    index.close()
    later = corpus(ARTICLES[0], ARTICLES[2], ARTICLES[3])  # a2 gone, a4 new
    assert update_index(path, later) == (3, 3)
    index = open_index(path)
    assert index.article_ids() == {"a1", "a3", "a4"}
    assert dict(index.conn.execute("SELECT item, rowid FROM items WHERE article != 'a4'")) == kept, "untouched"
    assert index.search("oil").ids["articles"] == [] and index.search("café").ids["articles"] == ["a4"]
    assert update_index(index, later) == (0, 0)
    changed = corpus(ARTICLES[0], ARTICLES[2], ("a4", "Café diplomacy", "Submarines surfaced. Nobody spoke."))
    changed["articles"] = later["articles"]  # same article, its events and quotes extracted again
    assert update_index(index, changed, reanalysed=["a4"]) == (3, 3)
    assert index.search("submarine").ids == {"articles": [], "events": ["e_a4"], "quotes": []}
    assert len(index) == 9


def test_an_index_of_another_version_is_not_read(tmp_path, frames):
    path = tmp_path / "search.sqlite"
    build_index(frames, path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    conn.commit()
    conn.close()
    assert open_index(path) is None and open_index(tmp_path / "none.sqlite") is None
    assert update_index(path, frames) == (12, 0), "rebuilt"
    assert open_index(path).search("oil").ids["articles"] == ["a2"]


def test_masks_follow_the_rows_of_the_frames_whatever_their_order(tmp_path, frames):
    built = Searcher(build_index(frames), frames)
    assert built.masks("missile")["articles"].tolist() == [True, False, True, False]
    assert built.masks("—") is None, "nothing to search by words: the caller scans substrings"
    shuffled = {name: df.iloc[::-1].reset_index(drop=True) for name, df in frames.items()}
    path = tmp_path / "search.sqlite"
    build_index(frames, path).close()
    update_index(path, corpus(*ARTICLES[:3]))
    update_index(path, frames)  # a4 out and in again: rowids no longer follow any frame's order
    mapped = Searcher(open_index(path), shuffled)
    for query in ("missile", '"foreign minister"', "oil*", "ministry"):
        for name in KINDS:
            want = shuffled[name][KINDS[name][1]].isin(build_index(frames).search(query).ids[name]).to_numpy()
            assert mapped.masks(query)[name].tolist() == want.tolist(), (query, name)


@pytest.mark.parametrize(("text", "query", "expected"), [
    ("North Korea fired two missiles. A missile fell.", "missile", ["missiles", "missile"]),
    ("North Korea fired two missiles. A missile fell.", "missil*", ["missiles", "missile"]),
    ("The foreign minister and the minister of foreign affairs", '"foreign minister"', ["foreign minister"]),
    ("The foreign minister and the minister of foreign affairs", "foreign minister",
     ["foreign", "minister", "minister", "foreign"]),
    ("Oil is boiling", "oil", ["Oil"]),
    ("A café in Zürich", "cafe", ["café"]),
    ("Kim Jong-un met", "kim submarine", ["Kim"]),  # each term wherever it occurs
    ("nothing here", "oil", []),
    ("odd \ue000 markers \ue001 oil", "oil", ["oil"]),
])
def test_highlight_marks_the_words_the_index_matches(text, query, expected):
    assert [text[s:e] for s, e in highlight(text, query)] == expected


def test_apply_answers_q_with_the_index(frames):
    search = Searcher(build_index(frames), frames)
    view = apply(frames, Filters(q="missiles"), search=search)
    assert list(view["articles"]["article_id"]) == ["a1", "a3"] and list(view["events"]["event_id"]) == ["e_a1"]
    view = apply(frames, Filters(q="oil"))  # no index: the substring scan, which finds "boiling" too
    assert list(view["articles"]["article_id"]) == ["a2"] and list(view["events"]["event_id"]) == ["e_a2"]
    view = apply(frames, Filters(q="—"), search=search)  # no word to search: the substring scan
    assert view.count("articles") == 0


# ---------------------------------------------------------------- the index beside the substring scan


WORDS = ["Shoigu", "Kovalenko", "Putin", "sanctions", "election", "minister", "oil", "said", "Russia", "missile",
         "government", "people", "war", "president", "China", "court"]


def whole_word(frames: dict[str, pd.DataFrame], key: str, columns: tuple[str, ...], word: str) -> np.ndarray:
    rx = re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", re.IGNORECASE)
    out = np.zeros(len(frames[key]), dtype=bool)
    for col in columns:
        out |= frames[key][col].map(lambda v: isinstance(v, str) and bool(rx.search(v))).to_numpy()
    return out


def stems_of(words: set[str]) -> dict[str, str]:
    """Each word's Porter stem, as the index's tokenizer makes it (read back from an fts5vocab table)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
    out = {}
    for w in words:
        conn.execute("DELETE FROM t")
        conn.execute("INSERT INTO t VALUES (?)", (w,))
        out[w] = conn.execute("SELECT term FROM v").fetchone()[0]
    return out


def test_single_words_find_what_the_substring_scan_found_as_whole_words(seed_analysis):
    """On the seed and the 90 Wikinews articles, for each word, in every frame q= searches:

    - every row where the word occurs as a whole word (what the substring scan meant) is found;
    - a row the substring scan found and the index does not holds the word only inside a longer word
      ("oil" in "boiling", "war" in "award");
    - a row the index found and the substring scan did not holds another form of the word (its stem:
      "sanction" for "sanctions", "elections" for "election").

    For names and words that no other word contains or shares a stem with, the two agree exactly.
    """
    frames = seed_analysis.frames()
    search = Searcher(build_index(frames), frames)
    columns = {"articles": ("title", "text"), "events": ("text",), "quotes": ("quote", "speaker_text")}
    text = " ".join(" ".join(frames[k][c].dropna().astype(str)) for k, cols in columns.items() for c in cols)
    vocabulary = set(re.findall(r"[^\W\d_]+", text))
    stems = stems_of(vocabulary | set(WORDS))
    differ = {}
    for word in WORDS:
        found = search.masks(word)
        assert found is not None
        for key, cols in columns.items():
            scan = _contains(frames, key, cols, word)
            whole = whole_word(frames, key, cols, word)
            fts = found[key]
            assert (whole <= fts).all(), (word, key, "a whole-word match the index missed")
            assert (whole <= scan).all()
            only_scan = scan & ~fts
            assert not (only_scan & whole).any()
            variants = {w for w in vocabulary if stems[w] == stems[word]}
            if (fts & ~scan).any():
                assert variants - {v for v in variants if word.lower() in v.lower()}, (word, key)
                for i in np.flatnonzero(fts & ~scan):
                    cells = " ".join(str(frames[key][c].iloc[i]) for c in cols)
                    assert any(re.search(rf"(?<![^\W_]){re.escape(v)}(?![^\W_])", cells, re.IGNORECASE)
                               for v in variants), (word, key, i)
            if (scan != fts).any():
                differ.setdefault(word, []).append(key)
    for word in ("Shoigu", "Kovalenko", "Putin", "government"):
        assert word not in differ, (word, differ[word])
    assert "oil" in differ or "war" in differ, "substrings inside longer words are where the two part"
