"""Cue verbs and phrases (``data/cues.csv``), and the cue that frames a quotation in marks.

``"...," Kovalenko said.``, ``"...," said Kovalenko.``, ``Ms Hewitt said: "..."``: a cue right after the
closing mark, or before the opening one. A cue read only after the quotation (``“...,” the editorial
read``) introduces none: ``She read “War and Peace”`` is no quotation; nor does a thought verb frame one
(``Burton thinks cats are "cuties"``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from analysis.quotes.marks import Region, _is_title
from analysis.quotes.text import _sentence_bounds, _stops, _text, _tokens_between

DATA = Path(__file__).resolve().parent.parent / "data"
CUES_FILE = DATA / "cues.csv"


@dataclass(frozen=True)
class Cue:
    """One row of ``data/cues.csv``."""

    cue: str
    cls: str  # speech, thought, accuse or source
    direct: bool  # may introduce a quotation in marks
    to_clause: bool  # its to-infinitive is reported content ("vowed to repeal it")
    objects: tuple[str, ...] = ()  # "dobj" or prepositions whose object is the content ("called for a ban")
    after_only: bool = False  # a cue only after the quotation it closes ("“...,” the letter read")
    addressee: bool = False  # its object is the person addressed, not what was said ("told reporters")


@lru_cache(maxsize=4)
def load_cues(path: str | Path = CUES_FILE) -> dict[str, Cue]:
    """Cue verbs (by lemma) and cue phrases ("according to") from the data file."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["cue"].strip().lower(): Cue(r["cue"].strip().lower(), r["class"].strip(),
                                               r["direct"] in ("yes", "after"), r["to_clause"] == "yes",
                                               tuple(o for o in (r.get("object") or "").split("|") if o),
                                               r["direct"] == "after", r.get("addressee") == "yes")
                for r in csv.DictReader(fh) if r.get("cue", "").strip()}


def _lookup(tok: Token, cues: dict[str, Cue]) -> Cue | None:
    """The cue a verb stands for, a phrasal one first ("shot back", "fired back")."""
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("prt", "advmod") and (cue := cues.get(f"{lemma} {c.lower_}")) is not None:
            return cue
    return cues.get(lemma)


def _verb_like(tok: Token) -> bool:
    """A verb, or a verb the tagger took for a noun after an infinitive "to" ("prompted it to state, ...")."""
    return tok.pos_ in ("VERB", "AUX") or (tok.tag_ in ("NN", "NNS") and tok.i > 0
                                          and tok.doc[tok.i - 1].tag_ == "TO")


def _is_cue(tok: Token, cues: dict[str, Cue], *, direct: bool = False, opening: bool = False) -> bool:
    """A cue verb; ``direct``: one that may frame a quotation, ``opening``: one that may introduce it."""
    cue = _lookup(tok, cues)
    if cue is None or cue.cls == "source" or not _verb_like(tok) or (opening and cue.after_only):
        return False
    return cue.direct or not direct


def _cue_lemma(tok: Token, cues: dict[str, Cue]) -> str:
    if (cue := _lookup(tok, cues)) is not None:
        return cue.cue
    return tok.lower_[:-1] if tok.lower_.endswith("s") and tok.lower_[:-1] in cues else tok.lower_


def _takes_addressee(tok: Token, cues: dict[str, Cue]) -> bool:
    """A cue whose object is the person addressed, not what was said (``She told reporters "We ..."``):
    the ``addressee`` column of ``data/cues.csv``."""
    cue = cues.get(tok.lemma_)
    return cue is not None and cue.addressee


# --- the cue of a quotation in marks -------------------------------------------------------------

# Tokens that may stand between a cue verb and the quote it introduces ("told reporters on Monday:").
FRAME_DEPS = {"nsubj", "dobj", "dative", "prep", "pobj", "npadvmod", "advmod", "det", "compound", "amod", "poss",
              "punct", "mark", "case", "nummod", "appos", "agent", "prt", "aux", "neg", "cc", "nmod", "pcomp"}
# with no colon or comma before a whole sentence in marks, what may follow the cue: the speaker, "that", a day
# or an adverb ('said Ryan “We ...”', 'said that “We ...”', 'said Monday “We ...”')
ADJACENT_DEPS = {"mark", "nsubj", "npadvmod", "punct", "advmod"}
# the words of a noun phrase around its head: a speaker's (speakers.py), or the person a cue addresses
NP_DEPS = {"det", "compound", "amod", "npadvmod", "poss", "nmod", "nummod", "case"}
# a "verb" in one of these roles (or capitalised) before a cue is a noun the tagger got wrong
# ("screenwriter Cole Haddon wrote", "Trump senior adviser Paul Manafort conceded")
NOMINAL_DEPS = ("nsubj", "dobj", "compound", "parataxis", "poss", "appos")
MAX_FRAME_TOKENS = 12
MAX_SPEAKER_TOKENS = 30  # a speaker with an apposition ("Brent Bozell, founder of ..., said")


def _cue_after(doc: Doc, region: Region, cues: dict[str, Cue], quoted: set[int]) -> Token | None:
    """``"...," Kovalenko said.`` / ``"...," said Kovalenko.``: a cue right after the closing mark."""
    if not region.closed:
        return None
    inner = _text(doc)[region.inner_start:region.inner_end].rstrip().rstrip("’'\"”").rstrip()
    if _is_title(_text(doc), region):
        return None
    _, right = _sentence_bounds(doc, region)
    # stop at the next quotation, not at a name in marks ("wearing “Ted Cruz” campaign pins, said")
    nxt = next((i for i in range(region.end, right) if i in quoted and not _short_name(doc, i)), right)
    toks = [t for t in _tokens_between(doc, region.end, nxt) if t.idx not in quoted]
    if not toks or toks[0].text in (".",):
        return None
    if inner.endswith(".") and not toks[0].is_punct:  # only a bare '“...sentence.” Trump said.' follows
        stop = next((k for k, t in enumerate(toks) if t.text in ".!?"), None)
        if stop is None or stop > 4 or not any(_is_cue(t, cues, direct=True) for t in toks[:stop]):
            return None
    if not inner.endswith((",", ".", "!", "?", "…", "—", "–", "-")) and toks[0].text not in (",", "—", "–"):
        return None  # words in marks running on into the sentence ("“no” to the plan"), not a quotation
    for i, t in enumerate(toks[:MAX_SPEAKER_TOKENS]):
        if _mistagged_cue(toks, i, cues):
            return t
        if _is_cue(t, cues, direct=True) and not _in_relative(t):
            # ("an intelligence source, who was not authorized to speak on the record, told Fox News")
            if any((p.pos_ in ("VERB", "AUX") and p.dep_ not in ("aux", "auxpass", *NOMINAL_DEPS)
                    and not p.is_title and not _in_modifier(p)) or (p.dep_ == "mark" and p.head.i == t.i)
                   for p in toks[:i]):
                return None  # another clause, or one the quotation is not part of ("... as the governor spoke")
            return t
        if t.text in (".", "!", "?", ";") or (i >= MAX_FRAME_TOKENS and t.dep_ in ("ROOT", "ccomp")):
            return None
    return None


def _short_name(doc: Doc, char: int) -> bool:
    """The quoted stretch at ``char`` is a few capitalised words, the name of a thing, not a quotation."""
    text = _text(doc)
    k = char
    while k < len(text) and text[k] in "“”\"‘’'":
        k += 1
    end = k
    while end < len(text) and text[end] not in "“”\"\n":
        end += 1
    words = text[k:end].split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words)


def _mistagged_cue(toks: list[Token], i: int, cues: dict[str, Cue]) -> bool:
    """``"...," the two write.`` / ``a voice-over in the ad states.``: a cue verb tagged as a noun,
    the last word of a short clause after the quotation, after a noun phrase of its own."""
    t = toks[i]
    if t.pos_ not in ("NOUN", "PROPN") or not 1 <= i <= MAX_FRAME_TOKENS or t.is_title or t.is_upper:
        return False
    cue = cues.get(_cue_lemma(t, cues))
    if cue is None or not cue.direct or cue.cls == "source":
        return False
    nxt = toks[i + 1].text if i + 1 < len(toks) else "."
    return nxt in (".", ",", "!", "?") and toks[0].lower_ in ("the", "a", "an", "one", "another", "two", "both")


def _in_relative(tok: Token) -> bool:
    """Inside a relative clause, which describes someone and is no cue of its own."""
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ == "relcl":
            return True
        if anc.dep_ in ("ROOT", "ccomp"):
            return False
    return False


def _in_modifier(tok: Token) -> bool:
    """Inside a clause that describes the speaker ("Bill Eastland, wearing a cowboy hat, said")."""
    if tok.dep_ in ("amod", "compound"):
        return True  # "the conservative-leaning newspaper wrote"
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ in ("acl", "relcl", "appos"):
            return True
        if anc.dep_ in ("ROOT", "ccomp"):
            return False
    return False


def _cue_before(doc: Doc, region: Region, cues: dict[str, Cue], quoted: set[int]) -> Token | None:
    """``Ms Hewitt said: "..."`` / ``He added, "..."``: the cue the quotation completes."""
    if _is_title(_text(doc), region):
        return None
    left, _ = _sentence_bounds(doc, region)
    toks = [t for t in _tokens_between(doc, left, region.start) if t.idx not in quoted]
    if not toks:
        return None
    for k in range(len(toks) - 1, max(-1, len(toks) - 1 - MAX_FRAME_TOKENS), -1):
        t = toks[k]
        if _is_cue(t, cues, direct=True, opening=True) and t.dep_ not in ("amod", "compound"):
            rest = toks[k + 1:]  # ("a written statement" is no cue, nor a clause of its own)
            if any(r.pos_ in ("VERB", "AUX") and r.dep_ not in ("amod", "compound") for r in rest):
                return None
            if rest and rest[-1].text in (":", ","):
                return t if all(r.dep_ in FRAME_DEPS or r.is_punct for r in rest) else None
            # no colon or comma: a whole sentence in marks, after "that", the person told or the speaker
            if not _text(doc)[region.inner_start:region.inner_end].lstrip()[:1].isupper():
                return t if _completes(doc, t, region, rest) else None
            ok = all((r.dep_ in ADJACENT_DEPS and (r.dep_ != "nsubj" or r.head.i == t.i)
                      and (r.dep_ != "mark" or r.i == rest[-1].i))
                     or (r.head.i == t.i and r.dep_ in ("dobj", "dative") and _takes_addressee(t, cues))
                     or (r.head.dep_ in ("nsubj", "dobj", "dative") and r.head.head.i == t.i and r.dep_ in NP_DEPS)
                     for r in rest)
            return t if ok else None
        if t.pos_ in ("VERB",) and t.dep_ not in ("amod",):
            return None
    return None


def _completes(doc: Doc, cue: Token, region: Region, rest: list[Token]) -> bool:
    """``Ryan said “anti-Semitic images, they’ve got no place ...”``: the quotation is what the cue says,
    right after it, and ends the sentence."""
    text = _text(doc)
    if not region.closed or any(not (r.dep_ == "mark" and r.lower_ == "that") for r in rest):
        return False
    inner = text[region.inner_start:region.inner_end].rstrip()
    after = text[region.end:].lstrip(" \t")
    if len(inner.split()) < 4 or not (inner.endswith((".", "!", "?")) or after[:1] in ("", "\n", ".", "!", "?")):
        return False
    return any(t.head.i == cue.i and t.dep_ in ("ccomp", "dobj", "xcomp", "attr", "oprd")
               for t in _tokens_between(doc, region.inner_start, region.inner_end))


def _mid_cue(text: str, a: Region, b: Region, doc: Doc, cues: dict[str, Cue]) -> bool:
    """``"...," he said, "..."``: a short cue between two quotations of one sentence joins them."""
    if not a.closed or "\n" in text[a.end:b.start]:
        return False
    between = text[a.end:b.start].strip()
    if not between or len(between.split()) > 6 or not between.endswith((",", ":")):
        return False
    if _stops(doc, a.end, b.start - 1):
        return False  # '"...," Trump said. He added, "..."': two sentences, two cues
    if not text[a.inner_start:a.inner_end].rstrip().endswith(","):
        return False
    return any(_is_cue(t, cues, direct=True) for t in _tokens_between(doc, a.end, b.start))
