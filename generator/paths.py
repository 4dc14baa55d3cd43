"""Every path and URL of the site is decided here; templates never build one by hand."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from .domain.vocabulary import category, document_types, fold

HOME = "index.md"
DOCUMENTS = "van-ban/index.md"
DISCLOSURES = "cong-khai/index.md"
REGISTER = "danh-muc-cong-khai.md"
ABOUT = "gioi-thieu.md"
ENGLISH = "en.md"
CONSULTATIONS = "lay-y-kien/index.md"
COMPLIANCE = "tinh-hinh-cong-khai.md"
COMPLIANCE_ERRORS = "tinh-hinh-cong-khai/can-khac-phuc.md"  # every finding to fix, in pages
COMPLIANCE_NOTES = "tinh-hinh-cong-khai/luu-y.md"  # every note, in pages
SUBSCRIBE = "theo-doi.md"
SEARCH = "tim-kiem.md"
OPEN_DATA_FOLDER = "du-lieu"  # exports, their schemas and the DCAT catalogue
OPEN_DATA = "du-lieu/index.md"
DATA_CATALOGUE = "du-lieu/danh-muc-du-lieu.jsonld"
SCHEMA_FOLDER = "du-lieu/luoc-do"
CONSULTATIONS_CALENDAR = "lich/lay-y-kien.ics"
DEADLINES_CALENDAR = "lich/han-cong-khai.ics"
CARD_IMAGE = "assets/the-chia-se.png"  # the link-preview image, drawn at build time
ROBOTS = "robots.txt"
OPENSEARCH = "opensearch.xml"
SEARCH_BUNDLE = "pagefind/pagefind.js"  # written by Pagefind after MkDocs builds the site
SEARCH_SCRIPT = "assets/search.js"  # theme/assets/search.js
BUDGET = "ngan-sach.md"
POSTER = "ap-phich-gop-y.md"  # A4 poster for the one-stop counter
DEFAULT_LOGO = "assets/bieu-trung.svg"  # drawn by congkhai when data/ has no logo
# Site-wide header and footer markup, read by the theme (dot folders are not published by MkDocs).
IDENTITY_HEADER = ".congkhai/header.html"
IDENTITY_FOOTER = ".congkhai/footer.html"
BASE_TOKEN = "@@CK_BASE@@"  # in the identity markup: replaced by each page's relative site root
# mkdocs-material looks for a sitemap beside every <link rel="alternate">, including feeds.
FEEDS_SITEMAP = "feeds/sitemap.xml"


def logo_file(logo: str | None) -> str:
    """Return where the unit's logo is published: its attachment path, or the neutral default."""
    return attachment_file(logo) if logo else DEFAULT_LOGO


def export_file(key: str, fmt: str) -> str:
    """Return where one open data export is published, e.g. du-lieu/cong-khai.csv."""
    return f"{OPEN_DATA_FOLDER}/{key}.{fmt}"


def schema_file(name: str) -> str:
    """Return where a JSON Schema is published, e.g. du-lieu/luoc-do/van-ban.schema.json."""
    return f"{SCHEMA_FOLDER}/{name}" if name.endswith(".json") else f"{SCHEMA_FOLDER}/{name}.schema.json"


def document_page(doc_id: str) -> str:
    """Return the source path of one document's page."""
    return f"van-ban/{doc_id}.md"


def disclosure_page(item_id: str) -> str:
    """Return the source path of one disclosure's page."""
    return f"cong-khai/{item_id}.md"


def notice_page(item_id: str) -> str:
    """Return the source path of a disclosure's printable notice-board sheet (niêm yết)."""
    return f"cong-khai/{item_id}/niem-yet.md"


def consultation_page(item_id: str) -> str:
    """Return the source path of one consultation's page."""
    return f"lay-y-kien/{item_id}.md"


def category_page(number: int) -> str:
    """Return the source path of one Article 11 category's page."""
    return f"linh-vuc/{number:02d}-{category(number).slug}.md"


def year_page(year: int) -> str:
    """Return the source path of the list of one year's documents."""
    return f"danh-sach/nam-{year}.md"


def type_page(type_key: str) -> str:
    """Return the source path of the list of one document type."""
    return f"danh-sach/{document_types()[type_key].slug}.md"


LIST_PAGE_SIZE = 100  # entries per list page: no list page grows with the unit's size


def list_page(first: str, number: int) -> str:
    """Return the source path of page `number` of a list whose first page is `first`: the first page
    keeps its address, later ones sit below it (danh-sach/nam-2026/trang-2.md)."""
    return first if number == 1 else f"{first[: -len('.md')]}/trang-{number}.md"


def attachment_file(data_path: str) -> str:
    """Return where an attachment (path relative to data/) is published."""
    return data_path if data_path.startswith("tep/") else f"tep/{data_path}"


def url_of(path: str) -> str:
    """Return a page's URL relative to the site root (directory URLs), or a file's path."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_page: str, to_path: str, anchor: str | None = None) -> str:
    """Return the link from one page to another page or file, working under any base path."""
    start = url_of(from_page)
    target = url_of(to_path)
    rel = _relative(target, start)
    if to_path.endswith(".md"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def _relative(target: str, start: str) -> str:
    """posixpath.relpath(target or ".", start or ".") for the site's own relative paths, without its
    two abspath calls (each asks the system for the working folder): one call per link on every page."""
    if ".." in target or ".." in start or target.startswith("/") or start.startswith("/"):
        return posixpath.relpath(target or ".", start or ".")
    to = [part for part in target.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, base):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) if parts else "."


def absolute_url(base_url: str, path: str, anchor: str | None = None) -> str:
    """Return a page's absolute URL under the site's base URL."""
    return base_url.rstrip("/") + "/" + url_of(path) + (f"#{anchor}" if anchor else "")


SITE_FEED = "tat-ca"
CONSULTATIONS_FEED = "lay-y-kien"
FEED_FORMATS = ("rss", "atom")
# Entry ids are tag URIs (RFC 4151) built from record ids, never from page paths, so moving or
# retitling a page never makes a reader show an item twice. The date is fixed for the same reason.
TAG_DATE = "2025"


def category_feed(number: int) -> str:
    """Return the name of one Article 11 category's feed (the number, not the slug, is stable)."""
    return f"linh-vuc-{number:02d}"


def type_feed(type_key: str) -> str:
    """Return the name of one document type's feed."""
    return f"loai-{document_types()[type_key].slug}"


def feed_file(name: str, fmt: str = "rss") -> str:
    """Return where a feed is published: feeds/<name>.xml (RSS 2.0) or feeds/<name>.atom.xml."""
    return f"feeds/{name}.xml" if fmt == "rss" else f"feeds/{name}.atom.xml"


def entry_id(base_url: str, kind: str, item_id: str, event: str | None = None) -> str:
    """Return a feed entry's permanent id, e.g. tag:xa.example.vn,2025:cong-khai/du-toan-2026."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:{kind}/{item_id}" + (f"/{event}" if event else "")


ANCHOR_LETTERS = {"đ": "dd"}


def article_anchor(number: int) -> str:
    """Return the anchor of Điều N."""
    return f"dieu-{number}"


def plan_section_anchor(number: str) -> str:
    """Return the anchor of a plan's part, e.g. mục II (muc-ii)."""
    return f"muc-{slug(number)}"


def plan_item_anchor(section: str, item: str) -> str:
    """Return the anchor of tiểu mục 1 of a plan's mục II (muc-ii-1)."""
    return f"muc-{slug(section)}-{slug(item)}"


def plan_point_anchor(section: str, item: str, letter: str) -> str:
    """Return the anchor of điểm a tiểu mục 1 mục II (đ is written dd)."""
    return f"muc-{slug(section)}-{slug(item)}-diem-{ANCHOR_LETTERS.get(letter, letter)}"


def clause_anchor(article: int, clause: int) -> str:
    """Return the anchor of khoản M Điều N."""
    return f"dieu-{article}-khoan-{clause}"


def point_anchor(article: int, clause: int, letter: str) -> str:
    """Return the anchor of điểm x khoản M Điều N (đ is written dd)."""
    return f"dieu-{article}-khoan-{clause}-diem-{ANCHOR_LETTERS.get(letter, letter)}"


def slug(text: str) -> str:
    """Fold Vietnamese text to a lowercase ASCII slug: "Quý I năm 2026" -> "quy-i-nam-2026"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
