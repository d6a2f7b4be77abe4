"""Register declarations (登记簿): records that are kept, counted and reported but have no statutory
procedure — rosters (人民调解员, 法律援助律师库), organisations, consultations, commendations, and
later sites, resources, events and pool members.

One `Register` gives a line: a scoped list (filters, sorting, paging, search), a detail page with
the row's history, create / edit / retire through one service (`fazhi.registers.services`), Excel
import and export under the ledger rules (`fazhi.registers.ledger`), REST endpoints with OpenAPI
(`fazhi.api.registers`) and a drill-down target for the indicators that count its rows.

A field is declared once: its label, kind, choices and whether it is required come from the model
field (`_meta`); an `RField` overrides only what differs (a Chinese label for the form, a resolver
for a foreign key).

**Lifecycle.** A record is either on the register or retired from it (`Retire`: the date it
left, and optionally a flag kept in step), and retiring may be undone. A register whose records
have a real lifecycle (a service site that is planned, opened, suspended and closed) needs no
second mechanism: it declares `workflow` (a pure `fazhi.cases.workflow.Workflow`, the same as a
case kind's, with fields, guards and declared `records`) and the `state_field` that stores the
state; `fazhi.registers.services.register_transition` takes a step (check the state, clean the
step's form, set the target, write the step's declared records on the row, history, audit), and
the detail page offers the steps the user may take now (tests: registers/tests/test_lifecycle.py).
`Retire` is that two-state workflow written short.

Lines declare their registers in `<line>/registers.py`; the app's `ready()` imports them all
(`autodiscover_modules("registers")`). This package imports no business line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from fazhi.cases.workflow import Field as WorkflowField
from fazhi.cases.workflow import Workflow
from fazhi.core.roles import ASSIGNEE_ONLY_ROLES, OWNER_ONLY_ROLES, Action

if TYPE_CHECKING:
    from fazhi.core.models import OrgUnit

# Scalar kinds are those of the workflow's fields (cleaned by `fazhi.cases.workflow.Field.clean`);
# relation kinds: an org unit, a user account, or a row of another model (`ref`), each resolved
# from what a form, a sheet or the API gives (a key, a code, a name) by `RField.resolve`.
SCALAR_KINDS = ("text", "textarea", "date", "int", "decimal", "choice", "bool")
RELATION_KINDS = ("org", "user", "ref")


@dataclass(frozen=True)
class RField:
    """One field of a register, as declared: only `name` is needed, the rest is taken from the
    model field unless given here.

    - `resolve(actor, text) -> object` (relations): turn a form value (a key), a cell or an API
      value (a code, a number, a name) into the related row; raise ValueError with a Chinese
      reason. Org units and user accounts have default resolvers.
    - `options(actor) -> [(value, label)]`: the choices a form offers for a relation (a select);
      without it the form asks for text (a username, a case number).
    - `show(obj) -> str`: how a related row is written in lists and exports (default: str()).
    - `link(obj) -> str`: the address of the related row's own page (the detail page links it).
    - `pii`: the masker (fazhi.core.pii.MASKERS) for roles that may not see the value in clear.
    """

    name: str
    label: str = ""
    kind: str = ""
    required: bool | None = None
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    pii: str = ""
    resolve: Callable[[Any, str], Any] | None = None
    options: Callable[[Any], list[tuple[str, str]]] | None = None
    show: Callable[[Any], str] | None = None
    link: Callable[[Any], str] | None = None
    max_length: int = 500


@dataclass(frozen=True)
class Column:
    """A list column that is not a plain field: a label and a function of the row."""

    name: str
    label: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Retire:
    """How a record leaves the register and comes back: `date_field` holds the day it left (empty
    while on the register); `flag_field` (optional) is a boolean kept in step (True = on it)."""

    date_field: str
    flag_field: str = ""
    label: str = "退出"  # the button, e.g. 移出律师库
    confirm: str = "确定要{label}“{obj}”吗？"  # the question asked before it is done
    restore_label: str = "恢复"
    active_label: str = "在册"
    retired_label: str = "已退出"


@dataclass(frozen=True)
class Register:
    """登记簿: one declaration of a record family without a workflow (see the module docstring).

    - `fields`: the fields of the form, the sheet and the API, in order (names or `RField`s).
    - `columns`: what the list shows (field names or `Column`s); default: the first fields.
    - `filters`: fields the list filters by (choice, bool and org fields).
    - `date_field`: the record's date (list sort, date-range filter, indicators' period).
    - `search`: text fields the search box looks in.
    - `natural_key`: the fields that identify a record: a sheet row matching a stored record on
      all of them is skipped, so re-importing a sheet creates no duplicates.
    - `unit_field`: the owning org unit (scope and permission); `units()` the units a record may
      belong to (a user may create in those of them their change grants cover).
    - `view_action`: the action a role needs in `area` to open the register.
    - `clean(obj, actor, errors)`: the line's own rules on the unsaved row (fill `errors`).
    - `before_save(obj, actor, created)`: set what the service sets, e.g. who recorded it.
    """

    key: str
    label: str
    model: type[models.Model]
    area: str
    fields: tuple[str | RField, ...]
    natural_key: tuple[str, ...]
    columns: tuple[str | Column, ...] = ()
    filters: tuple[str, ...] = ()
    date_field: str = ""
    search: tuple[str, ...] = ()
    unit_field: str = "org_unit"
    units: Callable[[], Any] | None = None
    retire: Retire | None = None
    view_action: str = Action.VIEW
    editors: tuple[str, ...] = ()  # roles that may change records (default: any with 办理 right)
    clean: Callable[[Any, Any, dict[str, str]], None] | None = None
    before_save: Callable[[Any, Any, bool], None] | None = None
    queryset: Callable[[Any], Any] | None = None  # e.g. select_related / annotate for the list
    ordering: tuple[str, ...] = ()
    intro: str = ""  # one paragraph under the list's title (the rule behind the register)
    item_label: str = ""  # what one row is called ("律师", "咨询")
    nav_key: str = ""  # the menu entry's key (keeps an older entry's place)
    menu_order: int = 100
    # The future lifecycle (see the module docstring): a pure workflow over `state_field`.
    workflow: Workflow | None = None
    state_field: str = ""
    # What the detail page shows beyond the fields (label, text), e.g. deadlines with their basis.
    details: Callable[[Any], list[tuple[str, str]]] | None = None
    # A new record's form values prefilled from the request's GET parameters (actor, params).
    initial: Callable[[Any, Any], dict[str, str]] | None = None
    # More buttons, (label, url), that the line offers the user: on a record's page (user, obj) and
    # on the list (user, None, the list's query parameters). Only those the user may use.
    links: Callable[..., list[tuple[str, str]]] | None = None

    # --- fields, taken from the model --------------------------------------------------------

    def field(self, name: str) -> Spec:
        for f in self.specs():
            if f.name == name:
                return f
        return spec_of(self.model, name)

    def specs(self) -> list[Spec]:
        cached = _SPECS.get(self.key)
        if cached is None:
            cached = _SPECS[self.key] = [
                spec_of(self.model, f) if isinstance(f, str) else spec_of(self.model, f.name, f)
                for f in self.fields
            ]
        return cached

    def list_columns(self) -> list[Spec | Column]:
        out: list[Spec | Column] = []
        for c in self.columns or tuple(f.name for f in self.specs()[:6]):
            # A list column is headed by the model's own label (a form's "（可不填）" is the form's).
            out.append(
                c if isinstance(c, Column) else replace(self.field(c), label=spec_of(self.model, c).label)
            )
        return out

    def filter_specs(self) -> list[Spec]:
        return [self.field(name) for name in self.filters]

    @property
    def item(self) -> str:
        return self.item_label or self.model._meta.verbose_name

    # --- who may do what ---------------------------------------------------------------------

    def may_view(self, user: Any) -> bool:
        """Whether `user` may open the register (a grant for `view_action` in its area; not a
        role that reaches only its own or assigned rows: those have none here)."""
        return bool(_grants(user, self.area, self.view_action)) or _is_superuser(user)

    def may_change_in(self, user: Any, unit: OrgUnit) -> bool:
        if _is_superuser(user):
            return True
        grants = _grants(user, self.area, Action.CHANGE)
        if self.editors:
            grants = [g for g in grants if g.role in self.editors]
        return any(unit.path.startswith(g.org_unit.path) for g in grants)

    def may_change(self, user: Any) -> bool:
        """Whether the user may add records anywhere (shows 新增、导入)."""
        return bool(self.creatable_units(user))

    def may_export(self, user: Any) -> bool:
        return self.may_view(user) and (_is_superuser(user) or bool(_grants(user, self.area, Action.EXPORT)))

    def creatable_units(self, user: Any) -> list[OrgUnit]:
        if self.units is None:
            return []
        cache = getattr(user, "_fazhi_register_units", None)
        if cache is None:
            cache = {}
            try:
                user._fazhi_register_units = cache
            except AttributeError:
                pass
        if self.key not in cache:
            cache[self.key] = [u for u in self.units() if self.may_change_in(user, u)]
        return cache[self.key]

    def unit_of(self, obj: Any) -> OrgUnit | None:
        return getattr(obj, self.unit_field, None)

    def is_retired(self, obj: Any) -> bool:
        return bool(self.retire and getattr(obj, self.retire.date_field, None))

    @property
    def has_pii(self) -> bool:
        """Whether any field holds personal data (masked unless the user may see the record's)."""
        return any(s.pii for s in self.specs())


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def _grants(user: Any, area: str, action: str) -> list[Any]:
    from fazhi.core.scoping import grants_allowing, is_public_user

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if is_public_user(user):
        return []
    return [
        g
        for g in grants_allowing(user, area, action)
        if g.role not in ASSIGNEE_ONLY_ROLES and g.role not in OWNER_ONLY_ROLES
    ]


# --- a field taken from the model --------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """A register field with everything filled in (from the model field and the declaration)."""

    name: str
    label: str
    kind: str
    required: bool
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    pii: str = ""
    max_length: int = 500
    resolve: Callable[[Any, str], Any] | None = None
    options: Callable[[Any], list[tuple[str, str]]] | None = None
    show: Callable[[Any], str] | None = None
    link: Callable[[Any], str] | None = None

    @property
    def is_relation(self) -> bool:
        return self.kind in RELATION_KINDS

    def clean(self, actor: Any, raw: Any) -> Any:
        """The typed value (or related row) of what a form, a sheet or the API gave; ValueError
        with a Chinese reason otherwise."""
        if self.is_relation:
            if isinstance(raw, models.Model):
                return raw
            text = "" if raw is None else str(raw).strip()
            if not text:
                if self.required:
                    raise ValueError(f"请填写“{self.label}”。")
                return None
            resolver = self.resolve or DEFAULT_RESOLVERS[self.kind]
            return resolver(actor, text)
        if self.kind == "bool" and isinstance(raw, bool):
            return raw
        if self.kind in ("int", "decimal") and isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
            return raw
        if self.kind == "date" and isinstance(raw, date):
            return raw
        value = WorkflowField(
            self.name,
            self.label,
            kind=self.kind,
            required=self.required,
            choices=self.choices,
            max_length=self.max_length,
        ).clean(raw)
        if value is None and self.kind in ("text", "textarea"):
            return ""
        return value

    def display(self, obj: Any) -> str:
        """The value of this field on `obj` as a person reads it (choice labels, 是/否, names)."""
        value = getattr(obj, self.name, None)
        if value is None or value == "":
            return ""
        if self.kind == "choice":
            return dict(self.choices).get(str(value), str(value))
        if self.kind == "bool":
            return "是" if value else "否"
        if self.kind == "date":
            return value.isoformat()
        if self.is_relation:
            return self.show(value) if self.show else _show_relation(self.kind, value)
        return str(value)

    def form_value(self, obj: Any) -> str:
        """The value a form shows for `obj` (a related row's key when the form offers a select)."""
        value = getattr(obj, self.name, None)
        if value is None:
            return ""
        if self.is_relation:
            if self.kind == "user":
                return value.get_username()
            if self.kind == "org" or self.options is not None:
                return str(value.pk)
            return self.display(obj)
        if self.kind == "bool":
            return "1" if value else ""
        if isinstance(value, date):
            return value.isoformat()
        return str(value)


def _show_relation(kind: str, value: Any) -> str:
    if kind == "user":
        return value.get_username()
    if kind == "org":
        return value.name
    return str(value)


_KIND_OF = (
    (models.BooleanField, "bool"),
    (models.DateField, "date"),
    (models.DecimalField, "decimal"),
    (models.IntegerField, "int"),
    (models.TextField, "textarea"),
    (models.CharField, "text"),
)


def spec_of(model: type[models.Model], name: str, decl: RField | None = None) -> Spec:
    """The field `name` of `model` as a register field; `decl` overrides what it gives."""
    from django.contrib.auth import get_user_model

    from fazhi.core.models import OrgUnit

    decl = decl or RField(name)
    f = model._meta.get_field(name)
    kind, choices, max_length = "text", (), 500
    if f.is_relation:
        target = f.related_model
        kind = "org" if target is OrgUnit else ("user" if target is get_user_model() else "ref")
    elif f.choices:
        kind = "choice"
        choices = tuple((str(v), str(label)) for v, label in f.flatchoices)
    else:
        kind = next((k for cls, k in _KIND_OF if isinstance(f, cls)), "text")
    if isinstance(f, models.CharField) and f.max_length:
        max_length = f.max_length
    required = not (f.blank or f.null) and kind != "bool" and not f.has_default()
    spec = Spec(
        name=name,
        label=str(f.verbose_name),
        kind=kind,
        required=required,
        choices=choices,
        help=str(f.help_text or ""),
        max_length=max_length,
    )
    overrides = {
        k: getattr(decl, k)
        for k in ("label", "kind", "choices", "help", "pii", "resolve", "options", "show", "link")
        if getattr(decl, k)
    }
    if decl.required is not None:
        overrides["required"] = decl.required
    if decl.max_length != 500:
        overrides["max_length"] = decl.max_length
    return replace(spec, **overrides)


def _resolve_user(actor: Any, text: str) -> Any:
    from fazhi.core.models import User

    user = User.objects.filter(username=text, is_active=True).first()
    if user is None:
        raise ValueError(f"没有用户名为“{text}”的账号。")
    return user


def _resolve_org(actor: Any, text: str) -> Any:
    from fazhi.core.models import OrgUnit

    qs = OrgUnit.objects.all()
    unit = (qs.filter(pk=int(text)).first() if text.isdigit() and len(text) < 9 else None) or (
        qs.filter(code=text).first() or qs.filter(name=text).order_by("path").first()
    )
    if unit is None:
        raise ValueError(f"找不到单位“{text}”（请填写单位名称或代码）。")
    return unit


DEFAULT_RESOLVERS: dict[str, Callable[[Any, str], Any]] = {"user": _resolve_user, "org": _resolve_org}


def _no_resolver(actor: Any, text: str) -> Any:
    raise ValueError("该字段不能直接填写。")


DEFAULT_RESOLVERS["ref"] = _no_resolver


# --- the registry ------------------------------------------------------------------------------

_REGISTERS: dict[str, Register] = {}
_SPECS: dict[str, list[Spec]] = {}


def register(reg: Register) -> Register:
    """Add a register; its list joins the workbench menu for the roles that may open it."""
    from fazhi.core import navigation

    _REGISTERS[reg.key] = reg
    _SPECS.pop(reg.key, None)
    navigation.register(
        navigation.NavItem(
            reg.nav_key or f"register_{reg.key}",
            reg.label,
            "registers:list",
            reg.area,
            action=reg.view_action,
            order=reg.menu_order,
            url_args=(reg.key,),
            visible=reg.may_view,
        )
    )
    return reg


def get(key: str) -> Register:
    try:
        return _REGISTERS[key]
    except KeyError:
        raise LookupError(f"未知的登记簿：{key}") from None


def all_registers() -> list[Register]:
    return sorted(_REGISTERS.values(), key=lambda r: (r.menu_order, r.key))


def for_model(model: type[models.Model]) -> Register | None:
    """The register kept of `model`, if any (the indicators' drill-down goes to its list)."""
    return next((r for r in _REGISTERS.values() if r.model is model), None)


__all__ = [
    "Column",
    "RField",
    "Register",
    "Retire",
    "Spec",
    "all_registers",
    "for_model",
    "get",
    "register",
    "spec_of",
]
