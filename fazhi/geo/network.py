"""Network mode (路网模式): distances along a walking graph instead of straight line × circuity.

A `WalkGraph` holds nodes (WGS-84 and plane coordinates) and symmetric edges in metres, as a
scipy sparse matrix. Distances from many resources at once are one bounded Dijkstra from a virtual
source joined to every resource's nearest node by its snapping distance (so the search stops at
the threshold and never explores the whole city). `read_pbf` builds the graph from an
OpenStreetMap extract a bureau supplies (pyosmium; nothing is downloaded)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from fazhi.geo.coverage import Coverage, Demand, Reach, summarise
from fazhi.geo.plane import LocalPlane, haversine_m

# OSM highway values a pedestrian may use (foot=no and access=private/no excluded per way).
WALKABLE = frozenset(
    {
        "footway", "path", "pedestrian", "steps", "living_street", "residential", "service",
        "unclassified", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary",
        "primary_link", "track", "cycleway", "corridor", "road", "trunk", "trunk_link",
    }
)  # fmt: skip


@dataclass(frozen=True)
class WalkGraph:
    lng: NDArray[np.float64]
    lat: NDArray[np.float64]
    xy: NDArray[np.float64]  # metres on `plane`
    plane: LocalPlane
    adjacency: sparse.csr_matrix  # symmetric, metres

    @property
    def nodes(self) -> int:
        return len(self.lng)

    @classmethod
    def from_edges(
        cls, lng: ArrayLike, lat: ArrayLike, u: ArrayLike, v: ArrayLike, length_m: ArrayLike | None = None
    ) -> WalkGraph:
        """Nodes by coordinates; edges as index pairs (lengths computed when not given)."""
        lng_a, lat_a = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
        u_a, v_a = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
        if length_m is None:
            w = haversine_m(lng_a[u_a], lat_a[u_a], lng_a[v_a], lat_a[v_a])
        else:
            w = np.asarray(length_m, dtype=float)
        keep = u_a != v_a
        u_a, v_a, w = u_a[keep], v_a[keep], np.maximum(w[keep], 1e-3)  # a zero would be no edge
        n = len(lng_a)
        adj = sparse.coo_matrix(
            (np.concatenate([w, w]), (np.concatenate([u_a, v_a]), np.concatenate([v_a, u_a]))), shape=(n, n)
        )
        adj_csr = _min_duplicates(adj)  # parallel edges: keep the shortest (csr would add them up)
        plane = LocalPlane.around(lng_a, lat_a) if n else LocalPlane(0.0, 0.0)
        return cls(lng_a, lat_a, plane.to_xy(lng_a, lat_a), plane, adj_csr)

    def nearest(self, xy: ArrayLike) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Each point's nearest node and the straight distance to it (metres)."""
        d, i = cKDTree(self.xy).query(np.asarray(xy, dtype=float).reshape(-1, 2), k=1)
        return np.asarray(i, dtype=np.int64), np.asarray(d, dtype=float)

    def distances_from(self, source_xy: ArrayLike, limit_m: float) -> NDArray[np.float64]:
        """Each node's distance to the nearest source along the graph (inf beyond `limit_m`),
        the sources' snapping distances included."""
        nodes, snap = self.nearest(source_xy)
        n = self.nodes
        if len(nodes) == 0:
            return np.full(n, np.inf)
        # Virtual source n, joined to each source's node by its snapping distance.
        extra = sparse.csr_matrix((np.maximum(snap, 1e-3), (np.full(len(nodes), 0), nodes)), shape=(1, n + 1))
        graph = sparse.vstack([sparse.hstack([self.adjacency, sparse.csr_matrix((n, 1))]), extra]).tocsr()
        dist = dijkstra(graph, directed=True, indices=n, limit=limit_m)
        return np.asarray(dist[:n], dtype=float)


def _min_duplicates(adj: sparse.coo_matrix) -> sparse.csr_matrix:
    order = np.lexsort((adj.data, adj.col, adj.row))
    r, c, d = adj.row[order], adj.col[order], adj.data[order]
    first = np.ones(len(r), dtype=bool)
    first[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
    return sparse.csr_matrix((d[first], (r[first], c[first])), shape=adj.shape)


def coverage(
    graph: WalkGraph, demand_lnglat: ArrayLike, demand: Demand, facility_lnglat: ArrayLike, reach: Reach
) -> Coverage:
    """Coverage along the graph: a person is covered when the way from the nearest node (plus the
    straight steps to and from the graph) is within `reach.way_m`. Coordinates are WGS-84
    (lng, lat) pairs; `demand` gives the weights and groups."""
    dem = np.asarray(demand_lnglat, dtype=float).reshape(-1, 2)
    fac = np.asarray(facility_lnglat, dtype=float).reshape(-1, 2)
    dist = graph.distances_from(graph.plane.to_xy(fac[:, 0], fac[:, 1]), reach.way_m)
    nodes, snap = graph.nearest(graph.plane.to_xy(dem[:, 0], dem[:, 1]))
    return summarise(demand, dist[nodes] + snap <= reach.way_m)


def read_pbf(path: str | Path, highways: Iterable[str] = WALKABLE) -> WalkGraph:
    """The walking graph of an OpenStreetMap extract (.osm.pbf), through pyosmium."""
    try:
        import osmium
    except ImportError as exc:  # pragma: no cover - an installation matter
        raise RuntimeError("路网模式需要安装 osmium（pyosmium）") from exc
    allowed = frozenset(highways)
    refs_u: list[int] = []
    refs_v: list[int] = []
    coords: dict[int, tuple[float, float]] = {}

    class Handler(osmium.SimpleHandler):
        def way(self, w: object) -> None:
            tags = w.tags  # type: ignore[attr-defined]
            if (
                tags.get("highway") not in allowed
                or tags.get("foot") == "no"
                or tags.get("access") in ("no", "private")
            ):
                return
            prev = None
            for n in w.nodes:  # type: ignore[attr-defined]
                if not n.location.valid():
                    prev = None
                    continue
                coords[n.ref] = (n.location.lon, n.location.lat)
                if prev is not None:
                    refs_u.append(prev)
                    refs_v.append(n.ref)
                prev = n.ref

    Handler().apply_file(str(path), locations=True)
    ids = np.fromiter(coords.keys(), dtype=np.int64, count=len(coords))
    order = np.argsort(ids)
    ids = ids[order]
    ll = np.array(list(coords.values()), dtype=float).reshape(-1, 2)[order]
    u = np.searchsorted(ids, np.asarray(refs_u, dtype=np.int64))
    v = np.searchsorted(ids, np.asarray(refs_v, dtype=np.int64))
    return WalkGraph.from_edges(ll[:, 0], ll[:, 1], u, v)
