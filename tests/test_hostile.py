"""Hostile articles render inert on every page of the served dashboard, in headless Chromium.

The test writes a corpus whose titles, texts, sources, URLs and quotes carry script tags, event-handler
attributes, iframes, ``javascript:`` and Markdown links, images, LaTeX and 100 kB single lines, serves
the app on it (DOSSIER_CORPUS), opens every page (also with hostile query parameters, each hostile
article in the reader and each hostile actor on the actors page), hovers over every chart, and
asserts: no dialog, no injected element, no script error, no Streamlit exception.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from tests.served_app import browser, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every tag carries the class "dossier-xss" or an "xss-" alert, so the DOM check below recognises it.
PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<img class=\"dossier-xss\" src=\"x\" onerror=\"alert('xss-img')\">",
    "<iframe class=\"dossier-xss\" src=\"javascript:alert('xss-iframe')\"></iframe>",
    "<svg class=\"dossier-xss\" onload=\"alert('xss-svg')\"></svg>",
    "<a class=\"dossier-xss\" href=\"javascript:alert('xss-a')\">click</a>",
    "<details class=\"dossier-xss\" open ontoggle=\"alert('xss-details')\">d</details>",
    "<style>.dossier-style{display:none}</style>",
    "[md link](javascript:alert('xss-md'))",
    "[web link](https://md-link.invalid/x)",
    "![pic](https://img.invalid/p.png)",
    "<https://autolink.invalid/y>",
    "$E=mc^2$",
    "$$\\int_0^1 x\\,dx$$",
    "javascript:alert('xss-bare')",
    "www.www-link.invalid press@mail.invalid",
    "=HYPERLINK(\"https://csv.invalid\",\"x\")",
]
ALL = " ".join(PAYLOADS)
HUNDRED_KB = 100_000


def write_corpus(folder: Path) -> Path:
    """Hostile articles in every format the reader keeps markup in: plain text, Markdown, JSON Lines, CSV, HTML."""
    folder.mkdir(parents=True, exist_ok=True)
    p = PAYLOADS
    body = (
        f"Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok on September 13, 2023. {p[1]}\n\n"
        f"\"{p[0]} We will cooperate {p[7]} {p[11]},\" Putin said on Wednesday.\n\n"
        f"Kim Jong Un said that {p[2]} the talks were {p[12]} productive.\n\n"
        f"The United States will impose sanctions on Russia next week, {p[3]} the State Department said.\n\n"
        f"Sergei Shoigu, the {p[4]} defence minister, visited Pyongyang in July 2023.\n\n"
        f"\"{p[8]} {p[9]} {p[10]} {p[13]}\" said John {p[5]} Kirby, the {p[6]} spokesman of the "
        "[White House](https://md-link.invalid/wh).\n\n"
        f"{p[14]} was written on a placard in Moscow on September 14, 2023."
    )
    (folder / "hostile.txt").write_text(f"Putin and Kim meet {ALL}\n\n{body}\n", encoding="utf-8")
    (folder / "hostile.md").write_text(f"# Sanctions $x$ [news](https://md-link.invalid/md)\n\n{body}\n", encoding="utf-8")
    records = [
        {"title": ALL, "source": p[0] + " Wire", "url": "javascript:alert('xss-url')", "published": "2023-09-15",
         "text": "Kim Jong Un returned to Pyongyang on Friday, state media said."},
        {"title": "T" * HUNDRED_KB, "source": "S" * HUNDRED_KB, "url": "https://ok.example/" + "u" * 2000,
         "published": "2023-09-16", "text": "Sergei Shoigu said on Saturday that the talks went well."},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    csv_text = p[7].replace('"', "'")
    (folder / "feed.csv").write_text(
        "title,source,url,published,text\n"
        f"\"=cmd|' /C calc'!A0 {csv_text}\",\"@source <b class=dossier-xss>b</b>\",javascript:alert('xss-csv'),"
        "2023-09-17,\"Vladimir Putin said on Sunday that $y$ talks [go](https://md-link.invalid/c) on.\"\n",
        encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>&lt;script&gt;alert('xss-html')&lt;/script&gt; Summit in Vladivostok</title></head>"
        "<body><article><h1>Summit &lt;img src=x onerror=alert('xss-html-img')&gt;</h1>"
        + "".join(f"<p>Kim Jong Un and Vladimir Putin met on September {d}, 2023, officials said. "
                  "&lt;iframe src=javascript:alert('xss-html-iframe')&gt; [x](javascript:alert('xss-html-md'))</p>"
                  for d in range(10, 20))
        + "<script>alert('xss-html-script')</script></article></body></html>", encoding="utf-8")
    # 100 kB single lines in a text and in a quote; long tokens keep spaCy's share of the time small.
    chunk = "Lorem" * 40 + " " + p[1] + " "
    line = (chunk * (HUNDRED_KB // len(chunk) + 1))[:HUNDRED_KB]
    (folder / "long_line.txt").write_text(
        f"A single line of 100 kB\n\nVladimir Putin spoke on September 20, 2023. {line}\n", encoding="utf-8")
    said = ("Provocation" * 30 + " ") * (HUNDRED_KB // 331 + 1)
    (folder / "long_quote.txt").write_text(
        f"A quote of 100 kB\n\n\"{said[:HUNDRED_KB]},\" Vladimir Putin said on September 21, 2023.\n", encoding="utf-8")
    return folder


# Runs in the page (and in every frame): everything that would mean data became markup or code.
FIND_INJECTED = r"""
() => {
  const bad = [];
  const all = (sel) => Array.from(document.querySelectorAll(sel));
  const where = (el) => {
    const host = el.closest('[data-testid^="st"]:not([data-testid="stVerticalBlock"]):not([data-testid="stHorizontalBlock"]):not([data-testid="stColumn"])');
    return host ? `in ${host.getAttribute('data-testid')} "${(host.innerText || '').slice(0, 50)}"` : 'in the page';
  };
  const push = (el, what) => bad.push(`${what} ${where(el)}`);
  for (const el of all('*')) {
    for (const name of el.getAttributeNames()) {
      if (name.startsWith('on')) push(el, `${el.tagName} ${name}=${el.getAttribute(name).slice(0, 60)}`);
    }
    if (el.classList && (el.classList.contains('dossier-xss'))) push(el, `${el.tagName}.dossier-xss`);
  }
  for (const s of all('script')) if ((s.textContent || '').includes('xss')) push(s, 'script: ' + s.textContent.slice(0, 60));
  for (const s of all('style')) if ((s.textContent || '').includes('dossier-style')) push(s, 'style from data');
  for (const f of all('iframe, frame, object, embed')) {
    const src = (f.getAttribute('src') || '') + (f.getAttribute('srcdoc') || '') + (f.getAttribute('data') || '');
    if (/xss|javascript:|\.invalid/i.test(src)) push(f, `${f.tagName} ${src.slice(0, 60)}`);
  }
  for (const a of all('a, area')) {
    const href = a.getAttribute('href') || a.getAttribute('xlink:href') || '';
    if (/^\s*javascript:/i.test(href) || /\.invalid/i.test(href)) push(a, 'link ' + href.slice(0, 60));
  }
  for (const i of all('img, image, source, video, audio')) {
    const src = i.getAttribute('src') || i.getAttribute('href') || i.getAttribute('xlink:href') || '';
    if (src === 'x' || /\.invalid/i.test(src)) push(i, 'image ' + src.slice(0, 60));
  }
  for (const m of all('.katex, .katex-display, math, mjx-container')) push(m, 'math ' + (m.textContent || '').slice(0, 40));
  return bad;
}
"""
EXCEPTIONS = r"""
() => Array.from(document.querySelectorAll('[data-testid="stException"]')).map(e => e.innerText.slice(0, 400))
"""
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def settle(page, timeout: float = 240_000) -> None:
    """Wait until the script has run and stays idle (a query-parameter write triggers one more run)."""
    page.wait_for_selector(IDLE, timeout=timeout)
    for _ in range(3):
        page.wait_for_timeout(400)
        page.wait_for_selector(IDLE, timeout=timeout)


def hover_charts(page, where: str) -> int:
    """Hover over the points of every Plotly chart (a grid of positions where it has none); the labels drawn."""
    labels = 0
    for chart in page.locator(".js-plotly-plot").all():
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        if not box or box["width"] < 10 or box["height"] < 10:
            continue
        points = chart.locator("g.point").all()[:12]
        spots = []
        for point in points:
            b = point.bounding_box()
            if b and b["width"] * b["height"] > 0:
                spots.append((b["x"] + b["width"] / 2, b["y"] + b["height"] / 2))
        if not spots:
            spots = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
                     for fx in (0.25, 0.5, 0.75) for fy in (0.3, 0.7)]
        for x, y in spots:
            page.mouse.move(x, y)
            page.wait_for_timeout(50)
            labels += page.locator(".hoverlayer .hovertext").count()
            check(page, where + " (hover)")
    return labels


FINDINGS: list[str] = []
EXCEPTIONS_SEEN: list[str] = []


def check(page, where: str) -> None:
    for frame in page.frames:
        try:
            found = frame.evaluate(FIND_INJECTED)
        except Exception as exc:  # a frame that navigated away while we looked
            if "detached" in str(exc) or "destroyed" in str(exc):
                continue
            raise
        FINDINGS.extend(f"{where}: {item}" for item in found)
    EXCEPTIONS_SEEN.extend(f"{where}: {e}" for e in page.evaluate(EXCEPTIONS))


UPLOADS = [
    ("<img src=x onerror=alert('xss-upload-name')>.txt",
     f"Uploaded headline {ALL}\n\nSergei Lavrov said on Monday that {PAYLOADS[1]} talks [go](https://md-link.invalid/u) on.\n"),
    ("[x](javascript:alert('xss-upload-md')) $y$.json", '{"title": "cut off'),
]


def download_csv(page, base: str, name: str) -> list[list[str]]:
    """The rows of one CSV as the Downloads page hands it to the browser."""
    page.goto(base + "/downloads")
    settle(page)
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name=name).click()
    data = Path(download.value.path()).read_bytes()
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def upload_hostile_files(page, base: str) -> str:
    """Upload hostile files by name and content, then walk to every page in the same session; the upload page's text."""
    page.goto(base + "/upload")
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [{"name": name, "mimeType": "text/plain", "buffer": body.encode()} for name, body in UPLOADS])
    page.get_by_role("button", name=re.compile(r"^Analyse")).click()
    page.wait_for_function("() => document.body.innerText.includes('article(s) read from')", timeout=240_000)
    settle(page)
    check(page, "/upload (after upload)")
    text = page.inner_text("body")
    for link in page.locator('[data-testid="stSidebarNav"] a').all():
        label = link.inner_text()
        link.click()  # in-app navigation keeps the session and its uploads
        settle(page)
        check(page, f"{label} (with uploads)")
        hover_charts(page, f"{label} (with uploads)")
    return text


def test_hostile_corpus_renders_inert_on_every_page(tmp_path: Path) -> None:
    from analysis.corpus import articles_frame, read_paths

    corpus = write_corpus(tmp_path / "corpus")
    reading = read_paths([corpus])
    articles, _ = articles_frame(reading.records)
    assert len(articles) == 8 and not reading.problems, reading.problems

    dialogs: list[str] = []
    errors: list[str] = []
    hostile_url = urlencode({"q": PAYLOADS[1], "source": PAYLOADS[0], "actor": PAYLOADS[7], "from": "$x$",
                             "to": "<b class='dossier-xss'>", "type": PAYLOADS[8]})
    env = {"DOSSIER_CORPUS": str(corpus), "DOSSIER_READONLY": "0", "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full"}
    with serve(env) as base, browser() as chromium:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        page.set_default_timeout(240_000)

        page.goto(base + "/")
        settle(page)
        nav = page.locator('[data-testid="stSidebarNav"] a').evaluate_all("els => els.map(e => e.href)")
        paths = {"/", "/actors", "/timeline", "/quotes", "/articles"}
        paths |= {"/" + h.split("//", 1)[-1].split("/", 1)[-1].split("?")[0] for h in nav}
        assert {"/upload", "/downloads"} <= paths or len(paths) >= 6, f"sidebar pages: {sorted(paths)}"
        urls = [base + p for p in sorted(paths)]
        urls += [f"{base}{p}?{hostile_url}" for p in sorted(paths)]
        urls += [f"{base}/articles?article={a}" for a in articles["article_id"]]
        for actor in ("White House](https://md-link.invalid", "Vladimir Putin", "John"):
            urls.append(f"{base}/actors?actor={quote(actor)}")

        seen_text = ""
        hover_labels = 0
        for url in urls:
            page.goto(url)
            settle(page)
            where = url.removeprefix(base)
            check(page, where)
            hover_labels += hover_charts(page, where)
            if "/articles?article=" in url:
                seen_text += page.inner_text("body")
        downloaded = download_csv(page, base, "articles.csv")
        uploaded = upload_hostile_files(page, base)
        context.close()

    cells = [cell for row in downloaded[1:] for cell in row]
    assert len(downloaded) == 9, "a header and the 8 hostile articles"
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], "a formula cell in the CSV download"
    assert any(c.startswith("'=cmd|") for c in cells), "the formula-like headline is kept, defused"
    assert "1 article(s) read from 2 file(s)" in uploaded, uploaded[:500]
    assert hover_labels > 10, "the charts' hover labels were drawn and checked"
    assert not dialogs, dialogs
    assert not FINDINGS, "\n".join(dict.fromkeys(FINDINGS))
    assert not EXCEPTIONS_SEEN, "\n".join(dict.fromkeys(EXCEPTIONS_SEEN))
    assert not errors, errors
    # Not vacuous: the reader showed the payloads, as text.
    assert "<script>alert('xss-script')</script> We will cooperate [md link](javascript:alert('xss-md'))" in seen_text
    assert "onerror=\"alert('xss-img')\"" in seen_text
