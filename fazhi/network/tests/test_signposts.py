"""Signpost QR sheets and the public nearest-resources page (issue 17): the PDF opened and its QR
code decoded, the page's order checked against fazhi.geo's haversine, bad input and scoping."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.geo.plane import haversine_m
from fazhi.network.defaults import ensure_resource_types
from fazhi.network.models import Signpost
from fazhi.registers import declarations
from fazhi.registers.services import register_create, register_retire

SITES = declarations.get("service_sites")
RESOURCES = declarations.get("service_resources")
SIGNPOSTS = declarations.get("signposts")
BEISHAN, SANDUN = "330106002", "330106109"
SCREENS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

# A signpost at 北山街道 and places around it (WGS-84). Distances are what haversine says, not
# figures typed here.
HERE = (120.1500, 30.2600)
SITE_POINTS = [
    ("北山街道公共法律服务工作站", "street", 120.1530, 30.2610),
    ("宝石社区工作室", "village", 120.1480, 30.2650),
    ("西湖区公共法律服务中心", "district", 120.1300, 30.2700),
    ("远处社区工作室", "village", 120.0500, 30.1500),
    ("曙光社区工作室", "village", 120.1502, 30.2598),
]
RESOURCE_POINTS = [
    ("湖滨律师事务所", "law_firm", 120.1560, 30.2580),
    ("西溪律师事务所", "law_firm", 120.1400, 30.2700),
    ("保俶路律师事务所", "law_firm", 120.1510, 30.2620),
    ("北山人民调解委员会", "mediation_org", 120.1490, 30.2610),
    ("西湖公证处", "notary", 120.1450, 30.2550),
]


@pytest.fixture
def admin(make_user):
    ensure_resource_types()
    return make_user(Role.ADMIN, "330106")


@pytest.fixture
def network(admin):
    return build_network(admin)


def build_network(admin):
    """The sites and resources above, through the registers' one write path; returns a function
    that sets up a signpost (place, unit code, point)."""
    for name, level, lng, lat in SITE_POINTS:
        register_create(
            actor=admin,
            reg=SITES,
            values={
                "name": name,
                "level": level,
                "org_unit": BEISHAN,
                "lng": f"{lng:.6f}",
                "lat": f"{lat:.6f}",
                "address": f"{name}地址",
                "opening_hours": "工作日 9:00-17:00",
                "phone": "0571-87000000",
                "opened_on": date(2024, 1, 2),
            },
        )
    for name, code, lng, lat in RESOURCE_POINTS:
        register_create(
            actor=admin,
            reg=RESOURCES,
            values={
                "name": name,
                "type": code,
                "org_unit": BEISHAN,
                "lng": f"{lng:.6f}",
                "lat": f"{lat:.6f}",
                "phone": "0571-88000000",
                "listed_on": date(2024, 1, 2),
            },
        )

    def signpost(place: str, unit: str = BEISHAN, point: tuple[float, float] = HERE) -> Signpost:
        return register_create(
            actor=admin,
            reg=SIGNPOSTS,
            values={
                "place": place,
                "org_unit": unit,
                "lng": f"{point[0]:.6f}",
                "lat": f"{point[1]:.6f}",
                "installed_on": date(2024, 3, 1),
            },
        )

    return signpost


def pages_as_images(pdf: bytes, scale: float = 2.0) -> list:
    doc = pdfium.PdfDocument(pdf)
    return [doc[i].render(scale=scale).to_pil() for i in range(len(doc))]


def decoded(image) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


# --- the sheet -----------------------------------------------------------------------------------


def test_the_sheet_is_an_a4_pdf_whose_qr_code_is_the_signposts_public_address(client, admin, network):
    s = network("北山街道保俶路口")
    client.force_login(admin)
    response = client.get(reverse("signpost_sheets:one", args=[s.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pdf = response.content
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 1
    width, height = doc[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = doc[0].get_textpage().get_text_range()
    for words in (
        "北山街道保俶路口",
        "扫码查找离您最近的公共法律服务",
        "12348",
        "北山街道公共法律服务工作站",
    ):
        assert words in text.replace("\r\n", "").replace("\n", "")
    image = pages_as_images(pdf)[0]
    SCREENS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENS / "signpost-sheet-unit.png")
    assert decoded(image) == [f"http://testserver/portal/nearby/{s.token}/"]


def test_the_qr_code_uses_the_configured_public_address(client, admin, network, settings):
    settings.FAZHI_PUBLIC_BASE_URL = "https://fazhi.xihu.example.gov.cn/"
    s = network("北山街道断桥")
    client.force_login(admin)
    pdf = client.get(reverse("signpost_sheets:one", args=[s.pk])).content
    assert decoded(pages_as_images(pdf)[0]) == [f"https://fazhi.xihu.example.gov.cn/portal/nearby/{s.token}/"]


def test_the_sheet_lists_the_nearest_sites_nearest_first(client, admin, network):
    s = network("北山街道断桥")
    client.force_login(admin)
    text = pdfium.PdfDocument(client.get(reverse("signpost_sheets:one", args=[s.pk])).content)[0]
    text = text.get_textpage().get_text_range().replace("\r\n", "").replace("\n", "")
    by_distance = sorted(SITE_POINTS, key=lambda p: float(haversine_m(*HERE, p[2], p[3])))
    positions = [text.find(name) for name, *_ in by_distance[:4]]
    assert -1 not in positions and positions == sorted(positions)
    assert by_distance[4][0] not in text  # four listed: the farthest is left out


def test_a_batch_for_a_street_prints_one_page_per_signpost_each_with_its_own_code(
    client, admin, network, xihu
):
    a, b = network("北山街道一号牌"), network("北山街道二号牌", point=(120.1450, 30.2550))
    network("三墩镇一号牌", unit=SANDUN, point=(120.0900, 30.3200))
    client.force_login(admin)
    response = client.get(reverse("signpost_sheets:batch"), {"org_unit": xihu[BEISHAN].pk})
    assert response.status_code == 200
    codes = [decoded(image) for image in pages_as_images(response.content, scale=1.5)]
    assert codes == [[f"http://testserver/portal/nearby/{s.token}/"] for s in (a, b)]
    # a selection: only the ticked one
    response = client.get(reverse("signpost_sheets:batch"), {"ids": [str(b.pk)]})
    assert [decoded(i) for i in pages_as_images(response.content, 1.5)] == [
        [f"http://testserver/portal/nearby/{b.token}/"]
    ]


@pytest.mark.parametrize("params", [{}, {"ids": ["x", ""]}, {"org_unit": "abc"}, {"ids": ["999999"]}])
def test_a_batch_with_nothing_chosen_says_so(client, admin, network, params):
    network("北山街道一号牌")
    client.force_login(admin)
    response = client.get(reverse("signpost_sheets:batch"), params, follow=True)
    assert response.status_code == 200
    assert "请至少勾选一块指引牌" in response.content.decode()


def test_the_print_page_lists_a_streets_signposts_ticked(client, admin, network, xihu):
    network("北山街道一号牌")
    network("三墩镇一号牌", unit=SANDUN, point=(120.0900, 30.3200))
    client.force_login(admin)
    html = client.get(reverse("signpost_sheets:choose"), {"org_unit": xihu[SANDUN].pk}).content.decode()
    assert "三墩镇一号牌" in html and "北山街道一号牌" not in html
    assert client.get(reverse("signpost_sheets:choose"), {"org_unit": "x'"}).status_code == 200


# --- who may print -------------------------------------------------------------------------------


def test_a_role_that_may_not_change_signposts_sees_no_print_button_and_gets_403(client, make_user, network):
    s = network("北山街道一号牌")
    viewer = make_user(Role.ENTERPRISE_SERVICE, "330106")  # 公共法律服务: view only
    client.force_login(viewer)
    listing = client.get(reverse("registers:list", args=["signposts"]))
    assert listing.status_code == 200 and "北山街道一号牌" in listing.content.decode()
    assert "打印指引牌" not in listing.content.decode()
    detail = client.get(reverse("registers:detail", args=["signposts", s.pk]))
    assert detail.status_code == 200 and "打印指引牌" not in detail.content.decode()
    assert client.get(reverse("signpost_sheets:one", args=[s.pk])).status_code == 403
    assert client.get(reverse("signpost_sheets:choose")).status_code == 403
    assert client.get(reverse("signpost_sheets:batch"), {"ids": [s.pk]}).status_code == 403


def test_a_street_prints_its_own_signposts_only(client, make_user, network, xihu):
    own, other = network("北山街道一号牌"), network("三墩镇一号牌", unit=SANDUN, point=(120.09, 30.32))
    officer = make_user(Role.JUSTICE_OFFICE_STAFF, BEISHAN)
    client.force_login(officer)
    detail = client.get(reverse("registers:detail", args=["signposts", own.pk])).content.decode()
    assert reverse("signpost_sheets:one", args=[own.pk]) in detail
    listing = client.get(reverse("registers:list", args=["signposts"])).content.decode()
    assert "批量打印指引牌" in listing
    assert client.get(reverse("signpost_sheets:one", args=[own.pk])).status_code == 200
    assert client.get(reverse("signpost_sheets:one", args=[other.pk])).status_code == 404
    # another street's signposts are not printed in a batch, even when asked for by id
    response = client.get(reverse("signpost_sheets:batch"), {"ids": [own.pk, other.pk]})
    assert len(pdfium.PdfDocument(response.content)) == 1
    response = client.get(reverse("signpost_sheets:batch"), {"org_unit": xihu[SANDUN].pk}, follow=True)
    assert "请至少勾选一块指引牌" in response.content.decode()


def test_a_removed_signpost_has_no_print_button(client, admin, network):
    s = network("北山街道一号牌")
    register_retire(actor=admin, reg=SIGNPOSTS, obj=s, on=date(2025, 1, 1))
    client.force_login(admin)
    detail = client.get(reverse("registers:detail", args=["signposts", s.pk])).content.decode()
    assert reverse("signpost_sheets:one", args=[s.pk]) not in detail
    response = client.get(reverse("signpost_sheets:one", args=[s.pk]), follow=True)
    assert "已撤除" in response.content.decode()


# --- the public page -----------------------------------------------------------------------------


def _places(html: str) -> list[tuple[str, int]]:
    return [
        (name, int(d))
        for d, name in re.findall(
            r'data-testid="place" data-distance="(\d+)">.*?<strong class="fz-place-name">([^<]+)</strong>',
            html,
            re.S,
        )
    ]


def test_the_public_page_lists_the_nearest_places_by_type_nearest_first(client, network):
    s = network("北山街道保俶路口")
    response = client.get(f"/portal/nearby/{s.token}/")  # logged out
    assert response.status_code == 200
    html = response.content.decode()
    assert "北山街道保俶路口" in html and "12348" in html
    places = dict(_places(html))
    # each group: its three nearest by haversine, nearest first, distances in whole metres
    for points, code in ((SITE_POINTS, "sites"), (RESOURCE_POINTS[:3], "law_firm")):
        section = html.split(f'data-testid="group-{code}"')[1].split("</section>")[0]
        expected = sorted(points, key=lambda p: float(haversine_m(*HERE, p[-2], p[-1])))[:3]
        assert [n for n, _ in _places(section)] == [p[0] for p in expected]
        for name, *_, lng, lat in expected:
            metres = float(haversine_m(*HERE, lng, lat))
            assert places[name] == round(metres)
            assert f"步行约 {max(1, math.ceil(metres * 1.3 / 80))} 分钟" in section.split(name)[1]
    assert "远处社区工作室" not in html  # fourth-nearest site: not on the overview
    assert "0571-87000000" in html and "工作日 9:00-17:00" in html


def test_the_type_filter_shows_one_type(client, network):
    s = network("北山街道保俶路口")
    html = client.get(f"/portal/nearby/{s.token}/", {"type": "sites"}).content.decode()
    assert [n for n, _ in _places(html)] == [
        p[0] for p in sorted(SITE_POINTS, key=lambda p: float(haversine_m(*HERE, p[2], p[3])))
    ]
    assert "湖滨律师事务所" not in html
    html = client.get(f"/portal/nearby/{s.token}/", {"type": "notary"}).content.decode()
    assert [n for n, _ in _places(html)] == ["西湖公证处"]
    response = client.get(f"/portal/nearby/{s.token}/", {"type": "<script>"})
    assert response.status_code == 200 and "没有这一类服务" in response.content.decode()


def test_circuity_and_speed_follow_the_coverage_setting(client, network, settings):
    settings.FAZHI_COVERAGE = {"circuity": 2.0, "walk_m_per_min": 50}
    s = network("北山街道保俶路口")
    html = client.get(f"/portal/nearby/{s.token}/", {"type": "notary"}).content.decode()
    metres = float(haversine_m(*HERE, 120.1450, 30.2550))
    assert f"步行约 {math.ceil(metres * 2.0 / 50)} 分钟" in html


def test_an_unknown_or_removed_signpost_gets_a_friendly_404(client, admin, network):
    response = client.get("/portal/nearby/no-such-token/")
    assert response.status_code == 404
    assert "没有找到这块指引牌" in response.content.decode() and "12348" in response.content.decode()
    s = network("北山街道一号牌")
    register_retire(actor=admin, reg=SIGNPOSTS, obj=s, on=date(2025, 1, 1))
    assert client.get(f"/portal/nearby/{s.token}/").status_code == 404


def test_the_point_page_answers_for_a_position(client, network):
    network("北山街道一号牌")
    asked = client.get("/portal/nearby/")
    assert asked.status_code == 200 and "使用我的位置" in asked.content.decode()
    response = client.get("/portal/nearby/", {"lng": "120.150000", "lat": "30.260000"})
    assert response.status_code == 200
    names = [n for n, _ in _places(response.content.decode())]
    assert names[0] == "曙光社区工作室"  # 30 m away
    # the filter links keep the point
    assert "?lng=120.150000&amp;lat=30.260000&amp;type=notary" in response.content.decode()


@pytest.mark.parametrize(
    "lng,lat,words",
    [
        ("abc", "30.26", "须为数字"),
        ("nan", "nan", "须为数字"),
        ("inf", "30", "须为数字"),
        ("30.26", "120.15", "填反"),
        ("2.35", "48.85", "不在中国"),
        ("", "30.26", "同时提供"),
        ("1e400", "30", "须为数字"),
        ("120.15", "930", "超出范围"),
    ],
)
def test_bad_coordinates_get_a_chinese_message(client, network, lng, lat, words):
    response = client.get("/portal/nearby/", {"lng": lng, "lat": lat})
    assert response.status_code == 400
    assert words in response.content.decode()


def test_a_batch_over_the_cap_is_refused_with_the_reason(client, admin, network, xihu, monkeypatch):
    from fazhi.network import signposts

    network("北山街道一号牌")
    network("北山街道二号牌", point=(120.1450, 30.2550))
    monkeypatch.setattr(signposts, "SHEET_BATCH_MAX", 1)
    client.force_login(admin)
    response = client.get(reverse("signpost_sheets:batch"), {"org_unit": xihu[BEISHAN].pk}, follow=True)
    assert "一次最多打印 1 块（已选 2 块）" in response.content.decode()


def test_a_mobile_number_is_not_published(client, admin, network):
    s = network("北山街道保俶路口")
    register_create(
        actor=admin,
        reg=RESOURCES,
        values={
            "name": "张律师法律顾问",
            "type": "adviser",
            "org_unit": BEISHAN,
            "lng": "120.150100",
            "lat": "30.260100",
            "phone": "138 0571 2345",
            "listed_on": date(2024, 1, 2),
        },
    )
    html = client.get(f"/portal/nearby/{s.token}/", {"type": "adviser"}).content.decode()
    assert "张律师法律顾问" in html
    assert "2345" not in html and "电话：" not in html
    firms = client.get(f"/portal/nearby/{s.token}/", {"type": "law_firm"}).content.decode()
    assert "0571-88000000" in firms  # a fixed service line is shown


def _nearby_address(client, address: str):
    return client.get("/portal/nearby/", {"address": address})


def test_an_address_naming_a_site_is_found_at_that_site(client, network):
    response = _nearby_address(client, "北山街道 曙光社区工作室 旁边的小区")
    assert response.status_code == 200
    html = response.content.decode()
    assert "按“曙光社区工作室”查找" in html
    assert _places(html)[0] == ("曙光社区工作室", 0)


def test_an_address_naming_a_township_is_found_at_its_own_station(client, network):
    html = _nearby_address(client, "杭州市西湖区北山街道保俶路100号").content.decode()
    assert "按“北山街道”查找" in html
    # at the 镇街工作站 (not the district centre, whose unit is the same here)
    assert _places(html)[0] == ("北山街道公共法律服务工作站", 0)


def test_an_address_in_a_community_without_a_site_is_found_at_its_people(client, network, xihu, admin):
    from fazhi.core.models import OrgUnit
    from fazhi.core.models.org import OrgKind
    from fazhi.network.models import PopulationPoint

    community = OrgUnit.objects.filter(path__startswith=xihu[SANDUN].path, kind=OrgKind.COMMUNITY).first()
    assert community is not None
    for lng, lat, people in ((120.10, 30.30, 3000), (120.12, 30.30, 1000)):
        PopulationPoint.objects.create(
            org_unit=community, lng=lng, lat=lat, population=people, source="grid", year=2024
        )
    html = _nearby_address(client, f"三墩镇{community.name}5幢").content.decode()
    assert f"按“{community.name}”查找" in html
    nearest = _places(html)[0]
    # the population-weighted centre (120.105, 30.30): the nearest place is measured from there
    expected = min(
        SITE_POINTS + RESOURCE_POINTS, key=lambda p: float(haversine_m(120.105, 30.30, p[-2], p[-1]))
    )
    assert nearest == (expected[0], round(float(haversine_m(120.105, 30.30, expected[-2], expected[-1]))))


@pytest.mark.parametrize("address", ["火星某路1号", "x", "   "])
def test_an_address_not_found_says_what_to_write_next_to_the_field(client, network, address):
    response = _nearby_address(client, address)
    if not address.strip():  # nothing typed: the page just asks
        assert response.status_code == 200 and "使用我的位置" in response.content.decode()
        return
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="address-problem"' in html and "街道（镇）和村（社区）" in html


def test_each_place_has_a_walking_route_link_to_its_own_position(client, network, settings):
    settings.FAZHI_ROUTE_URL = "https://maps.example/route?to={lng},{lat}&name={name}"
    html = client.get(
        "/portal/nearby/", {"lng": "120.150000", "lat": "30.260000", "type": "notary"}
    ).content.decode()
    assert 'href="https://maps.example/route?to=120.145000,30.255000&amp;name=%E8%A5%BF%E6%B9%96' in html
    settings.FAZHI_ROUTE_URL = ""  # a closed network: no links out
    html = client.get("/portal/nearby/", {"lng": "120.150000", "lat": "30.260000"}).content.decode()
    assert 'data-testid="route"' not in html
