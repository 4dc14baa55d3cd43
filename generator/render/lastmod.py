"""When each page's content last changed, from the data's own dates (never the build date).

A record changed when it was published (adopted, posted, opened) or when a change note says so;
a list changed when the newest of its records did. Pages whose text is computed against today (the
compliance page, the consultations list) changed today. Pages made of fixed text have no date.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import paths
from ..data.models import Consultation, Disclosure, Document
from ..data.portal import Portal
from ..domain.vocabulary import categories


def _latest(*dates: dt.date | None) -> dt.date | None:
    found = [d for d in dates if d is not None]
    return max(found) if found else None


def document_date(doc: Document) -> dt.date | None:
    return _latest(doc.adopted_on, *(c.date for c in doc.changes))


def disclosure_date(item: Disclosure) -> dt.date:
    return _latest(item.published_on, *(c.date for c in item.changes))  # type: ignore[return-value]


def consultation_date(item: Consultation, today: dt.date) -> dt.date:
    closed = item.closes_on if item.closes_on <= today else None
    return _latest(item.opens_on, closed, item.results.published_on if item.results else None, *(c.date for c in item.changes))  # type: ignore[return-value]


def page_dates(portal: Portal) -> dict[str, dt.date]:
    """Return {page source path: date its content last changed} for every dated page."""
    today = portal.today
    docs = {d.id: document_date(d) for d in portal.documents.values()}
    items = {d.id: disclosure_date(d) for d in portal.disclosures.values()}
    consults = {c.id: consultation_date(c, today) for c in portal.consultations.values()}
    for item in portal.consultations.values():  # a draft without a date changed when it went out for comments
        docs[item.draft] = _latest(docs.get(item.draft), consults[item.id])
    dates: dict[str, dt.date | None] = {}
    for doc in portal.documents.values():
        dates[paths.document_page(doc.id)] = _latest(docs[doc.id], *(items[d.id] for d in portal.disclosures_of(doc.id)))
        if doc.year:
            dates[paths.year_page(doc.year)] = _latest(dates.get(paths.year_page(doc.year)), docs[doc.id])
        dates[paths.type_page(doc.type)] = _latest(dates.get(paths.type_page(doc.type)), docs[doc.id])
    for item in portal.disclosures.values():
        dates[paths.disclosure_page(item.id)] = dates[paths.notice_page(item.id)] = items[item.id]
    for cat in categories():
        dates[paths.category_page(cat.number)] = _latest(*(items[d.id] for d in portal.disclosures.values() if d.category == cat.number))
    for item in portal.consultations.values():
        dates[paths.consultation_page(item.id)] = consults[item.id]
    dates[paths.DOCUMENTS] = _latest(*docs.values())
    dates[paths.DISCLOSURES] = dates[paths.REGISTER] = _latest(*items.values())
    dates[paths.HOME] = _latest(dates[paths.DOCUMENTS], dates[paths.DISCLOSURES], *consults.values())
    dates[paths.COMPLIANCE] = dates[paths.CONSULTATIONS] = today
    return {page: day for page, day in dates.items() if day is not None}


def item_page_dates(portal: Portal, documents: set[str], disclosures: set[str]) -> dict[str, dt.date]:
    """page_dates for just these documents' and disclosures' own pages (the live preview's first step)."""
    today = portal.today
    dates: dict[str, dt.date | None] = {}
    for key in documents:
        doc = portal.documents[key]
        own = _latest(document_date(doc), *(consultation_date(c, today) for c in portal.consultations.values() if c.draft == key))
        dates[paths.document_page(key)] = _latest(own, *(disclosure_date(d) for d in portal.disclosures_of(key)))
    for key in disclosures:
        dates[paths.disclosure_page(key)] = dates[paths.notice_page(key)] = disclosure_date(portal.disclosures[key])
    return {page: day for page, day in dates.items() if day is not None}


_FRONT = re.compile(r"\A---\n")


def with_front_matter(text: str, fields: dict[str, str]) -> str:
    """Add already-quoted `key: value` lines at the top of a page's front matter."""
    if not fields or not _FRONT.match(text):
        return text
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + text[4:]
