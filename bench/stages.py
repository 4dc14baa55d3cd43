"""Stage breakdown of one unit's build: where the time goes, and the non-MkDocs overhead ratio.

    .venv/bin/python bench/stages.py [--warm] [ITEMS ...]     (default 1000)

For each ITEMS, generates the bench ward (bench/bench.py's make_data) into a temporary project and
runs `build_site` once with every stage timed: load+validate (YAML, pydantic, law), render (pages,
feeds, QR), ledger check, write site_src/, the congkhai plugin's hooks inside MkDocs, the build
manifest and QR cache, MkDocs (Markdown + templates: the rest), the search index (choosing the pages,
the folder of links, and within it Pagefind and re-chunking the index), swap, ledger record. A full
build indexes in a second process beside MkDocs (generator/publish/search_beside.py): its "search index"
row is the time the build waited for that process (wall) and the process's CPU time; its Pagefind and
re-chunking sub-rows are timed by indexing the same pages again in this process after the build. Prints one table row per size, and the peak RSS of the process. With --warm,
the timed build is a second full build of the same project with the QR cache of the first kept (as a
CI build whose pipeline restores .congkhai-cache/), not a first build.
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

from bench import bench_ward, cpu_seconds  # noqa: E402

TIMES: dict[str, float] = {}
CPU: dict[str, float] = {}




ACTIVE: list[str] = []  # stages being timed, outermost first: a call inside one of the same stage is not counted twice


@contextmanager
def stage(name: str):
    if name in ACTIVE:
        yield
        return
    outer = ACTIVE[-1] if ACTIVE else None
    ACTIVE.append(name)
    start, cpu = time.perf_counter(), cpu_seconds()
    try:
        yield
    finally:
        ACTIVE.pop()
        wall, used = time.perf_counter() - start, cpu_seconds() - cpu
        TIMES[name] = TIMES.get(name, 0.0) + wall
        CPU[name] = CPU.get(name, 0.0) + used
        if outer is not None and name not in SUBROWS:  # a stage of its own inside another (site_src's
            TIMES[outer] = TIMES.get(outer, 0.0) - wall  # writing inside the plugin's hooks): counted once, as itself
            CPU[outer] = CPU.get(outer, 0.0) - used


# The plugin's hooks run inside MkDocs but are congkhai's work. on_post_build is left out: its work is
# Pagefind and the re-chunking, timed as stages of their own.
HOOKS = ("on_config", "on_pre_build", "on_files", "on_env", "on_page_read_source", "on_page_markdown", "on_page_content",
         "on_page_context", "on_post_page")
HOOKS_LABEL = "plugin hooks, filters (inside MkDocs)"
# Rows inside another stage, printed under it and not added again.
SUB_QR, SUB_PAGEFIND, SUB_RECHUNK = "  of which QR codes", "  of which Pagefind", "  of which re-chunking"
SUBROWS = {SUB_QR: "render pages", SUB_PAGEFIND: "search index", SUB_RECHUNK: "search index"}


def _timed(module, name: str, label: str) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        with stage(label):
            return original(*args, **kwargs)

    setattr(module, name, wrapper)


def instrument() -> None:
    """Wrap the pipeline's stages with timers (bench only; the code itself is untouched)."""
    from generator.data import load
    from generator.publish import build, incremental, search
    from generator.publish.mkdocs_plugin import CongkhaiPlugin
    from generator.publish.search_beside import IndexBeside
    from generator.publish.sources_beside import SourcesBeside
    from generator.render import notices, pages

    _timed(build, "load_portal", "load + validate")
    if hasattr(build, "render_site"):  # pages, feeds and open-data exports in one call
        _timed(build, "render_site", "render pages")
    else:
        _timed(build, "render_pages", "render pages")
        _timed(build, "render_feeds", "render feeds")
    _timed(pages, "qr_svg", SUB_QR)
    _timed(build, "check_published", "ledger check")
    _timed(build, "sources_beside", "write site_src")
    _timed(SourcesBeside, "files", "write site_src")  # inside MkDocs: the pages given from memory
    _timed(SourcesBeside, "wait", "write site_src")  # inside MkDocs: the wait for the folder written beside
    _timed(build, "swap_in", "swap site")
    _timed(search, "index_site", "search index")  # a build that indexes after MkDocs (partial, preview)
    _timed(IndexBeside, "finish", "search index")  # a full build: waiting for the worker beside MkDocs
    _timed(search, "run_pagefind", SUB_PAGEFIND)
    _timed(search, "rechunk", SUB_RECHUNK)
    _timed(build, "published_ledger", "ledger record")
    _timed(build, "write_published", "ledger record")
    _timed(incremental, "write_manifest", "manifest, QR cache")
    _timed(incremental, "site_stats", "manifest, QR cache")  # also the live site's, checked before MkDocs
    _timed(build, "save_codes", "manifest, QR cache")
    for hook in HOOKS:  # before MkDocs loads the plugin, which then registers these wrappers
        _timed(CongkhaiPlugin, hook, HOOKS_LABEL)
    for name in ("folded_text", "number_variants"):  # the theme's filters (on_env gives them to Jinja)
        _timed(search, name, HOOKS_LABEL)
    del load, notices


def reindex(site: Path) -> None:
    """Write the built site's search index again in this process, with the pages the build's worker
    was given (search_beside.py), so that its Pagefind runs and re-chunking are timed as sub-rows."""
    from generator.publish import collector, search, search_bundles

    pages = sorted(search_bundles.indexed_pages(site))
    with collector.during_build():  # the collector as the worker has it (its own process, little else alive)
        search_bundles.index_bundles(site, search.run_pagefind, search.rechunk, pages=pages)


def run(items: int, warm: bool = False) -> dict[str, float]:
    import shutil
    import subprocess

    from generator.publish.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        project = bench_ward(Path(tmp) / "project", items)
        if warm:  # as a CI build with its cache restored: the QR cache kept, no site, no manifest
            # The first build in a process of its own, so that nothing but the cache file carries over.
            subprocess.run([sys.executable, "-c", "import datetime as dt, sys; from pathlib import Path; "
                            "from generator.publish.build import build_site; "
                            "build_site(Path(sys.argv[1]), dt.date(2026, 11, 22))", str(project)],
                           cwd=REPO, check=True, capture_output=True)
            for folder in ("site", "site_src", ".congkhai"):
                shutil.rmtree(project / folder)
        TIMES.clear()
        CPU.clear()
        start, cpu = time.perf_counter(), cpu_seconds()
        build_site(project, dt.date(2026, 11, 22))
        total, total_cpu = time.perf_counter() - start, cpu_seconds() - cpu
        if SUB_PAGEFIND not in TIMES:  # indexed beside MkDocs, in another process: index the same pages
            reindex(project / "site")  # again here to time Pagefind and the re-chunking (sub-rows only)
    result = {k: (v, CPU[k]) for k, v in TIMES.items()}
    result["total"] = (total, total_cpu)
    inner = [k for k in result if k != "total" and k not in SUBROWS]
    result["MkDocs (total − the stages above)"] = (total - sum(result[k][0] for k in inner), total_cpu - sum(result[k][1] for k in inner))
    return result


def main(sizes: list[int], warm: bool = False) -> None:
    instrument()
    for items in sizes:
        result = run(items, warm)
        print(f"== {items} items{', QR cache warm' if warm else ''}                          wall        CPU")
        names = [k for k in result if k not in SUBROWS]
        for sub, parent in reversed(SUBROWS.items()):  # each under its stage, in order
            if sub in result:
                names.insert(names.index(parent) + 1 if parent in names else len(names), sub)
        for name in names:
            seconds, cpu = result[name]
            print(f"    {name:36} {seconds:7.2f} s {cpu:7.2f} s")
        for column, kind in ((0, "wall"), (1, "CPU")):
            mkdocs = result["MkDocs (total − the stages above)"][column]
            total = result["total"][column]
            pagefind = sum(result.get(k, (0.0, 0.0))[column] for k in (SUB_PAGEFIND, SUB_RECHUNK))
            if column == 0:  # wall: the index may run beside MkDocs; count what the build waited for it
                pagefind = result.get("search index", (0.0, 0.0))[0]
            print(f"    {kind}: overhead ratio (total − MkDocs) / MkDocs {(total - mkdocs) / mkdocs:.2f}; "
                  f"not counting {'the wait for the search index' if column == 0 else 'Pagefind and re-chunking'} "
                  f"{(total - mkdocs - pagefind) / mkdocs:.2f}")
            # The method before the hooks were timed counted them (and the manifest) as MkDocs's.
            hooks = sum(result.get(k, (0.0, 0.0))[column] for k in (HOOKS_LABEL, "manifest, QR cache"))
            print(f"      as measured before (hooks and manifest counted as MkDocs): {(total - mkdocs - hooks) / (mkdocs + hooks):.2f}; "
                  f"not counting Pagefind and re-chunking {(total - mkdocs - hooks - pagefind) / (mkdocs + hooks):.2f}")
        print(f"    peak RSS so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:] if a != "--warm"] or [1000], "--warm" in sys.argv[1:])
