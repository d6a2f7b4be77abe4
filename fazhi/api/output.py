"""What the API returns for a case, a deadline, a user — plain dicts matching `fazhi.api.schemas`.
Personal information is masked unless the caller may see it and asked for it; the caller then
records the view in the audit log (`reveal_fields` says what was shown)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from fazhi.cases import registry, selectors, services
from fazhi.cases.models import Case, Deadline
from fazhi.cases.workflow import Field, Transition
from fazhi.core.pii import MASKERS, mask_name, masked
from fazhi.core.roles import Action
from fazhi.core.scoping import can

PERSON_PII = ("id_number", "phone", "address")


def due_state(due: date | None, today: date) -> str:
    if due is None:
        return ""
    if due < today:
        return "overdue"
    return "soon" if (due - today).days <= selectors.NEAR_DUE_DAYS else ""


def org(unit: Any) -> dict[str, str] | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def user_ref(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username(), "name": str(user)}


def _columns(case: Case, spec: registry.CaseKind) -> dict[str, str]:
    out = {}
    for col in spec.columns:
        value: Any = case
        for part in col.attr.split("."):
            value = getattr(value, part, None) if value is not None else None
        shown = col.display(value) if col.display else value
        out[col.label] = "" if shown is None else str(shown)
    return out


def case_row(case: Case, spec: registry.CaseKind, today: date) -> dict[str, Any]:
    """A case as a worklist row."""
    return {
        "id": case.pk,
        "kind": case.kind,
        "number": case.number,
        "title": case.title,
        "org_unit": org(case.org_unit),
        "channel": case.channel,
        "channel_label": case.get_channel_display(),
        "status": case.status,
        "status_label": case.status_label,
        "outcome": case.outcome,
        "outcome_label": case.outcome_label if case.outcome else "",
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "closed_on": case.closed_on,
        "enterprise_related": case.enterprise_related,
        "handler": user_ref(case.handler),
        "assignee": user_ref(case.assignee),
        "next_due": case.next_due,
        "due_state": due_state(case.next_due, today),
        "is_demo": case.is_demo,
        "columns": _columns(case, spec),
    }


def _parties(case: Case, reveal: bool) -> list[dict[str, Any]]:
    rows = []
    for p in case.parties.select_related("person", "legal_entity", "org_unit"):
        row: dict[str, Any] = {"id": p.pk, "role": p.role, "role_label": p.get_role_display(), "name": p.name}
        if p.person_id:
            row["type"] = "person"
            if not reveal:
                row["name"] = mask_name(p.name)
            for name in PERSON_PII:
                row[name] = getattr(p.person, name) if reveal else masked(p.person, name)
        elif p.legal_entity_id:
            row.update(type="entity", uscc=p.legal_entity.uscc)
        else:
            row.update(type="agency", org_unit=org(p.org_unit))
        rows.append(row)
    return rows


def _detail(case: Case, reveal: bool) -> tuple[list[dict[str, Any]], list[str]]:
    """The detail row's fields, and the names of the personal ones shown in clear."""
    detail = case.detail
    if detail is None:
        return [], []
    rows, shown = [], []
    fields = detail._meta.concrete_fields
    if case.spec.detail_fields:  # the line lists what its case page shows, in order
        fields = [detail._meta.get_field(name) for name in case.spec.detail_fields]
    for f in fields:
        if f.name in ("id", "case"):
            continue
        raw = getattr(detail, f.attname)
        mask = getattr(f, "mask", None)
        if mask and not reveal:
            rows.append(
                {
                    "name": f.name,
                    "label": str(f.verbose_name),
                    "value": None,
                    "display": MASKERS[mask](raw),
                    "masked": True,
                }
            )
            continue
        if mask and raw:
            shown.append(f.name)
        get_display = getattr(detail, f"get_{f.name}_display", None)
        display: Any = get_display() if callable(get_display) and raw not in (None, "") else raw
        if f.is_relation:  # e.g. the defendant agency: its code (if it has one) and its name
            related = getattr(detail, f.name)
            raw = getattr(related, "code", raw) if related is not None else None
            display = str(related) if related is not None else ""
        if isinstance(raw, bool):
            display = "是" if raw else "否"
        rows.append(
            {
                "name": f.name,
                "label": str(f.verbose_name),
                "value": raw,
                "display": "" if display is None else str(display),
                "masked": False,
            }
        )
    return rows, shown


def deadline_row(d: Deadline, today: date) -> dict[str, Any]:
    return {
        "id": d.pk,
        "rule_id": d.rule_id,
        "title": d.title,
        "trigger_on": d.trigger_on,
        "due": d.due,
        "state": d.state,
        "state_label": d.get_state_display(),
        "basis": d.basis,
        "explanation": d.explanation,
        "provisional": d.provisional,
        "provisional_reason": d.provisional_reason,
        "party": d.party,
        "party_label": d.party_label,
        "extension_days": d.extension_days,
        "pauses": d.pauses,
        "on_expiry": d.on_expiry,
        "done_on": d.done_on,
        "due_state": due_state(d.due, today) if d.is_live else "",
    }


def field_row(f: Field) -> dict[str, Any]:
    return {
        "name": f.name,
        "label": f.label,
        "kind": f.kind,
        "required": f.required and f.kind != "bool",
        "choices": [{"value": v, "label": label} for v, label in f.choices],
        "help": f.help,
    }


def transition_url_name(kind: str, name: str) -> str:
    return f"{kind}-transition-{name}"


def transition_row(case: Case, spec: registry.CaseKind, t: Transition) -> dict[str, Any]:
    return {
        "name": t.name,
        "label": t.label,
        "target": t.target or case.status,
        "target_label": spec.workflow.states.get(t.target or case.status, t.target),
        "fields": [field_row(f) for f in t.fields],
        "path": reverse(f"api:{transition_url_name(case.kind, t.name)}", kwargs={"case_id": case.pk}),
    }


def available_transitions(case: Case, spec: registry.CaseKind, user: Any) -> list[Transition]:
    """The steps this user may take now — as the case page offers them."""
    if not can(user, Action.CHANGE, case):
        return []
    steps = spec.workflow.available(case.status, facts=services.case_facts(case))
    if spec.may_take is not None:  # steps reserved to some roles (e.g. not the assigned lawyer)
        steps = [t for t in steps if not spec.may_take(user, case, t)]
    return steps


def case_full(
    case: Case, spec: registry.CaseKind, user: Any, *, today: date, may_pii: bool, reveal: bool
) -> tuple[dict[str, Any], list[str]]:
    """A case with everything the case page shows, and the personal fields of its detail row
    shown in clear. `reveal` only for a caller with view_pii (the caller audits it)."""
    if reveal and not may_pii:
        raise PermissionError("reveal without view_pii")
    detail, shown_detail = _detail(case, reveal)
    transitions = available_transitions(case, spec, user)
    links = [(link.to_case, link) for link in case.links_out.select_related("to_case")]
    links += [(link.from_case, link) for link in case.links_in.select_related("from_case")]
    data = {
        **case_row(case, spec, today),
        "parties": _parties(case, reveal),
        "detail": detail,
        "deadlines": [deadline_row(d, today) for d in case.deadlines.all()],
        "events": [
            {
                "id": e.pk,
                "on": e.on,
                "at": e.at,
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "actor": e.actor_name,
                "transition": e.transition,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "summary": e.summary,
                "data": e.data if reveal else None,
            }
            for e in case.events.all()
        ],
        "transitions": [transition_row(case, spec, t) for t in transitions],
        "links": [
            {
                "id": other.pk,
                "kind": other.kind,
                "number": other.number,
                "title": other.title,
                "link_kind": link.kind,
                "link_label": link.get_kind_display(),
            }
            for other, link in links
            if can(user, Action.VIEW, other)
        ],
        "may_view_pii": may_pii,
        "pii_revealed": reveal,
    }
    return data, shown_detail
