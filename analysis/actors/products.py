"""Named things as actors: products (aircraft, vehicles, weapons systems, ships, satellites) and market indices.

A product is a *named* thing, never a generic word: "the missile" and "the jet" name nobody. The actor ruler
(``analysis/nlp.py``) calls :func:`find` and gives what it returns the entity label PRODUCT (an index: MISC, the
type ``other``); the model's own PRODUCT entities count only where :func:`find` vouches for them. Names come from:

- the reference data (``data/products.csv``): "Hwasong-14" = "Hwasong 14"; "THAAD" = "Thaad" = "Terminal High
  Altitude Area Defense"; "Boeing 787" = "787 Dreamliner" = "Dreamliner"; "Dow Jones Industrial Average" = "the Dow".
  A one-word name that is also a word or a person's name ("Patriot", "Abrams") counts only beside a product noun
  ("Patriot missiles"), and a bare model number ("787") only where the article backs it: the model calls it a
  product, a product noun follows, or the article names the product in full;
- maker + model: a maker of the reference data before a model number or before a name the model calls a product
  ("Boeing 717", "Airbus A400M", "Northrop Grumman KC-45", "Ford Taurus");
- designations, a name with a number ("KN-23", "B-1B", "Hwasong-20", "Hyunmoo II"): of a family the reference data
  knows, or the article already met, or followed by a product noun of ``data/name_words.csv`` ("B-1B bombers",
  "K-55 Self-Propelled Artillery"), or in apposition to one ("its ICBM, the Hwasong-14"), or that the model calls a
  product. "COVID-19" or "G-20 summit" have none of these;
- ships: a name after a vessel noun ("the tanker Lighthouse Winmore", "another North Korean ship, Rye Song Gang 1",
  "four ships — Billions No. 18, Ul Ji Bong 6, Rung Ra 2, and Rye Song Gang 1"), with a vessel noun in apposition
  ("The Lighthouse Winmore, a Hong Kong-flagged ship"), or after a prefix ("USS Carl Vinson").

A name found by a pattern is found again wherever the article repeats it. Spellings of one product meet under
:func:`product_key` ("Hyunmoo-II" = "Hyunmoo 2", "KN23" = "KN-23", "787s" = "787"); :func:`role` says what a
product is and who makes it ("Boeing aircraft", "missile", "ship").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from analysis.actors.reference import Entry, Reference, name_key, per_reference

# A single-token designation: family letters, an optional hyphen, a number, a short suffix ("Hwasong-14", "B-1B",
# "A380", "Tu-22M3", "KC-30s"). Without a hyphen the number has two digits at least ("A380", not "G7" or "U2").
DESIGNATION = re.compile(r"^(?P<family>[A-Z][A-Za-z]{0,14})(?:-(?P<n1>\d{1,4})|(?P<n2>\d{2,4}))(?P<rest>[A-Za-z0-9]{0,4})$")
# A model number after a maker: "Boeing 787", "Boeing 737-800", "Boeing 737s" (never a year: "Boeing 2008").
MODEL_NUMBER = re.compile(r"^\d{3,4}(?:-\d{2,3}[A-Z]{0,2})?s?$")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
# What may stand between a designation and its product noun: "Hwasong-12 intermediate range missile".
BETWEEN_POS = {"ADJ", "NOUN", "PROPN", "NUM", "PUNCT"}
# Entities a ship's name is not: "the ship on Monday", "the tanker, Kim said".
NOT_NAMES = {"DATE", "TIME", "GPE", "NORP", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"}
# What an index is called after its name: "the Nikkei 225 index", "the Nikkei stock average".
INDEX_NOUNS = {"index", "indice", "indices", "indexes", "average", "benchmark", "gauge", "composite", "stock", "share"}
LIST_OPENERS = {"—", "–", ":", "including", "include", "includes", "such", "as", "named", "called", "the", ","}
NAME_JOINERS = {",", "and", "the", "or"}
NAME_ENDS = {",", ".", "—", "–", ";", ")", ":", "and"}


def product_key(text: str) -> str:
    """The key under which the spellings of one product meet: ``name_key``, a final Roman numeral as a number,
    no space between letters and digits, no plural "s" after a number.

    "Hyunmoo-II" = "Hyunmoo 2" = "Hyunmoo-2", "KN23" = "KN-23", "787s" = "787".
    """
    words = name_key(text).casefold().split()
    if len(words) > 1 and words[-1].upper() in ROMAN:
        words[-1] = str(ROMAN[words[-1].upper()])
    key = " ".join(words)
    key = re.sub(r"(?<=[a-z]) (?=\d)|(?<=\d) (?=[a-z]\b)", "", key)
    return re.sub(r"(?<=\d)s$", "", key)


@dataclass(frozen=True)
class _Vocabulary:
    nouns: dict[str, str]  # a product noun as written (lower case) -> its singular: "bombers" -> "bomber"
    vessels: frozenset[str]  # the nouns that name a vessel: a ship's name follows them
    prefixes: frozenset[str]  # "USS", "HMS"
    makers: dict[tuple[str, ...], str]  # a maker's words -> the maker: ("Northrop", "Grumman") -> "Northrop Grumman"
    first_words: dict[str, list[tuple[str, ...]]]  # a maker's first word -> its makers' words
    families: frozenset[str]  # designation families of the reference data, case-folded: "hwasong", "kn", "mig"
    by_key: dict[str, Entry]  # product_key -> the reference entry of a product or index


def _build(ref: Reference) -> _Vocabulary:
    words = {w.lower(): where for w, where in ref.product_words.items() if where in ("noun", "vessel")}
    nouns = {}
    for w in words:
        if w.endswith("ies") and w[:-3] + "y" in words:
            nouns[w] = w[:-3] + "y"
        elif w.endswith("s") and w[:-1] in words:
            nouns[w] = w[:-1]
        else:
            nouns[w] = w
    families = set()
    by_key: dict[str, Entry] = {}
    for e in ref.entries:
        if e.kind != "product":
            continue
        by_key.setdefault(product_key(e.surface), e)
        for token in e.surface.split() if e.actor_type == "product" else ():
            m = DESIGNATION.match(token)
            if m and len(m.group("family")) > 1:
                families.add(m.group("family").casefold())
    makers = {tuple(p.maker.split()): p.maker for p in ref.products.values() if p.maker}
    first_words: dict[str, list[tuple[str, ...]]] = {}
    for maker in makers:
        first_words.setdefault(maker[0], []).append(maker)
    return _Vocabulary(nouns, frozenset(w for w, where in words.items() if where == "vessel"),
                       frozenset(w for w, where in ref.product_words.items() if where == "prefix"),
                       makers, first_words, frozenset(families), by_key)


_vocabulary = per_reference(_build)


def is_product_entry(entry: Entry | None) -> bool:
    return entry is not None and entry.kind == "product"


# ---------------------------------------------------------------- finding


def find(doc: Doc, ref: Reference, matches: list[Span], taken: set[int]) -> list[Span]:
    """The products and indices named in ``doc``, as spans labelled PRODUCT (an index: MISC) whose id names the
    actor ("product|product|Hwasong-14"), longest first where two overlap.

    ``matches`` are the actor ruler's matches of product and index names of the reference data; ``taken`` the
    tokens of its other reference names (countries, organisations, people), which no pattern claims.
    """
    v = _vocabulary(ref)
    spans: list[Span] = []
    plain = [m for m in matches if not _needs_context(m, ref)]
    named = {m.id_ for m in plain}
    for m in matches:
        if _glued(m) or (m not in plain and not _backed(m, v, named)) or _other_thing(m, ref):
            continue
        end = _variant_end(doc, m.end)
        spans.append(m if end == m.end else Span(doc, m.start, end, label=m.label_, span_id=m.id_))
    found = _makers_and_models(doc, v, taken) + _designations(doc, v, taken) + _ships(doc, v, taken)
    found = filter_spans(found + spans)
    found += _again(doc, [s for s in found if s.id_.split("|")[1] == "pattern"], found, taken, v)
    return filter_spans(found)


def _needs_context(m: Span, ref: Reference) -> bool:
    """A reference name that is a product only where the article backs it: a bare model number ("787"), or a
    one-word name its row marks as also a word or a person's name ("Patriot", "Abrams")."""
    if all(t.is_digit or MODEL_NUMBER.match(t.text) for t in m):
        return True
    canonical = m.id_.split("|", 2)[2]
    info = ref.products.get(canonical)
    return info is not None and info.context == "noun" and len(m) == 1 and not any(c.isdigit() for c in m.text)


def _other_thing(m: Span, ref: Reference) -> bool:
    """A name of the reference data that names something else here: a company ("Dow Jones & Co."), or an index's
    name before a noun other than an index's ("the Nasdaq stock exchange", "the Nikkei business daily")."""
    doc = m.doc
    nxt = doc[m.end] if m.end < len(doc) else None
    if nxt is not None and (nxt.text == "&" or nxt.text in ref.suffixes):
        return True
    info = ref.products.get(m.id_.split("|", 2)[2])
    if info is None or info.kind != "index" or len(m) > 2 or any(c.isdigit() for c in m.text):
        return False  # a full name or one with a number is the index: "Dow Jones Industrial Average market"
    noun = None  # the noun the name modifies: the last of a run of lower-case nouns ("business daily", "stock exchange")
    for tok in doc[m.end: m.end + 3]:
        if tok.pos_ != "NOUN" or not tok.is_lower:
            break
        noun = tok
        if tok.dep_ != "compound":
            break
    return noun is not None and noun.lemma_ not in INDEX_NOUNS


def _backed(m: Span, v: _Vocabulary, named: set[str]) -> bool:
    if _noun_after(m.doc, m.end, v) or _appos_noun(m, v):
        return True
    if all(t.is_digit or MODEL_NUMBER.match(t.text) for t in m):
        return m.root.ent_type_ == "PRODUCT" or m.id_ in named
    return False


def _glued(m: Span) -> bool:
    """A name that is part of a longer word: "Nasdaq-listed", "THAAD-related", "Musudan-ri" (a variant number is
    not: "A380-800")."""
    doc = m.doc
    before = m.start >= 2 and doc[m.start - 1].text in "-–" and not doc[m.start - 2].whitespace_ \
        and not doc[m.start - 1].whitespace_
    after = m.end + 1 < len(doc) and doc[m.end].text in "-–" and not doc[m.end - 1].whitespace_ \
        and not doc[m.end].whitespace_ and not doc[m.end + 1].text[0].isdigit()
    return before or after


def _variant_end(doc: Doc, end: int) -> int:
    """The end of a model's name with its variant number: "A380-800", "737-800", "777-200ER" (three tokens)."""
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
            and re.fullmatch(r"\d{2,3}[A-Z]{0,2}s?", doc[end + 1].text):
        return end + 2
    return end


def _noun_after(doc: Doc, end: int, v: _Vocabulary, *, limit: int = 5) -> str:
    """The product noun that a name modifies ("Hwasong-12 intermediate range missile" -> missile), if any."""
    for tok in doc[end: end + limit]:
        if tok.lower_ in v.nouns or tok.lemma_.lower() in v.nouns:
            return v.nouns.get(tok.lower_) or v.nouns[tok.lemma_.lower()]
        if tok.pos_ not in BETWEEN_POS or (tok.is_punct and tok.text != "-") or tok.is_space:
            return ""
        if tok.pos_ == "NOUN" and tok.dep_ != "compound":
            return ""
    return ""


def described(doc: Doc, span: Span, ref: Reference) -> tuple[int, int]:
    """The words between a product and the product noun they describe, as (start, end) token offsets, or
    (end, end): "E-3 Sentry [Airborne Warning and Control System] aircraft". No entity lies in them."""
    v = _vocabulary(ref)
    j = span.end
    while j < min(len(doc), span.end + 8):
        tok = doc[j]
        if tok.lower_ in v.nouns and tok.is_lower:
            return span.end, j
        if not (tok.text[:1].isupper() or tok.lower_ == "and" or tok.text == "-"):
            break
        j += 1
    return span.end, span.end


def _appos_noun(span: Span, v: _Vocabulary) -> str:
    """The product noun a name stands in apposition to ("its ICBM, the Hwasong-14"; "a ship, Rye Song Gang 1")."""
    root = span.root
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and head.lower_ in v.nouns:
        return v.nouns[head.lower_]
    for child in root.children:  # "The Lighthouse Winmore, a Hong Kong-flagged ship"
        if child.dep_ == "appos" and child.i >= span.end and child.lower_ in v.nouns:
            return v.nouns[child.lower_]
    return ""


def _span(doc: Doc, start: int, end: int, v: _Vocabulary, how: str, model: str = "") -> Span:
    """A product span whose id names its reference product when there is one, else the name as written."""
    text = doc[start:end].text
    entry = None
    for candidate in (text, model):
        if candidate:
            key = product_key(candidate)
            entry = v.by_key.get(key) or v.by_key.get(re.sub(r"(?<=\d) \d{2,3}[a-z]{0,2}$", "", key))
            if entry is not None:
                break
    if entry is not None:
        label = "MISC" if entry.actor_type == "other" else "PRODUCT"
        return Span(doc, start, end, label=label, span_id=f"{entry.actor_type}|product|{entry.canonical}")
    name = re.sub(r"(?<=\d)s$", "", " ".join(text.split()))
    return Span(doc, start, end, label="PRODUCT", span_id=f"product|{how}|{name}")


def _makers_and_models(doc: Doc, v: _Vocabulary, taken: set[int]) -> list[Span]:
    """A maker before a model number or a model's name: "Boeing 787", "Airbus A400M", "Ford Taurus"."""
    found = []
    models = {e.start: e for e in doc.ents if e.label_ == "PRODUCT"}
    for tok in doc:
        for words in v.first_words.get(tok.text, ()):
            i, j = tok.i, tok.i + len(words)
            if j >= len(doc) or tuple(t.text for t in doc[i:j]) != words:
                continue
            model = doc[j]
            year = model.text.isdigit() and 1900 <= int(model.text) <= 2099
            if (MODEL_NUMBER.match(model.text) and not year) or DESIGNATION.match(model.text):
                end = _variant_end(doc, j + 1)
                found.append(_span(doc, i, end, v, "pattern", doc[j:end].text))
            elif j in models and models[j].text[0].isupper() and not any(k in taken for k in range(j, models[j].end)):
                found.append(_span(doc, i, models[j].end, v, "pattern", models[j].text))
    return found


def _designations(doc: Doc, v: _Vocabulary, taken: set[int]) -> list[Span]:
    """Names with a number of a known family, or beside a product noun, or that the model calls products."""
    found: list[Span] = []
    seen: set[str] = set()
    later: list[tuple[int, int, str]] = []
    for tok in doc:
        if tok.i in taken:
            continue
        end, family = _designation_at(doc, tok, v)
        if not end:
            continue
        end = _variant_end(doc, end)
        span = doc[tok.i:end]
        model_says = tok.ent_type_ == "PRODUCT" and not _describes(span, v)
        if family in v.families or model_says or _noun_after(doc, end, v) or _appos_noun(span, v):
            found.append(_span(doc, tok.i, end, v, "pattern"))
            seen.add(family)
        else:
            later.append((tok.i, end, family))
    # A family the article met with a noun counts without one: "Kwangmyongsong-4 satellite" ... "Kwangmyongsong-3".
    found += [_span(doc, s, e, v, "pattern") for s, e, family in later if family in seen]
    return found


def _describes(span: Span, v: _Vocabulary) -> bool:
    """Whether a name modifies a noun that is no product noun: "the G-20 summit", "the K-12 school budget"."""
    root = span.root
    return root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end and root.head.pos_ == "NOUN" \
        and root.head.lower_ not in v.nouns


def _designation_at(doc: Doc, tok: Token, v: _Vocabulary) -> tuple[int, str]:
    """(end, family) of a designation starting at ``tok``, or (0, "")."""
    m = DESIGNATION.match(tok.text)
    if m and not (tok.i and doc[tok.i - 1].text in "-–" and not doc[tok.i - 1].whitespace_):
        return tok.i + 1, m.group("family").casefold()
    # Two or three tokens: a family word and a number or Roman numeral ("Hwasong 20", "Hyunmoo II", "Hyunmoo-II").
    if tok.text.casefold() not in v.families or not tok.is_alpha:
        return 0, ""
    j = tok.i + 1
    if j < len(doc) and doc[j].text == "-" and not tok.whitespace_:
        j += 1
    if j < len(doc) and (re.fullmatch(r"\d{1,3}[A-Z]?", doc[j].text) or doc[j].text in ROMAN):
        return j + 1, tok.text.casefold()
    return 0, ""


def _ships(doc: Doc, v: _Vocabulary, taken: set[int]) -> list[Span]:
    """Ships' names: after a vessel noun, before a vessel noun in apposition, after a prefix ("USS")."""
    found = []
    for tok in doc:
        if tok.text in v.prefixes and tok.i + 1 < len(doc):
            end = _name_end(doc, tok.i + 1, taken)
            if end > tok.i + 1:
                found.append(_span(doc, tok.i, end, v, "pattern"))
        if tok.lower_ in v.vessels and tok.is_lower:  # not a headline's "Seizes Ship Suspected of ..."
            found += [_span(doc, s, e, v, "pattern") for s, e in _names_after(doc, tok.i + 1, taken)]
    # "The Lighthouse Winmore, a Hong Kong-flagged ship, ...": a name at a sentence's or an entity's start.
    starts = {e.start for e in doc.ents} | ({s.start for s in doc.sents} if doc.has_annotation("SENT_START") else set())
    for start in sorted(starts):
        start += 1 if doc[start].lower_ == "the" else 0
        end = _name_end(doc, start, taken) if start < len(doc) else start
        if end > start and end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an", "the"):
            tail = doc[end + 2: min(end + 9, len(doc))]
            noun = next((t for t in tail if t.pos_ == "NOUN" or (t.is_punct and t.text not in "-–")), None)
            if noun is not None and noun.lower_ in v.vessels:
                found.append(_span(doc, start, end, v, "pattern"))
    return found


def _names_after(doc: Doc, i: int, taken: set[int]) -> list[tuple[int, int]]:
    """The names right after a vessel noun: one ("the tanker Lighthouse Winmore", "ship, Rye Song Gang 1,"), or a
    list ("ships — including the Lighthouse Winmore, the Sam Jong 2 and the Rye Song Gang 1 —")."""
    opened = comma = False
    while i < len(doc) and doc[i].lower_ in LIST_OPENERS:
        opened = opened or doc[i].text in "—–:" or doc[i].lower_ in ("including", "include", "includes", "such")
        comma = comma or doc[i].text == ","
        i += 1
    names = []
    while i < len(doc):
        end = _name_end(doc, i, taken)
        closed = end >= len(doc) or doc[end].text in NAME_ENDS or doc[end].lower_ in NAME_JOINERS \
            or doc[end - 1].is_sent_end
        if end == i or ((opened or comma) and not closed):
            break
        if not (opened or comma) and any(t.ent_type_ == "PERSON" for t in doc[i:end]) \
                and not any(t.like_num for t in doc[i:end]):
            break  # "the ship Kovalenko described": a person after the noun, no name of the ship
        names.append((i, end))
        if not opened:
            break
        i = end
        while i < len(doc) and doc[i].lower_ in NAME_JOINERS:
            i += 1
    return names


def _name_end(doc: Doc, i: int, taken: set[int]) -> int:
    """The end of a ship's name starting at ``i``: capitalised words and numbers ("Rye Song Gang 1", "Billions No.
    18"), starting with a capitalised word that is no reference name or date; ``i`` when there is none."""
    j = i
    while j < len(doc) and j - i < 6:
        tok = doc[j]
        if j in taken or (tok.ent_type_ in NOT_NAMES and not tok.like_num) or tok.is_space:
            break
        word = tok.is_alpha and tok.text[0].isupper() and not (j == i and tok.is_stop) \
            and tok.pos_ in ("PROPN", "NOUN", "ADJ", "X")
        number = j > i and (tok.is_digit or (tok.text == "." and doc[j - 1].text == "No"))
        if not (word or number):
            break
        j += 1
    while j > i and doc[j - 1].text in ("No", "No.", "."):
        j -= 1
    return j


def _again(doc: Doc, named: list[Span], found: list[Span], taken: set[int], v: _Vocabulary) -> list[Span]:
    """A name found by a pattern, found again where the article repeats it ("The Lighthouse Winmore remains"), and a
    model named with its maker, found alone ("the Ford Taurus" ... "the Taurus")."""
    covered = {i for s in found for i in range(s.start, s.end)} | taken
    by_first: dict[str, list[tuple[tuple[str, ...], Span]]] = {}
    for span in found:
        words = tuple(t.text for t in span)
        if span in named:
            by_first.setdefault(words[0], []).append((words, span))
        for maker in v.first_words.get(words[0], ()):
            model = words[len(maker):]
            if words[:len(maker)] == maker and model and model[0][:1].isupper() and model[0].isalpha():
                by_first.setdefault(model[0], []).append((model, span))
    more = []
    for tok in doc:
        for words, span in by_first.get(tok.text, ()):
            end = tok.i + len(words)
            if end <= len(doc) and tuple(t.text for t in doc[tok.i:end]) == words \
                    and not any(k in covered for k in range(tok.i, end)):
                more.append(Span(doc, tok.i, end, label=span.label_, span_id=span.id_))
                covered.update(range(tok.i, end))
                break
    return more


# ---------------------------------------------------------------- what a product is


def role(span: Span, canonical: str, ref: Reference) -> str:
    """What a product is and who makes it, for the ``role`` column: "Boeing aircraft", "missile", "ship",
    "stock market index". The maker comes from the reference data or from the name ("Boeing 797")."""
    v = _vocabulary(ref)
    info = ref.products.get(canonical)
    if info is not None and info.kind == "index":
        return "stock market index"
    kind = info.kind if info is not None else _noun_after(span.doc, span.end, v) or _appos_noun(span, v) \
        or _vessel_before(span, v)
    maker = info.maker if info is not None else ""
    if not maker:
        maker = next((name for words, name in v.makers.items() if tuple(canonical.split()[:len(words)]) == words), "")
    return " ".join(w for w in (maker, kind) if w)


def _vessel_before(span: Span, v: _Vocabulary) -> str:
    """The vessel noun a listed name follows in its sentence ("four ships — Billions No. 18, Ul Ji Bong 6")."""
    sent_start = span.sent.start if span.doc.has_annotation("SENT_START") else 0
    for tok in reversed(span.doc[max(sent_start, span.start - 25): span.start]):
        if tok.lower_ in v.vessels:
            return v.nouns[tok.lower_]
    return ""
