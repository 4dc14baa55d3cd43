"""Check a site's unit code, type and province against the official list of units."""

from __future__ import annotations

import unicodedata

from ..domain.units import UNIT_TYPE_WORDS, unit_by_code
from .models import Site
from .problems import Problem
from .sources import RawRecord

PROVINCE_PREFIXES = ("tỉnh ", "thành phố ")


def _province(text: str) -> str:
    """Compare provinces by name, with or without "Tỉnh"/"Thành phố" in front."""
    plain = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    for prefix in PROVINCE_PREFIXES:
        if plain.startswith(prefix):
            return plain[len(prefix):]
    return plain


def check_unit(record: RawRecord, site: Site) -> list[Problem]:
    """Return a problem for each of unit_code, unit_type and province that disagrees with the list."""
    unit = unit_by_code(site.unit_code)
    if unit is None:
        return [Problem(record.path, record.line_of(("unit_code",)), "unit_code",
                        f'mã "{site.unit_code}" không có trong danh sách 3.321 đơn vị hành chính cấp xã (từ ngày 1/7/2025).',
                        "Cách sửa: ghi mã 5 chữ số của đơn vị theo danh mục của Cục Thống kê; "
                        "`congkhai init --name \"Tên xã\" --province \"Tên tỉnh\"` in ra mã khi tìm theo tên.")]
    problems = []
    listed = f"mã {unit.code} là {UNIT_TYPE_WORDS[unit.unit_type]} {unit.name}, {unit.province}"
    if site.unit_type != unit.unit_type:
        problems.append(Problem(record.path, record.line_of(("unit_type",)), "unit_type",
                                f'loại đơn vị "{site.unit_type}" không khớp danh sách: {listed}.',
                                f"Cách sửa: ghi unit_type: {unit.unit_type} ({UNIT_TYPE_WORDS[unit.unit_type]}), hoặc kiểm tra lại mã đơn vị."))
    if _province(site.province) != _province(unit.province):
        problems.append(Problem(record.path, record.line_of(("province",)), "province",
                                f'tỉnh "{site.province}" không khớp danh sách: {listed}.',
                                f"Cách sửa: ghi province: {unit.province}, hoặc kiểm tra lại mã đơn vị."))
    return problems
