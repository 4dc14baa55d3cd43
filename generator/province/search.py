"""One search index for the whole province: every indexed page of every live unit site, with a
`unit` filter, written by Pagefind's command over copies of the pages and re-split into small chunks like a unit's index.

A unit's pages are read from its built site (the same text its own search indexes: the
data-pagefind-body part) and added with their address on the portal, so results link to the unit's
site. A province of many units is as large as a large unit (92 units of 200 items: about 18,000
pages), so the index is split by year the same way (generator/publish/search_bundles.py: `plan` and
`layout`, the same SPLIT_PAGES): above it, tinh/pagefind/ holds the newest years and the pages
without a year, tinh/pagefind/nam-…/ the older years, and pagefind/bundles.json says which; each
bundle is written by its own Pagefind run, one after another, so memory is that of one bundle. Every
bundle keeps the unit filter. Measured sizes of one query: bench/README.md, "Province-wide search".
"""

from __future__ import annotations

import html
import json
import shutil
import tempfile
from pathlib import Path

from ..publish.search import run_pagefind
from ..publish.search_bundles import BODY_START, LAYOUT_FILE, MIRROR_PREFIX, SPLIT_PAGES, YEAR, indexed_part, layout, plan
from ..publish.search_chunks import rechunk

def _pages(site: Path, url: str):
    """The indexed pages of one unit site as (file, address, year or None), in path order."""
    for path in sorted(site.rglob("index.html")):
        data = path.read_bytes()
        if b"data-pagefind-body" not in data:
            continue
        rel = path.parent.relative_to(site).as_posix()
        year = YEAR.search(data)
        yield path, url + ("" if rel == "." else rel + "/"), year.group(1).decode() if year else None


def _with_unit(path: Path, unit: str, address: str) -> bytes:
    """The page's HTML (only its indexed part where search_bundles.indexed_part finds it) with the
    unit filter and the page's address on the portal at the start of its indexed part (the address as
    an attribute, so it is not indexed as words)."""
    marker = (f'<div data-pagefind-body><span hidden data-pagefind-filter="unit">{html.escape(unit)}</span>'
              f'<span hidden data-pagefind-meta="address:{html.escape(address)}"></span>').encode()
    page = path.read_bytes()
    return (indexed_part(page) or page).replace(BODY_START, marker, 1)


def _index(pages: list[tuple[Path, str, str]], output: Path) -> None:
    """Index the pages into output/ with Pagefind's command, from a folder of copies numbered in
    order. (Pagefind's Python API answers one page per tenth of a second: 30 minutes for 18,000.)"""
    mirror = Path(tempfile.mkdtemp(prefix=MIRROR_PREFIX, dir=output.parent))
    try:
        for number, (path, address, name) in enumerate(pages):
            page = mirror / f"p{number:07d}" / "index.html"
            page.parent.mkdir()
            page.write_bytes(_with_unit(path, name, address))
        run_pagefind(mirror, output)
    finally:
        shutil.rmtree(mirror, ignore_errors=True)


def index_province(units: list[tuple[Path, str, str]], output: Path, limit: int | None = None) -> str:
    """Index (site folder, address, unit name) of every live unit into output/, in bundles by year
    above `limit` indexed pages (default SPLIT_PAGES); return a log line."""
    limit = SPLIT_PAGES if limit is None else limit
    entries = [(path, address, name, year) for site, url, name in units for path, address, year in _pages(site, url)]
    bundles = plan({address: year for _, address, _, year in entries}, limit)
    shutil.rmtree(output, ignore_errors=True)  # an earlier, larger province may have left other bundles
    lines = []
    output.parent.mkdir(parents=True, exist_ok=True)
    for bundle in bundles:
        members = set(bundle.pages)
        target = output / bundle.folder if bundle.folder else output
        chosen = [(path, address, name) for path, address, name, _ in entries if address in members]
        _index(chosen, target)
        lines.append(f"{bundle.folder or 'pagefind'} ({len(chosen)} trang): {rechunk(target)}" if len(bundles) > 1 else rechunk(target))
    output.mkdir(parents=True, exist_ok=True)
    (output / LAYOUT_FILE).write_text(json.dumps(layout(bundles), separators=(",", ":")), encoding="utf-8")
    return f"{len(entries)} trang của {len(units)} đơn vị; " + "; ".join(lines)
