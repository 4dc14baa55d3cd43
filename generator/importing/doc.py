"""Read a Word 97–2003 (.doc) file: LibreOffice (headless) converts it to .docx, which the Word
reader then reads with its tables, list numbers and fonts. antiword is the fallback where
LibreOffice is not installed; it gives plain text only (bench/README.md has the measurement)."""

from __future__ import annotations

import re
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
    if extracted.volatile_fields:
        _restore_stored_dates(path, extracted)
    return extracted


def _restore_stored_dates(path: Path, extracted: Extracted) -> None:
    """Put back the values a .doc keeps for its DATE and TIME fields.

    LibreOffice shows such a field as of the day it converts the file ("Bách Quang, ngày 30 …" on the
    30th, whatever the file says), so the date of issue would be silently wrong. antiword prints the
    value kept in the file: each field's line is found in antiword's text by the words around it and
    its kept value used. Without antiword, or when the line is not found, the clerk is told to check."""
    kept = _antiword_text(path)
    for field in extracted.volatile_fields:
        before, shown = field["before"], field["value"]
        value = _kept_value(kept, before, shown, extracted.text) if kept else None
        if value is not None:
            extracted.text = extracted.text.replace(before + shown, before + value, 1)
            extracted.warn(field["line"], f"Dòng “{_line_of(extracted.text, before + value)}” có trường ngày tự cập nhật của "
                           f"Word ({field['code'].split()[0].upper()}): đã lấy giá trị ghi trong tệp (“{value}”), không phải ngày chuyển tệp. "
                           "Hãy đối chiếu với bản giấy.")
        else:
            extracted.warn(field["line"], f"Dòng “{_line_of(extracted.text, before + shown)}” có trường ngày tự cập nhật của "
                           f"Word ({field['code'].split()[0].upper()}): khi chuyển tệp .doc, giá trị “{shown.strip()}” là ngày hôm nay, không "
                           "phải ngày ghi trong tệp. Hãy sửa theo bản giấy (hoặc cài antiword để đọc được giá trị ghi trong tệp).")


def _line_of(text: str, part: str) -> str:
    """The whole line of the text that holds part, for the clerk's message."""
    at = text.find(part)
    if at < 0:
        return " ".join(part.split())
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at + len(part))
    return " ".join(text[start:end if end >= 0 else len(text)].split())


def _antiword_text(path: Path) -> str | None:
    """antiword's text of the file on one line, or None where antiword is missing or fails."""
    if not shutil.which("antiword"):
        return None
    try:
        return " ".join(_antiword(path).split())
    except ImportProblem:
        return None


def _kept_value(kept: str, before: str, shown: str, text: str) -> str | None:
    """The field's value in antiword's text: the word after the same line's words before the field,
    when those words lead to exactly one place there and in LibreOffice's text."""
    context = " ".join(before.split()[-4:])
    if not context or " ".join(text.split()).count(context) != 1:
        return None
    words = len(shown.split()) or 1  # "30", "30/11/2026" or "30 tháng 11": as many words as shown
    pattern = re.escape(context) + r"\s*" + r"\s+".join([r"(\S+)"] * words)
    found = [" ".join(m.groups()) for m in re.finditer(pattern, kept)]
    return found[0] if len(found) == 1 else None


def _antiword(path: Path) -> str:
    """The file's text as antiword prints it (table cells apart, without the bars)."""
    try:
        done = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                              timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as error:
        raise ImportProblem("antiword đọc tệp .doc quá lâu. Cách sửa: lưu tệp thành .docx rồi nhập lại.", path) from error
    if done.returncode != 0:
        raise ImportProblem("antiword không đọc được tệp .doc này. Cách sửa: mở tệp bằng Word, lưu thành .docx rồi "
                            "nhập lại.", path)
    return done.stdout.decode("utf-8", errors="replace").replace("|", " ")


def _with_antiword(path: Path) -> Extracted:
    extracted = Extracted(_antiword(path))
    extracted.converter = "antiword"
    extracted.warn(1, "Máy không có LibreOffice nên tệp .doc được đọc bằng antiword: mất bảng và số tự động; hãy đối chiếu.")
    return extracted
