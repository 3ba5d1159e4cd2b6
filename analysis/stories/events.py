"""Event rows -> merged events: the reports of one happening share an ``event_group``.

Two event rows report the same happening when they come from the same story (or say it in a near-identical
sentence), their dates are compatible, their types the same or related, and they share an actor: the launch
over Hokkaido "on Tuesday" in one outlet and "on August 29" in another. Rows are placed in the order their
articles were published; each joins the group it fits best (the same words first, then agreement on the date,
then the most rows it matches), or starts a group named after itself (``event_group`` is a hash of the first
row's ``event_id``). A rebuild keeps the groups it
gave before and places only new rows.

A group's date is what its reports agree on: the interval most of its reports' intervals contain, the most
precise of those when several are (a report of "September" supports one of "15 September"). A report dated
by its sentence that does not agree with the group's date (a one-day date more than a day off, any other
interval not the same) stays in the group with ``date_disagrees`` True; rows dated
only by their article's publication day never disagree (their day is when it was written, not when it happened).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis import schema
from analysis.settings import DEFAULT_GROUPING, Grouping
from analysis.stories import near
from analysis.stories.grouping import TOKEN, kept_ids, placing_order

# Types one happening may be given by two reports (the verb each outlet chose), beside the same type.
RELATED: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in (
    ("statement", "accusation"), ("statement", "report"), ("report", "accusation"),
    ("meeting", "visit"), ("meeting", "agreement"), ("military_action", "other"),
))


def event_group_id(first_event_id: str) -> str:
    return "g" + hashlib.sha1(first_event_id.encode("utf-8")).hexdigest()[:15]


def related(a: str, b: str) -> bool:
    return a == b or frozenset((a, b)) in RELATED


def assign(events: pd.DataFrame, articles: pd.DataFrame, *, previous: Mapping[str, str] | None = None,
           grouping: Grouping = DEFAULT_GROUPING) -> pd.Series:
    """``event_group`` of every event row (a Series on ``events``' index); see the module's docstring.

    ``articles`` carry ``story_id`` and the order of publication; ``previous`` maps event ids to the groups
    a previous build gave them, which they keep.
    """
    n = len(events)
    ids, group = kept_ids(events, "event_id", previous)
    if n == 0:
        return pd.Series(group, index=events.index, dtype=object)
    info = _rows(events, articles)
    sets = [near.shingles(t, 3) for t in events["text"].fillna("").astype(str)]
    close: list[list[int]] = [[] for _ in range(n)]
    for i, j, _ in near.near_pairs(sets, grouping.event_sentence_threshold):
        close[i].append(j)
        close[j].append(i)
    by_story: dict[str, list[int]] = {}
    members: dict[str, list[int]] = {}
    for i in np.flatnonzero(group != ""):
        by_story.setdefault(info["story"][i], []).append(int(i))
        members.setdefault(group[i], []).append(int(i))
    dates = {gid: _group_date(rows, info) for gid, rows in members.items()}
    text = _sentence_vectors(events)
    for i in info["order"]:
        if group[i]:
            continue
        near_i = set(close[i])
        story_rows = by_story.get(info["story"][i], [])
        alike = set()
        if story_rows:
            sims = (text[int(i)] @ text[story_rows].T).toarray().ravel()
            alike = {story_rows[k] for k in np.flatnonzero(sims >= grouping.event_words_threshold)}
        best, best_score = "", None
        candidates = {group[j] for j in [*story_rows, *close[i]] if group[j]}
        for gid in sorted(candidates):
            score = _match(i, members[gid], dates[gid], info, near_i, alike, grouping)
            if score is not None and (best_score is None or score > best_score):
                best, best_score = gid, score
        gid = best or event_group_id(ids[i])
        group[i] = gid
        members.setdefault(gid, []).append(int(i))
        dates[gid] = _group_date(members[gid], info)
        by_story.setdefault(info["story"][i], []).append(int(i))
    return pd.Series(group, index=events.index, dtype=object)


def _rows(events: pd.DataFrame, articles: pd.DataFrame) -> dict[str, Any]:
    """What the matching reads of each row, as arrays: days, spans, types, actor sets, story, order."""
    arts = articles.drop_duplicates("article_id").set_index("article_id")
    aid = events["article_id"].astype(str)
    published = pd.to_datetime(aid.map(arts["published"]))
    start, end = _days(events["date_start"]), _days(events["date_end"])
    end = np.where(np.isnan(end), start, end)
    by_article = (events["date_source"].astype(str) == "article").to_numpy()
    pub = _days(published)
    # A row dated by its article happened that day or the day before, as far as anyone can tell.
    start = np.where(by_article & ~np.isnan(pub), pub - 1, start)
    end = np.where(by_article & ~np.isnan(pub), pub, end)
    rank_of = dict(zip(articles["article_id"].iloc[placing_order(articles)], range(len(articles)), strict=True))
    rank = aid.map(rank_of).fillna(len(articles)).to_numpy()
    offset = pd.to_numeric(events["start"], errors="coerce").fillna(0).to_numpy()
    subjects = events["subject"].fillna("").astype(str)
    actors = [frozenset([*(a for a in (lst if isinstance(lst, (list, tuple)) else []) if a), *([s] if s else [])])
              for lst, s in zip(events["actors"], subjects, strict=True)]
    return {
        "start": start, "end": end, "by_article": by_article,
        "type": events["event_type"].fillna("").astype(str).to_numpy(),
        "action": events["action"].fillna("").astype(str).to_numpy(),
        "planned": events["planned"].fillna(False).astype(bool).to_numpy(),
        "actors": actors,
        "story": aid.map(arts["story_id"]).fillna("").astype(str).to_numpy(),
        "order": np.lexsort((ids_of(events), offset, rank)),
    }


def ids_of(events: pd.DataFrame) -> np.ndarray:
    return events["event_id"].astype(str).to_numpy()


def _days(values: pd.Series) -> np.ndarray:
    ts = pd.to_datetime(values).reset_index(drop=True)
    days = ts.to_numpy(dtype="datetime64[D]").astype("int64").astype(float)
    days[ts.isna().to_numpy()] = np.nan
    return days


def _group_date(rows: list[int], info: dict[str, Any]) -> tuple[float, float]:
    """The interval a group's reports agree on so far (:func:`consensus` of the rows dated by their sentence)."""
    idx = np.asarray(rows)
    dated = idx[~info["by_article"][idx]]
    pool = dated if len(dated) else idx
    c = pool[consensus(info["start"][pool], info["end"][pool])]
    return info["start"][c], info["end"][c]


def _dates_fit(start: float, end: float, other: tuple[float, float], g: Grouping) -> tuple[bool, bool]:
    """(compatible, agreeing) for an interval against a group's: one-day dates within a day of each other
    agree and within ``event_slack_days`` are compatible; longer ones must be the same interval."""
    o_start, o_end = other
    if np.isnan(start) or np.isnan(o_start):
        return False, False
    span, o_span = end - start, o_end - o_start
    if max(span, o_span) > 1:  # a week, a month, a year: the same period or another happening
        same = start == o_start and end == o_end
        return same, same
    gap = max(start - o_end, o_start - end, 0)
    return gap <= g.event_slack_days, gap <= 1


def _sentence_vectors(events: pd.DataFrame) -> Any:
    """L2-normalised TF-IDF rows of the events' sentences (words of letters, English stop words left out)."""
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = events["text"].fillna("").astype(str).tolist()
    try:
        return TfidfVectorizer(sublinear_tf=True, stop_words="english", strip_accents="unicode", token_pattern=TOKEN,
                               dtype=np.float32).fit_transform(texts).tocsr()
    except ValueError:  # not one word in any sentence
        return csr_matrix((len(texts), 1), dtype=np.float32)


def _match(i: int, rows: list[int], date: tuple[float, float], info: dict[str, Any], close: set[int],
           alike: set[int], g: Grouping) -> tuple | None:
    """How well row ``i`` fits a group of ``rows`` agreeing on ``date`` (higher is better), or None.

    Row ``i`` fits when its date fits the group's and one of its rows says it in near-identical words, or has
    a related type, a shared actor and the same tense (planned or not); a row whose type says no more than
    "other" needs the same action (verb), two shared actors or a sentence alike (TF-IDF cosine of its words
    ``event_words_threshold``). A row dated only by its article's publication day must agree.
    """
    fits, agree = _dates_fit(info["start"][i], info["end"][i], date, g)
    if not fits or (info["by_article"][i] and not agree):
        return None
    coarse = info["end"][i] - info["start"][i] > g.event_max_span_days  # "in 2017": only the same words tell
    best, matching = None, 0
    for j in rows:
        shared = len(info["actors"][i] & info["actors"][j])
        if coarse and j not in close:
            continue
        if j in close:
            score = (1, int(agree), int(info["type"][i] == info["type"][j]), shared)
        elif (info["planned"][i] == info["planned"][j] and shared and related(info["type"][i], info["type"][j])
              and (info["type"][i] != "other" or info["action"][i] == info["action"][j] or shared >= 2
                   or j in alike)):
            score = (0, int(agree), int(info["type"][i] == info["type"][j]), shared)
        else:
            continue
        matching += 1
        best = score if best is None or score > best else best
    # The same words first, then agreement on the date, then the group with more rows the row matches (so that
    # the reports of one happening gather in one group rather than in two begun by two outlets).
    return None if best is None else (best[0], best[1], matching, *best[2:])


def consensus(starts: np.ndarray, ends: np.ndarray) -> int:
    """Position of the interval most of the others contain (ties: the shortest, then the earliest)."""
    best, key = 0, None
    for k in range(len(starts)):
        support = int(np.sum((starts <= starts[k]) & (ends >= ends[k])))
        candidate = (-support, ends[k] - starts[k], starts[k], k)
        if key is None or candidate < key:
            best, key = k, candidate
    return best


def groups_frame(events: pd.DataFrame, articles: pd.DataFrame, *,
                 settings: Grouping = DEFAULT_GROUPING) -> tuple[pd.DataFrame, pd.Series]:
    """The ``event_groups`` frame of ``events`` (which carry ``event_group``), and ``date_disagrees`` per row.

    A group's date and precision are its reports' consensus (:func:`consensus`; rows dated by their sentence
    decide when there are any); its type the most common but "other" (ties: the first report's); its actors by how many
    reports name them; ``n_reports`` the articles that report it, ``n_sources`` their distinct sources;
    ``first_article_id`` the earliest of them and ``text`` the first report's sentence that gives the agreed date.
    """
    disagrees = pd.Series(False, index=events.index, dtype=schema.BOOL)
    if events.empty:
        return schema.empty("event_groups"), disagrees
    arts = articles.drop_duplicates("article_id").set_index("article_id")
    rank_of = dict(zip(articles["article_id"].iloc[placing_order(articles)], range(len(articles)), strict=True))
    ev = events.reset_index(drop=True)
    rank = ev["article_id"].map(rank_of).fillna(len(articles)).to_numpy()
    offset = pd.to_numeric(ev["start"], errors="coerce").fillna(0).to_numpy()
    order = np.lexsort((ev["event_id"].astype(str).to_numpy(), offset, rank))
    starts = _days(ev["date_start"])
    ends = _days(ev["date_end"])
    ends = np.where(np.isnan(ends), starts, ends)
    by_text = (ev["date_source"].astype(str) != "article").to_numpy()
    source = ev["article_id"].map(arts["source"]).fillna("").astype(str).to_numpy()
    story = ev["article_id"].map(arts["story_id"]).fillna("").astype(str).to_numpy() if "story_id" in arts else \
        np.full(len(ev), "", dtype=object)
    flags = np.zeros(len(ev), dtype=bool)
    col = {c: ev[c].tolist() for c in ("event_group", "event_type", "article_id", "text", "precision", "date_start",
                                       "date_end", "planned", "actors", "subject")}
    rows = []
    members: dict[str, list[int]] = {}
    for k in order:
        members.setdefault(col["event_group"][k], []).append(int(k))
    for gid, rows_of in members.items():
        idx = np.asarray(rows_of)
        dated = idx[by_text[idx] & ~np.isnan(starts[idx])]
        pool = dated if len(dated) else idx[~np.isnan(starts[idx])]
        first = int(idx[0])
        if len(pool):
            c = int(pool[consensus(starts[pool], ends[pool])])
            for k in dated:
                flags[k] = not _dates_fit(starts[k], ends[k], (starts[c], ends[c]), settings)[1]
            shown = next((int(k) for k in idx if not flags[k] and (by_text[k] or not len(dated))), first)
            precision, date_start, date_end = col["precision"][c], col["date_start"][c], col["date_end"][c]
        else:
            shown, precision, date_start, date_end = first, col["precision"][first], pd.NaT, pd.NaT
        types = Counter(str(col["event_type"][k]) for k in idx)
        if len(types) > 1:
            types.pop("other", None)  # "other" says nothing a report with a type does not
        first_type = next((str(col["event_type"][k]) for k in idx if str(col["event_type"][k]) in types), "")
        event_type = max(types, key=lambda t: (types[t], t == first_type, t))
        named = Counter(a for k in idx for a in _actors_of(col["actors"][k], col["subject"][k]))
        articles_of = list(dict.fromkeys(str(col["article_id"][k]) for k in idx))
        planned = col["planned"][first]
        rows.append({
            "event_group": gid, "date_start": date_start, "date_end": date_end, "precision": precision,
            "event_type": event_type, "actors": sorted(named, key=lambda a: (-named[a], a)),
            "n_reports": len(articles_of), "n_sources": len({source[k] for k in idx if source[k]}),
            "first_article_id": articles_of[0], "text": col["text"][shown], "story_id": story[first],
            "planned": bool(planned) if pd.notna(planned) else False, "n_disagree": int(flags[idx].sum()),
        })
    disagrees = pd.Series(flags, index=events.index, dtype=schema.BOOL)
    out = schema.frame("event_groups", rows)
    return out.sort_values(["date_start", "event_group"], kind="stable", ignore_index=True), disagrees


def _actors_of(listed: Any, subject: Any) -> list[str]:
    names = [a for a in (listed if isinstance(listed, (list, tuple)) else []) if a]
    if isinstance(subject, str) and subject and subject not in names:
        names.append(subject)
    return names
