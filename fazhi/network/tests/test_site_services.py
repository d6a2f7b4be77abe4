"""站点服务安排: each service of a site as 常驻 / 定期 (with its hours) / 上门, with its roster — a
register scoped by the site's unit, shown on the site's page, imported from a sheet with every bad
row reported."""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.cases.models import ImportJob
from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Role
from fazhi.network.models import SiteService
from fazhi.registers import declarations, ledger
from fazhi.registers.services import register_create

pytestmark = pytest.mark.django_db
SITES = declarations.get("service_sites")
OFFERS = declarations.get("site_services")
BEISHAN, SANDUN = "330106002", "330106109"


def site(actor, name, unit):
    values = {"name": name, "level": "street", "org_unit": unit, "opened_on": date(2024, 1, 2)}
    return register_create(actor=actor, reg=SITES, values=values)


@pytest.fixture
def sites(make_user, xihu):
    admin = make_user(Role.ADMIN, "330106")
    return site(admin, "北山街道公共法律服务工作站", BEISHAN), site(admin, "三墩镇公共法律服务工作站", SANDUN)


def offer(actor, site_obj, **values):
    base = {
        "site": str(site_obj.pk),
        "service": "法律咨询",
        "staffing": "periodic",
        "started_on": date(2024, 3, 1),
    }
    return register_create(actor=actor, reg=OFFERS, values={**base, **values})


def test_a_street_arranges_its_own_site_s_services(make_user, sites, client):
    beishan, sandun = sites
    officer = make_user(Role.JUSTICE_OFFICE_STAFF, BEISHAN)
    with pytest.raises(WorkflowError) as refused:
        offer(officer, beishan)  # 定期 without its hours
    assert "值守时间" in refused.value.errors["schedule"]
    made = offer(officer, beishan, schedule="每周二、周四 14:00—17:00", roster="张律师、李律师")
    assert made.org_unit.code == BEISHAN  # the site's unit, not typed
    offer(officer, beishan, service="人民调解", staffing="resident")
    with pytest.raises(WorkflowError) as other:
        offer(officer, sandun, schedule="每周一")
    assert "三墩" in str(other.value)
    assert SiteService.objects.count() == 2

    client.force_login(officer)
    page = client.get(reverse("registers:detail", kwargs={"key": "service_sites", "pk": beishan.pk}))
    html = page.content.decode()
    assert "服务：法律咨询" in html and "定期，每周二、周四 14:00—17:00；值守：张律师、李律师" in html
    assert "服务：人民调解" in html and "常驻" in html
    listing = client.get(reverse("registers:list", kwargs={"key": "site_services"}) + "?staffing=periodic")
    assert listing.status_code == 200 and "张律师、李律师" in listing.content.decode()
    assert "人民调解" not in listing.content.decode().split("<tbody")[1]


def test_a_sheet_of_arrangements_reports_each_bad_row(make_user, sites, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    beishan, _ = sites
    admin = make_user(Role.ADMIN, "330106", username="admin2")
    wb = Workbook()
    for row in (
        ["站点", "服务事项", "值守方式", "值守时间", "值守人员", "开始日期"],
        [beishan.name, "法律咨询", "定期", "每周三 9:00—11:30", "王律师", "2024-03-01"],
        [beishan.name, "法律援助申请", "上门", "", "", "2024年3月1日"],
        [beishan.name, "公证咨询", "定期", "", "", "2024-03-01"],  # no hours
        ["不存在的工作站", "法律咨询", "常驻", "", "", "2024-03-01"],
        [beishan.name, "仲裁咨询", "轮流", "", "", "2024-03-01"],
    ):
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = ImportJob.objects.create(
        kind=ledger.job_kind(OFFERS),
        file=ContentFile(buffer.getvalue(), "安排.xlsx"),
        filename="安排.xlsx",
        created_by=admin,
    )
    ledger.run_import(job)
    job.refresh_from_db()
    assert job.created_count == 2, job.rejected
    reasons = {r["row"]: (r["column"], r["reason"]) for r in job.rejected}
    assert sorted(reasons) == [4, 5, 6]
    assert reasons[4][0] == "值守时间" and reasons[5][0] == "站点" and reasons[6][0] == "值守方式"
    assert set(SiteService.objects.values_list("service", flat=True)) == {"法律咨询", "法律援助申请"}
