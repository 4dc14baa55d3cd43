"""Problems found in the data, worded for the ward clerk who has to fix them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import total_ordering


@total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file: where, what, and how to fix it."""

    file: str
    line: int
    field: str | None
    message: str
    hint: str | None = None

    def _key(self) -> tuple:
        # A problem without a field sorts before one with a field on the same line (None < str fails).
        return (self.file, self.line, self.field or "", self.message, self.hint or "")

    def __lt__(self, other: "Problem") -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._key() < other._key()

    def format(self) -> str:
        """Render the problem as the lines a clerk reads."""
        where = f"{self.file}, dòng {self.line}"
        if self.field:
            where += f', trường "{self.field}"'
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n  {self.hint}"
        return text


class DataProblems(Exception):
    """Raised when data/ has problems; nothing may be written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = sorted(set(problems))


def format_problems(problems: list[Problem]) -> str:
    """Render every problem and the closing summary line."""
    ordered = sorted(set(problems))
    files = {p.file for p in ordered}
    body = "\n".join(p.format() for p in ordered)
    summary = f"Có {len(ordered)} lỗi trong {len(files)} tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`."
    return f"{body}\n{summary}"


def format_notes(notes: list[Problem]) -> str:
    """Render the notes (not errors) and a closing line saying the site is built anyway."""
    ordered = sorted(set(notes))
    body = "\n".join(f"Lưu ý: {note.format()}" for note in ordered)
    return f"{body}\nCó {len(ordered)} lưu ý, không phải lỗi: trang vẫn được dựng. Hãy xem lại từng lưu ý (với văn bản: đối chiếu với bản gốc)."
