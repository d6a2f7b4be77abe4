"""Scoped reads of a register: its list with filters, search, sorting (the caller pages with
`fazhi.core.paging.CappedPaginator`), one record, and a record's history. Every query starts from
`Model.objects.scoped_for(user, action)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_date

from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action
from fazhi.registers.declarations import Register

# Set by the indicators app (it sits above the registers): (params, user) -> (rows behind a
# figure as a queryset of the register's model, a sentence saying which figure), or None.
DrillResolver = Callable[[Any, Any], "tuple[QuerySet, str] | None"]
_drill: list[DrillResolver] = []
DRILL_PARAMS = ("indicator", "part", "period_from", "period_to", "period_org", "agency")


def set_drill_resolver(resolver: DrillResolver) -> None:
    _drill[:] = [resolver]


def _date(value: Any) -> date | None:
    try:
        return parse_date(str(value or ""))
    except ValueError:
        return None


@dataclass
class RegisterQuery:
    """The parsed filters and sort of a register list (GET parameters)."""

    q: str = ""
    org: str = ""
    date_from: date | None = None
    date_to: date | None = None
    state: str = ""  # "active" / "retired" / "" (all)
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = ""
    drill: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, reg: Register, params: Any) -> RegisterQuery:
        get = params.get
        filters = {}
        for spec in reg.filter_specs():
            value = str(get(spec.name, "") or "")
            if not value:
                continue
            if spec.kind == "choice" and value in {c for c, _ in spec.choices}:
                filters[spec.name] = value
            elif spec.kind == "bool" and value in ("1", "0"):
                filters[spec.name] = value
            elif spec.kind == "org" and value.isdigit():
                filters[spec.name] = value
        sortable = {s for s in sort_keys(reg)}
        sort = str(get("sort", "") or "")
        if sort.lstrip("-") not in sortable:
            sort = default_sort(reg)
        state = str(get("state", "active" if reg.retire else "") or "")
        return cls(
            q=str(get("q", "") or "").strip()[:50],
            org=str(get("org", "") or "").strip(),
            date_from=_date(get("from")),
            date_to=_date(get("to")),
            state=state if state in ("active", "retired") else "",
            filters=filters,
            sort=sort,
            drill={k: str(get(k)) for k in DRILL_PARAMS if get(k)},
        )


def sort_keys(reg: Register) -> list[str]:
    return [s.name for s in reg.specs() if s.kind in ("text", "date", "int", "decimal", "choice")]


def default_sort(reg: Register) -> str:
    return f"-{reg.date_field}" if reg.date_field else (reg.specs()[0].name)


def base(reg: Register, user: Any, action: str = Action.VIEW) -> QuerySet:
    if not reg.may_view(user):
        return reg.model._default_manager.none()
    return reg.model._default_manager.scoped_for(user, action)


def register_list(reg: Register, user: Any, query: RegisterQuery) -> tuple[QuerySet, str]:
    """The register's rows the user may see, filtered and sorted; and, when the list was reached
    from an indicator, the sentence saying which figure it shows."""
    qs = base(reg, user)
    drill_label = ""
    if query.drill.get("indicator") and _drill:
        found = _drill[0](query.drill, user)
        if found is None:
            qs = qs.none()
            drill_label = "该指标不存在，或不是按本登记簿统计的。"
        else:
            rows, drill_label = found
            qs = qs.filter(pk__in=rows.values("pk"))
    if query.q and reg.search:
        cond = Q()
        for name in reg.search:
            cond |= Q(**{f"{name}__contains": query.q})
        qs = qs.filter(cond)
    if query.org:
        unit = OrgUnit.objects.filter(code=query.org).only("path").first()
        qs = qs.filter(**{f"{reg.unit_field}__path__startswith": unit.path}) if unit else qs.none()
    if reg.date_field and query.date_from:
        qs = qs.filter(**{f"{reg.date_field}__gte": query.date_from})
    if reg.date_field and query.date_to:
        qs = qs.filter(**{f"{reg.date_field}__lte": query.date_to})
    if reg.retire and query.state:
        qs = qs.filter(**{f"{reg.retire.date_field}__isnull": query.state == "active"})
    for name, value in query.filters.items():
        spec = reg.field(name)
        if spec.kind == "bool":
            qs = qs.filter(**{name: value == "1"})
        elif spec.kind == "org":
            unit = OrgUnit.objects.filter(pk=int(value)).only("path").first()
            qs = qs.filter(**{f"{name}__path__startswith": unit.path}) if unit else qs.none()
        else:
            qs = qs.filter(**{name: value})
    related = [s.name for s in reg.specs() if s.is_relation]
    if related:
        qs = qs.select_related(*related)
    if reg.queryset is not None:
        qs = reg.queryset(qs)
    key = query.sort.lstrip("-")
    desc = query.sort.startswith("-")
    return qs.order_by(f"-{key}" if desc else key, "-pk" if desc else "pk"), drill_label


def record_for(reg: Register, user: Any, pk: int) -> Any:
    """One record the user may see (404 otherwise: no hint that it exists)."""
    qs = base(reg, user)
    related = [s.name for s in reg.specs() if s.is_relation]
    qs = qs.select_related(*related) if related else qs
    if reg.queryset is not None:
        qs = reg.queryset(qs)
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"{reg.item}不存在或无权查看")
    return obj


def history_of(reg: Register, obj: Any, limit: int = 50) -> list[dict[str, Any]]:
    """The row's history, newest first: when, who, what kind of change, and which fields changed
    (by label) — values of personal data are not repeated here."""
    manager = getattr(obj, "history", None)
    if manager is None:
        return []
    records = list(
        manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    labels = {s.name: s.label for s in reg.specs()}
    for f in reg.model._meta.fields:
        if f.editable and f.name not in labels:
            labels[f.name] = str(f.verbose_name)
    kinds = {"+": "新增", "~": "修改", "-": "删除"}
    out = []
    for i, h in enumerate(records[:limit]):
        changed: list[str] = []
        older = records[i + 1] if i + 1 < len(records) else None
        if older is not None and h.history_type == "~":
            delta = h.diff_against(older)
            changed = [labels.get(c.field, c.field) for c in delta.changes if c.field in labels]
        out.append(
            {
                "at": h.history_date,
                "user": h.history_user,
                "kind": kinds.get(h.history_type, h.history_type),
                "changed": changed,
            }
        )
    return out
