"""Scoped reads of the normative line: the worklist's filings due and expiring documents, the
clean-up campaigns and their rows. Every query starts from `scoped_for(user, …)`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import Http404

from fazhi.core.lawconfig import law_config
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action
from fazhi.law.normative import expiry_warning, filing_verdict
from fazhi.normative.models import CleanupCampaign, CleanupResultCode, DocStatus, Level, NormativeDocument
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import today

IN_FORCE = (DocStatus.VALID, DocStatus.REVISING)


def documents(user: Any) -> Any:
    if not DOCUMENTS.may_view(user):
        return NormativeDocument.objects.none()
    return NormativeDocument.objects.scoped_for(user, Action.VIEW).select_related("org_unit")


def warning_days() -> int:
    return law_config().normative_expiry_warning_days


def filings_due(user: Any, limit: int = 50) -> list[dict[str, Any]]:
    """Documents still owing a filing (报备), most urgent first, with each filing's verdict."""
    now = today()
    qs = documents(user).filter(
        Q(npc_filed_on__isnull=True) | Q(level=Level.DISTRICT, city_filed_on__isnull=True)
    )
    out = []
    for doc in qs.order_by("published_on", "pk")[:limit]:
        owed = []
        for f in doc.filings():
            if doc.filed_on(f.body) is None:
                code, label = filing_verdict(f.due, None, now)
                owed.append({"body": f.body_label, "due": f.due, "code": code, "label": label})
        out.append({"doc": doc, "owed": owed})
    return out


def expiring(user: Any) -> list[dict[str, Any]]:
    """Documents in force whose 有效期 ends within the warning window (or has ended)."""
    now = today()
    cfg = law_config()
    qs = documents(user).filter(
        status__in=IN_FORCE, valid_until__lte=now + timedelta(days=cfg.normative_expiry_warning_days)
    )
    return [
        {"doc": d, "warning": expiry_warning(d.valid_until, now, config=cfg)}
        for d in qs.order_by("valid_until", "pk")
    ]


def campaigns(user: Any) -> Any:
    if not DOCUMENTS.may_view(user):
        return CleanupCampaign.objects.none()
    return CleanupCampaign.objects.scoped_for(user, Action.VIEW).select_related("org_unit")


def campaign_for(user: Any, pk: int) -> CleanupCampaign:
    campaign = campaigns(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("清理不存在或无权查看")
    return campaign


def cleanup_unit(user: Any) -> OrgUnit | None:
    """The unit whose register the user may clean up: the district of a bureau-level grant."""
    from fazhi.normative.services import may_run_cleanup

    districts = OrgUnit.objects.filter(kind="district").order_by("path")
    return next((u for u in districts if may_run_cleanup(user, u)), None)


def cleanup_rows(campaign: CleanupCampaign) -> list[dict[str, Any]]:
    from fazhi.normative.services import cleanup_documents

    results = {r.document_id: r for r in campaign.results.all()}
    rows = []
    for doc in cleanup_documents(campaign):
        r = results.get(doc.pk)
        rows.append(
            {
                "doc": doc,
                "result": r.result if r else "",
                "result_label": r.get_result_display() if r else "",
                "note": r.note if r else "",
                "error": "",
            }
        )
    return rows


def cleanup_summary(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    labels = dict(CleanupResultCode.choices)
    return [(labels[c], sum(1 for r in rows if r["result"] == c)) for c in labels]
