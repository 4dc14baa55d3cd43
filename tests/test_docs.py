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
