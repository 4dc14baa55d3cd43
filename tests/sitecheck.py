"""Read a built site the way a browser would: links, anchors, resources, visible text."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

RESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


class _PageParser(HTMLParser):
    """Collect ids, links, resources and visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "audio", "video", "source") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & RESOURCE_RELS:
            self.resources.append(a["href"])
        if tag in ("script", "style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse_page(path: Path) -> _PageParser:
    """Parse one built HTML page."""
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def visible_text(path: Path) -> str:
    """Return the text a reader sees on a page."""
    return " ".join(parse_page(path).text)


def _target(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """Resolve a relative link from a page to a file in the site and its fragment."""
    parts = urlsplit(href)
    page_dir = page.parent.relative_to(site).as_posix()
    joined = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path))) if parts.path else page.relative_to(site).as_posix()
    target = site / joined
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def broken_links(site: Path) -> list[str]:
    """List every internal link or resource that points at a missing file or anchor."""
    broken = []
    cache: dict[Path, _PageParser] = {}
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" and page.parent == site:
            continue  # MkDocs writes the error page with root-absolute links by design
        parsed = cache.setdefault(page, parse_page(page))
        for href in parsed.links + parsed.resources:
            if re.match(r"^(https?:|mailto:|tel:|data:|javascript:)", href) or href.startswith("//"):
                continue
            target, fragment = _target(site, page, href)
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href} (missing {target.relative_to(site) if target.is_relative_to(site) else target})")
                continue
            if fragment and target.suffix == ".html":
                ids = cache.setdefault(target, parse_page(target)).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {href} (no anchor #{fragment})")
    return broken


def third_party_resources(site: Path) -> list[str]:
    """List resources any page would fetch from another host (scripts, styles, images, fonts)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for src in parse_page(page).resources:
            if re.match(r"^(https?:)?//", src):
                found.append(f"{page.relative_to(site)}: {src}")
    for css in sorted(site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{css.relative_to(site)}: {url}")
    for js in sorted(site.rglob("*.js")):
        text = js.read_text(encoding="utf-8", errors="replace")
        # mkdocs-material's bundle names unpkg for a ResizeObserver polyfill and Mermaid, loaded only
        # on browsers without ResizeObserver or pages with diagrams; fonts would load on every page.
        for url in re.findall(r"[\"'](https?://(?:fonts\.googleapis|fonts\.gstatic)[^\"']*)", text):
            found.append(f"{js.relative_to(site)}: {url}")
    return found
