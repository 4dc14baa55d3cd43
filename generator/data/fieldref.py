"""Write the data-format reference from the models' field descriptions (written once, in models.py)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from .models import Consultation, Disclosure, Document, Site
from .validate import inner_model

TOP = [
    ("data/site.yaml", Site),
    ("data/van-ban/**/*.yaml", Document),
    ("data/cong-khai/**/*.yaml", Disclosure),
    ("data/lay-y-kien/**/*.yaml", Consultation),
]


def _type_name(annotation) -> str:
    """Name a field's type in words a clerk can follow."""
    text = str(annotation).replace("typing.", "").replace("datetime.date", "date").replace(f"{__package__}.models.", "")
    text = text.replace("<class '", "").replace("'>", "").replace(" | None", "")
    if text.startswith("Literal["):
        text = "một trong: " + text[len("Literal["):-1].replace("'", "")
    return text.replace("|", "\\|")


def _rows(model: type[BaseModel], prefix: str, seen: set) -> list[str]:
    """List one model's fields, then the nested models' fields."""
    rows, nested = [], []
    for name, field in model.model_fields.items():
        required = "bắt buộc" if field.is_required() else ""
        rows.append(f"| `{prefix}{name}` | {_type_name(field.annotation)} | {required} | {field.description or ''} |")
        inner = inner_model(field.annotation)
        if inner and inner not in seen:
            seen.add(inner)
            nested.append((inner, f"{prefix}{name}."))
    for inner, inner_prefix in nested:
        rows += _rows(inner, inner_prefix, seen)
    return rows


def render_reference() -> str:
    """Render the whole field reference as Markdown."""
    parts = ["# Định dạng dữ liệu — tham chiếu các trường\n",
             "Tệp này được tạo từ mô tả trường trong `generator/data/models.py` (`python -m generator.data.fieldref > docs/data-format.md`).",
             "Ngày ghi dạng YYYY-MM-DD. Khóa không có trong bảng là lỗi.\n"]
    for where, model in TOP:
        parts.append(f"## `{where}`\n")
        parts.append("| trường | kiểu | | mô tả |\n|---|---|---|---|")
        parts += _rows(model, "", {model})
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def json_schema() -> str:
    """Return the JSON Schema of all data files in one text (one file per kind: generator/data/schemas.py)."""
    from .schemas import KINDS, schema_of

    return json.dumps({kind: schema_of(kind) for kind in KINDS}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(render_reference(), end="")
