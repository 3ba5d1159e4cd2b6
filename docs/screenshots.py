"""Screenshots of the dashboard for the README, taken in Debian's headless Chromium.

    python docs/screenshots.py            # serves the app on seeds/ and writes docs/*.png

Each shot opens a shared link, exactly as a reader of a report would.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from served_app import browser, serve  # noqa: E402

SHOTS = {
    "timeline": ("/timeline?actor=Kim+Jong+Un&from=2023-07-01&to=2023-09-30", ".js-plotly-plot .point"),
    "quotes": ("/quotes?actor=Oleksandr+Kovalenko", "[data-testid='stMarkdown']"),
    "actors": ("/actors?from=2023-01-01", ".js-plotly-plot"),
    "overview": ("/", ".js-plotly-plot"),
}


def main() -> None:
    with serve({"DOSSIER_STORE": "", "DOSSIER_READONLY": "0"}) as base, browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
        for name, (path, ready) in SHOTS.items():
            page.goto(base + path)
            page.wait_for_selector(ready, state="attached", timeout=300_000)
            page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=300_000)
            page.wait_for_timeout(1500)
            out = ROOT / "docs" / f"{name}.png"
            page.screenshot(path=str(out))
            print(f"{base}{path} -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
