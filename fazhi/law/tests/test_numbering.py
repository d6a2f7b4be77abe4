"""Court case numbers, GB/T 9704 发文字号 and mediation numbers: parse what people type, format canonically."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.law.config import LawConfig
from fazhi.law.errors import LawValidationError
from fazhi.law.numbering import (
    CourtCaseNumber,
    DocNumber,
    MediationNumber,
    court_code_for_division,
    doc_prefix,
    format_court_case_number,
    format_doc_number,
    format_mediation_number,
    parse_court_case_number,
    parse_doc_number,
    parse_mediation_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(2024)浙0106行初123号", CourtCaseNumber(2024, "浙0106", "行初", 123)),
        ("（2024）浙0106行初123号", CourtCaseNumber(2024, "浙0106", "行初", 123)),
        ("（２０２４）浙０１行终７号", CourtCaseNumber(2024, "浙01", "行终", 7)),
        ("(2023)浙民申45号", CourtCaseNumber(2023, "浙", "民申", 45)),
        ("(2019)最高法知民终1号", CourtCaseNumber(2019, "最高法", "民终", 1, "知")),
        ("(2024)浙0106民特88号", CourtCaseNumber(2024, "浙0106", "民特", 88)),
        ("(2024)浙0106行赔初3号", CourtCaseNumber(2024, "浙0106", "行赔初", 3)),
    ],
)
def test_parse_court_case_numbers(raw: str, expected: CourtCaseNumber) -> None:
    assert parse_court_case_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2024浙0106行初123号",
        "(24)浙0106行初123号",
        "(2024)浙106行初123号",
        "(2024)浙0106行初号",
        "(2024)X0106行初1号",
        "(2024)浙0106行初0号",
    ],
)
def test_bad_court_case_numbers(raw: str) -> None:
    with pytest.raises(LawValidationError, match="案号") as exc:
        parse_court_case_number(raw)
    assert "案号规定" in exc.value.rule


def test_format_court_case_numbers() -> None:
    assert format_court_case_number(2024, "浙0106", "行初", 123) == "（2024）浙0106行初123号"
    assert (
        format_court_case_number(2024, "浙0106", "行初", 123, ascii_brackets=True) == "(2024)浙0106行初123号"
    )
    assert str(parse_court_case_number("(2019)最高法知民终1号")) == "（2019）最高法知民终1号"
    assert parse_court_case_number("(2024)浙0106行初123号").type_label == "行政一审"
    with pytest.raises(LawValidationError, match="法院代字"):
        format_court_case_number(2024, "浙106", "行初", 1)
    with pytest.raises(LawValidationError, match="案件编号应为正整数"):
        format_court_case_number(2024, "浙0106", "行初", 0)


@given(
    st.integers(min_value=2000, max_value=2099),
    st.sampled_from(["最高法", "浙", "浙01", "浙0106", "京73"]),
    st.sampled_from(["行初", "行终", "民特", "执"]),
    st.integers(min_value=1, max_value=99999),
)
def test_court_case_number_round_trip(year: int, court: str, kind: str, seq: int) -> None:
    text = format_court_case_number(year, court, kind, seq)
    assert parse_court_case_number(text) == CourtCaseNumber(year, court, kind, seq)


def test_court_code_inference() -> None:
    assert court_code_for_division("330106") == "浙0106"
    assert court_code_for_division("330100") == "浙01"
    with pytest.raises(LawValidationError):
        court_code_for_division("710000")


@pytest.mark.parametrize(
    ("raw", "expected", "notes"),
    [
        ("西政复〔2024〕12号", DocNumber("西政复", 2024, 12), 0),
        ("杭西法援〔2025〕1号", DocNumber("杭西法援", 2025, 1), 0),
        ("西政复[2024]12号", DocNumber("西政复", 2024, 12, ("年份应使用六角括号“〔〕”，原文为“[]”",)), 1),
        ("西政复［2024］12号", DocNumber("西政复", 2024, 12, ("年份应使用六角括号“〔〕”，原文为“[]”",)), 1),
        ("西政复（2024）第012号", None, 3),
        ("西政复〔2024〕第12号", None, 1),
        ("西政复【2024】12号", None, 1),
    ],
)
def test_parse_doc_numbers(raw: str, expected: DocNumber | None, notes: int) -> None:
    number = parse_doc_number(raw)
    assert str(number) == f"{number.prefix}〔{number.year}〕{number.seq}号"
    assert len(number.legacy) == notes and number.is_standard is (notes == 0)
    if expected is not None:
        assert number == expected


def test_legacy_doc_number_is_normalised() -> None:
    number = parse_doc_number("西政复（2024）第012号")
    assert str(number) == "西政复〔2024〕12号"
    assert any("不加“第”" in n for n in number.legacy) and any("不编虚位" in n for n in number.legacy)


@pytest.mark.parametrize(
    "raw", ["西政复2024年12号", "〔2024〕12号", "西政复〔24〕12号", "西政复〔2024〕0号", "XZF〔2024〕1号"]
)
def test_bad_doc_numbers(raw: str) -> None:
    with pytest.raises(LawValidationError, match="发文字号") as exc:
        parse_doc_number(raw)
    assert exc.value.rule == "GB/T 9704-2012 7.2.5 发文字号"


def test_format_doc_numbers() -> None:
    assert format_doc_number("西政复", 2024, 12) == "西政复〔2024〕12号"
    for prefix, year, seq, message in [
        ("XZF", 2024, 1, "机关代字"),
        ("西政复", 24, 1, "4位"),
        ("西政复", 2024, 0, "正整数"),
    ]:
        with pytest.raises(LawValidationError, match=message):
            format_doc_number(prefix, year, seq)


def test_doc_prefixes_are_configuration() -> None:
    assert doc_prefix("reconsideration") == "西政复"
    assert doc_prefix("legal_aid", LawConfig(doc_number_prefixes={"legal_aid": "西法援"})) == "西法援"
    with pytest.raises(LawValidationError, match="未配置“mediation”类文书"):
        doc_prefix("mediation")


def test_mediation_numbers() -> None:
    assert format_mediation_number("330106001001", 2025, 17) == "330106001001-2025-17"
    assert str(parse_mediation_number("３３０１０６００１００１-2025-17")) == "330106001001-2025-17"
    assert format_mediation_number("330106002-TWH", 2024, 1) == "330106002-TWH-2024-1"
    assert parse_mediation_number("330106002-twh-2024-1") == MediationNumber("330106002-TWH", 2024, 1)
    for bad in ["330106001001-25-17", "330106001001-2025-0", "调委会-2025-1"]:
        with pytest.raises(LawValidationError, match="调解编号"):
            parse_mediation_number(bad)
    with pytest.raises(LawValidationError, match="调解委员会编码"):
        format_mediation_number("西湖", 2025, 1)
    with pytest.raises(LawValidationError, match="调解委员会编码"):
        format_mediation_number("-330106", 2025, 1)
