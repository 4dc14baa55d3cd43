"""The legal-text parser: the two real seeds, messy input, and properties that hold for any input."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data.models import Document
from generator.domain.vocabulary import POINT_LETTERS
from generator.importing.importer import ImportProblem
from generator.legal_text.body import parse_body
from generator.legal_text.document import parse_document, render_text
from tests.conftest import SEEDS

BACH_QUANG = SEEDS / "bach-quang-nq-hdnd-2025.txt"
NINH_BINH = SEEDS / "ninh-binh-30-2024-nq-hdnd.txt"


def _one(path: Path):
    docs = parse_document(path.read_text(encoding="utf-8"))
    assert len(docs) == 1
    return docs[0]


def _shape(article: dict) -> tuple:
    """Return (clause count, [point letters per clause]) of one article."""
    clauses = article.get("clauses", [])
    return len(clauses), [[p["letter"] for p in c.get("points", [])] for c in clauses]


def test_bach_quang_structure_and_metadata():
    doc = _one(BACH_QUANG)
    data = doc.data
    model = Document.model_validate(data)
    assert [a["number"] for a in data["articles"]] == [1, 2, 3, 4, 5]
    one, two, three, four, five = data["articles"]
    assert _shape(one) == (2, [[], ["a", "b"]])
    assert _shape(two) == (2, [[], ["a", "b", "c", "d", "đ", "e"]])
    assert _shape(three) == (0, []) and three["paragraphs"][0].startswith("Kinh phí đảm bảo")
    assert _shape(four) == (2, [[], []])
    assert _shape(five) == (0, [])
    assert len(two["clauses"][0]["paragraphs"]) == 3  # the three "- " aims
    assert [len(p.get("paragraphs", [])) for p in two["clauses"][1]["points"]] == [3, 4, 7, 3, 4, 3]
    assert all(p.startswith("- ") for p in two["clauses"][1]["points"][0]["paragraphs"])
    assert "number" not in data
    assert model.status == "adopted" and str(model.adopted_on) == "2025-12-19"
    assert str(model.effective_on) == "2025-12-19" and not model.effective_on_adoption
    assert (model.term, model.session, model.place) == ("III", "thứ Sáu", "Bách Quang")
    assert model.issuer == "Hội đồng nhân dân phường Bách Quang"
    assert model.title.startswith("Quyết định các biện pháp") and model.title.endswith("phường Bách Quang")
    assert len(model.legal_bases) == 7
    assert [b.number for b in model.legal_bases] == [None, None, None, "59/2023/NĐ-CP", "61/2023/NĐ-CP", "346/QĐ-TTg", "02/NQ-HĐND"]
    assert len(model.considering) == 1 and model.formula == "QUYẾT NGHỊ:"
    assert len(model.recipients) == 13 and model.recipients[-1] == "Lưu: VT, CTHĐND"
    assert (model.signer.title, model.signer.name, model.signer.authority) == ("CHỦ TỊCH", "Đặng Dương Thảo", None)
    assert not model.unplaced


def test_bach_quang_rejoins_wrapped_lines_and_says_what_it_guessed():
    doc = _one(BACH_QUANG)
    point_b = doc.data["articles"][1]["clauses"][1]["points"][1]
    assert "truyền thông của các địa phương và các hình thức" in point_b["paragraphs"][0]
    by_line = {w.line: w.message for w in doc.warnings}
    assert sorted(by_line) == [3, 5, 67, 85, 131]
    assert "Số văn bản để trống" in by_line[3]
    assert "Ngày ở đầu văn bản để trống" in by_line[5]
    assert "nối vào câu ở dòng 65" in by_line[67]
    assert "suy ra adopted_on = 2025-12-19" in by_line[131]


def test_ninh_binh_structure_and_metadata():
    doc = _one(NINH_BINH)
    model = Document.model_validate(doc.data)
    articles = doc.data["articles"]
    assert [a["number"] for a in articles] == [1, 2, 3, 4]
    assert articles[0]["title"] == "Quyết định các biện pháp bảo đảm thực hiện dân chủ ở cơ sở trên địa bàn tỉnh Ninh Bình, cụ thể như sau"
    assert _shape(articles[0]) == (3, [["a", "b"], ["a", "b", "c", "d", "đ", "e"], ["a", "b", "c", "d", "đ"]])
    assert _shape(articles[1]) == (5, [["a", "b", "c", "d"], ["a", "b", "c", "d", "đ"],
                                       ["a", "b", "c", "d", "đ", "e", "g", "h"], ["a", "b", "c"], ["a", "b", "c", "d"]])
    assert _shape(articles[2]) == (0, [])
    assert _shape(articles[3]) == (3, [[], [], []])
    repeated = [p for a in articles for c in a.get("clauses", []) for p in c.get("points", []) if "as_written" in p]
    assert [(p["letter"], p["as_written"]) for p in repeated] == [("đ", "d"), ("đ", "d")]
    assert model.number == "30/2024/NQ-HĐND" and str(model.adopted_on) == "2024-12-04"
    assert str(model.effective_on) == "2025-01-01"
    assert (model.term, model.session, model.place) == ("XV", "thứ 26", "Ninh Bình")
    assert model.issuer == "Hội đồng nhân dân tỉnh Ninh Bình"
    assert model.title == "Quyết định các biện pháp bảo đảm thực hiện dân chủ ở cơ sở trên địa bàn tỉnh Ninh Bình"
    assert len(model.legal_bases) == 7 and len(model.recipients) == 16
    assert (model.signer.title, model.signer.name) == ("CHỦ TỊCH", "Mai Văn Tuất")
    assert model.id == "nq-30-2024-quyet-dinh-cac-bien-phap-bao-dam-thuc-hien-dan"


def test_ninh_binh_warnings_name_each_problem_line():
    doc = _one(NINH_BINH)
    by_line = {w.line: w.message for w in doc.warnings}
    assert sorted(by_line) == [56, 60, 74, 76, 110, 138, 154]
    assert "干涉" in by_line[56]
    assert by_line[60].startswith("Điểm “d)” ghi sai thứ tự") and "“đ)”" in by_line[60]
    assert "“Ae”" in by_line[154]
    wrapped = doc.data["articles"][0]["clauses"][2]["points"][4]["text"]
    assert "dân chủ ở cơ sở; kịp thời phát hiện" in wrapped


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("**", "").replace("*", ""))


_MARKERS = re.compile(r"^(#+\s*)?(\*\*)?(Điều \d+\.|\d+\.|[a-zđ]\)|Nơi nhận:)", re.MULTILINE)


def _strings(value) -> list[str]:
    """Collect every text in a data value in order, leaving out structural numbers and letters."""
    if isinstance(value, dict):
        return [s for key, item in value.items() if key not in ("number", "letter", "as_written", "id", "status", "type")
                for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(word in it for word in needle)


@pytest.mark.parametrize("seed", [BACH_QUANG, NINH_BINH], ids=["bach-quang", "ninh-binh"])
def test_every_word_of_the_body_is_kept_in_order(seed):
    source = seed.read_text(encoding="utf-8")
    body = source[source.index("Căn cứ"):]
    source_words = _words(_MARKERS.sub("", body))
    data = _one(seed).data
    kept = _words(" ".join(_strings({k: v for k, v in data.items() if k not in ("title", "issuer", "place", "term", "session")})))
    assert len(source_words) > 2000
    assert _is_subsequence(source_words, kept)
    rendered = _words(render_text(data))
    assert _is_subsequence(_words(body), rendered)


@pytest.mark.parametrize("seed", [BACH_QUANG, NINH_BINH], ids=["bach-quang", "ninh-binh"])
def test_render_then_parse_is_stable_on_the_seeds(seed):
    first = _one(seed).data
    text = render_text(first)
    again = parse_document(text)[0].data
    assert again == first
    assert render_text(again) == text


# --- messy input -------------------------------------------------------------------------------

BODY = """Điều 1. Phạm vi
1. Các cơ quan, đơn vị
thực hiện nghị quyết.
a) Điểm thứ nhất;
b) Điểm thứ hai;
"""


def test_wrapped_lines_are_joined_and_reported_only_across_blank_lines():
    data, warnings = parse_body("Điều 1. Phạm vi\n\n1. Các cơ quan phối hợp với các\n\nđịa phương.\n\n2. Khoản hai\nhết.")
    clauses = data["articles"][0]["clauses"]
    assert [c["text"] for c in clauses] == ["Các cơ quan phối hợp với các địa phương.", "Khoản hai hết."]
    assert [(w.line, "nối vào câu ở dòng 3" in w.message) for w in warnings] == [(5, True)]


def test_nfd_input_becomes_nfc_with_one_warning():
    data, warnings = parse_body(unicodedata.normalize("NFD", BODY))
    assert data["articles"][0]["title"] == "Phạm vi"
    assert unicodedata.is_normalized("NFC", data["articles"][0]["clauses"][0]["text"])
    assert [w.line for w in warnings if "NFD" in w.message] == [1]


def test_word_bookmarks_and_markdown_marks_are_removed_and_words_kept():
    text = "## **Điều 1. Phạm vi**{#_Toc123 .anchor}\n\n1. Các cơ quan[]{#_GoBack} *thực hiện* nghị quyết.\n\t2. Khoản \u200bhai.  \n"
    data, warnings = parse_body(text)
    article = data["articles"][0]
    assert article["title"] == "Phạm vi"
    assert [c["text"] for c in article["clauses"]] == ["Các cơ quan thực hiện nghị quyết.", "Khoản hai."]
    assert sorted({w.line for w in warnings}) == [1, 3, 4]
    assert any("bookmark" in w.message for w in warnings)


def test_stray_f_letter_gets_the_expected_letter_and_keeps_the_written_one():
    text = "Điều 1. Thử\n1. Khoản:\na) một;\nb) hai;\nc) ba;\nd) bốn;\nf) năm;\ng) sáu."
    data, warnings = parse_body(text)
    points = data["articles"][0]["clauses"][0]["points"]
    assert [p["letter"] for p in points] == ["a", "b", "c", "d", "đ", "e"]
    assert [p.get("as_written") for p in points] == [None, None, None, None, "f", "g"]
    assert [w.line for w in warnings] == [7, 8]
    assert warnings[0].message == ("Điểm “f)” ghi sai thứ tự: theo bảng chữ cái tiếng Việt phải là “đ)”. "
                                   "Đã lưu letter: đ, as_written: f; hãy kiểm tra bản gốc.")


def test_ocr_slip_is_fixed_and_reported():
    data, warnings = parse_body("Điều 1. Giao việc\nGiao Üy ban nhân dân phường thực hiện.")
    assert data["articles"][0]["paragraphs"] == ["Giao Ủy ban nhân dân phường thực hiện."]
    assert warnings[0].line == 2 and "“Üy” thành “Ủy”" in warnings[0].message


def test_footnotes_are_kept_in_unplaced():
    data, warnings = parse_body("Điều 1. Phạm vi\nÁp dụng theo Luật[^1] hiện hành.\n\n[^1]: Luật số 10/2022/QH15.")
    assert data["articles"][0]["paragraphs"] == ["Áp dụng theo Luật[^1] hiện hành."]
    assert data["unplaced"] == ["[^1]: Luật số 10/2022/QH15."]
    assert [w.line for w in warnings] == [4]


DRAFT = """HỘI ĐỒNG NHÂN DÂN
XÃ AN BÌNH
Số: …/NQ-HĐND
An Bình, ngày … tháng … năm 2025
NGHỊ QUYẾT
Về việc thử nghiệm
HỘI ĐỒNG NHÂN DÂN XÃ AN BÌNH
KHÓA XII - KỲ HỌP THỨ 26
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
QUYẾT NGHỊ:
Điều 1. Hiệu lực
Nghị quyết này được thông qua ngày … tháng … năm 2025 và có hiệu lực kể từ ngày thông qua./.
"""


def test_blank_number_and_date_make_a_draft():
    [doc] = parse_document(DRAFT)
    data = doc.data
    assert data["status"] == "draft"
    assert "number" not in data and "adopted_on" not in data
    assert data["issuer"] == "Hội đồng nhân dân xã An Bình"
    assert (data["term"], data["session"], data["effective_on_adoption"]) == ("XII", "thứ 26", True)
    assert data["id"] == "nq-2025-ve-viec-thu-nghiem"
    assert [w.line for w in doc.warnings] == [3, 4]
    Document.model_validate(data)


TCVN3 = "Céng hßa x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nNghÞ quyÕt vÒ viÖc thùc hiÖn d©n chñ ë c¬ së\n"


def test_tcvn3_text_is_converted_with_a_warning():
    [doc] = parse_document(TCVN3)
    assert (1, "Văn bản được gõ bằng bảng mã cũ TCVN3 (ABC); đã chuyển sang Unicode. Hãy đối chiếu với bản gốc, "
            "nhất là chữ in hoa có dấu.") in [(w.line, w.message) for w in doc.warnings]
    assert "Nghị quyết về việc thực hiện dân chủ ở cơ sở" in doc.data["unplaced"]


def test_vni_text_is_converted():
    [doc] = parse_document("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\nNGHÒ QUYEÁT\nVeà vieäc thöû\n")
    assert any("bảng mã cũ VNI" in w.message for w in doc.warnings)
    assert doc.data["type"] == "nghi_quyet" and doc.data["title"] == "Về việc thử"


def test_to_trinh_with_appended_draft_gives_two_linked_documents():
    text = Path(__file__).parent.joinpath("fixtures/import/to-trinh-kem-du-thao.txt").read_text(encoding="utf-8")
    submission, draft = parse_document(text)
    assert submission.data["type"] == "to_trinh" and draft.data["type"] == "nghi_quyet"
    assert submission.data["number"] == "115/TTr-UBND" and submission.data["adopted_on"] == "2025-12-01"
    assert submission.data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn An"}
    assert submission.data["paragraphs"][0] == "Kính gửi: Hội đồng nhân dân phường Bách Quang."
    assert submission.data["related"] == [draft.data["id"]] and draft.data["related"] == [submission.data["id"]]
    assert list(submission.data)[-1] == "related"
    assert draft.data["status"] == "draft" and [a["number"] for a in draft.data["articles"]] == [1, 2]
    assert draft.data["issuer"] == "Hội đồng nhân dân phường Bách Quang"
    assert all(w.line >= 26 for w in draft.warnings) and all(w.line < 26 for w in submission.warnings)
    for doc in (submission, draft):
        Document.model_validate(doc.data)


# --- properties --------------------------------------------------------------------------------

_CAPITAL = st.sampled_from(["Giao", "Các", "Ủy", "Kinh", "Người", "Bảo", "Tăng", "Hội", "Thực", "Đẩy"])
_WORD = st.sampled_from(["cơ", "quan", "đơn", "vị", "thực", "hiện", "dân", "chủ", "ở", "sở", "phường", "năm", "2025", "và"])


@st.composite
def _sentence(draw, end: str = "."):
    words = [draw(_CAPITAL)] + draw(st.lists(_WORD, min_size=0, max_size=8))
    return " ".join(words) + end


def _paragraphs():
    item = st.one_of(_sentence(), _sentence().map(lambda text: "- " + text))
    return st.lists(item, max_size=2)


@st.composite
def _points(draw):
    count = draw(st.integers(0, 4))
    points = []
    for index in range(count):
        point = {"letter": POINT_LETTERS[index], "text": draw(_sentence(";"))}
        if draw(st.booleans()) and index:
            point = {"letter": POINT_LETTERS[index], "as_written": POINT_LETTERS[index - 1], "text": point["text"]}
        if paragraphs := draw(_paragraphs()):
            point["paragraphs"] = paragraphs
        points.append(point)
    return points


@st.composite
def _articles(draw, first: int = 1):
    articles = []
    for number in range(first, first + draw(st.integers(1, 3))):
        article: dict = {"number": number}
        if draw(st.booleans()):
            article["title"] = draw(_sentence(""))
        if paragraphs := draw(_paragraphs()):
            article["paragraphs"] = paragraphs
        clauses = []
        for clause_number in range(1, draw(st.integers(0, 3)) + 1):
            clause = {"number": clause_number, "text": draw(_sentence(":"))}
            if paragraphs := draw(_paragraphs()):
                clause["paragraphs"] = paragraphs
            if points := draw(_points()):
                clause["points"] = points
            clauses.append(clause)
        if clauses:
            article["clauses"] = clauses
        articles.append(article)
    return articles


@st.composite
def _bodies(draw):
    if not draw(st.booleans()):
        return {"articles": draw(_articles())}
    chapters, first = [], 1
    for number in ("I", "II", "III")[: draw(st.integers(1, 3))]:
        articles = draw(_articles(first))
        first += len(articles)
        chapters.append({"number": number, "title": draw(_sentence("")).upper(), "articles": articles})
    return {"chapters": chapters}


@settings(max_examples=150, deadline=None)
@given(_bodies())
def test_rendered_bodies_parse_back_to_the_same_structure(body):
    text = render_text(body)
    parsed, warnings = parse_body(text)
    assert parsed == body
    assert render_text(parsed) == text
    written = sum(1 for article in _all_articles(body) for c in article.get("clauses", [])
                  for p in c.get("points", []) if "as_written" in p)
    assert len(warnings) == written


def _all_articles(body: dict) -> list[dict]:
    return body.get("articles", []) + [a for c in body.get("chapters", []) for a in c["articles"]]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_parses_without_crashing_and_warnings_point_inside_it(text):
    try:
        docs = parse_document(text)
    except ImportProblem as problem:  # a refusal of legacy encodings is an answer, not a crash
        assert problem.line is None or 1 <= problem.line
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert docs
    for doc in docs:
        assert all(1 <= warning.line <= lines for warning in doc.warnings)
        assert doc.data["id"] and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", doc.data["id"])
        assert None not in doc.data.values()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Điều 1. A", "1. Khoản", "a) Điểm", "- Gạch", "Chương II", "Mục 1. B",
                                 "Nơi nhận:", "CHỦ TỊCH", "Căn cứ X;", "QUYẾT NGHỊ:", "TỜ TRÌNH", "NGHỊ QUYẾT",
                                 "Số: 1/NQ-HĐND", "A, ngày 1 tháng 2 năm 2025", "thường", "", "**", "[^1]: x"]),
                max_size=25))
def test_any_arrangement_of_legal_lines_parses_and_keeps_its_words(lines):
    text = "\n".join(lines)
    docs = parse_document(text)
    for doc in docs:
        assert all(1 <= warning.line <= len(lines) + 1 for warning in doc.warnings)
