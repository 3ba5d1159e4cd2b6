"""Mentions -> canonical actors: aliases merged, types and roles.

Two levels. :func:`doc_mentions` (``article.py``) resolves one article: reference names
(``reference.py``, from ``analysis/data/``), partial names joined to the full name met in the same
article, demonyms and state aliases mapped to their country, junk dropped, roles read from titles and
appositions. :func:`resolve_corpus` (``corpus.py``) then joins the articles: one actor per real-world
entity, stable ids. :func:`apply_edits` (``edits.py``) applies a user's alias table (merge, move an alias,
rename, retype, not an actor) to frames already built, re-running only that corpus step.
"""

from analysis.actors.article import doc_mentions
from analysis.actors.corpus import actor_id, resolve_corpus
from analysis.actors.edits import apply_edits
from analysis.actors.reference import (
    ACTOR_LABELS,
    ACTOR_TYPES,
    KINDS,
    NOT_ACTOR,
    SEPARATORS,
    AliasRow,
    Entry,
    Reference,
    name_key,
    read_alias_file,
    read_alias_table,
    reference,
    reference_entries,
)

__all__ = ["ACTOR_LABELS", "ACTOR_TYPES", "KINDS", "NOT_ACTOR", "SEPARATORS", "AliasRow", "Entry", "Reference", "actor_id",
           "apply_edits", "doc_mentions", "name_key", "read_alias_file", "read_alias_table", "reference",
           "reference_entries", "resolve_corpus"]
