"""合法性审查 workflow (DOMAIN.md §2.7; 重大行政决策程序暂行条例 arts. 25–28). Pure: no Django.

submitted (送审; the review time the submitter allowed runs: JC-26 for a decision draft, GF-08 for a
normative draft, HS-01 for the rest) → supplementing (补充材料: the time is not counted) → submitted
→ reviewed (审查意见 合法 / 修改后合法 / 不合法, with reasons and the articles relied on; expert or
legal-adviser opinions recorded on the way) → closed (the submitter's 采纳情况 反馈). A submission may
be withdrawn before the opinion.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fazhi.cases.workflow import STAY, DeadlineStart, Field, Record, Transition, Workflow, WorkflowError
from fazhi.law.legality import MATTER_LABELS, RULE_OF_MATTER, Adoption, Matter, Opinion

STATES = {
    "submitted": "审查中",
    "supplementing": "补充材料中",
    "reviewed": "已出具审查意见（待反馈采纳情况）",
    "closed": "已反馈采纳情况",
    "withdrawn": "已撤回送审",
}

OUTCOMES = {o.value: o.label for o in Opinion}
MATTERS = tuple((m.value, MATTER_LABELS[m]) for m in Matter)
ADOPTIONS = tuple((a.value, a.label) for a in Adoption)
EXPERT_KINDS = (
    ("expert", "专家"),
    ("legal_adviser", "法律顾问"),
    ("public_lawyer", "公职律师"),
)
REVIEW_RULES = tuple(sorted(set(RULE_OF_MATTER.values())))
# The states in which a review has been given (counted by legality.reviews on its reviewed_on).
REVIEWED_STATES = frozenset({"reviewed", "closed"})


def _matter_is(*matters: Matter) -> Any:
    wanted = {m.value for m in matters}

    def when(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
        return None if facts.get("matter_type") in wanted else "not this matter"

    return when


def reason_when_not_adopted(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """部分采纳 / 未采纳 needs the submitter's reason (the leaders read it)."""
    if data.get("adoption") in (Adoption.PARTLY, Adoption.NOT_ADOPTED) and not data.get("adoption_reason"):
        message = "部分采纳或未采纳审查意见的，请填写理由。"
        raise WorkflowError(message, {"adoption_reason": message})
    return None


def articles_for_unlawful(facts: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """An opinion other than 合法 names the articles it relies on (审查意见应当说明理由和依据)."""
    if data.get("outcome") in (Opinion.XIUGAI_HEFA, Opinion.BUHEFA) and not data.get("articles"):
        message = "审查意见为“修改后合法”或“不合法”的，请填写所依据的法律条款。"
        raise WorkflowError(message, {"articles": message})
    return None


_REVIEW_FIELDS = (
    Field("outcome", "审查意见", kind="choice", choices=tuple(OUTCOMES.items())),
    Field("opinion", "审查意见及理由", kind="textarea", max_length=2000),
    Field(
        "articles",
        "依据的法律条款",
        required=False,
        max_length=500,
        help="如：《中华人民共和国行政许可法》第十五条第二款",
    ),
)

WORKFLOW = Workflow(
    kind="legality",
    label="合法性审查",
    states=STATES,
    initial="submitted",
    outcomes=OUTCOMES,
    path=("submitted", "reviewed", "closed"),
    # The review time the submitter allowed (its due day is set on receipt from the detail's
    # opinion_requested_by: fazhi.legality.services.on_create).
    on_create=tuple(
        DeadlineStart(rule, when=_matter_is(*(m for m, r in RULE_OF_MATTER.items() if r == rule)))
        for rule in REVIEW_RULES
    ),
    transitions=(
        Transition(
            "request_material",
            "要求补充材料",
            ("submitted",),
            "supplementing",
            fields=(Field("materials", "需补充的材料", kind="textarea", max_length=1000),),
            pause=REVIEW_RULES,
            pause_kind="other",
            style="secondary",
            records=(
                Record.step_date("materials_requested_on"),
                Record.copy("materials_requested", "materials"),
            ),
        ),
        Transition(
            "receive_material",
            "收到补充材料",
            ("supplementing",),
            "submitted",
            fields=(Field("note", "补充材料情况", kind="textarea", required=False),),
            resume=REVIEW_RULES,
            records=(Record.step_date("materials_received_on"),),
        ),
        Transition(
            "expert_opinion",
            "登记专家/法律顾问意见",
            ("submitted", "supplementing"),
            STAY,
            fields=(
                Field("expert_kind", "意见提出人类别", kind="choice", choices=EXPERT_KINDS),
                Field("expert_name", "姓名", max_length=50),
                Field("expert_opinion", "论证/咨询意见", kind="textarea", max_length=2000),
            ),
            style="secondary",
            records=(Record.const("expert_consulted", True),),
        ),
        Transition(
            "review",
            "出具审查意见",
            ("submitted",),
            "reviewed",
            fields=_REVIEW_FIELDS,
            guards=(articles_for_unlawful,),
            meet=REVIEW_RULES,
            outcome="=outcome",
            records=(
                Record.step_date("reviewed_on"),
                Record.copy("opinion"),
                Record.copy("articles"),
            ),
        ),
        Transition(
            "feedback",
            "反馈采纳情况",
            ("reviewed",),
            "closed",
            fields=(
                Field("adoption", "采纳情况", kind="choice", choices=ADOPTIONS),
                Field(
                    "adoption_reason",
                    "未采纳或部分采纳的理由",
                    kind="textarea",
                    required=False,
                    max_length=1000,
                ),
            ),
            guards=(reason_when_not_adopted,),
            closes=True,
            records=(
                Record.copy("adoption"),
                Record.copy("adoption_reason"),
                Record.step_date("feedback_on"),
            ),
        ),
        Transition(
            "withdraw",
            "撤回送审",
            ("submitted", "supplementing"),
            "withdrawn",
            fields=(Field("reason", "撤回理由", kind="textarea"),),
            cancel=REVIEW_RULES,
            closes=True,
            style="danger",
        ),
    ),
)

# Steps only the reviewing body takes; the others (补充材料到达, 采纳反馈, 撤回) the submitter may
# take too (fazhi.legality.services.may_take).
REVIEWER_STEPS = frozenset({"request_material", "expert_opinion", "review"})
