"""The printable notice-board sheet (niêm yết) of a disclosure, with a QR code to its web page.

The QR code is drawn here as SVG from the qrcode package's module matrix: no image library, no
network, and the same bytes on every build. The mask pattern is fixed (pattern 0, which the
standard allows for any symbol) instead of trying all eight and scoring each: about six times
faster, and a reader decodes it the same (tests/test_notices.py decodes the codes with zxing).
Encoding is still the costliest part of rendering (Reed-Solomon in pure Python), so the module
matrix of every address is remembered: `known_codes()` / `remember_codes()` let the publish stage
keep them on disk between builds (generator/publish/qr_cache.py); an address is encoded once.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
import qrcode
from markupsafe import Markup
from qrcode.constants import ERROR_CORRECT_M

MODULE_PX = 4  # on-screen size of one module; print CSS sets the printed size
MASK_PATTERN = 0
CACHED_CODES = 8192  # SVGs kept per process (a few KB each)
CODES_VERSION = f"qr1-M-mask{MASK_PATTERN}-border4"  # a change of how codes are drawn invalidates kept matrices
_MATRICES: dict[str, str] = {}  # address -> packed matrix: "<size>:<hex of the rows' bits>"


def _pack(matrix: list[list[bool]]) -> str:
    bits = "".join("1" if cell else "0" for row in matrix for cell in row)
    return f"{len(matrix)}:{int('1' + bits, 2):x}"


def _unpack(packed: str) -> list[list[bool]]:
    size, digits = packed.split(":")
    n = int(size)
    bits = bin(int(digits, 16))[3:]
    return [[bits[y * n + x] == "1" for x in range(n)] for y in range(n)]


def remember_codes(packed: dict[str, str]) -> None:
    """Take matrices kept from earlier builds (address -> packed matrix)."""
    _MATRICES.update(packed)


def known_codes() -> dict[str, str]:
    """Every matrix encoded or remembered in this process (address -> packed matrix)."""
    return dict(_MATRICES)


def qr_matrix(text: str) -> list[list[bool]]:
    """Encode text as a QR code (error correction M, quiet zone of 4 modules), or reuse its matrix."""
    packed = _MATRICES.get(text)
    if packed is not None:
        return _unpack(packed)
    matrix = _encode(text)
    _MATRICES[text] = _pack(matrix)
    return matrix


def _encode(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=4, error_correction=ERROR_CORRECT_M, mask_pattern=MASK_PATTERN)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


@lru_cache(maxsize=CACHED_CODES)
def qr_svg(text: str) -> Markup:
    """Draw the QR code of text as one-line inline SVG: one path, a rectangle per run of dark modules."""
    matrix = qr_matrix(text)
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return Markup(_QR_SVG.render(size=size, px=size * MODULE_PX, label=f"Mã QR dẫn tới {text}", path="".join(runs)))


# A template, autoescaped like every page, so the address in the label is escaped by construction.
_QR_SVG = jinja2.Environment(autoescape=True).from_string(
    '<svg class="ck-qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ size }} {{ size }}" '
    'width="{{ px }}" height="{{ px }}" role="img" aria-label="{{ label }}" '
    'shape-rendering="crispEdges"><rect width="{{ size }}" height="{{ size }}" fill="#fff"/>'
    '<path fill="#000" d="{{ path }}"/></svg>'
)
