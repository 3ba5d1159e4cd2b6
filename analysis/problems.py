"""Rows of the ``problems`` frame: what could not be read or analysed, how much it cost, in one line each.

Severity says what the user lost: ``error``, an input (or part of it) was not read or not analysed;
``warning``, read, but something was guessed or left out (an encoding, a field); ``note``, nothing was lost
(an article with no publication date is still analysed). Summaries count them in that order.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.schema import SEVERITIES


def row(path: Any, reason: str, severity: str = "error", article_id: str = "") -> dict[str, str]:
    """One ``problems`` row."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    return {"path": str(path or ""), "severity": severity, "reason": reason, "article_id": article_id}


def about(article: dict[str, Any], reason: str, severity: str = "error") -> dict[str, str]:
    """A row about one article (its path and id)."""
    return row(article.get("path"), reason, severity, article.get("article_id") or "")


def failure(article: dict[str, Any], what: str, exc: BaseException) -> dict[str, str]:
    """The row for a step that raised on an article: "quotes not extracted: ValueError: ... (please report)"."""
    message = " ".join(str(exc).split())
    detail = f"{type(exc).__name__}: {message[:120]}" if message else type(exc).__name__
    return about(article, f"{what}: {detail} (please report)")


def worst_first(problems: pd.DataFrame) -> pd.DataFrame:
    """``problems`` with errors first, then warnings, then notes; input order within each."""
    rank = problems["severity"].map({s: i for i, s in enumerate(SEVERITIES)}).fillna(0)
    return problems.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


def counts(problems: pd.DataFrame) -> dict[str, int]:
    """How many problems of each severity, every severity present (0 when none)."""
    found = problems["severity"].value_counts() if len(problems) else pd.Series(dtype=int)
    return {s: int(found.get(s, 0)) for s in SEVERITIES}


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def summary(problems: pd.DataFrame) -> str:
    """"2 errors, 1 warning, 40 notes"."""
    return ", ".join(_n(n, s) for s, n in counts(problems).items())


def error_summary(problems: pd.DataFrame) -> str:
    """What the errors cost, for a person: "1 file could not be read; 2 articles were only partly analysed"."""
    errors = problems[problems["severity"] == "error"]
    if errors.empty:
        return ""
    per_article = errors["article_id"].astype(str) != ""
    parts = []
    unread = errors.loc[~per_article, "path"]
    if len(unread):
        word = "input" if unread.str.contains("#", regex=False).any() else "file"  # "#": a record in a file
        parts.append(f"{_n(unread.nunique(), word)} could not be read")
    partly = errors.loc[per_article, "article_id"].nunique()
    if partly:
        parts.append(f"{_n(partly, 'article')} {'was' if partly == 1 else 'were'} not fully analysed")
    return "; ".join(parts)
