"""JSON Schema of each JSON export of du-lieu/ (pure: no Portal needed, the shapes are fixed).

Record schemas reuse the data-file schemas made from the models, so an export and the data file it
comes from cannot drift apart; the fields the generator adds (address, derived status) are listed here.
"""

from __future__ import annotations

import copy

from ..data.models import Consultation, Disclosure, Document
from ..data.schemas import SCHEMA_DIALECT, model_schema
from .exports import EXPORT_VERSION
_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def _with_fields(model, drop: tuple[str, ...], extra: dict[str, tuple[dict, str]]) -> dict:
    schema = copy.deepcopy(model_schema(model))
    for name in drop:
        schema["properties"].pop(name, None)
    for name, (shape, description) in extra.items():
        schema["properties"][name] = {**shape, "description": description}
        schema.setdefault("required", []).append(name)
    return schema


def _envelope(kind: str, title: str, record: dict, extra: dict | None = None) -> dict:
    defs = record.pop("$defs", {})
    properties = {
        "version": {"const": EXPORT_VERSION, "description": "Phiên bản cấu trúc tệp; tăng khi cấu trúc thay đổi."},
        "kind": {"const": kind, "description": "Loại dữ liệu trong tệp."},
        "date": {"type": "string", "format": "date", "description": "Ngày dựng trang (các tình trạng tính đến ngày này)."},
        "unit": {"type": "object", "description": "Đơn vị công bố dữ liệu.", "required": ["name", "unit_code", "province", "base_url"],
                 "properties": {"name": _TEXT, "unit_code": _TEXT, "province": _TEXT, "base_url": _TEXT}, "additionalProperties": False},
        "license": {"type": "object", "description": "Giấy phép sử dụng dữ liệu.", "required": ["name", "url"],
                    "properties": {"name": _TEXT, "url": _TEXT}, "additionalProperties": False},
        "records": {"type": "array", "items": record, "description": "Các bản ghi, mỗi phần tử một bản ghi."},
        **(extra or {}),
    }
    return {"$schema": SCHEMA_DIALECT, "title": title, "type": "object", "additionalProperties": False,
            "required": sorted(properties), "properties": properties, "$defs": defs}


def _register_record() -> dict:
    props = {
        "quarter": (_TEXT, "Quý đăng trên trang, ví dụ “Quý IV năm 2026”."),
        "order": ({"type": "integer", "minimum": 1}, "Số thứ tự trong quý."),
        "id": (_TEXT, "Mã của thông tin công khai."),
        "category": ({"type": "integer", "minimum": 1, "maximum": 14}, "Mục của Điều 11 Luật 10/2022/QH15."),
        "category_name": (_TEXT, "Tên mục."),
        "title": (_TEXT, "Tên thông tin công khai."),
        "document": (_TEXT, "Văn bản được công khai (số, ký hiệu, trích yếu)."),
        "decided_on": ({"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}, "Ngày ban hành văn bản được công khai."),
        "published_on": ({"type": "string", "format": "date"}, "Ngày đăng trên trang."),
        "forms": ({"type": "array", "items": _TEXT}, "Các hình thức công khai khác."),
        "url": (_TEXT, "Địa chỉ trang của thông tin."),
    }
    return {"type": "object", "additionalProperties": False, "required": sorted(props),
            "properties": {k: {**shape, "description": text} for k, (shape, text) in props.items()}}


def _compliance_record() -> dict:
    ints = ["published", "on_time", "late", "undetermined", "missing", "upcoming"]
    props = {"number": {"type": "integer"}, "name": _TEXT, "group": _TEXT, "sentence": _TEXT, **{k: {"type": "integer", "minimum": 0} for k in ints}}
    return {"type": "object", "additionalProperties": False, "required": sorted(props), "properties": props,
            "description": "Số liệu của một mục Điều 11: đã công khai, đúng hạn, trễ hạn, còn thiếu, chưa đến hạn."}


def export_schemas() -> dict[str, dict]:
    """Return {dataset key: JSON Schema} for every JSON export."""
    url = (_TEXT, "Địa chỉ trang trên cổng thông tin.")
    document = _with_fields(Document, ("body_text",), {
        "url": url,
        "legal_status": ({"enum": ["draft", "adopted", "in_force", "not_yet_in_force", "amended", "replaced", "repealed", "expired"]},
                         "Tình trạng hiệu lực suy ra từ ngày tháng và các văn bản sửa đổi, thay thế, bãi bỏ."),
        "legal_status_label": (_TEXT, "Tình trạng hiệu lực bằng tiếng Việt."),
    })
    disclosure = _with_fields(Disclosure, (), {"url": url, "category_name": (_TEXT, "Tên mục của Điều 11.")})
    consultation = _with_fields(Consultation, (), {"url": url})
    report = {"type": "object", "description": "Báo cáo đầy đủ như lệnh `congkhai compliance --json`.",
              "required": ["today", "summary", "disclosures", "obligations", "categories", "consultations", "findings"]}
    return {
        "van-ban": _envelope("documents", "Văn bản (du-lieu/van-ban.json)", document),
        "cong-khai": _envelope("disclosures", "Thông tin công khai (du-lieu/cong-khai.json)", disclosure),
        "lay-y-kien": _envelope("consultations", "Lấy ý kiến Nhân dân (du-lieu/lay-y-kien.json)", consultation),
        "danh-muc-cong-khai": _envelope("register", "Danh mục thông tin công khai theo quý (du-lieu/danh-muc-cong-khai.json)", _register_record()),
        "tinh-hinh-cong-khai": _envelope("compliance", "Tình hình công khai (du-lieu/tinh-hinh-cong-khai.json)", _compliance_record(), {"report": report}),
    }
