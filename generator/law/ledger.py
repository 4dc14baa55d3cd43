"""No silent edits: a committed ledger of what was published, so every later change carries a note.

`data/da-dang.json` records, for each published document, disclosure and consultation, the SHA-256
of its canonical content (without its `changes` notes), how many change notes it had and the date
the entry stands for. An item whose content differs from its entry without a new note is refused.

A consultation is recorded as two entries: `consultation/<id>` for what was published when it
opened (dates, matter, draft, channels) and `consultation_results/<id>` for the consolidated results
and explanation (Art. 28(3) Law 10/2022). Results published after the consultation closes are a new
entry, recorded without a note like any new item; once published, changing them needs one.

The draft under consultation is recorded too, as `draft/<document id>`, from the day its first
consultation opens: citizens comment on that text, so changing it needs a change note on the draft,
which the consultation page shows. The entry is no longer checked once the document is adopted.

A lawful withdrawal keeps the item and its entry: `withdrawn:` (date, why) on the item. The entry is
marked withdrawn and the item's content may then shrink; deleting the item or its entry is refused,
and so is a ledger smaller than the last published one (see ledger_history).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel

from ..data.fingerprint import content_hash
from ..data.models import ChangeNote, Consultation, Disclosure, Document
from ..data.portal import Portal
from ..data.problems import DataProblems, Problem
from ..domain.vocabulary import short_date
from .ledger_git import git_baselines, shallow_history_notes
from .ledger_history import SITE_COPY, shrink_problems, site_baseline

LEDGER_VERSION = 1
KIND_LABELS = {
    "document": "Văn bản",
    "disclosure": "Thông tin công khai",
    "consultation": "Đợt lấy ý kiến",
    "consultation_results": "Kết quả của đợt lấy ý kiến",
    "draft": "Dự thảo đưa ra lấy ý kiến",
}
# Ledger kinds that are a part of a record of another kind: where to find their data file.
SOURCE_KINDS = {"consultation_results": "consultation", "draft": "document"}


class LedgerError(Exception):
    """The ledger file cannot be read; the message is for the clerk."""

    def __init__(self, message: str, line: int = 1, hint: str | None = None):
        super().__init__(message)
        self.line, self.hint = line, hint


@dataclass(frozen=True)
class SilentEdit:
    """A published item changed, removed or stripped of notes without a change note."""

    kind: str  # a key of KIND_LABELS
    id: str
    problem: str  # edited | files_replaced | notes_removed | removed
    source: str | None  # data file of the item, when known
    recorded_sha256: str
    current_sha256: str | None  # None when the item is no longer published
    recorded_changes: int
    current_changes: int | None
    recorded_on: dt.date | None
    message: str


def empty_ledger() -> dict:
    """Return a ledger with no entries."""
    return {"items": {}, "version": LEDGER_VERSION}


def load_ledger(path: str | Path) -> dict:
    """Read the ledger file; a missing file is an empty ledger."""
    path = Path(path)
    if not path.exists():
        return empty_ledger()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LedgerError(
            f"{path}: không đọc được sổ theo dõi nội dung đã đăng ({error}).\n"
            "  Cách sửa: khôi phục tệp từ lịch sử git (git checkout -- data/da-dang.json); không sửa tay tệp này."
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        raise LedgerError(
            f"{path}: sổ theo dõi nội dung đã đăng không đúng cấu trúc (thiếu mục \"items\").\n"
            "  Cách sửa: khôi phục tệp từ lịch sử git (git checkout -- data/da-dang.json); không sửa tay tệp này."
        )
    for key, entry in data["items"].items():
        if not _well_formed(entry):
            text = path.read_text(encoding="utf-8")
            line = text[: max(text.find(json.dumps(key, ensure_ascii=False)), 0)].count("\n") + 1
            raise LedgerError(
                f"mục “{key}” của sổ theo dõi nội dung đã đăng bị hỏng (thiếu hoặc sai sha256, changes, recorded_on).", line,
                "Cách sửa: khôi phục tệp từ lịch sử git (git checkout -- data/da-dang.json); không sửa tay tệp này.",
            )
    return data


def _well_formed(entry: object) -> bool:
    """Tell whether one ledger entry has the fields every check reads, with the right types."""
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) or len(entry["sha256"]) != 64:
        return False
    if not isinstance(entry.get("changes", 0), int) or isinstance(entry.get("changes", 0), bool):
        return False
    recorded = entry.get("recorded_on")
    if recorded is not None:
        try:
            dt.date.fromisoformat(str(recorded))
        except ValueError:
            return False
    return True


def format_ledger(ledger: dict) -> str:
    """Write the ledger as deterministic JSON: sorted keys, indent 2, trailing newline."""
    return json.dumps(ledger, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_ledger(path: str | Path, ledger: dict) -> None:
    """Save the ledger file."""
    Path(path).write_text(format_ledger(ledger), encoding="utf-8")


def _key(kind: str, item_id: str) -> str:
    return f"{kind}/{item_id}"


@dataclass(frozen=True)
class Published:
    """One fingerprinted entry: a whole item, or one part of a consultation."""

    item: Document | Disclosure | Consultation  # the record that carries the title and the change notes
    content: BaseModel  # what the fingerprint covers
    published_on: dt.date
    leave_out: frozenset[str] = frozenset()
    files: dict[str, str] = field(default_factory=dict)  # attachment path -> SHA-256 of its bytes

    @property
    def sha256(self) -> str:
        return content_hash(self.content, self.leave_out)

    @property
    def changes(self) -> list[ChangeNote]:
        return self.item.changes

    @property
    def withdrawn(self) -> bool:
        return self.item.withdrawn is not None


def published_items(portal: Portal) -> dict[str, Published]:
    """Return what is published by today, keyed kind/id, with the date each was published."""
    found: dict[str, Published] = {}
    for doc in portal.documents.values():
        if doc.status == "adopted" and doc.adopted_on and doc.adopted_on <= portal.today:
            found[_key("document", doc.id)] = Published(doc, doc, doc.adopted_on)
    for item in portal.disclosures.values():
        if item.published_on <= portal.today:
            found[_key("disclosure", item.id)] = Published(item, item, item.published_on)
    for talk in portal.consultations.values():
        # The opening part is published on the first day of the consultation (Art. 28(2)); its
        # fingerprint leaves the results out, so publishing them later does not touch it.
        if talk.opens_on <= portal.today:
            found[_key("consultation", talk.id)] = Published(talk, talk, talk.opens_on, frozenset({"results"}))
        if talk.results and talk.results.published_on <= portal.today:
            found[_key("consultation_results", talk.id)] = Published(talk, talk.results, talk.results.published_on)
    for doc_id, opened in sorted(consulted_drafts(portal).items()):
        found[_key("draft", doc_id)] = Published(portal.documents[doc_id], portal.documents[doc_id], opened)
    return {key: replace(item, files=_file_hashes(portal, item.content)) for key, item in found.items()}


def _file_hashes(portal: Portal, content: BaseModel) -> dict[str, str]:
    """Return the SHA-256 of each attachment's bytes: replacing a signed PDF is an edit too."""
    attachments = getattr(content, "attachments", None) or []
    return {a.file: portal.files[a.file].sha256 for a in attachments if a.file in portal.files}


def _files_replaced(item: Published, entry: dict) -> list[str]:
    """Return the attachments whose bytes differ from the entry (entries from before files were kept have none)."""
    recorded = entry.get("files")
    if not isinstance(recorded, dict):
        return []
    return sorted(path for path in set(recorded) | set(item.files) if recorded.get(path) != item.files.get(path))


def consulted_drafts(portal: Portal) -> dict[str, dt.date]:
    """Return each draft still a draft whose consultation has opened, with its first opening day."""
    opened: dict[str, dt.date] = {}
    for talk in portal.consultations.values():
        doc = portal.documents.get(talk.draft)
        if doc is not None and doc.status == "draft" and talk.opens_on <= portal.today:
            opened[doc.id] = min(opened.get(doc.id, talk.opens_on), talk.opens_on)
    return opened


def _recorded_on(entry: dict) -> dt.date | None:
    value = entry.get("recorded_on")
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _new_notes_accepted(item: Published, entry: dict) -> bool:
    """Tell whether the item has a change note newer than its ledger entry."""
    new = item.changes[int(entry.get("changes", 0)):]
    recorded = _recorded_on(entry)
    return bool(new) and (recorded is None or max(note.date for note in new) >= recorded)


def _message(problem: str, kind: str, item_id: str, title, source: str | None,
             recorded_on: dt.date | None, today: dt.date) -> str:
    where = f"{source}: " if source else ""
    replaced: list[str] = []
    if isinstance(title, tuple):
        title, replaced = title
    name = f"{KIND_LABELS[kind]} “{title}” (mã {item_id})" if title else f"{KIND_LABELS[kind]} mã {item_id}"
    if problem == "removed":
        return (f"{where}{name} đã đăng nhưng nay không còn trong data/ hoặc đã bị dời ngày đăng.\n"
                "  Cách sửa: khôi phục dữ liệu của mục này; thông tin đã công khai không được gỡ hay sửa âm thầm. "
                "Muốn gỡ thì giữ tệp và thêm `withdrawn:` (date: ngày gỡ, why: lý do).")
    if problem == "notes_removed":
        return (f"{where}{name} có ít ghi chú thay đổi (changes) hơn lúc đã đăng: ghi chú cũ đã bị xóa.\n"
                "  Cách sửa: khôi phục các ghi chú đã xóa; chỉ được thêm ghi chú mới, không xóa ghi chú cũ.")
    since = f" (ngày từ {short_date(recorded_on)} trở đi)" if recorded_on else ""
    what = (f"tệp đính kèm {', '.join(f'data/{path}' for path in replaced)} đã bị thay bằng tệp khác"
            if problem == "files_replaced" else "nội dung đã bị sửa")
    return (f"{where}{name} đã đăng nhưng {what} mà không có ghi chú thay đổi.\n"
            f"  Cách sửa: thêm vào cuối trường \"changes\" một mục ghi ngày sửa{since}, nội dung đã sửa và lý do, "
            f"ví dụ:\n    changes:\n      - date: {today.isoformat()}\n        what: \"Sửa …\"\n"
            "        why: \"Vì …\"")


def check_silent_edits(portal: Portal, ledger: dict) -> list[SilentEdit]:
    """Return every published item that changed without a change note, or disappeared."""
    current = published_items(portal)
    problems: list[SilentEdit] = []
    # A consultation has two entries: removing it, or its notes, is reported once, for the first.
    reported: set[tuple[str, str, str]] = set()
    for key, entry in sorted((ledger.get("items") or {}).items()):
        kind, _, item_id = key.partition("/")
        if kind not in KIND_LABELS:
            continue
        recorded_changes = int(entry.get("changes", 0))
        recorded_on = _recorded_on(entry)
        record_kind = SOURCE_KINDS.get(kind, kind)
        source = portal.sources.get((record_kind, item_id))
        if key not in current:
            if kind == "draft" and item_id in portal.documents:
                # Adopted: the document's own entry covers it. Still a draft but no consultation
                # shows it any more: that edit of the consultation is reported on its own.
                continue
            problem, digest, count, title = "removed", None, None, None
        else:
            item = current[key]
            digest, count, title = item.sha256, len(item.changes), item.item.title
            if count < recorded_changes:
                problem = "notes_removed"
            elif item.withdrawn:
                continue  # withdrawn in the open: its content may be cut, its entry stays
            elif digest != entry.get("sha256") and not _new_notes_accepted(item, entry):
                problem = "edited"
            elif _files_replaced(item, entry) and not _new_notes_accepted(item, entry):
                problem, title = "files_replaced", (title, _files_replaced(item, entry))
            else:
                continue
        if problem not in ("edited", "files_replaced"):
            if (record_kind, item_id, problem) in reported:
                continue
            reported.add((record_kind, item_id, problem))
        problems.append(SilentEdit(
            kind, item_id, problem, source, str(entry.get("sha256", "")), digest, recorded_changes, count,
            recorded_on, _message(problem, kind, item_id, title, source, recorded_on, portal.today)))
    return problems


def update_ledger(portal: Portal, ledger: dict) -> dict:
    """Return the ledger with new published items added and noted edits recorded; silent edits kept out."""
    items = {key: dict(entry) for key, entry in (ledger.get("items") or {}).items()}
    for key, item in sorted(published_items(portal).items()):
        digest, count = item.sha256, len(item.changes)
        entry = items.get(key)
        files = {"files": dict(sorted(item.files.items()))} if item.files else {}
        if entry is None:
            items[key] = {"changes": count, "recorded_on": item.published_on.isoformat(), "sha256": digest, **files}
            entry = items[key]
        if item.withdrawn:
            entry["withdrawn"] = item.item.withdrawn.date.isoformat()  # fingerprint kept as published
            continue
        if count < int(entry.get("changes", 0)):
            continue  # notes were deleted: leave the entry as it was
        elif digest == entry.get("sha256") and not _files_replaced(item, entry):
            entry["changes"] = count  # a note without a content change: remember it was used
            if files and "files" not in entry:
                entry.update(files)  # an entry written before attachments' bytes were recorded
        elif _new_notes_accepted(item, entry):
            newest = max(note.date for note in item.changes[int(entry.get("changes", 0)):])
            items[key] = {"changes": count, "recorded_on": newest.isoformat(), "sha256": digest, **files}
    return {**ledger, "items": dict(sorted(items.items())), "version": ledger.get("version", LEDGER_VERSION)}


LEDGER_FILE = "da-dang.json"  # under data/, committed with the data


@dataclass
class PublishedCheck:
    """What check_published found besides errors: the ledger to record, and notes for the clerk (a
    shallow clone's history), which the caller adds to the portal's notes (`add_notes`)."""

    ledger: dict
    notes: list[Problem] = field(default_factory=list)


def check_published(project: Path, portal: Portal, site: Path | None = None, history: Path | None = None) -> PublishedCheck:
    """Refuse a ledger smaller than the last published one and items changed without a change note.

    `site` is the published site whose own copy of the ledger is compared (default: project/site);
    `history` the folder whose git history of data/da-dang.json counts (default: project). Return the
    ledger for recording and, when that history is a shallow clone, a note saying so.
    """
    shown = f"data/{LEDGER_FILE}"
    path = project / "data" / LEDGER_FILE
    try:
        ledger = load_ledger(path)
    except LedgerError as error:
        raise DataProblems([Problem(shown, error.line, None, str(error), error.hint)]) from None
    history = history or project
    published = site_baseline(site or project / "site")
    baselines = published + git_baselines(history, history / "data" / LEDGER_FILE)
    notes = shallow_history_notes(history, bool(published))
    problems = shrink_problems(ledger.get("items") or {}, baselines, KIND_LABELS)
    edits = check_silent_edits(portal, ledger)
    ahead = [e for e in edits if e.problem == "removed" and e.recorded_on and e.recorded_on > portal.today]
    if ahead:
        # Items recorded as published after "today" have not moved: the computer's date is wrong.
        latest = max(e.recorded_on for e in ahead if e.recorded_on)
        problems.append(Problem(
            shown, 1, None,
            f"hôm nay theo máy tính là {short_date(portal.today)}, nhưng sổ này đã ghi nội dung đăng ngày {short_date(latest)}: "
            "ngày của máy tính đang sai (hoặc --today ghi ngày quá sớm); không có gì bị dời hay bị xóa.",
            "Cách sửa: chỉnh ngày giờ của máy tính cho đúng (giờ Việt Nam) rồi chạy lại; đừng sửa dữ liệu hay tệp data/da-dang.json.",
        ))
        edits = [e for e in edits if e not in ahead]
    problems += [_edit_problem(edit, shown) for edit in edits]
    if problems:
        raise DataProblems(problems)
    return PublishedCheck(ledger, notes)


def add_notes(portal: Portal, notes: list[Problem]) -> None:
    """Add notes found by a check to the portal's, each once (the notes the clerk is shown)."""
    portal.notes += [note for note in notes if note not in portal.notes]


def _edit_problem(edit: SilentEdit, shown: str) -> Problem:
    """Turn a silent edit into a problem: the ledger's sentence, then its fix."""
    text = edit.message.removeprefix(f"{edit.source}: ") if edit.source else edit.message
    message, _, hint = text.partition("\n  ")
    return Problem(edit.source or shown, 1, "changes", message, hint or None)


def published_ledger(portal: Portal, ledger: dict) -> str:
    """The text of data/da-dang.json once this portal is published (write_published writes it)."""
    return format_ledger(update_ledger(portal, ledger))


def write_published(project: Path | None, text: str, site: Path | None = None) -> None:
    """Write the ledger's `text` into data/ of `project` and the site's copy into `site`, each when
    given and only when changed, each in one rename."""
    targets = ([project / "data" / LEDGER_FILE] if project is not None else []) + ([site / SITE_COPY] if site is not None else [])
    for path in targets:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            partial = path.with_name(path.name + ".tmp")
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, path)
