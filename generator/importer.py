"""Read Word and text files of Vietnamese legal documents and write them out as YAML data."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from .legaltext import ParsedDocument

DATE_KEYS = ("adopted_on", "effective_on", "expires_on")

# Characters that only appear when TCVN3 (ABC) text is shown as Unicode: µ=à, ¸=á, ¶=ả, ·=ã, ¹=ạ,
# ¨=ă, ©=â, ®=đ, ª=ê, «=ô, ¬=ơ, ­=ư, and the tone marks that are not Vietnamese letters.
_TCVN3_ONLY = set("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßäå«æçè¬ëîïñ\xadöøû÷þ¡¢£¤¥¦§")
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_MARKS = _TCVN3_ONLY - _VIETNAMESE_LATIN1
# VNI writes the tone as a second character after the vowel: "Vieät", "hoøa", "ñeán".
_VNI_RE = re.compile(r"[aeiouyAEIOUY][äåëïöüøûõ]|[ñÑ][aeiouAEIOU]|[aeiou][øù][a-z]")
_TCVN3_RE = re.compile("[A-Za-z]{}|{}[A-Za-z]".format(*(["[" + re.escape("".join(sorted(_TCVN3_MARKS))) + "]"] * 2)))


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
    for name, pattern in (("TCVN3 (ABC)", _TCVN3_RE), ("VNI", _VNI_RE)):
        hits = [number for number, line in enumerate(lines, 1) for _ in pattern.finditer(line)]
        words = max(1, len(re.findall(r"\w+", text)))
        if len(hits) >= 3 and len(hits) * 20 >= words:
            return name, hits[0]
    return None


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


def read_source(path: Path) -> str:
    """Read a .txt, .md or .docx source as Unicode text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .wordfile import read_docx  # noqa: PLC0415 - only needed for Word files

        return read_docx(path)
    if suffix not in (".txt", ".md", ".markdown", ".text"):
        raise ImportProblem(
            f"chưa đọc được tệp dạng “{suffix or 'không đuôi'}”. Cách sửa: với tệp Word cũ (.doc) hãy mở bằng "
            "Word và lưu thành .docx; với PDF hãy chép nội dung ra tệp .txt (mã UTF-8).",
            path,
        )
    return _decode(path.read_bytes(), path)


def _decode(raw: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse everything else."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    guessed = legacy_problem(raw.decode("cp1252", errors="replace"))
    if guessed:
        raise guessed.located(path)
    raise ImportProblem(
        "tệp không được lưu bằng mã UTF-8 (có thể là Windows-1258 hoặc mã Latin cũ), nên không đọc được "
        "chữ tiếng Việt. Cách sửa: mở tệp bằng Notepad hoặc Word, chọn “Lưu thành” (Save As), chọn mã "
        "hóa UTF-8 rồi nhập lại.",
        path,
        line,
    )


def import_file(path: Path) -> list[ParsedDocument]:
    """Read one source file and parse the document(s) in it."""
    from .legaltext import parse_document  # noqa: PLC0415 - legaltext imports this module

    text = read_source(Path(path))
    try:
        return parse_document(text)
    except ImportProblem as problem:
        raise problem.located(path) from None


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with long text folded and dates unquoted."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if len(value) > 80 and "\n" not in value and value == value.strip() and "  " not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(docs: list[ParsedDocument]) -> str:
    """Write parsed documents as readable YAML, one YAML document each."""
    texts = []
    for doc in docs:
        data = {key: _as_date(key, value) for key, value in doc.data.items()}
        data["illustrative"] = False
        texts.append(
            yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
        )
    return "---\n".join(texts)


def _as_date(key: str, value: object) -> object:
    if key in DATE_KEYS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value
