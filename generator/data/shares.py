"""Work done in shares: the `elsewhere` a stage is given to run one share of its work.

A stage that can split its work (reading data files, rendering the site) takes an `elsewhere`:
`elsewhere(function, *args)` is a context manager yielding a function that returns
function(*args). `here`, the default, runs it in this process when its result is asked for; a
build passes publish/forked.py's `beside`, which runs it in a forked child where a second core
helps, with the same result and the same errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def here(function: Callable[..., Any], *args: Any) -> Iterator[Callable[[], Any]]:
    """Run function(*args) in this process, when its result is asked for."""
    yield lambda: function(*args)
