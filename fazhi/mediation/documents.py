"""The 文书 of 人民调解: the 人民调解协议书 of a written agreement (人民调解法 arts. 28–29), numbered
with the case's own number (no national scheme: DOMAIN.md §5.2)."""

from __future__ import annotations

from typing import Any

from fazhi.cases.documents import DocumentType, date_cn, paragraphs


def agreement(case: Any, event: Any) -> dict[str, Any]:
    data = event.data or {}
    due = data.get("performance_due")
    return {
        "dispute_type": case.mediation.get_dispute_type_display(),
        "content": paragraphs(data.get("content")),
        "performance": f"于{date_cn(due)}前履行完毕" if due else "按上述协议内容履行",
        "mediator": event.actor_name,
    }


DOCUMENTS = (
    DocumentType(
        "agreement",
        "人民调解协议书",
        "mediation_agreement.docx",
        context=agreement,
        # An oral agreement is recorded, not written up (人民调解法 art. 28).
        when=lambda data: data.get("agreement_form") == "written",
    ),
)
