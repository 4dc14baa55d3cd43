"""Issue 5 end to end: compliance page and command, consultations, derived status, no silent edits."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator import paths
from generator.cli import main
from tests.conftest import replace_in
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
            "khoản 3 Điều 13 Luật 10/2022/QH15") in text
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


TALK = Path("data") / "lay-y-kien" / "huong-uoc.yaml"
RESULTS = """\
results:
  published_on: 2026-12-12
  summary: Có 9 ý kiến góp ý, 7 ý kiến đồng ý với dự thảo.
  explanation: Tiếp thu ý kiến về giờ thu gom rác; chưa tiếp thu đề nghị bỏ Điều 1 vì trái quy định.
"""


def _snapshot(project: Path) -> dict:
    """Every file the build writes: the built site, its sources and the ledger."""
    files = [p for folder in ("site", "site_src") for p in (project / folder).rglob("*") if p.is_file()]
    return {p.relative_to(project): p.read_bytes() for p in files + [project / "data" / "da-dang.json"]}


def _edit(project: Path, old: str, new: str) -> None:
    replace_in(project, TALK, old, new)


def _refused_by_check_and_build(project: Path, today: list[str], message: str) -> list[str]:
    """Both commands refuse with the message first and write nothing; return what they printed."""
    before = _snapshot(project)
    printed = []
    for command in ("check", "build"):
        refused = CliRunner().invoke(main, [command, "-C", str(project), *today])
        assert refused.exit_code == 1, command
        assert refused.stderr.startswith(message), refused.stderr
        printed.append(refused.stderr)
    assert _snapshot(project) == before
    return printed


def test_silent_edit_of_a_published_consultation_is_refused_by_check_and_build(ward: Path) -> None:
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY]).exit_code == 0
    ledger = json.loads((ward / "data" / "da-dang.json").read_text(encoding="utf-8"))["items"]
    assert ledger["consultation/huong-uoc-thon-mot"]["recorded_on"] == "2026-11-10"
    _edit(ward, "matter: Hương ước, quy ước", "matter: Quy chế")
    _refused_by_check_and_build(ward, TODAY, (
        'data/lay-y-kien/huong-uoc.yaml, dòng 1, trường "changes": Đợt lấy ý kiến “Lấy ý kiến dự thảo hương ước thôn Một” '
        "(mã huong-uoc-thon-mot) đã đăng nhưng nội dung đã bị sửa mà không có ghi chú thay đổi.\n"))


def test_noted_consultation_edit_is_accepted_and_shown_on_the_page_and_in_the_feed(ward: Path) -> None:
    import feedparser

    assert CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY]).exit_code == 0
    _edit(ward, "closes_on: 2026-12-05", "closes_on: 2026-12-10")
    (ward / TALK).write_text((ward / TALK).read_text(encoding="utf-8") + (
        "changes:\n  - date: 2026-11-20\n    what: Gia hạn lấy ý kiến đến hết ngày 10/12/2026\n"
        "    why: Nhiều tổ dân phố chưa kịp họp\n"), encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "-C", str(ward), *TODAY]).exit_code == 0
    built = CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY])
    assert built.exit_code == 0, built.stderr
    text = " ".join(visible_text(ward / "site" / "lay-y-kien" / "huong-uoc-thon-mot" / "index.html").replace(" :", ":").split())
    assert "Lịch sử thay đổi" in text
    assert "Ngày 20 tháng 11 năm 2026: Gia hạn lấy ý kiến đến hết ngày 10/12/2026 Lý do: Nhiều tổ dân phố chưa kịp họp" in text
    feed = feedparser.parse((ward / "site" / "feeds" / "lay-y-kien.atom.xml").read_bytes())
    assert not feed.bozo
    [opened] = feed.entries
    assert opened.id.endswith("lay-y-kien/huong-uoc-thon-mot/mo")
    assert (opened.published, opened.updated) == ("2026-11-10T00:00:00+07:00", "2026-11-20T00:00:00+07:00")
    assert opened.summary.endswith("Cập nhật ngày 20/11/2026: Gia hạn lấy ý kiến đến hết ngày 10/12/2026. Lý do: Nhiều tổ dân phố chưa kịp họp.")
    assert feed.feed.updated == "2026-11-20T00:00:00+07:00"
    ledger = json.loads((ward / "data" / "da-dang.json").read_text(encoding="utf-8"))["items"]
    assert (ledger["consultation/huong-uoc-thon-mot"]["changes"], ledger["consultation/huong-uoc-thon-mot"]["recorded_on"]) == (1, "2026-11-20")


def test_results_published_later_need_no_note_but_changing_them_does(ward: Path) -> None:
    later = ["--today", "2026-12-20"]
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY]).exit_code == 0
    (ward / TALK).write_text((ward / TALK).read_text(encoding="utf-8") + RESULTS, encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "-C", str(ward), *later]).exit_code == 0
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *later]).exit_code == 0
    ledger = json.loads((ward / "data" / "da-dang.json").read_text(encoding="utf-8"))["items"]
    assert ledger["consultation_results/huong-uoc-thon-mot"]["recorded_on"] == "2026-12-12"
    _edit(ward, "7 ý kiến đồng ý", "8 ý kiến đồng ý")
    printed = _refused_by_check_and_build(ward, later, (
        'data/lay-y-kien/huong-uoc.yaml, dòng 1, trường "changes": Kết quả của đợt lấy ý kiến “Lấy ý kiến dự thảo hương ước thôn Một” '
        "(mã huong-uoc-thon-mot) đã đăng nhưng nội dung đã bị sửa mà không có ghi chú thay đổi.\n"))
    assert all("Có 1 lỗi trong 1 tệp." in stderr for stderr in printed)
    (ward / TALK).write_text((ward / TALK).read_text(encoding="utf-8") + (
        "changes:\n  - date: 2026-12-15\n    what: Sửa số ý kiến đồng ý thành 8\n    why: Tổng hợp thiếu một phiếu\n"), encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *later]).exit_code == 0
    text = visible_text(ward / "site" / "lay-y-kien" / "huong-uoc-thon-mot" / "index.html")
    assert "8 ý kiến đồng ý" in text and "Sửa số ý kiến đồng ý thành 8" in text


def test_old_ledger_without_consultations_is_accepted_and_completed(ward: Path) -> None:
    path = ward / "data" / "da-dang.json"
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY]).exit_code == 0
    complete = path.read_text(encoding="utf-8")
    old = json.loads(complete)
    old["items"] = {k: v for k, v in old["items"].items() if not k.startswith("consultation")}
    assert old["items"] and len(old["items"]) < len(json.loads(complete)["items"])
    path.write_text(json.dumps(old, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    # A site built by that older version carried no copy of the ledger to compare with.
    (ward / "site" / "da-dang.json").unlink()
    assert CliRunner().invoke(main, ["check", "-C", str(ward), *TODAY]).exit_code == 0
    assert CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY]).exit_code == 0
    assert path.read_text(encoding="utf-8") == complete


def test_compliance_page_states_the_ward_own_rules(ward: Path) -> None:
    (ward / "data" / "rules.yaml").write_text(
        "deadlines:\n  disclose_working_days:\n    value: 3\n    source: Kế hoạch công khai của xã\n"
        "  loudspeaker_days:\n    value: 5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-C", str(ward), *TODAY])
    assert result.exit_code == 0, result.output
    text = " ".join(visible_text(ward / "site" / "tinh-hinh-cong-khai" / "index.html").split())
    assert "đối chiếu với thời hạn 3 ngày làm việc (Kế hoạch công khai của xã)" in text
    assert "thông báo trên hệ thống loa ít nhất 5 ngày liên tục" in text
    assert "niêm yết ít nhất 30 ngày liên tục (khoản 2 Điều 13 Luật 10/2022/QH15)" in text
    # The category pages state the same rules as the compliance page (not the law's 3 days).
    category = " ".join(visible_text(ward / "site" / paths.category_page(10)[: -len(".md")] / "index.html").split())
    assert "thông báo trên hệ thống loa ít nhất 5 ngày liên tục" in category
    assert "Niêm yết tại trụ sở ít nhất 30 ngày liên tục" in category
