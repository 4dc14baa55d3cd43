"""The fingerprint of a published item's content, shared by the ledger and the duplicate-id check."""

from __future__ import annotations

import hashlib
import json
import unicodedata

from pydantic import BaseModel


# Fields a fingerprint never covers: the notes that explain changes, and the withdrawal notice.
UNHASHED = frozenset({"changes", "withdrawn"})


def content_hash(model: BaseModel, leave_out: frozenset[str] = frozenset()) -> str:
    """Return the SHA-256 of a model's canonical content, its change notes, withdrawal and `leave_out` fields left out."""
    data = model.model_dump(mode="json", exclude=set(UNHASHED | leave_out), exclude_defaults=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def ledger_fingerprints(path) -> dict[str, str]:
    """Read `kind/id -> sha256` from data/da-dang.json; an unreadable ledger gives nothing (the ledger check reports it)."""
    try:
        items = json.loads(path.read_text(encoding="utf-8")).get("items", {})
        return {key: str(entry.get("sha256", "")) for key, entry in items.items() if isinstance(entry, dict)}
    except (OSError, ValueError, AttributeError):
        return {}
