"""Python's cyclic garbage collector during a build: fewer young collections, and no walks over
what lives until the build ends.

A build makes millions of small objects (records with their lines, rendered pages, MkDocs's pages,
the search index while it is re-chunked) that almost all live until the build ends or are freed by
their reference counts; it makes very little cyclic garbage. With Python's default thresholds (a
young collection every 700 new objects, and full collections that walk every object alive) the
collector took 1.6-1.8 of 19-21 CPU s of a 2,000-item build. During a build (`during_build`) a
young collection waits for YOUNG new objects, and what exists when the build starts and when the
site has been generated (`settle`) is frozen: later collections skip it. Measured in
bench/README.md ("Fourth session"): 0.6-0.9 s of collection, 6 MB more peak memory.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

YOUNG = 10_000  # new objects between young collections (Python's default: 700)
_active = 0


@contextmanager
def during_build():
    """Collect less while a build or check runs; the interpreter's own settings come back after,
    and what was frozen is collectable again (`congkhai serve` builds many times in one process)."""
    global _active
    if _active:  # nested (a build inside a build's process): the outer one decides
        yield
        return
    threshold = gc.get_threshold()
    _active = 1
    gc.set_threshold(YOUNG, *threshold[1:])
    gc.freeze()
    try:
        yield
    finally:
        _active = 0
        gc.set_threshold(*threshold)
        gc.unfreeze()


def settle() -> None:
    """Everything alive now lives until the build ends (called once the site is generated): later
    collections do not walk it. Does nothing outside `during_build`."""
    if _active:
        gc.freeze()
