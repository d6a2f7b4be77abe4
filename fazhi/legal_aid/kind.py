"""法律援助 as a case kind: the intake fields, worklist columns and filters, and the Excel 台账
(import through `services.legal_aid_import_row`, export with personal data masked for roles without
`view_pii`). Fields come from `LegalAidCase`; what each step records on the detail row is declared
on the workflow's transitions, and the hooks in `services` do only what no declaration can."""

from __future__ import annotations

from typing import Any

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.registry import (
    CaseKind,
    Column,
    Ledger,
    LedgerColumn,
    field_value,
    party_columns,
)
from fazhi.cases.workflow import Field
from fazhi.core.roles import Area
from fazhi.legal_aid import services
from fazhi.legal_aid.documents import DOCUMENTS
from fazhi.legal_aid.models import CircumstanceChoice, MatterType
from fazhi.legal_aid.models import LegalAidCase as L
from fazhi.legal_aid.workflow import LAWYER_POOL, WORKFLOW

CREATE_FIELDS = (
    Field.of(L, "matter_type"),
    Field.of(L, "matter", help="民事、行政案件必填（法律援助法第三十一条）。"),
    Field.of(L, "criminal_ground", help="刑事案件必填。"),
    Field.of(L, "other_reason"),
    Field.of(L, "severe_penalty"),
    Field.of(
        L,
        "circumstances",
        kind="multichoice",
        choices=tuple(CircumstanceChoice.choices),
        required=False,
        help="有材料证明的才勾选（第三十二条、第四十二条）。",
    ),
    Field.of(L, "household_size", kind="int", required=False),
    Field.of(
        L,
        "monthly_income_per_head",
        kind="decimal",
        required=False,
        help="与本地经济困难标准比较（第三十四条）；属于敏感个人信息，加密保存。",
    ),
    Field.of(L, "has_own_agent"),
    Field.of(
        L,
        "limitation_deadline",
        label="时效或起诉、仲裁、复议期限届满日",
        help="不足七日的，可以先行提供法律援助（第四十四条）。",
    ),
    Field.of(L, "urgent_preservation", label="需要立即申请财产保全、证据保全或者先予执行"),
    Field.of(L, "is_group"),
    Field.of(L, "applicant_count", required=False),
    Field.of(L, "amount_at_stake"),
)


def matter_display(detail: Any) -> str:
    """申请事项, or the criminal source, for a worklist cell."""
    if detail is None:
        return ""
    if detail.matter_type == MatterType.CRIMINAL:
        return f"刑事·{detail.get_criminal_ground_display()}" if detail.criminal_ground else "刑事"
    return detail.get_matter_display()


def _decision(case: Any) -> str:
    if case.accepted_on:
        return "给予法律援助"
    return "不予法律援助" if case.outcome == "refused" else ""


def _decided_on(case: Any) -> Any:
    if case.accepted_on:
        return case.accepted_on
    return case.closed_on if _decision(case) else None


DECISIONS = (("granted", "给予法律援助"), ("refused", "不予法律援助"))

COLUMNS = (
    LedgerColumn.of(Case, "number"),
    LedgerColumn.of(Case, "org_unit", key="org", header="受理机构"),
    LedgerColumn.of(Case, "received_on", header="收到申请日期", required=True),
    LedgerColumn.of(Case, "channel"),
    LedgerColumn.of(L, "matter_type", required=True),
    LedgerColumn.of(L, "matter"),
    LedgerColumn.of(L, "criminal_ground"),
    LedgerColumn("案由", "title", required=True, value=lambda c: c.title),
    *party_columns("applicant", "申请人", "applicant", required=True),
    LedgerColumn.of(L, "household_size", header="家庭人口", kind="int", pii="text"),
    LedgerColumn.of(L, "monthly_income_per_head", header="家庭人均月收入", kind="decimal", pii="text"),
    LedgerColumn.of(L, "is_group"),
    LedgerColumn.of(L, "applicant_count"),
    LedgerColumn.of(L, "amount_at_stake", header="涉案金额"),
    LedgerColumn("审查结果", "eligibility", value=field_value(L, "eligibility_outcome")),
    LedgerColumn("审查决定", "decision", "choice", choices=DECISIONS, value=_decision),
    LedgerColumn("决定日期", "decided_on", "date", value=_decided_on),
    LedgerColumn(
        "审查意见",
        "review_note",
        value=lambda c: c.legal_aid.override_reason if c.legal_aid.override else c.legal_aid.decision_note,
    ),
    LedgerColumn.of(L, "lawyer"),
    LedgerColumn.of(L, "assigned_on"),
    LedgerColumn(
        "办结日期",
        "closed_on",
        "date",
        value=lambda c: c.closed_on if c.outcome in ("concluded", "terminated") else None,
    ),
    LedgerColumn.of(L, "closing_method"),
    LedgerColumn.of(L, "termination_ground"),
    LedgerColumn.of(L, "closing_report_on"),
    LedgerColumn.of(L, "peer_grade", header="评估等级"),
    LedgerColumn.of(L, "peer_evaluator"),
    LedgerColumn.of(L, "peer_evaluated_on"),
)

LAWYER_POOL.provider = services.pool_choices
KIND = CaseKind(
    kind="legal_aid",
    label="法律援助",
    area=Area.LEGAL_AID,
    workflow=WORKFLOW,
    detail_model=L,
    number=services.legal_aid_number,
    create_fields=CREATE_FIELDS,
    columns=(
        Column("legal_aid", "事项", display=matter_display),
        Column.of(L, "eligibility_outcome"),
        Column.of(L, "lawyer"),
    ),
    filters=(
        Field.of(L, "matter_type"),
        Field.of(L, "eligibility_outcome"),
        Field.of(L, "peer_grade", label="评估等级"),
    ),
    on_transition=services.HOOKS,
    on_create=services.on_case_created,
    applicant_label="申请人",
    counterpart_label="对方当事人",
    ledger=Ledger(
        columns=COLUMNS,
        # A row without a number is recognised on these on a re-import (reported as a duplicate).
        natural_key=("org", "received_on", "applicant", "title"),
        apply=services.legal_aid_import_row,
        # Bulk import: the same row mapping on the planner. These hooks keep to the in-memory rule
        # (an eligibility override is left to the services: it is audited on its case); the steps'
        # declared records need no entry.
        plan=services.legal_aid_import_row,
        plan_hooks=frozenset(
            {"on_create", "grant", "refuse", "assign", "reassign", "correct_refusal", "correct_termination"}
        ),
        number_block=services.legal_aid_numbers,
    ),
    # The generic list names the matter; the line's block shows the rest (what applies).
    detail_fields=("matter_type", "matter", "criminal_ground"),
    detail_template="legal_aid/_case_block.html",
    transition_template="legal_aid/_transition_block.html",
    intake_url="legal_aid:apply",
    portal=True,  # the public may apply online; the centre reviews it like any application (法律援助法 art. 43)
    may_take=services.may_take,
    documents=DOCUMENTS,
    menu_order=30,
)
registry.register(KIND)

from fazhi.legal_aid import portal  # noqa: E402, F401  (its public matters register at start)
