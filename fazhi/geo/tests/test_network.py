"""Network mode: hand-checked distances on a small graph, and a real OpenStreetMap extract."""

from pathlib import Path

import numpy as np
import pytest

from fazhi.geo.coverage import Demand, Reach
from fazhi.geo.coverage import coverage as straight_coverage
from fazhi.geo.network import WalkGraph, coverage, read_pbf

PBF = Path(__file__).parent / "data" / "helsinki.osm.pbf"


def square_graph() -> WalkGraph:
    """Four nodes on a ~111 m square grid near Hangzhou (lat steps of 0.001°), as a path A-B-C-D
    with the shortcut A-D absent: D is three edges from A."""
    lng = np.array([120.0, 120.0, 120.0, 120.0])
    lat = np.array([30.000, 30.001, 30.002, 30.003])
    return WalkGraph.from_edges(lng, lat, [0, 1, 2, 0], [1, 2, 3, 1], [100.0, 100.0, 100.0, 150.0])


def test_distances_along_the_graph_keep_the_shortest_parallel_edge_and_stop_at_the_limit() -> None:
    g = square_graph()
    src = g.xy[[0]]
    d = g.distances_from(src, 250.0)
    assert d[0] == pytest.approx(1e-3, abs=1e-3) and d[1] == pytest.approx(100, abs=0.01)
    assert d[2] == pytest.approx(200, abs=0.01) and np.isinf(d[3])  # 300 > limit
    assert g.distances_from(src, 1000.0)[3] == pytest.approx(300, abs=0.01)


def test_network_coverage_counts_the_way_not_the_crow_line() -> None:
    g = square_graph()
    dem_ll = np.column_stack([g.lng, g.lat])
    demand = Demand.of(g.xy, [10, 20, 30, 40])
    cov = coverage(g, dem_ll, demand, dem_ll[[0]], Reach(minutes=2.5, speed_m_per_min=100))  # 250 m
    assert cov.covered == 10 + 20 + 30


def test_helsinki_extract() -> None:
    g = read_pbf(PBF)
    assert g.nodes > 3000 and g.adjacency.nnz > 2 * 3000
    assert (g.adjacency.data > 0).all()
    assert (g.adjacency != g.adjacency.T).nnz == 0  # walking is both ways
    rng = np.random.default_rng(2)
    pick = rng.choice(g.nodes, 400, replace=False)
    dem_ll = np.column_stack([g.lng[pick], g.lat[pick]])
    demand = Demand.of(g.xy[pick], np.ones(400))
    fac_ll = np.column_stack([g.lng[pick[:5]], g.lat[pick[:5]]])
    reach = Reach(15, 80, 1.0)
    along = coverage(g, dem_ll, demand, fac_ll, reach)
    crow = straight_coverage(demand, g.plane.to_xy(fac_ll[:, 0], fac_ll[:, 1]), reach)
    # The way is never shorter than the straight line: whoever the network covers, the circle does.
    assert not (along.covered_mask & ~crow.covered_mask).any()
    assert 5 <= along.covered < crow.covered
