"""Load and cross-check all of data/ into one Portal, or collect every problem and stop."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import mimetypes
import os
import re
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from .. import paths
from ..domain.rules import load_rules, merge_rules
from ..domain.vocabulary import short_date
from ..legal_text.body import parse_body
from ..legal_text.encoding import ImportProblem
from .body_check import check_body, check_table_rows
from .fingerprint import content_hash, ledger_fingerprints
from .models import ID_RE, Consultation, Disclosure, Document, Site
from .parsed import FileResult, ParsedFiles, check_records
from .portal import FileInfo, Portal
from .problems import DataProblems, Problem
from .schedule import hold_back_scheduled
from .screening import public_numbers, screen_record
from .shares import here
from .sources import RawRecord, dotted_field, find_data_files, load_file, stray_files
from .suggestions import IdGuesses
from .unit_check import check_unit
from .validate import validate_record
from .ward_rules import check_ward_rules

PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")  # logo and map, shown on the pages
FILE_LABELS = {".svg": "Ảnh SVG", ".webp": "Ảnh WebP", ".pdf": "PDF", ".docx": "Word", ".doc": "Word", ".xlsx": "Excel", ".xls": "Excel", ".odt": "ODT", ".ods": "ODS", ".png": "Ảnh PNG", ".jpg": "Ảnh JPEG", ".jpeg": "Ảnh JPEG", ".zip": "ZIP", ".csv": "CSV"}


def load_portal(project: Path, today: dt.date, parsed: ParsedFiles | None = None, elsewhere=here) -> Portal:
    """Read, validate and cross-check data/; raise DataProblems listing everything wrong.

    `parsed` keeps each file's reading and validation between loads (the live preview's); without
    it every file is read afresh. `elsewhere` may read a share of the files in another process
    (ParsedFiles.read_all; data/shares.py)."""
    with _collector_paused():
        return _load_portal(project, today, parsed, elsewhere)


@contextmanager
def _collector_paused():
    """Pause Python's cycle collector while loading: a load makes hundreds of thousands of
    containers (nodes, records, lines, models) and keeps nearly all, so the collector's passes
    over them, each time enough had been allocated, found nothing and cost a sixth of loading.
    Reference counting still frees what a load drops; the few cycles it leaves (caught
    exceptions) are collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_portal(project: Path, today: dt.date, parsed: ParsedFiles | None, elsewhere) -> Portal:
    data_dir = project / "data"
    parsed = parsed if parsed is not None else ParsedFiles()
    parsed.start()
    problems: list[Problem] = stray_files(data_dir)
    site, site_record = _load_site(data_dir, problems)
    allowed = public_numbers(site_record.data) if site_record is not None else frozenset()
    rules = _rules(data_dir, problems)
    records: list[RawRecord] = []
    results: list[FileResult] = []
    unreadable_documents = False
    files = [(path, _shown(project, path), kind) for kind, data_files in find_data_files(data_dir).items() for path in data_files]
    seen = {(shown, kind) for _, shown, kind in files}
    for (_, _, kind), result in zip(files, parsed.read_all(files, allowed, elsewhere)):
        results.append(result)
        records += result.records
        problems += result.problems
        unreadable_documents |= kind == "document" and not result.records and bool(result.problems)
    parsed.forget_missing(seen)
    models: dict[str, list[tuple[RawRecord, object]]] = {"document": [], "disclosure": [], "consultation": []}
    expansions: dict[int, tuple[FileResult, int]] = {}
    for result in results:
        for index, (record, (record_problems, model)) in enumerate(zip(result.records, check_records(result, allowed))):
            problems += record_problems
            if model is not None:
                models[record.kind].append((record, model))
                expansions[id(record)] = (result, index)
    published = ledger_fingerprints(data_dir / "da-dang.json")
    documents = _index(models["document"], "văn bản", problems, published)
    # A document that failed to load is still "known", so its references are not reported twice;
    # when a document file could not be parsed at all, references are checked on the next run.
    known = _RefIndex(documents, {r.data.get("id") for r in records if r.kind == "document" and isinstance(r.data, dict) and isinstance(r.data.get("id"), str)}, unreadable_documents)
    disclosures = _index(models["disclosure"], "thông tin công khai", problems, published)
    consultations = _index(models["consultation"], "đợt lấy ý kiến", problems, published)
    files: dict[str, FileInfo] = {}
    if site is not None and site_record is not None:
        problems += _check_emblem(site_record, site, data_dir, files)
        problems += _check_pictures(site_record, site, data_dir, files)
    for record, model in models["document"] + models["disclosure"]:
        problems += _check_attachments(record, model, data_dir, files)
    for record, doc in models["document"]:
        problems += _check_document(record, doc, known)
    problems += _check_duplicate_numbers(models["document"])
    for record, item in models["disclosure"]:
        problems += _check_disclosure(record, item, known)
    for record, item in models["consultation"]:
        problems += _check_consultation(record, item, known)
    problems += _check_published_paths(models["document"] + models["disclosure"])
    notes: list[Problem] = []
    disclosures, consultations = hold_back_scheduled(models, disclosures, consultations, today, problems, notes)
    records_of = {model.id: record for record, model in models["document"]}
    if not problems:
        documents = {key: _expand_cached(records_of[key], doc, notes, problems, expansions) for key, doc in documents.items()}
    if problems or site is None:
        raise DataProblems(problems)
    return Portal(
        site=site,
        documents=dict(sorted(documents.items(), key=lambda kv: _doc_sort_key(kv[1]))),
        disclosures=dict(sorted(disclosures.items(), key=lambda kv: (-kv[1].published_on.toordinal(), kv[0]))),
        consultations=dict(sorted(consultations.items(), key=lambda kv: (-kv[1].opens_on.toordinal(), kv[0]))),
        files=dict(sorted(files.items())),
        rules=rules,
        today=today,
        sources={(r.kind, m.id): r.path for r, m in models["document"] + models["disclosure"] + models["consultation"]},
        key_lines={(r.kind, m.id): {loc[0]: line for loc, line in r.lines.items() if len(loc) == 1} for r, m in models["document"] + models["disclosure"] + models["consultation"]},
        notes=sorted(notes),
    )


class _RefIndex(dict):
    """The valid documents, plus the ids of documents that failed validation."""

    def __init__(self, documents: dict, raw_ids: set, unreadable: bool):
        super().__init__(documents)
        self.raw_ids = raw_ids
        self.unreadable = unreadable
        self.guesses = IdGuesses(documents)  # "có phải ý bạn là …?" with bounded work (suggestions.py)

    def known(self, ref: str) -> bool:
        return ref in self or ref in self.raw_ids or self.unreadable


def _expand_cached(record: RawRecord, doc: Document, notes: list[Problem], problems: list[Problem],
                   expansions: dict[int, tuple[FileResult, int]]) -> Document:
    """_expand_body, reusing what it gave for the same validated document in an earlier load."""
    result, index = expansions[id(record)]
    kept = result.expanded.get(index)
    if kept is None or kept[0] is not doc:
        found_notes: list[Problem] = []
        found_problems: list[Problem] = []
        kept = (doc, _expand_body(record, doc, found_notes, found_problems), found_notes, found_problems)
        result.expanded[index] = kept
    notes += kept[2]
    problems += kept[3]
    return kept[1]


def _expand_body(record: RawRecord, doc: Document, notes: list[Problem], problems: list[Problem]) -> Document:
    """Turn a body given as plain text into articles, clauses and points with the importer's parser.

    What the parser had to guess (an article out of order, a line it could not place) becomes a
    note for the clerk: the page is still built, as the text was written."""
    if not doc.body_text:
        return doc
    try:
        body, warnings = parse_body(doc.body_text)
    except ImportProblem as error:
        problems.append(Problem(record.path, record.line_of(("body_text",)) + (error.line or 0), "body_text", error.message))
        return doc
    # body_text is written as a block (`body_text: |`): its first line is the line after the key.
    first = record.line_of(("body_text",))
    notes += [Problem(record.path, first + warning.line, "body_text", warning.message) for warning in warnings]
    try:
        return Document.model_validate({**doc.model_dump(exclude={"body_text"}), **body, "body_text": doc.body_text})
    except ValidationError as error:
        # What the parser read does not fit the model (it should not happen): say where, never crash.
        detail = error.errors()[0]
        problems.append(Problem(record.path, first, "body_text", f"không tách được toàn văn thành điều, khoản, điểm ({'.'.join(map(str, detail['loc']))}: {detail['msg']}).",
                                "Cách sửa: kiểm tra cách đánh số điều, khoản, điểm trong body_text; hoặc nhập văn bản bằng `congkhai import`."))
        return doc


def _rules(data_dir: Path, problems: list[Problem]) -> dict:
    """Merge the ward's own data/rules.yaml (its disclosure plan, Art. 14(1)) over the packaged rules."""
    path = data_dir / "rules.yaml"
    records, file_problems = load_file(path, "data/rules.yaml", "rules") if path.is_file() else ([], [])
    problems += file_problems
    if records:
        problems += screen_record(records[0])
        problems += check_ward_rules(records[0], load_rules())
    ward = records[0].data if records else None
    return merge_rules(load_rules(), ward if isinstance(ward, dict) else None)


def _doc_sort_key(doc: Document) -> tuple:
    """Sort newest first; drafts without a date come first, then by id."""
    return (-(doc.adopted_on.toordinal() if doc.adopted_on else 10**7), doc.id)


def _shown(project: Path, path: Path) -> str:
    """Name a file the way the clerk sees it in the repository."""
    text, root = str(path), str(project) + os.sep
    if text.startswith(root) and os.sep == "/":
        return text[len(root):]  # what relative_to gives, without its cost (2,000 files on each preview save)
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


def _load_site(data_dir: Path, problems: list[Problem]) -> tuple[Site | None, RawRecord | None]:
    """Load data/site.yaml, which every site needs; return the model and its record (for line numbers)."""
    path = data_dir / "site.yaml"
    shown = "data/site.yaml"
    if not path.is_file():
        problems.append(Problem(shown, 1, None, "không tìm thấy tệp thông tin đơn vị.", "Cách sửa: tạo data/site.yaml theo mẫu trong README (tên, loại, mã đơn vị, tỉnh, địa chỉ, base_url)."))
        return None, None
    records, file_problems = load_file(path, shown, "site")
    problems += file_problems
    if not records:
        if not file_problems:
            problems.append(Problem(shown, 1, None, "tệp trống.", "Cách sửa: điền thông tin đơn vị theo mẫu trong README."))
        return None, None
    problems += screen_record(records[0], public_numbers(records[0].data))
    model, record_problems = validate_record(records[0])
    problems += record_problems
    if model is not None:
        problems += check_unit(records[0], model)  # type: ignore[arg-type]
    return model, records[0]  # type: ignore[return-value]


def _index(pairs: list[tuple[RawRecord, object]], label: str, problems: list[Problem], published: dict[str, str]) -> dict:
    """Key models by id, reporting ids used twice against the copy, never the published original."""
    by_id: dict[str, list[tuple[RawRecord, object]]] = {}
    for record, model in pairs:
        by_id.setdefault(model.id, []).append((record, model))  # type: ignore[attr-defined]
    result: dict = {}
    for ident, group in by_id.items():
        if len(group) == 1:
            result[ident] = group[0][1]
            continue
        # Which of two records an id means is unknown, so neither is cross-checked against the other data.
        original = _original(ident, group, published)
        first = group[original][0]
        for index, (record, model) in enumerate(group):
            if index == original:
                continue
            stem = PurePosixPath(record.path).stem
            free = stem if ID_RE.match(stem) and stem not in by_id else None
            was = "đã đăng" if f"{record.kind}/{ident}" in published else "khác"
            problems.append(Problem(
                record.path, record.line_of(("id",)), "id",
                f'mã "{ident}" đã được dùng cho {label} {was} ở {first.path}, dòng {first.line_of(("id",))}; tệp này có vẻ được sao chép từ tệp đó.',
                f'Cách sửa: đổi mã ở tệp này (không phải ở {first.path}: mã đã đăng không được đổi)'
                + (f', ví dụ `id: {free}` theo tên tệp.' if free else ", thành một mã mới chưa dùng."),
            ))
    return result


def _original(ident: str, group: list[tuple[RawRecord, object]], published: dict[str, str]) -> int:
    """Pick the record an id belongs to: the one the ledger fingerprinted, else the file named after it, else the first."""
    recorded = published.get(f"{group[0][0].kind}/{ident}")
    if recorded:
        leave_out = frozenset({"results"}) if group[0][0].kind == "consultation" else frozenset()
        for index, (_, model) in enumerate(group):
            if content_hash(model, leave_out) == recorded:  # type: ignore[arg-type]
                return index
    for index, (record, _) in enumerate(group):
        if PurePosixPath(record.path).stem == ident:
            return index
    return 0


def _check_attachments(record: RawRecord, model, data_dir: Path, files: dict[str, FileInfo]) -> list[Problem]:
    """Check each attachment lies inside data/ and exists; record size, type and SHA-256."""
    problems = []
    for index, attachment in enumerate(model.attachments):
        problems += _check_file(record, ("attachments", index, "file"), "attachments.file", attachment.file, data_dir, files)
    return problems


def _check_published_paths(pairs: list) -> list[Problem]:
    """Refuse two attachments that would be published at one address (the page would state a wrong SHA-256)."""
    problems = []
    seen: dict[str, str] = {}
    for record, model in pairs:
        for index, attachment in enumerate(model.attachments):
            rel = attachment.file.replace("\\", "/")
            target = paths.attachment_file(str(PurePosixPath(rel))).casefold()
            if seen.setdefault(target, rel) != rel:
                problems.append(Problem(record.path, record.line_of(("attachments", index, "file")), "attachments.file",
                                        f'"{attachment.file}" và "{seen[target]}" là hai tệp khác nhau nhưng được đăng cùng một địa chỉ.',
                                        "Cách sửa: đặt mọi tệp đính kèm trong data/tep/ và đặt tên khác nhau (không chỉ khác chữ hoa, chữ thường)."))
    return problems


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def _check_emblem(record: RawRecord, site: Site, data_dir: Path, files: dict[str, FileInfo]) -> list[Problem]:
    """Check the unit's emblem (the link-preview image) is a PNG or JPEG file inside data/."""
    if not site.emblem:
        return []
    if PurePosixPath(site.emblem).suffix.lower() not in IMAGE_SUFFIXES:
        return [Problem(record.path, record.line_of(("emblem",)), "emblem", f'"{site.emblem}" không phải ảnh PNG hoặc JPG.', "Cách sửa: dùng tệp ảnh .png hoặc .jpg, ví dụ tep/bieu-trung.png.")]
    return _check_file(record, ("emblem",), "emblem", site.emblem, data_dir, files)


def _check_pictures(record: RawRecord, site: Site, data_dir: Path, files: dict[str, FileInfo]) -> list[Problem]:
    """Check the logo and the map named in site.yaml are image files inside data/."""
    problems: list[Problem] = []
    pictures = [(("logo",), "logo", site.logo)] + ([(("about", "map"), "about.map", site.about.map)] if site.about else [])
    for loc, field, value in pictures:
        if not value:
            continue
        if PurePosixPath(value).suffix.lower() not in PICTURE_SUFFIXES:
            problems.append(Problem(record.path, record.line_of(loc), field, f'"{value}" không phải tệp ảnh.', "Cách sửa: dùng ảnh " + ", ".join(x.lstrip(".").upper() for x in PICTURE_SUFFIXES) + "."))
            continue
        problems += _check_file(record, loc, field, value, data_dir, files)
    return problems


def _check_file(record: RawRecord, loc: tuple, field: str, value: str, data_dir: Path, files: dict[str, FileInfo]) -> list[Problem]:
    """Check one file named in a record lies inside data/ and exists; record size, type and SHA-256."""
    root = data_dir.resolve()
    line = record.line_of(loc)
    rel = value.replace("\\", "/")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or rel.startswith("~") or re.match(r"^[A-Za-z]:", rel):
        return [Problem(record.path, line, field, f'"{value}" trỏ ra ngoài thư mục data/.', "Cách sửa: đặt tệp trong data/tep/ và ghi đường dẫn tính từ data/, ví dụ tep/2025/nq-12.pdf.")]
    target = (data_dir / pure).resolve()
    if not target.is_relative_to(root):
        return [Problem(record.path, line, field, f'"{value}" trỏ ra ngoài thư mục data/.', "Cách sửa: đặt tệp trong data/tep/ và ghi đường dẫn tính từ data/.")]
    if pure.suffix.lower() in (".yaml", ".yml", ".md"):
        return [Problem(record.path, line, field, f'"{value}" là tệp dữ liệu, không phải tệp đính kèm.', "Cách sửa: đính kèm tệp PDF, Word, Excel hoặc ảnh.")]
    if not target.is_file():
        return [Problem(record.path, line, field, f'không tìm thấy tệp "{value}".', "Cách sửa: tải tệp lên đúng đường dẫn trong data/, hoặc sửa lại tên tệp (phân biệt chữ hoa, chữ thường).")]
    if rel not in files:
        files[rel] = _file_info(rel, target)
    return []


def _file_info(rel: str, target: Path) -> FileInfo:
    """Measure one attachment."""
    digest = hashlib.sha256()
    with target.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    suffix = target.suffix.lower()
    media_type = mimetypes.types_map.get(suffix, "application/octet-stream")
    if suffix == ".docx":
        media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return FileInfo(rel, target.stat().st_size, digest.hexdigest(), media_type, FILE_LABELS.get(suffix, suffix.lstrip(".").upper() or "Tệp"))


def _check_document(record: RawRecord, doc: Document, documents: _RefIndex) -> list[Problem]:
    """Check a document's dates and references."""
    problems = []
    if doc.status == "adopted" and doc.adopted_on is None:
        problems.append(Problem(record.path, record.line_of(("status",)), "adopted_on", "văn bản đã thông qua/ban hành nhưng thiếu ngày thông qua.", "Cách sửa: thêm `adopted_on: YYYY-MM-DD`, hoặc ghi `status: draft` nếu đây là dự thảo."))
    if doc.effective_on and doc.adopted_on and doc.effective_on < doc.adopted_on:
        problems.append(Problem(record.path, record.line_of(("effective_on",)), "effective_on", f"ngày có hiệu lực {doc.effective_on.isoformat()} trước ngày thông qua {doc.adopted_on.isoformat()}.", "Cách sửa: kiểm tra lại hai ngày; văn bản không thể có hiệu lực trước khi được thông qua."))
    if doc.expires_on and doc.effective_on and doc.expires_on < doc.effective_on:
        problems.append(Problem(record.path, record.line_of(("expires_on",)), "expires_on", "ngày hết hiệu lực trước ngày có hiệu lực.", "Cách sửa: kiểm tra lại hai ngày."))
    if doc.body_text and (doc.all_articles() or doc.sections):
        what = "articles" if doc.all_articles() else "sections"
        problems.append(Problem(record.path, record.line_of(("body_text",)), "body_text", f"văn bản có cả body_text và {what}.", f"Cách sửa: chỉ giữ một trong hai: toàn văn (body_text) hoặc {'các điều (articles)' if what == 'articles' else 'các mục (sections)'}."))
    problems += check_body(record, doc)
    for key in ("related", "amends", "replaces", "repeals"):
        for index, ref in enumerate(getattr(doc, key)):
            problems += _missing_ref(record, (key, index), ref, documents, doc.id)
    for index, basis in enumerate(doc.legal_bases):
        if basis.document:
            problems += _missing_ref(record, ("legal_bases", index, "document"), basis.document, documents, doc.id)
    return problems


def _missing_ref(record: RawRecord, loc: tuple, ref: str, documents: _RefIndex, own_id: str | None = None) -> list[Problem]:
    """Report a reference to a document id that does not exist."""

    if ref == own_id:
        return [Problem(record.path, record.line_of(loc), dotted_field(loc), f'văn bản tự trỏ tới chính nó ("{ref}").', "Cách sửa: ghi mã của văn bản khác.")]
    if documents.known(ref):
        return []
    hint = documents.guesses.hint(ref)
    return [Problem(record.path, record.line_of(loc), dotted_field(loc), f'không có văn bản nào mang mã "{ref}".', hint)]


def _check_duplicate_numbers(pairs: list[tuple[RawRecord, Document]]) -> list[Problem]:
    """Report two documents with the same number, year and issuer."""
    seen: dict[tuple, RawRecord] = {}
    problems = []
    for record, doc in pairs:
        if not doc.number:
            continue
        key = (doc.number.replace(" ", "").upper(), doc.year, doc.issuer.casefold())
        if key in seen:
            first = seen[key]
            problems.append(Problem(record.path, record.line_of(("number",)), "number", f'số "{doc.number}" năm {doc.year} của {doc.issuer} đã có ở {first.path}.', "Cách sửa: kiểm tra lại số văn bản; mỗi số chỉ dùng một lần trong năm."))
        else:
            seen[key] = record
    return problems


def _check_disclosure(record: RawRecord, item: Disclosure, documents: _RefIndex) -> list[Problem]:
    """Check a disclosure's reference and dates."""
    problems = []
    if item.document:
        problems += _missing_ref(record, ("document",), item.document, documents)
    elif item.external_document is None:
        problems.append(Problem(record.path, record.start_line, "document", "thiếu văn bản được công khai.", "Cách sửa: ghi `document: <mã văn bản trong data/>` hoặc nhóm `external_document:` với số, ngày, cơ quan ban hành và trích yếu."))
    decided = item.decided_on or (documents[item.document].adopted_on if item.document in documents else None)
    if decided and item.published_on < decided:
        problems.append(Problem(record.path, record.line_of(("published_on",)), "published_on", f"ngày đăng {item.published_on.isoformat()} trước ngày ban hành văn bản {decided.isoformat()}.", "Cách sửa: kiểm tra lại ngày đăng và ngày ban hành."))
    if item.posted_from and item.posted_until and item.posted_until < item.posted_from:
        problems.append(Problem(record.path, record.line_of(("posted_until",)), "posted_until", "ngày kết thúc niêm yết trước ngày bắt đầu.", "Cách sửa: kiểm tra lại posted_from và posted_until."))
    problems += _check_broadcast(record, item)
    for index, table in enumerate(item.tables):
        problems += check_table_rows(record, ("tables", index), table)
    return problems


def _check_broadcast(record: RawRecord, item: Disclosure) -> list[Problem]:
    """Check the loudspeaker broadcast period: both ends, in order, and the form that it records."""
    start, until = item.broadcast_from, item.broadcast_until
    if start is None and until is None:
        return []
    problems = []
    if until is None:
        problems.append(Problem(record.path, record.line_of(("broadcast_from",)), "broadcast_until", "có ngày bắt đầu thông báo trên hệ thống loa nhưng thiếu ngày kết thúc.", "Cách sửa: thêm dòng `broadcast_until: YYYY-MM-DD` (ngày cuối cùng thông báo trên loa, tính cả ngày này)."))
    elif start is None:
        problems.append(Problem(record.path, record.line_of(("broadcast_until",)), "broadcast_from", "có ngày kết thúc thông báo trên hệ thống loa nhưng thiếu ngày bắt đầu.", "Cách sửa: thêm dòng `broadcast_from: YYYY-MM-DD` (ngày đầu tiên thông báo trên loa)."))
    elif until < start:
        problems.append(Problem(record.path, record.line_of(("broadcast_until",)), "broadcast_until", f"ngày kết thúc thông báo trên hệ thống loa {until.isoformat()} trước ngày bắt đầu {start.isoformat()}.", "Cách sửa: kiểm tra lại broadcast_from và broadcast_until."))
    if "loudspeaker" not in item.forms:
        # The register publishes each item's forms (Law 10/2022 Art. 13(2)): it must not contradict the dates.
        forms = ", ".join([*item.forms, "loudspeaker"])
        line = record.line_of(("forms",) if "forms" in record.data else ("broadcast_from" if start else "broadcast_until",))
        problems.append(Problem(record.path, line, "forms", "có thời gian thông báo trên hệ thống loa nhưng forms không ghi hình thức loudspeaker.", f"Cách sửa: ghi `forms: [{forms}]`; nếu không thông báo trên loa, xóa broadcast_from và broadcast_until."))
    return problems


def _check_consultation(record: RawRecord, item: Consultation, documents: _RefIndex) -> list[Problem]:
    """Check a consultation's draft reference and dates."""
    problems = _missing_ref(record, ("draft",), item.draft, documents)
    if item.closes_on < item.opens_on:
        problems.append(Problem(record.path, record.line_of(("closes_on",)), "closes_on", "ngày kết thúc lấy ý kiến trước ngày bắt đầu.", "Cách sửa: kiểm tra lại opens_on và closes_on."))
    if item.results and item.results.published_on < item.closes_on:
        problems.append(Problem(
            record.path, record.line_of(("results", "published_on")), "results.published_on",
            f"kết quả được công bố ngày {short_date(item.results.published_on)}, trước khi kết thúc lấy ý kiến ({short_date(item.closes_on)}).",
            "Cách sửa: kiểm tra lại results.published_on và closes_on; kết quả chỉ công bố sau khi đã hết hạn lấy ý kiến.",
        ))
    if item.results and item.results.document:
        problems += _missing_ref(record, ("results", "document"), item.results.document, documents)
    return problems
