"""The ledger's git history: every committed version of data/da-dang.json, and a note when the
history is cut short (a shallow clone) so the check is never silently weaker.

A partial clone (`git clone --filter=blob:none`, as the province build makes) has every commit but
fetches file contents on demand: the ledger's versions are fetched in one request, not one by one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from ..data.problems import Problem
from .ledger_history import SHOWN, SITE_COPY, Baseline


def _git(project: Path, *args: str, data: bytes | None = None) -> bytes | None:
    """Run git in the project; None when git is missing, the project is not in a repository or git fails."""
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(["git", "-C", str(project), *args], input=data, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _ledger_path(project: Path, ledger: Path) -> str | None:
    """The ledger's path inside the project's repository, or None outside a repository."""
    top = _git(project, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    try:
        return ledger.resolve().relative_to(Path(top.decode().strip()).resolve()).as_posix()
    except ValueError:
        return None


def _promisor_remote(project: Path) -> str | None:
    """The remote a partial clone fetches missing contents from (None in a full clone)."""
    named = _git(project, "config", "--get", "extensions.partialClone")  # older clones
    if named and named.strip():
        return named.decode().strip()
    listed = _git(project, "config", "--get-regexp", r"^remote\..*\.promisor$")
    for line in (listed or b"").decode().splitlines():
        key, _, value = line.partition(" ")
        if value.strip() == "true":
            return key.removeprefix("remote.").removesuffix(".promisor")
    return None


def _prefetch(project: Path, rel: str) -> None:
    """In a partial clone, fetch every committed version of the ledger in one request (otherwise
    reading them would fetch them one at a time). Nothing to do in a full clone."""
    remote = _promisor_remote(project)
    if remote is None:
        return
    listing = _git(project, "log", "--format=", "--raw", "--no-abbrev", "--no-renames", "--", f":(top){rel}")
    blobs = {line.split()[3] for line in (listing or b"").decode().splitlines() if line.startswith(":") and len(line.split()) > 4}
    blobs.discard("0" * 40)
    present = _git(project, "cat-file", "--batch-check=%(objectname)", "--batch-all-objects")  # never fetches
    have = set((present or b"").decode().split())
    wanted = sorted(blobs - have)
    if wanted:
        _git(project, "-c", "fetch.negotiationAlgorithm=noop", "fetch", "--quiet", remote, "--no-tags",
             "--no-write-fetch-head", "--recurse-submodules=no", "--filter=blob:none", "--stdin",
             data="".join(f"{blob}\n" for blob in wanted).encode())


def git_baselines(project: Path, ledger: Path) -> list[Baseline]:
    """Return every committed version of the ledger file, newest first."""
    rel = _ledger_path(project, ledger)
    if rel is None:
        return []
    log = _git(project, "log", "--format=%H", "--", f":(top){rel}")  # the project may be a subfolder
    commits = log.decode().split() if log else []
    if not commits:
        return []
    _prefetch(project, rel)
    # One git process reads every version (a deleting commit reports "missing" and is skipped).
    out = _git(project, "cat-file", "--batch", data="".join(f"{c}:{rel}\n" for c in commits).encode())
    if out is None:
        return []
    found: list[Baseline] = []
    position = 0
    for commit in commits:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        blob = out[position:position + size]
        position += size + 1
        try:
            items = json.loads(blob.decode("utf-8")).get("items")
        except (UnicodeDecodeError, ValueError, AttributeError):
            continue
        if isinstance(items, dict):
            found.append(Baseline(f"lịch sử git (commit {commit[:7]})", f"git checkout {commit[:7]} -- {SHOWN}", items))
    return found


def is_shallow(folder: Path) -> bool | None:
    """Whether the folder's repository is a shallow clone; None outside a repository or without git."""
    answer = _git(folder, "rev-parse", "--is-shallow-repository")
    return None if answer is None else answer.strip() == b"true"


def shallow_history_notes(project: Path, site_checked: bool) -> list[Problem]:
    """A note (not an error) when the project's repository is a shallow clone: the ledgers committed
    before its oldest commit are not compared. `site_checked`: the published site's copy was found."""
    if not is_shallow(project):
        return []
    count = _git(project, "rev-list", "--count", "HEAD")
    kept = f", chỉ có {int(count)} commit gần nhất" if count and count.strip().isdigit() else ""
    other = (f"Bản sổ kèm trang đang đăng (site/{SITE_COPY}) vẫn được đối chiếu." if site_checked else
             f"Cũng không có bản sổ kèm trang đang đăng (site/{SITE_COPY}) để đối chiếu, nên xóa tệp sổ hay "
             "xóa mục trong sổ ở các commit trước sẽ không bị phát hiện.")
    return [Problem(
        SHOWN, 1, None,
        f"kho git của dự án là bản sao nông (shallow clone{kept}): các bản sổ theo dõi nội dung đã đăng "
        f"lưu trong những commit cũ hơn không được đối chiếu. {other}",
        "Cách sửa: lấy đủ lịch sử bằng `git fetch --unshallow`; trong quy trình tự động, đặt `fetch-depth: 0` "
        "cho actions/checkout (GitHub Actions) hoặc biến `GIT_DEPTH: \"0\"` (GitLab CI), như các tệp quy trình "
        "mà `congkhai init` tạo.")]
