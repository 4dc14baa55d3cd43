"""The site's official identity: national title and motto, footer with who runs the site, the logo.

The header and footer are rendered once per build as HTML fragments; the theme (theme/main.html)
puts them on every page. Links in them carry paths.BASE_TOKEN where each page's relative site root
goes, so the fragments stay the same for every page and the site works under any sub-path.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from .. import paths
from ..data.portal import Portal
from ..domain.vocabulary import vietnamese_date
from .labels import UNIT_TYPES

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


def unit_name(portal: Portal) -> str:
    """Name the unit with its type word: "phường Bách Quang"."""
    return f"{UNIT_TYPES[portal.site.unit_type]} {portal.site.name}"


def governing_body(portal: Portal) -> str:
    """Return the body that runs the site: the one in site.yaml, else the unit's People's Committee."""
    return portal.site.governing_body or f"Ủy ban nhân dân {unit_name(portal)}"


def last_updated(portal: Portal) -> dt.date | None:
    """Return the newest date anything on the site was published or changed, up to today."""
    dates: list[dt.date] = []
    for doc in portal.documents.values():
        dates += [d for d in (doc.adopted_on,) if d] + [c.date for c in doc.changes]
    for item in portal.disclosures.values():
        dates += [item.published_on] + [c.date for c in item.changes]
    for cons in portal.consultations.values():
        dates += [cons.opens_on] + ([cons.results.published_on] if cons.results else []) + [c.date for c in cons.changes]
    dates = [d for d in dates if d <= portal.today]
    return max(dates, default=None)


def render_identity(portal: Portal) -> dict[str, str]:
    """Render the header and footer fragments, and the neutral logo when data/ has none."""
    texts = {paths.IDENTITY_HEADER: _header(portal), paths.IDENTITY_FOOTER: _footer(portal)}
    if not (portal.site.logo or portal.site.emblem):
        texts[paths.DEFAULT_LOGO] = default_logo(portal.site.name)
    return texts


def _header(portal: Portal) -> str:
    """The national title and motto above the site's own header (Decree 30/2020 layout)."""
    return (
        f'<aside class="ck-national" aria-label="Quốc hiệu, tiêu ngữ">'
        f'<p class="ck-national__title">{NATIONAL_TITLE}</p>'
        f'<p class="ck-national__motto">{NATIONAL_MOTTO}</p>'
        f"</aside>\n"
    )


def _footer(portal: Portal) -> str:
    """Who runs the site and answers for it, how to reach them, and when it was last updated."""
    site = portal.site
    base = paths.BASE_TOKEN
    rows: list[tuple[str, Markup | str]] = [("Cơ quan chủ quản", governing_body(portal))]
    if site.responsible:
        rows.append(("Chịu trách nhiệm nội dung", f"{site.responsible.title} {site.responsible.name}"))
    rows.append(("Địa chỉ", site.address))
    if site.phone:
        rows.append(("Điện thoại", Markup('<a href="tel:{}">{}</a>').format(site.phone.replace(" ", ""), site.phone)))
    if site.email:
        rows.append(("Thư điện tử", Markup('<a href="mailto:{0}">{0}</a>').format(site.email)))
    if site.licence:
        rows.append(("Giấy phép, quyết định thiết lập trang", site.licence))
    updated = last_updated(portal)
    if updated:
        rows.append(("Cập nhật lần cuối", vietnamese_date(updated).removeprefix("ngày ")))
    items = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in rows)
    links = [Markup('<a href="{}{}">Giới thiệu và liên hệ</a>').format(base, paths.url_of(paths.ABOUT))]
    if site.feedback.email:
        links.append(Markup('<a href="mailto:{}">Góp ý, phản ánh</a>').format(site.feedback.email))
    links.append(Markup('<a href="{}{}" hreflang="en" lang="en">English</a>').format(base, paths.url_of(paths.ENGLISH)))
    name = escape(f"Trang công khai thông tin {unit_name(portal)}, {site.province}")
    return (
        f'<footer class="ck-footer">\n<div class="ck-footer__inner md-grid">\n'
        f'<p class="ck-footer__name">{name}</p>\n'
        f'<dl class="ck-footer__meta">{items}</dl>\n'
        f'<p class="ck-footer__links">{" · ".join(links)}</p>\n'
        f"</div>\n</footer>\n"
    )


def default_logo(name: str) -> str:
    """Draw a neutral logo: the unit's initials in a ring (not the State emblem, which is regulated)."""
    initials = "".join(word[0] for word in name.split() if word[:1].isalpha())[:3].upper() or "?"
    size = 26 if len(initials) < 3 else 19
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img" '
        f'aria-label="{escape(name)}"><circle cx="32" cy="32" r="30" fill="#8e1515"/>'
        '<circle cx="32" cy="32" r="25" fill="none" stroke="#f5c400" stroke-width="2"/>'
        f'<text x="32" y="{32 + size * 0.36:.0f}" font-family="sans-serif" font-size="{size}" font-weight="700" '
        f'text-anchor="middle" fill="#fff">{escape(initials)}</text></svg>\n'
    )
