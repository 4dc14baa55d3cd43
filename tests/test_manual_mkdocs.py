"""A plain `mkdocs build` or `mkdocs gh-deploy` run by hand is refused by the congkhai plugin: it would
bypass the build lock, the swap and the ledger check. `mkdocs serve` by hand still previews, also in a
unit never built.

Every command here is the real `mkdocs` command line in a subprocess, in a copy of a built project.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_serve import _free_port, _wait_for

BUILD_REFUSED = (
    "Không dùng `mkdocs build` để dựng trang: lệnh này bỏ qua các bước bảo vệ của congkhai "
    "(khóa chống hai lần dựng cùng lúc; thay trang trọn gói, để lỗi giữa chừng không để lại trang dở dang; "
    "kiểm tra sổ nội dung đã đăng data/da-dang.json).\n"
    "  Cách sửa: dựng trang bằng `congkhai build` (quy trình tự động của kho cũng dùng lệnh này); "
    "xem trước bằng `congkhai serve`.\n"
    "Chưa xuất bản gì; trang đang đăng (site/) giữ nguyên.\n"
)


def _env() -> dict:
    """The environment of a clerk's terminal: none of congkhai's own build variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith("CONGKHAI_")}


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, env=_env(),
                          capture_output=True, text=True, timeout=300)


def _serve_by_hand(project: Path, unit_name: str, *args: str) -> str:
    """Run `mkdocs serve` in the project until its about page, with the unit's name and the theme's
    style sheet, is served by a server still running; return what the server wrote to stderr."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", *args],
                              cwd=project, env={**_env(), "CONGKHAI_TODAY": "2026-11-22"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/gioi-thieu/", unit_name, 180)
        assert "assets/congkhai.css" in page
        assert server.poll() is None, "the preview server stopped"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=20)
    return errors


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file (and symbolic link) under folder with the SHA-256 of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def built_copy(sample_site: Path, tmp_path: Path) -> Path:
    """A copy of the built sample project (data/, site_src/, site/, mkdocs.yml, theme/)."""
    copy = tmp_path / "project"
    shutil.copytree(sample_site, copy, symlinks=True)
    return copy


@pytest.mark.parametrize("command", [["build"], ["build", "--dirty"], ["gh-deploy", "--no-history"]])
def test_a_publishing_mkdocs_command_run_by_hand_is_refused(built_copy: Path, command: list[str]) -> None:
    before = {name: _fingerprint(built_copy / name) for name in ("site", "site_src", "data")}
    assert before["site"], "the sample project was not built"
    subprocess.run(["git", "init", "-q", "-b", "main", str(built_copy)], check=True, capture_output=True)
    done = _mkdocs(built_copy, *command)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == BUILD_REFUSED.replace("mkdocs build", f"mkdocs {command[0]}")
    assert done.stdout == ""
    after = {name: _fingerprint(built_copy / name) for name in ("site", "site_src", "data")}
    assert after == before, "a refused command changed site/, site_src/ or data/"
    assert not (built_copy / ".congkhai" / "preview").exists(), "the refused command rendered the preview's sources"
    branches = subprocess.run(["git", "-C", str(built_copy), "branch", "--list", "gh-pages"], capture_output=True, text=True)
    assert branches.stdout.strip() == "", "gh-deploy wrote a gh-pages branch"


@pytest.mark.parametrize("clean", [False, True], ids=["serve", "serve --clean"])
def test_mkdocs_serve_by_hand_still_previews(built_copy: Path, clean: bool) -> None:
    """`mkdocs serve` writes only to a temporary folder: it renders data/ into the preview's sources
    and serves the portal, while site/ and site_src/ stay as they were. `--clean` (which MkDocs
    reports to plugins as the command "build") is a preview too."""
    before = {name: _fingerprint(built_copy / name) for name in ("site", "site_src")}
    errors = _serve_by_hand(built_copy, "Bách Quang", *(["--clean"] if clean else []))
    assert "Không dùng `mkdocs" not in errors
    assert (built_copy / ".congkhai" / "preview" / "index.md").is_file(), "the preview's sources were not rendered"
    assert {name: _fingerprint(built_copy / name) for name in ("site", "site_src")} == before


def test_mkdocs_serve_by_hand_previews_a_unit_never_built(tmp_path: Path) -> None:
    """MkDocs checks that docs_dir (site_src/) exists before any plugin runs; in a unit never built
    mkdocs.yml's docs_dir is the preview's folder instead (site_config.sources_folder), so the clerk
    gets the preview, not MkDocs's English configuration error, and site_src/ is still not written."""
    from tests.conftest import FIXTURES, make_project

    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    assert not (project / "site_src").exists()
    errors = _serve_by_hand(project, "Xã Mẫu Thử")
    assert "Config value" not in errors and "Aborted" not in errors, errors
    assert (project / ".congkhai" / "preview" / "gioi-thieu.md").is_file(), "the preview's sources were not rendered"
    assert not (project / "site_src").exists() and not (project / "site").exists()

    # A build afterwards writes site_src/ and site/ as ever.
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "-C", str(project), "--today", "2026-11-22"],
                          cwd=Path(__file__).resolve().parent.parent, env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (project / "site_src" / "index.md").is_file() and (project / "site" / "gioi-thieu" / "index.html").is_file()
