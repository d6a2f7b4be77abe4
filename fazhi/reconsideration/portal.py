"""行政复议's public matter (可网上办理的事项): 行政复议申请 online, with the statutory contents of the
申请书 (行政复议法 art. 22: the applicant's basic data, the respondent, the request, the main facts
and reasons, the date — the date is the day it is submitted). Declared for the portal
(fazhi.cases.submittable) and imported by `kind.py` so it registers at start; this module never
imports the portal.

The pre-check runs the 60-day period (FY-01, art. 20) from the day the applicant learned of the act
(FY-04 start by the way they learned of it) through `fazhi.law.reconsideration.application_period`:
a warning citing the article when it may have run — never a refusal (the office decides, and a
proper reason may excuse the delay, art. 20 para 2)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import Q

from fazhi.cases.models import Case
from fazhi.cases.services import PartyInput, portal_submit, today
from fazhi.cases.submittable import Check, Matter, Precheck, register
from fazhi.cases.workflow import Field, WorkflowError
from fazhi.core.calendar import current_calendar
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.law.basis import cn_date
from fazhi.law.errors import LawValidationError
from fazhi.law.reconsideration import ApplicationStatus, application_period, application_start
from fazhi.law.validators import check_id_number, check_mobile
from fazhi.reconsideration.models import RESPONDENT_KINDS, SERVICE_MODES
from fazhi.reconsideration.models import ReconsiderationCase as R
from fazhi.reconsideration.services import reconsideration_office

KIND = "reconsideration"

# How a 乡级 unit is named as an agency (its government or office is the respondent, not the place).
_AGENCY_SUFFIX = {OrgKind.SUBDISTRICT: "办事处", OrgKind.TOWN: "人民政府", OrgKind.TOWNSHIP: "人民政府"}


def _agencies() -> list[OrgUnit]:
    """The agencies whose acts a district government reviews (art. 24.1(1)): its departments and
    the 街道办事处 / 镇人民政府 it manages (one managed by another authority is not one)."""
    managed_here = Q(kind=OrgKind.DEPARTMENT) | Q(managed_by="")
    return list(
        OrgUnit.objects.filter(managed_here, kind__in=RESPONDENT_KINDS, is_active=True).order_by("path")
    )


def agency_label(unit: OrgUnit) -> str:
    return f"{unit.name}{_AGENCY_SUFFIX.get(unit.kind, '')}"  # type: ignore[call-overload]


class AgencyChoices:
    """The respondent agencies of every district as (code, name) choices, read when iterated (the
    org tree may change while the process runs)."""

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(tuple((u.code, agency_label(u)) for u in _agencies()))


def _agency(code: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code, kind__in=RESPONDENT_KINDS, is_active=True).first()
    if unit is None:
        message = "请从列表中选择作出行政行为的行政机关。"
        raise WorkflowError(message, {"respondent": message})
    return unit


def route(data: Mapping[str, Any], township: OrgUnit | None, site: Any) -> OrgUnit:
    """The 行政复议机构 of the respondent's district (found by its 职能): the district government
    reviews its own departments and 派出机关 (art. 24.1(1)), whichever 镇街 the applicant lives in."""
    if data.get("respondent"):
        return reconsideration_office(_agency(data["respondent"]))
    anchor = site.org_unit if site is not None else township
    if anchor is None:
        message = "请选择被申请人（作出行政行为的行政机关）。"
        raise WorkflowError(message, {"respondent": message})
    return reconsideration_office(anchor)


FIELDS = (
    Field("name", "申请人姓名或单位名称", max_length=100),
    Field(
        "id_number",
        "身份证号码",
        required=False,
        max_length=18,
        help="个人申请的必填；企业账号以账号的统一社会信用代码申请。",
    ),
    Field("phone", "联系电话（手机）", max_length=20),
    Field("address", "住址或住所", max_length=200),
    Field("respondent", "被申请人（作出行政行为的行政机关）", kind="choice", choices=AgencyChoices()),  # type: ignore[arg-type]
    Field.of(
        R,
        "act_description",
        label="被申请复议的行政行为",
        help="如：某某局某年某月某日作出的某号行政处罚决定。",
    ),
    Field.of(R, "act_category", label="行为类别"),
    Field("service_mode", "您是怎样收到或知道这个行为的", kind="choice", choices=SERVICE_MODES),
    Field(
        "service_date",
        "收到或知道的日期",
        kind="date",
        help="申请期限一般为知道该行政行为之日起六十日（行政复议法第二十条）。",
    ),
    Field("request", "行政复议请求", kind="textarea", max_length=200, help="如：请求撤销该处罚决定。"),
    Field("facts_and_reasons", "主要事实和理由", kind="textarea", max_length=2000),
    Field.of(R, "compensation_requested", label="一并提出行政赔偿请求"),
    Field(
        "late_reason",
        "超过申请期限的正当理由（如有）",
        kind="textarea",
        required=False,
        max_length=500,
        help="因不可抗力或者其他正当理由耽误的时间不计入申请期限（第二十条第二款）。",
    ),
)

PRECHECK_FIELDS = ("service_mode", "service_date")


def precheck(data: Mapping[str, Any]) -> Precheck | None:
    """申请期限: the 60-day period from the day the applicant learned of the act, as of today."""
    day, mode = data.get("service_date"), data.get("service_mode")
    if not day or not mode:
        return Precheck(
            "填写“您是怎样收到或知道这个行为的”和日期后，可以检查是否在申请期限内。",
            (Check("info", "申请期限一般为知道该行政行为之日起六十日。", "行政复议法第二十条第一款"),),
        )
    filed_on = today()
    if day > filed_on:
        return Precheck("收到或知道的日期不能晚于今天。", (Check("warn", "请核对日期。"),))
    try:
        knew_on, start = application_start(mode, day)
        result = application_period(knew_on=knew_on, filed_on=filed_on, calendar=current_calendar())
    except LawValidationError as exc:
        return Precheck("暂时无法检查申请期限", (Check("warn", exc.message),))
    checks = [Check("info", start.text, start.basis)]
    checks += [Check("info", r.text, r.basis) for r in result.reasons]
    if result.provisional:
        checks.append(Check("info", "届满日按暂定的节假日安排计算，以行政复议机构审查为准。"))
    if result.status == ApplicationStatus.IN_TIME:
        return Precheck(
            f"在申请期限内：申请期限至{cn_date(result.deadline)}届满。",
            (Check("ok", result.explanation, result.basis), *checks),
        )
    warn = Check(
        "warn",
        f"申请期限可能已于{cn_date(result.deadline)}届满。您仍然可以提交申请；"
        "如因不可抗力或者其他正当理由耽误了期限，请在“超过申请期限的正当理由”中说明，"
        "最终以行政复议机构审查为准。",
        "行政复议法第二十条第二款",
    )
    return Precheck("申请期限可能已经届满", (warn, Check("info", result.explanation, result.basis), *checks))


def _applicant(actor: Any, data: Mapping[str, Any]) -> PartyInput:
    """申请人的基本情况 (art. 22): a person with ID number, phone and address, or for an enterprise
    account the enterprise by its credit code."""
    errors: dict[str, str] = {}
    try:
        phone = check_mobile(data.get("phone") or "")
    except LawValidationError as exc:
        errors["phone"] = exc.message
    account = getattr(actor, "public_account", None)
    if getattr(account, "kind", "") == "enterprise" and getattr(account, "uscc", ""):
        if errors:
            raise WorkflowError("请更正标出的内容。", errors)
        return PartyInput(role="applicant", legal_entity={"name": data["name"], "uscc": account.uscc})
    id_number = ""
    if not data.get("id_number"):
        errors["id_number"] = "个人申请行政复议，请填写身份证号码（行政复议法第二十二条）。"
    else:
        try:
            id_number = check_id_number(data["id_number"])
        except LawValidationError as exc:
            errors["id_number"] = exc.message
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)
    return PartyInput(
        role="applicant",
        person={"name": data["name"], "id_number": id_number, "phone": phone, "address": data["address"]},
    )


# The line's field names on the detail row and its respondent → the portal form's.
_FIELD_OF = {"counterpart_agency": "respondent", "respondent_agency": "respondent", "org_unit": "respondent"}


def submit(*, actor: Any, data: Mapping[str, Any], org_unit: OrgUnit) -> Case:
    """行政复议申请 online: a reconsideration case at the office, channel online; the kind's on_create
    ties the respondent, checks and stores the application period with its basis."""
    agency = _agency(data["respondent"])
    account = getattr(actor, "public_account", None)
    try:
        return portal_submit(
            actor=actor,
            kind=KIND,
            org_unit=org_unit,
            title=data["request"],
            parties=[_applicant(actor, data), PartyInput(role="respondent", org_unit=agency)],
            detail={
                "act_description": data["act_description"],
                "act_category": data.get("act_category") or "other",
                "service_mode": data["service_mode"],
                "service_date": data["service_date"],
                "facts_and_reasons": data["facts_and_reasons"],
                "compensation_requested": bool(data.get("compensation_requested")),
                "late_reason": data.get("late_reason") or "",
                "respondent_agency": agency,
            },
            enterprise_related=getattr(account, "kind", "") == "enterprise",
        )
    except WorkflowError as exc:
        raise WorkflowError(exc.message, {_FIELD_OF.get(k, k): v for k, v in exc.errors.items()}) from exc


MATTER = register(
    Matter(
        key="reconsideration",
        label="行政复议申请",
        summary="认为区级行政机关或街道、镇的行政行为侵犯了您的合法权益，可以在知道之日起六十日内申请行政复议。",
        fields=FIELDS,
        route=route,
        submit=submit,
        precheck=precheck,
        case_kind=KIND,
        waiting_states={"correction": "需补充材料", "correction_lapsed": "需补充材料（补正期限已届满）"},
        answer_transition="receive_supplement",
        place_required=False,  # routed by the respondent (art. 24), not by where the applicant lives
        # 行政复议法 art. 30 (不予受理 with reasons) and art. 34 (where review comes first by law,
        # 15 days from receiving the decision to sue); otherwise the act itself may be sued.
        refusals={
            "not_accepted": "如不服，可以依法向人民法院提起行政诉讼；法律、行政法规规定应当先申请行政复议的，"
            "可以自收到不予受理决定书之日起十五日内起诉（《中华人民共和国行政复议法》第三十四条）。"
        },
        order=40,
    )
)
