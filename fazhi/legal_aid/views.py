"""法律援助 screens beside the engine's generic ones: the application form that shows the eligibility
result with its reasons before the case is received, the reassessment of hardship facts, and the
worklists with quick entry of consultations, the lawyer pool and commendations. Thin views:
parse → authorise → call a service or selector → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.cases import registry
from fazhi.cases import selectors as case_selectors
from fazhi.cases.services import CasePermissionError, may_create, today
from fazhi.cases.workflow import WorkflowError
from fazhi.core.paging import CappedPaginator
from fazhi.core.pii import mask_name
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import can_in_area, is_public_user
from fazhi.law.errors import LawValidationError
from fazhi.legal_aid import selectors, services
from fazhi.legal_aid.forms import (
    ApplicationForm,
    CommendationForm,
    ConsultationForm,
    LawyerForm,
    ReassessForm,
    add_errors,
    mark_invalid,
)
from fazhi.legal_aid.models import ConsultationChannel, LegalAidCase, LegalAidLawyer

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
            except CasePermissionError as exc:
                raise PermissionDenied(str(exc)) from exc
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
        return services.legal_aid_preview(on=kwargs["received_on"], **kwargs["detail"])
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
        except CasePermissionError as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, "已重新审查援助条件。")
            return redirect("cases:detail", kind="legal_aid", pk=case.pk)
    return render(
        request,
        "legal_aid/reassess.html",
        {"form": form, "case": case},
        status=400 if request.method == "POST" and form.errors else 200,
    )


def consultations(request):
    """法律咨询: the worklist (人次 by channel) and the quick-entry form."""
    _require(request.user)
    units = services.intake_units(request.user)
    form = ConsultationForm(units, initial={"consulted_on": today().isoformat()}) if units else None
    if request.method == "POST":
        if not units:
            raise PermissionDenied("您没有登记法律咨询的权限。")
        form = ConsultationForm(units, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.consultation_record(
                    actor=request.user,
                    item=services.ConsultationInput(
                        org_unit=form.units[d["org_unit"]],
                        consulted_on=d["consulted_on"],
                        channel=d["channel"],
                        topic=d["topic"],
                        summary=d["summary"],
                        person_name=d["person_name"],
                        enterprise_related=d["enterprise_related"],
                    ),
                )
            except WorkflowError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "已登记 1 人次法律咨询。")
                return redirect(request.get_full_path())
    query = selectors.ConsultationQuery.from_params(request.GET)
    qs = selectors.consultations_for(request.user, query)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    clear = can_in_area(request.user, Area.LEGAL_AID, Action.VIEW_PII)
    rows = [{"c": c, "person": c.person_name if clear else mask_name(c.person_name)} for c in page]
    return render(
        request,
        "legal_aid/consultations.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "totals": selectors.consultation_totals(qs),
            "query": query,
            "params": request.GET,
            "townships": case_selectors.townships_in_scope(request.user),
            "channels": ConsultationChannel.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


def _may_manage_pool(user: Any) -> bool:
    from fazhi.core.models import OrgUnit

    try:
        centre = services.centre()
    except OrgUnit.DoesNotExist:  # no centre in the org tree: nobody manages a pool
        return False
    return may_create(user, registry.get("legal_aid"), centre)


def lawyers(request):
    """法律援助律师库: the pool with years of practice and assigned cases; recruitment form."""
    _require(request.user, Action.EXPORT)
    manage = _may_manage_pool(request.user)
    form = LawyerForm(initial={"joined_on": today().isoformat()}) if manage else None
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("您没有管理法律援助律师库的权限。")
        form = LawyerForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                lawyer = services.lawyer_add(
                    actor=request.user,
                    name=d["name"],
                    law_firm=d["law_firm"],
                    licence_number=d["licence_number"],
                    licensed_on=d["licensed_on"],
                    joined_on=d["joined_on"],
                    user=d["username"],
                )
            except WorkflowError as exc:
                add_errors(form, exc)
            except CasePermissionError as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(request, f"{lawyer.name}已加入法律援助律师库。")
                return redirect("legal_aid:lawyers")
    q = (request.GET.get("q", "") or "").strip()[:50]
    state = request.GET.get("active", "1")
    qs = selectors.lawyers_for(request.user, active={"1": True, "0": False}.get(state), q=q)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    rows = [{"lw": lw, "years": lw.practice_years(on)} for lw in page]
    return render(
        request,
        "legal_aid/lawyers.html",
        {"form": form, "page": page, "rows": rows, "q": q, "state": state, "manage": manage, "year": on.year},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def lawyer_active(request, pk: int):
    """律师退出或重新加入律师库."""
    _require(request.user, Action.CHANGE)
    lawyer = get_object_or_404(LegalAidLawyer.objects.scoped_for(request.user, Action.CHANGE), pk=pk)
    try:
        services.lawyer_set_active(
            actor=request.user, lawyer=lawyer, active=request.POST.get("active") == "1"
        )
    except CasePermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, f"{lawyer.name}：{'已恢复在库' if lawyer.active else '已退出律师库'}。")
    return redirect("legal_aid:lawyers")


def commendations(request):
    """锦旗、感谢信: the list and the entry form."""
    _require(request.user, Action.EXPORT)
    units = services.intake_units(request.user)
    form = CommendationForm(units, initial={"received_on": today().isoformat()}) if units else None
    if request.method == "POST":
        if not units:
            raise PermissionDenied("您没有登记锦旗、感谢信的权限。")
        form = CommendationForm(units, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            case = None
            if d["case_number"]:
                case = (
                    case_selectors.cases_for(request.user, Action.VIEW, "legal_aid")
                    .filter(number=d["case_number"].strip())
                    .first()
                )
            try:
                if d["case_number"] and case is None:
                    raise WorkflowError(
                        "找不到该案件。", {"case_number": "找不到该法律援助案件，或您无权查看。"}
                    )
                services.commendation_record(
                    actor=request.user,
                    org_unit=form.units[d["org_unit"]],
                    received_on=d["received_on"],
                    kind=d["kind"],
                    giver=d["giver"],
                    case=case,
                    lawyer=d["lawyer"],
                    note=d["note"],
                )
            except WorkflowError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "已登记。")
                return redirect("legal_aid:commendations")
    qs = selectors.commendations_for(request.user)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    clear = can_in_area(request.user, Area.LEGAL_AID, Action.VIEW_PII)
    rows = [{"c": c, "giver": c.giver if clear else mask_name(c.giver)} for c in page]
    visible_cases = set(
        case_selectors.cases_for(request.user, Action.VIEW, "legal_aid")
        .filter(pk__in=[c.case_id for c in page if c.case_id])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "legal_aid/commendations.html",
        {"form": form, "page": page, "rows": rows, "visible_cases": visible_cases, "total": qs.count()},
        status=400 if request.method == "POST" else 200,
    )
