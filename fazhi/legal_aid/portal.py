"""法律援助's public matters (可网上办理的事项): the legal-aid application (法律援助申请) and the online
legal consultation (网上法律咨询), declared for the portal (fazhi.cases.submittable). Imported by
`kind.py` so they register at start; the portal draws their forms, shows the pre-check and submits
through `submit` — this module never imports the portal.

Routing is by function in the org tree, never by code: an application goes to the 法律援助中心 of
the district the applicant's 镇街 (or chosen site) lies in (法律援助法 art. 12); a consultation to
the chosen site's 司法所 (legal-aid station), else to the centre."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from fazhi.cases.models import Case
from fazhi.cases.services import PartyInput, portal_submit, today
from fazhi.cases.submittable import Check, Matter, Precheck, register
from fazhi.cases.workflow import Field, WorkflowError
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.core.orgtree import district_of
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_id_number, check_mobile
from fazhi.legal_aid import services
from fazhi.legal_aid.models import (
    CircumstanceChoice,
    Consultation,
    ConsultationChannel,
    ConsultationTopic,
    MatterType,
)
from fazhi.legal_aid.models import LegalAidCase as L

MAY_STILL_APPLY = "您仍然可以提出申请，最终以法律援助中心审查为准。"

# --- where it goes ---------------------------------------------------------------------------------


def _anchor(township: OrgUnit | None, site: Any) -> OrgUnit:
    """The unit a submission is placed by: the chosen site's unit, else the applicant's 镇街."""
    if site is not None:
        return site.org_unit
    if township is not None:
        return township
    message = "请选择您所在的镇街。"
    raise WorkflowError(message, {"township": message})


def route_application(data: Mapping[str, Any], township: OrgUnit | None, site: Any) -> OrgUnit:
    """The 法律援助中心 of the applicant's district (found by its 职能)."""
    return services.centre(_anchor(township, site))


def _station_of(unit: OrgUnit) -> OrgUnit | None:
    """The 司法所 of the 镇街 `unit` lies in (a child of that 镇街 in the org tree), if any."""
    street = unit.township()
    if street is None:
        return None
    return (
        OrgUnit.objects.filter(parent=street, kind=OrgKind.JUSTICE_OFFICE, is_active=True)
        .order_by("path")
        .first()
    )


def route_consultation(data: Mapping[str, Any], township: OrgUnit | None, site: Any) -> OrgUnit:
    """A chosen site in a 镇街: that 镇街's 司法所 answers; otherwise the district's 法律援助中心."""
    anchor = _anchor(township, site)
    if site is not None:
        station = _station_of(anchor)
        if station is not None:
            return station
    return services.centre(anchor)


# --- the legal-aid application --------------------------------------------------------------------

APPLICATION_FIELDS = (
    Field("name", "申请人姓名", max_length=50, help="法律援助申请需要核实申请人身份，请填写真实姓名。"),
    Field("id_number", "身份证号码", max_length=18),
    Field("phone", "手机号码", max_length=20, help="法律援助中心通过这个号码与您联系。"),
    Field("address", "住址", max_length=200),
    Field(
        "matter_type",
        "案件类别",
        kind="choice",
        choices=((MatterType.CIVIL.value, "民事"), (MatterType.ADMINISTRATIVE.value, "行政")),
        help="刑事案件的法律援助请向办案机关提出，或到法律援助中心申请。",
    ),
    Field.of(L, "matter", required=True, help="请选择最接近您情况的一项。"),
    Field(
        "title",
        "简要案情",
        kind="textarea",
        max_length=200,
        help="用几句话说明发生了什么、您希望得到什么帮助。",
    ),
    Field("counterpart", "对方当事人", required=False, max_length=100, help="如：某公司、某人（可不填）。"),
    Field("household_size", "家庭人口数", kind="int", required=False),
    Field(
        "monthly_income_per_head",
        "家庭人均月收入（元）",
        kind="decimal",
        required=False,
        help="用于判断是否属于经济困难（法律援助法第三十四条）；加密保存。",
    ),
    Field(
        "circumstances",
        "符合的情形（有证明材料的才勾选）",
        kind="multichoice",
        choices=tuple(CircumstanceChoice.choices),
        required=False,
        help="属于这些情形的，可以不受经济困难条件限制或者免予核查（第三十二条、第四十二条）。",
    ),
    Field("has_own_agent", "已经委托了律师或其他代理人", kind="bool", required=False),
)

# The fields whose change re-runs the pre-check.
PRECHECK_FIELDS = (
    "matter_type",
    "matter",
    "household_size",
    "monthly_income_per_head",
    "circumstances",
    "has_own_agent",
)


def _county(data: Mapping[str, Any]) -> str:
    """The 区县 code whose 经济困难标准 applies: the district of the picked 镇街 or site ("" if none:
    the standard is then left to the centre's review)."""
    unit = data.get("township")
    site = data.get("site")
    if site is not None:
        unit = site.org_unit
    if unit is None:
        return ""
    try:
        return district_of(unit).code
    except OrgUnit.DoesNotExist:
        return ""


def precheck_application(data: Mapping[str, Any]) -> Precheck | None:
    """The eligibility result of fazhi.law (法律援助法 arts. 31–34, 41–44) with every reason and its
    article, before submitting. Never a refusal: the centre decides (art. 43)."""
    if not data.get("matter"):
        return None
    try:
        result = services.legal_aid_preview(
            on=today(),
            county_code=_county(data),
            matter_type=data.get("matter_type") or MatterType.CIVIL,
            matter=data.get("matter") or "",
            circumstances=list(data.get("circumstances") or ()),
            household_size=data.get("household_size"),
            monthly_income_per_head=data.get("monthly_income_per_head"),
            has_own_agent=bool(data.get("has_own_agent")),
        )
    except LawValidationError as exc:
        return Precheck("暂时无法判断", (Check("warn", exc.message),))
    checks = [
        Check("ok" if result.outcome == "ELIGIBLE" else "info", r["text"], r.get("basis", ""))
        for r in result.reasons
    ]
    if result.outcome == "ELIGIBLE":
        headline = "初步看，您符合法律援助条件。"
        checks.append(Check("info", "最终以法律援助中心审查为准。"))
    elif result.outcome == "NOT_ELIGIBLE":
        headline = "初步看，您可能不符合法律援助条件，原因如下。"
        checks.append(Check("warn", MAY_STILL_APPLY))
    else:
        headline = "需要法律援助中心进一步审查。"
        checks.append(Check("warn", MAY_STILL_APPLY))
    return Precheck(headline, tuple(checks))


def _applicant(data: Mapping[str, Any]) -> dict[str, str]:
    """The applicant's real-name data, checked (Chinese errors next to their fields)."""
    errors: dict[str, str] = {}
    person = {"name": data["name"], "address": data.get("address") or ""}
    for name, check in (("id_number", check_id_number), ("phone", check_mobile)):
        try:
            person[name] = check(data.get(name) or "")
        except LawValidationError as exc:
            errors[name] = exc.message
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)
    return person


def submit_application(*, actor: Any, data: Mapping[str, Any], org_unit: OrgUnit) -> Case:
    """法律援助申请 online: a legal-aid case at the centre, channel online, the applicant's own; its
    eligibility result is stored by the kind's on_create as for any application."""
    parties = [PartyInput(role="applicant", person=_applicant(data))]
    if data.get("counterpart"):
        parties.append(PartyInput(role="respondent", person={"name": data["counterpart"]}))
    detail = {
        "matter_type": data.get("matter_type") or MatterType.CIVIL,
        "matter": data["matter"],
        "circumstances": list(data.get("circumstances") or ()),
        "has_own_agent": bool(data.get("has_own_agent")),
    }
    for name in ("household_size", "monthly_income_per_head"):
        if data.get(name) not in (None, ""):
            detail[name] = str(data[name])
    return portal_submit(
        actor=actor,
        kind=services.KIND,
        org_unit=org_unit,
        title=data["title"],
        parties=parties,
        detail=detail,
    )


APPLICATION = register(
    Matter(
        key="legal_aid",
        label="法律援助申请",
        summary="经济困难或者符合法定情形的，可以申请由法律援助机构指派律师免费提供代理等服务。"
        "提交前可以先检查是否符合条件。",
        fields=APPLICATION_FIELDS,
        route=route_application,
        submit=submit_application,
        precheck=precheck_application,
        for_kinds=("citizen",),
        case_kind=services.KIND,
        waiting_states={"awaiting_materials": "需补充材料"},
        answer_transition="supply_materials",
        # 法律援助法 art. 49: an objection to a refusal goes to the justice bureau that set up the centre.
        refusals={
            "refused": "如对不予法律援助的决定有异议，可以向设立法律援助机构的司法行政部门提出"
            "（《中华人民共和国法律援助法》第四十九条）。"
        },
        order=20,
    )
)


# --- the online consultation (a row of the consultations register) --------------------------------

CONSULTATION_FIELDS = (
    Field(
        "topic",
        "咨询事项",
        kind="choice",
        choices=tuple(ConsultationTopic.choices),
    ),
    Field(
        "question",
        "您的问题",
        kind="textarea",
        max_length=300,
        help="请写明发生了什么、想问什么（不超过300字）；不要填写身份证号码等个人信息。",
    ),
    Field("name", "称呼", required=False, max_length=20, help="可不填，如“王女士”。"),
)


@transaction.atomic
def submit_consultation(*, actor: Any, data: Mapping[str, Any], org_unit: OrgUnit) -> Consultation:
    """网上法律咨询: one person-time of the consultations register, channel online, at the unit that
    answers, dated today. The register's own service writes only for staff who may record there,
    so the portal's row is written here with the same checks (the model's validation) and audit."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise WorkflowError("请先登录后再提交咨询。")
    if not (services.is_centre(org_unit) or org_unit.kind == OrgKind.JUSTICE_OFFICE):
        message = f"法律咨询由法律援助中心或司法所接待，不能由“{org_unit.name}”接待。"
        raise WorkflowError(message, {"site": message})
    row = Consultation(
        consulted_on=today(),
        channel=ConsultationChannel.ONLINE,
        org_unit=org_unit,
        topic=data["topic"],
        summary=data["question"],
        person_name=data.get("name") or "",
        enterprise_related=getattr(getattr(actor, "public_account", None), "kind", "") == "enterprise",
    )
    try:
        row.full_clean(exclude=["handler"])
    except Exception as exc:  # ValidationError: the fields by name, in Chinese
        errors = {
            {"summary": "question", "person_name": "name"}.get(k, k): "；".join(v)
            for k, v in getattr(exc, "message_dict", {"": [str(exc)]}).items()
        }
        raise WorkflowError("请更正标出的内容。", errors) from exc
    row._history_user = actor  # type: ignore[attr-defined]
    row.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=row, detail={"register": "consultations", "portal": True}
    )
    return row


CONSULTATION = register(
    Matter(
        key="consultation",
        label="网上法律咨询",
        summary="遇到法律问题，先问一问：法律援助中心或您选择的司法所会尽快答复。",
        fields=CONSULTATION_FIELDS,
        route=route_consultation,
        submit=submit_consultation,
        uploads=False,
        order=10,
    )
)
