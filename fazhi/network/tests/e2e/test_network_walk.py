"""Issue 17's walk in one go, in Chromium, on the Xihu demo network: a district 公共法律服务 user
opens the map, filters a resource type, reads a 镇街's coverage and gap, sites 2 new places, prints
a signpost sheet from the register and follows its QR code logged out to the public
nearest-resources page — the steps of test_network_map and test_signpost_sheet joined."""

import pytest
from django.core.management import call_command

from fazhi.core.demo_accounts import DEMO_PASSWORD, ensure_demo_accounts
from fazhi.core.scoping import SYSTEM
from fazhi.network import coverage as cov
from fazhi.network.models import Signpost
from fazhi.network.tests.e2e.test_signpost_sheet import print_signpost_sheet_and_follow
from fazhi.network.tests.e2e.walk import open_map_and_site

pytestmark = pytest.mark.e2e


def test_map_gap_siting_sheet_and_public_page(page, login, screenshot, xihu, live_server):
    ensure_demo_accounts()
    call_command("demo", "--line", "network", "--year", "2024", "--quiet")
    expected = cov.coverage_report(SYSTEM, "type:law_firm")
    worst = max(expected.rows, key=lambda r: r.uncovered)

    login("fayuan", DEMO_PASSWORD)  # 法援中心: 公共法律服务 view and change at the district
    summary, row, result = open_map_and_site(page, "律师事务所", worst.name, k=2)
    assert summary["gap"] == f"{expected.uncovered:,}"
    assert (row.population, row.uncovered) == (worst.population, worst.uncovered)
    assert page.get_by_test_id("siting-picks").locator("tbody tr").count() == 2
    gained = [
        int(t.replace(",", "").lstrip("+")) for t in result.locator("td.text-success").all_inner_texts()
    ]
    assert gained and all(g > 0 for g in gained)  # both methods cover more people than today
    screenshot(page, "walk-17-siting")

    signpost = Signpost.objects.filter(removed_on__isnull=True, lat__isnull=False).order_by("pk").first()
    walked = print_signpost_sheet_and_follow(
        page, signpost.place, type_label="律师事务所", screenshot=screenshot, name="walk-17"
    )
    assert walked["url"] == f"{live_server.url}/portal/nearby/{signpost.token}/"
    assert "12348" in walked["public"].content()
