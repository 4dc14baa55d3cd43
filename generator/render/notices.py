"""The printable notice-board sheet (niêm yết) of a disclosure, with a QR code to its web page.

The QR code is drawn here as SVG from the qrcode package's module matrix: no image library, no
network, and the same bytes on every build. The mask pattern is fixed (pattern 0, which the
standard allows for any symbol) instead of trying all eight and scoring each: about six times
faster, and a reader decodes it the same (tests/test_notices.py decodes the codes with zxing).
The matrix is qrcode's, computed by qr_encode.py about four times faster (the bits packed in one
integer, Reed-Solomon with log tables, the placement kept per version). Encoding is still the
costliest part of a notice on a first build, so the module matrix of every address is remembered: `known_codes()` / `remember_codes()` let the publish stage
keep them on disk between builds (generator/publish/qr_cache.py); an address is encoded once.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2
from markupsafe import Markup
from qrcode.constants import ERROR_CORRECT_M

from .qr_encode import qr_modules

MODULE_PX = 4  # on-screen size of one module; print CSS sets the printed size
MASK_PATTERN = 0
CACHED_CODES = 8192  # SVGs kept per process (a few KB each)
CODES_VERSION = f"qr1-M-mask{MASK_PATTERN}-border4"  # a change of how codes are drawn invalidates kept matrices
_MATRICES: dict[str, str] = {}  # address -> packed matrix: "<size>:<hex of the rows' bits>"


_BIT_CHARS = bytes.maketrans(b"\x00\x01", b"01")
_DARK_RUN = re.compile("1+")


def _pack(matrix: list[list[bool]]) -> str:
    bits = b"".join(bytes(row) for row in matrix).translate(_BIT_CHARS).decode("ascii")  # a bool is 0 or 1
    return f"{len(matrix)}:{int('1' + bits, 2):x}"


def _bits(packed: str) -> tuple[int, str]:
    """Return (size, the rows' bits one after another as "0"/"1") of a packed matrix."""
    size, digits = packed.split(":")
    return int(size), bin(int(digits, 16))[3:]


def _unpack(packed: str) -> list[list[bool]]:
    n, bits = _bits(packed)
    return [[bits[y * n + x] == "1" for x in range(n)] for y in range(n)]


def remember_codes(packed: dict[str, str]) -> None:
    """Take matrices kept from earlier builds (address -> packed matrix)."""
    _MATRICES.update(packed)


def known_codes() -> dict[str, str]:
    """Every matrix encoded or remembered in this process (address -> packed matrix)."""
    return dict(_MATRICES)


def qr_matrix(text: str) -> list[list[bool]]:
    """Encode text as a QR code (error correction M, quiet zone of 4 modules), or reuse its matrix."""
    return _unpack(_packed(text))


def _packed(text: str) -> str:
    packed = _MATRICES.get(text)
    if packed is None:
        packed = _MATRICES[text] = _pack(_encode(text))
    return packed


def _encode(text: str) -> list[list[bool]]:
    """qrcode's symbol for text (QRCode(border=4, error_correction=M, mask_pattern=0), add_data,
    make(fit=True)), encoded by qr_encode: the same matrix, about four times faster."""
    return qr_modules(text, ERROR_CORRECT_M, MASK_PATTERN)


@lru_cache(maxsize=CACHED_CODES)
def qr_svg(text: str) -> Markup:
    """Draw the QR code of text as one-line inline SVG: one path, a rectangle per run of dark modules."""
    size, bits = _bits(_packed(text))
    runs = []
    for y in range(size):
        row = y * size
        for run in _DARK_RUN.finditer(bits, row, row + size):
            width = run.end() - run.start()
            runs.append(f"M{run.start() - row} {y}h{width}v1h-{width}z")
    return Markup(_QR_SVG.render(size=size, px=size * MODULE_PX, label=f"Mã QR dẫn tới {text}", path="".join(runs)))


# A template, autoescaped like every page, so the address in the label is escaped by construction.
_QR_SVG = jinja2.Environment(autoescape=True).from_string(
    '<svg class="ck-qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ size }} {{ size }}" '
    'width="{{ px }}" height="{{ px }}" role="img" aria-label="{{ label }}" '
    'shape-rendering="crispEdges"><rect width="{{ size }}" height="{{ size }}" fill="#fff"/>'
    '<path fill="#000" d="{{ path }}"/></svg>'
)
