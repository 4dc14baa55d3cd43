"""Run one share of a build's work in a second process while this one does the rest.

Loading and rendering are pure Python and hold one core. A build on a machine with two cores or
more reads every other data file in a forked child while the parent reads the rest
(data/parsed.py ParsedFiles.read_all), and renders the feeds and the open data (the JSON, CSV and
XLSX exports, most of it openpyxl writing cells) in a forked child while the parent renders the
lists; the two then render the documents' and disclosures' own pages from both ends until they meet
(render/site.py, data/shares.py BothEnds). The child sends its result back pickled through a pipe.
Forking copies nothing up front: the child reads the loaded portal where the parent left it.

The child is an optimisation only. Wherever forking is unwise (one core, another thread running,
as in `congkhai serve`, no os.fork) or the child fails in any way (an exception, a signal, a
result that does not unpickle), the share is done in this process when its result is asked for,
so the output and any error are exactly those of doing it here (tests/test_forked.py,
tests/test_load_shares.py). Measured in bench/README.md ("Cost per unit", sixth and seventh sessions).
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from ..data.shares import here
from . import collector, lifeline


def worthwhile() -> bool:
    """A second process can help: two usable cores or more, this the only thread, os.fork exists."""
    return hasattr(os, "fork") and threading.active_count() == 1 and lifeline.cores() > 1


def beside(function: Callable[..., Any], *args: Any):
    """load_portal's and render_site's `elsewhere` (data/shares.py): function(*args) in a forked
    child where that is worthwhile (see in_child), else in this process when its result is asked for."""
    return (in_child if worthwhile() else here)(function, *args)


@contextmanager
def in_child(function: Callable[..., Any], *args: Any, redo: bool = True) -> Iterator[Callable[[], Any]]:
    """Start function(*args) in a forked child; yield a function that returns its result (waiting
    for the child, or running the function here if the child could not give it). Leaving the block
    ends a child whose result was not asked for.

    With redo=False the child's failure is raised instead: its own exception where it sent one, else
    ChildFailed. Nothing of the call is then kept here, so the caller may let go of its arguments
    (site_src/'s writer, sources_beside.py, drops each page once MkDocs has read it)."""
    collector.settle()  # what the child only reads is not walked, so not copied, by its collector
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        os.close(read_end)
        _child(write_end, function, args, parent)
    os.close(write_end)
    child = _Child(pid, read_end, function if redo else None, args if redo else ())
    try:
        yield child.result
    finally:
        child.end()


def _child(write_end: int, function: Callable[..., Any], args: tuple, parent: int) -> None:
    """Any failure (an exception, a result pickle cannot write) exits 1, after sending the exception
    where it pickles: the parent does the part itself, or raises it (redo=False). os._exit: no atexit
    handler, buffer or temporary file of the parent's is touched."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child at once; the parent reports it
        call = lifeline.prctl()
        if call is not None:  # a build killed with SIGKILL takes the child with it (Linux)
            call(lifeline.PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # killed before the request
            os._exit(1)
        out = os.fdopen(write_end, "wb")
        try:
            result = function(*args)
        except Exception as error:  # noqa: BLE001
            with suppress(Exception), out:
                pickle.dump(_Failed(error), out, protocol=pickle.HIGHEST_PROTOCOL)
            os._exit(1)
        with out:  # pickled as it is sent: never all of it in memory at once
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001
        os._exit(1)
    os._exit(0)


class _Failed:
    """What a child sends instead of a result when its function raised."""

    def __init__(self, error: Exception) -> None:
        self.error = error


class ChildFailed(RuntimeError):
    """A child of in_child(redo=False) ended without a result or an exception to raise (a signal, say)."""


class _Child:
    """The parent's side: the pipe to read, the process to reap."""

    def __init__(self, pid: int, read_end: int, function: Callable[..., Any] | None, args: tuple) -> None:
        self.pid, self.read_end, self.function, self.args = pid, read_end, function, args
        self.done = False

    def result(self) -> Any:
        value, unpickled = None, False
        with os.fdopen(self.read_end, "rb") as pipe, suppress(Exception):  # cut short or not a pickle: done here instead
            value, unpickled = pickle.load(pipe), True  # as it arrives: never all the bytes at once
        self.read_end = -1
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        code = os.waitstatus_to_exitcode(status)
        if unpickled and code == 0 and not isinstance(value, _Failed):
            return value
        if self.function is not None:
            return self.function(*self.args)
        if isinstance(value, _Failed):
            raise value.error
        raise ChildFailed(f"tiến trình con dừng bất thường (mã {code})")

    def end(self) -> None:
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1
        if not self.done:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.done = True
