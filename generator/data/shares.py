"""Work done in shares: the `elsewhere` a stage is given to run one share of its work.

A stage that can split its work (reading data files, rendering the site) takes an `elsewhere`:
`elsewhere(function, *args)` is a context manager yielding a function that returns
function(*args). `here`, the default, runs it in this process when its result is asked for; a
build passes publish/forked.py's `beside`, which runs it in a forked child where a second core
helps, with the same result and the same errors.
"""

from __future__ import annotations

import mmap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def here(function: Callable[..., Any], *args: Any) -> Iterator[Callable[[], Any]]:
    """Run function(*args) in this process, when its result is asked for."""
    yield lambda: function(*args)


class BothEnds:
    """A list of tasks worked from both ends at once: this process takes them from the front
    (`front`), the share run `elsewhere` from the back (`back`), until they meet; so neither waits
    for the other whatever each one's other work costs.

    Each end notes in memory shared with a forked child how far it has got before doing a task, and
    takes the next only while the other end has not reached it: where they meet a task may be done
    by both (the same result), never by neither. The caller still does itself any task the other
    end took and did not deliver (a child that failed)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._memory = mmap.mmap(-1, 16)  # anonymous and shared: a forked child writes the same bytes
        self._ends = memoryview(self._memory).cast("q")
        self._ends[0], self._ends[1] = 0, count  # tasks before [0] are the front's, from [1] on the back's

    def front(self) -> Iterator[int]:
        index = 0
        while index < self._ends[1]:
            self._ends[0] = index + 1
            yield index
            index += 1

    def back(self) -> Iterator[int]:
        index = self.count - 1
        while index >= self._ends[0]:
            self._ends[1] = index
            yield index
            index -= 1
