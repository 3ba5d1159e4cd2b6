"""The words the events read: event types (``event_types.csv``), light verbs, cue verbs (``cues.csv``), plan cues
(``date_words.json``) and the words that tell a reported happening from a state or a hedge (``happenings.json``)."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from analysis import dates as dates_mod

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def event_lexicon() -> dict[tuple[str, str], str]:
    """(lemma, object lemma or "") -> event type, from ``analysis/data/event_types.csv``."""
    with (DATA / "event_types.csv").open(encoding="utf-8") as fh:
        return {(r["lemma"], r["object"]): r["event_type"] for r in csv.DictReader(fh)}


@cache
def light_verbs() -> frozenset[str]:
    """Verbs that name no event of their own but take their object's ("held talks"): ``light_verbs.csv``."""
    with (DATA / "light_verbs.csv").open(encoding="utf-8") as fh:
        return frozenset(r["lemma"] for r in csv.DictReader(fh))


def plan_cues() -> frozenset[str]:
    """Words that make what depends on them planned ("plans to", "will"): ``future_cues`` of date_words.json."""
    return frozenset(dates_mod.words()["future_cues"])


def event_type(action: str, objects: list[str]) -> str:
    """The SCHEMA event type of a verb (or event noun) lemma with its objects' lemmas."""
    lex = event_lexicon()
    for obj in objects:
        if (action, obj) in lex:
            return lex[(action, obj)]
    if (action, "") in lex:
        return lex[(action, "")]
    for obj in objects:  # light verbs: "held talks", "conducted strikes"
        if (obj, "") in lex and action in light_verbs():
            return lex[(obj, "")]
    return "other"


def is_event_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and (tok.lemma_.lower(), "") in event_lexicon()


@cache
def military_words() -> frozenset[str]:
    """What makes a clause military when its verb alone does not: the objects and nouns of military rows."""
    lex = event_lexicon()
    words = {obj or lemma for (lemma, obj), kind in lex.items() if kind == "military_action"}
    return frozenset(w for w in words if w.isalpha() and w not in ("at", "on", "upon", "down", "in", "off"))


@cache
def military_verbs() -> frozenset[str]:
    """Verbs that are military with the right object ("launch a missile", "conduct a test")."""
    return frozenset(lemma for (lemma, obj), kind in event_lexicon().items() if kind == "military_action" and obj)


@cache
def cue_classes() -> dict[str, str]:
    """Verbs that report what someone said ("said", "told", "announced") and their class: ``cues.csv``."""
    return {cue: row["class"] for cue, row in cue_rows().items()}


@cache
def cue_rows() -> dict[str, dict[str, str]]:
    """The rows of ``cues.csv`` by cue: its class, whether a to-infinitive is its content, what object is."""
    with (DATA / "cues.csv").open(encoding="utf-8") as fh:
        return {r["cue"]: r for r in csv.DictReader(fh)}


def cue_verbs() -> frozenset[str]:
    """The cue verbs of ``cues.csv``."""
    return frozenset(cue_classes())


@cache
def happening_words() -> dict[str, frozenset[str]]:
    """The word lists that tell a reported happening from a state, a habit or a hedge: ``happenings.json``."""
    with (DATA / "happenings.json").open(encoding="utf-8") as fh:
        return {key: frozenset(words) for key, words in json.load(fh).items()}


@cache
def hedges() -> frozenset[str]:
    """Auxiliaries that make a clause no report of a happening: modals, and the future ones of date_words.json."""
    cues = dates_mod.words()["future_cues"]
    return happening_words()["modals"] | {w for w, kind in cues.items() if kind == "auxiliary"} | {"would"}
