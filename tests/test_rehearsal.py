"""A rehearsal of the pipeline's publishing steps against a local bare git repository, with the same
commands the workflow files run: check → build → ledger committed back; a clerk's silent edit of a
published item is then refused and the published site stays; a push race is retried after a rebase."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.publish.ledger_commit import BOT_NAME, COMMIT_MESSAGE

pytestmark = pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")

DAY = "2026-11-30"
PLAN = """\
id: ke-hoach-2027
category: 1
title: Kế hoạch phát triển kinh tế - xã hội năm 2027
external_document:
  number: 01/KH-UBND
  title: Kế hoạch phát triển kinh tế - xã hội năm 2027
  issuer: Ủy ban nhân dân phường Bách Quang
  date: 2026-11-25
published_on: 2026-11-30
forms: [notice_board]
summary: Kế hoạch năm 2027 của phường.
"""
FEES = PLAN.replace("ke-hoach-2027", "phi-2027").replace("category: 1", "category: 12").replace(
    "Kế hoạch phát triển kinh tế - xã hội năm 2027", "Mức thu phí chợ năm 2027")
CLERK = ["-c", "user.name=Cán bộ văn phòng", "-c", "user.email=vanphong@example.invalid"]


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *CLERK, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def congkhai(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def clerk_commit(clerk: Path, message: str, files: dict[str, str]) -> None:
    """What the web editor does: write files, commit them and push to main."""
    git(clerk, "pull", "--quiet", "--rebase", "origin", "main")
    for rel, text in files.items():
        (clerk / rel).write_text(text, encoding="utf-8")
    git(clerk, "add", "--all")
    git(clerk, "commit", "--quiet", "-m", message)
    git(clerk, "push", "--quiet", "origin", "main")


class Runner:
    """A CI runner: a fresh clone per run, the workflow's steps, and the published site it deployed."""

    def __init__(self, root: Path, origin: Path):
        self.root, self.origin, self.runs = root, origin, 0
        self.published = root / "published"

    def clone(self) -> Path:
        self.runs += 1
        work = self.root / f"run-{self.runs}"
        git(self.root, "clone", "--quiet", "--branch", "main", str(self.origin), str(work))
        return work

    def check_and_build(self, work: Path) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess | None]:
        checked = congkhai(work, "check", "--today", DAY, "--format", "github")
        if checked.returncode != 0:
            return checked, None
        built = congkhai(work, "build", "--today", DAY)
        if built.returncode == 0:  # the deploy step: only a successful build replaces the site
            shutil.rmtree(self.published, ignore_errors=True)
            shutil.copytree(work / "site", self.published)
        return checked, built


def origin_file(origin: Path, rel: str) -> str:
    return subprocess.run(["git", "show", f"main:{rel}"], cwd=origin, capture_output=True, text=True, check=True).stdout


def origin_log(origin: Path) -> list[str]:
    out = subprocess.run(["git", "log", "--format=%an|%s", "main"], cwd=origin, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_publishing_rehearsal(tmp_path):
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    clerk = tmp_path / "clerk"
    assert congkhai(tmp_path, "init", str(clerk), "--unit-code", "05528", "--today", DAY).returncode == 0
    git(clerk, "init", "--quiet", "--initial-branch=main")
    git(clerk, "add", "--all")
    git(clerk, "commit", "--quiet", "-m", "Khởi tạo trang")
    git(clerk, "remote", "add", "origin", str(origin))
    git(clerk, "push", "--quiet", "origin", "main")
    runner = Runner(tmp_path, origin)

    # 1. The clerk adds a disclosure; the run checks, builds, publishes and commits the ledger back.
    clerk_commit(clerk, "Thêm kế hoạch 2027", {"data/cong-khai/ke-hoach-2027.yaml": PLAN})
    work = runner.clone()
    checked, built = runner.check_and_build(work)
    assert checked.returncode == 0 and checked.stdout == (
        "Dữ liệu hợp lệ: 0 văn bản, 1 thông tin công khai, 0 đợt lấy ý kiến, 0 tệp đính kèm.\n")
    assert built.returncode == 0, built.stderr
    committed = congkhai(work, "commit-ledger", "--branch", "main")
    assert committed.returncode == 0, committed.stderr
    assert committed.stdout == "Đã lưu sổ đăng tải data/da-dang.json vào kho.\n"
    assert origin_log(origin)[:2] == [f"{BOT_NAME}|{COMMIT_MESSAGE}", "Cán bộ văn phòng|Thêm kế hoạch 2027"]
    assert "[skip ci]" in COMMIT_MESSAGE
    assert "disclosure/ke-hoach-2027" in json.loads(origin_file(origin, "data/da-dang.json"))["items"]
    # A second build of the same data changes nothing, so nothing is committed.
    again = runner.clone()
    assert runner.check_and_build(again)[1].returncode == 0
    assert congkhai(again, "commit-ledger").stdout == "Sổ đăng tải data/da-dang.json không thay đổi: không có gì để lưu.\n"
    published_before = (runner.published / "cong-khai/ke-hoach-2027/index.html").read_text(encoding="utf-8")

    # 2. A second clerk commit silently edits the published item: refused, the site stays.
    clerk_commit(clerk, "Sửa tiêu đề", {"data/cong-khai/ke-hoach-2027.yaml": PLAN.replace(
        "title: Kế hoạch phát triển kinh tế - xã hội năm 2027", "title: Kế hoạch năm 2027 (sửa)")})
    work = runner.clone()
    checked, built = runner.check_and_build(work)
    assert checked.returncode == 1 and built is None
    assert checked.stdout.startswith("::error file=data/cong-khai/ke-hoach-2027.yaml,line=1,title=Lỗi dữ liệu%2C trường \"changes\"::")
    assert "ghi chú thay đổi" in checked.stdout
    assert (runner.published / "cong-khai/ke-hoach-2027/index.html").read_text(encoding="utf-8") == published_before

    # 3. The clerk adds the change note; while the run builds, the clerk pushes again: the ledger
    #    push is rejected, rebased on the clerk's commit and pushed on the second attempt.
    clerk_commit(clerk, "Ghi chú thay đổi", {"data/cong-khai/ke-hoach-2027.yaml": PLAN.replace(
        "title: Kế hoạch phát triển kinh tế - xã hội năm 2027", "title: Kế hoạch năm 2027 (sửa)")
        + "changes:\n  - date: 2026-11-30\n    what: Sửa tiêu đề\n    why: Ghi nhầm khi đăng\n"})
    work = runner.clone()
    checked, built = runner.check_and_build(work)
    assert checked.returncode == 0 and built.returncode == 0, checked.stdout + (built.stderr if built else "")
    clerk_commit(clerk, "Thêm phí chợ", {"data/cong-khai/phi-2027.yaml": FEES})
    committed = congkhai(work, "commit-ledger", "--branch", "main")
    assert committed.returncode == 0, committed.stderr
    assert committed.stdout == "Đã lưu sổ đăng tải data/da-dang.json vào kho (sau 2 lần thử).\n"
    assert origin_log(origin)[:3] == [f"{BOT_NAME}|{COMMIT_MESSAGE}", "Cán bộ văn phòng|Thêm phí chợ",
                                      "Cán bộ văn phòng|Ghi chú thay đổi"]
    assert origin_file(origin, "data/cong-khai/phi-2027.yaml") == FEES
    assert "Kế hoạch năm 2027 (sửa)" in (runner.published / "cong-khai/ke-hoach-2027/index.html").read_text(encoding="utf-8")

    # 4. The next run (the clerk's push) publishes the new item and records it too.
    work = runner.clone()
    checked, built = runner.check_and_build(work)
    assert built is not None and built.returncode == 0, checked.stdout
    assert congkhai(work, "commit-ledger").returncode == 0
    assert {"disclosure/ke-hoach-2027", "disclosure/phi-2027"} <= set(json.loads(origin_file(origin, "data/da-dang.json"))["items"])


def test_a_ledger_changed_on_both_sides_keeps_the_one_just_built(tmp_path):
    """Two runs raced and both changed the ledger: the later push rebases and keeps its own ledger,
    which records what it has just published."""
    from generator.publish.ledger_commit import LEDGER_PATH, commit_ledger

    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    seed = tmp_path / "seed"
    (seed / "data").mkdir(parents=True)
    (seed / LEDGER_PATH).write_text('{"items": {}, "version": 1}\n', encoding="utf-8")
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(seed))
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "Khởi tạo")
    git(seed, "push", "--quiet", str(origin), "main")
    first, second = tmp_path / "first", tmp_path / "second"
    for work in (first, second):
        git(tmp_path, "clone", "--quiet", str(origin), str(work))
    (first / LEDGER_PATH).write_text('{"items": {"a": 1}, "version": 1}\n', encoding="utf-8")
    (second / LEDGER_PATH).write_text('{"items": {"a": 1, "b": 2}, "version": 1}\n', encoding="utf-8")
    assert commit_ledger(first).attempts == 1
    outcome = commit_ledger(second)
    assert (outcome.committed, outcome.pushed, outcome.attempts) == (True, True, 2)
    assert origin_file(origin, LEDGER_PATH) == '{"items": {"a": 1, "b": 2}, "version": 1}\n'
    assert origin_log(origin) == [f"{BOT_NAME}|{COMMIT_MESSAGE}"] * 2 + ["Cán bộ văn phòng|Khởi tạo"]
