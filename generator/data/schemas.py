"""JSON Schema of every data file kind, made from the models, with Vietnamese descriptions.

Written to docs/schema/ (`python -m generator.data.schemas docs/schema`), shipped in the package
(generator/data/schema/) and published on the site, so editors that read a
`# yaml-language-server: $schema=…` line validate and complete a data file as the clerk types.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from .models import Consultation, Disclosure, Document, Site

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PACKAGED = Path(__file__).with_name("schema")

# kind -> (file name, model or None for the ward's rules, title, where such files live)
KINDS: dict[str, tuple[str, type[BaseModel] | None, str, str]] = {
    "site": ("site.schema.json", Site, "Thông tin đơn vị (data/site.yaml)", "data/site.yaml"),
    "document": ("document.schema.json", Document, "Văn bản (data/van-ban/…)", "data/van-ban/<năm>/<id>.yaml"),
    "disclosure": ("disclosure.schema.json", Disclosure, "Thông tin công khai (data/cong-khai/…)", "data/cong-khai/<năm>/<id>.yaml"),
    "consultation": ("consultation.schema.json", Consultation, "Đợt lấy ý kiến Nhân dân (data/lay-y-kien/…)", "data/lay-y-kien/<id>.yaml"),
    "rules": ("rules.schema.json", None, "Quy định riêng của đơn vị (data/rules.yaml)", "data/rules.yaml"),
}

# Vietnamese descriptions of the nested models (their docstrings are for developers, in English).
MODEL_DESCRIPTIONS = {
    "Site": "Thông tin về đơn vị: tên, loại, mã, địa chỉ, liên hệ, địa chỉ trang.",
    "Document": "Một văn bản: nghị quyết, quyết định, kế hoạch, báo cáo, thông báo, tờ trình … hoặc dự thảo.",
    "Disclosure": "Một thông tin công khai theo Điều 11 Luật Thực hiện dân chủ ở cơ sở.",
    "Consultation": "Một đợt lấy ý kiến Nhân dân về một dự thảo.",
    "ChangeNote": "Ghi chú một lần sửa nội dung đã đăng.",
    "Withdrawal": "Gỡ công khai một mục đã đăng: ngày và lý do.",
    "Attachment": "Một tệp đính kèm trong thư mục data/.",
    "Person": "Một người: chức vụ và họ tên.",
    "Signer": "Người ký văn bản.",
    "LegalBasis": "Một dòng căn cứ ban hành văn bản.",
    "Point": "Một điểm a), b), c) … của khoản.",
    "Clause": "Một khoản 1., 2., 3. … của điều.",
    "Article": "Một điều của văn bản.",
    "Section": "Một mục trong chương.",
    "Chapter": "Một chương của văn bản.",
    "ExternalDocument": "Văn bản được công khai khi nó không có trong data/.",
    "BudgetPeriod": "Kỳ báo cáo ngân sách.",
    "Table": "Một bảng số liệu.",
    "ConsultationResult": "Kết quả tổng hợp ý kiến sau khi kết thúc lấy ý kiến.",
    "FeedbackChannels": "Các kênh tiếp nhận ý kiến của người dân.",
    "Council": "Hội đồng nhân dân: khóa, nhiệm kỳ, lãnh đạo.",
    "English": "Thông tin bằng tiếng Anh.",
    "Link": "Một liên kết tới cơ quan liên quan.",
    "DataLicense": "Giấy phép cho dữ liệu mở của trang.",
}

# data/rules.yaml has no model: it is merged over generator/domain/rules.yaml key by key.
RULES_SECTIONS = {
    "categories": "Ghi đè hoặc bổ sung 14 mục của Điều 11 (theo number).",
    "forms": "Ghi đè tên các hình thức công khai.",
    "deadlines": "Ghi đè thời hạn: mỗi mục gồm value (giá trị) và source (điều luật hoặc văn bản của đơn vị).",
    "document_types": "Ghi đè hoặc bổ sung loại văn bản.",
    "calendar": "Ngày nghỉ, ngày làm bù của đơn vị (tính ngày làm việc).",
    "budget": "Kỳ báo cáo ngân sách của đơn vị, ví dụ start_year: năm bắt đầu kiểm tra.",
    "document_statuses": "Tên hiển thị các tình trạng hiệu lực của văn bản.",
}


def _localise(node: object) -> object:
    """Replace the models' English docstrings by Vietnamese descriptions, recursively."""
    if isinstance(node, dict):
        out = {key: _localise(value) for key, value in node.items()}
        if "$defs" in out:
            for name, definition in out["$defs"].items():
                definition["description"] = MODEL_DESCRIPTIONS.get(name, definition.get("description", ""))
        return out
    if isinstance(node, list):
        return [_localise(value) for value in node]
    return node


def model_schema(model: type[BaseModel]) -> dict:
    """Return one model's JSON Schema with Vietnamese descriptions."""
    body = _localise(model.model_json_schema())
    body["description"] = MODEL_DESCRIPTIONS[model.__name__]
    return body


def schema_of(kind: str) -> dict:
    """Return the JSON Schema of one data file kind as a dict."""
    file_name, model, title, where = KINDS[kind]
    if model is None:
        body = {
            "type": "object",
            "additionalProperties": False,
            "properties": {key: {"type": "object" if key != "categories" else "array", "description": text} for key, text in RULES_SECTIONS.items()},
        }
    else:
        body = model_schema(model)
    return {"$schema": SCHEMA_DIALECT, "$id": file_name, "title": title, **{k: v for k, v in body.items() if k != "title"},
            "$comment": f"Lược đồ cho {where}, tạo tự động từ generator/data/models.py."}


def schema_texts() -> dict[str, str]:
    """Return {file name: JSON text} for every data file kind: stable bytes, Vietnamese kept."""
    return {KINDS[kind][0]: json.dumps(schema_of(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n" for kind in KINDS}


def packaged_schema(kind: str) -> str:
    """Return the shipped schema text of one kind (the copy in the installed package)."""
    return (PACKAGED / KINDS[kind][0]).read_text(encoding="utf-8")


def schema_line(kind: str, schema_dir: Path, data_file: Path) -> str:
    """Return the editor hint line for a data file: `# yaml-language-server: $schema=<relative path>`."""
    import os

    target = os.path.relpath(schema_dir / KINDS[kind][0], data_file.parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={target}\n"


def write_schemas(folder: Path) -> None:
    """Write every schema into a folder (docs/schema/ and the packaged copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    for target in sys.argv[1:] or ["docs/schema", str(PACKAGED)]:
        write_schemas(Path(target))
