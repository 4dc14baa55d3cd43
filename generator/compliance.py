"""Compute whether a ward disclosed what it had to, on time: a pure report from the Portal and its rules.

Everything depends on `portal.today` and `portal.rules` only, never on the real clock, so the same
data and date always give the same report (the page, the JSON and the terminal text agree).
"""

from __future__ import annotations

import calendar as _calendar
import copy
import datetime as dt
from dataclasses import dataclass, fields

from .models import Consultation, Disclosure
from .portal import Portal
from .vocabulary import short_date
from .workdays import add_working_days, next_working_day, working_days_between

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_LABEL = {ERROR: "Vi phạm", WARNING: "Cần bổ sung", INFO: "Lưu ý"}
LAW = "Luật 10/2022/QH15"

# --- Rules --------------------------------------------------------------------------------------

# A list whose items are all mappings with one of these keys is merged item by item on that key.
_IDENTITY_KEYS = ("number", "months", "key", "id", "date")


def merge_rules(packaged: dict, ward: dict | None) -> dict:
    """Merge a ward's data/rules.yaml over the packaged rules without changing either."""
    merged = copy.deepcopy(packaged)
    if not ward:
        return merged
    return _merge_value(merged, copy.deepcopy(ward))


def _merge_value(base: object, extra: object) -> object:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge_value(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return _merge_lists(base, extra)
    return extra


def _merge_lists(base: list, extra: list) -> list:
    items = base + extra
    key = next(
        (k for k in _IDENTITY_KEYS if items and all(isinstance(i, dict) and k in i for i in items)), None
    )
    merged = list(base)
    if key is None:  # plain values (e.g. make-up working days): extend, without duplicates
        merged.extend(item for item in extra if item not in base)
        return merged
    where = {item[key]: index for index, item in enumerate(merged)}
    for item in extra:
        if item[key] in where:
            merged[where[item[key]]] = _merge_value(merged[where[item[key]]], item)
        else:
            where[item[key]] = len(merged)
            merged.append(item)
    return merged


def _value(rules: dict, name: str, default: object) -> object:
    """Return deadlines.<name>.value, or a default when the rules lack it."""
    entry = (rules.get("deadlines") or {}).get(name)
    return entry.get("value", default) if isinstance(entry, dict) else default


def _source(rules: dict, name: str) -> str:
    entry = (rules.get("deadlines") or {}).get(name)
    return entry.get("source", "") if isinstance(entry, dict) else ""


def deadline(rules: dict, name: str, default: object) -> tuple[object, str]:
    """Return (value, legal source) of one deadline rule, as the checks use it."""
    return _value(rules, name, default), _source(rules, name)


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem or remark, in Vietnamese, about a disclosure, a budget report or a consultation."""

    kind: str  # late, missing, posting_too_short, broadcast_too_short, village_heads_missing, ...
    severity: str  # error (the law was not met), warning (something to add), info
    message: str
    subject: str  # "disclosure" | "budget" | "consultation"
    subject_id: str  # disclosure id, consultation id, or budget obligation key
    category: int | None = None
    due_on: dt.date | None = None
    on: dt.date | None = None  # the date the finding is about (published, closed …)


@dataclass(frozen=True)
class DisclosureCheck:
    """Timing and posting of one published disclosure."""

    id: str
    category: int
    title: str
    published_on: dt.date
    trigger_on: dt.date | None  # decided_on, the document's adopted_on, or the period end
    due_on: dt.date | None
    deadline: str  # the rule in words, e.g. "5 ngày làm việc kể từ ngày ban hành"
    deadline_source: str
    on_time: bool | None  # None: no trigger date, so no deadline
    working_days_late: int
    posted_from: dt.date | None
    posted_until: dt.date | None
    posted_days: int | None  # consecutive days on the notice board, both ends counted
    posting_required: str | None  # "30_days" | "permanent" | None
    posting_ok: bool | None  # None: not recorded or still running
    loudspeaker_required: bool
    loudspeaker_ok: bool | None  # loudspeaker listed in forms; None: not required
    broadcast_from: dt.date | None
    broadcast_until: dt.date | None
    broadcast_days: int | None  # consecutive days on the loudspeakers, both ends counted
    broadcast_ok: bool | None  # None: not required or not recorded
    village_heads_ok: bool | None  # village_heads listed in forms; None: not required


@dataclass(frozen=True)
class Obligation:
    """One recurring budget report expected for a budget year."""

    key: str  # e.g. "2025-execution-3"
    kind: str  # estimate_decided | execution | final_accounts …
    year: int
    months: int | None
    label: str
    scheme: str | None
    due_on: dt.date
    state: str  # published | missing | upcoming
    disclosure_id: str | None
    on_time: bool | None


@dataclass(frozen=True)
class CategorySummary:
    """Counts for one Article 11 item and a sentence saying them in plain Vietnamese."""

    number: int
    name: str
    group: str
    published: int
    on_time: int
    late: int
    undetermined: int
    missing: int
    upcoming: int
    sentence: str


@dataclass(frozen=True)
class ConsultationCheck:
    """Duration and results of one consultation."""

    id: str
    title: str
    opens_on: dt.date
    closes_on: dt.date
    duration_days: int  # both ends counted
    min_days: int
    state: str  # upcoming | open | closed
    days_left: int | None  # closes_on - today while open
    results_due_on: dt.date
    results_published_on: dt.date | None
    results_state: str  # not_due | awaiting | overdue | published | published_late


@dataclass(frozen=True)
class ComplianceReport:
    """Everything the accountability page, the JSON and the terminal report show."""

    today: dt.date
    summary: str
    disclosures: list[DisclosureCheck]
    obligations: list[Obligation]
    categories: list[CategorySummary]
    consultations: list[ConsultationCheck]
    findings: list[Finding]


# --- Dates --------------------------------------------------------------------------------------


def _calendar_days(start: dt.date, days: int, rules: dict) -> dt.date:
    """Add calendar days; a last day on a day off moves to the next working day (Civil Code)."""
    due = start + dt.timedelta(days=days)
    return next_working_day(due, rules.get("calendar")) if _value(rules, "roll_to_working_day", True) else due


def _relative_date(year: int, spec: dict) -> dt.date:
    return dt.date(year + int(spec.get("year_offset", 0)), int(spec["month"]), int(spec["day"]))


def _period_end(year: int, months: int) -> dt.date:
    return dt.date(year, months, _calendar.monthrange(year, months)[1])


def _consecutive_days(start: dt.date | None, until: dt.date | None) -> int | None:
    """Count the days of a period, both ends included (10/11 to 12/11 is 3 days); None if open."""
    return (until - start).days + 1 if start and until else None


# --- Budget rules -------------------------------------------------------------------------------


def _budget(rules: dict) -> dict:
    return rules.get("budget") or {}


def _scheme(rules: dict, year: int) -> tuple[str | None, dict]:
    """Return the period scheme that applies to a budget year."""
    schemes = _budget(rules).get("schemes") or {}
    best: tuple[str | None, dict] = (None, {})
    for name, scheme in sorted(schemes.items(), key=lambda kv: (kv[1].get("years") or {}).get("from") or 0):
        years = scheme.get("years") or {}
        start, until = years.get("from") or 0, years.get("until")
        if start <= year and (until is None or year <= until):
            return name, scheme
        if best[0] is None or start <= year:
            best = (name, scheme)
    return best


def _period_rule(rules: dict, year: int, months: int) -> tuple[str | None, dict]:
    name, scheme = _scheme(rules, year)
    for period in scheme.get("execution") or []:
        if period.get("months") == months:
            return name, period
    return name, {}


def _package(rules: dict, kind: str, year: int) -> dict:
    """Return one budget package's rule for a budget year, the year's scheme overriding the default."""
    package = dict((_budget(rules).get("packages") or {}).get(kind) or {})
    package.update((_scheme(rules, year)[1].get("packages") or {}).get(kind) or {})
    return package


def _budget_label(rules: dict, kind: str, year: int, months: int | None) -> str:
    package = _package(rules, kind, year)
    label = package.get("label", kind)
    if kind == "execution":
        period_label = _period_rule(rules, year, months or 12)[1].get("label", f"{months} tháng")
        return f"{label} {period_label} {year}" if period_label == "năm" else f"{label} {period_label} năm {year}"
    return f"{label} năm {year}"


def _budget_source(rules: dict, year: int) -> str:
    """Cite the budget law and circular that apply to a budget year."""
    return _scheme(rules, year)[1].get("source") or _budget(rules).get("source", "")


def _budget_due(rules: dict, kind: str, year: int, months: int | None, trigger: dt.date | None):
    """Return (trigger, due, rule in words) for one budget package; trigger None if unknown."""
    cal = rules.get("calendar")
    package = _package(rules, kind, year)
    if kind == "execution":
        period = _period_rule(rules, year, months or 12)[1]
        if "days_after_period_end" in period:
            end = _period_end(year, months or 12)
            days = int(period["days_after_period_end"])
            return end, _calendar_days(end, days, rules), f"{days} ngày sau khi kết thúc kỳ báo cáo"
        if trigger is None:
            return None, None, "khi trình Hội đồng nhân dân"
        return trigger, next_working_day(trigger, cal), "khi trình Hội đồng nhân dân"
    if trigger is None:
        return None, None, ""
    if "days" in package:
        days = int(package["days"])
        return trigger, _calendar_days(trigger, days, rules), f"{days} ngày"
    n = int(package.get("working_days", _value(rules, "disclose_working_days", 5)))
    return trigger, add_working_days(trigger, n, cal), f"{n} ngày làm việc"


def _expected_due(rules: dict, kind: str, year: int, months: int | None) -> dt.date | None:
    """Return when an unpublished recurring report becomes overdue."""
    package = _package(rules, kind, year)
    spec = package.get("expected_by")
    if kind == "execution":
        period = _period_rule(rules, year, months or 12)[1]
        if "days_after_period_end" in period:
            return _budget_due(rules, kind, year, months, None)[1]
        spec = period.get("expected_by")
    if not spec:
        return None
    return _budget_due(rules, kind, year, months, _relative_date(year, spec))[1]


# --- Disclosures --------------------------------------------------------------------------------


def _trigger(disclosure: Disclosure, portal: Portal) -> dt.date | None:
    """Return the date the disclosure's clock starts: its decision, else its document's adoption."""
    if disclosure.decided_on:
        return disclosure.decided_on
    document = portal.documents.get(disclosure.document or "")
    if document and document.adopted_on:
        return document.adopted_on
    if disclosure.external_document and disclosure.external_document.date:
        return disclosure.external_document.date
    return None


def _categories(rules: dict) -> dict[int, dict]:
    return {int(c["number"]): c for c in rules.get("categories") or []}


def _check_disclosure(disclosure: Disclosure, portal: Portal, findings: list[Finding]) -> DisclosureCheck:
    rules, cal = portal.rules, portal.rules.get("calendar")
    category = _categories(rules).get(disclosure.category, {})
    decided = _trigger(disclosure, portal)
    period = disclosure.period if disclosure.category == 2 else None
    if period is not None:
        trigger, due, rule = _budget_due(rules, period.kind, period.year, period.months, decided)
        source = _budget_source(rules, period.year)
    else:
        n = int(_value(rules, "disclose_working_days", 5))
        trigger, rule, source = decided, f"{n} ngày làm việc", _source(rules, "disclose_working_days")
        due = add_working_days(decided, n, cal) if decided else None
    on_time, late_by = None, 0
    add = findings.append
    title = f"Thông tin “{disclosure.title}”"
    if due is None:
        add(Finding("no_deadline", INFO, f"{title} chưa ghi ngày ban hành (decided_on) nên chưa tính được hạn công khai.",
                    "disclosure", disclosure.id, disclosure.category, None, disclosure.published_on))
    else:
        on_time = disclosure.published_on <= due
        if not on_time:
            late_by = max(1, working_days_between(due, disclosure.published_on, cal))
            add(Finding("late", ERROR,
                        f"{title} đăng ngày {short_date(disclosure.published_on)}, trễ {late_by} ngày làm việc "
                        f"so với hạn {short_date(due)} ({rule}, {source}).",
                        "disclosure", disclosure.id, disclosure.category, due, disclosure.published_on))
    required, posted_days, posting_ok = _check_posting(disclosure, category, portal.rules, findings)
    loud_required = bool(category.get("loudspeaker"))
    loud_ok, broadcast_days, broadcast_ok, heads_ok = _check_loudspeaker(disclosure, loud_required, rules, findings)
    return DisclosureCheck(
        disclosure.id, disclosure.category, disclosure.title, disclosure.published_on, trigger, due, rule, source,
        on_time, late_by, disclosure.posted_from, disclosure.posted_until, posted_days, required, posting_ok,
        loud_required, loud_ok, disclosure.broadcast_from, disclosure.broadcast_until, broadcast_days, broadcast_ok,
        heads_ok,
    )


@dataclass(frozen=True)
class _Period:
    """A form of disclosure kept up for consecutive days: how it is worded and the rule on its length."""

    verb: str  # "{title} niêm yết từ … đến …"
    rule: str  # deadlines key of the minimum number of consecutive days
    default: int
    too_short: str  # finding kind


POSTING = _Period("niêm yết", "notice_board_days_group_a", 30, "posting_too_short")
BROADCAST = _Period("thông báo trên hệ thống loa", "loudspeaker_days", 3, "broadcast_too_short")


def _long_enough(period: _Period, disclosure: Disclosure, start: dt.date, until: dt.date, rules: dict,
                 findings: list[Finding]) -> bool:
    """Tell whether a recorded period lasts the minimum consecutive days; record a finding if not."""
    days = _consecutive_days(start, until)
    minimum = int(_value(rules, period.rule, period.default))
    if days is not None and days < minimum:
        findings.append(Finding(
            period.too_short, ERROR,
            f"Thông tin “{disclosure.title}” {period.verb} từ {short_date(start)} đến {short_date(until)} "
            f"({days} ngày), ít hơn {minimum} ngày liên tục theo {_source(rules, period.rule)}.",
            "disclosure", disclosure.id, disclosure.category, None, start))
        return False
    return True


def _check_posting(disclosure: Disclosure, category: dict, rules: dict, findings: list[Finding]):
    """Return (requirement, consecutive days, met?) for the notice-board posting."""
    group = category.get("group")
    required = {"A": "30_days", "B": "permanent"}.get(group)
    start, until = disclosure.posted_from, disclosure.posted_until
    days = _consecutive_days(start, until)
    source = _source(rules, "notice_board_days_group_a")
    title = f"Thông tin “{disclosure.title}”"

    def add(kind: str, severity: str, message: str) -> None:
        findings.append(Finding(kind, severity, message, "disclosure", disclosure.id, disclosure.category,
                                None, start or disclosure.published_on))

    if required is None:
        return None, days, None
    if start is None:
        add("posting_not_recorded", WARNING,
            f"{title} chưa ghi ngày niêm yết tại trụ sở (posted_from); mục {disclosure.category} phải niêm yết "
            + ("ít nhất {} ngày liên tục".format(_value(rules, "notice_board_days_group_a", 30)) if required == "30_days"
               else "thường xuyên") + f" ({source}).")
        return required, None, None
    if required == "permanent":
        if until is not None:
            add("posting_not_permanent", ERROR,
                f"{title} thuộc mục {disclosure.category} phải niêm yết thường xuyên ({source}) "
                f"nhưng ghi ngày kết thúc niêm yết {short_date(until)}.")
            return required, days, False
        return required, None, True
    if days is None:
        return required, None, True
    return required, days, _long_enough(POSTING, disclosure, start, until, rules, findings)


def _check_loudspeaker(disclosure: Disclosure, required: bool, rules: dict, findings: list[Finding]):
    """Return (loudspeaker listed?, broadcast days, broadcast long enough?, village heads listed?) for items 7–12."""
    start, until = disclosure.broadcast_from, disclosure.broadcast_until
    days = _consecutive_days(start, until)
    if not required:
        return None, days, None, None
    title = f"Thông tin “{disclosure.title}”"
    minimum, source = deadline(rules, "loudspeaker_days", 3)

    def add(kind: str, message: str) -> None:
        findings.append(Finding(kind, WARNING, message, "disclosure", disclosure.id, disclosure.category,
                                None, start or disclosure.published_on))

    listed, broadcast_ok = "loudspeaker" in disclosure.forms, None
    if not listed:
        add("loudspeaker_missing",
            f"{title} thuộc mục {disclosure.category} nên phải thông báo trên hệ thống loa ít nhất {minimum} ngày "
            f"liên tục ({source}); chưa ghi hình thức loudspeaker trong forms.")
    elif days is None:
        add("broadcast_not_recorded",
            f"{title} chưa ghi thời gian thông báo trên hệ thống loa (broadcast_from, broadcast_until); "
            f"mục {disclosure.category} phải thông báo trên hệ thống loa ít nhất {minimum} ngày liên tục ({source}).")
    else:
        broadcast_ok = _long_enough(BROADCAST, disclosure, start, until, rules, findings)
    heads_ok = None
    heads_required, heads_source = deadline(rules, "village_heads", True)
    if heads_required:
        heads_ok = "village_heads" in disclosure.forms
        if not heads_ok:
            add("village_heads_missing",
                f"{title} thuộc mục {disclosure.category} nên phải thông báo đến trưởng thôn, tổ trưởng tổ dân phố "
                f"({heads_source}); chưa ghi hình thức village_heads trong forms.")
    return listed, days, broadcast_ok, heads_ok


# --- Budget obligations -------------------------------------------------------------------------


def _budget_years(portal: Portal, published: list[Disclosure]) -> range:
    start = _budget(portal.rules).get("start_year")
    if start is None:
        # Final accounts of year Y are a duty of year Y+1: they do not make year Y a checked year.
        years = [d.period.year + (d.period.kind == "final_accounts") for d in published if d.category == 2 and d.period]
        years = years or [d.published_on.year for d in published]
        start = min(years) if years else portal.today.year
    return range(int(start), portal.today.year + 1)


def _obligations(portal: Portal, published: list[Disclosure], checks: dict[str, DisclosureCheck],
                 findings: list[Finding]) -> list[Obligation]:
    rules = portal.rules
    packages = _budget(rules).get("packages") or {}
    wanted: list[tuple[str, int, int | None]] = []
    for year in _budget_years(portal, published):
        for kind, package in packages.items():
            if not package.get("recurring"):
                continue
            if kind == "execution":
                periods = _scheme(rules, year)[1].get("execution") or []
                wanted.extend((kind, year, int(p["months"])) for p in periods)
            elif package.get("concerns") == "previous_year":
                wanted.append((kind, year - 1, None))
            else:
                wanted.append((kind, year, None))
    found: dict[tuple[str, int, int | None], Disclosure] = {}
    for d in sorted(published, key=lambda d: (d.published_on, d.id)):
        if d.category == 2 and d.period:
            months = (d.period.months or 12) if d.period.kind == "execution" else None
            found.setdefault((d.period.kind, d.period.year, months), d)
    result = []
    for kind, year, months in wanted:
        key = f"{year}-{kind}" + (f"-{months}" if months else "")
        label = _budget_label(rules, kind, year, months)
        disclosure = found.get((kind, year, months))
        if disclosure is not None:
            check = checks[disclosure.id]
            due = check.due_on or _expected_due(rules, kind, year, months)
            state, on_time, ident = "published", check.on_time, disclosure.id
        else:
            due = _expected_due(rules, kind, year, months)
            if due is None:
                continue
            state, on_time, ident = ("missing" if due < portal.today else "upcoming"), None, None
        if due is None:
            continue
        if state == "missing":
            findings.append(Finding(
                "missing", ERROR,
                f"Chưa công khai {label[0].lower() + label[1:]}; hạn công khai là {short_date(due)} "
                f"({_budget_source(rules, year)}).",
                "budget", key, 2, due, None))
        result.append(Obligation(key, kind, year, months, label, _scheme(rules, year)[0], due, state, ident, on_time))
    return sorted(result, key=lambda o: (o.due_on, o.key))


# --- Consultations ------------------------------------------------------------------------------


def _check_consultation(item: Consultation, portal: Portal, findings: list[Finding]) -> ConsultationCheck:
    rules, today = portal.rules, portal.today
    minimum = int(_value(rules, "consultation_min_days", 20))
    duration = (item.closes_on - item.opens_on).days + 1
    state = "upcoming" if today < item.opens_on else "open" if today <= item.closes_on else "closed"
    n = int(_value(rules, "consultation_results_working_days", 5))
    results_due = add_working_days(item.closes_on, n, rules.get("calendar"))
    title = f"Đợt lấy ý kiến “{item.title}”"

    def add(kind: str, severity: str, message: str, due: dt.date | None, on: dt.date) -> None:
        findings.append(Finding(kind, severity, message, "consultation", item.id, 11, due, on))

    if duration < minimum:
        add("consultation_too_short", ERROR,
            f"{title} từ {short_date(item.opens_on)} đến {short_date(item.closes_on)} chỉ {duration} ngày, "
            f"ngắn hơn {minimum} ngày tối thiểu theo {_source(rules, 'consultation_min_days')}.",
            None, item.opens_on)
    published = item.results.published_on if item.results and item.results.published_on <= today else None
    if published is not None:
        results_state = "published" if published <= results_due else "published_late"
        if results_state == "published_late":
            late = max(1, working_days_between(results_due, published, rules.get("calendar")))
            add("results_late", WARNING,
                f"{title}: kết quả tổng hợp ý kiến công bố ngày {short_date(published)}, trễ {late} ngày làm việc "
                f"so với hạn {short_date(results_due)} ({n} ngày làm việc sau khi kết thúc, "
                f"{_source(rules, 'consultation_results_working_days')}).", results_due, published)
    elif state != "closed":
        results_state = "not_due"
    elif today <= results_due:
        results_state = "awaiting"
    else:
        results_state = "overdue"
        add("results_overdue", ERROR,
            f"{title} đã kết thúc ngày {short_date(item.closes_on)} nhưng chưa công bố kết quả tổng hợp ý kiến "
            f"và giải trình việc tiếp thu (hạn {short_date(results_due)}, "
            f"{_source(rules, 'consultation_results_working_days')}).", results_due, item.closes_on)
    days_left = (item.closes_on - today).days if state == "open" else None
    return ConsultationCheck(item.id, item.title, item.opens_on, item.closes_on, duration, minimum, state, days_left,
                             results_due, published, results_state)


# --- The report ---------------------------------------------------------------------------------


def _category_summary(number: int, category: dict, checks: list[DisclosureCheck],
                      obligations: list[Obligation]) -> CategorySummary:
    own = [c for c in checks if c.category == number]
    on_time = sum(1 for c in own if c.on_time is True)
    late = sum(1 for c in own if c.on_time is False)
    undetermined = sum(1 for c in own if c.on_time is None)
    missing = sum(1 for o in obligations if o.state == "missing") if number == 2 else 0
    upcoming = sum(1 for o in obligations if o.state == "upcoming") if number == 2 else 0
    name = category.get("name", "")
    if not own:
        sentence = "Chưa có thông tin nào được công khai"
    else:
        parts = [f"{count} {label}" for count, label in
                 ((on_time, "đúng hạn"), (late, "trễ hạn"), (undetermined, "chưa xác định được hạn")) if count]
        if on_time == len(own):
            parts = ["tất cả đúng hạn"]
        sentence = f"Đã công khai {len(own)} thông tin, " + ", ".join(parts)
    if missing:
        sentence += f"; còn {missing} báo cáo đã quá hạn mà chưa công khai"
    sentence = f"Mục {number} ({name}): {sentence}."
    return CategorySummary(number, name, str(category.get("group", "")), len(own), on_time, late, undetermined,
                           missing, upcoming, sentence)


def compute_compliance(portal: Portal) -> ComplianceReport:
    """Check every published disclosure, recurring budget report and consultation against the rules."""
    findings: list[Finding] = []
    published = [d for d in portal.disclosures.values() if d.published_on <= portal.today]
    checks = {d.id: _check_disclosure(d, portal, findings) for d in published}
    obligations = _obligations(portal, published, checks, findings)
    consultations = [_check_consultation(c, portal, findings)
                     for c in sorted(portal.consultations.values(), key=lambda c: (c.opens_on, c.id))]
    ordered = sorted(checks.values(), key=lambda c: (-c.published_on.toordinal(), c.id))
    categories = [_category_summary(n, c, ordered, obligations) for n, c in sorted(_categories(portal.rules).items())]
    findings.sort(key=lambda f: (SEVERITY_RANK.get(f.severity, 9), f.due_on or f.on or dt.date.min,
                                 f.subject, f.subject_id, f.kind))
    return ComplianceReport(portal.today, _overall(portal.today, ordered, obligations, findings), ordered,
                            obligations, categories, consultations, findings)


def _overall(today: dt.date, checks: list[DisclosureCheck], obligations: list[Obligation],
             findings: list[Finding]) -> str:
    late = sum(1 for c in checks if c.on_time is False)
    on_time = sum(1 for c in checks if c.on_time is True)
    missing = sum(1 for o in obligations if o.state == "missing")
    errors = sum(1 for f in findings if f.severity == ERROR)
    text = (f"Tính đến ngày {short_date(today)}: đã công khai {len(checks)} thông tin, {on_time} đúng hạn, "
            f"{late} trễ hạn; {missing} báo cáo ngân sách đã quá hạn mà chưa công khai")
    return text + (f"; {errors} vi phạm cần khắc phục." if errors else "; không có vi phạm.")


# --- Output -------------------------------------------------------------------------------------


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _jsonable(getattr(value, f.name)) for f in sorted(fields(value), key=lambda f: f.name)}
    return value


def report_to_json(report: ComplianceReport) -> dict:
    """Return the report as plain JSON data: ISO dates, keys sorted, lists in report order."""
    return _jsonable(report)  # type: ignore[return-value]


_OBLIGATION_STATE = {"published": "đã công khai", "missing": "CHƯA CÔNG KHAI", "upcoming": "chưa đến hạn"}
_RESULTS_STATE = {
    "not_due": "chưa đến lúc công bố kết quả", "awaiting": "đang tổng hợp kết quả",
    "overdue": "CHƯA CÔNG BỐ KẾT QUẢ (quá hạn)", "published": "đã công bố kết quả",
    "published_late": "đã công bố kết quả (trễ hạn)",
}


def format_report(report: ComplianceReport) -> str:
    """Write the report as Vietnamese text for the terminal."""
    lines = [f"BÁO CÁO THỰC HIỆN CÔNG KHAI THÔNG TIN (tính đến ngày {short_date(report.today)})", report.summary, "",
             f"Theo 14 mục của Điều 11 {LAW}:"]
    lines += [f"  {c.sentence}" for c in report.categories]
    if report.obligations:
        lines += ["", "Báo cáo ngân sách định kỳ:"]
        for o in report.obligations:
            timing = "" if o.on_time is None else (", đúng hạn" if o.on_time else ", trễ hạn")
            lines.append(f"  - {o.label}: hạn {short_date(o.due_on)}, {_OBLIGATION_STATE[o.state]}{timing}.")
    if report.consultations:
        lines += ["", "Lấy ý kiến Nhân dân:"]
        for c in report.consultations:
            left = "hôm nay là ngày cuối" if c.days_left == 0 else f"còn {c.days_left} ngày"
            when = {"upcoming": "chưa bắt đầu", "closed": "đã kết thúc", "open": f"đang lấy ý kiến, {left}"}[c.state]
            lines.append(f"  - {c.title}: từ {short_date(c.opens_on)} đến {short_date(c.closes_on)} "
                         f"({c.duration_days} ngày), {when}; {_RESULTS_STATE[c.results_state]}.")
    lines += [""]
    if report.findings:
        lines.append(f"Các vấn đề cần xem ({len(report.findings)}):")
        lines += [f"  [{SEVERITY_LABEL[f.severity]}] {f.message}" for f in report.findings]
    else:
        lines.append("Không có vấn đề nào cần xem.")
    return "\n".join(lines) + "\n"
