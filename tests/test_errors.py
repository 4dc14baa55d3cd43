"""Exact text of the problems a ward clerk reads, for a set of broken data files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import CLOSED_CONSULTATION, replace_in

DOC = "data/van-ban/nq-03-2026.yaml"
ITEM = "data/cong-khai/du-toan-2026.yaml"
TALK = "data/lay-y-kien/huong-uoc.yaml"
NOTE_HINT = (
    '  Cách sửa: thêm vào cuối trường "changes" một mục ghi ngày sửa (ngày từ {since} trở đi), nội dung đã sửa và lý do, ví dụ:\n'
    "    changes:\n      - date: 2026-11-22\n        what: \"Sửa …\"\n        why: \"Vì …\""
)
FEE = "data/cong-khai/phi-cho.yaml"  # item 12: broadcast on loudspeakers


def _write(project: Path, rel: str, text: str | bytes) -> None:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _publish(project: Path) -> None:
    """Record the data as it stands in the ledger, as a build on 2026-11-22 would."""
    import datetime as dt

    from generator.data.load import load_portal
    from generator.law.ledger import empty_ledger, update_ledger, write_ledger

    portal = load_portal(project, dt.date(2026, 11, 22))
    write_ledger(project / "data" / "da-dang.json", update_ledger(portal, empty_ledger()))


def _published_then(project: Path, rel: str, old: str, new: str) -> None:
    _publish(project)
    replace_in(project, rel, old, new)


CASES = {
    "yaml syntax": (
        lambda p: replace_in(p, DOC, "title: Về dự toán ngân sách xã năm 2026", "title: Về dự toán: ngân sách: năm 2026"),
        'data/van-ban/nq-03-2026.yaml, dòng 5: lỗi cú pháp YAML, cột 18: có dấu hai chấm ở chỗ không được phép (nếu giá trị có dấu “: ”, hãy đặt cả giá trị trong dấu ngoặc kép).\n'
        "  Cách sửa: kiểm tra dấu hai chấm, thụt lề (dùng dấu cách, không dùng tab) và dấu ngoặc kép ở dòng này và dòng ngay trên.",
    ),
    "misspelt key": (
        lambda p: replace_in(p, DOC, "effective_on:", "efective_on:"),
        'data/van-ban/nq-03-2026.yaml, dòng 8, trường "efective_on": trường "efective_on" không có trong định dạng dữ liệu.\n'
        '  Cách sửa: có phải ý bạn là "effective_on"?',
    ),
    "missing required field": (
        lambda p: replace_in(p, DOC, "issuer: Hội đồng nhân dân xã Mẫu Thử\n", ""),
        'data/van-ban/nq-03-2026.yaml, dòng 1, trường "issuer": thiếu trường bắt buộc "issuer".\n'
        "  Cách sửa: thêm dòng `issuer: …` (Cơ quan ban hành, ví dụ “Hội đồng nhân dân phường Bách Quang”.).",
    ),
    "impossible date": (
        lambda p: replace_in(p, DOC, "adopted_on: 2026-01-05", "adopted_on: 2026-02-31"),
        'data/van-ban/nq-03-2026.yaml, dòng 7, trường "adopted_on": ngày 31 tháng 2 năm 2026 không có trên lịch: tháng 2 năm 2026 chỉ có 28 ngày.\n'
        "  Cách sửa: đối chiếu bản gốc và ghi một ngày có thật.",
    ),
    "day that does not exist, written the Vietnamese way": (
        lambda p: replace_in(p, ITEM, "published_on: 2026-01-08", "published_on: 30/02/2026"),
        'data/cong-khai/du-toan-2026.yaml, dòng 5, trường "published_on": ngày 30 tháng 2 năm 2026 không có trên lịch: tháng 2 năm 2026 chỉ có 28 ngày.\n'
        "  Cách sửa: đối chiếu bản gốc và ghi một ngày có thật.",
    ),
    "not a date at all": (
        lambda p: replace_in(p, ITEM, "published_on: 2026-01-08", "published_on: tháng Giêng"),
        'data/cong-khai/du-toan-2026.yaml, dòng 5, trường "published_on": "tháng Giêng" không phải ngày hợp lệ.\n'
        "  Cách sửa: ghi ngày theo dạng YYYY-MM-DD, ví dụ 2025-02-28.",
    ),
    "key indented under the wrong parent": (
        lambda p: replace_in(p, ITEM, "period: {kind: estimate_decided, year: 2026}", "period:\n  kind: estimate_decided\n  year: 2026\n  summary: Thêm"),
        'data/cong-khai/du-toan-2026.yaml, dòng 20, trường "period.summary": trường "summary" bị thụt lề vào trong "period" nhưng nó thuộc cấp ngoài.\n'
        '  Cách sửa: đừng xóa dòng này; bỏ bớt dấu cách đầu dòng để "summary:" thẳng hàng với "period:".',
    ),
    "line indented deeper than the one above": (
        lambda p: replace_in(p, ITEM, "forms: [notice_board]", "forms: [notice_board]\n  summary: Thêm"),
        "data/cong-khai/du-toan-2026.yaml, dòng 9: dòng này thụt lề sâu hơn dòng ngay trên, nên YAML coi nó là phần tiếp theo của giá trị dòng trên.\n"
        "  Cách sửa: bỏ bớt dấu cách đầu dòng cho thẳng hàng với các trường cùng cấp ở trên.",
    ),
    "comma inside braces": (
        lambda p: replace_in(p, ITEM, "period: {kind: estimate_decided, year: 2026}", "external_document: {title: Dự toán, đợt 2}\nperiod: {kind: estimate_decided, year: 2026}"),
        'data/cong-khai/du-toan-2026.yaml, dòng 17, trường "external_document": dấu phẩy trong {…} đã tách “đợt 2” khỏi giá trị của “title”, thành một trường riêng.\n'
        '  Cách sửa: đừng xóa; đặt cả giá trị có dấu phẩy trong dấu ngoặc kép, ví dụ title: "Dự toán, đợt 2".',
    ),
    "colon inside brackets": (
        lambda p: replace_in(p, ITEM, "- [Dự phòng, 500]", "- [Dự phòng: chung, 500]"),
        'data/cong-khai/du-toan-2026.yaml, dòng 16, trường "tables.rows": dấu hai chấm trong […] đã biến “Dự phòng: chung” thành một cặp tên trường–giá trị, không còn là một mục của danh sách.\n'
        '  Cách sửa: đặt mục có dấu hai chấm trong dấu ngoặc kép: "Dự phòng: chung".',
    ),
    "disclosure saved among documents": (
        lambda p: (p / "data/van-ban/du-toan-2026.yaml").write_bytes((p / ITEM).read_bytes()) or (p / ITEM).unlink(),
        "data/van-ban/du-toan-2026.yaml, dòng 1: tệp này là thông tin công khai (có category, document, forms) nhưng được lưu trong data/van-ban/, thư mục của văn bản: sai thư mục.\n"
        "  Cách sửa: chuyển tệp sang data/cong-khai/2026/; không cần sửa nội dung.",
    ),
    "Vietnamese key name": (
        lambda p: replace_in(p, ITEM, "summary:", "tóm tắt:"),
        'data/cong-khai/du-toan-2026.yaml, dòng 9, trường "tóm tắt": tên trường phải viết bằng khóa tiếng Anh, không viết “tóm tắt”.\n'
        "  Cách sửa: ghi `summary:` (Tóm tắt) thay cho `tóm tắt:`.",
    ),
    "Vietnamese key for posting": (
        lambda p: replace_in(p, ITEM, "posted_from:", "niêm yết:"),
        'data/cong-khai/du-toan-2026.yaml, dòng 6, trường "niêm yết": tên trường phải viết bằng khóa tiếng Anh, không viết “niêm yết”.\n'
        "  Cách sửa: ghi `posted_from:` (Ngày bắt đầu niêm yết) thay cho `niêm yết:`.",
    ),
    "category written as its name": (
        lambda p: replace_in(p, ITEM, "category: 2", "category: Dự toán, quyết toán ngân sách"),
        'data/cong-khai/du-toan-2026.yaml, dòng 2, trường "category": "Dự toán, quyết toán ngân sách" là tên gọi; dữ liệu phải ghi bằng mã.\n'
        "  Cách sửa: ghi `category: 2` (Dự toán, quyết toán ngân sách).",
    ),
    "form written as its label": (
        lambda p: replace_in(p, ITEM, "forms: [notice_board]", "forms: [niêm yết]"),
        'data/cong-khai/du-toan-2026.yaml, dòng 8, trường "forms": "niêm yết" là tên gọi; dữ liệu phải ghi bằng mã.\n'
        "  Cách sửa: trong `forms` ghi `notice_board` (Niêm yết tại trụ sở).",
    ),
    "non-breaking space as indentation": (
        lambda p: replace_in(p, ITEM, "  - title: Dự toán chi", "\u00a0 - title: Dự toán chi"),
        "data/cong-khai/du-toan-2026.yaml, dòng 11: cột 1 có ký tự ẩn: dấu cách không ngắt (U+00A0), trông như dấu cách nhưng YAML không coi là dấu cách.\n"
        "  Cách sửa: xóa ký tự này rồi gõ lại bằng phím cách (thường do sao chép từ Word hoặc trang web).",
    ),
    "effective before adoption": (
        lambda p: replace_in(p, DOC, "effective_on: 2026-01-05", "effective_on: 2026-01-01"),
        'data/van-ban/nq-03-2026.yaml, dòng 8, trường "effective_on": ngày có hiệu lực 2026-01-01 trước ngày thông qua 2026-01-05.\n'
        "  Cách sửa: kiểm tra lại hai ngày; văn bản không thể có hiệu lực trước khi được thông qua.",
    ),
    "duplicate id": (
        lambda p: _write(p, "data/van-ban/ban-sao.yaml", "id: nq-03-2026\ntype: thong_bao\nissuer: UBND\ntitle: Bản sao\nadopted_on: 2026-02-01\n"),
        'data/van-ban/ban-sao.yaml, dòng 1, trường "id": mã "nq-03-2026" đã được dùng cho văn bản khác ở data/van-ban/nq-03-2026.yaml, dòng 1; tệp này có vẻ được sao chép từ tệp đó.\n'
        "  Cách sửa: đổi mã ở tệp này (không phải ở data/van-ban/nq-03-2026.yaml: mã đã đăng không được đổi), ví dụ `id: ban-sao` theo tên tệp.",
    ),
    "copied published disclosure keeps its id": (
        lambda p: _publish(p) or _write(p, "data/cong-khai/a-du-toan-moi.yaml", (p / ITEM).read_text(encoding="utf-8").replace("title: Công khai dự toán", "title: Công khai điều chỉnh dự toán")),
        'data/cong-khai/a-du-toan-moi.yaml, dòng 1, trường "id": mã "du-toan-2026" đã được dùng cho thông tin công khai đã đăng ở data/cong-khai/du-toan-2026.yaml, dòng 1; tệp này có vẻ được sao chép từ tệp đó.\n'
        "  Cách sửa: đổi mã ở tệp này (không phải ở data/cong-khai/du-toan-2026.yaml: mã đã đăng không được đổi), ví dụ `id: a-du-toan-moi` theo tên tệp.",
    ),
    "duplicate number in a year": (
        lambda p: _write(p, "data/van-ban/trung-so.yaml", "id: trung-so\ntype: nghi_quyet\nnumber: 03/NQ-HĐND\nissuer: Hội đồng nhân dân xã Mẫu Thử\ntitle: Khác\nadopted_on: 2026-03-01\n"),
        'data/van-ban/trung-so.yaml, dòng 3, trường "number": số "03/NQ-HĐND" năm 2026 của Hội đồng nhân dân xã Mẫu Thử đã có ở data/van-ban/nq-03-2026.yaml.\n'
        "  Cách sửa: kiểm tra lại số văn bản; mỗi số chỉ dùng một lần trong năm.",
    ),
    "reference to a missing id": (
        lambda p: replace_in(p, ITEM, "document: nq-03-2026", "document: nq-03-2025"),
        'data/cong-khai/du-toan-2026.yaml, dòng 4, trường "document": không có văn bản nào mang mã "nq-03-2025".\n'
        '  Cách sửa: có phải ý bạn là "nq-03-2026"?',
    ),
    "missing attachment": (
        lambda p: (p / "data/tep/nq-03-2026.pdf").unlink(),
        'data/van-ban/nq-03-2026.yaml, dòng 47, trường "attachments.file": không tìm thấy tệp "tep/nq-03-2026.pdf".\n'
        "  Cách sửa: tải tệp lên đúng đường dẫn trong data/, hoặc sửa lại tên tệp (phân biệt chữ hoa, chữ thường).",
    ),
    "attachment outside data": (
        lambda p: replace_in(p, DOC, "file: tep/nq-03-2026.pdf", "file: ../mkdocs.yml"),
        'data/van-ban/nq-03-2026.yaml, dòng 47, trường "attachments.file": "../mkdocs.yml" trỏ ra ngoài thư mục data/.\n'
        "  Cách sửa: đặt tệp trong data/tep/ và ghi đường dẫn tính từ data/, ví dụ tep/2025/nq-12.pdf.",
    ),
    "category out of range": (
        lambda p: replace_in(p, ITEM, "category: 2", "category: 15"),
        'data/cong-khai/du-toan-2026.yaml, dòng 2, trường "category": "15" không phải mục của Điều 11.\n'
        "  Cách sửa: ghi một số từ 1 đến 14 theo Điều 11 Luật Thực hiện dân chủ ở cơ sở.",
    ),
    "point letter out of sequence": (
        lambda p: replace_in(p, DOC, "{letter: c, text: Chi dự phòng;}", "{letter: d, text: Chi dự phòng;}"),
        'data/van-ban/nq-03-2026.yaml, dòng 28, trường "articles.clauses.points.letter": điểm "d)" ở khoản 2 Điều 1 sai thứ tự: ở vị trí này phải là "c)".\n'
        "  Cách sửa: ghi `letter: c`; nếu bản gốc ghi sai, giữ chữ của bản gốc trong `as_written: d`.",
    ),
    "letter f is not Vietnamese": (
        lambda p: replace_in(p, DOC, "{letter: c, text: Chi dự phòng;}", "{letter: f, text: Chi dự phòng;}"),
        'data/van-ban/nq-03-2026.yaml, dòng 28, trường "articles.clauses.points.letter": chữ "f" không dùng để đánh số điểm.\n'
        "  Cách sửa: điểm đánh theo bảng chữ cái tiếng Việt: a, b, c, d, đ, e, g, h, i, k … (không có f, j, w, z).",
    ),
    "script tag": (
        lambda p: replace_in(p, ITEM, "summary: Dự toán", "summary: <script>alert(1)</script> Dự toán"),
        'data/cong-khai/du-toan-2026.yaml, dòng 9, trường "summary": nội dung chứa thẻ HTML hoặc mã script, trang không đăng mã.\n'
        "  Cách sửa: chỉ ghi chữ thuần; nếu cần dấu nhỏ hơn, viết “nhỏ hơn” hoặc “< ” có dấu cách.",
    ),
    "wrong encoding": (
        lambda p: _write(p, "data/cong-khai/cp1258.yaml", "id: cp\ncategory: 6\ntitle: Tài chính\n".encode("cp1258")),
        "data/cong-khai/cp1258.yaml, dòng 3: tệp không phải văn bản UTF-8 (có thể là bảng mã Windows-1258, TCVN3 hoặc VNI).\n"
        "  Cách sửa: chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi lưu với bảng mã UTF-8.",
    ),
    "identity number in a table": (
        lambda p: replace_in(p, ITEM, "[Dự phòng, 500]", "[Dự phòng 001203004567, 500]"),
        'data/cong-khai/du-toan-2026.yaml, dòng 16, trường "tables.rows": bảng có vẻ chứa số căn cước, CMND hoặc số điện thoại của cá nhân; pháp luật không cho phép công khai.\n'
        "  Cách sửa: xóa các số này, chỉ giữ họ tên và thông tin Điều 11 yêu cầu.",
    ),
    "published consultation edited without a note": (
        lambda p: _published_then(p, TALK, "closes_on: 2026-12-05", "closes_on: 2026-12-01"),
        'data/lay-y-kien/huong-uoc.yaml, dòng 1, trường "changes": Đợt lấy ý kiến “Lấy ý kiến dự thảo hương ước thôn Một” (mã huong-uoc-thon-mot) '
        "đã đăng nhưng nội dung đã bị sửa mà không có ghi chú thay đổi.\n" + NOTE_HINT.format(since="10/11/2026"),
    ),
    "published consultation results changed without a note": (
        lambda p: (_write(p, TALK, CLOSED_CONSULTATION), _published_then(p, TALK, "Tiếp thu 10 ý kiến", "Tiếp thu 11 ý kiến")),
        'data/lay-y-kien/huong-uoc.yaml, dòng 1, trường "changes": Kết quả của đợt lấy ý kiến “Lấy ý kiến về hương ước thôn Một” (mã huong-uoc-thon-mot) '
        "đã đăng nhưng nội dung đã bị sửa mà không có ghi chú thay đổi.\n" + NOTE_HINT.format(since="08/05/2026"),
    ),
    "broadcast ends before it starts": (
        lambda p: replace_in(p, FEE, "broadcast_until: 2025-12-26", "broadcast_until: 2025-12-22"),
        'data/cong-khai/phi-cho.yaml, dòng 14, trường "broadcast_until": ngày kết thúc thông báo trên hệ thống loa 2025-12-22 trước ngày bắt đầu 2025-12-24.\n'
        "  Cách sửa: kiểm tra lại broadcast_from và broadcast_until.",
    ),
    "broadcast without its last day": (
        lambda p: replace_in(p, FEE, "broadcast_until: 2025-12-26\n", ""),
        'data/cong-khai/phi-cho.yaml, dòng 13, trường "broadcast_until": có ngày bắt đầu thông báo trên hệ thống loa nhưng thiếu ngày kết thúc.\n'
        "  Cách sửa: thêm dòng `broadcast_until: YYYY-MM-DD` (ngày cuối cùng thông báo trên loa, tính cả ngày này).",
    ),
    "broadcast without its first day": (
        lambda p: replace_in(p, FEE, "broadcast_from: 2025-12-24\n", ""),
        'data/cong-khai/phi-cho.yaml, dòng 13, trường "broadcast_from": có ngày kết thúc thông báo trên hệ thống loa nhưng thiếu ngày bắt đầu.\n'
        "  Cách sửa: thêm dòng `broadcast_from: YYYY-MM-DD` (ngày đầu tiên thông báo trên loa).",
    ),
    "broadcast dates without the loudspeaker form": (
        lambda p: replace_in(p, FEE, "forms: [notice_board, loudspeaker, village_heads]", "forms: [notice_board, village_heads]"),
        'data/cong-khai/phi-cho.yaml, dòng 15, trường "forms": có thời gian thông báo trên hệ thống loa nhưng forms không ghi hình thức loudspeaker.\n'
        "  Cách sửa: ghi `forms: [notice_board, village_heads, loudspeaker]`; nếu không thông báo trên loa, xóa broadcast_from và broadcast_until.",
    ),
    "javascript link": (
        lambda p: replace_in(p, "data/site.yaml", "satisfaction_url: https://example.invalid/danh-gia", "satisfaction_url: javascript:alert(1)"),
        'data/site.yaml, dòng 12, trường "feedback.satisfaction_url": "javascript:alert(1)" không phải liên kết hợp lệ.\n'
        "  Cách sửa: ghi liên kết đầy đủ bắt đầu bằng https://",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_clerk_reads_exact_problem_and_nothing_is_written(ward: Path, name: str) -> None:
    breaker, expected = CASES[name]
    breaker(ward)
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command, "-C", str(ward), "--today", "2026-11-22"])
        assert result.exit_code == 1, result.output
        assert result.stderr == expected + "\nCó 1 lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"
    assert not (ward / "site").exists()
    assert not (ward / "site_src").exists()


def test_every_problem_is_reported_in_one_run(ward: Path) -> None:
    CASES["impossible date"][0](ward)
    CASES["category out of range"][0](ward)
    CASES["script tag"][0](ward)
    CASES["point letter out of sequence"][0](ward)
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", "2026-11-22"])
    assert result.exit_code == 1
    assert result.stderr.count("Cách sửa:") == 4
    assert result.stderr.endswith("Có 4 lỗi trong 2 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n")


def test_failed_build_leaves_the_last_good_site_untouched(ward: Path) -> None:
    ok = CliRunner().invoke(main, ["build", "-C", str(ward), "--today", "2026-11-22"])
    assert ok.exit_code == 0, ok.output
    before = {p.relative_to(ward): p.read_bytes() for p in (ward / "site").rglob("*") if p.is_file()}
    CASES["impossible date"][0](ward)
    failed = CliRunner().invoke(main, ["build", "-C", str(ward), "--today", "2026-11-22"])
    assert failed.exit_code == 1
    after = {p.relative_to(ward): p.read_bytes() for p in (ward / "site").rglob("*") if p.is_file()}
    assert after == before


def test_check_summarises_valid_data(ward: Path) -> None:
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", "2026-11-22"])
    assert result.exit_code == 0
    assert result.stdout == "Dữ liệu hợp lệ: 2 văn bản, 3 thông tin công khai, 1 đợt lấy ý kiến, 1 tệp đính kèm.\n"


PASTED_BODY = """\
id: nq-05-2026
type: nghi_quyet
number: 05/NQ-HĐND
issuer: Hội đồng nhân dân xã Mẫu Thử
title: Về việc đặt tên đường
adopted_on: 2026-03-02
body_text: |
  Điều 1. Đặt tên đường Hoa Sữa cho tuyến từ chợ đến trường tiểu học.
  Điều 3. Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết này.
"""


def test_check_and_build_show_how_a_pasted_body_was_read(ward: Path) -> None:
    _write(ward, "data/van-ban/nq-05-2026.yaml", PASTED_BODY)
    note = (
        'Lưu ý: data/van-ban/nq-05-2026.yaml, dòng 9, trường "body_text": Điều 3 không đúng thứ tự '
        "(sau Điều 1 phải là Điều 2); đã giữ số như bản gốc.\n"
        "Có 1 lưu ý, không phải lỗi: trang vẫn được dựng đúng như văn bản đã ghi. Hãy đối chiếu với bản gốc.\n"
    )
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command, "-C", str(ward), "--today", "2026-11-22"])
        assert result.exit_code == 0, result.output
        assert result.stderr == note
    assert "Ủy ban nhân dân xã tổ chức thực hiện" in (ward / "site" / "van-ban" / "nq-05-2026" / "index.html").read_text(encoding="utf-8")


def test_a_link_that_is_not_a_web_address_is_refused(ward: Path) -> None:
    replace_in(ward, "data/site.yaml", "url: https://dichvucong.gov.vn/", "url: javascript:alert(1)")
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", "2026-11-22"])
    assert result.exit_code == 1
    line = (ward / "data" / "site.yaml").read_text(encoding="utf-8").splitlines().index("    url: javascript:alert(1)") + 1
    assert result.stderr == (
        f'data/site.yaml, dòng {line}, trường "links.url": "javascript:alert(1)" không phải liên kết hợp lệ.\n'
        "  Cách sửa: ghi liên kết đầy đủ bắt đầu bằng https://\n"
        "Có 1 lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"
    )


def test_consultation_results_before_the_closing_date_are_refused(ward: Path) -> None:
    path = next((ward / "data" / "lay-y-kien").glob("*.yaml"))
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\nresults:\n  published_on: 2026-12-01\n  summary: Đa số đồng ý.\n  explanation: Tiếp thu toàn bộ.\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", "2026-12-20"])
    assert result.exit_code == 1
    assert result.stderr == (
        f'data/lay-y-kien/{path.name}, dòng {line}, trường "results.published_on": kết quả được công bố ngày 01/12/2026, '
        "trước khi kết thúc lấy ý kiến (05/12/2026).\n"
        "  Cách sửa: kiểm tra lại results.published_on và closes_on; kết quả chỉ công bố sau khi đã hết hạn lấy ý kiến.\n"
        "Có 1 lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"
    )


BROKEN_YAML = ["a:\n  b: 1\n c: 2\n", "a: [1, 2\nb: 3\n", "a: {x: 1\nb: 2\n", 'a: "abc\nb: 1\n', "- a\nb: 1\n", "a: 1\n- b\n",
               "a: @x\n", "a: `x\n", "a: %x\n", "a: *x\n", "a: &\n", 'a: "\\q"\n', "a:\n\t- b\n", "a: b: c\n", "[a\n",
               "a: 'x\n", "a:\n  - b\n  c: 1\n", "a: |\n b\nc\n", "a: !!int x\n"]


@pytest.mark.parametrize("text", BROKEN_YAML)
def test_yaml_errors_never_show_pyyaml_english(text: str) -> None:
    from generator.data.sources import parse_yaml

    _, problems = parse_yaml(text, "data/cong-khai/x.yaml", "disclosure")
    for problem in problems:
        shown = problem.format()
        assert not any(word in shown for word in ("expected", "found", "block", "mapping", "scalar", "stream", "while ")), shown


def test_pyyaml_block_end_is_translated() -> None:
    from generator.data.sources import parse_yaml

    _, problems = parse_yaml("a:\n  - b\n  c: 1\n", "data/cong-khai/x.yaml", "disclosure")
    assert [p.format() for p in problems] == [
        "data/cong-khai/x.yaml, dòng 3: lỗi cú pháp YAML, cột 3: danh sách (các dòng “- …”) và trường (`tên: giá trị`) bị trộn lẫn ở cùng một mức thụt lề.\n"
        "  Cách sửa: kiểm tra dấu hai chấm, thụt lề (dùng dấu cách, không dùng tab) và dấu ngoặc kép ở dòng này và dòng ngay trên."
    ]
    _, problems = parse_yaml("a:\n  b: 1\n c: 2\n", "data/cong-khai/x.yaml", "disclosure")
    assert problems[0].message == "lỗi cú pháp YAML, cột 2: dòng này thụt lề không thẳng hàng với các dòng cùng cấp ở trên."
