"""Accessible SVG charts drawn at build time: no JavaScript, no library at run time.

Every chart is an <svg role="img"> with a <title> and a <desc> that say all its figures in words,
and the page keeps the table it was drawn from. Colours pass WCAG contrast on white (text 4.5:1,
bars 3:1) and carry a text label too, so colour is never the only cue; charts print as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..data.models import Table
from ..domain.vocabulary import fold
from ..law.findings import CategorySummary

# Bar colours, each at least 4.5:1 against white.
SERIES_COLOURS = ("#8e1515", "#1f5f99", "#4d4d4d", "#7a4b00", "#1b6e3a", "#5a2d82")
TEXT = "#1f1f1f"
WIDTH = 440  # narrow, so text stays readable when a phone scales the chart down


# --- Amounts -------------------------------------------------------------------------------------
# Kept apart on purpose: issue 11 adds the project's Vietnamese number parser (table cells keep the
# clerk's text). On merge, parse_amount should call that parser instead of this one.

_AMOUNT = re.compile(r"^[-–]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^[-–]?\d+(?:,\d+)?$")


def parse_amount(cell: object) -> float | None:
    """Read an amount written the Vietnamese way ("36.000", "18.950,5", "720"); None if it is not one."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    text = str(cell).strip().replace(" ", "")
    if not _AMOUNT.match(text):
        return None
    negative = text[0] in "-–"
    value = float(text.lstrip("-–").replace(".", "").replace(",", "."))
    return -value if negative else value


def format_amount(value: float) -> str:
    """Write an amount the Vietnamese way: 36.000; 18.950,5."""
    whole = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    text = whole.replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if value < 0 else "") + text


# --- Bar charts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


def bar_chart(chart_id: str, title: str, labels: list[str], series: list[Series], unit: str) -> Markup:
    """Draw grouped horizontal bars: one group per label, one bar per series, values written at the end."""
    top = 8 + 20 * ((len(series) + 1) // 2) if len(series) > 1 else 8
    bar, gap, label_h = 14, 4, 18
    group_h = label_h + len(series) * (bar + gap) + 10
    height = top + group_h * len(labels) + 4
    biggest = max((v for s in series for v in s.values if v is not None and v > 0), default=1.0)
    span = WIDTH - 80
    parts: list[str] = []
    if len(series) > 1:
        for i, s in enumerate(series):
            x, y = 4 + (i % 2) * 215, 6 + 20 * (i // 2)
            parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{SERIES_COLOURS[i]}"/>'
                         f'<text x="{x + 18}" y="{y + 11}">{escape(s.name)}</text>')
    words: list[str] = []
    for row, label in enumerate(labels):
        y = top + row * group_h
        parts.append(f'<text x="4" y="{y + 13}" font-weight="700">{escape(_shorten(label))}</text>')
        said: list[str] = []
        for i, s in enumerate(series):
            value = s.values[row]
            by = y + label_h + i * (bar + gap)
            if value is None:
                parts.append(f'<text x="4" y="{by + 11}">{escape(s.name)}: chưa có số liệu</text>')
                said.append(f"{s.name} chưa có số liệu")
                continue
            w = max(1.0, span * max(value, 0) / biggest)
            parts.append(f'<rect x="4" y="{by}" width="{w:.1f}" height="{bar}" fill="{SERIES_COLOURS[i]}"/>'
                         f'<text x="{w + 10:.1f}" y="{by + 11}">{format_amount(value)}</text>')
            said.append(f"{s.name} {format_amount(value)}" if len(series) > 1 else format_amount(value))
        words.append(f"{label}: {', '.join(said)}")
    desc = f"Đơn vị: {unit}. " + "; ".join(words) + "."
    return _svg(chart_id, title, desc, height, "".join(parts))


def _svg(chart_id: str, title: str, desc: str, height: int, body: str) -> Markup:
    """Wrap chart parts in an accessible, scalable SVG."""
    return Markup(
        f'<svg class="ck-chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'font-family="sans-serif" font-size="14" fill="{TEXT}">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _shorten(label: str, limit: int = 55) -> str:
    """Keep a bar's label on one line of the chart (the table beside it has the full text)."""
    label = label.lstrip("–- ").strip()
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# --- Disclosure tables ----------------------------------------------------------------------------


COUNT_UNIT = re.compile(r"\((người|hộ|lượt|suất|phần quà)\)")


def _is_amount_column(header: str, table_title: str) -> bool:
    """Say whether a column holds money ("đồng" in its header or the table's title, not a rate) or a
    count with its unit in brackets, as support lists give them ("Hộ nghèo (hộ)")."""
    head = fold(header)
    if COUNT_UNIT.search(header):
        return True
    if any(word in head for word in ("%", "ty le", "stt", "so ho", "so nguoi", "/")):
        return False
    return "dong" in head.split() or "dong)" in head or ("dong" in fold(table_title) and "so luong" not in head)


def table_chart(table: Table, chart_id: str) -> Markup | None:
    """Draw a disclosure table of amounts as bars, or None when it has no amount column to draw."""
    title = table.title or ""
    columns = [i for i, head in enumerate(table.columns) if _is_amount_column(head, title)]
    columns = [i for i in columns if sum(parse_amount(row[i]) is not None for row in table.rows) >= 2][:3]
    label_col = next((i for i in range(len(table.columns)) if i not in columns
                      and sum(parse_amount(r[i]) is None and bool(r[i]) for r in table.rows) * 2 > len(table.rows)), None)
    if not columns or label_col is None:
        return None
    rows = [r for r in table.rows if any(parse_amount(r[i]) is not None for i in columns)]
    if len(rows) < 2:
        return None
    unit = table_unit(title, [table.columns[i] for i in columns])
    series = [Series(table.columns[i], tuple(parse_amount(r[i]) for r in rows)) for i in columns]
    heading = f"Biểu đồ: {title}" if title else "Biểu đồ số liệu"
    return bar_chart(chart_id, heading, [str(r[label_col]) for r in rows], series, unit)


def table_unit(title: str, headers: list[str]) -> str:  # noqa: D401
    """Find the unit of a table's amounts, e.g. "triệu đồng", from its title or headers."""
    for text in [*headers, title]:
        found = re.search(r"\(([^()]*đồng[^()]*)\)", text)
        if found:
            return found.group(1)
    counts = list(dict.fromkeys(m.group(1) for h in headers if (m := COUNT_UNIT.search(h))))
    return ", ".join(counts) + " (ghi ở tên từng cột)" if len(counts) > 1 else (counts[0] if counts else "đồng")


# --- Compliance -----------------------------------------------------------------------------------

CELL_STATES = {  # state: (label, symbol, fill, text colour)
    "on_time": ("Đúng hạn", "✓", "#1b6e3a", "#fff"),
    "late": ("Trễ hạn", "!", "#8a5a00", "#fff"),
    "missing": ("Còn thiếu", "✗", "#b71c1c", "#fff"),
    "none": ("Chưa có thông tin", "–", "#f0f0f0", TEXT),
}


def category_state(published: int, on_time: int, late: int, missing: int) -> str:
    """Sum one category up as a single state: anything missing first, then anything late."""
    if missing:
        return "missing"
    if late:
        return "late"
    return "on_time" if published or on_time else "none"


def compliance_cells(chart_id: str, cells: list[tuple[int, str, str]]) -> Markup:
    """Draw the 14 Article 11 categories as a row of cells (two rows of 7), each with its number and symbol."""
    size, gap, per_row = 56, 6, 7
    rows = (len(cells) + per_row - 1) // per_row
    legend_y = rows * (size + gap) + 8
    parts: list[str] = []
    words: list[str] = []
    for index, (number, name, state) in enumerate(cells):
        label, symbol, fill, ink = CELL_STATES[state]
        x, y = 4 + (index % per_row) * (size + gap), 4 + (index // per_row) * (size + gap)
        parts.append(f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" stroke="#4d4d4d"/>'
                     f'<text x="{x + size / 2:.0f}" y="{y + 24}" text-anchor="middle" font-size="18" font-weight="700" fill="{ink}">{number}</text>'
                     f'<text x="{x + size / 2:.0f}" y="{y + 46}" text-anchor="middle" font-size="18" fill="{ink}">{symbol}</text>')
        words.append(f"mục {number} ({name}): {label.lower()}")
    for i, (label, symbol, fill, ink) in enumerate(CELL_STATES.values()):
        x, ly = 4 + (i % 2) * 215, legend_y + (i // 2) * 26
        parts.append(f'<rect x="{x}" y="{ly}" width="20" height="20" rx="3" fill="{fill}" stroke="#4d4d4d"/>'
                     f'<text x="{x + 10}" y="{ly + 15}" text-anchor="middle" fill="{ink}">{symbol}</text>'
                     f'<text x="{x + 26}" y="{ly + 15}">{label}</text>')
    height = legend_y + 54
    desc = "; ".join(words) + "."
    return _svg(chart_id, "Tình hình công khai theo 14 mục của Điều 11", desc[0].upper() + desc[1:], height, "".join(parts))


def compliance_chart(chart_id: str, categories: list[CategorySummary]) -> Markup:
    """Draw the compliance report's 14 categories as cells: on time, late, missing or nothing yet."""
    return compliance_cells(chart_id, [(c.number, c.name, category_state(c.published, c.on_time, c.late, c.missing)) for c in categories])
