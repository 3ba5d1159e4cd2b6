"""Wire copy (issue 17): what an analyst reads out of DPRK / Russia / China wire and web reports.

The analyst gold of ``tests/data/analyst_gold/`` (dev split only: the held-out files are for reporting) is
scored with ``bench/analyst.py``; the floors below are the figures when this was written, less a little, so a
change that loses speakers, actors or events on this kind of news fails here. The seed stays at 100 %.
"""

from __future__ import annotations

import pytest

from analysis import analyze
from analysis.bylines import furniture, inside
from analysis.settings import Settings

from . import benches

# dev figures when written (python bench/analyst.py: actors 0.957, junk 35, events 0.935, event actors 0.828,
# quotes 0.926, speakers 0.797), floors a little below them
FLOORS = {"actors": 0.94, "events": 0.92, "event_actors": 0.81, "quotes": 0.91, "speakers": 0.78}
MAX_JUNK = 38


@pytest.fixture(scope="module")
def analyst_report(shared):
    bench = benches.load("analyst")
    return bench.run(bench.load_gold("dev"))


def test_the_seed_stays_whole(analyst_report):
    _, rows = analyst_report
    seed = dict(rows)["000_8eed7f64"] if "000_8eed7f64" in dict(rows) else rows[0][1]
    for measure in ("events", "event_actors", "quotes", "speakers"):
        assert getattr(seed, measure).rate == 1.0, getattr(seed, measure).misses
    assert seed.actors.rate == 1.0, seed.actors.misses


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_wire_copy_keeps_its_figures(analyst_report, measure):
    total, _ = analyst_report
    score = getattr(total, measure)
    assert score.rate >= FLOORS[measure], (score.rate, score.misses[:10])


def test_wire_copy_has_few_junk_actors(analyst_report):
    total, _ = analyst_report
    assert len(total.junk) <= MAX_JUNK, total.junk


@pytest.mark.slow
def test_the_quotes_page_lists_statements(shared):
    """On wire and web news (the first 120 news_cluster articles), no quote is one or two words without a verb,
    and no reporter, photographer or agency credit is a speaker."""
    files = sorted((shared / "corpus" / "news_cluster").glob("*.json"))[:120]
    result = analyze(files, settings=Settings())
    quotes = result.quotes
    assert len(quotes) > 500
    words = quotes["quote"].str.split().str.len()
    short = quotes[words < 3]
    from analysis.nlp import load_pipeline

    nlp = load_pipeline()
    scraps = [q for q in short["quote"] if not any(t.pos_ in ("VERB", "AUX") for t in nlp(q))]
    assert scraps == []
    texts = dict(zip(result.articles["article_id"], result.articles["text"], strict=True))
    credited = [(q.speaker_text, texts[q.article_id][q.speaker_start:q.speaker_end]) for q in quotes.itertuples()
                if q.speaker and not q.in_title and inside(furniture(texts[q.article_id]), int(q.speaker_start), int(q.speaker_end))]
    assert credited == []
