"""The official list of Vietnam's 3,321 commune-level units (in force from 1 July 2025).

Source: the General Statistics Office's list of units and codes (Công văn số 1027/CTK-CSCL ngày
25/6/2025, Phụ lục I) and province codes (Công văn số 915/CTK-CSCL), shipped as
`don-vi-hanh-chinh-2025.csv` beside this module.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .vocabulary import fold

UNITS_PATH = Path(__file__).with_name("don-vi-hanh-chinh-2025.csv")
UNIT_TYPE_WORDS = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}


@dataclass(frozen=True)
class Unit:
    code: str  # five digits, e.g. "05528"
    name: str  # without its type word: "Bách Quang"
    unit_type: str  # xa | phuong | dac_khu
    province: str  # without "Tỉnh"/"Thành phố": "Thái Nguyên"
    province_code: str  # two digits

    @property
    def full_name(self) -> str:
        """Name the unit with its type word: "Phường Bách Quang"."""
        word = UNIT_TYPE_WORDS[self.unit_type]
        return f"{word[0].upper()}{word[1:]} {self.name}"


@cache
def official_units() -> tuple[Unit, ...]:
    """Read the official list, in its file order."""
    with UNITS_PATH.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Unit(row["unit_code"], row["name"], row["unit_type"], row["province"], row["province_code"])
            for row in csv.DictReader(handle)
        )


@cache
def _by_code() -> dict[str, Unit]:
    return {unit.code: unit for unit in official_units()}


def unit_by_code(code: str) -> Unit | None:
    """Return the unit with this five-digit code, or None."""
    return _by_code().get(str(code).strip())


def _plain(text: str) -> str:
    """Fold a name for matching typed input: case, diacritics and spacing do not matter."""
    return " ".join(fold(text).replace("-", " ").split())


def find_units(name: str, province: str | None = None) -> list[Unit]:
    """Return the units whose name (and province, when given) match, accent-free input accepted.

    A name typed with its diacritics matches only that spelling ("Tân Thành", not "Tân Thạnh"); an
    exact name wins over a partial one. Sorted by province code, then name."""
    wanted = _plain(name)
    pool = [u for u in official_units() if province is None or _plain(u.province) == _plain(province)]
    typed = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    exact = [u for u in pool if u.name.casefold() == typed] or [u for u in pool if _plain(u.name) == wanted]
    found = exact or [u for u in pool if wanted and wanted in _plain(u.name)]
    return sorted(found, key=lambda u: (u.province_code, _plain(u.name), u.code))


def province_units(province: str) -> list[Unit]:
    """Return the units of one province, by its two-digit code or its name (accent-free accepted)."""
    key = _plain(province)
    return [u for u in official_units() if u.province_code == province.strip() or _plain(u.province) == key]
