"""Re-split Pagefind's word index into small chunks, so one query downloads little.

Pagefind (1.5) writes the word index as chunks of neighbouring words; a query downloads the
chunk of each of its words. It sizes a chunk by counting the positions of the words *as written
without diacritics* only, and stores the positions of "dân", "dẫn" under the variants of "dan",
which it does not count. Nearly every Vietnamese word has a diacritic, so on a 5,000-item ward site
Pagefind made 19 chunks of up to 220 KB, and the chunk holding "dân" also held "có", "công",
"các", "chủ": the query "dan chu" fetched 200 KB of index where the two words need 58 KB.

This module reads the index Pagefind wrote and writes it again with the same words
in chunks of at most CHUNK_BYTES (a word bigger than that gets a chunk of its own), then points the
metadata file at them. On the way it keeps at most POSITIONS_PER_PAGE positions of a word per page,
carrying the word's whole weight (cap_positions), and names pages by short ids (rename_pages): same
engine, same words and pages found; what that does to ranking is measured in bench/README.md. It knows
the file layout of Pagefind 1.5 (gzip of "pagefind_dcd" + CBOR); on any other layout it leaves the
index as Pagefind wrote it (search still works, only bigger) and says so in the returned text.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
KNOWN_FORMAT = "1.5."  # the metadata's first field is the Pagefind version that wrote it
CHUNK_BYTES = 16_000  # uncompressed CBOR per chunk, about 4-5 KB once gzip-compressed
POSITIONS_PER_PAGE = 3  # positions of a word kept per page (see cap_positions)
MAX_WEIGHT = 255  # a weight is one byte in Pagefind's index
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind file")
    return cbor2.loads(data[len(SIGNATURE):])


def _pack(value) -> bytes:
    return _compress(cbor2.dumps(value))


def _compress(encoded: bytes) -> bytes:
    return gzip.compress(SIGNATURE + encoded, compresslevel=9, mtime=0)


def _array_head(length: int) -> bytes:
    """CBOR's head of an array of `length` items (major type 4), as cbor2 writes it."""
    if length < 24:
        return bytes([0x80 + length])
    for mark, size in ((0x98, 1), (0x99, 2), (0x9A, 4)):
        if length < 1 << (8 * size):
            return bytes([mark]) + length.to_bytes(size, "big")
    return b"\x9b" + length.to_bytes(8, "big")


def _pack_chunk(encoded: list[bytes]) -> bytes:
    """_pack([words]) from the words already encoded one by one: a CBOR array is its head followed
    by its items, so each word is encoded once (for its size and for the chunk)."""
    return _compress(b"\x81" + _array_head(len(encoded)) + b"".join(encoded))


def _name(language: str, content: bytes, taken: set[str], length: int = 7) -> str:
    """A content-hash name like Pagefind's ("vi_1a2b3c4"), made longer if two chunks collide."""
    digest = hashlib.sha256(content).hexdigest()
    while f"{language}_{digest[:length]}" in taken:
        length += 1
    return f"{language}_{digest[:length]}"


def split_words(words, limit: int = CHUNK_BYTES) -> list[list]:
    """Group words (in index order) into runs of at most `limit` encoded bytes."""
    return [run for run, _ in _runs(((word, cbor2.dumps(word)) for word in words), limit)]


def _runs(entries, limit: int):
    """split_words one run at a time, so the whole index is never decoded at once: `entries` are
    (word, its CBOR encoding), and each run comes with its words' encodings."""
    run: list = []
    encoded: list[bytes] = []
    size = 0
    for word, data in entries:
        if run and size + len(data) > limit:
            yield run, encoded
            run, encoded, size = [], [], 0
        run.append(word)
        encoded.append(data)
        size += len(data)
    if run:
        yield run, encoded


def chunk_bounds(chunks: list[list]) -> list[list[str]]:
    """[from, to] of each chunk, as the engine looks them up: a word's chunk is the first whose
    from <= word <= to.

    Pagefind shortens both bounds to the shortest prefixes that tell neighbours apart, which makes
    the last word of a chunk ("cafdc" in a chunk ending "caf") unreachable whenever it is longer
    than that prefix. Here `from` is shortened the same way (still <= every word of its chunk, and
    still > every word of the chunk before) and `to` is the chunk's last word in full."""
    bounds = []
    for chunk in chunks:
        bounds.append([_lower_bound(bounds[-1][1] if bounds else None, chunk[0][0]), chunk[-1][0]])
    return bounds


def _lower_bound(last: str | None, first: str) -> str:
    """The shortest prefix of `first` that is still > `last` (the previous chunk's last word)."""
    if last is None:
        return first
    common = 0
    while common < min(len(last), len(first)) and last[common] == first[common]:
        common += 1
    return first[: common + 1]


def cap_positions(word: list, keep: int | None = POSITIONS_PER_PAGE) -> list:
    """The word's entry with at most `keep` positions per page: the first ones.

    An entry is [word, pages, variants], variants being [[form, pages], ...] (the accented forms);
    each page is [page number (delta), positions (delta), ...], a position list holding weight
    markers (-1 - weight, weight 24 for plain text) before the positions they weigh. A frequent word
    ("dân" about 12 times on each document) otherwise costs its positions on every page, in every
    query that has it. The page still matches, and the whole weight of the word on the page (which
    its rank depends on) is shared among the positions kept, each up to Pagefind's largest weight
    (255, about ten plain occurrences; more positions are kept where the weight needs them). What
    changes: the excerpt is cut around the first occurrences only, and a phrase is matched only
    among them. Pagefind's ranking is not only the weight (with one position kept per page, the
    order of the bench's "nghi quyet" results changed; with three it nearly holds): the measured
    effect on the results is in bench/README.md."""
    if keep is None:
        return word

    def pages(rows):
        # Rows of at most `keep` values (positions and weight markers) are kept as they are: most
        # rows of most words, so those come back untouched without a copy.
        if all(len(row[1]) <= keep for row in rows):
            return rows
        capped = []
        for row in rows:
            if len(row[1]) <= keep:
                capped.append(row)
                continue
            weight, seen = 24, []  # (position, weight) in order
            for value in row[1]:
                if value < 0:
                    weight = -value - 1
                else:
                    seen.append((value, weight))
            total = sum(w for _, w in seen)
            count = max(keep, -(-total // MAX_WEIGHT))  # enough positions to carry the whole weight
            if len(seen) <= count:
                capped.append(row)
                continue
            share, extra = divmod(total, count)
            kept, current = [], None
            for i, (position, _) in enumerate(seen[:count]):
                weight = min(MAX_WEIGHT, share + (1 if i < extra else 0))
                if weight != current:
                    kept.append(-1 - weight)
                    current = weight
                kept.append(position)
            capped.append([row[0], kept, *row[2:]])
        return capped

    main = pages(word[1])
    variants = [(variant, pages(variant[1])) for variant in word[2]]
    if main is word[1] and all(rows is variant[1] for variant, rows in variants):
        return word  # nothing capped: the same entry, whose encoding rechunk then reuses
    return [word[0], main, [[variant[0], rows, *variant[2:]] for variant, rows in variants], *word[3:]]


def _head(data: bytes, at: int) -> tuple[int, int | None, int]:
    """(major type, argument, where the item's content starts) of the CBOR head at `at`; the
    argument is None for an indefinite length (or a reserved value)."""
    first = data[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        return major, None, at + 1
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _capped_words(path: Path, keep: int | None):
    """(word entry with its positions capped, its CBOR encoding) for each word of one Pagefind chunk,
    in order. The chunk is read word by word (CBORDecoder on the bytes, [[word, ...]] as Pagefind
    writes it), so a word that keeps every position keeps its own bytes and is not encoded again."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind file")
    body = data[len(SIGNATURE):]
    outer, count, at = _head(body, 0)
    inner, words, at = _head(body, at) if (outer, count) == (4, 1) else (None, None, 0)
    if inner != 4 or words is None:  # written another way (an array of unstated length): decoded whole
        for word in cbor2.loads(body)[0]:
            capped = cap_positions(word, keep)
            yield capped, cbor2.dumps(capped)
        return
    stream = io.BytesIO(body)
    stream.seek(at)
    decoder = cbor2.CBORDecoder(stream)
    for _ in range(words):
        start = stream.tell()
        word = decoder.decode()
        capped = cap_positions(word, keep)
        yield capped, body[start:stream.tell()] if capped is word else cbor2.dumps(capped)


def short_id(number: int) -> str:
    """Base-36 digits of a page's number: "0", "a", "2s" (the metadata lists every page)."""
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = DIGITS[digit] + digits
        if not number:
            return digits


def rename_pages(bundle: Path, meta: list) -> None:
    """Give every page a short id in the metadata and rename its fragment file to match.

    Pagefind names a page by a hash of its fragment ("vi_1a2b3c4"), and every search downloads the
    metadata listing all pages: at 20,000 items the hashes are most of that file. The ids here are
    the pages' numbers in base 36 under a folder named from all the old hashes ("fragment/3fa9c1/2s"),
    so a fragment's address still changes whenever any page does and a browser never shows a
    cached fragment of an earlier build."""
    token = hashlib.sha256("".join(page[0] for page in meta[1]).encode()).hexdigest()[:6]
    folder = bundle / "fragment" / token
    folder.mkdir(exist_ok=True)
    for number, page in enumerate(meta[1]):
        new = f"{token}/{short_id(number)}"
        (bundle / "fragment" / f"{page[0]}.pf_fragment").rename(bundle / "fragment" / f"{new}.pf_fragment")
        page[0] = new
    for old in (bundle / "fragment").iterdir():
        if old.is_dir() and old != folder and not any(old.iterdir()):
            old.rmdir()  # an earlier run's folder (the index re-written twice)


def rechunk(bundle: Path, limit: int = CHUNK_BYTES, keep: int | None = POSITIONS_PER_PAGE, short_ids: bool = True) -> str:
    """Rewrite the word index under `bundle` (the site's pagefind/ folder) in small chunks.

    Returns a one-line account for the build log."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    metas = {}
    for language, info in entry["languages"].items():
        meta = _read(bundle / f"pagefind.{info['hash']}.pf_meta")
        if not (isinstance(meta, list) and len(meta) >= 3 and str(meta[0]).startswith(KNOWN_FORMAT)):
            return f"Pagefind {meta[0] if isinstance(meta, list) else '?'}: index left as written"
        metas[language] = meta
    done = []
    for language, meta in metas.items():
        info = entry["languages"][language]
        old = [row[2] for row in meta[2]]
        # One old chunk decoded at a time, not the whole index (memory: bench/README.md).
        entries = (entry for name in old for entry in _capped_words(bundle / "index" / f"{name}.pf_index", keep))
        rows, taken, last = [], set(old), None
        for chunk, encoded in _runs(entries, limit):
            packed = _pack_chunk(encoded)
            name = _name(language, packed, taken)
            taken.add(name)
            (bundle / "index" / f"{name}.pf_index").write_bytes(packed)
            rows.append([_lower_bound(last, chunk[0][0]), chunk[-1][0], name])
            last = chunk[-1][0]
        for name in old:
            (bundle / "index" / f"{name}.pf_index").unlink()
        meta[2] = rows
        if short_ids:
            rename_pages(bundle, meta)
        packed_meta = _pack(meta)
        meta_hash = _name(language, packed_meta, set(), length=10)
        (bundle / f"pagefind.{meta_hash}.pf_meta").write_bytes(packed_meta)
        if meta_hash != info["hash"]:
            (bundle / f"pagefind.{info['hash']}.pf_meta").unlink()
        info["hash"] = meta_hash
        done.append(f"{language}: {len(old)} → {len(rows)} chunks")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return "; ".join(done)
