"""行政复议 workflows (行政复议法 2023; DOMAIN.md §2.1 FY-01 … FY-31). Pure: no Django.

Two case kinds:

- ``reconsideration`` — application received (FY-05 受理审查, FY-06 补正通知 start) → 补正 (FY-07;
  on the supplement FY-05 runs again) or 受理 (ordinary: FY-09, FY-15; simplified: FY-12, FY-16),
  不予受理, 视为受理 (automatic on FY-05 expiry) or 视为放弃 (automatic on FY-07 expiry) → copy
  sent to the respondent (FY-10 / FY-13) → reply received, or lapsed (automatic, art. 70) → hearing
  (FY-11) → 调解 / 和解 → 中止 (pauses FY-15/FY-16 per T-8; FY-23 auto-终止) / 恢复 → 延长 (≤ 30 days,
  approved) → 决定 / 调解书 / 和解撤回 / 终止 / 驳回申请.
- ``opinion_letter`` — 行政复议意见书 issued → delivered (FY-26: 60 days) → replied, or overdue
  (automatic on FY-26 expiry) → 督促 (art. 77) → replied late.

Guards return a Chinese reason that cites the article.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fazhi.cases.workflow import STAY, DeadlineStart, Field, Record, Transition, Workflow
from fazhi.law.basis import cite
from fazhi.law.reconsideration import Decision, simplified_eligible

Facts = Mapping[str, Any]


def law(spec: str) -> str:
    """（《中华人民共和国行政复议法》第…条）: the citation that ends a guard's reason."""
    return f"（{cite('行政复议法 ' + spec)}）"


# --- choices (the models use the same tuples) ---------------------------------------------------

PROCEDURES = (("ordinary", "普通程序"), ("simplified", "简易程序"))
NOT_ACCEPTED_GROUNDS = (
    ("parties", "没有明确的申请人或者符合规定的被申请人（第三十条第一款第一项）"),
    ("interest", "申请人与行政行为没有利害关系（第三十条第一款第二项）"),
    ("claim", "没有具体的行政复议请求和理由（第三十条第一款第三项）"),
    ("period", "超过法定申请期限（第三十条第一款第四项）"),
    ("scope", "不属于行政复议范围（第三十条第一款第五项）"),
    ("jurisdiction", "不属于本机关管辖（第三十条第一款第六项）"),
    ("duplicate", "已受理过同一申请或者人民法院已受理（第三十条第一款第七项）"),
)
SUSPENSION_GROUNDS = (
    ("1", "（一）作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议"),
    ("2", "（二）作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人"),
    ("3", "（三）作为申请人的公民下落不明"),
    ("4", "（四）作为申请人的法人或者其他组织终止，尚未确定权利义务承受人"),
    ("5", "（五）申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议"),
    ("6", "（六）进行调解、和解，申请人和被申请人同意中止"),
    ("7", "（七）法律适用问题需要有权机关作出解释或者确认"),
    ("8", "（八）审理需要以其他案件的审理结果为依据，而其他案件尚未审结"),
    ("9", "（九）有第五十六条或者第五十七条规定的附带审查情形"),
    ("10", "（十）需要中止行政复议的其他情形"),
)
AUTO_TERMINATION_GROUNDS = frozenset({"1", "2", "4"})  # FY-23: art. 41(5)
INCIDENTAL_REVIEW = "9"  # art. 39(9): 附带审查 under arts. 56, 57
# arts. 56, 57: the 复议机关 handles the 规范性文件 or 依据 itself (30 days, FY-17; and notifies the
# 制定机关 within 3 working days of the suspension, art. 58: FY-19), or transfers it (7 working days, FY-18).
REVIEW_ROUTES = (("self", "本机关有权处理"), ("transfer", "转送有权处理的机关"))
INSPECTION_KINDS = (("inspection", "勘验"), ("appraisal", "鉴定"))
# art. 49: heard in person, by internet or telephone; or, the parties' fault, a written review.
OPINIONS_HEARD = (
    ("heard", "已当面或者通过互联网、电话等方式听取当事人意见"),
    ("written", "因当事人原因不能听取意见，书面审查"),
)
# art. 61.1: the decision is made with the consent of the 复议机关's head or by collective discussion.
APPROVALS = (("head", "经行政复议机关负责人同意"), ("collective", "经集体讨论通过"))
SERVICE_MODES_OF_DECISION = (
    ("direct", "直接送达"),
    ("postal", "邮寄送达"),
    ("electronic", "电子送达"),
    ("announcement", "公告送达"),
)
TERMINATION_GROUNDS = (
    ("2", "作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利（第四十一条第二项）"),
    ("3", "作为申请人的法人或者其他组织终止，没有权利义务承受人或者其放弃行政复议权利（第四十一条第三项）"),
    ("4", "申请人因同一违法行为涉嫌犯罪，被采取刑事强制措施（第四十一条第四项）"),
    ("5", "依第三十九条第一款第一、二、四项中止满六十日，中止原因仍未消除（第四十一条第五项）"),
)
MANUAL_TERMINATION_GROUNDS = TERMINATION_GROUNDS[:3]  # item 5 is taken by the system (FY-23)
# 决定 on the merits (arts. 63–71): the choices of the 作出行政复议决定 step.
MERITS = (
    Decision.BIANGENG,
    Decision.CHEXIAO,
    Decision.QUEREN_WEIFA,
    Decision.ZELING_LVXING,
    Decision.QUEREN_WUXIAO,
    Decision.WEICHI,
    Decision.BOHUI_QINGQIU,
    Decision.XIEYI_ZEREN,
)
MERITS_CHOICES = tuple((d.value, f"{d.label}（{d.basis.split('》')[1]}）") for d in MERITS)
# art. 70: when the respondent did not reply, the act is taken to have no evidence or basis.
NO_REPLY_DECISIONS = frozenset(
    {Decision.CHEXIAO, Decision.QUEREN_WEIFA, Decision.QUEREN_WUXIAO, Decision.ZELING_LVXING}
)
# art. 72: compensation goes with 撤销/部分撤销、变更、确认违法/无效 (and art. 71 行政协议 赔偿损失).
COMPENSATION_DECISIONS = frozenset(
    {Decision.CHEXIAO, Decision.BIANGENG, Decision.QUEREN_WEIFA, Decision.QUEREN_WUXIAO, Decision.XIEYI_ZEREN}
)
ABANDONED = "FANGQI"  # outcome of 视为放弃 (art. 31.2): recorded, not a decision
# 受理前撤回 (art. 74.2: withdrawn before a decision, here before acceptance): recorded, not a
# decision, and not 审结 (no accepted case was concluded).
WITHDRAWN_EARLY = "CHEHUI_SHOULI_QIAN"
OUTCOMES = {
    **{d.value: d.label for d in Decision},
    ABANDONED: "视为放弃申请",
    WITHDRAWN_EARLY: "受理前撤回申请",
}
# arts. 66, 69: 责令履行 and 驳回行政复议请求 answer an application against a failure to act.
NON_PERFORMANCE_DECISIONS = frozenset({Decision.ZELING_LVXING, Decision.BOHUI_QINGQIU})

STATES = {
    "received": "受理审查中",
    "correction": "补正中",
    "correction_lapsed": "补正期限届满（待在途材料）",
    "accepted": "已受理",
    "awaiting_reply": "待被申请人答复",
    "reviewing": "审理中",
    "hearing": "听证中",
    "suspended": "中止",
    "not_accepted": "不予受理",
    "abandoned": "视为放弃申请",
    "withdrawn_early": "受理前撤回",
    "decided": "已作出决定",
    "mediated": "调解结案",
    "withdrawn": "和解撤回结案",
    "terminated": "终止",
    "dismissed": "驳回申请",
}
HANDLING = ("accepted", "awaiting_reply", "reviewing", "hearing")  # accepted and not suspended
OPEN = (*HANDLING, "suspended")
CLOSED = ("decided", "mediated", "withdrawn", "terminated", "dismissed")
DECISION_RULES = ("FY-15", "FY-16")
REVIEW_RULES = ("FY-17", "FY-18", "FY-19", "FY-20", "FY-21")  # 附带审查 (arts. 56–60)
OTHER_RULES = ("FY-09", "FY-10", "FY-11", "FY-12", "FY-13", "FY-23", *REVIEW_RULES)
INTAKE_RULES = ("FY-05", "FY-06", "FY-07", "FY-07b")


# --- predicates and guards ----------------------------------------------------------------------


def _procedure(facts: Facts, data: Mapping[str, Any]) -> str:
    return data.get("procedure") or facts.get("procedure") or "ordinary"


def ordinary(facts: Facts, data: Mapping[str, Any]) -> str | None:
    return None if _procedure(facts, data) == "ordinary" else "简易程序"


def simplified(facts: Facts, data: Mapping[str, Any]) -> str | None:
    return None if _procedure(facts, data) == "simplified" else "普通程序"


def simplified_finding(facts: Facts, data: Mapping[str, Any]):
    """FY-14 on the accept form's answers and the case's amount and act category."""
    amount = facts.get("amount_involved")
    return simplified_eligible(
        facts_clear=bool(data.get("facts_clear")),
        rights_clear=bool(data.get("rights_clear")),
        dispute_small=bool(data.get("dispute_small")),
        on_the_spot=bool(data.get("on_the_spot")) or facts.get("service_mode") == "ON_THE_SPOT",
        warning_or_criticism=bool(data.get("warning_or_criticism")),
        amount=Decimal(str(amount)) if amount is not None else None,
        information_disclosure=bool(data.get("information_disclosure"))
        or facts.get("act_category") == "info_disclosure",
        all_parties_agree=bool(data.get("all_parties_agree")),
    )


def period_allows_acceptance(facts: Facts, data: Mapping[str, Any]) -> str | None:
    status = facts.get("period_status")
    if status == "BARRED":
        return "申请已超过最长申请期限（自行政行为作出之日起五年，因不动产的二十年），应当不予受理" + law(
            "21"
        )
    if status == "LATE" and not data.get("late_reason"):
        return (
            "申请已超过申请期限。因不可抗力或者其他正当理由耽误的，申请期限自障碍消除之日起继续计算"
            + law("20.2")
            + "：受理须填写“逾期申请的正当理由”，否则应当不予受理。"
        )
    return None


def simplified_allowed(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if data.get("procedure") != "simplified":
        return None
    finding = simplified_finding(facts, data)
    if finding.ok:
        return None
    return "不能适用简易程序：" + "；".join(r.text for r in finding.reasons) + law("53")


def correction_not_yet_notified(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if facts.get("correction_notice_on"):
        return "补正通知应当一次性载明需要补正的事项，本案已经通知过补正，不能再次通知" + law("31.1")
    return None


def competent_body_named(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if data.get("ground") == "jurisdiction" and not data.get("competent_body"):
        return "不属于本机关管辖的，还应当在不予受理决定中告知申请人有管辖权的行政复议机关" + law("30.2")
    return None


def after_acceptance(field: str, label: str):
    def guard(facts: Facts, data: Mapping[str, Any]) -> str | None:
        value, accepted = data.get(field), facts.get("accepted_on")
        if value and accepted and value < accepted:
            return f"“{label}”不能早于受理日期（{accepted.isoformat()}）。"
        return None

    return guard


def extension_allowed(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if facts.get("extension_days"):
        return (
            f"本案已延长审理期限{facts['extension_days']}日；延长期限最多不得超过三十日，不能再次延长"
            + law("62.1")
        )
    days = data.get("extension_days") or 0
    if not 1 <= days <= 30:
        return f"延长期限最多不得超过三十日，本次为{days}日" + law("62.1")
    if "FY-15" not in facts.get("open_deadlines", {}):
        return "审理期限已经届满，不能再延长；延长应当在审理期限内经批准并书面告知当事人" + law("62.1")
    if not data.get("notified"):
        return "延长审理期限应当书面告知当事人" + law("62.1")
    return None


def simplified_cannot_extend(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if _procedure(facts, {}) == "simplified":
        return (
            "简易程序案件应当自受理之日起三十日内作出决定，没有延长的规定"
            + law("62.2")
            + "；确需延长的，请先转为普通程序。"
        )
    return None


def is_simplified(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if _procedure(facts, {}) != "simplified":
        return "本案适用普通程序，无需转换" + law("55")
    return None


def parties_notified(field: str, what: str, spec: str):
    def guard(facts: Facts, data: Mapping[str, Any]) -> str | None:
        return None if data.get(field) else f"{what}应当书面告知当事人" + law(spec)

    return guard


def hearing_not_notified(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if facts.get("hearing_notified_on"):
        return f"已于{facts['hearing_notified_on'].isoformat()}发出听证通知。"
    return None


def hearing_notified(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if not facts.get("hearing_notified_on"):
        return (
            "举行听证的五日前应当将听证的时间、地点和拟听证事项书面通知当事人"
            + law("51.1")
            + "；请先办理“发出听证通知”。"
        )
    return None


def supplement_pending(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if not facts.get("incomplete_intake"):
        return "本案不是容缺接收的案件。"
    if facts.get("supplement_received_on"):
        return f"容缺材料已于{facts['supplement_received_on'].isoformat()}补齐。"
    return None


def decision_lawful(facts: Facts, data: Mapping[str, Any]) -> str | None:
    decision = data.get("decision")
    # art. 70: no written reply in time, or a reply without the evidence, basis and materials.
    if (
        (facts.get("reply_lapsed") or facts.get("reply_without_evidence"))
        and decision not in NO_REPLY_DECISIONS
        and not data.get("third_party_evidence")
    ):
        why = (
            "未按期提出书面答复"
            if facts.get("reply_lapsed")
            else "答复时未提交作出行政行为的证据、依据和其他有关材料"
        )
        return (
            f"被申请人{why}，视为该行政行为没有证据、依据，应当决定撤销、部分撤销、"
            "确认违法、确认无效或者责令履行，但第三人提供证据的除外" + law("70")
        )
    if data.get("redo_ordered") and decision != Decision.CHEXIAO:
        return "责令被申请人重新作出行政行为只能与撤销或者部分撤销决定一并作出" + law("64.1")
    if data.get("compensation_ordered") and decision not in COMPENSATION_DECISIONS:
        return "决定被申请人给予赔偿应当与撤销、部分撤销、变更或者确认违法、无效决定同时作出" + law("72")
    return None


def review_period_running(facts: Facts, data: Mapping[str, Any]) -> str | None:
    """Art. 30.3: once the 5-working-day review (FY-05) has run without a 不予受理, the application is
    deemed accepted from that day; a later 不予受理 is refused (a ledger's history is recorded as it is)."""
    due, on = facts.get("open_deadlines", {}).get("FY-05"), facts.get("on")
    if facts.get("from_ledger") or due is None or on is None or on <= due:
        return None
    return (
        f"受理审查期限已于{due.isoformat()}届满，期限内未作出不予受理决定的，自届满之日起视为受理"
        + law("30.3")
        + "，不能再决定不予受理；受理后发现不符合受理条件的，可以决定驳回申请"
        + law("33")
        + "。"
    )


def supplement_posted_in_time(facts: Facts, data: Mapping[str, Any]) -> str | None:
    """在途时间 (民事诉讼法 art. 85.4, applied by 行政复议法 art. 88): after the 补正 period ran out,
    material arriving later counts only if it was posted by the last day."""
    if facts.get("status") != "correction_lapsed":
        return None
    due, mailed = facts.get("correction_due_on"), data.get("mailed_on")
    if mailed is None:
        return (
            "补正期限已届满：只有在期限届满前交邮、在途中的补正材料才不算过期，请填写邮寄日期（邮戳）"
            "（《中华人民共和国民事诉讼法》第八十五条第四款" + "，行政复议法第八十八条）。"
        )
    if due is not None and mailed > due:
        return (
            f"补正材料的邮寄日期（{mailed.isoformat()}）晚于补正期限届满日（{due.isoformat()}），"
            "不是在途时间，无正当理由逾期不补正的视为放弃行政复议申请" + law("31.2")
        )
    return None


def decision_fits_act(facts: Facts, data: Mapping[str, Any]) -> str | None:
    """Arts. 66, 69: 责令履行 and 驳回行政复议请求 only on an application against a failure to act."""
    decision = data.get("decision")
    if facts.get("from_ledger") or decision not in NON_PERFORMANCE_DECISIONS:
        return None
    if facts.get("act_category") == "nonperformance":
        return None
    label = Decision(decision).label
    return (
        f"“{label}”只适用于申请人认为被申请人不履行法定职责的案件"
        + law("66,69")
        + "；本案被申请复议的行政行为类别不是“不履行法定职责”。"
    )


def ready_for_decision(facts: Facts, data: Mapping[str, Any]) -> str | None:
    """What must precede a decision (arts. 49, 50, 52, 61), named when missing. A ledger's history
    is recorded as it is (the ledger has no such columns)."""
    if facts.get("from_ledger"):
        return None
    missing = []
    if _procedure(facts, {}) == "ordinary":
        if not data.get("opinions_heard"):
            missing.append("听取当事人意见" + law("49"))
        if data.get("major_complex") and not facts.get("hearing_held_on"):
            missing.append("组织听证（重大、疑难、复杂案件）" + law("50.1"))
    if (data.get("major_complex") or data.get("technical")) and not data.get("committee_consulted"):
        missing.append("提请行政复议委员会提出咨询意见" + law("52.2"))
    if not data.get("approval"):
        missing.append("行政复议机关负责人同意或者集体讨论通过" + law("61.1"))
    if missing:
        return "作出行政复议决定前尚缺：" + "；".join(missing) + "。"
    return None


def review_route_given(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if data.get("ground") == INCIDENTAL_REVIEW and not data.get("review_route"):
        return "因附带审查中止的，请选择附带审查的处理方式（本机关有权处理或者转送有权机关）" + law("56,57")
    return None


def route(name: str):
    """DeadlineStart.when: the 附带审查 goes this way (arts. 56–58)."""

    def guard(facts: Facts, data: Mapping[str, Any]) -> str | None:
        chosen = data.get("review_route") if "ground" in data else facts.get("review_route")
        ground = data.get("ground") if "ground" in data else facts.get("suspension_ground")
        return None if ground == INCIDENTAL_REVIEW and chosen == name else "不适用"

    return guard


def reviewing_rule(facts: Facts, data: Mapping[str, Any]) -> str | None:
    """Offered only while the case is 中止 for a 附带审查 (art. 39(9))."""
    if facts.get("suspension_ground") != INCIDENTAL_REVIEW or facts.get("review_concluded_on"):
        return "本案不在附带审查中"
    return None


def rule_maker_not_notified(facts: Facts, data: Mapping[str, Any]) -> str | None:
    return (
        reviewing_rule(facts, data)
        or route("self")(facts, {})
        or ("已通知制定机关" if facts.get("rule_maker_notified_on") else None)
    )


def rule_maker_notified(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if not facts.get("rule_maker_notified_on") or facts.get("rule_maker_replied_on"):
        return "尚未通知制定机关或者已收到答复"
    return reviewing_rule(facts, data)


def not_transferred(facts: Facts, data: Mapping[str, Any]) -> str | None:
    return (
        reviewing_rule(facts, data)
        or route("transfer")(facts, {})
        or ("已转送" if facts.get("review_transferred_on") else None)
    )


def no_inspection_running(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if facts.get("inspection_started_on") and not facts.get("inspection_ended_on"):
        return "勘验、鉴定尚未结束，请先登记“勘验、鉴定结束”。"
    return None


def inspection_running(facts: Facts, data: Mapping[str, Any]) -> str | None:
    return None if no_inspection_running(facts, data) else "没有进行中的勘验、鉴定"


def resume_to(state: str):
    """恢复审理 returns the case to where it was suspended (art. 39 allows 中止 throughout): before the
    copy was sent, while the reply is awaited, or under review."""

    def where(facts: Facts) -> str:
        if not facts.get("respondent_copy_sent_on"):
            return "accepted"
        if not (facts.get("reply_received_on") or facts.get("reply_lapsed")):
            return "awaiting_reply"
        return "reviewing"

    def guard(facts: Facts, data: Mapping[str, Any]) -> str | None:
        return None if where(facts) == state else "不适用"

    return guard


def not_served(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if facts.get("decision_served_on"):
        return f"决定书已于{facts['decision_served_on'].isoformat()}送达。"
    return None


def copy_to_superior_due(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if not facts.get("respondent_is_department"):
        return "被申请人不是本级人民政府工作部门，无需抄告" + law("79.2")
    if facts.get("copied_to_superior_on"):
        return f"已于{facts['copied_to_superior_on'].isoformat()}抄告。"
    return None


def decision_effective(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if not facts.get("decision_served_on"):
        return (
            "抄告的是发生法律效力的行政复议决定书，决定书送达后方发生法律效力"
            + law("75,79.2")
            + "；请先办理“送达决定书”。"
        )
    return None


def voluntary(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if not data.get("voluntary"):
        return "和解应当自愿，撤回行政复议申请应当出于申请人的真实意愿" + law("74")
    return None


def signed(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if not data.get("signed"):
        return "调解书经各方当事人签字或者签章，并加盖行政复议机关印章，才具有法律效力" + law("73.1")
    return None


def recipient_named(facts: Facts, data: Mapping[str, Any]) -> str | None:
    if data.get("recipient") == "other" and not data.get("recipient_other"):
        return "请填写收文机关（被申请人以外的下级行政机关）" + law("76")
    return None


def suspension_auto_terminates(facts: Facts, data: Mapping[str, Any]) -> str | None:
    return None if data.get("ground") in AUTO_TERMINATION_GROUNDS else "该中止事由不适用自动终止"


def still_accepted(facts: Facts, data: Mapping[str, Any]) -> str | None:
    return None if facts.get("status") == "accepted" else "副本已发送"


# --- what closing steps record ------------------------------------------------------------------


def closing(decision: Record, summary: Record, *more: Record) -> tuple[Record, ...]:
    """结案: the decision code (= Case.outcome), the 文号 of the closing document — the case number
    (一案一号) unless the ledger recorded another — and the decision's summary."""
    return (decision, Record.case("decision_number", "number", once=True), summary, *more)


# --- fields shared by several steps --------------------------------------------------------------

F_SUMMARY = Field("summary", "情况摘要", kind="textarea", max_length=2000)
F_REASON = Field("reason", "理由", kind="textarea", max_length=2000)
CLOSE = dict(meet=DECISION_RULES, cancel=OTHER_RULES, closes=True)

WORKFLOW = Workflow(
    kind="reconsideration",
    label="行政复议",
    states=STATES,
    initial="received",
    outcomes=OUTCOMES,
    path=("received", "accepted", "awaiting_reply", "reviewing", "decided"),
    on_create=(DeadlineStart("FY-05"), DeadlineStart("FY-06")),
    transitions=(
        # --- 受理审查 (arts. 30, 31) ---------------------------------------------------------
        Transition(
            "accept",
            "受理",
            ("received",),
            "accepted",
            fields=(
                Field("procedure", "审理程序", kind="choice", choices=PROCEDURES),
                Field(
                    "late_reason",
                    "逾期申请的正当理由",
                    kind="textarea",
                    required=False,
                    help="仅在申请期限审查为“超过申请期限”时填写（第二十条第二款）",
                ),
                Field("facts_clear", "事实清楚", kind="bool", required=False, help="简易程序：第五十三条"),
                Field("rights_clear", "权利义务关系明确", kind="bool", required=False),
                Field("dispute_small", "争议不大", kind="bool", required=False),
                Field("on_the_spot", "行政行为是当场作出", kind="bool", required=False),
                Field("warning_or_criticism", "行政行为是警告或者通报批评", kind="bool", required=False),
                Field("information_disclosure", "属于政府信息公开案件", kind="bool", required=False),
                Field("all_parties_agree", "当事人各方同意适用简易程序", kind="bool", required=False),
            ),
            guards=(period_allows_acceptance, simplified_allowed),
            meet=("FY-05",),
            cancel=("FY-06",),
            start=(
                DeadlineStart("FY-09", when=ordinary),
                DeadlineStart("FY-12", when=simplified),
                DeadlineStart("FY-15", when=ordinary),
                DeadlineStart("FY-16", when=simplified),
            ),
            documents=("acceptance",),
            accepts=True,
        ),
        Transition(
            "deem_accept",
            "视为受理",
            ("received",),
            "accepted",
            meet=("FY-05",),
            cancel=("FY-06",),
            start=(DeadlineStart("FY-09"), DeadlineStart("FY-15")),
            accepts=True,
            automatic=True,
            records=(Record.const("deemed_accepted", True), Record.const("procedure", "ordinary")),
        ),
        Transition(
            "not_accept",
            "不予受理",
            ("received",),
            "not_accepted",
            fields=(
                Field("ground", "不予受理理由", kind="choice", choices=NOT_ACCEPTED_GROUNDS),
                Field("reason", "说明理由", kind="textarea", max_length=2000),
                Field(
                    "competent_body",
                    "有管辖权的行政复议机关",
                    required=False,
                    max_length=100,
                    help="不属于本机关管辖的必填（第三十条第二款）",
                ),
            ),
            guards=(review_period_running, competent_body_named),
            meet=("FY-05",),
            cancel=("FY-06",),
            outcome=Decision.BU_SHOULI.value,
            closes=True,
            style="danger",
            documents=("rejection",),
            records=closing(
                Record.const("decision", Decision.BU_SHOULI.value),
                Record.copy("decision_summary", "reason"),
                Record.copy("not_accepted_ground", "ground"),
                Record.copy("competent_body"),
            ),
        ),
        Transition(
            "request_correction",
            "通知补正",
            ("received",),
            "correction",
            fields=(
                Field(
                    "items",
                    "需要补正的全部事项",
                    kind="textarea",
                    max_length=2000,
                    help="补正通知应当一次性载明需要补正的事项（第三十一条第一款）",
                ),
                Field("notice_received_on", "申请人收到补正通知日期", kind="date"),
            ),
            guards=(correction_not_yet_notified,),
            meet=("FY-06",),
            cancel=("FY-05",),
            start=(DeadlineStart("FY-07", trigger="notice_received_on"),),
            style="secondary",
            documents=("correction",),
            records=(
                Record.copy("correction_items", "items"),
                Record.step_date("correction_notice_on"),
                Record.copy("correction_notice_received_on", "notice_received_on"),
            ),
        ),
        Transition(
            "extend_correction",
            "延长补正期限",
            ("correction",),
            STAY,
            fields=(
                Field("extension_days", "延长天数（工作日，累计）", kind="int"),
                Field("reason", "正当理由", kind="textarea", max_length=2000),
            ),
            guards=(lambda f, d: None if (d.get("extension_days") or 0) > 0 else "延长天数应为正整数。",),
            extend=("FY-07",),
            style="secondary",
        ),
        Transition(
            "receive_supplement",
            "收到补正材料",
            ("correction", "correction_lapsed"),
            "received",
            fields=(
                Field("note", "补正材料", kind="textarea", required=False, max_length=2000),
                Field(
                    "mailed_on",
                    "邮寄日期（邮戳）",
                    kind="date",
                    required=False,
                    help="邮寄的补正材料：期限届满前交邮的不算过期（民事诉讼法第八十五条第四款）",
                ),
            ),
            guards=(supplement_posted_in_time,),
            meet=("FY-07",),
            cancel=("FY-07b",),
            start=(DeadlineStart("FY-05"),),
            records=(
                Record.step_date("correction_supplied_on"),
                Record.copy("correction_mailed_on", "mailed_on"),
            ),
        ),
        # 在途时间 (民事诉讼法 art. 85.4 via 行政复议法 art. 88): when the 补正 period runs out the case
        # waits out the transit time (FY-07b, a setting) for material posted in time; only then is
        # the application deemed abandoned.
        Transition(
            "supplement_lapsed",
            "补正期限届满",
            ("correction",),
            "correction_lapsed",
            meet=("FY-07",),
            start=(DeadlineStart("FY-07b"),),
            automatic=True,
            records=(Record.step_date("correction_due_on"),),
        ),
        Transition(
            "deem_abandon",
            "视为放弃申请",
            ("correction_lapsed",),
            "abandoned",
            meet=("FY-07b",),
            outcome=ABANDONED,
            closes=True,
            automatic=True,
            records=(
                Record.const("decision_summary", "无正当理由逾期不补正，视为放弃行政复议申请，记录在案。"),
            ),
        ),
        Transition(
            "withdraw_before_acceptance",
            "受理前撤回申请",
            ("received", "correction", "correction_lapsed"),
            "withdrawn_early",
            fields=(
                Field("voluntary", "申请人自愿撤回申请", kind="bool", required=False),
                F_REASON,
            ),
            guards=(voluntary,),
            cancel=INTAKE_RULES,
            outcome=WITHDRAWN_EARLY,
            closes=True,
            style="danger",
            records=(Record.copy("decision_summary", "reason"),),
        ),
        # --- 审理 (arts. 48–55) --------------------------------------------------------------
        Transition(
            "send_copy",
            "发送申请书副本",
            ("accepted",),
            "awaiting_reply",
            fields=(Field("respondent_received_on", "被申请人收到副本日期", kind="date"),),
            guards=(after_acceptance("respondent_received_on", "被申请人收到副本日期"),),
            meet=("FY-09", "FY-12"),
            start=(
                DeadlineStart("FY-10", trigger="respondent_received_on", when=ordinary),
                DeadlineStart("FY-13", trigger="respondent_received_on", when=simplified),
            ),
            records=(Record.step_date("respondent_copy_sent_on"), Record.copy("respondent_received_on")),
        ),
        Transition(
            "record_reply",
            "收到被申请人答复",
            ("awaiting_reply",),
            "reviewing",
            fields=(
                Field(
                    "evidence_submitted",
                    "已提交作出行政行为的证据、依据和其他有关材料",
                    kind="bool",
                    required=False,
                ),
                F_SUMMARY,
            ),
            meet=("FY-10", "FY-13"),
            records=(
                Record.step_date("reply_received_on"),
                Record.computed(
                    "reply_without_evidence", lambda data, on: not data.get("evidence_submitted")
                ),
            ),
        ),
        Transition(
            "reply_lapsed",
            "被申请人逾期未答复",
            ("awaiting_reply",),
            "reviewing",
            meet=("FY-10", "FY-13"),
            automatic=True,
            records=(Record.const("reply_lapsed", True),),
        ),
        Transition(
            "schedule_hearing",
            "安排听证",
            ("reviewing",),
            "hearing",
            fields=(
                Field("hearing_on", "听证日期", kind="date"),
                Field("place", "听证地点", max_length=100),
                Field("matters", "拟听证事项", kind="textarea", max_length=2000),
            ),
            start=(DeadlineStart("FY-11", trigger="hearing_on"),),
            style="secondary",
            records=(Record.copy("hearing_on"), Record.const("hearing_notified_on", None)),
        ),
        Transition(
            "notify_hearing",
            "发出听证通知",
            ("hearing",),
            STAY,
            when=hearing_not_notified,
            meet=("FY-11",),
            records=(Record.step_date("hearing_notified_on"),),
        ),
        Transition(
            "hold_hearing",
            "举行听证",
            ("hearing",),
            "reviewing",
            fields=(
                Field(
                    "head_attended",
                    "被申请人的负责人参加听证",
                    kind="bool",
                    required=False,
                    help="不能参加的，应当说明理由并委托相应的工作人员参加（第五十一条第三款）",
                ),
                F_SUMMARY,
            ),
            when=hearing_notified,
            records=(Record.step_date("hearing_held_on"),),
        ),
        Transition(
            "cancel_hearing",
            "取消听证",
            ("hearing",),
            "reviewing",
            fields=(F_REASON,),
            cancel=("FY-11",),
            style="secondary",
            records=(Record.const("hearing_on", None), Record.const("hearing_notified_on", None)),
        ),
        Transition(
            "mediate",
            "组织调解",
            HANDLING,
            STAY,
            fields=(Field("note", "调解情况", kind="textarea", max_length=2000),),
            style="secondary",
            records=(Record.step_date("mediation_started_on", once=True),),
        ),
        Transition(
            "extend",
            "延长审理期限",
            HANDLING,
            STAY,
            fields=(
                Field("extension_days", "延长天数（最多三十日）", kind="int"),
                Field("approved_by", "批准人（行政复议机构负责人）", max_length=50),
                Field("reason", "情况复杂的理由", kind="textarea", max_length=2000),
                Field("notified", "已书面告知当事人", kind="bool", required=False),
            ),
            when=simplified_cannot_extend,
            guards=(extension_allowed,),
            extend=("FY-15",),
            style="secondary",
            records=(
                Record.copy("extension_days"),
                Record.copy("extension_approved_by", "approved_by"),
                Record.step_date("extension_notified_on"),
            ),
        ),
        Transition(
            "convert",
            "转为普通程序",
            ("accepted", "reviewing", "hearing"),
            STAY,
            fields=(
                Field("approved_by", "批准人（行政复议机构负责人）", max_length=50),
                Field("reason", "不宜适用简易程序的理由", kind="textarea", max_length=2000),
            ),
            when=is_simplified,
            cancel=("FY-12", "FY-16"),
            start=(
                DeadlineStart("FY-09", trigger="accepted_on", when=still_accepted),
                DeadlineStart("FY-15", trigger="accepted_on"),
            ),
            style="secondary",
            records=(
                Record.const("procedure", "ordinary"),
                Record.step_date("converted_on"),
                Record.copy("conversion_approved_by", "approved_by"),
            ),
        ),
        Transition(
            "complete_materials",
            "容缺材料已补齐",
            OPEN,
            STAY,
            fields=(Field("note", "补齐的材料", kind="textarea", required=False, max_length=2000),),
            when=supplement_pending,
            style="secondary",
            records=(Record.step_date("supplement_received_on"),),
        ),
        # --- 中止、恢复、终止 (arts. 39–41) ----------------------------------------------------
        Transition(
            "suspend",
            "中止",
            HANDLING,  # art. 39: at any time in the reconsideration, not only under review
            "suspended",
            fields=(
                Field("ground", "中止事由（第三十九条第一款）", kind="choice", choices=SUSPENSION_GROUNDS),
                Field(
                    "review_route",
                    "附带审查的处理方式",
                    kind="choice",
                    choices=REVIEW_ROUTES,
                    required=False,
                    help="因第三十九条第一款第九项中止的必填（第五十六条、第五十七条）",
                ),
                Field("reason", "情况说明", kind="textarea", max_length=2000),
                Field("notified", "已书面告知当事人", kind="bool", required=False),
            ),
            guards=(
                parties_notified("notified", "中止行政复议案件的审理", "39.3"),
                review_route_given,
                no_inspection_running,
            ),
            pause=DECISION_RULES,
            cancel=("FY-11",),
            start=(
                DeadlineStart("FY-23", when=suspension_auto_terminates),
                DeadlineStart("FY-17", when=route("self")),
                DeadlineStart("FY-19", when=route("self")),
                DeadlineStart("FY-18", when=route("transfer")),
            ),
            style="secondary",
            records=(
                Record.copy("review_route"),
                Record.copy("suspension_ground", "ground"),
                Record.step_date("suspended_on"),
                Record.const("resumed_on", None),
                Record.const("hearing_on", None),
                Record.const("hearing_notified_on", None),
            ),
        ),
        *(
            Transition(
                name,
                "恢复审理",
                ("suspended",),
                target,
                fields=(
                    Field("reason", "中止原因消除的情况", kind="textarea", max_length=2000),
                    Field("notified", "已书面告知当事人", kind="bool", required=False),
                ),
                when=resume_to(target),
                guards=(parties_notified("notified", "恢复行政复议案件的审理", "39.3"),),
                resume=DECISION_RULES,
                cancel=("FY-23", *REVIEW_RULES),
                records=(Record.step_date("resumed_on"),),
            )
            for name, target in (
                ("resume", "reviewing"),
                ("resume_before_reply", "awaiting_reply"),
                ("resume_before_copy", "accepted"),
            )
        ),
        # --- 附带审查 (arts. 56–60): while suspended on ground 39(9) ------------------------------
        Transition(
            "notify_rule_maker",
            "书面通知制定机关答复",
            ("suspended",),
            STAY,
            fields=(
                Field("rule_maker", "制定机关", max_length=100),
                Field("received_on", "制定机关收到通知日期", kind="date"),
            ),
            when=rule_maker_not_notified,
            meet=("FY-19",),
            start=(DeadlineStart("FY-20", trigger="received_on"),),
            records=(
                Record.copy("rule_maker"),
                Record.step_date("rule_maker_notified_on"),
                Record.copy("rule_maker_received_on", "received_on"),
            ),
        ),
        Transition(
            "rule_maker_replied",
            "收到制定机关书面答复",
            ("suspended",),
            STAY,
            fields=(F_SUMMARY,),
            when=rule_maker_notified,
            meet=("FY-20",),
            records=(Record.step_date("rule_maker_replied_on"),),
        ),
        Transition(
            "transfer_review",
            "转送有权机关处理",
            ("suspended",),
            STAY,
            fields=(
                Field("authority", "有权处理的行政机关或者国家机关", max_length=100),
                Field("received_on", "对方收到转送日期", kind="date"),
            ),
            when=not_transferred,
            meet=("FY-18",),
            start=(DeadlineStart("FY-21", trigger="received_on"),),
            records=(
                Record.copy("review_authority", "authority"),
                Record.step_date("review_transferred_on"),
            ),
        ),
        Transition(
            "conclude_review",
            "附带审查处理完毕",
            ("suspended",),
            STAY,
            fields=(Field("result", "处理结果", kind="textarea", max_length=2000),),
            when=reviewing_rule,
            meet=("FY-17", "FY-21"),
            cancel=("FY-19", "FY-20"),
            records=(Record.copy("review_result", "result"), Record.step_date("review_concluded_on")),
        ),
        # --- 勘验、鉴定 (实施条例 2007 art. 34.3, art. 37): not counted in the decision period ------
        *(
            Transition(
                name,
                label,
                HANDLING,
                STAY,
                fields=(Field("note", "事项", kind="textarea", max_length=2000),),
                when=no_inspection_running,
                pause=DECISION_RULES,
                pause_kind=kind,
                style="secondary",
                records=(
                    Record.const("inspection_kind", kind),
                    Record.step_date("inspection_started_on"),
                    Record.const("inspection_ended_on", None),
                ),
            )
            for name, label, kind in (
                ("start_inspection", "开始现场勘验", "inspection"),
                ("start_appraisal", "开始鉴定", "appraisal"),
            )
        ),
        Transition(
            "end_inspection",
            "勘验、鉴定结束",
            HANDLING,
            STAY,
            fields=(Field("note", "结果", kind="textarea", max_length=2000),),
            when=inspection_running,
            resume=DECISION_RULES,
            style="secondary",
            records=(Record.step_date("inspection_ended_on"),),
        ),
        Transition(
            "auto_terminate",
            "中止满六十日终止",
            ("suspended",),
            "terminated",
            meet=("FY-23",),
            cancel=(*DECISION_RULES, "FY-09", "FY-10", "FY-11", "FY-12", "FY-13", *REVIEW_RULES),
            outcome=Decision.ZHONGZHI.value,
            closes=True,
            automatic=True,
            records=closing(
                Record.const("decision", Decision.ZHONGZHI.value),
                Record.const("decision_summary", "中止满六十日，中止原因仍未消除，行政复议终止。"),
                Record.const("termination_ground", "5"),
            ),
        ),
        Transition(
            "terminate",
            "终止",
            OPEN,
            "terminated",
            fields=(
                Field("ground", "终止事由（第四十一条）", kind="choice", choices=MANUAL_TERMINATION_GROUNDS),
                F_REASON,
            ),
            outcome=Decision.ZHONGZHI.value,
            style="danger",
            **CLOSE,
            records=closing(
                Record.const("decision", Decision.ZHONGZHI.value),
                Record.copy("decision_summary", "reason"),
                Record.copy("termination_ground", "ground"),
            ),
        ),
        # --- 结案 (arts. 33, 61–74) -----------------------------------------------------------
        Transition(
            "mediation_agreement",
            "制作调解书",
            OPEN,
            "mediated",
            fields=(
                Field("content", "调解协议内容", kind="textarea", max_length=2000),
                Field("signed", "各方当事人已签字或者签章", kind="bool", required=False),
            ),
            guards=(signed,),
            outcome=Decision.TIAOJIE.value,
            **CLOSE,
            documents=("mediation",),
            records=closing(
                Record.const("decision", Decision.TIAOJIE.value), Record.copy("decision_summary", "content")
            ),
        ),
        Transition(
            "withdraw",
            "和解撤回",
            OPEN,
            "withdrawn",
            fields=(
                Field("settled", "当事人达成和解", kind="bool", required=False),
                Field("voluntary", "申请人自愿撤回申请", kind="bool", required=False),
                F_REASON,
            ),
            guards=(voluntary,),
            outcome=Decision.HEJIE_CHEHUI.value,
            **CLOSE,
            records=closing(
                Record.const("decision", Decision.HEJIE_CHEHUI.value),
                Record.copy("decision_summary", "reason"),
            ),
            style="danger",
        ),
        Transition(
            "dismiss",
            "驳回申请",
            OPEN,
            "dismissed",
            fields=(
                Field(
                    "ground",
                    "不符合的受理条件（第三十条第一款）",
                    kind="choice",
                    choices=NOT_ACCEPTED_GROUNDS,
                ),
                Field("reason", "说明理由", kind="textarea", max_length=2000),
            ),
            outcome=Decision.BOHUI_SHENQING.value,
            style="danger",
            **CLOSE,
            records=closing(
                Record.const("decision", Decision.BOHUI_SHENQING.value),
                Record.copy("decision_summary", "reason"),
                Record.copy("not_accepted_ground", "ground"),
            ),
        ),
        Transition(
            "decide",
            "作出行政复议决定",
            ("reviewing",),
            "decided",
            fields=(
                Field("decision", "决定类型", kind="choice", choices=MERITS_CHOICES),
                Field("redo_ordered", "责令被申请人重新作出行政行为", kind="bool", required=False),
                Field("compensation_ordered", "同时决定被申请人依法给予赔偿", kind="bool", required=False),
                Field(
                    "third_party_evidence", "第三人提供了证据（第七十条但书）", kind="bool", required=False
                ),
                Field("summary", "决定要旨", kind="textarea", max_length=2000),
                Field(
                    "opinions_heard",
                    "听取当事人意见（普通程序，第四十九条）",
                    kind="choice",
                    choices=OPINIONS_HEARD,
                    required=False,
                ),
                Field(
                    "major_complex",
                    "重大、疑难、复杂案件",
                    kind="bool",
                    required=False,
                    help="应当组织听证（第五十条第一款）并提请行政复议委员会提出咨询意见（第五十二条）",
                ),
                Field(
                    "technical", "专业性、技术性较强", kind="bool", required=False, help="第五十二条第二款"
                ),
                Field("committee_consulted", "已提请行政复议委员会提出咨询意见", kind="bool", required=False),
                Field(
                    "approval",
                    "决定的审批（第六十一条）",
                    kind="choice",
                    choices=APPROVALS,
                    required=False,
                ),
            ),
            guards=(decision_lawful, decision_fits_act, ready_for_decision),
            outcome="=decision",
            **CLOSE,
            documents=("decision",),
            records=closing(
                Record.copy("decision"),
                Record.copy("decision_summary", "summary"),
                Record.copy("compensation_ordered"),
                Record.copy("redo_ordered"),
                Record.copy("opinions_heard"),
                Record.copy("major_complex"),
                Record.copy("technical"),
                Record.copy("committee_consulted"),
                Record.copy("approval"),
            ),
        ),
        # --- 送达 (art. 75) and 抄告 (art. 79) ----------------------------------------------------
        Transition(
            "serve_decision",
            "送达决定书",
            ("decided", "not_accepted", "dismissed", "terminated"),
            STAY,
            fields=(
                Field("served_on", "受送达人收到日期", kind="date"),
                Field("mode", "送达方式", kind="choice", choices=SERVICE_MODES_OF_DECISION),
            ),
            when=not_served,
            # The applicant's 15 days to sue run from receipt (FY-30; 行政诉讼法 art. 45, XS-04).
            start=(DeadlineStart("FY-30", trigger="served_on"),),
            style="secondary",
            records=(
                Record.copy("decision_served_on", "served_on"),
                Record.copy("decision_service_mode", "mode"),
            ),
        ),
        Transition(
            "copy_to_superior",
            "抄告上一级主管部门",
            ("decided",),
            STAY,
            fields=(Field("superior", "被申请人的上一级主管部门", max_length=100),),
            when=copy_to_superior_due,
            guards=(decision_effective,),
            style="secondary",
            records=(
                Record.copy("copied_to_superior", "superior"),
                Record.step_date("copied_to_superior_on"),
            ),
        ),
        # --- 行政复议意见书 (art. 76): creates a linked opinion-letter case -----------------------
        Transition(
            "issue_opinion",
            "制发行政复议意见书",
            ("reviewing", "hearing", "suspended", *CLOSED),
            STAY,
            fields=(
                Field(
                    "title",
                    "标题",
                    max_length=200,
                    help="如：关于规范市场监管领域行政执法程序的行政复议意见书",
                ),
                Field(
                    "recipient",
                    "收文机关",
                    kind="choice",
                    choices=(("respondent", "被申请人"), ("other", "其他下级行政机关")),
                ),
                Field("recipient_other", "其他下级行政机关（名称或代码）", required=False, max_length=100),
                Field("domain", "执法领域", required=False, max_length=50),
                Field("problems", "发现的违法或不当问题", kind="textarea", max_length=2000),
                Field("suggestions", "纠正意见和建议", kind="textarea", max_length=2000),
            ),
            guards=(recipient_named,),
            style="secondary",
        ),
    ),
)

# --- 行政复议意见书 ---------------------------------------------------------------------------

OPINION_RESULTS = (("corrected", "已纠正"), ("partial", "部分纠正"), ("explained", "说明理由未纠正"))
URGE_MEASURES = (("order", "责令限期履行"), ("interview", "约谈负责人"), ("criticism", "通报批评"))

OPINION_WORKFLOW = Workflow(
    kind="opinion_letter",
    label="行政复议意见书",
    states={"issued": "已制发", "delivered": "已送达待回复", "overdue": "逾期未回复", "replied": "已回复"},
    initial="issued",
    outcomes=dict(OPINION_RESULTS),
    path=("issued", "delivered", "replied"),
    transitions=(
        Transition(
            "deliver",
            "送达",
            ("issued",),
            "delivered",
            fields=(
                Field(
                    "mode",
                    "送达方式",
                    kind="choice",
                    choices=(("direct", "直接送达"), ("postal", "邮寄送达"), ("electronic", "电子送达")),
                ),
            ),
            start=(DeadlineStart("FY-26"),),
            records=(Record.step_date("delivered_on"),),
        ),
        Transition(
            "reply",
            "收到纠正情况报告",
            ("delivered", "overdue"),
            "replied",
            fields=(
                Field("result", "回复结果", kind="choice", choices=OPINION_RESULTS),
                Field("summary", "纠正情况", kind="textarea", max_length=2000),
            ),
            meet=("FY-26",),
            outcome="=result",
            records=(
                Record.step_date("replied_on"),
                Record.copy("result"),
                Record.copy("reply_summary", "summary"),
            ),
        ),
        Transition(
            "reply_overdue",
            "逾期未报送纠正情况",
            ("delivered",),
            "overdue",
            meet=("FY-26",),
            automatic=True,
        ),
        Transition(
            "urge",
            "督促履行",
            ("overdue",),
            STAY,
            fields=(
                Field("measure", "督促措施（第七十七条第二款）", kind="choice", choices=URGE_MEASURES),
                Field("note", "督促情况", kind="textarea", max_length=2000),
            ),
            style="secondary",
            records=(Record.step_date("urged_on"), Record.copy("urge_measure", "measure")),
        ),
    ),
)
