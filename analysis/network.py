"""Who is connected to whom: the actors of a view as a weighted graph (networkx), for drawing and for Gephi.

The nodes are the most mentioned actors of the frames given (a filtered view), each with its type, mentions and
articles; an edge joins two of them with the number of things they share, by one of three measures:

- ``articles``: articles that mention both;
- ``events``: events that name both (their ``actors`` or ``subject``);
- ``quotes``: quotations that hold both, as the speaker or as an actor mentioned inside the quoted words
  (Kovalenko saying "North Korea will not start supplying" links Kovalenko and North Korea).

Everything is counted over integer codes (at most :data:`MAX_NODES` actors, one bit each), so a graph of the top
50 actors of 100,000 articles costs a few passes over arrays rather than a Python loop over rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from analysis import schema
from analysis.filters import positions

WEIGHTS = {"articles": "shared articles", "events": "shared events", "quotes": "shared quotes"}
MAX_NODES = 64  # one bit per actor in a 64-bit mask


def actor_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions and articles per actor (``actor``, ``actor_type``, ``mentions``, ``articles``), most mentioned
    first, ties by name: the order that picks the top actors."""
    named = mentions[mentions["actor"].notna() & (mentions["actor"].astype(object) != "")]
    if named.empty:
        return pd.DataFrame({"actor": pd.Series(dtype=object), "actor_type": pd.Series(dtype=object),
                             "mentions": pd.Series(dtype="int64"), "articles": pd.Series(dtype="int64")})
    codes, names = pd.factorize(named["actor"].astype(object))
    arts = pd.factorize(named["article_id"])[0].astype(np.int64)
    n = len(names)
    pairs = pd.unique(arts * n + codes)
    first = pd.Series(codes).drop_duplicates().sort_values().index.to_numpy()
    out = pd.DataFrame({"actor": np.asarray(names, dtype=object),
                        "actor_type": named["actor_type"].iloc[first].to_numpy(dtype=object),
                        "mentions": np.bincount(codes, minlength=n), "articles": np.bincount(pairs % n, minlength=n)})
    return out.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def actor_graph(frames: Mapping[str, pd.DataFrame], *, weight: str = "articles", top: int = 50,
                counts: pd.DataFrame | None = None) -> nx.Graph:
    """The ``top`` most mentioned actors of ``frames`` and the ``weight`` they share (see the module docstring).

    Nodes are keyed by canonical name (what ``actor=`` in the URL takes) and carry ``label``, ``type``,
    ``mentions`` and ``articles``; edges carry ``weight``, a count, and exist only where it is above zero.
    ``counts`` (as :func:`actor_counts` returns, possibly narrowed to some types) chooses and orders the
    candidates; by default every actor of ``frames["mentions"]``. The graph's attributes say the measure and
    how many actors the view had (``actors_in_view``), so a caption can say what was left out.
    """
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
    if not 1 <= top <= MAX_NODES:
        raise ValueError(f"top must be between 1 and {MAX_NODES}, not {top}")
    mentions = _frame(frames, "mentions")
    counts = actor_counts(mentions) if counts is None else counts
    nodes = counts.head(top)
    names = [str(n) for n in nodes["actor"]]
    g = nx.Graph(weight=weight, actors_in_view=len(counts))
    for name, typ, m, a in zip(names, nodes["actor_type"], nodes["mentions"], nodes["articles"], strict=True):
        g.add_node(name, label=name, type=str(typ or "other"), mentions=int(m), articles=int(a))
    if len(names) < 2:
        return g
    groups, cols = _memberships(frames, weight, pd.Index(names, dtype=object))
    shared = pair_counts(groups, cols, len(names))
    i, j = np.triu_indices(len(names), 1)
    w = shared[i, j]
    keep = np.flatnonzero(w > 0)
    g.add_edges_from((names[i[k]], names[j[k]], {"weight": int(w[k])}) for k in keep)
    return g


def pair_counts(groups: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    """An ``n`` x ``n`` matrix: in how many groups both column ``i`` and column ``j`` occur (the diagonal: the
    groups of each). ``groups`` and ``cols`` are parallel arrays of non-negative integers, one (group, column)
    membership per entry, repeats allowed; ``n`` is at most :data:`MAX_NODES`.

    Each group becomes a 64-bit mask of its columns (an OR over each run of entries sorted by group, so input
    made of a few sorted runs, as rows of a frame are, is never sorted again); groups with the same mask are
    counted once, so the matrix product runs over distinct combinations, not over every article or event.
    """
    if n > MAX_NODES:
        raise ValueError(f"at most {MAX_NODES} columns, not {n}")
    if not len(groups):
        return np.zeros((n, n), dtype=np.int64)
    groups = np.asarray(groups, dtype=np.int64)
    bits = np.left_shift(np.uint64(1), np.asarray(cols, dtype=np.uint64))
    breaks = np.flatnonzero(groups[1:] < groups[:-1]) + 1
    if len(breaks) > 8:
        order = np.argsort(groups)
        groups, bits, breaks = groups[order], bits[order], np.zeros(0, dtype=np.int64)
    masks = np.zeros(int(groups.max()) + 1, dtype=np.uint64)
    for lo, hi in zip(np.r_[0, breaks], np.r_[breaks, len(groups)], strict=True):
        g = groups[lo:hi]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        masks[g[starts]] |= np.bitwise_or.reduceat(bits[lo:hi], starts)
    distinct, times = np.unique(masks[masks != 0], return_counts=True)
    member = ((distinct[:, None] >> np.arange(n, dtype=np.uint64)) & np.uint64(1)).astype(np.float64)
    return np.rint((member * times[:, None]).T @ member).astype(np.int64)


def _frame(frames: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return frames[name] if name in frames else schema.empty(name)


def _lengths(cells: np.ndarray) -> np.ndarray:
    try:
        return np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
    except TypeError:  # a missing cell among the lists
        return np.fromiter((len(c) if isinstance(c, (list, tuple)) else 0 for c in cells), dtype=np.int64,
                           count=len(cells))


def _memberships(frames: Mapping[str, pd.DataFrame], weight: str, names: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """(group, column) pairs: which of ``names`` (columns) each article, event or quote (groups) holds."""
    if weight == "articles":
        m = _frame(frames, "mentions")
        col = positions(names, m["actor"])
        ok = col >= 0
        return pd.factorize(m["article_id"])[0][ok], col[ok]
    if weight == "events":
        ev = _frame(frames, "events")
        listed = ev["actors"].to_numpy(dtype=object)
        sizes = _lengths(listed)
        flat = np.fromiter(itertools.chain.from_iterable(listed[sizes > 0]), dtype=object, count=int(sizes.sum()))
        rows = np.concatenate([np.repeat(np.arange(len(ev)), sizes), np.arange(len(ev))])  # two sorted runs
        col = np.concatenate([names.get_indexer(pd.Index(flat, dtype=object)).astype(np.int32), positions(names, ev["subject"])])
        ok = col >= 0
        return rows[ok], col[ok]
    return _quote_memberships(frames, names)


def _quote_memberships(frames: Mapping[str, pd.DataFrame], names: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Each quote's speaker, and every actor mentioned inside its quoted words (same article, offsets within)."""
    q = _frame(frames, "quotes")
    m = _frame(frames, "mentions")
    speaker = positions(names, q["speaker"])
    rows = [np.flatnonzero(speaker >= 0)]
    cols = [speaker[speaker >= 0]]
    col = positions(names, m["actor"])
    body = ~q["in_title"].fillna(False).to_numpy(dtype=bool) & q["start"].notna().to_numpy() \
        & q["end"].notna().to_numpy()
    if len(q) and len(m) and (col >= 0).any() and body.any():
        # Articles numbered as the mentions' categories are (in a compact frame: no look-up per mention).
        m_art = m["article_id"]
        arts = pd.Index(m_art.cat.categories if isinstance(m_art.dtype, pd.CategoricalDtype) else pd.unique(m_art),
                        dtype=object)
        m_pos = positions(arts, m_art)
        keep = np.flatnonzero((col >= 0) & (m_pos >= 0) & m["start"].notna().to_numpy() & m["end"].notna().to_numpy())
        # Mentions keyed by (article, start), in order: a quote's mentions are one range of them.
        m_key = (m_pos[keep].astype(np.int64) << 32) | m["start"].to_numpy(dtype="float64")[keep].astype(np.int64)
        m_col, m_end = col[keep], m["end"].to_numpy(dtype="float64")[keep]
        if len(m_key) > 1 and (m_key[1:] < m_key[:-1]).any():  # a store's mentions come sorted already
            order = np.argsort(m_key, kind="stable")
            m_key, m_col, m_end = m_key[order], m_col[order], m_end[order]
        q_pos = positions(arts, q["article_id"])
        qi = np.flatnonzero(body & (q_pos >= 0))
        q_art = q_pos[qi].astype(np.int64)
        q_start = q["start"].to_numpy(dtype="float64")[qi].astype(np.int64)
        q_end = q["end"].to_numpy(dtype="float64")[qi].astype(np.int64)
        lo = np.searchsorted(m_key, (q_art << 32) | q_start, side="left")
        hi = np.searchsorted(m_key, (q_art << 32) | q_end, side="left")
        sizes = hi - lo
        if sizes.sum():
            quote_of = np.repeat(qi, sizes)
            at = np.repeat(lo - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
            inside = m_end[at] <= np.repeat(q_end, sizes)
            rows.append(quote_of[inside])
            cols.append(m_col[at][inside])
    return np.concatenate(rows), np.concatenate(cols)
