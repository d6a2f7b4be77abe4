"""The network's registers (coordinates converted on entry, refused with the field named) and its
figures counted from records, the services total being a sum across lines' own records."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.cases.workflow import WorkflowError
from fazhi.core.roles import Role
from fazhi.core.scoping import SYSTEM
from fazhi.geo.coords import wgs84_to_gcj02
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, breakdown, compute
from fazhi.network.defaults import ensure_resource_types
from fazhi.network.models import ResourceType, ServiceSite
from fazhi.registers import declarations
from fazhi.registers.services import register_create, register_retire

SITES = declarations.get("service_sites")
RESOURCES = declarations.get("service_resources")
SIGNPOSTS = declarations.get("signposts")
RECORDS = declarations.get("service_records")
CONSULTATIONS = declarations.get("consultations")
BEISHAN, SANDUN = "330106002", "330106109"


@pytest.fixture
def staff(make_user):
    ensure_resource_types()
    return make_user(Role.ADMIN, "330106")


def site(actor, name, opened, unit=BEISHAN, **extra):
    values = {"name": name, "level": "village", "org_unit": unit, "opened_on": opened, **extra}
    return register_create(actor=actor, reg=SITES, values=values)


def test_a_coordinate_taken_from_amap_is_stored_in_wgs84(staff):
    wgs = (120.130000, 30.270000)
    g_lng, g_lat = wgs84_to_gcj02(*wgs)
    obj = site(
        staff,
        "文三社区工作室",
        date(2024, 3, 1),
        lng=f"{g_lng:.6f}",
        lat=f"{g_lat:.6f}",
        entered_system="gcj02",
    )
    obj.refresh_from_db()
    assert obj.entered_system == "wgs84"
    assert abs(float(obj.lng) - wgs[0]) < 2e-6 and abs(float(obj.lat) - wgs[1]) < 2e-6  # ~0.2 m
    # the GCJ-02 value itself is ~500 m away: it was not stored as given
    assert abs(float(obj.lng) - g_lng) > 0.003


@pytest.mark.parametrize(
    "lng,lat,field,words",
    [
        ("30.27", "120.13", "lng", "填反"),
        ("120.13", "", "lat", "同时填写"),
        ("2.35", "48.85", "lng", "不在中国"),
    ],
)
def test_bad_coordinates_are_refused_next_to_the_field(staff, lng, lat, field, words):
    with pytest.raises(WorkflowError) as exc:
        site(staff, "某工作室", date(2024, 3, 1), lng=lng, lat=lat)
    assert words in exc.value.errors[field]
    assert not ServiceSite.objects.filter(name="某工作室").exists()


def test_an_optional_choice_left_empty_is_stored_empty(staff):
    rec = register_create(
        actor=staff,
        reg=RECORDS,
        values={
            "served_on": date(2024, 5, 6),
            "channel": "resident",
            "service_type": "notary",
            "org_unit": BEISHAN,
        },
    )
    rec.refresh_from_db()
    assert rec.rating == ""


def test_the_five_figures_from_records(staff):
    law_firm = ResourceType.objects.get(code="law_firm")
    site(staff, "甲工作室", date(2023, 6, 1))
    site(staff, "乙工作室", date(2024, 2, 1))
    site(staff, "丙工作室", date(2024, 9, 1), unit=SANDUN)
    kept = register_create(
        actor=staff,
        reg=SIGNPOSTS,
        values={"place": "文化广场", "org_unit": BEISHAN, "installed_on": date(2023, 4, 1)},
    )
    gone = register_create(
        actor=staff,
        reg=SIGNPOSTS,
        values={"place": "菜场门口", "org_unit": SANDUN, "installed_on": date(2023, 4, 1)},
    )
    register_retire(actor=staff, reg=SIGNPOSTS, obj=gone, on=date(2024, 6, 30))
    for i in range(3):
        register_create(
            actor=staff,
            reg=RESOURCES,
            values={
                "name": f"某律所{i}",
                "type": str(law_firm.pk),
                "org_unit": BEISHAN,
                "listed_on": date(2022, 1, 1),
            },
        )
    for rating in ("satisfied", "satisfied", "basic", "dissatisfied", ""):
        register_create(
            actor=staff,
            reg=RECORDS,
            values={
                "served_on": date(2024, 5, 6),
                "channel": "resident",
                "service_type": "notary",
                "org_unit": BEISHAN,
                "rating": rating,
            },
        )
    register_create(
        actor=staff,
        reg=CONSULTATIONS,
        values={
            "consulted_on": date(2024, 3, 5),
            "channel": "phone",
            "org_unit": "330106002-SFS",
            "topic": "labour",
        },
    )
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    keys = [
        "services.new_sites",
        "services.signposts",
        "services.resources",
        "services.records",
        "services.satisfaction_rate",
    ]
    got = {
        r.key: r
        for r in compute(
            [registry.get(k) for k in keys],
            period=period,
            org=staff.grants.first().org_unit if False else _xihu(),
            user=SYSTEM,
            compare=False,
        )
    }
    assert got["services.new_sites"].value == 2
    assert got["services.signposts"].value == 1  # one removed before the year's end
    assert got["services.resources"].value == 3
    assert got["services.records"].value == 5 + 1  # 5 service records + 1 consultation
    rate = got["services.satisfaction_rate"]
    assert (rate.numerator, rate.denominator, rate.value) == (3, 4, Decimal("75.00"))
    rows = breakdown(registry.get("services.new_sites"), "township", period=period, org=_xihu(), user=SYSTEM)
    assert {r["label"]: r["numerator"] for r in rows if r["numerator"]} == {"北山街道": 1, "三墩镇": 1}
    del kept


def _xihu():
    from fazhi.core.models import OrgUnit

    return OrgUnit.objects.get(code="330106")


def test_the_services_total_drills_into_each_line_s_own_records(staff, client, make_user):
    register_create(
        actor=staff,
        reg=RECORDS,
        values={
            "served_on": date(2024, 5, 6),
            "channel": "resident",
            "service_type": "notary",
            "org_unit": BEISHAN,
            "summary": "公证咨询",
        },
    )
    register_create(
        actor=staff,
        reg=CONSULTATIONS,
        values={
            "consulted_on": date(2024, 3, 5),
            "channel": "phone",
            "org_unit": "330106002-SFS",
            "topic": "labour",
            "summary": "欠薪咨询",
        },
    )
    client.force_login(make_user(Role.LEADER))
    url = reverse("indicators:drill", args=["services.records"]) + "?from=2024-01-01&to=2024-12-31&org=330106"
    page = client.get(url).content.decode()
    assert 'data-testid="drill-components"' in page
    for label, n in (
        ("公证、鉴定、法治体检等法律服务记录", 1),
        ("受理的人民调解案件", 0),
        ("法律咨询（来电、来访、网上）", 1),
    ):
        assert f"{label} {n}" in page
    # the consultations part opens its own rows
    page = client.get(url + "&component=3").content.decode()
    assert "欠薪咨询" in page or "在登记簿中查看" in page
