"""A plan (Kế hoạch) organised as I./1./a) without articles is imported as sections with their own
structure, from .txt, .docx, a PDF printed by headless Chromium and a Word 97 .doc; its body table is
kept as a table at its place; every word of the body is in the output, in order."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from generator.data.models import Document
from generator.importing.docx import read_docx
from generator.importing.importer import import_extracted, import_file
from generator.legal_text.document import parse_document, render_text
from tests.import_fixtures import print_pdf, words
from tests.plan_fixtures import (
    INTRO,
    TABLE_COLUMNS,
    TABLE_NOTE,
    TABLE_ROWS,
    body_lines,
    plan_docx,
    plan_html,
    plan_text,
)
from tests.test_import_word import _to_doc

TABLE = {"columns": TABLE_COLUMNS, "rows": [*TABLE_ROWS, [TABLE_NOTE, "", "", ""]], "after": 1}


def _expected_sections(table: bool) -> list[dict]:
    """The sections the plan must give, written out by hand from its parts."""
    sections = [
        {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "subsections": [
            {"number": "1", "title": "Mục đích", "points": [
                {"letter": "a", "text": "Nâng cao nhận thức của cán bộ, công chức và Nhân dân về vai trò của chuyển đổi số."},
                {"letter": "b", "text": "Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình, giảm thời gian giải quyết thủ tục hành chính."},
            ]},
            {"number": "2", "title": "Yêu cầu", "paragraphs": [
                "- Bám sát nhiệm vụ được giao, bảo đảm đúng tiến độ.",
                "- Bảo đảm an toàn thông tin mạng trong quá trình triển khai.",
            ]},
        ]},
        {"number": "II", "title": "NHIỆM VỤ VÀ GIẢI PHÁP", "subsections": [
            {"number": "1", "title": "Phát triển hạ tầng số", "paragraphs": [
                "Hoàn thiện mạng nội bộ tại trụ sở Ủy ban nhân dân phường theo các chỉ tiêu sau:",
                "Văn phòng theo dõi việc thực hiện các chỉ tiêu hằng quý.",
            ]},
            {"number": "2", "title": "Phát triển chính quyền số", "points": [
                {"letter": "a", "text": "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính."},
                {"letter": "b", "text": "Sử dụng chữ ký số trong xử lý văn bản điện tử."},
            ]},
        ]},
        {"number": "III", "title": "KINH PHÍ THỰC HIỆN", "paragraphs": ["Kinh phí thực hiện từ nguồn ngân sách phường được giao năm 2025."]},
        {"number": "IV", "title": "TỔ CHỨC THỰC HIỆN", "subsections": [
            {"number": "1", "title": "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường chủ trì, theo dõi, tổng hợp kết quả."},
            {"number": "2", "title": "Các tổ dân phố báo cáo kết quả trước ngày 15 tháng 12 năm 2025."},
        ]},
    ]
    if table:
        sections[1]["subsections"][0]["tables"] = [TABLE]
    return sections


def _check(data: dict, table: bool) -> None:
    assert (data["type"], data["number"], data["adopted_on"], data["place"]) == ("ke_hoach", "3070/KH-UBND", "2025-10-02", "Bách Quang")
    assert data["title"] == "Triển khai thực hiện chuyển đổi số trên địa bàn phường năm 2025"
    assert data["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Lê Văn Bảo"}
    assert data["recipients"] == ["UBND tỉnh (b/c)", "Thường trực Đảng ủy phường", "Lưu: VT"]
    assert "articles" not in data and "chapters" not in data and "unplaced" not in data
    assert data["paragraphs"] == [INTRO]
    assert data["sections"] == _expected_sections(table)
    # Every word of the body, in order, and nothing else: the sections printed back give the same words.
    assert words(render_text({"paragraphs": data["paragraphs"], "sections": data["sections"]})) == words("\n".join(body_lines(table)))
    model = Document.model_validate(data)
    assert [s.number for s in model.sections] == ["I", "II", "III", "IV"]


def test_plan_in_text_is_sections_with_items_and_points():
    [doc] = parse_document(plan_text())
    _check(doc.data, table=False)
    assert [w.message for w in doc.warnings] == ["Số văn bản có dấu thừa (“Số: 3070. /KH-UBND”); đã đọc là “Số: 3070/KH-UBND”, hãy kiểm tra."]


def test_plan_in_word_keeps_its_table_at_its_place(tmp_path):
    [doc], extracted = import_extracted(plan_docx(tmp_path / "kh-3070.docx"))
    _check(doc.data, table=True)
    # The merged note row (one cell across four columns) keeps its words once, in the first column.
    assert extracted.tables[0]["rows"][-1] == [TABLE_NOTE, "", "", ""]


@pytest.fixture(scope="module")
def printed_plan(tmp_path_factory) -> Path:
    return print_pdf(plan_html(), tmp_path_factory.mktemp("plan") / "kh-3070.pdf")


def test_plan_printed_to_pdf_keeps_sections_and_its_ruled_table(printed_plan):
    [doc], extracted = import_extracted(printed_plan)
    assert not extracted.ocr
    # The borderless header and signature tables are still read as the header and the signature.
    _check(doc.data, table=True)
    assert len(extracted.tables) == 1


def test_plan_saved_as_word_97_keeps_sections_and_table(tmp_path):
    old = _to_doc(plan_docx(tmp_path / "kh-3070.docx"), tmp_path)
    [doc] = import_file(old)
    _check(doc.data, table=True)


def test_a_plan_numbered_articles_stay_paragraphs_of_the_plan_with_a_warning():
    text = plan_text().replace("Kinh phí thực hiện từ nguồn", "Điều 5. Kinh phí thực hiện từ nguồn")
    [doc] = parse_document(text)
    assert "articles" not in doc.data
    assert doc.data["sections"][2]["paragraphs"] == ["Điều 5. Kinh phí thực hiện từ nguồn ngân sách phường được giao năm 2025."]
    assert ("“Điều 5. Kinh phí thực hiện từ nguồn ngân” nằm trong văn bản chia mục I., II. (không chia điều); "
            "đã giữ thành đoạn văn của mục III, hãy xem lại.") in [w.message for w in doc.warnings]


def test_roman_lines_inside_a_decision_stay_inside_its_articles():
    text = ("ỦY BAN NHÂN DÂN\nPHƯỜNG BÁCH QUANG\nSố: 35/QĐ-UBND\nBách Quang, ngày 12 tháng 3 năm 2025\nQUYẾT ĐỊNH\n"
            "Về việc tiếp công dân\nQUYẾT ĐỊNH:\nĐiều 1. Nội dung tiếp công dân gồm:\nI. Tiếp thường xuyên.\n"
            "II. Tiếp định kỳ.\nĐiều 2. Quyết định có hiệu lực từ ngày ký./.\nNơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\n")
    [doc] = parse_document(text)
    assert "sections" not in doc.data
    assert doc.data["articles"][0]["paragraphs"] == ["I. Tiếp thường xuyên.", "II. Tiếp định kỳ."]


def test_parts_without_roman_headings_stay_paragraphs():
    """A notice numbered only 1., 2. has no parts: its lines stay paragraphs, as before."""
    [doc] = parse_document("ỦY BAN NHÂN DÂN\nPHƯỜNG BÁCH QUANG\nSố: 12/TB-UBND\nBách Quang, ngày 02 tháng 10 năm 2025\n"
                           "THÔNG BÁO\nLịch tiếp công dân tháng 10\n1. Thứ Năm tiếp công dân.\n2. Thứ Sáu họp giao ban.\n"
                           "Nơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\n")
    assert "sections" not in doc.data
    assert doc.data["paragraphs"] == ["1. Thứ Năm tiếp công dân.", "2. Thứ Sáu họp giao ban."]


def test_merged_cells_keep_their_words_once_and_leave_the_covered_cells_empty(tmp_path):
    document = docx.Document()
    document.add_paragraph("Điều 1. Mức hỗ trợ như sau:")
    table = document.add_table(rows=4, cols=3)
    for row, cells in zip(table.rows, [("Nhóm", "Đối tượng", "Mức"), ("Hộ nghèo", "Người cao tuổi", "500.000"),
                                       ("", "Trẻ em", "400.000"), ("Tổng cộng", "", "900.000")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    table.cell(1, 0).merge(table.cell(2, 0))  # "Hộ nghèo" spans two rows (vMerge)
    table.cell(3, 0).merge(table.cell(3, 1)).text = "Tổng cộng"  # across two columns (gridSpan)
    document.add_paragraph("Điều 2. Quyết định có hiệu lực từ ngày ký.")
    path = tmp_path / "bang.docx"
    document.save(path)
    [found] = read_docx(path).tables
    assert found == {"columns": ["Nhóm", "Đối tượng", "Mức"],
                     "rows": [["Hộ nghèo", "Người cao tuổi", "500.000"], ["", "Trẻ em", "400.000"], ["Tổng cộng", "", "900.000"]]}


def test_the_folder_summary_counts_a_plans_parts(tmp_path):
    from generator.cli import main

    folder, into = tmp_path / "in", tmp_path / "data" / "van-ban"
    folder.mkdir()
    plan_docx(folder / "kh-3070.docx")
    result = CliRunner().invoke(main, ["import", str(folder), "--into", str(into)], terminal_width=200)
    assert result.exit_code == 0, result.output
    [written] = into.rglob("*.yaml")
    parts = len(Document.model_validate(yaml.safe_load(written.read_text(encoding="utf-8"))).sections)
    assert parts >= 2
    assert re.search(rf"kh-3070\.docx\s*│\s*ke_hoach\s*│\s*3070/KH-UBND\s*│\s*[0-9-]+\s*│\s*{parts}\s*│", result.output), result.output
