"""行政应诉 screens beyond the generic ones: the intake (the case number is the court's) and linking
the reconsideration on the same act. Thin: parse → authorise → call a service → render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.cases import registry, selectors
from fazhi.cases.services import CasePermissionError, may_create, today
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.core.roles import Action
from fazhi.core.scoping import can, can_in_area, is_public_user
from fazhi.litigation import services
from fazhi.litigation.forms import LitigationIntakeForm


def _spec(user) -> registry.CaseKind:
    spec = registry.get(services.KIND)
    if is_public_user(user) or not can_in_area(user, spec.area, Action.VIEW):
        raise PermissionDenied("您没有查看行政应诉案件的权限。")
    return spec


def litigation_new(request):
    """收案登记: a suit whose 应诉通知书 (and usually the complaint copy) has arrived."""
    spec = _spec(request.user)
    units = [
        u
        for u in OrgUnit.objects.filter(kind__in=[OrgKind.OFFICE, OrgKind.BUREAU]).order_by("path")
        if may_create(request.user, spec, u)
    ]
    if not units:
        raise PermissionDenied("您没有登记行政应诉案件的权限。")
    initial = {"received_on": today(), "copy_received_on": today()}
    form = LitigationIntakeForm(units, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.litigation_register(
                actor=request.user, handler=request.user, **form.service_kwargs()
            )
        except WorkflowError as exc:
            form.add_workflow_errors(exc)
        else:
            messages.success(request, f"已收案：{case.number}")
            return redirect("cases:detail", kind=services.KIND, pk=case.pk)
    return render(
        request,
        "litigation/new.html",
        {"spec": spec, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def link_reconsideration(request, pk: int):
    """关联复议案件 from the case page."""
    _spec(request.user)
    case = selectors.case_for(request.user, pk, services.KIND)
    if not can(request.user, Action.CHANGE, case):
        raise PermissionDenied("您没有办理此案件的权限。")
    try:
        found = services.litigation_link_by_number(
            actor=request.user, case=case, number=request.POST.get("number", "")
        )
    except WorkflowError as exc:
        messages.error(request, exc.errors.get("reconsideration", exc.message))
    except CasePermissionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已关联行政复议案件 {found.number}")
    return redirect("cases:detail", kind=services.KIND, pk=case.pk)
