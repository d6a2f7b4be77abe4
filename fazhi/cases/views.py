"""Generic case screens for every line: worklist, case page, intake, transition form, the
临期/超期 list, and the audited reveal of a party's personal information. Views stay thin:
parse → authorise → call a service or selector → render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from fazhi.cases import documents as case_documents
from fazhi.cases import registry, selectors, services
from fazhi.cases.forms import IntakeForm, field_rows
from fazhi.cases.models import CaseAttachment, Party
from fazhi.cases.workflow import WorkflowError
from fazhi.core.paging import CappedPaginator, page_size
from fazhi.core.pii import masked
from fazhi.core.roles import Action
from fazhi.core.scoping import audited_reveal, can, can_in_area, is_public_user
from fazhi.law.deadlines import EFFECTS

PAGE_SIZE = 50


def _kind(kind: str, user: Any) -> registry.CaseKind:
    try:
        spec = registry.get(kind)
    except LookupError:
        raise Http404("未知的案件类型") from None
    if is_public_user(user) or not can_in_area(user, spec.area, Action.VIEW):
        raise PermissionDenied(f"您没有查看{spec.label}的权限。")
    return spec


def worklist(request, kind: str):
    """台账/工作清单: filters, sorting, paging, with 临期/超期 marked."""
    spec = _kind(kind, request.user)
    today = services.today()
    query = selectors.WorklistQuery.from_params(request.GET, spec)
    qs = selectors.worklist(request.user, kind, query, today=today).select_related(
        "org_unit", "handler", "assignee"
    )
    if spec.detail_model is not None:
        qs = qs.select_related(kind, *spec.worklist_related)
    page = CappedPaginator(qs, page_size(request.GET, PAGE_SIZE)).get_page(request.GET.get("page"))
    rows = [_row(case, spec, today) for case in page]
    return render(
        request,
        "cases/worklist.html",
        {
            "spec": spec,
            "page": page,
            "rows": rows,
            "query": query,
            "params": request.GET,
            "states": spec.workflow.states.items(),
            "townships": selectors.townships_in_scope(request.user),
            "handlers": _choices(selectors.handlers_for(request.user, kind)),
            "detail_filters": [(f, request.GET.get(f.name, "")) for f in spec.filters],
            "may_create": any(True for _ in _creatable_units(request.user, spec)[:1]),
            # The ledger buttons only where a ledger is declared and the role may use them.
            "may_export": spec.ledger is not None and can_in_area(request.user, spec.area, Action.EXPORT),
            "may_import": spec.ledger is not None and can_in_area(request.user, spec.area, Action.CHANGE),
            "sort": query.sort,
        },
    )


def _choices(users) -> list[tuple[str, str]]:
    """(value, label) of users for a filter's options (for speed: a district lists hundreds of
    mediators, and model instances rendered through the template cost ~10 ms a page)."""
    return [
        (str(pk), name or username)
        for pk, name, username in users.values_list("pk", "display_name", "username")
    ]


def _due_state(due: date | None, today: date) -> str:
    if due is None:
        return ""
    if due < today:
        return "overdue"
    return "soon" if (due - today).days <= selectors.NEAR_DUE_DAYS else ""


def _row(case, spec: registry.CaseKind, today: date) -> dict[str, Any]:
    extra = []
    for col in spec.columns:
        value: Any = case
        for part in col.attr.split("."):
            value = getattr(value, part, None) if value is not None else None
        extra.append(col.display(value) if col.display else ("" if value is None else value))
    return {
        "case": case,
        "extra": extra,
        "labelled": list(zip(spec.columns, extra, strict=True)),
        "due_state": _due_state(case.next_due, today),
    }


def _creatable_units(user: Any, spec: registry.CaseKind):
    from fazhi.core.models import OrgUnit

    if not spec.intake:
        return []

    units = OrgUnit.objects.filter(kind__in=spec.intake_unit_kinds).order_by("path")
    return [u for u in units if services.may_create(user, spec, u)]


def case_detail(request, kind: str, pk: int):
    """案件页: timeline, parties (masked unless the role needs them), deadlines with their basis,
    and only the transitions this user may take."""
    spec = _kind(kind, request.user)
    case = selectors.case_for(request.user, pk, kind)
    may_change = can(request.user, Action.CHANGE, case)
    may_pii = can(request.user, Action.VIEW_PII, case)
    transitions = spec.workflow.available(case.status, facts=services.case_facts(case)) if may_change else []
    if spec.may_take is not None:  # steps reserved to some roles (e.g. not the assigned lawyer)
        transitions = [t for t in transitions if not spec.may_take(request.user, case, t)]
    parties = [
        {
            "party": p,
            "name": p.name if (may_pii or not p.is_person) else masked(p.person, "name"),
            "id_number": masked(p.person, "id_number") if p.is_person else "",
            "phone": masked(p.person, "phone") if p.is_person else "",
            "uscc": p.legal_entity.uscc if p.legal_entity_id else "",
        }
        for p in case.parties.select_related("person", "legal_entity", "org_unit")
    ]
    events = case_documents.timeline_events(request.user, case)  # each step with its 文书
    history = [e.to_status for e in events if e.to_status]
    attachments = list(case.attachments.select_related("uploaded_by", "event"))
    links = [(link.to_case, link.get_kind_display()) for link in case.links_out.select_related("to_case")]
    links += [(link.from_case, link.get_kind_display()) for link in case.links_in.select_related("from_case")]
    return render(
        request,
        "cases/case_detail.html",
        {
            "spec": spec,
            "case": case,
            "detail": case.detail,
            "detail_fields": _detail_fields(case),
            "parties": parties,
            "may_pii": may_pii,
            "deadlines": case.deadlines.all(),
            "events": _with_uploads(_timeline(spec, events), attachments),
            "transitions": transitions,
            "actions": _actions(spec, case, transitions, history),
            "progress": spec.workflow.progress(case.status, history),
            "periods": _periods(case),
            "attachments": attachments,
            "may_upload": may_change,
            "upload": _upload_context(case, events),
            "links": [(c, label) for c, label in links if can(request.user, Action.VIEW, c)],
            "today": services.today(),
        },
    )


def _actions(
    spec: registry.CaseKind, case: Any, transitions: list[Any], history: list[str]
) -> list[dict[str, Any]]:
    """The step buttons: the usual next step (along the workflow's path) first and primary — one
    at most; destructive steps (`danger`: 终止, 撤回, 不予受理 …) red, their form page the
    confirmation; every other step secondary."""
    primary = spec.workflow.next_step(case.status, transitions, history)
    actions = [
        {"t": t, "look": "primary" if t is primary else ("danger" if t.style == "danger" else "secondary")}
        for t in transitions
    ]
    return sorted(actions, key=lambda a: a["look"] != "primary")


def _periods(case: Any) -> list[dict[str, Any]]:
    """The statutory periods running now (the case's open or paused deadlines, the body's own duties
    first): shown under the step bar with the due day, the days left and the basis."""
    from fazhi.cases.models import DeadlineState

    today = services.today()
    rows = []
    for d in case.deadlines.all():
        if not d.is_live:
            continue
        days = (d.due - today).days
        if d.state == DeadlineState.PAUSED:
            left = "暂停计算"
        elif days > 0:
            left = f"剩 {days} 天"
        elif days == 0:
            left = "今日届满"
        else:
            left = "已届满" if d.is_window else f"已超期 {-days} 天"
        state = "" if d.is_window or d.state == DeadlineState.PAUSED else _due_state(d.due, today)
        rows.append({"d": d, "days": days, "left": left, "state": state})
    return sorted(rows, key=lambda r: (r["d"].is_window, r["d"].due))


class Upload:
    """A timeline entry for materials uploaded on their own (not with a step): one per day and person."""

    kind = "attachment"

    def __init__(self, on: date, at: Any, actor_name: str):
        self.on, self.at, self.actor_name = on, at, actor_name
        self.files: list[Any] = []

    @property
    def summary(self) -> str:
        return f"上传材料 {len(self.files)} 件"


def _with_uploads(entries: list[tuple[Any, Any]], attachments: list[Any]) -> list[tuple[Any, Any]]:
    """The timeline with the case's materials: a material of a step under that step (`e.files`),
    the others as entries of their own, merged by date with the steps."""
    from django.utils import timezone

    by_event: dict[int, list[Any]] = {}
    uploads: dict[tuple[date, str], Upload] = {}
    for a in attachments:
        if a.event_id is not None:
            by_event.setdefault(a.event_id, []).append(a)
            continue
        on = timezone.localdate(a.uploaded_at)
        name = (a.uploaded_by.display_name or a.uploaded_by.username) if a.uploaded_by else "系统"
        upload = uploads.setdefault((on, name), Upload(on, a.uploaded_at, name))
        upload.files.append(a)
    for e, _ in entries:
        e.files = by_event.get(e.pk, [])
    merged = entries + [(u, []) for u in uploads.values()]
    # Same day: in the order things were recorded (a step backdated today sorts by its own day).
    return sorted(merged, key=lambda pair: (pair[0].on, pair[0].at))


def _upload_context(case: Any, events: list[Any]) -> dict[str, Any]:
    """What the upload form offers: the material types, the case's steps a material may belong to,
    the size limit."""
    from fazhi.cases.models import EventKind, MaterialType

    steps = [(e.pk, f"{e.on:%Y-%m-%d} {e.summary}"[:60]) for e in events if e.kind != EventKind.ATTACHMENT]
    return {
        "types": MaterialType.choices,
        "steps": steps,
        "max_mb": settings.FAZHI_ATTACHMENT_MAX_MB,
    }


def _timeline(spec: Any, events: list[Any]) -> list[tuple[Any, list[tuple[str, str]]]]:
    """Each timeline entry with what its step recorded, as a person reads it: the step's fields
    (label：value, choices by their labels, people and units by name), so what was entered in a
    step (an agreement's content, the lawyer assigned) is shown again."""
    from fazhi.core.models import OrgUnit, User

    wanted: dict[str, set[int]] = {"user": set(), "org": set()}
    by_name = {t.name: t for t in spec.workflow.transitions}
    steps = []
    for e in events:
        t = by_name.get(e.transition) if e.transition else None  # a step since renamed: none
        steps.append(t)
        for f in t.fields if t else ():
            value = (e.data or {}).get(f.name)
            if f.kind in wanted and isinstance(value, int):
                wanted[f.kind].add(value)
    names = {
        "user": {u.pk: u.display_name or u.username for u in User.objects.filter(pk__in=wanted["user"])},
        "org": dict(OrgUnit.objects.filter(pk__in=wanted["org"]).values_list("pk", "name")),
    }
    labels: dict[tuple[str, str], dict[str, str]] = {}  # choices read once per field (a pool may query)

    def shown(t: Any, f: Any, value: Any) -> str:
        if value in (None, "", [], False):
            return ""
        if f.kind in ("choice", "multichoice"):
            key = (t.name, f.name)
            if key not in labels:
                labels[key] = {str(c): str(label) for c, label in f.choices}
            values = value if isinstance(value, list) else [value]
            return "、".join(labels[key].get(str(v), str(v)) for v in values)
        if f.kind == "bool":
            return "是"
        if f.kind in names:
            return str(names[f.kind].get(value, value))
        return str(value)

    out = []
    for e, t in zip(events, steps, strict=True):
        rows = []
        for f in t.fields if t else ():
            text = shown(t, f, (e.data or {}).get(f.name))
            if text:
                rows.append((f.label, text))
        out.append((e, rows))
    return out


def _detail_fields(case) -> list[tuple[str, Any]]:
    detail = case.detail
    if detail is None:
        return []
    rows = []
    fields = detail._meta.concrete_fields
    if case.spec.detail_fields:
        fields = [detail._meta.get_field(name) for name in case.spec.detail_fields]
    for f in fields:
        if f.name in ("id", "case") or getattr(f, "mask", None):
            continue
        display = getattr(detail, f"get_{f.name}_display", None)
        value = display() if callable(display) else getattr(detail, f.name)
        if isinstance(value, bool):
            value = "是" if value else "否"
        rows.append((f.verbose_name, "—" if value in (None, "") else value))
    return rows


def case_new(request, kind: str):
    """收案: the generic intake form (lines may offer their own)."""
    spec = _kind(kind, request.user)
    if spec.intake_url:
        return redirect(spec.intake_url)
    if not spec.intake:
        raise Http404(f"{spec.label}由其他案件的办理环节产生，不能直接收案登记。")
    units = _creatable_units(request.user, spec)
    if not units:
        raise PermissionDenied(f"您没有受理{spec.label}的权限。")
    form = IntakeForm(spec, units, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, kind=kind, **form.service_kwargs())
        except WorkflowError as exc:
            form.add_workflow_errors(exc)
        else:
            messages.success(request, f"已收案：{case.number}")
            return redirect("cases:detail", kind=kind, pk=case.pk)
    return render(request, "cases/case_new.html", {"spec": spec, "form": form})


def case_do(request, kind: str, pk: int, name: str):
    """办理: the form of one transition; on POST the engine applies it or explains why not."""
    spec = _kind(kind, request.user)
    case = selectors.case_for(request.user, pk, kind)
    if not can(request.user, Action.CHANGE, case):
        raise PermissionDenied("您没有办理此案件的权限。")
    try:
        t = spec.workflow.transition(name)
    except WorkflowError:
        raise Http404("没有这个办理环节") from None
    refused = spec.may_take(request.user, case, t) if spec.may_take is not None else None
    if refused:
        raise PermissionDenied(refused)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"on": services.today().isoformat()}
    if request.method == "POST":
        values = {
            f.name: (
                request.POST.getlist(f.name) if f.kind == "multichoice" else request.POST.get(f.name, "")
            )
            for f in t.fields
        }
        values["on"] = request.POST.get("on", "")
        on = _parse_on(values["on"], errors)
        if not errors:
            try:
                case = services.case_transition(
                    actor=request.user, case=case, name=name, data=values, on=on, documents=True
                )
            except WorkflowError as exc:
                errors = exc.errors
            else:
                messages.success(request, f"已办理：{t.label}")
                for problem in case.document_errors:
                    messages.warning(request, problem)
                return redirect("cases:detail", kind=kind, pk=case.pk)
    elif case.status not in t.sources:
        errors = {"": f"当前状态“{case.status_label}”不能办理“{t.label}”。"}
    return render(
        request,
        "cases/transition_form.html",
        {
            "spec": spec,
            "case": case,
            "t": t,
            "rows": field_rows(t.fields, values, errors),
            "on": values.get("on", ""),
            "on_error": errors.get("on", ""),
            "form_error": errors.get("", ""),
            "consequence": spec.workflow.consequence(t),
            "consequence_short": _short_consequence(spec, t),
        },
        status=400 if errors and request.method == "POST" else 200,
    )


def attachment_upload(request, kind: str, pk: int):
    """上传材料: on POST the service stores the file or says, next to the field, why not (the form
    page shows the errors; a good upload goes back to the case page)."""
    spec = _kind(kind, request.user)
    case = selectors.case_for(request.user, pk, kind)
    if not can(request.user, Action.CHANGE, case):
        raise PermissionDenied("您没有为此案件上传材料的权限。")
    events = list(case.events.all())
    values = {"material_type": "", "note": "", "event": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in values}
        event = None
        if values["event"]:
            event = next((e for e in events if str(e.pk) == values["event"]), None)
            if event is None:
                errors["event"] = "所选办理环节不属于本案件。"
        if not errors:
            try:
                attachment = services.case_attach(
                    actor=request.user,
                    case=case,
                    file=request.FILES.get("file"),
                    material_type=values["material_type"],
                    note=values["note"],
                    event=event,
                )
            except WorkflowError as exc:
                errors = exc.errors
            else:
                messages.success(request, f"已上传材料：{attachment.original_name}")
                return redirect(reverse("cases:detail", args=(kind, case.pk)) + "#materials")
    return render(
        request,
        "cases/attachment_form.html",
        {
            "spec": spec,
            "case": case,
            "upload": _upload_context(case, events),
            "values": values,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def attachment_file(request, kind: str, pk: int, attachment_pk: int):
    """A material, to users who may see its case only (404 otherwise — no hint that it exists),
    each read audited. Images and PDF open in the browser, .docx/.xlsx download; never sniffed
    by the browser as another type."""
    if is_public_user(request.user):
        raise Http404("材料不存在或无权查看")
    # Materials are scans of identity papers, evidence, hardship proofs: personal data, so only
    # for users who may see the case's personal data (an auditor sees that they exist).
    attachment = (
        CaseAttachment.objects.scoped_for(request.user, Action.VIEW_PII)
        .select_related("case")
        .filter(pk=attachment_pk, case_id=pk, case__kind=kind)
        .first()
    )
    if attachment is None:
        raise Http404("材料不存在或无权查看")
    return serve_attachment(request.user, attachment, missing="材料文件已不存在，请联系系统管理员。")


def serve_attachment(user, attachment: CaseAttachment, *, missing: str):
    """The stored file of a material the caller may see (checked by the caller), its reading
    audited; images and PDF shown in the browser, others downloaded; never cached or sniffed.
    `missing`: the 404's words when the file is gone from storage."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    services.attachment_opened(actor=user, attachment=attachment)
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_inline,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _short_consequence(spec: registry.CaseKind, t: Any) -> str:
    """What a destructive step's final button says it will do, in a few words: 案件办结 or the new status."""
    wf = spec.workflow
    if t.closes or t.target in wf.terminal:
        return "案件将办结"
    return f"案件转为“{wf.states[t.target]}”" if t.target else "记入办理记录"


def _parse_on(raw: str, errors: dict[str, str]) -> date | None:
    if not raw:
        errors["on"] = "请填写办理日期。"
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors["on"] = "办理日期无效（应为 年-月-日）。"
        return None


def due_list(request):
    """临期/超期: open deadlines across all lines in the user's scope."""
    if is_public_user(request.user):
        raise PermissionDenied("公众用户不能访问工作台。")
    today = services.today()
    within = request.GET.get("within", str(selectors.NEAR_DUE_DAYS))
    within_days = int(within) if within.isdigit() and int(within) <= 60 else selectors.NEAR_DUE_DAYS
    qs = selectors.due_deadlines(request.user, today=today, within_days=within_days)
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(case__kind=kind)
    page = CappedPaginator(qs, page_size(request.GET, PAGE_SIZE)).get_page(request.GET.get("page"))
    rows = [{"d": d, "state": _due_state(d.due, today), "days": (d.due - today).days} for d in page]
    kinds = [k for k in registry.all_kinds() if can_in_area(request.user, k.area)]
    return render(
        request,
        "cases/due_list.html",
        {"page": page, "rows": rows, "kinds": kinds, "kind": kind, "within": within_days},
    )


@require_POST
def reveal_pii(request, party_pk: int, field: str):
    """Show one personal-information field of a party in clear, for a role that needs it — and
    write who looked into the audit log."""
    if field not in ("id_number", "phone", "address"):
        raise Http404()
    party = (
        Party.objects.scoped_for(request.user, Action.VIEW_PII)
        .select_related("person", "case")
        .filter(pk=party_pk)
        .first()
    )
    if party is None or party.person is None:
        raise PermissionDenied("您没有查看此个人信息的权限。")
    audited_reveal(request.user, party.case, detail={"party": party.pk, "field": field})
    value = getattr(party.person, field)
    return HttpResponse(
        format_html('<span class="fz-pii-clear" data-testid="pii-clear">{}</span>', value or "—")
    )


def lines_index(request):
    """Entry from the menu: the first line the user may see."""
    for spec in registry.all_kinds():
        if can_in_area(request.user, spec.area):
            return redirect(reverse("cases:worklist", kwargs={"kind": spec.kind}))
    raise PermissionDenied("您没有查看案件的权限。")


def confirm_list(request):
    """待人工确认: deadlines that lapsed on a provisional day (their year's holiday arrangement is not
    published) whose legal effect waits for a person (issue 14.1), in the cases the user may change."""
    if is_public_user(request.user):
        raise PermissionDenied("公众用户不能访问工作台。")
    qs = selectors.deadlines_to_confirm(request.user)
    page = CappedPaginator(qs, page_size(request.GET, PAGE_SIZE)).get_page(request.GET.get("page"))
    rows = [{"d": d, "effect": EFFECTS[d.on_expiry].label if d.on_expiry in EFFECTS else ""} for d in page]
    return render(request, "cases/confirm_list.html", {"page": page, "rows": rows})


@require_POST
def confirm_deadline(request, pk: int):
    """确认届满: take the legal effect of one deadline of the 待人工确认 list (through the service)."""
    if is_public_user(request.user):
        raise PermissionDenied("公众用户不能访问工作台。")
    deadline = selectors.deadlines_to_confirm(request.user).filter(pk=pk).first()
    if deadline is None:
        raise Http404("该期限不在您的待人工确认清单中")
    try:
        services.deadline_confirm_expiry(actor=request.user, deadline=deadline)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    except services.CasePermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, f"已确认期限届满：{deadline.case.number} {deadline.title}")
    return redirect("cases:to_confirm")
