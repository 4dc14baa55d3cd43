"""The printable notice-board sheet (niêm yết) of a disclosure, with a QR code to its web page.

The QR code is drawn here as SVG from the qrcode package's module matrix: no image library, no
network, and the same bytes on every build. The mask pattern is fixed (pattern 0, which the
standard allows for any symbol) instead of trying all eight and scoring each: about six times
faster, and a reader decodes it the same (tests/test_notices.py decodes the codes with zxing).
Encoding is still the costliest part of rendering (Reed-Solomon in pure Python), so the module
matrix of every address is remembered: `known_codes()` / `remember_codes()` let the publish stage
keep them on disk between builds (generator/publish/qr_cache.py); an address is encoded once.
A kept matrix is drawn straight from its packed bits (`_path`): its runs of dark modules are found by
a regular expression over the bit string, never row by row in Python.
"""

from __future__ import annotations

import re
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
_DARK = re.compile("1+")
_AT_X = [f"M{x} " for x in range(200)]  # pieces of "M{x} {y}h{run}v1h-{run}z" (version 40 is 177 wide)
_RUN = [f"{run}v1h-{run}z" for run in range(200)]


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


def _packed(text: str) -> str:
    """The packed matrix of text's QR code (error correction M, quiet zone of 4 modules): the one
    encoded or remembered already, else encoded now."""
    packed = _MATRICES.get(text)
    if packed is None:
        packed = _MATRICES[text] = _pack(_encode(text))
    return packed


def _encode(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=4, error_correction=ERROR_CORRECT_M, mask_pattern=MASK_PATTERN)
    code.add_data(text)
    # Not fit=True: that finds the smallest version twice (once to read `version`, once to refit
    # from it), a quarter of each code's encoding; the one fit made for `version` is the same one.
    code.make(fit=False)
    return code.get_matrix()


@lru_cache(maxsize=CACHED_CODES)
def qr_svg(text: str) -> Markup:
    """Draw the QR code of text as one-line inline SVG: one path, a rectangle per run of dark modules."""
    size, path = _path(_packed(text))
    return Markup(_QR_SVG.render(size=size, px=size * MODULE_PX, label=f"Mã QR dẫn tới {text}", path=path))


def _path(packed: str) -> tuple[int, str]:
    """The SVG path of a packed matrix, row by row, left to right: "M{x} {y}h{run}v1h-{run}z" for each
    run of dark modules. Every kept matrix has its quiet zone (CODES_VERSION), light on both sides
    of each row, so a run of "1" in the bits never spans two rows."""
    size, digits = packed.split(":")
    n = int(size)
    bits = bin(int(digits, 16))[3:]
    at_y = [f"{y}h" for y in range(n)]
    pieces: list[str] = []
    add = pieces.extend
    for match in _DARK.finditer(bits):
        start, end = match.span()
        y, x = divmod(start, n)
        add((_AT_X[x], at_y[y], _RUN[end - start]))
    return n, "".join(pieces)


# A template, autoescaped like every page, so the address in the label is escaped by construction.
_QR_SVG = jinja2.Environment(autoescape=True).from_string(
    '<svg class="ck-qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ size }} {{ size }}" '
    'width="{{ px }}" height="{{ px }}" role="img" aria-label="{{ label }}" '
    'shape-rendering="crispEdges"><rect width="{{ size }}" height="{{ size }}" fill="#fff"/>'
    '<path fill="#000" d="{{ path }}"/></svg>'
)
