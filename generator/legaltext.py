"""Parse Vietnamese legal text (Decree 30/2020 layout) into the data model's shape."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .importer import legacy_problem
from .paths import slug
from .vocabulary import POINT_LETTERS, document_types


@dataclass(frozen=True)
class ParseWarning:
    line: int  # 1-based line in the source text
    message: str  # Vietnamese, for a ward clerk: what was guessed or kept, and what to check


@dataclass
class ParsedDocument:
    data: dict
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class Line:
    """One logical line of cleaned text and the source line it starts on."""

    number: int
    text: str
    footnote: bool = False
    end: int = 0  # last source line, when wrapped lines were joined

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
    (re.compile("\u00d0"), "Đ"),
    (re.compile("\u00f0"), "đ"),
    (re.compile(r"\bÐiều\b"), "Điều"),
)
_END_MARK_RE = re.compile(r"\./\.\s*(\S.*)$")


def clean_lines(text: str, warnings: list[ParseWarning]) -> list[Line]:
    """Normalise text and strip Word and Markdown artefacts, one line at a time."""
    problem = legacy_problem(text)
    if problem:
        raise problem
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = text.split("\n")
    lines: list[Line] = []
    invisible: list[int] = []
    for number, raw in enumerate(raw_lines, 1):
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
_SENTENCE_END = (".", ";", ":", "!", "?", "…")


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
            joined.append(Line(line.number, line.text, line.footnote, line.end))
    return joined


def _continues(previous: Line, line: Line) -> bool:
    first = line.text[0]
    if previous.footnote or line.footnote or not (first.isalpha() and first.islower()):
        return False
    return not (_POINT_RE.match(line.text) or previous.text.endswith(_SENTENCE_END))


# --- the body: chapters, sections, articles, clauses, points ------------------------------------

_CHAPTER_RE = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d+)\b\s*[.:\-–]?\s*(.*)$")
_SECTION_RE = re.compile(r"^(?:Mục|MỤC)\s+(\d+)\b\s*[.:\-–]?\s*(.*)$")
_ARTICLE_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+)\b\s*([.:]?)\s*(.*)$")
_CLAUSE_RE = re.compile(r"^(\d{1,3})\.(?!\d)\s*(.*)$")
_ANY_POINT_RE = re.compile(r"^([a-zđ])\)\s*(.*)$")
_DASH_RE = re.compile(r"^[-–—]\s*(.*)$")


class _Body:
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

    def warn(self, line: Line, message: str) -> None:
        self.warnings.append(ParseWarning(line.number, message))

    def add(self, line: Line) -> None:
        """Place one logical line."""
        text = line.text
        if line.footnote:
            self.unplaced.append(text)
            self.warn(line, f"Chú thích “{text[:40]}” được đưa vào mục unplaced; hãy đặt lại đúng chỗ nếu cần.")
        elif match := _CHAPTER_RE.match(text):
            self._chapter(line, match.group(1), match.group(2))
        elif match := _SECTION_RE.match(text):
            self._section(line, match.group(1), match.group(2))
        elif (match := _ARTICLE_RE.match(text)) and _is_article(match):
            self._article(line, int(match.group(1)), match.group(3))
        elif self.article is not None and (match := _CLAUSE_RE.match(text)):
            self._clause(line, int(match.group(1)), match.group(2))
        elif self.clause is not None and (match := _ANY_POINT_RE.match(text)):
            self._point(line, match.group(1), match.group(2))
        else:
            self._paragraph(line, _dash(text))

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
        target = self.point or self.clause or self.article
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
        if self.chapters:
            data["chapters"] = self.chapters
        if self.articles:
            data["articles"] = self.articles
        if self.unplaced:
            data["unplaced"] = self.unplaced
        return prune(data)


def _is_article(match: re.Match) -> bool:
    """Tell "Điều 3. …" headings from sentences that start by citing an article."""
    rest = match.group(3)
    return bool(match.group(2)) or not rest or rest[0].isupper()


def _dash(text: str) -> str:
    match = _DASH_RE.match(text)
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
    body = _Body(warnings)
    for line in join_wrapped(clean_lines(text, warnings), warnings):
        body.add(line)
    return body.result(), sorted(warnings, key=lambda warning: warning.line)


# --- the whole document: header, preamble, body, closing ---------------------------------------

_NUMBER_RE = re.compile(r"^Số\s*[:.]?\s*(.*)$", re.IGNORECASE)
_DATE_LINE_RE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngày\b(?P<rest>.*)$")
_DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s*tháng\s+(\d{1,2})\s*năm\s+(\d{4})")
_YEAR_RE = re.compile(r"năm\s+(\d{4})")
_MOTTO_RE = re.compile(r"^(CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc)\W*$", re.IGNORECASE)
_DRAFT_RE = re.compile(r"^\(?\s*dự\s+thảo\b[^)]{0,30}\)?$", re.IGNORECASE)
_PREAMBLE_RE = re.compile(r"^(Căn cứ|Xét|Kính gửi|Theo đề nghị)\b|^(QUYẾT NGHỊ|QUYẾT ĐỊNH)\s*:")
_FORMULA_RE = re.compile(r"^(QUYẾT NGHỊ|QUYẾT ĐỊNH|CHỈ THỊ|BAN HÀNH)\s*:?$")
_AUTHORITY_RE = re.compile(r"^(TM|KT|TL|TUQ|Q|T/M)\s*\.\s*\S")
_SIGNER_TITLE_RE = re.compile(r"^(PHÓ\s+)?(CHỦ TỊCH|TRƯỞNG BAN|GIÁM ĐỐC|BÍ THƯ|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|CHỦ NHIỆM|THỦ TRƯỞNG)\b")
_RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?\s*(.*)$", re.IGNORECASE)
_PLACEHOLDER_RE = re.compile(r"^\(?\s*(đã ký|ký(,| và| tên)?.{0,25}|chữ ký.{0,25})\s*\)?$", re.IGNORECASE)
_CITED_RE = re.compile(r"\b(\d+[a-z]?)\s?/\s?((?:\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-Za-zĐđ0-9&]+)*)")
_CLOSING_RE = re.compile(r"(Nghị quyết|Quyết định|Chỉ thị|Quy chế|Quy định|Kế hoạch|Thông báo|Văn bản) này\b.*(thông qua|có hiệu lực)")
_BODY_NAMES = ("HỘI ĐỒNG NHÂN DÂN", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN")
_UNIT_WORDS = ("PHƯỜNG", "XÃ", "THỊ TRẤN", "ĐẶC KHU", "TỈNH", "THÀNH PHỐ", "QUẬN", "HUYỆN", "THỊ XÃ")


def _type_headings() -> dict[str, str]:
    return {item.label.upper(): key for key, item in document_types().items() if key != "cong_van"}


def _heading_type(text: str) -> str | None:
    return _type_headings().get(text.strip(" .:").upper()) if text.isupper() else None


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        import datetime as dt  # noqa: PLC0415

        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _is_upper(text: str) -> bool:
    return text.isupper() and any(char.isalpha() for char in text)


def _is_signer_line(text: str) -> bool:
    return bool(_AUTHORITY_RE.match(text) or (_is_upper(text) and _SIGNER_TITLE_RE.match(text)))


def _sentence_case(text: str) -> str:
    """Write an uppercase body name as "Hội đồng nhân dân phường Bách Quang"."""
    words = text.split()
    upper = [word.upper() for word in words]
    cut = len(words)
    for index in range(len(words)):
        if any(" ".join(upper[index:index + len(unit.split())]) == unit for unit in _UNIT_WORDS):
            cut = index + len(next(u for u in _UNIT_WORDS if " ".join(upper[index:index + len(u.split())]) == u).split())
            break
    head = " ".join(words[:cut]).lower()
    tail = " ".join(word.capitalize() if word.isupper() else word for word in words[cut:])
    result = " ".join(part for part in (head, tail) if part)
    result = result.replace("ủy ban nhân dân", "Ủy ban nhân dân").replace("uỷ ban nhân dân", "Ủy ban nhân dân")
    return result[:1].upper() + result[1:]


@dataclass
class _Doc:
    """What one document's lines say, collected before it is put in the model's key order."""

    warnings: list[ParseWarning]
    fields: dict = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    year: str | None = None
    header_date: str | None = None
    draft_marker: bool = False
    closing_adopts: bool = False  # the closing sentence gives a real adoption date

    def warn(self, line: Line, message: str) -> None:
        self.warnings.append(ParseWarning(line.number, message))

    def keep(self, line: Line, where: str) -> None:
        self.unplaced.append(line.text)
        self.warn(line, f"Không nhận ra dòng “{line.text[:50]}” ở {where}; đã đưa vào mục unplaced, hãy xem lại.")


def _parse_header(lines: list[Line], doc: _Doc) -> None:
    """Read issuer, number, place and date, type, title, term and session."""
    issuer: list[str] = []
    council: list[str] = []
    title: list[str] = []
    stage = "top"
    for line in lines:
        text = line.text
        if _MOTTO_RE.match(text):
            continue
        if _DRAFT_RE.match(text):
            doc.draft_marker = True
        elif match := _NUMBER_RE.match(text):
            _read_number(line, match.group(1), doc)
        elif match := _DATE_LINE_RE.match(text):
            _read_date(line, match, doc)
        elif kind := _heading_type(text):
            doc.fields["type"], stage = kind, "title"
        elif stage == "title" and not _is_upper(text):
            title.append(text)
        elif _is_upper(text):
            (issuer if stage == "top" else council).append(text)
            stage = stage if stage == "top" else "council"
        elif stage == "top" and re.match(r"^(V/v|Về việc)\b", text):
            title.append(text)
        else:
            doc.keep(line, "phần đầu văn bản")
    if title:
        doc.fields["title"] = " ".join(title)
    _read_council(" ".join(council), doc)
    if issuer:
        doc.fields["issuer"] = _sentence_case(" ".join(issuer))


def _read_number(line: Line, value: str, doc: _Doc) -> None:
    value = re.sub(r"\s*/\s*", "/", value.strip())
    if re.match(r"^\d+[a-z]?/", value):
        doc.fields["number"] = value
        if year := re.match(r"^\d+[a-z]?/(\d{4})/", value):
            doc.year = year.group(1)
    else:
        doc.warn(line, f"Số văn bản để trống (“{line.text}”), thường là dự thảo; đã bỏ trống trường number.")


def _read_date(line: Line, match: re.Match, doc: _Doc) -> None:
    doc.fields["place"] = match.group("place").strip()
    rest = "ngày" + match.group("rest")
    if (found := _DATE_RE.search(rest)) and (iso := _iso(*found.groups())):
        doc.header_date = iso
        doc.year = doc.year or iso[:4]
    else:
        doc.warn(line, f"Ngày ở đầu văn bản để trống hoặc không đọc được (“{line.text}”); chưa điền ngày.")
        if year := _YEAR_RE.search(rest):
            doc.year = doc.year or year.group(1)


def _read_council(text: str, doc: _Doc) -> None:
    """Read "HỘI ĐỒNG NHÂN DÂN … KHÓA III, KỲ HỌP THỨ SÁU"."""
    if not text:
        return
    term = re.search(r"\bKH(?:ÓA|OÁ)\s+([IVXLC]+|\d+)\b", text, re.IGNORECASE)
    session = re.search(r"\bKỲ HỌP\s+(.+?)\s*$", text, re.IGNORECASE)
    if term:
        doc.fields["term"] = term.group(1).upper()
    if session:
        words = session.group(1).lower().split()
        if words[0] == "thứ" and len(words) > 1 and not words[1].isdigit():
            words[1] = words[1].capitalize()
        doc.fields["session"] = " ".join(words)
    name = re.split(r"\s*[,-]?\s*\bKH(?:ÓA|OÁ)\b|\s*[,-]?\s*\bKỲ HỌP\b", text, flags=re.IGNORECASE)[0].strip(" ,-")
    if name and "issuer" not in doc.fields:
        doc.fields["issuer"] = _sentence_case(name)


def _parse_preamble(lines: list[Line], doc: _Doc) -> None:
    """Read "Căn cứ …" legal bases and "Xét …" lines."""
    bases: list[dict] = []
    considering: list[str] = []
    last: list | None = None
    for line in lines:
        text = line.text
        if text.startswith("Căn cứ"):
            bases.append({"text": text})
            last = bases
        elif text.startswith(("Xét", "Theo đề nghị")):
            considering.append(text)
            last = considering
        elif last and not _previous_text(last).endswith((";", ".")):
            _append_text(last, text)
            doc.warn(line, "Dòng này được nối vào dòng căn cứ/xét ở trên vì dòng trên chưa kết thúc; hãy kiểm tra.")
        else:
            doc.keep(line, "phần căn cứ")
    for basis in bases:
        if cited := _CITED_RE.search(basis["text"]):
            basis["number"] = f"{cited.group(1)}/{cited.group(2)}"
    doc.fields["legal_bases"], doc.fields["considering"] = bases, considering


def _previous_text(items: list) -> str:
    item = items[-1]
    return item["text"] if isinstance(item, dict) else item


def _append_text(items: list, text: str) -> None:
    if isinstance(items[-1], dict):
        items[-1]["text"] += " " + text
    else:
        items[-1] += " " + text


def _parse_tail(lines: list[Line], doc: _Doc) -> None:
    """Read "Nơi nhận:" recipients and the signer block."""
    recipients: list[str] = []
    signer: dict = {}
    listing = False
    for line in lines:
        text = line.text
        if match := _RECIPIENTS_RE.match(text):
            listing = True
            if rest := _dash(match.group(1)).removeprefix("- ").strip():
                recipients.append(rest.rstrip(";,."))
        elif listing and _DASH_RE.match(text) and not _is_signer_line(text):
            recipients.append(_DASH_RE.match(text).group(1).rstrip(";,. "))
        elif _AUTHORITY_RE.match(text) and "authority" not in signer:
            signer["authority"], listing = text, False
        elif _is_upper(text) and "title" not in signer and len(text.split()) <= 8:
            signer["title"], listing = text, False
        elif _PLACEHOLDER_RE.match(text):
            continue
        elif "title" in signer and "name" not in signer and len(text.split()) <= 6:
            signer["name"] = " ".join(word.capitalize() for word in text.split()) if _is_upper(text) else text
        else:
            doc.keep(line, "phần nơi nhận và chữ ký")
    if recipients:
        doc.fields["recipients"] = recipients
    if "title" in signer and "name" in signer:
        doc.fields["signer"] = {key: signer[key] for key in ("authority", "title", "name") if key in signer}
    elif signer:
        doc.unplaced.extend(signer.values())
        doc.warn(lines[0], "Không đọc đủ chức vụ và họ tên người ký; đã đưa phần đọc được vào mục unplaced, hãy điền trường signer.")


def _read_closing(lines: list[Line], doc: _Doc) -> None:
    """Read adoption and entry into force from the closing sentence."""
    closing = [line for line in lines if _CLOSING_RE.search(line.text)]
    if not closing:
        return
    line = closing[-1]
    text = line.text
    force = re.search(r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày\s+(thông qua|ký)", text)
    effective = re.search(r"có hiệu lực(?: thi hành)?(?: kể)? từ " + _DATE_RE.pattern, text)
    adopted = re.search(r"thông qua(?: vào)? " + _DATE_RE.pattern, text)
    together = re.search(r"thông qua và có hiệu lực(?: thi hành)?(?: kể)? từ " + _DATE_RE.pattern, text)
    if force:
        doc.fields["effective_on_adoption"] = True
    if effective and (iso := _iso(*effective.groups())):
        doc.fields["effective_on"] = iso
    if after := re.search(r"sau (\d+) ngày kể từ ngày (ký|thông qua)", text):
        doc.warn(line, f"Văn bản có hiệu lực sau {after.group(1)} ngày kể từ ngày {after.group(2)}; hãy tự tính và điền effective_on.")
    stated = adopted and _iso(*adopted.groups())
    inferred = together and _iso(*together.groups())
    doc.closing_adopts = bool(stated or inferred)
    if stated:
        doc.fields["adopted_on_closing"] = stated
        if doc.header_date and doc.header_date != stated:
            doc.warn(line, f"Ngày thông qua ở câu hiệu lực ({stated}) khác ngày ở đầu văn bản ({doc.header_date}); đã lấy ngày ở đầu văn bản, hãy kiểm tra.")
    elif inferred and not doc.header_date:
        doc.fields["adopted_on_closing"] = inferred
        doc.warn(line, f"Văn bản không ghi ngày thông qua; đã suy ra adopted_on = {inferred} từ câu “thông qua và có hiệu lực kể từ ngày …”. Hãy kiểm tra lại.")
    if doc.header_date is None and doc.fields.get("adopted_on_closing"):
        doc.year = doc.year or doc.fields["adopted_on_closing"][:4]


def _split_documents(lines: list[Line]) -> list[list[Line]]:
    """Split a tờ trình from the draft resolution or decision appended to it."""
    headings = [(index, _heading_type(line.text)) for index, line in enumerate(lines) if _heading_type(line.text)]
    if len(headings) < 2 or headings[0][1] != "to_trinh":
        return [lines]
    first = headings[0][0]
    later = next((index for index, kind in headings[1:] if kind != "to_trinh"), None)
    if later is None:
        return [lines]
    start = later
    while start - 1 > first and _header_like(lines[start - 1].text):
        start -= 1
    return [lines[:start], lines[start:]]


def _header_like(text: str) -> bool:
    if _is_signer_line(text) or text.startswith(("-", "Nơi nhận")):
        return False
    return bool(_is_upper(text) or _NUMBER_RE.match(text) or _DATE_LINE_RE.match(text)
                or _MOTTO_RE.match(text) or _DRAFT_RE.match(text))


def _parse_one(lines: list[Line], warnings: list[ParseWarning]) -> dict:
    """Parse the lines of one document into the model's key order."""
    doc = _Doc(warnings)
    heading = next((i for i, line in enumerate(lines) if _heading_type(line.text)), 0)
    start = next((i for i in range(heading, len(lines)) if _PREAMBLE_RE.match(lines[i].text)
                  or _ARTICLE_RE.match(lines[i].text) or _CHAPTER_RE.match(lines[i].text)), len(lines))
    sentence = next((i for i in range(heading + 1, len(lines)) if lines[i].text.endswith(_SENTENCE_END)
                     and not _NUMBER_RE.match(lines[i].text) and not _heading_type(lines[i].text)), len(lines))
    start = min(start, sentence)
    tail = next((i for i in range(start, len(lines)) if _RECIPIENTS_RE.match(lines[i].text) or _is_signer_line(lines[i].text)), len(lines))
    _parse_header(lines[:start], doc)
    middle = lines[start:tail]
    formula = next((i for i, line in enumerate(middle) if _FORMULA_RE.match(line.text)), None)
    first_article = next((i for i, line in enumerate(middle) if (m := _ARTICLE_RE.match(line.text)) and _is_article(m)
                          or _CHAPTER_RE.match(line.text)), None)
    cut = formula if formula is not None else first_article
    body = _Body(warnings)
    if cut is not None:
        _parse_preamble(middle[:cut], doc)
        if formula is not None:
            doc.fields["formula"] = middle[formula].text
        cut += formula is not None
    for line in middle[cut or 0:]:
        body.add(line)
    _parse_tail(lines[tail:], doc)
    _read_closing(middle, doc)
    return _assemble(doc, body, lines)


def _assemble(doc: _Doc, body: _Body, lines: list[Line]) -> dict:
    """Decide status and dates, then order the keys as the data files do."""
    found = doc.fields
    if "type" not in found and (kind := _type_from_number(found.get("number", ""))):
        found["type"] = kind
    closing = found.pop("adopted_on_closing", None)
    adopted_on = doc.header_date or closing
    status = "adopted" if found.get("number") or doc.closing_adopts else "draft"
    first = lines[0] if lines else Line(1, "")
    if doc.draft_marker:
        status = "draft"
    if status == "draft":
        adopted_on = None
    elif not adopted_on:
        doc.warn(first, "Không tìm thấy ngày thông qua hoặc ngày ký ban hành; hãy điền trường adopted_on.")
    for key, what in (("type", "loại văn bản (type)"), ("issuer", "cơ quan ban hành (issuer)"), ("title", "trích yếu (title)")):
        if key not in found:
            doc.warn(first, f"Không tìm thấy {what}; hãy điền trường {key}.")
    result = body.result()
    data = {
        "id": None, "type": found.get("type"), "number": found.get("number"), "issuer": found.get("issuer"),
        "title": found.get("title"), "place": found.get("place"), "status": status, "adopted_on": adopted_on,
        "effective_on": found.get("effective_on"), "effective_on_adoption": found.get("effective_on_adoption"),
        "term": found.get("term"), "session": found.get("session"), "legal_bases": found.get("legal_bases"),
        "considering": found.get("considering"), "formula": found.get("formula"),
        "chapters": result.get("chapters"), "articles": result.get("articles"), "paragraphs": result.get("paragraphs"),
        "unplaced": doc.unplaced + result.get("unplaced", []), "recipients": found.get("recipients"),
        "signer": found.get("signer"), "related": None,
    }
    data = {key: value for key, value in data.items() if value not in (None, [], "") or key == "id"}
    data["id"] = make_id(data, doc.year)
    return data


def _type_from_number(number: str) -> str | None:
    """Guess the type from the symbol: 30/2024/NQ-HĐND is a nghị quyết, 123/UBND-VP a công văn."""
    symbol = number.rsplit("/", 1)[-1] if "/" in number else ""
    if not symbol:
        return None
    by_abbreviation = {item.abbreviation: key for key, item in document_types().items() if item.abbreviation}
    return by_abbreviation.get(symbol.split("-")[0], "cong_van")


def make_id(data: dict, year: str | None = None) -> str:
    """Derive a stable id from type, number or year, and title (at most 60 characters)."""
    kind = document_types().get(data.get("type", ""))
    prefix = slug(kind.abbreviation or "cv") if kind else "vb"
    number = data.get("number", "")
    serial = slug(number.split("/")[0]) if number else ""
    year = year or (data.get("adopted_on") or "")[:4]
    words = [prefix, serial, year or "", slug(data.get("title", ""))]
    ident = "-".join(word for word in words if word)
    if len(ident) > 60:
        ident = ident[:61].rsplit("-", 1)[0]
    return ident or "van-ban"


def parse_document(text: str) -> list[ParsedDocument]:
    """Parse one source text; a tờ trình with its draft resolution appended gives two documents."""
    warnings: list[ParseWarning] = []
    lines = join_wrapped(clean_lines(text, warnings), warnings)
    parts = _split_documents(lines) if lines else [[]]
    docs: list[ParsedDocument] = []
    for part in parts:
        own: list[ParseWarning] = []
        docs.append(ParsedDocument(_parse_one(part, own), own))
    starts = [part[0].number if part else 1 for part in parts]
    for warning in warnings:
        index = max(i for i, start in enumerate(starts) if start <= warning.line or i == 0)
        docs[index].warnings.append(warning)
    for doc in docs:
        doc.warnings.sort(key=lambda warning: warning.line)
    if len(docs) == 2:
        _link(docs[0].data, docs[1].data)
    return docs


def _link(first: dict, second: dict) -> None:
    """Point two documents of one file at each other through `related`."""
    if first["id"] == second["id"]:
        second["id"] = f"{second['id'][:55]}-du-thao"
    for one, other in ((first, second), (second, first)):
        one["related"] = [other["id"]]  # `related` is the last key, after signer


# --- rendering back to the conventional layout ---------------------------------------------------


def render_text(data: dict) -> str:
    """Print a document (or just its body) as plain text in the conventional layout."""
    out: list[str] = []
    kind = document_types().get(data.get("type", ""))
    if data.get("issuer"):
        out.append(data["issuer"].upper())
    if "number" in data or "type" in data:
        out.append(f"Số: {data.get('number', '')}".rstrip())
    if data.get("place"):
        out.append(f"{data['place']}, {_vietnamese_date(data.get('adopted_on'))}")
    if kind:
        out.append(kind.label.upper())
    if data.get("title"):
        out.append(data["title"])
    if data.get("term") or data.get("session"):
        out.append(f"KHÓA {data.get('term', '')}, KỲ HỌP {data.get('session', '').upper()}".replace("KHÓA , ", ""))
    out += [basis["text"] for basis in data.get("legal_bases", [])] + list(data.get("considering", []))
    if data.get("formula"):
        out.append(data["formula"])
    out += list(data.get("paragraphs", []))
    for chapter in data.get("chapters", []):
        out.append(f"Chương {chapter['number']}")
        out += [chapter["title"]] if chapter.get("title") else []
        out += _render_articles(chapter.get("articles", []))
        for section in chapter.get("sections", []):
            out.append(f"Mục {section['number']}. {section.get('title', '')}".rstrip())
            out += _render_articles(section.get("articles", []))
    out += _render_articles(data.get("articles", []))
    out += list(data.get("unplaced", []))
    if data.get("recipients"):
        out += ["Nơi nhận:"] + [f"- {item};" for item in data["recipients"]]
    if signer := data.get("signer"):
        out += [signer[key] for key in ("authority", "title", "name") if signer.get(key)]
    return "\n\n".join(out) + "\n"


def _render_articles(articles: list[dict]) -> list[str]:
    out: list[str] = []
    for article in articles:
        out.append(f"Điều {article['number']}. {article.get('title') or ''}".rstrip())
        out += article.get("paragraphs", [])
        for clause in article.get("clauses", []):
            out.append(f"{clause['number']}. {clause['text']}".rstrip())
            out += clause.get("paragraphs", [])
            for point in clause.get("points", []):
                out.append(f"{point.get('as_written') or point['letter']}) {point['text']}".rstrip())
                out += point.get("paragraphs", [])
    return out


def _vietnamese_date(iso: str | None) -> str:
    if not iso:
        return "ngày … tháng … năm …"
    year, month, day = str(iso).split("-")
    return f"ngày {day} tháng {month} năm {year}"
