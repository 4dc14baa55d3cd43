"""A first build's missing QR codes encoded in a forked child while the pages render
(generator/publish/qr_beside.py), and kept matrices drawn straight from their packed bits: the same
codes as encoding and drawing them cell by cell here, whoever encoded them and however the child ends."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.publish import build, forked, qr_beside
from generator.publish.build import build_site, generate
from generator.publish.qr_cache import CACHE_DIR, CACHE_FILE
from generator.render import notices
from generator.render.pages import qr_addresses

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this system")
TODAY = dt.date(2026, 11, 22)
ADDRESSES = [f"https://phuong-{n}.thainguyen.gov.vn/cong-khai/thong-bao-{'x' * (n * 7 % 90)}-{n}/" for n in range(30)]


def _cell_by_cell(matrix: list[list[bool]]) -> str:
    """The path of the drawing before kept matrices were drawn from their bits: module by module."""
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(runs)


@pytest.fixture
def fresh(monkeypatch) -> dict[str, str]:
    """No matrix known, nothing drawn; returns every address's SVG as drawn in this process."""
    monkeypatch.setattr(notices, "_MATRICES", {})
    notices.qr_svg.cache_clear()
    expected = {a: str(notices.qr_svg(a)) for a in ADDRESSES}
    notices._MATRICES.clear()
    notices.qr_svg.cache_clear()
    monkeypatch.setattr(forked, "worthwhile", lambda: True)
    yield expected
    notices.qr_svg.cache_clear()


def _wait_for_exit(pid: int) -> None:
    """Until the child has exited, without reaping it (encoding_beside does)."""
    deadline = time.monotonic() + 120
    while os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        assert time.monotonic() < deadline, "the encoder did not finish"
        time.sleep(0.02)


@pytest.mark.parametrize("url", [ADDRESSES[0], "mailto:gopy@example.invalid", "https://x.vn/" + "a" * 600])
def test_a_kept_matrix_is_drawn_as_cell_by_cell(url: str) -> None:
    packed = notices.encode_packed(url)
    assert notices._path(packed) == (len(notices._unpack(packed)), _cell_by_cell(notices._encode(url)))


@needs_fork
def test_missing_codes_are_encoded_in_another_process(fresh, monkeypatch) -> None:
    with qr_beside.encoding_beside(ADDRESSES, least=1) as pid:
        assert pid is not None and pid != os.getpid()
        _wait_for_exit(pid)
        monkeypatch.setattr(notices, "_encode", lambda text: pytest.fail(f"encoded here: {text}"))
        assert {a: str(notices.qr_svg(a)) for a in ADDRESSES} == fresh
    assert set(notices.known_codes()) == set(ADDRESSES)  # what the cache file keeps
    assert notices._ARRIVALS == []


def _fails_in_child(parent: int):
    def encode(text: str) -> str:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return notices._pack(notices._encode(text))
    return encode


def _killed_after_five(parent: int):
    sent = []

    def encode(text: str) -> str:
        if os.getpid() != parent and len(sent) == 5:
            os.kill(os.getpid(), signal.SIGKILL)
        sent.append(text)
        return notices._pack(notices._encode(text))
    return encode


def _garbled_in_child(parent: int):
    def encode(text: str) -> str:
        packed = notices._pack(notices._encode(text))
        return packed if os.getpid() == parent else 12
    return encode


@needs_fork
@pytest.mark.parametrize("child, sent", [(_fails_in_child, 0), (_killed_after_five, 5), (_garbled_in_child, 0)])
def test_a_failing_child_leaves_the_encoding_to_the_parent(fresh, monkeypatch, child, sent) -> None:
    monkeypatch.setattr(notices, "encode_packed", child(os.getpid()))
    encoded_here = []
    real = notices._encode
    monkeypatch.setattr(notices, "_encode", lambda text: encoded_here.append(text) or real(text))
    with qr_beside.encoding_beside(ADDRESSES, least=1) as pid:
        _wait_for_exit(pid)
        assert {a: str(notices.qr_svg(a)) for a in ADDRESSES} == fresh
    assert encoded_here == ADDRESSES[:len(ADDRESSES) - sent]  # the child sends the last ones first


@needs_fork
def test_the_child_stops_where_the_parent_has_encoded(fresh, monkeypatch) -> None:
    parent = os.getpid()

    def slow_in_child(text: str) -> str:
        if os.getpid() != parent:
            time.sleep(0.2)
        return notices._pack(notices._encode(text))
    monkeypatch.setattr(notices, "encode_packed", slow_in_child)
    encoded_here = []
    real = notices._encode
    monkeypatch.setattr(notices, "_encode", lambda text: encoded_here.append(text) or real(text))
    with qr_beside.encoding_beside(ADDRESSES, least=1) as pid:
        assert {a: str(notices.qr_svg(a)) for a in ADDRESSES} == fresh  # the parent is far quicker here
        _wait_for_exit(pid)
        sent = len(ADDRESSES) - len(encoded_here) + len(notices._ARRIVALS[0]("not an address"))
    assert sent <= 2  # not the 30 a child going on to the first address would have sent


def test_no_child_for_a_few_codes_or_where_forking_is_unwise(fresh, monkeypatch) -> None:
    with qr_beside.encoding_beside(ADDRESSES, least=31) as pid:
        assert pid is None
    monkeypatch.setattr(forked, "worthwhile", lambda: False)
    with qr_beside.encoding_beside(ADDRESSES, least=1) as pid:
        assert pid is None
    notices.remember_codes({a: notices.encode_packed(a) for a in ADDRESSES[1:]})
    monkeypatch.setattr(forked, "worthwhile", lambda: True)
    with qr_beside.encoding_beside(ADDRESSES, least=2) as pid:  # one missing code only
        assert pid is None


@needs_fork
def test_a_build_with_the_encoder_keeps_every_new_code(ward: Path, fresh, monkeypatch) -> None:
    alone = generate(ward, TODAY).texts  # every code encoded in this process
    notices._MATRICES.clear()
    notices.qr_svg.cache_clear()
    started = []

    @contextmanager
    def few_codes_suffice(addresses, least=None):  # the ward has six addresses, under WORTH_FORKING
        with qr_beside.encoding_beside(addresses, least=1) as pid:
            started.append(pid)
            yield pid
    monkeypatch.setattr(build, "encoding_beside", few_codes_suffice)
    assert build_site(ward, TODAY).texts == alone
    assert len(started) == 1 and started[0] is not None
    kept = json.loads((ward / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8"))["codes"]
    assert sorted(kept) == sorted(qr_addresses(generate(ward, TODAY).portal))
    assert all(kept[a] == notices.encode_packed(a) for a in kept)
