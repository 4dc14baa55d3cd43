"""Run a province build: every unit in its own process, the state of each unit kept across runs,
shards for separate CI runners and their assembly, then the province pages.

Output folder (default <province>/build/):
    units/<code>/project/      the unit's project: data/, site_src/, site/ (its live site)
    units/<code>/last-build.json
    state.json                 every unit's state: live, failing since … (its errors), never built; its notes
    shard-<i>-of-<n>.json      what one shard built (CI runners)
    tinh/                      the province's own pages
    addresses.json             address -> folder, for the web server
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from ..publish.lifeline import cores
from .project import ProvinceProject, UnitSource
from .unit_build import build_unit, unchanged

STATE_FILE = "state.json"
UNITS_PER_PROCESS = 8  # worker processes are replaced after about this many units each: imports are
# paid once per eight units, and whatever one unit's build left in memory goes back soon
DEFAULTS = Path(__file__).resolve().parents[2]  # the source tree's mkdocs.yml and theme/ (until the wheel ships them)


class AssemblyError(Exception):
    """A shard's output is missing or does not hold the units it should: nothing is published."""


def shard_of(code: str, shards: int) -> int:
    """The shard (1-based, like GitLab's CI_NODE_INDEX) that builds a unit: its code modulo shards.
    Depends on the unit's code only, so adding or removing a unit never moves another."""
    return int(code) % shards + 1


def shard_units(units: tuple[UnitSource, ...], index: int, shards: int) -> list[UnitSource]:
    """The units of one shard, by code."""
    return [u for u in units if shard_of(u.code, shards) == index]


def _job(unit: UnitSource, out: Path, today: dt.date, memory_mb: int | None, defaults: Path) -> dict:
    return {"code": unit.code, "project": str(out / "units" / unit.code / "project"),
            "folder": str(unit.folder) if unit.folder else None, "git": unit.git, "branch": unit.branch,
            "defaults": str(defaults), "today": today.isoformat(), "memory_mb": memory_mb}


def build_units(units: list[UnitSource], out: Path, today: dt.date, jobs: int, memory_mb: int | None = None,
                progress=None, defaults: Path = DEFAULTS) -> list[dict]:
    """Build the units in parallel in worker processes, replaced after about UNITS_PER_PROCESS units each.
    A unit without its own mkdocs.yml and theme/ takes defaults' (the province project's, if it has them)."""
    jobs_of = [_job(u, out, today, memory_mb, defaults) for u in units]
    results = []
    work = []
    for job in jobs_of:
        same = unchanged(job)
        if same is None:
            work.append(job)
        else:
            results.append(same)
            if progress:
                progress(same)
    # Fresh pools of worker processes, each taking at most UNITS_PER_PROCESS units per worker (not
    # max_tasks_per_child, which can hang on Python 3.11 when a worker retires). A worker that dies
    # (killed, crashed) fails only the units it was given.
    batch = max(1, jobs) * UNITS_PER_PROCESS
    for first in range(0, len(work), batch):
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(build_unit, job): job for job in work[first:first + batch]}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except Exception as error:  # BrokenProcessPool and the like: the process is gone
                    result = {"code": futures[future]["code"], "state": "failed", "digest": None, "summary": None,
                              "problems": f"Lỗi: tiến trình dựng đơn vị dừng đột ngột ({type(error).__name__}). Trang cũ giữ nguyên.",
                              "seconds": 0.0, "peak_rss_mb": 0}
                results.append(result)
                if progress:
                    progress(result)
    return _in_order(results, jobs_of)


def _in_order(results: list[dict], jobs: list[dict]) -> list[dict]:
    order = {job["code"]: i for i, job in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r["code"]])


def read_state(out: Path) -> dict:
    path = out / STATE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"units": {}}


def write_state(out: Path, state: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    fresh = out / (STATE_FILE + ".new")
    fresh.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    fresh.replace(out / STATE_FILE)


def merge_results(state: dict, results: list[dict], today: dt.date, out: Path) -> dict:
    """Fold this run's results into the kept state of every unit."""
    units = state.setdefault("units", {})
    for r in results:
        entry = units.setdefault(r["code"], {})
        live = (out / "units" / r["code"] / "project" / "site").is_dir()
        entry["live"] = live
        if r["state"] == "failed":
            entry.setdefault("failing_since", today.isoformat())
            entry["problems"] = r["problems"]
            entry.pop("notes", None)  # as `congkhai check`: errors, then no notes
        else:
            entry.pop("failing_since", None)
            entry.pop("problems", None)
            if r.get("notes"):
                entry["notes"] = r["notes"]  # what `congkhai check` shows the unit's clerk, not errors
            else:
                entry.pop("notes", None)
            entry["digest"] = r["digest"]
            entry["summary"] = r["summary"]
            entry["built_on"] = r.get("built_on") or today.isoformat()
        entry["last_run"] = {"on": today.isoformat(), "result": r["state"], "seconds": r.get("seconds"),
                             "peak_rss_mb": r.get("peak_rss_mb")}
    return state


def run_build(project: ProvinceProject, out: Path, today: dt.date, jobs: int, shard: tuple[int, int] | None = None,
              memory_mb: int | None = None, progress=None) -> tuple[dict, list[dict]]:
    """Build the province's units (or one shard of them); return the state and this run's results."""
    units = list(project.units) if shard is None else shard_units(project.units, *shard)
    defaults = project.root if (project.root / "mkdocs.yml").is_file() else DEFAULTS
    results = build_units(units, out, today, jobs, memory_mb, progress, defaults)
    state = merge_results(read_state(out), results, today, out)
    write_state(out, state)
    if shard is not None:
        index, count = shard
        manifest = {"shard": index, "of": count, "province": project.code, "today": today.isoformat(),
                    "units": sorted(u.code for u in units)}
        (out / f"shard-{index}-of-{count}.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return state, results


def assemble(project: ProvinceProject, shard_dirs: list[Path], shards: int, out: Path) -> dict:
    """Gather the shards' outputs into out/, refusing when any shard or any of its units is missing."""
    manifests: dict[int, tuple[Path, dict]] = {}
    for folder in shard_dirs:
        for path in folder.glob(f"shard-*-of-{shards}.json"):
            manifest = json.loads(path.read_text(encoding="utf-8"))
            manifests[manifest["shard"]] = (folder, manifest)
    missing = [i for i in range(1, shards + 1) if i not in manifests]
    if missing:
        raise AssemblyError(f"thiếu kết quả của phần {', '.join(map(str, missing))} trên {shards} phần; chưa xuất bản gì.")
    state = read_state(out)
    for index, (folder, manifest) in sorted(manifests.items()):
        expected = sorted(u.code for u in shard_units(project.units, index, shards))
        if manifest["units"] != expected:
            raise AssemblyError(f"phần {index} không dựng đúng các đơn vị cần dựng (có {len(manifest['units'])}, cần {len(expected)}); chưa xuất bản gì.")
        shard_state = read_state(folder)
        for code in expected:
            if code not in shard_state["units"]:
                raise AssemblyError(f"phần {index} thiếu kết quả của đơn vị {code}; chưa xuất bản gì.")
    for index, (folder, manifest) in sorted(manifests.items()):
        shard_state = read_state(folder)
        for code in manifest["units"]:
            state["units"][code] = shard_state["units"][code]
            source = folder / "units" / code
            if source.resolve() != (out / "units" / code).resolve() and source.is_dir():
                target = out / "units" / code
                fresh = target.with_name(code + ".new")
                if fresh.exists():
                    shutil.rmtree(fresh)
                shutil.copytree(source, fresh, symlinks=True)
                if target.exists():
                    shutil.rmtree(target)
                fresh.rename(target)
    write_state(out, state)
    return state


def default_jobs() -> int:
    return cores()
