"""Recognise the text of scanned pages with Tesseract and its Vietnamese model, page by page, with
Tesseract's own confidence; and tell a usable PDF text layer from a useless hidden one."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from ..legal_text.encoding import ImportProblem, legacy_encoding
from .layout import drop_repeated, join_pages, page_lines
from .source import Extracted, OcrPage

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
RESOLUTION = 300  # dots per inch a PDF page is rendered at before OCR
_MOJIBAKE_RE = re.compile("Ã.|Ä.|Æ°|á»|áº|Ä‘|\ufffd")


def ocr_available() -> str | None:
    """Return why OCR cannot run here (in Vietnamese), or None when Tesseract with Vietnamese is ready."""
    if not shutil.which("tesseract"):
        return "chưa cài Tesseract (gói tesseract-ocr)"
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "không chạy được Tesseract"
    if "vie" not in langs.split():
        return "chưa cài bộ nhận dạng tiếng Việt của Tesseract (gói tesseract-ocr-vie)"
    return None


def usable_text(text: str) -> bool:
    """Tell a real Vietnamese text layer from none, one without diacritics, or mojibake."""
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 8:
        return False
    if legacy_encoding(text) or len(_MOJIBAKE_RE.findall(text)) * 20 > len(words):
        return False
    marked = sum(1 for word in words if any(ord(char) > 127 for char in word))
    return marked * 8 >= len(words)  # Vietnamese prose has a diacritic in far more than 1 word in 8


def read_image(path: Path) -> Extracted:
    """OCR one image file (a scanned page)."""
    words, confidence = _tesseract(path, path)
    text = "\n".join(join_pages(drop_repeated([page_lines(words)])))
    return Extracted(text, pages=1, ocr=[OcrPage(1, confidence)])


def ocr_pdf_page(path: Path, number: int) -> tuple[list[dict], float]:
    """Render one PDF page with pdftoppm and OCR it; return its text and mean confidence."""
    if not shutil.which("pdftoppm"):
        raise ImportProblem(f"trang {number} là ảnh quét nhưng máy chưa cài pdftoppm (gói poppler-utils) để "
                            "chuyển trang thành ảnh. Cách sửa: cài gói poppler-utils rồi nhập lại.", path)
    with tempfile.TemporaryDirectory(prefix="congkhai-ocr-") as folder:
        stem = Path(folder) / "page"
        done = subprocess.run(["pdftoppm", "-r", str(RESOLUTION), "-gray", "-png", "-f", str(number), "-l", str(number),
                               "-singlefile", str(path), str(stem)], capture_output=True, timeout=300)
        image = stem.with_suffix(".png")
        if done.returncode != 0 or not image.exists():
            raise ImportProblem(f"không chuyển được trang {number} thành ảnh để nhận dạng chữ. Cách sửa: in lại "
                                "tệp ra PDF rồi nhập lại.", path)
        return _tesseract(image, path)


def _tesseract(image: Path, source: Path) -> tuple[list[dict], float]:
    """Run Tesseract (Vietnamese) on an image; return its words and their mean confidence."""
    missing = ocr_available()
    if missing:
        raise ImportProblem(f"tệp là ảnh quét, cần nhận dạng chữ (OCR) nhưng máy {missing}. Cách sửa: cài gói "
                            "tesseract-ocr và tesseract-ocr-vie (chạy `make test` trên Debian sẽ tự cài) rồi nhập lại.",
                            source)
    try:
        done = subprocess.run(["tesseract", str(image), "stdout", "-l", "vie", "--psm", "4", "tsv"],
                              capture_output=True, timeout=600)
    except subprocess.TimeoutExpired as error:
        raise ImportProblem("nhận dạng chữ quá lâu (hơn 10 phút một trang). Cách sửa: quét lại ảnh rõ hơn.",
                            source) from error
    if done.returncode != 0:
        raise ImportProblem("không nhận dạng được chữ trong ảnh (tệp ảnh hỏng hoặc định dạng lạ). Cách sửa: "
                            "lưu lại ảnh dạng PNG hoặc JPG rồi nhập lại.", source)
    return parse_tsv(done.stdout.decode("utf-8", errors="replace"), _dpi(image))


def _dpi(image: Path) -> float:
    """Return an image's resolution (PNG pHYs or JPEG/TIFF tags are not parsed: scans are 300 dpi)."""
    return RESOLUTION


def parse_tsv(tsv: str, dpi: float = RESOLUTION) -> tuple[list[dict], float]:
    """Turn Tesseract's TSV output into words placed in points, like a PDF's, and their mean confidence."""
    scale = 72 / dpi
    words: list[dict] = []
    confidences: list[float] = []
    line_box: dict[tuple[str, ...], tuple[float, float]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        try:
            left, top, width, height, confidence = (float(cell) for cell in cells[6:11])
        except ValueError:
            continue
        if cells[0] == "4":  # a line: its words share its top and bottom, whatever their accents
            line_box[tuple(cells[1:5])] = (top, top + height)
        if cells[0] != "5" or not cells[11].strip():
            continue
        top, bottom = line_box.get(tuple(cells[1:5]), (top, top + height))
        height = bottom - top
        confidences.append(confidence)
        words.append({"text": unicodedata.normalize("NFC", cells[11].strip()), "x0": left * scale,
                      "x1": (left + width) * scale, "top": top * scale, "bottom": (top + height) * scale,
                      "size": 12.0})
    mean = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
    return words, mean
