"""Turn raw records into typed models, collecting every problem with its file and line."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain.vocabulary import POINT_LETTERS
from .models import Consultation, Disclosure, Document, Site
from .problems import Problem
from .sources import RawRecord, dotted_field

MODELS: dict[str, type[BaseModel]] = {
    "site": Site,
    "document": Document,
    "disclosure": Disclosure,
    "consultation": Consultation,
}

DATE_HINT = "Cách sửa: ghi ngày theo dạng YYYY-MM-DD, ví dụ 2025-02-28."


def validate_record(record: RawRecord) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one raw record against its model, turning errors into clerk-facing problems."""
    model = MODELS[record.kind]
    if not isinstance(record.data, dict):
        return None, [Problem(record.path, record.start_line, None, "tệp phải là một nhóm trường dạng `ten_truong: giá trị`.", "Cách sửa: xem tệp mẫu cùng loại trong thư mục data/.")]
    try:
        return model.model_validate(record.data), []
    except ValidationError as error:
        return None, [_problem_from_error(record, model, item) for item in error.errors()]


def _problem_from_error(record: RawRecord, model: type[BaseModel], error: dict) -> Problem:
    """Word one pydantic error for a clerk."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    field = dotted_field(loc) or None
    line = record.line_of(loc)
    owner, name = _owner_model(model, loc)
    description = _description(owner, name)
    shown = _show(value)
    if kind == "missing":
        hint = f"Cách sửa: thêm dòng `{name}: …`" + (f" ({description})" if description else "") + "."
        return Problem(record.path, line, field, f'thiếu trường bắt buộc "{name}".', hint)
    if kind == "extra_forbidden":
        known = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
        hint = f'Cách sửa: có phải ý bạn là "{close[0]}"?' if close else "Cách sửa: xóa dòng này, hoặc xem danh sách trường trong hướng dẫn định dạng dữ liệu."
        return Problem(record.path, line, field, f'trường "{name}" không có trong định dạng dữ liệu.', hint)
    if kind == "value_error" and "date_range" in str(error.get("msg")):
        return Problem(record.path, line, field, f"ngày {shown} nằm ngoài khoảng 1900–2100, có lẽ gõ nhầm năm.", DATE_HINT)
    if kind == "string_too_short":
        return Problem(record.path, line, field, "trường này đang để trống (hoặc chỉ có dấu cách).", f"Cách sửa: ghi nội dung" + (f" — {description}" if description else "") + "; nếu không có thì xóa cả dòng.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return Problem(record.path, line, field, f"{shown} không phải ngày hợp lệ.", DATE_HINT)
    if kind == "literal_error":
        choices = error.get("ctx", {}).get("expected", "")
        return Problem(record.path, line, field, f"{shown} không phải giá trị hợp lệ.", f"Cách sửa: chọn một trong các giá trị {choices}.")
    if kind == "string_pattern_mismatch" and name == "id":
        return Problem(record.path, line, field, f"{shown} không phải mã hợp lệ.", "Cách sửa: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ nq-12-2025.")
    if kind == "string_pattern_mismatch" and name == "unit_code":
        return Problem(record.path, line, field, f"{shown} không phải mã đơn vị hành chính.", "Cách sửa: ghi đúng 5 chữ số, ví dụ \"05845\" (đặt trong dấu ngoặc kép).")
    if kind in ("greater_than_equal", "less_than_equal", "int_parsing", "int_type", "int_from_float"):
        if name == "category":
            return Problem(record.path, line, field, f"{shown} không phải mục của Điều 11.", "Cách sửa: ghi một số từ 1 đến 14 theo Điều 11 Luật Thực hiện dân chủ ở cơ sở.")
        return Problem(record.path, line, field, f"{shown} không phải số hợp lệ ở đây.", "Cách sửa: ghi một số nguyên dương, ví dụ 1.")
    if kind == "value_error" and "point_letter" in str(error.get("msg")):
        return Problem(record.path, line, field, f"chữ {shown} không dùng để đánh số điểm.", "Cách sửa: điểm đánh theo bảng chữ cái tiếng Việt: a, b, c, d, đ, e, g, h, i, k … (không có f, j, w, z).")
    if kind == "value_error" and "base_url" in str(error.get("msg")):
        return Problem(record.path, line, field, f"{shown} không phải địa chỉ trang hợp lệ.", "Cách sửa: ghi đầy đủ, ví dụ https://bachquang.thainguyen.gov.vn/")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type", "bool_parsing", "bool_type"):
        expected = {"string_type": "một đoạn văn bản", "list_type": "một danh sách (mỗi mục một dòng bắt đầu bằng “- ”)",
                    "dict_type": "một nhóm trường", "model_type": "một nhóm trường", "model_attributes_type": "một nhóm trường",
                    "bool_parsing": "true hoặc false", "bool_type": "true hoặc false"}[kind]
        hint = f"Cách sửa: ghi {expected}" + (f" — {description}" if description else "") + "."
        return Problem(record.path, line, field, f"giá trị {shown} không đúng kiểu: cần {expected}.", hint)
    return Problem(record.path, line, field, f"giá trị {shown} không hợp lệ ({error.get('msg')}).", f"Cách sửa: {description}" if description else None)


def _show(value: Any) -> str:
    """Quote a value the way the clerk typed it."""
    if isinstance(value, (dict, list)) or value is None:
        return "này"
    text = str(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _owner_model(model: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None, str]:
    """Find the model class that owns the last key of a location."""
    current: Any = model
    name = ""
    for index, part in enumerate(loc):
        if isinstance(part, int):
            continue
        name = str(part)
        if index == len(loc) - 1:
            break
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return current, name
        current = inner_model(fields[part].annotation)
        if current is None:
            return None, str(loc[-1])
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None, name


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """Dig the model class out of list[X] or X | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
        if found:
            return found
    return None


def _description(owner: type[BaseModel] | None, name: str) -> str | None:
    """Return the field's description, written once in the model."""
    if owner and name in owner.model_fields:
        return owner.model_fields[name].description
    return None


def check_point_letters(record: RawRecord) -> list[Problem]:
    """Report points whose letters leave the Vietnamese a, b, c, d, đ, e … sequence."""
    problems = []
    for loc, article in _raw_articles(record.data):
        for c_index, clause in enumerate(_items(article, "clauses")):
            for p_index, point in enumerate(_items(clause, "points")):
                letter = point.get("letter")
                expected = POINT_LETTERS[p_index] if p_index < len(POINT_LETTERS) else None
                if not isinstance(letter, str) or letter == expected or letter not in POINT_LETTERS:
                    continue  # a missing or impossible letter is reported by the model check
                where = loc + ("clauses", c_index, "points", p_index, "letter")
                problems.append(Problem(
                    record.path, record.line_of(where), dotted_field(where),
                    f'điểm "{letter})" ở khoản {clause.get("number")} Điều {article.get("number")} sai thứ tự: ở vị trí này phải là "{expected})".',
                    f"Cách sửa: ghi `letter: {expected}`; nếu bản gốc ghi sai, giữ chữ của bản gốc trong `as_written: {letter}`.",
                ))
    return problems


def _items(data: object, key: str) -> list[dict]:
    """Return the mappings listed under a key, ignoring malformed entries (the model reports them)."""
    value = data.get(key) if isinstance(data, dict) else None
    return [item if isinstance(item, dict) else {} for item in value] if isinstance(value, list) else []


def _raw_articles(data: object) -> list[tuple[tuple, dict]]:
    """Pair every raw article with its location, with or without chapters and sections."""
    found = [(("articles", i), a) for i, a in enumerate(_items(data, "articles"))]
    for ci, chapter in enumerate(_items(data, "chapters")):
        found += [(("chapters", ci, "articles", i), a) for i, a in enumerate(_items(chapter, "articles"))]
        for si, section in enumerate(_items(chapter, "sections")):
            found += [(("chapters", ci, "sections", si, "articles", i), a) for i, a in enumerate(_items(section, "articles"))]
    return found
