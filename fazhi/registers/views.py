"""Generic register screens built from the declarations: list (filters, search, sorting, paging,
drill-down from an indicator), detail with the row's history, new / edit forms, retire (with a
confirmation), Excel export and import. Thin views: parse → authorise → call → render. A role that
may not use an action neither sees its button nor reaches it (403)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.cases import exports
from fazhi.cases.ledger import fail_if_stalled, import_confirmed, rejected_file, upload_problem
from fazhi.cases.ledger_views import begin_import, mapping_page
from fazhi.cases.models import ExportJob, ImportJob, ImportStatus
from fazhi.cases.workflow import WorkflowError
from fazhi.core import xlsx
from fazhi.core.paging import CappedPaginator, page_size
from fazhi.core.pii import MASKERS
from fazhi.registers import declarations, ledger, selectors, services
from fazhi.registers.declarations import Column, Register, Spec
from fazhi.registers.tasks import export_register_task, import_register_task

PAGE_SIZE = 50
MAX_UPLOAD_MB = 20


def _register(key: str, user: Any) -> Register:
    try:
        reg = declarations.get(key)
    except LookupError:
        raise Http404("未知的登记簿") from None
    if not reg.may_view(user):
        raise PermissionDenied(f"您没有查看{reg.label}的权限。")
    return reg


def _cells(reg: Register, obj: Any, clear: bool) -> list[Any]:
    out = []
    for c in reg.list_columns():
        if isinstance(c, Column):
            value = c.value(obj)
            out.append("" if value is None else str(value))  # 0 is a value, not a blank
            continue
        text = c.display(obj)
        out.append(MASKERS[c.pii](text) if c.pii and not clear and text else text)
    return out


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def register_list(request, key: str):
    """登记簿列表: the user's scope, filtered, searched, sorted, paged."""
    reg = _register(key, request.user)
    query = selectors.RegisterQuery.from_params(reg, request.GET)
    qs, drill_label = selectors.register_list(reg, request.user, query)
    qs = ledger.with_clear_pii(reg, request.user, qs)
    page = CappedPaginator(qs, page_size(request.GET, PAGE_SIZE)).get_page(request.GET.get("page"))
    labels = [c.label for c in reg.list_columns()]
    rows = []
    for obj in page:
        cells = _cells(reg, obj, ledger.clear_pii(reg, request.user, obj))
        rows.append(
            {"obj": obj, "labelled": list(zip(labels, cells, strict=True)), "retired": reg.is_retired(obj)}
        )
    filters = []
    for spec in reg.filter_specs():
        options = _options(spec, request.user)
        filters.append({"spec": spec, "options": options, "value": query.filters.get(spec.name, "")})
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "registers/list.html",
        {
            "reg": reg,
            "page": page,
            "rows": rows,
            "query": query,
            "params": params,
            "headers": [(c.name, c.label) for c in reg.list_columns()],
            "sortable": set(selectors.sort_keys(reg)),
            "sort": query.sort,
            "filters": filters,
            "date_label": reg.field(reg.date_field).label if reg.date_field else "",
            "drill_label": drill_label,
            "drill_params": query.drill,
            "may_create": reg.may_change(request.user),
            "may_export": reg.may_export(request.user),
            "links": reg.links(request.user, None, params) if reg.links else [],
        },
    )


def _options(spec: Spec, user: Any) -> list[tuple[str, str]]:
    if spec.kind == "choice":
        return list(spec.choices)
    if spec.kind == "bool":
        return [("1", "是"), ("0", "否")]
    if spec.options is not None:
        return spec.options(user)
    return []


def record_detail(request, key: str, pk: int):
    """登记详情: every field (personal data masked unless the role may see them) and the history."""
    reg = _register(key, request.user)
    obj = selectors.record_for(reg, request.user, pk)
    clear = ledger.clear_pii(reg, request.user, obj)
    fields = []
    for spec in reg.specs():
        text = spec.display(obj)
        if spec.pii and not clear and text:
            text = MASKERS[spec.pii](text)
        related = getattr(obj, spec.name, None) if spec.link and spec.is_relation else None
        url = spec.link(related) if related is not None else ""
        fields.append((declarations.spec_of(reg.model, spec.name).label, text or "—", url))
    extra = [(c.label, _text(c.value(obj))) for c in reg.list_columns() if isinstance(c, Column)]
    if reg.details is not None:
        extra += reg.details(obj)
    may_edit = services.may_edit(reg, request.user, obj)
    retire = reg.retire
    return render(
        request,
        "registers/detail.html",
        {
            "reg": reg,
            "obj": obj,
            "fields": fields,
            "extra": extra,
            "retired": reg.is_retired(obj),
            "retired_on": getattr(obj, retire.date_field, None) if retire else None,
            "confirm": retire.confirm.format(label=retire.label, obj=obj) if retire else "",
            "may_edit": may_edit,
            "steps": services.available_steps(reg, request.user, obj),
            "links": reg.links(request.user, obj) if reg.links else [],
            "state_label": _state_label(reg, obj),
            "history": selectors.history_of(reg, obj),
            "today": services.today(),
        },
    )


def _form_fields(reg: Register, user: Any, values: dict[str, Any], errors: dict[str, str]) -> list[dict]:
    """The fields as the shared field template (cases/_field.html) renders them: a relation with
    options becomes a select of those options (org units: the ones the user may write in)."""
    rows = []
    for spec in reg.specs():
        kind, choices = spec.kind, spec.choices
        if spec.kind == "org" and spec.options is None:
            kind, choices = "choice", tuple((str(u.pk), u.name) for u in reg.creatable_units(user))
        elif spec.is_relation and spec.options is not None:
            kind, choices = "choice", tuple(spec.options(user))
        elif spec.is_relation:
            kind = "text"
        f = {
            "name": spec.name,
            "label": spec.label,
            "kind": kind,
            "required": spec.required,
            "choices": choices,
            "help": spec.help,
        }
        rows.append(
            {"f": f, "value": values.get(spec.name, ""), "values": [], "error": errors.get(spec.name, "")}
        )
    return rows


def _posted(reg: Register, post: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in reg.specs():
        raw = post.get(spec.name, "")
        values[spec.name] = bool(raw) if spec.kind == "bool" else raw
    return values


def record_new(request, key: str):
    """新增: the form of all the register's fields; the service says what is wrong, per field."""
    reg = _register(key, request.user)
    if not reg.may_change(request.user):
        raise PermissionDenied(f"您没有登记{reg.label}的权限。")
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    if reg.date_field:
        values[reg.date_field] = services.today().isoformat()
    units = reg.creatable_units(request.user)
    if len(units) == 1:
        values[reg.unit_field] = str(units[0].pk)
    if reg.initial is not None:
        values.update(reg.initial(request.user, request.GET))
    if request.method == "POST":
        values = _posted(reg, request.POST)
        try:
            obj = services.register_create(actor=request.user, reg=reg, values=values)
        except WorkflowError as exc:
            errors = exc.errors
        else:
            messages.success(request, f"已登记：{obj}")
            return redirect("registers:detail", key=reg.key, pk=obj.pk)
    return _form(request, reg, None, values, errors)


def record_edit(request, key: str, pk: int):
    """编辑: the same form, filled in; only the fields changed are recorded as changed."""
    reg = _register(key, request.user)
    obj = selectors.record_for(reg, request.user, pk)
    if not services.may_edit(reg, request.user, obj):
        raise PermissionDenied(f"您没有修改此{reg.item}的权限。")
    errors: dict[str, str] = {}
    values = {s.name: s.form_value(obj) for s in reg.specs()}
    if request.method == "POST":
        values = _posted(reg, request.POST)
        try:
            services.register_update(actor=request.user, reg=reg, obj=obj, values=values)
        except WorkflowError as exc:
            errors = exc.errors
        else:
            messages.success(request, "已保存修改。")
            return redirect("registers:detail", key=reg.key, pk=obj.pk)
    return _form(request, reg, obj, values, errors)


def _form(request, reg: Register, obj: Any, values: dict[str, Any], errors: dict[str, str]):
    shown = {k: ("1" if v is True else ("" if v is False or v is None else v)) for k, v in values.items()}
    return render(
        request,
        "registers/form.html",
        {
            "reg": reg,
            "obj": obj,
            "rows": _form_fields(reg, request.user, shown, errors),
            # Errors of no field on the form (the whole record, a uniqueness rule) go on top.
            "form_error": "；".join(m for k, m in errors.items() if k not in {s.name for s in reg.specs()}),
        },
        status=400 if errors else 200,
    )


@require_POST
def record_retire(request, key: str, pk: int):
    """退出 / 恢复 (the page asks for confirmation before it posts here)."""
    reg = _register(key, request.user)
    obj = selectors.record_for(reg, request.user, pk)
    if reg.retire is None:
        raise Http404("该登记簿的记录不能退出")
    if not services.may_edit(reg, request.user, obj):
        raise PermissionDenied(f"您没有修改此{reg.item}的权限。")
    restore = request.POST.get("restore") == "1"
    on = _parse_date(request.POST.get("on", ""))
    try:
        services.register_retire(actor=request.user, reg=reg, obj=obj, on=on, restore=restore)
    except WorkflowError as exc:
        messages.error(request, "；".join(exc.errors.values()))
    else:
        r = reg.retire
        messages.success(request, f"{obj}：{r.restore_label if restore else r.label}完成。")
    return redirect("registers:detail", key=reg.key, pk=obj.pk)


def _state_label(reg: Register, obj: Any) -> str:
    if reg.workflow is None or not reg.state_field:
        return ""
    state = getattr(obj, reg.state_field)
    return reg.workflow.states.get(state, state)


def record_step(request, key: str, pk: int, name: str):
    """办理 a lifecycle step: its form (the step's date and fields) and, on POST, the service; what
    is wrong is said next to its field. Only a step the user may take now is offered."""
    reg = _register(key, request.user)
    obj = selectors.record_for(reg, request.user, pk)
    if not services.may_edit(reg, request.user, obj):
        raise PermissionDenied(f"您没有修改此{reg.item}的权限。")
    t = next((t for t in services.available_steps(reg, request.user, obj) if t.name == name), None)
    if t is None:
        raise Http404("当前状态下没有这个办理环节")
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    on = services.today().isoformat()
    if request.method == "POST":
        on = request.POST.get("on", "")
        values = {
            f.name: (
                request.POST.getlist(f.name) if f.kind == "multichoice" else request.POST.get(f.name, "")
            )
            for f in t.fields
        }
        day = _parse_date(on)
        if day is None:
            errors = {"on": "请填写有效的办理日期（年-月-日）。"}
        else:
            try:
                services.register_transition(
                    actor=request.user, reg=reg, obj=obj, name=name, data=values, on=day
                )
            except WorkflowError as exc:
                errors = exc.errors
            else:
                messages.success(request, f"{obj}：{t.label}完成。")
                return redirect("registers:detail", key=reg.key, pk=obj.pk)
    names = {f.name for f in t.fields}
    rows = [
        {
            "f": f,
            "value": "" if isinstance(values.get(f.name), list) else values.get(f.name, ""),
            "values": values.get(f.name) if isinstance(values.get(f.name), list) else [],
            "error": errors.get(f.name, ""),
        }
        for f in t.fields
    ]
    return render(
        request,
        "registers/step_form.html",
        {
            "reg": reg,
            "obj": obj,
            "t": t,
            "rows": rows,
            "on": on,
            "on_error": errors.get("on", ""),
            "state_label": _state_label(reg, obj),
            "form_error": "；".join(m for k, m in errors.items() if k not in names and k != "on"),
        },
        status=400 if errors else 200,
    )


def _parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def export(request, key: str):
    """导出: the filtered list as the register's sheet (personal data masked unless allowed); a
    large list is written by a background job whose page shows its progress."""
    reg = _register(key, request.user)
    if not reg.may_export(request.user):
        raise PermissionDenied(f"您没有导出{reg.label}的权限。")
    qs = ledger.export_rows(reg, request.user, request.GET)
    name = f"{reg.label}-{timezone.localdate():%Y%m%d}.xlsx"
    if exports.is_large(qs):
        job = exports.export_start(
            actor=request.user, kind=ledger.job_kind(reg), params=request.GET, filename=name
        )
        export_register_task.enqueue(job.pk)
        return redirect("registers:export_status", pk=job.pk)
    # Written to a temporary file as the rows come, then streamed (any size, constant memory).
    return xlsx.download(ledger.export_file(reg, request.user, qs.iterator(chunk_size=2000)), name)


def export_status(request, pk: int):
    """导出进度 (polled while the job runs) and the download when done."""
    job = ExportJob.objects.filter(pk=pk, created_by=request.user, kind__startswith=ledger.JOB_PREFIX).first()
    if job is None:
        raise Http404("导出任务不存在或已删除")
    try:
        reg = _register(job.kind.removeprefix(ledger.JOB_PREFIX), request.user)
    except LookupError:
        raise Http404("导出任务不存在或已删除") from None
    if request.GET.get("download"):
        return exports.download(job, request.user)
    exports.run_if_stalled(job, ledger.build_export)
    back = reverse("registers:list", kwargs={"key": reg.key})
    return render(
        request,
        "cases/_export_progress.html" if request.htmx else "cases/export_status.html",
        {
            "job": job,
            "label": reg.label,
            "back": f"{back}?{exports.query_of(job).urlencode()}",
            "back_label": reg.label,
            "status_url": reverse("registers:export_status", kwargs={"pk": job.pk}),
            "keep_days": settings.FAZHI_EXPORT_KEEP_DAYS,
        },
    )


def import_sheet(request, key: str):
    """导入: upload a sheet; it is imported in the background with visible progress."""
    reg = _register(key, request.user)
    if not reg.may_change(request.user):
        raise PermissionDenied(f"您没有导入{reg.label}的权限。")
    if request.GET.get("template"):
        return xlsx.download(ledger.template_workbook(reg), f"{reg.label}模板.xlsx")
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        error = upload_problem(upload, request.user, max_mb=MAX_UPLOAD_MB)
        if not error:
            job = ImportJob.objects.create(
                kind=ledger.job_kind(reg),
                file=upload,
                filename=upload.name[:200],
                created_by=request.user,
                dry_run=bool(request.POST.get("dry_run")),
                status=ImportStatus.MAPPING,
            )
            response, error = begin_import(
                job,
                ledger.sheet_ledger(reg),
                enqueue=import_register_task.enqueue,
                mapping_url="registers:import_mapping",
                status_url="registers:import_status",
            )
            if response is not None:
                return response
    jobs = ImportJob.objects.filter(kind=ledger.job_kind(reg), created_by=request.user)[:10]
    return render(
        request,
        "registers/import.html",
        {"reg": reg, "error": error, "jobs": jobs, "columns": ledger.columns(reg)},
        status=400 if error else 200,
    )


def _import_job(request, pk: int, **filters: Any) -> tuple[ImportJob, Register]:
    """One of the user's register imports, and its register (which the user may still change)."""
    job = (
        ImportJob.objects.filter(pk=pk, created_by=request.user, kind__startswith=ledger.JOB_PREFIX)
        .filter(**filters)
        .first()
    )
    if job is None:
        raise Http404("导入任务不存在或已开始")
    try:
        reg = _register(ledger.register_of_job(job).key, request.user)
    except LookupError:
        raise Http404("导入任务不存在") from None
    if not reg.may_change(request.user):
        raise PermissionDenied(f"您没有导入{reg.label}的权限。")
    return job, reg


def import_mapping(request, pk: int):
    """列对应 of an uploaded sheet, as for the case lines' 台账 (fazhi.cases.ledger_views): each
    column matched by name, by the user's saved choice or by a synonym, confirmed or corrected or
    explicitly ignored; the choice is saved per user and register."""
    job, reg = _import_job(request, pk, status=ImportStatus.MAPPING)
    return mapping_page(
        request,
        job,
        ledger.sheet_ledger(reg),
        enqueue=import_register_task.enqueue,
        status_url="registers:import_status",
        import_url=reverse("registers:import", kwargs={"key": reg.key}),
        context={
            "label": reg.label,
            "ledger_label": "",
            "list_url": reverse("registers:list", kwargs={"key": reg.key}),
        },
    )


@require_POST
def import_confirm(request, pk: int):
    """正式导入: the file of a 试导入 whose result the user accepted, imported for real."""
    job, reg = _import_job(request, pk, dry_run=True)
    try:
        real = import_confirmed(job, actor=request.user)
    except LookupError as exc:
        messages.error(request, str(exc))
        return redirect("registers:import", key=reg.key)
    import_register_task.enqueue(real.pk)
    return redirect("registers:import_status", pk=real.pk)


def import_status(request, pk: int):
    """导入进度 (the page polls it while the import runs)."""
    job = ImportJob.objects.filter(pk=pk, created_by=request.user, kind__startswith=ledger.JOB_PREFIX).first()
    if job is None:
        raise Http404("导入任务不存在")
    try:
        reg = _register(ledger.register_of_job(job).key, request.user)
    except LookupError:
        raise Http404("导入任务不存在") from None
    if job.status == ImportStatus.MAPPING:
        return redirect("registers:import_mapping", pk=job.pk)
    job = fail_if_stalled(job)
    if request.GET.get("errors") == "xlsx":
        return xlsx.download(rejected_file(job), f"{reg.label}-未导入行.xlsx")
    running = job.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    context = {
        "job": job,
        "reg": reg,
        "running": running,
        "worklist": reverse("registers:list", kwargs={"key": reg.key}),
        "status_url": reverse("registers:import_status", kwargs={"pk": job.pk}),
    }
    template = "registers/_import_progress.html" if request.htmx else "registers/import_status.html"
    return render(request, template, context)
