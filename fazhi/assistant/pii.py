"""Masking of a question before it is logged (问答记录 keeps no raw question): ID numbers, mobile and
fixed-line numbers, long account numbers, a name said after 我叫 / 我是 / 姓名 / 本人, and addresses
where detectable (after 住在 / 家住 / 地址, and house numbers 号 / 幢 / 栋 / 单元 / 室). The masks
are the platform's own (fazhi.core.pii), so a logged question looks like every other masked screen."""

from __future__ import annotations

import re

from fazhi.core.pii import MASK, mask_address, mask_id_number, mask_name, mask_phone

_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx]|\d{15})(?![\dA-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?\d{7,8})(?!\d)")
_ACCOUNT = re.compile(r"(?<!\d)(\d{12,30})(?!\d)")  # bank cards, account numbers
_NAME = re.compile(
    r"(我叫|我是|我的名字是|名字叫|姓名[:：是为]?|本人|当事人|申请人)\s*([\u4e00-\u9fff]{2,4}?)"
    r"(?=[，,。.；;、\s]|$|[，,]?(?:今年|男|女|身份证|电话|手机|住|家住|在|是|，|想|要|的|因|被|向|与|和))"
)
_SURNAME = re.compile(r"(我姓|免贵姓)([\u4e00-\u9fff])([\u4e00-\u9fff]{0,2})(?=[，,。.；;、\s]|$)")
_ADDRESS = re.compile(r"(住在|家住|住址[:：是为]?|地址[:：是为]?|住)\s*([^\s，,。；;！!？?]{4,60})")
_HOUSE = re.compile(r"\d+(?=\s*(?:号|幢|栋|单元|室|楼|弄))")
# Words that follow 我是 without being a name (我是外卖骑手, 我是公司员工 …): left alone.
_NOT_NAMES = frozenset(
    "员工 职工 老板 公司 企业 个体 农民 工人 骑手 司机 老人 学生 业主 租户 房东 外地 本地 一名 一个 一家 退休 病人 患者 残疾 孕妇".split()
)


# Full-width digits and letters as ASCII (a phone typed on a Chinese keyboard), punctuation kept.
_WIDE = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}


def _name(m: re.Match[str]) -> str:
    word = m[2]
    if any(word.startswith(w) or w in word for w in _NOT_NAMES):
        return m[0]
    return m[1] + mask_name(word)


def mask_question(text: str) -> str:
    """The question as it may be logged: personal data replaced by the platform's masks."""
    t = (text or "").translate(_WIDE).strip()
    t = _ID_NUMBER.sub(lambda m: mask_id_number(m[1]), t)
    t = _MOBILE.sub(lambda m: mask_phone(m[1]), t)
    t = _LANDLINE.sub(lambda m: mask_phone(m[1]), t)
    t = _ACCOUNT.sub(lambda m: MASK * (len(m[1]) - 4) + m[1][-4:], t)
    t = _NAME.sub(_name, t)
    t = _SURNAME.sub(lambda m: m[1] + m[2] + MASK * len(m[3]), t)
    t = _ADDRESS.sub(lambda m: m[1] + mask_address(m[2]), t)
    return _HOUSE.sub(lambda m: MASK * len(m[0]), t)
