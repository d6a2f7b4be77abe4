"""Legal-aid eligibility (法律援助法 arts. 31, 32, 34, 41, 42, 44): table of cases with outcomes and articles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.law.errors import LawValidationError
from fazhi.law.legal_aid import (
    Circumstance,
    HardshipStandard,
    HardshipTable,
    HardshipTest,
    Matter,
    Outcome,
    assess,
    default_hardship_table,
)

ON = date(2025, 3, 1)
XIHU = "330106"

CASES = [
    # (name, kwargs, outcome, hardship test, hardship met, advance, rules cited)
    (
        "pay claim, poor",
        dict(matter=Matter.LABOUR_PAY, monthly_income_per_head=1500, household_size=3, county_code=XIHU),
        Outcome.ELIGIBLE,
        HardshipTest.REQUIRED,
        True,
        False,
        {"LA-01", "LA-05a"},
    ),
    (
        "at the standard counts as hardship",
        dict(matter="PENSION", monthly_income_per_head="2280", county_code=XIHU),
        Outcome.ELIGIBLE,
        HardshipTest.REQUIRED,
        True,
        False,
        {"LA-01", "LA-05a"},
    ),
    (
        "pay claim, above the standard",
        dict(matter=Matter.LABOUR_PAY, monthly_income_per_head=Decimal("2280.01"), county_code=XIHU),
        Outcome.NOT_ELIGIBLE,
        HardshipTest.REQUIRED,
        False,
        False,
        {"LA-01", "LA-05a"},
    ),
    (
        "income not yet verified",
        dict(matter=Matter.SUPPORT_PAYMENT, county_code=XIHU),
        Outcome.NEEDS_REVIEW,
        HardshipTest.REQUIRED,
        None,
        False,
        {"LA-01", "LA-04"},
    ),
    (
        "no standard for the county",
        dict(matter=Matter.SUPPORT_PAYMENT, county_code="110101", monthly_income_per_head=10),
        Outcome.NEEDS_REVIEW,
        HardshipTest.REQUIRED,
        None,
        False,
        {"LA-01", "LA-05"},
    ),
    (
        "domestic violence victim: no hardship condition (LA-02)",
        dict(matter=Matter.ABUSE_CLAIM, circumstances=[Circumstance.ABUSE_VICTIM]),
        Outcome.ELIGIBLE,
        HardshipTest.NOT_REQUIRED,
        None,
        False,
        {"LA-02"},
    ),
    (
        "good samaritan, rich",
        dict(
            matter=Matter.GOOD_SAMARITAN_CLAIM,
            circumstances=["GOOD_SAMARITAN"],
            monthly_income_per_head=90000,
            county_code=XIHU,
        ),
        Outcome.ELIGIBLE,
        HardshipTest.NOT_REQUIRED,
        None,
        False,
        {"LA-02"},
    ),
    (
        "social assistance recipient: verification waived (LA-03)",
        dict(matter=Matter.PENSION, circumstances=[Circumstance.ASSISTANCE_RECIPIENT]),
        Outcome.ELIGIBLE,
        HardshipTest.WAIVED,
        True,
        False,
        {"LA-01", "LA-03"},
    ),
    (
        "migrant worker claiming pay: waived",
        dict(matter=Matter.LABOUR_PAY, circumstances=[Circumstance.MIGRANT_WORKER]),
        Outcome.ELIGIBLE,
        HardshipTest.WAIVED,
        True,
        False,
        {"LA-01", "LA-03"},
    ),
    (
        "migrant worker, traffic accident: not waived",
        dict(matter=Matter.TRAFFIC_ACCIDENT, circumstances=[Circumstance.MIGRANT_WORKER], county_code=XIHU),
        Outcome.NEEDS_REVIEW,
        HardshipTest.REQUIRED,
        None,
        False,
        {"LA-01", "LA-03", "LA-04"},
    ),
    (
        "matter outside art. 31",
        dict(matter=Matter.OTHER, monthly_income_per_head=100, county_code=XIHU),
        Outcome.NOT_ELIGIBLE,
        None,
        None,
        False,
        {"LA-01"},
    ),
    (
        "own lawyer engaged",
        dict(matter=Matter.LABOUR_PAY, has_own_agent=True, circumstances=[Circumstance.ABUSE_VICTIM]),
        Outcome.NOT_ELIGIBLE,
        None,
        None,
        False,
        {"LA-01"},
    ),
    (
        "matter set by a local rule: staff confirm it",
        dict(matter=Matter.OTHER_BY_REGULATION, monthly_income_per_head=100, county_code=XIHU),
        Outcome.NEEDS_REVIEW,
        HardshipTest.REQUIRED,
        True,
        False,
        {"LA-01", "LA-05a"},
    ),
    (
        "6 days before the limitation deadline: advance aid (LA-07)",
        dict(
            matter=Matter.WORK_INJURY,
            monthly_income_per_head=1000,
            county_code=XIHU,
            limitation_deadline=date(2025, 3, 7),
        ),
        Outcome.ELIGIBLE,
        HardshipTest.REQUIRED,
        True,
        True,
        {"LA-01", "LA-05a", "LA-07"},
    ),
    (
        "7 days before: no advance",
        dict(
            matter=Matter.WORK_INJURY,
            monthly_income_per_head=1000,
            county_code=XIHU,
            limitation_deadline=date(2025, 3, 8),
        ),
        Outcome.ELIGIBLE,
        HardshipTest.REQUIRED,
        True,
        False,
        {"LA-01", "LA-05a"},
    ),
    (
        "urgent preservation while income is checked",
        dict(matter=Matter.ENVIRONMENT, county_code=XIHU, urgent_preservation=True),
        Outcome.NEEDS_REVIEW,
        HardshipTest.REQUIRED,
        None,
        True,
        {"LA-01", "LA-04", "LA-07"},
    ),
    (
        "no advance when clearly not eligible",
        dict(matter=Matter.OTHER, limitation_deadline=date(2025, 3, 2)),
        Outcome.NOT_ELIGIBLE,
        None,
        None,
        False,
        {"LA-01"},
    ),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "outcome", "test", "met", "advance", "rules"), CASES, ids=[c[0] for c in CASES]
)
def test_assess(
    name: str,
    kwargs: dict[str, object],
    outcome: Outcome,
    test: HardshipTest | None,
    met: bool | None,
    advance: bool,
    rules: set[str],
) -> None:
    result = assess(on=ON, **kwargs)  # type: ignore[arg-type]
    assert (result.outcome, result.hardship_test, result.hardship_met, result.advance_provision) == (
        outcome,
        test,
        met,
        advance,
    )
    assert {r.rule for r in result.reasons} == rules
    assert all(r.basis.startswith("《") and "条" in r.basis for r in result.reasons)
    assert result.summary


def test_reasons_cite_the_articles() -> None:
    waived = assess(Matter.PENSION, on=ON, circumstances=[Circumstance.VULNERABLE_WITHOUT_INCOME])
    assert waived.reasons[-1].basis == "《中华人民共和国法律援助法》第四十二条第一项"
    free = assess(Matter.OTHER, on=ON, circumstances=[Circumstance.HERO_MARTYR_RELATIVE])
    assert free.reasons[0].basis == "《中华人民共和国法律援助法》第三十二条第一项"
    advance = assess(
        Matter.PENSION, on=ON, circumstances=["ASSISTANCE_RECIPIENT"], limitation_deadline=date(2025, 3, 3)
    )
    assert advance.reasons[-1].basis == "《中华人民共和国法律援助法》第四十四条第一款第一项"
    assert "剩余2日" in advance.reasons[-1].text


def test_demo_standard_is_marked_unverified() -> None:
    standard = default_hardship_table().lookup(XIHU, ON)
    assert standard is not None and standard.status == "UNVERIFIED"
    result = assess(Matter.PENSION, on=ON, county_code=XIHU, monthly_income_per_head=100)
    assert "演示值" in result.reasons[-1].text
    assert default_hardship_table().lookup(XIHU, date(2021, 7, 31)) is None  # before it took effect


def test_caller_table_dated_and_with_city_fallback() -> None:
    table = HardshipTable(
        [
            HardshipStandard("330100", date(2024, 1, 1), Decimal(3000), "杭州市标准（测试）", "VERIFIED"),
            HardshipStandard("330106", date(2025, 1, 1), Decimal(2500), "西湖区标准（测试）", "VERIFIED"),
        ]
    )
    assert table.lookup("330106", date(2024, 6, 1)).monthly_income_per_head == 3000  # type: ignore[union-attr]
    assert table.lookup("330106", date(2025, 6, 1)).monthly_income_per_head == 2500  # type: ignore[union-attr]
    assert table.lookup("330105", date(2025, 6, 1)).county_code == "330100"  # type: ignore[union-attr]
    result = assess(
        Matter.PENSION,
        on=date(2025, 6, 1),
        county_code="330106",
        monthly_income_per_head=2600,
        standards=table,
    )
    assert result.outcome is Outcome.NOT_ELIGIBLE and "演示值" not in result.reasons[-1].text
    loaded = HardshipTable.load(
        "county_code,effective_from,monthly_income_per_head,basis,status\n330106,2025-01-01,2600,测试,PARTIAL\n"
    )
    assert loaded.lookup("330106", date(2025, 2, 1)).monthly_income_per_head == 2600  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(matter="NOT_A_MATTER"), "法律援助申请信息无效"),
        (dict(matter="PENSION", circumstances=["RICH"]), "法律援助申请信息无效"),
        (dict(matter="PENSION", monthly_income_per_head="abc"), "法律援助申请信息无效"),
        (dict(matter="PENSION", monthly_income_per_head=-1), "不能为负数"),
        (dict(matter="PENSION", household_size=0), "家庭人口数"),
    ],
)
def test_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(LawValidationError, match=message):
        assess(on=ON, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(LawValidationError, match="行无效"):
        HardshipTable.load(
            "county_code,effective_from,monthly_income_per_head,basis,status\n330106,2025-13-01,x,b,s\n"
        )


# --- issue 14.4: art. 33, art. 32 tied to its claim ------------------------------------------------


def test_a_retrial_after_an_order_or_protest_is_a_matter_art33() -> None:
    """申诉、再审 after a retrial order or 抗诉 (法律援助法 art. 33) — not OTHER, so not refused as
    out of scope; the hardship test applies ("因经济困难")."""
    a = assess("RETRIAL", on=ON, monthly_income_per_head=1500, county_code=XIHU)
    assert a.outcome is Outcome.ELIGIBLE and a.hardship_test is HardshipTest.REQUIRED
    assert any("第三十三条" in r.basis for r in a.reasons)
    rich = assess("RETRIAL", on=ON, monthly_income_per_head=9000, county_code=XIHU)
    assert rich.outcome is Outcome.NOT_ELIGIBLE


@pytest.mark.parametrize(
    "circumstance,claim",
    [
        (Circumstance.HERO_MARTYR_RELATIVE, Matter.HERO_MARTYR_RIGHTS),
        (Circumstance.GOOD_SAMARITAN, Matter.GOOD_SAMARITAN_CLAIM),
        (Circumstance.RETRIAL_ACQUITTAL_COMPENSATION, Matter.STATE_COMPENSATION),
        (Circumstance.ABUSE_VICTIM, Matter.ABUSE_CLAIM),
    ],
)
def test_an_art32_exemption_covers_its_own_claim(circumstance: Circumstance, claim: Matter) -> None:
    a = assess(claim, on=ON, circumstances=[circumstance], monthly_income_per_head=9000, county_code=XIHU)
    assert a.outcome is Outcome.ELIGIBLE and a.hardship_test is HardshipTest.NOT_REQUIRED


def test_the_good_samaritan_exemption_covers_that_civil_claim_only() -> None:
    """法律援助法 art. 32(2): 因见义勇为行为主张相关民事权益 — a wage claim of the same person is
    tested for hardship like anyone's."""
    a = assess(
        Matter.LABOUR_PAY,
        on=ON,
        circumstances=[Circumstance.GOOD_SAMARITAN],
        monthly_income_per_head=9000,
        county_code=XIHU,
    )
    assert a.outcome is Outcome.NOT_ELIGIBLE and a.hardship_test is HardshipTest.REQUIRED
    assert any("见义勇为" in r.text and "不适用" in r.text for r in a.reasons)
    poor = assess(
        Matter.LABOUR_PAY,
        on=ON,
        circumstances=[Circumstance.GOOD_SAMARITAN],
        monthly_income_per_head=1500,
        county_code=XIHU,
    )
    assert poor.outcome is Outcome.ELIGIBLE and poor.hardship_test is HardshipTest.REQUIRED


def test_an_abuse_victims_unrelated_claim_outside_art31_is_not_exempt() -> None:
    a = assess(Matter.OTHER, on=ON, circumstances=[Circumstance.ABUSE_VICTIM])
    assert a.outcome is Outcome.NOT_ELIGIBLE


def test_an_art32_claim_needs_no_separate_flag() -> None:
    a = assess(Matter.GOOD_SAMARITAN_CLAIM, on=ON)
    assert a.outcome is Outcome.ELIGIBLE and a.hardship_test is HardshipTest.NOT_REQUIRED
