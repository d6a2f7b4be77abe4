"""Administrative reconsideration (行政复议) helpers: application period, simplified procedure, decision types.

- ``application_period``: is an application in time, late or barred (FY-01 … FY-03, 行政复议法 arts. 20–21)?
- ``application_start``: from which date the period runs, by service mode (FY-04, 实施条例 art. 15).
- ``simplified_eligible``: may the simplified procedure be used (FY-14, art. 53)?
- ``Decision`` and the indicator sets: which decisions count as 纠错 (IND-01, variants A/B of the
  denominator) and as 调撤 (IND-02).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from fazhi.law.basis import Finding, Reason, cite, cn_date
from fazhi.law.calendar import WorkCalendar
from fazhi.law.config import LawConfig, default_config
from fazhi.law.deadlines import Deadline, due
from fazhi.law.errors import LawValidationError
from fazhi.law.periods import Pause, PauseKind, Unit, compute


class ApplicationStatus(StrEnum):
    IN_TIME = "IN_TIME"  # 在申请期限内
    LATE = "LATE"  # 超过申请期限
    BARRED = "BARRED"  # 超过最长期限，不予受理（第二十一条）


@dataclass(frozen=True, slots=True)
class ApplicationPeriod:
    """申请期限审查结果."""

    status: ApplicationStatus
    deadline: date  # last day of the application period (FY-01, or FY-02 cap)
    bar_date: date | None  # last day before the absolute bar (FY-03), if the act date is known
    basis: str
    explanation: str
    provisional: bool
    reasons: tuple[Reason, ...]


def application_period(
    *,
    knew_on: date,
    filed_on: date,
    act_made_on: date | None = None,
    informed: bool = True,
    learned_rights_on: date | None = None,
    immovable: bool = False,
    longer_statutory_days: int | None = None,
    obstacles: Iterable[Pause | Sequence[Any]] = (),
    calendar: WorkCalendar | None = None,
) -> ApplicationPeriod:
    """Check an application date (FY-01 … FY-03).

    ``knew_on``: when the applicant knew or should have known the act (its content); ``filed_on``: the
    application date (for a posted application the postmark date, T-6); ``informed``: whether the act
    told the applicant of the right, the 复议机关 and the period — if not, the period runs from
    ``learned_rights_on`` but at most one year from ``knew_on`` (art. 20 para 3); ``obstacles``: time
    lost to force majeure or another proper reason, not counted (art. 20 para 2);
    ``longer_statutory_days``: a longer period set by another law (art. 20 para 1 proviso).
    """
    reasons: list[Reason] = []
    used: list[Deadline] = []
    bar = None
    if act_made_on is not None:
        bar_rule = due("FY-03b" if immovable else "FY-03", act_made_on, calendar=calendar)
        if filed_on >= bar_rule.period_end:  # only then can the (possibly provisional) holidays matter
            used.append(bar_rule)
        bar = bar_rule.due
        if filed_on > bar:
            years = 20 if immovable else 5
            text = f"自{cn_date(act_made_on)}行政行为作出之日起已超过{years}年，不予受理"
            reasons.append(Reason(text, bar_rule.basis, bar_rule.rule_id))
            return ApplicationPeriod(
                ApplicationStatus.BARRED,
                bar,
                bar,
                bar_rule.basis,
                text + "。",
                bar_rule.provisional,
                tuple(reasons),
            )

    pauses = [p if isinstance(p, Pause) else Pause.coerce((*p[:2], PauseKind.OBSTACLE)) for p in obstacles]
    start = knew_on if informed else learned_rights_on
    deadline, basis = date.max, ""  # set below: by FY-01 when informed, by FY-02 (at least) otherwise
    if start is not None:
        fy01 = due("FY-01", start, pauses=pauses, calendar=calendar)
        used.append(fy01)
        deadline, basis = fy01.due, fy01.basis
        if longer_statutory_days and longer_statutory_days > 60:
            deadline = compute(start, longer_statutory_days, Unit.CD, calendar=calendar, pauses=pauses).due
            text = f"其他法律规定的申请期限为{longer_statutory_days}日，长于六十日，从其规定"
            reasons.append(Reason(text, basis, "FY-01"))
        reasons.append(Reason(f"申请期限自{cn_date(start)}起计算，至{cn_date(deadline)}届满", basis, "FY-01"))
    if not informed:
        cap = due("FY-02", knew_on, calendar=calendar)
        used.append(cap)
        text = (
            "行政机关未告知申请行政复议的权利、行政复议机关和申请期限，"
            f"最长不得超过知道行政行为内容之日（{cn_date(knew_on)}）起一年，即{cn_date(cap.due)}"
        )
        reasons.append(Reason(text, cap.basis, "FY-02"))
        if cap.due < deadline:
            deadline, basis = cap.due, cap.basis
    if filed_on > deadline:
        status, verdict = ApplicationStatus.LATE, "已超过申请期限"
    else:
        status, verdict = ApplicationStatus.IN_TIME, "在申请期限内"
    explanation = f"申请期限至{cn_date(deadline)}届满，{cn_date(filed_on)}提出申请，{verdict}。"
    return ApplicationPeriod(
        status, deadline, bar, basis, explanation, any(d.provisional for d in used), tuple(reasons)
    )


class ServiceMode(StrEnum):
    """行政行为的告知或送达方式 (实施条例 art. 15 para 1 items 1–6)."""

    ON_THE_SPOT = "ON_THE_SPOT"
    DIRECT = "DIRECT"
    POSTAL = "POSTAL"
    ANNOUNCEMENT = "ANNOUNCEMENT"
    SUPPLEMENTARY_NOTICE = "SUPPLEMENTARY_NOTICE"
    PROVEN_KNOWLEDGE = "PROVEN_KNOWLEDGE"


_START = {
    ServiceMode.ON_THE_SPOT: (1, "当场作出的，自行政行为作出之日起计算"),
    ServiceMode.DIRECT: (2, "直接送达的，自受送达人签收之日起计算"),
    ServiceMode.POSTAL: (3, "邮寄送达的，自受送达人在邮件签收单（或送达回执）上签收之日起计算"),
    ServiceMode.ANNOUNCEMENT: (4, "公告送达的，自公告规定的期限届满之日起计算"),
    ServiceMode.SUPPLEMENTARY_NOTICE: (5, "事后补充告知的，自收到补充告知的通知之日起计算"),
    ServiceMode.PROVEN_KNOWLEDGE: (6, "被申请人能够证明申请人知道的，自证据材料证明其知道之日起计算"),
}


def application_start(mode: ServiceMode | str, event_date: date) -> tuple[date, Reason]:
    """FY-04: the day the application period runs from (``knew_on`` of ``application_period``) and why.

    ``event_date`` is the date the mode refers to (act made, receipt signed, announcement period
    ended …). The 2007 实施条例 predates the 2023 law; its continued application is PARTIAL.
    """
    try:
        item, text = _START[ServiceMode(mode)]
    except ValueError:
        raise LawValidationError(f"未知的送达方式“{mode}”", "FY-04") from None
    return event_date, Reason(
        f"{text}：{cn_date(event_date)}", cite(f"行政复议法实施条例 15.1({item})"), "FY-04"
    )


def simplified_eligible(
    *,
    facts_clear: bool,
    rights_clear: bool,
    dispute_small: bool,
    on_the_spot: bool = False,
    warning_or_criticism: bool = False,
    amount: Decimal | int | None = None,
    information_disclosure: bool = False,
    all_parties_agree: bool = False,
) -> Finding:
    """FY-14 (行政复议法 art. 53): may the simplified procedure be used?

    Para 1: facts clear, rights and duties clear, dispute small, and the act is on-the-spot, a warning
    or 通报批评, an amount of 3,000 yuan or less (以下 includes 3,000), or a 政府信息公开 case.
    Para 2: any other case if all parties agree.
    """
    listed = []
    if on_the_spot:
        listed.append(("行政行为是当场作出", "行政复议法 53.1(1)"))
    if warning_or_criticism:
        listed.append(("行政行为是警告或者通报批评", "行政复议法 53.1(2)"))
    if amount is not None and Decimal(amount) <= 3000:
        listed.append((f"案件涉及款额{amount}元，在三千元以下", "行政复议法 53.1(3)"))
    if information_disclosure:
        listed.append(("属于政府信息公开案件", "行政复议法 53.1(4)"))
    if listed:
        reasons = [Reason(text, cite(spec), "FY-14") for text, spec in listed]
        missing = [
            name
            for ok, name in (
                (facts_clear, "事实清楚"),
                (rights_clear, "权利义务关系明确"),
                (dispute_small, "争议不大"),
            )
            if not ok
        ]
        if missing:
            reasons.append(
                Reason(f"但不满足“{'、'.join(missing)}”，不能适用简易程序", cite("行政复议法 53.1"), "FY-14")
            )
            return Finding(False, tuple(reasons))
        reasons.append(
            Reason("事实清楚、权利义务关系明确、争议不大，可以适用简易程序", cite("行政复议法 53.1"), "FY-14")
        )
        return Finding(True, tuple(reasons))
    if all_parties_agree:
        return Finding(True, (Reason("当事人各方同意适用简易程序", cite("行政复议法 53.2"), "FY-14"),))
    return Finding(
        False,
        (
            Reason(
                "不属于第五十三条第一款所列案件，且当事人各方未同意适用简易程序",
                cite("行政复议法 53"),
                "FY-14",
            ),
        ),
    )


class Decision(StrEnum):
    """行政复议决定类型 (DOMAIN.md §2.1)."""

    BIANGENG = "BIANGENG"
    CHEXIAO = "CHEXIAO"
    QUEREN_WEIFA = "QUEREN_WEIFA"
    ZELING_LVXING = "ZELING_LVXING"
    QUEREN_WUXIAO = "QUEREN_WUXIAO"
    WEICHI = "WEICHI"
    BOHUI_QINGQIU = "BOHUI_QINGQIU"
    XIEYI_ZEREN = "XIEYI_ZEREN"
    BOHUI_SHENQING = "BOHUI_SHENQING"
    BU_SHOULI = "BU_SHOULI"
    ZHONGZHI = "ZHONGZHI"
    TIAOJIE = "TIAOJIE"
    HEJIE_CHEHUI = "HEJIE_CHEHUI"

    @property
    def label(self) -> str:
        return _DECISIONS[self][0]

    @property
    def basis(self) -> str:
        return cite(_DECISIONS[self][1])


_DECISIONS = {
    Decision.BIANGENG: ("变更", "行政复议法 63"),
    Decision.CHEXIAO: ("撤销或者部分撤销", "行政复议法 64"),
    Decision.QUEREN_WEIFA: ("确认违法", "行政复议法 65"),
    Decision.ZELING_LVXING: ("责令履行", "行政复议法 66"),
    Decision.QUEREN_WUXIAO: ("确认无效", "行政复议法 67"),
    Decision.WEICHI: ("维持", "行政复议法 68"),
    Decision.BOHUI_QINGQIU: ("驳回行政复议请求", "行政复议法 69"),
    Decision.XIEYI_ZEREN: ("行政协议责任", "行政复议法 71"),
    Decision.BOHUI_SHENQING: ("驳回申请", "行政复议法 33"),
    Decision.BU_SHOULI: ("不予受理", "行政复议法 30.2"),
    Decision.ZHONGZHI: ("终止", "行政复议法 41"),
    Decision.TIAOJIE: ("调解", "行政复议法 73"),
    Decision.HEJIE_CHEHUI: ("和解、撤回申请", "行政复议法 74"),
}

# IND-01 numerator: 变更 + 撤销 + 确认违法 + 责令履行, plus 确认无效 (included by DOMAIN.md's choice, flagged).
CORRECTIVE = frozenset(
    {
        Decision.BIANGENG,
        Decision.CHEXIAO,
        Decision.QUEREN_WEIFA,
        Decision.ZELING_LVXING,
        Decision.QUEREN_WUXIAO,
    }
)
CORRECTIVE_FLAGGED = frozenset({Decision.QUEREN_WUXIAO})
# IND-02 numerator: closed by 调解书, 和解 or the applicant's withdrawal.
SETTLED = frozenset({Decision.TIAOJIE, Decision.HEJIE_CHEHUI})


class CorrectionVariant(StrEnum):
    """IND-01 denominator: A = ÷ 审结 (all concluded accepted cases; Xihu's 2024 report: 30/610);
    B = ÷ (审结 − 调撤) (concluded by decision, no 调解/和解/撤回: the national white paper's basis)."""

    A = "A"
    B = "B"


def corrective(config: LawConfig | None = None) -> frozenset[Decision]:
    """纠错决定 (IND-01 numerator): CORRECTIVE, and the 行政协议 decision (art. 71) when the
    deployment counts it against the agency (LawConfig.agreement_liability_adverse — the same setting
    decides whether the litigation line's 行政协议 judgment is 败诉)."""
    if (config or default_config()).agreement_liability_adverse:
        return CORRECTIVE | {Decision.XIEYI_ZEREN}
    return CORRECTIVE


def is_corrective(decision: Decision | str, config: LawConfig | None = None) -> bool:
    """纠错决定 (IND-01 numerator)."""
    return Decision(decision) in corrective(config)


def in_correction_denominator(
    decision: Decision | str, variant: CorrectionVariant | str = CorrectionVariant.A
) -> bool:
    """Whether a concluded case counts in the IND-01 denominator (不予受理 never does)."""
    d = Decision(decision)
    if d is Decision.BU_SHOULI:
        return False
    return CorrectionVariant(variant) is CorrectionVariant.A or d not in SETTLED


def is_settled(decision: Decision | str) -> bool:
    """调撤结案 (IND-02 numerator)."""
    return Decision(decision) in SETTLED
