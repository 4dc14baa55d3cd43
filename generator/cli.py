"""The `congkhai` command: check, build, serve, import."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .data.problems import DataProblems, format_problems
from .domain.clock import local_today


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    """Read --today, defaulting to today's date in Vietnam (not the machine's: CI runs on UTC)."""
    if value is None:
        return local_today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'"{value}" không phải ngày hợp lệ; ghi theo dạng YYYY-MM-DD, ví dụ 2026-01-31.') from None


def _resolve_project(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """Resolve -C once, against the working directory, so no later step depends on it."""
    return value.expanduser().resolve()


today_option = click.option("--today", callback=_parse_today, metavar="YYYY-MM-DD", help="Ngày tính toán (mặc định: hôm nay theo giờ Việt Nam), để dựng lại y hệt.")
project_option = click.option(
    "--project", "-C", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, callback=_resolve_project,
    help="Thư mục dự án (chứa data/ và mkdocs.yml).",
)
debug_option = click.option("--debug", is_flag=True, help="In chi tiết lỗi kỹ thuật (traceback).")


def _fail(error: Exception, debug: bool) -> None:
    """Print what went wrong for a clerk and exit 1."""
    if debug:
        import traceback

        traceback.print_exception(error)
    if isinstance(error, DataProblems):
        click.echo(format_problems(error.problems), err=True)
    else:
        click.echo(f"Lỗi: {error}", err=True)
        click.echo("Chưa xuất bản gì. Chạy lại với --debug để xem chi tiết.", err=True)
    sys.exit(1)


@click.group(help="congkhai: dựng trang công khai thông tin của xã, phường từ dữ liệu trong data/.")
def main() -> None:
    """Group the commands."""


def _show_notes(notes: list) -> None:
    """Print what the clerk should look at although nothing is wrong (stderr, exit code stays 0)."""
    if notes:
        from .data.problems import format_notes

        click.echo(format_notes(notes), err=True)


@main.command(help="Kiểm tra toàn bộ dữ liệu trong data/ mà không ghi gì.")
@project_option
@today_option
@debug_option
def check(project: Path, today: dt.date, debug: bool) -> None:
    """Validate data/ and report every problem."""
    from .data.load import load_portal
    from .law.ledger import check_published

    try:
        portal = load_portal(project, today)
        check_published(project, portal)
    except DataProblems as error:
        _fail(error, debug)
    click.echo(
        f"Dữ liệu hợp lệ: {len(portal.documents)} văn bản, {len(portal.disclosures)} thông tin công khai, "
        f"{len(portal.consultations)} đợt lấy ý kiến, {len(portal.files)} tệp đính kèm."
    )
    _show_notes(portal.notes)


@main.command(help="Kiểm tra dữ liệu rồi dựng trang vào thư mục site/.")
@project_option
@today_option
@debug_option
def build(project: Path, today: dt.date, debug: bool) -> None:
    """Validate, render and build the portal."""
    from .publish.build import build_site
    from .publish.lock import BuildLocked

    try:
        generated = build_site(project, today)
    except BuildLocked as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    except DataProblems as error:
        _fail(error, debug)
    except Exception as error:  # mkdocs aborts (strict warnings) and I/O errors
        _fail(error, debug)
    click.echo(f"Đã dựng {len(generated.texts)} trang vào {project / 'site'}.")
    _show_notes(generated.portal.notes)


@main.command(help="Xem trước trang tại http://127.0.0.1:8000, tự cập nhật khi sửa data/.")
@project_option
@today_option
@click.option("--addr", default="127.0.0.1:8000", show_default=True, help="Địa chỉ và cổng.")
@debug_option
def serve(project: Path, today: dt.date, addr: str, debug: bool) -> None:
    """Preview the portal live."""
    import os

    from mkdocs.commands.serve import serve as mkdocs_serve

    from .publish.build import TODAY_VARIABLE, generate, preview_sources, sync_sources

    preview = preview_sources(project)
    try:
        sync_sources(preview, generate(project, today))
    except DataProblems as error:
        _fail(error, debug)
    os.environ[TODAY_VARIABLE] = today.isoformat()
    os.chdir(project)
    mkdocs_serve(config_file=str(project / "mkdocs.yml"), dev_addr=addr, livereload=True, docs_dir=str(preview))


@main.command(help="In tình hình công khai: đúng hạn, trễ hạn, còn thiếu, theo từng mục Điều 11.")
@project_option
@today_option
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.option("--strict", is_flag=True, help="Thoát với mã 1 nếu có thông tin trễ hạn hoặc còn thiếu (dùng cho CI).")
@debug_option
def compliance(project: Path, today: dt.date, as_json: bool, strict: bool, debug: bool) -> None:
    """Print the compliance report."""
    import json

    from .data.load import load_portal
    from .law.compliance import compute_compliance
    from .law.report import format_report, report_to_json

    try:
        report = compute_compliance(load_portal(project, today))
    except DataProblems as error:
        _fail(error, debug)
    if as_json:
        click.echo(json.dumps(report_to_json(report), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_report(report))
    if strict and any(f.severity == "error" for f in report.findings):
        sys.exit(1)


@main.command("import", help="Chuyển văn bản .docx, .txt hoặc .md thành tệp dữ liệu YAML.")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Tệp YAML để ghi (mặc định: in ra màn hình).")
@click.option("--id", "doc_id", help="Mã (id) đặt cho văn bản thay cho mã tự tạo (khi tệp chỉ có một văn bản).")
@debug_option
def import_command(source: Path, output: Path | None, doc_id: str | None, debug: bool) -> None:
    """Import a Word or text document as a data file, listing what the parser guessed."""
    from .importing.importer import ImportProblem, dump_yaml, import_file

    try:
        documents = import_file(source)
    except ImportProblem as error:
        if debug:
            raise
        click.echo(str(error), err=True)
        sys.exit(1)
    if doc_id and len(documents) == 1:
        documents[0].data["id"] = doc_id
    from .data.schemas import schema_line

    # The editor hint points at docs/schema/ of the project the command runs in; printed text is
    # meant for data/van-ban/<năm>/, the usual place of a document file.
    where = output.resolve() if output else Path.cwd() / "data" / "van-ban" / "nam" / "van-ban.yaml"
    text = schema_line("document", Path.cwd() / "docs" / "schema", where) + dump_yaml(documents)
    for index, document in enumerate(documents, 1):
        prefix = f"Văn bản {index}: " if len(documents) > 1 else ""
        for warning in document.warnings:
            click.echo(f"{source}, dòng {warning.line}: {prefix}{warning.message}", err=True)
    if output:
        if output.exists():
            click.echo(f"{output} đã có; không ghi đè. Chọn tên tệp khác hoặc xóa tệp cũ.", err=True)
            sys.exit(1)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"Đã ghi {len(documents)} văn bản vào {output}. Xem lại các cảnh báo ở trên, điền phần còn thiếu rồi chạy `congkhai check`.", err=True)
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
