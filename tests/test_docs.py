"""The documentation that is generated from code stays in step with it."""

from __future__ import annotations

from generator.data.fieldref import render_reference
from generator.data.models import Consultation, Disclosure, Document, Site
from tests.conftest import REPO


def test_data_format_reference_is_up_to_date() -> None:
    current = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert current == render_reference(), "run: .venv/bin/python -m generator.data.fieldref > docs/data-format.md"


def test_every_field_is_documented() -> None:
    reference = render_reference()
    for model in (Site, Document, Disclosure, Consultation):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
            assert f"`{name}`" in reference


def test_guide_examples_are_valid_data() -> None:
    import yaml

    from generator.data.fieldref import KINDS, _examples

    examples = _examples()
    for key, _, _, model in KINDS:
        model.model_validate(yaml.safe_load(examples[key]))
        assert f"```yaml\n{examples[key].rstrip()}\n```" in render_reference()


def test_guide_speaks_plainly() -> None:
    reference = render_reference()
    for python in ("Optional[", "list[", "Literal[", "datetime", "NoneType", " | None", "<class"):
        assert python not in reference, python
    assert "| `category` | Mục của Điều 11 | Mục của Điều 11 Luật 10/2022/QH15, từ 1 đến 14. | `12` | **bắt buộc** | số từ 1 đến 14 |" in reference
    assert "| `published_on` | Ngày đăng | Ngày đăng trên trang, dạng YYYY-MM-DD. | `2026-01-15` | **bắt buộc** | ngày |" in reference
    for section in ("## Cách ghi YAML", "### Khi nào phải đặt giá trị trong dấu ngoặc kép", "## Ngày nào dùng vào việc gì",
                    "## `data/rules.yaml`", "## `data/da-dang.json`", "## Sửa hoặc gỡ một mục đã đăng đúng luật",
                    "## Khi `congkhai check` báo lỗi"):
        assert section in reference, section
