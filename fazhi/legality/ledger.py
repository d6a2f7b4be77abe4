"""合法性审查台账: one row per matter submitted for review (送审, 补充材料, 审查意见, 采纳反馈), and how a
case gives each exported value. Import plans rows through ``services.legality_import_row`` (the
bulk planner and the services alike)."""

from __future__ import annotations

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.registry import Ledger, LedgerColumn
from fazhi.legality import services
from fazhi.legality.models import LegalityReview as X
from fazhi.legality.workflow import OUTCOMES

LEDGER = Ledger(
    columns=(
        LedgerColumn.of(Case, "number", header="审查编号"),
        LedgerColumn("事项名称", "title", required=True, value=lambda c: c.title),
        LedgerColumn.of(X, "matter_type", required=True),
        LedgerColumn.of(X, "submitting_unit", required=True),
        LedgerColumn.of(Case, "org_unit", key="reviewing_unit", header="审查单位"),
        LedgerColumn.of(X, "submitter_name"),
        LedgerColumn.of(Case, "received_on", header="送审日期", required=True),
        LedgerColumn.of(X, "opinion_requested_by"),
        LedgerColumn.of(X, "materials_requested_on"),
        LedgerColumn.of(X, "materials_requested"),
        LedgerColumn.of(X, "materials_received_on"),
        LedgerColumn(
            "审查意见", "outcome", "choice", choices=tuple(OUTCOMES.items()), value=registry.outcome_label
        ),
        LedgerColumn.of(X, "reviewed_on"),
        LedgerColumn.of(X, "opinion"),
        LedgerColumn.of(X, "articles"),
        LedgerColumn.of(X, "adoption"),
        LedgerColumn.of(X, "adoption_reason"),
        LedgerColumn.of(X, "feedback_on"),
        LedgerColumn("状态", "status", value=lambda c: c.status_label),
    ),
    apply=services.legality_import_row,
    plan=services.legality_import_row,
    plan_hooks=frozenset({"on_create"}),
    natural_key=("submitting_unit", "received_on", "title"),
)
