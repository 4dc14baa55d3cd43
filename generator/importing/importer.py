"""Read Word and text files of Vietnamese legal documents and write them out as YAML data."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import yaml

from ..legal_text.document import ParsedDocument, parse_document
from ..legal_text.encoding import ImportProblem, legacy_problem

DATE_KEYS = ("adopted_on", "effective_on", "expires_on")


def read_source(path: Path) -> str:
    """Read a .txt, .md or .docx source as Unicode text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix not in (".txt", ".md", ".markdown", ".text"):
        raise ImportProblem(
            f"chưa đọc được tệp dạng “{suffix or 'không đuôi'}”. Cách sửa: với tệp Word cũ (.doc) hãy mở bằng "
            "Word và lưu thành .docx; với PDF hãy chép nội dung ra tệp .txt (mã UTF-8).",
            path,
        )
    return _decode(path.read_bytes(), path)


def _decode(raw: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse everything else."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    guessed = legacy_problem(raw.decode("cp1252", errors="replace"))
    if guessed:
        raise guessed.located(path)
    raise ImportProblem(
        "tệp không được lưu bằng mã UTF-8 (có thể là Windows-1258 hoặc mã Latin cũ), nên không đọc được "
        "chữ tiếng Việt. Cách sửa: mở tệp bằng Notepad hoặc Word, chọn “Lưu thành” (Save As), chọn mã "
        "hóa UTF-8 rồi nhập lại.",
        path,
        line,
    )


def read_docx(path: Path) -> str:
    """Return a Word file's paragraphs and table cells as lines, with list numbers written out."""
    import docx  # noqa: PLC0415 - python-docx is only needed for Word files
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise ImportProblem(
            "không mở được tệp Word này (tệp hỏng hoặc không phải .docx). Cách sửa: mở bằng Word, chọn "
            "“Lưu thành” (Save As) dạng Word Document (.docx) rồi nhập lại.",
            path,
        ) from error
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == _W + "p":
            lines.append(numbering.label(block, document) + _paragraph_text(block))
        elif block.tag == _W + "tbl":
            lines.extend(_table_lines(block))
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(element) -> str:
    """Return a paragraph's text with line breaks and tabs kept."""
    parts = []
    for node in element.iter(_W + "t", _W + "br", _W + "tab", _W + "cr"):
        parts.append(node.text or "" if node.tag == _W + "t" else "\n" if node.tag != _W + "tab" else " ")
    return "".join(parts)


def _table_lines(table) -> list[str]:
    """Return table cells as lines: layout tables cell by cell, data tables one row per line."""
    rows = [[cell for cell in row.iterchildren(_W + "tc")] for row in table.iterchildren(_W + "tr")]
    widest = max((len(row) for row in rows), default=0)
    if widest <= 2 and len(rows) <= 3:
        return [_paragraph_text(p) for row in rows for cell in row for p in cell.iterchildren(_W + "p")]
    return [" | ".join(" ".join(_paragraph_text(p) for p in cell.iterchildren(_W + "p")).strip() for cell in row)
            for row in rows]


class _Numbering:
    """Write out Word's automatic list numbers ("1.", "a)", "-"), which are not in the text."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(_W + "abstractNumId"): a for a in root.iterchildren(_W + "abstractNum")}
        for num in root.iterchildren(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            for level in abstract.get(ref.get(_W + "val") if ref is not None else None, []):
                if level.tag == _W + "lvl":
                    fmt, text, start = (level.find(_W + tag) for tag in ("numFmt", "lvlText", "start"))
                    self.levels[(num.get(_W + "numId"), int(level.get(_W + "ilvl")))] = (
                        fmt.get(_W + "val") if fmt is not None else "decimal",
                        text.get(_W + "val") if text is not None else "%1.",
                        int(start.get(_W + "val")) if start is not None else 1,
                    )

    def label(self, paragraph, document) -> str:
        """Return the list label for a paragraph, or "" when it is not numbered."""
        num_id, level = self._num_pr(paragraph, document)
        if num_id is None or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        level = min(level, 8)
        counters[level] += 1
        counters[level + 1:] = [0] * (8 - level)
        fmt, text, _ = self.levels.get((num_id, level), ("decimal" if level == 0 else "lowerLetter", "%1." if level == 0 else f"%{level + 1})", 1))
        if fmt == "bullet":
            return "- "
        for index in range(level + 1):
            start = self.levels.get((num_id, index), ("", "", 1))[2]
            value = counters[index] + start - 1
            kind = self.levels.get((num_id, index), (fmt,))[0] if index != level else fmt
            text = text.replace(f"%{index + 1}", _format_number(value, kind))
        return text.strip() + " "

    def _num_pr(self, paragraph, document) -> tuple[str | None, int]:
        props = paragraph.find(_W + "pPr")
        num_pr = props.find(_W + "numPr") if props is not None else None
        style_id = props.find(_W + "pStyle").get(_W + "val") if props is not None and props.find(_W + "pStyle") is not None else None
        while num_pr is None and style_id:
            style = document.styles.element.get_by_id(style_id)
            if style is None:
                break
            style_props = style.find(_W + "pPr")
            num_pr = style_props.find(_W + "numPr") if style_props is not None else None
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None
        if num_pr is None:
            return None, 0
        num_id, level = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
        return (num_id.get(_W + "val") if num_id is not None else None,
                int(level.get(_W + "val")) if level is not None else 0)


def _format_number(value: int, kind: str) -> str:
    if kind == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
    if kind == "upperLetter":
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(value - 1) % 26]
    if kind in ("lowerRoman", "upperRoman"):
        numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out = ""
        for size, numeral in numerals:
            while value >= size:
                out, value = out + numeral, value - size
        return out.lower() if kind == "lowerRoman" else out
    return str(value)


def import_file(path: Path) -> list[ParsedDocument]:
    """Read one source file and parse the document(s) in it."""

    text = read_source(Path(path))
    try:
        return parse_document(text)
    except ImportProblem as problem:
        raise problem.located(path) from None


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
