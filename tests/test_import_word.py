"""Word files as wards have them: header, recipients and signature in tables, Word list numbering
(including lists that number every paragraph: "2. a) …"), tracked changes, bookmarks, comments,
fields, text boxes, body tables, runs in TCVN3/VNI fonts; and the same file saved as Word 97–2003."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.data.models import Document
from generator.importing.doc import office_program, read_doc
from generator.importing.docx import read_docx
from generator.importing.importer import import_file
from generator.legal_text.document import render_text
from generator.legal_text.encoding import encode_legacy
from tests.import_fixtures import coverage, words

W = nsdecls("w")
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
# List 90: clauses "1." and points "a)" by level; list 91 numbers every paragraph "1.", "2.", …
NUMBERING = [
    f'<w:abstractNum {W} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>',
    f'<w:abstractNum {W} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>',
]
NUMS = [f'<w:num {W} w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>' for n in (90, 91)]

OPERATIVE = """QUYẾT ĐỊNH:
Điều 1. Đối tượng hỗ trợ
1. Hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2022 - 2025;
2. Hộ cận nghèo có thành viên đang hưởng trợ cấp xã hội hằng tháng.
Điều 2. Mức hỗ trợ
1. Mức hỗ trợ theo bảng sau:
Đối tượng | Mức | Đơn vị
Hộ nghèo | 500.000 | đồng
Hộ cận nghèo | 300.000 | đồng
2. Kinh phí hỗ trợ do ngân sách phường bảo đảm.
Điều 3. Tổ chức thực hiện
1. Giao Ủy ban nhân dân phường:
a) Lập danh sách hộ được hỗ trợ;
b) Chi trả trước ngày 30 tháng 4 năm 2025.
2. Quyết định này có hiệu lực kể từ ngày 15 tháng 3 năm 2025."""


def _numbered(document, text: str, num_id: int, level: int = 0):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def _legacy_run(paragraph, text: str, font: str, encoding: str) -> None:
    run = paragraph.add_run(encode_legacy(text, encoding))
    run._r.get_or_add_rPr().append(parse_xml(f'<w:rFonts {W} w:ascii="{font}" w:hAnsi="{font}"/>'))


def word_file(path: Path, date_field: bool = True) -> Path:
    """A decision of a ward People's Committee as a clerk's .docx has it. LibreOffice recomputes a DATE
    field when it converts (to today's date), so the Word 97 copy is made without one."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for xml in NUMBERING:
        (first_num.addprevious if first_num is not None else numbering.append)(parse_xml(xml))
    for xml in NUMS:
        numbering.append(parse_xml(xml))
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nPHƯỜNG BÁCH QUANG\nSố: 41/QĐ-UBND"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    dated = header.cell(0, 1).add_paragraph("Bách Quang, ngày " + ("" if date_field else "12"))
    if date_field:  # a DATE field: the code is not text, its stored result is
        for xml in ('<w:fldChar w:fldCharType="begin"/>', '<w:instrText xml:space="preserve"> DATE \\@ "dd" </w:instrText>',
                    '<w:fldChar w:fldCharType="separate"/>', "<w:t>12</w:t>", '<w:fldChar w:fldCharType="end"/>'):
            dated._p.append(parse_xml(f"<w:r {W}>{xml}</w:r>"))
    dated.add_run(" tháng 3 năm 2025")
    _legacy_run(document.add_paragraph(), "quyết định", ".VnTimeH", "TCVN3 (ABC)")  # capitals font
    document.add_paragraph("Về việc hỗ trợ hộ nghèo, hộ cận nghèo đón Tết")
    document.add_paragraph("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BÁCH QUANG")
    document.add_paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;")
    document.add_paragraph("QUYẾT ĐỊNH:")
    document.add_paragraph("Điều 1. Đối tượng hỗ trợ")
    clause = _numbered(document, "", 90)
    clause._p.append(parse_xml(f'<w:bookmarkStart {W} w:id="0" w:name="_GoBack"/>'))
    clause._p.append(parse_xml(f'<w:bookmarkEnd {W} w:id="0"/>'))
    clause.add_run("Hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2022 - 2025;")
    tracked = _numbered(document, "Hộ cận nghèo ", 90)
    tracked._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="A" w:date="2025-03-10T00:00:00Z"><w:r>'
                                '<w:delText>có người khuyết tật</w:delText></w:r></w:del>'))
    tracked._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="A" w:date="2025-03-10T00:00:00Z"><w:r>'
                                '<w:t>có thành viên đang hưởng trợ cấp xã hội hằng tháng.</w:t></w:r></w:ins>'))
    document.add_comment(tracked.runs[0], text="Xem lại đối tượng", author="Văn phòng")  # comment text is not body text
    document.add_paragraph("Điều 2. Mức hỗ trợ")
    _numbered(document, "Mức hỗ trợ theo bảng sau:", 91)
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Đối tượng", "Mức", "Đơn vị"), ("Hộ nghèo", "500.000", "đồng"),
                                       ("Hộ cận nghèo", "300.000", "đồng")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    _legacy_run(_numbered(document, "", 91), "Kinh phí hỗ trợ do ngân sách phường bảo đảm.", "VNI-Times", "VNI")
    document.add_paragraph("Điều 3. Tổ chức thực hiện")
    # Word numbers every paragraph of this list; the clerk typed the point letters by hand.
    restart = '<w:num {W} w:numId="92"><w:abstractNumId w:val="91"/></w:num>'.format(W=W)
    numbering.append(parse_xml(restart))
    _numbered(document, "Giao Ủy ban nhân dân phường:", 92)
    _numbered(document, "a) Lập danh sách hộ được hỗ trợ;", 92)
    _legacy_run(_numbered(document, "b) ", 92), "Chi trả trước ngày 30 tháng 4 năm 2025.", ".VnTime", "TCVN3 (ABC)")
    _numbered(document, "Quyết định này có hiệu lực kể từ ngày 15 tháng 3 năm 2025.", 92)
    footer = document.add_table(rows=1, cols=2)
    footer.cell(0, 0).text = "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT."
    footer.cell(0, 1).text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Thị Bình"
    document.save(path)
    return path


def _check(data: dict) -> None:
    assert (data["type"], data["number"], data["issuer"]) == ("quyet_dinh", "41/QĐ-UBND", "Ủy ban nhân dân phường Bách Quang")
    assert (data["adopted_on"], data["effective_on"]) == ("2025-03-12", "2025-03-15")
    assert data["title"] == "Về việc hỗ trợ hộ nghèo, hộ cận nghèo đón Tết"
    articles = data["articles"]
    assert [a["number"] for a in articles] == [1, 2, 3]
    assert [[c["number"] for c in a["clauses"]] for a in articles] == [[1, 2], [1, 2], [1, 2]]
    assert [p["letter"] for p in articles[2]["clauses"][0]["points"]] == ["a", "b"]
    assert data["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Thị Bình"}
    assert data["recipients"] == ["Như Điều 3", "Lưu: VT"]
    got = words(render_text({key: data[key] for key in ("formula", "articles")}))
    assert coverage(words(OPERATIVE), got) == 1.0
    assert "unplaced" not in data
    Document.model_validate(data)


def test_word_file_with_lists_tables_tracked_changes_and_legacy_fonts(tmp_path):
    path = word_file(tmp_path / "qd-41.docx")
    extracted = read_docx(path)
    lines = extracted.text.split("\n")
    assert "2. Hộ cận nghèo có thành viên đang hưởng trợ cấp xã hội hằng tháng." in lines  # insertion kept
    assert "khuyết tật" not in extracted.text and "DATE" not in extracted.text and "Xem lại" not in extracted.text  # deletion and field code dropped
    assert "Bách Quang, ngày 12 tháng 3 năm 2025" in lines and "QUYẾT ĐỊNH" in lines
    assert extracted.tables == [{"columns": ["Đối tượng", "Mức", "Đơn vị"],  # a body table stays a table
                                 "rows": [["Hộ nghèo", "500.000", "đồng"], ["Hộ cận nghèo", "300.000", "đồng"]]}]
    assert "a) Lập danh sách hộ được hỗ trợ;" in lines and "b) Chi trả trước ngày 30 tháng 4 năm 2025." in lines
    assert "2. Quyết định này có hiệu lực kể từ ngày 15 tháng 3 năm 2025." in lines
    messages = [w.message for w in extracted.warnings]
    assert "Word tự đánh số “2.” trước điểm “a)”; số này không phải khoản nên đã bỏ, hãy kiểm tra." in messages
    assert any(m.startswith("Văn bản được gõ bằng bảng mã cũ TCVN3 (ABC); đã chuyển sang Unicode") and ".VnTimeH" in m
               for m in messages)
    assert any(m.startswith("Văn bản được gõ bằng bảng mã cũ VNI;") and "VNI-Times" in m for m in messages)
    [doc] = import_file(path)
    _check(doc.data)


def test_text_box_is_read_once(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Trước hộp. ")
    box = ('<w:p {W}><w:r><w:t>Dự thảo lần 2</w:t></w:r></w:p>').format(W=W)
    paragraph._p.append(parse_xml(
        f'<w:r {W} {MC}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>{box}'
        f'</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{box}</w:txbxContent>'
        '</w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    document.save(tmp_path / "hop.docx")
    text = read_docx(tmp_path / "hop.docx").text
    assert text.count("Dự thảo lần 2") == 1 and text.split("\n")[:2] == ["Trước hộp. ", "Dự thảo lần 2"]


def _to_doc(source: Path, folder: Path) -> Path:
    program = office_program()
    if not program:
        pytest.skip("LibreOffice is not installed (run `make chromium` as root to install the test tools)")
    profile = (folder / "profile").as_uri()
    subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc:MS Word 97",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return folder / (source.stem + ".doc")


@pytest.fixture(scope="module")
def old_doc(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("doc")
    return _to_doc(word_file(folder / "qd-41.docx", date_field=False), folder)


def test_word_97_file_is_converted_and_read(old_doc):
    old = old_doc
    assert old.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    extracted = read_doc(old)
    assert extracted.converter == "LibreOffice"
    [doc] = import_file(old)
    _check(doc.data)


def test_a_file_named_doc_that_is_not_word_is_refused_in_vietnamese(tmp_path):
    path = tmp_path / "nq.doc"
    path.write_bytes(b"not a word file")
    with pytest.raises(Exception) as raised:
        import_file(path)
    assert str(raised.value) == (f"{path}: tệp có đuôi .doc nhưng không phải tệp Word 97–2003 (có thể là tệp hỏng "
                                 "hoặc đổi đuôi). Cách sửa: mở tệp bằng Word, lưu lại dạng .docx rồi nhập lại.")


def test_antiword_is_available_as_the_fallback(old_doc):
    if not shutil.which("antiword"):
        pytest.skip("antiword is not installed")
    from generator.importing.doc import _with_antiword

    extracted = _with_antiword(old_doc)
    assert "Số: 41/QĐ-UBND" in extracted.text and extracted.converter == "antiword"


def _faketime_library() -> str:
    found = sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))
    if not found or not shutil.which("faketime"):
        pytest.skip("faketime is not installed (run `make chromium` as root to install the test tools)")
    return str(found[0])


@pytest.fixture(scope="module")
def doc_with_a_date_field(tmp_path_factory) -> Path:
    """A .doc saved on 12 March 2025 whose date line is a DATE field (Word keeps the value "12")."""
    library = _faketime_library()
    program = office_program()
    if not program:
        pytest.skip("LibreOffice is not installed (run `make chromium` as root to install the test tools)")
    folder = tmp_path_factory.mktemp("date-field")
    source = word_file(folder / "qd-41.docx", date_field=True)
    subprocess.run([program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "LD_PRELOAD": library, "FAKETIME": "@2025-03-12 09:00:00"})
    return folder / "qd-41.doc"


def _on_the_30th(monkeypatch) -> None:
    """LibreOffice (a child process) converts as if on 30 November 2026: a DATE field then shows "30"."""
    monkeypatch.setenv("LD_PRELOAD", _faketime_library())
    monkeypatch.setenv("FAKETIME", "@2026-11-30 09:00:00")


def test_a_date_field_of_a_word_97_file_keeps_the_date_written_in_it(doc_with_a_date_field, monkeypatch):
    if not shutil.which("antiword"):
        pytest.skip("antiword is not installed (run `make chromium` as root to install the test tools)")
    _on_the_30th(monkeypatch)
    [doc] = import_file(doc_with_a_date_field)
    _check(doc.data)  # adopted on 2025-03-12, not 2025-03-30
    assert 'Dòng “Bách Quang, ngày 12 tháng 3 năm 2025” có trường ngày tự cập nhật của Word (DATE): đã lấy giá trị ghi ' \
           "trong tệp (“12”), không phải ngày chuyển tệp. Hãy đối chiếu với bản giấy." in [w.message for w in doc.warnings]


def test_without_antiword_a_date_field_is_pointed_out_to_the_clerk(doc_with_a_date_field, monkeypatch):
    import generator.importing.doc as doc_reader

    which = shutil.which
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None if name == "antiword" else which(name))
    _on_the_30th(monkeypatch)
    [doc] = import_file(doc_with_a_date_field)
    assert doc.data["adopted_on"] == "2025-03-30"  # what LibreOffice shows; the warning says so
    assert 'Dòng “Bách Quang, ngày 30 tháng 3 năm 2025” có trường ngày tự cập nhật của Word (DATE): khi chuyển tệp .doc, ' \
           "giá trị “30” là ngày hôm nay, không phải ngày ghi trong tệp. Hãy sửa theo bản giấy (hoặc cài antiword để đọc được " \
           "giá trị ghi trong tệp)." in [w.message for w in doc.warnings]
