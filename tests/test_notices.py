"""Notice-board sheets (niêm yết): each disclosure has one, linked from its page, whose QR code
decodes to the disclosure's absolute URL."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from generator import paths
from generator.publish.build import generate
from generator.render.notices import qr_svg

TODAY = dt.date(2026, 11, 22)
BASE = "https://mauthu.example.invalid/cong"


def raster(svg: str, scale: int = 8) -> Image.Image:
    """Draw the QR SVG written by notices.qr_svg into a black-and-white image."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    image = Image.new("L", (size * scale, size * scale), 255)
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", svg):
        x, y, run = int(x), int(y), int(run)
        image.paste(0, (x * scale, y * scale, (x + run) * scale, (y + 1) * scale))
    return image


def decode(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1 and results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


@pytest.mark.parametrize("url", ["https://x.vn/", f"{BASE}/cong-khai/du-toan-2026/", "https://phuong.gov.vn/cong-khai/" + "a" * 300 + "/"])
def test_qr_svg_decodes_to_its_text(url: str) -> None:
    assert decode(raster(qr_svg(url))) == url


def test_qr_svg_is_deterministic() -> None:
    assert qr_svg(BASE) == qr_svg(BASE)


def test_every_disclosure_has_a_notice_whose_qr_opens_its_page(ward: Path) -> None:
    generated = generate(ward, TODAY)
    texts = generated.texts
    assert generated.portal.disclosures
    for item_id in generated.portal.disclosures:
        notice = texts[paths.notice_page(item_id)]
        expected = f"{BASE}/cong-khai/{item_id}/"
        assert decode(raster(re.search(r"<svg .*?</svg>", notice).group(0))) == expected
        assert f'<a href="{expected}">{expected}</a>' in notice
        page = texts[paths.disclosure_page(item_id)]
        assert '<a href="niem-yet/">In bản niêm yết</a>' in page


def test_notice_shows_number_dates_posting_period_and_summary(ward: Path) -> None:
    notice = generate(ward, TODAY).texts[paths.notice_page("du-toan-2026")]
    assert "# Công khai dự toán ngân sách xã năm 2026" in notice
    assert "<dt>Số, ký hiệu</dt> <dd>03/NQ-HĐND</dd>" in notice
    assert "Từ ngày 08 tháng 01 năm 2026 đến ngày 09 tháng 02 năm 2026" in notice
    assert "Dự toán thu 12.500 triệu đồng, chi 12.500 triệu đồng." in notice


def test_notice_shows_the_loudspeaker_broadcast_of_an_item_7_to_12(ward: Path) -> None:
    texts = generate(ward, TODAY).texts
    assert ("<dt>Thông báo trên hệ thống loa</dt> <dd>Từ ngày 24 tháng 12 năm 2025 đến ngày 26 tháng 12 năm 2025</dd>"
            in texts[paths.notice_page("phi-cho")])
    assert "Thông báo trên hệ thống loa</dt>" not in texts[paths.notice_page("du-toan-2026")]


def test_each_code_is_fitted_once_and_is_the_fitted_code(monkeypatch) -> None:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    from generator.render import notices

    fits = []
    original = qrcode.QRCode.best_fit
    monkeypatch.setattr(qrcode.QRCode, "best_fit", lambda self, start=None: fits.append(start) or original(self, start))
    for length in (10, 120, 400, 1200):  # versions from small to large, each mode-size class of QR
        url = "https://phuong.gov.vn/" + "a" * length
        code = qrcode.QRCode(border=4, error_correction=ERROR_CORRECT_M, mask_pattern=notices.MASK_PATTERN)
        code.add_data(url)
        fits.clear()
        code.best_fit()
        one_fit = list(fits)  # a fit calls itself again where the version's size of the length differs
        fits.clear()
        matrix = notices._encode(url)
        assert fits == one_fit  # fit=True found the same version twice: a quarter of the encoding
        code = qrcode.QRCode(border=4, error_correction=ERROR_CORRECT_M, mask_pattern=notices.MASK_PATTERN)
        code.add_data(url)
        code.make(fit=True)
        assert matrix == code.get_matrix()
