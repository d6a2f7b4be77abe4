"""指引牌打印 (staff): one signpost's A4 sheet, and a batch for a 镇街 or a selection. Thin views:
parse → authorise (the right to change signposts in their unit; 403 otherwise) → render the PDF."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action
from fazhi.network import signposts as sheets
from fazhi.network.models import Signpost
from fazhi.network.registers import SIGNPOSTS


def _pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _printable(user: Any) -> Any:
    if not SIGNPOSTS.may_view(user):
        raise PermissionDenied("您没有查看法律服务指引牌的权限。")
    if not SIGNPOSTS.may_change(user):
        raise PermissionDenied("您没有打印法律服务指引牌的权限（需要指引牌的办理权限）。")
    return sheets.printable(user)


def sheet_one(request, pk: int):
    """One signpost's sheet."""
    if not SIGNPOSTS.may_view(request.user):
        raise PermissionDenied("您没有查看法律服务指引牌的权限。")
    seen = Signpost.objects.scoped_for(request.user, Action.VIEW).filter(pk=pk).first()
    if seen is None:
        raise Http404("指引牌不存在或无权查看")
    if seen.removed_on:
        messages.error(request, "该指引牌已撤除，不能打印。")
        return redirect("registers:detail", SIGNPOSTS.key, pk)
    if not sheets.may_print(request.user, seen):
        raise PermissionDenied("您没有打印该指引牌的权限（需要其所在镇街的办理权限）。")
    return _pdf(sheets.sheet_pdf([seen], request=request), f"指引牌-{seen.place}.pdf")


def _unit_param(raw: str | None, units: list[OrgUnit]) -> OrgUnit | None:
    return next((u for u in units if raw and str(u.pk) == raw.strip()), None)


def sheet_choose(request):
    """批量打印: pick a 镇街, tick the signposts (all ticked), print one PDF."""
    qs = _printable(request.user)
    units = list(OrgUnit.objects.filter(pk__in=qs.values("org_unit")).order_by("path"))
    unit = _unit_param(request.GET.get("org_unit"), units)
    rows = list(qs.filter(org_unit=unit)) if unit else list(qs[: sheets.SHEET_BATCH_MAX])
    return render(
        request,
        "network/signpost_print.html",
        {
            "units": units,
            "unit": unit,
            "rows": rows,
            "total": qs.count(),
            "batch_max": sheets.SHEET_BATCH_MAX,
        },
    )


def sheet_batch(request):
    """The PDF of the ticked signposts (`ids`), or of a whole 镇街 (`org_unit`) when none is ticked."""
    qs = _printable(request.user)
    back = reverse("signpost_sheets:choose")
    ids = [int(v) for v in request.GET.getlist("ids") if v.strip().isdigit()]
    unit_raw = request.GET.get("org_unit", "")
    if ids:
        chosen = list(qs.filter(pk__in=ids))
    elif unit_raw.strip().isdigit():
        chosen = list(qs.filter(org_unit_id=int(unit_raw)))
    else:
        chosen = []
    if not chosen:
        messages.error(request, "请至少勾选一块指引牌，或选择一个镇街。")
        return redirect(back + (f"?org_unit={quote(unit_raw)}" if unit_raw else ""))
    if len(chosen) > sheets.SHEET_BATCH_MAX:
        messages.error(
            request,
            f"一次最多打印 {sheets.SHEET_BATCH_MAX} 块（已选 {len(chosen)} 块），请按镇街分批打印。",
        )
        return redirect(back)
    units = {s.org_unit.name for s in chosen}
    name = units.pop() if len(units) == 1 else "多个镇街"
    return _pdf(sheets.sheet_pdf(chosen, request=request), f"指引牌-{name}-{len(chosen)}块.pdf")
