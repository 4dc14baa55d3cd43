"""One search index for the whole province: every indexed page of every live unit site, with a
`unit` filter, written by Pagefind's own indexer and re-split into small chunks like a unit's index.

A unit's pages are read from its built site (the same text its own search indexes: the
data-pagefind-body part) and added with their address on the portal, so results link to the unit's
site. Measured sizes of one query: bench/README.md, "Province-wide search".
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import html
import re
from pathlib import Path

from ..publish.search_chunks import rechunk

BODY = re.compile(r"<div data-pagefind-body>")


def _pages(site: Path, url: str, unit: str):
    """The indexed pages of one unit site as (HTML with the unit filter, address)."""
    marker = f'<div data-pagefind-body><span hidden data-pagefind-filter="unit">{html.escape(unit)}</span>'
    for path in sorted(site.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in text:
            continue
        rel = path.parent.relative_to(site).as_posix()
        yield BODY.sub(marker, text, count=1), url + ("" if rel == "." else rel + "/")


async def _index(units: list[tuple[Path, str, str]], output: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    count = 0
    # Leaving the context writes the files, to the configured output_path (else ./pagefind).
    async with PagefindIndex(config=IndexConfig(force_language="vi", output_path=str(output))) as index:
        for site, url, name in units:
            for content, address in _pages(site, url, name):
                await index.add_html_file(content=content, url=address)
                count += 1
    return count


def index_province(units: list[tuple[Path, str, str]], output: Path) -> str:
    """Index (site folder, address, unit name) of every live unit into output/; return a log line."""
    # Pagefind's indexing API is asynchronous; run it on a thread of its own, so a caller that already
    # runs an event loop in this thread (a test harness, an embedding application) does not matter.
    with ThreadPoolExecutor(max_workers=1) as thread:
        pages = thread.submit(asyncio.run, _index(units, output)).result()
    return f"{pages} trang của {len(units)} đơn vị; {rechunk(output)}"
