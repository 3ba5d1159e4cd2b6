"""The user's corrections of the actors, applied to built frames: merge, move an alias, rename, retype, not an actor.

An edit is a row of the alias table (``alias,canonical,type[,actor]``, the format of ``DOSSIER_ALIAS_FILE``;
:class:`~analysis.actors.reference.AliasRow`). :func:`apply_edits` reads the mentions already resolved, decides
each one's actor again and re-runs only the corpus step (:func:`analysis.actors.corpus.actor_frame`) over the
actors an edit touched: no text is parsed again, so an edit costs seconds at 100,000 articles.

A mention follows, in this order, the first row that matches it:

1. a row moving one alias out of one actor: ``Kim,Kim Yo Jong,person,Kim Jong Un`` (written "Kim" and resolved to
   Kim Jong Un);
2. a row about its whole actor (``actor`` equal to ``alias``, or empty): ``Kim,Kim Jong Un,person,Kim`` (merge the
   actor Kim into Kim Jong Un), ``Kim Jong Un,Supreme Leader,,Kim Jong Un`` (rename, keeping the type),
   ``Samsung,Samsung,organization,Samsung`` (change the type), ``Reuters,,not_actor,Reuters``;
3. a row without ``actor`` about the name as written (``Putin,Vladimir Putin,person``: every "Putin", whoever it
   was resolved to), as the alias file has always meant at build time.

Names compare by :func:`~analysis.actors.reference.name_key` ("Kim Jong-un" = "Kim Jong Un"); a later row wins
over an earlier one for the same name; a canonical name renamed again is followed to its end. A row typed
``not_actor`` drops the mentions it matches; a type (else the type most of the actor's mentions carry) goes to
every mention of the canonical name. Events' actors and subjects, quotes' speakers, stories' and event groups'
actors hold canonical names: each is renamed as most of that name's mentions in the same article were (a
quote's speaker as the mention at its speaker offsets), and dropped when they all were.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.actors.corpus import actor_frame
from analysis.actors.reference import ALIAS_COLUMNS, NOT_ACTOR, AliasRow, alias_rows, name_key

DROP = -2  # a mention's new name code when a not_actor row drops it
KEEP = -1  # no row matches: the mention keeps its actor


def table_frame(rows: Iterable[AliasRow]) -> pd.DataFrame:
    """The alias table as a frame of text columns ``alias,canonical,type,actor`` (what the app edits)."""
    return pd.DataFrame([[r.alias, r.canonical, r.actor_type, r.actor] for r in rows], columns=list(ALIAS_COLUMNS),
                        dtype=object)


def rows_of(table: pd.DataFrame | Iterable[Mapping[str, str]] | Iterable[AliasRow]) -> list[AliasRow]:
    """Alias rows from a frame or dicts (checked: a SettingsError names a bad line), or rows as they are."""
    if isinstance(table, pd.DataFrame):
        table = table.fillna("").to_dict("records")
    table = list(table)
    if all(isinstance(r, AliasRow) for r in table):
        return table
    return alias_rows([{**r, "type": r.get("type", r.get("actor_type", ""))} for r in table])


def table_csv(rows: Iterable[AliasRow]) -> str:
    """The alias table as CSV, the format ``DOSSIER_ALIAS_FILE`` and ``--aliases`` read; a cell a spreadsheet would
    run as a formula gets a leading apostrophe, which reading the file back removes."""
    from analysis.export import guard_cell

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(ALIAS_COLUMNS)
    for r in rows:
        writer.writerow([guard_cell(v) for v in (r.alias, r.canonical, r.actor_type, r.actor)])
    return buf.getvalue()


def read_table_csv(text: str) -> list[AliasRow]:
    """Alias rows from CSV text (an upload); a SettingsError names a bad header or line."""
    from analysis.settings import SettingsError

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not {"alias", "canonical", "type"} <= set(reader.fieldnames or ()):
        raise SettingsError(f"the header must be alias,canonical,type (found {','.join(reader.fieldnames or [])})")
    return alias_rows(list(reader), "the uploaded table")


@dataclass(frozen=True)
class _Rules:
    """The table as look-ups by name key, later rows winning."""

    moves: dict[tuple[str, str], AliasRow]  # (actor key, alias key) -> row
    whole: dict[str, AliasRow]  # actor key -> row
    written: dict[str, AliasRow]  # alias key -> row (rows without actor)

    @classmethod
    def of(cls, rows: list[AliasRow]) -> _Rules:
        moves, whole, written = {}, {}, {}
        for r in rows:
            if r.actor and not r.whole:
                moves[(name_key(r.actor), name_key(r.alias))] = r
            else:
                whole[name_key(r.alias)] = r
                if not r.actor:
                    written[name_key(r.alias)] = r
        return cls(moves, whole, written)

    def final(self, row: AliasRow) -> str | None:
        """Where a row sends a mention, renames of that name followed; None for not an actor."""
        seen: set[str] = set()
        while row.actor_type != NOT_ACTOR:
            key = name_key(row.canonical)
            nxt = self.whole.get(key)
            if nxt is None or nxt is row or key in seen:
                return row.canonical
            seen.add(key)
            row = nxt
        return None


def relabel(mentions: pd.DataFrame, rows: list[AliasRow]) -> tuple[np.ndarray, list[str], dict[str, str]]:
    """Each mention's new actor as a code into the returned names (:data:`KEEP`: unchanged, :data:`DROP`: not an
    actor), and the types the table gives canonical names."""
    rules = _Rules.of(rows)
    names: list[str] = []
    code_of: dict[str, int] = {}

    def code(row: AliasRow | None) -> int:
        if row is None:
            return KEEP
        name = rules.final(row)
        if name is None:
            return DROP
        if name not in code_of:
            code_of[name] = len(names)
            names.append(name)
        return code_of[name]

    a_codes, a_names = _codes(mentions["actor"])
    t_codes, t_names = _codes(mentions["text"])
    a_keys = [name_key(str(n)) for n in a_names]
    by_actor = np.asarray([code(rules.whole.get(k)) for k in a_keys] + [KEEP], dtype=np.int64)[a_codes]
    by_text = np.asarray([code(rules.written.get(name_key(str(n)))) for n in t_names] + [KEEP], dtype=np.int64)[t_codes]
    new = np.where(by_actor != KEEP, by_actor, by_text)
    if rules.moves:
        moved_actors = {k for k, _ in rules.moves}
        rows_at = np.flatnonzero(np.isin(a_codes, [i for i, k in enumerate(a_keys) if k in moved_actors]))
        if len(rows_at):
            pair = a_codes[rows_at].astype(np.int64) * (len(t_names) + 1) + t_codes[rows_at]
            uniq, inverse = np.unique(pair, return_inverse=True)
            found = np.asarray([code(rules.moves.get((a_keys[p // (len(t_names) + 1)],
                                                     name_key(str(t_names[p % (len(t_names) + 1)])))))
                                for p in uniq], dtype=np.int64)[inverse]
            new[rows_at] = np.where(found != KEEP, found, new[rows_at])
    types: dict[str, str] = {}
    for r in rows:
        if r.actor_type and r.actor_type != NOT_ACTOR:
            name = rules.final(r)
            if name is not None:
                types[name] = r.actor_type
    return new, names, types


def apply_edits(frames: Mapping[str, pd.DataFrame], rows: Iterable[AliasRow] | pd.DataFrame
                ) -> dict[str, pd.DataFrame]:
    """``frames`` with the alias table ``rows`` applied: the same frames, of the same dtypes (compact or not).

    Only the mentions whose actor changes, and the actors they leave or join, are worked again; frames an edit
    does not touch are returned as they are.
    """
    rows = rows_of(rows)
    out = dict(frames)
    mentions = frames["mentions"]
    if not rows or mentions.empty:
        return out
    new, names, types = relabel(mentions, rows)
    old_codes, old_names = _codes(mentions["actor"])
    # One universe of names: the old ones, then the new ones not among them; its last entry "" is code -1.
    universe = [str(n) for n in old_names]
    pos = {n: i for i, n in enumerate(universe)}
    remap = np.zeros(max(len(names), 1), dtype=np.int64)
    for j, n in enumerate(names):
        remap[j] = pos.setdefault(n, len(universe))
        if remap[j] == len(universe):
            universe.append(n)
    keep = new != DROP
    target = np.where(new >= 0, remap[np.clip(new, 0, None)], old_codes)
    target[~keep] = -1
    t_codes, t_names = _codes(mentions["actor_type"])
    type_universe = [str(t) for t in t_names]
    type_pos = {t: i for i, t in enumerate(type_universe)}
    forced = np.full(len(universe) + 1, -1, dtype=np.int64)
    for name, kind in types.items():
        forced[pos[name]] = type_pos.setdefault(kind, len(type_universe))
        if forced[pos[name]] == len(type_universe):
            type_universe.append(kind)
    new_t = np.where(keep & (forced[target] >= 0), forced[target], t_codes)
    changed = ~keep | (target != old_codes) | (new_t != t_codes)
    if not changed.any():
        return out
    touched_codes = np.unique(np.concatenate([old_codes[changed], target[changed & keep]]))
    names_u = np.asarray([*universe, ""], dtype=object)
    types_u = np.asarray([*type_universe, ""], dtype=object)
    touched = set(names_u[touched_codes])
    m = mentions.copy(deep=False)
    m["actor"] = _from_codes(mentions["actor"], target, names_u)
    m["actor_type"] = _from_codes(mentions["actor_type"], new_t, types_u)
    sub_at = np.flatnonzero(keep & np.isin(target, touched_codes))
    sub, rebuilt = actor_frame(m.iloc[sub_at], frames["articles"])
    if len(sub_at):
        m["actor_type"] = _set_at(m["actor_type"], sub_at, sub["actor_type"].to_numpy(dtype=object))
        m["actor_id"] = _set_at(m["actor_id"], sub_at, sub["actor_id"].to_numpy(dtype=object))
    if not keep.all():
        m = m[keep].reset_index(drop=True)
    for col in ("actor", "actor_type", "actor_id"):
        if isinstance(m[col].dtype, pd.CategoricalDtype):
            m[col] = m[col].cat.remove_unused_categories()
    out["mentions"] = m
    actors = frames["actors"]
    kept = actors[~actors["actor"].isin(touched)]
    if len(kept) and isinstance(kept["aliases"].iloc[0], tuple):
        rebuilt["aliases"] = rebuilt["aliases"].map(tuple)
    both = pd.concat([kept, rebuilt], ignore_index=True) if len(rebuilt) else kept
    out["actors"] = both.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)
    at = np.flatnonzero(np.isin(old_codes, np.unique(old_codes[changed])))
    art_codes, art_names = _codes(mentions["article_id"])
    names_map = _name_maps(art_codes[at], art_names, old_codes[at], target[at], names_u)
    moved = np.flatnonzero(changed)
    exact = dict(zip(zip(art_names[art_codes[moved]], mentions["start"].to_numpy(dtype=np.int64, na_value=-1)[moved], strict=True),
                     names_u[target[moved]], strict=True))
    _rename_rows(out, frames, names_map, exact)
    return out


@dataclass
class _NameMap:
    """Old canonical names -> new ones (empty: dropped), per article where the article's mentions say, else overall."""

    corpus: dict[str, str]
    by_article: dict[tuple[str, str], str]
    touched: set[str]

    def get(self, article_id: str, name: str) -> str:
        if name not in self.touched:
            return name
        return self.by_article.get((article_id, name), self.corpus.get(name, name))


def _name_maps(art_codes: np.ndarray, art_names: np.ndarray, old: np.ndarray, new: np.ndarray,
               names: np.ndarray) -> _NameMap:
    """How each old name's mentions were renamed (code -1, "", when dropped): the most per article, and the most
    overall; a tie keeps the name. Counted on integer codes: a rename of the most mentioned actor reads all of its
    mentions."""
    u = len(names)  # names[-1] is "": code -1
    old, new = np.where(old < 0, u - 1, old), np.where(new < 0, u - 1, new)
    keys, counts = np.unique((art_codes * u + old) * u + new, return_counts=True)
    n_, rest = keys % u, keys // u
    o_, a_ = rest % u, rest // u
    order = np.lexsort((n_, n_ != o_, -counts, o_, a_))
    a_, o_, n_, counts = a_[order], o_[order], n_[order], counts[order]
    first = np.r_[True, (a_[1:] != a_[:-1]) | (o_[1:] != o_[:-1])] if len(a_) else np.zeros(0, dtype=bool)
    by_article = dict(zip(zip(art_names[a_[first]], names[o_[first]], strict=True), names[n_[first]], strict=True))
    pair = np.unique(o_ * u + n_)
    total = np.bincount(np.searchsorted(pair, o_ * u + n_), weights=counts, minlength=len(pair))
    po, pn = pair // u, pair % u
    order = np.lexsort((pn, pn != po, -total, po))
    po, pn = po[order], pn[order]
    first = np.r_[True, po[1:] != po[:-1]] if len(po) else np.zeros(0, dtype=bool)
    corpus = dict(zip(names[po[first]], names[pn[first]], strict=True))
    return _NameMap(corpus, by_article, set(corpus))


def _rename_rows(out: dict[str, pd.DataFrame], frames: Mapping[str, pd.DataFrame], names: _NameMap,
                 exact: dict[tuple[str, int], str]) -> None:
    """Events' actors and subjects, quotes' speakers (and ids), stories' and event groups' actors, renamed."""
    touched = names.touched
    if "events" in frames and len(frames["events"]):
        ev = frames["events"].copy(deep=False)
        listed = ev["actors"].to_numpy(dtype=object)
        aids = ev["article_id"].to_numpy(dtype=object)
        lists = listed.copy()
        for i, lst in enumerate(listed):
            if not touched.isdisjoint(lst):
                lists[i] = type(lst)(dict.fromkeys(n for n in (names.get(aids[i], x) for x in lst) if n))
        ev["actors"] = pd.Series(lists, index=ev.index, dtype=object)
        subjects = ev["subject"].to_numpy(dtype=object).copy()
        for i in np.flatnonzero(ev["subject"].isin(touched).to_numpy()):
            subjects[i] = names.get(aids[i], subjects[i])
        ev["subject"] = pd.Series(subjects, index=ev.index, dtype=object)
        out["events"] = ev
    if "quotes" in frames and len(frames["quotes"]):
        q = frames["quotes"].copy(deep=False)
        speakers = q["speaker"].to_numpy(dtype=object).copy()
        aids = q["article_id"].to_numpy(dtype=object)
        starts = q["speaker_start"].to_numpy(dtype=object)
        for i in np.flatnonzero(q["speaker"].isin(touched).to_numpy()):
            # The mention at the speaker's offsets says best who the speaker now is.
            here = exact.get((aids[i], int(starts[i]))) if pd.notna(starts[i]) else None
            speakers[i] = here if here is not None else names.get(aids[i], speakers[i])
        q["speaker"] = pd.Series(speakers, index=q.index, dtype=object)
        ids = dict(zip(out["actors"]["actor"].astype(object), out["actors"]["actor_id"].astype(object), strict=False))
        q["speaker_id"] = pd.Series([ids.get(s, "") if s else "" for s in speakers], index=q.index, dtype=object)
        out["quotes"] = q
    for name in ("stories", "event_groups"):
        df = frames.get(name)
        if df is not None and len(df) and "actors" in df:
            df = df.copy(deep=False)
            df["actors"] = pd.Series([type(lst)(dict.fromkeys(n for n in (names.corpus.get(x, x) for x in lst) if n))
                                      if not touched.isdisjoint(lst) else lst for lst in df["actors"]],
                                     index=df.index, dtype=object)
            out[name] = df


def _codes(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the values they stand for (a category column's own, else factorized); -1 for missing."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.cat.codes.to_numpy(dtype=np.int64), np.asarray(col.cat.categories, dtype=object)
    codes, uniques = pd.factorize(col.astype(object))
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _from_codes(col: pd.Series, codes: np.ndarray, values: np.ndarray) -> pd.Series:
    """A column of ``col``'s kind holding ``values[codes]`` (-1: empty): a category column stays one."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        return pd.Series(pd.Categorical.from_codes(codes, pd.Index(values[:-1], dtype=object)), index=col.index)
    return pd.Series(values[codes], index=col.index, dtype=object)


def _set_at(col: pd.Series, at: np.ndarray, values: np.ndarray) -> pd.Series:
    """``col`` with ``values`` at positions ``at``, of the same kind."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes, uniques = _codes(col)
        extra = [v for v in dict.fromkeys(values) if v not in set(uniques)]
        cats = pd.Index([*uniques, *extra], dtype=object)
        codes = codes.copy()
        codes[at] = cats.get_indexer(values)
        return pd.Series(pd.Categorical.from_codes(codes, cats), index=col.index)
    out = col.astype(object).to_numpy().copy()
    out[at] = values
    return pd.Series(out, index=col.index, dtype=object)


__all__ = ["DROP", "KEEP", "apply_edits", "read_table_csv", "relabel", "rows_of", "table_csv", "table_frame"]
