"""The open data rendered in a forked child beside the pages (generator/publish/forked.py): the same
output as in one process, and every way the child can fail ends in the parent rendering it itself."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.data.load import load_portal
from generator.publish import forked
from generator.render.site import render_site
from tests.conftest import REPO, TODAY

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this system")


def _pid() -> int:
    return os.getpid()


def _fails_in_child(parent: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("only in the child")
    return f"rendered in {os.getpid()}"


def _killed_in_child(parent: int) -> str:
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return f"rendered in {os.getpid()}"


def _unpicklable_in_child(parent: int):
    if os.getpid() != parent:
        return lambda: None  # pickle cannot write a lambda
    return f"rendered in {os.getpid()}"


def _always_fails() -> None:
    raise ValueError("Trường 'tieu_de' thiếu")


@needs_fork
def test_child_renders_in_another_process_and_the_site_is_the_same(ward):
    with forked.in_child(_pid) as result:
        assert result() != os.getpid()
    portal = load_portal(ward, dt.date.fromisoformat(TODAY))
    texts, blobs = render_site(portal)
    split_texts, split_blobs = render_site(portal, forked.in_child)
    assert list(split_texts) == list(texts) and split_texts == texts
    assert list(split_blobs) == list(blobs) and split_blobs == blobs
    assert any(path.endswith(".xlsx") for path in split_blobs) and "du-lieu/index.md" in split_texts


@needs_fork
@pytest.mark.parametrize("function", [_fails_in_child, _killed_in_child, _unpicklable_in_child])
def test_a_child_that_fails_leaves_the_work_to_the_parent(function):
    parent = os.getpid()
    with forked.in_child(function, parent) as result:
        assert result() == f"rendered in {parent}"


@needs_fork
def test_an_error_is_raised_as_the_parent_raises_it():
    with forked.in_child(_always_fails) as result, pytest.raises(ValueError, match="tieu_de"):
        result()


@needs_fork
def test_leaving_early_ends_the_child():
    with pytest.raises(KeyError), forked.in_child(signal.pause) as result:
        child = result.__self__.pid
        raise KeyError("the build failed while the child worked")
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped: no zombie left
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_not_forked_beside_another_thread():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.worthwhile()
        with forked.beside(_pid) as result:
            assert result() == os.getpid()
    finally:
        stop.set()
        thread.join()


@needs_fork
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads process states from /proc (Linux)")
def test_a_child_ends_with_a_build_killed_with_sigkill():
    """A build killed with SIGKILL cannot end its child: the kernel does (prctl PR_SET_PDEATHSIG)."""
    script = ("import signal\nfrom generator.publish import forked\n"
              "with forked.in_child(signal.pause) as result:\n"
              "    print(result.__self__.pid, flush=True)\n    signal.pause()\n")
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=REPO, text=True)
    child = int(build.stdout.readline())
    assert _state(child) not in (None, "Z")  # working (here: waiting) while the build runs
    build.kill()
    build.wait()
    deadline = time.monotonic() + 30
    while _state(child) not in (None, "Z"):  # gone, or dead and not yet reaped by its new parent
        assert time.monotonic() < deadline, "the forked child outlived the build"
        time.sleep(0.05)


def _state(pid: int) -> str | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next(line.split()[1] for line in status.splitlines() if line.startswith("State:"))
