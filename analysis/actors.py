"""Mentions -> canonical actors: aliases merged, types and roles.

Two levels. :func:`doc_mentions` resolves one article: reference names (``analysis/data/``),
partial names joined to the full name met in the same article, demonyms and state aliases
mapped to their country, junk dropped, roles read from titles and appositions.
:func:`resolve_corpus` then joins the articles: one actor per real-world entity, stable ids.
"""

from __future__ import annotations

import csv
import hashlib
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from spacy.tokens import Doc, Span

from analysis import schema
from analysis.settings import Settings, SettingsError

DATA = Path(__file__).resolve().parent / "data"
ACTOR_TYPES = schema.ACTOR_TYPES
# The NER labels that can name an actor, and the actor type each gives when no reference entry says better.
ACTOR_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "NORP": "other", "LOC": "location",
                "FAC": "location", "MISC": "other"}
LABEL_OF_TYPE = {"person": "PERSON", "organization": "ORG", "country": "GPE", "location": "LOC", "other": "MISC"}
# Entry kinds, strongest first: which one wins when two reference rows share a name.
KINDS = ("user", "person", "organization", "country", "official", "alias", "demonym", "capital", "place")
GOVERNMENT_DEPS = {"nsubj", "nsubjpass", "agent"}
PARTICLES = {"al", "bin", "ibn", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "la", "le", "van", "von"}
LEADING_JUNK = {"ADV", "ADP", "SCONJ", "CCONJ", "DET", "PRON", "VERB", "AUX", "PART", "INTJ", "NUM", "SYM"}
STOP_DEPS = {"det", "poss", "case", "punct", "cc", "prep", "nsubj", "dobj", "pobj", "aux", "advmod"}
SEPARATORS = {"-", "–", "—", "(", ")", ":", ";", ",", '"', "“", "”", "|", "/", "*", "•", "[", "]"}


@dataclass(frozen=True)
class Entry:
    """One name of a reference actor: ``surface`` resolves to ``canonical`` of ``actor_type``."""

    surface: str
    canonical: str
    actor_type: str
    kind: str

    @property
    def label(self) -> str:
        """The NER label a span ruler gives this name."""
        return "NORP" if self.kind == "demonym" else LABEL_OF_TYPE[self.actor_type]

    @property
    def span_id(self) -> str:
        return f"{self.actor_type}|{self.kind}|{self.canonical}"


@dataclass(frozen=True)
class Reference:
    """Every reference name, and a lookup by :func:`name_key`."""

    entries: tuple[Entry, ...]
    by_key: dict[str, Entry] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    portfolios: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    not_actors: frozenset[str] = frozenset()
    suffixes: frozenset[str] = frozenset()
    name_words: dict[str, str] = field(default_factory=dict)
    female: frozenset[str] = frozenset()
    male: frozenset[str] = frozenset()

    def lookup(self, text: str) -> Entry | None:
        return self.by_key.get(name_key(text))

    def sex_of(self, word: str) -> str:
        """"female" or "male" for a gendered honorific ("Mrs", "Mr."), else ""."""
        word = word.rstrip(".").lower()
        return "female" if word in self.female else "male" if word in self.male else ""

    def org_key(self, name: str) -> str:
        """The key of an organisation's name without its legal form ("Barclays PLC" = "Barclays")."""
        words = name.replace(",", " ").split()
        while len(words) > 1 and words[-1] in self.suffixes:
            words.pop()
        return name_key(" ".join(words))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A key under which spelling variants of one name meet (cached: the same names recur in every article).

    "the Russian Federation" = "Russian Federation", "Kim Jong-un" = "Kim Jong Un", "U.S." = "US";
    short all-capital names keep their case so that "US" is not "us".
    """
    text = re.sub(r"^(the|The|THE)\s+", "", text.strip())
    text = re.sub(r"\s*['’]s?$", "", text)
    text = re.sub(r"(?<=\b[A-Za-z])\.", "", text)
    text = re.sub(r"[\s\-‐–—_]+", " ", text).strip()
    return text if len(text) <= 4 and text.isupper() else text.casefold()


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def reference_entries(data: Path = DATA) -> list[Entry]:
    """The built-in reference names: countries, organisations and people in the news."""
    entries: list[Entry] = []
    for row in _read(data / "countries.csv"):
        name = row["country"]
        entries.append(Entry(name, name, "country", "country"))
        entries += [Entry(s, name, "country", "official") for s in _split(row["official"])]
        entries += [Entry(s, name, "country", "alias") for s in _split(row["aliases"])]
        entries += [Entry(s, name, "country", "demonym") for s in _split(row["demonyms"])]
        entries += [Entry(s, name, "country", "capital") for s in _split(row["capitals"])]
    for row in _read(data / "places.csv"):
        name, actor_type = row["place"], row["type"]
        kind = "country" if actor_type == "country" else "place"
        entries += [Entry(s, name, actor_type, kind) for s in [name, *_split(row["aliases"])]]
        entries += [Entry(s, name, actor_type, "demonym") for s in _split(row["demonyms"])]
    for row in _read(data / "organizations.csv"):
        name = row["organization"]
        entries += [Entry(s, name, "organization", "organization") for s in [name, *_split(row["aliases"])]]
    for row in _read(data / "people.csv"):
        name = row["person"]
        entries += [Entry(s, name, "person", "person") for s in [name, *_split(row["aliases"])]]
    return entries


def read_alias_file(path: str | Path) -> list[Entry]:
    """A user's aliases: a CSV with a header ``alias,canonical,type`` (type as in SCHEMA.md)."""
    path = Path(path)
    if not path.is_file():
        raise SettingsError(f"DOSSIER_ALIAS_FILE={path} does not exist; point it at a CSV of alias,canonical,type")
    rows = _read(path)
    if rows and not {"alias", "canonical", "type"} <= set(rows[0]):
        raise SettingsError(f"{path}: the header must be alias,canonical,type (found {','.join(rows[0])})")
    entries = []
    for n, row in enumerate(rows, start=2):
        alias, canonical, kind = (row.get(k, "").strip() for k in ("alias", "canonical", "type"))
        if kind not in ACTOR_TYPES or not alias or not canonical:
            raise SettingsError(f"{path} line {n}: need an alias, a canonical name and a type among "
                                f"{', '.join(ACTOR_TYPES)}")
        entries.append(Entry(alias, canonical, kind, "user"))
        entries.append(Entry(canonical, canonical, kind, "user"))
    return entries


@lru_cache(maxsize=8)
def reference(alias_file: str = "") -> Reference:
    """The reference names, with the user's alias file on top; read once per process."""
    entries = reference_entries() + (read_alias_file(alias_file) if alias_file else [])
    by_key: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: KINDS.index(e.kind)):
        by_key.setdefault(name_key(entry.surface), entry)
    titles = _read(DATA / "titles.csv")
    words = {kind: frozenset(r["word"] for r in titles if r["kind"].startswith(kind)) for kind in
             ("title", "portfolio", "honorific", "honorific_female", "honorific_male")}
    junk = frozenset(r["word"] for r in _read(DATA / "not_actors.csv"))
    name_words = _read(DATA / "name_words.csv")
    return Reference(tuple(entries), by_key, words["title"], words["portfolio"], words["honorific"], junk,
                     frozenset(r["word"] for r in name_words if r["where"] == "suffix"),
                     {r["word"]: r["type"] for r in name_words if r["where"] == "word"},
                     words["honorific_female"], words["honorific_male"])


def actor_id(name: str, actor_type: str) -> str:
    """Stable id of a canonical actor, the same on every run and machine."""
    return "p" + hashlib.sha1(f"{actor_type}:{name}".encode()).hexdigest()[:11]


# ---------------------------------------------------------------- one article


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


def _core(span: Span) -> Span:
    """The name inside a span: no leading determiner, no trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end - 1 and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space
                               or (doc[start].is_lower and doc[start].lower_ not in PARTICLES)
                               or doc[start].pos_ in LEADING_JUNK):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in {"'s", "'", "’s", "’"}
                           or (doc[end - 1].is_punct and doc[end - 1].text != ".")):
        end -= 1
    return doc[start:end]


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


def _is_junk(core: Span, ref: Reference, entry: Entry | None) -> bool:
    """Not an actor: numbers, ordinals, lone title words such as "Defense", lower-case phrases."""
    text = core.text
    if len(core) == 0 or not any(c.isalpha() for c in text) or len(text) < 2:
        return True
    if entry is not None:
        return False
    if not any(c.isupper() for c in text) or text in ref.not_actors:
        return True
    if all(t.like_num or t.lower_ in ref.titles or t.lower_ in ref.portfolios or (t.is_stop and not t.is_upper)
           or not t.is_alpha
           for t in core):
        return True
    return core[0].like_num


def _entry_of(ent: Span, core: Span, ref: Reference) -> Entry | None:
    if ent.id_ and "|" in ent.id_:
        actor_type, kind, canonical = ent.id_.split("|", 2)
        return Entry(core.text, canonical, actor_type, kind)
    entry = ref.lookup(core.text)
    if entry is None:
        return None
    if ent.label_ == "PERSON" and entry.actor_type in {"country", "location"}:
        return None  # "Jordan" the person, "Chad" the name
    return entry


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
    nxt = core.doc[core.end] if core.end < len(core.doc) else None
    return nxt is not None and nxt.tag_ == "POS"


def _role(span: Span, ref: Reference) -> str:
    """The title before a name ("Russian Defense Minister") or the apposition after it."""
    return _title_before(span, ref) or _apposition(span)


def _title_before(span: Span, ref: Reference) -> str:
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


def _sentence_starts(doc: Doc) -> list[int]:
    return [s.start for s in doc.sents] if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else [0]


def _candidates(doc: Doc, ref: Reference) -> list[_Mention]:
    found = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        span = ent if ent.id_ else _trim_fragments(ent)
        if span is None:
            continue
        core = _core(span)
        entry = _entry_of(ent, core, ref) if len(core) else None
        if _is_junk(core, ref, entry):
            continue
        start = span.start
        while start < core.start and doc[start].lower_ != "the":
            start += 1
        span = doc[start: core.end]
        found.append(_Mention(span, ent.label_, core.text, name_key(core.text), entry))
    return found


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


def _name_words(name: str) -> list[str]:
    """The words of a person's name as written, keyed, without honorifics: "Mr Ban Ki-moon" -> ban, ki moon.

    A hyphenated given name stays one word, so a lone "Moon" is not taken for Ban Ki-moon.
    """
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in reference().honorifics:
        words = words[1:]
    return [name_key(w).casefold() for w in words]


def _resolve_people(people: list[_Mention]) -> None:
    """Surnames and partial names join the full name met in the same article."""
    clusters: list[dict[str, Any]] = []
    by_words: dict[tuple[str, ...], dict[str, Any]] = {}
    ref = reference()
    # "Mr Howard" and "Mrs Howard" in one article are two people: neither joins "Michael Howard" here.
    sexes: dict[str, set[str]] = defaultdict(set)
    for m in people:
        words = _name_words(m.core)
        if len(words) == 1 and _sex(m, ref):
            sexes[words[0]].add(_sex(m, ref))
    apart: dict[tuple[str, str], dict[str, Any]] = {}
    for m in sorted(people, key=lambda m: (-len(_name_words(m.core)), m.span.start)):
        words = tuple(_name_words(m.core))
        same = tuple(" ".join(words).split())  # "Kim Jong-un" = "Kim Jong Un"
        ref_name = m.entry.canonical if m.entry is not None else ""
        sex = _sex(m, ref)
        if len(words) == 1 and sex and len(sexes[words[0]]) > 1:
            honorific = m.core.split()[0] if ref.sex_of(m.core.split()[0]) else m.span.doc[m.span.start - 1].text
            name = f"{honorific} {m.core.split()[-1]}"
            cluster = apart.setdefault((words[0], sex), {"words": words, "ref": "", "members": [], "name": name})
            if not cluster["members"]:
                clusters.append(cluster)
        elif same in by_words:
            cluster = by_words[same]
        elif len(words) > 1 or not clusters:
            cluster = None
            if len(words) > 1:
                owners = [c for c in clusters if _contains(c["words"], words)]
                cluster = owners[0] if len(owners) == 1 else None
            if cluster is None and ref_name:
                cluster = next((c for c in clusters if c["ref"] == ref_name), None)
            if cluster is None:
                cluster = {"words": words, "ref": ref_name, "members": []}
                clusters.append(cluster)
        else:
            owners = [c for c in clusters if _contains(c["words"], words)]
            if ref_name and not owners:
                owners = [c for c in clusters if c["ref"] == ref_name]
            cluster = _nearest(owners, m) if owners else None
            if cluster is None:
                cluster = {"words": words, "ref": ref_name, "members": []}
                clusters.append(cluster)
        if cluster not in apart.values():
            by_words.setdefault(same, cluster)
        cluster["members"].append(m)
        if ref_name and not cluster["ref"]:
            cluster["ref"] = ref_name
    for cluster in clusters:
        members = cluster["members"]
        if cluster["ref"] or cluster.get("name"):
            name = cluster["ref"] or cluster["name"]
        else:
            forms = Counter(m.core for m in members)
            first = {}
            for m in sorted(members, key=lambda m: m.span.start):
                first.setdefault(m.core, m.span.start)
            name = min(forms, key=lambda f: (-len(" ".join(_name_words(f)).split()), len(f.split()), -forms[f], first[f]))
            words = name.split()
            while len(words) > 2 and words[0].rstrip(".").lower() in ref.honorifics:
                words = words[1:]  # "Prof Joni Lovenduski" -> "Joni Lovenduski"; "Mrs Howard" stays
            name = " ".join(words)
        for m in members:
            m.actor, m.actor_type = name, "person"


def _sex(m: _Mention, ref: Reference) -> str:
    """The sex an honorific gives a name, inside the entity ("Mrs Howard") or just before it ("Mr" Howard)."""
    before = m.span.doc[m.span.start - 1].text if m.span.start else ""
    return ref.sex_of(m.key.split()[0]) or ref.sex_of(before)


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1)) and n < len(words)


def _nearest(owners: list[dict[str, Any]], m: _Mention) -> dict[str, Any]:
    """Of several people the partial name could be, the one named last before it (else first after)."""

    def distance(o: dict[str, Any]) -> tuple[int, int]:
        starts = [x.span.start for x in o["members"]]
        prior = [s for s in starts if s < m.span.start]
        return (0, m.span.start - max(prior)) if prior else (1, min(starts) - m.span.start)

    return min(owners, key=distance)


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
    orgs = {m.actor: m.actor for m in found if m.actor_type == "organization" and " " in m.actor}
    initials = {"".join(w[0] for w in name.split() if w[0].isupper()): name for name in orgs}
    for m in found:
        if m.actor_type == "organization" and m.entry is None and m.actor.isupper() and m.actor in initials:
            m.actor = initials[m.actor]


def doc_mentions(doc: Doc, article_id: str, *, ref: Reference | None = None) -> list[dict[str, Any]]:
    """Entity mentions of one article, each with the article-level canonical actor name, type and role."""
    ref = ref or reference(Settings.from_env().alias_file)
    found = _candidates(doc, ref)
    _consistent_labels(found, ref)
    for m in found:
        if m.entry is not None and m.entry.actor_type == "person" and m.label != "PERSON":
            m.label = "PERSON"
    _resolve_others(found)
    _resolve_people([m for m in found if m.label == "PERSON" and not m.actor])
    starts = _sentence_starts(doc)
    rows = []
    for m in found:
        if m.actor_type == "person":
            m.role = _role(m.span, ref)
        rows.append({"article_id": article_id, "sentence": bisect_right(starts, m.span.start) - 1,
                     "start": m.span.start_char, "end": m.span.end_char, "text": m.span.text, "label": m.label,
                     "actor": m.actor, "actor_type": m.actor_type, "role": m.role})
    return rows


# ---------------------------------------------------------------- the corpus


def _corpus_names(mentions: pd.DataFrame, ref: Reference) -> dict[str, str]:
    """Article-level names -> corpus names.

    Spelling variants and legal forms meet ("Kim Jong-un" = "Kim Jong Un", "Barclays PLC" = "Barclays"),
    an acronym joins the organisation it was written beside ("GM"), a middle initial is optional
    ("Michael M. Sears"), and a lone surname joins a full name only when exactly one person has it.
    """
    counts = mentions.groupby("actor", sort=True).size()
    types = dict(zip(mentions["actor"], mentions["actor_type"], strict=True))
    rename: dict[str, str] = {}

    def join(groups: dict[str, list[str]]) -> None:
        for names in groups.values():
            names = sorted({rename.get(n, n) for n in names})
            best = min(names, key=lambda n: (-counts.get(n, 0), len(n), n))
            rename.update({n: best for n in names if n != best})

    by_key: dict[str, list[str]] = defaultdict(list)
    for name in counts.index:
        key = ref.org_key(name) if types[name] == "organization" else name_key(name)
        by_key[key].append(name)
    join(by_key)
    people = sorted({n for n in counts.index if types[n] == "person"})
    full = {" ".join(_name_words(n)): n for n in people}
    initials: dict[str, list[str]] = defaultdict(list)
    for name in people:
        words = _name_words(name)
        short = " ".join([words[0], words[-1]]) if len(words) > 2 else ""
        if short and all(len(w.rstrip(".")) == 1 for w in words[1:-1]) and short in full:
            initials[short] += [name, full[short]]
    join(initials)
    owners: dict[str, Counter[str]] = defaultdict(Counter)
    for text, name, kind in zip(mentions["text"], mentions["actor"], mentions["actor_type"], strict=True):
        if kind == "organization" and text.isupper() and len(text) <= 6 and text != name:
            owners[text][rename.get(name, name)] += 1
    for name in counts.index:
        target = rename.get(name, name)
        if types[name] == "organization" and name.isupper() and owners.get(name):
            best = min(owners[name], key=lambda n: (-counts.get(n, 0), n))
            if best != target:
                rename[name] = best
    named: dict[str, Counter[str]] = defaultdict(Counter)
    for text, name in zip(mentions["text"], mentions["actor"], strict=True):
        if text != name and ref.sex_of(text.split()[0]):
            named[text][rename.get(name, name)] += 1
    for name in people:
        if ref.sex_of(name.split()[0]) and named.get(name):
            rename[name] = min(named[name], key=lambda n: (-named[name][n], n))
    people = sorted({rename.get(n, n) for n in people})
    by_word: dict[str, set[str]] = defaultdict(set)
    for name in people:
        words = _name_words(name)
        if len(words) > 1:
            by_word[words[-1]].add(name)
    for name in people:
        words = _name_words(name)
        if len(words) == 1 and len(by_word.get(words[0], ())) == 1 and not ref.sex_of(name.split()[0]):
            rename[name] = next(iter(by_word[words[0]]))
    for name in list(rename):
        seen = {name}
        while rename.get(rename[name], rename[name]) != rename[name] and rename[name] not in seen:
            seen.add(rename[name])
            rename[name] = rename[rename[name]]
    return rename


def resolve_corpus(mentions: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Corpus-level actors from article-level mentions.

    Returns mentions with ``actor_id``, the ``actors`` frame, and a map from article-level
    names to corpus canonical names (applied to quotes and events by the pipeline). Every step
    works on whole columns (names factorized once, group sizes and extremes by grouped reductions),
    so that a build's corpus step stays a small share of it at millions of mentions.
    """
    mentions = schema.frame("mentions", mentions)
    if mentions.empty:
        return mentions, schema.empty("actors"), {}
    rename = _corpus_names(mentions, reference(Settings.from_env().alias_file))
    mentions["actor"] = _mapped(mentions["actor"], lambda n: rename.get(n, n))
    # One type per name across the corpus: the one most of its mentions carry.
    votes = mentions.groupby(["actor", "actor_type"], sort=True).size().reset_index(name="n")
    votes = votes.sort_values(["actor", "n", "actor_type"], ascending=[True, False, True], kind="stable")
    first = votes.drop_duplicates("actor")
    types = dict(zip(first["actor"], first["actor_type"], strict=True))
    mentions["actor_type"] = mentions["actor"].map(types)
    codes, pairs = pd.factorize(pd.MultiIndex.from_arrays([mentions["actor"], mentions["actor_type"]]))
    mentions["actor_id"] = np.asarray([actor_id(n, t) for n, t in pairs], dtype=object)[codes]
    published = articles.drop_duplicates("article_id").set_index("article_id")["published"]
    keys = ["actor_id", "actor", "actor_type"]
    work = mentions[[*keys, "article_id", "text", "role"]].assign(_published=mentions["article_id"].map(published))
    groups = work.groupby(keys, sort=True)
    actors = groups.agg(mentions=("article_id", "size"), articles=("article_id", "nunique"),
                        first_seen=("_published", "min"), last_seen=("_published", "max")).reset_index()
    aliases = _lists_by(work[["actor_id", "text"]].drop_duplicates().sort_values(["actor_id", "text"], kind="stable"),
                        "actor_id", "text")
    # The most frequent role; ties to the longer, then the alphabetically first.
    roles = work.loc[work["role"] != "", ["actor_id", "role"]].value_counts().reset_index(name="n")
    roles = roles.assign(length=roles["role"].str.len()).sort_values(
        ["actor_id", "n", "length", "role"], ascending=[True, False, False, True], kind="stable")
    first_role = roles.drop_duplicates("actor_id")
    role = dict(zip(first_role["actor_id"], first_role["role"], strict=True))
    actors["aliases"] = actors["actor_id"].map(aliases)
    actors["role"] = [role.get(a, "") for a in actors["actor_id"]]
    actors = schema.frame("actors", actors[list(schema.COLUMNS["actors"])])
    actors = actors.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)
    return mentions, actors, {k: v for k, v in sorted(rename.items()) if k != v}


def _mapped(col: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """``col.map(fn)`` with ``fn`` called once per distinct value rather than once per row."""
    codes, uniques = pd.factorize(col, use_na_sentinel=False)
    values = np.asarray([fn(u) for u in uniques], dtype=object)
    return pd.Series(values[codes], index=col.index, dtype=object)


def _lists_by(df: pd.DataFrame, key: str, col: str) -> pd.Series:
    """The values of ``col`` as one list per run of equal ``key`` (``df`` sorted by it), indexed by the key."""
    keys, values = df[key].to_numpy(dtype=object), df[col].to_numpy(dtype=object)
    if not len(keys):
        return pd.Series([], dtype=object)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return pd.Series([part.tolist() for part in np.split(values, starts[1:])], index=keys[starts], dtype=object)
