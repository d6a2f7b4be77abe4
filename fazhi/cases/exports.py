"""Exports too large to answer at once (台账导出任务): a list of more than
settings.FAZHI_EXPORT_BACKGROUND_ROWS rows is written by a background job to a private file while
its page shows the rows written; the requester alone downloads it (audited). A smaller list is
still streamed straight away. Case ledgers and registers share this; each says how to rebuild its
rows from the job (the list's query string, re-read in the requester's scope when the job runs).

A job is claimed by one atomic UPDATE (pending → running), so the task worker and the in-process
fallback (a job no worker took within FAZHI_EXPORT_FALLBACK_SECONDS runs in a thread of the web
process showing its page) never both run it — on one server or several."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import OperationalError, connections
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, QueryDict
from django.utils import timezone

from fazhi.cases import ledger, registry, selectors, services
from fazhi.cases.models import ExportJob, ExportStatus, Party
from fazhi.core import xlsx
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.roles import Action
from fazhi.core.scoping import can_in_area, with_pii_flag

log = logging.getLogger(__name__)

PROGRESS_EVERY = 500  # rows between two progress writes

# What a list gives the job: its rows (a queryset in the requester's scope) and the function that
# writes them as the .xlsx (an open file positioned at its start; it audits the export itself).
Build = Callable[[ExportJob], tuple[QuerySet, Callable[[Iterable[Any]], IO[bytes]]]]


def is_large(qs: QuerySet) -> bool:
    """More rows than an export answers at once? (Counts at most the threshold + 1 rows.)"""
    limit = settings.FAZHI_EXPORT_BACKGROUND_ROWS
    return qs.order_by()[: limit + 1].count() > limit


def params_of(query: QueryDict) -> dict[str, list[str]]:
    return {k: query.getlist(k) for k in query if k != "page"}


def query_of(job: ExportJob) -> QueryDict:
    """The list's query string the job was started with."""
    q = QueryDict(mutable=True)
    for k, values in (job.params or {}).items():
        q.setlist(k, [str(v) for v in (values if isinstance(values, list) else [values])])
    return q


def export_start(*, actor: Any, kind: str, params: QueryDict, filename: str) -> ExportJob:
    """A new export job of the list `kind` (a case kind or "reg:<key>") for `actor`; the actor's
    earlier exports of that list and everyone's expired ones are removed first."""
    purge(actor=actor, kind=kind)
    return ExportJob.objects.create(
        kind=kind, params=params_of(params), filename=filename[:200], created_by=actor
    )


def purge(*, actor: Any = None, kind: str = "") -> int:
    """Remove export files (and their jobs) older than FAZHI_EXPORT_KEEP_DAYS, and `actor`'s
    finished exports of `kind`. Returns how many jobs were removed."""
    cutoff = timezone.now() - timedelta(days=settings.FAZHI_EXPORT_KEEP_DAYS)
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    if actor is not None and kind:
        old += list(
            ExportJob.objects.filter(created_by=actor, kind=kind, created_at__gte=cutoff).exclude(
                status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]
            )
        )
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)


def _claim(job_id: int) -> bool:
    """Take a queued job (one taker wins, whichever process it runs in)."""
    now = timezone.now()
    return bool(
        ExportJob.objects.filter(pk=job_id, status=ExportStatus.PENDING).update(
            status=ExportStatus.RUNNING, started_at=now
        )
    )


def _counted(job_id: int, rows: Iterable[Any]) -> Iterator[Any]:
    n = 0
    for n, row in enumerate(rows, start=1):
        yield row
        if n % PROGRESS_EVERY == 0:
            _progress(job_id, n, tries=1)
    _progress(job_id, n, tries=10)


def _progress(job_id: int, n: int, tries: int) -> None:
    """Record the rows written. A tick that meets a locked table (the page polling the job on
    SQLite, whose shared-cache databases answer "table is locked" at once instead of waiting) is
    skipped — the next tick tells; the last count is retried, as the page shows it to the end."""
    if not _when_unlocked(lambda: ExportJob.objects.filter(pk=job_id).update(processed=n), tries):
        log.warning("export job %s: progress %s not recorded (table locked)", job_id, n)


def _when_unlocked(write: Callable[[], Any], tries: int) -> bool:
    """Run `write`, again after 0.2 s while the table is locked, at most `tries` times."""
    for attempt in range(1, tries + 1):
        try:
            write()
            return True
        except OperationalError:
            if attempt == tries:
                return False
            time.sleep(0.2)
    return False


def run(job_id: int, build: Build) -> ExportJob | None:
    """Run a queued export job (None when another taker has it already)."""
    if not _claim(job_id):
        return None
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        qs, write = build(job)
        job.total = qs.order_by().count()
        ExportJob.objects.filter(pk=job.pk).update(total=job.total)
        with write(_counted(job.pk, qs.iterator(chunk_size=2000))) as f:
            job.file.save(f"{job.created_by_id}-{job.pk}.xlsx", File(f), save=False)
    except (PermissionDenied, Http404, LookupError) as exc:
        return _fail(job, str(exc) or "您没有导出该台账的权限。")
    except Exception:  # the page says it failed instead of waiting forever; the log says why
        log.exception("export job %s failed", job_id)
        return _fail(job, "导出失败，请稍后重试；如仍失败请联系系统管理员。")
    job.refresh_from_db(fields=["processed"])
    job.status, job.finished_at = ExportStatus.DONE, timezone.now()
    if not _when_unlocked(lambda: job.save(update_fields=["file", "status", "finished_at"]), tries=20):
        job.save(update_fields=["file", "status", "finished_at"])  # the last try raises what it meets
    return job


def _fail(job: ExportJob, message: str) -> ExportJob:
    job.status, job.error, job.finished_at = ExportStatus.FAILED, message, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job


def _in_thread(fn: Callable[[], Any]) -> None:
    def target() -> None:
        try:
            fn()
        finally:
            connections.close_all()  # this thread's own connections

    threading.Thread(target=target, name="fazhi-export", daemon=True).start()


# How a stalled job runs in the web process (tests run it inline).
start_in_process: Callable[[Callable[[], Any]], None] = _in_thread


def run_if_stalled(job: ExportJob, build: Build) -> None:
    """In-process fallback: a job no worker has taken after FAZHI_EXPORT_FALLBACK_SECONDS runs
    here (the claim makes sure it runs once even if the worker wakes up meanwhile)."""
    if job.status == ExportStatus.PENDING and job.waiting_seconds >= settings.FAZHI_EXPORT_FALLBACK_SECONDS:
        start_in_process(lambda: run(job.pk, build))
        job.refresh_from_db()


def download(job: ExportJob, actor: Any) -> FileResponse:
    """The finished file, to its requester only (the caller found the job by requester); audited."""
    if job.created_by_id != getattr(actor, "pk", None):
        raise Http404("导出任务不存在")
    if job.status != ExportStatus.DONE or not job.file or not job.file.storage.exists(job.file.name):
        raise Http404("导出文件已删除或尚未生成，请重新导出。")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=job,
        detail={"download": True, "rows": job.processed},
    )
    return xlsx.download(job.file.open("rb"), job.filename)


# --- Case ledgers ---------------------------------------------------------------------------


def ledger_rows(actor: Any, kind: str, params: Any) -> QuerySet:
    """The filtered worklist of `kind` in `actor`'s scope, with what the ledger's columns read."""
    spec = registry.get(kind)
    if spec.ledger is None:
        raise LookupError(f"{spec.label}没有台账格式。")
    if not can_in_area(actor, spec.area, Action.EXPORT):
        raise PermissionDenied("您没有导出台账的权限。")
    query = selectors.WorklistQuery.from_params(params, spec)
    qs = selectors.worklist(actor, kind, query, today=services.today()).select_related("org_unit")
    # The parties with their people, entities and units in one query per chunk (a prefetch of
    # "parties__person" asks SQLite for one OR term per person, beyond its expression depth of
    # 1,000 on an export of a few hundred cases).
    parties = Party.objects.select_related("person", "legal_entity", "org_unit").order_by("order", "pk")
    qs = qs.prefetch_related(Prefetch("parties", queryset=parties))
    if spec.detail_model is not None:
        qs = qs.select_related(kind, *spec.worklist_related)
    # Each row's clear/masked decision by the case page's rule, in the same query (issue 13.2).
    return with_pii_flag(actor, qs)


def build_ledger(job: ExportJob) -> tuple[QuerySet, Callable[[Iterable[Any]], IO[bytes]]]:
    """A case ledger's export job: its rows and writer (ledger.export_file, which audits)."""
    actor = job.created_by
    qs = ledger_rows(actor, job.kind, query_of(job))
    return qs, lambda rows: ledger.export_file(actor, job.kind, rows)
