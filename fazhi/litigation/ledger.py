"""行政应诉台账: the Excel columns a bureau keeps (one row per first-instance suit) and how a case
gives each exported value. Import goes row by row through ``services.litigation_import_row``; the
案号 cell is parsed by ``fazhi.law.numbering`` (full-width brackets and digits tolerated)."""

from __future__ import annotations

from typing import Any

from fazhi.cases.registry import Ledger, LedgerColumn
from fazhi.litigation import services
from fazhi.litigation.workflow import (
    ABSENCE_REASONS,
    ACT_CATEGORIES,
    APPELLANTS,
    OUTCOMES,
    POSITIONS,
)

PLAINTIFF_TYPES = (("person", "自然人"), ("entity", "法人或其他组织"))


def _parties(case, role: str) -> list[Any]:
    return [p for p in case.parties.all() if p.role == role]


def _plaintiff_names(case) -> str:
    return "、".join(p.name for p in _parties(case, "plaintiff"))


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


def _yes(value: bool | None) -> str:
    return "是" if value else "否"


def _absence_proof(case) -> str:
    h = _head_hearing(case)
    return _yes(h.absence_proof) if h is not None and not h.counts_as_head else ""


LEDGER = Ledger(
    columns=(
        LedgerColumn(
            "案号", "number", required=True, parse=services.normalise_case_number, value=lambda c: c.number
        ),
        LedgerColumn("法院", "court_name", required=True, value=lambda c: c.litigation.court_name),
        LedgerColumn("被告", "defendant", required=True, value=lambda c: c.litigation.defendant_agency.name),
        LedgerColumn(
            "区政府共同被告",
            "co_defendant",
            "bool",
            value=lambda c: _yes(c.litigation.government_co_defendant),
        ),
        LedgerColumn("原告", "plaintiff", required=True, value=_plaintiff_names, pii="name"),
        LedgerColumn(
            "原告类型",
            "plaintiff_type",
            "choice",
            choices=PLAINTIFF_TYPES,
            value=_plaintiff_type,
        ),
        LedgerColumn("原告证件号码", "plaintiff_id", value=_plaintiff_id, pii="id_number"),
        LedgerColumn("案由", "title", required=True, value=lambda c: c.title),
        LedgerColumn(
            "行政行为类别",
            "act_category",
            "choice",
            required=True,
            choices=ACT_CATEGORIES,
            value=lambda c: c.litigation.get_act_category_display(),
        ),
        LedgerColumn(
            "涉及自由裁量权", "discretionary", "bool", value=lambda c: _yes(c.litigation.discretionary)
        ),
        LedgerColumn(
            "复议案号", "reconsideration_number", value=lambda c: c.litigation.reconsideration_number
        ),
        LedgerColumn("立案日期", "filed_on", "date", required=True, value=lambda c: c.litigation.filed_on),
        LedgerColumn(
            "收到起诉状副本日期", "copy_received_on", "date", value=lambda c: c.litigation.copy_received_on
        ),
        LedgerColumn("答辩日期", "answered_on", "date", value=lambda c: c.litigation.answered_on),
        LedgerColumn("开庭日期", "hearing_on", "date", value=_hearing_value("held_on")),
        LedgerColumn(
            "法院通知负责人出庭",
            "appearance_required",
            "bool",
            value=lambda c: _yes(c.litigation.appearance_required) if c.litigation.hearing_count else "",
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
        LedgerColumn(
            "已提交证明材料",
            "absence_proof",
            "bool",
            value=_absence_proof,
        ),
        LedgerColumn("结案日期", "closed_on", "date", value=lambda c: c.closed_on),
        LedgerColumn(
            "结果",
            "result",
            "choice",
            choices=tuple(OUTCOMES.items()),
            value=lambda c: OUTCOMES.get(c.outcome, ""),
        ),
        LedgerColumn("裁判文书送达日期", "served_on", "date", value=lambda c: c.litigation.served_on),
        LedgerColumn(
            "上诉人",
            "appellant",
            "choice",
            choices=APPELLANTS,
            value=lambda c: c.litigation.get_appellant_display(),
        ),
        LedgerColumn("上诉日期", "appealed_on", "date", value=lambda c: c.litigation.appealed_on),
        # Export only: derived from 结果 by this deployment's configuration; ignored on import.
        LedgerColumn("是否败诉（按配置）", "is_loss", value=lambda c: c.litigation.result_label),
        LedgerColumn("状态", "status", value=lambda c: c.status_label),
        LedgerColumn("涉企", "enterprise_related", "bool", value=lambda c: _yes(c.enterprise_related)),
    ),
    apply=services.litigation_import_row,
)
