"""Guess the document id a clerk meant when a reference names no document, with bounded work.

Comparing one missing id with every document id costs one difflib comparison per document, so a
guess per broken reference was quadratic: with 5,000 documents and 1,000 broken references the
error list took 25 CPU seconds instead of 1 (bench/README.md, "Guesses for missing ids"). Each
distinct missing id is compared once (a missing basis cited by hundreds of documents costs one
search), and only the first GUESSED distinct ids are compared at all; the others are told that no
guess is given, and why. At most GUESSED × documents comparisons, however many references are broken.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

GUESSED = 20  # distinct missing ids that get a guess; with more, the clerk has a list to fix anyway
PLAIN_HINT = "Cách sửa: ghi đúng mã (id) của một văn bản trong data/van-ban/."


class IdGuesses:
    """Close-match guesses for missing document ids, each computed once, at most `limit` of them."""

    def __init__(self, known: Iterable[str], limit: int = GUESSED):
        self._known = list(known)
        self._limit = limit
        self._guessed: dict[str, str | None] = {}

    def hint(self, ref: str) -> str:
        """The fix for a reference to the missing id `ref`: the closest document id, if any."""
        if ref not in self._guessed:
            if len(self._guessed) >= self._limit:
                return (f"{PLAIN_HINT} Có hơn {self._limit} mã văn bản không tìm thấy nên từ mã này congkhai "
                        "không gợi ý mã gần đúng nữa.")
            close = difflib.get_close_matches(ref, self._known, n=1, cutoff=0.6)
            self._guessed[ref] = close[0] if close else None
        guess = self._guessed[ref]
        return f'Cách sửa: có phải ý bạn là "{guess}"?' if guess else PLAIN_HINT
