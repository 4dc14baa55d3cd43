"""What a file reader hands the parser: the text in reading order and what the reader had to guess."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..legal_text.body import ParseWarning


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

    def page(self, line: int) -> int | None:
        """Return the page a line of the text comes from, when the file has pages."""
        return self.page_of[line - 1] if 0 < line <= len(self.page_of) else None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ParseWarning(max(1, line), message))
