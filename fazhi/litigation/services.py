"""行政应诉 services: register a suit (court case number parsed by fazhi.law), the checks of some
steps (hooks the engine calls inside its transaction; what a step records is declared on the
workflow), hearings with the appearance assessment, the link to the reconsideration on the same act, and the ledger row → services mapping.
Every change goes through fazhi.cases.services; nothing here imports another business line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from fazhi.cases.bulk import SERVICES, CaseEngine, NotPlannable
from fazhi.cases.models import Case, LinkKind
from fazhi.cases.services import (
    PartyInput,
    case_link,
    today,
)
from fazhi.cases.workflow import WorkflowError
from fazhi.core.calendar import current_calendar
from fazhi.core.districts import UnitNameError, actor_districts, resolve_unit_name
from fazhi.core.lawconfig import law_config
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind, UnitFunction
from fazhi.core.orgtree import unit_for
from fazhi.core.roles import Action
from fazhi.law import deadlines as law_deadlines
from fazhi.law.basis import cn_date
from fazhi.law.errors import LawValidationError
from fazhi.law.numbering import CourtCaseNumber, parse_court_case_number
from fazhi.litigation import appearance
from fazhi.litigation.models import INSTANCE_OF_TYPE, Instance, LitigationCase, LitigationHearing
from fazhi.litigation.workflow import JUDGMENTS, RULINGS, WITHDRAWALS

KIND = "litigation"
# Agencies that can be sued here: district departments (incl. the 区政府) and the 镇/乡/街道.
AGENCY_KINDS = (OrgKind.DEPARTMENT, OrgKind.SUBDISTRICT, OrgKind.TOWN, OrgKind.TOWNSHIP)
# The defendant's district's 行政应诉机构 (org tree: 职能 litigation_office) handles a suit unless the
# form says otherwise; the 区县人民政府 (职能 government) joins as co-defendant when it decided the
# reconsideration (行政诉讼法 art. 26.2). Found by function, whatever the units are coded.


# --- the court case number ----------------------------------------------------------------------


def parse_case_number(value: str, *, field: str = "court_case_number") -> CourtCaseNumber:
    """A first-instance administrative case number, or a WorkflowError naming `field`."""
    try:
        parsed = parse_court_case_number(value or "")
    except LawValidationError as exc:
        raise WorkflowError(exc.message, {field: exc.message}) from None
    if INSTANCE_OF_TYPE.get(parsed.type) != Instance.FIRST:
        message = (
            f"案号“{value}”的类型代字为“{parsed.type}”：本台账登记第一审行政案件，"
            "类型代字应为“行初”或“行赔初”（法〔2015〕137号 案号规定）。"
        )
        raise WorkflowError(message, {field: message})
    return parsed


def normalise_case_number(value: str) -> str:
    """The canonical form of a first-instance case number, e.g. (2024)浙0106行初123号 →
    （2024）浙0106行初123号; raises ValueError (Chinese) for the ledger importer."""
    try:
        return str(parse_case_number(value))
    except WorkflowError as exc:
        raise ValueError(exc.message) from None


# --- registration -------------------------------------------------------------------------------


def defendant_agencies(districts: Iterable[OrgUnit] | None = None):
    """Units that may be named as the defendant agency (区级部门、镇街), in tree order; within
    `districts` if given (the actor's)."""
    units = OrgUnit.objects.filter(kind__in=AGENCY_KINDS, is_active=True).order_by("path")
    if districts is not None:
        q = Q(pk__in=[])
        for d in districts:
            q |= Q(path__startswith=d.path)
        units = units.filter(q)
    return units


def agency_for(
    value: str, *, field: str = "defendant_agency", districts: OrgUnit | Sequence[OrgUnit] = ()
) -> OrgUnit:
    """The defendant agency named by its code or name within `districts` (the actor's), resolved as
    in every line (`fazhi.core.districts.resolve_unit_name`: full-width or ASCII brackets alike)."""
    try:
        return resolve_unit_name(districts, value, AGENCY_KINDS, what="被告行政机关")
    except UnitNameError as exc:
        raise WorkflowError(exc.message, {field: exc.message}) from None


def district_unit(anchor: OrgUnit, function: str) -> OrgUnit | None:
    """The unit with `function` (职能) in `anchor`'s district, or None."""
    try:
        return unit_for(anchor, function)
    except OrgUnit.DoesNotExist:
        return None


def handling_office(anchor: OrgUnit) -> OrgUnit | None:
    """The 行政应诉机构 of `anchor`'s district (the form's default 承办单位)."""
    return district_unit(anchor, UnitFunction.LITIGATION_OFFICE)


@transaction.atomic
def litigation_register(
    *,
    actor: Any,
    court_case_number: str,
    court_name: str,
    defendant_agency: OrgUnit,
    plaintiffs: Iterable[PartyInput],
    title: str,
    act_category: str,
    filed_on: date,
    received_on: date,
    copy_received_on: date | None = None,
    discretionary: bool = False,
    government_co_defendant: bool = False,
    after_reconsideration: bool = False,
    reconsideration_number: str = "",
    third_parties: Iterable[PartyInput] = (),
    org_unit: OrgUnit | None = None,
    enterprise_related: bool = False,
    handler: Any = None,
    is_demo: bool = False,
    engine: CaseEngine = SERVICES,
) -> Case:
    """收案: register a first-instance suit against a district agency when the court's 应诉通知书
    arrives. The case number is the court's (normalised); XS-09 starts from 立案; when the complaint
    copy has arrived too, “收到起诉状副本” is taken at once and XS-08 starts from it. A
    reconsideration case with the given number, if the actor can see it, is linked (同一行政行为).
    Through the services or the bulk planner (`engine`); a link to a stored case is not planned."""
    parsed = parse_case_number(court_case_number)
    errors: dict[str, str] = {}
    if defendant_agency.kind not in AGENCY_KINDS:
        errors["defendant_agency"] = f"“{defendant_agency.name}”不是区级部门或镇街，不能作为被告行政机关。"
    if not (court_name or "").strip():
        errors["court_name"] = "请填写受理法院。"
    if filed_on > received_on:
        errors["filed_on"] = "立案日期不能晚于收到应诉通知日期。"
    if copy_received_on is not None and copy_received_on < received_on:
        errors["copy_received_on"] = (
            "收到起诉状副本日期不能早于收到应诉通知日期；一并收到的，请填写同一日期。"
        )
    if filed_on.year not in (parsed.year, parsed.year + 1):  # 收案 at year end, 立案 within 7 days (XS-06)
        errors["filed_on"] = f"立案日期（{cn_date(filed_on)}）与案号的收案年度（{parsed.year}年）不符。"
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)
    number = str(parsed)
    if Case.objects.filter(kind=KIND, number=number).exists():
        raise WorkflowError(
            f"案号{number}已登记。", {"court_case_number": f"案号{number}已登记，请勿重复收案。"}
        )
    found = _reconsideration_case(actor, reconsideration_number) if reconsideration_number else None
    if found is not None and engine is not SERVICES:
        raise NotPlannable("links a stored reconsideration case")
    office = org_unit or handling_office(defendant_agency)
    if office is None:
        raise WorkflowError("组织机构中没有行政应诉机构，请选择承办单位。", {"org_unit": "请选择承办单位。"})
    parties = [*plaintiffs, PartyInput(role="defendant", org_unit=defendant_agency)]
    government = district_unit(defendant_agency, UnitFunction.GOVERNMENT) if government_co_defendant else None
    if government is not None and government != defendant_agency:
        parties.append(PartyInput(role="defendant", org_unit=government))
    parties.extend(third_parties)
    case = engine.create(
        actor=actor,
        kind=KIND,
        org_unit=office,
        received_on=received_on,
        title=title,
        channel="mail",
        parties=parties,
        number=number,
        enterprise_related=enterprise_related,
        handler=handler,
        is_demo=is_demo,
        detail={
            "court_name": court_name.strip(),
            "court_code": parsed.court,
            "case_year": parsed.year,
            "type_code": parsed.type,
            "case_seq": parsed.seq,
            "instance": Instance.FIRST,
            "defendant_agency": defendant_agency,
            "government_co_defendant": government_co_defendant,
            "act_category": act_category,
            "discretionary": discretionary,
            "after_reconsideration": after_reconsideration or bool(reconsideration_number),
            "reconsideration_number": (reconsideration_number or "").strip(),
            "filed_on": filed_on,
        },
    )
    if copy_received_on is not None:
        case = engine.transition(
            actor=actor,
            case=case,
            name="receive_copy",
            data={"copy_received_on": copy_received_on},
            on=copy_received_on,
        )
    if found is not None:
        litigation_link_reconsideration(
            actor=actor, case=case, reconsideration=found, on=copy_received_on or received_on
        )
    return case


def _reconsideration_case(actor: Any, number: str) -> Case | None:
    """The reconsideration case with this number that the actor may see (through the Case table:
    lines never import each other)."""
    from fazhi.cases.selectors import cases_for

    wanted = {number.strip(), _nfkc(number)}
    return cases_for(actor, Action.VIEW, "reconsideration").filter(number__in=wanted).first()


def _nfkc(value: str) -> str:
    """Full-width brackets and digits as ASCII, without spaces (how people type names and numbers)."""
    return "".join(unicodedata.normalize("NFKC", value or "").split())


@transaction.atomic
def litigation_link_reconsideration(
    *, actor: Any, case: Case, reconsideration: Case, on: date | None = None
) -> None:
    """关联: this suit followed the reconsideration of the same act (XS-04: suit within 15 days of
    the reconsideration decision)."""
    if case.kind != KIND or reconsideration.kind != "reconsideration":
        raise WorkflowError(
            "只能将行政应诉案件关联到行政复议案件。", {"reconsideration": "请选择行政复议案件。"}
        )
    # At registration the link is dated on the suit's receipt, so that steps dated before today can
    # still follow (ledger imports); a link made later from the case page is dated today.
    case_link(
        actor=actor,
        from_case=case,
        to_case=reconsideration,
        kind=LinkKind.SAME_ACT,
        note="经复议后起诉",
        on=on,
    )
    detail: LitigationCase = case.litigation
    detail.after_reconsideration = True
    detail.reconsideration_number = reconsideration.number[:60]
    detail.save(update_fields=["after_reconsideration", "reconsideration_number"])


def litigation_link_by_number(*, actor: Any, case: Case, number: str) -> Case:
    """Link the reconsideration case the actor names by its number (the case page's form)."""
    found = _reconsideration_case(actor, number or "")
    if found is None:
        raise WorkflowError(
            "找不到该行政复议案件。",
            {"reconsideration": f"找不到案号为“{number}”的行政复议案件，或您无权查看。"},
        )
    litigation_link_reconsideration(actor=actor, case=case, reconsideration=found)
    return found


# --- hooks: what no declaration can say (inside the engine's transaction) -----------------------
# What each step records on the detail row is declared on the workflow's transitions (`records`).
# The checks below compare a date of the form with the step's day (or today), which a guard
# cannot see; the error names the form field.


def _not_after(name: str, value: date | None, limit: date, what: str) -> None:
    if value is not None and value > limit:
        raise WorkflowError(f"{what}不能晚于{cn_date(limit)}。", {name: f"{what}不能晚于{cn_date(limit)}。"})


def on_receive_copy(*, data: Mapping[str, Any], on: date, **_: Any) -> None:
    """Why a hook: the copy's date is checked against the step's day."""
    _not_after("copy_received_on", data["copy_received_on"], on, "收到起诉状副本日期（不能晚于办理日期）")


def on_schedule_hearing(*, data: Mapping[str, Any], on: date, **_: Any) -> None:
    """Why a hook: a hearing day already past is a hearing to record, not to schedule."""
    if data["hearing_date"] < on:
        message = "开庭日期已过：已开庭的，请办理“登记开庭及出庭情况”。"
        raise WorkflowError(message, {"hearing_date": message})


def notice_due(held_on: date) -> date:
    """XS-18: the latest day the court may serve the appearance notice (≥ 3 days before the hearing).

    A period the court must keep before its own hearing is judged on its literal date (issue 14.6):
    the court serves notices on rest days too, so a 10-05 service before a 10-09 hearing leaves the
    3 whole days 出庭规定 art. 5 para 2 asks for, though 10-05 fell in a holiday. Moving the day back
    to a 工作日 (`due`) is for a party who must act on a working day; here it would turn a notice in
    time into a late one."""
    return law_deadlines.due("XS-18", held_on, calendar=current_calendar(), config=law_config()).period_end


def on_hearing(*, case: Case, data: Mapping[str, Any], on: date, **_: Any) -> None:
    """Why a hook: a hearing is a row of its own, with the appearance assessed (fazhi.law)."""
    held_on: date = data["held_on"]
    _not_after("held_on", held_on, on, "开庭日期（不能晚于办理日期）")
    detail: LitigationCase = case.litigation
    if detail.copy_received_on and held_on < detail.copy_received_on:
        message = f"开庭日期不能早于收到起诉状副本日期（{cn_date(detail.copy_received_on)}）。"
        raise WorkflowError(message, {"held_on": message})
    notice = data.get("notice_served_on")
    latest = notice_due(held_on)
    short = notice is not None and notice > latest
    position = data.get("appeared_position") or None
    result = appearance.assess(
        position,
        absence_reason=data.get("absence_reason") or None,
        absence_proof=bool(data.get("absence_proof")),
        notice_short=short,
        notice_due=cn_date(latest),
    )
    LitigationHearing.objects.create(
        case=case,
        held_on=held_on,
        appearance_required=bool(data.get("appearance_required")),
        notice_served_on=notice,
        notice_short=short,
        appeared_name=data.get("appeared_name") or "",
        appeared_title=data.get("appeared_title") or "",
        appeared_position=position or "",
        counts_as_head=result.counts_as_head,
        agency_represented=result.agency_represented,
        absence_reason="" if result.counts_as_head else (data.get("absence_reason") or ""),
        absence_proof=bool(data.get("absence_proof")) and not result.counts_as_head,
        absence_note=data.get("absence_note") or "",
        flagged=result.flagged,
        finding=result.text,
    )
    _refresh_appearance(detail)


def _refresh_appearance(detail: LitigationCase) -> None:
    """Keep the case's appearance summary in step with its hearings (IND-07 by plain queries)."""
    hearings = list(LitigationHearing.objects.filter(case_id=detail.case_id))
    detail.hearing_count = len(hearings)
    detail.appearance_required = any(h.appearance_required for h in hearings)
    detail.head_appeared = any(h.counts_as_head for h in hearings)
    detail.appearance_flagged = any(h.flagged for h in hearings)
    last = max((h.held_on for h in hearings), default=None)
    if detail.next_hearing_on and last and detail.next_hearing_on <= last:
        detail.next_hearing_on = None
    detail.save(
        update_fields=[
            "hearing_count",
            "appearance_required",
            "head_appeared",
            "appearance_flagged",
            "next_hearing_on",
        ]
    )


def on_decide(*, data: Mapping[str, Any], on: date, **_: Any) -> None:
    """Why a hook: the service day is checked against the judgment's day and today."""
    served: date = data["served_on"]
    if served < on:
        message = f"裁判文书送达日期不能早于裁判日期（{cn_date(on)}）。"
        raise WorkflowError(message, {"served_on": message})
    _not_after("served_on", served, today(), "裁判文书送达日期")


def on_appeal_conclude(*, data: Mapping[str, Any], **_: Any) -> None:
    """Why a hook: the second-instance case number is parsed (fazhi.law) and must be 行终/行赔终."""
    number = data.get("second_number")
    if number:
        try:
            parsed = parse_court_case_number(number)
        except LawValidationError as exc:
            raise WorkflowError(exc.message, {"second_number": exc.message}) from None
        if INSTANCE_OF_TYPE.get(parsed.type) != Instance.SECOND:
            message = f"二审案号的类型代字应为“行终”或“行赔终”，收到“{parsed.type}”。"
            raise WorkflowError(message, {"second_number": message})


ON_TRANSITION = {
    "receive_copy": on_receive_copy,
    "schedule_hearing": on_schedule_hearing,
    "hearing": on_hearing,
    "judge": on_decide,
    "rule": on_decide,
    "appeal_conclude": on_appeal_conclude,
}


# --- ledger (台账) import -----------------------------------------------------------------------

_SPLIT = re.compile(r"[、，,；;]")
CONCLUSIONS = (
    {code: "judge" for code, _ in JUDGMENTS}
    | {code: "rule" for code, _ in RULINGS}
    | {code: "withdraw" for code, _ in WITHDRAWALS}
    | {"TIAOJIE": "mediate"}
)


def _plaintiffs(row: Mapping[str, Any]) -> list[PartyInput]:
    names = [n.strip() for n in _SPLIT.split(row["plaintiff"]) if n.strip()]
    number = row.get("plaintiff_id") or ""
    entity = row.get("plaintiff_type") == "entity"
    parties = []
    for name in names:
        own = number if len(names) == 1 else ""
        if entity:
            parties.append(PartyInput(role="plaintiff", legal_entity={"name": name, "uscc": own}))
        else:
            parties.append(PartyInput(role="plaintiff", person={"name": name, "id_number": own}))
    return parties


def _step(
    actor: Any,
    case: Case,
    name: str,
    on: date,
    data: Mapping[str, Any],
    keys: Mapping[str, str],
    engine: CaseEngine = SERVICES,
) -> Case:
    """One engine step for a ledger row; its errors are re-keyed to the row's columns."""
    try:
        return engine.transition(actor=actor, case=case, name=name, data=dict(data), on=on)
    except WorkflowError as exc:
        raise WorkflowError(exc.message, {keys.get(k, k): v for k, v in exc.errors.items()}) from None


def _require(row: Mapping[str, Any], key: str, message: str) -> Any:
    if row.get(key) in (None, ""):
        raise WorkflowError(message, {key: message})
    return row[key]


def _defendant(actor: Any, value: str) -> OrgUnit:
    # No case yet: the defendant is named within the importing actor's districts.
    return agency_for(value, field="defendant", districts=actor_districts(actor))


def litigation_import_row(
    *, actor: Any, row: Mapping[str, Any], is_demo: bool = False, engine: CaseEngine = SERVICES
) -> Case:
    """One 台账 row → a registered suit and the steps the row records, each through the engine (the
    services, or the bulk importer's planner: `Ledger.plan`)."""
    agency = engine.cached(_defendant, actor, row["defendant"])
    filed_on: date = row["filed_on"]
    copy_on: date | None = row.get("copy_received_on")
    later = [k for k in ("answered_on", "hearing_on", "result") if row.get(k)]
    if later and copy_on is None:
        raise WorkflowError(
            "已答辩、开庭或结案的案件，请填写收到起诉状副本日期。",
            {"copy_received_on": "已答辩、开庭或结案的案件，请填写收到起诉状副本日期（答辩期限自此起算）"},
        )
    try:
        case = litigation_register(
            actor=actor,
            court_case_number=row["number"],
            court_name=row["court_name"],
            defendant_agency=agency,
            plaintiffs=_plaintiffs(row),
            title=row["title"],
            act_category=row["act_category"],
            filed_on=filed_on,
            received_on=copy_on or filed_on,
            copy_received_on=copy_on,
            discretionary=bool(row.get("discretionary")),
            government_co_defendant=bool(row.get("co_defendant")),
            reconsideration_number=row.get("reconsideration_number") or "",
            enterprise_related=bool(row.get("enterprise_related")),
            is_demo=is_demo,
            engine=engine,
        )
    except WorkflowError as exc:
        keys = {
            "court_case_number": "number",
            "defendant_agency": "defendant",
            "received_on": "copy_received_on",
        }
        raise WorkflowError(exc.message, {keys.get(k, k): v for k, v in exc.errors.items()}) from None
    if row.get("answered_on"):
        case = _step(actor, case, "answer", row["answered_on"], {}, {"on": "answered_on"}, engine)
    if row.get("hearing_on"):
        # The hearing is recorded after the answer (the case leaves 答辩举证期 with it): a row
        # without its 答辩日期 is told so on that column, not on the hearing's.
        _require(row, "answered_on", "填写了开庭日期的，请填写答辩日期（开庭情况在答辩之后登记）。")
        if row.get("appeared_name") and not row.get("appeared_position"):
            _require(
                row,
                "appeared_position",
                "填写了出庭人的，请填写职务类别，以认定是否属于负责人（出庭规定第二条）",
            )
        data = {
            "held_on": row["hearing_on"],
            "appearance_required": bool(row.get("appearance_required")),
            "appeared_position": row.get("appeared_position") or "",
            "appeared_name": row.get("appeared_name") or "",
            "appeared_title": row.get("appeared_title") or "",
            "absence_reason": row.get("absence_reason") or "",
            "absence_proof": bool(row.get("absence_proof")),
        }
        keys = {"on": "hearing_on", "held_on": "hearing_on", "": "appeared_name"}
        case = _step(actor, case, "hearing", row["hearing_on"], data, keys, engine)
    result = row.get("result")
    if result:
        closed_on = _require(row, "closed_on", "已有结果的，请填写结案日期。")
        name = CONCLUSIONS[result]
        data: dict[str, Any] = {"note": "台账导入"}
        if name in ("judge", "rule"):
            data["served_on"] = _require(
                row, "served_on", "判决、裁定结案的，请填写裁判文书送达日期（上诉期限自送达之日起算）。"
            )
            data["outcome"] = result
        elif name == "withdraw":
            data["withdraw_kind"] = result
        else:
            data["note"] = "台账导入：调解结案"
        keys = {"on": "closed_on", "outcome": "result", "withdraw_kind": "result", "": "result"}
        case = _step(actor, case, name, closed_on, data, keys, engine)
        if row.get("appellant"):
            appealed_on = _require(row, "appealed_on", "有上诉人的，请填写上诉日期。")
            keys = {"on": "appealed_on", "": "appellant"}
            case = _step(actor, case, "appeal", appealed_on, {"appellant": row["appellant"]}, keys, engine)
    elif row.get("closed_on"):
        raise WorkflowError("填写了结案日期的，请填写结果。", {"result": "填写了结案日期的，请填写结果。"})
    return case
