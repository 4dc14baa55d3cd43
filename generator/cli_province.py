"""`congkhai province`: build, assemble and list the units of a province."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .cli_common import (
    VietnameseGroup,
    debug_option,
    fail,
    today_option,
)
from .data.problems import DataProblems


@click.group(cls=VietnameseGroup, help="Dựng trang của mọi xã, phường trong một tỉnh (province.yaml).")
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
        fail(error, debug)


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
    for result in results:  # each unit's notes, as `congkhai check` shows them to its clerk
        if result["state"] != "failed" and result.get("notes"):
            click.echo(f"\n== {result['code']} {names[result['code']]}: lưu ý, không phải lỗi (trang vẫn được dựng) ==\n{result['notes']}", err=True)
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
