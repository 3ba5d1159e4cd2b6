"""Showing article-derived data safely and consistently: escaped text, paged tables, the view's header.

Article text is hostile input as far as the page is concerned: it reaches the browser only through
st.dataframe/st.text, through Markdown with every special character escaped, or as HTML built here
with :func:`html.escape` on every piece of data.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from analysis.filters import Filters

PAGE_ROWS = 500
PAGE_PATHS = {"stories", "actors", "timeline", "quotes", "articles", "upload", "downloads"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:=&])")


# Streamlit links bare URLs and e-mail addresses after parsing, escapes or not; an invisible U+2060 stops it.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bw)(?=ww\.)|(?=@)")


def md(text: Any) -> str:
    """``text`` escaped for st.markdown: no Markdown, LaTeX, HTML or auto-link is interpreted."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", str(text))).replace("\n", " ")


def hover(text: Any, width: int = 90) -> str:
    """``text`` for a Plotly hover: HTML-escaped (Plotly renders tags in hovers), wrapped with <br>."""
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return "<br>".join(html.escape(x) for x in lines[:8]) + ("<br>…" if len(lines) > 8 else "")


def short_date(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def link(page: str, params: dict[str, Any] | Filters | None = None) -> str:
    """An absolute link to ``page`` (``""`` for the overview) with these parameters, for pasting into reports."""
    query = params.query_string() if isinstance(params, Filters) else urlencode(params or {}, doseq=True)
    base = ""
    try:
        url = st.context.url or ""
    except Exception:  # outside a session
        url = ""
    if url:
        base = url.split("?")[0].split("#")[0].rstrip("/")
        while base.rsplit("/", 1)[-1] in PAGE_PATHS:  # st.context.url carries the page path, sometimes twice
            base = base.rsplit("/", 1)[0]
    path = f"{base}/{page}" if page else (base or "") + "/"
    return path + (f"?{query}" if query else "")


def header(title: str, filters: Filters, count: int, frame: str, page: str) -> None:
    """The page title, the filter said in a sentence, and the link to this exact view."""
    st.title(title)
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(f"**{md(filters.describe(count, frame))}**")
    with right.popover("Copy link", icon=":material/link:", width="stretch"):
        st.caption("Anyone with access to this server opens exactly this view:")
        st.code(link(page, filters), language=None, wrap_lines=True)


def table(df: pd.DataFrame, columns: Sequence[str], name: str, *, config: dict[str, Any] | None = None,
          key: str | None = None, select: bool = False, height: int | str = "auto",
          derive: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> Any:
    """Show the first PAGE_ROWS rows of ``df[columns]`` and offer every row as CSV; the selection when asked.

    ``derive`` adds display columns (joined lists, article labels); it runs on the page shown, and on
    every row only when the download is asked for.
    """
    derive = derive or (lambda d: d)
    head = derive(plain(df.head(PAGE_ROWS)))  # plain first: mapping a category column maps all its categories
    cols = [c for c in columns if c in head.columns]
    shown = head[cols]
    if isinstance(height, int) and len(shown) < height // 36:
        height = "auto"
    kwargs: dict[str, Any] = {"hide_index": True, "column_config": config or {}, "width": "stretch",
                              "height": height}
    if select:
        kwargs.update(on_select="rerun", selection_mode="single-row", key=key)
    event = st.dataframe(shown, **kwargs)
    if len(df) > PAGE_ROWS:
        c1, c2 = st.columns([3, 1], vertical_alignment="center")
        c1.caption(f"Showing the first {PAGE_ROWS:,} of {len(df):,} rows; the download has them all.")
        c2.download_button(f"Download all {len(df):,} rows", lambda: csv(derive(plain(df))[cols]), file_name=f"{name}.csv",
                           mime="text/csv", key=f"dl_{key or name}",
                           on_click="ignore")
    if select:
        rows = event.selection.rows if event and hasattr(event, "selection") else []
        return shown.iloc[rows[0]] if rows else None
    return None


def plain(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with category columns as plain text: a category column sent to the browser would carry every
    category of the corpus (thousands of names, 100,000 article ids), not just the rows shown."""
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    return df.astype({c: object for c in cats}) if cats else df


def csv(df: pd.DataFrame) -> bytes:
    """CSV bytes safe to open in a spreadsheet (cells that would start a formula are neutralised)."""
    from analysis.export import csv_bytes

    return csv_bytes(df)


def by_article(events: pd.DataFrame) -> pd.Series:
    """True for each event dated by its article's publication day rather than by a date in its sentence
    (an older store without ``date_source``: none)."""
    if "date_source" not in events:
        return pd.Series(False, index=events.index, dtype=bool)
    return (events["date_source"].astype(object) == "article").astype(bool)


ARTICLE_DATED = "dated by the article"


def as_written(events: pd.DataFrame) -> pd.Series:
    """Each event's date as the tables show it: the expression as written, or "(dated by the article)"."""
    return events["date_text"].astype(object).where(~by_article(events), f"({ARTICLE_DATED})")


def highlight(text: str, spans: list[tuple[int, int, str, str]],
              badges: Sequence[tuple[int, str, str, str]] = ()) -> str:
    """HTML of ``text`` with ``(start, end, css_class, title)`` spans marked; every piece of data escaped.

    Overlapping spans are resolved by keeping the earlier, then longer one. ``badges`` are
    ``(offset, css_class, label, title)`` labels set into the text at an offset (one that falls inside a
    mark goes right after it).
    """
    spans = sorted(((int(s), int(e), c, t) for s, e, c, t in spans if 0 <= s < e <= len(text)),
                   key=lambda x: (x[0], -(x[1] - x[0])))
    kept, pos = [], 0
    for span in spans:
        if span[0] >= pos:
            kept.append(span)
            pos = span[1]
    placed = []
    for offset, css, label, title in badges:
        at = min(max(int(offset), 0), len(text))
        at = next((e for s, e, _, _ in kept if s < at < e), at)
        placed.append((at, css, label, title))
    placed.sort(key=lambda b: b[0])
    out, pos, b = [], 0, 0

    def badges_until(limit: int) -> None:
        nonlocal pos, b
        while b < len(placed) and placed[b][0] <= limit:
            at, css, label, title = placed[b]
            out.append(html.escape(text[pos:at]))
            out.append(f'<span class="{html.escape(css)}" title="{html.escape(title)}">{html.escape(label)}</span>')
            pos, b = at, b + 1

    for start, end, css, title in kept:
        badges_until(start)
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="{html.escape(css)}" title="{html.escape(title)}">{html.escape(text[start:end])}</mark>')
        pos = end
    badges_until(len(text))
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return READER_CSS + f'<div class="dossier-reader">{body}</div>'


READER_CSS = """<style>
.dossier-reader { font-family: Georgia, serif; font-size: 1.02rem; line-height: 1.65; max-height: 34rem;
  overflow-y: auto; padding: 0.6rem 1rem; border: 1px solid rgba(128,128,128,.3); border-radius: .5rem; }
.dossier-reader mark { padding: 0 .12em; border-radius: .2em; color: inherit; }
.dossier-reader mark.actor { background: rgba(31,119,180,.22); }
.dossier-reader mark.date { background: rgba(44,160,44,.25); }
.dossier-reader mark.quote { background: rgba(255,187,0,.28); }
.dossier-reader mark.focus { background: rgba(214,39,40,.30); outline: 2px solid rgba(214,39,40,.6); }
.dossier-reader .dated, .dossier-legend .dated { font: .72rem/1.2 system-ui, sans-serif; padding: .05em .45em;
  margin: 0 .25em; border: 1px dashed rgba(44,160,44,.9); border-radius: .7em; white-space: nowrap; cursor: help; }
.dossier-legend mark { padding: 0 .3em; border-radius: .2em; margin-right: .6em; }
.dossier-legend mark.actor { background: rgba(31,119,180,.22); } .dossier-legend mark.date { background: rgba(44,160,44,.25); }
.dossier-legend mark.quote { background: rgba(255,187,0,.28); } .dossier-legend mark.focus { background: rgba(214,39,40,.30); }
</style>"""

LEGEND = ('<div class="dossier-legend"><mark class="actor">actor</mark><mark class="date">date</mark>'
          '<mark class="quote">quote</mark><mark class="focus">selected</mark></div>')


def legend(*, article_dated: bool = False) -> str:
    """The reader's key; the label of an event dated by the article only where the article has one."""
    if not article_dated:
        return LEGEND
    badge = (f'<span class="dated" title="an event with no date in its sentence, dated by the article\'s '
             f'publication day">{ARTICLE_DATED}</span>')
    return LEGEND.replace("</div>", badge + "</div>")


def source_label(articles: pd.DataFrame) -> pd.Series:
    """"Title (Source, 2023-09-08)" per article id, for tables of rows drawn from many articles."""
    pub = articles["published"].dt.strftime("%Y-%m-%d").fillna("undated")
    src = articles["source"].where(articles["source"] != "", "unknown source")
    return pd.Series((articles["title"] + " (" + src + ", " + pub + ")").to_numpy(), index=articles["article_id"])
