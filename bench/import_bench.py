"""Import speed and OCR accuracy on the test fixtures (method in bench/README.md, "Import").

Run: .venv/bin/python bench/import_bench.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.importing.doc import _with_antiword, _with_libreoffice, office_program  # noqa: E402
from generator.importing.ocr import ocr_pdf_page  # noqa: E402
from generator.importing.pdf import read_pdf  # noqa: E402
from tests import import_fixtures as fx  # noqa: E402
from tests.test_import_word import OPERATIVE, word_file  # noqa: E402

PAGES_OF_LONG = 10


def _timed(call, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = call()
    return (time.perf_counter() - start) / repeat, result


def _long_html() -> str:
    """The fixture decision with its articles repeated until it runs to about ten pages."""
    fx.ARTICLES[:] = fx.ARTICLES * 5
    return fx.decision_html()


def bench_text_pdf(folder: Path) -> None:
    import pdfplumber
    import pypdfium2
    from pdfminer.high_level import extract_text

    pdf = fx.print_pdf(_long_html(), folder / "long.pdf")
    with pdfplumber.open(str(pdf)) as opened:
        pages = len(opened.pages)
    expected = fx.words("\n".join(fx.operative_lines()))
    print(f"\nText-layer PDF: {pages} pages (Chromium-printed fixture decision, articles repeated)")
    print("| library | s/page | pages/s | header cells kept apart | stamp lines dropped | operative words in order |")
    print("|---|---:|---:|---|---|---:|")

    def pdfium_text():
        document = pypdfium2.PdfDocument(str(pdf))
        return "\n".join(page.get_textpage().get_text_range() for page in document)

    for name, call in (("pypdfium2 (raw text)", pdfium_text), ("pdfminer.six (extract_text)", lambda: extract_text(str(pdf))),
                       ("pdfplumber + congkhai layout (chosen)", lambda: read_pdf(pdf).text)):
        seconds, text = _timed(call, 3)
        text = unicodedata.normalize("NFC", text)
        lines = [line.strip() for line in text.split("\n")]
        header = "Bách Quang, ngày 12 tháng 3 năm 2025" in lines and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
        stamp = "Ký bởi" not in text
        share = fx.coverage(expected, fx.words(text))
        print(f"| {name} | {seconds / pages:.3f} | {pages / seconds:.1f} | {'yes' if header else 'no'} | "
              f"{'yes' if stamp else 'no'} | {share:.1%} |")


def bench_ocr(folder: Path) -> None:
    fx.ARTICLES[:] = fx.ARTICLES[:4]
    pdf = fx.print_pdf(fx.decision_html(stamp=False), folder / "qd.pdf")  # paper copies carry no e-signature stamp
    scan = fx.scan_pdf(pdf, folder)
    seconds, extracted = _timed(lambda: read_pdf(scan))
    reference = fx.words(read_pdf(pdf).text)
    got = fx.words(extracted.text)
    accuracy = fx.coverage(reference, got)
    extra = len(got) - round(accuracy * len(reference))
    print(f"\nOCR (Tesseract {tesseract_version()}, vie, 300 dpi, --psm 4): {extracted.pages} scanned pages")
    print(f"- {seconds / extracted.pages:.1f} s/page ({extracted.pages / seconds:.2f} pages/s), including pdftoppm")
    print(f"- word accuracy {accuracy:.1%} ({round(accuracy * len(reference))}/{len(reference)} words of the text layer "
          f"found in order; {extra} extra or wrong words)")
    print(f"- Tesseract's mean confidence per page: {', '.join(f'{p.page}: {p.confidence}' for p in extracted.ocr)}")
    single, _ = _timed(lambda: ocr_pdf_page(scan, 1))
    print(f"- one page alone: {single:.1f} s")


def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout
    return re.search(r"[\d.]+", out).group(0) if out else "?"


def bench_doc(folder: Path) -> None:
    source = word_file(folder / "qd-41.docx", date_field=False)
    program = office_program()
    subprocess.run([program, f"-env:UserInstallation={(folder / 'p').as_uri()}", "--headless", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(folder), str(source)], check=True, capture_output=True)
    old = folder / "qd-41.doc"
    expected = fx.words(OPERATIVE)
    print("\nWord 97–2003 (.doc), the Word fixture saved by LibreOffice")
    print("| converter | s/file | operative words in order | clause numbers kept | table rows kept | diacritics intact |")
    print("|---|---:|---:|---|---|---|")
    for name, call in (("antiword -m UTF-8.txt", lambda: _with_antiword(old)),
                       ("LibreOffice headless → .docx (chosen)", lambda: _with_libreoffice(program, old))):
        seconds, extracted = _timed(call)
        text = extracted.text
        lines = [line.strip() for line in text.split("\n")]
        clauses = "1. Hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2022 - 2025;" in lines
        table = any(re.fullmatch(r"Hộ nghèo\s*\|\s*500\.000\s*\|\s*đồng", line) for line in lines)
        marks = "Chi trả trước ngày 30 tháng 4" in text and "ngân sách phường bảo đảm" in text
        share = fx.coverage(expected, fx.words(text))
        print(f"| {name} | {seconds:.2f} | {share:.1%} | {'yes' if clauses else 'no'} | {'yes' if table else 'no'} | "
              f"{'yes' if marks else 'no'} |")


def main() -> None:
    for tool in ("tesseract", "pdftoppm", "antiword"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (make chromium installs the Debian packages)")
    with tempfile.TemporaryDirectory() as folder:
        bench_text_pdf(Path(folder))
    with tempfile.TemporaryDirectory() as folder:
        bench_ocr(Path(folder))
    with tempfile.TemporaryDirectory() as folder:
        bench_doc(Path(folder))


if __name__ == "__main__":
    main()
