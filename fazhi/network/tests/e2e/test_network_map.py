"""服务网络地图 in Chromium on the Xihu demo network (its synthetic population): a leader filters the
map to 公证机构, reads a 镇街's coverage and gap in the table view (equal to the selector's),
sorts it, then sites 2 new 公证机构 — greedy and exact side by side — on desktop and phone; a bad
k is refused next to the field. A street's staff sees only its street."""

import pytest
from django.core.management import call_command

from fazhi.core.demo_accounts import DEMO_PASSWORD, ensure_demo_accounts
from fazhi.core.scoping import SYSTEM
from fazhi.network import coverage as cov
from fazhi.network.tests.e2e.walk import open_map, open_map_and_site, run_siting, street_coverage

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
NOTARY = "公证机构"


@pytest.fixture
def network_demo(xihu):
    ensure_demo_accounts()
    call_command("demo", "--line", "network", "--year", "2024", "--quiet")
    # The demo's coordinates come from its population, so its figures are read, not assumed.
    return cov.coverage_report(SYSTEM, "type:notary")


def test_leader_filters_the_map_reads_a_gap_and_sites_two_places(page, login, screenshot, network_demo):
    expected = network_demo
    worst = max(expected.rows, key=lambda r: r.uncovered)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    login("leader", DEMO_PASSWORD)
    summary, row, result = open_map_and_site(page, NOTARY, worst.name, k=2)
    assert summary["covered"] == f"{expected.covered:,} / {expected.population:,}"
    assert summary["gap"] == f"{expected.uncovered:,}"
    assert (row.population, row.covered, row.uncovered) == (worst.population, worst.covered, worst.uncovered)
    text = result.inner_text()
    # 现状 is the map's coverage (same reaches: 街道 on foot, 镇 by the rural mode)
    assert (
        f"{expected.covered:,} / {expected.population:,}"
        in page.get_by_test_id("siting-compare").inner_text()
    )
    assert "贪心算法" in text and "精确求解" in text and "两种方法相差" in text
    picks = page.get_by_test_id("siting-picks").locator("tbody tr")
    assert picks.count() == 2
    assert page.locator("[data-testid=siting-map] .leaflet-tooltip").count() == 2  # both on the map
    screenshot(page, "network-siting")

    page.goto("/network/map/?kind=type:notary")
    page.wait_for_selector("[data-testid=net-map][data-state=ready]")
    box = page.get_by_test_id("net-map")
    assert int(box.get_attribute("data-places")) == expected.facilities
    assert int(box.get_attribute("data-uncovered")) == len(expected.uncovered_points)
    assert page.locator(".fz-map-label").count() == len(expected.rows)
    # The table view sorts by 未覆盖人口 (numbers, not text), descending on a second click.
    table = page.get_by_test_id("street-table")
    table.get_by_role("button", name="未覆盖人口").click()
    table.get_by_role("button", name="未覆盖人口").click()
    first = table.locator("tbody tr").first.get_by_role("rowheader").inner_text()
    assert first.startswith(worst.name)
    assert table.locator("th[aria-sort=descending]").count() == 1
    screenshot(page, "network-map")
    page.get_by_role("link", name="覆盖率报表").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("coverage-matrix").locator("tbody tr").count() == len(expected.rows)
    with page.expect_download() as download:
        page.get_by_test_id("coverage-export").click()
    assert download.value.suggested_filename == "公共法律服务覆盖率.xlsx"
    screenshot(page, "network-coverage")
    page.get_by_role("navigation", name="导航").get_by_role("link", name="驾驶舱").click()
    page.wait_for_load_state("networkidle")
    tile = page.get_by_test_id("coverage-tile")
    sites = cov.coverage_report(SYSTEM, cov.ALL_SITES)
    assert f"{sites.covered:,} / {sites.population:,}" in tile.inner_text()
    tile.get_by_role("link").first.click()
    page.wait_for_selector("[data-testid=net-map][data-state=ready]")

    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector("[data-testid=net-map][data-state=ready]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-network-map")
    run_siting(page, NOTARY, 2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-network-siting")
    assert refused == []  # Leaflet and our script run under the site's CSP, nothing inline


def test_bad_k_is_refused_next_to_the_field(page, login, network_demo):
    login("leader", DEMO_PASSWORD)
    page.goto("/network/siting/")
    page.get_by_label("新增点位数").fill("25")
    page.get_by_role("button", name="开始测算").click()
    assert page.get_by_test_id("error-k").inner_text() == "新增点位数最多为 20。"
    assert page.get_by_test_id("siting-result").count() == 0


def test_a_street_sees_its_own(page, login, screenshot, network_demo):
    login("sfs_beishan", DEMO_PASSWORD)
    open_map(page, NOTARY)
    rows = page.get_by_test_id("street-table").locator("tbody tr")
    assert rows.count() == 1 and "北山街道" in rows.first.inner_text()
    mine = cov.coverage_report(SYSTEM, "type:notary")
    beishan = next(r for r in mine.rows if r.name == "北山街道")
    assert street_coverage(page, "北山街道").covered == beishan.covered
    screenshot(page, "network-map-street")
