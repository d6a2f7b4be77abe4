"""Legal-aid eligibility (法律援助条件) for civil and administrative matters: 法律援助法 arts. 31–34, 41–44.

``assess`` takes the matter, the applicant's circumstances and household income and returns ELIGIBLE /
NOT_ELIGIBLE / NEEDS_REVIEW, how the economic-hardship test applies (required / verification waived
under art. 42 / not required under art. 32 — kept apart, DOMAIN.md LA-02 vs LA-03), whether aid may be
given before review (先行提供, art. 44), and every reason with its article. The 申诉、再审 path of
art. 33 is a matter of its own; each art. 32 ground covers only the claim it names. Criminal matters
(arts. 24–30, mandatory designation) are outside this assessment.

The hardship standard (LA-05, LA-05a) is a dated per-county table: ``data/hardship_standards.csv``
holds demo values marked UNVERIFIED; a deployment passes its own ``HardshipTable``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from importlib import resources

from fazhi.law.basis import Reason, chinese_number, cite
from fazhi.law.errors import LawValidationError


class Outcome(StrEnum):
    ELIGIBLE = "ELIGIBLE"  # 符合条件
    NOT_ELIGIBLE = "NOT_ELIGIBLE"  # 不符合条件
    NEEDS_REVIEW = "NEEDS_REVIEW"  # 需人工审查


class HardshipTest(StrEnum):
    REQUIRED = "REQUIRED"  # 须审查经济困难状况（第四十一条）
    WAIVED = "WAIVED"  # 免予核查经济困难状况（第四十二条，LA-03）
    NOT_REQUIRED = "NOT_REQUIRED"  # 不受经济困难条件限制（第三十二条，LA-02）


class Matter(StrEnum):
    """申请事项 (art. 31 items; a matter outside them is OTHER)."""

    STATE_COMPENSATION = "STATE_COMPENSATION"  # (一) 依法请求国家赔偿
    SOCIAL_INSURANCE_OR_ASSISTANCE = "SOCIAL_INSURANCE_OR_ASSISTANCE"  # (二) 社会保险待遇或者社会救助
    PENSION = "PENSION"  # (三) 抚恤金
    SUPPORT_PAYMENT = "SUPPORT_PAYMENT"  # (四) 赡养费、抚养费、扶养费
    LABOUR_RELATION = "LABOUR_RELATION"  # (五) 确认劳动关系
    LABOUR_PAY = "LABOUR_PAY"  # (五) 支付劳动报酬
    CAPACITY = "CAPACITY"  # (六) 认定无/限制民事行为能力
    WORK_INJURY = "WORK_INJURY"  # (七) 工伤事故人身损害赔偿
    TRAFFIC_ACCIDENT = "TRAFFIC_ACCIDENT"  # (七) 交通事故
    FOOD_DRUG_ACCIDENT = "FOOD_DRUG_ACCIDENT"  # (七) 食品药品安全事故
    MEDICAL_ACCIDENT = "MEDICAL_ACCIDENT"  # (七) 医疗事故
    ENVIRONMENT = "ENVIRONMENT"  # (八) 环境污染、生态破坏损害赔偿
    OTHER_BY_REGULATION = "OTHER_BY_REGULATION"  # (九) 法律、法规、规章规定的其他情形
    # The claims of art. 32 (no hardship condition): each exemption covers its own claim only.
    HERO_MARTYR_RIGHTS = "HERO_MARTYR_RIGHTS"  # 32(1) 英雄烈士近亲属维护英雄烈士的人格权益
    GOOD_SAMARITAN_CLAIM = "GOOD_SAMARITAN_CLAIM"  # 32(2) 因见义勇为行为主张相关民事权益
    ABUSE_CLAIM = "ABUSE_CLAIM"  # 32(4) 遭受虐待、遗弃或者家庭暴力的受害人主张相关权益
    # Art. 33: 申诉、再审 after the court decided or ruled a retrial, or the procuratorate protested.
    RETRIAL = "RETRIAL"
    OTHER = "OTHER"  # 不属于第三十一条所列事项

    @property
    def item(self) -> int | None:
        return _MATTER_ITEMS.get(self)


_MATTER_ITEMS = {
    Matter.STATE_COMPENSATION: 1,
    Matter.SOCIAL_INSURANCE_OR_ASSISTANCE: 2,
    Matter.PENSION: 3,
    Matter.SUPPORT_PAYMENT: 4,
    Matter.LABOUR_RELATION: 5,
    Matter.LABOUR_PAY: 5,
    Matter.CAPACITY: 6,
    Matter.WORK_INJURY: 7,
    Matter.TRAFFIC_ACCIDENT: 7,
    Matter.FOOD_DRUG_ACCIDENT: 7,
    Matter.MEDICAL_ACCIDENT: 7,
    Matter.ENVIRONMENT: 8,
    Matter.OTHER_BY_REGULATION: 9,
}


class Circumstance(StrEnum):
    """申请人情形: art. 32 grounds (no hardship condition, LA-02) and art. 42 groups (verification waived, LA-03)."""

    HERO_MARTYR_RELATIVE = "HERO_MARTYR_RELATIVE"  # 32(1) 英雄烈士近亲属维护英雄烈士人格权益
    GOOD_SAMARITAN = "GOOD_SAMARITAN"  # 32(2) 因见义勇为行为主张相关民事权益
    RETRIAL_ACQUITTAL_COMPENSATION = "RETRIAL_ACQUITTAL_COMPENSATION"  # 32(3) 再审改判无罪请求国家赔偿
    ABUSE_VICTIM = "ABUSE_VICTIM"  # 32(4) 遭受虐待、遗弃或者家庭暴力的受害人主张相关权益
    OTHER_NO_HARDSHIP = "OTHER_NO_HARDSHIP"  # 32(5) 法律、法规、规章规定的其他情形
    VULNERABLE_WITHOUT_INCOME = (
        "VULNERABLE_WITHOUT_INCOME"  # 42(1) 无固定生活来源的未成年人、老年人、残疾人等
    )
    ASSISTANCE_RECIPIENT = "ASSISTANCE_RECIPIENT"  # 42(2) 社会救助、司法救助或者优抚对象
    MIGRANT_WORKER = "MIGRANT_WORKER"  # 42(3) 申请劳动报酬或工伤赔偿的进城务工人员
    OTHER_WAIVED = "OTHER_WAIVED"  # 42(4) 法律、法规、规章规定的其他人员


_CIRCUMSTANCES: dict[Circumstance, tuple[str, str]] = {  # → (cite, Chinese description)
    Circumstance.HERO_MARTYR_RELATIVE: ("法律援助法 32(1)", "英雄烈士近亲属为维护英雄烈士的人格权益"),
    Circumstance.GOOD_SAMARITAN: ("法律援助法 32(2)", "因见义勇为行为主张相关民事权益"),
    Circumstance.RETRIAL_ACQUITTAL_COMPENSATION: ("法律援助法 32(3)", "再审改判无罪请求国家赔偿"),
    Circumstance.ABUSE_VICTIM: ("法律援助法 32(4)", "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益"),
    Circumstance.OTHER_NO_HARDSHIP: (
        "法律援助法 32(5)",
        "法律、法规、规章规定不受经济困难条件限制的其他情形",
    ),
    Circumstance.VULNERABLE_WITHOUT_INCOME: (
        "法律援助法 42(1)",
        "无固定生活来源的未成年人、老年人、残疾人等特定群体",
    ),
    Circumstance.ASSISTANCE_RECIPIENT: ("法律援助法 42(2)", "社会救助、司法救助或者优抚对象"),
    Circumstance.MIGRANT_WORKER: (
        "法律援助法 42(3)",
        "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员",
    ),
    Circumstance.OTHER_WAIVED: ("法律援助法 42(4)", "法律、法规、规章规定免予核查的其他人员"),
}
_NO_HARDSHIP = frozenset(list(Circumstance)[:5])
_REGULATION_DEPENDENT = frozenset({Circumstance.OTHER_NO_HARDSHIP, Circumstance.OTHER_WAIVED})

# Art. 32: each ground frees from the hardship condition the claim it names, not every claim of the
# person (issue 14.4: 见义勇为 covers the civil claim arising from that act only). 32(5) depends on
# the regulation relied on, so it covers any matter subject to review (see `assess`). An abuse
# victim's related rights include the support an abandoned (遗弃) person claims.
_EXEMPT_CLAIMS: dict[Circumstance, frozenset[Matter]] = {
    Circumstance.HERO_MARTYR_RELATIVE: frozenset({Matter.HERO_MARTYR_RIGHTS}),
    Circumstance.GOOD_SAMARITAN: frozenset({Matter.GOOD_SAMARITAN_CLAIM}),
    Circumstance.RETRIAL_ACQUITTAL_COMPENSATION: frozenset({Matter.STATE_COMPENSATION}),
    Circumstance.ABUSE_VICTIM: frozenset({Matter.ABUSE_CLAIM, Matter.SUPPORT_PAYMENT}),
}
# An art. 32 claim is itself the ground: choosing it needs no separate circumstance.
_CLAIM_GROUND = {
    Matter.HERO_MARTYR_RIGHTS: Circumstance.HERO_MARTYR_RELATIVE,
    Matter.GOOD_SAMARITAN_CLAIM: Circumstance.GOOD_SAMARITAN,
    Matter.ABUSE_CLAIM: Circumstance.ABUSE_VICTIM,
}


@dataclass(frozen=True, slots=True)
class HardshipStandard:
    """One county's 经济困难标准 from a date: household monthly income per head at or below it = hardship."""

    county_code: str
    effective_from: date
    monthly_income_per_head: Decimal
    basis: str
    status: str  # VERIFIED | PARTIAL | UNVERIFIED
    note: str = ""


class HardshipTable:
    """A dated per-county table of hardship standards (LA-05a). Lookup falls back county → city → province."""

    def __init__(self, rows: Iterable[HardshipStandard]) -> None:
        self._rows = tuple(sorted(rows, key=lambda r: (r.county_code, r.effective_from)))

    @classmethod
    def load(cls, text: str | None = None) -> HardshipTable:
        """Read the CSV format of ``data/hardship_standards.csv`` (the bundled demo table by default)."""
        if text is None:
            text = (
                resources.files("fazhi.law")
                .joinpath("data/hardship_standards.csv")
                .read_text(encoding="utf-8")
            )
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        rows = []
        for r in csv.DictReader(io.StringIO(body)):
            try:
                amount = Decimal(r["monthly_income_per_head"])
                since = date.fromisoformat(r["effective_from"])
            except (InvalidOperation, ValueError):
                raise LawValidationError(f"经济困难标准表的行无效：{dict(r)}", "经济困难标准表") from None
            rows.append(
                HardshipStandard(
                    r["county_code"], since, amount, r["basis"], r["status"], r.get("note") or ""
                )
            )
        return cls(rows)

    def lookup(self, county_code: str, on: date) -> HardshipStandard | None:
        """The standard in force on ``on`` for the county (or, failing that, its city or province)."""
        for code in (county_code, county_code[:4] + "00", county_code[:2] + "0000"):
            found = [r for r in self._rows if r.county_code == code and r.effective_from <= on]
            if found:
                return found[-1]
        return None


@cache
def default_hardship_table() -> HardshipTable:
    """The bundled demo table (UNVERIFIED values; replace it with the county's published standard)."""
    return HardshipTable.load()


@dataclass(frozen=True, slots=True)
class Assessment:
    """法律援助条件审查结果."""

    outcome: Outcome
    hardship_test: HardshipTest | None  # None when the matter is out of scope or already disqualified
    hardship_met: bool | None  # None: not decided (not required, or needs verification)
    advance_provision: bool  # 可以先行提供法律援助（第四十四条）
    standard: HardshipStandard | None
    reasons: tuple[Reason, ...]

    @property
    def summary(self) -> str:
        label = {
            "ELIGIBLE": "符合法律援助条件",
            "NOT_ELIGIBLE": "不符合法律援助条件",
            "NEEDS_REVIEW": "需人工审查",
        }
        return label[self.outcome.value]


def _reason(text: str, spec: str, rule: str) -> Reason:
    return Reason(text, cite(spec), rule)


def assess(
    matter: Matter | str,
    *,
    on: date,
    circumstances: Iterable[Circumstance | str] = (),
    monthly_income_per_head: Decimal | int | str | None = None,
    household_size: int | None = None,
    county_code: str = "",
    has_own_agent: bool = False,
    limitation_deadline: date | None = None,
    urgent_preservation: bool = False,
    standards: HardshipTable | None = None,
) -> Assessment:
    """Assess a civil or administrative legal-aid application on date ``on`` (DOMAIN.md LA-01 … LA-07).

    ``monthly_income_per_head``: household monthly income per head (家庭人均月收入, yuan), compared with
    the standard of ``county_code`` in force on ``on``; ``limitation_deadline``: the last day of the
    limitation or filing period the applicant faces (LA-07).
    """
    try:
        kind = Matter(matter)
        flags = frozenset(map(Circumstance, circumstances))
        income = None if monthly_income_per_head is None else Decimal(str(monthly_income_per_head))
    except (ValueError, InvalidOperation) as exc:
        raise LawValidationError(f"法律援助申请信息无效：{exc}", cite("法律援助法 31")) from None
    if household_size is not None and household_size < 1:
        raise LawValidationError("家庭人口数应至少为1", cite("法律援助法 41"))
    if income is not None and income < 0:
        raise LawValidationError("家庭人均月收入不能为负数", cite("法律援助法 41"))

    reasons: list[Reason] = []
    outcome, test, met, standard = Outcome.NEEDS_REVIEW, None, None, None
    if kind in _CLAIM_GROUND:
        flags = flags | {_CLAIM_GROUND[kind]}
    grounds = sorted(flags & _NO_HARDSHIP)
    no_hardship = [c for c in grounds if c not in _EXEMPT_CLAIMS or kind in _EXEMPT_CLAIMS[c]]
    waived = sorted(flags - _NO_HARDSHIP)
    if not has_own_agent:
        for c in grounds:
            if c not in no_hardship:
                spec, text = _CIRCUMSTANCES[c]
                reasons.append(
                    _reason(
                        f"“{text}”不受经济困难条件限制，仅适用于该项权益主张，本申请事项不适用", spec, "LA-02"
                    )
                )
    if has_own_agent:
        reasons.append(
            _reason(
                "申请人已委托代理人，不符合“没有委托代理人”的条件", "法律援助法 31; 法律援助法 48(6)", "LA-01"
            )
        )
        outcome = Outcome.NOT_ELIGIBLE
    elif no_hardship:
        test = HardshipTest.NOT_REQUIRED
        for c in no_hardship:
            spec, text = _CIRCUMSTANCES[c]
            reasons.append(_reason(f"属于“{text}”，不受经济困难条件的限制", spec, "LA-02"))
        outcome = Outcome.NEEDS_REVIEW if set(no_hardship) <= _REGULATION_DEPENDENT else Outcome.ELIGIBLE
        if outcome is Outcome.NEEDS_REVIEW:
            reasons.append(_reason("须核实所依据的法律、法规、规章", "法律援助法 32(5)", "LA-02"))
    elif kind is Matter.OTHER:
        reasons.append(
            _reason("申请事项不属于第三十一条所列民事、行政法律援助事项", "法律援助法 31", "LA-01")
        )
        outcome = Outcome.NOT_ELIGIBLE
    elif kind is Matter.RETRIAL:
        reasons.append(
            _reason(
                "不服生效裁判或者决定提出申诉或者申请再审，人民法院决定、裁定再审或者人民检察院提出抗诉，"
                "因经济困难没有委托辩护人或者诉讼代理人的，可以申请法律援助",
                "法律援助法 33",
                "LA-01",
            )
        )
        outcome, test, met, standard = _hardship(
            kind, on, waived, income, household_size, county_code, standards, reasons
        )
    else:
        item = kind.item or 9
        reasons.append(
            _reason(
                f"申请事项属于第三十一条第{chinese_number(item)}项所列事项", f"法律援助法 31({item})", "LA-01"
            )
        )
        if kind is Matter.OTHER_BY_REGULATION:
            reasons.append(_reason("须核实规定该事项的法律、法规、规章", "法律援助法 31(9)", "LA-01"))
        outcome, test, met, standard = _hardship(
            kind, on, waived, income, household_size, county_code, standards, reasons
        )
        if kind is Matter.OTHER_BY_REGULATION and outcome is Outcome.ELIGIBLE:
            outcome = Outcome.NEEDS_REVIEW

    advance = False
    if outcome is not Outcome.NOT_ELIGIBLE:
        if limitation_deadline is not None and 0 <= (limitation_deadline - on).days < 7:
            advance = True
            left = (limitation_deadline - on).days
            reasons.append(
                _reason(
                    f"距法定时效或者期限届满不足七日（剩余{left}日），可以先行提供法律援助",
                    "法律援助法 44.1(1)",
                    "LA-07",
                )
            )
        if urgent_preservation:
            advance = True
            reasons.append(
                _reason(
                    "需要立即申请财产保全、证据保全或者先予执行，可以先行提供法律援助",
                    "法律援助法 44.1(2)",
                    "LA-07",
                )
            )
    return Assessment(outcome, test, met, advance, standard, tuple(reasons))


def _hardship(
    kind: Matter,
    on: date,
    waived: list[Circumstance],
    income: Decimal | None,
    household_size: int | None,
    county_code: str,
    standards: HardshipTable | None,
    reasons: list[Reason],
) -> tuple[Outcome, HardshipTest, bool | None, HardshipStandard | None]:
    usable = []
    for c in waived:
        spec, text = _CIRCUMSTANCES[c]
        if c is Circumstance.MIGRANT_WORKER and kind not in (Matter.LABOUR_PAY, Matter.WORK_INJURY):
            reasons.append(
                _reason(
                    "进城务工人员仅在申请支付劳动报酬或者工伤事故赔偿时免予核查，本事项不适用", spec, "LA-03"
                )
            )
            continue
        usable.append(c)
        reasons.append(_reason(f"有材料证明属于“{text}”，免予核查经济困难状况", spec, "LA-03"))
    if usable:
        if set(usable) <= _REGULATION_DEPENDENT:
            reasons.append(_reason("须核实规定免予核查的法律、法规、规章", "法律援助法 42(4)", "LA-03"))
            return Outcome.NEEDS_REVIEW, HardshipTest.WAIVED, True, None
        return Outcome.ELIGIBLE, HardshipTest.WAIVED, True, None

    standard = (standards or default_hardship_table()).lookup(county_code, on) if county_code else None
    if standard is None:
        reasons.append(
            _reason(
                f"未配置{county_code or '申请地'}在{on.isoformat()}适用的经济困难标准，须人工审查",
                "法律援助法 34",
                "LA-05",
            )
        )
        return Outcome.NEEDS_REVIEW, HardshipTest.REQUIRED, None, None
    if income is None:
        reasons.append(
            _reason("须核查经济困难状况（信息共享查询或者个人诚信承诺）", "法律援助法 41.2", "LA-04")
        )
        return Outcome.NEEDS_REVIEW, HardshipTest.REQUIRED, None, standard
    size = f"{household_size}口之家，" if household_size else ""
    flag = "（该标准为演示值，未经核实）" if standard.status == "UNVERIFIED" else ""
    compared = f"{size}家庭人均月收入{income}元，经济困难标准{standard.monthly_income_per_head}元（{standard.basis}）{flag}"
    if income <= standard.monthly_income_per_head:
        reasons.append(_reason(f"{compared}，属于经济困难", "法律援助法 34", "LA-05a"))
        return Outcome.ELIGIBLE, HardshipTest.REQUIRED, True, standard
    reasons.append(_reason(f"{compared}，不属于经济困难", "法律援助法 34", "LA-05a"))
    return Outcome.NOT_ELIGIBLE, HardshipTest.REQUIRED, False, standard
