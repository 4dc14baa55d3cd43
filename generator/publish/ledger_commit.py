"""Commit data/da-dang.json back to the unit's repository after a published build.

The pipeline calls `congkhai commit-ledger` after publishing: the ledger must be committed for the
"no silent edits" rule to hold. The commit has a fixed bot identity and a message that CI hosts do
not run pipelines for ([skip ci]); when a clerk pushed meanwhile, the push is retried after a rebase.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..law.ledger import LEDGER_FILE

BOT_NAME = "congkhai-bot"
BOT_EMAIL = "congkhai-bot@users.noreply.github.com"
COMMIT_MESSAGE = "Cập nhật sổ đăng tải data/da-dang.json sau khi dựng trang [skip ci]"
LEDGER_PATH = f"data/{LEDGER_FILE}"


class LedgerCommitError(Exception):
    """The ledger could not be committed or pushed; the message is for the unit's staff."""


@dataclass
class Outcome:
    committed: bool
    pushed: bool
    attempts: int


def _git(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run git as the bot (fixed identity, no editor, no signing prompt)."""
    settings = ["-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}", "-c", "commit.gpgsign=false",
                "-c", "core.editor=true"]
    result = subprocess.run(["git", *settings, *args], cwd=project, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise LedgerCommitError(f"lệnh git {args[0]} không thành công: {_redact(result.stderr.strip())}")
    return result


def _redact(text: str) -> str:
    """Hide a token written in a remote's address (https://user:TOKEN@host/…)."""
    return re.sub(r"(https?://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def current_branch(project: Path) -> str | None:
    """Return the checked-out branch, or None on a detached HEAD (GitLab CI checks out a commit)."""
    result = _git(project, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    return result.stdout.strip() or None


def commit_ledger(project: Path, remote: str = "origin", branch: str | None = None, attempts: int = 3) -> Outcome:
    """Commit the ledger when it changed and push it to remote's branch, rebasing on a push race."""
    branch = branch or current_branch(project)
    if not branch:
        raise LedgerCommitError("không xác định được nhánh để đẩy lên; ghi rõ --branch main.")
    if not (project / LEDGER_PATH).is_file():
        raise LedgerCommitError(f"chưa có {LEDGER_PATH}: chạy `congkhai build` trước.")
    status = _git(project, "status", "--porcelain", "--", LEDGER_PATH).stdout.strip()
    if not status:
        return Outcome(committed=False, pushed=False, attempts=0)
    _git(project, "add", "--", LEDGER_PATH)
    _git(project, "commit", "--quiet", "--no-verify", "-m", COMMIT_MESSAGE, "--", LEDGER_PATH)
    for attempt in range(1, attempts + 1):
        pushed = _git(project, "push", "--quiet", remote, f"HEAD:refs/heads/{branch}", check=False)
        if pushed.returncode == 0:
            return Outcome(committed=True, pushed=True, attempts=attempt)
        if attempt == attempts:
            break
        _git(project, "fetch", "--quiet", remote, branch)
        _rebase_onto_fetched(project)
    raise LedgerCommitError(f"không đẩy được sổ đăng tải lên nhánh {branch} sau {attempts} lần thử: {_redact(pushed.stderr.strip())}")


def _rebase_onto_fetched(project: Path) -> None:
    """Replay the ledger commit on what was pushed meanwhile. If that also changed the ledger, the
    one just built wins: it records what this build has just published."""
    result = _git(project, "rebase", "--quiet", "FETCH_HEAD", check=False)
    if result.returncode == 0:
        return
    conflicted = _git(project, "diff", "--name-only", "--diff-filter=U").stdout.split()
    if conflicted == [LEDGER_PATH]:
        _git(project, "checkout", "--theirs", "--", LEDGER_PATH)
        _git(project, "add", "--", LEDGER_PATH)
        if _git(project, "rebase", "--continue", check=False).returncode == 0:
            return
    _git(project, "rebase", "--abort", check=False)
    raise LedgerCommitError(f"không ghép được sổ đăng tải với thay đổi mới trên nhánh: {_redact(result.stderr.strip())}")
