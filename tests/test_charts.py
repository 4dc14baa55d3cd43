"""Charts drawn at build time: amounts read the Vietnamese way, the SVG kept byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.data.models import Table
from generator.render.charts import format_amount, parse_amount, table_chart
from tests.conftest import golden_differences

GOLDEN = Path(__file__).parent / "golden" / "charts"
BUDGET = Table(
    title="Thực hiện 6 tháng đầu năm 2026 (triệu đồng)",
    columns=["Nội dung", "Dự toán năm", "Thực hiện 6 tháng", "Tỷ lệ so với dự toán"],
    rows=[
        ["Tổng thu ngân sách phường", "36.000", "18.950", "52,6%"],
        ["Tổng chi ngân sách phường", "36.000", "16.320", "45,3%"],
        ["– Chi đầu tư phát triển", "9.000", "3.420", "38,0%"],
    ],
)


@pytest.mark.parametrize(("text", "value"), [
    ("36.000", 36000.0), ("18.950,5", 18950.5), ("720", 720.0), ("0,25", 0.25), (4000, 4000.0),
    ("52,6%", None), ("A", None), ("", None), (None, None), ("1.2.3", None), ("12.34", None),
])
def test_amounts_are_read_the_vietnamese_way(text, value) -> None:
    assert parse_amount(text) == value


def test_amounts_are_written_the_vietnamese_way() -> None:
    assert [format_amount(v) for v in (36000, 18950.5, 720, 1234567)] == ["36.000", "18.950,5", "720", "1.234.567"]


def test_a_table_of_amounts_is_drawn_with_its_figures_in_words(update_golden: bool) -> None:
    svg = str(table_chart(BUDGET, "bieu-do-1"))
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert desc == ("Đơn vị: triệu đồng. Tổng thu ngân sách phường: Dự toán năm 36.000, Thực hiện 6 tháng 18.950; "
                    "Tổng chi ngân sách phường: Dự toán năm 36.000, Thực hiện 6 tháng 16.320; "
                    "– Chi đầu tư phát triển: Dự toán năm 9.000, Thực hiện 6 tháng 3.420.")
    assert 'role="img" aria-labelledby="bieu-do-1-t bieu-do-1-d"' in svg
    assert "52,6" not in svg  # rates are not amounts
    failures = golden_differences([(svg + "\n", GOLDEN / "thuc-hien-6-thang.svg", "thuc-hien-6-thang.svg")], update_golden)
    assert not failures, "\n".join(failures)


def test_a_table_without_amounts_gets_no_chart() -> None:
    fees = Table(title="Mức thu phí", columns=["Loại", "Ghi chú"], rows=[["Chợ", "Theo ngày"], ["Bến", "Theo tháng"]])
    assert table_chart(fees, "x") is None


def test_a_support_list_draws_its_counts_with_their_units() -> None:
    support = Table(title="Số đối tượng được hỗ trợ theo tổ dân phố",
                    columns=["Tổ dân phố", "Hộ nghèo (hộ)", "Đối tượng bảo trợ xã hội (người)"],
                    rows=[["Tổ 1", "1", "11"], ["Tổ 2", "2", "9"]])
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", str(table_chart(support, "c"))).group(1)
    assert desc == ("Đơn vị: hộ, người (ghi ở tên từng cột). Tổ 1: Hộ nghèo (hộ) 1, Đối tượng bảo trợ xã hội (người) 11; "
                    "Tổ 2: Hộ nghèo (hộ) 2, Đối tượng bảo trợ xã hội (người) 9.")
