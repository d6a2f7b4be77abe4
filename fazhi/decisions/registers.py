"""重大行政决策事项目录 as a register: the decision body's list of the year's major decisions,
approved by the same-level 党委 and published (条例第三条第三款). Its items are the decision cases
(`DecisionCase.catalogue`). Discovered by fazhi.registers; fields come from the model."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import UnitFunction
from fazhi.core.roles import Area, Role
from fazhi.decisions.models import DecisionCatalogue
from fazhi.registers.declarations import Column, Register, register
from fazhi.registers.services import today


def decision_bodies() -> Any:
    """The 决策机关: each district's 人民政府 (职能 government in the org tree)."""
    return OrgUnit.objects.filter(function=UnitFunction.GOVERNMENT, is_active=True).order_by("path")


def check_catalogue(obj: DecisionCatalogue, actor: Any, errors: dict[str, str]) -> None:
    """The catalogue is approved by the 党委 before it is published, and neither lies ahead."""
    for name in ("approved_on", "published_on"):
        day = getattr(obj, name)
        if day and day > today():
            errors[name] = f"{obj._meta.get_field(name).verbose_name}不能晚于今天。"
    if obj.published_on and not obj.approved_on:
        errors["approved_on"] = (
            "目录须经同级党委同意后公布（《重大行政决策程序暂行条例》第三条第三款），请填写党委批准日期。"
        )
    elif obj.published_on and obj.approved_on and obj.published_on < obj.approved_on:
        errors["published_on"] = "公布日期不能早于党委批准日期。"
    if obj.year and not 2000 <= obj.year <= today().year + 1:
        errors["year"] = f"年度应在2000年至{today().year + 1}年之间。"
    elif (
        obj.year
        and obj.org_unit_id
        and DecisionCatalogue.objects.filter(org_unit_id=obj.org_unit_id, year=obj.year)
        .exclude(pk=obj.pk)
        .exists()
    ):
        errors["year"] = f"{obj.org_unit.name}{obj.year}年度的决策事项目录已登记；目录调整请修改该目录。"


CATALOGUES = register(
    Register(
        key="decision_catalogues",
        label="重大行政决策事项目录",
        item_label="目录",
        model=DecisionCatalogue,
        area=Area.LEGALITY,
        fields=(
            "org_unit",
            "year",
            "title",
            "approved_by",
            "approved_on",
            "published_on",
            "document_number",
            "note",
        ),
        columns=(
            "year",
            "title",
            "org_unit",
            "approved_on",
            "published_on",
            Column("item_count", "决策事项", lambda c: getattr(c, "item_count", None)),
        ),
        date_field="published_on",
        search=("title", "document_number"),
        natural_key=("org_unit", "year"),
        units=decision_bodies,
        editors=(Role.LEGALITY_REVIEWER, Role.ADMIN),
        clean=check_catalogue,
        queryset=lambda qs: qs.annotate(item_count=Count("items")),
        intro="决策机关根据本条例确定决策事项目录、标准，经同级党委同意后向社会公布，并根据实际情况调整（《重大行政决策程序暂行条例》第三条第三款）。",
        menu_order=61,
    )
)
