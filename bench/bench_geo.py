"""fazhi.geo benchmarks (issue 17), each against its anchor in the same run:

1. Coverage of 1,000,000 population points by 100,000 resources (straight line × circuity):
   goal < 2 s, and within 1.5× of bare scipy cKDTree queries on the same points (the anchor:
   the tree built and one bounded nearest query per point, nothing else).
2. Siting: greedy within 1% of the exact MILP (HiGHS through scipy) on instances the MILP
   solves, and at least 100× faster than building the same MCLP model with spopt (run in its own
   environment: `make bench-spopt`, var/bench-spopt; skipped with a note when absent).
3. Network mode: multi-source distances within the 15-minute reach on a 1,000,000-node walking
   graph in under 1 s after loading.

    python bench/bench_geo.py [--points 1000000] [--resources 100000]

Exit status 1 when a goal is missed."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fazhi.geo.coverage import Demand, Reach, coverage  # noqa: E402
from fazhi.geo.network import WalkGraph  # noqa: E402
from fazhi.geo.siting import exact, greedy, problem  # noqa: E402

SPOPT_ENV = ROOT / "var" / "bench-spopt"  # made by `make bench-spopt` (spopt and its GIS stack)
SPOPT_PYTHON = SPOPT_ENV / "bin" / "python"
SPOPT_BUILD = """
import sys, time, json, numpy as np
from spopt.locate import MCLP
d = np.load(sys.argv[1])
cost, w, r, k = d["cost"], d["weight"], float(d["radius"]), int(d["k"])
t = time.perf_counter()
MCLP.from_cost_matrix(cost, w, r, p_facilities=k, name="mclp")
print(json.dumps({"build_s": time.perf_counter() - t}))
"""


def best_of(n: int, fn):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def bench_coverage(n_points: int, n_resources: int) -> bool:
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(17)
    side = 40_000.0  # a 40 × 40 km district on the plane
    pts = rng.uniform(0, side, (n_points, 2))
    fac = rng.uniform(0, side, (n_resources, 2))
    weight = rng.integers(1, 20, n_points).astype(float)
    groups = (pts[:, 0] // (side / 4)).astype(np.int64) * 4 + (pts[:, 1] // (side / 4)).astype(np.int64)
    demand = Demand.of(pts, weight, groups, [f"镇街{i}" for i in range(16)])
    reach = Reach()
    r = reach.straight_m

    def anchor():  # type: ignore[no-untyped-def]
        return cKDTree(fac).query(pts, k=1, distance_upper_bound=r, workers=-1)

    anchor_s, (dist, _) = best_of(3, anchor)
    cov_s, cov = best_of(3, lambda: coverage(demand, fac, reach))
    assert abs(cov.covered - float(weight[dist <= r].sum())) < 1e-6  # the same answer
    ratio = cov_s / anchor_s
    ok = cov_s < 2.0 and ratio <= 1.5
    print(
        f"Coverage: {n_points:,} points × {n_resources:,} resources (reach {reach.way_m:.0f} m, circuity {reach.circuity})"
    )
    print(f"  bare cKDTree (anchor) : {anchor_s:6.3f} s")
    print(
        f"  fazhi.geo.coverage    : {cov_s:6.3f} s   ({ratio:.2f}× anchor; goal < 2 s and ≤ 1.5×)  share {cov.share:.2%}"
    )
    return ok


def bench_siting() -> bool:
    rng = np.random.default_rng(29)
    ok = True
    print("Siting: greedy vs exact MILP (HiGHS) vs spopt's MCLP model build")
    for n_dem, n_cand, k in ((2000, 300, 8), (7000, 500, 12)):
        side = 12_000.0
        # clustered population, as in a district: 40 centres, points around them
        centres = rng.uniform(0, side, (40, 2))
        pts = centres[rng.integers(0, 40, n_dem)] + rng.normal(0, 900, (n_dem, 2))
        w = rng.integers(20, 800, n_dem).astype(float)
        cand = rng.uniform(0, side, (n_cand, 2))
        r = Reach().straight_m
        t = time.perf_counter()
        p = problem(pts, w, cand, r)
        g = greedy(p, k)
        greedy_s = time.perf_counter() - t
        t = time.perf_counter()
        e = exact(problem(pts, w, cand, r), k, time_limit_s=120)
        exact_s = time.perf_counter() - t
        gap = 1 - g.covered_new / e.covered_new if e.covered_new else 0.0
        line = (
            f"  {n_dem:,} demand × {n_cand} candidates, k={k}: greedy {greedy_s:.3f} s covers {g.covered_new:,.0f}; "
            f"exact {exact_s:.2f} s covers {e.covered_new:,.0f} ({'optimal' if e.optimal else 'time limit'}); gap {gap:.3%}"
        )
        ok &= (not e.optimal) or gap <= 0.01
        spopt_s = spopt_build(pts, w, cand, r, k)
        if spopt_s is None:
            line += "; spopt: not installed (make bench-spopt)"
        else:
            speedup = spopt_s / greedy_s
            line += f"; spopt model build {spopt_s:.2f} s = {speedup:,.0f}× greedy (goal ≥ 100×)"
            ok &= speedup >= 100
        print(line)
    return ok


def spopt_build(pts, w, cand, r, k):  # type: ignore[no-untyped-def]
    if not (SPOPT_ENV / ".installed").exists():
        return None
    from scipy.spatial.distance import cdist

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "instance.npz"
        np.savez(path, cost=cdist(pts, cand), weight=w, radius=r, k=k)
        script = Path(tmp) / "build.py"
        script.write_text(SPOPT_BUILD)
        out = subprocess.run(
            [str(SPOPT_PYTHON), str(script), str(path)], capture_output=True, text=True, check=True
        )
    return json.loads(out.stdout.strip().splitlines()[-1])["build_s"]


def bench_network(side: int = 1000) -> bool:
    # A side × side street grid near Hangzhou, 10 m between nodes (1,000,000 nodes, ~2 M edges).
    step = 0.0001
    ii, jj = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    lng = (120.0 + jj * step * 1.16).ravel()  # ~11 m east-west at 30°N
    lat = (30.2 + ii * step * 0.9).ravel()  # ~10 m north-south
    idx = np.arange(side * side).reshape(side, side)
    u = np.concatenate([idx[:, :-1].ravel(), idx[:-1, :].ravel()])
    v = np.concatenate([idx[:, 1:].ravel(), idx[1:, :].ravel()])
    t = time.perf_counter()
    g = WalkGraph.from_edges(lng, lat, u, v)
    load_s = time.perf_counter() - t
    rng = np.random.default_rng(3)
    sources = g.xy[rng.choice(g.nodes, 60, replace=False)]
    reach = Reach()
    dist_s, dist = best_of(3, lambda: g.distances_from(sources, reach.way_m))
    reached = int(np.isfinite(dist).sum())
    print(f"Network: {g.nodes:,} nodes, {g.adjacency.nnz // 2:,} edges (built in {load_s:.1f} s)")
    print(
        f"  distances from 60 resources within {reach.way_m:.0f} m: {dist_s:.3f} s (goal < 1 s); {reached:,} nodes reached"
    )
    return dist_s < 1.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--resources", type=int, default=100_000)
    args = parser.parse_args()
    results = [bench_coverage(args.points, args.resources), bench_siting(), bench_network()]
    print("geo goals:", "met" if all(results) else "NOT met")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
