"""Reading files of every supported format into articles, and what could not be read into problems.

Every input ends up either as article rows or as a ``problems`` row with a reason a
person understands; a bad record costs only that record, never the file or the run.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import schema
from analysis.problems import row as problem_row

TEXT_EXT = {".txt", ".text"}
MARKDOWN_EXT = {".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
CSV_EXT = {".csv", ".tsv"}
SUPPORTED = TEXT_EXT | MARKDOWN_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | CSV_EXT
# The formats as a person reads them in a reason or on the upload page.
SUPPORTED_LIST = ".txt, .md, .html, .json, .jsonl, .csv and .tsv"
# Hidden and system files that are never articles and would only be noise in problems.
IGNORED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
# A corpus folder's own documentation (README.md, SOURCE-README.md, LICENSE) is not an article.
DOC_NAME = re.compile(r"(^|[-_ .])(readme|license|licence)([-_ .]|$)", re.I)

# Common field names of news exports, in order of preference (matched case-insensitively).
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "name", "title_page", "title_rss"),
    "text": ("text", "maintext", "body", "content", "article", "article_text", "full_text", "story", "description"),
    "published": ("published", "date_publish", "date", "published_at", "publishedat", "pubdate",
                  "publish_date", "datetime", "created_at", "time", "timestamp"),
    "url": ("url", "link", "href", "permalink", "uri"),
    "source": ("source", "publisher", "source_domain", "outlet", "site", "sitename", "feed", "domain"),
}
MISSING_STRINGS = {"", "none", "null", "nan", "n/a", "undefined"}
JSON_MAX_DEPTH = 64
MIN_HTML_WORDS = 8  # below this, what trafilatura keeps is a menu or a cookie banner, not an article


@dataclass
class Reading:
    """What reading some inputs gave: article records and problems, in input order."""

    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)

    def problem(self, path: str | Path, reason: str, severity: str = "error") -> None:
        """A problem row; ``error`` unless the input was still read (``warning``) or nothing was lost (``note``)."""
        self.problems.append(problem_row(path, reason, severity))


# ---------------------------------------------------------------- files and folders


def iter_files(paths: Iterable[str | Path], reading: Reading) -> Iterator[Path]:
    """Every file below ``paths`` in a stable order; missing paths and link loops become problems."""
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            if path.is_symlink():
                reading.problem(path, "broken symbolic link: its target does not exist")
            else:
                reading.problem(path, "no such file or folder")
            continue
        if path.is_dir():
            yield from _walk(path, reading, seen_dirs, seen_files)
        else:
            real = os.path.realpath(path)
            if real not in seen_files:
                seen_files.add(real)
                yield path


def _walk(folder: Path, reading: Reading, seen_dirs: set[str], seen_files: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen_dirs:
        reading.problem(folder, "symbolic link loop: this folder was already read, skipped")
        return
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        reading.problem(folder, f"folder cannot be listed: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith((".", "~$")) or entry.name.lower() in IGNORED_NAMES or DOC_NAME.search(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=True):
                yield from _walk(path, reading, seen_dirs, seen_files)
                continue
            if not entry.is_file(follow_symlinks=True):
                if entry.is_symlink():
                    reading.problem(path, "broken or looping symbolic link")
                else:
                    reading.problem(path, "not a regular file")
                continue
        except OSError as exc:
            reading.problem(path, f"cannot be opened: {exc.strerror or exc}")
            continue
        file_real = os.path.realpath(path)
        if file_real in seen_files:
            continue
        seen_files.add(file_real)
        yield path


# ---------------------------------------------------------------- bytes to text


class Unreadable(Exception):
    """The input cannot be turned into text; the message is the problem's reason."""


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text, trying BOMs, UTF-8, UTF-16 without BOM, then cp1252 and latin-1.

    Returns the text and a note (empty when nothing was lost or altered).
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _clean_text(data.decode(enc))
            except UnicodeDecodeError as exc:
                raise Unreadable(f"starts with a {enc.upper()} byte-order mark but is not valid {enc.upper()}") from exc
    if b"\x00" in data[:4096]:
        utf16 = _sniff_utf16(data)
        if utf16:
            return _clean_text(data.decode(utf16, errors="replace"))
        zeros = data.count(b"\x00")
        if zeros > max(8, len(data) // 100) or _looks_binary(data):
            raise Unreadable("binary content, not text (is the extension right?)")
    elif _looks_binary(data):
        raise Unreadable("binary content, not text (is the extension right?)")
    try:
        return _clean_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for enc, name in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text, note = _clean_text(data.decode(enc))
        except UnicodeDecodeError:
            continue
        guess = f"not UTF-8 and no declared encoding: read as {name}, check its accented letters"
        return text, "; ".join(n for n in (guess, note) if n)
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _sniff_utf16(data: bytes) -> str:
    sample = data[:4000]
    even, odd = sample[0::2], sample[1::2]
    if odd and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return ""


_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
          b"\x7fELF", b"MZ", b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0", b"SQLite format")


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_MAGIC):
        return True
    sample = data[:8192]
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27, 0))
    return control > 0.1 * len(sample)


def _clean_text(text: str) -> tuple[str, str]:
    note = ""
    nul = text.count("\x00")
    if nul:
        text = text.replace("\x00", "")
        note = f"removed {nul} stray NUL byte{'s' if nul > 1 else ''}"
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (a JSON export's broken ``\\udec8`` escapes) as U+FFFD: they cannot be encoded."""
    return _SURROGATE.sub("\ufffd", text)


def normalise_body(text: str) -> str:
    """Body text as the analysis sees it: NFC, no control characters or lone surrogates, tidy blank lines."""
    text = unicodedata.normalize("NFC", valid_unicode(text))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")  # soft hyphen
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


def article_id(text: str, title: str = "") -> str:
    """Stable id from the normalised headline and text: case, spacing and Unicode form do not change it.

    The headline is part of it because two pages can share a body (a video page's boilerplate, one wire
    story under two headlines) and still be two articles.
    """
    key = _folded(text) if not title.strip() else _folded(title) + "\x1f" + _folded(text)
    return "a" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


# ---------------------------------------------------------------- field values


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in MISSING_STRINGS)


def _lookup(record: dict[str, Any], key: str) -> tuple[str, Any]:
    lowered = {str(k).strip().lower(): k for k in record}
    for name in FIELDS[key]:
        if name in lowered and not _is_missing(record[lowered[name]]):
            return lowered[name], record[lowered[name]]
    return "", None


def _as_text(value: Any) -> str | None:
    """A field value as text, or None when its type cannot be text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)
    if isinstance(value, dict):
        for k in ("name", "title", "text", "value", "id"):
            if isinstance(value.get(k), str):
                return value[k]
    return None


def parse_date(value: Any) -> pd.Timestamp | None:
    """A publication date as a naive UTC calendar date, or None when it is not one."""
    if _is_missing(value) or isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            unit = "ms" if value > 1e11 else "s"
            ts = pd.to_datetime(value, unit=unit, utc=True)
        else:
            text = str(value).strip()
            ts = pd.to_datetime(text, utc=True, format="mixed") if text else None
    except (ValueError, TypeError, OverflowError):
        ts = _parse_loose_date(str(value))
    if ts is None or pd.isna(ts):
        return None
    ts = ts.tz_convert(None) if ts.tzinfo else ts
    if not 1800 <= ts.year <= 2200:
        return None
    return ts.normalize()


def _parse_loose_date(text: str) -> pd.Timestamp | None:
    from email.utils import parsedate_to_datetime

    try:
        return pd.Timestamp(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


_HTML_TAG = re.compile(r"<(p|div|br|span|a|li|h[1-6]|strong|em|article|section)\b[^>]*>", re.I)


def html_fragment_to_text(text: str) -> str:
    """Markup inside a JSON or CSV text field, reduced to its text."""
    import lxml.html

    try:
        root = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", text)
    for bad in root.xpath("//script|//style|//noscript|//iframe"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//h5|//h6"):
        block.tail = "\n\n" + (block.tail or "")
    return root.text_content()


# ---------------------------------------------------------------- one record


def record_from_fields(fields: dict[str, Any], where: str, reading: Reading) -> dict[str, Any] | None:
    """An article record from a mapping of export fields; a problem row when it has no usable text."""
    text_key, raw_text = _lookup(fields, "text")
    if raw_text is None:
        # news-please keeps the body in 'text' but some exports only have a description.
        looked = ", ".join(FIELDS["text"][:5])
        has_title = _lookup(fields, "title")[1] is not None
        lead = "has a headline but no article text" if has_title else "no article text"
        reading.problem(where, f"{lead} (looked for a field named {looked})")
        return None
    text = _as_text(raw_text)
    if text is None:
        reading.problem(where, f"field '{text_key}' is a {type(raw_text).__name__}, not text")
        return None
    if _HTML_TAG.search(text):
        text = html_fragment_to_text(text)
    record: dict[str, Any] = {"text": text, "path": where}
    notes: list[str] = []
    for key in ("title", "url", "source"):
        name, value = _lookup(fields, key)
        if value is None:
            continue
        as_text = _as_text(value)
        if as_text is None:
            notes.append(f"field '{name}' is a {type(value).__name__}, ignored")
        else:
            record[key] = re.sub(r"\s+", " ", as_text).strip()
    name, value = _lookup(fields, "published")
    if value is not None:
        published = parse_date(value)
        if published is None:
            notes.append(f"date {str(value)[:40]!r} in field '{name}' is not a date; published left empty")
        record["published"] = published
    if notes:
        reading.problem(where, "; ".join(notes), "warning")
    return record


# ---------------------------------------------------------------- formats


def read_plain(text: str, where: str) -> dict[str, Any]:
    """Plain text: the first non-empty line is the headline, the rest the body."""
    lines = text.strip().split("\n")
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip()
    return {"title": title, "text": body or title, "path": where}


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def read_markdown(text: str, where: str) -> dict[str, Any]:
    """Markdown: front matter for metadata, the first heading (or line) as headline, syntax removed."""
    meta: dict[str, Any] = {}
    m = _FRONT_MATTER.match(text.lstrip())
    if m:
        for line in m.group(1).split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text.lstrip()[m.end():]
    text = text.strip()
    lines = text.split("\n")
    title = meta.get("title") or re.sub(r"^#+\s*", "", lines[0]).strip()
    if not meta.get("title") or re.sub(r"^#+\s*", "", lines[0]).strip() == title:
        lines = lines[1:]
    record = read_plain(title + "\n" + markdown_to_text("\n".join(lines)), where)
    for key in ("url", "source"):
        _, value = _lookup(meta, key)
        if value:
            record[key] = value
    _, date = _lookup(meta, "published")
    if date:
        record["published"] = parse_date(date)
    return record


def markdown_to_text(text: str) -> str:
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.M)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return re.sub(r"^\s*([-*_])\s*(\1\s*){2,}$", "", text, flags=re.M)


def read_html(text: str, where: str, reading: Reading) -> dict[str, Any] | None:
    """HTML: main text by trafilatura (no navigation, scripts or footers), metadata from the page."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        reading.problem(where, f"HTML could not be parsed: {type(exc).__name__}")
        return None
    words = len((doc.text or "").split()) if doc is not None else 0
    if words < MIN_HTML_WORDS:
        reading.problem(where, f"HTML page has no article text (only {words} words outside navigation and scripts)")
        return None
    body = doc.text.strip()
    title = (doc.title or "").strip()
    first, _, rest = body.partition("\n")
    if title and first.strip() == title and rest.strip():
        body = rest.strip()
    record: dict[str, Any] = {"title": title or first.strip()[:200], "text": body, "path": where,
                              "url": doc.url or "", "source": doc.sitename or doc.hostname or ""}
    if doc.date:
        record["published"] = parse_date(doc.date)
    return record


def _records_in(value: Any) -> list[Any] | None:
    """The list of article records inside a JSON document (a list, or a wrapper such as NewsAPI's)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        if _lookup(value, "text")[1] is not None:
            return [value]
        for key in ("articles", "data", "results", "items", "stories", "news", "entries", "documents", "records"):
            for k, v in value.items():
                if str(k).lower() == key and isinstance(v, list):
                    return v
        if _lookup(value, "title")[1] is not None:  # an article with an empty body: its record says so
            return [value]
    return None


def _json_loads(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError(f"nested more than {JSON_MAX_DEPTH} levels deep, not an article export") from exc


def _json_error(exc: json.JSONDecodeError, *, line: int | None = None) -> str:
    where = f"column {exc.colno}" if line else f"line {exc.lineno}, column {exc.colno}"
    unclosed = exc.msg.startswith("Unterminated string") and '"' not in exc.doc[exc.pos + 1:]
    if exc.pos >= len(exc.doc.rstrip()) - 1 or unclosed:
        return f"JSON ends before it is complete at {where} (truncated?)"
    return f"not valid JSON: {exc.msg} at {where}"


def _depth(value: Any, limit: int = JSON_MAX_DEPTH) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def read_json(text: str, where: str, reading: Reading) -> list[dict[str, Any]]:
    """JSON: one article, a list of them, or a news-API wrapper around a list."""
    try:
        value = _json_loads(text)
    except ValueError as exc:
        if _looks_like_jsonl(text):
            return read_jsonl(text, where, reading)
        reading.problem(where, _json_error(exc) if isinstance(exc, json.JSONDecodeError) else f"JSON {exc}")
        return []
    if _depth(value) > JSON_MAX_DEPTH:
        reading.problem(where, f"JSON nested more than {JSON_MAX_DEPTH} levels deep, not an article export")
        return []
    records = _records_in(value)
    if records is None:
        kind = {"dict": "object", "str": "string", "int": "number", "float": "number", "bool": "true/false",
                "NoneType": "null"}.get(type(value).__name__, type(value).__name__)
        reading.problem(where, f"JSON {kind} holds no article (no text field and no list of articles)")
        return []
    out = []
    for i, item in enumerate(records, 1):
        place = f"{where}#{i}" if len(records) > 1 else where
        if not isinstance(item, dict):
            reading.problem(place, f"JSON item {i}: expected an object, found {type(item).__name__}")
            continue
        rec = record_from_fields(item, place, reading)
        if rec:
            out.append(rec)
    return out


def _looks_like_jsonl(text: str) -> bool:
    lines = [ln for ln in text.strip().split("\n") if ln.strip()]
    return len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines[:3])


def read_jsonl(text: str, where: str, reading: Reading) -> list[dict[str, Any]]:
    """JSON Lines: one article per line; a bad line costs only that line."""
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        place = f"{where}#{n}"
        try:
            item = _json_loads(line)
        except ValueError as exc:
            reason = _json_error(exc, line=n) if isinstance(exc, json.JSONDecodeError) else f"JSON {exc}"
            reading.problem(place, f"JSON line {n}: {reason}")
            continue
        if not isinstance(item, dict):
            reading.problem(place, f"JSON line {n}: expected an object, found {type(item).__name__}")
            continue
        if _depth(item) > JSON_MAX_DEPTH:
            reading.problem(place, f"JSON line {n}: nested more than {JSON_MAX_DEPTH} levels deep")
            continue
        rec = record_from_fields(item, place, reading)
        if rec:
            out.append(rec)
    return out


def read_csv(text: str, where: str, reading: Reading) -> list[dict[str, Any]]:
    """CSV or TSV with a header row; columns matched by their common names, case-insensitively."""
    csv.field_size_limit(64 * 1024 * 1024)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if where.lower().endswith(".tsv") else csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        reading.problem(where, "CSV has no header row")
        return []
    header = [h.strip() for h in header]
    if not _lookup(dict.fromkeys(header, "x"), "text")[0]:
        shown = ", ".join(h for h in header[:8] if h) or "(empty)"
        reading.problem(where, f"CSV has no text column (columns: {shown}; expected one named text, body or content)")
        return []
    out = []
    line = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            reading.problem(f"{where}#{rows.line_num}", f"CSV line {rows.line_num}: {exc}")
            break
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        fields = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
        rec = record_from_fields(fields, f"{where}#{line}", reading)
        if rec:
            out.append(rec)
    return out


# ---------------------------------------------------------------- dispatch


def read_file(path: Path, reading: Reading, *, max_bytes: int) -> list[dict[str, Any]]:
    """Article records of one file; what goes wrong is a problem row, never an exception."""
    where = str(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        shown = f"'{ext}'" if ext else "no extension"
        reading.problem(where, f"unsupported file type ({shown}); Dossier reads {SUPPORTED_LIST}")
        return []
    try:
        size = path.stat().st_size
        if size > max_bytes:
            reading.problem(where, f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:g} MB limit "
                                   "(raise DOSSIER_MAX_FILE_MB to read it)")
            return []
        data = path.read_bytes()
    except OSError as exc:
        reading.problem(where, f"cannot be read: {exc.strerror or exc}")
        return []
    return read_bytes(data, where, ext, reading)


def read_bytes(data: bytes, where: str, ext: str, reading: Reading) -> list[dict[str, Any]]:
    """Article records from the bytes of one file of type ``ext`` (also used for uploads)."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        reading.problem(where, "empty file" if not data else "file holds only white space")
        return []
    try:
        text, note = decode(data)
    except Unreadable as exc:
        reading.problem(where, str(exc))
        return []
    if not text.strip():
        reading.problem(where, "file holds only white space")
        return []
    if note:
        reading.problem(where, f"read with care: {note}", "warning")
    try:
        if ext in JSON_EXT:
            records = read_json(text, where, reading)
        elif ext in JSONL_EXT:
            records = read_jsonl(text, where, reading)
        elif ext in CSV_EXT:
            records = read_csv(text, where, reading)
        elif ext in HTML_EXT:
            records = [r for r in [read_html(text, where, reading)] if r]
        elif ext in MARKDOWN_EXT:
            records = [read_markdown(text, where)]
        else:
            records = [read_plain(text, where)]
    except RecursionError:
        reading.problem(where, "structure nested too deeply to read")
        return []
    good = []
    for rec in records:
        rec["text"] = normalise_body(rec.get("text") or "")
        if not rec["text"]:
            reading.problem(rec["path"], "article has a headline but no text")
            continue
        good.append(rec)
    return good


def read_paths(paths: Iterable[str | Path], *, max_file_mb: float = 20.0, progress: Any = None) -> Reading:
    """Every article record and problem of ``paths`` (files, folders or a mix)."""
    reading = Reading()
    files = list(iter_files(paths, reading))
    bar = progress(files, desc="reading", unit="file") if progress else files
    for path in bar:
        try:
            reading.records.extend(read_file(path, reading, max_bytes=int(max_file_mb * 1024 * 1024)))
        except Exception as exc:  # a reader's bug (or no memory) costs only this file
            reading.problem(path, f"could not be read: {type(exc).__name__} (please report)")
    return reading


def articles_frame(records: list[dict[str, Any]]) -> tuple[pd.DataFrame, int]:
    """One row per distinct article, every path kept; and how many records were copies of another.

    A record is a copy when its body is the same (after normalising) and so is its headline or its URL;
    a record with neither is a copy of the first with its body. Pages that share only a body stay apart.
    """
    rows: list[dict[str, Any]] = []
    by_body: dict[str, list[dict[str, Any]]] = {}
    duplicates = 0
    for rec in records:
        rec = {k: valid_unicode(v) if isinstance(v, str) else v for k, v in rec.items()}
        given = rec.get("title") or ""
        same_body = by_body.setdefault(_folded(rec["text"]), [])
        kept = next((row for row in same_body if _same_article(row, rec)), None)
        if kept is not None:
            duplicates += 1
            kept["paths"].append(rec["path"])
            for key in ("title", "source", "url", "published"):
                if not _has(kept.get(key)) and _has(rec.get(key)):
                    kept[key] = rec[key]
            continue
        row = {
            "article_id": article_id(rec["text"], given), "title": given or rec["text"].split("\n", 1)[0][:120],
            "source": rec.get("source", ""), "url": rec.get("url", ""), "published": rec.get("published"),
            "date_inferred": False, "path": rec["path"], "paths": [rec["path"]], "words": len(rec["text"].split()),
            "text": rec["text"], "_given_title": _folded(given),
        }
        same_body.append(row)
        rows.append(row)
    for row in rows:
        del row["_given_title"]
    return schema.frame("articles", rows), duplicates


def _same_article(row: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether ``rec`` (same body as ``row``) is the same article: same headline or URL, or nothing to tell them apart."""
    title, url = _folded(rec.get("title") or ""), (rec.get("url") or "").strip()
    if (not title and not url) or (not row["_given_title"] and not (row.get("url") or "").strip()):
        return True
    return (bool(title) and title == row["_given_title"]) or (bool(url) and url == (row.get("url") or "").strip())


def _has(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value != ""
