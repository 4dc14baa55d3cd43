"""Read a Word (.docx) file as lines in reading order: tables, list numbers, tracked changes, text
boxes and runs typed in legacy TCVN3/VNI fonts."""

from __future__ import annotations

import re
from pathlib import Path

from ..legal_text.encoding import ImportProblem, font_encoding, legacy_warning, to_unicode
from .source import Extracted

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Deleted or moved-away text, the fallback copy of a text box, and field codes are not document text.
_SKIPPED = {_W + "del", _W + "moveFrom", _MC + "Fallback", _W + "instrText", _W + "delText",
            _W + "commentReference", _W + "footnoteReference", _W + "endnoteReference"}
_POINT_START_RE = re.compile(r"^[a-zđ]\)\s")
# Fields whose shown value is the day the file is opened, not a value kept in the file.
_VOLATILE_FIELDS = {"DATE", "TIME"}


def read_docx(path: Path) -> Extracted:
    """Return a Word file's paragraphs and table cells as lines, with list numbers written out."""
    import docx  # noqa: PLC0415 - python-docx is only needed for Word files
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError, SyntaxError) as error:
        raise ImportProblem(
            "không mở được tệp Word này (tệp hỏng hoặc không phải .docx). Cách sửa: mở bằng Word, chọn "
            "“Lưu thành” (Save As) dạng Word Document (.docx) rồi nhập lại.",
            path,
        ) from error
    except Exception as error:  # lxml and zipfile raise many kinds on a damaged file
        raise ImportProblem(f"tệp Word bị hỏng, không đọc được ({type(error).__name__}). Cách sửa: mở bằng Word, "
                            "lưu lại dạng .docx rồi nhập lại.", path) from error
    reader = _Reader(document)
    for block in document.element.body.iterchildren():
        if block.tag == _W + "p":
            reader.paragraph(block)
        elif block.tag == _W + "tbl":
            reader.table(block)
        elif block.tag == _W + "sdt":  # content controls wrap paragraphs and tables
            for inner in block.iter(_W + "p", _W + "tbl"):
                if inner.getparent().tag == _W + "sdtContent":
                    reader.paragraph(inner) if inner.tag == _W + "p" else reader.table(inner)
    return reader.result()


class _Reader:
    """Collect lines and warnings while walking the document body."""

    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering(document)
        self.lines: list[str] = []
        self.extracted = Extracted("")
        self.legacy: set[str] = set()
        self.fonts = _style_fonts(document)
        self.fields: list[dict] = []  # the complex fields open at this point of the walk (fldChar begin … end)

    def paragraph(self, element) -> None:
        label = self.numbering.label(element, self.document)
        text = self.text(element)
        if label and _POINT_START_RE.match(text) and re.match(r"^\d+[.)]\s$", label):
            self.extracted.warn(len(self.lines) + 1, f"Word tự đánh số “{label.strip()}” trước điểm “{text[:2]}”; "
                                "số này không phải khoản nên đã bỏ, hãy kiểm tra.")
            label = ""
            self.numbering.undo()  # the next real clause keeps its own number
        self.lines.append(label + text)

    def table(self, element) -> None:
        rows = [list(row.iterchildren(_W + "tc")) for row in element.iterchildren(_W + "tr")]
        widest = max((len(row) for row in rows), default=0)
        if widest <= 2 and len(rows) <= 3:  # a layout table: header, recipients and signature
            for row in rows:
                for cell in row:
                    for block in cell.iterchildren(_W + "p", _W + "tbl"):
                        self.paragraph(block) if block.tag == _W + "p" else self.table(block)
            return
        # A cell merged across columns (gridSpan) keeps its words once, in its first column; the columns
        # it covers, and the cells under a vertical merge (vMerge), are empty: nothing is said twice.
        cells = [[text for cell in row for text in self._cell(cell)] for row in rows]
        self.lines.append(self.extracted.add_table(cells[0], cells[1:]))

    def _cell(self, cell) -> list[str]:
        text = " ".join(" ".join(self.text(p).split()) for p in cell.iter(_W + "p")).strip()
        props = cell.find(_W + "tcPr")
        span = props.find(_W + "gridSpan") if props is not None else None
        width = int(span.get(_W + "val", "1")) if span is not None and span.get(_W + "val", "1").isdigit() else 1
        return [text] + [""] * (max(1, min(width, 30)) - 1)

    def text(self, element) -> str:
        """Return a paragraph's text: insertions kept, deletions dropped, text boxes on their own lines."""
        parts: list[str] = []
        self._walk(element, parts, None)
        return "".join(parts)

    def _field_char(self, kind: str | None, parts: list[str]) -> None:
        """Follow a complex field: its code (instrText) after "begin", its shown value after "separate"."""
        if kind == "begin":
            self.fields.append({"code": "", "start": None})
        elif kind == "separate" and self.fields:
            self.fields[-1]["start"] = len("".join(parts))
        elif kind == "end" and self.fields:
            field = self.fields.pop()
            if field["start"] is not None:
                self._volatile(field["code"], "".join(parts), field["start"])

    def _volatile(self, code: str, text: str, start: int) -> None:
        """Note a DATE or TIME field's shown value and where it stands in the line being read."""
        if (code.split() or [""])[0].upper() in _VOLATILE_FIELDS and text[start:].strip():
            self.extracted.volatile_fields.append(
                {"line": len(self.lines) + 1, "code": code.strip(), "before": text[:start], "value": text[start:]})

    def _walk(self, node, parts: list[str], font) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if tag == _W + "instrText" and self.fields:
                self.fields[-1]["code"] += child.text or ""
            if tag in _SKIPPED or not isinstance(tag, str):
                continue
            if tag == _W + "r":
                font = self._run_font(child)
            if tag == _W + "fldChar":
                self._field_char(child.get(_W + "fldCharType"), parts)
            elif tag == _W + "fldSimple":
                start = len("".join(parts))
                self._walk(child, parts, font)
                self._volatile(child.get(_W + "instr", ""), "".join(parts), start)
            elif tag == _W + "t":
                parts.append(self._convert(child.text or "", font))
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "tab":
                parts.append(" ")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _W + "softHyphen":  # TCVN3 types "ư" with the soft hyphen's code
                parts.append(self._convert("\u00ad", font))
            elif tag == _W + "txbxContent":
                boxed = ["\n".join(self.text(p) for p in child.iter(_W + "p"))]
                parts.append("\n" + boxed[0] + "\n")
            elif tag != _W + "rPr":
                self._walk(child, parts, font)

    def _run_font(self, run) -> str | None:
        props = run.find(_W + "rPr")
        fonts = props.find(_W + "rFonts") if props is not None else None
        if fonts is not None:
            return fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")
        style = props.find(_W + "rStyle") if props is not None else None
        paragraph = run.getparent()
        while paragraph is not None and paragraph.tag != _W + "p":
            paragraph = paragraph.getparent()
        ppr = paragraph.find(_W + "pPr") if paragraph is not None else None
        pstyle = ppr.find(_W + "pStyle") if ppr is not None else None
        for found in (style, pstyle):
            if found is not None and found.get(_W + "val") in self.fonts:
                return self.fonts[found.get(_W + "val")]
        return self.fonts.get(None)

    def _convert(self, text: str, font: str | None) -> str:
        legacy = font_encoding(font)
        if not legacy:
            return text
        name, capitals = legacy
        if name not in self.legacy:
            self.legacy.add(name)
            self.extracted.warn(len(self.lines) + 1, legacy_warning(name) + f" (phông chữ “{font}”)")
        return to_unicode(text, name, capitals)

    def result(self) -> Extracted:
        self.extracted.text = "\n".join(self.lines)
        return self.extracted


class _Numbering:
    """Write out Word's automatic list numbers ("1.", "a)", "-"), which are not in the text."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.last: tuple[str, int] | None = None
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
        self.last = (num_id, level)
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

    def undo(self) -> None:
        """Take back the number just given (it was printed before a hand-typed point letter)."""
        if self.last:
            self.counters[self.last[0]][self.last[1]] -= 1
            self.last = None

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


def _style_fonts(document) -> dict[str | None, str]:
    """Map style ids (and None, the document default) to their font, for runs without their own."""
    fonts: dict[str | None, str] = {}
    styles = document.styles.element
    default = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
    if default is not None and (name := default.get(_W + "ascii")):
        fonts[None] = name
    for style in styles.iterchildren(_W + "style"):
        found = style.find(f"{_W}rPr/{_W}rFonts")
        if found is not None and (name := found.get(_W + "ascii") or found.get(_W + "hAnsi")):
            fonts[style.get(_W + "styleId")] = name
    return fonts
