"""Ledger screens: export the worklist as Excel; upload a ledger and watch its import."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
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
            )
            import_ledger_task.enqueue(job.pk)
            return redirect("cases:import_status", pk=job.pk)
    jobs = ImportJob.objects.filter(kind=kind, created_by=request.user)[:10]
    return render(
        request,
        "cases/import.html",
        {"spec": spec, "error": error, "jobs": jobs, "columns": spec.ledger.columns},
        status=400 if error else 200,
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
