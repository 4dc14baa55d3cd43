"""The province pipeline files: GitHub's passes actionlint, GitLab's passes GitLab's CI schema, and
both split into the number of shards the assembly step expects."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.test_pipeline_files import _actionlint

GITHUB = REPO / "ci" / "province" / "github-province.yml"
GITLAB = REPO / "ci" / "province" / "gitlab-province.yml"


def actionlint(path: Path) -> list[dict]:
    """Lint one workflow with the same runner as the unit pipelines (tests/test_pipeline_files.py)."""
    return _actionlint(path)


def gitlab_schema(path: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("check-jsonschema", path=str(REPO / ".venv" / "bin")) or shutil.which("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema not installed (pip install -e '.[test]')")
    return subprocess.run([tool, "--builtin-schema", "vendor.gitlab-ci", str(path)], capture_output=True, text=True)


def test_github_pipeline_passes_actionlint(tmp_path: Path) -> None:
    assert actionlint(GITHUB) == []
    broken = tmp_path / "broken.yml"
    broken.write_text(GITHUB.read_text(encoding="utf-8").replace("matrix.shard }}/$SHARDS", "matrix.shards }}/$SHARDS"), encoding="utf-8")
    assert [p["message"] for p in actionlint(broken)] == ['property "shards" is not defined in object type {shard: number}']


def test_gitlab_pipeline_passes_the_gitlab_ci_schema(tmp_path: Path) -> None:
    done = gitlab_schema(GITLAB)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("parallel: 4", "parallel: many"), encoding="utf-8")
    assert gitlab_schema(broken).returncode == 1


def test_both_pipelines_assemble_as_many_shards_as_they_build() -> None:
    github = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    assert github["jobs"]["shard"]["strategy"]["matrix"]["shard"] == list(range(1, int(github["env"]["SHARDS"]) + 1))
    assert github["jobs"]["assemble"]["needs"] == "shard"
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert gitlab["shard"]["parallel"] == int(gitlab["variables"]["SHARDS"])
    assert gitlab["assemble"]["needs"] == ["shard"] and gitlab["publish"]["needs"] == ["assemble"]
    for text in (GITHUB.read_text(encoding="utf-8"), GITLAB.read_text(encoding="utf-8")):
        assert "congkhai province build --shard" in text and "congkhai province assemble --shards" in text
