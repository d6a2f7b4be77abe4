"""法律援助's registers (律师库, 法律咨询, 锦旗、感谢信) through the generic register screens, service,
ledger and API: audit, history, scope, import errors with row/column/reason, re-import without
duplicates, masked exports, buttons only for roles that may use them."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role
from fazhi.legal_aid.models import Commendation, Consultation, LegalAidLawyer
from fazhi.registers import declarations
from fazhi.registers.services import (
    RegisterPermissionError,
    register_create,
    register_retire,
    register_update,
    today,
)

LAWYERS = declarations.get("legal_aid_lawyers")
CONSULTATIONS = declarations.get("consultations")


def html_of(response):
    return response.content.decode()


def lawyer_values(xihu, **kw):
    return {
        "name": "李新",
        "law_firm": "浙江之江律师事务所",
        "licence_number": "",
        "licensed_on": "2016-04-01",
        "joined_on": "2024-02-01",
        "org_unit": str(xihu["330106-FYZX"].pk),
        **kw,
    }


def test_fields_are_taken_from_the_model_and_overridden_once():
    spec = LAWYERS.field("licensed_on")
    assert (spec.label, spec.kind, spec.required) == ("首次执业日期", "date", True)
    assert LAWYERS.field("licence_number").required is False
    channel = CONSULTATIONS.field("channel")
    assert channel.kind == "choice" and ("phone", "12348热线来电") in channel.choices
    assert CONSULTATIONS.field("person_name").label == "咨询人（可不填）"  # the declaration's override
    assert CONSULTATIONS.field("org_unit").kind == "org"


def test_create_edit_retire_are_audited_and_kept_in_history(fayuan, xihu):
    lawyer = register_create(actor=fayuan, reg=LAWYERS, values=lawyer_values(xihu))
    register_update(actor=fayuan, reg=LAWYERS, obj=lawyer, values={"law_firm": "浙江西湖律师事务所"})
    register_retire(actor=fayuan, reg=LAWYERS, obj=lawyer, on=date(2024, 6, 1))
    lawyer.refresh_from_db()
    assert (lawyer.law_firm, lawyer.active, lawyer.left_on) == ("浙江西湖律师事务所", False, date(2024, 6, 1))
    events = AuditEvent.objects.filter(object_type="legal_aid.legalaidlawyer", object_id=str(lawyer.pk))
    assert list(events.order_by("id").values_list("action", flat=True)) == ["create", "update", "update"]
    assert events.order_by("id")[1].detail["fields"] == ["law_firm"]
    history = list(lawyer.history.order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "~", "~"]
    assert all(h.history_user == fayuan for h in history)
    register_retire(actor=fayuan, reg=LAWYERS, obj=lawyer, restore=True)
    lawyer.refresh_from_db()
    assert lawyer.active and lawyer.left_on is None


def test_the_pools_rule_is_the_lines_and_explained(fayuan, xihu):
    with pytest.raises(WorkflowError) as exc:
        register_create(actor=fayuan, reg=LAWYERS, values=lawyer_values(xihu, licensed_on="2023-01-01"))
    assert "招募执业3年以上的律师" in exc.value.errors["licensed_on"]
    with pytest.raises(WorkflowError) as exc:
        register_create(actor=fayuan, reg=LAWYERS, values=lawyer_values(xihu, name="", joined_on="某天"))
    assert exc.value.errors["name"] == "请填写“姓名”。" and "不是有效日期" in exc.value.errors["joined_on"]
    assert not LegalAidLawyer.objects.exists()


def test_a_failed_write_leaves_nothing_behind(fayuan, xihu, monkeypatch):
    """The row, its history and its audit event are one transaction."""
    import fazhi.registers.services as services

    def boom(**kw):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_record", boom)
    with pytest.raises(RuntimeError):
        register_create(actor=fayuan, reg=LAWYERS, values=lawyer_values(xihu))
    assert not LegalAidLawyer.objects.exists() and not LegalAidLawyer.history.exists()


def test_scope_a_station_writes_and_sees_only_its_own_consultations(
    beishan_station, sandun_station, district_staff, xihu
):
    values = {
        "consulted_on": today().isoformat(),
        "channel": "walk_in",
        "org_unit": str(xihu["330106002-SFS"].pk),
        "topic": "labour",
        "summary": "被拖欠工资怎么办",
        "person_name": "赵某某",
    }
    row = register_create(actor=beishan_station, reg=CONSULTATIONS, values=values)
    assert row.handler == beishan_station
    with pytest.raises(WorkflowError) as exc:
        register_create(actor=sandun_station, reg=CONSULTATIONS, values=values)
    assert "没有在“" in exc.value.errors["org_unit"]
    with pytest.raises(RegisterPermissionError):
        register_update(actor=sandun_station, reg=CONSULTATIONS, obj=row, values={"summary": "改"})
    assert not Consultation.objects.scoped_for(sandun_station).exists()
    assert Consultation.objects.scoped_for(district_staff).get() == row


def test_list_detail_and_buttons_for_each_role(client, fayuan, make_user, xihu, lawyer_user):
    lawyer = register_create(actor=fayuan, reg=LAWYERS, values=lawyer_values(xihu))
    url = reverse("registers:list", args=["legal_aid_lawyers"])
    client.force_login(fayuan)
    page = html_of(client.get(url))
    assert "李新" in page and "新增律师" in page and ">导入<" in page and ">导出<" in page
    detail = html_of(client.get(reverse("registers:detail", args=["legal_aid_lawyers", lawyer.pk])))
    assert "移出律师库" in detail and "确定将李新（浙江之江律师事务所）移出法律援助律师库吗" in detail
    assert 'data-testid="history"' in detail and "新增" in detail
    fields = detail.split('data-testid="record-fields"')[1].split("</dl>")[0]
    assert "承办案件</dt><dd" in fields and ">0</dd>" in fields  # the count, not a blank
    # The leader reads and exports, but does not add, import, edit or retire.
    client.force_login(make_user(Role.LEADER))
    page = html_of(client.get(url))
    assert "李新" in page and ">导出<" in page and "新增律师" not in page and ">导入<" not in page
    detail = html_of(client.get(reverse("registers:detail", args=["legal_aid_lawyers", lawyer.pk])))
    assert "移出律师库" not in detail and ">编辑<" not in detail
    for name, args in (
        ("registers:new", ["legal_aid_lawyers"]),
        ("registers:import", ["legal_aid_lawyers"]),
        ("registers:edit", ["legal_aid_lawyers", lawyer.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse("registers:retire", args=["legal_aid_lawyers", lawyer.pk])).status_code == 403
    # An assigned lawyer (sees only their own cases) has no register at all, nor a menu entry.
    client.force_login(lawyer_user)
    assert client.get(url).status_code == 403
    assert "法律援助律师库" not in html_of(client.get(reverse("home")))
    client.force_login(make_user(Role.PUBLIC))
    assert client.get(reverse("registers:list", args=["consultations"])).status_code == 403


def test_forms_report_errors_next_to_the_field(client, fayuan, xihu):
    client.force_login(fayuan)
    url = reverse("registers:new", args=["legal_aid_lawyers"])
    response = client.post(url, lawyer_values(xihu, licensed_on="2023-01-01"))
    assert response.status_code == 400
    assert 'data-testid="error-licensed_on"' in html_of(response) and "招募执业3年以上" in html_of(response)
    response = client.post(url, lawyer_values(xihu))
    lawyer = LegalAidLawyer.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{lawyer.pk}/")
    edit = reverse("registers:edit", args=["legal_aid_lawyers", lawyer.pk])
    assert 'value="浙江之江律师事务所"' in html_of(client.get(edit))
    assert client.post(edit, lawyer_values(xihu, law_firm="")).status_code == 400
    assert client.post(edit, lawyer_values(xihu, law_firm="某所")).status_code == 302
    lawyer.refresh_from_db()
    assert lawyer.law_firm == "某所"


def test_the_old_addresses_redirect_to_the_registers(client, fayuan):
    client.force_login(fayuan)
    for old, key in (
        ("legal_aid:consultations", "consultations"),
        ("legal_aid:lawyers", "legal_aid_lawyers"),
        ("legal_aid:commendations", "commendations"),
    ):
        response = client.get(reverse(old) + "?q=x")
        assert response.status_code == 302
        assert response["Location"] == reverse("registers:list", args=[key]) + "?q=x"


def sheet(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "咨询.xlsx"
    return buffer


def test_import_reports_each_bad_row_and_reimport_creates_no_duplicates(client, beishan_station):
    client.force_login(beishan_station)
    url = reverse("registers:import", args=["consultations"])
    rows = [
        ["咨询日期", "咨询方式", "接待单位", "咨询事项", "咨询内容摘要", "咨询人（可不填）"],
        ["2024年3月5日", "来访", "北山司法所", "劳动争议与劳动报酬", "拖欠工资", "赵某"],
        ["2024-3-6", "写信", "北山司法所", "合同与债务", "借款", ""],
        ["2024/3/7", "12348热线来电", "三墩司法所", "其他", "咨询", ""],
        ["2099-01-01", "来访", "北山司法所", "其他", "未来", ""],
    ]
    response = client.post(url, {"file": sheet(rows)})
    assert response.status_code == 302
    status = html_of(client.get(response["Location"]))
    assert "新增 1" in status
    from fazhi.cases.models import ImportJob

    job = ImportJob.objects.get()
    rejected = {(r["row"], r["column"]): r["reason"] for r in job.rejected}
    assert "不是有效选项" in rejected[(3, "咨询方式")]
    assert "没有在“三墩司法所”登记" in rejected[(4, "接待单位")]
    assert rejected[(5, "咨询日期")] == "咨询日期不能晚于今天。"
    assert "第 3 行" in status and "咨询方式" in status
    client.post(url, {"file": sheet(rows)})
    assert Consultation.objects.count() == 1
    assert ImportJob.objects.order_by("-id").first().skipped_count == 1


def test_export_masks_personal_data_for_roles_that_may_not_see_it(client, beishan_station, make_user, xihu):
    register_create(
        actor=beishan_station,
        reg=CONSULTATIONS,
        values={
            "consulted_on": "2024-03-05",
            "channel": "phone",
            "org_unit": "330106002-SFS",
            "topic": "labour",
            "person_name": "赵某某",
        },
    )
    for user, name in ((make_user(Role.LEGAL_AID_STAFF), "赵某某"), (make_user(Role.LEADER), "赵**")):
        client.force_login(user)
        response = client.get(reverse("registers:export", args=["consultations"]))
        rows = list(
            load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
        )
        record = dict(zip(rows[0], rows[1], strict=True))
        assert record["咨询人（可不填）"] == name and record["咨询方式"] == "12348热线来电"
        assert record["接待单位"] == "北山司法所"
    assert AuditEvent.objects.filter(action="export", detail__register="consultations").count() == 2
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106002"))  # no export right
    assert client.get(reverse("registers:export", args=["consultations"])).status_code == 403


def test_an_exported_sheet_imports_again_without_duplicates(client, fayuan, xihu, pool, apply):
    case = apply(fayuan)
    register_create(
        actor=fayuan,
        reg=declarations.get("commendations"),
        values={
            "received_on": "2024-07-01",
            "kind": "banner",
            "giver": "王小明",
            "org_unit": str(xihu["330106-FYZX"].pk),
            "case": case.number,
            "lawyer": str(pool["zhou"].pk),
        },
    )
    client.force_login(fayuan)
    content = b"".join(client.get(reverse("registers:export", args=["commendations"])).streaming_content)
    upload = io.BytesIO(content)
    upload.name = "锦旗.xlsx"
    client.post(reverse("registers:import", args=["commendations"]), {"file": upload})
    from fazhi.cases.models import ImportJob

    job = ImportJob.objects.get()
    assert (job.created_count, job.skipped_count, job.rejected) == (0, 1, [])
    assert Commendation.objects.count() == 1
