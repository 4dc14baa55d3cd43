"""Working-day arithmetic for Vietnamese deadlines: weekends, public holidays, Tết and swapped days.

Public holidays (incl. the lunar Tết days and the swaps the government announced and the `holidays`
library knows) come from `holidays.country_holidays("VN")`. The rules' `calendar` section adds what
the library may lack: `extra_days_off` (days the government gave off) and `makeup_working_days`
(ngày làm bù: Saturdays or Sundays declared working days).

The library's days for TABLE_YEARS are also kept in holidays_vn.json, written from the version of
the library it names (`python -m generator.law.workdays` writes it again). Importing the library
loads every country it knows (about 0.2 s of each build and check, bench/README.md), so the table
is read instead while that version is the one installed; with any other version, or for a year
outside the table, the library is asked, as before.
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib.util
import json
import sys
from functools import lru_cache
from pathlib import Path

from ..domain.rules import rule_value

ONE_DAY = dt.timedelta(days=1)
TABLE = Path(__file__).with_name("holidays_vn.json")
TABLE_YEARS = range(2000, 2051)


@lru_cache(maxsize=None)
def _library_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """Return the library's public holidays and weekend working days for one year."""
    known = _table().get(str(year))
    if known is not None:
        return frozenset(map(dt.date.fromisoformat, known["off"])), frozenset(map(dt.date.fromisoformat, known["work"]))
    return _ask_library(year)


def _ask_library(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    import holidays

    calendar = holidays.country_holidays("VN", years=year)
    days_off = frozenset(calendar.keys())
    weekend_workdays = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return days_off, weekend_workdays


@lru_cache(maxsize=1)
def _table() -> dict:
    """The table's years when it was written from the installed version of the library, else none."""
    try:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(table, dict) or table.get("holidays") != installed_library() or not isinstance(table.get("years"), dict):
        return {}
    return table["years"]


def installed_library() -> str | None:
    """The installed version of `holidays`, read from its distribution's folder name, as pip wrote
    it (importlib.metadata would scan every installed distribution: 0.09 s); None if not found."""
    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    found = list(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    return found[0].name.removeprefix("holidays-").removesuffix(".dist-info") if len(found) == 1 else None


def library_table() -> dict:
    """The table as the installed library gives it (what holidays_vn.json holds)."""
    years = {}
    for year in TABLE_YEARS:
        off, work = _ask_library(year)
        years[str(year)] = {"off": sorted(d.isoformat() for d in off), "work": sorted(d.isoformat() for d in work)}
    return {"holidays": installed_library(), "years": years}


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


if __name__ == "__main__":  # write holidays_vn.json from the installed library
    TABLE.write_text(json.dumps(library_table(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{TABLE}: holidays {installed_library()}, {TABLE_YEARS.start}-{TABLE_YEARS.stop - 1}", file=sys.stderr)
