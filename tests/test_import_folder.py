"""`congkhai import FOLDER… --into data/van-ban`: every supported file, named by type, number and
year, in year folders, never overwriting, a summary table, exit 1 only when a file failed; and no
reader crashes on any bytes."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.data.models import Document
from generator.importing.importer import extract
from generator.legal_text.encoding import ImportProblem, encode_legacy
from tests.conftest import SEEDS
from tests.test_import_encoding import DECISION
from tests.test_import_word import word_file


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "van-ban-cu"
    (folder / "2024").mkdir(parents=True)
    (folder / "ninh-binh.txt").write_bytes((SEEDS / "ninh-binh-30-2024-nq-hdnd.txt").read_bytes())
    word_file(folder / "2024" / "qd-41.docx")
    (folder / "2024" / "qd-18-vni.txt").write_bytes(encode_legacy(DECISION, "VNI").encode("cp1252"))
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "ghi-chu.odt").write_bytes(b"ignored: not a supported kind")
    return folder


def test_a_folder_is_imported_into_year_folders_with_a_summary(tmp_path):
    folder, into = _folder(tmp_path), tmp_path / "data" / "van-ban"
    result = CliRunner().invoke(main, ["import", str(folder), "--into", str(into)])
    assert result.exit_code == 1, result.output  # one file failed
    written = sorted(str(path.relative_to(into)) for path in into.rglob("*.yaml"))
    assert written == ["2024/nq-30-2024.yaml", "2025/qd-18-2025.yaml", "2025/qd-41-2025.yaml"]
    for path in into.rglob("*.yaml"):
        Document.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) | {})
    out = result.output
    assert "Kết quả nhập" in out and "ghi-chu.odt" not in out
    assert re.search(r"qd-41\.docx\s*│\s*quyet_dinh\s*│\s*41/QĐ-UBND\s*│\s*2025-03-12\s*│\s*3\s*│", out)
    assert re.search(r"hong\.pdf\s*│\s*LỖI", out)
    assert f"LỖI {folder / 'hong.pdf'}: " in out
    assert "Đã ghi 3 văn bản vào" in out and "từ 3/4 tệp; 1 tệp lỗi." in out
    assert "bảng mã cũ VNI" in out  # the warnings are listed with the file and line


def test_folder_import_never_overwrites_and_succeeds_without_failures(tmp_path):
    folder, into = _folder(tmp_path), tmp_path / "van-ban"
    (folder / "hong.pdf").unlink()
    first = CliRunner().invoke(main, ["import", str(folder), "--into", str(into)])
    assert first.exit_code == 0, first.output
    target = into / "2025" / "qd-41-2025.yaml"
    target.write_text("# sửa tay\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    again = CliRunner().invoke(main, ["import", str(folder / "2024" / "qd-41.docx"), "--into", str(into)])
    assert again.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# sửa tay\n")
    assert f"{target} đã có; không ghi đè." in again.output and "Đã ghi 0 văn bản" in again.output


def test_several_files_without_into_are_refused_with_the_way(tmp_path):
    folder = _folder(tmp_path)
    result = CliRunner().invoke(main, ["import", str(folder)])
    assert result.exit_code == 2
    assert "Để nhập nhiều tệp hoặc cả thư mục, thêm --into THƯ_MỤC, ví dụ --into data/van-ban." in result.output


SUFFIXES = [".pdf", ".docx", ".doc", ".txt", ".png"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.binary(max_size=400), st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                                                b"\x89PNG\r\n\x1a\n"]).flatmap(
    lambda head: st.binary(max_size=300).map(lambda tail: head + tail))), suffix=st.sampled_from(SUFFIXES))
def test_no_bytes_crash_a_reader_and_errors_name_the_file_in_vietnamese(tmp_path, raw, suffix):
    path = tmp_path / f"tep{suffix}"
    path.write_bytes(raw)
    try:
        extract(path)
    except ImportProblem as problem:
        message = str(problem)
        assert message.startswith((f"{path}: ", f"{path}, dòng ")) and ("Cách sửa" in message or "Các dạng" in message)
        assert re.search("[àáảãạăâđêôơư]", message)  # Vietnamese, with its letters
