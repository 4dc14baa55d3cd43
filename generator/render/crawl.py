"""Files for crawlers and browsers: robots.txt and the OpenSearch description (pure)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .. import paths
from ..data.portal import Portal
from .labels import UNIT_TYPES



def robots_txt(portal: Portal) -> str:
    """Let every crawler in, point it at the sitemap; keep the search index files out of results."""
    base = portal.site.base_url.rstrip("/")
    return f"User-agent: *\nAllow: /\nDisallow: /pagefind/\n\nSitemap: {base}/sitemap.xml\n"


def opensearch_xml(portal: Portal) -> str:
    """An OpenSearch 1.1 description, so browsers offer the site's search in their address bar."""
    site = portal.site
    unit = f"{UNIT_TYPES[site.unit_type]} {site.name}"
    short = unit.capitalize() if len(unit) <= 16 else site.name[:16]  # OpenSearch allows 16 characters
    search = paths.absolute_url(site.base_url, paths.SEARCH) + "?q={searchTerms}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
        f"  <ShortName>{escape(short)}</ShortName>\n"
        f"  <Description>{escape(f'Tìm văn bản, thông tin công khai của {unit}, {site.province}')}</Description>\n"
        "  <InputEncoding>UTF-8</InputEncoding>\n"
        "  <Language>vi</Language>\n"
        f"  <Url type=\"text/html\" method=\"get\" template={quoteattr(search)}/>\n"
        f"  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template={quoteattr(paths.absolute_url(site.base_url, paths.OPENSEARCH))}/>\n"
        "</OpenSearchDescription>\n"
    )
