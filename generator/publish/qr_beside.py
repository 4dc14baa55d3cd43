"""Encode the QR codes a build lacks in a forked child while this process renders the pages.

A first build (nothing in the QR cache, generator/publish/qr_cache.py) spends about 0.8 ms of pure
Python per address on Reed-Solomon and module placement: 2.1 s at 5,000 items. The child encodes the
missing addresses from the last one the render draws backwards, and sends each packed matrix as soon
as it has it, one JSON line per code, through a pipe; the parent draws from the first one forwards,
takes whatever has arrived each time it lacks a code (never waiting) and encodes it itself if it has
not: the two meet in the middle, and no code is waited for.

The child is an optimisation only, as the forked render (forked.py): it is not started where forking
is unwise or for a few codes, and if it fails, is killed or sends nothing, every code it did not
send is encoded by the parent, so the pages are exactly those of encoding them here
(tests/test_qr_beside.py). Measured in bench/README.md ("Cost per unit", seventh session).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from ..render import notices
from . import forked

WORTH_FORKING = 100  # missing codes: below about 80 ms of encoding, the parent encodes them
PIPE_BYTES = 1 << 20  # room for about 1,500 codes the parent has not taken yet (Linux's default cap)


@contextmanager
def encoding_beside(addresses: list[str], least: int | None = None) -> Iterator[int | None]:
    """While in the block, the codes of these addresses (in the order they are drawn) that are not
    known yet are encoded in a forked child, where that is worthwhile and there are at least `least`
    of them (default WORTH_FORKING); yields the child's pid, or None when none was started. Leaving
    the block ends the child."""
    known = notices.known_codes()
    missing = [a for a in addresses if a not in known]
    if len(missing) < max(WORTH_FORKING if least is None else least, 1) or not forked.worthwhile():
        yield None
        return
    pid, read_end = forked.start(lambda write_end: _encode_into(write_end, missing[::-1]))
    arrivals = _Arrivals(read_end)
    notices.receive_codes(arrivals.take)
    try:
        yield pid
    finally:
        notices.receive_codes(None)
        arrivals.close()
        forked.stop(pid)


def _encode_into(write_end: int, addresses: list[str]) -> None:
    """The child: each code as soon as it is encoded, one line of JSON [address, packed matrix]."""
    with suppress(OSError):  # only a larger pipe, where Linux allows it
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    with os.fdopen(write_end, "wb", buffering=0) as out:
        for address in addresses:
            out.write(json.dumps([address, notices.encode_packed(address)]).encode() + b"\n")


class _Arrivals:
    """The parent's side of the pipe: read without waiting, whole lines only."""

    def __init__(self, read_end: int) -> None:
        os.set_blocking(read_end, False)
        self.read_end, self.rest = read_end, b""

    def take(self) -> dict[str, str]:
        """The codes that have arrived since the last call (none once the pipe is closed)."""
        chunks = [self.rest]
        while self.read_end >= 0:
            try:
                chunk = os.read(self.read_end, PIPE_BYTES)
            except BlockingIOError:
                break
            if not chunk:  # the child is done, or dead: what it did not send is encoded here
                self.close()
                break
            chunks.append(chunk)
        *lines, self.rest = b"".join(chunks).split(b"\n")
        codes = {}
        for line in lines:
            with suppress(ValueError, TypeError):  # a line that is not [address, packed]: ignored
                address, packed = json.loads(line)
                if isinstance(address, str) and isinstance(packed, str):
                    codes[address] = packed
        return codes

    def close(self) -> None:
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1
