"""Source files made in the tests, laid out like real official documents: PDFs printed by headless
Chromium (two-column header, page numbers, running footer, signature stamp), scans of them, and Word
files built with python-docx plus raw WordprocessingML (list numbering, tracked changes, text boxes)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

ISSUER = ("ỦY BAN NHÂN DÂN", "PHƯỜNG BÁCH QUANG")
NUMBER = "35/QĐ-UBND"
DATE_LINE = "Bách Quang, ngày 12 tháng 3 năm 2025"
TITLE = "Về việc ban hành quy chế tiếp công dân của Ủy ban nhân dân phường Bách Quang"
BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;",
    "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường.",
]
# (article title, [(clause text, [point texts])]); long sentences so that lines wrap and the text runs
# onto a second page.
ARTICLES = [
    ("Phạm vi điều chỉnh", [
        ("Quy chế này quy định việc tiếp công dân tại trụ sở Ủy ban nhân dân phường Bách Quang, trách nhiệm của "
         "người tiếp công dân và quyền, nghĩa vụ của người đến khiếu nại, tố cáo, kiến nghị, phản ánh.", []),
        ("Quy chế không áp dụng đối với việc tiếp khách ngoại giao và việc tiếp đón các đoàn công tác.", []),
    ]),
    ("Lịch tiếp công dân", [
        ("Chủ tịch Ủy ban nhân dân phường tiếp công dân định kỳ vào ngày thứ Năm của tuần đầu tiên hằng tháng "
         "tại phòng tiếp công dân; khi có việc đột xuất thì ủy quyền cho một Phó Chủ tịch tiếp thay.", []),
        ("Công chức được giao nhiệm vụ tiếp công dân thường xuyên vào các ngày làm việc trong tuần theo giờ hành "
         "chính, trừ ngày nghỉ lễ, Tết theo quy định của pháp luật về lao động.", []),
        ("Người tiếp công dân có trách nhiệm:", [
            "Bố trí cán bộ có năng lực, kinh nghiệm và am hiểu pháp luật để tiếp công dân, giải thích và hướng "
            "dẫn người dân thực hiện đúng quy định của pháp luật về khiếu nại, tố cáo;",
            "Ghi chép đầy đủ, trung thực nội dung vào sổ tiếp công dân và cập nhật vào cơ sở dữ liệu quốc gia;",
            "Giữ bí mật họ tên, địa chỉ, bút tích của người tố cáo theo quy định của pháp luật;",
            "Từ chối tiếp người say rượu, người đang bị truy nã hoặc người vi phạm nội quy nơi tiếp công dân;",
            "Báo cáo Chủ tịch Ủy ban nhân dân phường kết quả tiếp công dân hằng tháng, quý và năm.",
        ]),
    ]),
    ("Quyền và nghĩa vụ của người đến khiếu nại, tố cáo", [
        ("Người đến khiếu nại, tố cáo được trình bày nội dung, được hướng dẫn, giải thích và được nhận văn bản "
         "trả lời theo quy định của pháp luật.", []),
        ("Người đến khiếu nại, tố cáo phải xuất trình giấy tờ tùy thân, trình bày trung thực sự việc và chấp "
         "hành nội quy nơi tiếp công dân.", []),
    ]),
    ("Hiệu lực và trách nhiệm thi hành", [
        ("Quyết định này có hiệu lực kể từ ngày 15 tháng 3 năm 2025.", []),
        ("Chánh Văn phòng, Trưởng Công an phường và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
         "Quyết định này./.", []),
    ]),
]
RECIPIENTS = ["Như Điều 4;", "Thường trực Đảng ủy phường;", "Lưu: VT."]
SIGNER = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An")
STAMP = ["Ký bởi: Ủy ban nhân dân phường Bách Quang", "Email: ubnd@bachquang.gov.vn",
         "Cơ quan: Tỉnh Thái Nguyên", "Thời gian ký: 12.03.2025 16:05:11 +07:00"]
POINTS = "abcdđ"


def operative_lines() -> list[str]:
    """The operative text as printed, from the formula to the last article, in order."""
    lines = ["QUYẾT ĐỊNH:"]
    for number, (title, clauses) in enumerate(ARTICLES, 1):
        lines.append(f"Điều {number}. {title}")
        for index, (text, points) in enumerate(clauses, 1):
            lines.append(f"{index}. {text}")
            lines += [f"{POINTS[i]}) {point}" for i, point in enumerate(points)]
    return lines


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def coverage(expected: list[str], got: list[str]) -> float:
    """Share of the expected words found in the output in the same order (a longest common subsequence)."""
    if not expected:
        return 1.0
    previous = [0] * (len(got) + 1)
    for word in expected:
        current = [0]
        for index, other in enumerate(got):
            current.append(previous[index] + 1 if word == other else max(previous[index + 1], current[index]))
        previous = current
    return previous[-1] / len(expected)


def decision_html(stamp: bool = True) -> str:
    """An official decision laid out as Decree 30/2020 shows it."""
    esc = html.escape
    body = [f"<p>{esc(line)}</p>" for line in BASES]
    body.append('<p class="c">QUYẾT ĐỊNH:</p>')
    for number, (title, clauses) in enumerate(ARTICLES, 1):
        body.append(f"<p><b>Điều {number}. {esc(title)}</b></p>")
        for index, (text, points) in enumerate(clauses, 1):
            body.append(f"<p>{index}. {esc(text)}</p>")
            body += [f"<p>{POINTS[i]}) {esc(point)}</p>" for i, point in enumerate(points)]
    stamp_html = ('<div class="stamp">' + "<br>".join(map(esc, STAMP)) + "</div>") if stamp else ""
    recipients = "<br>".join("- " + esc(item) for item in RECIPIENTS)
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
body {{ font-family: "DejaVu Serif", serif; font-size: 13pt; line-height: 1.4; margin: 0; position: relative; }}
table {{ width: 100%; border-collapse: collapse; }} td {{ vertical-align: top; text-align: center; padding: 0; }}
p {{ text-align: justify; margin: 5pt 0; text-indent: 1cm; }}
.c {{ text-align: center; text-indent: 0; font-weight: bold; }}
.stamp {{ position: absolute; top: 0; right: 0; color: #b00; font-size: 8pt; line-height: 1.2; }}
</style></head><body>{stamp_html}
<table><tr><td style="width:42%"><b>{ISSUER[0]}<br>{ISSUER[1]}</b><br>Số: {NUMBER}</td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b><br><i>{DATE_LINE}</i></td></tr></table>
<p class="c" style="margin-top:18pt">QUYẾT ĐỊNH</p><p class="c">{esc(TITLE)}</p>
<p class="c" style="margin-bottom:12pt">CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BÁCH QUANG</p>
{''.join(body)}
<table style="margin-top:12pt"><tr><td style="width:50%;text-align:left;font-size:11pt"><b><i>Nơi nhận:</i></b><br>{recipients}</td>
<td><b>{SIGNER[0]}<br>{SIGNER[1]}</b><br><br><br><br><b>{SIGNER[2]}</b></td></tr></table>
</body></html>"""


_PRINT = """
import sys
from playwright.sync_api import sync_playwright
source, target = sys.argv[1], sys.argv[2]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
    page = browser.new_page()
    page.set_content(open(source, encoding="utf-8").read())
    page.pdf(path=target, format="A4", display_header_footer=True,
             margin={"top": "22mm", "bottom": "20mm", "left": "30mm", "right": "18mm"},
             header_template='<div style="width:100%;text-align:center;font-size:11pt"><span class="pageNumber"></span></div>',
             footer_template='<div style="width:100%;text-align:right;font-size:8pt;padding-right:18mm">'
                             'Quyết định số 35/QĐ-UBND - Trang <span class="pageNumber"></span>/<span class="totalPages"></span></div>')
    browser.close()
"""


def print_pdf(html_text: str, target: Path) -> Path:
    """Print HTML to an A4 PDF with headless Chromium (Playwright's page.pdf, in its own process so that
    it never meets another test's Playwright loop): page number at the top, a running footer."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (run `make chromium` as root)")
    source = target.with_suffix(".html")
    source.write_text(html_text, encoding="utf-8")
    subprocess.run([sys.executable, "-c", _PRINT, str(source), str(target)], check=True, capture_output=True, timeout=180)
    return target


def need(*programs: str) -> None:
    """Skip with a message when a Debian tool the test needs is missing."""
    for program in programs:
        if not shutil.which(program):
            pytest.skip(f"{program} is not installed (run `make chromium` as root to install the test tools)")


def scan_pdf(pdf: Path, folder: Path, hidden_text: str | None = None, last_page: int | None = None) -> Path:
    """Render each page to a 300 dpi image, as a scanner would, and put the images back into an image-only
    PDF; with hidden_text, under a useless hidden text layer (as some scanners add)."""
    need("pdftoppm")
    pages = ["-l", str(last_page)] if last_page else []
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", *pages, str(pdf), str(folder / "page")], check=True)
    images = sorted(folder.glob("page-*.png"))
    tags = "".join(f'<div class="pg"><img src="{image.as_uri()}"></div>' for image in images)
    hidden = f'<div class="hidden">{html.escape(hidden_text)}</div>' if hidden_text else ""
    page = f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 0 }} body {{ margin: 0 }} .pg {{ width: 210mm; height: 296mm; overflow: hidden; page-break-after: always;
position: relative; z-index: 1 }} .pg:last-child {{ page-break-after: auto }} img {{ display: block; width: 210mm; height: 296mm }}
.hidden {{ position: absolute; top: 10mm; left: 10mm; z-index: 0; font-size: 10pt }}</style></head>
<body>{hidden}{tags}</body></html>"""
    source = folder / "scan.html"
    source.write_text(page, encoding="utf-8")
    target = folder / "scan.pdf"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={target}", source.as_uri()], check=True, capture_output=True, timeout=120)
    return target
