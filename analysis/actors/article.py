"""One article: entity mentions -> article-level actors, with their roles.

:func:`doc_mentions` reads top to bottom: candidate mentions (entities trimmed to the name, junk dropped,
reference names looked up), one label per name, countries, organisations and places resolved, people
clustered (partial names join the full name met in the same article), and roles read from titles and
appositions. Joining the articles into one set of actors is :mod:`analysis.actors.corpus`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from analysis.actors import products
from analysis.actors.institutions import Institution, institutions
from analysis.actors.reference import ACTOR_LABELS, SEPARATORS, Entry, Reference, name_key, reference
from analysis.bylines import furniture, inside

GOVERNMENT_DEPS = {"nsubj", "nsubjpass", "agent"}
PARTICLES = {"al", "bin", "ibn", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "la", "le", "van", "von"}
LEADING_JUNK = {"ADV", "ADP", "SCONJ", "CCONJ", "DET", "PRON", "VERB", "AUX", "PART", "INTJ", "NUM", "SYM"}
STOP_DEPS = {"det", "poss", "case", "punct", "cc", "prep", "nsubj", "dobj", "pobj", "aux", "advmod"}


def doc_mentions(doc: Doc, article_id: str, *, ref: Reference | None = None) -> list[dict[str, Any]]:
    """Entity mentions of one article, each with the article-level canonical actor name, type and role."""
    ref = ref or reference()
    wire = furniture(doc.text)  # bylines, datelines, credits: their names are reporters and agencies, not actors
    found = [m for m in _candidates(doc, ref) if not inside(wire, m.span.start_char, m.span.end_char)]
    _consistent_labels(found, ref)
    for m in found:
        if m.entry is not None and m.entry.actor_type == "person" and m.label != "PERSON":
            m.label = "PERSON"
    _resolve_others(found)
    _resolve_people([m for m in found if m.label == "PERSON" and not m.actor], ref)
    found = _with_institutions(doc, found, [i for i in institutions(doc.text, ref) if not inside(wire, i.start, i.end)])
    starts = _sentence_starts(doc)
    rows = []
    for m in found:
        if m.actor_type == "person":
            m.role = _role(m.span, ref)
        elif m.label in ("PRODUCT", "MISC") and m.entry is not None and m.entry.kind in ("product", "pattern"):
            m.role = products.role(m.span, m.actor, ref)
        rows.append({"article_id": article_id, "sentence": bisect_right(starts, m.span.start) - 1,
                     "start": m.span.start_char, "end": m.span.end_char, "text": m.span.text, "label": m.label,
                     "actor": m.actor, "actor_type": m.actor_type, "role": m.role})
    return rows


@dataclass
class _Mention:
    span: Span
    label: str
    core: str  # the name without "the" and "'s"
    key: str
    entry: Entry | None
    actor: str = ""
    actor_type: str = ""
    role: str = ""


# ---------------------------------------------------------------- candidates and labels


def _candidates(doc: Doc, ref: Reference) -> list[_Mention]:
    """The entities that can name an actor, trimmed to the name (a leading "the" kept), junk left out."""
    found = []
    for ent in doc.ents:
        misread = _misread_speaker(ent)
        if (ent.label_ not in ACTOR_LABELS and not misread) or (ent.label_ == "PRODUCT" and not ent.id_):
            continue  # the model's PRODUCT entities are products only where the actor ruler found them so
        span = ent if ent.id_ else _trim_fragments(ent)
        if span is None:
            continue
        core = _core(span, product=ent.label_ == "PRODUCT")
        label = "PERSON" if misread else ent.label_
        core = _after_owner(core, ref)
        if _portfolio_led(core, ref):  # "Minister of Defence Itsunori Onodera": the portfolio is no part of the name
            span = core = core[1:]
            label = "PERSON"
        entry = _entry_of(ent, core, ref) if len(core) else None
        if _is_junk(core, ref, entry):
            continue
        start = span.start
        while start < core.start and doc[start].lower_ != "the":
            start += 1
        span = doc[start: core.end]
        found.append(_Mention(span, label, core.text, name_key(core.text), entry))
    return found


def _after_owner(core: Span, ref: Reference) -> Span:
    """The name after a country's possessive: "Japan’s Keio University" is Keio University (Japan is its own
    mention when the tagger finds it)."""
    for tok in core[1:-1]:
        if tok.tag_ == "POS" or tok.text in ("'s", "’s"):
            owner = ref.lookup(core.doc[core.start:tok.i].text)
            rest = core.doc[tok.i + 1:core.end]
            if owner is not None and owner.actor_type in ("country", "location") and rest[0].is_title:
                return rest
            break
    return core


def _misread_speaker(ent: Span) -> bool:
    """A speaker's name the tagger took for a title because it follows a quotation: '..." Masao Okonogi, professor
    emeritus at Keio University, said' (WORK_OF_ART): two or three capitalised names, outside the marks, followed
    by an apposition or a verb."""
    doc = ent.doc
    if ent.label_ != "WORK_OF_ART" or not 2 <= len(ent) <= 3 or not all(t.pos_ == "PROPN" for t in ent) \
            or not ent.text.istitle() or ent.end >= len(doc):
        return False
    before = doc.text[max(0, ent.start_char - 2):ent.start_char]
    nxt = doc[ent.end]
    return not any(c in before for c in "“\"‘'″") and (nxt.text == "," or nxt.pos_ in ("VERB", "AUX"))


def _portfolio_led(core: Span, ref: Reference) -> bool:
    """A name that the tagger ran into the portfolio before it: "(Minister of) Defence Itsunori Onodera"."""
    doc = core.doc
    if len(core) < 3 or core.start == 0 or doc[core.start - 1].lower_ != "of" or core[0].lower_ not in ref.portfolios:
        return False
    rest = core[1:]
    entry = ref.lookup(rest.text)
    return len(rest) <= 3 and rest.text.istitle() and (entry is None or entry.actor_type == "person")


def _trim_fragments(span: Span) -> Span | None:
    """Cut an entity at a free-standing separator or a line break ("North Korea - ed" -> "North Korea"),
    and drop trailing numbers and lower-case words ("J. Crawley 106", "Interfax news agency")."""
    doc = span.doc
    for tok in span[1:]:
        spaced = doc[tok.i - 1].whitespace_ and tok.whitespace_
        if (tok.text in SEPARATORS and (spaced or tok.text not in "-–—")) or "\n" in doc[tok.i - 1].whitespace_ \
                or tok.is_space:
            span = span[: tok.i - span.start]
            break
    end = span.end
    while end > span.start + 1 and (doc[end - 1].like_num or doc[end - 1].text[0].isdigit()
                                    or (doc[end - 1].is_punct and doc[end - 1].text not in {".", "'"})
                                    or (doc[end - 1].is_lower and doc[end - 1].is_alpha and doc[end - 2].whitespace_)):
        end -= 1
    return doc[span.start:end] if end > span.start else None


def _core(span: Span, *, product: bool = False) -> Span:
    """The name inside a span: no leading determiner, no trailing possessive or punctuation (a product's model
    number stays: "737-800")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end - 1 and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space
                               or (doc[start].is_lower and doc[start].lower_ not in PARTICLES)
                               or (doc[start].pos_ in LEADING_JUNK and not product)):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in {"'s", "'", "’s", "’"}
                           or (doc[end - 1].is_punct and doc[end - 1].text != ".")):
        end -= 1
    return doc[start:end]


def _entry_of(ent: Span, core: Span, ref: Reference) -> Entry | None:
    """The reference entry of a name: the one the actor ruler marked, else a lookup by key."""
    if ent.id_ and "|" in ent.id_:
        actor_type, kind, canonical = ent.id_.split("|", 2)
        return Entry(core.text, canonical, actor_type, kind)
    entry = ref.lookup(core.text)
    if entry is None or products.is_product_entry(entry):
        return None  # a product is one where the actor ruler found it, in context ("Patriot missiles", not "Patriot")
    if ent.label_ == "PERSON" and entry.actor_type in {"country", "location"}:
        return None  # "Jordan" the person, "Chad" the name
    return entry


def _is_junk(core: Span, ref: Reference, entry: Entry | None) -> bool:
    """Not an actor: numbers, ordinals, lone title words such as "Defense", lower-case phrases."""
    text = core.text
    if entry is not None and len(core):
        return False  # a reference name, "787" the Boeing too
    if len(core) == 0 or not any(c.isalpha() for c in text) or len(text) < 2:
        return True
    if not any(c.isupper() for c in text) or text in ref.not_actors:
        return True
    if len(core) == 1 and core.root.ent_type_ == "NORP" and _modifies(core.root):
        return True  # "Korean", "Western", "Republican" describing a noun: no group is named
    if all(t.like_num or t.lower_ in ref.titles or t.lower_ in ref.portfolios or (t.is_stop and not t.is_upper)
           or not t.is_alpha
           for t in core):
        return True
    return core[0].like_num


def _modifies(tok: Any) -> bool:
    """A word that describes the noun after it ("a Republican senator", "Western leaders")."""
    return tok.dep_ in ("amod", "compound", "nmod") and tok.head.i > tok.i and not tok.text.endswith("s")


def _sentence_starts(doc: Doc) -> list[int]:
    """The first token of every sentence, to number mentions by sentence (one sentence if unparsed)."""
    return [s.start for s in doc.sents] if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else [0]


def _consistent_labels(found: list[_Mention], ref: Reference) -> None:
    """One label per name within an article, names that say what they are ("Qatar Airways", "Changi
    Airport"), and full names of people known by their surname."""
    free = [m for m in found if m.entry is None]
    for m in free:
        words = m.core.split()
        kind = ref.name_words.get(words[-1], "") if len(words) > 1 else ""
        if not kind and len(words) > 1 and words[-1] in ref.suffixes:
            kind = "organization"
        if kind == "organization" and m.label != "ORG":
            m.label = "ORG"
        elif kind == "location" and m.label in {"PERSON", "NORP"}:
            m.label = "LOC"
        elif not kind and m.label != "PERSON" and 1 < len(words) <= 3 and m.span.text.istitle() and _titled(m.span, ref):
            m.label = "PERSON"  # "Oleksandr Kovalenko, military observer", "Defense Minister Sergei Shoigu"
    person_last = {m.key.split()[-1] for m in free if m.label == "PERSON"}
    multi_last = {m.key.split()[-1] for m in free if m.label == "PERSON" and len(m.key.split()) > 1}
    for m in free:
        words = m.key.split()
        surname = (1 < len(words) <= 4 and words[-1] in person_last) or (len(words) == 1 and words[0] in multi_last)
        if m.label in {"ORG", "GPE", "LOC", "FAC", "NORP"} and m.span.text.istitle() and surname:
            m.label = "PERSON"
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in free:
        votes[m.key][m.label] += 1
    for m in free:
        (best, n), *rest = votes[m.key].most_common()
        if not rest or n > rest[0][1]:
            m.label = best


# ---------------------------------------------------------------- countries, organisations, places


def _resolve_others(found: list[_Mention]) -> None:
    """Countries, organisations and places: reference names, or the name as written; acronyms join."""
    for m in found:
        if m.label == "PERSON" and (m.entry is None or m.entry.actor_type == "person"):
            continue
        entry = m.entry
        if entry is not None and entry.kind == "capital" and not _governs(m.span):
            m.actor, m.actor_type = " ".join(m.core.split()), "location"
        elif entry is not None:
            m.actor, m.actor_type = entry.canonical, entry.actor_type
        else:
            m.actor, m.actor_type = " ".join(m.core.split()), ACTOR_LABELS[m.label]
    _halves(found)
    orgs = {m.actor: m.actor for m in found if m.actor_type == "organization" and " " in m.actor}
    initials = {"".join(w[0] for w in name.split() if w[0].isupper()): name for name in orgs}
    for m in found:
        if m.actor_type == "organization" and m.entry is None and m.actor.isupper() and m.actor in initials:
            m.actor = initials[m.actor]


def _with_institutions(doc: Doc, found: list[_Mention], insts: list[Institution]) -> list[_Mention]:
    """A state's institutions as organizations named "<demonym> <body>" ("South Korea's Defense Ministry",
    "Seoul's defence ministry" -> South Korean Defense Ministry), whatever the tagger made of the words: the
    entities over the body's words give way; the state before it stays a mention of its own."""
    def longer(m: _Mention, inst: Institution) -> bool:  # "Andersen Air Force Base", "U.S. Air Force Yokota"
        name = m.span[1:] if m.span[0].lower_ == "the" else m.span
        return m.span.start_char < inst.end and inst.body_start < m.span.end_char \
            and (m.span.end_char > inst.end or name.start_char < inst.start)

    insts = [i for i in insts if not any(longer(m, i) for m in found)]
    kept = [m for m in found
            if not any(m.span.start_char < i.end and i.body_start < m.span.end_char for i in insts)]
    for inst in insts:
        span = doc.char_span(inst.start, inst.end, alignment_mode="expand")
        if span is not None:
            kept.append(_Mention(span, "ORG", inst.name, name_key(inst.name), None, inst.name, "organization"))
    return sorted(kept, key=lambda m: m.span.start)


HALVES = ("North", "South")


def _halves(found: list[_Mention]) -> None:
    """"The North" and "the South" are the divided country the article names: North Korea, South Sudan."""
    countries = {m.actor for m in found if m.actor_type == "country"}
    for m in found:
        before = m.span.doc[m.span.start - 1].lower_ if m.span.start else ""
        if m.entry is None and m.core in HALVES and "the" in (m.span[0].lower_, before):
            named = [c for c in countries if c.startswith(m.core + " ")]
            if len(named) == 1:
                m.actor, m.actor_type, m.label = named[0], "country", "GPE"


def _governs(core: Span) -> bool:
    """A capital standing for its government: "Pyongyang said", "Moscow and Beijing agreed", "by Washington"."""
    if core.text.isupper() and len(core.text) > 4:
        return False  # a dateline: "SEOUL (Reuters) -"
    root = core.root
    dep = root.dep_
    if dep == "conj":
        dep = root.head.dep_
    if dep in GOVERNMENT_DEPS:
        return True
    if dep == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return True  # "according to Seoul"
    nxt = core.doc[core.end] if core.end < len(core.doc) else None
    return nxt is not None and nxt.tag_ == "POS"


# ---------------------------------------------------------------- people


@dataclass(eq=False)
class _Cluster:
    """The mentions of one person in an article, grown from the longest name down (compared by identity)."""

    words: tuple[str, ...]  # the person words of the name that opened it
    ref: str  # the reference actor of a member, when one is known
    members: list[_Mention] = field(default_factory=list)
    name: str = ""  # "Mrs Howard", for a surname that two people of different sex share in the article


def _resolve_people(people: list[_Mention], ref: Reference) -> None:
    """Surnames and partial names join the full name met in the same article."""
    clusters: list[_Cluster] = []
    by_words: dict[tuple[str, ...], _Cluster] = {}
    apart: dict[tuple[str, str], _Cluster] = {}
    shared = _surnames_of_two_sexes(people, ref)
    # Longest names first, so that a partial name finds the full name already met.
    for m in sorted(people, key=lambda m: (-len(ref.person_words(m.core)), m.span.start)):
        words = tuple(ref.person_words(m.core))
        same = tuple(" ".join(words).split())  # "Kim Jong-un" = "Kim Jong Un"
        ref_name = m.entry.canonical if m.entry is not None else ""
        sex = _sex(m, ref)
        if len(words) == 1 and sex and words[0] in shared:
            cluster = _honorific_cluster(m, (words[0], sex), apart, clusters, ref)
        elif same in by_words:
            cluster = by_words[same]
        else:
            if len(words) > 1:
                cluster = _owner_of_name(words, ref_name, clusters)
            else:
                cluster = _owner_of_surname(m, words, ref_name, clusters)
            if cluster is None:
                cluster = _Cluster(words, ref_name)
                clusters.append(cluster)
        if cluster not in apart.values():  # a lone "Howard" does not mean the "Mrs Howard" of a shared surname
            by_words.setdefault(same, cluster)
        cluster.members.append(m)
        if ref_name and not cluster.ref:
            cluster.ref = ref_name
    for cluster in clusters:
        name = _person_name(cluster, ref)
        for m in cluster.members:
            m.actor, m.actor_type = name, "person"


def _surnames_of_two_sexes(people: list[_Mention], ref: Reference) -> set[str]:
    """Lone names written with honorifics of both sexes: "Mr Howard" and "Mrs Howard" in one article are two
    people, and neither joins "Michael Howard" here."""
    sexes: dict[str, set[str]] = defaultdict(set)
    for m in people:
        words = ref.person_words(m.core)
        if len(words) == 1 and _sex(m, ref):
            sexes[words[0]].add(_sex(m, ref))
    return {word for word, seen in sexes.items() if len(seen) > 1}


def _honorific_cluster(m: _Mention, key: tuple[str, str], apart: dict[tuple[str, str], _Cluster],
                       clusters: list[_Cluster], ref: Reference) -> _Cluster:
    """The person of one sex with a shared surname, named by honorific and surname as first written ("Mrs Howard")."""
    if key not in apart:
        first = m.core.split()[0]
        honorific = first if ref.sex_of(first) else m.span.doc[m.span.start - 1].text
        apart[key] = _Cluster((key[0],), "", name=f"{honorific} {m.core.split()[-1]}")
        clusters.append(apart[key])
    return apart[key]


def _owner_of_name(words: tuple[str, ...], ref_name: str, clusters: list[_Cluster]) -> _Cluster | None:
    """A name of several words joins the one longer name that contains it, else its reference actor;
    when two longer names contain it, it joins neither rather than a guess."""
    owners = [c for c in clusters if _contains(c.words, words)]
    if len(owners) == 1:
        return owners[0]
    return next((c for c in clusters if c.ref == ref_name), None) if ref_name else None


def _owner_of_surname(m: _Mention, words: tuple[str, ...], ref_name: str,
                      clusters: list[_Cluster]) -> _Cluster | None:
    """A lone name joins a longer name that contains it, else its reference actor; of several, the nearest,
    because a surname refers back to the person last named in full."""
    owners = [c for c in clusters if _contains(c.words, words)]
    if ref_name and not owners:
        owners = [c for c in clusters if c.ref == ref_name]
    return _nearest(owners, m) if owners else None


def _person_name(cluster: _Cluster, ref: Reference) -> str:
    """The name a person goes by in the article: the reference name, else the fullest form written."""
    if cluster.ref or cluster.name:
        return cluster.ref or cluster.name
    words = _fullest_form(cluster.members, ref).split()
    while len(words) > 2 and words[0].rstrip(".").lower() in ref.honorifics:
        words = words[1:]  # "Prof Joni Lovenduski" -> "Joni Lovenduski"; "Mrs Howard" stays
    return " ".join(words)


def _fullest_form(members: list[_Mention], ref: Reference) -> str:
    """Of the forms written, the one with most name words (the fullest name a reader would know), then the
    fewest words in all (no honorific), then the most frequent, then the first written."""
    forms = Counter(m.core for m in members)
    first: dict[str, int] = {}
    for m in sorted(members, key=lambda m: m.span.start):
        first.setdefault(m.core, m.span.start)
    return min(forms, key=lambda f: (-len(" ".join(ref.person_words(f)).split()), len(f.split()), -forms[f], first[f]))


def _sex(m: _Mention, ref: Reference) -> str:
    """The sex an honorific gives a name, inside the entity ("Mrs Howard") or just before it ("Mr" Howard)."""
    before = m.span.doc[m.span.start - 1].text if m.span.start else ""
    return ref.sex_of(m.key.split()[0]) or ref.sex_of(before)


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether ``part`` is a shorter run of consecutive words of ``words``."""
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1)) and n < len(words)


def _nearest(owners: list[_Cluster], m: _Mention) -> _Cluster:
    """Of several people the partial name could be, the one named last before it (else first after)."""

    def distance(o: _Cluster) -> tuple[int, int]:
        starts = [x.span.start for x in o.members]
        prior = [s for s in starts if s < m.span.start]
        return (0, m.span.start - max(prior)) if prior else (1, min(starts) - m.span.start)

    return min(owners, key=distance)


# ---------------------------------------------------------------- roles


def _role(span: Span, ref: Reference) -> str:
    """The title before a name ("Russian Defense Minister") or the apposition after it."""
    return _title_before(span, ref) or _apposition(span)


def _title_before(span: Span, ref: Reference) -> str:
    """The title words just before a name, in its noun phrase ("Russian Defense Minister" Sergei Shoigu)."""
    doc, root = span.doc, span.root
    anchor = root  # the title may be the head of the name ("the observer Oleksandr Kovalenko")
    if span.start and doc[span.start - 1].pos_ == "NOUN" and _under(root, doc[span.start - 1]):
        anchor = doc[span.start - 1]
    i = span.start
    while i > 0:
        tok = doc[i - 1]
        infix = tok.text == "-" and not tok.whitespace_ and not doc[i - 2].whitespace_ if i > 1 else False
        if infix:
            i -= 1
            continue
        if tok.i != anchor.i and (
                tok.dep_ in STOP_DEPS or tok.tag_ == "POS" or tok.is_punct or tok.is_space
                or tok.pos_ not in {"NOUN", "PROPN", "ADJ"}
                or tok.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERSON"} or not _under(tok, anchor)):
            break
        i -= 1
    while i < span.start and doc[i].lower_ in ref.honorifics:
        i += 1
    while i < span.start and (doc[i].is_punct or doc[i].is_space):
        i += 1
    pre = doc[i: span.start]
    if not len(pre):
        return ""
    last = pre[-1]
    return pre.text if last.lower_ in ref.titles or (last.is_lower and last.pos_ == "NOUN") else ""


def _titled(span: Span, ref: Reference) -> bool:
    """Whether a person's title stands before the name or heads its apposition."""
    role = _title_before(span, ref) or _apposition(span)
    if not role:
        return False
    words = [w.lower() for w in role.replace("-", " ").split()]
    return any(w in ref.titles for w in words[:4])


def _apposition(span: Span) -> str:
    """The comma-set phrase after a name that the parser calls its apposition, up to the closing comma."""
    doc = span.doc
    if span.end >= len(doc) - 1 or doc[span.end].text != ",":
        return ""
    first = doc[span.end + 1]
    if not any(c.dep_ == "appos" and c.i >= span.end for c in span.root.rights):
        return ""
    end = first.i
    limit = min(first.sent.end, first.i + 16)
    while end < limit and not (doc[end].is_punct and doc[end].text not in {"-", "'", "’"}):
        end += 1
    appos = doc[first.i: end]
    while len(appos) and appos[0].dep_ == "det":
        appos = appos[1:]
    while len(appos) and appos[-1].pos_ in {"ADP", "DET", "CCONJ", "SCONJ", "PART"}:
        appos = appos[:-1]
    if (end == limit and end < first.sent.end) or not len(appos):
        return ""
    if any(t.pos_ in {"VERB", "AUX"} for t in appos) or not any(t.pos_ == "NOUN" and t.is_lower for t in appos):
        return ""
    return appos.text


def _under(tok: Any, root: Any) -> bool:
    """Whether ``tok`` hangs (directly or not) from ``root``."""
    while tok.head.i != tok.i:
        if tok.head.i == root.i:
            return True
        tok = tok.head
    return False
