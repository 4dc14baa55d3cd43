"""The open data rendered in a forked child beside the pages (generator/publish/forked.py): the same
output as in one process, and every way the child can fail ends in the parent rendering it itself."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import paths
from generator.data.load import load_portal
from generator.publish import forked
from generator.render import notices
from generator.render.site import render_site
from tests.conftest import REPO, TODAY

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this system")


def _pid() -> int:
    return os.getpid()


def _fails_in_child(parent: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("only in the child")
    return f"rendered in {os.getpid()}"


def _killed_in_child(parent: int) -> str:
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return f"rendered in {os.getpid()}"


def _unpicklable_in_child(parent: int):
    if os.getpid() != parent:
        return lambda: None  # pickle cannot write a lambda
    return f"rendered in {os.getpid()}"


def _always_fails() -> None:
    raise ValueError("Trường 'tieu_de' thiếu")


@needs_fork
def test_child_renders_in_another_process_and_the_site_is_the_same(ward):
    with forked.in_child(_pid) as result:
        assert result() != os.getpid()
    portal = load_portal(ward, dt.date.fromisoformat(TODAY))
    texts, blobs = render_site(portal)
    split_texts, split_blobs = render_site(portal, forked.in_child)
    assert list(split_texts) == list(texts) and split_texts == texts
    assert list(split_blobs) == list(blobs) and split_blobs == blobs
    assert any(path.endswith(".xlsx") for path in split_blobs) and "du-lieu/index.md" in split_texts


@needs_fork
@pytest.mark.parametrize("function", [_fails_in_child, _killed_in_child, _unpicklable_in_child])
def test_a_child_that_fails_leaves_the_work_to_the_parent(function):
    parent = os.getpid()
    with forked.in_child(function, parent) as result:
        assert result() == f"rendered in {parent}"


@needs_fork
def test_an_error_is_raised_as_the_parent_raises_it():
    with forked.in_child(_always_fails) as result, pytest.raises(ValueError, match="tieu_de"):
        result()


@needs_fork
@pytest.mark.parametrize("function", [_fails_in_child, _killed_in_child])
def test_without_redo_a_child_that_fails_is_raised_and_nothing_is_done_here(function):
    """redo=False (site_src/'s writer, sources_beside.py): the child's own exception, or ChildFailed
    for a child ended by a signal; the function never runs in the parent, which keeps nothing of it."""
    parent = os.getpid()
    expected = (RuntimeError, "only in the child") if function is _fails_in_child else (forked.ChildFailed, r"\(mã -9\)")
    with forked.in_child(function, parent, redo=False) as result:
        assert result.__self__.function is None and result.__self__.args == ()
        with pytest.raises(expected[0], match=expected[1]):
            result()


@needs_fork
def test_leaving_early_ends_the_child():
    with pytest.raises(KeyError), forked.in_child(signal.pause) as result:
        child = result.__self__.pid
        raise KeyError("the build failed while the child worked")
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped: no zombie left
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_not_forked_beside_another_thread():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.worthwhile()
        with forked.beside(_pid) as result:
            assert result() == os.getpid()
    finally:
        stop.set()
        thread.join()


@needs_fork
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads process states from /proc (Linux)")
def test_a_child_ends_with_a_build_killed_with_sigkill():
    """A build killed with SIGKILL cannot end its child: the kernel does (prctl PR_SET_PDEATHSIG)."""
    script = ("import signal\nfrom generator.publish import forked\n"
              "with forked.in_child(signal.pause) as result:\n"
              "    print(result.__self__.pid, flush=True)\n    signal.pause()\n")
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=REPO, text=True)
    child = int(build.stdout.readline())
    assert _state(child) not in (None, "Z")  # working (here: waiting) while the build runs
    build.kill()
    build.wait()
    deadline = time.monotonic() + 30
    while _state(child) not in (None, "Z"):  # gone, or dead and not yet reaped by its new parent
        assert time.monotonic() < deadline, "the forked child outlived the build"
        time.sleep(0.05)


def _state(pid: int) -> str | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next(line.split()[1] for line in status.splitlines() if line.startswith("State:"))


def _item_pages_recorded(monkeypatch, log: Path, kill_child_after: int | None = None) -> None:
    """Make each item page's render note which process rendered it (one line per page in `log`), and
    make the parent wait, after its first item, until the child has rendered one from the other end:
    so both ends work whatever the machine's speed. With kill_child_after, the child is killed when
    it starts on its next item after that many."""
    from generator.render import site

    parent = os.getpid()
    done_in_child = [0]

    def recorded(render):
        def render_noted(portal, item):
            if os.getpid() == parent:
                deadline = time.monotonic() + 30
                while log.is_file() and " child " not in log.read_text() and time.monotonic() < deadline:
                    time.sleep(0.01)  # the parent's first item is done: wait for the child's first
            elif kill_child_after is not None and done_in_child[0] >= kill_child_after:
                os.kill(os.getpid(), signal.SIGKILL)
            pages = render(portal, item)
            with log.open("a") as out:
                out.write(f"{parent} {'parent' if os.getpid() == parent else 'child'} {item.id}\n")
            done_in_child[0] += os.getpid() != parent
            return pages
        return render_noted

    monkeypatch.setattr(site, "render_document_pages", recorded(site.render_document_pages))
    monkeypatch.setattr(site, "render_disclosure_pages", recorded(site.render_disclosure_pages))


@needs_fork
def test_item_pages_are_rendered_from_both_ends_until_they_meet(ward, monkeypatch, tmp_path):
    portal = load_portal(ward, dt.date.fromisoformat(TODAY))
    texts, blobs = render_site(portal)
    log = tmp_path / "rendered.txt"
    _item_pages_recorded(monkeypatch, log)
    monkeypatch.setattr(notices, "_MATRICES", {})  # every QR code encoded again, in either process
    notices.qr_svg.cache_clear()
    assert render_site(portal, forked.in_child) == (texts, blobs)
    notices.qr_svg.cache_clear()
    lines = [line.split()[1:] for line in log.read_text().splitlines()]
    by = {who: [item for w, item in lines if w == who] for who in ("parent", "child")}
    items = [*portal.documents, *portal.disclosures]
    assert by["parent"] and by["child"]  # both ends rendered item pages
    assert by["parent"] == items[:len(by["parent"])]  # the parent from the first
    assert by["child"] == items[::-1][:len(by["child"])]  # the child from the last
    assert set(by["parent"]) | set(by["child"]) == set(items) and len(set(by["parent"]) & set(by["child"])) <= 1
    # The codes of the notices the child drew came back, to be kept for the next build.
    assert by["child"][0] in portal.disclosures
    assert {paths.absolute_url(portal.site.base_url, paths.disclosure_page(key)) for key in portal.disclosures} <= set(notices.known_codes())


@needs_fork
def test_items_a_killed_child_took_are_rendered_by_the_parent(ward, monkeypatch, tmp_path):
    portal = load_portal(ward, dt.date.fromisoformat(TODAY))
    texts, blobs = render_site(portal)
    log = tmp_path / "rendered.txt"
    _item_pages_recorded(monkeypatch, log, kill_child_after=1)
    assert render_site(portal, forked.in_child) == (texts, blobs)
    lines = [line.split()[1:] for line in log.read_text().splitlines()]
    assert [who for who, _ in lines].count("child") == 1  # killed on its second item
    assert len(lines) > len([*portal.documents, *portal.disclosures])  # the child's one page, rendered again
