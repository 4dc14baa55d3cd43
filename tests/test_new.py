"""`congkhai new`: the right folder, a fresh id, dates from the rules; and forgiven Vietnamese input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.data.load import load_portal
from generator.law.compliance import compute_compliance
from generator.law.workdays import is_working_day
from tests.conftest import replace_in


def _new(ward: Path, *args: str) -> tuple[str, dict]:
    result = CliRunner().invoke(main, ["new", *args, "-C", str(ward)])
    assert result.exit_code == 0, result.output
    shown = result.output.split("Đã tạo ", 1)[1].split(". ", 1)[0]
    return shown, yaml.safe_load((ward / shown).read_text(encoding="utf-8"))


def _check(ward: Path, today: str = "2026-11-22"):
    return CliRunner().invoke(main, ["check", "-C", str(ward), "--today", today])


def test_new_disclosure_lands_in_the_year_folder_with_todays_dates(ward: Path) -> None:
    shown, data = _new(ward, "disclosure", "--today", "2026-11-22")
    assert shown == "data/cong-khai/2026/cong-khai-2026-11-22.yaml"
    assert data["id"] == "cong-khai-2026-11-22"
    assert data["published_on"] == data["posted_from"] == dt.date(2026, 11, 22)
    assert data["posted_until"] == dt.date(2026, 12, 21)  # 30 consecutive days, both ends counted
    assert data["category"] is None and data["title"] is None and data["forms"] == ["notice_board"]
    # The blanks are reported, nothing is published until they are filled.
    result = _check(ward)
    assert result.exit_code == 1
    assert (f'{shown}, dòng 4, trường "category": trường "category" còn để trống.\n'
            "  Cách sửa: điền sau dấu hai chấm: Mục của Điều 11 Luật 10/2022/QH15, từ 1 đến 14.") in result.stderr
    # A second file the same day gets the next id.
    again, data = _new(ward, "disclosure", "--today", "2026-11-22")
    assert again == "data/cong-khai/2026/cong-khai-2026-11-22-2.yaml" and data["id"] == "cong-khai-2026-11-22-2"


def test_new_disclosure_for_a_document_is_prefilled_and_passes_check(ward: Path) -> None:
    shown, data = _new(ward, "disclosure", "--for", "nq-03-2026", "--today", "2026-11-22")
    assert shown == "data/cong-khai/2026/cong-khai-nq-03-2026.yaml"
    assert data["document"] == "nq-03-2026"
    assert data["title"] == "Công khai về dự toán ngân sách xã năm 2026"
    assert data["decided_on"] == dt.date(2026, 1, 5)
    assert data["category"] == 2  # suggested from the title: "dự toán ngân sách"
    assert "# Nghị quyết 03/NQ-HĐND" in (ward / shown).read_text(encoding="utf-8")
    assert _check(ward).exit_code == 0


def test_new_disclosure_for_a_loudspeaker_item_is_broadcast_three_days(ward: Path) -> None:
    replace_in(ward, "data/van-ban/nq-03-2026.yaml", "title: Về dự toán ngân sách xã năm 2026", "title: Về hỗ trợ hộ nghèo dịp Tết")
    _, data = _new(ward, "disclosure", "--for", "nq-03-2026", "--today", "2026-11-22")
    assert data["category"] == 7
    assert data["broadcast_from"] == dt.date(2026, 11, 22) and data["broadcast_until"] == dt.date(2026, 11, 24)
    assert data["forms"] == ["notice_board", "loudspeaker", "village_heads"]


def test_new_disclosure_for_an_unknown_document_names_the_close_one(ward: Path) -> None:
    result = CliRunner().invoke(main, ["new", "disclosure", "--for", "nq-03", "-C", str(ward), "--today", "2026-11-22"])
    assert result.exit_code == 1
    assert result.stderr == 'Lỗi: Không có văn bản nào mang mã "nq-03". Có phải ý bạn là "nq-03-2026"?\n'


def test_new_consultation_closes_after_twenty_days_moved_off_a_weekend(ward: Path) -> None:
    shown, data = _new(ward, "consultation", "--today", "2026-03-09")
    assert shown == "data/lay-y-kien/lay-y-kien-2026-03-09.yaml"
    assert data["opens_on"] == dt.date(2026, 3, 9)
    # 20 days end on Saturday 28/3: opinions are taken until Monday 30/3.
    assert dt.date(2026, 3, 28).weekday() == 5
    assert data["closes_on"] == dt.date(2026, 3, 30)


def test_new_consultation_across_tet_closes_on_the_first_working_day_after(ward: Path) -> None:
    _, data = _new(ward, "consultation", "--today", "2026-01-30")
    # 20 days end on 18/2/2026, in the Tết Bính Ngọ holiday; the first working day after is 23/2.
    assert not is_working_day(dt.date(2026, 2, 18))
    assert data["closes_on"] == dt.date(2026, 2, 23)


def test_new_consultation_on_a_village_covenant_lasts_thirty_days(ward: Path) -> None:
    _, data = _new(ward, "consultation", "--convention", "--for", "du-thao-huong-uoc", "--today", "2026-11-02")
    assert data["draft"] == "du-thao-huong-uoc" and data["id"] == "lay-y-kien-du-thao-huong-uoc"
    assert data["closes_on"] == dt.date(2026, 12, 1)  # 2/11 to 1/12: 30 days, a Tuesday


def test_new_document_goes_to_the_year_folder(ward: Path) -> None:
    shown, data = _new(ward, "document", "--today", "2026-11-22", "--id", "qd-15-2026")
    assert shown == "data/van-ban/2026/qd-15-2026.yaml"
    assert data["adopted_on"] == dt.date(2026, 11, 22) and data["status"] == "adopted"
    refused = CliRunner().invoke(main, ["new", "document", "-C", str(ward), "--today", "2026-11-22", "--id", "qd-15-2026"])
    assert refused.exit_code == 1
    assert refused.stderr == "data/van-ban/2026/qd-15-2026.yaml đã có; không ghi đè. Dùng --id để đặt mã khác.\n"


def test_new_refuses_a_bad_id(ward: Path) -> None:
    result = CliRunner().invoke(main, ["new", "document", "-C", str(ward), "--id", "QĐ 15"])
    assert result.exit_code == 1
    assert result.stderr == 'Lỗi: "QĐ 15" không phải mã hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ nq-12-2026.\n'


def test_day_first_dates_are_read_as_vietnam_writes_them(ward: Path) -> None:
    replace_in(ward, "data/cong-khai/du-toan-2026.yaml", "published_on: 2026-01-08", "published_on: 08/01/2026")
    replace_in(ward, "data/cong-khai/du-toan-2026.yaml", "posted_until: 2026-02-09", "posted_until: 9/2/2026")
    portal = load_portal(ward, dt.date(2026, 11, 22))
    item = portal.disclosures["du-toan-2026"]
    assert item.published_on == dt.date(2026, 1, 8)  # 8 January, never 1 August
    assert item.posted_until == dt.date(2026, 2, 9)
    assert _check(ward).exit_code == 0


def test_a_consultation_counts_for_item_11_by_itself(ward: Path) -> None:
    portal = load_portal(ward, dt.date(2026, 11, 22))
    assert not [d for d in portal.disclosures.values() if d.category == 11]
    assert portal.consultations  # the covenant consultation, with no disclosure file
    report = compute_compliance(portal)
    item = next(c for c in report.categories if c.number == 11)
    assert item.published == 1 and item.on_time == 1
    assert item.sentence == "Mục 11 (Lấy ý kiến Nhân dân): Đã công khai 1 thông tin (gồm 1 đợt lấy ý kiến), tất cả đúng hạn."
    # Before it opens, it does not count yet.
    early = compute_compliance(load_portal(ward, min(c.opens_on for c in portal.consultations.values()) - dt.timedelta(days=1)))
    assert next(c for c in early.categories if c.number == 11).published == 0


def test_a_clock_behind_the_ledger_is_named_as_the_cause(ward: Path) -> None:
    from tests.test_errors import _publish

    _publish(ward)  # recorded as published by 2026-11-22
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", "2026-01-02"])
    assert result.exit_code == 1
    assert result.stderr == (
        "data/da-dang.json, dòng 1: hôm nay theo máy tính là 02/01/2026, nhưng sổ này đã ghi nội dung đăng ngày 10/11/2026: "
        "ngày của máy tính đang sai (hoặc --today ghi ngày quá sớm); không có gì bị dời hay bị xóa.\n"
        "  Cách sửa: chỉnh ngày giờ của máy tính cho đúng (giờ Việt Nam) rồi chạy lại; đừng sửa dữ liệu hay tệp data/da-dang.json.\n"
        "Có 1 lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"
    )


CLICK_CASES = {
    "missing file": (["import", "khong-co.docx"], "Cách dùng: congkhai import [TÙY CHỌN] SOURCE\nXem hướng dẫn: congkhai import --help\n\n"
                     'Lỗi: không tìm thấy "khong-co.docx" (tham số SOURCE). Kiểm tra lại tên và đường dẫn tệp.\n'),
    "unknown command": (["kiem-tra"], "Cách dùng: congkhai [TÙY CHỌN] LỆNH [THAM SỐ]...\nXem hướng dẫn: congkhai --help\n\n"
                        'Lỗi: không có lệnh "kiem-tra". Các lệnh: check, build, serve, new, import, compliance.\n'),
    "misspelt option": (["check", "--tday", "2026-01-01"], "Cách dùng: congkhai check [TÙY CHỌN]\nXem hướng dẫn: congkhai check --help\n\n"
                        'Lỗi: không có tùy chọn "--tday". Có phải ý bạn là "--today"?\n'),
    "wrong kind": (["new", "van-ban"], "Cách dùng: congkhai new [TÙY CHỌN] disclosure|document|consultation\nXem hướng dẫn: congkhai new --help\n\n"
                   'Lỗi: "van-ban" không phải giá trị hợp lệ của disclosure|document|consultation; chọn một trong: disclosure, document, consultation.\n'),
    "missing argument": (["import"], "Cách dùng: congkhai import [TÙY CHỌN] SOURCE\nXem hướng dẫn: congkhai import --help\n\nLỗi: thiếu tham số SOURCE.\n"),
    "option without value": (["check", "--today"], "Lỗi: tùy chọn --today cần một giá trị ngay sau nó.\n"),
    "extra argument": (["check", "data"], "Cách dùng: congkhai check [TÙY CHỌN]\nXem hướng dẫn: congkhai check --help\n\n"
                       "Lỗi: thừa tham số: data. Nếu tên tệp có dấu cách, đặt cả tên trong dấu ngoặc kép.\n"),
}



@pytest.mark.parametrize("name", list(CLICK_CASES))
def test_click_usage_errors_are_worded_in_vietnamese(name: str) -> None:
    args, expected = CLICK_CASES[name]
    result = CliRunner().invoke(main, args, prog_name="congkhai")
    assert result.exit_code == 2
    assert result.stderr == expected


def test_help_is_in_vietnamese() -> None:
    result = CliRunner().invoke(main, ["new", "--help"], prog_name="congkhai")
    assert result.exit_code == 0
    assert result.output.startswith("Cách dùng: congkhai new [TÙY CHỌN] disclosure|document|consultation\n")
    assert "Tùy chọn:\n" in result.output and "-h, --help" in result.output and "Hiện hướng dẫn này rồi thoát." in result.output
    assert "Usage" not in result.output and "Options" not in result.output and "Show this" not in result.output
