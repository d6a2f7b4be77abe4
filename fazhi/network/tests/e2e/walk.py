"""Reusable steps of the network walk in Chromium (the joint walk continues from here to the
signpost sheet): open the map filtered to a kind, read a 镇街's coverage and gap from the table
view, and run the siting tool. Each step asserts what a user would see and returns it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class StreetCoverage:
    population: int
    covered: int
    uncovered: int
    share: str


def open_map(page, kind_label: str | None = None) -> dict[str, str]:
    """From the menu to 服务网络地图, filtered to `kind_label` (a 类型 option); waits for the map."""
    page.get_by_role("navigation", name="导航").get_by_role("link", name="服务网络地图").click()
    if kind_label:
        page.get_by_label("类型").select_option(label=kind_label)
        page.get_by_role("button", name="查看").click()
        page.wait_for_load_state("networkidle")
    page.wait_for_selector("[data-testid=net-map][data-state=ready]")
    return {
        "share": page.get_by_test_id("coverage-share").inner_text(),
        "covered": page.get_by_test_id("coverage-covered").inner_text(),
        "gap": page.get_by_test_id("coverage-gap").inner_text(),
    }


def street_coverage(page, street: str) -> StreetCoverage:
    """One 镇街's row of the table view under the map."""
    row = page.get_by_test_id("street-table").locator(
        "tbody tr", has=page.get_by_role("rowheader", name=street)
    )
    cells = [c.replace(",", "") for c in row.locator("td").all_inner_texts()]
    return StreetCoverage(int(cells[0]), int(cells[1]), int(cells[3]), cells[2])


def run_siting(page, kind_label: str, k: int = 2, reach: str | None = None, candidates: str | None = None):
    """选址测算 for `k` new places of `kind_label`; returns the result region (greedy and exact)."""
    page.get_by_role("navigation", name="导航").get_by_role("link", name="选址测算").click()
    page.get_by_label("类型").select_option(label=kind_label)
    page.get_by_label("新增点位数").fill(str(k))
    if reach:
        page.get_by_label("可达方式").select_option(label=reach)
    if candidates:
        page.get_by_label("候选点").select_option(label=candidates)
    page.get_by_role("button", name="开始测算").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("[data-testid=siting-map][data-state=ready]")
    return page.get_by_test_id("siting-result")


def open_map_and_site(page, kind_label: str, street: str, k: int = 2):
    """The whole step: the map filtered to a kind, a 镇街's coverage and gap, then k new places.
    Returns (the map's summary, the street's coverage, the siting result region)."""
    summary = open_map(page, kind_label)
    row = street_coverage(page, street)
    result = run_siting(page, kind_label, k)
    return summary, row, result
