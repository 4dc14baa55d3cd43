"""A reference to a missing document gets a guess ("có phải ý bạn là …?") at bounded cost: each
distinct missing id is compared with the document ids once, and only the first GUESSED of them."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from generator.data.load import load_portal
from generator.data.problems import DataProblems
from generator.data.suggestions import GUESSED
from tests.conftest import FIXTURES, make_project

DOCUMENTS = 300
MISSING = 60  # distinct missing ids, each cited by DOCUMENTS / MISSING documents


class CountingMatcher(difflib.SequenceMatcher):
    """difflib's matcher, counting searches (one matcher per get_close_matches) and the ids compared
    (one set_seq1 per candidate, besides the one the constructor makes)."""

    searches = 0
    calls = 0

    def __init__(self, *args, **kwargs):
        type(self).searches += 1
        super().__init__(*args, **kwargs)

    def set_seq1(self, a):
        type(self).calls += 1
        super().set_seq1(a)

    @classmethod
    def compared(cls) -> int:
        return cls.calls - cls.searches


def _ward_with_broken_references(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    folder = project / "data" / "van-ban" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(DOCUMENTS):
        (folder / f"vb-{i:04d}.yaml").write_text(
            f"id: vb-{i:04d}\ntype: thong_bao\nissuer: Ủy ban nhân dân xã\ntitle: Thông báo số {i}\n"
            f"adopted_on: 2026-02-01\nrelated: [vb-{i % MISSING:04d}-cu]\n", encoding="utf-8")
    return project


def _problems(project: Path) -> dict[str, str]:
    with pytest.raises(DataProblems) as raised:
        load_portal(project, dt.date(2026, 11, 22))
    return {p.file: p.format() for p in raised.value.problems if "không có văn bản nào mang mã" in p.message}


def test_guesses_cost_at_most_GUESSED_searches_however_many_references_are_broken(tmp_path: Path, monkeypatch) -> None:
    project = _ward_with_broken_references(tmp_path)
    known = DOCUMENTS + len(list((FIXTURES / "ward" / "data" / "van-ban").rglob("*.yaml")))
    monkeypatch.setattr(difflib, "SequenceMatcher", CountingMatcher)
    CountingMatcher.searches = CountingMatcher.calls = 0
    problems = _problems(project)
    assert len(problems) == DOCUMENTS
    # One search per distinct missing id, for the first GUESSED of them: not one per broken reference
    # (DOCUMENTS searches and DOCUMENTS × known comparisons before).
    assert CountingMatcher.searches == GUESSED
    assert CountingMatcher.compared() == GUESSED * known
    # A guessed id keeps its guess wherever it is cited again.
    assert problems["data/van-ban/2026/vb-0065.yaml"] == (
        'data/van-ban/2026/vb-0065.yaml, dòng 6, trường "related": không có văn bản nào mang mã "vb-0005-cu".\n'
        '  Cách sửa: có phải ý bạn là "vb-0005"?')
    assert problems["data/van-ban/2026/vb-0005.yaml"] == problems["data/van-ban/2026/vb-0065.yaml"].replace("vb-0065", "vb-0005")
    # Past GUESSED distinct ids, the hint says why there is no guess.
    assert problems["data/van-ban/2026/vb-0030.yaml"] == (
        'data/van-ban/2026/vb-0030.yaml, dòng 6, trường "related": không có văn bản nào mang mã "vb-0030-cu".\n'
        f"  Cách sửa: ghi đúng mã (id) của một văn bản trong data/van-ban/. Có hơn {GUESSED} mã văn bản không tìm thấy "
        "nên từ mã này congkhai không gợi ý mã gần đúng nữa.")


def test_a_few_broken_references_all_get_their_guess(tmp_path: Path) -> None:
    """The ordinary case is unchanged: every broken reference gets the closest id, or the plain fix."""
    project = make_project(tmp_path / "ward", FIXTURES / "ward" / "data")
    folder = project / "data" / "van-ban" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tb-01.yaml").write_text(
        "id: tb-01\ntype: thong_bao\nissuer: Ủy ban nhân dân xã\ntitle: Thông báo\nadopted_on: 2026-02-01\n"
        "related: [nq-03-2025, khong-lien-quan-gi-ca]\n", encoding="utf-8")
    problems = [p.format() for p in _all(project)]
    assert problems == [
        'data/van-ban/2026/tb-01.yaml, dòng 6, trường "related": không có văn bản nào mang mã "khong-lien-quan-gi-ca".\n'
        "  Cách sửa: ghi đúng mã (id) của một văn bản trong data/van-ban/.",
        'data/van-ban/2026/tb-01.yaml, dòng 6, trường "related": không có văn bản nào mang mã "nq-03-2025".\n'
        '  Cách sửa: có phải ý bạn là "nq-03-2026"?',
    ]


def _all(project: Path) -> list:
    with pytest.raises(DataProblems) as raised:
        load_portal(project, dt.date(2026, 11, 22))
    return raised.value.problems
