"""The standing adversarial suite, part 1: bad inputs that must be refused with file, line and message.

Every case is generated here (payload × field), written into a fresh copy of the fixture ward as a
clerk would, and run through `congkhai check` (and, for the one-off cases, `congkhai build` too):
exit code 1, no traceback, no generic "Lỗi:", the exact problem line, nothing written. What is
accepted instead (and proven safe in the published output) is in test_adversarial_output.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES, TODAY, make_project

TAG_MESSAGE = "nội dung chứa thẻ HTML hoặc mã script, trang không đăng mã."
SUMMARY_END = "Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"

DISCLOSURE = """\
id: thu-nghiem
category: 5
title: {title}
external_document:
  title: Kế hoạch thử nghiệm
  date: 2026-02-02
published_on: 2026-02-03
summary: {summary}
tables:
  - title: {table_title}
    columns: [Nội dung, {column}]
    rows:
      - [Dòng một, {cell}]
changes:
  - date: 2026-02-04
    what: {what}
    why: Nhập sai số liệu
"""
DOCUMENT = """\
id: thu-nghiem-vb
type: quyet_dinh
number: 99/QĐ-UBND
issuer: Ủy ban nhân dân xã Mẫu Thử
title: {title}
adopted_on: 2026-02-01
articles:
  - number: 1
    clauses:
      - number: 1
        text: {clause}
"""
BODY = """\
id: thu-nghiem-toan-van
type: quyet_dinh
issuer: Ủy ban nhân dân xã Mẫu Thử
title: Quyết định thử nghiệm toàn văn
adopted_on: 2026-02-01
body_text: |
  Điều 1. Phạm vi
  1. {body}
"""
CONSULTATION = """\
id: thu-nghiem-y-kien
title: {title}
draft: du-thao-huong-uoc
matter: {matter}
opens_on: 2026-01-05
closes_on: 2026-02-05
results:
  published_on: 2026-02-10
  summary: {summary}
  explanation: Tiếp thu toàn bộ ý kiến.
"""
PLAIN = {"title": "Tiêu đề thử nghiệm", "summary": "Tóm tắt thử nghiệm", "table_title": "Bảng thử nghiệm", "column": "Số tiền",
         "cell": "500", "what": "Sửa số liệu", "clause": "Nội dung khoản", "body": "Nội dung khoản", "matter": "Nội dung lấy ý kiến"}

# (template, key, file written, line of the key, field named in the message)
FIELDS = {
    "disclosure title": (DISCLOSURE, "title", "data/cong-khai/thu-nghiem.yaml", 3, "title"),
    "disclosure summary": (DISCLOSURE, "summary", "data/cong-khai/thu-nghiem.yaml", 8, "summary"),
    "table title": (DISCLOSURE, "table_title", "data/cong-khai/thu-nghiem.yaml", 10, "tables.title"),
    "table column": (DISCLOSURE, "column", "data/cong-khai/thu-nghiem.yaml", 11, "tables.columns"),
    "table cell": (DISCLOSURE, "cell", "data/cong-khai/thu-nghiem.yaml", 13, "tables.rows"),
    "change note": (DISCLOSURE, "what", "data/cong-khai/thu-nghiem.yaml", 16, "changes.what"),
    "document title": (DOCUMENT, "title", "data/van-ban/thu-nghiem-vb.yaml", 5, "title"),
    "clause": (DOCUMENT, "clause", "data/van-ban/thu-nghiem-vb.yaml", 11, "articles.clauses.text"),
    "body_text": (BODY, "body", "data/van-ban/thu-nghiem-toan-van.yaml", 8, "body_text"),
    "consultation title": (CONSULTATION, "title", "data/lay-y-kien/thu-nghiem-y-kien.yaml", 2, "title"),
    "consultation matter": (CONSULTATION, "matter", "data/lay-y-kien/thu-nghiem-y-kien.yaml", 4, "matter"),
    "consultation results": (CONSULTATION, "summary", "data/lay-y-kien/thu-nghiem-y-kien.yaml", 9, "results.summary"),
}


def write_case(project: Path, field: str, value: str, raw: bool = False) -> tuple[str, int, str]:
    """Write one record whose field holds the value; return (file, line, field) the message must name."""
    template, key, rel, line, name = FIELDS[field]
    values = {k: (v if template is BODY else json.dumps(v, ensure_ascii=False)) for k, v in PLAIN.items()}
    values[key] = value if raw or template is BODY else json.dumps(value, ensure_ascii=False)
    target = project / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template.format(**values), encoding="utf-8")
    return rel, line, name


def refused(project: Path, commands: tuple[str, ...] = ("check",)) -> str:
    """Run the commands; each must refuse cleanly, write nothing, and print the same problems."""
    printed = []
    for command in commands:
        result = CliRunner().invoke(main, [command, "-C", str(project), "--today", TODAY])
        assert result.exit_code == 1, (command, result.output)
        assert "Traceback" not in result.output and not result.stderr.startswith("Lỗi:"), result.output
        assert result.stderr.endswith(SUMMARY_END), result.stderr
        assert not (project / "site").exists() and not (project / "site_src").exists()
        printed.append(result.stderr)
    assert len(set(printed)) == 1, printed
    return printed[0]


@pytest.fixture
def ward(tmp_path: Path) -> Path:
    return make_project(tmp_path / "ward", FIXTURES / "ward" / "data")


# --- Family 1: markup and script in every text field, as typed or decoded from YAML escapes -------

TAGS = [
    "<script>ckPwn(1)</script>",
    "x <img src=x onerror=ckPwn(2)>",
    "</title><script>ckPwn(3)</script>",
    '<meta http-equiv="refresh" content="0;url=https://evil.invalid/">',
    "< svg onload=ckPwn(4)>",
    "<!-- ckPwn(5) -->",
    "<iframe src=//evil.invalid/>",
    "<a href=javascript:ckPwn(6)>bấm</a>",
    "<?xml version='1.0'?>",
    "<STYLE>body{display:none}</STYLE>",
    "</ textarea><script>ckPwn(7)</script>",
    "Kính gửi <b>ông</b> chủ tịch",
]


@pytest.mark.parametrize("payload", TAGS)
@pytest.mark.parametrize("field", list(FIELDS))
def test_markup_in_any_text_field_is_refused_with_file_line_and_field(ward: Path, field: str, payload: str) -> None:
    rel, line, name = write_case(ward, field, payload)
    stderr = refused(ward)
    assert f'{rel}, dòng {line}, trường "{name}": {TAG_MESSAGE}' in stderr


@pytest.mark.parametrize("escaped", ["\\x3cscript>ckPwn(8)\\x3c/script>", "\\u003cimg src=x onerror=ckPwn(9)>", "\\U0000003cb>đậm\\x3c/b>"])
@pytest.mark.parametrize("field", ["disclosure title", "disclosure summary", "table cell", "consultation results"])
def test_markup_written_as_yaml_escapes_is_refused_on_the_decoded_text(ward: Path, field: str, escaped: str) -> None:
    rel, line, name = write_case(ward, field, f'"{escaped}"', raw=True)
    assert f'{rel}, dòng {line}, trường "{name}": {TAG_MESSAGE}' in refused(ward)


# --- Family 2: YAML tags: data files are plain YAML ------------------------------------------------

YAML_TAGS = [
    ("!!binary PC90aXRsZT48c2NyaXB0PmNrUHduKDEwKTwvc2NyaXB0Pg==", "!!binary"),
    ("!!python/object/apply:os.system ['echo ckPwn']", "!!python/object/apply:os.system"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!ckPwn x", "!ckPwn"),
    ("!!str 0912345678", "!!str"),
    ("!<tag:yaml.org,2002:str> x", "tag:yaml.org,2002:str"),
    ("!!set {a, b}", "!!set"),
    ("!!omap [a: 1]", "!!omap"),
]


@pytest.mark.parametrize("value, shown", YAML_TAGS)
@pytest.mark.parametrize("field", ["disclosure title", "disclosure summary", "table cell", "clause"])
def test_yaml_tags_are_refused_outright(ward: Path, field: str, value: str, shown: str) -> None:
    rel, line, _ = write_case(ward, field, value, raw=True)
    expected = (f"{rel}, dòng {line}: tệp dùng thẻ YAML “{shown}”; tệp dữ liệu chỉ gồm chữ, số, ngày, danh sách và nhóm trường.\n"
                "  Cách sửa: xóa thẻ bắt đầu bằng “!”; nếu muốn giữ giá trị là chữ, đặt nó trong dấu ngoặc kép.\n")
    assert refused(ward).startswith(expected)


# --- Family 3: private persons' numbers, however they are written ----------------------------------

NUMBERS = [
    ("0912.345.678", "0912.345.678", "số điện thoại"),
    ("0912 345 678", "0912 345 678", "số điện thoại"),
    ("0912-345-678", "0912-345-678", "số điện thoại"),
    ("gọi +84 912 345 678 nhé", "+84 912 345 678", "số điện thoại"),
    ("+84912345678", "+84912345678", "số điện thoại"),
    ("SĐT:0987654321", "0987654321", "số điện thoại"),
    ("máy bàn 0208 3123 456", "0208 3123 456", "số điện thoại"),
    ("CCCD 001-203-004-567", "001-203-004-567", "số căn cước (hoặc CMND)"),
    ("CCCD 001 203 004 567", "001 203 004 567", "số căn cước (hoặc CMND)"),
    ("CMND 012345678", "012345678", "số căn cước (hoặc CMND)"),
    ("CMND số 012.345.678", "012.345.678", "số căn cước (hoặc CMND)"),
]


def _private(rel: str, line: int, name: str, shown: str, label: str) -> str:
    return f'{rel}, dòng {line}, trường "{name}": “{shown}” có vẻ là {label} của một người; pháp luật không cho phép công khai.'


@pytest.mark.parametrize("text, shown, label", NUMBERS)
@pytest.mark.parametrize("field", ["disclosure summary", "disclosure title", "table cell", "clause", "body_text", "change note", "consultation results"])
def test_private_numbers_in_any_text_field_are_refused(ward: Path, field: str, text: str, shown: str, label: str) -> None:
    rel, line, name = write_case(ward, field, text)
    assert _private(rel, line, name, shown, label) in refused(ward)


@pytest.mark.parametrize("field", ["disclosure summary", "table cell", "clause", "consultation results"])
def test_a_number_split_by_an_invisible_character_is_refused_twice_over(ward: Path, field: str) -> None:
    rel, line, name = write_case(ward, field, "Liên hệ 0912\u200b345\u2060678")
    stderr = refused(ward)
    assert _private(rel, line, name, "0912345678", "số điện thoại") in stderr
    assert f'{rel}, dòng {line}, trường "{name}": nội dung có ký tự vô hình (mã U+200B)' in stderr


@pytest.mark.parametrize("field", ["table cell", "disclosure summary", "clause", "consultation results"])
def test_an_unquoted_yaml_integer_is_read_as_typed_and_refused(ward: Path, field: str) -> None:
    rel, line, name = write_case(ward, field, "0912345678", raw=True)
    assert _private(rel, line, name, "0912345678", "số điện thoại") in refused(ward)


# --- Family 4: the one-off cases: each a clerk's message, from check and build alike ---------------

def _replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(project: Path, rel: str, text: str) -> None:
    (project / rel).parent.mkdir(parents=True, exist_ok=True)
    (project / rel).write_text(text, encoding="utf-8")


ITEM = "data/cong-khai/du-toan-2026.yaml"
DOC = "data/van-ban/nq-03-2026.yaml"
ONE_OFF = {
    "mapping where text is expected": (
        lambda p: _replace(p, ITEM, "summary: Dự toán", "summary: {{ x }} Dự toán"),
        f"{ITEM}, dòng 9: lỗi cú pháp YAML, cột 18: dòng này thụt lề không thẳng hàng với các dòng cùng cấp ở trên.",
    ),
    "mapping as a value": (
        lambda p: _replace(p, ITEM, "summary: Dự toán thu 12.500 triệu đồng, chi 12.500 triệu đồng.", "summary: {a: b}"),
        f'{ITEM}, dòng 9, trường "summary": giá trị này không đúng kiểu: cần một đoạn văn bản.',
    ),
    "TCVN3 inside body_text": (
        lambda p: _write(p, "data/van-ban/tcvn3.yaml", BODY.replace("id: thu-nghiem-toan-van", "id: tcvn3").format(body="Ph¹m vi ®iÒu chØnh cña quyÕt ®Þnh nµy lµ toµn bé x·")),
        'data/van-ban/tcvn3.yaml, dòng 8, trường "body_text": nội dung được gõ bằng bảng mã cũ TCVN3 (ABC), không phải Unicode, nên chữ tiếng Việt bị sai.',
    ),
    "recursive alias": (
        lambda p: _write(p, "data/cong-khai/alias.yaml", "id: alias\nx: &a [*a]\n"),
        "data/cong-khai/alias.yaml, dòng 2: tệp dùng bí danh (*) tự trỏ vào chính nó.",
    ),
    "exponential aliases": (
        lambda p: _write(p, "data/cong-khai/bom.yaml", "id: bom\n" + "".join(
            f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'a, a, a, a, a, a, a, a, a'}]\n" for i in range(9))),
        "data/cong-khai/bom.yaml, dòng 2: tệp dùng bí danh (*) nhân nội dung lên quá 200.000 mục.\n"
        "  Cách sửa: viết thẳng nội dung thay cho bí danh (&tên / *tên); tệp dữ liệu không cần bí danh.\nCó 1 lỗi trong 1 tệp.",
    ),
    "5000-deep nesting": (
        lambda p: _write(p, "data/cong-khai/sau.yaml", "id: sau\nx: " + "[" * 5000 + "]" * 5000 + "\n"),
        "data/cong-khai/sau.yaml, dòng 2: dữ liệu lồng nhau quá 40 tầng.",
    ),
    "300-character id": (
        lambda p: _replace(p, ITEM, "id: du-toan-2026", "id: " + "a" * 300),
        f'{ITEM}, dòng 1, trường "id": mã dài 300 ký tự, quá 80 ký tự.',
    ),
    "date 9999-12-31": (
        lambda p: _replace(p, ITEM, "published_on: 2026-01-08", "published_on: 9999-12-31"),
        f'{ITEM}, dòng 5, trường "published_on": ngày "9999-12-31" nằm ngoài khoảng 1900–2100, có lẽ gõ nhầm năm.',
    ),
    "change note in the year 9999": (
        lambda p: _replace(p, DOC, "title: Về dự toán", "changes: [{date: 9999-01-01, what: Sửa, why: Sai}]\ntitle: Về dự toán"),
        f'{DOC}, dòng 5, trường "changes.date": ngày "9999-01-01" nằm ngoài khoảng 1900–2100, có lẽ gõ nhầm năm.',
    ),
    "control character": (
        lambda p: _replace(p, ITEM, "summary: Dự toán thu 12.500 triệu đồng, chi 12.500 triệu đồng.", 'summary: "\\x07Dự toán"'),
        f'{ITEM}, dòng 9, trường "summary": nội dung có ký tự điều khiển không in được (mã U+0007).',
    ),
    "empty title": (
        lambda p: _replace(p, ITEM, "title: Công khai dự toán ngân sách xã năm 2026", 'title: ""'),
        f'{ITEM}, dòng 3, trường "title": trường này đang để trống (hoặc chỉ có dấu cách).',
    ),
    "whitespace-only title": (
        lambda p: _replace(p, ITEM, "title: Công khai dự toán ngân sách xã năm 2026", 'title: "   "'),
        f'{ITEM}, dòng 3, trường "title": trường này đang để trống (hoặc chỉ có dấu cách).',
    ),
    "whitespace-only unit name": (
        lambda p: _replace(p, "data/site.yaml", "name: Mẫu Thử", 'name: "  "'),
        'data/site.yaml, dòng 1, trường "name": trường này đang để trống (hoặc chỉ có dấu cách).',
    ),
    "rules.yaml as a list": (
        lambda p: _write(p, "data/rules.yaml", "- deadlines\n- 5\n"),
        "data/rules.yaml, dòng 1: tệp quy định của đơn vị phải là một nhóm trường dạng `ten_truong: giá trị`, không phải danh sách.",
    ),
    "text where rules.yaml wants a number": (
        lambda p: _write(p, "data/rules.yaml", "deadlines:\n  consultation_min_days:\n    value: hai mươi\n"),
        'data/rules.yaml, dòng 3, trường "deadlines.consultation_min_days.value": giá trị "hai mươi" không đúng kiểu: quy định này cần một số.',
    ),
    "malformed ledger entry": (
        lambda p: _write(p, "data/da-dang.json", json.dumps({"items": {"document/nq-03-2026": "hỏng"}, "version": 1}, indent=2)),
        "data/da-dang.json, dòng 3: mục “document/nq-03-2026” của sổ theo dõi nội dung đã đăng bị hỏng",
    ),
    "file named .YAML": (
        lambda p: (p / ITEM).rename(p / ITEM.replace(".yaml", ".YAML")),
        "data/cong-khai/du-toan-2026.YAML, dòng 1: đuôi tệp “.YAML” viết hoa",
    ),
    "file without extension": (
        lambda p: (p / ITEM).rename(p / ITEM.replace(".yaml", "")),
        "data/cong-khai/du-toan-2026, dòng 1: tệp không có đuôi .yaml nên không được đọc",
    ),
    "misspelt folder": (
        lambda p: (p / "data" / "van-ban").rename(p / "data" / "van_ban"),
        'data/van_ban, dòng 1: congkhai không đọc tệp hay thư mục này: nội dung trong đó sẽ không được đăng.\n  Cách sửa: có phải ý bạn là "data/van-ban"?',
    ),
    "duplicate number hidden by a zero-width space": (
        lambda p: _write(p, "data/van-ban/trung-so.yaml", DOCUMENT.format(title='"Quyết định trùng số"', clause='"Nội dung"').replace(
            "id: thu-nghiem-vb", "id: trung-so").replace("number: 99/QĐ-UBND", 'number: "03/NQ-\u200bHĐND"')),
        'data/van-ban/trung-so.yaml, dòng 3, trường "number": nội dung có ký tự vô hình (mã U+200B)',
    ),
    "two attachments publishing to one path": (
        lambda p: (_write(p, "data/nq-03-2026.pdf", "%PDF-1.4 một tệp khác"), (p / "data" / "nq-03-2026.pdf").rename(p / "data" / "tep" / "NQ-03-2026.pdf"),
                   _replace(p, DOC, "    title: Bản ký số\n", "    title: Bản ký số\n  - file: tep/NQ-03-2026.pdf\n")),
        f'{DOC}, dòng 49, trường "attachments.file": "tep/NQ-03-2026.pdf" và "tep/nq-03-2026.pdf" là hai tệp khác nhau nhưng được đăng cùng một địa chỉ.',
    ),
    "file too big": (
        lambda p: _write(p, "data/cong-khai/lon.yaml", "id: lon\n# " + "x" * (2 * 1024 * 1024) + "\n"),
        "data/cong-khai/lon.yaml, dòng 1: tệp lớn quá 2 MB, không phải một tệp dữ liệu bình thường.",
    ),
    "published more than a year ahead": (
        lambda p: _replace(p, ITEM, "published_on: 2026-01-08", "published_on: 2027-12-08"),
        f'{ITEM}, dòng 5, trường "published_on": ngày đăng 08/12/2027 cách hôm nay (22/11/2026) hơn một năm, có lẽ gõ nhầm năm.\n'
        "  Cách sửa: kiểm tra lại năm, ví dụ 2026-12-08; muốn hẹn ngày đăng thì ghi ngày trong vòng một năm tới.",
    ),
    "base_url breaking out of an attribute": (
        lambda p: _replace(p, "data/site.yaml", "base_url: https://mauthu.example.invalid/cong", "base_url: 'https://mauthu.example.invalid/\" onload=\"ckPwn(1)'"),
        'data/site.yaml, dòng 9, trường "base_url": "https://mauthu.example.invalid/" onload="ckPwn(1)" không phải liên kết hợp lệ.',
    ),
    "e-mail address adding headers": (
        lambda p: _replace(p, "data/site.yaml", "email: ubnd@example.invalid", "email: ubnd@example.invalid?bcc=evil@example.invalid"),
        'data/site.yaml, dòng 7, trường "email": "ubnd@example.invalid?bcc=evil@example.invalid" không phải địa chỉ thư điện tử hợp lệ.',
    ),
    "javascript link": (
        lambda p: _replace(p, "data/site.yaml", "url: https://dichvucong.gov.vn/", "url: javascript:ckPwn(1)"),
        'data/site.yaml, dòng 24, trường "links.url": "javascript:ckPwn(1)" không phải liên kết hợp lệ.',
    ),
}


@pytest.mark.parametrize("name", list(ONE_OFF))
def test_every_problem_is_a_clerks_message_from_check_and_build(ward: Path, name: str) -> None:
    breaker, expected = ONE_OFF[name]
    breaker(ward)
    stderr = refused(ward, ("check", "build"))
    assert expected in stderr, stderr


def test_check_warns_before_publishing_what_the_compliance_page_would_call_a_violation(ward: Path) -> None:
    _replace(ward, "data/lay-y-kien/huong-uoc.yaml", "closes_on: 2026-12-05", "closes_on: 2026-11-20")
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert ('Lưu ý: data/lay-y-kien/huong-uoc.yaml, dòng 6, trường "closes_on": trang Tình hình công khai sẽ báo vi phạm: '
            "Đợt lấy ý kiến “Lấy ý kiến dự thảo hương ước thôn Một” từ 10/11/2026 đến 20/11/2026 chỉ 11 ngày, "
            "ngắn hơn 20 ngày tối thiểu theo khoản 2 Điều 28 Luật 10/2022/QH15.\n") in result.stderr
