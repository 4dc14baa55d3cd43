"""Issue 5 end to end: compliance page and command, consultations, derived status, no silent edits."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.sitecheck import visible_text

TODAY = ["--today", "2026-11-22"]


def test_sample_compliance_page_shows_a_late_and_a_missing_item(sample_site: Path) -> None:
    text = visible_text(sample_site / "site" / "tinh-hinh-cong-khai" / "index.html")
    assert "1 trễ hạn" in text
    assert "Chưa công khai tình hình thực hiện dự toán ngân sách 9 tháng năm 2026; hạn công khai là 15/10/2026" in text
    assert "trễ 7 ngày làm việc so với hạn 09/03/2026" in text


def test_sample_compliance_page_shows_a_loudspeaker_broadcast_shorter_than_three_days(sample_site: Path) -> None:
    text = visible_text(sample_site / "site" / "tinh-hinh-cong-khai" / "index.html")
    assert ("thông báo trên hệ thống loa từ 18/09/2026 đến 19/09/2026 (2 ngày), ít hơn 3 ngày liên tục theo "
            "Điều 13 khoản 3 Luật 10/2022/QH15") in text
    result = CliRunner().invoke(main, ["compliance", "-C", str(sample_site), "--json", *TODAY])
    findings = json.loads(result.stdout)["findings"]
    loudspeaker = {"loudspeaker_missing", "broadcast_not_recorded", "broadcast_too_short", "village_heads_missing"}
    # Exactly one illustrative shortfall: every other item 7–12 is broadcast 3 days and sent to village heads.
    assert [(f["kind"], f["severity"], f["subject_id"]) for f in findings if f["kind"] in loudspeaker] == [
        ("broadcast_too_short", "error", "ket-luan-kiem-tra-tai-chinh-2025")]
    page = visible_text(sample_site / "site" / "cong-khai" / "ket-luan-kiem-tra-tai-chinh-2025" / "index.html")
    assert "Thông báo trên hệ thống loa Từ ngày 18 tháng 9 năm 2026 đến ngày 19 tháng 9 năm 2026" in " ".join(page.split())


def test_compliance_command_prints_json_and_fails_strict_when_overdue(sample_site: Path) -> None:
    result = CliRunner().invoke(main, ["compliance", "-C", str(sample_site), "--json", *TODAY])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    missing = [o for o in report["obligations"] if o["state"] == "missing"]
    assert [(o["kind"], o["year"], o["months"]) for o in missing] == [("execution", 2026, 9)]
    strict = CliRunner().invoke(main, ["compliance", "-C", str(sample_site), "--strict", *TODAY])
    assert strict.exit_code == 1
    assert "BÁO CÁO THỰC HIỆN CÔNG KHAI THÔNG TIN (tính đến ngày 22/11/2026)" in strict.stdout


def test_open_consultation_is_prominent_with_days_left(ward: Path) -> None:
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY]).exit_code == 0
    home = visible_text(ward / "site" / "index.html")
    assert "Đang lấy ý kiến Nhân dân" in home
    assert "Còn 13 ngày, đến hết 05/12/2026" in home
    page = visible_text(ward / "site" / "lay-y-kien" / "huong-uoc-thon-mot" / "index.html")
    assert "Đang lấy ý kiến: còn 13 ngày" in page
    html = (ward / "site" / "lay-y-kien" / "huong-uoc-thon-mot" / "index.html").read_text(encoding="utf-8")
    assert "mailto:gopy@example.invalid?subject=G%C3%B3p%20%C3%BD" in html


def test_closed_consultation_without_results_is_flagged(ward: Path) -> None:
    result = CliRunner().invoke(main, ["compliance", "-C", str(ward), "--today", "2026-12-20"])
    assert "Lấy ý kiến dự thảo hương ước thôn Một" in result.stdout
    page_build = CliRunner().invoke(main, ["build", "-C", str(ward), "--today", "2026-12-20"])
    assert page_build.exit_code == 0
    page = visible_text(ward / "site" / "lay-y-kien" / "huong-uoc-thon-mot" / "index.html")
    assert "Kết quả tổng hợp ý kiến chưa được công khai (đã quá hạn" in page


def test_document_page_shows_derived_status_and_relations_both_ways(sample_site: Path) -> None:
    site = sample_site / "site" / "van-ban"
    amended = [p for p in site.glob("*/index.html") if "Được sửa đổi, bổ sung bởi" in visible_text(p)]
    amending = [p for p in site.glob("*/index.html") if "Sửa đổi, bổ sung" in visible_text(p) and p not in amended]
    assert amended and amending
    assert "Còn hiệu lực" in visible_text(site / "nq-dan-chu-co-so-bach-quang" / "index.html")


def test_silent_edit_of_a_published_item_is_refused_until_noted(ward: Path) -> None:
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY]).exit_code == 0
    ledger = ward / "data" / "da-dang.json"
    assert "disclosure/du-toan-2026" in json.loads(ledger.read_text(encoding="utf-8"))["items"]
    item = ward / "data" / "cong-khai" / "du-toan-2026.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("chi 12.500 triệu đồng", "chi 12.700 triệu đồng"), encoding="utf-8")
    refused = CliRunner().invoke(main, ["check", "-C", str(ward), *TODAY])
    assert refused.exit_code == 1
    assert "đã đăng nhưng nội dung đã bị sửa mà không có ghi chú thay đổi" in refused.stderr
    assert refused.stderr.startswith("data/cong-khai/du-toan-2026.yaml, dòng 1, trường \"changes\":")
    item.write_text(item.read_text(encoding="utf-8") + "changes:\n  - date: 2026-11-22\n    what: Sửa tổng chi\n    why: Nhập sai số liệu\n", encoding="utf-8")
    accepted = CliRunner().invoke(main, ["check", "-C", str(ward), *TODAY])
    assert accepted.exit_code == 0, accepted.stderr


def test_change_notes_are_shown_on_the_page(ward: Path) -> None:
    item = ward / "data" / "cong-khai" / "du-toan-2026.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "changes:\n  - date: 2026-02-03\n    what: Sửa số liệu chi thường xuyên\n    why: Nhập nhầm đơn vị tính\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY]).exit_code == 0
    text = visible_text(ward / "site" / "cong-khai" / "du-toan-2026" / "index.html")
    assert "Lịch sử thay đổi" in text
    assert "Ngày 03 tháng 02 năm 2026: Sửa số liệu chi thường xuyên" in " ".join(text.replace(" :", ":").split())
    assert "Lý do: Nhập nhầm đơn vị tính" in text
