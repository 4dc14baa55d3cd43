"""Write the clerk's guide (docs/data-format.md) from the models, the labels and the written prose.

The field tables come from the models (description, required or not, type in plain words), the
short names from labels.py, the prose from clerk_guide.md and the complete examples from
guide_examples.yaml; so the guide stays true when a model changes (tests/test_docs.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from ..domain.vocabulary import categories, document_types, forms
from .annotations import inner_model, strip_optional
from .labels import field_label
from .models import Consultation, Disclosure, Document, Site

HERE = Path(__file__).resolve().parent
KINDS = (
    ("site", "Thông tin đơn vị", "`data/site.yaml` (một tệp)", Site),
    ("document", "Văn bản", "`data/van-ban/<năm ban hành>/<mã>.yaml`", Document),
    ("disclosure", "Thông tin công khai", "`data/cong-khai/<năm đăng>/<mã>.yaml`", Disclosure),
    ("consultation", "Đợt lấy ý kiến Nhân dân", "`data/lay-y-kien/<mã>.yaml`", Consultation),
)
EXAMPLES = {"id": "nq-12-2026", "title": "Về dự toán ngân sách phường năm 2026", "number": "12/NQ-HĐND",
            "category": "12", "type": "nghi_quyet", "forms": "[notice_board, loudspeaker]", "file": "tep/2026/nq-12.pdf",
            "email": "gopy@example.gov.vn", "url": "https://dichvucong.gov.vn/", "letter": "a", "status": "adopted",
            "unit_code": '"05845"', "phone": '"0208 3000 000"', "kind": "estimate_decided", "months": "6",
            "document": "nq-12-2026", "draft": "du-thao-quy-uoc-thon-mot", "year": "2026", "columns": "[STT, Nội dung, Số tiền]",
            "rows": "- [1, Chi thường xuyên, 8000]", "name": "Nguyễn Văn Bình", "issuer": "Ủy ban nhân dân phường Bách Quang",
            "unit_type": "phuong", "term": "III", "years": "2021–2026", "changes": "- {date: 2026-03-02, what: …, why: …}"}




def _choices(name: str, values: tuple) -> str:
    """List a field's allowed values, with their Vietnamese names where the rules give them."""
    labels = {k: v.label for k, v in document_types().items()} if name == "type" else forms() if name == "forms" else {}
    return ", ".join(f"`{v}`" + (f" ({labels[v]})" if v in labels else "") for v in values)


def plain_type(name: str, annotation: Any, metadata: list) -> str:
    """Name a field's type in plain words: "ngày", "danh sách", "số từ 1 đến 14"."""
    annotation, _ = strip_optional(annotation)
    origin = typing.get_origin(annotation)
    if annotation is dt.date:
        return "ngày"
    if annotation is bool:
        return "có/không (`true` hoặc `false`)"
    if annotation is int:
        low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
        high = next((m.le for m in metadata if hasattr(m, "le")), None)
        return f"số từ {low} đến {high}" if low is not None and high is not None else "số nguyên"
    if annotation is str:
        return "chữ"
    if origin is Literal:
        return "một trong: " + _choices(name, typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"nhóm ({field_label(name).lower()}, xem bảng bên dưới)"
    if origin is list:
        (item,) = typing.get_args(annotation)
        if typing.get_origin(item) is Literal:
            return "danh sách, mỗi mục một trong: " + _choices(name, typing.get_args(item))
        if typing.get_origin(item) is list:
            return "danh sách dòng, mỗi dòng là danh sách ô (chữ hoặc số)"
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "danh sách nhóm (xem bảng bên dưới)"
        return "danh sách chữ" if item is str else "danh sách"
    return "chữ hoặc số"


def _example(name: str, annotation: Any, description: str | None) -> str:
    if name in EXAMPLES:
        return f"`{EXAMPLES[name]}`"
    plain, _ = strip_optional(annotation)
    if plain is dt.date:
        return "`2026-01-15`"
    if plain is bool:
        return "`true`"
    found = re.search(r"ví dụ ([^;]+?)(?:\.$|\)|$)", description or "")
    return found.group(1).strip() if found else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(model: type[BaseModel], prefix: str, seen: set) -> list[str]:
    """One table for a model's fields, then one per nested group."""
    rows = ["| trường | tên gọi | nghĩa | ví dụ | bắt buộc | kiểu |", "|---|---|---|---|---|---|"]
    nested = []
    for name, field in model.model_fields.items():
        required = "**bắt buộc**" if field.is_required() else "không"
        rows.append("| " + " | ".join(_cell(x) for x in (
            f"`{prefix}{name}`", field_label(name), field.description or "", _example(name, field.annotation, field.description),
            required, plain_type(name, field.annotation, field.metadata))) + " |")
        inner = inner_model(field.annotation)
        if inner and inner not in seen:
            seen.add(inner)
            nested.append((inner, f"{prefix}{name}.", name))
    parts = rows
    for inner, inner_prefix, name in nested:
        parts += ["", f"Các trường trong `{inner_prefix[:-1]}` ({field_label(name).lower()}):", ""] + _table(inner, inner_prefix, seen)
    return parts


def _examples() -> dict[str, str]:
    return yaml.safe_load((HERE / "guide_examples.yaml").read_text(encoding="utf-8"))


def _kinds() -> str:
    examples = _examples()
    parts = []
    for key, title, where, model in KINDS:
        parts += [f"## {title}", "", f"Lưu ở {where}. Ví dụ đầy đủ:", "", "```yaml", examples[key].rstrip(), "```", ""]
        parts += _table(model, "", {model}) + [""]
        if key == "disclosure":
            parts += ["Các mục của Điều 11 (`category`):", "", "| số | mục | phát loa |", "|---|---|---|"]
            parts += [f"| {c.number} | {c.name} | {'có' if c.loudspeaker else ''} |" for c in categories()] + [""]
    return "\n".join(parts).rstrip()


def render_reference() -> str:
    """Render the whole clerk's guide as Markdown."""
    text = (HERE / "clerk_guide.md").read_text(encoding="utf-8")
    return text.replace("{{kinds}}", _kinds()).rstrip() + "\n"


def json_schema() -> str:
    """Return the JSON Schema of all data files in one text (one file per kind: generator/data/schemas.py)."""
    from .schemas import KINDS, schema_of

    return json.dumps({kind: schema_of(kind) for kind in KINDS}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(render_reference(), end="")
