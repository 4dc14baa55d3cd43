"""Benchmark: one search on the province portal, at province scale.

    .venv/bin/python bench/province_search.py UNITS ITEMS      (e.g. 92 200)

Builds a generated province (bench/province.py's make_province: UNITS units of Thái Nguyên, each the
fixture ward with ITEMS bench items of its own: another random seed per unit) with `congkhai province build`, serves the build folder with gzip
(tests/site_server.py) and measures in headless Chromium, for each of bench/bench.py's QUERIES, the
bytes one query downloads (a fresh browser each time: engine, index chunks, fragments, filters) and
the results shown, for these layouts:

- "one index": the province's own index in one bundle (every unit's pages, with a unit filter),
  from a copy of its search page (tinh-one/), indexed with the split threshold out of reach: the
  layout before the province index was split by year;
- "newest": the province's index as `congkhai province build` writes it, split by year above
  SPLIT_PAGES pages (generator/province/search.py), from its search page: the default search, which
  reads the newest years;
- "all years": the same browser after "Tìm cả các năm trước": what the default search downloaded
  plus what the button added (printed after "+"), i.e. one query over every year;
- "merged": every unit's own index added to one search with Pagefind's `mergeIndex` (what the
  province page would do without an index of its own).

Where the province is at or under SPLIT_PAGES pages its index is one bundle, "newest" is the same
layout as "one index" and "all years" is not measured.

Method and figures: bench/README.md, "Province-wide search".
"""

from __future__ import annotations

import json
import re
import shutil
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


KIND = re.compile(r"/pagefind/(?:nam-[\d-]+/)?(index|fragment|filter)/")
DONE = "/^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('trang-thai').textContent)"
SHOWN = "links => links.map(a => a.getAttribute('href'))"


def _kind(url: str) -> str:
    found = KIND.search(url)
    return found.group(1) if found else "engine and metadata"


def _search_page(browser, page: str, query: str) -> tuple[tuple[dict, int, list[str]], tuple[dict, int, list[str]] | None]:
    """A province search page: bytes by kind, requests and results shown of one query; then, where
    the index is split, the same for what "Tìm cả các năm trước" adds in the same browser, else None."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(page, wait_until="networkidle")
        seen: list = []
        tab.on("requestfinished", lambda request: seen.append(request))
        tab.fill("#q", query)
        tab.click("button[type=submit]")
        tab.wait_for_function(DONE, timeout=300000)
        tab.wait_for_load_state("networkidle")
        first = (_sizes(seen), len(seen), tab.eval_on_selector_all("#ket-qua li > a", SHOWN))
        every = None
        if tab.locator("#tim-ca-cac-nam").count():
            seen.clear()
            tab.click("#tim-ca-cac-nam")
            tab.wait_for_function("document.getElementById('pham-vi').textContent === 'Đã tìm trong tất cả các năm.'", timeout=300000)
            tab.wait_for_function(DONE, timeout=300000)
            tab.wait_for_load_state("networkidle")
            every = (_sizes(seen), len(seen), tab.eval_on_selector_all("#ket-qua li > a", SHOWN))
        return first, every
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
    from generator.province.search import index_province
    from generator.cli_province import _publish_province

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "province"
        codes = make_province(root, units, items, varied=True)
        project = load_province(root)
        out = root / "build"
        state, _ = run_build(project, out, TODAY, 2)
        _publish_province(project, out, state, TODAY)
        layout = json.loads((out / "tinh" / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
        # The same province in one bundle, as before the split: a copy of the search page, its own index.
        shutil.copytree(out / "tinh", out / "tinh-one", ignore=shutil.ignore_patterns("pagefind"))
        live = [(out / "units" / u.code / "project" / "site", u.url, u.unit.full_name) for u in project.units]
        index_province(live, out / "tinh-one" / "pagefind", limit=10**9)
        pages = sum(1 for _ in (out / "tinh-one" / "pagefind" / "fragment").rglob("*.pf_fragment"))
        print(f"province of {len(codes)} units × {items} items; province index: {pages} pages", flush=True)
        newest = sum(1 for _ in (out / "tinh" / "pagefind" / "fragment").rglob("*.pf_fragment"))
        older = ", ".join(f"{b['path']} {sum(1 for _ in (out / 'tinh' / 'pagefind' / b['path'] / 'fragment').rglob('*.pf_fragment'))}"
                          for b in layout["older"])
        print(f"split by year: newest years {layout['years'] or 'all (one bundle)'}: {newest} pages; older: {older or 'none'}", flush=True)
        with SiteServer(out, "/b/") as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            bundles = [f"{server.url}units/{code}/project/site/pagefind/" for code in codes]
            results = {}

            def show(label: str, query: str, kinds: dict, fetches: int, extra: str = "") -> None:
                parts = "  ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(kinds.items()))
                print(f"{label:9} {sum(kinds.values()) / 1024:7.1f} KB in {fetches:3d} requests  {query!r:26} {extra}{parts}", flush=True)

            for query in QUERIES:
                (kinds, fetches, shown), _ = _search_page(browser, server.url + "tinh-one/tim-kiem/", query)
                results[("one index", query)] = shown
                show("one index", query, kinds, fetches)
            for query in QUERIES:
                (kinds, fetches, shown), every = _search_page(browser, server.url + "tinh/tim-kiem/", query)
                results[("newest", query)] = shown
                show("newest", query, kinds, fetches)
                if every:
                    added, more, shown = every
                    results[("all years", query)] = shown
                    total = {k: kinds.get(k, 0) + added.get(k, 0) for k in kinds.keys() | added.keys()}
                    show("all years", query, total, fetches + more, f"(+{sum(added.values()) / 1024:.1f} KB after the button)  ")
            for query in QUERIES:
                kinds, fetches, shown = _merged(browser, server.url, bundles, query)
                results[("merged", query)] = shown
                show("merged", query, kinds, fetches)
            browser.close()
        # The same results? Both layouts' links, as (unit, page) pairs.
        prefixes = [(u.url, u.code) for u in project.units] + [(b.rsplit("pagefind/", 1)[0], c) for b, c in zip(bundles, codes)]
        prefixes += [(b.rsplit("pagefind/", 1)[0].split(str(server.url).split("/b/")[0], 1)[1], c) for b, c in zip(bundles, codes)]

        def pages(links: list[str]) -> list[tuple[str, str]]:
            return [next(((code, link[len(url):]) for url, code in prefixes if link.startswith(url)), ("?", link)) for link in links]

        for query in QUERIES:
            one, merged = set(pages(results[("one index", query)])), set(pages(results[("merged", query)]))
            split = {label: set(pages(results[(label, query)])) for label in ("newest", "all years") if (label, query) in results}
            also = "".join(f"; {label} {len(shown)}, of them in one index's {len(shown & one)}" for label, shown in split.items())
            print(f"{query!r:26} results shown: one index {len(one)}, merged {len(merged)}; in both: {len(one & merged)}{also}")
        print("results: " + json.dumps({f"{k[0]}: {k[1]}": pages(v) for k, v in results.items()}, ensure_ascii=False))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(args[0] if args else 30, args[1] if len(args) > 1 else 200)
