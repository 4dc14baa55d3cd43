"""Encode a text as a QR code's module matrix: the qrcode package's symbol, bit for bit, faster.

qrcode builds the data codewords one bit at a time (a Python call per bit, twice: once to choose
the version, once for the data) and divides the Reed-Solomon polynomial with a new list and a
recursive call per step; together about three quarters of encoding a notice's address. Here the
bits are packed into one integer, the version is chosen from a count of the bits, and the
remainder is computed with log tables in one loop. Everything else is qrcode's own: how the text
is split into numeric / alphanumeric / byte segments, the version limits, the blocks and their
generator polynomials, and the function patterns with the format and version information
(`QRCode.makeImpl`, drawn once per version with no data). The codewords are then placed in
QRCode.map_data's order, kept per version, instead of its walk over every module per code.
tests/test_notices.py checks that the matrices equal qrcode's for thousands of texts.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

import qrcode
from qrcode import LUT, base, exceptions, util

BORDER = 4


class _Counter:
    """Stands in for qrcode's BitBuffer where only the number of bits is wanted."""

    def __init__(self) -> None:
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.length += length


class _Bits:
    """qrcode's BitBuffer.put, with the bits kept in one integer instead of one call per bit."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length


def _write(segment: util.QRData, bits: _Bits | _Counter) -> None:
    """Write a segment's data bits (QRData.write, with a byte segment written at once)."""
    if segment.mode == util.MODE_8BIT_BYTE:
        bits.put(int.from_bytes(segment.data, "big"), 8 * len(segment.data))
    else:
        segment.write(bits)


def _version(segments: list[util.QRData], error_correction: int, start: int = 1) -> int:
    """The smallest version that holds the segments: QRCode.best_fit, counting the bits."""
    sizes = util.mode_sizes_for_version(start)
    counter = _Counter()
    for segment in segments:
        counter.put(segment.mode, 4)
        counter.put(len(segment), sizes[segment.mode])
        _write(segment, counter)
    version = bisect_left(util.BIT_LIMIT_TABLE[error_correction], counter.length, start)
    util.check_version(version)  # as QRCode.version's setter: too long a text fails the same way
    if version == 41:
        raise exceptions.DataOverflowError()
    if sizes is not util.mode_sizes_for_version(version):
        return _version(segments, error_correction, version)
    return version


@cache
def _generator_logs(ec_count: int) -> tuple[int, ...]:
    """The logs of the generator polynomial's coefficients after its leading 1 (qrcode's polynomial)."""
    if ec_count in LUT.rsPoly_LUT:
        poly = list(LUT.rsPoly_LUT[ec_count])
    else:
        product = base.Polynomial([1], 0)
        for i in range(ec_count):
            product = product * base.Polynomial([1, base.gexp(i)], 0)
        poly = list(product)
    assert poly[0] == 1 and len(poly) == ec_count + 1 and all(poly[1:]), poly
    return tuple(base.LOG_TABLE[c] for c in poly[1:])


def _remainder(data: bytes, logs: tuple[int, ...]) -> list[int]:
    """The Reed-Solomon error correction codewords of one block: data * x^n mod the generator."""
    exp, log = base.EXP_TABLE, base.LOG_TABLE
    rest = [0] * len(logs)
    for byte in data:
        factor = byte ^ rest[0]
        rest = rest[1:]
        rest.append(0)
        if factor:
            shift = log[factor]
            rest = [r ^ exp[(shift + g) % 255] for r, g in zip(rest, logs)]
    return rest


def codewords(version: int, error_correction: int, segments: list[util.QRData]) -> list[int]:
    """The symbol's codewords, data and error correction interleaved: util.create_data's result."""
    bits = _Bits()
    for segment in segments:
        bits.put(segment.mode, 4)
        bits.put(len(segment), util.length_in_bits(segment.mode, version))
        _write(segment, bits)
    blocks = base.rs_blocks(version, error_correction)
    limit = sum(block.data_count * 8 for block in blocks)
    if bits.length > limit:
        raise exceptions.DataOverflowError(f"Code length overflow. Data size ({bits.length}) > size available ({limit})")
    bits.put(0, min(limit - bits.length, 4))  # terminator
    if bits.length % 8:
        bits.put(0, 8 - bits.length % 8)
    for i in range((limit - bits.length) // 8):
        bits.put(util.PAD0 if i % 2 == 0 else util.PAD1, 8)
    stream = bits.value.to_bytes(bits.length // 8, "big")
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        data = stream[offset:offset + block.data_count]
        offset += block.data_count
        if not any(data):
            return util.create_data(version, error_correction, segments)  # qrcode's own path (it fails on a zero block)
        data_blocks.append(data)
        ec_blocks.append(_remainder(data, _generator_logs(block.total_count - block.data_count)))
    out: list[int] = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in group)):
            out.extend(b[i] for b in group if i < len(b))
    return out


class _Blank(qrcode.QRCode):
    """A QRCode that notes which modules are free for data (None) before qrcode places any."""

    free: list[list[bool]]

    def map_data(self, data, mask_pattern):
        self.free = [[cell is None for cell in row] for row in self.modules]
        super().map_data(data, mask_pattern)


@cache
def _layout(version: int, error_correction: int, mask_pattern: int) -> tuple[tuple[tuple[bool, ...], ...], tuple[tuple[int, int], ...]]:
    """Return (the symbol qrcode draws with no data bits set, the data modules in placement order).

    With no data every data module is light, then masked: each set data bit flips its module.
    The order is QRCode.map_data's: two-module columns from the right, up then down, skipping the
    vertical timing pattern, over the modules the function patterns leave free.
    """
    code = _Blank(border=0, error_correction=error_correction, mask_pattern=mask_pattern)
    code.version = version
    code.data_cache = []
    code.makeImpl(False, mask_pattern)
    size, free, order = code.modules_count, code.free, []
    row, step = size - 1, -1
    for col in range(size - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            order.extend((row, c) for c in (col, col - 1) if free[row][c])
            row += step
            if row < 0 or size <= row:
                row -= step
                step = -step
                break
    return tuple(tuple(r) for r in code.modules), tuple(order)


def qr_modules(text: str, error_correction: int, mask_pattern: int) -> list[list[bool]]:
    """The module matrix with a quiet zone of BORDER modules, as qrcode.QRCode(...).get_matrix() gives
    it after add_data(text) and make(fit=True) with this mask pattern."""
    segments = list(util.optimal_data_chunks(text, minimum=20))  # QRCode.add_data's default split
    version = _version(segments, error_correction)
    data = codewords(version, error_correction, segments)
    blank, order = _layout(version, error_correction, mask_pattern)
    rows = [list(r) for r in blank]
    bits = format(int.from_bytes(bytes(data), "big"), f"0{8 * len(data)}b")
    for (r, c), bit in zip(order, bits):
        if bit == "1":
            rows[r][c] = not rows[r][c]
    width = len(rows) + 2 * BORDER
    margin = [False] * BORDER
    return [[False] * width for _ in range(BORDER)] + [margin + r + margin for r in rows] + [[False] * width for _ in range(BORDER)]
