"""New (unsaved) model instances and their validation, made the way Django makes them but without
its per-field generic work (for speed: a ledger import plans about ten instances per row, and
`Model.__init__` with its related-object descriptors was a fifth of the import's time).

`build(Model, **fields)` leaves the same instance as `Model(**fields)`: the same attributes and
defaults, the same related-object caches (both directions of a one-to-one), the same database
state. It takes Django's own constructor whenever it could differ: database routers configured,
`pre_init`/`post_init` receivers, or a keyword that is not a concrete field.
`full_clean_new(obj)` is `obj.full_clean()` without the uniqueness pass when that pass could only
check the unset primary key (which Django skips for such an instance after collecting the checks).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models, router
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

from fazhi.law.validators import date_problem, text_problem

M = TypeVar("M", bound=models.Model)


class _Blueprint:
    """What `build` needs of one model, worked out once: each concrete field's default (fixed, or
    made anew per instance), and which keywords are plain attributes or related objects."""

    def __init__(self, model: type[models.Model]) -> None:
        self.fixed: dict[str, Any] = {}
        self.fresh: list[tuple[str, models.Field]] = []  # callable or database defaults
        self.plain: dict[str, str] = {}  # keyword (name or attname) -> attname
        self.related: dict[str, models.Field] = {}  # forward relation name -> field
        for f in model._meta.concrete_fields:
            if f.generated:
                continue
            if (f.has_default() and callable(f.default)) or f.has_db_default():
                self.fresh.append((f.attname, f))
            else:
                self.fixed[f.attname] = f.get_default()
            self.plain[f.attname] = f.attname
            if f.is_relation:
                if len(f.related_fields) != 1 or (f.primary_key and f.remote_field.parent_link):
                    raise _Unsupported
                self.related[f.name] = f
            else:
                self.plain[f.name] = f.attname


class _Unsupported(Exception):
    """A model `build` leaves to Django's constructor (multi-column or parent-link relations)."""


@cache
def _blueprint(model: type[models.Model]) -> _Blueprint | None:
    try:
        return _Blueprint(model)
    except _Unsupported:
        return None


def build(model: type[M], **kwargs: Any) -> M:
    """`model(**kwargs)` for a new instance, faster (see the module docstring)."""
    bp = _blueprint(model)
    if (
        bp is None
        or router.routers
        or (
            (pre_init.receivers or post_init.receivers)  # any at all: then ask for this model
            and (pre_init.has_listeners(model) or post_init.has_listeners(model))
        )
    ):
        return model(**kwargs)
    obj = model.__new__(model)
    state = ModelState()
    values = obj.__dict__
    values["_state"] = state
    values.update(bp.fixed)
    for attname, f in bp.fresh:
        values[attname] = f.get_default()
    for key, value in kwargs.items():
        attname = bp.plain.get(key)
        if attname is not None:
            values[attname] = value
            continue
        # A related instance, as ForwardManyToOneDescriptor.__set__ takes it (no routers here).
        f = bp.related.get(key)
        if f is None:
            return model(**kwargs)  # a property, or Django's error for an unknown keyword
        lh, rh = f.related_fields[0]
        if value is None:
            values[lh.attname] = None
            f.set_cached_value(obj, None)
            continue
        if not isinstance(value, f.remote_field.model._meta.concrete_model):
            return model(**kwargs)  # Django's own error message
        if state.db is None:
            state.db = value._state.db or DEFAULT_DB_ALIAS
        if value._state.db is None:
            value._state.db = state.db
        if value._state.db != state.db:
            return model(**kwargs)  # Django refuses the relation across databases
        values[lh.attname] = getattr(value, rh.attname)
        f.set_cached_value(obj, value)
        if not f.remote_field.multiple:  # one-to-one: the reverse accessor is cached too
            f.remote_field.set_cached_value(value, obj)
    return obj


@cache
def _only_pk_unique(model: type[models.Model], exclude: frozenset[str]) -> bool:
    """Whether the model's uniqueness checks (with `exclude`) concern its primary key alone."""
    unique, by_date = model()._get_unique_checks(exclude=exclude, include_meta_constraints=False)
    return not by_date and all(check == (model, (model._meta.pk.name,)) for check in unique)


@cache
def _checked_fields(model: type[models.Model]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The model's text fields and its amount / date fields (attname, label) the record rules apply to."""
    texts, others = [], []
    for f in model._meta.concrete_fields:
        if isinstance(f, (models.CharField, models.TextField)) and f.editable and not f.choices:
            texts.append((f.attname, str(f.verbose_name)))
        elif isinstance(f, models.DecimalField) or (
            isinstance(f, models.DateField) and "birth" not in f.name  # people are older than 1949
        ):
            others.append((f.attname, str(f.verbose_name)))
    return texts, others


def record_problems(obj: models.Model, exclude: list[str] | None = None) -> dict[str, list[str]]:
    """What no record may hold, whichever channel brings it (form, API, ledger, portal): text with
    control or direction-changing characters or only invisible ones, a negative or non-finite amount,
    a date before 1949-10-01 or after 2100 (Chinese, per field)."""
    texts, others = _checked_fields(type(obj))
    skip = set(exclude or ())
    values = obj.__dict__
    errors: dict[str, list[str]] = {}
    for attname, label in texts:
        value = values.get(attname)
        if isinstance(value, str) and value and attname not in skip:
            problem = text_problem(value)
            if problem:
                errors[attname] = [f"“{label}”{problem}。"]
    for attname, label in others:
        value = values.get(attname)
        if value is None or attname in skip:
            continue
        if isinstance(value, Decimal) and (not value.is_finite() or value < 0):
            errors[attname] = [f"“{label}”不能为负数。" if value.is_finite() else f"“{label}”应为数字。"]
        elif isinstance(value, date):
            problem = date_problem(value if not isinstance(value, datetime) else value.date())
            if problem:
                errors[attname] = [f"“{label}”{problem}。"]
    return errors


def full_clean_new(obj: models.Model, exclude: list[str] | None = None) -> None:
    """`obj.full_clean(exclude=exclude)` for an instance not saved yet (raises ValidationError),
    plus the record rules of `record_problems`."""
    skip_unique = obj.pk is None and _only_pk_unique(type(obj), frozenset(exclude or ()))
    try:
        obj.full_clean(exclude=exclude, validate_unique=not skip_unique)
    except ValidationError as exc:
        errors = {**record_problems(obj, exclude), **exc.message_dict}
        raise ValidationError(errors) from exc
    errors = record_problems(obj, exclude)
    if errors:
        raise ValidationError(errors)
