"""Workflow specs (办理流程): states, transitions with guards and required fields, and the
deadline rules (of `fazhi.law`) each transition starts, meets, pauses, resumes, extends or cancels.

Pure Python — no Django, no database — so each line's allowed and forbidden transitions are
tested on their own. The engine (`fazhi.cases.services`) applies a spec to a stored case.

Dates: every transition happens on a day (`on`, 办理日期, default today). A deadline started by a
transition is triggered by that day unless `DeadlineStart.trigger` names another date field of
the transition's data or of the case.

A transition whose `target` is "" (STAY) records a step without changing the status (e.g. 延长审理
期限 in any open state); it does not count as a way out of a state when finding the terminal ones.

What a step records on the line's detail row is declared on the transition (`Transition.records`,
a tuple of `Record`: a form field copied, the step's day, a case column, a constant or a small
computed value); the engine writes them in one detail update. A field asked for on a form or used
as a filter is declared once, on the model, and taken from there (`Field.of`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fazhi.law.validators import date_problem, text_problem

STAY = ""  # Transition.target: the case keeps its status (a recording step)

# (facts about the case, the transition's cleaned data) -> None if allowed, else a Chinese reason.
Guard = Callable[[Mapping[str, Any], Mapping[str, Any]], "str | None"]

FIELD_KINDS = ("text", "textarea", "date", "int", "decimal", "choice", "multichoice", "bool", "user", "org")


class WorkflowError(ValueError):
    """A transition that may not happen, or input that does not satisfy it. `errors` maps field
    names ('' for the whole form) to Chinese messages."""

    def __init__(self, message: str, errors: Mapping[str, str] | None = None):
        self.message = message
        self.errors = dict(errors or {"": message})
        super().__init__(message)


# A model field's internal type -> the Field kind it is asked for as (choices make it "choice").
MODEL_KINDS = {
    "CharField": "text",
    "TextField": "textarea",
    "DateField": "date",
    "IntegerField": "int",
    "SmallIntegerField": "int",
    "BigIntegerField": "int",
    "PositiveIntegerField": "int",
    "PositiveSmallIntegerField": "int",
    "PositiveBigIntegerField": "int",
    "DecimalField": "decimal",
    "BooleanField": "bool",
}


@dataclass(frozen=True)
class Field:
    """A field a transition asks for. `kind` is one of FIELD_KINDS; `choices` for choice fields;
    `template`: a template that renders the field on a step's form instead of the plain widget
    (e.g. a searchable picker; it gets the form's context and the field's row `r`)."""

    name: str
    label: str
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    max_length: int = 500
    template: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for {self.name}")

    @classmethod
    def of(cls, model: Any, name: str, **overrides: Any) -> Field:
        """The field as model `model` declares it (label, kind, choices, required, length, help),
        with `overrides` (e.g. a shorter label on a filter). Duck-typed on `model._meta.get_field`,
        so this module stays free of Django."""
        return cls(**{**model_field_spec(model, name), **overrides})

    def clean(self, raw: Any) -> Any:
        """The typed value of `raw`, or raise ValueError with a Chinese message."""
        if raw is None or raw == "" or raw == []:
            if self.required and self.kind != "bool":
                raise ValueError(f"请填写“{self.label}”。")
            return [] if self.kind == "multichoice" else (False if self.kind == "bool" else None)
        if self.kind in ("text", "textarea"):
            value = str(raw).strip()
            if len(value) > self.max_length:
                raise ValueError(f"“{self.label}”不能超过 {self.max_length} 个字。")
            problem = text_problem(value)
            if problem:
                raise ValueError(f"“{self.label}”{problem}。")
            if self.required and not value:
                raise ValueError(f"请填写“{self.label}”。")
            return value
        if self.kind == "date":
            if isinstance(raw, date):
                day = raw
            else:
                try:
                    day = date.fromisoformat(str(raw).strip())
                except ValueError:
                    raise ValueError(f"“{self.label}”不是有效日期（应为 年-月-日）。") from None
            problem = date_problem(day)
            if problem:
                raise ValueError(f"“{self.label}”{problem}。")
            return day
        if self.kind == "int":
            try:
                number = int(str(raw).strip())
            except ValueError:
                raise ValueError(f"“{self.label}”应为整数。") from None
            if number < 0:
                raise ValueError(f"“{self.label}”不能为负数。")
            return number
        if self.kind == "decimal":
            try:
                amount = Decimal(str(raw).strip().replace(",", ""))
            except InvalidOperation:
                raise ValueError(f"“{self.label}”应为数字。") from None
            if not amount.is_finite():
                raise ValueError(f"“{self.label}”应为数字。")
            if amount < 0:
                raise ValueError(f"“{self.label}”不能为负数。")
            return amount
        if self.kind == "choice":
            allowed = {c for c, _ in self.choices}
            if str(raw) not in allowed:
                raise ValueError(f"“{self.label}”的选项“{raw}”无效。")
            return str(raw)
        if self.kind == "multichoice":
            values = [str(v) for v in (raw if isinstance(raw, (list, tuple)) else [raw])]
            allowed = {c for c, _ in self.choices}
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ValueError(f"“{self.label}”的选项“{'、'.join(bad)}”无效。")
            return values
        if self.kind == "bool":
            return str(raw).lower() in ("1", "true", "on", "yes", "是")
        return raw  # user / org: resolved by the engine


def model_field_spec(model: Any, name: str) -> dict[str, Any]:
    """What a model field says about itself, as keyword arguments of `Field` (name, label, kind,
    choices, required, max_length, help). A kind the field's type does not give (multichoice,
    user, org) is an override of the caller."""
    f = model._meta.get_field(name)
    choices = tuple((str(c), str(label)) for c, label in (f.choices or ()))
    kind = "choice" if choices else MODEL_KINDS.get(f.get_internal_type(), "text")
    spec: dict[str, Any] = {
        "name": name,
        "label": str(f.verbose_name),
        "kind": kind,
        "required": not f.blank and kind != "bool",  # a box left unticked is an answer
        "choices": choices,
        "help": str(f.help_text or ""),
    }
    if kind in ("text", "textarea") and getattr(f, "max_length", None):
        spec["max_length"] = f.max_length
    return spec


_UNSET: Any = object()


@dataclass(frozen=True)
class Record:
    """One value a transition records on the case's detail row (办理环节登记的事项): detail field
    `field` takes the form field `key` ("data"), the step's day ("on"), the case's column `key`
    ("case", e.g. its number), the constant `value` ("value") or `compute(data, on)` ("compute").
    `once`: only while the detail field is still empty (the first 调解 of a case, a 文号 the ledger
    already gave); `when(data)`: only when it holds (e.g. not for 发回重审). Build with the class
    methods: Record.copy, Record.step_date, Record.case, Record.const, Record.computed."""

    field: str
    source: str
    key: str = ""
    value: Any = None
    compute: Callable[[Mapping[str, Any], date], Any] | None = None
    once: bool = False
    when: Callable[[Mapping[str, Any]], bool] | None = None

    def __post_init__(self) -> None:
        if self.source not in ("data", "on", "case", "value", "compute"):
            raise ValueError(f"unknown record source {self.source!r} for {self.field}")

    @classmethod
    def copy(cls, field: str, key: str = "", **kw: Any) -> Record:
        """The form field `key` (default: the same name) copied onto the detail field."""
        return cls(field, "data", key=key or field, **kw)

    @classmethod
    def step_date(cls, field: str, **kw: Any) -> Record:
        """The step's day (办理日期)."""
        return cls(field, "on", **kw)

    @classmethod
    def case(cls, field: str, key: str, **kw: Any) -> Record:
        """A column of the case (e.g. its number)."""
        return cls(field, "case", key=key, **kw)

    @classmethod
    def const(cls, field: str, value: Any, **kw: Any) -> Record:
        return cls(field, "value", value=value, **kw)

    @classmethod
    def computed(cls, field: str, compute: Callable[[Mapping[str, Any], date], Any], **kw: Any) -> Record:
        return cls(field, "compute", compute=compute, **kw)

    def value_of(self, data: Mapping[str, Any], on: date, case: Any) -> Any:
        """The value to record, or _UNSET when `when` leaves this step out."""
        if self.when is not None and not self.when(data):
            return _UNSET
        if self.source == "data":
            return data.get(self.key)
        if self.source == "on":
            return on
        if self.source == "case":
            return getattr(case, self.key)
        if self.source == "value":
            return self.value
        assert self.compute is not None
        return self.compute(data, on)


def recorded(
    records: tuple[Record, ...], data: Mapping[str, Any], on: date, case: Any, current: Callable[[str], Any]
) -> dict[str, Any]:
    """The detail values a step records: field -> value, in declaration order. `current(field)`
    reads the detail row as it stands (for `once`)."""
    values: dict[str, Any] = {}
    for r in records:
        if r.once and current(r.field) not in (None, ""):
            continue
        value = r.value_of(data, on, case)
        if value is not _UNSET:
            values[r.field] = value
    return values


@dataclass(frozen=True)
class DeadlineStart:
    """Start deadline `rule` (a fazhi.law rule id) from `trigger`: the transition day by default,
    or the named date in the transition data or on the case."""

    rule: str
    trigger: str = ""
    when: Guard | None = None  # start only if this returns None (e.g. only for ordinary procedure)


@dataclass(frozen=True)
class Transition:
    """One step of the workflow (办理环节)."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str  # STAY ("") keeps the current status
    fields: tuple[Field, ...] = ()
    guards: tuple[Guard, ...] = ()
    start: tuple[DeadlineStart, ...] = ()
    meet: tuple[str, ...] = ()  # open deadlines this step fulfils
    cancel: tuple[str, ...] = ()  # open deadlines that no longer apply
    pause: tuple[str, ...] = ()
    pause_kind: str = "suspension"  # a fazhi.law PauseKind: suspension, inspection, appraisal …
    resume: tuple[str, ...] = ()
    extend: tuple[str, ...] = ()  # extended by data["extension_days"]
    outcome: str | None = None  # outcome code it sets; "=field" takes it from that field
    closes: bool = False  # sets closed_on
    accepts: bool = False  # sets accepted_on
    automatic: bool = False  # taken by the system only (e.g. 视为受理)
    # Offered (and allowed) only if this returns None on the case's facts, e.g. 转为普通程序 only in
    # a simplified case; unlike a guard it does not look at the form, so the case page hides the step.
    when: Guard | None = None
    style: str = "primary"  # how the button looks: primary, secondary, danger
    # What the step records on the detail row; the engine writes it before the kind's hook runs.
    records: tuple[Record, ...] = ()
    # The 文书 the step produces: codes of the kind's document types (CaseKind.documents).
    documents: tuple[str, ...] = ()

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class PathStep:
    """One state of the usual path on the step bar: `mark` is done, current (the case is here, or
    on a detour from here: 补正中, 中止 …), todo, left (the case ended off the path from here:
    不予受理, 终止 …) or skipped (not reached because the case ended elsewhere)."""

    state: str
    label: str
    mark: str


@dataclass(frozen=True)
class Progress:
    """A case's place on its workflow's usual path (the step bar)."""

    steps: tuple[PathStep, ...]
    status: str
    status_label: str
    off_path: str  # the status's label while the case is off the path ("" on it)
    closed: bool

    @property
    def current(self) -> PathStep | None:
        return next((s for s in self.steps if s.mark in ("current", "left")), None)


@dataclass(frozen=True)
class Workflow:
    """A line's workflow: states with Chinese labels, the initial state, transitions, outcomes."""

    kind: str
    label: str
    states: Mapping[str, str]
    initial: str
    transitions: tuple[Transition, ...]
    outcomes: Mapping[str, str] = field(default_factory=dict)
    on_create: tuple[DeadlineStart, ...] = ()  # deadlines started when a case is received
    # The usual path (通常办理流程): the states a case passes through when nothing unusual
    # happens, first to last. The case page draws it as a step bar and offers the step that moves
    # a case along it as the primary action; every other state is a detour or another ending.
    path: tuple[str, ...] = ()
    # state -> transition name: the primary action where following the path is not the usual
    # next step (an override of `next_step`'s derivation; rarely needed); "" for none (a choice
    # between equals, e.g. an objection upheld or not).
    primary: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.kind}: duplicate transition names")
        for t in self.transitions:
            unknown = [s for s in (*t.sources, t.target) if s not in self.states and s != STAY]
            if unknown:
                raise ValueError(f"{self.kind}.{t.name}: unknown states {unknown}")
            names_in = {f.name for f in t.fields}
            missing = [r.key for r in t.records if r.source == "data" and r.key not in names_in]
            if missing:
                raise ValueError(f"{self.kind}.{t.name}: records copy fields it does not ask for: {missing}")
        if self.initial not in self.states:
            raise ValueError(f"{self.kind}: unknown initial state {self.initial}")
        unknown = [s for s in self.path if s not in self.states]
        if unknown:
            raise ValueError(f"{self.kind}: unknown path states {unknown}")
        if len(set(self.path)) != len(self.path):
            raise ValueError(f"{self.kind}: a path state appears twice")
        if self.path and self.path[0] != self.initial:
            raise ValueError(f"{self.kind}: the path starts at the initial state {self.initial}")
        for state, name in self.primary.items():
            if state not in self.states or (name and state not in self.transition(name).sources):
                raise ValueError(f"{self.kind}: primary {name!r} cannot leave {state!r}")

    @property
    def terminal(self) -> frozenset[str]:
        """States with no way out (办结状态); a STAY step (e.g. 制发意见书 after the decision) is not one."""
        return frozenset(
            s for s in self.states if not any(s in t.sources and t.target != STAY for t in self.transitions)
        )

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise WorkflowError(f"没有“{name}”这个办理环节。")

    def available(
        self, state: str, *, include_automatic: bool = False, facts: Mapping[str, Any] | None = None
    ) -> list[Transition]:
        """Transitions that may leave `state` (before guards on data); given the case's `facts`,
        only those whose `when` holds."""
        return [
            t
            for t in self.transitions
            if state in t.sources
            and (include_automatic or not t.automatic)
            and (facts is None or t.when is None or t.when(facts, {}) is None)
        ]

    def clean(
        self,
        name: str,
        state: str,
        data: Mapping[str, Any],
        facts: Mapping[str, Any] | None = None,
        *,
        system: bool = False,
    ) -> tuple[Transition, dict[str, Any]]:
        """Check that `name` may leave `state` with `data`; return the transition and typed data.
        Raises WorkflowError naming every bad field."""
        t = self.transition(name)
        if state not in t.sources:
            raise WorkflowError(f"当前状态“{self.states.get(state, state)}”不能办理“{t.label}”。")
        if t.automatic and not system:
            raise WorkflowError(f"“{t.label}”由系统在期限届满时自动办理。")
        if t.when is not None:
            reason = t.when(facts or {}, {})
            if reason:
                raise WorkflowError(reason)
        cleaned: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for f in t.fields:
            try:
                cleaned[f.name] = f.clean(data.get(f.name))
            except ValueError as exc:
                errors[f.name] = str(exc)
        if errors:
            raise WorkflowError("请更正标出的内容。", errors)
        for guard in t.guards:
            reason = guard(facts or {}, cleaned)
            if reason:
                raise WorkflowError(reason)
        return t, cleaned

    def progress(self, status: str, history: Sequence[str] = ()) -> Progress:
        """Where a case in `status` stands on the usual path (进度): each path state done,
        current or to come. `history`: the statuses the case has been in, oldest first; a case off
        the path (中止, 不予受理 …) is shown at the last path state it was in, with its status
        beside it (`detour` while it may come back, `ended` when it ended there)."""
        path = self.path
        if not path:
            return Progress((), status, self.states.get(status, status), "", status in self.terminal)
        if status in path:
            at = path.index(status)
            off = False
            closed = status in self.terminal
        else:
            seen = [s for s in history if s in path]
            at = path.index(seen[-1]) if seen else 0
            off = True
            # Ended off the path: no way out, or a closing step led here (不予援助 may still
            # be objected to, but the case is closed until then).
            closed = status in self.terminal or any(t.closes and t.target == status for t in self.transitions)
        steps = []
        for i, state in enumerate(path):
            if i < at:
                mark = "done"
            elif i == at:
                mark = ("left" if off else "done") if closed else "current"
            else:
                mark = "skipped" if off and closed else "todo"
            steps.append(PathStep(state, self.states[state], mark))
        label = self.states.get(status, status)
        return Progress(tuple(steps), status, label, label if off else "", closed)

    def next_step(
        self, status: str, offered: Sequence[Transition], history: Sequence[str] = ()
    ) -> Transition | None:
        """The usual next step among the `offered` transitions (办理的下一步, the primary action):
        the declared `primary` for this state, else the step to the next state of the path — or,
        off the path, the step back onto it (恢复审理, 收到补正材料 …). None when no offered step
        does that (the case ended, or what comes next is the other side's move)."""
        by_name = {t.name: t for t in offered}
        if status in self.primary:
            return by_name.get(self.primary[status]) if self.primary[status] else None
        if not self.path:
            return None
        if status in self.path:
            i = self.path.index(status)
            targets = self.path[i + 1 : i + 2]
        else:
            seen = [s for s in history if s in self.path]
            i = self.path.index(seen[-1]) if seen else 0
            targets = self.path[i:]  # back where it left the path, or further on
        for target in targets:
            for t in offered:
                if t.target == target and not t.automatic:
                    return t
        return None

    def consequence(self, t: Transition) -> str:
        """What taking `t` does to the case, in one Chinese sentence (said on the confirm button
        of a destructive step): its new status, whether it ends the case and with what result."""
        parts = []
        if t.target != STAY:
            parts.append(f"案件状态将变为“{self.states[t.target]}”")
        if t.closes or t.target in self.terminal:
            parts.append("案件办结，不能再办理后续环节")
        if t.outcome and not t.outcome.startswith("="):
            parts.append(f"结果记为“{self.outcomes.get(t.outcome, t.outcome)}”")
        if t.cancel:
            parts.append("相关期限不再计算")
        return "，".join(parts) + "。" if parts else "将记入办理记录。"

    def outcome_of(self, t: Transition, data: Mapping[str, Any]) -> str | None:
        if t.outcome and t.outcome.startswith("="):
            return data.get(t.outcome[1:])
        return t.outcome
