"""PDFs as wards have them: printed from an official layout (two-column header, page numbers, running
footer, e-signature stamp), scanned (image only), or scanned with a useless hidden text layer."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from generator.data.models import Document
from generator.importing.importer import dump_yaml, import_extracted
from generator.importing.ocr import ocr_available, read_image
from generator.legal_text.document import render_text
from tests.import_fixtures import (
    ARTICLES,
    NUMBER,
    RECIPIENTS,
    SIGNER,
    STAMP,
    coverage,
    decision_html,
    need,
    operative_lines,
    print_pdf,
    scan_pdf,
    words,
)

CLAUSES = [len(clauses) for _, clauses in ARTICLES]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    return print_pdf(decision_html(), tmp_path_factory.mktemp("pdf") / "qd-35.pdf")


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    """The signed paper copy: printed without the e-signature stamp, which only digital copies carry."""
    return print_pdf(decision_html(stamp=False), tmp_path_factory.mktemp("paper") / "qd-35-giay.pdf")


@pytest.fixture(scope="module")
def scanned(paper, tmp_path_factory) -> Path:
    _need_ocr()
    return scan_pdf(paper, tmp_path_factory.mktemp("scan"))


def _need_ocr() -> None:
    need("pdftoppm")
    if missing := ocr_available():
        pytest.skip(f"OCR cannot run here: {missing} (run `make chromium` as root)")


def _structure(data: dict) -> tuple:
    articles = data.get("articles", [])
    return ([len(a.get("clauses", [])) for a in articles],
            [len(c.get("points", [])) for a in articles for c in a.get("clauses", [])])


def _operative(data: dict) -> list[str]:
    text = render_text({key: data[key] for key in ("formula", "articles") if key in data})
    return words(text)


def test_text_pdf_reads_header_columns_body_and_signature(printed):
    [doc], extracted = import_extracted(printed)
    data = doc.data
    assert extracted.pages == 2 and not extracted.ocr and "ocr" not in data
    assert (data["type"], data["number"], data["issuer"], data["place"]) == (
        "quyet_dinh", NUMBER, "Ủy ban nhân dân phường Bách Quang", "Bách Quang")
    assert (data["adopted_on"], data["effective_on"]) == ("2025-03-12", "2025-03-15")
    assert data["title"] == "Về việc ban hành quy chế tiếp công dân của Ủy ban nhân dân phường Bách Quang"
    assert [a["number"] for a in data["articles"]] == [1, 2, 3, 4]
    assert _structure(data) == (CLAUSES, [0, 0, 0, 0, 5, 0, 0, 0, 0])
    assert [p["letter"] for p in data["articles"][1]["clauses"][2]["points"]] == ["a", "b", "c", "d", "đ"]
    assert data["signer"] == {"authority": SIGNER[0], "title": SIGNER[1], "name": SIGNER[2]}
    assert data["recipients"] == [item.rstrip(";.") for item in RECIPIENTS]
    assert coverage(words("\n".join(operative_lines())), _operative(data)) == 1.0
    assert "unplaced" not in data
    Document.model_validate(data)


def test_text_pdf_drops_stamp_page_numbers_and_running_footer(printed):
    [doc], _ = import_extracted(printed)
    text = dump_yaml([doc])
    for stamp_line in STAMP:
        assert stamp_line not in text
    assert "ubnd@bachquang.gov.vn" not in text and "16:05:11" not in text and "Ký bởi" not in text
    assert "Trang" not in text and "35/QĐ-UBND - " not in text
    # a clause broken across the page width (and the page break) is one clause again
    clause = doc.data["articles"][1]["clauses"][0]["text"]
    assert clause.endswith("khi có việc đột xuất thì ủy quyền cho một Phó Chủ tịch tiếp thay.")


def test_scanned_pdf_is_ocred_and_says_so(scanned):
    [doc], extracted = import_extracted(scanned)
    data = doc.data
    assert [page.page for page in extracted.ocr] == [1, 2]
    assert all(50 < page.confidence <= 100 for page in extracted.ocr)
    assert data["ocr"] == [{"page": p.page, "confidence": p.confidence} for p in extracted.ocr]
    assert doc.warnings[0].message.startswith("Chữ được nhận dạng từ ảnh (OCR): trang 1 (")
    assert (data["type"], data["number"], data["adopted_on"]) == ("quyet_dinh", NUMBER, "2025-03-12")
    assert [a["number"] for a in data["articles"]] == [1, 2, 3, 4]
    assert _structure(data)[0] == CLAUSES
    assert data["signer"]["name"] == SIGNER[2]
    assert coverage(words("\n".join(operative_lines())), _operative(data)) >= 0.97
    model = Document.model_validate(data)
    assert [page.page for page in model.ocr] == [1, 2]


def test_garbage_hidden_text_layer_is_replaced_by_ocr(paper, tmp_path):
    _need_ocr()
    unaccented = unicodedata.normalize("NFD", "\n".join(operative_lines())).encode("ascii", "ignore").decode()
    pdf = scan_pdf(paper, tmp_path, hidden_text=unaccented, last_page=1)
    [doc], extracted = import_extracted(pdf)
    assert [page.page for page in extracted.ocr] == [1]
    assert any("lớp chữ ẩn nhưng chữ sai" in warning.message for warning in doc.warnings)
    assert doc.data["number"] == NUMBER and [a["number"] for a in doc.data["articles"]][:2] == [1, 2]


def test_scanned_image_is_ocred(scanned, tmp_path):
    image = tmp_path / "trang-1.png"
    shutil.copy(scanned.parent / "page-1.png", image)
    extracted = read_image(image)
    assert extracted.ocr[0].page == 1 and extracted.ocr[0].confidence > 50
    lines = extracted.text.split("\n")
    assert lines[0] == "ỦY BAN NHÂN DÂN PHƯỜNG BÁCH QUANG" and lines[1].startswith("Số: 35/Q")
    assert any(line.startswith("Điều 1. Phạm v") for line in lines)  # OCR may misread a tone mark
    assert not any("Trang 1/2" in line for line in lines)  # the running footer, known by its page count


def test_text_that_cannot_be_placed_is_kept_and_named_with_its_page(tmp_path):
    html = decision_html().replace(
        "<p><b>Điều 1.", '<p style="page-break-before: always" class="c">Chương I</p><p class="c">QUY ĐỊNH CHUNG</p>'
        "<p>Đoạn ghi chú nằm lạc giữa tên chương và điều đầu tiên.</p><p><b>Điều 1.", 1)
    [doc], extracted = import_extracted(print_pdf(html, tmp_path / "chuong.pdf"))
    assert doc.data["unplaced"] == ["Đoạn ghi chú nằm lạc giữa tên chương và điều đầu tiên."]
    [warning] = [w for w in doc.warnings if "unplaced" in w.message]
    assert warning.message == ("(trang 2) Đoạn văn nằm giữa tên chương và điều đầu tiên; đã đưa vào mục unplaced, "
                               "hãy xem lại.")
    assert extracted.text.split("\n")[warning.line - 1] == "Đoạn ghi chú nằm lạc giữa tên chương và điều đầu tiên."
    assert [a["number"] for a in doc.data["chapters"][0]["articles"]] == [1, 2, 3, 4]
