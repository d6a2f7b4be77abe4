"""法律援助 screens beside the engine's generic ones: the application form that shows the eligibility
result with its reasons before the case is received, the reassessment of hardship facts, and
redirects from the old addresses of the records now kept as registers. Thin views:
parse → authorise → call a service or selector → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.cases import selectors as case_selectors
from fazhi.cases.services import today
from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import can_in_area, is_public_user
from fazhi.law.errors import LawValidationError
from fazhi.legal_aid import selectors, services
from fazhi.legal_aid.forms import (
    ApplicationForm,
    ReassessForm,
    add_errors,
    mark_invalid,
)
from fazhi.legal_aid.models import LegalAidCase

PAGE_SIZE = 50


def _require(user: Any, action: str = Action.VIEW) -> None:
    if is_public_user(user) or not can_in_area(user, Area.LEGAL_AID, action):
        raise PermissionDenied(
            "您没有办理法律援助业务的权限。" if action != Action.VIEW else "您没有查看法律援助业务的权限。"
        )


def _units(user: Any) -> list:
    units = services.intake_units(user)
    if not units:
        raise PermissionDenied("您没有受理法律援助申请的权限。")
    return units


def apply(request):
    """法律援助申请: staff type the application; 审查援助条件 shows the eligibility result with every
    reason and its article before 收案 stores it on the case."""
    _require(request.user, Action.CHANGE)
    form = ApplicationForm(_units(request.user), request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        if request.POST.get("action") == "preview":
            result = _preview(form, kwargs)
        else:
            try:
                case = services.legal_aid_apply(
                    actor=request.user,
                    org_unit=kwargs["org_unit"],
                    received_on=kwargs["received_on"],
                    title=kwargs["title"],
                    parties=kwargs["parties"],
                    detail=kwargs["detail"],
                    channel=kwargs["channel"],
                )
            except WorkflowError as exc:
                add_errors(form, exc, "detail_")
            else:
                messages.success(
                    request, f"已收案：{case.number}（{case.legal_aid.get_eligibility_outcome_display()}）"
                )
                return redirect("cases:detail", kind="legal_aid", pk=case.pk)
    return render(
        request,
        "legal_aid/apply.html",
        {"form": form, "result": result},
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _preview(form: ApplicationForm, kwargs: dict[str, Any]):
    try:
        LegalAidCase(**services._detail_values(kwargs["detail"])).clean()
        return services.legal_aid_preview(
            on=kwargs["received_on"], county_code=services.county_code(kwargs["org_unit"]), **kwargs["detail"]
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(f"detail_{name}" if f"detail_{name}" in form.fields else None, "；".join(errors))
        mark_invalid(form)
    except LawValidationError as exc:
        form.add_error(None, exc.message)
    return None


def reassess(request, pk: int):
    """重新审查援助条件 (before the decision): the new result replaces the stored one."""
    _require(request.user, Action.CHANGE)
    case = case_selectors.case_for(request.user, pk, "legal_aid", Action.CHANGE)
    detail: LegalAidCase = case.legal_aid
    initial = {
        "on": today().isoformat(),
        "matter": detail.matter,
        "circumstances": detail.circumstance_codes,
        "household_size": detail.household_size,
        "monthly_income_per_head": detail.monthly_income_per_head,
        "has_own_agent": detail.has_own_agent,
        "limitation_deadline": detail.limitation_deadline,
        "urgent_preservation": detail.urgent_preservation,
    }
    form = ReassessForm(request.POST or None, initial=initial)
    if detail.matter_type == "criminal":
        del form.fields["matter"]
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_aid_reassess(
                actor=request.user, case=case, on=form.cleaned_data["on"], **form.inputs()
            )
        except WorkflowError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "已重新审查援助条件。")
            return redirect("cases:detail", kind="legal_aid", pk=case.pk)
    return render(
        request,
        "legal_aid/reassess.html",
        {"form": form, "case": case},
        status=400 if request.method == "POST" and form.errors else 200,
    )


def lawyer_options(request, pk: int):
    """The assignment picker's list for a search by name, 律所 or 专长 (htmx swaps it in), for the
    agency's staff who may assign this case only (not its lawyer, nobody outside its scope)."""
    _require(request.user, Action.CHANGE)
    case = case_selectors.case_for(request.user, pk, "legal_aid", Action.CHANGE)
    if not services.is_agency_staff(request.user, case):
        raise PermissionDenied("只有法律援助机构工作人员可以指派律师。")
    picker = selectors.lawyer_picker(case, request.GET.get("lawyer_q", ""))
    return render(
        request,
        "legal_aid/_lawyer_options.html",
        {"picker": picker, "value": request.GET.get("lawyer", ""), "case": case},
    )


# The records kept beside cases (consultations, the lawyer pool, commendations) are registers now
# (fazhi/legal_aid/registers.py, screens of fazhi.registers); their old addresses redirect there.


def _to_register(key: str):
    def view(request, **kwargs):
        url = reverse("registers:list", kwargs={"key": key})
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)

    view.__doc__ = f"The old address of the register {key}: a redirect."
    return view


consultations = _to_register("consultations")
lawyers = _to_register("legal_aid_lawyers")
commendations = _to_register("commendations")


def lawyer_active(request, pk: int):
    """The old 退出 button's address: to the lawyer's page, where 移出律师库 asks for confirmation."""
    return redirect("registers:detail", key="legal_aid_lawyers", pk=pk)
