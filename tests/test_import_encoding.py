"""Text typed in the legacy Vietnamese encodings (TCVN3/ABC with .VnTime fonts, VNI) converted to
Unicode with a warning naming the encoding: the tables on every letter, then whole documents."""

from __future__ import annotations

import pytest

from generator.data.models import Document
from generator.importing.importer import import_file
from generator.legal_text.document import render_text
from generator.legal_text.encoding import encode_legacy, font_encoding, to_unicode, vietnamese_letters
from tests.import_fixtures import coverage, words

TCVN3, VNI = "TCVN3 (ABC)", "VNI"

DECISION = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 18/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Bình, ngày 05 tháng 3 năm 2025
QUYẾT ĐỊNH
Về việc thành lập tổ hòa giải ở cơ sở thôn Đồng Tâm
CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH
Căn cứ Luật Hòa giải ở cơ sở ngày 20 tháng 6 năm 2013;
QUYẾT ĐỊNH:
Điều 1. Thành lập tổ hòa giải ở cơ sở thôn Đồng Tâm gồm các ông, bà có tên sau:
1. Ông Nguyễn Văn Dũng, tổ trưởng;
2. Bà Lê Thị Hường, tổ viên.
Điều 2. Tổ hòa giải có nhiệm vụ:
1. Tiến hành hòa giải các mâu thuẫn, tranh chấp, vi phạm pháp luật ở thôn;
2. Tuyên truyền, phổ biến pháp luật:
a) Tại các cuộc họp thôn;
b) Qua hệ thống loa truyền thanh.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Phạm Quốc Hưng
"""

KNOWN = [  # public examples: how the national motto looks when typed in each encoding
    (TCVN3, "Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    (TCVN3, "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    (VNI, "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    (VNI, "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
]


def test_there_are_134_vietnamese_letters_with_a_diacritic():
    letters = vietnamese_letters()
    assert len(letters) == 134 and sum(letter.islower() for letter in letters) == 67
    assert {"ạ", "ặ", "ậ", "đ", "ệ", "ị", "ộ", "ợ", "ự", "ỵ", "Ỹ", "Đ"} <= set(letters)


@pytest.mark.parametrize("letter", vietnamese_letters())
def test_every_letter_converts_from_vni(letter):
    typed = encode_legacy(letter, VNI)
    assert typed != letter or letter in "íìÍÌ"  # VNI shares í and ì with Latin-1
    assert to_unicode(typed, VNI) == letter
    assert to_unicode(encode_legacy(f"x{letter}n", VNI), VNI) == f"x{letter}n"


@pytest.mark.parametrize("letter", vietnamese_letters())
def test_every_letter_converts_from_tcvn3(letter):
    typed = encode_legacy(letter, TCVN3)
    assert len(typed) == 1 and (typed != letter or letter == "ý")  # TCVN3 shares ý with Latin-1
    # capitals with a tone mark share the lowercase code and are drawn by the ".VnTimeH" fonts
    capitals = letter.isupper() and letter not in "ĂÂÊÔƠƯĐ"
    assert to_unicode(typed, TCVN3, capitals=capitals) == letter
    assert to_unicode(encode_legacy(f"x{letter.lower()}n", TCVN3), TCVN3) == f"x{letter.lower()}n"


@pytest.mark.parametrize("encoding,typed,unicode", KNOWN)
def test_known_examples_convert(encoding, typed, unicode):
    assert to_unicode(typed, encoding) == unicode


def test_fonts_name_their_encoding():
    assert font_encoding(".VnTime") == (TCVN3, False) and font_encoding(".VnTimeH") == (TCVN3, True)
    assert font_encoding(".VnArial") == (TCVN3, False) and font_encoding("VNI-Times") == (VNI, False)
    assert font_encoding("Times New Roman") is None and font_encoding(None) is None


@pytest.mark.parametrize("encoding,codec", [(TCVN3, "cp1252"), (VNI, "cp1252")])
def test_legacy_text_files_are_converted_with_a_warning(tmp_path, encoding, codec):
    path = tmp_path / "qd.txt"
    path.write_bytes(encode_legacy(DECISION, encoding).encode(codec))
    [doc] = import_file(path)
    data = doc.data
    assert any(w.message.startswith(f"Văn bản được gõ bằng bảng mã cũ {encoding}; đã chuyển sang Unicode.")
               for w in doc.warnings)
    assert (data["type"], data["number"], data["issuer"]) == ("quyet_dinh", "18/QĐ-UBND", "Ủy ban nhân dân xã An Bình")
    assert data["title"] == "Về việc thành lập tổ hòa giải ở cơ sở thôn Đồng Tâm"
    assert (data["adopted_on"], data.get("effective_on_adoption")) == ("2025-03-05", True)
    assert [len(a.get("clauses", [])) for a in data["articles"]] == [2, 2, 0]
    assert [p["letter"] for p in data["articles"][1]["clauses"][1]["points"]] == ["a", "b"]
    assert data["signer"] == {"title": "CHỦ TỊCH", "name": "Phạm Quốc Hưng"}
    operative = DECISION[DECISION.index("QUYẾT ĐỊNH:"):DECISION.index("Nơi nhận")]
    assert coverage(words(operative), words(render_text({k: data[k] for k in ("formula", "articles")}))) == 1.0
    Document.model_validate(data)


def test_legacy_text_already_saved_as_utf8_is_converted_too(tmp_path):
    path = tmp_path / "qd.txt"
    path.write_text(encode_legacy(DECISION, VNI), encoding="utf-8")
    [doc] = import_file(path)
    assert doc.data["number"] == "18/QĐ-UBND" and any("bảng mã cũ VNI" in w.message for w in doc.warnings)
