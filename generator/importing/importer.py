"""Read Word and text files of Vietnamese legal documents and write them out as YAML data."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import yaml

from ..legal_text.body import ParseWarning
from ..legal_text.document import ParsedDocument, parse_document
from ..legal_text.encoding import ImportProblem, legacy_encoding
from .doc import read_doc
from .docx import read_docx
from .ocr import IMAGE_SUFFIXES, read_image
from .pdf import read_pdf
from .source import Extracted

DATE_KEYS = ("adopted_on", "effective_on", "expires_on")


SUFFIXES = (".txt", ".md", ".markdown", ".text", ".docx", ".doc", ".pdf") + IMAGE_SUFFIXES


def read_source(path: Path) -> str:
    """Read a supported source file as Unicode text."""
    return extract(path).text


def extract(path: Path) -> Extracted:
    """Read any supported file (text, Word, PDF, scan) into text in reading order, with notes."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".doc":
        return read_doc(path)
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in IMAGE_SUFFIXES:
        return read_image(path)
    if suffix not in (".txt", ".md", ".markdown", ".text"):
        raise ImportProblem(
            f"chưa đọc được tệp dạng “{suffix or 'không đuôi'}”. Các dạng đọc được: .docx, .doc, .pdf, ảnh quét "
            "(.png, .jpg, .tif), .txt và .md.",
            path,
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportProblem(f"không mở được tệp ({error.strerror or error}).", path) from error
    return Extracted(_decode(raw, path))


def _decode(raw: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse everything else."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    try:
        legacy = raw.decode("cp1252")
    except UnicodeDecodeError:
        legacy = raw.decode("latin-1")
    if legacy_encoding(legacy):
        return legacy  # TCVN3 or VNI bytes: the parser converts them and warns
    raise ImportProblem(
        "tệp không được lưu bằng mã UTF-8 (có thể là Windows-1258 hoặc mã Latin cũ), nên không đọc được "
        "chữ tiếng Việt. Cách sửa: mở tệp bằng Notepad hoặc Word, chọn “Lưu thành” (Save As), chọn mã "
        "hóa UTF-8 rồi nhập lại.",
        path,
        line,
    )


def import_file(path: Path) -> list[ParsedDocument]:
    """Read one source file and parse the document(s) in it."""
    return import_extracted(path)[0]


def import_extracted(path: Path) -> tuple[list[ParsedDocument], Extracted]:
    """Read one source file, parse it, and note OCR'd pages in the data and reader notes as warnings."""
    extracted = extract(Path(path))
    try:
        docs = parse_document(extracted.text, extracted.tables)
    except ImportProblem as problem:
        raise problem.located(path) from None
    except (RecursionError, ValueError) as error:  # never a traceback for a clerk
        raise ImportProblem(f"không phân tích được nội dung ({type(error).__name__}).", path) from error
    if docs:
        docs[0].warnings[:0] = extracted.warnings
    if extracted.page_of:  # a PDF's line numbers mean little to a clerk without the page
        for doc in docs:
            doc.warnings = [_on_page(warning, extracted) for warning in doc.warnings]
    for doc in docs:
        if extracted.ocr:
            doc.data["ocr"] = [{"page": page.page, "confidence": page.confidence} for page in extracted.ocr]
            pages = ", ".join(f"trang {p.page} ({p.confidence:.0f}%)" for p in extracted.ocr)
            doc.warnings.insert(0, ParseWarning(1, f"Chữ được nhận dạng từ ảnh (OCR): {pages}. Hãy đối chiếu từng chữ "
                                                  "với bản gốc rồi xóa trường ocr."))
    return docs, extracted


def _on_page(warning: ParseWarning, extracted: Extracted) -> ParseWarning:
    page = extracted.page(warning.line)
    if not page or warning.message.startswith("Trang "):
        return warning
    return ParseWarning(warning.line, f"(trang {page}) {warning.message}")


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with long text folded and dates unquoted."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if len(value) > 80 and "\n" not in value and value == value.strip() and "  " not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(docs: list[ParsedDocument]) -> str:
    """Write parsed documents as readable YAML, one YAML document each."""
    texts = []
    for doc in docs:
        data = {key: _as_date(key, value) for key, value in doc.data.items()}
        data["illustrative"] = False
        texts.append(
            yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
        )
    return "---\n".join(texts)


def _as_date(key: str, value: object) -> object:
    if key in DATE_KEYS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value
