"""人民调解 services: case numbers and the ledger row → case mapping. What each step records on
the detail row is declared on the workflow; all changes go through fazhi.cases.services."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from fazhi.cases.bulk import SERVICES, CaseEngine
from fazhi.cases.services import PartyInput
from fazhi.cases.workflow import WorkflowError
from fazhi.core.districts import UnitNameError, actor_districts, resolve_unit_name
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.core.numbering import allocate, next_mediation_number
from fazhi.law.numbering import format_mediation_number


def mediation_number(case) -> str:
    """{committee code}-{year}-{seq}: no national numbering scheme exists (DOMAIN.md §5.2)."""
    return next_mediation_number(case.org_unit.code, case.received_on.year)


def mediation_numbers(cases: list) -> None:
    """`mediation_number` for many cases of a bulk import: one sequence lock per committee and
    year (in a fixed order, so concurrent imports queue instead of deadlocking), numbers in row order."""
    groups: dict[tuple[str, int], list] = defaultdict(list)
    for case in cases:
        groups[(case.org_unit.code, case.received_on.year)].append(case)
    for (code, year), group in sorted(groups.items()):
        first = allocate(f"mediation:{code}", year, len(group))
        for i, case in enumerate(group):
            case.number = format_mediation_number(code, year, first + i)


def committee_for(actor: Any, value: str) -> OrgUnit:
    """The 人民调解委员会 a ledger row names, within the importing actor's districts, resolved as in
    every line (`fazhi.core.districts.resolve_unit_name`: an unknown name suggests the closest)."""
    try:
        return resolve_unit_name(
            actor_districts(actor), value, (OrgKind.MEDIATION_COMMITTEE,), what="人民调解委员会"
        )
    except UnitNameError as exc:
        raise WorkflowError(exc.message, {"committee": exc.message}) from None


RESULT_TRANSITIONS = {
    "agreement": "agree",
    "failed": "terminate",
    "stopped": "party_stop",
    "refused": "refuse",
}


def mediation_import_row(*, actor, row: dict[str, Any], is_demo: bool = False, engine: CaseEngine = SERVICES):
    """One 台账 row → a case and the steps its row records, each through the engine (the services,
    or the bulk importer's planner: `Ledger.plan`)."""
    committee = engine.cached(committee_for, actor, row["committee"])
    applicant = PartyInput(
        role="applicant",
        person={
            "name": row["applicant"],
            "id_number": row.get("applicant_id_number") or "",
            "phone": row.get("applicant_phone") or "",
        },
    )
    parties = [applicant]
    if row.get("counterpart"):
        parties.append(PartyInput(role="respondent", person={"name": row["counterpart"]}))
    case = engine.create(
        actor=actor,
        kind="mediation",
        org_unit=committee,
        received_on=row["received_on"],
        title=row["title"],
        number=row.get("number") or "",
        parties=parties,
        enterprise_related=bool(row.get("enterprise_related")),
        detail={
            "dispute_type": row["dispute_type"],
            "intake_mode": row.get("intake_mode") or "application",
            "amount_involved": row.get("amount_involved"),
        },
        is_demo=is_demo,
    )
    result = row.get("result")
    accepted_on: date | None = row.get("accepted_on")
    if result == "refused":
        return engine.transition(
            actor=actor,
            case=case,
            name="refuse",
            data={"reason": "台账导入：当事人拒绝调解"},
            on=row.get("closed_on") or row["received_on"],
        )
    if accepted_on or result:
        case = engine.transition(
            actor=actor, case=case, name="accept", data={}, on=accepted_on or row["received_on"]
        )
    if result:
        closed_on = row.get("closed_on")
        if closed_on is None:
            raise WorkflowError(
                "已有调解结果的，请填写办结日期。", {"closed_on": "已有调解结果的，请填写办结日期"}
            )
        data: dict[str, Any] = {"reason": "台账导入", "content": "台账导入", "routes": ["litigation"]}
        data["agreement_form"] = row.get("agreement_form") or "written"
        case = engine.transition(
            actor=actor, case=case, name=RESULT_TRANSITIONS[result], data=data, on=closed_on
        )
    return case
