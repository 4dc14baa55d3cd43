"""The `congkhai` command: check, build, serve, import, init, new, compliance, province."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .cli_common import (
    VietnameseGroup,
    debug_option,
    fail,
    project_option,
    resolve_today,
    show_notes,
    today_option,
)
from .cli_province import province
from .data.problem_formats import (
    FORMATS,
    GITLAB_REPORT,
    detect_format,
    github_output,
    gitlab_report,
    json_output,
)
from .data.problems import DataProblems, format_problems


@click.group(cls=VietnameseGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help="congkhai: dựng trang công khai thông tin của xã, phường từ dữ liệu trong data/.")
def main() -> None:
    """Group the commands."""


@main.command(help="Kiểm tra toàn bộ dữ liệu trong data/ mà không ghi gì.")
@project_option
@today_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Cách in lỗi: text, github (chú thích trên tệp trong GitHub Actions), gitlab (báo cáo Code Quality), "
                   "json. Mặc định: tự nhận GitHub Actions, GitLab CI, còn lại text.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Với --format gitlab: tệp báo cáo (mặc định {GITLAB_REPORT}).")
@debug_option
def check(project: Path, today: dt.date | None, fmt: str | None, report: Path | None, debug: bool) -> None:
    """Validate data/ and render it in memory as `build` does; report every problem in the form the CI host shows."""
    import os

    from .data.editor_settings import load_editor_settings
    from .law.ledger import add_notes, check_published
    from .law.warnings import check_notes
    from .publish import collector
    from .publish.build import generate

    fmt = fmt or detect_format(dict(os.environ))
    _, editor_problems = load_editor_settings(project)
    errors: list = []
    notes: list = []
    try:
        with collector.during_build():
            portal = generate(project, resolve_today(project, today)).portal  # rendering too: what build would refuse, check refuses
        add_notes(portal, check_published(project, portal).notes)
        if editor_problems:
            raise DataProblems(editor_problems)
        notes = check_notes(portal)
        summary = (f"Dữ liệu hợp lệ: {len(portal.documents)} văn bản, {len(portal.disclosures)} thông tin công khai, "
                   f"{len(portal.consultations)} đợt lấy ý kiến, {len(portal.attachment_files)} tệp đính kèm.")
    except DataProblems as error:
        if debug:
            import traceback

            traceback.print_exception(error)
        errors = error.problems + [p for p in editor_problems if p not in error.problems]
        summary = format_problems(errors).rsplit("\n", 1)[-1]
    if fmt == "github":
        _emit_github(errors, notes, summary)
    elif fmt == "json":
        click.echo(json_output(errors, notes, summary))
    else:
        if fmt == "gitlab":
            target = report or project / GITLAB_REPORT
            target.write_text(gitlab_report(errors, notes), encoding="utf-8")
        if errors:
            click.echo(format_problems(errors), err=True)
        else:
            click.echo(summary)
        show_notes(notes)
    if errors:
        sys.exit(1)


def _emit_github(errors: list, notes: list, summary: str) -> None:
    """Print workflow commands, so every problem shows on its file and line in GitHub."""
    commands = github_output(errors, notes)
    if commands:
        click.echo(commands)
    click.echo(summary)


@main.command(help="Kiểm tra dữ liệu rồi dựng trang vào thư mục site/.")
@project_option
@today_option
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Thư mục ghi trang (mặc định: site/ trong thư mục dự án; GitLab Pages dùng public).")
@debug_option
def build(project: Path, today: dt.date | None, output: Path | None, debug: bool) -> None:
    """Validate, render and build the portal."""
    from .publish.build import build_site
    from .publish.lock import BuildLocked

    output = output if output is None or output.is_absolute() else project / output
    try:
        generated = build_site(project, resolve_today(project, today), output=output)
    except BuildLocked as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    except DataProblems as error:
        fail(error, debug)
    except Exception as error:  # mkdocs aborts (strict warnings) and I/O errors
        fail(error, debug)
    click.echo(f"Đã dựng {len(generated.texts)} trang vào {output or project / 'site'}.")
    show_notes(generated.portal.notes)


@main.command(help="Xem trước trang tại http://127.0.0.1:8000, tự cập nhật khi sửa data/.")
@project_option
@today_option
@click.option("--addr", default="127.0.0.1:8000", show_default=True, help="Địa chỉ và cổng.")
@debug_option
def serve(project: Path, today: dt.date | None, addr: str, debug: bool) -> None:
    """Preview the portal live."""
    import os

    from mkdocs.commands.serve import serve as mkdocs_serve

    from .publish import preview as live
    from .publish.build import TODAY_VARIABLE, preview_sources
    from .publish.site_config import PROJECT_VARIABLE, config_file, config_overrides

    today = resolve_today(project, today)
    preview = preview_sources(project)
    try:
        live.start(project.resolve(), today).prepare(preview)
    except DataProblems as error:
        fail(error, debug)
    os.environ[TODAY_VARIABLE] = today.isoformat()
    os.environ[PROJECT_VARIABLE] = str(project.resolve())
    overrides = config_overrides(project)
    config = str(config_file(project).resolve())
    os.chdir(project)
    # Each save rebuilds only the pages whose source changed, in MkDocs's dirty mode (incremental.py).
    import logging

    from .publish import incremental

    incremental.PREVIEW = {}
    logging.getLogger("mkdocs.commands.build").addFilter(incremental.DIRTY_FILTER)
    mkdocs_serve(config_file=config, dev_addr=addr, livereload=True, build_type="dirty",
                 **{**overrides, "docs_dir": str(preview)})


@main.command(help="In tình hình công khai: đúng hạn, trễ hạn, còn thiếu, theo từng mục Điều 11.")
@project_option
@today_option
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.option("--strict", is_flag=True, help="Thoát với mã 1 nếu có thông tin trễ hạn hoặc còn thiếu (dùng cho CI).")
@debug_option
def compliance(project: Path, today: dt.date | None, as_json: bool, strict: bool, debug: bool) -> None:
    """Print the compliance report."""
    import json

    from .data.load import load_portal
    from .law.compliance import compute_compliance
    from .law.report import format_report, report_to_json

    try:
        report = compute_compliance(load_portal(project, resolve_today(project, today)))
    except DataProblems as error:
        fail(error, debug)
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


@main.command(help="Tạo kho dữ liệu cho một xã, phường, đặc khu mới (data/site.yaml, quy trình tự động, hướng dẫn).")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--unit-code", help="Mã đơn vị hành chính (5 chữ số), ví dụ 05528.")
@click.option("--name", help="Tên đơn vị, gõ có dấu hoặc không dấu, ví dụ \"Bach Quang\".")
@click.option("--province", help="Tên tỉnh, thành phố, khi tên đơn vị trùng với nơi khác.")
@click.option("--requirement", help="Dòng ghim phiên bản congkhai ghi vào requirements.txt (mặc định: bản đang chạy).")
@today_option
def init(directory: Path, unit_code: str | None, name: str | None, province: str | None,
         requirement: str | None, today: dt.date | None) -> None:
    """Write a new unit's repository."""
    from .publish.new_unit import InitError, choose_unit, init_unit, province_title

    try:
        unit = choose_unit(unit_code, name, province)
        init_unit(directory, unit, resolve_today(directory, today), requirement)
    except InitError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"Đã tạo kho cho {unit.full_name}, {province_title(unit.province)} (mã {unit.code}) trong {directory}.\n"
               "Tiếp theo: điền các dòng \"ĐIỀN\" trong data/site.yaml, chạy `congkhai build`, rồi đưa kho lên "
               "GitHub hoặc GitLab và bật Pages (xem README của congkhai, phần đăng trang).")


@main.command("commit-ledger", help="Lưu data/da-dang.json vào kho sau khi dựng trang (dùng trong quy trình tự động).")
@project_option
@click.option("--remote", default="origin", show_default=True, help="Kho từ xa (tên hoặc địa chỉ).")
@click.option("--branch", default=None, help="Nhánh để đẩy lên (mặc định: nhánh hiện tại).")
@click.option("--attempts", default=3, show_default=True, help="Số lần thử đẩy khi có người vừa lưu thay đổi.")
def commit_ledger_command(project: Path, remote: str, branch: str | None, attempts: int) -> None:
    """Commit and push the ledger, retrying a push race after a rebase."""
    from .publish.ledger_commit import LedgerCommitError, commit_ledger

    try:
        outcome = commit_ledger(project, remote, branch, attempts)
    except LedgerCommitError as error:
        click.echo(f"Lỗi: {error}", err=True)
        sys.exit(1)
    if not outcome.committed:
        click.echo("Sổ đăng tải data/da-dang.json không thay đổi: không có gì để lưu.")
    else:
        again = f" (sau {outcome.attempts} lần thử)" if outcome.attempts > 1 else ""
        click.echo(f"Đã lưu sổ đăng tải data/da-dang.json vào kho{again}.")


@main.command("new", help="Tạo tệp dữ liệu mới (disclosure: thông tin công khai, document: văn bản, consultation: đợt lấy ý kiến) "
              "đúng thư mục, có mã, ngày đăng là hôm nay và các thời hạn tính sẵn theo quy định.")
@click.argument("kind", type=click.Choice(["disclosure", "document", "consultation"]), metavar="disclosure|document|consultation")
@click.option("--for", "for_id", metavar="MÃ_VĂN_BẢN", help="Điền sẵn từ văn bản có mã này (disclosure: văn bản được công khai; consultation: dự thảo).")
@click.option("--id", "ident", metavar="MÃ", help="Mã (id) của tệp mới thay cho mã tự tạo.")
@click.option("--convention", is_flag=True, help="consultation: dự thảo hương ước, quy ước (lấy ý kiến ít nhất 30 ngày).")
@project_option
@today_option
@debug_option
def new(kind: str, for_id: str | None, ident: str | None, convention: bool, project: Path, today: dt.date | None, debug: bool) -> None:
    """Write a new data file with its id, dates and blanks."""
    today = resolve_today(project, today)
    from .importing.templates import (
        TemplateProblem,
        check_id,
        new_consultation,
        new_disclosure,
        new_document,
    )

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


main.add_command(province)


if __name__ == "__main__":  # pragma: no cover
    main()
