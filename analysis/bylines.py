"""The wire's own furniture in an article's text: bylines, datelines, credits and section labels.

None of it is news: "By Malcolm Foster", "ERIMO, Japan, Oct 19 (Reuters) -", "Reporting by Jack Kim; Editing by
Lincoln Feast", "Yoongjung Seo in Seoul contributed to this report", a photo caption's "Reuters" run into the
next name, or a web page's all-capital teaser label ("LUXOR HOTEL BROKEN"). Names inside these spans are
never actors or speakers, so a reporter's surname cannot become the person a story is about.

Plain string code: text in, character spans out.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
WORDS = json.loads((DATA / "wire_furniture.json").read_text(encoding="utf-8"))
AGENCIES: tuple[str, ...] = tuple(WORDS["agencies"])  # wire services and photo agencies
_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_PROMOTION = "|".join(re.escape(p) for p in WORDS["promotions"])
_LABEL_LINE = "|".join(re.escape(p) for p in WORDS["label_lines"])
_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|de|van|von|bin|al|el|la|du))*"
# A photographer signs with a full name: "REUTERS/Kim Kyung-Hoon", never "Reuters/Ipsos poll".
_FULL_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)+"
_PLACE = r"[A-Z][A-Za-z.'’-]*(?:(?:[ \t]+|/)[A-Z][A-Za-z.'’-]*)*"  # "SEOUL/WASHINGTON"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"

PATTERNS: dict[str, str] = {
    # A line that is only a byline: "By Malcolm Foster", "By MALCOLM FOSTER and JIM HEINTZ, Associated Press".
    "byline": rf"(?m)^[ \t]*By[ \t]+{_NAME}(?:(?:,[ \t]*|[ \t]+and[ \t]+){_NAME})*[ \t]*(?:[|,][ \t]*[\w .]+)?[ \t]*$",
    # "SEOUL (Reuters) -", "ERIMO, Japan, Oct 19 (Reuters) -", "(CNN)" at the start of a line.
    "dateline": rf"(?m)^[ \t]*(?:{_PLACE}(?:,[ \t]*{_PLACE}){{0,2}},?[ \t]+)?(?:{_MONTH}[ \t]+\d{{1,2}},?[ \t]+)?"
                rf"\((?:{_AGENCY})(?:[ \t]*/[ \t]*{_NAME})?\)[ \t]*(?:[-–—]+[ \t]*)?",
    # "Reporting by ...; Editing by ...", "Additional reporting by ...", "Photo: ..." to the end of the line.
    "credit": r"(?m)\(?(?:(?:Additional|Further)[ \t]+reporting|Reporting|Writing|Editing|Edtitng|Compiled|Produced)"
              r"[ \t]+by[ \t]+[^\n]*|^[ \t]*(?:Photo|Photos|Image|Images|Video)(?:[ \t]+credit)?:[^\n]*",
    # "Yoongjung Seo in Seoul and Yuki Oda in Tokyo contributed to this report."
    "contributor": r"(?m)(?:^|(?<=[.!?][ \t]))[^.!?\n]{0,200}\bcontributed (?:reporting )?(?:to this (?:report|story)"
                   r"|from [A-Z][^.!?\n]{0,60})\.?",
    # A photographer's credit: "REUTERS/Kim Kyung-Hoon", "(Mark Schiefelbein/AP)", "(Hyung Min-woo/Yonhap via AP)",
    # "Issei Kato / Reuters" opening a caption, "AP:Associated Press", "TPX IMAGES OF THE DAY".
    "photo": rf"(?:\b(?:{_AGENCY})[ \t]*/[ \t]*{_FULL_NAME}(?:[ \t]+TPX IMAGES OF THE DAY)?"
             rf"|\((?:{_NAME}[ \t]*/[ \t]*)+(?:{_AGENCY})(?:[ \t]+via[ \t]+(?:{_AGENCY}))?\)"
             rf"|\([^()\n]{{0,80}}(?:/|\bvia\b)[ \t]*(?:{_AGENCY})\)"
             rf"|(?m:^)[ \t]*{_NAME}[ \t]*/[ \t]*(?:{_AGENCY})\b"
             rf"|\bAP:Associated Press\b)",
    # A page's own promotions, kept by crawlers as text: video teasers, "Advertisement Continue reading the main
    # story", newsletter boxes, "Like ... on Facebook", a tip line; a line of its own that says only "Photo".
    "promo": rf"(?m)^[^\n]{{0,600}}(?:{_PROMOTION})[^\n]{{0,600}}$|^[ \t]*(?:{_LABEL_LINE})[ \t]*$",
    # A caption that starts with its agency: "Reuters North Korean leader Kim Jong Un celebrates ..."
    "caption": rf"(?m)^[ \t]*(?:{_AGENCY})(?=[ \t]+[A-Z])",
    # A run of two to six all-capital words run into the next sentence: a web page's teaser label ("SHARP TASTE
    # Man found ...", "LUXOR HOTEL BROKEN Windows ..."); an all-capital headline line stays as it is.
    "label": r"(?<![\w’'])[A-Z][A-Z’'&-]+(?:[ \t]+[A-Z][A-Z’'&-]+){1,5}(?=[ \t]+['‘’\"“]?[A-Z][a-z])",
}


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern[str]]:
    return {kind: re.compile(pattern) for kind, pattern in PATTERNS.items()}


def furniture(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every byline, dateline, credit, caption agency and label in ``text``, in order.

    "By Malcolm Foster" on its own line is a byline; "By comparison, the Saturn 5 had five engines." is not.
    A label is two or more all-capital words run into a sentence: "THIS is the moment" is not one, nor is a
    headline in capitals ("SOCCER - JAPAN GET LUCKY WIN ."); "NEW YORK (AP) -" is a dateline.
    """
    spans = []
    for kind, pattern in _compiled().items():
        for m in pattern.finditer(text):
            if m.end() > m.start() and (kind != "label" or _is_label(m.group(0))) \
                    and (kind != "photo" or not _POLL.search(m.group(0))):
                spans.append((m.start(), m.end(), kind))
    return sorted(spans)


_POLL = re.compile(r"\b(?:Poll|Polls|Survey)\b")  # "Reuters/Ipsos Poll" names a poll, not a photographer


def _is_label(run: str) -> bool:
    """All-capital words that read as a label, not a name in capitals: at least one word of four letters."""
    words = run.split()
    return sum(len(w.strip("’'&-")) >= 4 for w in words) >= 1 and not all(len(w) <= 3 for w in words)


def inside(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of ``spans``."""
    return any(s < end and start < e for s, e, _ in spans)
