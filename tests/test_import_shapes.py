"""Document shapes seen in real files: 2025-law resolutions without "QUYẾT NGHỊ:", chapters and
sections, points up to l), "Điều 1:" with a colon, headings split over two lines, a number and a date
on one line, stray punctuation in the number, a number split from its symbol, an all-capitals title,
a plan in I./1./a) sections, and a regulation appended after the signature."""

from __future__ import annotations

from generator.data.models import Document
from generator.legal_text.document import parse_document, render_text
from tests.import_fixtures import coverage, words

LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l"]

RESOLUTION_2025 = """HỘI ĐỒNG NHÂN DÂN
XÃ AN BÌNH
Số: 07/2025/NQ-HĐND An Bình, ngày 20 tháng 8 năm 2025
NGHỊ QUYẾT
QUY ĐỊNH MỨC CHI HỖ TRỢ CÔNG TÁC HÒA GIẢI Ở CƠ SỞ
HỘI ĐỒNG NHÂN DÂN XÃ AN BÌNH
KHÓA I, KỲ HỌP THỨ HAI
Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;
Chương I
QUY ĐỊNH CHUNG
Điều 1: Phạm vi điều chỉnh
Nghị quyết này quy định mức chi hỗ trợ công tác hòa giải ở cơ sở.
Điều
2. Đối tượng áp dụng
1. Các đối tượng sau được hỗ trợ:
""" + "".join(f"{letter}) Đối tượng thứ {index};\n" for index, letter in enumerate(LETTERS, 1)) + """Chương II
MỨC CHI
Mục 1
CHI CHO TỔ HÒA GIẢI
Điều 3. Mức chi
1. Chi thù lao cho hòa giải viên 200.000 đồng một vụ việc.
Điều 4. Hiệu lực thi hành
Nghị quyết này có hiệu lực kể từ ngày 01 tháng 9 năm 2025./.
Nơi nhận:
- UBND xã;
- Lưu: VT.
CHỦ TỊCH
Hoàng Văn Nam
"""


def test_a_2025_law_resolution_with_chapters_sections_and_points_to_l():
    [doc] = parse_document(RESOLUTION_2025)
    data = doc.data
    assert (data["number"], data["adopted_on"], data["place"]) == ("07/2025/NQ-HĐND", "2025-08-20", "An Bình")
    assert data["title"] == "Quy định mức chi hỗ trợ công tác hòa giải ở cơ sở"
    assert any("toàn chữ in hoa" in w.message for w in doc.warnings)
    assert "formula" not in data and (data["term"], data["session"]) == ("I", "thứ Hai")
    chapters = data["chapters"]
    assert [c["number"] for c in chapters] == ["I", "II"] and chapters[1]["sections"][0]["title"] == "CHI CHO TỔ HÒA GIẢI"
    first = chapters[0]["articles"]
    assert [a["number"] for a in first] == [1, 2] and first[0]["title"] == "Phạm vi điều chỉnh"
    assert first[1]["title"] == "Đối tượng áp dụng"
    assert [p["letter"] for p in first[1]["clauses"][0]["points"]] == LETTERS
    assert [a["number"] for a in chapters[1]["sections"][0]["articles"]] == [3, 4]
    assert data["effective_on"] == "2025-09-01" and data["signer"] == {"title": "CHỦ TỊCH", "name": "Hoàng Văn Nam"}
    body = RESOLUTION_2025[RESOLUTION_2025.index("Chương I"):RESOLUTION_2025.index("Nơi nhận")]
    assert coverage(words(body), words(render_text({"chapters": chapters}))) == 1.0
    Document.model_validate(data)


def test_stray_punctuation_and_a_number_split_from_its_symbol():
    header = "ỦY BAN NHÂN DÂN\nPHƯỜNG BÁCH QUANG\n{number}\nBách Quang, ngày 02 tháng 10 năm 2025\nKẾ HOẠCH\nTriển khai công tác chuyển đổi số năm 2025\n"
    for number in ("Số: 3070. /KH-UBND", "Số: 3070\n/KH-UBND", "Số: 3070 / KH-UBND"):
        [doc] = parse_document(header.format(number=number) + "I. MỤC ĐÍCH\nBảo đảm tiến độ.\n")
        assert doc.data["number"] == "3070/KH-UBND", number
        assert doc.data["type"] == "ke_hoach"


PLAN = """ỦY BAN NHÂN DÂN
PHƯỜNG BÁCH QUANG
Số: 3070/KH-UBND
Bách Quang, ngày 02 tháng 10 năm 2025
KẾ HOẠCH
Triển khai công tác chuyển đổi số năm 2025
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Nâng cao chất lượng phục vụ người dân.
b) Giảm thời gian giải quyết thủ tục hành chính.
2. Yêu cầu
Bảo đảm đúng tiến độ và an toàn thông tin.
II. NHIỆM VỤ
1. Văn phòng chủ trì triển khai.
III. TỔ CHỨC THỰC HIỆN
Các bộ phận báo cáo kết quả trước ngày 15 tháng 12 năm 2025.
Nơi nhận:
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn Bảo
"""


def test_a_plan_in_sections_loses_no_word():
    [doc] = parse_document(PLAN)
    data = doc.data
    assert (data["type"], data["number"], data["adopted_on"]) == ("ke_hoach", "3070/KH-UBND", "2025-10-02")
    assert "articles" not in data and data["signer"]["name"] == "Lê Văn Bảo"
    body = PLAN[PLAN.index("I. MỤC"):PLAN.index("Nơi nhận")]
    assert "paragraphs" not in data  # the parts are sections, not flat paragraphs
    assert [(s["number"], s["title"]) for s in data["sections"]] == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "NHIỆM VỤ"), ("III", "TỔ CHỨC THỰC HIỆN")]
    first = data["sections"][0]["subsections"]
    assert [(s["number"], s["title"]) for s in first] == [("1", "Mục đích"), ("2", "Yêu cầu")]
    assert [p["text"] for p in first[0]["points"]] == ["Nâng cao chất lượng phục vụ người dân.", "Giảm thời gian giải quyết thủ tục hành chính."]
    assert coverage(words(body), words(render_text({"sections": data["sections"]}))) == 1.0


DECISION_WITH_REGULATION = """ỦY BAN NHÂN DÂN
PHƯỜNG BÁCH QUANG
Số: 35/QĐ-UBND
Bách Quang, ngày 12 tháng 3 năm 2025
QUYẾT ĐỊNH
Ban hành Quy định tiếp công dân
CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BÁCH QUANG
Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định tiếp công dân.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
ỦY BAN NHÂN DÂN
PHƯỜNG BÁCH QUANG
QUY ĐỊNH
Tiếp công dân tại Ủy ban nhân dân phường
(Kèm theo Quyết định số 35/QĐ-UBND ngày 12 tháng 3 năm 2025 của Ủy ban nhân dân phường)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi
Quy định này áp dụng tại trụ sở Ủy ban nhân dân phường.
Điều 2. Lịch tiếp
1. Thứ Năm hằng tuần.
2. Khi có việc đột xuất.
Điều 3. Tổ chức thực hiện
Văn phòng theo dõi việc thực hiện Quy định này.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""


def test_a_regulation_after_the_signature_is_a_separate_linked_document():
    decision, regulation = parse_document(DECISION_WITH_REGULATION)
    main, appended = decision.data, regulation.data
    assert [a["number"] for a in main["articles"]] == [1, 2]  # never merged into the decision
    assert main["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn An"}
    assert (appended["type"], appended["title"]) == ("quy_dinh", "Tiếp công dân tại Ủy ban nhân dân phường")
    assert (appended["status"], appended["adopted_on"]) == ("adopted", "2025-03-12")
    assert [a["number"] for a in appended["chapters"][0]["articles"]] == [1, 2, 3]
    assert main["related"] == [appended["id"]] and appended["related"] == [main["id"]]
    assert any("ban hành kèm theo văn bản chính" in w.message for w in regulation.warnings)
    for data in (main, appended):
        Document.model_validate(data)
