"""One build at a time per project: an advisory lock on .congkhai/build.lock, naming its holder.

The lock is a kernel lock (flock) on an open file, so it ends with the process that holds it,
however that process ends: a lock left by a killed build is simply taken by the next one. The file
itself only says who holds it and since when, for the message the second build prints.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from ..domain.clock import VIETNAM_ZONE

STATE_FOLDER = ".congkhai"  # per-project working state: the build lock and the preview's sources
LOCK_FILE = "build.lock"


class BuildLocked(Exception):
    """Another build of the same project is running; the message is for the clerk."""


def lock_path(project: Path) -> Path:
    """Return the lock file of a project."""
    return project / STATE_FOLDER / LOCK_FILE


def _holder() -> dict:
    """Describe this process for whoever finds the lock taken."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return {
        "pid": os.getpid(),
        "user": user,
        "host": socket.gethostname(),
        "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(["congkhai", *sys.argv[1:]]) if sys.argv else "congkhai build",
    }


def _locked_message(project: Path, handle) -> str:
    """Say who holds the lock and since when, in Vietnamese."""
    handle.seek(0)
    try:
        holder = json.loads(handle.read() or "{}")
    except ValueError:
        holder = {}
    if not isinstance(holder, dict):
        holder = {}
    since = str(holder.get("since", ""))
    try:
        moment = dt.datetime.fromisoformat(since).astimezone(ZoneInfo(VIETNAM_ZONE))
        when = moment.strftime("%H:%M:%S ngày %d/%m/%Y") + " giờ Việt Nam"
    except ValueError:
        when = "không rõ thời điểm"
    who = (f"tiến trình {holder.get('pid', '?')} của người dùng {holder.get('user', '?')} "
           f"trên máy {holder.get('host', '?')}") if holder else "một tiến trình khác"
    shown = lock_path(project)
    return (f"{shown}: đang có một lần dựng trang khác cho dự án này ({who}, bắt đầu lúc {when}).\n"
            "  Cách sửa: chờ lần dựng đó xong rồi chạy lại `congkhai build`. Không cần xóa tệp khóa: "
            "nếu tiến trình kia đã dừng, lần dựng sau tự nhận khóa.\n"
            "Chưa xuất bản gì; trang đang đăng (site/) giữ nguyên.")


@contextmanager
def build_lock(project: Path) -> Iterator[None]:
    """Hold the project's build lock for the duration, or raise BuildLocked at once."""
    path = lock_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # never truncate before holding the lock
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(_locked_message(project, handle)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(_holder(), ensure_ascii=False) + "\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock; the file stays, describing the last holder
