"""Tables arrive in the page already wrapped the way mkdocs-material's script would wrap them.

Material's script finds every `table:not([class])` after the page has been laid out and moves it into
`div.md-typeset__scrollwrap > div.md-typeset__table`: two DOM moves per table, then the whole page laid
out again. On a phone (Lighthouse's 4× slower CPU) that costs the compliance page, with two tables,
about 100 ms of blocking time. Here the same wrappers are written into the HTML at build time and the
table gets the class `ck-table`, which the script skips; congkhai.css gives `.ck-table` the look
Material gives an unclassed table.
"""

from __future__ import annotations

import re

TABLE_CLASS = "ck-table"
_BARE_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def prewrap_tables(html: str) -> str:
    """Wrap each attribute-less `<table>` of a page body as Material's script would, and class it."""
    if "<table>" not in html:
        return html
    return _BARE_TABLE.sub(
        lambda m: ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                   f'<table class="{TABLE_CLASS}">{m.group(1)}</table></div></div>'),
        html)
