"""The 驾驶舱 in Chromium: tiles computed from records, the 两控一稳一升 goals, charts drawn, and a
drill-down from 败诉率 to exactly the lost cases."""

import pytest

from fazhi.core.demo_accounts import DEMO_PASSWORD, ensure_demo_accounts
from fazhi.demo.context import DemoContext

pytestmark = pytest.mark.e2e

SMALL = {
    "mediation": {
        "accepted": 30,
        "succeeded": 29,
        "refused": 1,
        "full_time_mediators": 23,
        "admin_mediation_orgs": 1,
    },
    "legal_aid": {
        "accepted": 12,
        "refused": 2,
        "consultations": 30,
        "commendations": 3,
        "group_labour": [(5, 100_000)],
        "new_lawyers": 4,
        "peer_reviewed": 6,
        "peer_good": 5,
    },
    "reconsideration": {
        "received": 20,
        "not_accepted": 2,
        "concluded": 14,
        "corrected": 2,
        "settled": 4,
        "opinion_letters": 1,
        "enterprise_share": 0.2,
    },
    "litigation": {"received": 12, "concluded": 10, "lost": 2, "settled": 3, "head_appearance": 1.0},
}


def test_leader_reads_the_dashboard_and_drills_into_losses(page, login, xihu, screenshot):
    import importlib

    ensure_demo_accounts()
    ctx = DemoContext(seed=3)
    for line, target in SMALL.items():
        importlib.import_module(f"fazhi.demo.{line}").generate(ctx, 2024, target)
    login("leader", DEMO_PASSWORD)
    page.get_by_role("link", name="驾驶舱").click()
    page.wait_for_load_state("networkidle")
    tile = page.get_by_test_id("tile-litigation.loss_rate")
    assert tile.inner_text() == "20.00%"
    assert page.get_by_test_id("tile-mediation.success_rate").inner_text() == "96.67%"
    assert page.get_by_test_id("tile-reconsideration.correction_rate").inner_text() == "14.29%"
    assert "两控一稳一升" in page.content()
    assert page.locator("#trend canvas").count() == 1  # ECharts drew the trend
    screenshot(page, "dashboard")
    tile.click()
    assert "共 2 条" in page.get_by_test_id("drill-count").inner_text()
    rows = page.get_by_test_id("drill-table").locator("a")
    assert rows.count() == 2 and "行初" in rows.first.inner_text()
    rows.first.click()
    assert "行政应诉" in page.content()
