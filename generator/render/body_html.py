"""A document's articles in HTML: clauses and points each with its anchor, paragraphs ("- " ones as
a list) with their tables at their places.

These were the `article` and `paragraphs` macros of templates/_body.j2, called once per article and
once per clause, point and article of every document page: the costliest Jinja of the site (every
anchor, escape and loop went through Jinja's runtime). The text is the macros' own, byte for byte:
the same escaping (markupsafe's escape, as autoescape applies to `{{ … }}`) and the same lines
(tests/test_build_cost.py renders the old macros and compares them on documents with clauses,
points, lists and tables at every place). Tables are still drawn by the `data_table` macro.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from .. import paths

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_text(value: object) -> Markup:
    """Escape text for a Markdown heading: HTML first, then Markdown's own marks."""
    html = str(escape(str(value)))
    return Markup(MD_SPECIAL.sub(r"\\\1", html))


def paragraphs_html(texts: Sequence[str], tables: Sequence, data_table: Callable) -> Markup:
    """A part's paragraphs with its tables: a table whose `after` is N follows the N-th paragraph;
    without `after` it follows the last. Consecutive "- " paragraphs make one list."""
    count = len(texts)
    out: list[str] = []
    is_open = False
    for index in range(count + 1):
        for table in tables:
            if (count if table.after is None else min(table.after, count)) == index:
                if is_open:
                    out.append("</ul>")
                    is_open = False
                out.append(f"{escape(data_table(table, caption=True))}\n")
        if index < count:
            text = texts[index]
            if text.startswith("- "):
                if not is_open:
                    out.append('<ul class="ck-dash">')
                    is_open = True
                out.append(f"<li>{escape(text[2:])}</li>\n")
            else:
                if is_open:
                    out.append("</ul>")
                    is_open = False
                out.append(f"<p>{escape(text)}</p>\n")
    if is_open:
        out.append("</ul>")
    return Markup("".join(out))


def article_html(art, data_table: Callable, feedback: str = "") -> Markup:
    """One article: its heading with its anchor, its paragraphs, clauses and points, then `feedback`
    (the "Góp ý" paragraph, already HTML, or nothing)."""
    number = escape(art.number)
    title = f" {escape(markdown_text(art.title))}" if art.title else ""
    out = [f"## Điều {number}.{title} {{#{escape(paths.article_anchor(art.number))}}}\n\n",
           '<div class="ck-article">\n', paragraphs_html(art.paragraphs, art.tables, data_table), "\n"]
    for clause in art.clauses:
        cid = escape(paths.clause_anchor(art.number, clause.number))
        cnum = escape(clause.number)
        out.append(f'<div class="ck-clause" id="{cid}">\n<p><a class="ck-num" href="#{cid}" title="Liên kết tới khoản {cnum} '
                   f'Điều {number}">{cnum}.</a> {escape(clause.text)}</p>\n')
        out.append(f"{paragraphs_html(clause.paragraphs, clause.tables, data_table)}\n")
        for point in clause.points:
            pid = escape(paths.point_anchor(art.number, clause.number, point.letter))
            out.append(f'<div class="ck-point" id="{pid}">\n<p><a class="ck-num" href="#{pid}" title="Liên kết tới điểm '
                       f'{escape(point.letter)} khoản {cnum} Điều {number}">{escape(point.as_written or point.letter)})</a> '
                       f"{escape(point.text)}</p>\n")
            out.append(f"{paragraphs_html(point.paragraphs, point.tables, data_table)}\n</div>\n")
        out.append("</div>\n")
    out.append(f"{escape(feedback)}</div>\n")
    return Markup("".join(out))
