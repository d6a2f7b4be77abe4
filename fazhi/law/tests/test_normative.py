"""行政规范性文件 rules: the 文号 check, the dual filing deadlines with their basis, the expiry window."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.law.config import LawConfig
from fazhi.law.errors import LawValidationError
from fazhi.law.normative import (
    CITY,
    NPC,
    TOWNSHIP,
    check_doc_number,
    expiry_warning,
    filing_verdict,
    filings,
    normalise_doc_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("西政发〔2024〕12号", "西政发〔2024〕12号"),
        ("西政发[2024]12号", "西政发〔2024〕12号"),
        ("西政办发（2024）3号", "西政办发〔2024〕3号"),
        ("西市监规 (2024) 1号", "西市监规〔2024〕1号"),
    ],
)
def test_doc_numbers_are_normalised(raw: str, expected: str) -> None:
    assert normalise_doc_number(raw, date(2024, 5, 1)) == expected


def test_doc_number_parts() -> None:
    n = check_doc_number("西政发[2024]12号")
    assert (n.prefix, n.year, n.seq) == ("西政发", 2024, 12)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("西政发〔2023〕12号", "文号年份（2023）与公布日期的年份（2024）不一致"),
        ("西政发〔2024〕0号", "不符合"),
        ("西政发2024年12号", "不符合"),
        ("", "请填写文号"),
    ],
)
def test_bad_doc_numbers_say_why(raw: str, message: str) -> None:
    with pytest.raises(LawValidationError, match=message):
        check_doc_number(raw, date(2024, 5, 1))


def test_district_documents_owe_two_filings_with_basis() -> None:
    npc, city = filings(date(2024, 3, 1))
    assert (npc.body, npc.deadline.rule_id, npc.due) == (
        NPC,
        "GF-03",
        date(2024, 4, 1),
    )  # 31 March is a Sunday (T-2)
    assert "浙江省各级人民代表大会常务委员会规范性文件备案审查规定" in npc.deadline.basis
    # GF-04 is configuration: default 30 days, a deployment may set another period.
    assert (city.body, city.deadline.rule_id, city.due) == (CITY, "GF-04", date(2024, 4, 1))
    fifteen = filings(date(2024, 3, 1), config=LawConfig(normative_city_filing_days=15))[1]
    assert fifteen.due == date(2024, 3, 18)  # 16 March is a Saturday (T-2: the next working day)
    overridden = filings(date(2024, 3, 1), config=LawConfig(period_overrides={"GF-04": 20}))[1]
    assert overridden.due == date(2024, 3, 21)


def test_a_township_document_is_filed_with_its_own_congress_body() -> None:
    (only,) = filings(date(2024, 3, 1), TOWNSHIP)
    assert (only.body, only.deadline.rule_id) == (NPC, "GF-05")
    assert only.body_label == "乡镇人大主席团/人大街道工委"


def test_filing_verdicts() -> None:
    due_on, today = date(2024, 3, 31), date(2024, 4, 10)
    assert filing_verdict(due_on, date(2024, 3, 31), today)[0] == "timely"
    assert filing_verdict(due_on, date(2024, 4, 2), today) == ("late", "逾期报备（晚2日）")
    assert filing_verdict(due_on, None, today) == ("overdue", "逾期未报备（已超10日）")
    assert filing_verdict(due_on, None, date(2024, 3, 30))[0] == "pending"


def test_expiry_warning_window_is_configuration() -> None:
    today = date(2024, 6, 1)
    assert expiry_warning(None, today) == ""
    assert expiry_warning(date(2024, 12, 31), today) == ""
    assert "剩90日" in expiry_warning(date(2024, 8, 30), today)
    assert expiry_warning(date(2024, 8, 31), today) == ""
    assert expiry_warning(date(2024, 8, 31), today, config=LawConfig(normative_expiry_warning_days=120))
    assert "已于2024-05-01届满" in expiry_warning(date(2024, 5, 1), today)
