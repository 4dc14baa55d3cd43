"""Check one consultation: long enough, and its results published in time (Art. 28)."""

from __future__ import annotations

import datetime as dt

from ..data.models import Consultation
from ..data.portal import Portal
from ..domain.rules import rule_source, rule_value
from ..domain.vocabulary import short_date
from .findings import ERROR, WARNING, ConsultationCheck, Finding
from .workdays import add_working_days, working_days_between


def check_consultation(item: Consultation, portal: Portal, findings: list[Finding]) -> ConsultationCheck:
    rules, today = portal.rules, portal.today
    minimum = int(rule_value(rules, "consultation_min_days", 20))
    duration = (item.closes_on - item.opens_on).days + 1
    state = "upcoming" if today < item.opens_on else "open" if today <= item.closes_on else "closed"
    n = int(rule_value(rules, "consultation_results_working_days", 5))
    results_due = add_working_days(item.closes_on, n, rules.get("calendar"))
    title = f"Đợt lấy ý kiến “{item.title}”"

    def add(kind: str, severity: str, message: str, due: dt.date | None, on: dt.date) -> None:
        findings.append(Finding(kind, severity, message, "consultation", item.id, 11, due, on))

    if duration < minimum:
        add("consultation_too_short", ERROR,
            f"{title} từ {short_date(item.opens_on)} đến {short_date(item.closes_on)} chỉ {duration} ngày, "
            f"ngắn hơn {minimum} ngày tối thiểu theo {rule_source(rules, 'consultation_min_days')}.",
            None, item.opens_on)
    published = item.results.published_on if item.results and item.results.published_on <= today else None
    if published is not None:
        results_state = "published" if published <= results_due else "published_late"
        if results_state == "published_late":
            late = max(1, working_days_between(results_due, published, rules.get("calendar")))
            add("results_late", WARNING,
                f"{title}: kết quả tổng hợp ý kiến công bố ngày {short_date(published)}, trễ {late} ngày làm việc "
                f"so với hạn {short_date(results_due)} ({n} ngày làm việc sau khi kết thúc, "
                f"{rule_source(rules, 'consultation_results_working_days')}).", results_due, published)
    elif state != "closed":
        results_state = "not_due"
    elif today <= results_due:
        results_state = "awaiting"
    else:
        results_state = "overdue"
        add("results_overdue", ERROR,
            f"{title} đã kết thúc ngày {short_date(item.closes_on)} nhưng chưa công bố kết quả tổng hợp ý kiến "
            f"và giải trình việc tiếp thu (hạn {short_date(results_due)}, "
            f"{rule_source(rules, 'consultation_results_working_days')}).", results_due, item.closes_on)
    days_left = (item.closes_on - today).days if state == "open" else None
    return ConsultationCheck(item.id, item.title, item.opens_on, item.closes_on, duration, minimum, state, days_left,
                             results_due, published, results_state)
