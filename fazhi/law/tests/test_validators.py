"""Validators: known-good and known-bad examples, Chinese messages naming the rule, normalisation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.law.errors import LawValidationError
from fazhi.law.validators import (
    check_division_code,
    check_id_number,
    check_mobile,
    check_uscc,
    id_number_checksum,
    uscc_checksum,
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("11010519491231002X", "11010519491231002X"),  # GB 11643-1999 example
        ("11010519491231002x", "11010519491231002X"),  # lower-case x
        ("440524188001010014", "440524188001010014"),  # GB 11643-1999 example (born 1880)
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),  # full-width
        (
            " 330106 19900101 001" + id_number_checksum("33010619900101001") + " ",
            "33010619900101001" + id_number_checksum("33010619900101001"),
        ),
    ],
)
def test_good_id_numbers(raw: str, normalised: str) -> None:
    assert check_id_number(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "message", "rule"),
    [
        ("110105194912310021", "身份证号码校验位错误：按 GB 11643 应为 X", "GB 11643-1999 校验码"),
        ("11010519491231002", "应为18位，实为17位", "GB 11643-1999 号码长度"),
        ("110105491231002", "15位旧号码", "GB 11643-1999 号码长度"),
        ("1101051949123100AX", "前17位应为数字", "GB 11643-1999 字符"),
        ("89010519491231002X", "省级代码“89”不存在", "GB 11643-1999 地址码"),
        (
            "110105" + "19490231" + "002" + id_number_checksum("11010519490231002"),
            "不是有效日期",
            "GB 11643-1999 出生日期码",
        ),
        (
            "110105" + "20990101" + "002" + id_number_checksum("11010520990101002"),
            "晚于今天",
            "GB 11643-1999 出生日期码",
        ),
    ],
)
def test_bad_id_numbers(raw: str, message: str, rule: str) -> None:
    with pytest.raises(LawValidationError, match=message) as exc:
        check_id_number(raw)
    assert exc.value.rule == rule
    assert isinstance(exc.value, ValueError)


def test_birth_date_is_checked_against_today() -> None:
    number = "33010620250101001" + id_number_checksum("33010620250101001")
    assert check_id_number(number, today=date(2025, 1, 1)) == number
    with pytest.raises(LawValidationError, match="晚于今天"):
        check_id_number(number, today=date(2024, 12, 31))


@given(
    st.sampled_from(["110101", "330106", "440305", "650102", "810000"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
def test_generated_id_numbers_pass_and_any_other_check_character_fails(
    region: str, born: date, seq: int
) -> None:
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    good = first17 + id_number_checksum(first17)
    assert check_id_number(good) == good
    for wrong in "0123456789X":
        if wrong != good[-1]:
            with pytest.raises(LawValidationError, match="校验位错误"):
                check_id_number(first17 + wrong)


@pytest.mark.parametrize(
    "code", ["91350100M000100Y43", "91110000600037341L", "９１３５０１００ｍ０００１００ｙ４３"]
)
def test_good_credit_codes(code: str) -> None:
    assert check_uscc(code) in {"91350100M000100Y43", "91110000600037341L"}


@pytest.mark.parametrize(
    ("raw", "message", "rule"),
    [
        ("91350100M000100Y44", "校验位错误：按 GB 32100 应为 3", "GB 32100-2015 校验码"),
        ("91350100M000100Y4", "应为18位", "GB 32100-2015 代码长度"),
        ("91350100I000100Y43", "不允许的字符“I”", "GB 32100-2015 代码字符集"),
        ("Z1350100M000100Y43", "不允许的字符“Z”", "GB 32100-2015 代码字符集"),
        ("B1350100M000100Y43", "登记管理部门代码“B”无效", "GB 32100-2015 登记管理部门代码"),
        ("9135A100M000100Y43", "行政区划码“35A100”应为数字", "GB 32100-2015 登记管理机关行政区划码"),
    ],
)
def test_bad_credit_codes(raw: str, message: str, rule: str) -> None:
    with pytest.raises(LawValidationError, match=message) as exc:
        check_uscc(raw)
    assert exc.value.rule == rule


@given(
    st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=9, max_size=9),
    st.sampled_from(["330106", "110108"]),
)
def test_synthetic_credit_codes_from_the_helper_are_valid(org: str, region: str) -> None:
    first17 = f"91{region}{org}"
    assert check_uscc(first17 + uscc_checksum(first17)) == first17 + uscc_checksum(first17)


def test_checksum_helpers_reject_bad_input() -> None:
    with pytest.raises(LawValidationError, match="前17位数字"):
        id_number_checksum("1234")
    with pytest.raises(LawValidationError, match="前17位有效字符"):
        uscc_checksum("91350100I000100Y4")


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "+86 138 1234 5678",
        "0086-138-1234-5678",
        "8613812345678",
        "１３８１２３４５６７８",
        "19912345678",
    ],
)
def test_good_mobiles(raw: str) -> None:
    assert check_mobile(raw) in {"13812345678", "19912345678"}


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "138123456789", "0571-87654321", "abc", ""])
def test_bad_mobiles(raw: str) -> None:
    with pytest.raises(LawValidationError, match="11位中国大陆号码") as exc:
        check_mobile(raw)
    assert exc.value.rule == "手机号码格式"


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("330106", None),
        ("330106", "county"),
        ("330000", "province"),
        ("330100", "prefecture"),
        ("330100", None),
        ("３３０１０６", None),
        ("330106001", "township"),
        ("330106001001", "village"),
        ("441900003", None),  # 东莞: a prefecture-level city without counties has 乡级 units directly
        ("441900", "county"),  # … and stands as the county level itself (onboarding 东莞)
        ("620200", "county"),  # 嘉峪关
    ],
)
def test_good_division_codes(code: str, level: str | None) -> None:
    assert check_division_code(code, level=level).isdigit()


@pytest.mark.parametrize(
    ("code", "level", "message"),
    [
        ("33010a", None, "只能包含数字"),
        ("3301061", None, "应为6位（县级）、9位（乡级）或12位（村级）"),
        ("990106", None, "省级代码“99”不存在"),
        ("000000", None, "省级代码“00”不存在"),
        ("330006", None, "地级代码为00"),
        ("330100", "county", "第5至6位不能为00"),
        ("330106000", None, "第7至9位不能为000"),
        ("330106001000", None, "第10至12位不能为000"),
        ("330106", "township", "乡级区划代码应为9位"),
        ("330106", "district", "未知的区划层级"),
        ("330106", "province", "应以0000结尾"),
    ],
)
def test_bad_division_codes(code: str, level: str | None, message: str) -> None:
    with pytest.raises(LawValidationError, match=message) as exc:
        check_division_code(code, level=level)
    assert exc.value.rule == "GB/T 2260 行政区划代码"


def test_non_text_input() -> None:
    with pytest.raises(LawValidationError, match="应为文本"):
        check_id_number(11010519491231002)  # type: ignore[arg-type]


# 外国人永久居留身份证 (2023 version): 9 + issuing province (33 浙江) + nationality code (840) + birth
# date 1985-06-15 + sequence 001 + the GB 11643 MOD 11-2 check character.
FPR17 = "9338401985061500" + "1"


def test_foreigner_permanent_residence_id_is_accepted() -> None:
    number = FPR17 + id_number_checksum(FPR17)
    assert check_id_number(number) == number
    assert check_id_number(number.lower()) == number


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (FPR17 + ("0" if id_number_checksum(FPR17) != "0" else "1"), "校验位错误"),
        ("9908401985061500" + "1" + id_number_checksum("99084019850615001"), "受理地代码“90”"),
        ("9338401985023000" + "1" + id_number_checksum("93384019850230001"), "不是有效日期"),
    ],
)
def test_bad_foreigner_permanent_residence_ids(raw: str, message: str) -> None:
    with pytest.raises(LawValidationError, match=message):
        check_id_number(raw)
