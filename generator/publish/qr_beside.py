"""Encode the QR codes a build lacks in a forked child while this process renders the pages.

A first build (nothing in the QR cache, generator/publish/qr_cache.py) spends about 0.8 ms of pure
Python per address on Reed-Solomon and module placement: 2.1 s at 5,000 items. The child encodes the
missing addresses from the last one the render draws backwards, and sends each packed matrix as soon
as it has it, one JSON line per code, through a pipe; the parent draws from the first one forwards,
takes whatever has arrived each time it lacks a code (never waiting) and encodes it itself if it has
not: the two meet in the middle, and no code is waited for. Each code the parent encodes itself is
marked in a shared page of memory, and the child stops when it reaches one: nothing is encoded twice
but the code or two where they meet.

The child is an optimisation only, as the forked render (forked.py): it is not started where forking
is unwise or for a few codes, and if it fails, is killed or sends nothing, every code it did not
send is encoded by the parent, so the pages are exactly those of encoding them here
(tests/test_qr_beside.py). Measured in bench/README.md ("Cost per unit", seventh session).
"""

from __future__ import annotations

import fcntl
import json
import mmap
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from ..render import notices
from . import forked

WORTH_FORKING = 100  # missing codes: below about 80 ms of encoding, the parent encodes them
PIPE_BYTES = 1 << 20  # room for about 1,500 codes the parent has not taken yet (Linux's default cap)
_REACHED = struct.Struct("q")  # in the shared page: the last address the parent encoded itself


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
    reached = mmap.mmap(-1, mmap.PAGESIZE)  # shared with the child: how far the parent has encoded
    _REACHED.pack_into(reached, 0, -1)
    pid, read_end = forked.start(lambda write_end: _encode_into(write_end, missing, reached))
    arrivals = _Arrivals(read_end, missing, reached)
    notices.receive_codes(arrivals.take)
    try:
        yield pid
    finally:
        notices.receive_codes(None)
        arrivals.close()
        forked.stop(pid)
        reached.close()


def _encode_into(write_end: int, addresses: list[str], reached: mmap.mmap) -> None:
    """The child: from the last address backwards, each code as soon as it is encoded, one line of
    JSON [address, packed matrix], until the parent has encoded this one itself."""
    with suppress(OSError):  # only a larger pipe, where Linux allows it
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    with os.fdopen(write_end, "wb", buffering=0) as out:
        for index in range(len(addresses) - 1, -1, -1):
            if index <= _REACHED.unpack_from(reached, 0)[0]:
                return
            address = addresses[index]
            out.write(json.dumps([address, notices.encode_packed(address)]).encode() + b"\n")


class _Arrivals:
    """The parent's side of the pipe: read without waiting, whole lines only."""

    def __init__(self, read_end: int, addresses: list[str], reached: mmap.mmap) -> None:
        os.set_blocking(read_end, False)
        self.read_end, self.rest, self.reached = read_end, b"", reached
        self.index = {address: n for n, address in enumerate(addresses)}

    def take(self, wanted: str) -> dict[str, str]:
        """The codes that have arrived since the last call (none once the pipe is closed). If the
        wanted one is not among them, the parent encodes it: the child is told it need go no further."""
        codes = self._read()
        if wanted not in codes and wanted in self.index:
            _REACHED.pack_into(self.reached, 0, max(self.index[wanted], _REACHED.unpack_from(self.reached, 0)[0]))
        return codes

    def _read(self) -> dict[str, str]:
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
