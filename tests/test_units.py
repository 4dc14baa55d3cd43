"""The official list of commune-level units and Vietnam's date."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.domain.clock import local_today
from generator.domain.units import (
    find_units,
    official_units,
    province_units,
    unit_by_code,
)


def test_the_list_has_every_unit_of_the_country():
    units = official_units()
    assert len(units) == 3321
    assert sum(u.unit_type == "xa" for u in units) == 2621
    assert sum(u.unit_type == "phuong" for u in units) == 687
    assert sum(u.unit_type == "dac_khu" for u in units) == 13
    assert len({u.code for u in units}) == 3321
    assert len({u.province_code for u in units}) == 34


def test_a_unit_is_found_by_its_code():
    unit = unit_by_code("05528")
    assert (unit.name, unit.unit_type, unit.province, unit.province_code) == ("Bách Quang", "phuong", "Thái Nguyên", "19")
    assert unit.full_name == "Phường Bách Quang"
    assert unit_by_code("99999") is None


def test_names_match_without_accents():
    assert [u.code for u in find_units("bach quang", "thai nguyen")] == ["05528"]
    assert [u.code for u in find_units("Bách Quang")] == ["05528"]
    assert {u.name for u in find_units("tan thanh")} == {"Tân Thanh", "Tân Thành", "Tân Thạnh"}


def test_an_ambiguous_name_lists_every_match():
    found = find_units("Tân Thành")
    assert len(found) > 1
    assert len({u.province for u in found}) > 1
    assert all(u.name == "Tân Thành" for u in found)


def test_province_units_by_code_or_name():
    by_code = province_units("19")
    assert by_code == province_units("thai nguyen")
    assert all(u.province == "Thái Nguyên" for u in by_code) and len(by_code) > 50


def test_vietnam_date_is_ahead_of_utc_in_the_evening():
    evening = dt.datetime(2026, 11, 29, 18, 0, tzinfo=dt.timezone.utc)
    assert local_today(now=evening) == dt.date(2026, 11, 30)
    assert local_today("UTC", now=evening) == dt.date(2026, 11, 29)


@pytest.mark.skipif(not shutil.which("faketime"), reason="faketime (Debian package faketime) is not installed")
def test_the_command_uses_vietnam_date_at_18_utc(tmp_path):
    """With the machine's clock at 18:00 UTC on 29 November, the default date is 30 November."""
    env = {**os.environ, "TZ": "UTC", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    script = "from generator.cli import _parse_today; print(_parse_today(None, None, None).isoformat())"
    result = subprocess.run(["faketime", "2026-11-29 18:00:00", sys.executable, "-c", script],
                            capture_output=True, text=True, env=env, cwd=Path(__file__).parents[1], timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026-11-30"
