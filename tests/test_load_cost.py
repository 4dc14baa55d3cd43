"""What makes loading cheaper must not change what it loads: the shortcuts of data/ give the same
records, lines, problems and models as the full way they skip."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings

from generator.data import sources
from tests.conftest import REPO

FILES = sorted((REPO / "data").rglob("*.yaml")) + sorted((REPO / "tests" / "fixtures").rglob("*.yaml"))

# Texts where a shortcut must step aside or could be wrong: other line breaks, nesting around the
# limit, keys written twice, aliases, complex keys, flow punctuation, typed scalars, table cells.
TRICKY = [
    "a: 1\r\nb: [x, y]\r\nc:\r\n  - d\r\n",
    "a: 1\rb: 2\n", "a: x\u2028y\nb: 1\n", "a: x\x85y\nb: 1\n",
    "a: &x [1, 2]\nb: *x\n", "a: &x [1]\nb: [*x, *x, *x]\n",
    "a: 1\na: 2\n", "? [a]\n: b\n", "[a, b]: c\n",
    "- " * 39 + "x\n", "- " * 40 + "x\n", "- " * 41 + "x\n",
    "k: " + "[" * 38 + "]" * 38 + "\n", "k: " + "[" * 39 + "]" * 39 + "\n", "k: " + "[" * 40 + "]" * 40 + "\n",
    "id: a\n" + "".join("  " * i + f"k{i}:\n" for i in range(39)) + "  " * 39 + "v: 1\n",
    "id: a\n" + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n",
    "x:\n" + "".join("  " * i + "- \n" for i in range(1, 39)),
    "a: {b, c: d}\n", "a: [b: c, d]\n", "x:\n- a\n- b\n", "---\na: 1\n---\nb: 2\n", "---\n...\n", "", "# c\n",
    "a: b: c\n", "title: Về việc: thu phí\n", "a: 'x\n  y'\nb: \"p\n\n  q\"\nc: |\n  m\n  n\nd: >-\n  o\n  p\n",
    "tables:\n  - columns: [a, b]\n    rows:\n      - [1.500, null, ~, '', 012]\n",
    "phone: 0912345678\nn: 012\nd: 2026-01-01\nf: 1.5\nb: yes\nz: null\ne: =\n",
    "a: \"\\u00e9 \\x41\"\n", "\u00a0a: 1\n", "a\u200b: 1\n", "a: !!str 1\n", "a: x ! y\n",
    "- a\n- b: c\n  d: e\n- [f, {g: h}]\n", "\ufeffa: 1\n", "a: 1\n\n\n# x\nb:\n",
    # No final line break: at the end of the text the parsers count one line more than editors do.
    "---", "a:", "a: 1", "- a\n- ", "a: |\n  x", "a: [1, 2]", "a:\n  b:", "a: 1\r\nb:", "---\n---", "x: {}\ny: ''",
]


def _snapshot(result) -> tuple:
    """Everything a parse gives, dictionaries in their order (they are shown in that order)."""
    records, problems = result
    return ([(r.kind, r.path, repr(r.data), list(r.lines.items()), r.start_line, list(r.quirks.items()), list(r.sources.items()))
             for r in records], [repr(p) for p in problems])


def _texts() -> list[tuple[str, str]]:
    found = []
    for path in FILES:
        text, problem = sources.decode_text(path.read_bytes(), "x")
        if text is not None:
            found.append((str(path.relative_to(REPO)), text))
    return found + [(f"tricky-{index}", text) for index, text in enumerate(TRICKY)]


@pytest.mark.parametrize(("name", "text"), _texts(), ids=[name for name, _ in _texts()])
def test_composing_without_a_token_scan_gives_what_the_scan_and_compose_give(name: str, text: str) -> None:
    """parse_yaml composes a plain file at once; the scanned way (tags, nesting depth, then
    composing) is what it did before, and still does wherever the shortcut steps aside."""
    expected = _snapshot(sources._parse_scanned(text, "data/van-ban/x.yaml", "document"))
    assert _snapshot(sources.parse_yaml(text, "data/van-ban/x.yaml", "document")) == expected
    composed = sources._parse_composed(text, "data/van-ban/x.yaml", "document")
    if composed is not None:
        assert _snapshot(composed) == expected


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml: every file is scanned")
def test_plain_files_skip_the_token_scan_and_the_others_do_not() -> None:
    plain = [text for path in FILES for text in [path.read_text(encoding="utf-8")] if "!" not in text and "\r" not in text]
    parsed = [sources._parse_composed(text, "x", "document") for text in plain]
    assert sum(result is not None for result in parsed) >= len(FILES) - 3  # a few fixtures are broken on purpose
    for text in ("a: !!str 1\n", "a: 1\rb: 2\n", "a: x\u2028y\n", "a: 1\na: 2\n", "- " * 41 + "x\n",
                 "a: [" + "b: c, " * 1000 + "]\n", "a: b: c\n", "? [a]\n: b\n"):
        assert sources._parse_composed(text, "x", "document") is None, text


def test_crlf_lines_are_counted_as_editors_count_them() -> None:
    records, problems = sources.parse_yaml("id: a\r\ntitle: x\r\n\r\nitems:\r\n  - b\r\n", "x", "document")
    assert problems == [] and records[0].lines == {(): 1, ("id",): 1, ("title",): 2, ("items",): 4, ("items", 0): 5}
    records, _ = sources.parse_yaml("id: a\rtitle: x\nitems: y\n", "x", "document")
    assert records[0].lines[("items",)] == 2  # a lone CR is a YAML line break, not an editor's


def _day_first_reference(model, data):
    """accept_day_first_dates as it was: every field of the model looked up on every call."""
    from generator.data.annotations import inner_model
    from generator.data.forgiving import _is_date, day_first_date

    if not isinstance(data, dict):
        return data
    result = dict(data)
    for name, field in model.model_fields.items():
        value = result.get(name)
        if value is None:
            continue
        if _is_date(field.annotation) and isinstance(value, str):
            result[name] = day_first_date(value) or value
            continue
        inner = inner_model(field.annotation)
        if inner is None:
            continue
        if isinstance(value, list):
            result[name] = [_day_first_reference(inner, item) for item in value]
        elif isinstance(value, dict):
            result[name] = _day_first_reference(inner, value)
    return result


def test_day_first_dates_are_rewritten_as_when_every_field_was_looked_up() -> None:
    from generator.data.forgiving import accept_day_first_dates
    from generator.data.validate import MODELS

    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "data").rglob("*.yaml"))] + [
        "id: a\nadopted_on: 15/01/2026\nchanges:\n  - {date: 2.3.2026, what: x}\n  - 7\nlegal_bases: [{document: b}]\n",
        "id: a\npublished_on: 5-1-2026\nexternal_document: {date: 05.01.2026, title: t}\nresults: {published_on: 01/02/2026}\n",
        "id: a\nopens_on: 1/2/2026\ncloses_on: 2026-02-30\nresults: [1/2/2026]\nunknown: 1/1/2026\n", "- 1/1/2026\n", "a: null\n",
    ]
    checked = 0
    for text in texts:
        for record in sources.parse_yaml(text, "x", "document")[0]:
            for model in MODELS.values():
                assert accept_day_first_dates(model, record.data) == _day_first_reference(model, record.data)
                checked += 1
    assert checked > 100


def test_loading_pauses_the_cycle_collector_and_gives_it_back(ward: Path, monkeypatch) -> None:
    """load_portal pauses the collector while it loads and restores it as it was, after a clean load
    and after one that raises the clerk's problems."""
    import datetime as dt
    import gc

    from generator.data import load
    from generator.data.problems import DataProblems

    seen = []
    original = load._load_portal
    monkeypatch.setattr(load, "_load_portal", lambda *args: seen.append(gc.isenabled()) or original(*args))
    assert gc.isenabled()
    assert load.load_portal(ward, dt.date(2026, 11, 22)).site.name
    assert gc.isenabled()
    (ward / "data" / "site.yaml").unlink()
    with pytest.raises(DataProblems):
        load.load_portal(ward, dt.date(2026, 11, 22))
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(DataProblems):
            load.load_portal(ward, dt.date(2026, 11, 22))
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()
    assert seen == [False, False, False]


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_scalars_resolve_and_construct_as_pyyaml_does() -> None:
    """_FastLoader.resolve lists each first character's patterns once, and _scalar calls the plain
    constructors directly: the same tags and values as PyYAML's own resolve and construct_object."""
    values = ["", " ", "1", "-1", "+1", "012", "0x1F", "0o17", "0b101", "1_000", "1:20", "190:20:30", "1.5", "1e3", "-.5", ".inf",
              "-.Inf", ".nan", "yes", "No", "TRUE", "off", "On", "y", "n", "null", "Null", "~", "=", "<<", "2026-01-01",
              "2026-01-01 10:00:00", "abc", "Ọ", "0912 345 678", "12.500", "1,5", "true ", "_", "0.", "._"]
    loader = sources._FastLoader("")
    reference = sources._Loader("")
    for value in values:
        for implicit in ((True, False), (False, True), (False, False)):
            tag = loader.resolve(yaml.ScalarNode, value, implicit)
            assert tag == yaml.resolver.BaseResolver.resolve(reference, yaml.ScalarNode, value, implicit), (value, implicit)
            node = yaml.ScalarNode(tag, value)
            try:
                expected = reference.construct_object(yaml.ScalarNode(tag, value), deep=True)
            except (yaml.constructor.ConstructorError, ValueError):
                expected = value
            got = sources._scalar(node)
            assert (type(got), got) == (type(expected), expected) or (got != got and expected != expected), (value, got, expected)
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert loader.resolve(kind, None, (True, False)) == yaml.resolver.BaseResolver.resolve(reference, kind, None, (True, False))


def test_a_file_read_once_for_its_digest_and_parsing_gives_what_load_file_gives(tmp_path: Path) -> None:
    """ParsedFiles reads each file once (digest and parsing); load_file stats, then reads: the same
    records and problems at and around the size limit and for what cannot be read."""
    from generator.data.parsed import ParsedFiles

    limit = sources.MAX_FILE_BYTES
    cases = {
        "plain.yaml": "id: a\ntitle: Về dự toán\n",
        "limit.yaml": "id: a\n# " + "x" * (limit - len("id: a\n# ") - 1) + "\n",
        "over.yaml": "id: a\n# " + "x" * (limit - len("id: a\n# ")) + "\n",
        "utf16.yaml": None,
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8") if text is not None else "id: a\n".encode("utf-16"))
    (tmp_path / "folder.yaml").mkdir()
    assert (tmp_path / "limit.yaml").stat().st_size == limit and (tmp_path / "over.yaml").stat().st_size == limit + 1
    for name in [*cases, "folder.yaml"]:
        path = tmp_path / name
        kept = ParsedFiles().read(path, f"data/van-ban/{name}", "document")
        assert _snapshot((kept.records, kept.problems)) == _snapshot(sources.load_file(path, f"data/van-ban/{name}", "document")), name
    assert [p.message for p in ParsedFiles().read(tmp_path / "over.yaml", "x", "document").problems] == [
        "tệp lớn quá 2 MB, không phải một tệp dữ liệu bình thường."]
    assert [p.message for p in ParsedFiles().read(tmp_path / "folder.yaml", "x", "document").problems] == ["không đọc được tệp."]


def _fuzz_texts():
    from hypothesis import strategies as st

    from tests.test_fuzz import yaml_text

    ending = st.sampled_from(["", "\n", "\r\n", " ", "\n\n", "\n---\n", "\n...", "\n- x"])
    noise = st.lists(st.sampled_from(list("ab: -[]{},?&*#'\"|>\n\r\t\u00a0\u2028é0") + ["\r\n", "\n  ", "\n- "]), max_size=40).map("".join)
    return st.one_of(st.builds(lambda text, end: text + end, yaml_text, ending), noise)


@settings(max_examples=300, deadline=None)
@given(text=_fuzz_texts())
def test_composing_at_once_agrees_with_scanning_on_generated_texts(text: str) -> None:
    assert _snapshot(sources.parse_yaml(text, "x.yaml", "document")) == _snapshot(sources._parse_scanned(text, "x.yaml", "document"))


def test_aliases_nested_in_aliases_are_a_problem_not_a_crash() -> None:
    """Written nesting is refused past 40 levels before composing, but aliases inside aliases
    (&b [*a], &c [*b], …) nest without being written: past 100 levels that is one problem, where
    building them overflowed Python's stack (RecursionError, also before this session's changes)."""
    chain = "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 400))
    records, problems = sources.parse_yaml(chain, "data/van-ban/x.yaml", "document")
    assert records == [] and [p.format() for p in problems] == [
        "data/van-ban/x.yaml, dòng 1: tệp dùng bí danh (*) lồng vào nhau quá 100 tầng.\n"
        "  Cách sửa: viết thẳng nội dung thay cho bí danh (&tên / *tên); tệp dữ liệu không cần bí danh."]
    short = "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 60))
    assert sources.parse_yaml(short, "x", "document")[1] == []
    # Written nesting that passes the scan composes to at most 2 × 40 + 1 levels: never refused here.
    flow = "k: " + "[a: " * 39 + "x" + "]" * 39 + "\n"
    records, problems = sources.parse_yaml(flow, "x", "document")
    assert problems == [] and max(len(loc) for loc in records[0].lines) == 79
