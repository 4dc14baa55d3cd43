"""Render every record of a Portal as open data: JSON, CSV and XLSX bytes (pure: Portal in, bytes out).

Every value comes from the data and from `portal.today`, never from the clock, so two builds of the
same data on the same date give byte-identical files (the XLSX's zip and document dates included).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass

import orjson

from .. import paths
from ..data.models import Disclosure
from ..data.portal import Portal
from ..domain.vocabulary import category, document_types, forms
from ..law.compliance import compute_compliance
from ..law.findings import ComplianceReport
from ..law.report import report_to_json
from ..law.status import derive_status, status_label
from .labels import UNIT_TYPES, document_label

EXPORT_VERSION = 1
CSV_BOM = b"\xef\xbb\xbf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "xlsx": XLSX_TYPE}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Dataset:
    """One kind of record and everything said about it on the open data page and in the catalogue."""

    key: str  # file stem, e.g. "van-ban"
    title: str
    explanation: str  # plain Vietnamese: what the file is for
    records: int
    formats: tuple[str, ...]


@dataclass(frozen=True)
class ExportFile:
    """One file of the du-lieu/ folder."""

    path: str  # site path, e.g. du-lieu/van-ban.json
    dataset: str
    fmt: str  # json | csv | xlsx
    data: bytes

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.fmt]


def quarter_label(day: dt.date) -> str:
    """Name the quarter a date falls in, e.g. "Quý IV năm 2026"."""
    return f"Quý {ROMAN[(day.month - 1) // 3 + 1]} năm {day.year}"


def register_quarters(items: list[Disclosure]) -> list[tuple[str, list[Disclosure]]]:
    """Group disclosures by publication quarter, newest quarter first, oldest item first inside."""
    groups: dict[tuple[int, int], list[Disclosure]] = {}
    for item in items:
        groups.setdefault((item.published_on.year, (item.published_on.month - 1) // 3 + 1), []).append(item)
    return [(f"Quý {ROMAN[q]} năm {y}", sorted(groups[(y, q)], key=lambda d: (d.published_on, d.id))) for y, q in sorted(groups, reverse=True)]


def _unit(portal: Portal) -> dict:
    site = portal.site
    return {"name": f"{UNIT_TYPES[site.unit_type].capitalize()} {site.name}", "unit_code": site.unit_code, "province": site.province, "base_url": site.base_url}


def _envelope(portal: Portal, kind: str, records: list) -> dict:
    return {"version": EXPORT_VERSION, "kind": kind, "unit": _unit(portal), "date": portal.today.isoformat(),
            "license": {"name": portal.site.data_license.name, "url": portal.site.data_license.url}, "records": records}


def _url(portal: Portal, page: str) -> str:
    return paths.absolute_url(portal.site.base_url, page)


def _decided_on(portal: Portal, item: Disclosure) -> dt.date | None:
    doc = portal.documents.get(item.document) if item.document else None
    return item.decided_on or (doc.adopted_on if doc else None) or (item.external_document.date if item.external_document else None)


def _reference(portal: Portal, item: Disclosure) -> str:
    if item.document:
        return document_label(portal.documents[item.document])
    ext = item.external_document
    return (f"{ext.number} — {ext.title}" if ext.number else ext.title) if ext else ""


def document_records(portal: Portal) -> list[dict]:
    """Every document with its metadata, full structured text and derived legal status."""
    records = []
    for doc in portal.documents.values():
        status = derive_status(doc, portal)
        record = doc.model_dump(mode="json", exclude={"body_text"})
        record.update(url=_url(portal, paths.document_page(doc.id)), legal_status=status.value, legal_status_label=status_label(status, portal.rules))
        records.append(record)
    return records


def disclosure_records(portal: Portal) -> list[dict]:
    """Every disclosure with its tables, the category name and the page address."""
    records = []
    for item in portal.disclosures.values():
        record = item.model_dump(mode="json")
        record.update(url=_url(portal, paths.disclosure_page(item.id)), category_name=category(item.category).name)
        records.append(record)
    return records


def consultation_records(portal: Portal) -> list[dict]:
    """Every consultation with its results, as published."""
    return [{**item.model_dump(mode="json"), "url": _url(portal, paths.consultation_page(item.id))} for item in portal.consultations.values()]


def register_records(portal: Portal) -> list[dict]:
    """The register of disclosed information (danh mục), quarter by quarter as the register page shows it."""
    result = []
    for quarter, items in register_quarters(list(portal.disclosures.values())):
        for number, item in enumerate(items, 1):
            decided = _decided_on(portal, item)
            result.append({
                "quarter": quarter, "order": number, "id": item.id, "category": item.category, "category_name": category(item.category).name,
                "title": item.title, "document": _reference(portal, item), "decided_on": decided.isoformat() if decided else None,
                "published_on": item.published_on.isoformat(), "forms": [forms()[f] for f in dict.fromkeys(["website", *item.forms])], "url": _url(portal, paths.disclosure_page(item.id)),
            })
    return result


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _document_rows(portal: Portal, records: list[dict]) -> list[list[str]]:
    rows = [["id", "loai", "ten_loai", "so_ky_hieu", "trich_yeu", "co_quan_ban_hanh", "trang_thai", "tinh_trang_hieu_luc",
             "ngay_ban_hanh", "ngay_hieu_luc", "ngay_het_hieu_luc", "so_dieu", "tep_dinh_kem", "minh_hoa", "dia_chi"]]
    for rec, doc in zip(records, portal.documents.values()):
        rows.append([doc.id, doc.type, document_types()[doc.type].label, doc.number, doc.title, doc.issuer, doc.status, rec["legal_status_label"],
                     doc.adopted_on, doc.effective_on, doc.expires_on, len(doc.all_articles()), [a.file for a in doc.attachments], doc.illustrative, rec["url"]])
    return [[_cell(v) for v in row] for row in rows]


def _disclosure_rows(portal: Portal) -> list[list[str]]:
    rows = [["id", "muc", "ten_muc", "ten_thong_tin", "van_ban", "ngay_ban_hanh", "ngay_dang", "niem_yet_tu", "niem_yet_den",
             "hinh_thuc", "so_bang", "tep_dinh_kem", "minh_hoa", "dia_chi"]]
    for item in portal.disclosures.values():
        rows.append([item.id, item.category, category(item.category).name, item.title, _reference(portal, item), _decided_on(portal, item), item.published_on,
                     item.posted_from, item.posted_until, [forms()[f] for f in item.forms], len(item.tables), [a.file for a in item.attachments],
                     item.illustrative, _url(portal, paths.disclosure_page(item.id))])
    return [[_cell(v) for v in row] for row in rows]


def _consultation_rows(portal: Portal) -> list[list[str]]:
    rows = [["id", "ten", "du_thao", "bat_dau", "ket_thuc", "thu_dien_tu", "dia_chi_nhan", "dien_thoai", "ngay_cong_bo_ket_qua",
             "tong_hop_y_kien", "giai_trinh", "minh_hoa", "dia_chi"]]
    for item in portal.consultations.values():
        res = item.results
        rows.append([item.id, item.title, item.draft, item.opens_on, item.closes_on, item.email, item.address, item.phone,
                     res.published_on if res else None, res.summary if res else None, res.explanation if res else None,
                     item.illustrative, _url(portal, paths.consultation_page(item.id))])
    return [[_cell(v) for v in row] for row in rows]


def _register_rows(records: list[dict]) -> list[list[str]]:
    keys = ["quarter", "order", "id", "category", "category_name", "title", "document", "decided_on", "published_on", "forms", "url"]
    head = ["quy", "stt", "id", "muc", "ten_muc", "ten_thong_tin", "van_ban", "ngay_ban_hanh", "ngay_dang", "hinh_thuc", "dia_chi"]
    return [head] + [[_cell(rec[k]) for k in keys] for rec in records]


def _compliance_rows(report_json: dict) -> list[list[str]]:
    keys = ["number", "name", "group", "published", "on_time", "late", "undetermined", "missing", "upcoming", "sentence"]
    head = ["muc", "ten_muc", "nhom", "da_cong_khai", "dung_han", "tre_han", "chua_xac_dinh", "con_thieu", "chua_den_han", "tom_tat"]
    return [head] + [[_cell(c[k]) for k in keys] for c in report_json["categories"]]


def json_bytes(value: object) -> bytes:
    """Write JSON the same way every time: sorted keys, Vietnamese letters kept, a final newline.

    The bytes are those of `json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)`; orjson
    writes them about ten times faster (Python's own encoder is pure Python once it indents), two to
    three times with the check of its output for floats written another way. Where
    orjson would write differently — a float it writes in another form, a key that is not text, an
    integer past 64 bits — the standard library writes the file (tests/test_build_cost.py)."""
    try:
        out = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    except TypeError:
        out = None
    if out is None or _OTHER_FLOAT_FORM.search(out) or _OTHER_FLOAT_IN_LIST.search(out):
        return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return out + b"\n"


# Python writes floats below 1e-4 or from 1e16 up with an exponent ("1e-05", "1e+16"), orjson as
# "0.00001" or "1e16": a number value with an exponent or four zeros after its point sends the file to
# the standard library. A number value follows ": " (in a mapping) or a line's indent (in a list),
# never inside a string, where a line break is escaped; text such as "Điều 5: 3e" inside a string may
# match too: slower, the same bytes. Two patterns, each starting with a literal, scan faster than one.
_OTHER_FLOAT_FORM = re.compile(rb": -?[0-9][0-9.]*(?:[eE]|\.0000)")
_OTHER_FLOAT_IN_LIST = re.compile(rb"\n +-?[0-9][0-9.]*(?:[eE]|\.0000)")


# A cell that starts like a formula is run by Excel when the CSV is opened (CSV injection): written
# with a leading apostrophe, which Excel reads as "this is text". Plain numbers such as -5 stay.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def spreadsheet_text(text: str) -> str:
    """Return a CSV cell that a spreadsheet shows as text, never evaluates."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_bytes(rows: list[list[str]]) -> bytes:
    """Write a flat table as CSV that Excel opens in Vietnamese: UTF-8 with a byte order mark, CRLF."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[spreadsheet_text(cell) for cell in row] for row in rows])
    return CSV_BOM + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[str]], sheet: str, day: dt.date) -> bytes:
    """Write a flat table as an XLSX workbook whose bytes depend only on the rows and the date."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    ws = book.active
    ws.title = sheet
    # Cell by cell (constant time each): ws.append then ws[ws.max_row] rescans every cell per row.
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            cell = ws.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # stored as text: "=…" in a title is never a formula
    ws.freeze_panes = "A2"
    stamp = dt.datetime(day.year, day.month, day.day)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "congkhai"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    # openpyxl stamps each zip member with the clock: copy them with the data's date instead.
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return fixed.getvalue()


def render_exports(portal: Portal, report: ComplianceReport | None = None) -> tuple[list[Dataset], list[ExportFile]]:
    """Render every export: the datasets as listed on the open data page, and their files."""
    docs, items, consults, register = document_records(portal), disclosure_records(portal), consultation_records(portal), register_records(portal)
    report_json = report_to_json(report if report is not None else compute_compliance(portal))
    day = portal.today
    tables = {
        "van-ban": (_document_rows(portal, docs), None),
        "cong-khai": (_disclosure_rows(portal), "Thông tin công khai"),
        "lay-y-kien": (_consultation_rows(portal), None),
        "danh-muc-cong-khai": (_register_rows(register), "Danh mục"),
        "tinh-hinh-cong-khai": (_compliance_rows(report_json), None),
    }
    documents = {
        "van-ban": _envelope(portal, "documents", docs),
        "cong-khai": _envelope(portal, "disclosures", items),
        "lay-y-kien": _envelope(portal, "consultations", consults),
        "danh-muc-cong-khai": _envelope(portal, "register", register),
        "tinh-hinh-cong-khai": {**_envelope(portal, "compliance", report_json["categories"]), "report": report_json},
    }
    datasets = [
        Dataset("van-ban", "Văn bản", "Mọi văn bản và dự thảo đã đăng: số, ký hiệu, ngày ban hành, hiệu lực, tình trạng hiệu lực và toàn văn chia theo chương, điều, khoản, điểm (tệp JSON). Tệp CSV là danh sách một dòng một văn bản.", len(docs), ("json", "csv")),
        Dataset("cong-khai", "Thông tin công khai", "Mọi thông tin công khai theo 14 mục của Điều 11 Luật Thực hiện dân chủ ở cơ sở, kèm bảng số liệu (tệp JSON). Tệp CSV và XLSX là danh sách mở được bằng Excel.", len(items), ("json", "csv", "xlsx")),
        Dataset("lay-y-kien", "Lấy ý kiến Nhân dân", "Các đợt lấy ý kiến Nhân dân: dự thảo, thời gian, cách gửi ý kiến và kết quả tổng hợp, giải trình.", len(consults), ("json", "csv")),
        Dataset("danh-muc-cong-khai", "Danh mục thông tin công khai theo quý", "Danh mục thông tin đã công khai, xếp theo quý đăng trên trang, như sổ theo dõi của cán bộ.", len(register), ("json", "csv", "xlsx")),
        Dataset("tinh-hinh-cong-khai", "Tình hình công khai", "Số thông tin đúng hạn, trễ hạn, còn thiếu theo từng mục Điều 11 tính đến ngày dựng trang; tệp JSON có thêm từng hạn công khai và từng phát hiện.", len(report_json["categories"]), ("json", "csv")),
    ]
    files = []
    for ds in datasets:
        rows, sheet = tables[ds.key]
        files.append(ExportFile(paths.export_file(ds.key, "json"), ds.key, "json", json_bytes(documents[ds.key])))
        files.append(ExportFile(paths.export_file(ds.key, "csv"), ds.key, "csv", csv_bytes(rows)))
        if "xlsx" in ds.formats:
            files.append(ExportFile(paths.export_file(ds.key, "xlsx"), ds.key, "xlsx", xlsx_bytes(rows, sheet or ds.title, day)))
    return datasets, files
