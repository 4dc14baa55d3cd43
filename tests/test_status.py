"""Derived document status and the amend/replace/repeal relations, phrased in Vietnamese."""

import datetime as dt

import pytest

from generator.data.models import Document, Site
from generator.data.portal import Portal
from generator.domain.rules import load_rules, merge_rules
from generator.law.status import Status, derive_status, relations, status_label

D = dt.date
SITE = Site(name="Bách Quang", unit_type="phuong", unit_code="05500", province="Thái Nguyên",
            address="Phường Bách Quang", base_url="https://bachquang.example.vn/")
ISSUER = "Hội đồng nhân dân phường Bách Quang"


def doc(id, number=None, **fields):
    values = {"type": "nghi_quyet", "issuer": ISSUER, "title": f"Nghị quyết {id}", "adopted_on": D(2025, 1, 10)}
    values.update(fields)
    return Document(id=id, number=number, **values)


def portal(today, *documents):
    return Portal(site=SITE, documents={d.id: d for d in documents}, disclosures={}, consultations={}, files={},
                  rules=merge_rules(load_rules(), None), today=today)


BASE = doc("nq-05", "05/2025/NQ-HĐND", effective_on=D(2025, 1, 20))


@pytest.mark.parametrize(("today", "expected", "label"), [
    (D(2025, 1, 15), Status.NOT_YET_IN_FORCE, "Chưa có hiệu lực"),
    (D(2025, 1, 20), Status.IN_FORCE, "Còn hiệu lực"),
])
def test_in_force_from_its_effective_date(today, expected, label):
    status = derive_status(BASE, portal(today, BASE))
    assert status is expected
    assert status_label(status) == label


def test_draft_adopted_and_effective_on_adoption():
    draft = doc("du-thao", status="draft", adopted_on=None)
    report = doc("bc-01", type="bao_cao", adopted_on=D(2025, 2, 1))
    signed = doc("qd-02", type="quyet_dinh", adopted_on=D(2025, 2, 1), effective_on_adoption=True)
    p = portal(D(2025, 3, 1), draft, report, signed)
    assert [derive_status(d, p) for d in (draft, report, signed)] == [Status.DRAFT, Status.ADOPTED, Status.IN_FORCE]
    assert [status_label(s) for s in (Status.DRAFT, Status.ADOPTED)] == ["Dự thảo", "Đã ban hành"]
    # Adopted on a date still to come: not adopted yet on that day.
    assert derive_status(signed, portal(D(2025, 1, 31), signed)) is Status.DRAFT


def test_amended_only_once_the_amendment_takes_effect():
    amending = doc("nq-12", "12/2025/NQ-HĐND", adopted_on=D(2025, 6, 1), effective_on=D(2025, 6, 15), amends=["nq-05"])
    assert derive_status(BASE, portal(D(2025, 6, 10), BASE, amending)) is Status.IN_FORCE
    status = derive_status(BASE, portal(D(2025, 6, 15), BASE, amending))
    assert status is Status.AMENDED and status_label(status) == "Được sửa đổi, bổ sung"


def test_a_draft_amendment_changes_nothing():
    draft = doc("du-thao-sua", status="draft", adopted_on=None, amends=["nq-05"], repeals=["nq-05"])
    assert derive_status(BASE, portal(D(2025, 6, 15), BASE, draft)) is Status.IN_FORCE
    assert relations("nq-05", portal(D(2025, 6, 15), BASE, draft)) == []


def test_replaced_repealed_expired():
    replacing = doc("nq-20", "20/2025/NQ-HĐND", adopted_on=D(2025, 9, 1), effective_on=D(2025, 9, 12), replaces=["nq-05"])
    repealing = doc("nq-21", "21/2025/NQ-HĐND", adopted_on=D(2025, 9, 1), effective_on_adoption=True, repeals=["nq-05"])
    expiring = doc("nq-06", "06/2025/NQ-HĐND", effective_on=D(2025, 1, 20), expires_on=D(2025, 12, 31))
    assert derive_status(BASE, portal(D(2025, 9, 11), BASE, replacing)) is Status.IN_FORCE
    assert derive_status(BASE, portal(D(2025, 9, 12), BASE, replacing)) is Status.REPLACED
    assert derive_status(BASE, portal(D(2025, 9, 1), BASE, repealing)) is Status.REPEALED
    # Repealed on 01/09, before the replacement took effect on 12/09: the first ending names it.
    assert derive_status(BASE, portal(D(2025, 10, 1), BASE, replacing, repealing)) is Status.REPEALED
    assert derive_status(expiring, portal(D(2025, 12, 30), expiring)) is Status.IN_FORCE
    assert derive_status(expiring, portal(D(2025, 12, 31), expiring)) is Status.EXPIRED
    assert [status_label(s) for s in (Status.REPLACED, Status.REPEALED, Status.EXPIRED)] == [
        "Bị thay thế", "Bị bãi bỏ", "Hết hiệu lực"]


def test_relations_in_both_directions():
    amending = doc("nq-12", "12/2025/NQ-HĐND", adopted_on=D(2025, 6, 1), effective_on=D(2025, 6, 15),
                   amends=["nq-05"], repeals=["nq-khac"])
    replacing = doc("qd-30", "30/QĐ-UBND", type="quyet_dinh", adopted_on=D(2025, 7, 1), effective_on=D(2025, 8, 1),
                    replaces=["nq-05"])
    p = portal(D(2025, 7, 10), BASE, amending, replacing)
    assert [(r.kind, r.document_id, r.phrase, r.in_effect, r.on) for r in relations("nq-05", p)] == [
        ("amended_by", "nq-12", "Được sửa đổi, bổ sung bởi Nghị quyết số 12/2025/NQ-HĐND", True, D(2025, 6, 15)),
        ("replaced_by", "qd-30", "Bị thay thế bởi Quyết định số 30/QĐ-UBND", False, D(2025, 8, 1)),
    ]
    assert [(r.kind, r.phrase) for r in relations("nq-12", p)] == [
        ("amends", "Sửa đổi, bổ sung Nghị quyết số 05/2025/NQ-HĐND"),
        ("repeals", "Bãi bỏ nq-khac"),  # not in data/: named by its id
    ]
    assert [r.phrase for r in relations("qd-30", p)] == ["Thay thế Nghị quyết số 05/2025/NQ-HĐND"]
