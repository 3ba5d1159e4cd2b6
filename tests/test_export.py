"""Downloads: CSV that a spreadsheet opens as text, never as formulas; ZIP bundles with a manifest."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import pytest

from analysis import schema
from analysis.export import csv_bytes, guard_cell, public_paths, zip_bundle


def _rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read accents"
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"),
        ("+1+2", "'+1+2"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1,1)", "'@SUM(1,1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        # Ordinary text, including formula characters later in the cell, is left alone.
        ("Kim Jong Un", "Kim Jong Un"),
        ("a = b", "a = b"),
        ("email me@example.org", "email me@example.org"),
        ("", ""),
    ],
)
def test_guard_cell(cell: str, written: str) -> None:
    assert guard_cell(cell) == written


def test_csv_defuses_formulas_in_cells_and_headers_but_keeps_numbers() -> None:
    df = pd.DataFrame({
        "title": ["=1+1", "Putin meets Kim"],
        "=cmd": ["x", "y"],
        "words": pd.array([-3, 250], dtype="Int64"),
    })
    rows = _rows(csv_bytes(df))
    assert rows[0] == ["title", "'=cmd", "words"]
    assert rows[1] == ["'=1+1", "x", "-3"], "a negative number is a number, not a formula"
    assert rows[2] == ["Putin meets Kim", "y", "250"]


def test_csv_joins_list_columns_with_bar_and_guards_the_joined_cell() -> None:
    events = schema.frame("events", [
        {"event_id": "e1", "actors": ["North Korea", "Russia"], "text": "They met.",
         "date_start": pd.Timestamp("2023-09-13"), "planned": False},
        {"event_id": "e2", "actors": ["@handle", "Russia"], "text": "-- quoted", "planned": True},
        {"event_id": "e3", "actors": [], "text": "Nothing.", "planned": None},
    ])
    rows = _rows(csv_bytes(events))
    header = rows[0]
    by_id = {r[header.index("event_id")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_id["e1"]["actors"] == "North Korea|Russia"
    assert by_id["e1"]["date_start"] == "2023-09-13"
    assert by_id["e2"]["actors"] == "'@handle|Russia"
    assert by_id["e2"]["text"] == "'-- quoted"
    assert by_id["e3"]["actors"] == ""
    assert by_id["e3"]["planned"] == ""


def test_csv_round_trips_long_and_multiline_text() -> None:
    long_line = "x" * 100_000
    df = pd.DataFrame({"text": [long_line, 'He said "no".\nThen left, quickly.']})
    back = pd.read_csv(io.BytesIO(csv_bytes(df)), encoding="utf-8-sig", dtype=str)
    assert back["text"].tolist() == df["text"].tolist()


def test_zip_bundle_holds_one_csv_per_frame_and_the_manifest() -> None:
    frames = {
        "articles": schema.frame("articles", [{"article_id": "a1", "title": "=evil()", "paths": ["x.txt"]}]),
        "quotes": schema.empty("quotes"),
        "../../etc/passwd": pd.DataFrame({"a": [1]}),
    }
    manifest = {"filters": "12 events where actor is Kim Jong Un", "model": "en_core_web_sm 3.8.0",
                "built": pd.Timestamp("2026-01-02")}
    data = zip_bundle(frames, manifest)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names == ["articles.csv", "quotes.csv", "passwd.csv", "manifest.json"]
        articles = _rows(zf.read("articles.csv"))
        assert articles[1][articles[0].index("title")] == "'=evil()"
        assert len(_rows(zf.read("quotes.csv"))) == 1, "an empty frame still has its header"
        meta = json.loads(zf.read("manifest.json"))
    assert meta["filters"] == manifest["filters"]
    assert meta["built"].startswith("2026-01-02")
    assert meta["files"] == {"articles.csv": 1, "quotes.csv": 0, "passwd.csv": 1}


def test_zip_bundle_is_byte_identical_for_the_same_frames() -> None:
    frames = {"articles": schema.frame("articles", [{"article_id": "a1", "title": "T"}])}
    assert zip_bundle(frames, {"model": "m"}) == zip_bundle(frames, {"model": "m"})


def test_public_paths_hides_server_folders() -> None:
    frames = {
        "articles": schema.frame("articles", [
            {"article_id": "a1", "path": "/srv/app/seeds/000.txt", "paths": ["/srv/app/seeds/000.txt", "/tmp/up/b.txt"]},
        ]),
        "problems": schema.frame("problems", [{"path": "/srv/app/seeds/sub/bad.json#3", "reason": "JSON line 3: x"},
                                              {"path": "upload.txt", "reason": "empty file"}]),
    }
    shown = public_paths(frames, roots=["/srv/app/seeds"])
    assert shown["articles"].loc[0, "path"] == "seeds/000.txt"
    assert shown["articles"].loc[0, "paths"] == ["seeds/000.txt", "b.txt"]
    assert shown["problems"]["path"].tolist() == ["seeds/sub/bad.json#3", "upload.txt"]
    assert frames["articles"].loc[0, "path"] == "/srv/app/seeds/000.txt", "the input frames are not changed"


def test_csv_defuses_formulas_in_the_dashboards_category_and_tuple_columns() -> None:
    """The dashboard holds mention names as categories and lists as tuples: their cells are guarded too."""
    mentions = schema.compact("mentions", schema.frame("mentions", [
        {"article_id": "a1", "text": "=HYPERLINK(\"http://evil.example\")", "actor": "@evil", "actor_type": "person"},
        {"article_id": "a1", "text": "Kim", "actor": "Kim Jong Un", "actor_type": "person"}]))
    assert isinstance(mentions["text"].dtype, pd.CategoricalDtype)
    rows = _rows(csv_bytes(mentions))
    header = rows[0]
    assert rows[1][header.index("text")] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows[1][header.index("actor")] == "'@evil"
    events = schema.compact("events", schema.frame("events", [{"event_id": "e", "actors": ["-1+1", "Kim Jong Un"]}]))
    assert type(events["actors"].iloc[0]) is tuple
    assert _rows(csv_bytes(events))[1][_rows(csv_bytes(events))[0].index("actors")] == "'-1+1|Kim Jong Un"
