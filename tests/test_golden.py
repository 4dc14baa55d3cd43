"""Golden files: the generated Markdown of every page type of the fixture ward, compared byte for byte."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from generator.build import generate

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
]


def test_generated_pages_match_golden_files(ward: Path, update_golden: bool) -> None:
    texts = generate(ward, TODAY).texts
    failures = []
    for page in PAGE_TYPES:
        golden = GOLDEN / page
        if update_golden:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(texts[page], encoding="utf-8")
            continue
        expected = golden.read_text(encoding="utf-8")
        if texts[page] != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), texts[page].splitlines(True), f"golden/{page}", f"generated/{page}"))
            failures.append(diff)
    assert not failures, "Generated pages differ from golden files (run pytest --update-golden if intended):\n" + "\n".join(failures)


def test_every_page_type_is_covered_by_a_golden_file(ward: Path) -> None:
    texts = generate(ward, TODAY).texts
    kinds = {p.split("/")[0] if "/" in p else p for p in texts if not p.startswith("feeds/")}  # feeds: tests/test_feeds.py
    covered = {p.split("/")[0] if "/" in p else p for p in PAGE_TYPES}
    assert kinds <= covered


def test_generation_is_deterministic(ward: Path) -> None:
    assert generate(ward, TODAY).texts == generate(ward, TODAY).texts
