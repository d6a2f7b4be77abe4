"""Population points (人口点): where people live, weighted, each in a 镇街. A bureau imports its own
(grid cells or buildings with population); without them the demo makes a **synthetic** set —
community points clustered around each 镇街's centre inside the district outline, weights summing
exactly to a given census total — which every screen marks as synthetic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fazhi.geo.outlines import Outline
from fazhi.geo.plane import LocalPlane


@dataclass(frozen=True)
class Points:
    lng: NDArray[np.float64]
    lat: NDArray[np.float64]
    weight: NDArray[np.int64]
    group: NDArray[np.int64]  # index into the groups given
    synthetic: bool


def apportion(total: int, shares: NDArray[np.float64]) -> NDArray[np.int64]:
    """Integers proportional to `shares` summing exactly to `total` (largest remainder)."""
    raw = shares / shares.sum() * total
    base = np.floor(raw).astype(np.int64)
    rest = total - int(base.sum())
    base[np.argsort(-(raw - base), kind="stable")[:rest]] += 1
    return np.asarray(base, dtype=np.int64)


def synthetic(
    outline: Outline, groups: Sequence[int], total: int, seed: int = 2020, spread_m: float = 1500.0
) -> Points:
    """`groups[i]` community points for 镇街 i, around a centre drawn inside `outline`, every point
    inside the outline; weights (lognormal, as community sizes are) apportioned to `total`."""
    rng = np.random.default_rng(seed)
    lng_min, lat_min, lng_max, lat_max = outline.bbox
    plane = LocalPlane((lng_min + lng_max) / 2, (lat_min + lat_max) / 2)

    def inside_points(n: int, around: tuple[float, float] | None) -> NDArray[np.float64]:
        got: list[NDArray[np.float64]] = []
        have = 0
        while have < n:
            m = max(64, 4 * (n - have))
            if around is None:
                cand = np.column_stack([rng.uniform(lng_min, lng_max, m), rng.uniform(lat_min, lat_max, m)])
            else:
                cxy = plane.to_xy(around[0], around[1])
                xy = cxy + rng.normal(0.0, spread_m, (m, 2))
                cand = np.column_stack(plane.to_lnglat(xy))
            cand = cand[outline.contains(cand[:, 0], cand[:, 1])]
            got.append(cand[: n - have])
            have += len(got[-1])
        return np.vstack(got)

    centres = inside_points(len(groups), None)
    lng_parts, lat_parts, group_parts = [], [], []
    for i, n in enumerate(groups):
        pts = inside_points(int(n), (float(centres[i, 0]), float(centres[i, 1])))
        lng_parts.append(pts[:, 0])
        lat_parts.append(pts[:, 1])
        group_parts.append(np.full(len(pts), i, dtype=np.int64))
    n_all = int(sum(groups))
    weight = apportion(total, rng.lognormal(0.0, 0.6, n_all))
    return Points(
        np.concatenate(lng_parts), np.concatenate(lat_parts), weight, np.concatenate(group_parts), True
    )
