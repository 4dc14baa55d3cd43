"""The text under a search result, in a real browser: only what the page shows, in its Vietnamese.

Every indexed page carries a hidden block (theme/main.html, <div class="ck-index">) with its
document number written the ways people type it and its words with đ folded to ASCII, so that
"dat dai" finds "đất đai". A query that matches only that block must not show it under the result.
The sample ward is built with one more resolution whose body (not its title or summary) says
"đất đai" and whose number's variants ("NQ17") are written nowhere on the page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY, block_other_hosts, make_project
from tests.site_server import SiteServer

RESOLUTION = """\
id: nq-17-2026-cho-phien
type: nghi_quyet
number: 17/2026/NQ-HĐND
issuer: Hội đồng nhân dân phường Bách Quang
title: Về tổ chức chợ phiên cuối tuần (văn bản kiểm thử)
adopted_on: 2026-03-10
effective_on: 2026-03-20
illustrative: true
paragraphs:
  - Tổ chức chợ phiên vào sáng thứ Bảy và Chủ nhật hằng tuần tại sân vận động phường, phục vụ Nhân dân mua bán nông sản và hàng thủ công của các tổ dân phố.
  - Giao Ủy ban nhân dân phường phối hợp với công chức địa chính rà soát hiện trạng đất đai khu chợ trước ngày 30 tháng 6 năm 2026.
"""
PAGE = "van-ban/nq-17-2026-cho-phien/"
WORD = re.compile(r"[^\W_]+")
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<p class=\"ck-print-url\">.*?</p>|<[^>]+>", re.S | re.I)  # the page's address prints only


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    import datetime as dt

    from generator.publish.build import build_site

    project = make_project(tmp_path_factory.mktemp("excerpt") / "sample", REPO / "data")
    (project / "data" / "van-ban" / "2026" / "nq-17-2026-cho-phien.yaml").write_text(RESOLUTION, encoding="utf-8")
    build_site(project, dt.date.fromisoformat(TODAY))
    return project / "site"


@pytest.fixture
def page(browser, site):
    with SiteServer(site, "/phuong/") as server:
        context = browser.new_context()
        foreign = block_other_hosts(context, server.url)
        tab = context.new_page()
        tab.site_url = server.url
        yield tab
        context.close()
        assert not foreign, f"requests to another host: {foreign}"


def _words(markup: str) -> set[str]:
    return set(WORD.findall(html.unescape(TAGS.sub(" ", markup))))


def hidden_only(site: Path) -> set[str]:
    """The words (as written, case kept) of the indexed pages' hidden blocks that no page shows."""
    shown: set[str] = set()
    hidden: set[str] = set()
    for path in site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        if '<div class="ck-index"' not in text:
            shown |= _words(text)
            continue
        before, after = text.split('<div class="ck-index"', 1)
        block, rest = after.split("</div>", 1)
        shown |= _words(before) | _words(rest)
        hidden |= _words(block)
    return hidden - shown


def results(page, query: str) -> dict[str, dict]:
    """Search on the unit's search page; each result's path with the text under it and its marks."""
    page.goto(page.site_url + "tim-kiem/")
    page.fill("#ck-q", query)
    page.press("#ck-q", "Enter")
    page.wait_for_function("() => /^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('ck-status').textContent)")
    shown = page.eval_on_selector_all("#ck-results li", """items => items.map(li => ({
        path: li.querySelector('a').pathname, text: li.querySelector('p').textContent,
        marks: [...li.querySelectorAll('p mark')].map(m => m.textContent)}))""")
    return {r["path"].removeprefix("/phuong/"): r for r in shown}


def test_an_unaccented_query_shows_the_accented_words_the_page_shows(page, site) -> None:
    assert {"dat", "dai", "NQ17", "kh", "KH41"} <= hidden_only(site)  # written only in hidden blocks
    found = results(page, "dat dai")
    assert PAGE in found, list(found)
    mine = found[PAGE]
    assert "công chức địa chính rà soát hiện trạng đất đai khu chợ" in mine["text"], mine
    assert mine["marks"] == ["đất", "đai"], mine
    hidden = hidden_only(site)
    for path, result in found.items():
        assert not set(WORD.findall(result["text"])) & hidden, (path, result["text"])


def test_an_accented_query_with_the_number_shows_the_visible_words(page, site) -> None:
    found = results(page, "đất đai NQ17")
    assert list(found) == [PAGE], list(found)
    mine = found[PAGE]
    assert "rà soát hiện trạng đất đai khu chợ" in mine["text"], mine
    assert mine["marks"] == ["đất", "đai"], mine
    assert not set(WORD.findall(mine["text"])) & hidden_only(site), mine


def test_a_query_matching_only_the_number_variants_shows_the_summary_unmarked(page, site) -> None:
    found = results(page, "NQ17")
    assert list(found) == [PAGE], list(found)
    mine = found[PAGE]
    # A document's summary is its title ("Về …"); no visible word is the query's: nothing marked.
    assert mine["text"] == "Về tổ chức chợ phiên cuối tuần (văn bản kiểm thử)", mine
    assert mine["marks"] == [], mine
    assert not set(WORD.findall(mine["text"])) & hidden_only(site), mine


def test_a_page_without_summary_shows_the_start_of_its_visible_text_after_its_title(page, site) -> None:
    # Every page of the sample has a summary; a unit's own pages may not. The resolution's real
    # search data, its summary taken away, through the same code the search page runs.
    page.goto(page.site_url + "tim-kiem/")
    text = page.evaluate("""async () => {
      const form = document.querySelector("form.ck-search");
      const pagefind = await import(new URL(form.dataset.pagefind, document.baseURI).href);
      const { queryWords, resultText } = await import(new URL("../assets/excerpt.js", form.baseURI).href);
      const [found] = (await pagefind.search("NQ17")).results;
      const data = await found.data();
      delete data.meta.summary;
      const p = document.createElement("p");
      p.append(...resultText(data, queryWords("NQ17")));
      return p.innerHTML;
    }""")
    # 24 words after the title "Nghị quyết số 17/2026/NQ-HĐND", nothing marked, then "…".
    assert text == "Về tổ chức chợ phiên cuối tuần (văn bản kiểm thử). Dữ liệu minh họa: nội dung này được tạo để minh họa cách …", text


def test_no_two_elements_texts_run_together_in_what_search_reads(site) -> None:
    """Table cells, a term and its description, a link and its grey line: Pagefind reads their texts
    with a space between them (render/pages.py, separate_words), so each word is found and a result's
    text reads as the page does, not "STTNội dungDự toán" or "năm 2026Đăng 07/05/2026"."""
    from tests.test_search_bundles import _read_fragment

    visible = {}
    for fragment in (site / "pagefind" / "fragment").rglob("*.pf_fragment"):
        data = _read_fragment(fragment)
        visible[data["url"].removeprefix("/")] = data["content"].split("␞")[0]
    assert len(visible) >= 40
    runs = [(url, text[max(0, i - 20):i + 20]) for url, text in visible.items() for i in range(len(text) - 1)
            if (text[i].islower() or text[i].isdigit()) and text[i + 1].isupper()]
    assert runs == []
    assert "STT Nội dung Dự toán năm 2026" in visible["cong-khai/du-toan-ngan-sach-2026/"]
    assert "Thời gian Từ ngày" in visible["lay-y-kien/du-thao-ke-hoach-phat-trien-2027/"]
    assert "Đơn vị Phường Bách Quang" in visible["gioi-thieu/"]
    assert re.search(r"năm 2026 Đăng \d\d/\d\d/2026", visible["van-ban/bc-ket-qua-lay-y-kien-chinh-trang-do-thi/"])
