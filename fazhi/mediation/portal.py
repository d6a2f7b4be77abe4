"""人民调解's public matter (可网上办理的事项): 人民调解申请 — a party applies to a people's mediation
committee (人民调解法 art. 17). Declared for the portal (fazhi.cases.submittable) and imported by
`kind.py` so it registers at start; this module never imports the portal.

Routing by the org tree: the committee of the applicant's 镇街 (the committee that is a child of
that 街道/镇 in the tree), or of the chosen site's unit (a 村社 room: its 村/社区's committee; the
district centre: the district's committee, found by its 职能); never by a code suffix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fazhi.cases.models import Case
from fazhi.cases.services import PartyInput, portal_submit
from fazhi.cases.submittable import Matter, register
from fazhi.cases.workflow import Field, WorkflowError
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind, UnitFunction
from fazhi.core.orgtree import unit_for
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_mobile
from fazhi.mediation import dispute_types
from fazhi.mediation.models import IntakeMode
from fazhi.mediation.models import MediationCase as M

KIND = "mediation"


def _committee_of(unit: OrgUnit) -> OrgUnit | None:
    """The people's mediation committee set up in `unit` (its child in the org tree), if any."""
    return (
        OrgUnit.objects.filter(parent=unit, kind=OrgKind.MEDIATION_COMMITTEE, is_active=True)
        .order_by("path")
        .first()
    )


def route(data: Mapping[str, Any], township: OrgUnit | None, site: Any) -> OrgUnit:
    """The committee of the chosen site's unit, else of the applicant's 镇街; a site of the district
    (the district centre) or a place without its own committee: the committee of its 镇街, then the
    district's committee (职能 区县人民调解委员会)."""
    if site is not None:
        anchor = site.org_unit
    elif township is not None:
        anchor = township
    else:
        message = "请选择您所在的镇街。"
        raise WorkflowError(message, {"township": message})
    for unit in (anchor, anchor.township()):
        if unit is not None:
            found = _committee_of(unit)
            if found is not None:
                return found
    try:
        return unit_for(anchor, UnitFunction.DISTRICT_MEDIATION)
    except OrgUnit.DoesNotExist as exc:
        raise WorkflowError(str(exc), {"township": str(exc)}) from None


FIELDS = (
    Field("name", "申请人姓名或单位名称", max_length=100),
    Field("phone", "手机号码", max_length=20, help="调解委员会通过这个号码与您联系。"),
    Field.of(M, "dispute_type", kind="choice", choices=dispute_types.CHOICES),  # type: ignore[arg-type]
    Field("title", "纠纷简要情况", kind="textarea", max_length=200, help="发生了什么纠纷、您希望怎样解决。"),
    Field("counterpart", "对方当事人", max_length=100, help="姓名或单位名称。"),
    Field("non_public", "希望不公开调解", kind="bool", required=False, help="人民调解法第二十三条。"),
)


def _applicant(actor: Any, data: Mapping[str, Any]) -> PartyInput:
    """The applicant: the person, or for an enterprise account its credit code with the name given."""
    try:
        phone = check_mobile(data.get("phone") or "")
    except LawValidationError as exc:
        raise WorkflowError("请更正标出的内容。", {"phone": exc.message}) from None
    account = getattr(actor, "public_account", None)
    if getattr(account, "kind", "") == "enterprise" and getattr(account, "uscc", ""):
        return PartyInput(role="applicant", legal_entity={"name": data["name"], "uscc": account.uscc})
    return PartyInput(role="applicant", person={"name": data["name"], "phone": phone})


def submit(*, actor: Any, data: Mapping[str, Any], org_unit: OrgUnit) -> Case:
    """人民调解申请 online: a mediation case at the committee, channel online, on the party's
    application (受理方式 当事人申请)."""
    account = getattr(actor, "public_account", None)
    return portal_submit(
        actor=actor,
        kind=KIND,
        org_unit=org_unit,
        title=data["title"],
        parties=[
            _applicant(actor, data),
            PartyInput(role="respondent", person={"name": data["counterpart"]}),
        ],
        detail={
            "dispute_type": data["dispute_type"],
            "intake_mode": IntakeMode.APPLICATION,
            "non_public": bool(data.get("non_public")),
        },
        enterprise_related=getattr(account, "kind", "") == "enterprise",
    )


MATTER = register(
    Matter(
        key="mediation",
        label="人民调解申请",
        summary="邻里、家庭、物业、消费等纠纷，可以申请人民调解委员会免费调解（人民调解法第十七条）。",
        fields=FIELDS,
        route=route,
        submit=submit,
        case_kind=KIND,
        # 人民调解法 art. 26: where there is no mediation, the parties are told of the other routes.
        refusals={
            "refused": "可以依法通过仲裁、行政、司法等途径维护自己的权利（《中华人民共和国人民调解法》第二十六条）。"
        },
        order=30,
    )
)
