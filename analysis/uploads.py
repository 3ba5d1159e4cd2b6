"""Files a viewer uploads, read into article records with the same reader as files on disk.

An upload is untrusted twice over: its name may be a path (``../../etc/passwd``) or markup,
and its content may be anything. Names are cut to a safe base name, limits come from the
settings, and every file is read on its own so one bad file costs only itself.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from typing import Any

from analysis import corpus
from analysis.settings import Settings

MAX_NAME = 120


def safe_name(name: str) -> str:
    """The base name of an uploaded file, made of letters, digits, spaces and ``._-()`` only.

    Directory parts (either slash), control characters and leading dots are dropped, so
    the name can neither point elsewhere on the server nor hide itself; the extension is kept.
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.sub(r"[\x00-\x1f\x7f]", "", text)
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join("-" if unicodedata.category(c) == "Pd" else c for c in text)
    text = re.sub(r"[^\w .()-]+", "_", text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    text = re.sub(r"_+", "_", text)
    if not text:
        return "upload"
    stem, suffix = _split(text)
    if len(text) > MAX_NAME:
        text = stem[: MAX_NAME - len(suffix)].rstrip(" ._") + suffix
    return text


def _split(name: str) -> tuple[str, str]:
    suffix = PurePath(name).suffix
    if len(suffix) > 12 or not re.fullmatch(r"\.[\w]+", suffix or "."):
        return name, ""
    return name[: len(name) - len(suffix)], suffix


def _unique(name: str, taken: set[str]) -> str:
    stem, suffix = _split(name)
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate, n = f"{stem} ({n}){suffix}", n + 1
    taken.add(candidate.lower())
    return candidate


def _mb(size: float) -> str:
    if size >= 100:
        return f"{size:.0f}"
    return f"{size:.1f}".removesuffix(".0") if size >= 1 else f"{size:.2g}"


def read_uploads(files: list[tuple[str, bytes]], settings: Settings) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Article records and problems from uploaded ``(name, bytes)`` pairs, in upload order.

    Files beyond ``settings.upload_max_files``, larger than ``settings.upload_max_mb``, or of
    a type Dossier cannot read each become a problem row that says why; the rest are read.
    """
    reading = corpus.Reading()
    limit_bytes = int(settings.upload_max_mb * 1024 * 1024)
    taken: set[str] = set()
    for index, (raw_name, data) in enumerate(files):
        name = _unique(safe_name(raw_name), taken)
        if index >= settings.upload_max_files:
            reading.problem(name, f"not read: an upload takes at most {settings.upload_max_files} files "
                                  "(DOSSIER_UPLOAD_MAX_FILES)")
            continue
        ext = PurePath(name).suffix.lower()
        if ext not in corpus.SUPPORTED:
            shown = f"'{ext}'" if ext else "no extension"
            reading.problem(name, f"unsupported file type ({shown}); Dossier reads {corpus.SUPPORTED_LIST}")
            continue
        size = len(data)
        if size > limit_bytes:
            reading.problem(name, f"file is {_mb(size / 1024 / 1024)} MB, over the upload limit of "
                                  f"{_mb(settings.upload_max_mb)} MB per file (DOSSIER_UPLOAD_MAX_MB)")
            continue
        try:
            reading.records.extend(corpus.read_bytes(bytes(data), name, ext, reading))
        except Exception as exc:  # one broken file must never cost the others
            reading.problem(name, f"could not be read ({type(exc).__name__}); the other files were read")
    return reading.records, reading.problems
