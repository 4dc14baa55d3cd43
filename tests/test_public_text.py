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
