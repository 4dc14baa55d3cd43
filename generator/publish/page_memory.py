"""Keep a large build's memory bounded: MkDocs holds what no later step needs.

MkDocs 1.6 converts every page's Markdown to HTML first (to know every page's title and anchors)
and only then renders the pages into the theme one by one. Until the build ends, each page object
keeps its Markdown source and its HTML body: at 20,000 items, two copies of every page, next to
congkhai's own rendered texts. Here the Markdown is dropped once converted, the HTML body is kept
zlib-compressed until the page's turn to be written (about an eighth of the memory), and dropped once
written; the texts congkhai rendered are read back from site_src/ on demand once written there.
Nothing the build writes changes (the golden-file tests compare the output).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path


class PageStash:
    """The HTML bodies of converted pages, compressed, each until its page is written."""

    def __init__(self) -> None:
        self._bodies: dict[str, bytes] = {}

    def put(self, page, html: str) -> str:
        """After conversion (on_page_content): keep the body compressed, drop the Markdown.
        Returns what MkDocs keeps as the page's content meanwhile: nothing."""
        self._bodies[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        page.markdown = ""  # not None: MkDocs takes a page without Markdown for one not read yet
        return ""

    def take(self, page) -> None:
        """Before the page is rendered into the theme (on_page_context): give it its body back."""
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
