"""A local metric plane (局部平面坐标) for distances within a district or a city: metres east and
north of an origin, on the WGS-84 ellipsoid's radii of curvature at the origin's latitude. Over
±50 km the scale error stays below 0.1%, far inside the error of a straight-line × circuity
walking estimate; no projection library is needed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

WGS84_A = 6378137.0
WGS84_E2 = 6.69437999014e-3


@dataclass(frozen=True)
class LocalPlane:
    lng0: float
    lat0: float

    @property
    def _scales(self) -> tuple[float, float]:
        phi = np.radians(self.lat0)
        w = 1.0 - WGS84_E2 * np.sin(phi) ** 2
        meridional = WGS84_A * (1.0 - WGS84_E2) / w**1.5  # metres per radian of latitude
        normal = WGS84_A / np.sqrt(w)  # prime vertical radius
        return float(normal * np.cos(phi) * np.pi / 180.0), float(meridional * np.pi / 180.0)

    def to_xy(self, lng: ArrayLike, lat: ArrayLike) -> NDArray[np.float64]:
        """An (n, 2) array of metres east, north."""
        kx, ky = self._scales
        lng_a, lat_a = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
        return np.column_stack([(lng_a - self.lng0) * kx, (lat_a - self.lat0) * ky])

    def to_lnglat(self, xy: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        kx, ky = self._scales
        arr = np.asarray(xy, dtype=float).reshape(-1, 2)
        return arr[:, 0] / kx + self.lng0, arr[:, 1] / ky + self.lat0

    @classmethod
    def around(cls, lng: ArrayLike, lat: ArrayLike) -> LocalPlane:
        """The plane centred on the points' bounding box."""
        lng_a, lat_a = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
        return cls(float((lng_a.min() + lng_a.max()) / 2), float((lat_a.min() + lat_a.max()) / 2))


def haversine_m(lng1: ArrayLike, lat1: ArrayLike, lng2: ArrayLike, lat2: ArrayLike) -> NDArray[np.float64]:
    """Great-circle distance in metres (mean Earth radius), for checks and graph edge lengths."""
    p1, p2 = np.radians(np.asarray(lat1, dtype=float)), np.radians(np.asarray(lat2, dtype=float))
    dphi = p2 - p1
    dl = np.radians(np.asarray(lng2, dtype=float) - np.asarray(lng1, dtype=float))
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * 6371008.8 * np.arcsin(np.sqrt(h)), dtype=float)
