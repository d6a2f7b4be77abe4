"""Coordinate conversion against published reference points, and round trips."""

import numpy as np
import pytest

from fazhi.geo import coords
from fazhi.geo.coords import System

# eviltransform's test points (wgsLat, wgsLng, gcjLat, gcjLng): Shanghai, Shenzhen, Beijing.
EVILTRANSFORM = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
]


@pytest.mark.parametrize("wlat,wlng,glat,glng", EVILTRANSFORM)
def test_wgs84_to_gcj02_matches_the_published_points(
    wlat: float, wlng: float, glat: float, glng: float
) -> None:
    lng, lat = coords.wgs84_to_gcj02(wlng, wlat)
    assert lng == pytest.approx(glng, abs=1e-9) and lat == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize("wlat,wlng,glat,glng", EVILTRANSFORM)
def test_gcj02_to_wgs84_inverts_exactly(wlat: float, wlng: float, glat: float, glng: float) -> None:
    lng, lat = coords.gcj02_to_wgs84(glng, glat)
    assert lng == pytest.approx(wlng, abs=1e-8) and lat == pytest.approx(wlat, abs=1e-8)  # < 1 mm


def test_bd09_matches_coordtransform() -> None:
    # coordtransform's README example (Beijing, 116.404, 39.915)
    assert coords.bd09_to_gcj02(116.404, 39.915) == pytest.approx(
        (116.39762729119315, 39.90865673957631), abs=1e-12
    )
    assert coords.gcj02_to_bd09(116.404, 39.915) == pytest.approx(
        (116.41036949371029, 39.92133699351021), abs=1e-12
    )


def test_offset_in_hangzhou_is_about_half_a_kilometre_and_round_trips() -> None:
    rng = np.random.default_rng(3)
    lng = rng.uniform(119.9, 120.3, 1000)
    lat = rng.uniform(30.1, 30.4, 1000)
    glng, glat = coords.wgs84_to_gcj02(lng, lat)
    shift_m = np.hypot((glng - lng) * 96_000, (glat - lat) * 111_000)
    assert 400 < shift_m.min() and shift_m.max() < 700
    back = coords.to_wgs84(glng, glat, System.GCJ02)
    assert np.abs(back[0] - lng).max() < 1e-8 and np.abs(back[1] - lat).max() < 1e-8
    # BD-09's published pair of formulas are inverse to about 1e-6° (0.1 m) only
    back = coords.to_wgs84(*coords.wgs84_to_bd09(lng, lat), System.BD09)
    assert np.abs(back[0] - lng).max() < 2e-6 and np.abs(back[1] - lat).max() < 2e-6


def test_no_offset_outside_china_and_wgs84_passes_through() -> None:
    assert coords.wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert coords.to_wgs84(120.1, 30.2, "wgs84") == (120.1, 30.2)


def test_check_point_names_the_slip() -> None:
    assert coords.check_point(120.13, 30.27) is None
    assert "填反" in str(coords.check_point(30.27, 120.13))
    assert "不在中国" in str(coords.check_point(2.35, 48.85))
    assert "超出范围" in str(coords.check_point(200, 30))
