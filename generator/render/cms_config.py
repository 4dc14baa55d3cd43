"""The form editor's configuration (Decap CMS), generated from the data models so it cannot drift.

Each model field becomes a form field: its label from data/labels.py, its hint from the model's
description, select lists with Vietnamese labels from the rules file, date pickers, a picker for
documents referred to by id, file upload into data/tep/. `congkhai check` stays the authority: what
the form saves is checked like any other commit.

Regenerate after changing a model: `make cms-config` (tests/test_editor.py fails when it differs).
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from ..data.annotations import strip_optional
from ..data.labels import field_label
from ..data.models import Consultation, Disclosure, Document, Site
from ..domain.vocabulary import categories, document_types, forms

# Keys that hold the id of a document in data/van-ban/: chosen from a list, not typed.
DOCUMENT_REFERENCES = {"document", "draft", "related", "amends", "replaces", "repeals"}
LONG_TEXTS = {"summary", "body_text", "explanation", "matter", "about", "text", "meeting", "illustrative_note"}
CHOICE_LABELS = {
    "status": {"draft": "Dự thảo", "adopted": "Đã thông qua, ban hành"},
    "kind": {"estimate_submitted": "Dự toán trình Hội đồng nhân dân", "estimate_decided": "Dự toán được quyết định",
             "execution": "Tình hình thực hiện", "final_accounts": "Quyết toán"},
    "unit_type": {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"},
    "months": {3: "3 tháng (quý I)", 6: "6 tháng", 9: "9 tháng", 12: "cả năm"},
}
ID_HINT = "Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ nq-12-2026"
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False, "picker_utc": True}
COLLECTIONS = (
    ("van-ban", "Văn bản", "văn bản", Document, "data/van-ban", "{{year}}/{{slug}}"),
    ("cong-khai", "Thông tin công khai", "thông tin công khai", Disclosure, "data/cong-khai", "{{year}}/{{slug}}"),
    ("lay-y-kien", "Lấy ý kiến Nhân dân", "đợt lấy ý kiến", Consultation, "data/lay-y-kien", "{{slug}}"),
)
# Shown first in the forms, in this order; the rest follow the model's order.
FIRST = ("id", "category", "type", "title", "number", "document", "draft")




def _options(name: str, values: tuple) -> list[dict]:
    """Return select options with Vietnamese labels."""
    if name == "type":
        labels = {key: value.label for key, value in document_types().items()}
    elif name == "forms":
        labels = forms()
    else:
        labels = CHOICE_LABELS.get(name, {})
    return [{"label": str(labels.get(value, value)), "value": value} for value in values]


def _relation(multiple: bool) -> dict:
    widget = {"widget": "relation", "collection": "van-ban", "value_field": "id", "search_fields": ["id", "number", "title"],
              "display_fields": ["{{number}} {{title}}"], "options_length": 50}
    return {**widget, "multiple": True} if multiple else widget


def _widget(name: str, annotation: Any, metadata: list) -> dict:
    """Choose the form widget for one field's type."""
    annotation, optional = strip_optional(annotation)
    origin = typing.get_origin(annotation)
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is dt.date:
        return dict(DATE)
    if name == "category":
        return {"widget": "select", "options": [{"label": f"{c.number}. {c.name}", "value": c.number} for c in categories()]}
    if annotation is int:
        widget: dict = {"widget": "number", "value_type": "int"}
        for item in metadata:
            if hasattr(item, "ge"):
                widget["min"] = item.ge
            if hasattr(item, "le"):
                widget["max"] = item.le
        return widget
    if origin is Literal:
        return {"widget": "select", "options": _options(name, typing.get_args(annotation))}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        # The editor would demand the inner required fields even when the group is left empty:
        # inside an optional group they are optional in the form, and `congkhai check` decides.
        return {"widget": "object", "collapsed": True, "fields": model_fields(annotation, relaxed=optional)}
    if origin is list:
        (item,) = typing.get_args(annotation)
        if typing.get_origin(item) is Literal:
            return {"widget": "select", "multiple": True, "options": _options(name, typing.get_args(item))}
        if isinstance(item, type) and issubclass(item, BaseModel):
            return {"widget": "list", "collapsed": True, "fields": model_fields(item)}
        if name in DOCUMENT_REFERENCES:
            return _relation(multiple=True)
        if typing.get_origin(item) is list:  # a table's rows: each row a list of cells
            return {"widget": "list", "field": {"label": "Dòng", "name": "row", "widget": "list",
                                                "field": {"label": "Ô", "name": "cell", "widget": "string"}}}
        return {"widget": "list", "field": {"label": field_label(name), "name": "item", "widget": "text" if name in LONG_TEXTS else "string"}}
    if name in DOCUMENT_REFERENCES:
        return _relation(multiple=False)
    if name == "file":
        return {"widget": "file"}
    return {"widget": "text" if name in LONG_TEXTS else "string"}


def _field(name: str, info, relaxed: bool = False) -> dict:
    """Describe one model field as a form field."""
    field = {"label": field_label(name), "name": name, **_widget(name, info.annotation, info.metadata)}
    if info.description:
        field["hint"] = info.description
    if relaxed or not info.is_required():
        field["required"] = False
    pattern = next((item.pattern for item in info.metadata if getattr(item, "pattern", None)), None)
    if pattern:
        field["pattern"] = [pattern, ID_HINT if name == "id" else f"Không đúng dạng: {info.description}"]
    if field["widget"] == "boolean" and info.default is False:
        field["default"] = False
    return field


def model_fields(model: type[BaseModel], relaxed: bool = False) -> list[dict]:
    """Describe every field of a model, the usual ones first."""
    names = list(model.model_fields)
    ordered = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
    return [_field(name, model.model_fields[name], relaxed) for name in ordered]


def cms_config() -> dict:
    """Return the whole configuration, without the sign-in (`backend`), which each unit sets."""
    collections: list[dict] = []
    for name, label, singular, model, folder, path in COLLECTIONS:
        collections.append({
            "name": name, "label": label, "label_singular": singular, "folder": folder, "path": path,
            "slug": "{{slug}}", "identifier_field": "id", "summary": "{{title}}",
            "extension": "yaml", "format": "yaml", "create": True, "delete": False, "editor": {"preview": False},
            "fields": model_fields(model),
        })
    collections.append({
        "name": "don-vi", "label": "Thông tin đơn vị", "delete": False, "extension": "yaml", "format": "yaml",
        "files": [{"name": "site", "label": "Thông tin đơn vị (data/site.yaml)", "file": "data/site.yaml", "fields": model_fields(Site)}],
    })
    return {
        "locale": "vi",
        "publish_mode": "simple",
        "media_folder": "data/tep",
        "public_folder": "tep",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


def render_cms_config() -> str:
    """Write the configuration as YAML, with a header saying where it comes from."""
    header = ("# The form editor's configuration, generated from generator/data/models.py by\n"
              "# generator/render/cms_config.py (make cms-config). Do not edit by hand: tests/test_editor.py\n"
              "# fails when this differs. The sign-in (backend) comes from data/quan-tri.yaml at build time.\n")
    return header + yaml.safe_dump(cms_config(), allow_unicode=True, sort_keys=False, width=120)


if __name__ == "__main__":
    print(render_cms_config(), end="")
