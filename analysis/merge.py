"""Two analyses as one: the frames of an upload added to those of a corpus already analysed."""

from __future__ import annotations

import pandas as pd

from analysis import schema


def merge_frames(base: dict[str, pd.DataFrame], extra: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``base`` plus the rows of ``extra`` from articles ``base`` does not have; actors combined by name and type.

    An actor in both keeps ``base``'s id, gathers both alias lists, adds up its counts and widens its
    first and last seen; the first non-empty role wins.
    """
    known = set(base["articles"]["article_id"])
    out = {}
    for name in schema.FRAMES:
        if name == "actors":
            continue
        b = base.get(name, schema.empty(name))
        e = extra.get(name, schema.empty(name))
        if "article_id" in e.columns and name != "problems":
            e = e[~e["article_id"].isin(known)]
        out[name] = schema.frame(name, pd.concat([b, e], ignore_index=True)) if len(e) else b
    out["actors"] = combine_actors(base["actors"], extra["actors"])
    return out


def combine_actors(base: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """One ``actors`` frame from two, one row per (actor, type), most mentioned first."""
    if not len(extra):
        return base
    grouped = pd.concat([base, extra], ignore_index=True).groupby(["actor", "actor_type"], sort=False)
    actors = grouped.agg(
        actor_id=("actor_id", "first"),
        aliases=("aliases", lambda s: sorted({a for lst in s for a in lst})),
        role=("role", lambda s: next((r for r in s if r), "")),
        mentions=("mentions", "sum"), articles=("articles", "sum"),
        first_seen=("first_seen", "min"), last_seen=("last_seen", "max"),
    ).reset_index()
    return schema.frame("actors", actors).sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)
