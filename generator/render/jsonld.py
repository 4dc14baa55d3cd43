"""schema.org JSON-LD for pages (pure: Portal in, JSON text out), read by search engines.

The context is written inline (schema.org as the vocabulary) so the statements expand with any
JSON-LD processor without fetching anything. The text is safe inside <script>: <, > and & are
written as \\u escapes, so no value can close the script element.
"""

from __future__ import annotations

import json

from .. import paths
from ..data.models import Consultation, Document
from ..data.portal import Portal
from ..domain.vocabulary import document_types
from ..law.status import Status, derive_status
from .labels import UNIT_TYPES, document_label

SCHEMA = "https://schema.org/"
CONTEXT = {"@vocab": SCHEMA}
_FORCE = {
    Status.IN_FORCE: "InForce", Status.AMENDED: "InForce", Status.NOT_YET_IN_FORCE: "NotInForce",
    Status.REPLACED: "NotInForce", Status.REPEALED: "NotInForce", Status.EXPIRED: "NotInForce",
}


def script_json(value: object) -> str:
    """Write JSON that can sit inside a <script> element: sorted, compact, <>& escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _unit_name(portal: Portal) -> str:
    return f"{UNIT_TYPES[portal.site.unit_type].capitalize()} {portal.site.name}"


def _url(portal: Portal, page: str, anchor: str | None = None) -> str:
    return paths.absolute_url(portal.site.base_url, page, anchor)


def organization(portal: Portal) -> dict:
    """The unit as a schema.org GovernmentOrganization with its address and contact points."""
    site = portal.site
    org: dict = {
        "@type": "GovernmentOrganization", "@id": _url(portal, paths.ABOUT, "don-vi"), "name": f"Ủy ban nhân dân {UNIT_TYPES[site.unit_type]} {site.name}",
        "url": site.base_url, "areaServed": {"@type": "AdministrativeArea", "name": f"{_unit_name(portal)}, {site.province}"},
        "address": {"@type": "PostalAddress", "streetAddress": site.address, "addressRegion": site.province, "addressCountry": "VN"},
    }
    if site.phone:
        org["telephone"] = site.phone
    if site.email:
        org["email"] = site.email
    points = []
    # hoursAvailable wants structured opening hours; the clerk writes them as a sentence.
    general = {k: v for k, v in (("telephone", site.phone), ("email", site.email), ("description", f"Giờ làm việc: {site.working_hours}" if site.working_hours else None)) if v}
    if general:
        points.append({"@type": "ContactPoint", "contactType": "Liên hệ chung", "availableLanguage": "vi", **general})
    fb = site.feedback
    feedback = {k: v for k, v in (("telephone", fb.phone), ("email", fb.email), ("url", fb.portal_url)) if v}
    if feedback:
        points.append({"@type": "ContactPoint", "contactType": "Tiếp nhận phản ánh, kiến nghị", "availableLanguage": "vi", **feedback})
    if points:
        org["contactPoint"] = points
    return org


def organization_jsonld(portal: Portal) -> str:
    """JSON-LD of the home and contact pages."""
    return script_json({"@context": CONTEXT, **organization(portal)})


def _reference(portal: Portal, doc_id: str) -> dict:
    other = portal.documents[doc_id]
    return {"@id": _url(portal, paths.document_page(doc_id), "van-ban"), "@type": "Legislation", "name": document_label(other)}


def document_jsonld(portal: Portal, doc: Document) -> str:
    """JSON-LD of a document page: a schema.org Legislation with its status, links and signed file."""
    site = portal.site
    data: dict = {
        "@context": CONTEXT, "@type": "Legislation", "@id": _url(portal, paths.document_page(doc.id), "van-ban"),
        "url": _url(portal, paths.document_page(doc.id)), "name": document_label(doc), "headline": doc.title, "inLanguage": "vi",
        "legislationType": document_types()[doc.type].label,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": doc.issuer},
        "legislationJurisdiction": {"@type": "AdministrativeArea", "name": f"{_unit_name(portal)}, {site.province}"},
        "publisher": {"@id": organization(portal)["@id"]},
    }
    if doc.number:
        data["legislationIdentifier"] = doc.number
    if doc.adopted_on:
        data["legislationDate"] = doc.adopted_on.isoformat()
    applies = doc.effective_on or (doc.adopted_on if doc.effective_on_adoption else None)
    if applies:
        data["legislationDateOfApplicability"] = applies.isoformat()
    if doc.expires_on:
        data["expires"] = doc.expires_on.isoformat()
    force = _FORCE.get(derive_status(doc, portal))
    if force:
        data["legislationLegalForce"] = {"@id": SCHEMA + force}
    for field, prop in (("amends", "legislationAmends"), ("repeals", "legislationRepeals"), ("replaces", "legislationChanges")):
        if getattr(doc, field):
            data[prop] = [_reference(portal, ref) for ref in getattr(doc, field)]
    bases = []
    for basis in doc.legal_bases:
        if basis.document and basis.document in portal.documents:
            bases.append(_reference(portal, basis.document))
        else:
            entry = {"@type": "Legislation", "name": basis.text}
            if basis.number:
                entry["legislationIdentifier"] = basis.number
            if basis.url:
                entry["url"] = basis.url
            bases.append(entry)
    if bases:
        data["isBasedOn"] = bases
    files = []
    for attachment in doc.attachments:
        info = portal.files[attachment.file]
        files.append({"@type": "MediaObject", "name": attachment.title or info.label, "contentUrl": _url(portal, paths.attachment_file(info.path)),
                      "encodingFormat": info.media_type, "contentSize": f"{info.size} B", "sha256": info.sha256})
    if files:
        data["encoding"] = files
    return script_json(data)


def consultation_jsonld(portal: Portal, item: Consultation) -> str:
    """JSON-LD of a consultation page: an Event from opening to closing day about the draft."""
    site = portal.site
    data: dict = {
        "@context": CONTEXT, "@type": "Event", "@id": _url(portal, paths.consultation_page(item.id), "lay-y-kien"),
        "url": _url(portal, paths.consultation_page(item.id)), "name": f"Lấy ý kiến Nhân dân: {item.title}", "inLanguage": "vi",
        "startDate": item.opens_on.isoformat(), "endDate": item.closes_on.isoformat(),
        "eventAttendanceMode": {"@id": SCHEMA + "MixedEventAttendanceMode"}, "eventStatus": {"@id": SCHEMA + "EventScheduled"},
        "isAccessibleForFree": True,
        "location": {"@type": "Place", "name": item.address or site.address, "address": {"@type": "PostalAddress", "streetAddress": item.address or site.address, "addressRegion": site.province, "addressCountry": "VN"}},
        "organizer": {"@id": organization(portal)["@id"], "@type": "GovernmentOrganization", "name": organization(portal)["name"]},
        "about": _reference(portal, item.draft),
    }
    if item.matter:
        data["description"] = item.matter
    return script_json(data)
