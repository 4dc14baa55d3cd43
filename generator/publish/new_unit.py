"""`congkhai init`: write a new unit's repository (data/site.yaml from the official list, empty data
folders, pipeline files for GitHub Actions and GitLab CI, .gitignore, a README for its staff)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata
from pathlib import Path

from ..data.fieldref import render_reference
from ..domain.units import UNIT_TYPE_WORDS, Unit, find_units, unit_by_code
from ..paths import slug

UNIT_FILES = Path(__file__).with_name("unit_files")
DATA_FOLDERS = ("van-ban", "cong-khai", "lay-y-kien", "tep")
# Centrally-run cities are "thành phố", every other province "tỉnh" (from 1 July 2025).
CITIES = {"Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
PIPELINE_FILES = {".github/workflows/congkhai.yml": "github-workflow.yml", ".gitlab-ci.yml": "gitlab-ci.yml",
                  ".gitignore": "gitignore"}


class InitError(Exception):
    """init cannot go on; the message says why, for the person who typed the command."""


def choose_unit(code: str | None, name: str | None, province: str | None) -> Unit:
    """Find the one unit meant by --unit-code, or by --name (and --province); list every match when
    several units fit, so the person can pick a code."""
    if code:
        unit = unit_by_code(code)
        if unit is None:
            raise InitError(f'Mã "{code}" không có trong danh sách 3.321 đơn vị hành chính cấp xã. '
                            'Tìm mã theo tên: congkhai init --name "Tên xã" --province "Tên tỉnh".')
        return unit
    if not name:
        raise InitError('Cần --unit-code MÃ, hoặc --name "Tên xã" (kèm --province "Tên tỉnh" nếu tên trùng).')
    found = find_units(name, province)
    if not found:
        where = f" thuộc {province}" if province else ""
        raise InitError(f'Không tìm thấy đơn vị nào tên "{name}"{where} trong danh sách. Kiểm tra lại tên (có thể gõ không dấu).')
    if len(found) > 1:
        listing = "\n".join(f"  {u.code}  {u.full_name}, {province_title(u.province)}" for u in found)
        raise InitError(f'Có {len(found)} đơn vị khớp "{name}":\n{listing}\n'
                        "Chạy lại với --unit-code MÃ của đơn vị mình (hoặc thêm --province).")
    return found[0]


def province_title(province: str) -> str:
    """Name a province as written in an address: "tỉnh Thái Nguyên", "thành phố Hà Nội"."""
    return f"{'thành phố' if province in CITIES else 'tỉnh'} {province}"


def suggested_base_url(unit: Unit) -> str:
    """Suggest the tenxa.tentinh.gov.vn pattern, folded to ASCII: bachquang.thainguyen.gov.vn."""
    return f"https://{slug(unit.name).replace('-', '')}.{slug(unit.province).replace('-', '')}.gov.vn/"


def requirement_line() -> str:
    """Pin the congkhai this command belongs to: its git address when installed from one, else its version."""
    try:
        dist = metadata.distribution("congkhai")
    except metadata.PackageNotFoundError:
        return "congkhai"
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    vcs = direct.get("vcs_info")
    if vcs and direct.get("url"):
        return f"congkhai @ {vcs.get('vcs', 'git')}+{direct['url']}@{vcs.get('commit_id') or vcs.get('requested_revision')}"
    return f"congkhai=={dist.version}"


def site_yaml(unit: Unit, today: dt.date) -> str:
    """Return data/site.yaml for a new unit: what the list knows, and marked blanks for the rest."""
    word = UNIT_TYPE_WORDS[unit.unit_type]
    return f"""# Thông tin đơn vị, do `congkhai init` tạo ngày {today.isoformat()} từ danh mục đơn vị hành chính.
# Tên, loại, mã đơn vị và tỉnh lấy từ danh mục: không sửa. Những dòng ghi "ĐIỀN" còn trống: điền
# trước khi công bố trang. Mỗi trường được mô tả trong hướng dẫn định dạng dữ liệu của congkhai.
name: {unit.name}
unit_type: {unit.unit_type}
unit_code: "{unit.code}"
province: {unit.province}
# Ngày trang bắt đầu hoạt động: nghĩa vụ công khai định kỳ có hạn trước ngày này không bị tính là
# còn thiếu trên trang "Tình hình công khai".
started_on: {today.isoformat()}
address: Trụ sở Ủy ban nhân dân {word} {unit.name}, {province_title(unit.province)}  # ĐIỀN: số nhà, đường
phone:  # ĐIỀN: điện thoại cơ quan, ví dụ 0208 3000 000
email:  # ĐIỀN: thư điện tử cơ quan
working_hours:  # ĐIỀN: giờ làm việc, ví dụ Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ
# KIỂM TRA: địa chỉ trang. Gợi ý theo mẫu tenxa.tentinh.gov.vn; ghi đúng địa chỉ được cấp.
base_url: {suggested_base_url(unit)}
feedback:  # ĐIỀN: các kênh tiếp nhận ý kiến của Nhân dân
  email:  # ĐIỀN: hộp thư nhận góp ý
  phone:  # ĐIỀN: số điện thoại đường dây nóng
  address:  # ĐIỀN: nơi nhận ý kiến trực tiếp, ví dụ Bộ phận tiếp công dân
  satisfaction_url: https://dichvucong.gov.vn/p/home/dvc-danh-gia-hai-long.html
links:
  - title: Cổng Dịch vụ công quốc gia
    url: https://dichvucong.gov.vn/
  - title: Cổng Thông tin điện tử Chính phủ
    url: https://chinhphu.vn/
"""


def unit_guide() -> str:
    """The clerk's guide for the unit's own repository, where every message of `congkhai check` points."""
    guide = render_reference()
    start = guide.index("Tệp này được tạo tự động")
    end = guide.index("Đừng sửa tay tệp này.") + len("Đừng sửa tay tệp này.")
    try:
        version = metadata.version("congkhai")
    except metadata.PackageNotFoundError:
        version = "đang phát triển"
    return (guide[:start] + f"Tệp này do `congkhai init` viết từ mô hình dữ liệu của congkhai (phiên bản {version}): bảng "
            "trường đúng với những gì `congkhai check` của phiên bản đó kiểm tra. Đừng sửa tay tệp này." + guide[end:])


def init_unit(target: Path, unit: Unit, today: dt.date, requirement: str | None = None) -> list[str]:
    """Write a new unit's repository into target; return the files written. Refuse a folder that
    already has data/, so a unit's records are never overwritten."""
    if (target / "data").exists():
        raise InitError(f"{target / 'data'} đã có: không ghi đè dữ liệu của đơn vị. Chọn một thư mục trống.")
    files: dict[str, str] = {
        "data/site.yaml": site_yaml(unit, today),
        "requirements.txt": "# Phiên bản congkhai dùng để dựng trang. Cập nhật: sửa dòng dưới.\n"
                            f"{requirement or requirement_line()}\n",
        "README.md": (UNIT_FILES / "README.md").read_text(encoding="utf-8")
        .replace("@@FULL_NAME@@", unit.full_name).replace("@@PROVINCE@@", province_title(unit.province)),
    }
    files["docs/data-format.md"] = unit_guide()
    for target_name, source in PIPELINE_FILES.items():
        files[target_name] = (UNIT_FILES / source).read_text(encoding="utf-8")
    for folder in DATA_FOLDERS:
        files[f"data/{folder}/.gitkeep"] = ""
    for rel, text in files.items():
        path = target / rel
        if path.exists():
            raise InitError(f"{path} đã có: không ghi đè. Chọn một thư mục trống.")
    for rel, text in sorted(files.items()):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return sorted(files)
