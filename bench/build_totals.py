"""One full build's totals, with no stage timers: wall, CPU and minor page faults of the build process.

    .venv/bin/python bench/build_totals.py ITEMS [child|nochild]     (default: 1000 child)

Generates the bench ward (bench/bench.py's make_data) into a temporary project and builds it once
with `build_site`, as `congkhai build` does (a cold build: no site, no QR cache). "nochild" builds
with `forked.worthwhile` answering no, so that no forked child helps: site_src/ is then written before
MkDocs reads a page, and the data and the open data are read and rendered in this process. To compare
with older code, copy this file into that checkout's bench/ and run it there (it builds with the code
of the checkout it is in): bench/stages.py's timers wrap the plugin's hooks and other stages, which
the totals here do not pay. Minor page faults
(getrusage ru_minflt) count among others the pages a forked child shares with the build and the
build then writes to (copy on write). Method and figures: bench/README.md, "Cost per unit", ninth session.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import bench_ward  # noqa: E402


def main(items: int, mode: str) -> None:
    from generator.publish import forked
    from generator.publish.build import build_site

    if mode == "nochild":
        forked.worthwhile = lambda: False  # also the children that read and render (forked.py)
    with tempfile.TemporaryDirectory() as tmp:
        project = bench_ward(Path(tmp) / "project", items)
        before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        build_site(project, dt.date(2026, 11, 22))
        wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
    print(f"{items} items, {mode}, {REPO}: wall {wall:.1f} s, user {after.ru_utime - before.ru_utime:.1f} s, "
          f"sys {after.ru_stime - before.ru_stime:.1f} s, minor faults {after.ru_minflt - before.ru_minflt}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, sys.argv[2] if len(sys.argv) > 2 else "child")
