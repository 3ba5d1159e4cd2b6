"""The speaker of a quotation or a reported clause, as a span of the text, found at its cue or without one.

At a cue: its subject (``Kovalenko said``), the name after an inverted one (``"...," added Murphy``), a name
with its apposition (``Brent Bozell, founder of ..., said``); a date says nothing (``..., said Thursday``).
Without a cue: the name a colon hands the line over to (``Republican pollster Daron Shaw: “...”``), a dash
byline (``“...” ― Carla Sanchez``), a transcript label (``WALLACE: Let's start ...``), or the speaker of the
sentence or quotation before.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from analysis import dates
from analysis.quotes.cues import NP_DEPS, Cue, _is_cue
from analysis.quotes.marks import Region
from analysis.quotes.resolution import _Context, _is_person
from analysis.quotes.rows import _Row
from analysis.quotes.text import _stops, _text

# "From Bush's Facebook post:": the source a colon hands the line over to
FROM_SOURCE = re.compile(r"(?:^|[.!?:]\s+)(?:More\s+)?[Ff]rom\s+([^.!?:\n]{2,80})$")
NAME = r"[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,5}"
# "Pollsters agree - Carl Bialik: “...”": a name after a dash hands the line over to the quotation
COLON_BYLINE = re.compile(rf"[^\S\n][―—–-]{{1,2}}[^\S\n]*({NAME})[^\S\n]*:[^\S\n]*$")
# a name after a dash ends the quotation's line, or stands on the next one alone
DASH_BYLINE = re.compile(r"[^\S\n]*\n{0,2}[^\S\n]*[―—–-]{1,2}[^\S\n]*([A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,5})"
                         r"[^\S\n]*[.,]?[^\S\n]*(?:\n|$)")
TRANSCRIPT_LABEL = re.compile(r"((?:[A-Z][A-Z.'’-]+)(?: [A-Z][A-Z.'’-]+){0,2}): +")


# --- the speaker at a cue ------------------------------------------------------------------------

def _subject(verb: Token, quoted: set[int]) -> Span | None:
    """The subject of a cue verb, or of the verb it hangs from ("..., saying ...", "and added")."""
    seen = 0
    tok: Token | None = verb
    deps = ("nsubj",)
    while tok is not None and seen < 4:
        if tok.idx in quoted and tok.head is not tok:  # "..., adding" hung from a verb inside a quotation
            tok, seen = tok.head, seen + 1
            continue
        subj = [c for c in tok.children if c.dep_ in deps and c.idx not in quoted]
        if subj and "\n" not in _text(tok.doc)[min(subj[0].idx, tok.idx):max(subj[0].idx, tok.idx)]:
            return _noun_phrase(subj[0])
        if subj:
            return _left_noun(tok)
        agent = [c for c in tok.children if c.dep_ == "agent"]
        if agent:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
            return _noun_phrase(pobj[0]) if pobj else None
        if tok.dep_ == "acl" and (tok.head.pos_ in ("NOUN", "PROPN") or any(
                c.dep_ == "det" for c in tok.head.children)) and tok.head.i < tok.i \
                and tok.head.idx not in quoted \
                and not (tok.head.ent_type_ in ("DATE", "TIME") and tok.head.pos_ in ("NOUN", "PROPN")):
            noun = tok.head
            while noun.dep_ == "conj" and noun.head is not noun:  # "used a post and an interview to accuse"
                noun = noun.head
            if noun.dep_ in ("dobj", "dative", "pobj", "npadvmod") and noun.head is not noun:
                tok, seen = noun.head, seen + 1  # "emailed supporters saying": the one who emailed
                continue
            return _noun_phrase(tok.head)  # "the 43-year-old asked"
        if tok.dep_ == "conj" and tok.head.dep_ == "ccomp" and tok.head.head.pos_ in ("VERB", "AUX") \
                and tok.head.head.i < tok.head.i:
            tok = tok.head.head  # "said it was too early but added, ...": the parse joins "added" to the clause
            seen += 1
            continue
        if tok.dep_ == "conj" and not any(c.dep_ == "cc" and c.i < tok.i for c in tok.head.children) \
                and (named := _before_participle(tok)) is not None:
            return named  # "came after the newspaper Chosun Ilbo, quoting sources, reported": no "and", a misparse
        if (tok.dep_ in ("advcl", "conj", "xcomp", "pcomp", "prep")
                or (tok.dep_ == "dep" and tok.pos_ == tok.head.pos_ == "VERB")) and tok.head is not tok:
            # "Mr. Trump was prompted to say": the passive subject of the verb a to-infinitive cue hangs from
            deps = ("nsubj", "nsubjpass") if tok.dep_ == "xcomp" else ("nsubj",)
            tok = tok.head  # "then leaned in and boomed:": the parse leaves "leaned" unlabelled
            seen += 1
            continue
        return (_main_subject(verb, quoted) or _fronted_name(verb, quoted)) if tok is verb else None
    return None


def _fronted_name(verb: Token, quoted: set[int]) -> Span | None:
    """``From Washington, Susan Rice, President Obama's national security adviser, said ...``: the parse hung the
    name on the fronted phrase; the person named just before the verb, with only an apposition between, speaks."""
    if verb.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    doc = verb.doc
    for ent in reversed([e for e in doc.ents if verb.sent.start <= e.start and e.end <= verb.i]):
        if ent.label_ != "PERSON" or ent.start_char in quoted:
            continue
        between = doc[ent.end:verb.i]
        if all(t.is_punct or ent.root in t.ancestors for t in between) and (not len(between) or between[-1].text == ","):
            return ent  # (a name inside the apposition, "Obama" of "President Obama's adviser", is passed over)
    return None


def _before_participle(verb: Token) -> Span | None:
    """The noun just before a comma-set participle phrase that ends at the verb: "Chosun Ilbo" of "..., the
    newspaper Chosun Ilbo, quoting anonymous sources, reported"."""
    doc, i = verb.doc, verb.i - 1
    if i < 1 or doc[i].text != ",":
        return None
    j = i - 1
    while j > verb.sent.start and doc[j].text != ",":
        j -= 1
    if doc[j].text != "," or j + 1 >= i or doc[j + 1].tag_ != "VBG" or doc[j - 1].pos_ not in ("PROPN", "NOUN"):
        return None
    return _noun_phrase(doc[j - 1])


def _main_subject(verb: Token, quoted: set[int]) -> Span | None:
    """``Flea shared the news, writing “...”``: a participle after a comma speaks for the subject of the
    clause before it, when the parse hung it elsewhere."""
    before = next((t for t in reversed(verb.doc[verb.sent.start:verb.i]) if not t.is_space), None)
    if verb.tag_ != "VBG" or before is None or before.text != ",":
        return None
    for t in reversed(verb.doc[verb.sent.start:before.i]):
        subj = next((c for c in t.children if c.dep_ == "nsubj" and c.idx not in quoted), None)
        if t.pos_ == "VERB" and subj is not None:
            return _noun_phrase(subj)
    return None


def _adjacent_name(doc: Doc, verb: Token, ctx: _Context) -> Span | None:
    """A person or organisation named right before the cue ("... Chief Chuck Jordan said"), or right after an
    inverted one: the speaker when the parse of the sentence went astray."""
    before = next((t for t in reversed(doc[max(0, verb.i - 3):verb.i]) if not t.is_space), None)
    after = next((t for t in doc[verb.i + 1:verb.i + 3] if not t.is_space), None)
    for tok, edge in ((before, "end"), (after, "start")):
        if tok is None or (tok is after and not (before is not None and before.is_punct)):
            continue
        m = ctx.mention_at(tok.idx, tok.idx + len(tok), tok.idx)
        if m is None or not (_is_person(m) or m.get("actor_type") == "organization"):
            continue
        if int(m[edge]) == (tok.idx + len(tok) if edge == "end" else tok.idx):
            return doc.char_span(int(m["start"]), int(m["end"]), alignment_mode="expand")
    return None


def _passive_participle(verb: Token) -> bool:
    """``asked about ...``, ``when told ...``: a past participle with no subject and no perfect "have"."""
    return verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "ROOT", "conj") and not any(
        c.dep_ in ("nsubj", "aux") for c in verb.children)


def _speaker(subj: Span | None) -> Span | None:
    """A subject that can speak: not a date or a time ("last week", "9:50 p.m.", "Thursday")."""
    if subj is None or (subj.root.ent_type_ in ("DATE", "TIME", "MONEY", "QUANTITY") and subj.root.pos_ != "ADJ"):
        return None
    calendar = dates.words()
    if subj.root.lower_ in calendar["weekdays"] or (subj.root.lower_ in calendar["months"] and len(subj) == 1
                                                    and subj.root.ent_type_ != "PERSON"):
        return None
    return subj


def _noun_phrase(tok: Token) -> Span:
    """The subject as written: its determiner, modifiers and compounds, without clauses hanging off it."""
    mods = [c for c in tok.lefts if c.dep_ in NP_DEPS]
    start = min([t.i for c in mods for t in c.subtree] + [tok.i])
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("compound", "flat") and c.i == end:
            end += 1
    return tok.doc[start:end]


def _near_noun(verb: Token, quoted: set[int]) -> Span | None:
    """When the parse gives a cue no subject: the name or noun right before it, or right after it
    ("Continued Stone:", "..., tells Breitbart")."""
    before = next((t for t in reversed(verb.doc[max(0, verb.i - 3):verb.i]) if not t.is_space), None)
    inverted = before is not None and before.is_punct  # '"...," added Murphy'
    after = next((t for t in verb.doc[verb.i + 1:verb.i + 4] if t.idx not in quoted
                  and (t.pos_ in ("PROPN", "PRON") or (inverted and t.pos_ == "NOUN"))  # '"...?" asked the boy'
                  and (inverted or t.dep_ not in ("dobj", "dative", "pobj"))
                  and _speaker(t.doc[t.i:t.i + 1]) is not None), None)  # "..., said Thursday": a day says nothing
    while after is not None and after.dep_ in ("compound", "poss") and after.head.i > after.i \
            and after.head.i <= verb.i + 5:
        after = after.head  # "said a South Carolina Democrat": the whole name; "Clinton's introducer"
    if inverted and after is not None and after.pos_ == "NOUN":
        # "exhorted Clinton's introducer, actress Jamie Lee Curtis": the name in apposition
        after = next((c for c in after.children if c.dep_ == "appos" and c.pos_ == "PROPN"), after)
    if inverted and after is not None and after.dep_ not in ("dobj", "dative", "pobj"):
        return _noun_phrase(after)
    left = _left_noun(verb)
    if left is not None and left.start_char in quoted:
        left = None  # the words of the quotation itself speak for no one
    return left or (_noun_phrase(after) if after is not None else None)


def _left_noun(verb: Token) -> Span | None:
    """The noun right before a cue verb in its own line, when the parse took a subject from another line."""
    for k in range(verb.i - 1, max(-1, verb.i - 6), -1):
        t = verb.doc[k]
        if "\n" in t.text_with_ws:
            return None
        if t.is_space:
            continue
        if t.pos_ in ("PROPN", "NOUN", "PRON") and not (t.dep_ == "appos" or t.head.dep_ == "appos"):
            return _noun_phrase(t)
        app = t if t.dep_ == "appos" else t.head
        if t.pos_ in ("PROPN", "NOUN") and app.dep_ == "appos":
            if app.pos_ == "PROPN":
                return _noun_phrase(app)  # "her senior policy adviser, Jake Sullivan, said:"
            if app.head.pos_ == "PROPN" and app.head.i < app.i:
                return _noun_phrase(app.head)  # "Flynn, a top Trump surrogate, said"
        if not (t.dep_ in ("aux", "neg", "advmod", "punct", "nummod", "appos") or t.pos_ in ("NUM", "PUNCT")):
            return None
    return None


# --- a speaker without a cue: colons, bylines, transcript labels, the context --------------------

def _colon_speaker(doc: Doc, region: Region, quoted: set[int], ctx: _Context) -> tuple[str, Span] | None:
    """``Republican pollster Daron Shaw: “...”`` / ``According to HuffPo: “...”``: a name ends the line
    or clause that the colon hands over to the quotation."""
    text = _text(doc)
    k = region.start
    while k > 0 and text[k - 1].isspace():
        k -= 1
    if k == 0 or text[k - 1] != ":":
        return None
    colon = doc.char_span(k - 1, k, alignment_mode="expand")
    if colon is None or colon.start == 0:
        return None
    last = doc[colon.start - 1]
    line_start = text.rfind("\n", 0, k) + 1
    source = FROM_SOURCE.search(text, line_start, k - 1)
    if source is not None:  # "From Bush's Facebook post:": the post's author, else the document
        span = doc.char_span(source.start(1), source.end(1), alignment_mode="expand")
        if span is not None:
            owner = next((c for c in span.root.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            return "", _noun_phrase(owner) if owner is not None else span
    top = last
    while top.head.i != top.i and top.head.i < colon.start and top.head.idx >= line_start:
        top = top.head
    # "McConnell delivered a message to Trump:": the name ends a clause with a speaker of its own
    own = _speaker(_subject(top, quoted)) if top.pos_ in ("VERB", "AUX") and top.i != last.i else None
    m_own = ctx.mention_at(own.start_char, own.end_char, own.root.idx) if own is not None else None
    owned = m_own is not None and (_is_person(m_own) or m_own.get("actor_type") == "organization")
    m = ctx.mention_at(last.idx, last.idx + len(last), last.idx)
    if m is not None and last.idx not in quoted and (_is_person(m) or m.get("actor_type") == "organization"):
        name = doc.char_span(int(m["start"]), int(m["end"]), alignment_mode="expand")
        if name is not None and name.end == colon.start and not (owned and own.end <= name.start):
            prev = doc[name.start - 2:name.start] if name.start >= 2 else None
            cue = "according to" if prev is not None and prev.text.lower() == "according to" else ""
            return cue, name
    if last.pos_ == "PROPN" and last.idx not in quoted and not owned:
        return "", _noun_phrase(last)  # "Pollsters agree - Carl Bialik:"
    # "17-year-old Jared Potts echoed:", "Clinton has since apologized for what happened:": the subject of
    # the clause the colon ends (the parse often hangs that clause from the quotation)
    if top.pos_ in ("VERB", "AUX") and top.idx not in quoted:
        verb = top
    else:
        verb = colon[0].head if colon[0].head.pos_ in ("VERB", "AUX") else colon[0].sent.root
    if verb.idx in quoted or verb.pos_ not in ("VERB", "AUX") or verb.i > colon.start:
        return None
    subj = _subject(verb, quoted) or _near_noun(verb, quoted)
    if subj is None or subj.root.lower_ in ("it", "this", "that", "here", "there", "what", "which"):
        return None
    return verb.lemma_.lower(), subj


def _colon_byline(doc: Doc, region: Region) -> Span | None:
    """``Media shares blame - HuffPollster: “...”``: the name between a dash and the colon is the speaker."""
    text = _text(doc)
    found = COLON_BYLINE.search(text, text.rfind("\n", 0, region.start) + 1, region.start)
    if found is None:
        return None
    return doc.char_span(found.start(1), found.end(1), alignment_mode="expand")


def _dash_speaker(doc: Doc, region: Region) -> Span | None:
    """``“...” ― Carla Sanchez`` / ``"..."⏎⏎- Sanders.``: a name after a dash closes the quotation's line, or
    stands alone on the next one."""
    text = _text(doc)
    if not region.closed:
        return None
    found = DASH_BYLINE.match(text, region.end)
    if found is None or (text[region.end:found.start(1)].count("\n") > 2):
        return None
    span = doc.char_span(found.start(1), found.end(1), alignment_mode="expand")
    if span is None or not span[0].is_title or len(span) > 8:
        return None
    name = _noun_phrase(span[0]) if span[0].pos_ == "PROPN" else span[:1]
    while name.end < span.end and doc[name.end].is_title:
        name = doc[name.start:name.end + 1]  # "Christina N Luis Olidem": the parse splits long names
    return name


def _label_speaker(doc: Doc, region: Region, pieces: list[tuple[int, int]]
                   ) -> tuple[Span, list[tuple[int, int]]] | None:
    """``"WALLACE: Let's start ...`` in a transcript: the speaker's label opens the quotation and is no
    part of what was said."""
    text = _text(doc)
    found = TRANSCRIPT_LABEL.match(text, pieces[0][0])
    if found is None or found.end() >= pieces[0][1]:
        return None
    span = doc.char_span(found.start(1), found.end(1), alignment_mode="expand")
    if span is None:
        return None
    return span, [(found.end(), pieces[0][1]), *pieces[1:]]


def _context_speaker(doc: Doc, region: Region, cues: dict[str, Cue], quoted: set[int], rows: list[_Row],
                     ctx: _Context) -> tuple[str, Span | None]:
    """Speaker of a quotation with no cue of its own: the sentence before introduces it, or it goes on
    from the quotation just before (same speaker), or it stays unknown."""
    text = _text(doc)
    before = text[:region.start].rstrip()
    if rows and rows[-1].subject is not None and 0 <= region.start - rows[-1].end < 400:
        between = re.sub(r"[“”\"‘’']", " ", _without_headlines(text[rows[-1].end:region.start]))
        frame = between.split()
        cued_frame = rows[-1].subject.start_char >= rows[-1].end and len(frame) <= 10
        if not frame or (cued_frame and _stops(doc, rows[-1].end, region.start) <= 1):
            return rows[-1].cue, rows[-1].subject  # the same speaker goes on
    prev_sent = _previous_sentence(doc, region.start)
    if prev_sent is not None and prev_sent.end_char > (rows[-1].end if rows else -1) \
            and not _headline_line(text, prev_sent):  # a teaser line introduces nobody
        root = prev_sent.root
        verb = next((t for t in prev_sent if _is_cue(t, cues, direct=True, opening=True) and t.idx not in quoted),
                    None)
        if verb is not None and (before.endswith(":") or verb.dep_ == "ROOT"):
            return verb.lemma_.lower(), _subject(verb, quoted) or _near_noun(verb, quoted)
        subj = next((c for c in root.children if c.dep_ in ("nsubj",)), None)
        if subj is not None and ctx.is_person_token(subj):
            return "", _subject(root, quoted)
        return "", None
    return "", None


def _without_headlines(text: str) -> str:
    """``text`` without its lines that end in no punctuation: a web page's teaser or a subhead inside the
    body ("American tourist Matthew Galat woken by sirens after North Korea launches missile")."""
    lines = text.split("\n")
    if len(lines) < 3:
        return text if len(lines) < 2 or lines[-1].strip() or _ended(lines[0]) else lines[0]
    middle = [ln for ln in lines[1:-1] if _ended(ln)]
    return "\n".join([lines[0], *middle, lines[-1]])


def _headline_line(text: str, sent: Span) -> bool:
    """A sentence that is a line of its own ending in no punctuation: a teaser or a subhead."""
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.start_char)
    line = text[start:end if end >= 0 else len(text)]
    return not text[start:sent.start_char].strip() and sent.end_char >= start + len(line.rstrip()) \
        and not _ended(line)


def _ended(line: str) -> bool:
    return not line.strip() or line.rstrip()[-1] in ".!?:;,\"”’'…)]"


def _previous_sentence(doc: Doc, char: int) -> Span | None:
    """The sentence that introduces text starting at ``char``: the parser's sentence holding it when
    words come before it there, else the one before."""
    tok = doc.char_span(char, char + 1, alignment_mode="expand")
    if tok is None:
        return None
    sent = tok[0].sent
    lead = _text(doc)[sent.start_char:char].strip(" \n\t“\"")
    if lead:
        return sent
    if sent.start == 0:
        return None
    return doc[sent.start - 1].sent
