"""Uploads: limits from the settings, safe names, refused types, and one bad file never costs the others."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from analysis.settings import Settings
from analysis.uploads import read_uploads, safe_name

ARTICLE = (b"Russia and North Korea hold talks\n\n"
           b"Kim Jong Un met Vladimir Putin in Vladivostok on Wednesday, the Kremlin said.")
SETTINGS = Settings()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\ana\\Desktop\\notes.md", "notes.md"),
        ("<script>alert(1)</script>.html", "script_.html"),
        ("<img src=x onerror=alert(1)>.txt", "img src_x onerror_alert(1)_.txt"),
        (".hidden.json", "hidden.json"),
        ("new\nline\x00.txt", "newline.txt"),
        ("Zeitung über Kiew – 2023.csv", "Zeitung über Kiew - 2023.csv"),
        ("", "upload"),
        ("../..", "upload"),
        ("a" * 300 + ".jsonl", "a" * 114 + ".jsonl"),
    ],
)
def test_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_good_files_are_read_and_bad_ones_become_problems_in_order() -> None:
    files = [
        ("../../secret/first.txt", ARTICLE),
        ("slides.pdf", b"%PDF-1.4 ..."),
        ("broken.json", b'{"title": "cut off'),
        ("empty.txt", b""),
        ("feed.jsonl", json.dumps({"title": "T2", "text": "Sergei Shoigu visited Pyongyang in July."}).encode()
         + b"\n{not json}\n"),
        ("photo.png", b"\x89PNG\r\n\x1a\n"),
        ("noext", ARTICLE),
    ]
    records, problems = read_uploads(files, SETTINGS)
    assert [r["path"] for r in records] == ["first.txt", "feed.jsonl#1"]
    assert records[0]["title"] == "Russia and North Korea hold talks"
    reasons = {p["path"]: p["reason"] for p in problems}
    assert reasons["slides.pdf"].startswith("unsupported file type ('.pdf')")
    assert "JSON" in reasons["broken.json"]
    assert reasons["empty.txt"] == "empty file"
    assert reasons["feed.jsonl#2"].startswith("JSON line 2")
    assert reasons["photo.png"].startswith("unsupported file type")
    assert reasons["noext"].startswith("unsupported file type (no extension)")
    assert not any("/" in p["path"] for p in problems + records), "no directory part survives"


def test_count_limit_reads_the_first_files_and_says_why_the_rest_were_not() -> None:
    settings = replace(SETTINGS, upload_max_files=2)
    files = [(f"a{i}.txt", ARTICLE + f" Item {i}.".encode()) for i in range(4)]
    records, problems = read_uploads(files, settings)
    assert [r["path"] for r in records] == ["a0.txt", "a1.txt"]
    assert [p["path"] for p in problems] == ["a2.txt", "a3.txt"]
    assert "at most 2 files" in problems[0]["reason"] and "DOSSIER_UPLOAD_MAX_FILES" in problems[0]["reason"]


def test_size_limit_refuses_only_the_large_file() -> None:
    settings = replace(SETTINGS, upload_max_mb=0.01)
    big = ARTICLE + b" more" * 5000
    records, problems = read_uploads([("big.txt", big), ("small.txt", ARTICLE)], settings)
    assert [r["path"] for r in records] == ["small.txt"]
    assert problems == [{"path": "big.txt", "severity": "error",
                         "reason": "file is 0.024 MB, over the upload limit of 0.01 MB per file (DOSSIER_UPLOAD_MAX_MB)",
                         "article_id": ""}]


def test_same_name_twice_is_kept_apart() -> None:
    records, _ = read_uploads([("dir1/a.txt", ARTICLE), ("dir2/a.txt", ARTICLE + b" Later.")], SETTINGS)
    assert [r["path"] for r in records] == ["a.txt", "a (2).txt"]


def test_a_reader_crash_costs_only_that_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import corpus

    real = corpus.read_bytes

    def flaky(data, where, ext, reading):
        if where == "bad.html":
            raise MemoryError("boom")
        return real(data, where, ext, reading)

    monkeypatch.setattr(corpus, "read_bytes", flaky)
    records, problems = read_uploads([("bad.html", b"<p>x</p>"), ("good.txt", ARTICLE)], SETTINGS)
    assert [r["path"] for r in records] == ["good.txt"]
    assert problems == [{"path": "bad.html", "severity": "error",
                         "reason": "could not be read (MemoryError); the other files were read", "article_id": ""}]
