"""Writing large Excel sheets (台账 exports of tens of thousands of rows) in constant memory:
XlsxWriter's constant_memory mode writes each row to a temporary file as it comes, so an export
holds one row in memory and the response streams the finished file from disk. Dates are written
as Excel dates (年-月-日), decimals as numbers, None as an empty cell. `download` answers any
.xlsx (a sheet on disk or bytes) as an attachment."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Sheet names may not hold these characters and are at most 31 long (Excel's rules).
_BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


def write_sheet(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, bold: Iterable[int] = ()
) -> tuple[IO[bytes], int]:
    """One sheet: the headers (bold; columns `bold` marked, e.g. required ones, get a "*" already in
    their header), then `rows`. Returns the finished .xlsx as an open temporary file positioned at
    its start (deleted when closed) and the number of data rows written."""
    out = tempfile.TemporaryFile(suffix=".xlsx")
    wb = xlsxwriter.Workbook(
        out,
        {"constant_memory": True, "tmpdir": tempfile.gettempdir(), "strings_to_numbers": False},
    )
    ws = wb.add_worksheet(title.translate(_BAD_TITLE)[:31] or "Sheet1")
    header = wb.add_format({"bold": True})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    moment = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(0, 0, list(headers), header)
    count = 0
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                ws.write_datetime(r, c, value.replace(tzinfo=None), moment)
            elif isinstance(value, date):
                ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            elif isinstance(value, Decimal):
                ws.write_number(r, c, float(value))
            else:
                ws.write_string(r, c, str(value))
        count = r
    ws.set_column(0, max(len(headers) - 1, 0), 14)
    wb.close()
    out.seek(0)
    return out, count


def read_all(f: IO[bytes]) -> bytes:
    """The file's bytes (for callers that want them in memory), closing it."""
    with f:
        return f.read()


def download(content: bytes | IO[bytes], filename: str) -> FileResponse:
    """An .xlsx download: `content` (bytes, or an open file streamed from disk and closed after)
    as an attachment named `filename` (UTF-8, as RFC 6266 allows)."""
    f = io.BytesIO(content) if isinstance(content, bytes) else content
    response = FileResponse(f, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
