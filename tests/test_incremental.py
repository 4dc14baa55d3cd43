"""Partial builds (generator/publish/incremental.py): after an edit, a day change, an added or a
removed item, the site a build gives on top of the last one is byte for byte the site a full build
of the same data gives from nothing; pages not rebuilt keep their files (same inode); a build killed
at any step of a partial build leaves the live site exactly as it was. Real MkDocs, real Pagefind."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.publish.build import build_site
from generator.publish.incremental import manifest_path
from tests.conftest import FIXTURES, REPO, make_project

DAY = dt.date(2026, 11, 22)
BUDGET = "data/cong-khai/du-toan-2026.yaml"
# An edit of a published item with its change note dated before the site's last update, so the
# footer's "last updated" date (on every page) stays: only the pages showing the item change.
EDIT_NOTE = "changes:\n  - date: 2026-02-03\n    what: Sửa số liệu dự phòng\n    why: Nhập nhầm đơn vị tính\n"
OLD_ITEM = """\
id: thong-bao-lich-tiep-dan
category: 14
title: Lịch tiếp công dân năm 2026
external_document:
  title: Lịch tiếp công dân năm 2026 của Chủ tịch Ủy ban nhân dân xã
  date: 2026-01-02
published_on: 2026-01-05
posted_from: 2026-01-05
forms: [notice_board]
"""
UNTOUCHED = "cong-khai/phi-cho/index.html"  # a page no scenario here changes


def _edit_budget(project: Path) -> None:
    item = project / BUDGET
    text = item.read_text(encoding="utf-8").replace("[Dự phòng, 500]", "[Dự phòng, 600]")
    item.write_text(text + EDIT_NOTE, encoding="utf-8")


def _add_item(project: Path) -> None:
    (project / "data" / "cong-khai" / "lich-tiep-dan.yaml").write_text(OLD_ITEM, encoding="utf-8")


def _tree(site: Path, with_index: bool) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and (with_index or not p.relative_to(site).as_posix().startswith("pagefind/"))}


def _inode(site: Path, rel: str) -> int:
    return (site / rel).stat().st_ino


def _full_build_of(project: Path, tmp: Path, day: dt.date) -> Path:
    """Build the same data from nothing (own copy of data/, no site, no manifest)."""
    fresh = tmp / "scratch"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    shutil.copy(project / "mkdocs.yml", fresh / "mkdocs.yml")
    shutil.copytree(project / "theme", fresh / "theme")
    shutil.copytree(project / "data", fresh / "data")
    build_site(fresh, day)
    return fresh / "site"


@pytest.fixture
def ward(tmp_path: Path) -> Path:
    """The fixture ward, built once: a live site and its manifest."""
    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    build_site(project, DAY)
    assert manifest_path(project).is_file()
    return project


def _check_partial_equals_full(project: Path, tmp: Path, day: dt.date, index_kept: bool) -> list[str]:
    site = project / "site"
    before = _inode(site, UNTOUCHED)
    index_before = _tree(site / "pagefind", True)
    build_site(project, day)
    assert _inode(site, UNTOUCHED) == before, "an unchanged page was built again instead of kept"
    scratch = _full_build_of(project, tmp, day)
    assert _inode(scratch, UNTOUCHED) != before
    ours, full = _tree(site, False), _tree(scratch, False)
    assert sorted(ours) == sorted(full)
    assert [rel for rel in ours if ours[rel] != full[rel]] == []
    index_now = _tree(site / "pagefind", True)
    if index_kept:
        assert index_now == index_before, "no indexed page changed: the live index is kept as it is"
    else:
        assert index_now != index_before
        fragments = sorted(p for p in index_now if p.startswith("fragment/"))
        assert fragments == sorted(p for p in _tree(scratch / "pagefind", True) if p.startswith("fragment/"))


def test_partial_build_after_an_edit_equals_a_full_build(ward: Path, tmp_path: Path) -> None:
    _edit_budget(ward)
    site = ward / "site"
    budget_before = (site / "cong-khai" / "du-toan-2026" / "index.html").read_text(encoding="utf-8")
    _check_partial_equals_full(ward, tmp_path, DAY, index_kept=False)
    budget_after = (site / "cong-khai" / "du-toan-2026" / "index.html").read_text(encoding="utf-8")
    assert "500" in budget_before and "Sửa số liệu dự phòng" not in budget_before
    assert "Sửa số liệu dự phòng" in budget_after


def test_partial_build_after_a_day_change_equals_a_full_build(ward: Path, tmp_path: Path) -> None:
    """The open consultation's page (indexed) counts the days left: the index is built again."""
    _check_partial_equals_full(ward, tmp_path, DAY + dt.timedelta(days=1), index_kept=False)


def test_day_change_with_no_indexed_page_changing_keeps_the_index(ward: Path, tmp_path: Path) -> None:
    """After the consultation closed, a new day changes only pages outside the index (home, compliance)."""
    build_site(ward, dt.date(2027, 1, 10))
    compliance = ward / "site" / "tinh-hinh-cong-khai" / "index.html"
    before = compliance.read_text(encoding="utf-8")
    _check_partial_equals_full(ward, tmp_path, dt.date(2027, 1, 11), index_kept=True)
    assert "Tính đến ngày 10/01/2027" in before and "Tính đến ngày 11/01/2027" in compliance.read_text(encoding="utf-8")


def test_partial_build_after_adding_an_item_then_removing_a_file_equals_a_full_build(ward: Path, tmp_path: Path) -> None:
    """A published item cannot be removed (the ledger refuses it), so what disappears here is the map
    attachment: with a page or file gone, the build is a full one (incremental.py) and still equal."""
    _add_item(ward)
    _check_partial_equals_full(ward, tmp_path, DAY, index_kept=False)
    assert "Lịch tiếp công dân năm 2026" in (ward / "site" / "cong-khai" / "thong-bao-lich-tiep-dan" / "index.html").read_text(encoding="utf-8")
    site_file = ward / "data" / "site.yaml"
    site_file.write_text(site_file.read_text(encoding="utf-8").replace("  map: tep/ban-do.svg\n", ""), encoding="utf-8")
    (ward / "data" / "tep" / "ban-do.svg").unlink()
    before = _inode(ward / "site", UNTOUCHED)
    build_site(ward, DAY)
    assert _inode(ward / "site", UNTOUCHED) != before, "a removed file must make the build a full one"
    assert not (ward / "site" / "tep" / "ban-do.svg").exists()
    scratch = _full_build_of(ward, tmp_path, DAY)
    ours, full = _tree(ward / "site", False), _tree(scratch, False)
    assert sorted(ours) == sorted(full) and [rel for rel in ours if ours[rel] != full[rel]] == []


def test_a_site_changed_by_hand_is_built_in_full(ward: Path, tmp_path: Path) -> None:
    """The manifest must describe the live site exactly; otherwise nothing of it is reused."""
    page = ward / "site" / UNTOUCHED
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<!-- sửa tay --></body>"), encoding="utf-8")
    _edit_budget(ward)
    build_site(ward, DAY)
    assert "sửa tay" not in page.read_text(encoding="utf-8")
    scratch = _full_build_of(ward, tmp_path, DAY)
    assert _tree(ward / "site", False) == _tree(scratch, False)


STEPS = ["sources-written", "built", "partial:staged", "partial:linked", "partial:indexed", "recorded",
         "site:swap", "site:exchanged"]


@pytest.mark.parametrize("step", STEPS)
def test_kill_during_a_partial_build_leaves_the_live_site_as_it_was(ward: Path, tmp_path: Path, step: str) -> None:
    site = ward / "site"
    before = _tree(site, True)
    _edit_budget(ward)
    command = [sys.executable, "-m", "generator.cli", "build", "-C", str(ward), "--today", DAY.isoformat()]
    killed = subprocess.run(command, cwd=REPO, env={**os.environ, "CONGKHAI_KILL_AT": step}, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if step == "site:exchanged":
        assert _tree(site, True) != before  # the new site is in place; its manifest was not written
    else:
        assert _tree(site, True) == before, f"killed at {step}: the live site changed"
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    scratch = _full_build_of(ward, tmp_path, DAY)
    assert _tree(site, False) == _tree(scratch, False)
    assert not (ward / "site.new").exists() and not (ward / "site.old").exists()


def test_partial_build_of_an_index_split_by_year_equals_a_full_build(tmp_path: Path, monkeypatch) -> None:
    """A unit above the split threshold (lowered here: generator/publish/search_bundles.py): after an
    edit the partial build's pages are a full build's, and so are its bundles and, in each, the pages'
    fragments (compared as _check_partial_equals_full compares them for one bundle: Pagefind's filter
    and index file names are not the same from one run to the next, split or not)."""
    from generator.publish import search_bundles

    monkeypatch.setattr(search_bundles, "SPLIT_PAGES", 4)
    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    build_site(project, DAY)
    site = project / "site"
    assert (site / "pagefind" / "nam-2025" / "pagefind.js").is_file()
    older = _inode(site, "pagefind/nam-2025/pagefind-entry.json")
    _edit_budget(project)
    _check_partial_equals_full(project, tmp_path, DAY, index_kept=False)
    # The edit is of 2026: the 2025 bundle is the live one, kept (its files linked, not written again).
    assert _inode(site, "pagefind/nam-2025/pagefind-entry.json") == older
    ours, full = _tree(site / "pagefind", True), _tree(tmp_path / "scratch" / "site" / "pagefind", True)
    assert ours["bundles.json"] == full["bundles.json"]
    assert json.loads(ours["bundles.json"]) == {"years": ["2026"], "older": [{"path": "nam-2025/", "years": ["2025"]}]}
    fragments = sorted(rel for rel in ours if "fragment/" in rel)
    assert [rel for rel in fragments if rel.startswith("nam-2025/")]
    assert fragments == sorted(rel for rel in full if "fragment/" in rel)
    assert [rel for rel in fragments if ours[rel] != full[rel]] == []


def test_partial_build_writes_again_only_the_year_bundle_of_the_changed_page(tmp_path: Path, monkeypatch) -> None:
    """After an edit of a 2025 item, the 2025 bundle is written again and the main one (2026 and the
    pages without a year) is kept; each bundle then holds what a full build's holds, page for page and
    word for word."""
    from generator.publish import search_bundles
    from tests.test_search_bundles import _decoded_index

    monkeypatch.setattr(search_bundles, "SPLIT_PAGES", 4)
    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    build_site(project, DAY)
    site = project / "site"
    main, older = _inode(site, "pagefind/pagefind-entry.json"), _inode(site, "pagefind/nam-2025/pagefind-entry.json")
    item = project / "data" / "cong-khai" / "phi-cho.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("title: Mức thu phí chợ năm 2026", "title: Mức thu phí chợ, phí bến năm 2026")
                    + EDIT_NOTE, encoding="utf-8")
    build_site(project, DAY)
    assert _inode(site, "pagefind/nam-2025/pagefind-entry.json") != older
    assert _inode(site, "pagefind/pagefind-entry.json") == main
    full = _full_build_of(project, tmp_path, DAY)
    for bundle in ("pagefind", "pagefind/nam-2025"):
        assert _decoded_index(site / bundle) == _decoded_index(full / bundle), bundle
    fragments, words, _ = _decoded_index(site / "pagefind/nam-2025")
    assert fragments["/cong-khai/phi-cho/"]["meta"]["title"] == "Mức thu phí chợ, phí bến năm 2026" and "ben" in words
    assert (site / "pagefind" / "bundles.json").read_bytes() == (full / "pagefind" / "bundles.json").read_bytes()
