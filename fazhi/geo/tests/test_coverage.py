"""Coverage computed by hand on a 10-point fixture equals the engine's."""

import numpy as np
import pytest

from fazhi.geo.coverage import Demand, Reach, coverage, coverage_by_type
from fazhi.geo.plane import LocalPlane, haversine_m

# Two resources on the plane (metres) and ten population points in two 镇街 (0 and 1).
FACILITIES = [(0.0, 0.0), (3000.0, 0.0)]
POINTS = [  # x, y, people, group — straight distance to the nearest resource in the comment
    (300, 400, 100, 0),  # 500
    (600, 800, 200, 0),  # 1000
    (0, 920, 50, 0),  # 920
    (0, 924, 70, 0),  # 924
    (1500, 0, 300, 0),  # 1500
    (3000, 900, 80, 1),  # 900
    (3700, 0, 60, 1),  # 700
    (3000, 2000, 500, 1),  # 2000
    (4500, 0, 40, 1),  # 1500
    (2200, 600, 90, 1),  # 1000
]
# Reach: 15 min × 80 m/min = 1,200 m along the way; circuity 1.3 → 923.08 m straight.
# Covered: 500 ✓, 1000 ✗, 920 ✓, 924 ✗, 1500 ✗ | 900 ✓, 700 ✓, 2000 ✗, 1500 ✗, 1000 ✗
HAND_GROUP_COVERED = [100 + 50, 80 + 60]
HAND_GROUP_POPULATION = [720, 770]


def demand() -> Demand:
    arr = np.array(POINTS, dtype=float)
    return Demand.of(arr[:, :2], arr[:, 2], arr[:, 3].astype(int), ["北山街道", "三墩镇"])


def test_hand_computed_fixture() -> None:
    cov = coverage(demand(), FACILITIES, Reach(15, 80, 1.3))
    assert list(cov.group_population) == HAND_GROUP_POPULATION
    assert list(cov.group_covered) == HAND_GROUP_COVERED
    assert cov.covered == 290 and cov.population == 1490
    assert cov.share == pytest.approx(290 / 1490)
    assert cov.covered_mask.tolist() == [True, False, True, False, False, True, True, False, False, False]


def test_circuity_one_and_a_rural_reach_per_group() -> None:
    d = demand()
    # circuity 1.0: straight 1,200 m → also the 1,000 m points
    assert coverage(d, FACILITIES, Reach(15, 80, 1.0)).covered == 290 + 200 + 70 + 90
    # the second 镇 by e-bike (15 × 250 / 1.3 = 2,884.6 m straight): all of it
    cov = coverage(d, FACILITIES, [Reach(15, 80, 1.3), Reach(15, 250, 1.3)])
    assert list(cov.group_covered) == [150, 770]


def test_no_resource_of_a_type_covers_nobody_and_types_are_separate() -> None:
    result = coverage_by_type(demand(), {"调解组织": FACILITIES, "公证机构": np.zeros((0, 2))})
    assert result["公证机构"].covered == 0 and result["公证机构"].uncovered == 1490
    assert result["调解组织"].covered == 290


def test_bad_population_is_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        Demand.of([(0, 0)], [-1])
    with pytest.raises(ValueError, match="个数不一致"):
        Demand.of([(0, 0), (1, 1)], [1])
    with pytest.raises(ValueError, match="绕行系数"):
        Reach(15, 80, 0.9)


def test_local_plane_agrees_with_great_circle_distances_across_a_district() -> None:
    plane = LocalPlane(120.13, 30.27)
    rng = np.random.default_rng(1)
    lng, lat = rng.uniform(119.95, 120.30, 200), rng.uniform(30.10, 30.42, 200)
    xy = plane.to_xy(lng, lat)
    flat = np.hypot(*(xy[1:] - xy[:-1]).T)
    sphere = haversine_m(lng[1:], lat[1:], lng[:-1], lat[:-1])
    assert np.max(np.abs(flat - sphere) / sphere) < 0.005
    back_lng, back_lat = plane.to_lnglat(xy)
    assert np.allclose(back_lng, lng) and np.allclose(back_lat, lat)
