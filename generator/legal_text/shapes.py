"""Shapes real files have that the conventional layout does not: a heading split over two lines, a
number and a date on one line, stray punctuation in the number or a number split from its symbol,
an all-capitals title, and a regulation, charter or annex appended after the signature."""

from __future__ import annotations

import re

from .body import Line, ParseWarning

_LONE_HEADING_RE = re.compile(r"^(Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC)$")
_NEXT_NUMBER_RE = re.compile(r"^(\d+|[IVXLC]+)\s*[.:]?(\s|$)")
_STRAY_NUMBER_RE = re.compile(r"^(Số\s*[:.]?\s*\d+[a-z]?)\s*[.,;:]+\s*/\s*")
_NUMBER_ONLY_RE = re.compile(r"^Số\s*[:.]?\s*\d+[a-z]?\s*[.,]?$")
_SYMBOL_RE = re.compile(r"^/\s*\S")
_NUMBER_AND_DATE_RE = re.compile(r"^(Số\s*[:.]?\s*\S+)\s+(\S[^,]{1,60},\s*ngày\b.*)$")
_APPENDED_RE = re.compile(r"^(QUY ĐỊNH|QUY CHẾ|ĐIỀU LỆ|PHỤ LỤC|HƯỚNG DẪN)\b(?!\s*:)")
_ATTACHED_RE = re.compile(r"^\(?\s*(Ban hành\s+)?[Kk]èm theo\b", re.IGNORECASE)
_NOT_TITLE_RE = re.compile(r"^(HỘI ĐỒNG|ỦY BAN|UỶ BAN|CHỦ TỊCH|KHÓA|KHOÁ|KỲ HỌP|BAN |TM\.|KT\.)")


def normalise_shapes(lines: list[Line], warnings: list[ParseWarning]) -> list[Line]:
    """Repair the header and heading shapes of real files, warning about each guess."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out and out[-1].table is None else None
        text = line.text
        if line.table is not None:
            out.append(line)
            continue
        if previous and _LONE_HEADING_RE.match(previous.text) and _NEXT_NUMBER_RE.match(text):
            previous.text, previous.end = f"{previous.text} {text}", line.end
            warnings.append(ParseWarning(line.number, f"Tiêu đề “{previous.text[:30]}” bị ngắt dòng; đã nối lại."))
            continue
        if previous and _NUMBER_ONLY_RE.match(previous.text) and _SYMBOL_RE.match(text):
            previous.text = f"{previous.text.rstrip('.,')}{text}"
            warnings.append(ParseWarning(line.number, f"Số và ký hiệu văn bản nằm ở hai dòng; đã nối thành “{previous.text}”."))
            continue
        if stray := _STRAY_NUMBER_RE.match(text):
            text = f"{stray.group(1)}/" + text[stray.end():]
            warnings.append(ParseWarning(line.number, f"Số văn bản có dấu thừa (“{line.text[:40]}”); đã đọc là “{text}”, hãy kiểm tra."))
        if both := _NUMBER_AND_DATE_RE.match(text):
            out.append(Line(line.number, both.group(1), line.footnote, line.number))
            text = both.group(2)
        out.append(Line(line.number, text, line.footnote, line.end))
    return out


def sentence_case_title(lines: list[Line], heading: int, warnings: list[ParseWarning]) -> None:
    """Write an all-capitals title after the type heading in sentence case ("VỀ VIỆC …" → "Về việc …")."""
    if heading + 1 >= len(lines):
        return
    line = lines[heading + 1]
    text = line.text
    if not (text.isupper() and len(text.split()) >= 3) or _NOT_TITLE_RE.match(text):
        return
    line.text = text[:1] + text[1:].lower()
    warnings.append(ParseWarning(line.number, "Trích yếu viết toàn chữ in hoa; đã chuyển sang chữ thường, hãy viết hoa "
                                 "lại tên riêng (địa danh, tên cơ quan)."))


def split_appended(lines: list[Line], is_signer: callable, header_like: callable) -> list[list[Line]]:
    """Split off a regulation, charter or annex that follows the signature of the main document."""
    signed = next((index for index, line in enumerate(lines) if is_signer(line.text)), None)
    if signed is None:
        return [lines]
    start = next((index for index in range(signed + 1, len(lines)) if _APPENDED_RE.match(lines[index].text)
                  and lines[index].text.isupper() and _attached_nearby(lines, index)), None)
    if start is None:
        return [lines]
    while start - 1 > signed + 1 and header_like(lines[start - 1].text) and not is_signer(lines[start - 1].text):
        start -= 1
    return [lines[:start], lines[start:]]


def _attached_nearby(lines: list[Line], index: int) -> bool:
    """An appended document says what it comes with: "(Kèm theo Quyết định số …)" under its title."""
    return any(_ATTACHED_RE.match(line.text) for line in lines[index + 1:index + 5])


def attached_note(lines: list[Line]) -> Line | None:
    """Return the "(Kèm theo …)" line of an appended document, if any."""
    return next((line for line in lines[:8] if _ATTACHED_RE.match(line.text)), None)
