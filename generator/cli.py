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


today_option = click.option("--today", callback=_parse_today, metavar="YYYY-MM-DD", help="Ngày tính toán (mặc định: hôm nay theo giờ Việt Nam), để dựng lại y hệt.")
project_option = click.option(
    "--project", "-C", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
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

    try:
        generated = build_site(project, today)
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

    from .publish.build import TODAY_VARIABLE, generate, sync_sources

    try:
        sync_sources(project, generate(project, today))
    except DataProblems as error:
        _fail(error, debug)
    os.environ[TODAY_VARIABLE] = today.isoformat()
    os.chdir(project)
    mkdocs_serve(config_file="mkdocs.yml", dev_addr=addr, livereload=True)


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


@main.group(help="Dựng trang của mọi xã, phường trong một tỉnh (province.yaml).")
def province() -> None:
    """Group the province commands."""


province_dir = click.option(
    "--project", "-C", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Thư mục dự án tỉnh (chứa province.yaml).",
)
out_option = click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
                          help="Thư mục kết quả (mặc định: build/ trong thư mục dự án tỉnh).")


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter(f'"{value}" không đúng dạng PHẦN/SỐ_PHẦN, ví dụ 2/4.') from None
    if not 1 <= index <= count:
        raise click.BadParameter(f'phần {index} không nằm trong 1…{count}.')
    return index, count


def _load_province(project: Path, debug: bool):
    from .province.project import load_province

    try:
        return load_province(project)
    except DataProblems as error:
        _fail(error, debug)


def _publish_province(loaded, out: Path, state: dict, today: dt.date) -> None:
    import json

    from .province.pages import write_province
    from .province.search import index_province

    write_province(loaded, state, today, out / "tinh")
    live = [(out / "units" / u.code / "project" / "site", u.url, u.unit.full_name) for u in loaded.units
            if state["units"].get(u.code, {}).get("live")]
    click.echo(f"Chỉ mục tìm kiếm của tỉnh: {index_province(live, out / 'tinh' / 'pagefind')}")
    addresses = {loaded.address: "tinh"}
    addresses.update({u.address: f"units/{u.code}/project/site" for u in loaded.units
                      if state["units"].get(u.code, {}).get("live")})
    (out / "addresses.json").write_text(json.dumps(addresses, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@province.command("build", help="Dựng trang của các đơn vị (song song), rồi dựng trang của tỉnh.")
@province_dir
@out_option
@today_option
@click.option("-j", "--jobs", type=click.IntRange(1), default=None, help="Số đơn vị dựng cùng lúc (mặc định: số nhân CPU).")
@click.option("--shard", callback=_shard, metavar="PHẦN/SỐ_PHẦN", help="Chỉ dựng một phần các đơn vị (chia theo mã đơn vị), ví dụ 2/4; dùng trên nhiều máy CI.")
@click.option("--memory-mb", type=click.IntRange(256), default=None, help="Giới hạn bộ nhớ của mỗi tiến trình dựng một đơn vị.")
@click.option("--strict", is_flag=True, help="Thoát với mã 1 nếu có đơn vị lỗi.")
@debug_option
def province_build(project: Path, out: Path | None, today: dt.date, jobs: int | None, shard, memory_mb, strict: bool, debug: bool) -> None:
    """Build every unit of the province, each in its own process."""
    from .province.run import default_jobs, run_build

    loaded = _load_province(project, debug)
    out = out or project / "build"
    names = {u.code: u.unit.full_name for u in loaded.units}
    words = {"built": "đã dựng", "skipped": "không đổi, giữ nguyên", "failed": "LỖI, giữ trang cũ"}

    def progress(result: dict) -> None:
        click.echo(f"{result['code']} {names[result['code']]}: {words[result['state']]} ({result['seconds']:.1f} giây)")

    state, results = run_build(loaded, out, today, jobs or default_jobs(), shard, memory_mb, progress)
    if shard is None:
        _publish_province(loaded, out, state, today)
    failed = [r for r in results if r["state"] == "failed"]
    for result in failed:
        click.echo(f"\n== {result['code']} {names[result['code']]}: dữ liệu có lỗi, trang cũ vẫn giữ nguyên ==\n{result['problems']}", err=True)
    done = {s: sum(1 for r in results if r["state"] == s) for s in words}
    click.echo(f"Tỉnh {loaded.name}: {done['built']} đơn vị đã dựng, {done['skipped']} không đổi, {done['failed']} lỗi.")
    if strict and failed:
        sys.exit(1)


@province.command("assemble", help="Gộp kết quả các phần (dựng trên nhiều máy), kiểm tra đủ phần, rồi dựng trang của tỉnh.")
@province_dir
@out_option
@today_option
@click.option("--shards", type=click.IntRange(1), required=True, help="Số phần đã chia.")
@click.argument("shard_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@debug_option
def province_assemble(project: Path, out: Path | None, today: dt.date, shards: int, shard_dirs, debug: bool) -> None:
    """Gather the shards and build the province pages."""
    from .province.run import AssemblyError, assemble

    loaded = _load_province(project, debug)
    out = out or project / "build"
    try:
        state = assemble(loaded, list(shard_dirs), shards, out)
    except AssemblyError as error:
        click.echo(f"Lỗi: {error}", err=True)
        sys.exit(1)
    _publish_province(loaded, out, state, today)
    click.echo(f"Đã gộp {shards} phần: {len(loaded.units)} đơn vị của tỉnh {loaded.name}.")


@province.command("units", help="Liệt kê mã các đơn vị (của một phần, nếu có --shard).")
@province_dir
@click.option("--shard", callback=_shard, metavar="PHẦN/SỐ_PHẦN")
@debug_option
def province_units(project: Path, shard, debug: bool) -> None:
    """Print the unit codes of the province or one shard."""
    from .province.run import shard_units

    loaded = _load_province(project, debug)
    for unit in (shard_units(loaded.units, *shard) if shard else loaded.units):
        click.echo(f"{unit.code} {unit.unit.full_name} {unit.url}")


if __name__ == "__main__":  # pragma: no cover
    main()
