"""The ledger cannot be reset: a deleted, shrunk or hand-edited data/da-dang.json is refused against
the published site's own copy and against git history; drafts under consultation and withdrawals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.data.load import load_portal
from generator.law.ledger import published_items
from tests.conftest import replace_in

TODAY = "2026-11-22"
LEDGER = "data/da-dang.json"
DRAFT = "data/van-ban/du-thao-huong-uoc.yaml"
FEE = "data/cong-khai/phi-cho.yaml"
SUMMARY = "Có {n} lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"
WITHDRAW = ("Muốn gỡ một mục đã đăng thì giữ mục đó trong data/ và trong sổ, thêm `withdrawn:` "
            "(date: ngày gỡ, why: lý do); trang của mục sẽ ghi rõ đã gỡ.")


def _invoke(command: str, project: Path, today: str = TODAY):
    return CliRunner().invoke(main, [command, "-C", str(project), "--today", today])


def _built(project: Path) -> Path:
    result = _invoke("build", project)
    assert result.exit_code == 0, result.output
    return project


def _site_files(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts}


def _refused(project: Path, expected: str) -> None:
    """Both commands refuse with exactly this text, and the published site is left as it was."""
    before = _site_files(project) if (project / "site").exists() else None
    for command in ("check", "build"):
        result = _invoke(command, project)
        assert result.exit_code == 1, result.output
        assert result.stderr == expected
    if before is not None:
        assert _site_files(project) == before


def _git(project: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(project), "-c", "user.name=Văn thư", "-c", "user.email=vanthu@example.invalid", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout


def test_the_built_site_publishes_its_ledger(ward: Path) -> None:
    _built(ward)
    site_copy = json.loads((ward / "site" / "da-dang.json").read_text(encoding="utf-8"))
    assert site_copy == json.loads((ward / LEDGER).read_text(encoding="utf-8"))
    assert sorted(site_copy["items"]) == [
        "consultation/huong-uoc-thon-mot", "disclosure/du-toan-2026", "disclosure/phi-cho", "disclosure/quy-che-dan-chu",
        "document/nq-03-2026", "draft/du-thao-huong-uoc"]


def test_deleted_ledger_is_refused_against_the_published_site(ward: Path) -> None:
    _built(ward)
    (ward / LEDGER).unlink()
    _refused(ward, (
        "data/da-dang.json, dòng 1: sổ theo dõi nội dung đã đăng thiếu 6 mục đã ghi trong trang đang đăng (site/da-dang.json): "
        "Đợt lấy ý kiến mã huong-uoc-thon-mot, Thông tin công khai mã du-toan-2026, Thông tin công khai mã phi-cho, "
        "Thông tin công khai mã quy-che-dan-chu, Văn bản mã nq-03-2026, Dự thảo đưa ra lấy ý kiến mã du-thao-huong-uoc. "
        "Không được xóa tệp sổ hay xóa mục nào trong sổ.\n"
        f"  Cách sửa: chép site/da-dang.json vào data/da-dang.json. {WITHDRAW}\n" + SUMMARY.format(n=1)))
    shutil.copy(ward / "site" / "da-dang.json", ward / LEDGER)
    assert _invoke("build", ward).exit_code == 0


def test_removed_or_rewritten_entry_is_refused(ward: Path) -> None:
    _built(ward)
    # The two ways round the no-silent-edit rule: drop an item's entry, or give it the edited text's fingerprint.
    replace_in(ward, FEE, "title: Mức thu phí chợ năm 2026", "title: Mức thu phí chợ năm 2027")
    replace_in(ward, "data/van-ban/nq-03-2026.yaml", "title: Về dự toán ngân sách xã năm 2026", "title: Về dự toán ngân sách năm 2026")
    portal = load_portal(ward, dt.date.fromisoformat(TODAY))
    ledger = json.loads((ward / LEDGER).read_text(encoding="utf-8"))
    del ledger["items"]["disclosure/phi-cho"]
    ledger["items"]["document/nq-03-2026"]["sha256"] = published_items(portal)["document/nq-03-2026"].sha256
    (ward / LEDGER).write_text(json.dumps(ledger), encoding="utf-8")
    _refused(ward, (
        "data/da-dang.json, dòng 1: mục của Văn bản mã nq-03-2026 trong sổ theo dõi khác với trang đang đăng (site/da-dang.json): "
        "sổ đã bị sửa tay hoặc quay về bản cũ.\n"
        f"  Cách sửa: chép site/da-dang.json vào data/da-dang.json; không sửa tay tệp này. {WITHDRAW}\n"
        "data/da-dang.json, dòng 1: sổ theo dõi nội dung đã đăng thiếu 1 mục đã ghi trong trang đang đăng (site/da-dang.json): "
        "Thông tin công khai mã phi-cho. Không được xóa tệp sổ hay xóa mục nào trong sổ.\n"
        f"  Cách sửa: chép site/da-dang.json vào data/da-dang.json. {WITHDRAW}\n" + SUMMARY.format(n=2)))


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_ledger_deleted_in_a_commit_is_refused_from_git_history(ward: Path) -> None:
    """In CI there is no previous site/: every committed version of the ledger counts."""
    _built(ward)
    _git(ward, "init", "-q")
    _git(ward, "add", "data")
    _git(ward, "commit", "-qm", "Đăng dữ liệu")
    published = _git(ward, "rev-parse", "--short=7", "HEAD").strip()
    shutil.rmtree(ward / "site")
    ledger = json.loads((ward / LEDGER).read_text(encoding="utf-8"))
    del ledger["items"]["disclosure/quy-che-dan-chu"]
    (ward / LEDGER).write_text(json.dumps(ledger), encoding="utf-8")
    _git(ward, "commit", "-qam", "Xóa một mục khỏi sổ")
    (ward / LEDGER).unlink()
    _git(ward, "commit", "-qam", "Xóa sổ")
    result = _invoke("check", ward)
    assert result.exit_code == 1
    assert result.stderr == (
        f"data/da-dang.json, dòng 1: sổ theo dõi nội dung đã đăng thiếu 6 mục đã ghi trong lịch sử git (commit {published}): "
        "Đợt lấy ý kiến mã huong-uoc-thon-mot, Thông tin công khai mã du-toan-2026, Thông tin công khai mã phi-cho, "
        "Thông tin công khai mã quy-che-dan-chu, Văn bản mã nq-03-2026, Dự thảo đưa ra lấy ý kiến mã du-thao-huong-uoc. "
        "Không được xóa tệp sổ hay xóa mục nào trong sổ.\n"
        f"  Cách sửa: git checkout {published} -- data/da-dang.json. {WITHDRAW}\n" + SUMMARY.format(n=1))
    _git(ward, "checkout", published, "--", "data/da-dang.json")
    assert _invoke("build", ward).exit_code == 0


def test_withdrawal_keeps_the_entry_and_says_so_on_the_page(ward: Path) -> None:
    _built(ward)
    recorded = json.loads((ward / LEDGER).read_text(encoding="utf-8"))["items"]["disclosure/phi-cho"]
    replace_in(ward, FEE, "decided_on: 2025-12-20\n", "decided_on: 2025-12-20\nwithdrawn:\n  date: 2026-11-21\n"
               "  why: Đăng nhầm văn bản của tỉnh khác.\n")
    replace_in(ward, FEE, "title: Quy định mức thu phí chợ trên địa bàn tỉnh", "title: (đã lược bỏ)")
    _built(ward)
    entry = json.loads((ward / LEDGER).read_text(encoding="utf-8"))["items"]["disclosure/phi-cho"]
    assert entry == {**recorded, "withdrawn": "2026-11-21"}
    page = (ward / "site" / "cong-khai" / "phi-cho" / "index.html").read_text(encoding="utf-8")
    assert '<p class="ck-withdrawn"><strong>Đã gỡ ngày 21 tháng 11 năm 2026</strong>. Lý do: Đăng nhầm văn bản của tỉnh khác.</p>' in page
    (ward / FEE).unlink()
    result = _invoke("build", ward)
    assert result.exit_code == 1
    assert "Thông tin công khai mã phi-cho đã đăng nhưng nay không còn trong data/" in result.stderr


def test_draft_under_consultation_needs_a_change_note_shown_on_the_consultation_page(ward: Path) -> None:
    _built(ward)
    replace_in(ward, DRAFT, "Mọi hộ gia đình giữ vệ sinh đường làng.", "Mọi hộ gia đình giữ vệ sinh đường làng, ngõ xóm.")
    _refused(ward, (
        'data/van-ban/du-thao-huong-uoc.yaml, dòng 1, trường "changes": Dự thảo đưa ra lấy ý kiến “Dự thảo hương ước thôn Một” '
        "(mã du-thao-huong-uoc) đã đăng nhưng nội dung đã bị sửa mà không có ghi chú thay đổi.\n"
        '  Cách sửa: thêm vào cuối trường "changes" một mục ghi ngày sửa (ngày từ 10/11/2026 trở đi), nội dung đã sửa và lý do, ví dụ:\n'
        '    changes:\n      - date: 2026-11-22\n        what: "Sửa …"\n        why: "Vì …"\n' + SUMMARY.format(n=1)))
    with (ward / DRAFT).open("a", encoding="utf-8") as file:
        file.write("changes:\n  - date: 2026-11-20\n    what: Thêm ngõ xóm vào Điều 1.\n    why: Tiếp thu ý kiến tại hội nghị thôn.\n")
    _built(ward)
    page = (ward / "site" / "lay-y-kien" / "huong-uoc-thon-mot" / "index.html").read_text(encoding="utf-8")
    assert "Dự thảo đã sửa trong thời gian lấy ý kiến" in page
    assert ("<li><strong>Ngày 20 tháng 11 năm 2026</strong>: Thêm ngõ xóm vào Điều 1. "
            '<span class="ck-sub">Lý do: Tiếp thu ý kiến tại hội nghị thôn.</span></li>') in page


def test_draft_is_free_before_its_consultation_opens_and_once_adopted(ward: Path) -> None:
    result = _invoke("build", ward, "2026-11-05")
    assert result.exit_code == 0, result.output
    assert "draft/du-thao-huong-uoc" not in json.loads((ward / LEDGER).read_text(encoding="utf-8"))["items"]
    replace_in(ward, DRAFT, "Mọi hộ gia đình", "Tất cả hộ gia đình")
    _built(ward)  # opened on 2026-11-10: recorded now, with the edited text
    replace_in(ward, DRAFT, "status: draft", "number: 05/QĐ-UBND\nstatus: adopted\nadopted_on: 2026-11-21")
    replace_in(ward, DRAFT, "Tất cả hộ gia đình", "Các hộ gia đình")
    _built(ward)


def test_replacing_a_published_attachment_needs_a_change_note(ward: Path) -> None:
    _built(ward)
    entry = json.loads((ward / LEDGER).read_text(encoding="utf-8"))["items"]["document/nq-03-2026"]
    pdf = ward / "data" / "tep" / "nq-03-2026.pdf"
    assert entry["files"] == {"tep/nq-03-2026.pdf": hashlib.sha256(pdf.read_bytes()).hexdigest()}
    pdf.write_bytes(pdf.read_bytes() + b"%% a different scan\n")
    _refused(ward, (
        'data/van-ban/nq-03-2026.yaml, dòng 1, trường "changes": Văn bản “Về dự toán ngân sách xã năm 2026” (mã nq-03-2026) '
        "đã đăng nhưng tệp đính kèm data/tep/nq-03-2026.pdf đã bị thay bằng tệp khác mà không có ghi chú thay đổi.\n"
        '  Cách sửa: thêm vào cuối trường "changes" một mục ghi ngày sửa (ngày từ 05/01/2026 trở đi), nội dung đã sửa và lý do, ví dụ:\n'
        '    changes:\n      - date: 2026-11-22\n        what: "Sửa …"\n        why: "Vì …"\n' + SUMMARY.format(n=1)))
    with (ward / "data" / "van-ban" / "nq-03-2026.yaml").open("a", encoding="utf-8") as file:
        file.write("changes:\n  - date: 2026-11-22\n    what: Thay bản ký số.\n    why: Bản cũ bị thiếu trang 2.\n")
    _built(ward)
    entry = json.loads((ward / LEDGER).read_text(encoding="utf-8"))["items"]["document/nq-03-2026"]
    assert entry["files"] == {"tep/nq-03-2026.pdf": hashlib.sha256(pdf.read_bytes()).hexdigest()} and entry["changes"] == 1
