"""Shared test helpers: fixture projects built from the repo's own mkdocs.yml and theme."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The two real documents of ../shared/seeds/, kept here so the tests do not depend on where the repo sits.
SEEDS = FIXTURES / "seeds"
TODAY = "2026-11-22"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from the current output.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def golden_differences(pairs: list[tuple[str, Path, str]], update: bool) -> list[str]:
    """Compare (generated text, golden file, name) pairs; return unified diffs, or rewrite when updating."""
    import difflib

    diffs = []
    for text, golden, name in pairs:
        if update:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
            continue
        expected = golden.read_text(encoding="utf-8")
        if text != expected:
            diffs.append("".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), f"golden/{name}", f"generated/{name}")))
    return diffs


# A consultation that has closed and published its results, for the fixture ward (replaces
# data/lay-y-kien/huong-uoc.yaml).
CLOSED_CONSULTATION = """\
id: huong-uoc-thon-mot
title: Lấy ý kiến về hương ước thôn Một
draft: du-thao-huong-uoc
opens_on: 2026-04-01
closes_on: 2026-04-30
email: gopy@example.invalid
results:
  published_on: 2026-05-08
  summary: Có 12 ý kiến góp ý.
  explanation: Tiếp thu 10 ý kiến; 2 ý kiến không phù hợp quy định.
"""


def replace_in(project: Path, rel: str | Path, old: str, new: str) -> None:
    """Edit one data file the way a clerk would: replace the first occurrence of a text."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_project(target: Path, data: Path) -> Path:
    """Copy a data folder together with the repo's mkdocs.yml and theme into a fresh project."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "theme", target / "theme")
    shutil.copytree(data, target / "data")
    return target


@pytest.fixture
def ward(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture ward."""
    return make_project(tmp_path / "ward", FIXTURES / "ward" / "data")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repo's own sample ward, built once into a temporary project."""
    import datetime as dt

    from generator.publish.build import build_site

    project = make_project(tmp_path_factory.mktemp("sample") / "project", REPO / "data")
    build_site(project, dt.date.fromisoformat(TODAY))
    return project


# One headless Chromium for the whole session: Playwright's sync API allows one running instance.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (run `make chromium` as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def block_other_hosts(context, site_url: str) -> list[str]:
    """Abort every request of a browser context to another host than the site's; return the list
    the aborted addresses are collected in (the site makes no request to any third-party host)."""
    own = "/".join(site_url.split("/", 3)[:3])  # scheme://host:port
    foreign: list[str] = []

    def guard(route):
        if route.request.url.startswith(own):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return foreign
