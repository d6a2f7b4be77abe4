"""人民调解台账: the bulk path (rows planned in memory, written together) leaves exactly what the
per-row service path leaves — status, dates, outcome, timeline, deadlines equal to fazhi.law,
parties with readable encrypted data, history — and reports rejected rows the same way."""

import dataclasses
import io
from datetime import date, datetime

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError
from openpyxl import Workbook

from fazhi.cases import bulk, ledger, registry
from fazhi.cases.models import Case, ImportJob, Party
from fazhi.core.models import AuditEvent, NumberSequence, Person
from fazhi.core.pii import blind_index
from fazhi.core.roles import Role
from fazhi.law import deadlines as law
from fazhi.law.validators import id_number_checksum
from fazhi.mediation.tests.conftest import ID_NUMBER

HEADERS = [
    "案号",
    "调解委员会",
    "收到日期",
    "纠纷类型",
    "纠纷概要",
    "申请人",
    "申请人身份证号",
    "申请人电话",
    "对方当事人",
    "受理日期",
    "调解结果",
    "办结日期",
    "协议形式",
    "涉及金额",
    "涉企",
]
OTHER_ID = "33010619900101123" + id_number_checksum("33010619900101123")


def row(number, **kw):
    values = {
        "案号": number,
        "调解委员会": "330106002-TWH",
        "收到日期": "2024年3月4日",
        "纠纷类型": "邻里纠纷",
        "纠纷概要": "楼上漏水",
        "申请人": "王小明",
        "申请人身份证号": ID_NUMBER,
        "申请人电话": "13812345678",
        "对方当事人": "李大华",
        "受理日期": "2024-3-5",
        "调解结果": "调解成功",
        "办结日期": "2024/03/20",
        "协议形式": "书面协议",
        "涉及金额": "2,000",
        "涉企": "否",
    }
    values.update(kw)
    return [values.get(h) for h in HEADERS]


def good_rows(prefix):
    """One of each path through the mediation workflow, with real Excel dates in some cells."""
    return [
        row(f"{prefix}-1"),  # agreed: RM-11 met, RM-09 open (a window of the parties)
        row(f"{prefix}-2", 调解结果="调解不成", 办结日期=datetime(2024, 5, 6), 申请人电话=None),
        row(f"{prefix}-3", 调解结果="当事人要求终止", 对方当事人=None, 涉企="是"),
        row(f"{prefix}-4", 调解结果="不予调解（当事人拒绝）", 受理日期=None, 办结日期="2024-3-6"),
        row(f"{prefix}-5", 调解结果=None, 办结日期=None, 受理日期=date(2024, 3, 6)),  # mediating
        row(f"{prefix}-6", 调解结果=None, 办结日期=None, 受理日期=None, 调解委员会="330106004-TWH"),
        row(f"{prefix}-7", 申请人身份证号=OTHER_ID.lower(), 收到日期=date(2023, 12, 28), 纠纷类型="物业纠纷"),
    ]


BAD_ROWS = [
    row("BAD-1", 收到日期="2024-13-01"),  # no such date
    row("BAD-2", 调解委员会="不存在的调委会"),
    row("BAD-3", 办结日期=None),  # a result without its closing date
    row("BAD-4", 申请人身份证号="330106198501010000"),  # checksum
    row("BAD-5", 受理日期="2024-3-1"),  # accepted before it was received
    row("BAD-6", 收到日期="2099-1-1"),  # in the future
    row("BAD-7", 纠纷类型="不是类型", 涉企="也许"),  # two bad cells
]


def workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def import_rows(actor, rows, *, per_row=False, monkeypatch=None):
    """Import through the bulk path, or (per_row) through the services row by row."""
    if per_row:
        spec = registry.get("mediation")
        monkeypatch.setitem(
            registry._KINDS,
            "mediation",
            dataclasses.replace(spec, ledger=dataclasses.replace(spec.ledger, plan=None)),
        )
    job = ImportJob.objects.create(
        kind="mediation",
        file=ContentFile(workbook(rows), name="调解台账.xlsx"),
        filename="调解台账.xlsx",
        created_by=actor,
    )
    job = ledger.run_import(job)
    if per_row:
        monkeypatch.undo()
    return job


@pytest.fixture
def district(make_user):
    return make_user(Role.JUSTICE_OFFICE_STAFF, "330106", username="quju")


def snapshot(case):
    """Everything a user can see of an imported case, without its number and keys."""
    detail = case.mediation
    return {
        "case": {
            f: getattr(case, f)
            for f in (
                "kind",
                "title",
                "org_unit_id",
                "org_path",
                "channel",
                "status",
                "outcome",
                "received_on",
                "accepted_on",
                "closed_on",
                "enterprise_related",
                "handler_id",
                "assignee_id",
                "next_due",
                "is_demo",
            )
        },
        "detail": {
            f.name: getattr(detail, f.name)
            for f in detail._meta.concrete_fields
            if f.name not in ("id", "case")
        },
        "events": [
            (
                e.kind,
                e.on,
                e.transition,
                e.from_status,
                e.to_status,
                e.summary,
                e.data,
                e.actor_id,
                e.actor_name,
            )
            for e in case.events.order_by("on", "id")
        ],
        "deadlines": [
            (
                d.rule_id,
                d.title,
                d.trigger_on,
                d.due,
                d.state,
                d.basis,
                d.explanation,
                d.provisional,
                d.pauses,
                d.extension_days,
                d.on_expiry,
                d.party,
                d.done_on,
            )
            for d in case.deadlines.order_by("rule_id")
        ],
        "parties": [
            (
                p.role,
                p.name,
                p.order,
                p.person.name,
                p.person.id_number,
                p.person.id_number_hash,
                p.person.phone,
                p.person.phone_hash,
                p.person.is_demo,
            )
            for p in case.parties.select_related("person").order_by("order")
        ],
    }


def test_bulk_and_per_row_imports_leave_the_same_cases(district, monkeypatch):
    bulk_job = import_rows(district, good_rows("B"))
    audits_before = AuditEvent.objects.count()
    service_job = import_rows(district, good_rows("S"), per_row=True, monkeypatch=monkeypatch)
    per_row_audits = AuditEvent.objects.count() - audits_before
    assert (bulk_job.created_count, bulk_job.rejected) == (7, [])
    assert (service_job.created_count, service_job.rejected) == (7, [])
    for i in range(1, 8):
        b = Case.objects.get(kind="mediation", number=f"B-{i}")
        s = Case.objects.get(kind="mediation", number=f"S-{i}")
        assert snapshot(b) == snapshot(s), f"row {i}"
    agreed = Case.objects.get(number="B-1")
    assert (agreed.status, agreed.outcome, agreed.closed_on) == ("agreed", "agreement", date(2024, 3, 20))
    for d in agreed.deadlines.all():  # due dates are fazhi.law's own
        assert d.due == law.due(d.rule_id, d.trigger_on).due
    assert {d.rule_id: d.state for d in agreed.deadlines.all()} == {"RM-11": "met", "RM-09": "open"}
    assert agreed.mediation.amount_involved == 2000 and agreed.mediation.agreement_form == "written"
    mediating = Case.objects.get(number="B-5")
    assert mediating.status == "mediating" and mediating.next_due == law.due("RM-11", date(2024, 3, 6)).due
    # Encrypted at rest, readable through the model, found by the keyed hash.
    applicant = agreed.parties.get(role="applicant").person
    assert applicant.id_number == ID_NUMBER and applicant.phone == "13812345678"
    assert applicant.id_number_hash == blind_index(ID_NUMBER)
    assert Person.objects.by_id_number(OTHER_ID).filter(party__case__number="B-7").exists()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM core_person WHERE id = %s", [applicant.pk])
        stored = cursor.fetchone()[0]
    assert ID_NUMBER not in stored and stored.startswith("gAAAA")  # a Fernet token
    # History: every row the import wrote has its historical row.
    for model, objs in (
        (Case, [agreed]),
        (Party, list(agreed.parties.all())),
        (Person, [applicant]),
    ):
        for obj in objs:
            h = model.history.filter(id=obj.pk).get()
            assert (h.history_type, h.history_user_id) == ("+", district.pk)
            assert h.history_change_reason == bulk.HISTORY_REASON
            # The historical row copies the stored row, column by column (ciphertexts too).
            for f in model._meta.concrete_fields:
                if hasattr(h, f.attname):
                    assert getattr(h, f.attname) == getattr(obj, f.attname), (model, f.attname)
    assert Case.history.filter(id=agreed.pk).get().status == "agreed"
    # Audit: one event per chunk listing the cases (not one per case), and the import itself.
    chunk = AuditEvent.objects.get(action="create", object_type="cases.case", detail__import_job=bulk_job.pk)
    assert sorted(chunk.detail["cases"]) == sorted(
        Case.objects.filter(number__startswith="B-").values_list("pk", flat=True)
    )
    assert AuditEvent.objects.filter(action="import", object_id=str(bulk_job.pk)).exists()
    assert not AuditEvent.objects.filter(object_type="cases.case", object_id=str(agreed.pk)).exists()
    assert per_row_audits > 7  # the per-row path audits each create and step


def test_a_bad_row_is_reported_as_before_and_the_chunk_commits(district, monkeypatch):
    rows = [*good_rows("B")[:3], *BAD_ROWS, *good_rows("B")[3:]]
    bulk_job = import_rows(district, rows)
    per_row = [[f"S{v}" if i == 0 and v else v for i, v in enumerate(r)] for r in rows]
    service_job = import_rows(district, per_row, per_row=True, monkeypatch=monkeypatch)
    assert bulk_job.rejected == service_job.rejected
    by_row = {}
    for r in bulk_job.rejected:
        by_row.setdefault(r["row"], []).append((r["column"], r["reason"]))
    assert sorted(by_row) == [5, 6, 7, 8, 9, 10, 11]
    assert by_row[5][0][0] == "收到日期" and "不存在" in by_row[5][0][1]
    assert by_row[6] == [("调解委员会", "找不到人民调解委员会“不存在的调委会”（杭州市西湖区没有此名称）。")]
    assert by_row[7] == [("办结日期", "已有调解结果的，请填写办结日期")]
    assert len(by_row[8]) == 1 and "校验" in by_row[8][0][1]  # the ID number's check digit …
    assert by_row[8][0][0] == "申请人身份证号"  # … under its own column (once under 案号)
    assert by_row[9][0][0] == "" and "收到日期" in by_row[9][0][1]
    assert by_row[10] == [("收到日期", "收到日期不能晚于今天。")]
    assert [c for c, _ in by_row[11]] == ["纠纷类型", "涉企"]
    assert (bulk_job.created_count, bulk_job.total, bulk_job.processed) == (7, 14, 14)
    assert Case.objects.filter(number__startswith="B-").count() == 7
    assert not Case.objects.filter(number__startswith="BAD").exists()


def test_reimport_skips_existing_numbers_and_unnumbered_rows_get_gapless_numbers(district):
    first = import_rows(district, good_rows("B"))
    again = import_rows(district, good_rows("B"))
    assert (first.created_count, again.created_count, again.skipped_count) == (7, 0, 7)
    # Rows without a number are numbered in row order, one block per committee and year.
    rows = [  # other applicants than good_rows' (a row like a stored case would be a duplicate)
        row(None, 申请人="赵新"),
        row(None, 申请人="赵新", 调解委员会="330106004-TWH"),
        row(None, 申请人="赵新", 纠纷概要="楼上漏水（二）"),
        row(None, 申请人="赵新", 收到日期="2023-12-1"),
    ]
    job = import_rows(district, rows)
    assert job.created_count == 4
    numbers = list(
        Case.objects.filter(number__contains="-TWH-").order_by("id").values_list("number", flat=True)
    )
    assert numbers == [
        "330106002-TWH-2024-1",
        "330106004-TWH-2024-1",
        "330106002-TWH-2024-2",
        "330106002-TWH-2023-1",
    ]
    assert NumberSequence.objects.get(key="mediation:330106002-TWH", year=2024).last == 2


def test_rows_without_a_number_are_recognised_on_a_reimport(district, monkeypatch):
    """Re-importing a sheet whose rows have no 案号 once created every case again: such a row is
    matched on the ledger's natural key (调解委员会, 收到日期, 纠纷概要, 申请人) — against the stored
    cases (the unit by code or by name) and the rows before it — and reported, on both paths."""
    rows = [row(None), row(None, 纠纷概要="楼上漏水（二）"), row(None)]  # the third repeats the first
    first = import_rows(district, rows)
    assert (first.created_count, first.skipped_count) == (2, 1)
    assert first.rejected == [
        {
            "row": 4,
            "column": "",
            "reason": "与本表第 2 行重复（调解委员会、收到日期、纠纷概要、申请人均相同），未重复导入。",
        }
    ]
    by_name = [row(None, 调解委员会="北山街道人民调解委员会"), row(None, 申请人="王大明")]
    number = Case.objects.filter(title="楼上漏水").order_by("id").first().number
    for per_row, created in ((False, 1), (True, 0)):  # the second time 王大明's row is stored too
        again = import_rows(district, by_name, per_row=per_row, monkeypatch=monkeypatch)
        assert (again.created_count, again.skipped_count) == (created, 2 - created), again.rejected
        assert again.rejected[0]["reason"].startswith(f"与{number}重复"), again.rejected
    assert Case.objects.filter(kind="mediation").count() == 3


def test_the_actor_may_import_only_where_they_may_receive_cases(beishan_mediator, xihu, monkeypatch):
    rows = [row("B-1"), row("B-2", 调解委员会="330106004-TWH")]
    job = import_rows(beishan_mediator, rows)
    reason = f"您没有在“{xihu['330106004-TWH'].name}”受理人民调解的权限。"
    assert (job.created_count, job.rejected) == (1, [{"row": 3, "column": "", "reason": reason}])
    rows = [row("S-1"), row("S-2", 调解委员会="330106004-TWH")]
    assert import_rows(beishan_mediator, rows, per_row=True, monkeypatch=monkeypatch).rejected == job.rejected


def test_rows_the_planner_cannot_express_go_through_the_services(district, monkeypatch):
    spec = registry.get("mediation")
    # A hook on "agree" that the ledger does not declare planning-safe (mediation has none of its
    # own: its steps only record declared values, which the planner applies itself).
    hooked = {**spec.on_transition, "agree": lambda **_: None}
    assert "agree" not in spec.ledger.plan_hooks
    monkeypatch.setitem(registry._KINDS, "mediation", dataclasses.replace(spec, on_transition=hooked))
    job = import_rows(district, good_rows("B"))
    assert (job.created_count, job.rejected) == (7, [])
    agreed = Case.objects.get(number="B-1")  # through the services: audited per case
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(agreed.pk)).exists()
    assert agreed.mediation.agreement_form == "written" and agreed.status == "agreed"
    planned = Case.objects.get(number="B-2")  # still in bulk
    assert not AuditEvent.objects.filter(object_type="cases.case", object_id=str(planned.pk)).exists()


def test_a_failed_batch_write_falls_back_to_the_services(district, monkeypatch):
    real = bulk.write

    def fail_once(*args, **kwargs):
        monkeypatch.setattr(bulk, "write", real)
        real(*args, **kwargs)  # something was written …
        raise IntegrityError("duplicate key")  # … and the batch's savepoint takes it back

    monkeypatch.setattr(bulk, "write", fail_once)
    job = import_rows(district, good_rows("B"))
    assert (job.created_count, job.rejected) == (7, [])
    assert Case.objects.filter(number__startswith="B-").count() == 7
    assert Person.objects.filter(party__case__number__startswith="B-").count() == 13


def test_numbers_stored_meanwhile_by_another_import_are_skipped(district, monkeypatch):
    first = import_rows(district, good_rows("B")[:3])
    # As if another import stored B-1…B-3 after this one looked: the batch's INSERT/COPY breaks
    # the unique number, the driver's error reaches the importer as Django's, and its rows go
    # through the fallback, which skips the numbers now stored and imports the rest.
    calls = []
    stored = ledger._existing

    def blind_once(kind, numbers):
        calls.append(numbers)
        return set() if len(calls) == 1 else stored(kind, numbers)

    monkeypatch.setattr(ledger, "_existing", blind_once)
    again = import_rows(district, good_rows("B"))
    assert first.created_count == 3
    assert (again.created_count, again.skipped_count, again.rejected) == (4, 3, [])
    assert Case.objects.filter(number__startswith="B-").count() == 7


def test_dates_and_numbers_read_the_same_with_calamine_and_openpyxl(
    monkeypatch, db
):  # the dispute types are data (a query)
    content = workbook(good_rows("B"))
    fast = ledger.read_rows(content)
    import python_calamine

    def refuse(*args, **kwargs):
        raise python_calamine.CalamineError("refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    slow = ledger.read_rows(content)
    mapping, missing = ledger.read_header(fast[0][1], registry.get("mediation").ledger)
    assert missing == [] and [n for n, _ in fast] == [n for n, _ in slow]
    for (_, a), (_, b) in zip(fast[1:], slow[1:], strict=True):
        for i, col in mapping.items():
            assert ledger.parse_cell(col, a[i]) == ledger.parse_cell(col, b[i]), col.header
    assert ledger.parse_cell(mapping[11], fast[2][1][11]) == date(2024, 5, 6)  # a real Excel date
