"""The printable notice-board sheet (niêm yết) of a disclosure, with a QR code to its web page.

The QR code is drawn here as SVG from the qrcode package's module matrix: no image library, no
network, and the same bytes on every build.
"""

from __future__ import annotations

import jinja2
import qrcode
from markupsafe import Markup
from qrcode.constants import ERROR_CORRECT_M

MODULE_PX = 4  # on-screen size of one module; print CSS sets the printed size


def qr_matrix(text: str) -> list[list[bool]]:
    """Encode text as a QR code (error correction M, quiet zone of 4 modules)."""
    code = qrcode.QRCode(border=4, error_correction=ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


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
