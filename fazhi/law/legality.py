"""合法性审查 (legality review): the review time a submitter must allow, per matter type (DOMAIN.md §2.7).

A drafting unit submits a matter and says by which day it needs the opinion. That day must leave
the reviewing body at least the matter's minimum number of working days (重大行政决策: ≥ 7, art. 26
of the 条例, VERIFIED; 行政规范性文件: 5–15, GF-08, UNVERIFIED; other matters: configuration) and,
where there is one, no more than the maximum. ``review_time`` checks the day (or proposes the
default) and returns it with its basis; ``extension`` is what the case engine's deadline row of the
matter's rule (JC-26, GF-08, HS-01) carries beyond the rule's own minimum period, so that its due
day is the day the submitter allowed and a 补充材料 pause moves it on like any other pause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from fazhi.law.basis import cn_date
from fazhi.law.calendar import WorkCalendar, default_calendar
from fazhi.law.config import LawConfig, default_config
from fazhi.law.deadlines import Status, get_rule
from fazhi.law.errors import LawValidationError


class Matter(StrEnum):
    """送审事项类型 (the contract's matter type codes)."""

    NORMATIVE = "normative"
    DECISION = "decision"
    AGREEMENT = "agreement"
    ENFORCEMENT = "enforcement"
    OTHER = "other"

    @property
    def label(self) -> str:
        return MATTER_LABELS[self]


MATTER_LABELS = {
    Matter.NORMATIVE: "行政规范性文件草案",
    Matter.DECISION: "重大行政决策草案",
    Matter.AGREEMENT: "行政协议/合同",
    Matter.ENFORCEMENT: "重大行政执法决定",
    Matter.OTHER: "其他涉法事务",
}

# The deadline rule of each matter's review time (fazhi/law/data/rules.toml).
RULE_OF_MATTER = {
    Matter.NORMATIVE: "GF-08",
    Matter.DECISION: "JC-26",
    Matter.AGREEMENT: "HS-01",
    Matter.ENFORCEMENT: "HS-01",
    Matter.OTHER: "HS-01",
}

# 重大行政决策程序暂行条例 art. 26 para 2 (VERIFIED): a configuration may not go below it.
DECISION_MINIMUM = 7


class Opinion(StrEnum):
    """审查意见 (the contract's outcome codes on Case.outcome)."""

    HEFA = "HEFA"
    XIUGAI_HEFA = "XIUGAI_HEFA"
    BUHEFA = "BUHEFA"

    @property
    def label(self) -> str:
        return {"HEFA": "合法", "XIUGAI_HEFA": "修改后合法", "BUHEFA": "不合法"}[self.value]


class Adoption(StrEnum):
    """送审单位对审查意见的采纳情况."""

    ADOPTED = "adopted"
    PARTLY = "partly"
    NOT_ADOPTED = "not_adopted"

    @property
    def label(self) -> str:
        return {"adopted": "采纳", "partly": "部分采纳", "not_adopted": "未采纳"}[self.value]


@dataclass(frozen=True)
class ReviewPeriod:
    """One matter's review time in working days, with its rule and basis."""

    matter: Matter
    rule_id: str
    default_days: int
    min_days: int
    max_days: int | None
    basis: str
    status: Status

    def describe(self) -> str:
        upper = f"，最长不超过{self.max_days}个工作日" if self.max_days else ""
        verified = "" if self.status is Status.VERIFIED else "（期限未经核实，按本系统配置）"
        return (
            f"{self.matter.label}的审查时间一般不少于{self.min_days}个工作日{upper}（{self.basis}）{verified}"
        )


def review_period(matter: str, config: LawConfig | None = None) -> ReviewPeriod:
    """The matter's review time as configured; LawValidationError for an unknown matter or a
    configuration that breaks the law (a decision's minimum below art. 26's seven working days)."""
    try:
        m = Matter(matter)
    except ValueError:
        raise LawValidationError(f"未知的送审事项类型：{matter}", "合法性审查") from None
    cfg = config or default_config()
    try:
        default, low, high = cfg.legality_review_periods[m.value]
    except KeyError:
        raise LawValidationError(
            f"未配置“{m.label}”的审查时间", "LawConfig.legality_review_periods"
        ) from None
    rule = get_rule(RULE_OF_MATTER[m])
    if m is Matter.DECISION and low < DECISION_MINIMUM:
        raise LawValidationError(
            f"重大行政决策草案的合法性审查时间一般不少于{DECISION_MINIMUM}个工作日（{rule.basis}），配置为{low}个工作日",
            rule.id,
        )
    if low < rule.period or default < low or (high is not None and not low <= default <= high):
        raise LawValidationError(
            f"“{m.label}”的审查时间配置（默认{default}、最短{low}、最长{high}个工作日）不一致："
            f"最短不少于{rule.period}个工作日，默认应在最短与最长之间",
            "LawConfig.legality_review_periods",
        )
    return ReviewPeriod(m, rule.id, default, low, high, rule.basis, rule.status)


@dataclass(frozen=True)
class ReviewTime:
    """The review time a submission allows: the day the opinion is requested by, in working days."""

    period: ReviewPeriod
    submitted_on: date
    due: date
    days: int
    extension: int  # working days beyond the rule's own minimum period (the deadline row's extension)
    explanation: str


def review_time(
    matter: str,
    submitted_on: date,
    requested_by: date | None = None,
    *,
    calendar: WorkCalendar | None = None,
    config: LawConfig | None = None,
) -> ReviewTime:
    """Check the day the submitter requests the opinion by (default: the matter's default number of
    working days after submission). Raises LawValidationError (Chinese, naming the rule) when it
    leaves less than the minimum or more than the maximum."""
    p = review_period(matter, config)
    cal = calendar or default_calendar()
    if requested_by is None:
        requested_by = cal.nth_workday_after(submitted_on, p.default_days)
    if requested_by <= submitted_on:
        raise LawValidationError("要求反馈意见的日期应晚于送审日期。", p.rule_id)
    days = cal.count_workdays(submitted_on, requested_by)
    if days < p.min_days:
        raise LawValidationError(
            f"送审单位应当给审查机构留出不少于{p.min_days}个工作日的审查时间（{p.basis}）；"
            f"{cn_date(submitted_on)}送审，要求{cn_date(requested_by)}前反馈，只有{days}个工作日，"
            f"最早可要求{cn_date(cal.nth_workday_after(submitted_on, p.min_days))}前反馈。",
            p.rule_id,
        )
    if p.max_days is not None and days > p.max_days:
        raise LawValidationError(
            f"“{p.matter.label}”的审查时间最长不超过{p.max_days}个工作日（{p.basis}）；要求{cn_date(requested_by)}前反馈"
            f"为{days}个工作日，最晚可要求{cn_date(cal.nth_workday_after(submitted_on, p.max_days))}前反馈。",
            p.rule_id,
        )
    rule = get_rule(p.rule_id)
    # A requested day that is not a working day is due on it all the same; the extension counts
    # the working days up to it.
    explanation = (
        f"{cn_date(submitted_on)}送审，送审单位要求{cn_date(requested_by)}前反馈审查意见，"
        f"审查时间{days}个工作日；{p.describe()}。"
    )
    return ReviewTime(p, submitted_on, requested_by, days, days - rule.period, explanation)
