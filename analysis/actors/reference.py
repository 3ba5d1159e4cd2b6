"""The names Dossier knows before it reads an article, and the vocabulary for talking about names.

Reference names come from ``analysis/data/`` (countries, places, organisations, people, products and
market indices, title and honorific words) and from the user's alias file on top. :func:`name_key` is the key under which spelling
variants of one name meet. Both ``analysis/nlp.py`` (the actor ruler) and the two resolution levels of
this package read them here.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from analysis import schema
from analysis.settings import SettingsError

DATA = Path(__file__).resolve().parent.parent / "data"
ACTOR_TYPES = schema.ACTOR_TYPES
# The NER labels that can name an actor, and the actor type each gives when no reference entry says better.
# A PRODUCT entity is an actor only when the actor ruler vouched for it (``analysis/actors/products.py``).
ACTOR_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "NORP": "other", "LOC": "location",
                "FAC": "location", "MISC": "other", "PRODUCT": "product"}
LABEL_OF_TYPE = {"person": "PERSON", "organization": "ORG", "country": "GPE", "location": "LOC", "product": "PRODUCT",
                 "other": "MISC"}
# Entry kinds, strongest first: which one wins when two reference rows share a name.
KINDS = ("user", "person", "organization", "country", "official", "alias", "demonym", "capital", "place", "product")
# Where a name written in running text ends: the actor ruler and the article level both cut entities here.
SEPARATORS = {"-", "–", "—", "(", ")", ":", ";", ",", '"', "“", "”", "|", "/", "*", "•", "[", "]"}


# Nouns for the state a person leads or serves: "Kim's regime", "the Trump administration", "his government".
STATE_NOUNS = frozenset({"country", "state", "nation", "regime", "government", "administration"})


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
class Product:
    """What ``products.csv`` says of a named thing beyond its names (see ``data/README.md``)."""

    kind: str  # "missile", "aircraft", "ship", "index"
    maker: str = ""  # "Boeing"
    context: str = ""  # "noun": a one-word name is a product only beside a product noun ("Patriot missiles")


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
    country_of: dict[str, str] = field(default_factory=dict)  # a person in the news -> the state they lead or serve
    products: dict[str, Product] = field(default_factory=dict)  # a product's or index's canonical name -> its row
    product_words: dict[str, str] = field(default_factory=dict)  # "missile" -> "noun", "tanker" -> "vessel", "USS" -> "prefix"

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

    def person_words(self, name: str) -> list[str]:
        """The words of a person's name as written, keyed, without honorifics: "Mr Ban Ki-moon" -> ban, ki moon.

        A hyphenated given name stays one word, so a lone "Moon" is not taken for Ban Ki-moon.
        """
        words = name.split()
        while len(words) > 1 and words[0].rstrip(".").lower() in self.honorifics:
            words = words[1:]
        return [name_key(w).casefold() for w in words]


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A key under which spelling variants of one name meet (cached: the same names recur in every article).

    "the Russian Federation" = "Russian Federation", "Kim Jong-un" = "Kim Jong Un", "U.S." = "US";
    short all-capital names keep their case so that "US" is not "us".
    """
    text = re.sub(r"^(the|The|THE)\s+", "", text.strip())
    text = re.sub(r"\s*['’]s?$", "", text)
    text = re.sub(r"(?<=\b[A-Za-z])\.", "", text).replace("’", "'")
    text = re.sub(r"[\s\-‐–—_]+", " ", text).strip()
    return text if len(text) <= 4 and text.isupper() else text.casefold()


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def reference_entries(data: Path = DATA) -> list[Entry]:
    """The built-in reference names: countries, organisations, people, products and market indices in the news."""
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
    for row in _read(data / "products.csv"):
        name, actor_type = row["product"], "other" if row["kind"] == "index" else "product"
        entries += [Entry(s, name, actor_type, "product") for s in [name, *_split(row["aliases"])]]
    return entries


NOT_ACTOR = "not_actor"  # the type of an alias row that says a name is nobody
ALIAS_COLUMNS = ("alias", "canonical", "type", "actor")
_DEFUSED = re.compile(r"^'(?=[=+\-@\t\r])")  # a download's apostrophe before a formula character


@dataclass(frozen=True)
class AliasRow:
    """One row of the user's alias table: mentions written (or resolved to) ``alias`` are ``canonical``.

    ``actor_type`` is one of the actor types, ``not_actor`` (the name is nobody: its mentions drop out), or
    empty (keep the type the mentions have). ``actor``, when set, narrows the row to the mentions now
    resolved to that actor: the alias ``Kim`` moved out of ``Kim Jong Un`` (see ``analysis/actors/edits.py``).
    """

    alias: str
    canonical: str = ""
    actor_type: str = ""
    actor: str = ""

    @property
    def whole(self) -> bool:
        """True when the row names a whole actor (merge, rename, type, not an actor), not one of its aliases."""
        return not self.actor or name_key(self.actor) == name_key(self.alias)


def alias_rows(rows: list[dict[str, str]], where: str = "the alias table") -> list[AliasRow]:
    """Rows of ``alias,canonical,type[,actor]`` (dicts) checked; a SettingsError names a bad line.

    The type may be empty (keep the actors' types) or ``not_actor`` (then the canonical name may be empty).
    """
    out = []
    for n, row in enumerate(rows, start=2):
        alias, canonical, kind, actor = (_DEFUSED.sub("", str(row.get(k) or "").strip()) for k in ALIAS_COLUMNS)
        if not alias and not canonical and not kind and not actor:
            continue  # a blank line
        if kind not in (*ACTOR_TYPES, NOT_ACTOR, "") or not alias or not (canonical or kind == NOT_ACTOR):
            raise SettingsError(f"{where} line {n}: need an alias, a canonical name and a type among "
                                f"{', '.join(ACTOR_TYPES)}, {NOT_ACTOR} or empty (keep the type)")
        out.append(AliasRow(alias, "" if kind == NOT_ACTOR else canonical, kind, actor))
    return out


def read_alias_table(path: str | Path) -> list[AliasRow]:
    """The user's alias table: a CSV with a header ``alias,canonical,type`` and, optionally, ``actor``."""
    path = Path(path)
    if not path.is_file():
        raise SettingsError(f"DOSSIER_ALIAS_FILE={path} does not exist; point it at a CSV of alias,canonical,type")
    rows = _read(path)
    if rows and not {"alias", "canonical", "type"} <= set(rows[0]):
        raise SettingsError(f"{path}: the header must be alias,canonical,type (found {','.join(rows[0])})")
    return alias_rows(rows, str(path))


def alias_entries(rows: list[AliasRow]) -> list[Entry]:
    """The reference names an alias table gives the actor ruler: its typed rows of the old form (no ``actor``).

    Rows naming an ``actor`` (the Actors page's corrections), rows without a type and ``not_actor`` rows give none:
    they mean something only over the resolved mentions (``edits.apply_edits``, which a build runs after the
    ruler); ``not_actor`` rows of the old form are junk words instead (:func:`reference`).
    """
    return [entry for row in rows if not row.actor and row.actor_type in ACTOR_TYPES
            for entry in (Entry(row.alias, row.canonical, row.actor_type, "user"),
                          Entry(row.canonical, row.canonical, row.actor_type, "user"))]


def read_alias_file(path: str | Path) -> list[Entry]:
    """A user's aliases as reference names: a CSV with a header ``alias,canonical,type`` (type as in SCHEMA.md)."""
    return alias_entries(read_alias_table(path))


T = TypeVar("T")


def per_reference(build: Callable[[Reference], T]) -> Callable[[Reference], T]:
    """``build(ref)`` made once per reference (the reference itself is made once per alias file): the word
    patterns that institutions and products compile from it."""
    made: dict[int, T] = {}

    def get(ref: Reference) -> T:
        if id(ref) not in made:
            made[id(ref)] = build(ref)
        return made[id(ref)]

    return get


@lru_cache(maxsize=8)
def reference(alias_file: str = "") -> Reference:
    """The reference names, with the user's alias file on top; read once per process."""
    table = read_alias_table(alias_file) if alias_file else []
    entries = reference_entries() + alias_entries(table)
    by_key: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: KINDS.index(e.kind)):
        by_key.setdefault(name_key(entry.surface), entry)
    titles = _read(DATA / "titles.csv")
    words = {kind: frozenset(r["word"] for r in titles if r["kind"].startswith(kind)) for kind in
             ("title", "portfolio", "honorific", "honorific_female", "honorific_male")}
    junk = frozenset([*(r["word"] for r in _read(DATA / "not_actors.csv")),
                      *(r.alias for r in table if r.actor_type == NOT_ACTOR and not r.actor)])
    name_words = _read(DATA / "name_words.csv")
    return Reference(tuple(entries), by_key, words["title"], words["portfolio"], words["honorific"], junk,
                     frozenset(r["word"] for r in name_words if r["where"] == "suffix"),
                     {r["word"]: r["type"] for r in name_words if r["where"] == "word"},
                     words["honorific_female"], words["honorific_male"],
                     {r["person"]: r["country"] for r in _read(DATA / "people.csv") if r.get("country")},
                     {r["product"]: Product(r["kind"], r["maker"], r["context"]) for r in _read(DATA / "products.csv")},
                     {r["word"]: r["where"] for r in name_words if r["type"] == "product"})
