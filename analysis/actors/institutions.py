"""Institutions of a state, named as the wire names them: "South Korea's Defense Ministry", "Seoul's defence
ministry", "the Chinese Ministry of Foreign Affairs", "China's Foreign Ministry".

Each is one organization actor per state and body, named "<demonym> <body>" ("South Korean Defense Ministry",
"Chinese Foreign Ministry"; "US Navy": the prefix of ``data/institution_prefixes.csv`` where usage has one),
whatever form the text used and whether or not the model tagged it; the body nouns and their spellings are
``data/institutions.csv``, the states their names, demonyms and capitals in ``data/countries.csv``. A body named without its state ("the Foreign Ministry") is the one of that body the
article already named, if there is exactly one.

Plain string code over the text: no spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.actors.reference import DATA, Reference, _read, _split, per_reference

OWNER_KINDS = ("country", "official", "alias", "demonym", "capital")


@dataclass(frozen=True)
class Institution:
    start: int
    end: int
    body_start: int  # where the body's words begin ("Defense Ministry" in "South Korea's Defense Ministry")
    name: str  # "South Korean Defense Ministry"; the bare body ("Foreign Ministry") when no state is named
    body: str  # "Defense Ministry"
    country: str  # "South Korea", or "" when no state is named


@dataclass(frozen=True)
class _Vocabulary:
    owned: re.Pattern[str]  # "South Korea's Defense Ministry", "Seoul's defence ministry", "the Chinese Ministry of ..."
    bare: re.Pattern[str]  # "the Foreign Ministry", "Ministry of Foreign Affairs": title case, no state before it
    placed: re.Pattern[str]  # " headquarters in Tokyo" after a bare body: the state it belongs to
    bodies: dict[str, str]  # any spelling, case-folded -> the body's name
    owners: dict[str, str]  # a state's name, demonym or capital -> the state
    demonym: dict[str, str]  # state -> its adjective ("South Korean")


def _build(ref: Reference) -> _Vocabulary:
    bodies: dict[str, str] = {}
    titled: set[str] = set()
    for row in _read(DATA / "institutions.csv"):
        for form in [row["body"], *_split(row["aliases"])]:
            bodies[form.casefold()] = row["body"]
            titled.add(form)
    owners: dict[str, str] = {}
    demonym: dict[str, str] = {}
    for e in ref.entries:
        if e.actor_type == "country" and e.kind in OWNER_KINDS and len(e.surface) > 2:
            owners.setdefault(e.surface, e.canonical)
            if e.kind == "demonym":  # the first listed is the adjective ("Swiss", "British", not "Britons")
                demonym.setdefault(e.canonical, e.surface)
    demonym.update({r["state"]: r["prefix"] for r in _read(DATA / "institution_prefixes.csv")})  # "US Navy"
    body = "|".join(re.escape(b) for b in sorted(bodies, key=len, reverse=True))
    owner = "|".join(re.escape(o) for o in sorted(owners, key=len, reverse=True))
    halves = "|".join(HALVES)
    return _Vocabulary(re.compile(rf"\b(?P<owner>{owner}|(?<=[Tt]he )(?:{halves})(?=['’]s))(?:['’]s)?[ \t]+"
                                  rf"(?P<body>(?i:{body}))\b"),
                       re.compile(rf"\b(?P<body>{'|'.join(re.escape(b) for b in sorted(titled, key=len, reverse=True))})\b"),
                       re.compile(rf"(?:[ \t]+[a-z]+){{0,2}}[ \t]+in[ \t]+(?P<owner>{owner})\b"),
                       bodies, owners, demonym)


_vocabulary = per_reference(_build)


HALVES = ("North", "South")  # "the South's foreign ministry": the divided country the article names


def _half(text: str, half: str, v: _Vocabulary) -> str:
    """The one state named "<half> ..." in the text (South Korea for "the South"), else ""."""
    named = {v.owners[o] for o in re.findall(rf"\b{half} [A-Z][a-z]+", text) if o in v.owners}
    return named.pop() if len(named) == 1 else ""


def institutions(text: str, ref: Reference) -> list[Institution]:
    """Every institution named in ``text``, in order: owned ones with their state, bare ones resolved to the
    one owned institution of that body the article names, if it names exactly one, or to the state named
    just after it ("the Defence Ministry headquarters in Tokyo")."""
    v = _vocabulary(ref)
    found: list[Institution] = []
    halves = {half: _half(text, half, v) for half in HALVES}
    for m in v.owned.finditer(text):
        country = v.owners.get(m.group("owner")) or halves.get(m.group("owner"), "")
        if not country:
            continue
        body = v.bodies[m.group("body").casefold()]
        found.append(Institution(m.start(), m.end(), m.start("body"), f"{v.demonym.get(country, country)} {body}", body,
                                 country))
    by_body: dict[str, set[str]] = {}
    for inst in found:
        by_body.setdefault(inst.body, set()).add(inst.name)
    for m in v.bare.finditer(text):
        if any(i.start <= m.start() < i.end for i in found):
            continue
        body = v.bodies[m.group("body").casefold()]
        place = v.placed.match(text, m.end())  # "the Defence Ministry headquarters in Tokyo"
        if place:
            country = v.owners[place.group("owner")]
            found.append(Institution(m.start(), m.end(), m.start(), f"{v.demonym.get(country, country)} {body}",
                                     body, country))
            continue
        names = by_body.get(body, set())
        found.append(Institution(m.start(), m.end(), m.start(), next(iter(names)) if len(names) == 1 else body,
                                 body, ""))
    return sorted(found, key=lambda i: i.start)
