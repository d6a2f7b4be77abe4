"""Coverage from records: a 10-point fixture computed by hand equals the selector's and the pages'
numbers; scoping; the cache follows edits; the network mode is offered only with a PBF file."""

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.geo.plane import haversine_m
from fazhi.network import coverage as cov
from fazhi.network.models import PopulationPoint, ResourceType
from fazhi.network.tests import fixtures
from fazhi.network.tests.fixtures import BEISHAN, SANDUN
from fazhi.registers import declarations
from fazhi.registers.services import register_create, register_retire

KIND = "type:mediation_org"
PBF = Path(__file__).resolve().parents[2] / "geo" / "tests" / "data" / "helsinki.osm.pbf"


@pytest.fixture
def admin(make_user, xihu):
    user = make_user(Role.ADMIN, "330106")
    fixtures.build(user, xihu)
    return user


def test_the_fixture_distances_are_what_the_hand_computation_assumes(admin):
    a = fixtures.lnglat(0, 0)
    for _, name, x, y, _ in fixtures.POINTS[:5]:
        p = fixtures.lnglat(x, y)
        d = float(haversine_m(float(a[0]), float(a[1]), float(p[0]), float(p[1])))
        # haversine is on a sphere, the plane on the ellipsoid: they differ by < 0.5%, far inside
        # the margins the fixture keeps to its thresholds (923 m and 2,885 m)
        assert d == pytest.approx(np.hypot(x, y), rel=0.005), name


def test_coverage_by_hand_equals_the_engine(admin):
    report = cov.coverage_report(admin, KIND)
    assert (report.population, report.covered) == (fixtures.TOTAL, fixtures.COVERED)
    got = {r.code: (r.population, r.covered) for r in report.rows}
    assert got == fixtures.EXPECTED
    assert report.share == round(100 * 680 / 1650, 2)
    sandun = next(r for r in report.rows if r.code == SANDUN)
    assert sandun.rural and sandun.uncovered == 70
    assert {p["name"] for p in report.uncovered_points} == {"北山丁", "北山戊", "三墩丙", "三墩丁"}
    # No resource of another type anywhere: nobody is covered, and the gap is everyone.
    other = cov.coverage_report(admin, "type:notary")
    assert other.covered == 0 and other.uncovered == fixtures.TOTAL


def test_the_pages_show_the_same_numbers(client, admin):
    client.force_login(admin)
    data = client.get(reverse("network:map_data"), {"kind": KIND}).json()
    assert (data["population"], data["covered"]) == (1650, 680)
    streets = {s["code"]: (s["population"], s["covered"], s["uncovered"]) for s in data["streets"]}
    assert streets == {BEISHAN: (1500, 600, 900), SANDUN: (150, 80, 70)}
    assert len(data["places"]) == 2 and len(data["uncovered"]) == 4 and data["outline"]
    page = client.get(reverse("network:coverage"), {"kind": KIND}).content.decode()
    assert 'data-testid="coverage-covered">680 / 1,650<' in page
    assert 'data-testid="coverage-gap">970<' in page
    assert '<td class="text-end" data-value="600">600</td>' in page
    m = client.get(reverse("network:map"), {"kind": KIND}).content.decode()
    assert "41.21%" in m  # 680 / 1650


def test_a_street_sees_only_its_own_population_and_places(client, admin, make_user):
    street = make_user(Role.JUSTICE_OFFICE_STAFF, BEISHAN)
    report = cov.coverage_report(street, KIND)
    assert [r.code for r in report.rows] == [BEISHAN]
    assert (report.population, report.covered) == (1500, 600)
    client.force_login(street)
    data = client.get(reverse("network:map_data"), {"kind": KIND}).json()
    assert [p["name"] for p in data["places"]] == ["北山调解委员会"]
    assert all(p["street"] == "北山街道" for p in data["uncovered"])
    # 三墩镇's own staff see theirs: the resource in 北山 still serves 三墩戊 across the border.
    sandun = cov.coverage_report(make_user(Role.JUSTICE_OFFICE_STAFF, SANDUN), KIND)
    assert (sandun.population, sandun.covered) == (150, 80)


def test_who_may_open_the_pages(client, admin, make_user):
    for role, org, allowed in (
        (Role.LEADER, "330106", True),
        (Role.JUSTICE_OFFICE_STAFF, BEISHAN, True),
        (Role.RECONSIDERATION_OFFICER, "330106", False),
        (Role.PUBLIC, "330106", False),
    ):
        client.force_login(make_user(role, org))
        for name in ("network:map", "network:coverage", "network:siting", "network:map_data"):
            assert client.get(reverse(name)).status_code == (200 if allowed else 403), (role, name)
        home = client.get("/").content.decode()
        assert ("服务网络地图" in home) is allowed, role


def test_export_is_for_roles_that_may_export(client, admin, make_user):
    leader = make_user(Role.LEADER, "330106")
    client.force_login(leader)
    page = client.get(reverse("network:coverage")).content.decode()
    assert 'data-testid="coverage-export"' in page
    resp = client.get(reverse("network:coverage_export"), {"kind": KIND})
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    rows = list(load_workbook(__import__("io").BytesIO(b"".join(resp.streaming_content))).active.values)
    mediation = [r for r in rows if r[0] == "调解组织"]
    assert ("调解组织", "北山街道", 1500, 600, 40.0, 900) == mediation[0][:6]
    assert mediation[-1][1:4] == ("合计", 1650, 680)
    street = make_user(Role.JUSTICE_OFFICE_STAFF, BEISHAN)  # views and changes, does not export
    client.force_login(street)
    assert 'data-testid="coverage-export"' not in client.get(reverse("network:coverage")).content.decode()
    assert client.get(reverse("network:coverage_export")).status_code == 403


def test_an_edit_shows_at_once(admin, xihu):
    assert cov.coverage_report(admin, KIND).covered == 680
    mediation = ResourceType.objects.get(code="mediation_org")
    lng, lat = fixtures.lnglat(-950, 0)
    new = register_create(
        actor=admin,
        reg=declarations.get("service_resources"),
        values={
            "name": "新调解点",
            "type": str(mediation.pk),
            "org_unit": BEISHAN,
            "lng": str(lng),
            "lat": str(lat),
            "listed_on": date(2024, 5, 1),
        },
    )
    assert cov.coverage_report(admin, KIND).covered == 680 + 400
    register_retire(actor=admin, reg=declarations.get("service_resources"), obj=new, on=date(2024, 6, 1))
    assert cov.coverage_report(admin, KIND).covered == 680
    PopulationPoint.objects.filter(name="北山丁").update(population=401)
    assert cov.coverage_report(admin, KIND).population == 1651


def test_the_latest_population_year_is_used(admin, xihu):
    PopulationPoint.objects.create(
        org_unit=xihu[BEISHAN],
        name="新年份",
        lng=fixtures.lnglat(0, 0)[0],
        lat=fixtures.lnglat(0, 0)[1],
        population=7,
        source="census",
        year=2023,
    )
    report = cov.coverage_report(admin, KIND)
    assert (report.year, report.population, report.covered) == (2023, 7, 7)
    assert cov.coverage_report(admin, KIND, year=2020).population == 1650


def test_network_mode_is_offered_only_with_a_pbf(client, admin, settings):
    settings.FAZHI_WALK_PBF = ""
    client.force_login(admin)
    page = client.get(reverse("network:map"), {"kind": KIND, "mode": "network"}).content.decode()
    assert "未配置路网文件" in page and "disabled" in page
    assert client.get(reverse("network:map_data"), {"mode": "network"}).status_code == 400
    settings.FAZHI_WALK_PBF = str(PBF)
    assert cov.network_unavailable() == ""
    along = cov.coverage_report(admin, KIND, mode="network")
    # Helsinki's streets are far from Hangzhou's people: the way cannot be shorter than the line.
    assert along.population == 1650 and along.covered <= 680


def test_the_dashboard_tile(client, admin, make_user):
    # The tile counts sites (none in the fixture): first nobody, then a 村社工作室 at A's place
    # reaches 北山甲乙丙 (600) and, 三墩 being rural, 三墩戊 (50).
    client.force_login(admin)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert 'data-testid="coverage-tile"' in page and "0 / 1,650 人" in page
    lng, lat = fixtures.lnglat(0, 0)
    register_create(
        actor=admin,
        reg=declarations.get("service_sites"),
        values={
            "name": "北山工作室",
            "level": "village",
            "org_unit": BEISHAN,
            "lng": str(lng),
            "lat": str(lat),
            "opened_on": date(2024, 3, 1),
        },
    )
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert "650 / 1,650 人" in page and "39.39%" in page and reverse("network:map") in page
    client.force_login(make_user(Role.RECONSIDERATION_OFFICER, "330106"))
    assert 'data-testid="coverage-tile"' not in client.get(reverse("indicators:dashboard")).content.decode()
