"""Public text: what every built page says is clean Vietnamese for citizens, not data-file jargon.

Scans every HTML page of the built sample ward and of the fixture commune for the key names of the
data format (snake_case field names, form and document-type keys) and for words written twice in a
row where Vietnamese never doubles them ("ngày ngày"); checks the unit's type word in English too.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.data import models
from generator.domain.rules import load_rules
from generator.publish.build import build_site
from generator.publish.editor import EDITOR_PATH
from generator.publish.search import plain_text
from tests.conftest import FIXTURES, make_project

TODAY = dt.date(2026, 11, 22)
# Words the generator's own sentences use that Vietnamese does not double. Legal text doubles other
# syllables legitimately ("trực tiếp tiếp nhận", "hành vi vi phạm"), so those are not flagged.
NEVER_DOUBLED = {
    "ngày", "tháng", "năm", "số", "của", "và", "các", "những", "theo", "tại", "từ", "đến", "trong",
    "được", "là", "có", "cho", "với", "về", "mục", "điều", "khoản", "điểm", "phường", "xã", "đặc",
    "công", "khai", "trang", "văn", "bản", "thông", "tin", "the", "a", "of", "and", "to",
}


def _data_keys() -> set[str]:
    """Every snake_case key a clerk writes in data/: model fields, forms, document types, period kinds."""
    keys: set[str] = set()
    for name in dir(models):
        cls = getattr(models, name)
        if isinstance(cls, type) and issubclass(cls, models.Record):
            keys |= set(cls.model_fields)
    rules = load_rules()
    keys |= set(rules["forms"]) | set(rules["document_types"])
    keys |= {"estimate_submitted", "estimate_decided", "final_accounts"}
    # Single English words are keys only on Vietnamese pages (the English page uses them as words).
    single = set(rules["forms"]) | {"forms", "attachments", "tables", "illustrative", "changes", "summary"}
    return {k for k in keys if "_" in k} | single


def _pages(site: Path):
    """Yield (page path, visible text) for every built HTML page; scripts, styles and URLs left out."""
    for html in sorted(site.rglob("*.html")):
        if "pagefind" in html.relative_to(site).parts:
            continue
        text = html.read_text(encoding="utf-8")
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r'\s(href|src|content|id|class|data-[\w-]+)="[^"]*"', " ", text)
        yield html.relative_to(site).as_posix(), plain_text(text)


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_site) -> dict[str, Path]:
    ward = make_project(tmp_path_factory.mktemp("public") / "ward", FIXTURES / "ward" / "data")
    build_site(ward, TODAY)
    return {"sample": sample_site / "site", "fixture": ward / "site"}


@pytest.mark.parametrize("which", ["sample", "fixture"])
def test_no_page_shows_a_data_file_key(built, which) -> None:
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _data_keys()), key=len, reverse=True)) + r")\b")
    found = [f"{page}: {m.group(1)} in “…{text[max(0, m.start() - 50):m.end() + 30]}…”"
             for page, text in _pages(built[which]) if page != "en/index.html" for m in pattern.finditer(text)]
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("which", ["sample", "fixture"])
def test_no_page_doubles_a_word(built, which) -> None:
    found = [f"{page}: “…{text[max(0, m.start() - 40):m.end() + 30]}…”"
             for page, text in _pages(built[which])
             for m in re.finditer(r"(?<!\w)(\w+) \1(?!\w)", text) if m.group(1).lower() in NEVER_DOUBLED]
    assert not found, "\n".join(found[:20])


def test_the_scan_catches_what_it_looks_for() -> None:
    sentence = "Công khai ngày ngày 06 tháng 01 năm 2027; chưa ghi hình thức loudspeaker trong forms."
    assert re.search(r"(?<!\w)(\w+) \1(?!\w)", sentence).group(1) == "ngày"
    assert "loudspeaker" in _data_keys() and "posted_from" in _data_keys()


def test_a_commune_is_called_a_commune_in_english(built) -> None:
    english = dict(_pages(built["fixture"]))["en/index.html"]
    assert "commune must disclose" in english
    assert "ward" not in english.lower()
    sample = dict(_pages(built["sample"]))["en/index.html"]
    assert "ward must disclose" in sample


COVENANT = """\
id: quy-uoc-thon-hai
type: quy_uoc
issuer: Hội nghị thôn Hai
title: Quy ước thôn Hai về giữ gìn vệ sinh môi trường
adopted_on: 2026-03-02
approval:
  number: 12/QĐ-UBND
  title: Công nhận quy ước thôn Hai
  issuer: Ủy ban nhân dân xã Mẫu Thử
  date: 2026-03-20
paragraphs: [Các hộ gia đình giữ gìn vệ sinh đường làng.]
"""


def test_a_village_covenant_is_labelled_as_such_with_its_approving_decision(ward) -> None:
    from generator.publish.build import generate

    (ward / "data" / "van-ban" / "quy-uoc-thon-hai.yaml").write_text(COVENANT, encoding="utf-8")
    page = generate(ward, TODAY).texts["van-ban/quy-uoc-thon-hai.md"]
    assert "<dt>Loại văn bản</dt> <dd>Quy ước</dd>" in page
    assert ("<dt>Quyết định công nhận</dt> <dd>Số 12/QĐ-UBND ngày 20 tháng 3 năm 2026: Công nhận quy ước thôn Hai "
            "(Ủy ban nhân dân xã Mẫu Thử)</dd>") in page


def test_feedback_links_name_the_item_and_article(ward) -> None:
    from urllib.parse import parse_qs, unquote, urlsplit

    from generator.publish.build import generate

    texts = generate(ward, TODAY).texts
    links = re.findall(r'<a href="(mailto:[^"]+)">(Góp ý[^<]*)</a>', texts["van-ban/nq-03-2026.md"])
    by_text = {text: href.replace("&amp;", "&") for href, text in links}
    assert "Góp ý" in by_text and "Góp ý về Điều 1" in by_text
    article = urlsplit(by_text["Góp ý về Điều 1"])
    assert article.path == "gopy@example.invalid"
    query = parse_qs(article.query)
    assert query["subject"] == ["Góp ý: Điều 1 Nghị quyết số 03/NQ-HĐND: Về dự toán ngân sách xã năm 2026"]
    assert query["body"][0].startswith("Kính gửi Ủy ban nhân dân xã Mẫu Thử,\n\nTôi xin góp ý về Điều 1 Nghị quyết số 03/NQ-HĐND")
    assert "(https://mauthu.example.invalid/cong/van-ban/nq-03-2026/#dieu-1)" in unquote(article.query)
    for page in ("cong-khai/du-toan-2026.md", "lay-y-kien/huong-uoc-thon-mot.md"):
        assert 'class="ck-feedback" data-pagefind-ignore><a href="mailto:gopy@example.invalid?subject=' in texts[page], page


def test_page_titles_name_the_unit_once(built) -> None:
    site = built["sample"]
    titles = {p: re.search(r"<title>(.*?)</title>", (site / p).read_text(encoding="utf-8")).group(1)
              for p in ("index.html", "gioi-thieu/index.html", "van-ban/index.html")}
    assert titles == {"index.html": "Trang chủ — Phường Bách Quang", "gioi-thieu/index.html": "Giới thiệu và liên hệ — Phường Bách Quang",
                      "van-ban/index.html": "Văn bản — Phường Bách Quang"}
    for html in site.rglob("index.html"):
        if html.parent.name == EDITOR_PATH:
            continue  # the form editor's own page, not a page of the portal
        title = re.search(r"<title>(.*?)</title>", html.read_text(encoding="utf-8")).group(1)
        assert title.endswith(" — Phường Bách Quang") and title.count("— Phường Bách Quang") == 1, (html, title)
