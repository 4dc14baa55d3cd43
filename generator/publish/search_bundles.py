"""A large unit's search index in bundles by year, so one search downloads part of the unit.

Every Pagefind query downloads the engine, the metadata listing every page, and for each word of
the query the index entries of every page that has it: at 20,000 items a query of five common words
downloads about 500 KB, and no shrinking of one index brings it under the 300 KB budget (measured in
bench/README.md, "One search at 20,000 items"). Pagefind also holds the whole index in memory while
it writes it (1.9 GB at 20,000 items).

So a unit with more than SPLIT_PAGES indexed pages (pages with data-pagefind-body) gets one Pagefind
bundle per group of years: the main bundle, pagefind/ as for any unit, holds the newest years that
fit in SPLIT_PAGES pages (always at least the newest year) and the pages without a year; the older
years follow, newest first, in bundles of at most SPLIT_PAGES pages each (a year larger than that gets
a bundle of its own), at pagefind/nam-2020-2022/. Pagefind runs once per bundle, one after another,
over a folder of that bundle's pages only (same paths, so the same addresses), so its memory is that
of one bundle (in a full build the older bundles first, each as soon as MkDocs has written its pages:
`index_ahead`, search_beside.py). A unit with one bundle is indexed the same way, and each page in that folder is only
its title and the part Pagefind indexes (`indexed_part`): Pagefind reads neither the pages it would
skip (lists, notices, print sheets) nor every page's header, menus and footer, and writes the same
index (5,000 items: 8.7 -> 4.2 CPU s; bench/README.md). pagefind/bundles.json tells the search page which years each bundle
holds; a unit at or under SPLIT_PAGES has one bundle, as before, and the file says so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from markupsafe import escape

from .incremental import link_tree

SPLIT_PAGES = 5_000  # indexed pages above which the index is split by year (measured: bench/README.md)
INDEX_FOLDER = "pagefind"
LAYOUT_FILE = "bundles.json"
MIRROR_PREFIX = ".ck-index-"  # a bundle's pages while Pagefind reads them; a killed build's are removed by writer.recover
BODY = b"data-pagefind-body"
BODY_START, INDEX_START, BODY_END = b"<div data-pagefind-body>", b'<div class="ck-index"', b"</div>\n</div>"
YEAR = re.compile(rb'data-pagefind-filter="year:(\d{4})"')


@dataclass
class Bundle:
    """One Pagefind bundle: its folder under pagefind/ ("" for the main one), its years, its pages."""

    folder: str
    years: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


def indexed_pages(site: Path, candidates: list[str] | None = None) -> dict[str, str | None]:
    """Every page Pagefind indexes (path relative to the site), with its year filter if it has one:
    found by reading every HTML file of the site, or only the `candidates` when the caller knows them
    (a full build, whose other pages may still be being written: search_beside.py)."""
    if candidates is not None:
        return {rel: _year(data) for rel in candidates if BODY in (data := (site / rel).read_bytes())}
    pages: dict[str, str | None] = {}
    for root, dirs, names in os.walk(site):
        rel_root = os.path.relpath(root, site).replace(os.sep, "/")
        if rel_root == INDEX_FOLDER:
            dirs.clear()
            continue
        for name in names:
            if name.endswith(".html"):
                data = Path(root, name).read_bytes()
                if BODY in data:
                    pages[name if rel_root == "." else f"{rel_root}/{name}"] = _year(data)
    return pages


def _year(page: bytes) -> str | None:
    year = YEAR.search(page)
    return year.group(1).decode() if year else None


def predicted_year(search: dict) -> str | None:
    """The year filter the theme (main.html) writes for a page whose front matter's `search:` is
    `search`, as indexed_pages will read it back: known before the page is written (search_beside.py)."""
    year = search.get("year") if isinstance(search, dict) else None
    return _year(f'data-pagefind-filter="year:{escape(year)}"'.encode()) if year else None


def plan(pages: dict[str, str | None], limit: int) -> list[Bundle]:
    """Group the pages into bundles: one when there are at most `limit`, else by year (see above)."""
    if len(pages) <= limit:
        return [Bundle("", [], sorted(pages))]
    by_year: dict[str, list[str]] = {}
    undated = sorted(page for page, year in pages.items() if year is None)
    for page, year in sorted(pages.items()):
        if year is not None:
            by_year.setdefault(year, []).append(page)
    years = sorted(by_year, reverse=True)
    main = Bundle("", [], list(undated))
    while years and (not main.years or len(main.pages) + len(by_year[years[0]]) <= limit):
        year = years.pop(0)
        main.years.append(year)
        main.pages += by_year[year]
    bundles, group = [main], Bundle("")
    for year in years:
        if group.years and len(group.pages) + len(by_year[year]) > limit:
            bundles.append(group)
            group = Bundle("")
        group.years.append(year)
        group.pages += by_year[year]
    if group.years:
        bundles.append(group)
    for older in bundles[1:]:
        first, last = older.years[-1], older.years[0]
        older.folder = f"nam-{first}" if first == last else f"nam-{first}-{last}"
        older.pages.sort()
    main.pages.sort()
    return bundles


def layout(bundles: list[Bundle]) -> dict:
    """What the search page reads (pagefind/bundles.json): the main bundle's years (none when the
    index is not split) and each older bundle's folder and years, newest first."""
    return {"years": bundles[0].years if len(bundles) > 1 else [],
            "older": [{"path": b.folder + "/", "years": b.years} for b in bundles[1:]]}


def index_bundles(site: Path, run, rechunk, limit: int | None = None, live: Path | None = None,
                  changed: list[str] | None = None, pages: list[str] | None = None, parts: Parts | None = None,
                  ahead: dict[str, tuple[list[str], str]] | None = None) -> str:
    """Index `site` into pagefind/ (one bundle, or several by year), running `run(site_or_folder,
    output)` (Pagefind) once per bundle and `rechunk(output)` after each. Returns a build log line.

    A partial build passes the `live` site it is built on and the indexed pages that `changed` from
    it: a bundle of the live index whose years are the same and none of whose pages changed (in either
    version) is kept, its files linked in, not written again (`reusable_bundles`). `pages`, when
    given, are the only pages that can be indexed (see indexed_pages); `parts`, when given, holds them
    mirrored already (search_beside.py); `ahead` holds the older bundles indexed already while MkDocs
    was writing (`index_ahead`: folder -> its pages and account), each used where it is the bundle the
    plan gives, else indexed again."""
    limit = SPLIT_PAGES if limit is None else limit
    output = site / INDEX_FOLDER
    bundles = plan(parts.years if parts is not None else indexed_pages(site, pages), limit)
    kept = reusable_bundles(bundles, site, live, changed or []) if live is not None else set()
    wanted = {bundle.folder: bundle.pages for bundle in bundles}
    ready = {folder: account for folder, (done, account) in (ahead or {}).items() if folder and wanted.get(folder) == done}
    if output.is_dir():  # a preview indexed again in place, or bundles indexed ahead: those not wanted go
        for stale in output.glob("nam-*"):
            if stale.is_dir() and (stale.name not in wanted or stale.name in (ahead or {}) and stale.name not in ready):
                shutil.rmtree(stale)
    lines = []
    for bundle in bundles:
        target = output / bundle.folder if bundle.folder else output
        if bundle.folder in kept:  # its files linked from the live index (the main one: not the others')
            live_index = live / INDEX_FOLDER
            if bundle.folder:
                link_tree(live_index / bundle.folder, target, skip=set())
            else:
                link_tree(live_index, output, skip={LAYOUT_FILE}, skip_folders=tuple(d.name for d in live_index.glob("nam-*")))
            lines.append(f"{bundle.folder or 'pagefind'} ({len(bundle.pages)} trang): kept")
            continue
        if bundle.folder in ready:  # indexed while MkDocs wrote the later bundles' pages
            lines.append(f"{bundle.folder} ({len(bundle.pages)} trang, ahead): {ready[bundle.folder]}")
            continue
        if bundle.pages:
            with parts.folder(bundle.pages) if parts is not None else _mirror(site, bundle.pages) as folder:
                run(folder, target)
        else:  # no page marked for the index: Pagefind then indexes every page, as it would
            run(site, target)
        account = rechunk(target)
        lines.append(account if len(bundles) == 1 else f"{bundle.folder or 'pagefind'} ({len(bundle.pages)} trang): {account}")
    (output / LAYOUT_FILE).write_text(json.dumps(layout(bundles), separators=(",", ":")), encoding="utf-8")
    return "; ".join(lines)


def index_ahead(site: Path, parts: Parts, folder: str, pages: list[str], run, rechunk) -> tuple[list[str], str]:
    """Index the older bundle `folder` of a split index from `pages` (mirrored in `parts` already),
    before the other pages are handed over (search_beside.py): (its pages, sorted, and the account
    of its re-chunking), for index_bundles to use if the plan made from every page agrees."""
    pages = sorted(pages)
    target = site / INDEX_FOLDER / folder
    if target.exists():
        shutil.rmtree(target)
    with parts.folder(pages, keep=True) as mirror:
        run(mirror, target)
    return pages, rechunk(target)


def reusable_bundles(bundles: list[Bundle], site: Path, live: Path, changed: list[str]) -> set[str]:
    """The folders ("" for the main bundle) of the bundles a partial build can keep from the live index.

    In a partial build every page not built again is the live site's file, and a deletion means a full
    build, so a bundle's pages are the live bundle's when the live layout has the same folder with the
    same years and no changed indexed page is of one of those years, in its new version or its old one
    (a page whose year changed leaves one bundle and joins another); the main bundle also holds the
    pages without a year. An index that is not split is written again whenever an indexed page changed."""
    try:
        live_layout = json.loads((live / INDEX_FOLDER / LAYOUT_FILE).read_text(encoding="utf-8"))
        years = {"": live_layout["years"], **{older["path"].rstrip("/"): older["years"] for older in live_layout["older"]}}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()
    if len(bundles) == 1 or len(years) == 1:
        return set()
    dirty: set[str | None] = set()
    for rel in changed:
        for tree in (site, live):
            page = tree / rel
            data = page.read_bytes() if page.is_file() else b""
            if BODY in data:
                dirty.add(_year(data))
    kept = set()
    for bundle in bundles:
        if years.get(bundle.folder) != bundle.years or dirty & set(bundle.years):
            continue
        if bundle.folder == "" and None in dirty:
            continue
        if (live / INDEX_FOLDER / bundle.folder / "pagefind-entry.json").is_file():
            kept.add(bundle.folder)
    return kept


@contextmanager
def _mirror(site: Path, pages: list[str]):
    """A folder holding these pages of the site at the same paths (so the same addresses), each as
    `indexed_part` gives it, or whole (a hard link) where that gives nothing: Pagefind reads only
    what it indexes, not every page of the site nor the theme's header, menus and footer of each."""
    mirror = Path(tempfile.mkdtemp(prefix=MIRROR_PREFIX, dir=site.parent))
    try:
        made: set[str] = set()
        for rel in pages:
            with open(os.path.join(site, rel), "rb") as page:
                _place(site, mirror, rel, page.read(), made)
        yield mirror
    finally:
        shutil.rmtree(mirror, ignore_errors=True)


def _place(site: Path, mirror: Path, rel: str, page: bytes, made: set[str]) -> None:
    """Put the page `rel` (its bytes: `page`) into the mirror folder: its indexed part, or the whole
    page (a hard link) where that gives nothing. `made` holds the folders made so far."""
    parent = os.path.dirname(rel)
    if parent not in made:
        os.makedirs(os.path.join(mirror, parent), exist_ok=True)
        made.add(parent)
    source, target = os.path.join(site, rel), os.path.join(mirror, rel)
    part = indexed_part(page)
    if part is not None:
        with open(target, "wb") as out:
            out.write(part)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class Parts:
    """The indexed pages of a site handed over one by one as they are written (search_beside.py),
    each put at once into one mirror folder as `_mirror` would; then, for each bundle, a folder of
    that bundle's pages only. Used as a context manager: its folders go at the end.

    A folder Pagefind has read is removed beside what follows, the re-chunking (removing a thousand
    small files took 0.12 s here, at the end of the build's wait for the index): by `rm -rf` where
    there is one, which needs no share of this interpreter (a thread removing them waited on the
    re-chunking's for its turns, and took longer than it), else by a thread; the context's end waits
    for them."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.root = Path(tempfile.mkdtemp(prefix=MIRROR_PREFIX, dir=site.parent))
        self.years: dict[str, str | None] = {}  # as indexed_pages gives them, for the pages handed over
        self._made: set[str] = set()
        self._removing: list[threading.Thread | subprocess.Popen] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        for removal in self._removing:
            removal.join() if isinstance(removal, threading.Thread) else removal.wait()
        if self.root.exists():  # not read by Pagefind as a whole (a split index), or an error
            shutil.rmtree(self.root, ignore_errors=True)

    def _remove(self, folder: Path) -> None:
        """Remove a folder Pagefind has read, beside what follows (waited for by __exit__)."""
        remover = shutil.which("rm") if os.name == "posix" else None
        if remover is not None:
            try:
                self._removing.append(subprocess.Popen([remover, "-rf", "--", str(folder)], stdin=subprocess.DEVNULL,
                                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                return
            except OSError:
                pass
        thread = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True},
                                  name="congkhai-mirror-removal")
        thread.start()
        self._removing.append(thread)

    def add(self, rel: str) -> bool:
        """The page `rel` of the site is written: mirror it if Pagefind indexes it (then True)."""
        with open(os.path.join(self.site, rel), "rb") as page:
            data = page.read()
        if BODY not in data:
            return False
        self.years[rel] = _year(data)
        _place(self.site, self.root, rel, data, self._made)
        return True

    @contextmanager
    def folder(self, pages: list[str], keep: bool = False):
        """A folder holding these pages' parts only: the mirror itself when they are all the pages,
        else a new one they are moved into (a bundle of a split index is indexed once), or linked
        into when the mirror must `keep` them (a bundle indexed before every page is in: index_ahead)."""
        if len(pages) == len(self.years) and not keep:
            yield self.root
            self._remove(self.root)  # every page read: the mirror itself is not needed again
            return
        folder = Path(tempfile.mkdtemp(prefix=MIRROR_PREFIX, dir=self.site.parent))
        try:
            made: set[str] = set()
            for rel in pages:
                parent = os.path.dirname(rel)
                if parent not in made:
                    os.makedirs(os.path.join(folder, parent), exist_ok=True)
                    made.add(parent)
                (os.link if keep else os.rename)(os.path.join(self.root, rel), os.path.join(folder, rel))
            yield folder
        finally:
            self._remove(folder)


def indexed_part(page: bytes) -> bytes | None:
    """The page as Pagefind needs it: its title and the element it indexes, which congkhai's theme
    (main.html) writes as <div data-pagefind-body> ending with the hidden <div class="ck-index">
    (spans and paragraphs only, its text escaped, so the first "</div>\n</div>" after it closes
    both). None for a page laid out otherwise (a unit's own theme), which Pagefind then reads whole.
    The index made from these parts is the one made from the whole pages, page for page and word
    for word (tests/test_search_bundles.py); Pagefind reads about a quarter of the bytes."""
    start = page.find(BODY_START)
    if start < 0 or page.find(BODY_START, start + 1) >= 0:
        return None
    index = page.find(INDEX_START, start)
    end = page.find(BODY_END, index) if index >= 0 else -1
    title = page.find(b"<title>", 0, start)
    title_end = page.find(b"</title>", title, start) if title >= 0 else -1
    if end < 0 or title_end < 0:
        return None
    return b"".join((b'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">', page[title:title_end + 8],
                     b"</head><body>", page[start:end + len(BODY_END)], b"</body></html>\n"))
