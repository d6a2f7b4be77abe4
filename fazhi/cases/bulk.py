"""Bulk ledger import: many 台账 rows planned in memory and written together, through the same
two layers as the services (`fazhi.cases.plans`, `fazhi.cases.writer`).

A line writes its row mapping once, against a `CaseEngine` (`create`, `transition`, `cached`):
with `SERVICES` each call is the service itself (one case, one transaction, audited); with a
`Planner` each call plans the case in memory (`plans.plan_create` / `plans.plan_transition`, after
the actor's right is checked once per unit), and `write` hands a chunk of planned rows to the one
writer (`writer.write_plans`) with one audit event. A row the planner cannot express (a hook that
needs stored rows, a portal submission) raises `NotPlannable`, and the importer takes it through
the services instead.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.plans import (  # noqa: F401  (NotPlannable, ON_CREATE: public here too)
    ON_CREATE,
    CasePlan,
    DeadlineMemo,
    NotPlannable,
    plan_create,
    plan_of,
    plan_transition,
    stored_entity,
    today,
)
from fazhi.cases.services import CasePermissionError, case_create, case_transition, check_may_take, may_create
from fazhi.cases.writer import write_plans
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import LegalEntity, OrgUnit

HISTORY_REASON = "台账批量导入"  # history_change_reason of the rows a bulk import writes


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (for speed: planning a chunk allocates tens of
    thousands of model instances, and the collector's passes over them cost ~15% of an import).
    Reference counting still frees what it can; the collector catches up after the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class CaseEngine(Protocol):
    """What a line's ledger row mapping writes through (see `SERVICES` and `Planner`)."""

    def create(self, **kwargs: Any) -> Case: ...

    def transition(self, **kwargs: Any) -> Case: ...

    def cached(self, fn: Callable[..., Any], *args: Any) -> Any: ...


class ServiceEngine:
    """Each call is the service itself: the per-row path (forms, API, `Ledger.apply`)."""

    def create(self, **kwargs: Any) -> Case:
        return case_create(**kwargs)

    def transition(self, **kwargs: Any) -> Case:
        return case_transition(**kwargs)

    def cached(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)


SERVICES = ServiceEngine()


@dataclass
class RowPlan:
    """The cases one ledger row creates, with the row for the per-row fallback."""

    row_number: int
    row: dict[str, Any]
    cases: list[CasePlan]
    entities: list[LegalEntity]  # new legal entities this row introduces (by credit code)


class Planner:
    """A `CaseEngine` that plans in memory. One per import: it caches what does not change during
    an import (the actor's right per org unit, lookups through `cached`, deadline computations)."""

    def __init__(self, *, actor: Any, ledger: registry.Ledger) -> None:
        self.actor = actor
        self.ledger = ledger
        self.memo: DeadlineMemo = {}
        self._lookups: dict[tuple[Any, ...], tuple[bool, Any]] = {}
        self._may_create: dict[tuple[Any, str, int], bool] = {}
        self._entities: dict[str, LegalEntity] = {}  # credit code -> stored or planned entity
        self._row: list[CasePlan] | None = None
        self._new_entities: dict[str, LegalEntity] = {}
        self._today: tuple[float, date] | None = None

    def today(self) -> date:
        """Today, read again at most every second (for speed: the services read it at each check;
        an import that runs past midnight moves on to the new day within a second)."""
        now = time.monotonic()
        if self._today is None or now - self._today[0] > 1.0:
            self._today = (now, today())
        return self._today[1]

    # --- the engine --------------------------------------------------------------------------

    def cached(self, fn: Callable[..., Any], *args: Any) -> Any:
        """fn(*args) once per import (e.g. a committee looked up by name); errors are kept too."""
        key = (fn, *args)
        hit = self._lookups.get(key)
        if hit is None:
            try:
                hit = (True, fn(*args))
            except (ValueError, LookupError) as exc:  # WorkflowError, DoesNotExist: the row's error
                hit = (False, exc)
            self._lookups[key] = hit
        ok, value = hit
        if not ok:
            raise value
        return value

    def create(
        self, *, actor: Any, kind: str, org_unit: OrgUnit, submitted_by: Any = None, **kwargs: Any
    ) -> Case:
        """`case_create` planned: the actor's right (once per unit), then `plans.plan_create`."""
        if self._row is None:
            raise RuntimeError("Planner.create outside plan_row")
        spec = registry.get(kind)
        if submitted_by is not None:
            raise NotPlannable("portal submission")
        if not self._may_create_in(actor, spec, org_unit):
            raise CasePermissionError(f"您没有在“{org_unit.name}”受理{spec.label}的权限。")
        plan = plan_create(
            spec,
            actor=actor,
            org_unit=org_unit,
            current=self.today(),
            memo=self.memo,
            find_entity=self._entity,
            **kwargs,
        )
        for entity in plan.entities:
            if entity.uscc:
                self._new_entities.setdefault(entity.uscc, entity)
        self._row.append(plan)
        return plan.case

    def transition(
        self,
        *,
        actor: Any,
        case: Case,
        name: str,
        data: Mapping[str, Any] | None = None,
        on: date | None = None,
        system: bool = False,
    ) -> Case:
        """`case_transition` planned, on a case this planner created: the actor's right, then
        `plans.plan_transition`."""
        plan = plan_of(case)
        if plan is None:
            raise NotPlannable("a stored case")
        # Per row, the rule `can(actor, CHANGE, case)` applies to a stored case, on this case
        # before it is stored: an active account holding a grant of the line's area on the
        # case's unit or above (not only as assigned lawyer or submitter) — `may_create`, the
        # same grants, asked once per unit and line — and the steps the line reserves.
        if not system and not (
            getattr(actor, "is_authenticated", False)
            and actor.is_active
            and self._may_create_in(actor, plan.spec, case.org_unit)
        ):
            raise CasePermissionError("您没有办理此案件的权限。")
        if not system:
            check_may_take(plan.spec, actor, case, name)
        current = self.today()
        plan_transition(
            plan,
            actor=actor,
            name=name,
            data=data,
            on=on or current,
            system=system,
            current=current,
            memo=self.memo,
        )
        return case

    # --- rows --------------------------------------------------------------------------------

    def plan_row(self, row_number: int, row: dict[str, Any]) -> RowPlan:
        """Plan one parsed row through the line's `Ledger.plan`. Raises what the services would
        (WorkflowError …: the row is rejected) or NotPlannable; nothing is kept then."""
        assert self.ledger.plan is not None
        self._row, self._new_entities = [], {}
        try:
            self.ledger.plan(engine=self, actor=self.actor, row=row)
            planned = RowPlan(row_number, row, self._row, list(self._new_entities.values()))
        finally:
            self._row = None
        # Later rows of the import share these entities (one row per credit code, as the services do).
        self._entities.update(self._new_entities)
        return planned

    def _may_create_in(self, actor: Any, spec: registry.CaseKind, org_unit: OrgUnit) -> bool:
        key = (getattr(actor, "pk", None), spec.kind, org_unit.pk)
        if key not in self._may_create:
            self._may_create[key] = may_create(actor, spec, org_unit)
        return self._may_create[key]

    def _entity(self, uscc: str) -> LegalEntity | None:
        if not uscc:
            return None
        if uscc in self._new_entities:
            return self._new_entities[uscc]
        if uscc not in self._entities:
            found = stored_entity(uscc)
            if found is None:
                return None
            self._entities[uscc] = found
        return self._entities[uscc]

    def forget(self, rows: Iterable[RowPlan]) -> None:
        """After a failed write: the entities these rows introduced were not stored after all."""
        dropped = {id(e) for r in rows for e in r.entities}
        self._entities = {k: v for k, v in self._entities.items() if id(v) not in dropped}


def write(
    rows: list[RowPlan],
    *,
    actor: Any,
    ledger: registry.Ledger,
    job: Any = None,
    reason: str = HISTORY_REASON,
) -> list[int]:
    """Write planned rows through the one writer (inside the caller's transaction); return the new
    case ids. Numbers are allocated there, in row order, for cases without one (a block per
    sequence with `Ledger.number_block`). One audit event for the whole batch; `reason` names the
    batch there and in the rows' history (the demo generator says so)."""
    plans = [p for r in rows for p in r.cases]
    if not plans:
        return []
    write_plans(plans, actor=actor, reason=reason, number_block=ledger.number_block)
    ids = [p.case.pk for p in plans]
    for plan in plans:  # no reference cycles left: the batch is freed as soon as it is dropped
        if plan.detail is not None:
            plan.detail._state.fields_cache.clear()
    kinds = sorted({p.spec.kind for p in plans})
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="cases.case",
        object_repr=f"{'、'.join(registry.get(k).label for k in kinds)}{reason} {len(ids)} 件",
        detail={
            "kind": kinds[0] if len(kinds) == 1 else kinds,
            "import_job": getattr(job, "pk", None),
            "cases": ids,
            "transitions": sum(p.transitions for p in plans),
        },
    )
    return ids
