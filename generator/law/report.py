"""Write a compliance report as JSON or as terminal text."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from ..domain.vocabulary import short_date
from .findings import LAW, SEVERITY_LABEL, ComplianceReport


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _jsonable(getattr(value, f.name)) for f in sorted(fields(value), key=lambda f: f.name)}
    return value


def report_to_json(report: ComplianceReport) -> dict:
    """Return the report as plain JSON data: ISO dates, keys sorted, lists in report order."""
    return _jsonable(report)  # type: ignore[return-value]


_OBLIGATION_STATE = {"published": "đã công khai", "missing": "CHƯA CÔNG KHAI", "upcoming": "chưa đến hạn"}
_RESULTS_STATE = {
    "not_due": "chưa đến lúc công bố kết quả", "awaiting": "đang tổng hợp kết quả",
    "overdue": "CHƯA CÔNG BỐ KẾT QUẢ (quá hạn)", "published": "đã công bố kết quả",
    "published_late": "đã công bố kết quả (trễ hạn)",
}


def format_report(report: ComplianceReport) -> str:
    """Write the report as Vietnamese text for the terminal."""
    lines = [f"BÁO CÁO THỰC HIỆN CÔNG KHAI THÔNG TIN (tính đến ngày {short_date(report.today)})", report.summary, "",
             f"Theo 14 mục của Điều 11 {LAW}:"]
    lines += [f"  {c.sentence}" for c in report.categories]
    if report.obligations:
        lines += ["", "Báo cáo ngân sách định kỳ:"]
        for o in report.obligations:
            timing = "" if o.on_time is None else (", đúng hạn" if o.on_time else ", trễ hạn")
            lines.append(f"  - {o.label}: hạn {short_date(o.due_on)}, {_OBLIGATION_STATE[o.state]}{timing}.")
    if report.consultations:
        lines += ["", "Lấy ý kiến Nhân dân:"]
        for c in report.consultations:
            left = "hôm nay là ngày cuối" if c.days_left == 0 else f"còn {c.days_left} ngày"
            when = {"upcoming": "chưa bắt đầu", "closed": "đã kết thúc", "open": f"đang lấy ý kiến, {left}"}[c.state]
            lines.append(f"  - {c.title}: từ {short_date(c.opens_on)} đến {short_date(c.closes_on)} "
                         f"({c.duration_days} ngày), {when}; {_RESULTS_STATE[c.results_state]}.")
    lines += [""]
    if report.findings:
        lines.append(f"Các vấn đề cần xem ({len(report.findings)}):")
        lines += [f"  [{SEVERITY_LABEL[f.severity]}] {f.message}" for f in report.findings]
    else:
        lines.append("Không có vấn đề nào cần xem.")
    return "\n".join(lines) + "\n"
