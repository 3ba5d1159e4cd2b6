"""Quotes -> quotes across outlets: the same words by the same speaker share a ``quote_group``.

Outlets run one statement with their own punctuation, quote marks, a word trimmed or added: the words are
compared folded (case, accents, marks gone), as 3-word shingles, and two quotes by the same speaker whose
shingles overlap by ``quote_threshold`` (Jaccard) are one statement, and so is a quotation one outlet trimmed
(its words inside a longer quote by the same speaker in the same story). A quote nobody is named for joins
another only when its words are the same and long enough to be no coincidence. The group is named after its
first quote in order of publication (``quote_group`` is a hash of that ``quote_id``); a rebuild keeps the
groups it gave before, and a new quote joins the group of the earliest quote it repeats.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.settings import DEFAULT_GROUPING, Grouping
from analysis.stories import near
from analysis.stories.grouping import kept_ids, placing_order


def quote_group_id(first_quote_id: str) -> str:
    return "w" + hashlib.sha1(first_quote_id.encode("utf-8")).hexdigest()[:15]


def assign(quotes: pd.DataFrame, articles: pd.DataFrame, *, previous: Mapping[str, str] | None = None,
           grouping: Grouping = DEFAULT_GROUPING) -> pd.Series:
    """``quote_group`` of every quote row (a Series on ``quotes``' index); see the module's docstring."""
    n = len(quotes)
    ids, kept = kept_ids(quotes, "quote_id", previous)
    if n == 0:
        return pd.Series(kept, index=quotes.index, dtype=object)
    rank_of = dict(zip(articles["article_id"].iloc[placing_order(articles)], range(len(articles)), strict=True))
    rank = quotes["article_id"].astype(str).map(rank_of).fillna(len(articles)).to_numpy()
    offset = pd.to_numeric(quotes["start"], errors="coerce").fillna(0).to_numpy()
    order = np.lexsort((ids, offset, rank))
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    speaker = (quotes["speaker_id"].fillna("").astype(str).where(lambda s: s != "",
                                                                 quotes["speaker"].fillna("").astype(str))).to_numpy()
    texts = quotes["quote"].fillna("").astype(str).tolist()
    sets = [near.shingles(t, 3) for t in texts]
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            first, other = (a, b) if position[a] < position[b] else (b, a)
            parent[other] = first

    for i, j, _ in near.near_pairs(sets, grouping.quote_threshold):
        if speaker[i] and speaker[i] == speaker[j]:
            join(i, j)
    # A quotation one outlet trimmed: its words inside a longer one by the same speaker in the same story.
    story = quotes["article_id"].astype(str).map(
        dict(zip(articles["article_id"], articles["story_id"], strict=True)) if "story_id" in articles else {}
    ).fillna("").to_numpy()
    keys = [f" {near.normalised(t)} " for t in texts]
    buckets: dict[tuple[str, str], list[int]] = {}
    for i in range(n):
        if speaker[i] and len(keys[i].split()) >= grouping.quote_min_words_trimmed:
            buckets.setdefault((speaker[i], story[i]), []).append(i)
    for rows in buckets.values():
        rows.sort(key=lambda i: -len(keys[i]))
        for k, i in enumerate(rows):
            for j in rows[:k]:
                if keys[i] in keys[j]:
                    join(i, j)
                    break
    unattributed: dict[str, int] = {}
    for i in order:
        if speaker[i]:
            continue
        key = near.normalised(texts[i])
        if len(key.split()) >= grouping.quote_min_words_unattributed:
            if key in unattributed:
                join(unattributed[key], int(i))
            else:
                unattributed[key] = int(i)
    members: dict[int, list[int]] = {}
    for i in order:
        members.setdefault(root(int(i)), []).append(int(i))
    group = kept.copy()
    for first, rows in members.items():
        old = next((kept[i] for i in rows if kept[i]), "")  # the earliest quote's group, when it had one
        name = old or quote_group_id(ids[first])
        for i in rows:
            if not group[i]:
                group[i] = name
    return pd.Series(group, index=quotes.index, dtype=object)
