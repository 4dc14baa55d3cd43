"""Working-day arithmetic across weekends, Tết and declared swaps; dates checked against the library."""

import datetime as dt

import pytest

from generator.law.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = dt.date
NO_RULES: dict = {"extra_days_off": [], "makeup_working_days": []}


def test_tet_2026_is_five_weekdays_off():
    # holidays 0.109 lists 16–20/02/2026 (Giao thừa to Mùng bốn), Monday to Friday.
    assert [d.day for d in (D(2026, 2, 13) + dt.timedelta(days=i) for i in range(11)) if not is_working_day(d, NO_RULES)] == [
        14, 15, 16, 17, 18, 19, 20, 21, 22
    ]
    assert is_working_day(D(2026, 2, 13), NO_RULES)
    assert is_working_day(D(2026, 2, 23), NO_RULES)


def test_five_working_days_across_tet_2026_and_weekends():
    # Thu 12/02 → Fri 13/02 (1), Tết and two weekends skipped, 23, 24, 25, 26/02 (2–5).
    assert add_working_days(D(2026, 2, 12), 5, NO_RULES) == D(2026, 2, 26)
    # Published Mon 02/03: Fri 27/02 and Mon 02/03 are the two working days late.
    assert working_days_between(D(2026, 2, 26), D(2026, 3, 2), NO_RULES) == 2


def test_plain_weekend():
    assert add_working_days(D(2025, 6, 5), 5, NO_RULES) == D(2025, 6, 12)  # Thu → next Thu
    assert working_days_between(D(2025, 6, 6), D(2025, 6, 9), NO_RULES) == 1  # Fri → Mon
    assert working_days_between(D(2025, 6, 6), D(2025, 6, 8), NO_RULES) == 0  # Fri → Sun
    assert working_days_between(D(2025, 6, 9), D(2025, 6, 6), NO_RULES) == -1
    assert next_working_day(D(2025, 6, 7), NO_RULES) == D(2025, 6, 9)


def test_library_swap_2025_and_2026():
    # Library: 02/5/2025 off in exchange for Saturday 26/4/2025; 31/8/2026 for Saturday 22/8/2026.
    assert is_working_day(D(2025, 4, 26), NO_RULES)
    assert not is_working_day(D(2025, 5, 2), NO_RULES)
    assert is_working_day(D(2026, 8, 22), NO_RULES)
    assert not is_working_day(D(2026, 8, 31), NO_RULES)
    # Hùng Kings' day 2026 falls on a Sunday: Monday 27/4 is the day off in lieu.
    assert not is_working_day(D(2026, 4, 27), NO_RULES)


def test_declared_days_from_rules():
    rules = {"calendar": {"extra_days_off": [D(2025, 6, 10)], "makeup_working_days": ["2025-06-14", {"date": D(2025, 6, 15)}]}}
    assert not is_working_day(D(2025, 6, 10), rules)
    assert is_working_day(D(2025, 6, 14), rules)
    assert is_working_day(D(2025, 6, 15), rules)
    # Mon 09/06 + 2: Wed 11/06 (1), Thu 12/06 (2); Tue 10/06 is declared off.
    assert add_working_days(D(2025, 6, 9), 2, rules) == D(2025, 6, 12)
    # Fri 13/06 + 1: Saturday 14/06 is a make-up working day.
    assert add_working_days(D(2025, 6, 13), 1, rules) == D(2025, 6, 14)


def test_zero_and_negative():
    assert add_working_days(D(2025, 6, 7), 0, NO_RULES) == D(2025, 6, 7)
    with pytest.raises(ValueError):
        add_working_days(D(2025, 6, 7), -1, NO_RULES)


def test_the_shipped_table_gives_the_librarys_days_without_importing_it(monkeypatch):
    import json
    import subprocess
    import sys

    from generator.law import workdays

    table = json.loads(workdays.TABLE.read_text(encoding="utf-8"))
    assert [int(y) for y in table["years"]] == list(workdays.TABLE_YEARS)
    # Whatever version is installed, every year's days are the library's own.
    for year in workdays.TABLE_YEARS:
        assert workdays._library_year(year) == workdays._ask_library(year), year
    assert D(2026, 2, 17) in workdays._library_year(2026)[0]  # Tết 2026

    # Read from the table, the library is not imported at all (0.2 s of every build), while the
    # installed version is the one the table was written from.
    script = ("import datetime as dt, sys; from generator.law.workdays import is_working_day, installed_library; "
              "print(is_working_day(dt.date(2026, 2, 17)), installed_library(), 'holidays' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False"
    assert out[2] == ("False" if out[1] == table["holidays"] else "True"), (
        f"holidays {out[1]} is installed, the table is of {table['holidays']}: python -m generator.law.workdays")

    # Another installed version: the table is not read, the library is asked.
    monkeypatch.setattr(workdays, "installed_library", lambda: "0.1")
    workdays._table.cache_clear()
    workdays._library_year.cache_clear()
    try:
        assert workdays._table() == {}
        asked = []
        monkeypatch.setattr(workdays, "_ask_library", lambda year: asked.append(year) or (frozenset(), frozenset()))
        assert workdays._library_year(2026) == (frozenset(), frozenset()) and asked == [2026]
    finally:
        workdays._table.cache_clear()
        workdays._library_year.cache_clear()
