"""Notice-board sheets (niêm yết): each disclosure has one, linked from its page, whose QR code
decodes to the disclosure's absolute URL."""

from __future__ import annotations

import datetime as dt
import random
import re
import string
from pathlib import Path

import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M

from generator import paths
from generator.publish.build import generate
from generator.render.notices import qr_svg
from generator.render.qr_encode import qr_modules

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
    assert "<dt>Số, ký hiệu</dt><dd>03/NQ-HĐND</dd>" in notice
    assert "Từ ngày 08 tháng 01 năm 2026 đến ngày 09 tháng 02 năm 2026" in notice
    assert "Dự toán thu 12.500 triệu đồng, chi 12.500 triệu đồng." in notice


def test_notice_shows_the_loudspeaker_broadcast_of_an_item_7_to_12(ward: Path) -> None:
    texts = generate(ward, TODAY).texts
    assert ("<dt>Thông báo trên hệ thống loa</dt><dd>Từ ngày 24 tháng 12 năm 2025 đến ngày 26 tháng 12 năm 2025</dd>"
            in texts[paths.notice_page("phi-cho")])
    assert "Thông báo trên hệ thống loa</dt>" not in texts[paths.notice_page("du-toan-2026")]


def _qrcode_matrix(text: str, error_correction: int, mask_pattern: int):
    """The qrcode package's own symbol, as notices encoded it before qr_encode (or its exception)."""
    code = qrcode.QRCode(border=4, error_correction=error_correction, mask_pattern=mask_pattern)
    code.add_data(text)
    try:
        code.make(fit=True)
    except Exception as error:  # noqa: BLE001 - the same failure is expected from qr_encode
        return type(error)
    return code.get_matrix()


def _qr_texts() -> list[str]:
    rng = random.Random(17)
    letters = string.ascii_letters + string.digits + "-_/.:?=&%#~ ăâđêôơưÀÁẠảỹ"
    texts = [f"{BASE}/cong-khai/ck-{i:05d}/" for i in range(0, 3000, 50)]
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 300))) for _ in range(50)]
    texts += ["".join(rng.choice(string.digits) for _ in range(rng.randint(1, 800))) for _ in range(15)]  # numeric segments
    texts += ["".join(rng.choice(string.digits + string.ascii_uppercase + " $%*+-./:") for _ in range(rng.randint(1, 700)))
              for _ in range(15)]  # alphanumeric segments
    texts += [f"HTTPS://PHUONG.GOV.VN/{'1' * 25}/{'AB' * 15}/ck-{i}" for i in range(10)]  # mixed segments
    texts += ["x" * n for n in range(0, 2400, 97)]  # every version range, up to too long for any version
    return texts + ["", "\x00" * 40, "mailto:gopy@example.invalid"]


@pytest.mark.parametrize("error_correction, mask_pattern", [(ERROR_CORRECT_M, 0), (ERROR_CORRECT_L, 3), (ERROR_CORRECT_H, 6)])
def test_qr_encode_gives_qrcode_packages_matrices(error_correction: int, mask_pattern: int) -> None:
    """qr_encode packs the bits and divides the polynomial faster than qrcode; the symbols must be
    qrcode's, module for module (the matrices kept in .congkhai-cache/ stay valid), and a text too
    long for any version must fail as it did."""
    texts = _qr_texts()
    versions = set()
    for text in texts:
        expected = _qrcode_matrix(text, error_correction, mask_pattern)
        if isinstance(expected, type):
            with pytest.raises(expected):
                qr_modules(text, error_correction, mask_pattern)
            continue
        assert qr_modules(text, error_correction, mask_pattern) == expected, text
        versions.add((len(expected) - 8 - 17) // 4)
    assert min(versions) == 1 and max(versions) >= 30 and {7, 10, 27} <= set(range(min(versions), max(versions) + 1))
    assert len(versions) >= 20


def test_qr_svg_draws_each_run_of_dark_modules() -> None:
    """The SVG path: one rectangle per horizontal run of dark modules of the matrix, row by row."""
    for text in [f"{BASE}/cong-khai/du-toan-2026/", "https://x.vn/", "mailto:gopy@example.invalid"]:
        matrix = _qrcode_matrix(text, ERROR_CORRECT_M, 0)
        runs = []
        for y, row in enumerate(matrix):
            x = 0
            while x < len(row):
                if row[x]:
                    start = x
                    while x < len(row) and row[x]:
                        x += 1
                    runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
                else:
                    x += 1
        assert f'<path fill="#000" d="{"".join(runs)}"/>' in qr_svg(text)
        assert f'viewBox="0 0 {len(matrix)} {len(matrix)}"' in qr_svg(text)
