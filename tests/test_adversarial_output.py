"""The standing adversarial suite, part 2: hostile text that is accepted, and proven harmless where published.

A ward is built once with a payload in every text field of its records (titles, summaries, tables,
change notes, clauses, body_text, a consultation) and in the unit's name. Each payload calls
`ckPwn(n)` or tries to navigate if it ever runs. The published pages, feeds and search index are
scanned for markup the payload could have become, each payload must read on its page exactly as
typed, and real Chromium loads the pages with `ckPwn` defined, fires mouse and focus events
everywhere, and asserts that nothing ran, nothing navigated, and the Content Security Policy
reported nothing.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES, TODAY, make_project

PAYLOADS = [
    'Trích " onmouseover="ckPwn(1)" x="',
    "Trích ' onfocus='ckPwn(2)' autofocus='",
    "[bấm vào đây](javascript:ckPwn(3))",
    "![ảnh](javascript:ckPwn(4))",
    'Tiêu đề {: onclick="ckPwn(5)" }',
    "&lt;script&gt;ckPwn(6)&lt;/script&gt;",
    "&#60;img src=x onerror=ckPwn(7)&#62;",
    "`ckPwn(8)` **đậm** _nghiêng_ ~~gạch~~",
    "javascript:ckPwn(9)",
    "{{ ckPwn(10) }} {% raw %} ${ckPwn(10)}",
    '\\" onmouseover=\\"ckPwn(11)',
    "0;url=https://evil.invalid/ckPwn12",
    "%3Cscript%3EckPwn(13)%3C/script%3E",
    "&quot; onmouseover=&quot;ckPwn(14)",
    "<3 và 2 < 5, 7 > 4 (ckPwn15)",
    "| ckPwn16 | bảng | --- |",
    "# ckPwn17 ---",
    "]]> ckPwn18 &amp; ]]>",
    "*[ckPwn19]: chú thích viết tắt",
    "[^ckPwn20]: chú thích",
    "\\ ckPwn21 \\\\ \\n",
    "Ngày 05/01/2026 — “Nghị quyết” ‘số’ ckPwn22",
    "' + ckPwn(23) + '",
    "2 </ 5 ckPwn24",
]
SITE_NAME = 'Mẫu" onmouseover="ckPwn(99)" x="'
FUTURE = "2026-12-20"  # after TODAY, within a year: held back


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _disclosure(index: int, payload: str) -> str:
    return f"""\
id: adv-{index}
category: 5
title: {_q(payload)}
external_document:
  title: {_q(payload)}
  date: 2026-02-02
published_on: 2026-02-03
summary: {_q(payload)}
tables:
  - title: {_q(payload)}
    columns: [Nội dung, {_q(payload)}]
    rows:
      - [{_q(payload)}, 12.500]
changes:
  - date: 2026-02-04
    what: {_q(payload)}
    why: {_q(payload)}
"""


def _document(index: int, payload: str) -> str:
    return f"""\
id: adv-vb-{index}
type: quyet_dinh
number: {_q(f"{index}/QĐ-UBND")}
issuer: {_q(payload)}
title: {_q(payload)}
adopted_on: 2026-02-01
articles:
  - number: 1
    title: {_q(payload)}
    clauses:
      - number: 1
        text: {_q(payload)}
        points:
          - letter: a
            text: {_q(payload)}
"""


EXTRAS = {
    "data/cong-khai/so-lieu.yaml": """\
id: so-lieu
category: 2
title: Số liệu giữ đúng như đã gõ
external_document: {title: Báo cáo số liệu, date: 2026-02-02}
published_on: 2026-02-03
summary: Gọi đường dây nóng 0200 000 000 hoặc tổng đài 0987 654 321 của phường.
public_numbers: ["0987 654 321"]
tables:
  - columns: [Khoản, Số tiền, Mã]
    rows:
      - [Chi thường xuyên, 12.500, 0123]
      - [Chi đầu tư, 30.000, 007]
      - [Tổng, "1.250.000,75", ~]
""",
    "data/cong-khai/hen-ngay.yaml": f"""\
id: hen-ngay
category: 5
title: Thông tin hẹn ngày đăng ckFuture
external_document: {{title: Kế hoạch hẹn ngày, date: 2026-11-20}}
published_on: {FUTURE}
summary: Chưa đến ngày đăng ckFuture.
""",
    "data/lay-y-kien/adv-y-kien.yaml": f"""\
id: adv-y-kien
title: {_q(PAYLOADS[0])}
draft: du-thao-huong-uoc
matter: {_q(PAYLOADS[2])}
opens_on: 2026-01-05
closes_on: 2026-02-05
email: gopy@example.invalid
email_subject: {_q(PAYLOADS[1])}
address: {_q(PAYLOADS[4])}
meeting: {_q(PAYLOADS[5])}
results:
  published_on: 2026-02-10
  summary: {_q(PAYLOADS[6])}
  explanation: {_q(PAYLOADS[7])}
""",
    "data/van-ban/dieu-khong.yaml": """\
id: dieu-khong
type: quyet_dinh
number: 88/QĐ-UBND
issuer: Ủy ban nhân dân xã Mẫu Thử
title: Văn bản có Điều 0
adopted_on: 2026-02-01
body_text: |
  Điều 0. Phạm vi
  0. Khoản không
  Điều 1. Đối tượng
  1. Mọi người dân.
""",
}


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> tuple[Path, str]:
    """The fixture ward with every payload in every field, built by `congkhai build`; returns (project, stderr)."""
    project = make_project(tmp_path_factory.mktemp("adversarial") / "ward", FIXTURES / "ward" / "data")
    site_yaml = project / "data" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("name: Mẫu Thử", f"name: {_q(SITE_NAME)}"), encoding="utf-8")
    for index, payload in enumerate(PAYLOADS, 1):
        (project / "data" / "cong-khai" / f"adv-{index}.yaml").write_text(_disclosure(index, payload), encoding="utf-8")
        (project / "data" / "van-ban" / f"adv-vb-{index}.yaml").write_text(_document(index, payload), encoding="utf-8")
    for rel, text in EXTRAS.items():
        (project / rel).write_text(text, encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "-C", str(project), "--today", TODAY])
    assert check.exit_code == 0, check.output
    result = CliRunner().invoke(main, ["build", "-C", str(project), "--today", TODAY])
    assert result.exit_code == 0, result.output
    return project, check.stderr


# The theme's own pictures: the unit's logo (neutral default, or a file under tep/) and the map.
ALLOWED_IMAGES = re.compile(r"^(/[\w/-]*/|(\.\./)*)(assets/bieu-trung\.svg|tep/[\w./-]+\.(svg|png|jpe?g|webp))$")
ALLOWED_SCRIPTS = re.compile(r"^(/[\w/-]*/|(\.\./)*)(assets/md-scope\.js|assets/javascripts/bundle\.[0-9a-f]+\.min\.js|assets/congkhai\.js|assets/search\.js)$")


class _Scanner(HTMLParser):
    """Collect every tag and attribute a page's markup really has (not what its text says)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unsafe: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or "ckpwn" in name:
                self.unsafe.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and re.match(r"\s*(javascript|vbscript|data:text)", value or "", re.I):
                self.unsafe.append(f"<{tag} {name}={value}>")
        if tag == "img" and ALLOWED_IMAGES.match(values.get("src") or ""):
            pass
        elif "ckpwn" in tag or tag in ("iframe", "object", "embed", "base", "frame", "img", "style"):
            self.unsafe.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv") and values["http-equiv"].lower() != "content-security-policy":
            self.unsafe.append(f"<meta http-equiv={values['http-equiv']}>")
        if tag == "script" and not (values.get("type") in ("application/json", "application/ld+json") or ALLOWED_SCRIPTS.match(values.get("src") or "")):
            self.unsafe.append(f"<script {values}>")

    def handle_data(self, data):
        self.text.append(data)


def scan(html: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner


def _pages(project: Path) -> list[Path]:
    return sorted((project / "site").rglob("*.html"))


def test_no_page_carries_markup_from_data(poisoned) -> None:
    project, _ = poisoned
    found = {page.relative_to(project / "site").as_posix(): scan(page.read_text(encoding="utf-8")).unsafe for page in _pages(project)}
    assert len(found) > 100
    assert {page: tags for page, tags in found.items() if tags} == {}


@pytest.mark.parametrize("index", range(1, len(PAYLOADS) + 1))
def test_each_payload_reads_exactly_as_typed_on_its_pages(poisoned, index: int) -> None:
    project, _ = poisoned
    payload = PAYLOADS[index - 1]
    page = (project / "site" / "cong-khai" / f"adv-{index}" / "index.html").read_text(encoding="utf-8")
    text = "".join(scan(page).text)
    # summary, external document, table title/column/cell, change note what/why, heading
    assert text.count(payload) >= 7, (payload, text.count(payload))
    assert f"<title>{_escaped(payload)} — " in page
    assert f'<meta name="description" content="{_escaped(payload)}">' in page
    document = (project / "site" / "van-ban" / f"adv-vb-{index}" / "index.html").read_text(encoding="utf-8")
    assert "".join(scan(document).text).count(payload) >= 4  # title, issuer, article title, clause, point


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_consultation_texts_read_exactly_as_typed(poisoned) -> None:
    project, _ = poisoned
    text = "".join(scan((project / "site" / "lay-y-kien" / "adv-y-kien" / "index.html").read_text(encoding="utf-8")).text)
    for index in (0, 2, 6, 7):  # title, matter, results (how to send comments is not shown once closed)
        assert PAYLOADS[index] in text, PAYLOADS[index]


def test_the_unit_name_is_escaped_in_every_page_head_and_the_404_page(poisoned) -> None:
    project, _ = poisoned
    for page in (project / "site" / "404.html", project / "site" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert _escaped("Xã " + SITE_NAME) in html
        assert 'onmouseover="ckPwn(99)"' not in html


def test_feeds_are_well_formed_and_their_html_is_safe(poisoned) -> None:
    import feedparser

    project, _ = poisoned
    feeds = sorted((project / "site" / "feeds").glob("*.xml"))
    assert feeds
    seen = set()
    for feed in feeds:
        root = ET.fromstring(feed.read_bytes())  # well-formed XML (control characters would break it)
        for element in root.iter():
            name = element.tag.rsplit("}", 1)[-1]
            if name in ("description", "content", "summary") and element.text:
                assert scan(element.text).unsafe == [], (feed.name, element.text[:200])
            if name == "title" and element.text:
                seen.update(n for n, p in enumerate(PAYLOADS, 1) if element.text == p)
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed.name, parsed.get("bozo_exception"))
    assert seen == set(range(1, len(PAYLOADS) + 1)), set(range(1, len(PAYLOADS) + 1)) - seen


def test_search_index_holds_the_payloads_as_plain_text(poisoned) -> None:
    project, _ = poisoned
    contents = []
    for fragment in (project / "site" / "pagefind" / "fragment").rglob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        contents.append(data)
    texts = [d["content"] + " " + " ".join(str(v) for v in d.get("meta", {}).values()) for d in contents]
    for payload in PAYLOADS:
        assert any(payload in text for text in texts), payload
    assert not any("ckFuture" in text for text in texts)


def test_table_cells_keep_exactly_what_the_clerk_typed(poisoned) -> None:
    project, _ = poisoned
    html = (project / "site" / "cong-khai" / "so-lieu" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert cells == ["Chi thường xuyên", "12.500", "0123", "Chi đầu tư", "30.000", "007", "Tổng", "1.250.000,75", ""]


def test_the_units_own_and_declared_numbers_are_published(poisoned) -> None:
    project, _ = poisoned
    text = "".join(scan((project / "site" / "cong-khai" / "so-lieu" / "index.html").read_text(encoding="utf-8")).text)
    assert "Gọi đường dây nóng 0200 000 000 hoặc tổng đài 0987 654 321 của phường." in text


def test_an_item_dated_after_today_is_on_no_page_feed_or_list_and_check_says_when(poisoned) -> None:
    project, stderr = poisoned
    assert not (project / "site" / "cong-khai" / "hen-ngay").exists()
    for path in (project / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "ckFuture" not in path.read_text(encoding="utf-8", errors="replace"), path
    assert ('Lưu ý: data/cong-khai/hen-ngay.yaml, dòng 5, trường "published_on": Thông tin “Thông tin hẹn ngày đăng ckFuture” hẹn đăng ngày 20/12/2026: '
            "chưa đăng lần này (không có trên trang, kênh tin, tìm kiếm); lần dựng trang đầu tiên từ ngày 20/12/2026 sẽ đăng.") in stderr


def test_the_held_item_is_published_by_the_first_build_on_its_date(poisoned, tmp_path) -> None:
    import shutil

    project, _ = poisoned
    copy = tmp_path / "ward"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "site_src"))
    result = CliRunner().invoke(main, ["build", "-C", str(copy), "--today", FUTURE])
    assert result.exit_code == 0, result.output
    assert "ckFuture" in (copy / "site" / "cong-khai" / "hen-ngay" / "index.html").read_text(encoding="utf-8")
    assert "hen-ngay" in (copy / "site" / "feeds" / "tat-ca.xml").read_text(encoding="utf-8")


def test_article_zero_in_body_text_is_kept_as_text_with_a_note(poisoned) -> None:
    project, stderr = poisoned
    assert 'Lưu ý: data/van-ban/dieu-khong.yaml, dòng 8, trường "body_text": “Điều 0. Phạm vi” đánh số 0' in stderr
    text = "".join(scan((project / "site" / "van-ban" / "dieu-khong" / "index.html").read_text(encoding="utf-8")).text)
    assert "Điều 0. Phạm vi" in text and "Mọi người dân." in text


# --- Real Chromium: nothing ran, nothing navigated, no policy violation ---------------------------

HOOK = "window.__pwned = []; window.ckPwn = (n) => window.__pwned.push(n);"
PROVOKE = """() => {
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'click']) {
      if (type === 'click' && (el.closest('a') || el.closest('button') || el.closest('label'))) continue;
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
  return window.__pwned;
}"""


def test_in_chromium_no_payload_runs_or_navigates(poisoned, tmp_path) -> None:
    from tests.site_server import SiteServer
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (run `make chromium` as root)")
    from playwright.sync_api import sync_playwright

    project, _ = poisoned
    urls = ["", "cong-khai/", "van-ban/", "danh-muc-cong-khai/", "tim-kiem/?q=ckPwn", "404.html", "lay-y-kien/", "lay-y-kien/adv-y-kien/", "tinh-hinh-cong-khai/"]
    urls += [f"cong-khai/adv-{i}/" for i in range(1, len(PAYLOADS) + 1)] + [f"van-ban/adv-vb-{i}/" for i in range(1, len(PAYLOADS) + 1)]
    with SiteServer(project / "site", "/phuong/") as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(HOOK)
        foreign: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url.split("/phuong/")[0])
                      else (foreign.append(route.request.url), route.abort()))
        tab = context.new_page()
        violations: list[str] = []
        tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        try:
            for url in urls:
                tab.goto(server.url + url)
                if url.startswith("tim-kiem"):
                    tab.wait_for_function("() => /^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('ck-status').textContent)")
                    assert tab.locator("#ck-results li").count() > 0
                assert tab.evaluate(PROVOKE) == [], url
                tab.wait_for_timeout(50)
                assert tab.url == server.url + url, f"navigated away from {url} to {tab.url}"
        finally:
            browser.close()
    assert not foreign and not violations, (foreign, violations)


def test_open_data_exports_carry_the_payloads_as_exact_strings(poisoned) -> None:
    project, _ = poisoned
    strings: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    exports = sorted((project / "site" / "du-lieu").rglob("*.json"))
    assert exports
    for export in exports:
        walk(json.loads(export.read_text(encoding="utf-8")))
    for payload in PAYLOADS:
        assert payload in strings, payload
    assert not any("ckFuture" in text for text in strings)
