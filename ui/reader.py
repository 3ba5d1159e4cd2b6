"""An article as a reader sees it: its text with actors, dates and quotes marked, and one passage in focus."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from ui import show


def article_spans(frames: Mapping[str, pd.DataFrame], article_id: str) -> list[tuple[int, int, str, str]]:
    """(start, end, class, title) of every mention, date and quote of the article, offsets into its text."""
    spans: list[tuple[int, int, str, str]] = []
    q = frames["quotes"]
    q = q[(q["article_id"] == article_id) & ~q["in_title"].fillna(False).astype(bool)]
    for s, e, who, kind in zip(q["start"], q["end"], q["speaker"], q["kind"], strict=False):
        if pd.notna(s) and pd.notna(e):
            spans.append((int(s), int(e), "quote", f"{kind} quote by {who or 'unknown speaker'}"))
    m = frames["mentions"]
    m = m[m["article_id"] == article_id]
    spans += [(int(s), int(e), "actor", f"{a} ({t})") for s, e, a, t in zip(m["start"], m["end"], m["actor"],
                                                                               m["actor_type"], strict=False)]
    d = frames["dates"]
    d = d[d["article_id"] == article_id]
    spans += [(int(s), int(e), "date", f"{show.short_date(a)} – {show.short_date(b)} ({p})")
              for s, e, a, b, p in zip(d["start"], d["end"], d["date_start"], d["date_end"], d["precision"], strict=False)]
    return spans


def _layered(text: str, spans: list[tuple[int, int, str, str]], focus: tuple[int, int] | None) -> str:
    """Quotes contain mentions; show the inner marks and frame the focus passage by splitting the quote."""
    inner = [s for s in spans if s[2] != "quote"]
    quotes = [s for s in spans if s[2] == "quote"]
    covered = [s for s in quotes if not any(i[0] >= s[0] and i[1] <= s[1] for i in inner)]
    chosen = inner + covered
    if focus:
        chosen = [s for s in chosen if s[1] <= focus[0] or s[0] >= focus[1]]
        chosen.append((focus[0], focus[1], "focus", "selected"))
    return show.highlight(text, chosen)


def render(frames: Mapping[str, pd.DataFrame], article: Mapping[str, Any], *, focus: tuple[int, int] | None = None,
           readonly: bool = False) -> None:
    """The article's headline, provenance and marked text (every piece of it escaped)."""
    st.subheader(show.md(article["title"] or "(no headline)"), anchor=False)
    bits = [article.get("source") or "unknown source", show.short_date(article.get("published")) or "undated"]
    if article.get("date_inferred"):
        bits[-1] += " (inferred from the text)"
    if article.get("url"):
        bits.append(str(article["url"]))
    path = str(article.get("path") or "")
    if path:
        bits.append(path.replace("\\", "/").rsplit("/", 1)[-1] if readonly else path)
    st.text(" · ".join(bits))
    st.html(show.LEGEND + show.READER_CSS)
    st.html(_layered(str(article["text"]), article_spans(frames, article["article_id"]), focus))
