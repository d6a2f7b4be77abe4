"""合法性审查 screens beyond the generic ones: 送审 (a department or 镇街 submits a matter to a
reviewing unit). Thin: parse → authorise → call a service → render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from fazhi.cases import registry
from fazhi.cases.services import today
from fazhi.cases.workflow import WorkflowError
from fazhi.core.districts import districts_of
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import can_in_area, grants_allowing, is_public_user
from fazhi.legality import services
from fazhi.legality.forms import SubmitForm


def _units(user, kinds: tuple[str, ...]) -> list[OrgUnit]:
    """Active units of `kinds` in the subtrees the user's legality grants cover."""
    if user.is_superuser:
        return list(OrgUnit.objects.filter(kind__in=kinds, is_active=True).order_by("path"))
    found: dict[int, OrgUnit] = {}
    for g in grants_allowing(user, Area.LEGALITY, Action.CHANGE):
        for u in OrgUnit.objects.filter(kind__in=kinds, is_active=True, path__startswith=g.org_unit.path):
            found[u.pk] = u
    return sorted(found.values(), key=lambda u: u.path)


def legality_new(request):
    """送审登记: the submitting units are the user's own; the reviewing unit is the district's
    合法性审查中心 by default, or a unit whose reviewers the user's grants cover."""
    spec = registry.get(services.KIND)
    if is_public_user(request.user) or not can_in_area(request.user, spec.area, Action.CHANGE):
        raise PermissionDenied("您没有提交合法性审查的权限。")
    submitting = _units(request.user, services.SUBMITTING_KINDS)
    if not submitting:
        raise PermissionDenied("您没有提交合法性审查的权限。")
    centres = [c for d in districts_of(submitting) if (c := services.district_centre(d)) is not None]
    own = [u for u in _units(request.user, services.REVIEWING_KINDS) if u not in centres]
    reviewing = centres + own
    initial = {"submitted_on": today()}
    form = SubmitForm(submitting, reviewing, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.legality_submit(actor=request.user, **form.service_kwargs())
        except WorkflowError as exc:
            form.add_workflow_errors(exc)
        else:
            messages.success(request, f"已送审：{case.number}")
            return redirect("cases:detail", kind=services.KIND, pk=case.pk)
    return render(
        request,
        "legality/new.html",
        {"spec": spec, "form": form},
        status=400 if request.method == "POST" else 200,
    )
