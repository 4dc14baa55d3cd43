"""The ledger's git-history check is never silently weaker: a shallow clone gets a note naming the
cause and the fix, and the province build clones a unit with its whole commit history.

Every repository here is real: a project committed with git, cloned through a file:// URL (with
`git clone --depth 1` for the shallow case), as a CI runner or the province build would.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.province.project import load_province
from generator.province.run import run_build
from tests.conftest import FIXTURES, make_project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TODAY = "2026-11-22"
LEDGER = "data/da-dang.json"
REMOVED = "disclosure/phi-cho"  # the entry the second commit deletes from the ledger
SHALLOW_NOTE = (
    "Lưu ý: data/da-dang.json, dòng 1: kho git của dự án là bản sao nông (shallow clone, chỉ có 1 commit gần nhất): "
    "các bản sổ theo dõi nội dung đã đăng lưu trong những commit cũ hơn không được đối chiếu. {other}\n"
    "  Cách sửa: lấy đủ lịch sử bằng `git fetch --unshallow`; trong quy trình tự động, đặt `fetch-depth: 0` "
    "cho actions/checkout (GitHub Actions) hoặc biến `GIT_DEPTH: \"0\"` (GitLab CI), như các tệp quy trình "
    "mà `congkhai init` tạo.\n"
)
ONE_NOTE = "Có 1 lưu ý, không phải lỗi: trang vẫn được dựng. Hãy xem lại từng lưu ý (với văn bản: đối chiếu với bản gốc).\n"
NO_SITE = ("Cũng không có bản sổ kèm trang đang đăng (site/da-dang.json) để đối chiếu, nên xóa tệp sổ hay "
           "xóa mục trong sổ ở các commit trước sẽ không bị phát hiện.")
WITH_SITE = "Bản sổ kèm trang đang đăng (site/da-dang.json) vẫn được đối chiếu."


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=Văn thư", "-c", "user.email=vanthu@example.invalid", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _invoke(command: str, project: Path):
    return CliRunner().invoke(main, [command, "-C", str(project), "--today", TODAY])


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    """A unit's repository: the ward's data with its ledger committed, then a commit that deletes one
    entry from the ledger (what the check must refuse, from the first commit's ledger)."""
    repo = make_project(tmp_path_factory.mktemp("origin") / "unit", FIXTURES / "ward" / "data")
    built = CliRunner().invoke(main, ["build", "-C", str(repo), "--today", TODAY])
    assert built.exit_code == 0, built.output
    shutil.rmtree(repo / "site")
    shutil.rmtree(repo / "site_src")
    shutil.rmtree(repo / ".congkhai", ignore_errors=True)
    shutil.rmtree(repo / ".congkhai-cache", ignore_errors=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "uploadpack.allowFilter", "true")  # as GitHub and GitLab do: partial clones work
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Đăng dữ liệu")
    ledger = json.loads((repo / LEDGER).read_text(encoding="utf-8"))
    assert REMOVED in ledger["items"]
    del ledger["items"][REMOVED]
    (repo / LEDGER).write_text(json.dumps(ledger, ensure_ascii=False, indent=1), encoding="utf-8")
    _git(repo, "commit", "-qam", "Xóa một mục khỏi sổ")
    return repo


def _clone(origin: Path, target: Path, *options: str) -> Path:
    subprocess.run(["git", "clone", "-q", *options, origin.as_uri(), str(target)], check=True, capture_output=True)
    return target


def test_a_full_clone_refuses_the_deleted_entry_from_git_history(origin: Path, tmp_path: Path) -> None:
    clone = _clone(origin, tmp_path / "full")
    result = _invoke("check", clone)
    assert result.exit_code == 1
    assert "sổ theo dõi nội dung đã đăng thiếu 1 mục đã ghi trong lịch sử git (commit" in result.stderr
    assert "bản sao nông" not in result.stderr


def test_a_shallow_clone_says_the_history_is_cut_short_and_how_to_fetch_it(origin: Path, tmp_path: Path) -> None:
    """Depth 1 sees only the last commit, where the entry is already gone: the check cannot refuse
    it, but says why, as a note (the build goes on), until the history is fetched as the note says."""
    clone = _clone(origin, tmp_path / "shallow", "--depth", "1")
    assert _git(clone, "rev-parse", "--is-shallow-repository") == "true"
    checked = _invoke("check", clone)
    assert checked.exit_code == 0, checked.output
    assert SHALLOW_NOTE.format(other=NO_SITE) in checked.stderr  # among the compliance notes `check` adds
    built = _invoke("build", clone)
    assert built.exit_code == 0, built.output
    assert built.stderr == SHALLOW_NOTE.format(other=NO_SITE) + ONE_NOTE
    again = _invoke("check", clone)  # now the site published by that build is there to compare
    assert SHALLOW_NOTE.format(other=WITH_SITE) in again.stderr
    github = CliRunner().invoke(main, ["check", "-C", str(clone), "--today", TODAY, "--format", "github"])
    assert "::warning file=data/da-dang.json,line=1,title=Lưu ý::Kho git của dự án là bản sao nông (shallow clone" in github.output
    fresh = _clone(origin, tmp_path / "unshallowed", "--depth", "1")
    _git(fresh, "fetch", "-q", "--unshallow")  # the fix the note gives
    fixed = _invoke("check", fresh)
    assert fixed.exit_code == 1
    assert "bản sao nông" not in fixed.stderr
    assert "thiếu 1 mục đã ghi trong lịch sử git (commit" in fixed.stderr


def test_the_ledger_check_returns_the_shallow_note_and_leaves_the_portals_notes_alone(origin: Path, tmp_path: Path) -> None:
    """check_published returns what it found; the callers (check, build, the province build) add the
    note to what they show."""
    from generator.data.problems import format_notes
    from generator.law.ledger import check_published
    from generator.publish.build import generate

    clone = _clone(origin, tmp_path / "shallow", "--depth", "1")
    portal = generate(clone, dt.date.fromisoformat(TODAY)).portal
    before = list(portal.notes)
    checked = check_published(clone, portal)
    assert portal.notes == before
    assert format_notes(checked.notes) + "\n" == SHALLOW_NOTE.format(other=NO_SITE) + ONE_NOTE
    assert checked.ledger == json.loads((clone / LEDGER).read_text(encoding="utf-8"))


def _one_unit_province(root: Path, origin: Path) -> Path:
    root.mkdir(parents=True)
    (root / "province.yaml").write_text(
        f'province: "19"\nunits:\n  - code: "05467"\n    git: {origin.as_uri()}\n    branch: main\n', encoding="utf-8")
    return root


def test_the_province_build_checks_a_git_unit_against_its_whole_history(origin: Path, tmp_path: Path) -> None:
    """The unit's checkout is a partial clone with every commit (not `--depth 1`, which would see
    only the last ledger), and the ledger check reads the checkout's history: the deleted entry is
    refused. An earlier shallow checkout is replaced; a later run fetches into the same clone."""
    root = _one_unit_province(tmp_path / "tinh", origin)
    checkout = root / "build" / "units" / "05467" / "checkout"
    checkout.parent.mkdir(parents=True)
    _clone(origin, checkout, "--depth", "1")  # left by an older congkhai
    _, results = run_build(load_province(root), root / "build", dt.date.fromisoformat(TODAY), jobs=1)
    (result,) = results
    assert result["state"] == "failed"
    first = _git(origin, "rev-parse", "--short=7", "HEAD~1")
    assert f"sổ theo dõi nội dung đã đăng thiếu 1 mục đã ghi trong lịch sử git (commit {first}): Thông tin công khai mã phi-cho." in result["problems"]
    assert _git(checkout, "rev-parse", "--is-shallow-repository") == "false"
    assert _git(checkout, "rev-list", "--count", "HEAD") == "2"
    assert _git(checkout, "config", "remote.origin.promisor") == "true"
    assert _git(checkout, "config", "remote.origin.partialclonefilter") == "blob:none"
    # The unit restores its ledger: the next run fetches into the same clone and builds.
    _git(origin, "checkout", "-q", "HEAD~1", "--", LEDGER)
    _git(origin, "commit", "-qm", "Khôi phục sổ")
    try:
        _, results = run_build(load_province(root), root / "build", dt.date.fromisoformat(TODAY), jobs=1)
        assert [r["state"] for r in results] == ["built"], results[0]["problems"]
        assert _git(checkout, "rev-list", "--count", "HEAD") == "3"
    finally:
        _git(origin, "reset", "-q", "--hard", "HEAD~1")  # the module's repository as the other tests expect


def test_a_partial_clone_fetches_every_version_of_the_ledger_in_one_request(tmp_path: Path, monkeypatch) -> None:
    """`--filter=blob:none` has every commit but not the old ledgers' contents: they are fetched in
    one request (git's trace counts the fetches), not one per version, and all of them are read."""
    from generator.law.ledger_git import git_baselines

    repo = tmp_path / "unit"
    (repo / "data").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "uploadpack.allowFilter", "true")
    for version in range(1, 6):
        items = {f"document/nq-{n:02d}": {"changes": 0, "sha256": "0" * 64} for n in range(version)}
        (repo / LEDGER).write_text(json.dumps({"items": items, "version": 1}), encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", f"Sổ lần {version}")
    clone = _clone(repo, tmp_path / "partial", "--filter=blob:none")
    trace = tmp_path / "trace.json"
    monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
    baselines = git_baselines(clone, clone / LEDGER)
    assert [len(b.items) for b in baselines] == [5, 4, 3, 2, 1]
    events = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    fetches = [e for e in events if e.get("event") == "cmd_name" and e.get("name") == "fetch"]
    assert len(fetches) == 1, f"{len(fetches)} fetches"
    trace.unlink()
    assert len(git_baselines(clone, clone / LEDGER)) == 5  # the second time everything is already here
    events = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    assert not [e for e in events if e.get("event") == "cmd_name" and e.get("name") == "fetch"]


def test_the_province_build_checks_a_folder_unit_against_its_folders_git_history(origin: Path, tmp_path: Path) -> None:
    """A unit read from a folder in a git repository (here a clone of its own): that history counts."""
    clone = _clone(origin, tmp_path / "kho-tinh" / "units" / "gia-sang")
    root = tmp_path / "kho-tinh"
    (root / "province.yaml").write_text('province: "19"\nunits:\n  - code: "05467"\n    source: units/gia-sang\n', encoding="utf-8")
    _, results = run_build(load_province(root), root / "build", dt.date.fromisoformat(TODAY), jobs=1)
    (result,) = results
    assert result["state"] == "failed"
    first = _git(clone, "rev-parse", "--short=7", "HEAD~1")
    assert f"thiếu 1 mục đã ghi trong lịch sử git (commit {first}): Thông tin công khai mã phi-cho." in result["problems"]
