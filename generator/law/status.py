"""Derive a document's legal status from its dates and from the documents that act on it.

The clerk never types a status beyond draft/adopted: whether a document is in force, amended,
replaced, repealed or expired follows from dates compared with `portal.today` and from the
`amends`, `replaces` and `repeals` lists of other documents that have already taken effect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from ..data.models import Document
from ..data.portal import Portal
from ..domain.rules import load_rules
from ..domain.vocabulary import document_types


class Status(str, Enum):
    DRAFT = "draft"
    ADOPTED = "adopted"  # issued, with no effective date to judge by (reports, notices …)
    IN_FORCE = "in_force"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    AMENDED = "amended"  # still in force
    REPLACED = "replaced"
    REPEALED = "repealed"
    EXPIRED = "expired"


# Field of the acting document, relation kind seen from it, and from the document acted on.
_ACTIONS = (
    ("amends", "amended_by", "Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
    ("replaces", "replaced_by", "Thay thế", "Bị thay thế bởi"),
    ("repeals", "repealed_by", "Bãi bỏ", "Bị bãi bỏ bởi"),
)
# When a document ended in more than one way on the same day, the stronger act names its status.
_ENDINGS = {"repeals": (0, Status.REPEALED), "replaces": (1, Status.REPLACED), "expires": (2, Status.EXPIRED)}


@dataclass(frozen=True)
class Relation:
    """One link between two documents, phrased from the side of the document it is shown on."""

    kind: str  # amends | replaces | repeals | amended_by | replaced_by | repealed_by
    document_id: str  # the other document
    label: str  # e.g. "Được sửa đổi, bổ sung bởi"
    reference: str  # e.g. "Nghị quyết số 30/2024/NQ-HĐND"
    phrase: str  # label + reference
    in_effect: bool  # the act has taken effect by today
    on: dt.date | None  # when it takes or took effect


def status_label(status: Status, rules: dict | None = None) -> str:
    """Return the Vietnamese label of a status."""
    labels = (rules or {}).get("document_statuses") or load_rules().get("document_statuses") or {}
    return labels.get(status.value, status.value)


def is_adopted(doc: Document, today: dt.date) -> bool:
    """Tell whether a document had been adopted (not a draft, adoption date passed) by today."""
    return doc.status == "adopted" and doc.adopted_on is not None and doc.adopted_on <= today


def takes_effect_on(doc: Document) -> dt.date | None:
    """Return when a document takes effect: its effective date, or its adoption when it says so."""
    if doc.effective_on:
        return doc.effective_on
    if doc.effective_on_adoption:
        return doc.adopted_on
    return None


def _acts_on(doc: Document) -> dt.date | None:
    """Return when an acting document's amendment, replacement or repeal takes effect."""
    return takes_effect_on(doc) or doc.adopted_on


def _acting(doc_id: str, field: str, portal: Portal) -> list[Document]:
    """Return the adopted documents that list doc_id under field, oldest act first."""
    found = [d for d in portal.referrers(field, doc_id) if d.id != doc_id and is_adopted(d, portal.today)]
    return sorted(found, key=lambda d: (_acts_on(d) or dt.date.min, d.id))


def derive_status(doc: Document, portal: Portal) -> Status:
    """Return the status of a document on portal.today."""
    today = portal.today
    if not is_adopted(doc, today):
        return Status.DRAFT
    endings: list[tuple[dt.date, int, Status]] = []
    for field in ("repeals", "replaces"):
        for other in _acting(doc.id, field, portal):
            when = _acts_on(other)
            if when is not None and when <= today:
                rank, status = _ENDINGS[field]
                endings.append((when, rank, status))
    if doc.expires_on and doc.expires_on <= today:
        endings.append((doc.expires_on, *_ENDINGS["expires"]))
    if endings:
        return min(endings)[2]  # the first way it ended
    effective = takes_effect_on(doc)
    if effective is None:
        return Status.ADOPTED
    if effective > today:
        return Status.NOT_YET_IN_FORCE
    amended = any((_acts_on(o) or dt.date.max) <= today for o in _acting(doc.id, "amends", portal))
    return Status.AMENDED if amended else Status.IN_FORCE


def document_reference(doc: Document | None, doc_id: str) -> str:
    """Name a document the way Vietnamese texts cite it: type, number, else its abstract."""
    if doc is None:
        return doc_id
    label = document_types()[doc.type].label if doc.type in document_types() else doc.type
    if doc.number:
        return f"{label} số {doc.number}"
    return f"{label} “{doc.title}”"


def relations(doc_id: str, portal: Portal) -> list[Relation]:
    """Return the amend/replace/repeal links of one document, its own acts first, then acts on it."""
    doc = portal.documents.get(doc_id)
    today = portal.today
    found: list[Relation] = []
    if doc is not None:
        own_effect = _acts_on(doc)
        for field, _, label, _ in _ACTIONS:
            for other_id in sorted(getattr(doc, field)):
                reference = document_reference(portal.documents.get(other_id), other_id)
                in_effect = is_adopted(doc, today) and own_effect is not None and own_effect <= today
                found.append(Relation(field, other_id, label, reference, f"{label} {reference}", in_effect,
                                      own_effect))
    for field, inverse, _, label in _ACTIONS:
        for other in _acting(doc_id, field, portal):
            when = _acts_on(other)
            reference = document_reference(other, other.id)
            found.append(Relation(inverse, other.id, label, reference, f"{label} {reference}",
                                  when is not None and when <= today, when))
    return found
