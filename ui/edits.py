"""The Actors page's corrections: merge, move an alias, rename, change a type, not an actor; the alias table they make.

Each correction is a row of this session's alias table (``ui.data.TABLE``), the format of ``DOSSIER_ALIAS_FILE``;
``ui.app.prepare`` applies the table before any page draws (``analysis.actors.edits``), so every page and download
of the session follows. The table is the viewer's own: a copied link does not carry it. In read-only mode the
curated table applies and is only shown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import schema
from analysis.actors.edits import read_table_csv, table_csv, table_frame
from analysis.actors.reference import ALIAS_COLUMNS, NOT_ACTOR
from analysis.settings import SettingsError
from ui import data, sidebar
from ui.app import View
from ui.show import md

KINDS = {"merge": "Merge", "move": "Move an alias", "rename": "Rename", "type": "Change type", "not_actor": "Not an actor"}
VERSION = "_dossier_alias_editor"  # bumped whenever the table changes outside the editor, so the editor redraws it
EVERY = "(every mention)"
MAX_ACTORS = 2000  # offered by the form's actor boxes, most mentioned first (the sidebar offers as many)


def _table() -> pd.DataFrame:
    return st.session_state[data.TABLE]


def _set(table: pd.DataFrame) -> None:
    st.session_state[data.TABLE] = table.reset_index(drop=True)
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def _add(row: dict[str, str], renamed: tuple[str, str] | None = None) -> None:
    _set(pd.concat([_table(), pd.DataFrame([row], columns=list(ALIAS_COLUMNS), dtype=object)], ignore_index=True))
    current = st.session_state.get(sidebar.CANON)
    if renamed and current is not None and renamed[0] in current.actors:  # the filter follows the actor
        sidebar.set_actors([n for n in (renamed[1] if a == renamed[0] else a for a in current.actors) if n])


def _apply_form(types: dict[str, str]) -> None:
    """The button's callback: the form's correction as a row of the table."""
    ss = st.session_state
    kind, name = ss.get("edit_kind") or "merge", ss.get("edit_actor") or ""
    if not name:
        return
    if kind == "merge" and ss.get("edit_into") and ss["edit_into"] != name:
        into = ss["edit_into"]
        _add({"alias": name, "canonical": into, "type": types.get(into, ""), "actor": name}, (name, into))
    elif kind == "move" and ss.get("edit_alias") and (ss.get("edit_to") or "").strip():
        _add({"alias": ss["edit_alias"], "canonical": ss["edit_to"].strip(), "type": ss.get("edit_type") or "",
              "actor": name})
    elif kind == "rename" and (ss.get("edit_name") or "").strip() and ss["edit_name"].strip() != name:
        new = ss["edit_name"].strip()
        _add({"alias": name, "canonical": new, "type": types.get(name, ""), "actor": name}, (name, new))
    elif kind == "type" and ss.get("edit_type"):
        _add({"alias": name, "canonical": name, "type": ss["edit_type"], "actor": name})
    elif kind == "not_actor":
        which = ss.get("edit_which") or EVERY
        _add({"alias": name if which == EVERY else which, "canonical": "", "type": NOT_ACTOR, "actor": name},
             (name, "") if which == EVERY else None)


def _edited(key: str) -> None:
    """The editor's callback: its changes (edited cells, added and deleted rows) written into the table."""
    delta = st.session_state.get(key) or {}
    table = _table().copy()
    for i, cells in (delta.get("edited_rows") or {}).items():
        for col, value in cells.items():
            table.loc[int(i), col] = "" if value is None else str(value)
    table = table.drop(index=[int(i) for i in delta.get("deleted_rows") or []], errors="ignore")
    added = [{c: "" if r.get(c) is None else str(r.get(c)) for c in ALIAS_COLUMNS} for r in delta.get("added_rows") or []]
    if added:
        table = pd.concat([table, pd.DataFrame(added, columns=list(ALIAS_COLUMNS), dtype=object)], ignore_index=True)
    _set(table)


def _uploaded() -> None:
    file = st.session_state.get("edit_upload")
    if file is None:
        return
    try:
        rows = read_table_csv(file.getvalue().decode("utf-8-sig"))
    except (SettingsError, UnicodeDecodeError) as exc:
        st.session_state["_dossier_alias_upload_error"] = f"{file.name} was not read: {exc}"
        return
    st.session_state.pop("_dossier_alias_upload_error", None)
    _set(table_frame(rows))


def _discard(s) -> None:
    _set(table_frame(data.curated_rows(s)))


def _save(path: Path, rows: list) -> None:
    path.write_text(table_csv(rows), encoding="utf-8")
    st.session_state["_dossier_alias_saved"] = str(path.name)


def render(view: View) -> None:
    """The corrections section of the Actors page."""
    s = view.settings
    st.subheader("Correct the actors", anchor=False)
    rows = view.edits
    if s.readonly:
        st.caption(f"The curated alias table applies to every page ({len(rows)} rows); it cannot be edited on a "
                   "shared link." if rows else "No alias table applies; corrections cannot be made on a shared link.")
        if rows:
            st.dataframe(table_frame(rows), hide_index=True, key="edit_table_readonly")
        return
    actors = view.all["actors"]
    names = list(actors["actor"].head(MAX_ACTORS))
    types = dict(zip(actors["actor"], actors["actor_type"], strict=False))
    st.caption("Each correction is a row of your alias table, applied to every page and download of this session. "
               "A copied link does not carry it: download the table to keep it, or save it beside the store.")
    kind = st.segmented_control("Correction", list(KINDS), format_func=KINDS.get, default="merge", key="edit_kind")
    kind = kind or "merge"
    c1, c2, c3 = st.columns(3)
    name = c1.selectbox("Actor", names, key="edit_actor", index=None, placeholder="Choose an actor",
                        help=f"The {MAX_ACTORS:,} most mentioned actors.")
    label = "Apply"
    if kind == "merge":
        c2.selectbox("Into", [n for n in names if n != name], key="edit_into", index=None,
                     placeholder="The actor that keeps its name")
        label = "Merge"
    elif kind == "move":
        aliases = list(actors.loc[actors["actor"] == name, "aliases"].iloc[0]) if name in types else []
        c2.selectbox("Alias", aliases, key="edit_alias", index=None, placeholder="A name it was written as")
        c3.text_input("Into", key="edit_to", placeholder="An actor, or a new name")
        c3.selectbox("Type", ["", *schema.ACTOR_TYPES], key="edit_type",
                     format_func=lambda t: t or "keep its type")
        label = "Move"
    elif kind == "rename":
        c2.text_input("New name", key="edit_name")
        label = "Rename"
    elif kind == "type":
        c2.selectbox("Type", list(schema.ACTOR_TYPES), key="edit_type", index=None,
                     placeholder=f"Now {types[name]}" if name in types else "A type")
        label = "Change the type"
    else:
        aliases = list(actors.loc[actors["actor"] == name, "aliases"].iloc[0]) if name in types else []
        c2.selectbox("Which mentions", [EVERY, *aliases], key="edit_which")
        label = "Not an actor"
    st.button(label, key="edit_apply", on_click=_apply_form, args=(types,), type="primary")

    table = data.alias_table(s)
    n = len(rows)
    st.markdown(f"**Your alias table** ({n} row{'s' if n != 1 else ''} applied)")
    for problem in view.edit_problems:
        st.warning(f"Not applied: {md(problem)}.")
    key = f"edit_table_{st.session_state.get(VERSION, 0)}"
    st.data_editor(table, key=key, num_rows="dynamic", hide_index=True, width="stretch", on_change=_edited,
                   args=(key,), column_config={
                       "alias": st.column_config.TextColumn("Alias", help="The name as written, or an actor's name"),
                       "canonical": st.column_config.TextColumn("Canonical", help="The actor it is (empty for not_actor)"),
                       "type": st.column_config.SelectboxColumn("Type", options=["", *schema.ACTOR_TYPES, NOT_ACTOR],
                                                                help="Empty keeps the type; not_actor drops the name"),
                       "actor": st.column_config.TextColumn("Only in actor",
                                                            help="Only the mentions now resolved to this actor"),
                   })
    d1, d2, d3, d4 = st.columns(4)
    d1.download_button("Download the table (CSV)", table_csv(rows), file_name="aliases.csv", mime="text/csv",
                       key="edit_download", on_click="ignore", width="stretch")
    d2.file_uploader("Upload a table", type=["csv"], key="edit_upload", on_change=_uploaded,
                     label_visibility="collapsed")
    d3.button("Discard my corrections", key="edit_discard", on_click=_discard, args=(s,), width="stretch")
    if s.store:
        target = Path(s.store) / data.ALIAS_FILE
        d4.button("Save beside the store", key="edit_save", on_click=_save, args=(target, rows), width="stretch",
                  help=f"Writes {data.ALIAS_FILE} in the store; `python -m analysis build ... --aliases` reads it.")
    error = st.session_state.get("_dossier_alias_upload_error")
    if error:
        st.error(md(error))
    saved = st.session_state.pop("_dossier_alias_saved", None)
    if saved:
        st.success(f"Saved as {md(saved)} beside the store.")
