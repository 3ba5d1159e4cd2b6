"""What no article may break in the per-article extractors: generated inputs and the checks they must pass.

One home for the properties, shared by ``tests/test_properties.py`` (the same inputs on every run) and
``bench/fuzz.py`` (as many fresh ones as you like). An extractor that raises costs its article that step's
rows (before issue 12, the whole build), so the inputs lean on what real corpora carry and the rules least
expect: impossible calendar dates ("97 April", "February 30", year 99999), CoNLL-style lines, tables of dates,
every kind of quote mark, unbalanced and nested, control characters, right-to-left and zero-width marks,
emoji, CJK dates. The extractors are called directly, not through ``extract.extract_doc``, which would turn
a crash into a ``problems`` row and hide it from these checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from analysis import actors, corpus, dates, events, quotes

W = dates.words()
TENSES = ("past", "present", "future")
# the years an interval may span: the rules read no year outside them, and a datetime64[ns] frame holds them
YEARS = (dates.MIN_YEAR, dates.MAX_YEAR)


def _cased(words: list[str]) -> st.SearchStrategy[str]:
    """A word as it may be written: lower, Capitalised, UPPER, abbreviated with a period."""
    return st.sampled_from(sorted(words)).flatmap(
        lambda w: st.sampled_from([w, w.capitalize(), w.upper(), w + "."]))


ODD_NUMBERS = ["0", "00", "000", "0000", "1", "01", "12", "13", "28", "29", "30", "31", "32", "45", "97", "99",
               "100", "366", "1677", "1699", "1700", "1899", "1957", "2023", "2199", "2200", "2262", "9999", "10000",
               "99999", "999999999", "99999999999999999999", "9" * 4400, "٢٠٢٣", "２０２３"]  # 4400: past int()'s limit
FIXED = ["Q0", "Q1", "Q3", "Q4", "Q5", "q3", "H1", "h2", "H3", "'97", "'00", "'69", "1990s", "1690s", "2190s",
         "2200s", "'30s", "'90s", "mid-", "year-end", "year-ago", "year-earlier", "the year-ago quarter",
         "week of", "fiscal", "calendar", "model year", "half", "quarter", "weekend", "'s", "a couple of",
         "morning", "night", "from now", "hence", "ago", "earlier", "later", "between", "from", "through", "until",
         "2023年9月8日", "9月8日", "平成5年", "٨ سبتمبر", "8. September", "Sept. 8", "97 April", "February 30",
         "April 31", "29 February", "day before yesterday", "day after tomorrow"]
RELATIVE = ["last", "this", "next", "past", "coming", "previous", "current", "following", "latest", "recent",
            "most recent", "same", "today", "tonight", "yesterday", "tomorrow", "earlier this", "later this",
            "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"]
VOCABULARY = sorted({*W["months"], *W["weekdays"], *W["seasons"], *W["numbers"], *W["ordinals"], *W["parts"],
                     *W["holidays"], *W["present_ref"], *W["leading_words"], *W["vague"], *RELATIVE})
SEPARATORS = [" ", " ", " ", ", ", "-", "–", " - ", " to ", " and ", " of ", "/", "", ". ", "'s "]
MARKS = ['"', "'", "“", "”", "„", "«", "»", "‹", "›", "「", "」", "‘", "’", "``", "''", "‚", "『", "』"]
ODD_CHARS = ["\u200f", "\u202e", "\u200b", "\ufeff", "\u200d", "\u00a0", "\u2028", "\t", "\r", "\x00", "\x07",
             "\x1b", "\x7f", "\u0301", "😀", "👩‍👩‍👧", "🇺🇦", "漢字", "שלום", "مرحبا", "ß", "İ", "ﬁ"]
NAMES = ["Kim Jong Un", "Vladimir Putin", "Joe Biden", "Mr. Smith", "Ms Hewitt", "Dr. Jane Doe", "Reuters",
         "the United Nations", "North Korea", "Moscow", "He", "She", "They", "the ministry", "a spokesman",
         "BBC Radio 4's Today programme", "NATO", "Oleksandr Kovalenko", "Kovalenko", "O'Neill", "de la Cruz"]
VERBS = ["said", "says", "told reporters", "according to", "will meet", "met", "is due", "was expected to",
         "announced", "denied", "said:", "added", "warned that", "plans to visit", "exploded", "signed"]


ISO = st.builds(lambda y, m, d, sep: f"{y}{sep}{m:02d}{sep}{d:02d}", st.integers(0, 99999), st.integers(0, 99),
                st.integers(0, 99), st.sampled_from(["-", "/", "."]))
SLASH = st.builds(lambda m, d, y: f"{m}/{d}/{y}", st.integers(0, 99), st.integers(0, 99),
                  st.one_of(st.integers(0, 99), st.integers(0, 99999)))
CJK = st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99))
ORDINAL = st.builds(lambda n, s: f"{n}{s}", st.integers(0, 999), st.sampled_from(["st", "nd", "rd", "th", ""]))
NUMBER = st.one_of(st.sampled_from(ODD_NUMBERS), st.integers(0, 10 ** 7).map(str))

PIECE = st.one_of(
    _cased(VOCABULARY), _cased(list(W["months"])), _cased(list(W["weekdays"])), NUMBER, ORDINAL,
    st.sampled_from(FIXED), ISO, SLASH, CJK, st.sampled_from(MARKS), st.sampled_from(ODD_CHARS), st.text(max_size=4),
)


def _joined(pieces: st.SearchStrategy[str], separators: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Up to ``max_size`` pieces, each followed by one of ``separators``."""
    return st.lists(st.tuples(pieces, st.sampled_from(separators)), max_size=max_size).map(
        lambda parts: "".join(p + s for p, s in parts).strip(" "))


DAY = st.one_of(NUMBER, ORDINAL)
SLOTS: dict[str, st.SearchStrategy[str]] = {
    "mon": _cased(list(W["months"])), "wd": _cased(list(W["weekdays"])), "day": DAY, "year": st.one_of(
        NUMBER, st.integers(0, 99).map(lambda n: f"'{n:02d}")), "n": st.one_of(NUMBER, _cased(list(W["numbers"]))),
    "unit": st.sampled_from(["day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "weekend"]),
    "rel": st.sampled_from(RELATIVE[:12]), "part": st.sampled_from(sorted(W["parts"])),
    "ord": st.one_of(st.sampled_from(sorted(W["ordinals"])), ORDINAL), "q": st.integers(0, 9).map(str),
    "season": _cased(list(W["seasons"])), "holiday": _cased(list(W["holidays"])),
    "decade": st.integers(0, 99999).map(lambda n: f"{n}0s"), "iso": ISO, "slash": SLASH,
    "word": st.sampled_from(VOCABULARY),
}
TEMPLATES = [
    "{mon} {day}", "{day} {mon}", "{mon} {day}, {year}", "{day} {mon} {year}", "{wd}, {mon} {day}", "{wd} {day} {mon}",
    "{rel} {mon}", "{rel} {wd}", "{rel} {mon} {day}", "{mon} {year}", "{n} {unit} ago", "{n} {unit} from now",
    "{n} {unit} earlier", "{n} {unit} later", "{part} {mon}", "{part} {year}", "{part} {rel} {unit}",
    "{part} {mon} {day}-{day}", "{part} {decade}", "{part} {season}", "{part} {rel} {wd}", "{ord} quarter of {year}",
    "q{q} {year}", "{year} q{q}", "{ord} half of {year}", "{rel} {season}", "{season} {year}", "{rel} {unit}",
    "between {year} and {year}", "from {mon} {day} to {mon} {day}", "{year}-{year}", "{mon} {day}-{day}",
    "{mon} {day} to {day}, {year}", "{holiday} {year}", "{holiday}", "{decade}", "the {part} {decade}",
    "week of {mon} {day}", "{rel} year's {ord} quarter", "{mon} this year", "{ord} half of next year", "{iso}",
    "{slash}", "{word}", "{word} {word}", "{word} {word} {word}", "the {rel} {unit}", "{rel} {ord} quarter",
    "{day} of {mon}", "{mon} {day} - {mon} {day}", "{iso} to {iso}", "early {year}-{year}", "year-end {year}",
]


def _filled(templates: list[str], slots: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[str]:
    """One of ``templates`` with each ``{slot}`` drawn from ``slots``."""
    def put(template: str, values: tuple[str, ...]) -> str:
        given = iter(values)
        return re.sub(r"\{\w+\}", lambda _: next(given), template)

    def fill(template: str) -> st.SearchStrategy[str]:
        names = re.findall(r"\{(\w+)\}", template)
        return st.tuples(*(slots[n] for n in names)).map(lambda values: put(template, values))
    return st.sampled_from(templates).flatmap(fill)


EXPRESSION = _filled(TEMPLATES, SLOTS)
date_texts = st.one_of(EXPRESSION, EXPRESSION.map(str.upper), _joined(st.one_of(EXPRESSION, PIECE), SEPARATORS, 4),
                       _joined(PIECE, SEPARATORS, 7))
"""Would-be temporal expressions: dates real and impossible, relative words, numbers, stray unicode."""

published_dates = st.one_of(
    st.none(), st.sampled_from([date(1700, 1, 1), date(2199, 12, 31), date(2200, 12, 31), date(1800, 1, 1),
                                date(1677, 9, 22), date(2262, 4, 10), date(2024, 2, 29)]),
    st.dates(min_value=date(1700, 1, 1), max_value=date(2200, 12, 31)))
"""Article dates as articles carry them: none, the extremes a pandas timestamp holds, any day between."""

context_dates = st.one_of(published_dates, st.sampled_from([date.min, date.max, date(1, 12, 31), date(9999, 1, 1)]))
"""Dates a caller of :func:`dates.resolve` may pass: anything a ``date`` holds."""

QUOTE_PIECE = st.one_of(st.sampled_from(MARKS), st.sampled_from(MARKS),
                        _cased(["we", "will", "win", "don't", "Jones'"]), st.sampled_from([" ", " ", "\n", "\n\n", ",", ".", ":", "(", "—", "-", "/"]),
                        st.sampled_from([*NAMES, *VERBS]), st.sampled_from(ODD_CHARS), st.text(max_size=3))
quoted_texts = st.one_of(_joined(QUOTE_PIECE, ["", "", " "], 30),
                         _joined(QUOTE_PIECE, ["", " "], 30).map(corpus.normalise_body))
"""Text thick with quote marks of every kind, unbalanced and nested, raw and as articles are normalised."""

TABLE = st.lists(st.tuples(date_texts, NUMBER, st.sampled_from(NAMES)), min_size=1, max_size=4).map(
    lambda rows: "\n".join(f"| {d} | {n} | {a} |" for d, n, a in rows))
CONLL = st.lists(st.tuples(NUMBER, _cased(list(W["months"])), st.sampled_from(NAMES)), min_size=1, max_size=4).map(
    lambda rows: "\n".join(f"{n} {m} {a} {n}" for n, m, a in rows))
WORDS = _joined(st.one_of(st.sampled_from(["we", "will", "not", "back", "down", "the", "deal", "is", "done", "it",
                                            "was", "a", "mistake", "and", "they", "know", "it", "Sanctions", "work"]),
                           st.sampled_from(MARKS), st.sampled_from(ODD_CHARS), EXPRESSION), [" ", " ", ", ", ""], 9)
SENTENCE_SLOTS = {"words": WORDS, "name": st.sampled_from(NAMES), "cue": st.sampled_from(VERBS), "date": EXPRESSION,
                  "open": st.sampled_from(MARKS), "close": st.sampled_from(MARKS),
                  "NAME": st.sampled_from(NAMES).map(str.upper)}
SENTENCES = [
    "{open}{words},{close} {name} {cue}.", "{name} {cue}: {open}{words}{close}", "{open}{words},{close} {cue} {name}, "
    "{open}{words}.{close}", "{name} {cue} that {words} {date}.", "According to {name}, {words}.", "{NAME}: {words}",
    "{open}{words}{close}\n— {name}", "From {name}: {open}{words}", "On {date}, {name} {cue} {name}.",
    "{name}, a spokesman for {name}, said {date} that {words}.", "He said it would happen {date}.",
    "{open}{words}{close} {name} told {name} {date}.", "{date} -- {name} {cue} {words}.", "{date} (AP) — {words}",
    "{open}{words}\n\n{open}{words}{close} {name} {cue}.", "She {cue} {date}, a year earlier, {words}.",
]
SENTENCE = _filled(SENTENCES, SENTENCE_SLOTS)
ARTICLE_PIECE = st.one_of(
    SENTENCE, SENTENCE, date_texts, st.sampled_from(NAMES), st.sampled_from(VERBS), st.sampled_from(MARKS), NUMBER,
    CJK, ISO, st.sampled_from(ODD_CHARS), st.characters(exclude_categories=["Cs"]), st.sampled_from([".", ",", ":", "—", "(AP) —", "--", "?"]),
    st.sampled_from(FIXED), TABLE, CONLL, st.text(max_size=6))
_ARTICLE_SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", ". ", " | "]
article_texts = st.one_of(
    _joined(ARTICLE_PIECE, _ARTICLE_SEPARATORS, 24), st.text(max_size=3),
    st.text(alphabet="0123456789 .,-/:\n", max_size=40), TABLE, CONLL).map(corpus.normalise_body)
"""Article bodies: random mixes of names, cues, dates, quote marks and odd characters, as corpus reading leaves them
(lone surrogates, which a JSON "\\udec8" escape makes, are reading's to replace: spaCy cannot take them)."""

titles = st.one_of(
    st.just(""), _joined(ARTICLE_PIECE, [" ", ""], 6),
    st.builds(lambda c, sep, n: f"{c}{sep}{n}", _joined(ARTICLE_PIECE, [" "], 5), st.sampled_from(
        [" - ", " – ", " — ", " -- ", ": "]), st.sampled_from([*NAMES, "", "expert Kovalenko", '"', "“"])),
    st.builds(lambda n, c: f"{n}: {c}", st.sampled_from(NAMES), st.sampled_from([*MARKS, "", "We won"])))
"""Headlines, including the ``Claim - Name`` and ``Name: claim`` shapes that quote finding reads."""

published_stamps = published_dates.map(lambda d: None if d is None else pd.Timestamp(d))


# ---------------------------------------------------------------------------------------------- the checks

def _interval_ok(start: Any, end: Any, what: str) -> None:
    assert start <= end, f"{what}: starts {start} after it ends {end}"
    assert YEARS[0] <= start.year <= end.year <= YEARS[1], f"{what}: {start}..{end} outside the years {YEARS}"


def check_normalise(text: str, published: date | None, tense: str) -> None:
    """:func:`dates.normalise` returns nothing or an interval in order, within the years Dossier reads."""
    found = dates.normalise(text, published, tense)
    if found is not None:
        _interval_ok(found[0], found[1], repr(text))


def check_resolve(text: str, published: date | None, tense: str) -> None:
    """:func:`dates.resolve` does the same for any ``date`` a caller may pass."""
    found = dates.resolve(text, dates.Context(published, tense))
    if found is not None:
        _interval_ok(found[0], found[1], repr(text))


def check_regions(text: str) -> None:
    """Quote regions lie inside the text, marks around their inner text, one after another."""
    last = 0
    for r in quotes.quote_regions(text):
        assert last <= r.start <= r.inner_start <= r.inner_end <= r.end <= len(text), (r, len(text), last)
        last = r.end


def extract(nlp: Any, text: str, title: str, published: pd.Timestamp | None) -> dict[str, Any]:
    """Every per-article extractor, called directly in the order and with the arguments of
    ``extract.extract_doc`` (which turns exceptions into problems rows: these properties must see them)."""
    doc = nlp(text)
    aid = "a1"
    mentions = actors.doc_mentions(doc, aid)
    found = dates.candidates(doc)
    inferred = None
    if published is None or pd.isna(published):
        published = inferred = dates.infer_published(doc, title, found_in=found)[0]
    date_rows = dates.doc_dates(doc, aid, published, found_in=found)
    return {"mentions": mentions, "inferred": inferred, "dates": date_rows,
            "events": events.doc_events(doc, aid, date_rows, mentions, published=published),
            "quotes": quotes.doc_quotes(doc, aid, mentions, title=title, nlp=nlp)}


def _read_at(quote: str, source: str, start: int, end: int) -> bool:
    """Whether ``quote`` is what ``source`` holds at ``start:end``: the slice itself, or, for a quotation
    interrupted by its cue ("“We will win,” he said. “And we will.”"), its parts in order, joined by spaces."""
    if not 0 <= start <= end <= len(source):
        return False
    held = source[start:end]
    parts = quote.split(" ")
    if quote == held or not held.startswith(parts[0]) or not held.endswith(parts[-1]):
        return quote == held
    at = 0
    for part in parts:
        at = held.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def _quotes_ok(rows: list[dict[str, Any]], text: str, title: str) -> None:
    for q in rows:
        source = title if q["in_title"] else text
        assert _read_at(q["quote"], source, q["start"], q["end"]), q
        if q["speaker_start"] is not None:
            assert source[q["speaker_start"]:q["speaker_end"]] == q["speaker_text"], q


def check_quotes(nlp: Any, text: str, title: str) -> None:
    """Quote finding on text thick with marks: every row's quote and speaker are read at their offsets."""
    doc = nlp(text)
    mentions = actors.doc_mentions(doc, "a1")
    _quotes_ok(quotes.doc_quotes(doc, "a1", mentions, title=title, nlp=nlp), text, title)


def check_article(nlp: Any, text: str, title: str, published: pd.Timestamp | None) -> None:
    """No extractor raises, and every row points back at the text it was read from."""
    rows = extract(nlp, text, title, published)
    if rows["inferred"] is not None:
        _interval_ok(rows["inferred"], rows["inferred"], "inferred article date")
    for m in rows["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"], m
    for d in rows["dates"]:
        assert text[d["start"]:d["end"]] == d["text"], d
        _interval_ok(d["date_start"], d["date_end"], repr(d["text"]))
    for e in rows["events"]:
        assert 0 <= e["start"] <= e["end"] <= len(text), e
        _interval_ok(e["date_start"], e["date_end"], repr(e["date_text"]))
    _quotes_ok(rows["quotes"], text, title)


# ---------------------------------------------------------------------------------------------- running them

@dataclass(frozen=True)
class Property:
    """A check and the inputs it is tried on; ``spacy`` checks take the pipeline as their first argument."""

    name: str
    check: Callable[..., None]
    inputs: st.SearchStrategy[tuple[Any, ...]]
    spacy: bool = False


PROPERTIES = [
    Property("normalise", check_normalise, st.tuples(date_texts, published_dates, st.sampled_from(TENSES))),
    Property("resolve", check_resolve, st.tuples(date_texts, context_dates, st.sampled_from(TENSES))),
    Property("quote_regions", check_regions, st.tuples(quoted_texts)),
    Property("doc_quotes", check_quotes, st.tuples(quoted_texts.map(corpus.normalise_body), titles), spacy=True),
    Property("article", check_article, st.tuples(article_texts, titles, published_stamps), spacy=True),
]


def runner(prop: Property, nlp: Any = None, *, examples: int, seed_value: int | None = None,
           record: Callable[[tuple[Any, ...], BaseException], None] | None = None) -> Callable[[], None]:
    """A hypothesis test of ``prop`` on ``examples`` inputs, derandomised unless a seed is given.

    Without ``record`` the first failure raises, shrunk to its simplest input; with it, every failure is
    passed to ``record`` and the run goes on (to count them).
    """
    def body(args: tuple[Any, ...]) -> None:
        try:
            prop.check(nlp, *args) if prop.spacy else prop.check(*args)
        except Exception as exc:  # counted by a caller that asked to see every failure
            if record is None:
                raise
            record(args, exc)

    test = given(prop.inputs)(body)
    test = settings(max_examples=examples, deadline=None, derandomize=seed_value is None, database=None,
                    print_blob=False, suppress_health_check=list(HealthCheck))(test)
    return seed(seed_value)(test) if seed_value is not None else test
