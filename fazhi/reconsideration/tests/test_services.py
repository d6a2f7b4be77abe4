"""行政复议 through the engine: intake with the period check, the main paths, and every deadline
on a case equal to fazhi.law for the same dates — including paused (中止) and extended ones."""

from datetime import date, timedelta

import pytest
from django.db.models import Count, Q

from fazhi.cases.models import Case, CaseLink, DeadlineState
from fazhi.cases.services import case_transition, deadlines_expire
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import AuditEvent
from fazhi.law import deadlines as law
from fazhi.law.periods import Unit, compute
from fazhi.law.reconsideration import (
    CORRECTIVE,
    SETTLED,
    Decision,
    application_period,
    in_correction_denominator,
)
from fazhi.reconsideration.tests.conftest import USCC

D = date


# What a decision records before it (行政复议法 arts. 49, 61).
APPROVED = {"approval": "head", "opinions_heard": "heard"}


def go(actor, case, name, on, **data):
    return case_transition(actor=actor, case=case, name=name, data=data, on=on)


def deadline(case, rule):
    return case.deadlines.get(rule_id=rule)


ACCEPTED_ON = D(2024, 3, 6)
ISSUED_ON = D(2024, 4, 22)


def accepted(officer, application, on=ACCEPTED_ON, **kw):
    case = application(officer, **kw)
    return go(officer, case, "accept", on, procedure="ordinary")


def reviewing(officer, application, **kw):
    case = accepted(officer, application, **kw)
    case = go(officer, case, "send_copy", D(2024, 3, 8), respondent_received_on="2024-03-11")
    return go(officer, case, "record_reply", D(2024, 3, 20), summary="答复及证据", evidence_submitted="1")


# --- intake ----------------------------------------------------------------------------------------


def test_intake_numbers_checks_the_period_and_starts_review_and_correction_periods(officer, application):
    case = application(officer)
    d = case.reconsideration
    assert case.number == "西政复〔2024〕1号" and application(officer).number == "西政复〔2024〕2号"
    assert case.status == "received" and case.org_unit.code == "330106-FYJ"
    respondent = case.parties.get(role="respondent")
    assert respondent.org_unit.code == "330106-SCJG" == d.respondent_agency.code
    assert d.respondent_name == "杭州市西湖区市场监督管理局"
    expected = application_period(knew_on=D(2024, 3, 1), filed_on=D(2024, 3, 5), act_made_on=D(2024, 2, 28))
    assert (d.period_status, d.period_deadline, d.knew_on) == ("IN_TIME", expected.deadline, D(2024, 3, 1))
    assert (
        d.period_basis == "《中华人民共和国行政复议法》第二十条第一款"
        and "在申请期限内" in d.period_explanation
    )
    assert "直接送达的，自受送达人签收之日起计算" in d.start_basis and "第十五条第一款第二项" in d.start_basis
    assert deadline(case, "FY-05").due == law.due("FY-05", D(2024, 3, 5)).due == D(2024, 3, 12)
    assert deadline(case, "FY-06").due == law.due("FY-06", D(2024, 3, 5)).due
    assert not d.fast_track and AuditEvent.objects.filter(action="create", object_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    "kw,status,reason",
    [
        ({"service_date": D(2023, 12, 1), "act_date": D(2023, 12, 1)}, "LATE", "已超过申请期限"),
        ({"service_date": D(2018, 6, 1), "act_date": D(2018, 6, 1)}, "BARRED", "超过5年"),
        (
            {
                "service_date": D(2018, 6, 1),
                "act_date": D(2018, 6, 1),
                "immovable": True,
                "not_informed": True,
            },
            "LATE",
            "最长不得超过",
        ),
        (
            {
                "service_date": D(2024, 1, 10),
                "act_date": D(2024, 1, 5),
                "mailed_on": D(2024, 3, 8),
                "received_on": D(2024, 3, 12),
            },
            "IN_TIME",
            "在申请期限内",
        ),  # T-6: the postmark counts
    ],
)
def test_the_period_check_is_stored_with_its_reasons(officer, application, kw, status, reason):
    d = application(officer, **kw).reconsideration
    assert d.period_status == status
    assert reason in d.period_explanation + d.period_reasons


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"service_date": D(2024, 3, 9)}, "service_date"),
        ({"act_date": D(2024, 3, 2)}, "act_date"),
        ({"mailed_on": D(2024, 3, 6)}, "mailed_on"),
        ({"respondent": "330106-FYJ"}, "respondent"),
        ({"respondent": "不存在的局"}, "respondent"),
    ],
)
def test_intake_errors_name_the_field_and_write_nothing(officer, application, kw, field):
    with pytest.raises(WorkflowError) as exc:
        application(officer, **kw)
    assert field in exc.value.errors
    assert not Case.objects.filter(kind="reconsideration").exists()


def test_only_the_reconsideration_office_handles_cases(officer, xihu, make_user):
    from fazhi.cases.services import PartyInput, case_create
    from fazhi.core.roles import Role

    bureau_officer = make_user(Role.RECONSIDERATION_OFFICER, "330106")
    with pytest.raises(WorkflowError, match="行政复议机构"):
        case_create(
            actor=bureau_officer,
            kind="reconsideration",
            org_unit=xihu["330106-GFZX"],
            received_on=D(2024, 3, 5),
            title="不服处罚",
            parties=[PartyInput(role="respondent", org_unit=xihu["330106-SCJG"])],
            detail={"act_description": "处罚", "service_mode": "DIRECT", "service_date": D(2024, 3, 1)},
        )


# --- the ordinary path ---------------------------------------------------------------------------


def test_ordinary_path_deadlines_equal_fazhi_law_and_a_corrective_decision(officer, application):
    case = accepted(officer, application)
    assert case.accepted_on == D(2024, 3, 6)
    assert deadline(case, "FY-05").state == DeadlineState.MET
    assert deadline(case, "FY-06").state == DeadlineState.CANCELLED
    assert deadline(case, "FY-09").due == law.due("FY-09", D(2024, 3, 6)).due
    assert deadline(case, "FY-15").due == law.due("FY-15", D(2024, 3, 6)).due == D(2024, 5, 6)
    assert not case.deadlines.filter(rule_id__in=["FY-12", "FY-16"]).exists()
    case = go(officer, case, "send_copy", D(2024, 3, 8), respondent_received_on="2024-03-11")
    assert deadline(case, "FY-09").state == DeadlineState.MET
    assert deadline(case, "FY-10").due == law.due("FY-10", D(2024, 3, 11)).due == D(2024, 3, 25)
    case = go(officer, case, "record_reply", D(2024, 3, 20), summary="答复", evidence_submitted="1")
    case = go(
        officer,
        case,
        "decide",
        D(2024, 4, 20),
        decision="CHEXIAO",
        redo_ordered="1",
        summary="程序违法",
        **APPROVED,
    )
    d = case.reconsideration
    assert (case.status, case.outcome, case.closed_on) == ("decided", "CHEXIAO", D(2024, 4, 20))
    assert d.decision == "CHEXIAO" and d.is_corrective and d.redo_ordered
    assert d.decision_number == case.number == "西政复〔2024〕1号"
    assert deadline(case, "FY-15").state == DeadlineState.MET and case.next_due is None
    assert [e.summary for e in case.events.all()] == [
        "收案：不服杭州市西湖区市场监督管理局西市监罚〔2024〕12号行政处罚决定",
        "受理",
        "发送申请书副本",
        "收到被申请人答复",
        "作出行政复议决定：撤销或者部分撤销",
    ]


def test_a_late_decision_marks_the_period_missed(officer, application):
    case = reviewing(officer, application)
    case = go(officer, case, "decide", D(2024, 5, 7), decision="WEICHI", summary="维持", **APPROVED)
    assert deadline(case, "FY-15").state == DeadlineState.MISSED


def test_simplified_procedure_periods_and_conversion(officer, application):
    case = application(officer, amount_involved=2000)
    case = go(
        officer,
        case,
        "accept",
        D(2024, 3, 6),
        procedure="simplified",
        facts_clear="1",
        rights_clear="1",
        dispute_small="1",
    )
    assert "三千元以下" in case.reconsideration.simplified_reasons
    assert deadline(case, "FY-12").due == law.due("FY-12", D(2024, 3, 6)).due
    assert deadline(case, "FY-16").due == law.due("FY-16", D(2024, 3, 6)).due == D(2024, 4, 7)  # 4-05 清明
    with pytest.raises(WorkflowError, match="第六十二条第二款"):
        go(
            officer,
            case,
            "extend",
            D(2024, 3, 7),
            extension_days="10",
            approved_by="陈局长",
            reason="复杂",
            notified="1",
        )
    case = go(officer, case, "convert", D(2024, 3, 7), approved_by="陈局长", reason="案情复杂")
    assert case.status == "accepted" and case.reconsideration.procedure == "ordinary"
    assert deadline(case, "FY-16").state == DeadlineState.CANCELLED
    assert deadline(case, "FY-12").state == DeadlineState.CANCELLED
    assert deadline(case, "FY-15").due == law.due("FY-15", D(2024, 3, 6)).due  # from acceptance
    assert deadline(case, "FY-09").due == law.due("FY-09", D(2024, 3, 6)).due


# --- pauses and extensions equal fazhi.law ---------------------------------------------------------


def test_suspension_pauses_the_decision_period_like_fazhi_law(officer, application):
    case = reviewing(officer, application)
    case = go(officer, case, "suspend", D(2024, 3, 25), ground="8", reason="等待另案判决", notified="1")
    fy15 = deadline(case, "FY-15")
    assert fy15.state == DeadlineState.PAUSED and fy15.pauses == [["2024-03-25", None, "suspension"]]
    assert not case.deadlines.filter(rule_id="FY-23").exists()  # ground 8 does not auto-terminate
    case = go(officer, case, "resume", D(2024, 4, 15), reason="另案已判决", notified="1")
    fy15 = deadline(case, "FY-15")
    expected = law.due("FY-15", D(2024, 3, 6), pauses=[(D(2024, 3, 25), D(2024, 4, 15), "suspension")])
    assert fy15.state == DeadlineState.OPEN and fy15.due == expected.due == D(2024, 5, 27)
    assert fy15.explanation == expected.explanation and "不计入期间的21日" in fy15.explanation
    case = go(
        officer,
        case,
        "extend",
        D(2024, 5, 20),
        extension_days="30",
        approved_by="复议局 陈局长",
        reason="案情复杂",
        notified="1",
    )
    expected = law.due(
        "FY-15", D(2024, 3, 6), pauses=[(D(2024, 3, 25), D(2024, 4, 15), "suspension")], extension_days=30
    )
    assert deadline(case, "FY-15").due == expected.due == D(2024, 6, 25)
    d = case.reconsideration
    assert (d.extension_days, d.extension_approved_by, d.suspension_ground) == (30, "复议局 陈局长", "8")
    with pytest.raises(WorkflowError, match="不能再次延长"):
        go(
            officer,
            case,
            "extend",
            D(2024, 5, 21),
            extension_days="1",
            approved_by="陈局长",
            reason="复杂",
            notified="1",
        )


def test_when_the_deployment_does_not_pause_on_suspension_the_deadline_follows(
    officer, application, settings
):
    settings.FAZHI_LAW = {"suspension_pauses_reconsideration": False}
    case = reviewing(officer, application)
    case = go(officer, case, "suspend", D(2024, 3, 25), ground="8", reason="等待另案判决", notified="1")
    case = go(officer, case, "resume", D(2024, 4, 15), reason="另案已判决", notified="1")
    assert deadline(case, "FY-15").due == law.due("FY-15", D(2024, 3, 6)).due == D(2024, 5, 6)


def test_a_sixty_day_suspension_on_death_terminates_by_itself_fy23(officer, application):
    case = reviewing(officer, application)
    case = go(officer, case, "suspend", D(2024, 3, 25), ground="1", reason="申请人死亡", notified="1")
    fy23 = deadline(case, "FY-23")
    assert fy23.due == law.due("FY-23", D(2024, 3, 25)).due == D(2024, 5, 24)
    deadlines_expire(on=fy23.due)  # not yet: the day itself still counts
    case.refresh_from_db()
    assert case.status == "suspended"
    deadlines_expire(on=fy23.due + timedelta(days=1))
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on) == ("terminated", "ZHONGZHI", fy23.due)
    assert case.reconsideration.termination_ground == "5"
    assert deadline(case, "FY-15").state == DeadlineState.CANCELLED
    assert case.events.last().summary == "中止满六十日终止：终止" and case.events.last().actor_name == "系统"


# --- deemed acceptance and the 补正 cycle ----------------------------------------------------------


def test_deemed_acceptance_when_the_review_period_expires_fy05a(officer, application):
    case = application(officer)
    fy05 = deadline(case, "FY-05").due
    assert deadlines_expire(on=fy05 + timedelta(days=1)) == 1  # FY-06 was cancelled by the same step
    case.refresh_from_db()
    assert (case.status, case.accepted_on) == ("accepted", fy05)
    assert case.reconsideration.deemed_accepted and case.reconsideration.procedure == "ordinary"
    assert deadline(case, "FY-05").state == DeadlineState.MISSED
    assert deadline(case, "FY-06").state == DeadlineState.CANCELLED
    assert deadline(case, "FY-09").due == law.due("FY-09", fy05).due
    assert deadline(case, "FY-15").due == law.due("FY-15", fy05).due
    event = case.events.last()
    assert event.summary == "视为受理" and event.kind == "system" and event.on == fy05


def test_correction_cycle_reruns_the_review_period(officer, application):
    case = application(officer)
    case = go(
        officer,
        case,
        "request_correction",
        D(2024, 3, 7),
        items="身份证明复印件；行政处罚决定书",
        notice_received_on="2024-03-08",
    )
    assert deadline(case, "FY-06").state == DeadlineState.MET
    assert deadline(case, "FY-05").state == DeadlineState.CANCELLED
    assert deadline(case, "FY-07").due == law.due("FY-07", D(2024, 3, 8)).due == D(2024, 3, 22)
    case = go(officer, case, "extend_correction", D(2024, 3, 20), extension_days="5", reason="申请人住院")
    assert deadline(case, "FY-07").due == law.due("FY-07", D(2024, 3, 8), extension_days=5).due
    case = go(officer, case, "receive_supplement", D(2024, 3, 26))
    assert case.status == "received" and deadline(case, "FY-07").state == DeadlineState.MET
    rerun = case.deadlines.filter(rule_id="FY-05", state=DeadlineState.OPEN).get()
    assert rerun.trigger_on == D(2024, 3, 26) and rerun.due == law.due("FY-05", D(2024, 3, 26)).due
    with pytest.raises(WorkflowError, match="一次性"):
        go(officer, case, "request_correction", D(2024, 3, 27), items="再补", notice_received_on="2024-03-27")
    deadlines_expire(on=rerun.due + timedelta(days=1))
    case.refresh_from_db()
    assert (case.status, case.accepted_on) == ("accepted", rerun.due)
    assert case.reconsideration.correction_supplied_on == D(2024, 3, 26)


def test_no_supplement_means_the_application_is_deemed_abandoned(officer, application):
    case = application(officer)
    case = go(
        officer, case, "request_correction", D(2024, 3, 7), items="身份证明", notice_received_on="2024-03-08"
    )
    fy07 = deadline(case, "FY-07").due
    deadlines_expire(on=fy07 + timedelta(days=1))
    case.refresh_from_db()
    # the posted material may still be on its way (在途时间, 民事诉讼法 art. 85.4): FY-07b waits for it
    assert case.status == "correction_lapsed" and not case.closed_on
    transit = deadline(case, "FY-07b").due
    assert transit == law.due("FY-07b", fy07).due
    deadlines_expire(on=transit + timedelta(days=1))
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on) == ("abandoned", "FANGQI", transit)
    assert deadline(case, "FY-07").state == DeadlineState.EXPIRED  # the applicant's window lapsed
    assert case.reconsideration.decision == ""  # recorded, not a decision: not in IND-01/IND-02


def test_a_lapsed_reply_moves_the_case_on_and_means_no_evidence(officer, application):
    case = accepted(officer, application)
    case = go(officer, case, "send_copy", D(2024, 3, 8), respondent_received_on="2024-03-11")
    deadlines_expire(on=D(2024, 3, 26))
    case.refresh_from_db()
    assert case.status == "reviewing" and case.reconsideration.reply_lapsed
    assert deadline(case, "FY-10").state == DeadlineState.MISSED
    with pytest.raises(WorkflowError, match="第七十条"):
        go(officer, case, "decide", D(2024, 4, 1), decision="WEICHI", summary="维持", **APPROVED)
    case = go(
        officer, case, "decide", D(2024, 4, 1), decision="QUEREN_WEIFA", summary="视为没有证据", **APPROVED
    )
    assert case.outcome == "QUEREN_WEIFA"


def test_hearing_notice_deadline_counts_back_from_the_hearing(officer, application):
    case = reviewing(officer, application)
    case = go(
        officer,
        case,
        "schedule_hearing",
        D(2024, 3, 21),
        hearing_on="2024-04-12",
        place="复议局听证室",
        matters="处罚程序是否合法",
    )
    fy11 = deadline(case, "FY-11")
    assert fy11.due == law.due("FY-11", D(2024, 4, 12)).due == D(2024, 4, 3)
    case = go(officer, case, "notify_hearing", D(2024, 3, 22))
    assert deadline(case, "FY-11").state == DeadlineState.MET and case.status == "hearing"
    case = go(officer, case, "hold_hearing", D(2024, 4, 12), head_attended="1", summary="负责人出席")
    assert case.status == "reviewing" and case.reconsideration.hearing_held_on == D(2024, 4, 12)


@pytest.mark.parametrize(
    "name,data,outcome,state",
    [
        ("mediation_agreement", {"content": "退还部分罚款", "signed": "1"}, "TIAOJIE", "mediated"),
        ("withdraw", {"reason": "已和解", "voluntary": "1", "settled": "1"}, "HEJIE_CHEHUI", "withdrawn"),
        ("terminate", {"ground": "4", "reason": "被采取刑事强制措施"}, "ZHONGZHI", "terminated"),
        ("dismiss", {"ground": "interest", "reason": "无利害关系"}, "BOHUI_SHENQING", "dismissed"),
    ],
)
def test_other_closings_from_any_open_state(officer, application, name, data, outcome, state):
    case = accepted(officer, application)
    case = go(officer, case, "mediate", D(2024, 3, 7), note="组织双方调解")
    case = go(officer, case, name, D(2024, 3, 20), **data)
    assert (case.status, case.outcome, case.reconsideration.decision) == (state, outcome, outcome)
    assert deadline(case, "FY-15").state == DeadlineState.MET
    assert deadline(case, "FY-09").state == DeadlineState.CANCELLED
    assert case.reconsideration.mediation_started_on == D(2024, 3, 7)


def test_not_accepting_gives_reasons_and_closes(officer, application):
    case = application(officer)
    case = go(
        officer,
        case,
        "not_accept",
        D(2024, 3, 8),
        ground="jurisdiction",
        reason="属海关管辖",
        competent_body="杭州海关",
    )
    d = case.reconsideration
    assert (case.status, case.outcome, d.decision, d.competent_body) == (
        "not_accepted",
        "BU_SHOULI",
        "BU_SHOULI",
        "杭州海关",
    )
    assert deadline(case, "FY-05").state == DeadlineState.MET


# --- fast track and 容缺接收 ------------------------------------------------------------------------


def test_enterprise_fast_track_internal_targets_beside_the_statutory_ones(officer, application):
    case = application(
        officer, enterprise=True, uscc=USCC, incomplete_intake=True, missing_items="营业执照副本"
    )
    d = case.reconsideration
    assert d.fast_track and case.enterprise_related and d.supplement_pending
    rows = d.fast_track_rows
    assert [(r["rule"], r["statutory"], r["due"], r["target"]) for r in rows] == [
        ("FY-05", law.due("FY-05", D(2024, 3, 5)).due, D(2024, 3, 7), "2个工作日")
    ]
    assert d.internal_due == D(2024, 3, 7)
    case = go(officer, case, "accept", D(2024, 3, 6), procedure="ordinary")
    rows = {r["rule"] or "supplement": r for r in case.reconsideration.fast_track_rows}
    assert rows["FY-09"]["due"] == compute(D(2024, 3, 6), 3, Unit.WD).due == D(2024, 3, 11)
    assert rows["FY-15"]["due"] == compute(D(2024, 3, 6), 30, Unit.CD).due
    assert rows["FY-15"]["statutory"] == law.due("FY-15", D(2024, 3, 6)).due
    assert rows["supplement"]["due"] == compute(D(2024, 3, 6), 10, Unit.WD).due == D(2024, 3, 20)
    assert not rows["FY-05"]["live"] and rows["FY-05"]["done_on"] == D(2024, 3, 6)
    case.reconsideration.refresh_from_db()
    assert case.reconsideration.internal_due == D(2024, 3, 11)
    case = go(officer, case, "send_copy", D(2024, 3, 8), respondent_received_on="2024-03-11")
    case = go(officer, case, "complete_materials", D(2024, 3, 12), note="营业执照副本")
    case.reconsideration.refresh_from_db()
    assert case.reconsideration.supplement_received_on == D(2024, 3, 12)
    assert case.reconsideration.internal_due == rows["FY-15"]["due"]
    with pytest.raises(WorkflowError, match="已于2024-03-12补齐"):
        go(officer, case, "complete_materials", D(2024, 3, 13))


def test_an_ordinary_case_has_no_internal_targets(officer, application):
    case = accepted(officer, application)
    assert case.reconsideration.fast_track_rows == [] and case.reconsideration.internal_due is None


def test_internal_targets_must_be_shorter_than_the_law(settings, officer, application):
    from django.core.exceptions import ImproperlyConfigured

    settings.FAZHI_RECONSIDERATION_FAST_TRACK = {"FY-15": [60, "CD"]}
    with pytest.raises(ImproperlyConfigured, match="应短于法定期限"):
        application(officer, enterprise=True)


# --- 行政复议意见书 (FY-26) ------------------------------------------------------------------------


def issue(officer, case, on=ISSUED_ON, **kw):
    data = {
        "title": "关于规范市场监管领域行政执法程序的行政复议意见书",
        "recipient": "respondent",
        "domain": "市场监管",
        "problems": "未告知陈述申辩权利",
        "suggestions": "规范告知程序",
        **kw,
    }
    return go(officer, case, "issue_opinion", on, **data)


def letter_of(case):
    return CaseLink.objects.get(from_case=case, kind="follow_up").to_case


def test_an_opinion_letter_is_its_own_case_with_the_60_day_reply_tracked(officer, application):
    case = reviewing(officer, application)
    case = go(officer, case, "decide", D(2024, 4, 20), decision="CHEXIAO", summary="程序违法", **APPROVED)
    case = issue(officer, case)
    assert case.status == "decided"  # a recording step
    letter = letter_of(case)
    assert (letter.kind, letter.number, letter.status) == ("opinion_letter", "西政复意〔2024〕1号", "issued")
    assert letter.received_on == D(2024, 4, 22) and letter.org_unit == case.org_unit
    assert (
        letter.opinion_letter.recipient.code == "330106-SCJG" and letter.opinion_letter.domain == "市场监管"
    )
    assert letter.parties.get().role == "respondent"
    letter = go(officer, letter, "deliver", D(2024, 4, 24), mode="direct")
    fy26 = deadline(letter, "FY-26")
    assert (
        fy26.due == law.due("FY-26", D(2024, 4, 24)).due == D(2024, 6, 24)
        and fy26.party == "recipient_agency"
    )
    assert letter.next_due == fy26.due
    letter = go(officer, letter, "reply", D(2024, 6, 20), result="corrected", summary="已修订执法文书")
    assert (letter.status, letter.outcome) == ("replied", "corrected")
    assert deadline(letter, "FY-26").state == DeadlineState.MET
    assert letter.opinion_letter.replied_on == D(2024, 6, 20)


def test_an_unanswered_opinion_letter_becomes_overdue_and_is_urged(officer, application):
    case = issue(
        officer,
        reviewing(officer, application),
        on=D(2024, 3, 21),
        recipient="other",
        recipient_other="西湖区农业农村局",
    )
    letter = letter_of(case)
    assert letter.opinion_letter.recipient.code == "330106-NYNC" and letter.parties.get().role == "other"
    letter = go(officer, letter, "deliver", D(2024, 3, 22), mode="postal")
    deadlines_expire(on=deadline(letter, "FY-26").due + timedelta(days=1))
    letter.refresh_from_db()
    assert letter.status == "overdue" and deadline(letter, "FY-26").state == DeadlineState.MISSED
    letter = go(officer, letter, "urge", D(2024, 5, 30), measure="interview", note="约谈分管负责人")
    assert letter.status == "overdue" and letter.opinion_letter.urge_measure == "interview"
    letter = go(officer, letter, "reply", D(2024, 6, 5), result="partial", summary="部分整改")
    assert letter.status == "replied" and deadline(letter, "FY-26").state == DeadlineState.MISSED


def test_an_opinion_letter_goes_to_an_agency(officer, application):
    case = reviewing(officer, application)
    with pytest.raises(WorkflowError) as exc:
        issue(officer, case, recipient="other", recipient_other="西湖区司法局行政应诉科")
    assert "recipient_other" in exc.value.errors
    assert not Case.objects.filter(kind="opinion_letter").exists()


# --- what the indicators count: plain grouped queries ----------------------------------------------


def test_report_figures_come_from_grouped_queries_on_the_records(officer, application):
    closings = [
        ("decide", {"decision": "CHEXIAO", "summary": "撤销", **APPROVED}),
        ("decide", {"decision": "WEICHI", "summary": "维持", **APPROVED}),
        ("mediation_agreement", {"content": "调解", "signed": "1"}),
        ("withdraw", {"reason": "和解", "voluntary": "1"}),
    ]
    for name, data in closings:
        go(officer, reviewing(officer, application), name, D(2024, 4, 1), **data)
    go(officer, application(officer), "not_accept", D(2024, 3, 8), ground="scope", reason="不属于复议范围")
    application(officer)  # still pending
    rows = Case.objects.filter(kind="reconsideration", received_on__year=2024).aggregate(
        received=Count("id"),
        concluded=Count(
            "id", filter=Q(closed_on__year=2024) & ~Q(reconsideration__decision__in=["", "BU_SHOULI"])
        ),
        corrected=Count(
            "id", filter=Q(closed_on__year=2024, reconsideration__decision__in=sorted(CORRECTIVE))
        ),
        settled=Count("id", filter=Q(closed_on__year=2024, reconsideration__decision__in=sorted(SETTLED))),
    )
    assert rows == {"received": 6, "concluded": 4, "corrected": 1, "settled": 2}
    decided = Case.objects.filter(kind="reconsideration", closed_on__isnull=False)
    assert sum(in_correction_denominator(c.outcome) for c in decided) == rows["concluded"]
    assert all(c.outcome == c.reconsideration.decision for c in decided)
    assert Decision.BU_SHOULI in {c.outcome for c in decided}
