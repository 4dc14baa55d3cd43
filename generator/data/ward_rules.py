"""Check a ward's data/rules.yaml against the shape of the packaged rules before merging it."""

from __future__ import annotations

import datetime as dt

from .problems import Problem
from .sources import RawRecord, dotted_field


def check_ward_rules(record: RawRecord, packaged: dict) -> list[Problem]:
    """Report values of a ward's rules whose kind differs from the packaged rule they override."""
    if not isinstance(record.data, dict):
        return [Problem(record.path, record.start_line, None, "tệp quy định của đơn vị phải là một nhóm trường dạng `ten_truong: giá trị`, không phải danh sách.",
                        "Cách sửa: xem mẫu trong README (mục về data/rules.yaml); mỗi quy định ghi dưới tên nhóm của nó, ví dụ `deadlines:`.")]
    return _compare(record, (), packaged, record.data)


def _compare(record: RawRecord, loc: tuple, base: object, value: object) -> list[Problem]:
    expected = _kind(base)
    if expected == "group" and isinstance(value, dict):
        return [p for key, item in value.items() if key in base for p in _compare(record, loc + (key,), base[key], item)]
    if expected == "list" and isinstance(value, list):
        shape = next((item for item in base if isinstance(item, dict)), None)
        found = []
        for index, item in enumerate(value):
            if shape is not None:
                found += _compare(record, loc + (index,), shape, item) if isinstance(item, dict) else [_wrong(record, loc + (index,), "group", item)]
        return found
    if expected == "group" or (expected in ("number", "date", "text", "yes/no", "list") and not _fits(expected, value)):
        return [_wrong(record, loc, expected, value)]
    return []


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dict):
        return "group"
    if isinstance(value, list):
        return "list"
    return "text" if isinstance(value, str) else "any"


def _fits(expected: str, value: object) -> bool:
    if expected == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return False
        return True
    if expected == "list":
        return isinstance(value, list)
    if expected == "yes/no":
        return isinstance(value, bool)
    return isinstance(value, str)


_WORDS = {"number": "một số", "date": "một ngày dạng YYYY-MM-DD", "text": "một đoạn văn bản", "yes/no": "true hoặc false",
          "list": "một danh sách", "group": "một nhóm trường"}


def _wrong(record: RawRecord, loc: tuple, expected: str, value: object) -> Problem:
    shown = "này" if isinstance(value, (dict, list)) or value is None else f'"{value}"'
    return Problem(record.path, record.line_of(loc), dotted_field(loc) or None, f"giá trị {shown} không đúng kiểu: quy định này cần {_WORDS[expected]}.",
                   "Cách sửa: ghi đúng kiểu như trong generator/domain/rules.yaml (ví dụ `value: 5`).")
