"""合法性审查 through the engine: submission by a department to the district centre, the review
time the submitter allowed (JC-26 / GF-08 rows due on that day), 补充材料 pausing it, the opinion,
adoption feedback, and who may take which step."""

from datetime import date

import pytest

from fazhi.cases.models import Case, DeadlineState
from fazhi.cases.services import CasePermissionError, case_transition
from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Role
from fazhi.legality.models import ExpertOpinion


def step(actor, case, name, on, **data):
    return case_transition(actor=actor, case=case, name=name, data=data, on=on)


def test_a_department_submits_to_the_district_centre_found_by_function(bumen, submit):
    case = submit(bumen)
    assert case.kind == "legality" and case.status == "submitted"
    assert case.org_unit.function == "legality_review"
    assert case.legality.submitting_unit.code == "330106-SCJG"
    d = case.deadlines.get()
    # Default for a normative draft: 15 working days (config), GF-08, due on the day allowed.
    assert d.rule_id == "GF-08" and d.trigger_on == date(2024, 3, 4)
    assert d.due == case.legality.opinion_requested_by == date(2024, 3, 25)
    assert case.legality.review_days == 15
    assert case.next_due == d.due


def test_reviews_are_numbered_hs_year_sequence_with_no_english_word(bumen, submit):
    first = submit(bumen, title="事项一")
    second = submit(bumen, title="事项二", on=date(2024, 3, 5))
    assert (first.number, second.number) == ("HS-2024-01", "HS-2024-02")


def test_a_decision_draft_runs_jc26_until_the_day_the_submitter_allowed(bumen, submit):
    case = submit(bumen, matter="decision", opinion_requested_by=date(2024, 3, 20))
    d = case.deadlines.get()
    assert (d.rule_id, d.trigger_on, d.due) == ("JC-26", date(2024, 3, 4), date(2024, 3, 20))
    assert "7个工作日" in d.explanation


def test_less_than_seven_working_days_for_a_decision_is_refused(bumen, submit):
    with pytest.raises(WorkflowError) as exc:
        submit(bumen, matter="decision", opinion_requested_by=date(2024, 3, 8))
    message = exc.value.errors["opinion_requested_by"]
    assert "不少于7个工作日" in message and "2024年3月13日" in message
    assert not Case.objects.filter(kind="legality").exists()


def test_a_normative_draft_may_not_be_given_more_than_fifteen_working_days(bumen, submit):
    with pytest.raises(WorkflowError) as exc:
        submit(bumen, opinion_requested_by=date(2024, 4, 30))
    assert "最长不超过15个工作日" in exc.value.errors["opinion_requested_by"]


def test_material_pauses_the_period_and_the_review_meets_it(bumen, hefa, submit):
    case = submit(bumen, opinion_requested_by=date(2024, 3, 15))  # 9 working days
    case = step(hefa, case, "request_material", date(2024, 3, 6), materials="起草说明")
    d = case.deadlines.get()
    assert d.state == DeadlineState.PAUSED
    case = step(bumen, case, "receive_material", date(2024, 3, 11))
    d.refresh_from_db()
    # 3 working days paused (07, 08, 11 counted back): due moves past 03-15 by them.
    assert d.state == DeadlineState.OPEN and d.due > date(2024, 3, 15)
    case = step(
        hefa,
        case,
        "review",
        date(2024, 3, 18),
        outcome="XIUGAI_HEFA",
        opinion="第五条超越权限",
        articles="《行政许可法》第十七条",
    )
    d.refresh_from_db()
    assert (d.state, d.done_on) == (DeadlineState.MET, date(2024, 3, 18))
    assert case.outcome == "XIUGAI_HEFA" and case.status == "reviewed"
    assert case.legality.reviewed_on == date(2024, 3, 18)
    case = step(bumen, case, "feedback", date(2024, 3, 25), adoption="adopted")
    assert case.status == "closed" and case.closed_on == date(2024, 3, 25)
    assert case.legality.adoption == "adopted"


def test_an_opinion_other_than_lawful_names_its_articles(bumen, hefa, submit):
    case = submit(bumen)
    with pytest.raises(WorkflowError) as exc:
        step(hefa, case, "review", date(2024, 3, 8), outcome="BUHEFA", opinion="无上位法依据")
    assert "依据的法律条款" in exc.value.errors["articles"]


def test_not_adopting_needs_a_reason(bumen, hefa, submit):
    case = submit(bumen)
    case = step(hefa, case, "review", date(2024, 3, 8), outcome="HEFA", opinion="合法")
    with pytest.raises(WorkflowError) as exc:
        step(bumen, case, "feedback", date(2024, 3, 12), adoption="not_adopted")
    assert "理由" in exc.value.errors["adoption_reason"]


def test_the_submitting_department_may_not_give_the_opinion(bumen, submit):
    case = submit(bumen)
    with pytest.raises(CasePermissionError) as exc:
        step(bumen, case, "review", date(2024, 3, 8), outcome="HEFA", opinion="合法")
    assert "审查单位" in str(exc.value)


def test_another_department_can_neither_see_nor_submit_for_it(make_user, bumen, submit, xihu):
    other = make_user(Role.DEPARTMENT_OFFICER, "330106-JYJ")
    case = submit(bumen)
    assert not Case.objects.scoped_for(other).filter(pk=case.pk).exists()
    assert Case.objects.scoped_for(bumen).filter(pk=case.pk).exists()
    with pytest.raises(CasePermissionError):
        submit(other)  # 教育局 submitting for 市场监管局


def test_a_street_reviewer_sees_its_street_not_the_centre(make_user, bumen, submit, xihu):
    street = make_user(Role.LEGALITY_REVIEWER, "330106002")
    centre_case = submit(bumen)
    own = submit(street, unit="330106002", reviewing_unit=xihu["330106002"], matter="agreement")
    seen = set(Case.objects.scoped_for(street).filter(kind="legality").values_list("pk", flat=True))
    assert seen == {own.pk}
    assert centre_case.pk not in seen
    assert own.deadlines.get().rule_id == "HS-01"


def test_expert_opinion_is_kept_on_the_case(bumen, hefa, submit):
    case = submit(bumen, matter="decision")
    step(
        hefa,
        case,
        "expert_opinion",
        date(2024, 3, 6),
        expert_kind="legal_adviser",
        expert_name="王律师",
        expert_opinion="建议删除第三条",
    )
    op = ExpertOpinion.objects.get(case=case)
    assert (op.name, op.kind) == ("王律师", "legal_adviser")
    case.refresh_from_db()
    assert case.legality.expert_consulted
