"""Render the accountability pages: compliance status and consultations (pure, like pages.py)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from .. import paths
from ..data.portal import Portal
from ..law.compliance import category_history, compute_compliance
from ..law.findings import ComplianceReport
from .charts import Series, bar_chart
from .labels import document_label

QUARTERS_SHOWN = 8
FINDINGS_SHOWN = 20  # findings of each kind on the compliance page itself; all of them on their own pages
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def render_accountability_pages(portal: Portal, render, paged, feeds: list | None = None,
                                report: ComplianceReport | None = None) -> dict[str, str]:
    """Render the compliance page and the consultation pages with the shared page renderer.

    The compliance page shows the first FINDINGS_SHOWN findings of each kind, so it does not grow
    with the unit's size; when there are more, each kind gets its own list, split like every list.
    """
    if report is None:
        report = compute_compliance(portal)
    consultations = {check.id: check for check in report.consultations}
    serious = [f for f in report.findings if f.severity == "error"]
    notes = [f for f in report.findings if f.severity != "error"]
    pages = {paths.COMPLIANCE: render("compliance.md.j2", paths.COMPLIANCE, portal, report=report, label=document_label, history=compliance_history(portal),
                                      serious=serious, notes=notes, shown=FINDINGS_SHOWN)}
    for first, title, findings in ((paths.COMPLIANCE_ERRORS, "Cần khắc phục", serious), (paths.COMPLIANCE_NOTES, "Lưu ý", notes)):
        if len(findings) > FINDINGS_SHOWN:
            pages.update(paged("findings.md.j2", first, portal, "findings", findings, title=title, today=report.today))
    pages[paths.CONSULTATIONS] = render("consultations.md.j2", paths.CONSULTATIONS, portal, checks=consultations, label=document_label, feeds=feeds or [])
    for item in portal.consultations.values():
        page = paths.consultation_page(item.id)
        pages[page] = render("consultation.md.j2", page, portal, item=item, check=consultations[item.id], draft=portal.documents[item.draft], label=document_label)
    return pages


def _quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Return the last day of every quarter that ended between first and last."""
    ends = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        if end >= last:
            return ends
        ends.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def compliance_history(portal: Portal) -> Markup | None:
    """Draw on time / late / missing at the end of each past quarter, as the site stood then.
    None while the data covers fewer than two whole quarters."""
    if not portal.disclosures:
        return None
    first = min(d.published_on for d in portal.disclosures.values())
    ends = _quarter_ends(first, portal.today)[-QUARTERS_SHOWN:]
    if len(ends) < 2:
        return None
    rows = []
    for end, cats in zip(ends, category_history(portal, ends)):
        rows.append((f"Quý {ROMAN[(end.month - 1) // 3 + 1]} năm {end.year}",
                     sum(c.on_time for c in cats), sum(c.late for c in cats), sum(c.missing for c in cats)))
    series = [Series(name, tuple(float(r[i]) for r in rows)) for i, name in ((1, "Đúng hạn"), (2, "Trễ hạn"), (3, "Còn thiếu"))]
    return bar_chart("tinh-hinh-theo-quy", "Tình hình công khai cuối mỗi quý", [r[0] for r in rows], series, "số thông tin")
