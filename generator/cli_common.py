"""What every `congkhai` command shares: dates, options, Vietnamese messages and help."""


from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .data.problems import DataProblems, format_problems


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Read --today; None means today where the unit is (see resolve_today)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'"{value}" không phải ngày hợp lệ; ghi theo dạng YYYY-MM-DD, ví dụ 2026-01-31.') from None


def resolve_today(project: Path, today: dt.date | None) -> dt.date:
    """Return --today, or today's date in the zone of data/site.yaml (Vietnam's by default), never
    the machine's: CI runners run on UTC, and at 18:00 UTC it is already tomorrow in Hà Nội."""
    from .data.today import project_today

    return today or project_today(project)


def _resolve_project(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """Resolve -C once, against the working directory, so no later step depends on it."""
    return value.expanduser().resolve()


today_option = click.option("--today", callback=_parse_today, metavar="YYYY-MM-DD", help="Ngày tính toán (mặc định: hôm nay theo giờ Việt Nam, hoặc theo time_zone trong site.yaml), để dựng lại y hệt.")
project_option = click.option(
    "--project", "-C", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, callback=_resolve_project,
    help="Thư mục dự án (chứa data/; mkdocs.yml và theme/ nếu đơn vị tự tùy biến).",
)
debug_option = click.option("--debug", is_flag=True, help="In chi tiết lỗi kỹ thuật (traceback).")


def fail(error: Exception, debug: bool) -> None:
    """Print what went wrong for a clerk and exit 1."""
    if debug:
        import traceback

        traceback.print_exception(error)
    if isinstance(error, DataProblems):
        click.echo(format_problems(error.problems), err=True)
    else:
        click.echo(f"Lỗi: {_mkdocs_abort(error) or error}", err=True)
        click.echo("Chưa xuất bản gì. Chạy lại với --debug để xem chi tiết.", err=True)
    sys.exit(1)


def _mkdocs_abort(error: Exception) -> str | None:
    """MkDocs's own "Aborted with a BuildError!" or "... warnings in strict mode!", in a clerk's words:
    what went wrong is the error or warning MkDocs printed above it."""
    module = sys.modules.get("mkdocs.exceptions")
    if module is None or not isinstance(error, module.Abort):
        return None
    return "dừng dựng trang vì lỗi hoặc cảnh báo in ở trên."


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


def show_notes(notes: list) -> None:
    """Print what the clerk should look at although nothing is wrong (stderr, exit code stays 0)."""
    if notes:
        from .data.problems import format_notes

        click.echo(format_notes(notes), err=True)
