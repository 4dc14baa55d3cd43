"""Check the parts of a document's text that a schema cannot: tables whose rows match their header and
sit where their `after` says, and a document that is either split into articles or into sections."""

from __future__ import annotations

from .models import MAX_TABLE_COLUMNS, Document, Table
from .problems import Problem
from .sources import RawRecord, dotted_field

_RAGGED_HINT = ("Cách sửa: mỗi dòng ghi đủ số ô bằng số cột (ô trống ghi \"\"); ô có dấu phẩy phải đặt trong dấu ngoặc kép, "
                "ví dụ \"Phí, lệ phí\".")


def check_table_rows(record: RawRecord, loc: tuple, table: Table) -> list[Problem]:
    """Each row has as many cells as the table has columns; a table has 1 to MAX_TABLE_COLUMNS columns."""
    problems = []
    field = dotted_field(loc + ("rows",))
    if not table.columns or len(table.columns) > MAX_TABLE_COLUMNS:
        problems.append(Problem(record.path, record.line_of(loc + ("columns",)), dotted_field(loc + ("columns",)),
                                f"bảng có {len(table.columns)} cột; bảng phải có từ 1 đến {MAX_TABLE_COLUMNS} cột.",
                                "Cách sửa: ghi tên từng cột trong columns; bảng rộng hơn hãy tách thành nhiều bảng hoặc đưa vào tệp đính kèm."))
        return problems
    for row_index, row in enumerate(table.rows):
        if len(row) != len(table.columns):
            problems.append(Problem(record.path, record.line_of(loc + ("rows", row_index)), field,
                                    f"dòng có {len(row)} ô nhưng bảng có {len(table.columns)} cột.", _RAGGED_HINT))
    return problems


def _parts(doc: Document):
    """Yield every part of a document's text that can hold paragraphs and tables, with its location."""
    yield (), doc
    articles = [(("articles", i), a) for i, a in enumerate(doc.articles)]
    for c, chapter in enumerate(doc.chapters):
        articles += [(("chapters", c, "articles", i), a) for i, a in enumerate(chapter.articles)]
        for s, section in enumerate(chapter.sections):
            articles += [(("chapters", c, "sections", s, "articles", i), a) for i, a in enumerate(section.articles)]
    for loc, article in articles:
        yield loc, article
        for k, clause in enumerate(article.clauses):
            yield loc + ("clauses", k), clause
            for p, point in enumerate(clause.points):
                yield loc + ("clauses", k, "points", p), point
    for s, section in enumerate(doc.sections):
        yield ("sections", s), section
        for k, sub in enumerate(section.subsections):
            yield ("sections", s, "subsections", k), sub
            for p, point in enumerate(sub.points):
                yield ("sections", s, "subsections", k, "points", p), point


def check_body(record: RawRecord, doc: Document) -> list[Problem]:
    """Check the tables of every part and the choice between articles and sections."""
    problems = []
    if doc.sections and (doc.articles or doc.chapters):
        problems.append(Problem(record.path, record.line_of(("sections",)), "sections",
                                "văn bản có cả mục I., II. (sections) và điều (articles hoặc chapters).",
                                "Cách sửa: văn bản chia điều thì ghi articles; kế hoạch, báo cáo chia I., II. thì ghi sections. "
                                "Nếu một mục có điều, hãy ghi các điều đó thành đoạn văn (paragraphs) của mục."))
    for loc, part in _parts(doc):
        for index, table in enumerate(part.tables):
            where = loc + ("tables", index)
            problems += check_table_rows(record, where, table)
            if table.after is not None and table.after > len(part.paragraphs):
                problems.append(Problem(record.path, record.line_of(where + ("after",)), dotted_field(where + ("after",)),
                                        f"bảng đặt sau đoạn thứ {table.after} nhưng chỗ đặt bảng chỉ có {len(part.paragraphs)} đoạn.",
                                        "Cách sửa: ghi after bằng số đoạn đứng trước bảng (0 là trước đoạn đầu), hoặc bỏ after để bảng ở sau đoạn cuối."))
    return problems
