"""Temporal expressions -> normalised intervals, and the article date when metadata lacks it.

Expressions are found as spaCy DATE/TIME entities plus patterns for what the model misses ("early August",
"Q3", "1957-58"), then resolved by a small rule set against the article's date and the tense of the clause
that governs them: "on Friday" in a past-tense clause is the Friday before publication, in a future one the
next. Durations, ages and counts ("two years", "75th anniversary") resolve to nothing and are dropped.

The modules, each importing only those above it (the first three know nothing of spaCy):

- ``words``: the vocabulary, read from ``analysis/data/`` (date_words.json, the time zones of not_actors.csv)
- ``intervals``: calendar helpers: a month, quarter or season as an interval; which occurrence a tense means
- ``normalise``: the rule table; text and a :class:`Context` -> an interval (:func:`resolve`, :func:`normalise`)
- ``tense``: the tense of the clause that governs an expression
- ``finding``: expressions in a Doc, look-alikes dropped, resolved against the article date (:func:`doc_dates`)
- ``published``: the article's date inferred from its text (:func:`infer_published`)
"""

from analysis.dates.finding import Candidate, Candidates, candidate_spans, candidates, doc_dates
from analysis.dates.intervals import MAX_YEAR, MIN_YEAR, Context, Interval
from analysis.dates.normalise import clean, normalise, resolve
from analysis.dates.published import infer_published
from analysis.dates.tense import clause_tense, governing_verb
from analysis.dates.words import words

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "Candidate",
    "Candidates",
    "Context",
    "Interval",
    "candidate_spans",
    "candidates",
    "clause_tense",
    "clean",
    "doc_dates",
    "governing_verb",
    "infer_published",
    "normalise",
    "resolve",
    "words",
]
