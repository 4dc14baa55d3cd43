"""Scheduled publishing: an item dated after today is held back until the first build on that date."""

from __future__ import annotations

import datetime as dt

from ..domain.vocabulary import short_date
from .problems import Problem

MAX_AHEAD = dt.timedelta(days=366)


def hold_back_scheduled(models: dict, disclosures: dict, consultations: dict, today: dt.date,
                        problems: list[Problem], notes: list[Problem]) -> tuple[dict, dict]:
    """Remove disclosures and consultation results dated after today; refuse dates over a year ahead.

    A held item is on no page, feed, search index or list; `check` and `build` say when it will be
    published, and the daily build on or after that date publishes it."""
    records = {("disclosure", m.id): r for r, m in models["disclosure"]} | {("consultation", m.id): r for r, m in models["consultation"]}
    kept_disclosures = {}
    for key, item in disclosures.items():
        record = records[("disclosure", key)]
        if _held(record, ("published_on",), item.published_on, today, problems, notes, f"Thông tin “{item.title}”"):
            continue
        kept_disclosures[key] = item
    kept_consultations = {}
    for key, item in consultations.items():
        record = records[("consultation", key)]
        if item.results and _held(record, ("results", "published_on"), item.results.published_on, today, problems, notes, f"Kết quả lấy ý kiến “{item.title}”"):
            item = item.model_copy(update={"results": None})
        kept_consultations[key] = item
    return kept_disclosures, kept_consultations


def _held(record, loc: tuple, day: dt.date, today: dt.date, problems: list[Problem], notes: list[Problem], what: str) -> bool:
    """Tell whether an item waits for its date; report it as a note, or as a problem when it is a probable typo."""
    if day <= today:
        return False
    field = ".".join(loc)
    if day - today > MAX_AHEAD:
        problems.append(Problem(
            record.path, record.line_of(loc), field,
            f"ngày đăng {short_date(day)} cách hôm nay ({short_date(today)}) hơn một năm, có lẽ gõ nhầm năm.",
            f"Cách sửa: kiểm tra lại năm, ví dụ {day.replace(year=today.year).isoformat() if _valid(day, today.year) else today.isoformat()}; "
            "muốn hẹn ngày đăng thì ghi ngày trong vòng một năm tới.",
        ))
        return True
    notes.append(Problem(
        record.path, record.line_of(loc), field,
        f"{what} hẹn đăng ngày {short_date(day)}: chưa đăng lần này (không có trên trang, kênh tin, tìm kiếm); "
        f"lần dựng trang đầu tiên từ ngày {short_date(day)} sẽ đăng.",
    ))
    return True


def _valid(day: dt.date, year: int) -> bool:
    try:
        day.replace(year=year)
    except ValueError:
        return False
    return True
