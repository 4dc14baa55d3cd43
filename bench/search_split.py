"""Index one built site again at several split thresholds, and measure each in Chromium.

    BENCH_KEEP=/tmp/site20k .venv/bin/python bench/bench.py 20000     (keeps the built site)
    .venv/bin/python bench/search_split.py /tmp/site20k 5000 8000 100000

For each threshold (indexed pages above which the index is split by year, see
generator/publish/search_bundles.py; a threshold above the unit's pages gives the one index of a
small unit): the index is written again in place with that threshold, Pagefind's peak RSS per bundle
measured under /usr/bin/time, then bench.py's queries run in a fresh Chromium each: the bytes of the
default search, the bytes "Tìm cả các năm trước" adds, and the results shown. The results are
written to RESULTS-<threshold>.json beside the site, to compare the layouts. Method and figures:
bench/README.md, "One search at 20,000 items".
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import QUERIES, _measure_pagefind, _search_bytes  # noqa: E402
from tests.site_server import SiteServer  # noqa: E402
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def measure(site: Path, threshold: int) -> None:
    from playwright.sync_api import sync_playwright

    from generator.publish import search, search_bundles
    from generator.publish.search_chunks import rechunk

    for script in ("search.js", "excerpt.js"):  # search.js imports excerpt.js
        shutil.copy(REPO / "generator" / "publish" / "site" / "theme" / "assets" / script, site / "assets" / script)
    peaks: list = []
    _measure_pagefind(peaks)
    start = time.perf_counter()
    search_bundles.index_bundles(site, search.run_pagefind, rechunk, limit=threshold)
    seconds = time.perf_counter() - start
    layout = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    print(f"threshold {threshold}: indexed in {seconds:.0f} s; bundles {json.dumps(layout)}")
    print("  Pagefind peak RSS: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks), flush=True)
    with SiteServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        searches = {query: _search_bytes(browser, server.url, query) for query in QUERIES}
        browser.close()
    results = {}
    for query, (_, kinds, fetches, shown, every) in searches.items():
        more = f"; all years adds {sum(every[0].values()) / 1024:.1f} KB" if every else ""
        print(f"  {query!r:26} {sum(kinds.values()) / 1024:6.1f} KB in {fetches} requests{more}")
        results[query] = {"default": shown, "all years": every[2] if every else shown}
    (site.parent / f"RESULTS-{threshold}.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    for value in sys.argv[2:]:
        measure(Path(sys.argv[1]), int(value))
