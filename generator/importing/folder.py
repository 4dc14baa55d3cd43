"""Import many files at once: every supported file of the folders and files given, each document
written to its year folder under a name made from its type, number and year, never overwriting."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.vocabulary import document_types
from ..legal_text.encoding import ImportProblem
from ..paths import slug
from .importer import SUFFIXES, dump_yaml, import_extracted


@dataclass
class ImportRow:
    """What happened to one source file, for the summary table."""

    source: Path
    written: list[Path] = field(default_factory=list)
    kind: str = ""
    number: str = ""
    date: str = ""
    articles: int = 0
    warnings: list[str] = field(default_factory=list)
    ocr: str = ""
    error: str = ""
    skipped: list[Path] = field(default_factory=list)  # outputs that already existed


def collect_files(sources: Iterable[Path]) -> list[Path]:
    """List the supported files of the given files and folders (folders searched in depth), sorted."""
    found: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            found += sorted(path for path in source.rglob("*") if path.is_file()
                            and path.suffix.lower() in SUFFIXES and not path.name.startswith(("~$", ".")))
        else:
            found.append(source)
    return found


def output_name(data: dict) -> str:
    """Name a data file from type, number and year: qd-35-2025.yaml; a draft uses its id."""
    kind = document_types().get(data.get("type") or "")
    prefix = slug(kind.abbreviation) if kind and kind.abbreviation else "vb"
    year = str(data.get("adopted_on") or "")[:4] or _year_from_id(data.get("id", ""))
    number = data.get("number")
    if number:
        return "-".join(part for part in (prefix, slug(number.split("/")[0]), year) if part) + ".yaml"
    return f"{data['id']}.yaml"


def _year_from_id(ident: str) -> str:
    return next((part for part in ident.split("-") if len(part) == 4 and part.isdigit()), "")


def import_files(sources: Iterable[Path], into: Path, progress: Callable[[Path], None] | None = None) -> list[ImportRow]:
    """Import each file; write its documents under INTO/YEAR/; a file that fails is reported, not fatal."""
    rows = []
    for path in collect_files(sources):
        row = ImportRow(path)
        try:
            docs, extracted = import_extracted(path)
        except ImportProblem as problem:
            row.error = str(problem.located(path) if not problem.path else problem)
        except OSError as error:
            row.error = f"{path}: không đọc được tệp ({error.strerror or error})."
        else:
            _write(docs, into, row)
            if extracted.ocr:
                row.ocr = ", ".join(f"tr.{page.page}: {page.confidence:.0f}%" for page in extracted.ocr)
        rows.append(row)
        if progress:
            progress(path)
    return rows


def _write(docs: list, into: Path, row: ImportRow) -> None:
    first = docs[0].data
    row.kind = first.get("type") or ""
    row.number = first.get("number") or ""
    row.date = str(first.get("adopted_on") or "")
    row.articles = sum(_count_articles(doc.data) for doc in docs)
    for index, doc in enumerate(docs):
        label = f"Văn bản {index + 1}: " if len(docs) > 1 else ""
        row.warnings += [f"{row.source}, dòng {w.line}: {label}{w.message}" for w in doc.warnings]
        year = str(doc.data.get("adopted_on") or "")[:4] or _year_from_id(doc.data["id"]) or "chua-ro-nam"
        target = into / year / output_name(doc.data)
        if target.exists():
            row.skipped.append(target)
            row.warnings.append(f"{target} đã có; không ghi đè. Xóa hoặc đổi tên tệp cũ nếu muốn nhập lại.")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump_yaml([doc]), encoding="utf-8")
        row.written.append(target)


def _count_articles(data: dict) -> int:
    """Articles of a legal document, or the numbered parts of a plan, for the summary's column."""
    chapters = data.get("chapters", [])
    in_chapters = sum(len(c.get("articles", [])) + sum(len(s.get("articles", [])) for s in c.get("sections", []))
                      for c in chapters)
    # A plan (Kế hoạch) has no articles: its parts I., II. … are counted instead.
    return len(data.get("articles", [])) + in_chapters + len(data.get("sections", []))
