"""The ledger cannot be reset: compare data/da-dang.json with every ledger published before it.

Two records of what was published are kept outside data/da-dang.json itself:
- the built site's own copy, `site/da-dang.json`, written by every build next to the pages it
  published (and so also on the web server, where anyone can fetch it);
- git history, when the project is in a git repository: every committed version of the ledger
  (read in ledger_git).

An entry may only grow: more change notes, or a new fingerprint together with more change notes.
An entry that disappeared, lost notes, or changed its fingerprint without a new note means the
ledger was deleted, rolled back or edited by hand, and the build is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..data.problems import Problem

SITE_COPY = "da-dang.json"  # at the root of the built site
SHOWN = "data/da-dang.json"
LISTED = 8  # entries named in a message before "và N mục khác"


@dataclass(frozen=True)
class Baseline:
    """One earlier ledger and where it was found, as the clerk should read it."""

    where: str  # e.g. "trang đã đăng (site/da-dang.json)" or "lịch sử git (commit 1a2b3c4)"
    restore: str  # the command or step that restores it
    items: dict


def site_baseline(site: Path) -> list[Baseline]:
    """Return the ledger the published site/ recorded, if any."""
    path = site / SITE_COPY
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        return []
    return [Baseline("trang đang đăng (site/da-dang.json)", f"chép site/{SITE_COPY} vào {SHOWN}", items)]


def _changes(entry: object) -> int:
    try:
        return int(entry.get("changes", 0)) if isinstance(entry, dict) else 0
    except (TypeError, ValueError):
        return 0


def _strongest(baselines: list[Baseline]) -> dict[str, tuple[dict, Baseline]]:
    """Keep, for each key, the entry with the most change notes (the latest one published)."""
    kept: dict[str, tuple[dict, Baseline]] = {}
    for baseline in baselines:
        for key, entry in baseline.items.items():
            if isinstance(entry, dict) and (key not in kept or _changes(entry) > _changes(kept[key][0])):
                kept[key] = (entry, baseline)
    return kept


def _names(keys: list[str], labels: dict[str, str]) -> str:
    named = []
    for key in keys[:LISTED]:
        kind, _, item_id = key.partition("/")
        named.append(f"{labels.get(kind, kind)} mã {item_id}")
    more = f" và {len(keys) - LISTED} mục khác" if len(keys) > LISTED else ""
    return ", ".join(named) + more


WITHDRAW_HINT = ("Muốn gỡ một mục đã đăng thì giữ mục đó trong data/ và trong sổ, thêm "
                 "`withdrawn:` (date: ngày gỡ, why: lý do); trang của mục sẽ ghi rõ đã gỡ.")


def _group_missing(missing: list[tuple[str, Baseline]], baselines: list[Baseline]) -> list[tuple[Baseline, list[str]]]:
    """Name one earlier ledger that restores every missing entry, or else one per entry's source."""
    keys = [key for key, _ in missing]
    for baseline in baselines:
        if keys and all(key in baseline.items for key in keys):
            return [(baseline, keys)]
    groups: dict[str, tuple[Baseline, list[str]]] = {}
    for key, baseline in missing:
        groups.setdefault(baseline.where, (baseline, []))[1].append(key)
    return list(groups.values())


def shrink_problems(items: dict, baselines: list[Baseline], labels: dict[str, str]) -> list[Problem]:
    """Return a problem for entries that vanished from the ledger, or were rolled back or rewritten."""
    missing: list[tuple[str, Baseline]] = []
    problems: list[Problem] = []
    for key, (entry, baseline) in sorted(_strongest(baselines).items()):
        now = items.get(key)
        if not isinstance(now, dict):
            missing.append((key, baseline))
            continue
        kind, _, item_id = key.partition("/")
        name = f"{labels.get(kind, kind)} mã {item_id}"
        same_notes = _changes(now) == _changes(entry)
        rewritten = now.get("sha256") != entry.get("sha256") or ("files" in entry and now.get("files") != entry["files"])
        if _changes(now) < _changes(entry) or (same_notes and rewritten):
            problems.append(Problem(
                SHOWN, 1, None,
                f"mục của {name} trong sổ theo dõi khác với {baseline.where}: sổ đã bị sửa tay hoặc quay về bản cũ.",
                f"Cách sửa: {baseline.restore}; không sửa tay tệp này. {WITHDRAW_HINT}"))
    for baseline, keys in _group_missing(missing, baselines):
        problems.append(Problem(
            SHOWN, 1, None,
            f"sổ theo dõi nội dung đã đăng thiếu {len(keys)} mục đã ghi trong {baseline.where}: "
            f"{_names(keys, labels)}. Không được xóa tệp sổ hay xóa mục nào trong sổ.",
            f"Cách sửa: {baseline.restore}. {WITHDRAW_HINT}"))
    return problems
