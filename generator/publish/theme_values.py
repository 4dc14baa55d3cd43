"""The one escaping path from data to the theme: front matter and site.yaml values become escaped HTML.

mkdocs-material prints page.meta.title, page.meta.description and config.site_name as they are, in
text and in attributes (`<meta name="description" content="{{ page.meta.description }}">`), and
sometimes adds `| e`. Handing it `Markup` (escaped once, marked safe) makes both right: printed
as is it is escaped, and `| e` does not escape it twice. The Content Security Policy is written here
too, so the theme and the tests read one policy.
"""

from __future__ import annotations

from markupsafe import Markup, escape

# No inline script or event handler, nothing from another host. Pagefind compiles WebAssembly
# ('wasm-unsafe-eval'); mkdocs-material sets inline styles from its scripts ('unsafe-inline' styles,
# which data cannot reach: every value is escaped).
POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
# `mkdocs serve` injects its live-reload script inline; the preview alone allows it.
PREVIEW_POLICY = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


# Front-matter keys already escaped for their own context: JSON-LD for a <script> element, written
# by render/jsonld.py `script_json` with <, > and & as \u escapes (HTML-escaping it would break the JSON).
SCRIPT_JSON_KEYS = {"jsonld"}


def escaped(value: object) -> object:
    """Escape every text in a front-matter value (nested lists and mappings included) for HTML."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {key: Markup(item) if key in SCRIPT_JSON_KEYS and isinstance(item, str) else escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escaped(item) for item in value]
    return value
