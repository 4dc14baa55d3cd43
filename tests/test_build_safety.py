"""Builds are safe against each other and against kill -9: site/ is always a whole site.

Every build here is a real `congkhai build` in a subprocess, killed with SIGKILL either after a
delay or at a named step (CONGKHAI_KILL_AT, see generator/publish/writer.py), then checked file by
file against the whole old site and the whole new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.publish.lock import build_lock, lock_path
from tests.conftest import REPO

OLD_DAY, NEW_DAY = "2026-11-22", "2026-11-23"
LEFTOVERS = ("site.new", "site.old", "site_src.new", "site_src.old", "data/da-dang.json.tmp")
LOCKED = "đang có một lần dựng trang khác cho dự án này"
# Published on NEW_DAY: the new build publishes one more item and records it in the ledger.
LATE_ITEM = """\
id: thong-bao-phi-cho
category: 12
title: Thông báo mức thu phí chợ áp dụng từ tháng 12 năm 2026
external_document:
  number: 15/2025/QĐ-UBND
  title: Quy định mức thu phí chợ trên địa bàn tỉnh
  issuer: Ủy ban nhân dân tỉnh Kiểm Thử
  date: 2025-12-20
decided_on: 2025-12-20
published_on: 2026-11-23
illustrative: true
"""


def _run(project: Path, day: str, cwd: Path | None = None, env: dict | None = None, project_arg: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator.cli", "build", "-C", project_arg or str(project), "--today", day]
    return subprocess.run(command, cwd=cwd or REPO, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=300)


def _start(project: Path, day: str, env: dict | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "generator.cli", "build", "-C", str(project), "--today", day]
    return subprocess.Popen(command, cwd=REPO, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot(site: Path) -> dict[str, str]:
    """Return {path: sha256} of a whole built site; fail if the site is not complete.

    Pagefind names its index files by content and does not order them the same way twice, so its
    files are checked for completeness (the entry file's language index and fragments exist) and
    summarised by count instead of by bytes.
    """
    assert (site / "index.html").is_file() and (site / "404.html").is_file(), f"{site} has no home page"
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        assert f"pagefind/pagefind.{language['hash']}.pf_meta" in files, "search index incomplete"
    assert (site / "da-dang.json").is_file(), "the site's ledger copy is missing"
    found = {rel: hashlib.sha256(path.read_bytes()).hexdigest() for rel, path in files.items() if not rel.startswith("pagefind/")}
    found["pagefind/"] = str(sum(rel.startswith("pagefind/") for rel in files))
    return found


@pytest.fixture(scope="module")
def built_twice(tmp_path_factory) -> tuple[Path, dict, dict, set[str]]:
    """A ward built on OLD_DAY, and the site and ledger its NEW_DAY build gives (built once)."""
    import shutil

    from tests.conftest import FIXTURES, make_project

    base = make_project(tmp_path_factory.mktemp("base") / "ward", FIXTURES / "ward" / "data")
    (base / "data" / "cong-khai" / "lich-tiep-dan.yaml").write_text(LATE_ITEM, encoding="utf-8")
    done = _run(base, OLD_DAY)
    assert done.returncode == 0, done.stderr
    reference = tmp_path_factory.mktemp("reference") / "ward"
    shutil.copytree(base, reference)
    done = _run(reference, NEW_DAY)
    assert done.returncode == 0, done.stderr
    old, new = snapshot(base / "site"), snapshot(reference / "site")
    ledgers = {(project / "data" / "da-dang.json").read_text(encoding="utf-8") for project in (base, reference)}
    assert old != new and len(ledgers) == 2
    return base, old, new, ledgers


@pytest.fixture
def old_and_new(built_twice, tmp_path: Path) -> tuple[Path, dict, dict, set[str]]:
    """A fresh copy of the ward with its complete OLD_DAY site, and what a NEW_DAY build gives."""
    import shutil

    base, old, new, ledgers = built_twice
    ward = tmp_path / "ward"
    shutil.copytree(base, ward, symlinks=True)
    return ward, old, new, ledgers


def _assert_whole(ward: Path, old: dict, new: dict, ledgers: set[str]) -> str:
    """Assert site/ is the whole old or the whole new site and the ledger is whole; say which."""
    now = snapshot(ward / "site")
    assert now in (old, new), "site/ is neither the whole old site nor the whole new one"
    assert (ward / "data" / "da-dang.json").read_text(encoding="utf-8") in ledgers, "the ledger is half-written"
    return "old" if now == old else "new"


def _assert_recovers(ward: Path, new: dict) -> None:
    done = _run(ward, NEW_DAY)
    assert done.returncode == 0, done.stderr
    assert snapshot(ward / "site") == new
    assert [name for name in LEFTOVERS if (ward / name).exists()] == []


STEPS = ["sources-written", "built", "recorded", "site_src:swap", "site_src:exchanged", "site_src:swapped",
         "site:swap", "site:exchanged", "site:swapped"]


@pytest.mark.parametrize("step", STEPS)
def test_kill_at_each_step_leaves_a_whole_site_and_the_next_build_succeeds(old_and_new, step: str) -> None:
    ward, old, new, ledgers = old_and_new
    killed = _run(ward, NEW_DAY, env={"CONGKHAI_KILL_AT": step})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    expected = "new" if step in ("site:exchanged", "site:swapped") else "old"
    assert _assert_whole(ward, old, new, ledgers) == expected
    _assert_recovers(ward, new)


def test_kill_between_the_two_renames_of_the_fallback_is_put_right(old_and_new) -> None:
    """Where the filesystem cannot exchange directories, the old site waits in site.old/."""
    ward, old, new, ledgers = old_and_new
    killed = _run(ward, NEW_DAY, env={"CONGKHAI_KILL_AT": "site:moved-aside", "CONGKHAI_SWAP": "rename"})
    assert killed.returncode == -signal.SIGKILL
    assert not (ward / "site").exists() and snapshot(ward / "site.old") == old and snapshot(ward / "site.new") == new
    done = _run(ward, NEW_DAY, env={"CONGKHAI_SWAP": "rename"})
    assert done.returncode == 0, done.stderr
    assert snapshot(ward / "site") == new
    assert [name for name in LEFTOVERS if (ward / name).exists()] == []


def test_kill_after_varying_delays_never_leaves_half_a_site(old_and_new) -> None:
    ward, old, new, ledgers = old_and_new
    seen = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 3.0, 4.0):
        build = _start(ward, NEW_DAY)
        time.sleep(delay)
        build.send_signal(signal.SIGKILL)
        build.communicate(timeout=60)
        seen.add(_assert_whole(ward, old, new, ledgers))
    _assert_recovers(ward, new)
    assert "old" in seen, "no kill landed before the swap: the delays are too long for this machine"


def test_second_build_gets_the_lock_message_naming_the_holder(ward: Path) -> None:
    first = _run(ward, OLD_DAY)
    assert first.returncode == 0, first.stderr
    before = snapshot(ward / "site")
    with build_lock(ward.resolve()):
        holder = json.loads(lock_path(ward.resolve()).read_text(encoding="utf-8"))
        second = _run(ward, OLD_DAY)
    import datetime as dt

    from zoneinfo import ZoneInfo

    when = dt.datetime.fromisoformat(holder["since"]).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M:%S ngày %d/%m/%Y giờ Việt Nam")
    assert second.returncode == 1
    assert second.stderr == (
        f"{ward.resolve()}/.congkhai/build.lock: đang có một lần dựng trang khác cho dự án này "
        f"(tiến trình {os.getpid()} của người dùng {holder['user']} trên máy {holder['host']}, bắt đầu lúc {when}).\n"
        "  Cách sửa: chờ lần dựng đó xong rồi chạy lại `congkhai build`. Không cần xóa tệp khóa: "
        "nếu tiến trình kia đã dừng, lần dựng sau tự nhận khóa.\n"
        "Chưa xuất bản gì; trang đang đăng (site/) giữ nguyên.\n")
    assert snapshot(ward / "site") == before


def test_builds_started_together_leave_one_whole_site(old_and_new) -> None:
    ward, old, new, ledgers = old_and_new
    refused = 0
    for _ in range(3):
        builds = [_start(ward, NEW_DAY) for _ in range(2)]
        results = [(build.wait(timeout=300), build.communicate()[1]) for build in builds]
        assert any(code == 0 for code, _ in results), results
        for code, err in results:
            assert code == 0 or (code == 1 and LOCKED in err), err
            refused += code == 1
        assert snapshot(ward / "site") == new
    assert [name for name in LEFTOVERS if (ward / name).exists()] == []


def test_lock_left_by_a_killed_build_is_taken_over(old_and_new) -> None:
    ward, old, new, ledgers = old_and_new
    killed = _run(ward, NEW_DAY, env={"CONGKHAI_KILL_AT": "built"})
    assert killed.returncode == -signal.SIGKILL
    stale = json.loads(lock_path(ward).read_text(encoding="utf-8"))
    assert stale["command"].startswith("congkhai build") and stale["pid"] != os.getpid()
    _assert_recovers(ward, new)


def test_relative_project_path_from_any_working_directory(ward: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for cwd, arg in ((ward.parent, "ward"), (elsewhere, "../ward"), (ward, ".")):
        done = _run(ward, OLD_DAY, cwd=cwd, project_arg=arg)
        assert done.returncode == 0, done.stderr
        assert done.stdout.endswith(f"trang vào {ward.resolve()}/site.\n")
        snapshot(ward / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "ward"]
    assert list(elsewhere.iterdir()) == [] and not (ward / "ward").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_preview_running_during_a_build_never_reaches_what_build_publishes(ward: Path) -> None:
    import urllib.request

    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "-C", str(ward), "--today", "2026-11-12", "--addr", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = "lay-y-kien/huong-uoc-thon-mot"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}/", timeout=5) as response:
                    if "còn 23 ngày" in response.read().decode("utf-8"):
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the preview did not start"
            time.sleep(0.5)
        assert not (ward / "site_src").exists(), "the preview wrote into site_src/"
        item = ward / "data" / "cong-khai" / "du-toan-2026.yaml"
        text = item.read_text(encoding="utf-8")
        build = _start(ward, "2026-11-22")
        # Keep the preview regenerating its pages (with its own date) while the build runs.
        for round_ in range(20):
            if build.poll() is not None:
                break
            item.write_text(text + f"\n# bản nháp {round_}\n", encoding="utf-8")
            time.sleep(0.3)
        _, err = build.communicate(timeout=300)
        item.write_text(text, encoding="utf-8")
        assert build.returncode == 0, err
        built = (ward / "site" / page / "index.html").read_text(encoding="utf-8")
        assert "còn 13 ngày" in built and "còn 23 ngày" not in built
        sources = _tree(ward / "site_src")
        assert "còn 13 ngày" in sources[f"{page}.md"].decode("utf-8")
        preview = ward / ".congkhai" / "preview" / f"{page}.md"
        assert "còn 23 ngày" in preview.read_text(encoding="utf-8")
        time.sleep(2)  # the preview may still be reacting to the last edit
        assert _tree(ward / "site_src") == sources, "the preview changed site_src/ after the build"
    finally:
        serve.terminate()
        serve.wait(timeout=20)


def test_a_search_bundles_pages_left_by_a_killed_build_are_removed(old_and_new) -> None:
    """A large unit's index is built one bundle at a time from a folder of its pages beside site/."""
    ward, _, new, _ = old_and_new
    stale = ward / ".ck-index-k1ll3d" / "van-ban" / "nq-1"
    stale.mkdir(parents=True)
    (stale / "index.html").write_text("<div data-pagefind-body>x</div>", encoding="utf-8")
    _assert_recovers(ward, new)
    assert not (ward / ".ck-index-k1ll3d").exists()
