"""Full build against partial build of one unit, and `congkhai serve`'s save-to-page time.

    .venv/bin/python bench/incremental.py build ITEMS      full vs partial builds (CPU seconds)
    .venv/bin/python bench/incremental.py serve ITEMS      save -> page served, and -> every page refreshed, in the preview

Method and figures: bench/README.md ("Within a unit: partial builds").
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import bench_ward, cpu_seconds  # noqa: E402

DAY = dt.date(2026, 11, 22)




def _edit(project: Path, n: int, text: str) -> Path:
    """Edit one clause of document n, with its change note dated before the site's last update (so
    the footer's "last updated" date, shown on every page, stays)."""
    path = project / "data" / "van-ban" / "bench" / f"nq-{n:05d}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("text:"))
    lines[at] = lines[at].split("text:")[0] + f'text: "{text}"'
    adopted = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("adopted_on:"))
    note = dt.date.fromisoformat(adopted) + dt.timedelta(days=3)
    lines += ["changes:", f"  - date: {note}", "    what: Sửa lỗi chính tả", "    why: Nhập nhầm"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _timed_build(project: Path, day: dt.date) -> tuple[float, float, str]:
    from generator.publish import incremental
    from generator.publish.build import build_site

    seen: list[str] = []
    original = incremental.Session.plan

    def plan(self, files, config):
        original(self, files, config)
        seen.append(f"partial, {len(self.rebuilt)} pages rendered" if self.partial else f"full ({self.reason})")

    incremental.Session.plan = plan
    cpu, wall = cpu_seconds(), time.perf_counter()
    try:
        build_site(project, day)
    finally:
        incremental.Session.plan = original
    return cpu_seconds() - cpu, time.perf_counter() - wall, seen[0]


def bench_build(items: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = bench_ward(Path(tmp) / "project", items)
        rows = [("full build, first", *_timed_build(project, DAY))]
        rows.append(("same data again (nothing changed)", *_timed_build(project, DAY)))
        _edit(project, 0, "Nội dung đã sửa lần một.")
        rows.append(("after one document's edit", *_timed_build(project, DAY)))
        rows.append(("next day, no data change", *_timed_build(project, DAY + dt.timedelta(days=1))))
        scratch = Path(tmp) / "scratch"
        scratch.mkdir()
        for name in ("mkdocs.yml", "theme", "data"):
            (shutil.copytree if (project / name).is_dir() else shutil.copy)(project / name, scratch / name)
        (scratch / ".congkhai-cache").mkdir(exist_ok=True)
        if (project / ".congkhai-cache").is_dir():
            shutil.rmtree(scratch / ".congkhai-cache")
            shutil.copytree(project / ".congkhai-cache", scratch / ".congkhai-cache")  # same warm QR cache
        rows.append(("full build of the same data (warm QR cache)", *_timed_build(scratch, DAY + dt.timedelta(days=1))))
        print(f"{items} items")
        for label, cpu, wall, kind in rows:
            print(f"| {label} | {cpu:.2f} | {wall:.2f} | {kind} |")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def _wait(url: str, needle: str, seconds: float) -> float:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle in response.read().decode("utf-8"):
                    return time.monotonic()
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{needle!r} did not appear at {url}")


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _lines(log: Path, needle: str) -> int:
    return log.read_text(encoding="utf-8").count(needle)


def _wait_line(log: Path, needle: str, count: int, seconds: float) -> float:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _lines(log, needle) >= count:
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"{needle!r} did not appear {count} times in {log}")


REFRESHED = "Đã cập nhật toàn bộ trang xem trước."


def bench_serve(items: int, saves: int = 3) -> None:
    """Save one document `saves` times; for each save: save -> its page served (wall, server CPU), and
    save -> the background refresh of every other page done (the server says so in its output)."""
    log = Path(tempfile.gettempdir()) / f"congkhai-bench-serve-{items}.log"
    with tempfile.TemporaryDirectory() as tmp:
        project = bench_ward(Path(tmp) / "project", items)
        port = _free_port()
        command = [sys.executable, "-m", "generator.cli", "serve", "-C", str(project), "--today", DAY.isoformat(),
                   "--addr", f"127.0.0.1:{port}"]
        print(f"{items} items; server output kept in {log}; load average at start {_load()}")
        with log.open("w", encoding="utf-8") as out:
            server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/van-ban/nq-00000/"
            start = time.monotonic()
            _wait(url, "QUYẾT NGHỊ", 1800)
            print(f"first preview after {time.monotonic() - start:.1f} s wall, server CPU {_proc_cpu(server.pid):.1f} s")
            time.sleep(5)
            for n in range(saves):
                text = f"Nội dung đã sửa lần {n + 1} trong bản xem trước."
                refreshed = _lines(log, REFRESHED)
                cpu = _proc_cpu(server.pid)
                saved = time.monotonic()
                _edit(project, 0, text) if n == 0 else _retext(project, text)
                shown = _wait(url, text, 600)
                cpu_shown = _proc_cpu(server.pid)
                done = _wait_line(log, REFRESHED, refreshed + 1, 600)
                print(f"| save {n + 1} | {shown - saved:.2f} | {cpu_shown - cpu:.2f} | {done - saved:.2f} | {_proc_cpu(server.pid) - cpu:.2f} | {_load()} |")
                time.sleep(10)  # the search index is rebuilt in the background after the refresh
        finally:
            if server.poll() is not None:
                tail = log.read_text(encoding="utf-8").splitlines()[-30:]
                print(f"the server exited with code {server.returncode}:", *tail, sep="\n")
            server.terminate()
            server.wait(timeout=30)
        print(f"load average at end {_load()}")


def _retext(project: Path, text: str) -> None:
    path = project / "data" / "van-ban" / "bench" / "nq-00000.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("text:"))
    lines[at] = lines[at].split("text:")[0] + f'text: "{text}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    mode, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    bench_build(count) if mode == "build" else bench_serve(count)
