"""The 文书 of 行政应诉: the cover of the 答辩状 the defendant agency files with its evidence (行政诉讼法
art. 67). A pleading to a court has no 发文字号: it carries the court's case number."""

from __future__ import annotations

from typing import Any

from fazhi.cases.documents import DocumentType


def defence(case: Any, event: Any) -> dict[str, Any]:
    detail = case.litigation
    data = event.data or {}
    return {
        "org_name": detail.defendant_agency.name if detail.defendant_agency_id else case.org_unit.name,
        "counterpart": detail.defendant_agency.name if detail.defendant_agency_id else "",
        "court_name": detail.court_name,
        "court_number": case.number,
        "evidence_count": data.get("evidence_count") if data.get("evidence_count") is not None else "—",
        "basis_count": data.get("basis_count") if data.get("basis_count") is not None else "—",
    }


DOCUMENTS = (
    DocumentType("defence", "行政诉讼答辩状（封面）", "litigation_defence.docx", number="", context=defence),
)
