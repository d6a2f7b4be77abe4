"""行政应诉 workflow (行政诉讼法 2017; 出庭规定 2020; DOMAIN.md §2.4 XS-01 … XS-22a). Pure: no Django.

registered (应诉通知 received) → answering (XS-08 runs from the complaint copy) → in_trial (answer
filed; hearings recorded with who appeared) → judged (判决/裁定; XS-11 / XS-11b run from service) →
appealed or effective; 调解 and 撤诉 end the first instance directly (settled). The court's own
trial period (XS-09) runs from 立案 and is paused while the suit is 中止 (T-9).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fazhi.cases.workflow import STAY, DeadlineStart, Field, Record, Transition, Workflow, WorkflowError
from fazhi.law.litigation import AbsenceReason, LitigationOutcome, Position, counts_as_responsible_person

STATES = {
    "registered": "已登记（待收起诉状副本）",
    "answering": "答辩举证期",
    "in_trial": "审理中",
    "suspended": "诉讼中止",
    "judged": "已判决/裁定（上诉期内）",
    "appealed": "已上诉",
    "effective": "裁判已生效",
    "settled": "调解/撤诉结案",
    "appeal_closed": "二审已审结",
}

OUTCOMES = {o.value: o.label for o in LitigationOutcome}

# 判决 (行政诉讼法 arts. 69–78): which of them count as 败诉 is LawConfig.litigation_loss_outcomes.
JUDGMENTS = tuple(
    (o.value, o.label)
    for o in (
        LitigationOutcome.BOHUI_SUSONG_QINGQIU,
        LitigationOutcome.CHEXIAO,
        LitigationOutcome.ZELING_LVXING,
        LitigationOutcome.GEIFU,
        LitigationOutcome.QUEREN_WEIFA,
        LitigationOutcome.QUEREN_WUXIAO,
        LitigationOutcome.PEICHANG,
        LitigationOutcome.BIANGENG,
        LitigationOutcome.XIEYI_ZEREN,
    )
)
RULINGS = (
    (LitigationOutcome.BOHUI_QISU.value, LitigationOutcome.BOHUI_QISU.label),
    (LitigationOutcome.OTHER.value, "其他裁定（如终结诉讼）"),
)
WITHDRAWALS = (
    (LitigationOutcome.CHESU.value, LitigationOutcome.CHESU.label),
    (LitigationOutcome.CHESU_GAIBIAN.value, LitigationOutcome.CHESU_GAIBIAN.label),
)

# 被诉行政行为类别. XS-13: only 行政赔偿, 补偿 and discretionary-power cases may be mediated.
ACT_CATEGORIES = (
    ("penalty", "行政处罚"),
    ("coercion", "行政强制"),
    ("licensing", "行政许可"),
    ("expropriation", "行政征收征用"),
    ("registration", "行政登记/确认"),
    ("payment", "行政给付"),
    ("compensation", "行政赔偿"),
    ("indemnity", "行政补偿"),
    ("info_disclosure", "政府信息公开"),
    ("inaction", "不履行法定职责"),
    ("agreement", "行政协议"),
    ("reconsideration", "行政复议决定"),
    ("other", "其他"),
)
MEDIABLE_CATEGORIES = frozenset({"compensation", "indemnity"})

APPELLANTS = (
    ("plaintiff", "原告"),
    ("defendant", "被告（本机关）"),
    ("third_party", "第三人"),
    ("both", "原告、被告均上诉"),
)
APPEAL_RESULTS = (
    ("upheld", "驳回上诉，维持原判"),
    ("reversed", "改判"),
    ("remanded", "发回重审"),
    ("withdrawn", "撤回上诉"),
    ("mediated", "二审调解"),
    ("other", "其他"),
)
POSITIONS = (
    (Position.PRINCIPAL.value, "正职负责人"),
    (Position.DEPUTY.value, "副职负责人"),
    (Position.DEPUTY_LEVEL_IN_CHARGE.value, "参与分管的副职级别负责人"),
    (Position.OTHER_LEADER_IN_CHARGE.value, "其他参与分管的负责人"),
    (Position.STAFF.value, "行政机关工作人员"),
    (Position.ENTRUSTED_ORG_HEAD.value, "受委托组织的负责人"),
    (Position.SUBORDINATE_AGENCY_HEAD.value, "下级行政机关的负责人"),
    (Position.LAWYER.value, "律师（仅诉讼代理人）"),
)
ABSENCE_REASONS = tuple((r.value, r.label) for r in AbsenceReason)

# The first instance has ended (结案, the IND-04/IND-05 denominator) in these states.
CONCLUDED_STATES = frozenset({"judged", "appealed", "effective", "settled", "appeal_closed"})


def _field_error(name: str, message: str) -> WorkflowError:
    return WorkflowError(message, {name: message})


def copy_not_before_filing(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """XS-07: the court serves the complaint copy after 立案 (行政诉讼法第六十七条第一款)."""
    filed_on, copy_on = facts.get("filed_on"), data.get("copy_received_on")
    if filed_on and copy_on and copy_on < filed_on:
        raise _field_error("copy_received_on", f"收到起诉状副本日期不能早于立案日期（{filed_on}）。")
    return None


def mediation_allowed(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """XS-13 (行政诉讼法 art. 60): no mediation, except 行政赔偿, 补偿 and discretionary-power cases."""
    if facts.get("act_category") in MEDIABLE_CATEGORIES or facts.get("discretionary"):
        return None
    label = dict(ACT_CATEGORIES).get(facts.get("act_category") or "", "未登记")
    return (
        "人民法院审理行政案件，不适用调解；只有行政赔偿、补偿以及行政机关行使法律、法规规定的"
        f"自由裁量权的案件可以调解（《中华人民共和国行政诉讼法》第六十条）。本案被诉行政行为类别为“{label}”，"
        "且未登记涉及自由裁量权。"
    )


def appearance_consistent(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """Who appeared must be named; a reason for a 负责人's absence only when none appeared (XS-16, XS-20)."""
    position = data.get("appeared_position")
    if position and not data.get("appeared_name"):
        raise _field_error("appeared_name", "请填写出庭人姓名。")
    if position and counts_as_responsible_person(position) and data.get("absence_reason"):
        raise _field_error(
            "absence_reason",
            "出庭人属于被诉行政机关负责人（《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》第二条），"
            "无需填写负责人未出庭理由。",
        )
    if data.get("absence_proof") and not data.get("absence_reason"):
        raise _field_error("absence_reason", "已提交证明材料的，请选择负责人不能出庭的理由。")
    return None


def extension_requested_in_time(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """行诉解释 art. 34: the written request for late evidence is made within XS-08's 15 days of
    receiving the complaint copy (行政诉讼法 art. 36 para 1)."""
    due = facts.get("open_deadlines", {}).get("XS-08")
    requested = data.get("requested_on")
    if due is None:
        return "答辩举证期限已不在计算中，不能再申请延期提供证据。"
    if requested and requested > due:
        raise _field_error(
            "requested_on",
            f"延期提供证据应在收到起诉状副本之日起十五日内（{due}前）书面申请（行诉解释第三十四条）。",
        )
    return None


def extension_requested(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    if not facts.get("evidence_extension_requested_on"):
        return "尚未登记延期提供证据的书面申请。"
    if facts.get("evidence_extension_granted") is not None:
        return "已登记法院是否准许延期提供证据。"
    return None


def hearing_after_notice(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    notice, held = data.get("notice_served_on"), data.get("held_on") or data.get("hearing_date")
    if notice and held and notice > held:
        raise _field_error("notice_served_on", "出庭通知书送达日期不能晚于开庭日期。")
    return None


_NOTE = Field("note", "情况说明", kind="textarea", required=False)
_SERVED = Field(
    "served_on",
    "裁判文书送达日期",
    kind="date",
    help="上诉期限自送达之日起算：判决15日、裁定10日（行政诉讼法第八十五条）。",
)
_HEARING_FIELDS = (
    Field("held_on", "开庭日期", kind="date"),
    Field(
        "appearance_required",
        "法院通知负责人出庭",
        kind="bool",
        required=False,
        help="涉及食品药品安全、生态环境和资源保护、公共卫生安全等案件，法院应当通知负责人出庭（出庭规定第四条）。",
    ),
    Field("notice_served_on", "出庭通知书送达日期", kind="date", required=False),
    Field(
        "appeared_position",
        "出庭人职务类别",
        kind="choice",
        choices=POSITIONS,
        required=False,
        help="不选表示行政机关无人出庭。正职、副职及参与分管的负责人属于负责人（出庭规定第二条）。",
    ),
    Field("appeared_name", "出庭人姓名", required=False, max_length=50),
    Field("appeared_title", "出庭人职务", required=False, max_length=50, help="如：副局长"),
    Field(
        "absence_reason",
        "负责人未出庭理由",
        kind="choice",
        choices=ABSENCE_REASONS,
        required=False,
        help="负责人未出庭时填写（出庭规定第八条）。",
    ),
    Field(
        "absence_proof",
        "已提交加盖印章或主要负责人签字认可的证明材料",
        kind="bool",
        required=False,
    ),
    Field("absence_note", "未出庭情况说明", kind="textarea", required=False, max_length=300),
)
_ENDS_FIRST_INSTANCE = {"meet": ("XS-09",), "cancel": ("XS-08", "XS-08b"), "closes": True}

# What the end of the first instance records: the judgment or ruling's service (no hearing is due
# any more), or, for a settlement, that it took effect that day.
DECIDED = (Record.copy("served_on"), Record.const("next_hearing_on", None))
SETTLED = (Record.step_date("effective_on"), Record.const("next_hearing_on", None))

WORKFLOW = Workflow(
    kind="litigation",
    label="行政应诉",
    states=STATES,
    initial="registered",
    outcomes=OUTCOMES,
    path=("registered", "answering", "in_trial", "judged", "effective"),
    on_create=(DeadlineStart("XS-09", trigger="filed_on"),),
    transitions=(
        Transition(
            "receive_copy",
            "收到起诉状副本",
            ("registered",),
            "answering",
            fields=(Field("copy_received_on", "收到起诉状副本日期", kind="date"),),
            guards=(copy_not_before_filing,),
            start=(DeadlineStart("XS-08", trigger="copy_received_on"),),
            records=(Record.copy("copy_received_on"),),
        ),
        Transition(
            "answer",
            "提交答辩状及证据",
            ("answering",),
            "in_trial",
            fields=(
                Field("evidence_count", "提交证据（件）", kind="int", required=False),
                Field("basis_count", "提交规范性文件（件）", kind="int", required=False),
                _NOTE,
            ),
            meet=("XS-08", "XS-08b"),
            records=(Record.step_date("answered_on"),),
            documents=("defence",),
        ),
        Transition(
            "request_evidence_extension",
            "申请延期提供证据",
            ("answering",),
            STAY,
            fields=(
                Field("requested_on", "书面申请日期", kind="date"),
                Field("reason", "不能按期提供证据的正当事由", kind="textarea", max_length=300),
            ),
            guards=(extension_requested_in_time,),
            style="secondary",
            records=(Record.copy("evidence_extension_requested_on", "requested_on"),),
        ),
        Transition(
            "evidence_extension_granted",
            "法院准许延期提供证据",
            ("answering",),
            STAY,
            fields=(
                Field(
                    "cause_ended_on",
                    "正当事由消除之日",
                    kind="date",
                    help="准许延期的，被告应当在正当事由消除后十五日内提供证据（行诉解释第三十四条）。",
                ),
            ),
            guards=(extension_requested,),
            # XS-08 gives way to XS-08b, counted from the day the cause ended (行政诉讼法 art. 36.1).
            cancel=("XS-08",),
            start=(DeadlineStart("XS-08b", trigger="cause_ended_on"),),
            style="secondary",
            records=(Record.const("evidence_extension_granted", True),),
        ),
        Transition(
            "evidence_extension_refused",
            "法院不准许延期提供证据",
            ("answering",),
            STAY,
            guards=(extension_requested,),
            style="secondary",
            records=(Record.const("evidence_extension_granted", False),),
        ),
        Transition(
            "deemed_no_evidence",
            "视为没有相应证据",
            ("answering",),
            STAY,
            # 行政诉讼法 art. 34 para 2: taken by the nightly job when XS-08 (or XS-08b) expires; the
            # late answer may still be filed, the finding stays.
            meet=("XS-08", "XS-08b"),
            automatic=True,
            records=(Record.const("deemed_no_evidence", True),),
        ),
        Transition(
            "schedule_hearing",
            "登记开庭通知",
            ("in_trial",),
            "in_trial",
            fields=(
                Field("hearing_date", "开庭日期", kind="date"),
                Field("appearance_required", "法院通知负责人出庭", kind="bool", required=False),
                Field("notice_served_on", "出庭通知书送达日期", kind="date", required=False),
            ),
            guards=(hearing_after_notice,),
            style="secondary",
            records=(Record.copy("next_hearing_on", "hearing_date"),),
        ),
        Transition(
            "hearing",
            "登记开庭及出庭情况",
            ("in_trial",),
            "in_trial",
            fields=_HEARING_FIELDS,
            guards=(hearing_after_notice, appearance_consistent),
        ),
        Transition(
            "suspend",
            "诉讼中止",
            ("in_trial",),
            "suspended",
            fields=(Field("reason", "中止原因", kind="textarea"),),
            pause=("XS-09",),
            pause_kind="suspension",
            style="secondary",
        ),
        Transition(
            "resume",
            "恢复审理",
            ("suspended",),
            "in_trial",
            fields=(_NOTE,),
            resume=("XS-09",),
        ),
        Transition(
            "judge",
            "一审判决",
            ("in_trial",),
            "judged",
            fields=(Field("outcome", "判决结果", kind="choice", choices=JUDGMENTS), _SERVED, _NOTE),
            start=(DeadlineStart("XS-11", trigger="served_on"),),
            outcome="=outcome",
            **_ENDS_FIRST_INSTANCE,
            records=DECIDED,
        ),
        Transition(
            "rule",
            "一审裁定",
            ("answering", "in_trial", "suspended"),
            "judged",
            fields=(Field("outcome", "裁定结果", kind="choice", choices=RULINGS), _SERVED, _NOTE),
            start=(DeadlineStart("XS-11b", trigger="served_on"),),
            outcome="=outcome",
            style="secondary",
            **_ENDS_FIRST_INSTANCE,
            records=DECIDED,
        ),
        Transition(
            "mediate",
            "调解结案",
            ("answering", "in_trial"),
            "settled",
            fields=(Field("note", "调解书内容摘要", kind="textarea"),),
            when=mediation_allowed,
            outcome=LitigationOutcome.TIAOJIE.value,
            style="secondary",
            **_ENDS_FIRST_INSTANCE,
            records=SETTLED,
        ),
        Transition(
            "withdraw",
            "准予撤诉",
            ("registered", "answering", "in_trial", "suspended"),
            "settled",
            fields=(Field("withdraw_kind", "撤诉情形", kind="choice", choices=WITHDRAWALS), _NOTE),
            outcome="=withdraw_kind",
            style="danger",
            **_ENDS_FIRST_INSTANCE,
            records=SETTLED,
        ),
        Transition(
            "appeal",
            "提起上诉",
            ("judged",),
            "appealed",
            fields=(Field("appellant", "上诉人", kind="choice", choices=APPELLANTS), _NOTE),
            meet=("XS-11", "XS-11b"),
            records=(Record.copy("appellant"), Record.step_date("appealed_on")),
        ),
        Transition(
            "take_effect",
            "裁判生效（上诉期届满）",
            ("judged",),
            "effective",
            meet=("XS-11", "XS-11b"),
            automatic=True,
            records=(Record.step_date("effective_on"),),
        ),
        Transition(
            "appeal_conclude",
            "二审审结",
            ("appealed",),
            "appeal_closed",
            fields=(
                Field("appeal_result", "二审结果", kind="choice", choices=APPEAL_RESULTS),
                Field(
                    "second_number", "二审案号", required=False, max_length=60, help="如（2024）浙01行终45号"
                ),
                _NOTE,
            ),
            records=(
                Record.copy("appeal_result"),
                # 发回重审: the first instance is tried again, nothing takes effect yet.
                Record.step_date("effective_on", when=lambda data: data["appeal_result"] != "remanded"),
            ),
        ),
    ),
)
