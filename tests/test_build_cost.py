"""What makes a build cheaper must not change what it builds: libyaml composes the same records
with the same lines as the pure parser, and kept QR matrices draw the same codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from generator.data import sources
from generator.publish.build import build_site, generate
from generator.publish.qr_cache import CACHE_DIR, CACHE_FILE, load_codes
from generator.render import notices
from tests.conftest import REPO


def _records(text: str, loader) -> list:
    nodes = list(yaml.compose_all(text, Loader=loader))
    out = []
    for node in nodes:
        lines: dict = {}
        problems: list = []
        state = sources._State("x", problems, sources._line_counter(text), text)
        out.append((sources._build(node, (), lines, problems, "x", {}, state), lines, node.start_mark.line))
    return out


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML was built without libyaml: the pure loader is used")
    assert issubclass(sources._FastLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("path", sorted((REPO / "data").rglob("*.yaml")) + sorted((REPO / "tests" / "fixtures").rglob("*.yaml")),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_libyaml_composes_the_same_data_and_lines_as_the_pure_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        pure = _records(text, sources._Loader)
    except yaml.YAMLError:
        pytest.skip("a deliberately broken fixture: explained by the pure parser (tests/test_errors.py)")
    assert _records(text, sources._FastLoader) == pure


def test_a_file_libyaml_cannot_parse_is_explained_by_the_pure_parser() -> None:
    records, problems = sources.parse_yaml("id: a\ntitle: Về việc: thu phí\n", "data/van-ban/a.yaml", "document")
    assert records == [] and [p.format() for p in problems] == [
        "data/van-ban/a.yaml, dòng 2: lỗi cú pháp YAML, cột 15: có dấu hai chấm ở chỗ không được phép (nếu giá trị có dấu “: ”, hãy đặt cả giá trị trong dấu ngoặc kép).\n"
        "  Cách sửa: kiểm tra dấu hai chấm, thụt lề (dùng dấu cách, không dùng tab) và dấu ngoặc kép ở dòng này và dòng ngay trên."]


def test_kept_qr_matrices_draw_the_same_codes(ward: Path, monkeypatch) -> None:
    monkeypatch.setattr(notices, "_MATRICES", {})
    notices.qr_svg.cache_clear()
    first = build_site(ward, dt.date(2026, 11, 22)).texts  # a build keeps the matrices; check does not write
    kept = json.loads((ward / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8"))
    assert kept["version"] == notices.CODES_VERSION
    assert sorted(kept["codes"]) == ["https://example.invalid/danh-gia",
                                     "https://mauthu.example.invalid/cong/cong-khai/du-toan-2026/",
                                     "https://mauthu.example.invalid/cong/cong-khai/phi-cho/",
                                     "https://mauthu.example.invalid/cong/cong-khai/quy-che-dan-chu/",
                                     "https://mauthu.example.invalid/cong/gioi-thieu/",
                                     "mailto:gopy@example.invalid"]
    for address, packed in kept["codes"].items():
        assert notices._unpack(packed) == notices._encode(address)
    # A new process: nothing in memory, the matrices come from the file and nothing is encoded.
    monkeypatch.setattr(notices, "_MATRICES", {})
    notices.qr_svg.cache_clear()
    monkeypatch.setattr(notices, "_encode", lambda text: pytest.fail(f"encoded again: {text}"))
    assert generate(ward, dt.date(2026, 11, 22)).texts == first
    notices.qr_svg.cache_clear()


def test_check_writes_no_cache(ward: Path) -> None:
    generate(ward, dt.date(2026, 11, 22))
    assert not (ward / CACHE_DIR).exists()


def test_an_unreadable_or_outdated_cache_is_ignored(ward: Path, monkeypatch) -> None:
    monkeypatch.setattr(notices, "_MATRICES", {})
    (ward / CACHE_DIR).mkdir()
    (ward / CACHE_DIR / CACHE_FILE).write_text("{not json", encoding="utf-8")
    assert load_codes(ward) == 0
    (ward / CACHE_DIR / CACHE_FILE).write_text(json.dumps({"version": "old", "codes": {"https://x/": "1:1"}}), encoding="utf-8")
    assert load_codes(ward) == 0 and notices.known_codes() == {}


TAGGED = [
    "id: a\ntitle: !!python/object:os.system x\n",
    "id: a\nparagraphs: [một, !!binary aGk=]\n",
    "id: a\nsite: {name: !custom x}\n",
    "id: a\nx: !<tag:yaml.org,2002:str> y\n",
    "id: a\n" + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n",
    "id: a\nx: " + "[" * 40 + "]" * 40 + "\n",
    "id: a\nx: [1, 2\n",  # a syntax error before any tag: both scanners give up, the composer explains
    "id: a\ntitle: \"không đóng\nx: !tag y\n",
]


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", TAGGED)
def test_libyaml_scan_refuses_tags_and_depth_as_the_pure_scanner_does(text: str) -> None:
    def limits(loader):
        try:
            return [(p.line, p.message) for p in sources._limits(yaml.scan(text, Loader=loader), "x")]
        except yaml.YAMLError:
            return "syntax error"

    assert limits(sources._FastLoader) == limits(sources._Loader)
    assert [(p.line, p.message) for p in sources._scan_limits(text, "x")] == ([] if limits(sources._Loader) == "syntax error" else limits(sources._Loader))


def test_screening_shortcuts_find_exactly_what_a_look_up_per_character_finds() -> None:
    """The screen finds control and invisible characters with a regex and a set, not a Unicode
    category per character: both must name the same characters as the categories do."""
    import unicodedata

    from generator.data import private_numbers, screening

    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        control = category == "Cc" and char not in "\n\t" or char in "\u2028\u2029"
        assert bool(screening.CONTROL_RE.fullmatch(char)) == control, f"U+{code:04X}"
        assert (char in screening._FORMAT) == (category == "Cf"), f"U+{code:04X}"
        if char not in private_numbers._INVISIBLE_CHARS:
            assert private_numbers.visible(f"a{char}b") == f"a{char}b".translate(private_numbers.INVISIBLE)


def test_legacy_encoding_pre_check_skips_only_texts_the_patterns_cannot_match() -> None:
    """A text with none of the legacy characters is passed without running the patterns: no
    character outside that set can complete a TCVN3 or VNI match."""
    from generator.legal_text import encoding

    for code in range(0x3000):
        char = chr(code)
        if char in encoding._LEGACY_CHARS:
            continue
        for sample in (f"a{char}", f"{char}a", f"e{char}n", f"A{char}", f"{char}A"):
            assert not encoding._TCVN3_RE.search(sample) and not encoding._VNI_RE.search(sample), f"U+{code:04X}"


def test_relative_links_are_what_posixpath_relpath_gives() -> None:
    """paths.relative_url computes links by hand (relpath's abspath calls were a cost on every page):
    the same result as posixpath.relpath on every pair of the site's kinds of paths."""
    import itertools
    import posixpath

    from generator import paths

    urls = ["", "a/", "a/b/", "a/b/c/", "a/c/", "b/", "a/b/x.pdf", "x.xml", "tep/a b/c.pdf", "./a/", "a//b/", "a/b/../c/", "ab/", "a/bc/"]
    for target, start in itertools.product(urls, repeat=2):
        assert paths._relative(target, start) == posixpath.relpath(target or ".", start or "."), (target, start)


@pytest.mark.parametrize("value", [
    {"b": 1, "a": [1.5, 0.1, -0.0, 1e-05, 2.5e-05, 0.0001, 1e15, 1e16, 1e22, 123456789.125], "c": {}},
    [{"x": 1e-07}, [], {}, [[]], None, True, False, 2**63 - 1, -(2**63)],
    {"big": 2**70}, {2: "không phải chữ", 1: "x"},
    {"text": "Tiếng Việt “ngoặc” \\ \" \n\t\x01\x1f\x7f\u2028 ✓", "Điều 5: 3e": "0.00001", "số": "1e16"},
    {"ž": 1, "z": 2, "Z": 3, "á": 4, "a": 5, "": 6},
])
def test_json_exports_are_the_bytes_the_standard_library_writes(value) -> None:
    """json_bytes writes with orjson, falling back to the standard library where orjson would
    differ: the bytes are always json.dumps's."""
    from generator.render.exports import json_bytes

    assert json_bytes(value) == (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def test_url_text_quotes_as_jinja_urlencode_does() -> None:
    """The pages' `urlencode` filter is a translate table: the same text as Jinja's own filter."""
    import jinja2.filters

    from generator.render.pages import url_text

    samples = ["Góp ý: Điều 5 (khoản 2)", "Kính gửi Ủy ban,\n\nTôi xin góp ý về x (https://a.vn/b?c=d&e=f#g):\n\n",
               "".join(map(chr, range(0, 0x250))), "~_.-/ +%&=?#'\"<>", "\U0001F600 \u2028 \x00", ""]
    for text in samples:
        assert url_text(text) == jinja2.filters.do_urlencode(text)
    assert url_text({"a": "b c", "đ": 1}) == jinja2.filters.do_urlencode({"a": "b c", "đ": 1})


def test_a_build_collects_less_and_gives_the_collector_back_as_it_was(ward: Path, monkeypatch) -> None:
    import gc

    from generator.publish import collector

    seen: list[int] = []  # the young threshold at each collection
    settled: list[tuple[int, int, int]] = []  # (threshold, frozen before, frozen after) when generated
    settle = collector.settle

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(gc.get_threshold()[0])

    def observed_settle() -> None:
        frozen = gc.get_freeze_count()
        settle()
        settled.append((gc.get_threshold()[0], frozen, gc.get_freeze_count()))

    monkeypatch.setattr(collector, "settle", observed_settle)
    before = gc.get_threshold()
    gc.callbacks.append(note)
    try:
        build_site(ward, dt.date(2026, 11, 22))
    finally:
        gc.callbacks.remove(note)
    # Python's defaults collect every 700 new objects: about 130 times for this small ward.
    assert 0 < seen.count(collector.YOUNG) <= 20 and len(seen) - seen.count(collector.YOUNG) <= 2
    # Frozen when the build starts, and again once the site is generated (MkDocs runs after).
    assert len(settled) == 1 and settled[0][0] == collector.YOUNG and 0 < settled[0][1] < settled[0][2]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    # A failed build gives it back too, and a nested one leaves the outer one's settings alone.
    (ward / "data" / "site.yaml").write_text("name: [\n", encoding="utf-8")
    with collector.during_build():
        with pytest.raises(Exception):
            build_site(ward, dt.date(2026, 11, 22))
        assert gc.get_threshold()[0] == collector.YOUNG and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
