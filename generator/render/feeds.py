"""Render the site's RSS 2.0 and Atom feeds from a Portal: models in, {path: xml} out.

Every date comes from the data (at 00:00 in Vietnam), never from the clock, so two builds of the
same data give byte-identical feeds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .. import paths
from ..data.models import ChangeNote, Consultation, Disclosure, Document
from ..data.portal import Portal
from ..domain.vocabulary import (
    categories,
    category,
    document_types,
    short_date,
    vietnamese_date,
)
from .labels import UNIT_TYPES, document_label

DEFAULT_FEED_SIZE = 50
VIETNAM = dt.timezone(dt.timedelta(hours=7))
CONSULTATION_LABEL = "Lấy ý kiến Nhân dân"


@dataclass(frozen=True)
class FeedInfo:
    """One feed as people see it listed: its name, title, one-line description and list page."""

    name: str  # file stem decided by paths, e.g. "linh-vuc-02"
    label: str  # short, for the subscribe page's table
    title: str
    description: str
    page: str  # the list page the feed follows

    @property
    def rss(self) -> str:
        return paths.feed_file(self.name, "rss")

    @property
    def atom(self) -> str:
        return paths.feed_file(self.name, "atom")


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    media_type: str


@dataclass(frozen=True)
class Entry:
    """One item of a feed, independent of the format it is written in."""

    id: str
    title: str
    summary: str
    published: dt.date
    updated: dt.date
    link: str
    category: str
    enclosures: tuple[Enclosure, ...]


class _AtomLinks(BaseEntryExtension):
    """Write an Atom entry's enclosure links with rel, type and length.

    feedgen 1.0 drops those attributes from entry links (the loop variable is shadowed by the new
    element), which would turn enclosures into plain links; the extension writes them itself.
    """

    def __init__(self):
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):
        for attributes in self.links:
            etree.SubElement(entry, "link", attributes)
        return entry


def feed_catalogue(portal: Portal) -> list[FeedInfo]:
    """List every feed of the site in the order the subscribe page shows them."""
    unit = f"{UNIT_TYPES[portal.site.unit_type]} {portal.site.name}"

    def feed(name: str, label: str, description: str, page: str) -> FeedInfo:
        return FeedInfo(name, label, f"{label} — {unit}", description, page)

    feeds = [feed(paths.SITE_FEED, "Tất cả tin mới", f"Mọi thông tin công khai, văn bản, dự thảo lấy ý kiến mới đăng hoặc được đính chính của {unit}.", paths.HOME)]
    for cat in categories():
        feeds.append(feed(paths.category_feed(cat.number), f"Mục {cat.number}: {cat.name}", f"Thông tin công khai mục {cat.number}: {cat.plain}", paths.category_page(cat.number)))
    present = {doc.type for doc in portal.documents.values()}
    for key, info in document_types().items():
        if key in present:
            feeds.append(feed(paths.type_feed(key), info.label, f"{info.label} mới ban hành, dự thảo {info.label.lower()} đưa ra lấy ý kiến.", paths.type_page(key)))
    feeds.append(feed(paths.CONSULTATIONS_FEED, CONSULTATION_LABEL, "Khi bắt đầu, khi kết thúc lấy ý kiến Nhân dân về một dự thảo và khi công bố kết quả tổng hợp ý kiến.", paths.CONSULTATIONS))
    return feeds


def render_feeds(portal: Portal, size: int = DEFAULT_FEED_SIZE) -> dict[str, str]:
    """Render every feed in both formats, newest `size` entries each: {site_src path: xml}."""
    docs = [(e, d.type) for d in portal.documents.values() if (e := _document_entry(portal, d))]
    items = [(_disclosure_entry(portal, d), d.category) for d in portal.disclosures.values() if d.published_on <= portal.today]
    events = [e for c in portal.consultations.values() for e in _consultation_entries(portal, c)]
    # The site-wide feed carries what was published; a consultation opening is the draft's entry.
    results = [e for e in events if e.id.endswith("/ket-qua")]
    selected: dict[str, list[Entry]] = {paths.SITE_FEED: [e for e, _ in docs + items] + results, paths.CONSULTATIONS_FEED: events}
    for entry, number in items:
        selected.setdefault(paths.category_feed(number), []).append(entry)
    for entry, type_key in docs:
        selected.setdefault(paths.type_feed(type_key), []).append(entry)
    newest = max((e.updated for e in selected[paths.SITE_FEED] + events), default=portal.today)
    texts: dict[str, str] = {}
    for info in feed_catalogue(portal):
        entries = sorted(selected.get(info.name, []), key=lambda e: (e.updated, e.published, e.id), reverse=True)[:size]
        for fmt in paths.FEED_FORMATS:
            texts[paths.feed_file(info.name, fmt)] = _write_feed(portal, info, entries, fmt, newest)
    # mkdocs-material's language switcher fetches "sitemap.xml" beside every <link rel="alternate">
    # of a page, feeds included: an empty sitemap here answers that request instead of a 404,
    # while the feed links keep the rel="alternate" every feed reader looks for.
    texts[paths.FEEDS_SITEMAP] = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
    return dict(sorted(texts.items()))


def _write_feed(portal: Portal, info: FeedInfo, entries: list[Entry], fmt: str, fallback: dt.date) -> str:
    """Write one feed in one format with feedgen; an empty feed is dated by the newest item of the site."""
    base = portal.site.base_url
    fg = FeedGenerator()
    fg.id(paths.absolute_url(base, info.rss))  # the same id for both formats of one feed
    fg.title(info.title)
    fg.subtitle(info.description)
    fg.language("vi")
    fg.generator("")  # no software name or version: builds of the same data stay identical
    fg.link(href=paths.absolute_url(base, paths.feed_file(info.name, fmt)), rel="self", type="application/rss+xml" if fmt == "rss" else "application/atom+xml")
    fg.link(href=paths.absolute_url(base, info.page), rel="alternate", type="text/html")  # last link is RSS <link>
    fg.updated(_moment(max((e.updated for e in entries), default=fallback)))
    fg.register_extension("congkhai", BaseExtension, _AtomLinks, atom=True, rss=False)
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.title(entry.title)
        fe.summary(entry.summary)
        fe.published(_moment(entry.published))
        fe.updated(_moment(entry.updated))
        fe.category(term=entry.category, label=entry.category)
        fe.link(href=entry.link, rel="alternate")  # Atom writes it bare: rel defaults to alternate
        if fmt == "rss" and entry.enclosures:  # RSS allows one enclosure per item: the first attachment
            first = entry.enclosures[0]
            fe.enclosure(first.url, str(first.length), first.media_type)
        elif fmt == "atom":
            fe.congkhai.links = [{"href": e.url, "rel": "enclosure", "type": e.media_type, "length": str(e.length)} for e in entry.enclosures]
    data = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
    return data.decode("utf-8")


def _moment(day: dt.date) -> dt.datetime:
    """Turn a date from the data into midnight in Vietnam."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=VIETNAM)


def _changes(portal: Portal, notes: list[ChangeNote]) -> list[ChangeNote]:
    """Return the change notes already in effect, oldest first."""
    return sorted((n for n in notes if n.date <= portal.today), key=lambda n: n.date)


def _change_text(notes: list[ChangeNote]) -> str:
    """Describe corrections in one sentence each."""
    return " ".join(f"Cập nhật ngày {short_date(n.date)}: {n.what.rstrip('.')}. Lý do: {n.why.rstrip('.')}." for n in notes)


def _enclosures(portal: Portal, attachments: list) -> tuple[Enclosure, ...]:
    """Describe attachments as enclosures, each file once, in the order the data lists them."""
    found: dict[str, Enclosure] = {}
    for attachment in attachments:
        info = portal.files[attachment.file]
        found.setdefault(attachment.file, Enclosure(paths.absolute_url(portal.site.base_url, paths.attachment_file(attachment.file)), info.size, info.media_type))
    return tuple(found.values())


def _document_summary(doc: Document) -> str:
    """Describe a document the way a register does: type, number, date, issuer, abstract."""
    when = f" {vietnamese_date(doc.adopted_on)}" if doc.adopted_on else ""
    text = f"{document_label(doc)}{when} của {doc.issuer}: {doc.title.rstrip('.')}."
    if doc.effective_on:
        text += f" Có hiệu lực từ {vietnamese_date(doc.effective_on)}."
    elif doc.effective_on_adoption and doc.adopted_on:
        text += " Có hiệu lực kể từ ngày thông qua."
    return text


def _document_entry(portal: Portal, doc: Document) -> Entry | None:
    """Make the entry of one document: adopted ones by adoption date, drafts once put to consultation."""
    opened = [c for c in portal.consultations.values() if c.draft == doc.id and c.opens_on <= portal.today]
    if doc.status == "draft":
        if not opened:
            return None  # a draft nobody was asked about yet is not news
        first = min(opened, key=lambda c: (c.opens_on, c.id))
        date = first.opens_on
        summary = f"{_document_summary(doc)} Lấy ý kiến Nhân dân từ {short_date(first.opens_on)} đến {short_date(first.closes_on)}."
    elif doc.adopted_on and doc.adopted_on <= portal.today:
        date, summary = doc.adopted_on, _document_summary(doc)
    else:
        return None
    notes = _changes(portal, doc.changes)
    title = doc.title if doc.status == "draft" else f"{document_label(doc)}: {doc.title}"
    return Entry(
        id=paths.entry_id(portal.site.base_url, "van-ban", doc.id),
        title=title,
        summary=" ".join(filter(None, [summary, _change_text(notes)])),
        published=date,
        updated=max([date] + [n.date for n in notes]),
        link=paths.absolute_url(portal.site.base_url, paths.document_page(doc.id)),
        category=document_types()[doc.type].label,
        enclosures=_enclosures(portal, doc.attachments),
    )


def _disclosure_entry(portal: Portal, item: Disclosure) -> Entry:
    """Make the entry of one disclosure, with the attachments of the document it discloses."""
    doc = portal.documents.get(item.document) if item.document else None
    if item.summary:
        summary = item.summary
    elif doc:
        summary = _document_summary(doc)
    elif item.external_document:
        ext = item.external_document
        summary = " ".join(filter(None, [f"Văn bản số {ext.number}" if ext.number else "Văn bản", vietnamese_date(ext.date), f"của {ext.issuer}" if ext.issuer else ""])) + f": {ext.title.rstrip('.')}."
    else:
        summary = item.title
    notes = _changes(portal, item.changes)
    return Entry(
        id=paths.entry_id(portal.site.base_url, "cong-khai", item.id),
        title=item.title,
        summary=" ".join(filter(None, [summary, _change_text(notes)])),
        published=item.published_on,
        updated=max([item.published_on] + [n.date for n in notes]),
        link=paths.absolute_url(portal.site.base_url, paths.disclosure_page(item.id)),
        category=f"Mục {item.category}: {category(item.category).name}",
        enclosures=_enclosures(portal, item.attachments + (doc.attachments if doc else [])),
    )


def _consultation_entries(portal: Portal, item: Consultation) -> list[Entry]:
    """Make the entries of a consultation that has happened: opened, closed, results published."""
    draft = portal.documents[item.draft]
    base = portal.site.base_url
    link = paths.absolute_url(base, paths.consultation_page(item.id))
    channels = "; ".join(filter(None, [
        f"thư điện tử {item.email}" if item.email else "",
        f"trực tiếp tại {item.address}" if item.address else "",
        f"điện thoại {item.phone}" if item.phone else "",
        f"hội nghị: {item.meeting}" if item.meeting else "",
    ]))
    opened = f"Dự thảo: {draft.title.rstrip('.')}. Lấy ý kiến Nhân dân từ {vietnamese_date(item.opens_on)} đến {vietnamese_date(item.closes_on)}."
    if item.matter:
        opened += f" Nội dung: {item.matter.rstrip('.')}."
    if channels:
        opened += f" Gửi ý kiến qua {channels}."
    events = [
        ("mo", f"Bắt đầu lấy ý kiến: {item.title}", opened, item.opens_on),
        ("dong", f"Kết thúc lấy ý kiến: {item.title}", f"Dự thảo: {draft.title.rstrip('.')}. Thời gian lấy ý kiến kết thúc {vietnamese_date(item.closes_on)}; kết quả tổng hợp ý kiến sẽ được công bố trên trang.", item.closes_on),
    ]
    if item.results:
        events.append(("ket-qua", f"Kết quả lấy ý kiến: {item.title}", f"{item.results.summary.rstrip('.')}. Giải trình: {item.results.explanation.rstrip('.')}.", item.results.published_on))
    events = [e for e in events if e[3] <= portal.today]
    # A change note updates the newest entry out on the note's date, the one readers had then: one
    # correction is one updated entry, not every earlier entry of the consultation moved up again.
    notes: dict[str, list[ChangeNote]] = {}
    for note in _changes(portal, item.changes):
        out = [e for e in events if e[3] <= note.date]
        if out:
            notes.setdefault(sorted(out, key=lambda e: e[3])[-1][0], []).append(note)  # stable: results win a tie
    return [
        Entry(
            paths.entry_id(base, "lay-y-kien", item.id, event), title,
            " ".join(filter(None, [summary, _change_text(notes.get(event, []))])),
            day, max([day] + [n.date for n in notes.get(event, [])]), link, CONSULTATION_LABEL, (),
        )
        for event, title, summary, day in events
    ]
