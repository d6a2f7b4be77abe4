"""The one write path of every register: create, edit, retire (and restore), each with an `actor`,
inside a transaction, with row history (django-simple-history) and an audit event. Forms, the
ledger import, the API and the demo all come here; views never write rows themselves.

Errors are `fazhi.cases.workflow.WorkflowError`s keyed by field name with Chinese messages, so a
form shows each next to its field, an import reports it against its column and the API against
its field path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from fazhi.cases.workflow import Transition, WorkflowError, recorded
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.roles import Action
from fazhi.registers.declarations import Register


class RegisterPermissionError(PermissionDenied):
    """The actor may not write this record (Chinese message)."""


def today() -> date:
    return timezone.localdate()


def _assign(reg: Register, obj: models.Model, actor: Any, values: Mapping[str, Any], partial: bool) -> dict:
    """Clean the given values onto `obj`; the per-field errors found."""
    errors: dict[str, str] = {}
    for spec in reg.specs():
        if partial and spec.name not in values:
            continue
        if spec.name not in values and _has_default(obj, spec.name):
            continue  # not given at all (a sheet without the column, the API): the model's default
        try:
            value = spec.clean(actor, values.get(spec.name))
        except ValueError as exc:
            errors[spec.name] = str(exc)
            continue
        if value is None:  # an optional text or choice left empty is "", as Django stores it
            f = obj._meta.get_field(spec.name)
            if isinstance(f, (models.CharField, models.TextField)) and not f.null:
                value = ""
        setattr(obj, spec.name, value)
    return errors


def _has_default(obj: models.Model, name: str) -> bool:
    try:
        f = obj._meta.get_field(name)
    except Exception:
        return False
    return bool(getattr(f, "has_default", lambda: False)()) and f.get_default() not in (None, "")


def _check(reg: Register, obj: models.Model, actor: Any, errors: dict[str, str]) -> None:
    """The model's own validation and the line's rules; raise with every error found."""
    if reg.clean is not None and not errors:
        reg.clean(obj, actor, errors)
    names = {s.name for s in reg.specs()}
    # The register validates what it writes: fields reported already and fields it does not
    # declare (set by code, e.g. who recorded the row) are left out of the model's checks.
    # A foreign key that holds a stored row the register resolved itself needs no second query
    # to prove the row exists (for speed: that query was a fifth of an import's time).
    exclude = [
        f.name for f in obj._meta.fields if f.name in errors or f.name not in names or _resolved(obj, f)
    ]
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            key = key if key in names else ""
            errors.setdefault(key, "；".join(messages))
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)


def _resolved(obj: models.Model, f: Any) -> bool:
    if not f.is_relation or f.remote_field.limit_choices_to:
        return False
    related = obj._state.fields_cache.get(f.cache_name)
    return related is not None and related.pk is not None and not related._state.adding


def _require_unit(reg: Register, actor: Any, obj: models.Model, verb: str) -> None:
    unit = reg.unit_of(obj)
    if unit is None:
        return  # reported as a missing field
    allowed = {u.pk for u in reg.creatable_units(actor)}
    if unit.pk not in allowed:
        raise WorkflowError(
            f"您没有在“{unit.name}”{verb}{reg.item}的权限。",
            {reg.unit_field: f"您没有在“{unit.name}”{verb}{reg.item}的权限。"},
        )


def _save(obj: models.Model, actor: Any) -> None:
    obj._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    obj.save()


@transaction.atomic
def register_create(
    *, actor: Any, reg: Register, values: Mapping[str, Any], is_demo: bool = False
) -> models.Model:
    """登记: a new record from `values` (field name → what a form, a sheet or the API gave)."""
    if not reg.may_change(actor):
        raise RegisterPermissionError(f"您没有登记{reg.label}的权限。")
    obj = reg.model()
    errors = _assign(reg, obj, actor, values, partial=False)
    if hasattr(obj, "is_demo"):
        obj.is_demo = is_demo
    if reg.before_save is not None:
        reg.before_save(obj, actor, True)
    if not errors.get(reg.unit_field):
        _require_unit(reg, actor, obj, "登记")
    _check(reg, obj, actor, errors)
    _save(obj, actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=obj, detail={"register": reg.key})
    return obj


@transaction.atomic
def register_create_many(
    *,
    reg: Register,
    rows: Sequence[tuple[Any, Mapping[str, Any]]],
    is_demo: bool = False,
    actor: Any = None,
    reason: str = "批量登记",
) -> list[models.Model]:
    """登记 many records at once, each (actor, values) checked as `register_create` checks it (the
    actor's right and unit, the fields, the line's rules, the model's validation), then written
    together with their history; one audit event (by `actor`, None: the system) names the batch.
    The first row with an error raises it and nothing is written. For speed (a year's 12,000
    consultations): rights and units are looked up once per actor, and a related row already
    given as a stored instance is not looked up again."""
    allowed: dict[Any, set[Any]] = {}
    objs = []
    for who, values in rows:
        key = getattr(who, "pk", None)
        if key not in allowed:
            if not reg.may_change(who):
                raise RegisterPermissionError(f"您没有登记{reg.label}的权限。")
            allowed[key] = {u.pk for u in reg.creatable_units(who)}
        obj = reg.model()
        errors = _assign(reg, obj, who, values, partial=False)
        if hasattr(obj, "is_demo"):
            obj.is_demo = is_demo
        if reg.before_save is not None:
            reg.before_save(obj, who, True)
        unit = reg.unit_of(obj)
        if not errors.get(reg.unit_field) and unit is not None and unit.pk not in allowed[key]:
            message = f"您没有在“{unit.name}”登记{reg.item}的权限。"
            raise WorkflowError(message, {reg.unit_field: message})
        _check(reg, obj, who, errors)
        obj._history_user = who if getattr(who, "pk", None) else None  # type: ignore[attr-defined]
        obj._change_reason = reason  # type: ignore[attr-defined]
        objs.append(obj)
    if not objs:
        return []
    if getattr(reg.model._meta, "simple_history_manager_attribute", None):
        created = bulk_create_with_history(objs, reg.model, batch_size=500, default_change_reason=reason)
    else:
        created = reg.model._default_manager.bulk_create(objs, batch_size=500)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=reg.model._meta.label_lower,
        object_repr=f"{reg.label}{reason} {len(created)} 条",
        detail={"register": reg.key, "count": len(created), "ids": [o.pk for o in created]},
    )
    return list(created)


def may_edit(reg: Register, actor: Any, obj: models.Model) -> bool:
    """Whether `actor` may change this stored record (its scope for 办理, in the register's area)."""
    return (
        reg.may_view(actor)
        and reg.model._default_manager.scoped_for(actor, Action.CHANGE).filter(pk=obj.pk).exists()
        and bool(reg.creatable_units(actor))
    )


@transaction.atomic
def register_update(
    *, actor: Any, reg: Register, obj: models.Model, values: Mapping[str, Any]
) -> models.Model:
    """修改: the fields given in `values` (the others keep their values)."""
    obj = _locked(reg, obj)
    if not may_edit(reg, actor, obj):
        raise RegisterPermissionError(f"您没有修改此{reg.item}的权限。")
    before = {s.name: s.display(obj) for s in reg.specs()}
    errors = _assign(reg, obj, actor, values, partial=True)
    if reg.before_save is not None:
        reg.before_save(obj, actor, False)
    if not errors.get(reg.unit_field):
        _require_unit(reg, actor, obj, "登记")
    _check(reg, obj, actor, errors)
    changed = sorted(s.name for s in reg.specs() if s.display(obj) != before[s.name])
    if changed:
        _save(obj, actor)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=obj,
            detail={"register": reg.key, "fields": changed},
        )
    return obj


@transaction.atomic
def register_retire(
    *, actor: Any, reg: Register, obj: models.Model, on: date | None = None, restore: bool = False
) -> models.Model:
    """退出 (or 恢复): the record leaves the register on `on` (default today), or comes back. The
    two-state lifecycle of `Register.retire` (see fazhi.registers.declarations)."""
    if reg.retire is None:
        raise WorkflowError(f"{reg.label}的记录不能退出。")
    obj = _locked(reg, obj)
    if not may_edit(reg, actor, obj):
        raise RegisterPermissionError(f"您没有修改此{reg.item}的权限。")
    r = reg.retire
    if restore:
        if not reg.is_retired(obj):
            raise WorkflowError(f"“{obj}”仍{r.active_label}，无需恢复。")
        setattr(obj, r.date_field, None)
    else:
        if reg.is_retired(obj):
            raise WorkflowError(f"“{obj}”已于{getattr(obj, r.date_field)}{r.retired_label}。")
        on = _step_day(reg, obj, on)
        setattr(obj, r.date_field, on)
    if r.flag_field:
        setattr(obj, r.flag_field, restore)
    _save(obj, actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        detail={"register": reg.key, "step": "restore" if restore else "retire", "on": str(on or "")},
    )
    return obj


@transaction.atomic
def register_transition(
    *,
    actor: Any,
    reg: Register,
    obj: models.Model,
    name: str,
    data: Mapping[str, Any] | None = None,
    on: date | None = None,
) -> models.Model:
    """办理: a step of a record's own lifecycle (`Register.workflow` over `state_field`, e.g. a
    service site opened, suspended, closed) on day `on` (default today), through the case engine's
    pure workflow: the step must leave the record's state, its form is cleaned by the step's fields
    and guards, and what the step declares it records (`Transition.records`: form fields, the
    step's date, constants) is written on the row itself — with row history and an audit event,
    as every register write."""
    if reg.workflow is None or not reg.state_field:
        raise WorkflowError(f"{reg.label}没有办理流程。")
    obj = _locked(reg, obj)
    if not may_edit(reg, actor, obj):
        raise RegisterPermissionError(f"您没有修改此{reg.item}的权限。")
    on = _step_day(reg, obj, on)
    facts = {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    t, cleaned = reg.workflow.clean(name, getattr(obj, reg.state_field), data or {}, facts)
    if t.target:
        setattr(obj, reg.state_field, t.target)
    for field_name, value in recorded(t.records, cleaned, on, obj, lambda n: getattr(obj, n)).items():
        setattr(obj, field_name, value)
    _save(obj, actor)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=obj,
        detail={"register": reg.key, "step": t.name, "on": on.isoformat()},
    )
    return obj


def available_steps(reg: Register, actor: Any, obj: models.Model) -> list[Transition]:
    """The lifecycle steps `actor` may take on `obj` now (none without a workflow or the right)."""
    if reg.workflow is None or not reg.state_field or not may_edit(reg, actor, obj):
        return []
    facts = {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    return reg.workflow.available(getattr(obj, reg.state_field), facts=facts)


def _step_day(reg: Register, obj: models.Model, on: date | None) -> date:
    """The day of a step on a record (default today): not after today, not before the record's date."""
    on = on or today()
    if on > today():
        raise WorkflowError("日期不能晚于今天。", {"on": "日期不能晚于今天。"})
    start = getattr(obj, reg.date_field, None) if reg.date_field else None
    if start and on < start:
        message = f"日期不能早于{reg.field(reg.date_field).label}（{start}）。"
        raise WorkflowError(message, {"on": message})
    return on


def _locked(reg: Register, obj: models.Model) -> models.Model:
    """The stored row, locked for the rest of the transaction (two edits never interleave)."""
    return reg.model._default_manager.select_for_update().get(pk=obj.pk)


__all__ = [
    "RegisterPermissionError",
    "available_steps",
    "may_edit",
    "register_create",
    "register_create_many",
    "register_retire",
    "register_transition",
    "register_update",
]
