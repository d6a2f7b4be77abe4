"""Portal browser tests: a phone (390×844) or desktop page that lets the test inject axe-core
(the site's Content-Security-Policy refuses any script it did not send; bypass_csp is the test's
only), screenshots into /tmp/h1-shots/, and the WCAG 2.1 AA check."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 860}
SHOTS = Path("/tmp/h1-shots")


def _context(browser, live_server, viewport):
    context = browser.new_context(
        locale="zh-CN",
        viewport=viewport,
        base_url=live_server.url,
        bypass_csp=True,
        has_touch=viewport == PHONE,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _context(browser, live_server, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context, page = _context(browser, live_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the page, one line per element."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"""
    )
    return [f"{v['id']}: {n['target']} {n['failureSummary'] or ''}" for v in result for n in v["nodes"]]


@pytest.fixture(autouse=True)
def _sms_to_a_file(settings, tmp_path):
    """The browser tests' SMS go through the development FileBackend into a file of their own: a
    sign-in code is starred out of the outbox once delivered (fazhi.core.sms, `secret`), so a test
    reads it where the person would — on the "phone", the file (`sms_code`)."""
    settings.FAZHI_SMS_BACKEND = "fazhi.core.sms.FileBackend"
    settings.FAZHI_SMS_FILE_PATH = str(tmp_path / "sms.log")


def sms_code(phone: str) -> str:
    """The code in the newest SMS the FileBackend wrote for `phone` (masked there, as on a log)."""
    import re

    from django.conf import settings

    from fazhi.core.pii import mask_phone

    path = Path(settings.FAZHI_SMS_FILE_PATH)
    rows = (
        [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )
    for row in reversed(rows):
        found = re.search(r"\d{6}", row[-1])
        if len(row) == 3 and row[1] == mask_phone(phone) and found:
            return found.group(0)
    raise AssertionError(f"no code sent to {mask_phone(phone)}")
