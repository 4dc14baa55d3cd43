"""A new folder is written by two threads where the machine has two cores (generator/publish/writer.py):
every file as given, each thread writing its share, and a failure in either raised."""

from __future__ import annotations

import builtins
import threading
from pathlib import Path

import pytest

from generator.publish import writer
from generator.publish.lifeline import cores


def _files(count: int) -> dict[str, str]:
    return {f"van-ban/{n // 50:02d}/trang-{n:04d}.md": f"# Nghị quyết số {n}/2026/NQ-HĐND\n\nĐiều {n}.\n" for n in range(count)}


@pytest.mark.skipif(cores() < 2, reason="one core: the folder is written by one thread")
def test_a_large_folder_is_written_by_two_threads_file_for_file(tmp_path: Path, monkeypatch) -> None:
    texts = _files(500)
    blobs = {"du-lieu/van-ban.xlsx": b"PK\x03\x04" + bytes(range(256))}
    source = tmp_path / "dinh-kem.pdf"
    source.write_bytes(b"%PDF-1.7\n")
    writers: set[int] = set()

    def noted_open(*args, **kwargs):
        writers.add(threading.get_ident())
        return builtins.open(*args, **kwargs)

    monkeypatch.setattr(writer, "open", noted_open, raising=False)
    threads = threading.active_count()  # the test session's own (a browser's, a server's) included
    writer.fill_folder(tmp_path / "site_src", texts, {"tai-lieu/dinh-kem.pdf": source}, blobs)
    written = {p.relative_to(tmp_path / "site_src").as_posix() for p in (tmp_path / "site_src").rglob("*") if p.is_file()}
    assert written == set(texts) | set(blobs) | {"tai-lieu/dinh-kem.pdf"}
    assert all((tmp_path / "site_src" / rel).read_text(encoding="utf-8") == text for rel, text in texts.items())
    assert (tmp_path / "site_src" / "du-lieu/van-ban.xlsx").read_bytes() == blobs["du-lieu/van-ban.xlsx"]
    assert (tmp_path / "site_src" / "tai-lieu/dinh-kem.pdf").read_bytes() == b"%PDF-1.7\n"
    assert len(writers) == 2 and threading.get_ident() not in writers
    assert threading.active_count() == threads  # the writers have ended: a fork after this is safe (forked.py)


def test_a_failure_in_a_writing_thread_is_raised(tmp_path: Path) -> None:
    texts = _files(500)
    texts["van-ban/03"] = "a file where a folder of pages is"
    with pytest.raises(IsADirectoryError):
        writer.fill_folder(tmp_path / "site_src", texts, {}, {})


def test_a_small_folder_is_written_by_this_thread(tmp_path: Path, monkeypatch) -> None:
    writers: set[int] = set()

    def noted_open(*args, **kwargs):
        writers.add(threading.get_ident())
        return builtins.open(*args, **kwargs)

    monkeypatch.setattr(writer, "open", noted_open, raising=False)
    writer.fill_folder(tmp_path / "site_src", _files(20), {}, {})
    assert writers == {threading.get_ident()}
