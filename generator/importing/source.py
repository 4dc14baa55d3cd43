"""What a file reader hands the parser: the text in reading order and what the reader had to guess."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..legal_text.body import ParseWarning, table_marker


@dataclass
class OcrPage:
    """One page whose text Tesseract recognised from an image, with its mean word confidence (0–100)."""

    page: int
    confidence: float


@dataclass
class Extracted:
    """The text of one source file, line by line, and notes from the reader."""

    text: str
    warnings: list[ParseWarning] = field(default_factory=list)
    pages: int = 1
    ocr: list[OcrPage] = field(default_factory=list)
    converter: str = ""  # the outside tool that turned the file into something readable, if any
    page_of: list[int] = field(default_factory=list)  # for PDFs: the page each line of text starts on
    tables: list[dict] = field(default_factory=list)  # body tables, each standing in the text as a table_marker line
    # DATE/TIME fields of a Word file: {"line", "code", "before" (the line's text before it), "value" (shown)}
    volatile_fields: list[dict] = field(default_factory=list)

    def add_table(self, header: list[str], rows: list[list[str]]) -> str:
        """Keep a body table (rows padded to one width) and return the line that stands for it in the text."""
        width = max([len(header), *(len(row) for row in rows)])
        pad = lambda row: [*row, *[""] * (width - len(row))]  # noqa: E731
        self.tables.append({"columns": pad(header), "rows": [pad(row) for row in rows]})
        return table_marker(len(self.tables) - 1)

    def page(self, line: int) -> int | None:
        """Return the page a line of the text comes from, when the file has pages."""
        return self.page_of[line - 1] if 0 < line <= len(self.page_of) else None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ParseWarning(max(1, line), message))
