"""The open data folder du-lieu/: exports, their schemas, the DCAT catalogue and the "Dữ liệu mở" page,
plus the calendars, the preview card, robots.txt and the OpenSearch description (pure: Portal in,
{site path: text or bytes} out).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from .. import paths
from ..data.portal import Portal
from ..data.schemas import KINDS, schema_texts
from ..law.findings import ComplianceReport
from .calendars import render_calendars
from .card import card_png
from .crawl import opensearch_xml, robots_txt
from .export_schemas import export_schemas
from .exports import Dataset, ExportFile, json_bytes, render_exports
from .labels import UNIT_TYPES
from .lastmod import consultation_date, disclosure_date, document_date

OPEN_DATA, CATALOGUE = paths.OPEN_DATA, paths.DATA_CATALOGUE
FORMAT_NAMES = {"json": "JSON", "csv": "CSV", "xlsx": "XLSX (Excel)"}
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#", "xsd": "http://www.w3.org/2001/XMLSchema#", "vcard": "http://www.w3.org/2006/vcard/ns#",
}


@dataclass(frozen=True)
class Listed:
    """One row of the open data page."""

    dataset: Dataset
    files: list[ExportFile]
    schema: str  # site path of the JSON export's schema


def _modified(portal: Portal, key: str) -> dt.date:
    """The day a dataset's content last changed (the compliance report changes with the date)."""
    # Only the asked dataset's dates (this runs once per file listed: every list built each time was
    # 22 passes over all records).
    dates = {
        "van-ban": lambda: [d for d in map(document_date, portal.documents.values()) if d],
        "cong-khai": lambda: [disclosure_date(d) for d in portal.disclosures.values()],
        "danh-muc-cong-khai": lambda: [disclosure_date(d) for d in portal.disclosures.values()],
        "lay-y-kien": lambda: [consultation_date(c, portal.today) for c in portal.consultations.values()],
    }.get(key, lambda: [portal.today])()
    return max(dates) if dates else portal.today


def _typed(value: str, kind: str) -> dict:
    return {"@value": value, "@type": f"xsd:{kind}"}


def _text(value: str) -> dict:
    return {"@value": value, "@language": "vi"}


def catalogue(portal: Portal, listed: list[Listed]) -> dict:
    """The DCAT-AP catalogue of the exports, as JSON-LD, for CKAN and national portal harvesters."""
    site = portal.site
    base = site.base_url
    unit = f"Ủy ban nhân dân {UNIT_TYPES[site.unit_type]} {site.name}"
    publisher = {"@id": paths.absolute_url(base, paths.ABOUT, "don-vi"), "@type": "foaf:Organization", "foaf:name": unit}
    license_ = {"@id": site.data_license.url, "@type": "dct:LicenseDocument", "dct:title": site.data_license.name}
    contact = {"@type": "vcard:Organization", "vcard:fn": unit, **({"vcard:hasEmail": {"@id": f"mailto:{site.email}"}} if site.email else {})}
    datasets = []
    for row in listed:
        page = paths.absolute_url(base, OPEN_DATA, row.dataset.key)
        distributions = []
        for f in row.files:
            url = paths.absolute_url(base, f.path)
            distributions.append({
                "@id": url + "#phan-phoi", "@type": "dcat:Distribution", "dct:title": _text(f"{row.dataset.title} ({FORMAT_NAMES[f.fmt]})"),
                "dcat:accessURL": {"@id": url}, "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": {"@id": f"http://www.iana.org/assignments/media-types/{f.media_type}"},
                "dct:format": f.fmt.upper(), "dcat:byteSize": _typed(str(len(f.data)), "nonNegativeInteger"),
                "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                                  "spdx:checksumValue": _typed(hashlib.sha256(f.data).hexdigest(), "hexBinary")},
                "dct:license": license_, "dct:modified": _typed(_modified(portal, row.dataset.key).isoformat(), "date"),
                **({"dct:conformsTo": {"@id": paths.absolute_url(base, row.schema)}} if f.fmt == "json" else {}),
            })
        datasets.append({
            "@id": page, "@type": "dcat:Dataset", "dct:identifier": f"{site.unit_code}-{row.dataset.key}",
            "dct:title": _text(row.dataset.title), "dct:description": _text(row.dataset.explanation), "dct:publisher": publisher,
            "dct:modified": _typed(_modified(portal, row.dataset.key).isoformat(), "date"), "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
            "dct:spatial": _text(f"{UNIT_TYPES[site.unit_type].capitalize()} {site.name}, {site.province}"), "dcat:landingPage": {"@id": page},
            "dcat:contactPoint": contact, "dcat:distribution": distributions, "dcat:keyword": [_text("công khai thông tin"), _text(row.dataset.title)],
        })
    return {
        "@context": DCAT_CONTEXT, "@id": paths.absolute_url(base, CATALOGUE), "@type": "dcat:Catalog",
        "dct:title": _text(f"Dữ liệu mở của {unit}"), "dct:description": _text("Các tệp dữ liệu được công bố cùng trang công khai thông tin, dựng lại mỗi lần trang được cập nhật."),
        "dct:publisher": publisher, "dct:license": license_, "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
        "dct:modified": _typed(max(_modified(portal, row.dataset.key) for row in listed).isoformat(), "date"),
        "foaf:homepage": {"@id": paths.absolute_url(base, OPEN_DATA)}, "dcat:dataset": datasets,
    }


def render_open_data(portal: Portal, render, report: ComplianceReport | None = None) -> tuple[dict[str, str], dict[str, bytes]]:
    """Render du-lieu/ and the crawl and preview files: ({path: text}, {path: bytes}); `report` is
    compute_compliance(portal) when the caller has it already."""
    datasets, files = render_exports(portal, report)
    schemas = export_schemas()
    texts: dict[str, str] = {paths.schema_file(key): json_bytes(schema).decode("utf-8") for key, schema in schemas.items()}
    texts.update({paths.schema_file(name): text for name, text in schema_texts().items()})
    listed = [Listed(ds, [f for f in files if f.dataset == ds.key], paths.schema_file(ds.key)) for ds in datasets]
    texts[CATALOGUE] = json_bytes(catalogue(portal, listed)).decode("utf-8")
    texts.update(render_calendars(portal, report))
    texts[paths.ROBOTS] = robots_txt(portal)
    texts[paths.OPENSEARCH] = opensearch_xml(portal)
    data_schemas = [(KINDS[kind][3], paths.schema_file(KINDS[kind][0])) for kind in KINDS]
    texts[OPEN_DATA] = render("open_data.md.j2", OPEN_DATA, portal, listed=listed, catalogue=CATALOGUE, catalogue_size=len(texts[CATALOGUE].encode("utf-8")),
                              data_schemas=data_schemas, calendars=(paths.CONSULTATIONS_CALENDAR, paths.DEADLINES_CALENDAR), formats=FORMAT_NAMES)
    blobs = {f.path: f.data for f in files}
    if not portal.site.emblem:
        blobs[paths.CARD_IMAGE] = card_png(portal)
    return texts, blobs
