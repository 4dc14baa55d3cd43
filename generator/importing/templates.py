"""New data files from the terminal: the right folder, a fresh id, dates computed from the rules.

`congkhai new disclosure|document|consultation` writes a file whose blanks are left empty, so
`congkhai check` refuses it until the clerk has filled them ("trường … còn để trống").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..data.load import load_portal
from ..data.models import ID_RE, Document
from ..data.problems import DataProblems
from ..domain.rules import load_rules, merge_rules, rule_source, rule_value
from ..domain.vocabulary import categories, document_types, fold
from ..law.workdays import next_working_day

KINDS = ("disclosure", "document", "consultation")
FOLDERS = {"document": "van-ban", "disclosure": "cong-khai", "consultation": "lay-y-kien"}
PREFIXES = {"document": "van-ban", "disclosure": "cong-khai", "consultation": "lay-y-kien"}

# Words of a title or type that suggest an Article 11 item; checked in this order.
CATEGORY_WORDS = (
    (11, ("lay y kien",)),
    (2, ("du toan", "quyet toan", "ngan sach")),
    (12, ("le phi", "phi ")),
    (13, ("thu tuc hanh chinh",)),
    (4, ("quy che dan chu", "quy che thuc hien dan chu", "quy tac ung xu")),
    (5, ("dong gop", "quy ")),
    (6, ("tai san cong", "thanh ly")),
    (9, ("nghia vu quan su", "nhap ngu", "cong an nhan dan")),
    (8, ("thien tai", "dich benh", "quyen gop", "ung ho", "mua lu")),
    (7, ("ho tro", "tro cap", "ho ngheo", "an sinh")),
    (10, ("thanh tra", "kiem tra", "tin nhiem", "tham nhung")),
    (3, ("dat dai", "quy hoach", "du an", "cong trinh", "thu hoi dat", "boi thuong")),
    (1, ("phat trien kinh te",)),
)
TYPE_CATEGORY = {"du_an": 3, "quy_che": 4, "ke_hoach": 1}


class TemplateProblem(Exception):
    """Why no file was written; the message is for the clerk."""


@dataclass(frozen=True)
class NewFile:
    path: Path  # where to write, under the project
    shown: str  # the path as the clerk sees it, data/…
    text: str


def suggest_category(document: Document) -> int | None:
    """Suggest the Article 11 item a document is disclosed under, from its title and type."""
    words = f" {fold(document.title)} "
    for number, keys in CATEGORY_WORDS:
        if any(key in words for key in keys):
            return number
    return TYPE_CATEGORY.get(document.type)


def _rules(project: Path) -> dict:
    import yaml

    path = project / "data" / "rules.yaml"
    ward = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return merge_rules(load_rules(), ward if isinstance(ward, dict) else None)


def _taken(project: Path, kind: str) -> set[str]:
    """Return the ids already used by files of a kind (file names and `id:` lines)."""
    base = project / "data" / FOLDERS[kind]
    found = set()
    for path in base.rglob("*.y*ml") if base.is_dir() else []:
        found.add(path.stem)
        match = re.search(r"^id:\s*['\"]?([^'\"\s#]+)", path.read_text(encoding="utf-8", errors="replace"), re.M)
        if match:
            found.add(match.group(1))
    return found


def fresh_id(project: Path, kind: str, base: str) -> str:
    """Return base, or base-2, base-3 … whichever no file of the kind uses yet."""
    taken = _taken(project, kind)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _days_after(start: dt.date, days: int) -> dt.date:
    """Return the last day of a period of `days` consecutive days starting on `start`."""
    return start + dt.timedelta(days=days - 1)


def _line(key: str, value: object, comment: str = "") -> str:
    text = f"{key}:" if value in (None, "") else f"{key}: {value}"
    return f"{text + ' ':<34} # {comment}" if comment else text


def _quote(text: str | None) -> str:
    """Write a text as a YAML double-quoted value, safe whatever it contains."""
    if text is None:
        return ""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _document_for(project: Path, today: dt.date, document_id: str) -> Document:
    try:
        portal = load_portal(project, today)
    except DataProblems as error:
        raise TemplateProblem("Dữ liệu hiện có còn lỗi nên chưa đọc được văn bản; chạy `congkhai check` và sửa trước.") from error
    document = portal.documents.get(document_id)
    if document is None:
        import difflib

        close = difflib.get_close_matches(document_id, list(portal.documents), n=1)
        hint = f' Có phải ý bạn là "{close[0]}"?' if close else " Xem mã (id) ở dòng đầu tệp trong data/van-ban/."
        raise TemplateProblem(f'Không có văn bản nào mang mã "{document_id}".{hint}')
    return document


def new_disclosure(project: Path, today: dt.date, document_id: str | None = None, ident: str | None = None) -> NewFile:
    """Write a disclosure blank, pre-filled from a document when one is named."""
    rules = _rules(project)
    document = _document_for(project, today, document_id) if document_id else None
    ident = ident or fresh_id(project, "disclosure", f"cong-khai-{document.id}" if document else f"cong-khai-{today:%Y-%m-%d}")
    number = suggest_category(document) if document else None
    category = next((c for c in categories() if c.number == number), None)
    loud = bool(category and category.loudspeaker)
    posting = int(rule_value(rules, "notice_board_days_group_a", 30))
    broadcast = int(rule_value(rules, "loudspeaker_days", 3))
    names = "; ".join(f"{c.number} {c.name}" for c in categories())
    lines = [
        "# Thông tin công khai mới (tạo bằng `congkhai new disclosure`).",
        "# Điền các dòng còn trống, sửa ngày cho đúng việc đã làm, xóa dòng không dùng, rồi chạy `congkhai check`.",
        _line("id", ident, "mã cố định, không đổi sau khi đăng"),
        _line("category", number, f"gợi ý theo trích yếu: {category.name}; kiểm tra lại" if category else "số từ 1 đến 14, xem danh sách cuối tệp"),
        _line("title", _quote(f"Công khai {document.title[0].lower()}{document.title[1:]}" if document else None), "tên thông tin công khai"),
    ]
    if document:
        kind = document_types()[document.type].label
        lines.append(_line("document", document.id, f"{kind} {document.number or ''}".strip()))
        if document.adopted_on:
            lines.append(_line("decided_on", document.adopted_on.isoformat(), "ngày ban hành văn bản được công khai"))
    else:
        lines.append(_line("document", None, "mã văn bản trong data/van-ban/ (nếu có)"))
        lines.append(_line("decided_on", None, "ngày ban hành văn bản được công khai, dạng YYYY-MM-DD"))
    lines += [
        _line("published_on", today.isoformat(), "ngày đăng: hôm nay theo giờ Việt Nam"),
        _line("posted_from", today.isoformat(), "ngày bắt đầu niêm yết tại trụ sở"),
        _line("posted_until", _days_after(today, posting).isoformat(),
              f"{posting} ngày liên tục, {rule_source(rules, 'notice_board_days_group_a')}"),
    ]
    loud_lines = [
        _line("broadcast_from", today.isoformat(), "bắt đầu thông báo trên loa (mục 7–12)"),
        _line("broadcast_until", _days_after(today, broadcast).isoformat(),
              f"{broadcast} ngày liên tục, {rule_source(rules, 'loudspeaker_days')}"),
    ]
    if loud:
        lines += loud_lines + ["forms: [notice_board, loudspeaker, village_heads]"]
    else:
        lines += ["# Với mục 7–12, thông báo thêm trên loa và qua trưởng thôn, tổ trưởng tổ dân phố:"]
        lines += [f"# {line}" for line in loud_lines] + ["# forms: [notice_board, loudspeaker, village_heads]", "forms: [notice_board]"]
    lines += [_line("summary", None, "tóm tắt nội dung")]
    lines += ["", f"# Các mục của Điều 11: {names}."]
    year = today.year
    shown = f"data/{FOLDERS['disclosure']}/{year}/{ident}.yaml"
    return NewFile(project / shown, shown, "\n".join(lines) + "\n")


def new_document(project: Path, today: dt.date, ident: str | None = None) -> NewFile:
    """Write a document blank."""
    ident = ident or fresh_id(project, "document", f"van-ban-{today:%Y-%m-%d}")
    types = ", ".join(document_types())
    lines = [
        "# Văn bản mới (tạo bằng `congkhai new document`). Văn bản có sẵn tệp .docx thì dùng `congkhai import`.",
        "# Điền các dòng còn trống, xóa dòng không dùng, rồi chạy `congkhai check`.",
        _line("id", ident, "mã cố định, không đổi sau khi đăng"),
        _line("type", None, f"một trong: {types}"),
        _line("number", None, "số, ký hiệu, ví dụ 12/QĐ-UBND; để trống với dự thảo"),
        _line("issuer", None, "cơ quan ban hành"),
        _line("title", None, "trích yếu nội dung"),
        _line("status", "adopted", "hoặc draft (dự thảo)"),
        _line("adopted_on", today.isoformat(), "ngày thông qua, ký ban hành"),
        _line("effective_on", None, "ngày có hiệu lực"),
        "body_text: |",
        "  Dán toàn văn phần nội dung vào đây, thụt lề hai dấu cách.",
        _line("signer", None, "ví dụ {title: CHỦ TỊCH, name: Nguyễn Văn A}"),
    ]
    shown = f"data/{FOLDERS['document']}/{today.year}/{ident}.yaml"
    return NewFile(project / shown, shown, "\n".join(lines) + "\n")


def new_consultation(project: Path, today: dt.date, draft: str | None = None, convention: bool = False,
                     ident: str | None = None) -> NewFile:
    """Write a consultation blank: opens today, closes after the minimum period (30 days for a covenant)."""
    rules = _rules(project)
    key = "consultation_min_days_convention" if convention else "consultation_min_days"
    days = int(rule_value(rules, key, 30 if convention else 20))
    opens = today
    # The last day people can send opinions: at least `days` days, moved off a weekend or holiday.
    closes = next_working_day(_days_after(opens, days), rules.get("calendar"))
    ident = ident or fresh_id(project, "consultation", f"lay-y-kien-{draft}" if draft else f"lay-y-kien-{today:%Y-%m-%d}")
    lines = [
        "# Đợt lấy ý kiến Nhân dân mới (tạo bằng `congkhai new consultation`). Đợt lấy ý kiến tự được tính",
        "# là đã công khai theo khoản 11 Điều 11, không cần thêm tệp trong data/cong-khai/.",
        "# Điền các dòng còn trống, sửa ngày cho đúng việc đã làm, rồi chạy `congkhai check`.",
        _line("id", ident, "mã cố định, không đổi sau khi đăng"),
        _line("title", None, "tên nội dung lấy ý kiến"),
        _line("draft", draft, "mã dự thảo trong data/van-ban/ (status: draft)"),
        _line("matter", None, "nội dung lấy ý kiến theo Điều 25 Luật 10/2022/QH15"),
        _line("opens_on", opens.isoformat(), "ngày bắt đầu: hôm nay"),
        _line("closes_on", closes.isoformat(), f"ít nhất {days} ngày, {rule_source(rules, key)}; ngày nghỉ thì lùi sang ngày làm việc"),
        _line("email", None, "thư điện tử nhận ý kiến"),
        _line("address", None, "nơi nhận ý kiến trực tiếp"),
        _line("meeting", None, "hội nghị lấy ý kiến: thời gian, địa điểm (nếu có)"),
    ]
    shown = f"data/{FOLDERS['consultation']}/{ident}.yaml"
    return NewFile(project / shown, shown, "\n".join(lines) + "\n")


def check_id(ident: str | None) -> None:
    """Refuse an --id that is not a valid id."""
    if ident is not None and not ID_RE.match(ident):
        raise TemplateProblem(f'"{ident}" không phải mã hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ nq-12-2026.')
