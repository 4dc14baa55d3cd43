"""Everything rendered for one site (pure): pages, feeds, open data, and each page's metadata.

Page metadata for the theme's <head> (theme/main.html) is added to each page's front matter here:
`lastmod` (the date its content last changed, for the sitemap), `image` (the link-preview card)
and `jsonld` (schema.org statements) on the pages that describe something.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from .. import paths
from ..data.portal import Portal
from ..data.shares import BothEnds, here
from ..law.compliance import compute_compliance
from .card import HEIGHT as CARD_HEIGHT
from .card import WIDTH as CARD_WIDTH
from .feeds import render_feeds
from .identity import render_identity
from .jsonld import consultation_jsonld, document_jsonld, organization_jsonld
from .lastmod import item_page_dates, page_dates, with_front_matter
from .notices import known_codes, remember_codes
from .open_data import render_open_data
from .pages import (
    render_disclosure_pages,
    render_document_pages,
    render_page,
    render_pages,
    yaml_string,
)


def page_jsonld(portal: Portal) -> dict[str, str]:
    """Return {page: JSON-LD text} for the pages that describe a document, the unit or a consultation."""
    found = {paths.HOME: organization_jsonld(portal), paths.ABOUT: organization_jsonld(portal)}
    found.update({paths.document_page(doc.id): document_jsonld(portal, doc) for doc in portal.documents.values()})
    found.update({paths.consultation_page(item.id): consultation_jsonld(portal, item) for item in portal.consultations.values()})
    return found


def preview_image(portal: Portal) -> dict[str, str]:
    """Front matter naming the link-preview image: the unit's emblem, or the card drawn at build time."""
    site = portal.site
    if site.emblem:
        info = portal.files[site.emblem]
        return {"image": yaml_string(paths.absolute_url(site.base_url, paths.attachment_file(info.path))), "image_type": yaml_string(info.media_type)}
    return {"image": yaml_string(paths.absolute_url(site.base_url, paths.CARD_IMAGE)), "image_type": yaml_string("image/png"),
            "image_width": yaml_string(CARD_WIDTH), "image_height": yaml_string(CARD_HEIGHT)}


def render_site(portal: Portal, elsewhere=here) -> tuple[dict[str, str], dict[str, bytes]]:
    """Render the whole site: ({site_src path: text}, {site_src path: bytes}).

    The feeds and the open data are rendered by `elsewhere`, which a build sets to run them in a
    second process (publish/forked.py): same signature and result as `here`. The documents' and
    disclosures' own pages (half the render at 5,000 items) are shared: this process renders them
    from the first after the lists, `elsewhere` from the last after the feeds and the open data,
    until they meet (BothEnds), and the QR codes it encoded come back for the cache."""
    report = compute_compliance(portal)  # one report for the compliance page, its export and the deadlines calendar
    items = _item_pages(portal)
    ends = BothEnds(len(items))
    with elsewhere(_the_rest, portal, report, items, ends) as rest:
        texts = {**render_pages(portal, report), **render_identity(portal)}
        done = {}
        for index in ends.front():
            done[index] = items[index]()
        feeds, (extra, blobs), theirs, codes = rest()
    remember_codes(codes)
    for index in range(len(items)):  # each item's pages, in order; any the other end took but did not give, here
        texts.update(done.pop(index, None) or theirs.pop(index, None) or items[index]())
    theirs.clear()  # the pages both ends rendered: only `texts` holds a page now, freed once its front matter is added
    texts.update(feeds)
    texts.update(extra)
    _add_front_matter(portal, texts, page_dates(portal), page_jsonld(portal))
    return dict(sorted(texts.items())), dict(sorted(blobs.items()))


def _item_pages(portal: Portal) -> list[Callable[[], dict[str, str]]]:
    """The render of each document's and each disclosure's own pages, as tasks."""
    return [*(partial(render_document_pages, portal, doc) for doc in portal.documents.values()),
            *(partial(render_disclosure_pages, portal, item) for item in portal.disclosures.values())]


def _the_rest(portal: Portal, report, items: list, ends: BothEnds):
    """What `elsewhere` renders while the lists and the first item pages are: the feeds and the open
    data, then item pages from the last; with the QR codes encoded for them (address -> matrix)."""
    known = set(known_codes())
    feeds, open_data = render_feeds(portal), render_open_data(portal, render_page, report)
    theirs = {index: items[index]() for index in ends.back()}
    return feeds, open_data, theirs, {url: code for url, code in known_codes().items() if url not in known}


def render_item_pages(portal: Portal, documents: set[str], disclosures: set[str]) -> dict[str, str]:
    """Render only these documents' and disclosures' own pages, and the identity header and footer,
    exactly as render_site renders them (the live preview shows a saved item's page first)."""
    texts = render_identity(portal)
    jsonld = {}
    for key in sorted(documents):
        doc = portal.documents[key]
        texts.update(render_document_pages(portal, doc))
        jsonld[paths.document_page(key)] = document_jsonld(portal, doc)
    for key in sorted(disclosures):
        texts.update(render_disclosure_pages(portal, portal.disclosures[key]))
    _add_front_matter(portal, texts, item_page_dates(portal, documents, disclosures), jsonld)
    return texts


def _add_front_matter(portal: Portal, texts: dict[str, str], dates: dict, jsonld: dict[str, str]) -> None:
    """Give each page its link-preview image, sitemap date and schema.org statements."""
    image = preview_image(portal)  # the same on every page
    for page in [p for p in texts if p.endswith(".md")]:
        fields = dict(image)
        if page in dates:
            fields["lastmod"] = yaml_string(dates[page].isoformat())
        if page in jsonld:
            fields["jsonld"] = yaml_string(jsonld[page])
        texts[page] = with_front_matter(texts[page], fields)
