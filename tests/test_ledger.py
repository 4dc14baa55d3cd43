"""The published ledger: new items recorded, silent edits refused, noted edits accepted."""

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from generator.data.models import (
    ChangeNote,
    Consultation,
    ConsultationResult,
    Disclosure,
    Document,
    Site,
)
from generator.data.portal import Portal
from generator.domain.rules import load_rules, merge_rules
from generator.law.ledger import (
    LedgerError,
    check_silent_edits,
    content_hash,
    empty_ledger,
    format_ledger,
    load_ledger,
    update_ledger,
    write_ledger,
)

D = dt.date
FIXTURES = Path(__file__).parent / "fixtures" / "accountability"
SITE = Site(name="Bách Quang", unit_type="phuong", unit_code="05500", province="Thái Nguyên",
            address="Phường Bách Quang", base_url="https://bachquang.example.vn/")

RESOLUTION = Document(id="nq-05", type="nghi_quyet", number="05/2025/NQ-HĐND", issuer="Hội đồng nhân dân phường Bách Quang",
                      title="Về dự toán ngân sách năm 2025", adopted_on=D(2025, 1, 10), effective_on_adoption=True)
DRAFT = Document(id="du-thao-quy-che", type="quy_che", issuer="Ủy ban nhân dân phường Bách Quang",
                 title="Quy chế thực hiện dân chủ", status="draft")
ESTIMATE = Disclosure(id="du-toan-2025", category=2, title="Dự toán ngân sách năm 2025", document="nq-05",
                      published_on=D(2025, 1, 15), summary="Tổng thu 12,5 tỷ đồng.")
LATER = Disclosure(id="sap-dang", category=1, title="Kế hoạch năm 2026", published_on=D(2025, 12, 20))
TALK = Consultation(id="quy-che", title="Lấy ý kiến dự thảo Quy chế thực hiện dân chủ", draft="du-thao-quy-che",
                    matter="Quy chế thực hiện dân chủ ở cơ sở (Điều 25 Luật 10/2022/QH15)", opens_on=D(2025, 1, 20),
                    closes_on=D(2025, 2, 10), email="gopy@example.invalid")
RESULTS = ConsultationResult(published_on=D(2025, 2, 17), summary="Có 12 ý kiến góp ý.",
                             explanation="Tiếp thu 10 ý kiến; 2 ý kiến không phù hợp quy định.")
CLOSED = TALK.model_copy(update={"results": RESULTS})
TALK_SOURCE = "data/lay-y-kien/quy-che.yaml"


def portal(today, documents=(RESOLUTION, DRAFT), disclosures=(ESTIMATE, LATER), consultations=()):
    return Portal(site=SITE, documents={d.id: d for d in documents}, disclosures={d.id: d for d in disclosures},
                  consultations={c.id: c for c in consultations}, files={}, rules=merge_rules(load_rules(), None), today=today,
                  sources={("disclosure", "du-toan-2025"): "data/cong-khai/2025/du-toan-2025.yaml",
                           ("consultation", "quy-che"): TALK_SOURCE})


def recorded():
    return update_ledger(portal(D(2025, 2, 1)), empty_ledger())


def test_new_items_recorded_drafts_and_future_ones_left_out():
    ledger = recorded()
    assert sorted(ledger["items"]) == ["disclosure/du-toan-2025", "document/nq-05"]
    assert ledger["items"]["disclosure/du-toan-2025"] == {
        "changes": 0, "recorded_on": "2025-01-15", "sha256": content_hash(ESTIMATE)}
    assert format_ledger(ledger) == (FIXTURES / "da-dang.json").read_text(encoding="utf-8")
    assert check_silent_edits(portal(D(2025, 2, 1)), ledger) == []


def test_content_hash_is_canonical_and_leaves_out_change_notes():
    noted = ESTIMATE.model_copy(update={"changes": [ChangeNote(date=D(2025, 2, 3), what="x", why="y")]})
    assert content_hash(noted) == content_hash(ESTIMATE)
    # Writing a default value out does not change the content.
    assert content_hash(ESTIMATE.model_copy(update={"illustrative": False})) == content_hash(ESTIMATE)
    assert content_hash(ESTIMATE.model_copy(update={"summary": "Tổng thu 12,6 tỷ đồng."})) != content_hash(ESTIMATE)
    # Canonical form: defaults left out, keys sorted, no spaces, UTF-8.
    canonical = ('{"category":2,"document":"nq-05","id":"du-toan-2025","published_on":"2025-01-15",'
                 '"summary":"Tổng thu 12,5 tỷ đồng.","title":"Dự toán ngân sách năm 2025"}')
    assert content_hash(ESTIMATE) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert content_hash(ESTIMATE) == "b355ada92c650d39300f09b1379c9c73ef535cbd5493cf56d83e6a13725727ba"


def test_silent_edit_refused():
    ledger = recorded()
    edited = ESTIMATE.model_copy(update={"summary": "Tổng thu 12,6 tỷ đồng."})
    p = portal(D(2025, 3, 1), disclosures=(edited, LATER))
    [problem] = check_silent_edits(p, ledger)
    assert (problem.kind, problem.id, problem.problem, problem.recorded_changes, problem.current_changes) == (
        "disclosure", "du-toan-2025", "edited", 0, 0)
    assert problem.recorded_sha256 == content_hash(ESTIMATE)
    assert problem.current_sha256 == content_hash(edited)
    assert problem.message == (
        "data/cong-khai/2025/du-toan-2025.yaml: Thông tin công khai “Dự toán ngân sách năm 2025” (mã du-toan-2025) "
        "đã đăng nhưng nội dung đã bị sửa mà không có ghi chú thay đổi.\n"
        "  Cách sửa: thêm vào cuối trường \"changes\" một mục ghi ngày sửa (ngày từ 15/01/2025 trở đi), "
        "nội dung đã sửa và lý do, ví dụ:\n"
        "    changes:\n"
        "      - date: 2025-03-01\n"
        "        what: \"Sửa …\"\n"
        "        why: \"Vì …\"")
    # The ledger keeps what was published: running update does not launder the edit.
    assert update_ledger(p, ledger) == ledger


def test_noted_edit_accepted_and_recorded():
    ledger = recorded()
    note = ChangeNote(date=D(2025, 2, 20), what="Sửa tổng thu thành 12,6 tỷ đồng.", why="Nhập sai số liệu.")
    edited = ESTIMATE.model_copy(update={"summary": "Tổng thu 12,6 tỷ đồng.", "changes": [note]})
    p = portal(D(2025, 3, 1), disclosures=(edited, LATER))
    assert check_silent_edits(p, ledger) == []
    updated = update_ledger(p, ledger)
    assert updated["items"]["disclosure/du-toan-2025"] == {
        "changes": 1, "recorded_on": "2025-02-20", "sha256": content_hash(edited)}
    assert updated["items"]["document/nq-05"] == ledger["items"]["document/nq-05"]
    # A second edit needs a second note: the first one is used up.
    again = edited.model_copy(update={"summary": "Tổng thu 12,7 tỷ đồng."})
    assert [e.problem for e in check_silent_edits(portal(D(2025, 3, 2), disclosures=(again,)), updated)] == ["edited"]


def test_note_dated_before_the_recorded_version_is_refused():
    ledger = recorded()
    old = ChangeNote(date=D(2025, 1, 2), what="Sửa tổng thu.", why="Nhập sai.")
    edited = ESTIMATE.model_copy(update={"summary": "Khác.", "changes": [old]})
    [problem] = check_silent_edits(portal(D(2025, 3, 1), disclosures=(edited, LATER)), ledger)
    assert problem.problem == "edited"


def test_removed_item_and_deleted_notes():
    ledger = recorded()
    p = portal(D(2025, 3, 1), documents=(DRAFT,), disclosures=(ESTIMATE,))
    [removed] = check_silent_edits(p, ledger)
    assert (removed.kind, removed.id, removed.problem, removed.current_sha256) == ("document", "nq-05", "removed", None)
    assert removed.message == (
        "Văn bản mã nq-05 đã đăng nhưng nay không còn trong data/ hoặc đã bị dời ngày đăng.\n"
        "  Cách sửa: khôi phục dữ liệu của mục này; thông tin đã công khai không được gỡ hay sửa âm thầm. "
            "Muốn gỡ thì giữ tệp và thêm `withdrawn:` (date: ngày gỡ, why: lý do).")
    assert "document/nq-05" in update_ledger(p, ledger)["items"]  # never dropped silently
    noted = ESTIMATE.model_copy(update={"changes": [ChangeNote(date=D(2025, 2, 1), what="a", why="b")]})
    with_note = update_ledger(portal(D(2025, 3, 1), disclosures=(noted,)), ledger)
    assert with_note["items"]["disclosure/du-toan-2025"]["changes"] == 1
    [stripped] = check_silent_edits(portal(D(2025, 3, 2)), with_note)
    assert (stripped.id, stripped.problem) == ("du-toan-2025", "notes_removed")


def test_load_and_write(tmp_path):
    assert load_ledger(tmp_path / "da-dang.json") == empty_ledger()
    write_ledger(tmp_path / "da-dang.json", recorded())
    assert load_ledger(tmp_path / "da-dang.json") == recorded()
    assert (tmp_path / "da-dang.json").read_text(encoding="utf-8").endswith("}\n")
    (tmp_path / "hong.json").write_text("{", encoding="utf-8")
    with pytest.raises(LedgerError) as error:
        load_ledger(tmp_path / "hong.json")
    assert str(error.value).endswith(
        "  Cách sửa: khôi phục tệp từ lịch sử git (git checkout -- data/da-dang.json); không sửa tay tệp này.")


def _edit_message(name: str, since: str, today: str) -> str:
    return (f"{TALK_SOURCE}: {name} “Lấy ý kiến dự thảo Quy chế thực hiện dân chủ” (mã quy-che) "
            "đã đăng nhưng nội dung đã bị sửa mà không có ghi chú thay đổi.\n"
            f"  Cách sửa: thêm vào cuối trường \"changes\" một mục ghi ngày sửa (ngày từ {since} trở đi), "
            "nội dung đã sửa và lý do, ví dụ:\n"
            "    changes:\n"
            f"      - date: {today}\n"
            "        what: \"Sửa …\"\n"
            "        why: \"Vì …\"")


def test_consultation_opening_is_recorded_once_it_opens_without_its_results():
    assert "consultation/quy-che" not in update_ledger(portal(D(2025, 1, 19), consultations=(TALK,)), empty_ledger())["items"]
    ledger = update_ledger(portal(D(2025, 2, 1), consultations=(TALK,)), empty_ledger())
    assert ledger["items"]["consultation/quy-che"] == {
        "changes": 0, "recorded_on": "2025-01-20", "sha256": content_hash(TALK, frozenset({"results"}))}
    assert "consultation_results/quy-che" not in ledger["items"]
    # The opening's fingerprint leaves the results out; the results have their own.
    assert content_hash(CLOSED, frozenset({"results"})) == content_hash(TALK) != content_hash(CLOSED)


def test_consultation_results_published_later_need_no_change_note():
    ledger = update_ledger(portal(D(2025, 2, 1), consultations=(TALK,)), empty_ledger())
    later = portal(D(2025, 2, 20), consultations=(CLOSED,))
    assert check_silent_edits(later, ledger) == []
    updated = update_ledger(later, ledger)
    assert updated["items"]["consultation/quy-che"] == ledger["items"]["consultation/quy-che"]
    assert updated["items"]["consultation_results/quy-che"] == {
        "changes": 0, "recorded_on": "2025-02-17", "sha256": content_hash(RESULTS)}
    # Results dated after today are not published yet, so not recorded either.
    assert "consultation_results/quy-che" not in update_ledger(portal(D(2025, 2, 16), consultations=(CLOSED,)), ledger)["items"]


def test_changed_published_consultation_results_refused_until_noted():
    ledger = update_ledger(portal(D(2025, 2, 20), consultations=(CLOSED,)), empty_ledger())
    edited = CLOSED.model_copy(update={"results": RESULTS.model_copy(update={"explanation": "Tiếp thu 12 ý kiến."})})
    p = portal(D(2025, 3, 1), consultations=(edited,))
    [problem] = check_silent_edits(p, ledger)
    assert (problem.kind, problem.id, problem.problem, problem.source) == ("consultation_results", "quy-che", "edited", TALK_SOURCE)
    assert problem.message == _edit_message("Kết quả của đợt lấy ý kiến", "17/02/2025", "2025-03-01")
    assert update_ledger(p, ledger) == ledger  # not laundered
    # A note dated before the results were published does not cover them.
    early = ChangeNote(date=D(2025, 2, 1), what="Sửa giải trình.", why="Ghi thiếu.")
    assert [e.kind for e in check_silent_edits(portal(D(2025, 3, 1), consultations=(edited.model_copy(update={"changes": [early]}),)), ledger)] == ["consultation_results"]
    note = ChangeNote(date=D(2025, 2, 25), what="Sửa số ý kiến được tiếp thu.", why="Tổng hợp thiếu 2 phiếu.")
    noted = edited.model_copy(update={"changes": [note]})
    p = portal(D(2025, 3, 1), consultations=(noted,))
    assert check_silent_edits(p, ledger) == []
    updated = update_ledger(p, ledger)
    assert updated["items"]["consultation_results/quy-che"] == {
        "changes": 1, "recorded_on": "2025-02-25", "sha256": content_hash(noted.results)}
    assert updated["items"]["consultation/quy-che"] == {**ledger["items"]["consultation/quy-che"], "changes": 1}  # note used up


def test_silent_edit_of_a_consultation_opening_refused_until_noted():
    ledger = update_ledger(portal(D(2025, 2, 1), consultations=(TALK,)), empty_ledger())
    shortened = TALK.model_copy(update={"closes_on": D(2025, 2, 5)})
    [problem] = check_silent_edits(portal(D(2025, 2, 3), consultations=(shortened,)), ledger)
    assert (problem.kind, problem.problem) == ("consultation", "edited")
    assert problem.message == _edit_message("Đợt lấy ý kiến", "20/01/2025", "2025-02-03")
    for field, value in (("matter", "Khác"), ("draft", "nq-05"), ("email", "khac@example.invalid"), ("opens_on", D(2025, 1, 21))):
        assert [e.kind for e in check_silent_edits(portal(D(2025, 2, 3), consultations=(TALK.model_copy(update={field: value}),)), ledger)] == ["consultation"], field
    note = ChangeNote(date=D(2025, 2, 3), what="Rút ngắn thời gian lấy ý kiến.", why="Nhập sai ngày kết thúc.")
    assert check_silent_edits(portal(D(2025, 2, 3), consultations=(shortened.model_copy(update={"changes": [note]}),)), ledger) == []


def test_old_ledger_without_consultations_is_accepted_and_completed():
    old = recorded()  # written before consultations were recorded
    p = portal(D(2025, 3, 1), consultations=(CLOSED,))
    assert check_silent_edits(p, old) == []
    updated = update_ledger(p, old)
    assert sorted(updated["items"]) == ["consultation/quy-che", "consultation_results/quy-che",
                                        "disclosure/du-toan-2025", "document/nq-05", "draft/du-thao-quy-che"]
    assert {k: v for k, v in updated["items"].items() if not k.startswith(("consultation", "draft"))} == old["items"]


def test_removed_consultation_reported_once_and_removed_results_on_their_own():
    ledger = update_ledger(portal(D(2025, 2, 20), consultations=(CLOSED,)), empty_ledger())
    [gone] = check_silent_edits(portal(D(2025, 3, 1)), ledger)
    assert (gone.kind, gone.problem) == ("consultation", "removed")
    assert gone.message.startswith(f"{TALK_SOURCE}: Đợt lấy ý kiến mã quy-che đã đăng nhưng nay không còn trong data/")
    [results] = check_silent_edits(portal(D(2025, 3, 1), consultations=(TALK,)), ledger)
    assert (results.kind, results.problem) == ("consultation_results", "removed")
    assert results.message.startswith(f"{TALK_SOURCE}: Kết quả của đợt lấy ý kiến mã quy-che đã đăng nhưng nay không còn")
    note = ChangeNote(date=D(2025, 2, 25), what="a", why="b")
    noted = update_ledger(portal(D(2025, 3, 1), consultations=(CLOSED.model_copy(update={"changes": [note]}),)), ledger)
    [stripped] = check_silent_edits(portal(D(2025, 3, 2), consultations=(CLOSED,)), noted)
    assert (stripped.kind, stripped.problem) == ("consultation", "notes_removed")
