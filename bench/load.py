"""The load + validate stage alone: CPU seconds of `load_portal` on the bench ward, and its profile.

    .venv/bin/python bench/load.py [ITEMS ...] [--runs N] [--profile]     (default 2000 5000, 5 runs)

For each ITEMS, generates the bench ward (bench/bench.py's make_data, as bench/stages.py does) into a
temporary project, loads it once (imports, rules), then N times, and prints the least CPU time of
the N loads (the machine is shared: the minimum is the steadiest figure). --profile adds cProfile's
top functions of one more load. Method and figures: bench/README.md, "Fourth session: load".
"""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import bench_ward, cpu_seconds  # noqa: E402

TODAY = dt.date(2026, 11, 22)




def measure(items: int, runs: int, profile: bool) -> None:
    from generator.data.load import load_portal

    with tempfile.TemporaryDirectory() as tmp:
        project = bench_ward(Path(tmp) / "project", items)
        load_portal(project, TODAY)
        best = float("inf")
        for _ in range(runs):
            start = cpu_seconds(children=False)
            load_portal(project, TODAY)
            best = min(best, cpu_seconds(children=False) - start)
        print(f"{items} items: load_portal {best:.2f} CPU s (least of {runs})", flush=True)
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(load_portal, project, TODAY)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main(argv: list[str]) -> None:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    sizes = [int(a) for i, a in enumerate(argv) if a.isdigit() and (i == 0 or argv[i - 1] != "--runs")]
    for items in sizes or [2000, 5000]:
        measure(items, runs, "--profile" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
