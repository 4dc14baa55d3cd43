"""Benchmark: a generated province built with `congkhai province build`.

    .venv/bin/python bench/province.py UNITS ITEMS [JOBS ...]     (e.g. 10 200 1 2)

Generates UNITS units of Thái Nguyên (the first UNITS of the official list, by code), each a copy of
the fixture ward with ITEMS bench items (bench/bench.py's make_data, half documents, half
disclosures) and its own site.yaml; builds them with every JOBS value in turn from an empty output
folder, then, with the last JOBS: the same day again (nothing changed), the next day (the date
moves), and after one unit's edit. Prints wall time, time per unit and the peak RSS of the largest
unit process (each unit builds in its own process). Method and figures: bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import cpu_seconds, make_data  # noqa: E402

from generator.domain.units import province_units  # noqa: E402
from generator.province.project import default_address, load_province  # noqa: E402
from generator.province.run import run_build  # noqa: E402

TODAY = dt.date(2026, 11, 22)


def make_province(root: Path, units: int, items: int, varied: bool = False) -> list[str]:
    """Write province.yaml and UNITS unit folders with ITEMS items each; return the unit codes.
    Each unit is a copy of the first, or, `varied`, has texts of its own (another random seed: what
    a province-wide search index must hold; copies compress far better than real units would)."""
    chosen = sorted(province_units("19"), key=lambda u: u.code)[:units]
    site = (REPO / "tests" / "fixtures" / "ward" / "data" / "site.yaml").read_text(encoding="utf-8")
    first = root / "units" / chosen[0].code
    shutil.copytree(REPO / "tests" / "fixtures" / "ward" / "data", first / "data")
    make_data(first, items)
    lines = ['province: "19"', "units:"]
    for unit in chosen:
        folder = root / "units" / unit.code
        if unit is not chosen[0]:
            shutil.copytree(first / "data", folder / "data")
            if varied:
                make_data(folder, items, seed=int(unit.code))
        text = site.replace("name: Mẫu Thử", f"name: {unit.name}").replace('unit_code: "99999"', f'unit_code: "{unit.code}"')
        text = text.replace("base_url: https://mauthu.example.invalid/cong", f"base_url: https://{default_address(unit)}/")
        (folder / "data" / "site.yaml").write_text(text, encoding="utf-8")
        lines += [f'  - code: "{unit.code}"', f"    source: units/{unit.code}"]
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "province.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [u.code for u in chosen]




def timed(label: str, project, out: Path, today: dt.date, jobs: int, units: int) -> None:
    start, cpu = time.perf_counter(), cpu_seconds()
    _, results = run_build(project, out, today, jobs)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    states = {s: sum(1 for r in results if r["state"] == s) for s in ("built", "skipped", "failed")}
    peak = max(r["peak_rss_mb"] for r in results)
    print(f"{label:44} {seconds:7.1f} s wall {cpu:7.1f} s CPU  {cpu / units:5.2f} CPU s/unit  built {states['built']:3d} skipped {states['skipped']:3d} "
          f"failed {states['failed']}  peak RSS of one unit process {peak} MB", flush=True)


def main(units: int, items: int, jobs: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "province"
        codes = make_province(root, units, items)
        if len(codes) < units:  # Thái Nguyên has 92 units: per-unit figures divide by the units built
            print(f"{units} units asked, the province has {len(codes)}: figures are per unit built")
        units = len(codes)
        project = load_province(root)
        print(f"province of {units} units × {items} items")
        for j in jobs:
            out = root / f"build-j{j}"
            timed(f"full build, -j{j}", project, out, TODAY, j, units)
        timed(f"same day again, -j{j}", project, out, TODAY, j, units)
        timed(f"daily rebuild (date +1 day), -j{j}", project, out, TODAY + dt.timedelta(days=1), j, units)
        edited = root / "units" / codes[0] / "data" / "site.yaml"
        edited.write_text(edited.read_text(encoding="utf-8").replace("Thứ Hai đến thứ Sáu", "Thứ Hai đến sáng thứ Bảy"), encoding="utf-8")
        timed(f"after one unit's edit (same day), -j{j}", project, out, TODAY + dt.timedelta(days=1), j, units)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(args[0] if args else 10, args[1] if len(args) > 1 else 200, args[2:] or [1, 2])
