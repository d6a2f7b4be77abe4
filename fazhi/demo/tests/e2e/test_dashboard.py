"""The 驾驶舱 in Chromium: tiles computed from records, the 两控一稳一升 goals, charts drawn, and a
drill-down from 败诉率 to exactly the lost cases."""

import re

import pytest

from fazhi.core.demo_accounts import DEMO_PASSWORD, ensure_demo_accounts
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.demo.tests.smalldata import small_root
from fazhi.demo.tests.test_litigation import ALONE_2024

pytestmark = pytest.mark.e2e

# Lines described as data (fazhi.demo.walker): their small year files.
SMALL_DATA = {
    "mediation": """
[rosters]
full_time_mediators = 23
admin_mediation_orgs = 1

[[cases]]
end = "agreed"
outcome = "agreement"
count = 29

[[cases]]
outcome = "failed"
count = 1

[[cases]]
outcome = "refused"
count = 1
""",
    # 12 suits filed, 10 concluded, 2 of them lost (20.00%)
    "litigation": ALONE_2024,
    # 20 received: 2 不予受理, 14 concluded (2 纠错 → 14.29%, one with its 意见书; 4 调撤), 4 pending
    "reconsideration": """
[[cases]]
outcome = "BU_SHOULI"
count = 2

[[cases]]
end = "decided"
outcome = "CHEXIAO"
via = ["issue_opinion"]
received = ["02-01", "07-31"]
follow = { kind = "opinion_letter", end = "replied", outcome = "corrected" }
count = 1

[[cases]]
end = "decided"
outcome = "QUEREN_WEIFA"
count = 1

[[cases]]
outcome = "HEJIE_CHEHUI"
via = ["record_reply"]
count = 2

[[cases]]
outcome = "TIAOJIE"
via = ["record_reply", "mediate"]
count = 2

[[cases]]
end = "decided"
outcome = "WEICHI"
count = 2

[[cases]]
end = "decided"
outcome = "WEICHI"
count = 4
receive = { parties = [{ role = "applicant", who = "company" }] }

[[cases]]
end = "decided"
outcome = "BOHUI_QINGQIU"
variant = "nonperformance"
count = 2

[[cases]]
end = "reviewing"
received = ["11-10", "12-31"]
data = { accept = { procedure = "ordinary" } }
count = 4
""",
}
SMALL_DATA["legal_aid"] = """
[[registers]]
register = "legal_aid_lawyers"
count = 4
units = "code:330106-FYZX"
values = { name = { gen = "name" }, law_firm = "杭州留下律师事务所（演示）", licensed_on = { gen = "la_licensed", years = { "5" = 1 } }, licence_number = { gen = "la_licence" } }

[[cases]]
end = "evaluated"
until = "10-20"
count = 5

[[cases]]
end = "evaluated"
until = "10-20"
data = { evaluate = { grade = "pass" } }
count = 1

[[cases]]
end = "reported"
variant = "notified"
count = 5

[[cases]]
end = "reported"
variant = "group"
receive = { detail = { applicant_count = 5, amount_at_stake = 100000 } }
count = 1

[[cases]]
outcome = "refused"
variant = "over_income"
count = 2

[[registers]]
register = "commendations"
count = 3
after_cases = true
units = "code:330106-FYZX"
values = { kind = "letter", giver = { gen = "name" }, note = "感谢12348法律咨询热线耐心解答" }

[[registers]]
register = "consultations"
count = 30
after_cases = true
units = "code:330106-FYZX"
values = { channel = "phone", topic = "labour", summary = "拖欠工资如何维权" }
"""


def test_leader_reads_the_dashboard_and_drills_into_losses(
    page, login, xihu, screenshot, tmp_path, monkeypatch
):
    import importlib

    ensure_demo_accounts()
    ctx = DemoContext(seed=3)
    for line, text in SMALL_DATA.items():
        monkeypatch.setattr(walker, "DATA", small_root(tmp_path, line, {2024: text}))
    for line in ("mediation", "legal_aid", "reconsideration", "litigation"):
        importlib.import_module(f"fazhi.demo.{line}").generate(ctx, 2024)
    login("leader", DEMO_PASSWORD)
    page.get_by_role("link", name="驾驶舱").click()
    page.wait_for_load_state("networkidle")
    tile = page.get_by_test_id("tile-litigation.loss_rate")
    assert tile.inner_text() == "20.00%"
    assert page.get_by_test_id("tile-mediation.success_rate").inner_text() == "96.67%"
    assert page.get_by_test_id("tile-reconsideration.correction_rate").inner_text() == "14.29%"
    assert "两控一稳一升" in page.content()
    assert page.locator("#trend canvas").count() == 4  # ECharts drew one small trend per line
    screenshot(page, "dashboard")
    tile.click()
    assert "共 2 条" in page.get_by_test_id("drill-count").inner_text()
    rows = page.get_by_test_id("drill-table").locator("a")
    assert rows.count() == 2 and "行初" in rows.first.inner_text()
    rows.first.click()
    assert "行政应诉" in page.content()


DRILL = re.compile(r"/indicators/mediation\.accepted/records/\?")


def _small_demo(tmp_path, monkeypatch):
    import importlib

    ensure_demo_accounts()
    ctx = DemoContext(seed=3)
    for line, text in SMALL_DATA.items():
        monkeypatch.setattr(walker, "DATA", small_root(tmp_path, line, {2024: text}))
    for line in ("mediation", "legal_aid", "reconsideration", "litigation"):
        importlib.import_module(f"fazhi.demo.{line}").generate(ctx, 2024)


def _click_point(page, selector, data_index, value):
    """Click an ECharts data point (its pixel position from the chart itself)."""
    x, y = page.evaluate(
        """([sel, i, v]) => {
            const el = document.querySelector(sel);
            el.scrollIntoView({block: "center", behavior: "instant"});
            const [x, y] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, [i, v]);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }""",
        [selector, data_index, value],
    )
    page.mouse.click(x, y)


def test_charts_open_the_records_behind_a_point(page, login, xihu, screenshot, tmp_path, monkeypatch):
    _small_demo(tmp_path, monkeypatch)
    login("leader", DEMO_PASSWORD)
    page.goto("/indicators/?year=2024")
    page.wait_for_load_state("networkidle")
    series = page.evaluate("JSON.parse(document.getElementById('trend-series').textContent)")
    mediation = next(i for i, s in enumerate(series) if s["name"] == "人民调解受理数")
    data = [int(float(v)) for v in series[mediation]["data"]]
    month = max(range(12), key=lambda m: data[m])
    count = data[month]
    _click_point(page, f"#trend-{mediation}", month, count)
    page.wait_for_url(DRILL)
    assert f"共 {count} 条" in page.get_by_test_id("drill-count").inner_text()
    assert f"2024-{month + 1:02d}-01" in page.content()
    page.go_back()
    page.wait_for_load_state("networkidle")
    towns = page.evaluate("JSON.parse(document.getElementById('by-township').textContent)")
    bars = [r for r in towns["mediation.accepted"] if r["url"]]
    _click_point(page, "#township", float(bars[0]["value"]) / 2, 0)  # the middle of the first bar
    page.wait_for_url(DRILL)
    assert f"共 {int(float(bars[0]['value']))} 条" in page.get_by_test_id("drill-count").inner_text()


def test_a_justice_office_reads_its_street_dashboard_on_a_phone(
    page, login, xihu, screenshot, tmp_path, monkeypatch
):
    _small_demo(tmp_path, monkeypatch)
    login("sfs_beishan", DEMO_PASSWORD)
    page.goto("/indicators/?year=2024")
    page.wait_for_load_state("networkidle")
    text = page.locator("main").inner_text()
    assert "两控一稳一升" not in text and "行政复议" not in text and "人民调解成功率" in text
    screenshot(page, "dashboard-justice-office")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-dashboard-justice-office")
    page.context.clear_cookies()
    login("leader", DEMO_PASSWORD)
    page.goto("/indicators/?year=2024")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-dashboard-leader")
