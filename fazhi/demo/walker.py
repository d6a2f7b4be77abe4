"""The demo as data: one walker that makes a line's demo cases from its data files.

A line's demo is described, not scripted (`fazhi/demo/data/<line>/`):

- `profile.toml` — how the line's cases are received (the units and the staff who act, channel,
  parties, detail fields, titles), what each step's form is filled with, and how many working days
  lie between steps;
- `<year>.toml` — what the year must contain: cases by the state and outcome they end in (with
  steps they must or must not take), cases carried over from the year before and how they end,
  month weights;
- `current.toml` — open cases of the last weeks (worklists and deadline warnings have live work).

For each wanted case the walker finds a path through the line's `Workflow` (fazhi.cases.workflow)
from the case's state to the wanted state and outcome, fills each step's form from the profile
(or, where the profile is silent, from the field's declaration), dates each step after the one
before and before the statutory deadline it meets (unless the year file asks for a share of late
steps), and drives the case engine (`CaseEngine`: the bulk planner through `DemoBatch`, the
services for a case the planner cannot express). The figures are then computed from the records
by the indicator engine; the walker never counts for them.

Values in the data files (profile `receive.detail`, `steps.<name>`, `receive.title` …):
- a string, number or boolean is itself; a string may name the step's context: "@day" (the step's
  date), "@actor" (the acting user's username), "@unit" (the receiving unit's code), "@district";
- an array is a uniform choice of its items; a table whose values are all numbers is a weighted
  choice (`{ written = 8, oral = 2 }`);
- `{ between = [low, high], step = 100 }`: a whole number (a multiple of step);
- `{ gen = "name", … }`: a value made by a registered generator (`GENERATORS`: person, company …);
- `{ value = … }`: the value itself, for a literal table or list;
- `{ from = "field", <value> = …, other = … }`: by the value of another field (the step's fields
  drawn before it, then the case's receipt and detail);
- in step data, "@step" is the step's own date and "@step+N" the N-th working day after it (fixed
  when the step is dated).

More, for lines whose cases hang together (all optional; a line that uses none is made as before):
- profile `receive.complete = { gen = "name", … }`: a generator that completes the receipt from
  what was drawn before it (`Draw.drawn`: the `case_create` arguments) — correlated fields such as
  the act, its dates and the respondent; it returns `detail` (merged), `parties` (added) and any
  other `case_create` argument (replaced);
- a want's `received = ["MM-DD", "MM-DD"]` (in `current.toml`: `[most, fewest]` days before
  today): the window its cases are received in;
- an automatic step (taken by the system) is taken only when named in `via`, by the system, on the
  due day of the deadline it meets;
- a want's `follow = { kind = "…", end = "…", outcome = "…", via = […] }`: the cases its steps
  create and link (CaseLink follow_up, e.g. a 行政复议意见书) are walked on through their own
  workflow (through the services; profile `steps` and `gaps` apply by step name);
- a want's `year_end = "state"`: its cases are in that state on 31 December (pending at the year's
  end) and take the steps that leave it in the next year (from its first working day, by its 31
  December or today) — the year after counts them (e.g. concluded), planned with the rest;
- a kind that declares no bulk plan (`Ledger.plan`) goes through the services case by case;
- profile `receive.number = true`: the case's number is allocated when it is drawn (a year's in one
  block through the ledger's `number_block`, in the order of receipt, as the services would), for a
  workflow whose steps record it — the bulk planner allocates numbers only when it writes, and
  cannot plan such a step without one.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections import ChainMap, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from fazhi.cases import registry
from fazhi.cases.bulk import SERVICES, CaseEngine, NotPlannable
from fazhi.cases.models import Case, CaseLink, DeadlineState, LinkKind
from fazhi.cases.services import PartyInput
from fazhi.cases.workflow import STAY, Transition, Workflow
from fazhi.core.models import OrgUnit, RoleGrant, User
from fazhi.demo.batch import DemoBatch
from fazhi.demo.context import MONTH_WEIGHTS, DemoContext
from fazhi.law.calendar import default_calendar

DATA = Path(__file__).resolve().parent / "data"
MAX_STEPS = 12  # longest path the walker looks for


class DataError(ValueError):
    """A data file asks for something the line's workflow or the database cannot give (the message
    names the file, the entry and why)."""


# --- the data files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Want:
    """Cases to make: `count` cases ending in state `end` with `outcome` (either may be empty), taking
    every step of `via` and none of `avoid`. `start`: the state carried-over cases are in now
    (empty for new cases). `data`: step data overriding the profile's for these cases; `late`: the
    share of steps (by name) taken after the deadline they meet."""

    count: int
    end: str = ""
    outcome: str = ""
    via: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    start: str = ""
    data: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    receive: Mapping[str, Any] = field(default_factory=dict)
    late: Mapping[str, float] = field(default_factory=dict)
    where: str = ""  # the source entry, for messages
    received: tuple[Any, ...] = ()  # the window of receipt ("MM-DD" pair; current: days before today)
    year_end: str = ""  # the state on 31 December: the steps leaving it are taken the next year
    follow: tuple[tuple[str, Want], ...] = ()  # (kind, want) for the linked cases its steps create


@dataclass(frozen=True)
class LineData:
    """One line's data files, read."""

    line: str
    kind: str
    label: str
    profile: Mapping[str, Any]
    years: Mapping[int, Mapping[str, Any]]
    current: Mapping[str, Any] | None

    def wants(self, year: int | str) -> list[Want]:
        spec = self.current if year == "current" else self.years.get(int(year))
        if spec is None:
            return []
        return [_want(w, f"{self.line}/{year}.toml cases[{i}]") for i, w in enumerate(spec.get("cases", ()))]

    def carried(self, year: int) -> list[Want]:
        spec = self.years.get(year) or {}
        return [
            _want(w, f"{self.line}/{year}.toml carried[{i}]") for i, w in enumerate(spec.get("carried", ()))
        ]


def _want(raw: Mapping[str, Any], where: str) -> Want:
    known = {
        "count",
        "end",
        "outcome",
        "via",
        "avoid",
        "start",
        "data",
        "receive",
        "late",
        "received",
        "follow",
        "year_end",
    }
    unknown = set(raw) - known
    if unknown:
        raise DataError(f"{where}: 不认识的键 {sorted(unknown)}（可用：{sorted(known)}）")
    return Want(
        count=int(raw.get("count", 0)),
        end=raw.get("end", ""),
        outcome=raw.get("outcome", ""),
        via=tuple(raw.get("via", ())),
        avoid=tuple(raw.get("avoid", ())),
        start=raw.get("start", ""),
        data=raw.get("data", {}),
        receive=raw.get("receive", {}),
        late=raw.get("late", {}),
        where=where,
        received=tuple(raw.get("received", ())),
        year_end=raw.get("year_end", ""),
        follow=tuple(
            (
                str(f.get("kind", "")),
                _want({"count": 1, **{k: v for k, v in f.items() if k != "kind"}}, where),
            )
            for f in (raw["follow"] if isinstance(raw.get("follow"), list) else [raw["follow"]])
        )
        if raw.get("follow")
        else (),
    )


def load(line: str, root: Path | None = None) -> LineData:
    """Read `root/<line>/` (default `DATA`): profile.toml, <year>.toml files and current.toml."""
    folder = (root or DATA) / line
    if not (folder / "profile.toml").exists():
        raise DataError(f"没有 {folder / 'profile.toml'}")
    profile = tomllib.loads((folder / "profile.toml").read_text("utf-8"))
    years: dict[int, Mapping[str, Any]] = {}
    for path in sorted(folder.glob("[0-9][0-9][0-9][0-9].toml")):
        years[int(path.stem)] = tomllib.loads(path.read_text("utf-8"))
    current_path = folder / "current.toml"
    current = tomllib.loads(current_path.read_text("utf-8")) if current_path.exists() else None
    kind = profile.get("kind", line)
    spec = registry.get(kind)
    return LineData(line, kind, profile.get("label", spec.label), profile, years, current)


# --- paths through a workflow -------------------------------------------------------------------


def _sets(t: Transition, outcome: str) -> bool:
    """Whether step `t` can set `outcome` (a fixed outcome, or a choice field it takes it from)."""
    if not t.outcome:
        return False
    if t.outcome.startswith("="):
        f = t.field(t.outcome[1:])
        return f is not None and outcome in {c for c, _ in f.choices}
    return t.outcome == outcome


def paths(
    workflow: Workflow,
    *,
    start: str = "",
    end: str = "",
    outcome: str = "",
    via: Iterable[str] = (),
    avoid: Iterable[str] = (),
    limit: int = 1,
) -> list[tuple[Transition, ...]]:
    """The shortest paths (at most `limit`) of non-automatic steps from `start` (default: the initial
    state) to state `end` (default: any terminal state) whose last outcome is `outcome`, taking every
    step in `via` and none in `avoid`. A step that keeps the state (STAY) or that the system takes
    (automatic) is taken only when in `via`; no step is taken twice."""
    start = start or workflow.initial
    must, never = frozenset(via), frozenset(avoid)
    for name in must | never:
        workflow.transition(name)  # WorkflowError for a name the workflow does not know
    found: list[tuple[Transition, ...]] = []
    queue: deque[tuple[str, tuple[Transition, ...]]] = deque([(start, ())])
    while queue and len(found) < limit:
        state, path = queue.popleft()
        taken = {t.name for t in path}
        last = next((t for t in reversed(path) if t.outcome), None)
        if (
            (state == end if end else state in workflow.terminal and bool(path))
            and must <= taken
            and (not outcome or (last is not None and _sets(last, outcome)))
        ):
            found.append(path)
            continue
        if len(path) >= MAX_STEPS:
            continue
        for t in workflow.available(state, include_automatic=bool(must)):
            if (
                t.name in taken
                or t.name in never
                or ((t.target == STAY or t.automatic) and t.name not in must)
            ):
                continue
            queue.append((t.target or state, (*path, t)))
    return found


# --- drawing values -----------------------------------------------------------------------------


@dataclass
class Draw:
    """What a value is drawn for: the context, the receiving unit, the acting user, the step's day."""

    ctx: DemoContext
    unit: OrgUnit
    actor: User
    day: date | None = None
    drawn: Mapping[str, Any] = field(default_factory=dict)  # the receipt drawn so far


@dataclass(frozen=True)
class StepDay:
    """A date fixed when the step is dated: `days` working days after the step's date ("@step+N")."""

    days: int = 0

    def on(self, day: date) -> date:
        cal = default_calendar()
        for _ in range(self.days):
            day += timedelta(days=1)
            while not cal.is_workday(day):
                day += timedelta(days=1)
        return day


Generator = Callable[[Draw, Mapping[str, Any]], Any]
GENERATORS: dict[str, Generator] = {
    "person": lambda d, o: d.ctx.person(address=bool(o.get("address", False))),
    "company": lambda d, o: d.ctx.company(),
    "name": lambda d, o: d.ctx.faker.name(),
}


def generator(name: str) -> Callable[[Generator], Generator]:
    """Register a value generator for `{ gen = "name" }` (e.g. a line's own kind of value)."""

    def register(fn: Generator) -> Generator:
        GENERATORS[name] = fn
        return fn

    return register


def draw(value: Any, d: Draw) -> Any:
    """The value a data-file entry stands for (see the module docstring)."""
    rng = d.ctx.rng
    if isinstance(value, str):
        if value == "@day":
            return d.day
        if value == "@actor":
            return d.actor.username
        if value == "@unit":
            return d.unit.code
        if value == "@district":
            return settings.FAZHI_DISTRICT_CODE
        if value.startswith("@step"):
            rest = value[5:].strip()
            try:
                return StepDay(int(rest) if rest else 0)
            except ValueError:
                raise DataError(f"“{value}”无效（@step 或 @step+N）") from None
        return value
    if isinstance(value, list):
        return draw(value[rng.randrange(len(value))], d) if value else None
    if isinstance(value, dict):
        if "value" in value and len(value) == 1:
            return value["value"]
        if "between" in value:
            low, high = value["between"]
            step = int(value.get("step", 1))
            return rng.randint(int(low) // step, int(high) // step) * step
        if "from" in value:  # by another value: the step's fields drawn before, the case's detail
            key = d.drawn.get(value["from"], (d.drawn.get("detail") or {}).get(value["from"]))
            return draw(value.get(str(key), value.get("other")), d)
        if "gen" in value:
            name = value["gen"]
            if name not in GENERATORS:
                raise DataError(f"没有名为“{name}”的生成器（可用：{sorted(GENERATORS)}）")
            return GENERATORS[name](d, value)
        if value and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()):
            keys = list(value)
            return rng.choices(keys, weights=[value[k] for k in keys])[0]
        return {k: draw(v, d) for k, v in value.items()}
    return value


def _default(t: Transition, name: str, d: Draw, outcome: str) -> Any:
    """A required field the profile does not fill: a value its declaration admits."""
    f = t.field(name)
    assert f is not None
    if t.outcome == f"={name}" and outcome:
        return outcome
    if f.kind == "date":
        return d.day
    if f.kind in ("int", "decimal"):
        return 1
    if f.kind == "choice":
        return f.choices[0][0]
    if f.kind == "multichoice":
        return [f.choices[0][0]]
    if f.kind == "bool":
        return False
    if f.kind == "user":
        return d.actor.username
    if f.kind == "org":
        return d.unit.code
    return f"{f.label}（演示）"


def step_data(t: Transition, profile: Mapping[str, Any], want: Want, d: Draw, outcome: str) -> dict[str, Any]:
    """The form of step `t`: the want's data, then the profile's `steps.<name>`, then defaults for
    the required fields left; an outcome taken from a field is the wanted one."""
    given = {**profile.get("steps", {}).get(t.name, {}), **want.data.get(t.name, {})}
    data: dict[str, Any] = {}
    if any(isinstance(v, dict) and "from" in v for v in given.values()):
        d = dataclasses.replace(d, drawn=ChainMap(data, dict(d.drawn)))  # the fields drawn so far first
    for f in t.fields:
        if f.name in given:
            data[f.name] = draw(given[f.name], d)
        elif t.outcome == f"={f.name}" and outcome:
            data[f.name] = outcome
        elif f.required:
            data[f.name] = _default(t, f.name, d, outcome)
    return data


# --- units and staff ----------------------------------------------------------------------------


class Places:
    """Where a line's cases are received and who handles them (profile `receive.units`,
    `receive.actor`), looked up once per build."""

    def __init__(self, ctx: DemoContext, receive: Mapping[str, Any], where: str) -> None:
        self.ctx = ctx
        self.units = self._units(receive.get("units"), where)
        self.actor_spec = receive.get("actor", "")
        self._actors: dict[int, list[User]] = {}
        self.weights = [float(w) for w in receive.get("unit_weights", [])] or None
        self.where = where

    def _units(self, spec: Any, where: str) -> list[OrgUnit]:
        """`code:<code>` (several: an array), `township:<pattern>` ({code}: each counted 乡级 unit's
        code), or `kind:<OrgKind>` under the district."""
        district = settings.FAZHI_DISTRICT_CODE
        specs = spec if isinstance(spec, list) else [spec]
        units: list[OrgUnit] = []
        for s in specs:
            if not isinstance(s, str) or ":" not in s:
                raise DataError(f"{where}: receive.units 应为 code:… / township:… / kind:…，而不是 {s!r}")
            how, arg = s.split(":", 1)
            arg = arg.replace("{district}", district)
            if how == "code":
                units.append(self.ctx.unit(arg))
            elif how == "township":
                units.extend(self.ctx.unit(arg.replace("{code}", t.code)) for t in self.ctx.townships())
            elif how == "kind":
                units.extend(OrgUnit.objects.filter(kind=arg, code__startswith=district).order_by("code"))
            else:
                raise DataError(f"{where}: receive.units 不认识“{how}”")
        if not units:
            raise DataError(f"{where}: receive.units {spec!r} 找不到任何组织机构")
        return units

    def unit(self) -> OrgUnit:
        if self.weights and len(self.weights) == len(self.units):
            return self.ctx.rng.choices(self.units, weights=self.weights)[0]
        return self.ctx.choice(self.units)

    def actors(self, unit: OrgUnit) -> list[User]:
        """`user:<username>` (several: an array) or `role:<Role>` (users granted that role on the unit
        or an ancestor, demo users first)."""
        if unit.pk not in self._actors:
            specs = self.actor_spec if isinstance(self.actor_spec, list) else [self.actor_spec]
            users: list[User] = []
            for s in specs:
                how, _, arg = str(s).partition(":")
                if how == "user":
                    users.extend(User.objects.filter(username=arg))
                elif how == "role":
                    ancestors = [p for p in _prefixes(unit.path)]
                    grants = (
                        RoleGrant.objects.filter(role=arg, org_unit__path__in=ancestors)
                        .select_related("user")
                        .order_by("user__username")
                    )
                    users.extend(g.user for g in grants if g.user.is_active)
                else:
                    raise DataError(f"{self.where}: receive.actor 应为 user:… 或 role:…，而不是 {s!r}")
            if not users:
                raise DataError(
                    f"{self.where}: “{unit.name}”没有可办理的人员（receive.actor = {self.actor_spec!r}）"
                )
            self._actors[unit.pk] = users
        return self._actors[unit.pk]

    def actor(self, unit: OrgUnit) -> User:
        return self.ctx.choice(self.actors(unit))


def _prefixes(path: str) -> list[str]:
    """The materialised paths of a unit and its ancestors ("/1/4/9/" → "/1/", "/1/4/", "/1/4/9/")."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


# --- one case -----------------------------------------------------------------------------------


@dataclass
class Step:
    transition: Transition
    data: dict[str, Any]
    gap: int  # working days after the previous step
    late: bool


def _open_dues(case: Case, rules: Sequence[str]) -> list[date]:
    """Due days of the case's open deadlines among `rules` (planned in memory or stored)."""
    if not rules:
        return []
    plan = getattr(case, "_bulk_plan", None)
    rows = plan.deadlines if plan is not None else list(case.deadlines.all()) if case.pk else []
    return [
        d.due for d in rows if d.rule_id in rules and d.state in (DeadlineState.OPEN, DeadlineState.PAUSED)
    ]


def _day(prev: date, gap: int, cap: date | None, until: date) -> date:
    """`gap` working days after `prev`, not after `cap` (a deadline) nor `until`, not before `prev`."""
    cal = default_calendar()
    d = prev
    for _ in range(gap):
        d += timedelta(days=1)
        while not cal.is_workday(d):
            d += timedelta(days=1)
    for limit in (cap, until):
        if limit is not None and d > limit:
            d = max(prev, limit)
    return d


class Walker:
    """Makes one line's demo cases from its data (see the module docstring)."""

    def __init__(self, ctx: DemoContext, data: LineData) -> None:
        self.ctx = ctx
        self.data = data
        self.spec = registry.get(data.kind)
        self.workflow = self.spec.workflow
        self.profile = data.profile
        self.receive = data.profile.get("receive", {})
        self.places = Places(ctx, self.receive, f"{data.line}/profile.toml")
        self.gaps: Mapping[str, Sequence[int]] = data.profile.get("gaps", {})
        self._paths: dict[tuple[Any, ...], tuple[Transition, ...]] = {}

    def path(self, want: Want, start: str = "") -> tuple[Transition, ...]:
        key = (start or want.start, want.end, want.outcome, want.via, want.avoid)
        if key not in self._paths:
            found = paths(
                self.workflow,
                start=key[0],
                end=want.end,
                outcome=want.outcome,
                via=want.via,
                avoid=want.avoid,
            )
            if not found and (want.end or want.outcome or want.via):
                raise DataError(
                    f"{want.where}: {self.spec.label}的流程中找不到从“{key[0] or self.workflow.initial}”"
                    f"到状态“{want.end or '办结'}”、结果“{want.outcome or '不限'}”的路径"
                    + (f"（须经 {list(want.via)}）" if want.via else "")
                )
            self._paths[key] = found[0] if found else ()
        return self._paths[key]

    def steps(self, want: Want, path: Sequence[Transition], d: Draw) -> list[Step]:
        """The steps of one case, drawn now (so a case is the same whichever engine writes it)."""
        out = []
        rng = self.ctx.rng
        for t in path:
            low, high = self.gaps.get(t.name, self.gaps.get("default", (0, 3)))
            late = rng.random() < float(want.late.get(t.name, 0.0))
            out.append(
                Step(t, step_data(t, self.profile, want, d, want.outcome), rng.randint(low, high), late)
            )
        return out

    def receipt(self, want: Want, received: date, number: str = "") -> tuple[dict[str, Any], Draw]:
        """The `case_create` arguments of a new case received on `received` (numbered `number`)."""
        receive = {**self.receive, **want.receive}
        unit = self.places.unit()
        actor = self.places.actor(unit)
        d = Draw(self.ctx, unit, actor, received)
        detail = {k: draw(v, d) for k, v in receive.get("detail", {}).items()}
        title = draw(receive.get("title", f"{self.spec.label}案件"), d)
        if isinstance(title, dict):  # titles by a detail field's value: { by = "dispute_type", … }
            by = title.get("by", "")
            options = title.get(str(detail.get(by)), title.get("other", f"{self.spec.label}案件"))
            title = draw(options, d)
        parties = [self._party(p, d) for p in receive.get("parties", ())]
        enterprise = any(p.legal_entity is not None for p in parties) and self.ctx.rng.random() < float(
            receive.get("enterprise_share", 1.0)
        )
        create = {
            "actor": actor,
            "kind": self.spec.kind,
            "org_unit": unit,
            "received_on": received,
            "title": title,
            "channel": draw(receive.get("channel", "walk_in"), d),
            "parties": parties,
            "detail": detail,
            "enterprise_related": enterprise,
            "handler": actor if receive.get("handler", True) else None,
            "is_demo": True,
        }
        if number:
            create["number"] = number
        elif receive.get("number") and self.spec.number is not None:  # numbered on receipt
            with transaction.atomic():  # (a build that fails after this leaves a gap: it is rebuilt)
                create["number"] = self.spec.number(
                    Case(kind=self.spec.kind, received_on=received, org_unit=unit)
                )
        d.drawn = create
        if receive.get("complete") is not None:  # correlated fields, from what was drawn
            extra = draw(receive["complete"], d)
            for key, value in dict(extra).items():
                if key == "detail":
                    create["detail"] = {**create["detail"], **value}
                elif key == "parties":
                    create["parties"] = [*create["parties"], *value]
                else:
                    create[key] = value
        return create, d

    def _party(self, spec: Mapping[str, Any], d: Draw) -> PartyInput:
        who = draw(spec.get("who", "person"), d)
        role = spec["role"]
        if who == "person":
            return PartyInput(role=role, person=d.ctx.person(address=bool(spec.get("address", False))))
        if who == "company":
            return PartyInput(role=role, legal_entity=d.ctx.company())
        if isinstance(who, str) and who.startswith("unit:"):
            return PartyInput(
                role=role, org_unit=self.ctx.unit(who[5:].replace("{district}", settings.FAZHI_DISTRICT_CODE))
            )
        raise DataError(
            f"{self.data.line}/profile.toml: 当事人 who = {who!r} 无效（person / company / unit:…）"
        )

    def make(
        self, want: Want, received: date, *, until: date, number: str = ""
    ) -> Callable[[CaseEngine], Case]:
        """One new case, drawn now and written by the returned function through the engine given."""
        create, d = self.receipt(want, received, number)
        steps = self.steps(want, self.path(want), d)
        actor = create["actor"]

        def write(engine: CaseEngine) -> Case:
            case = engine.create(**create)
            case = self._walk(engine, case, actor, steps, received, until, year_end=want.year_end)
            if want.follow:
                self._follow(case, want, d, until)
            return case

        return write

    def _follow(self, case: Case, want: Want, d: Draw, until: date) -> None:
        """Walk on the cases the steps created and linked (`follow`), through the services."""
        if case.pk is None:
            raise NotPlannable("linked cases are walked on once the case is stored")
        for kind, fwant in want.follow:
            workflow = registry.get(kind).workflow
            linked = (
                CaseLink.objects.filter(
                    from_case=case,
                    kind=LinkKind.FOLLOW_UP,
                    to_case__kind=kind,
                    to_case__closed_on__isnull=True,
                )
                .select_related("to_case")
                .order_by("id")
            )
            for link in linked:
                other = link.to_case
                found = paths(
                    workflow,
                    start=other.status,
                    end=fwant.end,
                    outcome=fwant.outcome,
                    via=fwant.via,
                    avoid=fwant.avoid,
                )
                if not found:
                    raise DataError(f"{want.where}: follow {kind} 找不到到“{fwant.end or '办结'}”的路径")
                steps = self.steps(fwant, found[0], d)
                self._walk(SERVICES, other, d.actor, steps, other.received_on, until)

    def _walk(
        self,
        engine: CaseEngine,
        case: Case,
        actor: User,
        steps: Sequence[Step],
        prev: date,
        until: date,
        *,
        year_end: str = "",
    ) -> Case:
        for s in steps:
            if year_end and case.status == year_end and s.transition.target not in (STAY, year_end):
                year_end, nxt = "", date(until.year + 1, 1, 1)  # pending on 31 December: on next year
                prev = _day(nxt - timedelta(days=1), 1, None, date.max)
                until = min(date(nxt.year, 12, 31), self.ctx_today())
            dues = _open_dues(case, s.transition.meet)
            if s.transition.automatic:  # the system's step, on the due day of what it meets
                if not dues:
                    raise DataError(f"{self.data.line}: 自动步骤“{s.transition.name}”没有待届满的期限")
                on = max(prev, min(dues))
                if on > until:
                    raise DataError(
                        f"{self.data.line}: 自动步骤“{s.transition.name}”的期限 {on} 晚于 {until}"
                        "（请让这类案件更早收案：received）"
                    )
                case = engine.transition(actor=None, case=case, name=s.transition.name, on=on, system=True)
                prev = on
                continue
            cap = None if s.late or not dues else min(dues)
            on = _day(prev, s.gap, cap, until)
            if s.late and dues:
                on = max(on, _day(min(dues), 1 + s.gap, None, until))
            data = {
                k: (
                    on
                    if v is None and self._is_date(s.transition, k)
                    else v.on(on)
                    if isinstance(v, StepDay)
                    else v
                )
                for k, v in s.data.items()
            }
            case = engine.transition(actor=actor, case=case, name=s.transition.name, on=on, data=data)
            prev = on
        return case

    @staticmethod
    def _is_date(t: Transition, name: str) -> bool:
        f = t.field(name)
        return f is not None and f.kind == "date"

    # --- a year, the carried-over cases, the live cases -------------------------------------------

    def year(self, year: int, *, label: str = "") -> int:
        """Make the year's new cases (received in `year`, every step by 31 December) through the bulk
        planner, then take the carried-over cases on. Returns the number of cases made."""
        spec = self.data.years.get(year)
        if spec is None:
            raise DataError(f"没有 {self.data.line}/{year}.toml")
        wants = self.data.wants(year)
        order = self.ctx.shuffled([w for w in wants for _ in range(w.count)])
        months = spec.get("months") or MONTH_WEIGHTS
        free = [w for w in order if not w.received]
        pairs = list(zip(free, self._dates(year, len(free), months), strict=True))
        if len(free) < len(order):  # wants with a window of receipt: a day in it each
            pairs += [(w, self._window_day(year, w)) for w in order if w.received]
            pairs.sort(key=lambda p: p[1])
        until = min(date(year, 12, 31), self.ctx_today())
        label = label or f"{self.data.label} {year}"
        ledger = self.spec.ledger
        numbers = [""] * len(pairs)
        if self.receive.get("number") and ledger is not None and ledger.number_block is not None:
            numbered = [Case(kind=self.spec.kind, received_on=day) for _, day in pairs]
            with transaction.atomic():  # the year's numbers in one block, in order of receipt
                ledger.number_block(numbered)
            numbers = [c.number for c in numbered]
        planned = ledger is not None and ledger.plan is not None
        batch: DemoBatch | _Services = DemoBatch(self.spec.kind) if planned else _Services()
        with batch:
            for i, ((want, day), number) in enumerate(zip(pairs, numbers, strict=True)):
                batch.add(self.make(want, day, until=until, number=number))
                self.ctx.tick(label, i + 1, len(pairs))
        self.carry(year, until=until)
        return len(order)

    def _window_day(self, year: int, want: Want) -> date:
        try:
            first, last = (date(year, *map(int, str(x).split("-"))) for x in want.received)
        except (TypeError, ValueError):
            raise DataError(
                f'{want.where}: received 应为 ["MM-DD", "MM-DD"]，而不是 {list(want.received)}'
            ) from None
        last = min(last, self.ctx_today())
        cal = default_calendar()
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        workdays = [x for x in days if cal.is_workday(x)] or days
        if not workdays:
            raise DataError(f"{want.where}: received {list(want.received)} 中没有日期")
        return self.ctx.choice(workdays)

    def carry(self, year: int, *, until: date) -> int:
        """Take on the cases of the year before that are still in a `start` state (oldest first)."""
        done = 0
        for want in self.data.carried(year):
            if not want.start:
                raise DataError(f"{want.where}: 结转案件须写明 start（上一年末所处状态）")
            cases = list(
                Case.objects.filter(
                    kind=self.spec.kind, is_demo=True, status=want.start, received_on__year__lt=year
                ).order_by("received_on", "id")[: want.count]
            )
            if len(cases) < want.count:
                raise DataError(
                    f"{want.where}: 上一年末处于“{want.start}”的演示案件只有 {len(cases)} 件，少于 {want.count} 件"
                )
            for case in cases:
                unit = case.org_unit
                actor = case.handler or self.places.actor(unit)
                d = Draw(self.ctx, unit, actor, date(year, 1, 1))
                steps = self.steps(want, self.path(want, case.status), d)
                self._walk(SERVICES, case, actor, steps, max(date(year, 1, 1), self._last_day(case)), until)
                done += 1
        return done

    @staticmethod
    def _last_day(case: Case) -> date:
        last = case.events.order_by("-on").values_list("on", flat=True).first()
        return last or case.received_on

    def current(self, today: date, *, label: str = "") -> int:
        """Open cases received in the last weeks (`current.toml`: `window_days`, cases by the state
        they are in now), through the services."""
        spec = self.data.current
        if spec is None:
            return 0
        wants = self.data.wants("current")
        order = self.ctx.shuffled([w for w in wants for _ in range(w.count)])
        window = int(spec.get("window_days", 40))
        label = label or f"{self.data.label} 在办"
        for i, want in enumerate(order):
            if want.received:  # [most, fewest] days before today
                most, fewest = (int(x) for x in want.received)
                received = _day(today - timedelta(days=most), 0, None, today)
                received = _day(
                    received, self.ctx.rng.randint(0, max(0, (most - fewest) * 5 // 7)), None, today
                )
            else:
                received = _day(
                    today - timedelta(days=window), self.ctx.rng.randint(0, window * 5 // 7), None, today
                )
            self.make(want, received, until=today)(SERVICES)
            self.ctx.tick(label, i + 1, len(order))
        return len(order)

    def ctx_today(self) -> date:
        from fazhi.cases.services import today

        return today()

    def _dates(self, year: int, n: int, months: Sequence[float]) -> list[date]:
        if list(months) == list(MONTH_WEIGHTS):
            return self.ctx.dates_in_year(year, n)
        cal = default_calendar()
        first, last = date(year, 1, 1), min(date(year, 12, 31), self.ctx_today())
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        workdays = [d for d in days if cal.is_workday(d)]
        return sorted(self.ctx.rng.choices(workdays, weights=[months[d.month - 1] for d in workdays], k=n))


class _Services:
    """For a kind without a bulk plan: each case through the services, as `DemoBatch` would add it."""

    def add(self, make: Callable[[CaseEngine], Any]) -> None:
        make(SERVICES)

    def __enter__(self) -> _Services:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def walk_year(ctx: DemoContext, line: str, year: int) -> int:
    """`fazhi demo`'s step for one line and year."""
    return Walker(ctx, load(line)).year(year)


def walk_current(ctx: DemoContext, line: str, today: date) -> int:
    return Walker(ctx, load(line)).current(today)
