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
        dict(matter=Matter.OTHER, circumstances=[Circumstance.ABUSE_VICTIM]),
        Outcome.ELIGIBLE,
        HardshipTest.NOT_REQUIRED,
        None,
        False,
        {"LA-02"},
    ),
    (
        "good samaritan, rich",
        dict(
            matter=Matter.OTHER,
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
