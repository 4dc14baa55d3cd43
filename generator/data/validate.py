"""Turn raw records into typed models, collecting every problem with its file and line."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain.vocabulary import POINT_LETTERS
from .annotations import inner_model
from .forgiving import accept_day_first_dates, missing_day, value_for_label
from .labels import field_label, key_for_words
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
    return problems_for(record, MODELS[record.kind])


def problems_for(record: RawRecord, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one raw record against a model, turning errors into clerk-facing problems."""
    if not isinstance(record.data, dict):
        return None, [Problem(record.path, record.start_line, None, "tệp phải là một nhóm trường dạng `ten_truong: giá trị`.", "Cách sửa: xem tệp mẫu cùng loại trong thư mục data/.")]
    misplaced = _wrong_folder(record)
    if misplaced:
        return None, [misplaced]
    try:
        return model.model_validate(accept_day_first_dates(model, record.data)), []
    except ValidationError as error:
        problems: list[Problem] = []
        for item in error.errors():
            item = {**item, "loc": _strip_union_tags(tuple(item["loc"]))}
            problem = _quirk_problem(record, item) or _problem_from_error(record, model, item)
            if problem not in problems and not any(p.line == problem.line and p.message == problem.message for p in problems):
                problems.append(problem)
        return None, problems


KIND_NAMES = {"document": "văn bản", "disclosure": "thông tin công khai", "consultation": "đợt lấy ý kiến"}
FOLDERS = {"document": "van-ban", "disclosure": "cong-khai", "consultation": "lay-y-kien"}
YEAR_KEYS = {"document": "adopted_on", "disclosure": "published_on"}


def _wrong_folder(record: RawRecord) -> Problem | None:
    """Recognise a file of one kind saved in another kind's folder, instead of listing every key."""
    if record.kind not in FOLDERS or not isinstance(record.data, dict):
        return None
    keys = set(record.data)
    if not keys - set(MODELS[record.kind].model_fields):
        return None
    for kind, model in MODELS.items():
        fields = model.model_fields
        if kind in (record.kind, "site") or keys - set(fields):
            continue
        if not all(name in keys for name, field in fields.items() if field.is_required()):
            continue
        year = str(record.data.get(YEAR_KEYS.get(kind, ""), ""))[:4]
        target = f"data/{FOLDERS[kind]}/" + (f"{year}/" if year.isdigit() else "")
        marks = ", ".join(sorted(name for name in keys if name not in MODELS[record.kind].model_fields)[:3])
        return Problem(record.path, record.start_line, None,
                       f"tệp này là {KIND_NAMES[kind]} (có {marks}) nhưng được lưu trong data/{FOLDERS[record.kind]}/, thư mục của {KIND_NAMES[record.kind]}: sai thư mục.",
                       f"Cách sửa: chuyển tệp sang {target}; không cần sửa nội dung.")
    return None


def _value_at(data: object, loc: tuple) -> object:
    """Return the raw value at a location, or None."""
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _strip_union_tags(loc: tuple) -> tuple:
    """Drop pydantic's names of union members ("str", "int", "float") from a location."""
    while len(loc) > 1 and isinstance(loc[-1], str) and loc[-1] in UNION_TAGS:
        if loc[-1] == "date" and not isinstance(loc[-2], str):
            break  # a field called date (a change note's), not the date member of a union
        loc = loc[:-1]
    return loc


UNION_TAGS = {"str", "int", "float", "bool", "none", "constrained-str", "list[str]", "date"}


def _quirk_problem(record: RawRecord, error: dict) -> Problem | None:
    """Explain an error caused by a comma in {…} or a colon in […]: the fix is quotes, not deletion."""
    loc = tuple(error["loc"])
    for end in range(len(loc), 0, -1):
        quirk = record.quirks.get(loc[:end])
        if quirk is None:
            continue
        where, field = record.line_of(loc[:end]), dotted_field(loc[:end - 1] if quirk[0] == "comma" else loc[:end]) or None
        kind, text = quirk
        if kind == "comma":
            split = loc[end - 1]
            before = _value_at(record.data, loc[:end - 1] + (text,))
            whole = f"{before}, {split}" if isinstance(before, (str, int, float)) else f"…, {split}"
            return Problem(record.path, where, field,
                           f"dấu phẩy trong {{…}} đã tách “{split}” khỏi giá trị của “{text}”, thành một trường riêng.",
                           f"Cách sửa: đừng xóa; đặt cả giá trị có dấu phẩy trong dấu ngoặc kép, ví dụ {text}: \"{whole}\".")
        return Problem(record.path, where, field,
                       f"dấu hai chấm trong […] đã biến “{text}” thành một cặp tên trường–giá trị, không còn là một mục của danh sách.",
                       f"Cách sửa: đặt mục có dấu hai chấm trong dấu ngoặc kép: \"{text}\".")
    return None


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
    if value is None and kind != "missing" and loc and isinstance(loc[-1], str):
        hint = f"Cách sửa: điền sau dấu hai chấm: {description}" if description else "Cách sửa: điền giá trị sau dấu hai chấm, hoặc xóa dòng nếu trường không bắt buộc."
        return Problem(record.path, line, field, f'trường "{name}" còn để trống.', hint)
    if kind == "missing":
        hint = f"Cách sửa: thêm dòng `{name}: …`" + (f" ({description})" if description else "") + "."
        return Problem(record.path, line, field, f'thiếu trường bắt buộc "{name}".', hint)
    if kind == "extra_forbidden":
        known = list(owner.model_fields) if owner else []
        meant = key_for_words(str(name), known)
        if meant:
            return Problem(record.path, line, field, f'tên trường phải viết bằng khóa tiếng Anh, không viết “{name}”.',
                           f"Cách sửa: ghi `{meant}:` ({field_label(meant)}) thay cho `{name}:`.")
        parent = _outer_owner(model, loc)
        if parent:
            return Problem(record.path, line, field, f'trường "{name}" bị thụt lề vào trong "{parent}" nhưng nó thuộc cấp ngoài.',
                           f'Cách sửa: đừng xóa dòng này; bỏ bớt dấu cách đầu dòng để "{name}:" thẳng hàng với "{parent}:".')
        close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
        hint = f'Cách sửa: có phải ý bạn là "{close[0]}"?' if close else "Cách sửa: kiểm tra tên trường trong hướng dẫn định dạng dữ liệu (docs/data-format.md); nếu dòng này thừa thì xóa."
        return Problem(record.path, line, field, f'trường "{name}" không có trong định dạng dữ liệu.', hint)
    if kind == "value_error" and "date_range" in str(error.get("msg")):
        return Problem(record.path, line, field, f"ngày {shown} nằm ngoài khoảng 1900–2100, có lẽ gõ nhầm năm.", DATE_HINT)
    if kind == "string_too_short":
        return Problem(record.path, line, field, "trường này đang để trống (hoặc chỉ có dấu cách).", "Cách sửa: ghi nội dung" + (f" — {description}" if description else "") + "; nếu không có thì xóa cả dòng.")
    if kind.startswith("date") or kind.startswith("datetime"):
        missing = missing_day(value)
        if missing:
            return Problem(record.path, line, field, missing, "Cách sửa: đối chiếu bản gốc và ghi một ngày có thật.")
        return Problem(record.path, line, field, f"{shown} không phải ngày hợp lệ.", DATE_HINT)
    last_key = next((str(part) for part in reversed(loc) if isinstance(part, str)), name)
    meant_value = value_for_label(last_key, value) if kind in ("literal_error", "int_parsing", "int_type") else None
    if meant_value:
        key, label = meant_value
        return Problem(record.path, line, field, f"{shown} là tên gọi; dữ liệu phải ghi bằng mã.",
                       f"Cách sửa: ghi `{last_key}: {key}` ({label})." if last_key != "forms" else f"Cách sửa: trong `forms` ghi `{key}` ({label}).")
    if kind == "literal_error":
        choices = error.get("ctx", {}).get("expected", "").replace(" or ", " hoặc ")
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
    if kind == "value_error" and "time_zone" in str(error.get("msg")):
        return Problem(record.path, line, field, f"{shown} không phải múi giờ IANA.", "Cách sửa: ghi tên múi giờ như Asia/Ho_Chi_Minh, hoặc xóa dòng này để dùng giờ Việt Nam.")
    if kind in ("float_type", "float_parsing"):
        return Problem(record.path, line, field, f"giá trị {shown} không đúng kiểu: cần chữ hoặc số.", "Cách sửa: ghi một số (ví dụ 1500000) hoặc đặt chữ trong dấu ngoặc kép.")
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return Problem(record.path, line, field, f"YAML đọc giá trị này thành số {value}, nhưng ở đây cần chữ (số 0 ở đầu, dấu chấm, dấu cách có thể đã mất).",
                       "Cách sửa: đặt cả giá trị trong dấu ngoặc kép, đúng như bản gốc, ví dụ \"05845\" hoặc \"1.500.000\".")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type", "bool_parsing", "bool_type"):
        expected = {"string_type": "một đoạn văn bản", "list_type": "một danh sách (mỗi mục một dòng bắt đầu bằng “- ”)",
                    "dict_type": "một nhóm trường", "model_type": "một nhóm trường", "model_attributes_type": "một nhóm trường",
                    "bool_parsing": "true hoặc false", "bool_type": "true hoặc false"}[kind]
        hint = f"Cách sửa: ghi {expected}" + (f" — {description.rstrip('.')}" if description else "") + "."
        return Problem(record.path, line, field, f"giá trị {shown} không đúng kiểu: cần {expected}.", hint)
    return Problem(record.path, line, field, f"giá trị {shown} không hợp lệ ở đây.", f"Cách sửa: {description}" if description else "Cách sửa: xem hướng dẫn định dạng dữ liệu (docs/data-format.md).")


def _outer_owner(model: type[BaseModel], loc: tuple) -> str | None:
    """Name the parent a key was indented under when the key belongs to a model further out."""
    name = loc[-1]
    keys = [part for part in loc[:-1] if isinstance(part, str)]
    current: Any = model
    owners = [(model, None)]
    for part in keys:
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            break
        current = inner_model(fields[part].annotation)
        if current is None:
            break
        owners.append((current, part))
    if len(owners) >= 2 and any(name in owner.model_fields for owner, _ in owners[:-1]):
        return owners[-1][1]
    return None


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
