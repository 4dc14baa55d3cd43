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
from ..domain.rules import deadline
from ..domain.vocabulary import (
    categories,
    category,
    document_types,
    forms,
    short_date,
    vietnamese_date,
)
from ..law.findings import ComplianceReport
from ..law.status import derive_status, relations, status_label
from .accountability import render_accountability_pages
from .body_html import article_html, markdown_text, paragraphs_html
from .budget_page import LINES, STAGES, budget_years
from .charts import compliance_chart, format_amount, table_chart
from .feeds import DEFAULT_FEED_SIZE, feed_catalogue
from .feedback import feedback_link, url_text
from .labels import UNIT_TYPES, document_label
from .notices import qr_svg

BLANK_LINES = re.compile(r"\n{3,}")


def collapse_blank_lines(text: str) -> str:
    """Make every run of three or more line breaks two: BLANK_LINES.sub("\\n\\n", text), done with
    str.replace, which finds the runs with memchr, about 2.5 times faster over a page's whole text
    than the regex. A run only shrinks, 3 to 2 at a time, and never below 2."""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


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
        auto_reload=False,  # the package's templates do not change while a process runs: no stat per page
    )
    env.filters.update(
        vdate=vietnamese_date, sdate=short_date, md=markdown_text, yaml=yaml_string, size=file_size,
        slug=paths.slug, form_label=lambda key: forms()[key], urlencode=url_text,
    )
    env.globals.update(
        paths=paths,
        categories=categories,
        category=category,
        doc_types=document_types,
        forms=forms,
        unit_types=UNIT_TYPES,
        table_chart=table_chart,
        feedback_link=feedback_link,
        article_html=article_html,
        paragraphs_html=paragraphs_html,
        compliance_chart=compliance_chart,
    )
    return env


def _render(template: str, page: str, portal: Portal, **context) -> str:
    """Render one template for one page path, with links computed from that page."""
    def link(target: str, anchor: str | None = None) -> str:
        return paths.relative_url(page, target, anchor)

    context.setdefault("deadline", lambda name, default: deadline(portal.rules, name, default))
    text = _environment().get_template(template).render(page=page, portal=portal, site=portal.site, link=link, **context)
    return separate_words(collapse_blank_lines(text)).rstrip() + "\n"


# Table cells side by side, a term and its description (.ck-meta's grid), and a link followed by its
# grey line (.ck-sub, display: block): a reader sees them apart, but a text extractor such as
# Pagefind joins their texts into one word ("STTNội dung", "năm 2026Đăng 07/05/2026", "Thời gianTừ"),
# which no search finds and a result's text should not show.
_JOINED = (("</td><td", "</td> <td"), ("</th><th", "</th> <th"), ("</dt><dd", "</dt> <dd"), ("</dd><dt", "</dd> <dt"),
           ('</a><span class="ck-sub">', '</a> <span class="ck-sub">'))


def separate_words(html: str) -> str:
    """Put a space where two elements' texts would otherwise run together (the page looks the same)."""
    for joined, apart in _JOINED:
        html = html.replace(joined, apart)
    return html


render_page = _render  # for the renderers of other modules (open data page)


def render_pages(portal: Portal, report: ComplianceReport | None = None) -> dict[str, str]:
    """Render every page of the site but the documents' and disclosures' own (render_document_pages,
    render_disclosure_pages; render/site.py shares those between two processes): {source path:
    Markdown}; `report` is compute_compliance(portal) when the caller has it already."""
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
        pages.update(_paged("doc_list.md.j2", paths.year_page(year), portal, "docs", by_year[year], heading=f"Văn bản năm {year}", label=document_label, feeds=site_feed))
    for type_key, type_docs in by_type.items():
        pages.update(_paged("doc_list.md.j2", paths.type_page(type_key), portal, "docs", type_docs, heading=document_types()[type_key].label, label=document_label, feeds=[feeds[paths.type_feed(type_key)]]))
    by_category: dict[int, list[Disclosure]] = defaultdict(list)
    for item in items:
        by_category[item.category].append(item)
    pages[paths.DISCLOSURES] = _render("disclosures.md.j2", paths.DISCLOSURES, portal, by_category=by_category, feeds=site_feed)
    for cat in categories():
        pages.update(_paged("category.md.j2", paths.category_page(cat.number), portal, "items", by_category.get(cat.number, []), cat=cat, label=document_label, feeds=[feeds[paths.category_feed(cat.number)]]))
    register = [(quarter, item) for quarter, group in _by_quarter(items) for item in group]
    for page, text in _paged("register.md.j2", paths.REGISTER, portal, "entries", register, label=document_label, feeds=site_feed).items():
        pages[page] = text
    pages[paths.SUBSCRIBE] = _render("subscribe.md.j2", paths.SUBSCRIBE, portal, feeds=list(feeds.values()), size=DEFAULT_FEED_SIZE)
    pages.update(render_accountability_pages(portal, _render, _paged, feeds=[feeds[paths.CONSULTATIONS_FEED]], report=report))
    search_types = sorted({document_types()[d.type].label for d in docs}) + ["Giới thiệu", "Ngân sách", "Thông tin công khai"]
    search_years = sorted({d.adopted_on.year for d in docs if d.adopted_on} | {i.published_on.year for i in items}, reverse=True)
    pages[paths.SEARCH] = _render("search.md.j2", paths.SEARCH, portal, search_types=search_types, search_years=search_years)
    pages[paths.BUDGET] = _render("budget.md.j2", paths.BUDGET, portal, years=budget_years(portal), lines=LINES, stages=STAGES, amount=format_amount,
                                  percent=lambda r: f"{r * 100:.1f}%".replace(".", ","))
    pages[paths.POSTER] = _render("poster.md.j2", paths.POSTER, portal, channels=poster_channels(portal), qr=qr_svg)
    return dict(sorted(pages.items()))


def render_document_pages(portal: Portal, doc: Document) -> dict[str, str]:
    """Render a document's own page."""
    page = paths.document_page(doc.id)
    related = [portal.documents[r] for r in doc.related] + [d for d in portal.referrers("related", doc.id) if d.id not in doc.related]
    status = status_label(derive_status(doc, portal), portal.rules)
    return {page: _render(
        "document.md.j2", page, portal, doc=doc, label=document_label, related=related, status=status,
        feedback_item=f"{document_label(doc)}: {doc.title}",
        relations=relations(doc.id, portal), disclosures=portal.disclosures_of(doc.id),
    )}


def render_disclosure_pages(portal: Portal, item: Disclosure) -> dict[str, str]:
    """Render a disclosure's own pages: its page and its printable notice."""
    page = paths.disclosure_page(item.id)
    doc = portal.documents.get(item.document) if item.document else None
    url = paths.absolute_url(portal.site.base_url, page)
    notice = paths.notice_page(item.id)
    return {page: _render("disclosure.md.j2", page, portal, item=item, doc=doc, label=document_label),
            notice: _render("notice.md.j2", notice, portal, item=item, doc=doc, url=url, qr=qr_svg(url))}


def _paged(template: str, first: str, portal: Portal, name: str, entries: list, **context) -> dict[str, str]:
    """Render a list over as many pages as it needs, LIST_PAGE_SIZE entries each, each with a pager."""
    size = paths.LIST_PAGE_SIZE
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    out = {}
    for number, chunk in enumerate(chunks, 1):
        page = paths.list_page(first, number)
        pager = _pager(page, first, number, len(chunks))
        extra = {"quarters": _regroup(chunk)} if name == "entries" else {name: chunk}
        out[page] = _render(template, page, portal, pager=pager, page_number=number, page_count=len(chunks), total=len(entries), **extra, **context)
    return out


def _regroup(entries: list[tuple[str, Disclosure]]) -> list[tuple[str, list[Disclosure]]]:
    """Group consecutive (quarter, item) entries back under their quarter."""
    groups: list[tuple[str, list[Disclosure]]] = []
    for quarter, item in entries:
        if not groups or groups[-1][0] != quarter:
            groups.append((quarter, []))
        groups[-1][1].append(item)
    return groups


def _pager(page: str, first: str, number: int, count: int) -> Markup:
    """Links to the first, previous, nearby, next and last pages: the same size however long the list."""
    if count == 1:
        return Markup("")
    def a(n: int, text: str, rel: str = "") -> str:
        href = escape(paths.relative_url(page, paths.list_page(first, n)))  # paths from fixed keys; escaped all the same
        return f'<a href="{href}"{f" rel={chr(34)}{rel}{chr(34)}" if rel else ""}>{text}</a>'
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    parts = [a(number - 1, "‹ Trang trước", "prev")] if number > 1 else []
    previous = 0
    for n in shown:
        if n - previous > 1:
            parts.append("<span>…</span>")
        parts.append(f'<strong aria-current="page">{n}</strong>' if n == number else a(n, str(n)))
        previous = n
    if number < count:
        parts.append(a(number + 1, "Trang sau ›", "next"))
    return Markup(f'<nav class="ck-pager" aria-label="Các trang của danh sách">Trang {number}/{count}: {" ".join(parts)}</nav>')


def _latest(portal: Portal, count: int) -> list[tuple[dt.date, str, str, str, tuple[str, str] | None]]:
    """Return the newest documents and disclosures as (date, kind label, title, page, document link).

    A document that a disclosure discloses is listed once, with the disclosure: its link rides along
    as (label, page) instead of a second, near-identical entry."""
    disclosed = {d.document for d in portal.disclosures.values() if d.document in portal.documents}
    entries = [(d.published_on, category(d.category).name, d.title, paths.disclosure_page(d.id),
                (document_label(portal.documents[d.document]), paths.document_page(d.document)) if d.document in portal.documents else None)
               for d in portal.disclosures.values()]
    entries += [(d.adopted_on, document_label(d), d.title, paths.document_page(d.id), None)
                for d in portal.documents.values() if d.adopted_on and d.id not in disclosed]
    return sorted(entries, key=lambda e: (e[0], e[3]), reverse=True)[:count]


def _by_quarter(items: list[Disclosure]) -> list[tuple[str, list[Disclosure]]]:
    """Group disclosures by the quarter they were published in, newest quarter first."""
    groups: dict[tuple[int, int], list[Disclosure]] = defaultdict(list)
    for item in items:
        groups[(item.published_on.year, (item.published_on.month - 1) // 3 + 1)].append(item)
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    return [(f"Quý {roman[q]} năm {y}", sorted(groups[(y, q)], key=lambda d: (d.published_on, d.id))) for y, q in sorted(groups, reverse=True)]


def poster_channels(portal: Portal) -> list[tuple[str, str, str]]:
    """The one-stop counter poster's QR codes: rating, feedback e-mail, province portal, this site."""
    feedback = portal.site.feedback
    channels = []
    if feedback.satisfaction_url:
        channels.append(("Đánh giá mức độ hài lòng", feedback.satisfaction_url, feedback.satisfaction_url))
    if feedback.email:
        channels.append(("Gửi góp ý qua thư điện tử", f"mailto:{feedback.email}", feedback.email))
    if feedback.portal_url:
        channels.append(("Phản ánh, kiến nghị", feedback.portal_url, feedback.portal_url))
    about = paths.absolute_url(portal.site.base_url, paths.ABOUT)
    channels.append(("Trang công khai thông tin", about, about))
    return channels
