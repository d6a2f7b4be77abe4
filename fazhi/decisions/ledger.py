"""重大行政决策台账: one row per decision of the catalogue, its 承办单位, flags and the dates of its
statutory steps. Import starts each decision (启动) through ``services.decision_import_row``; the
steps are then taken on the case page, where the gate applies."""

from __future__ import annotations

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.registry import Ledger, LedgerColumn
from fazhi.decisions import services
from fazhi.decisions.models import DecisionCase as X
from fazhi.decisions.workflow import OUTCOMES

LEDGER = Ledger(
    columns=(
        LedgerColumn.of(Case, "number", header="编号"),
        LedgerColumn.of(Case, "title", header="决策事项", required=True),
        LedgerColumn("承办单位", "unit", required=True, value=lambda c: c.org_unit.name),
        LedgerColumn(
            "目录年度",
            "catalogue_year",
            "int",
            value=lambda c: c.decision.catalogue.year if c.decision.catalogue_id else "",
        ),
        LedgerColumn.of(X, "matter_type", required=True),
        LedgerColumn.of(Case, "received_on", header="启动日期", required=True),
        LedgerColumn.of(X, "involves_expertise"),
        LedgerColumn.of(X, "stability_risk"),
        LedgerColumn.of(X, "market_activity"),
        LedgerColumn.of(X, "hearing_held"),
        LedgerColumn.of(X, "exploratory_reform"),
        LedgerColumn.of(X, "comment_from"),
        LedgerColumn.of(X, "comment_until"),
        LedgerColumn.of(X, "hearing_on"),
        LedgerColumn.of(X, "hearing_done_on"),
        LedgerColumn.of(X, "expertise_on"),
        LedgerColumn.of(X, "risk_assessed_on"),
        LedgerColumn.of(X, "fair_competition_on"),
        LedgerColumn.of(X, "review_submitted_on"),
        LedgerColumn.of(X, "review_allowed_until"),
        LedgerColumn.of(X, "review_outcome"),
        LedgerColumn.of(X, "meeting_on"),
        LedgerColumn.of(X, "published_on"),
        LedgerColumn.of(X, "archived_on"),
        LedgerColumn("结果", "result", value=registry.outcome_label),
        LedgerColumn("状态", "status", value=lambda c: c.status_label),
    ),
    apply=services.decision_import_row,
    # A row without a number is the same decision when its unit, title and start day match.
    natural_key=("unit", "title", "received_on"),
)

__all__ = ["LEDGER", "OUTCOMES"]
