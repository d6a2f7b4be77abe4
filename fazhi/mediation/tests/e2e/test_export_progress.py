"""A leader exports a 20,000-row 人民调解台账 in Chromium: with no task worker running, the export
runs in the web process; its page shows the rows written, then the file downloads and opens with
20,000 data rows."""

import io

import pytest
from openpyxl import load_workbook

from fazhi.cases import ledger_views
from fazhi.core.roles import Role
from fazhi.mediation.tests.test_export_jobs import BIG, bulk_cases

pytestmark = pytest.mark.e2e


class _NoWorker:
    """The task queue with no worker: a job waits until the page's fallback runs it."""

    @staticmethod
    def enqueue(*args, **kwargs):
        return None


def test_a_20000_row_export_shows_progress_and_downloads(
    page, login, make_user, xihu, settings, monkeypatch, screenshot
):
    settings.FAZHI_EXPORT_FALLBACK_SECONDS = 1
    monkeypatch.setattr(ledger_views, "export_ledger_task", _NoWorker)
    bulk_cases(xihu, BIG)
    make_user(Role.LEADER, username="lingdao")
    login("lingdao")
    page.goto("/cases/mediation/")
    page.get_by_role("link", name="导出台账").click()
    page.wait_for_url("**/cases/exports/*/")
    progress = page.get_by_test_id("export-progress")
    assert progress.is_visible()
    summary = page.get_by_test_id("export-summary")
    page.wait_for_function(
        "() => /已写入 \\d+ 行/.test(document.querySelector('[data-testid=export-summary]').textContent)"
    )
    screenshot(page, "export-progress")
    link = page.get_by_test_id("export-download")
    link.wait_for(timeout=120_000)
    assert "共 20000 行，已写入 20000 行（100%）" in summary.text_content()
    screenshot(page, "export-done")
    with page.expect_download() as info:
        link.click()
    download = info.value
    name = download.suggested_filename
    assert name.startswith("人民调解台账-") and name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "案号" and len(rows) - 1 == BIG
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-export-done")
