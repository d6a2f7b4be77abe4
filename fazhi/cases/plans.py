"""Planning a case's writes: the engine's steps composed once, for one case or thousands.

`plan_create` receives a case and `plan_transition` takes a step on it, each in memory: the rows
the services would leave (the case, its detail row, parties, timeline events, deadlines) are
built and changed on a `CasePlan`, and nothing is stored. `fazhi.cases.writer.write_plans` then
writes one plan or a chunk of thousands. The services (`fazhi.cases.services`: one case, its own
transaction, audited) and the bulk ledger importer (`fazhi.cases.bulk.Planner`: a chunk of rows)
both plan through these two functions, so they cannot apply a step differently; they differ only
in how they check the actor's right and in how many plans they hand to the writer at once.

A stored case is planned the same way: `load_plan(case)` reads what a step needs (its deadlines,
its last timeline day, its party roles, its detail row) and remembers the stored values, so the
writer updates only the rows and columns the step changed.

Hooks (`CaseKind.on_create`, `CaseKind.on_transition`) — the rule, in one place:
- A hook the kind's ledger declares planning-safe (`Ledger.plan_hooks`; "on_create" for
  `CaseKind.on_create`) runs inside the plan, on the case and detail row in memory: it may read
  and change them (through `detail_update`, which keeps a planned row's values in memory for the
  writer) and may raise, but stores nothing itself.
- Any other hook needs stored rows (it queries the case's parties, creates rows, links cases): it
  runs after the plan is written, on the stored case, and what it changes it saves itself. The
  step's timeline event and the case's next due day wait for it and are written after it. The
  services do this (`after_write=True`); the bulk planner cannot (`NotPlannable`), so such a row
  goes through the services — the same hook at the same point on both paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.cases import registry
from fazhi.cases.models import WINDOW_PARTIES, Case, CaseEvent, Deadline, DeadlineState, EventKind, Party
from fazhi.cases.workflow import DeadlineStart, Transition, WorkflowError, recorded
from fazhi.core.calendar import current_calendar
from fazhi.core.instances import build, full_clean_new
from fazhi.core.lawconfig import law_config
from fazhi.core.models import LegalEntity, OrgUnit, Person
from fazhi.core.models.org import OrgKind
from fazhi.law import deadlines as law_deadlines
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import date_problem, text_problem

ON_CREATE = "on_create"  # Ledger.plan_hooks: the kind's CaseKind.on_create hook


class NotPlannable(Exception):
    """This needs something a plan cannot do in memory before the write (a hook that needs stored
    rows, a portal submission, a stored case in the bulk planner): take it through the services."""


@dataclass
class PartyInput:
    """A party to add: exactly one of person (a Person or field dict), legal_entity, org_unit."""

    role: str
    person: Person | Mapping[str, Any] | None = None
    legal_entity: LegalEntity | Mapping[str, Any] | None = None
    org_unit: OrgUnit | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def today() -> date:
    return timezone.localdate()


def as_json(value: Any) -> Any:
    """A step's cleaned data as the timeline stores it (dates as ISO text, objects as their key)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    if hasattr(value, "pk"):
        return value.pk
    return value


def actor_name(actor: Any) -> str:
    return str(actor) if getattr(actor, "pk", None) else "系统"


# --- the plan ------------------------------------------------------------------------------------


@dataclass(eq=False)
class CasePlan:
    """One case as the services leave it, not yet (or not wholly) written. Rows without a key are
    inserted by the writer; rows of `stored` (id(row) -> its values as stored) are updated where
    their values changed."""

    spec: registry.CaseKind
    case: Case
    detail: Any
    parties: list[Party] = field(default_factory=list)
    entities: list[LegalEntity] = field(default_factory=list)  # the new legal entities of its parties
    events: list[CaseEvent] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    last_on: date | None = None  # the latest timeline day (a step may not come before it)
    transitions: int = 0
    stored: dict[int, dict[str, Any]] | None = None
    # A hook that runs once the plan is written, and the step it finishes (see the module docstring).
    pending: tuple[Callable[[], None], Created | Step] | None = None

    def remember_stored(self) -> None:
        """Note the values of the case, detail row and deadlines as they are now stored."""
        rows = [self.case, *self.deadlines]
        if self.detail is not None:
            rows.append(self.detail)
        self.stored = {id(row): stored_values(row) for row in rows}


def stored_values(row: Any) -> dict[str, Any]:
    """`row`'s column values (attname -> value; lists and dicts copied)."""
    attrs = row.__dict__
    return {
        f.attname: (v.copy() if isinstance(v := attrs.get(f.attname), (list, dict)) else v)
        for f in row._meta.concrete_fields
    }


def plan_of(case: Case) -> CasePlan | None:
    """The plan `case` is being planned in (until the writer has written it), or None."""
    return case.__dict__.get("_plan")


@dataclass
class Created:
    """Receipt, waiting for its timeline event (and the case's next due day)."""

    actor: Any
    title: str
    note: str


@dataclass
class Step:
    """A step taken in memory, waiting for its timeline event (and the case's next due day)."""

    actor: Any
    t: Transition
    cleaned: dict[str, Any]
    on: date
    from_status: str
    outcome: str | None
    system: bool


def plan_create(
    spec: registry.CaseKind,
    *,
    actor: Any,
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
    current: date | None = None,
    memo: DeadlineMemo | None = None,
    find_entity: Callable[[str], LegalEntity | None] | None = None,
    after_write: bool = False,
) -> CasePlan:
    """收案 in memory: the case in its workflow's initial state with its detail row and parties,
    the deadlines its workflow starts on receipt, the kind's on_create hook (see the module
    docstring: `after_write` lets a hook that needs stored rows wait for the write), the timeline
    event. The number is allocated by the writer unless given. `current`: today, when the caller
    knows it; `find_entity(uscc)`: a legal entity already stored or planned (default: stored)."""
    check_received_on(received_on, current=current)
    inputs = list(parties)
    check_intake(title, inputs, spec=spec, org_unit=org_unit)
    case = build(
        Case,
        kind=spec.kind,
        number=number or "",
        title=title,
        org_unit=org_unit,
        org_path=org_unit.path,
        channel=channel,
        status=spec.workflow.initial,
        received_on=received_on,
        enterprise_related=enterprise_related,
        handler=handler,
        submitted_by=submitted_by,
        is_demo=is_demo,
    )
    plan = CasePlan(spec=spec, case=case, detail=new_detail(spec, case, detail))
    case.__dict__["_plan"] = plan
    find = find_entity or stored_entity
    new_entities: dict[str, LegalEntity] = {}  # one row per credit code within the case too
    for i, p in enumerate(inputs):
        person, entity = party_objects(
            p, i, is_demo=is_demo, find_entity=lambda uscc: new_entities.get(uscc) or find(uscc)
        )
        if entity is not None and entity.pk is None:
            if entity.uscc:
                new_entities.setdefault(entity.uscc, entity)
            if all(e is not entity for e in plan.entities):
                plan.entities.append(entity)
        plan.parties.append(new_party(case, p, i, person, entity))
    case._party_roles = [p.role for p in inputs]  # what case_facts would read back
    # Guards of receipt deadlines may look at the detail row (e.g. a notified criminal case starts
    # LA-08b instead of the application's LA-06).
    facts = case_facts(case, []) if any(s.when for s in spec.workflow.on_create) else {}
    for start in spec.workflow.on_create:
        d = plan_start(case, start, received_on, {}, facts, memo)
        if d is not None:
            plan.deadlines.append(d)
    plan.last_on = received_on
    created = Created(actor, title, note)
    if spec.on_create is not None:  # the line completes its detail (e.g. 行政复议 申请期限审查)
        call = partial(spec.on_create, case=case, actor=actor)
        if _hook_waits(spec, ON_CREATE, after_write) or not _ran_in_plan(call, after_write):
            plan.pending = (call, created)
            return plan
    finish_step(plan, created)
    return plan


def load_plan(case: Case) -> CasePlan:
    """The plan of a stored case (read: its deadlines, last timeline day, party roles and detail
    row), to take steps on it with `plan_transition`."""
    deadlines = list(case.deadlines.all())
    case._party_roles = list(case.parties.values_list("role", flat=True))
    plan = CasePlan(
        spec=case.spec,
        case=case,
        detail=case.detail,
        deadlines=deadlines,
        last_on=case.events.order_by("-on", "-id").values_list("on", flat=True).first(),
    )
    plan.remember_stored()
    case.__dict__["_plan"] = plan
    return plan


def plan_transition(
    plan: CasePlan,
    *,
    actor: Any,
    name: str,
    data: Mapping[str, Any] | None = None,
    on: date,
    system: bool = False,
    current: date | None = None,
    memo: DeadlineMemo | None = None,
    after_write: bool = False,
) -> Step:
    """办理 in memory: transition `name` on day `on` — the workflow's guards and fields, the day's
    checks, the status, outcome and dates, the deadlines met, cancelled, paused, resumed, extended
    and started, the step's declared records on the detail row, the kind's hook (see the module
    docstring), the case's next due day and the timeline event. Raises WorkflowError (field →
    Chinese message); the plan may be half-changed then and is to be dropped."""
    spec, case = plan.spec, plan.case
    case.__dict__["_plan"] = plan
    # The step's day is a fact too: a guard may judge it against an open period (e.g. 行政复议法
    # art. 30: no 不予受理 once the review period has run).
    facts = {**case_facts(case, plan.deadlines), "on": on}
    t, cleaned = spec.workflow.clean(name, case.status, data or {}, facts, system=system)
    resolve_references(t, cleaned)
    check_transition_on(case, on, plan.last_on, system=system, current=current)
    from_status, outcome = take_transition(spec, case, t, cleaned, on)
    plan_deadlines(case, t, cleaned, on, plan.deadlines, system=system, memo=memo)
    if not case.number and any(r.source == "case" and r.key == "number" for r in t.records):
        raise NotPlannable("records the case number, allocated only when the case is written")
    record_step(case, t, cleaned, on)
    step = Step(actor, t, cleaned, on, from_status, outcome, system)
    hook = spec.on_transition.get(t.name)
    if hook is not None:
        call = partial(hook, case=case, transition=t, data=cleaned, actor=actor, on=on)
        if _hook_waits(spec, t.name, after_write) or not _ran_in_plan(call, after_write):
            plan.pending = (call, step)
            return step
    finish_step(plan, step)
    return step


def _ran_in_plan(call: Callable[[], Any], after_write: bool) -> bool:
    """Run a planning-safe hook in the plan. One may still find, for this case, that it needs
    stored rows (it raises NotPlannable before it changes anything, e.g. 行政复议's receipt when
    the respondent agency is given only as a party): the bulk planner then takes the row through
    the services, and the services run it after the write (False)."""
    try:
        call()
    except NotPlannable:
        if not after_write:
            raise
        return False
    return True


def _hook_waits(spec: registry.CaseKind, name: str, after_write: bool) -> bool:
    """Whether hook `name` runs after the write (True) or now, in the plan (False)."""
    if spec.ledger is not None and name in spec.ledger.plan_hooks:
        return False
    if not after_write:
        raise NotPlannable(f"hook {name} is not planning-safe")
    return True


def finish_step(plan: CasePlan, step: Created | Step) -> None:
    """The step's timeline event and the case's next due day."""
    case = plan.case
    case.next_due = next_due_of(plan.deadlines)
    if isinstance(step, Created):
        plan.events.append(created_event(case, step.actor, step.title, step.note))
        return
    plan.events.append(
        transition_event(
            plan.spec,
            case,
            step.actor,
            step.t,
            step.cleaned,
            step.on,
            from_status=step.from_status,
            outcome=step.outcome,
            system=step.system,
        )
    )
    plan.last_on = max(plan.last_on or step.on, step.on)
    plan.transitions += 1


def run_pending(plan: CasePlan) -> None:
    """After the write: run the hook that waited for it, then finish its step from what is stored
    (the hook may have changed stored rows: the deadlines are read again)."""
    assert plan.pending is not None
    call, step = plan.pending
    plan.pending = None
    call()
    plan.deadlines = list(plan.case.deadlines.all())
    plan.remember_stored()  # what the hook left in memory without saving is not stored, as before
    finish_step(plan, step)


# --- the steps' parts (each changes nothing stored) ----------------------------------------------


def stored_entity(uscc: str) -> LegalEntity | None:
    """The stored legal entity with this credit code (parties share one row per code)."""
    return LegalEntity.objects.filter(uscc=uscc).first() if uscc else None


def party_objects(
    p: PartyInput,
    order: int,
    *,
    is_demo: bool,
    find_entity: Callable[[str], LegalEntity | None] = stored_entity,
) -> tuple[Person | None, LegalEntity | None]:
    """The validated person and legal entity of a party to add; a new one is not saved yet.
    Raises WorkflowError keyed party_<order>_<field>."""
    person = p.person
    entity = p.legal_entity
    try:
        if isinstance(person, Mapping):
            person = build(Person, **{**person, "is_demo": is_demo})
            full_clean_new(person)
        if isinstance(entity, Mapping):
            found = find_entity(entity.get("uscc", ""))
            if found is None:
                found = build(LegalEntity, **{**entity, "is_demo": is_demo})
                full_clean_new(found)
            entity = found
    except ValidationError as exc:
        errors = {f"party_{order}_{k}": "；".join(v) for k, v in exc.message_dict.items()}
        raise WorkflowError("当事人信息有误：" + "；".join(errors.values()), errors) from exc
    return person, entity


def new_party(
    case: Case, p: PartyInput, order: int, person: Person | None, entity: LegalEntity | None
) -> Party:
    """The (unsaved) Party row of `p` on `case`."""
    name = (person or entity or p.org_unit).name  # type: ignore[union-attr]
    return build(
        Party,
        case=case,
        role=p.role,
        person=person,
        legal_entity=entity,
        org_unit=p.org_unit,
        name=name,
        order=order,
    )


def check_received_on(received_on: date, *, current: date | None = None) -> None:
    """Receipt is not in the future (`current`: today, when the caller already knows it), nor
    before the earliest date a record may carry."""
    if received_on > (current or today()):
        raise WorkflowError("收到日期不能晚于今天。", {"received_on": "收到日期不能晚于今天。"})
    problem = date_problem(received_on)
    if problem:
        raise WorkflowError(f"收到日期{problem}。", {"received_on": f"收到日期{problem}。"})


# An intake names at most this many parties (a 群体性 dispute lists its representatives; a request
# with thousands would be an attack on the page and the ledger, not a case).
MAX_PARTIES = 200


def check_intake(
    title: str, parties: list[Any], *, spec: registry.CaseKind | None = None, org_unit: Any = None
) -> None:
    """The case's title is record text, and the parties are not beyond MAX_PARTIES; the receiving
    unit is one that receives cases of this kind (`CaseKind.intake_unit_kinds`), and an applicant
    that is a legal person or other organisation names its 统一社会信用代码 (the same rule in the
    forms, the API, the ledger import and the portal)."""
    if spec is not None and org_unit is not None:
        check_intake_unit(spec, org_unit)
    if spec is not None:
        for i, p in enumerate(parties):
            entity = getattr(p, "legal_entity", None)
            if (
                p.role == spec.applicant_role
                and isinstance(entity, Mapping)
                and not (entity.get("uscc") or "").strip()
            ):
                message = f"{spec.applicant_label}为法人或其他组织时，请填写统一社会信用代码。"
                raise WorkflowError(message, {f"parties.{i}.uscc": message})
    problem = text_problem(title or "")
    if problem:
        raise WorkflowError(f"案件名称{problem}。", {"title": f"案件名称{problem}。"})
    if len(parties) > MAX_PARTIES:
        message = (
            f"一次收案最多登记 {MAX_PARTIES} 个当事人（本次 {len(parties)} 个）：群体性纠纷请登记代表人。"
        )
        raise WorkflowError(message, {"parties": message})


def check_intake_unit(spec: registry.CaseKind, org_unit: Any) -> None:
    """The unit is one that receives cases of this kind (`CaseKind.intake_unit_kinds`)."""
    if org_unit.kind not in spec.intake_unit_kinds:
        labels = _kind_labels(spec.intake_unit_kinds)
        message = f"“{org_unit.name}”不是受理{spec.label}的单位（应为{labels}）。"
        raise WorkflowError(message, {"org_unit": message})


def _kind_labels(kinds: Iterable[str]) -> str:
    return "、".join(str(OrgKind(k).label) for k in kinds)


def new_detail(spec: registry.CaseKind, case: Case, detail: Mapping[str, Any] | None) -> Any:
    """The line's validated (unsaved) detail row of `case`, or None for a kind without one."""
    if spec.detail_model is None:
        return None
    row = build(spec.detail_model, case=case, **(detail or {}))
    try:
        full_clean_new(row, exclude=["case"])
    except ValidationError as exc:
        errors = {k: "；".join(v) for k, v in exc.message_dict.items()}
        raise WorkflowError("请更正标出的内容。", errors) from exc
    return row


def created_event(case: Case, actor: Any, title: str, note: str) -> CaseEvent:
    """The (unsaved) timeline entry of receipt."""
    return build(
        CaseEvent,
        case=case,
        on=case.received_on,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        kind=EventKind.CREATED,
        to_status=case.status,
        summary=f"收案：{title}" + (f"（{note}）" if note else ""),
    )


def default_number(case: Case) -> str:
    from fazhi.core.numbering import allocate

    return (
        f"{case.kind.upper()}-{case.received_on.year}-{allocate(f'case:{case.kind}', case.received_on.year)}"
    )


def case_facts(case: Case, deadlines: list[Deadline] | None = None) -> dict[str, Any]:
    """What guards may look at: the case's columns, its detail row's fields, its open deadlines.
    `deadlines`: the case's deadline rows when the caller already holds them."""
    if deadlines is None:
        deadlines = list(case.deadlines.all())
    roles = getattr(case, "_party_roles", None)
    if roles is None:
        roles = case._party_roles = list(case.parties.values_list("role", flat=True))
    facts: dict[str, Any] = {
        "status": case.status,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "enterprise_related": case.enterprise_related,
        "open_deadlines": {d.rule_id: d.due for d in deadlines if d.is_live},
        "party_roles": roles,
        "has_assignee": case.assignee_id is not None,
    }
    detail = case.detail
    if detail is not None:
        for f in detail._meta.concrete_fields:
            if f.name not in ("id", "case"):
                facts[f.name] = getattr(detail, f.attname)
    return facts


def check_transition_on(
    case: Case, on: date, last: date | None, *, system: bool = False, current: date | None = None
) -> None:
    """The step's day lies between receipt (and the previous step) and today (`current`)."""
    if on < case.received_on:
        raise WorkflowError(
            "办理日期不能早于收到日期。", {"on": f"办理日期不能早于收到日期（{case.received_on}）。"}
        )
    if on > (current or today()):
        raise WorkflowError("办理日期不能晚于今天。", {"on": "办理日期不能晚于今天。"})
    if last and on < last and not system:
        raise WorkflowError(
            "办理日期不能早于上一办理环节。", {"on": f"办理日期不能早于上一环节的日期（{last}）。"}
        )


def take_transition(
    spec: registry.CaseKind, case: Case, t: Transition, cleaned: Mapping[str, Any], on: date
) -> tuple[str, str | None]:
    """Move the (in-memory) case: status, outcome, dates, handler; return (from_status, outcome)."""
    from_status = case.status
    case.status = t.target or case.status  # STAY: a recording step keeps the status
    outcome = spec.workflow.outcome_of(t, cleaned)
    if outcome:
        case.outcome = outcome
    if t.accepts:
        case.accepted_on = on
    if t.closes:
        case.closed_on = on
    for key in ("handler", "assignee"):
        if key in cleaned and cleaned[key] is not None:
            setattr(case, key, cleaned[key])
    return from_status, outcome


def detail_update(case: Case, values: Mapping[str, Any]) -> Any:
    """The one way a case's detail row changes after receipt (the engine's declared records and
    the lines' hooks alike): set `values`. While the case is being planned (`plan_of`), they stay
    in memory and the writer stores the row as it then stands (one update, with its history row);
    otherwise (a hook after the write, a line's own service) a stored row is saved at once. An
    empty value (None) in a text column that cannot be NULL is stored as "". Returns the row."""
    detail = case.detail
    if detail is None or not values:
        return detail
    opts = detail._meta
    for name, value in values.items():
        if value is None:
            f = opts.get_field(name)
            if not f.null and f.empty_strings_allowed:
                value = ""
        setattr(detail, name, value)
    if detail.pk is not None and plan_of(case) is None:
        detail.save(update_fields=list(values))
    return detail


def record_step(case: Case, t: Transition, cleaned: Mapping[str, Any], on: date) -> None:
    """Write what step `t` declares it records on the detail row (`Transition.records`)."""
    if not t.records:
        return
    detail = case.detail
    if detail is not None:
        detail_update(case, recorded(t.records, cleaned, on, case, lambda name: getattr(detail, name)))


def transition_event(
    spec: registry.CaseKind,
    case: Case,
    actor: Any,
    t: Transition,
    cleaned: Mapping[str, Any],
    on: date,
    *,
    from_status: str,
    outcome: str | None,
    system: bool = False,
) -> CaseEvent:
    """The (unsaved) timeline entry of a step."""
    return build(
        CaseEvent,
        case=case,
        on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        kind=EventKind.TRANSITION if not system else EventKind.SYSTEM,
        transition=t.name,
        from_status=from_status,
        to_status=case.status,
        summary=t.label + (f"：{spec.workflow.outcomes.get(outcome, outcome)}" if outcome else ""),
        data=as_json(cleaned),
    )


def resolve_references(t: Transition, cleaned: dict[str, Any]) -> None:
    """Fields of kind "user" / "org" arrive as a pk, a username or an org code: make them objects."""
    from fazhi.core.models import User

    errors = {}
    for f in t.fields:
        raw = cleaned.get(f.name)
        if raw in (None, "") or f.kind not in ("user", "org") or hasattr(raw, "pk"):
            continue
        text = str(raw).strip()
        model, key = (User, "username") if f.kind == "user" else (OrgUnit, "code")
        # The natural key first (org codes are digits too), then the primary key.
        found = model.objects.filter(**{key: text}).first()
        if found is None and text.isdigit():
            found = model.objects.filter(pk=int(text)).first()
        if found is None:
            errors[f.name] = f"找不到“{f.label}”：{text}"
        cleaned[f.name] = found
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)


# --- deadlines --------------------------------------------------------------------------------


# Memo of deadline computations: (rule, trigger, pauses, extension) -> the computed columns. A
# bulk import passes one so the same period from the same day is computed once.
DeadlineMemo = dict[tuple[Any, ...], dict[str, Any]]


def compute_deadline(d: Deadline, memo: DeadlineMemo | None = None) -> None:
    """(Re)compute a deadline row from its trigger, pauses and extension through fazhi.law."""
    pauses = []
    if d.pauses:
        # An open pause runs through today: the clock resumes tomorrow at the earliest.
        tomorrow = (today() + timedelta(days=1)).isoformat()
        pauses = [(p[0], p[1] or tomorrow, p[2]) for p in d.pauses]
    key = (d.rule_id, d.trigger_on, tuple(pauses), d.extension_days)
    values = memo.get(key) if memo is not None else None
    if values is None:
        result = law_deadlines.due(
            d.rule_id,
            d.trigger_on,
            pauses=pauses,
            extension_days=d.extension_days,
            calendar=current_calendar(),
            config=law_config(),
        )
        values = {
            "title": result.title,
            "due": result.due,
            "basis": result.basis[:300],
            "explanation": result.explanation[:500],
            "provisional": result.provisional,
            "provisional_reason": (result.provisional_reason or "")[:300],
            "on_expiry": result.on_expiry.code if result.on_expiry else "",
            "party": law_deadlines.get_rule(d.rule_id).party,
        }
        if memo is not None:
            memo[key] = values
    for name, value in values.items():
        setattr(d, name, value)


def plan_start(
    case: Case,
    start: DeadlineStart,
    on: date,
    data: Mapping[str, Any],
    facts: Mapping[str, Any],
    memo: DeadlineMemo | None = None,
) -> Deadline | None:
    """The (unsaved) deadline `start` begins on `case`, or None when its guard or the deployment
    leaves it out."""
    if start.when is not None and start.when(facts, data) is not None:
        return None
    trigger = on
    if start.trigger:
        trigger = (
            data.get(start.trigger)
            or getattr(case, start.trigger, None)
            or getattr(case.detail, start.trigger, None)  # a date on the line's detail row
            or on
        )
    rule = law_deadlines.get_rule(start.rule)
    if rule.setting and not getattr(law_config(), rule.setting):
        return None  # a rule the deployment switched off (e.g. the secondary legal-aid warning)
    d = build(Deadline, case=case, rule_id=start.rule, trigger_on=trigger)
    try:
        compute_deadline(d, memo)
    except LawValidationError as exc:
        raise WorkflowError(exc.message) from exc
    return d


def _live(deadlines: list[Deadline], rule_ids: Iterable[str]) -> list[Deadline]:
    wanted = set(rule_ids)
    return [d for d in deadlines if d.rule_id in wanted and d.is_live]


def plan_deadlines(
    case: Case,
    t: Transition,
    data: Mapping[str, Any],
    on: date,
    deadlines: list[Deadline],
    *,
    system: bool = False,
    memo: DeadlineMemo | None = None,
) -> list[Deadline]:
    """Apply step `t` to the case's deadline rows in memory: meet, cancel, pause, resume, extend,
    and start (new rows are appended to `deadlines`). Returns the rows changed or added."""
    changed: dict[int, Deadline] = {}
    for d in _live(deadlines, t.meet):
        # A system step (视为受理 …) happens because the period ran out: the duty was missed (or,
        # for a party's window, it lapsed).
        if on <= d.due and not system:
            d.state = DeadlineState.MET
        else:
            d.state = DeadlineState.EXPIRED if d.is_window else DeadlineState.MISSED
        d.done_on = on
        changed[id(d)] = d
    for d in _live(deadlines, t.cancel):
        d.state = DeadlineState.CANCELLED
        d.done_on = on
        changed[id(d)] = d
    for d in _live(deadlines, t.pause):
        if d.state != DeadlineState.PAUSED:
            d.pauses = [*d.pauses, [on.isoformat(), None, t.pause_kind]]
            d.state = DeadlineState.PAUSED
            compute_deadline(d, memo)
            changed[id(d)] = d
    for d in _live(deadlines, t.resume):
        if d.state == DeadlineState.PAUSED:
            d.pauses = [*d.pauses[:-1], [d.pauses[-1][0], on.isoformat(), d.pauses[-1][2]]]
            d.state = DeadlineState.OPEN
            compute_deadline(d, memo)
            changed[id(d)] = d
    for d in _live(deadlines, t.extend):
        d.extension_days = int(data.get("extension_days") or 0)
        try:
            compute_deadline(d, memo)
        except LawValidationError as exc:
            raise WorkflowError(exc.message, {"extension_days": exc.message}) from exc
        changed[id(d)] = d
    if t.start:
        facts = case_facts(case, deadlines)
        for start in t.start:
            new = plan_start(case, start, on, data, facts, memo)
            if new is not None:
                deadlines.append(new)
                changed[id(new)] = new
    return list(changed.values())


def next_due_of(deadlines: Iterable[Deadline]) -> date | None:
    """The earliest open deadline that is the body's own duty (what `Case.next_due` holds)."""
    # Windows of parties or the court (appeal, judicial confirmation …) are not the body's duties.
    return min(
        (d.due for d in deadlines if d.state == DeadlineState.OPEN and d.party not in WINDOW_PARTIES),
        default=None,
    )
