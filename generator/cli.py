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


# click's own messages, in the words a clerk reads (checked in order; {0}, {1} are the matched parts).
CLICK_MESSAGES = (
    (r"^Invalid value for '(.+?)': (?:File|Path|Directory) '(.+)' does not exist\.$", 'không tìm thấy "{1}" (tham số {0}). Kiểm tra lại tên và đường dẫn tệp.'),
    (r"^Invalid value for '(.+?)': (?:File|Path) '(.+)' is a directory\.$", '"{1}" là một thư mục, không phải tệp (tham số {0}).'),
    (r"^Invalid value for '(.+?)': '(.+)' is not one of (.+)\.$", '"{1}" không phải giá trị hợp lệ của {0}; chọn một trong: {2}.'),
    (r"^Invalid value for '(.+?)': (.+)$", "giá trị của {0} không hợp lệ: {1}"),
    (r"^Missing argument '(.+)'\.$", "thiếu tham số {0}."),
    (r"^Missing option '(.+)'\.$", "thiếu tùy chọn {0}."),
    (r"^No such command '(.+)'\.$", 'không có lệnh "{0}". Các lệnh: check, build, serve, new, import, compliance.'),
    (r"^No such option '(.+?)'\. Did you mean '(.+)'\?$", 'không có tùy chọn "{0}". Có phải ý bạn là "{1}"?'),
    (r"^No such option '(.+?)'\. \(Possible options: (.+)\)$", 'không có tùy chọn "{0}". Có thể là: {1}.'),
    (r"^No such option '(.+)'\.$", 'không có tùy chọn "{0}".'),
    (r"^Option '(.+)' requires an argument\.$", "tùy chọn {0} cần một giá trị ngay sau nó."),
    (r"^Option '(.+)' requires (\d+) arguments\.$", "tùy chọn {0} cần {1} giá trị."),
    (r"^Got unexpected extra arguments? \((.+)\)$", "thừa tham số: {0}. Nếu tên tệp có dấu cách, đặt cả tên trong dấu ngoặc kép."),
    (r"^Missing command\.$", "thiếu tên lệnh (check, build, serve, new, import, compliance)."),
    (r"^'(.+)' is not one of (.+)\.$", '"{0}" không phải một trong: {1}.'),
)


def vietnamese_click_message(message: str) -> str:
    """Translate one of click's usage errors; text already in Vietnamese passes through."""
    import re

    for pattern, words in CLICK_MESSAGES:
        match = re.match(pattern, message.strip(), re.S)
        if match:
            return words.format(*(part.replace("'", "") for part in match.groups()))
    return message


class VietnameseHelpFormatter(click.HelpFormatter):
    """click's help, with its headings in Vietnamese."""

    HEADINGS = {"Options": "Tùy chọn", "Commands": "Các lệnh", "Arguments": "Tham số"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args.replace("[OPTIONS]", "[TÙY CHỌN]").replace("COMMAND [ARGS]...", "LỆNH [THAM SỐ]..."), "Cách dùng: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, text.replace("[default: ", "[mặc định: ")) for term, text in rows], col_max, col_spacing)


class VietnameseContext(click.Context):
    formatter_class = VietnameseHelpFormatter


def _help_option(command: click.Command, ctx: click.Context) -> click.Option | None:
    option = click.Command.get_help_option(command, ctx)
    if option is not None:
        option.help = "Hiện hướng dẫn này rồi thoát."
    return option


class VietnameseCommand(click.Command):
    """A command whose help and usage lines are in Vietnamese."""

    context_class = VietnameseContext
    get_help_option = _help_option


class VietnameseGroup(click.Group):
    """The command group whose usage errors a clerk reads in Vietnamese."""

    context_class = VietnameseContext
    command_class = VietnameseCommand
    get_help_option = _help_option

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        """Run a command; word click's own usage errors in Vietnamese, with the usage line and --help."""
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort:
            click.echo("Đã dừng.", err=True)
            sys.exit(1)
        except click.ClickException as error:
            if not standalone_mode:
                raise
            context = getattr(error, "ctx", None)
            if context is not None:
                click.echo(context.get_usage(), err=True)
                click.echo(f"Xem hướng dẫn: {context.command_path} --help\n", err=True)
            click.echo(f"Lỗi: {vietnamese_click_message(error.format_message())}", err=True)
            sys.exit(error.exit_code)


@click.group(cls=VietnameseGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help="congkhai: dựng trang công khai thông tin của xã, phường từ dữ liệu trong data/.")
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
    from .data.editor_settings import load_editor_settings
    from .data.load import load_portal
    from .law.ledger import check_published

    _, editor_problems = load_editor_settings(project)
    try:
        portal = load_portal(project, today)
        check_published(project, portal)
        if editor_problems:
            raise DataProblems(editor_problems)
    except DataProblems as error:
        _fail(DataProblems(error.problems + [p for p in editor_problems if p not in error.problems]), debug)
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


@main.command("import", help="Chuyển văn bản (.docx, .doc, .pdf, ảnh quét, .txt, .md) thành tệp dữ liệu YAML. "
              "Với --into: nhập cả thư mục, mỗi văn bản một tệp trong thư mục năm.")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Tệp YAML để ghi (mặc định: in ra màn hình).")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), help="Thư mục dữ liệu để ghi, ví dụ data/van-ban.")
@click.option("--id", "doc_id", help="Mã (id) đặt cho văn bản thay cho mã tự tạo (khi tệp chỉ có một văn bản).")
@debug_option
def import_command(sources: tuple[Path, ...], output: Path | None, into: Path | None, doc_id: str | None, debug: bool) -> None:
    """Import documents as data files, listing what the parser guessed."""
    if into is not None:
        from .importing.report import run_folder_import

        sys.exit(run_folder_import(list(sources), into))
    if len(sources) != 1 or sources[0].is_dir():
        click.echo("Để nhập nhiều tệp hoặc cả thư mục, thêm --into THƯ_MỤC, ví dụ --into data/van-ban.", err=True)
        sys.exit(2)
    source = sources[0]
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


@main.command("new", help="Tạo tệp dữ liệu mới (disclosure: thông tin công khai, document: văn bản, consultation: đợt lấy ý kiến) "
              "đúng thư mục, có mã, ngày đăng là hôm nay và các thời hạn tính sẵn theo quy định.")
@click.argument("kind", type=click.Choice(["disclosure", "document", "consultation"]), metavar="disclosure|document|consultation")
@click.option("--for", "for_id", metavar="MÃ_VĂN_BẢN", help="Điền sẵn từ văn bản có mã này (disclosure: văn bản được công khai; consultation: dự thảo).")
@click.option("--id", "ident", metavar="MÃ", help="Mã (id) của tệp mới thay cho mã tự tạo.")
@click.option("--convention", is_flag=True, help="consultation: dự thảo hương ước, quy ước (lấy ý kiến ít nhất 30 ngày).")
@project_option
@today_option
@debug_option
def new(kind: str, for_id: str | None, ident: str | None, convention: bool, project: Path, today: dt.date, debug: bool) -> None:
    """Write a new data file with its id, dates and blanks."""
    from .importing.templates import TemplateProblem, check_id, new_consultation, new_disclosure, new_document

    try:
        check_id(ident)
        if kind == "disclosure":
            made = new_disclosure(project, today, for_id, ident)
        elif kind == "consultation":
            made = new_consultation(project, today, for_id, convention, ident)
        else:
            made = new_document(project, today, ident)
    except TemplateProblem as error:
        if debug:
            raise
        click.echo(f"Lỗi: {error}", err=True)
        sys.exit(1)
    if made.path.exists():
        click.echo(f"{made.shown} đã có; không ghi đè. Dùng --id để đặt mã khác.", err=True)
        sys.exit(1)
    made.path.parent.mkdir(parents=True, exist_ok=True)
    made.path.write_text(made.text, encoding="utf-8")
    click.echo(f"Đã tạo {made.shown}. Điền các dòng còn trống, sửa ngày cho đúng việc đã làm, rồi chạy `congkhai check`.")


if __name__ == "__main__":  # pragma: no cover
    main()
