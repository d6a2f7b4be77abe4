"""法律援助 services: intake with the eligibility result, the steps' logic no declaration can say
(overrides, assignment, reopening), the lawyer pool, consultations, commendations and the ledger
row → case mapping.

Cases change only through `fazhi.cases.services` (case_create, case_transition, case_add_note); the
hooks below run inside those transactions. Every write names its actor and is audited.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from fazhi.cases import registry
from fazhi.cases.bulk import SERVICES, CaseEngine, NotPlannable
from fazhi.cases.models import Case
from fazhi.cases.services import (
    CasePermissionError,
    PartyInput,
    case_add_note,
    detail_update,
    may_create,
    today,
)
from fazhi.cases.workflow import Transition, WorkflowError
from fazhi.core import notifications
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.districts import (
    UnitNameError,
    actor_district,
    actor_districts,
    district_code_for,
    resolve_unit_name,
)
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind, UnitFunction
from fazhi.core.numbering import allocate, doc_sequence_key, next_doc_number, prefix_for
from fazhi.core.orgtree import district_of, unit_for
from fazhi.core.roles import ASSIGNEE_ONLY_ROLES, Action, Area
from fazhi.core.scoping import can, grants_allowing
from fazhi.core.sms import sms_send
from fazhi.law.errors import LawValidationError
from fazhi.law.numbering import format_doc_number
from fazhi.legal_aid import eligibility
from fazhi.legal_aid.models import (
    LegalAidCase,
    LegalAidLawyer,
    practice_years,
)
from fazhi.legal_aid.workflow import LAWYER_STEPS

KIND = "legal_aid"
SEVERE_PENALTY_MIN_YEARS = 3  # 法律援助法 art. 26


def pool_min_years() -> int:
    """Years of practice the district requires to join its legal-aid pool (the report: 执业三年以上).
    A recruitment condition of the bureau, not a statute: `FAZHI_LEGAL_AID_POOL_MIN_YEARS`."""
    return int(getattr(settings, "FAZHI_LEGAL_AID_POOL_MIN_YEARS", 3))


def legal_aid_number(case: Case) -> str:
    """发文字号-style case number, e.g. 杭西法援〔2024〕12号 (prefix configured per district,
    DOMAIN.md §5.2)."""
    return next_doc_number(KIND, case.received_on.year, district_code_for(case))


def legal_aid_numbers(cases: list[Case]) -> None:
    """`legal_aid_number` for many cases of a bulk import: one sequence lock per district and year
    (in order), numbers in row order."""
    groups: dict[tuple[str, int], list[Case]] = {}
    for case in cases:
        groups.setdefault((district_code_for(case), case.received_on.year), []).append(case)
    for (district, year), group in sorted(groups.items()):
        first = allocate(doc_sequence_key(KIND, district), year, len(group))
        for i, case in enumerate(group):
            case.number = format_doc_number(prefix_for(KIND, district), year, first + i)


# 法律援助中心: the unit whose 职能 is legal_aid_centre in its district's org tree (法律援助法 art. 12:
# the county-level justice bureau sets up the legal-aid agency), whatever it is coded.
CENTRE_FUNCTION = UnitFunction.LEGAL_AID_CENTRE
SERVICE_UNITS = Q(function=CENTRE_FUNCTION) | Q(kind=OrgKind.JUSTICE_OFFICE)


def is_centre(unit: OrgUnit) -> bool:
    return unit.function == CENTRE_FUNCTION


def centre(anchor: OrgUnit) -> OrgUnit:
    """The 法律援助中心 of `anchor`'s district (found by its 职能)."""
    try:
        return unit_for(anchor, CENTRE_FUNCTION)
    except OrgUnit.DoesNotExist as exc:
        raise WorkflowError(str(exc), {"org_unit": str(exc)}) from None


def intake_units(actor: Any) -> list[OrgUnit]:
    """Where `actor` may receive legal-aid applications or record consultations: the centre and the
    司法所 (legal-aid stations) inside the actor's grants."""
    spec = registry.get(KIND)
    units = OrgUnit.objects.filter(SERVICE_UNITS, is_active=True).order_by("path")
    return [u for u in units if may_create(actor, spec, u)]


def _require_unit(actor: Any, org_unit: OrgUnit, what: str) -> None:
    if not may_create(actor, registry.get(KIND), org_unit):
        raise CasePermissionError(f"您没有在“{org_unit.name}”{what}的权限。")


# --- who takes which step -----------------------------------------------------------------------


def is_agency_staff(actor: Any, case: Case) -> bool:
    """Whether `actor` acts for the legal-aid agency on this case (not merely as its assigned lawyer)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    return any(
        g.role not in ASSIGNEE_ONLY_ROLES and case.org_path.startswith(g.org_unit.path)
        for g in grants_allowing(actor, Area.LEGAL_AID, Action.CHANGE)
    )


def may_take(actor: Any, case: Case, t: Transition) -> str | None:
    """The assigned lawyer accepts, completes paperwork, closes and reports; the agency decides,
    assigns, terminates, records the evaluation and handles objections."""
    if t.name in LAWYER_STEPS or is_agency_staff(actor, case):
        return None
    return f"“{t.label}”由法律援助机构工作人员办理，承办律师不能办理。"


# --- eligibility ---------------------------------------------------------------------------------

ASSESSMENT_INPUTS = (
    "matter_type",
    "matter",
    "criminal_ground",
    "other_reason",
    "severe_penalty",
    "circumstances",
    "household_size",
    "monthly_income_per_head",
    "has_own_agent",
    "limitation_deadline",
    "urgent_preservation",
)


def legal_aid_preview(*, on: date, county_code: str, **inputs: Any) -> eligibility.Eligibility:
    """The eligibility result an application would get in district `county_code` (its 经济困难标准),
    without writing anything (the intake screen shows it before the case is received). Raises
    LawValidationError for bad input."""
    circumstances = inputs.get("circumstances") or ()
    if isinstance(circumstances, str):
        circumstances = [c for c in circumstances.split(",") if c]
    return eligibility.evaluate(
        matter_type=inputs.get("matter_type") or "civil",
        on=on,
        county_code=county_code,
        matter=inputs.get("matter") or "",
        criminal_ground=inputs.get("criminal_ground") or "",
        other_reason=inputs.get("other_reason") or "",
        severe_penalty=bool(inputs.get("severe_penalty")),
        circumstances=circumstances,
        household_size=inputs.get("household_size"),
        monthly_income_per_head=inputs.get("monthly_income_per_head"),
        has_own_agent=bool(inputs.get("has_own_agent")),
        limitation_deadline=inputs.get("limitation_deadline"),
        urgent_preservation=bool(inputs.get("urgent_preservation")),
    )


def _assess_row(detail: LegalAidCase, on: date, unit: OrgUnit) -> None:
    inputs = {name: getattr(detail, name) for name in ASSESSMENT_INPUTS}
    try:
        result = legal_aid_preview(on=on, county_code=county_code(unit), **inputs)
    except LawValidationError as exc:
        raise WorkflowError(exc.message, {"monthly_income_per_head": exc.message}) from exc
    for name, value in result.detail_values().items():
        setattr(detail, name, value)


def on_case_created(*, case: Case, actor: Any) -> None:
    """CaseKind.on_create. Why a hook: every new legal-aid case (form, ledger, API) gets its
    eligibility result, computed by fazhi.law from the detail row."""
    unit = case.org_unit
    if not (is_centre(unit) or unit.kind == OrgKind.JUSTICE_OFFICE):
        message = f"法律援助申请由法律援助中心或司法所（法律援助工作站）受理，不能由“{unit.name}”受理。"
        raise WorkflowError(message, {"org_unit": message})
    _assess_row(case.legal_aid, case.received_on, unit)  # planning-safe: the writer stores the row


# What a reassessment may change (the hardship facts and the matter; not the kind of case).
REASSESS_INPUTS = (
    "matter",
    "other_reason",
    "circumstances",
    "household_size",
    "monthly_income_per_head",
    "has_own_agent",
    "limitation_deadline",
    "urgent_preservation",
)
DETAIL_INPUTS = (*ASSESSMENT_INPUTS, "is_group", "applicant_count", "amount_at_stake")


def _detail_values(detail: dict[str, Any]) -> dict[str, Any]:
    """The detail row's input fields from keyword arguments (unknown names are a programming error)."""
    unknown = set(detail) - set(DETAIL_INPUTS)
    if unknown:
        raise TypeError(f"unknown legal-aid detail fields: {sorted(unknown)}")
    values = {k: v for k, v in detail.items() if v is not None}
    for name in ("household_size", "monthly_income_per_head"):
        if name in values:
            values[name] = str(values[name])
    return values


@transaction.atomic
def legal_aid_apply(
    *,
    actor: Any,
    org_unit: OrgUnit,
    received_on: date,
    title: str,
    parties: list[PartyInput],
    detail: dict[str, Any],
    channel: str = "walk_in",
    enterprise_related: bool = False,
    number: str = "",
    is_demo: bool = False,
    engine: CaseEngine = SERVICES,
) -> Case:
    """收到法律援助申请: receive the application (or a criminal notice). The eligibility result is
    stored by `on_case_created`; `detail` holds fields of DETAIL_INPUTS (matter_type, matter, …)."""
    return engine.create(
        actor=actor,
        kind=KIND,
        org_unit=org_unit,
        received_on=received_on,
        title=title,
        channel=channel,
        parties=parties,
        detail=_detail_values(detail),
        enterprise_related=enterprise_related,
        handler=actor if getattr(actor, "pk", None) else None,
        number=number,
        is_demo=is_demo,
    )


@transaction.atomic
def legal_aid_reassess(*, actor: Any, case: Case, on: date | None = None, **inputs: Any) -> Case:
    """重新审查援助条件: new hardship facts (e.g. after 补充材料) → a new eligibility result, before the
    decision. Hardship data stay encrypted: they go to the detail row, not into the timeline."""
    case = Case.objects.select_for_update().get(pk=case.pk)  # the stored status, one writer at a time
    if not can(actor, Action.CHANGE, case) or not is_agency_staff(actor, case):
        raise CasePermissionError("您没有重新审查此案件援助条件的权限。")
    if case.status != "received":
        raise WorkflowError("只有待审查的申请可以重新审查援助条件。")
    on = on or today()
    if on < case.received_on or on > today():
        raise WorkflowError("审查日期无效。", {"on": "审查日期应在收到日期与今天之间。"})
    detail: LegalAidCase = case.legal_aid
    unknown = set(inputs) - set(REASSESS_INPUTS)
    if unknown:
        raise TypeError(f"not reassessable: {sorted(unknown)}")
    values = {
        "circumstances": inputs.get("circumstances") or [],
        "household_size": "" if inputs.get("household_size") in (None, "") else str(inputs["household_size"]),
        "monthly_income_per_head": ""
        if inputs.get("monthly_income_per_head") in (None, "")
        else str(inputs["monthly_income_per_head"]),
        "has_own_agent": bool(inputs.get("has_own_agent")),
        "limitation_deadline": inputs.get("limitation_deadline"),
        "urgent_preservation": bool(inputs.get("urgent_preservation")),
    }
    if inputs.get("matter"):
        values["matter"] = inputs["matter"]
    if inputs.get("other_reason") is not None:
        values["other_reason"] = inputs["other_reason"]
    for name, value in values.items():
        setattr(detail, name, value)
    try:
        detail.full_clean(exclude=["case"])
    except ValidationError as exc:
        raise WorkflowError(
            "请更正标出的内容。", {k: "；".join(v) for k, v in exc.message_dict.items()}
        ) from exc
    _assess_row(detail, on, case.org_unit)
    detail.save()
    case_add_note(
        actor=actor, case=case, text=f"重新审查援助条件：{detail.get_eligibility_outcome_display()}", on=on
    )
    return case


# --- hooks: what no declaration can say (inside case_transition's transaction) -----------------
# What a step copies onto the detail row is declared on the workflow's transitions (`records`).


def _record_decision(case: Case, data: dict[str, Any], actor: Any, on: date, decision: str) -> None:
    """A decision against the stored result is a staff override: reason, who and when are kept on
    the case and the fact is audited (the reason itself stays in the case file)."""
    outcome = case.legal_aid.eligibility_outcome
    contrary = (decision == "grant" and outcome == "NOT_ELIGIBLE") or (
        decision == "refuse" and outcome == "ELIGIBLE"
    )
    if not contrary:
        return
    if case.pk is None:  # an override is audited on its case: the services take this row
        raise NotPlannable("eligibility override")
    detail_update(
        case,
        {
            "override": True,
            "override_reason": data["override_reason"].strip(),
            "override_by": actor if getattr(actor, "pk", None) else None,
            "override_on": on,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        detail={"eligibility_override": decision, "eligibility": outcome, "on": on.isoformat()},
    )


def on_grant(*, case, data, actor, on, **_: Any) -> None:
    """Why a hook: deciding against the eligibility result is an override, kept and audited."""
    _record_decision(case, data, actor, on, "grant")


def on_refuse(*, case, data, actor, on, **_: Any) -> None:
    """Why a hook: deciding against the eligibility result is an override, kept and audited."""
    _record_decision(case, data, actor, on, "refuse")


def county_code(unit: OrgUnit) -> str:
    """The 区县 code of `unit`'s district (the standard of 经济困难 is the county's); once per unit
    object (a bulk import plans every row on the same one)."""
    code = getattr(unit, "_county_code", None)
    if code is None:
        code = unit._county_code = district_of(unit).code  # type: ignore[attr-defined]
    return code


def serves(unit: OrgUnit, case: Case) -> bool:
    """Whether the legal-aid centre `unit` decides `case`: the case lies in the centre's district
    (the centre itself or one of its 司法所 stations)."""
    return is_centre(unit) and (case.org_path or "").startswith(district_of(unit).path)


def _lawyer(value: Any, case: Case, on: date) -> LegalAidLawyer:
    """The pool lawyer chosen for `case`, or WorkflowError on the field: in the pool (not retired:
    移出律师库), of the centre that decides the case, experienced enough for art. 26."""
    detail: LegalAidCase = case.legal_aid
    lawyer = (
        LegalAidLawyer.objects.select_related("org_unit").filter(pk=value).first()
        if str(value).isdigit()
        else None
    )
    message = ""
    if lawyer is None:
        message = "请从法律援助律师库中选择在库律师。"
    elif not lawyer.active:
        left = f"已于{lawyer.left_on.isoformat()}" if lawyer.left_on else "已"
        message = f"{lawyer.name}{left}移出法律援助律师库，不能再被指派新案件；请选择在库律师。"
    elif not serves(lawyer.org_unit, case):
        message = f"{lawyer.name}是{lawyer.org_unit.name}律师库的律师，不承办本案所在地区的法律援助案件。"
    if message:
        raise WorkflowError(message, {"lawyer": message})
    assert lawyer is not None
    years = lawyer.practice_years(on)
    if detail.severe_penalty and years < SEVERE_PENALTY_MIN_YEARS:
        message = (
            f"可能被判处无期徒刑、死刑的人以及死刑复核案件的被告人，应当指派具有三年以上相关执业经历的律师"
            f"（法律援助法第二十六条）；{lawyer.name}执业{years}年。"
        )
        raise WorkflowError(message, {"lawyer": message})
    return lawyer


def on_assign(*, case, data, on, actor=None, **_: Any) -> None:
    """指派. Why a hook: the lawyer comes from the pool (in it, of the deciding centre, experienced
    enough for a severe penalty) and becomes the case's assignee, so the lawyer's account then sees
    it; once the step is committed the lawyer is told (in the platform and by SMS), the lawyer
    replaced (更换) in the platform. Nothing is sent while a case is only planned (the bulk import,
    the demo) or inside `notifications.suppressed()` (a ledger import through the services)."""
    lawyer = _lawyer(data["lawyer"], case, on)
    previous = case.legal_aid.lawyer_id
    detail_update(case, {"lawyer": lawyer, "assigned_on": on})
    case.assignee = lawyer.user  # planning-safe: the writer stores the case's changed columns
    if case.pk is not None and not notifications.is_suppressed():
        notice = partial(
            notify_assignment,
            case_id=case.pk,
            lawyer_id=lawyer.pk,
            previous_id=previous if previous != lawyer.pk else None,
            actor_id=getattr(actor, "pk", None),
        )
        # robust: the assignment is committed; a failing notice is logged, never a 500.
        transaction.on_commit(notice, robust=True)


def notify_assignment(*, case_id: int, lawyer_id: int, previous_id: int | None, actor_id: int | None) -> None:
    """After an assignment is committed: the assigned lawyer gets a notice with a link to the case
    and an SMS (case number only: no names, no ID numbers); a replaced lawyer, a notice."""
    from django.contrib.auth import get_user_model

    case = Case.objects.select_related("org_unit").get(pk=case_id)
    lawyer = LegalAidLawyer.objects.select_related("user__person").get(pk=lawyer_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    link = reverse("cases:detail", kwargs={"kind": KIND, "pk": case.pk})
    title = f"新指派法律援助案件 {case.number}"
    body = f"{case.org_unit.name}指派您承办法律援助案件“{case.title}”，请及时接受指派并与受援人联系。"
    sms_text = f"您有一件新指派的法律援助案件（{case.number}），请登录法治平台查看并接受指派。"
    if lawyer.user is not None:
        notifications.notify(
            recipients=[lawyer.user],
            title=title,
            body=body,
            link=link,
            sms=True,
            sms_text=sms_text,
            phones={lawyer.user.pk: lawyer.phone} if lawyer.phone else None,
            actor=actor,
        )
    elif not notifications.is_suppressed():  # no account: the SMS alone
        sms_send(recipient=None, phone=lawyer.phone, text=sms_text)
    previous = (
        LegalAidLawyer.objects.select_related("user").filter(pk=previous_id).first() if previous_id else None
    )
    if previous is not None and previous.user is not None:
        notifications.notify(
            recipients=[previous.user],
            title=f"法律援助案件已更换承办律师 {case.number}",
            body=f"“{case.title}”已改由{lawyer.name}承办，您无需继续办理。",
            actor=actor,
        )


def on_correct(*, case, **_: Any) -> None:
    """Why a hook: a corrected refusal or termination is no longer the case's end (its closing day
    and outcome are undone, which a transition cannot declare)."""
    case.closed_on = None
    case.outcome = "granted" if case.status == "handling" else ""
    if case.pk is not None:
        case.save(update_fields=["closed_on", "outcome"])


HOOKS = {
    "grant": on_grant,
    "refuse": on_refuse,
    "assign": on_assign,
    "reassign": on_assign,
    "correct_refusal": on_correct,
    "correct_termination": on_correct,
}


# --- the lawyer pool ----------------------------------------------------------------------------


def pool_choices() -> list[tuple[str, str]]:
    """The pool's lawyers as (id, label) for the assignment step, with their years of practice; a
    lawyer moved off the register stays (marked), so a past assignment still shows their name and
    choosing them is refused by the service with its reason (`_lawyer`). The picker offers only
    lawyers on the register (selectors.lawyer_picker)."""
    on = today()
    rows = LegalAidLawyer.objects.order_by("-active", "name", "id")
    # For speed (read at each assignment's check): the columns the labels need, no model instances.
    return [
        (
            str(pk),
            f"{name}（{firm}，执业{practice_years(licensed, on)}年）"
            if active
            else f"{name}（{firm}，已移出律师库）",
        )
        for pk, name, firm, licensed, active in rows.values_list(
            "pk", "name", "law_firm", "licensed_on", "active"
        )
    ]


# The pool, consultations and commendations are registers (fazhi/legal_aid/registers.py): they are
# written through fazhi.registers.services, the one write path of every register.


# --- the Excel ledger (台账) ----------------------------------------------------------------------


def _unit_for(actor: Any, value: str | None) -> OrgUnit:
    """The receiving unit a ledger row names, within the importing actor's districts (resolved as in
    every line); an empty cell: the centre of the actor's district."""
    if not value:
        try:
            return centre(actor_district(actor))
        except OrgUnit.DoesNotExist as exc:
            raise WorkflowError(str(exc), {"org": str(exc)}) from None
    try:
        unit = resolve_unit_name(
            actor_districts(actor),
            value,
            (OrgKind.OFFICE, OrgKind.JUSTICE_OFFICE),
            what="受理机构（法律援助中心或司法所）",
        )
    except UnitNameError as exc:
        raise WorkflowError(exc.message, {"org": exc.message}) from None
    if not (is_centre(unit) or unit.kind == OrgKind.JUSTICE_OFFICE):
        message = f"“{unit.name}”不是法律援助中心或司法所，不能受理法律援助申请。"
        raise WorkflowError(message, {"org": message})
    return unit


def _lawyer_by_name(name: str) -> LegalAidLawyer:
    found = list(LegalAidLawyer.objects.filter(name=name, active=True)[:2])
    if not found:
        raise WorkflowError(f"律师库中没有在库律师“{name}”。", {"lawyer": f"律师库中没有在库律师“{name}”"})
    if len(found) > 1:
        raise WorkflowError(
            f"律师库中有多名“{name}”。", {"lawyer": f"律师库中有多名“{name}”，请在平台上指派"}
        )
    return found[0]


def _step(
    engine: CaseEngine, actor: Any, case: Case, name: str, data: dict[str, Any], on: date | None, key: str
) -> Case:
    """Take one step for a ledger row; an error is reported against the row's column `key`."""
    if on is None:
        message = f"请填写“{registry.get(KIND).workflow.transition(name).label}”的日期。"
        raise WorkflowError(message, {key: message})
    try:
        return engine.transition(actor=actor, case=case, name=name, data=data, on=on)
    except WorkflowError as exc:
        label = registry.get(KIND).workflow.transition(name).label
        message = f"{label}：" + "；".join(exc.errors.values())
        raise WorkflowError(message, {key: message}) from exc


def legal_aid_import_row(
    *, actor: Any, row: dict[str, Any], is_demo: bool = False, engine: CaseEngine = SERVICES
) -> Case:
    """One 台账 row → a case and the steps the row records, each through the engine (the services,
    or the bulk importer's planner: `Ledger.plan`). A ledger records past work: its assignments
    notify nobody (`notifications.suppressed`)."""
    with notifications.suppressed():
        return _import_row(actor=actor, row=row, is_demo=is_demo, engine=engine)


def _import_row(*, actor: Any, row: dict[str, Any], is_demo: bool, engine: CaseEngine) -> Case:
    person = {
        "name": row["applicant"],
        "id_number": row.get("applicant_id_number") or "",
        "phone": row.get("applicant_phone") or "",
    }
    case = legal_aid_apply(
        actor=actor,
        org_unit=engine.cached(_unit_for, actor, row.get("org")),
        received_on=row["received_on"],
        title=row["title"],
        parties=[PartyInput(role="applicant", person=person)],
        channel=row.get("channel") or "walk_in",
        number=row.get("number") or "",
        is_demo=is_demo,
        detail={
            "matter_type": row["matter_type"],
            "matter": row.get("matter") or "",
            "criminal_ground": row.get("criminal_ground") or "",
            "household_size": row.get("household_size"),
            "monthly_income_per_head": row.get("monthly_income_per_head"),
            "is_group": bool(row.get("is_group")),
            "applicant_count": row.get("applicant_count") or 1,
            "amount_at_stake": row.get("amount_at_stake"),
        },
        engine=engine,
    )
    decision = row.get("decision")
    note = row.get("review_note") or ""
    decided_on = row.get("decided_on")
    if decision == "refused":
        if not note:
            raise WorkflowError(
                "不予法律援助的，请填写审查意见（理由）。",
                {"review_note": "不予法律援助的，请填写审查意见（理由）"},
            )
        return _step(
            engine,
            actor,
            case,
            "refuse",
            # A ledger's refusal is the written 不予法律援助决定书, which must tell of the art. 49
            # objection (法律援助法 art. 49); the ledger has no column for it.
            {"reasons": note, "override_reason": note, "objection_right_advised": True},
            decided_on,
            "decided_on",
        )
    if decision != "granted":
        if any(row.get(k) for k in ("lawyer", "closed_on", "peer_grade")):
            message = "已指派、办结或评估的案件，请填写审查决定（给予法律援助）。"
            raise WorkflowError(message, {"decision": message})
        return case
    case = _step(
        engine,
        actor,
        case,
        "grant",
        {"review_note": note or "按原台账记载的审查决定导入", "override_reason": note},
        decided_on,
        "decided_on",
    )
    if not row.get("lawyer"):
        return case
    lawyer = engine.cached(_lawyer_by_name, row["lawyer"])
    assigned_on = row.get("assigned_on") or decided_on
    case = _step(engine, actor, case, "assign", {"lawyer": str(lawyer.pk)}, assigned_on, "lawyer")
    case = _step(engine, actor, case, "accept_assignment", {}, assigned_on, "assigned_on")
    if row.get("termination_ground"):
        data = {"ground": row["termination_ground"], "note": "台账导入"}
        return _step(engine, actor, case, "terminate", data, row.get("closed_on"), "closed_on")
    if not row.get("closed_on"):
        return case
    data = {"closing_method": row.get("closing_method") or "other", "summary": "台账导入"}
    case = _step(engine, actor, case, "close", data, row["closed_on"], "closed_on")
    if not row.get("closing_report_on"):
        if row.get("peer_grade"):
            message = "质量评估前应已提交结案报告，请填写结案报告日期。"
            raise WorkflowError(message, {"closing_report_on": message})
        return case
    case = _step(engine, actor, case, "file_report", {}, row["closing_report_on"], "closing_report_on")
    if row.get("peer_grade"):
        data = {"grade": row["peer_grade"], "evaluator": row.get("peer_evaluator") or ""}
        case = _step(engine, actor, case, "evaluate", data, row.get("peer_evaluated_on"), "peer_evaluated_on")
    return case
