"""The case engine's writes: receive a case, take a transition, link cases, add parties.

These are the only ways a case changes. Each runs in one transaction, checks the actor's right
on the case's scope, writes the timeline event, recomputes the deadlines through `fazhi.law`,
and records an audit event. Lines' services, views, API handlers, importers and the demo
generator all call these. The steps are built from helpers that change nothing stored (new_case,
new_detail, party_objects, take_transition, plan_deadlines …), which the bulk ledger importer
(`fazhi.cases.bulk`) runs in memory, so both paths apply the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.cases import registry
from fazhi.cases.models import (
    WINDOW_PARTIES,
    Case,
    CaseEvent,
    CaseLink,
    Deadline,
    DeadlineState,
    EventKind,
    Party,
)
from fazhi.cases.workflow import DeadlineStart, Transition, WorkflowError, recorded
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.calendar import current_calendar
from fazhi.core.instances import build, full_clean_new
from fazhi.core.lawconfig import law_config
from fazhi.core.models import LegalEntity, OrgUnit, Person
from fazhi.core.roles import ASSIGNEE_ONLY_ROLES, OWNER_ONLY_ROLES, Action
from fazhi.core.scoping import can, grants_allowing
from fazhi.law import deadlines as law_deadlines
from fazhi.law.errors import LawValidationError


class CasePermissionError(PermissionError):
    """The actor may not do this to this case (message in Chinese)."""


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


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if hasattr(value, "pk"):
        return value.pk
    return value


def may_create(actor: Any, kind: registry.CaseKind, org_unit: OrgUnit) -> bool:
    """Whether `actor` may receive a case of `kind` for `org_unit` (a grant on an ancestor)."""
    if actor is None:
        return False
    if actor.is_superuser:
        return True
    for grant in grants_allowing(actor, kind.area, Action.CHANGE):
        if grant.role in ASSIGNEE_ONLY_ROLES or grant.role in OWNER_ONLY_ROLES:
            continue
        if org_unit.path.startswith(grant.org_unit.path):
            return True
    return False


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


def _save_party(case: Case, p: PartyInput, order: int, *, is_demo: bool) -> Party:
    person, entity = party_objects(p, order, is_demo=is_demo)
    for obj in (person, entity):
        if obj is not None and obj.pk is None:
            obj.save()
    party = new_party(case, p, order, person, entity)
    party.save(force_insert=True)
    return party


def check_received_on(received_on: date, *, current: date | None = None) -> None:
    """Receipt is not in the future (`current`: today, when the caller already knows it)."""
    if received_on > (current or today()):
        raise WorkflowError("收到日期不能晚于今天。", {"received_on": "收到日期不能晚于今天。"})


def new_case(
    spec: registry.CaseKind,
    *,
    org_unit: OrgUnit,
    received_on: date,
    title: str,
    channel: str,
    enterprise_related: bool,
    handler: Any,
    submitted_by: Any,
    number: str,
    is_demo: bool,
) -> Case:
    """The (unsaved, unnumbered unless `number`) case in its workflow's initial state."""
    return build(
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
        actor_name=_actor_name(actor),
        kind=EventKind.CREATED,
        to_status=case.status,
        summary=f"收案：{title}" + (f"（{note}）" if note else ""),
    )


@transaction.atomic
def case_create(
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
    """收案: create a case in its workflow's initial state with its parties and detail row, and
    start the deadlines the workflow starts on receipt. `number` is allocated unless given (a
    ledger import keeps the bureau's own number)."""
    spec = registry.get(kind)
    if submitted_by is not None and submitted_by == actor:
        pass  # a public user's own submission through the portal services
    elif not may_create(actor, spec, org_unit):
        raise CasePermissionError(f"您没有在“{org_unit.name}”受理{spec.label}的权限。")
    check_received_on(received_on)
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
    if not case.number:
        case.number = spec.number(case) if spec.number else _default_number(case)
    case.save()
    row = new_detail(spec, case, detail)
    if row is not None:
        row.save()
    for i, p in enumerate(parties):
        _save_party(case, p, i, is_demo=is_demo)
    # Guards of receipt deadlines may look at the detail row (e.g. a notified criminal case starts
    # LA-08b instead of the application's LA-06).
    create_facts = case_facts(case) if any(s.when for s in spec.workflow.on_create) else {}
    for start in spec.workflow.on_create:
        _start(case, start, received_on, {}, create_facts)
    if spec.on_create is not None:  # the line completes its detail (e.g. 行政复议 申请期限审查)
        spec.on_create(case=case, actor=actor)
    _refresh_next_due(case)
    created_event(case, actor, title, note).save(force_insert=True)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=case, detail={"kind": kind})
    return case


def _default_number(case: Case) -> str:
    from fazhi.core.numbering import allocate

    return (
        f"{case.kind.upper()}-{case.received_on.year}-{allocate(f'case:{case.kind}', case.received_on.year)}"
    )


def _actor_name(actor: Any) -> str:
    return str(actor) if getattr(actor, "pk", None) else "系统"


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


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    case: Case,
    name: str,
    data: Mapping[str, Any] | None = None,
    on: date | None = None,
    system: bool = False,
) -> Case:
    """办理: take transition `name` on `case` on day `on` (default today). Raises WorkflowError
    (field → Chinese message) or CasePermissionError; nothing is written then."""
    case = Case.objects.select_for_update().get(pk=case.pk)  # one transition at a time per case
    spec = case.spec
    on = on or today()
    if not system and not can(actor, Action.CHANGE, case):
        raise CasePermissionError("您没有办理此案件的权限。")
    if not system and spec.may_take is not None:
        refused = spec.may_take(actor, case, spec.workflow.transition(name))
        if refused:
            raise CasePermissionError(refused)
    deadlines = list(case.deadlines.all())  # read once; the steps below work on this list
    t, cleaned = spec.workflow.clean(
        name, case.status, data or {}, case_facts(case, deadlines), system=system
    )
    _resolve_references(t, cleaned)
    last = case.events.order_by("-on", "-id").values_list("on", flat=True).first()
    check_transition_on(case, on, last, system=system)
    from_status, outcome = take_transition(spec, case, t, cleaned, on)
    case.save()
    _apply_deadlines(case, t, cleaned, on, deadlines, system=system)
    record_step(case, t, cleaned, on)
    hook = spec.on_transition.get(t.name)
    if hook is not None:
        hook(case=case, transition=t, data=cleaned, actor=actor, on=on)
    _refresh_next_due(case)
    transition_event(
        spec, case, actor, t, cleaned, on, from_status=from_status, outcome=outcome, system=system
    ).save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=case,
        detail={"transition": t.name, "on": on.isoformat()},
    )
    return case


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
    the lines' hooks alike): set `values`; a stored row is saved at once (with its history row),
    a row the bulk importer is planning keeps them in memory and is inserted as it stands. An
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
    if detail.pk is not None:
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
        actor_name=_actor_name(actor),
        kind=EventKind.TRANSITION if not system else EventKind.SYSTEM,
        transition=t.name,
        from_status=from_status,
        to_status=case.status,
        summary=t.label + (f"：{spec.workflow.outcomes.get(outcome, outcome)}" if outcome else ""),
        data=_json(cleaned),
    )


def _resolve_references(t: Transition, cleaned: dict[str, Any]) -> None:
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


def _compute(d: Deadline, memo: DeadlineMemo | None = None) -> None:
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
        _compute(d, memo)
    except LawValidationError as exc:
        raise WorkflowError(exc.message) from exc
    return d


def _start(
    case: Case, start: DeadlineStart, on: date, data: Mapping[str, Any], facts: Mapping[str, Any]
) -> Deadline | None:
    d = plan_start(case, start, on, data, facts)
    if d is not None:
        d.save()
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
            _compute(d, memo)
            changed[id(d)] = d
    for d in _live(deadlines, t.resume):
        if d.state == DeadlineState.PAUSED:
            d.pauses = [*d.pauses[:-1], [d.pauses[-1][0], on.isoformat(), d.pauses[-1][2]]]
            d.state = DeadlineState.OPEN
            _compute(d, memo)
            changed[id(d)] = d
    for d in _live(deadlines, t.extend):
        d.extension_days = int(data.get("extension_days") or 0)
        try:
            _compute(d, memo)
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


def _apply_deadlines(
    case: Case,
    t: Transition,
    data: Mapping[str, Any],
    on: date,
    deadlines: list[Deadline],
    *,
    system: bool = False,
) -> None:
    for d in plan_deadlines(case, t, data, on, deadlines, system=system):
        d.save()


def next_due_of(deadlines: Iterable[Deadline]) -> date | None:
    """The earliest open deadline that is the body's own duty (what `Case.next_due` holds)."""
    # Windows of parties or the court (appeal, judicial confirmation …) are not the body's duties.
    return min(
        (d.due for d in deadlines if d.state == DeadlineState.OPEN and d.party not in WINDOW_PARTIES),
        default=None,
    )


def _refresh_next_due(case: Case) -> None:
    # Windows of parties or the court (appeal, judicial confirmation …) are not the body's duties.
    nxt = (
        case.deadlines.filter(state=DeadlineState.OPEN)
        .exclude(party__in=WINDOW_PARTIES)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )
    if nxt != case.next_due:
        Case.objects.filter(pk=case.pk).update(next_due=nxt)
        case.next_due = nxt


# --- links, parties, notes ----------------------------------------------------------------------


@transaction.atomic
def case_link(
    *, actor: Any, from_case: Case, to_case: Case, kind: str, note: str = "", on: date | None = None
) -> CaseLink:
    """关联: e.g. a reconsideration and the lawsuit on the same act (the actor must see both).
    `on`: the day of the link on the timeline (default today; a step that links on its own day
    passes that day, so later steps dated before today stay possible)."""
    if not (can(actor, Action.CHANGE, from_case) and can(actor, Action.VIEW, to_case)):
        raise CasePermissionError("您没有关联这两个案件的权限。")
    link, _ = CaseLink.objects.get_or_create(
        from_case=from_case, to_case=to_case, kind=kind, defaults={"note": note, "created_by": actor}
    )
    CaseEvent.objects.create(
        case=from_case,
        on=on or today(),
        actor=actor,
        actor_name=_actor_name(actor),
        kind=EventKind.LINK,
        summary=f"关联案件 {to_case.number}（{link.get_kind_display()}）",
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=from_case, detail={"link": to_case.pk})
    return link


@transaction.atomic
def case_add_note(*, actor: Any, case: Case, text: str, on: date | None = None) -> CaseEvent:
    if not can(actor, Action.CHANGE, case):
        raise CasePermissionError("您没有办理此案件的权限。")
    text = (text or "").strip()
    if not text:
        raise WorkflowError("请填写备注内容。", {"text": "请填写备注内容。"})
    event = CaseEvent.objects.create(
        case=case,
        on=on or today(),
        actor=actor,
        actor_name=_actor_name(actor),
        kind=EventKind.NOTE,
        summary=text[:300],
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=case, detail={"note": event.pk})
    return event


@transaction.atomic
def deadlines_expire(*, on: date | None = None) -> int:
    """Daily: open deadlines past their due day become missed, and rules with a legal effect on
    expiry take it (FY-05a 视为受理 …) through the line's automatic transition. Returns the count."""
    on = on or today()
    count = 0
    for d in (
        Deadline.objects.select_related("case").filter(state=DeadlineState.OPEN, due__lt=on).order_by("id")
    ):
        # An earlier automatic step of this run may have met or cancelled this deadline (视为受理
        # cancels the 补正 notice period) or moved its case on: act on the stored state only.
        d.refresh_from_db(fields=["state"])
        if d.state != DeadlineState.OPEN:
            continue
        case = d.case
        case.refresh_from_db(fields=["status"])
        auto = next(
            (
                t
                for t in case.spec.workflow.available(case.status, include_automatic=True)
                if t.automatic and d.rule_id in t.meet
            ),
            None,
        )
        if auto is not None:
            case_transition(actor=None, case=case, name=auto.name, on=d.due, system=True)
        else:
            d.state = DeadlineState.EXPIRED if d.is_window else DeadlineState.MISSED
            d.save(update_fields=["state"])
            _refresh_next_due(case)
        count += 1
    return count
