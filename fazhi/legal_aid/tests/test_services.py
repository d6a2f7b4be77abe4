"""法律援助 through the engine: intake with the eligibility result, every step's deadlines equal to
fazhi.law for the same dates, overrides with a written reason, assignment rules, objections,
termination, the lawyer pool, consultations and commendations."""

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings

from fazhi.cases.models import CaseEvent, DeadlineState
from fazhi.cases.services import CasePermissionError, case_transition
from fazhi.cases.workflow import WorkflowError
from fazhi.core.lawconfig import law_config
from fazhi.core.models import AuditEvent
from fazhi.law import deadlines as law
from fazhi.law.config import LawConfig
from fazhi.law.legal_aid import assess
from fazhi.law.periods import Unit
from fazhi.legal_aid import services
from fazhi.legal_aid.models import LegalAidCase, LegalAidLawyer
from fazhi.legal_aid.registers import COMMENDATIONS, LAWYERS
from fazhi.legal_aid.tests.conftest import POOR, RECEIVED, RICH, UNKNOWN_INCOME, add_lawyer
from fazhi.registers.services import RegisterPermissionError, register_create, register_retire


def step(actor, case, name, on, **data):
    return case_transition(actor=actor, case=case, name=name, data=data, on=on)


def due(case, rule):
    return case.deadlines.get(rule_id=rule, state__in=["open", "paused"]).due


# --- intake and the stored eligibility result ---------------------------------------------------


def test_intake_numbers_the_case_and_stores_the_result_of_fazhi_law(fayuan, apply):
    case = apply(fayuan)
    assert case.number == "杭西法援〔2024〕1号" and apply(fayuan).number == "杭西法援〔2024〕2号"
    d = LegalAidCase.objects.get(case=case)
    law_result = assess(
        "LABOUR_PAY", on=RECEIVED, county_code="330106", household_size=3, monthly_income_per_head="1500"
    )
    assert d.eligibility_outcome == law_result.outcome.value == "ELIGIBLE"
    assert (d.hardship_test, d.hardship_met, d.assessed_on) == ("REQUIRED", True, RECEIVED)
    assert [r["basis"] for r in d.reasons] == [r.basis for r in law_result.reasons]
    assert case.handler == fayuan and case.status == "received" and case.accepted_on is None
    assert AuditEvent.objects.filter(action="create", object_id=str(case.pk)).exists()


def test_hardship_data_are_encrypted_at_rest(fayuan, apply):
    case = apply(fayuan, **{**POOR, "circumstances": ["MIGRANT_WORKER"]})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT monthly_income_per_head, household_size, circumstances, eligibility_reasons "
            "FROM legal_aid_legalaidcase WHERE case_id = %s",
            [case.pk],
        )
        raw = cursor.fetchone()
    assert all(
        value and "1500" not in value and "MIGRANT" not in value and "进城" not in value for value in raw
    )
    d = case.legal_aid
    d.refresh_from_db()
    assert (d.monthly_income_per_head, d.household_size, d.circumstance_codes) == (
        "1500",
        "3",
        ["MIGRANT_WORKER"],
    )
    assert d.hardship_test == "WAIVED"  # LA-03: a migrant worker claiming pay


def test_intake_explains_missing_fields_in_chinese(fayuan, apply):
    with pytest.raises(WorkflowError) as exc:
        apply(fayuan, matter_type="civil")
    assert exc.value.errors["matter"] == "民事、行政案件请选择“申请事项”。"
    with pytest.raises(WorkflowError) as exc:
        apply(fayuan, matter_type="criminal")
    assert "刑事援助来源" in exc.value.errors["criminal_ground"]
    with pytest.raises(WorkflowError) as exc:
        apply(fayuan, **{**POOR, "is_group": True, "applicant_count": 1})
    assert "至少为2人" in exc.value.errors["applicant_count"]
    assert not LegalAidCase.objects.exists()


def test_receipt_starts_la06_and_the_secondary_warning_equal_to_fazhi_law(fayuan, apply):
    case = apply(fayuan)
    assert due(case, "LA-06") == law.due("LA-06", RECEIVED).due == date(2024, 3, 11)
    assert due(case, "LA-06a") == law.due("LA-06a", RECEIVED).due == date(2024, 3, 11)
    assert case.deadlines.get(rule_id="LA-06").party == "legal_aid_agency"
    assert case.next_due == date(2024, 3, 11)


@override_settings(FAZHI_LAW={"legal_aid_day_unit": "WD", "legal_aid_secondary_warning": False})
def test_the_day_type_and_the_secondary_warning_are_settings(fayuan, apply):
    received = date(2024, 9, 27)  # the National Day holiday falls inside the period
    case = apply(fayuan, received_on=received)
    config = law_config()
    assert config == LawConfig(
        legal_aid_day_unit=Unit.WD,
        legal_aid_secondary_warning=False,
        doc_number_prefixes=config.doc_number_prefixes,
    )
    assert due(case, "LA-06") == law.due("LA-06", received, config=config).due
    assert due(case, "LA-06") != law.due("LA-06", received).due  # working days, not calendar days
    assert not case.deadlines.filter(rule_id="LA-06a").exists()


def test_a_notified_criminal_case_runs_the_three_day_assignment_period(fayuan, apply, pool):
    case = apply(fayuan, matter_type="criminal", criminal_ground="notified", title="涉嫌盗窃罪（通知辩护）")
    assert set(case.deadlines.values_list("rule_id", flat=True)) == {"LA-08b"}
    assert due(case, "LA-08b") == law.due("LA-08b", RECEIVED).due
    assert case.legal_aid.eligibility_outcome == "ELIGIBLE"
    case = step(fayuan, case, "grant", date(2024, 3, 5))
    assert not case.deadlines.filter(rule_id="LA-06b").exists()
    case = step(fayuan, case, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    assert case.deadlines.get(rule_id="LA-08b").state == DeadlineState.MET


# --- the main path ---------------------------------------------------------------------------------


def test_the_main_path_with_every_deadline_equal_to_fazhi_law(fayuan, apply, pool, lawyer_user):
    case = apply(fayuan)
    case = step(fayuan, case, "grant", date(2024, 3, 6))
    assert (case.status, case.outcome, case.accepted_on) == ("granted", "granted", date(2024, 3, 6))
    assert case.deadlines.get(rule_id="LA-06").state == DeadlineState.MET
    assert case.deadlines.get(rule_id="LA-06a").state == DeadlineState.MET
    assert (
        due(case, "LA-06b") == law.due("LA-06b", date(2024, 3, 6)).due == date(2024, 3, 11)
    )  # 9th: Saturday

    case = step(fayuan, case, "assign", date(2024, 3, 8), lawyer=str(pool["zhou"].pk))
    assert case.assignee == lawyer_user and case.legal_aid.lawyer == pool["zhou"]
    assert case.legal_aid.assigned_on == date(2024, 3, 8)
    assert case.deadlines.get(rule_id="LA-06b").state == DeadlineState.MET

    case = step(lawyer_user, case, "accept_assignment", date(2024, 3, 9), note="已签订委托协议")
    case = step(
        lawyer_user,
        case,
        "close",
        date(2024, 6, 20),
        closing_method="mediation",
        summary="劳动仲裁调解，追回工资",
    )
    assert (case.status, case.outcome, case.closed_on) == ("closed", "concluded", date(2024, 6, 20))
    la11 = case.deadlines.get(rule_id="LA-11")
    assert la11.due == law.due("LA-11", date(2024, 6, 20)).due and la11.party == "legal_aid_staff"
    assert case.next_due == la11.due

    case = step(lawyer_user, case, "file_report", date(2024, 7, 1))
    assert case.deadlines.get(rule_id="LA-11").state == DeadlineState.MET
    case = step(
        fayuan, case, "evaluate", date(2024, 11, 5), grade="good", evaluator="杭州市法律援助案件质量同行评估"
    )
    d = case.legal_aid
    assert (d.peer_grade, d.peer_evaluator, d.peer_evaluated_on, d.is_good_grade) == (
        "good",
        "杭州市法律援助案件质量同行评估",
        date(2024, 11, 5),
        True,
    )
    assert (d.closing_method, d.closing_report_on) == ("mediation", date(2024, 7, 1))
    assert case.status == "evaluated" and case.is_closed and case.next_due is None
    assert [e.summary for e in CaseEvent.objects.filter(case=case)] == [
        "收案：追索劳动报酬",
        "决定给予法律援助：给予法律援助",
        "指派律师",
        "接受指派，开始承办",
        "办结：结案",
        "提交结案报告",
        "登记质量评估结果",
    ]


def test_a_late_decision_is_recorded_as_missed(fayuan, apply):
    case = step(fayuan, apply(fayuan), "grant", date(2024, 3, 15))
    assert case.deadlines.get(rule_id="LA-06").state == DeadlineState.MISSED


# --- overrides ----------------------------------------------------------------------------------


def test_granting_against_the_result_needs_a_reason_that_is_recorded_and_audited(fayuan, apply):
    case = apply(fayuan, **RICH)
    assert case.legal_aid.eligibility_outcome == "NOT_ELIGIBLE"
    with pytest.raises(WorkflowError, match="改变审查结果的理由"):
        step(fayuan, case, "grant", date(2024, 3, 6))
    case.refresh_from_db()
    assert case.status == "received" and not case.legal_aid.override
    case = step(
        fayuan, case, "grant", date(2024, 3, 6), override_reason="申请人身患重病，医疗支出巨大，实际生活困难"
    )
    d = LegalAidCase.objects.get(case=case)
    assert (d.override, d.override_by, d.override_on) == (True, fayuan, date(2024, 3, 6))
    assert d.override_reason.startswith("申请人身患重病")
    event = AuditEvent.objects.get(object_id=str(case.pk), detail__eligibility_override="grant")
    assert event.actor == fayuan and event.detail["eligibility"] == "NOT_ELIGIBLE"


def test_refusing_an_eligible_application_needs_a_reason_too(fayuan, apply):
    case = apply(fayuan)
    with pytest.raises(WorkflowError, match="改变审查结果的理由"):
        step(fayuan, case, "refuse", date(2024, 3, 6), reasons="材料不实")
    case = step(
        fayuan,
        case,
        "refuse",
        date(2024, 3, 6),
        reasons="材料不实",
        override_reason="核查发现收入证明不实",
        objection_right_advised="1",
    )
    assert (case.status, case.outcome, case.closed_on) == ("refused", "refused", date(2024, 3, 6))
    assert case.legal_aid.override


def test_a_result_that_needs_review_is_decided_with_the_reviewers_opinion(fayuan, apply):
    case = apply(fayuan, **UNKNOWN_INCOME)
    assert case.legal_aid.eligibility_outcome == "NEEDS_REVIEW"
    with pytest.raises(WorkflowError, match="审查意见"):
        step(fayuan, case, "grant", date(2024, 3, 6))
    case = step(fayuan, case, "grant", date(2024, 3, 6), review_note="经信息共享查询，申请人为低保对象")
    assert not case.legal_aid.override


def test_reassessment_replaces_the_result_without_writing_hardship_data_into_the_timeline(fayuan, apply):
    case = apply(fayuan, **UNKNOWN_INCOME)
    services.legal_aid_reassess(
        actor=fayuan, case=case, on=date(2024, 3, 5), household_size=4, monthly_income_per_head="1200"
    )
    d = LegalAidCase.objects.get(case=case)
    assert (d.eligibility_outcome, d.assessed_on, d.matter) == (
        "ELIGIBLE",
        date(2024, 3, 5),
        "TRAFFIC_ACCIDENT",
    )
    note = case.events.get(kind="note")
    assert note.summary == "重新审查援助条件：符合法律援助条件" and "1200" not in str(note.data)
    step(fayuan, case, "grant", date(2024, 3, 6))
    with pytest.raises(WorkflowError, match="待审查"):
        services.legal_aid_reassess(actor=fayuan, case=case, monthly_income_per_head="9000")


# --- materials, advance provision, withdrawal ------------------------------------------------------


def test_materials_pause_the_review_period_and_are_asked_for_once(fayuan, apply):
    """Issue 14.4: the time spent supplementing material is not counted; the period is not restarted
    (法律援助法 art. 43 para 2)."""
    case = apply(fayuan)
    case = step(fayuan, case, "request_materials", date(2024, 3, 5), items="经济困难证明；劳动合同")
    assert case.status == "awaiting_materials" and case.next_due is None
    assert set(case.deadlines.values_list("state", flat=True)) == {DeadlineState.PAUSED}
    case = step(fayuan, case, "supply_materials", date(2024, 3, 20))
    # Received 03-04, paused 03-05 … 03-19 (15 days): 7 days from 03-04 plus 15 = 03-26.
    pause = [(date(2024, 3, 5), date(2024, 3, 20), "other")]
    assert due(case, "LA-06") == law.due("LA-06", RECEIVED, pauses=pause).due == date(2024, 3, 26)
    assert due(case, "LA-06") != law.due("LA-06", date(2024, 3, 20)).due  # not restarted
    assert case.deadlines.filter(rule_id="LA-06").count() == 1
    with pytest.raises(WorkflowError, match="一次性告知"):
        step(fayuan, case, "request_materials", date(2024, 3, 21), items="身份证")
    d = case.legal_aid
    assert (d.materials_requested_on, d.materials_supplied_on) == (date(2024, 3, 5), date(2024, 3, 20))


def test_materials_not_supplied_mean_the_application_is_withdrawn(fayuan, apply):
    case = step(fayuan, apply(fayuan), "request_materials", date(2024, 3, 5), items="经济困难证明")
    case = step(fayuan, case, "deemed_withdrawn", date(2024, 4, 8), note="逾期未补充")
    assert (case.status, case.outcome, case.closed_on) == ("withdrawn", "deemed_withdrawn", date(2024, 4, 8))


def test_advance_provision_and_the_paperwork_afterwards_la07(fayuan, apply, pool, lawyer_user):
    urgent = {**UNKNOWN_INCOME, "limitation_deadline": date(2024, 3, 8)}
    case = apply(fayuan, **urgent)
    assert case.legal_aid.advance_provision
    case = step(fayuan, case, "grant_advance", date(2024, 3, 4), note="诉讼时效3月8日届满")
    assert case.legal_aid.advance_provided and case.accepted_on == date(2024, 3, 4)
    case = step(fayuan, case, "assign", date(2024, 3, 4), lawyer=str(pool["zhou"].pk))
    case = step(lawyer_user, case, "accept_assignment", date(2024, 3, 4))
    with pytest.raises(WorkflowError, match="补办"):
        step(lawyer_user, case, "close", date(2024, 5, 6), closing_method="judgment", summary="胜诉")
    case = step(lawyer_user, case, "complete_paperwork", date(2024, 3, 12))
    assert case.status == "handling" and case.legal_aid.paperwork_completed_on == date(2024, 3, 12)
    step(lawyer_user, case, "close", date(2024, 5, 6), closing_method="judgment", summary="胜诉")


def test_no_advance_provision_without_urgency(fayuan, apply):
    with pytest.raises(WorkflowError, match="第四十四条"):
        step(fayuan, apply(fayuan), "grant_advance", date(2024, 3, 4), note="申请人着急")


# --- assignment ---------------------------------------------------------------------------------


def test_grave_criminal_cases_need_a_lawyer_with_three_years_practice_art26(fayuan, apply, pool):
    with override_settings(FAZHI_LEGAL_AID_POOL_MIN_YEARS=1):
        junior = add_lawyer(
            fayuan,
            name="新律师",
            law_firm="浙江新锐律师事务所",
            licensed_on=date(2022, 6, 1),
            joined_on=date(2023, 7, 1),
        )
    case = apply(
        fayuan,
        matter_type="criminal",
        criminal_ground="notified",
        severe_penalty=True,
        title="涉嫌故意杀人罪",
    )
    case = step(fayuan, case, "grant", date(2024, 3, 4))
    with pytest.raises(WorkflowError) as exc:
        step(fayuan, case, "assign", date(2024, 3, 5), lawyer=str(junior.pk))
    assert "第二十六条" in exc.value.errors["lawyer"] and "执业1年" in exc.value.errors["lawyer"]
    case.refresh_from_db()
    assert case.status == "granted" and case.assignee is None
    case = step(fayuan, case, "assign", date(2024, 3, 5), lawyer=str(pool["wu"].pk))
    assert case.legal_aid.lawyer == pool["wu"]


def test_only_active_pool_lawyers_can_be_assigned_and_reassignment_moves_the_case(
    fayuan, apply, pool, lawyer_user, other_lawyer_user
):
    case = step(fayuan, apply(fayuan), "grant", date(2024, 3, 5))
    register_retire(actor=fayuan, reg=LAWYERS, obj=pool["wu"], on=date(2024, 3, 5))
    with pytest.raises(WorkflowError):
        step(fayuan, case, "assign", date(2024, 3, 6), lawyer=str(pool["wu"].pk))
    case = step(fayuan, case, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    register_retire(actor=fayuan, reg=LAWYERS, obj=pool["wu"], restore=True)
    case = step(fayuan, case, "reassign", date(2024, 3, 7), lawyer=str(pool["wu"].pk), note="原律师回避")
    assert case.assignee == other_lawyer_user and case.status == "assigned"


def test_the_lawyer_takes_only_the_lawyers_steps(fayuan, apply, pool, lawyer_user):
    case = step(fayuan, apply(fayuan), "grant", date(2024, 3, 5))
    case = step(fayuan, case, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    with pytest.raises(CasePermissionError, match="法律援助机构工作人员"):
        step(lawyer_user, case, "terminate", date(2024, 3, 7), ground="own_lawyer", note="x")
    case = step(lawyer_user, case, "accept_assignment", date(2024, 3, 7))
    case = step(
        lawyer_user, case, "close", date(2024, 4, 1), closing_method="withdrawal", summary="对方支付后撤诉"
    )
    case = step(lawyer_user, case, "file_report", date(2024, 4, 3))
    with pytest.raises(CasePermissionError, match="法律援助机构工作人员"):
        step(lawyer_user, case, "evaluate", date(2024, 5, 1), grade="excellent", evaluator="自评")


def test_a_lawyer_cannot_act_on_a_case_not_assigned_to_them(fayuan, apply, pool, other_lawyer_user):
    case = step(fayuan, apply(fayuan), "grant", date(2024, 3, 5))
    case = step(fayuan, case, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    with pytest.raises(CasePermissionError):
        step(other_lawyer_user, case, "accept_assignment", date(2024, 3, 7))


# --- objections and termination ---------------------------------------------------------------


def test_an_objection_to_a_refusal_is_decided_in_five_days_la09(fayuan, apply):
    case = step(
        fayuan,
        apply(fayuan, **RICH),
        "refuse",
        date(2024, 3, 6),
        reasons="家庭人均月收入高于标准",
        objection_right_advised="1",
    )
    case = step(fayuan, case, "object_refusal", date(2024, 3, 12), grounds="收入证明有误")
    assert due(case, "LA-09") == law.due("LA-09", date(2024, 3, 12)).due
    assert case.deadlines.get(rule_id="LA-09").party == "justice_bureau"
    with pytest.raises(WorkflowError, match="行政复议或者提起行政诉讼"):
        step(fayuan, case, "uphold", date(2024, 3, 15), reasons="维持")
    case = step(
        fayuan, case, "correct_refusal", date(2024, 3, 15), reasons="收入证明经核实有误，责令重新审查"
    )
    assert (case.status, case.closed_on, case.outcome) == ("received", None, "")
    assert case.deadlines.get(rule_id="LA-09").state == DeadlineState.MET
    assert case.legal_aid.objection_result == "corrected"
    case = step(fayuan, case, "grant", date(2024, 3, 16), override_reason="司法局责令改正")
    assert case.accepted_on == date(2024, 3, 16)


def test_termination_on_an_art48_ground_and_an_upheld_objection(fayuan, apply, pool):
    case = step(fayuan, apply(fayuan), "grant", date(2024, 3, 5))
    case = step(fayuan, case, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    case = step(fayuan, case, "terminate", date(2024, 4, 1), ground="own_lawyer", note="受援人自行委托律师")
    assert (case.status, case.outcome, case.closed_on) == ("terminated", "terminated", date(2024, 4, 1))
    assert case.legal_aid.get_termination_ground_display() == "受援人自行委托律师或者其他代理人"
    case = step(fayuan, case, "object_termination", date(2024, 4, 3), grounds="并未委托")
    case = step(fayuan, case, "uphold", date(2024, 4, 7), reasons="经核实已委托", remedies_advised="1")
    assert (
        case.status == "objection_upheld" and case.is_closed and case.legal_aid.objection_result == "upheld"
    )


def test_a_corrected_termination_resumes_the_aid(fayuan, apply, pool):
    case = step(fayuan, apply(fayuan), "grant", date(2024, 3, 5))
    case = step(fayuan, case, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    case = step(fayuan, case, "terminate", date(2024, 4, 1), ground="finances_changed", note="收入增加")
    case = step(fayuan, case, "object_termination", date(2024, 4, 2), grounds="收入未增加")
    case = step(fayuan, case, "correct_termination", date(2024, 4, 5), reasons="核实收入未变化")
    assert (case.status, case.closed_on, case.outcome) == ("handling", None, "granted")
    assert case.legal_aid.termination_ground == ""


# --- the pool, consultations, commendations ---------------------------------------------------


def test_only_the_centres_staff_manage_the_pool(beishan_station, lawyer_user):
    for actor in (beishan_station, lawyer_user):
        with pytest.raises((RegisterPermissionError, WorkflowError)):
            add_lawyer(
                actor, name="某", law_firm="某所", licensed_on=date(2010, 1, 1), joined_on=date(2024, 1, 1)
            )
    assert not LegalAidLawyer.objects.exists()


def test_commendations_may_name_a_case_the_recorder_can_see(fayuan, beishan_station, apply, xihu, pool):
    case = apply(fayuan)
    values = {"received_on": date(2024, 7, 1), "kind": "banner", "giver": "王小明", "case": case.number}
    row = register_create(
        actor=fayuan,
        reg=COMMENDATIONS,
        values={**values, "org_unit": xihu["330106-FYZX"], "lawyer": pool["zhou"]},
    )
    assert (row.case, row.lawyer, row.recorded_by) == (case, pool["zhou"], fayuan)
    with pytest.raises(WorkflowError) as exc:  # a station cannot see the centre's case
        register_create(
            actor=beishan_station,
            reg=COMMENDATIONS,
            values={**values, "kind": "letter", "org_unit": xihu["330106002-SFS"]},
        )
    assert "case" in exc.value.errors


def test_only_the_centre_and_the_stations_receive_applications(district_staff, apply):
    with pytest.raises(WorkflowError) as exc:
        apply(district_staff, unit="330106-FYJ")
    assert "法律援助中心或司法所" in exc.value.errors["org_unit"]
    assert apply(district_staff, unit="330106109-SFS").org_unit.code == "330106109-SFS"


# --- issue 14.4: notified cases, art. 24, 回访, the art. 49 notice ------------------------------------


def test_a_notified_criminal_case_cannot_be_refused(fayuan, apply, pool):
    """法律援助法 arts. 25, 28, 36: a case the court, procuratorate or police notify is assigned within
    3 days; there is no refusal (nor a request for the applicant's materials)."""
    case = apply(fayuan, matter_type="criminal", criminal_ground="notified", title="涉嫌盗窃罪（通知辩护）")
    offered = {
        t.name for t in case.spec.workflow.available(case.status, facts={"criminal_ground": "notified"})
    }
    assert "refuse" not in offered and "request_materials" not in offered
    with pytest.raises(WorkflowError, match="第二十五条"):
        step(
            fayuan,
            case,
            "refuse",
            date(2024, 3, 5),
            reasons="无",
            override_reason="无",
            objection_right_advised="1",
        )
    with pytest.raises(WorkflowError):
        step(fayuan, case, "request_materials", date(2024, 3, 5), items="身份证")
    case.refresh_from_db()
    assert case.status == "received"


def test_a_criminal_defence_application_may_rest_on_another_reason_art24(fayuan, apply):
    """Art. 24: "因经济困难或者其他原因" — the hardship test is not the only door."""
    case = apply(
        fayuan,
        matter_type="criminal",
        criminal_ground="defence_application",
        monthly_income_per_head="9000",
        other_reason="同案其他被告人均已委托辩护人，申请人因在押无法自行委托",
        title="涉嫌诈骗罪（犯罪嫌疑人申请法律援助）",
    )
    d = case.legal_aid
    assert d.eligibility_outcome == "ELIGIBLE" and d.hardship_test == ""  # not the (only) door
    assert "其他原因" in d.eligibility_reasons and "第二十四条" in d.eligibility_reasons
    plain = apply(
        fayuan,
        matter_type="criminal",
        criminal_ground="defence_application",
        title="涉嫌盗窃罪（犯罪嫌疑人申请法律援助）",
    )
    assert plain.legal_aid.eligibility_outcome == "NEEDS_REVIEW"


def test_a_refusal_records_that_the_objection_right_was_told_art49(fayuan, apply):
    case = apply(fayuan, **RICH)
    with pytest.raises(WorkflowError, match="第四十九条"):
        step(fayuan, case, "refuse", date(2024, 3, 6), reasons="家庭人均月收入高于标准")
    case = step(
        fayuan,
        case,
        "refuse",
        date(2024, 3, 6),
        reasons="家庭人均月收入高于标准",
        objection_right_advised="1",
    )
    assert case.legal_aid.objection_right_advised is True


def test_the_recipient_is_visited_with_a_satisfaction_score_art59(fayuan, apply, pool):
    case = step(fayuan, apply(fayuan), "grant", date(2024, 3, 5))
    case = step(fayuan, case, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    case = step(fayuan, case, "accept_assignment", date(2024, 3, 7))
    with pytest.raises(WorkflowError):
        step(fayuan, case, "visit_recipient", date(2024, 4, 1), satisfaction="9", note="电话回访")
    case = step(
        fayuan, case, "visit_recipient", date(2024, 4, 1), satisfaction="4", note="电话回访，受援人满意"
    )
    d = case.legal_aid
    assert (d.recipient_visited_on, d.satisfaction) == (date(2024, 4, 1), 4)
    assert d.get_satisfaction_display() == "满意"
    assert case.status == "handling"  # a quality step: the case stays where it is
