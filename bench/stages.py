"""Stage breakdown of one unit's build: where the time goes, and the non-MkDocs overhead ratio.

    .venv/bin/python bench/stages.py [ITEMS ...]     (default 1000)

For each ITEMS, generates the bench ward (bench/bench.py's make_data) into a temporary project and
runs `build_site` once with every stage timed: load+validate (YAML, pydantic, law), render (pages,
feeds, QR), ledger check, write site_src/, MkDocs (Markdown + templates), Pagefind, re-chunking the
index, swap, ledger record. Prints one table row per size, and the peak RSS of the process.
Method and figures: bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import make_data  # noqa: E402
from tests.conftest import make_project  # noqa: E402

TIMES: dict[str, float] = {}


@contextmanager
def stage(name: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        TIMES[name] = TIMES.get(name, 0.0) + time.perf_counter() - start


def _timed(module, name: str, label: str) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        with stage(label):
            return original(*args, **kwargs)

    setattr(module, name, wrapper)


def instrument() -> None:
    """Wrap the pipeline's stages with timers (bench only; the code itself is untouched)."""
    from generator.data import load
    from generator.publish import build, search
    from generator.render import notices, pages

    _timed(build, "load_portal", "load + validate")
    _timed(build, "render_pages", "render pages")
    _timed(build, "render_feeds", "render feeds")
    _timed(pages, "qr_svg", "  of which QR codes")
    _timed(build, "check_published", "ledger check")
    _timed(build, "write_sources", "write site_src")
    _timed(search, "run_pagefind", "Pagefind")
    _timed(search, "rechunk", "re-chunk index")
    _timed(build, "swap_in", "swap site")
    _timed(build, "record_published", "ledger record")
    del load, notices


def run(items: int) -> dict[str, float]:
    from generator.publish.build import build_site

    TIMES.clear()
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "project", REPO / "tests" / "fixtures" / "ward" / "data")
        make_data(project, items)
        start = time.perf_counter()
        build_site(project, dt.date(2026, 11, 22))
        total = time.perf_counter() - start
    result = dict(TIMES)
    result["total"] = total
    outside = sum(v for k, v in result.items() if k not in ("total", "  of which QR codes"))
    result["MkDocs (total − the stages above)"] = total - outside
    return result


def main(sizes: list[int]) -> None:
    instrument()
    for items in sizes:
        result = run(items)
        mkdocs = result["MkDocs (total − the stages above)"]
        pagefind = result.get("Pagefind", 0.0) + result.get("re-chunk index", 0.0)
        print(f"== {items} items")
        for name, seconds in result.items():
            print(f"    {name:36} {seconds:7.2f} s")
        print(f"    overhead ratio (total − MkDocs) / MkDocs: {(result['total'] - mkdocs) / mkdocs:.2f}")
        print(f"    same, not counting Pagefind + re-chunk:   {(result['total'] - mkdocs - pagefind) / mkdocs:.2f}")
        print(f"    peak RSS so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000])
