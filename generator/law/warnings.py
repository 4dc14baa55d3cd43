"""What the compliance page would report as a violation, said by `check` before it goes public."""

from __future__ import annotations

from ..data.portal import Portal
from ..data.problems import Problem
from .compliance import compute_compliance
from .findings import ERROR

# The line a finding is about: the date the clerk would change.
_KEY_OF = {
    "consultation_too_short": "closes_on", "results_overdue": "closes_on", "results_late": "results",
    "late": "published_on", "posting_too_short": "posted_until", "broadcast_too_short": "broadcast_until",
}


def compliance_notes(portal: Portal) -> list[Problem]:
    """Return one note per violation the public compliance page will show, with file and line."""
    notes = []
    for finding in compute_compliance(portal).findings:
        if finding.severity != ERROR:
            continue
        source = portal.sources.get((finding.subject, finding.subject_id))
        if source is None:  # a report that is missing altogether: it belongs in data/cong-khai/
            notes.append(Problem("data/cong-khai/", 1, None, f"trang Tình hình công khai sẽ báo vi phạm: {finding.message}"))
            continue
        key = _KEY_OF.get(finding.kind, "id")
        line = portal.line_of(finding.subject, finding.subject_id, key)
        notes.append(Problem(source, line, key if line != 1 else None, f"trang Tình hình công khai sẽ báo vi phạm: {finding.message}"))
    return notes


def check_notes(portal: Portal) -> list[Problem]:
    """The notes `congkhai check` shows its clerk (and the province build for each unit): the
    portal's own (after the ledger check, its shallow-clone note) and one per compliance violation."""
    return portal.notes + compliance_notes(portal)
