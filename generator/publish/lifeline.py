"""A worker process that ends with the process that started it, and takes its own child with it.

The search worker (search_beside.py) runs Pagefind while the build's MkDocs writes pages. A build
killed with SIGKILL cannot tell its worker, and the worker would otherwise read the end of its
input as "no more pages" and index into a folder nobody will use. So the worker:

- ends as by SIGTERM when its parent ends (`end_with_parent`): on Linux the kernel sends the signal
  (prctl PR_SET_PDEATHSIG); elsewhere a thread watches os.getppid() and sends it. SIGTERM and
  SIGINT (Ctrl-C, or the build's own `stop`) raise SystemExit and KeyboardInterrupt, so `finally`
  blocks remove its temporary folders and subprocess code kills the child it is waiting for;
- starts its child with `start_child`: a signal arriving while the child is being started is held
  until the Popen object exists (CPython's Popen does not end a child it started when interrupted
  there: tests/test_search_beside.py saw such a Pagefind left running), and on Linux the child
  itself is killed by the kernel when the worker ends, however the worker ends.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import threading
import time

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 0.5  # how often the worker looks for its parent where the kernel cannot tell it
POLL_VARIABLE = "CONGKHAI_WATCH_PARENT"  # "poll": watch os.getppid() even on Linux (tests of the fallback)

_held: list[int] | None = None  # signals that arrived while a child was being started


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it): the search
    worker's Pagefind threads, the forked render, the threads writing a folder, a province's jobs."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def prctl():
    """The C library's prctl, or None where there is none (not Linux)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (AttributeError, OSError, TypeError):
        return None


def end_with_parent(parent: int) -> None:
    """End this process, as by SIGTERM, when the process `parent` (its parent now) ends. A parent
    that ended before this was set up is seen by comparing os.getppid() with `parent`."""
    signal.signal(signal.SIGTERM, _ended)
    signal.signal(signal.SIGINT, _ended)
    call = prctl()
    kernel = call is not None and call(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    if not kernel or os.environ.get(POLL_VARIABLE) == "poll":
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="congkhai-watch-parent").start()
    if os.getppid() != parent:
        raise SystemExit(128 + signal.SIGTERM)


def _ended(signum, frame) -> None:
    if _held is not None:
        _held.append(signum)
        return
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    # To the main thread, so that a system call it is waiting in (for Pagefind) is interrupted.
    if hasattr(signal, "pthread_kill"):
        signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)
    else:
        os.kill(os.getpid(), signal.SIGTERM)


def start_child(args: list[str], **options) -> subprocess.Popen:
    """subprocess.Popen(args, **options) for a process set up by `end_with_parent`: ended (and
    waited for) if a signal came while it was starting, the signal then acted on; on Linux killed
    by the kernel when this process ends."""
    global _held
    call = prctl()
    if call is not None:
        options["preexec_fn"] = _dies_with(os.getpid(), call)
    _held = []
    try:
        process = subprocess.Popen(args, **options)
    except BaseException:
        held, _held = _held, None
        if held:
            _ended(held[0], None)
        raise
    held, _held = _held, None
    if held:
        process.kill()
        process.wait()
        _ended(held[0], None)
    return process


def _dies_with(parent: int, prctl):
    """The child's set-up before it runs its program: SIGKILL when `parent` ends (prctl looked up
    before the fork, so the child only calls it)."""
    def set_up() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # ended already, before the request
            os._exit(1)
    return set_up
