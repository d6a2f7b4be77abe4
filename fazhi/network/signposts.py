"""指引牌二维码与打印页: the public address a signpost's QR code encodes, the nearest service sites
and resources of a point (straight line × circuity, walking minutes), and the printable A4 sheets
(one signpost, a 镇街's, or a selection) typeset by fazhi.documents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

import numpy as np
import segno
from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from fazhi.core.roles import Action
from fazhi.documents import html_to_pdf
from fazhi.geo.plane import haversine_m
from fazhi.network.models import Resource, ResourceType, ServiceSite, Signpost
from fazhi.registers.services import today

# Issue 17: the walking estimate is the straight line × a circuity factor (default 1.3) at 80 m a
# minute (15 minutes ≈ 1.2 km). The bureau's own values are FAZHI_COVERAGE's, where set, so the
# public page and the coverage report agree.
CIRCUITY_DEFAULT = 1.3
WALK_M_PER_MIN_DEFAULT = 80.0
HOTLINE = "12348"
SITES = "sites"  # the group code of service sites beside the resource types' codes
# One PDF per request: measured 100 sheets in 21 s (0.2 s a page, WeasyPrint, this 2-core machine
# under load), so a batch is capped to stay well inside a web worker's timeout; a bigger one is
# printed per 镇街 (Xihu's demo: ≈20 signposts a 镇街).
SHEET_BATCH_MAX = 60


def walking() -> tuple[float, float]:
    """(circuity, metres per minute on foot)."""
    conf = getattr(settings, "FAZHI_COVERAGE", None) or {}
    return float(conf.get("circuity", CIRCUITY_DEFAULT)), float(
        conf.get("walk_m_per_min", WALK_M_PER_MIN_DEFAULT)
    )


# --- the public address and its QR code --------------------------------------------------------


def public_url(signpost: Signpost, request: Any = None) -> str:
    """The absolute address of the signpost's public page (FAZHI_PUBLIC_BASE_URL, else the
    request's own host)."""
    path = reverse("nearby:signpost", args=[signpost.token])
    base = (getattr(settings, "FAZHI_PUBLIC_BASE_URL", "") or "").rstrip("/")
    if base:
        return base + path
    if request is None:
        raise ValueError("FAZHI_PUBLIC_BASE_URL is not set and there is no request to take the host from")
    return str(request.build_absolute_uri(path))


def qr_svg_uri(text: str) -> str:
    """The QR code of `text` as an SVG data URI (error correction M, the standard 4-module quiet
    zone), generated here: nothing leaves the server."""
    return str(segno.make(text, error="m", micro=False).svg_data_uri(scale=10, border=4))


# --- nearest places ----------------------------------------------------------------------------

_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")


def public_phone(raw: str) -> str:
    """A phone fit for a public page: a service line (fixed line, 12348, 400…) as entered; a mobile
    number is most likely a person's own (a 法律顾问, a room's volunteer), so it is not published
    (the page and the sheet give 12348 instead)."""
    digits = re.sub(r"[\s\-()（）]", "", raw or "")
    return "" if _MOBILE.fullmatch(digits) else (raw or "").strip()


@dataclass(frozen=True)
class Place:
    """A site or resource at a distance from the point asked about."""

    group: str
    kind: str  # 层级 of a site or the resource's type
    name: str
    address: str
    opening_hours: str
    phone: str
    distance_m: int
    walk_min: int
    route_url: str = ""  # a walking route to it in the visitor's map app (FAZHI_ROUTE_URL), or ""


@dataclass
class Group:
    code: str
    label: str
    places: list[Place] = field(default_factory=list)


class PlaceIndex:
    """The open sites and listed resources with coordinates, loaded once (for a batch of sheets or
    one page: ≈1,300 rows in the demo) and asked for the nearest ones of a point.

    Public records: a site's or a resource's name, address, hours and service phone are published;
    nothing personal is loaded."""

    def __init__(self, on: date | None = None) -> None:
        on = on or today()
        self.circuity, self.speed = walking()
        self.groups: list[tuple[str, str]] = [(SITES, "公共法律服务站点")]
        rows: list[tuple[str, str, str, str, str, str, float, float]] = []
        sites = (
            ServiceSite.objects.filter(lng__isnull=False, lat__isnull=False, opened_on__lte=on)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
            .values_list("level", "name", "address", "opening_hours", "phone", "lng", "lat")
        )
        levels = dict(ServiceSite._meta.get_field("level").choices or [])
        for level, name, address, hours, phone, lng, lat in sites:
            rows.append(
                (SITES, str(levels.get(level, "")), name, address, hours, phone, float(lng), float(lat))
            )
        types = list(ResourceType.objects.filter(active=True).order_by("order", "code"))
        self.groups += [(t.code, t.name) for t in types]
        names = {t.pk: (t.code, t.name) for t in types}
        resources = (
            Resource.objects.filter(
                lng__isnull=False, lat__isnull=False, listed_on__lte=on, type_id__in=list(names)
            )
            .filter(Q(delisted_on__isnull=True) | Q(delisted_on__gt=on))
            .values_list("type_id", "name", "address", "phone", "lng", "lat")
        )
        for type_id, name, address, phone, lng, lat in resources:
            code, label = names[type_id]
            rows.append((code, label, name, address, "", phone, float(lng), float(lat)))
        self.rows = rows
        self.group_of = np.array([r[0] for r in rows], dtype=object)
        self.lng = np.array([r[6] for r in rows], dtype=float)
        self.lat = np.array([r[7] for r in rows], dtype=float)

    def label(self, code: str) -> str:
        return dict(self.groups).get(code, "")

    def nearest(self, lng: float, lat: float, *, only: str = "", per_group: int = 3) -> list[Group]:
        """The `per_group` nearest places of each group (or of group `only`), nearest first; groups
        in their configured order, empty groups left out."""
        if not self.rows:
            return []
        dist = haversine_m(lng, lat, self.lng, self.lat)
        order = np.argsort(dist, kind="stable")
        out: dict[str, Group] = {code: Group(code, label) for code, label in self.groups}
        for i in order:
            code = self.group_of[i]
            if only and code != only:
                continue
            group = out[code]
            if len(group.places) >= per_group:
                continue
            _, kind, name, address, hours, phone, to_lng, to_lat = self.rows[i]
            walked = float(dist[i]) * self.circuity
            group.places.append(
                Place(
                    group=code,
                    kind=kind,
                    name=name,
                    address=address,
                    opening_hours=hours,
                    phone=public_phone(phone),
                    distance_m=round(float(dist[i])),
                    walk_min=max(1, int(np.ceil(walked / self.speed))),
                    route_url=route_url(to_lng, to_lat, name),
                )
            )
        return [g for g in out.values() if g.places]


# --- who may print, and what -------------------------------------------------------------------


def _register() -> Any:
    from fazhi.network.registers import SIGNPOSTS

    return SIGNPOSTS


def printable(user: Any) -> Any:
    """The signposts `user` may print sheets of: those in their scope for 办理 (the right to change
    signposts), still standing."""
    reg = _register()
    if not reg.may_change(user):
        return Signpost.objects.none()
    return (
        Signpost.objects.scoped_for(user, Action.CHANGE)
        .filter(removed_on__isnull=True)
        .select_related("org_unit")
        .order_by("org_unit__path", "place")
    )


def may_print(user: Any, signpost: Signpost | None = None) -> bool:
    qs = printable(user)
    return qs.filter(pk=signpost.pk).exists() if signpost is not None else qs.exists()


def sheet_links(user: Any, obj: Signpost | None, params: Any = None) -> list[tuple[str, str]]:
    """The print buttons of the signposts register (shown only to a user who may print)."""
    if obj is not None:
        if obj.removed_on or not may_print(user, obj):
            return []
        return [("打印指引牌", reverse("signpost_sheets:one", args=[obj.pk]))]
    if not _register().may_change(user):
        return []
    url = reverse("signpost_sheets:choose")
    unit = params.get("org_unit") if params is not None else None
    return [("批量打印指引牌", f"{url}?org_unit={unit}" if unit and str(unit).isdigit() else url)]


# --- the sheet ---------------------------------------------------------------------------------


def sheet_html(signposts: list[Signpost], *, request: Any = None, index: PlaceIndex | None = None) -> str:
    """The HTML of the A4 sheets, one page per signpost."""
    index = index or PlaceIndex()
    pages = []
    for s in signposts:
        url = public_url(s, request)
        nearby: list[Group] = []
        if s.lng is not None and s.lat is not None:
            nearby = index.nearest(float(s.lng), float(s.lat), only=SITES, per_group=4)
        pages.append(
            {
                "signpost": s,
                "url": url,
                "qr": qr_svg_uri(url),
                "sites": nearby[0].places if nearby else [],
            }
        )
    return render_to_string(
        "network/signpost_sheet.html",
        {"pages": pages, "hotline": HOTLINE, "circuity": index.circuity},
    )


def sheet_pdf(signposts: list[Signpost], *, request: Any = None) -> bytes:
    """指引牌打印页 (A4 PDF): place, QR code of the public page, the 12348 hotline, the nearest sites."""
    return html_to_pdf(sheet_html(signposts, request=request), font_dir=settings.FAZHI_DOCUMENT_FONTS)


def route_url(lng: float, lat: float, name: str) -> str:
    """The walking route to a place in the visitor's map app: settings.FAZHI_ROUTE_URL with {lng},
    {lat} (WGS-84) and {name} filled in (URL-encoded); "" when the setting is empty."""
    template = getattr(settings, "FAZHI_ROUTE_URL", "")
    if not template:
        return ""
    return template.format(lng=f"{lng:.6f}", lat=f"{lat:.6f}", name=quote(name))
