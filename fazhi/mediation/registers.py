"""人民调解's registers (登记簿): the mediators on each committee's roster and the mediation
organisations (people's mediation committees, administrative mediation organisations). Discovered
by fazhi.registers; fields come from the models."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.core.roles import Area, Role
from fazhi.mediation.models import MediationOrganisation, Mediator
from fazhi.registers.declarations import Register, Retire, RField, register
from fazhi.registers.services import today

# Rosters are kept by the 司法所 (and the bureau); a mediator sees the committee's roster.
EDITORS = (Role.JUSTICE_OFFICE_STAFF, Role.ADMIN)


def committees() -> Any:
    return OrgUnit.objects.filter(kind=OrgKind.MEDIATION_COMMITTEE, is_active=True).order_by("path")


def organisation_units() -> Any:
    """A committee is its own unit; an administrative or industry organisation belongs to the
    department that set it up."""
    return OrgUnit.objects.filter(
        Q(kind=OrgKind.MEDIATION_COMMITTEE) | Q(kind=OrgKind.DEPARTMENT), is_active=True
    ).order_by("path")


def check_mediator(m: Mediator, actor: Any, errors: dict[str, str]) -> None:
    if m.joined_on and m.joined_on > today():
        errors["joined_on"] = "聘任日期不能晚于今天。"


def check_organisation(o: MediationOrganisation, actor: Any, errors: dict[str, str]) -> None:
    if o.established_on and o.established_on > today():
        errors["established_on"] = "成立日期不能晚于今天。"


MEDIATORS = register(
    Register(
        key="mediators",
        label="人民调解员",
        item_label="调解员",
        model=Mediator,
        area=Area.MEDIATION,
        editors=EDITORS,
        fields=(
            "name",
            RField("committee", label="人民调解委员会"),
            "full_time",
            "joined_on",
            RField("phone", pii="phone"),
            RField("user", label="平台账号（用户名，可不填）"),
        ),
        columns=("name", "committee", "full_time", "joined_on", "phone"),
        filters=("full_time",),
        date_field="joined_on",
        search=("name",),
        natural_key=("committee", "name"),
        unit_field="committee",
        units=committees,
        retire=Retire(
            date_field="left_on",
            label="离任",
            confirm="确定{obj}从人民调解委员会离任吗？离任后不再计入在册调解员。",
            active_label="在任",
            retired_label="已离任",
        ),
        clean=check_mediator,
        queryset=lambda qs: qs.select_related("committee"),
        intro="各人民调解委员会的调解员名册；专职调解员计入“专职人民调解员”指标（期末在册）。",
        menu_order=21,
    )
)

ORGANISATIONS = register(
    Register(
        key="mediation_orgs",
        label="调解组织",
        item_label="调解组织",
        model=MediationOrganisation,
        area=Area.MEDIATION,
        editors=EDITORS,
        fields=("name", "kind", "org_unit", "established_on"),
        columns=("name", "kind", "org_unit", "established_on"),
        filters=("kind",),
        date_field="established_on",
        search=("name",),
        natural_key=("name",),
        units=organisation_units,
        retire=Retire(
            date_field="dissolved_on",
            label="撤销",
            confirm="确定撤销“{obj}”吗？",
            active_label="存续",
            retired_label="已撤销",
        ),
        clean=check_organisation,
        queryset=lambda qs: qs.select_related("org_unit"),
        menu_order=22,
    )
)
