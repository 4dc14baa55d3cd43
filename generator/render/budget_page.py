"""The budget page: per year, the estimate against execution at 3, 6, 9 and 12 months and the final
accounts, read from the budget disclosures' tables (item 2 of Art. 11) and drawn as a chart."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..data.models import Disclosure, Table
from ..data.portal import Portal
from ..domain.vocabulary import fold
from .charts import Series, bar_chart, parse_amount, table_unit

LINES = (("thu", "Tổng thu ngân sách"), ("chi", "Tổng chi ngân sách"))
STAGES = (("estimate", "Dự toán"), (3, "3 tháng"), (6, "6 tháng"), (9, "9 tháng"), (12, "Cả năm"), ("final", "Quyết toán"))


@dataclass
class BudgetYear:
    """One budget year's totals: {stage: {line: amount}} and the disclosure each stage came from."""

    year: int
    figures: dict[object, dict[str, float]] = field(default_factory=dict)
    sources: dict[object, Disclosure] = field(default_factory=dict)

    @property
    def unit(self) -> str:
        """The unit the year's tables are written in, e.g. "triệu đồng"."""
        first = next(iter(self.sources.values()))
        return table_unit(first.tables[0].title or "", first.tables[0].columns)

    def chart(self) -> Markup:
        """Draw the year: one group per total, one bar per published stage (missing ones said so)."""
        stages = [(key, name) for key, name in STAGES if key in self.figures or key in ("estimate", 3, 6, 9, 12)]
        series = [Series(name, tuple(self.figures.get(key, {}).get(line) for line, _ in LINES)) for key, name in stages]
        labels = [f"{label} {self.year}" for _, label in LINES]
        return bar_chart(f"ngan-sach-{self.year}", f"Dự toán và thực hiện ngân sách năm {self.year}", labels, series, self.unit)


def budget_years(portal: Portal) -> list[BudgetYear]:
    """Collect the totals of every budget disclosure by year, newest year first."""
    years: dict[int, BudgetYear] = {}
    ordered = sorted(portal.disclosures.values(), key=lambda d: (d.published_on, d.id))
    for item in ordered:
        period = item.period
        if period is None or not item.tables:
            continue
        stage = {"estimate_submitted": "estimate", "estimate_decided": "estimate", "final_accounts": "final"}.get(period.kind, period.months)
        if stage is None:
            continue
        totals = _totals(item.tables[0], executed=period.kind == "execution")
        if not totals:
            continue
        if period.kind == "estimate_submitted" and "estimate" in years.get(period.year, BudgetYear(period.year)).sources:
            continue  # the decided estimate wins over the one submitted
        year = years.setdefault(period.year, BudgetYear(period.year))
        year.figures[stage] = totals
        year.sources[stage] = item
    return [years[y] for y in sorted(years, reverse=True)]


def _totals(table: Table, executed: bool) -> dict[str, float]:
    """Find the total revenue and spending rows of a budget table and the column to read."""
    heads = [fold(h) for h in table.columns]
    amount_cols = [i for i in range(len(heads)) if sum(parse_amount(r[i]) is not None for r in table.rows) and "ty le" not in heads[i] and "stt" != heads[i]]
    if not amount_cols:
        return {}
    column = next((i for i in amount_cols if "thuc hien" in heads[i]), None) if executed else amount_cols[-1]
    if column is None:
        return {}
    found: dict[str, float] = {}
    for row in table.rows:
        label = " ".join(fold(str(c)) for c in row if parse_amount(c) is None and c)
        for line, _ in LINES:
            if f"tong {line} ngan sach" in label and "tren dia ban" not in label and line not in found:
                value = parse_amount(row[column])
                if value is not None:
                    found[line] = value
    return found
