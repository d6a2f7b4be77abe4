"""The gate in the service: a decision cannot be decided while a mandatory step is missing."""

from datetime import date

import pytest

from fazhi.cases.models import Case, Deadline
from fazhi.cases.services import CasePermissionError, case_transition
from fazhi.cases.workflow import WorkflowError
from fazhi.decisions.tests.conftest import DECIDE

pytestmark = pytest.mark.django_db
DECIDE_ON = date(2024, 4, 1)


def decide(actor, case, on=DECIDE_ON, **data):
    return case_transition(actor=actor, case=case, name="decide", data={**DECIDE, **data}, on=on)


def test_walked_decision_is_decided_published_and_archived(bumen, start, walk):
    case = walk(bumen, start(bumen))
    assert case.number == "JC-2024-01"  # the catalogue's year
    case = decide(bumen, case)
    assert case.status == "decided" and case.outcome == "decided"
    case = case_transition(
        actor=bumen,
        case=case,
        name="publish",
        data={"publish_channel": "区政府门户网站"},
        on=date(2024, 4, 8),
    )
    case = case_transition(
        actor=bumen, case=case, name="archive", data={"archive_number": "JC-2024-01"}, on=date(2024, 5, 6)
    )
    case.refresh_from_db()
    assert case.status == "archived" and case.closed_on == date(2024, 5, 6)
    d = case.decision
    assert d.meeting_on == DECIDE_ON and d.published_on == date(2024, 4, 8) and d.head_spoke_last


def test_without_comment_period_cannot_be_decided(bumen, start, walk):
    case = start(bumen)
    case = case_transition(actor=bumen, case=case, name="draft", on=date(2024, 2, 5))
    # Straight to review without opening the comment period is not a path: the gate also holds for
    # a case whose comment dates were never recorded (e.g. imported mid-way).
    case = walk(bumen, case, skip=("draft",))
    case.decision.comment_from = None
    case.decision.save()
    with pytest.raises(WorkflowError) as err:
        decide(bumen, Case.objects.get(pk=case.pk))
    assert "公开征求意见" in err.value.message and "第十五条" in err.value.message
    assert Case.objects.get(pk=case.pk).status == "reviewing"


def test_short_comment_period_needs_its_reason(bumen, start, walk):
    case = start(bumen)
    short = {"open_comment": {"comment_until": "2024-02-29"}}
    with pytest.raises(WorkflowError) as err:
        walk(bumen, case, replace=short)
    assert "第十五条" in err.value.errors["short_comment_reason"]
    reason = {
        "open_comment": {"comment_until": "2024-02-29", "short_comment_reason": "汛期前须完成，情况紧急"}
    }
    case = walk(bumen, Case.objects.get(pk=case.pk), skip=("draft",), replace=reason)
    assert decide(bumen, case).status == "decided"


def test_review_shorter_than_seven_working_days_cannot_be_decided(bumen, start, walk):
    # Submitted Fri 2024-03-15: the 7th working day after it is Tue 2024-03-26.
    short = {"legality": {"review_allowed_until": "2024-03-25"}}
    case = walk(bumen, start(bumen), replace=short)
    with pytest.raises(WorkflowError) as err:
        decide(bumen, case)
    assert "合法性审查时间" in err.value.message and "第二十六条" in err.value.message
    assert "2024-03-26" in err.value.message


def test_unlawful_review_blocks_unless_exploratory_with_risk_stated(bumen, start, walk):
    case = walk(bumen, start(bumen), replace={"legality": {"review_outcome": "BUHEFA"}})
    with pytest.raises(WorkflowError) as err:
        decide(bumen, case)
    assert "第二十五条" in err.value.message
    stated = {
        "review_outcome": "BUHEFA",
        "legal_risk_statement": "国家尚无明确规定，法律风险已在提请审议时说明。",
    }
    reform = walk(
        bumen, start(bumen, title="探索性改革事项", exploratory_reform=True), replace={"legality": stated}
    )
    assert decide(bumen, reform).status == "decided"
    # The same statement does not open the gate for a decision that is no exploratory reform.
    plain = walk(bumen, start(bumen, title="普通事项"), replace={"legality": stated})
    with pytest.raises(WorkflowError):
        decide(bumen, plain)


@pytest.mark.parametrize(
    "flag, step, article",
    [
        ("involves_expertise", "专家论证", "第十九条"),
        ("stability_risk", "风险评估", "第二十二条"),
        ("market_activity", "公平竞争审查", "第二十九条"),
        ("hearing_held", "听证", "第十六条"),
    ],
)
def test_flag_makes_its_step_mandatory(bumen, start, walk, flag, step, article):
    case = walk(bumen, start(bumen, **{flag: True}))
    with pytest.raises(WorkflowError) as err:
        decide(bumen, case)
    assert step in err.value.message and article in err.value.message


def test_flagged_steps_done_open_the_gate(bumen, start, walk):
    flags = dict(involves_expertise=True, stability_risk=True, market_activity=True, hearing_held=True)
    case = walk(bumen, start(bumen, **flags))
    on = date(2024, 3, 28)
    case = case_transition(actor=bumen, case=case, name="expertise", data={"expert_count": 5}, on=on)
    case = case_transition(actor=bumen, case=case, name="risk", data={"risk_level": "low"}, on=on)
    case = case_transition(
        actor=bumen,
        case=case,
        name="fair_competition",
        data={"fair_competition_conclusion": "未发现排除、限制竞争情形"},
        on=on,
    )
    # The hearing on 04-10: materials due by 04-02 (JC-16, 7 clear days before); served 04-05.
    case = case_transition(
        actor=bumen, case=case, name="schedule_hearing", data={"hearing_on": "2024-04-10"}, on=on
    )
    case = case_transition(actor=bumen, case=case, name="serve_materials", on=date(2024, 4, 5))
    with pytest.raises(WorkflowError) as err:
        decide(bumen, Case.objects.get(pk=case.pk), on=date(2024, 4, 8))
    assert "听证" in err.value.message and "第十六条" in err.value.message
    with pytest.raises(WorkflowError) as err:
        case_transition(
            actor=bumen, case=case, name="hearing", data={"hearing_participants": 15}, on=date(2024, 4, 10)
        )
    assert "第十六条" in err.value.message
    # Rescheduled to 04-25, materials served 04-12: held, and the gate opens.
    case = case_transition(
        actor=bumen,
        case=Case.objects.get(pk=case.pk),
        name="schedule_hearing",
        data={"hearing_on": "2024-04-25"},
        on=date(2024, 4, 10),
    )
    case = case_transition(actor=bumen, case=case, name="serve_materials", on=date(2024, 4, 12))
    with pytest.raises(WorkflowError) as err:  # its day has not come
        case_transition(
            actor=bumen, case=case, name="hearing", data={"hearing_participants": 15}, on=date(2024, 4, 20)
        )
    assert "尚未到举行之日" in err.value.errors["on"]
    case = case_transition(
        actor=bumen,
        case=Case.objects.get(pk=case.pk),
        name="hearing",
        data={"hearing_participants": 15},
        on=date(2024, 4, 25),
    )
    states = list(
        Deadline.objects.filter(case=case, rule_id="JC-16").order_by("due").values_list("due", "state")
    )
    assert states == [(date(2024, 4, 2), "missed"), (date(2024, 4, 17), "met")]
    assert decide(bumen, case, on=date(2024, 4, 26)).status == "decided"


def test_head_departing_from_majority_must_explain(bumen, start, walk):
    case = walk(bumen, start(bumen))
    with pytest.raises(WorkflowError) as err:
        decide(bumen, case, head_position="departs")
    assert "第三十条" in err.value.errors["departure_reason"]
    with pytest.raises(WorkflowError) as err:
        decide(bumen, Case.objects.get(pk=case.pk), head_spoke_last=False)
    assert "最后发表意见" in err.value.errors["head_spoke_last"]


def _review_case(xihu, hefa, *, submitted, allowed, outcome):
    """A legality review as H2's line keeps it (CONTRACT.md): a Case of kind "legality" and its
    JC-26 Deadline row; made directly, the kind is not registered on this branch."""
    review = Case.objects.create(
        kind="legality",
        number="HFSC-2024-7",
        title="关于农贸市场提升改造实施方案的合法性审查",
        org_unit=xihu["330106-HFSC"],
        org_path=xihu["330106-HFSC"].path,
        status="adopted",
        received_on=submitted,
        outcome=outcome,
    )
    Deadline.objects.create(
        case=review,
        rule_id="JC-26",
        title="合法性审查时间",
        trigger_on=submitted,
        due=allowed,
        basis="《重大行政决策程序暂行条例》第二十六条第二款",
        explanation="",
        done_on=allowed,
    )
    return review


def test_review_linked_by_number_reads_the_review_case(bumen, hefa, start, walk, xihu):
    review = _review_case(
        xihu, hefa, submitted=date(2024, 3, 15), allowed=date(2024, 3, 22), outcome="XIUGAI_HEFA"
    )
    case = walk(bumen, start(bumen), replace={"legality": {"review_case_number": review.number}})
    d = Case.objects.get(pk=case.pk).decision
    assert d.review_case == review and d.review_outcome == "XIUGAI_HEFA"
    assert d.review_allowed_until == date(2024, 3, 22)
    with pytest.raises(WorkflowError) as err:  # 5 working days only
        decide(bumen, Case.objects.get(pk=case.pk))
    assert "第二十六条" in err.value.message


def test_linked_review_without_opinion_is_refused(bumen, hefa, start, walk, xihu):
    _review_case(xihu, hefa, submitted=date(2024, 3, 15), allowed=date(2024, 3, 26), outcome="")
    with pytest.raises(WorkflowError) as err:
        walk(bumen, start(bumen), replace={"legality": {"review_case_number": "HFSC-2024-7"}})
    assert "尚未出具审查意见" in err.value.errors["review_case_number"]
    with pytest.raises(WorkflowError) as err:
        walk(bumen, start(bumen, title="另一事项"), replace={"legality": {"review_case_number": "不存在-1"}})
    assert "找不到" in err.value.errors["review_case_number"]


def test_department_cannot_start_another_departments_decision(bumen, start):
    with pytest.raises(CasePermissionError):
        start(bumen, unit="330106-JYJ")


@pytest.fixture
def fresh_calendar():
    from fazhi.core import calendar
    from fazhi.law.calendar import set_default_calendar

    yield calendar
    calendar.invalidate()
    set_default_calendar(None)


def test_the_gate_counts_on_the_deployments_current_calendar(bumen, start, walk, fresh_calendar):
    from fazhi.core.models import HolidayOverride, HolidayYear

    case = walk(bumen, start(bumen))  # review from 2024-03-15 allowed until 03-26: exactly 7 working days
    fresh_calendar.current_calendar()
    # An administrator (in another process) enters 2024 with 03-20 as a day off: 7 working days now
    # end on 03-27. This process's installed calendar has not been re-read yet.
    year = HolidayYear.objects.create(year=2024, notice="测试安排", published_on=date(2023, 10, 25))
    HolidayOverride.objects.create(year=year, date=date(2024, 3, 20), kind="holiday", name="测试假日")
    fresh_calendar.invalidate()
    with pytest.raises(WorkflowError) as err:
        decide(bumen, case)
    assert "第二十六条" in err.value.message and "2024-03-27" in err.value.message
    assert Case.objects.get(pk=case.pk).status == "reviewing"


def test_comment_period_is_not_closed_early(bumen, start):
    case = case_transition(actor=bumen, case=start(bumen), name="draft", on=date(2024, 2, 5))
    data = {"comment_from": "2024-02-10", "comment_until": "2024-03-12"}
    case = case_transition(actor=bumen, case=case, name="open_comment", data=data, on=date(2024, 2, 10))
    closing = {"comment_count": 3, "comment_adoption": "均已采纳。"}
    with pytest.raises(WorkflowError) as err:
        case_transition(actor=bumen, case=case, name="close_comment", data=closing, on=date(2024, 3, 1))
    assert "尚未届满" in err.value.errors["on"] and "第十五条" in err.value.errors["on"]
    case = case_transition(
        actor=bumen,
        case=Case.objects.get(pk=case.pk),
        name="close_comment",
        data=closing,
        on=date(2024, 3, 12),
    )
    assert case.status == "reviewing"
