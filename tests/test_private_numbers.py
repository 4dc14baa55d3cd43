"""The one detector of private persons' numbers, and the Vietnamese number reader charts use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.data.private_numbers import digits_of, find_private_numbers
from generator.domain.numbers import AmbiguousNumber, parse_vietnamese_number


@pytest.mark.parametrize("text, kind, written", [
    ("0912345678", "phone", "0912345678"),
    ("Anh Nam 0912.345.678", "phone", "0912.345.678"),
    ("0912 345 678", "phone", "0912 345 678"),
    ("0912-345-678", "phone", "0912-345-678"),
    ("+84 912 345 678", "phone", "+84 912 345 678"),
    ("+84912345678", "phone", "+84912345678"),
    ("(+84) 912 345 678", "phone", "(+84) 912 345 678"),
    ("84912345678", "phone", "84912345678"),
    ("0912\u200b345\u2060678", "phone", "0912345678"),
    ("0912\u00a0345\u00a0678", "phone", "0912 345 678"),
    ("0208 3123 456", "phone", "0208 3123 456"),
    ("02083123456", "phone", "02083123456"),
    ("001203004567", "id", "001203004567"),
    ("001-203-004-567", "id", "001-203-004-567"),
    ("001 203 004 567", "id", "001 203 004 567"),
    ("CMND 012345678 cấp ngày", "id", "012345678"),
    ("012.345.678", "id", "012.345.678"),
])
def test_private_numbers_are_found_however_written(text: str, kind: str, written: str) -> None:
    found = find_private_numbers(text)
    assert [(n.kind, n.text) for n in found] == [(kind, written)]


@pytest.mark.parametrize("text", [
    "Dự toán chi 125.000.000 đồng",  # money, grouped by thousands
    "Tổng 1.250.000.000 đồng",
    "Nghị quyết số 15/2025/NQ-HĐND ngày 05/01/2026",
    "nhiệm kỳ 2021 – 2026, năm 2021-2026",
    "ngày 2026-01-05",
    "Tổng đài 1900 1234 và 1800 5678",
    "Mã đơn vị 05845, 14 hộ, 312 triệu đồng",
    "Chi 12.500 triệu đồng, chi 4000 triệu",
    "Điều 12 khoản 3 điểm a",
])
def test_amounts_dates_and_document_numbers_are_not_private(text: str) -> None:
    assert find_private_numbers(text) == []


def test_allowed_numbers_are_not_reported() -> None:
    assert find_private_numbers("Đường dây nóng 0987.654.321", frozenset({digits_of("0987 654 321")})) == []
    assert digits_of("+84 987 654 321") == "0987654321"


@pytest.mark.parametrize("text, value", [
    ("12.500", Decimal("12500")), ("30.000", Decimal("30000")), ("1.250.000,75", Decimal("1250000.75")),
    ("4000", Decimal("4000")), ("0", Decimal("0")), ("-3,5", Decimal("-3.5")), (" 7 ", Decimal("7")), ("12,5", Decimal("12.5")),
])
def test_vietnamese_numbers_read_dots_as_thousands_and_comma_as_decimals(text: str, value: Decimal) -> None:
    assert parse_vietnamese_number(text) == value


@pytest.mark.parametrize("text, message", [
    ("12.5", '"12.5" không rõ nghĩa: dấu chấm chỉ dùng để tách hàng nghìn (12.500), phần thập phân ghi sau dấu phẩy (12,5).'),
    ("1.25.000", '"1.25.000" không rõ nghĩa: dấu chấm chỉ dùng để tách hàng nghìn (12.500), phần thập phân ghi sau dấu phẩy (12,5).'),
    ("0123", '"0123" bắt đầu bằng số 0: đây là một mã (ví dụ số hiệu), không phải một số.'),
    ("1,2,3", '"1,2,3" không phải một số: sau dấu phẩy thập phân chỉ được có chữ số.'),
    ("mười", '"mười" không phải một số.'),
    ("", '"" không phải một số.'),
])
def test_an_ambiguous_figure_is_an_error_never_a_guess(text: str, message: str) -> None:
    with pytest.raises(AmbiguousNumber) as error:
        parse_vietnamese_number(text)
    assert str(error.value) == message
