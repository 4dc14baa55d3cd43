"""Build one unit of a province in its own process: fetch its data, skip it when nothing would
change, otherwise build it exactly like `congkhai build`; a failure leaves its last good site.

Everything here crosses a process boundary, so jobs and results are plain dicts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import resource
import shutil
import subprocess
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import paths
from ..data.problems import DataProblems, format_notes, format_problems
from ..law.compliance import compute_compliance
from ..law.ledger import LEDGER_FILE, add_notes, check_published
from ..law.ledger_git import is_shallow
from ..law.warnings import check_notes
from ..publish import collector
from ..publish.build import Generated, generate, publish_generated
from ..publish.lock import BuildLocked, build_lock
from ..publish.writer import recover

LAST_BUILD = "last-build.json"  # beside the unit's project: digest and summary of its live site
NEWEST = 20  # newest items of each unit kept for the province feed


def congkhai_version() -> str:
    try:
        return version("congkhai")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0+unknown"


def _git_checkout(url: str, branch: str, target: Path) -> None:
    """Clone url at branch into target, or bring an earlier clone to the branch's newest commit.

    The clone has the whole commit history, so the ledger's check reads every committed version of
    data/da-dang.json (a `--depth 1` clone would silently see only the last one), but only the file
    contents it needs (`--filter=blob:none`: the newest tree, then the ledger's versions on demand).
    An earlier shallow clone is replaced by such a clone."""
    if (target / ".git").is_dir() and is_shallow(target) is False:
        steps = [["git", "-C", str(target), "remote", "set-url", "origin", url],
                 ["git", "-C", str(target), "fetch", "--quiet", "origin", branch],
                 ["git", "-C", str(target), "reset", "--quiet", "--hard", "FETCH_HEAD"]]
    else:
        if target.exists():
            shutil.rmtree(target)
        steps = [["git", "clone", "--quiet", "--filter=blob:none", "--branch", branch, url, str(target)]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"không lấy được dữ liệu từ kho {url} (nhánh {branch}): {done.stderr.strip()}")


def _replace(source: Path, target: Path) -> None:
    """Make target a copy of source (a file or folder), swapping a folder in whole."""
    if source.is_dir():
        fresh = target.with_name(target.name + ".new")
        if fresh.exists():
            shutil.rmtree(fresh)
        shutil.copytree(source, fresh, ignore=shutil.ignore_patterns(".git"))
        if target.exists():
            shutil.rmtree(target)
        fresh.rename(target)
    else:
        shutil.copyfile(source, target)


def source_folder(job: dict) -> Path:
    """Where the unit's data is read from: its folder, or the checkout of its git repository."""
    return Path(job["folder"]) if job["folder"] else Path(job["project"]).parent / "checkout"


def input_digest(job: dict) -> str:
    """Fingerprint what a build reads: congkhai's version, the date, every file of the unit's data/,
    and its (or the province's) mkdocs.yml and theme/. The same fingerprint builds the same site, so
    such a unit is skipped without even being generated."""
    source = source_folder(job)
    digest = hashlib.sha256(f"congkhai {congkhai_version()}\0{job['today']}\0".encode())
    _tree_digest(digest, source / "data")
    for name in ("mkdocs.yml", "theme"):
        own = source / name if (source / name).exists() else Path(job["defaults"]) / name
        digest.update(f"\0{name}\0".encode())
        if own.is_file():
            digest.update(own.read_bytes())
        elif own.is_dir():
            _tree_digest(digest, own)
    return digest.hexdigest()


def prepare_project(job: dict) -> Path:
    """Copy the unit's data/ (and its mkdocs.yml, theme/, or the province's) into its project folder.

    The publication ledger (data/da-dang.json) is the unit's: taken from its source when it has one,
    otherwise the ledger recorded by earlier province builds is kept."""
    project = Path(job["project"])
    source = source_folder(job)
    project.mkdir(parents=True, exist_ok=True)
    kept = project / "data" / LEDGER_FILE
    ledger = kept.read_bytes() if kept.is_file() and not (source / "data" / LEDGER_FILE).is_file() else None
    _replace(source / "data", project / "data")
    if ledger is not None:
        (project / "data" / LEDGER_FILE).write_bytes(ledger)
    for name in ("mkdocs.yml", "theme"):
        own = source / name if (source / name).exists() else Path(job["defaults"]) / name
        if own.exists():
            _replace(own, project / name)
    return project


def _tree_digest(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def output_digest(project: Path, generated: Generated) -> str:
    """Fingerprint everything the site is built from: congkhai's version, every generated page and
    attachment, and the MkDocs configuration and theme. Same fingerprint, same site."""
    digest = hashlib.sha256(f"congkhai {congkhai_version()}\0".encode())
    for rel in sorted(generated.texts):
        digest.update(rel.encode() + b"\0" + generated.texts[rel].encode() + b"\0")
    for rel, data in sorted(generated.blobs.items()):
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).hexdigest().encode() + b"\0")
    for rel, data in sorted(getattr(generated, "editor", {}).items()):  # the form editor (quan-tri/)
        raw = data if isinstance(data, bytes) else str(data).encode()
        digest.update(rel.encode() + b"\0" + hashlib.sha256(raw).hexdigest().encode() + b"\0")
    for rel, info in sorted(generated.portal.files.items()):
        digest.update(rel.encode() + b"\0" + info.sha256.encode() + b"\0")
    digest.update((project / "mkdocs.yml").read_bytes() if (project / "mkdocs.yml").is_file() else b"")
    if (project / "theme").is_dir():
        _tree_digest(digest, project / "theme")
    return digest.hexdigest()


def summarize(generated: Generated) -> dict:
    """What the province pages show of a unit: compliance per Article 11 category, newest items."""
    portal = generated.portal
    report = compute_compliance(portal)
    categories = [{"number": c.number, "name": c.name, "published": c.published, "on_time": c.on_time,
                   "late": c.late, "missing": c.missing} for c in report.categories]
    items = [(paths.document_page(d.id), d.title, d.adopted_on) for d in portal.documents.values()]
    items += [(paths.disclosure_page(d.id), d.title, d.published_on) for d in portal.disclosures.values()]
    items = [i for i in items if i[2] is not None and i[2] <= portal.today]
    items.sort(key=lambda i: (i[2], i[0]), reverse=True)
    newest = [{"path": paths.url_of(page), "title": title, "date": day.isoformat()} for page, title, day in items[:NEWEST]]
    return {"name": portal.site.name, "documents": len(portal.documents), "disclosures": len(portal.disclosures),
            "consultations": len(portal.consultations), "categories": categories, "newest": newest,
            "findings": sum(1 for f in report.findings if f.severity == "error")}


def unchanged(job: dict) -> dict | None:
    """The result of a unit whose inputs are those of its live site (no process needed), or None.
    A git unit is always checked out first, in its worker."""
    if job["git"]:
        return None
    start = time.perf_counter()
    project = Path(job["project"])
    last_file = project.parent / LAST_BUILD
    if not (project / "site").is_dir() or not last_file.is_file():
        return None
    last = _read_last(last_file)
    if last.get("inputs") != input_digest(job):
        return None
    result = {"code": job["code"], "state": "skipped", "problems": "", "notes": last.get("notes", ""), "digest": last.get("digest"),
              "summary": last.get("summary"), "built_on": last.get("built_on"), "seconds": 0.0, "peak_rss_mb": 0}
    result["seconds"] = round(time.perf_counter() - start, 2)
    return result


def build_unit(job: dict) -> dict:
    """Build one unit (run in a worker process). Never raises: the result says what happened."""
    start = time.perf_counter()
    if job.get("memory_mb"):
        limit = int(job["memory_mb"]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    result = {"code": job["code"], "state": "failed", "problems": "", "notes": "", "digest": None, "summary": None}
    try:
        if job["git"]:
            _git_checkout(job["git"], job["branch"], source_folder(job))
        project = Path(job["project"])
        # The same lock and leftover recovery as `congkhai build`: a killed province run leaves no
        # half tree for the next one, and a unit built by hand at the same moment is not overwritten.
        with build_lock(project), collector.during_build():
            for target in (project / "site", project / "site_src"):
                recover(target)
            _build_locked(job, project, result)
    except BuildLocked as error:
        result["problems"] = str(error)
    except DataProblems as error:
        result["problems"] = format_problems(error.problems)
    except MemoryError:
        result["problems"] = f"Lỗi: dựng trang vượt quá giới hạn bộ nhớ {job.get('memory_mb')} MB. Trang cũ giữ nguyên."
    except Exception as error:  # MkDocs strict aborts, git, I/O: reported like `congkhai build` does
        result["problems"] = f"Lỗi: {error}\nChưa xuất bản gì. Chạy `congkhai build --debug` trong thư mục của đơn vị để xem chi tiết."
    return _finish(result, start)


def _build_locked(job: dict, project: Path, result: dict) -> None:
    """Build or skip one unit while holding its lock; record what happened in result."""
    last_file = project.parent / LAST_BUILD
    last = _read_last(last_file)
    inputs = input_digest(job)
    live = (project / "site").is_dir()
    if live and last.get("inputs") == inputs:
        result.update(state="skipped", notes=last.get("notes", ""), digest=last.get("digest"), summary=last.get("summary"),
                      built_on=last.get("built_on"))
        return
    prepare_project(job)
    today = dt.date.fromisoformat(job["today"])
    generated = generate(project, today)
    checked = check_published(project, generated.portal, history=source_folder(job))  # the unit's own git history
    add_notes(generated.portal, checked.notes)
    notes = check_notes(generated.portal)  # what `congkhai check` would show the unit's clerk
    shown = format_notes(notes) if notes else ""
    digest = output_digest(project, generated)
    if live and last.get("digest") == digest:
        # Another day, the same pages (nothing date-dependent changed): the live site stays.
        last.update(inputs=inputs, notes=shown)
        _write_last(last_file, last)
        result.update(state="skipped", notes=shown, digest=digest, summary=last.get("summary"), built_on=last.get("built_on"))
    else:
        publish_generated(project, generated, checked.ledger)
        summary = summarize(generated)
        last = {"digest": digest, "inputs": inputs, "summary": summary, "built_on": job["today"], "notes": shown}
        _write_last(last_file, last)
        result.update(state="built", notes=shown, digest=digest, summary=summary, built_on=job["today"])


def _read_last(path: Path) -> dict:
    """The unit's last build record; none when missing or unreadable (a run killed while writing
    it, before writes were atomic), which only means the unit is built again."""
    try:
        last = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return last if isinstance(last, dict) else {}


def _write_last(path: Path, last: dict) -> None:
    """Write the last build record whole or not at all: the parent reads it without the unit's lock."""
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(json.dumps(last, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    fresh.replace(path)


def _finish(result: dict, start: float) -> dict:
    result["seconds"] = round(time.perf_counter() - start, 2)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result
