"""Domain vocabulary read once from the rules file: categories, forms, document types, letters."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_PATH = Path(__file__).with_name("rules.yaml")

# Point letters follow the Vietnamese alphabet (Decree 30/2020): no f, j, w, z.
POINT_LETTERS = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "x", "y",
)


@dataclass(frozen=True)
class Category:
    number: int
    slug: str
    name: str
    plain: str
    group: str
    loudspeaker: bool
    source: str


@dataclass(frozen=True)
class DocumentType:
    key: str
    label: str
    abbreviation: str | None
    slug: str


@cache
def load_rules() -> dict:
    """Read the packaged rules file."""
    with RULES_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def categories() -> tuple[Category, ...]:
    """Return the 14 Article 11 categories in order."""
    return tuple(Category(**item) for item in load_rules()["categories"])


def category(number: int) -> Category:
    """Return one Article 11 category by its number."""
    return categories()[number - 1]


def document_types() -> dict[str, DocumentType]:
    """Return the document types keyed by their data key."""
    return {key: DocumentType(key=key, **value) for key, value in load_rules()["document_types"].items()}


def forms() -> dict[str, str]:
    """Return the disclosure forms: data key to Vietnamese label."""
    return dict(load_rules()["forms"])


DOC_TYPE_KEYS = tuple(load_rules()["document_types"])
FORM_KEYS = tuple(load_rules()["forms"])
