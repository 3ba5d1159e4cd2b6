"""Articles -> stories: the reports of one real-world story share a ``story_id``; near-identical copies are marked.

An article joins the story it is most similar to, if similar enough for the days between it and the story's
article nearest in time, and otherwise starts a story of its own, named after it (``story_id`` is a hash of the
first article's id, so ids do not depend on the order rows arrive in). Its similarity to a story is half that
to the story's nearest member and half its mean similarity to all the members, so one neighbour alone does not
pull a report of another story in. Articles are placed in order of publication, so a full build is the same
single pass every time; a rebuild hands the previous build's assignments in and only articles new to the
corpus are placed (each joins a story or starts one), never regrouping what was grouped before.

The similarity of two articles is the cosine of TF-IDF vectors of their bodies (words and two-word phrases,
scikit-learn) blended with the cosine of TF-IDF vectors of their headlines, which name the story in a few
words, and optionally of the actors they mention. A body of a few lines (a video page whose text is "Chat with
us in Facebook Messenger", a paywall notice) says nothing of the story: it hands its weight to the headline.
Two reports a day apart need less in common than a follow-up three months later
(:class:`analysis.settings.Grouping`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis import schema
from analysis.settings import DEFAULT_GROUPING, Grouping
from analysis.stories import near

# Words: letters only (numbers and scores make two unrelated match reports alike), two or more of them.
TOKEN = r"(?u)\b[^\W\d_]{2,}\b"
N_ACTORS = 10  # the stories frame lists this many of a story's most mentioned actors


def story_id(first_article_id: str) -> str:
    """The id of the story an article started: stable, whatever else the corpus holds."""
    return "s" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:15]


def kept_ids(frame: pd.DataFrame, column: str, previous: Mapping[str, str] | None) -> tuple[np.ndarray, np.ndarray]:
    """The rows' ids (``frame[column]``) and the group each had in a previous build ("" for a new row): what
    every grouping step keeps before it places the new rows."""
    ids = frame[column].astype(str).to_numpy()
    previous = previous or {}
    return ids, np.asarray([previous.get(i, "") for i in ids], dtype=object)


def placing_order(articles: pd.DataFrame) -> np.ndarray:
    """Positions of ``articles`` by publication day (undated last), then article id: the order a pass reads them."""
    published = pd.to_datetime(articles["published"]).reset_index(drop=True)
    frame = pd.DataFrame({"undated": published.isna(), "published": published,
                          "article_id": articles["article_id"].astype(str).to_numpy()})
    return frame.sort_values(["undated", "published", "article_id"], kind="stable").index.to_numpy()


def duplicates(articles: pd.DataFrame, *, grouping: Grouping = DEFAULT_GROUPING) -> pd.Series:
    """For each article, the ``article_id`` of the earlier article its body (near-)copies, else "".

    Bodies whose 5-word shingles overlap by ``grouping.duplicate_threshold`` (Jaccard) are copies of one text
    (when both have ``grouping.duplicate_min_words`` words or more),
    and so are two versions of a story under the same headline that overlap by
    ``grouping.duplicate_threshold_same_title`` (a page updated with more paragraphs); each copy points at the
    first of them in publication order (the original, as far as the corpus tells).
    """
    ids = articles["article_id"].astype(str).to_numpy()
    out = np.full(len(ids), "", dtype=object)
    if len(ids) < 2:
        return pd.Series(out, index=articles.index, dtype=object)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[placing_order(articles)] = np.arange(len(ids))
    sets = [near.shingles(t) if isinstance(t, str) else frozenset() for t in articles["text"]]
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    titles = [near.normalised(t) if isinstance(t, str) else "" for t in articles["title"]]
    sizes = _n_words(articles)
    low = min(grouping.duplicate_threshold, grouping.duplicate_threshold_same_title)
    for i, j, score in near.near_pairs(sets, low):
        same_title = bool(titles[i]) and titles[i] == titles[j]
        if score < grouping.duplicate_threshold and not same_title:
            continue
        if min(sizes[i], sizes[j]) < grouping.duplicate_min_words and not same_title:
            continue  # a few lines of site furniture under two headlines are two pages, not one text
        a, b = root(i), root(j)
        if a != b:
            first, other = (a, b) if rank[a] < rank[b] else (b, a)
            parent[other] = first
    for i in range(len(ids)):
        r = root(i)
        if r != i:
            out[i] = ids[r]
    return pd.Series(out, index=articles.index, dtype=object)


def _n_words(articles: pd.DataFrame) -> np.ndarray:
    """The number of words of each article's body."""
    return np.asarray([len(t.split()) if isinstance(t, str) else 0 for t in articles["text"]], dtype=np.int64)


def _tfidf(docs: list, n: int, **options: object) -> object:
    """L2-normalised TF-IDF rows of ``docs`` (a column of zeros when no term is kept)."""
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **options).fit_transform(docs)
    except ValueError:  # no term at all
        return csr_matrix((n, 1), dtype=np.float32)


def vectors(articles: pd.DataFrame, mentions: pd.DataFrame, *,
            grouping: Grouping = DEFAULT_GROUPING) -> tuple[object, object, object]:
    """L2-normalised TF-IDF rows of each article's body, of its headline and of the actors it mentions."""
    n = len(articles)
    words = {"stop_words": "english", "strip_accents": "unicode", "token_pattern": TOKEN}
    body = _tfidf(articles["text"].fillna("").astype(str).tolist(), n, ngram_range=(1, max(grouping.body_ngrams, 1)),
                  min_df=min(max(grouping.body_min_df, 1), max(n, 1)), **words)
    title = _tfidf(articles["title"].fillna("").astype(str).tolist(), n, **words)
    lists: list[list[str]] = [[] for _ in range(n)]
    if grouping.actor_weight > 0:  # unused by default: the words already name the actors that matter
        named = mentions.loc[mentions["actor"].astype(str) != "", ["article_id", "actor"]]
        by_article = named.groupby("article_id", sort=False)["actor"].agg(list)
        lists = [by_article.get(a, []) for a in articles["article_id"]]
    who = _tfidf(lists if any(lists) else [""] * n, n, analyzer=_same)
    return body, title, who


def _same(x: list[str]) -> list[str]:
    return [str(v) for v in x]


def assign(articles: pd.DataFrame, mentions: pd.DataFrame, *, duplicate_of: pd.Series | None = None,
           previous: Mapping[str, str] | None = None, grouping: Grouping = DEFAULT_GROUPING,
           chunk: int = 0) -> pd.Series:
    """``story_id`` of every article (a Series on ``articles``' index).

    ``previous`` maps article ids to the story ids a previous build gave them: those keep theirs, and the
    others are placed in publication order, each in the story already placed (old or new) it is most similar
    to when that similarity reaches the threshold for the days between it and the story's article nearest in
    time, else in a story of its own. A copy (``duplicate_of``) goes where its original is.
    """
    n = len(articles)
    ids, story = kept_ids(articles, "article_id", previous)
    if n == 0:
        return pd.Series(story, index=articles.index, dtype=object)
    position = {a: i for i, a in enumerate(ids)}
    original = (duplicate_of.to_numpy(dtype=object) if duplicate_of is not None
                else np.full(n, "", dtype=object))
    todo = [i for i in placing_order(articles) if not story[i]]
    if not todo:
        return pd.Series(story, index=articles.index, dtype=object)
    body, title, who = vectors(articles, mentions, grouping=grouping)
    days = _days(articles["published"])
    g = grouping
    w_body = max(1.0 - g.title_weight - g.actor_weight, 0.0)
    # How much of its body each article can be compared by: a body of a few lines hands its weight to the headline.
    full = np.minimum(_n_words(articles) / max(g.short_body_words, 1), 1.0)
    # Each placed article's story as a number (codes), and each story's number of members.
    names: list[str] = []
    code_of: dict[str, int] = {}
    code = np.full(n, -1, dtype=np.int64)
    size = np.zeros(n + len(set(story)), dtype=np.int64)

    def code_for(sid: str) -> int:
        if sid not in code_of:
            code_of[sid] = len(names)
            names.append(sid)
        return code_of[sid]

    def put(i: int, sid: str) -> None:
        story[i] = sid
        code[i] = code_for(sid)
        size[code[i]] += 1

    for i in range(n):
        if story[i]:
            put(i, story[i])
    # Rows compared with the whole corpus at a time: about two million similarities held at once, whatever its size.
    chunk = chunk or max(8, min(512, 2_000_000 // n))
    for start in range(0, len(todo), chunk):
        rows = todo[start:start + chunk]
        b = (body[rows] @ body.T).toarray()
        t = (title[rows] @ title.T).toarray()
        a = (who[rows] @ who.T).toarray() if g.actor_weight > 0 else 0.0
        share = np.minimum(full[rows][:, None], full[None, :])
        sims = w_body * share * b + (g.title_weight + w_body * (1 - share)) * t + g.actor_weight * a
        for k, i in enumerate(rows):
            src = original[i]
            if src and src in position and story[position[src]]:
                put(i, story[position[src]])
                continue
            placed = code >= 0
            placed[i] = False
            cols = np.flatnonzero(placed)
            if len(cols):
                sim, c = sims[k, cols], code[cols]
                k_max = len(names)
                nearest = np.full(k_max, -np.inf)
                np.maximum.at(nearest, c, sim)
                mean = np.bincount(c, weights=sim, minlength=k_max) / np.maximum(size[:k_max], 1)
                gap = np.full(k_max, np.inf)
                np.fmin.at(gap, c, np.abs(days[cols] - days[i]))
                gap[np.isinf(gap)] = np.nan  # undated, or the article is
                margin = (g.nearest_weight * nearest + (1 - g.nearest_weight) * mean) - _required(gap, 0.0, g)
                margin[~np.isfinite(nearest)] = -np.inf
                ok = np.flatnonzero(margin >= 0)
                if len(ok):
                    best = ok[np.lexsort((np.asarray(names, dtype=object)[ok].astype(str), -margin[ok]))[0]]
                    put(i, names[best])  # the clearest match; ties to the smaller id
                    continue
            put(i, story_id(ids[i]))
    return pd.Series(story, index=articles.index, dtype=object)


def _days(published: pd.Series) -> np.ndarray:
    """Publication days as floats (NaN when undated)."""
    ts = pd.to_datetime(published).reset_index(drop=True)
    days = ts.to_numpy(dtype="datetime64[D]").astype("int64").astype(float)
    days[ts.isna().to_numpy()] = np.nan
    return days


def _required(their_days: np.ndarray, day: float, g: Grouping) -> np.ndarray:
    """The similarity two articles need, given the days between them (the far threshold when either is undated)."""
    gap = np.abs(their_days - day)
    window = max(g.window_days, 1)
    rise = g.story_threshold + g.story_slope * np.log1p(np.maximum(gap - g.window_days, 0) / window)
    return np.where(np.isnan(gap), g.story_far_threshold, np.minimum(rise, g.story_far_threshold))


def stories_frame(articles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per story of ``articles`` (which carry ``story_id``): its headline, span, counts and actors.

    The headline is that of the story's first original article (not a copy), the actors its ``N_ACTORS``
    most mentioned (ties by name), ``n_sources`` the distinct non-empty sources.
    """
    if articles.empty:
        return schema.empty("stories")
    arts = articles[["article_id", "story_id", "title", "source", "published", "duplicate_of"]].copy()
    arts["_rank"] = np.argsort(placing_order(arts))
    arts["_copy"] = arts["duplicate_of"].astype(str) != ""
    groups = arts.groupby("story_id", sort=True)
    out = groups.agg(first_published=("published", "min"), last_published=("published", "max"),
                     n_articles=("article_id", "size"),
                     n_sources=("source", lambda s: s[s.astype(str) != ""].nunique())).reset_index()
    heads = arts.sort_values(["_copy", "_rank"], kind="stable").drop_duplicates("story_id")
    out["title"] = out["story_id"].map(dict(zip(heads["story_id"], heads["title"], strict=True)))
    of_story = dict(zip(arts["article_id"], arts["story_id"], strict=True))
    named = mentions.loc[mentions["actor"].astype(str) != "", ["article_id", "actor"]]
    counts = (named.assign(story_id=named["article_id"].map(of_story)).dropna(subset=["story_id"])
              .groupby(["story_id", "actor"], sort=True).size().reset_index(name="n"))
    counts = counts.sort_values(["story_id", "n", "actor"], ascending=[True, False, True], kind="stable")
    top = counts.groupby("story_id", sort=False).head(N_ACTORS).groupby("story_id", sort=False)["actor"].agg(list)
    out["actors"] = [top.get(s, []) for s in out["story_id"]]
    out = schema.frame("stories", out)
    return out.sort_values(["first_published", "story_id"], kind="stable", ignore_index=True)
