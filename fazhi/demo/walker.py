"""The demo as data: one walker that makes a line's demo cases from its data files.

A line's demo is described, not scripted (`fazhi/demo/data/<line>/`):

- `profile.toml` — how the line's cases are received (the units and the staff who act, channel,
  parties, detail fields, titles), what each step's form is filled with, and how many working days
  lie between steps;
- `<year>.toml` — what the year must contain: cases by the state and outcome they end in (with
  steps they must or must not take), cases carried over from the year before and how they end,
  month weights;
- `current.toml` — open cases of the last weeks (worklists and deadline warnings have live work),
  and (`carried`) how the cases still open from earlier years end, in the year after their receipt.

A profile may name an `intake` (registered by the line's demo module through `walker.intake`):
line-specific draws on top of the generic receipt (e.g. a court's case number) and the line's own
registration service, driven through the engine. Its `[link]` table makes a share of a year's new
cases follow a stored case of another kind that ended in the outcomes listed (`kind`, `outcomes`,
`share`, `days`: received that many days after it ended; read from the Case table only); the
intake is given that case (`Draw.link`).

For each wanted case the walker finds a path through the line's `Workflow` (fazhi.cases.workflow)
from the case's state to the wanted state and outcome, fills each step's form from the profile
(or, where the profile is silent, from the field's declaration), dates each step after the one
before and before the statutory deadline it meets (unless the year file asks for a share of late
steps), and drives the case engine (`CaseEngine`: the bulk planner through `DemoBatch`, the
services for a case the planner cannot express). The figures are then computed from the records
by the indicator engine; the walker never counts for them.

Values in the data files (profile `receive.detail`, `steps.<name>`, `receive.title` …):
- a string, number or boolean is itself; a string may name the step's context: "@day" (the step's
  date; in `receive`, the day of receipt), "@actor" (the acting user's username), "@unit" (the
  receiving unit's code), "@district"; "@none" is no value (a detail field drawn as none is left out);
- an array is a uniform choice of its items; a table whose values are all numbers is a weighted
  choice (`{ written = 8, oral = 2 }`);
- `{ between = [low, high], step = 100 }`: a whole number (a multiple of step);
- `{ gen = "name", … }`: a value made by a registered generator (`GENERATORS`: person, company …);
- `{ value = … }`: the value itself, for a literal table or list;
- `{ by = "field", <value> = …, other = … }`: chosen by the value of a field drawn before it (the
  case's detail fields in their order, a register row's values), e.g. titles by dispute type;
- `{ same = "field" }`: the value of a field drawn before it (in a step's form: the case's detail
  fields, then the step's fields above it);
- `{ format = "{a}罪（{b}）", a = …, b = … }`: a text of parts, each drawn as above;
- `{ days_after = [low, high] }`: a day that many calendar days after the step's day;

Want keys beyond the state and outcome: `until = "MM-DD"` (new cases of the entry are received by
that day of the year, e.g. cases a year-end evaluation samples); `variant = "name"` (received as the
profile's `[variants.name]` says: its keys over `receive`, `detail` merged key by key).

Parties (`receive.parties`): `role`, `who` (person / company / unit:<code>), `address`,
`born = [from, to]` (years of birth), `count` (how many such parties; a value, e.g. `{ same =
"applicant_count" }`).

Registers (fazhi.registers) a year holds, made through `register_create_many` (`[[registers]]` in a
year file or current.toml; in profile.toml, made once per build before the first year): `register`
(its key), `count`, `units` / `unit_weights` / `actor` (as `receive`), `values` (field → value as
above; the register's date field defaults to "@day"), `dates` (`{ rounds = n }`: the rows share n
days; `until = "MM-DD"`; `years = [low, high]`: days of a year that many years after the file's
year, e.g. [-8, -2]), `once = true` (skipped when the register holds demo rows already), `each =
true` (one row per unit instead of `count`, in the units' order; `slice = [from, to]` a part of them).
- `{ shift = [low, high] }`: a date `low`–`high` days from the step's day (a day off is moved
  towards the step's day); `same_year = true` keeps it in that day's year, `cap = true` not after
  the last day being built (e.g. a document served after a judgment, never after today).

A generator sees the case's detail values (`Draw.facts`: drawn at receipt, or the stored row of a
carried-over case) and the values of the step drawn before it (`Draw.drawn`, in the form's order):
a field drawn from another field.

A year file's case entry may carry its own `months` weights (e.g. the cases still pending at the
year's end are received late in it); linked cases (`[link]`) are taken from entries without them.
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

import tomllib
from collections import ChainMap, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from fazhi.cases import registry
from fazhi.cases.bulk import SERVICES, CaseEngine, NotPlannable
from fazhi.cases.models import Case, CaseLink, DeadlineState, LinkKind
from fazhi.cases.plans import plan_of
from fazhi.cases.services import PartyInput
from fazhi.cases.workflow import STAY, Transition, Workflow
from fazhi.core.models import OrgUnit, RoleGrant, User
from fazhi.demo.batch import REASON as DEMO_REASON
from fazhi.demo.batch import DemoBatch
from fazhi.demo.context import MONTH_WEIGHTS, DemoContext
from fazhi.law.calendar import default_calendar

DATA = Path(__file__).resolve().parent / "data"
MAX_STEPS = 12  # longest path the walker looks for
REGISTER_CHUNK = 1000  # register rows checked, then written together


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
    until: str = ""  # new cases received by this day of the year ("MM-DD"), if given
    variant: str = ""  # the profile's `variants.<name>`: how these cases are received
    months: tuple[float, ...] = ()  # this entry's own month weights (empty: the year's)
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

    def carried(self, year: int | str) -> list[Want]:
        spec = (self.current if year == "current" else self.years.get(int(year))) or {}
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
        "until",
        "variant",
        "months",
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
        until=raw.get("until", ""),
        variant=raw.get("variant", ""),
        months=tuple(float(m) for m in raw.get("months", ())),
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
    """What a value is drawn for: the context, the receiving unit, the acting user, the day of
    receipt; the case's detail values (`facts`), the step's values drawn so far (`drawn`), the
    stored case it follows (`link`, see [link]); `step`: drawing a step's form (its day is known
    only when the step is dated: "@day" and `shift` values are resolved then)."""

    ctx: DemoContext
    unit: OrgUnit
    actor: User
    day: date | None = None
    values: dict[str, Any] = field(default_factory=dict)  # fields drawn so far (`by`, `same`)
    facts: Mapping[str, Any] = field(default_factory=dict)
    # What a generator may read: the receipt drawn so far (the `case_create` arguments), and in a
    # step's form the step's values drawn before (looked up first).
    drawn: Mapping[str, Any] = field(default_factory=dict)
    link: Case | None = None
    step: bool = False


@dataclass(frozen=True)
class Later:
    """A date drawn now and fixed when its step is dated: `days` from the step's day (see
    `{ shift = … }`)."""

    days: int
    same_year: bool = False
    cap: bool = False

    def on(self, day: date, until: date | None = None) -> date:
        return _shifted(day, self.days, same_year=self.same_year, cap=until if self.cap else None)


def _shifted(day: date, days: int, *, same_year: bool = False, cap: date | None = None) -> date:
    """`day` + `days`, kept in `day`'s year (same_year), not after `cap`, on a working day (moved
    towards `day`)."""
    cal = default_calendar()
    d = day + timedelta(days=days)
    if same_year:
        d = min(max(d, date(day.year, 1, 1)), date(day.year, 12, 31))
    if cap is not None and d > cap:
        d = max(cap, day) if days >= 0 else cap
    toward = timedelta(days=1 if d < day else -1)
    while d != day and not cal.is_workday(d):
        d += toward
    return d


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


@dataclass(frozen=True)
class Intake:
    """A line's own receipt (profile `intake`): `draw(create, d)` returns the `case_create`
    arguments with the line's own draws made (now, so a case is the same whichever engine writes
    it; `d.link` is the case it follows, if any); `create(engine, create)` registers the case
    through the line's service on that engine."""

    draw: Callable[[dict[str, Any], Draw], dict[str, Any]]
    create: Callable[[CaseEngine, dict[str, Any]], Case]


INTAKES: dict[str, Intake] = {}


def intake(name: str, *, draw: Callable[..., dict[str, Any]], create: Callable[..., Case]) -> Intake:
    """Register a line's intake under `name` (profile `intake = "name"`)."""
    INTAKES[name] = Intake(draw, create)
    return INTAKES[name]


def draw(value: Any, d: Draw) -> Any:
    """The value a data-file entry stands for (see the module docstring)."""
    rng = d.ctx.rng
    if isinstance(value, str):
        if value == "@day":
            return Later(0) if d.step else d.day
        if value == "@actor":
            return d.actor.username
        if value == "@unit":
            return d.unit.code
        if value == "@district":
            return settings.FAZHI_DISTRICT_CODE
        if value == "@none":
            return None
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
        if "shift" in value:
            low, high = value["shift"]
            n = rng.randint(int(low), int(high))
            later = Later(n, bool(value.get("same_year")), bool(value.get("cap")))
            return later if d.step or d.day is None else later.on(d.day)
        if "between" in value:
            low, high = value["between"]
            step = int(value.get("step", 1))
            return rng.randint(int(low) // step, int(high) // step) * step
        if "by" in value:
            key = d.values.get(value["by"])
            return draw(
                value.get(str(key).lower() if isinstance(key, bool) else str(key), value.get("other")), d
            )
        if "format" in value:  # a text from parts drawn one by one: { format = "{a}…", a = … }
            parts: dict[str, Any] = {}
            for k, v in value.items():
                if k != "format":
                    parts[k] = draw(v, d)
            return str(value["format"]).format(**parts)
        if "same" in value and len(value) == 1:
            return d.values.get(value["same"])
        if "days_after" in value and len(value) == 1:
            low, high = value["days_after"]
            assert d.day is not None
            return d.day + timedelta(days=rng.randint(int(low), int(high)))
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
    # The step's fields above may lead (`by`, `same`, `from`; a generator reads `drawn`).
    sub = replace(d, values={**d.values}, drawn=ChainMap(data, dict(d.drawn)))
    for f in t.fields:
        if f.name in given:
            data[f.name] = sub.values[f.name] = draw(given[f.name], sub)
        elif t.outcome == f"={f.name}" and outcome:
            data[f.name] = outcome
        elif f.required:
            data[f.name] = _default(t, f.name, d, outcome)
        if f.name in data:
            sub.values[f.name] = data[f.name]
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
                    grants = (
                        RoleGrant.objects.filter(role=arg, org_unit__in=[unit, *unit.ancestors()])
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
    plan = plan_of(case)
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
        self._places_by: dict[str, Places] = {
            repr(
                (self.receive.get("units"), self.receive.get("actor"), self.receive.get("unit_weights"))
            ): self.places
        }
        name = data.profile.get("intake")
        if name and name not in INTAKES:
            raise DataError(
                f"{data.line}/profile.toml: 没有名为“{name}”的收案方式（可用：{sorted(INTAKES)}）"
            )
        self.intake = INTAKES[name] if name else None

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
            sd = replace(d, step=True)
            out.append(
                Step(t, step_data(t, self.profile, want, sd, want.outcome), rng.randint(low, high), late)
            )
        return out

    def receipt(
        self, want: Want, received: date, link: Case | None = None, number: str = ""
    ) -> tuple[dict[str, Any], Draw]:
        """The `case_create` arguments of a new case received on `received` (following `link`,
        numbered `number`)."""
        receive = self._receive(want)
        places = self._places(receive)
        unit = places.unit()
        actor = places.actor(unit)
        d = Draw(self.ctx, unit, actor, received, link=link)
        detail: dict[str, Any] = {}
        d.values = detail  # a later field may follow an earlier one (`by`, `same`)
        for k, v in receive.get("detail", {}).items():
            detail[k] = draw(v, d)
            if detail[k] is None:  # "@none": the field is left out
                del detail[k]
        title = draw(receive.get("title", f"{self.spec.label}案件"), d)
        if title is None:
            title = f"{self.spec.label}案件"
        if isinstance(title, dict):  # titles by a detail field's value: { by = "dispute_type", … }
            by = title.get("by", "")
            options = title.get(str(detail.get(by)), title.get("other", f"{self.spec.label}案件"))
            title = draw(options, d)
        parties = [
            self._party(p, d)
            for p in receive.get("parties", ())
            for _ in range(int(draw(p.get("count", 1), d)))
        ]
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
        if self.intake is not None:
            create = self.intake.draw({**create, "receive": receive}, d)
            d.drawn = create
        d.facts = d.values = create.get("detail", {})  # what the steps' values may follow
        return create, d

    def _receive(self, want: Want) -> dict[str, Any]:
        """`receive`, then the want's variant (`variants.<name>` in the profile), then the want's own
        `receive`; their `detail` tables are merged (a later key wins), every other key replaced."""
        layers: list[Mapping[str, Any]] = [self.receive]
        if want.variant:
            variants = self.profile.get("variants", {})
            if want.variant not in variants:
                raise DataError(f"{want.where}: profile.toml 没有 variants.{want.variant}")
            layers.append(variants[want.variant])
        layers.append(want.receive)
        if len(layers) == 2 and not want.receive:
            return dict(self.receive)
        out: dict[str, Any] = {}
        for layer in layers:
            for k, v in layer.items():
                out[k] = {**out.get(k, {}), **v} if k == "detail" else v
        return out

    def _places(self, receive: Mapping[str, Any]) -> Places:
        """Places of the receiving units and staff a want's receive names (the profile's by default)."""
        key = repr((receive.get("units"), receive.get("actor"), receive.get("unit_weights")))
        if key not in self._places_by:
            self._places_by[key] = Places(self.ctx, receive, f"{self.data.line}/profile.toml")
        return self._places_by[key]

    def _party(self, spec: Mapping[str, Any], d: Draw) -> PartyInput:
        who = draw(spec.get("who", "person"), d)
        role = spec["role"]
        if who == "person":
            born = spec.get("born")
            years = {"born_from": int(born[0]), "born_to": int(born[1])} if born else {}
            return PartyInput(
                role=role, person=d.ctx.person(address=bool(spec.get("address", False)), **years)
            )
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
        self, want: Want, received: date, *, until: date, link: Case | None = None, number: str = ""
    ) -> Callable[[CaseEngine], Case]:
        """One new case, drawn now and written by the returned function through the engine given."""
        create, d = self.receipt(want, received, link, number)
        steps = self.steps(want, self.path(want), d)
        actor = create["actor"]
        intake = self.intake

        def write(engine: CaseEngine) -> Case:
            case = intake.create(engine, create) if intake is not None else engine.create(**create)
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
                    v.on(on, until)
                    if isinstance(v, Later)
                    else v.on(on)
                    if isinstance(v, StepDay)
                    else on
                    if v is None and self._is_date(s.transition, k)
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
        until = min(date(year, 12, 31), self.ctx_today())
        self.make_registers(self.profile.get("registers", ()), year=year, where="profile.toml", once=True)
        self.make_registers(spec.get("registers", ()), year=year, where=f"{year}.toml", after=False)
        planned = self._received(year, order, months, until)
        label = label or f"{self.data.label} {year}"
        ledger = self.spec.ledger
        numbers = [""] * len(planned)
        if self.receive.get("number") and ledger is not None and ledger.number_block is not None:
            numbered = [Case(kind=self.spec.kind, received_on=day) for _, day, _ in planned]
            with transaction.atomic():  # the year's numbers in one block, in order of receipt
                ledger.number_block(numbered)
            numbers = [c.number for c in numbered]
        plannable = ledger is not None and ledger.plan is not None
        batch: DemoBatch | _Services = DemoBatch(self.spec.kind) if plannable else _Services()
        with batch:
            for i, ((want, day, link), number) in enumerate(zip(planned, numbers, strict=True)):
                batch.add(self.make(want, day, until=until, link=link, number=number))
                self.ctx.tick(label, i + 1, len(planned))
        self.carry(year, until=until)
        self.make_registers(spec.get("registers", ()), year=year, where=f"{year}.toml", after=True)
        return len(order)

    def _dates_by_want(
        self, year: int, order: list[Want], months: Sequence[float]
    ) -> tuple[list[Want], list[date]]:
        """Receipt days when some entries are received by a day of the year (`until`): each group's
        days drawn under its limit, then all cases in the order of their days."""
        groups: dict[str, list[int]] = {}
        for i, w in enumerate(order):
            groups.setdefault(w.until, []).append(i)
        days: list[date] = [date(year, 1, 1)] * len(order)
        for limit in sorted(groups):
            last = self._month_day(year, limit, f"{order[groups[limit][0]].where}: until") if limit else None
            for i, day in zip(
                groups[limit], self._dates(year, len(groups[limit]), months, last), strict=True
            ):
                days[i] = day
        pairs = sorted(zip(order, days, strict=True), key=lambda p: p[1])
        return [w for w, _ in pairs], [d for _, d in pairs]

    @staticmethod
    def _month_day(year: int, text: str, where: str) -> date:
        try:
            month, day = (int(x) for x in str(text).split("-"))
            return date(year, month, day)
        except ValueError as exc:
            raise DataError(f"{where} 应为“MM-DD”，而不是 {text!r}") from exc

    # --- registers (fazhi.registers) --------------------------------------------------------------

    def make_registers(
        self,
        entries: Iterable[Mapping[str, Any]],
        *,
        year: int | None,
        where: str,
        after: bool | None = None,
        once: bool = False,
        window: tuple[date, date] | None = None,
    ) -> int:
        """Rows of registers through `register_create_many` (see the module docstring). `after`: only the
        entries made before (False) or after (True) the cases; `window`: the days rows fall on
        (current work) instead of the year's."""
        from fazhi.registers import declarations
        from fazhi.registers.services import register_create_many

        known = {
            "register",
            "count",
            "units",
            "unit_weights",
            "actor",
            "values",
            "dates",
            "once",
            "after_cases",
            "each",
            "slice",
        }
        made = 0
        entries = list(entries)
        stocked = {  # registers holding demo rows before this call (for `once`)
            e.get("register")
            for e in entries
            if (once or e.get("once"))
            and any(r.key == e.get("register") for r in declarations.all_registers())
            and declarations.get(e["register"]).model._default_manager.filter(is_demo=True).exists()
        }
        for i, entry in enumerate(entries):
            at = f"{self.data.line}/{where} registers[{i}]"
            unknown = set(entry) - known
            if unknown:
                raise DataError(f"{at}: 不认识的键 {sorted(unknown)}（可用：{sorted(known)}）")
            if after is not None and bool(entry.get("after_cases", False)) != after:
                continue
            try:
                reg = declarations.get(entry["register"])
            except (KeyError, LookupError) as exc:
                raise DataError(f"{at}: 没有登记簿“{entry.get('register')}”") from exc
            if (once or entry.get("once")) and reg.key in stocked:
                continue
            places = Places(
                self.ctx,
                {
                    "units": entry.get("units", self.receive.get("units")),
                    "actor": entry.get("actor", self.receive.get("actor", "")),
                    "unit_weights": entry.get("unit_weights", []),
                },
                at,
            )
            # `each = true`: one row per unit, in the units' order (`slice = [from, to]`: a part
            # of them, e.g. the rooms opened in a year); otherwise `count` rows at random units.
            each: list[OrgUnit] | None = None
            if entry.get("each"):
                low, high = (list(entry["slice"]) if "slice" in entry else [0, len(places.units)])[:2]
                each = places.units[int(low) : int(high)]
            count = len(each) if each is not None else int(entry.get("count", 0))
            days = self._register_days(entry.get("dates", {}), count, year, window, at)
            label = f"{reg.label} {year or '近期'}"
            rows: list[tuple[User, dict[str, Any]]] = []
            for n, day in enumerate(days):
                unit = each[n] if each is not None else places.unit()
                actor = places.actor(unit)
                row: dict[str, Any] = {}
                d = Draw(self.ctx, unit, actor, day, row)
                if reg.date_field:
                    row[reg.date_field] = day
                if reg.unit_field:
                    row[reg.unit_field] = unit
                for k, v in entry.get("values", {}).items():
                    row[k] = draw(v, d)
                rows.append((actor, row))
                if len(rows) == REGISTER_CHUNK or n + 1 == len(days):
                    # For speed: a chunk is checked row by row and written together (as an import).
                    register_create_many(reg=reg, rows=rows, is_demo=True, reason=DEMO_REASON)
                    made += len(rows)
                    rows = []
                    self.ctx.tick(label, n + 1, len(days))
        return made

    def _register_days(
        self, spec: Mapping[str, Any], count: int, year: int | None, window: tuple[date, date] | None, at: str
    ) -> list[date]:
        if window is not None:
            first, last = window
            return sorted(
                _day(first, self.ctx.rng.randint(0, (last - first).days * 5 // 7), None, last)
                for _ in range(count)
            )
        assert year is not None
        last = min(date(year, 12, 31), self.ctx_today())
        if spec.get("until"):
            last = min(last, self._month_day(year, spec["until"], f"{at}: dates.until"))
        if spec.get("years"):
            low, high = (int(x) for x in spec["years"])
            return sorted(
                self.ctx.dates_in_year(year + self.ctx.rng.randint(low, high), 1)[0] for _ in range(count)
            )
        rounds = int(spec.get("rounds", 0))
        if rounds:
            days = self.ctx.dates_in_year(year, rounds, until=last)
            return [day for day, k in zip(days, self.ctx.split(count, rounds), strict=True) for _ in range(k)]
        return self.ctx.dates_in_year(year, count, until=last)

    def _received(
        self, year: int, order: list[Want], months: Sequence[float], until: date
    ) -> list[tuple[Want, date, Case | None]]:
        """Each case's day of receipt (by the year's months, its entry's own, or by its entry's last
        day `until`) and the case it follows ([link]), in the order of receipt."""
        windowed = [w for w in order if w.received]
        if windowed:  # entries with a window of receipt: a day in it each, the rest as below
            rest = self._received(year, [w for w in order if not w.received], months, until)
            out = rest + [(w, self._window_day(year, w), None) for w in windowed]
            out.sort(key=lambda x: x[1])
            return out
        own = [w for w in order if w.months]
        if not own and "link" not in self.profile:
            if any(w.until for w in order):  # entries received by a day of the year
                ws, days = self._dates_by_want(year, order, months)
                return [(w, d, None) for w, d in zip(ws, days, strict=True)]
            return [(w, d, None) for w, d in zip(order, self._dates(year, len(order), months), strict=True)]
        if any(w.until for w in order):
            raise DataError(f"{self.data.line}: until 不能与 months 或 [link] 同时使用")
        groups: dict[tuple[float, ...], list[Want]] = {}
        for w in order:
            groups.setdefault(w.months, []).append(w)
        out: list[tuple[Want, date, Case | None]] = []
        for key, group in groups.items():
            days = self._dates(year, len(group), key or months)
            out.extend((w, d, None) for w, d in zip(group, days, strict=True))
        link = self.profile.get("link")
        if link:
            free = [i for i, (w, _, _) in enumerate(out) if not w.months]
            found = self._links(link, date(year, 1, 1), until)
            chosen = self.ctx.shuffled(found)[
                : min(len(free), round(len(order) * float(link.get("share", 0))))
            ]
            first = default_calendar().next_workday(date(year, 1, 1))
            low, high = link.get("days", (6, 18))
            for i, case in zip(self.ctx.shuffled(free), chosen, strict=False):
                assert case.closed_on is not None
                day = _shifted(case.closed_on, self.ctx.rng.randint(int(low), int(high)))
                out[i] = (out[i][0], min(max(day, first), until), case)
        out.sort(key=lambda x: x[1])
        return out

    def _window_day(self, year: int, want: Want) -> date:
        """A working day in the entry's window of receipt (`received = ["MM-DD", "MM-DD"]`)."""
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

    def _links(self, link: Mapping[str, Any], first: date, last: date) -> list[Case]:
        """Stored demo cases of `link.kind` that ended in `link.outcomes` shortly before or in the
        period (decided by `last` less the fewest `days`), not yet followed by a case of this kind."""
        from fazhi.cases.models import CaseLink

        low, high = link.get("days", (6, 18))
        followed = CaseLink.objects.filter(from_case__kind=self.spec.kind, to_case__kind=link["kind"]).values(
            "to_case_id"
        )
        return list(
            Case.objects.filter(
                kind=link["kind"],
                is_demo=True,
                outcome__in=list(link.get("outcomes", ())),
                closed_on__range=(first - timedelta(days=int(high)), last - timedelta(days=int(low))),
            )
            .exclude(pk__in=followed)
            .order_by("closed_on", "id")
        )

    def carry(self, year: int | str, *, until: date) -> int:
        """Take on the cases of the years before that are still in a `start` state (oldest first);
        "current": those of the years before today's, each in the year after its receipt."""
        done = 0
        before = until.year if year == "current" else int(year)
        earlier = Case.objects.filter(kind=self.spec.kind, is_demo=True, received_on__year__lt=before)
        if self.data.carried(year) and not earlier.exists():
            return 0  # the years before were not built (`fazhi demo --year …`): nothing to carry over
        for want in self.data.carried(year):
            if not want.start:
                raise DataError(f"{want.where}: 结转案件须写明 start（上一年末所处状态）")
            cases = list(
                Case.objects.filter(
                    kind=self.spec.kind, is_demo=True, status=want.start, received_on__year__lt=before
                ).order_by("received_on", "id")[: want.count]
            )
            if len(cases) < want.count:
                raise DataError(
                    f"{want.where}: 上一年末处于“{want.start}”的演示案件只有 {len(cases)} 件，少于 {want.count} 件"
                )
            for case in cases:
                unit = case.org_unit
                actor = case.handler or self.places.actor(unit)
                start = date(before if year != "current" else case.received_on.year + 1, 1, 1)
                end = until if year != "current" else min(until, date(start.year, 12, 31))
                facts = _facts(case)
                d = Draw(self.ctx, unit, actor, start, values=dict(facts), facts=facts)
                steps = self.steps(want, self.path(want, case.status), d)
                self._walk(SERVICES, case, actor, steps, max(start, self._last_day(case)), end)
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
        self.carry("current", until=today)
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
        if spec.get("registers"):
            days = int(spec.get("register_days", window))
            self.make_registers(
                spec["registers"],
                year=None,
                where="current.toml",
                window=(today - timedelta(days=days), today),
            )
        return len(order)

    def ctx_today(self) -> date:
        from fazhi.cases.services import today

        return today()

    def _dates(self, year: int, n: int, months: Sequence[float], last: date | None = None) -> list[date]:
        if list(months) == list(MONTH_WEIGHTS):
            return self.ctx.dates_in_year(year, n, until=last)
        cal = default_calendar()
        first, last = date(year, 1, 1), min(last or date(year, 12, 31), date(year, 12, 31), self.ctx_today())
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        workdays = [d for d in days if cal.is_workday(d)]
        return sorted(self.ctx.rng.choices(workdays, weights=[months[d.month - 1] for d in workdays], k=n))


def _facts(case: Case) -> dict[str, Any]:
    """The stored detail row's values, by field name (what a generator reads as `Draw.facts`)."""
    detail = getattr(case, "detail", None)
    if detail is None:
        return {}
    return {f.name: getattr(detail, f.name) for f in detail._meta.concrete_fields}


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
