"""A plan (Kế hoạch) laid out like a real one — "Số: 3070. /KH-UBND", parts I./1./a) without articles,
a body table with a merged row — as plain text, as a Word file made with python-docx, and as HTML that
headless Chromium prints to PDF."""

from __future__ import annotations

import html
from pathlib import Path

import docx

HEADER = ["ỦY BAN NHÂN DÂN", "PHƯỜNG BÁCH QUANG", "Số: 3070. /KH-UBND"]
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bách Quang, ngày 02 tháng 10 năm 2025"]
TITLE = "Triển khai thực hiện chuyển đổi số trên địa bàn phường năm 2025"
INTRO = ("Thực hiện Kế hoạch số 125/KH-UBND ngày 15 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh Thái Nguyên về chuyển "
         "đổi số năm 2025, Ủy ban nhân dân phường Bách Quang ban hành Kế hoạch triển khai thực hiện như sau:")
# (number, title, paragraphs, [(number, title, paragraphs, [points])]); the table goes after the first
# paragraph of II.1.
PARTS = [
    ("I", "MỤC ĐÍCH, YÊU CẦU", [], [
        ("1", "Mục đích", [], [
            "Nâng cao nhận thức của cán bộ, công chức và Nhân dân về vai trò của chuyển đổi số.",
            "Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình, giảm thời gian giải quyết thủ tục hành chính.",
        ]),
        ("2", "Yêu cầu", ["- Bám sát nhiệm vụ được giao, bảo đảm đúng tiến độ.",
                          "- Bảo đảm an toàn thông tin mạng trong quá trình triển khai."], []),
    ]),
    ("II", "NHIỆM VỤ VÀ GIẢI PHÁP", [], [
        ("1", "Phát triển hạ tầng số", ["Hoàn thiện mạng nội bộ tại trụ sở Ủy ban nhân dân phường theo các chỉ tiêu sau:",
                                        "Văn phòng theo dõi việc thực hiện các chỉ tiêu hằng quý."], []),
        ("2", "Phát triển chính quyền số", [], [
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
            "Sử dụng chữ ký số trong xử lý văn bản điện tử.",
        ]),
    ]),
    ("III", "KINH PHÍ THỰC HIỆN", ["Kinh phí thực hiện từ nguồn ngân sách phường được giao năm 2025."], []),
    ("IV", "TỔ CHỨC THỰC HIỆN", [], [
        ("1", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường chủ trì, theo dõi, tổng hợp kết quả.", [], []),
        ("2", "Các tổ dân phố báo cáo kết quả trước ngày 15 tháng 12 năm 2025.", [], []),
    ]),
]
TABLE_COLUMNS = ["STT", "Chỉ tiêu", "Năm 2024", "Năm 2025"]
TABLE_ROWS = [["1", "Hồ sơ trực tuyến toàn trình", "45%", "80%"],
              ["2", "Tổ công nghệ số cộng đồng", "12", "18"]]
TABLE_NOTE = "Ghi chú: số liệu năm 2024 theo báo cáo tổng kết"  # one cell merged across the four columns
RECIPIENTS = ["UBND tỉnh (b/c);", "Thường trực Đảng ủy phường;", "Lưu: VT."]
SIGNER = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Bảo")


def body_lines(table: bool) -> list[str]:
    """The plan's body line by line as printed; the table's rows (when asked) as "cell | cell" lines."""
    out = [INTRO]
    for number, title, paragraphs, subsections in PARTS:
        out.append(f"{number}. {title}")
        out += paragraphs
        for sub_number, sub_title, sub_paragraphs, points in subsections:
            out.append(f"{sub_number}. {sub_title}")
            for index, paragraph in enumerate(sub_paragraphs):
                out.append(paragraph)
                if table and (number, sub_number, index) == ("II", "1", 0):
                    out += [" | ".join(row) for row in (TABLE_COLUMNS, *TABLE_ROWS, [TABLE_NOTE])]
            out += [f"{'abcdđ'[i]}) {point}" for i, point in enumerate(points)]
    return out


def plan_text() -> str:
    """The plan as a clerk's .txt: no table (plain text has none)."""
    lines = [*HEADER[:2], HEADER[2], *MOTTO, "KẾ HOẠCH", TITLE, *body_lines(table=False), "Nơi nhận:",
             *[f"- {item}" for item in RECIPIENTS], *SIGNER]
    return "\n".join(lines) + "\n"


def plan_docx(path: Path) -> Path:
    """The plan as Word: header and signature in layout tables, the body table with a merged last row."""
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "\n".join(HEADER)
    header.cell(0, 1).text = "\n".join(MOTTO)
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph(TITLE)
    for line in body_lines(table=False):
        document.add_paragraph(line)
        if line == PARTS[1][3][0][2][0]:
            table = document.add_table(rows=2 + len(TABLE_ROWS), cols=len(TABLE_COLUMNS))
            for row, cells in zip(table.rows, [TABLE_COLUMNS, *TABLE_ROWS]):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
            last = table.rows[-1].cells
            merged = last[0].merge(last[-1])  # gridSpan 4: one cell across the row
            merged.text = TABLE_NOTE
    footer = document.add_table(rows=1, cols=2)
    footer.cell(0, 0).text = "Nơi nhận:\n" + "\n".join(f"- {item}" for item in RECIPIENTS)
    footer.cell(0, 1).text = "\n".join(SIGNER)
    document.add_paragraph("")  # Word always ends a file with a paragraph after its last table
    document.save(path)
    return path


def plan_html() -> str:
    """The plan as an official page: borderless two-column header and signature tables, a ruled body table."""
    esc = html.escape
    body = []
    for line in body_lines(table=False):
        body.append(f"<p>{esc(line)}</p>")
        if line == PARTS[1][3][0][2][0]:
            head = "".join(f"<th>{esc(cell)}</th>" for cell in TABLE_COLUMNS)
            rows = "".join("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in TABLE_ROWS)
            note = f'<tr><td colspan="{len(TABLE_COLUMNS)}">{esc(TABLE_NOTE)}</td></tr>'
            body.append(f'<table class="ruled"><tr>{head}</tr>{rows}{note}</table>')
    recipients = "<br>".join("- " + esc(item) for item in RECIPIENTS)
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
body {{ font-family: "DejaVu Serif", serif; font-size: 13pt; line-height: 1.4; margin: 0; }}
table {{ width: 100%; border-collapse: collapse; }} td {{ vertical-align: top; text-align: center; padding: 0; }}
table.ruled td, table.ruled th {{ border: 1px solid #000; padding: 3pt; text-align: left; font-size: 12pt; }}
p {{ text-align: justify; margin: 5pt 0; text-indent: 1cm; }}
.c {{ text-align: center; text-indent: 0; font-weight: bold; }}
</style></head><body>
<table><tr><td style="width:42%"><b>{HEADER[0]}<br>{HEADER[1]}</b><br>{esc(HEADER[2])}</td>
<td><b>{MOTTO[0]}<br>{MOTTO[1]}</b><br><i>{MOTTO[2]}</i></td></tr></table>
<p class="c" style="margin-top:18pt">KẾ HOẠCH</p><p class="c" style="margin-bottom:12pt">{esc(TITLE)}</p>
{''.join(body)}
<table style="margin-top:12pt"><tr><td style="width:50%;text-align:left;font-size:11pt"><b><i>Nơi nhận:</i></b><br>{recipients}</td>
<td><b>{SIGNER[0]}<br>{SIGNER[1]}</b><br><br><br><br><b>{SIGNER[2]}</b></td></tr></table>
</body></html>"""

