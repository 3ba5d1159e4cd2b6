"""Many viewers: concurrent headless-Chromium sessions changing filters on one served dashboard.

    python bench/load.py                              # 8 sessions x 10 filter changes on seeds/, read-only
    python bench/load.py --sessions 2 --changes 3     # a quick look while developing

Serves ``dashboard.py`` (``tests/served_app.serve``), loads it once to warm the analysis cache (not
timed), then opens one browser context per viewer, each on a different page (overview, actors,
timeline, quotes, articles), and has all of them change filters at the same time through the
sidebar widgets: a search word (``q``), an actor picked from the list, and "Clear filters", in turn.
A change is timed from the key press or click to the updated view: the filter sentence at the top of
the page shows the new filter and the script has finished its run.

Errors (must be none): a change that does not show within the timeout, a Streamlit exception
element, a JavaScript error in the page, or a dialog. Prints each session's figures, then the
median, 95th percentile and maximum over every change, and exits non-zero on any error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.served_app import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402

PAGES = ["/", "/actors", "/timeline", "/quotes", "/articles"]
WORDS = ["government", "said", "president", "market", "report", "year", "police", "minister", "company", "war"]
# The kind of each of the (up to 10, then repeated) changes; every step changes the filter state.
PLAN = ["q", "actor", "clear", "q", "actor", "q", "clear", "actor", "q", "clear"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SENTENCE_JS = """() => {
  const el = document.querySelector('[data-testid="stMain"] [data-testid="stMarkdownContainer"] strong');
  return el ? el.innerText : null;
}"""
UPDATED_JS = """(before) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const el = document.querySelector('[data-testid="stMain"] [data-testid="stMarkdownContainer"] strong');
  return app && app.getAttribute('data-test-script-state') === 'notRunning' && el && el.innerText !== before;
}"""
EXCEPTIONS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stException"]'))
  .map(e => e.innerText.slice(0, 200))"""


@dataclass
class Session:
    index: int
    page: str
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _settle(page, timeout: float) -> None:
    await page.wait_for_selector(IDLE, timeout=timeout)
    await page.wait_for_timeout(300)
    await page.wait_for_selector(IDLE, timeout=timeout)


async def _change(page, kind: str, step: int, session: int) -> float:
    """Make one filter change and return the time at which it was committed (the key press or click)."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    if kind == "q":
        box = sidebar.locator('input[aria-label="Search"]')
        await box.fill(WORDS[(session + step) % len(WORDS)])
        start = time.perf_counter()
        await box.press("Enter")
        return start
    if kind == "actor":
        box = sidebar.locator('[data-testid="stMultiSelect"]').first.locator("input")
        await box.click()
        for _ in range(session % 4 + step % 3):
            await page.keyboard.press("ArrowDown")
        start = time.perf_counter()
        await page.keyboard.press("Enter")
        return start
    button = sidebar.get_by_role("button", name="Clear filters")
    start = time.perf_counter()
    await button.click()
    return start


async def _viewer(browser, base: str, session: Session, changes: int, timeout: float) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda e: session.errors.append(f"page error: {e}"))
    page.on("dialog", lambda d: (session.errors.append(f"dialog: {d.message}"), asyncio.ensure_future(d.dismiss())))
    try:
        await page.goto(base + session.page, timeout=timeout)
        await _settle(page, timeout)
        for step in range(changes):
            kind = PLAN[step % len(PLAN)]
            before = await page.evaluate(SENTENCE_JS)
            if before is None:
                session.errors.append(f"step {step}: no filter sentence on {session.page}")
                break
            try:
                start = await _change(page, kind, step, session.index)
                await page.wait_for_function(UPDATED_JS, arg=before, timeout=timeout, polling=50)
                session.times.append(time.perf_counter() - start)
            except Exception as exc:  # a timeout is an error of the run, not of the benchmark
                session.errors.append(f"step {step} ({kind}): {type(exc).__name__}: {str(exc).splitlines()[0]}")
            if kind == "actor":  # close the option list, or the next click only closes it
                await page.keyboard.press("Escape")
                await page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.locator(
                    "input").blur()
            found = await page.evaluate(EXCEPTIONS_JS)
            session.errors.extend(f"step {step} ({kind}): exception: {e}" for e in found)
    finally:
        await context.close()


async def _run(base: str, sessions: int, changes: int, timeout: float) -> tuple[list[Session], float, float]:
    from playwright.async_api import async_playwright

    path = chromium_path()
    if not path:
        raise SystemExit("Debian's chromium is not installed: apt-get install chromium")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            warm = Session(-1, "/")
            started = time.perf_counter()
            await _viewer(browser, base, warm, 0, timeout)
            warm_s = time.perf_counter() - started
            if warm.errors:
                raise SystemExit(f"the dashboard did not load: {warm.errors}")
            runs = [Session(i, PAGES[i % len(PAGES)]) for i in range(sessions)]
            started = time.perf_counter()
            await asyncio.gather(*(_viewer(browser, base, s, changes, timeout) for s in runs))
            wall = time.perf_counter() - started
        finally:
            await browser.close()
    return runs, warm_s, wall


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (the value below which ``q`` percent of the changes fall)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def run(*, sessions: int = 8, changes: int = 10, corpus: str = str(ROOT / "seeds"), readonly: bool = True,
        timeout: float = 120.0, verbose: bool = True) -> dict:
    """Serve the app on ``corpus``, run the viewers, and return the figures (``errors`` must be 0)."""
    env = {"DOSSIER_CORPUS": corpus, "DOSSIER_READONLY": "1" if readonly else "0"}
    load_before = os.getloadavg()[0]  # other work on the machine, before this benchmark adds its own
    with serve(env, timeout=300) as base:
        runs, warm_s, wall = asyncio.run(_run(base, sessions, changes, timeout * 1000))
    times = [t for s in runs for t in s.times]
    errors = [f"session {s.index} {s.page}: {e}" for s in runs for e in s.errors]
    if verbose:
        for s in runs:
            med = statistics.median(s.times) if s.times else float("nan")
            print(f"session {s.index} {s.page:<10} changes {len(s.times):>2}  median {med:5.2f}s  "
                  f"max {max(s.times, default=float('nan')):5.2f}s  errors {len(s.errors)}")
        for e in errors:
            print("  error:", e)
    return {
        "sessions": sessions, "changes_per_session": changes, "corpus": Path(corpus).name, "readonly": readonly,
        "cpus": os.cpu_count(), "load_average_before": round(load_before, 2), "first_load_s": round(warm_s, 2),
        "wall_s": round(wall, 2), "changes_timed": len(times), "errors": len(errors), "error_list": errors,
        "median_s": round(statistics.median(times), 3) if times else None,
        "p95_s": round(percentile(times, 95), 3) if times else None,
        "max_s": round(max(times), 3) if times else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=8, help="concurrent browser sessions (default 8)")
    ap.add_argument("--changes", type=int, default=10, help="filter changes per session (default 10)")
    ap.add_argument("--corpus", default=str(ROOT / "seeds"), help="DOSSIER_CORPUS for the served app")
    ap.add_argument("--editable", action="store_true", help="serve without DOSSIER_READONLY=1")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds one change may take before it is an error")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)

    result = run(sessions=args.sessions, changes=args.changes, corpus=args.corpus, readonly=not args.editable,
                 timeout=args.timeout)
    print(f"{args.sessions} sessions x {args.changes} changes on {result['corpus']} ({result['cpus']} CPUs, "
          f"load average {result['load_average_before']} before): {result['changes_timed']} timed, {result['errors']} errors; "
          f"change -> updated view: median {result['median_s']}s, p95 {result['p95_s']}s, max {result['max_s']}s; "
          f"wall {result['wall_s']}s (first load {result['first_load_s']}s, not timed)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 1 if result["errors"] or result["changes_timed"] < args.sessions * args.changes else 0


if __name__ == "__main__":
    sys.exit(main())
