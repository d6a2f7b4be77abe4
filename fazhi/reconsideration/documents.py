"""The 文书 of 行政复议 (行政复议法 arts. 30, 31, 61–75): what each document type's template reads
from the case and its step. The engine (fazhi.cases.documents) numbers, renders and stores them;
one case, one number: every document carries the case's 发文字号 (DOMAIN.md §5.2)."""

from __future__ import annotations

from typing import Any

from fazhi.cases.documents import DocumentType, paragraphs
from fazhi.law.reconsideration import Decision
from fazhi.reconsideration.workflow import NOT_ACCEPTED_GROUNDS, PROCEDURES


def body_name(case: Any) -> str:
    """The 行政复议机关: the government whose 行政复议机构 handles the case (行政复议法 art. 4);
    the office's own name ends in 行政复议局/办公室 under it."""
    name = case.org_unit.name
    for suffix in ("行政复议局", "行政复议办公室", "行政复议机构"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _common(case: Any, event: Any) -> dict[str, Any]:
    detail = case.reconsideration
    return {
        "org_name": body_name(case),
        "counterpart": detail.respondent_name or "",
        "act_description": detail.act_description,
    }


def acceptance(case: Any, event: Any) -> dict[str, Any]:
    procedure = (event.data or {}).get("procedure") or case.reconsideration.procedure
    return {**_common(case, event), "procedure": dict(PROCEDURES).get(procedure, "普通程序")}


def rejection(case: Any, event: Any) -> dict[str, Any]:
    data = event.data or {}
    ground = dict(NOT_ACCEPTED_GROUNDS).get(data.get("ground", ""), "")
    reason = str(data.get("reason") or "").strip()
    return {
        **_common(case, event),
        "reason": reason if reason.endswith(("。", "！", "；")) else reason + "。",
        "ground": ground,
        "competent_body": data.get("competent_body") or "",
    }


def correction(case: Any, event: Any) -> dict[str, Any]:
    return {**_common(case, event), "items": paragraphs((event.data or {}).get("items"))}


def decision(case: Any, event: Any) -> dict[str, Any]:
    data = event.data or {}
    try:
        d = Decision(data.get("decision"))
    except ValueError:
        d = None
    return {
        **_common(case, event),
        "summary": paragraphs(data.get("summary")),
        "decision_label": d.label if d else "",
        "decision_basis": d.basis if d else "《中华人民共和国行政复议法》",
    }


def mediation(case: Any, event: Any) -> dict[str, Any]:
    return {**_common(case, event), "content": paragraphs((event.data or {}).get("content"))}


DOCUMENTS = (
    DocumentType("acceptance", "行政复议受理通知书", "reconsideration_acceptance.docx", context=acceptance),
    DocumentType(
        "rejection", "不予受理行政复议申请决定书", "reconsideration_rejection.docx", context=rejection
    ),
    DocumentType(
        "correction", "行政复议申请补正通知书", "reconsideration_correction.docx", context=correction
    ),
    DocumentType("decision", "行政复议决定书", "reconsideration_decision.docx", context=decision),
    DocumentType("mediation", "行政复议调解书", "reconsideration_mediation.docx", context=mediation),
)
