"""Coordinate systems met at a bureau (坐标系): WGS-84 / CGCS2000, in which the platform stores
coordinates (the two agree to a few centimetres, well inside the error budget), and the two
encrypted systems of Chinese web maps: GCJ-02 (高德, 腾讯, 天地图's consumer apps) and BD-09
(百度). In Hangzhou the GCJ-02 offset is about 500 m, more than the whole 15-minute error budget,
so every coordinate is converted on entry.

The GCJ-02 formulas are the published reverse-engineered ones (the same as eviltransform and
coordtransform); GCJ-02 → WGS-84 is solved by fixed-point iteration to < 1 cm, not by the one-step
approximation (1–2 m). Functions take scalars or numpy arrays (longitude first, as GeoJSON)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

A = 6378245.0  # the Krasovsky semi-major axis the GCJ-02 formulas use
EE = 0.00669342162296594323  # its first eccentricity squared
X_PI = np.pi * 3000.0 / 180.0

Coord = tuple[Any, Any]


class System(StrEnum):
    """坐标系 of an entered coordinate."""

    WGS84 = "wgs84"  # GPS, CGCS2000 (国家大地坐标系), OpenStreetMap
    GCJ02 = "gcj02"  # 高德, 腾讯 (火星坐标)
    BD09 = "bd09"  # 百度


def out_of_china(lng: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Where GCJ-02 applies no offset (the rectangle the formulas are defined for)."""
    lng_a, lat_a = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    return (lng_a < 72.004) | (lng_a > 137.8347) | (lat_a < 0.8293) | (lat_a > 55.8271)


def _offset(
    lng: NDArray[np.float64], lat: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    x, y = lng - 105.0, lat - 35.0
    sx = np.sqrt(np.abs(x))
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sx + common
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sx + common
    dlng += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlng += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * np.pi
    magic = 1.0 - EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * np.pi)
    dlng = dlng * 180.0 / (A / sqrt_magic * np.cos(rad) * np.pi)
    outside = out_of_china(lng, lat)
    return np.where(outside, 0.0, dlng), np.where(outside, 0.0, dlat)


def _out(lng: NDArray[np.float64], lat: NDArray[np.float64], like: Any) -> Coord:
    if np.ndim(like) == 0:
        return float(lng), float(lat)
    return lng, lat


def wgs84_to_gcj02(lng: ArrayLike, lat: ArrayLike) -> Coord:
    lng_a, lat_a = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    dlng, dlat = _offset(lng_a, lat_a)
    return _out(lng_a + dlng, lat_a + dlat, lng)


def gcj02_to_wgs84(lng: ArrayLike, lat: ArrayLike, *, tolerance: float = 1e-9) -> Coord:
    """The WGS-84 point whose GCJ-02 image is the given one (fixed-point iteration: the offset
    changes by < 1e-4 of itself over 500 m, so a few rounds reach `tolerance` degrees)."""
    g_lng, g_lat = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    w_lng, w_lat = g_lng.copy(), g_lat.copy()
    for _ in range(30):
        dlng, dlat = _offset(w_lng, w_lat)
        n_lng, n_lat = g_lng - dlng, g_lat - dlat
        done = np.all(np.abs(n_lng - w_lng) < tolerance) and np.all(np.abs(n_lat - w_lat) < tolerance)
        w_lng, w_lat = n_lng, n_lat
        if done:
            break
    return _out(w_lng, w_lat, lng)


def gcj02_to_bd09(lng: ArrayLike, lat: ArrayLike) -> Coord:
    x, y = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * X_PI)
    return _out(z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006, lng)


def bd09_to_gcj02(lng: ArrayLike, lat: ArrayLike) -> Coord:
    x = np.asarray(lng, dtype=float) - 0.0065
    y = np.asarray(lat, dtype=float) - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * X_PI)
    return _out(z * np.cos(theta), z * np.sin(theta), lng)


def bd09_to_wgs84(lng: ArrayLike, lat: ArrayLike) -> Coord:
    g_lng, g_lat = bd09_to_gcj02(lng, lat)
    return gcj02_to_wgs84(g_lng, g_lat)


def wgs84_to_bd09(lng: ArrayLike, lat: ArrayLike) -> Coord:
    g_lng, g_lat = wgs84_to_gcj02(lng, lat)
    return gcj02_to_bd09(g_lng, g_lat)


def to_wgs84(lng: ArrayLike, lat: ArrayLike, system: System | str) -> Coord:
    """An entered coordinate in `system`, as the platform stores it."""
    system = System(system)
    if system is System.GCJ02:
        return gcj02_to_wgs84(lng, lat)
    if system is System.BD09:
        return bd09_to_wgs84(lng, lat)
    return _out(np.asarray(lng, dtype=float), np.asarray(lat, dtype=float), lng)


def check_point(lng: float, lat: float) -> str | None:
    """Why an entered point cannot be a place in China (Chinese), or None. Catches the commonest
    slip, latitude and longitude swapped."""
    in_china = not bool(out_of_china(lng, lat))
    if not in_china and not bool(out_of_china(lat, lng)):
        return "经度与纬度似乎填反了：经度在前（如 120.13），纬度在后（如 30.27）"
    if not (-180.0 <= lng <= 180.0 and -90.0 <= lat <= 90.0):
        return "经纬度超出范围（经度 −180～180，纬度 −90～90）"
    if not in_china:
        return "坐标不在中国境内"
    return None
