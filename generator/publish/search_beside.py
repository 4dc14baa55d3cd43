"""Index the site for search in another process while MkDocs writes the pages.

A full `congkhai build` writes its pages in two groups: first every page the search index reads
(the pages whose front matter has `search:`, which the theme marks data-pagefind-body), then the
rest (lists, print sheets, notices, the home and help pages). A second process starts as MkDocs
begins writing; each indexed page is handed to it as soon as it is on disk, and it puts the part of
the page Pagefind reads into its folder (search_bundles.Parts) while MkDocs writes the next ones.
Once the last indexed page is handed over, it runs Pagefind and the re-chunking (search.index_site)
while MkDocs writes the others, so on a machine with two cores or more the build waits for the index
only for what is left of it then (bench/README.md, "Cost per unit", fifth to eighth sessions). MkDocs
returns without waiting: the build first does what needs no index (the ledger's text, the QR codes,
the record of the other files), then waits (build.publish_generated), before anything is published.

A unit whose index is split by year (search_bundles.plan; each page's year is known from its front
matter before it is written) has its indexed pages written bundle by bundle, the oldest first and the
main bundle (the newest years and the pages without a year) last. Once an older bundle's last page is
handed over, the worker runs Pagefind and the re-chunking for that bundle (search_bundles.index_ahead)
while MkDocs writes the later bundles' pages; it reads the pages handed over meanwhile into memory,
so MkDocs never waits on the pipe. At the end the plan is made again from the pages as written, and a
bundle indexed ahead is used only where it is the bundle that plan gives (else it is indexed again).

The index is the one written after MkDocs; only when it is made changes. A partial build, the preview,
and a build where the order cannot help index after MkDocs.

    python -m generator.publish.search_beside SITE_DIR LIMIT BUILD_PID < pages

The worker reads one page per line; a line BUNDLE_MARK + folder says the pages handed over since the
last such line are that older bundle's, all of them.

The worker ends with the build that started it, however the build ends (even by SIGKILL, which
the build cannot pass on, and which would otherwise read to the worker as the end of its pages):
see lifeline.py.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from queue import SimpleQueue

from .lifeline import cores

# Pages handed to the worker in one write: each write wakes it, and on a busy machine a woken worker
# takes the core from MkDocs (one flush per page cost MkDocs 0.7 ms a page at 2,000 items).
HAND_OVER_BATCH = 100
BUNDLE_MARK = "\0"  # before a folder name: an older bundle's pages are all handed over (no path has a NUL)


class IndexBeside:
    """The worker of one build: started as MkDocs begins writing, handed each indexed page once it is
    written, waited for at the end."""

    def __init__(self, site_dir: Path, indexed: dict[str, str]) -> None:
        self.site_dir = site_dir
        self.indexed = indexed  # src_uri -> HTML file relative to the site, for the indexed pages
        self.pending = set(indexed)  # those not yet handed over
        self.written: str | None = None  # the indexed page rendered last, on disk at the next page
        self.process: subprocess.Popen | None = None
        self.batch = HAND_OVER_BATCH
        self.unsent = 0  # pages written into the pipe's buffer, not yet flushed to the worker
        self.left_after: int = 0  # pages MkDocs still had to write once the last indexed page was handed over
        self.order: list = []  # the pages in their usual order, which the sitemap keeps (template_context)
        # A split index: each indexed page's older bundle (its folder; the main bundle's pages have none),
        # the pages of each not yet written, and the bundle the page rendered last completes.
        self.bundle_of: dict[str, str] = {}
        self.unwritten: dict[str, int] = {}
        self.completes: str | None = None
        self.rendered = 0
        self.ahead: list[tuple[str, int]] = []  # (folder, pages left to write) as each older bundle was handed over

    @classmethod
    def arrange(cls, files, site_dir: Path) -> IndexBeside | None:
        """Put the indexed pages first in MkDocs's writing order (the order of `files`; the navigation
        is mkdocs.yml's and does not change), bundle by bundle in a split index (the oldest first),
        and start the worker. None when no page would be left to write beside it."""
        from .search_bundles import SPLIT_PAGES, plan, predicted_year

        pages = files.documentation_pages()
        searched = [f for f in pages if f.page is not None and f.page.meta.get("search")]
        indexed = {f.src_uri: f.dest_uri for f in searched}
        rest = [f for f in pages if f.src_uri not in indexed]
        if not indexed or not rest:
            return None
        beside = cls(site_dir, indexed)
        first: list = []
        if len(searched) > SPLIT_PAGES:
            by_dest = {f.dest_uri: f for f in searched}
            bundles = plan({f.dest_uri: predicted_year(f.page.meta["search"]) for f in searched}, SPLIT_PAGES)
            position = {f.dest_uri: n for n, f in enumerate(searched)}
            for bundle in reversed(bundles[1:]):  # the oldest first; the main bundle after them
                first += [by_dest[rel] for rel in sorted(bundle.pages, key=position.__getitem__)]
                beside.bundle_of.update((by_dest[rel].src_uri, bundle.folder) for rel in bundle.pages)
                beside.unwritten[bundle.folder] = len(bundle.pages)
        for file in first + [f for f in searched if f.src_uri not in beside.bundle_of] + rest:
            files.remove(file)
            files.append(file)
        beside.left_after = len(rest)
        beside.order = pages
        beside._start()
        return beside

    def template_context(self, context) -> None:
        """on_template_context of the sitemap and the 404 page, written before any page: they list the
        pages in their usual order, not in the writing order."""
        context["pages"] = self.order

    def page_rendered(self, page) -> None:
        """on_post_page: this page's HTML is final (MkDocs writes it right after)."""
        self.rendered += 1
        if page.file.src_uri in self.pending:
            self.pending.discard(page.file.src_uri)
            self.written = self.indexed[page.file.src_uri]
            folder = self.bundle_of.get(page.file.src_uri)
            if folder is not None:
                self.unwritten[folder] -= 1
                if not self.unwritten[folder]:
                    self.completes = folder

    def next_page(self) -> None:
        """on_page_context of the next page: the page before it is on disk now. Hand it over; after the
        last page of an older bundle, say so (the worker indexes that bundle now); after the last
        indexed one, tell the worker there are no more."""
        if self.written is not None:
            self._hand_over(self.written)
            self.written = None
            if not self.pending:
                self._close()
            elif self.completes is not None:
                self._hand_over(BUNDLE_MARK + self.completes, flush=True)
                self.ahead.append((self.completes, len(self.order) - self.rendered))
                self.completes = None

    def _start(self) -> None:
        # The split threshold is read here and given to the worker, not left to its own import.
        from .search_bundles import SPLIT_PAGES

        # Its messages go to a file: nothing reads them before the end, and a full pipe would block it.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 -- read and closed by finish() or stop()
        self.process = subprocess.Popen([sys.executable, "-m", __name__, str(self.site_dir), str(SPLIT_PAGES), str(os.getpid())],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                        env=worker_environment())

    def _hand_over(self, page: str, flush: bool = False) -> None:
        pipe = self.process.stdin if self.process is not None else None
        if pipe is None or pipe.closed:
            return
        try:
            pipe.write(page.encode("utf-8") + b"\n")
            self.unsent += 1
            if flush or self.unsent >= self.batch:
                pipe.flush()
                self.unsent = 0
        except BrokenPipeError:  # the worker ended early: finish() reports why
            self._close()

    def _close(self) -> None:
        pipe = self.process.stdin if self.process is not None else None
        if pipe is not None and not pipe.closed:
            try:
                pipe.close()
            except BrokenPipeError:
                pass

    def all_written(self) -> None:
        """on_post_build: every page is written; hand over what is left and tell the worker there are
        no more (it then finishes the index while the build goes on: build.publish_generated)."""
        if self.written is not None or self.pending:
            self.left_after = 0
            for page in ([self.written] if self.written is not None else []) + [self.indexed[uri] for uri in sorted(self.pending)]:
                self._hand_over(page)
            self.written, self.pending = None, set()
        self._close()

    def finish(self) -> str:
        """Wait for the index (after all_written, which it calls if need be); returns the build log
        line, raises RuntimeError with the worker's message."""
        assert self.process is not None and self.process.stdout is not None
        self.all_written()
        out = self.process.stdout.read().decode("utf-8", "replace")
        failed = self.process.wait() != 0
        self.errors.seek(0)
        err = self.errors.read().decode("utf-8", "replace")
        self.errors.close()
        if failed:
            raise RuntimeError(err.strip() or "Pagefind không tạo được chỉ mục tìm kiếm.")
        ahead = "".join(f"{folder} handed over with {left} pages left to write; " for folder, left in self.ahead)
        return f"{out.strip()} ({ahead}the last indexed page handed over with {self.left_after} pages left to write)"

    def stop(self) -> None:
        """on_build_error: the build failed; end the worker (its folder is thrown away with the build).
        Interrupted as by Ctrl-C, so that it ends its Pagefind run and removes its temporary folders."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._close()
        self.errors.close()


def worker_environment() -> dict[str, str]:
    """The worker's environment: Pagefind (its threads are Rayon's) leaves one core to MkDocs, which
    is still writing pages. With both cores of a 2-core machine, Pagefind slowed MkDocs by more than
    it gained (5,000 items: 41.4-41.6 s against 36.6-39.1 s per build; bench/README.md)."""
    environment = dict(os.environ)
    if "RAYON_NUM_THREADS" not in environment:  # one set by the operator is kept
        environment["RAYON_NUM_THREADS"] = str(max(1, cores() - 1))
    return environment


def _lines(stream):
    """The lines of `stream`, read by a thread of their own as they come: while this process runs
    Pagefind for a bundle, the pages MkDocs hands over meanwhile wait here, not in the pipe, whose
    buffer would fill (and MkDocs wait) after a few thousand."""
    queue: SimpleQueue = SimpleQueue()

    def read() -> None:
        try:
            for line in stream:
                queue.put(line)
        finally:
            queue.put(None)

    threading.Thread(target=read, daemon=True, name="congkhai-pages").start()
    while (line := queue.get()) is not None:
        yield line.decode("utf-8").rstrip("\n")


def main(site_dir: str, limit: str, build: str) -> int:
    from .collector import during_build
    from .lifeline import end_with_parent, start_child
    from .search import index_site, run_pagefind
    from .search_bundles import Parts, index_ahead
    from .search_chunks import rechunk

    end_with_parent(int(build))
    site = Path(site_dir)
    run = functools.partial(run_pagefind, start=start_child)
    ahead: dict[str, tuple[list[str], str]] = {}  # the older bundles indexed while MkDocs writes
    try:
        with during_build(), Parts(site) as parts:  # the re-chunking's many objects, as in the build's own process
            since: list[str] = []  # the indexed pages handed over since the last bundle was
            for line in _lines(sys.stdin.buffer):  # each indexed page as MkDocs writes it; the end: no more
                if not line.startswith(BUNDLE_MARK):
                    if parts.add(line):
                        since.append(line)
                    continue
                folder = line[len(BUNDLE_MARK):]
                if folder.startswith("nam-") and "/" not in folder and since and folder not in ahead:
                    ahead[folder] = index_ahead(site, parts, folder, since, run, rechunk)
                since = []
            print(index_site(site, parts=parts, limit=int(limit), run=run, ahead=ahead))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    code = main(*sys.argv[1:4])
    # Every file is written and closed, its folders removed, Pagefind waited for: the interpreter's
    # teardown (freeing the index's many objects one by one) would only keep the build waiting.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
