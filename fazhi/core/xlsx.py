"""Writing large Excel sheets (台账 exports of tens of thousands of rows) in constant memory:
XlsxWriter's constant_memory mode writes each row to a temporary file as it comes, so an export
holds one row in memory and the response streams the finished file from disk. Dates are written
as Excel dates (年-月-日), decimals as numbers, None as an empty cell. `download` answers any
.xlsx (a sheet on disk or bytes) as an attachment."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
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
# A text beginning with one of these is a formula to a spreadsheet (CSV/formula injection, OWASP):
# a party named =HYPERLINK(…) must stay a name. Such cells are written as text with Excel's
# quote prefix, so they stay text even when a user edits the cell; the value itself is unchanged
# (a re-import reads the same name).
FORMULA_START = ("=", "+", "-", "@")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take `text` as a formula (or it begins with a control character)."""
    return text.startswith(FORMULA_START) or (bool(text) and ord(text[0]) < 32)


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
    as_text = wb.add_format({"quote_prefix": True})
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
                text = str(value)
                if formula_like(text):
                    ws.write_string(r, c, text, as_text)
                else:
                    ws.write_string(r, c, text)
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


class SheetTooLarge(ValueError):
    """A workbook refused before it is read: reading it would take more memory than allowed."""


# A cell's reference (letters and digits) or a row's number (digits only), found by the literal
# `r="` in any attribute order: one pass, several times faster than matching whole tags. (Another
# attribute ending in "r" could only make the found range larger, on the safe side.)
_REF = re.compile(rb'r="([A-Z]{0,3})([0-9]{1,7})"')
_SHEET_REL = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\sr:id="([^"]+)"')


def _column_number(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + (b - 64)
    return n


def _first_sheet(zf: zipfile.ZipFile) -> str | None:
    """The path of the workbook's first sheet inside the package (as the readers take it)."""
    names = set(zf.namelist())
    try:
        rel = _SHEET_REL.search(zf.read("xl/workbook.xml"))
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        rel = None
    if rel is not None:
        m = re.search(
            rb'<Relationship\b[^>]*?Id="' + re.escape(rel.group(1)) + rb'"[^>]*?Target="([^"]+)"', rels
        )
        m = m or re.search(
            rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="' + re.escape(rel.group(1)) + rb'"', rels
        )
        if m:
            target = m.group(1).decode()
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if path in names:
                return path
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    return sheets[0] if sheets else None


def check_workbook(content: bytes, *, max_cells: int, max_unpacked: int) -> None:
    """Refuse (SheetTooLarge, in Chinese) a workbook whose first sheet spans more than `max_cells`
    cells from A1 to its farthest cell, or whose parts unpack to more than `max_unpacked` bytes,
    before any reader allocates it: a reader builds the sheet as one rectangle, so a 5 KB file with
    a single far cell (XFD1048576) once asked for 549 GB and took the task worker down. The cells
    are found by scanning the sheet's XML as it streams out of the package (constant memory)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return  # not an .xlsx package (e.g. an old .xls): the reader decides; its size is the upload's
    with zf:
        unpacked = sum(i.file_size for i in zf.infolist())
        if unpacked > max_unpacked:
            raise SheetTooLarge(
                f"文件解压后达 {unpacked // 2**20:,} MB，超过上限 {max_unpacked // 2**20:,} MB：请拆分后分批导入。"
            )
        sheet = _first_sheet(zf)
        if sheet is None:
            return
        max_row = max_col = 0
        tail = b""
        with zf.open(sheet) as fh:
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                cut = data.rfind(b"<")  # a tag cut by the chunk's end is scanned with the next one
                data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
                refs = _REF.findall(data)  # ~0.2 s for a 20,000-row ledger
                if refs:
                    letters = {col for col, _ in refs if col}
                    if letters:
                        max_col = max(max_col, max(map(_column_number, letters)))
                    max_row = max(max_row, max(int(row) for _, row in refs))
        if max_row * max(max_col, 1) > max_cells:
            raise SheetTooLarge(
                f"工作表的范围从 A1 到第 {max_row:,} 行第 {max_col:,} 列，共 {max_row * max_col:,} 个单元格，"
                f"超过上限 {max_cells:,}：请删除表格右侧和下方的空白格式或多余内容，或拆分后分批导入。"
            )
