"""A register's Excel 台账: export the (filtered) list, and import a sheet through the register's
one service — under the rules of the case ledgers (fazhi.cases.ledger, whose cell parsing and
sheet reading this reuses): every rejected row is reported with its row number, column and reason
in Chinese; valid rows are committed; an unreadable file commits nothing; a row whose natural key
matches a stored record is skipped, so importing the same sheet twice creates no duplicates.

The headers are the fields' labels; an exported sheet can be imported again as it is. Personal
data are masked in the export for roles that may not see them in clear, as in the ledgers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from fazhi.cases import exports
from fazhi.cases.ledger import (
    CHUNK,
    CellError,
    aliases_for,
    discard_upload,
    fail_job,
    failed_on_crash,
    job_header,
    parse_cell,
    read_job_rows,
)
from fazhi.cases.models import ExportJob, ImportJob, ImportStatus
from fazhi.cases.registry import Ledger, LedgerColumn
from fazhi.cases.workflow import WorkflowError
from fazhi.core import xlsx
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.pii import MASKERS
from fazhi.core.scoping import may_see_pii, with_pii_flag
from fazhi.registers import declarations, selectors, services
from fazhi.registers.declarations import Register, Spec

JOB_PREFIX = "reg:"  # ImportJob.kind of a register's import: "reg:<key>"


def job_kind(reg: Register) -> str:
    return f"{JOB_PREFIX}{reg.key}"


def register_of_job(job: ImportJob) -> Register:
    if not job.kind.startswith(JOB_PREFIX):
        raise LookupError("不是登记簿的导入任务")
    return declarations.get(job.kind.removeprefix(JOB_PREFIX))


def columns(reg: Register) -> tuple[LedgerColumn, ...]:
    """The sheet's columns: one per field, headed by its label; relations are read as text (a
    name or code) and resolved by the service."""
    out = []
    for s in reg.specs():
        kind = s.kind if s.kind in ("text", "date", "int", "decimal", "bool", "choice") else "text"
        out.append(
            LedgerColumn(
                header=s.label,
                key=s.name,
                kind=kind,
                required=s.required,
                choices=s.choices,
                pii=s.pii,
            )
        )
    return tuple(out)


def sheet_ledger(reg: Register) -> Ledger:
    """The register's columns as the ledger machinery reads them (header search, 列对应)."""
    return Ledger(columns=columns(reg), apply=lambda **_: None)


_ledger = sheet_ledger


def clear_pii(reg: Register, user: Any, obj: Any) -> bool:
    """Whether `user` sees this record's personal data in clear: decided per record by its scope
    (a row of a list or export carries the flag from `with_pii_flag`; one record asks once)."""
    if not reg.has_pii:
        return False
    return may_see_pii(user, obj)


def with_clear_pii(reg: Register, user: Any, qs: Any) -> Any:
    """`qs` with each row's clear/masked decision (one query for a whole list or export)."""
    return with_pii_flag(user, qs) if reg.has_pii and isinstance(qs, QuerySet) else qs


def cell(spec: Spec, obj: Any, clear: bool) -> Any:
    """The exported value of one field (typed where Excel has the type; masked if need be)."""
    value = getattr(obj, spec.name, None)
    if spec.kind in ("date", "int") and value is not None:
        out: Any = value
    elif spec.kind == "decimal" and value is not None:
        out = float(value) if isinstance(value, Decimal) else value
    else:
        out = spec.display(obj)
    if spec.pii and not clear and out:
        out = MASKERS[spec.pii](str(out))
    return "" if out is None else out


def export_file(reg: Register, actor: Any, rows: Iterable[Any]) -> IO[bytes]:
    """The list as a sheet, written row by row to a temporary file (any size, constant memory);
    audited (how many rows, whether personal data were in clear)."""
    rows = with_clear_pii(reg, actor, rows)
    clear_rows = 0
    specs = reg.specs()
    headers = [s.label for s in specs]
    extra = reg.retire is not None and reg.retire.date_field not in {s.name for s in specs}
    if extra:
        assert reg.retire is not None
        headers.append(reg.field(reg.retire.date_field).label)

    def values() -> Iterator[list[Any]]:
        nonlocal clear_rows
        for obj in rows:
            clear = clear_pii(reg, actor, obj)
            clear_rows += clear
            out = [cell(s, obj, clear) for s in specs]
            if extra:
                assert reg.retire is not None
                out.append(getattr(obj, reg.retire.date_field, None) or "")
            yield out

    f, count = xlsx.write_sheet(reg.label, headers, values())
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=reg.model._meta.label_lower,
        object_repr=f"{reg.label}台账",
        detail={"register": reg.key, "rows": count, "clear_pii": clear_rows > 0, "clear_rows": clear_rows},
    )
    return f


def export_workbook(reg: Register, actor: Any, rows: Iterable[Any]) -> bytes:
    """`export_file`'s sheet as bytes (tests, small lists)."""
    return xlsx.read_all(export_file(reg, actor, rows))


def template_workbook(reg: Register) -> bytes:
    """An empty sheet with the headers (required ones marked *)."""
    wb = Workbook()
    ws = wb.active
    ws.title = reg.label[:31]
    for i, c in enumerate(columns(reg), start=1):
        ws.cell(row=1, column=i, value=c.header + ("*" if c.required else "")).font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class _Known:
    """What an import already knows (for speed: the per-row queries were most of an import's time):
    the natural keys of the stored records, read once and kept up to date as rows are created, and
    the related rows (org units, users …) each text of a sheet resolved to."""

    def __init__(self, reg: Register, actor: Any) -> None:
        self.reg, self.actor = reg, actor
        opts = reg.model._meta
        self.attnames = [opts.get_field(name).attname for name in reg.natural_key]
        self.keys = set(reg.model._default_manager.values_list(*self.attnames))
        self._related: dict[tuple[str, str], Any] = {}

    def key_of(self, row: dict[str, Any]) -> tuple[Any, ...] | None:
        """The natural key of a parsed row, its values cleaned exactly as the service will clean
        them; None when a value does not clean (the service reports it against its column)."""
        probe = self.reg.model()
        try:
            for name in self.reg.natural_key:
                setattr(probe, name, self.reg.field(name).clean(self.actor, row.get(name)))
        except ValueError:
            return None
        return tuple(getattr(probe, a) for a in self.attnames)

    def resolve(self, row: dict[str, Any]) -> None:
        """Put the related rows the row's texts name in place of the texts (each text resolved once
        per import); a text that resolves to nothing stays, for the service to report."""
        for spec in self.reg.specs():
            text = row.get(spec.name)
            if not spec.is_relation or not isinstance(text, str) or not text.strip():
                continue
            key = (spec.name, text.strip())
            if key not in self._related:
                try:
                    self._related[key] = spec.clean(self.actor, text)
                except ValueError:
                    self._related[key] = None
            if self._related[key] is not None:
                row[spec.name] = self._related[key]


def run_import(job: ImportJob) -> ImportJob:
    """Import a stored sheet into the job's register (matching rows are skipped) under the 列对应
    the user confirmed (else the header's own names and synonyms); a 试导入 (`job.dry_run`) runs
    the same rows through the same service and rolls everything back, keeping the counts, every
    rejected row and `summary` (the new records per unit). The uploaded file is deleted when the
    import ends — except a finished 试导入's, kept for the import the user confirms."""
    try:
        return _run_import(job)
    finally:
        if not (job.dry_run and job.status == ImportStatus.DONE):
            discard_upload(job)


def _run_import(job: ImportJob) -> ImportJob:
    reg = register_of_job(job)
    actor = job.created_by
    job.status, job.rejected, job.error = ImportStatus.RUNNING, [], ""
    job.processed = job.created_count = job.skipped_count = 0
    job.save()
    try:
        rows = read_job_rows(job)
    except ValueError as exc:  # too large or unreadable: nothing is committed, the user is told why
        return fail_job(job, str(exc))
    if not rows:
        return fail_job(job, "文件为空。")
    ledger = sheet_ledger(reg)
    header, mapping, problem = job_header(job, rows, ledger, aliases_for(job.kind))
    if problem:
        return fail_job(job, problem)
    data_rows = [(n, v) for n, v in rows[header + 1 :] if any(v_ not in (None, "") for v_ in v)]
    job.total = len(data_rows)
    job.save(update_fields=["total", "heartbeat_at"])
    headers = {c.key: c.header for c in ledger.columns}
    known = _Known(reg, actor)
    units: dict[str, int] = {}
    # A 试导入 runs inside one transaction that is rolled back; a real import commits chunk by
    # chunk (progress visible, a crash loses at most one chunk).
    outer = transaction.atomic() if job.dry_run else nullcontext()
    with failed_on_crash(job), outer:
        for start in range(0, len(data_rows), CHUNK):
            with transaction.atomic():
                for row_number, values in data_rows[start : start + CHUNK]:
                    obj = _import_row(reg, job, actor, mapping, headers, row_number, values, known)
                    if obj is not None:
                        unit = reg.unit_of(obj)
                        name = getattr(unit, "name", None) or "—"
                        units[name] = units.get(name, 0) + 1
                job.processed = min(start + CHUNK, len(data_rows))
                job.save(
                    update_fields=["processed", "created_count", "skipped_count", "rejected", "heartbeat_at"]
                )
        if job.dry_run:
            job.summary = dict(sorted(units.items()))
            transaction.set_rollback(True)
    job.status, job.finished_at = ImportStatus.DONE, timezone.now()
    job.save()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=job,
        detail={
            "register": reg.key,
            "created": job.created_count,
            "skipped": job.skipped_count,
            "rejected": len(job.rejected),
        },
    )
    return job


def _import_row(reg, job, actor, mapping, headers, row_number, values, known: _Known) -> Any:
    """One row through the register's service; the record created, or None (skipped, rejected)."""
    row: dict[str, Any] = {}
    errors = []
    for i, col in mapping.items():
        raw = values[i] if i < len(values) else None
        try:
            row[col.key] = parse_cell(col, raw)
        except CellError as exc:
            errors.append({"row": row_number, "column": col.header, "reason": str(exc)})
    if errors:
        job.rejected.extend(errors)
        return None
    # A row that matches a stored record on its natural key is skipped (as the ledgers skip a
    # known case number), a row repeating an earlier row of the sheet too.
    known.resolve(row)
    key = known.key_of(row)
    if key is not None and key in known.keys:
        job.skipped_count += 1
        return None
    try:
        with transaction.atomic():
            obj = services.register_create(actor=actor, reg=reg, values=row)
    except WorkflowError as exc:
        for key, message in exc.errors.items():
            job.rejected.append({"row": row_number, "column": headers.get(key, ""), "reason": message})
    except services.RegisterPermissionError as exc:
        job.rejected.append({"row": row_number, "column": "", "reason": str(exc)})
    else:
        job.created_count += 1
        if key is not None:
            known.keys.add(key)
        return obj
    return None


def export_rows(reg: Register, actor: Any, params: Any) -> QuerySet:
    """The register's list as `actor` sees it under the list's query string (filters, search,
    drill-down), for an export."""
    if not reg.may_export(actor):
        raise PermissionDenied(f"您没有导出{reg.label}的权限。")
    qs, _ = selectors.register_list(reg, actor, selectors.RegisterQuery.from_params(reg, params))
    return with_clear_pii(reg, actor, qs)  # each row's clear/masked decision, same query


def build_export(job: ExportJob) -> tuple[QuerySet, Callable[[Iterable[Any]], IO[bytes]]]:
    """A register's export job (fazhi.cases.exports): its rows and writer (audited)."""
    if not job.kind.startswith(JOB_PREFIX):
        raise LookupError("不是登记簿的导出任务")
    reg = declarations.get(job.kind.removeprefix(JOB_PREFIX))
    actor = job.created_by
    qs = export_rows(reg, actor, exports.query_of(job))
    return qs, lambda rows: export_file(reg, actor, rows)
