"""Domain vocabulary read once from the rules file: categories, forms, document types, letters."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from .rules import load_rules

# Point letters follow the Vietnamese alphabet (Decree 30/2020): no f, j, w, z.
POINT_LETTERS = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "x", "y",
)


def fold(text: str) -> str:
    """Fold Vietnamese text to lowercase ASCII letters: "Đóng góp" -> "dong gop" (đ is d)."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()


def vietnamese_date(value: dt.date | None) -> str:
    """Write a date the Vietnamese way: ngày 04 tháng 12 năm 2024, ngày 14 tháng 8 năm 2025."""
    if value is None:
        return ""
    # Decree 30/2020: a leading zero for days below 10 and for months 1 and 2 only.
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def short_date(value: dt.date | None) -> str:
    """Write a date as dd/mm/yyyy for lists and tables."""
    return value.strftime("%d/%m/%Y") if value else ""


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


# Read once: templates ask for these on every page (the packaged rules never change in a process).
@cache
def categories() -> tuple[Category, ...]:
    """Return the 14 Article 11 categories in order."""
    return tuple(Category(**item) for item in load_rules()["categories"])


def category(number: int) -> Category:
    """Return one Article 11 category by its number."""
    return categories()[number - 1]


@cache
def document_types() -> Mapping[str, DocumentType]:
    """Return the document types keyed by their data key (read-only: the one copy is shared)."""
    return MappingProxyType({key: DocumentType(key=key, **value) for key, value in load_rules()["document_types"].items()})


def forms() -> dict[str, str]:
    """Return the disclosure forms: data key to Vietnamese label."""
    return dict(load_rules()["forms"])


DOC_TYPE_KEYS = tuple(load_rules()["document_types"])
FORM_KEYS = tuple(load_rules()["forms"])
