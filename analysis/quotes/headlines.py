"""Headline attribution: ``Claim - military expert Kovalenko`` and ``Name: claim`` headlines, one row each,
offsets into the title."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from analysis.quotes.marks import _trim
from analysis.quotes.resolution import _full_names, _is_person

TITLE_SEPARATORS = (" - ", " – ", " — ", " -- ")


def title_quotes(title: str, article_id: str, mentions: list[dict[str, Any]], *,
                 nlp: Language | None = None) -> list[dict[str, Any]]:
    """``Claim - military expert Kovalenko`` and ``Name: claim`` headlines: one row, offsets into the title."""
    title = title.rstrip()
    people = [m for m in mentions if _is_person(m)]
    for sep in TITLE_SEPARATORS:
        k = title.rfind(sep)
        if k <= 0:
            continue
        claim, tail = title[:k], title[k + len(sep):]
        words = tail.split()
        if not 1 <= len(words) <= 6 or len(claim.split()) < 3 or not _has_word(claim):
            continue
        name_words: list[str] = []
        for w in reversed(words):
            if w[:1].isupper():
                name_words.insert(0, w)
            else:
                break
        if not name_words or (len(name_words) == len(words) and len(words) > 3):
            continue
        name = " ".join(name_words)
        m = _match_person(name, people)
        described = len(name_words) < len(words)
        if m is None and not (described and _title_person(title, k + len(sep), nlp)):
            continue
        name_start = len(title) - len(name)
        return [_title_row(title, 0, k, name, name_start, m, mentions, article_id)]
    colon = title.find(": ")
    if colon > 0 and len(title[:colon].split()) <= 4 and _has_word(title[colon + 2:]):
        name = title[:colon]
        m = _match_person(name, people)
        if m is not None:
            return [_title_row(title, colon + 2, len(title), name, 0, m, mentions, article_id)]
    return []


def _has_word(claim: str) -> bool:
    """Whether a headline's claim says anything: 'Caddell: “' is marks alone."""
    return any(ch.isalnum() for ch in claim)


def _title_person(title: str, start: int, nlp: Language | None) -> bool:
    if nlp is None:
        return False
    doc = nlp(title)
    return any(e.label_ == "PERSON" and e.start_char >= start for e in doc.ents)


def _match_person(name: str, people: list[dict[str, Any]]) -> dict[str, Any] | None:
    key = name.lower().strip()
    for m in people:
        actor = str(m.get("actor") or m.get("text") or "").lower()
        text = str(m.get("text") or "").lower()
        surname = actor.split()[-1] if actor else ""
        if key in (actor, text) or actor.endswith(" " + key) or (surname and key.endswith(" " + surname)):
            return m
    return None


def _title_row(title: str, start: int, end: int, name: str, name_start: int, m: dict[str, Any] | None,
               mentions: list[dict[str, Any]], article_id: str) -> dict[str, Any]:
    s, e = _trim(title, start, end)
    speaker = ""
    if m is not None:
        actor = str(m.get("actor") or m.get("text") or "")
        speaker = _full_names(mentions).get(actor.lower(), actor) if len(actor.split()) == 1 else actor
    inner = title[s:e]
    # direct between two marks: one mark alone is no opening and closing pair
    kind = "direct" if len(inner) > 1 and inner[:1] in "“\"‘'" and inner[-1:] in "”\"’'" else "indirect"
    if kind == "direct":
        s, e = s + 1, e - 1
    return {"article_id": article_id, "start": s, "end": e, "quote": title[s:e], "kind": kind, "speaker": speaker,
            "speaker_text": name, "speaker_start": name_start, "speaker_end": name_start + len(name), "cue": "",
            "in_title": True, "date": None}
