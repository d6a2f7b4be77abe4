"""The admin in Chromium reads in Chinese: its index and the task queue's list (后台任务)."""

import re

import pytest

from fazhi.core.models import User

pytestmark = pytest.mark.e2e

LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


def test_the_admin_reads_in_chinese(page, login, xihu, screenshot):
    User.objects.create_superuser("root", "root@example.org", "pw-Fazhi-test-1")
    login("root")
    page.goto("/admin/")
    text = page.locator("#content").inner_text()
    assert "后台任务" in text and "Task" not in text and "Django" not in page.locator("body").inner_text()
    screenshot(page, "admin-index")
    page.goto("/admin/django_tasks_database/dbtaskresult/")
    body = page.locator("#content").inner_text()
    assert "后台任务" in body and not LATIN_WORD.findall(body), LATIN_WORD.findall(body)
    screenshot(page, "admin-tasks")
