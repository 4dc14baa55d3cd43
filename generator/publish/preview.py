"""`congkhai serve`: a save shows the saved item's page first, then the rest of the site.

Each rebuild of the preview is one of three steps, chosen before MkDocs starts (`prepare`):

- **first**: data files of documents or disclosures were saved, nothing else changed, and the
  items, attachments and pages stay the same set. data/ is loaded again with the files kept from the
  previous load (data/parsed.py: only the saved files are parsed and validated again; the whole
  unit is still cross-checked, so a broken save is refused exactly as `congkhai check` refuses it,
  before anything is written). Only the saved items' own pages (a document's page; a disclosure's
  page and notice) and the identity header and footer are rendered and written, and MkDocs renders
  only those pages (incremental.Session with `only`). The full render of the same data then runs
  in a background thread; when it is done, a file in a watched folder is touched so the server
  rebuilds again.
- **refresh**: that background render is applied: every generated source written where it changed,
  and MkDocs renders what changed since the last complete build (the ordinary partial preview
  build), the search index after it. The result is what a full build of that data gives.
- **full**: anything else (the first build, site.yaml, rules, attachments, a file added or removed,
  an item appearing or disappearing, a consultation): the whole site rendered, then the ordinary
  partial preview build.

A save that breaks the data raises DataProblems before anything is written; a refresh of the last
good data that is due is applied in the next rebuild, so the preview is never left half updated.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import paths
from ..data.parsed import ParsedFiles
from ..data.portal import Portal
from ..data.problems import DataProblems
from ..data.sources import KIND_FOLDERS
from ..render.site import render_item_pages
from .build import Generated, load_checked, render_generated, sync_sources
from .lock import STATE_FOLDER

REFRESH_FOLDER = "preview-refresh"  # under .congkhai/: watched by the server; touched when a refresh is ready
REFRESH_DELAY_VARIABLE = "CONGKHAI_REFRESH_DELAY"  # seconds before the background render starts (the tests set it)
FAST_KINDS = ("document", "disclosure")


@dataclass
class Step:
    """What one preview rebuild does."""

    kind: str  # "first", "refresh" or "full"
    pages: set[str]  # "first": the pages MkDocs renders
    saved: list[str]  # data files parsed again, as shown to people


def refresh_folder(project: Path) -> Path:
    return project / STATE_FOLDER / REFRESH_FOLDER


def _snapshot(data_dir: Path) -> dict[str, tuple[int, int, int]]:
    found = {}
    for root, _dirs, names in os.walk(data_dir):
        for name in names:
            path = os.path.join(root, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            found[os.path.relpath(path, data_dir).replace(os.sep, "/")] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return found


def _record_file(rel: str) -> bool:
    """Whether a path under data/ is a document's or disclosure's data file."""
    folders = tuple(KIND_FOLDERS[kind] + "/" for kind in FAST_KINDS)
    return rel.startswith(folders) and rel.endswith((".yaml", ".yml"))


class PreviewState:
    """What the preview keeps between rebuilds: parsed files, the last good portal, the pending refresh."""

    def __init__(self, project: Path, today: dt.date):
        self.project = project
        self.today = today
        self.parsed = ParsedFiles()
        self.portal: Portal | None = None  # the last good data
        self.generation = 0  # counts good loads; a background render is for one of them
        self.snapshot: dict[str, tuple[int, int, int]] | None = None  # data/ at the last load attempt
        self._good_snapshot: dict[str, tuple[int, int, int]] = {}  # data/ at the last good load
        self._unshown: list[str] = []  # files parsed by loads that failed since the last good one
        self._lock = threading.Lock()
        self._wanted: tuple[int, Portal, object] | None = None  # the render the worker should do next
        self._ready: tuple[int, Generated] | None = None
        self._running = False  # a worker thread is waiting to render or rendering
        self.synced = False  # the preview's sources are the whole render of self.portal

    def prepare(self, docs_dir: Path) -> tuple[Step, Generated | None]:
        """Update the preview's sources for this rebuild; raise DataProblems (nothing written) on bad data."""
        snapshot = _snapshot(self.project / "data")
        previous, self.snapshot = self.snapshot, snapshot
        with self._lock:
            ready = self._ready if self._ready and self._ready[0] == self.generation else None
            pending = self._running or self._wanted is not None
        if previous == snapshot and self.portal is not None:
            if ready is not None:
                with self._lock:
                    self._ready = None
                sync_sources(docs_dir, ready[1])
                self.synced = True
                return Step("refresh", set(), []), ready[1]
            if pending:
                return Step("first", set(), []), None  # a refresh is on its way: nothing to render now
            if self.synced:
                return Step("full", set(), []), None  # no data change (mkdocs.yml or the theme): sources are current
        try:
            settings, portal = load_checked(self.project, self.today, self.parsed)
        except DataProblems:
            self._unshown += self.parsed.parsed
            if ready is not None:
                self._request_rebuild()  # the last good data's refresh is applied next (see above)
            raise
        saved = sorted(set(self._unshown + self.parsed.parsed))
        old, self.portal, self._unshown = self.portal, portal, []
        with self._lock:
            self.generation += 1
        good, self._good_snapshot = self._good_snapshot, snapshot
        changed = {rel for rel in set(snapshot) | set(good) if good.get(rel) != snapshot.get(rel)}
        first = self._first_pages(old, portal, changed, saved)
        if first is None:
            with self._lock:
                self._wanted = None
            generated = render_generated(self.project, portal, settings)
            sync_sources(docs_dir, generated)
            self.synced = True
            return Step("full", set(), saved), generated
        self.synced = False
        documents, disclosures = first
        texts = render_item_pages(portal, documents, disclosures)
        for rel, text in texts.items():
            path = docs_dir / rel
            data = text.encode("utf-8")
            if not path.is_file() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        with self._lock:
            self._wanted = (self.generation, portal, settings)
        return Step("first", {rel for rel in texts if rel.endswith(".md")}, saved), None

    def _first_pages(self, old: Portal | None, new: Portal, changed: set[str], saved: list[str]) -> tuple[set[str], set[str]] | None:
        """The documents and disclosures whose pages a save shows first, or None when it needs the full step."""
        if old is None or not saved or any(not _record_file(rel) for rel in changed):
            return None
        if not all(_record_file(shown.removeprefix("data/")) for shown in saved):
            return None
        same = (old.documents.keys() == new.documents.keys() and old.disclosures.keys() == new.disclosures.keys()
                and old.consultations.keys() == new.consultations.keys() and old.files.keys() == new.files.keys()
                and old.sources == new.sources)
        if not same:
            return None
        keys = {key for key, source in new.sources.items() if source in saved}
        if not keys or any(kind not in FAST_KINDS for kind, _ in keys):
            return None
        # An item held back until its date (data/schedule.py) has no page to show first.
        documents = {ident for kind, ident in keys if kind == "document" and ident in new.documents}
        disclosures = {ident for kind, ident in keys if kind == "disclosure" and ident in new.disclosures}
        return (documents, disclosures) if documents or disclosures else None

    def start_refresh(self) -> None:
        """After a "first" step's build: render the whole site in the background."""
        with self._lock:
            if self._wanted is None or self._running:
                return
            self._running = True
        threading.Thread(target=self._work, daemon=True).start()

    def _work(self) -> None:
        delay = float(os.environ.get(REFRESH_DELAY_VARIABLE) or 0)
        while True:
            if delay:
                time.sleep(delay)
            with self._lock:
                if self._wanted is None:
                    self._running = False  # under the lock: a render wanted from now on starts a new worker
                    return
                generation, portal, settings = self._wanted
                self._wanted = None
            try:
                generated = render_generated(self.project, portal, settings)
            except Exception as error:  # a renderer bug: say so; the next save starts afresh
                print(f"congkhai: không cập nhật được các trang còn lại: {error}", file=sys.stderr, flush=True)
                generated = None
            with self._lock:
                if generated is not None and generation == self.generation:
                    self._ready = (generation, generated)
                    self._request_rebuild()

    def _request_rebuild(self) -> None:
        folder = refresh_folder(self.project)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "ready").write_text(f"{time.time_ns()}\n", encoding="utf-8")


class KeptTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates, kept between the preview's rebuilds: MkDocs makes a new
    Jinja environment for each rebuild, which would compile every template again (about a third
    of a saved page's MkDocs time). Jinja compares each template's source checksum, so an edited
    template is compiled again."""

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[str, object]] = {}

    @staticmethod
    def _key(bucket) -> tuple:
        env = bucket.environment
        return (bucket.key, repr(env.autoescape), tuple(sorted(env.extensions)), env.trim_blocks, env.lstrip_blocks,
                env.block_start_string, env.variable_start_string, env.comment_start_string, env.line_statement_prefix)

    def load_bytecode(self, bucket) -> None:
        kept = self._kept.get(self._key(bucket))
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket) -> None:
        self._kept[self._key(bucket)] = (bucket.checksum, bucket.code)


TEMPLATES = KeptTemplates()
STATE: PreviewState | None = None  # set by `congkhai serve`


def start(project: Path, today: dt.date) -> PreviewState:
    """Keep the preview's state for this server's rebuilds."""
    global STATE
    STATE = PreviewState(project, today)
    refresh_folder(project).mkdir(parents=True, exist_ok=True)
    return STATE


def page_label(step: Step) -> str:
    """Say in the terminal what a rebuild showed (Vietnamese: the clerk reads it)."""
    if step.kind == "first":
        shown = ", ".join(paths.url_of(page) for page in sorted(step.pages))
        return f"Đã cập nhật trang {shown} theo {', '.join(step.saved)}; các trang khác (danh sách, trang chủ, kênh tin, dữ liệu mở, tìm kiếm) đang được cập nhật."
    return "Đã cập nhật toàn bộ trang xem trước."
