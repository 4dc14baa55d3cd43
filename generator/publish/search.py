"""Site search: accent-free text for the index, and the Pagefind run over the built site.

Pagefind (1.5) already ignores combining marks, so "nghi quyet" finds "nghị quyết"; but đ is a
letter of its own, not d with a mark, so "dong gop" would not find "đóng góp" (checked in a real
browser). Each indexed page therefore carries a hidden list of its words that contain đ, folded to
ASCII ("đồng", "đóng" -> "dong", once); an unaccented query matches that list, an accented one
the text itself. That list never shows under a result (theme/assets/excerpt.js).
"""

from __future__ import annotations

import functools
import html
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

from ..domain.vocabulary import fold
from . import search_bundles
from .search_chunks import rechunk

TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
SPACES = re.compile(r"\s+")
WORDS = re.compile(r"\w+")


def plain_text(markup: str) -> str:
    """Return the visible words of an HTML fragment on one line."""
    return SPACES.sub(" ", html.unescape(TAGS.sub(" ", markup))).strip()


def folded_text(markup: str) -> str:
    """Return, folded to ASCII and once each, the words of an HTML fragment that contain đ.

    Runs once per indexed page inside MkDocs, so only the whitespace-separated pieces holding a đ
    are split into words and folded: 2.3 times faster than testing every word (bench/README.md)."""
    text = TAGS.sub(" ", markup)
    if "&" in text:
        text = html.unescape(text)
    words = dict.fromkeys(word for piece in text.split() if "đ" in piece or "Đ" in piece
                          for word in WORDS.findall(piece) if "đ" in word or "Đ" in word)
    return " ".join(dict.fromkeys(fold(word) for word in words))


def index_site(site_dir: Path, live: Path | None = None, changed: list[str] | None = None,
               pages: list[str] | None = None, limit: int | None = None, parts=None, run=None, ahead=None) -> str:
    """Write the Pagefind index into <site_dir>/pagefind/ in small chunks (see search_chunks), in
    bundles by year for a large unit (see search_bundles; a partial build keeps the `live` site's
    bundles that no `changed` page touches; `pages` lists the pages that can be indexed, if known,
    `parts` holds them already mirrored (search_bundles.Parts), `ahead` the older bundles indexed
    already (search_bundles.index_ahead);
    `limit` is the split threshold, search_bundles.SPLIT_PAGES unless given; `run` runs Pagefind,
    run_pagefind unless given). Returns a line for the build log."""
    return search_bundles.index_bundles(site_dir, run or run_pagefind, rechunk, limit=limit, live=live, changed=changed, pages=pages,
                                        parts=parts, ahead=ahead)


def run_pagefind(site_dir: Path, output: Path | None = None, start=subprocess.Popen) -> None:
    """Run Pagefind over the built site (or a folder of some of its pages), one language: the site
    is Vietnamese. The index goes to `output`, by default <site_dir>/pagefind. `start` starts the
    process (Popen's arguments; the search worker's: lifeline.start_child). As subprocess.run: on
    any exception while it runs, Pagefind is killed and waited for."""
    with start(pagefind_command(site_dir, output), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            out, err = process.communicate()
        except BaseException:
            process.kill()
            raise
    if process.returncode != 0:
        raise RuntimeError(f"Pagefind không tạo được chỉ mục tìm kiếm:\n{out}{err}")


def pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    command = [*pagefind_program(), "--site", str(site_dir), "--force-language", "vi", "--silent"]
    return command + (["--output-path", str(output)] if output is not None else [])


def pagefind_program() -> list[str]:
    """The Pagefind binary the `pagefind` package's launcher would run, run directly: `python -m
    pagefind` starts an interpreter only to find and exec it, 0.15 s of every index (bench/README.md).
    As the launcher: PAGEFIND_BINARY_PATH if set, else the extended build, else the plain one; the
    launcher itself where neither package is installed (it then looks on the PATH)."""
    chosen = os.environ.get("PAGEFIND_BINARY_PATH")
    return [chosen] if chosen is not None else list(_packaged_pagefind())


@functools.cache
def _packaged_pagefind() -> tuple[str, ...]:
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            binary = importlib.import_module(package).get_executable()
        except (ImportError, AttributeError, OSError):
            continue
        if binary is not None and os.access(binary, os.X_OK):
            return (str(binary),)
    return (sys.executable, "-m", "pagefind")


NUMBER = re.compile(r"^(?P<n>\d+)(?:/(?P<year>\d{4}))?/(?P<symbol>[^\s]+)$")


def number_variants(number: str | None) -> str:
    """Write a document number the ways people type it, so each finds the document:
    "30/2024/NQ-HĐND" -> "30/2024/NQ-HĐND 30/2024 NQ 30 NQ30 NQ-HDND 30 ..."."""
    if not number:
        return ""
    found = NUMBER.match(number.strip())
    if not found:
        return f"{number} {fold(number)}"
    n, year, symbol = found.group("n"), found.group("year"), found.group("symbol")
    head = symbol.split("-")[0]
    variants = [number, fold(number), f"{n}/{year}" if year else n, f"{head} {n}", f"{head}{n}", f"{fold(symbol)} {n}", f"{n} {fold(head)}"]
    return " ".join(dict.fromkeys(variants))
