"""人口分布点 as a register: a bureau imports its own grid or building population (coordinates in
any of the three systems, stored as WGS-84; every bad row reported with its column and reason;
a re-import adds nothing) and the coverage report counts the imported people at once."""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook

from fazhi.cases.models import ImportJob
from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Role
from fazhi.geo.coords import wgs84_to_gcj02
from fazhi.network import coverage as cov
from fazhi.network.models import PopulationPoint
from fazhi.network.tests.fixtures import BEISHAN, COVERED, TOTAL, build, lnglat
from fazhi.registers import declarations, ledger
from fazhi.registers.services import register_create

pytestmark = pytest.mark.django_db
POPULATION = declarations.get("population_points")


def sheet_job(actor, rows):
    wb = Workbook()
    wb.active.append(["名称", "所在镇街", "经度", "纬度", "录入坐标系", "人口", "来源", "年份"])
    for r in rows:
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = ImportJob.objects.create(
        kind=ledger.job_kind(POPULATION),
        file=ContentFile(buffer.getvalue(), "人口.xlsx"),
        filename="人口.xlsx",
        created_by=actor,
    )
    ledger.run_import(job)
    job.refresh_from_db()
    return job


def test_an_imported_grid_is_counted_by_the_coverage_at_once(make_user, xihu, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = make_user(Role.ADMIN, "330106")
    build(admin, xihu, year=2020)
    assert cov.coverage_report(admin, "type:mediation_org").population == TOTAL

    near_a = lnglat(300, 0)  # 300 m east of 调解组织 A: within the walk
    g_lng, g_lat = wgs84_to_gcj02(float(near_a[0]), float(near_a[1]))
    rows = [
        ["网格0001", "北山街道", float(near_a[0]), float(near_a[1]), "WGS-84", 700, "网格或楼栋数据", 2020],
        [
            "网格0002",
            "北山街道",
            round(float(g_lng), 6),
            round(float(g_lat), 6),
            "GCJ-02",
            50,
            "网格或楼栋数据",
            2020,
        ],
        ["网格0003", "北山街道", 30.28, 120.10, "WGS-84", 10, "网格或楼栋数据", 2020],  # swapped
        ["网格0004", "北山街道", 120.10, 30.28, "WGS-84", 10, "网格或楼栋数据", 1990],  # year
        ["网格0005", "北山街道", 120.10, 30.28, "WGS-84", -5, "网格或楼栋数据", 2020],  # people
    ]
    job = sheet_job(admin, rows)
    assert job.created_count == 2, job.rejected
    reasons = {r["row"]: (r["column"], r["reason"]) for r in job.rejected}
    assert sorted(reasons) == [4, 5, 6]
    assert reasons[4][0] in ("经度", "纬度"), reasons[4]  # swapped: a latitude of 120 is refused
    assert reasons[5][0] == "年份" and "2000" in reasons[5][1]
    assert reasons[6][0] == "人口"
    converted = PopulationPoint.objects.get(name="网格0002")
    assert converted.entered_system == "wgs84"
    assert abs(converted.lng - near_a[0]) <= Decimal("0.000002") and abs(
        converted.lat - near_a[1]
    ) <= Decimal("0.000002")

    report = cov.coverage_report(admin, "type:mediation_org")  # no stale cache: counted at once
    assert (report.population, report.covered) == (TOTAL + 750, COVERED + 750)
    assert sheet_job(admin, rows[:2]).created_count == 0  # already registered: skipped


def test_a_street_enters_only_its_own_points(make_user, xihu):
    officer = make_user(Role.JUSTICE_OFFICE_STAFF, BEISHAN)
    values = {
        "name": "楼栋A",
        "lng": "120.10",
        "lat": "30.28",
        "population": 120,
        "source": "grid",
        "year": 2024,
    }
    point = register_create(actor=officer, reg=POPULATION, values={**values, "org_unit": BEISHAN})
    assert point.org_unit.code == BEISHAN
    with pytest.raises(Exception) as refused:
        register_create(
            actor=officer, reg=POPULATION, values={**values, "name": "楼栋B", "org_unit": "330106109"}
        )
    assert isinstance(refused.value, (WorkflowError, PermissionError)) or "权限" in str(refused.value)
    assert not PopulationPoint.objects.filter(name="楼栋B").exists()
