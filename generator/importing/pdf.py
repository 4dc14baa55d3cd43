"""Read a PDF's text layer in reading order: the two-column header and signature block kept apart,
page numbers, running headers and footers and digital-signature stamps dropped, and lines broken by
the layout joined again. Pages without a usable text layer are handed to OCR."""

from __future__ import annotations

from pathlib import Path

from ..legal_text.encoding import ImportProblem
from .layout import Line, drop_repeated, join_pages, page_lines, table_line
from .ocr import ocr_pdf_page, usable_text
from .source import Extracted, OcrPage

def read_pdf(path: Path, force_ocr: bool = False) -> Extracted:
    """Return the text of a PDF; pages with no usable text layer are OCR'd and say so."""
    import pdfplumber  # noqa: PLC0415
    from pdfminer.pdfparser import PDFSyntaxError  # noqa: PLC0415

    try:
        pdf = pdfplumber.open(str(path))
    except (PDFSyntaxError, ValueError, OSError, KeyError, TypeError, AttributeError) as error:
        raise ImportProblem("không mở được tệp PDF này (tệp hỏng hoặc không phải PDF). Cách sửa: mở tệp bằng "
                            "trình đọc PDF, in lại ra PDF (Microsoft Print to PDF) rồi nhập lại.", path) from error
    except Exception as error:  # pdfminer raises many kinds on damaged files
        raise ImportProblem(f"tệp PDF bị hỏng, không đọc được ({type(error).__name__}). Cách sửa: in lại ra PDF "
                            "rồi nhập lại.", path) from error
    extracted = Extracted("")
    pages: list[list[Line]] = []
    try:
        with pdf:
            extracted.pages = len(pdf.pages)
            for number, page in enumerate(pdf.pages, 1):
                words = page.extract_words(x_tolerance=1.5, y_tolerance=3, extra_attrs=["size"])
                found = body_tables(page)
                lines = page_lines([w for w in words if not any(_inside(w, table.bbox) for table in found)])
                text = "\n".join(line.text for line in lines)
                if force_ocr or not usable_text(text):
                    words, confidence = ocr_pdf_page(path, number)
                    extracted.ocr.append(OcrPage(number, confidence))
                    lines, found = page_lines(words), []
                    if text.strip() and not force_ocr:
                        extracted.warn(1, f"Trang {number} có lớp chữ ẩn nhưng chữ sai (không dấu hoặc lỗi mã); "
                                       "đã nhận dạng lại từ ảnh (OCR).")
                for table in found:
                    rows = [[" ".join((cell or "").split()) for cell in row] for row in table.extract(x_tolerance=1.5, y_tolerance=3)]
                    marker = extracted.add_table(rows[0], rows[1:])
                    _insert(lines, table_line(marker, table.bbox))
                pages.append(lines)
    except ImportProblem:
        raise
    except Exception as error:  # a page that pdfminer cannot interpret
        raise ImportProblem(f"không đọc được nội dung tệp PDF ({type(error).__name__}). Cách sửa: in lại ra PDF "
                            "rồi nhập lại.", path) from error
    extracted.text = "\n".join(join_pages(drop_repeated(pages), extracted.page_of))
    return extracted


def body_tables(page) -> list:
    """The ruled tables of a page's body. A small table of at most two columns and three rows is the
    layout of the header or the signature block, read as lines as before; merged cells come out empty."""
    tables = []
    for table in page.find_tables():
        rows = table.extract()
        if rows and (max(len(row) for row in rows) > 2 or len(rows) > 3):
            tables.append(table)
    return tables


def _inside(word: dict, bbox: tuple) -> bool:
    x0, top, x1, bottom = bbox
    middle_x, middle_y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _insert(lines: list[Line], line: Line) -> None:
    """Put a table's line among the page's lines at its height."""
    index = next((i for i, other in enumerate(lines) if other.top > line.top), len(lines))
    lines.insert(index, line)
