"""The "Góp ý" link of a page or of one of its articles: an e-mail to the unit's feedback address
naming the item (and article) in the subject and the body, with the page's address (Law 10/2022
Art. 35(2)(a); the seeds' e-mail channel).

Written in Python rather than as a Jinja macro: a document page has one per article, and the macro
(its string joins, filter calls and escapes, each through Jinja's runtime) was the costliest of a
document page. The text is
exactly the macro's: the same joins (jinja2's markup_join, so a Markup part escapes the others as
`~` did), the same `urlencode` and `int` filters, the same escaping (tests/test_build_cost.py compares it
with the macro it replaces).
"""

from __future__ import annotations

import jinja2
from jinja2.filters import do_int
from jinja2.runtime import markup_join
from markupsafe import Markup, escape

from .. import paths
from ..data.models import Site
from .labels import UNIT_TYPES


# Jinja's `urlencode` for a text: UTF-8 bytes, "%XX" for all but letters, digits, "_.-~" and "/" (as
# urllib.parse.quote_from_bytes with safe "/"). Its per-byte Python loop ran over every "Góp ý" link's
# subject and body (one per article); a translate table does the same in C.
_URL_SAFE_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/"
_URL_QUOTED = {byte: chr(byte) if byte in _URL_SAFE_BYTES else f"%{byte:02X}" for byte in range(256)}


def url_text(value: object) -> object:
    """Quote a text for a URL exactly as Jinja's `urlencode` does; anything else goes to Jinja's."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1").translate(_URL_QUOTED)
    return jinja2.filters.do_urlencode(value)


def feedback_link(site: Site, page: str, item: object, part: object = None, anchor: object = None) -> Markup:
    """Return the paragraph with the "Góp ý" link (empty without a feedback e-mail address)."""
    if not site.feedback.email:
        return Markup("")
    what = markup_join((part, " ", item)) if part else item
    if anchor:
        fragment = markup_join(("#", anchor))
    elif part and part.startswith("Điều "):
        fragment = markup_join(("#", paths.article_anchor(do_int(part.split()[-1]))))
    else:
        fragment = ""
    url = markup_join((paths.absolute_url(site.base_url, page), fragment))
    addressee = site.governing_body or markup_join(("Ủy ban nhân dân ", UNIT_TYPES[site.unit_type], " ", site.name))
    subject = url_text(markup_join(("Góp ý: ", what)))
    body = url_text(markup_join(("Kính gửi ", addressee, ",\n\nTôi xin góp ý về ", what, " (", url, "):\n\n")))
    about = f" về {escape(part)}" if part else ""
    return Markup(f'<p class="ck-feedback" data-pagefind-ignore><a href="mailto:{escape(site.feedback.email)}?subject={escape(subject)}'
                  f'&amp;body={escape(body)}">Góp ý{about}</a></p>\n')

