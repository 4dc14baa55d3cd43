"""Parse a whole Vietnamese legal text (Decree 30/2020 layout) into the data model's shape: header,
preamble, body (legalbody), closing and signature; and render the model back as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.vocabulary import document_types
from ..paths import slug
from .rendering import render_text  # noqa: F401 - the parser's inverse, imported from here by callers
from .shapes import attached_note, normalise_shapes, sentence_case_title, split_appended
from .body import (
    ARTICLE_RE,
    CHAPTER_RE,
    DASH_RE,
    PART_RE,
    SENTENCE_END,
    Body,
    Line,
    ParseWarning,
    clean_lines,
    dash,
    is_article,
    join_wrapped,
)


@dataclass
class ParsedDocument:
    data: dict
    warnings: list[ParseWarning] = field(default_factory=list)


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
_PART_RE = re.compile(r"^([IVXLC]+|\d{1,2})\.\s+\S")  # "I. MỤC ĐÍCH", "1. Mục đích": a plan's parts
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
            if rest := dash(match.group(1)).removeprefix("- ").strip():
                recipients.append(rest.rstrip(";,."))
        elif listing and DASH_RE.match(text) and not _is_signer_line(text):
            recipients.append(DASH_RE.match(text).group(1).rstrip(";,. "))
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
    if lines and _heading_type(lines[heading].text):
        sentence_case_title(lines, heading, warnings)
    start = next((i for i in range(heading, len(lines)) if _PREAMBLE_RE.match(lines[i].text)
                  or ARTICLE_RE.match(lines[i].text) or CHAPTER_RE.match(lines[i].text)
                  or (i > heading and _PART_RE.match(lines[i].text))), len(lines))
    sentence = next((i for i in range(heading + 1, len(lines)) if lines[i].text.endswith(SENTENCE_END)
                     and not _NUMBER_RE.match(lines[i].text) and not _heading_type(lines[i].text)), len(lines))
    start = min(start, sentence)
    tail = next((i for i in range(start, len(lines)) if lines[i].table is None
                 and (_RECIPIENTS_RE.match(lines[i].text) or _is_signer_line(lines[i].text))), len(lines))
    _parse_header(lines[:start], doc)
    middle = lines[start:tail]
    formula = next((i for i, line in enumerate(middle) if _FORMULA_RE.match(line.text)), None)
    first_article = next((i for i, line in enumerate(middle) if (m := ARTICLE_RE.match(line.text)) and is_article(m)
                          or CHAPTER_RE.match(line.text)), None)
    part = next((i for i, line in enumerate(middle) if PART_RE.match(line.text)), None)
    if part is not None and first_article is not None and part < first_article:
        first_article = None  # a plan in parts I., II.: an "Điều" line inside a part does not start the body
    cut = formula if formula is not None else first_article
    body = Body(warnings)
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


def _assemble(doc: _Doc, body: Body, lines: list[Line]) -> dict:
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
        "tables": result.get("tables"), "sections": result.get("sections"),
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


def parse_document(text: str, tables: list[dict] | tuple = ()) -> list[ParsedDocument]:
    """Parse one source text; a tờ trình with its draft resolution appended gives two documents.

    `tables` are the tables a file reader found, each standing in the text as a `table_marker` line."""
    warnings: list[ParseWarning] = []
    lines = normalise_shapes(join_wrapped(clean_lines(text, warnings, tables), warnings), warnings)
    parts = _split_documents(lines) if lines else [[]]
    if len(parts) == 1 and lines:
        parts = split_appended(lines, _is_signer_line, _header_like)
    docs: list[ParsedDocument] = []
    for index, part in enumerate(parts):
        own: list[ParseWarning] = []
        note = attached_note(part) if index else None
        docs.append(ParsedDocument(_parse_one([line for line in part if line is not note], own), own))
        if note is not None:
            _attach(docs[0].data, docs[-1], note)
    starts = [part[0].number if part else 1 for part in parts]
    for warning in warnings:
        index = max(i for i, start in enumerate(starts) if start <= warning.line or i == 0)
        docs[index].warnings.append(warning)
    for doc in docs:
        doc.warnings.sort(key=lambda warning: warning.line)
    if len(docs) == 2:
        _link(docs[0].data, docs[1].data)
    return docs


def _attach(main: dict, appended: ParsedDocument, note: Line) -> None:
    """An appended regulation or annex takes its status and date from the document it comes with."""
    data = appended.data
    ordered: dict = {}
    for key, value in data.items():
        if key not in ("status", "adopted_on"):
            ordered[key] = value
        if key == "status":
            ordered["status"] = main.get("status", value)
            if main.get("adopted_on"):
                ordered["adopted_on"] = main["adopted_on"]
    ordered["id"] = make_id(ordered, (main.get("adopted_on") or "")[:4] or None)
    appended.data = ordered
    appended.warnings.append(ParseWarning(note.number, f"Văn bản này ban hành kèm theo văn bản chính (“{note.text[:60]}”); "
                                          "đã tách thành tệp riêng, liên kết qua related, lấy ngày của văn bản chính."))


def _link(first: dict, second: dict) -> None:
    """Point two documents of one file at each other through `related`."""
    if first["id"] == second["id"]:
        second["id"] = f"{second['id'][:55]}-du-thao"
    for one, other in ((first, second), (second, first)):
        one["related"] = [other["id"]]  # `related` is the last key, after signer
