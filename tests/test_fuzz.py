"""Property tests for the classes of input the adversarial review found crashing the loader and the
legal-text parser: YAML tags, anchors and aliases, deep nesting, control and invisible characters,
numbers of every shape, and bodies numbered from 0. No input may raise anything but the clerk's
DataProblems, and every line named must lie inside the file."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.models import Document
from generator.data.problems import Problem
from generator.data.screening import screen_record
from generator.data.sources import parse_yaml
from generator.data.validate import validate_record
from generator.legal_text.body import parse_body

KEYS = ["id", "title", "summary", "published_on", "category", "tables", "rows", "columns", "changes", "date", "what", "external_document"]
SCALARS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["!!binary PHNjcmlwdD4=", "!!python/name:os.system", "!x y", "&a [1]", "*a", "&b {c: *b}", "[[[[[[", "{a: {b: ", "]]", "9999-12-31",
                     "0912.345.678", "+84 912 345 678", "12.500", "0123", "0o17", "0x1F", "1e9", ".nan", "~", "yes", "'", '"\\x07"', '"\\u200b"',
                     "Điều 0.", "|", ">-", "- - -", "? x", "%YAML 1.1", "---", "...", "<script>", "\u202e"]),
)
LINE = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(KEYS), SCALARS),
    st.builds(lambda i, k, v: f"{' ' * i}- {k}: {v}", st.integers(0, 6), st.sampled_from(KEYS), SCALARS),
    st.builds(lambda i, v: f"{' ' * i}- {v}", st.integers(0, 6), SCALARS),
    SCALARS,
)
yaml_text = st.lists(LINE, max_size=20).map("\n".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=yaml_text, kind=st.sampled_from(["document", "disclosure", "consultation", "site"]))
def test_loader_turns_any_text_into_records_or_clerk_problems(text: str, kind: str) -> None:
    path = "data/cong-khai/thu.yaml"
    records, problems = parse_yaml(text, path, kind)
    for record in records:
        problems += screen_record(record)
        model, found = validate_record(record)
        problems += found
    last = text.count("\n") + 2
    for problem in problems:
        assert isinstance(problem, Problem) and problem.message
        assert problem.file == path and 1 <= problem.line <= last, (problem, text)
    sorted(problems)  # a field-less problem beside a named one sorts (it used to crash)


@settings(max_examples=100, deadline=None)
@given(depth=st.integers(41, 3000), flow=st.booleans())
def test_deep_nesting_is_a_problem_not_a_crash(depth: int, flow: bool) -> None:
    text = "x: " + "[" * depth + "]" * depth if flow else "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + "  " * depth + "v"
    records, problems = parse_yaml(text, "data/x.yaml", "document")
    assert records == [] and [p.message for p in problems] == ["dữ liệu lồng nhau quá 40 tầng."]


BODY_LINE = st.one_of(
    st.builds(lambda n, t: f"Điều {n}. {t}", st.integers(0, 30), st.text(max_size=15)),
    st.builds(lambda n, t: f"ĐIỀU {n}: {t}", st.integers(0, 5), st.text(max_size=10)),
    st.builds(lambda n, t: f"{n}. {t}", st.integers(0, 12), st.text(max_size=15)),
    st.builds(lambda c, t: f"{c}) {t}", st.sampled_from(list("abcdđefghijkz")), st.text(max_size=15)),
    st.builds(lambda n: f"Chương {n}", st.sampled_from(["I", "II", "0", "IV", "12"])),
    st.builds(lambda n: f"Mục {n}", st.integers(0, 4)),
    st.sampled_from(["- gạch đầu dòng", "./.", "[^1]: chú thích", "# tiêu đề", "", "   ", "\u200b", "Ph¹m vi ®iÒu chØnh"]),
    st.text(max_size=25),
)


@settings(max_examples=400, deadline=None)
@given(lines=st.lists(BODY_LINE, max_size=30))
def test_parser_output_always_fits_the_document_model(lines: list[str]) -> None:
    from generator.legal_text.encoding import ImportProblem

    text = "\n".join(lines)
    try:
        body, warnings = parse_body(text)
    except ImportProblem as problem:  # text in TCVN3/VNI: a clerk's message, with a line
        assert problem.message and (problem.line is None or 1 <= problem.line <= len(text.splitlines()) + 1)
        return
    Document.model_validate({"id": "x", "type": "quyet_dinh", "issuer": "UBND", "title": "Văn bản", "adopted_on": dt.date(2026, 1, 1), **body})
    for warning in warnings:
        assert 1 <= warning.line <= len(text.splitlines()) + 1 and warning.message
