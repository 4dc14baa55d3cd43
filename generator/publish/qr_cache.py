"""Keep the QR codes' module matrices between builds, so each address is encoded once.

The file (.congkhai-cache/qr-codes.json in the project, not published, not committed) maps each
address to its packed matrix under the version of how codes are drawn; any other version, or a file
that cannot be read, is ignored and rebuilt. Only addresses of the current build are written back.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..render.notices import CODES_VERSION, known_codes, remember_codes

CACHE_DIR = ".congkhai-cache"
CACHE_FILE = "qr-codes.json"


def load_codes(project: Path) -> int:
    """Hand the kept matrices to the renderer; return how many."""
    try:
        kept = json.loads((project / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if not isinstance(kept, dict) or kept.get("version") != CODES_VERSION or not isinstance(kept.get("codes"), dict):
        return 0
    remember_codes(kept["codes"])
    return len(kept["codes"])


def save_codes(project: Path, addresses: set[str]) -> None:
    """Write the matrices of these addresses (this build's notices) when they differ from the file's."""
    codes = known_codes()
    wanted = {a: codes[a] for a in sorted(addresses) if a in codes}
    path = project / CACHE_DIR / CACHE_FILE
    text = json.dumps({"version": CODES_VERSION, "codes": wanted}, separators=(",", ":"))
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return
        path.parent.mkdir(exist_ok=True)
        fresh = path.with_name(CACHE_FILE + ".new")
        fresh.write_text(text, encoding="utf-8")
        os.replace(fresh, path)
    except OSError:
        pass  # a cache only: the next build encodes again
