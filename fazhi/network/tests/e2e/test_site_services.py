"""站点服务安排 in Chromium: a 司法所 arranges 法律咨询 at its station — 定期 without hours is refused
next to the field — then the station's page lists it; desktop and phone."""

import re
from datetime import date

import pytest

from fazhi.core.roles import Role
from fazhi.registers import declarations
from fazhi.registers.services import register_create

pytestmark = pytest.mark.e2e


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def test_a_station_arranges_a_service(page, login, make_user, screenshot, xihu):
    admin = make_user(Role.ADMIN, "330106")
    station = register_create(
        actor=admin,
        reg=declarations.get("service_sites"),
        values={
            "name": "北山街道公共法律服务工作站",
            "level": "street",
            "org_unit": "330106002",
            "opened_on": date(2024, 1, 2),
        },
    )
    make_user(Role.JUSTICE_OFFICE_STAFF, "330106002", username="beishan_ap", display_name="北山司法所 孙所长")
    login("beishan_ap")
    page.goto("/registers/site_services/new/")
    form = page.get_by_test_id("register-form")
    field(form, "站点").select_option(label=station.name)
    field(form, "服务事项").fill("法律咨询")
    field(form, "值守方式").select_option(label="定期")
    field(form, "值守人员").fill("张律师、李律师")
    field(form, "开始日期").fill("2024-03-01")
    form.get_by_role("button", name="保存").click()
    assert "值守时间" in page.get_by_test_id("error-schedule").inner_text()
    screenshot(page, "site-service-error")
    field(page.get_by_test_id("register-form"), "值守时间").fill("每周二、周四 14:00—17:00")
    page.get_by_test_id("register-form").get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "法律咨询" in page.get_by_role("heading", level=1).inner_text()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/registers/service_sites/{station.pk}/")
    text = page.get_by_test_id("record-fields").inner_text() + page.content()
    assert "服务：法律咨询" in text and "定期，每周二、周四 14:00—17:00；值守：张律师、李律师" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "site-service-station-phone")
