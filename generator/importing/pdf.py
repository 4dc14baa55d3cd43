"""Read a PDF's text layer in reading order: the two-column header and signature block kept apart,
page numbers, running headers and footers and digital-signature stamps dropped, and lines broken by
the layout joined again. Pages without a usable text layer are handed to OCR."""

from __future__ import annotations

from pathlib import Path

from ..legal_text.encoding import ImportProblem
from .layout import Line, drop_repeated, join_pages, page_lines
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
                lines = page_lines(words)
                text = "\n".join(line.text for line in lines)
                if force_ocr or not usable_text(text):
                    words, confidence = ocr_pdf_page(path, number)
                    extracted.ocr.append(OcrPage(number, confidence))
                    lines = page_lines(words)
                    if text.strip() and not force_ocr:
                        extracted.warn(1, f"Trang {number} có lớp chữ ẩn nhưng chữ sai (không dấu hoặc lỗi mã); "
                                       "đã nhận dạng lại từ ảnh (OCR).")
                pages.append(lines)
    except ImportProblem:
        raise
    except Exception as error:  # a page that pdfminer cannot interpret
        raise ImportProblem(f"không đọc được nội dung tệp PDF ({type(error).__name__}). Cách sửa: in lại ra PDF "
                            "rồi nhập lại.", path) from error
    extracted.text = "\n".join(join_pages(drop_repeated(pages), extracted.page_of))
    return extracted
