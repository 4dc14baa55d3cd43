"""Read a Word 97–2003 (.doc) file: LibreOffice (headless) converts it to .docx, which the Word
reader then reads with its tables, list numbers and fonts. antiword is the fallback where
LibreOffice is not installed; it gives plain text only (bench/README.md has the measurement)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..legal_text.encoding import ImportProblem
from .docx import read_docx
from .source import Extracted

_TIMEOUT = 180


def office_program() -> str | None:
    """Return the LibreOffice program on this machine, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path) -> Extracted:
    """Convert a .doc file and read it; the error names the file and says what to do."""
    if not path.read_bytes()[:8].startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportProblem("tệp có đuôi .doc nhưng không phải tệp Word 97–2003 (có thể là tệp hỏng hoặc đổi đuôi). "
                            "Cách sửa: mở tệp bằng Word, lưu lại dạng .docx rồi nhập lại.", path)
    program = office_program()
    if program:
        return _with_libreoffice(program, path)
    if shutil.which("antiword"):
        return _with_antiword(path)
    raise ImportProblem("máy chưa cài LibreOffice hoặc antiword để đọc tệp Word cũ (.doc). Cách sửa: cài gói "
                        "libreoffice-writer-nogui (hoặc antiword), hoặc mở tệp bằng Word và lưu thành .docx.", path)


def _with_libreoffice(program: str, path: Path) -> Extracted:
    with tempfile.TemporaryDirectory(prefix="congkhai-doc-") as folder:
        profile = Path(folder) / "profile"  # its own profile, so parallel runs do not lock each other
        source = Path(folder) / "in.doc"
        shutil.copyfile(path, source)
        try:
            subprocess.run([program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", folder, str(source)],
                           capture_output=True, timeout=_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as error:
            raise ImportProblem("LibreOffice chuyển tệp .doc quá lâu. Cách sửa: mở tệp bằng Word, lưu thành .docx "
                                "rồi nhập lại.", path) from error
        converted = Path(folder) / "in.docx"
        if not converted.exists():
            raise ImportProblem("LibreOffice không chuyển được tệp .doc này (tệp hỏng hoặc có mật khẩu). Cách sửa: "
                                "mở tệp bằng Word, lưu thành .docx rồi nhập lại.", path)
        try:
            extracted = read_docx(converted)
        except ImportProblem as problem:
            raise problem.located(path) from None
    extracted.converter = "LibreOffice"
    return extracted


def _with_antiword(path: Path) -> Extracted:
    try:
        done = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                              timeout=_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise ImportProblem("antiword đọc tệp .doc quá lâu. Cách sửa: lưu tệp thành .docx rồi nhập lại.", path) from error
    if done.returncode != 0:
        raise ImportProblem("antiword không đọc được tệp .doc này. Cách sửa: mở tệp bằng Word, lưu thành .docx rồi "
                            "nhập lại.", path)
    extracted = Extracted(done.stdout.decode("utf-8", errors="replace").replace("|", " "))
    extracted.converter = "antiword"
    extracted.warn(1, "Máy không có LibreOffice nên tệp .doc được đọc bằng antiword: mất bảng và số tự động; hãy đối chiếu.")
    return extracted
