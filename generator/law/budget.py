"""Budget reports: which periods a unit must disclose, by when, and which are missing (Law on State Budget)."""

from __future__ import annotations

import datetime as dt

from ..data.models import Disclosure
from ..data.portal import Portal
from ..domain.rules import rule_value
from ..domain.vocabulary import short_date
from .findings import ERROR, DisclosureCheck, Finding, Obligation
from .workdays import (
    add_calendar_days,
    add_working_days,
    next_working_day,
    period_end,
    relative_date,
)


def budget_rules(rules: dict) -> dict:
    return rules.get("budget") or {}


def _scheme(rules: dict, year: int) -> tuple[str | None, dict]:
    """Return the period scheme that applies to a budget year."""
    schemes = budget_rules(rules).get("schemes") or {}
    best: tuple[str | None, dict] = (None, {})
    for name, scheme in sorted(schemes.items(), key=lambda kv: (kv[1].get("years") or {}).get("from") or 0):
        years = scheme.get("years") or {}
        start, until = years.get("from") or 0, years.get("until")
        if start <= year and (until is None or year <= until):
            return name, scheme
        if best[0] is None or start <= year:
            best = (name, scheme)
    return best


def _period_rule(rules: dict, year: int, months: int) -> tuple[str | None, dict]:
    name, scheme = _scheme(rules, year)
    for period in scheme.get("execution") or []:
        if period.get("months") == months:
            return name, period
    return name, {}


def _package(rules: dict, kind: str, year: int) -> dict:
    """Return one budget package's rule for a budget year, the year's scheme overriding the default."""
    package = dict((budget_rules(rules).get("packages") or {}).get(kind) or {})
    package.update((_scheme(rules, year)[1].get("packages") or {}).get(kind) or {})
    return package


def _budget_label(rules: dict, kind: str, year: int, months: int | None) -> str:
    package = _package(rules, kind, year)
    label = package.get("label", kind)
    if kind == "execution":
        period_label = _period_rule(rules, year, months or 12)[1].get("label", f"{months} tháng")
        return f"{label} {period_label} {year}" if period_label == "năm" else f"{label} {period_label} năm {year}"
    return f"{label} năm {year}"


def budget_source(rules: dict, year: int) -> str:
    """Cite the budget law and circular that apply to a budget year."""
    return _scheme(rules, year)[1].get("source") or budget_rules(rules).get("source", "")


def budget_due(rules: dict, kind: str, year: int, months: int | None, trigger: dt.date | None):
    """Return (trigger, due, rule in words) for one budget package; trigger None if unknown."""
    cal = rules.get("calendar")
    package = _package(rules, kind, year)
    if kind == "execution":
        period = _period_rule(rules, year, months or 12)[1]
        if "days_after_period_end" in period:
            end = period_end(year, months or 12)
            days = int(period["days_after_period_end"])
            return end, add_calendar_days(end, days, rules), f"{days} ngày sau khi kết thúc kỳ báo cáo"
        if trigger is None:
            return None, None, "khi trình Hội đồng nhân dân"
        return trigger, next_working_day(trigger, cal), "khi trình Hội đồng nhân dân"
    if trigger is None:
        return None, None, ""
    if "days" in package:
        days = int(package["days"])
        return trigger, add_calendar_days(trigger, days, rules), f"{days} ngày"
    n = int(package.get("working_days", rule_value(rules, "disclose_working_days", 5)))
    return trigger, add_working_days(trigger, n, cal), f"{n} ngày làm việc"


def _expected_due(rules: dict, kind: str, year: int, months: int | None) -> dt.date | None:
    """Return when an unpublished recurring report becomes overdue."""
    package = _package(rules, kind, year)
    spec = package.get("expected_by")
    if kind == "execution":
        period = _period_rule(rules, year, months or 12)[1]
        if "days_after_period_end" in period:
            return budget_due(rules, kind, year, months, None)[1]
        spec = period.get("expected_by")
    if not spec:
        return None
    return budget_due(rules, kind, year, months, relative_date(year, spec))[1]



def _budget_years(portal: Portal, published: list[Disclosure]) -> range:
    start = budget_rules(portal.rules).get("start_year")
    if start is None:
        # Final accounts of year Y are a duty of year Y+1: they do not make year Y a checked year.
        years = [d.period.year + (d.period.kind == "final_accounts") for d in published if d.category == 2 and d.period]
        years = years or [d.published_on.year for d in published]
        start = min(years) if years else portal.today.year
    if portal.site.started_on is not None:
        # A site launched mid-way does not owe reports of the years before it existed.
        start = max(int(start), portal.site.started_on.year)
    return range(int(start), portal.today.year + 1)


def _before_launch(portal: Portal, due: dt.date) -> bool:
    """Say whether a report fell due before the site's launch date (site.yaml `started_on`): such a
    report is not an obligation of the site, so it is neither missing nor upcoming."""
    return portal.site.started_on is not None and due < portal.site.started_on


def budget_obligations(portal: Portal, published: list[Disclosure], checks: dict[str, DisclosureCheck],
                 findings: list[Finding]) -> list[Obligation]:
    rules = portal.rules
    packages = budget_rules(rules).get("packages") or {}
    wanted: list[tuple[str, int, int | None]] = []
    for year in _budget_years(portal, published):
        for kind, package in packages.items():
            if not package.get("recurring"):
                continue
            if kind == "execution":
                periods = _scheme(rules, year)[1].get("execution") or []
                wanted.extend((kind, year, int(p["months"])) for p in periods)
            elif package.get("concerns") == "previous_year":
                wanted.append((kind, year - 1, None))
            else:
                wanted.append((kind, year, None))
    found: dict[tuple[str, int, int | None], Disclosure] = {}
    for d in sorted(published, key=lambda d: (d.published_on, d.id)):
        if d.category == 2 and d.period:
            months = (d.period.months or 12) if d.period.kind == "execution" else None
            found.setdefault((d.period.kind, d.period.year, months), d)
    result = []
    for kind, year, months in wanted:
        key = f"{year}-{kind}" + (f"-{months}" if months else "")
        label = _budget_label(rules, kind, year, months)
        disclosure = found.get((kind, year, months))
        if disclosure is not None:
            check = checks[disclosure.id]
            due = check.due_on or _expected_due(rules, kind, year, months)
            state, on_time, ident = "published", check.on_time, disclosure.id
        else:
            due = _expected_due(rules, kind, year, months)
            if due is None or _before_launch(portal, due):
                continue
            state, on_time, ident = ("missing" if due < portal.today else "upcoming"), None, None
        if due is None:
            continue
        if state == "missing":
            findings.append(Finding(
                "missing", ERROR,
                f"Chưa công khai {label[0].lower() + label[1:]}; hạn công khai là {short_date(due)} "
                f"({budget_source(rules, year)}).",
                "budget", key, 2, due, None))
        result.append(Obligation(key, kind, year, months, label, _scheme(rules, year)[0], due, state, ident, on_time))
    return sorted(result, key=lambda o: (o.due_on, o.key))
