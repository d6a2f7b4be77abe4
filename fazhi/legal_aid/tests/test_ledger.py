"""法律援助台账: each row goes through the services (eligibility stored, every step taken with its
deadlines); rejected rows are reported with row, column and reason; importing twice creates nothing."""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook

from fazhi.cases.ledger import export_workbook, run_import
from fazhi.cases.models import Case, ImportJob
from fazhi.legal_aid.tests.conftest import ID_NUMBER

HEADERS = [
    "案号",
    "受理机构",
    "收到申请日期",
    "案件类别",
    "申请事项",
    "案由",
    "申请人",
    "申请人身份证号",
    "家庭人口",
    "家庭人均月收入",
    "群体性案件",
    "受援人数",
    "涉案金额",
    "审查决定",
    "决定日期",
    "审查意见",
    "承办律师",
    "指派日期",
    "办结日期",
    "结案方式",
    "结案报告日期",
    "评估等级",
    "评估单位",
    "评估日期",
]


def row(number, **kw):
    values = {
        "案号": number,
        "受理机构": "西湖区法律援助中心",
        "收到申请日期": "2024年3月4日",
        "案件类别": "民事",
        "申请事项": "请求支付劳动报酬",
        "案由": "追索劳动报酬",
        "申请人": "王小明",
        "家庭人口": "3",
        "家庭人均月收入": "１５００",  # full-width digits
    }
    values.update(kw)
    return [values.get(h) for h in HEADERS]


ROWS = [
    # 2: the whole path of a group labour case: granted, assigned, closed, reported, evaluated
    row(
        "杭西法援〔2024〕101号",
        申请人身份证号=ID_NUMBER,
        群体性案件="是",
        受援人数="18",
        涉案金额="62万",
        审查决定="给予法律援助",
        决定日期="2024-3-6",
        承办律师="周律师",
        指派日期="2024/03/07",
        办结日期="2024年6月20日",
        结案方式="调解、和解",
        结案报告日期="2024-7-1",
        评估等级="优秀",
        评估单位="杭州市法律援助案件质量同行评估",
        评估日期="2024-11-5",
    ),
    row(
        "杭西法援〔2024〕102号",
        家庭人均月收入="9000",
        审查决定="不予法律援助",
        决定日期="2024-3-7",
        审查意见="家庭人均月收入高于标准",
    ),
    row("杭西法援〔2024〕103号", 收到申请日期="2024-13-01"),  # 4: no such date
    row(
        "杭西法援〔2024〕104号",
        审查决定="给予法律援助",
        决定日期="2024-3-6",
        承办律师="不在库律师",
        指派日期="2024-3-7",
    ),  # 5
    row("杭西法援〔2024〕105号", 申请事项=None),  # 6: a civil case without its matter
    row(
        "杭西法援〔2024〕106号", 家庭人均月收入="9000", 审查决定="给予法律援助", 决定日期="2024-3-6"
    ),  # 7: override w/o reason
    row("杭西法援〔2024〕107号", 群体性案件="是", 受援人数="1"),  # 8
    row("杭西法援〔2024〕108号"),  # 9: received, not yet decided
]


def import_file(actor, rows, name="法律援助台账.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = ImportJob.objects.create(
        kind="legal_aid", file=ContentFile(buffer.getvalue(), name=name), filename=name, created_by=actor
    )
    return run_import(job)


@pytest.fixture
def imported(fayuan, pool):
    return import_file(fayuan, ROWS)


def test_valid_rows_are_imported_through_the_services(imported, lawyer_user):
    assert (imported.status, imported.total, imported.created_count) == ("done", 8, 3)
    full = Case.objects.get(number="杭西法援〔2024〕101号")
    d = full.legal_aid
    assert (full.status, full.accepted_on, full.closed_on, full.assignee) == (
        "evaluated",
        date(2024, 3, 6),
        date(2024, 6, 20),
        lawyer_user,
    )
    assert (d.is_group, d.applicant_count, d.amount_at_stake, d.matter) == (True, 18, 620000, "LABOUR_PAY")
    assert (d.eligibility_outcome, d.monthly_income_per_head, d.peer_grade) == (
        "ELIGIBLE",
        "1500",
        "excellent",
    )
    assert (d.closing_method, d.closing_report_on, d.peer_evaluated_on) == (
        "mediation",
        date(2024, 7, 1),
        date(2024, 11, 5),
    )
    assert {x.rule_id: x.state for x in full.deadlines.all()} == {
        "LA-06": "met",
        "LA-06a": "met",
        "LA-06b": "met",
        "LA-11": "met",
    }
    assert full.parties.get(role="applicant").person.id_number == ID_NUMBER
    refused = Case.objects.get(number="杭西法援〔2024〕102号")
    assert (refused.status, refused.legal_aid.eligibility_outcome, refused.legal_aid.override) == (
        "refused",
        "NOT_ELIGIBLE",
        False,
    )
    assert Case.objects.get(number="杭西法援〔2024〕108号").status == "received"


def test_each_rejected_row_says_where_and_why(imported):
    by_row = {}
    for r in imported.rejected:
        by_row.setdefault(r["row"], []).append((r["column"], r["reason"]))
    assert sorted(by_row) == [4, 5, 6, 7, 8]
    assert by_row[4][0][0] == "收到申请日期" and "不存在" in by_row[4][0][1]
    assert by_row[5] == [("承办律师", "律师库中没有在库律师“不在库律师”")]
    assert by_row[6] == [("申请事项", "民事、行政案件请选择“申请事项”。")]
    assert by_row[7][0][0] == "决定日期" and "改变审查结果的理由" in by_row[7][0][1]
    assert by_row[8] == [("受援人数", "群体性案件的受援人数应至少为2人。")]
    assert Case.objects.filter(kind="legal_aid").count() == 3  # rejected rows left nothing behind


def test_importing_the_same_file_twice_creates_no_duplicates(fayuan, imported):
    again = import_file(fayuan, ROWS)
    assert (again.created_count, again.skipped_count) == (0, 3)
    assert Case.objects.filter(kind="legal_aid").count() == 3


def test_an_exported_ledger_imports_into_a_fresh_database(fayuan, imported):
    content = export_workbook(fayuan, "legal_aid", Case.objects.filter(kind="legal_aid").order_by("number"))
    Case.objects.filter(kind="legal_aid").delete()
    job = ImportJob.objects.create(
        kind="legal_aid", file=ContentFile(content, name="e.xlsx"), filename="e.xlsx", created_by=fayuan
    )
    job = run_import(job)
    assert (job.created_count, job.rejected) == (3, [])
    full = Case.objects.get(number="杭西法援〔2024〕101号")
    assert (full.status, full.legal_aid.peer_grade, full.legal_aid.amount_at_stake) == (
        "evaluated",
        "excellent",
        620000,
    )


def snapshot(case):
    """What a user sees of an imported case (without its number and keys)."""
    detail = case.legal_aid
    skip = {"id", "case", "lawyer"}
    return {
        "case": [
            getattr(case, f)
            for f in (
                "title",
                "org_unit_id",
                "channel",
                "status",
                "outcome",
                "received_on",
                "accepted_on",
                "closed_on",
                "handler_id",
                "assignee_id",
                "next_due",
            )
        ],
        "detail": {
            f.name: getattr(detail, f.name) for f in detail._meta.concrete_fields if f.name not in skip
        },
        "lawyer": detail.lawyer_id,
        "events": [
            (e.kind, e.on, e.transition, e.from_status, e.to_status, e.summary, e.data, e.actor_name)
            for e in case.events.order_by("on", "id")
        ],
        "deadlines": [
            (d.rule_id, d.trigger_on, d.due, d.state, d.basis, d.explanation, d.party, d.done_on)
            for d in case.deadlines.order_by("rule_id")
        ],
        "parties": [
            (p.role, p.name, p.person.id_number, p.person.id_number_hash, p.person.phone)
            for p in case.parties.select_related("person")
        ],
    }


def test_bulk_and_per_row_imports_leave_the_same_cases(fayuan, pool, monkeypatch):
    import dataclasses

    from fazhi.cases import registry
    from fazhi.core.models import AuditEvent
    from fazhi.law import deadlines as law

    override = row(
        "杭西法援〔2024〕109号",
        家庭人均月收入="9000",
        审查决定="给予法律援助",
        决定日期="2024-3-6",
        审查意见="突发重大疾病，经中心负责人批准",
    )
    rows = [*ROWS, override]
    bulk_job = import_file(fayuan, rows)
    spec = registry.get("legal_aid")
    monkeypatch.setitem(
        registry._KINDS,
        "legal_aid",
        dataclasses.replace(spec, ledger=dataclasses.replace(spec.ledger, plan=None)),
    )
    service_job = import_file(fayuan, [["S" + r[0], *r[1:]] for r in rows], name="per-row.xlsx")
    assert (bulk_job.created_count, bulk_job.rejected) == (service_job.created_count, service_job.rejected)
    assert bulk_job.created_count == 4
    for n in (101, 102, 108, 109):
        b = Case.objects.get(kind="legal_aid", number=f"杭西法援〔2024〕{n}号")
        s = Case.objects.get(kind="legal_aid", number=f"S杭西法援〔2024〕{n}号")
        assert snapshot(b) == snapshot(s), n
        for d in b.deadlines.all():
            assert d.due == law.due(d.rule_id, d.trigger_on).due
        assert b.history.exists() and b.parties.get().history.exists()
    # Planned in bulk: no audit event per case. The override went through the services, which
    # audit it on its case.
    planned = Case.objects.get(number="杭西法援〔2024〕101号")
    assert not AuditEvent.objects.filter(object_type="cases.case", object_id=str(planned.pk)).exists()
    overridden = Case.objects.get(number="杭西法援〔2024〕109号")
    assert overridden.legal_aid.override and overridden.status == "granted"
    assert AuditEvent.objects.filter(
        object_type="cases.case", object_id=str(overridden.pk), detail__eligibility_override="grant"
    ).exists()
