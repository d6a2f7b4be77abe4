"""The shipped county outlines and the synthetic population drawn inside them."""

import numpy as np

from fazhi.geo import outlines
from fazhi.geo.coords import wgs84_to_gcj02
from fazhi.geo.population import apportion, synthetic


def test_zhejiang_counties_are_shipped_in_wgs84() -> None:
    assert len(outlines.codes()) == 90  # Zhejiang's county-level divisions
    xihu = outlines.outline("330106")
    assert xihu is not None and outlines.outline("110101") is None
    # 西湖区 covers about 312 km² (official figure 312.43 km²)
    assert 305 < xihu.area_km2() < 320  # the shipped outline: 311.3 km²
    # the 西湖 lake's 湖心亭 and 浙江大学紫金港校区 are in Xihu; 上城区's 湖滨 is not
    assert xihu.contains([120.1445, 120.0843, 120.1650], [30.2506, 30.3050, 30.2550]).tolist() == [
        True,
        True,
        False,
    ]


def test_the_outline_was_converted_from_gcj02() -> None:
    # A point just inside the WGS-84 outline's western edge leaves it once shifted as GCJ-02
    # would shift it (~500 m east-north): the file is not GCJ-02 any more.
    xihu = outlines.outline("330106")
    assert xihu is not None
    lng, lat = (
        np.random.default_rng(0).uniform(119.98, 120.18, 4000),
        np.random.default_rng(1).uniform(30.12, 30.35, 4000),
    )
    inside = xihu.contains(lng, lat)
    glng, glat = wgs84_to_gcj02(lng, lat)
    moved = xihu.contains(glng, glat)
    assert 0 < np.count_nonzero(inside != moved) < 0.1 * len(lng)


def test_synthetic_population_sums_to_the_census_and_stays_inside() -> None:
    xihu = outlines.outline("330106")
    assert xihu is not None
    pts = synthetic(xihu, [20, 15, 30, 12], 1_089_229, seed=7)
    assert pts.synthetic and int(pts.weight.sum()) == 1_089_229
    assert len(pts.lng) == 77 and np.bincount(pts.group).tolist() == [20, 15, 30, 12]
    assert xihu.contains(pts.lng, pts.lat).all() and (pts.weight > 0).all()
    again = synthetic(xihu, [20, 15, 30, 12], 1_089_229, seed=7)
    assert np.array_equal(pts.lng, again.lng) and np.array_equal(pts.weight, again.weight)


def test_apportion_is_exact() -> None:
    assert apportion(10, np.array([1.0, 1.0, 1.0])).tolist() == [4, 3, 3]
    assert int(apportion(1_089_229, np.random.default_rng(3).random(500)).sum()) == 1_089_229
