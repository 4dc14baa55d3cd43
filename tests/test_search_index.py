"""The search index is re-split into small chunks (generator/publish/search_chunks.py): same words,
same positions, chunks a phone can afford, and bounds that lead Pagefind to the right chunk."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import cbor2

from generator.publish.search import run_pagefind
from generator.publish.search_chunks import (
    CHUNK_BYTES,
    POSITIONS_PER_PAGE,
    _capped_words,
    _pack,
    _pack_chunk,
    _read,
    cap_positions,
    chunk_bounds,
    rechunk,
    short_id,
    split_words,
)


def _index(bundle: Path) -> tuple[list, list]:
    """(rows [from, to, name] of the metadata, decoded chunks in the same order)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _read(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    return meta[2], [_read(bundle / "index" / f"{row[2]}.pf_index")[0] for row in meta[2]]


def _chunk_for(rows: list, term: str) -> int | None:
    """The chunk Pagefind's engine asks for (pagefind_web: first chunk with from <= term <= to)."""
    return next((i for i, (low, high, _) in enumerate(rows) if low <= term <= high), None)


def _word(name: str, size: int) -> list:
    return [name, [[0, [0] * size, []]], []]  # about size + 12 bytes of CBOR


def test_split_words_keeps_every_word_in_order_within_the_limit() -> None:
    words = [_word(f"w{i:03d}", n) for i, n in enumerate([10, 400, 30, 5, 900, 2, 2, 2, 60, 10])]
    chunks = split_words(words, limit=500)
    assert [w for chunk in chunks for w in chunk] == words
    for chunk in chunks:
        if len(chunk) > 1:
            assert sum(len(cbor2.dumps(w)) for w in chunk) <= 500
    assert [len(chunk) for chunk in chunks] == [4, 1, 5]  # the word over the limit stands alone


def test_a_chunk_packed_from_its_encoded_words_is_byte_for_byte_the_encoded_chunk() -> None:
    # rechunk encodes each word once and writes a chunk as CBOR's array head plus those bytes; the
    # head has other widths at 24, 256 and 65,536 items.
    for count in (1, 23, 24, 255, 256, 65_535, 65_536):
        words = [_word(f"w{i:05d}", i % 3) for i in range(count)]
        assert _pack_chunk([cbor2.dumps(w) for w in words]) == _pack([words]), count
    assert gzip.decompress(_pack_chunk([]))[-1:] == b"\x80"  # an empty chunk is still an array


def test_a_chunk_read_word_by_word_gives_each_capped_word_with_its_encoding(tmp_path: Path) -> None:
    few = ["ban", [[0, [-25, 4], []], [3, [2, 9], []]], [["bàn", [[1, [5], []]]]]]
    many = ["dan", [[0, [-25, 5, 3, 2, 7, 1], []]], []]
    chunk = tmp_path / "vi_1.pf_index"
    chunk.write_bytes(_pack([[few, many]]))
    got = list(_capped_words(chunk, POSITIONS_PER_PAGE))
    assert [word for word, _ in got] == [few, cap_positions(many)] and cap_positions(many) != many
    assert [data for _, data in got] == [cbor2.dumps(few), cbor2.dumps(cap_positions(many))]
    assert cap_positions(few) is few  # nothing capped: its own bytes are kept
    # The same chunk written with an array of unstated length is decoded whole, with the same result.
    chunk.write_bytes(gzip.compress(b"pagefind_dcd\x81\x9f" + cbor2.dumps(few) + cbor2.dumps(many) + b"\xff"))
    assert list(_capped_words(chunk, POSITIONS_PER_PAGE)) == got


def test_chunk_bounds_reach_every_word_including_the_last_of_a_chunk() -> None:
    chunks = [[_word("apple", 1)], [_word("apricot", 1), _word("banana", 1)], [_word("peach", 1)]]
    assert chunk_bounds(chunks) == [["apple", "apple"], ["apr", "banana"], ["p", "peach"]]
    chunks = [[_word("cac", 1), _word("cafdc", 1)], [_word("cai", 1)], [_word("dan", 1)], [_word("danh", 1)]]
    assert chunk_bounds(chunks) == [["cac", "cafdc"], ["cai", "cai"], ["d", "dan"], ["danh", "danh"]]


def test_sample_index_is_small_chunks_of_the_same_words(sample_site: Path, tmp_path: Path) -> None:
    site = sample_site / "site"
    # What Pagefind writes on its own for the same pages, for comparison.
    plain = tmp_path / "site"
    shutil.copytree(site, plain, ignore=shutil.ignore_patterns("pagefind"))
    run_pagefind(plain)
    _, pagefind_chunks = _index(plain / "pagefind")
    rows, chunks = _index(site / "pagefind")

    # Pagefind does not count words with diacritics when sizing chunks, so on Vietnamese text it
    # makes chunks far over the budget. If this fails, Pagefind has fixed that: drop search_chunks.
    assert max(len(cbor2.dumps(c)) for c in pagefind_chunks if len(c) > 1) > 2 * CHUNK_BYTES

    assert [w for c in chunks for w in c] == [cap_positions(w) for c in pagefind_chunks for w in c]
    assert len(chunks) > len(pagefind_chunks)
    for chunk in chunks:
        assert len(chunk) == 1 or len(cbor2.dumps(chunk)) <= CHUNK_BYTES + 16
    for i, chunk in enumerate(chunks):
        for word in chunk:
            assert _chunk_for(rows, word[0]) == i, word[0]
    for term in ("dan", "chu", "nghi", "quyet", "đong"):
        assert term in [w[0] for w in chunks[_chunk_for(rows, term)]]
    names = {row[2] for row in rows}
    assert {p.stem for p in (site / "pagefind" / "index").glob("*.pf_index")} == names


def test_index_in_an_unknown_layout_is_left_as_pagefind_wrote_it(sample_site: Path, tmp_path: Path) -> None:
    site = sample_site / "site"
    bundle = tmp_path / "pagefind"
    shutil.copytree(site / "pagefind", bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    meta = _read(meta_path)
    meta[0] = "2.0.0"
    meta_path.write_bytes(_pack(meta))
    before = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert rechunk(bundle, limit=100) == "Pagefind 2.0.0: index left as written"
    assert {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before


def _weights(row: list) -> list[int]:
    """The weight of each position (not marker) of a page entry: markers are -1 - weight."""
    weight, weights = 24, []
    for value in row[1]:
        if value < 0:
            weight = -value - 1
        else:
            weights.append(weight)
    return weights


def test_frequent_words_keep_a_few_positions_per_page(sample_site: Path) -> None:
    _, chunks = _index(sample_site / "site" / "pagefind")
    rows = [row for chunk in chunks for word in chunk for rows in [word[1], *(v[1] for v in word[2])] for row in rows]
    for row in rows:
        weights = _weights(row)
        # Three positions, or as many as it takes to carry the word's weight at 255 each at most.
        assert len(weights) <= max(POSITIONS_PER_PAGE, -(-sum(weights) // 255)), row
        assert all(w <= 255 for w in weights)
    assert max(len(_weights(row)) for row in rows) > POSITIONS_PER_PAGE  # a number's variants weigh 10 each
    # A word of a title keeps its weight (7 × 24) where it was not capped.
    assert any(-169 in row[1] for row in rows)


def test_cap_positions_keeps_the_first_positions_and_the_whole_weight() -> None:
    # Weight markers are -1 - weight (24: plain text, 168: a title); positions are deltas.
    word = ["dan", [[0, [-25, 5, 3, -169, 2, 7], []], [2, [-169, 1], []]], [["dân", [[1, [-25, 1, 1, 1, 1], [-1, 2]]]]]]
    # 24 + 24 + 168 + 168 = 384 shared by the first two positions; 4 × 24 = 96 by two.
    assert cap_positions(word, 2) == ["dan", [[0, [-193, 5, 3], []], [2, [-169, 1], []]], [["dân", [[1, [-49, 1, 1], [-1, 2]]]]]]
    assert cap_positions(word, 3) == ["dan", [[0, [-129, 5, 3, 2], []], [2, [-169, 1], []]], [["dân", [[1, [-33, 1, 1, 1], [-1, 2]]]]]]
    # One position carries at most 255: 384 needs two, whatever the cap.
    assert cap_positions(word, 1) == ["dan", [[0, [-193, 5, 3], []], [2, [-169, 1], []]], [["dân", [[1, [-97, 1], [-1, 2]]]]]]
    assert cap_positions(word, 4) == word and cap_positions(word, None) == word


def test_pages_have_short_ids_and_their_fragments_follow(sample_site: Path) -> None:
    bundle = sample_site / "site" / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = _read(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")[1]
    token = pages[0][0].split("/")[0]
    assert [page[0] for page in pages] == [f"{token}/{short_id(n)}" for n in range(len(pages))]
    assert len(token) == 6 and short_id(35) == "z" and short_id(36) == "10"
    # Every page's fragment under its new name, and nothing else left in fragment/.
    assert sorted(p.relative_to(bundle / "fragment").as_posix() for p in (bundle / "fragment").rglob("*.pf_fragment")) == sorted(
        f"{page[0]}.pf_fragment" for page in pages)
    fragment = json.loads(gzip.decompress((bundle / "fragment" / f"{pages[0][0]}.pf_fragment").read_bytes())[len(b"pagefind_dcd"):])
    assert fragment["url"].startswith("/") and fragment["meta"]["title"]


def test_folded_text_lists_each_visible_word_with_d_bar_once_folded_to_ascii() -> None:
    from generator.publish.search import folded_text

    markup = ('<h2 title="Điều lệ">Đóng góp xây dựng</h2><p>Đất-đai, <em>đóng</em> góp; '
              'Sở&nbsp;Tài&nbsp;chính đồng ý &amp; ĐỒNG THUẬN</p><p>kinh phí 30/2024/NQ-HĐND đ</p>'
              '<p>xã Bắc Quang (Đông)</p><p>&#273;&#432;&#7901;ng</p>')
    # Not the attribute's "Điều", not words without đ; "đóng" and "Đóng" once; split at punctuation.
    assert folded_text(markup) == "dong dat dai hdnd d duong"
    assert folded_text("<p>Nghị quyết về ngân sách</p>") == ""


def test_pagefind_runs_as_its_own_binary_not_through_an_interpreter(sample_site: Path, tmp_path: Path, monkeypatch) -> None:
    import os
    import subprocess
    import sys

    import pagefind_bin

    from generator.publish.search import pagefind_command

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    command = pagefind_command(tmp_path / "site", tmp_path / "out")
    # The packaged binary itself: `python -m pagefind` would start an interpreter first (0.15 s).
    assert command[0] == str(pagefind_bin.get_executable()) and command[0] != sys.executable
    assert os.access(command[0], os.X_OK)
    assert command[1:] == ["--site", str(tmp_path / "site"), "--force-language", "vi", "--silent",
                           "--output-path", str(tmp_path / "out")]
    shutil.copytree(sample_site / "site", tmp_path / "site", ignore=shutil.ignore_patterns("pagefind"))
    subprocess.run(command, check=True)
    entry = json.loads((tmp_path / "out" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["vi"] and entry["languages"]["vi"]["page_count"] > 10
    # An operator's (or a test's) PAGEFIND_BINARY_PATH is still the one run, as with the launcher.
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    assert pagefind_command(tmp_path / "site")[0] == "/bin/false"
