"""Recognise text typed in the legacy Vietnamese encodings (TCVN3, VNI) and the problem it causes."""

from __future__ import annotations

import re
import unicodedata
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
# A text with none of these characters matches neither pattern (most texts: checked first, cheaply).
_LEGACY_CHARS = frozenset(_TCVN3_MARKS) | frozenset("äåëïöüøûõñÑù")


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
    if _LEGACY_CHARS.isdisjoint(text):
        return None
    lines = text.split("\n")
    words = max(1, len(re.findall(r"\w+", text)))
    found = []
    for name, pattern in (("TCVN3 (ABC)", _TCVN3_RE), ("VNI", _VNI_RE)):
        hits = [number for number, line in enumerate(lines, 1) for _ in pattern.finditer(line)]
        if len(hits) >= 3 and len(hits) * 20 >= words:
            found.append((len(hits), name, hits[0]))
    return max(found)[1:] if found else None


# --- conversion to Unicode ----------------------------------------------------------------------
# The public TCVN 5712:1993 (VN3, "ABC") table: one byte per letter, read here as the Latin-1
# character a .VnTime font draws as that letter. Capitals with a tone mark have no code of their
# own: they are typed with the lowercase codes in the ".VnTimeH" (all-capitals) fonts.
_TCVN3_LETTERS = {
    "à": "µ", "ả": "¶", "ã": "·", "á": "¸", "ạ": "¹",
    "ă": "¨", "ằ": "»", "ẳ": "¼", "ẵ": "½", "ắ": "¾", "ặ": "Æ",
    "â": "©", "ầ": "Ç", "ẩ": "È", "ẫ": "É", "ấ": "Ê", "ậ": "Ë",
    "đ": "®",
    "è": "Ì", "ẻ": "Î", "ẽ": "Ï", "é": "Ð", "ẹ": "Ñ",
    "ê": "ª", "ề": "Ò", "ể": "Ó", "ễ": "Ô", "ế": "Õ", "ệ": "Ö",
    "ì": "×", "ỉ": "Ø", "ĩ": "Ü", "í": "Ý", "ị": "Þ",
    "ò": "ß", "ỏ": "á", "õ": "â", "ó": "ã", "ọ": "ä",
    "ô": "«", "ồ": "å", "ổ": "æ", "ỗ": "ç", "ố": "è", "ộ": "é",
    "ơ": "¬", "ờ": "ê", "ở": "ë", "ỡ": "ì", "ớ": "í", "ợ": "î",
    "ù": "ï", "ủ": "ñ", "ũ": "ò", "ú": "ó", "ụ": "ô",
    "ư": "\u00ad", "ừ": "õ", "ử": "ö", "ữ": "÷", "ứ": "ø", "ự": "ù",
    "ỳ": "ú", "ỷ": "û", "ỹ": "ü", "ý": "ý", "ỵ": "þ",
    "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§",
}
_FROM_TCVN3 = {code: letter for letter, code in _TCVN3_LETTERS.items()}

# VNI-Windows: a base letter followed by the mark(s) as a second character (cp1252 code points).
_VNI_TONES = {"": "", "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT_TONES = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE_TONES = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_letters() -> dict[str, str]:
    """Return every Vietnamese letter (lower and upper case) and its VNI-Windows spelling."""
    table: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for tone in _VNI_TONES:
        for base in "aeouy":
            table[unicodedata.normalize("NFC", base + tone)] = base + _VNI_TONES[tone]
        for base in "aeo":
            table[unicodedata.normalize("NFC", base + "\u0302" + tone)] = base + _VNI_HAT_TONES[tone]
        table[unicodedata.normalize("NFC", "a\u0306" + tone)] = "a" + _VNI_BREVE_TONES[tone]
        table[unicodedata.normalize("NFC", "o\u031b" + tone)] = "ô" + _VNI_TONES[tone]
        table[unicodedata.normalize("NFC", "u\u031b" + tone)] = "ö" + _VNI_TONES[tone]
        table[unicodedata.normalize("NFC", "i" + tone)] = _VNI_I[tone]
    table["ỵ"] = "î"
    for letter, code in list(table.items()):
        table[letter.upper()] = code.upper()
    return {letter: code for letter, code in table.items() if letter != code}


_VNI_LETTERS = _vni_letters()
_FROM_VNI = {code: letter for letter, code in _VNI_LETTERS.items()}
_VNI_DECODE_RE = re.compile("|".join(re.escape(code) for code in sorted(_FROM_VNI, key=len, reverse=True)))
_CAPITALS_WORD_RE = re.compile(r"\b(?=\w*[A-ZĂÂĐÊÔƠƯ]\w*[A-ZĂÂĐÊÔƠƯ])[A-ZĂÂĐÊÔƠƯ\w]*[^\W\d_a-z][\w]*\b|"
                               r"\b[^\W\d_a-zA-Z][A-ZĂÂĐÊÔƠƯ]+\b")
ENCODINGS = {"TCVN3 (ABC)": "TCVN3 (ABC)", "VNI": "VNI"}


def vietnamese_letters() -> list[str]:
    """Return the 134 Vietnamese letters with a diacritic (67 lowercase, 67 uppercase)."""
    bases = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y"]
    lower = {unicodedata.normalize("NFC", base + tone) for base in bases for tone in _VNI_TONES} - set("aeiouy")
    lower.add("đ")
    return sorted(lower | {letter.upper() for letter in lower})


def encode_legacy(text: str, encoding: str) -> str:
    """Write Unicode text as a legacy font shows it (for tests: the inverse of to_unicode)."""
    if encoding == "VNI":
        return "".join(_VNI_LETTERS.get(char, char) for char in text)
    out = []
    for char in text:
        lower = char.lower()
        out.append(_TCVN3_LETTERS.get(char) or _TCVN3_LETTERS.get(lower, char))
    return "".join(out)


def to_unicode(text: str, encoding: str, capitals: bool = False) -> str:
    """Convert text typed in TCVN3 (ABC) or VNI to Unicode (NFC); capitals for ".VnTimeH" fonts."""
    if encoding == "VNI":
        converted = _VNI_DECODE_RE.sub(lambda match: _FROM_VNI[match.group(0)], text)
    else:
        converted = "".join(_FROM_TCVN3.get(char, char) for char in text)
        # Plain TCVN3 text has no capitals with a tone mark (they need the ".VnTimeH" font): a word
        # otherwise in capitals ("QUYếT", "ủY") is a capitals word.
        converted = _CAPITALS_WORD_RE.sub(lambda match: match.group(0).upper(), converted)
        converted = "\n".join(line.upper() if re.search("[A-Z]", line) and not re.search("[a-z]", line) else line
                               for line in converted.split("\n"))
    return converted.upper() if capitals else converted


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """Return the legacy encoding a Word font name implies (".VnTime" → TCVN3, "VNI-Times" → VNI)."""
    name = (font or "").strip()
    if name.startswith(".Vn"):
        return "TCVN3 (ABC)", name.rstrip().endswith("H")
    if name.upper().startswith("VNI"):
        return "VNI", False
    return None


def convert_legacy(text: str) -> tuple[str, str | None, int | None]:
    """Convert text typed in TCVN3 or VNI to Unicode; return it, the encoding found and a line."""
    found = legacy_encoding(text)
    if not found:
        return text, None, None
    name, line = found
    return to_unicode(text, name), name, line


def legacy_warning(name: str) -> str:
    """Return the warning shown after a legacy text was converted."""
    return (f"Văn bản được gõ bằng bảng mã cũ {name}; đã chuyển sang Unicode. Hãy đối chiếu với bản gốc, "
            "nhất là chữ in hoa có dấu.")
