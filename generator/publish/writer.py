"""The only code that writes the generated site to disk."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .lifeline import cores
from .search_bundles import MIRROR_PREFIX


def write_tree(target: Path, texts: dict[str, str], copies: dict[str, Path], blobs: dict[str, bytes] | None = None) -> None:
    """Write a whole folder beside the target, then swap it in, so a failure leaves the old one."""
    recover(target)
    fresh = target.with_name(target.name + ".new")
    fill_folder(fresh, texts, copies, blobs or {})
    swap_in(fresh, target)


# Linux renameat2(2) flag: exchange two paths in one atomic step (ext4, xfs, btrfs, tmpfs).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two directories; return False where the system cannot."""
    if not sys.platform.startswith("linux") or os.environ.get(SWAP_VARIABLE) == "rename":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False  # filesystem or kernel without RENAME_EXCHANGE: fall back to two renames
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def kill_point(name: str) -> None:
    """Stop dead here when CONGKHAI_KILL_AT names this step (the kill -9 tests use it)."""
    if os.environ.get(KILL_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)


KILL_VARIABLE = "CONGKHAI_KILL_AT"  # e.g. site:exchanged; only the tests set it
SWAP_VARIABLE = "CONGKHAI_SWAP"  # "rename": use the two-rename fallback (the tests cover both)


def swap_in(fresh: Path, target: Path) -> None:
    """Put the finished fresh tree at target; target is never missing while the old one can serve.

    With an old target, the two directories are exchanged in one atomic renameat2(RENAME_EXCHANGE),
    so a reader or a kill sees either the whole old tree or the whole new one. Where the system
    cannot exchange, the old tree is renamed to <target>.old and the new one renamed in; a kill
    between the two renames leaves <target>.old, which `recover` puts back.
    """
    old = target.with_name(target.name + ".old")
    kill_point(f"{target.name}:swap")
    if target.exists() and _exchange(fresh, target):
        kill_point(f"{target.name}:exchanged")
        fresh.rename(old)  # fresh now holds the previous tree
    else:
        if target.exists():
            target.rename(old)
            kill_point(f"{target.name}:moved-aside")
        fresh.rename(target)
    kill_point(f"{target.name}:swapped")
    if old.exists():
        shutil.rmtree(old)


def recover(target: Path) -> None:
    """Clean what a killed run left beside target: put a moved-aside tree back, drop the rest."""
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    if not target.exists() and old.is_dir():
        old.rename(target)  # killed between the two renames of the fallback: the old tree is whole
    for leftover in (fresh, old):
        if leftover.is_symlink() or leftover.is_file():
            leftover.unlink()
        elif leftover.exists():
            shutil.rmtree(leftover)
    for mirror in target.parent.glob(MIRROR_PREFIX + "*"):  # a search bundle's pages (search_bundles.py)
        if mirror.is_dir() and not mirror.is_symlink():
            shutil.rmtree(mirror)


def sync_tree(target: Path, texts: dict[str, str], copies: dict[str, Path], blobs: dict[str, bytes] | None = None) -> int:
    """Update a folder in place, writing only what changed (live preview); return files changed."""
    changed = 0
    blobs = blobs or {}
    wanted = set(texts) | set(copies) | set(blobs)
    contents = {rel: text.encode("utf-8") for rel, text in texts.items()} | blobs
    for rel, data in contents.items():
        path = target / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed += 1
    for rel, source in copies.items():
        path = target / rel
        data = source.read_bytes()
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed += 1
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(target).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def fill_folder(folder: Path, texts: dict[str, str], copies: dict[str, Path], blobs: dict[str, bytes]) -> None:
    """Write texts and generated binary files, and copy files into a new folder (or an empty one).

    Creating thousands of small files is the kernel's work, during which a thread lets go of the
    interpreter: with two cores or more, WRITERS threads share the files (5,000 items, 7,600 files:
    4.2-4.5 s in one thread, 2.7-3.0 s in two; bench/README.md, "Cost per unit", sixth session)."""
    folder.mkdir(parents=True, exist_ok=True)
    for parent in sorted({os.path.dirname(rel) for rel in (*texts, *copies, *blobs)} - {""}):
        os.makedirs(folder / parent, exist_ok=True)

    def write(rel: str, data: bytes | str | Path) -> None:
        if isinstance(data, Path):
            shutil.copyfile(data, folder / rel)
        elif isinstance(data, bytes):
            (folder / rel).write_bytes(data)
        else:
            with open(folder / rel, "w", encoding="utf-8", newline="\n") as file:
                file.write(data)

    work = [*sorted(blobs.items()), *sorted(texts.items()), *sorted(copies.items())]
    writers = min(WRITERS, cores())
    if writers < 2 or len(work) < THREADED_FROM:
        for rel, data in work:
            write(rel, data)
        return
    with ThreadPoolExecutor(writers) as pool:  # every thread has ended when the pool's block does
        for _ in pool.map(lambda share: [write(rel, data) for rel, data in share], [work[n::writers] for n in range(writers)]):
            pass  # an error in a thread (a full disk) is raised here


WRITERS = 2  # threads writing a new folder (more gained nothing more on this machine's 2 cores)
THREADED_FROM = 200  # files: below this many, one thread writes them all
