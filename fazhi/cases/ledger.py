"""Excel ledgers (台账): import a bureau's existing sheet through the line's services, and export a
worklist in the same layout.

Import rules (STYLE.md "Errors"): every row goes through the same engine steps as a form; each
rejected row is reported with its row number, column and reason; valid rows are committed; an
unreadable file commits nothing; a row whose case number already exists is skipped, so importing
the same file twice creates no duplicates. Dates may be written 2024年3月5日, 2024-3-5 or
2024/03/05 (or be real Excel dates); full-width digits are accepted.

A line whose ledger declares `plan` is imported in bulk (fazhi.cases.bulk): each chunk's rows are
planned in memory through the same steps and written together; the others row by row.
"""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from fazhi.cases import bulk, registry
from fazhi.cases.models import Case, ImportJob, ImportStatus
from fazhi.cases.workflow import WorkflowError
from fazhi.core import xlsx
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.districts import actor_districts
from fazhi.core.models import OrgUnit
from fazhi.core.pii import MASKERS
from fazhi.core.scoping import may_see_pii, with_pii_flag
from fazhi.law.errors import LawValidationError

CHUNK = 500  # rows per transaction: progress becomes visible, a crash loses at most one chunk
# A bulk chunk takes about a second; larger chunks mean fewer commits (each a disk sync, and on
# SQLite a WAL checkpoint), which the bulk path otherwise spends a tenth of its time on.
BULK_CHUNK = 2000
_DATE = re.compile(r"^(\d{4})\s*[年/\-.]\s*(\d{1,2})\s*[月/\-.]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20240305
_DATE_DMY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})$")  # 3/5/2024 or 5/3/2024
# A time of day after the date, as text exported from another system ("2024-03-05 00:00:00").
_TIME_TAIL = re.compile(r"^(.+?\d)(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 in the 1900 system (past its 1900-02-29)
_EXCEL_SERIALS = range(1, 73051)  # days up to 2099-12-31
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "涉企"}
_FALSE = {"否", "n", "no", "false", "0", "×", ""}


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Chinese."""


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return unicodedata.normalize("NFKC", str(raw)).strip()


def parse_cell(col: registry.LedgerColumn, raw: Any) -> Any:
    """The typed value of one cell, or CellError."""
    if isinstance(raw, datetime):
        raw = raw.date()
    if col.kind == "date" and isinstance(raw, date):
        return raw
    if col.kind == "date" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _excel_serial(raw)
    text = _text(raw)
    if not text:
        if col.required:
            raise CellError("必填，不能为空")
        return None
    for alias, value in col.aliases:  # a few pairs: no mapping built per cell
        if text == alias:
            text = value
            break
    if col.parse is not None:
        try:
            return col.parse(text)
        except ValueError as exc:  # incl. LawValidationError: its message without the rule suffix
            raise CellError(getattr(exc, "message", None) or str(exc)) from None
    if col.kind == "text":
        return text
    if col.kind == "date":
        return parse_date_text(text)
    if col.kind in ("int", "decimal"):
        cleaned = text.replace(",", "").replace("元", "").replace("万", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(f"“{text}”不是数字") from None
        if "万" in text:
            value *= 10000
        if col.kind == "int":
            if value != value.to_integral_value():
                raise CellError(f"“{text}”应为整数")
            return int(value)
        return value
    if col.kind == "bool":
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise CellError(f"“{text}”应填 是 或 否")
    if col.kind == "choice":
        for code, label in col.choices:
            # The label as the cell was read (NFKC: full-width brackets become ASCII ones).
            if text in (code, label, _text(label)):
                return code
        # A shorter way of writing it: a label's name without its note in brackets, one of the
        # names in "A / B", or the code, ignoring case, spaces and hyphens ("WGS-84", "GCJ02") —
        # taken only when exactly one option answers.
        found = {code for code, label in col.choices if _choice_key(text) in _choice_keys(code, label)}
        if len(found) == 1:
            return found.pop()
        raise CellError(f"“{text}”不是有效选项（{'、'.join(label for _, label in col.choices)}）")
    raise CellError(f"未知的列类型 {col.kind}")


def _choice_key(text: str) -> str:
    return re.sub(r"[\s\-_]", "", unicodedata.normalize("NFKC", text)).lower()


def _choice_keys(code: str, label: str) -> set[str]:
    """The short forms a sheet may use for an option (see the choice branch of `parse_cell`)."""
    name = re.split(r"[(（]", label, maxsplit=1)[0]
    return {_choice_key(v) for v in (code, name, *name.split("/")) if v.strip()}


def _excel_serial(raw: float) -> date:
    """A date cell read as Excel's serial day number (a sheet that lost its date format)."""
    if raw == int(raw) and 19000101 <= raw <= 21001231:  # 20240305 typed as a number
        return parse_date_text(str(int(raw)))
    if not raw == int(raw) or int(raw) not in _EXCEL_SERIALS:
        raise CellError(f"“{raw}”不是日期")
    return _EXCEL_EPOCH + timedelta(days=int(raw))


def parse_date_text(text: str) -> date:
    """A date as bureaus' sheets write it: 2024年3月5日, 2024-3-5, 2024/03/05, 2024.3.5, 20240305,
    a date-time as text (2024-03-05 00:00:00: the time is dropped), and day-month-year or
    month-day-year (3/5/2024) only where it is unambiguous — one part above 12, or both equal.
    Raises CellError saying why not."""
    shown = text
    tail = _TIME_TAIL.match(text)
    if tail:
        text = tail[1].strip()
    m = _DATE.match(text) or _DATE_COMPACT.match(text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DATE_DMY.match(text)
        if not m:
            raise CellError(f"日期“{shown}”无法识别，应写作 2024年3月5日、2024-3-5、2024/03/05 或 20240305")
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        if a > 12 >= b:
            d, mo = a, b
        elif b > 12 >= a or a == b:
            mo, d = a, b
        else:
            raise CellError(
                f"日期“{shown}”的月和日无法分辨（{a}月{b}日还是{b}月{a}日？），请写作 {y}年…月…日"
            )
    try:
        return date(y, mo, d)
    except ValueError:
        raise CellError(f"日期“{shown}”不存在") from None


def _rows(sheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)


def read_rows(content: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    """The first sheet's rows, numbered as Excel numbers them. python-calamine (a Rust reader, several
    times faster than openpyxl on large ledgers) first; openpyxl for what it cannot read. A sheet
    too large to read safely is refused first (xlsx.SheetTooLarge, with the limit)."""
    xlsx.check_workbook(
        content,
        max_cells=settings.FAZHI_IMPORT_MAX_CELLS,
        max_unpacked=settings.FAZHI_IMPORT_MAX_UNPACKED_MB * 2**20,
    )
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - an installation without the optional fast reader
        CalamineWorkbook = None
    if CalamineWorkbook is not None:
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
            # From A1 (not the first filled cell), so row and column numbers are the sheet's own.
            return [(n, tuple(v)) for n, v in enumerate(sheet.to_python(skip_empty_area=False), start=1)]
        except Exception:
            pass
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    return list(_rows(workbook.worksheets[0]))


# An account may have this many uploads waiting or running at once (each is a file on disk and a
# worker's time until its import ends; then the file is deleted).
MAX_PENDING_UPLOADS = 3


def upload_problem(upload: Any, user: Any, *, max_mb: int) -> str:
    """Why an uploaded ledger is refused before it is stored (Chinese), or "": none chosen, larger
    than `max_mb`, not an .xlsx by name or by content (an .xlsx is a zip package), or the user
    already has MAX_PENDING_UPLOADS imports waiting or running."""
    if upload is None:
        return "请选择要导入的台账文件（.xlsx）。"
    if upload.size > max_mb * 1024 * 1024:
        return f"文件超过 {max_mb} MB，请分批导入。"
    if not upload.name.lower().endswith(".xlsx"):
        return "只能导入 .xlsx 格式的 Excel 文件（旧版 .xls 请先另存为 .xlsx）。"
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        return (
            "文件内容不是 .xlsx 格式的 Excel 工作簿（可能只是改了扩展名），请用 Excel 另存为 .xlsx 后再导入。"
        )
    pending = ImportJob.objects.filter(
        created_by=user, status__in=[ImportStatus.MAPPING, ImportStatus.PENDING, ImportStatus.RUNNING]
    ).count()
    if pending >= MAX_PENDING_UPLOADS:
        return f"您已有 {pending} 个导入在排队或进行中，请等它们完成后再上传。"
    return ""


def discard_upload(job: Any) -> None:
    """Delete the uploaded file once its import ended (it holds personal data in clear; what the
    user needs afterwards — counts and every rejected row — is on the job)."""
    if job.file:
        job.file.delete(save=False)
        type(job).objects.filter(pk=job.pk).update(file="")


def read_job_rows(job: Any) -> list[tuple[int, tuple[Any, ...]]]:
    """The rows of an import job's stored file; ValueError with the reason (in Chinese) for a file
    too large to read safely or not readable at all (nothing is committed; the user is told why)."""
    try:
        with job.file.open("rb") as fh:
            return read_rows(fh.read())
    except xlsx.SheetTooLarge:
        raise
    except Exception as exc:
        raise ValueError(f"文件无法读取（{type(exc).__name__}）：请上传 .xlsx 格式的台账。") from exc


def header_key(header: Any) -> str:
    """A header as typed or as read (NFKC: full-width brackets become ASCII; no spaces, no *)."""
    return _text(header).replace(" ", "").rstrip("*")


def read_header(
    values: Iterable[Any], ledger: registry.Ledger, aliases: Aliases | None = None
) -> tuple[dict[int, registry.LedgerColumn], list[str]]:
    """Map sheet columns to ledger columns; return the mapping and the missing required headers.
    A sheet header that is no column's own is looked up among the header synonyms (`aliases`:
    收案日期 for 收到日期), unless that column is already in the sheet under its own name; a
    column with value synonyms gets them (`LedgerColumn.aliases`)."""
    by_header = {header_key(c.header): c for c in ledger.columns}
    mapping: dict[int, registry.LedgerColumn] = {}
    headers = [header_key(raw) for raw in values]
    for i, header in enumerate(headers):
        if header in by_header:
            mapping[i] = by_header[header]
    if aliases is not None:
        present = {header_key(c.header) for c in mapping.values()}
        for i, header in enumerate(headers):
            canonical = aliases.headers.get(header)
            if i in mapping or canonical is None or canonical not in by_header or canonical in present:
                continue
            mapping[i] = by_header[canonical]
            present.add(canonical)
        for i, col in mapping.items():
            mapping[i] = aliases.applied(col)
    present = {c.header for c in mapping.values()}
    missing = [c.header for c in ledger.columns if c.required and c.header not in present]
    return mapping, missing


# Columns a sheet may carry that hold no record data (a row's running number).
IGNORED_HEADERS = frozenset({"序号", "编号", "No", "No.", "行号"})
HEADER_SEARCH_ROWS = 10  # title rows (单位、年度、制表人 …) a sheet may have above its header


@dataclasses.dataclass(frozen=True)
class Aliases:
    """A line's 台账同义词: sheet header -> the column's header; column header -> {cell text ->
    the text the column takes}."""

    headers: dict[str, str]
    values: dict[str, dict[str, str]]

    def applied(self, col: registry.LedgerColumn) -> registry.LedgerColumn:
        """The column with its value synonyms, if it has any."""
        values_of = self.values.get(header_key(col.header))
        return dataclasses.replace(col, aliases=tuple(values_of.items())) if values_of else col


def aliases_for(kind: str) -> Aliases:
    """The synonyms that apply to `kind`'s sheets: the bureau's (`LedgerAlias`, editable in the
    admin; shipped with common ones) for this line and for every line."""
    from fazhi.cases.models import LedgerAlias

    headers: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    # Rows for every line first, so a line's own synonym wins over a general one.
    for row in sorted(LedgerAlias.objects.filter(kind__in=("", kind)), key=lambda a: bool(a.kind)):
        header, alias = header_key(row.header), _text(row.alias)
        if row.value:
            values.setdefault(header, {})[alias] = _text(row.value)
        else:
            headers[header_key(alias)] = header
    return Aliases(headers, values)


def locate_header(
    rows: list[tuple[int, tuple[Any, ...]]], ledger: Any, aliases: Aliases | None = None
) -> tuple[int, dict[int, Any], str]:
    """The sheet's header row — the first of its first HEADER_SEARCH_ROWS rows that names every
    required column (title rows above it are skipped) — as (its index in `rows`, the column
    mapping, a problem). The problem (Chinese, "" if none) names the missing required headers,
    or the headers that match no column of the ledger: a column is never dropped silently (a
    differently named 结案日期 would leave every case in the wrong state), the user renames or
    removes it (only a running-number column such as 序号 is passed over)."""
    best: tuple[int, dict[int, Any], list[str]] | None = None
    for index, (_, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping, missing = read_header(values, ledger, aliases)
        if best is None or len(mapping) > len(best[1]):
            best = (index, mapping, missing)
        if not missing and mapping:
            best = (index, mapping, missing)
            break
    assert best is not None
    index, mapping, missing = best
    row_number = rows[index][0]
    if missing:
        return index, mapping, f"第{row_number}行表头缺少必需的列：{'、'.join(missing)}"
    unknown = [
        _text(raw)
        for i, raw in enumerate(rows[index][1])
        if i not in mapping and _text(raw) and _text(raw).rstrip("*") not in IGNORED_HEADERS
    ]
    if unknown:
        names = "、".join(f"“{h}”" for h in unknown)
        expected = "、".join(c.header for c in ledger.columns)
        return (
            index,
            mapping,
            f"第{row_number}行表头中 {names} 不是本台账的列，为免数据被静默丢弃，本次未导入。"
            f"请把该列改为对应的列名，或删除该列后重新导入。可用的列：{expected}",
        )
    return index, mapping, ""


IGNORE = ""  # a sheet column the user chose to ignore


@dataclasses.dataclass
class ProposedColumn:
    """One sheet column in the mapping preview: its header, an example value, the ledger column
    proposed for it (header, or IGNORE, or None: the user must choose) and why."""

    index: int
    header: str
    example: str
    column: str | None
    how: str  # "exact", "synonym", "saved", "ignored", "" (unknown)


@dataclasses.dataclass
class Proposal:
    header_index: int  # in the rows read
    header_row: int  # as Excel numbers it
    columns: list[ProposedColumn]

    @property
    def needs_user(self) -> bool:
        """Whether the user should confirm it: a column unknown, or matched by a synonym they have
        not confirmed before (their saved choices and the columns' own names need no confirming)."""
        return any(c.how in ("", "synonym") for c in self.columns)


_ID_LIKE = re.compile(r"^\d{17}[\dXx]$")
_PHONE_LIKE = re.compile(r"^1\d{10}$")


def _masked_example(value: str, pii: str) -> str:
    """An example cell in the mapping preview: masked where it is (or looks like) personal data."""
    if not value:
        return value
    if pii:
        return MASKERS[pii](value)
    if _ID_LIKE.match(value):
        return MASKERS["id_number"](value)
    if _PHONE_LIKE.match(value):
        return MASKERS["phone"](value)
    return value


def propose_mapping(
    rows: list[tuple[int, tuple[Any, ...]]], ledger: Any, aliases: Aliases, saved: dict[str, str]
) -> Proposal:
    """列对应 proposed for a sheet: its header row (below any title rows), and for each column the
    ledger column by its own name, by the user's saved mapping, by a synonym — or none."""
    index, mapping, _ = locate_header(rows, ledger, aliases)
    by_key = {header_key(c.header): c for c in ledger.columns}
    by_header = {c.header: c for c in ledger.columns}
    example_row = next((v for _, v in rows[index + 1 :] if any(_text(x) for x in v)), ())
    columns = []
    for i, raw in enumerate(rows[index][1]):
        header = _text(raw)
        key = header_key(raw)
        if not header:
            continue
        example = _text(example_row[i]) if i < len(example_row) else ""
        if key in by_key:
            column, how = by_key[key].header, "exact"
        elif key in saved:
            column, how = saved[key], "saved"
        elif i in mapping:
            column, how = mapping[i].header, "synonym"
        elif key.rstrip("*") in IGNORED_HEADERS:
            column, how = IGNORE, "ignored"
        else:
            column, how = None, ""
        pii = by_header[column].pii if column in by_header else ""
        columns.append(ProposedColumn(i, header, _masked_example(example, pii)[:40], column, how))
    return Proposal(index, rows[index][0], columns)


def confirmed_mapping(
    ledger: Any, proposal: Proposal, chosen: dict[int, str]
) -> tuple[dict[str, Any], dict[int, str]]:
    """The user's 列对应 checked: every column chosen (a ledger column or IGNORE), no ledger column
    twice, every required column present. Returns (the job's mapping, errors per sheet column;
    key -1 for the sheet as a whole)."""
    headers = {c.header for c in ledger.columns}
    errors: dict[int, str] = {}
    seen: dict[str, int] = {}
    for col in proposal.columns:
        value = chosen.get(col.index)
        if value is None:
            errors[col.index] = f"请为“{col.header}”选择对应的台账列，或选择忽略此列。"
        elif value != IGNORE and value not in headers:
            errors[col.index] = f"“{value}”不是本台账的列。"
        elif value != IGNORE and value in seen:
            errors[col.index] = f"“{value}”已对应第 {seen[value] + 1} 列，一个台账列只能对应一列。"
        elif value != IGNORE:
            seen[value] = col.index
    missing = [c.header for c in ledger.columns if c.required and c.header not in seen]
    if missing and not errors:
        errors[-1] = f"缺少必需的列：{'、'.join(missing)}。请把表格中对应的列选为这些台账列。"
    mapping = {"header": proposal.header_index, "columns": {str(i): v for i, v in chosen.items()}}
    return mapping, errors


def job_proposal(job: ImportJob, ledger: Any) -> tuple[Proposal | None, str]:
    """The 列对应 proposed for a job's file — for a case line's 台账 or a register's sheet alike
    (`ledger` has `columns`) — with the user's saved choices for the job's kind; or (None, why the
    file cannot be read: the job has failed and its file is deleted)."""
    from fazhi.cases.models import ImportMapping

    try:
        rows = read_job_rows(job)[: HEADER_SEARCH_ROWS + 2]
    except ValueError as exc:
        fail_job(job, str(exc))
        discard_upload(job)
        return None, str(exc)
    if not rows:
        fail_job(job, "文件为空。")
        discard_upload(job)
        return None, "文件为空。"
    saved = ImportMapping.objects.filter(user=job.created_by, kind=job.kind).first()
    return propose_mapping(rows, ledger, aliases_for(job.kind), saved.columns if saved else {}), ""


def remember_mapping(user: Any, kind: str, proposal: Proposal, chosen: dict[int, str]) -> None:
    """Save the user's choices for the columns not named as the ledger names them, for their next
    upload of this kind (a 台账 kind, or "reg:<key>" for a register)."""
    from fazhi.cases.models import ImportMapping

    with transaction.atomic():
        saved, _ = ImportMapping.objects.select_for_update().get_or_create(user=user, kind=kind)
        for c in proposal.columns:
            if c.how != "exact" and c.index in chosen:
                saved.columns[header_key(c.header)] = chosen[c.index]
        saved.save()


def job_header(
    job: ImportJob, rows: list[tuple[int, tuple[Any, ...]]], ledger: Any, aliases: Aliases
) -> tuple[int, dict[int, Any], str]:
    """The header row and column mapping of a job's rows: as the user confirmed them in the 列对应
    preview, or else found from the header (`locate_header`, with its problem if any)."""
    if job.mapping:
        return job.mapping["header"], _job_mapping(job, ledger, aliases), ""
    return locate_header(rows, ledger, aliases)


def _job_mapping(job: ImportJob, ledger: Any, aliases: Aliases) -> dict[int, Any]:
    """The column mapping a user confirmed for this job (value synonyms applied as usual)."""
    by_header = {c.header: c for c in ledger.columns}
    mapping: dict[int, Any] = {}
    for i, header in job.mapping.get("columns", {}).items():
        col = by_header.get(header)
        if col is not None:  # None: ignored
            mapping[int(i)] = aliases.applied(col)
    return mapping


_PARTY_KEY = re.compile(r"party_(\d+)_(\w+)")


def _column_of(key: str, ledger: registry.Ledger) -> str:
    """The header to blame for an error keyed by a row key (or the whole row)."""
    for c in ledger.columns:  # an exact key first ("applicant_count" is not "applicant")
        if key == c.key:
            return c.header
    party = _PARTY_KEY.fullmatch(key)
    if party:  # a party's field (party_<order>_<field>): the party columns of that field, in order
        order, name = int(party.group(1)), party.group(2)
        field = {"name": ""}.get(name, name)
        ours = [  # a name: the parties' name columns; else the columns of that field (ID number …)
            c for c in ledger.columns if (c.key.endswith(f"_{field}") if field else c.pii == "name")
        ]
        return ours[min(order, len(ours) - 1)].header if ours else ""
    for c in ledger.columns:
        if key == c.key or key.endswith(f"_{c.key}") or key.startswith(f"{c.key}"):
            return c.header
    return ""


def run_import(job: ImportJob) -> ImportJob:
    """Import a stored ledger file (deleted when the import ends, however it ends). Existing case
    numbers are skipped."""
    try:
        return _run_import(job)
    finally:
        if not (job.dry_run and job.status == ImportStatus.DONE):  # kept for the confirmed import
            discard_upload(job)


def _run_import(job: ImportJob) -> ImportJob:
    spec = registry.get(job.kind)
    ledger = spec.ledger
    actor = job.created_by
    job.status, job.rejected, job.error = ImportStatus.RUNNING, [], ""
    job.processed = job.created_count = job.skipped_count = 0
    job.save()
    try:
        rows = read_job_rows(job)
    except ValueError as exc:
        return fail_job(job, str(exc))
    if ledger is None or not rows:
        return fail_job(job, "文件为空，或该业务没有台账格式。")
    header, mapping, problem = job_header(job, rows, ledger, aliases_for(job.kind))
    if problem:
        return fail_job(job, problem)
    data_rows = [(n, v) for n, v in rows[header + 1 :] if any(_text(x) for x in v)]
    job.total = len(data_rows)
    job.save(update_fields=["total", "heartbeat_at"])
    with failed_on_crash(job):
        if job.dry_run:
            _dry_run(job, spec, ledger, actor, mapping, data_rows)
        else:
            _import_rows(job, spec, ledger, actor, mapping, data_rows)
    job.status, job.finished_at = ImportStatus.DONE, timezone.now()
    job.save()
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=job,
        detail={"created": job.created_count, "skipped": job.skipped_count, "rejected": len(job.rejected)},
    )
    return job


def fail_if_stalled(job: ImportJob) -> ImportJob:
    """A running import whose worker stopped (no chunk saved for FAZHI_JOB_STALL_MINUTES) ends as
    失败 with what was kept, instead of saying 导入中 for ever. Called where a person looks at the
    job (its page polls) and by `fazhi jobs_stalled` (a periodic job)."""
    if not job.stalled:
        return job
    return fail_job(
        job,
        f"导入中断：已超过 {settings.FAZHI_JOB_STALL_MINUTES} 分钟没有进展（后台任务可能已停止）。"
        f"前 {job.processed:,} 行已处理并保存，其后的行未导入；重新导入时，已导入的行会被识别并跳过。",
    )


def _dry_run(job, spec, ledger, actor, mapping, data_rows) -> None:
    """试导入: the import as it would run — every row planned, checked and written by the same
    code — inside one transaction that is rolled back; what stays is the job's counts, every
    rejected row and `summary`, the cases per state it would have made."""
    before = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        _import_rows(job, spec, ledger, actor, mapping, data_rows)
        made = (
            Case.objects.filter(kind=spec.kind, pk__gt=before)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by("status")
        )
        states = spec.workflow.states
        job.summary = {states.get(status, status): n for status, n in made}
        transaction.set_rollback(True)


def import_confirmed(job: ImportJob, *, actor: Any) -> ImportJob:
    """正式导入 after a 试导入: a new import job of the same file (the dry run's file passes to it)
    under the same 列对应 (a column the user chose to ignore stays ignored)."""
    if not (job.dry_run and job.status == ImportStatus.DONE and job.file):
        raise LookupError("试导入结果已失效，请重新上传。")
    real = ImportJob.objects.create(
        kind=job.kind, file=job.file.name, filename=job.filename, created_by=actor, mapping=job.mapping
    )
    ImportJob.objects.filter(pk=job.pk).update(file="")
    return real


def discard_unconfirmed(*, older_than_hours: int = 24) -> int:
    """Files of dry runs nobody confirmed, and of uploads whose column mapping nobody confirmed,
    are deleted after a day (personal data in clear)."""
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    stale = list(
        ImportJob.objects.filter(Q(dry_run=True) | Q(status=ImportStatus.MAPPING), created_at__lt=cutoff)
        .exclude(file="")
        .exclude(status__in=[ImportStatus.PENDING, ImportStatus.RUNNING])
    )
    for job in stale:
        discard_upload(job)
        if job.status == ImportStatus.MAPPING:
            fail_job(job, "列对应一天内未确认，上传的文件已删除，请重新上传。")
    return len(stale)


@contextmanager
def failed_on_crash(job: Any) -> Iterator[None]:
    """An import that breaks off on an unexpected error ends as 失败 with what was kept (each chunk
    commits on its own), instead of saying 导入中 for ever; the error still reaches the worker's log."""
    try:
        yield
    except Exception:
        fail_job(
            job,
            f"导入意外中断：前 {job.processed:,} 行已处理并保存，其后的行未导入。"
            "请把文件交给系统管理员查看日志；修正后重新导入时，已导入的行会被识别并跳过。",
        )
        raise


def _import_rows(job, spec, ledger, actor, mapping, data_rows) -> None:
    number_col = next((i for i, c in mapping.items() if c.key == ledger.number_key), None)
    planner = None
    # The bulk writer needs the new keys back from a multi-row INSERT (PostgreSQL, SQLite ≥ 3.35).
    if ledger.plan is not None and connection.features.can_return_rows_from_bulk_insert:
        planner = bulk.Planner(actor=actor, ledger=ledger)
    size = BULK_CHUNK if planner is not None else CHUNK
    known = _KnownRows(job.kind, ledger, mapping, data_rows, number_col, actor)
    for start in range(0, len(data_rows), size):
        chunk = data_rows[start : start + size]
        numbers = {
            _parsed(mapping[number_col], v[number_col])
            for _, v in chunk
            if number_col is not None and number_col < len(v)
        }
        existing = _existing(job.kind, numbers)
        with transaction.atomic():
            if planner is not None:
                with bulk.gc_paused():
                    _import_chunk(job, ledger, planner, mapping, chunk, existing, actor, known)
            else:
                for row_number, values in chunk:
                    _import_row(job, ledger, mapping, row_number, values, existing, actor, known)
            # The progress commits with the chunk's rows: what the job says is what is stored.
            job.processed = min(start + size, len(data_rows))
            job.save(
                update_fields=["processed", "created_count", "skipped_count", "rejected", "heartbeat_at"]
            )


class _KnownRows:
    """Rows without a case number, recognised on the ledger's `natural_key` (unit, received date,
    applicant, title …): against the stored cases of the sheet's dates, read once, and against the
    rows of the sheet imported before. A value is compared as the ledger exports it (a unit by its
    name; a unit code in the sheet is read as its unit's name)."""

    def __init__(
        self, kind: str, ledger: registry.Ledger, mapping, data_rows, number_col, actor: Any
    ) -> None:
        self.columns = [c for c in ledger.columns if c.key in ledger.natural_key]
        self.keys: dict[tuple[str, ...], str] = {}
        self.active = bool(self.columns) and len(self.columns) == len(ledger.natural_key)
        if not self.active:
            return
        self.units = dict(OrgUnit.objects.values_list("code", "name"))
        day_col = next((i for i, c in mapping.items() if c.key == "received_on"), None)
        days = []
        for _, values in data_rows:
            unnumbered = number_col is None or number_col >= len(values) or not _text(values[number_col])
            if unnumbered and day_col is not None and day_col < len(values):
                day = _parsed(mapping[day_col], values[day_col])
                if isinstance(day, date):
                    days.append(day)
        if not days:
            return  # no stored case to compare with: only the sheet's own rows are compared
        # Only the importing actor's districts: another district's case is not this sheet's row
        # (and its number is not for this actor to see).
        in_districts = Q(pk__in=[])
        for district in actor_districts(actor):
            in_districts |= Q(org_path__startswith=district.path)
        stored = (
            Case.objects.filter(in_districts, kind=kind, received_on__range=(min(days), max(days)))
            .select_related("org_unit")
            .prefetch_related("parties")
        )
        spec = registry.get(kind)
        if spec.detail_model is not None:
            stored = stored.select_related(kind)
        for case in stored.iterator(chunk_size=2000):
            values = [c.value(case) if c.value else getattr(case, c.key, "") for c in self.columns]
            self.keys.setdefault(self._key(values), case.number)

    def _key(self, values: list[Any]) -> tuple[str, ...]:
        out = []
        for v in values:
            if isinstance(v, date):
                out.append(v.isoformat())
            else:
                text = "" if v is None else str(getattr(v, "name", v)).strip()
                out.append(self.units.get(text, text))
        return tuple(out)

    def duplicate(self, row: dict[str, Any]) -> str:
        """The number (or sheet row) of the case this unnumbered row repeats, or ""."""
        if not self.active:
            return ""
        return self.keys.get(self._key([row.get(c.key) for c in self.columns]), "")

    def add(self, row: dict[str, Any], label: str) -> None:
        if self.active:
            self.keys.setdefault(self._key([row.get(c.key) for c in self.columns]), label)

    def report(self, job, row_number: int, row: dict[str, Any], ledger: registry.Ledger) -> bool:
        """Skip and report a row repeating a stored case or an earlier row (True), else False."""
        if row.get(ledger.number_key):
            return False
        same = self.duplicate(row)
        if not same:
            return False
        job.skipped_count += 1
        fields = "、".join(c.header for c in self.columns)
        job.rejected.append(
            {"row": row_number, "column": "", "reason": f"与{same}重复（{fields}均相同），未重复导入。"}
        )
        return True


def _existing(kind: str, numbers: set[Any]) -> set[str]:
    """Which of these case numbers are stored already (asked in slices: databases limit the
    parameters of one statement)."""
    wanted = [n for n in numbers if n]
    found: set[str] = set()
    for i in range(0, len(wanted), CHUNK):
        qs = Case.objects.filter(kind=kind, number__in=wanted[i : i + CHUNK])
        found.update(qs.values_list("number", flat=True))
    return found


def _parsed(col: registry.LedgerColumn, raw: Any) -> Any:
    """A cell as the import reads it (e.g. a case number normalised as the line stores it), or
    None when it cannot be read (the row reports it when it is imported)."""
    try:
        return parse_cell(col, raw)
    except CellError:
        return None  # reported against the row when it is imported


def _parse_row(job, mapping, row_number, values) -> dict[str, Any] | None:
    """The row's typed values, or None after reporting each unreadable cell."""
    row: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for i, col in mapping.items():
        raw = values[i] if i < len(values) else None
        try:
            row[col.key] = parse_cell(col, raw)
        except CellError as exc:
            errors.append({"row": row_number, "column": col.header, "reason": str(exc)})
    if errors:
        job.rejected.extend(errors)
        return None
    return row


def _attempt(job, ledger, row_number, step: Callable[[], Any]) -> bool:
    """Run `step` for one row; report what the services refuse against the row and its column."""
    try:
        step()
    except WorkflowError as exc:
        for key, message in exc.errors.items():
            job.rejected.append({"row": row_number, "column": _column_of(key, ledger), "reason": message})
    except (LawValidationError, ValidationError, PermissionDenied, LookupError, ValueError) as exc:
        message = getattr(exc, "message", None) or "；".join(getattr(exc, "messages", [])) or str(exc)
        job.rejected.append({"row": row_number, "column": "", "reason": message})
    else:
        return True
    return False


def _apply(job, ledger, row_number, row, existing, actor, known) -> None:
    """One row through the line's services, in its own savepoint."""

    def step() -> None:
        with transaction.atomic():
            ledger.apply(actor=actor, row=row)

    if _attempt(job, ledger, row_number, step):
        job.created_count += 1
        if row.get(ledger.number_key):
            existing.add(row[ledger.number_key])
        else:
            known.add(row, f"本表第 {row_number} 行")


def _import_row(job, ledger, mapping, row_number, values, existing, actor, known) -> None:
    row = _parse_row(job, mapping, row_number, values)
    if row is None:
        return
    if row.get(ledger.number_key) and row[ledger.number_key] in existing:
        job.skipped_count += 1
        return
    if known.report(job, row_number, row, ledger):
        return
    _apply(job, ledger, row_number, row, existing, actor, known)


def _import_chunk(job, ledger, planner: bulk.Planner, mapping, chunk, existing, actor, known) -> None:
    """Plan each row of the chunk in memory (rejections reported as on the per-row path), then
    write the planned rows together. A row the planner cannot express goes through the services,
    after the rows planned before it are written, so numbers follow the row order."""
    planned: list[bulk.RowPlan] = []
    for row_number, values in chunk:
        row = _parse_row(job, mapping, row_number, values)
        if row is None:
            continue
        number = row.get(ledger.number_key)
        if number and number in existing:
            job.skipped_count += 1
            continue
        if known.report(job, row_number, row, ledger):
            continue
        step = _Plan(planner, row_number, row)
        try:
            ok = _attempt(job, ledger, row_number, step)
        except bulk.NotPlannable:
            _write(job, ledger, planner, planned, existing, actor, known)
            planned = []
            _apply(job, ledger, row_number, row, existing, actor, known)
            continue
        if ok:
            planned.append(step.result)
            if number:
                existing.add(number)
            else:
                known.add(row, f"本表第 {row_number} 行")
    _write(job, ledger, planner, planned, existing, actor, known)


class _Plan:
    """One row's planning step (for `_attempt`)."""

    def __init__(self, planner: bulk.Planner, row_number: int, row: dict[str, Any]) -> None:
        self.planner, self.row_number, self.row = planner, row_number, row
        self.result: bulk.RowPlan | None = None

    def __call__(self) -> None:
        self.result = self.planner.plan_row(self.row_number, self.row)


def _write(job, ledger, planner: bulk.Planner, planned: list[bulk.RowPlan], existing, actor, known) -> None:
    if not planned:
        return
    try:
        with transaction.atomic():
            bulk.write(planned, actor=actor, ledger=ledger, job=job)
    except DatabaseError:
        # E.g. another import stored one of these numbers meanwhile: nothing of the batch was
        # kept; take its rows through the services, which report each one as usual.
        planner.forget(planned)
        numbers = {r.row.get(ledger.number_key) for r in planned} - {None, ""}
        existing -= numbers
        existing |= _existing(job.kind, numbers)  # stored meanwhile: skipped, as on a re-import
        for r in planned:
            number = r.row.get(ledger.number_key)
            if number and number in existing:
                job.skipped_count += 1
                continue
            _apply(job, ledger, r.row_number, r.row, existing, actor, known)
    else:
        job.created_count += len(planned)


def fail_job(job: ImportJob, message: str) -> ImportJob:
    """End an import job as failed with a Chinese message (nothing of it was committed)."""
    job.status, job.error, job.finished_at = ImportStatus.FAILED, message, timezone.now()
    job.save()
    return job


def export_file(actor: Any, kind: str, cases: Iterable[Case]) -> IO[bytes]:
    """The worklist as the line's 台账 (.xlsx), written row by row to a temporary file (any size,
    constant memory); personal information masked unless the actor's role may see it. Audited."""
    spec = registry.get(kind)
    ledger = spec.ledger
    if ledger is None:
        raise LookupError(f"{spec.label}没有台账格式。")
    if isinstance(cases, QuerySet):  # each row's clear/masked decision in the same query
        cases = with_pii_flag(actor, cases)
    clear_rows = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal clear_rows
        for case in cases:
            # Decided per row by the case page's rule: a district-wide grant without the right
            # and a street grant with it show one street's rows in clear, not every street's.
            clear = may_see_pii(actor, case)
            clear_rows += clear
            out = []
            for c in ledger.columns:
                value = c.value(case) if c.value else getattr(case, c.key, "")
                if c.pii and not clear and value:
                    value = MASKERS[c.pii](str(value))
                out.append(value)
            yield out

    f, count = xlsx.write_sheet(spec.label, [c.header for c in ledger.columns], rows())
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="cases.case",
        object_repr=f"{spec.label}台账",
        detail={"rows": count, "clear_pii": clear_rows > 0, "clear_rows": clear_rows},
    )
    return f


def rejected_file(job: ImportJob) -> IO[bytes]:
    """The rows an import rejected (row, column, reason) as a sheet, to correct and import again."""
    rows = ([f"第 {r.get('row')} 行", r.get("column") or "—", r.get("reason", "")] for r in job.rejected)
    f, _ = xlsx.write_sheet("未导入行", ["行号", "列", "原因"], rows)
    return f


def export_workbook(actor: Any, kind: str, cases: Iterable[Case]) -> bytes:
    """`export_file`'s sheet as bytes (for tests and small exports)."""
    return xlsx.read_all(export_file(actor, kind, cases))


def template_workbook(kind: str) -> bytes:
    """An empty ledger with the headers (required ones marked *), for a bureau to fill in."""
    spec = registry.get(kind)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.label
    for i, c in enumerate(spec.ledger.columns if spec.ledger else (), start=1):
        cell = ws.cell(row=1, column=i, value=c.header + ("*" if c.required else ""))
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
