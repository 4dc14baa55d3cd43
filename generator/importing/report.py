"""Show a folder import to the clerk: a progress bar while files are read, then a table of what
each file gave (type, number, date, articles, warnings, OCR) and the warnings in full."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from .folder import ImportRow, collect_files, import_files


def run_folder_import(sources: list[Path], into: Path, console: Console | None = None) -> int:
    """Import files and folders into INTO; return the exit code: 1 when a file failed, else 0."""
    console = console or Console(stderr=True, highlight=False)
    if not console.is_terminal:  # a log or a pipe: full lines, a table wide enough for file names
        console.width = 160
    total = len(collect_files(sources))
    with Progress(TextColumn("Đang nhập"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  console=console, transient=True) as progress:
        task = progress.add_task("", total=total)
        rows = import_files(sources, into, lambda path: progress.update(task, advance=1, description=path.name))
    console.print(summary_table(rows))
    for row in rows:
        for warning in row.warnings:
            console.print(warning, markup=False, soft_wrap=True)
    failed = [row for row in rows if row.error]
    for row in failed:
        console.print(f"LỖI {row.error}", markup=False, soft_wrap=True)
    written = sum(len(row.written) for row in rows)
    console.print(f"Đã ghi {written} văn bản vào {into} từ {len(rows) - len(failed)}/{len(rows)} tệp; "
                  f"{len(failed)} tệp lỗi. Xem lại các cảnh báo, đối chiếu các trang OCR rồi chạy `congkhai check`.",
                  markup=False, soft_wrap=True)
    return 1 if failed else 0


def summary_table(rows: list[ImportRow]) -> Table:
    """Return the table of imported files."""
    table = Table(title="Kết quả nhập")
    for column in ("Tệp", "Loại", "Số", "Ngày", "Số điều, mục", "Cảnh báo", "OCR"):
        table.add_column(column)
    for row in rows:
        if row.error:
            table.add_row(row.source.name, "LỖI", "", "", "", "", "")
            continue
        table.add_row(row.source.name, row.kind, row.number, row.date, str(row.articles), str(len(row.warnings)),
                      row.ocr or "không")
    return table
