"""The error list of a ward with many references to missing documents: CPU seconds of `load_portal`.

    .venv/bin/python bench/guesses.py [DOCUMENTS] [BROKEN] [--runs N]     (default 5000 1000, 3 runs)

Writes the fixture ward plus DOCUMENTS small documents into a temporary project; each of the first
BROKEN documents cites its own missing id (`vb-00007-cu`: close to an existing id, as a typo is), so
there are BROKEN distinct missing ids. Loads once (imports, rules), then N times, and prints the least
CPU time of the N loads (each ends in DataProblems listing every broken reference) and the number of
difflib searches. Method and figures: bench/README.md, "Guesses for missing ids".
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TODAY = dt.date(2026, 11, 22)


class _Counting(difflib.SequenceMatcher):
    searches = 0

    def __init__(self, *args, **kwargs):
        type(self).searches += 1
        super().__init__(*args, **kwargs)


def _ward(target: Path, documents: int, broken: int) -> Path:
    shutil.copytree(REPO / "tests" / "fixtures" / "ward" / "data", target / "data")
    folder = target / "data" / "van-ban" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(documents):
        related = f"related: [vb-{i:05d}-cu]\n" if i < broken else ""
        (folder / f"vb-{i:05d}.yaml").write_text(
            f"id: vb-{i:05d}\ntype: thong_bao\nissuer: Ủy ban nhân dân xã\ntitle: Thông báo số {i}\n"
            f"adopted_on: 2026-02-01\n{related}", encoding="utf-8")
    return target


def measure(documents: int, broken: int, runs: int) -> None:
    from generator.data.load import load_portal
    from generator.data.problems import DataProblems

    difflib.SequenceMatcher = _Counting  # get_close_matches makes one matcher per search
    with tempfile.TemporaryDirectory() as tmp:
        project = _ward(Path(tmp) / "project", documents, broken)
        best = float("inf")
        for run in range(runs + 1):
            _Counting.searches = listed = 0
            start = os.times()
            try:
                load_portal(project, TODAY)
            except DataProblems as error:
                listed = sum("không có văn bản nào mang mã" in p.message for p in error.problems)
            spent = os.times()
            if run:  # the first load pays for imports and rules
                best = min(best, spent.user + spent.system - start.user - start.system)
        print(f"{documents} documents, {broken} broken references ({listed} listed): load_portal {best:.2f} CPU s "
              f"(least of {runs}), {_Counting.searches} difflib searches", flush=True)


def main(argv: list[str]) -> None:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    sizes = [int(a) for i, a in enumerate(argv) if a.isdigit() and (i == 0 or argv[i - 1] != "--runs")]
    documents, broken = (sizes + [5000, 1000][len(sizes):])[:2]
    measure(documents, broken, runs)


if __name__ == "__main__":
    main(sys.argv[1:])
