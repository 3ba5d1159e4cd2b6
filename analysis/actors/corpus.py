"""The corpus: article-level mentions -> one actor per real-world entity, with a stable id.

:func:`resolve_corpus` renames the article-level names that are one actor (:func:`_corpus_names`, in named
steps), gives each name one type and an id, and gathers each actor's counts, dates seen, aliases and usual role.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from analysis import schema
from analysis.actors.products import product_key
from analysis.actors.reference import Reference, name_key, reference


def resolve_corpus(mentions: pd.DataFrame, articles: pd.DataFrame, *,
                   ref: Reference | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Corpus-level actors from article-level mentions.

    Returns mentions with ``actor_id``, the ``actors`` frame, and a map from article-level
    names to corpus canonical names (applied to quotes and events by the pipeline). ``ref`` is the reference
    data with the user's aliases, ``reference(alias_file)``. Every step
    works on whole columns (names factorized once, group sizes and extremes by grouped reductions),
    so that a build's corpus step stays a small share of it at millions of mentions.
    """
    mentions = schema.frame("mentions", mentions)
    if mentions.empty:
        return mentions, schema.empty("actors"), {}
    rename = _corpus_names(mentions, ref or reference())
    mentions["actor"] = _mapped(mentions["actor"], lambda n: rename.get(n, n))
    mentions, actors = actor_frame(mentions, articles)
    return mentions, actors, {k: v for k, v in sorted(rename.items()) if k != v}


def actor_frame(mentions: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions already named by their corpus actor -> one type per name, ids, and the ``actors`` frame.

    The last part of :func:`resolve_corpus`, run again alone by ``edits.apply_edits`` over the mentions of the
    actors an edit touched. Text columns may be categories (the dashboard's compact form).
    """
    mentions = mentions.copy(deep=False)
    if mentions.empty:
        return mentions, schema.empty("actors")
    # One type per name across the corpus: the one most of its mentions carry.
    votes = mentions.groupby(["actor", "actor_type"], sort=True, observed=True).size().reset_index(name="n")
    votes = votes[votes["n"] > 0].astype({"actor": object, "actor_type": object})
    votes = votes.sort_values(["actor", "n", "actor_type"], ascending=[True, False, True], kind="stable")
    first = votes.drop_duplicates("actor")
    types = dict(zip(first["actor"], first["actor_type"], strict=True))
    names = mentions["actor"].astype(object)
    mentions["actor_type"] = _mapped(names, types.__getitem__)
    codes, pairs = pd.factorize(pd.MultiIndex.from_arrays([names, mentions["actor_type"]]))
    mentions["actor_id"] = np.asarray([actor_id(n, t) for n, t in pairs], dtype=object)[codes]
    published = articles.drop_duplicates("article_id").set_index("article_id")["published"]
    keys = ["actor_id", "actor", "actor_type"]
    work = pd.DataFrame({"actor_id": mentions["actor_id"], "actor": names, "actor_type": mentions["actor_type"],
                         "article_id": mentions["article_id"].astype(object), "text": mentions["text"].astype(object),
                         "role": mentions["role"].astype(object)})
    work["_published"] = work["article_id"].map(published)
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
    return mentions, actors


def actor_id(name: str, actor_type: str) -> str:
    """Stable id of a canonical actor, the same on every run and machine."""
    return "p" + hashlib.sha1(f"{actor_type}:{name}".encode()).hexdigest()[:11]


def _corpus_names(mentions: pd.DataFrame, ref: Reference) -> dict[str, str]:
    """Article-level names -> corpus names.

    Spelling variants and legal forms meet ("Kim Jong-un" = "Kim Jong Un", "Barclays PLC" = "Barclays"),
    an acronym joins the organisation it was written beside ("GM"), a middle initial is optional
    ("Michael M. Sears"), a name left as "Mr Howard" joins the person that text named elsewhere, and a lone
    surname joins a full name only when exactly one person has it.
    """
    counts = mentions.groupby("actor", sort=True).size()
    types = dict(zip(mentions["actor"], mentions["actor_type"], strict=True))
    people = sorted({n for n in counts.index if types[n] == "person"})
    rename: dict[str, str] = {}
    _join(rename, counts, _spelling_variants(counts.index, types, ref))
    _join(rename, counts, _middle_initials(people, ref))
    rename.update(_acronyms(mentions, counts, types, rename))
    rename.update(_honorific_names(mentions, people, rename, ref))
    rename.update(_lone_surnames(sorted({rename.get(n, n) for n in people}), ref))
    return _followed(rename)


def _join(rename: dict[str, str], counts: pd.Series, groups: dict[str, list[str]]) -> None:
    """Each group of names becomes its most mentioned one (ties to the shortest, then the first), after
    the renames made so far, so that the steps build on each other."""
    for names in groups.values():
        names = sorted({rename.get(n, n) for n in names})
        best = min(names, key=lambda n: (-counts.get(n, 0), len(n), n))
        rename.update({n: best for n in names if n != best})


def _spelling_variants(names: pd.Index, types: dict[str, str], ref: Reference) -> dict[str, list[str]]:
    """Names under one key: "Kim Jong-un" = "Kim Jong Un", "Barclays PLC" = "Barclays" for organisations, and
    "Hyunmoo II" = "Hyunmoo-2" for products."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in names:
        kind = types[name]
        key = ref.org_key(name) if kind == "organization" else product_key(name) if kind == "product" else name_key(name)
        by_key[key].append(name)
    return by_key


def _middle_initials(people: list[str], ref: Reference) -> dict[str, list[str]]:
    """A name with middle initials and the same name without them: "Michael M. Sears" = "Michael Sears"."""
    full = {" ".join(ref.person_words(n)): n for n in people}
    initials: dict[str, list[str]] = defaultdict(list)
    for name in people:
        words = ref.person_words(name)
        short = " ".join([words[0], words[-1]]) if len(words) > 2 else ""
        if short and all(len(w.rstrip(".")) == 1 for w in words[1:-1]) and short in full:
            initials[short] += [name, full[short]]
    return initials


def _acronyms(mentions: pd.DataFrame, counts: pd.Series, types: dict[str, str],
              rename: dict[str, str]) -> dict[str, str]:
    """An acronym left as itself in its article joins the organisation it stood for in others ("GM" where
    "General Motors (GM)" was written), the most mentioned one if several."""
    owners: dict[str, Counter[str]] = defaultdict(Counter)
    for text, name, kind in zip(mentions["text"], mentions["actor"], mentions["actor_type"], strict=True):
        if kind == "organization" and text.isupper() and len(text) <= 6 and text != name:
            owners[text][rename.get(name, name)] += 1
    joined: dict[str, str] = {}
    for name in counts.index:
        if types[name] == "organization" and name.isupper() and owners.get(name):
            best = min(owners[name], key=lambda n: (-counts.get(n, 0), n))
            if best != rename.get(name, name):
                joined[name] = best
    return joined


def _honorific_names(mentions: pd.DataFrame, people: list[str], rename: dict[str, str],
                     ref: Reference) -> dict[str, str]:
    """A name left as honorific and surname in its article ("Mr Howard") joins the person that same text
    was most often resolved to in the others, where the full name was met."""
    named: dict[str, Counter[str]] = defaultdict(Counter)
    for text, name in zip(mentions["text"], mentions["actor"], strict=True):
        if text != name and ref.sex_of(text.split()[0]):
            named[text][rename.get(name, name)] += 1
    return {name: min(named[name], key=lambda n: (-named[name][n], n))
            for name in people if ref.sex_of(name.split()[0]) and named.get(name)}


def _lone_surnames(people: list[str], ref: Reference) -> dict[str, str]:
    """A lone surname joins a full name only when exactly one person in the corpus has it: two people who
    share a surname are not merged blindly."""
    by_word: dict[str, set[str]] = defaultdict(set)
    for name in people:
        words = ref.person_words(name)
        if len(words) > 1:
            by_word[words[-1]].add(name)
    joined: dict[str, str] = {}
    for name in people:
        words = ref.person_words(name)
        if len(words) == 1 and len(by_word.get(words[0], ())) == 1 and not ref.sex_of(name.split()[0]):
            joined[name] = next(iter(by_word[words[0]]))
    return joined


def _followed(rename: dict[str, str]) -> dict[str, str]:
    """The renames with chains followed to their end (a -> b -> c gives a -> c), stopping at a cycle."""
    rename = dict(rename)
    for name in list(rename):
        seen = {name}
        while rename.get(rename[name], rename[name]) != rename[name] and rename[name] not in seen:
            seen.add(rename[name])
            rename[name] = rename[rename[name]]
    return rename


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
