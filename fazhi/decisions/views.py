"""重大行政决策 screens beyond the generic ones: starting a decision of the catalogue (启动). Thin:
parse → authorise → call a service → render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from fazhi.cases import registry
from fazhi.cases.services import may_create, today
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action
from fazhi.core.scoping import can_in_area, is_public_user
from fazhi.decisions import services
from fazhi.decisions.forms import DecisionForm
from fazhi.decisions.models import DecisionCatalogue


def decision_new(request):
    """启动登记: a decision of a catalogue, with its 承办单位 and flags."""
    spec = registry.get(services.KIND)
    if is_public_user(request.user) or not can_in_area(request.user, spec.area, Action.VIEW):
        raise PermissionDenied("您没有查看重大行政决策的权限。")
    units = [
        u
        for u in OrgUnit.objects.filter(kind__in=spec.intake_unit_kinds, is_active=True).order_by("path")
        if may_create(request.user, spec, u)
    ]
    if not units:
        raise PermissionDenied("您没有登记重大行政决策的权限。")
    districts = {"/" + u.path.strip("/").split("/")[0] + "/" for u in units}
    catalogues = [
        c
        for c in DecisionCatalogue.objects.select_related("org_unit").order_by("-year")
        if any(c.org_unit.path.startswith(d) for d in districts)
    ]
    form = DecisionForm(units, catalogues, request.POST or None, initial={"received_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.decision_create(actor=request.user, **form.service_kwargs())
        except WorkflowError as exc:
            form.add_workflow_errors(exc)
        else:
            messages.success(request, f"已登记：{case.number} {case.title}")
            return redirect("cases:detail", kind=services.KIND, pk=case.pk)
    return render(
        request,
        "decisions/new.html",
        {"spec": spec, "form": form, "no_catalogue": not catalogues},
        status=400 if request.method == "POST" else 200,
    )
