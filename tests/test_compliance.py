"""The compliance report: deadlines, posting, budget reports and consultations on small portals."""

import dataclasses
import datetime as dt
import json
from pathlib import Path

import yaml

from generator.data.load import load_portal
from generator.data.models import (
    BudgetPeriod,
    Consultation,
    ConsultationResult,
    Disclosure,
    Document,
    Site,
)
from generator.data.portal import Portal
from generator.domain.rules import load_rules, merge_rules
from generator.law.compliance import category_history, compute_compliance
from generator.law.report import format_report, report_to_json

D = dt.date
FIXTURES = Path(__file__).parent / "fixtures" / "accountability"
SITE = Site(name="Bách Quang", unit_type="phuong", unit_code="05500", province="Thái Nguyên",
            address="Phường Bách Quang", base_url="https://bachquang.example.vn/")


def portal(today, disclosures=(), documents=(), consultations=(), ward=None):
    return Portal(
        site=SITE,
        documents={d.id: d for d in documents},
        disclosures={d.id: d for d in disclosures},
        consultations={c.id: c for c in consultations},
        files={},
        rules=merge_rules(load_rules(), ward),
        today=today,
    )


def disclosure(id, category=1, **fields):
    values = {"title": f"Thông tin {id}", "published_on": D(2025, 6, 12), "forms": ["notice_board"]}
    values.update(fields)
    return Disclosure(id=id, category=category, **values)


def budget(id, kind, year, months=None, **fields):
    return disclosure(id, 2, period=BudgetPeriod(kind=kind, year=year, months=months), **fields)


def only(report, kind):
    return [f for f in report.findings if f.kind == kind]


def outside_budget(report):
    """Return the findings not about recurring budget reports (a portal without any is flagged too)."""
    return [f for f in report.findings if f.subject != "budget"]


def test_published_on_time_from_the_document_adoption_date():
    doc = Document(id="kh-15", type="ke_hoach", issuer="Ủy ban nhân dân phường Bách Quang",
                   title="Kế hoạch phát triển kinh tế - xã hội năm 2025", adopted_on=D(2025, 6, 5))
    item = disclosure("kh-2025", document="kh-15", published_on=D(2025, 6, 12),
                      posted_from=D(2025, 6, 12), posted_until=D(2025, 7, 11))
    report = compute_compliance(portal(D(2025, 8, 1), [item], [doc]))
    check = report.disclosures[0]
    assert (check.trigger_on, check.due_on, check.on_time, check.working_days_late) == (
        D(2025, 6, 5), D(2025, 6, 12), True, 0)
    assert (check.posted_days, check.posting_required, check.posting_ok) == (30, "30_days", True)
    assert check.deadline == "5 ngày làm việc"
    assert check.deadline_source == "khoản 3 Điều 12 Luật 10/2022/QH15"
    assert outside_budget(report) == []
    assert report.categories[0].sentence == (
        "Mục 1 (Kế hoạch phát triển kinh tế - xã hội): Đã công khai 1 thông tin, tất cả đúng hạn.")


def test_late_across_tet_2026_and_a_weekend():
    item = disclosure("qd-tet", category=6, decided_on=D(2026, 2, 12), published_on=D(2026, 3, 2),
                      posted_from=D(2026, 3, 2))
    report = compute_compliance(portal(D(2026, 3, 10), [item]))
    check = report.disclosures[0]
    assert (check.due_on, check.on_time, check.working_days_late) == (D(2026, 2, 26), False, 2)
    [late] = only(report, "late")
    assert late.severity == "error"
    assert (late.subject, late.subject_id, late.category, late.due_on, late.on) == (
        "disclosure", "qd-tet", 6, D(2026, 2, 26), D(2026, 3, 2))
    assert late.message == (
        "Thông tin “Thông tin qd-tet” đăng ngày 02/03/2026, trễ 2 ngày làm việc so với hạn 26/02/2026 "
        "(5 ngày làm việc, khoản 3 Điều 12 Luật 10/2022/QH15).")
    assert report.categories[5].sentence == "Mục 6 (Tài sản công): Đã công khai 1 thông tin, 1 trễ hạn."


def test_published_on_a_weekend_after_the_deadline_is_one_working_day_late():
    item = disclosure("tb-1", decided_on=D(2025, 6, 5), published_on=D(2025, 6, 14), posted_from=D(2025, 6, 14))
    check = compute_compliance(portal(D(2025, 7, 1), [item])).disclosures[0]
    assert (check.due_on, check.on_time, check.working_days_late) == (D(2025, 6, 12), False, 1)


def test_missing_quarterly_report_and_upcoming_ones():
    estimate = budget("du-toan-2025", "estimate_decided", 2025, decided_on=D(2024, 12, 20),
                      published_on=D(2025, 1, 10), posted_from=D(2025, 1, 10), posted_until=D(2025, 2, 10))
    report = compute_compliance(portal(D(2025, 5, 1), [estimate], ward={"budget": {"start_year": 2025}}))
    # 20/12/2024 + 30 days = Sunday 19/01/2025, so the deadline ends on Monday 20/01/2025.
    assert report.disclosures[0].due_on == D(2025, 1, 20)
    assert [(o.key, o.due_on, o.state, o.disclosure_id) for o in report.obligations] == [
        ("2025-estimate_decided", D(2025, 1, 20), "published", "du-toan-2025"),
        ("2025-execution-3", D(2025, 4, 15), "missing", None),
        ("2025-execution-6", D(2025, 7, 15), "upcoming", None),
        ("2025-execution-9", D(2025, 10, 15), "upcoming", None),
        ("2024-final_accounts", D(2026, 1, 30), "upcoming", None),
        # expected by 31/01/2026, a Saturday: Monday 02/02/2026.
        ("2025-execution-12", D(2026, 2, 2), "upcoming", None),
    ]
    [missing] = only(report, "missing")
    assert missing.message == (
        "Chưa công khai tình hình thực hiện dự toán ngân sách quý I năm 2025; hạn công khai là 15/04/2025 "
        "(Điều 15 Luật Ngân sách nhà nước 2015; Điều 15–19 Thông tư 343/2016/TT-BTC).")
    assert (missing.subject, missing.subject_id, missing.due_on) == ("budget", "2025-execution-3", D(2025, 4, 15))
    assert report.categories[1].sentence == (
        "Mục 2 (Dự toán, quyết toán ngân sách): Đã công khai 1 thông tin, tất cả đúng hạn; "
        "còn 1 báo cáo đã quá hạn mà chưa công khai.")
    assert (report.categories[1].missing, report.categories[1].upcoming) == (1, 4)


def test_quarterly_report_published_late_counts_from_the_period_end():
    q1 = budget("th-q1-2025", "execution", 2025, 3, published_on=D(2025, 4, 18), posted_from=D(2025, 4, 18))
    report = compute_compliance(portal(D(2025, 5, 1), [q1], ward={"budget": {"start_year": 2025}}))
    check = report.disclosures[0]
    assert (check.trigger_on, check.due_on, check.working_days_late) == (D(2025, 3, 31), D(2025, 4, 15), 3)
    assert check.deadline == "15 ngày sau khi kết thúc kỳ báo cáo"
    assert [o.state for o in report.obligations if o.key == "2025-execution-3"] == ["published"]
    assert only(report, "missing")[0].subject_id == "2025-estimate_decided"


def test_budget_2026_uses_the_new_period_scheme():
    report = compute_compliance(portal(D(2026, 11, 1), ward={"budget": {"start_year": 2026}}))
    labels = {o.key: (o.label, o.scheme) for o in report.obligations}
    assert labels["2026-execution-9"] == (
        "Tình hình thực hiện dự toán ngân sách 9 tháng năm 2026", "scheme_2026")
    assert labels["2025-final_accounts"] == (
        "Quyết toán ngân sách được Hội đồng nhân dân phê chuẩn năm 2025", "scheme_2015")
    assert [o.key for o in report.obligations if o.state == "missing"] == [
        "2026-estimate_decided", "2026-execution-3", "2026-execution-6", "2026-execution-9"]


def test_a_site_launched_mid_year_owes_only_what_falls_due_after_its_launch():
    """started_on: a site launched on 1 September 2026 does not owe the reports due before it existed."""
    launched = portal(D(2026, 11, 1), ward={"budget": {"start_year": 2025}})
    launched.site = SITE.model_copy(update={"started_on": D(2026, 9, 1)})
    report = compute_compliance(launched)
    assert [(o.key, o.state) for o in report.obligations] == [
        ("2026-execution-9", "missing"), ("2025-final_accounts", "upcoming"), ("2026-execution-12", "upcoming")]
    assert [f.subject_id for f in only(report, "missing")] == ["2026-execution-9"]
    # The same site without a launch date owes every report of 2025 and 2026 already due.
    report = compute_compliance(portal(D(2026, 11, 1), ward={"budget": {"start_year": 2025}}))
    assert len(only(report, "missing")) > 5


def test_posting_period_too_short_and_group_b_not_permanent():
    short = disclosure("tai-san-1", category=6, decided_on=D(2025, 3, 1), published_on=D(2025, 3, 3),
                       posted_from=D(2025, 3, 3), posted_until=D(2025, 3, 22))
    rule = disclosure("quy-che", category=4, decided_on=D(2025, 3, 1), published_on=D(2025, 3, 3),
                      posted_from=D(2025, 3, 3), posted_until=D(2025, 6, 30))
    report = compute_compliance(portal(D(2025, 7, 1), [short, rule]))
    checks = {c.id: c for c in report.disclosures}
    assert (checks["tai-san-1"].posted_days, checks["tai-san-1"].posting_ok) == (20, False)
    assert (checks["quy-che"].posting_required, checks["quy-che"].posting_ok) == ("permanent", False)
    [too_short] = only(report, "posting_too_short")
    assert too_short.message == (
        "Thông tin “Thông tin tai-san-1” niêm yết từ 03/03/2025 đến 22/03/2025 (20 ngày), "
        "ít hơn 30 ngày liên tục theo khoản 2 Điều 13 Luật 10/2022/QH15.")
    [not_permanent] = only(report, "posting_not_permanent")
    assert not_permanent.message == (
        "Thông tin “Thông tin quy-che” thuộc mục 4 phải niêm yết thường xuyên (khoản 2 Điều 13 Luật 10/2022/QH15) "
        "nhưng ghi ngày kết thúc niêm yết 30/06/2025.")


def test_loudspeaker_expected_for_items_7_to_12():
    quiet = disclosure("ho-tro-1", category=7, decided_on=D(2025, 3, 3), published_on=D(2025, 3, 4),
                       posted_from=D(2025, 3, 4))
    loud = disclosure("ho-tro-2", category=7, decided_on=D(2025, 3, 3), published_on=D(2025, 3, 4),
                      posted_from=D(2025, 3, 4), forms=["notice_board", "loudspeaker"])
    report = compute_compliance(portal(D(2025, 4, 1), [quiet, loud]))
    assert [(c.id, c.loudspeaker_required, c.loudspeaker_ok) for c in report.disclosures] == [
        ("ho-tro-1", True, False), ("ho-tro-2", True, True)]
    [finding] = only(report, "loudspeaker_missing")
    assert (finding.subject_id, finding.severity) == ("ho-tro-1", "warning")
    assert finding.message == (
        "Thông tin “Thông tin ho-tro-1” thuộc mục 7 nên phải thông báo trên hệ thống loa ít nhất 3 ngày liên tục "
        "(khoản 3 Điều 13 Luật 10/2022/QH15); chưa ghi hình thức “Thông báo trên hệ thống loa”.")
    # Without the loudspeaker form there is no broadcast to record: one finding, not two.
    assert [f.subject_id for f in only(report, "broadcast_not_recorded")] == ["ho-tro-2"]


def loud(id, category=7, **fields):
    """An item 7–12 disclosure, published on time, listing the loudspeaker and village heads."""
    values = {"decided_on": D(2025, 3, 3), "published_on": D(2025, 3, 6), "posted_from": D(2025, 3, 6),
              "forms": ["notice_board", "loudspeaker", "village_heads"]}
    values.update(fields)
    return disclosure(id, category, **values)


def loudspeaker_findings(report):
    kinds = {"loudspeaker_missing", "broadcast_not_recorded", "broadcast_too_short", "village_heads_missing"}
    return [f for f in report.findings if f.kind in kinds]


def test_broadcast_over_three_consecutive_days_with_village_heads_meets_article_13_3():
    # Friday 07/03 to Sunday 09/03/2025: weekend days count, as on the notice board.
    item = loud("tro-cap-1", broadcast_from=D(2025, 3, 7), broadcast_until=D(2025, 3, 9))
    report = compute_compliance(portal(D(2025, 4, 1), [item]))
    check = report.disclosures[0]
    assert (check.loudspeaker_required, check.loudspeaker_ok, check.broadcast_from, check.broadcast_until,
            check.broadcast_days, check.broadcast_ok, check.village_heads_ok) == (
        True, True, D(2025, 3, 7), D(2025, 3, 9), 3, True, True)
    assert loudspeaker_findings(report) == []
    assert report_to_json(report)["disclosures"][0]["broadcast_days"] == 3


def test_broadcast_shorter_than_three_days_is_a_violation_citing_article_13_3():
    item = loud("tro-cap-2", category=9, broadcast_from=D(2025, 3, 6), broadcast_until=D(2025, 3, 7))
    report = compute_compliance(portal(D(2025, 4, 1), [item]))
    check = report.disclosures[0]
    assert (check.broadcast_days, check.broadcast_ok) == (2, False)
    [finding] = loudspeaker_findings(report)
    assert (finding.kind, finding.severity, finding.subject, finding.subject_id, finding.category, finding.due_on,
            finding.on) == ("broadcast_too_short", "error", "disclosure", "tro-cap-2", 9, None, D(2025, 3, 6))
    assert finding.message == (
        "Thông tin “Thông tin tro-cap-2” thông báo trên hệ thống loa từ 06/03/2025 đến 07/03/2025 (2 ngày), "
        "ít hơn 3 ngày liên tục theo khoản 3 Điều 13 Luật 10/2022/QH15.")
    assert f"  [Vi phạm] {finding.message}" in format_report(report).splitlines()
    [as_json] = [f for f in report_to_json(report)["findings"] if f["kind"] == "broadcast_too_short"]
    assert as_json == {"category": 9, "due_on": None, "kind": "broadcast_too_short", "message": finding.message,
                       "on": "2025-03-06", "severity": "error", "subject": "disclosure", "subject_id": "tro-cap-2"}


def test_loudspeaker_listed_without_broadcast_dates_is_a_warning():
    report = compute_compliance(portal(D(2025, 4, 1), [loud("tro-cap-3", category=12)]))
    assert (report.disclosures[0].broadcast_days, report.disclosures[0].broadcast_ok) == (None, None)
    [finding] = loudspeaker_findings(report)
    assert (finding.kind, finding.severity, finding.on) == ("broadcast_not_recorded", "warning", D(2025, 3, 6))
    assert finding.message == (
        "Thông tin “Thông tin tro-cap-3” chưa ghi thời gian thông báo trên hệ thống loa (ngày bắt đầu, "
        "ngày kết thúc); mục 12 phải thông báo trên hệ thống loa ít nhất 3 ngày liên tục "
        "(khoản 3 Điều 13 Luật 10/2022/QH15).")


def test_village_heads_missing_from_forms_is_a_warning():
    item = loud("tro-cap-4", category=8, forms=["notice_board", "loudspeaker"],
                broadcast_from=D(2025, 3, 6), broadcast_until=D(2025, 3, 8))
    report = compute_compliance(portal(D(2025, 4, 1), [item]))
    assert (report.disclosures[0].broadcast_ok, report.disclosures[0].village_heads_ok) == (True, False)
    [finding] = loudspeaker_findings(report)
    assert (finding.kind, finding.severity, finding.subject_id) == ("village_heads_missing", "warning", "tro-cap-4")
    assert finding.message == (
        "Thông tin “Thông tin tro-cap-4” thuộc mục 8 nên phải thông báo đến trưởng thôn, tổ trưởng tổ dân phố "
        "(khoản 3 Điều 13 Luật 10/2022/QH15); chưa ghi hình thức “Thông qua tổ trưởng tổ dân phố, trưởng thôn”.")
    assert f"  [Cần bổ sung] {finding.message}" in format_report(report).splitlines()


def test_items_outside_7_to_12_need_no_loudspeaker_or_village_heads():
    item = disclosure("ke-hoach", category=1, decided_on=D(2025, 3, 3), published_on=D(2025, 3, 6),
                      posted_from=D(2025, 3, 6), forms=["notice_board", "loudspeaker"],
                      broadcast_from=D(2025, 3, 6), broadcast_until=D(2025, 3, 6))
    report = compute_compliance(portal(D(2025, 4, 1), [item]))
    check = report.disclosures[0]
    assert (check.loudspeaker_required, check.loudspeaker_ok, check.broadcast_days, check.broadcast_ok,
            check.village_heads_ok) == (False, None, 1, None, None)
    assert loudspeaker_findings(report) == []


def test_ward_rules_set_the_broadcast_length_and_the_village_heads_check():
    ward = {"deadlines": {"loudspeaker_days": {"value": 5, "source": "Kế hoạch công khai của phường"},
                          "village_heads": {"value": False}}}
    item = loud("tro-cap-5", forms=["notice_board", "loudspeaker"],
                broadcast_from=D(2025, 3, 6), broadcast_until=D(2025, 3, 9))
    report = compute_compliance(portal(D(2025, 4, 1), [item], ward=ward))
    assert report.disclosures[0].village_heads_ok is None
    [finding] = loudspeaker_findings(report)
    assert finding.message == (
        "Thông tin “Thông tin tro-cap-5” thông báo trên hệ thống loa từ 06/03/2025 đến 09/03/2025 (4 ngày), "
        "ít hơn 5 ngày liên tục theo Kế hoạch công khai của phường.")


def test_posting_not_recorded_and_no_trigger_date():
    item = disclosure("bc-1", published_on=D(2025, 3, 4), forms=[])
    report = compute_compliance(portal(D(2025, 4, 1), [item]))
    findings = outside_budget(report)
    assert [(f.kind, f.severity) for f in findings] == [("posting_not_recorded", "warning"), ("no_deadline", "info")]
    assert findings[1].message == (
        "Thông tin “Thông tin bc-1” chưa ghi ngày ban hành văn bản nên chưa tính được hạn công khai.")
    assert report.disclosures[0].on_time is None


def test_future_disclosures_are_not_counted():
    item = disclosure("sap-dang", decided_on=D(2025, 6, 5), published_on=D(2025, 6, 12))
    report = compute_compliance(portal(D(2025, 6, 11), [item]))
    assert report.disclosures == [] and outside_budget(report) == []


def consultation(id, opens, closes, results=None):
    return Consultation(id=id, title=f"Dự thảo {id}", draft="du-thao-1", opens_on=opens, closes_on=closes,
                        results=results)


def test_consultation_under_20_days_and_days_left():
    report = compute_compliance(portal(D(2025, 3, 10), consultations=[consultation("qc", D(2025, 3, 1), D(2025, 3, 15))]))
    [check] = report.consultations
    assert (check.duration_days, check.state, check.days_left, check.results_state) == (15, "open", 5, "not_due")
    [finding] = only(report, "consultation_too_short")
    assert finding.message == (
        "Đợt lấy ý kiến “Dự thảo qc” từ 01/03/2025 đến 15/03/2025 chỉ 15 ngày, "
        "ngắn hơn 20 ngày tối thiểu theo khoản 2 Điều 28 Luật 10/2022/QH15.")
    assert "  - Dự thảo qc: từ 01/03/2025 đến 15/03/2025 (15 ngày), đang lấy ý kiến, còn 5 ngày; " \
           "chưa đến lúc công bố kết quả." in format_report(report).splitlines()


def test_results_overdue_after_five_working_days_across_hung_kings_day():
    item = consultation("ke-hoach", D(2025, 3, 1), D(2025, 3, 31))
    # Closed Monday 31/03/2025; 07/04/2025 is Giỗ Tổ Hùng Vương, so the 5th working day is 08/04.
    awaiting = compute_compliance(portal(D(2025, 4, 8), consultations=[item]))
    assert (awaiting.consultations[0].results_due_on, awaiting.consultations[0].results_state) == (
        D(2025, 4, 8), "awaiting")
    assert outside_budget(awaiting) == []
    report = compute_compliance(portal(D(2025, 4, 9), consultations=[item]))
    [finding] = only(report, "results_overdue")
    assert (finding.severity, finding.due_on, finding.on) == ("error", D(2025, 4, 8), D(2025, 3, 31))
    assert finding.message == (
        "Đợt lấy ý kiến “Dự thảo ke-hoach” đã kết thúc ngày 31/03/2025 nhưng chưa công bố kết quả tổng hợp ý kiến "
        "và giải trình việc tiếp thu (hạn 08/04/2025, khoản 3 Điều 28, khoản 3 Điều 12 Luật 10/2022/QH15).")
    done = consultation("ke-hoach", D(2025, 3, 1), D(2025, 3, 31), ConsultationResult(
        published_on=D(2025, 4, 4), summary="12 ý kiến.", explanation="Tiếp thu 10 ý kiến."))
    assert compute_compliance(portal(D(2025, 4, 9), consultations=[done])).consultations[0].results_state == "published"


def test_ward_rules_override_and_extend():
    ward = yaml.safe_load((FIXTURES / "rules.yaml").read_text(encoding="utf-8"))
    packaged = load_rules()
    rules = merge_rules(packaged, ward)
    assert packaged["deadlines"]["disclose_working_days"]["value"] == 5  # not changed in place
    assert rules["deadlines"]["disclose_working_days"]["value"] == 3
    assert rules["deadlines"]["consultation_min_days"]["value"] == 20
    assert len(rules["categories"]) == 14
    assert rules["categories"][13]["plain"] == "Các nội dung khác theo quy chế dân chủ của phường."
    assert rules["categories"][13]["name"] == "Nội dung khác"
    six = [p for p in rules["budget"]["schemes"]["scheme_2015"]["execution"] if p["months"] == 6]
    assert six == [{"months": 6, "label": "6 tháng", "days_after_period_end": 20}]
    assert merge_rules({"calendar": {"extra_days_off": [D(2025, 1, 2)]}},
                       {"calendar": {"extra_days_off": [D(2025, 1, 2), D(2025, 1, 3)]}}) == {
        "calendar": {"extra_days_off": [D(2025, 1, 2), D(2025, 1, 3)]}}
    # Mon 09/06 + 3 working days: 10/06 is a declared day off → 11, 12, 13/06.
    item = disclosure("tb-2", decided_on=D(2025, 6, 9), published_on=D(2025, 6, 16), posted_from=D(2025, 6, 16))
    report = compute_compliance(portal(D(2025, 7, 20), [item], ward=ward))
    check = next(c for c in report.disclosures if c.id == "tb-2")
    # Saturday 14/06 is a declared make-up working day, so 16/06 is 2 working days late.
    assert (check.due_on, check.working_days_late, check.deadline_source) == (
        D(2025, 6, 13), 2, "Kế hoạch công khai số 12/KH-UBND của Ủy ban nhân dân phường")
    six_months = next(o for o in report.obligations if o.key == "2025-execution-6")
    assert (six_months.due_on, six_months.state) == (D(2025, 7, 21), "upcoming")


def test_json_and_text_are_deterministic():
    items = [
        disclosure("qd-tet", category=6, decided_on=D(2026, 2, 12), published_on=D(2026, 3, 2)),
        budget("du-toan-2026", "estimate_decided", 2026, decided_on=D(2025, 12, 19), published_on=D(2026, 1, 5),
               posted_from=D(2026, 1, 5), posted_until=D(2026, 2, 5)),
    ]
    cons = [consultation("qc", D(2026, 2, 2), D(2026, 2, 10))]
    first = compute_compliance(portal(D(2026, 4, 30), items, consultations=cons))
    second = compute_compliance(portal(D(2026, 4, 30), list(reversed(items)), consultations=cons))
    data = report_to_json(first)
    assert data == report_to_json(second)
    assert list(data) == sorted(data)
    assert json.dumps(data, ensure_ascii=False, sort_keys=True)  # plain JSON
    assert data["disclosures"][0]["due_on"] == "2026-02-26"
    text = format_report(first)
    assert text == format_report(second)
    assert text.splitlines()[:2] == [
        "BÁO CÁO THỰC HIỆN CÔNG KHAI THÔNG TIN (tính đến ngày 30/04/2026)",
        "Tính đến ngày 30/04/2026: đã công khai 2 thông tin, 1 đúng hạn, 1 trễ hạn; "
        "1 báo cáo ngân sách đã quá hạn mà chưa công khai; 4 vi phạm cần khắc phục.",
    ]
    assert "  - Tình hình thực hiện dự toán ngân sách 3 tháng năm 2026: hạn 15/04/2026, CHƯA CÔNG KHAI." in text


def test_budget_reports_expected_even_without_budget_data():
    report = compute_compliance(portal(D(2025, 4, 16)))
    # Estimate decided by 31/12/2024 at the latest; +30 days is 30/01/2025, in Tết 2025: Monday 03/02.
    assert [(o.key, o.due_on) for o in report.obligations if o.state == "missing"] == [
        ("2025-estimate_decided", D(2025, 2, 3)), ("2025-execution-3", D(2025, 4, 15))]
    assert report.categories[1].sentence == (
        "Mục 2 (Dự toán, quyết toán ngân sách): Chưa có thông tin nào được công khai; "
        "còn 2 báo cáo đã quá hạn mà chưa công khai.")


def test_a_scheme_overrides_package_deadlines_for_its_years():
    ward = {"budget": {"schemes": {"scheme_2026": {"packages": {"estimate_decided": {"days": 20}}}}}}
    items = [budget("du-toan-2026", "estimate_decided", 2026, decided_on=D(2025, 12, 19), published_on=D(2026, 1, 5)),
             budget("du-toan-2025", "estimate_decided", 2025, decided_on=D(2024, 12, 19), published_on=D(2025, 1, 5))]
    checks = {c.id: c for c in compute_compliance(portal(D(2026, 2, 1), items, ward=ward)).disclosures}
    assert checks["du-toan-2026"].due_on == D(2026, 1, 8)  # 19/12/2025 + 20 days
    assert checks["du-toan-2026"].deadline_source == "Luật Ngân sách nhà nước 89/2025/QH15; Thông tư 26/2026/TT-BTC"
    assert checks["du-toan-2025"].due_on == D(2025, 1, 20)  # 19/12/2024 + 30 days = Saturday 18/01 → Monday


def test_estimate_submitted_counts_working_days_from_sending_to_delegates():
    item = budget("du-toan-trinh-2026", "estimate_submitted", 2026, decided_on=D(2025, 12, 5),
                  published_on=D(2025, 12, 15), posted_from=D(2025, 12, 15))
    check = compute_compliance(portal(D(2025, 12, 20), [item])).disclosures[0]
    # Friday 05/12 + 5 working days = Friday 12/12; Monday 15/12 is 1 working day late.
    assert (check.due_on, check.deadline, check.working_days_late) == (D(2025, 12, 12), "5 ngày làm việc", 1)


def test_rule_sources_cite_from_small_to_large() -> None:
    """Vietnamese citations run point, clause, article: "khoản 3 Điều 13", never "Điều 13 khoản 3"."""
    import re

    import yaml

    from tests.conftest import REPO

    def sources(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and isinstance(value, str):
                    yield value
                yield from sources(value)
        elif isinstance(node, list):
            for value in node:
                yield from sources(value)

    found = list(sources(yaml.safe_load((REPO / "generator" / "domain" / "rules.yaml").read_text(encoding="utf-8"))))
    assert len(found) > 20
    wrong = [s for s in found if re.search(r"Điều \d+\w* (khoản|điểm)|khoản \d+ điểm", s)]
    assert not wrong, wrong


def test_category_history_in_one_pass_equals_one_report_per_day():
    """The compliance page's quarterly chart checks each disclosure once (category_history); each
    day's summaries must be exactly those of a full report computed with `today` at that day."""
    doc = Document(id="kh-15", type="ke_hoach", issuer="Ủy ban nhân dân phường Bách Quang",
                   title="Kế hoạch công khai", adopted_on=D(2025, 3, 3), status="adopted")
    items = [
        disclosure("dung-han", decided_on=D(2025, 2, 3), published_on=D(2025, 2, 5)),
        disclosure("tre-han", category=6, decided_on=D(2025, 5, 2), published_on=D(2025, 6, 20)),
        disclosure("theo-van-ban", document="kh-15", published_on=D(2025, 3, 20)),
        disclosure("chua-ro-han", category=4, published_on=D(2025, 8, 1)),
        disclosure("lay-y-kien", category=11, document="du-thao-1", decided_on=D(2025, 9, 1), published_on=D(2025, 9, 2)),
        loud("loa", category=8, decided_on=D(2025, 11, 3), published_on=D(2025, 11, 4)),
        budget("du-toan-2025", "estimate_decided", 2025, decided_on=D(2024, 12, 19), published_on=D(2025, 1, 5)),
        budget("quy-1-2025", "execution", 2025, 3, published_on=D(2025, 4, 30)),
        budget("quy-3-2025", "execution", 2025, 9, published_on=D(2025, 10, 10)),
        disclosure("sau-cung", decided_on=D(2026, 5, 4), published_on=D(2026, 5, 5)),  # after every day asked
    ]
    cons = [consultation("qc-1", D(2025, 2, 10), D(2025, 3, 10)), consultation("qc-2", D(2025, 8, 15), D(2025, 9, 15))]
    today = portal(D(2026, 6, 1), items, [doc], cons, ward={"budget": {"start_year": 2025}})
    days = [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31), D(2026, 3, 31), D(2025, 1, 1)]
    expected = [compute_compliance(dataclasses.replace(today, today=day)).categories for day in days]
    assert category_history(today, days) == expected
    # The fixture does cover what the chart sums: on time, late and missing reports, over the quarters.
    totals = [tuple(sum(getattr(c, k) for c in cats) for k in ("on_time", "late", "missing")) for cats in expected]
    assert len(set(totals)) == len(totals)
    assert totals[0] == (3, 1, 0) and totals[3] == (5, 3, 1) and totals[4] == (5, 3, 4) and totals[5] == (0, 0, 0)
    assert expected[2][3].undetermined == 1  # item 4 without a date to count from
    assert category_history(today, []) == []


def test_category_history_on_the_sample_data_equals_one_report_per_quarter():
    from tests.conftest import REPO

    sample = load_portal(REPO, D(2026, 11, 22))
    days = [D(2025, 3, 31), D(2025, 9, 30), D(2026, 3, 31), D(2026, 9, 30), D(2026, 11, 22)]
    assert category_history(sample, days) == [
        compute_compliance(dataclasses.replace(sample, today=day)).categories for day in days]
