"""Quote marks and the regions they enclose: plain string functions, no parse.

``He said "yes" and left.`` holds one region; ``''We finally have jobs,'' he said`` another (two single marks
are a double mark in newspaper archives). An apostrophe opens nothing (``Rock ’n’ roll in the ’90s``), and a
quotation left open at a paragraph's end runs to it. Whether a region is a quotation is decided later: the
name of a show in marks (``on Fox News Channel’s “Hannity,”``) is none.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_DOUBLE = "“„«"


@dataclass(frozen=True)
class Region:
    """A stretch of text in quote marks; ``inner`` excludes the marks."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    para_open: bool  # the paragraph opens with this region's mark


def quote_regions(text: str) -> list[Region]:
    """Stretches of ``text`` in double quote marks (straight or curly) and top-level single marks.

    A quotation left open at the end of a paragraph runs to the paragraph's end (the next paragraph
    opening with a mark continues it, as in newspaper style).
    """
    regions: list[Region] = []
    pos = 0
    for para in text.split("\n"):
        regions.extend(_paragraph_regions(para, pos))
        pos += len(para) + 1
    return regions


def _paragraph_regions(para: str, offset: int) -> list[Region]:
    found: list[Region] = []
    lead = len(para) - len(para.lstrip())
    i, n = 0, len(para)
    # where a search for a closing mark found none: none that starts later can find one (a paragraph of
    # unclosed 'single marks' would otherwise be searched to its end from each of them)
    in_vain: dict[str, int] = {}
    while i < n:
        width = 2 if para.startswith("''", i) else 1  # '' is a double mark in newspaper archives
        ch = '"' if width == 2 else para[i]
        close = _closer(para, i, ch, width)
        if close is None:
            i += width
            continue
        found_close = _find_close(para, i + width, close) if i + width < in_vain.get(close, n + 1) else None
        if found_close is None:
            in_vain.setdefault(close, i + width)
            if close in ("’", "'"):
                i += 1
                continue
            found.append(Region(offset + i, offset + n, offset + i + width, offset + len(para.rstrip()), False,
                                i == lead))
            break
        j, cw = found_close
        found.append(Region(offset + i, offset + j + cw, offset + i + width, offset + j, True, i == lead))
        i = j + cw
    return found


def _closer(para: str, i: int, ch: str, width: int = 1) -> str | None:
    """The closing mark sought if ``para[i]`` opens a quotation, else None."""
    prev = para[i - 1] if i else " "
    nxt = para[i + width] if i + width < len(para) else " "
    if ch in OPEN_DOUBLE:  # web text mixes curly and straight marks ("“We will win," he said)
        return '”»"' if ch != "„" else '“”"'
    if ch == "”" and not para[:i].strip() and nxt.isalpha():
        return '”"'  # a paragraph opened with the closing mark by mistake ("”Mr. Trump embodies ...”")
    if ch in '"″':  # "″" (a double prime) stands for a quote mark in some crawled text
        return '"”″' if (prev.isspace() or prev in "([{—–-/:") and not nxt.isspace() else None
    if ch in "‘'":
        return ("’" if ch == "‘" else "'") if (prev.isspace() or prev in "([{—–“\"") and nxt.isalpha() else None
    return None


def _find_close(para: str, i: int, close: str) -> tuple[int, int] | None:
    """Position and width of the mark that closes a quotation opened before ``i``."""
    for j in range(i, len(para)):
        ch = para[j]
        if '"' in close and para.startswith("''", j):
            return j, 2
        if ch == "“" and "”" in close and j > i and not para[j - 1].isspace() \
                and (j + 1 == len(para) or para[j + 1].isspace()):
            return j, 1  # a closing mark typed the wrong way round ("“It's unusual,“ said Noble")
        if ch not in close:
            continue
        if close in ("’", "'"):
            nxt = para[j + 1] if j + 1 < len(para) else " "
            if nxt.isalpha() or j == i:
                continue  # an apostrophe ("don't", "Jones'")
        return j, 1
    return None


def _in_regions(regions: list[Region]) -> set[int]:
    inside: set[int] = set()
    for r in regions:
        inside.update(range(r.start, r.end))
    return inside


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Content without surrounding space and the comma that hands over to the cue."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return s, e


def _is_title(text: str, region: Region) -> bool:
    """The name of a show, book or film ("on Fox News Channel’s “Hannity,”"): a few capitalised words
    after a possessive or a preposition."""
    words = text[region.inner_start:region.inner_end].strip(" ,.").split()
    before = text[max(0, region.start - 12):region.start].rstrip().lower()
    after_name = before.endswith(("’s", "'s", " on", " in", " of", " from", " to", " by", " for", " as", " the",
                                  " and"))
    small = {"a", "an", "the", "of", "and", "in", "on", "to", "for", "with", "at"}
    titled = all(w[:1].isupper() or w in small for w in words)
    # ''An American Son,'' ''Trump Revealed'': a few words in title case name a book, a show or a film
    named = 2 <= len(words) <= 8 and titled and sum(w not in small for w in words) >= 2 \
        and not text[region.inner_start:region.inner_end].rstrip(" ,.’'\"”").endswith(("!", "?"))
    return (0 < len(words) <= 6 and after_name and titled) or named


def _stands_alone(text: str, first: Region, last: Region) -> bool:
    """An uncued quotation is a whole sentence or paragraph of its own, not words inside another sentence."""
    before = text[:first.start].rstrip(" \t")
    after = text[last.end:].lstrip(" \t")
    opens = not before or before.endswith(("\n", ".", "!", "?", ":", "”", '"'))
    closes = not after or after.startswith("\n") or not last.closed or text[last.inner_end - 1] in ".!?"
    return opens and closes
