"""Where a build's memory goes: RSS, and with TRACE=1 tracemalloc's top allocation sites, at the
boundaries of the pipeline's stages.

    .venv/bin/python bench/memory.py [ITEMS]               (default 2000)
    TRACE=1 .venv/bin/python bench/memory.py 2000          (slow: every allocation is traced)

Builds bench/bench.py's generated ward once with `build_site`, wrapping render_site, sources_beside
(MkDocs then reads the pages from memory while site_src/ is written beside), run_pagefind, rechunk
and swap_in (the code itself is not changed); prints the process's RSS and peak before and after each, and at the end the peak RSS of each Pagefind run (each search bundle's),
measured under /usr/bin/time as bench/bench.py does: getrusage's largest finished child is no measure
of Pagefind, as a child forked from the build starts with the build's own high-water mark. A full
build runs Pagefind in its search worker instead (generator/publish/search_beside.py): for it, and
for the forked render (generator/publish/forked.py), the last line is the peak of the whole process
tree's PSS (bench/tree_memory.py). Method and figures: bench/README.md, "Memory".
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import tempfile
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import _measure_pagefind, bench_ward  # noqa: E402
from tree_memory import TreeMemory  # noqa: E402

TRACE = os.environ.get("TRACE") == "1"


def _rss() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))


def report(label: str) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"--- {label}: RSS {_rss()} MB, peak {peak} MB", flush=True)
    if TRACE:
        stats = tracemalloc.take_snapshot().statistics("lineno")
        print(f"    traced {sum(s.size for s in stats) / 2**20:.0f} MB")
        for s in stats[:12]:
            print(f"    {s.size / 2**20:7.1f} MB {s.count:8d}  {s.traceback.format()[-1].strip()}")


def _wrap(module, name: str, label: str) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        report("before " + label)
        result = original(*args, **kwargs)
        report("after " + label)
        return result

    setattr(module, name, wrapper)


def main(items: int) -> None:
    from generator.publish import build, search

    peaks: list = []
    _measure_pagefind(peaks)  # replaces search.run_pagefind; the wrapper below reports around it
    for module, name in ((build, "render_site"), (build, "sources_beside"), (search, "run_pagefind"),
                         (search, "rechunk"), (build, "swap_in")):
        _wrap(module, name, name)
    if TRACE:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp:
        project = bench_ward(Path(tmp) / "project", items)
        report("start")
        with TreeMemory() as tree:
            build.build_site(project, dt.date(2026, 11, 22))
        report("end")
    if peaks:  # Pagefind run by this process (a full build runs it in its search worker: see the tree)
        print("Pagefind peak RSS per run: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks))
    print(tree.report())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
