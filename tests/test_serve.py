"""Live preview: `congkhai serve` shows the portal and picks up an edited data file without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, needle: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} did not appear at {url} within {seconds} s")


def test_serve_previews_and_reloads_when_data_changes(ward: Path) -> None:
    with _serving(ward) as (server, base):
        url = base + "cong-khai/du-toan-2026/"
        _wait_for(url, "Công khai dự toán ngân sách xã năm 2026", 90)
        _retitle_budget(ward)
        _wait_for(url, "Đã sửa, công khai dự toán ngân sách xã năm 2026", 90)
        assert server.poll() is None, "the preview server stopped"


def test_serve_a_unit_that_has_only_data(tmp_path: Path) -> None:
    """A unit's repository without mkdocs.yml or theme/ previews with the package's, and reloads."""
    unit = tmp_path / "unit"
    init = subprocess.run([sys.executable, "-m", "generator.cli", "init", str(unit), "--unit-code", "16171", "--today", "2026-11-30"],
                          capture_output=True, text=True, timeout=60)
    assert init.returncode == 0, init.stderr
    with _serving(unit, today="2026-11-30") as (server, base):
        url = base + "gioi-thieu/"
        page = _wait_for(url, "Xã Ba Đình", 90)
        assert "assets/congkhai.css" in page
        site = unit / "data" / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("phone:  # ĐIỀN", "phone: 0237 3000 000  # ĐIỀN"), encoding="utf-8")
        _wait_for(url, "0237 3000 000", 90)
        assert server.poll() is None, "the preview server stopped"
    assert not (unit / "mkdocs.yml").exists()


def test_serve_rebuilds_only_the_pages_a_save_changes(ward: Path, tmp_path: Path) -> None:
    """A save re-renders the pages whose source changed; every other page's file stays as it was
    (same inode, same modification time). The preview's folder is found through TMPDIR."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    with _serving(ward, temp) as (server, base):
        url = base + "cong-khai/du-toan-2026/"
        _wait_for(url, "Công khai dự toán ngân sách xã năm 2026", 90)
        (site,) = list(temp.glob("mkdocs_*"))
        untouched = site / "cong-khai" / "phi-cho" / "index.html"
        before = untouched.stat()
        page_before = (site / "cong-khai" / "du-toan-2026" / "index.html").stat()
        item = ward / "data" / "cong-khai" / "du-toan-2026.yaml"
        item.write_text(item.read_text(encoding="utf-8").replace("[Dự phòng, 500]", "[Dự phòng, 777]")
                        + "changes:\n  - date: 2026-02-03\n    what: Sửa số liệu dự phòng\n    why: Nhập nhầm\n", encoding="utf-8")
        _wait_for(url, "Sửa số liệu dự phòng", 90)
        after = untouched.stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "an unchanged page was written again"
        assert (site / "cong-khai" / "du-toan-2026" / "index.html").stat().st_mtime_ns != page_before.st_mtime_ns
        assert "777" in (site / "cong-khai" / "du-toan-2026" / "index.html").read_text(encoding="utf-8")
        assert server.poll() is None, "the preview server stopped"


def _retitle_budget(ward: Path) -> None:
    """The clerk's save: the budget disclosure's title changed to "Đã sửa, công khai dự toán …"."""
    item = ward / "data" / "cong-khai" / "du-toan-2026.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("title: Công khai dự toán", "title: Đã sửa, công khai dự toán"), encoding="utf-8")


@contextmanager
def _serving(project: Path, temp: Path | None = None, log: Path | None = None, delay: str = "", today: str = "2026-11-22"):
    """`congkhai serve` of the project on a free port, its preview folder under `temp` (TMPDIR) and its
    messages in `log` when given; yields (the server process, its base URL) and stops it on leaving."""
    port = _free_port()
    command = [sys.executable, "-m", "generator.cli", "serve", "-C", str(project), "--today", today, "--addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "CONGKHAI_REFRESH_DELAY": delay, **({"TMPDIR": str(temp)} if temp else {})}
    with (log.open("w", encoding="utf-8") if log else open(os.devnull, "w")) as messages:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=messages, env=env)
        try:
            yield server, f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait(timeout=20)


def _wait_for_line(log: Path, needle: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8")
        if needle in text:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} did not appear in the server's output within {seconds} s:\n{log.read_text(encoding='utf-8')[-3000:]}")


def _tree(folder: Path, skip: str = "pagefind/") -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(skip)}


def test_serve_shows_the_saved_page_first_and_the_rest_after(ward: Path, tmp_path: Path) -> None:
    """A save renders the saved item's own pages first (the disclosure's page and notice), while the
    category list and the home page, which show the same title, are left for the refresh that
    follows (held 6 s here by CONGKHAI_REFRESH_DELAY so the order can be seen). After the refresh the
    preview is byte-identical to a fresh `congkhai serve` of the same data, search index aside."""
    temp, temp2 = tmp_path / "tmp", tmp_path / "tmp2"
    temp.mkdir()
    temp2.mkdir()
    log, log2 = tmp_path / "serve.log", tmp_path / "serve2.log"
    with _serving(ward, temp, log, delay="6") as (server, base):
        url = base + "cong-khai/du-toan-2026/"
        _wait_for(url, "Công khai dự toán ngân sách xã năm 2026", 90)
        (site,) = list(temp.glob("mkdocs_*"))
        lists = [site / "linh-vuc" / "02-ngan-sach" / "index.html", site / "index.html"]
        for page in lists:
            assert "Công khai dự toán ngân sách xã năm 2026" in page.read_text(encoding="utf-8"), page
        before = [page.stat().st_mtime_ns for page in lists]
        _retitle_budget(ward)
        _wait_for(url, "Đã sửa, công khai dự toán ngân sách xã năm 2026", 60)
        # The saved page is served; the lists are not rendered yet.
        assert [page.stat().st_mtime_ns for page in lists] == before, "a list page was rendered before the saved page was served"
        assert "Đã sửa" not in (site / "linh-vuc" / "02-ngan-sach" / "index.html").read_text(encoding="utf-8")
        assert "Đã sửa" in (site / "cong-khai" / "du-toan-2026" / "niem-yet" / "index.html").read_text(encoding="utf-8")
        first = _wait_for_line(log, "Đã cập nhật trang cong-khai/du-toan-2026/", 30)
        line = next(x for x in first.splitlines() if x.startswith("Đã cập nhật trang "))
        assert line == ("Đã cập nhật trang cong-khai/du-toan-2026/, cong-khai/du-toan-2026/niem-yet/ theo data/cong-khai/du-toan-2026.yaml; "
                        "các trang khác (danh sách, trang chủ, kênh tin, dữ liệu mở, tìm kiếm) đang được cập nhật.")
        # Then the rest.
        _wait_for(base + "linh-vuc/02-ngan-sach/", "Đã sửa, công khai dự toán", 60)
        _wait_for(base, "Đã sửa, công khai dự toán", 30)
        _wait_for_line(log, "Đã cập nhật toàn bộ trang xem trước.", 30)
        time.sleep(1)
        refreshed, sources = _tree(site), _tree(ward / ".congkhai" / "preview")
        assert server.poll() is None, "the preview server stopped"
    # A fresh preview of the same data, from nothing.
    with _serving(ward, temp2, log2) as (server, base):
        _wait_for(base + "linh-vuc/02-ngan-sach/", "Đã sửa, công khai dự toán", 90)
        (fresh,) = list(temp2.glob("mkdocs_*"))
        time.sleep(1)
        expected = _tree(fresh)
        assert sorted(refreshed) == sorted(expected)
        assert [rel for rel in expected if refreshed[rel] != expected[rel]] == []
        assert _tree(ward / ".congkhai" / "preview") == sources


def test_serve_refuses_a_broken_save_and_keeps_a_whole_preview(ward: Path, tmp_path: Path) -> None:
    """A good save, then a broken one before the good one's refresh: the error is printed exactly as
    `check` words it (with the preview's last sentence), the preview finishes the good save's refresh
    (never half updated), and the broken data shows nowhere."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    log = tmp_path / "serve.log"
    with _serving(ward, temp, log, delay="6") as (server, base):
        url = base + "cong-khai/du-toan-2026/"
        _wait_for(url, "Công khai dự toán ngân sách xã năm 2026", 90)
        _retitle_budget(ward)
        _wait_for(url, "Đã sửa, công khai dự toán", 60)
        other = ward / "data" / "cong-khai" / "phi-cho.yaml"
        other.write_text(other.read_text(encoding="utf-8").replace("published_on: ", "published_on: 2026-02-31 #"), encoding="utf-8")
        text = _wait_for_line(log, "Trang xem trước giữ bản cũ.", 60)
        check = subprocess.run([sys.executable, "-m", "generator.cli", "check", "-C", str(ward), "--today", "2026-11-22", "--format", "text"],
                               capture_output=True, text=True, timeout=120)
        assert check.returncode == 1 and "phi-cho.yaml, dòng 10" in check.stderr, check.stderr
        assert check.stderr.strip().replace("Chưa xuất bản gì.", "Trang xem trước giữ bản cũ.") in text
        _wait_for(base + "linh-vuc/02-ngan-sach/", "Đã sửa, công khai dự toán", 60)
        _wait_for(base, "Đã sửa, công khai dự toán", 30)
        assert server.poll() is None, "the preview server stopped"


def test_a_saved_items_pages_render_as_in_the_whole_site(ward: Path) -> None:
    """The first step's pages are the whole render's pages, byte for byte, for every document and
    disclosure (front matter with its sitemap date and schema.org statements included)."""
    import datetime as dt

    from generator.data.load import load_portal
    from generator.render.site import render_item_pages, render_site

    portal = load_portal(ward, dt.date(2026, 11, 22))
    texts, _ = render_site(portal)
    assert portal.documents and portal.disclosures and portal.consultations
    for key in portal.documents:
        for page, text in render_item_pages(portal, {key}, set()).items():
            assert text == texts[page], page
    for key in portal.disclosures:
        pages = render_item_pages(portal, set(), {key})
        assert {p for p in pages if p.endswith(".md")} == {f"cong-khai/{key}.md", f"cong-khai/{key}/niem-yet.md"}
        for page, text in pages.items():
            assert text == texts[page], page


def test_a_load_kept_between_saves_parses_only_the_saved_file(ward: Path) -> None:
    """With the files kept between loads, a second load parses nothing and a save parses only the saved
    file; the portal is the one a fresh load gives (same render)."""
    import datetime as dt

    from generator.data.load import load_portal
    from generator.data.parsed import ParsedFiles
    from generator.render.site import render_site

    day = dt.date(2026, 11, 22)
    kept = ParsedFiles()
    load_portal(ward, day, kept)
    assert len(kept.parsed) > 5
    load_portal(ward, day, kept)
    assert kept.parsed == []
    item = ward / "data" / "cong-khai" / "phi-cho.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("title: ", "title: Đã sửa, ", 1), encoding="utf-8")
    portal = load_portal(ward, day, kept)
    assert kept.parsed == ["data/cong-khai/phi-cho.yaml"]
    assert portal.disclosures["phi-cho"].title.startswith("Đã sửa, ")
    assert render_site(portal) == render_site(load_portal(ward, day))
