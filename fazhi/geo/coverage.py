"""Population coverage (覆盖率) of service resources: the share of the population that reaches at
least one resource of a type within the threshold of the "15-minute public legal service circle".

Straight-line mode: a person at distance d (metres, on the local plane) is covered when
d × circuity ≤ the threshold along the way; circuity (绕行系数, default 1.3) turns crow-flies into
street distance. Network mode (`fazhi.geo.network`) measures along a walking graph instead.
Everything is vectorised: one cKDTree per resource type, one bounded nearest query per person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree


@dataclass(frozen=True)
class Reach:
    """How far the circle reaches: `minutes` at `speed_m_per_min` along the way (urban walking:
    15 min × 80 m/min = 1,200 m), and the circuity that converts straight lines to the way."""

    minutes: float = 15.0
    speed_m_per_min: float = 80.0
    circuity: float = 1.3

    def __post_init__(self) -> None:
        if self.minutes <= 0 or self.speed_m_per_min <= 0:
            raise ValueError("时间与速度须为正数")
        if self.circuity < 1.0:
            raise ValueError("绕行系数不能小于 1")

    @property
    def way_m(self) -> float:
        """Metres along the way."""
        return self.minutes * self.speed_m_per_min

    @property
    def straight_m(self) -> float:
        """Metres in a straight line that count as within reach."""
        return self.way_m / self.circuity


# Default reaches by area type (UNVERIFIED choices: a bureau sets its own). Rural places count
# 15 minutes by electric bicycle, the usual way to a 村 legal service room.
REACHES: dict[str, Reach] = {
    "walk": Reach(15.0, 80.0, 1.3),
    "ebike": Reach(15.0, 250.0, 1.3),
}


@dataclass(frozen=True)
class Demand:
    """Population points (人口点): coordinates on the plane (n, 2), weights (people), and the index
    of each point's group (镇街) in `group_names`."""

    xy: NDArray[np.float64]
    weight: NDArray[np.float64]
    group: NDArray[np.int64]
    group_names: Sequence[str] = field(default_factory=tuple)

    @classmethod
    def of(
        cls, xy: ArrayLike, weight: ArrayLike, group: ArrayLike | None = None, group_names: Sequence[str] = ()
    ) -> Demand:
        xy_a = np.asarray(xy, dtype=float).reshape(-1, 2)
        w = np.asarray(weight, dtype=float).reshape(-1)
        g = (
            np.zeros(len(w), dtype=np.int64)
            if group is None
            else np.asarray(group, dtype=np.int64).reshape(-1)
        )
        if not (len(xy_a) == len(w) == len(g)):
            raise ValueError("人口点的坐标、人数与所属镇街个数不一致")
        if (w < 0).any() or not np.isfinite(w).all():
            raise ValueError("人口数不能为负数或空值")
        names = tuple(group_names) or tuple(str(i) for i in range(int(g.max(initial=-1)) + 1))
        if len(g) and (g.min() < 0 or g.max() >= len(names)):
            raise ValueError("人口点所属镇街超出镇街列表")
        return cls(xy_a, w, g, names)


@dataclass(frozen=True)
class Coverage:
    """Coverage of one resource type: totals and per group (same order as Demand.group_names)."""

    population: float
    covered: float
    group_population: NDArray[np.float64]
    group_covered: NDArray[np.float64]
    covered_mask: NDArray[np.bool_]

    @property
    def share(self) -> float | None:
        return self.covered / self.population if self.population else None

    def group_share(self) -> NDArray[np.float64]:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.group_population > 0, self.group_covered / self.group_population, np.nan)

    @property
    def uncovered(self) -> float:
        return self.population - self.covered


def nearest_straight_m(
    demand_xy: NDArray[np.float64], facility_xy: ArrayLike, limit_m: float | None = None, workers: int = -1
) -> NDArray[np.float64]:
    """Each demand point's straight-line distance to its nearest facility (inf beyond `limit_m`
    or when there is none)."""
    fac = np.asarray(facility_xy, dtype=float).reshape(-1, 2)
    if len(fac) == 0:
        return np.full(len(demand_xy), np.inf)
    tree = cKDTree(fac)
    bound = np.inf if limit_m is None else limit_m * (1 + 1e-12)
    dist, _ = tree.query(demand_xy, k=1, distance_upper_bound=bound, workers=workers)
    return np.asarray(dist, dtype=float)


def summarise(demand: Demand, mask: NDArray[np.bool_]) -> Coverage:
    n = len(demand.group_names)
    gp = np.bincount(demand.group, weights=demand.weight, minlength=n).astype(float)
    gc = np.bincount(demand.group, weights=np.where(mask, demand.weight, 0.0), minlength=n).astype(float)
    return Coverage(float(demand.weight.sum()), float(gc.sum()), gp, gc, mask)


def straight_radius(demand: Demand, reach: Reach | Sequence[Reach]) -> NDArray[np.float64]:
    """Each point's straight-line radius: one reach for all, or one per group (urban 街道 on foot,
    rural 镇/乡 by the configured mode)."""
    if isinstance(reach, Reach):
        return np.full(len(demand.weight), reach.straight_m)
    if len(reach) != len(demand.group_names):
        raise ValueError("每个镇街都须指定可达方式")
    return np.array([r.straight_m for r in reach])[demand.group]


def coverage(
    demand: Demand,
    facility_xy: ArrayLike,
    reach: Reach | Sequence[Reach] = REACHES["walk"],
    workers: int = -1,
) -> Coverage:
    """Coverage of one type's facilities in straight-line mode."""
    radius = straight_radius(demand, reach)
    d = nearest_straight_m(demand.xy, facility_xy, float(radius.max(initial=0.0)), workers)
    return summarise(demand, d <= radius * (1 + 1e-12))


def coverage_by_type(
    demand: Demand, facilities: Mapping[str, ArrayLike], reach: Reach | Sequence[Reach] = REACHES["walk"]
) -> dict[str, Coverage]:
    """Coverage per resource type (类型 → Coverage)."""
    return {kind: coverage(demand, xy, reach) for kind, xy in facilities.items()}
