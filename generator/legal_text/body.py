"""Read the body of a Vietnamese legal text (Decree 30/2020 layout): clean the lines a Word file or
a paste leaves behind, join hard-wrapped lines, and nest chapters, sections, articles, clauses and
points. The whole document (header, preamble, signature) is legaltext's."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..domain.vocabulary import POINT_LETTERS
from .encoding import convert_legacy, legacy_warning


@dataclass(frozen=True)
class ParseWarning:
    line: int  # 1-based line in the source text
    message: str  # Vietnamese, for a ward clerk: what was guessed or kept, and what to check


@dataclass
class Line:
    """One logical line of cleaned text and the source line it starts on."""

    number: int
    text: str
    footnote: bool = False
    end: int = 0  # last source line, when wrapped lines were joined
    table: dict | None = None  # a table of the source file: {"columns": [...], "rows": [[...], ...]}

    def __post_init__(self) -> None:
        self.end = self.end or self.number


# --- cleaning -----------------------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\ufffe]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BOOKMARK_SPAN_RE = re.compile(r"\[([^\[\]]*)\]\{[#.][^{}]*\}")
_BOOKMARK_RE = re.compile(r"\{#[^{}]*\}")
_FOOTNOTE_DEF_RE = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(\s+|$)")
_ITALIC_RE = re.compile(r"(?<![\w*])[*_](?=\S)([^*_]+?)(?<=\S)[*_](?![\w*])")
_ESCAPE_RE = re.compile(r"\\([\\.\-*_#()\[\]+!>`])")
_OCR_FIXES = (
    (re.compile(r"Üy\b"), "Ủy"),
    (re.compile(r"üy\b"), "ủy"),
    (re.compile(r"ÜY\b"), "ỦY"),
    (re.compile("\u0110\u00d0|\u00d0\u0110"), "Đ"),  # Tesseract reads one Đ as two look-alikes
    (re.compile("\u00d0"), "Đ"),
    (re.compile("\u00f0"), "đ"),
    (re.compile(r"\bÐiều\b"), "Điều"),
)
_END_MARK_RE = re.compile(r"\./\.\s*(\S.*)$")
# A file reader puts a table on a line of its own as this mark and hands the cells over separately.
_TABLE_MARK_RE = re.compile("^\ufff9(\\d+)\ufffb$")


def table_marker(index: int) -> str:
    """The line a file reader writes where its table number `index` stands in the text."""
    return f"\ufff9{index}\ufffb"


def table_text(table: dict) -> str:
    """A table's words in reading order on one line, for where a table cannot be kept as a table."""
    return " / ".join(" | ".join(cell for cell in row) for row in [table["columns"], *table["rows"]])


def clean_lines(text: str, warnings: list[ParseWarning], tables: list[dict] | tuple = ()) -> list[Line]:
    """Normalise text and strip Word and Markdown artefacts, one line at a time; a table mark becomes
    a line holding that table."""
    text, legacy, first = convert_legacy(text)
    if legacy:
        warnings.append(ParseWarning(first or 1, legacy_warning(legacy)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = text.split("\n")
    lines: list[Line] = []
    invisible: list[int] = []
    for number, raw in enumerate(raw_lines, 1):
        if (mark := _TABLE_MARK_RE.match(raw)) and int(mark.group(1)) < len(tables):
            found = tables[int(mark.group(1))]
            table = {"columns": [_clean_cell(c) for c in found["columns"]], "rows": [[_clean_cell(c) for c in row] for row in found["rows"]]}
            lines.append(Line(number, table_text(table), table=table))
            continue
        if not unicodedata.is_normalized("NFC", raw):
            raw = unicodedata.normalize("NFC", raw)
            if not any(w.message.startswith("Văn bản dùng Unicode tổ hợp") for w in warnings):
                warnings.append(ParseWarning(number, "Văn bản dùng Unicode tổ hợp (NFD); đã chuyển sang Unicode dựng sẵn (NFC), chữ không đổi."))
        stripped = _CONTROL_RE.sub("", _INVISIBLE_RE.sub("", raw.replace("\t", " ")))
        if stripped != raw.replace("\t", " "):
            invisible.append(number)
        line = _clean_line(stripped, number, warnings)
        if line:
            lines.append(line)
    if invisible:
        warnings.append(ParseWarning(invisible[0], f"Đã bỏ ký tự ẩn hoặc ký tự điều khiển ở {len(invisible)} dòng (từ dòng {invisible[0]}); chữ không đổi."))
    return lines


def _clean_cell(text: str) -> str:
    """A table cell's text in NFC, without invisible or control characters, spaces collapsed."""
    text = _CONTROL_RE.sub("", _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text or "")))
    return " ".join(text.split())


def _clean_line(text: str, number: int, warnings: list[ParseWarning]) -> Line | None:
    """Clean one line; return None when nothing is left."""
    text = re.sub(r"\s", " ", text)
    if _BOOKMARK_RE.search(text):
        text = _BOOKMARK_RE.sub("", _BOOKMARK_SPAN_RE.sub(r"\1", text)).replace("[]", "")
        warnings.append(ParseWarning(number, "Đã bỏ dấu đánh dấu (bookmark) của Word trong dòng này; chữ không đổi."))
    text = _HEADING_RE.sub("", text).replace("**", "").replace("__", "")
    text = _ESCAPE_RE.sub(r"\1", _ITALIC_RE.sub(r"\1", text))
    text = re.sub(r"^>\s?", "", text.strip())
    text = re.sub(r"^[*+•▪●◦]\s+", "- ", text)
    text = re.sub(r"\s{2,}", " ", text).strip().rstrip("\\").strip()
    for pattern, fixed in _OCR_FIXES:
        match = pattern.search(text)
        if match:
            text = pattern.sub(fixed, text)
            warnings.append(ParseWarning(number, f"Đã sửa lỗi nhận dạng chữ “{match.group(0)}” thành “{fixed}”; hãy đối chiếu bản gốc."))
    if not re.search(r"\w", text):
        return None
    _warn_foreign(text, number, warnings)
    trailing = _END_MARK_RE.search(text)
    if trailing:
        warnings.append(ParseWarning(number, f"Sau dấu kết thúc “./.” còn “{trailing.group(1)}”, có thể là ký tự thừa; đã giữ nguyên, hãy xem lại."))
    footnote = _FOOTNOTE_DEF_RE.match(text)
    return Line(number, text, footnote=bool(footnote))


def _warn_foreign(text: str, number: int, warnings: list[ParseWarning]) -> None:
    """Warn about letters outside the Latin script, private-use symbols and lost characters."""
    odd = "".join(
        char for char in text
        if (char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"))
        or unicodedata.category(char) in ("Co", "Cn") or char == "\ufffd"
    )
    if odd:
        warnings.append(ParseWarning(number, f"Dòng có ký tự lạ “{odd[:20]}” không phải chữ tiếng Việt; đã giữ nguyên, hãy đối chiếu bản gốc."))


# --- joining hard-wrapped lines -----------------------------------------------------------------

_POINT_RE = re.compile(r"^([a-zđ])\)\s*(.*)$")
SENTENCE_END = (".", ";", ":", "!", "?", "…")


def join_wrapped(lines: list[Line], warnings: list[ParseWarning]) -> list[Line]:
    """Rejoin lines broken mid-sentence: a line not ending a sentence, then one starting lowercase."""
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if previous and _continues(previous, line):
            if line.number > previous.end + 1:
                warnings.append(ParseWarning(line.number, f"Dòng {line.number} được nối vào câu ở dòng {previous.end} vì câu bị ngắt giữa chừng; hãy kiểm tra."))
            previous.text, previous.end = f"{previous.text} {line.text}", line.end
        else:
            joined.append(Line(line.number, line.text, line.footnote, line.end, line.table))
    return joined


def _continues(previous: Line, line: Line) -> bool:
    if previous.footnote or line.footnote or previous.table or line.table or not line.text:
        return False
    first = line.text[0]
    if not (first.isalpha() and first.islower()):
        return False
    return not (_POINT_RE.match(line.text) or previous.text.endswith(SENTENCE_END))


# --- the body: chapters, sections, articles, clauses, points ------------------------------------

CHAPTER_RE = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d+)\b\s*[.:\-–]?\s*(.*)$")
_SECTION_RE = re.compile(r"^(?:Mục|MỤC)\s+(\d+)\b\s*[.:\-–]?\s*(.*)$")
ARTICLE_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+)\b\s*([.:]?)\s*(.*)$")
_CLAUSE_RE = re.compile(r"^(\d{1,3})\.(?!\d)\s*(.*)$")
PART_RE = re.compile(r"^([IVXL]{1,6})\s*[.:\-–]\s*(.*)$")  # "I. MỤC ĐÍCH, YÊU CẦU": a plan's part
_ANY_POINT_RE = re.compile(r"^([a-zđ])\)\s*(.*)$")
DASH_RE = re.compile(r"^[-–—]\s*(.*)$")


class Body:
    """Build the nested body from logical lines, in reading order."""

    def __init__(self, warnings: list[ParseWarning]):
        self.warnings = warnings
        self.chapters: list[dict] = []
        self.articles: list[dict] = []
        self.paragraphs: list[str] = []
        self.unplaced: list[str] = []
        self.chapter = self.section = self.article = self.clause = self.point = None
        self.waiting: dict | None = None  # a heading whose text is on the next line
        self.last_article = 0
        self.tables: list[dict] = []
        self.sections: list[dict] = []  # a plan's parts I., II. (then 1., 2. and a), b) inside)
        self.part: dict | None = None

    def warn(self, line: Line, message: str) -> None:
        self.warnings.append(ParseWarning(line.number, message))

    def add(self, line: Line) -> None:
        """Place one logical line."""
        text = line.text
        if line.table is not None:
            self._table(line)
        elif self.sections or (not self.articles and not self.chapters and self.article is None and PART_RE.match(text)):
            self._plan_line(line)
        elif line.footnote:
            self.unplaced.append(text)
            self.warn(line, f"Chú thích “{text[:40]}” được đưa vào mục unplaced; hãy đặt lại đúng chỗ nếu cần.")
        elif match := CHAPTER_RE.match(text):
            self._chapter(line, match.group(1), match.group(2))
        elif match := _SECTION_RE.match(text):
            self._section(line, match.group(1), match.group(2))
        elif (match := ARTICLE_RE.match(text)) and is_article(match) and int(match.group(1)) > 0:
            self._article(line, int(match.group(1)), match.group(3))
        elif self.article is not None and (match := _CLAUSE_RE.match(text)) and int(match.group(1)) > 0:
            self._clause(line, int(match.group(1)), match.group(2))
        elif (match := ARTICLE_RE.match(text) or (self.article is not None and _CLAUSE_RE.match(text))) and int(match.group(1)) == 0:
            # Articles and clauses count from 1: a "0" is a typo, kept as the text says, for the clerk to see.
            self.warn(line, f"“{text[:40]}” đánh số 0; điều và khoản đánh số từ 1, nên dòng này được giữ thành đoạn văn. Hãy đối chiếu với bản gốc.")
            self._paragraph(line, dash(text))
        elif self.clause is not None and (match := _ANY_POINT_RE.match(text)):
            self._point(line, match.group(1), match.group(2))
        else:
            self._paragraph(line, dash(text))

    def _plan_line(self, line: Line) -> None:
        """Place a line of a plan (Kế hoạch) laid out as I./1./a) without articles."""
        text = line.text
        if line.footnote:
            self.unplaced.append(text)
            self.warn(line, f"Chú thích “{text[:40]}” được đưa vào mục unplaced; hãy đặt lại đúng chỗ nếu cần.")
        elif match := PART_RE.match(text):
            self.part = {"number": match.group(1), "title": match.group(2), "paragraphs": [], "tables": [], "subsections": []}
            self.sections.append(self.part)
            self.clause = self.point = None
            self.waiting = None if match.group(2) else self.part
        elif (match := _CLAUSE_RE.match(text)) and int(match.group(1)) > 0:
            subsections = self.part["subsections"]
            expected = int(subsections[-1]["number"]) + 1 if subsections else 1
            if int(match.group(1)) != expected:
                self.warn(line, f"Tiểu mục {match.group(1)}. của mục {self.part['number']} không đúng thứ tự (phải là {expected}.); đã giữ số như bản gốc.")
            self.clause = {"number": match.group(1), "title": match.group(2), "paragraphs": [], "tables": [], "points": []}
            subsections.append(self.clause)
            self.point = None
            self.waiting = None if match.group(2) else self.clause
        elif self.clause is not None and (match := _ANY_POINT_RE.match(text)):
            self._point(line, match.group(1), match.group(2))
        else:
            if ARTICLE_RE.match(text) or CHAPTER_RE.match(text):
                self.warn(line, f"“{text[:40]}” nằm trong văn bản chia mục I., II. (không chia điều); đã giữ thành đoạn văn của mục {self.part['number']}, hãy xem lại.")
            self._paragraph(line, dash(text))

    def _table(self, line: Line) -> None:
        """Put a table among the paragraphs of the part it is in, at its place."""
        self.waiting = None
        target = self.point or self.clause or self.article or self.part
        if target is None and self.chapter is not None:
            self.unplaced.append(line.text)
            self.warn(line, "Bảng nằm giữa tên chương và điều đầu tiên; đã đưa chữ trong bảng vào mục unplaced, hãy xem lại.")
            return
        paragraphs = target["paragraphs"] if target is not None else self.paragraphs
        tables = target.setdefault("tables", []) if target is not None else self.tables
        tables.append({**line.table, "after": len(paragraphs)})

    def _chapter(self, line: Line, number: str, title: str) -> None:
        self.chapter = {"number": number, "title": title, "articles": [], "sections": []}
        self.chapters.append(self.chapter)
        self.section = self.article = self.clause = self.point = None
        self.waiting = None if title else self.chapter

    def _section(self, line: Line, number: str, title: str) -> None:
        if self.chapter is None:
            self.unplaced.append(line.text)
            self.warn(line, f"“Mục {number}” nằm ngoài chương nào; đã đưa vào mục unplaced, hãy xem lại.")
            return
        self.section = {"number": number, "title": title, "articles": []}
        self.chapter["sections"].append(self.section)
        self.article = self.clause = self.point = None
        self.waiting = None if title else self.section

    def _article(self, line: Line, number: int, title: str) -> None:
        if number != self.last_article + 1:
            self.warn(line, f"Điều {number} không đúng thứ tự (sau Điều {self.last_article} phải là Điều {self.last_article + 1}); đã giữ số như bản gốc.")
        self.last_article = number
        self.article = {"number": number, "title": title, "paragraphs": [], "clauses": []}
        container = self.section or self.chapter
        (container["articles"] if container else self.articles).append(self.article)
        self.clause = self.point = self.waiting = None

    def _clause(self, line: Line, number: int, text: str) -> None:
        clauses = self.article["clauses"]
        expected = clauses[-1]["number"] + 1 if clauses else 1
        if number != expected:
            self.warn(line, f"Khoản {number} của Điều {self.article['number']} không đúng thứ tự (phải là khoản {expected}); đã giữ số như bản gốc.")
        self.clause = {"number": number, "text": text, "paragraphs": [], "points": []}
        clauses.append(self.clause)
        self.point = None
        self.waiting = None if text else self.clause

    def _point(self, line: Line, written: str, text: str) -> None:
        points = self.clause["points"]
        if len(points) >= len(POINT_LETTERS):
            self._paragraph(line, line.text)
            return
        letter = POINT_LETTERS[len(points)]
        self.point = {"letter": letter, "as_written": None, "text": text, "paragraphs": []}
        if written != letter:
            self.point["as_written"] = written
            self.warn(line, f"Điểm “{written})” ghi sai thứ tự: theo bảng chữ cái tiếng Việt phải là “{letter})”. Đã lưu letter: {letter}, as_written: {written}; hãy kiểm tra bản gốc.")
        points.append(self.point)
        self.waiting = None if text else self.point

    def _paragraph(self, line: Line, text: str) -> None:
        if self.waiting is not None:
            key = "text" if "text" in self.waiting else "title"
            self.waiting[key], self.waiting = text, None
            return
        if self.clause is None and self.article is not None and _ANY_POINT_RE.match(text):
            self.warn(line, f"Điểm “{text[:2]}” nằm ngay dưới Điều {self.article['number']}, không thuộc khoản nào; đã giữ thành đoạn văn.")
        target = self.point or self.clause or self.article or self.part
        if target is not None:
            target["paragraphs"].append(text)
        elif self.chapter is not None:
            self.unplaced.append(text)
            self.warn(line, "Đoạn văn nằm giữa tên chương và điều đầu tiên; đã đưa vào mục unplaced, hãy xem lại.")
        else:
            self.paragraphs.append(text)

    def result(self) -> dict:
        """Return the body in the model's shape, empty parts left out."""
        data: dict = {}
        if self.paragraphs:
            data["paragraphs"] = self.paragraphs
        if self.tables:
            data["tables"] = self.tables
        if self.sections:
            data["sections"] = self.sections
        if self.chapters:
            data["chapters"] = self.chapters
        if self.articles:
            data["articles"] = self.articles
        if self.unplaced:
            data["unplaced"] = self.unplaced
        return prune(data)


def is_article(match: re.Match) -> bool:
    """Tell "Điều 3. …" headings from sentences that start by citing an article."""
    rest = match.group(3)
    return bool(match.group(2)) or not rest or rest[0].isupper()


def dash(text: str) -> str:
    match = DASH_RE.match(text)
    return f"- {match.group(1)}" if match and match.group(1) else text


def prune(value):
    """Drop None values and empty lists from nested data, keeping key order."""
    if isinstance(value, dict):
        pruned = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item is not None and item != [] and item != ""
                or key in ("text",)}
    if isinstance(value, list):
        return [prune(item) for item in value]
    return value


def parse_body(text: str) -> tuple[dict, list[ParseWarning]]:
    """Parse only a body (Điều, khoản, điểm) given as plain text."""
    warnings: list[ParseWarning] = []
    body = Body(warnings)
    for line in join_wrapped(clean_lines(text, warnings), warnings):
        body.add(line)
    return body.result(), sorted(warnings, key=lambda warning: warning.line)
