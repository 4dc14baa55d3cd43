"""How the site names things: unit types and documents as people cite them."""

from __future__ import annotations

from ..data.models import Document
from ..domain.vocabulary import document_types

UNIT_TYPES = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}


def document_label(doc: Document) -> str:
    """Name a document the way people cite it: type and number, or a draft's title."""
    label = document_types()[doc.type].label
    if doc.number:
        return f"{label} số {doc.number}"
    return f"Dự thảo {label.lower()}" if doc.status == "draft" else label
