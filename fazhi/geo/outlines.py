"""County outlines (区县界): which points lie inside a district, its area, its bounding box. The
shipped file holds Zhejiang's 90 counties (see data/build_outlines.py for source and licence); a
bureau elsewhere passes its own file (GeoJSON FeatureCollection, WGS-84, property `code`)."""

from __future__ import annotations

import json
import lzma
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

from fazhi.geo.plane import LocalPlane

SHIPPED = Path(__file__).parent / "data" / "outlines-33.geojson.xz"


@dataclass(frozen=True)
class Outline:
    code: str
    polygons: tuple[tuple[NDArray[np.float64], ...], ...]  # each polygon: outer ring, then holes

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        pts = np.vstack([ring for poly in self.polygons for ring in poly])
        return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())

    def contains(self, lng: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
        """Even–odd rule over every ring (holes and islands included), vectorised over points."""
        x, y = np.asarray(lng, dtype=float).ravel(), np.asarray(lat, dtype=float).ravel()
        inside = np.zeros(len(x), dtype=bool)
        for poly in self.polygons:
            for ring in poly:
                x1, y1 = ring[:-1, 0], ring[:-1, 1]
                x2, y2 = ring[1:, 0], ring[1:, 1]
                for i in range(0, len(x), 20_000):  # bounded memory: points × edges per block
                    px, py = x[i : i + 20_000, None], y[i : i + 20_000, None]
                    crosses = (y1 > py) != (y2 > py)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        xint = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
                    inside[i : i + 20_000] ^= (np.count_nonzero(crosses & (px < xint), axis=1) % 2).astype(
                        bool
                    )
        return inside

    def area_km2(self) -> float:
        lng0 = (self.bbox[0] + self.bbox[2]) / 2
        lat0 = (self.bbox[1] + self.bbox[3]) / 2
        plane = LocalPlane(lng0, lat0)
        total = 0.0
        for poly in self.polygons:
            for k, ring in enumerate(poly):
                xy = plane.to_xy(ring[:, 0], ring[:, 1])
                a = 0.5 * abs(float(np.dot(xy[:-1, 0], xy[1:, 1]) - np.dot(xy[1:, 0], xy[:-1, 1])))
                total += a if k == 0 else -a
        return total / 1e6


@cache
def _read(path: str) -> dict[str, Outline]:
    raw = Path(path).read_bytes()
    doc = json.loads(lzma.decompress(raw) if path.endswith(".xz") else raw)
    out: dict[str, Outline] = {}
    for feature in doc["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        out[str(feature["properties"]["code"])] = Outline(
            str(feature["properties"]["code"]),
            tuple(tuple(np.asarray(ring, dtype=float) for ring in poly) for poly in polys),
        )
    return out


def outline(code: str, path: str | Path | None = None) -> Outline | None:
    """The outline of county `code` from `path` (default: the shipped Zhejiang file), or None."""
    return _read(str(path or SHIPPED)).get(code)


def codes(path: str | Path | None = None) -> list[str]:
    return sorted(_read(str(path or SHIPPED)))
