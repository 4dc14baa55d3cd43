"""Render the site's Markdown pages from a Portal: models in, text out, nothing touched on disk."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from functools import cache

import jinja2
from markupsafe import Markup, escape

from .. import paths
from ..data.models import Disclosure, Document
from ..data.portal import Portal
from ..domain.vocabulary import (
    categories,
    category,
    document_types,
    forms,
    short_date,
    vietnamese_date,
)
from ..law.status import derive_status, relations, status_label
from .accountability import render_accountability_pages
from .feeds import DEFAULT_FEED_SIZE, feed_catalogue
from .labels import UNIT_TYPES, document_label
from .notices import qr_svg

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_text(value: object) -> Markup:
    """Escape text for a Markdown heading: HTML first, then Markdown's own marks."""
    html = str(escape(str(value)))
    return Markup(MD_SPECIAL.sub(r"\\\1", html))


def yaml_string(value: object) -> Markup:
    """Quote text for YAML front matter."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(f'"{text}"')


def file_size(size: int) -> str:
    """Write a byte count the way people read it."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


@cache
def _environment() -> jinja2.Environment:
    """Build the Jinja environment once: HTML-escaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        comment_start_string="<#--",  # "{#" starts Markdown attribute lists such as {#dieu-1}
        comment_end_string="--#>",
    )
    env.filters.update(
        vdate=vietnamese_date, sdate=short_date, md=markdown_text, yaml=yaml_string, size=file_size,
        slug=paths.slug, form_label=lambda key: forms()[key],
    )
    env.globals.update(
        paths=paths,
        categories=categories,
        category=category,
        doc_types=document_types,
        forms=forms,
        unit_types=UNIT_TYPES,
    )
    return env


def _render(template: str, page: str, portal: Portal, **context) -> str:
    """Render one template for one page path, with links computed from that page."""
    def link(target: str, anchor: str | None = None) -> str:
        return paths.relative_url(page, target, anchor)

    text = _environment().get_template(template).render(page=page, portal=portal, site=portal.site, link=link, **context)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


render_page = _render  # for the renderers of other modules (open data page)


def render_pages(portal: Portal) -> dict[str, str]:
    """Render every page of the site: {source path: Markdown}."""
    pages: dict[str, str] = {}
    docs = list(portal.documents.values())
    items = list(portal.disclosures.values())
    feeds = {feed.name: feed for feed in feed_catalogue(portal)}
    site_feed = [feeds[paths.SITE_FEED]]
    pages[paths.HOME] = _render("home.md.j2", paths.HOME, portal, latest=_latest(portal, 10), label=document_label, feeds=site_feed)
    pages[paths.ABOUT] = _render("about.md.j2", paths.ABOUT, portal)
    pages[paths.ENGLISH] = _render("english.md.j2", paths.ENGLISH, portal)
    by_year: dict[int | None, list[Document]] = defaultdict(list)
    by_type: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        by_year[doc.year].append(doc)
        by_type[doc.type].append(doc)
    years = sorted((y for y in by_year if y is not None), reverse=True)
    pages[paths.DOCUMENTS] = _render("documents.md.j2", paths.DOCUMENTS, portal, years=years, by_year=by_year, by_type=by_type, drafts=by_year.get(None, []), label=document_label,
                                     feeds=site_feed + [feeds[paths.type_feed(k)] for k in document_types() if k in by_type] + [feeds[paths.CONSULTATIONS_FEED]])
    for year in years:
        page = paths.year_page(year)
        pages[page] = _render("doc_list.md.j2", page, portal, heading=f"Văn bản năm {year}", docs=by_year[year], label=document_label, feeds=site_feed)
    for type_key, type_docs in by_type.items():
        page = paths.type_page(type_key)
        pages[page] = _render("doc_list.md.j2", page, portal, heading=document_types()[type_key].label, docs=type_docs, label=document_label, feeds=[feeds[paths.type_feed(type_key)]])
    for doc in docs:
        page = paths.document_page(doc.id)
        related = [portal.documents[r] for r in doc.related] + [d for d in portal.referrers("related", doc.id) if d.id not in doc.related]
        status = status_label(derive_status(doc, portal), portal.rules)
        pages[page] = _render(
            "document.md.j2", page, portal, doc=doc, label=document_label, related=related, status=status,
            relations=relations(doc.id, portal), disclosures=portal.disclosures_of(doc.id),
        )
    by_category: dict[int, list[Disclosure]] = defaultdict(list)
    for item in items:
        by_category[item.category].append(item)
    pages[paths.DISCLOSURES] = _render("disclosures.md.j2", paths.DISCLOSURES, portal, by_category=by_category, feeds=site_feed)
    for cat in categories():
        page = paths.category_page(cat.number)
        pages[page] = _render("category.md.j2", page, portal, cat=cat, items=by_category.get(cat.number, []), label=document_label, feeds=[feeds[paths.category_feed(cat.number)]])
    for item in items:
        page = paths.disclosure_page(item.id)
        doc = portal.documents.get(item.document) if item.document else None
        pages[page] = _render("disclosure.md.j2", page, portal, item=item, doc=doc, label=document_label)
        url = paths.absolute_url(portal.site.base_url, page)
        notice = paths.notice_page(item.id)
        pages[notice] = _render("notice.md.j2", notice, portal, item=item, doc=doc, url=url, qr=qr_svg(url))
    pages[paths.REGISTER] = _render("register.md.j2", paths.REGISTER, portal, quarters=_by_quarter(items), label=document_label, feeds=site_feed)
    pages[paths.SUBSCRIBE] = _render("subscribe.md.j2", paths.SUBSCRIBE, portal, feeds=list(feeds.values()), size=DEFAULT_FEED_SIZE)
    pages.update(render_accountability_pages(portal, _render, feeds=[feeds[paths.CONSULTATIONS_FEED]]))
    pages[paths.SEARCH] = _render("search.md.j2", paths.SEARCH, portal)
    return dict(sorted(pages.items()))


def _latest(portal: Portal, count: int) -> list[tuple[dt.date, str, str, str]]:
    """Return the newest documents and disclosures as (date, kind label, title, page)."""
    entries = [(d.published_on, category(d.category).name, d.title, paths.disclosure_page(d.id)) for d in portal.disclosures.values()]
    entries += [(d.adopted_on, document_label(d), d.title, paths.document_page(d.id)) for d in portal.documents.values() if d.adopted_on]
    return sorted(entries, key=lambda e: (e[0], e[3]), reverse=True)[:count]


def _by_quarter(items: list[Disclosure]) -> list[tuple[str, list[Disclosure]]]:
    """Group disclosures by the quarter they were published in, newest quarter first."""
    groups: dict[tuple[int, int], list[Disclosure]] = defaultdict(list)
    for item in items:
        groups[(item.published_on.year, (item.published_on.month - 1) // 3 + 1)].append(item)
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    return [(f"Quý {roman[q]} năm {y}", sorted(groups[(y, q)], key=lambda d: (d.published_on, d.id))) for y, q in sorted(groups, reverse=True)]
