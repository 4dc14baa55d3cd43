"""The link-preview card (Open Graph image): a PNG with the unit's name, drawn at build time (pure).

The font is Roboto from the font-roboto package (it has every Vietnamese letter); nothing is
fetched. The same site data gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..data.portal import Portal
from .labels import UNIT_TYPES

WIDTH, HEIGHT = 1200, 630
RED, WHITE, GOLD = (183, 28, 28), (255, 255, 255), (255, 213, 79)


def _font(weight: str, size: int):
    import font_roboto
    from PIL import ImageFont

    return ImageFont.truetype(str(Path(font_roboto.font_directory) / f"Roboto-{weight}.ttf"), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and draw.textlength(trial, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + ([current] if current else [])


def card_png(portal: Portal) -> bytes:
    """Draw the default preview card: the unit's name on the portal's red, with the province."""
    from PIL import Image, ImageDraw

    site = portal.site
    image = Image.new("RGB", (WIDTH, HEIGHT), RED)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=GOLD)
    small, big = _font("Medium", 40), _font("Bold", 96)
    draw.text((80, 90), "CỔNG CÔNG KHAI THÔNG TIN", font=small, fill=GOLD)
    y = 170
    for line in _wrap(draw, f"{UNIT_TYPES[site.unit_type].capitalize()} {site.name}", big, WIDTH - 160)[:3]:
        draw.text((80, y), line, font=big, fill=WHITE)
        y += 116
    draw.text((80, y + 20), site.province, font=small, fill=WHITE)
    draw.text((80, HEIGHT - 110), "Luật Thực hiện dân chủ ở cơ sở — Luật số 10/2022/QH15", font=_font("Regular", 30), fill=WHITE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
