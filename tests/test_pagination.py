"""List pages are split so none grows with the unit's size: the first page keeps its address, later
pages sit below it, every page has a pager of constant size, and all links resolve on the built site."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path


from generator import paths
from generator.publish.build import build_site, generate
from tests.sitecheck import broken_links, visible_text

TODAY = dt.date(2026, 11, 22)


def _more_disclosures(ward: Path, count: int) -> None:
    """Copy the fixture's fee disclosure into `count` disclosures of the same category and year."""
    source = (ward / "data" / "cong-khai" / "phi-cho.yaml").read_text(encoding="utf-8")
    for i in range(count):
        (ward / "data" / "cong-khai" / f"phi-cho-{i:02d}.yaml").write_text(source.replace("id: phi-cho", f"id: phi-cho-{i:02d}", 1), encoding="utf-8")


def test_a_long_list_is_split_into_pages_of_fixed_size(ward: Path, monkeypatch) -> None:
    monkeypatch.setattr(paths, "LIST_PAGE_SIZE", 3)
    _more_disclosures(ward, 7)
    generated = generate(ward, TODAY)
    texts = generated.texts
    register = sorted(p for p in texts if p == paths.REGISTER or p.startswith("danh-muc-cong-khai/"))
    assert register == ["danh-muc-cong-khai.md", "danh-muc-cong-khai/trang-2.md", "danh-muc-cong-khai/trang-3.md", "danh-muc-cong-khai/trang-4.md"]
    rows = [len(re.findall(r"<tr><td><a href=", texts[p])) for p in register]
    assert rows == [3, 3, 3, 1]  # 10 disclosures
    assert "# Danh mục thông tin công khai (trang 2/4)" in texts["danh-muc-cong-khai/trang-2.md"]
    assert ('<nav class="ck-pager" aria-label="Các trang của danh sách">Trang 2/4: <a href="../" rel="prev">‹ Trang trước</a> '
            '<a href="../">1</a> <strong aria-current="page">2</strong> <a href="../trang-3/">3</a> <a href="../trang-4/">4</a> '
            '<a href="../trang-3/" rel="next">Trang sau ›</a></nav>') in texts["danh-muc-cong-khai/trang-2.md"]
    fees = paths.category_page(generated.portal.disclosures["phi-cho"].category)  # 8 fee disclosures in all
    assert [p for p in texts if p.startswith(fees[: -len(".md")] + "/")] == [paths.list_page(fees, 2), paths.list_page(fees, 3)]
    assert "<p>8 thông tin, mới nhất trước.</p>" in texts[paths.list_page(fees, 3)]


def test_the_pager_stays_the_same_size_however_long_the_list(ward: Path, monkeypatch) -> None:
    from generator.render.pages import _pager

    sizes = {len(re.findall(r"<a |<strong", _pager("x/trang-50.md", "x.md", 50, count))) for count in (100, 1000, 10000)}
    assert sizes == {9}  # previous, 1, 48–52 around the current 50, the last, next


def test_split_pages_build_with_every_link_resolving(ward: Path, monkeypatch) -> None:
    monkeypatch.setattr(paths, "LIST_PAGE_SIZE", 2)
    _more_disclosures(ward, 3)
    build_site(ward, TODAY)
    site = ward / "site"
    assert (site / "danh-muc-cong-khai" / "trang-3" / "index.html").is_file()
    assert "Danh mục thông tin công khai (trang 3/3)" in visible_text(site / "danh-muc-cong-khai" / "trang-3" / "index.html")
    assert broken_links(site) == []


MILITARY = """\
id: nhap-ngu-{n}
category: 10
title: Công khai tuyển chọn công dân nhập ngũ đợt {n} năm 2026
external_document:
  title: Kế hoạch tuyển chọn công dân nhập ngũ năm 2026
  date: 2026-01-20
published_on: 2026-01-2{n}
posted_from: 2026-01-2{n}
posted_until: 2026-02-2{n}
forms: [notice_board]
summary: Danh sách công dân đủ điều kiện nhập ngũ đợt {n}.
"""


def test_the_compliance_page_shows_a_few_findings_and_lists_the_rest_in_pages(ward: Path, monkeypatch) -> None:
    from generator.render import accountability

    monkeypatch.setattr(accountability, "FINDINGS_SHOWN", 1)
    monkeypatch.setattr(paths, "LIST_PAGE_SIZE", 2)
    for n in (1, 2):  # category 10 without loudspeaker or village heads: two notes each
        (ward / "data" / "cong-khai" / f"nhap-ngu-{n}.yaml").write_text(MILITARY.format(n=n), encoding="utf-8")
    texts = generate(ward, TODAY).texts
    compliance = texts[paths.COMPLIANCE]
    # Three budget reports are overdue in the fixture: one is shown, the three are listed on two pages.
    assert len(re.findall(r"<li>Chưa công khai tình hình thực hiện dự toán ngân sách", compliance)) == 1
    assert '<a href="can-khac-phuc/">Xem đủ 3 việc cần khắc phục</a>' in compliance
    assert '<a href="luu-y/">Xem đủ 4 lưu ý</a>' in compliance
    errors = [paths.COMPLIANCE_ERRORS, paths.list_page(paths.COMPLIANCE_ERRORS, 2)]
    assert sorted(p for p in texts if p.startswith("tinh-hinh-cong-khai/can-khac-phuc")) == sorted(errors)
    listed = [m for page in errors for m in re.findall(r"<li>Chưa công khai tình hình thực hiện dự toán ngân sách (\d+) tháng", texts[page])]
    assert listed == ["3", "6", "9"]
    assert "# Cần khắc phục (trang 2/2)" in texts[errors[1]]
    notes = [p for p in texts if p.startswith("tinh-hinh-cong-khai/luu-y")]
    assert sorted(notes) == [paths.COMPLIANCE_NOTES, paths.list_page(paths.COMPLIANCE_NOTES, 2)]
    assert sum(texts[p].count("nhập ngũ đợt") for p in notes) == 4


def test_findings_pages_build_with_every_link_resolving(ward: Path, monkeypatch) -> None:
    from generator.render import accountability

    monkeypatch.setattr(accountability, "FINDINGS_SHOWN", 1)
    monkeypatch.setattr(paths, "LIST_PAGE_SIZE", 2)
    build_site(ward, TODAY)
    page = ward / "site" / "tinh-hinh-cong-khai" / "can-khac-phuc" / "trang-2" / "index.html"
    assert "Chưa công khai tình hình thực hiện dự toán ngân sách 9 tháng năm 2026" in visible_text(page)
    assert broken_links(ward / "site") == []


def test_the_pagers_links_are_escaped_as_every_other_attribute() -> None:
    from generator.render.pages import _pager

    # The list's own paths come from fixed keys and cancel out in a relative link; a link to another
    # folder's list shows what the pager does with whatever path it is given.
    pager = str(_pager("danh-sach/trang-2.md", 'nam-"b<c.md', 2, 3))
    assert 'href="../../nam-&#34;b&lt;c/trang-3/"' in pager and '"b<c' not in pager
