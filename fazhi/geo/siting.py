"""Siting (选址) of k new places of a type, existing places fixed: the maximal covering location
problem. Two solvers on the same coverage sets, reported side by side:

- `greedy`: adds, k times, the candidate that covers the most population not yet covered (within
  1 − 1/e of the optimum by theory), then improves the set by single swaps (interchange) while a
  swap covers more, and repeats from a few randomised starts (GRASP), keeping the best —
  usually the optimum or within a fraction of a percent of it, in a fraction of a second.
- `exact`: the MCLP as a mixed-integer programme (Church & ReVelle 1974) solved by HiGHS through
  `scipy.optimize.milp`, for instances small enough (a time limit; `optimal` says if it proved it).

Demand points are first reduced to those not covered by the existing places and reachable from
some candidate; points with the same set of covering candidates are merged."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.spatial import cKDTree


@dataclass(frozen=True)
class Problem:
    """Candidates × uncovered demand: `cover` (csr, n_candidates × n_points, 1 where the candidate
    reaches the point), the points' `weight`, and the population already covered."""

    cover: sparse.csr_matrix
    weight: NDArray[np.float64]
    already_covered: float
    total: float


@dataclass(frozen=True)
class Siting:
    chosen: list[int]  # candidate indices, in the order chosen (greedy) or ascending (exact)
    gains: list[float]  # population added by each pick, then by each swap (greedy); empty for exact
    covered_new: float  # population newly covered by the chosen places
    covered_total: float  # with what the existing places cover
    optimal: bool  # proved optimal (exact) / always False for greedy
    seconds: float = 0.0


def problem(
    demand_xy: ArrayLike,
    weight: ArrayLike,
    candidate_xy: ArrayLike,
    radius_m: float,
    existing_xy: ArrayLike | None = None,
) -> Problem:
    """Coverage sets of the candidates within `radius_m` (straight-line metres on the plane; pass
    Reach.straight_m), over the demand the existing places leave uncovered."""
    pts = np.asarray(demand_xy, dtype=float).reshape(-1, 2)
    w = np.asarray(weight, dtype=float).reshape(-1)
    total = float(w.sum())
    covered_before = np.zeros(len(w), dtype=bool)
    if existing_xy is not None and len(np.asarray(existing_xy).reshape(-1, 2)):
        d, _ = cKDTree(np.asarray(existing_xy, dtype=float).reshape(-1, 2)).query(
            pts, k=1, distance_upper_bound=radius_m * (1 + 1e-12)
        )
        covered_before = np.isfinite(d)
    already = float(w[covered_before].sum())
    open_idx = np.flatnonzero(~covered_before & (w > 0))
    cand = np.asarray(candidate_xy, dtype=float).reshape(-1, 2)
    if len(open_idx) == 0 or len(cand) == 0:
        return Problem(sparse.csr_matrix((len(cand), 0)), np.zeros(0), already, total)
    tree = cKDTree(pts[open_idx])
    lists = tree.query_ball_point(cand, r=radius_m * (1 + 1e-12))
    indptr = np.zeros(len(cand) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(x) for x in lists])
    indices = np.fromiter((i for x in lists for i in x), dtype=np.int64, count=int(indptr[-1]))
    cover = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.int8), indices, indptr), shape=(len(cand), len(open_idx))
    )
    # Keep the points some candidate reaches, merging those with the same covering set.
    csc = cover.tocsc()
    reached = np.flatnonzero(np.diff(csc.indptr) > 0)
    csc = csc[:, reached]
    wr = w[open_idx][reached]
    keys: dict[bytes, int] = {}
    col_of = np.empty(len(reached), dtype=np.int64)
    for j in range(len(reached)):
        key = csc.indices[csc.indptr[j] : csc.indptr[j + 1]].tobytes()
        col_of[j] = keys.setdefault(key, len(keys))
    merged_w = np.bincount(col_of, weights=wr, minlength=len(keys)).astype(float)
    merge = sparse.csr_matrix(
        (np.ones(len(reached)), (np.arange(len(reached)), col_of)), shape=(len(reached), len(keys))
    )
    merged = (csc @ merge).tocsr()
    merged.data[:] = 1
    return Problem(merged.astype(np.int8), merged_w, already, total)


def greedy(
    p: Problem, k: int, interchange: bool = True, restarts: int = 10, among: int = 3, seed: int = 0
) -> Siting:
    """k picks, each the candidate adding the most uncovered population; then, with
    `interchange`, single swaps (Teitz–Bart) of a chosen place for an unchosen one while a swap
    covers more. With `restarts` > 1 (GRASP), further runs pick at random among the `among` best
    candidates at each step before their swaps, and the best run is kept; the first run is the
    plain greedy one, so more restarts never give less. Each step is one sparse product over all
    candidates; the random choices are seeded (the same answer every time)."""
    import time

    start = time.perf_counter()
    cover = p.cover.tocsr().astype(np.float64)
    rng = np.random.default_rng(seed)
    best: tuple[float, list[int], list[float]] = (-1.0, [], [])
    for run in range(max(1, restarts if interchange else 1)):
        chosen, gains, count = _construct(cover, p.weight, k, 1 if run == 0 else among, rng)
        if interchange and chosen:
            _interchange(cover, p.weight, chosen, gains, count)
        value = float(p.weight[count > 0].sum())
        if value > best[0] + 1e-9:
            best = (value, chosen, gains)
    new, chosen, gains = best
    new = max(new, 0.0)
    return Siting(chosen, gains, new, p.already_covered + new, False, time.perf_counter() - start)


def _row(cover: sparse.csr_matrix, j: int) -> NDArray[np.int32]:
    return np.asarray(cover.indices[cover.indptr[j] : cover.indptr[j + 1]])


def _construct(
    cover: sparse.csr_matrix, weight: NDArray[np.float64], k: int, among: int, rng: np.random.Generator
) -> tuple[list[int], list[float], NDArray[np.float64]]:
    count = np.zeros(cover.shape[1])  # how many chosen places reach each point
    chosen: list[int] = []
    gains: list[float] = []
    for _ in range(min(k, cover.shape[0])):
        gain = cover @ np.where(count == 0, weight, 0.0)
        gain[chosen] = -1.0
        if among > 1 and len(gain) > among:
            top = np.argpartition(-gain, among)[:among]
            j = int(rng.choice(top[gain[top] > 0])) if (gain[top] > 0).any() else int(np.argmax(gain))
        else:
            j = int(np.argmax(gain))
        if gain[j] <= 0:
            break
        chosen.append(j)
        gains.append(float(gain[j]))
        count[_row(cover, j)] += 1
    return chosen, gains, count


def _interchange(
    cover: sparse.csr_matrix,
    weight: NDArray[np.float64],
    chosen: list[int],
    gains: list[float],
    count: NDArray[np.float64],
) -> None:
    """Best single swaps, in place, while one covers more (each strictly gains, so this ends)."""
    while True:
        best = (1e-9, -1, -1)
        for pos, out in enumerate(chosen):
            row = _row(cover, out)
            after = count.copy()
            after[row] -= 1
            loss = float(weight[row][after[row] == 0].sum())
            gain = cover @ np.where(after == 0, weight, 0.0)
            gain[chosen] = -1.0
            j = int(np.argmax(gain))
            if gain[j] - loss > best[0]:
                best = (float(gain[j] - loss), pos, j)
        if best[1] < 0:
            return
        delta, pos, j = best
        count[_row(cover, chosen[pos])] -= 1
        count[_row(cover, j)] += 1
        chosen[pos] = j
        gains.append(delta)


def exact(p: Problem, k: int, time_limit_s: float = 30.0) -> Siting:
    """max Σ w_i y_i  s.t.  y_i ≤ Σ_{j covers i} x_j,  Σ x_j = min(k, n),  x binary, 0 ≤ y ≤ 1."""
    import time

    start = time.perf_counter()
    n_c, n_p = p.cover.shape
    if n_c == 0 or n_p == 0 or k <= 0:
        return Siting([], [], 0.0, p.already_covered, True, 0.0)
    k = min(k, n_c)
    c = np.concatenate([np.zeros(n_c), -p.weight])
    # y_i − Σ_j a_ji x_j ≤ 0
    a_cov = sparse.hstack([-p.cover.T.tocsr().astype(float), sparse.identity(n_p, format="csr")]).tocsr()
    a_k = sparse.csr_matrix(np.concatenate([np.ones(n_c), np.zeros(n_p)]))
    constraints = [LinearConstraint(a_cov, -np.inf, 0.0), LinearConstraint(a_k, k, k)]
    integrality = np.concatenate([np.ones(n_c), np.zeros(n_p)])
    res = milp(
        c,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(0.0, 1.0),
        options={"time_limit": time_limit_s, "disp": False},
    )
    if res.x is None:
        return Siting([], [], 0.0, p.already_covered, False, time.perf_counter() - start)
    chosen = sorted(int(j) for j in np.flatnonzero(res.x[:n_c] > 0.5))
    cols = np.unique(p.cover[chosen].indices) if chosen else np.zeros(0, dtype=np.int64)
    new = float(p.weight[cols].sum())
    return Siting(chosen, [], new, p.already_covered + new, res.status == 0, time.perf_counter() - start)
