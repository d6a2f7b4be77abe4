"""法律援助 workflow (法律援助法 2021; DOMAIN.md §2.2 LA-06 … LA-11). Pure: no Django.

received (LA-06 7 days, LA-06a 5 working days when configured; a notified criminal case: LA-08b)
  → [补充材料: one-time notice; the review periods are paused until the material arrives, not
     restarted; not supplied → 视为撤回]
  → granted (eligibility shown; deciding against the result needs a written reason; LA-06b starts)
    or 先行提供 (LA-07) or refused (written reasons, the art. 49 objection right told) — a case
    notified by a court, procuratorate or the police is never refused (arts. 25, 28, 36)
  → assigned (LA-06b met) → handling → closed (办结; LA-11 closing report starts)
  → reported (LA-11 met) → evaluated (peer grade); 回访受援人 with a satisfaction score (art. 59)
    while the aid runs or after it ends.
Objections to a refusal or a termination (LA-09, 5 days): uphold, or order correction.
Termination on the eight grounds of art. 48 (LA-10).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from fazhi.cases.workflow import STAY, DeadlineStart, Field, Record, Transition, Workflow

STATES = {
    "received": "待审查",
    "awaiting_materials": "待补充材料",
    "granted": "已决定给予援助",
    "assigned": "已指派律师",
    "handling": "承办中",
    "closed": "已办结",
    "reported": "已提交结案报告",
    "evaluated": "已质量评估",
    "refused": "不予法律援助",
    "withdrawn": "已撤回",
    "terminated": "已终止法律援助",
    "refusal_objection": "异议审查中（不予援助）",
    "termination_objection": "异议审查中（终止援助）",
    "objection_upheld": "异议审查完毕（维持）",
}

OUTCOMES = {
    "granted": "给予法律援助",
    "refused": "不予法律援助",
    "withdrawn": "申请人撤回申请",
    "deemed_withdrawn": "视为撤回申请",
    "concluded": "结案",
    "terminated": "终止法律援助",
}

# 法律援助法 art. 48 (LA-10); codes of models.TerminationGround.
TERMINATION_GROUNDS = (
    ("fraud", "受援人以欺骗或者其他不正当手段获得法律援助"),
    ("concealment", "受援人故意隐瞒与案件有关的重要事实或者提供虚假证据"),
    ("illegal_use", "受援人利用法律援助从事违法活动"),
    ("finances_changed", "受援人的经济状况发生变化，不再符合法律援助条件"),
    ("case_ended", "案件终止审理或者已经被撤销"),
    ("own_lawyer", "受援人自行委托律师或者其他代理人"),
    ("requested", "受援人有正当理由要求终止法律援助"),
    ("other", "法律法规规定的其他情形"),
)
CLOSING_METHODS = (
    ("judgment", "判决、裁定"),
    ("mediation", "调解、和解"),
    ("withdrawal", "撤诉、撤回"),
    ("arbitration", "仲裁裁决"),
    ("non_litigation", "非诉讼事务办结"),
    ("other", "其他"),
)
PEER_GRADES = (("excellent", "优秀"), ("good", "良好"), ("pass", "合格"), ("fail", "不合格"))
# 回访受援人 (art. 59): the recipient's satisfaction, 5 (best) … 1.
SATISFACTION = (
    ("5", "非常满意"),
    ("4", "满意"),
    ("3", "基本满意"),
    ("2", "不满意"),
    ("1", "非常不满意"),
)

# Steps the assigned lawyer takes; every other step is the legal-aid agency's (see services.may_take).
LAWYER_STEPS = frozenset({"accept_assignment", "complete_paperwork", "close", "file_report"})


class PoolChoices:
    """The active lawyers of the legal-aid pool as (id, label) choices, read each time they are
    iterated (the pool changes while the process runs). This module is pure: the app installs the
    provider at start-up (LegalAidConfig.ready)."""

    provider: Callable[[], Iterable[tuple[str, str]]] | None = None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(tuple(self.provider()) if self.provider else ())


LAWYER_POOL = PoolChoices()


# --- guards: (facts, data) -> None if allowed, else the Chinese reason with its article ---------


def _notified(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    return None if facts.get("criminal_ground") == "notified" else "不是办案机关通知指派的案件"


def _applied(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    return "办案机关通知指派的案件" if facts.get("criminal_ground") == "notified" else None


def not_notified(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """A case notified by a court, procuratorate or the police is not an application to review: the
    agency must assign a lawyer within 3 days (法律援助法 arts. 25, 28, 36)."""
    if facts.get("criminal_ground") == "notified":
        return (
            "人民法院、人民检察院、公安机关通知指派的案件，法律援助机构应当在三日内指派律师，"
            "不能不予法律援助或者要求补充材料（法律援助法第二十五条、第二十八条、第三十六条）。"
        )
    return None


def objection_right_advised(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """Art. 49: the applicant may object to a refusal or termination with the 司法行政部门 that set
    up the agency; the decision tells them so."""
    if not data.get("objection_right_advised"):
        return "应当告知申请人、受援人有异议的，可以向设立法律援助机构的司法行政部门提出（法律援助法第四十九条）。"
    return None


def one_notice_only(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """LA-06: incomplete materials → ONE notice listing everything needed."""
    if facts.get("materials_requested_on"):
        return "补充材料应当一次性告知，本案已告知过（法律援助法第四十三条）。"
    return None


def decision_follows_result(decision: str):
    """Deciding against the stored eligibility result needs a written reason (the staff override);
    a result that needs review needs the reviewer's opinion."""

    def guard(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
        outcome = facts.get("eligibility_outcome") or ""
        contrary = (decision == "grant" and outcome == "NOT_ELIGIBLE") or (
            decision == "refuse" and outcome == "ELIGIBLE"
        )
        if contrary and not (data.get("override_reason") or "").strip():
            label = "不符合法律援助条件" if outcome == "NOT_ELIGIBLE" else "符合法律援助条件"
            return f"系统审查结果为“{label}”，作出相反决定的，请填写“改变审查结果的理由”。"
        if decision == "grant" and outcome == "NEEDS_REVIEW" and not (data.get("review_note") or "").strip():
            return "系统审查结果为“需人工审查”，请填写“审查意见”（如经济困难状况的核查情况）。"
        return None

    return guard


def advance_allowed(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """LA-07: only when fewer than 7 days remain before a limitation period or filing deadline, or
    preservation / 先予执行 is urgent (as the eligibility result found)."""
    if not facts.get("advance_provision"):
        return (
            "审查结果未发现可以先行提供法律援助的情形（距法定时效或者期限届满不足七日，或者需要立即申请"
            "财产保全、证据保全或者先予执行；法律援助法第四十四条）。"
        )
    return None


def paperwork_pending(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    if not facts.get("advance_provided"):
        return "只有先行提供法律援助的案件需要补办手续（法律援助法第四十四条第二款）。"
    if facts.get("paperwork_completed_on"):
        return "本案已补办手续。"
    return None


def paperwork_done(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    if facts.get("advance_provided") and not facts.get("paperwork_completed_on"):
        return "先行提供法律援助的，受援人应当及时补办有关手续、补充有关材料，请先办理“补办申请手续”（法律援助法第四十四条第二款）。"
    return None


def remedies_advised(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    if not data.get("remedies_advised"):
        return (
            "维持原决定的，应当告知申请人可以依法申请行政复议或者提起行政诉讼（法律援助法第四十九条第二款）。"
        )
    return None


# --- fields ------------------------------------------------------------------------------------

OVERRIDE = Field(
    "override_reason",
    "改变审查结果的理由",
    kind="textarea",
    required=False,
    help="决定与系统审查结果不一致时必须填写；理由、办理人和日期记入案卷和审计日志。",
    max_length=1000,
)
OBJECTION_RIGHT = Field(
    "objection_right_advised",
    "已告知申请人可以向司法行政部门提出异议",
    kind="bool",
    help="申请人对不予法律援助的决定有异议的，可以向设立法律援助机构的司法行政部门提出（法律援助法第四十九条）。",
)
# On a form: the searchable picker with each lawyer's open caseload and the rotation's suggestion.
LAWYER = Field(
    "lawyer",
    "承办律师",
    kind="choice",
    choices=LAWYER_POOL,  # type: ignore[arg-type]
    template="legal_aid/_lawyer_picker.html",
)


def objection_decided(result: str) -> tuple[Record, ...]:
    """What an objection's decision records: its result and day (LA-09)."""
    return (Record.const("objection_result", result), Record.step_date("objection_decided_on"))


WORKFLOW = Workflow(
    kind="legal_aid",
    label="法律援助",
    states=STATES,
    initial="received",
    outcomes=OUTCOMES,
    path=("received", "granted", "assigned", "handling", "closed", "reported", "evaluated"),
    # An objection is upheld or not on its merits: neither answer is "the usual next step".
    primary={"refusal_objection": "", "termination_objection": ""},
    on_create=(
        DeadlineStart("LA-06", when=_applied),
        DeadlineStart("LA-06a", when=_applied),
        DeadlineStart("LA-08b", when=_notified),
    ),
    transitions=(
        Transition(
            "request_materials",
            "一次性告知补充材料",
            ("received",),
            "awaiting_materials",
            fields=(
                Field("items", "需补充的全部材料", kind="textarea", max_length=500),
                Field("supply_by", "补充期限", kind="date", required=False),
            ),
            when=lambda facts, data: not_notified(facts, data) or one_notice_only(facts, data),
            # The time spent supplementing is not counted; the period is not restarted (issue 14.4).
            pause=("LA-06", "LA-06a"),
            pause_kind="other",
            style="secondary",
            records=(Record.step_date("materials_requested_on"), Record.copy("materials_items", "items")),
        ),
        Transition(
            "supply_materials",
            "申请人补充材料",
            ("awaiting_materials",),
            "received",
            fields=(Field("note", "补充情况", kind="textarea", required=False),),
            resume=("LA-06", "LA-06a"),
            records=(Record.step_date("materials_supplied_on"),),
        ),
        Transition(
            "deemed_withdrawn",
            "视为撤回（未按要求补充材料）",
            ("awaiting_materials",),
            "withdrawn",
            fields=(Field("note", "情况说明", kind="textarea"),),
            cancel=("LA-06", "LA-06a"),
            outcome="deemed_withdrawn",
            closes=True,
            style="danger",
        ),
        Transition(
            "withdraw",
            "申请人撤回申请",
            ("received", "awaiting_materials"),
            "withdrawn",
            fields=(Field("note", "撤回情况", kind="textarea"),),
            cancel=("LA-06", "LA-06a", "LA-08b"),
            outcome="withdrawn",
            closes=True,
            style="danger",
        ),
        Transition(
            "grant",
            "决定给予法律援助",
            ("received",),
            "granted",
            fields=(
                Field("review_note", "审查意见", kind="textarea", required=False, max_length=1000),
                OVERRIDE,
            ),
            guards=(decision_follows_result("grant"),),
            meet=("LA-06", "LA-06a"),
            start=(DeadlineStart("LA-06b", when=_applied),),
            outcome="granted",
            accepts=True,
            records=(Record.copy("decision_note", "review_note"),),
            documents=("grant",),
        ),
        Transition(
            "grant_advance",
            "先行提供法律援助",
            ("received", "awaiting_materials"),
            "granted",
            fields=(Field("note", "紧急情况说明", kind="textarea"),),
            when=advance_allowed,
            meet=("LA-06", "LA-06a"),
            start=(DeadlineStart("LA-06b", when=_applied),),
            outcome="granted",
            accepts=True,
            style="secondary",
            records=(Record.const("advance_provided", True), Record.copy("decision_note", "note")),
        ),
        Transition(
            "refuse",
            "决定不予法律援助",
            ("received",),
            "refused",
            fields=(
                Field("reasons", "不予法律援助的理由（书面告知申请人）", kind="textarea", max_length=1000),
                OBJECTION_RIGHT,
                OVERRIDE,
            ),
            when=not_notified,
            guards=(decision_follows_result("refuse"), objection_right_advised),
            meet=("LA-06", "LA-06a"),
            outcome="refused",
            closes=True,
            style="danger",
            records=(Record.copy("decision_note", "reasons"), Record.copy("objection_right_advised")),
            documents=("refusal",),
        ),
        Transition(
            "assign",
            "指派律师",
            ("granted",),
            "assigned",
            fields=(LAWYER, Field("note", "指派说明", kind="textarea", required=False)),
            meet=("LA-06b", "LA-08b"),
            documents=("assignment",),
        ),
        Transition(
            "reassign",
            "更换承办律师",
            ("assigned", "handling"),
            "assigned",
            fields=(LAWYER, Field("note", "更换原因", kind="textarea")),
            style="secondary",
        ),
        Transition(
            "accept_assignment",
            "接受指派，开始承办",
            ("assigned",),
            "handling",
            fields=(Field("note", "承办情况（如已与受援人签订委托协议）", kind="textarea", required=False),),
        ),
        Transition(
            "complete_paperwork",
            "补办申请手续",
            ("granted", "assigned", "handling"),
            STAY,
            fields=(Field("note", "补办情况", kind="textarea", required=False),),
            when=paperwork_pending,
            style="secondary",
            records=(Record.step_date("paperwork_completed_on"),),
        ),
        Transition(
            "close",
            "办结",
            ("handling",),
            "closed",
            fields=(
                Field("closing_method", "结案方式", kind="choice", choices=CLOSING_METHODS),
                Field("summary", "办理结果", kind="textarea", max_length=1000),
            ),
            guards=(paperwork_done,),
            start=(DeadlineStart("LA-11"),),
            outcome="concluded",
            closes=True,
            records=(Record.copy("closing_method"),),
        ),
        Transition(
            "file_report",
            "提交结案报告",
            ("closed",),
            "reported",
            fields=(Field("note", "结案报告摘要", kind="textarea", required=False),),
            meet=("LA-11",),
            records=(Record.step_date("closing_report_on"),),
        ),
        Transition(
            "evaluate",
            "登记质量评估结果",
            ("reported",),
            "evaluated",
            fields=(
                Field("grade", "评估等级", kind="choice", choices=PEER_GRADES),
                Field("evaluator", "评估单位", max_length=100, help="如：杭州市法律援助案件质量同行评估"),
                Field("note", "评估意见", kind="textarea", required=False),
            ),
            records=(
                Record.copy("peer_grade", "grade"),
                Record.copy("peer_evaluator", "evaluator"),
                Record.step_date("peer_evaluated_on"),
            ),
        ),
        Transition(
            "visit_recipient",
            "回访受援人",
            ("handling", "closed", "reported", "evaluated"),
            STAY,
            fields=(
                Field("satisfaction", "受援人满意度", kind="choice", choices=SATISFACTION),
                Field("note", "回访情况", kind="textarea"),
            ),
            # 法律援助法 art. 59: 回访受援人 is one of the agency's quality measures (LA-12).
            style="secondary",
            records=(
                Record.step_date("recipient_visited_on"),
                Record.computed("satisfaction", lambda data, on: int(data["satisfaction"])),
            ),
        ),
        Transition(
            "terminate",
            "终止法律援助",
            ("granted", "assigned", "handling"),
            "terminated",
            fields=(
                Field("ground", "终止事由", kind="choice", choices=TERMINATION_GROUNDS),
                Field("note", "情况说明", kind="textarea"),
            ),
            cancel=("LA-06b", "LA-08b"),
            outcome="terminated",
            closes=True,
            style="danger",
            records=(Record.copy("termination_ground", "ground"),),
        ),
        Transition(
            "object_refusal",
            "受理异议（不予援助）",
            ("refused",),
            "refusal_objection",
            fields=(Field("grounds", "异议理由", kind="textarea"),),
            start=(DeadlineStart("LA-09"),),
            style="secondary",
        ),
        Transition(
            "object_termination",
            "受理异议（终止援助）",
            ("terminated",),
            "termination_objection",
            fields=(Field("grounds", "异议理由", kind="textarea"),),
            start=(DeadlineStart("LA-09"),),
            style="secondary",
        ),
        Transition(
            "uphold",
            "异议审查：维持原决定",
            ("refusal_objection", "termination_objection"),
            "objection_upheld",
            fields=(
                Field("reasons", "审查意见", kind="textarea"),
                Field("remedies_advised", "已告知申请人可以依法申请行政复议或者提起行政诉讼", kind="bool"),
            ),
            guards=(remedies_advised,),
            meet=("LA-09",),
            style="secondary",
            records=objection_decided("upheld"),
        ),
        Transition(
            "correct_refusal",
            "异议审查：责令改正，重新审查",
            ("refusal_objection",),
            "received",
            fields=(Field("reasons", "审查意见", kind="textarea"),),
            meet=("LA-09",),
            records=objection_decided("corrected"),
        ),
        Transition(
            "correct_termination",
            "异议审查：责令改正，恢复援助",
            ("termination_objection",),
            "handling",
            fields=(Field("reasons", "审查意见", kind="textarea"),),
            meet=("LA-09",),
            records=(*objection_decided("corrected"), Record.const("termination_ground", "")),
        ),
    ),
)
