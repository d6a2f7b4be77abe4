"""重大行政决策 (重大行政决策程序暂行条例 2019, 国务院令第713号; DOMAIN.md §2.5): the statutory
steps a draft decision must have passed before it may be discussed and decided (集体讨论决定), as
data with their articles, and `missing_steps(facts)` — the one gate the service, the API and the
forms all apply. Pure: no Django.

Which steps are mandatory depends on the decision's flags: 专家论证 when it involves professional
or technical matters (arts. 19–21), 风险评估 when social stability or public safety may be
affected (arts. 22–24), 公平竞争审查 when it involves market activity (art. 29), 听证 when one is
held (art. 16: materials served at least 7 days before). 公众参与 (art. 15) and 合法性审查
(arts. 25–26) are always required. Day counting uses the platform's rule table (`deadlines.due`:
JC-15, JC-16, JC-26) and so its working-day calendar.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fazhi.law.basis import cite
from fazhi.law.calendar import WorkCalendar
from fazhi.law.config import LawConfig
from fazhi.law.deadlines import due

LAW = "重大行政决策程序暂行条例"

# 合法性审查意见 (the legality-review case's outcome codes, CONTRACT.md).
REVIEW_LAWFUL = "HEFA"
REVIEW_LAWFUL_AMENDED = "XIUGAI_HEFA"
REVIEW_UNLAWFUL = "BUHEFA"
REVIEW_OUTCOMES = (
    (REVIEW_LAWFUL, "合法"),
    (REVIEW_LAWFUL_AMENDED, "修改后合法"),
    (REVIEW_UNLAWFUL, "不合法"),
)
PASSING_REVIEW = frozenset({REVIEW_LAWFUL, REVIEW_LAWFUL_AMENDED})


@dataclass(frozen=True)
class Gate:
    """One statutory step before 集体讨论决定: its code, Chinese name, rule id and citation."""

    step: str
    label: str
    cite: str
    rule: str = ""

    @property
    def article(self) -> str:
        """The citation in the house style, e.g. 《重大行政决策程序暂行条例》第十五条第一款."""
        return cite(f"{LAW} {self.cite}")


GATES: tuple[Gate, ...] = (
    Gate("comment", "公开征求意见", "15.1", "JC-15"),
    Gate("hearing", "听证", "16.3", "JC-16"),
    Gate("expertise", "专家论证", "19"),
    Gate("risk", "风险评估", "22"),
    Gate("legality", "合法性审查", "25"),
    Gate("legality_period", "合法性审查时间", "26.2", "JC-26"),
    Gate("fair_competition", "公平竞争审查", "29"),
)
GATE = {g.step: g for g in GATES}


@dataclass(frozen=True)
class DecisionFacts:
    """What is recorded of a draft decision's steps (the decision's detail row, and the linked
    legality-review case's submission date, allowed-until date and outcome)."""

    comment_from: date | None = None
    comment_until: date | None = None
    short_comment_reason: str = ""
    hearing_held: bool = False
    hearing_on: date | None = None
    hearing_materials_on: date | None = None
    hearing_done_on: date | None = None
    involves_expertise: bool = False
    expertise_on: date | None = None
    stability_risk: bool = False
    risk_assessed_on: date | None = None
    market_activity: bool = False
    fair_competition_on: date | None = None
    review_submitted_on: date | None = None
    review_allowed_until: date | None = None
    review_outcome: str = ""
    exploratory_reform: bool = False
    legal_risk_statement: str = ""

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> DecisionFacts:
        """The facts among `values` (a detail row's fields, or the engine's case facts); None and
        absent values keep their defaults."""
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})


@dataclass(frozen=True)
class Missing:
    """A step that is missing or not lawfully done: the step, its article and what is wrong."""

    step: str
    label: str
    article: str
    message: str

    def __iter__(self) -> Iterator[str]:  # unpacks as (step, article, message)
        return iter((self.step, self.article, self.message))

    def __str__(self) -> str:
        return f"缺少“{self.label}”：{self.message}（{self.article}）。"


def _missing(step: str, message: str) -> Missing:
    gate = GATE[step]
    return Missing(step, gate.label, gate.article, message)


def comment_problem(
    start: date | None,
    until: date | None,
    reason: str,
    *,
    calendar: WorkCalendar | None = None,
    config: LawConfig | None = None,
) -> str:
    """Art. 15: the comment period runs ≥ 30 days (JC-15), or the shorter period is explained.
    "" when lawful, else the problem in Chinese."""
    if start is None or until is None:
        return "未公开征求意见（应向社会公开征求意见，期限一般不少于30日）"
    if until < start:
        return "征求意见截止日期早于开始日期"
    earliest = due("JC-15", start, calendar=calendar, config=config).due
    if until < earliest and not reason.strip():
        return (
            f"征求意见期限自{start.isoformat()}至{until.isoformat()}，不足30日（最早应至{earliest.isoformat()}），"
            "且未说明缩短期限的理由"
        )
    return ""


def hearing_problem(
    hearing_on: date | None,
    materials_on: date | None,
    *,
    calendar: WorkCalendar | None = None,
    config: LawConfig | None = None,
) -> str:
    """Art. 16: hearing materials are served at least 7 days before the hearing (JC-16)."""
    if hearing_on is None:
        return "决定举行听证的，尚未安排听证会"
    if materials_on is None:
        return "未登记听证材料送达参加人的日期"
    latest = due("JC-16", hearing_on, calendar=calendar, config=config).due
    if materials_on > latest:
        return (
            f"听证材料于{materials_on.isoformat()}送达，晚于听证会（{hearing_on.isoformat()}）7日前"
            f"（最迟{latest.isoformat()}）"
        )
    return ""


def review_period_problem(
    submitted_on: date | None,
    allowed_until: date | None,
    *,
    calendar: WorkCalendar | None = None,
    config: LawConfig | None = None,
) -> str:
    """Art. 26: the submitter allows the reviewer ≥ 7 working days (JC-26)."""
    if submitted_on is None or allowed_until is None:
        return "未登记送请合法性审查日期和审查期限"
    earliest = due("JC-26", submitted_on, calendar=calendar, config=config).due
    if allowed_until < earliest:
        return (
            f"送审日期{submitted_on.isoformat()}，留给审查的期限至{allowed_until.isoformat()}，"
            f"不足7个工作日（最早应至{earliest.isoformat()}）"
        )
    return ""


def missing_steps(
    facts: DecisionFacts, *, calendar: WorkCalendar | None = None, config: LawConfig | None = None
) -> list[Missing]:
    """The steps that stand between this draft and 集体讨论决定, in statutory order: empty when
    the decision may be discussed and decided. Each names its step and article."""
    out: list[Missing] = []
    problem = comment_problem(
        facts.comment_from, facts.comment_until, facts.short_comment_reason, calendar=calendar, config=config
    )
    if problem:
        out.append(_missing("comment", problem))
    if facts.hearing_held:
        problem = hearing_problem(
            facts.hearing_on, facts.hearing_materials_on, calendar=calendar, config=config
        )
        if not problem and facts.hearing_done_on is None:
            problem = f"听证会（{facts.hearing_on.isoformat() if facts.hearing_on else ''}）尚未举行"
        if problem:
            out.append(_missing("hearing", problem))
    if facts.involves_expertise and facts.expertise_on is None:
        out.append(_missing("expertise", "涉及专业性、技术性问题，尚未组织专家论证"))
    if facts.stability_risk and facts.risk_assessed_on is None:
        out.append(_missing("risk", "可能影响社会稳定、公共安全，尚未开展风险评估"))
    if not facts.review_outcome:
        out.append(_missing("legality", "未经合法性审查的决策草案，不得提交集体讨论"))
    elif facts.review_outcome not in PASSING_REVIEW and not (
        facts.exploratory_reform and facts.legal_risk_statement.strip()
    ):
        out.append(
            _missing(
                "legality",
                "经合法性审查不合法的决策草案，不得提交集体讨论（探索性改革事项须明示法律风险）",
            )
        )
    if facts.review_outcome:
        problem = review_period_problem(
            facts.review_submitted_on, facts.review_allowed_until, calendar=calendar, config=config
        )
        if problem:
            out.append(_missing("legality_period", problem))
    if facts.market_activity and facts.fair_competition_on is None:
        out.append(_missing("fair_competition", "涉及市场主体经济活动，尚未进行公平竞争审查"))
    return out


# 集体讨论决定 (art. 30): the meeting, the head speaks last, a departure from the majority explained.
MEETING_KINDS = (("standing", "政府常务会议"), ("plenary", "政府全体会议"))
HEAD_POSITIONS = (
    ("majority", "行政首长意见与多数意见一致"),
    ("departs", "行政首长作出与多数意见不一致的决定"),
)


def meeting_problems(*, head_spoke_last: bool, head_position: str, departure_reason: str) -> dict[str, str]:
    """Art. 30's rules on the meeting itself: field -> problem ("" keys none)."""
    article = cite(f"{LAW} 30")
    errors = {}
    if not head_spoke_last:
        errors["head_spoke_last"] = f"行政首长应当在集体讨论的最后发表意见（{article}）。"
    if head_position == "departs" and not departure_reason.strip():
        errors["departure_reason"] = (
            f"行政首长拟作出的决定与会议组成人员多数人的意见不一致的，应当说明理由（{article}）。"
        )
    return errors


def explanations(
    facts: DecisionFacts, *, calendar: WorkCalendar | None = None, config: LawConfig | None = None
) -> dict[str, str]:
    """step -> how its period was counted (the rule table's own sentence), for the steps whose
    dates are recorded: the comment period (JC-15), the hearing materials (JC-16) and the review
    period (JC-26)."""
    out = {}
    if facts.comment_from:
        counted = due("JC-15", facts.comment_from, calendar=calendar, config=config).explanation
        until = f"；实际征求意见至{facts.comment_until.isoformat()}" if facts.comment_until else ""
        out["comment"] = counted.rstrip("。") + until + "。" if until else counted
    if facts.hearing_on:
        out["hearing"] = due("JC-16", facts.hearing_on, calendar=calendar, config=config).explanation
    if facts.review_submitted_on:
        counted = due("JC-26", facts.review_submitted_on, calendar=calendar, config=config).explanation
        given = (
            f"；送审时留给审查的期限至{facts.review_allowed_until.isoformat()}"
            if facts.review_allowed_until
            else ""
        )
        out["legality_period"] = counted.rstrip("。") + given + "。" if given else counted
    return out
