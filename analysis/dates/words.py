"""The words dates are made of, read from ``analysis/data/``: month and weekday names, numbers, relative words,
the words before an expression, the cues of the future (``date_words.json``) and the time zones
(``not_actors.csv``)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def words() -> dict[str, Any]:
    """The date vocabulary of ``analysis/data/date_words.json``."""
    return json.loads((DATA / "date_words.json").read_text(encoding="utf-8"))


@cache
def time_zones() -> frozenset[str]:
    """Time zone abbreviations ("GMT", "EST"): the rows of ``analysis/data/not_actors.csv`` that are one."""
    with (DATA / "not_actors.csv").open(encoding="utf-8") as fh:
        return frozenset(r["word"] for r in csv.DictReader(fh) if r["why"] == "time zone")


def alternation(keys: Iterable[str]) -> str:
    """A regex alternation of ``keys``, longest first."""
    return "|".join(re.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k)))
