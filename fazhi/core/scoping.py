"""Scoping (数据范围): the one place that filters querysets by what a user may see or do.

A model declares a `ScopeSpec` (its business area, the path to its owning org unit, and, where it
applies, the user who submitted it and the user it is assigned to). `scoped_for(user, action, qs)`
ORs together one filter per role grant that allows the action in that area:

- an org-unit grant covers the unit's subtree (`org_unit.path` prefix);
- an assignee-only role (legal-aid lawyer) also requires `assignee == user`;
- an owner-only role (public user) sees only what that user submitted, wherever it lies.

Selectors, views, the API and exports all start from `Model.objects.scoped_for(user, action)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from fazhi.core.roles import ASSIGNEE_ONLY_ROLES, OWNER_ONLY_ROLES, Action, Role, role_allows

if TYPE_CHECKING:
    from fazhi.core.models import RoleGrant, User


class ScopeError(TypeError):
    """A read was asked without saying for whom (a programming error, never a user's)."""


class _System:
    """The platform itself reading every row, explicitly (`fazhi indicators`, nightly jobs, tests of
    whole-district figures). A scoped read with `user=None` raises instead: forgetting the user
    must not mean "everything". Only for reads — an audit record names a real user or none."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Any = _System()


@dataclass(frozen=True)
class ScopeSpec:
    """How a model is scoped.

    - `area`: its business area; or `kind_field` + `kind_areas` when the area depends on a kind
      column (a case of kind "legal_aid" lies in the legal-aid area).
    - `org_field`: lookup path to its OrgUnit ("" = the model is OrgUnit); or `path_field`: the
      lookup of a denormalised copy of the unit's path (saves a join on large tables).
    - `owner_field` / `assignee_field`: lookups of user foreign keys ("" = none).
    """

    area: str = ""
    org_field: str = "org_unit"
    path_field: str = ""
    owner_field: str = ""
    assignee_field: str = ""
    kind_field: str = ""
    kind_areas: Callable[[], Mapping[str, str]] | None = None
    # kind -> lookup of a second unit path that also sees rows of that kind (e.g. the unit that
    # submitted a draft for legality review, which is not the reviewing unit): a grant on that
    # unit's subtree reaches the row as a grant on its own unit's would.
    kind_paths: Callable[[], Mapping[str, str]] | None = None

    def path_lookup(self) -> str:
        if self.path_field:
            return f"{self.path_field}__startswith"
        return f"{self.org_field}__path__startswith" if self.org_field else "path__startswith"


def active_grants(user: User) -> list[RoleGrant]:
    """The user's role grants, cached on the user object for the request."""
    cached = getattr(user, "_fazhi_grants", None)
    if cached is None:
        from fazhi.core.models import RoleGrant

        cached = list(RoleGrant.objects.active().filter(user=user).select_related("org_unit"))
        user._fazhi_grants = cached  # type: ignore[union-attr]
    return cached


def grants_allowing(user: User, area: str, action: str) -> list[RoleGrant]:
    return [g for g in active_grants(user) if role_allows(g.role, area, action)]


def _grant_filter(grant: RoleGrant, spec: ScopeSpec, user: User) -> Q | None:
    if grant.role in OWNER_ONLY_ROLES:
        return Q(**{spec.owner_field: user}) if spec.owner_field else None
    q = Q(**{spec.path_lookup(): grant.org_unit.path})
    if grant.role in ASSIGNEE_ONLY_ROLES:
        if not spec.assignee_field:
            return None
        q &= Q(**{spec.assignee_field: user})
    return q


def _kind_filter(grant: RoleGrant, spec: ScopeSpec, action: str) -> Q | None:
    """For models whose area follows a kind column: the kinds this grant reaches (None: none)."""
    assert spec.kind_areas is not None
    kinds = sorted(k for k, area in spec.kind_areas().items() if role_allows(grant.role, area, action))
    return Q(**{f"{spec.kind_field}__in": kinds}) if kinds else None


def _second_path_filter(grant: RoleGrant, spec: ScopeSpec, action: str) -> Q:
    """Rows of the kinds this grant reaches whose declared second unit lies in its subtree (an
    org-unit grant only: assignee- and owner-only roles never reach rows this way)."""
    assert spec.kind_paths is not None and spec.kind_areas is not None
    q = Q(pk__in=[])
    if grant.role in OWNER_ONLY_ROLES or grant.role in ASSIGNEE_ONLY_ROLES:
        return q
    areas = spec.kind_areas()
    for kind, lookup in spec.kind_paths().items():
        if kind in areas and role_allows(grant.role, areas[kind], action):
            q |= Q(**{spec.kind_field: kind, f"{lookup}__startswith": grant.org_unit.path})
    return q


def scope_filter(user: User | Any, action: str, spec: ScopeSpec) -> Q | None:
    """The Q that limits a queryset to what `user` may `action`; None means nothing at all.
    An empty Q() means everything (superuser, SYSTEM). `user=None` raises ScopeError."""
    if user is None:
        raise ScopeError("scoped read without a user: pass the user, or SYSTEM for every row")
    if user is SYSTEM:
        return Q()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    combined: Q | None = None
    grants = active_grants(user) if spec.kind_field else grants_allowing(user, spec.area, action)
    for grant in grants:
        q = _grant_filter(grant, spec, user)
        if q is not None and spec.kind_field:
            kinds = _kind_filter(grant, spec, action)
            q = (q & kinds) if kinds is not None else None
            if q is not None and spec.kind_paths is not None:
                q |= _second_path_filter(grant, spec, action)
        if q is not None:
            combined = q if combined is None else combined | q
    return combined


def scoped_for(user: User | Any, action: str, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    spec: ScopeSpec = queryset.model.scope
    q = scope_filter(user, action, spec)
    if q is None:
        return queryset.none()
    return queryset.filter(q) if q else queryset


def can(user: User | Any, action: str, obj: models.Model) -> bool:
    """Whether `user` may take `action` on this one object (same rules as the querysets)."""
    model = type(obj)
    return scoped_for(user, action, model._default_manager.filter(pk=obj.pk)).exists()


PII_FLAG = "fz_clear_pii"


def with_pii_flag(user: User | Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The queryset with each row's `fz_clear_pii`: whether `user` may see that row's personal data
    in clear — decided per row by the same rule as `can(user, VIEW_PII, row)` (the case page's),
    in the same query, so a list or export of thousands of rows asks once."""
    from django.db.models import BooleanField, ExpressionWrapper, Value

    if PII_FLAG in queryset.query.annotations:
        return queryset
    q = scope_filter(user, Action.VIEW_PII, queryset.model.scope)
    if q is None:
        flag: Any = Value(False)
    elif not q:
        flag = Value(True)
    else:
        flag = ExpressionWrapper(q, output_field=BooleanField())
    return queryset.annotate(**{PII_FLAG: flag})


def may_see_pii(user: User | Any, obj: models.Model) -> bool:
    """Whether `user` may see this record's personal data in clear: the row's flag when it came
    through `with_pii_flag`, else `can(user, VIEW_PII, obj)`."""
    flag = getattr(obj, PII_FLAG, None)
    return bool(flag) if flag is not None else can(user, Action.VIEW_PII, obj)


def can_in_area(user: User | Any, area: str, action: str = Action.VIEW) -> bool:
    """Whether the user holds any grant for `action` in `area` (for navigation and page access)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bool(grants_allowing(user, area, action))


def is_public_user(user: User | Any) -> bool:
    grants = active_grants(user) if getattr(user, "is_authenticated", False) else []
    return bool(grants) and all(g.role == Role.PUBLIC for g in grants)


class ScopedQuerySet(models.QuerySet):
    """QuerySet with `.scoped_for(user, action)`; models using it declare `scope = ScopeSpec(...)`."""

    def scoped_for(self, user: User | Any, action: str = Action.VIEW) -> ScopedQuerySet:
        return scoped_for(user, action, self)


def audited_reveal(user: User | Any, obj: models.Model, *, detail: Mapping[str, Any]) -> None:
    """查看个人信息原文: the one gate every reveal of personal data in clear goes through (the
    case page's 显示, the API's `reveal_pii=true`). It refuses (PermissionDenied) unless `user` may
    see this record's personal data by the same per-record rule as every list (`can(VIEW_PII)`),
    and writes who looked at what into the audit log — in the caller's transaction, so a reveal
    that is not recorded is not shown."""
    from django.core.exceptions import PermissionDenied

    from fazhi.core.audit import AuditAction, audit_record

    if not can(user, Action.VIEW_PII, obj):
        raise PermissionDenied("您没有查看此个人信息的权限。")
    audit_record(actor=user, action=AuditAction.VIEW_PII, obj=obj, detail=dict(detail))
