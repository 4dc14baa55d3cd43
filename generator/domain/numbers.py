"""Read a number the way Vietnamese writes it: "." groups thousands, "," marks decimals.

Table cells are kept as typed (a cell is text); a stage that needs the value (a chart, a sum) reads
it here, and an ambiguous figure is an error for the clerk, never a guess.
"""

from __future__ import annotations

import re
from decimal import Decimal

_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # 12.500 / 1.250.000
_PLAIN = re.compile(r"0|[1-9]\d*")


class AmbiguousNumber(ValueError):
    """A text that is not a Vietnamese number, or could be read two ways; the message says why."""


def parse_vietnamese_number(text: str) -> Decimal:
    """Return the value of "12.500", "1.250.000,75", "-3,5" or "4000"; raise AmbiguousNumber otherwise."""
    shown = text
    text = text.strip().replace("\u00a0", " ").replace(" ", "")
    sign = -1 if text.startswith(("-", "−")) else 1
    text = text.lstrip("-−+")
    if not text:
        raise AmbiguousNumber(f'"{shown}" không phải một số.')
    whole, comma, fraction = text.partition(",")
    if comma and not re.fullmatch(r"\d+", fraction):
        raise AmbiguousNumber(f'"{shown}" không phải một số: sau dấu phẩy thập phân chỉ được có chữ số.')
    if "." in whole:
        if not _GROUPED.fullmatch(whole):
            raise AmbiguousNumber(
                f'"{shown}" không rõ nghĩa: dấu chấm chỉ dùng để tách hàng nghìn (12.500), phần thập phân ghi sau dấu phẩy (12,5).'
            )
        whole = whole.replace(".", "")
    elif not _PLAIN.fullmatch(whole):
        if re.fullmatch(r"0\d+", whole):
            raise AmbiguousNumber(f'"{shown}" bắt đầu bằng số 0: đây là một mã (ví dụ số hiệu), không phải một số.')
        raise AmbiguousNumber(f'"{shown}" không phải một số.')
    value = Decimal(whole + ("." + fraction if comma else ""))
    return value * sign
