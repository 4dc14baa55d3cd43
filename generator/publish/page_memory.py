"""Keep a large build's memory bounded: MkDocs holds what no later step needs.

MkDocs 1.6 converts every page's Markdown to HTML first (to know every page's title and anchors)
and only then renders the pages into the theme one by one. Until the build ends, each page object
keeps its Markdown source and its HTML body: at 20,000 items, two copies of every page, next to
congkhai's own rendered texts. Here the Markdown is dropped once converted, and the HTML body is
dropped once written. In a build of more than COMPRESS_PAGES pages the body is also kept
zlib-compressed until the page's turn to be written (about an eighth of the memory); a smaller build
keeps it as it is, which spares the compression's CPU time (about 5 % of MkDocs's: bench/README.md,
"Cost per unit", fifth session) for a few hundred MB at most. MkDocs is given each page's Markdown
from memory, which is let go once read (sources_beside.py); after the build, the texts congkhai
rendered are read back from site_src/ on demand. Nothing the build writes changes (the golden-file
tests compare the output; tests/test_page_memory.py builds with and without compression).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path


COMPRESS_PAGES = 8_000  # pages above which bodies wait compressed (5,000 items are about 7,500 pages)


class PageStash:
    """The HTML bodies of converted pages, compressed in a large build, each until its page is written."""

    def __init__(self) -> None:
        self._bodies: dict[str, bytes] = {}
        self.compress = True

    def plan(self, pages: int) -> None:
        """Before conversion (on_files): compress the bodies only in a build of many pages."""
        self.compress = pages > COMPRESS_PAGES

    def put(self, page, html: str) -> str:
        """After conversion (on_page_content): drop the Markdown; in a large build keep the body
        compressed here. Returns what MkDocs keeps as the page's content meanwhile."""
        page.markdown = ""  # not None: MkDocs takes a page without Markdown for one not read yet
        if not self.compress:
            return html
        self._bodies[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        return ""

    def take(self, page) -> None:
        """Before the page is rendered into the theme (on_page_context): give it its body back (a
        body not compressed is still the page's content)."""
        body = self._bodies.pop(page.file.src_uri, None)
        if body is not None:
            page.content = zlib.decompress(body).decode("utf-8")

    @staticmethod
    def written(page) -> None:
        """After the page's HTML is final (on_post_page): MkDocs only needs its anchors now.
        ("" rather than None: with None, MkDocs would look for the title in the Markdown again.)"""
        page.content = ""


class WrittenTexts(Mapping):
    """The rendered texts, by site_src path, read back from the folder they were written to: the
    same mapping as the dict it replaces, without keeping every page in memory."""

    def __init__(self, folder: Path, names) -> None:
        self._folder = folder
        self._names = sorted(names)
        self._known = frozenset(self._names)

    def __getitem__(self, rel: str) -> str:
        if rel not in self._known:
            raise KeyError(rel)
        with open(self._folder / rel, encoding="utf-8", newline="") as file:
            return file.read()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, rel: object) -> bool:
        return rel in self._known
