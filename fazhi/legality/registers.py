"""合法性审查's registers (登记簿): 法治审查员, reviewer trainings, the expert pool and the 专报 —
kept, counted and reported, with no workflow. Discovered by fazhi.registers; fields come from the
models. Reviewers and trainings are edited by the reviewing units (legality reviewers), not by the
departments that submit drafts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import TOWNSHIP_KINDS, OrgKind
from fazhi.core.roles import Area, Role
from fazhi.legality.models import LegalityBulletin, LegalityExpert, LegalityReviewer, LegalityTraining
from fazhi.registers.declarations import Column, Register, Retire, register
from fazhi.registers.services import today

EDITORS = (Role.LEGALITY_REVIEWER, Role.ADMIN)
REVIEWER_UNIT_KINDS = (OrgKind.OFFICE, OrgKind.DEPARTMENT, *TOWNSHIP_KINDS)


def reviewer_units() -> Any:
    """Where reviewers work: the district centre and the bureau's offices, departments, 镇街."""
    return OrgUnit.objects.filter(kind__in=REVIEWER_UNIT_KINDS, is_active=True).order_by("path")


def office_units() -> Any:
    return OrgUnit.objects.filter(kind__in=(OrgKind.OFFICE, OrgKind.BUREAU), is_active=True).order_by("path")


def _not_future(name: str) -> Any:
    def check(obj: Any, actor: Any, errors: dict[str, str]) -> None:
        day = getattr(obj, name)
        if day and day > today():
            errors[name] = f"{obj._meta.get_field(name).verbose_name}不能晚于今天。"

    return check


def _check_training(obj: LegalityTraining, actor: Any, errors: dict[str, str]) -> None:
    _not_future("held_on")(obj, actor, errors)
    if obj.attendance is not None and obj.attendance < 1:
        errors["attendance"] = "参训人次应为正整数。"


REVIEWERS = register(
    Register(
        key="legality_reviewers",
        label="法治审查员",
        item_label="审查员",
        model=LegalityReviewer,
        area=Area.LEGALITY,
        fields=("name", "org_unit", "qualification", "position", "appointed_on"),
        columns=("name", "org_unit", "qualification", "position", "appointed_on"),
        filters=("org_unit", "qualification"),
        date_field="appointed_on",
        search=("name", "position"),
        natural_key=("name", "org_unit"),
        units=reviewer_units,
        editors=EDITORS,
        retire=Retire(date_field="left_on", flag_field="active", label="退出审查员队伍"),
        clean=_not_future("appointed_on"),
        intro="区合法性审查中心、各镇街和部门的法治审查员；每个镇（街道）至少配备1名具有法学学历或法律职业资格的审查员（指标 legality.street_reviewer_coverage）。",
        menu_order=51,
    )
)

TRAININGS = register(
    Register(
        key="legality_trainings",
        label="审查员培训",
        item_label="培训",
        model=LegalityTraining,
        area=Area.LEGALITY,
        fields=("held_on", "title", "org_unit", "attendance", "note"),
        columns=("held_on", "title", "org_unit", "attendance"),
        date_field="held_on",
        search=("title",),
        natural_key=("held_on", "title"),
        units=office_units,
        editors=EDITORS,
        clean=_check_training,
        menu_order=52,
    )
)

EXPERTS = register(
    Register(
        key="legality_experts",
        label="合法性审查专家库",
        item_label="专家",
        model=LegalityExpert,
        area=Area.LEGALITY,
        fields=("name", "kind", "employer", "speciality", "org_unit", "joined_on"),
        columns=("name", "kind", "employer", "speciality", "joined_on"),
        filters=("kind",),
        date_field="joined_on",
        search=("name", "employer", "speciality"),
        natural_key=("name", "employer"),
        units=office_units,
        editors=EDITORS,
        retire=Retire(
            date_field="left_on",
            flag_field="active",
            label="移出专家库",
            active_label="在库",
            retired_label="已出库",
        ),
        clean=_not_future("joined_on"),
        menu_order=53,
    )
)

BULLETINS = register(
    Register(
        key="legality_bulletins",
        label="合法性审查专报",
        item_label="专报",
        model=LegalityBulletin,
        area=Area.LEGALITY,
        fields=("issue", "title", "issued_on", "org_unit", "summary"),
        columns=(
            "issue",
            "title",
            "issued_on",
            Column("cited", "引用审查事项", lambda b: getattr(b, "cited", None)),
        ),
        date_field="issued_on",
        search=("issue", "title"),
        natural_key=("org_unit", "issue"),
        units=office_units,
        editors=EDITORS,
        clean=_not_future("issued_on"),
        queryset=lambda qs: qs.annotate(cited=Count("reviews")),
        intro="专报汇总分析审查中发现的问题，引用所汇总的审查事项（在审查事项办结后由审查中心关联）。",
        menu_order=54,
    )
)
