"""`congkhai build` gives MkDocs its pages from memory while a forked child writes site_src/ beside it
(generator/publish/sources_beside.py): MkDocs does not wait for the folder, the site is the one built
from a folder written first, and a writer that fails fails the build with the live site kept."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import signal
import time
from pathlib import Path

import pytest

from generator.publish import forked, writer
from tests.conftest import FIXTURES, TODAY, make_project
from tests.test_search_bundles import _bundle_pages

DAY = dt.date.fromisoformat(TODAY)
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this system")


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _late_writer(monkeypatch, delay: float, done: Path):
    """fill_folder a moment late, leaving the time it ended in `done` (it runs in the child)."""
    real = writer.fill_folder

    def late(folder, texts, copies, blobs):
        time.sleep(delay)
        real(folder, texts, copies, blobs)
        done.write_text(str(time.time()), encoding="utf-8")

    monkeypatch.setattr("generator.publish.sources_beside.fill_folder", late)


@needs_fork
def test_mkdocs_converts_the_pages_while_site_src_is_written_beside(tmp_path: Path, monkeypatch) -> None:
    from generator.publish.build import build_site
    from generator.publish.mkdocs_plugin import CongkhaiPlugin

    monkeypatch.setattr(forked, "worthwhile", lambda: True)  # the test session may run other threads
    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    done = tmp_path / "written"
    _late_writer(monkeypatch, 2.0, done)
    converted: list[tuple[float, str, int]] = []
    read_source, markdown = CongkhaiPlugin.on_page_read_source, CongkhaiPlugin.on_page_markdown

    def noted_read(self, page, config):
        text = read_source(self, page, config)
        assert text is not None, f"{page.file.src_uri}: not given from memory"
        return text

    def noted_markdown(self, text, page, config, files):
        converted.append((time.time(), page.file.src_uri, os.getpid()))
        return markdown(self, text, page, config, files)

    monkeypatch.setattr(CongkhaiPlugin, "on_page_read_source", noted_read)
    monkeypatch.setattr(CongkhaiPlugin, "on_page_markdown", noted_markdown)
    generated = build_site(project, DAY)

    # The first pages were converted before the folder was written: MkDocs did not wait for it.
    written_at = float(done.read_text(encoding="utf-8"))
    assert converted[0][0] < written_at - 1.0
    assert {pid for *_, pid in converted} == {os.getpid()}
    # Every page was read from memory (noted_read), once, and site_src/ holds every page as rendered.
    pages = sorted(rel for rel in generated.texts if rel.endswith(".md"))
    assert sorted(uri for _, uri, _ in converted) == pages
    sources = project / "site_src"
    assert sorted(p.relative_to(sources).as_posix() for p in sources.rglob("*.md")) == pages
    assert all(generated.texts[rel] == (sources / rel).read_text(encoding="utf-8") for rel in pages)
    assert not (project / "site_src.new").exists()


def test_the_site_is_the_one_built_from_a_folder_written_first(tmp_path: Path, monkeypatch) -> None:
    """Where a child is not worthwhile, the folder is written before MkDocs reads a page; the sites,
    their sources and the attachments' hard links are the same either way."""
    from generator.publish.build import build_site

    sites = {}
    for name, beside in (("beside", True), ("first", False)):
        monkeypatch.setattr(forked, "worthwhile", lambda beside=beside: beside and hasattr(os, "fork"))
        project = make_project(tmp_path / name, FIXTURES / "ward" / "data")
        build_site(project, DAY)
        sites[name] = project
    beside, first = sites["beside"], sites["first"]
    # Pagefind names its filter and index files differently from one run to the next: its pages are compared.
    pages = {rel: digest for rel, digest in _tree(beside / "site").items() if not rel.startswith("pagefind/")}
    assert len(pages) > 100 and pages == {rel: digest for rel, digest in _tree(first / "site").items() if not rel.startswith("pagefind/")}
    assert sorted(_bundle_pages(beside / "site" / "pagefind")) == sorted(_bundle_pages(first / "site" / "pagefind"))
    assert _tree(beside / "site_src") == _tree(first / "site_src")
    # A static file of the site is a hard link to site_src/'s, as before: written by the child, linked here.
    linked = [rel for rel in _tree(beside / "site_src") if not rel.endswith(".md") and (beside / "site" / rel).is_file()]
    assert any(rel.endswith(".xlsx") for rel in linked) and any(rel.startswith("tep/") for rel in linked)
    assert all((beside / "site" / rel).stat().st_ino == (beside / "site_src" / rel).stat().st_ino for rel in linked)


def test_a_partial_build_keeps_in_memory_only_the_pages_it_renders(tmp_path: Path, monkeypatch) -> None:
    from generator.publish import sources_beside
    from generator.publish.build import build_site
    from tests.test_incremental import _edit_budget

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    build_site(project, DAY)
    kept: list[set[str]] = []
    keep_only = sources_beside.SourcesBeside.keep_only

    def noted(self, pages):
        keep_only(self, pages)
        kept.append(set(self._texts) | set(self._blobs))

    monkeypatch.setattr(sources_beside.SourcesBeside, "keep_only", noted)
    _edit_budget(project)
    generated = build_site(project, DAY)
    assert len(kept) == 1 and kept[0], "the second build was not a partial one"
    assert kept[0] < {rel for rel in generated.texts if rel.endswith(".md")}
    assert all(rel.endswith(".md") for rel in kept[0])


@pytest.mark.parametrize("failure", ["disk-full", "killed"])
@needs_fork
def test_a_writer_that_fails_fails_the_build_and_keeps_the_live_site(tmp_path: Path, monkeypatch, failure: str) -> None:
    from generator.publish.build import build_site

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    build_site(project, DAY)
    live, sources = _tree(project / "site"), _tree(project / "site_src")
    monkeypatch.setattr(forked, "worthwhile", lambda: True)
    parent = os.getpid()

    def failing(folder, texts, copies, blobs):
        assert os.getpid() != parent, "the folder is written by the child"
        if failure == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "index.md"))

    monkeypatch.setattr("generator.publish.sources_beside.fill_folder", failing)
    if failure == "killed":
        with pytest.raises(RuntimeError, match=r"site_src\.new: không ghi được thư mục nguồn của trang \(tiến trình con dừng bất thường \(mã -9\)\)"):
            build_site(project, DAY + dt.timedelta(days=1))
    else:
        with pytest.raises(OSError, match="No space left on device") as raised:
            build_site(project, DAY + dt.timedelta(days=1))
        assert raised.value.filename.endswith("site_src.new/index.md")
    assert _tree(project / "site") == live and _tree(project / "site_src") == sources
    # The next build cleans what the failed one left and publishes.
    monkeypatch.undo()
    build_site(project, DAY + dt.timedelta(days=1))
    assert not (project / "site_src.new").exists() and not (project / "site.new").exists()
    assert _tree(project / "site") != live
