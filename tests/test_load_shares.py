"""Data files read in two shares (generator/data/parsed.py ParsedFiles.read_all): a build reads every
other file in a forked child (publish/forked.py) while it reads the rest, and the portal, the problems
a clerk sees and what the live preview keeps are exactly those of reading every file in one process."""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.data import parsed as parsed_module
from generator.data.load import load_portal
from generator.data.parsed import ParsedFiles
from generator.data.problems import DataProblems
from generator.publish import forked
from tests.conftest import TODAY

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this system")
DAY = dt.date.fromisoformat(TODAY)


def _recording(pids: list[int]):
    """forked.in_child, noting the process the share was read in."""
    def elsewhere(function, *args):
        @contextmanager
        def share():
            with forked.in_child(lambda *a: (os.getpid(), function(*a)), *args) as result:
                def value():
                    pid, found = result()
                    pids.append(pid)
                    return found
                yield value
        return share()
    return elsewhere


def _portal(portal) -> tuple:
    return (portal.documents, portal.disclosures, portal.consultations, portal.files, portal.sources,
            portal.key_lines, portal.notes, list(portal.documents), list(portal.disclosures))


@needs_fork
def test_a_share_read_in_a_child_gives_the_same_portal_and_keeps_every_file(ward: Path, monkeypatch) -> None:
    monkeypatch.setattr(parsed_module, "SHARED_FROM", 2)
    alone = load_portal(ward, DAY)
    pids: list[int] = []
    kept = ParsedFiles()
    shared = load_portal(ward, DAY, kept, _recording(pids))
    assert len(pids) == 1 and pids[0] != os.getpid()  # one share, read in another process
    assert _portal(shared) == _portal(alone)
    data_files = sorted(p.relative_to(ward).as_posix() for p in (ward / "data").rglob("*.yaml")
                        if p.parent.name in ("van-ban", "cong-khai", "lay-y-kien"))
    assert len(data_files) >= 4 and sorted(kept.parsed) == data_files  # both shares' files, named once
    # The live preview's next load reuses every file, both shares', and parses only a saved one.
    load_portal(ward, DAY, kept, _recording(pids))
    assert kept.parsed == []
    saved = ward / data_files[1]  # an odd position: a file of the child's share
    saved.write_text(saved.read_text(encoding="utf-8").replace("\n", "\n\n", 1), encoding="utf-8")
    load_portal(ward, DAY, kept, _recording(pids))
    assert kept.parsed == [data_files[1]]


@needs_fork
def test_problems_found_in_either_share_are_those_of_one_process(ward: Path, monkeypatch) -> None:
    monkeypatch.setattr(parsed_module, "SHARED_FROM", 2)
    files = sorted((ward / "data").rglob("*.yaml"))
    data_files = [p for p in files if p.parent.name in ("van-ban", "cong-khai", "lay-y-kien")]
    for broken in data_files[:2]:  # one in each share
        text = broken.read_text(encoding="utf-8")
        broken.write_text(text.replace("\n", "\nngay_sai: [\n", 1), encoding="utf-8")
    with pytest.raises(DataProblems) as alone:
        load_portal(ward, DAY)
    pids: list[int] = []
    with pytest.raises(DataProblems) as shared:
        load_portal(ward, DAY, None, _recording(pids))
    assert pids and pids[0] != os.getpid()
    assert shared.value.problems == alone.value.problems
    shown = {problem.file for problem in shared.value.problems}
    assert {f"data/{p.relative_to(ward / 'data').as_posix()}" for p in data_files[:2]} <= shown


def test_a_small_unit_is_read_in_one_share(ward: Path) -> None:
    """Below SHARED_FROM files a second process would cost more than it saves."""
    calls: list[tuple] = []
    portal = load_portal(ward, DAY, None, lambda *args: calls.append(args))
    assert calls == [] and portal.documents
