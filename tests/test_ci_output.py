"""`congkhai check --format github|gitlab|json`: every problem where the clerk sees it in CI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


from generator.data.problem_formats import detect_format, github_command
from generator.data.problems import Problem

from .conftest import TODAY, replace_in

# A disclosure whose file name has "," and "%", with a wrong category holding "%" (a two-line
# message: text and hint); a site.yaml whose province disagrees with the official list (":" in the
# message, left as is in data, escaped in properties).
BROKEN_DISCLOSURE = 'id: giam-phi\ncategory: 15%\ntitle: "Giảm 50% phí: chợ"\npublished_on: 2026-01-05\n'
BROKEN_NAME = "data/cong-khai/giam,50%.yaml"


def _broken(ward: Path) -> Path:
    (ward / BROKEN_NAME).write_text(BROKEN_DISCLOSURE, encoding="utf-8")
    replace_in(ward, "data/site.yaml", "province: Thái Nguyên", "province: Hà Nội")
    return ward


def _check(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITLAB_CI")}
    return subprocess.run([sys.executable, "-m", "generator.cli", "check", "--today", TODAY, *args],
                          cwd=project, capture_output=True, text=True, env={**clean, **(env or {})}, timeout=120)


GITHUB = (
    '::error file=data/cong-khai/giam%2C50%25.yaml,line=2,title=Lỗi dữ liệu%2C trường "category"::'
    '"15%25" không phải mục của Điều 11.%0ACách sửa: ghi một số từ 1 đến 14 theo Điều 11 Luật Thực hiện dân chủ ở cơ sở.\n'
    '::error file=data/site.yaml,line=4,title=Lỗi dữ liệu%2C trường "province"::'
    'Tỉnh "Hà Nội" không khớp danh sách: mã 05503 là xã Tân Cương, Thái Nguyên.%0A'
    'Cách sửa: ghi province: Thái Nguyên, hoặc kiểm tra lại mã đơn vị.\n'
    "Có 2 lỗi trong 2 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"
)

GITLAB = """\
[
  {
    "description": "Trường \\"category\\": \\"15%\\" không phải mục của Điều 11.\\nCách sửa: ghi một số từ 1 đến 14 theo Điều 11 Luật Thực hiện dân chủ ở cơ sở.",
    "check_name": "congkhai-data",
    "fingerprint": "2c5e05b3ed0fa8dc85dd69dbeceb8fbfba524c73c445ef663549df4b9626f47d",
    "severity": "major",
    "location": {
      "path": "data/cong-khai/giam,50%.yaml",
      "lines": {
        "begin": 2
      }
    }
  },
  {
    "description": "Trường \\"province\\": tỉnh \\"Hà Nội\\" không khớp danh sách: mã 05503 là xã Tân Cương, Thái Nguyên.\\nCách sửa: ghi province: Thái Nguyên, hoặc kiểm tra lại mã đơn vị.",
    "check_name": "congkhai-data",
    "fingerprint": "ad22aa86446b6133ab0035fd1377318a30807f9694c96b1cf5ff3dec6bf9ca47",
    "severity": "major",
    "location": {
      "path": "data/site.yaml",
      "lines": {
        "begin": 4
      }
    }
  }
]
"""


def test_github_annotations_exact_text(ward):
    result = _check(_broken(ward), "--format", "github")
    assert result.returncode == 1
    assert result.stdout == GITHUB


def test_github_is_chosen_inside_github_actions(ward):
    result = _check(_broken(ward), env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=")


def test_workflow_command_escaping():
    """%, CR and LF are escaped in the message; also ':' and ',' in properties (Actions toolkit rules)."""
    problem = Problem("data/a:b,c%.yaml", 7, "title", "giá trị 100%: sai\r\ndòng hai", "Cách sửa: x, y")
    assert github_command(problem) == (
        '::error file=data/a%3Ab%2Cc%25.yaml,line=7,title=Lỗi dữ liệu%2C trường "title"::'
        "Giá trị 100%25: sai%0D%0Adòng hai%0ACách sửa: x, y")
    assert github_command(problem, note=True).startswith("::warning file=data/a%3Ab%2Cc%25.yaml,line=7,title=Lưu ý%2C")


def test_format_is_detected_from_the_ci_host():
    assert detect_format({"GITHUB_ACTIONS": "true"}) == "github"
    assert detect_format({"GITLAB_CI": "true"}) == "gitlab"
    assert detect_format({}) == "text"


def test_gitlab_code_quality_report_exact_text(ward):
    result = _check(_broken(ward), "--format", "gitlab")
    assert result.returncode == 1
    assert (ward / "gl-code-quality-report.json").read_text(encoding="utf-8") == GITLAB
    # The job log still shows the clerk's text.
    assert 'data/site.yaml, dòng 4, trường "province": tỉnh "Hà Nội" không khớp danh sách' in result.stderr


def test_gitlab_is_chosen_inside_gitlab_ci_and_reports_nothing_for_good_data(ward):
    result = _check(ward, env={"GITLAB_CI": "true"})
    assert result.returncode == 0, result.stderr
    report = json.loads((ward / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    # Good data: no error; what the compliance page will report (budget reports not yet disclosed) is info.
    assert report and all(item["severity"] == "info" for item in report)
    assert all(item["description"].startswith("Trang Tình hình công khai sẽ báo vi phạm: ") for item in report)


def test_json_output(ward):
    result = _check(_broken(ward), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [(e["file"], e["line"], e["field"]) for e in report["errors"]] == [
        ("data/cong-khai/giam,50%.yaml", 2, "category"), ("data/site.yaml", 4, "province")]
    assert report["errors"][1]["hint"] == "Cách sửa: ghi province: Thái Nguyên, hoặc kiểm tra lại mã đơn vị."


def test_notes_become_github_warnings(ward):
    """A pasted body_text the parser had to guess at is a note: a warning annotation, exit code 0."""
    from .test_errors import PASTED_BODY

    (ward / "data/van-ban/nq-05-2026.yaml").write_text(PASTED_BODY, encoding="utf-8")
    result = _check(ward, "--format", "github")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert ('::warning file=data/van-ban/nq-05-2026.yaml,line=9,title=Lưu ý%2C trường "body_text"::'
            "Điều 3 không đúng thứ tự (sau Điều 1 phải là Điều 2); đã giữ số như bản gốc.") in lines
    assert lines[-1] == "Dữ liệu hợp lệ: 3 văn bản, 3 thông tin công khai, 1 đợt lấy ý kiến, 1 tệp đính kèm."
    # The other warnings say, before it goes public, what the compliance page will report.
    others = [line for line in lines[:-1] if "nq-05-2026" not in line]
    assert others and all(line.startswith("::warning file=data/cong-khai/,line=1,title=Lưu ý::Trang Tình hình công khai sẽ báo vi phạm: ")
                          for line in others)
