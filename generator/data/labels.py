"""Short Vietnamese names of the data keys, for forms, the clerk's guide and "did you mean" hints.

A key is the same concept in every model that has it (published_on is always "Ngày đăng"), so one
table serves all. A key missing here is shown by its own name: adding a field to a model never
breaks anything, and its label can be added here later.
"""

from __future__ import annotations

from ..domain.vocabulary import fold

# key: (label, other words a clerk may write for it)
FIELD_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "about": ("Giới thiệu (tiếng Anh)", ()),
    "address": ("Địa chỉ", ("địa chỉ nhận ý kiến",)),
    "adopted_on": ("Ngày thông qua, ký ban hành", ("ngày ban hành", "ngày ký", "ngày thông qua")),
    "after": ("Vị trí bảng (sau đoạn thứ)", ("sau đoạn",)),
    "amends": ("Sửa đổi, bổ sung văn bản", ("sửa đổi",)),
    "articles": ("Các điều", ("điều",)),
    "as_written": ("Chữ như bản gốc", ()),
    "attachments": ("Tệp đính kèm", ("đính kèm", "tệp")),
    "authority": ("Thẩm quyền ký", ()),
    "base_url": ("Địa chỉ trang", ()),
    "body_text": ("Toàn văn", ("nội dung văn bản",)),
    "broadcast_from": ("Bắt đầu thông báo trên loa", ("loa", "ngày phát loa", "phát thanh")),
    "broadcast_until": ("Ngày cuối thông báo trên loa", ("hết loa", "kết thúc loa")),
    "category": ("Mục của Điều 11", ("mục", "nhóm", "lĩnh vực")),
    "changes": ("Ghi chú thay đổi", ("thay đổi", "sửa đổi sau khi đăng")),
    "chapters": ("Các chương", ("chương",)),
    "clauses": ("Các khoản", ("khoản",)),
    "closes_on": ("Ngày kết thúc lấy ý kiến", ("ngày kết thúc", "hạn góp ý")),
    "columns": ("Tên các cột", ("cột",)),
    "committee_leaders": ("Lãnh đạo Ủy ban nhân dân", ()),
    "confidence": ("Độ tin cậy OCR", ()),
    "considering": ("Các dòng “Xét”", ("xét",)),
    "council": ("Hội đồng nhân dân", ()),
    "date": ("Ngày", ()),
    "decided_on": ("Ngày ban hành văn bản được công khai", ("ngày quyết định",)),
    "document": ("Văn bản", ("văn bản được công khai",)),
    "draft": ("Dự thảo", ("dự thảo văn bản",)),
    "effective_on": ("Ngày có hiệu lực", ("hiệu lực",)),
    "effective_on_adoption": ("Có hiệu lực từ ngày thông qua", ()),
    "email": ("Thư điện tử", ("email", "thư")),
    "email_subject": ("Tiêu đề thư", ()),
    "english": ("Tiếng Anh", ()),
    "establishment": ("Căn cứ thành lập", ()),
    "expires_on": ("Ngày hết hiệu lực", ("hết hiệu lực",)),
    "explanation": ("Giải trình", ("giải trình việc tiếp thu",)),
    "external_document": ("Văn bản ngoài data/", ("văn bản cấp trên",)),
    "feedback": ("Kênh tiếp nhận ý kiến", ()),
    "file": ("Tệp", ("đường dẫn tệp",)),
    "forms": ("Hình thức công khai", ("hình thức",)),
    "formula": ("Lời quyết định", ()),
    "id": ("Mã", ("mã số", "mã văn bản")),
    "illustrative": ("Dữ liệu minh họa", ("minh họa",)),
    "illustrative_note": ("Ghi chú về dữ liệu minh họa", ()),
    "public_numbers": ("Số được phép đăng (không phải số cá nhân)", ("số công khai",)),
    "issuer": ("Cơ quan ban hành", ("cơ quan",)),
    "kind": ("Loại báo cáo", ()),
    "leaders": ("Lãnh đạo", ()),
    "legal_bases": ("Căn cứ", ("căn cứ pháp lý",)),
    "letter": ("Chữ cái của điểm", ()),
    "links": ("Liên kết", ()),
    "matter": ("Nội dung lấy ý kiến", ()),
    "meeting": ("Hội nghị lấy ý kiến", ("hội nghị",)),
    "months": ("Số tháng của kỳ báo cáo", ("tháng",)),
    "name": ("Họ và tên, tên", ("họ tên", "tên")),
    "number": ("Số, ký hiệu", ("số", "số hiệu", "ký hiệu")),
    "ocr": ("Trang nhận dạng từ ảnh (OCR), chưa soát", ("ocr", "nhận dạng chữ")),
    "opens_on": ("Ngày bắt đầu lấy ý kiến", ("ngày bắt đầu",)),
    "page": ("Trang", ()),
    "paragraphs": ("Các đoạn", ("đoạn",)),
    "period": ("Kỳ báo cáo ngân sách", ("kỳ báo cáo",)),
    "phone": ("Điện thoại", ("số điện thoại",)),
    "place": ("Địa danh", ()),
    "points": ("Các điểm", ("điểm",)),
    "portal_url": ("Cổng phản ánh, kiến nghị", ()),
    "posted_from": ("Ngày bắt đầu niêm yết", ("niêm yết", "ngày niêm yết")),
    "posted_until": ("Ngày kết thúc niêm yết", ("hết niêm yết",)),
    "province": ("Tỉnh, thành phố", ("tỉnh",)),
    "published_on": ("Ngày đăng", ("ngày đăng trên trang", "ngày công khai", "ngày công bố")),
    "recipients": ("Nơi nhận", ()),
    "related": ("Văn bản liên quan", ()),
    "repeals": ("Bãi bỏ văn bản", ("bãi bỏ",)),
    "replaces": ("Thay thế văn bản", ("thay thế",)),
    "results": ("Kết quả lấy ý kiến", ("kết quả",)),
    "rows": ("Các dòng", ("dòng",)),
    "satisfaction_url": ("Đánh giá mức độ hài lòng", ()),
    "sections": ("Các mục", ()),
    "session": ("Kỳ họp", ()),
    "signer": ("Người ký", ("người ký",)),
    "started_on": ("Ngày trang bắt đầu hoạt động", ()),
    "status": ("Tình trạng", ("trạng thái",)),
    "summary": ("Tóm tắt", ("tóm tắt nội dung", "tổng hợp ý kiến")),
    "subsections": ("Các tiểu mục", ("tiểu mục",)),
    "tables": ("Bảng số liệu", ("bảng",)),
    "term": ("Khóa", ("khóa họp",)),
    "text": ("Nội dung", ("nội dung",)),
    "time_zone": ("Múi giờ", ()),
    "title": ("Tên, trích yếu", ("tiêu đề", "trích yếu", "tên")),
    "type": ("Loại văn bản", ("loại",)),
    "unit_code": ("Mã đơn vị hành chính", ()),
    "unit_type": ("Loại đơn vị", ()),
    "unplaced": ("Đoạn chưa xếp được", ()),
    "url": ("Liên kết", ("đường dẫn",)),
    "what": ("Nội dung đã thay đổi", ()),
    "why": ("Lý do thay đổi", ("lý do",)),
    "withdrawn": ("Gỡ thông tin đã đăng", ("gỡ bỏ", "thu hồi")),
    "working_hours": ("Giờ làm việc", ()),
    "year": ("Năm", ()),
    "years": ("Nhiệm kỳ", ()),
}


def field_label(name: str) -> str:
    """Return a key's short Vietnamese name, or the key itself when none is written."""
    return FIELD_LABELS.get(name, (name, ()))[0]


def _key(text: str) -> str:
    """Compare words without accents, case, spaces or underscores."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def key_for_words(words: str, allowed: list[str] | tuple[str, ...]) -> str | None:
    """Return the data key a clerk meant by writing a Vietnamese word (`tóm tắt` -> summary), if unambiguous."""
    wanted = _key(words)
    if not wanted:
        return None
    found = {name for name in allowed
             if name in FIELD_LABELS and wanted in {_key(FIELD_LABELS[name][0]), *(_key(w) for w in FIELD_LABELS[name][1])}}
    return found.pop() if len(found) == 1 else None
