"""Ledger screens: export the worklist as Excel; upload a ledger and watch its import."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.cases import ledger, selectors, services
from fazhi.cases.models import ImportJob, ImportStatus, Party
from fazhi.cases.tasks import import_ledger_task
from fazhi.cases.views import _kind
from fazhi.core import xlsx
from fazhi.core.roles import Action
from fazhi.core.scoping import can_in_area

MAX_UPLOAD_MB = 50


def export(request, kind: str):
    """导出台账: the filtered worklist, in the line's ledger layout."""
    spec = _kind(kind, request.user)
    if spec.ledger is None:
        raise Http404(f"{spec.label}没有台账格式。")
    if not can_in_area(request.user, spec.area, Action.EXPORT):
        raise PermissionDenied("您没有导出台账的权限。")
    query = selectors.WorklistQuery.from_params(request.GET, spec)
    qs = selectors.worklist(request.user, kind, query, today=services.today()).select_related("org_unit")
    # The parties with their people, entities and units in one query per chunk (a prefetch of
    # "parties__person" asks SQLite for one OR term per person, beyond its expression depth of
    # 1,000 on an export of a few hundred cases).
    parties = Party.objects.select_related("person", "legal_entity", "org_unit").order_by("order", "pk")
    qs = qs.prefetch_related(Prefetch("parties", queryset=parties))
    if spec.detail_model is not None:
        qs = qs.select_related(kind, *spec.worklist_related)

    name = f"{spec.label}台账-{timezone.localdate():%Y%m%d}.xlsx"
    # Written to a temporary file as the rows come, then streamed (any size, constant memory).
    return xlsx.download(ledger.export_file(request.user, kind, qs.iterator(chunk_size=2000)), name)


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
                kind=kind, file=upload, filename=upload.name[:200], created_by=request.user
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


def import_status(request, pk: int):
    """进度: the page polls this every second while the import runs (htmx)."""
    job = ImportJob.objects.filter(pk=pk, created_by=request.user).first()
    if job is None:
        raise Http404("导入任务不存在")
    spec = _kind(job.kind, request.user)
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
