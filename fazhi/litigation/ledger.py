"""行政应诉台账: the Excel columns a bureau keeps (one row per first-instance suit) and how a case
gives each exported value. Import goes row by row through ``services.litigation_import_row``; the
案号 cell is parsed by ``fazhi.law.numbering`` (full-width brackets and digits tolerated)."""

from __future__ import annotations

from typing import Any

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.registry import Ledger, LedgerColumn, party_value
from fazhi.litigation import services
from fazhi.litigation.models import LitigationCase as X
from fazhi.litigation.workflow import (
    ABSENCE_REASONS,
    OUTCOMES,
    POSITIONS,
)

PLAINTIFF_TYPES = (("person", "自然人"), ("entity", "法人或其他组织"))


def _parties(case, role: str) -> list[Any]:
    return [p for p in case.parties.all() if p.role == role]


def _plaintiff_id(case) -> str:
    plaintiffs = _parties(case, "plaintiff")
    if len(plaintiffs) != 1:
        return ""
    p = plaintiffs[0]
    return p.person.id_number if p.person_id else (p.legal_entity.uscc if p.legal_entity_id else "")


def _plaintiff_type(case) -> str:
    plaintiffs = _parties(case, "plaintiff")
    return "法人或其他组织" if plaintiffs and all(p.legal_entity_id for p in plaintiffs) else "自然人"


def _head_hearing(case):
    """The hearing to report: the first one a 负责人 attended, else the first one (one query per
    exported row, kept on the case object for the row's other columns)."""
    if not hasattr(case, "_ledger_hearing"):
        hearings = sorted(case.litigation_hearings.all(), key=lambda h: (h.held_on, h.id))
        case._ledger_hearing = next(
            (h for h in hearings if h.counts_as_head), hearings[0] if hearings else None
        )
    return case._ledger_hearing


def _hearing_value(attr: str, *, label: bool = False):
    def value(case) -> Any:
        h = _head_hearing(case)
        if h is None:
            return ""
        return getattr(h, f"get_{attr}_display")() if label else getattr(h, attr)

    return value


def _absence_proof(case) -> str:
    h = _head_hearing(case)
    return ("是" if h.absence_proof else "否") if h is not None and not h.counts_as_head else ""


LEDGER = Ledger(
    columns=(
        LedgerColumn.of(Case, "number", required=True, parse=services.normalise_case_number),
        LedgerColumn.of(X, "court_name", header="法院", required=True),
        LedgerColumn.of(X, "defendant_agency", key="defendant", header="被告", required=True),
        LedgerColumn.of(X, "government_co_defendant", key="co_defendant", header="区政府共同被告"),
        LedgerColumn(
            "原告", "plaintiff", required=True, value=party_value("plaintiff", joined=True), pii="name"
        ),
        LedgerColumn("原告类型", "plaintiff_type", "choice", choices=PLAINTIFF_TYPES, value=_plaintiff_type),
        LedgerColumn("原告证件号码", "plaintiff_id", value=_plaintiff_id, pii="id_number"),
        LedgerColumn("案由", "title", required=True, value=lambda c: c.title),
        LedgerColumn.of(X, "act_category", header="行政行为类别", required=True),
        LedgerColumn.of(X, "discretionary", header="涉及自由裁量权"),
        LedgerColumn.of(X, "reconsideration_number", header="复议案号"),
        LedgerColumn.of(X, "filed_on", required=True),
        LedgerColumn.of(X, "copy_received_on", header="收到起诉状副本日期"),
        LedgerColumn.of(X, "answered_on", header="答辩日期"),
        LedgerColumn("开庭日期", "hearing_on", "date", value=_hearing_value("held_on")),
        LedgerColumn(
            "法院通知负责人出庭",
            "appearance_required",
            "bool",
            value=lambda c: (
                ("是" if c.litigation.appearance_required else "否") if c.litigation.hearing_count else ""
            ),
        ),
        LedgerColumn("出庭负责人", "appeared_name", value=_hearing_value("appeared_name")),
        LedgerColumn("职务", "appeared_title", value=_hearing_value("appeared_title")),
        LedgerColumn(
            "职务类别",
            "appeared_position",
            "choice",
            choices=POSITIONS,
            value=_hearing_value("appeared_position", label=True),
        ),
        LedgerColumn(
            "负责人未出庭理由",
            "absence_reason",
            "choice",
            choices=ABSENCE_REASONS,
            value=_hearing_value("absence_reason", label=True),
        ),
        LedgerColumn("已提交证明材料", "absence_proof", "bool", value=_absence_proof),
        LedgerColumn.of(Case, "closed_on", header="结案日期"),
        LedgerColumn(
            "结果", "result", "choice", choices=tuple(OUTCOMES.items()), value=registry.outcome_label
        ),
        LedgerColumn.of(X, "served_on"),
        LedgerColumn.of(X, "appellant"),
        LedgerColumn.of(X, "appealed_on"),
        # Export only: derived from 结果 by this deployment's configuration; ignored on import.
        LedgerColumn("是否败诉（按配置）", "is_loss", value=lambda c: c.litigation.result_label),
        LedgerColumn("状态", "status", value=lambda c: c.status_label),
        LedgerColumn.of(Case, "enterprise_related"),
    ),
    apply=services.litigation_import_row,
    # Bulk import: the same row mapping on the planner. These hooks only check the form's dates and
    # numbers (in memory); a hearing is a row of its own (LitigationHearing), which the bulk writer
    # does not write, so a row with a hearing — or one linking a stored reconsideration — goes
    # through the services.
    plan=services.litigation_import_row,
    plan_hooks=frozenset({"receive_copy", "schedule_hearing", "judge", "rule", "appeal_conclude"}),
)
