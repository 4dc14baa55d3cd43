"""`congkhai init` and a unit's repository that holds only data/: what init writes, the official list
check of site.yaml, started_on on the compliance page, the package's MkDocs files and a unit's own."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.publish.site_config import SITE_FILES

from .conftest import REPO, replace_in

DAY = "2026-11-30"


def _init(target: Path, *args: str):
    return CliRunner().invoke(main, ["init", str(target), *args, "--today", DAY])


def test_init_writes_a_unit_repository(tmp_path):
    unit = tmp_path / "bach-quang"
    result = _init(unit, "--unit-code", "05528")
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(unit).as_posix() for p in unit.rglob("*") if p.is_file())
    assert written == [".github/workflows/congkhai.yml", ".gitignore", ".gitlab-ci.yml", "README.md",
                       "data/cong-khai/.gitkeep", "data/lay-y-kien/.gitkeep", "data/site.yaml", "data/tep/.gitkeep",
                       "data/van-ban/.gitkeep", "docs/data-format.md", "requirements.txt"]
    # The guide every message of `congkhai check` points to is in the unit's own repository.
    guide = (unit / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert guide.startswith("# Hướng dẫn ghi dữ liệu cho cán bộ\n\nTệp này do `congkhai init` viết từ mô hình dữ liệu của congkhai")
    assert "make docs" not in guide and "| `published_on` |" in guide
    text = (unit / "data/site.yaml").read_text(encoding="utf-8")
    site = yaml.safe_load(text)
    assert (site["name"], site["unit_type"], site["unit_code"], site["province"]) == ("Bách Quang", "phuong", "05528", "Thái Nguyên")
    assert site["started_on"] == dt.date(2026, 11, 30)
    assert site["base_url"] == "https://bachquang.thainguyen.gov.vn/"
    assert site["address"] == "Trụ sở Ủy ban nhân dân phường Bách Quang, tỉnh Thái Nguyên"
    assert site["phone"] is None and site["email"] is None
    assert site["feedback"]["email"] is None and site["feedback"]["phone"] is None
    for line in ("address:", "phone:", "email:", "working_hours:", "feedback:", "  email:", "  phone:", "  address:"):
        assert any(row.startswith(line) and "# ĐIỀN" in row for row in text.splitlines()), line
    assert "# KIỂM TRA: địa chỉ trang" in text
    assert (unit / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1].startswith("congkhai")
    readme = (unit / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Trang công khai thông tin của Phường Bách Quang, tỉnh Thái Nguyên\n")
    for heading in ("## Thêm một văn bản hay một thông tin công khai", "## Xem thông báo lỗi ở đâu", "## Sửa một nội dung đã đăng"):
        assert heading in readme
    assert "/site/" in (unit / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_init_finds_the_unit_by_name_without_accents(tmp_path):
    result = _init(tmp_path / "u", "--name", "ba dinh", "--province", "thanh hoa")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((tmp_path / "u/data/site.yaml").read_text(encoding="utf-8"))["unit_code"] == "16171"
    assert (tmp_path / "u/data/site.yaml").read_text(encoding="utf-8").count("base_url: https://badinh.thanhhoa.gov.vn/") == 1


def test_init_lists_every_match_and_stops(tmp_path):
    result = _init(tmp_path / "u", "--name", "ba dinh")
    assert result.exit_code == 1
    assert result.stderr == (
        'Có 3 đơn vị khớp "ba dinh":\n'
        "  00004  Phường Ba Đình, thành phố Hà Nội\n"
        "  16171  Xã Ba Đình, tỉnh Thanh Hóa\n"
        "  21499  Xã Ba Dinh, tỉnh Quảng Ngãi\n"
        "Chạy lại với --unit-code MÃ của đơn vị mình (hoặc thêm --province).\n")
    assert not (tmp_path / "u").exists()


def test_init_writes_the_pin_it_is_given(tmp_path):
    pin = "congkhai @ git+https://gitlab.example.invalid/tinh/congkhai.git@v0.1.0"
    assert _init(tmp_path / "u", "--unit-code", "06994", "--requirement", pin).exit_code == 0
    assert (tmp_path / "u/requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == pin


def test_init_refuses_a_folder_with_data(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/keep.yaml").write_text("x: 1\n", encoding="utf-8")
    result = _init(tmp_path, "--unit-code", "05528")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'data'} đã có: không ghi đè dữ liệu của đơn vị. Chọn một thư mục trống.\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["data", "keep.yaml"]


def test_init_refuses_an_unknown_code(tmp_path):
    result = _init(tmp_path / "u", "--unit-code", "99999")
    assert result.exit_code == 1
    assert result.stderr.startswith('Mã "99999" không có trong danh sách 3.321 đơn vị hành chính cấp xã.')


def test_site_yaml_is_checked_against_the_official_list(ward):
    replace_in(ward, "data/site.yaml", 'unit_code: "05503"', 'unit_code: "05528"')
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", DAY])
    assert result.exit_code == 1
    assert result.stderr == (
        'data/site.yaml, dòng 2, trường "unit_type": loại đơn vị "xa" không khớp danh sách: mã 05528 là phường Bách Quang, Thái Nguyên.\n'
        "  Cách sửa: ghi unit_type: phuong (phường), hoặc kiểm tra lại mã đơn vị.\n"
        "Có 1 lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n")
    replace_in(ward, "data/site.yaml", 'unit_code: "05528"', 'unit_code: "00001"')
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", DAY])
    assert result.stderr.startswith('data/site.yaml, dòng 3, trường "unit_code": mã "00001" không có trong danh sách '
                                    "3.321 đơn vị hành chính cấp xã (từ ngày 1/7/2025).\n")


def test_the_sample_ward_has_its_real_code():
    site = yaml.safe_load((REPO / "data/site.yaml").read_text(encoding="utf-8"))
    assert (site["unit_code"], site["unit_type"], site["province"]) == ("05528", "phuong", "Thái Nguyên")


def test_the_sample_uses_the_packaged_mkdocs_files():
    """The repo's top-level mkdocs.yml and theme/ are the package's files (symbolic links), not copies."""
    assert (REPO / "mkdocs.yml").is_symlink() and (REPO / "theme").is_symlink()
    assert (REPO / "mkdocs.yml").resolve() == (SITE_FILES / "mkdocs.yml").resolve()
    assert (REPO / "theme").resolve() == (SITE_FILES / "theme").resolve()


def test_a_new_unit_builds_with_only_data_and_tells_the_truth(tmp_path):
    unit = tmp_path / "u"
    assert _init(unit, "--unit-code", "05528").exit_code == 0
    result = CliRunner().invoke(main, ["build", "-C", str(unit), "--today", DAY])
    assert result.exit_code == 0, result.output
    assert not (unit / "mkdocs.yml").exists() and not (unit / "theme").exists()
    home = (unit / "site/index.html").read_text(encoding="utf-8")
    assert "<title>Trang chủ — Phường Bách Quang</title>" in home
    assert (unit / "site/assets/congkhai.css").read_bytes() == (SITE_FILES / "theme/assets/congkhai.css").read_bytes()
    compliance = (unit / "site/tinh-hinh-cong-khai/index.html").read_text(encoding="utf-8")
    assert "không có vi phạm" in compliance
    assert "Trang bắt đầu hoạt động từ ngày 30 tháng 11 năm 2026" in compliance
    assert not (unit / "site/van-ban/nq-03-2026").exists()
    assert "Dữ liệu minh họa" not in home
    # What a build leaves beside data/ (the site, its sources, the lock and manifest, the QR cache)
    # is ignored: `git add -A` on the clerk's machine commits only the unit's own files.
    assert (unit / ".congkhai").is_dir() and (unit / ".congkhai-cache").is_dir()
    subprocess.run(["git", "init", "-q", str(unit)], check=True)
    added = subprocess.run(["git", "-C", str(unit), "add", "-A", "--dry-run"], capture_output=True, text=True, check=True).stdout
    paths = sorted(line.split("'")[1] for line in added.splitlines())
    assert paths == sorted(p.relative_to(unit).as_posix() for p in unit.rglob("*")
                           if p.is_file() and p.relative_to(unit).parts[0] in ("data", "docs", ".github", ".gitignore", ".gitlab-ci.yml",
                                                                            "README.md", "requirements.txt"))
    # Without the launch date, the same empty site would owe 2026's budget reports already due.
    replace_in(unit, "data/site.yaml", "started_on: 2026-11-30\n", "")
    report = CliRunner().invoke(main, ["compliance", "-C", str(unit), "--today", DAY])
    assert "báo cáo ngân sách đã quá hạn mà chưa công khai; " in report.output
    assert "0 báo cáo ngân sách đã quá hạn" not in report.output


def test_a_unit_overrides_the_theme_and_the_config(tmp_path):
    unit = tmp_path / "u"
    assert _init(unit, "--unit-code", "05528").exit_code == 0
    (unit / "theme/assets").mkdir(parents=True)
    (unit / "theme/assets/congkhai.css").write_text("/* màu riêng của phường */\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-C", str(unit), "--today", DAY])
    assert result.exit_code == 0, result.output
    assert (unit / "site/assets/congkhai.css").read_text(encoding="utf-8") == "/* màu riêng của phường */\n"
    assert (unit / "site/assets/search.js").read_bytes() == (SITE_FILES / "theme/assets/search.js").read_bytes()
    config = (SITE_FILES / "mkdocs.yml").read_text(encoding="utf-8").replace("primary: red", "primary: indigo")
    (unit / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-C", str(unit), "--today", DAY])
    assert result.exit_code == 0, result.output
    assert 'data-md-color-primary="indigo"' in (unit / "site/index.html").read_text(encoding="utf-8")
    assert (unit / "site/assets/congkhai.css").read_text(encoding="utf-8") == "/* màu riêng của phường */\n"
