"""province.yaml: the province, its units, where each unit's data comes from and its address.

    province: "19"                      # code (or name) from the official list
    address: thainguyen.gov.vn          # the province portal's own address (optional)
    units:
      - code: "05528"                   # a unit of this province, from the official list
        source: units/bach-quang        # a folder with data/ (relative to province.yaml) ...
      - code: "05443"
        git: https://git.example.vn/phandinhphung.git   # ... or a git repository and branch
        branch: main
        address: thainguyen.gov.vn/phandinhphung        # optional; default <name>.<province>.gov.vn
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..data.problems import DataProblems, Problem
from ..data.sources import RawRecord, decode_text, parse_yaml
from ..domain.units import Unit, province_units, unit_by_code
from ..domain.vocabulary import fold

PROVINCE_FILE = "province.yaml"
ADDRESS = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/[a-z0-9._-]+)*$")
FIX_ADDRESS = "Cách sửa: ghi địa chỉ không có https://, ví dụ bachquang.thainguyen.gov.vn hoặc thainguyen.gov.vn/bachquang."


@dataclass(frozen=True)
class UnitSource:
    """One unit of the province project and where its data comes from."""

    unit: Unit
    address: str  # host and optional path, no scheme, no trailing slash
    folder: Path | None  # a folder holding data/ (and optionally mkdocs.yml, theme/)
    git: str | None  # or a git repository ...
    branch: str  # ... and its branch

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def url(self) -> str:
        return f"https://{self.address}/"


@dataclass(frozen=True)
class ProvinceProject:
    """A parsed province.yaml."""

    root: Path
    code: str
    name: str
    address: str
    units: tuple[UnitSource, ...]  # sorted by unit code
    official: tuple[Unit, ...]  # every unit of the province on the official list

    @property
    def url(self) -> str:
        return f"https://{self.address}/"


def host_word(name: str) -> str:
    """Fold a name into one host label: "Bách Quang" -> "bachquang", "Thái Nguyên" -> "thainguyen"."""
    return re.sub(r"[^a-z0-9]", "", fold(name))


def default_address(unit: Unit) -> str:
    """The address Decree 224/2026 describes: tenxa.tentinh.gov.vn."""
    return f"{host_word(unit.name)}.{host_word(unit.province)}.gov.vn"


def load_province(root: Path) -> ProvinceProject:
    """Read root/province.yaml; raise DataProblems naming file, line and field on bad input."""
    shown = PROVINCE_FILE
    path = root / PROVINCE_FILE
    if not path.is_file():
        raise DataProblems([Problem(shown, 1, None, "không tìm thấy tệp province.yaml trong thư mục dự án tỉnh.", "Cách sửa: tạo tệp province.yaml (xem README, mục “Một tỉnh”).")])
    text, problem = decode_text(path.read_bytes(), shown)
    if problem:
        raise DataProblems([problem])
    records, problems = parse_yaml(text, shown, "province")
    if problems:
        raise DataProblems(problems)
    if len(records) != 1 or not isinstance(records[0].data, dict):
        raise DataProblems([Problem(shown, 1, None, "tệp phải là một nhóm trường (province, units).", "Cách sửa: xem mẫu trong README, mục “Một tỉnh”.")])
    return _parse(root, records[0])


def _parse(root: Path, record: RawRecord) -> ProvinceProject:
    data: dict = record.data  # type: ignore[assignment]
    problems: list[Problem] = []

    def bad(loc: tuple, message: str, fix: str) -> None:
        field = ".".join(str(p) for p in loc if isinstance(p, str)) or None
        problems.append(Problem(record.path, record.line_of(loc), field, message, fix))

    official = province_units(str(data.get("province", "")).strip()) if data.get("province") else []
    if not official:
        bad(("province",), f"không có tỉnh, thành phố “{data.get('province', '')}” trong danh mục đơn vị hành chính.", "Cách sửa: ghi mã tỉnh hai chữ số, ví dụ \"19\", hoặc tên tỉnh, ví dụ Thái Nguyên.")
        raise DataProblems(problems)
    first = official[0]
    address = str(data.get("address") or f"{host_word(first.province)}.gov.vn").strip().rstrip("/")
    if not ADDRESS.match(address):
        bad(("address",), f"địa chỉ “{address}” không hợp lệ.", FIX_ADDRESS)
    units: dict[str, UnitSource] = {}
    entries = data.get("units") or []
    if not isinstance(entries, list):
        bad(("units",), "units phải là danh sách các đơn vị.", "Cách sửa: mỗi đơn vị một dòng bắt đầu bằng “- code:”.")
        entries = []
    for i, entry in enumerate(entries):
        loc = ("units", i)
        if not isinstance(entry, dict):
            bad(loc, "mỗi đơn vị phải là một nhóm trường (code, source hoặc git).", "Cách sửa: ví dụ `- {code: \"05528\", source: units/bach-quang}`.")
            continue
        code = str(entry.get("code", "")).strip()
        unit = unit_by_code(code)
        if unit is None or unit.province_code != first.province_code:
            bad(loc + ("code",), f"mã “{code}” không phải đơn vị hành chính cấp xã của {first.province}.", "Cách sửa: ghi mã 5 chữ số theo danh mục (ví dụ \"05528\"), đặt trong dấu ngoặc kép.")
            continue
        if code in units:
            bad(loc + ("code",), f"đơn vị {code} được ghi hai lần.", "Cách sửa: xóa một trong hai mục.")
            continue
        folder, git = entry.get("source"), entry.get("git")
        if bool(folder) == bool(git):
            bad(loc, f"đơn vị {code} phải có đúng một nguồn dữ liệu: source (thư mục) hoặc git (kho mã).", "Cách sửa: ghi `source: units/ten-xa` hoặc `git: https://…` kèm `branch: main`.")
            continue
        where = (root / str(folder)).resolve() if folder else None
        if where is not None and not (where / "data").is_dir():
            bad(loc + ("source",), f"thư mục {folder} không có thư mục data/.", "Cách sửa: trỏ tới thư mục dự án của đơn vị (chứa data/site.yaml).")
            continue
        unit_address = str(entry.get("address") or default_address(unit)).strip().rstrip("/")
        if not ADDRESS.match(unit_address):
            bad(loc + ("address",), f"địa chỉ “{unit_address}” không hợp lệ.", FIX_ADDRESS)
            continue
        units[code] = UnitSource(unit, unit_address, where, str(git) if git else None, str(entry.get("branch") or "main"))
    if problems:
        raise DataProblems(problems)
    return ProvinceProject(root, first.province_code, first.province, address,
                           tuple(units[c] for c in sorted(units)), tuple(sorted(official, key=lambda u: u.code)))
