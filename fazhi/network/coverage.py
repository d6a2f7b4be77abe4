"""覆盖率与选址 (the "15-minute public legal service circle") from the records: selectors that read
the population points of the user's scope and the active resources and sites, and hand them to
the pure engine in fazhi.geo (coverage, network, siting). Results are cached per (scope, kind,
year, mode) under a key that includes a version of the data, so an edit shows at once and several
processes never disagree.

Whom a resource serves does not stop at a 镇街's border: coverage counts every active resource or
site of the kind (their places are public — the signposts list them), while the population, the
rows and the map's markers are only those of the user's scope."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache as django_cache
from django.db.models import Count, Max, Q, Sum
from scipy import sparse
from scipy.spatial import cKDTree

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.core.roles import Action, Area, Role
from fazhi.core.scoping import active_grants, can_in_area
from fazhi.geo import siting as geo_siting
from fazhi.geo.coverage import Demand, Reach, summarise
from fazhi.geo.coverage import coverage as straight_coverage
from fazhi.geo.plane import LocalPlane
from fazhi.network.models import PopulationPoint, Resource, ResourceType, ServiceSite, SiteLevel

STREET_KINDS = (OrgKind.SUBDISTRICT, OrgKind.TOWN, OrgKind.TOWNSHIP)
RURAL_KINDS = (OrgKind.TOWN, OrgKind.TOWNSHIP)
ALL_SITES = "site:all"
CACHE_SECONDS = 600


# --- who may see it --------------------------------------------------------------------------------


def may_view(user: Any) -> bool:
    """Bureau and street staff who see the services area (not the public's own-submission grant)."""
    if not can_in_area(user, Area.SERVICES, Action.VIEW):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(g.role != Role.PUBLIC for g in active_grants(user))


def may_export(user: Any) -> bool:
    return may_view(user) and can_in_area(user, Area.SERVICES, Action.EXPORT)


# --- configuration ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """覆盖测算参数: the reaches of 街道 (on foot) and of 镇/乡 (the rural mode), and the PBF file."""

    urban: Reach
    rural: Reach
    rural_mode: str
    pbf: str

    @property
    def basis(self) -> str:
        return (
            f"街道按步行 {self.urban.minutes:g} 分钟（{self.urban.way_m:,.0f} 米，直线距离×绕行系数"
            f" {self.urban.circuity:g}，即直线 {self.urban.straight_m:,.0f} 米内）；镇、乡按"
            f"{MODE_LABELS.get(self.rural_mode, self.rural_mode)} {self.rural.minutes:g} 分钟"
            f"（{self.rural.way_m:,.0f} 米）"
        )


MODE_LABELS = {"walk": "步行", "ebike": "电动自行车"}


def config() -> Config:
    c = settings.FAZHI_COVERAGE
    minutes, circuity = float(c["minutes"]), float(c["circuity"])
    urban = Reach(minutes, float(c["walk_m_per_min"]), circuity)
    rural_mode = str(c.get("rural_mode", "ebike"))
    speed = float(c["ebike_m_per_min"] if rural_mode == "ebike" else c["walk_m_per_min"])
    return Config(urban, Reach(minutes, speed, circuity), rural_mode, settings.FAZHI_WALK_PBF)


MODES = {"straight": "直线距离×绕行系数", "network": "路网（步行道路）"}


def network_unavailable() -> str:
    """Why the network mode cannot run here ("" when it can)."""
    pbf = config().pbf
    if not pbf:
        return "未配置路网文件（FAZHI_WALK_PBF，OpenStreetMap .osm.pbf），路网模式不可用。"
    if not Path(pbf).is_file():
        return f"路网文件 {Path(pbf).name} 不存在，路网模式不可用。"
    return ""


@cache
def _graph(path: str, mtime: float) -> Any:
    from fazhi.geo.network import read_pbf

    return read_pbf(path)


def walk_graph() -> Any:
    """The walking graph of the configured extract, read once per process (read-only)."""
    pbf = config().pbf
    return _graph(pbf, Path(pbf).stat().st_mtime)


# --- kinds: resource types and site levels -------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    key: str  # "type:<code>" or "site:<level>" or "site:all"
    label: str
    group: str


def kinds() -> list[Kind]:
    """What coverage is measured of: all sites, sites by level, then each active resource type."""
    out = [Kind(ALL_SITES, "公共法律服务站点（全部层级）", "站点")]
    out += [Kind(f"site:{v}", str(label), "站点") for v, label in SiteLevel.choices]
    out += [
        Kind(f"type:{t.code}", t.name, "资源类型")
        for t in ResourceType.objects.filter(active=True).order_by("order", "code")
    ]
    return out


def kind(key: str) -> Kind | None:
    return next((k for k in kinds() if k.key == key), None)


def _active_places(key: str) -> Any:
    """The queryset of active places of a kind, with coordinates (every one, not scoped: see above)."""
    from fazhi.registers.services import today

    day = today()
    if key.startswith("site:"):
        qs = ServiceSite.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day), opened_on__lte=day)
        level = key.split(":", 1)[1]
        if level != "all":
            qs = qs.filter(level=level)
    else:
        qs = Resource.objects.filter(
            Q(delisted_on__isnull=True) | Q(delisted_on__gt=day),
            listed_on__lte=day,
            type__code=key.split(":", 1)[1],
        )
    return qs.filter(lng__isnull=False, lat__isnull=False)


def facility_lnglat(key: str) -> np.ndarray:
    rows = list(_active_places(key).values_list("lng", "lat"))
    return np.asarray(rows, dtype=float).reshape(-1, 2)


def places_for_map(user: Any, key: str, limit: int = 3000) -> list[dict[str, Any]]:
    """The scope's active places of a kind, for the map's markers and the table."""
    qs = _active_places(key).scoped_for(user, Action.VIEW).select_related("org_unit")
    out = []
    for p in qs.order_by("pk")[:limit]:
        out.append(
            {
                "name": p.name,
                "unit": p.org_unit.name,
                "address": p.address,
                "lng": float(p.lng),
                "lat": float(p.lat),
                "level": p.get_level_display() if isinstance(p, ServiceSite) else "",
            }
        )
    return out


# --- population ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Street:
    pk: int
    code: str
    name: str
    rural: bool


@dataclass
class Population:
    """人口点 of the scope's latest year: WGS-84 coordinates, weights, and their 镇街 (index)."""

    year: int
    synthetic: bool
    pk: np.ndarray
    names: list[str]
    lnglat: np.ndarray
    weight: np.ndarray
    group: np.ndarray
    streets: list[Street]

    @property
    def plane(self) -> LocalPlane:
        return LocalPlane.around(self.lnglat[:, 0], self.lnglat[:, 1])

    def demand(self, plane: LocalPlane) -> Demand:
        xy = plane.to_xy(self.lnglat[:, 0], self.lnglat[:, 1])
        return Demand.of(xy, self.weight, self.group, [s.name for s in self.streets])

    def reaches(self, cfg: Config) -> list[Reach]:
        return [cfg.rural if s.rural else cfg.urban for s in self.streets]


def _street_for(unit: OrgUnit, streets_by_code: dict[str, OrgUnit]) -> OrgUnit:
    if unit.kind in STREET_KINDS:
        return unit
    for code in reversed([c for c in unit.path.strip("/").split("/") if c]):
        if code in streets_by_code:
            return streets_by_code[code]
    return unit  # a point filed on the district itself: its own group


def years(user: Any) -> list[int]:
    return sorted(
        set(PopulationPoint.objects.scoped_for(user, Action.VIEW).values_list("year", flat=True)),
        reverse=True,
    )


def population(user: Any, year: int | None = None) -> Population | None:
    """The scope's population points of `year` (default: the latest year there is)."""
    qs = PopulationPoint.objects.scoped_for(user, Action.VIEW)
    if year is None:
        year = qs.aggregate(y=Max("year"))["y"]
        if year is None:
            return None
    rows = list(
        qs.filter(year=year)
        .order_by("org_unit__path", "pk")
        .values_list("pk", "name", "lng", "lat", "population", "org_unit_id", "source")
    )
    if not rows:
        return None
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={r[5] for r in rows})}
    codes = {c for u in units.values() for c in u.path.strip("/").split("/") if c}
    streets_by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes, kind__in=STREET_KINDS)}
    street_of = {pk: _street_for(u, streets_by_code) for pk, u in units.items()}
    ordered = sorted({s.pk: s for s in street_of.values()}.values(), key=lambda u: (u.sort_order, u.code))
    index = {u.pk: i for i, u in enumerate(ordered)}
    return Population(
        year=int(year),
        synthetic=any(r[6] == "synthetic" for r in rows),
        pk=np.array([r[0] for r in rows], dtype=np.int64),
        names=[r[1] or units[r[5]].name for r in rows],
        lnglat=np.array([(float(r[2]), float(r[3])) for r in rows], dtype=float),
        weight=np.array([r[4] for r in rows], dtype=float),
        group=np.array([index[street_of[r[5]].pk] for r in rows], dtype=np.int64),
        streets=[Street(u.pk, u.code, u.name, u.kind in RURAL_KINDS) for u in ordered],
    )


# --- coverage ------------------------------------------------------------------------------------


def _people(x: float) -> int:
    """A number of people (sums of integer weights, as float)."""
    return int(np.rint(x))


class _Shares:
    """未覆盖人口 and 覆盖率 of anything with a population and the part of it covered."""

    population: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.population - self.covered

    @property
    def share(self) -> float | None:
        return round(100.0 * self.covered / self.population, 2) if self.population else None


@dataclass
class Row(_Shares):
    """One 镇街's coverage of one kind."""

    code: str
    name: str
    rural: bool
    population: int
    covered: int
    lng: float | None = None  # population-weighted centre (for the map's label)
    lat: float | None = None


@dataclass
class Report(_Shares):
    """覆盖率测算结果: one kind, one mode, the scope's population of one year."""

    kind: Kind
    mode: str
    year: int
    synthetic: bool
    basis: str
    population: int
    covered: int
    rows: list[Row]
    uncovered_points: list[dict[str, Any]] = field(default_factory=list)
    facilities: int = 0
    seconds: float = 0.0


def _scope_key(user: Any) -> str:
    if getattr(user, "is_superuser", False):
        return "all"
    parts = sorted(f"{g.role}@{g.org_unit.path}" for g in active_grants(user))
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def data_version() -> str:
    """Changes whenever a resource, a site or a population point is added, edited or removed
    (the history tables number every change)."""
    r = Resource.history.aggregate(m=Max("history_id"))["m"]
    s = ServiceSite.history.aggregate(m=Max("history_id"))["m"]
    h = PopulationPoint.history.aggregate(m=Max("history_id"))["m"]  # edits through the register
    p = PopulationPoint.objects.aggregate(n=Count("pk"), m=Max("pk"), w=Sum("population"))
    return f"{r}-{s}-{h}-{p['n']}-{p['m']}-{p['w']}"


def covered_mask(pop: Population, fac: np.ndarray, mode: str, cfg: Config) -> np.ndarray:
    """Whether each population point reaches ≥ 1 facility (WGS-84 (n, 2) array) in the mode."""
    if mode == "network":
        from fazhi.geo.network import coverage as network_coverage

        graph = walk_graph()
        demand = Demand.of(graph.plane.to_xy(pop.lnglat[:, 0], pop.lnglat[:, 1]), pop.weight, pop.group)
        mask = np.zeros(len(pop.weight), dtype=bool)
        if len(fac) == 0:
            return mask
        rural = np.array([s.rural for s in pop.streets], dtype=bool)[pop.group]
        for reach, which in ((cfg.urban, ~rural), (cfg.rural, rural)):
            if which.any():
                cov = network_coverage(graph, pop.lnglat, demand, fac, reach)
                mask |= cov.covered_mask & which
        return mask
    plane = pop.plane
    demand = pop.demand(plane)
    fac_xy = plane.to_xy(fac[:, 0], fac[:, 1]) if len(fac) else np.zeros((0, 2))
    return straight_coverage(demand, fac_xy, pop.reaches(cfg)).covered_mask


def coverage_report(
    user: Any,
    key: str,
    mode: str = "straight",
    year: int | None = None,
    load: Callable[[], Population | None] | None = None,
) -> Report | None:
    """Coverage of kind `key` over the user's scope (None: no such kind, or no population)."""
    k = kind(key)
    if k is None or mode not in MODES or (mode == "network" and network_unavailable()):
        return None
    cfg = config()
    cache_key = f"fazhi:netcov:{_scope_key(user)}:{key}:{year}:{mode}:{data_version()}:{cfg}"
    cache_key = "fazhi:netcov:" + hashlib.sha1(cache_key.encode()).hexdigest()
    hit = django_cache.get(cache_key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    started = time.perf_counter()
    pop = load() if load is not None else population(user, year)
    if pop is None:
        return None
    fac = facility_lnglat(key)
    mask = covered_mask(pop, fac, mode, cfg)
    demand = Demand.of(np.zeros((len(pop.weight), 2)), pop.weight, pop.group, [s.name for s in pop.streets])
    cov = summarise(demand, mask)
    rows = []
    for i, s in enumerate(pop.streets):
        mine = pop.group == i
        w = pop.weight[mine]
        centre = (
            (pop.lnglat[mine] * w[:, None]).sum(axis=0) / w.sum()
            if w.sum() > 0
            else pop.lnglat[mine].mean(axis=0)
        )
        rows.append(
            Row(
                s.code,
                s.name,
                s.rural,
                _people(cov.group_population[i]),
                _people(cov.group_covered[i]),
                float(centre[0]),
                float(centre[1]),
            )
        )
    streets = [s.name for s in pop.streets]
    uncovered = [
        {
            "name": pop.names[i],
            "street": streets[pop.group[i]],
            "population": int(pop.weight[i]),
            "lng": float(pop.lnglat[i, 0]),
            "lat": float(pop.lnglat[i, 1]),
        }
        for i in np.flatnonzero(~mask & (pop.weight > 0))
    ]
    uncovered.sort(key=lambda p: -p["population"])
    report = Report(
        kind=k,
        mode=mode,
        year=pop.year,
        synthetic=pop.synthetic,
        basis=cfg.basis
        if mode == "straight"
        else f"沿步行道路 {cfg.urban.way_m:,.0f} 米（镇、乡 {cfg.rural.way_m:,.0f} 米）",
        population=_people(cov.population),
        covered=_people(cov.covered),
        rows=rows,
        uncovered_points=uncovered,
        facilities=len(fac),
        seconds=time.perf_counter() - started,
    )
    django_cache.set(cache_key, report, CACHE_SECONDS)
    return report


def report_matrix(
    user: Any, mode: str = "straight", year: int | None = None
) -> tuple[list[Kind], list[Report]]:
    """Every kind's report over the scope (the 镇街 × 类型 table)."""
    ks = kinds()
    load = cache(lambda: population(user, year))  # read once for every kind that is not cached
    reports = [r for r in (coverage_report(user, k.key, mode, year, load) for k in ks) if r is not None]
    return [r.kind for r in reports], reports


# --- siting --------------------------------------------------------------------------------------

# Bounds that keep a run in the request (measured on this 2-core machine, random points in a
# 20 km square, 923 m radius, k = 20): the exact MILP took 0.4 s at 21,788 cover pairs and 4.4 s at
# 132,888, so it runs up to EXACT_MAX_PAIRS and stops after EXACT_SECONDS; greedy with 10 restarts
# took 0.24 s for 5,000 candidates and 6 s for 20,000, so fewer restarts above
# GREEDY_RESTART_CANDIDATES; 100,000 grid points over Xihu with 20,000 candidates made 23 million
# cover pairs and 40 s of greedy, hence at most MAX_CANDIDATES candidates, thinned by cells
# (thin_candidates). The Xihu demo (222 points): greedy and exact together ≈ 0.02 s.
EXACT_MAX_PAIRS = 60_000
EXACT_SECONDS = 3.0
GREEDY_RESTART_CANDIDATES = 1_000
MAX_CANDIDATES = 2_000
REACH_MODES = {
    "config": "同覆盖率口径（街道步行，镇乡另计）",
    "walk": "一律步行",
    "ebike": "一律电动自行车",
}
CANDIDATES = {"uncovered": "尚未覆盖的人口点（村社中心）", "all": "全部人口点（村社中心）"}


@dataclass
class Pick:
    name: str
    street: str
    lng: float
    lat: float
    gain: float | None = None


@dataclass
class Solution:
    label: str
    covered_total: int
    gain: int
    seconds: float
    optimal: bool
    picks: list[Pick]


@dataclass
class SitingResult:
    """选址结果: covered before, the greedy and (when run) the exact solutions, and their gap."""

    kind: Kind
    k: int
    reach_mode: str
    radius_m: float
    year: int
    synthetic: bool
    total: int
    before: int
    candidates: int
    greedy: Solution
    exact: Solution | None
    exact_note: str

    @property
    def before_share(self) -> float | None:
        return round(100.0 * self.before / self.total, 2) if self.total else None

    def share(self, s: Solution) -> float | None:
        return round(100.0 * s.covered_total / self.total, 2) if self.total else None

    @property
    def gap(self) -> int | None:
        """Population the exact solution covers beyond the greedy one."""
        return None if self.exact is None else self.exact.covered_total - self.greedy.covered_total


def thin_candidates(xy: np.ndarray, weight: np.ndarray, idx: np.ndarray, radius: float) -> np.ndarray:
    """At most MAX_CANDIDATES candidates: with more (grid or building data), one per square cell —
    the most populous point of the cell — the cell starting at a quarter of the reach and doubling
    until few enough (two places a quarter-reach apart cover nearly the same people)."""
    if len(idx) <= MAX_CANDIDATES:
        return idx
    cell = max(radius / 4, 50.0)
    while True:
        keys = np.floor(xy[idx] / cell).astype(np.int64)
        order = np.lexsort((-weight[idx], keys[:, 1], keys[:, 0]))
        k = keys[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (k[1:] != k[:-1]).any(axis=1)
        kept = np.sort(idx[order[first]])
        if len(kept) <= MAX_CANDIDATES:
            return kept
        cell *= 2


def siting_problem(
    xy: np.ndarray, weight: np.ndarray, radius: np.ndarray, covered: np.ndarray, cand_xy: np.ndarray
) -> geo_siting.Problem:
    """The maximal-covering problem with a radius per person (a 街道's people on foot, a 镇's by
    the rural mode): candidate j covers person i when their distance ≤ radius[i]. The same
    `Problem` fazhi.geo.siting solves (its own builder takes one radius for everybody)."""
    total = float(weight.sum())
    already = float(weight[covered].sum())
    open_idx = np.flatnonzero(~covered & (weight > 0))
    if len(open_idx) == 0 or len(cand_xy) == 0:
        return geo_siting.Problem(
            sparse.csr_matrix((len(cand_xy), 0), dtype=np.int8), np.zeros(0), already, total
        )
    lists = cKDTree(cand_xy).query_ball_point(xy[open_idx], r=radius[open_idx] * (1 + 1e-12))
    rows = np.repeat(np.arange(len(open_idx)), [len(x) for x in lists])
    cols = np.fromiter((j for x in lists for j in x), dtype=np.int64, count=len(rows))
    reached = np.flatnonzero(np.bincount(rows, minlength=len(open_idx)) > 0)
    keep = np.full(len(open_idx), -1, dtype=np.int64)
    keep[reached] = np.arange(len(reached))
    # People reached by the same set of candidates are one column (as fazhi.geo.siting does):
    # thousands of grid cells become a few thousand columns and greedy's products shrink with them.
    csc = sparse.csc_matrix(
        (np.ones(len(rows), dtype=np.int8), (cols, keep[rows])), shape=(len(cand_xy), len(reached))
    )
    csc.sort_indices()
    keys: dict[bytes, int] = {}
    col_of = np.empty(len(reached), dtype=np.int64)
    for j in range(len(reached)):
        col_of[j] = keys.setdefault(csc.indices[csc.indptr[j] : csc.indptr[j + 1]].tobytes(), len(keys))
    w = np.bincount(col_of, weights=weight[open_idx][reached].astype(float), minlength=len(keys))
    merge = sparse.csr_matrix(
        (np.ones(len(reached)), (np.arange(len(reached)), col_of)), shape=(len(reached), len(keys))
    )
    cover = (csc @ merge).tocsr()
    cover.data[:] = 1
    return geo_siting.Problem(cover.astype(np.int8), w.astype(float), already, total)


def run_siting(
    user: Any, key: str, k: int, reach_mode: str = "config", candidates: str = "uncovered"
) -> SitingResult | None:
    """k new places of kind `key` with the existing ones fixed, over the scope's population, the
    candidates being its population points (community centres). None: no kind or no population."""
    kd = kind(key)
    pop = population(user)
    if kd is None or pop is None or reach_mode not in REACH_MODES or candidates not in CANDIDATES:
        return None
    cfg = config()
    ebike = Reach(cfg.urban.minutes, float(settings.FAZHI_COVERAGE["ebike_m_per_min"]), cfg.urban.circuity)
    if reach_mode == "config":
        reaches = pop.reaches(cfg)
    else:
        reaches = [cfg.urban if reach_mode == "walk" else ebike] * len(pop.streets)
    radius = np.array([r.straight_m for r in reaches])[pop.group] if len(reaches) else np.zeros(0)
    plane = pop.plane
    xy = plane.to_xy(pop.lnglat[:, 0], pop.lnglat[:, 1])
    fac = facility_lnglat(key)
    fac_xy = plane.to_xy(fac[:, 0], fac[:, 1]) if len(fac) else np.zeros((0, 2))
    covered_now = straight_coverage(Demand.of(xy, pop.weight, pop.group), fac_xy, reaches).covered_mask
    cand_idx = np.flatnonzero(~covered_now) if candidates == "uncovered" else np.arange(len(pop.weight))
    cand_idx = thin_candidates(xy, pop.weight, cand_idx, float(radius.min(initial=0.0)))
    problem = siting_problem(xy, pop.weight, radius, covered_now, xy[cand_idx])
    streets = [s.name for s in pop.streets]

    def picks(chosen: list[int], gains: list[float]) -> list[Pick]:
        out = []
        for n, j in enumerate(chosen):
            i = int(cand_idx[j])
            out.append(
                Pick(
                    pop.names[i],
                    streets[pop.group[i]],
                    float(pop.lnglat[i, 0]),
                    float(pop.lnglat[i, 1]),
                    gains[n] if n < len(gains) else None,
                )
            )
        return out

    g = geo_siting.greedy(problem, k, restarts=10 if len(cand_idx) <= GREEDY_RESTART_CANDIDATES else 2)
    greedy = Solution(
        "贪心算法（加交换改进）",
        _people(g.covered_total),
        _people(g.covered_new),
        g.seconds,
        False,
        picks(g.chosen, g.gains),
    )
    exact: Solution | None = None
    if problem.cover.nnz > EXACT_MAX_PAIRS:
        note = (
            f"问题规模（{problem.cover.shape[0]} 个候选、{problem.cover.shape[1]} 组人口点、"
            f"{problem.cover.nnz} 个覆盖关系）超过精确求解上限，仅给出贪心结果。"
        )
    else:
        e = geo_siting.exact(problem, k, time_limit_s=EXACT_SECONDS)
        exact = Solution(
            "精确求解（整数规划 HiGHS）",
            _people(e.covered_total),
            _people(e.covered_new),
            e.seconds,
            e.optimal,
            picks(e.chosen, []),
        )
        note = "" if e.optimal else f"精确求解在 {EXACT_SECONDS:g} 秒内未证明最优，给出的是当时的最好解。"
    return SitingResult(
        kind=kd,
        k=k,
        reach_mode=reach_mode,
        radius_m=float(radius.max(initial=0.0)),
        year=pop.year,
        synthetic=pop.synthetic,
        total=_people(problem.total),
        before=_people(problem.already_covered),
        candidates=len(cand_idx),
        greedy=greedy,
        exact=exact,
        exact_note=note,
    )
