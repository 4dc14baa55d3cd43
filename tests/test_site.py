"""The repo's own sample ward, built for real with strict MkDocs: content, links, determinism, size."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from generator.publish.build import build_site
from tests.conftest import FIXTURES, REPO, SEEDS, make_project
from tests.sitecheck import broken_links, third_party_resources, visible_text

SEED = SEEDS / "bach-quang-nq-hdnd-2025.txt"
TODAY = dt.date(2026, 11, 22)


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).replace("*", " ")
    return [w.casefold() for w in re.findall(r"\w+", text)]


def test_sample_builds_strict_with_no_broken_links(sample_site: Path) -> None:
    site = sample_site / "site"
    assert (site / "index.html").is_file()
    assert broken_links(site) == []


def test_sample_site_requests_nothing_from_other_hosts(sample_site: Path) -> None:
    assert third_party_resources(sample_site / "site") == []


def test_every_word_of_the_real_resolution_is_on_its_page(sample_site: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    page = sample_site / "site" / "van-ban" / "nq-dan-chu-co-so-bach-quang" / "index.html"
    shown = _words(visible_text(page))
    missing = sorted(set(_words(seed)) - set(shown))
    assert missing == []
    # The body, from the first legal basis to the signer, appears in order.
    body = _words(seed[seed.index("Căn cứ"):])
    position = 0
    for word in body:
        position = shown.index(word, position) + 1


def test_sample_resolution_has_every_article_clause_and_point(sample_site: Path) -> None:
    html = (sample_site / "site" / "van-ban" / "nq-dan-chu-co-so-bach-quang" / "index.html").read_text(encoding="utf-8")
    for anchor in ["dieu-1", "dieu-5", "dieu-1-khoan-2-diem-b", "dieu-2-khoan-2-diem-dd", "dieu-2-khoan-2-diem-e", "dieu-4-khoan-2"]:
        assert f'id="{anchor}"' in html
    assert "Đặng Dương Thảo" in html


def test_sample_marks_illustrative_items(sample_site: Path) -> None:
    data = REPO / "data"
    illustrative = [p for p in (data / "cong-khai").rglob("*.yaml") if yaml.safe_load(p.read_text(encoding="utf-8")).get("illustrative")]
    assert illustrative, "the sample should contain illustrative disclosures"
    for path in illustrative:
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        html = (sample_site / "site" / "cong-khai" / item["id"] / "index.html").read_text(encoding="utf-8")
        assert 'class="ck-illustrative"><strong>Dữ liệu minh họa</strong>' in html
    real = (sample_site / "site" / "van-ban" / "nq-dan-chu-co-so-bach-quang" / "index.html").read_text(encoding="utf-8")
    assert "ck-illustrative" not in real


def test_home_heading_keeps_the_ward_name_capitalised(sample_site: Path) -> None:
    html = (sample_site / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Phường Bách Quang</h1>", html), re.search(r"<h1.*?</h1>", html).group(0)


def test_about_page_links_to_related_agencies(sample_site: Path) -> None:
    html = (sample_site / "site" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    site = yaml.safe_load((REPO / "data" / "site.yaml").read_text(encoding="utf-8"))
    assert len(site["links"]) >= 3
    for link in site["links"]:
        assert f'<a href="{link["url"]}">{link["title"]}</a>' in html


def test_sample_covers_all_fourteen_categories(sample_site: Path) -> None:
    categories = {yaml.safe_load(p.read_text(encoding="utf-8"))["category"] for p in (REPO / "data" / "cong-khai").rglob("*.yaml")}
    assert categories == set(range(1, 15))


def test_site_text_is_nfc(sample_site: Path) -> None:
    for page in (sample_site / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), page


def test_two_builds_produce_identical_markdown(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a", REPO / "data")
    second = make_project(tmp_path / "b", REPO / "data")
    build_site(first, TODAY)
    build_site(second, TODAY)
    files_a = {p.relative_to(first / "site_src"): p.read_bytes() for p in (first / "site_src").rglob("*") if p.is_file()}
    files_b = {p.relative_to(second / "site_src"): p.read_bytes() for p in (second / "site_src").rglob("*") if p.is_file()}
    assert files_a == files_b
    assert len(files_a) > 40


def _document_yaml(index: int) -> str:
    return (
        f"id: qd-{index:04d}-2026\ntype: quyet_dinh\nnumber: {index}/QĐ-UBND\nissuer: Ủy ban nhân dân xã Mẫu Thử\n"
        f"title: Quyết định số {index} về việc thử tải\nadopted_on: 2026-0{1 + index % 9}-1{index % 10}\n"
        "articles:\n  - number: 1\n    title: Nội dung\n    paragraphs: [Giao các bộ phận thực hiện.]\n"
    )


def test_document_page_does_not_grow_with_the_number_of_documents(tmp_path: Path) -> None:
    small = make_project(tmp_path / "small", FIXTURES / "ward" / "data")
    large = make_project(tmp_path / "large", FIXTURES / "ward" / "data")
    for index in range(1, 2001):
        (large / "data" / "van-ban" / f"qd-{index:04d}.yaml").write_text(_document_yaml(index), encoding="utf-8")
    build_site(small, TODAY)
    build_site(large, TODAY)
    page = Path("van-ban/nq-03-2026/index.html")
    small_bytes = (small / "site" / page).read_bytes()
    large_bytes = (large / "site" / page).read_bytes()
    assert len(large_bytes) == len(small_bytes)
    assert len(list((large / "site" / "van-ban").iterdir())) > 2000
