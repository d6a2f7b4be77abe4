"""行政复议 services: what the line adds to the engine's writes — the application-period check at
intake (FY-01 … FY-04, with its basis), the 行政复议意见书 it issues, the 涉企 fast track's internal
targets, and the ledger row → case mapping. What each step records on the detail row is declared on
the workflow's transitions.

All status changes go through `fazhi.cases.services` (case_create, case_transition, case_link;
the ledger row mapping also through the bulk planner, which plans the same steps in memory);
the hooks here run inside the engine's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from fazhi.cases.bulk import SERVICES, CaseEngine, NotPlannable
from fazhi.cases.models import Case, Deadline, LinkKind, Party, PartyRole
from fazhi.cases.plans import plan_of, plan_start
from fazhi.cases.services import (
    PartyInput,
    case_create,
    case_link,
    detail_update,
    today,
)
from fazhi.cases.workflow import WorkflowError
from fazhi.core.calendar import current_calendar
from fazhi.core.districts import UnitNameError, actor_districts, district_code_for, resolve_unit_name
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind, UnitFunction
from fazhi.core.numbering import allocate, doc_sequence_key, next_doc_number, prefix_for
from fazhi.core.orgtree import district_of, unit_for
from fazhi.law.errors import LawValidationError
from fazhi.law.numbering import format_doc_number
from fazhi.law.periods import Pause, Unit, compute
from fazhi.law.reconsideration import Decision, application_period, application_start
from fazhi.reconsideration.config import fast_track_targets, supplement_days
from fazhi.reconsideration.models import RESPONDENT_KINDS, ReconsiderationCase
from fazhi.reconsideration.workflow import MERITS, WITHDRAWN_EARLY, WORKFLOW, simplified_finding

KIND = "reconsideration"
OPINION_KIND = "opinion_letter"


# --- numbers and units ----------------------------------------------------------------------------


def _free_number(doc_type: str, case: Case) -> str:
    """The next 发文字号 of `doc_type`, passing over any a ledger import already gave a case (an
    imported 台账 keeps the bureau's own numbers; the sequence never hands one out twice)."""
    while True:
        number = next_doc_number(doc_type, case.received_on.year, district_code_for(case))
        if not Case.objects.filter(kind=case.kind, number=number).exists():
            return number


def reconsideration_number(case: Case) -> str:
    """西政复〔2024〕12号: 一案一号 — the 发文字号 sequence number is the case number (DOMAIN.md §5.2);
    the 机关代字 is configuration (FAZHI_NUMBER_PREFIXES["reconsideration"])."""
    return _free_number("reconsideration", case)


def reconsideration_numbers(cases: list[Case]) -> None:
    """`reconsideration_number` for many cases (a bulk import, the demo): one sequence lock per
    year, numbers in row order, passing over any a ledger import already gave a case."""
    groups: dict[tuple[str, int], list[Case]] = {}
    for case in cases:
        groups.setdefault((district_code_for(case), case.received_on.year), []).append(case)
    for (district, year), group in sorted(groups.items()):
        prefix = prefix_for("reconsideration", district)
        first = allocate(doc_sequence_key("reconsideration", district), year, len(group))
        numbers = [format_doc_number(prefix, year, first + i) for i in range(len(group))]
        taken = set(Case.objects.filter(kind=KIND, number__in=numbers).values_list("number", flat=True))
        for case, number in zip(group, numbers, strict=True):
            case.number = number if number not in taken else _free_number("reconsideration", case)


def opinion_letter_number(case: Case) -> str:
    """西政复意〔2024〕1号 (prefix FAZHI_NUMBER_PREFIXES["opinion_letter"])."""
    return _free_number("opinion_letter", case)


def reconsideration_office(anchor: OrgUnit) -> OrgUnit:
    """The 行政复议机构 of `anchor`'s district (e.g. 西湖区人民政府行政复议局), found in the org tree by
    its 职能, whatever it is coded: the district government is the 复议机关 for its own departments
    and 派出机关 (行政复议法 art. 24.1(1)), its office handles the case (art. 4)."""
    found = getattr(anchor, "_reconsideration_office", None)  # once per unit object (bulk import)
    if found is None:
        try:
            found = unit_for(anchor, UnitFunction.RECONSIDERATION_OFFICE)
        except OrgUnit.DoesNotExist as exc:
            raise WorkflowError(str(exc), {"org_unit": str(exc)}) from None
        anchor._reconsideration_office = found  # type: ignore[attr-defined]
    return found


def agency_for(value: str | OrgUnit, field: str, districts: OrgUnit | Sequence[OrgUnit] = ()) -> OrgUnit:
    """A respondent the district's government handles (行政复议法 art. 24.1(1)): a district department
    (区级部门), a 镇人民政府 or a 街道办事处 (its 派出机关), by code or name within `districts` (the
    case's, or the actor's: `fazhi.core.districts.resolve_unit_name`), or a Chinese error on `field`."""
    if isinstance(value, OrgUnit):
        unit = value
    else:
        try:
            unit = resolve_unit_name(districts, str(value), RESPONDENT_KINDS, what="行政机关")
        except UnitNameError as exc:
            raise WorkflowError(exc.message, {field: exc.message}) from None
    if unit.kind not in RESPONDENT_KINDS:
        message = f"“{unit.name}”不是区级部门或者乡镇人民政府、街道办事处（被申请人、收文机关应为行政机关）。"
        raise WorkflowError(message, {field: message})
    if unit.kind != OrgKind.DEPARTMENT and unit.managed_by:
        # art. 24.1(1): the district handles its own 派出机关 only; a 街道 another authority manages
        # (西湖街道: the scenic-area authority) is not one.
        message = (
            f"“{unit.name}”由{unit.managed_by}管理，不是本级人民政府的派出机关，"
            "以其为被申请人的行政复议不由本机关管辖（行政复议法第二十四条第一款）。"
        )
        raise WorkflowError(message, {field: message})
    return unit


# --- intake: respondent, application period, fast track --------------------------------------------


def _error(field: str, message: str) -> WorkflowError:
    return WorkflowError(message, {field: message})


def on_create(*, case: Case, actor: Any) -> None:
    """收案. Why a hook: tie the respondent agency to its Party, check the application period (FY-01 … FY-04)
    and store the result with its basis, mirror the 涉企 flag to the fast track.

    Planning-safe (fazhi.cases.bulk): on a case the bulk planner holds in memory (no key yet) it
    changes only the case's detail row, and needs the respondent agency given in the detail and as
    the respondent party (as the ledger import and the demo give it); else NotPlannable."""
    detail: ReconsiderationCase = case.reconsideration
    office = reconsideration_office(case.org_unit)
    if not case.org_path.startswith(office.path):
        raise _error("org_unit", f"行政复议案件由行政复议机构（{office.name}）办理（行政复议法第三十六条）。")
    planned = case.pk is None
    if planned:
        if detail.respondent_agency_id is None or PartyRole.RESPONDENT not in getattr(
            case, "_party_roles", ()
        ):
            raise NotPlannable("the respondent agency is found among the stored parties")
        party = None
    else:
        party = case.parties.filter(role=PartyRole.RESPONDENT, org_unit__isnull=False).first()
    if detail.respondent_agency_id is None and party is not None:
        detail.respondent_agency = party.org_unit
    if detail.respondent_agency_id is None:
        message = "请选择被申请人（作出行政行为的行政机关）。"
        raise WorkflowError(message, {"counterpart_agency": message, "respondent_agency": message})
    agency = agency_for(detail.respondent_agency, "counterpart_agency")
    district = office.path.split("/")[1]
    if not agency.path.startswith(f"/{district}/"):
        # art. 24.1(1): the district government handles its own departments and 派出机关 only.
        message = f"“{agency.name}”不是本区县的行政机关，以其为被申请人的行政复议不由{office.name}办理（行政复议法第二十四条第一款）。"
        raise WorkflowError(message, {"counterpart_agency": message, "respondent_agency": message})
    if party is None and not planned:
        Party.objects.create(
            case=case,
            role=PartyRole.RESPONDENT,
            org_unit=agency,
            name=agency.name,
            order=case.parties.count(),
        )
    detail.respondent_name = agency.name[:100]
    detail.respondent_is_department = agency.kind == OrgKind.DEPARTMENT
    check_application_period(detail, case.received_on)
    detail.fast_track = case.enterprise_related
    if not planned:
        detail.save()
    refresh_internal_due(case)


def check_application_period(detail: ReconsiderationCase, received_on: date) -> None:
    """申请期限审查 on the detail row: FY-04 start by service mode, then FY-01/FY-02/FY-03; the
    result, the deadline, the basis and each reason are stored so the case page can explain it."""
    filed_on = detail.mailed_on or received_on  # T-6: a posted application counts from its postmark
    if detail.mailed_on and detail.mailed_on > received_on:
        raise _error("mailed_on", "邮寄申请日期不能晚于收到申请日期。")
    if detail.service_date > filed_on:
        raise _error("service_date", "送达或知道日期不能晚于提出申请的日期。")
    if detail.act_date and detail.act_date > detail.service_date:
        raise _error("act_date", "行政行为作出日期不能晚于送达或知道日期。")
    if detail.not_informed and detail.learned_rights_on and detail.learned_rights_on > filed_on:
        raise _error("learned_rights_on", "知道复议权利之日不能晚于提出申请的日期。")
    try:
        knew_on, start = application_start(detail.service_mode, detail.service_date)
        result = application_period(
            knew_on=knew_on,
            filed_on=filed_on,
            act_made_on=detail.act_date,
            informed=not detail.not_informed,
            learned_rights_on=detail.learned_rights_on if detail.not_informed else None,
            immovable=detail.immovable,
            calendar=current_calendar(),
        )
    except LawValidationError as exc:
        raise _error("service_date", exc.message) from exc
    detail.knew_on = knew_on
    detail.start_basis = f"{start.text}（{start.basis}）"[:300]
    detail.period_status = result.status.value
    detail.period_deadline = result.deadline if result.deadline != date.max else None
    detail.period_bar_date = result.bar_date
    detail.period_basis = result.basis[:300]
    detail.period_explanation = result.explanation[:500]
    detail.period_reasons = "\n".join(f"{r.text}（{r.basis}）" for r in result.reasons)
    detail.period_provisional = result.provisional


def _respondent(actor: Any, value: OrgUnit | str) -> OrgUnit:
    return agency_for(value, "respondent", actor_districts(actor))


def reconsideration_receive(
    *,
    actor: Any,
    received_on: date,
    applicant: PartyInput,
    respondent: OrgUnit | str,
    act_description: str,
    service_mode: str,
    service_date: date,
    title: str = "",
    channel: str = "walk_in",
    enterprise_related: bool = False,
    number: str = "",
    is_demo: bool = False,
    engine: CaseEngine = SERVICES,
    **detail: Any,
) -> Case:
    """收到行政复议申请: the case at the 复议机构 with its applicant and respondent, the period
    check done (for importers and the API; the intake form reaches the same `on_create` through the
    engine). `engine`: the services, or the bulk planner (fazhi.cases.bulk)."""
    # No case yet: the respondent is named within the actor's districts; the case goes to the
    # reconsideration office of the respondent's district (art. 24.1(1)).
    agency = engine.cached(_respondent, actor, respondent)
    return engine.create(
        actor=actor,
        kind=KIND,
        org_unit=engine.cached(reconsideration_office, agency),
        received_on=received_on,
        title=title or f"不服{agency.name}{act_description}",
        channel=channel,
        parties=[applicant, PartyInput(role=PartyRole.RESPONDENT, org_unit=agency)],
        enterprise_related=enterprise_related,
        number=number,
        is_demo=is_demo,
        detail={
            "act_description": act_description,
            "service_mode": service_mode,
            "service_date": service_date,
            "respondent_agency": agency,
            **detail,
        },
    )


# --- the 涉企 fast track's internal targets -------------------------------------------------------


def _deadlines(case: Case) -> list[Deadline]:
    """The case's deadline rows: stored, or those the bulk planner holds for it in memory (on
    receipt, before it holds any, the receipt's deadlines as it plans them)."""
    plan = plan_of(case)
    if plan is not None:
        return plan.deadlines
    if case.pk is None:
        found = (plan_start(case, s, case.received_on, {}, {}) for s in WORKFLOW.on_create)
        return [d for d in found if d is not None]
    return list(case.deadlines.all())


def internal_targets(case: Case) -> list[dict[str, Any]]:
    """For a fast-track case: each statutory deadline that has an internal target, with the
    target day computed from the same trigger (and the same pauses) over the shorter period, never
    later than the statutory day; and the 容缺 supplement target. Empty for other cases."""
    detail: ReconsiderationCase = case.reconsideration
    if not detail.fast_track:
        return []
    targets = fast_track_targets()
    calendar = current_calendar()
    tomorrow = (today() + timedelta(days=1)).isoformat()
    rows = []
    for d in _deadlines(case):
        target = targets.get(d.rule_id)
        if target is None:
            continue
        pauses = [Pause.coerce((p[0], p[1] or tomorrow, p[2])) for p in d.pauses]
        due = compute(d.trigger_on, target.period, target.unit, calendar=calendar, pauses=pauses).due
        rows.append(
            {
                "title": d.title,
                "rule": d.rule_id,
                "statutory": d.due,
                "target": target.label,
                "due": min(due, d.due),
                "live": d.is_live,
                "done_on": d.done_on,
            }
        )
    if detail.incomplete_intake and case.accepted_on:
        n = supplement_days()
        rows.append(
            {
                "title": "容缺材料补齐",
                "rule": "",
                "statutory": None,
                "target": f"{n}{Unit.WD.label}",
                "due": compute(case.accepted_on, n, Unit.WD, calendar=calendar).due,
                "live": detail.supplement_received_on is None and not case.is_closed,
                "done_on": detail.supplement_received_on,
            }
        )
    return rows


def refresh_internal_due(case: Case) -> None:
    """Store the earliest live internal target (the worklist shows and sorts it without a join)."""
    detail: ReconsiderationCase = case.reconsideration
    live = [r["due"] for r in internal_targets(case) if r["live"]]
    value = min(live) if live else None
    if value != detail.internal_due:
        if detail.pk is not None:  # planned in memory: inserted as it stands
            ReconsiderationCase.objects.filter(pk=detail.pk).update(internal_due=value)
        detail.internal_due = value


# --- hooks: what no declaration can say (inside the engine's transaction) -----------------------
# What each step records on the detail row is declared on the workflow's transitions (`records`).


def on_accept(*, case, data, **_: Any) -> None:
    """Why a hook: the simplified procedure's findings (FY-14) are read from the detail row."""
    values: dict[str, Any] = {"procedure": data["procedure"], "late_reason": data.get("late_reason") or ""}
    if data["procedure"] == "simplified":
        finding = simplified_finding(
            {
                "amount_involved": case.reconsideration.amount_involved,
                "service_mode": case.reconsideration.service_mode,
                "act_category": case.reconsideration.act_category,
            },
            data,
        )
        values["simplified_reasons"] = "\n".join(f"{r.text}（{r.basis}）" for r in finding.reasons)
    detail_update(case, values)


def on_issue_opinion(*, case, data, actor, on, **_: Any) -> None:
    """Why a hook: the step creates another case (the opinion letter) and links it."""
    recipient = (
        case.reconsideration.respondent_agency
        if data["recipient"] == "respondent"
        else agency_for(data["recipient_other"], "recipient_other", district_of(case.org_unit))
    )
    opinion_letter_issue(
        actor=actor,
        source=case,
        recipient=recipient,
        issued_on=on,
        title=data["title"],
        domain=data.get("domain") or "",
        problems=data["problems"],
        suggestions=data["suggestions"],
    )


def _with_refresh(hook: Callable[..., None] | None) -> Callable[..., None]:
    def run(**kw: Any) -> None:
        if hook is not None:
            hook(**kw)
        refresh_internal_due(kw["case"])

    return run


HOOKS: dict[str, Callable[..., None]] = {"accept": on_accept, "issue_opinion": on_issue_opinion}
# Why a hook on every step: the fast track's internal target follows the deadlines it changed.
ON_TRANSITION = {t.name: _with_refresh(HOOKS.get(t.name)) for t in WORKFLOW.transitions}
# The hooks the bulk planner may run in memory (Ledger.plan_hooks): all but the opinion letter's,
# which creates and links another case.
PLAN_HOOKS = frozenset({"on_create", *(name for name in ON_TRANSITION if name != "issue_opinion")})


# --- 行政复议意见书 (art. 76) ---------------------------------------------------------------------


def opinion_letter_issue(
    *,
    actor: Any,
    source: Case,
    recipient: OrgUnit,
    issued_on: date,
    title: str,
    problems: str,
    suggestions: str,
    domain: str = "",
) -> Case:
    """制发行政复议意见书: a case of kind opinion_letter (numbered 西政复意〔年〕N号), linked to the
    reconsideration case it came from; its FY-26 reply period starts when it is delivered."""
    if source.kind != KIND:
        raise WorkflowError("行政复议意见书只能在办理行政复议案件过程中制发（行政复议法第七十六条）。")
    agency = agency_for(recipient, "recipient_other")
    respondent = source.reconsideration.respondent_agency_id == agency.pk
    letter = case_create(
        actor=actor,
        kind=OPINION_KIND,
        org_unit=source.org_unit,
        received_on=issued_on,
        title=title,
        channel="initiative",
        parties=[PartyInput(role=PartyRole.RESPONDENT if respondent else PartyRole.OTHER, org_unit=agency)],
        detail={"recipient": agency, "domain": domain, "problems": problems, "suggestions": suggestions},
        enterprise_related=source.enterprise_related,
        is_demo=source.is_demo,
        note=f"办理{source.number}时制发",
    )
    case_link(
        actor=actor,
        from_case=source,
        to_case=letter,
        kind=LinkKind.FOLLOW_UP,
        note="行政复议意见书",
        on=issued_on,
    )
    return letter


# --- the Excel 台账 ------------------------------------------------------------------------------

# How bureaus write the outcome in their ledgers → the DOMAIN.md decision code.
OUTCOME_ALIASES = {
    "变更": "BIANGENG",
    "撤销": "CHEXIAO",
    "部分撤销": "CHEXIAO",
    "撤销并责令重作": "CHEXIAO",
    "确认违法": "QUEREN_WEIFA",
    "责令履行": "ZELING_LVXING",
    "确认无效": "QUEREN_WUXIAO",
    "维持": "WEICHI",
    "驳回复议请求": "BOHUI_QINGQIU",
    "驳回请求": "BOHUI_QINGQIU",
    "行政协议": "XIEYI_ZEREN",
    "驳回申请": "BOHUI_SHENQING",
    "不予受理": "BU_SHOULI",
    "终止": "ZHONGZHI",
    "调解": "TIAOJIE",
    "调解书": "TIAOJIE",
    "和解": "HEJIE_CHEHUI",
    "撤回": "HEJIE_CHEHUI",
    "和解撤回": "HEJIE_CHEHUI",
    "撤回申请": "HEJIE_CHEHUI",
    "受理前撤回": WITHDRAWN_EARLY,
    "受理前撤回申请": WITHDRAWN_EARLY,
}


def parse_outcome(text: str) -> str:
    """A ledger's 结案方式 cell → a decision code (code, law label or a usual short form)."""
    value = text.strip()
    for d in Decision:
        if value in (d.value, d.label):
            return d.value
    code = OUTCOME_ALIASES.get(value.replace("决定", ""))
    if code is None:
        raise ValueError(
            f"“{value}”不是有效的结案方式（如 撤销、变更、确认违法、责令履行、维持、调解、和解撤回、终止、不予受理、受理前撤回）"
        )
    return code


def _closing_step(code: str) -> tuple[str, dict[str, Any]]:
    note = "台账导入"
    if code in MERITS:
        return "decide", {"decision": code, "summary": note}
    return {
        Decision.TIAOJIE: ("mediation_agreement", {"content": note, "signed": True}),
        Decision.HEJIE_CHEHUI: ("withdraw", {"voluntary": True, "settled": True, "reason": note}),
        Decision.ZHONGZHI: ("terminate", {"ground": "2", "reason": note}),
        Decision.BOHUI_SHENQING: ("dismiss", {"ground": "scope", "reason": note}),
    }[Decision(code)]


def reconsideration_import_row(*, actor: Any, row: dict[str, Any], is_demo: bool = False) -> Case:
    """One 台账 row through the services (`Ledger.apply`)."""
    return reconsideration_import_plan(engine=SERVICES, actor=actor, row=row, is_demo=is_demo)


def reconsideration_import_plan(
    *, engine: CaseEngine, actor: Any, row: dict[str, Any], is_demo: bool = False
) -> Case:
    """One 台账 row → a case and the steps it records, each through the engine (the services, or the
    bulk planner: `Ledger.plan`), in date order. A decided case needs the reply in between: the
    ledger's 副本/答复 dates, else the acceptance and closing dates (the timeline says so)."""
    if row.get("applicant_uscc"):
        applicant = PartyInput(
            role="applicant", legal_entity={"name": row["applicant"], "uscc": row["applicant_uscc"]}
        )
    else:
        applicant = PartyInput(
            role="applicant",
            person={
                "name": row["applicant"],
                "id_number": row.get("applicant_id_number") or "",
                "phone": row.get("applicant_phone") or "",
            },
        )
    code = row.get("decision")
    detail = {
        k: row[k]
        for k in ("act_category", "act_date", "amount_involved", "missing_items")
        if row.get(k) not in (None, "")
    }
    case = reconsideration_receive(
        actor=actor,
        received_on=row["received_on"],
        applicant=applicant,
        respondent=row["respondent"],
        act_description=row["act_description"],
        service_mode=row.get("service_mode") or "DIRECT",
        service_date=row["service_date"],
        enterprise_related=bool(row.get("enterprise_related")) or bool(row.get("applicant_uscc")),
        number=row.get("number") or "",
        is_demo=is_demo,
        engine=engine,
        incomplete_intake=bool(row.get("incomplete_intake")),
        decision_number=row.get("decision_number") or "",
        # A ledger is history: the steps it has no columns for (听取意见, 负责人同意 …) and a late
        # 不予受理 are recorded as they happened, not refused (workflow.ready_for_decision …).
        from_ledger=True,
        **detail,
    )
    if code == WITHDRAWN_EARLY:  # 受理前撤回: received, never accepted, not 审结
        return engine.transition(
            actor=actor,
            case=case,
            name="withdraw_before_acceptance",
            on=row.get("closed_on") or row["received_on"],
            data={"voluntary": True, "reason": "台账导入"},
        )
    if code == Decision.BU_SHOULI:
        return engine.transition(
            actor=actor,
            case=case,
            name="not_accept",
            on=row.get("closed_on") or row["received_on"],
            data={"ground": "scope", "reason": "台账导入"},
        )
    accepted_on = row.get("accepted_on")
    if code and not accepted_on:
        raise _error("accepted_on", "已结案的案件请填写受理日期。")
    if code and not row.get("closed_on"):
        raise _error("closed_on", "已有结案方式的，请填写办结日期。")
    steps: list[tuple[date, int, str, dict[str, Any]]] = []
    if accepted_on:
        procedure = row.get("procedure") or "ordinary"
        data: dict[str, Any] = {"procedure": procedure}
        if procedure == "simplified":
            # The ledger records that the simplified procedure was applied, i.e. that its conditions
            # were found at the time; FY-14 is still checked on the ledger's amount, act category
            # and the parties' agreement.
            data.update(
                facts_clear=True,
                rights_clear=True,
                dispute_small=True,
                all_parties_agree=bool(row.get("all_parties_agree")),
            )
        steps.append((accepted_on, 0, "accept", data))
        if code in MERITS:
            copy_on = row.get("respondent_received_on") or accepted_on
            steps.append((copy_on, 1, "send_copy", {"respondent_received_on": copy_on}))
            reply_on = row.get("reply_received_on") or row["closed_on"]
            steps.append(
                (
                    reply_on,
                    2,
                    "record_reply",
                    {"summary": "台账导入（答复日期以台账记载为准）", "evidence_submitted": True},
                )
            )
    if row.get("supplement_received_on") and row.get("incomplete_intake"):
        steps.append((row["supplement_received_on"], 3, "complete_materials", {"note": "台账导入"}))
    if code:
        name, data = _closing_step(code)
        if row.get("compensation_ordered"):
            data["compensation_ordered"] = True
        steps.append((row["closed_on"], 9, name, data))
    for on, _, name, data in sorted(steps, key=lambda s: (s[0], s[1])):
        case = engine.transition(actor=actor, case=case, name=name, data=data, on=on)
    return case


def period_summary(case: Case) -> str:
    """The stored application-period check in one line (ledger export)."""
    d: ReconsiderationCase = case.reconsideration
    return f"{d.get_period_status_display()}：{d.period_explanation}" if d.period_status else ""
