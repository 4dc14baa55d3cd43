"""Print a document (or just its body) in the conventional plain-text layout."""

from __future__ import annotations

from ..domain.vocabulary import document_types
from .body import table_text


def render_text(data: dict) -> str:
    """Print a document (or just its body) as plain text in the conventional layout."""
    out: list[str] = []
    kind = document_types().get(data.get("type", ""))
    if data.get("issuer"):
        out.append(data["issuer"].upper())
    if "number" in data or "type" in data:
        out.append(f"Số: {data.get('number', '')}".rstrip())
    if data.get("place"):
        out.append(f"{data['place']}, {_vietnamese_date(data.get('adopted_on'))}")
    if kind:
        out.append(kind.label.upper())
    if data.get("title"):
        out.append(data["title"])
    if data.get("term") or data.get("session"):
        out.append(f"KHÓA {data.get('term', '')}, KỲ HỌP {data.get('session', '').upper()}".replace("KHÓA , ", ""))
    out += [basis["text"] for basis in data.get("legal_bases", [])] + list(data.get("considering", []))
    if data.get("formula"):
        out.append(data["formula"])
    out += _with_tables(data)
    for section in data.get("sections", []):
        out.append(f"{section['number']}. {section.get('title') or ''}".rstrip())
        out += _with_tables(section)
        for sub in section.get("subsections", []):
            out.append(f"{sub['number']}. {sub.get('title') or ''}".rstrip())
            out += _with_tables(sub)
            out += _render_points(sub.get("points", []))
    for chapter in data.get("chapters", []):
        out.append(f"Chương {chapter['number']}")
        out += [chapter["title"]] if chapter.get("title") else []
        out += _render_articles(chapter.get("articles", []))
        for section in chapter.get("sections", []):
            out.append(f"Mục {section['number']}. {section.get('title', '')}".rstrip())
            out += _render_articles(section.get("articles", []))
    out += _render_articles(data.get("articles", []))
    out += list(data.get("unplaced", []))
    if data.get("recipients"):
        out += ["Nơi nhận:"] + [f"- {item};" for item in data["recipients"]]
    if signer := data.get("signer"):
        out += [signer[key] for key in ("authority", "title", "name") if signer.get(key)]
    return "\n\n".join(out) + "\n"


def _render_articles(articles: list[dict]) -> list[str]:
    out: list[str] = []
    for article in articles:
        out.append(f"Điều {article['number']}. {article.get('title') or ''}".rstrip())
        out += _with_tables(article)
        for clause in article.get("clauses", []):
            out.append(f"{clause['number']}. {clause['text']}".rstrip())
            out += _with_tables(clause)
            out += _render_points(clause.get("points", []))
    return out


def _render_points(points: list[dict]) -> list[str]:
    out: list[str] = []
    for point in points:
        out.append(f"{point.get('as_written') or point['letter']}) {point['text']}".rstrip())
        out += _with_tables(point)
    return out


def _with_tables(part: dict) -> list[str]:
    """A part's paragraphs with its tables in their places, each table on one line."""
    paragraphs = list(part.get("paragraphs", []))
    out: list[str] = []
    for index in range(len(paragraphs) + 1):
        out += [table_text(table) for table in part.get("tables", []) if table_place(table.get("after"), len(paragraphs)) == index]
        out += paragraphs[index:index + 1]
    return out


def table_place(after: int | None, paragraphs: int) -> int:
    """How many paragraphs come before a table: `after`, or all of them when it is left out."""
    return paragraphs if after is None else min(after, paragraphs)


def _vietnamese_date(iso: str | None) -> str:
    if not iso:
        return "ngày … tháng … năm …"
    year, month, day = str(iso).split("-")
    return f"ngày {day} tháng {month} năm {year}"
