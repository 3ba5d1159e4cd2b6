"""Near-identical texts: word shingles, MinHash signatures and LSH candidates (datasketch), checked exactly.

Wire copy reaches a corpus many times over: the same story under two headlines, the same sentence in forty
outlets, the same quotation trimmed by a word. Shingles of consecutive words make two such texts share most
of their sets; MinHash LSH finds the pairs that might without comparing every pair, and the exact Jaccard
of the shingle sets decides, so a hash collision never joins two texts.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")  # accents
NUM_PERM = 64


def words(text: str) -> list[str]:
    """The words of ``text``, case and accents folded, punctuation and quote marks gone."""
    text = text or ""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _WORD.findall(text.casefold())


def normalised(text: str) -> str:
    """``text`` as one comparison key: its words joined by single spaces."""
    return " ".join(words(text))


def shingles(text: str, size: int = 5) -> frozenset[str]:
    """Sets of ``size`` consecutive words (all the words as one shingle when the text is shorter)."""
    w = words(text)
    if len(w) <= size:
        return frozenset([" ".join(w)]) if w else frozenset()
    return frozenset(" ".join(w[i:i + size]) for i in range(len(w) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def candidates(sets: Sequence[frozenset[str]], threshold: float, *, num_perm: int = NUM_PERM) -> list[list[int]]:
    """For each set, the indices of the other sets whose MinHash LSH buckets it shares (jaccard likely ≥ threshold).

    Empty sets have no candidates. The result is symmetric and each list is sorted.
    """
    from datasketch import MinHash, MinHashLSH

    keep = [i for i, s in enumerate(sets) if s]
    out: list[list[int]] = [[] for _ in sets]
    if len(keep) < 2:
        return out
    # CRC-32 (in C) rather than datasketch's SHA-1: the pairs are checked exactly, so a weaker hash costs nothing.
    hashes = MinHash.bulk([[x.encode("utf-8") for x in sets[i]] for i in keep], num_perm=num_perm, seed=1,
                          hashfunc=zlib.crc32)
    lsh = MinHashLSH(threshold=max(0.05, min(threshold, 0.99)), num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i, h in zip(keep, hashes, strict=True):
            session.insert(i, h)
    for i, h in zip(keep, hashes, strict=True):
        out[i] = sorted(j for j in lsh.query(h) if j != i)
    return out


def near_pairs(sets: Sequence[frozenset[str]], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, jaccard)`` with ``i < j`` whose shingle sets overlap by at least ``threshold``."""
    pairs = []
    for i, others in enumerate(candidates(sets, threshold)):
        for j in others:
            if j > i:
                score = jaccard(sets[i], sets[j])
                if score >= threshold:
                    pairs.append((i, j, score))
    return pairs


def identical_groups(keys: Sequence[str]) -> np.ndarray:
    """For each key, the position of the first equal key (itself when it is the first)."""
    first: dict[str, int] = {}
    return np.asarray([first.setdefault(k, i) for i, k in enumerate(keys)], dtype=np.int64)
