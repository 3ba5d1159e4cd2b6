"""An article's mentions indexed by character offset, for the lookups the extractors make once per clause.

Scanning every mention for every clause costs mentions × clauses: nothing for a news story, minutes for a
book-length text. Sorted starts and a binary search make each lookup cost only the mentions near it.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

Mention = dict[str, Any]


class MentionIndex:
    """Mentions in text order (by start, then end) with lookups by position; results keep that order."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = sorted(mentions, key=lambda m: (int(m["start"]), int(m["end"])))
        self.starts = [int(m["start"]) for m in self.mentions]
        self.longest = max((int(m["end"]) - int(m["start"]) for m in self.mentions), default=0)

    def __iter__(self):
        return iter(self.mentions)

    def __len__(self) -> int:
        return len(self.mentions)

    def starting_in(self, start: int, end: int) -> list[Mention]:
        """Mentions that start at or after ``start`` and before ``end``."""
        return self.mentions[bisect_left(self.starts, start):bisect_left(self.starts, end)]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions that share at least one character with ``start:end`` (or hold ``start`` when it is empty)."""
        end = max(end, start + 1)
        return [m for m in self.starting_in(start - self.longest, end) if int(m["end"]) > start]
