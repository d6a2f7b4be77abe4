"""重大行政决策's writes: start a decision of a catalogue (`decision_create`), and the hook that
reads a legality review done on the platform into the decision (`on_legality`). Every step goes
through the engine (`fazhi.cases.services.case_transition`), whose guards apply the gate of
`fazhi.law.decisions`; the catalogue is a register (`fazhi.decisions.registers`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from fazhi.cases.models import Case, Deadline
from fazhi.cases.services import case_create, detail_update
from fazhi.cases.workflow import WorkflowError
from fazhi.core.calendar import current_calendar
from fazhi.core.lawconfig import law_config
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.decisions.models import DecisionCatalogue, MatterType
from fazhi.law import decisions as rules

KIND = "decision"
REVIEW_KIND = "legality"  # CONTRACT.md: the legality-review case kind (H2's line, never imported)
# The rule id of a decision draft's review period on the review case (CONTRACT.md).
REVIEW_RULE = "JC-26"
# 承办单位: a district department or the government office, or a street's own office.
UNDERTAKER_KINDS = (OrgKind.DEPARTMENT, OrgKind.SUBDISTRICT, OrgKind.TOWN, OrgKind.TOWNSHIP)
FLAGS = ("involves_expertise", "stability_risk", "market_activity", "hearing_held", "exploratory_reform")


@transaction.atomic
def decision_create(
    *,
    actor: Any,
    catalogue: DecisionCatalogue | None,
    org_unit: OrgUnit,
    title: str,
    matter_type: str,
    launched_on: date,
    involves_expertise: bool = False,
    stability_risk: bool = False,
    market_activity: bool = False,
    hearing_held: bool = False,
    exploratory_reform: bool = False,
    is_demo: bool = False,
    number: str = "",
    note: str = "",
) -> Case:
    """启动: a decision of `catalogue` with its 承办单位 (`org_unit`), its matter type and the flags
    that make 专家论证, 风险评估, 公平竞争审查 and 听证 mandatory. Raises WorkflowError (field →
    Chinese message) or CasePermissionError."""
    errors: dict[str, str] = {}
    if matter_type not in MatterType.values:
        errors["matter_type"] = "请选择事项类别。"
    if catalogue is not None and launched_on.year not in (catalogue.year - 1, catalogue.year):
        errors["received_on"] = f"启动日期（{launched_on.isoformat()}）与目录年度（{catalogue.year}年）不符。"
    if errors:
        raise WorkflowError("请更正标出的内容。", errors)
    return case_create(
        actor=actor,
        kind=KIND,
        org_unit=org_unit,
        received_on=launched_on,
        title=title,
        channel="initiative",
        detail={
            "catalogue": catalogue,
            "matter_type": matter_type,
            "involves_expertise": involves_expertise,
            "stability_risk": stability_risk,
            "market_activity": market_activity,
            "hearing_held": hearing_held,
            "exploratory_reform": exploratory_reform,
        },
        is_demo=is_demo,
        number=number,
        note=note,
    )


def decision_number(case: Case) -> str:
    """The platform's own number of a decision (no national scheme; internal format, like the
    mediation line's): JC-<year>-<seq>, counted per year of its catalogue (else of its start)."""
    from fazhi.core.numbering import allocate

    detail = case.detail
    year = detail.catalogue.year if detail is not None and detail.catalogue_id else case.received_on.year
    return f"JC-{year}-{allocate('case:decision', year):02d}"


def review_case_for(case: Case, number: str) -> Case:
    """The legality-review case numbered `number` in the decision's district (CONTRACT.md: kind
    "legality"). The 承办单位 may not see the review centre's cases, so it is found by number, not
    through the actor's scope; only its dates and opinion are read."""
    district_path = "/" + case.org_path.strip("/").split("/")[0] + "/"
    found = (
        Case.objects.filter(kind=REVIEW_KIND, number=number.strip(), org_path__startswith=district_path)
        .order_by("pk")
        .first()
    )
    if found is None:
        message = f"找不到编号为“{number}”的合法性审查案件。"
        raise WorkflowError(message, {"review_case_number": message})
    return found


def on_legality(*, case: Case, transition: Any, data: dict[str, Any], actor: Any, on: date) -> None:
    """A review done on the platform: its submission date and the date allowed (its JC-26
    Deadline row: trigger_on, due), the day the opinion was given (done_on) and the opinion
    (its outcome) are recorded on the decision; a review without an opinion yet is refused."""
    number = data.get("review_case_number")
    if not number:
        return
    review = review_case_for(case, number)
    if not review.outcome:
        message = f"合法性审查案件{review.number}尚未出具审查意见。"
        raise WorkflowError(message, {"review_case_number": message})
    period = Deadline.objects.filter(case=review, rule_id=REVIEW_RULE).order_by("pk").first()
    detail_update(
        case,
        {
            "review_case": review,
            "review_submitted_on": period.trigger_on if period else review.received_on,
            "review_allowed_until": period.due if period else None,
            "review_done_on": (period.done_on if period and period.done_on else None) or on,
            "review_outcome": review.outcome,
        },
    )


def on_decide(*, case: Case, transition: Any, data: dict[str, Any], actor: Any, on: date) -> None:
    """集体讨论决定: the workflow's guard applied the gate on the process's calendar; here it is
    applied again on this deployment's current one (the administrators' holiday years, which
    another process may have just changed — core.calendar), so a review period counted on a stale
    calendar cannot pass. Raises WorkflowError: the step is rolled back."""
    missing = rules.missing_steps(case.detail.facts(), calendar=current_calendar(), config=law_config())
    if missing:
        message = "尚不能提交集体讨论决定：" + "".join(str(m) for m in missing)
        raise WorkflowError(message, {"": message})


ON_TRANSITION = {"legality": on_legality, "decide": on_decide}


# --- 台账 import --------------------------------------------------------------------------------


def catalogue_of(actor: Any, org_unit: OrgUnit, year: int | None) -> DecisionCatalogue | None:
    """The catalogue of `year` of the decision body over `org_unit` (its district's), or None."""
    if not year:
        return None
    district = "/" + org_unit.path.strip("/").split("/")[0] + "/"
    found = (
        DecisionCatalogue.objects.filter(year=year, org_unit__path__startswith=district)
        .order_by("pk")
        .first()
    )
    if found is None:
        raise WorkflowError(
            f"没有{year}年度的重大行政决策事项目录。",
            {"catalogue_year": f"没有{year}年度的重大行政决策事项目录，请先登记目录。"},
        )
    return found


def _unit(text: str) -> OrgUnit:
    unit = (
        OrgUnit.objects.filter(code=text).first()
        or OrgUnit.objects.filter(name=text).order_by("path").first()
    )
    if unit is None:
        raise WorkflowError(
            f"找不到承办单位“{text}”。", {"unit": f"找不到承办单位“{text}”（请填写单位名称或代码）。"}
        )
    return unit


def decision_import_row(*, actor: Any, row: Any, is_demo: bool = False) -> Case:
    """One 台账 row → a decision of its year's catalogue, started (启动) with its flags."""
    unit = _unit(row["unit"])
    return decision_create(
        actor=actor,
        catalogue=catalogue_of(actor, unit, row.get("catalogue_year")),
        org_unit=unit,
        title=row["title"],
        matter_type=row["matter_type"],
        launched_on=row["received_on"],
        is_demo=is_demo,
        number=(row.get("number") or "").strip(),
        **{flag: bool(row.get(flag)) for flag in FLAGS},
    )
