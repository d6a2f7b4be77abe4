"""Ledger screens: export the worklist as Excel; upload a ledger and watch its import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.cases import exports, ledger
from fazhi.cases.models import ExportJob, ImportJob, ImportStatus
from fazhi.cases.tasks import export_ledger_task, import_ledger_task
from fazhi.cases.views import _kind
from fazhi.core import xlsx
from fazhi.core.roles import Action
from fazhi.core.scoping import can_in_area

MAX_UPLOAD_MB = 50


def export(request, kind: str):
    """导出台账: the filtered worklist, in the line's ledger layout. A large list is written by a
    background job whose page shows its progress; a small one downloads at once."""
    spec = _kind(kind, request.user)
    if spec.ledger is None:
        raise Http404(f"{spec.label}没有台账格式。")
    if not can_in_area(request.user, spec.area, Action.EXPORT):
        raise PermissionDenied("您没有导出台账的权限。")
    qs = exports.ledger_rows(request.user, kind, request.GET)
    name = f"{spec.label}台账-{timezone.localdate():%Y%m%d}.xlsx"
    if exports.is_large(qs):
        job = exports.export_start(actor=request.user, kind=kind, params=request.GET, filename=name)
        export_ledger_task.enqueue(job.pk)
        return redirect("cases:export_status", pk=job.pk)
    # Written to a temporary file as the rows come, then streamed (any size, constant memory).
    return xlsx.download(ledger.export_file(request.user, kind, qs.iterator(chunk_size=2000)), name)


def export_status(request, pk: int):
    """导出进度: polled every second while the job runs (htmx); the download link when done."""
    job = ExportJob.objects.filter(pk=pk, created_by=request.user).exclude(kind__startswith="reg:").first()
    if job is None:
        raise Http404("导出任务不存在或已删除")
    spec = _kind(job.kind, request.user)
    if request.GET.get("download"):
        return exports.download(job, request.user)
    exports.run_if_stalled(job, exports.build_ledger)
    back = reverse("cases:worklist", kwargs={"kind": job.kind})
    return render(
        request,
        "cases/_export_progress.html" if request.htmx else "cases/export_status.html",
        {
            "job": job,
            "label": f"{spec.label}台账",
            "back": f"{back}?{exports.query_of(job).urlencode()}",
            "back_label": spec.label,
            "status_url": reverse("cases:export_status", kwargs={"pk": job.pk}),
            "keep_days": settings.FAZHI_EXPORT_KEEP_DAYS,
        },
    )


def import_ledger(request, kind: str):
    """导入台账: upload; the import runs in the background with visible progress."""
    spec = _kind(kind, request.user)
    if spec.ledger is None:
        raise Http404(f"{spec.label}没有台账格式。")
    if not can_in_area(request.user, spec.area, Action.CHANGE):
        raise PermissionDenied("您没有导入台账的权限。")
    if request.GET.get("template"):
        return xlsx.download(ledger.template_workbook(kind), f"{spec.label}台账模板.xlsx")
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        error = ledger.upload_problem(upload, request.user, max_mb=MAX_UPLOAD_MB)
        if not error:
            job = ImportJob.objects.create(
                kind=kind,
                file=upload,
                filename=upload.name[:200],
                created_by=request.user,
                dry_run=bool(request.POST.get("dry_run")),
                status=ImportStatus.MAPPING,
            )
            response, error = begin_import(
                job,
                spec.ledger,
                enqueue=import_ledger_task.enqueue,
                mapping_url="cases:import_mapping",
                status_url="cases:import_status",
            )
            if response is not None:
                return response
    jobs = ImportJob.objects.filter(kind=kind, created_by=request.user)[:10]
    return render(
        request,
        "cases/import.html",
        {"spec": spec, "error": error, "jobs": jobs, "columns": spec.ledger.columns},
        status=400 if error else 200,
    )


IGNORE_CHOICE = "__ignore__"


def begin_import(
    job: ImportJob, ledger_: Any, *, enqueue: Callable[[int], Any], mapping_url: str, status_url: str
) -> tuple[HttpResponse | None, str]:
    """After an upload (the job in 待确认列对应): to the 列对应 page when a column is unknown or
    matched only by a synonym the user has not confirmed; else straight to the import (or 试导入).
    Returns (the redirect, "") or (None, why the file cannot be read). Shared by the case lines'
    台账 and the registers' sheets."""
    proposal, error = ledger.job_proposal(job, ledger_)
    if proposal is None:
        return None, error
    chosen = {c.index: c.column for c in proposal.columns if c.column is not None}
    mapping, problems = ledger.confirmed_mapping(ledger_, proposal, chosen)
    if proposal.needs_user or problems:
        return redirect(mapping_url, pk=job.pk), ""
    # Every column by its own name or the user's saved choice: nothing to confirm.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PENDING, mapping=mapping)
    enqueue(job.pk)
    return redirect(status_url, pk=job.pk), ""


def mapping_page(
    request,
    job: ImportJob,
    ledger_: Any,
    *,
    enqueue: Callable[[int], Any],
    status_url: str,
    import_url: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The 列对应 page of one upload (a case line's or a register's): shows the proposal; on POST
    checks the user's choices, saves them for next time and starts the import (or 试导入)."""
    proposal, error = ledger.job_proposal(job, ledger_)
    if proposal is None:
        messages.error(request, error)
        return redirect(import_url)
    errors: dict[int, str] = {}
    chosen = {c.index: c.column for c in proposal.columns if c.column is not None}
    if request.method == "POST":
        chosen = {}
        for c in proposal.columns:
            value = request.POST.get(f"col_{c.index}", "")
            if value:
                chosen[c.index] = ledger.IGNORE if value == IGNORE_CHOICE else value
        mapping, errors = ledger.confirmed_mapping(ledger_, proposal, chosen)
        if not errors:
            with transaction.atomic():
                ledger.remember_mapping(request.user, job.kind, proposal, chosen)
                ImportJob.objects.filter(pk=job.pk).update(mapping=mapping, status=ImportStatus.PENDING)
            enqueue(job.pk)
            return redirect(status_url, pk=job.pk)
    rows = [
        {
            "col": c,
            "value": IGNORE_CHOICE if chosen.get(c.index) == ledger.IGNORE else chosen.get(c.index, ""),
            "error": errors.get(c.index, ""),
        }
        for c in proposal.columns
    ]
    return render(
        request,
        "cases/import_mapping.html",
        {
            **context,
            "job": job,
            "proposal": proposal,
            "rows": rows,
            "columns": ledger_.columns,
            "ignore": IGNORE_CHOICE,
            "import_url": import_url,
            "sheet_error": errors.get(-1, ""),
        },
        status=400 if errors else 200,
    )


def import_mapping(request, pk: int):
    """列对应: each column of the uploaded sheet matched to a column of the line's 台账 — proposed
    by name, by the user's last choice and by synonyms — confirmed or corrected by the user; a
    column nobody recognises must be matched or ignored explicitly (none is dropped silently).
    The choice is saved for the user's next upload of this line."""
    job = ImportJob.objects.filter(pk=pk, created_by=request.user, status=ImportStatus.MAPPING).first()
    if job is None or job.kind.startswith("reg:"):
        raise Http404("导入任务不存在或已开始")
    spec = _kind(job.kind, request.user)
    if not can_in_area(request.user, spec.area, Action.CHANGE):
        raise PermissionDenied("您没有导入台账的权限。")
    return mapping_page(
        request,
        job,
        spec.ledger,
        enqueue=import_ledger_task.enqueue,
        status_url="cases:import_status",
        import_url=reverse("cases:import", kwargs={"kind": job.kind}),
        context={
            "label": spec.label,
            "ledger_label": "台账",
            "list_url": reverse("cases:worklist", kwargs={"kind": job.kind}),
        },
    )


@require_POST
def import_confirm(request, pk: int):
    """正式导入: the file of a 试导入 whose result the user accepted, imported for real."""
    job = ImportJob.objects.filter(pk=pk, created_by=request.user, dry_run=True).first()
    if job is None:
        raise Http404("导入任务不存在")
    spec = _kind(job.kind, request.user)
    if not can_in_area(request.user, spec.area, Action.CHANGE):
        raise PermissionDenied("您没有导入台账的权限。")
    try:
        real = ledger.import_confirmed(job, actor=request.user)
    except LookupError as exc:
        messages.error(request, str(exc))
        return redirect("cases:import", kind=job.kind)
    import_ledger_task.enqueue(real.pk)
    return redirect("cases:import_status", pk=real.pk)


def import_status(request, pk: int):
    """进度: the page polls this every second while the import runs (htmx)."""
    job = ImportJob.objects.filter(pk=pk, created_by=request.user).first()
    if job is None:
        raise Http404("导入任务不存在")
    spec = _kind(job.kind, request.user)
    if job.status == ImportStatus.MAPPING:
        return redirect("cases:import_mapping", pk=job.pk)
    job = ledger.fail_if_stalled(job)
    if request.GET.get("errors") == "xlsx":
        return xlsx.download(ledger.rejected_file(job), f"{spec.label}台账-未导入行.xlsx")
    running = job.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    template = "cases/_import_progress.html" if request.htmx else "cases/import_status.html"
    return render(
        request,
        template,
        {
            "job": job,
            "spec": spec,
            "running": running,
            "worklist": reverse("cases:worklist", kwargs={"kind": job.kind}),
        },
    )
