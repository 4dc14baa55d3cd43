"""The data model: one class per domain concept, one field per data key.

Field descriptions are written once here, in Vietnamese for the clerk who reads them: they feed the
JSON Schema, the data-format guide and error hints.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

from ..domain.clock import is_time_zone
from ..domain.vocabulary import DOC_TYPE_KEYS, FORM_KEYS, POINT_LETTERS

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)

# Dates a ward's records can carry; outside is a typo (9999-12-31) that would break pages and feeds.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


# Text that may be empty: a table cell (""), and a clause or point whose words are all in its points
# or paragraphs (the legal-text parser reads "1." alone on its line so).
# Data built by the loader is already text; a number handed to the model directly (a test, the guide's
# examples) is written out as Python prints it.
Cell = Annotated[str, StringConstraints(min_length=0), BeforeValidator(lambda v: str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)]

DocType = Literal[DOC_TYPE_KEYS]  # type: ignore[valid-type]
FormKey = Literal[FORM_KEYS]  # type: ignore[valid-type]


class Record(BaseModel):
    """Base of every data model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_min_length=1, frozen=False)

    @field_validator("*")
    @classmethod
    def _date_in_range(cls, value: object) -> object:
        """Refuse a date outside FIRST_DAY..LAST_DAY: a typo (9999-12-31) that would break pages and feeds."""
        if isinstance(value, dt.date) and not FIRST_DAY <= value <= LAST_DAY:
            raise ValueError("date_range")
        return value


class ChangeNote(Record):
    date: dt.date = Field(description="Ngày sửa đổi, dạng YYYY-MM-DD.")
    what: str = Field(description="Nội dung đã thay đổi.")
    why: str = Field(description="Lý do thay đổi.")


class Withdrawal(Record):
    date: dt.date = Field(description="Ngày gỡ thông tin đã đăng, dạng YYYY-MM-DD.")
    why: str = Field(description="Lý do gỡ (ví dụ: đăng nhầm, có thông tin cá nhân), căn cứ nếu có.")


WITHDRAWN_DESCRIPTION = ("Gỡ thông tin đã đăng một cách công khai: ngày và lý do. Mục vẫn giữ trong data/ và trong sổ "
                         "data/da-dang.json; trang của mục ghi rõ đã gỡ, nội dung có thể được lược bớt.")


class Attachment(Record):
    file: str = Field(description="Đường dẫn tệp, tính từ thư mục data/, ví dụ tep/2025/nq-12.pdf.")
    title: str | None = Field(None, description="Tên hiển thị của tệp, ví dụ “Bản ký số”.")


class Person(Record):
    title: str = Field(description="Chức vụ, ví dụ “Chủ tịch”.")
    name: str = Field(description="Họ và tên.")
    duties: str | None = Field(None, description="Nhiệm vụ được phân công, ví dụ “Phụ trách chung; lĩnh vực tài chính, ngân sách”.")


class Signer(Record):
    authority: str | None = Field(
        None, description="Dòng thẩm quyền ký, ví dụ “TM. HỘI ĐỒNG NHÂN DÂN”."
    )
    title: str = Field(description="Chức vụ người ký, ví dụ “CHỦ TỊCH”.")
    name: str = Field(description="Họ và tên người ký.")


class LegalBasis(Record):
    text: str = Field(description="Nguyên văn dòng căn cứ, ví dụ “Căn cứ Luật Thực hiện dân chủ ở cơ sở …”.")
    number: str | None = Field(None, description="Số, ký hiệu văn bản được viện dẫn, ví dụ 59/2023/NĐ-CP.")
    url: str | None = Field(None, description="Liên kết tới văn bản được viện dẫn (nếu có).")
    document: str | None = Field(None, description="Mã (id) của văn bản được viện dẫn nếu nó có trong data/.")


class Table(Record):
    title: str | None = Field(None, description="Tên bảng.")
    columns: list[str] = Field(description="Tên các cột.")
    rows: list[list[Cell | None]] = Field(description="Các dòng; mỗi dòng có đúng số ô bằng số cột. Mỗi ô được đăng đúng như đã gõ (12.500 vẫn là 12.500); ô trống ghi \"\".")


MAX_TABLE_COLUMNS = 30


class DocTable(Table):
    """A table inside a document's text, placed among the paragraphs of the part it belongs to."""

    columns: list[Cell] = Field(description="Dòng tiêu đề của bảng: tên các cột (ô trống ghi \"\").")
    after: int | None = Field(
        None, ge=0,
        description="Vị trí của bảng: số đoạn (trong paragraphs của cùng phần) đứng trước bảng; 0 là trước đoạn đầu tiên. "
        "Bỏ trống: sau đoạn cuối cùng.",
    )


def _tables_field():
    return Field(default_factory=list, description="Các bảng trong phần này, mỗi bảng đặt sau số đoạn ghi ở after: "
                 "title (tên bảng, nếu có), columns (dòng tiêu đề) và rows (các dòng, mỗi dòng đủ số ô bằng số cột).")


class Point(Record):
    letter: str = Field(description="Chữ cái của điểm theo bảng chữ cái tiếng Việt: a, b, c, d, đ, e, g, h, i, k …")
    as_written: str | None = Field(
        None,
        description="Chữ cái như bản gốc ghi, khi bản gốc ghi sai thứ tự (ví dụ lặp “d)”); trang hiển thị chữ này.",
    )
    text: Cell = Field(description="Nội dung điểm (dòng đầu).")
    paragraphs: list[str] = Field(
        default_factory=list, description="Các đoạn tiếp theo; đoạn bắt đầu bằng “- ” là một gạch đầu dòng."
    )
    tables: list[DocTable] = _tables_field()

    @field_validator("letter")
    @classmethod
    def _check_letter(cls, value: str) -> str:
        if value not in POINT_LETTERS:
            raise ValueError("point_letter")
        return value


class Clause(Record):
    number: int = Field(ge=1, description="Số thứ tự khoản: 1, 2, 3 …")
    text: Cell = Field(description="Nội dung khoản (dòng đầu, sau số thứ tự).")
    paragraphs: list[str] = Field(
        default_factory=list, description="Các đoạn tiếp theo; đoạn bắt đầu bằng “- ” là một gạch đầu dòng."
    )
    tables: list[DocTable] = _tables_field()
    points: list[Point] = Field(default_factory=list, description="Các điểm a), b), c) … của khoản.")


class Article(Record):
    number: int = Field(ge=1, description="Số điều: 1, 2, 3 …")
    title: str | None = Field(None, description="Tên điều, ví dụ “Phạm vi điều chỉnh”.")
    paragraphs: list[str] = Field(
        default_factory=list, description="Các đoạn không đánh số ngay dưới tên điều."
    )
    tables: list[DocTable] = _tables_field()
    clauses: list[Clause] = Field(default_factory=list, description="Các khoản 1., 2., 3. … của điều.")


class Section(Record):
    number: str = Field(description="Số mục, ví dụ 1.")
    title: str | None = Field(None, description="Tên mục.")
    articles: list[Article] = Field(default_factory=list, description="Các điều trong mục.")


class PlanSubsection(Record):
    number: str = Field(description="Số của tiểu mục như văn bản ghi, ví dụ 1 (trong “1. Mục đích”).")
    title: Cell = Field("", description="Tên tiểu mục hoặc dòng đầu sau số, ví dụ “Mục đích”.")
    paragraphs: list[str] = Field(
        default_factory=list, description="Các đoạn của tiểu mục; đoạn bắt đầu bằng “- ” là một gạch đầu dòng."
    )
    tables: list[DocTable] = _tables_field()
    points: list[Point] = Field(default_factory=list, description="Các điểm a), b), c) … của tiểu mục.")


class PlanSection(Record):
    number: str = Field(description="Số của mục như văn bản ghi, thường bằng chữ số La Mã, ví dụ I (trong “I. MỤC ĐÍCH, YÊU CẦU”).")
    title: str | None = Field(None, description="Tên mục, ví dụ “MỤC ĐÍCH, YÊU CẦU”.")
    paragraphs: list[str] = Field(
        default_factory=list, description="Các đoạn ngay dưới tên mục; đoạn bắt đầu bằng “- ” là một gạch đầu dòng."
    )
    tables: list[DocTable] = _tables_field()
    subsections: list[PlanSubsection] = Field(default_factory=list, description="Các tiểu mục 1., 2., 3. … của mục.")


class Chapter(Record):
    number: str = Field(description="Số chương bằng chữ số La Mã, ví dụ II.")
    title: str | None = Field(None, description="Tên chương.")
    articles: list[Article] = Field(default_factory=list, description="Các điều trong chương (ngoài các mục).")
    sections: list[Section] = Field(default_factory=list, description="Các mục trong chương.")


class ExternalDocument(Record):
    number: str | None = Field(None, description="Số, ký hiệu văn bản.")
    title: str = Field(description="Trích yếu văn bản.")
    issuer: str | None = Field(None, description="Cơ quan ban hành.")
    date: dt.date | None = Field(None, description="Ngày ban hành, dạng YYYY-MM-DD.")
    url: str | None = Field(None, description="Liên kết tới văn bản (nếu có).")


class OcrPage(Record):
    page: int = Field(ge=1, description="Số trang trong tệp gốc.")
    confidence: float = Field(ge=0, le=100, description="Độ tin cậy trung bình Tesseract cho chữ của trang, từ 0 đến 100.")


class Document(Record):
    id: str = Field(pattern=ID_PATTERN, description="Mã cố định của văn bản: chữ thường không dấu, số và dấu gạch ngang. Không đổi sau khi đăng.")
    type: DocType = Field(description="Loại văn bản: nghi_quyet, quyet_dinh, ke_hoach, bao_cao, thong_bao, to_trinh …")
    number: str | None = Field(None, description="Số, ký hiệu, ví dụ 30/2024/NQ-HĐND hoặc 356/TTr-UBND. Để trống với dự thảo.")
    issuer: str = Field(description="Cơ quan ban hành, ví dụ “Hội đồng nhân dân phường Bách Quang”.")
    title: str = Field(description="Trích yếu nội dung.")
    place: str | None = Field(None, description="Địa danh ghi ở đầu văn bản, ví dụ Bách Quang.")
    status: Literal["draft", "adopted"] = Field("adopted", description="draft (dự thảo) hoặc adopted (đã thông qua/ban hành).")
    adopted_on: dt.date | None = Field(None, description="Ngày thông qua hoặc ký ban hành, dạng YYYY-MM-DD. Bắt buộc nếu không phải dự thảo.")
    effective_on: dt.date | None = Field(None, description="Ngày có hiệu lực, dạng YYYY-MM-DD.")
    effective_on_adoption: bool = Field(False, description="true nếu văn bản có hiệu lực kể từ ngày thông qua/ký.")
    term: str | None = Field(None, description="Khóa của Hội đồng nhân dân (với nghị quyết), ví dụ III.")
    session: str | None = Field(None, description="Kỳ họp (với nghị quyết), ví dụ “thứ Sáu”.")
    legal_bases: list[LegalBasis] = Field(default_factory=list, description="Các dòng căn cứ.")
    considering: list[str] = Field(default_factory=list, description="Các dòng “Xét …” (tờ trình, báo cáo thẩm tra).")
    formula: str | None = Field(None, description="Lời quyết định, ví dụ “QUYẾT NGHỊ:”.")
    chapters: list[Chapter] = Field(default_factory=list, description="Các chương (nếu văn bản chia chương).")
    articles: list[Article] = Field(default_factory=list, description="Các điều của văn bản (khi không chia chương).")
    body_text: str | None = Field(None, description="Toàn văn phần nội dung dạng văn bản thuần, thay cho articles; được phân tích khi dựng trang.")
    paragraphs: list[str] = Field(default_factory=list, description="Nội dung không chia điều (thông báo, báo cáo ngắn); với văn bản có sections là các đoạn trước mục I.")
    tables: list[DocTable] = _tables_field()
    sections: list[PlanSection] = Field(
        default_factory=list,
        description="Các mục I., II., III. … của văn bản không chia điều (kế hoạch, báo cáo), mỗi mục có các tiểu mục 1., 2. "
        "và điểm a), b). Văn bản chỉ có một trong hai: sections hoặc articles/chapters.",
    )
    unplaced: list[str] = Field(default_factory=list, description="Đoạn văn trình nhập chưa xếp được vào cấu trúc; cần người xem lại.")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận.")
    signer: Signer | None = Field(None, description="Người ký.")
    attachments: list[Attachment] = Field(default_factory=list, description="Tệp đính kèm (bản ký số, phụ lục).")
    related: list[str] = Field(default_factory=list, description="Mã (id) của văn bản liên quan trong data/, ví dụ tờ trình của nghị quyết.")
    amends: list[str] = Field(default_factory=list, description="Mã (id) các văn bản mà văn bản này sửa đổi, bổ sung.")
    replaces: list[str] = Field(default_factory=list, description="Mã (id) các văn bản mà văn bản này thay thế.")
    repeals: list[str] = Field(default_factory=list, description="Mã (id) các văn bản mà văn bản này bãi bỏ.")
    expires_on: dt.date | None = Field(None, description="Ngày hết hiệu lực (nếu văn bản tự quy định thời hạn).")
    changes: list[ChangeNote] = Field(default_factory=list, description="Ghi chú thay đổi sau khi đã đăng: ngày, nội dung, lý do.")
    approval: ExternalDocument | None = Field(None, description="Với hương ước, quy ước: quyết định công nhận (số, trích yếu, cơ quan, ngày) theo Nghị định 61/2023/NĐ-CP.")
    withdrawn: Withdrawal | None = Field(None, description=WITHDRAWN_DESCRIPTION)
    ocr: list[OcrPage] = Field(
        default_factory=list,
        description="Các trang có chữ do máy nhận dạng từ ảnh quét (OCR) khi nhập, kèm độ tin cậy. Chữ OCR có thể sai: "
        "hãy đối chiếu từng chữ với bản gốc rồi xóa trường này.",
    )
    illustrative: bool = Field(False, description="true nếu là dữ liệu minh họa, không phải văn bản thật.")
    public_numbers: list[str] = Field(default_factory=list, description="Số điện thoại hoặc số khác trong tệp này được phép đăng vì không phải số của cá nhân (ví dụ đường dây nóng của cơ quan), đặt trong dấu ngoặc kép.")

    @property
    def year(self) -> int | None:
        return self.adopted_on.year if self.adopted_on else None

    def all_articles(self) -> list[Article]:
        """Return every article in reading order, whether or not the document has chapters."""
        found = list(self.articles)
        for chapter in self.chapters:
            found.extend(chapter.articles)
            for section in chapter.sections:
                found.extend(section.articles)
        return found


class BudgetPeriod(Record):
    kind: Literal["estimate_submitted", "estimate_decided", "execution", "final_accounts"] = Field(
        description="Loại: estimate_submitted (dự toán trình), estimate_decided (dự toán được quyết định), execution (tình hình thực hiện), final_accounts (quyết toán)."
    )
    year: int = Field(ge=2000, le=2100, description="Năm ngân sách.")
    months: Literal[3, 6, 9, 12] | None = Field(None, description="Với execution: số tháng của kỳ báo cáo (3, 6, 9 hoặc 12).")


class Disclosure(Record):
    id: str = Field(pattern=ID_PATTERN, description="Mã cố định của thông tin công khai. Không đổi sau khi đăng.")
    category: int = Field(ge=1, le=14, description="Mục của Điều 11 Luật 10/2022/QH15, từ 1 đến 14.")
    title: str = Field(description="Tên thông tin công khai.")
    document: str | None = Field(None, description="Mã (id) của văn bản trong data/ được công khai.")
    external_document: ExternalDocument | None = Field(None, description="Văn bản được công khai khi nó không có trong data/.")
    decided_on: dt.date | None = Field(None, description="Ngày ban hành quyết định/văn bản được công khai. Mặc định lấy từ văn bản.")
    published_on: dt.date = Field(description="Ngày đăng trên trang, dạng YYYY-MM-DD.")
    posted_from: dt.date | None = Field(None, description="Ngày bắt đầu niêm yết tại trụ sở.")
    posted_until: dt.date | None = Field(None, description="Ngày kết thúc niêm yết (bỏ trống nếu niêm yết thường xuyên).")
    broadcast_from: dt.date | None = Field(None, description="Ngày bắt đầu thông báo trên hệ thống loa (mục 7–12 của Điều 11). Ghi kèm broadcast_until, và forms phải có loudspeaker.")
    broadcast_until: dt.date | None = Field(None, description="Ngày cuối cùng thông báo trên hệ thống loa (tính cả ngày này).")
    forms: list[FormKey] = Field(default_factory=list, description="Các hình thức công khai khác: notice_board, loudspeaker, village_heads …")
    summary: str | None = Field(None, description="Tóm tắt nội dung.")
    tables: list[Table] = Field(default_factory=list, description="Bảng số liệu.")
    attachments: list[Attachment] = Field(default_factory=list, description="Tệp đính kèm.")
    period: BudgetPeriod | None = Field(None, description="Kỳ báo cáo ngân sách (với mục 2): loại báo cáo, năm, kỳ.")
    changes: list[ChangeNote] = Field(default_factory=list, description="Ghi chú thay đổi sau khi đã đăng: ngày, nội dung, lý do.")
    withdrawn: Withdrawal | None = Field(None, description=WITHDRAWN_DESCRIPTION)
    illustrative: bool = Field(False, description="true nếu là dữ liệu minh họa, không phải thông tin thật.")
    public_numbers: list[str] = Field(default_factory=list, description="Số điện thoại hoặc số khác trong tệp này được phép đăng vì không phải số của cá nhân (ví dụ đường dây nóng của cơ quan), đặt trong dấu ngoặc kép.")


class ConsultationResult(Record):
    published_on: dt.date = Field(description="Ngày công bố kết quả tổng hợp ý kiến.")
    summary: str = Field(description="Tổng hợp ý kiến của Nhân dân.")
    explanation: str = Field(description="Giải trình: ý kiến nào được tiếp thu, ý kiến nào không và lý do.")
    document: str | None = Field(None, description="Mã (id) văn bản báo cáo kết quả trong data/ (nếu có).")


class Consultation(Record):
    id: str = Field(pattern=ID_PATTERN, description="Mã cố định của đợt lấy ý kiến.")
    title: str = Field(description="Tên nội dung lấy ý kiến.")
    draft: str = Field(description="Mã (id) của dự thảo văn bản trong data/.")
    matter: str | None = Field(None, description="Nội dung lấy ý kiến theo Điều 25 Luật 10/2022/QH15.")
    opens_on: dt.date = Field(description="Ngày bắt đầu lấy ý kiến.")
    closes_on: dt.date = Field(description="Ngày kết thúc lấy ý kiến.")
    email: str | None = Field(None, description="Thư điện tử nhận ý kiến.")
    email_subject: str | None = Field(None, description="Tiêu đề thư gợi ý (được điền sẵn).")
    address: str | None = Field(None, description="Địa chỉ nhận ý kiến trực tiếp.")
    phone: str | None = Field(None, description="Số điện thoại nhận ý kiến.")
    meeting: str | None = Field(None, description="Hội nghị lấy ý kiến: thời gian, địa điểm.")
    results: ConsultationResult | None = Field(None, description="Kết quả sau khi kết thúc lấy ý kiến.")
    changes: list[ChangeNote] = Field(
        default_factory=list,
        description="Ghi chú thay đổi sau khi đã đăng (thời gian, nội dung, dự thảo, cách gửi ý kiến hoặc kết quả đã công bố): "
        "ngày, nội dung, lý do. Lần đầu thêm kết quả (results) thì không cần ghi chú.",
    )
    withdrawn: Withdrawal | None = Field(None, description=WITHDRAWN_DESCRIPTION)
    illustrative: bool = Field(False, description="true nếu là dữ liệu minh họa.")
    public_numbers: list[str] = Field(default_factory=list, description="Số điện thoại hoặc số khác trong tệp này được phép đăng vì không phải số của cá nhân (ví dụ đường dây nóng của cơ quan), đặt trong dấu ngoặc kép.")


class FeedbackChannels(Record):
    email: str | None = Field(None, description="Hộp thư nhận ý kiến.")
    phone: str | None = Field(None, description="Số điện thoại đường dây nóng.")
    address: str | None = Field(None, description="Nơi nhận ý kiến trực tiếp.")
    satisfaction_url: str | None = Field(None, description="Liên kết đánh giá mức độ hài lòng.")
    portal_url: str | None = Field(None, description="Cổng phản ánh, kiến nghị của tỉnh.")


class Council(Record):
    term: str | None = Field(None, description="Khóa Hội đồng nhân dân, ví dụ III.")
    years: str | None = Field(None, description="Nhiệm kỳ, ví dụ 2021–2026.")
    leaders: list[Person] = Field(default_factory=list, description="Lãnh đạo Hội đồng nhân dân.")


class English(Record):
    name: str = Field(description="Tên đơn vị bằng tiếng Anh, ví dụ Bach Quang Ward.")
    about: str = Field(description="Giới thiệu ngắn bằng tiếng Anh về tổ chức, chức năng của đơn vị.")


class Link(Record):
    title: str = Field(description="Tên cơ quan hoặc trang liên kết, ví dụ Cổng Dịch vụ công quốc gia.")
    url: str = Field(description="Địa chỉ trang, bắt đầu bằng https://")


class Body(Record):
    name: str = Field(description="Tên cơ quan, bộ phận trong bộ máy, ví dụ “Văn phòng Hội đồng nhân dân và Ủy ban nhân dân”.")
    duties: str | None = Field(None, description="Chức năng, nhiệm vụ của cơ quan, bộ phận.")
    people: list[Person] = Field(default_factory=list, description="Lãnh đạo, cán bộ phụ trách (chức vụ, họ tên, nhiệm vụ).")


class Landmark(Record):
    name: str = Field(description="Tên di tích, danh thắng, công trình tiêu biểu.")
    text: str | None = Field(None, description="Giới thiệu ngắn.")


class About(Record):
    apparatus: list[Body] = Field(default_factory=list, description="Bộ máy của đơn vị: các cơ quan, bộ phận, lãnh đạo và nhiệm vụ (Nghị định 224/2026, Điều 9).")
    map: str | None = Field(None, description="Tệp ảnh bản đồ hành chính của đơn vị trong data/, ví dụ tep/ban-do.png (PNG, JPEG hoặc SVG).")
    map_caption: str | None = Field(None, description="Chú thích bản đồ: nguồn, năm lập.")
    history: str | None = Field(None, description="Lịch sử hình thành, phát triển.")
    culture: str | None = Field(None, description="Văn hóa, lễ hội, truyền thống.")
    landmarks: list[Landmark] = Field(default_factory=list, description="Di tích, danh thắng, công trình tiêu biểu.")
class DataLicense(Record):
    name: str = Field("CC BY 4.0", description="Tên giấy phép của dữ liệu mở, ví dụ CC BY 4.0.")
    url: str = Field("https://creativecommons.org/licenses/by/4.0/deed.vi", description="Địa chỉ văn bản giấy phép.")


class Site(Record):
    name: str = Field(description="Tên đơn vị, ví dụ Bách Quang.")
    unit_type: Literal["xa", "phuong", "dac_khu"] = Field(description="Loại đơn vị: xa, phuong hoặc dac_khu.")
    unit_code: str = Field(pattern=r"^\d{5}$", description="Mã đơn vị hành chính (5 chữ số).")
    province: str = Field(description="Tỉnh, thành phố.")
    establishment: str | None = Field(None, description="Căn cứ thành lập/sắp xếp đơn vị, ví dụ nghị quyết của Ủy ban Thường vụ Quốc hội.")
    address: str = Field(description="Địa chỉ trụ sở.")
    phone: str | None = Field(None, description="Điện thoại cơ quan.")
    email: str | None = Field(None, description="Thư điện tử cơ quan.")
    working_hours: str | None = Field(None, description="Giờ làm việc.")
    base_url: str = Field(description="Địa chỉ trang, ví dụ https://bachquang.thainguyen.gov.vn/")
    feedback: FeedbackChannels = Field(default_factory=FeedbackChannels, description="Kênh tiếp nhận ý kiến.")
    council: Council | None = Field(None, description="Hội đồng nhân dân: khóa, nhiệm kỳ, lãnh đạo.")
    committee_leaders: list[Person] = Field(default_factory=list, description="Lãnh đạo Ủy ban nhân dân.")
    english: English | None = Field(None, description="Thông tin bằng tiếng Anh.")
    links: list[Link] = Field(default_factory=list, description="Liên kết tới các cơ quan liên quan (Nghị định 42/2022): cổng thông tin của tỉnh, Cổng Dịch vụ công quốc gia …")
    illustrative_note: str | None = Field(None, description="Ghi chú chung về dữ liệu minh họa.")
    logo: str | None = Field(None, description="Tệp biểu trưng (logo) của đơn vị trong data/, ví dụ tep/logo.svg (SVG, PNG hoặc JPG), hiện ở đầu trang và làm biểu tượng trang. Bỏ trống: dùng emblem nếu có, nếu không là biểu trưng trung tính vẽ sẵn.")
    governing_body: str | None = Field(None, description="Cơ quan chủ quản trang, ví dụ “Ủy ban nhân dân phường Bách Quang”. Bỏ trống: Ủy ban nhân dân của đơn vị.")
    responsible: Person | None = Field(None, description="Người chịu trách nhiệm nội dung: chức vụ, họ tên.")
    licence: str | None = Field(None, description="Giấy phép hoặc quyết định thiết lập trang (số, ngày, cơ quan cấp).")
    about: About | None = Field(None, description="Giới thiệu đơn vị (Nghị định 224/2026, Điều 9): bộ máy, bản đồ, lịch sử, văn hóa, di tích.")
    emblem: str | None = Field(None, description="Biểu trưng của đơn vị: tệp ảnh PNG hoặc JPG trong data/ (ví dụ tep/bieu-trung.png), hiện khi chia sẻ liên kết trên Zalo, Facebook. Bỏ trống: trang tự vẽ ảnh có tên đơn vị.")
    data_license: DataLicense = Field(default_factory=DataLicense, description="Giấy phép cho các tệp dữ liệu mở (thư mục du-lieu/ của trang); mặc định CC BY 4.0.")
    started_on: dt.date | None = Field(
        None,
        description="Ngày trang bắt đầu hoạt động (congkhai init ghi sẵn). Nghĩa vụ công khai định kỳ có hạn "
        "trước ngày này không bị tính là còn thiếu trên trang Tình hình công khai.",
    )
    time_zone: str | None = Field(
        None,
        description="Múi giờ IANA dùng để tính \"hôm nay\" (mặc định Asia/Ho_Chi_Minh, giờ Việt Nam).",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_time_zone(value):
            raise ValueError("time_zone")
        return value
    public_numbers: list[str] = Field(default_factory=list, description="Số điện thoại công khai khác của đơn vị (đường dây nóng, tổng đài), đặt trong dấu ngoặc kép; được phép xuất hiện trong mọi tệp.")

    @field_validator("base_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        if not re.match(r"^https?://", value):
            raise ValueError("base_url")
        return value if value.endswith("/") else value + "/"
