"""Reading source files (text encodings, Word files) and writing YAML data."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.data.models import Document
from generator.importing.importer import (
    ImportProblem,
    dump_yaml,
    extract,
    import_file,
    read_source,
)
from generator.legal_text.body import table_marker
from generator.legal_text.document import parse_document
from tests.conftest import SEEDS

SEED = SEEDS / "bach-quang-nq-hdnd-2025.txt"
SAMPLE = Path(__file__).resolve().parents[1] / "data/van-ban/2025/nq-dan-chu-co-so-bach-quang.yaml"
TEXT = "Số: 12/2025/NQ-HĐND\nAn Bình, ngày 05 tháng 3 năm 2025\nNGHỊ QUYẾT\nVề việc thử nghiệm\n"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
                                          ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_text_files_in_unicode_encodings_are_read(tmp_path, encoding, bom):
    path = tmp_path / "nq.txt"
    path.write_bytes(bom + TEXT.encode(encoding))
    assert read_source(path) == TEXT


def test_windows_1258_text_is_refused_with_a_fix(tmp_path):
    path = tmp_path / "nq.txt"
    path.write_bytes("Nghi quyet so 12\nKinh phi: 5 trieu\n".encode("ascii") + b"Chu t\xeach H\xd0ND\n")
    with pytest.raises(ImportProblem) as raised:
        read_source(path)
    assert str(raised.value) == (
        f"{path}, dòng 3: tệp không được lưu bằng mã UTF-8 (có thể là Windows-1258 hoặc mã Latin cũ), nên không "
        "đọc được chữ tiếng Việt. Cách sửa: mở tệp bằng Notepad hoặc Word, chọn “Lưu thành” (Save As), chọn mã "
        "hóa UTF-8 rồi nhập lại."
    )


def test_tcvn3_bytes_are_converted_with_a_warning(tmp_path):
    path = tmp_path / "cu.txt"
    path.write_bytes("Céng hßa x· héi chñ nghÜa ViÖt Nam\nNghÞ quyÕt vÒ viÖc thùc hiÖn d©n chñ\n".encode("cp1252"))
    assert read_source(path).startswith("Céng hßa")  # the bytes are read; the parser converts them
    [doc] = import_file(path)
    assert any(w.line == 1 and w.message.startswith("Văn bản được gõ bằng bảng mã cũ TCVN3 (ABC); đã chuyển sang Unicode.")
               for w in doc.warnings)


def test_unknown_file_kinds_are_refused(tmp_path):
    path = tmp_path / "nq.odt"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ImportProblem, match=r"nq\.odt: chưa đọc được tệp dạng “\.odt”. Các dạng đọc được: \.docx, "):
        import_file(path)


def _numbered(document, text: str, num_id: str, level: int) -> None:
    """Add a paragraph numbered by Word at a list level (the number itself is not in the text)."""
    paragraph = document.add_paragraph(text, style="List Number")
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        num_pr.append(child)
    paragraph._p.get_or_add_pPr().append(num_pr)


def _word_file(path: Path) -> Path:
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "HỘI ĐỒNG NHÂN DÂN\nXÃ AN BÌNH"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    document.add_paragraph("Số: 12/2025/NQ-HĐND")
    document.add_paragraph("An Bình, ngày 05 tháng 3 năm 2025")
    document.add_paragraph().add_run("NGHỊ QUYẾT").bold = True
    document.add_paragraph().add_run("Về việc hỗ trợ hộ nghèo").bold = True
    document.add_paragraph("HỘI ĐỒNG NHÂN DÂN XÃ AN BÌNH\nKHÓA XII, KỲ HỌP THỨ BẢY")
    document.add_paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;")
    document.add_paragraph("QUYẾT NGHỊ:")
    document.add_paragraph().add_run("Điều 1. Đối tượng và mức hỗ trợ").bold = True
    document.add_paragraph("Đối tượng hỗ trợ:", style="List Number")
    _numbered(document, "Hộ nghèo;", "5", 1)
    _numbered(document, "Hộ cận nghèo.", "5", 1)
    document.add_paragraph("Mức hỗ trợ theo bảng sau:", style="List Number")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Đối tượng", "Mức", "Đơn vị"), ("Hộ nghèo", "500.000", "đồng"),
                                       ("Hộ cận nghèo", "300.000", "đồng")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    document.add_paragraph().add_run("Điều 2. Hiệu lực thi hành").bold = True
    document.add_paragraph("Nghị quyết này được thông qua ngày 05 tháng 3 năm 2025 và có hiệu lực kể từ ngày 15 tháng 3 năm 2025./.")
    footer = document.add_table(rows=1, cols=2)
    footer.cell(0, 0).text = "Nơi nhận:\n- UBND xã;\n- Lưu: VT."
    footer.cell(0, 1).text = "TM. HỘI ĐỒNG NHÂN DÂN\nCHỦ TỊCH\nLê Thị Hoa"
    document.save(path)
    return path


def test_word_files_are_read_with_list_numbers_and_tables(tmp_path):
    extracted = extract(_word_file(tmp_path / "nq.docx"))
    lines = extracted.text.split("\n")
    assert "1. Đối tượng hỗ trợ:" in lines and "a) Hộ nghèo;" in lines and "b) Hộ cận nghèo." in lines
    assert "2. Mức hỗ trợ theo bảng sau:" in lines
    # The body table stands as one marked line, right after the clause that introduces it; its cells are kept apart.
    assert lines[lines.index("2. Mức hỗ trợ theo bảng sau:") + 1] == table_marker(0)
    assert extracted.tables == [{"columns": ["Đối tượng", "Mức", "Đơn vị"],
                                 "rows": [["Hộ nghèo", "500.000", "đồng"], ["Hộ cận nghèo", "300.000", "đồng"]]}]
    assert lines[:2] == ["HỘI ĐỒNG NHÂN DÂN", "XÃ AN BÌNH"]


def test_word_files_import_into_valid_documents(tmp_path):
    [doc] = import_file(_word_file(tmp_path / "nq.docx"))
    model = Document.model_validate(doc.data)
    assert model.number == "12/2025/NQ-HĐND" and model.issuer == "Hội đồng nhân dân xã An Bình"
    assert (model.term, model.session, str(model.adopted_on), str(model.effective_on)) == ("XII", "thứ Bảy", "2025-03-05", "2025-03-15")
    first = model.articles[0]
    assert [c.text for c in first.clauses] == ["Đối tượng hỗ trợ:", "Mức hỗ trợ theo bảng sau:"]
    assert [(p.letter, p.text) for p in first.clauses[0].points] == [("a", "Hộ nghèo;"), ("b", "Hộ cận nghèo.")]
    assert first.clauses[1].paragraphs == []
    [table] = first.clauses[1].tables
    assert (table.columns, table.rows, table.after) == (["Đối tượng", "Mức", "Đơn vị"], [["Hộ nghèo", "500.000", "đồng"], ["Hộ cận nghèo", "300.000", "đồng"]], 0)
    assert model.signer.authority == "TM. HỘI ĐỒNG NHÂN DÂN" and model.signer.name == "Lê Thị Hoa"
    assert model.recipients == ["UBND xã", "Lưu: VT"]
    assert model.id == "nq-12-2025-ve-viec-ho-tro-ho-ngheo"


def test_yaml_round_trips_and_is_readable():
    text = (Path(__file__).parent / "fixtures/import/to-trinh-kem-du-thao.txt").read_text(encoding="utf-8")
    docs = parse_document(text)
    dumped = dump_yaml(docs)
    loaded = list(yaml.safe_load_all(dumped))
    assert len(loaded) == 2 and dumped.count("\n---\n") == 1
    for doc, data in zip(docs, loaded):
        assert data.pop("illustrative") is False
        assert {k: str(v) if k == "adopted_on" else v for k, v in data.items()} == doc.data
        Document.model_validate(data)
    assert "adopted_on: 2025-12-01\n" in dumped
    assert "title: Về dự thảo Nghị quyết" in dumped  # Vietnamese letters, not escapes
    assert "attachments" not in dumped


@pytest.mark.skipif(not SEED.exists(), reason="seed documents not available")
def test_the_sample_resolution_is_the_importers_output_on_the_seed():
    [doc] = import_file(SEED)
    doc.data["id"] = "nq-dan-chu-co-so-bach-quang"
    stored = SAMPLE.read_text(encoding="utf-8")
    body = "\n".join(line for line in stored.split("\n") if not line.startswith("#"))
    assert body == dump_yaml([doc])
    model = Document.model_validate(yaml.safe_load(stored))
    assert model.status == "adopted" and str(model.adopted_on) == "2025-12-19" and model.number is None


@pytest.mark.parametrize("seed", ["ninh-binh-30-2024-nq-hdnd.txt", "bach-quang-nq-hdnd-2025.txt"])
def test_imported_seed_passes_check_and_builds_a_page_with_its_text(ward, seed):
    from click.testing import CliRunner

    from generator.cli import main
    from tests.sitecheck import visible_text

    out = ward / "data" / "van-ban" / "nhap.yaml"
    imported = CliRunner().invoke(main, ["import", str(SEEDS / seed), "-o", str(out), "--id", "nhap-thu"])
    assert imported.exit_code == 0, imported.output
    assert "dòng" in imported.stderr  # the guesses are listed with their source lines
    checked = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", "2026-11-22"])
    assert checked.exit_code == 0, checked.output
    built = CliRunner().invoke(main, ["build", "-C", str(ward), "--today", "2026-11-22"])
    assert built.exit_code == 0, built.output
    words = lambda text: [w.casefold() for w in re.findall(r"\w+", text.replace("*", " "))]
    source = (SEEDS / seed).read_text(encoding="utf-8")
    shown = words(visible_text(ward / "site" / "van-ban" / "nhap-thu" / "index.html"))
    position = 0
    for word in words(source[source.index("Căn cứ"):]):
        position = shown.index(word, position) + 1
