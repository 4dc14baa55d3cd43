"""The official list of commune-level units and Vietnam's date."""

from __future__ import annotations

import datetime as dt
import json
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


def _at_18_utc(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run congkhai with the machine's clock at 18:00 UTC on 29 November 2026."""
    env = {**os.environ, "TZ": "UTC", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    return subprocess.run(["faketime", "2026-11-29 18:00:00", sys.executable, "-m", "generator.cli", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


needs_faketime = pytest.mark.skipif(not shutil.which("faketime"), reason="faketime (Debian package faketime) is not installed")


@needs_faketime
def test_the_command_uses_vietnam_date_at_18_utc(tmp_path):
    """With the machine's clock at 18:00 UTC on 29 November, the default date is 30 November:
    init dates the new site 30 November and the compliance report counts to that day."""
    result = _at_18_utc(["init", "unit", "--unit-code", "05528"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "started_on: 2026-11-30\n" in (tmp_path / "unit/data/site.yaml").read_text(encoding="utf-8")
    report = _at_18_utc(["compliance", "--json", "-C", "unit"], tmp_path)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["today"] == "2026-11-30"


@needs_faketime
def test_site_yaml_may_name_another_time_zone(tmp_path):
    result = _at_18_utc(["init", "unit", "--unit-code", "05528"], tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "unit/data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "time_zone: Europe/London\n", encoding="utf-8")
    report = _at_18_utc(["compliance", "--json", "-C", "unit"], tmp_path)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["today"] == "2026-11-29"


def test_an_unknown_time_zone_is_an_error(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    assert CliRunner().invoke(main, ["init", str(tmp_path / "unit"), "--unit-code", "05528", "--today", "2026-11-30"]).exit_code == 0
    site = tmp_path / "unit/data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "time_zone: Asia/Hanoi\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-C", str(tmp_path / "unit"), "--today", "2026-11-30"])
    assert result.exit_code == 1
    assert result.stderr == ('data/site.yaml, dòng 27, trường "time_zone": "Asia/Hanoi" không phải múi giờ IANA.\n'
                             "  Cách sửa: ghi tên múi giờ như Asia/Ho_Chi_Minh, hoặc xóa dòng này để dùng giờ Việt Nam.\n"
                             "Có 1 lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n")
