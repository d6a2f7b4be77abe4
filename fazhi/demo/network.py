"""公共法律服务网络's demo: its registers (sites, resources, signposts, service records) from the data
files in data/network/ (no cases: the walker's register entries only), and a synthetic population
for coverage — community points clustered by 镇街 inside the district outline (fazhi.geo), summing
to the census figure the profile gives, stored as synthetic."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.geo import outlines
from fazhi.geo.plane import LocalPlane
from fazhi.geo.population import synthetic

LINE = "network"
STREET_KINDS = (OrgKind.SUBDISTRICT, OrgKind.TOWN, OrgKind.TOWNSHIP)
PLACE_KINDS = (OrgKind.COMMUNITY, OrgKind.VILLAGE)


class RegisterWalker(walker.Walker):
    """The walker's register entries, for a line that has registers and no case kind."""

    def __init__(self, ctx: DemoContext, data: walker.LineData) -> None:
        self.ctx = ctx
        self.data = data
        self.profile = data.profile
        self.receive = data.profile.get("receive", {})

    def year(self, year: int, *, label: str = "") -> int:
        spec = self.data.years.get(year) or {}
        made = self.make_registers(
            self.profile.get("registers", ()), year=year, where="profile.toml", once=True
        )
        return made + self.make_registers(spec.get("registers", ()), year=year, where=f"{year}.toml")


def load(root: Path | None = None) -> walker.LineData:
    folder = (root or walker.DATA) / LINE
    profile = tomllib.loads((folder / "profile.toml").read_text("utf-8"))
    years = {
        int(p.stem): tomllib.loads(p.read_text("utf-8"))
        for p in sorted(folder.glob("[0-9][0-9][0-9][0-9].toml"))
    }
    return walker.LineData(LINE, "", profile.get("label", "公共法律服务网络"), profile, years, None)


def generate(ctx: DemoContext, year: int, *, root: Path | None = None) -> None:
    from fazhi.network.defaults import ensure_resource_types

    data = load(root)
    ensure_resource_types()
    ensure_population(ctx, data.profile.get("population", {}))
    RegisterWalker(ctx, data).year(year)
    arrange_services(year)


def arrange_services(year: int) -> int:
    """站点服务安排 of the demo's sites open by `year` and not yet arranged: one per service the site's data names, with
    the site's own 值守方式 and hours, and a roster drawn from the demo's 律师库 for 定期 ones —
    written through the register's service like a bureau's sheet."""
    from fazhi.legal_aid.models import LegalAidLawyer
    from fazhi.network.models import ServiceSite, SiteService, Staffing
    from fazhi.registers import declarations
    from fazhi.registers.services import register_create_many

    admin = get_user_model().objects.get(username="admin")
    lawyers = list(
        LegalAidLawyer.objects.filter(active=True).order_by("pk").values_list("name", flat=True)[:60]
    )
    done = set(SiteService.objects.values_list("site_id", flat=True))
    rows = []
    sites = (
        ServiceSite.objects.filter(is_demo=True, opened_on__year__lte=year)
        .exclude(pk__in=done)
        .order_by("pk")
    )
    for site in sites:
        for i, service in enumerate(s for s in site.services.split("、") if s):
            roster = ""
            if site.staffing == Staffing.PERIODIC and lawyers:
                roster = "、".join(lawyers[(site.pk * 2 + i + k) % len(lawyers)] for k in range(2))
            values = {
                "site": site,
                "service": service,
                "staffing": site.staffing,
                "schedule": "" if site.staffing == Staffing.RESIDENT else site.opening_hours,
                "roster": roster,
                "started_on": site.opened_on,
            }
            rows.append((admin, values))
    return len(register_create_many(reg=declarations.get("site_services"), rows=rows, is_demo=True))


def generate_current(ctx: DemoContext, today: Any, *, root: Path | None = None) -> None:  # no open work
    return None


# --- population --------------------------------------------------------------------------------


def _street_of(unit: OrgUnit) -> OrgUnit | None:
    """The 乡级 unit a unit lies in (itself, or the ancestor on its path)."""
    if unit.kind in STREET_KINDS:
        return unit
    codes = [c for c in unit.path.strip("/").split("/") if len(c) == 9 and c.isdigit()]
    return OrgUnit.objects.filter(code=codes[-1]).first() if codes else None


@transaction.atomic
def ensure_population(ctx: DemoContext, spec: Mapping[str, Any]) -> int:
    """Synthetic population points (one per 村/社区), once per build."""
    from fazhi.network.models import PopulationPoint, PopulationSource

    district = OrgUnit.objects.get(code=settings.FAZHI_DISTRICT_CODE)
    if PopulationPoint.objects.filter(org_unit__path__startswith=district.path).exists():
        return 0
    outline = outlines.outline(district.code)
    if outline is None:
        return 0  # no outline shipped or configured for this district: no coverage demo
    streets = list(
        OrgUnit.objects.filter(kind__in=STREET_KINDS, path__startswith=district.path).order_by("code")
    )
    places = [
        list(OrgUnit.objects.filter(kind__in=PLACE_KINDS, path__startswith=s.path).order_by("code"))
        for s in streets
    ]
    pts = synthetic(
        outline, [max(1, len(p)) for p in places], int(spec.get("total", 1_089_229)), seed=ctx.seed
    )
    rows = []
    k = 0
    for i, street in enumerate(streets):
        for j in range(max(1, len(places[i]))):
            unit = places[i][j] if places[i] else street
            rows.append(
                PopulationPoint(
                    org_unit=street,
                    name=unit.name,
                    lng=Decimal(f"{pts.lng[k]:.6f}"),
                    lat=Decimal(f"{pts.lat[k]:.6f}"),
                    population=int(pts.weight[k]),
                    source=PopulationSource.SYNTHETIC,
                    year=int(spec.get("year", 2020)),
                )
            )
            k += 1
    PopulationPoint.objects.bulk_create(rows)
    return len(rows)


# --- generators for the data files --------------------------------------------------------------

_POINTS: dict[int, tuple[float, float]] = {}
_SERIAL: dict[str, int] = {}


@walker.generator("net_coord")
def net_coord(d: walker.Draw, opts: Mapping[str, Any]) -> Decimal | None:
    """A coordinate near the people of the row's 镇街 (`axis` = "lng" or "lat"; both of a row are
    one point): a population point of the street, moved up to ~400 m."""
    from fazhi.network.models import PopulationPoint

    key = id(d.values)
    if key not in _POINTS:
        street = _street_of(d.unit)
        qs = PopulationPoint.objects.all()
        if street is not None:
            qs = qs.filter(org_unit=street)
        pts = list(qs.values_list("lng", "lat")[:500])
        if not pts:
            return None
        lng, lat = d.ctx.choice(pts)
        plane = LocalPlane(float(lng), float(lat))
        x, y = d.ctx.rng.gauss(0, 200), d.ctx.rng.gauss(0, 200)
        nl, nt = plane.to_lnglat(np.array([[x, y]]))
        _POINTS.clear() if len(_POINTS) > 10_000 else None
        _POINTS[key] = (float(nl[0]), float(nt[0]))
    lng, lat = _POINTS[key]
    return Decimal(f"{(lng if opts.get('axis', 'lng') == 'lng' else lat):.6f}")


@walker.generator("net_name")
def net_name(d: walker.Draw, opts: Mapping[str, Any]) -> str:
    """The row's unit name, then (`by_type`) its resource type drawn before it, then `suffix`;
    a second one of the same name is numbered （2）, （3） …"""
    base = d.unit.name + (str(d.values["type"]) if opts.get("by_type") else "") + str(opts.get("suffix", ""))
    _SERIAL[base] = _SERIAL.get(base, 0) + 1
    n = _SERIAL[base]
    return base if n == 1 else f"{base}（{n}）"


@walker.generator("net_type")
def net_type(d: walker.Draw, opts: Mapping[str, Any]) -> Any:
    """A resource type by code, weighted (`weights` = { code = weight, … })."""
    from fazhi.network.models import ResourceType

    weights: Mapping[str, float] = opts.get("weights", {})
    code = d.ctx.rng.choices(list(weights), weights=[float(w) for w in weights.values()])[0]
    return ResourceType.objects.get(code=code)
