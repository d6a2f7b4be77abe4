"""Bulk ledger import: plan many 台账 rows in memory through the same engine steps as
`fazhi.cases.services`, then write them together, a few statements per table.

A line writes its row mapping once, against a `CaseEngine` (`create`, `transition`, `cached`):
with `SERVICES` each call is the service itself (one row, one transaction, ~50 statements); with
a `Planner` each call builds the case, its detail row, parties, timeline events and deadlines in
memory with the services' own helpers (validation, workflow guards, `fazhi.law` periods, the
steps' declared records, hooks),
and `write` inserts a chunk of planned rows with their history (multi-row INSERT … RETURNING on
SQLite, COPY on PostgreSQL) and one audit event. A row the planner cannot express (a hook not
declared planning-safe, a portal submission) raises `NotPlannable`, and the importer takes it
through the services instead.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from fazhi.cases import registry
from fazhi.cases.models import Case, CaseEvent, Deadline, Party
from fazhi.cases.services import (
    CasePermissionError,
    DeadlineMemo,
    PartyInput,
    _default_number,
    _resolve_references,
    case_create,
    case_facts,
    case_transition,
    check_received_on,
    check_transition_on,
    created_event,
    may_create,
    new_case,
    new_detail,
    new_party,
    next_due_of,
    party_objects,
    plan_deadlines,
    plan_start,
    record_step,
    stored_entity,
    take_transition,
    today,
    transition_event,
)
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import LegalEntity, OrgUnit, Person
from fazhi.core.models.people import HASHED_FIELDS
from fazhi.core.pii import EncryptedTextField, blind_index

ON_CREATE = "on_create"  # Ledger.plan_hooks: the kind's CaseKind.on_create hook
HISTORY_REASON = "台账批量导入"  # history_change_reason of the rows a bulk import writes
BATCH = 1000  # rows per INSERT at most (fewer where the database limits parameters)


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


class NotPlannable(Exception):
    """This row needs something the bulk planner cannot do in memory; import it through the services."""


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
class CasePlan:
    """One case as the services would leave it, not yet written."""

    spec: registry.CaseKind
    case: Case
    detail: Any
    parties: list[Party] = field(default_factory=list)
    events: list[CaseEvent] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    last_on: date | None = None  # the latest timeline day (a step may not come before it)
    transitions: int = 0


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
        self._may_create: dict[tuple[str, int], bool] = {}
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
        self,
        *,
        actor: Any,
        kind: str,
        org_unit: OrgUnit,
        received_on: date,
        title: str,
        channel: str = "walk_in",
        parties: Iterable[PartyInput] = (),
        detail: Mapping[str, Any] | None = None,
        enterprise_related: bool = False,
        handler: Any = None,
        submitted_by: Any = None,
        number: str = "",
        is_demo: bool = False,
        note: str = "",
    ) -> Case:
        """`case_create` in memory: the same checks in the same order, nothing written."""
        if self._row is None:
            raise RuntimeError("Planner.create outside plan_row")
        spec = registry.get(kind)
        if submitted_by is not None:
            raise NotPlannable("portal submission")
        if not self._may_create_in(actor, spec, org_unit):
            raise CasePermissionError(f"您没有在“{org_unit.name}”受理{spec.label}的权限。")
        check_received_on(received_on, current=self.today())
        case = new_case(
            spec,
            org_unit=org_unit,
            received_on=received_on,
            title=title,
            channel=channel,
            enterprise_related=enterprise_related,
            handler=handler,
            submitted_by=submitted_by,
            number=number,
            is_demo=is_demo,
        )
        plan = CasePlan(spec=spec, case=case, detail=new_detail(spec, case, detail))
        inputs = list(parties)
        for i, p in enumerate(inputs):
            person, entity = party_objects(p, i, is_demo=is_demo, find_entity=self._entity)
            if entity is not None and entity.pk is None and entity.uscc:
                self._new_entities.setdefault(entity.uscc, entity)
            plan.parties.append(new_party(case, p, i, person, entity))
        case._party_roles = [p.role for p in inputs]  # what case_facts would read back
        create_facts = case_facts(case, []) if any(s.when for s in spec.workflow.on_create) else {}
        for start in spec.workflow.on_create:
            d = plan_start(case, start, received_on, {}, create_facts, self.memo)
            if d is not None:
                plan.deadlines.append(d)
        if spec.on_create is not None:
            self._require_hook(ON_CREATE)
            spec.on_create(case=case, actor=actor)
        case.next_due = next_due_of(plan.deadlines)
        plan.events.append(created_event(case, actor, title, note))
        plan.last_on = received_on
        case._bulk_plan = plan
        self._row.append(plan)
        return case

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
        """`case_transition` in memory on a case this planner created."""
        plan: CasePlan | None = getattr(case, "_bulk_plan", None)
        if plan is None:
            raise NotPlannable("a stored case")
        spec = plan.spec
        on = on or self.today()
        # The actor could create the case here (checked once per unit); an active account with
        # that right may change it (fazhi.core.scoping: the same grant reaches the new case).
        if not system and not (getattr(actor, "is_authenticated", False) and actor.is_active):
            raise CasePermissionError("您没有办理此案件的权限。")
        if not system and spec.may_take is not None:
            refused = spec.may_take(actor, case, spec.workflow.transition(name))
            if refused:
                raise CasePermissionError(refused)
        t, cleaned = spec.workflow.clean(
            name, case.status, data or {}, case_facts(case, plan.deadlines), system=system
        )
        _resolve_references(t, cleaned)
        check_transition_on(case, on, plan.last_on, system=system, current=self.today())
        from_status, outcome = take_transition(spec, case, t, cleaned, on)
        plan_deadlines(case, t, cleaned, on, plan.deadlines, system=system, memo=self.memo)
        if not case.number and any(r.source == "case" and r.key == "number" for r in t.records):
            raise NotPlannable("records the case number, allocated only when the case is written")
        record_step(case, t, cleaned, on)  # declared records need no hook: the row is in memory
        hook = spec.on_transition.get(t.name)
        if hook is not None:
            self._require_hook(t.name)
            hook(case=case, transition=t, data=cleaned, actor=actor, on=on)
        case.next_due = next_due_of(plan.deadlines)
        plan.events.append(
            transition_event(
                spec, case, actor, t, cleaned, on, from_status=from_status, outcome=outcome, system=system
            )
        )
        plan.last_on = max(plan.last_on or on, on)
        plan.transitions += 1
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
        key = (spec.kind, org_unit.pk)
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

    def _require_hook(self, name: str) -> None:
        if name not in self.ledger.plan_hooks:
            raise NotPlannable(f"hook {name} is not planning-safe")

    def forget(self, rows: Iterable[RowPlan]) -> None:
        """After a failed write: the entities these rows introduced were not stored after all."""
        dropped = {id(e) for r in rows for e in r.entities}
        self._entities = {k: v for k, v in self._entities.items() if id(v) not in dropped}


# --- writing ---------------------------------------------------------------------------------


def _history_model(model: type) -> type | None:
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


# For speed (the writer's time goes into preparing values): a value of one of these types in a
# field of exactly one of these classes (not a subclass such as the encrypted text field) is its
# own database value, and other immutable values (dates, numbers, empty JSON) are prepared once
# per column.
_NONE = type(None)
_INTEGERS = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
)
_AS_IS: dict[type, frozenset[type]] = {
    models.CharField: frozenset({str, _NONE}),
    models.TextField: frozenset({str, _NONE}),
    models.BooleanField: frozenset({bool, _NONE}),
    **{cls: frozenset({int, _NONE}) for cls in _INTEGERS},
}
_MEMO_VALUES = frozenset({int, date, datetime, _NONE})
_MISSING = object()
_PLAIN, _PRE_SAVE, _STAMP = 0, 1, 2  # how a column's value is read from the object


def _as_is(f: Any) -> frozenset[type]:
    """The value types that are their own database value in field `f` (a foreign key: those of
    the key it points to)."""
    if type(f) in (models.ForeignKey, models.OneToOneField):
        return _AS_IS.get(type(f.target_field), frozenset())
    return _AS_IS.get(type(f), frozenset())


class _Columns:
    """How one table's values are made ready for the database: read from the object (through the
    field's `pre_save` where it has one), then the field's `get_db_prep_save` (encryption, JSON,
    dates …). auto_now/auto_now_add timestamps are the batch's one time `now`."""

    def __init__(self, fields: list[Any], connection: Any, now: datetime) -> None:
        self.fields = fields
        self.connection = connection
        self.now = now
        self.specs = [
            (f, f.attname, _reading(f), _as_is(f), None if isinstance(f, EncryptedTextField) else {})
            for f in fields
        ]

    def row(
        self, obj: Any, values: Mapping[str, Any] | None = None, skip: list[Any] | None = None
    ) -> list[Any]:
        """The row of `obj` (`values` override attributes; columns whose `skip` entry is not None
        are left as None for the caller to fill)."""
        out: list[Any] = []
        connection = self.connection
        attrs = obj.__dict__
        for i, (f, attname, reading, as_is, memo) in enumerate(self.specs):
            if skip is not None and skip[i] is not None:
                out.append(None)
                continue
            if values is not None and attname in values:
                v = values[attname]
            elif reading == _PLAIN:
                v = attrs[attname] if attname in attrs else getattr(obj, attname)
            elif reading == _STAMP:
                v = self.now if isinstance(f, models.DateTimeField) else date.today()  # as pre_save
                setattr(obj, attname, v)
            else:
                v = f.pre_save(obj, True)
            kind = type(v)
            if kind in as_is:
                out.append(v)
            elif memo is not None and (kind in _MEMO_VALUES or (kind in (list, dict) and not v)):
                key = (kind, v) if v or kind not in (list, dict) else (kind, None)
                prepared = memo.get(key, _MISSING)
                if prepared is _MISSING:
                    prepared = memo[key] = f.get_db_prep_save(v, connection)
                out.append(prepared)
            else:
                out.append(f.get_db_prep_save(v, connection))
        return out


def _reading(f: Any) -> int:
    if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
        return _STAMP
    if type(f).pre_save is models.Field.pre_save or isinstance(f, models.DateField):
        return _PLAIN
    return _PRE_SAVE


def _execute_insert(fields: list[Any], rows: list[list[Any]], pk: Any = None) -> list[Any]:
    """INSERT rows (values already prepared for the database) into the fields' table; with `pk`,
    give each row a new key and return the keys in row order (where `_copies` is false)."""
    if not rows:
        return []
    connection = transaction.get_connection()
    qn = connection.ops.quote_name
    table = fields[0].model._meta.db_table
    head = f"INSERT INTO {qn(table)} ({', '.join(qn(f.column) for f in fields)}) VALUES "
    tail = f" RETURNING {qn(table)}.{qn(pk.column)}" if pk is not None else ""
    sqlite = connection.vendor == "sqlite"
    mark = "?" if sqlite else "%s"
    placeholder = "(" + ", ".join([mark] * len(fields)) + ")"
    size = max(1, min(BATCH, _max_params(connection) // len(fields)))
    keys: list[Any] = []
    with connection.cursor() as cursor:
        for i in range(0, len(rows), size):
            batch = rows[i : i + size]
            sql = head + ", ".join([placeholder] * len(batch)) + tail
            params = [v for r in batch for v in r]
            if sqlite:
                with connection.wrap_database_errors:  # the driver's errors become Django's
                    _sqlite_execute(cursor.cursor, sql, params)
            else:
                cursor.execute(sql, params)
            if pk is not None:  # in row order, as bulk_create relies on
                keys.extend(r[0] for r in cursor.fetchall())
    return keys


def _max_params(connection: Any) -> int:
    """How many parameters one statement may bind: SQLite's own limit of this build (Django's
    feature flag assumes the 999 of SQLite before 3.32; 3.40 allows 250,000), so a batch is one
    INSERT of up to BATCH rows rather than many of ~80."""
    if connection.vendor == "sqlite":
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def _sqlite_execute(cursor: Any, sql: str, params: list[Any]) -> None:
    """Run a statement written with SQLite's own ? placeholders on the driver's cursor (for speed:
    Django's wrapper rewrites every %s of a 20,000-parameter INSERT with a regular expression,
    ~5% of an import). Statements sent this way skip Django's query log and execute wrappers."""
    sqlite3.Cursor.execute(cursor, sql, params)


def _copies(connection: Any) -> bool:
    """PostgreSQL through psycopg 3: rows go in with COPY."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def _next_keys(connection: Any, model: type, count: int) -> list[Any]:
    """`count` new keys from the table's own sequence, so concurrent writers never collide and the
    sequence stays ahead of the table."""
    opts = model._meta
    with connection.cursor() as cursor:
        # The sequence is looked up once, not once per key (for speed: 5× faster).
        cursor.execute(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
            "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
            [connection.ops.quote_name(opts.db_table), opts.pk.column, count],
        )
        return [r[0] for r in cursor.fetchall()]


def _copy(connection: Any, fields: list[Any], rows: Iterable[list[Any]]) -> None:
    """COPY rows into PostgreSQL (for speed: several times faster than a multi-row INSERT, whose
    parameters Django binds in Python). `rows` may be a generator: the server stores the rows
    already sent while the next ones are prepared."""
    qn = connection.ops.quote_name
    table = fields[0].model._meta.db_table
    sql = f"COPY {qn(table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
    # The driver's own cursor: its errors become Django's (callers catch DatabaseError).
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _insert(model: type, objs: list[Any], *, user_id: Any, now: Any, reason: str = HISTORY_REASON) -> None:
    """What `bulk_create_with_history` does for unsaved instances, without the ORM's per-value
    expression machinery (for speed: it was most of the import's time). Each value still goes
    through its field's `pre_save` and `get_db_prep_save`, and the historical rows are those
    simple_history's `bulk_history_create` builds."""
    if not objs:
        return
    connection = transaction.get_connection()  # the connection itself, not the per-thread proxy
    opts = model._meta
    pk = opts.pk
    alias = connection.alias
    columns = _Columns([f for f in opts.concrete_fields if f is not pk], connection, now)
    relations = [(f.attname, f.cache_name, f.target_field.attname) for f in columns.fields if f.is_relation]

    def prepare(obj: Any) -> list[Any]:
        attrs, cache = obj.__dict__, obj._state.fields_cache
        for attname, cached, target in relations:  # a related row of the batch got its key only now
            if attrs.get(attname) is None:
                related = cache.get(cached)
                if related is not None:
                    attrs[attname] = getattr(related, target)
        return columns.row(obj)

    def stored(obj: Any, key: Any) -> None:
        if opts.parents:  # multi-table inheritance: the parent links share the key
            obj.pk = key
        else:
            obj.__dict__[pk.attname] = key
        obj._state.adding, obj._state.db = False, alias

    # Each row as stored, its key first (the keys are the database's own values).
    rows: list[list[Any]] = []
    copies = _copies(connection)
    if copies:
        keys = _next_keys(connection, model, len(objs))

        def keyed_rows() -> Iterator[list[Any]]:
            for obj, key in zip(objs, keys, strict=True):
                rows.append([key, *prepare(obj)])
                yield rows[-1]

        _copy(connection, [pk, *columns.fields], keyed_rows())
    else:
        values = [prepare(obj) for obj in objs]
        keys = _execute_insert(columns.fields, values, pk=pk)
        rows = [[key, *row] for key, row in zip(keys, values, strict=True)]
    for obj, key in zip(objs, keys, strict=True):  # stored only once the insert succeeded
        stored(obj, key)
    history = _history_model(model)
    if history is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    # A historical row copies the row's fields (same field classes; auto_now off, which the value
    # already reflects), so the row's prepared values serve it too, ciphertexts included.
    hopts = history._meta
    hfields = [f for f in hopts.concrete_fields if f is not hopts.pk]
    position = {f.attname: i for i, f in enumerate([pk, *columns.fields])}
    copied = [position.get(f.attname) for f in hfields]
    hcolumns = _Columns(hfields, connection, now)
    special = {
        "history_date": now,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": user_id,
    }
    # The history's own columns are the batch's constants: prepared once (for speed: a value loop
    # per historical row was a tenth of an import), unless the history has columns of its own.
    constant = all(c is not None or f.attname in special for f, c in zip(hfields, copied, strict=True))
    fresh = hcolumns.row(objs[0], special, skip=copied) if constant else None

    def history_rows() -> Iterator[list[Any]]:
        for obj, row in zip(objs, rows, strict=True):
            own = fresh if fresh is not None else hcolumns.row(obj, special, skip=copied)
            yield [own[i] if c is None else row[c] for i, c in enumerate(copied)]

    if copies:
        _copy(connection, hfields, history_rows())
    else:
        _execute_insert(hfields, list(history_rows()))


def write(
    rows: list[RowPlan],
    *,
    actor: Any,
    ledger: registry.Ledger,
    job: Any = None,
    reason: str = HISTORY_REASON,
) -> list[int]:
    """Insert planned rows (inside the caller's transaction); return the new case ids. Numbers are
    allocated here, in row order, for cases without one. One audit event for the whole batch;
    `reason` names the batch there and in the rows' history (the demo generator says so)."""
    plans = [p for r in rows for p in r.cases]
    if not plans:
        return []
    unnumbered = [p.case for p in plans if not p.case.number]
    if unnumbered:
        if ledger.number_block is not None:
            ledger.number_block(unnumbered)
        else:
            for case in unnumbered:
                spec = registry.get(case.kind)
                case.number = spec.number(case) if spec.number else _default_number(case)
    user = actor.pk if getattr(actor, "pk", None) else None
    now = timezone.now()
    persons = [
        p.person for plan in plans for p in plan.parties if p.person is not None and p.person.pk is None
    ]
    for person in persons:  # what Person.save() keeps in step: the keyed hashes of the lookups
        for name in HASHED_FIELDS:
            setattr(person, f"{name}_hash", blind_index(getattr(person, name)))
    entities = list({id(e): e for r in rows for e in r.entities if e.pk is None}.values())
    _insert(Person, persons, user_id=user, now=now, reason=reason)
    _insert(LegalEntity, entities, user_id=user, now=now, reason=reason)
    _insert(Case, [p.case for p in plans], user_id=user, now=now, reason=reason)
    details: dict[type, list[Any]] = {}
    for plan in plans:
        if plan.detail is not None:
            details.setdefault(type(plan.detail), []).append(plan.detail)
    for model, objs in details.items():
        _insert(model, objs, user_id=user, now=now, reason=reason)
    _insert(Party, [p for plan in plans for p in plan.parties], user_id=user, now=now, reason=reason)
    _insert(CaseEvent, [e for plan in plans for e in plan.events], user_id=user, now=now, reason=reason)
    _insert(Deadline, [d for plan in plans for d in plan.deadlines], user_id=user, now=now, reason=reason)
    ids = [p.case.pk for p in plans]
    for plan in plans:  # no reference cycles left: the batch is freed as soon as it is dropped
        plan.case.__dict__.pop("_bulk_plan", None)
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
