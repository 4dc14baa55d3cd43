"""A large build keeps each converted page's HTML body compressed until the page is written; a small
one keeps it as it is (generator/publish/page_memory.py). The site is the same either way."""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from pathlib import Path

from tests.conftest import FIXTURES, TODAY, make_project

DAY = dt.date.fromisoformat(TODAY)


def _build(project: Path, monkeypatch, threshold: int | None) -> tuple[dict[str, str], int]:
    """Build with the given COMPRESS_PAGES; return the site's files (the search index aside: Pagefind
    numbers its pages in no fixed order) with their hashes, and how many bodies were compressed."""
    from generator.publish import page_memory
    from generator.publish.build import build_site

    compressed = []

    class CountingZlib:  # the real zlib, counted
        @staticmethod
        def compress(data: bytes, level: int) -> bytes:
            compressed.append(len(data))
            return zlib.compress(data, level)

        decompress = staticmethod(zlib.decompress)

    monkeypatch.setattr(page_memory, "zlib", CountingZlib)
    if threshold is not None:
        monkeypatch.setattr(page_memory, "COMPRESS_PAGES", threshold)
    build_site(project, DAY)
    site = project / "site"
    files = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in site.rglob("*") if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}
    return files, len(compressed)


def test_bodies_are_compressed_only_in_a_large_build_and_the_site_is_the_same(tmp_path: Path, monkeypatch) -> None:
    small = make_project(tmp_path / "small", FIXTURES / "ward" / "data")
    large = make_project(tmp_path / "large", FIXTURES / "ward" / "data")
    plain, none = _build(small, monkeypatch, None)  # the fixture ward: far fewer pages than COMPRESS_PAGES
    packed, count = _build(large, monkeypatch, 0)  # every build counts as large
    pages = len(list((small / "site_src").rglob("*.md")))
    assert none == 0
    assert count == pages > 20
    assert packed == plain
