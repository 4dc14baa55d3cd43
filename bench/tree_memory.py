"""The memory of a build's whole process tree: the build, its forked render child, its search
worker and Pagefind, summed at each moment.

    with TreeMemory() as tree:   # in the build's process (bench/memory.py)
        build_site(...)
    print(tree.report())

A sampler process (not a thread: a thread in the build's process would keep the build from forking,
generator/publish/forked.py) reads every 0.2 s the proportional set size (PSS, /proc/PID/smaps_rollup)
of the build's process and of each of its descendants, and keeps the largest sum. PSS splits a page
shared by several processes between them, so a forked child that only reads the parent's memory
adds almost nothing to the sum, where RSS would count the shared pages twice.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Self


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            tree.setdefault(parent, []).append(int(name))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        return 0


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read().split(b"\0")
        return " ".join(w.decode("utf-8", "replace").rsplit("/", 1)[-1] for w in words[:4] if w)[:60]
    except OSError:
        return "?"


def sample(root: int, out) -> None:
    """Sample the tree under `root` (without this process) until stdin closes; print the peak."""
    me = os.getpid()
    best, at = 0, []
    os.set_blocking(sys.stdin.fileno(), False)
    while True:
        try:
            if sys.stdin.buffer.read() == b"":
                break
        except (BlockingIOError, TypeError):
            pass
        tree, pids, todo = _children(), [], [root]
        while todo:
            pid = todo.pop()
            if pid != me:
                pids.append(pid)
                todo += tree.get(pid, [])
        sizes = [(_pss_kb(pid), pid) for pid in pids]
        total = sum(size for size, _ in sizes)
        if total > best:
            best, at = total, [(size, _comm(pid)) for size, pid in sorted(sizes, reverse=True) if size > 1024]
        time.sleep(0.2)
    print(f"peak PSS of the whole process tree: {best / 1024:.0f} MB = " + " + ".join(f"{size / 1024:.0f} MB ({name})" for size, name in at), file=out, flush=True)


class TreeMemory:
    def __enter__(self) -> Self:
        self.process = subprocess.Popen([sys.executable, __file__, str(os.getpid())], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        self.line = self.process.stdout.read().strip()
        self.process.wait()

    def report(self) -> str:
        return self.line


if __name__ == "__main__":
    sample(int(sys.argv[1]), sys.stdout)
