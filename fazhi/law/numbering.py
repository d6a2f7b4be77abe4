"""Case and document numbers (DOMAIN.md §5): court case numbers, GB/T 9704 发文字号, mediation numbers.

Parsers accept what people type (full-width brackets and digits; legacy 发文字号 forms, flagged);
formatters emit the canonical form. Lookup tables (专门审判代字, 类型代字, court abbreviations) are data
here, all UNVERIFIED against the SPC 《人民法院案件类型及其代字标准》 and 《各级法院代字表》.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from fazhi.law.config import LawConfig, default_config
from fazhi.law.errors import LawValidationError

_CASE_RULE = "法〔2015〕137号 案号规定"
_DOC_RULE = "GB/T 9704-2012 7.2.5 发文字号"

COURT_ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "内", "21": "辽", "22": "吉", "23": "黑",
        "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
        "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "贵",
        "53": "云", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
    }
)  # fmt: skip
# 专门审判代字 (法〔2018〕335号), split off the type with this table, not with the regex (UNVERIFIED list).
SPECIALISED_CODES: Mapping[str, str] = MappingProxyType({"知": "知识产权"})
CASE_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "行初": "行政一审", "行终": "行政二审", "行申": "行政申请再审审查", "行再": "行政再审",
        "行审": "非诉行政执行审查", "行审复": "非诉行政执行审查复议", "行赔初": "行政赔偿一审",
        "行赔终": "行政赔偿二审", "民初": "民事一审", "民终": "民事二审", "民申": "民事申请再审审查",
        "民再": "民事再审", "民特": "民事特别程序（含司法确认）", "刑初": "刑事一审", "刑终": "刑事二审",
        "执": "首次执行", "执恢": "恢复执行", "执异": "执行异议", "执复": "执行复议",
    }
)  # fmt: skip

_COURT = r"最高法|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋内陕吉闽贵粤青藏川宁琼兵军](?:\d{4}|\d{2})?"
_CASE_RE = re.compile(
    rf"^\((?P<year>\d{{4}})\)(?P<court>{_COURT})(?P<type>[\u4e00-\u9fa5]{{1,4}})(?P<seq>\d+)号$"
)
_COURT_RE = re.compile(rf"^(?:{_COURT})$")
_DOC_RE = re.compile(r"^(?P<prefix>[\u4e00-\u9fa5]{1,15}?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
_DOC_LEGACY_RE = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fa5]{1,15}?)(?P<open>[\[(〔【])(?P<year>\d{4})(?P<close>[\])〕】])"
    r"(?P<di>第)?(?P<seq>\d+)号$"
)
_PREFIX_RE = re.compile(r"^[\u4e00-\u9fa5]{1,15}$")
_COMMITTEE = r"[0-9A-Z](?:[0-9A-Z-]{0,38}[0-9A-Z])?"  # e.g. 330106002-TWH (division code + unit suffix)
_MEDIATION_RE = re.compile(rf"^(?P<committee>{_COMMITTEE})-(?P<year>\d{{4}})-(?P<seq>\d+)$")


@dataclass(frozen=True, slots=True)
class CourtCaseNumber:
    """案号: (收案年度) 法院代字 [专门审判代字] 类型代字 案件编号 号."""

    year: int
    court: str
    type: str
    seq: int
    specialised: str = ""

    def __str__(self) -> str:
        return format_court_case_number(
            self.year, self.court, self.type, self.seq, specialised=self.specialised
        )

    @property
    def type_label(self) -> str:
        return CASE_TYPES.get(self.type, "")


def parse_court_case_number(s: str) -> CourtCaseNumber:
    """Parse e.g. ``(2024)浙0106行初123号`` or ``（2024）浙0106行初123号``."""
    v = "".join(unicodedata.normalize("NFKC", s).split())  # full-width brackets and digits → ASCII
    m = _CASE_RE.match(v)
    if not m:
        raise LawValidationError(
            f"案号“{s}”不符合“（年度）法院代字类型代字编号号”的格式，例如（2024）浙0106行初123号", _CASE_RULE
        )
    kind, specialised = m["type"], ""
    if len(kind) > 1 and kind[0] in SPECIALISED_CODES:
        specialised, kind = kind[0], kind[1:]
    seq = int(m["seq"])
    if seq < 1:
        raise LawValidationError(f"案号“{s}”的案件编号应从1开始", _CASE_RULE)
    return CourtCaseNumber(int(m["year"]), m["court"], kind, seq, specialised)


def format_court_case_number(
    year: int, court: str, type: str, seq: int, *, specialised: str = "", ascii_brackets: bool = False
) -> str:
    """The canonical case number; courts print Chinese (full-width) brackets: （2024）浙0106行初123号."""
    if not 1000 <= year <= 9999:
        raise LawValidationError(f"收案年度应为4位数字，收到 {year}", _CASE_RULE)
    if not _COURT_RE.match(court):
        raise LawValidationError(f"法院代字“{court}”无效，应为“最高法”或省级简称加2位或4位数字", _CASE_RULE)
    if specialised and specialised not in SPECIALISED_CODES:
        raise LawValidationError(f"专门审判代字“{specialised}”不在代字表中", _CASE_RULE)
    if not re.fullmatch(r"[\u4e00-\u9fa5]{1,3}", type):
        raise LawValidationError(f"类型代字“{type}”应为1至3个汉字", _CASE_RULE)
    if seq < 1:
        raise LawValidationError(f"案件编号应为正整数，收到 {seq}", _CASE_RULE)
    left, right = ("(", ")") if ascii_brackets else ("（", "）")
    return f"{left}{year}{right}{court}{specialised}{type}{seq}号"


def court_code_for_division(code: str) -> str:
    """Inferred 法院代字 of the court seated in a division: 330106 → 浙0106, 330100 → 浙01 (UNVERIFIED).

    DOMAIN.md §5.1: a basic court's code is believed to be digits 3–6 of the county code; do not use it
    to guess which court heard a case (store ``court_code`` per case).
    """
    abbr = COURT_ABBREVIATIONS.get(code[:2])
    if len(code) != 6 or not code.isdigit() or abbr is None:
        raise LawValidationError(f"无法由区划代码“{code}”推出法院代字", _CASE_RULE)
    return abbr + (code[2:4] if code[4:] == "00" else code[2:])


@dataclass(frozen=True, slots=True)
class DocNumber:
    """发文字号: 机关代字〔年份〕序号号. ``legacy`` lists (in Chinese) how the input departed from GB/T 9704."""

    prefix: str
    year: int
    seq: int
    legacy: tuple[str, ...] = ()

    def __str__(self) -> str:
        return format_doc_number(self.prefix, self.year, self.seq)

    @property
    def is_standard(self) -> bool:
        return not self.legacy


def parse_doc_number(s: str) -> DocNumber:
    """Parse a 发文字号; legacy brackets ([ ] ［］ （） 【】), 第…号 and leading zeros are accepted but flagged."""
    v = "".join(unicodedata.normalize("NFKC", s).split())
    m = _DOC_RE.match(v)
    if m:
        return DocNumber(m["prefix"], int(m["year"]), int(m["seq"]))
    m = _DOC_LEGACY_RE.match(v)
    if not m or int(m["seq"]) < 1:
        raise LawValidationError(
            f"发文字号“{s}”不符合“机关代字〔年份〕序号号”的格式，例如西政复〔2024〕12号", _DOC_RULE
        )
    notes = []
    if m["open"] != "〔" or m["close"] != "〕":
        notes.append(f"年份应使用六角括号“〔〕”，原文为“{m['open']}{m['close']}”")
    if m["di"]:
        notes.append("序号前不加“第”")
    if m["seq"].startswith("0"):
        notes.append(f"序号不编虚位（应为{int(m['seq'])}，原文为{m['seq']}）")
    return DocNumber(m["prefix"], int(m["year"]), int(m["seq"]), tuple(notes))


def format_doc_number(prefix: str, year: int, seq: int) -> str:
    """GB/T 9704-2012 7.2.5: 机关代字 + 〔full year〕 + 序号 without leading zeros or 第 + 号."""
    if not _PREFIX_RE.match(prefix):
        raise LawValidationError(f"机关代字“{prefix}”应为1至15个汉字", _DOC_RULE)
    if not 1000 <= year <= 9999:
        raise LawValidationError(f"发文年份应写全4位，收到 {year}", _DOC_RULE)
    if seq < 1:
        raise LawValidationError(f"发文序号应为正整数，收到 {seq}", _DOC_RULE)
    return f"{prefix}〔{year}〕{seq}号"


def doc_prefix(doc_type: str, config: LawConfig | None = None) -> str:
    """The configured 机关代字 of a document type (DOMAIN.md §5.2, UNVERIFIED: per-deployment setting)."""
    prefixes = (config or default_config()).doc_number_prefixes
    try:
        return prefixes[doc_type]
    except KeyError:
        raise LawValidationError(
            f"未配置“{doc_type}”类文书的发文机关代字", "LawConfig.doc_number_prefixes"
        ) from None


@dataclass(frozen=True, slots=True)
class MediationNumber:
    """人民调解内部编号 ``{committee_code}-{year}-{seq}`` (no national scheme exists: UNVERIFIED)."""

    committee_code: str
    year: int
    seq: int

    def __str__(self) -> str:
        return format_mediation_number(self.committee_code, self.year, self.seq)


def format_mediation_number(committee_code: str, year: int, seq: int) -> str:
    code = "".join(unicodedata.normalize("NFKC", committee_code).split()).upper()
    if not re.fullmatch(_COMMITTEE, code):
        raise LawValidationError(
            f"调解委员会编码“{committee_code}”应为数字、字母和连字符（不以连字符开头或结尾，至多40位）",
            "人民调解编号",
        )
    if not 1000 <= year <= 9999 or seq < 1:
        raise LawValidationError(f"调解编号的年份应为4位、序号应为正整数，收到 {year}、{seq}", "人民调解编号")
    return f"{code}-{year}-{seq}"


def parse_mediation_number(s: str) -> MediationNumber:
    m = _MEDIATION_RE.match("".join(unicodedata.normalize("NFKC", s).split()).upper())
    if not m or int(m["seq"]) < 1:
        raise LawValidationError(
            f"调解编号“{s}”应为“委员会编码-年份-序号”，例如330106001001-2025-17", "人民调解编号"
        )
    return MediationNumber(m["committee"], int(m["year"]), int(m["seq"]))
