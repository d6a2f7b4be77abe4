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
            "point_query": f"lng={lng:.6f}&lat={lat:.6f}&" if context.get("here") else "",
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
    """The nearest places of the visitor's position (the 使用我的位置 button fills ?lng=&lat=)."""
    raw_lng, raw_lat = request.GET.get("lng", ""), request.GET.get("lat", "")
    if not raw_lng and not raw_lat:
        return _page(request, lng=None, lat=None, ask=True)
    point = parse_point(raw_lng, raw_lat)
    if isinstance(point, str):
        return _page(request, lng=None, lat=None, ask=True, problem=point, status=400)
    return _page(request, lng=point[0], lat=point[1], here=True)
