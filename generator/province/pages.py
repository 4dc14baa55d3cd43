"""The province portal's own pages: every unit with its site's state, the compliance table across
units (with CSV and XLSX export) and the feed of the newest items of all units.

Plain HTML with small local scripts (sorting; search, with the theme's excerpt.js): no theme, no
request to any other host.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..domain.vocabulary import categories, short_date
from ..publish.site_config import PACKAGE_THEME
from ..publish.writer import write_tree
from .project import ProvinceProject, default_address

COLUMNS = ("published", "on_time", "late", "missing")
COLUMN_LABELS = {"published": "Đã công khai", "on_time": "Đúng hạn", "late": "Trễ hạn", "missing": "Còn thiếu"}
FEED_SIZE = 50


def unit_rows(project: ProvinceProject, state: dict) -> list[dict]:
    """One row per unit of the province on the official list, with its site's state."""
    configured = {u.code: u for u in project.units}
    rows = []
    for unit in project.official:
        entry = state.get("units", {}).get(unit.code, {})
        source = configured.get(unit.code)
        summary = entry.get("summary") or {}
        totals = {c: sum(cat[c] for cat in summary.get("categories", [])) for c in COLUMNS}
        if source is None:
            status, label = "none", "Chưa có trang"
        elif entry.get("failing_since"):
            status = "failing"
            label = f"Lỗi dữ liệu từ {short_date(dt.date.fromisoformat(entry['failing_since']))}"
            label += "; trang cũ vẫn hiển thị" if entry.get("live") else "; chưa có trang"
        elif entry.get("live"):
            status, label = "live", "Đang hoạt động"
        else:
            status, label = "never", "Chưa dựng"
        rows.append({
            "code": unit.code, "name": unit.full_name, "status": status, "label": label,
            "url": source.url if source else None, "address": source.address if source else default_address(unit),
            "built_on": entry.get("built_on"), "categories": {c["number"]: c for c in summary.get("categories", [])},
            "has_data": bool(summary), "totals": totals,
        })
    return rows


def compliance_rows(rows: list[dict]) -> list[list]:
    """The export table: one row per unit with a site and Article 11 category."""
    table = []
    for row in rows:
        if not row["has_data"]:
            continue
        for cat in categories():
            counts = row["categories"].get(cat.number, {})
            table.append([row["code"], row["name"], cat.number, cat.name] + [counts.get(c, 0) for c in COLUMNS])
    return table


HEADER = ["Mã đơn vị", "Đơn vị", "Mục (Điều 11)", "Tên mục"] + [COLUMN_LABELS[c] for c in COLUMNS]


def to_csv(table: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(table)
    return "\ufeff" + out.getvalue()  # the BOM makes spreadsheet programs read UTF-8


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def to_xlsx(table: list[list]) -> bytes:
    """A minimal Office Open XML workbook (one sheet, inline strings); the same bytes for the same table."""
    rows = "".join(
        f'<row r="{r + 1}">' + "".join(_cell(f"{_column(c)}{r + 1}", v) for c, v in enumerate(values)) + "</row>"
        for r, values in enumerate([HEADER] + table)
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tình hình công khai" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def feed(project: ProvinceProject, rows: list[dict], state: dict, today: dt.date) -> str:
    """Atom feed of the newest items of every unit with a live site."""
    entries = []
    for row in rows:
        summary = state.get("units", {}).get(row["code"], {}).get("summary") or {}
        if row["url"] and row["status"] in ("live", "failing"):
            entries += [(item["date"], row["url"] + item["path"], item["title"], row["name"]) for item in summary.get("newest", [])]
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    entries = entries[:FEED_SIZE]
    fg = FeedGenerator()
    fg.id(project.url)
    fg.title(f"Thông tin mới của các xã, phường tỉnh {project.name}")
    fg.link(href=project.url, rel="alternate")
    fg.language("vi")
    fg.generator("")
    moment = lambda day: dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone(dt.timedelta(hours=7)))  # noqa: E731
    fg.updated(moment(entries[0][0] if entries else today.isoformat()))
    for day, url, title, unit in reversed(entries):
        fe = fg.add_entry()
        fe.id(url)
        fe.title(f"{unit}: {title}")
        fe.link(href=url)
        fe.updated(moment(day))
        fe.published(moment(day))
    return fg.atom_str(pretty=True).decode("utf-8")


def render_province(project: ProvinceProject, state: dict, today: dt.date) -> tuple[dict[str, str], dict[str, bytes]]:
    """Return the province pages: texts by path, and binary files by path."""
    env = Environment(loader=PackageLoader("generator.province", "templates"), undefined=StrictUndefined,
                      autoescape=True, keep_trailing_newline=True)
    env.filters["sdate"] = lambda iso: short_date(dt.date.fromisoformat(iso)) if iso else ""
    rows = unit_rows(project, state)
    table = compliance_rows(rows)
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("live", "failing", "never", "none")}
    common = {"province": project, "rows": rows, "today": today, "counts": counts, "columns": COLUMNS,
              "labels": COLUMN_LABELS, "categories": categories()}
    texts = {
        "index.html": env.get_template("index.html.j2").render(**common),
        "tinh-hinh-cong-khai/index.html": env.get_template("compliance.html.j2").render(**common),
        "tim-kiem/index.html": env.get_template("search.html.j2").render(**common),
        "tim-kiem.js": env.get_template("tim-kiem.js").render(),
        "excerpt.js": (PACKAGE_THEME / "assets" / "excerpt.js").read_text(encoding="utf-8"),  # a result's text, as a unit's search shows it
        "tinh-hinh-cong-khai.csv": to_csv(table),
        "feed.xml": feed(project, rows, state, today),
        "sort.js": env.get_template("sort.js").render(),
        "tinh.css": env.get_template("tinh.css").render(),
    }
    return texts, {"tinh-hinh-cong-khai.xlsx": to_xlsx(table)}


def write_province(project: ProvinceProject, state: dict, today: dt.date, target: Path) -> None:
    """Write the province pages into target/ in one swap."""
    texts, binaries = render_province(project, state, today)
    write_tree(target, texts, {}, binaries)
