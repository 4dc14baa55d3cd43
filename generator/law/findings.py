"""What a compliance check finds: severities and the result records shared by every check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_LABEL = {ERROR: "Vi phạm", WARNING: "Cần bổ sung", INFO: "Lưu ý"}
LAW = "Luật 10/2022/QH15"

@dataclass(frozen=True)
class Finding:
    """One problem or remark, in Vietnamese, about a disclosure, a budget report or a consultation."""

    kind: str  # late, missing, posting_too_short, broadcast_too_short, village_heads_missing, ...
    severity: str  # error (the law was not met), warning (something to add), info
    message: str
    subject: str  # "disclosure" | "budget" | "consultation"
    subject_id: str  # disclosure id, consultation id, or budget obligation key
    category: int | None = None
    due_on: dt.date | None = None
    on: dt.date | None = None  # the date the finding is about (published, closed …)


@dataclass(frozen=True)
class DisclosureCheck:
    """Timing and posting of one published disclosure."""

    id: str
    category: int
    title: str
    published_on: dt.date
    trigger_on: dt.date | None  # decided_on, the document's adopted_on, or the period end
    due_on: dt.date | None
    deadline: str  # the rule in words, e.g. "5 ngày làm việc kể từ ngày ban hành"
    deadline_source: str
    on_time: bool | None  # None: no trigger date, so no deadline
    working_days_late: int
    posted_from: dt.date | None
    posted_until: dt.date | None
    posted_days: int | None  # consecutive days on the notice board, both ends counted
    posting_required: str | None  # "30_days" | "permanent" | None
    posting_ok: bool | None  # None: not recorded or still running
    loudspeaker_required: bool
    loudspeaker_ok: bool | None  # loudspeaker listed in forms; None: not required
    broadcast_from: dt.date | None
    broadcast_until: dt.date | None
    broadcast_days: int | None  # consecutive days on the loudspeakers, both ends counted
    broadcast_ok: bool | None  # None: not required or not recorded
    village_heads_ok: bool | None  # village_heads listed in forms; None: not required


@dataclass(frozen=True)
class Obligation:
    """One recurring budget report expected for a budget year."""

    key: str  # e.g. "2025-execution-3"
    kind: str  # estimate_decided | execution | final_accounts …
    year: int
    months: int | None
    label: str
    scheme: str | None
    due_on: dt.date
    state: str  # published | missing | upcoming
    disclosure_id: str | None
    on_time: bool | None


@dataclass(frozen=True)
class CategorySummary:
    """Counts for one Article 11 item and a sentence saying them in plain Vietnamese."""

    number: int
    name: str
    group: str
    published: int
    on_time: int
    late: int
    undetermined: int
    missing: int
    upcoming: int
    sentence: str


@dataclass(frozen=True)
class ConsultationCheck:
    """Duration and results of one consultation."""

    id: str
    title: str
    opens_on: dt.date
    closes_on: dt.date
    duration_days: int  # both ends counted
    min_days: int
    state: str  # upcoming | open | closed
    days_left: int | None  # closes_on - today while open
    results_due_on: dt.date
    results_published_on: dt.date | None
    results_state: str  # not_due | awaiting | overdue | published | published_late


@dataclass(frozen=True)
class ComplianceReport:
    """Everything the accountability page, the JSON and the terminal report show."""

    today: dt.date
    summary: str
    disclosures: list[DisclosureCheck]
    obligations: list[Obligation]
    categories: list[CategorySummary]
    consultations: list[ConsultationCheck]
    findings: list[Finding]
