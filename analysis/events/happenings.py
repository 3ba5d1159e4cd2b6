"""Happenings an article reports without a date expression: events dated by the article (``date_source`` article).

"The company *has unveiled* the name of its new airliner", "North Korea *fired* a missile", "officials said North
Korea *fired* a missile", "*the launch* came ..." happen on the article's publication day. A clause reports a
happening when its verb is past ("fired", "was launched"), present perfect in the lead ("has unveiled") or "is
-ing" ("is recalling"), names no state or habit (``happenings.json``), and the reporter asserts it: a main clause,
or what a cue of speech reports. "X said" alone is a quote, not an event; so are the words inside quotation marks.
A clause under a statement dated the day before ("officials said *yesterday* North Korea fired a missile") is on
that day. Precision comes first: a sentence that dates another clause, a clause with a date or a duration of its
own, an aside between dashes, a happening pointed back at ("that explosion") or told again when the text dates
it elsewhere (the same type and subject), and a present perfect after the lead date nothing; an event needs an
actor taking part in its clause (not a place, not only the speaker).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span, Token

from analysis.events.clause import SUBJECTS, Article, event_row, objects_of, subject_of
from analysis.events.words import cue_classes, cue_rows, event_type, happening_words, hedges, is_event_noun, plan_cues

# the dependencies that open a clause of their own
_CLAUSES = ("ccomp", "parataxis", "advcl", "relcl", "acl", "conj", "xcomp", "csubj")
_LEAD = 3  # sentences of the body that report the news of the day: a present perfect there is that day's
# words that point back at a happening told before
_BACK_REFERENCE = frozenset({"that", "those", "this", "these"})


def _is_happening_noun(tok: Token) -> bool:
    """An event noun: "the launch", "the merger", or an event noun of ``event_types.csv`` ("the talks")."""
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in happening_words()["event_nouns"] or is_event_noun(tok))


def reporting_form(verb: Token) -> str:
    """How a verb's form reports a happening: ``past`` ("fired", "was launched"), ``perfect`` ("has unveiled",
    "has been sold") or ``progressive`` ("is recalling"); empty for any other form ("fires", "had fired",
    "will fire", "was firing", "to fire")."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.dep_ == "conj" and not auxes and verb.tag_ == "VBN":  # "has tested and launched": the first's form
        return reporting_form(verb.head)
    if any(a.lower_ in hedges() or a.lower_ == "to" for a in auxes):
        return ""
    perfect = [a for a in auxes if a.lemma_ == "have"]
    if verb.tag_ == "VBD" and not auxes:
        return "past"
    if verb.tag_ == "VBN" and perfect:
        return "perfect" if perfect[0].tag_ in ("VBZ", "VBP") else ""
    if verb.tag_ == "VBN" and any(a.dep_ == "auxpass" and a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBG" and verb.lower_ != "going" and \
            any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "progressive"
    return ""


def _hedged(node: Token) -> bool:
    """Negated, conditional, modal or habitual at ``node`` ("did not fire", "if it fires", "usually fires")."""
    words = happening_words()
    for c in node.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and low in hedges()):
            return True
        if c.dep_ == "mark" and low in words["conditional_marks"]:
            return True
        if c.dep_ in ("advmod", "npadvmod", "prep") and low in words["habitual_markers"]:
            return True
        if c.dep_ in ("npadvmod", "prep") and any(g.lower_ in words["habitual_markers"] for g in c.subtree):
            return True  # "every year", "since 2011"
    return node.lemma_.lower() in plan_cues()


def _cue_class(tok: Token) -> str:
    """The class of ``cues.csv`` a verb has ("speech", "accuse", ...), empty when it is no cue."""
    return cue_classes().get(tok.lemma_.lower(), "")


def _asserted(verb: Token) -> bool:
    """Does the reporter assert the clause: a main clause, one joined to it by "and", or what a cue of speech
    reports ("officials *said* North Korea fired a missile"), none of them hedged (see :func:`_hedged`)?"""
    words = happening_words()
    node = verb
    for _ in range(6):
        if _hedged(node):
            return False
        if node.dep_ == "ROOT":
            return True
        if node.dep_ == "conj":
            node = node.head
            continue
        cue = node.head
        if node.dep_ in ("ccomp", "parataxis") and _cue_class(cue) in words["asserting_cue_classes"] and \
                cue.lemma_.lower() not in words["unasserting_cues"] and cue.pos_ == "VERB":
            node = cue
            continue
        return False
    return False


def _event_verb(verb: Token) -> bool:
    """A verb that names a happening: no state ("remain", "own") unless the lexicon types it ("held talks" is a
    meeting), no plan ("prepared to launch"), no cue of speech ("said": a quote) unless the lexicon types it
    ("agreed to merge"), it judges in public without reporting words ("condemned the launch") or it is used as
    an ordinary verb ("is recalling 2 million cars")."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma in plan_cues() or any(c.dep_ == "xcomp" and _cue_class(c) for c in verb.children):
        return False  # "declined to speculate", "refused to say": no saying, and no happening
    typed = event_type(lemma, objects_of(verb)) not in ("other", "statement", "report")
    if lemma in happening_words()["stative_verbs"]:
        return typed
    cls = _cue_class(verb)
    if not cls:
        return True
    if any(c.dep_ in ("ccomp", "parataxis") for c in verb.children):
        return False  # "consultants agreed that ...": reported speech
    if typed:  # "agreed to merge" is an agreement, "accused China of ..." an accusation
        return True
    if cls in happening_words()["acting_cue_classes"]:
        return not any(c.dep_ == "xcomp" for c in verb.children)
    return not _frames_speech(verb)


def _frames_speech(verb: Token) -> bool:
    """Does a cue verb of ``cues.csv`` frame what was said? It does unless it acts on an object that is not its
    content: "Toyota is recalling 2 million cars", "UniFirst declared a stock split" are happenings, while
    "announced job cuts" (``announce`` takes its object as content), "told reporters" (an addressee), "said in a
    statement", a verb of ``speech_verbs`` whatever its object and a verb in a sentence with quotation marks report
    speech."""
    row = cue_rows()[verb.lemma_.lower()]
    takes = set(row["object"].split("|")) - {""}
    words = happening_words()
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if verb.lemma_.lower() in words["announcing_verbs"] and obj is not None and obj.pos_ == "NOUN" \
            and obj.lemma_.lower() not in words["announced_contents"] and not any(c.dep_ in ("acl", "relcl", "ccomp")
                                                                                  for c in obj.children):
        return False  # "announced 10,000 job cuts", "reported a second-quarter loss": what was done, not said
    if verb.lemma_.lower() in happening_words()["speech_verbs"] or "dobj" in takes or row["addressee"] == "yes" or not any(c.dep_ == "dobj" for c in verb.children):
        return True
    if any(c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ in takes) for c in verb.children):
        return True
    return any(mark in verb.sent.text for mark in ('"', "“", "”", "``"))


def _reported_words(verb: Token) -> list[Token]:
    """The words of ``verb``'s clause and of every clause that depends on it ("fired what it said was a rocket
    ... in 2009", "officials said on Monday", "boarded the ship and questioned its crew when it returned on
    Nov. 24"), but not of a clause joined to it by "and" with a subject of its own (a date there is its own)."""
    out, stack = [], [verb]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if not (t is verb and c.dep_ == "conj" and _own_subject(c)))
    return out


def _own_clause(verb: Token) -> list[Token]:
    """``verb`` and the words of its own clause, without the clauses inside it ("for two decades")."""
    out, stack = [], [verb]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _CLAUSES)
    return out


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECTS for c in verb.children)


def _told_before(verb: Token, target: Token, art: Article) -> bool:
    """Does the clause point back at a happening told before ("*That* explosion created", "*Mr. Trump's
    accusation* came" when his accusation is dated in the text), or speak in the first or second person?"""
    subj = subject_of(verb)
    if subj is not None and (subj.lower_ in ("i", "we", "you") or
                             any(c.dep_ == "det" and c.lower_ in _BACK_REFERENCE for c in subj.children)):
        return True
    if target is verb:
        return False
    kind = event_type(target.lemma_.lower(), [])
    return kind not in ("other", "statement", "report") and any(t.pos_ in ("VERB", "NOUN") and event_type(t.lemma_.lower(), objects_of(t)) == kind
                                   for t in art.doc if t.i in art.dated_heads)


def _inside_quotes(tok: Token) -> bool:
    """Is the word inside quotation marks (a speaker's own words, not the reporter's), opened in its sentence or
    before it and closed after it, or inside an aside between dashes ("Libya -- its leader gave up his nuclear
    ambitions -- and")?"""
    before, after = tok.doc.text[tok.sent.start_char:tok.idx], tok.doc.text[tok.idx:tok.sent.end_char]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1 or \
        before.count("``") > before.count("''") or \
        after.count("”") > after.count("“") or after.count("''") > after.count("``") or \
        (before.count(" -- ") + before.count(" — ")) % 2 == 1


def _reported_sentence(sent: Span) -> bool:
    """A statement of the body: it ends as a sentence does (a headline or teaser does not), and asks nothing."""
    text = sent.text.rstrip().rstrip("\"'”’)")
    return text.endswith((".", "!"))


def _article_day(target: Token, dated: dict[int, dict[str, Any]], published: pd.Timestamp) -> pd.Timestamp | None:
    """The day a happening without a date of its own is on: the publication day, or for a clause under a dated
    one ("officials said *yesterday* the ship sank") that one's day, when it is the publication day or the one
    before; None when the clause it hangs on is dated further away."""
    for node in target.ancestors:
        row = dated.get(node.i)
        if row is None:
            continue
        day = pd.Timestamp(row["date_start"]).normalize()
        recent = row["precision"] == "day" and published - pd.Timedelta(days=1) <= day <= published
        return day if recent else None
    return published


def comparison(span: Span) -> bool:
    """A date a figure is compared with, not the day of the happening: "up from 14% *a year ago*", "compared to
    the same time *in 2008*", "a 2.99 percent decrease from the close of trading *Wednesday*", "than *in 2007*"."""
    words = happening_words()
    tok = span.root
    for _ in range(8):
        if tok.head is tok:
            return False
        head = tok.head
        if tok.lower_ in words["comparison_words"] or head.lower_ in words["comparison_words"]:
            return True
        if tok.lower_ == "from" and tok.dep_ == "prep" and (head.lemma_.lower() in words["change_words"]
                                                           or head.lower_ in words["change_words"]):
            return True
        if tok.pos_ == "VERB" and tok.dep_ not in ("prep", "pcomp"):
            return False
        tok = head
    return False


def article_events(doc: Doc, article_id: str, art: Article, dated: dict[int, dict[str, Any]],
                   dates: list[dict[str, Any]], published: pd.Timestamp) -> list[dict[str, Any]]:
    """Happenings an article reports without a date expression, dated by the article (``date_source`` article).

    "The company *has unveiled* the name of its new airliner", "North Korea *fired* a missile", "officials said
    North Korea *fired* a missile", "*the launch* came a month after ..." are events of the publication day
    (of a reported statement's day when that is the day before); "X said" alone is a quote, and generic or
    habitual statements ("the company makes aircraft"), futures, conditionals, modals, negations, questions,
    quoted words, headlines and clauses that carry a date of their own (text-dated events, durations, "recently")
    are none. An event needs an actor taking part in its clause: the speaker alone is not enough.
    """
    date_spans = [(r["start"], r["end"]) for r in dates]
    compared = {i for e in doc.ents if e.label_ in ("DATE", "TIME") and comparison(e) for i in range(e.start, e.end)}
    found: list[tuple[Token, pd.Timestamp]] = []
    for sent in doc.sents:
        if not _reported_sentence(sent):
            continue
        for tok in sent:
            target = _happening(tok)
            if target is None or target.i in dated or tok.i in dated or _inside_quotes(tok):
                continue
            subj = subject_of(tok)
            words = _reported_words(tok) + list(target.subtree) + (list(subj.subtree) if subj is not None else [])
            if any(any(a <= t.idx < b for a, b in date_spans) for t in words) or \
                    any(t.ent_type_ in ("DATE", "TIME") and t.i not in compared for t in _own_clause(tok)):
                continue  # a date of its own or of a clause in it ("a missile launched in July flew"), a duration
            if reporting_form(tok) == "perfect" and art.sentence(sent) >= _LEAD:
                continue  # "has banned" after the lead is background
            if _told_before(tok, target, art):
                continue
            under_dated = any(a.i in dated for a in tok.ancestors)
            if not under_dated and any(sent.start_char <= a < sent.end_char for a, _ in date_spans):
                continue  # a sentence that dates another clause may date this one too, unsaid
            if (day := _article_day(tok, dated, published)) is not None:
                found.append((target, day))
    others = set(art.anchors) | {t.i for t, _ in found}
    rows: list[dict[str, Any]] = []
    spans: set[tuple[int, int]] = set()
    for target, day in found:
        when = {"sentence": art.sentence(target.sent), "date_start": day, "date_end": day, "precision": "day",
                "date_text": "", "date_source": "article", "planned": False}
        row, taking_part = event_row(doc, article_id, when, None, target, others - {target.i}, art)
        if row["event_type"] not in ("other", "statement", "report") and \
                (row["event_type"], row["subject"]) in art.dated_kinds:
            continue  # "North Korea launched a rocket" when the text dates its launch: that one, told again
        if taking_part and (row["start"], row["end"]) not in spans:
            spans.add((row["start"], row["end"]))
            rows.append(row)
    return rows


def _happening(tok: Token) -> Token | None:
    """What a clause headed by ``tok`` reports as happening: the verb itself ("fired"), or its subject when that
    is an event noun and the verb only says it occurred ("*the launch* came a month after"); None for none."""
    if tok.pos_ != "VERB" or not reporting_form(tok) or not _asserted(tok):
        return None
    if _event_verb(tok) and tok.lemma_.lower() not in happening_words()["occurrence_verbs"]:
        return tok
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and _is_happening_noun(subj) and any(c.dep_ in ("det", "poss") for c in subj.children):
        return subj
    return None
