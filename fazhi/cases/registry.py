"""The registry of case kinds (案件类型). Each business line registers one `CaseKind` in its
AppConfig.ready(): its workflow spec, detail model, numbering, screens and ledger columns. The
engine, the generic screens, the importer and the API work from these declarations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fazhi.cases.workflow import Field, Workflow

if TYPE_CHECKING:
    from fazhi.cases.models import Case


@dataclass(frozen=True)
class Column:
    """A worklist / ledger column: `attr` is a dotted path from the case (e.g. "mediation.dispute_type")."""

    attr: str
    label: str
    display: Callable[[Any], str] | None = None


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
    # The kind's hooks the planner may run on an unsaved case: transition names, and "on_create"
    # for CaseKind.on_create. Such a hook changes only the case and its detail row in memory and
    # saves them only when they are stored. A row reaching any other hook goes through `apply`.
    plan_hooks: frozenset[str] = frozenset()
    # number_block(cases): give planned cases without a number theirs, a block per sequence lock
    # (default: the kind's `number` per case).
    number_block: Callable[[list[Any]], None] | None = None


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


def kind_areas() -> dict[str, str]:
    """kind -> business area, for scoping cases by the area of their kind."""
    return {k.kind: k.area for k in _KINDS.values()}
