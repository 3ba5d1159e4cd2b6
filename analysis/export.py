"""Frames as downloads: CSV a spreadsheet opens safely, and a ZIP of every frame with a manifest.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel, LibreOffice and Google Sheets; article text is written by strangers, so such
cells get a leading apostrophe (OWASP's advice for CSV injection) and open as plain text.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "|"
# Fixed timestamp so two bundles of the same frames are byte-identical.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def guard_cell(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _is_listlike(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset, np.ndarray))


def _flat(value: Any) -> Any:
    if _is_listlike(value):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join("" if _missing(v) else str(v) for v in items)
    return value


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell(value: Any) -> Any:
    value = _flat(value)
    return guard_cell(value) if isinstance(value, str) else value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` ready for a spreadsheet: list cells joined by ``|``, formula cells defused."""
    out = df.copy()
    out.columns = [guard_cell(str(c)) for c in out.columns]
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.CategoricalDtype):  # the dashboard's compact text columns
            series = series.astype(object)
        elif series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
            continue
        out[col] = series.map(_cell).astype(object)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as UTF-8 CSV (with a byte-order mark so Excel reads accents), safe to open in a spreadsheet."""
    text = safe_frame(df).to_csv(index=False, lineterminator="\n")
    return ("\ufeff" + text).encode("utf-8")


def _entry_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w.-]+", "_", PurePath(str(name).replace("\\", "/")).name).strip("._") or "frame"
    candidate, n = f"{base}.csv", 2
    while candidate in taken:
        candidate, n = f"{base}_{n}.csv", n + 1
    taken.add(candidate)
    return candidate


def _write(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def zip_bundle(frames: Mapping[str, pd.DataFrame], manifest: Mapping[str, Any]) -> bytes:
    """A ZIP with one CSV per frame (in the order given) and ``manifest.json``.

    The manifest says how the data was made (filters, model, corpus); a ``files`` entry
    listing each CSV and its row count is added unless the caller gave one.
    """
    buf = io.BytesIO()
    taken: set[str] = {"manifest.json"}
    files: dict[str, int] = {}
    with zipfile.ZipFile(buf, "w") as zf:
        for name, df in frames.items():
            entry = _entry_name(name, taken)
            _write(zf, entry, csv_bytes(df))
            files[entry] = len(df)
        full = dict(manifest)
        full.setdefault("files", files)
        text = json.dumps(full, indent=2, ensure_ascii=False, default=_json_default)
        _write(zf, "manifest.json", (text + "\n").encode("utf-8"))
    return buf.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return list(value)
    return str(value)


def public_paths(frames: Mapping[str, pd.DataFrame], roots: Iterable[str] = ()) -> dict[str, pd.DataFrame]:
    """Frames with server paths cut to what a viewer may see: relative to a corpus root, else the base name.

    Read-only (hosted) links must not reveal the server's folders; the ``path``/``paths``
    columns of ``articles`` and ``problems`` are the only frame columns that hold them.
    """
    prefixes = sorted({str(PurePath(r)).rstrip("/\\") for r in roots if str(r)}, key=len, reverse=True)

    def cut(value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        unified = value.replace("\\", "/")
        for prefix in prefixes:
            p = prefix.replace("\\", "/")
            if unified == p:
                return PurePath(p).name
            if unified.startswith(p + "/"):
                rest = unified[len(p) + 1:]
                return f"{PurePath(p).name}/{rest}" if PurePath(p).name else rest
        return unified.rsplit("/", 1)[-1] if unified.startswith("/") or re.match(r"^[A-Za-z]:/", unified) else value

    out = {}
    for name, df in frames.items():
        df = df.copy(deep=False)  # only the path columns are replaced: the other columns are shared, not copied
        for col in ("path", "paths"):
            if col in df.columns:
                df[col] = df[col].map(lambda v: [cut(x) for x in v] if _is_listlike(v) else cut(v)).astype(object)
        out[name] = df
    return out
