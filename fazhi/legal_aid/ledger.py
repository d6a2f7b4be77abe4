"""法律援助 declarations for the engine's generic parts: the intake fields (form and API) and the
Excel 台账 columns (import through `services.legal_aid_import_row`, export with personal data masked
for roles without `view_pii`)."""

from __future__ import annotations

from typing import Any

from fazhi.cases.models import Channel
from fazhi.cases.registry import LedgerColumn
from fazhi.cases.workflow import Field
from fazhi.legal_aid.models import (
    CircumstanceChoice,
    ClosingMethod,
    CriminalGround,
    MatterCategory,
    MatterType,
    PeerGrade,
    TerminationGround,
)

CREATE_FIELDS = (
    Field("matter_type", "案件类别", kind="choice", choices=tuple(MatterType.choices)),
    Field(
        "matter",
        "申请事项",
        kind="choice",
        choices=tuple(MatterCategory.choices),
        required=False,
        help="民事、行政案件必填（法律援助法第三十一条）。",
    ),
    Field(
        "criminal_ground",
        "刑事援助来源",
        kind="choice",
        choices=tuple(CriminalGround.choices),
        required=False,
        help="刑事案件必填。",
    ),
    Field("severe_penalty", "可能被判处无期徒刑、死刑或死刑复核案件", kind="bool", required=False),
    Field(
        "circumstances",
        "申请人情形",
        kind="multichoice",
        choices=tuple(CircumstanceChoice.choices),
        required=False,
        help="有材料证明的才勾选（第三十二条、第四十二条）。",
    ),
    Field("household_size", "家庭人口数", kind="int", required=False),
    Field(
        "monthly_income_per_head",
        "家庭人均月收入（元）",
        kind="decimal",
        required=False,
        help="与本地经济困难标准比较（第三十四条）；属于敏感个人信息，加密保存。",
    ),
    Field("has_own_agent", "已委托代理人", kind="bool", required=False),
    Field(
        "limitation_deadline",
        "时效或起诉、仲裁、复议期限届满日",
        kind="date",
        required=False,
        help="不足七日的，可以先行提供法律援助（第四十四条）。",
    ),
    Field("urgent_preservation", "需要立即申请财产保全、证据保全或者先予执行", kind="bool", required=False),
    Field("is_group", "群体性案件", kind="bool", required=False),
    Field("applicant_count", "受援人数", kind="int", required=False),
    Field("amount_at_stake", "涉案金额（元）", kind="decimal", required=False),
)


def matter_display(detail: Any) -> str:
    """申请事项, or the criminal source, for a worklist cell."""
    if detail is None:
        return ""
    if detail.matter_type == MatterType.CRIMINAL:
        return f"刑事·{detail.get_criminal_ground_display()}" if detail.criminal_ground else "刑事"
    return detail.get_matter_display()


def _party(case: Any, field: str) -> str:
    for p in case.parties.all():
        if p.role == "applicant":
            if field == "name":
                return p.name
            return getattr(p.person, field, "") if p.person_id else ""
    return ""


def _decision(case: Any) -> str:
    if case.accepted_on:
        return "给予法律援助"
    return "不予法律援助" if case.outcome == "refused" else ""


def _decided_on(case: Any) -> Any:
    if case.accepted_on:
        return case.accepted_on
    return case.closed_on if _decision(case) else None


DECISIONS = (("granted", "给予法律援助"), ("refused", "不予法律援助"))


def _d(attr: str):
    return lambda c: getattr(c.legal_aid, attr)


def _display(attr: str):
    return lambda c: getattr(c.legal_aid, f"get_{attr}_display")() if getattr(c.legal_aid, attr) else ""


COLUMNS = (
    LedgerColumn("案号", "number", value=lambda c: c.number),
    LedgerColumn("受理机构", "org", value=lambda c: c.org_unit.name),
    LedgerColumn("收到申请日期", "received_on", "date", required=True, value=lambda c: c.received_on),
    LedgerColumn(
        "来源渠道",
        "channel",
        "choice",
        choices=tuple(Channel.choices),
        value=lambda c: c.get_channel_display(),
    ),
    LedgerColumn(
        "案件类别",
        "matter_type",
        "choice",
        required=True,
        choices=tuple(MatterType.choices),
        value=_display("matter_type"),
    ),
    LedgerColumn(
        "申请事项", "matter", "choice", choices=tuple(MatterCategory.choices), value=_display("matter")
    ),
    LedgerColumn(
        "刑事援助来源",
        "criminal_ground",
        "choice",
        choices=tuple(CriminalGround.choices),
        value=_display("criminal_ground"),
    ),
    LedgerColumn("案由", "title", required=True, value=lambda c: c.title),
    LedgerColumn("申请人", "applicant", required=True, value=lambda c: _party(c, "name"), pii="name"),
    LedgerColumn(
        "申请人身份证号", "applicant_id_number", value=lambda c: _party(c, "id_number"), pii="id_number"
    ),
    LedgerColumn("申请人电话", "applicant_phone", value=lambda c: _party(c, "phone"), pii="phone"),
    LedgerColumn("家庭人口", "household_size", "int", value=_d("household_size"), pii="text"),
    LedgerColumn(
        "家庭人均月收入",
        "monthly_income_per_head",
        "decimal",
        value=_d("monthly_income_per_head"),
        pii="text",
    ),
    LedgerColumn("群体性案件", "is_group", "bool", value=lambda c: "是" if c.legal_aid.is_group else "否"),
    LedgerColumn("受援人数", "applicant_count", "int", value=_d("applicant_count")),
    LedgerColumn("涉案金额", "amount_at_stake", "decimal", value=_d("amount_at_stake")),
    LedgerColumn("审查结果", "eligibility", value=_display("eligibility_outcome")),
    LedgerColumn("审查决定", "decision", "choice", choices=DECISIONS, value=_decision),
    LedgerColumn("决定日期", "decided_on", "date", value=_decided_on),
    LedgerColumn(
        "审查意见",
        "review_note",
        value=lambda c: c.legal_aid.override_reason if c.legal_aid.override else c.legal_aid.decision_note,
    ),
    LedgerColumn(
        "承办律师", "lawyer", value=lambda c: c.legal_aid.lawyer.name if c.legal_aid.lawyer_id else ""
    ),
    LedgerColumn("指派日期", "assigned_on", "date", value=_d("assigned_on")),
    LedgerColumn(
        "办结日期",
        "closed_on",
        "date",
        value=lambda c: c.closed_on if c.outcome in ("concluded", "terminated") else None,
    ),
    LedgerColumn(
        "结案方式",
        "closing_method",
        "choice",
        choices=tuple(ClosingMethod.choices),
        value=_display("closing_method"),
    ),
    LedgerColumn(
        "终止事由",
        "termination_ground",
        "choice",
        choices=tuple(TerminationGround.choices),
        value=_display("termination_ground"),
    ),
    LedgerColumn("结案报告日期", "closing_report_on", "date", value=_d("closing_report_on")),
    LedgerColumn(
        "评估等级", "peer_grade", "choice", choices=tuple(PeerGrade.choices), value=_display("peer_grade")
    ),
    LedgerColumn("评估单位", "peer_evaluator", value=_d("peer_evaluator")),
    LedgerColumn("评估日期", "peer_evaluated_on", "date", value=_d("peer_evaluated_on")),
)
