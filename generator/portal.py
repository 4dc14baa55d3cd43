"""The validated, cross-checked content of one ward's site: what every renderer reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .models import Consultation, Disclosure, Document, Site


@dataclass(frozen=True)
class FileInfo:
    """An attachment found under data/: its size, checksum and type."""

    path: str  # relative to data/, POSIX separators
    size: int
    sha256: str
    media_type: str
    label: str  # short type shown to people, e.g. "PDF"


@dataclass
class Portal:
    """Everything loaded from data/, validated; documents and disclosures newest first."""

    site: Site
    documents: dict[str, Document]
    disclosures: dict[str, Disclosure]
    consultations: dict[str, Consultation]
    files: dict[str, FileInfo]
    rules: dict
    today: dt.date
    # ("document" | "disclosure" | "consultation", id) -> source file relative to the project
    sources: dict[tuple[str, str], str] = field(default_factory=dict)

    def disclosures_of(self, document_id: str) -> list[Disclosure]:
        """Return the disclosures that refer to one document, newest first."""
        return [d for d in self.disclosures.values() if d.document == document_id]
