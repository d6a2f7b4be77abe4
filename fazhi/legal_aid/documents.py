"""The 文书 of 法律援助 (法律援助法 arts. 43–44, 49): the decision to give or refuse aid and the
指派通知书 to the lawyer's firm. One case, one number: each carries the case's 发文字号
(杭西法援〔2024〕12号, DOMAIN.md §5.2)."""

from __future__ import annotations

from typing import Any

from fazhi.cases.documents import DocumentType, paragraphs
from fazhi.legal_aid.models import LegalAidLawyer, MatterType


def matter(case: Any) -> str:
    """申请事项 as the decision names it."""
    detail = case.legal_aid
    if detail.matter_type == MatterType.CRIMINAL:
        return "刑事" + (f"（{detail.get_criminal_ground_display()}）" if detail.criminal_ground else "")
    return detail.get_matter_display() or detail.get_matter_type_display()


def grant(case: Any, event: Any) -> dict[str, Any]:
    return {"matter": matter(case), "note": (event.data or {}).get("review_note") or ""}


def refusal(case: Any, event: Any) -> dict[str, Any]:
    return {"matter": matter(case), "reasons": paragraphs((event.data or {}).get("reasons"))}


def assignment(case: Any, event: Any) -> dict[str, Any]:
    data = event.data or {}
    # The lawyer this step assigned (a later 更换 does not rewrite this notice).
    lawyer = LegalAidLawyer.objects.filter(pk=str(data.get("lawyer") or "") or None).first()
    lawyer = lawyer or case.legal_aid.lawyer
    return {
        "matter": matter(case),
        "lawyer": f"{lawyer.name}律师" if lawyer else "",
        "law_firm": lawyer.law_firm if lawyer else "",
        "note": data.get("note") or "",
    }


DOCUMENTS = (
    DocumentType("grant", "给予法律援助决定书", "legal_aid_grant.docx", context=grant),
    DocumentType("refusal", "不予法律援助决定书", "legal_aid_refusal.docx", context=refusal),
    DocumentType("assignment", "法律援助指派通知书", "legal_aid_assignment.docx", context=assignment),
)
