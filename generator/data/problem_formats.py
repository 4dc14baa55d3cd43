"""Problems as CI hosts show them: GitHub workflow commands, a GitLab Code Quality report, JSON.

In GitHub Actions each `::error file=…,line=…::` line becomes an annotation on that file and line
(in the commit's page and in the e-mail GitHub sends); in GitLab the Code Quality report shows each
problem on the merge request. The text is the same Vietnamese the terminal shows.
"""

from __future__ import annotations

import hashlib
import json

from .problems import Problem

FORMATS = ("text", "github", "gitlab", "json")
GITLAB_REPORT = "gl-code-quality-report.json"


def detect_format(environ: dict) -> str:
    """Choose the output for where congkhai runs: GitHub Actions, GitLab CI, or a terminal."""
    if environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    if environ.get("GITLAB_CI") == "true":
        return "gitlab"
    return "text"


def _escape_data(text: str) -> str:
    """Escape a workflow command's message as the Actions toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command's property value (file, title …): also ':' and ','."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _body(problem: Problem) -> str:
    """Return a problem's message with its hint on the next line."""
    text = problem.message[:1].upper() + problem.message[1:]
    return text + (f"\n{problem.hint}" if problem.hint else "")


def _title(problem: Problem, note: bool) -> str:
    word = "Lưu ý" if note else "Lỗi dữ liệu"
    return f'{word}, trường "{problem.field}"' if problem.field else word


def github_command(problem: Problem, note: bool = False) -> str:
    """Return one problem as a GitHub workflow command (an error, or a warning for a note)."""
    level = "warning" if note else "error"
    properties = ",".join(f"{key}={_escape_property(value)}" for key, value in
                          (("file", problem.file), ("line", str(problem.line)), ("title", _title(problem, note))))
    return f"::{level} {properties}::{_escape_data(_body(problem))}"


def github_output(errors: list[Problem], notes: list[Problem]) -> str:
    """Return every problem and note as workflow commands, errors first."""
    lines = [github_command(p) for p in sorted(set(errors))] + [github_command(n, note=True) for n in sorted(set(notes))]
    return "\n".join(lines)


def _fingerprint(problem: Problem) -> str:
    return hashlib.sha256(f"{problem.file}\0{problem.field}\0{problem.message}".encode()).hexdigest()


def gitlab_report(errors: list[Problem], notes: list[Problem]) -> str:
    """Return a GitLab Code Quality report (a JSON array of issues)."""
    issues = [
        {
            "description": (f'Trường "{p.field}": {p.message}' + (f"\n{p.hint}" if p.hint else "")) if p.field else _body(p),
            "check_name": "congkhai-note" if note else "congkhai-data",
            "fingerprint": _fingerprint(p),
            "severity": "info" if note else "major",
            "location": {"path": p.file, "lines": {"begin": p.line}},
        }
        for items, note in ((sorted(set(errors)), False), (sorted(set(notes)), True))
        for p in items
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def json_output(errors: list[Problem], notes: list[Problem], summary: str) -> str:
    """Return every problem and note as one JSON object for other tools."""
    def item(p: Problem) -> dict:
        return {"file": p.file, "line": p.line, "field": p.field, "message": p.message, "hint": p.hint}

    return json.dumps({"ok": not errors, "summary": summary, "errors": [item(p) for p in sorted(set(errors))],
                       "notes": [item(n) for n in sorted(set(notes))]}, ensure_ascii=False, indent=2)
