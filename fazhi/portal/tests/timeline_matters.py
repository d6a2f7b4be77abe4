"""Test-only submittable matters (the lines declare the real ones in their `portal.py`): legal aid,
mediation and reconsideration as cases, an online consultation as a register row — with the
补正 states, the answering step and the refusals' rights of objection declared as a line would.

`declare(monkeypatch, prefix)` registers them under `prefix + key` for one test (the demo's test
uses the real keys "legal_aid" …), and lets the legal-aid and reconsideration kinds take portal
submissions for that test."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from fazhi.cases import registry, submittable
from fazhi.cases.services import PartyInput, portal_submit, today
from fazhi.cases.submittable import Matter
from fazhi.cases.workflow import Field
from fazhi.core.models import OrgUnit

RECONSIDERATION_RIGHTS = "如不服，可以自收到不予受理决定书之日起十五日内，依法向人民法院提起行政诉讼（《中华人民共和国行政复议法》第三十四条）。"
LEGAL_AID_RIGHTS = (
    "如有异议，可以向设立法律援助机构的司法行政部门提出（《中华人民共和国法律援助法》第四十九条）。"
)
NAME = Field("name", "姓名", max_length=50)
SUMMARY = Field("summary", "事由", kind="textarea", max_length=500)


def _applicant(actor: Any, data: dict) -> PartyInput:
    return PartyInput(role="applicant", person={"name": data.get("name") or "张群众", "phone": "19900001234"})


def _unit(code: str):
    return lambda data, township, site: OrgUnit.objects.get(code=code)


def _legal_aid(*, actor, data, org_unit):
    return portal_submit(
        actor=actor,
        kind="legal_aid",
        org_unit=org_unit,
        title=data.get("summary") or "追索劳动报酬",
        parties=[_applicant(actor, data), PartyInput(role="respondent", person={"name": "李对方"})],
        detail={
            "matter_type": "civil",
            "matter": "LABOUR_PAY",
            "household_size": 3,
            "monthly_income_per_head": "1500",
        },
    )


def _mediation(*, actor, data, org_unit):
    return portal_submit(
        actor=actor,
        kind="mediation",
        org_unit=org_unit,
        title=data.get("summary") or "邻里漏水纠纷",
        detail={"dispute_type": "neighbour"},
        parties=[_applicant(actor, data)],
    )


def _reconsideration(*, actor, data, org_unit):
    agency = OrgUnit.objects.get(code="330106-SCJG")
    day = today()
    return portal_submit(
        actor=actor,
        kind="reconsideration",
        org_unit=org_unit,
        title=f"不服{agency.name}行政处罚决定",
        parties=[_applicant(actor, data), PartyInput(role="respondent", org_unit=agency)],
        detail={
            "act_description": data.get("summary") or "西市监罚〔2026〕12号行政处罚决定",
            "act_category": "penalty",
            "service_mode": "DIRECT",
            "service_date": day - timedelta(days=5),
            "act_date": day - timedelta(days=6),
            "respondent_agency": agency,
        },
    )


def _consultation(*, actor, data, org_unit):
    from fazhi.legal_aid.models import Consultation

    return Consultation.objects.create(
        consulted_on=today(),
        channel="online",
        org_unit=org_unit,
        topic="labour",
        summary=data.get("summary", ""),
    )


MATTERS = (
    Matter(
        "legal_aid",
        "法律援助申请",
        "经济困难的可以申请免费法律援助",
        (NAME, SUMMARY),
        _unit("330106-FYZX"),
        _legal_aid,
        case_kind="legal_aid",
        waiting_states={"awaiting_materials": "需补充材料"},
        answer_transition="supply_materials",
        refusals={"refused": LEGAL_AID_RIGHTS},
    ),
    Matter(
        "mediation",
        "人民调解申请",
        "邻里、家庭等纠纷的调解",
        (NAME, SUMMARY),
        _unit("330106002-TWH"),
        _mediation,
        case_kind="mediation",
    ),
    Matter(
        "reconsideration",
        "行政复议申请",
        "对行政行为不服的，可以申请行政复议",
        (NAME, SUMMARY),
        _unit("330106-FYJ"),
        _reconsideration,
        case_kind="reconsideration",
        waiting_states={"correction": "需补充材料"},
        answer_transition="receive_supplement",
        refusals={"not_accepted": RECONSIDERATION_RIGHTS},
    ),
    Matter(
        "consultation",
        "网上法律咨询",
        "在线提出法律问题",
        (NAME, SUMMARY),
        _unit("330106-FYZX"),
        _consultation,
    ),
)


def declare(monkeypatch, prefix: str = "t_") -> dict[str, Matter]:
    """Register the test matters (keys prefixed) and open the kinds they make to the portal."""
    for kind in ("legal_aid", "reconsideration"):
        monkeypatch.setitem(registry._KINDS, kind, replace(registry.get(kind), portal=True))
    out = {}
    for m in MATTERS:
        matter = replace(m, key=prefix + m.key)
        monkeypatch.setitem(submittable._MATTERS, matter.key, matter)
        out[m.key] = matter
    return out
