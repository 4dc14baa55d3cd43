"""Index the site for search in another process while MkDocs writes the pages search does not need.

A full `congkhai build` writes its pages in two groups: first every page the search index reads
(the pages whose front matter has `search:`, which the theme marks data-pagefind-body), then the
rest (lists, print sheets, notices, the home and help pages). As soon as the last indexed page is
written, a second process indexes those pages (search.index_site: Pagefind and the re-chunking)
while MkDocs writes the others, so on a machine with two cores or more the build waits for the
index only for what is left of it then (58-68 % less waiting at 1,000-10,000 items: bench/README.md,
"Cost per unit", fifth session). The index is the one written after MkDocs; only when it starts
changes. A partial build, the preview, and a build where the order cannot help index after MkDocs.

    python -m generator.publish.search_beside SITE_DIR BUILD_PID < told.json   (the worker: {"pages": [...], "limit": N})

The worker ends with the build that started it, however the build ends (even by SIGKILL, which
the build cannot pass on): see `end_with_build`.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 0.5  # how often the worker looks for its build where the kernel cannot tell it


class IndexBeside:
    """The worker of one build: started once the indexed pages are written, waited for at the end."""

    def __init__(self, site_dir: Path, indexed: dict[str, str]) -> None:
        self.site_dir = site_dir
        self.pending = set(indexed)  # src_uri of indexed pages not yet written
        self.pages = sorted(indexed.values())  # their HTML files, relative to the site
        self.process: subprocess.Popen | None = None
        self.started_before: int = 0  # pages MkDocs still had to write when the worker started (tests, bench)
        self.order: list = []  # the pages in their usual order, which the sitemap keeps (template_context)

    @classmethod
    def arrange(cls, files, site_dir: Path) -> IndexBeside | None:
        """Put the indexed pages first in MkDocs's writing order (the order of `files`; the navigation
        is mkdocs.yml's and does not change). None when no page would be left to write beside it."""
        pages = files.documentation_pages()
        indexed = {f.src_uri: f.dest_uri for f in pages if f.page is not None and f.page.meta.get("search")}
        rest = [f for f in pages if f.src_uri not in indexed]
        if not indexed or not rest:
            return None
        for file in rest:
            files.remove(file)
            files.append(file)
        beside = cls(site_dir, indexed)
        beside.started_before = len(rest)
        beside.order = pages
        return beside

    def template_context(self, context) -> None:
        """on_template_context of the sitemap and the 404 page, written before any page: they list the
        pages in their usual order, not in the writing order."""
        context["pages"] = self.order

    def page_rendered(self, page) -> None:
        """on_post_page: this page's HTML is final (MkDocs writes it right after)."""
        self.pending.discard(page.file.src_uri)

    def next_page(self) -> None:
        """on_page_context of the next page: the page before it is on disk now. Start once all are."""
        if not self.pending and self.process is None:
            self._start()

    def _start(self) -> None:
        # The split threshold is read here and given to the worker, not left to its own import.
        from .search_bundles import SPLIT_PAGES

        # Files, not pipes: the page list (600 KB at 20,000 items) would block MkDocs until the worker
        # has started and read it, and nothing reads the worker's messages before the end.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 -- read and closed by finish() or stop()
        with tempfile.TemporaryFile() as told:
            told.write(json.dumps({"pages": self.pages, "limit": SPLIT_PAGES}).encode("utf-8"))
            told.seek(0)
            self.process = subprocess.Popen([sys.executable, "-m", __name__, str(self.site_dir), str(os.getpid())], stdin=told,
                                            stdout=subprocess.PIPE, stderr=self.errors, env=worker_environment())

    def finish(self) -> str:
        """on_post_build: wait for the index (start it now if MkDocs wrote no page after the indexed
        ones); returns the build log line, raises RuntimeError with the worker's message."""
        if self.process is None:
            self.started_before = 0
            self._start()
        assert self.process is not None and self.process.stdout is not None
        out = self.process.stdout.read().decode("utf-8", "replace")
        failed = self.process.wait() != 0
        self.errors.seek(0)
        err = self.errors.read().decode("utf-8", "replace")
        self.errors.close()
        if failed:
            raise RuntimeError(err.strip() or "Pagefind không tạo được chỉ mục tìm kiếm.")
        return f"{out.strip()} (started with {self.started_before} pages left to write)"

    def stop(self) -> None:
        """on_build_error: the build failed; end the worker (its folder is thrown away with the build).
        Interrupted as by Ctrl-C, so that it ends its Pagefind run and removes its temporary folder."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.errors.close()


def worker_environment() -> dict[str, str]:
    """The worker's environment: Pagefind (its threads are Rayon's) leaves one core to MkDocs, which
    is still writing pages. With both cores of a 2-core machine, Pagefind slowed MkDocs by more than
    it gained (5,000 items: 41.4-41.6 s against 36.6-39.1 s per build; bench/README.md)."""
    environment = dict(os.environ)
    if "RAYON_NUM_THREADS" not in environment:  # one set by the operator is kept
        environment["RAYON_NUM_THREADS"] = str(max(1, len(os.sched_getaffinity(0)) - 1))
    return environment


def end_with_build(build: int) -> None:
    """End this worker when the build process `build` ends, as by SIGTERM: the handler raises
    SystemExit, so its Pagefind run is killed (subprocess.run kills its child on any exception) and
    its temporary .ck-index-* folder removed (search_bundles._mirror) on the way out. On Linux the
    kernel sends the SIGTERM (prctl PR_SET_PDEATHSIG); elsewhere a thread watches for the worker's
    parent to change (os.getppid) and sends it. A build killed before either was set up is seen by
    comparing os.getppid() with the build's process id."""
    signal.signal(signal.SIGTERM, _terminated)
    if not _kernel_signals_parent_death() or os.environ.get("CONGKHAI_WATCH_PARENT") == "poll":  # the variable: tests of the fallback
        threading.Thread(target=_watch_parent, args=(build,), daemon=True, name="congkhai-watch-build").start()
    if os.getppid() != build:
        raise SystemExit(128 + signal.SIGTERM)


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _kernel_signals_parent_death() -> bool:
    """Ask Linux to send this process SIGTERM when its parent ends; False where it cannot be asked."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (AttributeError, OSError, TypeError):  # not Linux (no prctl in the C library), or no C library
        return False
    return prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0


def _watch_parent(build: int) -> None:
    while os.getppid() == build:
        time.sleep(WATCH_SECONDS)
    # To the main thread, so that a system call it is waiting in (for Pagefind) is interrupted.
    if hasattr(signal, "pthread_kill"):
        signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)
    else:
        os.kill(os.getpid(), signal.SIGTERM)


def main(site_dir: str, build: int) -> int:
    from .collector import during_build
    from .search import index_site

    end_with_build(build)
    told = json.loads(sys.stdin.read())
    try:
        with during_build():  # the re-chunking's many objects, as in the build's own process
            print(index_site(Path(site_dir), pages=told["pages"], limit=told["limit"]))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
