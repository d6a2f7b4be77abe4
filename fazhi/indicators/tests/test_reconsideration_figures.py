"""Issue 14 (行政复议 points 7 and 8): the reconsideration and litigation figures' definitions — 口径 A/B
labelled by what they divide by, 行政协议 decisions alike on both lines through one setting, a
judgment-only 败诉率, and a 受理前撤回 counted apart from 审结."""

from datetime import date

from fazhi.cases.services import PartyInput, case_transition
from fazhi.core.roles import Role
from fazhi.indicators import registry
from fazhi.indicators.definitions import corrective_decisions, loss_outcomes
from fazhi.indicators.engine import Period, compute
from fazhi.reconsideration.services import reconsideration_receive

D = date


def test_withdrawal_before_acceptance_is_recorded_and_not_concluded(make_user, xihu):
    officer = make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ")
    case = reconsideration_receive(
        actor=officer,
        received_on=D(2024, 3, 5),
        applicant=PartyInput(role="applicant", person={"name": "王小明"}),
        respondent="330106-SCJG",
        act_description="西市监罚〔2024〕12号行政处罚决定",
        service_mode="DIRECT",
        service_date=D(2024, 3, 1),
    )
    case = case_transition(
        actor=officer,
        case=case,
        name="withdraw_before_acceptance",
        data={"voluntary": "1", "reason": "自愿撤回"},
        on=D(2024, 3, 7),
    )
    assert case.status == "withdrawn_early" and case.outcome == "CHEHUI_SHOULI_QIAN" and case.closed_on
    assert case.reconsideration.decision == ""
    admin = make_user(Role.ADMIN)
    results = {
        r.key: r
        for r in compute(
            registry.selected(), period=Period(D(2024, 1, 1), D(2024, 12, 31)), org=xihu["330106"], user=admin
        )
    }
    assert results["reconsideration.received"].value == 1
    assert results["reconsideration.concluded"].value == 0
    assert results["reconsideration.withdrawn_before_acceptance"].value == 1


# --- 14.7: indicators --------------------------------------------------------------------------------


def test_correction_rate_variants_say_what_they_divide_by():
    a = registry.get("reconsideration.correction_rate", "1")
    b = registry.get("reconsideration.correction_rate", "B")
    assert "÷ 审结" in a.basis and "30/610" in a.basis
    assert "审结 − 调撤" in b.basis and "白皮书" in b.basis


def test_agreement_decisions_are_treated_alike_on_both_lines(settings):
    assert "XIEYI_ZEREN" in corrective_decisions()
    assert "XIEYI_ZEREN" in dict(loss_outcomes().children)["outcome__in"]
    settings.FAZHI_LAW = {"agreement_liability_adverse": False}
    assert "XIEYI_ZEREN" not in corrective_decisions()
    assert "XIEYI_ZEREN" not in dict(loss_outcomes().children)["outcome__in"]


def test_loss_rate_has_a_judgment_only_variant():
    j = registry.get("litigation.loss_rate", "J")
    assert "判决" in j.basis
    assert registry.get("litigation.loss_rate").version == "1"
