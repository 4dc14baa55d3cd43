"""Put the words of a page (from a PDF text layer or from OCR) in reading order: lines, the two-column
header and signature block read column by column, page numbers, running headers and footers and
digital-signature stamps dropped, and lines broken by the page width joined again."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Lines an e-office signing tool stamps on the page, and certificate details.
_STAMP_RE = re.compile(
    r"^(Ký bởi|Người ký|Được ký bởi|Email|E-mail|Cơ quan|Chức vụ|Thời gian ký|Ngày ký|Chứng thư|Số serial|"
    r"Serial|Signature|Signed by|Digitally signed|Reason|Location|Lý do|Nơi ký)\b\s*:", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(r"^(?:-\s*)?(?:Trang\s*)?\d{1,3}(?:\s*(?:/|trên)\s*\d{1,3})?(?:\s*-)?$|"
                             r"^.{0,80}\bTrang\s*\d{1,3}\s*(?:/|trên)\s*\d{1,3}$", re.IGNORECASE)
_STRUCTURE_RE = re.compile(r"^(Điều\s+\d|Chương\s|Mục\s+\d|\d{1,3}\.\s|[a-zđ]\)\s|[-–—+•]\s|[IVXLC]+\.\s)")
_GAP = 18.0  # points between words that make two columns rather than one line


@dataclass
class _Segment:
    text: str
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    top: float
    bottom: float
    segments: list[_Segment]

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)


def table_line(marker: str, bbox: tuple) -> Line:
    """The line that stands for a table in a page's lines: its mark, over the table's width."""
    x0, top, x1, bottom = bbox
    return Line(top, bottom, [_Segment(marker, x0, x1)])


def _is_table(text: str) -> bool:
    return text.startswith("\ufff9")


def page_lines(words: list[dict]) -> list[Line]:
    """Group a page's words (x0, x1, top, bottom, size, text; in points) into lines in reading order."""
    # Words of another size (a signature stamp drawn over the text) never join a line of the text.
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        row = next((row for row in rows[-3:] if abs(row[0]["top"] - word["top"]) <= 3
                    and abs(row[0]["size"] - word["size"]) < 1.5), None)
        if row is not None:
            row.append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        segments: list[_Segment] = []
        for word in row:
            text = unicodedata.normalize("NFC", word["text"])
            if segments and word["x0"] - segments[-1].x1 < _GAP:
                segments[-1].text += " " + text
                segments[-1].x1 = word["x1"]
            else:
                segments.append(_Segment(text, word["x0"], word["x1"]))
        line = Line(min(w["top"] for w in row), max(w["bottom"] for w in row), segments)
        if not _STAMP_RE.match(line.text):
            lines.append(line)
    return _order_columns(_merge_rows(sorted(lines, key=lambda line: (line.top, line.x0))))


def _merge_rows(lines: list[Line]) -> list[Line]:
    """Put side-by-side lines of different sizes (two table cells) on one row as separate segments."""
    merged: list[Line] = []
    for line in lines:
        row = next((other for other in merged[-3:] if _overlap(other, line) and all(
            segment.x1 < line.x0 or segment.x0 > line.x1 for segment in other.segments)), None)
        if row is None:
            merged.append(line)
        else:
            row.segments = sorted(row.segments + line.segments, key=lambda segment: segment.x0)
            row.top, row.bottom = min(row.top, line.top), max(row.bottom, line.bottom)
    return merged


def _overlap(one: Line, other: Line) -> bool:
    shared = min(one.bottom, other.bottom) - max(one.top, other.top)
    return shared > 0.5 * min(one.bottom - one.top, other.bottom - other.top)


def _order_columns(lines: list[Line]) -> list[Line]:
    """Read each two-column block (header, recipients and signature) column by column."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if len(line.segments) != 2:
            out.append(line)
            index += 1
            continue
        left_span = [line.segments[0].x0, line.segments[0].x1]
        right_span = [line.segments[1].x0, line.segments[1].x1]
        block = [line]
        end = index + 1
        while end < len(lines) and _in_block(lines[end], block[-1], left_span, right_span):
            block.append(lines[end])
            end += 1
        # lines just above in the left or right column belong to the block too (a wrapped first cell)
        left, right = [], []
        divider = (left_span[1] + right_span[0]) / 2
        for member in block:
            for segment in member.segments:
                (left if segment.center < divider else right).append(Line(member.top, member.bottom, [segment]))
        out.extend(_join_column(left) + _join_column(right))
        index = end
    return out


def _in_block(line: Line, previous: Line, left: list[float], right: list[float]) -> bool:
    """Tell whether a line continues a two-column block: close below it, each part inside a column
    (aligned with the column's start or centred on it) and clear of the other column."""
    if line.top - previous.bottom > 2.2 * (previous.bottom - previous.top) or len(line.segments) > 2:
        return False
    for segment in line.segments:
        in_left = segment.x1 < right[0] - 4 and (abs(segment.x0 - left[0]) < 6
                                                 or abs(segment.center - (left[0] + left[1]) / 2) < 25)
        in_right = segment.x0 > left[1] + 4 and (abs(segment.x0 - right[0]) < 6
                                                 or abs(segment.center - (right[0] + right[1]) / 2) < 25)
        if not (in_left or in_right):
            return False
    return True


def _join_column(lines: list[Line]) -> list[Line]:
    """Join a header cell's lines that one field wrapped ("…ngày 12 tháng 3 năm" + "2025")."""
    out: list[Line] = []
    for line in lines:
        text = line.text
        previous = out[-1].text if out else ""
        same_case = previous.isupper() == text.isupper()
        new_field = re.match(r"^(Số\b|Độc lập|Nơi nhận|TM\.|KT\.|TL\.|TUQ\.|Q\.|-|–|\(|Kính gửi)", text) or ", ngày" in text
        wraps = previous and same_case and not new_field and not previous.endswith((":", ";", "."))
        if wraps and (text.isupper() and not re.match(r"^(PHÓ\s)?(CHỦ TỊCH|TRƯỞNG|GIÁM ĐỐC|BÍ THƯ)", text)
                      or re.match(r"^\d{4}\b", text) or previous.rstrip().endswith(("năm", "tháng", "ngày"))):
            out[-1] = Line(out[-1].top, line.bottom, [_Segment(f"{previous} {text}", out[-1].x0, line.x1)])
        else:
            out.append(line)
    return out


def drop_repeated(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers and running headers and footers: short lines at a page's top or bottom that
    are a number or that repeat (digits aside) on other pages."""
    def key(line: Line) -> str:  # same words (numbers aside) at the same height: a running header
        return f"{round(line.top / 6)}:" + re.sub(r"\d+", "#", line.text.lower())

    edges = [page[:2] + page[-2:] for page in pages]
    counts: dict[str, int] = {}
    for edge in edges:
        for found in {key(line) for line in edge}:
            counts[found] = counts.get(found, 0) + 1
    kept = []
    for page, edge in zip(pages, edges):
        drop = {id(line) for line in edge if not _is_table(line.text) and (_PAGE_NUMBER_RE.match(line.text.strip())
                or (len(pages) > 1 and counts[key(line)] > 1 and len(line.text) < 120))}
        kept.append([line for line in page if id(line) not in drop])
    return kept


def join_pages(pages: list[list[Line]], page_of: list[int] | None = None) -> list[str]:
    """Join lines that the page width broke: a line running to the right margin followed by one that
    starts at the left margin without a clause, point or dash mark. page_of gets each line's page."""
    out: list[str] = []
    page_of = page_of if page_of is not None else []
    previous: Line | None = None
    for number, lines in enumerate(pages, 1):
        body = [line for line in lines if len(line.segments) == 1] or lines
        left = min((line.x0 for line in body), default=0)
        right = max((line.x1 for line in body), default=0)
        for line in lines:
            text = line.text
            wrapped = (previous is not None and out and previous.x1 >= right - 12
                       and line.x0 <= left + 4 and not _STRUCTURE_RE.match(text))
            apart = _is_table(text) or bool(out) and _is_table(out[-1])
            if not apart and (wrapped and (not out[-1].endswith((".", ":", ";")) or text[:1].islower()) or _continues_word(out, text)):
                out[-1] = f"{out[-1]} {text}"
            else:
                out.append(text)
                page_of.append(number)
            previous = line
    return out


def _continues_word(out: list[str], text: str) -> bool:
    """A sentence broken by a page break: the next page starts with a lowercase word."""
    return bool(out) and text[:1].islower() and not _STRUCTURE_RE.match(text) and not out[-1].endswith((".", ":", ";"))
