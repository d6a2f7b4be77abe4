"""重大行政决策 workflow (重大行政决策程序暂行条例 2019; DOMAIN.md §2.5). Pure: no Django.

launched (启动, 承办单位 designated) → drafting (草案拟订) → consulting (公开征求意见, JC-15) →
reviewing (听证, 专家论证, 风险评估, 合法性审查, 公平竞争审查 recorded as steps) → decided (集体讨论
决定, refused while `fazhi.law.decisions.missing_steps` names a step) → published (公布) →
archived (归档; 决策后评估 may follow). A decision may be terminated (终止) before it is decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fazhi.cases.workflow import STAY, DeadlineStart, Field, Record, Transition, Workflow, WorkflowError
from fazhi.law import decisions as rules

STATES = {
    "launched": "已启动",
    "drafting": "草案拟订",
    "consulting": "公众参与（征求意见）",
    "reviewing": "论证评估与合法性审查",
    "decided": "已集体讨论决定",
    "published": "已公布",
    "archived": "已归档",
    "terminated": "已终止",
}
OUTCOMES = {"decided": "作出决策", "terminated": "终止决策"}
OPEN_BEFORE_DECISION = ("launched", "drafting", "consulting", "reviewing")

_NOTE = Field("note", "说明", kind="textarea", required=False)


def _field_error(name: str, message: str) -> WorkflowError:
    return WorkflowError(message, {name: message})


def comment_lawful(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """Art. 15: the period as opened is ≥ 30 days, or the reason for a shorter one is given."""
    start, until = data.get("comment_from"), data.get("comment_until")
    if start and until and until < start:
        raise _field_error("comment_until", "征求意见截止日期不能早于开始日期。")
    problem = rules.comment_problem(start, until, data.get("short_comment_reason") or "")
    if problem:
        article = rules.GATE["comment"].article
        raise _field_error("short_comment_reason", f"{problem}（{article}）。")
    return None


def comment_ran(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """The comment period is not closed before the day it was announced to run to (art. 15)."""
    on, until = facts.get("on"), facts.get("comment_until")
    if on and until and on < until:
        message = (
            f"征求意见期至{until.isoformat()}，尚未届满，不能提前结束（{rules.GATE['comment'].article}）。"
        )
        raise _field_error("on", message)
    return None


def hearing_decided(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    return None if facts.get("hearing_held") else "本决策未决定举行听证。"


def hearing_scheduled(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    if not facts.get("hearing_held"):
        return "本决策未决定举行听证。"
    return None if facts.get("hearing_on") else "请先安排听证会。"


def hearing_ahead(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """A hearing is arranged for a day not before the day it is arranged on."""
    on, hearing_on = facts.get("on"), data.get("hearing_on")
    if on and hearing_on and hearing_on < on:
        raise _field_error("hearing_on", "听证会日期不能早于安排之日。")
    return None


def hearing_lawful(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """Art. 16: the hearing is held once its day has come, the materials served at least 7 days
    before it (a hearing recorded some days later is still the one arranged)."""
    if facts.get("on") and facts.get("hearing_on") and facts["on"] < facts["hearing_on"]:
        message = f"听证会安排在{facts['hearing_on'].isoformat()}，尚未到举行之日；改期的，请重新安排听证会。"
        raise _field_error("on", message)
    problem = rules.hearing_problem(facts.get("hearing_on"), facts.get("hearing_materials_on"))
    if problem:
        raise WorkflowError(f"{problem}（{rules.GATE['hearing'].article}），不能举行听证会。")
    return None


def review_given(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """A review done on the platform is named by its case number; one done outside it gives its
    submission date, the date allowed and the opinion here."""
    if data.get("review_case_number"):
        return None
    errors = {
        name: f"未关联平台上的合法性审查案件时，请填写“{label}”。"
        for name, label in (
            ("review_submitted_on", "送请合法性审查日期"),
            ("review_allowed_until", "留给审查的期限"),
            ("review_outcome", "合法性审查意见"),
        )
        if not data.get(name)
    }
    if errors:
        raise WorkflowError("请填写合法性审查的送审日期、期限和意见，或填写审查案件编号。", errors)
    if data["review_allowed_until"] < data["review_submitted_on"]:
        raise _field_error("review_allowed_until", "留给审查的期限不能早于送审日期。")
    return None


def gate(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """集体讨论决定: refused while a mandatory step is missing (each named with its article), and
    the meeting follows art. 30 (the head speaks last; a departure from the majority explained)."""
    missing = rules.missing_steps(rules.DecisionFacts.of(facts))
    if missing:
        message = "尚不能提交集体讨论决定：" + "".join(str(m) for m in missing)
        raise WorkflowError(message, {"": message})
    errors = rules.meeting_problems(
        head_spoke_last=bool(data.get("head_spoke_last")),
        head_position=data.get("head_position") or "",
        departure_reason=data.get("departure_reason") or "",
    )
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)
    return None


WORKFLOW = Workflow(
    kind="decision",
    label="重大行政决策",
    states=STATES,
    initial="launched",
    outcomes=OUTCOMES,
    path=("launched", "drafting", "consulting", "reviewing", "decided", "published", "archived"),
    transitions=(
        Transition(
            "draft",
            "拟订决策草案",
            ("launched",),
            "drafting",
            fields=(_NOTE,),
            records=(Record.step_date("draft_on"),),
        ),
        Transition(
            "open_comment",
            "公开征求意见",
            ("drafting",),
            "consulting",
            fields=(
                Field("comment_from", "征求意见开始日期", kind="date"),
                Field("comment_until", "征求意见截止日期", kind="date"),
                Field(
                    "short_comment_reason",
                    "征求意见期限少于30日的理由",
                    required=False,
                    max_length=300,
                    help="期限一般不少于30日；因情况紧急等原因需要缩短的，应当予以说明（条例第十五条）。",
                ),
            ),
            # JC-15 is a least period (bound "earliest"), not a time limit for the office: it is
            # checked by the guard and the gate and explained on the checklist, not started as a
            # Deadline row (the engine would call a period that ran its 30 days "逾期").
            guards=(comment_lawful,),
            records=(
                Record.copy("comment_from"),
                Record.copy("comment_until"),
                Record.copy("short_comment_reason"),
            ),
        ),
        Transition(
            "close_comment",
            "征求意见结束（意见采纳情况）",
            ("consulting",),
            "reviewing",
            fields=(
                Field("comment_count", "收到意见（条）", kind="int"),
                Field(
                    "comment_adoption",
                    "意见采纳情况",
                    kind="textarea",
                    help="对公众意见的研究处理和采纳情况（条例第十八条）。",
                ),
            ),
            guards=(comment_ran,),
            records=(Record.copy("comment_count"), Record.copy("comment_adoption")),
        ),
        Transition(
            "schedule_hearing",
            "安排听证会",
            ("consulting", "reviewing"),
            STAY,
            fields=(Field("hearing_on", "听证会日期", kind="date"),),
            guards=(hearing_ahead,),
            when=hearing_decided,
            # JC-16: the materials are served at least 7 days before the hearing (the office's duty).
            start=(DeadlineStart("JC-16", trigger="hearing_on"),),
            style="secondary",
            records=(Record.copy("hearing_on"),),
        ),
        Transition(
            "serve_materials",
            "送达听证材料",
            ("consulting", "reviewing"),
            STAY,
            fields=(_NOTE,),
            when=hearing_scheduled,
            meet=("JC-16",),
            style="secondary",
            records=(Record.step_date("hearing_materials_on"),),
        ),
        Transition(
            "hearing",
            "举行听证会",
            ("consulting", "reviewing"),
            STAY,
            fields=(Field("hearing_participants", "听证参加人（人）", kind="int"), _NOTE),
            guards=(hearing_lawful,),
            when=hearing_scheduled,
            style="secondary",
            records=(Record.step_date("hearing_done_on"),),
        ),
        Transition(
            "expertise",
            "登记专家论证",
            ("consulting", "reviewing"),
            STAY,
            fields=(Field("expert_count", "论证专家人数", kind="int"), _NOTE),
            style="secondary",
            records=(Record.step_date("expertise_on"), Record.copy("expert_count")),
        ),
        Transition(
            "risk",
            "登记风险评估",
            ("consulting", "reviewing"),
            STAY,
            fields=(
                Field(
                    "risk_level",
                    "风险等级",
                    kind="choice",
                    choices=(("low", "低风险"), ("medium", "中风险"), ("high", "高风险")),
                ),
                _NOTE,
            ),
            style="secondary",
            records=(Record.step_date("risk_assessed_on"), Record.copy("risk_level")),
        ),
        Transition(
            "fair_competition",
            "登记公平竞争审查",
            ("consulting", "reviewing"),
            STAY,
            fields=(Field("fair_competition_conclusion", "审查结论", max_length=200),),
            style="secondary",
            records=(Record.step_date("fair_competition_on"), Record.copy("fair_competition_conclusion")),
        ),
        Transition(
            "legality",
            "登记合法性审查意见",
            ("reviewing",),
            STAY,
            fields=(
                Field(
                    "review_case_number",
                    "合法性审查案件编号",
                    required=False,
                    max_length=60,
                    help="在本平台办理的审查，填写其案件编号，送审日期、期限和意见从该案件读取。",
                ),
                Field("review_submitted_on", "送请合法性审查日期", kind="date", required=False),
                Field("review_allowed_until", "留给审查的期限", kind="date", required=False),
                Field(
                    "review_outcome",
                    "合法性审查意见",
                    kind="choice",
                    choices=rules.REVIEW_OUTCOMES,
                    required=False,
                ),
                Field(
                    "legal_risk_statement",
                    "法律风险说明",
                    kind="textarea",
                    required=False,
                    help="探索性改革决策事项经审查不合法的，明示法律风险后方可提交讨论（条例第二十五条）。",
                ),
            ),
            guards=(review_given,),
            style="secondary",
            records=(
                Record.copy("review_submitted_on"),
                Record.copy("review_allowed_until"),
                Record.copy("review_outcome"),
                Record.copy("legal_risk_statement"),
                Record.step_date("review_done_on"),
            ),
        ),
        Transition(
            "decide",
            "集体讨论决定",
            ("reviewing",),
            "decided",
            fields=(
                Field("meeting_kind", "会议类型", kind="choice", choices=rules.MEETING_KINDS),
                Field("meeting_session", "会议名称", max_length=60, help="如：区政府第35次常务会议"),
                Field("head_spoke_last", "行政首长最后发表意见", kind="bool", required=False),
                Field("head_position", "行政首长决定", kind="choice", choices=rules.HEAD_POSITIONS),
                Field("departure_reason", "与多数意见不一致的理由", kind="textarea", required=False),
            ),
            guards=(gate,),
            outcome="decided",
            records=(
                Record.copy("meeting_kind"),
                Record.copy("meeting_session"),
                Record.step_date("meeting_on"),
                Record.copy("head_spoke_last"),
                Record.copy("head_position"),
                Record.copy("departure_reason"),
            ),
        ),
        Transition(
            "publish",
            "公布决策",
            ("decided",),
            "published",
            fields=(
                Field(
                    "publish_channel",
                    "公布渠道",
                    max_length=100,
                    help="政府公报、政府网站、报刊等（条例第三十二条）。",
                ),
            ),
            records=(Record.step_date("published_on"), Record.copy("publish_channel")),
        ),
        Transition(
            "archive",
            "归档",
            ("published",),
            "archived",
            fields=(Field("archive_number", "档案号", max_length=40),),
            closes=True,
            records=(Record.step_date("archived_on"), Record.copy("archive_number")),
        ),
        Transition(
            "evaluate",
            "决策后评估",
            ("published", "archived"),
            STAY,
            fields=(
                Field(
                    "evaluation_trigger",
                    "评估情形",
                    kind="choice",
                    choices=(
                        ("effect", "决策实施后明显未达到预期效果"),
                        ("objections", "公民、法人或者其他组织提出较多意见"),
                        ("organ", "决策机关认为有必要"),
                    ),
                ),
                _NOTE,
            ),
            style="secondary",
            records=(Record.step_date("evaluated_on"), Record.copy("evaluation_trigger")),
        ),
        Transition(
            "terminate",
            "终止决策",
            OPEN_BEFORE_DECISION,
            "terminated",
            fields=(Field("note", "终止原因", kind="textarea"),),
            outcome="terminated",
            closes=True,
            style="danger",
        ),
    ),
)
