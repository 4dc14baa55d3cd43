"""Benchmark: one search on the province portal, at province scale.

    .venv/bin/python bench/province_search.py UNITS ITEMS      (e.g. 92 200)

Builds a generated province (bench/province.py's make_province: UNITS units of Thái Nguyên, each the
fixture ward with ITEMS bench items of its own: another random seed per unit) with `congkhai province build`, serves the build folder with gzip
(tests/site_server.py) and measures in headless Chromium, for each of bench/bench.py's QUERIES, the
bytes one query downloads (a fresh browser each time: engine, index chunks, fragments, filters) and
the results shown, for the two layouts the issue asks to compare:

- "one index": the province's own index (every unit's pages, with a unit filter), from its search
  page, as a citizen uses it;
- "merged": every unit's own index added to one search with Pagefind's `mergeIndex` (what the
  province page would do without an index of its own).

Method and figures: bench/README.md, "Province-wide search".
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import QUERIES  # noqa: E402
from province import TODAY, make_province  # noqa: E402

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.site_server import SiteServer  # noqa: E402

MERGED = """async ([bundles, query]) => {
  const pagefind = await import(bundles[0] + "pagefind.js");
  await pagefind.options({ basePath: bundles[0] });
  for (const other of bundles.slice(1)) { await pagefind.mergeIndex(other); }
  const search = await pagefind.search(query);
  const shown = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  return [search.results.length, shown.map((d) => d.url)];
}"""


def _kind(url: str) -> str:
    return next((k for k in ("index", "fragment", "filter") if f"/pagefind/{k}/" in url), "engine and metadata")


def _one_index(browser, base: str, query: str) -> tuple[dict, int, list[str]]:
    """The province search page: bytes by kind, requests, results shown."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(base + "tinh/tim-kiem/", wait_until="networkidle")
        seen: list = []
        tab.on("requestfinished", lambda request: seen.append(request))
        tab.fill("#q", query)
        tab.click("button[type=submit]")
        tab.wait_for_function("/^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('trang-thai').textContent)", timeout=300000)
        tab.wait_for_load_state("networkidle")
        shown = tab.eval_on_selector_all("#ket-qua li > a", "links => links.map(a => a.getAttribute('href'))")
        return _sizes(seen), len(seen), shown
    finally:
        context.close()


def _merged(browser, base: str, bundles: list[str], query: str) -> tuple[dict, int, list[str]]:
    """Every unit's own index merged into one search, from a blank page of the same server."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(base + "tinh/404.html")
        seen: list = []
        tab.on("requestfinished", lambda request: seen.append(request))
        _, shown = tab.evaluate(MERGED, [bundles, query])
        tab.wait_for_load_state("networkidle")
        return _sizes(seen), len(seen), shown
    finally:
        context.close()


def _sizes(requests) -> dict:
    kinds: dict[str, int] = {}
    for r in requests:
        if "/pagefind/" in r.url:
            kinds[_kind(r.url)] = kinds.get(_kind(r.url), 0) + r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
    return kinds


def main(units: int, items: int) -> None:
    from playwright.sync_api import sync_playwright

    from generator.province.project import load_province
    from generator.province.run import run_build
    from generator.cli_province import _publish_province

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "province"
        codes = make_province(root, units, items, varied=True)
        project = load_province(root)
        out = root / "build"
        state, _ = run_build(project, out, TODAY, 2)
        _publish_province(project, out, state, TODAY)
        pages = sum(1 for _ in (out / "tinh" / "pagefind" / "fragment").rglob("*.pf_fragment"))
        print(f"province of {len(codes)} units × {items} items; province index: {pages} pages", flush=True)
        with SiteServer(out, "/b/") as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            bundles = [f"{server.url}units/{code}/project/site/pagefind/" for code in codes]
            results = {}
            for label, run in (("one index", lambda q: _one_index(browser, server.url, q)),
                               ("merged", lambda q: _merged(browser, server.url, bundles, q))):
                for query in QUERIES:
                    kinds, fetches, shown = run(query)
                    results[(label, query)] = shown
                    parts = "  ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(kinds.items()))
                    print(f"{label:9} {sum(kinds.values()) / 1024:7.1f} KB in {fetches:3d} requests  {query!r:26} {parts}", flush=True)
            browser.close()
        # The same results? Both layouts' links, as (unit, page) pairs.
        prefixes = [(u.url, u.code) for u in project.units] + [(b.rsplit("pagefind/", 1)[0], c) for b, c in zip(bundles, codes)]
        prefixes += [(b.rsplit("pagefind/", 1)[0].split(str(server.url).split("/b/")[0], 1)[1], c) for b, c in zip(bundles, codes)]

        def pages(links: list[str]) -> list[tuple[str, str]]:
            return [next(((code, link[len(url):]) for url, code in prefixes if link.startswith(url)), ("?", link)) for link in links]

        for query in QUERIES:
            one, merged = pages(results[("one index", query)]), pages(results[("merged", query)])
            print(f"{query!r:26} results shown: one index {len(one)}, merged {len(merged)}; in both: {len(set(one) & set(merged))}")
        print("results: " + json.dumps({f"{k[0]}: {k[1]}": pages(v) for k, v in results.items()}, ensure_ascii=False))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(args[0] if args else 30, args[1] if len(args) > 1 else 200)
