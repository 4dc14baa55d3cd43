"""A large unit's search index split by year (generator/publish/search_bundles.py), in real Chromium.

The fixture ward with three resolutions about cemeteries (2021, 2022, 2026) is built with the split
threshold lowered to SPLIT, so it counts as a large unit: the newest years (2025–2026) and the pages
without a year are in pagefind/, 2021–2022 in pagefind/nam-2021-2022/.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, TODAY, block_other_hosts, make_project
from tests.site_server import SiteServer

SPLIT = 9  # the fixture's 8 pages without a year or of 2025–2026, and the 2026 resolution below


def _resolution(ident: str, number: str, year: int, title: str) -> str:
    return (
        f"id: {ident}\ntype: nghi_quyet\nnumber: {number}\nissuer: Hội đồng nhân dân xã Mẫu Thử\n"
        f"title: {title}\nadopted_on: {year}-03-10\neffective_on: {year}-03-20\n"
        f"paragraphs: [Quy định việc quản lý, sử dụng nghĩa trang nhân dân của xã.]\n"
    )


RESOLUTIONS = {
    "nq-05-2021": _resolution("nq-05-2021", "05/2021/NQ-HĐND", 2021, "Về quản lý nghĩa trang thôn Đồng năm 2021"),
    "nq-07-2022": _resolution("nq-07-2022", "07/2022/NQ-HĐND", 2022, "Về mở rộng nghĩa trang thôn Hai năm 2022"),
    "nq-09-2026": _resolution("nq-09-2026", "09/2026/NQ-HĐND", 2026, "Về chỉnh trang nghĩa trang thôn Một năm 2026"),
}


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> Path:
    from generator.publish import search_bundles
    from generator.publish.build import build_site

    project = make_project(tmp_path_factory.mktemp("split") / "ward", FIXTURES / "ward" / "data")
    for name, text in RESOLUTIONS.items():
        (project / "data" / "van-ban" / f"{name}.yaml").write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_bundles, "SPLIT_PAGES", SPLIT)
        build_site(project, dt.date.fromisoformat(TODAY))
    return project / "site"


@pytest.fixture(scope="module")
def split_server(split_site: Path):
    with SiteServer(split_site, "/phuong/") as running:
        yield running


def _bundle_pages(bundle: Path) -> list[str]:
    """The page addresses a re-chunked Pagefind bundle lists (its fragments' urls)."""
    from generator.publish.search_chunks import _read

    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _read(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    return [_read_fragment(bundle / "fragment" / f"{page[0]}.pf_fragment")["url"] for page in meta[1]]


def _read_fragment(path: Path) -> dict:
    import gzip

    data = gzip.decompress(path.read_bytes())
    return json.loads(data[len(b"pagefind_dcd"):])


def test_bundles_partition_the_indexed_pages(split_site: Path) -> None:
    from generator.publish.search_bundles import indexed_pages

    layout = json.loads((split_site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert layout == {"years": ["2026", "2025"], "older": [{"path": "nam-2021-2022/", "years": ["2022", "2021"]}]}
    main = _bundle_pages(split_site / "pagefind")
    older = _bundle_pages(split_site / "pagefind" / "nam-2021-2022")
    pages = indexed_pages(split_site)
    expected = sorted("/" + rel.removesuffix("index.html") for rel in pages)
    assert sorted(main + older) == expected  # none lost, none twice
    assert len(set(main + older)) == len(main) + len(older)
    assert sorted(older) == ["/van-ban/nq-05-2021/", "/van-ban/nq-07-2022/"]
    assert "/van-ban/nq-09-2026/" in main
    assert all(pages[rel] in (None, "2025", "2026") for rel in pages if "/" + rel.removesuffix("index.html") in main)


def test_pagefind_reads_only_the_indexed_pages_of_an_unsplit_unit(sample_site: Path, tmp_path: Path) -> None:
    import shutil

    from generator.publish.search import run_pagefind
    from generator.publish.search_bundles import index_bundles, indexed_pages
    from generator.publish.search_chunks import rechunk

    site = tmp_path / "site"
    shutil.copytree(sample_site / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    given: list[list[str]] = []

    def run(folder: Path, output: Path) -> None:
        given.append(sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()))
        run_pagefind(folder, output)

    index_bundles(site, run, rechunk)
    pages = indexed_pages(site)
    assert given == [sorted(pages)]  # one run, over the indexed pages and nothing else
    assert len(pages) < len(list(site.rglob("*.html"))) - 20  # lists, feeds' pages, 404: not given
    assert sorted(_bundle_pages(site / "pagefind")) == sorted("/" + rel.removesuffix("index.html") for rel in pages)
    assert not list(tmp_path.glob(".ck-index-*"))  # the folder of links is gone


def _decoded_index(bundle: Path) -> tuple[dict, dict, dict]:
    """A Pagefind bundle as written by Pagefind (not re-chunked), keyed by page address rather than by
    Pagefind's page numbers and hashes: (fragments, words with their pages and positions, filters)."""
    from generator.publish.search_chunks import _read

    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _read(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    fragments = {}
    for page in meta[1]:
        fragment = _read_fragment(bundle / "fragment" / f"{page[0]}.pf_fragment")
        fragments[fragment["url"]] = fragment
    urls = list(fragments)

    def pages(rows: list) -> list:
        return sorted((urls[row[0]], tuple(row[1])) for row in rows)

    words = {}
    for row in meta[2]:
        for word in _read(bundle / "index" / f"{row[2]}.pf_index")[0]:
            words[word[0]] = (pages(word[1]), sorted((form[0], tuple(pages(form[1]))) for form in word[2]))
    filters = {}
    for name, file_hash in meta[3]:
        values = _read(bundle / "filter" / f"{file_hash}.pf_filter")[1]
        filters[name] = {value[0]: sorted(urls[i] for i in value[1]) for value in values}
    return fragments, words, filters


def test_pagefind_given_only_the_indexed_part_of_each_page_writes_the_same_index(sample_site: Path, tmp_path: Path) -> None:
    import os

    from generator.publish.search import run_pagefind
    from generator.publish.search_bundles import _mirror, indexed_pages, indexed_part

    site = sample_site / "site"
    pages = sorted(indexed_pages(site))
    whole = tmp_path / "whole"
    for rel in pages:
        (whole / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(site / rel, whole / rel)
    run_pagefind(whole, tmp_path / "from-pages")
    with _mirror(site, pages) as parts:
        sizes = {rel: (parts / rel).stat().st_size for rel in pages}
        run_pagefind(parts, tmp_path / "from-parts")
    # The theme's header, menus and footer are left out of every page.
    assert all(sizes[rel] < (site / rel).stat().st_size for rel in pages)
    assert sum(sizes.values()) < sum((site / rel).stat().st_size for rel in pages) / 2
    from_pages, from_parts = _decoded_index(tmp_path / "from-pages"), _decoded_index(tmp_path / "from-parts")
    assert from_parts[0] == from_pages[0]  # every page: address, title, text, metadata, filters, anchors
    assert from_parts[1] == from_pages[1]  # every word: the pages it is on, its positions and weights
    assert from_parts[2] == from_pages[2]
    assert len(from_parts[0]) == len(pages) and "dân" in {form for form, _ in from_parts[1]["dan"][1]}

    # A page laid out otherwise (a unit's own theme) is given to Pagefind whole.
    page = (site / pages[0]).read_bytes()
    assert indexed_part(page) is not None
    assert indexed_part(page.replace(b'<div class="ck-index"', b'<div class="mine"')) is None
    assert indexed_part(page.replace(b"<div data-pagefind-body>", b"<main data-pagefind-body>")) is None


def test_results_quote_the_page_not_its_feedback_and_print_links(sample_site: Path) -> None:
    # The "Góp ý" links (one per article) and the "In bản niêm yết" line are on every page: indexed,
    # they matched every query for "gop y" and began every result's excerpt.
    fragments = [_read_fragment(path) for path in (sample_site / "site" / "pagefind" / "fragment").rglob("*.pf_fragment")]
    disclosures = [f for f in fragments if f["url"].startswith("/cong-khai/") and f["url"].count("/") == 3]
    documents = [f for f in fragments if f["url"].startswith("/van-ban/") and "Điều 1" in f["content"]]
    assert disclosures and documents
    for fragment in fragments:
        assert "Góp ý về Điều" not in fragment["content"] and "In bản niêm yết" not in fragment["content"], fragment["url"]
        assert not fragment["content"].startswith(fragment["meta"]["title"] + ". Góp ý"), fragment["url"]
    page = (sample_site / "site" / disclosures[0]["url"].strip("/") / "index.html").read_text(encoding="utf-8")
    assert "In bản niêm yết" in page and "Góp ý</a>" in page  # still on the page itself


def test_plan_groups_older_years_within_the_limit() -> None:
    from generator.publish.search_bundles import plan

    pages = {f"{year}-{n}.html": str(year) for year in range(2018, 2027) for n in range(3)} | {"a.html": None, "b.html": None}
    bundles = plan(pages, 8)
    assert [(b.folder, b.years, len(b.pages)) for b in bundles] == [
        ("", ["2026", "2025"], 8),
        ("nam-2023-2024", ["2024", "2023"], 6),
        ("nam-2021-2022", ["2022", "2021"], 6),
        ("nam-2019-2020", ["2020", "2019"], 6),
        ("nam-2018", ["2018"], 3),
    ]
    assert sorted(p for b in bundles for p in b.pages) == sorted(pages)
    assert [b.folder for b in plan(pages, len(pages))] == [""]  # at the threshold: one bundle
    big = {f"x{n}.html": "2026" for n in range(10)} | {f"y{n}.html": "2025" for n in range(10)}
    assert [(b.folder, len(b.pages)) for b in plan(big, 7)] == [("", 10), ("nam-2025", 10)]  # a year is never cut


def _results(tab) -> list[str]:
    tab.wait_for_function("() => /^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('ck-status').textContent)")
    return tab.eval_on_selector_all("#ck-results li > a", "links => links.map(a => a.pathname.slice('/phuong/'.length))")


@pytest.fixture
def tab(browser, split_server):
    context = browser.new_context()
    foreign = block_other_hosts(context, split_server.url)
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not foreign, f"requests to another host: {foreign}"
    assert not errors, f"console errors: {errors}"


def test_default_search_reads_the_newest_years_and_the_button_adds_the_older(tab, split_server) -> None:
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(split_server.url + "tim-kiem/")
    tab.fill("#ck-q", "nghia trang")
    tab.press("#ck-q", "Enter")
    assert _results(tab) == ["van-ban/nq-09-2026/"]
    assert tab.inner_text("#ck-scope") == "Đang tìm trong các năm 2025–2026. Tìm cả các năm trước"
    assert not [url for url in requested if "/nam-2021-2022/" in url]  # the older bundle is not downloaded
    tab.click("#ck-every-year")
    tab.wait_for_function("() => document.getElementById('ck-scope').textContent === 'Đã tìm trong tất cả các năm.'")
    shown = _results(tab)
    assert sorted(shown) == ["van-ban/nq-05-2021/", "van-ban/nq-07-2022/", "van-ban/nq-09-2026/"], shown
    assert tab.inner_text("#ck-status") == "Tìm thấy 3 kết quả cho “nghia trang”."
    # Accented: the exact forms first, across every bundle; the words marked in each summary.
    tab.fill("#ck-q", "nghĩa trang")
    tab.press("#ck-q", "Enter")
    tab.wait_for_function("() => /“nghĩa trang”/.test(document.getElementById('ck-status').textContent)")
    assert len(_results(tab)) == 3
    assert tab.eval_on_selector_all("#ck-results li p mark", "marks => marks.length") >= 3


def test_a_year_filter_searches_that_years_bundle(tab, split_server) -> None:
    tab.goto(split_server.url + "tim-kiem/?q=nghia%20trang&year=2021")
    assert _results(tab) == ["van-ban/nq-05-2021/"]
    assert tab.inner_text("#ck-scope") == "Đã tìm trong năm 2021."
    tab.select_option("#ck-f-year", "2026")
    tab.wait_for_function("() => document.getElementById('ck-scope').textContent === 'Đã tìm trong năm 2026.'")
    assert _results(tab) == ["van-ban/nq-09-2026/"]


def test_an_old_document_is_found_by_its_number_in_its_year(tab, split_server) -> None:
    tab.goto(split_server.url + "tim-kiem/?q=05%2F2021%2FNQ-H%C4%90ND&year=2021")
    assert _results(tab)[0] == "van-ban/nq-05-2021/"
    tab.goto(split_server.url + "tim-kiem/?q=05%2F2021")
    assert "van-ban/nq-05-2021/" not in _results(tab)  # not in the newest years
    tab.click("#ck-every-year")
    tab.wait_for_function("() => document.getElementById('ck-scope').textContent === 'Đã tìm trong tất cả các năm.'")
    assert _results(tab)[0] == "van-ban/nq-05-2021/"
