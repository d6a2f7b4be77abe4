"""行政应诉 through the engine: registration with the court case number, the main path, deadlines
equal to fazhi.law, hearings and appearance, settlement, appeal, and who may write."""

from datetime import date, timedelta

import pytest

from fazhi.cases.models import Case, CaseLink, DeadlineState, Party
from fazhi.cases.services import CasePermissionError, case_transition, deadlines_expire
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role
from fazhi.law import deadlines as law
from fazhi.law.periods import PauseKind
from fazhi.litigation.models import LitigationHearing
from fazhi.litigation.services import litigation_link_by_number


def step(actor, case, name, on, **data):
    return case_transition(actor=actor, case=case, name=name, data=data, on=on)


def deadline(case, rule):
    return case.deadlines.get(rule_id=rule)


def to_trial(actor, case):
    return step(actor, case, "answer", date(2024, 3, 15), evidence_count="12")


# --- registration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "（2024）浙0106行初123号",
        "(2024)浙0106行初123号",
        "（２０２４）浙０１０６行初１２３号",
        " (2024) 浙0106 行初 123 号 ",
    ],
)
def test_the_court_case_number_is_parsed_and_stored_normalised(yingsu, register, typed):
    case = register(yingsu, number=typed)
    assert case.number == "（2024）浙0106行初123号"
    d = case.litigation
    assert (d.court_code, d.case_year, d.type_code, d.case_seq, d.instance) == (
        "浙0106",
        2024,
        "行初",
        123,
        "first",
    )


def test_registration_records_parties_detail_and_starts_the_deadlines(yingsu, register, xihu):
    case = register(yingsu)
    assert (case.kind, case.status, case.org_unit.code) == ("litigation", "answering", "330106-YSK")
    assert case.received_on == date(2024, 3, 5) and case.litigation.copy_received_on == date(2024, 3, 5)
    roles = {(p.role, p.name) for p in Party.objects.filter(case=case)}
    assert roles == {("plaintiff", "王小明"), ("defendant", "杭州市西湖区市场监督管理局")}
    assert case.litigation.defendant_agency == xihu["330106-SCJG"]
    xs09, xs08 = deadline(case, "XS-09"), deadline(case, "XS-08")
    assert (xs09.trigger_on, xs09.due) == (date(2024, 3, 1), law.due("XS-09", date(2024, 3, 1)).due)
    assert xs09.due == date(2024, 9, 2)  # 2024-09-01 is a Sunday (T-2)
    assert (xs08.trigger_on, xs08.due) == (date(2024, 3, 5), law.due("XS-08", date(2024, 3, 5)).due)
    assert xs08.party == "defendant_agency" and "第六十七条" in xs08.basis
    assert case.next_due == xs08.due
    assert AuditEvent.objects.filter(action="create", object_id=str(case.pk)).exists()


def test_without_the_complaint_copy_the_answer_period_waits(yingsu, register):
    case = register(yingsu, copy_received_on=None)
    assert case.status == "registered" and not case.deadlines.filter(rule_id="XS-08").exists()
    case = step(yingsu, case, "receive_copy", date(2024, 3, 8), copy_received_on="2024-03-07")
    assert deadline(case, "XS-08").due == law.due("XS-08", date(2024, 3, 7)).due
    assert case.litigation.copy_received_on == date(2024, 3, 7)


@pytest.mark.parametrize(
    "kw,field,text",
    [
        ({"number": "2024浙0106行初123号"}, "court_case_number", "不符合"),
        ({"number": "（2024）浙0106行初0号"}, "court_case_number", "从1开始"),
        ({"number": "（2024）浙01行终45号"}, "court_case_number", "第一审"),
        ({"agency": "330106-YSK"}, "defendant_agency", "不是区级部门或镇街"),
        ({"filed_on": date(2024, 3, 6)}, "filed_on", "不能晚于"),
        ({"filed_on": date(2022, 3, 1)}, "filed_on", "收案年度"),
        ({"copy_received_on": date(2024, 3, 4)}, "copy_received_on", "不能早于收到应诉通知日期"),
        ({"court_name": " "}, "court_name", "受理法院"),
    ],
)
def test_bad_registrations_are_refused_naming_the_field(yingsu, register, kw, field, text):
    with pytest.raises(WorkflowError) as exc:
        register(yingsu, **kw)
    assert text in exc.value.errors[field]
    assert not Case.objects.filter(kind="litigation").exists()


def test_a_case_number_is_registered_once(yingsu, register):
    register(yingsu)
    with pytest.raises(WorkflowError) as exc:
        register(yingsu, number="(2024)浙0106行初123号")
    assert "已登记" in exc.value.errors["court_case_number"]


def test_a_township_can_be_the_defendant_and_the_district_government_joins_as_co_defendant(yingsu, register):
    case = register(yingsu, agency="330106002", government_co_defendant=True, act_category="expropriation")
    defendants = set(
        Party.objects.filter(case=case, role="defendant").values_list("org_unit__code", flat=True)
    )
    assert defendants == {"330106002", "330106-QZF"}


def test_only_the_litigation_office_may_register_or_act(make_user, yingsu, register):
    street = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")
    with pytest.raises(CasePermissionError):
        register(street)
    case = register(yingsu)
    for role, org in (
        (Role.RECONSIDERATION_OFFICER, "330106"),
        (Role.LEADER, "330106"),
        (Role.AUDITOR, "330106"),
    ):
        with pytest.raises(CasePermissionError):
            step(make_user(role, org), case, "answer", date(2024, 3, 15))


# --- the main path ----------------------------------------------------------------------------------


def test_answer_hearing_with_the_head_and_a_judgment_with_its_appeal_window(yingsu, register):
    case = to_trial(yingsu, register(yingsu))
    assert case.status == "in_trial" and case.litigation.answered_on == date(2024, 3, 15)
    xs08 = deadline(case, "XS-08")
    assert (xs08.state, xs08.done_on) == (DeadlineState.MET, date(2024, 3, 15))
    case = step(
        yingsu,
        case,
        "hearing",
        date(2024, 4, 10),
        held_on="2024-04-10",
        appearance_required="1",
        notice_served_on="2024-04-01",
        appeared_position="DEPUTY",
        appeared_name="李明",
        appeared_title="副局长",
    )
    hearing = LitigationHearing.objects.get(case=case)
    assert hearing.counts_as_head and hearing.agency_represented and not hearing.flagged
    assert not hearing.notice_short and "第二条第一款" in hearing.finding
    d = case.litigation
    assert (d.hearing_count, d.appearance_required, d.head_appeared, d.appearance_flagged) == (
        1,
        True,
        True,
        False,
    )
    case = step(yingsu, case, "judge", date(2024, 5, 6), outcome="CHEXIAO", served_on="2024-05-08")
    assert (case.status, case.outcome, case.closed_on) == ("judged", "CHEXIAO", date(2024, 5, 6))
    assert case.litigation.is_loss and case.litigation.result_label == "败诉"
    xs11 = deadline(case, "XS-11")
    assert (xs11.trigger_on, xs11.due) == (date(2024, 5, 8), law.due("XS-11", date(2024, 5, 8)).due)
    assert xs11.due == date(2024, 5, 23) and xs11.on_expiry == "judgment_effective"
    assert deadline(case, "XS-09").state == DeadlineState.MET
    assert case.next_due is None  # an appeal window is the parties', not a duty of the agency
    assert [e.summary for e in case.events.all()] == [
        "收案：不服行政处罚决定",
        "收到起诉状副本",
        "提交答辩状及证据",
        "登记开庭及出庭情况",
        "一审判决：判决撤销或者部分撤销",
    ]


def test_a_late_answer_misses_xs08(yingsu, register):
    case = step(yingsu, register(yingsu), "answer", date(2024, 3, 25))
    assert deadline(case, "XS-08").state == DeadlineState.MISSED


def test_a_ruling_has_a_ten_day_appeal_window_xs11b(yingsu, register):
    case = step(
        yingsu, register(yingsu), "rule", date(2024, 3, 20), outcome="BOHUI_QISU", served_on="2024-03-22"
    )
    assert deadline(case, "XS-11b").due == law.due("XS-11b", date(2024, 3, 22)).due == date(2024, 4, 1)
    assert deadline(case, "XS-08").state == DeadlineState.CANCELLED
    assert not case.litigation.is_loss and case.litigation.result_label == "未败诉"


def test_the_service_date_cannot_precede_the_judgment(yingsu, register):
    case = to_trial(yingsu, register(yingsu))
    with pytest.raises(WorkflowError) as exc:
        step(yingsu, case, "judge", date(2024, 5, 6), outcome="CHEXIAO", served_on="2024-05-01")
    assert "不能早于裁判日期" in exc.value.errors["served_on"]
    case.refresh_from_db()
    assert case.status == "in_trial" and not case.deadlines.filter(rule_id="XS-11").exists()


def test_without_an_appeal_the_judgment_takes_effect_when_the_window_ends(yingsu, register):
    case = to_trial(yingsu, register(yingsu))
    case = step(
        yingsu, case, "judge", date(2024, 5, 6), outcome="BOHUI_SUSONG_QINGQIU", served_on="2024-05-08"
    )
    deadlines_expire(on=date(2024, 5, 24))
    case.refresh_from_db()
    assert case.status == "effective" and case.litigation.effective_on == date(2024, 5, 23)
    assert deadline(case, "XS-11").state == DeadlineState.EXPIRED  # the window ran out unused


def test_an_appeal_and_the_second_instance(yingsu, register):
    case = to_trial(yingsu, register(yingsu))
    case = step(yingsu, case, "judge", date(2024, 5, 6), outcome="QUEREN_WEIFA", served_on="2024-05-08")
    case = step(yingsu, case, "appeal", date(2024, 5, 20), appellant="defendant")
    assert case.status == "appealed" and deadline(case, "XS-11").state == DeadlineState.MET
    assert (case.litigation.appellant, case.litigation.appealed_on) == ("defendant", date(2024, 5, 20))
    with pytest.raises(WorkflowError) as exc:
        step(
            yingsu,
            case,
            "appeal_conclude",
            date(2024, 8, 1),
            appeal_result="upheld",
            second_number="（2024）浙01行初4号",
        )
    assert "行终" in exc.value.errors["second_number"]
    case = step(
        yingsu,
        case,
        "appeal_conclude",
        date(2024, 8, 1),
        appeal_result="upheld",
        second_number="(2024)浙01行终45号",
    )
    assert case.status == "appeal_closed" and case.litigation.effective_on == date(2024, 8, 1)
    assert case.outcome == "QUEREN_WEIFA"  # IND-04 counts the first-instance result


def test_suspension_pauses_the_trial_period_t9(yingsu, register):
    case = to_trial(yingsu, register(yingsu))
    case = step(yingsu, case, "suspend", date(2024, 4, 1), reason="等待另案审理结果")
    assert deadline(case, "XS-09").state == DeadlineState.PAUSED
    case = step(yingsu, case, "resume", date(2024, 5, 1))
    xs09 = deadline(case, "XS-09")
    expected = law.due(
        "XS-09", date(2024, 3, 1), pauses=[(date(2024, 4, 1), date(2024, 5, 1), PauseKind.SUSPENSION)]
    )
    assert xs09.state == DeadlineState.OPEN and xs09.due == expected.due > date(2024, 9, 2)


# --- hearings and appearance (XS-15 … XS-21) -------------------------------------------------------


def hearing(actor, case, on=date(2024, 4, 10), **data):
    return step(actor, case, "hearing", on, held_on=on.isoformat(), **data)


def test_a_hearing_without_a_head_or_a_reason_is_flagged(yingsu, register):
    case = hearing(
        yingsu, to_trial(yingsu, register(yingsu)), appeared_position="STAFF", appeared_name="周科员"
    )
    h = LitigationHearing.objects.get(case=case)
    assert not h.counts_as_head and h.agency_represented and h.flagged and "未说明理由" in h.finding
    assert case.litigation.appearance_flagged and not case.litigation.head_appeared
    # One appearance of a 负责人 in the instance suffices (XS-19); the flag of the first hearing stays.
    case = hearing(yingsu, case, on=date(2024, 5, 10), appeared_position="PRINCIPAL", appeared_name="陈局长")
    assert case.litigation.head_appeared and case.litigation.hearing_count == 2
    assert case.litigation.appearance_flagged


def test_an_absence_with_a_valid_reason_and_proof_is_not_flagged_xs20(yingsu, register):
    case = hearing(
        yingsu,
        to_trial(yingsu, register(yingsu)),
        appeared_position="STAFF",
        appeared_name="周科员",
        absence_reason="IRREPLACEABLE_DUTY",
        absence_proof="1",
    )
    h = LitigationHearing.objects.get(case=case)
    assert not h.flagged and h.get_absence_reason_display() == "需要履行他人不能代替的公务"
    assert "第八条" in h.finding


def test_a_reason_without_proof_and_no_one_appearing_are_flagged(yingsu, register):
    case = hearing(yingsu, to_trial(yingsu, register(yingsu)), absence_reason="ACCIDENT")
    h = LitigationHearing.objects.get(case=case)
    assert h.flagged and not h.agency_represented and h.appeared_name == ""
    assert "第九条第一款" in h.finding and "第十二条第三项" in h.finding


def test_a_late_court_notice_is_checked_against_xs18(yingsu, register):
    latest = law.due("XS-18", date(2024, 4, 20)).due
    assert latest == date(2024, 4, 16)  # at least 3 clear days before the hearing
    case = to_trial(yingsu, register(yingsu))
    for served, short in ((latest, False), (latest + timedelta(days=1), True)):
        case = hearing(
            yingsu,
            case,
            on=date(2024, 4, 20),
            appeared_position="DEPUTY",
            appeared_name="李明",
            notice_served_on=served.isoformat(),
        )
        h = LitigationHearing.objects.filter(case=case).latest("id")
        assert h.notice_short is short and not h.flagged
    assert "应不晚于2024年4月16日送达" in h.finding and "第五条第二款" in h.finding


def test_hearing_dates_must_make_sense(yingsu, register):
    case = to_trial(yingsu, register(yingsu))
    with pytest.raises(WorkflowError) as exc:
        step(yingsu, case, "hearing", date(2024, 4, 10), held_on="2024-04-11")
    assert "held_on" in exc.value.errors
    with pytest.raises(WorkflowError) as exc:
        step(yingsu, case, "hearing", date(2024, 4, 10), held_on="2024-03-04")
    assert "不能早于收到起诉状副本日期" in exc.value.errors["held_on"]
    assert not LitigationHearing.objects.exists()


def test_a_scheduled_hearing_shows_until_it_is_held(yingsu, register):
    case = to_trial(yingsu, register(yingsu))
    case = step(yingsu, case, "schedule_hearing", date(2024, 3, 20), hearing_date="2024-04-10")
    assert case.litigation.next_hearing_on == date(2024, 4, 10)
    case = hearing(yingsu, case, appeared_position="DEPUTY", appeared_name="李明")
    assert case.litigation.next_hearing_on is None


# --- 调解, 撤诉 ------------------------------------------------------------------------------------------


def test_mediation_is_refused_for_a_penalty_and_allowed_for_compensation_xs13(yingsu, register):
    penalty = to_trial(yingsu, register(yingsu))
    with pytest.raises(WorkflowError, match="第六十条"):
        step(yingsu, penalty, "mediate", date(2024, 4, 1), note="双方同意")
    claim = register(yingsu, number="（2024）浙0106行赔初7号", act_category="compensation", title="行政赔偿")
    claim = step(yingsu, claim, "mediate", date(2024, 4, 1), note="赔偿3万元")
    assert (claim.status, claim.outcome, claim.closed_on) == ("settled", "TIAOJIE", date(2024, 4, 1))
    assert claim.litigation.is_settled and claim.litigation.effective_on == date(2024, 4, 1)
    assert deadline(claim, "XS-08").state == DeadlineState.CANCELLED


def test_withdrawal_after_the_agency_changed_its_act(yingsu, register):
    case = step(
        yingsu,
        to_trial(yingsu, register(yingsu)),
        "withdraw",
        date(2024, 4, 2),
        withdraw_kind="CHESU_GAIBIAN",
    )
    assert (case.status, case.outcome) == (
        "settled",
        "CHESU_GAIBIAN",
    ) and case.litigation.result_label == "调撤"
    assert deadline(case, "XS-09").state == DeadlineState.MET


# --- the reconsideration on the same act ---------------------------------------------------------------


@pytest.fixture
def reconsideration(xihu):
    """A reconsideration case row (made directly: this line never imports the reconsideration app)."""
    fyj = xihu["330106-FYJ"]
    return Case.objects.create(
        kind="reconsideration",
        number="西政复〔2024〕12号",
        title="不服行政处罚决定",
        org_unit=fyj,
        org_path=fyj.path,
        status="decided",
        received_on=date(2024, 1, 5),
    )


def test_a_suit_after_reconsideration_is_linked_by_number(yingsu, register, reconsideration):
    case = register(yingsu, reconsideration_number="西政复〔2024〕12号", government_co_defendant=True)
    link = CaseLink.objects.get(from_case=case)
    assert (link.to_case, link.kind) == (reconsideration, "same_act")
    assert case.litigation.after_reconsideration
    # Linking is dated on the receipt, so the next steps may still be dated before today.
    to_trial(yingsu, case)


def test_linking_later_from_the_case_page(yingsu, register, reconsideration, make_user):
    case = register(yingsu)
    with pytest.raises(WorkflowError) as exc:
        litigation_link_by_number(actor=yingsu, case=case, number="西政复〔2024〕99号")
    assert "找不到" in exc.value.errors["reconsideration"]
    litigation_link_by_number(actor=yingsu, case=case, number="西政复〔2024〕12号")
    case.litigation.refresh_from_db()
    assert case.litigation.reconsideration_number == "西政复〔2024〕12号"
    street = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")
    with pytest.raises(WorkflowError):  # a user who cannot see the reconsideration finds nothing
        litigation_link_by_number(actor=street, case=case, number="西政复〔2024〕12号")


# --- issue 14.6: XS-08's effect, the extension request, XS-18 on its literal date -----------------


def test_an_appearance_notice_is_judged_on_the_literal_date_xs18(yingsu, register):
    """Hearing 2025-10-09 (国庆 holiday before it): a notice served 10-05 leaves 3 whole days → in time;
    10-06 does not (出庭规定 art. 5 para 2)."""
    case = register(
        yingsu,
        number="（2025）浙0106行初7号",
        filed_on=date(2025, 9, 1),
        received_on=date(2025, 9, 3),
        copy_received_on=date(2025, 9, 3),
    )
    case = step(yingsu, case, "answer", date(2025, 9, 10))
    for served, short in ((date(2025, 10, 5), False), (date(2025, 10, 6), True)):
        case = hearing(
            yingsu,
            case,
            on=date(2025, 10, 9),
            appearance_required="1",
            appeared_position="DEPUTY",
            appeared_name="李明",
            notice_served_on=served.isoformat(),
        )
        h = LitigationHearing.objects.filter(case=case).latest("id")
        assert h.notice_short is short, served
    assert "应不晚于2025年10月5日送达" in h.finding


def test_xs08_expiry_deems_the_act_without_evidence(yingsu, register):
    """行政诉讼法 art. 34 para 2: no evidence within 15 days → 视为没有相应证据."""
    case = register(yingsu)
    assert deadline(case, "XS-08").on_expiry == "xs_no_evidence"
    deadlines_expire(on=date(2024, 3, 21))
    case.refresh_from_db()
    assert deadline(case, "XS-08").state == DeadlineState.MISSED
    assert case.litigation.deemed_no_evidence
    assert case.status == "answering"
    assert "视为没有相应证据" in case.events.last().summary
    # The late answer is still recorded; the finding stays.
    case = step(yingsu, case, "answer", date(2024, 3, 25))
    assert case.status == "in_trial" and case.litigation.deemed_no_evidence


def test_a_written_extension_request_is_recordable(yingsu, register):
    """行政诉讼法 art. 36 para 1; 行诉解释 art. 34: a written request within the 15 days; if the court
    permits, evidence within 15 days after the cause ends."""
    case = register(yingsu)
    with pytest.raises(WorkflowError) as exc:
        step(
            yingsu,
            case,
            "request_evidence_extension",
            date(2024, 3, 21),
            requested_on="2024-03-21",
            reason="不可抗力",
        )
    assert "十五日内" in exc.value.errors["requested_on"]
    case = step(
        yingsu,
        case,
        "request_evidence_extension",
        date(2024, 3, 18),
        requested_on="2024-03-18",
        reason="档案库房受灾",
    )
    assert case.litigation.evidence_extension_requested_on == date(2024, 3, 18)
    case = step(yingsu, case, "evidence_extension_granted", date(2024, 3, 19), cause_ended_on="2024-04-01")
    assert deadline(case, "XS-08").state == DeadlineState.CANCELLED
    xs08b = deadline(case, "XS-08b")
    assert xs08b.due == law.due("XS-08b", date(2024, 4, 1)).due == date(2024, 4, 16)
    deadlines_expire(on=date(2024, 4, 2))
    case.refresh_from_db()
    assert not case.litigation.deemed_no_evidence
    case = step(yingsu, case, "answer", date(2024, 4, 10))
    assert deadline(case, "XS-08b").state == DeadlineState.MET and not case.litigation.deemed_no_evidence


def test_a_refused_extension_leaves_xs08_running(yingsu, register):
    case = register(yingsu)
    case = step(
        yingsu,
        case,
        "request_evidence_extension",
        date(2024, 3, 18),
        requested_on="2024-03-18",
        reason="档案库房受灾",
    )
    with pytest.raises(WorkflowError, match="尚未登记"):
        step(
            yingsu,
            register(yingsu, number="（2024）浙0106行初124号"),
            "evidence_extension_refused",
            date(2024, 3, 19),
        )
    case = step(yingsu, case, "evidence_extension_refused", date(2024, 3, 19))
    assert deadline(case, "XS-08").state == DeadlineState.OPEN
    assert case.litigation.evidence_extension_granted is False
