"""A 10-point coverage fixture whose answer is known by construction (reused by the e2e walk).

Two 调解组织: A in 北山街道 (urban: 15 min × 80 m/min = 1,200 m ÷ circuity 1.3 = 923 m in a
straight line) and B 10 km east, filed in 三墩镇 (rural: e-bike 15 × 250 = 3,750 m ÷ 1.3 = 2,885 m).
Population points at known distances east/south of them:

北山街道 (urban, from A): 0 m ×100, 500 m ×200, 900 m ×300 covered; 950 m ×400, 2,000 m ×500 not
三墩镇 (rural): 1,000 m ×10 and 2,800 m ×20 from B covered, 2,900 m ×30 and 5,000 m ×40 not; 950 m
×50 south of A covered (rural reach, and A serves across the border)
→ 北山 600 / 1,500, 三墩 80 / 150, total 680 / 1,650."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from fazhi.geo.plane import LocalPlane
from fazhi.network.defaults import ensure_resource_types
from fazhi.network.models import PopulationPoint, PopulationSource, ResourceType
from fazhi.registers import declarations
from fazhi.registers.services import register_create

BEISHAN, SANDUN = "330106002", "330106109"
ORIGIN = LocalPlane(120.10, 30.28)
A = (0.0, 0.0)
B = (10_000.0, 0.0)

# (street, name, x, y, people)
POINTS = [
    (BEISHAN, "北山甲", 0, 0, 100),
    (BEISHAN, "北山乙", 500, 0, 200),
    (BEISHAN, "北山丙", 0, 900, 300),
    (BEISHAN, "北山丁", -950, 0, 400),
    (BEISHAN, "北山戊", 0, 2000, 500),
    (SANDUN, "三墩甲", 10_000, 1000, 10),
    (SANDUN, "三墩乙", 12_800, 0, 20),
    (SANDUN, "三墩丙", 10_000, -2900, 30),
    (SANDUN, "三墩丁", 15_000, 0, 40),
    (SANDUN, "三墩戊", 0, -950, 50),
]
EXPECTED = {BEISHAN: (1500, 600), SANDUN: (150, 80)}
TOTAL, COVERED = 1650, 680


def lnglat(x: float, y: float) -> tuple[Decimal, Decimal]:
    lng, lat = ORIGIN.to_lnglat(np.array([[x, y]]))
    return Decimal(f"{lng[0]:.6f}"), Decimal(f"{lat[0]:.6f}")


def build(actor, xihu, year: int = 2020) -> None:
    """The population points (as an import would store them) and the two resources, entered
    through the register's service like any user's."""
    ensure_resource_types()
    PopulationPoint.objects.bulk_create(
        PopulationPoint(
            org_unit=xihu[street],
            name=name,
            lng=lnglat(x, y)[0],
            lat=lnglat(x, y)[1],
            population=people,
            source=PopulationSource.GRID,
            year=year,
        )
        for street, name, x, y, people in POINTS
    )
    mediation = ResourceType.objects.get(code="mediation_org")
    for name, unit, (x, y) in (("北山调解委员会", BEISHAN, A), ("三墩调解委员会", SANDUN, B)):
        lng, lat = lnglat(x, y)
        register_create(
            actor=actor,
            reg=declarations.get("service_resources"),
            values={
                "name": name,
                "type": str(mediation.pk),
                "org_unit": unit,
                "lng": str(lng),
                "lat": str(lat),
                "listed_on": date(2024, 1, 2),
            },
        )
