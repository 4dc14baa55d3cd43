"""iCalendar (.ics, RFC 5545) feeds: consultations, and the public deadlines still ahead (pure).

Events are all-day (DATE values: a day in Vietnam, which has one time zone and no daylight saving);
the closing day is included, so DTEND is the day after. DTSTAMP comes from the data, not the clock,
so two builds of the same data give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from .. import paths
from ..data.portal import Portal
from ..domain.vocabulary import vietnamese_date
from ..law.budget import budget_source
from ..law.compliance import compute_compliance
from ..law.findings import ComplianceReport
from .labels import UNIT_TYPES
from .lastmod import consultation_date

TIME_ZONE = "Asia/Ho_Chi_Minh"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _day(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(value: dt.date) -> str:
    """00:00 in Vietnam on a day, written in UTC as DTSTAMP requires."""
    moment = dt.datetime(value.year, value.month, value.day) - dt.timedelta(hours=7)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _calendar(portal: Portal, name: str, description: str, events: list[list[tuple[str, str]]]) -> str:
    unit = f"{UNIT_TYPES[portal.site.unit_type]} {portal.site.name}"
    lines = [("BEGIN", "VCALENDAR"), ("VERSION", "2.0"), ("PRODID", "-//congkhai//lich//VI"), ("CALSCALE", "GREGORIAN"),
             ("METHOD", "PUBLISH"), ("X-WR-CALNAME", escape_text(f"{name} — {unit}")), ("X-WR-CALDESC", escape_text(description)),
             ("X-WR-TIMEZONE", TIME_ZONE), ("REFRESH-INTERVAL;VALUE=DURATION", "P1D"), ("X-PUBLISHED-TTL", "P1D")]
    for event in events:
        lines += [("BEGIN", "VEVENT"), *event, ("END", "VEVENT")]
    lines.append(("END", "VCALENDAR"))
    return "".join(fold(f"{key}:{value}") + "\r\n" for key, value in lines)


def _uid(portal: Portal, kind: str, ident: str) -> str:
    host = urlsplit(portal.site.base_url).hostname or "localhost"
    return f"{kind}-{ident}@{host}"


def consultations_calendar(portal: Portal) -> str:
    """One all-day event per consultation, from opening to closing day, with how to send comments."""
    events = []
    for item in sorted(portal.consultations.values(), key=lambda c: (c.opens_on, c.id)):
        url = paths.absolute_url(portal.site.base_url, paths.consultation_page(item.id))
        ways = [f"thư điện tử {item.email}" if item.email else None, f"gửi trực tiếp tại {item.address}" if item.address else None,
                f"điện thoại {item.phone}" if item.phone else None, f"hội nghị: {item.meeting}" if item.meeting else None]
        ways = [w for w in ways if w]
        how = ("Cách gửi ý kiến: " + "; ".join(ways).rstrip(".") + ".") if ways else "Cách gửi ý kiến: xem trang lấy ý kiến."
        text = f"Lấy ý kiến Nhân dân từ {vietnamese_date(item.opens_on)} đến hết {vietnamese_date(item.closes_on)}.\n{how}\n{url}"
        events.append([
            ("UID", _uid(portal, "lay-y-kien", item.id)), ("DTSTAMP", _stamp(consultation_date(item, portal.today))),
            ("DTSTART;VALUE=DATE", _day(item.opens_on)), ("DTEND;VALUE=DATE", _day(item.closes_on + dt.timedelta(days=1))),
            ("SUMMARY", escape_text(f"Lấy ý kiến: {item.title}")), ("DESCRIPTION", escape_text(text)), ("URL", url),
            ("TRANSP", "TRANSPARENT"),
        ])
    return _calendar(portal, "Lấy ý kiến Nhân dân", "Các đợt lấy ý kiến Nhân dân về dự thảo, từ ngày bắt đầu đến ngày kết thúc.", events)


def deadlines_calendar(portal: Portal, report: ComplianceReport | None = None) -> str:
    """One all-day event per public deadline still ahead: budget reports due, consultation results due."""
    if report is None:
        report = compute_compliance(portal)
    page = paths.absolute_url(portal.site.base_url, paths.COMPLIANCE)
    events = []
    for ob in report.obligations:
        if ob.state != "upcoming":
            continue
        text = f"Hạn công khai {ob.label[0].lower() + ob.label[1:]}: {vietnamese_date(ob.due_on)} ({budget_source(portal.rules, ob.year)}).\n{page}"
        events.append((ob.due_on, [
            ("UID", _uid(portal, "han", ob.key)), ("DTSTAMP", _stamp(portal.today)),
            ("DTSTART;VALUE=DATE", _day(ob.due_on)), ("DTEND;VALUE=DATE", _day(ob.due_on + dt.timedelta(days=1))),
            ("SUMMARY", escape_text(f"Hạn công khai: {ob.label}")), ("DESCRIPTION", escape_text(text)), ("URL", page), ("TRANSP", "TRANSPARENT"),
        ]))
    for check in report.consultations:
        if check.results_state not in ("not_due", "awaiting"):
            continue
        url = paths.absolute_url(portal.site.base_url, paths.consultation_page(check.id))
        text = f"Hạn công bố kết quả tổng hợp ý kiến về “{check.title}”: {vietnamese_date(check.results_due_on)}.\n{url}"
        events.append((check.results_due_on, [
            ("UID", _uid(portal, "ket-qua", check.id)), ("DTSTAMP", _stamp(portal.today)),
            ("DTSTART;VALUE=DATE", _day(check.results_due_on)), ("DTEND;VALUE=DATE", _day(check.results_due_on + dt.timedelta(days=1))),
            ("SUMMARY", escape_text(f"Hạn công bố kết quả lấy ý kiến: {check.title}")), ("DESCRIPTION", escape_text(text)), ("URL", url), ("TRANSP", "TRANSPARENT"),
        ]))
    events.sort(key=lambda pair: (pair[0], pair[1][0][1]))
    return _calendar(portal, "Hạn công khai sắp tới", "Các hạn công khai theo luật còn ở phía trước: báo cáo ngân sách, kết quả lấy ý kiến.", [e for _, e in events])


def render_calendars(portal: Portal, report: ComplianceReport | None = None) -> dict[str, str]:
    """Render both calendars: {site path: text}."""
    return {paths.CONSULTATIONS_CALENDAR: consultations_calendar(portal), paths.DEADLINES_CALENDAR: deadlines_calendar(portal, report)}
