"""Articles -> stories: the reports of one real-world story share a ``story_id``; near-identical copies are marked.

An article joins the story of the most similar article already placed, if they are similar enough for the
days between them, and otherwise starts a story of its own, named after it (``story_id`` is a hash of the
first article's id, so ids do not depend on the order rows arrive in). Articles are placed in order of
publication, so a full build is the same single pass every time; a rebuild hands the previous build's
assignments in and only articles new to the corpus are placed (each joins a story or starts one), never
regrouping what was grouped before.

Similarity is the cosine of TF-IDF vectors of the headline and the words of the body (scikit-learn), blended
with the cosine of TF-IDF vectors of the actors the article mentions (an article about Kim Jong Un and Hokkaido
is nearer one about Kim Jong Un and Japan). Two reports a day apart need less in common than a follow-up three
months later (:class:`analysis.settings.Grouping`).
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


def placing_order(articles: pd.DataFrame) -> np.ndarray:
    """Positions of ``articles`` by publication day (undated last), then article id: the order a pass reads them."""
    published = pd.to_datetime(articles["published"]).reset_index(drop=True)
    frame = pd.DataFrame({"undated": published.isna(), "published": published,
                          "article_id": articles["article_id"].astype(str).to_numpy()})
    return frame.sort_values(["undated", "published", "article_id"], kind="stable").index.to_numpy()


def duplicates(articles: pd.DataFrame, *, grouping: Grouping = DEFAULT_GROUPING) -> pd.Series:
    """For each article, the ``article_id`` of the earlier article its body (near-)copies, else "".

    Bodies whose 5-word shingles overlap by ``grouping.duplicate_threshold`` (Jaccard) are copies of one text,
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
    low = min(grouping.duplicate_threshold, grouping.duplicate_threshold_same_title)
    for i, j, score in near.near_pairs(sets, low):
        if score < grouping.duplicate_threshold and not (titles[i] and titles[i] == titles[j]):
            continue
        a, b = root(i), root(j)
        if a != b:
            first, other = (a, b) if rank[a] < rank[b] else (b, a)
            parent[other] = first
    for i in range(len(ids)):
        r = root(i)
        if r != i:
            out[i] = ids[r]
    return pd.Series(out, index=articles.index, dtype=object)


def vectors(articles: pd.DataFrame, mentions: pd.DataFrame) -> tuple[object, object]:
    """L2-normalised TF-IDF rows of each article's words (headline counted twice) and of the actors it mentions."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    titles = articles["title"].fillna("").astype(str)
    docs = (titles + " " + titles + " " + articles["text"].fillna("").astype(str)).tolist()
    words = TfidfVectorizer(sublinear_tf=True, stop_words="english", strip_accents="unicode", token_pattern=TOKEN,
                            dtype=np.float32)
    try:
        text = words.fit_transform(docs)
    except ValueError:  # no word at all in the corpus
        from scipy.sparse import csr_matrix

        text = csr_matrix((len(docs), 1), dtype=np.float32)
    named = mentions.loc[mentions["actor"].astype(str) != "", ["article_id", "actor"]]
    by_article = named.groupby("article_id", sort=False)["actor"].agg(list)
    lists = [by_article.get(a, []) for a in articles["article_id"]]
    if any(lists):
        who = TfidfVectorizer(analyzer=_same, sublinear_tf=True, dtype=np.float32).fit_transform(lists)
    else:
        from scipy.sparse import csr_matrix

        who = csr_matrix((len(lists), 1), dtype=np.float32)
    return text, who


def _same(x: list[str]) -> list[str]:
    return [str(v) for v in x]


def assign(articles: pd.DataFrame, mentions: pd.DataFrame, *, duplicate_of: pd.Series | None = None,
           previous: Mapping[str, str] | None = None, grouping: Grouping = DEFAULT_GROUPING,
           chunk: int = 0) -> pd.Series:
    """``story_id`` of every article (a Series on ``articles``' index).

    ``previous`` maps article ids to the story ids a previous build gave them: those keep theirs, and the
    others are placed in publication order, each beside the most similar article already placed (old or new)
    when the similarity reaches the threshold for the days between them, else in a story of its own. A copy
    (``duplicate_of``) goes where its original is.
    """
    n = len(articles)
    ids = articles["article_id"].astype(str).to_numpy()
    previous = previous or {}
    story = np.asarray([previous.get(a, "") for a in ids], dtype=object)
    if n == 0:
        return pd.Series(story, index=articles.index, dtype=object)
    position = {a: i for i, a in enumerate(ids)}
    original = (duplicate_of.to_numpy(dtype=object) if duplicate_of is not None
                else np.full(n, "", dtype=object))
    todo = [i for i in placing_order(articles) if not story[i]]
    if not todo:
        return pd.Series(story, index=articles.index, dtype=object)
    text, who = vectors(articles, mentions)
    days = _days(articles["published"])
    g = grouping
    # Rows compared with the whole corpus at a time: about two million similarities held at once, whatever its size.
    chunk = chunk or max(8, min(512, 2_000_000 // n))
    for start in range(0, len(todo), chunk):
        rows = todo[start:start + chunk]
        sims = ((1 - g.actor_weight) * (text[rows] @ text.T) + g.actor_weight * (who[rows] @ who.T)).tocsr()
        for k, i in enumerate(rows):
            src = original[i]
            if src and src in position and story[position[src]]:
                story[i] = story[position[src]]
                continue
            lo, hi = sims.indptr[k], sims.indptr[k + 1]
            cols, vals = sims.indices[lo:hi], sims.data[lo:hi]
            keep = (cols != i) & (story[cols] != "")
            cols, vals = cols[keep], vals[keep]
            if len(cols):
                margin = vals - _required(days[cols], days[i], g)
                ok = margin >= 0
                if ok.any():
                    cols, margin = cols[ok], margin[ok]
                    best = np.lexsort((ids[cols], -margin))[0]  # the clearest match; ties to the smaller id
                    story[i] = story[cols[best]]
                    continue
            story[i] = story_id(ids[i])
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
