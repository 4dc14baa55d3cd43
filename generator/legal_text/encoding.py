"""Recognise text typed in the legacy Vietnamese encodings (TCVN3, VNI) and the problem it causes."""

from __future__ import annotations

import re
from pathlib import Path

# Characters that only appear when TCVN3 (ABC) text is shown as Unicode: µ=à, ¸=á, ¶=ả, ·=ã, ¹=ạ,
# ¨=ă, ©=â, ®=đ, ª=ê, «=ô, ¬=ơ, ­=ư, and the tone marks that are not Vietnamese letters.
_TCVN3_ONLY = set("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßäå«æçè¬ëîïñ\xadöøû÷þ¡¢£¤¥¦§")
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VNI_CHARS = set("äåëïöüøûõñÑÖØÄÅËÏÜÛ")
_TCVN3_MARKS = "".join(sorted(_TCVN3_ONLY - _VIETNAMESE_LATIN1 - _VNI_CHARS))
# VNI writes the tone as a second character after the vowel: "Vieät", "hoøa", "ñeán".
_VNI_RE = re.compile(r"[aeiouyAEIOUY][äåëïöüøûõ]|[ñÑ][aeiouAEIOU]|[aeiou][øù][a-z]")
_TCVN3_RE = re.compile(f"[A-Za-z][{re.escape(_TCVN3_MARKS)}]|[{re.escape(_TCVN3_MARKS)}][A-Za-z]")


class ImportProblem(Exception):
    """A source file that cannot be imported; the message is Vietnamese and says what to do."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message, self.path, self.line = message, path, line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = [str(self.path)] if self.path else []
        if self.line:
            where.append(f"dòng {self.line}")
        return (", ".join(where) + ": " if where else "") + self.message

    def located(self, path: Path | str) -> ImportProblem:
        """Return the same problem naming the file it came from."""
        return ImportProblem(self.message, path, self.line)


def legacy_encoding(text: str) -> tuple[str, int] | None:
    """Return the legacy Vietnamese encoding (TCVN3 or VNI) the text seems typed in, and a line."""
    lines = text.split("\n")
    words = max(1, len(re.findall(r"\w+", text)))
    found = []
    for name, pattern in (("TCVN3 (ABC)", _TCVN3_RE), ("VNI", _VNI_RE)):
        hits = [number for number, line in enumerate(lines, 1) for _ in pattern.finditer(line)]
        if len(hits) >= 3 and len(hits) * 20 >= words:
            found.append((len(hits), name, hits[0]))
    return max(found)[1:] if found else None


def legacy_problem(text: str) -> ImportProblem | None:
    """Return the refusal for text typed in TCVN3 or VNI, or None for Unicode text."""
    found = legacy_encoding(text)
    if not found:
        return None
    name, line = found
    return ImportProblem(
        f"văn bản được gõ bằng bảng mã cũ {name}, không phải Unicode, nên chữ tiếng Việt bị sai. "
        f"Cách sửa: mở Unikey, chọn “Công cụ chuyển mã” (Ctrl+Shift+F6), chọn bảng mã nguồn {name} "
        "và bảng mã đích Unicode, chuyển mã văn bản rồi lưu lại dạng UTF-8 và nhập lại.",
        line=line,
    )
