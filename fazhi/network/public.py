"""附近的公共法律服务 (public, no login): the page a signpost's QR code opens — the nearest service
sites and resources by type, with walking distance, address, hours and service phone — and the same
for a point the visitor's browser reports (?lng=&lat=, WGS-84 as browsers give it).

Nothing personal is shown or kept: sites and resources are published places with service phones,
and the visitor's position is used for this one answer only (not logged, not stored)."""

from __future__ import annotations

import math
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from fazhi.geo.coords import check_point
from fazhi.network.models import Signpost
from fazhi.network.signposts import HOTLINE, SITES, PlaceIndex

PER_GROUP = 3  # places per type on the overview
PER_GROUP_FILTERED = 10  # places of the one type chosen
FAR_M = 20_000  # beyond this the nearest place is "far": the visitor is probably outside the district


def _page(request: Any, *, lng: float | None, lat: float | None, status: int = 200, **context: Any) -> Any:
    index = PlaceIndex()
    wanted = request.GET.get("type", "").strip()
    valid = {code for code, _ in index.groups}
    notice = ""
    if wanted and wanted not in valid:
        notice = "没有这一类服务，已显示全部类型。"
        wanted = ""
    groups = []
    if lng is not None and lat is not None:
        per = PER_GROUP_FILTERED if wanted else PER_GROUP
        groups = index.nearest(lng, lat, only=wanted, per_group=per)
    nearest_m = min((p.distance_m for g in groups for p in g.places), default=None)
    circuity, speed = index.circuity, index.speed
    return render(
        request,
        "network/nearby.html",
        {
            "groups": groups,
            "types": index.groups,
            "wanted": wanted,
            "notice": notice,
            "far": nearest_m is not None and nearest_m > FAR_M,
            "hotline": HOTLINE,
            "sites_code": SITES,
            "circuity": circuity,
            "speed": int(speed),
            # The filter links keep the point asked about (a signpost's page needs only ?type=).
            "point_query": f"lng={lng:.6f}&lat={lat:.6f}&" if context.get("here") and lng is not None else "",
            **context,
        },
        status=status,
    )


@login_not_required
def nearby_signpost(request, token: str):
    """The page of one signpost (its QR code's address); a removed or unknown one gets a friendly
    404 with the hotline."""
    signpost = (
        Signpost.objects.filter(token=token, removed_on__isnull=True).select_related("org_unit").first()
    )
    if signpost is None:
        return render(request, "network/nearby.html", {"missing": True, "hotline": HOTLINE}, status=404)
    if signpost.lng is None or signpost.lat is None:
        return _page(request, lng=None, lat=None, signpost=signpost, problem="这块指引牌尚未登记位置。")
    return _page(request, lng=float(signpost.lng), lat=float(signpost.lat), signpost=signpost)


def parse_point(raw_lng: str, raw_lat: str) -> tuple[float, float] | str:
    """(lng, lat) from the query, or why not (Chinese)."""
    if not raw_lng.strip() or not raw_lat.strip():
        return "请同时提供经度和纬度。"
    try:
        lng, lat = float(raw_lng), float(raw_lat)
    except ValueError:
        return "经纬度须为数字，如经度 120.13、纬度 30.27。"
    if not (math.isfinite(lng) and math.isfinite(lat)):
        return "经纬度须为数字，如经度 120.13、纬度 30.27。"
    problem = check_point(lng, lat)
    return f"{problem}。" if problem else (lng, lat)


@login_not_required
def nearby_point(request):
    """The nearest places of the visitor's position (the 使用我的位置 button fills ?lng=&lat=), or of
    an address they type (?address=, found among the places the platform knows: `locate`)."""
    raw_lng, raw_lat = request.GET.get("lng", ""), request.GET.get("lat", "")
    address = request.GET.get("address", "").strip()[:100]
    if address and not raw_lng and not raw_lat:
        found = locate(address)
        if isinstance(found, str):
            return _page(request, lng=None, lat=None, ask=True, address_problem=found, status=400)
        lng, lat, label = found
        return _page(request, lng=lng, lat=lat, here=True, located=label)
    if not raw_lng and not raw_lat:
        return _page(request, lng=None, lat=None, ask=True)
    point = parse_point(raw_lng, raw_lat)
    if isinstance(point, str):
        return _page(request, lng=None, lat=None, ask=True, problem=point, status=400)
    return _page(request, lng=point[0], lat=point[1], here=True)


ADDRESS_RULE = (
    "没有找到这个地址，请写上所在的街道（镇）和村（社区）名称，如“三墩镇绿城社区”，或使用我的位置。"
)


def locate(address: str) -> tuple[float, float, str] | str:
    """An address typed by a visitor → (lng, lat, what it was taken as), or why not (Chinese).

    Offline, from the platform's own places (no geocoding service: the platform may run on a closed
    network): a service site named in the address is taken as it is; otherwise the most precise
    org unit named in it (a 村 / 社区 before its 镇街, the longest name first) is placed at its own
    service site, else at the population-weighted centre of its 人口分布点, else at the centre of
    the sites under it."""
    from django.db.models import Q

    from fazhi.core.models import OrgUnit
    from fazhi.core.models.org import TOWNSHIP_KINDS, OrgKind
    from fazhi.network.models import PopulationPoint, ServiceSite

    text = "".join(address.split())
    if len(text) < 2:
        return ADDRESS_RULE
    open_sites = ServiceSite.objects.filter(closed_on__isnull=True, lng__isnull=False, lat__isnull=False)
    named = sorted(
        (s for s in open_sites.only("name", "lng", "lat") if s.name and s.name in text),
        key=lambda s: -len(s.name),
    )
    if named:
        site = named[0]
        return float(site.lng), float(site.lat), site.name
    kinds = (OrgKind.VILLAGE, OrgKind.COMMUNITY, *TOWNSHIP_KINDS)
    units = [
        u
        for u in OrgUnit.objects.filter(kind__in=kinds, is_active=True).only("name", "kind", "path")
        if u.name in text
    ]
    # The deepest (村/社区 under a 镇街) first, then the longest name; a bare "社区" matches nothing useful.
    units.sort(key=lambda u: (u.kind not in (OrgKind.VILLAGE, OrgKind.COMMUNITY), -len(u.name)))
    for unit in units:
        # A 村/社区's own 工作室, a 镇街's own 工作站 (not the district centre that may hang there).
        level = "village" if unit.kind in (OrgKind.VILLAGE, OrgKind.COMMUNITY) else "street"
        own = (
            open_sites.filter(org_unit=unit, level=level).order_by("pk").first()
            or open_sites.filter(org_unit=unit).order_by("pk").first()
        )
        if own is not None:
            return float(own.lng), float(own.lat), unit.name
        points = list(
            PopulationPoint.objects.filter(Q(org_unit=unit) | Q(org_unit__path__startswith=unit.path))
        )
        weight = sum(p.population for p in points)
        if weight:
            lng = sum(float(p.lng) * p.population for p in points) / weight
            lat = sum(float(p.lat) * p.population for p in points) / weight
            return lng, lat, unit.name
        under = list(open_sites.filter(org_unit__path__startswith=unit.path).values_list("lng", "lat"))
        if under:
            return (
                sum(float(x) for x, _ in under) / len(under),
                sum(float(y) for _, y in under) / len(under),
                unit.name,
            )
    return ADDRESS_RULE
