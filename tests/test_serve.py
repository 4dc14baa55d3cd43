"""Live preview: `congkhai serve` shows the portal and picks up an edited data file without a restart."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
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
    port = _free_port()
    command = [sys.executable, "-m", "generator.cli", "serve", "-C", str(ward), "--today", "2026-11-22", "--addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/cong-khai/du-toan-2026/"
        _wait_for(url, "Công khai dự toán ngân sách xã năm 2026", 90)
        item = ward / "data" / "cong-khai" / "du-toan-2026.yaml"
        item.write_text(item.read_text(encoding="utf-8").replace("title: Công khai dự toán", "title: Đã sửa, công khai dự toán"), encoding="utf-8")
        _wait_for(url, "Đã sửa, công khai dự toán ngân sách xã năm 2026", 90)
        assert server.poll() is None, "the preview server stopped"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_a_unit_that_has_only_data(tmp_path: Path) -> None:
    """A unit's repository without mkdocs.yml or theme/ previews with the package's, and reloads."""
    unit = tmp_path / "unit"
    init = subprocess.run([sys.executable, "-m", "generator.cli", "init", str(unit), "--unit-code", "16171", "--today", "2026-11-30"],
                          capture_output=True, text=True, timeout=60)
    assert init.returncode == 0, init.stderr
    port = _free_port()
    command = [sys.executable, "-m", "generator.cli", "serve", "-C", str(unit), "--today", "2026-11-30", "--addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/gioi-thieu/"
        page = _wait_for(url, "Xã Ba Đình", 90)
        assert "assets/congkhai.css" in page
        site = unit / "data" / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("phone:  # ĐIỀN", "phone: 0237 3000 000  # ĐIỀN"), encoding="utf-8")
        _wait_for(url, "0237 3000 000", 90)
        assert server.poll() is None, "the preview server stopped"
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not (unit / "mkdocs.yml").exists()


def test_serve_rebuilds_only_the_pages_a_save_changes(ward: Path, tmp_path: Path) -> None:
    """A save re-renders the pages whose source changed; every other page's file stays as it was
    (same inode, same modification time). The preview's folder is found through TMPDIR."""
    import os

    temp = tmp_path / "tmp"
    temp.mkdir()
    port = _free_port()
    command = [sys.executable, "-m", "generator.cli", "serve", "-C", str(ward), "--today", "2026-11-22", "--addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TMPDIR": str(temp)})
    try:
        url = f"http://127.0.0.1:{port}/cong-khai/du-toan-2026/"
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
    finally:
        server.terminate()
        server.wait(timeout=20)
