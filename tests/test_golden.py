"""Golden files: the generated Markdown of every page type of the fixture ward, compared byte for byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.publish.build import generate
from tests.conftest import golden_differences

GOLDEN = Path(__file__).parent / "golden" / "pages"
TODAY = dt.date(2026, 11, 22)
PAGE_TYPES = [
    "index.md",
    "gioi-thieu.md",
    "en.md",
    "van-ban/index.md",
    "van-ban/nq-03-2026.md",
    "van-ban/du-thao-huong-uoc.md",
    "danh-sach/nam-2026.md",
    "danh-sach/nghi-quyet.md",
    "cong-khai/index.md",
    "cong-khai/du-toan-2026.md",
    "cong-khai/phi-cho.md",
    "linh-vuc/02-ngan-sach.md",
    "danh-muc-cong-khai.md",
    "theo-doi.md",
    "tim-kiem.md",
    "tinh-hinh-cong-khai.md",
    "lay-y-kien/index.md",
    "lay-y-kien/huong-uoc-thon-mot.md",
    "du-lieu/index.md",
]


def test_generated_pages_match_golden_files(ward: Path, update_golden: bool) -> None:
    texts = generate(ward, TODAY).texts
    failures = golden_differences([(texts[page], GOLDEN / page, page) for page in PAGE_TYPES], update_golden)
    assert not failures, "Generated pages differ from golden files (run pytest --update-golden if intended):\n" + "\n".join(failures)


def test_every_page_type_is_covered_by_a_golden_file(ward: Path) -> None:
    texts = generate(ward, TODAY).texts
    # Pages only: feeds are compared in tests/test_feeds.py, open data files in tests/test_open_data.py.
    kinds = {p.split("/")[0] if "/" in p else p for p in texts if p.endswith(".md")}
    covered = {p.split("/")[0] if "/" in p else p for p in PAGE_TYPES}
    assert kinds <= covered


def test_generation_is_deterministic(ward: Path) -> None:
    assert generate(ward, TODAY).texts == generate(ward, TODAY).texts
