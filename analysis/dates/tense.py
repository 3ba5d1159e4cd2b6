"""The tense of the clause that governs a temporal expression: past, present or future.

"On Friday" in "exploded on Friday" is the Friday before publication, in "will meet on Friday" the next; the
tense is read from the governing verb, its auxiliaries and the plan words it depends on ("plans to visit").
"""

from __future__ import annotations

from functools import cache
from typing import Any

from spacy.tokens import Span

from analysis.dates.words import words

_MODALS = {"must", "should", "can", "may", "might", "could", "would", "ca", "need"}
_FORWARD_PREPS = {"by", "until", "till", "through", "effective", "before", "starting", "beginning", "from", "to"}


@cache
def _future_auxiliaries() -> frozenset[str]:
    """The future cues that make their verb future by themselves: will, shall, 'll, wo (of "won't")."""
    return frozenset(w for w, kind in words()["future_cues"].items() if kind == "auxiliary")


def governing_verb(span: Span) -> Any:
    """The verb a temporal expression depends on (walking up through nouns and prepositions), or None."""
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok is not span.root:
            return tok
        if tok.head is tok:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def clause_tense(span: Span) -> str:
    """"past", "present" or "future": the tense of the verb that governs ``span``.

    Future when the verb or a verb it depends on carries will/shall or a plan word ("plans to", "is expected
    to"); past for past and perfect forms; "present" also stands for "unknown" (modals, infinitives,
    deadlines after "by"/"until"), which resolves to the nearest occurrence.
    """
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text in ("'s", "'"):
        return "past"  # "Friday's ruling", "Thursday's closing price"
    if span.root.dep_ in ("compound", "nmod", "amod", "nummod"):
        return "present"  # "the Jan. 14 deadline": the noun's time, not the verb's
    verb = governing_verb(span)
    if verb is None:
        return "present"
    cues = set(words()["future_cues"])
    forward = span.start > 0 and doc[span.start - 1].lower_ in _FORWARD_PREPS
    node = verb
    for _ in range(4):
        auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
        lowers = {a.lower_ for a in auxes}
        if lowers & _future_auxiliaries():
            return "future"
        if node.lemma_.lower() in cues and node.lemma_.lower() not in ("would", "want"):
            return "future" if node is not verb and node.tag_ != "VBD" else "present"
        if lowers & _MODALS:
            return "past" if "have" in {a.lemma_ for a in auxes} and node.tag_ == "VBN" else "present"
        if "to" in lowers and node.tag_ == "VB":
            if node.head is not node and node.head.lemma_.lower() in cues:
                return "future"
            return "present"
        past = node.tag_ == "VBD" or any(a.morph.get("Tense") == ["Past"] or a.lemma_ == "have" for a in auxes)
        if past or (node.tag_ == "VBN" and not auxes and node.dep_ in ("acl", "relcl", "ROOT", "conj", "ccomp", "advcl")):
            return "present" if forward else "past"
        if node.tag_ in ("VBZ", "VBP") or node.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "acl") \
                or node.head is node:
            break
        node = node.head
    return "present"
