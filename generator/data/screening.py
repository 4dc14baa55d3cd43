"""Screen every decoded text of a record before anything is published.

Runs on the values YAML has built (after escapes such as "\\x3c" are decoded), so a check cannot be
dodged by writing the same text another way: HTML and script, unsafe links, control and invisible
characters, over-long ids, and private persons' numbers (private_numbers.py).
"""

from __future__ import annotations

import re

from ..legal_text.encoding import legacy_encoding
from .private_numbers import INVISIBLE, digits_of, find_private_numbers, visible
from .problems import Problem
from .sources import RawRecord, dotted_field

TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
URL_KEYS = {"url", "satisfaction_url", "portal_url", "base_url"}
# Fields whose numbers are public by nature: the unit's own contacts, a document's own number.
PUBLIC_NUMBER_KEYS = {"phone", "number", "unit_code", "public_numbers", "email", "file", "id", "draft", "document"} | URL_KEYS
MAX_ID_LENGTH = 80
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")
# Control characters other than line breaks and tabs (category Cc is exactly U+0000-U+001F and
# U+007F-U+009F), and the line and paragraph separators: they break pages and feeds. One regex
# instead of a category look-up per character (tests/test_build_cost.py checks it against Unicode).
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Format characters (category Cf): invisible, yet they make two numbers or ids differ.
_FORMAT = frozenset(chr(code) for code, value in INVISIBLE.items() if value is None)
_URL_SAFE = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?(/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?(\?[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*)?(#[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*)?$")


def public_numbers(site_data: object) -> frozenset[str]:
    """Collect the numbers the unit publishes on purpose, from data/site.yaml."""
    found: set[str] = set()
    if isinstance(site_data, dict):
        feedback = site_data.get("feedback") if isinstance(site_data.get("feedback"), dict) else {}
        for value in (site_data.get("phone"), feedback.get("phone"), *_as_list(site_data.get("public_numbers"))):
            found |= _declared(value)
    return frozenset(found)


def record_numbers(record: RawRecord) -> frozenset[str]:
    """Numbers one record declares public in its own `public_numbers` list, and its `phone`."""
    data = record.data if isinstance(record.data, dict) else {}
    found: set[str] = set()
    for value in (data.get("phone"), *_as_list(data.get("public_numbers"))):
        found |= _declared(value)
    return frozenset(found)


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def _declared(value: object) -> set[str]:
    """Read the digits of a declared number (a field may hold several, "0208 3000 000 / 0208 3000 001")."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return set()
    text = str(value)
    parts = re.split(r"[/;,]| hoặc ", text)
    return {digits_of(part) for part in parts if digits_of(part)} | {digits_of(text)}


def screen_record(record: RawRecord, allowed: frozenset[str] = frozenset()) -> list[Problem]:
    """Return every problem in the texts of one record."""
    problems = []
    allowed = allowed | record_numbers(record)
    texts = _texts(record)
    # Control and invisible characters and HTML are rare: one search over all the record's texts
    # (joined by a line break, which none of the three matches alone) spares one per text.
    joined = "\n".join([text for _, text in texts])
    rare = bool(CONTROL_RE.search(joined) or not _FORMAT.isdisjoint(joined) or TAG_RE.search(joined))
    for loc, text in texts:
        found = _screen_text(record, loc, text, allowed, rare)
        if found:
            problems += found
    return problems


def _texts(record: RawRecord) -> list[tuple[tuple, str]]:
    """List every text of a record with its location: strings, and numbers as they were typed."""
    found: list[tuple[tuple, str]] = []
    sources = record.sources

    def walk(data: object, loc: tuple) -> None:
        for part, value in data.items() if isinstance(data, dict) else enumerate(data):
            where = loc + (part,)
            kind = type(value)
            if kind is str:
                found.append((where, value))
            elif kind is dict or kind is list:
                walk(value, where)
            elif isinstance(value, str):
                found.append((where, value))
            elif isinstance(value, (dict, list)):
                walk(value, where)
            elif where in sources:
                found.append((where, sources[where]))

    data = record.data
    if isinstance(data, (dict, list)):
        walk(data, ())
    elif isinstance(data, str):
        found.append(((), data))
    elif () in sources:
        found.append(((), sources[()]))
    return found


def _screen_text(record: RawRecord, loc: tuple, text: str, allowed: frozenset[str], rare: bool = True) -> list[Problem]:
    """Screen one text (`rare`: whether the record may hold control or invisible characters or HTML);
    where and under which field a problem lies is worked out only for a problem."""
    last = loc[-1] if loc else ""
    key = last if isinstance(last, str) else next((part for part in reversed(loc) if isinstance(part, str)), "")
    if rare and (bad := CONTROL_RE.search(text)):
        return [Problem(record.path, record.line_of(loc), dotted_field(loc) or None, f"nội dung có ký tự điều khiển không in được (mã U+{ord(bad.group()):04X}).", "Cách sửa: xóa ký tự lạ (thường do sao chép từ Word hoặc PDF, hoặc viết \\x, \\u trong dấu ngoặc kép), rồi lưu lại.")]
    found: list[tuple[int | None, str, str]] = []  # (line, or None for the text's own line; message; hint)
    if rare and not _FORMAT.isdisjoint(text):
        hidden = next(c for c in text if c in _FORMAT)
        found.append((None, f"nội dung có ký tự vô hình (mã U+{ord(hidden):04X}), có thể làm hai số, hai mã trông giống nhau mà khác nhau.", "Cách sửa: gõ lại đoạn này (ký tự vô hình thường đến từ bản sao chép trên mạng hoặc PDF)."))
    legacy = legacy_encoding(text) if len(text) >= 20 else None
    if legacy:
        name, at = legacy
        found.append((_line_at(record, loc, text, at), f"nội dung được gõ bằng bảng mã cũ {name}, không phải Unicode, nên chữ tiếng Việt bị sai.",
                      f"Cách sửa: mở Unikey, chọn “Công cụ chuyển mã” (Ctrl+Shift+F6), chuyển từ {name} sang Unicode rồi dán lại."))
    if rare and (tag := TAG_RE.search(text)):
        found.append((_line(record, loc, text, tag.group(0)), "nội dung chứa thẻ HTML hoặc mã script, trang không đăng mã.", "Cách sửa: chỉ ghi chữ thuần; nếu cần dấu nhỏ hơn, viết “nhỏ hơn” hoặc “< ” có dấu cách."))
    if key in URL_KEYS and not _URL_SAFE.match(text):
        found.append((None, f'"{text}" không phải liên kết hợp lệ.', "Cách sửa: ghi liên kết đầy đủ bắt đầu bằng https://, không có dấu cách, dấu ngoặc kép hay dấu < >."))
    if key == "email" and not _EMAIL.match(text):
        found.append((None, f'"{text}" không phải địa chỉ thư điện tử hợp lệ.', "Cách sửa: ghi một địa chỉ, ví dụ ubnd@example.gov.vn (không có dấu cách, dấu ? hay &)."))
    if key in ("id", "draft") and len(text) > MAX_ID_LENGTH:
        found.append((None, f"mã dài {len(text)} ký tự, quá {MAX_ID_LENGTH} ký tự.", "Cách sửa: đặt mã ngắn gọn, ví dụ nq-12-2025."))
    if key not in PUBLIC_NUMBER_KEYS:
        for number in find_private_numbers(text, allowed):
            found.append((_line(record, loc, visible(text), number.text),
                          f"“{number.text}” có vẻ là {number.label} của một người; pháp luật không cho phép công khai.",
                          "Cách sửa: xóa số này. Nếu đây là số công khai của cơ quan (đường dây nóng, số tổng đài), ghi nó vào `phone` hoặc "
                          "`public_numbers` trong data/site.yaml; nếu là số khác được phép đăng, ghi vào `public_numbers` của chính tệp này."))
    if not found:
        return []
    field = dotted_field(loc) or None
    return [Problem(record.path, record.line_of(loc) if line is None else line, field, message, hint) for line, message, hint in found]


def _line_at(record: RawRecord, loc: tuple, text: str, line_in_text: int) -> int:
    """The line of the n-th line (from 1) of a text."""
    if "\n" not in text.rstrip("\n"):
        return record.line_of(loc)
    return record.line_of(loc) + line_in_text


def _line(record: RawRecord, loc: tuple, text: str, part: str) -> int:
    """The line of a part of a text: in a block (`body_text: |`), the text starts on the line after the key."""
    if "\n" not in text.rstrip("\n"):
        return record.line_of(loc)
    return record.line_of(loc) + 1 + text[: max(text.find(part), 0)].count("\n")
