"""The validated, cross-checked content of one ward's site: what every renderer reads."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .models import Consultation, Disclosure, Document, Site
from .problems import Problem


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
    # Not errors: what the clerk should look at (e.g. how a pasted body_text was read)
    notes: list[Problem] = field(default_factory=list)
    # (kind, id) -> {top-level key: line}, so later stages can point the clerk at a line
    key_lines: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    def line_of(self, kind: str, item_id: str, key: str) -> int:
        """Return the line of a record's top-level key, or 1 when the key is not written."""
        return self.key_lines.get((kind, item_id), {}).get(key, 1)

    @cached_property
    def attachment_files(self) -> set[str]:
        """Return the files attached to documents and disclosures (not the unit's logo or map)."""
        return {a.file for record in [*self.documents.values(), *self.disclosures.values()] for a in record.attachments}

    def disclosures_of(self, document_id: str) -> list[Disclosure]:
        """Return the disclosures that refer to one document, newest first."""
        return self._disclosures_by_document.get(document_id, [])

    def referrers(self, field_name: str, document_id: str) -> list[Document]:
        """Return the documents that list document_id under related, amends, replaces or repeals."""
        return self._referrers.get((field_name, document_id), [])

    @cached_property
    def _disclosures_by_document(self) -> dict[str, list[Disclosure]]:
        """Index disclosures by the document they disclose, once per portal (pages ask per document)."""
        index: dict[str, list[Disclosure]] = defaultdict(list)
        for item in self.disclosures.values():
            if item.document:
                index[item.document].append(item)
        return index

    @cached_property
    def _referrers(self) -> dict[tuple[str, str], list[Document]]:
        """Index who lists whom, once per portal, so per-document questions are not a scan each."""
        index: dict[tuple[str, str], list[Document]] = defaultdict(list)
        for doc in self.documents.values():
            for name in ("related", "amends", "replaces", "repeals"):
                for ref in getattr(doc, name):
                    index[(name, ref)].append(doc)
        return index
