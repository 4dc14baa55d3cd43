"""Partial builds: only the pages whose generated Markdown changed go through MkDocs again.

A build leaves a manifest (`.congkhai/build-manifest.json`) describing the site it published: a
hash of every input that shows on every page ("globals": MkDocs configuration as the plugin left
it, the theme folders, the identity header and footer, congkhai's code, the versions of MkDocs,
mkdocs-material, Markdown and Jinja), and per source file the SHA-256 of its bytes; per page also
its sitemap date and the pages it links to with an anchor. The manifest also records the inode,
size and modification time of every file of the live site, so a site changed by anything else
(or a build killed after its swap, before the manifest was written) is noticed: the next build is
then a full one.

The next build runs MkDocs in its `dirty` mode into an empty folder beside the live site. The
plugin (mkdocs_plugin.py) tells MkDocs, file by file, what is modified (`File.is_modified`): a page
whose Markdown changed or is new, a page with an anchor link into such a page (so strict MkDocs
checks that link again), every page of the navigation (their titles appear on every page), a
static file whose bytes changed. Everything is rebuilt when a global input changed, or when a
page or file disappeared (a page linking to it must fail the strict build as a full build would).
Then `assemble` hard-links every other file of the live site into the new folder (a hard link
shares the file's data; nothing writes through one: the live tree is only read, the new one is
only added to, and the old tree is removed by unlinking), the sitemap and 404 page being rebuilt
each time. Pagefind (1.5) cannot update an index: the index folder is linked as it is when no
page with `data-pagefind-body` changed; otherwise the index is written again, except, for a large
unit whose index is split by year, the year bundles no changed page belongs to, which are linked
as they are (search_bundles.reusable_bundles). The folder is then swapped in as a full build's would be.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

MANIFEST_FILE = "build-manifest.json"
INDEX_FOLDER = "pagefind"
INDEX_MARK = b"data-pagefind-body"
PACKAGES = ("congkhai", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
CODE = Path(__file__).resolve().parent.parent  # the generator package: its code shapes what MkDocs prints
_DIRTY_WARNING = "A 'dirty' build is being performed"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def _tree_hash(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def _code_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(CODE.rglob("*.py")):
        digest.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_CODE_HASH: list[str] = []


def _packaged_themes() -> set[Path]:
    found = set()
    for name in ("material", "mkdocs"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        found |= {p.resolve() for p in Path(module.__file__).parent.glob("templates")}
        found |= {p.resolve() for p in Path(module.__file__).parent.glob("themes/*")}
    return found


_PACKAGED_THEMES = _packaged_themes()


def globals_hash(config, identity: list[bytes]) -> str:
    """Hash every input that shows on every page: settings, theme, identity parts, code, versions."""
    if not _CODE_HASH:
        _CODE_HASH.append(_code_hash())
    digest = hashlib.sha256(_CODE_HASH[0].encode() + sys.version.encode())
    for name in PACKAGES:
        digest.update(f"{name}={_version(name)}\0".encode())
    settings = {key: config.get(key) for key in ("site_name", "site_url", "nav", "extra", "extra_css", "extra_javascript",
                                                  "markdown_extensions", "mdx_configs", "use_directory_urls", "copyright",
                                                  "repo_url", "repo_name", "edit_uri", "validation", "extra_templates")}
    settings["theme"] = {key: config.theme[key] for key in sorted(config.theme)}
    settings["config_file"] = Path(config.config_file_path).read_bytes().hex() if config.config_file_path else ""
    digest.update(json.dumps(settings, sort_keys=True, default=repr, ensure_ascii=False).encode())
    for folder in config.theme.dirs:
        if Path(folder).resolve() not in _PACKAGED_THEMES:
            _tree_hash(digest, Path(folder))  # mkdocs-material's and MkDocs's own files: their versions, above
    for part in identity:
        digest.update(_sha(part).encode())
    return digest.hexdigest()


def site_stats(site: Path, skip: str | None = None) -> dict[str, list[int]]:
    """Return {path: [inode, size, mtime_ns]} of every file of a built site (but those of its
    top-level folder `skip`)."""
    found = {}
    top = os.fspath(site)
    for root, dirs, names in os.walk(site):
        if skip is not None and root == top and skip in dirs:
            dirs.remove(skip)
        for name in names:
            path = os.path.join(root, name)
            info = os.stat(path, follow_symlinks=False)
            found[os.path.relpath(path, site).replace(os.sep, "/")] = [info.st_ino, info.st_size, info.st_mtime_ns]
    return found


def manifest_path(project: Path) -> Path:
    from .lock import STATE_FOLDER

    return project / STATE_FOLDER / MANIFEST_FILE


def load_previous(project: Path, site: Path) -> dict | None:
    """Return the manifest of the live site if it still describes it exactly, else None."""
    path = manifest_path(project)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("site") != str(site) or not site.is_dir():
        return None
    try:
        if site_stats(site) != manifest.get("outputs"):
            return None
    except OSError:
        return None
    return manifest


def forget(project: Path) -> None:
    """Drop the manifest before the live site changes: a kill before the new one is written means a full build next."""
    manifest_path(project).unlink(missing_ok=True)


def write_manifest(project: Path, site: Path, session: "Session", extras: list[str], outputs: dict | None = None) -> None:
    """Record what the site now live was built from (after the swap); `outputs`: its site_stats if
    taken already."""
    manifest = {"site": str(site), "globals": session.globals, "pages": session.pages, "static": session.static,
                "extras": sorted(extras), "outputs": site_stats(site) if outputs is None else outputs}
    path = manifest_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


def _in_folder(file, docs: Path, resolved: dict[str, Path]) -> bool:
    """Whether a file MkDocs found comes from the docs folder (not the theme): each source folder is
    resolved once (kept in `resolved`), not every file's path (system calls per file, every build).
    Files of site_src/ are written by congkhai, never links, so the folder decides."""
    if not file.abs_src_path or not file.src_dir:
        return False
    folder = resolved.get(file.src_dir)
    if folder is None:
        folder = resolved[file.src_dir] = Path(file.src_dir).resolve()
    return folder == docs or folder.is_relative_to(docs) and Path(file.abs_src_path).resolve().is_relative_to(docs)


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may be inaccurate; strict mode would count that warning. The
    partial build decides itself what is modified, so the warning does not apply."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


DIRTY_FILTER = _DropDirtyWarning()


@dataclass
class Session:
    """One MkDocs run's partial-build state, shared by the caller and the congkhai plugin."""

    previous: dict | None
    in_place: Path | None = None  # the preview's site folder, updated in place (`congkhai serve`)
    partial: bool = False
    reason: str = ""
    globals: str = ""
    pages: dict[str, dict] = field(default_factory=dict)  # src_uri -> {"hash", "lastmod", "anchors"}
    static: dict[str, str] = field(default_factory=dict)  # docs_dir static file -> sha256
    rebuilt: set[str] = field(default_factory=set)  # pages MkDocs renders this time
    written: list[str] = field(default_factory=list)  # the HTML files of the pages rendered this time
    only: set[str] | None = None  # preview: render just these pages now, the rest in a later rebuild (preview.py)
    index: Any = None  # a full build's search_beside.IndexBeside, still finishing the index when MkDocs returns
    sources: Any = None  # a build's sources_beside.SourcesBeside: pages from memory, site_src/ written beside

    def plan(self, files, config) -> None:
        """Hash every source file, decide partial or full, and set `is_modified` on every file."""
        if self.only is not None:
            self._plan_only(files, config)
            return
        docs = Path(config.docs_dir).resolve()
        from .. import paths

        sources = self.sources
        if sources is not None:  # the folder is being written: its files are read from memory
            identity = [sources.content(rel) or b"" for rel in (paths.IDENTITY_HEADER, paths.IDENTITY_FOOTER)]
        else:
            identity = [(docs / rel).read_bytes() if (docs / rel).is_file() else b"" for rel in (paths.IDENTITY_HEADER, paths.IDENTITY_FOOTER)]
        self.globals = globals_hash(config, identity)
        folders: dict[str, Path] = {}
        hashes = {file.src_uri: sources.digest(file.src_uri) if sources is not None else _sha(file.content_bytes)
                  for file in files if _in_folder(file, docs, folders)}
        pages = {uri for uri in hashes if uri.endswith(".md")}
        self.static = {uri: h for uri, h in hashes.items() if uri not in pages}
        previous = self.previous or {}
        old_pages, old_static = previous.get("pages", {}), previous.get("static", {})
        if not self.previous:
            self.reason = "no previous build"
        elif previous.get("globals") != self.globals:
            self.reason = "an input shown on every page changed"
        elif not config.nav:
            self.reason = "no nav in mkdocs.yml: every page's title shows in every page's navigation"
        elif set(old_pages) - pages or set(old_static) - set(self.static):
            self.reason = "a page or file was removed"
        else:
            self.partial = True
        changed = {uri for uri in pages if old_pages.get(uri, {}).get("hash") != hashes[uri]}
        if self.partial:
            nav = nav_uris(config.nav or [])
            anchored = {uri for uri, entry in old_pages.items() if changed & set(entry.get("anchors", []))}
            self.rebuilt = changed | nav | anchored
        else:
            self.rebuilt = set(pages)
        if sources is not None:
            sources.keep_only(self.rebuilt)
        for uri in pages:
            entry = dict(old_pages.get(uri, {})) if uri not in self.rebuilt else {}
            entry["hash"] = hashes[uri]
            self.pages[uri] = entry
        if self.in_place is None:
            for file in files:
                if file.src_uri in self.static:
                    file.copy_file = _linker(file)
        if not self.partial:
            if self.in_place is not None and self.in_place.is_dir():
                from mkdocs.utils import clean_directory

                clean_directory(str(self.in_place))  # dirty mode cleans nothing itself
            return
        for file in files:
            if file.src_uri in pages:
                modified = file.src_uri in self.rebuilt
            elif file.src_uri in self.static:
                modified = old_static.get(file.src_uri) != self.static[file.src_uri]
            else:
                modified = False  # a theme file: unchanged, or the globals would differ
            file.is_modified = (lambda value=modified: value)

    def _plan_only(self, files, config) -> None:
        """Render only the pages named (a saved item's), nothing else: no other page, no static file,
        no sitemap or 404 page. What this leaves out of date, the refresh that follows renders."""
        self.partial = True
        self.rebuilt = set(self.only or ())
        for file in files:
            file.is_modified = (lambda value=file.src_uri in self.rebuilt: value)
        config.theme.static_templates.difference_update({"sitemap.xml", "404.html"})

    def note_page(self, page) -> None:
        """Remember a rendered page's sitemap date and the pages it links to with an anchor."""
        entry = self.pages.setdefault(page.file.src_uri, {})
        self.written.append(page.file.abs_dest_path)
        entry["lastmod"] = page.update_date
        entry["anchors"] = sorted({target.src_uri for target in (page.links_to_anchors or {}) if target.src_uri != page.file.src_uri})

    def date_unbuilt(self, files) -> None:
        """Give pages not rendered this time their recorded sitemap date (the sitemap lists every page)."""
        if not self.partial:
            return
        for file in files.documentation_pages():
            if file.page is not None and file.src_uri not in self.rebuilt:
                file.page.update_date = self.pages.get(file.src_uri, {}).get("lastmod", "")


def _linker(file):
    """Put a static file of site_src/ into the new site as a hard link instead of a copy. site_src/ is
    only ever replaced whole (writer.write_tree), never written in place, so the link stays right."""

    def copy_file(dirty: bool = False) -> None:
        if dirty and not file.is_modified():
            return
        target = file.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(file.abs_src_path, target)
        except OSError:
            shutil.copyfile(file.abs_src_path, target)

    return copy_file


def nav_uris(items) -> set[str]:
    """The pages named in mkdocs.yml's nav: always rendered, as their titles show on every page."""
    found: set[str] = set()
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            for value in item.values():
                found |= nav_uris(value)
        elif isinstance(item, str) and item.endswith(".md"):
            found.add(item)
    return found


ACTIVE: Session | None = None  # the session of the MkDocs run in progress, read by the plugin
PREVIEW: dict[str, dict] | None = None  # `congkhai serve`: site folder -> what its last build was built from


def preview_session(site_dir: str, only: set[str] | None = None) -> Session | None:
    """Start a preview rebuild's session (only under `congkhai serve`); `only`: render just these pages."""
    global ACTIVE
    if PREVIEW is None:
        return None
    ACTIVE = Session(PREVIEW.pop(site_dir, None), in_place=Path(site_dir), only=only)
    return ACTIVE


def finish_preview(session: Session) -> bool:
    """Keep what the preview was built from; return whether its search index needs building again."""
    global ACTIVE
    ACTIVE = None
    assert PREVIEW is not None and session.in_place is not None
    if session.only is not None:
        # The pages rendered now are rendered again by the refresh, which compares with the last
        # complete build: that build's record is kept as it was. The refresh indexes for search.
        if session.previous is not None:
            PREVIEW[str(session.in_place)] = session.previous
        return False
    PREVIEW[str(session.in_place)] = {"globals": session.globals, "pages": session.pages, "static": session.static}
    if not session.partial:
        return True
    return any(INDEX_MARK in Path(path).read_bytes() for path in session.written if Path(path).is_file())


def changed_indexed(fresh: Path, live: Path, staged: list[str]) -> list[str]:
    """The staged pages that differ from the live site's and are indexed (data-pagefind-body) in either."""
    changed = []
    for rel in staged:
        if not rel.endswith(".html"):
            continue
        new = (fresh / rel).read_bytes()
        old_path = live / rel
        old = old_path.read_bytes() if old_path.is_file() else b""
        if new != old and (INDEX_MARK in new or INDEX_MARK in old):
            changed.append(rel)
    return changed


def staged_files(fresh: Path) -> list[str]:
    """Every file MkDocs (and the editor) wrote into the new folder."""
    return sorted(site_stats(fresh))


def link_tree(live: Path, fresh: Path, skip: set[str], skip_folders: tuple[str, ...] = ()) -> int:
    """Hard-link every live file missing from fresh into it (copy where linking is impossible); return how many."""
    linked = 0
    for root, _dirs, names in os.walk(live):
        rel_root = os.path.relpath(root, live).replace(os.sep, "/")
        rel_root = "" if rel_root == "." else rel_root + "/"
        if any(rel_root.startswith(folder + "/") for folder in skip_folders):
            continue
        for name in names:
            rel = rel_root + name
            target = fresh / rel
            if rel in skip or os.path.lexists(target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(live / rel, target, follow_symlinks=False)
            except OSError:
                shutil.copy2(live / rel, target, follow_symlinks=False)
            linked += 1
    return linked
