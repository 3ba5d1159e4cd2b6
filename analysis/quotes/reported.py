"""Reported speech: the clause a cue governs outside quote marks, with the cue's subject as speaker.

``X said that ...``, ``X believes ...``, ``X accused Y of ...`` (the content is "Y of ..."), ``X vowed to
...``, ``X called for a ban``, ``According to X, ...``. A clause wholly in marks is a direct quotation
(``said that “...”``), one holding quoted words is mixed; ``No one expects ...`` attributes nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.quotes.cues import Cue, _lookup
from analysis.quotes.marks import Region, _in_regions, _trim
from analysis.quotes.rows import _Row
from analysis.quotes.speakers import _noun_phrase, _passive_participle, _speaker, _subject
from analysis.quotes.text import _text

NOBODY = {"nobody", "none", "no-one", "noone", "neither"}


def _reported_speech(doc: Doc, regions: list[Region], cues: dict[str, Cue], direct: list[_Row]) -> list[_Row]:
    """The clause each cue governs outside quote marks and outside the quotations already found."""
    quoted = _in_regions(regions)
    taken: set[int] = set()
    for r in direct:
        taken.update(range(r.start, r.end))
    rows: list[_Row] = []
    phrases = [c.cue.split() for c in cues.values() if c.cls == "source"]
    first_words = {p[0] for p in phrases}
    for tok in doc:
        if tok.idx in quoted or tok.idx in taken:
            continue
        phrase = next((p for p in phrases if [t.lower_ for t in doc[tok.i:tok.i + len(p)]] == p),
                      None) if tok.lower_ in first_words else None
        if phrase is not None:
            row = _according_to(doc, doc[tok.i:tok.i + len(phrase)], regions)
        else:
            cue = _lookup(tok, cues)
            if cue is None or cue.cls == "source" or cue.after_only or tok.pos_ not in ("VERB", "AUX"):
                continue
            row = _clause_content(doc, tok, cue, regions)
        if row is None or not row.quote.strip():
            continue
        if any(r.start <= row.start < r.end or row.start <= r.start < row.end for r in direct + rows):
            continue
        rows.append(row)
    return rows


def _clause_content(doc: Doc, verb: Token, cue: Cue, regions: list[Region]) -> _Row | None:
    """``X said that ...`` / ``X believes ...`` / ``X accused Y of ...`` / ``X vowed to ...``."""
    clause = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    if not clause:
        clause = [c for c in verb.children if c.dep_ == "ccomp" and not (c.i < verb.i and _quoted_tok(c, regions))]
    toks: list[Token] = []
    if clause:
        toks = list(clause[0].subtree)
    elif cue.cls == "accuse":
        obj = [c for c in verb.children if c.dep_ == "dobj"]
        prep = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "over")]
        if obj and prep:
            toks = list(obj[0].subtree) + list(prep[0].subtree)
    if not toks and cue.to_clause:
        xcomp = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        if xcomp:
            toks = list(xcomp[0].subtree)
    if not toks and cue.objects:  # "called for a ban", "denied the allegations"
        for c in verb.children:
            if c.i < verb.i or (_quoted_tok(c, regions) and not any(r.inner_start == c.idx for r in regions)):
                continue  # a word inside a quoted phrase ("called it “another super Tuesday for us”")
            if c.dep_ == "dobj" and "dobj" in cue.objects:
                toks = list(c.subtree)
            elif c.dep_ == "dobj" and "oprd" in cue.objects:  # "called him a liar"
                oprd = [o for o in verb.children if o.dep_ in ("oprd", "xcomp") and o.i > c.i]
                toks = list(c.subtree) + list(oprd[0].subtree) if oprd else []
            elif c.dep_ == "prep" and c.lower_ in cue.objects:
                pobj = [p for p in c.children if p.dep_ in ("pobj", "pcomp") and p.ent_type_ not in ("DATE", "TIME")]
                toks = list(pobj[0].subtree) if pobj else []  # "spoke on Wednesday" says nothing
            if toks:
                break
    if not toks:
        return None
    # "Asked about it, Christie said ...": the one asked is no speaker (a cue after a quotation is
    # often tagged VBN in error, so this holds for reported speech only)
    subj = None if _passive_participle(verb) else _speaker(_subject(verb, set()))
    if subj is None or subj.root.lower_ in NOBODY or any(t.lower_ == "no" for t in subj):
        return None  # "No one expects ..." attributes nothing to anyone
    row = _span_row(doc, sorted(toks, key=lambda t: t.i), regions, cue.cue, verb)
    if row is not None:
        row.subject = subj
    return row


def _according_to(doc: Doc, phrase: Span, regions: list[Region]) -> _Row | None:
    """``According to X, ...`` / ``In the words of X, ...``: the rest of the sentence is X's claim."""
    prep = phrase[-1]
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    source = {t.i for tok in phrase for t in tok.subtree}
    sent = phrase.sent
    toks = [t for t in sent if t.i not in source and not (t.is_punct and t.i in (sent.start, sent.end - 1))]
    if len(toks) < 3:
        return None
    row = _span_row(doc, toks, regions, phrase.text.lower(), phrase[0])
    if row is not None:
        row.subject = _noun_phrase(pobj)
    return row


def _span_row(doc: Doc, toks: list[Token], regions: list[Region], cue: str, anchor: Token) -> _Row | None:
    toks = [t for t in toks if not (t.is_punct and t.text not in "“”\"‘’'")] or toks
    mark = next((t for t in toks if t.dep_ == "mark" and t.lower_ == "that"), None)
    if mark is not None and mark.head.dep_ == "ccomp":
        toks = [t for t in toks if t.i > mark.i]
    if toks:
        line = [t for t in toks if t.i >= anchor.i] if any(t.i > anchor.i for t in toks) else toks
        para_end = _text(doc).find("\n", anchor.idx)
        para_start = _text(doc).rfind("\n", 0, anchor.idx) + 1
        toks = [t for t in toks if para_start <= t.idx and (para_end < 0 or t.idx < para_end)] or line
    if not toks:
        return None
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t) for t in toks)
    while toks and toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "whether", "if") and len(toks) > 1:
        toks = toks[1:]
        start = toks[0].idx
    text = _text(doc)
    start, end = _trim(text, start, end)
    while end > start and text[end - 1] in ".!?":
        end -= 1
    if end - start < 3:
        return None
    for r in regions:  # a content that opens a quotation takes all of it ("that “... . I think ...”")
        if r.closed and r.start - 1 <= start <= r.inner_start and r.end > end:
            end = r.end
    inner = [r for r in regions if r.start >= start - 1 and r.end <= end + 2]
    content = [i for i in range(start, end) if not text[i].isspace()]
    for r in inner:  # a reported clause wholly in marks is a direct quotation ("said that “...”"); with words
        # of the reporter's own before it ("said it was “irresponsible ...”") it is mixed
        if r.closed and not any(text[i].isalnum() for i in content if not r.start <= i < r.end):
            s, e = _trim(text, r.inner_start, r.inner_end)
            return _Row(s, e, text[s:e], "direct", cue=cue)
    kind = "mixed" if any(len(text[r.inner_start:r.inner_end].split()) >= 2 for r in inner) else "indirect"
    if kind == "mixed":  # the content ends with the closing mark of its last quoted fragment
        end = max(end, max(r.end for r in inner if r.closed) if any(r.closed for r in inner) else end)
    return _Row(start, end, text[start:end], kind, cue=cue)


def _quoted_tok(tok: Token, regions: list[Region]) -> bool:
    return any(r.start <= tok.idx < r.end for r in regions)


# Words a clause's verb may not be: a participle that only describes a noun ("brutal working conditions").
_MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss"}
MIN_PHRASE_WORDS = 4  # a noun phrase this long names what was said; a shorter one is a scrap ("the leader")
MIN_INFINITIVE_WORDS = 5  # "vowed to repeal the law" reports a stance; "threatened to use on Guam" is a fragment


MIN_QUOTE_WORDS = 3  # under this, words in marks or not are a quotation only with a verb of their own


def _is_scrap(doc: Doc, row: _Row) -> bool:
    """A row of one or two words with no verb ("blood everywhere", "significant", "deep space"): an analyst
    reading the Quotes page wants statements, and these say nothing on their own."""
    span = doc.char_span(row.start, row.end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    return len(words) < MIN_QUOTE_WORDS and not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in _MODIFIER_DEPS
                                                    for t in words)


def _is_statement(doc: Doc, row: _Row) -> bool:
    """Whether reported content states something: a clause, not a bare noun phrase or a scrap of one.

    "the projectile was fired from the Sunan region" and "the test a success" ("declared the test a
    success": a clause without its verb) are statements; "the leader" (described X as ...), "brutal working
    conditions in warehouse" (revealed ...) and "to use on Guam" (threatened ...) are not.
    """
    span = doc.char_span(row.start, row.end, alignment_mode="expand")
    if span is None:
        return True
    words = [t for t in span if not t.is_punct and not t.is_space]
    if words and words[0].lower_ == "to" and len(words) < MIN_INFINITIVE_WORDS:
        return False
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in _MODIFIER_DEPS for t in words):
        return True
    if len(words) >= MIN_PHRASE_WORDS:  # "denied the allegations of fraud in the election": what was denied
        return True
    return any(t.dep_ in ("oprd", "attr", "acomp") or (t.dep_ == "nsubj" and span.start <= t.head.i < span.end)
               for t in words) and len(words) >= 3
