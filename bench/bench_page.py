"""First-load transfer size and Largest Contentful Paint of a results page, in Chromium.

Seeds a throwaway SQLite directory (demo profiles with generated avatars), serves it locally and
opens a Portland results page showing 20 cards (photos, offline basemap) in Debian's chromium:
bytes transferred on a cold load, then on the next search with the browser's cache, and LCP.
Figures are printed, never asserted.

    .venv/bin/python bench/bench_page.py [--count 3000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS, build_app, serve  # noqa: E402

FIRST = {"location": "Portland, OR", "condition": "depression"}
NEXT = {"location": "Portland, OR", "condition": "grief"}
LCP_JS = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(-1), 3000);
})"""


def measure(base: str, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    firsts, nexts, lcps, cards = [], [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            sizes: dict[str, int] = {}
            cdp.on(
                "Network.loadingFinished",
                lambda e, sizes=sizes: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
            )
            page.goto(base + "/search?" + urlencode(FIRST))
            page.wait_for_load_state("networkidle")
            lcps.append(page.evaluate(LCP_JS))
            cards.append(page.locator("ol.results > li").count())
            firsts.append(sum(sizes.values()))
            sizes.clear()
            page.goto(base + "/search?" + urlencode(NEXT))
            page.wait_for_load_state("networkidle")
            nexts.append(sum(sizes.values()))
            context.close()
        browser.close()
    print(f"cards on the page: {cards[0]}")
    print(f"first load transferred: {statistics.median(firsts) / 1024:.1f} kB (median of {runs})")
    print(f"next search transferred: {statistics.median(nexts) / 1024:.1f} kB (cache warm)")
    each = ", ".join(f"{v:.0f}" for v in lcps)
    print(f"LCP: {statistics.median(lcps):.0f} ms (median; runs {each})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import app.seeker.presenters as presenters

    presenters.PER_PAGE = 20  # the figure is for a page of 20 cards
    with tempfile.TemporaryDirectory(prefix="ipt-bench-page-") as tmp:
        app = build_app(Path(tmp), args.count)
        with app.app_context():
            from app.ops.avatars import add_avatars

            print(f"generated avatars: {add_avatars(0.6)}")
        server, base = serve(app)
        try:
            measure(base, args.runs)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
