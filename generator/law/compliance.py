"""Compute whether a ward disclosed what it had to, on time: a pure report from the Portal and its rules.

Everything depends on `portal.today` and `portal.rules` only, never on the real clock, so the same
data and date always give the same report (the page, the JSON and the terminal text agree).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..data.portal import Portal
from ..domain.vocabulary import short_date
from .budget import budget_obligations
from .consultations import check_consultation
from .disclosures import categories_by_number, check_disclosure
from .findings import (
    ERROR,
    SEVERITY_RANK,
    CategorySummary,
    ComplianceReport,
    DisclosureCheck,
    Finding,
    Obligation,
)


CONSULTATION_ITEM = 11  # Art. 11(11): the consultation itself is what is disclosed


def _category_summary(number: int, category: dict, checks: list[DisclosureCheck],
                      obligations: list[Obligation], consultations: int = 0) -> CategorySummary:
    """Summarise one item; for item 11, each opened consultation counts as disclosed by itself."""
    own = [c for c in checks if c.category == number]
    if number != CONSULTATION_ITEM:
        consultations = 0
    on_time = sum(1 for c in own if c.on_time is True) + consultations
    late = sum(1 for c in own if c.on_time is False)
    undetermined = sum(1 for c in own if c.on_time is None)
    missing = sum(1 for o in obligations if o.state == "missing") if number == 2 else 0
    upcoming = sum(1 for o in obligations if o.state == "upcoming") if number == 2 else 0
    name = category.get("name", "")
    if not own and not consultations:
        sentence = "Chưa có thông tin nào được công khai"
    else:
        parts = [f"{count} {label}" for count, label in
                 ((on_time, "đúng hạn"), (late, "trễ hạn"), (undetermined, "chưa xác định được hạn")) if count]
        if on_time == len(own) + consultations:
            parts = ["tất cả đúng hạn"]
        talks = f" (gồm {consultations} đợt lấy ý kiến)" if consultations else ""
        sentence = f"Đã công khai {len(own) + consultations} thông tin{talks}, " + ", ".join(parts)
    if missing:
        sentence += f"; còn {missing} báo cáo đã quá hạn mà chưa công khai"
    sentence = f"Mục {number} ({name}): {sentence}."
    return CategorySummary(number, name, str(category.get("group", "")), len(own) + consultations, on_time, late, undetermined,
                           missing, upcoming, sentence)


def compute_compliance(portal: Portal) -> ComplianceReport:
    """Check every published disclosure, recurring budget report and consultation against the rules."""
    findings: list[Finding] = []
    published = [d for d in portal.disclosures.values() if d.published_on <= portal.today]
    checks = {d.id: check_disclosure(d, portal, findings) for d in published}
    obligations = budget_obligations(portal, published, checks, findings)
    consultations = [check_consultation(c, portal, findings)
                     for c in sorted(portal.consultations.values(), key=lambda c: (c.opens_on, c.id))]
    ordered = sorted(checks.values(), key=lambda c: (-c.published_on.toordinal(), c.id))
    opened = _consultations_disclosed_by_themselves(portal, published)
    categories = [_category_summary(n, c, ordered, obligations, opened)
                  for n, c in sorted(categories_by_number(portal.rules).items())]
    findings.sort(key=lambda f: (SEVERITY_RANK.get(f.severity, 9), f.due_on or f.on or dt.date.min,
                                 f.subject, f.subject_id, f.kind))
    return ComplianceReport(portal.today, _overall(portal.today, ordered, obligations, findings), ordered,
                            obligations, categories, consultations, findings)


def category_history(portal: Portal, days: list[dt.date]) -> list[list[CategorySummary]]:
    """Return, for each day, the category summaries compute_compliance gives with `today` at that day.

    One pass over the disclosures instead of one per day: a disclosure's check depends on its own
    data, its document and the rules, never on `today`, so each is checked once; per day only the
    budget obligations (which do depend on it) and the sums over what was published by then remain.
    """
    last = max(days, default=dt.date.min)
    every_check = {d.id: check_disclosure(d, portal, []) for d in portal.disclosures.values() if d.published_on <= last}
    newest_first = sorted(every_check.values(), key=lambda c: (-c.published_on.toordinal(), c.id))
    numbered = sorted(categories_by_number(portal.rules).items())
    history = []
    for day in days:
        then = dataclasses.replace(portal, today=day)
        published = [d for d in portal.disclosures.values() if d.published_on <= day]
        obligations = budget_obligations(then, published, {d.id: every_check[d.id] for d in published}, [])
        ordered = [c for c in newest_first if c.published_on <= day]
        opened = _consultations_disclosed_by_themselves(then, published)
        history.append([_category_summary(n, c, ordered, obligations, opened) for n, c in numbered])
    return history


def _consultations_disclosed_by_themselves(portal: Portal, published: list) -> int:
    """Count the consultations opened by today that no item-11 disclosure already covers (same draft)."""
    covered = {d.document for d in published if d.category == CONSULTATION_ITEM and d.document}
    return sum(1 for c in portal.consultations.values() if c.opens_on <= portal.today and c.draft not in covered)


def _overall(today: dt.date, checks: list[DisclosureCheck], obligations: list[Obligation],
             findings: list[Finding]) -> str:
    late = sum(1 for c in checks if c.on_time is False)
    on_time = sum(1 for c in checks if c.on_time is True)
    missing = sum(1 for o in obligations if o.state == "missing")
    errors = sum(1 for f in findings if f.severity == ERROR)
    text = (f"Tính đến ngày {short_date(today)}: đã công khai {len(checks)} thông tin, {on_time} đúng hạn, "
            f"{late} trễ hạn; {missing} báo cáo ngân sách đã quá hạn mà chưa công khai")
    return text + (f"; {errors} vi phạm cần khắc phục." if errors else "; không có vi phạm.")
