"""Tables and plan sections written by hand in a document's data: checked with Vietnamese messages,
screened like every public text, and shown on the page (accessible table, linkable sections with their
own "Góp ý" link, a phone-width scroll, print), in the search index and in the open-data exports."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.publish.build import build_site
from tests.conftest import FIXTURES, make_project
from tests.site_server import SiteServer
from tests.test_browser import AXE_TAGS
from tests.test_search_index import _index

TODAY = "2026-11-22"
PLAN = "data/van-ban/kh-30-2026.yaml"
WIDE = ["Chỉ tiêu", "Đơn vị tính", "Năm 2024", "Năm 2025", "Kế hoạch 2026", "Tỷ lệ so với kế hoạch", "Cơ quan chủ trì", "Ghi chú"]
PLAN_YAML = """\
id: kh-30-2026
type: ke_hoach
number: 30/KH-UBND
issuer: Ủy ban nhân dân xã Mẫu Thử
title: Triển khai chuyển đổi số năm 2026
adopted_on: 2026-03-02
paragraphs:
  - Ủy ban nhân dân xã ban hành Kế hoạch triển khai chuyển đổi số năm 2026 như sau.
sections:
  - number: I
    title: MỤC ĐÍCH, YÊU CẦU
    subsections:
      - number: "1"
        title: Mục đích
        points:
          - letter: a
            text: Nâng cao nhận thức về chuyển đổi số.
  - number: II
    title: NHIỆM VỤ
    paragraphs:
      - Hoàn thiện mạng nội bộ tại trụ sở theo các chỉ tiêu sau.
      - Văn phòng theo dõi hằng quý.
    tables:
      - title: Chỉ tiêu chuyển đổi số
        columns: [{wide}]
        rows:
          - [Hồ sơ trực tuyến Kiosk, "%", "45", "60", "80", "133", Văn phòng, "Số liệu <5 tháng đầu năm>"]
          - [Tổ công nghệ số, tổ, "12", "15", "18", "120", Công an xã, ""]
        after: 1
""".replace("{wide}", ", ".join(WIDE))


def _check(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "-C", str(project), "--today", TODAY])
    return result.exit_code, result.stderr


def _one_problem(ward: Path, old: str, new: str) -> str:
    assert old in PLAN_YAML
    (ward / PLAN).write_text(PLAN_YAML.replace(old, new, 1), encoding="utf-8")
    code, stderr = _check(ward)
    assert code == 1
    assert stderr.endswith("\nCó 1 lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"), stderr
    return stderr.split("\nCó 1 lỗi")[0]


def test_hand_written_tables_and_sections_pass_check(ward: Path) -> None:
    (ward / PLAN).write_text(PLAN_YAML, encoding="utf-8")
    code, stderr = _check(ward)
    assert code == 0 and "kh-30-2026" not in stderr, stderr


def test_a_row_with_a_missing_cell_is_named_by_file_line_and_field(ward: Path) -> None:
    assert _one_problem(ward, '"120", Công an xã, ""]', '"120", Công an xã]') == (
        'data/van-ban/kh-30-2026.yaml, dòng 28, trường "sections.tables.rows": dòng có 7 ô nhưng bảng có 8 cột.\n'
        '  Cách sửa: mỗi dòng ghi đủ số ô bằng số cột (ô trống ghi ""); ô có dấu phẩy phải đặt trong dấu ngoặc kép, '
        'ví dụ "Phí, lệ phí".')


def test_a_table_placed_after_a_paragraph_that_is_not_there(ward: Path) -> None:
    assert _one_problem(ward, "after: 1", "after: 5") == (
        'data/van-ban/kh-30-2026.yaml, dòng 29, trường "sections.tables.after": bảng đặt sau đoạn thứ 5 nhưng chỗ đặt '
        "bảng chỉ có 2 đoạn.\n"
        "  Cách sửa: ghi after bằng số đoạn đứng trước bảng (0 là trước đoạn đầu), hoặc bỏ after để bảng ở sau đoạn cuối.")


def test_a_table_wider_than_the_limit(ward: Path) -> None:
    columns = ", ".join(f"Cột {n}" for n in range(31))
    message = _one_problem(ward, ", ".join(WIDE), columns)
    assert message.startswith('data/van-ban/kh-30-2026.yaml, dòng 25, trường "sections.tables.columns": bảng có 31 cột; '
                              "bảng phải có từ 1 đến 30 cột.\n")


def test_a_document_with_both_sections_and_articles_is_refused(ward: Path) -> None:
    assert _one_problem(ward, "sections:\n", "articles:\n  - number: 1\n    title: Phạm vi\nsections:\n") == (
        'data/van-ban/kh-30-2026.yaml, dòng 12, trường "sections": văn bản có cả mục I., II. (sections) và điều '
        "(articles hoặc chapters).\n"
        "  Cách sửa: văn bản chia điều thì ghi articles; kế hoạch, báo cáo chia I., II. thì ghi sections. Nếu một mục "
        "có điều, hãy ghi các điều đó thành đoạn văn (paragraphs) của mục.")


def test_a_private_phone_number_in_a_cell_is_not_published(ward: Path) -> None:
    message = _one_problem(ward, "Công an xã, \"\"]", "Công an xã, Ông Tư 0912 345 678]")
    assert message.startswith('data/van-ban/kh-30-2026.yaml, dòng 28, trường "sections.tables.rows": “0912 345 678” có vẻ là số điện thoại')
    assert "0912 345 678" in message


def test_markup_in_a_section_title_is_refused(ward: Path) -> None:
    message = _one_problem(ward, "title: NHIỆM VỤ", "title: <script>NHIỆM VỤ</script>")
    assert message.startswith('data/van-ban/kh-30-2026.yaml, dòng 19, trường "sections.title": nội dung chứa thẻ HTML')


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("tables") / "ward", FIXTURES / "ward" / "data")
    (project / PLAN).write_text(PLAN_YAML, encoding="utf-8")
    build_site(project, dt.date.fromisoformat(TODAY))
    return project / "site"


def _page(site: Path) -> str:
    return (site / "van-ban" / "kh-30-2026" / "index.html").read_text(encoding="utf-8")


def test_the_page_shows_a_real_table_at_its_place(built: Path) -> None:
    html = _page(built)
    table = html[html.index('<div class="ck-table-wrap ck-data-table"'):html.index("</table>")]
    assert '<caption>Chỉ tiêu chuyển đổi số</caption>' in table
    assert re.findall(r'<th scope="col">([^<]*)</th>', table) == WIDE
    rows = [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]
    assert rows == [["Hồ sơ trực tuyến Kiosk", "%", "45", "60", "80", "133", "Văn phòng", "Số liệu &lt;5 tháng đầu năm&gt;"],
                    ["Tổ công nghệ số", "tổ", "12", "15", "18", "120", "Công an xã", ""]]
    # After the first paragraph of mục II and before the second.
    assert html.index("Hoàn thiện mạng nội bộ") < html.index('<div class="ck-table-wrap ck-data-table"') < html.index("Văn phòng theo dõi hằng quý.")


def test_sections_are_headings_with_anchors_table_of_contents_and_feedback(built: Path) -> None:
    html = _page(built)
    assert '<h2 id="muc-i">I. MỤC ĐÍCH, YÊU CẦU</h2>' in html and '<h2 id="muc-ii">II. NHIỆM VỤ</h2>' in html
    assert 'id="muc-i-1"' in html and 'href="#muc-i-1-diem-a"' in html
    toc = html[html.index('class="md-nav md-nav--secondary"'):]
    assert 'href="#muc-i"' in toc and 'href="#muc-ii"' in toc
    links = {text: href.replace("&amp;", "&") for href, text in re.findall(r'<a href="(mailto:[^"]+)">(Góp ý[^<]*)</a>', html)}
    assert {"Góp ý về mục I", "Góp ý về mục II"} <= set(links)
    query = parse_qs(urlsplit(links["Góp ý về mục II"]).query)
    assert query["subject"] == ["Góp ý: mục II Kế hoạch số 30/KH-UBND: Triển khai chuyển đổi số năm 2026"]
    assert "(https://mauthu.example.invalid/cong/van-ban/kh-30-2026/#muc-ii)" in unquote(links["Góp ý về mục II"])


def test_table_and_sections_are_in_the_search_index(built: Path) -> None:
    _, chunks = _index(built / "pagefind")
    terms = {word[0] for chunk in chunks for word in chunk}
    assert "kiosk" in terms  # a word that is only in a table cell


def test_open_data_carries_the_tables_and_sections(built: Path) -> None:
    records = json.loads((built / "du-lieu" / "van-ban.json").read_text(encoding="utf-8"))["records"]
    [plan] = [r for r in records if r["id"] == "kh-30-2026"]
    assert [s["number"] for s in plan["sections"]] == ["I", "II"]
    [table] = plan["sections"][1]["tables"]
    assert (table["columns"], table["rows"][1], table["after"]) == (WIDE, ["Tổ công nghệ số", "tổ", "12", "15", "18", "120", "Công an xã", ""], 1)


def test_a_wide_table_scrolls_inside_a_phone_screen_and_prints_whole(browser, built: Path) -> None:
    with SiteServer(built, "/cong/") as server:
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        try:
            tab = context.new_page()
            tab.goto(server.url + "van-ban/kh-30-2026/")
            scroll, client = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert scroll <= client, f"the page is {scroll}px wide on a {client}px screen"
            wrap = tab.locator(".ck-table-wrap").first
            inner, outer = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert inner > outer  # the table scrolls sideways inside its box
            import axe_playwright_python

            tab.evaluate((Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
            result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
            assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
            tab.emulate_media(media="print")
            assert wrap.evaluate("e => getComputedStyle(e).overflowX") == "visible"
            assert tab.locator(".ck-table-wrap table tbody tr").count() == 2 and wrap.is_visible()
        finally:
            context.close()


def test_a_plan_pasted_as_body_text_becomes_sections(ward: Path) -> None:
    from generator.data.load import load_portal

    (ward / PLAN).write_text(PLAN_YAML.split("paragraphs:")[0] + "body_text: |\n  I. MỤC ĐÍCH\n  1. Mục đích\n"
                             "  a) Nâng cao nhận thức.\n  II. TỔ CHỨC THỰC HIỆN\n  Văn phòng theo dõi.\n", encoding="utf-8")
    doc = load_portal(ward, dt.date.fromisoformat(TODAY)).documents["kh-30-2026"]
    assert [(s.number, s.title) for s in doc.sections] == [("I", "MỤC ĐÍCH"), ("II", "TỔ CHỨC THỰC HIỆN")]
    assert doc.sections[0].subsections[0].points[0].text == "Nâng cao nhận thức."
    assert doc.sections[1].paragraphs == ["Văn phòng theo dõi."]


LOOK = """() => {
  const probe = document.createElement("div");
  probe.innerHTML = "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>";
  document.querySelector("article").append(probe);
  const look = (table) => {
    const t = getComputedStyle(table), th = getComputedStyle(table.querySelector("th")), td = getComputedStyle(table.querySelector("td"));
    return [t.fontSize, t.borderTopWidth, t.borderTopColor, th.padding, th.fontWeight, th.minWidth, td.borderTopWidth, td.padding];
  };
  return [look(document.querySelector("table.ck-table")), look(probe.querySelector("table"))];
}"""


@pytest.mark.parametrize("url", ["van-ban/kh-30-2026/", "tinh-hinh-cong-khai/"])
def test_tables_arrive_wrapped_so_materials_script_leaves_them_alone(browser, built: Path, url: str) -> None:
    """Material's script re-wraps every unclassed table after the first layout (a second layout of the
    whole page: the compliance page's blocking time on a phone). Tables come wrapped and classed, and
    look as Material draws an unclassed one."""
    html = (built / url / "index.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table[^>]*>", html)
    assert tables and set(tables) == {'<table class="ck-table">'}
    assert html.count('<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="ck-table">') == len(tables)
    with SiteServer(built, "/cong/") as server:
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        try:
            tab = context.new_page()
            tab.goto(server.url + url)
            tab.wait_for_load_state("load")
            # Material's script ran (its header title is set) and wrapped nothing a second time.
            tab.wait_for_function("document.querySelector('.md-header__topic [data-md-component=\"header-topic\"], .md-header__title--active, [data-md-component=header-title]') !== null")
            assert tab.locator(".md-typeset__scrollwrap").count() == len(tables)
            assert tab.locator(".md-typeset__scrollwrap .md-typeset__scrollwrap").count() == 0
            ours, materials = tab.evaluate(LOOK)
            assert ours == materials
        finally:
            context.close()


def test_the_compliance_tables_remarks_have_room_on_a_phone(browser, built: Path) -> None:
    """Squeezed into a phone's width, a remark ran to a word per line and a row to a screen's height."""
    with SiteServer(built, "/cong/") as server:
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        try:
            tab = context.new_page()
            tab.goto(server.url + "tinh-hinh-cong-khai/")
            widths = tab.evaluate("""() => [...document.querySelectorAll('.ck-remarks td:last-child')].map(
                td => td.getBoundingClientRect().width / parseFloat(getComputedStyle(td).fontSize))""")
            assert len(widths) == 14 and min(widths) > 13.9  # 14em, to the pixel
        finally:
            context.close()
