"""The one writer of the case engine: it stores `CasePlan`s (fazhi.cases.plans) — one plan for a
service call, or a chunk of thousands for a ledger import or the demo — in a few statements per
table (Zulip's `do_send_messages`: one path for one message or many).

New rows (without a key) are inserted with their history rows: a multi-row INSERT … RETURNING on
SQLite and for small batches, COPY on PostgreSQL for large ones, values prepared as the fields
prepare them (encryption, JSON, dates), new keys set on the objects. Rows of a stored case are
updated where the plan changed them (`CasePlan.stored`): the case's changed columns and the
detail row with their history row, changed deadlines. Numbers are allocated here, in plan order,
for new cases without one. Nothing is audited here: the caller audits (a service per case, the
bulk importer per chunk).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from fazhi.cases import registry
from fazhi.cases.models import Case, CaseEvent, Deadline, Party
from fazhi.cases.plans import CasePlan, default_number
from fazhi.core.models import LegalEntity, Person
from fazhi.core.models.people import HASHED_FIELDS
from fazhi.core.pii import EncryptedTextField, blind_index

BATCH = 1000  # rows per INSERT at most (fewer where the database limits parameters)
COPY_FROM = 100  # on PostgreSQL, batches of at least this many rows go in with COPY


def write_plans(
    plans: list[CasePlan],
    *,
    actor: Any,
    reason: str | None = None,
    number_block: Callable[[list[Case]], None] | None = None,
) -> None:
    """Store `plans` (inside the caller's transaction). `reason`: the history rows' change reason
    of the new rows (None for a service call); `number_block(cases)`: numbers a block of new
    cases (default: the kind's `number`, or the engine's default, per case). After the write a
    plan is no longer being planned (`plans.plan_of` is None); a plan whose hook waits for the
    write (`CasePlan.pending`) remembers what is stored, so the rest of its step updates it."""
    if not plans:
        return
    unnumbered = [p.case for p in plans if p.case.pk is None and not p.case.number]
    if unnumbered:
        if number_block is not None:
            number_block(unnumbered)
        else:
            for case in unnumbered:
                spec = registry.get(case.kind)
                case.number = spec.number(case) if spec.number else default_number(case)
    user = actor.pk if getattr(actor, "pk", None) else None
    now = timezone.now()
    persons = [
        p.person for plan in plans for p in plan.parties if p.person is not None and p.person.pk is None
    ]
    for person in persons:  # what Person.save() keeps in step: the keyed hashes of the lookups
        for name in HASHED_FIELDS:
            setattr(person, f"{name}_hash", blind_index(getattr(person, name)))
    entities = list({id(e): e for plan in plans for e in plan.entities if e.pk is None}.values())
    _insert(Person, persons, user_id=user, now=now, reason=reason)
    _insert(LegalEntity, entities, user_id=user, now=now, reason=reason)
    _insert(Case, [p.case for p in plans if p.case.pk is None], user_id=user, now=now, reason=reason)
    details: dict[type, list[Any]] = {}
    for plan in plans:
        if plan.detail is not None and plan.detail.pk is None:
            details.setdefault(type(plan.detail), []).append(plan.detail)
    for model, objs in details.items():
        _insert(model, objs, user_id=user, now=now, reason=reason)
    for model, rows in (
        (Party, [p for plan in plans for p in plan.parties if p.pk is None]),
        (CaseEvent, [e for plan in plans for e in plan.events if e.pk is None]),
        (Deadline, [d for plan in plans for d in plan.deadlines if d.pk is None]),
    ):
        _insert(model, rows, user_id=user, now=now, reason=reason)
    for plan in plans:
        if plan.stored is not None:
            _update(plan)
        plan.case.__dict__.pop("_plan", None)
        if plan.pending is not None:
            plan.remember_stored()


def _update(plan: CasePlan) -> None:
    """Save what the plan changed on a stored case's rows: the case's columns and the detail row
    (each with its history row), the deadlines. `next_due` alone is derived (no history row)."""
    stored = plan.stored or {}
    case = plan.case
    names = _changed(case, stored.get(id(case)))
    if names == ["next_due"]:
        Case.objects.filter(pk=case.pk).update(next_due=case.next_due)
        names = []
    for row, changed in (
        (case, names),
        *((d, _changed(d, stored.get(id(d)))) for d in [plan.detail, *plan.deadlines] if d is not None),
    ):
        if changed:  # a changed row's auto_now stamp moves too, as in a full save()
            stamps = [f.name for f in row._meta.concrete_fields if getattr(f, "auto_now", False)]
            row.save(update_fields=[*changed, *(n for n in stamps if n not in changed)])


def _changed(row: Any, stored: Mapping[str, Any] | None) -> list[str]:
    """The fields of a stored row whose values differ from `stored` (none for a row the plan
    did not read: it did not change it)."""
    if stored is None or row.pk is None:
        return []
    attrs = row.__dict__
    return [
        f.name
        for f in row._meta.concrete_fields
        if not f.primary_key and attrs.get(f.attname) != stored.get(f.attname)
    ]


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
    # A large batch on SQLite goes to the driver directly (see `_sqlite_execute`); a small one
    # (a service call) through Django's cursor, in its query log like any other statement.
    sqlite = connection.vendor == "sqlite" and len(rows) >= COPY_FROM
    if pk is not None and not connection.features.can_return_rows_from_bulk_insert:
        return [_insert_one(connection, head, fields, row, pk) for row in rows]  # SQLite < 3.35
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


def _insert_one(connection: Any, head: str, fields: list[Any], row: list[Any], pk: Any) -> Any:
    """INSERT one row where the database cannot return the keys of a multi-row INSERT."""
    with connection.cursor() as cursor:
        cursor.execute(head + "(" + ", ".join(["%s"] * len(fields)) + ")", row)
        return connection.ops.last_insert_id(cursor, fields[0].model._meta.db_table, pk.column)


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


def _insert(model: type, objs: list[Any], *, user_id: Any, now: Any, reason: str | None) -> None:
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
    copies = len(objs) >= COPY_FROM and _copies(connection)
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
