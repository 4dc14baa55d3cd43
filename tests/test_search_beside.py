"""A full build indexes its pages for search in a second process while MkDocs writes the other pages
(generator/publish/search_beside.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, TODAY, make_project
from tests.test_search_bundles import _bundle_pages

DAY = dt.date.fromisoformat(TODAY)


def _search_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("congkhai: search index")]


def test_the_index_starts_once_the_indexed_pages_are_written_and_covers_them_all(tmp_path: Path, caplog) -> None:
    from generator.publish.build import build_site
    from generator.publish.search_bundles import indexed_pages

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.congkhai"):
        build_site(project, DAY)
    site = project / "site"
    indexed = indexed_pages(site)
    sources = [p.relative_to(project / "site_src").as_posix() for p in (project / "site_src").rglob("*.md")]
    pages = {("index.html" if rel == "index.md" else rel.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/index.html")
             for rel in sources}
    others = sorted(pages - set(indexed))
    assert len(indexed) >= 5 and len(others) >= 10

    # The last indexed page was handed to the worker when it was written, the others still to come.
    assert len(_search_lines(caplog)) == 1
    assert _search_lines(caplog)[0].endswith(f"(the last indexed page handed over with {len(others)} pages left to write)")
    last_indexed = max((site / rel).stat().st_mtime_ns for rel in indexed)
    assert last_indexed <= min((site / rel).stat().st_mtime_ns for rel in others)

    # Its index holds exactly the indexed pages, and the sitemap keeps the usual order of the pages.
    assert sorted(_bundle_pages(site / "pagefind")) == sorted("/" + rel.removesuffix("index.html") for rel in indexed)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = [line.strip()[5:-6] for line in sitemap.splitlines() if line.strip().startswith("<loc>")]
    home = listed[0]  # MkDocs's order: the home page first, not the writing order (indexed pages first)
    assert home.endswith("/") and all(url.startswith(home) for url in listed) and len(listed) == len(pages)
    position = {url.removeprefix(home): n for n, url in enumerate(listed)}
    assert min(position[rel.removesuffix("index.html")] for rel in others) < max(position[rel.removesuffix("index.html")] for rel in indexed)


def test_the_worker_mirrors_each_page_as_it_is_handed_over(tmp_path: Path) -> None:
    """The worker does not wait for the last indexed page to start: each page's part is in its folder
    before the next page is handed over, and the index it writes at the end is the whole one."""
    import shutil
    import time

    from generator.publish.build import build_site
    from generator.publish.search_beside import IndexBeside
    from generator.publish.search_bundles import (
        MIRROR_PREFIX,
        indexed_pages,
        indexed_part,
    )

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    build_site(project, DAY)
    site = project / "site"
    whole = sorted(_bundle_pages(site / "pagefind"))
    shutil.rmtree(site / "pagefind")
    pages = sorted(indexed_pages(site))
    beside = IndexBeside(site, {rel: rel for rel in pages})
    beside.batch = 1  # each page sent on its own (a build sends them a hundred at a time)
    beside._start()
    try:
        for n, rel in enumerate(pages):
            beside._hand_over(rel)
            part, deadline = indexed_part((site / rel).read_bytes()), time.monotonic() + 60
            # The worker creates the file, then writes it: wait until it is whole.
            while [(m / rel).read_bytes() for m in project.glob(MIRROR_PREFIX + "*") if (m / rel).is_file()] != [part]:
                assert time.monotonic() < deadline, f"page {n} not mirrored"
                time.sleep(0.02)
            assert not (site / "pagefind").exists()  # Pagefind waits for the last page
        beside.pending, beside.left_after = set(), 7
        line = beside.finish()
    finally:
        beside.stop()
    assert line.endswith("(the last indexed page handed over with 7 pages left to write)")
    assert sorted(_bundle_pages(site / "pagefind")) == whole
    assert not list(project.glob(MIRROR_PREFIX + "*"))


def test_a_failed_index_fails_the_build_and_keeps_the_live_site(tmp_path: Path, monkeypatch, caplog) -> None:
    from mkdocs.exceptions import Abort

    from generator.publish.build import build_site
    from generator.publish.incremental import manifest_path

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    build_site(project, DAY)
    live = {p.relative_to(project / "site").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (project / "site").rglob("*") if p.is_file()}
    manifest_path(project).unlink()  # so the next build is a full one
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # Pagefind's own launcher runs this instead
    with pytest.raises(Abort), caplog.at_level(logging.ERROR, logger="mkdocs"):
        build_site(project, DAY + dt.timedelta(days=1))
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == ["Pagefind không tạo được chỉ mục tìm kiếm:"]
    after = {p.relative_to(project / "site").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (project / "site").rglob("*") if p.is_file()}
    assert after == live


def test_a_build_failing_after_the_worker_started_ends_it(tmp_path: Path) -> None:
    from jinja2.exceptions import UndefinedError

    from generator.publish.build import build_site

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    # A unit's own theme whose template fails on the first page written after the indexed ones.
    (project / "theme" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        '{% if page and not page.meta.search %}{{ explode() }}{% else %}{{ super() }}{% endif %}{% endblock %}',
        encoding="utf-8")
    with pytest.raises(UndefinedError, match="explode"):
        build_site(project, DAY)
    assert not (project / "site").exists()
    assert not list(project.glob(".ck-index-*"))  # the worker was interrupted and cleaned up
    # Neither the worker nor its Pagefind run is left working on the project's folders.
    assert [p for p in Path("/proc").glob("[0-9]*") if str(project).encode() in _cmdline(p)] == []


def _cmdline(process: Path) -> bytes:
    try:
        return (process / "cmdline").read_bytes()
    except OSError:
        return b""


def test_the_workers_pagefind_leaves_one_core_to_mkdocs(monkeypatch) -> None:
    import os

    from generator.publish.search_beside import worker_environment

    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    cores = len(os.sched_getaffinity(0))
    assert worker_environment()["RAYON_NUM_THREADS"] == str(max(1, cores - 1))
    monkeypatch.setenv("RAYON_NUM_THREADS", "3")  # an operator's own setting is kept
    assert worker_environment()["RAYON_NUM_THREADS"] == "3"
    assert worker_environment()["PATH"] == os.environ["PATH"]


def _processes() -> dict[int, tuple[int, str, bytes]]:
    """{pid: (parent pid, state, command line)} of the processes alive now (zombies left out)."""
    found = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            found[int(entry.name)] = (int(parent), state, cmdline)
    return found


def _wait_for(condition, seconds: float):
    """Poll `condition` until it gives something true, or fail after `seconds`."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc to find the worker by its command line")
@pytest.mark.parametrize("killed", ["build", "build, watched by polling", "worker"])
def test_a_build_killed_with_sigkill_takes_its_worker_and_pagefind_with_it(tmp_path: Path, killed: str) -> None:
    """The build killed with SIGKILL: its worker ends as by SIGTERM (the kernel tells it, or where it
    cannot, the worker's own polling of its parent) and takes Pagefind and its folder with it. The
    worker itself killed with SIGKILL: its Pagefind is killed by the kernel, the build fails, and the
    folder it could not remove is removed by the next build (writer.recover)."""
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import REPO

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    # Pagefind's launcher runs this instead of Pagefind: a run that would go on for ten minutes, so the
    # build is certainly killed while the worker waits for it.
    slow = tmp_path / "slow-pagefind"
    slow.write_text("#!/bin/sh\nexec sleep 600\n", encoding="utf-8")
    slow.chmod(0o755)
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(slow)}
    if killed == "build, watched by polling":  # the worker's fallback where the kernel cannot be asked (no prctl)
        env["CONGKHAI_WATCH_PARENT"] = "poll"
    build = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "-C", str(project), "--today", TODAY],
                             cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started: list[int] = []
    try:
        def worker_and_pagefind():
            alive = _processes()
            workers = [pid for pid, (parent, _, cmd) in alive.items()
                       if parent == build.pid and b"generator.publish.search_beside" in cmd and str(project).encode() in cmd]
            # Pagefind (PAGEFIND_BINARY_PATH, run directly) is the worker's child once it has started.
            children = [pid for pid, (parent, _, cmd) in alive.items() if workers and parent == workers[0] and cmd.startswith(b"sleep")]
            return (workers[0], children[0]) if workers and children else None

        found = _wait_for(worker_and_pagefind, 120)
        assert found, "the build's search worker did not start Pagefind"
        started.extend(found)
        assert len(list(project.glob(".ck-index-*"))) == 1  # the pages Pagefind is reading

        if killed == "worker":
            os.kill(found[0], signal.SIGKILL)
            assert build.wait(timeout=60) == 1  # "Pagefind không tạo được chỉ mục tìm kiếm"
            assert not (project / "site").exists()
        else:
            build.send_signal(signal.SIGKILL)
            build.wait()
        gone = _wait_for(lambda: not set(started) & set(_processes()), 30)
        assert gone, f"still running after the {killed} was killed: {[_processes().get(pid) for pid in started]}"
        # A worker that ended as by SIGTERM removed its folder on the way out; a killed one could not.
        assert _wait_for(lambda: len(list(project.glob(".ck-index-*"))) == (killed == "worker"), 10)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        for pid in started:  # without the fix, do not leave them running
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    # The next build works and leaves a whole site with its search index.
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "-C", str(project), "--today", TODAY],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (project / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert not list(project.glob(".ck-index-*")) and not (project / "site.new").exists()


# A split unit: the fixture ward with resolutions of 2018–2023 and those of test_search_bundles, its
# index split at SPLIT pages into the main bundle (the newest years and the pages without a year) and
# older bundles.
SPLIT = 12


def _split_project(target: Path) -> Path:
    from tests.test_search_bundles import RESOLUTIONS, _resolution

    project = make_project(target, FIXTURES / "ward" / "data")
    documents = dict(RESOLUTIONS)
    for year in range(2018, 2024):
        for n in range(3):
            ident = f"nq-{n + 20}-{year}"
            documents[ident] = _resolution(ident, f"{n + 20}/{year}/NQ-HĐND", year, f"Về nghĩa trang thôn số {n + 1} năm {year}")
    for name, text in documents.items():
        (project / "data" / "van-ban" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return project


def _index_files(bundle_root: Path) -> dict[str, object]:
    """A built pagefind/ tree, file by file: each file's bytes, except Pagefind's filter files, which
    it writes in hash-map order (two runs over the same pages differ there): those decoded, in order,
    with the metadata and entry files that name them by their hash."""
    import json

    from generator.publish.search_chunks import _read

    files: dict[str, object] = {}
    for path in sorted(bundle_root.rglob("*")):
        rel = path.relative_to(bundle_root).as_posix()
        if path.is_file() and not rel.endswith((".pf_filter", ".pf_meta", "pagefind-entry.json")):
            files[rel] = path.read_bytes()
    for entry_path in bundle_root.rglob("pagefind-entry.json"):
        bundle, entry = entry_path.parent, json.loads(entry_path.read_text(encoding="utf-8"))
        meta = _read(bundle / f"pagefind.{entry['languages']['vi'].pop('hash')}.pf_meta")
        meta[3] = {name: [values[0], sorted((v[0], sorted(v[1])) for v in values[1])]
                   for name, digest in meta[3] for values in [_read(bundle / "filter" / f"{digest}.pf_filter")]}
        names = sorted(p.name for p in bundle.iterdir() if p.suffix == ".pf_meta") + sorted(p.name for p in (bundle / "filter").iterdir())
        files[entry_path.relative_to(bundle_root).as_posix()] = (entry, meta, len(names))
    return files


def _recording_pagefind(tmp_path: Path) -> tuple[Path, Path]:
    """A Pagefind that first writes down, for its run, which HTML pages of the site being built are
    on disk as it starts (one JSON line per run in the log), then runs the real Pagefind."""
    import sys

    from pagefind_bin import get_executable

    log = tmp_path / "pagefind-runs.jsonl"
    wrapper = tmp_path / "recording-pagefind"
    wrapper.write_text(f"""#!{sys.executable}
import json, os, sys
args = sys.argv[1:]
output = args[args.index("--output-path") + 1]
site = output[:output.index("/pagefind")]
written = sorted(os.path.relpath(os.path.join(root, name), site) for root, _, names in os.walk(site)
                 for name in names if name.endswith(".html"))
with open({str(log)!r}, "a", encoding="utf-8") as out:
    out.write(json.dumps({{"bundle": os.path.relpath(output, site), "written": written}}) + "\\n")
os.execv({str(get_executable())!r}, [{str(get_executable())!r}, *args])
""", encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper, log


def test_a_split_units_older_bundles_are_indexed_while_mkdocs_writes_the_later_ones(tmp_path: Path, monkeypatch, caplog) -> None:
    """The indexed pages are written bundle by bundle, the oldest first; each older bundle's Pagefind
    run starts once its own pages are written, before the main bundle's are; the main bundle's before
    the pages outside the index are. The index is the one made after MkDocs, file for file."""
    import json
    import shutil
    import time

    from generator.publish import search_bundles
    from generator.publish.build import build_site
    from generator.publish.mkdocs_plugin import CongkhaiPlugin
    from generator.publish.search import index_site

    project = _split_project(tmp_path / "ward")
    wrapper, runs = _recording_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    monkeypatch.setattr(search_bundles, "SPLIT_PAGES", SPLIT)
    # MkDocs takes 50 ms a page here, as a large unit's takes seconds a bundle: the worker's Pagefind,
    # which starts within a fraction of a second, is then certain to start while MkDocs writes on.
    post_page = CongkhaiPlugin.on_post_page
    monkeypatch.setattr(CongkhaiPlugin, "on_post_page", lambda self, *a, **k: (time.sleep(0.05), post_page(self, *a, **k))[1])
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.congkhai"):
        build_site(project, DAY)
    site = project / "site"

    layout = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    older = [bundle["path"].rstrip("/") for bundle in layout["older"]]
    assert len(older) >= 2, layout
    pages = {folder: sorted(url.strip("/") + "/index.html" for url in _bundle_pages(site / "pagefind" / folder))
             for folder in ["", *older]}
    html = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("pagefind/")}
    others = html - {page for bundle in pages.values() for page in bundle}
    assert len(pages[""]) >= 5 and len(others) >= 10

    started = [json.loads(line) for line in runs.read_text(encoding="utf-8").splitlines()]
    # One run per bundle, the oldest first, the main bundle last.
    assert [run["bundle"] for run in started] == [f"pagefind/{folder}" for folder in reversed(older)] + ["pagefind"]
    for run, own in zip(started, [pages[folder] for folder in reversed(older)] + [pages[""]]):
        written = set(run["written"])
        assert set(own) <= written  # its own pages are all on disk
        if own is not pages[""]:
            assert set(pages[""]) - written, f"{run['bundle']} started after the main bundle's pages were written"
        assert others - written, f"{run['bundle']} started after every page was written"
    line = _search_lines(caplog)[0]
    for folder in older:  # indexed ahead, and that index kept
        assert f"{folder} ({len(pages[folder])} trang, ahead): vi: " in line and f"{folder} handed over with " in line

    # The same index as Pagefind makes over the whole site after MkDocs.
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    after = tmp_path / "after" / "site"
    shutil.copytree(site, after, ignore=shutil.ignore_patterns("pagefind"))
    index_site(after, limit=SPLIT)
    assert _index_files(site / "pagefind") == _index_files(after / "pagefind")

    # The sitemap lists the pages in MkDocs's order, as in the same unit's build with one bundle.
    monkeypatch.setattr(CongkhaiPlugin, "on_post_page", post_page)
    monkeypatch.setattr(search_bundles, "SPLIT_PAGES", 1_000)
    unsplit = _split_project(tmp_path / "unsplit")
    build_site(unsplit, DAY)
    assert (site / "sitemap.xml").read_bytes() == (unsplit / "site" / "sitemap.xml").read_bytes()


def test_a_bundle_indexed_ahead_is_kept_only_where_the_pages_as_written_give_the_same_bundle(tmp_path: Path, monkeypatch) -> None:
    """The plugin plans the bundles from the pages' front matter; the worker plans them again from the
    pages as written. A bundle indexed ahead with other pages than that plan gives, or under a folder
    it does not give, is thrown away and the bundle indexed again: the index is the same."""
    import json
    import shutil

    from generator.publish import search_bundles
    from generator.publish.build import build_site
    from generator.publish.search_beside import BUNDLE_MARK, IndexBeside

    project = _split_project(tmp_path / "ward")
    monkeypatch.setattr(search_bundles, "SPLIT_PAGES", SPLIT)
    build_site(project, DAY)
    site = project / "site"
    whole = _index_files(site / "pagefind")
    layout = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    oldest, older = (bundle["path"].rstrip("/") for bundle in layout["older"][::-1][:2])
    pages = {folder: sorted(url.strip("/") + "/index.html" for url in _bundle_pages(site / "pagefind" / folder))
             for folder in ("", oldest, older)}
    shutil.rmtree(site / "pagefind")

    wrapper, runs = _recording_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    indexed = [page for bundle in pages.values() for page in bundle]
    beside = IndexBeside(site, {rel: rel for rel in indexed})
    beside._start()
    try:
        for rel in pages[oldest]:  # right
            beside._hand_over(rel)
        beside._hand_over(BUNDLE_MARK + oldest, flush=True)
        for rel in [*pages[older], pages[""][0]]:  # a page of the main bundle with them
            beside._hand_over(rel)
        beside._hand_over(BUNDLE_MARK + older, flush=True)
        for rel in pages[""][1:3]:  # a folder the plan does not give
            beside._hand_over(rel)
        beside._hand_over(BUNDLE_MARK + "nam-1990", flush=True)
        for rel in pages[""][3:]:
            beside._hand_over(rel)
        beside.pending = set()
        beside.finish()
    finally:
        beside.stop()
    bundles = [json.loads(line)["bundle"] for line in runs.read_text(encoding="utf-8").splitlines()]
    assert bundles == [f"pagefind/{oldest}", f"pagefind/{older}", "pagefind/nam-1990", "pagefind", f"pagefind/{older}"]
    assert not (site / "pagefind" / "nam-1990").exists()
    assert _index_files(site / "pagefind") == whole
    assert not list(project.glob(".ck-index-*"))


def test_the_build_does_what_needs_no_index_while_the_worker_finishes_it(tmp_path: Path, monkeypatch) -> None:
    """Once MkDocs has written the last page, the build keeps the ledger's text and the site's copy,
    the notices' QR codes and the record of the other files while Pagefind runs; data/ and the live
    site change only once the index is made, and the manifest describes the site as published."""
    import json

    from generator.law.ledger import LEDGER_FILE, SITE_COPY
    from generator.publish.build import build_site
    from generator.publish.incremental import load_previous, manifest_path, site_stats
    from generator.publish.qr_cache import CACHE_DIR, CACHE_FILE
    from generator.publish.search import pagefind_program

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    slow = tmp_path / "slow-pagefind"  # Pagefind, a second late: the build's own work is done by then
    slow.write_text(f'#!/bin/sh\nsleep 1\nexec "{pagefind_program()[0]}" "$@"\n', encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(slow))
    build_site(project, DAY)

    site = project / "site"
    indexed = (site / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns  # written last, by the re-chunking
    assert (project / CACHE_DIR / CACHE_FILE).stat().st_mtime_ns < indexed
    assert (site / SITE_COPY).stat().st_mtime_ns < indexed
    assert (project / "data" / LEDGER_FILE).stat().st_mtime_ns > indexed
    assert (site / SITE_COPY).read_text(encoding="utf-8") == (project / "data" / LEDGER_FILE).read_text(encoding="utf-8")
    outputs = json.loads(manifest_path(project).read_text(encoding="utf-8"))["outputs"]
    assert outputs == site_stats(site) and any(rel.startswith("pagefind/") for rel in outputs)
    assert load_previous(project, site) is not None  # so the next build can be a partial one


def _removed_by(removal) -> str:
    import subprocess
    import threading

    if isinstance(removal, subprocess.Popen):
        return "rm:" + removal.args[-1]
    assert isinstance(removal, threading.Thread)
    return "thread:" + removal.name


@pytest.mark.parametrize("remover", ["rm", "thread"])
def test_a_mirror_pagefind_has_read_is_removed_beside_the_rechunking(tmp_path: Path, monkeypatch, remover: str) -> None:
    """The folder of parts Pagefind read is removed beside the worker once read (by `rm -rf`, which
    needs no turn of the worker's interpreter, else by a thread; the worker re-chunks the index
    meanwhile); the end of Parts waits for the removals, so nothing is left."""
    from generator.publish import search_bundles
    from generator.publish.search_bundles import MIRROR_PREFIX, Parts

    if remover == "thread":  # where there is no `rm`
        monkeypatch.setattr(search_bundles.shutil, "which", lambda name: None)
    site = tmp_path / "site"
    body = b'<html><head><title>T</title></head><body><div data-pagefind-body><p>x</p></div></body></html>'
    for n in range(3):
        (site / f"p{n}").mkdir(parents=True)
        (site / f"p{n}" / "index.html").write_bytes(body)
    removed_here: list[str] = []
    original = search_bundles.shutil.rmtree

    def rmtree(path, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            removed_here.append(Path(path).name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(search_bundles.shutil, "rmtree", rmtree)
    expected = (lambda folder: f"rm:{folder}") if remover == "rm" else (lambda folder: "thread:congkhai-mirror-removal")
    with Parts(site) as parts:
        for n in range(3):
            assert parts.add(f"p{n}/index.html")
        with parts.folder(["p0/index.html", "p1/index.html"]) as some:  # a bundle: a folder of its own
            assert sorted(p.relative_to(some).as_posix() for p in some.rglob("*.html")) == ["p0/index.html", "p1/index.html"]
        with parts.folder(["p2/index.html"]) as rest:
            assert rest != parts.root
        assert [_removed_by(r) for r in parts._removing] == [expected(some), expected(rest)]
    # Neither removed by this thread (the mirror, emptied by the bundles' folders, is, at the end).
    assert not some.exists() and not rest.exists() and removed_here == [parts.root.name]
    removed_here.clear()
    with Parts(site) as parts:  # one bundle: the mirror itself, removed once Pagefind has read it
        for n in range(3):
            parts.add(f"p{n}/index.html")
        with parts.folder(sorted(parts.years)) as whole:
            assert whole == parts.root
        assert [_removed_by(r) for r in parts._removing] == [expected(parts.root)]
    assert removed_here == [] and not list(tmp_path.glob(MIRROR_PREFIX + "*"))


def test_a_failed_index_is_told_to_the_clerk_in_vietnamese(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "-C", str(project), "--today", TODAY],
                          cwd=REPO, env={**os.environ, "PAGEFIND_BINARY_PATH": "/bin/false"}, capture_output=True, text=True)
    assert done.returncode == 1
    assert "Pagefind không tạo được chỉ mục tìm kiếm" in done.stderr
    assert "Lỗi: dừng dựng trang vì lỗi hoặc cảnh báo in ở trên." in done.stderr
    assert "Aborted" not in done.stderr and "Chưa xuất bản gì." in done.stderr
    assert not (project / "site").exists()
