"""Working-day arithmetic for Vietnamese deadlines: weekends, public holidays, Tết and swapped days.

Public holidays (incl. the lunar Tết days and the swaps the government announced and the `holidays`
library knows) come from `holidays.country_holidays("VN")`. The rules' `calendar` section adds what
the library may lack: `extra_days_off` (days the government gave off) and `makeup_working_days`
(ngày làm bù: Saturdays or Sundays declared working days).
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import holidays

from ..domain.rules import rule_value

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=None)
def _library_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """Return the library's public holidays and weekend working days for one year."""
    calendar = holidays.country_holidays("VN", years=year)
    days_off = frozenset(calendar.keys())
    weekend_workdays = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return days_off, weekend_workdays


def _as_date(entry: object) -> dt.date:
    """Read one calendar entry: a date, an ISO string, or a mapping with a `date` key."""
    if isinstance(entry, dict):
        entry = entry.get("date")
    if isinstance(entry, dt.datetime):
        return entry.date()
    if isinstance(entry, dt.date):
        return entry
    if isinstance(entry, str):
        return dt.date.fromisoformat(entry.strip())
    raise ValueError(f"not a date: {entry!r}")


def _calendar_section(calendar_rules: dict | None) -> dict:
    """Accept either the `calendar` section or a whole rules dict that contains one."""
    if not calendar_rules:
        return {}
    if "calendar" in calendar_rules and isinstance(calendar_rules["calendar"], dict):
        return calendar_rules["calendar"]
    return calendar_rules


@lru_cache(maxsize=64)
def _declared(entries: tuple) -> frozenset[dt.date]:
    return frozenset(_as_date(entry) for entry in entries)


def _declared_days(calendar_rules: dict | None, key: str) -> frozenset[dt.date]:
    """Return the declared dates under one calendar key."""
    entries = _calendar_section(calendar_rules).get(key) or []
    try:
        return _declared(tuple(entries))
    except TypeError:  # unhashable entries (mappings): read them without the cache
        return frozenset(_as_date(entry) for entry in entries)


def is_working_day(d: dt.date, calendar_rules: dict | None = None) -> bool:
    """Tell whether a public body works on this day."""
    if d in _declared_days(calendar_rules, "makeup_working_days"):
        return True
    if d in _declared_days(calendar_rules, "extra_days_off"):
        return False
    days_off, weekend_workdays = _library_year(d.year)
    if d.weekday() >= 5:
        return d in weekend_workdays
    return d not in days_off


def add_working_days(start: dt.date, n: int, calendar_rules: dict | None = None) -> dt.date:
    """Return the n-th working day after start (start itself not counted; n=0 returns start)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += ONE_DAY
        if is_working_day(day, calendar_rules):
            n -= 1
    return day


def next_working_day(d: dt.date, calendar_rules: dict | None = None) -> dt.date:
    """Return d if it is a working day, else the first working day after it."""
    while not is_working_day(d, calendar_rules):
        d += ONE_DAY
    return d


def working_days_between(a: dt.date, b: dt.date, calendar_rules: dict | None = None) -> int:
    """Count the working days after a up to and including b (negative when b is before a)."""
    if b == a:
        return 0
    if b < a:
        return -working_days_between(b, a, calendar_rules)
    count = 0
    day = a
    while day < b:
        day += ONE_DAY
        if is_working_day(day, calendar_rules):
            count += 1
    return count


def add_calendar_days(start: dt.date, days: int, rules: dict) -> dt.date:
    """Add calendar days; a last day on a day off moves to the next working day (Civil Code)."""
    due = start + dt.timedelta(days=days)
    return next_working_day(due, rules.get("calendar")) if rule_value(rules, "roll_to_working_day", True) else due


def relative_date(year: int, spec: dict) -> dt.date:
    return dt.date(year + int(spec.get("year_offset", 0)), int(spec["month"]), int(spec["day"]))


def period_end(year: int, months: int) -> dt.date:
    return dt.date(year, months, calendar.monthrange(year, months)[1])


def consecutive_days(start: dt.date | None, until: dt.date | None) -> int | None:
    """Count the days of a period, both ends included (10/11 to 12/11 is 3 days); None if open."""
    return (until - start).days + 1 if start and until else None
