"""行政复议台账: rows imported through the services (the same steps as on screen, in date order; each
rejected row reported with its column and reason; re-import creates nothing) and the masked export."""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook, load_workbook

from fazhi.cases.ledger import export_workbook, run_import
from fazhi.cases.models import Case, DeadlineState, ImportJob
from fazhi.cases.registry import get
from fazhi.core.roles import Role
from fazhi.reconsideration.services import parse_outcome
from fazhi.reconsideration.tests.conftest import ID_NUMBER, USCC

HEADERS = [c.header for c in get("reconsideration").ledger.columns]


def row(**kw):
    values = {
        "收到日期": "2024年3月5日",
        "申请人": "王小明",
        "被申请人": "杭州市西湖区市场监督管理局",
        "被申请复议的行政行为": "西市监罚〔2024〕12号行政处罚决定",
        "行为类别": "行政处罚",
        "送达或知道日期": "2024-3-1",
    }
    values.update(kw)
    return [values.get(h) for h in HEADERS]


ROWS = [
    # 2: decided 撤销 with the reply dates, full-width digits in the dates
    row(
        案号="西政复〔2024〕５号",
        申请人身份证号=ID_NUMBER,
        受理日期="２０２４-３-６",
        被申请人收到副本日期="2024/03/11",
        答复日期="2024年3月20日",
        结案方式="撤销",
        办结日期="2024-4-20",
        决定书文号="西政复〔2024〕5号",
    ),
    # 3: 涉企, 容缺 with the supplement, settled
    row(
        案号="西政复〔2024〕6号",
        申请人="西湖演示科技有限公司",
        统一社会信用代码=USCC,
        涉企="是",
        容缺接收="是",
        容缺材料="营业执照副本",
        容缺补齐日期="2024-3-12",
        受理日期="2024-3-6",
        结案方式="和解撤回",
        办结日期="2024-3-28",
    ),
    # 4: not accepted
    row(案号="西政复〔2024〕7号", 结案方式="不予受理", 办结日期="2024-3-8"),
    # 5: unknown respondent → rejected on its column
    row(案号="西政复〔2024〕8号", 被申请人="西湖区不存在局"),
    # 6: bad date and bad outcome → rejected, each cell reported
    row(案号="西政复〔2024〕9号", 收到日期="2024年13月5日", 结案方式="胜诉"),
    # 7: still pending (no acceptance yet)
    row(案号="西政复〔2024〕10号", 申请人="李四"),
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


def run(user, content):
    job = ImportJob.objects.create(
        kind="reconsideration",
        file=ContentFile(content, name="复议台账.xlsx"),
        filename="复议台账.xlsx",
        created_by=user,
    )
    return run_import(job)


@pytest.fixture
def imported(officer):
    return run(officer, workbook(ROWS))


def test_import_goes_through_the_services_in_date_order(imported):
    assert (imported.status, imported.created_count, imported.total) == ("done", 4, 6)
    decided = Case.objects.get(number="西政复〔2024〕5号")
    assert (decided.status, decided.outcome, decided.accepted_on) == ("decided", "CHEXIAO", date(2024, 3, 6))
    d = decided.reconsideration
    assert (d.respondent_received_on, d.reply_received_on, d.decision_number) == (
        date(2024, 3, 11),
        date(2024, 3, 20),
        "西政复〔2024〕5号",
    )
    assert decided.deadlines.get(rule_id="FY-10").state == DeadlineState.MET
    assert [e.transition for e in decided.events.all()][1:] == [
        "accept",
        "send_copy",
        "record_reply",
        "decide",
    ]
    settled = Case.objects.get(number="西政复〔2024〕6号")
    s = settled.reconsideration
    assert (settled.outcome, settled.enterprise_related, s.fast_track) == ("HEJIE_CHEHUI", True, True)
    assert (s.incomplete_intake, s.missing_items, s.supplement_received_on) == (
        True,
        "营业执照副本",
        date(2024, 3, 12),
    )
    assert Case.objects.get(number="西政复〔2024〕7号").outcome == "BU_SHOULI"
    pending = Case.objects.get(number="西政复〔2024〕10号")
    assert pending.status == "received" and pending.reconsideration.period_status == "IN_TIME"


def test_each_rejected_row_says_where_and_why(imported):
    rejected = {(r["row"], r["column"]) for r in imported.rejected}
    assert rejected == {(5, "被申请人"), (6, "收到日期"), (6, "结案方式")}
    reasons = " ".join(r["reason"] for r in imported.rejected)
    assert (
        "找不到行政机关“西湖区不存在局”" in reasons
        and "不存在" in reasons
        and "“胜诉”不是有效的结案方式" in reasons
    )


def test_importing_the_same_file_again_creates_nothing(officer, imported):
    again = run(officer, workbook(ROWS))
    assert (again.created_count, again.skipped_count) == (0, 4)
    assert Case.objects.filter(kind="reconsideration").count() == 4


def test_an_unreadable_file_commits_nothing(officer):
    job = run(officer, b"not a workbook")
    assert job.status == "failed" and "无法读取" in job.error
    assert not Case.objects.filter(kind="reconsideration").exists()


@pytest.mark.parametrize(
    "text,code",
    [
        ("撤销", "CHEXIAO"),
        ("确认违法决定", "QUEREN_WEIFA"),
        ("调解书", "TIAOJIE"),
        ("和解、撤回申请", "HEJIE_CHEHUI"),
        ("BIANGENG", "BIANGENG"),
    ],
)
def test_outcome_cells_accept_the_usual_words(text, code):
    assert parse_outcome(text) == code


def read(content):
    ws = load_workbook(io.BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_export_masks_personal_information_unless_the_role_may_see_it(officer, imported, make_user):
    cases = Case.objects.filter(kind="reconsideration").order_by("number")
    leader_rows = {
        r["案号"]: r for r in read(export_workbook(make_user(Role.LEADER), "reconsideration", cases))
    }
    decided = leader_rows["西政复〔2024〕5号"]
    assert (
        decided["申请人"] == "王**"
        and decided["申请人身份证号"].startswith("3301")
        and "*" in decided["申请人身份证号"]
    )
    assert decided["结案方式"] == "撤销或者部分撤销" and decided["被申请人"] == "杭州市西湖区市场监督管理局"
    assert decided["申请期限审查"].startswith("在申请期限内")
    officer_rows = {r["案号"]: r for r in read(export_workbook(officer, "reconsideration", cases))}
    assert officer_rows["西政复〔2024〕5号"]["申请人身份证号"] == ID_NUMBER
    assert officer_rows["西政复〔2024〕5号"]["申请人"] == "王小明"


def test_new_cases_pass_over_the_numbers_a_ledger_brought(officer, imported, application):
    assert {"西政复〔2024〕5号", "西政复〔2024〕6号", "西政复〔2024〕7号"} <= set(
        Case.objects.values_list("number", flat=True)
    )
    numbers = [application(officer).number for _ in range(6)]
    assert numbers == [f"西政复〔2024〕{n}号" for n in (1, 2, 3, 4, 8, 9)]


def test_a_kind_without_a_ledger_offers_no_ledger_buttons(client, make_user):
    """行政复议意见书 has no 台账 layout: no export or import button, and the addresses answer 404
    (they once answered 500: LookupError)."""
    from django.urls import reverse

    client.force_login(make_user(Role.RECONSIDERATION_OFFICER))
    html = client.get(reverse("cases:worklist", args=["opinion_letter"])).content.decode()
    assert "导出台账" not in html and "导入台账" not in html
    assert client.get(reverse("cases:export", args=["opinion_letter"])).status_code == 404
    assert client.get(reverse("cases:import", args=["opinion_letter"])).status_code == 404


def _snapshot(case):
    detail = {
        k: v
        for k, v in type(case.reconsideration).objects.filter(pk=case.reconsideration.pk).values()[0].items()
        if k not in ("id", "case_id")
    }
    return {
        "case": (
            case.status,
            case.outcome,
            case.received_on,
            case.accepted_on,
            case.closed_on,
            case.next_due,
        ),
        "detail": detail,
        "events": list(
            case.events.order_by("on", "pk").values_list("on", "kind", "transition", "to_status", "data")
        ),
        "deadlines": list(
            case.deadlines.order_by("rule_id").values_list("rule_id", "trigger_on", "due", "state", "done_on")
        ),
        "parties": list(case.parties.order_by("order").values_list("role", "name", "org_unit")),
    }


def test_bulk_and_per_row_imports_leave_the_same_cases(officer, monkeypatch):
    """Ledger.plan: the rows planned in memory and written together equal the rows imported through
    the services one by one (the fast track's internal target, the period check, the closing steps)."""
    import dataclasses

    from fazhi.cases import registry

    bulk_job = run(officer, workbook(ROWS))
    spec = registry.get("reconsideration")
    monkeypatch.setitem(
        registry._KINDS,
        "reconsideration",
        dataclasses.replace(spec, ledger=dataclasses.replace(spec.ledger, plan=None)),
    )
    service_rows = [[("S" + r[0]) if r[0] else r[0], *r[1:]] for r in ROWS]
    number_at = HEADERS.index("决定书文号")
    for r in service_rows:
        if r[number_at]:
            r[number_at] = "S" + r[number_at]
    service_job = run(officer, workbook(service_rows))
    assert (bulk_job.created_count, bulk_job.rejected) == (service_job.created_count, service_job.rejected)
    assert bulk_job.created_count == 4
    for n in (5, 6, 7, 10):
        b = _snapshot(Case.objects.get(number=f"西政复〔2024〕{n}号"))
        s = _snapshot(Case.objects.get(number=f"S西政复〔2024〕{n}号"))
        assert b["detail"].pop("decision_number").lstrip("S") == s["detail"].pop("decision_number").lstrip(
            "S"
        )
        assert b == s, n
    # Planned in bulk (the decided case too: its number came with the row): no audit event per case.
    from fazhi.core.models import AuditEvent

    planned = Case.objects.get(number="西政复〔2024〕5号")
    assert not AuditEvent.objects.filter(object_type="cases.case", object_id=str(planned.pk)).exists()
    by_services = Case.objects.get(number="S西政复〔2024〕5号")
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(by_services.pk)).exists()


def test_a_block_of_numbers_passes_over_the_numbers_a_ledger_brought(officer, imported):
    from fazhi.reconsideration.services import reconsideration_numbers

    cases = [Case(kind="reconsideration", received_on=date(2024, 5, 6)) for _ in range(6)]
    reconsideration_numbers(cases)
    numbers = [c.number for c in cases]
    assert len(set(numbers)) == 6 and not {
        "西政复〔2024〕5号",
        "西政复〔2024〕6号",
        "西政复〔2024〕7号",
    } & set(numbers)


def test_the_extension_bound_is_checked_as_the_database_would():
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    from fazhi.reconsideration.models import ReconsiderationCase

    row = ReconsiderationCase(extension_days=31)
    with pytest.raises(ValidationError) as raised:
        row.validate_constraints()
    assert list(raised.value.message_dict) == [NON_FIELD_ERRORS]
    assert "recon_extension_at_most_30_days" in str(raised.value)
    row.extension_days = 30
    row.validate_constraints()
    row.extension_days = 31
    row.validate_constraints(exclude={"extension_days"})


def test_history_is_imported_as_it_happened_without_the_workbench_requirements(officer):
    """Issue 14: a ledger has no columns for 听取意见, 负责人同意 … nor the act's category of every
    责令履行; a 不予受理 dated after the review period is history too. None of it blocks the import."""
    rows = [
        row(案号="西政复〔2024〕21号", 受理日期="2024-3-6", 结案方式="维持", 办结日期="2024-4-20"),
        row(案号="西政复〔2024〕22号", 受理日期="2024-3-6", 结案方式="责令履行", 办结日期="2024-4-20"),
        row(案号="西政复〔2024〕23号", 结案方式="不予受理", 办结日期="2024-3-20"),  # FY-05 ran on 03-12
        row(案号="西政复〔2024〕25号", 结案方式="受理前撤回", 办结日期="2024-3-7"),
        row(
            案号="西政复〔2024〕24号",
            被申请人="三墩镇",
            受理日期="2024-3-6",
            结案方式="撤销",
            办结日期="2024-4-20",
        ),
    ]
    job = run(officer, workbook(rows))
    assert (job.status, job.created_count) == ("done", 5)
    cases = {c.number: c for c in Case.objects.filter(kind="reconsideration")}
    assert (
        cases["西政复〔2024〕21号"].outcome == "WEICHI"
        and cases["西政复〔2024〕21号"].reconsideration.from_ledger
    )
    assert cases["西政复〔2024〕22号"].outcome == "ZELING_LVXING"
    assert cases["西政复〔2024〕23号"].status == "not_accepted"
    early = cases["西政复〔2024〕25号"]  # 受理前撤回: closed, not 审结 (no decision code)
    assert (early.status, early.outcome, early.reconsideration.decision) == (
        "withdrawn_early",
        "CHEHUI_SHOULI_QIAN",
        "",
    )
    assert cases["西政复〔2024〕24号"].reconsideration.respondent_agency.code == "330106109"
