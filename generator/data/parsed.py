"""Per-file results of reading, screening and validating data files, kept between loads.

`congkhai serve` loads data/ again on every save; with a ParsedFiles kept between loads only the
saved file is parsed and validated again. Every other file's records, problems and models are
reused while its size, modification time, inode and change time are those it had when it was read
(as git's index does); a file modified within RACY_NS of being read is also compared by content,
since two writes inside one clock tick can leave the same times. `congkhai build` and `check` use a
fresh ParsedFiles each run, so their loads go through exactly the same code.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .screening import screen_record
from .shares import here
from .sources import MAX_FILE_BYTES, RawRecord, parse_file
from .validate import check_point_letters, validate_record

RACY_NS = 2_000_000_000
SHARED_FROM = 400  # files: from this many, a second share is read `elsewhere` (bench/README.md)


@dataclass
class FileResult:
    """One data file as read: its records, the problems of reading it, and each record's checks."""

    records: list[RawRecord]
    problems: list[Problem]
    allowed: frozenset[str] | None = None  # the unit's public numbers the checks below were made with
    checks: list[tuple[list[Problem], object]] = field(default_factory=list)  # per record: (problems, model or None)
    expanded: dict[int, tuple] = field(default_factory=dict)  # record index -> (document in, document out, notes, problems)


@dataclass
class _Entry:
    stamp: tuple[int, int, int, int]
    digest: bytes
    read_at: int
    result: FileResult


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


class ParsedFiles:
    """What each data file gave when last read; `read` parses again only what changed."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], _Entry] = {}
        self.parsed: list[str] = []  # files parsed (not reused) by the last load, as shown to people

    def start(self) -> None:
        """Begin a load: forget which files the previous one parsed."""
        self.parsed = []

    def read(self, path: Path, shown: str, kind: str) -> FileResult:
        """Return the file's records and reading problems, parsing it only if it changed."""
        key = (shown, kind)
        entry = self._entries.get(key)
        try:
            stamp = _stamp(path.stat())
        except OSError:
            stamp = None
        if entry is not None and stamp == entry.stamp and (entry.read_at - stamp[1] > RACY_NS or _digest(path) == entry.digest):
            return entry.result
        read_at = time.time_ns()
        raw = _read(path)
        digest = hashlib.sha256(raw).digest() if raw is not None else b""
        records, problems = parse_file(raw, shown, kind)
        self.parsed.append(shown)
        result = FileResult(records, problems)
        if stamp is not None:
            self._entries[key] = _Entry(stamp, digest, read_at, result)
        return result

    def read_all(self, files: list[tuple[Path, str, str]], allowed: frozenset[str], elsewhere=here) -> list[FileResult]:
        """Read, screen and validate every file (path, shown, kind), in order.

        Each file's work is its own, so from SHARED_FROM files every other file is read by
        `elsewhere` (data/shares.py; a build's runs it in a forked child on the second core) while
        this process reads the rest; what each share parsed is then kept here."""
        if len(files) < SHARED_FROM:
            return self._keep(*_read_share(self, files, allowed))
        with elsewhere(_read_share, self, files[1::2], allowed) as theirs:  # every other file: kinds cost unlike
            mine = self._keep(*_read_share(self, files[::2], allowed))
            others = self._keep(*theirs())
        results: list[FileResult] = [None] * len(files)  # type: ignore[list-item]
        results[::2], results[1::2] = mine, others
        return results

    def _keep(self, entries: dict, parsed: list[str], results: list[FileResult]) -> list[FileResult]:
        self._entries.update(entries)
        self.parsed += parsed
        return results

    def forget_missing(self, seen: set[tuple[str, str]]) -> None:
        """Drop the entries of files no longer present."""
        for key in set(self._entries) - seen:
            del self._entries[key]


def _read_share(files_read: ParsedFiles, files: list[tuple[Path, str, str]], allowed: frozenset[str]):
    """Read and check some files as `files_read` would, without changing it (it may be a forked
    child's copy): return (the entries for these files, the files parsed, the results in order)."""
    share = ParsedFiles()
    share._entries = {(shown, kind): files_read._entries[(shown, kind)] for _, shown, kind in files if (shown, kind) in files_read._entries}
    results = []
    for path, shown, kind in files:
        result = share.read(path, shown, kind)
        check_records(result, allowed)
        results.append(result)
    return share._entries, share.parsed, results


def _read(path: Path) -> bytes | None:
    """A file's bytes, read once for both its digest and its parsing (no more than one byte past
    the size limit: parse_file refuses it then); None if it cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1) if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES else handle.read()
    except OSError:
        return None


def _digest(path: Path) -> bytes:
    raw = _read(path)
    return hashlib.sha256(raw).digest() if raw is not None else b""


def check_records(result: FileResult, allowed: frozenset[str]) -> list[tuple[list[Problem], object]]:
    """Screen and validate each record of a file (once per content and public-number list)."""
    if result.allowed != allowed or len(result.checks) != len(result.records):
        checks = []
        for record in result.records:
            problems = screen_record(record, allowed)
            if record.kind == "document":
                problems += check_point_letters(record)
            model, record_problems = validate_record(record)
            checks.append((problems + record_problems, model))
        result.checks, result.allowed, result.expanded = checks, allowed, {}
    return result.checks
