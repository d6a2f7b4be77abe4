"""合法性审查's writes: a unit submits a matter for review (送审), the engine's steps with the line's
hooks (the review time the submitter allowed; expert opinions), the 台账 row, and 专报 citing reviews.

Who takes which step (`may_take`): the reviewing unit's staff ask for material, record expert
opinions and give the opinion; the submitting unit's staff (or the reviewer, on its behalf) record
that material arrived, the adoption feedback, or withdraw the submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction

from fazhi.cases.bulk import SERVICES, CaseEngine
from fazhi.cases.models import Case
from fazhi.cases.plans import compute_deadline, plan_of
from fazhi.cases.services import CasePermissionError, today
from fazhi.cases.workflow import WorkflowError
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.calendar import current_calendar
from fazhi.core.districts import UnitNameError, actor_districts, resolve_unit_name
from fazhi.core.lawconfig import law_config
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import TOWNSHIP_KINDS, OrgKind, UnitFunction
from fazhi.core.orgtree import unit_for
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import can, grants_allowing
from fazhi.law.errors import LawValidationError
from fazhi.law.legality import RULE_OF_MATTER, Matter, review_time
from fazhi.legality.models import ExpertOpinion, LegalityBulletin, LegalityExpert
from fazhi.legality.workflow import REVIEWED_STATES, REVIEWER_STEPS

KIND = "legality"
# Units that review (收案): the district's centre and the bureau's offices, a 镇街 (its own
# reviewers), a department (its own legal office).
REVIEWING_KINDS: tuple[str, ...] = (OrgKind.OFFICE, OrgKind.BUREAU, OrgKind.DEPARTMENT, *TOWNSHIP_KINDS)
# Units that submit (送审): departments, 镇街, the government and the bureau's offices.
SUBMITTING_KINDS: tuple[str, ...] = (OrgKind.DEPARTMENT, OrgKind.OFFICE, OrgKind.BUREAU, *TOWNSHIP_KINDS)


def district_centre(anchor: OrgUnit) -> OrgUnit | None:
    """The district's 合法性审查中心 (职能 legality_review), found through the org tree."""
    try:
        return unit_for(anchor, UnitFunction.LEGALITY_REVIEW)
    except OrgUnit.DoesNotExist:
        return None


def _unit(actor: Any, value: str | OrgUnit, field: str, kinds: tuple[str, ...], what: str) -> OrgUnit:
    if isinstance(value, OrgUnit):
        if value.kind not in kinds:
            message = f"“{value.name}”不能作为{what}。"
            raise WorkflowError(message, {field: message})
        return value
    try:
        return resolve_unit_name(actor_districts(actor), value, kinds, what=what)
    except UnitNameError as exc:
        raise WorkflowError(exc.message, {field: exc.message}) from None


# --- hooks ---------------------------------------------------------------------------------------


def legality_number(case: Case) -> str:
    """The platform's own number of a review (no national scheme; internal format, like the
    decision line's JC-…): HS-<year>-<seq> (合审), counted per year of submission."""
    from fazhi.core.numbering import allocate

    year = case.received_on.year
    return f"HS-{year}-{allocate('case:legality', year):02d}"


def on_create(*, case: Case, actor: Any) -> None:
    """The review time the submitter allowed (not a statutory computation, hence a hook): checked
    against the matter's minimum and maximum (fazhi.law.legality), recorded on the detail row, and
    carried by the deadline row as its extension beyond the rule's own period, so that the row is
    due on the day the submitter asked for and a 补充材料 pause moves it on. Planning-safe."""
    detail = case.legality
    try:
        rt = review_time(
            detail.matter_type,
            case.received_on,
            detail.opinion_requested_by,
            calendar=current_calendar(),
            config=law_config(),
        )
    except LawValidationError as exc:
        raise WorkflowError(exc.message, {"opinion_requested_by": exc.message}) from None
    detail.opinion_requested_by = rt.due
    detail.review_days = rt.days
    plan = plan_of(case)
    rows = plan.deadlines if plan is not None else list(case.deadlines.all())
    for d in rows:
        if d.rule_id == RULE_OF_MATTER[Matter(detail.matter_type)]:
            d.extension_days = rt.extension
            compute_deadline(d)
            d.explanation = rt.explanation[:500]
            if plan is None:
                d.save()


def record_expert_opinion(
    *, case: Case, transition: Any, data: Mapping[str, Any], actor: Any, on: date
) -> None:
    """专家/法律顾问意见: a row of its own, linked to the pool member of that name if there is one."""
    expert = LegalityExpert.objects.filter(name=data["expert_name"], kind=data["expert_kind"]).first()
    ExpertOpinion.objects.create(
        case=case,
        given_on=on,
        kind=data["expert_kind"],
        name=data["expert_name"],
        expert=expert,
        opinion=data["expert_opinion"],
    )


ON_TRANSITION = {"expert_opinion": record_expert_opinion}


def _covers(actor: Any, unit_path: str) -> bool:
    return any(
        unit_path.startswith(g.org_unit.path) for g in grants_allowing(actor, Area.LEGALITY, Action.CHANGE)
    )


def may_take(actor: Any, case: Case, transition: Any) -> str | None:
    """The reviewing body's steps are taken by its own staff (a grant over the reviewing unit),
    not by the submitting unit that can see and work on the case through `also_scoped_by`."""
    if getattr(actor, "is_superuser", False) or transition.name not in REVIEWER_STEPS:
        return None
    if _covers(actor, case.org_path):
        return None
    return f"“{transition.label}”由审查单位（{case.org_unit.name}）办理。"


# --- 送审 ----------------------------------------------------------------------------------------


@transaction.atomic
def legality_submit(
    *,
    actor: Any,
    submitting_unit: OrgUnit,
    matter_type: str,
    title: str,
    submitted_on: date | None = None,
    reviewing_unit: OrgUnit | None = None,
    opinion_requested_by: date | None = None,
    submitter_name: str = "",
    note: str = "",
    number: str = "",
    handler: Any = None,
    is_demo: bool = False,
    engine: CaseEngine = SERVICES,
) -> Case:
    """送审: `submitting_unit` submits a matter for review on `submitted_on` (default today) to
    `reviewing_unit` (default: the district's 合法性审查中心), asking for the opinion by
    `opinion_requested_by` (default: the matter's default review time). The actor needs a
    legality grant over the submitting unit or the reviewing unit."""
    errors: dict[str, str] = {}
    if matter_type not in {m.value for m in Matter}:
        errors["matter_type"] = f"送审事项类型“{matter_type}”无效。"
    if submitting_unit.kind not in SUBMITTING_KINDS:
        errors["submitting_unit"] = (
            f"“{submitting_unit.name}”不是可以送审的单位（区级部门、镇街或区政府工作机构）。"
        )
    reviewer = reviewing_unit or district_centre(submitting_unit)
    if reviewer is None:
        errors["reviewing_unit"] = "组织机构中没有职能为“合法性审查机构”的单位，请选择审查单位。"
    elif reviewer.kind not in REVIEWING_KINDS:
        errors["reviewing_unit"] = f"“{reviewer.name}”不是合法性审查单位。"
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)
    assert reviewer is not None
    return engine.create(
        actor=actor,
        kind=KIND,
        org_unit=reviewer,
        received_on=submitted_on or today(),
        title=title,
        channel="referral",
        detail={
            "matter_type": matter_type,
            "submitting_unit": submitting_unit,
            "submitter_name": submitter_name,
            "opinion_requested_by": opinion_requested_by,
        },
        handler=handler,
        number=number,
        is_demo=is_demo,
        note=note,
    )


# --- 台账 ------------------------------------------------------------------------------------------


def _step(
    actor: Any,
    case: Case,
    name: str,
    on: date,
    data: Mapping[str, Any],
    keys: Mapping[str, str],
    engine: CaseEngine,
) -> Case:
    try:
        return engine.transition(actor=actor, case=case, name=name, data=dict(data), on=on)
    except WorkflowError as exc:
        raise WorkflowError(exc.message, {keys.get(k, k): v for k, v in exc.errors.items()}) from None


def _require(row: Mapping[str, Any], key: str, message: str) -> Any:
    if row.get(key) in (None, ""):
        raise WorkflowError(message, {key: message})
    return row[key]


def _reviewing(actor: Any, value: str) -> OrgUnit:
    return _unit(actor, value, "reviewing_unit", REVIEWING_KINDS, "审查单位")


def _submitting(actor: Any, value: str) -> OrgUnit:
    return _unit(actor, value, "submitting_unit", SUBMITTING_KINDS, "送审单位")


def legality_import_row(
    *, actor: Any, row: Mapping[str, Any], is_demo: bool = False, engine: CaseEngine = SERVICES
) -> Case:
    """One 台账 row → a submission and the steps the row records (补充材料, 审查意见, 采纳反馈), each
    through the engine (the services, or the bulk importer's planner)."""
    submitting = engine.cached(_submitting, actor, row["submitting_unit"])
    reviewing = engine.cached(_reviewing, actor, row["reviewing_unit"]) if row.get("reviewing_unit") else None
    try:
        case = legality_submit(
            actor=actor,
            submitting_unit=submitting,
            reviewing_unit=reviewing,
            matter_type=row["matter_type"],
            title=row["title"],
            submitted_on=row["received_on"],
            opinion_requested_by=row.get("opinion_requested_by"),
            submitter_name=row.get("submitter_name") or "",
            number=row.get("number") or "",
            is_demo=is_demo,
            engine=engine,
        )
    except WorkflowError as exc:
        keys = {"org_unit": "reviewing_unit"}
        raise WorkflowError(exc.message, {keys.get(k, k): v for k, v in exc.errors.items()}) from None
    if row.get("materials_requested_on"):
        case = _step(
            actor,
            case,
            "request_material",
            row["materials_requested_on"],
            {"materials": row.get("materials_requested") or "台账导入"},
            {"on": "materials_requested_on", "materials": "materials_requested"},
            engine,
        )
        received = _require(row, "materials_received_on", "要求补充材料的，请填写收到补充材料日期。")
        case = _step(actor, case, "receive_material", received, {}, {"on": "materials_received_on"}, engine)
    if row.get("outcome"):
        reviewed_on = _require(row, "reviewed_on", "已有审查意见的，请填写出具审查意见日期。")
        data = {
            "outcome": row["outcome"],
            "opinion": row.get("opinion") or "台账导入",
            "articles": row.get("articles") or "",
        }
        case = _step(actor, case, "review", reviewed_on, data, {"on": "reviewed_on"}, engine)
        if row.get("adoption"):
            feedback_on = _require(row, "feedback_on", "已反馈采纳情况的，请填写反馈日期。")
            data = {"adoption": row["adoption"], "adoption_reason": row.get("adoption_reason") or ""}
            case = _step(actor, case, "feedback", feedback_on, data, {"on": "feedback_on"}, engine)
    elif row.get("reviewed_on") or row.get("adoption"):
        message = "填写了出具意见日期或采纳情况的，请填写审查意见。"
        raise WorkflowError(message, {"outcome": message})
    return case


# --- 专报 ------------------------------------------------------------------------------------------


@transaction.atomic
def legality_bulletin_cite(*, actor: Any, bulletin: LegalityBulletin, cases: Iterable[Case]) -> int:
    """专报引用审查事项: each case must be a legality review the actor can see that has an opinion,
    given no later than the bulletin was issued. Returns how many citations were added."""
    if not can(actor, Action.CHANGE, bulletin):
        raise CasePermissionError("您没有编辑此专报的权限。")
    rows = list(cases)
    bad = [
        c.number
        for c in rows
        if c.kind != KIND
        or c.status not in REVIEWED_STATES
        or not can(actor, Action.VIEW, c)
        or (c.legality.reviewed_on and c.legality.reviewed_on > bulletin.issued_on)
    ]
    if bad:
        raise WorkflowError(
            f"专报只能引用印发前已出具审查意见的合法性审查事项：{'、'.join(bad)}。",
            {"reviews": f"不能引用：{'、'.join(bad)}"},
        )
    before = bulletin.reviews.count()
    bulletin.reviews.add(*rows)
    added = bulletin.reviews.count() - before
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=bulletin, detail={"cited": [c.pk for c in rows]})
    return added
