"""Vietnamese input, forgiven where it is unambiguous: dd/mm/yyyy dates, values written as their labels."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import typing
from typing import Any

from pydantic import BaseModel

from ..domain.vocabulary import categories, document_types, fold, forms
from .annotations import inner_model

# Vietnam always writes the day first: 15/01/2026, 5-1-2026, 05.01.2026.
DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
ISO_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _is_date(annotation: Any) -> bool:
    return annotation is dt.date or dt.date in typing.get_args(annotation)




def day_first_date(text: str) -> str | None:
    """Read 15/01/2026 as 2026-01-15 (day first, always); None when it is not such a date."""
    match = DAY_FIRST.match(text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def accept_day_first_dates(model: type[BaseModel], data: object) -> object:
    """Return the data with every dd/mm/yyyy written in a date field rewritten as YYYY-MM-DD."""
    if not isinstance(data, dict):
        return data
    result = dict(data)
    plan = _date_fields(model)
    for name, value in data.items():
        if value is None or name not in plan:
            continue
        is_date, inner = plan[name]
        if is_date and isinstance(value, str):
            result[name] = day_first_date(value) or value
            continue
        if inner is None:
            continue
        if isinstance(value, list):
            result[name] = [accept_day_first_dates(inner, item) for item in value]
        elif isinstance(value, dict):
            result[name] = accept_day_first_dates(inner, value)
    return result


@functools.cache
def _date_fields(model: type[BaseModel]) -> dict[str, tuple[bool, type[BaseModel] | None]]:
    """Each field of a model that holds a date or a model: (is a date, the model inside); read once
    per model, not for every field of every record."""
    found = {}
    for name, field in model.model_fields.items():
        is_date, inner = _is_date(field.annotation), inner_model(field.annotation)
        if is_date or inner is not None:
            found[name] = (is_date, inner)
    return found


def missing_day(text: object) -> str | None:
    """Explain a well-formed date whose day does not exist (2026-02-30), else None."""
    if not isinstance(text, str):
        return None
    match = ISO_LIKE.match(day_first_date(text) or text)
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"không có tháng {month}: tháng chỉ từ 1 đến 12 (ngày ghi theo thứ tự năm-tháng-ngày)."
    last = calendar.monthrange(year, month)[1]
    if day > last or day < 1:
        return f"ngày {day} tháng {month} năm {year} không có trên lịch: tháng {month} năm {year} chỉ có {last} ngày."
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _matches(written: str, label: str) -> bool:
    """Tell whether every word written appears, in order, in the label (accents and case ignored)."""
    wanted, have = _words(written), _words(label)
    if not wanted:
        return False
    position = 0
    for word in wanted:
        try:
            position = have.index(word, position) + 1
        except ValueError:
            return False
    return True


def _choices(field: str) -> dict[str, str]:
    """Return the allowed values of a field with their Vietnamese labels."""
    if field == "category":
        return {str(c.number): c.name for c in categories()}
    if field == "forms":
        return forms()
    if field == "type":
        return {key: value.label for key, value in document_types().items()}
    if field == "status":
        return {"draft": "dự thảo", "adopted": "đã thông qua, ban hành"}
    return {}


def value_for_label(field: str, written: object) -> tuple[str, str] | None:
    """Return (value to write, its label) when a clerk wrote a value's Vietnamese label, if unambiguous."""
    if not isinstance(written, str):
        return None
    choices = _choices(field)
    exact = [(key, label) for key, label in choices.items() if fold(label) == fold(written.strip())]
    found = exact or [(key, label) for key, label in choices.items() if _matches(written, label)]
    return found[0] if len(found) == 1 else None
