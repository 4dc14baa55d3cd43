"""Check one disclosure: on time, posted long enough, broadcast and passed to village heads (Arts. 12–13)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..data.models import Disclosure
from ..data.portal import Portal
from ..domain.rules import deadline, rule_source, rule_value
from ..domain.vocabulary import short_date
from .budget import budget_due, budget_source
from .findings import ERROR, INFO, WARNING, DisclosureCheck, Finding
from .workdays import (
    add_working_days,
    consecutive_days,
    working_days_between,
)


def _trigger(disclosure: Disclosure, portal: Portal) -> dt.date | None:
    """Return the date the disclosure's clock starts: its decision, else its document's adoption."""
    if disclosure.decided_on:
        return disclosure.decided_on
    document = portal.documents.get(disclosure.document or "")
    if document and document.adopted_on:
        return document.adopted_on
    if disclosure.external_document and disclosure.external_document.date:
        return disclosure.external_document.date
    return None


def categories_by_number(rules: dict) -> dict[int, dict]:
    return {int(c["number"]): c for c in rules.get("categories") or []}


def check_disclosure(disclosure: Disclosure, portal: Portal, findings: list[Finding]) -> DisclosureCheck:
    rules, cal = portal.rules, portal.rules.get("calendar")
    category = categories_by_number(rules).get(disclosure.category, {})
    decided = _trigger(disclosure, portal)
    period = disclosure.period if disclosure.category == 2 else None
    if period is not None:
        trigger, due, rule = budget_due(rules, period.kind, period.year, period.months, decided)
        source = budget_source(rules, period.year)
    else:
        n = int(rule_value(rules, "disclose_working_days", 5))
        trigger, rule, source = decided, f"{n} ngày làm việc", rule_source(rules, "disclose_working_days")
        due = add_working_days(decided, n, cal) if decided else None
    on_time, late_by = None, 0
    add = findings.append
    title = f"Thông tin “{disclosure.title}”"
    if due is None:
        add(Finding("no_deadline", INFO, f"{title} chưa ghi ngày ban hành văn bản nên chưa tính được hạn công khai.",
                    "disclosure", disclosure.id, disclosure.category, None, disclosure.published_on))
    else:
        on_time = disclosure.published_on <= due
        if not on_time:
            late_by = max(1, working_days_between(due, disclosure.published_on, cal))
            add(Finding("late", ERROR,
                        f"{title} đăng ngày {short_date(disclosure.published_on)}, trễ {late_by} ngày làm việc "
                        f"so với hạn {short_date(due)} ({rule}, {source}).",
                        "disclosure", disclosure.id, disclosure.category, due, disclosure.published_on))
    required, posted_days, posting_ok = _check_posting(disclosure, category, portal.rules, findings)
    loud_required = bool(category.get("loudspeaker"))
    loud_ok, broadcast_days, broadcast_ok, heads_ok = _check_loudspeaker(disclosure, loud_required, rules, findings)
    return DisclosureCheck(
        disclosure.id, disclosure.category, disclosure.title, disclosure.published_on, trigger, due, rule, source,
        on_time, late_by, disclosure.posted_from, disclosure.posted_until, posted_days, required, posting_ok,
        loud_required, loud_ok, disclosure.broadcast_from, disclosure.broadcast_until, broadcast_days, broadcast_ok,
        heads_ok,
    )


@dataclass(frozen=True)
class _Period:
    """A form of disclosure kept up for consecutive days: how it is worded and the rule on its length."""

    verb: str  # "{title} niêm yết từ … đến …"
    rule: str  # deadlines key of the minimum number of consecutive days
    default: int
    too_short: str  # finding kind


POSTING = _Period("niêm yết", "notice_board_days_group_a", 30, "posting_too_short")
BROADCAST = _Period("thông báo trên hệ thống loa", "loudspeaker_days", 3, "broadcast_too_short")


def _long_enough(period: _Period, disclosure: Disclosure, start: dt.date, until: dt.date, rules: dict,
                 findings: list[Finding]) -> bool:
    """Tell whether a recorded period lasts the minimum consecutive days; record a finding if not."""
    days = consecutive_days(start, until)
    minimum = int(rule_value(rules, period.rule, period.default))
    if days is not None and days < minimum:
        findings.append(Finding(
            period.too_short, ERROR,
            f"Thông tin “{disclosure.title}” {period.verb} từ {short_date(start)} đến {short_date(until)} "
            f"({days} ngày), ít hơn {minimum} ngày liên tục theo {rule_source(rules, period.rule)}.",
            "disclosure", disclosure.id, disclosure.category, None, start))
        return False
    return True


def _check_posting(disclosure: Disclosure, category: dict, rules: dict, findings: list[Finding]):
    """Return (requirement, consecutive days, met?) for the notice-board posting."""
    group = category.get("group")
    required = {"A": "30_days", "B": "permanent"}.get(group)
    start, until = disclosure.posted_from, disclosure.posted_until
    days = consecutive_days(start, until)
    source = rule_source(rules, "notice_board_days_group_a")
    title = f"Thông tin “{disclosure.title}”"

    def add(kind: str, severity: str, message: str) -> None:
        findings.append(Finding(kind, severity, message, "disclosure", disclosure.id, disclosure.category,
                                None, start or disclosure.published_on))

    if required is None:
        return None, days, None
    if start is None:
        add("posting_not_recorded", WARNING,
            f"{title} chưa ghi ngày niêm yết tại trụ sở (posted_from); mục {disclosure.category} phải niêm yết "
            + ("ít nhất {} ngày liên tục".format(rule_value(rules, "notice_board_days_group_a", 30)) if required == "30_days"
               else "thường xuyên") + f" ({source}).")
        return required, None, None
    if required == "permanent":
        if until is not None:
            add("posting_not_permanent", ERROR,
                f"{title} thuộc mục {disclosure.category} phải niêm yết thường xuyên ({source}) "
                f"nhưng ghi ngày kết thúc niêm yết {short_date(until)}.")
            return required, days, False
        return required, None, True
    if days is None:
        return required, None, True
    return required, days, _long_enough(POSTING, disclosure, start, until, rules, findings)


def _check_loudspeaker(disclosure: Disclosure, required: bool, rules: dict, findings: list[Finding]):
    """Return (loudspeaker listed?, broadcast days, broadcast long enough?, village heads listed?) for items 7–12."""
    start, until = disclosure.broadcast_from, disclosure.broadcast_until
    days = consecutive_days(start, until)
    if not required:
        return None, days, None, None
    title = f"Thông tin “{disclosure.title}”"
    minimum, source = deadline(rules, "loudspeaker_days", 3)

    def add(kind: str, message: str) -> None:
        findings.append(Finding(kind, WARNING, message, "disclosure", disclosure.id, disclosure.category,
                                None, start or disclosure.published_on))

    listed, broadcast_ok = "loudspeaker" in disclosure.forms, None
    if not listed:
        add("loudspeaker_missing",
            f"{title} thuộc mục {disclosure.category} nên phải thông báo trên hệ thống loa ít nhất {minimum} ngày "
            f"liên tục ({source}); chưa ghi hình thức “Thông báo trên hệ thống loa”.")
    elif days is None:
        add("broadcast_not_recorded",
            f"{title} chưa ghi thời gian thông báo trên hệ thống loa (ngày bắt đầu, ngày kết thúc); "
            f"mục {disclosure.category} phải thông báo trên hệ thống loa ít nhất {minimum} ngày liên tục ({source}).")
    else:
        broadcast_ok = _long_enough(BROADCAST, disclosure, start, until, rules, findings)
    heads_ok = None
    heads_required, heads_source = deadline(rules, "village_heads", True)
    if heads_required:
        heads_ok = "village_heads" in disclosure.forms
        if not heads_ok:
            add("village_heads_missing",
                f"{title} thuộc mục {disclosure.category} nên phải thông báo đến trưởng thôn, tổ trưởng tổ dân phố "
                f"({heads_source}); chưa ghi hình thức “Thông qua tổ trưởng tổ dân phố, trưởng thôn”.")
    return listed, days, broadcast_ok, heads_ok
