"""What only a browser shows: search, accessibility, a phone-sized screen, print, page weight.

Headless Debian chromium driven by Playwright, one browser for the session, against the built
sample site served on 127.0.0.1 under the sub-path /phuong/ (the site must not assume its root).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, TODAY, make_project
from tests.site_server import SiteServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
EXTRA_DISCLOSURE = """\
id: dong-gop-duong-thon
category: 5
title: Công khai các khoản đóng góp xây dựng đường thôn năm 2026
external_document:
  title: Kế hoạch huy động đóng góp tự nguyện xây dựng đường thôn
  date: 2026-02-02
published_on: 2026-02-03
posted_from: 2026-02-03
posted_until: 2026-03-05
forms: [notice_board]
summary: Nhân dân tự nguyện đóng góp 350 triệu đồng làm đường thôn Một.
"""


def _build(project: Path) -> Path:
    from generator.build import build_site

    build_site(project, dt.date.fromisoformat(TODAY))
    return project


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The sample ward built once; the fixture ward (plus one item) while data/ does not pass check."""
    from generator.problems import DataProblems

    try:
        return _build(make_project(tmp_path_factory.mktemp("browser") / "sample", REPO / "data"))
    except DataProblems:
        project = make_project(tmp_path_factory.mktemp("browser") / "ward", FIXTURES / "ward" / "data")
        (project / "data" / "cong-khai" / "dong-gop-duong-thon.yaml").write_text(EXTRA_DISCLOSURE, encoding="utf-8")
        return _build(project)


@pytest.fixture(scope="session")
def server(site: Path):
    with SiteServer(site / "site", "/phuong/") as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (run `make chromium` as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that fails the test on any request to another host."""
    context = browser.new_context()
    foreign: list[str] = []

    def guard(route):
        if route.request.url.startswith(server.url.split("/phuong/")[0]):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    yield tab
    context.close()
    assert not foreign, f"requests to another host: {foreign}"


ALL_RESULTS = """async (query) => {
  const form = document.querySelector("form.ck-search");
  const pagefind = await import(new URL(form.dataset.pagefind, document.baseURI).href);
  const search = await pagefind.search(query);
  return Promise.all(search.results.map((r) => r.data().then((d) => new URL(d.url, location.href).pathname)));
}"""


def _search(page, server, query: str) -> tuple[list[str], list[str]]:
    """Run a query on the search page; return the links shown and every match, site-relative."""
    page.goto(server.url + "tim-kiem/")
    page.fill("#ck-q", query)
    page.press("#ck-q", "Enter")
    page.wait_for_function("/^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('ck-status').textContent)")
    shown = page.eval_on_selector_all("#ck-results li > a", "links => links.map(a => a.pathname)")
    every = page.evaluate(ALL_RESULTS, query)
    assert all(h.startswith("/phuong/") for h in shown + every), shown
    return [h[len("/phuong/"):] for h in shown], sorted(h[len("/phuong/"):] for h in every)


def _with_phrase(site: Path, phrase: str) -> set[str]:
    """Return the indexed pages whose text holds the phrase as written (accented)."""
    found = set()
    for html in (site / "site").rglob("index.html"):
        rel = html.parent.relative_to(site / "site").as_posix() + "/"
        if "data-pagefind-body" in html.read_text(encoding="utf-8") and phrase in _indexed_text(site, rel):
            found.add(rel)
    return found


def _indexed_text(site: Path, rel: str) -> str:
    """Return the lowercased text Pagefind indexes on a page (its data-pagefind-body)."""
    from generator.search import plain_text

    text = (site / "site" / rel / "index.html").read_text(encoding="utf-8")
    body = text.split("data-pagefind-body>", 1)[1].split('<div class="ck-index"', 1)[0]
    return plain_text(body).lower()


@pytest.mark.parametrize("query, accented", [
    ("nghi quyet", "nghị quyết"),
    ("dan chu", "dân chủ"),
    ("dong gop", "đóng góp"),
])
def test_unaccented_query_finds_accented_text(page, server, site, query, accented) -> None:
    _, unaccented = _search(page, server, query)
    exact, every = _search(page, server, accented)
    expected = _with_phrase(site, accented)
    assert expected, f"the test site has no indexed page containing {accented!r}"
    assert expected <= set(unaccented), f"{query!r} missed {expected - set(unaccented)}"
    assert unaccented == every
    # Pagefind also matches other accents ("dẫn" for "dân"): pages with the words as typed come first
    words = accented.split()
    as_typed = [all(w in _indexed_text(site, rel) for w in words) for rel in exact]
    assert as_typed[0] and as_typed == sorted(as_typed, reverse=True), list(zip(exact, as_typed))


def test_search_results_show_type_date_and_category(page, server) -> None:
    import re

    _search(page, server, "ngan sach")
    lines = page.eval_on_selector_all("#ck-results li .ck-sub", "spans => spans.map(s => s.textContent)")
    assert lines and all(lines)
    assert any(re.fullmatch(r"Thông tin công khai · \d\d/\d\d/\d{4} · Mục \d+: .+", line) for line in lines), lines
