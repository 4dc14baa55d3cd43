"""The wheel carries everything a unit needs: built once per session, installed into a fresh virtual
environment far from this checkout by following the README's "new unit" commands as written; then
init, check and build for one xã, one phường and one đặc khu of the official list."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

UNITS = {"xa": ("16171", "Xã Ba Đình"), "phuong": ("00004", "Phường Ba Đình"), "dac_khu": ("06994", "Đặc khu Vân Đồn")}
REMOTE_IN_README = "https://github.com/TEN-TO-CHUC/trang-cong-khai.git"


def _readme_commands() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- new-unit:start -->\n```sh\n(.*?)```\n<!-- new-unit:end -->", text, re.S)
    assert block, "README has lost its new-unit commands"
    return block.group(1)


def _clean_env(home: Path) -> dict:
    """A new user's shell: no virtual environment of ours, no path to this checkout, the usual pip cache."""
    cache = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True).stdout.strip()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(REPO)))
    env.update(HOME=str(home), GIT_AUTHOR_NAME="Cán bộ", GIT_AUTHOR_EMAIL="canbo@example.invalid",
               GIT_COMMITTER_NAME="Cán bộ", GIT_COMMITTER_EMAIL="canbo@example.invalid", PIP_DISABLE_PIP_VERSION_CHECK="1")
    if cache:
        env["PIP_CACHE_DIR"] = cache
    return env


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("congkhai-*.whl")
    return built


@pytest.fixture(scope="session")
def readme_run(tmp_path_factory, wheel) -> tuple[Path, subprocess.CompletedProcess]:
    """Run the README's commands in an empty home folder, pushing to a local bare repository."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("home")
    shutil.copy(wheel, home / wheel.name)
    origin = home / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(origin)], check=True)
    commands = _readme_commands()
    assert REMOTE_IN_README in commands and wheel.name in commands, "README names another wheel or remote"
    script = "set -e\n" + commands.replace(REMOTE_IN_README, str(origin))
    result = subprocess.run(["bash", "-c", script], cwd=home, env=_clean_env(home), capture_output=True, text=True, timeout=900)
    return home, result


def test_readme_new_unit_builds_on_first_try(readme_run):
    home, result = readme_run
    assert result.returncode == 0, result.stdout + result.stderr
    unit = home / "trang-cong-khai"
    assert "<title>Trang chủ — Phường Bách Quang</title>" in (unit / "site/index.html").read_text(encoding="utf-8")
    pushed = subprocess.run(["git", "ls-tree", "-r", "--name-only", "main"], cwd=home / "origin.git",
                            capture_output=True, text=True, check=True).stdout.split()
    assert {"data/site.yaml", ".github/workflows/congkhai.yml", ".gitlab-ci.yml", "requirements.txt", "README.md"} <= set(pushed)
    assert not any(name.startswith(("site/", "site_src/")) for name in pushed), "built files must not be committed"


def _venv(readme_run) -> Path:
    home, result = readme_run
    assert result.returncode == 0, result.stderr
    return home / "congkhai" / "bin"


def test_the_installed_package_is_not_this_checkout(readme_run):
    bin_dir = _venv(readme_run)
    where = subprocess.run([str(bin_dir / "python"), "-c", "import generator; print(generator.__file__)"],
                           cwd=bin_dir.parent, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(bin_dir.parent)) and not where.startswith(str(REPO))


@pytest.mark.parametrize("unit_type", sorted(UNITS))
def test_a_unit_of_each_type_checks_and_builds_from_the_wheel(readme_run, tmp_path, unit_type):
    bin_dir = _venv(readme_run)
    code, full_name = UNITS[unit_type]
    env = _clean_env(tmp_path)
    unit = tmp_path / "unit"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(bin_dir / "congkhai"), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)

    assert run("init", str(unit), "--unit-code", code).returncode == 0
    checked = run("check", "-C", str(unit))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "Dữ liệu hợp lệ: 0 văn bản, 0 thông tin công khai, 0 đợt lấy ý kiến, 0 tệp đính kèm.\n"
    built = run("build", "-C", str(unit))
    assert built.returncode == 0, built.stderr
    site = unit / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>Trang chủ — {full_name}</title>" in home
    assert (site / "pagefind/pagefind.js").is_file()
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not any("Bách Quang" in page or "minh họa" in page for page in pages), "a sample record leaked"
    assert sorted(p.name for p in (site / "van-ban").iterdir()) == ["index.html"]
    assert sorted(p.name for p in (site / "cong-khai").iterdir()) == ["index.html"]
