"""The one detector for private persons' numbers: Vietnamese ID numbers and phone numbers.

Law 10/2022 and Decree 13/2023 forbid publishing personal data; a clerk pasting a list of
beneficiaries or a complaint easily publishes a citizen's căn cước or phone number. Every text field
that reaches the public goes through `find_private_numbers` (docs/threat-model.md says what counts).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that do not show but split a number so a naive check misses it.
INVISIBLE = dict.fromkeys(c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf")
INVISIBLE.update(dict.fromkeys((0x00A0, 0x202F, 0x2007, 0x2009, 0x200A), " "))  # no-break and thin spaces read as spaces
_INVISIBLE_CHARS = frozenset(map(chr, INVISIBLE))

# Digits in groups joined by one separator: "0912.345.678", "0912 345 678", "001-203-004-567".
_RUN = re.compile(r"(?<![\d.,/\-])(\+\s?84|\(\+?84\))?[\s.\-]?(\d+(?:[ .\-]\d+)*)(?![\d/])")
# Money and quantities written the Vietnamese way, with dots every three digits (125.000.000).
_AMOUNT = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class PrivateNumber:
    """A number in a text that looks like a private person's ID or phone number."""

    kind: str  # "id" or "phone"
    text: str  # as written in the field
    digits: str  # the digits alone, for allow-lists

    @property
    def label(self) -> str:
        """Name the kind of number in Vietnamese."""
        return "số điện thoại" if self.kind == "phone" else "số căn cước (hoặc CMND)"


def visible(text: str) -> str:
    """Return the text without invisible characters, odd spaces as plain ones (most texts have none:
    checked first, as translating with a table this large is slow)."""
    return text if _INVISIBLE_CHARS.isdisjoint(text) else text.translate(INVISIBLE)


def digits_of(text: str) -> str:
    """Return the digits of a number written with any spacing, +84 turned into a leading 0."""
    plain = visible(text)
    digits = re.sub(r"\D", "", plain)
    if re.match(r"^\s*\(?\+\s?84", plain) and not digits.startswith("840"):
        digits = "0" + digits[2:]
    return digits


def find_private_numbers(text: str, allowed: frozenset[str] = frozenset()) -> list[PrivateNumber]:
    """Find every number in a text that looks like a private ID or phone number.

    `allowed` holds digit strings (see `digits_of`) the unit has declared public: its own phone
    numbers, a hotline, a number written on purpose in a record's `public_numbers`."""
    if not _DIGIT.search(text):
        return []  # most texts: no digit (and `visible` adds none), so no run to look at
    plain = visible(text)
    found = []
    for match in _RUN.finditer(plain):
        prefix, body = match.group(1), match.group(2)
        written = match.group(0).strip(" .-")
        digits = re.sub(r"\D", "", body)
        if prefix:
            digits = "0" + digits.lstrip("0") if len(digits) in (9, 10) else digits
        kind = _classify(digits, body, bool(prefix))
        if kind and digits not in allowed:
            found.append(PrivateNumber(kind, written, digits))
    return found


def _classify(digits: str, body: str, international: bool) -> str | None:
    """Tell a phone or ID number from an amount, a year or a document number."""
    if _AMOUNT.fullmatch(body):
        return None  # 125.000.000 đồng is money, not a CMND
    if digits.startswith("84") and len(digits) in (11, 12) and not international:
        digits = "0" + digits[2:]
    if len(digits) == 10 and digits.startswith(_MOBILE_PREFIXES):
        return "phone"
    if len(digits) == 11 and digits.startswith(("02", "01")):
        return "phone"  # landline 02xx xxxx xxx, or an old 11-digit mobile
    if international and len(digits) in (10, 11):
        return "phone"
    if len(digits) in (9, 12):
        return "id"
    return None
