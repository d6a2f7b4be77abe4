"""Writes of the 规范性文件清理 (clean-up campaign, GF-06): start one, record each document's result,
publish the list — which applies the results to the register through the register's own steps
(fazhi.registers.services.register_transition), so a repeal is the same write whoever makes it.
Documents themselves are written through fazhi.registers.services (the register declaration)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from fazhi.cases.workflow import WorkflowError
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import OrgUnit
from fazhi.normative.models import (
    CampaignStatus,
    CleanupCampaign,
    CleanupResult,
    CleanupResultCode,
    DocStatus,
    NormativeDocument,
)
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import RegisterPermissionError, register_transition, today

# What a clean-up result does to the document (the register's step), GF-06.
STEP_OF = {
    CleanupResultCode.REPEAL: "repeal",
    CleanupResultCode.EXPIRE: "expire",
    CleanupResultCode.REVISE: "revise",
}


def may_run_cleanup(actor: Any, unit: OrgUnit) -> bool:
    """The bureau (a change grant over the whole unit) runs a clean-up of its register."""
    return DOCUMENTS.may_view(actor) and DOCUMENTS.may_change_in(actor, unit)


@transaction.atomic
def cleanup_start(
    *, actor: Any, title: str, org_unit: OrgUnit, started_on: date | None = None, is_demo: bool = False
) -> CleanupCampaign:
    """启动清理 of the documents of `org_unit` (the district) in force on `started_on`."""
    if not may_run_cleanup(actor, org_unit):
        raise RegisterPermissionError(f"您没有组织“{org_unit.name}”规范性文件清理的权限。")
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写“清理名称”。"
    elif len(title) > 100:
        errors["title"] = "“清理名称”不能超过100个字。"
    started_on = started_on or today()
    if started_on > today():
        errors["started_on"] = "启动日期不能晚于今天。"
    if CleanupCampaign.objects.filter(org_unit=org_unit, status=CampaignStatus.OPEN).exists():
        errors[""] = "已有一项清理尚未公布结果，请先完成该项清理。"
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)
    campaign = CleanupCampaign(title=title, org_unit=org_unit, started_on=started_on, is_demo=is_demo)
    campaign._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    campaign.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=campaign, detail={"cleanup": "start"})
    return campaign


def cleanup_documents(campaign: CleanupCampaign) -> QuerySet:
    """The documents a clean-up covers: those of its unit published by its start that were in force
    then (still in force, or ended by this clean-up)."""
    qs = NormativeDocument.objects.filter(
        org_path__startswith=campaign.org_path, published_on__lte=campaign.started_on
    )
    in_force = qs.filter(status__in=(DocStatus.VALID, DocStatus.REVISING))
    ended_here = qs.filter(cleanup_results__campaign=campaign, ended_on__gte=campaign.started_on)
    return (in_force | ended_here).distinct().select_related("org_unit").order_by("published_on", "pk")


@transaction.atomic
def cleanup_record(*, actor: Any, campaign: CleanupCampaign, results: Mapping[int, tuple[str, str]]) -> int:
    """记录清理结论: document pk → (result code, note); an empty code leaves the document open.
    Returns how many results were written. Errors name the document."""
    campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not may_run_cleanup(actor, campaign.org_unit):
        raise RegisterPermissionError("您没有办理本次清理的权限。")
    if campaign.status == CampaignStatus.PUBLISHED:
        raise WorkflowError("清理结果已公布，不能再修改。")
    docs = {d.pk: d for d in cleanup_documents(campaign)}
    valid = dict(CleanupResultCode.choices)
    errors: dict[str, str] = {}
    written = 0
    for pk, (code, note) in results.items():
        doc = docs.get(pk)
        if doc is None:
            errors[f"result-{pk}"] = "该文件不在本次清理范围内。"
            continue
        code, note = (code or "").strip(), (note or "").strip()
        if not code:
            continue
        if code not in valid:
            errors[f"result-{pk}"] = f"“{doc.doc_number}”的清理结论无效，应为{'/'.join(valid.values())}之一。"
            continue
        if len(note) > 200:
            errors[f"result-{pk}"] = f"“{doc.doc_number}”的说明不能超过200个字。"
            continue
        CleanupResult.objects.update_or_create(
            campaign=campaign, document=doc, defaults={"result": code, "note": note}
        )
        written += 1
    if errors:
        raise WorkflowError("请更正标出的清理结论。", errors)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=campaign, detail={"cleanup": "record", "count": written}
    )
    return written


@transaction.atomic
def cleanup_publish(*, actor: Any, campaign: CleanupCampaign, on: date | None = None) -> CleanupCampaign:
    """公布清理结果: every document covered must have a result; each 废止 / 失效 / 修改 is then
    applied to the register (the document's own step, dated the day of publication)."""
    campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not may_run_cleanup(actor, campaign.org_unit):
        raise RegisterPermissionError("您没有办理本次清理的权限。")
    if campaign.status == CampaignStatus.PUBLISHED:
        raise WorkflowError(f"清理结果已于{campaign.published_on}公布。")
    on = on or today()
    if on > today() or on < campaign.started_on:
        message = f"公布日期应在启动日期（{campaign.started_on}）与今天之间。"
        raise WorkflowError(message, {"on": message})
    results = {r.document_id: r for r in campaign.results.all()}
    missing = [d for d in cleanup_documents(campaign) if d.pk not in results]
    if missing:
        names = "、".join(d.doc_number for d in missing[:5]) + ("等" if len(missing) > 5 else "")
        raise WorkflowError(
            f"还有{len(missing)}件文件没有清理结论（{names}），每件文件都要给出结论后才能公布。"
        )
    for doc_pk, r in results.items():
        step = STEP_OF.get(r.result)  # type: ignore[call-overload]
        doc = NormativeDocument.objects.get(pk=doc_pk)
        if step is None or (step == "revise" and doc.status == DocStatus.REVISING):
            continue
        data = {"reason": f"{campaign.title}：{r.note or r.get_result_display()}"[:200]}
        register_transition(actor=actor, reg=DOCUMENTS, obj=doc, name=step, data=data, on=on)
    campaign.status, campaign.published_on = CampaignStatus.PUBLISHED, on
    campaign._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    campaign.save()
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=campaign, detail={"cleanup": "publish"})
    return campaign
