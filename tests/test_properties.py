"""Property tests: the loader never crashes and names real lines; links always resolve."""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator import paths
from generator.data.load import load_portal
from generator.data.problems import DataProblems
from tests.conftest import FIXTURES

TODAY = dt.date(2026, 11, 22)
KEYS = ["id", "type", "number", "issuer", "title", "adopted_on", "effective_on", "articles", "clauses", "points", "letter", "text", "status"]
yaml_like = st.lists(
    st.one_of(
        st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(KEYS), st.text(max_size=20)),
        st.builds(lambda k, v: f"  - {k}: {v}", st.sampled_from(KEYS), st.text(max_size=20)),
        st.text(max_size=30),
    ),
    max_size=15,
).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=yaml_like)
@example(text="id: \n-")  # an id that is a list
@example(text="=")  # YAML's value tag, which no loader constructs
@example(text="?")  # an empty key: problems with and without a field on one line must sort
@example(text="id: \x85\n0\x85")  # YAML breaks lines at U+0085; lines are counted as editors do
def test_loader_never_crashes_and_every_line_is_inside_the_file(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(FIXTURES / "ward" / "data", project / "data")
        target = project / "data" / "van-ban" / "thu.yaml"
        target.write_bytes(text.encode("utf-8", "replace"))
        line_count = max(1, text.count("\n") + 1)
        try:
            load_portal(project, TODAY)
        except DataProblems as error:
            for problem in error.problems:
                assert problem.message
                if problem.file == "data/van-ban/thu.yaml":
                    assert 1 <= problem.line <= line_count + 1


page_paths = st.one_of(
    st.just(paths.HOME), st.just(paths.DOCUMENTS), st.just(paths.REGISTER), st.just(paths.COMPLIANCE),
    st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True).map(paths.document_page),
    st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True).map(paths.disclosure_page),
    st.integers(1, 14).map(paths.category_page),
    st.integers(2000, 2100).map(paths.year_page),
)


@settings(max_examples=300, deadline=None)
@given(source=page_paths, target=page_paths)
def test_relative_links_resolve_to_the_target_under_any_base_path(source: str, target: str) -> None:
    for base in ("/", "/phuong/bach-quang/"):
        page_url = base + paths.url_of(source)
        resolved = posixpath.normpath(posixpath.join(page_url, paths.relative_url(source, target)))
        expected = posixpath.normpath(base + paths.url_of(target))
        assert resolved == expected
