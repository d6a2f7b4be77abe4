"""Reconsideration helpers: application period (FY-01 … FY-04), simplified procedure (FY-14), decision sets."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.law.config import LawConfig
from fazhi.law.errors import LawValidationError
from fazhi.law.reconsideration import (
    CORRECTIVE,
    SETTLED,
    ApplicationStatus,
    CorrectionVariant,
    Decision,
    ServiceMode,
    application_period,
    application_start,
    corrective,
    in_correction_denominator,
    is_corrective,
    is_settled,
    simplified_eligible,
)


@pytest.mark.parametrize(
    ("kwargs", "status", "deadline"),
    [
        (
            dict(knew_on=date(2025, 8, 5), filed_on=date(2025, 10, 9)),
            ApplicationStatus.IN_TIME,
            date(2025, 10, 9),
        ),
        (
            dict(knew_on=date(2025, 8, 5), filed_on=date(2025, 10, 10)),
            ApplicationStatus.LATE,
            date(2025, 10, 9),
        ),
        # another law sets 90 days (art. 20 para 1 proviso)
        (
            dict(knew_on=date(2025, 8, 5), filed_on=date(2025, 10, 10), longer_statutory_days=90),
            ApplicationStatus.IN_TIME,
            date(2025, 11, 3),
        ),
        # force majeure: the period resumes after the obstacle (art. 20 para 2)
        (
            dict(
                knew_on=date(2025, 8, 5),
                filed_on=date(2025, 10, 14),
                obstacles=[(date(2025, 9, 1), date(2025, 9, 11))],
            ),
            ApplicationStatus.IN_TIME,
            date(2025, 10, 14),
        ),
        # not informed: from learning of the rights, capped at one year from knowing the act (art. 20 para 3)
        (
            dict(
                knew_on=date(2024, 3, 1),
                filed_on=date(2024, 12, 20),
                informed=False,
                learned_rights_on=date(2024, 11, 1),
            ),
            ApplicationStatus.IN_TIME,
            date(2024, 12, 31),
        ),
        (
            dict(
                knew_on=date(2024, 3, 1),
                filed_on=date(2025, 3, 10),
                informed=False,
                learned_rights_on=date(2025, 2, 1),
            ),
            ApplicationStatus.LATE,
            date(2025, 3, 3),
        ),
        (
            dict(knew_on=date(2024, 3, 1), filed_on=date(2025, 2, 28), informed=False),
            ApplicationStatus.IN_TIME,
            date(2025, 3, 3),
        ),
        # absolute bar: 5 years from the act, 20 for immovable property (art. 21)
        (
            dict(knew_on=date(2025, 6, 1), filed_on=date(2025, 6, 20), act_made_on=date(2020, 6, 1)),
            ApplicationStatus.BARRED,
            date(2025, 6, 3),
        ),
        (
            dict(
                knew_on=date(2025, 6, 1),
                filed_on=date(2025, 6, 20),
                act_made_on=date(2020, 6, 1),
                immovable=True,
            ),
            ApplicationStatus.IN_TIME,
            date(2025, 7, 31),
        ),
    ],
)
def test_application_period(kwargs: dict[str, object], status: ApplicationStatus, deadline: date) -> None:
    result = application_period(**kwargs)  # type: ignore[arg-type]
    assert (result.status, result.deadline) == (status, deadline)
    assert result.basis.startswith("《中华人民共和国行政复议法》第二十")
    assert result.explanation.endswith("。") and result.reasons
    assert not result.provisional


def test_application_period_reasons_name_the_rules() -> None:
    capped = application_period(
        knew_on=date(2024, 3, 1),
        filed_on=date(2025, 3, 10),
        informed=False,
        learned_rights_on=date(2025, 2, 1),
    )
    assert [r.rule for r in capped.reasons] == ["FY-01", "FY-02"]
    assert capped.basis == "《中华人民共和国行政复议法》第二十条第三款"
    barred = application_period(
        knew_on=date(2025, 6, 1), filed_on=date(2025, 6, 20), act_made_on=date(2020, 6, 1)
    )
    assert barred.reasons[0].rule == "FY-03" and "不予受理" in barred.explanation


@pytest.mark.parametrize(
    ("mode", "item"),
    [
        (ServiceMode.ON_THE_SPOT, "第一项"),
        (ServiceMode.POSTAL, "第三项"),
        ("ANNOUNCEMENT", "第四项"),
        (ServiceMode.PROVEN_KNOWLEDGE, "第六项"),
    ],
)
def test_application_start(mode: ServiceMode | str, item: str) -> None:
    day, reason = application_start(mode, date(2025, 5, 6))
    assert day == date(2025, 5, 6)
    assert (
        reason.basis == f"《中华人民共和国行政复议法实施条例》第十五条第一款{item}" and reason.rule == "FY-04"
    )
    with pytest.raises(LawValidationError, match="送达方式"):
        application_start("FAX", date(2025, 5, 6))


CLEAR = dict(facts_clear=True, rights_clear=True, dispute_small=True)


@pytest.mark.parametrize(
    ("kwargs", "eligible", "article"),
    [
        (dict(CLEAR, warning_or_criticism=True), True, "第五十三条第一款第二项"),
        (dict(CLEAR, amount=3000), True, "第五十三条第一款第三项"),  # 以下 includes 3,000
        (dict(CLEAR, amount=3000.01), False, "第五十三条"),
        (dict(CLEAR, on_the_spot=True), True, "第五十三条第一款第一项"),
        (dict(CLEAR, information_disclosure=True), True, "第五十三条第一款第四项"),
        (dict(CLEAR, on_the_spot=True, facts_clear=False), False, "第五十三条第一款"),
        (dict(CLEAR, all_parties_agree=True), True, "第五十三条第二款"),
        (
            dict(facts_clear=False, rights_clear=False, dispute_small=False, all_parties_agree=True),
            True,
            "第五十三条第二款",
        ),
    ],
)
def test_simplified_procedure(kwargs: dict[str, object], eligible: bool, article: str) -> None:
    finding = simplified_eligible(**kwargs)  # type: ignore[arg-type]
    assert bool(finding) is eligible
    assert any(article in r.basis for r in finding.reasons)
    assert all(r.rule == "FY-14" for r in finding.reasons)


def test_simplified_procedure_names_what_is_missing() -> None:
    finding = simplified_eligible(
        facts_clear=True, rights_clear=False, dispute_small=False, warning_or_criticism=True
    )
    assert "权利义务关系明确、争议不大" in finding.reasons[-1].text


def test_decision_sets_for_the_indicators() -> None:
    assert CORRECTIVE == {"BIANGENG", "CHEXIAO", "QUEREN_WEIFA", "ZELING_LVXING", "QUEREN_WUXIAO"}
    # 行政协议 (art. 71) as the deployment says, alike on the litigation line (LawConfig)
    assert {d for d in Decision if is_corrective(d)} == corrective() == CORRECTIVE | {"XIEYI_ZEREN"}
    off = LawConfig(agreement_liability_adverse=False)
    assert {d for d in Decision if is_corrective(d, off)} == CORRECTIVE
    assert "XIEYI_ZEREN" in LawConfig().loss_outcomes and "XIEYI_ZEREN" not in off.loss_outcomes
    assert {d for d in Decision if is_settled(d)} == SETTLED == {"TIAOJIE", "HEJIE_CHEHUI"}
    # IND-01 denominator: variant A all concluded accepted cases; B excludes 调解/和解/撤回
    assert not in_correction_denominator("BU_SHOULI") and not in_correction_denominator("BU_SHOULI", "B")
    assert in_correction_denominator(Decision.TIAOJIE, CorrectionVariant.A)
    assert not in_correction_denominator(Decision.TIAOJIE, CorrectionVariant.B)
    assert in_correction_denominator(Decision.WEICHI, "B")
    assert (
        Decision.CHEXIAO.label == "撤销或者部分撤销"
        and Decision.CHEXIAO.basis == "《中华人民共和国行政复议法》第六十四条"
    )
    assert all(d.basis.startswith("《中华人民共和国行政复议法》") for d in Decision)


def test_report_figure_ind01_with_variant_a() -> None:
    # 2024 report: 30 纠错 of 610 concluded accepted cases = 4.92%
    decisions = (
        ["CHEXIAO"] * 20 + ["QUEREN_WEIFA"] * 10 + ["WEICHI"] * 380 + ["TIAOJIE"] * 200 + ["BU_SHOULI"] * 40
    )
    numerator = sum(is_corrective(d) for d in decisions)
    denominator = sum(in_correction_denominator(d) for d in decisions)
    assert (numerator, denominator, round(100 * numerator / denominator, 2)) == (30, 610, 4.92)
