"""Thin views of the normative line: parse → authorise → call a service → render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.cases.workflow import WorkflowError
from fazhi.normative import selectors, services
from fazhi.normative.models import CleanupResultCode
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import today


def _require_view(user) -> None:
    if not DOCUMENTS.may_view(user):
        raise PermissionDenied("您没有查看行政规范性文件的权限。")


def worklist(request):
    """工作台: filings due or overdue, documents whose 有效期 ends within the window, clean-ups."""
    _require_view(request.user)
    return render(
        request,
        "normative/worklist.html",
        {
            "filings": selectors.filings_due(request.user),
            "expiring": selectors.expiring(request.user),
            "campaigns": selectors.campaigns(request.user)[:5],
            "may_create": DOCUMENTS.may_change(request.user),
            "may_cleanup": selectors.cleanup_unit(request.user) is not None,
            "window": selectors.warning_days(),
        },
    )


def new(request):
    """登记 a published document; `?review=<case pk>` (from a legality review) prefills the form."""
    _require_view(request.user)
    url = reverse("registers:new", kwargs={"key": DOCUMENTS.key})
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def cleanup_list(request):
    """规范性文件清理: the campaigns, and (for the bureau) starting one."""
    _require_view(request.user)
    unit = selectors.cleanup_unit(request.user)
    errors: dict[str, str] = {}
    values = {"title": f"{today().year}年行政规范性文件清理", "started_on": today().isoformat()}
    if request.method == "POST":
        if unit is None:
            raise PermissionDenied("您没有组织规范性文件清理的权限。")
        values = {"title": request.POST.get("title", ""), "started_on": request.POST.get("started_on", "")}
        started = _date(values["started_on"])
        if started is None:
            errors = {"started_on": "请填写有效的启动日期（年-月-日）。"}
        else:
            try:
                campaign = services.cleanup_start(
                    actor=request.user, title=values["title"], org_unit=unit, started_on=started
                )
            except WorkflowError as exc:
                errors = exc.errors
            else:
                messages.success(request, f"已启动：{campaign.title}")
                return redirect("normative:cleanup_detail", pk=campaign.pk)
    return render(
        request,
        "normative/cleanup_list.html",
        {"campaigns": selectors.campaigns(request.user), "unit": unit, "values": values, "errors": errors},
        status=400 if errors else 200,
    )


def cleanup_detail(request, pk: int):
    """One clean-up: every document covered with its result (a select per document while open),
    and the published list once published."""
    _require_view(request.user)
    campaign = selectors.campaign_for(request.user, pk)
    may_edit = services.may_run_cleanup(request.user, campaign.org_unit) and campaign.status == "open"
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("您没有办理本次清理的权限。")
        results = {}
        for key, value in request.POST.items():
            if key.startswith("result-") and key[7:].isdigit():
                pk_doc = int(key[7:])
                results[pk_doc] = (value, request.POST.get(f"note-{pk_doc}", ""))
        try:
            count = services.cleanup_record(actor=request.user, campaign=campaign, results=results)
        except WorkflowError as exc:
            errors = exc.errors
        else:
            messages.success(request, f"已保存{count}件文件的清理结论。")
            return redirect("normative:cleanup_detail", pk=campaign.pk)
    rows = selectors.cleanup_rows(campaign)
    if errors:
        for row in rows:
            row["error"] = errors.get(f"result-{row['doc'].pk}", "")
    return render(
        request,
        "normative/cleanup_detail.html",
        {
            "campaign": campaign,
            "rows": rows,
            "choices": CleanupResultCode.choices,
            "may_edit": may_edit,
            "form_error": errors.get("", "") or ("请更正标出的清理结论。" if errors else ""),
            "missing": sum(1 for r in rows if not r["result"]),
            "summary": selectors.cleanup_summary(rows),
            "today": today(),
        },
        status=400 if errors else 200,
    )


@require_POST
def cleanup_publish(request, pk: int):
    """公布清理结果 (applies every result to the register)."""
    _require_view(request.user)
    campaign = selectors.campaign_for(request.user, pk)
    if not services.may_run_cleanup(request.user, campaign.org_unit):
        raise PermissionDenied("您没有办理本次清理的权限。")
    on = _date(request.POST.get("on", ""))
    if on is None:
        messages.error(request, "请填写有效的公布日期（年-月-日）。")
        return redirect("normative:cleanup_detail", pk=campaign.pk)
    try:
        services.cleanup_publish(actor=request.user, campaign=campaign, on=on)
    except WorkflowError as exc:
        messages.error(request, "；".join(exc.errors.values()))
    else:
        messages.success(request, f"{campaign.title}：清理结果已公布，结论已登记到文件。")
    return redirect("normative:cleanup_detail", pk=campaign.pk)
