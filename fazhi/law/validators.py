"""Validators for identifiers typed in by clerks or imported from ledgers; each returns the normalised value.

Input is normalised first (Unicode NFKC, so full-width digits and letters are accepted; spaces
removed; letters upper-cased). A rejection raises ``LawValidationError`` whose Chinese message says
which rule failed and whose ``rule`` names the standard (GB 11643, GB 32100, GB/T 2260 …).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from fazhi.law.errors import LawValidationError

# GB/T 2260 province-level codes (the first two digits of a division code).
PROVINCES: Mapping[str, str] = MappingProxyType(
    {
        "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
        "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
        "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省",
        "37": "山东省",
        "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
        "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
        "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
        "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
    }
)  # fmt: skip
# Residence permits for Taiwan residents carry address code 830000 (GB 11643 numbers, not GB/T 2260).
_ID_PROVINCES = frozenset(PROVINCES) | {"83"}

_ID_RULE = "GB 11643-1999"
_FPR_RULE = "外国人永久居留身份证"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_USCC_RULE = "GB 32100-2015"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# 登记管理部门代码: 1 机构编制 2 外交 3 司法行政 4 文化 5 民政 6 旅游 7 宗教 8 工会 9 市场监管 A 军队 N 农业 Y 其他
_USCC_AUTHORITIES = frozenset("123456789ANY")

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LEVELS = {"province": 6, "prefecture": 6, "county": 6, "township": 9, "village": 12}
_LEVEL_NAMES = {
    "province": "省级",
    "prefecture": "地级",
    "county": "县级",
    "township": "乡级",
    "village": "村级",
}


def normalise(s: object) -> str:
    """NFKC (full-width → half-width), no whitespace, upper case."""
    if not isinstance(s, str):
        raise LawValidationError(f"应为文本，收到 {type(s).__name__}", "输入格式")
    return "".join(unicodedata.normalize("NFKC", s).split()).upper()


def id_number_checksum(first17: str) -> str:
    """GB 11643 check character (0-9 or X) of the first 17 digits of a citizen ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise LawValidationError("计算校验码需要身份证号码的前17位数字", f"{_ID_RULE} 校验码")
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def is_foreigner_permanent_residence_id(v: str) -> bool:
    """Whether a normalised 18-character number is a 外国人永久居留身份证 number (first digit 9).

    No GB/T 2260 province code starts with 9, so the first digit tells the two kinds apart.
    """
    return len(v) == 18 and v[0] == "9"


def check_id_number(s: str, *, today: date | None = None) -> str:
    """公民身份号码 (GB 11643-1999): 18 characters, address code, birth date, checksum; returns it normalised.

    Also accepts the 外国人永久居留身份证 number (2023 version, since 2023-12-01: 18 digits beginning
    with 9, birth date at positions 7–14 and the same MOD 11-2 check character), which is used
    wherever a 居民身份证 number is (国家移民管理局公告 2023).
    """
    v = normalise(s)
    if len(v) == 15 and v.isdigit():
        raise LawValidationError("身份证号码为15位旧号码，请使用18位号码", f"{_ID_RULE} 号码长度")
    if len(v) != 18:
        raise LawValidationError(f"身份证号码应为18位，实为{len(v)}位", f"{_ID_RULE} 号码长度")
    if not (v[:17].isascii() and v[:17].isdigit()) or v[17] not in "0123456789X":
        raise LawValidationError("身份证号码前17位应为数字，第18位应为数字或X", f"{_ID_RULE} 字符")
    if is_foreigner_permanent_residence_id(v):
        # 外国人永久居留身份证 (2023 version, issued since 2023-12-01): "9", the province-level code of
        # the issuing place, a nationality code, then birth date, sequence and the GB 11643 check
        # character. Only the issuing province is checked: the nationality code list is not kept here.
        if v[1:3] not in PROVINCES:
            raise LawValidationError(
                f"外国人永久居留身份证号码第2—3位受理地代码“{v[1:3]}”不是省级行政区划代码",
                f"{_FPR_RULE} 受理地代码",
            )
    elif v[:2] not in _ID_PROVINCES:
        raise LawValidationError(f"身份证号码地址码“{v[:6]}”的省级代码“{v[:2]}”不存在", f"{_ID_RULE} 地址码")
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise LawValidationError(
            f"身份证号码出生日期码“{v[6:14]}”不是有效日期", f"{_ID_RULE} 出生日期码"
        ) from None
    if born < date(1800, 1, 1) or born > (today or date.today()):
        raise LawValidationError(
            f"身份证号码出生日期{born.isoformat()}不合理（早于1800年或晚于今天）", f"{_ID_RULE} 出生日期码"
        )
    expected = id_number_checksum(v[:17])
    if v[17] != expected:
        raise LawValidationError(f"身份证号码校验位错误：按 GB 11643 应为 {expected}", f"{_ID_RULE} 校验码")
    return v


def uscc_checksum(first17: str) -> str:
    """GB 32100 check character of the first 17 characters of a unified social credit code."""
    if len(first17) != 17 or any(c not in _USCC_CHARS for c in first17):
        raise LawValidationError("计算校验码需要统一社会信用代码的前17位有效字符", f"{_USCC_RULE} 校验码")
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def check_uscc(s: str) -> str:
    """统一社会信用代码 (GB 32100-2015): 18 characters of the code set, region digits, checksum."""
    v = normalise(s)
    if len(v) != 18:
        raise LawValidationError(f"统一社会信用代码应为18位，实为{len(v)}位", f"{_USCC_RULE} 代码长度")
    bad = sorted({c for c in v if c not in _USCC_CHARS})
    if bad:
        raise LawValidationError(
            f"统一社会信用代码含有不允许的字符“{''.join(bad)}”（不使用 I、O、Z、S、V）",
            f"{_USCC_RULE} 代码字符集",
        )
    if v[0] not in _USCC_AUTHORITIES:
        raise LawValidationError(
            f"统一社会信用代码第1位登记管理部门代码“{v[0]}”无效", f"{_USCC_RULE} 登记管理部门代码"
        )
    if not v[2:8].isdigit():
        raise LawValidationError(
            f"统一社会信用代码第3至8位行政区划码“{v[2:8]}”应为数字", f"{_USCC_RULE} 登记管理机关行政区划码"
        )
    expected = uscc_checksum(v[:17])
    if v[17] != expected:
        raise LawValidationError(
            f"统一社会信用代码校验位错误：按 GB 32100 应为 {expected}", f"{_USCC_RULE} 校验码"
        )
    return v


def check_mobile(s: str) -> str:
    """中国大陆手机号码: 11 digits starting 13–19; a +86 / 0086 prefix and separators are removed."""
    v = re.sub(r"[-()]", "", normalise(s))
    for prefix in ("+86", "0086"):
        if v.startswith(prefix):
            v = v[len(prefix) :]
    if len(v) == 13 and v.startswith("86"):
        v = v[2:]
    if not _MOBILE.match(v):
        raise LawValidationError("手机号码应为以1开头、第二位为3至9的11位中国大陆号码", "手机号码格式")
    return v


# 不设区的地级市 (prefecture-level cities with no counties: their 镇街 lie directly under them), which
# NBS codes ending in 00 stand as the county level for: 东莞, 中山, 儋州, 嘉峪关.
CITIES_WITHOUT_COUNTIES = frozenset({"441900", "442000", "460400", "620200"})


def check_division_code(s: str, *, level: str | None = None) -> str:
    """统计用区划代码 (GB/T 2260 + NBS): 6 digits (province/prefecture/county), 9 (乡级) or 12 (村级).

    ``level`` ('province', 'prefecture', 'county', 'township', 'village') also fixes the length and
    the non-zero segments; without it the level follows from the length.
    """
    v = normalise(s)
    rule = "GB/T 2260 行政区划代码"
    if not (v.isascii() and v.isdigit()):
        raise LawValidationError(f"行政区划代码“{v}”只能包含数字", rule)
    if level is not None and level not in _LEVELS:
        raise LawValidationError(f"未知的区划层级“{level}”，应为 {', '.join(_LEVELS)}", rule)
    if level is not None and len(v) != _LEVELS[level]:
        raise LawValidationError(f"{_LEVEL_NAMES[level]}区划代码应为{_LEVELS[level]}位，实为{len(v)}位", rule)
    if len(v) not in (6, 9, 12):
        raise LawValidationError(
            f"行政区划代码应为6位（县级）、9位（乡级）或12位（村级），实为{len(v)}位", rule
        )
    if v[:2] not in PROVINCES:
        raise LawValidationError(f"行政区划代码“{v}”的省级代码“{v[:2]}”不存在", rule)
    city, county = v[2:4], v[4:6]
    if city == "00" and (county != "00" or len(v) > 6):
        raise LawValidationError(f"行政区划代码“{v}”的地级代码为00，只能是省级代码（{v[:2]}0000）", rule)
    if level == "province" and v[2:] != "0000":
        raise LawValidationError(f"省级区划代码应以0000结尾，收到“{v}”", rule)
    if level == "prefecture" and (city == "00" or county != "00"):
        raise LawValidationError(f"地级区划代码应为“省级2位+地级2位+00”，收到“{v}”", rule)
    if level == "county" and county == "00" and v not in CITIES_WITHOUT_COUNTIES:
        raise LawValidationError(f"县级区划代码的第5至6位不能为00，收到“{v}”", rule)
    if len(v) >= 9 and v[6:9] == "000":
        raise LawValidationError(f"乡级区划代码的第7至9位不能为000，收到“{v}”", rule)
    if len(v) == 12 and v[9:12] == "000":
        raise LawValidationError(f"村级区划代码的第10至12位不能为000，收到“{v}”", rule)
    return v


# --- Free text, dates and amounts as people type them (issue 13.9) -----------------------------

# The earliest date a record of this platform may carry (case, step, statistics period): the
# People's Republic's founding. Year 0001 once reached the numbering and answered 500.
EARLIEST_DATE = date(1949, 10, 1)
LATEST_YEAR = 2100

# C0 control characters but TAB, LF, CR; DEL; C1 controls. (NUL breaks PostgreSQL text columns.)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees (a name that
# displays as another), so no record text carries them.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Characters that show nothing: whitespace, zero-width and other format characters.
_INVISIBLE = re.compile(r"^[\s\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e\u3164\u115f\u1160]*$")


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as record text (Chinese, naming the rule), or None."""
    if not value:
        return None
    if _CONTROL.search(value):
        return "不能含有控制字符（如 NUL、ESC）"
    if _BIDI.search(value):
        return "不能含有改变文字方向的控制字符"
    if _INVISIBLE.match(value):
        return "不能只由空白或不可见字符组成"
    return None


def date_problem(value: date) -> str | None:
    """Why `value` is no date of a record (before 1949-10-01 or after 2100), or None."""
    if value < EARLIEST_DATE:
        return f"不能早于{EARLIEST_DATE.year}年{EARLIEST_DATE.month}月{EARLIEST_DATE.day}日"
    if value.year > LATEST_YEAR:
        return f"不能晚于{LATEST_YEAR}年"
    return None
