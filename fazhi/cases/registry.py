"""The registry of case kinds (案件类型). Each business line declares its `CaseKind` in
`<line>/kind.py` (imported by the line's AppConfig.ready()): its workflow spec, detail model,
numbering, screens and ledger columns. The engine, the generic screens, the importer and the API
work from these declarations.

A field is declared once, on the model: `Field.of`, `Column.of` and `LedgerColumn.of` take its
label, kind and choices from there (overridable), and the ledger's value helpers below say "a
detail field as shown", "a party's name by role", "a party's ID number / phone by role" one way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fazhi.cases.workflow import Field, Workflow, model_field_spec
from fazhi.core.models.org import OrgKind

if TYPE_CHECKING:
    from fazhi.cases.models import Case


# --- reading a declared field from a case ------------------------------------------------------


def _relation(model: Any) -> str:
    """The case's attribute that holds `model`'s row ("" for the Case model itself): the
    related_name of the detail model's one-to-one `case`."""
    for f in model._meta.get_fields():
        if f.name == "case" and getattr(f, "one_to_one", False):
            return f.remote_field.related_name
    return ""


def _shown(f: Any, row: Any) -> Any:
    """A model field's value as a person reads it: a choice's label, 是/否, a related row's name."""
    if row is None:
        return ""
    if f.choices:
        return getattr(row, f"get_{f.name}_display")() if getattr(row, f.attname) else ""
    if f.get_internal_type() == "BooleanField":
        return "是" if getattr(row, f.attname) else "否"
    if f.is_relation:
        related = getattr(row, f.name) if getattr(row, f.attname) is not None else None
        return getattr(related, "name", str(related)) if related is not None else ""
    return getattr(row, f.attname)


def field_value(model: Any, name: str, *, raw: bool = False) -> Callable[[Any], Any]:
    """case -> the value of `model`'s field `name` (the Case itself or the case's detail row):
    as shown (a choice's label, 是/否, a related row's name), or `raw`."""
    f = model._meta.get_field(name)
    relation = _relation(model)

    def value(case: Any) -> Any:
        row = getattr(case, relation) if relation else case
        if raw:
            return getattr(row, f.attname) if row is not None else None
        return _shown(f, row)

    return value


def outcome_label(case: Any) -> str:
    """case -> its outcome's label in its workflow ("" while it has none)."""
    return case.spec.workflow.outcomes.get(case.outcome, "")


def party_value(role: str, attr: str = "name", *, joined: bool = False) -> Callable[[Any], str]:
    """case -> a party's name (`attr` "name"), its person's ID number or phone ("id_number",
    "phone") or its organisation's credit code ("uscc"): of the first party in `role` that has it,
    or all such parties' joined by 、 (`joined`). Reads the case's prefetched parties."""

    def of(p: Any) -> str:
        if attr == "name":
            return p.name
        if attr == "uscc":
            return p.legal_entity.uscc if p.legal_entity_id else ""
        return getattr(p.person, attr, "") if p.person_id else ""

    def value(case: Any) -> str:
        found = [v for p in case.parties.all() if p.role == role and (v := of(p))]
        if joined:
            return "、".join(found)
        return found[0] if found else ""

    return value


@dataclass(frozen=True)
class Column:
    """A worklist / ledger column: `attr` is a dotted path from the case (e.g. "mediation.dispute_type")."""

    attr: str
    label: str
    display: Callable[[Any], str] | None = None

    @classmethod
    def of(cls, model: Any, name: str, *, label: str = "") -> Column:
        """A worklist column of `model`'s field `name`, shown as `field_value` shows it."""
        relation = _relation(model)
        return cls(
            f"{relation}.{name}" if relation else name,
            label or str(model._meta.get_field(name).verbose_name),
            display=_display_of(model._meta.get_field(name)),
        )


def _display_of(f: Any) -> Callable[[Any], str]:
    """The worklist display of a value the column's path reached (the field's value itself)."""
    if f.choices:
        labels = {str(c): str(label) for c, label in f.choices}
        return lambda v: labels.get(str(v), str(v)) if v not in (None, "") else ""
    if f.get_internal_type() == "BooleanField":
        return lambda v: "是" if v else "否"
    if f.is_relation:
        return lambda v: getattr(v, "name", str(v)) if v is not None else ""
    if f.get_internal_type() == "DateField":
        return lambda v: v.isoformat() if v else ""
    return lambda v: "" if v is None else v


@dataclass(frozen=True)
class LedgerColumn:
    """A column of the line's Excel 台账: its Chinese header, the row key the line's `apply`
    reads, how the cell is parsed, and how a case gives the exported value."""

    header: str
    key: str
    kind: str = "text"  # text, date, int, decimal, bool, choice
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # a cell may hold the code or the label
    value: Callable[[Any], Any] | None = None  # case -> exported value
    pii: str = ""  # masker name (fazhi.core.pii.MASKERS) for roles that may not see it in clear
    # The line's own parser of a (non-empty, NFKC-normalised) text cell, e.g. a court case number;
    # it raises ValueError with a Chinese message, reported against this column.
    parse: Callable[[str], Any] | None = None
    # Other ways sheets write a cell of this column (text -> the text the column takes), e.g.
    # 撤诉 -> 原告申请撤诉: from the bureau's 台账同义词 (`LedgerAlias`), set for one import.
    aliases: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, model: Any, name: str, *, key: str = "", header: str = "", **overrides: Any) -> LedgerColumn:
        """The column of `model`'s field `name` (the Case or the kind's detail model): header,
        kind and choices from the model field, the exported value as `field_value` shows it; the
        row key is the field's name unless `key`. `required` is the ledger's own rule (default no)."""
        spec = model_field_spec(model, name)
        declared = {
            "kind": {"textarea": "text"}.get(spec["kind"], spec["kind"]),
            "choices": spec["choices"],
            "value": field_value(model, name),
        }
        return cls(header or spec["label"], key or name, **{**declared, **overrides})


def party_columns(
    role: str, label: str, key: str, *, required: bool = False, uscc: bool = False
) -> tuple[LedgerColumn, ...]:
    """A party's 台账 columns by role: its name, ID number and phone (masked for roles without
    view_pii), and its organisation's credit code if `uscc`; row keys `key`, `key`_id_number …"""
    columns = (
        LedgerColumn(label, key, required=required, value=party_value(role), pii="name"),
        LedgerColumn(
            f"{label}身份证号", f"{key}_id_number", value=party_value(role, "id_number"), pii="id_number"
        ),
        LedgerColumn(f"{label}电话", f"{key}_phone", value=party_value(role, "phone"), pii="phone"),
    )
    if uscc:
        columns += (LedgerColumn("统一社会信用代码", f"{key}_uscc", value=party_value(role, "uscc")),)
    return columns


@dataclass(frozen=True)
class Ledger:
    """The line's 台账: its columns and `apply(actor=, row=, is_demo=)` which turns one parsed row
    into a case through the line's services (raising WorkflowError keyed by row keys).

    Bulk import is opt-in (fazhi.cases.bulk): `plan(engine=, actor=, row=)` is the same row mapping
    written against a `CaseEngine` (engine.create / engine.transition / engine.cached instead of
    the services), so the importer can plan a chunk of rows in memory and write it together. A
    line usually writes one function and makes `apply` that function on the services engine."""

    columns: tuple[LedgerColumn, ...]
    apply: Callable[..., Any]
    number_key: str = "number"
    plan: Callable[..., Any] | None = None
    # The kind's planning-safe hooks: transition names, and "on_create" for CaseKind.on_create.
    # Such a hook runs inside the plan (fazhi.cases.plans), on the services' path and the bulk
    # planner's alike: it reads and changes the case and its detail row in memory (through
    # `detail_update`) and saves nothing; the writer stores them. Any other hook runs after the
    # write, on stored rows (a row reaching one in a bulk import goes through `apply`).
    # (A step's declared records need no entry: the plan applies them in memory itself.)
    plan_hooks: frozenset[str] = frozenset()
    # number_block(cases): give planned cases without a number theirs, a block per sequence lock
    # (default: the kind's `number` per case).
    number_block: Callable[[list[Any]], None] | None = None
    # The row keys that identify a row without a case number (e.g. unit, received date, applicant,
    # title): importing such a row again matches the stored case on them and reports a duplicate.
    natural_key: tuple[str, ...] = ()


# The units that receive cases (收案单位): the bureau, its offices and centres, the 司法所 and the
# people's mediation committees — not a street, a community or a district department.
INTAKE_UNIT_KINDS: tuple[str, ...] = (
    OrgKind.OFFICE,
    OrgKind.JUSTICE_OFFICE,
    OrgKind.MEDIATION_COMMITTEE,
    OrgKind.BUREAU,
)


@dataclass(frozen=True)
class CaseKind:
    """案件类型: everything the engine and the generic screens need to know about one line."""

    kind: str
    label: str
    area: str
    workflow: Workflow
    detail_model: type | None = None  # one-to-one detail model, related_name == kind
    # number(case) -> str, called inside the creating transaction (see fazhi.core.numbering)
    number: Callable[[Case], str] | None = None
    create_fields: tuple[Field, ...] = ()  # detail fields asked for on intake
    columns: tuple[Column, ...] = ()  # extra worklist columns
    filters: tuple[Field, ...] = ()  # extra worklist filters on detail fields (choice fields)
    # Called inside the transaction after the engine applied a transition: (case, transition, data, actor).
    on_transition: Mapping[str, Callable[..., None]] = field(default_factory=dict)
    # Called inside case_create's transaction once the case, detail row and parties exist: (case, actor).
    on_create: Callable[..., None] | None = None
    intake: bool = True  # False: cases arise from another case's step, not from the generic intake form
    # The kinds of unit that may receive such a case (checked by the engine on every intake).
    intake_unit_kinds: tuple[str, ...] = INTAKE_UNIT_KINDS
    # Whether a public user may submit such a case through the portal (`cases.services.portal_submit`).
    portal: bool = False
    applicant_role: str = "applicant"
    applicant_label: str = "申请人"
    counterpart_role: str = "respondent"
    counterpart_label: str = "对方当事人"
    counterpart_agency: bool = False  # the other side is a district agency (复议被申请人, 诉讼被告)
    ledger: Ledger | None = None
    detail_template: str = ""  # extra block on the case page
    detail_fields: tuple[str, ...] = ()  # detail fields listed on the case page, in order (default: all)
    # Extra block on a transition form (context: case, t), e.g. the eligibility result beside a decision.
    transition_template: str = ""
    # may_take(actor, case, transition) -> None if this actor may take this step, else a Chinese
    # reason (e.g. only the centre's staff, not the assigned lawyer, may decide or evaluate).
    may_take: Callable[[Any, Any, Any], str | None] | None = None
    # URL name of the line's own intake screen (the generic one redirects there), e.g. when the
    # case number comes from the intake itself (a court case number).
    intake_url: str = ""
    # Worklist filters that are not plain detail fields: filter name -> (value -> Q on Case).
    filter_lookups: Mapping[str, Callable[[str], Any]] = field(default_factory=dict)
    # Extra select_related paths the worklist and export columns read (e.g. "x__agency").
    worklist_related: tuple[str, ...] = ()
    menu_order: int = 100
    # The 文书 its steps produce (fazhi.cases.documents.DocumentType); a transition names them by
    # code in `Transition.documents`.
    documents: tuple[Any, ...] = ()
    # A detail field (a ForeignKey to OrgUnit) naming a second unit whose subtree sees and works on
    # the case besides the receiving unit's: e.g. the department that submitted a draft for
    # legality review (the case's org_unit is the reviewer). Its grants may also receive such a
    # case for another unit, when the detail names their own unit there.
    also_scoped_by: str = ""

    def __post_init__(self) -> None:
        codes = {d.code for d in self.documents}
        for t in self.workflow.transitions:
            unknown = [c for c in t.documents if c not in codes]
            if unknown:
                raise ValueError(f"{self.kind}.{t.name}: undeclared document types {unknown}")

    def document_type(self, code: str) -> Any:
        for d in self.documents:
            if d.code == code:
                return d
        raise LookupError(f"{self.kind}: 未声明的文书类型 {code}")


_KINDS: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> None:
    """Register a line; its worklist joins the workbench menu."""
    from fazhi.core import navigation

    _KINDS[kind.kind] = kind
    navigation.register(
        navigation.NavItem(
            kind.kind, kind.label, "cases:worklist", kind.area, order=kind.menu_order, url_args=(kind.kind,)
        )
    )


def get(kind: str) -> CaseKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"未知的案件类型：{kind}") from None


def all_kinds() -> list[CaseKind]:
    return list(_KINDS.values())


def kind_paths() -> dict[str, str]:
    """kind -> lookup (from the case) of the path of its second scoping unit (`also_scoped_by`)."""
    return {k.kind: f"{k.kind}__{k.also_scoped_by}__path" for k in _KINDS.values() if k.also_scoped_by}


def kind_areas() -> dict[str, str]:
    """kind -> business area, for scoping cases by the area of their kind."""
    return {k.kind: k.area for k in _KINDS.values()}
