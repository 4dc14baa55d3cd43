"""A full build indexes its pages for search in a second process while MkDocs writes the other pages
(generator/publish/search_beside.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
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
    beside._start()
    try:
        for n, rel in enumerate(pages):
            beside._hand_over(rel)
            deadline = time.monotonic() + 60
            while not (mirrored := [m / rel for m in project.glob(MIRROR_PREFIX + "*") if (m / rel).is_file()]):
                assert time.monotonic() < deadline, f"page {n} not mirrored"
                time.sleep(0.02)
            assert mirrored[0].read_bytes() == indexed_part((site / rel).read_bytes())
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
